#!/bin/sh
# Safety of what is published, and of the output folder itself:
#  1. hostile names: an applicant named with HTML, Markdown and Mustache
#     syntax is shown as typed in HTML, Markdown (and the HTML cmark makes
#     of it) and ODT, and never becomes markup;
#  2. privacy: unique marker values in every private field (contacts,
#     phones, e-mails, a confidential industry, objectors' names and
#     addresses, objection notes) appear nowhere under site/ — ODT zips
#     included — but do reach the archive's letters where they belong;
#  3. atomicity: a build over broken content, and a build killed half-way,
#     leave the previous output byte for byte.
. "$TOP/tests/e2e/lib.sh"

C=$TMPD/content
cp -R "$TOP/content" "$C"

HOSTILE='<script>alert(1)</script> & *em* _u_ | [x](javascript:alert(1)) {{x}} <b>B</b>'
# The first applicant of 2025 (accepted, then awarded; its row holds no
# quoted field) takes the hostile name, markers in its contact fields, and
# an industry it marks confidential. Every other applicant's phone and
# e-mail get a marker too (sed: some rows quote fields holding commas).
awk -F, -v OFS=, -v name="$HOSTILE" 'NR == 2 { $2 = name; $6 = "PRIVINDUSTRY";
    $11 = "PRIVCONTACT"; $14 = "industry" } { print }' \
    "$C/2025/organizations.csv" >"$C/x" && mv "$C/x" "$C/2025/organizations.csv"
sed -i -e 's/1380000[0-9]*/PRIVPHONE&/' \
    -e 's/\([A-Za-z0-9._]*\)@example\.com/privmail.\1@example.com/' \
    "$C/2025/organizations.csv"
# Objectors' names, addresses and the notes (no field of objections.csv
# holds an ASCII comma).
awk -F, -v OFS=, 'NR > 1 { $5 = "PRIVOBJECTOR" NR; $6 = "PRIVADDRESS" NR;
    $13 = "PRIVNOTE" NR } { print }' \
    "$C/2025/objections.csv" >"$C/x" && mv "$C/x" "$C/2025/objections.csv"

O=$TMPD/out
expect_exit 0 "$GONGSHI_SAN" build --content "$C" --templates "$TOP/templates" \
    --output "$O"

# --- 1. hostile names ----------------------------------------------------------
if grep -rl '<script' "$O/site" --include='*.html' >/dev/null; then
	fail "a <script> element was written into a page"
else
	pass "no <script> element in any page"
fi
if grep -rlE 'href="javascript|<b>B' "$O/site" --include='*.html' >/dev/null; then
	fail "the hostile name became markup in a page"
else
	pass "no javascript: link and no <b> from the name in any page"
fi
assert_contains "$O/site/2025/acceptance.html" \
    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; *em* _u_ | [x](javascript:alert(1)) {{x}} &lt;b&gt;B&lt;/b&gt;'
# The Markdown shows the name escaped; cmark turns it back into the name.
assert_contains "$O/site/2025/acceptance.md" '\<script\>'
if command -v cmark >/dev/null 2>&1; then
	cmark "$O/site/2025/acceptance.md" >"$TMPD/md.html"
	assert_contains "$TMPD/md.html" \
	    '&lt;script&gt;alert(1)&lt;/script&gt; &amp; *em* _u_ | [x](javascript:alert(1)) {{x}} &lt;b&gt;B&lt;/b&gt;'
	if grep -qE '<script|<em>em|href="javascript|<b>B' "$TMPD/md.html"; then
		fail "cmark made markup of the name in our Markdown"
	else
		pass "cmark makes no markup of the name in our Markdown"
	fi
else
	skip "cmark (the command) is not installed: the Markdown round trip"
fi
unzip -p "$O/site/2025/acceptance.odt" content.xml >"$TMPD/content.xml"
check "the acceptance ODT's content.xml is well-formed" \
    xmllint --noout "$TMPD/content.xml"
assert_contains "$TMPD/content.xml" '&lt;script&gt;alert(1)&lt;/script&gt; &amp;'

# --- 2. privacy ------------------------------------------------------------------
for marker in PRIVCONTACT PRIVPHONE privmail PRIVINDUSTRY PRIVOBJECTOR \
    PRIVADDRESS PRIVNOTE OBJ-2025-0; do
	assert_not_contains_anywhere "$O/site" "$marker"
done
# The markers were real: the objectors' names reach their letters.
unzip -p "$O/archive/2025/letters/objection-OBJ-2025-01.odt" content.xml \
    >"$TMPD/letter.xml"
assert_contains "$TMPD/letter.xml" PRIVOBJECTOR
assert_contains "$TMPD/letter.xml" PRIVADDRESS
assert_not_contains_anywhere "$O/site" "PRIVINDUSTRY"

# --- 3. atomicity ------------------------------------------------------------------
snapshot() {
	(cd "$1" && find . -type f ! -name .gongshi-inputs -print0 | sort -z |
	    xargs -0 sha256sum) >"$2"
}
snapshot "$O" "$TMPD/before"

cp -R "$C" "$TMPD/broken"
sed -i 's/^application_deadline: .*/application_deadline: 2025-02-30/' \
    "$TMPD/broken/2025/cycle.yaml"
expect_exit 1 "$GONGSHI" build --content "$TMPD/broken" \
    --templates "$TOP/templates" --output "$O"
snapshot "$O" "$TMPD/after"
if cmp -s "$TMPD/before" "$TMPD/after"; then
	pass "a build over broken content leaves the output byte for byte"
else
	fail "a build over broken content changed the output"
fi

# A build killed half-way: a large synthetic content (tests/bench/gen.c)
# takes a few seconds to build (200,000 applicants: 2 s on the bench's
# machine); SIGKILL it after half a second, once it is writing.
if cc -O2 -o "$TMPD/gen" "$TOP/tests/bench/gen.c" 2>"$TMPD/gen.err"; then
	"$TMPD/gen" 200000 1 "$TMPD/big" >/dev/null
	"$GONGSHI" build --content "$TMPD/big" --templates "$TOP/templates" \
	    --output "$O" >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	if kill -KILL "$pid" 2>/dev/null; then
		wait "$pid" 2>/dev/null
		snapshot "$O" "$TMPD/after-kill"
		if cmp -s "$TMPD/before" "$TMPD/after-kill"; then
			pass "a build killed half-way leaves the output byte for byte"
		else
			fail "a build killed half-way changed the output"
		fi
		# The next build that writes makes again what the killed one
		# left beside the output: only the previous output stays there
		# (.out.previous, publish/sibling.h), the one just replaced.
		echo '# edited' >>"$C/site.yaml"
		expect_exit 0 "$GONGSHI" build --content "$C" \
		    --templates "$TOP/templates" --output "$O"
		left=$(find "$TMPD" -maxdepth 1 -type d -name '.out.*' \
		    ! -name .out.previous | wc -l)
		assert_eq "no staging folder left beside the output" 0 "$left"
		snapshot "$TMPD/.out.previous" "$TMPD/previous"
		if cmp -s "$TMPD/before" "$TMPD/previous"; then
			pass "the output before the killed build is kept beside"
		else
			fail "the output before the killed build is kept beside"
		fi
	else
		wait "$pid"
		skip "the large build ended within half a second: nothing to kill"
	fi
else
	fail "cannot compile tests/bench/gen.c: $(head -3 "$TMPD/gen.err")"
fi
