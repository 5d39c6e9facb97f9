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
#   - fonts: the faces of GB/T 9704 map to distinct Simplified-Chinese faces
#     through templates/odt/fonts.conf (also installed as README.md says),
#     and to Simplified-Chinese ones without it; installed GB fonts win;
#   - the 版记 on the last page, an even one, with no page number;
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
[ -f "$year/onsite-arrangement.odt" ] &&	# the sample's notice with （一） headings
	docs="$docs $year/onsite-arrangement.odt"
docs="$docs $(ls "$archive"/*/revocation-*.odt 2>/dev/null | head -n 1)"
docs="$docs $(ls "$year"/letters/*.odt 2>/dev/null)"
pdfs=$TMPD/pdf
# shellcheck disable=SC2086 # paths without blanks
odt_to_pdf $docs "$pdfs"

# first_line STYLE ODT: the first line of the first paragraph of STYLE (a
# quote may close the name to add "or @…='…'"), without word joiners
first_line() {
	unzip -p "$2" content.xml | xmllint --xpath \
	    "string((//*[@*[local-name()='style-name']='$1'])[1])" - 2>/dev/null |
	    sed 's/\xe2\x81\xa0//g' | head -n 1 | tr -d ' '
}

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
	# nothing hangs out of the 版心: its right edge is 184 mm from the left
	# on odd pages, 182 mm on even ones (mirrored margins)
	pdftotext -enc UTF-8 -bbox-layout "$pdf" - |
	    awk -f "$TOP/tests/e2e/bbox_words.awk" |
	    awk '{ r = ($1 % 2 ? 184 : 182) * 72 / 25.4; if ($4 > r + 1)
		printf "page %d: %s ends %.1f mm out\n", $1, $6, ($4 - r) * 25.4 / 72 }' \
	    >"$TMPD/$name.out"
	if [ -s "$TMPD/$name.out" ]; then
		fail "$name: text outside the 版心: $(head -n 3 "$TMPD/$name.out" | tr '\n' ';')"
	else
		pass "$name: no character beyond the 版心's right edge"
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

