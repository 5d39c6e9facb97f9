# The Measures, article by article, through the real program: the sample
# content/ passes `gongshi check`; then each rule is broken once, in a copy of
# its own, and check must exit 1 (0 for a warning) naming the exact
# FILE:LINE and the article. Line numbers are looked up in the copy, so that
# the sample may grow without breaking this script.
. "$TOP/tests/e2e/lib.sh"

# mutant NAME: a fresh copy of the sample in $M.
mutant() {
	M=$TMPD/$1
	rm -rf "$M"
	cp -R "$TOP/content" "$M"
}

# col_of FILE NAME: the number of the column NAME in a CSV header.
col_of() {
	head -n 1 "$1" | sed 's/^\xef\xbb\xbf//; s/\r$//' | tr ',' '\n' |
	    grep -nx -- "$2" | cut -d: -f1
}

# line_of FILE PREFIX [N]: the number of the N-th line (default 1) that starts
# with PREFIX (a fixed string).
line_of() {
	awk -v p="$2" -v n="${3:-1}" \
	    'index($0, p) == 1 && ++seen == n { print NR; exit }' "$1"
}

# nth_line_with FILE TEXT N: the number of the N-th line containing TEXT.
nth_line_with() {
	awk -v t="$2" -v n="$3" 'index($0, t) && ++seen == n { print NR; exit }' "$1"
}

# csv_set FILE PREFIX COLUMN VALUE: in the rows starting with PREFIX, sets the
# column named COLUMN. (Rows are split at commas: the rows changed here hold
# no quoted field.)
csv_set() {
	r_col=$(col_of "$1" "$3")
	[ -n "$r_col" ] || fatal "csv_set: no column $3 in $1"
	awk -F, -v OFS=, -v p="$2" -v c="$r_col" -v v="$4" \
	    'index($0, p) == 1 { $c = v } { print }' "$1" >"$1.new" &&
	    mv "$1.new" "$1"
}

# yaml_line FILE KEY: the line of the first "KEY:" (after indentation).
yaml_line() {
	grep -n "^[[:space:]]*$2:" "$1" | head -n 1 | cut -d: -f1
}

# check_copy CODE: runs gongshi check on $M, expecting exit CODE; build must
# say the same, and a Chinese run must say it all in Chinese.
check_copy() {
	expect_exit "$1" "$GONGSHI" check --content "$M"
	cp "$OUT" "$TMPD/.check.out"
	cp "$ERR" "$TMPD/.check.err"
	agree_check_build "$M"
	no_english_left "$M"
	# the checks that follow read this run's output
	cp "$TMPD/.check.out" "$OUT"
	cp "$TMPD/.check.err" "$ERR"
}

# expect_diag LEVEL FILE LINE TEXT...: stderr has "FILE:LINE: LEVEL:" on a
# line that also holds every TEXT.
expect_diag() {
	r_where="$2:$3: $1:"
	shift 3
	if [ -z "${r_where##*::*}" ]; then
		fail "$r_where: the line was not found in the copy"
		return 1
	fi
	grep -F -- "$r_where" "$ERR" >"$TMPD/.diag"
	for r_text; do
		if ! grep -Fq -- "$r_text" "$TMPD/.diag"; then
			fail "$r_where … $r_text"
			_lib_show "$ERR"
			return 1
		fi
	done
	pass "$r_where $*"
}

# gb32100 FIRST17: the 18-character credit code with its check character.
gb32100() {
	echo "$1" | awk '{
		cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
		split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
		for (i = 1; i <= 17; i++)
			s += (index(cs, substr($0, i, 1)) - 1) * w[i]
		c = 31 - s % 31
		if (c == 31) c = 0
		print $0 substr(cs, c + 1, 1)
	}'
}

# ---- the sample passes -------------------------------------------------------

mutant sample
check_copy 0
assert_eq "the sample: no diagnostics" "" "$(cat "$ERR")"

# ---- art. 4: quotas ----------------------------------------------------------

