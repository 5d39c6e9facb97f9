# The certificates' verification pages (DESIGN §3; art. 18, 20) built from
# the sample content/: one page site/verify/<number>.html per certificate of
# a published decision, and an index; XJZLJ-2023-A03, revoked in the sample
# by 新政发〔2025〕21号, says 已撤销 and links to its revocation decision,
# and every other page says 有效; the cycle pages mark the revoked one and
# link to the pages; the pages are valid HTML5 with working relative links;
# nothing private shows.
. "$TOP/tests/e2e/lib.sh"

out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
site=$out/site
[ -d "$site/verify" ] || fatal "no site/verify/: nothing more to check"

revoked=XJZLJ-2023-A03
revoked_by='新政发〔2025〕21号'
revoked_year=2023
prefix=$(sed -n 's/^[[:space:]]*certificate_prefix:[[:space:]]*\([A-Z0-9]*\).*/\1/p' \
    "$TOP/content/site.yaml")
[ -n "$prefix" ] || fatal "no certificate_prefix in content/site.yaml"
base=$(sed -n 's/^base_url:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$TOP/content/site.yaml")

# The sample's own facts, so that this test follows it if it changes.
if grep -q "$revoked_by" "$TOP/content/sanctions.csv"; then
	pass "sanctions.csv holds the revocation $revoked_by"
else
	fail "sanctions.csv holds the revocation $revoked_by"
fi

# approved FILE RESULT: how many approval rows of decisions.csv have that
# result (columns found by name, as they may come in any order).
approved() {
	tr -d '\r' <"$1" | awk -F, -v want="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $col["stage"] == "approval" && $col["result"] == want { n++ }
	    END { print n + 0 }'
}

# ---- one page per certificate of a published decision ----
: >"$TMPD/expected"
for y in "$TOP"/content/[0-9][0-9][0-9][0-9]; do
	year=${y##*/}
	grep -q '^[[:space:]]*decision:' "$y/cycle.yaml" || continue
	for kind in A:award N:nomination; do
		n=$(approved "$y/decisions.csv" "${kind#*:}")
		i=1
		while [ "$i" -le "$n" ]; do
			printf '%s-%s-%s%02d\n' "$prefix" "$year" "${kind%%:*}" "$i"
			i=$((i + 1))
		done
	done
done >"$TMPD/expected"
sort -o "$TMPD/expected" "$TMPD/expected"
find "$site/verify" -name '*.html' ! -name index.html -type f |
    sed 's|.*/||; s|\.html$||' | sort >"$TMPD/pages"
assert_eq "one verify page per certificate of decisions.csv" \
    "$(wc -l <"$TMPD/expected" | tr -d ' ')" "$(wc -l <"$TMPD/pages" | tr -d ' ')"
if diff "$TMPD/expected" "$TMPD/pages" >"$TMPD/diff"; then
	pass "verify pages: exactly the certificate numbers"
else
	fail "verify pages: exactly the certificate numbers"
	_lib_show "$TMPD/diff"
fi
grep -qx "$revoked" "$TMPD/expected" ||
	fail "$revoked is a certificate of the sample"
assert_file "$site/verify/index.html"

# ---- the revoked one, and only it, says 已撤销 ----
page=$site/verify/$revoked.html
assert_contains "$page" '<strong>已撤销</strong>'
assert_contains "$page" "<a href=\"../$revoked_year/revocation-$revoked.html\">$revoked_by</a>"
assert_file "$site/$revoked_year/revocation-$revoked.html"
assert_not_contains "$page" '有效'
assert_contains "$page" "<a href=\"../$revoked_year/decision.html\">"
assert_contains "$page" "${revoked_year}年度"
bad=$TMPD/bad
while IFS= read -r n; do
	[ "$n" = "$revoked" ] && continue
	f=$site/verify/$n.html
	grep -qF '<dd><strong>有效</strong></dd>' "$f" || echo "$n: does not say 有效"
	grep -qF '已撤销' "$f" && echo "$n: says 已撤销"
	grep -qF 'revocation-' "$f" && echo "$n: links to a revocation"
	y=$(echo "$n" | cut -d- -f2)
	grep -qF "${y}年度" "$f" || echo "$n: no award year ${y}年度 (art. 18)"
	grep -qF "href=\"../$y/decision.html\"" "$f" ||
		echo "$n: no link to the decision of $y"
	[ -f "$site/$y/decision.html" ] || echo "$n: no $y/decision.html"
done <"$TMPD/pages" >"$bad"
if [ -s "$bad" ]; then
	fail "every other verify page says 有效, its year and its decision"
	_lib_show "$bad"
else
	pass "every other verify page says 有效, its year and its decision"
fi
# Each page shows the address printed on its certificate.
while IFS= read -r n; do
	grep -qF "${base}verify/$n.html" "$site/verify/$n.html" ||
		echo "$n: no ${base}verify/$n.html"
done <"$TMPD/pages" >"$bad"
if [ -s "$bad" ]; then
	fail "each verify page shows its address under base_url"
	_lib_show "$bad"
else
	pass "each verify page shows its address under base_url"
fi

# ---- the index: every certificate, its status ----
idx=$site/verify/index.html
while IFS= read -r n; do
	grep -qF "<a href=\"$n.html\">$n</a>" "$idx" || echo "$n: not in the index"
done <"$TMPD/pages" >"$bad"
if [ -s "$bad" ]; then
	fail "the index lists every certificate"
	_lib_show "$bad"
else
	pass "the index lists every certificate"
fi
assert_contains "$idx" "<a href=\"../$revoked_year/revocation-$revoked.html\">已撤销</a>"
assert_eq "the index marks one certificate 已撤销" 1 \
    "$(grep -oF '已撤销</a>' "$idx" | wc -l | tr -d ' ')"

# ---- the cycle pages' certificate lists ----
# row FILE NUMBER: the table row of a certificate, on one line.
row() {
	tr '\n' ' ' <"$1" | sed 's|</tr>|&\n|g' | grep -F ">$2</a>"
}
while IFS= read -r n; do
	y=$(echo "$n" | cut -d- -f2)
	r=$(row "$site/$y/index.html" "$n")
	if [ -z "$r" ]; then
		echo "$n: not on $y/index.html"
		continue
	fi
	case $r in
	*"<a href=\"../verify/$n.html\">$n</a>"*) ;;
	*)	echo "$n: $y/index.html does not link to its verify page" ;;
	esac
	if [ "$n" = "$revoked" ]; then
		case $r in
		*'<tr class="revoked">'*"<a href=\"revocation-$n.html\">已撤销</a>"*) ;;
		*)	echo "$n: $y/index.html does not mark it revoked with its decision" ;;
		esac
	else
		case $r in
		*'<td data-label="状态">有效</td>'*) ;;
		*)	echo "$n: $y/index.html does not say 有效" ;;
		esac
		case $r in
		*'已撤销'*)	echo "$n: $y/index.html says 已撤销" ;;
		esac
	fi