# --- item 4: signature, date, 版记 (GB/T 9704-2012 7.3.5, 7.4) -----------------
# In points from the page's left edge: the 版心 is 28 mm from the left on odd
# pages and 26 mm on even ones (mirrored margins), 156 mm wide.
# words PDF: every word of the PDF, "PAGE X0 Y0 X1 Y1 TEXT"
words() {
	pdftotext -enc UTF-8 -bbox-layout "$1" - |
	    awk -f "$TOP/tests/e2e/bbox_words.awk" | sed 's/\xe2\x81\xa0//g'
}
# closing WORDS SIGNATURE DATE: the date's word (the last one that is DATE)
# and, before it, the lines of the signature (words that are pieces of
# SIGNATURE), as "PAGE X0 Y0 X1 Y1" of the date, then of the signature's
# widest line and its first line's Y0
closing() {
	awk -v sig="$2" -v date="$3" '
	{ w[NR] = $0 }
	$6 == date { d = NR }
	END {
		if (!d)
			exit
		split(w[d], a, " ")
		print a[1], a[2], a[3], a[4], a[5]
		for (i = d - 1; i > 0; i--) {
			split(w[i], b, " ")
			if (b[1] != a[1] || index(sig, b[6]) == 0)
				break
			if (b[4] - b[2] > best) {
				best = b[4] - b[2]; line = b[1] " " b[2] " " b[3] " " b[4] " " b[5]
			}
			top = b[3]
		}
		if (line != "")
			print line, top
	}' "$1"
}
for odt in $docs; do
	name=$(basename "$odt" .odt)
	pdf=$pdfs/$name.pdf
	[ -f "$pdf" ] || continue
	sig=$(first_line gsSignature "$odt")
	date=$(first_line "gsDate' or @*[local-name()='style-name']='成文日期" "$odt")
	[ -n "$sig" ] && [ -n "$date" ] || continue
	words "$pdf" >"$TMPD/$name.words"
	closing "$TMPD/$name.words" "$sig" "$date" >"$TMPD/$name.closing"
	d=$(sed -n 1p "$TMPD/$name.closing")
	s=$(sed -n 2p "$TMPD/$name.closing")
	if [ -z "$s" ] || [ -z "$d" ]; then
		fail "$name: no signature '$sig' or date '$date' in the PDF"
		continue
	fi
	# shellcheck disable=SC2086
	set -- $s
	spage=$1 sx0=$2 sx1=$4 sy0=$6
	# shellcheck disable=SC2086
	set -- $d
	dx0=$2 dx1=$4
	right=$(awk -v p="$spage" 'BEGIN { printf "%.2f", (p % 2 ? 184 : 182) * 72 / 25.4 }')
	off=$(awk -v a="$sx0" -v b="$sx1" -v c="$dx0" -v d="$dx1" \
	    'BEGIN { printf "%.1f", ((a + b) - (c + d)) / 2 * 25.4 / 72 }')
	awk -v o="$off" 'BEGIN { exit !(o >= -1.5 && o <= 1.5) }' &&
	    pass "$name: the signature is centred over the date ($off mm off)" ||
	    fail "$name: the signature is $off mm off the date's centre"
	case $name in
	objection-*)
		# 7.3.5.2: a signature wider than the date two characters in
		gap=$(awk -v r="$right" -v x="$sx1" 'BEGIN { printf "%.1f", (r - x) / 15.75 }')
		awk -v g="$gap" 'BEGIN { exit !(g >= 1.5 && g <= 2.5) }' &&
		    pass "$name: the signature ends $gap characters from the right edge (2)" ||
		    fail "$name: the signature ends $gap characters from the right edge, not 2"
		;;
	decision|revocation-*)
		# 7.3.5.1: the date four characters (4 × 15.75 pt) from the right
		gap=$(awk -v r="$right" -v x="$dx1" 'BEGIN { printf "%.1f", (r - x) / 15.75 }')
		awk -v g="$gap" 'BEGIN { exit !(g >= 3.8 && g <= 4.2) }' &&
		    pass "$name: the date ends $gap characters from the right edge (4)" ||
		    fail "$name: the date ends $gap characters from the right edge, not 4"
		;;
	esac
	# never alone on a page: some line of the body above it on its page
	above=$(awk -v p="$spage" -v y="$sy0" '$1 == p && $3 < y - 1 { n++ } END { print n + 0 }' \
	    "$TMPD/$name.words")
	[ "$above" -gt 0 ] &&
	    pass "$name: the signature is not alone on page $spage ($above lines above it)" ||
	    fail "$name: the signature stands alone at the top of page $spage"
done
# The 版记's rules: black horizontal strokes on the decision's last page
# (pdftocairo -svg draws each as a path "M x y L x' y", with one scale).
if [ -f "$dec" ]; then
	last=$(pdfinfo "$dec" | awk '/^Pages:/ { print $2 }')
	pdftocairo -svg -f "$last" -l "$last" "$dec" "$TMPD/last.svg"
	grep -o '<path style="fill:none;[^"]*stroke:rgb(0%,0%,0%)[^>]*>' "$TMPD/last.svg" |
	    sed -n 's/.* d="M \([0-9.]*\) \([0-9.]*\) L \([0-9.]*\) \([0-9.]*\) ".*matrix(\([0-9.]*\),.*/\1 \2 \3 \4 \5/p' |
	    awk '$2 == $4 { w = ($3 > $1 ? $3 - $1 : $1 - $3) * $5 * 25.4 / 72; if (w > 100) printf "%.1f\n", w }' \
	    >"$TMPD/rules"
	n=$(wc -l <"$TMPD/rules")
	widths=$(tr '\n' ' ' <"$TMPD/rules")
	if [ "$n" -ge 2 ] && awk '$1 < 155.5 || $1 > 156.5 { bad++ } END { exit bad > 0 }' "$TMPD/rules"; then
		pass "decision: the $n rules of the 版记 are as wide as the 版心 ($widths mm; 156)"
	else
		fail "decision: the 版记's rules are $widths mm wide, not 156 mm"
	fi
	# a long 抄送 goes on under the first character after "抄送："
	words "$dec" | awk -v p="$last" '$1 == p' >"$TMPD/last.words"
	cc=$(awk 'index($6, "抄送：") == 1 { print $2; getline; print $2; exit }' "$TMPD/last.words")
	if [ -n "$cc" ]; then
		hang=$(echo "$cc" | awk 'NR == 1 { a = $1 } NR == 2 { printf "%.1f", ($1 - a) / 14 }')
		awk -v h="$hang" 'BEGIN { exit !(h >= 2.8 && h <= 3.2) }' &&
		    pass "decision: the 抄送 goes on $hang characters in, after \"抄送：\"" ||
		    fail "decision: the 抄送 goes on $hang characters in, not 3 (after \"抄送：\")"
	fi
