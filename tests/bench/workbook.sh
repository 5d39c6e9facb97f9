#!/bin/sh
# Load time of a register kept as a workbook beside the same CSV
# (issue 11): tests/bench/gen.c writes a 20,000-applicant cycle as CSV;
# tests/tools/registers.py rewrites its organizations.csv as
# organizations.xlsx (openpyxl, Chinese headers and values, a title row:
# inline strings, every Chinese character as a character reference),
# LibreOffice saves that again as .xlsx (shared strings, as Excel and WPS
# write) and as .ods; `gongshi check` runs five times on each form and the
# median wall time is printed.
#
#   sh tests/bench/workbook.sh [APPLICANTS]     (default 20000)
#
# Self-contained: needs cc, python3-openpyxl, and soffice for the .ods row
# (skipped without it). Nothing is written outside a temporary folder.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-20000}
GONGSHI=$TOP/build/gongshi
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
W=$(mktemp -d "${TMPDIR:-/tmp}/gongshi-bench-wb.XXXXXX")
trap 'rm -rf "$W"' EXIT

die() { echo "workbook.sh: $*" >&2; exit 1; }
[ -x "$GONGSHI" ] || die "no $GONGSHI (make)"
cc -O2 -o "$W/gen" "$TOP/tests/bench/gen.c" || die "cannot compile gen.c"
"$W/gen" "$N" 1 "$W/csv" >/dev/null || die "gen failed"
year=$(ls "$W/csv" | grep -E '^[0-9]{4}$' | head -n 1)
cp -R "$W/csv" "$W/xlsx"
t0=$(date +%s.%N)
$PY "$TOP/tests/tools/registers.py" xlsx "$W/xlsx/$year/organizations.csv" \
    "$W/xlsx/$year/organizations.xlsx" --title "申报组织名单" ||
    die "registers.py failed"
rm "$W/xlsx/$year/organizations.csv"
t1=$(date +%s.%N)
forms="csv xlsx"
# calc FORMAT DIR: LibreOffice saves DIR's organizations.xlsx as FORMAT
calc() {
	mkdir -p "$W/out-$1"
	soffice --headless --norestore "-env:UserInstallation=file://$W/lo" \
	    --convert-to "$1" --outdir "$W/out-$1" \
	    "$W/xlsx/$year/organizations.xlsx" >/dev/null 2>&1 &&
	    cp -R "$W/csv" "$2" && rm "$2/$year/organizations.csv" &&
	    mv "$W/out-$1/organizations.$1" "$2/$year/"
}
if command -v soffice >/dev/null; then
	calc xlsx "$W/calc" && forms="$forms calc"
	calc ods "$W/ods" && forms="$forms ods"
fi

# median of five wall times, in milliseconds
median() {
	dir=$1
	for i in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$GONGSHI" check --content "$dir" >/dev/null 2>"$W/err" ||
		    die "check failed on $dir: $(head -n 3 "$W/err")"
		e=$(date +%s%N)
		echo $(( (e - s) / 1000000 ))
	done | sort -n | sed -n 3p
}

echo "# gongshi check, $N applicants ($year), median of 5 (ms); organizations as:"
for f in $forms; do
	file=$(ls "$W/$f/$year"/organizations.*)
	size=$(ls -l "$file" | awk '{ print $5 }')
	case $f in
	xlsx)	what="written by openpyxl" ;;
	calc)	what="saved again by LibreOffice" ;;
	*)	what="" ;;
	esac
	printf '%-5s %6s ms   (%s, %s bytes%s)\n' "$f" "$(median "$W/$f")" \
	    "$(basename "$file")" "$size" "${what:+, $what}"
done
echo "# (writing the .xlsx with openpyxl took $(echo "$t1 - $t0" | bc) s)"
