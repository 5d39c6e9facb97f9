# The ODT documents of the sample content (DESIGN §3, §4): every one a valid
# ODF 1.3 package (mimetype first and stored, schemas), byte-identical from
# build to build and between the plain and the sanitized program, listed in
# the archive's SHA256SUMS, opened by LibreOffice (all in one run), A4, and
# holding what a reader looks for: the document numbers and the names of
# the organisations.
. "$TOP/tests/e2e/lib.sh"

content=$TOP/content
out=$TMPD/out
t0=$(date +%s)
expect_exit 0 "$GONGSHI_SAN" build --content "$content" \
    --templates "$TOP/templates" --output "$out"
archive=$out/archive
[ -d "$archive" ] || fatal "no archive folder: nothing to check"

odts=$TMPD/odts
find "$out" -name '*.odt' -type f | LC_ALL=C sort >"$odts"
n=$(wc -l <"$odts")
n_archive=$(grep -c "^$archive/" "$odts")
if [ "$n_archive" -gt 0 ]; then
	pass "the archive holds $n_archive ODT files ($n with the site's copies)"
else
	fatal "no ODT under $(_lib_pretty "$archive")"
fi

# --- the packages ----------------------------------------------------------
# shellcheck disable=SC2046 # one argument per file; the paths have no blanks
odf_validate $(cat "$odts")

# Every file of the archive is in SHA256SUMS, and sha256sum agrees.
if (cd "$archive" && sha256sum --quiet --strict -c SHA256SUMS) \
    >"$TMPD/sums.log" 2>&1; then
	pass "sha256sum -c archive/SHA256SUMS"
else
	fail "sha256sum -c archive/SHA256SUMS"
	_lib_show "$TMPD/sums.log"
fi
(cd "$archive" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' |
    LC_ALL=C sort) >"$TMPD/files"
cut -c67- "$archive/SHA256SUMS" >"$TMPD/listed"
if cmp -s "$TMPD/files" "$TMPD/listed"; then
	pass "SHA256SUMS lists every archive file, sorted"
else
	fail "SHA256SUMS lists every archive file, sorted"
	diff "$TMPD/files" "$TMPD/listed" | sed -n '1,10s/^/	| /p'
fi

# Same input, same bytes: again with the plain build, and once more.
expect_exit 0 "$GONGSHI" build --content "$content" \
    --templates "$TOP/templates" --output "$TMPD/again"
if cmp -s "$archive/SHA256SUMS" "$TMPD/again/archive/SHA256SUMS"; then
	pass "ODT packages are byte-identical from build to build"
else
	fail "ODT packages are byte-identical from build to build"
	diff "$archive/SHA256SUMS" "$TMPD/again/archive/SHA256SUMS" |
	    sed -n '1,6s/^/	| /p'
fi

# --- LibreOffice ---------------------------------------------------------
# One run for all: the archive's files, flattened to unique names
# (2025/acceptance.odt and 2023/acceptance.odt would collide).
flat=$TMPD/flat
mkdir -p "$flat"
while IFS= read -r f; do
	rel=${f#"$archive"/}
	cp "$f" "$flat/$(echo "$rel" | tr / _)"
done <<EOF
$(grep "^$archive/" "$odts")
EOF
t1=$(date +%s)
odt_to_pdf "$flat"/*.odt "$TMPD/pdf"
t2=$(date +%s)
echo "  (LibreOffice: $n_archive documents in $((t2 - t1)) s)"

not_a4=
for pdf in "$TMPD"/pdf/*.pdf; do
	[ -f "$pdf" ] || continue
	# "Page size:      595.304 x 841.89 pts (A4)"
	size=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Page size: *//p')
	# Documents are portrait A4; a certificate's orientation is its
	# template's business (the sample's is landscape A4).
	case $(basename "$pdf")/$size in
	*_certificates_*/"841"*" x 595"*|*_certificates_*/"842"*" x 595"*) ;;
	*/"595"*" x 841"*|*/"595"*" x 842"*) ;;
	*) not_a4="$not_a4 $(basename "$pdf") ($size)" ;;
	esac
