# Pictures of the first page of the newest cycle's decision and acceptance
# notice as LibreOffice prints them, for a person to look at
# (tests/pictures/decision.png, acceptance.png).  The GB/T 9704 fonts are
# replaced by the free Noto CJK ones through templates/odt/fonts.conf, as
# on an office computer that lacks them.  Checked here: the size of an A4
# page at 60 dpi, and the red of the 版头 in the upper half of the decision
# and nowhere on the notice.
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

odt_to_pdf "$year/decision.odt" "$year/acceptance.odt" "$TMPD/pdf"

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
for name in decision acceptance; do
	pdf=$TMPD/pdf/$name.pdf
	png=$pictures/$name.png
	if [ ! -f "$pdf" ]; then
		fail "picture $name.png: no PDF"
		continue
	fi
	rm -f "$png"
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "${png%.png}"
	# PNG: width and height are big-endian at bytes 16-23.
	dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null |
	    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
	    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	# 210 x 297 mm at 60 dpi is 496.1 x 701.6 pixels; pdftoppm may round up
	case $dims in
	49[67]x70[12])	pass "$name.png is an A4 page at 60 dpi ($dims)" ;;
	*)		fail "$name.png is an A4 page at 60 dpi: $dims" ;;
	esac
	pdftoppm -r 20 -f 1 -l 1 -singlefile "$pdf" "$TMPD/$name"
	red=$(red_pixels "$TMPD/$name.ppm")
	if [ "$name" = decision ]; then
		[ "$red" -gt 100 ] && pass "decision: red 版头 in the upper half ($red pixels)" ||
		    fail "decision: red 版头 in the upper half: $red red pixels"
	else
		[ "$red" -eq 0 ] && pass "acceptance: no red (a notice has no 版头)" ||
		    fail "acceptance: no red: $red red pixels"
	fi
done
