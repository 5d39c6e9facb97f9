# Pictures of the newest cycle's decision (first page, the page it is
# signed on, the last page with the 版记), acceptance notice and a letter
# as LibreOffice prints them, for a person to look at
# (tests/pictures/decision.png, decision-signature.png, decision-last.png,
# acceptance.png, letter.png).  The GB/T 9704 fonts are
# replaced by the free Noto CJK ones through templates/odt/fonts.conf, as
# on an office computer that lacks them.  Checked here: the size of an A4
# page at 60 dpi, and the red of the 版头 in the upper half of the decision's
# first page and nowhere on the others.
. "$TOP/tests/e2e/lib.sh"

out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
year=$(ls -d "$out"/archive/[0-9][0-9][0-9][0-9] 2>/dev/null | sort | tail -n 1)
[ -n "$year" ] || fatal "no cycle under archive/: nothing to picture"

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

letter=$(ls "$year"/letters/*.odt 2>/dev/null | head -n 1)
odt_to_pdf "$year/decision.odt" "$year/acceptance.odt" $letter "$TMPD/pdf"
if [ -n "$letter" ]; then
	cp "$TMPD/pdf/$(basename "$letter" .odt).pdf" "$TMPD/pdf/letter.pdf"
fi
# the decision's last page, an even one: the 版记; the page before it with
# text: signature, date and 附注
last=$(pdfinfo "$TMPD/pdf/decision.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
signed=$((${last:-1} - 1))
while [ "$signed" -gt 1 ] && [ -z "$(pdftotext -f "$signed" -l "$signed" \
    "$TMPD/pdf/decision.pdf" - 2>/dev/null | tr -d ' \n\f')" ]; do
	signed=$((signed - 1))
done

# red_pixels PPM: pixels of the upper half of a binary PPM (P6) that are
# red like #E60012.
red_pixels() {
	od -An -tu1 -v "$1" | awk '
	{
		for (i = 1; i <= NF; i++) {
			if (nl < 3) {	# the header: "P6\nW H\n255\n"
				if ($i == 10)
					nl++
				else
					head = head sprintf("%c", $i)
				if (nl == 3) {
					split(head, f, /[^0-9]+/)
					w = f[2]; h = f[3]
				}
				continue
			}
			v[k++] = $i
			if (k < 3)
				continue
			k = 0
			row = int(px / w)
			px++
			if (2 * row < h && v[0] > 170 && v[1] < 90 && v[2] < 90)
				red++
		}
	}
	END { print red + 0 }'
}

pictures=$TOP/tests/pictures
mkdir -p "$pictures"
for name in decision decision-signature decision-last acceptance letter; do
	page=1
	pdf=$TMPD/pdf/$name.pdf
	case $name in
	decision-last)		page=${last:-1} pdf=$TMPD/pdf/decision.pdf ;;
	decision-signature)	page=$signed pdf=$TMPD/pdf/decision.pdf ;;
	esac
	png=$pictures/$name.png
	if [ ! -f "$pdf" ]; then
		fail "picture $name.png: no PDF"
		continue
	fi
	rm -f "$png"
	pdftoppm -png -r 60 -f "$page" -l "$page" -singlefile "$pdf" "${png%.png}"
	# PNG: width and height are big-endian at bytes 16-23.
	dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null |
	    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
	    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	# 210 x 297 mm at 60 dpi is 496.1 x 701.6 pixels; pdftoppm may round up
	case $dims in
	49[67]x70[12])	pass "$name.png is an A4 page at 60 dpi ($dims)" ;;
	*)		fail "$name.png is an A4 page at 60 dpi: $dims" ;;
	esac
	pdftoppm -r 20 -f "$page" -l "$page" -singlefile "$pdf" "$TMPD/$name"
	red=$(red_pixels "$TMPD/$name.ppm")
	if [ "$name" = decision ]; then
		[ "$red" -gt 100 ] && pass "decision: red 版头 in the upper half ($red pixels)" ||
		    fail "decision: red 版头 in the upper half: $red red pixels"
	else
		[ "$red" -eq 0 ] && pass "$name: no red (only a decision's first page has a 版头)" ||
		    fail "$name: no red: $red red pixels"
	fi
done