fi

# The 版记 on the last page, an even one (GB/T 9704-2012 7.4), at the foot
# of its 版心 (297 - 35 = 262 mm from the top); the pages after the body's
# last (the one with the date) are a blank page when that one is even, then
# the 版记's: neither has a page number (7.5).
# imprint_page NAME PDF DATE: those checks on a decision's PDF
imprint_page() {
	words "$2" >"$TMPD/$1.imprint"
	pages=$(pdfinfo "$2" | awk '/^Pages:/ { print $2 }')
	cpage=$(awk 'index($6, "抄送：") == 1 { print $1; exit }' "$TMPD/$1.imprint")
	dpage=$(awk -v d="$3" '$6 == d { p = $1 } END { print p + 0 }' "$TMPD/$1.imprint")
	if [ "$cpage" = "$pages" ] && [ $((pages % 2)) -eq 0 ]; then
		pass "$1: the 版记 is on page $pages, the last page and an even one (the body ends on page $dpage)"
	else
		fail "$1: the 版记 is on page ${cpage:-none} of $pages (the body ends on page $dpage): not the last page, an even one"
	fi
	want=$((dpage + (dpage % 2 ? 1 : 2)))
	assert_eq "$1: after the body's last page, $dpage, the 版记 comes on the next even page" \
	    "$want" "$pages"
	foot=$(awk -v p="$pages" '$1 == p && $5 > y { y = $5 } END { printf "%.1f", y * 25.4 / 72 }' \
	    "$TMPD/$1.imprint")
	awk -v f="$foot" 'BEGIN { exit !(f >= 257 && f <= 262.5) }' &&
	    pass "$1: the 版记's last line ends $foot mm from the top, at the foot of the 版心 (262 mm)" ||
	    fail "$1: the 版记's last line ends $foot mm from the top, not at the foot of the 版心 (262 mm)"
	extra=$(awk -v d="$dpage" -v p="$pages" '$1 > d && $1 < p { n++ } END { print n + 0 }' \
	    "$TMPD/$1.imprint")
	numbers=$(awk -v d="$dpage" '$1 > d && $6 ~ /^—/ { n++ } END { print n + 0 }' \
	    "$TMPD/$1.imprint")
	assert_eq "$1: nothing between the body's last page and the 版记's, no page number on them" \
	    "0 0" "$extra $numbers"
}
if [ -f "$dec" ]; then
	imprint_page decision "$dec" "$(first_line "gsDate' or @*[local-name()='style-name']='成文日期" \
	    "$year/decision.odt")"
	# A decision whose body ends on an even page: the sample's, longer by
	# eight paragraphs (it then ends on page 4), gets a blank page 5.
	cp -R "$TOP/templates" "$TMPD/long"
	i=1
	while [ $i -le 8 ]; do
		printf '\n获奖组织应当按照规定使用荣誉称号，自觉接受社会监督，持续改进质量管理，巩固和扩大创建成果，充分发挥示范引领作用（补充说明%d）。\n' \
		    $i >>"$TMPD/long/notices/decision.md"
		i=$((i + 1))
	done
	expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
	    --templates "$TMPD/long" --output "$TMPD/long-out"
	long=$TMPD/long-out/archive/$(basename "$year")/decision.odt
	odt_to_pdf "$long" "$TMPD/long-pdf"
	ldate=$(first_line "gsDate' or @*[local-name()='style-name']='成文日期" "$long")
	words "$TMPD/long-pdf/decision.pdf" >"$TMPD/long.words"
	lpage=$(awk -v d="$ldate" '$6 == d { p = $1 } END { print p + 0 }' "$TMPD/long.words")
	[ $((lpage % 2)) -eq 0 ] ||
	    fail "decision, eight paragraphs longer: its body ends on page $lpage, not on an even page as this check needs"
	imprint_page "decision ending on page $lpage" "$TMPD/long-pdf/decision.pdf" "$ldate"
fi

