# Registers kept in Excel, WPS or LibreOffice (DESIGN.md §2, "Registers as
# spreadsheets"): the sample's registers rewritten as .xlsx workbooks with
# Chinese headers and values and a title row (openpyxl, tests/tools/
# registers.py), and those saved again by LibreOffice as .ods, build output
# byte-identical to the CSV build; a credit-code column that LibreOffice
# turned into numbers is one error for the column and nothing else; a
# workbook under a .csv name is named as such, and so are two forms of one
# register; sanctions kept as sanctions.xlsx are named so, with their
# spreadsheet row, in the messages of check and status (English, Chinese,
# JSON); a cycle started with `gongshi new`, filled in and saved by
# LibreOffice, builds. Makes tests/pictures/register.png: a register
# opened in LibreOffice Calc, printed to PDF.
. "$TOP/tests/e2e/lib.sh"

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
REGISTERS=$TOP/tests/tools/registers.py
SOURCE_DATE_EPOCH=1735689600
export SOURCE_DATE_EPOCH

# calc FORMAT OUTDIR FILE... : LibreOffice Calc converts FILEs (CSV read as
# UTF-8, comma-separated) into OUTDIR.
calc() {
	c_fmt=$1 c_out=$2
	shift 2
	timeout "$E2E_TIMEOUT" soffice --headless --norestore --nolockcheck \
	    "-env:UserInstallation=file://$TMPD/lo-profile" \
	    --infilter="CSV:44,34,76,1" --convert-to "$c_fmt" --outdir "$c_out" \
	    "$@" </dev/null >"$TMPD/lo.log" 2>&1
}

# build_of DIR OUT: builds content DIR into OUT; counts as a check.
build_of() {
	expect_exit 0 "$GONGSHI" build --content "$1" --templates "$TOP/templates" \
	    --output "$2"
}

# same_output NAME A B: two outputs have the same files, byte for byte (the
# input stamp and the registers kept aside, which name the inputs).
same_output() {
	if diff -r -x '.gongshi-*' "$2" "$3" \
	    >"$TMPD/diff" 2>&1; then
		pass "$1"
	else
		fail "$1: $(head -n 5 "$TMPD/diff")"
	fi
}

# errors_only NAME N TEXT: stderr holds N errors, the first containing TEXT.
errors_only() {
	e_n=$(grep -c ': error: ' "$ERR")
	if [ "$e_n" = "$2" ] && grep ': error: ' "$ERR" | head -n 1 |
	    grep -qF -- "$3"; then
		pass "$1"
	else
		fail "$1: $e_n errors, expected $2 with '$3': $(head -c 600 "$ERR")"
	fi
}

command -v soffice >/dev/null || fatal "no soffice (sh tests/setup.sh)"
$PY -c 'import openpyxl' 2>/dev/null || fatal "no openpyxl (sh tests/setup.sh)"

# ---- the reference: the sample as CSV ------------------------------------------
build_of "$TOP/content" "$TMPD/out-csv"

# ---- every register as .xlsx, Chinese headers and values, a title row ------------
X=$TMPD/xlsx
cp -R "$TOP/content" "$X"
for f in "$X"/sanctions.csv "$X"/*/*.csv; do
	$PY "$REGISTERS" xlsx "$f" "${f%.csv}.xlsx" \
	    --title "新疆质量奖登记表" &&
	    rm "$f" || fatal "registers.py failed on $f"
done
assert_eq "no CSV left in the .xlsx copy" "" "$(find "$X" -name '*.csv')"
build_of "$X" "$TMPD/out-xlsx"
same_output ".xlsx registers (Chinese) give the CSV build's bytes" \
    "$TMPD/out-csv" "$TMPD/out-xlsx"
expect_exit 0 "$GONGSHI_SAN" check --content "$X"

# ---- the same workbooks saved by LibreOffice as .ods ----------------------------
O=$TMPD/ods
cp -R "$X" "$O"
for f in "$O"/sanctions.xlsx "$O"/*/*.xlsx; do
	calc ods "$(dirname "$f")" "$f" && rm "$f"
done
assert_eq "every register now .ods" \
    "$(find "$X" -name '*.xlsx' | wc -l)" "$(find "$O" -name '*.ods' | wc -l)"
build_of "$O" "$TMPD/out-ods"
same_output ".ods registers give the CSV build's bytes" \
    "$TMPD/out-csv" "$TMPD/out-ods"
expect_exit 0 "$GONGSHI_SAN" check --content "$O"

