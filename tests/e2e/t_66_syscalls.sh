# The system calls of writing a build (issue 14), counted with strace on
# the sample. Into a fresh output: each output file is one open for
# writing or one link (the site's ODTs, linked to the archive's), each
# folder of the output one mkdir, no file is removed before it is written,
# none of the output is read back (SHA256SUMS takes its digests as the
# files are written), no file asks where it really is (readlink, getcwd),
# and each file of the content is opened once, by the loader or, for the
# files it does not read, by the stamp. A rebuild after one name changed,
# once the previous output is kept beside (publish/sibling.h), changes
# the disk in proportion to what it rendered, not to the output: no link
# per unchanged file, no tree removed, and each output file looked at
# (stat) at most once. No time is measured: only counts.
. "$TOP/tests/e2e/lib.sh"

if ! command -v strace >/dev/null 2>&1 ||
    ! strace -f -qq -o /dev/null true 2>/dev/null; then
	skip "strace cannot trace here"
	exit 0
fi
rm -rf "$TMPD/content" "$TMPD/out" "$TMPD/trace"
cp -R "$TOP/content" "$TMPD/content" || fatal "cannot copy content/"
export SOURCE_DATE_EPOCH=1700000000

expect_exit 0 strace -f -qq -y -o "$TMPD/trace" \
    -e trace=openat,openat2,mkdir,unlink,unlinkat,readlink,getcwd,link \
    "$GONGSHI" build --content "$TMPD/content" --templates "$TOP/templates" \
    --output "$TMPD/out" -q
trace=$TMPD/trace
# The new output is written beside the output, then swapped in.
stage="$TMPD/.out.previous"

# Every file but the stamp, which is written beside and renamed.
files=$(cd "$TMPD/out" && find . -type f ! -name .gongshi-inputs | wc -l)
dirs=$(cd "$TMPD/out" && find . -type d | wc -l)
[ "$files" -gt 100 ] || fail "the sample wrote only $files files"

# count PATTERN: the traced calls matching the extended regex PATTERN.
count() {
	grep -Ec "$1" "$trace"
}

writes=$(grep -E "openat\\(AT_FDCWD[^,]*, \"$stage/[^\"]*\", O_WRONLY" \
    "$trace" | grep -vc '\.gongshi-inputs\.tmp"')
# the registers kept (load/regcache.h): each made in their folder, open
kept=$(count "openat\\([0-9]+<$stage/\\.gongshi-registers>, \"[^\"]*\", O_WRONLY")
writes=$((writes + kept))
links=$(count "link\\(\"[^\"]*\", \"$stage/")
assert_eq "each of the $files output files written once or linked once" \
    "$files" "$((writes + links))"
assert_eq "each of the $dirs output folders made once" "$dirs" \
    "$(count "mkdir\\(\"$stage[/\"]")"
