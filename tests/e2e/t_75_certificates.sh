# The certificates (DESIGN §3, §4; art. 14, 18): one per approval with an
# award or a nomination, in every cycle whose decision is published,
# numbered <prefix>-<year>-A<NN> / N<NN> in the order of the approval rows,
# in the archive only; each a valid ODF 1.3 package that LibreOffice prints
# on one A4 page with the organisation, the award year and the number, and
# a QR code that zbarimg reads back as the verification address, whose
# page exists.  Then the template: one saved by LibreOffice with
# placeholders split across spans works, an .odt works, and a broken
# placeholder stops the build (exit 1) naming the template and the
# placeholder, with the previous output untouched.  Last, a picture of the
# first certificate for the README (tests/pictures/certificate.png).
. "$TOP/tests/e2e/lib.sh"

content=$TOP/content
out=$TMPD/out
t0=$(date +%s)
expect_exit 0 "$GONGSHI_SAN" build --content "$content" \
    --templates "$TOP/templates" --output "$out"
[ -d "$out/archive" ] || fatal "no archive folder: nothing to check"

prefix=$(sed -n 's/^ *certificate_prefix: *\([A-Z0-9]*\).*/\1/p' "$content/site.yaml")
base_url=$(sed -n 's/^base_url: *\([^ #]*\).*/\1/p' "$content/site.yaml")
[ -n "$prefix" ] && [ -n "$base_url" ] ||
	fatal "no certificate_prefix or base_url in content/site.yaml"

# expected YEAR: "NUMBER<tab>ORGANISATION" of each certificate the cycle
# should have: approval rows with award, then with nomination, each in
# the order of decisions.csv (columns found by their headers; a plain
# field split is enough for the sample, whose names hold no comma).
expected() {
	awk -F, -v prefix="$prefix" -v year="$1" '
	{ sub(/\r$/, "") }
	FNR == 1 {
		for (i = 1; i <= NF; i++)
			col[FILENAME, $i] = i
		next
	}
	FILENAME ~ /organizations/ {
		name[$col[FILENAME, "credit_code"]] = $col[FILENAME, "name"]
		next
	}
	$col[FILENAME, "stage"] == "approval" {
		r = $col[FILENAME, "result"]
		o = name[$col[FILENAME, "credit_code"]]
		if (r == "award")
			a[++na] = o
		else if (r == "nomination")
			n[++nn] = o
	}
	END {
		for (i = 1; i <= na; i++)
			printf "%s-%s-A%02d\t%s\n", prefix, year, i, a[i]
		for (i = 1; i <= nn; i++)
			printf "%s-%s-N%02d\t%s\n", prefix, year, i, n[i]
	}' "$content/$1/organizations.csv" "$content/$1/decisions.csv"
}

# --- which certificates ------------------------------------------------------
: >"$TMPD/expected"
for cycle in "$content"/[0-9][0-9][0-9][0-9]; do
	year=${cycle##*/}
	[ -f "$cycle/decisions.csv" ] || continue
	expected "$year" >"$TMPD/expected.$year"
	got=$(ls "$out/archive/$year/certificates" 2>/dev/null |
	    sed 's/\.odt$//' | LC_ALL=C sort)
	if grep -q '^ *decision:' "$cycle/cycle.yaml"; then
		want=$(cut -f1 "$TMPD/expected.$year" | LC_ALL=C sort)
		cat "$TMPD/expected.$year" >>"$TMPD/expected"
	else
		want=		# no decision published: no certificate yet
	fi
	assert_eq "$year: one certificate per approval ($(echo "$want" |
	    grep -c .) awards and nominations), numbered in decision order" \
	    "$want" "$got"
done
n=$(grep -c . "$TMPD/expected")
[ "$n" -gt 0 ] || fatal "the sample has no approved award: nothing to check"