# ---- LibreOffice opens the CSV: all-digit credit codes become numbers -------------
M=$TMPD/mangled
cp -R "$TOP/content" "$M"
calc xlsx "$M/2025" "$M/2025/organizations.csv" && rm "$M/2025/organizations.csv"
assert_file "$M/2025/organizations.xlsx"
expect_exit 1 "$GONGSHI" check --content "$M"
errors_only "a mangled credit-code column is one error, nothing else" 1 \
    "2025/organizations.xlsx:2: error: "
assert_contains "$ERR" "credit codes are stored as numbers"
assert_contains "$ERR" "(column A credit_code)"
assert_contains "$ERR" '设置单元格格式为"文本"'
assert_not_contains "$ERR" "is not an applicant"
no_english_left "$M"

# ---- a workbook renamed to .csv; two forms of one register --------------------
R=$TMPD/renamed
cp -R "$TOP/content" "$R"
cp "$X/2025/decisions.xlsx" "$R/2025/decisions.csv"
expect_exit 1 "$GONGSHI" check --content "$R"
errors_only "a workbook under a .csv name is named as such" 1 \
    "2025/decisions.csv: error: this file is a workbook (.xlsx) saved under a .csv name"
cp "$O/2025/decisions.ods" "$R/2025/decisions.csv"
expect_exit 1 "$GONGSHI" check --content "$R"
assert_contains "$ERR" "this file is a workbook (.ods)"
no_english_left "$R"

B=$TMPD/both
cp -R "$TOP/content" "$B"
cp "$X/2025/objections.xlsx" "$B/2025/"
expect_exit 1 "$GONGSHI" check --content "$B"
errors_only "two forms of one register: one error naming both" 1 \
    "2025/objections.csv and 2025/objections.xlsx are both here"
no_english_left "$B"

# ---- a mistake in a Chinese workbook is named at its cell ---------------------
W=$TMPD/cell
cp -R "$X" "$W"
$PY - "$W/2025/organizations.xlsx" <<'EOF' || fail "openpyxl could not edit the copy"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
ws["E5"] = "2005/13/1"		# 成立日期 of the second applicant
ws["C6"] = "乌鲁木齐"		# 所在地州市 of the third
wb.save(sys.argv[1])
EOF
expect_exit 1 "$GONGSHI" check --content "$W"
errors_only "two mistakes, two errors" 2 "2025/organizations.xlsx:5: error: "
assert_contains "$ERR" "founded '2005/13/1' is not a date; write it like 2025-06-30 or 2025/6/30 (column E 成立日期)"
assert_contains "$ERR" "2025/organizations.xlsx:6: error: region '乌鲁木齐' is not a division of Xinjiang"
assert_contains "$ERR" "(column C 所在地州市)"
no_english_left "$W"

# ---- sanctions kept as sanctions.xlsx: messages name it and its row -------------
# sanctions_xlsx DIR: DIR/sanctions.csv rewritten as DIR/sanctions.xlsx.
sanctions_xlsx() {
	$PY "$REGISTERS" xlsx "$1/sanctions.csv" "$1/sanctions.xlsx" \
	    --title "新疆质量奖登记表" && rm "$1/sanctions.csv" ||
	    fatal "registers.py failed on $1/sanctions.csv"
}

# row_of XLSX CODE: the spreadsheet row whose first cell is CODE.
row_of() {
	$PY - "$1" "$2" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(next(r[0].row for r in ws.iter_rows() if r[0].value == sys.argv[2]))
EOF
}

# A 2025 applicant that passes qualification has a major violation (art. 9(3)).
V=$TMPD/violation
cp -R "$TOP/content" "$V"
code=$(grep ',qualification,pass,' "$V/2025/decisions.csv" | sed -n 3p | cut -d, -f1)
dline=$(grep -n "^$code,qualification," "$V/2025/decisions.csv" | cut -d: -f1)
echo "$code,violation,2024-03-01,,,test" >>"$V/sanctions.csv"
sanctions_xlsx "$V"
row=$(row_of "$V/sanctions.xlsx" "$code")
expect_exit 1 "$GONGSHI" check --content "$V"
errors_only "a barring sanction in sanctions.xlsx: one error" 1 \
    "2025/decisions.csv:$dline: error: "
assert_contains "$ERR" "major violation dated 2024-03-01 (sanctions.xlsx:$row), within 3 years"
assert_not_contains "$ERR" "sanctions.csv"
env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 timeout "$E2E_TIMEOUT" "$GONGSHI" \
    check --content "$V" </dev/null >/dev/null 2>"$TMPD/violation.zh"