done
if [ -z "$not_a4" ]; then
	pass "every PDF is A4 (595 x 842 pt; certificates either way)"
else
	fail "not A4:$not_a4"
fi

# The text of a PDF on one line without blanks, in the order it was drawn
# (-raw): a name that wraps in a table cell stays whole.
pdf_text() {
	pdftotext -raw -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \t\n\f'
}

# pdf_has PDF WHAT TEXT: TEXT is in the PDF's text.
pdf_has() {
	if [ ! -f "$1" ]; then
		fail "$2: no $(_lib_pretty "$1")"
	elif pdf_text "$1" | grep -Fq -- "$(printf '%s' "$3" | tr -d ' ')"; then
		pass "$2"
	else
		fail "$2: '$3' not in $(_lib_pretty "$1")"
	fi
}

# names_with STAGE RESULT YEAR: the names of the organisations with that
# decision: decisions.csv joined to organizations.csv on credit_code, the
# columns found by their headers.  (A plain field split: enough for the
# sample, whose only quoted field comes after the name.)
names_with() {
	awk -F, -v stage="$1" -v result="$2" '
	FNR == 1 {
		for (i = 1; i <= NF; i++)
			col[FILENAME, $i] = i
		next
	}
	FILENAME ~ /organizations/ {
		name[$col[FILENAME, "credit_code"]] = $col[FILENAME, "name"]
		next
	}
	$col[FILENAME, "stage"] == stage && $col[FILENAME, "result"] == result {
		print name[$col[FILENAME, "credit_code"]]
	}' "$content/$3/organizations.csv" "$content/$3/decisions.csv"
}

for cycle in "$content"/[0-9][0-9][0-9][0-9]; do
	year=${cycle##*/}
	[ -f "$cycle/cycle.yaml" ] || continue
	for notice in call decision; do
		number=$(sed -n "s/^ *$notice: *{.*number: *\\([^ ,}]*\\).*/\\1/p" \
		    "$cycle/cycle.yaml")
		[ -n "$number" ] || continue
		pdf_has "$TMPD/pdf/${year}_$notice.pdf" \
		    "$year $notice.odt shows its number $number" "$number"
	done
	[ -f "$TMPD/pdf/${year}_decision.pdf" ] &&
	    for result in award nomination; do
		names_with approval "$result" "$year" >"$TMPD/names"
		k=0
		while IFS= read -r name; do
			pdf_text "$TMPD/pdf/${year}_decision.pdf" |
			    grep -Fq -- "$name" || {
				fail "$year decision.odt names $name"
				k=-1
				break
			}
			k=$((k + 1))
		done <"$TMPD/names"
		[ "$k" -gt 0 ] &&
		    pass "$year decision.odt names its $k organisations ($result)"
	done
	if [ -f "$TMPD/pdf/${year}_acceptance.pdf" ]; then
		names_with qualification pass "$year" >"$TMPD/names"
		missing=
		while IFS= read -r name; do
			pdf_text "$TMPD/pdf/${year}_acceptance.pdf" |
			    grep -Fq -- "$name" || missing="$missing $name"
		done <"$TMPD/names"
		if [ -z "$missing" ] && [ -s "$TMPD/names" ]; then
			pass "$year acceptance.odt lists all $(wc -l <"$TMPD/names") accepted organisations"
		else
			fail "$year acceptance.odt lists the accepted organisations; missing:$missing"
		fi
	fi
done

# A decision ends with its 版记; pages are numbered "— 1 —".
latest=$(ls -d "$content"/[0-9][0-9][0-9][0-9] | sort | tail -n 1)
latest=${latest##*/}
pdf_has "$TMPD/pdf/${latest}_decision.pdf" "$latest decision.odt has its 版记" "印发"
pdf_has "$TMPD/pdf/${latest}_decision.pdf" "$latest decision.odt has its page numbers" "—1—"
echo "  (ODT end to end: $(( $(date +%s) - t0 )) s)"