done <"$TMPD/pages" >"$bad"
if [ -s "$bad" ]; then
	fail "cycle pages: each certificate linked, 已撤销 only for $revoked"
	_lib_show "$bad"
else
	pass "cycle pages: each certificate linked, 已撤销 only for $revoked"
fi
assert_contains "$site/index.html" '<a href="verify/index.html">证书查询</a>'
assert_contains "$site/sitemap.xml" "<loc>${base}verify/$revoked.html</loc>"

# ---- valid HTML5, relative links that resolve, no script ----
set --
for f in "$site"/verify/*.html "$site"/[0-9][0-9][0-9][0-9]/index.html; do
	set -- "$@" "$f"
done
html_validate "$@"
for f in "$site"/verify/*.html; do
	head -n 2 "$f" | tr '\n' ' ' | grep -qF '<!DOCTYPE html> <html lang="zh-CN">' ||
		echo "$(_lib_pretty "$f"): no lang=\"zh-CN\""
	grep -qiF '<script' "$f" && echo "$(_lib_pretty "$f"): a script"
	xmllint --html --nonet --xpath '//@href | //@src' "$f" 2>/dev/null |
	    sed 's/ \(href\|src\)="/\n/g' | sed -n 's/"$//p' |
	while IFS= read -r h; do
		case $h in
		'#'*)	continue ;;
		# the footer's ICP number links to the registry, as MIIT asks
		https://beian.miit.gov.cn/)	continue ;;
		/*|*:*)	echo "$(_lib_pretty "$f"): not a relative link: $h"
			continue ;;
		esac
		[ -f "$site/verify/${h%%#*}" ] ||
			echo "$(_lib_pretty "$f"): broken link $h"
	done
done >"$bad"
if [ -s "$bad" ]; then
	fail "verify pages: lang, no script, relative links that resolve"
	_lib_show "$bad"
else
	pass "verify pages: lang, no script, relative links that resolve"
fi

# ---- nothing private ----
# column FILE NAME: the values of a CSV column (the sample quotes nothing).
column() {
	tr -d '\r' <"$1" | awk -F, -v name="$2" '
	    NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
	    c && $c != "" { print $c }'
}
for y in "$TOP"/content/[0-9][0-9][0-9][0-9]; do
	for col in contact phone email; do
		column "$y/organizations.csv" "$col"
	done
	[ -f "$y/objections.csv" ] || continue
	for col in objector_name objector_address; do
		column "$y/objections.csv" "$col"
	done
done | sort -u >"$TMPD/private"
# The office's contacts are in every notice's contact block, but a verify
# page has no use for them.
for k in address phone email; do
	sed -n "s/^[[:space:]]*$k:[[:space:]]*\([^[:space:]#]*\).*/\1/p" \
	    "$TOP/content/site.yaml"