certs=$(cut -f1 "$TMPD/expected" | while read -r no; do
	y=${no#"$prefix"-}
	echo "$out/archive/${y%%-*}/certificates/$no.odt"
done)

# Archive only: the site has no certificate, only verification pages.
if find "$out/site" -name "$prefix-*.odt" | grep -q .; then
	fail "certificates stay out of the site"
else
	pass "certificates stay out of the site"
fi
missing=
for no in $(cut -f1 "$TMPD/expected"); do
	grep -q "/certificates/$no\.odt\$" "$out/archive/SHA256SUMS" ||
	    missing="$missing $no"
done
[ -z "$missing" ] && pass "SHA256SUMS lists every certificate" ||
    fail "SHA256SUMS lists every certificate; missing:$missing"

# --- packages --------------------------------------------------------------
# shellcheck disable=SC2086 # one argument per file; no blanks in the paths
odf_validate $certs

expect_exit 0 "$GONGSHI" build --content "$content" \
    --templates "$TOP/templates" --output "$TMPD/again"
same=0
for f in $certs; do
	cmp -s "$f" "$TMPD/again/${f#"$out"/}" && same=$((same + 1))
done
assert_eq "certificates are byte-identical from build to build" "$n" "$same"

# --- the same with templates LibreOffice saved -------------------------------
# A template with placeholders split across spans, as LibreOffice saved it.
split_tpl=$TMPD/tpl-split
cp -R "$TOP/templates" "$split_tpl"
cp "$TOP/tests/data/certificate-split.fodt" "$split_tpl/certificate.fodt"
if grep -Fq '{{<text:span' "$split_tpl/certificate.fodt"; then
	pass "certificate-split.fodt has a placeholder split across spans"
else
	fail "certificate-split.fodt has a placeholder split across spans"
fi
expect_exit 0 "$GONGSHI_SAN" build --content "$content" \
    --templates "$split_tpl" --output "$TMPD/split"
first=$(echo "$certs" | head -n 1)
first_no=$(basename "$first" .odt)
split_odt=$TMPD/split/${first#"$out"/}
odf_validate "$split_odt"
mkdir -p "$TMPD/conv"
cp "$split_odt" "$TMPD/conv/split-$first_no.odt"

# An .odt template, saved by LibreOffice from the shipped one.
odt_tpl=$TMPD/tpl-odt
cp -R "$TOP/templates" "$odt_tpl"
rm "$odt_tpl/certificate.fodt"
timeout "$E2E_TIMEOUT" soffice --headless --norestore --nolockcheck \
    "-env:UserInstallation=file://$TMPD/lo-odt" --convert-to odt \
    --outdir "$odt_tpl" "$TOP/templates/certificate.fodt" \
    </dev/null >"$TMPD/lo-odt.log" 2>&1
rm -rf "$TMPD/lo-odt"
assert_file "$odt_tpl/certificate.odt"
expect_exit 0 "$GONGSHI_SAN" build --content "$content" \
    --templates "$odt_tpl" --output "$TMPD/odt"
odt_odt=$TMPD/odt/${first#"$out"/}
odf_validate "$odt_odt"
cp "$odt_odt" "$TMPD/conv/odt-$first_no.odt"

# --- LibreOffice: one run for all ----------------------------------------------
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
t1=$(date +%s)
# shellcheck disable=SC2086
odt_to_pdf $certs "$TMPD"/conv/*.odt "$TMPD/pdf"
echo "  (LibreOffice: $((n + 2)) certificates in $(( $(date +%s) - t1 )) s)"

# The text of a PDF on one line without blanks, in the order it was drawn.
pdf_text() {
	pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \t\n\f'
}

# check_pdf PDF NUMBER ORGANISATION WHAT: one page, A4 landscape or
# portrait; the organisation, the award year and the number in its text;
# a QR code that reads as the verification address.
check_pdf() {
	_what=$4
	_year=${2#"$prefix"-}
	_year=${_year%%-*}
	_url="${base_url}verify/$2.html"
	if [ ! -f "$1" ]; then
		fail "$_what: no PDF"
		return
	fi
	_info=$(pdfinfo "$1" 2>/dev/null)
	_pages=$(echo "$_info" | sed -n 's/^Pages: *//p')
	_size=$(echo "$_info" | sed -n 's/^Page size: *//p')
	case $_pages/$_size in
	"1/841"*" x 595"*|"1/595"*" x 841"*|"1/595"*" x 842"*) ;;
	*) fail "$_what: one A4 page: $_pages pages of $_size"; return ;;
	esac
	_text=$(pdf_text "$1")
	_missing=
	for _t in "$3" "${_year}年度" "$2" "$_url"; do
		case $_text in
		*"$(printf '%s' "$_t" | tr -d ' ')"*) ;;
		*) _missing="$_missing '$_t'" ;;
		esac
	done
	pdftoppm -png -r 200 -singlefile "$1" "$TMPD/qr" 2>/dev/null
	_qr=$(qr_decode "$TMPD/qr.png")
	if [ -n "$_missing" ]; then
		fail "$_what: its text lacks$_missing"
	elif [ "$_qr" != "$_url" ]; then
		fail "$_what: the QR code reads '$_qr', not '$_url'"
	else
		pass "$_what: $3, ${_year}年度, $2; QR code → $_url"
	fi
}