# --- item 5: tables -----------------------------------------------------------
# No cell's last line holds one character alone ("…有限公" / "司"), and no
# region (a column of short names: 所在地区) is broken while the long names
# beside it could wrap instead.
for odt in $docs; do
	name=$(basename "$odt" .odt)
	pdf=$pdfs/$name.pdf
	grep -q "$(printf '^\t')" "$TMPD/$name.paras" 2>/dev/null || continue	# no table
	words "$pdf" >"$TMPD/$name.cells"
	awk -f "$TOP/tests/e2e/cell_wraps.awk" "$TMPD/$name.cells" >"$TMPD/$name.wraps"
	n=$(wc -l <"$TMPD/$name.wraps")
	orphans=$(awk '$1 == 1 { print $2 }' "$TMPD/$name.wraps")
	if [ -z "$orphans" ]; then
		pass "$name: no table cell ends with one character alone ($n cells wrap)"
	else
		fail "$name: cells end with one character alone: $(echo "$orphans" | tr '\n' ' ')"
	fi
	# the 所在地区 column: each region whole on one line of its cell (a
	# word of its own: pdftotext's lines run across the cells)
	unzip -p "$odt" content.xml | perl -ne '
	    while (m{<table:table\b.*?</table:table>}gs) {
		my $t = $&; my $col;
		while ($t =~ m{<table:table-row\b.*?</table:table-row>}gs) {
			my @c = ($& =~ m{<text:p[^>]*>(.*?)</text:p>}gs);
			s/<[^>]*>//g, s/\xe2\x81\xa0//g for @c;
			if (!defined $col) {
				($col) = grep { $c[$_] eq "所在地区" } 0 .. $#c;
				last if !defined $col;
				next;
			}
			print "$c[$col]\n" if $c[$col] ne "";
		}
	    }' | sort -u >"$TMPD/$name.regions"
	[ -s "$TMPD/$name.regions" ] || continue
	broken=$(while IFS= read -r r; do
		awk -v r="$r" '$6 == r { found = 1 } END { exit !found }' \
		    "$TMPD/$name.cells" || echo "$r"
	done <"$TMPD/$name.regions" | tr '\n' ' ')
	if [ -z "$broken" ]; then
		pass "$name: every region of its tables is whole on one line ($(wc -l <"$TMPD/$name.regions") regions)"
	else
		fail "$name: regions broken across lines: $broken"
	fi
done

