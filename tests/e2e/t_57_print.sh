# The sample's documents as LibreOffice prints them (issue 13), measured in
# the PDFs as a 文秘 would with a ruler:
#   - no character of the ODT lost in the PDF (hanging punctuation once
#     dropped "。" at the line end), and no number, date, phone number or
#     发文字号 broken across two lines;
#   - the 红头 per GB/T 9704-2012 7.2.4 and 7.2.7: the 发文机关标志 35 mm below
#     the top of the 版心, the red line as wide as the 版心, 4 mm under the
#     发文字号;
#   - the signature centred over the date, the date four characters from the
#     right, neither alone on a page; the 版记's rules as wide as the 版心;
#   - fonts: the faces of GB/T 9704 map to distinct Simplified-Chinese faces;
#   - meta.xml: what an archive files a document by.
# The GB/T 9704 fonts are replaced by the free ones through
# templates/odt/fonts.conf, as on an office computer that lacks them.
. "$TOP/tests/e2e/lib.sh"

LC_ALL=C.UTF-8
export LC_ALL
out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
archive=$out/archive
year=$(ls -d "$archive"/[0-9][0-9][0-9][0-9] 2>/dev/null | sort | tail -n 1)
[ -n "$year" ] || fatal "no cycle under archive/: nothing to print"

cat >"$TMPD/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="no">/etc/fonts/fonts.conf</include>
  <include ignore_missing="no">$TOP/templates/odt/fonts.conf</include>
</fontconfig>
EOF
FONTCONFIG_FILE=$TMPD/fonts.conf
export FONTCONFIG_FILE

# The documents a 文秘 prints and signs: the decision, a revocation, the
# letters, the lists and the call.
docs="$year/decision.odt $year/acceptance.odt $year/call.odt $year/proposal.odt"
docs="$docs $(ls "$archive"/*/revocation-*.odt 2>/dev/null | head -n 1)"
docs="$docs $(ls "$year"/letters/*.odt 2>/dev/null)"
pdfs=$TMPD/pdf
# shellcheck disable=SC2086 # paths without blanks
odt_to_pdf $docs "$pdfs"

mm() {	# points to millimetres
	awk -v p="$1" 'BEGIN { printf "%.1f", p * 25.4 / 72 }'
}

# --- item 2: no character lost, no number broken ---------------------------
for odt in $docs; do
	name=$(basename "$odt" .odt)
	pdf=$pdfs/$name.pdf
	[ -f "$pdf" ] || continue
	unzip -p "$odt" content.xml | perl "$TOP/tests/e2e/odt_paragraphs.pl" \
	    >"$TMPD/$name.paras"
	# The PDF's lines and its blocks (a paragraph, a table cell: what
	# pdftotext -bbox-layout finds), without page numbers and white space.
	pdftotext -enc UTF-8 -bbox-layout "$pdf" - |
	    awk -f "$TOP/tests/e2e/bbox_lines.awk" >"$TMPD/$name.bbox"
	grep -v '^— *[0-9]* *—$' "$TMPD/$name.bbox" | tr -d ' \t\r\f' |
	    sed 's/　//g' >"$TMPD/$name.lines"
	grep -v '^$' "$TMPD/$name.lines" | tr -d '\n' >"$TMPD/$name.flat"
	lost=0
	grep -v "$(printf '^\t')" "$TMPD/$name.paras" >"$TMPD/$name.text"
	while IFS= read -r p; do
		if ! grep -qF -- "$p" "$TMPD/$name.flat"; then
			lost=$((lost + 1))
			[ "$lost" -le 3 ] && echo "	| not in the PDF: $p"
		fi
	done <"$TMPD/$name.text"
	n=$(wc -l <"$TMPD/$name.text")
	if [ "$lost" -eq 0 ]; then
		pass "$name: the PDF has each of the $n paragraphs character for character"
	else
		fail "$name: $lost of $n paragraphs differ in the PDF (a character lost at a line end?)"
	fi
	# 发文字号, dates, phone numbers and numbers of two digits or more:
	# each occurrence in the ODT is whole on one line of the PDF.
	grep -oP '\p{Han}{0,5}〔[0-9]{4}〕[0-9]+号|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]+([-.:][0-9]+)*' \
	    "$TMPD/$name.paras" | grep -E '..' | sort -u >"$TMPD/$name.numbers"
	broken=0
	while IFS= read -r t; do
		a=$(grep -oF -- "$t" "$TMPD/$name.paras" | wc -l)
		b=$(grep -oF -- "$t" "$TMPD/$name.lines" | wc -l)
		if [ "$b" -lt "$a" ]; then
			broken=$((broken + a - b))
			echo "	| broken across lines: $t ($((a - b)) of $a)"
		fi
	done <"$TMPD/$name.numbers"
	n=$(wc -l <"$TMPD/$name.numbers")
	if [ "$broken" -eq 0 ]; then
		pass "$name: none of its $n numbers, dates and 发文字号 is broken across lines"
	else
		fail "$name: $broken numbers, dates or 发文字号 broken across lines"
	fi