while IFS="$(printf '\t')" read -r no name; do
	check_pdf "$TMPD/pdf/$no.pdf" "$no" "$name" "$no.pdf"
done <"$TMPD/expected"
name=$(head -n 1 "$TMPD/expected" | cut -f2)
check_pdf "$TMPD/pdf/split-$first_no.pdf" "$first_no" "$name" \
    "split placeholders joined: $first_no.pdf"
check_pdf "$TMPD/pdf/odt-$first_no.pdf" "$first_no" "$name" \
    ".odt template: $first_no.pdf"

# Every QR code leads to a page that is there.
missing=
for no in $(cut -f1 "$TMPD/expected"); do
	[ -f "$out/site/verify/$no.html" ] || missing="$missing $no"
done
[ -z "$missing" ] && pass "every certificate's verification page exists" ||
    fail "verification pages missing:$missing"

# --- broken placeholders ----------------------------------------------------
# Each must fail the build naming the template and the placeholder, and
# leave the previous output as it was.
snapshot() {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum)
}
snapshot "$out" >"$TMPD/before"
bad=$TMPD/tpl-bad
cp -R "$TOP/templates" "$bad"
for case in unknown unclosed; do
	# in the paragraph of the organisation, or of the year
	if [ "$case" = unknown ]; then
		# misspelt, and split as LibreOffice would
		sed '/>{{org}}：</s|{{org}}|{{<text:span text:style-name="T9">orgg</text:span>}}|' \
		    "$TOP/templates/certificate.fodt" >"$bad/certificate.fodt"
		placeholder='{{orgg}}'
		line=$(grep -n '>{{org}}：<' "$TOP/templates/certificate.fodt" |
		    cut -d: -f1)
	else
		sed '/荣获{{year}}/s|{{year}}|{{year|' \
		    "$TOP/templates/certificate.fodt" >"$bad/certificate.fodt"
		placeholder='{{year'
		line=$(grep -n '荣获{{year}}' "$TOP/templates/certificate.fodt" |
		    cut -d: -f1)
	fi
	if cmp -s "$bad/certificate.fodt" "$TOP/templates/certificate.fodt" ||
	    [ -z "$line" ]; then
		fail "$case placeholder: cannot break the template (changed?)"
		continue
	fi
	expect_exit 1 "$GONGSHI_SAN" build --content "$content" \
	    --templates "$bad" --output "$out"
	if grep -Fq "$bad/certificate.fodt:$line: error:" "$ERR" &&
	    grep -Fq "$placeholder" "$ERR"; then
		pass "$case placeholder: the error names certificate.fodt:$line and $placeholder"
	else
		fail "$case placeholder: the error names certificate.fodt:$line and $placeholder"
		_lib_show "$ERR"
	fi
	snapshot "$out" >"$TMPD/after"
	if cmp -s "$TMPD/before" "$TMPD/after"; then
		pass "$case placeholder: the previous output is untouched"
	else
		fail "$case placeholder: the previous output is untouched"
	fi
done

# --- the picture -----------------------------------------------------------------
# The first certificate of the newest cycle, for the README.
newest=$(grep "^$prefix-$(ls -d "$content"/[0-9][0-9][0-9][0-9] | sort |
    tail -n 1 | sed 's|.*/||')-" "$TMPD/expected" | head -n 1 | cut -f1)
pdf=$TMPD/pdf/$newest.pdf
png=$TOP/tests/pictures/certificate.png
if [ -n "$newest" ] && [ -f "$pdf" ]; then
	rm -f "$png"
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "${png%.png}"
	dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null |
	    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
	    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	# 297 x 210 mm at 60 dpi is 701.6 x 496.1 pixels (or turned)
	case $dims in
	70[12]x49[67]|49[67]x70[12])
		pass "certificate.png ($newest) is an A4 page at 60 dpi ($dims)" ;;
	*)	fail "certificate.png is an A4 page at 60 dpi: $dims" ;;
	esac
else
	fail "certificate.png: no PDF of the newest cycle's first certificate"
fi
echo "  (certificates end to end: $(( $(date +%s) - t0 )) s)"