# --- item 6: fonts ------------------------------------------------------------
# Each element's face in the PDF (pdftohtml gives the font of each line of
# text, pdffonts its full name): the title 小标宋 → a bold serif, the body
# 仿宋 → a serif, 一、 黑体 → a sans, （一） 楷体 → a kai face, the page number
# 宋体 → a serif; the first four distinct.  The Noto CJK collections share one
# CFF table named …jp…, so pdffonts says "jp" for every face of a collection:
# that each name resolves to a Simplified-Chinese face is fontconfig's
# answer, asked with the same configuration.
# face PDF TEXT: the full name of the font of the first line starting with TEXT
face() {
	pdftohtml -xml -i -stdout "$1" 2>/dev/null | sed 's/\xe2\x81\xa0//g' |
	    awk -v t="$2" '
	/<fontspec / {
		id = $0; sub(/.* id="/, "", id); sub(/".*/, "", id)
		f = $0; sub(/.* family="/, "", f); sub(/".*/, "", f)
		fam[id] = f
	}
	/<text / {
		x = $0; gsub(/<[^>]*>/, "", x); gsub(/ /, "", x)
		if (index(x, t) == 1) {
			id = $0; sub(/.* font="/, "", id); sub(/".*/, "", id)
			print fam[id]; exit
		}
	}' >"$TMPD/face"
	tag=$(sed 's/+.*//' "$TMPD/face")
	[ -n "$tag" ] && pdffonts "$1" | awk -v t="$tag+" 'index($1, t) == 1 { sub(/^[A-Z]*\+/, "", $1); print $1; exit }'
}
# first STYLE ODT: the first four characters of the first paragraph of STYLE
first() {
	unzip -p "$2" content.xml | xmllint --xpath \
	    "string((//*[@*[local-name()='style-name']='$1'])[1])" - 2>/dev/null |
	    sed 's/\xe2\x81\xa0//g' | tr -d ' \n' | cut -c1-4
}
expect_face() {	# ELEMENT NAME PATTERN KIND
	if echo "$2" | grep -qE "$3"; then
		pass "fonts: the $1 is set in $4 ($2)"
	else
		fail "fonts: the $1 is set in '$2', not in $4"
	fi
}
oa=$year/onsite-arrangement.odt
# read_faces PDF WHERE: title, body, 一、, （一） and page number of the
# 现场评审安排 in PDF, into $title $body $h1 $h2 $page
read_faces() {
	title=$(face "$1" "$(first 公文标题 "$oa")")
	body=$(face "$1" "$(first 公文正文 "$oa")")
	h1=$(face "$1" "$(first 一级标题 "$oa")")
	h2=$(face "$1" "$(first 二级标题 "$oa")")
	page=$(face "$1" "—1—")
	echo "	| $2: title $title, body $body, 一、 $h1, （一） $h2, page number $page"
}
# stand_in_faces PDF WHERE: each face of its kind, the first four distinct
stand_in_faces() {
	read_faces "$1" "$2"
	expect_face "title (小标宋, $2)" "$title" 'Serif.*Bold|Song.*Bold' "a bold serif"
	expect_face "body (仿宋, $2)" "$body" 'Serif|FangSong|Fangsong|Ming|Song' "a serif"
	echo "$body" | grep -q Bold && fail "fonts: the body is bold ($body, $2)"
	expect_face "heading 一、 (黑体, $2)" "$h1" 'Sans|Hei' "a sans"
	expect_face "heading （一） (楷体, $2)" "$h2" 'Kai' "a kai face"
	expect_face "page number (宋体, $2)" "$page" 'Serif|Ming|Song' "a serif"
	n=$(printf '%s\n' "$title" "$body" "$h1" "$h2" | sort -u | grep -c .)
	assert_eq "fonts ($2): title, body, 一、 and （一） in four distinct faces" 4 "$n"
}
pdf=$pdfs/onsite-arrangement.pdf
if [ -f "$pdf" ]; then
	stand_in_faces "$pdf" "fonts.conf"
	for f in 方正小标宋简体 仿宋_GB2312 黑体 楷体_GB2312 宋体; do
		got=$(fc-match -f '%{family}' "$f:lang=zh-cn" | sed 's/,.*//')
		case $got in
		*" SC"|*" CN")	pass "fonts: $f resolves to $got, a Simplified-Chinese face" ;;
		*)		fail "fonts: $f resolves to '$got', not a Simplified-Chinese face" ;;
		esac
	done
fi

# The remedy README.md gives an office's Linux computer without the GB
# fonts, its command run as it is written there, in a scratch HOME and
# without FONTCONFIG_FILE: the same faces as above.
remedy=$(grep -m 1 'cp templates/odt/fonts.conf ~/.config/fontconfig/' "$TOP/README.md" |
    sed 's/^ *//')
if [ -z "$remedy" ]; then
	fail "fonts: README.md gives no command that installs templates/odt/fonts.conf"
elif [ -f "$oa" ]; then
	_fc=$FONTCONFIG_FILE _home=$HOME _xdg=${XDG_CONFIG_HOME-}
	HOME=$TMPD/home
	unset FONTCONFIG_FILE XDG_CONFIG_HOME
	mkdir -p "$HOME"
	if (cd "$TOP" && eval "$remedy"); then
		pass "fonts: README.md's command installs fonts.conf ($remedy)"
	else
		fail "fonts: README.md's command fails: $remedy"
	fi
	odt_to_pdf "$oa" "$TMPD/remedy"
	HOME=$_home FONTCONFIG_FILE=$_fc
	export FONTCONFIG_FILE
	[ -n "$_xdg" ] && export XDG_CONFIG_HOME="$_xdg"
	[ -f "$TMPD/remedy/onsite-arrangement.pdf" ] &&
		stand_in_faces "$TMPD/remedy/onsite-arrangement.pdf" "README.md's command"
fi

