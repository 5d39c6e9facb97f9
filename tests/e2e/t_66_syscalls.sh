# The system calls of writing a build (issue 14), counted with strace on
# the sample into a fresh output: each output file is one open for writing
# or one link (the site's ODTs, linked to the archive's), each folder of
# the output one mkdir, no file is removed before it is written, none of
# the output is read back (SHA256SUMS takes its digests as the files are
# written), no file asks where it really is (readlink, getcwd), and each
# file of the content is opened once, by the loader or, for the files it
# does not read, by the stamp. No time is measured: only counts.
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
stage="$TMPD/.out.new."

files=$(cd "$TMPD/out" && find . -type f ! -name .gongshi-inputs | wc -l)
dirs=$(cd "$TMPD/out" && find . -type d | wc -l)
[ "$files" -gt 100 ] || fail "the sample wrote only $files files"

# count PATTERN: the traced calls matching the extended regex PATTERN.
count() {
	grep -Ec "$1" "$trace"
}

writes=$(count "openat\\(AT_FDCWD[^,]*, \"$stage[0-9]+/[^\"]*\", O_WRONLY")
links=$(count "link\\(\"[^\"]*\", \"$stage[0-9]+/")
assert_eq "each of the $files output files written once or linked once" \
    "$files" "$((writes + links))"
assert_eq "each of the $dirs output folders made once" "$dirs" \
    "$(count "mkdir\\(\"$stage[0-9]+[/\"]")"
assert_eq "no file of the fresh output removed" 0 \
    "$(count "unlink(at)?\\([^\"]*\"$stage")"
assert_eq "no file of the output read back" 0 \
    "$(count "openat\\(AT_FDCWD[^,]*, \"$stage[0-9]+/[^\"]*\", O_RDONLY")"
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
