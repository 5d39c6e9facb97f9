# A build with nothing changed (publish/stamp.h): the second build of the
# same inputs says so, writes nothing and leaves every file as it was; a
# changed content value, template, SOURCE_DATE_EPOCH or program renders
# again; a file missing from the output renders again; reverting a change
# gives the first output back byte for byte; the warnings of the checks
# are printed again when nothing changed; a build with errors leaves the
# output and its stamp as they were; the folder a killed build left beside
# the output is removed by the next build.
. "$TOP/tests/e2e/lib.sh"

rm -rf "$TMPD/content" "$TMPD/templates" "$TMPD/out"
cp -R "$TOP/content" "$TMPD/content" || fatal "cannot copy content/"
cp -R "$TOP/templates" "$TMPD/templates" || fatal "cannot copy templates/"
out=$TMPD/out
unset SOURCE_DATE_EPOCH

build() {	# build [GONGSHI]: one build of the copies into $out
	expect_exit 0 "${1:-$GONGSHI}" build --content "$TMPD/content" \
	    --templates "$TMPD/templates" --output "$out"
}

# said WORD: the summary line says WORD ("wrote" or "nothing changed").
said() {
	if grep -q "^gongshi: $1" "$OUT"; then
		pass "summary says '$1'"
	else
		fail "summary says '$1': $(cat "$OUT")"
	fi
}

# listing FILE: every output file with its size, time and inode, and a
# checksum of its bytes: what "left as it was" means.
listing() {
	(cd "$out" && find . -type f ! -path './.gongshi-*' \
	    -printf '%p %s %T@ %i\n' |
	    LC_ALL=C sort) >"$1"
	(cd "$out" && find . -type f ! -path './.gongshi-*' \
	    -exec cksum {} + | LC_ALL=C sort) >>"$1"
}

same_bytes() {	# same_bytes NAME DIR: DIR holds the bytes of $TMPD/first
	if diff -r -x '.gongshi-*' "$TMPD/first" "$2" \
	    >"$TMPD/diff" 2>&1; then
		pass "$1"
	else
		fail "$1"
		_lib_show "$TMPD/diff"
	fi
}

# ---- twice the same ----
# files: the "(N files)" of the summary line.
files() {
	grep -o '([0-9]* files)' "$OUT"
}

build
said wrote
assert_file "$out/.gongshi-inputs"
counts=$(files)
rm -rf "$TMPD/first"
cp -R "$out" "$TMPD/first"
listing "$TMPD/before"
build
said "nothing changed"
assert_eq "the same count of files" "$counts" "$(files)"
assert_eq "nothing on stderr when nothing changed" "" "$(cat "$ERR")"
listing "$TMPD/after"
if cmp -s "$TMPD/before" "$TMPD/after"; then
	pass "nothing changed: every file left as it was"
else
	fail "nothing changed: every file left as it was"
	diff "$TMPD/before" "$TMPD/after" | sed -n '1,10s/^/	| /p'
fi

# ---- a content value ----
orgs=$TMPD/content/2025/organizations.csv
cp "$orgs" "$TMPD/orgs.csv"
sed -i 's/昆仑示范新材料股份有限公司/昆仑示范新材料集团股份有限公司/' "$orgs"
cmp -s "$orgs" "$TMPD/orgs.csv" && fatal "the edit did not change the content"
# Date two files back, so that "kept its modification time" can be seen
# within the same second: a sync to the web server sends only what changed.
touch -d 2020-01-01T00:00:00 "$out/site/2023/call.html" \
    "$out/site/2025/acceptance.html"
build
said wrote
assert_contains "$out/site/2025/acceptance.md" "昆仑示范新材料集团股份有限公司"
assert_eq "an unchanged page keeps its modification time" 2020 \
    "$(date -r "$out/site/2023/call.html" +%Y)"
if [ "$(date -r "$out/site/2025/acceptance.html" +%Y)" = 2020 ]; then
	fail "a changed page gets a new modification time"
else
	pass "a changed page gets a new modification time"
fi
build
said "nothing changed"
cp "$TMPD/orgs.csv" "$orgs"
build
said wrote
assert_not_contains "$out/site/2025/acceptance.md" "昆仑示范新材料集团股份有限公司"
same_bytes "the change reverted: the first output again" "$out"

# ---- a template, SOURCE_DATE_EPOCH, the program ----
css=$TMPD/templates/assets/style.css
cp "$css" "$TMPD/style.css"
echo '/* changed */' >>"$css"
build
said wrote
assert_contains "$out/site/assets/style.css" "/* changed */"
cp "$TMPD/style.css" "$css"
build
said wrote
SOURCE_DATE_EPOCH=1700000000 build
said wrote
SOURCE_DATE_EPOCH=1700000000 build
said "nothing changed"
build
said wrote
same_bytes "back to the first inputs: the first output" "$out"
if [ -x "$GONGSHI_SAN" ]; then
	build "$GONGSHI_SAN"
	said wrote
	build "$GONGSHI_SAN"
	said "nothing changed"
	build
	said wrote
fi

# ---- the output damaged ----
rm "$out/site/2025/acceptance.html"
build
said wrote
assert_file "$out/site/2025/acceptance.html"
echo '<p>edited</p>' >>"$out/site/index.html"
build
said wrote
same_bytes "a damaged output is rendered again" "$out"

# ---- warnings are printed again ----
sanctions=$TMPD/content/sanctions.csv
cp "$sanctions" "$TMPD/sanctions.csv"
sed -i '1s/$/,remark/; 2,$s/$/,/' "$sanctions"
build
said wrote
assert_contains "$ERR" "unknown column 'remark'"
cp "$ERR" "$TMPD/warnings"
build
said "nothing changed"
if cmp -s "$ERR" "$TMPD/warnings"; then
	pass "nothing changed: the same warnings again"
else
	fail "nothing changed: the same warnings again"
	_lib_show "$ERR"
fi
cp "$TMPD/sanctions.csv" "$sanctions"
build
said wrote

# ---- a build with errors changes nothing, stamp included ----
listing "$TMPD/before"
cp "$TMPD/content/2025/cycle.yaml" "$TMPD/cycle.yaml"
sed -i 's/^edition: 7/edition: x/' "$TMPD/content/2025/cycle.yaml"
expect_exit 1 "$GONGSHI" build --content "$TMPD/content" \
    --templates "$TMPD/templates" --output "$out"
listing "$TMPD/after"
if cmp -s "$TMPD/before" "$TMPD/after"; then
	pass "a build with errors leaves the output as it was"
else
	fail "a build with errors leaves the output as it was"
fi
cp "$TMPD/cycle.yaml" "$TMPD/content/2025/cycle.yaml"
build
said "nothing changed"
same_bytes "after the errors are fixed: the same output" "$out"

# ---- what a killed build left beside the output goes ----
sh -c 'exit 0' &
dead=$!
wait "$dead"
mkdir -p "$TMPD/.out.new.$dead/site"
echo x >"$TMPD/.out.new.$dead/site/index.html"
echo '# edited' >>"$TMPD/content/site.yaml"	# so that the build publishes
build
said wrote
if [ -e "$TMPD/.out.new.$dead" ]; then
	fail "the folder of a killed build (.out.new.$dead) is removed"
else
	pass "the folder of a killed build (.out.new.$dead) is removed"
fi