# Without templates/odt/fonts.conf, as on an office computer that has
# neither the GB fonts nor that file.  LibreOffice 7.4 asks fontconfig for
# the first name of a font's list only (README.md, "Decisions": no ODT can
# make it try the others), with the text's language and weight: so what the
# ODT decides is that language, Simplified Chinese.  Read from fontconfig's
# log of LibreOffice's own queries (FC_DEBUG=1): each GB face asked for with
# lang zh-cn, and the face it got, which must be a Simplified-Chinese one
# (the Noto CJK collections' faces are named …CJKjp… in pdffonts whichever
# face of the collection was used).  宋体 is named by its English name SimSun
# first, which fontconfig knows for a serif.
if [ -f "$oa" ]; then
	mkdir -p "$TMPD/nofc"
	(
		unset FONTCONFIG_FILE
		FC_DEBUG=1 timeout "$E2E_TIMEOUT" soffice --headless --norestore \
		    --nolockcheck "-env:UserInstallation=file://$TMPD/nofc-profile" \
		    --infilter=writer8 --convert-to pdf --outdir "$TMPD/nofc" "$oa" \
		    </dev/null >"$TMPD/nofc.log" 2>&1
	)
	# "FAMILY LANG -> FACE INDEX" for each query of a GB face
	awk '
	/^Match Pattern/ { q = 1; fam = ""; lang = "-"; next }
	/^Pattern has/ { if (q == 1) r = 1; q = 0; rfam = ""; next }
	/^\tfamily:/ {
		split($0, a, "\""); f = a[2]
		if (q) fam = f; else if (r && rfam == "") rfam = f
	}
	q && /^\tlang:/ { lang = ($0 ~ /"zh-cn"/) ? "zh-cn" : "other" }
	r && /^\tindex:/ {
		if (fam ~ /^(方正小标宋简体|仿宋_GB2312|黑体|楷体_GB2312|SimSun)$/ && lang == "zh-cn")
			print fam, lang, "->", rfam
		r = 0
	}' "$TMPD/nofc.log" | sort -u >"$TMPD/nofc.faces"
	sed 's/^/	| without fonts.conf: /' "$TMPD/nofc.faces"
	for f in 方正小标宋简体 仿宋_GB2312 黑体 楷体_GB2312 SimSun; do
		got=$(awk -v f="$f" '$1 == f { sub(/^[^>]*> /, ""); print; exit }' "$TMPD/nofc.faces")
		case $got in
		*" SC"|*" CN")	pass "fonts without fonts.conf: LibreOffice asks for $f in Simplified Chinese and gets $got" ;;
		*)		fail "fonts without fonts.conf: LibreOffice gets '$got' for $f, not a Simplified-Chinese face" ;;
		esac
	done
	pdf=$TMPD/nofc/onsite-arrangement.pdf
	read_faces "$pdf" "without fonts.conf"
	expect_face "page number (宋体, without fonts.conf)" "$page" 'Serif|Ming|Song' "a serif"
	expect_face "heading 一、 (黑体, without fonts.conf)" "$h1" 'Sans|Hei' "a sans"
	n=$(printf '%s\n' "$title" "$body" "$h1" "$h2" | sort -u | grep -c .)
	if [ "$n" -eq 4 ]; then
		pass "fonts without fonts.conf: title, body, 一、 and （一） in four distinct faces"
	else
		skip "fonts without fonts.conf: title, body, 一、 and （一） in $n face(s), not four: no ODT can make LibreOffice 7.4 on Linux try the free names of a font's list (README.md, Decisions; the remedy is fonts.conf, checked above)"
	fi
fi

# A 文秘's computer with the GB fonts: four fonts that carry the real ones'
# names (English and Chinese family names, PostScript name; the glyphs are
# AR PL UKai's) in a font folder of their own, with fonts.conf, in the C
# and in the Chinese locale.  LibreOffice must use each installed GB font,
# not its stand-in, and never embolden it ("2 Tr", the text render mode of
# LibreOffice's synthetic bold, in no content stream).
ukai=$(fc-match -f '%{file}' 'AR PL UKai CN')
if [ -f "$oa" ] && [ -f "$ukai" ]; then
	mkdir -p "$TMPD/gbfonts"
	cat >"$TMPD/gbfont.py" <<'EOF'
# gbfont.py SRC INDEX DEST FAMILY-EN FAMILY-ZH PSNAME: face INDEX of the
# TrueType collection (or font) SRC, written to DEST with a new name table
import struct, sys

def face_tables(data, index):
	base = 0
	if data[:4] == b'ttcf':
		base, = struct.unpack_from('>I', data, 12 + 4 * index)
	n, = struct.unpack_from('>H', data, base + 4)
	tables = {}
	for i in range(n):
		tag, _, off, length = struct.unpack_from('>4sIII', data, base + 12 + 16 * i)
		tables[tag] = data[off:off + length]
	return data[base:base + 4], tables

