# The web site (DESIGN §3, §4) built from the sample content/: every page is
# valid HTML5 for the Nu Html Checker and says lang="zh-CN"; tables have a
# caption and header cells; every relative link leads to a file of the site
# (so the folder works from anywhere, file:// too); no page runs a script;
# the feed and the sitemap are well-formed XML with absolute URLs under
# base_url; nothing private shows; two builds give the same bytes.
. "$TOP/tests/e2e/lib.sh"

out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
site=$out/site
[ -f "$site/index.html" ] || fatal "no site/index.html: nothing more to check"

for f in index.html feed.xml sitemap.xml assets/style.css; do
	assert_file "$site/$f"
done
# A page per cycle, and per notice an HTML page and its Markdown.
for y in "$TOP"/content/[0-9][0-9][0-9][0-9]; do
	[ -f "$y/cycle.yaml" ] && assert_file "$site/${y##*/}/index.html"
done
find "$site" -name '*.html' ! -path '*/verify/*' ! -name index.html |
    sort >"$TMPD/notices"
if [ -s "$TMPD/notices" ]; then
	pass "notice pages: $(wc -l <"$TMPD/notices")"
else
	fail "notice pages: none"
fi
while IFS= read -r f; do
	[ -f "${f%.html}.md" ] || fail "no Markdown beside $(_lib_pretty "$f")"
done <"$TMPD/notices"

# ---- valid HTML and CSS ----
find "$site" \( -name '*.html' -o -name '*.css' \) -type f | sort >"$TMPD/pages"
# shellcheck disable=SC2046 # file names have no blanks in the sample
html_validate $(cat "$TMPD/pages")

# ---- each page: head, tables, no script ----
count() {	# count TEXT FILE: occurrences, not lines
	grep -oF -- "$1" "$2" | wc -l
}
bad=$TMPD/bad
: >"$bad"
find "$site" -name '*.html' -type f | sort | while IFS= read -r f; do
	p=$(_lib_pretty "$f")
	head -n 2 "$f" | tr '\n' ' ' | grep -qF '<!DOCTYPE html> <html lang="zh-CN">' ||
		echo "$p: no <!DOCTYPE html> and <html lang=\"zh-CN\">"
	grep -qF '<meta charset="utf-8">' "$f" || echo "$p: no charset"
	grep -qF 'name="viewport"' "$f" || echo "$p: no viewport"
	grep -qF '<title>' "$f" || echo "$p: no title"
	grep -qiF '<script' "$f" && echo "$p: a script"
	grep -qiE ' on[a-z]+="' "$f" && echo "$p: an event handler attribute"
	t=$(count '<table' "$f")
	[ "$t" = "$(count '<caption' "$f")" ] ||
		echo "$p: $t tables but $(count '<caption' "$f") captions"
	[ "$t" -le "$(count '<th scope="col">' "$f")" ] ||
		echo "$p: a table without column headers"
done >"$bad"
if [ -s "$bad" ]; then
	fail "pages: head, captions, header cells, no script"
	_lib_show "$bad"
else
	pass "pages: head, captions, header cells, no script"
fi

# The cycle pages draw their timeline as an accessible inline SVG.
for f in "$site"/[0-9][0-9][0-9][0-9]/index.html; do
	assert_contains "$f" '<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="timeline-title timeline-desc"'
done

# ---- links ----
# urldecode TEXT: %XX escapes as bytes.
urldecode() {
	printf '%s\n' "$1" | LC_ALL=C awk '
	function hex(h,   i, n) {
		n = 0
		for (i = 1; i <= 2; i++)
			n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
		return n
	}
	{
		s = $0; o = ""
		while (match(s, /%[0-9A-Fa-f][0-9A-Fa-f]/)) {
			o = o substr(s, 1, RSTART - 1) sprintf("%c", hex(substr(s, RSTART + 1, 2)))
			s = substr(s, RSTART + 3)
		}
		print o s
	}'
}
find "$site" -name '*.html' -type f | sort | while IFS= read -r f; do
	dir=$(dirname "$f")
	xmllint --html --nonet --xpath '//@href | //@src' "$f" 2>/dev/null |
	    sed 's/ \(href\|src\)="/\n/g' | sed -n 's/"$//p' |
	    sed 's/&amp;/\&/g; s/&quot;/"/g; s/&#39;/'"'"'/g' |
	while IFS= read -r h; do
		case $h in
		'#'*|https://*|http://*|mailto:*)
			continue ;;
		/*|*:*)
			echo "$(_lib_pretty "$f"): not a relative link: $h"
			continue ;;
		esac
		target=$dir/$(urldecode "${h%%#*}")
		[ -f "$target" ] ||
			echo "$(_lib_pretty "$f"): broken link $h"
	done
done >"$bad"
if [ -s "$bad" ]; then
	fail "every relative link leads to a file of the site"
	_lib_show "$bad"
else
	pass "every relative link leads to a file of the site"
fi

# Each notice page offers its Markdown and goes back to its cycle and home.
while IFS= read -r f; do
	n=${f##*/}
	assert_contains "$f" "href=\"${n%.html}.md\""
	[ -f "${f%.html}.odt" ] && assert_contains "$f" "href=\"${n%.html}.odt\""
	assert_contains "$f" 'href="index.html"'
	assert_contains "$f" 'href="../index.html"'
done <"$TMPD/notices"

# ---- feed and sitemap ----
check "feed.xml and sitemap.xml are well-formed" \
    xmllint --noout --nonet "$site/feed.xml" "$site/sitemap.xml"
base=$(sed -n 's/^base_url:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$TOP/content/site.yaml")
assert_contains "$site/feed.xml" '<feed xmlns="http://www.w3.org/2005/Atom"'
assert_contains "$site/feed.xml" "<id>$base"
assert_contains "$site/sitemap.xml" 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
assert_contains "$site/sitemap.xml" "<loc>$base</loc>"
n=$(wc -l <"$TMPD/notices")
assert_eq "one feed entry per notice" "$n" "$(count '<entry>' "$site/feed.xml")"
if grep -o '<loc>[^<]*</loc>' "$site/sitemap.xml" | grep -vqF "<loc>$base"; then
	fail "every sitemap URL is under $base"
else
	pass "every sitemap URL is under $base"
fi

# ---- privacy: the applicants' contacts and the objectors never show ----
# column FILE NAME: the values of a CSV column (the sample quotes nothing).
column() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
	    c && $c != "" { print $c }' "$1" | tr -d '\r'
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
if [ -s "$TMPD/private" ]; then
	pass "private values to look for: $(wc -l <"$TMPD/private")"
else
	fail "private values to look for: none found in content/"
fi
while IFS= read -r v; do
	if grep -rqaF -- "$v" "$site"; then
		echo "$v: in $(grep -rlaF -- "$v" "$site" | head -1)"
	fi
done <"$TMPD/private" >"$bad"
if [ -s "$bad" ]; then
	fail "no applicant contact or objector under site/"
	_lib_show "$bad"
else
	pass "no applicant contact or objector under site/"
fi

# ---- deterministic, and clean under the sanitizers ----
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$TMPD/again"
if diff -r "$site" "$TMPD/again/site" >"$bad" 2>&1; then
	pass "a second build gives the same site, byte for byte"
else
	fail "a second build gives the same site, byte for byte"
	_lib_show "$bad"
fi
# The ASan+UBSan binary: a memory error in writing the site fails this.
expect_exit 0 "$GONGSHI_SAN" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$TMPD/san"
assert_file "$TMPD/san/site/index.html"
