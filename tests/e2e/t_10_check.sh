# `gongshi check` on the sample content/: it is clean (DESIGN §2: no
# errors, no warnings), writes nothing, and gives the same answer from any
# working directory and through the sanitized build.
. "$TOP/tests/e2e/lib.sh"

for bin in "$GONGSHI" "$GONGSHI_SAN"; do
	expect_exit 0 "$bin" check --content "$TOP/content"
	if [ -s "$ERR" ]; then
		fail "check of the sample prints nothing on stderr"
		_lib_show "$ERR"
	else
		pass "check of the sample prints nothing on stderr"
	fi
done

# A copy of the sample, checked by a relative path and by the default
# folder (./content), and left exactly as it was: check writes nothing,
# not even output/.
cp -R "$TOP/content" "$TMPD/content"
(cd "$TMPD" && find content -type f -exec cksum {} + | sort) >"$TMPD/before"
expect_exit 0 env -C "$TMPD" "$GONGSHI" check --content content
assert_eq "relative --content: nothing on stderr" "" "$(cat "$ERR")"
expect_exit 0 env -C "$TMPD" "$GONGSHI" check
assert_eq "default ./content: nothing on stderr" "" "$(cat "$ERR")"
(cd "$TMPD" && find content -type f -exec cksum {} + | sort) >"$TMPD/after"
if cmp -s "$TMPD/before" "$TMPD/after"; then
	pass "check leaves the content as it was"
else
	fail "check leaves the content as it was"
fi
if [ -e "$TMPD/output" ]; then
	fail "check writes no output/"
else
	pass "check writes no output/"
fi

# check renders what build renders: a bad placeholder in a notice template,
# in an office's override, a broken certificate template, a broken page
# layout are errors of check as of build, with the same messages, and
# build then writes nothing.
tpl=$TMPD/templates
fresh_templates() {
	rm -rf "$tpl"
	cp -R "$TOP/templates" "$tpl"
}
fresh_templates
echo '{{no_such_value}}' >>"$tpl/notices/acceptance.md"
expect_exit 1 "$GONGSHI" check -c "$TOP/content" -t "$tpl"
assert_contains "$ERR" "notices/acceptance.md"
assert_contains "$ERR" "no_such_value"
agree_check_build "$TOP/content" --templates "$tpl"

fresh_templates
printf '<office:document' >"$tpl/certificate.fodt"
expect_exit 1 "$GONGSHI" check -c "$TOP/content" -t "$tpl"
assert_contains "$ERR" "certificate.fodt"
agree_check_build "$TOP/content" --templates "$tpl"

fresh_templates
for f in "$tpl"/layout/*; do
	echo '{{#unclosed}}' >>"$f"
	break
done
expect_exit 1 "$GONGSHI" check -c "$TOP/content" -t "$tpl"
agree_check_build "$TOP/content" --templates "$tpl"

cp -R "$TOP/content" "$TMPD/override"
for f in "$TMPD/override"/2025/notices/*.md; do
	echo '{{applicant.nmae}}' >>"$f"
	break
done
expect_exit 1 "$GONGSHI" check -c "$TMPD/override"
assert_contains "$ERR" "2025/notices/"
agree_check_build "$TMPD/override"