def name_table(names):
	records, strings = [], b''
	for (lang, nid), text in sorted(names.items()):
		s = text.encode('utf-16-be')
		records.append(struct.pack('>6H', 3, 1, lang, nid, len(s), len(strings)))
		strings += s
	return struct.pack('>3H', 0, len(records), 6 + 12 * len(records)) + \
	    b''.join(records) + strings

src, index, dest, en, zh, ps = sys.argv[1:7]
sfnt, tables = face_tables(open(src, 'rb').read(), int(index))
names = {}
for lang, family in ((0x409, en), (0x804, zh)):
	for nid, text in ((1, family), (2, 'Regular'), (4, family), (6, ps)):
		names[(lang, nid)] = text
tables[b'name'] = name_table(names)
n = len(tables)
es = max(k for k in range(16) if 1 << k <= n)
head = sfnt + struct.pack('>4H', n, 16 << es, es, 16 * n - (16 << es))
off, body = 12 + 16 * n, b''
for tag in sorted(tables):
	head += struct.pack('>4sIII', tag, 0, off + len(body), len(tables[tag]))
	body += tables[tag] + b'\0' * (-len(tables[tag]) % 4)
open(dest, 'wb').write(head + body)
EOF
	ok=1
	while read -r file en zh ps; do
		python3 "$TMPD/gbfont.py" "$ukai" 0 "$TMPD/gbfonts/$file" "$en" "$zh" "$ps" || ok=
	done <<EOF
xbs.ttf FZXiaoBiaoSong-B05S 方正小标宋简体 FZXBSJW--GB1-0
fs.ttf FangSong_GB2312 仿宋_GB2312 FangSong_GB2312
ht.ttf SimHei 黑体 SimHei
kt.ttf KaiTi_GB2312 楷体_GB2312 KaiTi_GB2312
EOF
	cat >"$TMPD/gb.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="no">$TMPD/fonts.conf</include>
  <dir>$TMPD/gbfonts</dir>
  <cachedir>$TMPD/gbfonts-cache</cachedir>