assert_eq "no file of the fresh output removed" 0 \
    "$(count "unlink(at)?\\([^\"]*\"$stage")"
assert_eq "no file of the output read back" 0 \
    "$(grep -E "openat\\(AT_FDCWD[^,]*, \"$stage/[^\"]*\", O_RDONLY" \
    "$trace" | grep -vc 'O_DIRECTORY')"
asks=$(count '^[0-9]+ +(readlink|getcwd)\(')
if [ "$asks" -lt 10 ]; then
	pass "no readlink or getcwd per file ($asks for $files files)"
else
	fail "readlink or getcwd per file: $asks for $files files"
fi

# Each content file, by the path its descriptor has (strace -y).
twice=
n=0
for f in $(cd "$TMPD/content" && find . -type f ! -name '.*' |
    sed 's|^\./||'); do
	n=$((n + 1))
	opened=$(grep -Fc "<$TMPD/content/$f>" "$trace")
	[ "$opened" = 1 ] || twice="$twice $f ($opened)"
done
if [ -z "$twice" ]; then
	pass "each of the $n content files opened once"
else
	fail "content files not opened once:$twice"
fi

# ---- a rebuild after one name changed ----
# The first rebuild keeps the output it replaces beside (.out.previous);
# the second is written into that one, changing only what differs.
orgs=$TMPD/content/2025/organizations.csv
sed -i '2s/有限/有限责任/' "$orgs"
expect_exit 0 "$GONGSHI" build --content "$TMPD/content" \
    --templates "$TOP/templates" --output "$TMPD/out" -q
sed -i '2s/有限责任/有限/' "$orgs"
expect_exit 0 strace -f -qq -o "$trace" \
    -e trace=link,linkat,unlink,unlinkat,rename,renameat,renameat2,mkdir,rmdir,openat,newfstatat,statx,stat,lstat \
    "$GONGSHI" build --content "$TMPD/content" --templates "$TOP/templates" \
    --output "$TMPD/out"
rendered=$(sed -n 's/^gongshi: only \([0-9]*\) of [0-9]* files had changed.*/\1/p' \
    "$OUT")
[ -n "$rendered" ] || fatal "the rebuild took nothing from the last build: $(cat "$OUT")"
changes=$(count '^[0-9]+ +(link|linkat|unlink|unlinkat|rename|renameat|renameat2|mkdir|rmdir)\(')
written=$(count "openat\\(AT_FDCWD, \"$stage/[^\"]*\", O_WRONLY")
# Per file rendered: at most its old copy removed and the new one written
# or linked, for this build's changes and the last one's; then gongshi's
# own files at the top (registers, folders, stamp) and the swap.
bound=$((4 * rendered + 12))
if [ $((changes + written)) -le "$bound" ]; then
	pass "one name changed: $changes links, removals and renames and $written files written, for $rendered files rendered of $files"
else
	fail "one name changed: $changes links, removals and renames and $written files written, more than $bound for $rendered files rendered of $files"
fi
links=$(count '^[0-9]+ +link(at)?\(')
if [ "$links" -le $((2 * rendered)) ]; then
	pass "one name changed: $links links, not one per unchanged file"
else
	fail "one name changed: $links links for $rendered files rendered"
fi
looked=$(grep -E '^[0-9]+ +(newfstatat|statx|stat|lstat)\(' "$trace" |
    grep -Ec "\"$TMPD/(out|\\.out\\.previous)/")
if [ "$looked" -le $((files + dirs)) ]; then
	pass "one name changed: $looked looks at the $files output files and $dirs folders"
else
	fail "one name changed: $looked looks at the $files output files and $dirs folders, more than one each"
fi

# ---- the changed files written over the previous output's own copies ----
# The copy beside now holds its own copy of every file that changed
# (publish.c, rewrite_own): one link each, two for an ODT and its twin;
# the name changed again, each is written over where it is, not removed
# and made again: the same inode in the new output. The files it shares
# with the output are never written through: t_67 kills a build at each
# of these writes and finds the output whole.
sed -i '2s/有限/有限责任/' "$orgs"
own=''
twins=0
links=$(cd "$stage" && find . -type f -printf '%i\n')
for f in $(cd "$stage" && find . -type f ! -path './.gongshi-*' |
    sed 's|^\./||'); do
	cmp -s "$stage/$f" "$TMPD/out/$f" && continue
	i=$(stat -c %i "$stage/$f")
	n=$(stat -c %h "$stage/$f")
	# all its links in the copy beside, none in the output
	[ "$(printf '%s\n' "$links" | grep -cx "$i")" = "$n" ] || continue
	[ "$n" = 2 ] && twins=$((twins + 1))
	own="$own $f:$i"
done
[ "$twins" -gt 0 ] || fail "the copy beside holds no own copy of a changed ODT and its twin"
[ -n "$own" ] || fatal "the copy beside holds no own copy of a changed file"
expect_exit 0 strace -f -qq -o "$trace" -e trace=unlink,unlinkat \
    "$GONGSHI" build --content "$TMPD/content" --templates "$TOP/templates" \
    --output "$TMPD/out" -q
kept=0
moved=''
for e in $own; do
	f=${e%:*}
	if [ "$(stat -c %i "$TMPD/out/$f" 2>/dev/null)" = "${e##*:}" ] &&
	    ! grep -Fq "\"$stage/$f\"" "$trace"; then
		kept=$((kept + 1))
	else
		moved="$moved $f"
	fi
done
assert_eq "the $kept changed files the copy beside had of its own written over in place" "" "$moved"