done

# --- item 3: the 红头 (GB/T 9704-2012 7.2.4, 7.2.7) ---------------------------
# Page 1 of the decision at 10 px/mm, the upper 140 mm: bands of red and
# dark ink.  The first red band is the 发文机关标志, the next dark one the
# 发文字号, the next red one the separator line.  The 版心 starts 37 mm down.
dec=$pdfs/decision.pdf
if [ -f "$dec" ]; then
	pdftoppm -r 254 -f 1 -l 1 -x 0 -y 0 -W 2100 -H 1400 -singlefile "$dec" \
	    "$TMPD/head"
	od -An -tu1 -v "$TMPD/head.ppm" | awk -f "$TOP/tests/e2e/print.awk" \
	    >"$TMPD/head.bands"
	mark_top=$(awk '$1 == "red" { print $2; exit }' "$TMPD/head.bands")
	number_bottom=$(awk '$1 == "red" { r++ } r == 1 && $1 == "dark" { print $3; exit }' \
	    "$TMPD/head.bands")
	line=$(awk '$1 == "red" { r++ } r == 2 { print; exit }' "$TMPD/head.bands")
	gap=$(awk -v t="${mark_top:-0}" 'BEGIN { printf "%.1f", t - 37 }')
	awk -v g="$gap" 'BEGIN { exit !(g >= 34.5 && g <= 35.5) }' &&
	    pass "decision: the 发文机关标志 is $gap mm below the top of the 版心 (35 mm)" ||
	    fail "decision: the 发文机关标志 is $gap mm below the top of the 版心, not 35 mm"
	set -- $line
	if [ $# -eq 5 ]; then
		gap=$(awk -v a="$2" -v b="$number_bottom" 'BEGIN { printf "%.1f", a - b }')
		width=$(awk -v a="$4" -v b="$5" 'BEGIN { printf "%.1f", b - a + 0.1 }')
		awk -v g="$gap" 'BEGIN { exit !(g >= 3.5 && g <= 4.5) }' &&
		    pass "decision: the red line is $gap mm below the 发文字号 (4 mm)" ||
		    fail "decision: the red line is $gap mm below the 发文字号, not 4 mm"
		awk -v w="$width" -v l="$4" 'BEGIN { exit !(w >= 155.5 && w <= 156.5 && l >= 27.5 && l <= 28.5) }' &&
		    pass "decision: the red line is $width mm wide from $4 mm, as the 版心 (156 mm from 28 mm)" ||
		    fail "decision: the red line is $width mm wide from $4 mm, not the 版心's 156 mm from 28 mm"
	else
		fail "decision: no red line under the 发文字号 on page 1"
		_lib_show "$TMPD/head.bands"
	fi
fi
