# The index of the inputs (base/input.h, kept in the stamp): a rebuild
# reads only the inputs that changed, and sees every change a program can
# make. GONGSHI_TEST_INPUTS lists the files a build read. On the sample
# (copied, then left to age past the racy window): a build with nothing
# changed reads no file of the content; a register edited with its size
# and modification time put back (touch -r) is read, and only it, and the
# output is a clean build's; a file read within the racy window of its
# edit is read again by the next build, then no longer once it is old; a
# register replaced by another file of the same size and modification
# time (mv) is read; --reread reads every file; a damaged index is not
# trusted (every file read). The rebuilds run under ASan+UBSan.
. "$TOP/tests/e2e/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
C=$TMPD/content
O=$TMPD/out
LOG=$TMPD/reads
ORGS=$C/2025/organizations.csv
cp -R "$TOP/content" "$C" || fatal "cannot copy the sample"

# age: past the racy window (INPUT_RACY_SECONDS, 2 s) of every edit so far
age() {
	sleep 2.5
}

# build NAME [OPTION...]: a build of $C into $O under ASan, the files it
# read in $LOG
build() {
	_what=$1
	shift
	: >"$LOG"
	expect_exit 0 env GONGSHI_TEST_INPUTS="$LOG" "$GONGSHI_SAN" build \
	    -c "$C" -t "$TOP/templates" -o "$O" "$@"
	cp "$OUT" "$TMPD/said.$_what"
}

# reads: how many files of the content the last build read
reads() {
	grep -F " $C/" "$LOG" | sort -u | grep -c .
}

# registers: how many registers the last build read (the others it takes
# from .gongshi-registers; the YAML files and notices it parses each time)
registers() {
	grep -F " $C/" "$LOG" | grep -cE '/(organizations|decisions|objections)\.(csv|xlsx|ods)$'
}

# read_file NAME PATH: the last build read PATH
read_file() {
	if grep -qxF "read $2" "$LOG"; then
		pass "$1: read $(basename "$2")"
	else
		fail "$1: $(basename "$2") not read"
		_lib_show "$LOG"
	fi
}

# not_read NAME PATH: the last build did not read PATH
not_read() {
	if grep -qxF "read $2" "$LOG"; then
		fail "$1: $(basename "$2") read"
	else
		pass "$1: $(basename "$2") not read"
	fi
}

# same_as_clean NAME: $O is a clean build's of $C, byte for byte
same_as_clean() {
	rm -rf "$TMPD/clean"
	"$GONGSHI" build -c "$C" -t "$TOP/templates" -o "$TMPD/clean" \
	    >/dev/null 2>&1 || fail "$1: the clean build failed"
	check "$1: a clean build's output" diff -r -x '.gongshi-*' "$O" \
	    "$TMPD/clean"
}

# edit_in_place FROM TO: the name FROM becomes TO (as long) in $ORGS,
# its modification time put back
edit_in_place() {
	cp -p "$ORGS" "$TMPD/ref"
	sed -i "s/$1/$2/" "$ORGS"
	touch -r "$TMPD/ref" "$ORGS"
	assert_eq "the edit keeps the size and modification time" \
	    "$(stat -c '%s %y' "$TMPD/ref")" "$(stat -c '%s %y' "$ORGS")"
}

age
build first
all=$(reads)
[ "$all" -gt 10 ] && pass "the first build read the content ($all files)" ||
    fail "the first build read $all files of the content"
read_file first "$ORGS"

build again
assert_contains "$TMPD/said.again" "nothing changed"
assert_eq "nothing changed: no file of the content read" 0 "$(reads)"

# an edit that keeps size and modification time: the change time tells
edit_in_place '伊犁河谷示范' '伊犁河谷样板'
build edited
read_file "mtime put back" "$ORGS"
not_read "mtime put back" "$C/2025/decisions.csv"
not_read "mtime put back" "$C/2023/organizations.csv"
assert_eq "mtime put back: only the register edited read" 1 "$(registers)"
assert_contains "$O/site/2025/presentation.md" "伊犁河谷样板"
same_as_clean "mtime put back"

# read by the last build within 2 s of its edit: racy, read again
build racy
assert_contains "$TMPD/said.racy" "nothing changed"
read_file "racy" "$ORGS"
not_read "racy" "$C/2025/decisions.csv"
age
build "racy, once old"
age
build "old"
assert_eq "an old edit: no file of the content read" 0 "$(reads)"

# another file put in its place, with the same size and modification time
cp -p "$ORGS" "$TMPD/other"
sed -i 's/伊犁河谷样板/伊犁河谷典范/' "$TMPD/other"
touch -r "$ORGS" "$TMPD/other"
age
mv "$TMPD/other" "$ORGS"
build replaced
read_file "replaced" "$ORGS"
assert_eq "replaced: only the register replaced read" 1 "$(registers)"
assert_contains "$O/site/2025/presentation.md" "伊犁河谷典范"
same_as_clean "replaced"

# --reread: every file, though nothing changed
age
build reread --reread
assert_contains "$TMPD/said.reread" "nothing changed"
assert_eq "--reread: every file of the content read" "$all" "$(reads)"
build "after --reread"
assert_eq "after --reread: no file of the content read" 0 "$(reads)"

# a damaged index (an inode changed): not trusted, every file read
sed -i "s|^\([0-9]*\) [0-9]* \(.* $C/2025/decisions.csv\)$|\1 1 \2|" \
    "$O/.gongshi-inputs"
grep -qF " 1 " "$O/.gongshi-inputs" || fail "the index was not damaged"
build damaged
assert_eq "a damaged index: every file of the content read" "$all" "$(reads)"
same_as_clean "a damaged index"
build "after the damage"
assert_eq "after the damage: no file of the content read" 0 "$(reads)"