</fontconfig>
EOF
	_fc=$FONTCONFIG_FILE _lc=$LC_ALL
	FONTCONFIG_FILE=$TMPD/gb.conf
	for loc in C.UTF-8 zh_CN.UTF-8; do
		if [ -z "$ok" ]; then
			fail "fonts: the GB fonts' stand-ins could not be written"
			break
		fi
		if ! locale -a 2>/dev/null | grep -qix "$(echo "$loc" | sed 's/UTF-8/utf8/')"; then
			skip "fonts with the GB fonts installed, locale $loc: not installed here"
			continue
		fi
		LC_ALL=$loc
		odt_to_pdf "$oa" "$TMPD/gb-$loc"
		LC_ALL=$_lc
		gpdf=$TMPD/gb-$loc/onsite-arrangement.pdf
		[ -f "$gpdf" ] || continue
		read_faces "$gpdf" "GB fonts installed, $loc"
		assert_eq "fonts (GB fonts installed, $loc): the title is set in 方正小标宋简体" FZXBSJW--GB1-0 "$title"
		assert_eq "fonts (GB fonts installed, $loc): the body is set in 仿宋_GB2312" FangSong_GB2312 "$body"
		assert_eq "fonts (GB fonts installed, $loc): 一、 is set in 黑体" SimHei "$h1"
		assert_eq "fonts (GB fonts installed, $loc): （一） is set in 楷体_GB2312" KaiTi_GB2312 "$h2"
		bold=$(python3 -c '
import re, sys, zlib
n = 0
for m in re.finditer(rb"stream\r?\n(.*?)endstream", open(sys.argv[1], "rb").read(), re.S):
	try:
		n += len(re.findall(rb"\b2 Tr\b", zlib.decompress(m.group(1))))
	except zlib.error:
		pass
print(n)' "$gpdf")
		assert_eq "fonts (GB fonts installed, $loc): no face emboldened by LibreOffice (2 Tr)" 0 "$bold"
	done
	FONTCONFIG_FILE=$_fc
	export FONTCONFIG_FILE
fi

# --- item 10: meta.xml, what an archive files a document by ------------------
# meta KIND ODT ACCESS RETENTION NUMBER?: title, 成文日期, 发文机关, 公开属性,
# 保管期限, keywords (award, cycle, kind), 发文字号 when NUMBER is "number"
meta() {
	unzip -p "$2" meta.xml >"$TMPD/meta.xml" 2>/dev/null
	q() {
		xmllint --xpath "string($1)" "$TMPD/meta.xml" 2>/dev/null
	}
	ud() {
		q "//*[local-name()='user-defined'][@*[local-name()='name']='$1']"
	}
	kw=$(xmllint --xpath "//*[local-name()='keyword']/text()" "$TMPD/meta.xml" 2>/dev/null | tr '\n' ' ')
	title=$(q "//*[local-name()='title']")
	bad=
	[ -n "$title" ] || bad="$bad no dc:title;"
	ud 成文日期 | grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}$|^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$' ||
	    bad="$bad 成文日期 '$(ud 成文日期)';"
	[ -n "$(ud 发文机关)" ] || bad="$bad no 发文机关;"
	[ "$(ud 公开属性)" = "$3" ] || bad="$bad 公开属性 '$(ud 公开属性)', not $3;"
	[ "$(ud 保管期限)" = "$4" ] || bad="$bad 保管期限 '$(ud 保管期限)', not $4;"
	[ -n "$(q "//*[local-name()='creator']")" ] || bad="$bad no dc:creator;"
	if [ "${5:-}" = number ]; then
		ud 发文字号 | grep -qE '〔[0-9]{4}〕[0-9]+号$' || bad="$bad 发文字号 '$(ud 发文字号)';"
	fi
	case $kw in
	*新疆*奖*) ;;
	*) bad="$bad no keyword for the award ($kw);" ;;
	esac
	case $kw in
	*"$(basename "$(dirname "$2")" | sed 's/[^0-9]//g')"年度*|*[0-9][0-9][0-9][0-9]年度*) ;;
	*) bad="$bad no keyword for the cycle ($kw);" ;;
	esac
	[ -n "$(ud 文种)" ] && case $kw in *"$(ud 文种)"*) true ;; *) false ;; esac ||
	    bad="$bad no keyword for the kind ($kw);"
	if [ -z "$bad" ]; then
		pass "meta.xml of the $1: $title, 公开属性 $3, 保管期限 $4, keywords $kw"
	else
		fail "meta.xml of the $1:$bad"
	fi
}
meta decision "$year/decision.odt" 公开 永久 number
rev=$(ls "$archive"/*/revocation-*.odt 2>/dev/null | head -n 1)
[ -n "$rev" ] && meta revocation "$rev" 公开 永久 number
meta "acceptance list" "$year/acceptance.odt" 公开 30年
meta call "$year/call.odt" 公开 30年 number
letter=$(ls "$year"/letters/*.odt 2>/dev/null | head -n 1)
[ -n "$letter" ] && meta letter "$letter" 不予公开 30年
unit=$(ls "$year"/recommendation-*.odt 2>/dev/null | head -n 1)
[ -n "$unit" ] && meta "unit's recommendation" "$unit" 不予公开 30年
cert=$(ls "$year"/certificates/*.odt 2>/dev/null | head -n 1)
[ -n "$cert" ] && meta certificate "$cert" 公开 永久 number
# site.yaml's archive: setting is what they carry
cp -R "$TOP/content" "$TMPD/content"
if grep -q '^archive:' "$TMPD/content/site.yaml"; then
	sed -i 's/^\(  retention_others:\) *[^ #]*/\1 10年/' "$TMPD/content/site.yaml"
else
	printf 'archive:\n  retention_others: 10年\n' >>"$TMPD/content/site.yaml"
fi
expect_exit 0 "$GONGSHI" build --content "$TMPD/content" \
    --templates "$TOP/templates" --output "$TMPD/out2"
y2=$TMPD/out2/archive/$(basename "$year")
meta "call, site.yaml saying 10年" "$y2/call.odt" 公开 10年 number
sed -i 's/^\(  retention_others:\) *[^ #]*/\1 3年/' "$TMPD/content/site.yaml"
expect_exit 1 "$GONGSHI" check --content "$TMPD/content"
assert_contains "$ERR" "site.yaml:"
assert_contains "$ERR" "retention_others: '3年'"
