# `gongshi check` on malformed content: each case is a fresh copy of the
# sample content/ with ONE mistake, such as the office makes in a
# spreadsheet or a YAML file.  Each must exit 1 with exactly one
# diagnostic, "FILE:LINE: error: …" at the line of the mistake, saying
# what is wrong (one mistake, one message: no cascade); the encodings and
# date forms that DESIGN §2 allows must pass.  The line of each mistake is
# found in the sample here (grep), never copied from the program's output.
#
# Mistakes against the rules of the Measures (quotas, eligibility,
# publicity windows, objection deadlines) are tests/e2e/t_20_rules.sh's.
# Malformed input is where memory errors hide: the sanitized build runs.
. "$TOP/tests/e2e/lib.sh"

# Bytes, not characters: sed and grep must pass GB18030 and stray bytes.
LC_ALL=C
export LC_ALL

BIN=$GONGSHI_SAN
C=$TMPD/content
ORGS=$C/2025/organizations.csv
DECS=$C/2025/decisions.csv
OBJS=$C/2025/objections.csv
SANC=$C/sanctions.csv
CYCLE=$C/2025/cycle.yaml
SITE=$C/site.yaml
CAL=$C/calendar/2025.yaml
NOTE=$C/2025/notices/onsite-arrangement.md

# fresh NAME: a new copy of the sample, for the case NAME.
fresh() {
	CASE=$1
	echo "  -- $CASE"
	rm -rf "$C"
	cp -R "$TOP/content" "$C" || fatal "cannot copy content/"
}

# at FILE TEXT: sets L to the number of the first line of FILE holding TEXT.
at() {
	L=$(grep -nF -m1 -- "$2" "$1" | cut -d: -f1)
	[ -n "$L" ] || fatal "$CASE: $(_lib_pretty "$1") holds no '$2'"
}

# edit FILE SED-SCRIPT: changes FILE in place; the script must change it.
edit() {
	cp "$1" "$TMPD/.before"
	sed -i "$2" "$1"
	cmp -s "$1" "$TMPD/.before" &&
		fatal "$CASE: the edit did not change $(_lib_pretty "$1")"
	return 0
}

# lines FILE: sets L to the number of lines of FILE.
lines() {
	L=$(wc -l <"$1" | tr -d ' ')
}

# _only LEVEL WHERE WORD: stderr holds the diagnostic "WHERE: LEVEL: …"
# with WORD in it, and no other diagnostic.
_only() {
	grep -E '^[^ ]+: (error|warning): ' "$ERR" >"$TMPD/.diags"
	if grep -F -- "$2: $1: " "$TMPD/.diags" | grep -Fq -- "$3"; then
		pass "$CASE: $2: $1: …$3…"
	else
		fail "$CASE: no '$2: $1: …$3…'"
		_lib_show "$ERR"
		return 1
	fi
	if [ "$(wc -l <"$TMPD/.diags")" -eq 1 ]; then
		pass "$CASE: one message for one mistake"
	else
		fail "$CASE: $(($(wc -l <"$TMPD/.diags") - 1)) more diagnostics"
		grep -Fv -- "$2: $1: " "$TMPD/.diags" | sed -n '1,8s/^/	| /p'
		grep -F -- "$2: $1: " "$TMPD/.diags" | sed -n '2,4s/^/	| /p'
	fi
}

# error WHERE WORD: check fails with that error alone.
error() {
	expect_exit 1 "$BIN" check --content "$C"
	_only error "$@"
	both_ways
}

# both_ways: build says what check says, and in Chinese under zh_CN.
both_ways() {
	agree_check_build "$C"
	no_english_left "$C"
}

# warning WHERE WORD: check passes, with that warning alone.
warning() {
	expect_exit 0 "$BIN" check --content "$C"
	_only warning "$@"
	both_ways
}

# clean: check passes and says nothing.
clean() {
	expect_exit 0 "$BIN" check --content "$C"
	assert_eq "$CASE: nothing on stderr" "" "$(cat "$ERR")"
	both_ways
}

# not_utf8 FILE: FILE is not valid UTF-8 (so that a test of GB18030 tests it).
not_utf8() {
	if iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; then
		fail "$CASE: $(_lib_pretty "$1") is still UTF-8"
	else
		pass "$CASE: $(_lib_pretty "$1") is not UTF-8"
	fi
}