# A 2025 nomination raised to award at deliberation and approval: 6 awards.
mutant art4-award-quota
D=$M/2025/decisions.csv
code=$(grep ',approval,nomination,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,deliberation," result award
csv_set "$D" "$code,approval," result award
check_copy 1
expect_diag error 2025/decisions.csv "$(nth_line_with "$D" ,deliberation,award, 6)" \
    "art. 4 allows at most 5 awards" "6th award"
expect_diag error 2025/decisions.csv "$(nth_line_with "$D" ,approval,award, 6)" \
    "art. 4" "at approval"

# The quota is site.yaml's: 4 awards make the 5th of 2025 one too many.
mutant art4-quota-from-site
sed 's/^\([[:space:]]*award_quota:\) 5/\1 4/' "$M/site.yaml" >"$M/site.new" &&
    mv "$M/site.new" "$M/site.yaml"
check_copy 1
expect_diag error 2025/decisions.csv \
    "$(nth_line_with "$M/2025/decisions.csv" ,deliberation,award, 5)" \
    "art. 4 allows at most 4 awards"

# ---- art. 9(2): years of operation, registered in Xinjiang ------------------

# An applicant that passes qualification, founded 4 years before the deadline.
mutant art9-2-too-young
code=$(grep ',qualification,pass,' "$M/2025/decisions.csv" | sed -n 2p | cut -d, -f1)
csv_set "$M/2025/organizations.csv" "$code," new_sector no
csv_set "$M/2025/organizations.csv" "$code," founded 2021-03-02
check_copy 1
expect_diag error 2025/decisions.csv \
    "$(line_of "$M/2025/decisions.csv" "$code,qualification,")" \
    "founded on 2021-03-02, 4 years before the application deadline 2025-06-30" \
    "art. 9(2) requires 5 years of operation"

# A new-sector applicant (3 years) founded 2 years before the deadline.
mutant art9-2-new-sector
O=$M/2025/organizations.csv
code=$(awk -F, -v c="$(col_of "$O" new_sector)" 'NR > 1 && $c == "yes" { print $1; exit }' "$O")
csv_set "$O" "$code," founded 2023-01-01
check_copy 1
expect_diag error 2025/decisions.csv \
    "$(line_of "$M/2025/decisions.csv" "$code,qualification,")" \
    "art. 9(2) requires 3 years of operation in a new sector"

# A credit code registered in Beijing (division 11): a warning only.
mutant art9-2-division-code
O=$M/2025/organizations.csv
code=$(gb32100 91110108MA7ABC009)
echo "$code,北京样例示范有限公司,乌鲁木齐市,乌鲁木齐市市场监督管理局,2001-01-01,,,,,,,,," >>"$O"
check_copy 0
expect_diag warning 2025/organizations.csv "$(line_of "$O" "$code,")" \
    "starts with 11, not Xinjiang's 65" "art. 9(2)"

# ---- art. 9(3): no incident or violation in the last 3 years ----------------

mutant art9-3-violation
code=$(grep ',qualification,pass,' "$M/2025/decisions.csv" | sed -n 3p | cut -d, -f1)
echo "$code,violation,2024-03-01,,,test" >>"$M/sanctions.csv"
check_copy 1
expect_diag error 2025/decisions.csv \
    "$(line_of "$M/2025/decisions.csv" "$code,qualification,")" \
    "major violation dated 2024-03-01 (sanctions.csv:$(line_of "$M/sanctions.csv" "$code,"))" \
    "art. 9(3)"

# ---- art. 11: publicities ----------------------------------------------------

# The applicant's own publicity one working day short (art. 11(2)).
mutant art11-2-internal
O=$M/2025/organizations.csv
code=$(awk -F, -v c="$(col_of "$O" internal_publicity_end)" 'NR > 1 && $c != "" { print $1; exit }' "$O")
start=$(awk -F, -v p="$code," -v c="$(col_of "$O" internal_publicity_start)" 'index($0, p) == 1 { print $c }' "$O")
end=$(awk -F, -v p="$code," -v c="$(col_of "$O" internal_publicity_end)" 'index($0, p) == 1 { print $c }' "$O")
# one day earlier, and earlier still while that is not a working day
new_end=$(date -d "$end - 1 day" +%F)
while [ "$(date -d "$new_end" +%u)" -gt 5 ]; do
	new_end=$(date -d "$new_end - 1 day" +%F)
done
csv_set "$O" "$code," internal_publicity_end "$new_end"
check_copy 1
expect_diag error 2025/organizations.csv "$(line_of "$O" "$code,")" \
    "runs $start to $new_end" "art. 11(2) requires at least 5"

# The proposal publicity's until one working day short (the brief's example).
mutant art11-until-short
Y=$M/2025/cycle.yaml
sed 's/^\(  proposal: *{ date: 2025-11-20\).*/\1, until: 2025-11-25 }/' "$Y" >"$Y.new" && mv "$Y.new" "$Y"
check_copy 1
expect_diag error 2025/cycle.yaml "$(yaml_line "$Y" proposal)" \
    "the proposal publicity runs 2025-11-20 to 2025-11-25, 4 working days; art. 11(8) requires at least 5: until 2025-11-26 or later"

# The acceptance publicity starting on a Saturday.
mutant art11-start-day-off
Y=$M/2025/cycle.yaml
sed 's/^\(  acceptance: *{ date: \)2025-07-15/\12025-07-12/' "$Y" >"$Y.new" && mv "$Y.new" "$Y"
check_copy 1
expect_diag error 2025/cycle.yaml "$(yaml_line "$Y" acceptance)" \
    "starts on 2025-07-12, not a working day" "art. 11(4)" "start it on 2025-07-14"

# No calendar for 2025: every publicity of 2025 is an error, never a guess.
mutant art11-no-calendar
rm "$M/calendar/2025.yaml"
check_copy 1
expect_diag error 2025/cycle.yaml "$(yaml_line "$M/2025/cycle.yaml" acceptance)" \
    "(2025-07-15) is outside the working-day calendar" "add calendar/2025.yaml"

# ---- art. 11: the stages -----------------------------------------------------

# A presentation decision without the material decision before it.
mutant art11-stage-order
D=$M/2025/decisions.csv
code=$(grep ',presentation,pass,' "$D" | head -n 1 | cut -d, -f1)
grep -v "^$code,material," "$D" >"$D.new" && mv "$D.new" "$D"
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,presentation,")" \
    "has a presentation decision" "but no material decision" "art. 11"

# A presentation decision for an applicant that failed the material review.
mutant art11-previous-failed
D=$M/2025/decisions.csv
code=$(grep ',presentation,pass,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,material," result fail
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,presentation,")" \
    "its material result is fail" "art. 11(6)"

# Approval raising a proposed nomination to an award (2023: 4 awards).
mutant art11-approval-raises
D=$M/2023/decisions.csv
code=$(grep ',approval,nomination,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,approval," result award
check_copy 1
expect_diag error 2023/decisions.csv "$(line_of "$D" "$code,approval,")" \
    "approved as award, but deliberation proposed nomination" "art. 11(9)"

# A qualification decision dated after the acceptance list was published.
mutant art11-after-notice
D=$M/2025/decisions.csv
code=$(grep ',qualification,pass,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,qualification," date 2025-07-16
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,qualification,")" \
    "after the acceptance notice" \
    "(2025/cycle.yaml:$(yaml_line "$M/2025/cycle.yaml" acceptance)); art. 11(4)"

# An approval during the proposal publicity (2025-11-20 to 11-26).
mutant art11-approval-in-publicity
D=$M/2025/decisions.csv
code=$(grep ',approval,award,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,approval," date 2025-11-26
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,approval,")" \
    "while the proposal publicity" "runs until 2025-11-26" "art. 11(9)"

# A qualification decision before the application deadline.
mutant art11-before-deadline
D=$M/2025/decisions.csv
code=$(grep ',qualification,pass,' "$D" | head -n 1 | cut -d, -f1)
csv_set "$D" "$code,qualification," date 2025-06-27
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,qualification,")" \
    "before the application deadline 2025-06-30" "art. 11(4)"

# ---- art. 12, 13: objections -------------------------------------------------

X=2025/objections.csv

# An objection without complete identity is not accepted: no outcome.
mutant art12-incomplete
J=$M/$X
id=$(awk -F, -v c="$(col_of "$J" identity)" 'NR > 1 && $c == "incomplete" { print $1; exit }' "$J")
csv_set "$J" "$id," decided 2025-12-01
csv_set "$J" "$id," outcome founded
check_copy 1
expect_diag error $X "$(line_of "$J" "$id,")" "objection $id" \
    "art. 12 does not accept it" "remove it"

# Forwarded after 3 working days: a warning naming the objection.
mutant art13-forward-late
J=$M/$X
id=$(awk -F, -v c="$(col_of "$J" forwarded)" 'NR > 1 && $c != "" { print $1; exit }' "$J")
received=$(awk -F, -v p="$id," -v c="$(col_of "$J" received)" 'index($0, p) == 1 { print $c }' "$J")
reported=$(awk -F, -v p="$id," -v c="$(col_of "$J" reported)" 'index($0, p) == 1 { print $c }' "$J")
# the 4th weekday after the day received (no holiday falls in July 2025)
late=$received
k=0
while [ "$k" -lt 4 ]; do
	k=$((k + 1))
	late=$(date -d "$late + 1 day" +%F)
	while [ "$(date -d "$late" +%u)" -gt 5 ]; do
		late=$(date -d "$late + 1 day" +%F)
	done
done
# reported no earlier than forwarded
[ "$(printf '%s\n%s\n' "$late" "$reported" | sort | tail -n 1)" = "$reported" ] ||
    csv_set "$J" "$id," reported "$late"
csv_set "$J" "$id," forwarded "$late"
check_copy 0
expect_diag warning $X "$(line_of "$J" "$id,")" "objection $id" \
    "forwarded on $late, 4 working days after it was received on $received" \
    "art. 13 allows 3 working days"

# Decided before the recommending unit reported.
mutant art13-decided-early
J=$M/$X
id=$(awk -F, -v c="$(col_of "$J" reported)" 'NR > 1 && $c != "" { print $1; exit }' "$J")
reported=$(awk -F, -v p="$id," -v c="$(col_of "$J" reported)" 'index($0, p) == 1 { print $c }' "$J")
csv_set "$J" "$id," decided "$(date -d "$reported - 1 day" +%F)"
check_copy 1
expect_diag error $X "$(line_of "$J" "$id,")" "objection $id" \
    "before it was reported on $reported" "art. 13"

# A disqualified applicant given a nomination after its disqualification.
mutant art13-disqualified
J=$M/$X
code=$(awk -F, -v c="$(col_of "$J" outcome)" 'NR > 1 && $c == "disqualifying" { print $2; exit }' "$J")
D=$M/2025/decisions.csv
csv_set "$D" "$code,approval," result nomination
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,approval,")" \
    "was disqualified on" "art. 13" "record none"

# ---- art. 15: an award winner applies again within 5 years -----------------

mutant art15-reapply
O23=$M/2023/organizations.csv
code=$(grep ',approval,award,' "$M/2023/decisions.csv" | head -n 1 | cut -d, -f1)
# its 2023 row, without the 2023 internal publicity dates
awk -F, -v OFS=, -v p="$code," \
    -v s="$(col_of "$O23" internal_publicity_start)" \
    -v e="$(col_of "$O23" internal_publicity_end)" \
    'index($0, p) == 1 { $s = ""; $e = ""; print }' "$O23" \
    >>"$M/2025/organizations.csv"
echo "$code,recommendation,pass,2025-06-12," >>"$M/2025/decisions.csv"
echo "$code,qualification,pass,2025-07-10," >>"$M/2025/decisions.csv"
check_copy 1
expect_diag error 2025/decisions.csv \
    "$(line_of "$M/2025/decisions.csv" "$code,qualification,")" \
    "won the award (质量奖) of the 2023 cycle" \
    "2023/decisions.csv:$(line_of "$M/2023/decisions.csv" "$code,approval,")" \
    "art. 15"

# ---- art. 19: false materials, fraud -----------------------------------------

# The applicant banned for false materials passes qualification.
mutant art19-false-material
S=$M/sanctions.csv
code=$(grep ',false_material,' "$S" | head -n 1 | cut -d, -f1)
D=$M/2025/decisions.csv
csv_set "$D" "$code,qualification," result pass
check_copy 1
expect_diag error 2025/decisions.csv "$(line_of "$D" "$code,qualification,")" \
    "false or concealing application materials (sanctions.csv:$(line_of "$S" "$code,")," \
    "art. 19"

# Fraud found after a 2023 award: the revocation is due (pending).
mutant art19-fraud-pending
code=$(grep ',approval,award,' "$M/2023/decisions.csv" | head -n 1 | cut -d, -f1)
echo "$code,fraud,2025-03-01,,,test" >>"$M/sanctions.csv"
check_copy 0
assert_eq "art. 19 fraud: no diagnostics" "" "$(cat "$ERR")"
expect_exit 0 "$GONGSHI" status --content "$M" 2023
assert_contains "$OUT" "(art. 19)"
assert_contains "$OUT" "revocations pending: 1"

# ---- art. 20: revocations ------------------------------------------------------

# The decided revocation of the sample without its document number.
mutant art20-no-number
S=$M/sanctions.csv
line=$(awk -F, -v c="$(col_of "$S" decided)" 'NR > 1 && $c != "" { print NR; exit }' "$S")
code=$(sed -n "${line}p" "$S" | cut -d, -f1)
csv_set "$S" "$code," number ""
check_copy 1
expect_diag error sanctions.csv "$line" "decided date but no number" "art. 20"

# The same revocation not decided yet: pending, shown by status.
mutant art20-pending
S=$M/sanctions.csv
code=$(awk -F, -v c="$(col_of "$S" decided)" 'NR > 1 && $c != "" { print $1; exit }' "$S")
csv_set "$S" "$code," decided ""
csv_set "$S" "$code," number ""
check_copy 0
assert_eq "art. 20 pending: no diagnostics" "" "$(cat "$ERR")"
expect_exit 0 "$GONGSHI" status --content "$M"
assert_contains "$OUT" "(art. 20)"
assert_contains "$OUT" "revocations pending in all cycles: 1"

# A revocation decision on a sanction of an applicant that holds no award.
mutant art20-revokes-nothing
S=$M/sanctions.csv
line=$(awk -F, -v c="$(col_of "$S" kind)" 'NR > 1 && $c == "incident" { print NR; exit }' "$S")
code=$(sed -n "${line}p" "$S" | cut -d, -f1)
csv_set "$S" "$code," decided 2025-05-20
csv_set "$S" "$code," number 新政发〔2025〕99号
check_copy 1
expect_diag error sanctions.csv "$line" "revokes no certificate" "art. 20"

# ---- gongshi status on the sample -------------------------------------------

expect_exit 0 "$GONGSHI" status --content "$TOP/content"
assert_contains "$OUT" "acceptance"
assert_contains "$OUT" "2025-07-15  to 2025-07-21, 5 working days"
assert_contains "$OUT" "next:"
# and in Chinese, for the office
env -u LC_ALL LANG=zh_CN.UTF-8 "$GONGSHI" status --content "$TOP/content" >"$TMPD/status.zh" 2>&1
assert_contains "$TMPD/status.zh" "受理名单公示"
assert_contains "$TMPD/status.zh" "2025-07-15  至 2025-07-21，5 个工作日"
assert_contains "$TMPD/status.zh" "下一步："
if grep -q "$(printf '\033')" "$OUT"; then
	fail "status: no colour when stdout is not a terminal"
else
	pass "status: no colour when stdout is not a terminal"
fi
expect_exit 0 "$GONGSHI_SAN" status --content "$TOP/content" 2025
assert_not_contains "$OUT" "2023 第7届"