done >"$TMPD/office"
# A sanction's note is public only in a revocation decision: never on a
# verify page, and an undecided sanction's note nowhere.
tr -d '\r' <"$TOP/content/sanctions.csv" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["decided"] == "" { print $col["note"] }' >"$TMPD/undecided"
tr -d '\r' <"$TOP/content/sanctions.csv" | awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["decided"] != "" { print $col["note"] }' >"$TMPD/decided"
if [ -s "$TMPD/private" ] && [ -s "$TMPD/office" ] &&
    [ -s "$TMPD/undecided" ] && [ -s "$TMPD/decided" ]; then
	pass "private values to look for: $(cat "$TMPD/private" "$TMPD/office" \
	    "$TMPD/undecided" "$TMPD/decided" | wc -l | tr -d ' ')"
else
	fail "private values to look for: some kind not found in content/"
fi
{
	cat "$TMPD/private" "$TMPD/undecided" | while IFS= read -r v; do
		grep -rlaF -- "$v" "$site" | sed "s|^|$v: in |"
	done
	while IFS= read -r v; do
		grep -rlaF -- "$v" "$site/verify" | sed "s|^|$v: in |"
	done <"$TMPD/decided"
	while IFS= read -r v; do
		grep -rlaF -- "$v" "$site/verify" | sed "s|^|$v: in |"
	done <"$TMPD/office"
} >"$bad"
if [ -s "$bad" ]; then
	fail "nothing private under site/; on verify pages no sanction note or office contact"
	_lib_show "$bad"
else
	pass "nothing private under site/; on verify pages no sanction note or office contact"
fi

# ---- the sanitizers ----
expect_exit 0 "$GONGSHI_SAN" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$TMPD/san"
if diff -r "$site/verify" "$TMPD/san/site/verify" >"$bad" 2>&1; then
	pass "the sanitized build writes the same verify pages"
else
	fail "the sanitized build writes the same verify pages"
	_lib_show "$bad"
fi