# gb18030_crlf FILE: FILE as Excel saves "CSV" on Chinese Windows.
gb18030_crlf() {
	if ! sed 's/$/\r/' "$1" | iconv -f UTF-8 -t GB18030 >"$TMPD/.conv"; then
		fatal "$CASE: iconv $(_lib_pretty "$1")"
	fi
	mv "$TMPD/.conv" "$1"
}

# ==== CSV: the encoding and the syntax ====================================

fresh "organizations.csv in GB18030 with CRLF"
gb18030_crlf "$ORGS"
not_utf8 "$ORGS"
clean

fresh "organizations.csv in UTF-8 with a BOM and CRLF"
{ printf '\357\273\277'; sed 's/$/\r/' "$ORGS"; } >"$TMPD/.conv"
mv "$TMPD/.conv" "$ORGS"
clean

fresh "every CSV file in GB18030 with CRLF"
for f in "$C"/*.csv "$C"/*/*.csv; do
	gb18030_crlf "$f"
done
not_utf8 "$DECS"
clean

fresh "dates written 2025/6/3 in every CSV and YAML file"
for f in "$C"/*.csv "$C"/*/*.csv "$C"/*/*.yaml; do
	edit "$f" 's#\(20[0-9][0-9]\)-0*\([1-9][0-9]*\)-0*\([1-9][0-9]*\)#\1/\2/\3#g'
done
grep -q '2025/[1-9]/[1-9],' "$DECS" || fail "$CASE: no date like 2025/6/3 in decisions.csv"
clean

fresh "organizations.csv: a row with a field too few"
at "$ORGS" ',伊犁河谷示范农业科技有限公司,'
edit "$ORGS" "${L}s/,\$//"
error "2025/organizations.csv:$L" "expected 14 fields"

fresh "decisions.csv: a row with a field too many"
at "$DECS" '12650103451561851C,qualification,'
edit "$DECS" "${L}s/\$/,x/"
error "2025/decisions.csv:$L" "expected 5 fields"

fresh "decisions.csv: an unterminated quote"
at "$DECS" '12650103451561851C,material,'
edit "$DECS" "${L}s/,\$/,\"材料评审意见/"
error "2025/decisions.csv:$L" "closing quote"

fresh "objections.csv: a byte that is neither UTF-8 nor GB18030"
at "$OBJS" 'OBJ-2025-02,'
edit "$OBJS" "${L}s/异议成立/异议$(printf '\377')成立/"
error "2025/objections.csv:$L" "neither UTF-8 nor GB18030"

fresh "decisions.csv: a control character"
at "$DECS" '91650109749849540C,material,'
edit "$DECS" "${L}s/,\$/,$(printf '\001')/"
error "2025/decisions.csv:$L" "control character"

# ==== CSV: the header ======================================================

fresh "decisions.csv: a required column missing"
cut -d, -f1,2,4- "$DECS" >"$TMPD/.cut" && mv "$TMPD/.cut" "$DECS"
error "2025/decisions.csv:1" "column 'result' is missing"

fresh "organizations.csv: a required column missing"
cut -d, -f1-3,5- "$ORGS" >"$TMPD/.cut" && mv "$TMPD/.cut" "$ORGS"
error "2025/organizations.csv:1" "column 'recommender' is missing"

fresh "sanctions.csv: an unknown column"
# shellcheck disable=SC2016 # a sed script
edit "$SANC" '1s/$/,remark/; 2,$s/$/,/'
warning "sanctions.csv:1" "unknown column 'remark'"

# ==== organizations.csv: values ================================================

fresh "organizations.csv: credit code with a wrong check character"
# Everywhere in the cycle, so that only the code itself is wrong.
for f in "$C"/2025/*.csv; do
	sed -i 's/91650109749849540C/91650109749849540D/g' "$f"
done
at "$ORGS" '91650109749849540D'
error "2025/organizations.csv:$L" "check character should be C"

fresh "organizations.csv: the same credit code twice"
row=$(sed -n 2p "$ORGS")
printf '%s\n' "$row" >>"$ORGS"
lines "$ORGS"
error "2025/organizations.csv:$L" "appears twice (first at line 2)"

fresh "organizations.csv: a region that is not a division"
at "$ORGS" ',昆仑示范新材料股份有限公司,'
edit "$ORGS" "${L}s/,乌鲁木齐市,/,乌鲁木齐,/"
error "2025/organizations.csv:$L" "region '乌鲁木齐' is not a division"

fresh "organizations.csv: a yes/no column saying maybe"
at "$ORGS" ',昆仑示范新材料股份有限公司,'
edit "$ORGS" "${L}s/,no,no,/,no,maybe,/"
error "2025/organizations.csv:$L" "sme 'maybe' must be yes or no"

fresh "organizations.csv: founded on an impossible date"
at "$ORGS" ',昆仑示范新材料股份有限公司,'
edit "$ORGS" "${L}s/,2005-06-28,/,2005-02-30,/"
error "2025/organizations.csv:$L" "founded '2005-02-30' is not a date"

fresh "organizations.csv: the name marked confidential"
at "$ORGS" ',industry;sme'
edit "$ORGS" "${L}s/,industry;sme\$/,industry;name/"
error "2025/organizations.csv:$L" "confidential names 'name'"

# ==== decisions.csv ================================================================

fresh "decisions.csv: an impossible date"
at "$DECS" '12650103451561851C,qualification,'
edit "$DECS" "${L}s/,2025-07-10,/,2025-02-30,/"
error "2025/decisions.csv:$L" "date '2025-02-30' is not a date"

fresh "decisions.csv: a credit code of no applicant"
# 天山示范精密制造 applied in 2023 only.
at "$DECS" '12650103451561851C,qualification,'
edit "$DECS" "${L}s/^12650103451561851C,/916501047866369903,/"
error "2025/decisions.csv:$L" "916501047866369903 is not an applicant"

fresh "decisions.csv: a second decision at a stage"
echo '916540027233750093,recommendation,fail,2025-06-12,' >>"$DECS"
at "$DECS" '916540027233750093,recommendation,pass'
first=$L
lines "$DECS"
error "2025/decisions.csv:$L" "first at line $first"

fresh "decisions.csv: an unknown stage"
at "$DECS" '12650103451561851C,qualification,'
edit "$DECS" "${L}s/,qualification,/,qualify,/"
error "2025/decisions.csv:$L" "stage 'qualify' is unknown"

fresh "decisions.csv: an unknown result"
at "$DECS" '91650109749849540C,material,pass'
edit "$DECS" "${L}s/,pass,/,passed,/"
error "2025/decisions.csv:$L" "result 'passed' is unknown"

# ==== objections.csv ================================================================

fresh "objections.csv: an unknown kind of objector"
at "$OBJS" 'OBJ-2025-01,'
edit "$OBJS" "${L}s/,unit,/,company,/"
error "2025/objections.csv:$L" "objector 'company' must be individual or unit"

fresh "objections.csv: an unknown identity"
at "$OBJS" 'OBJ-2025-02,'
edit "$OBJS" "${L}s/,complete,/,full,/"
error "2025/objections.csv:$L" "identity 'full' must be complete or incomplete"

fresh "objections.csv: an unknown outcome"
at "$OBJS" 'OBJ-2025-01,'
edit "$OBJS" "${L}s/,unfounded,/,rejected,/"
error "2025/objections.csv:$L" "outcome 'rejected' must be"

fresh "objections.csv: the same id twice"
at "$OBJS" 'OBJ-2025-02,'
edit "$OBJS" "${L}s/^OBJ-2025-02,/OBJ-2025-01,/"
error "2025/objections.csv:$L" "id OBJ-2025-01 appears twice"

# ==== sanctions.csv ==================================================================

fresh "sanctions.csv: an unknown kind"
at "$SANC" ',incident,'
edit "$SANC" "${L}s/,incident,/,accident,/"
error "sanctions.csv:$L" "kind 'accident' must be"

fresh "sanctions.csv: credit code with a wrong check character"
at "$SANC" '91652301673203056Y'
edit "$SANC" "${L}s/^91652301673203056Y,/91652301673203056X,/"
error "sanctions.csv:$L" "check character should be Y"

# ==== YAML files ====================================================================

fresh "site.yaml: a required key missing"
edit "$SITE" '/^base_url:/d'
# The top-level map starts at its first key.
at "$SITE" 'title:'
error "site.yaml:$L" "'base_url' is missing"

fresh "site.yaml: an unknown key"
at "$SITE" 'title:'
edit "$SITE" "${L}a\\
theme: blue"
L=$((L + 1))
warning "site.yaml:$L" "unknown key 'theme'"

fresh "site.yaml: a rule that is not a number"
at "$SITE" '  award_quota: 5'
edit "$SITE" "${L}s/award_quota: 5/award_quota: five/"
error "site.yaml:$L" "award_quota 'five' must be a whole number"

fresh "site.yaml: an unclosed quote"
at "$SITE" '  postcode: "'
edit "$SITE" "${L}s/\"\\([0-9]*\\)\"/\"\\1/"
error "site.yaml:$L" "quoted value is not closed"

fresh "site.yaml: a byte that is not UTF-8"
at "$SITE" '  postcode: "'
edit "$SITE" "${L}s/\"\$/$(printf '\377')\"/"
error "site.yaml:$L" "UTF-8"

fresh "site.yaml: a key indented too far"
at "$SITE" '  host:'
edit "$SITE" "${L}s/^  host:/   host:/"
error "site.yaml:$L" "YAML syntax error"

fresh "cycle.yaml: a tab for indentation"
at "$CYCLE" '  acceptance:'
edit "$CYCLE" "${L}s/^  acceptance:/$(printf '\t')acceptance:/"
error "2025/cycle.yaml:$L" "does not allow tabs for indentation"

fresh "cycle.yaml: a full-width colon"
at "$CYCLE" '  acceptance:'
edit "$CYCLE" "${L}s/^  acceptance:/  acceptance$(printf '\357\274\232')/"
error "2025/cycle.yaml:$L" "full-width colon"

fresh "cycle.yaml: a full-width space for indentation"
at "$CYCLE" '  acceptance:'
edit "$CYCLE" "${L}s/^  acceptance:/$(printf '\343\200\200')acceptance:/"
error "2025/cycle.yaml:$L" "full-width space"

fresh "cycle.yaml: a key without its colon"
at "$CYCLE" 'edition: 7'
edit "$CYCLE" "${L}s/^edition: 7/edition 7/"
error "2025/cycle.yaml:$L" "YAML syntax"

fresh "cycle.yaml: an unclosed brace"
at "$CYCLE" '  acceptance:'
edit "$CYCLE" "${L}s/ }/ /"
error "2025/cycle.yaml:$L" "is not closed"

fresh "cycle.yaml: the year does not match the folder"
mv "$C/2025" "$C/2024"
at "$C/2024/cycle.yaml" 'year: 2025'
error "2024/cycle.yaml:$L" "does not match the folder 2024"

fresh "cycle.yaml: an impossible date"
at "$CYCLE" '  acceptance:'
edit "$CYCLE" "${L}s/2025-07-15/2025-02-30/"
error "2025/cycle.yaml:$L" "'2025-02-30' is not a date"

fresh "cycle.yaml: until before date"
at "$CYCLE" '  proposal:'
edit "$CYCLE" "${L}s/until: 2025-11-26/until: 2025-11-19/"
error "2025/cycle.yaml:$L" "until is before date"

fresh "cycle.yaml: an unknown notice"
at "$CYCLE" '  onsite:'
edit "$CYCLE" "${L}s/^  onsite:/  on_site:/"
error "2025/cycle.yaml:$L" "unknown notice 'on_site'"

fresh "calendar: the year does not match the file name"
at "$CAL" 'year: 2025'
edit "$CAL" "${L}s/year: 2025/year: 2024/"
error "calendar/2025.yaml:$L" "does not match the file name"

fresh "calendar: a day both off and a working day"
# 28 January is a day of the Spring Festival off.
at "$CAL" '{ date: 2025-01-26, name: 春节调休 }'
edit "$CAL" "${L}s/2025-01-26/2025-01-28/"
error "calendar/2025.yaml:$L" "2025-01-28 is both a day off and a working day"

fresh "notices/*.md: front matter without its title"
at "$NOTE" 'title:'
edit "$NOTE" "${L}d"
error "2025/notices/onsite-arrangement.md:2" "'title' is missing"

fresh "notices/*.md: front matter not closed"
edit "$NOTE" '5{/^---$/d}'
error "2025/notices/onsite-arrangement.md:1" "not closed"

# ==== the command line ==============================================================

CASE="the command line"
expect_exit 3 "$BIN" check --content /nonexistent
assert_contains "$ERR" /nonexistent
expect_exit 3 "$BIN" check --content "$TOP/content/site.yaml"
expect_exit 2 "$BIN" check --bogus
expect_exit 2 "$BIN" check --content
expect_exit 2 "$BIN" check "$TOP/content"
expect_exit 2 "$BIN" check --content "$TOP/content" --output "$TMPD/out"
assert_contains "$ERR" "gongshi --help"
