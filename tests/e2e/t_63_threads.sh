# A build on one core writes the same bytes as a build on two, and the
# same again run after run (issue 14, item 3): the packages are made by two
# threads (src/publish/packages.c), a long list's content.xml deflated in
# pieces by both (src/format/deflate.c). A 2,500-applicant synthetic
# content (tests/bench/gen.c) has lists of 2,500 rows, deflated in five
# pieces (cut before rows 513, 1,025, 1,537 and 2,049); built pinned to one core
# (taskset -c 0) and three times on every core, every file is compared
# byte for byte (all but the stamp, which lists the files' times). The
# pieced packages are valid zips (every CRC checks), hold the whole list,
# are valid ODF 1.3 and open in LibreOffice.
. "$TOP/tests/e2e/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
if ! cc -O2 -o "$TMPD/gen" "$TOP/tests/bench/gen.c" 2>"$TMPD/gen.err"; then
	fatal "cannot compile tests/bench/gen.c: $(head -3 "$TMPD/gen.err")"
fi
"$TMPD/gen" 2500 1 "$TMPD/content" >/dev/null || fatal "gen failed"

build() {	# build OUT [PREFIX...]: one build of the content into OUT
	_o=$1
	shift
	expect_exit 0 "$@" "$GONGSHI" build --content "$TMPD/content" \
	    --templates "$TOP/templates" --output "$_o"
}

# listing OUT: every file below OUT but the stamp and the record of the
# folders (both name inodes and times), sorted
listing() {
	(cd "$1" && find . -type f ! -name .gongshi-inputs \
	    ! -name .gongshi-folders | LC_ALL=C sort)
}

# same OUT1 OUT2 WHAT: the same files, each with the same bytes
same() {
	if [ "$(listing "$1")" != "$(listing "$2")" ]; then
		fail "$3: not the same files"
		return
	fi
	_n=0
	_diff=''
	for f in $(listing "$1"); do
		_n=$((_n + 1))
		cmp -s "$1/$f" "$2/$f" || _diff="$_diff $f"
	done
	if [ -z "$_diff" ]; then
		pass "$3: all $_n files byte-identical"
	else
		fail "$3: files differ:$_diff"
	fi
}

if command -v taskset >/dev/null 2>&1; then
	build "$TMPD/one" taskset -c 0
else
	skip "no taskset: the one-core build runs on every core"
	build "$TMPD/one"
fi
build "$TMPD/two"
build "$TMPD/again"
build "$TMPD/third"
same "$TMPD/one" "$TMPD/two" "one core and two cores"
same "$TMPD/two" "$TMPD/again" "two cores, run after run"
same "$TMPD/two" "$TMPD/third" "two cores, a third run"

# The pieced packages: every entry's CRC checks; the whole list is there.
A=$TMPD/two/archive/2025
for f in recommendation acceptance; do
	check "$f.odt: every CRC checks (unzip -t)" unzip -tqq "$A/$f.odt"
	rows=$(unzip -p "$A/$f.odt" content.xml | grep -o '<table:table-row[ >]' |
	    wc -l)
	check "$f.odt: content.xml holds more than 2,048 rows ($rows): five pieces" \
	    test "$rows" -gt 2048
done
last=$(tail -1 "$TMPD/content/2025/organizations.csv" | cut -d, -f2)
check "the last applicant ($last) is in the recommendation list" \
    sh -c "unzip -p '$A/recommendation.odt' content.xml | grep -Fq '$last'"
odf_validate "$A/recommendation.odt" "$A/acceptance.odt"
odt_to_pdf "$A/recommendation.odt" "$TMPD/pdf"

# The checks fail (no calendar for 2025: every publicity of 2025 is an
# error of the checks, not of the load), sanitized build.
cp -R "$TOP/content" "$TMPD/bad"
rm "$TMPD/bad/calendar/2025.yaml"
mkdir "$TMPD/fresh"
expect_exit 1 "$GONGSHI_SAN" build --content "$TMPD/bad" \
    --templates "$TOP/templates" --output "$TMPD/fresh/out"
assert_contains "$ERR" "outside the working-day calendar"
left=$(cd "$TMPD/fresh" && find . -mindepth 1 -maxdepth 1 ! -name .out.lock |
    LC_ALL=C sort | tr '\n' ' ')
assert_eq "checks failed: nothing left of the new output ($left)" "" "$left"
# Over an output built twice (an edit between): its previous one kept
# beside, as recorded.
cp -R "$TOP/content" "$TMPD/good"
for i in 1 2; do
	expect_exit 0 "$GONGSHI_SAN" build --content "$TMPD/good" \
	    --templates "$TOP/templates" --output "$TMPD/fresh/out"
	echo '# edited' >>"$TMPD/good/site.yaml"
done
assert_file "$TMPD/fresh/.out.previous/.gongshi-inputs"
expect_exit 1 "$GONGSHI_SAN" build --content "$TMPD/bad" \
    --templates "$TOP/templates" --output "$TMPD/fresh/out"
assert_file "$TMPD/fresh/.out.previous/.gongshi-inputs"
assert_file "$TMPD/fresh/out/.gongshi-inputs"