assert_contains "$TMPD/violation.zh" "2025/decisions.csv:$dline: 错误: "
assert_contains "$TMPD/violation.zh" "2024-03-01 发生的重大违法违规（sanctions.xlsx 第 $row 行）"
no_english_left "$V"

# The sample's art. 20 revocation not decided yet: status names its row.
P=$TMPD/pending
cp -R "$TOP/content" "$P"
code=91652301673203056Y
awk -F, -v OFS=, -v c=$code '$1 == c { $4 = ""; $5 = "" } { print }' \
    "$P/sanctions.csv" >"$TMPD/sanctions.csv" && mv "$TMPD/sanctions.csv" "$P/"
sanctions_xlsx "$P"
row=$(row_of "$P/sanctions.xlsx" $code)
expect_exit 0 "$GONGSHI" status --content "$P" 2023
assert_contains "$OUT" "(art. 20, sanctions.xlsx:$row)"
env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 timeout "$E2E_TIMEOUT" "$GONGSHI" \
    status --content "$P" 2023 </dev/null >"$TMPD/pending.zh" 2>&1
assert_contains "$TMPD/pending.zh" "（《办法》第20条，sanctions.xlsx 第 $row 行）"
expect_exit 0 "$GONGSHI" status --json --content "$P" 2023
if $PY - "$OUT" "$row" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
revs = [r for c in doc["cycles"] for r in c["next"]["revocations"]]
sys.exit(revs != [{"certificate": "XJZLJ-2023-A03", "article": 20,
                   "file": "sanctions.xlsx", "line": int(sys.argv[2])}])
EOF
then
	pass "status --json: the revocation at sanctions.xlsx:$row"
else
	fail "status --json: the revocation not at sanctions.xlsx:$row: $(head -c 600 "$OUT")"
fi

# ---- gongshi new, filled in by openpyxl, saved by LibreOffice, builds -------------
N=$TMPD/new
cp -R "$TOP/content" "$N"
expect_exit 0 "$GONGSHI" new --content "$N" 2026
for f in cycle.yaml organizations.xlsx decisions.xlsx objections.xlsx; do
	assert_file "$N/2026/$f"
done
expect_exit 2 "$GONGSHI" new --content "$N" 2026
assert_contains "$ERR" "exists already"
expect_exit 0 "$GONGSHI" check --content "$N"
$PY - "$N/2026" <<'EOF' || fail "openpyxl could not fill in the new registers"
import datetime, sys, openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(d + "/organizations.xlsx")
ws = wb.worksheets[0]
ws.append(["91650100MA77XR2E3E", "天山新领域示范科技有限公司", "乌鲁木齐市",
           "乌鲁木齐市市场监督管理局", datetime.date(2019, 3, 1), "软件和信息技术服务业",
           "是", "是", None, None, "李明", "13912345678", "li@example.com", "所属行业"])
ws.cell(row=2, column=5).number_format = "yyyy/m/d"
wb.save(d + "/organizations.xlsx")
wb = openpyxl.load_workbook(d + "/decisions.xlsx")
ws = wb.worksheets[0]
ws.append(["91650100MA77XR2E3E", "审核推荐", "通过", datetime.date(2026, 6, 12), None])
ws.cell(row=2, column=4).number_format = "yyyy/m/d"
wb.save(d + "/decisions.xlsx")
EOF
mkdir -p "$TMPD/saved"
calc xlsx "$TMPD/saved" "$N/2026/organizations.xlsx" "$N/2026/decisions.xlsx" &&
    cp "$TMPD/saved/organizations.xlsx" "$TMPD/saved/decisions.xlsx" "$N/2026/"
build_of "$N" "$TMPD/out-new"
assert_file "$TMPD/out-new/site/2026/call.html"
expect_exit 0 "$GONGSHI" status --content "$N" 2026
assert_contains "$OUT" "2026"

# ---- the picture: a register opened in LibreOffice Calc -----------------------------
P=$TMPD/picture
mkdir -p "$P"
cp "$X/2023/decisions.xlsx" "$P/register.xlsx"
calc pdf "$P" "$P/register.xlsx"
if [ -s "$P/register.pdf" ] && command -v pdftoppm >/dev/null; then
	mkdir -p "$TOP/tests/pictures"
	pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$P/register.pdf" \
	    "$TOP/tests/pictures/register"
	assert_file "$TOP/tests/pictures/register.png"
else
	fail "LibreOffice printed no PDF of the register: $(tail -n 3 "$TMPD/lo.log")"
fi
