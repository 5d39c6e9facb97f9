# What the documents say, read in the real output of the sample and of
# mutations of it (issue 13): the revocation cites the decision by its
# title and says only what the records say; the award's name forms; the
# 文种 of each stage, settable in site.yaml; （此件公开发布） on 公文 only;
# every number of site.yaml rules: in the wording; the 联系人; letters
# addressed properly and none without an address; overrides dated by
# cycle.yaml; warnings for a barred applicant recommended and for a notice
# dated outside its cycle; the sample's editions and office names.
. "$TOP/tests/e2e/lib.sh"

award=新疆维吾尔自治区人民政府质量奖
out=$TMPD/out
build_into() {	# build_into OUT CONTENT: a build that must succeed
	expect_exit 0 "$GONGSHI" build --content "$2" --templates "$TOP/templates" \
	    --output "$1"
}
# odt_text FILE: the paragraphs of an ODT, one a line (line breaks too),
# without the word joiners (U+2060) that keep numbers on one line.
odt_text() {
	unzip -p "$1" content.xml | sed -e 's/<text:line-break\/>/\n/g' \
	    -e 's/<\/text:p>/\n/g' -e 's/<\/text:h>/\n/g' -e 's/<[^>]*>//g' \
	    -e 's/\xe2\x81\xa0//g' | grep -v '^$'
}
# fresh: a copy of the sample to mutate, in $TMPD/c.
fresh() {
	rm -rf "$TMPD/c"
	cp -R "$TOP/content" "$TMPD/c"
}

# ---- item 13: the sample tells the real award's story; no warning ----
expect_exit 0 "$GONGSHI" check --content "$TOP/content"
assert_eq "the sample checks without a warning" "" "$(cat "$ERR")"
build_into "$out" "$TOP/content"
s=$out/site
assert_contains "$s/2025/call.md" "关于开展2025年度（第七届）${award}申报工作的通知"
assert_contains "$s/2023/decision.md" "关于表彰2023年度（第六届）${award}获奖组织的决定"
assert_contains "$s/2025/acceptance.md" "自治区质量和知识产权强区工作领导小组办公室（自治区市场监督管理局）"
# 2023's documents are signed by the office's name of 2023 (2023/cycle.yaml).
assert_eq "2023: signed 自治区质量强区工作领导小组办公室（自治区市场监督管理局）" 1 \
    "$(grep -cx '自治区质量强区工作领导小组办公室（自治区市场监督管理局）' "$s/2023/acceptance.md")"
assert_not_contains "$s/2023/acceptance.md" "知识产权"

# ---- item 1: the revocation ----
rev=$s/2023/revocation-XJZLJ-2023-A03.md
title23=$(sed -n 's/^# //p' "$s/2023/decision.md" | head -n 1)
assert_contains "$rev" "经《${title23}》（新政发〔2023〕58号）授予“${award}”"
note=$(awk -F, '$1 == "91652301673203056Y" { print $6 }' "$TOP/content/sanctions.csv")
[ -n "$note" ] || fail "sanctions.csv: no note for the revoked award (the test needs one)"
for f in "$rev" "${rev%.md}.html"; do
	assert_not_contains "$f" "$note"
	assert_not_contains "$f" "收回证书、奖牌（第二十条）"
done
if odt_text "${rev%.md}.odt" | grep -qF "$note"; then
	fail "revocation ODT: the internal note of sanctions.csv is pasted in"
else
	pass "revocation ODT: no internal note of sanctions.csv"
fi
assert_contains "$rev" "自获奖之日起5年内存在严重违法、违规、违纪或者不良信用记录等情形（2025年3月12日查实）。"

# The name: no 新疆质量奖质量奖 anywhere; every title in full.
if grep -rlF "新疆质量奖质量奖" "$s" "$out/archive" >"$TMPD/twice" 2>/dev/null ||
    [ -s "$TMPD/twice" ]; then
	fail "no 新疆质量奖质量奖 anywhere"
	_lib_show "$TMPD/twice"
else
	pass "no 新疆质量奖质量奖 anywhere"
fi
for f in "$s"/2025/*.md "$s"/2023/*.md; do
	case $f in *onsite-arrangement.md) continue ;; esac
	t=$(grep -m 1 '^# ' "$f")
	case $t in
	*"$award"*)	pass "$(_lib_pretty "$f"): the title names the award in full" ;;
	*)		fail "$(_lib_pretty "$f"): the title '$t' does not name $award" ;;
	esac
done

# 文种 by stage; （此件公开发布） on 公文 (a 发文字号) only.
assert_contains "$s/2025/acceptance.md" "受理名单的公示"
assert_contains "$s/2025/presentation.md" "进入陈述答辩环节组织名单的公告"
for n in decision call; do
	assert_contains "$s/2025/$n.md" "（此件公开发布）"
done
assert_contains "$rev" "（此件公开发布）"
for n in recommendation acceptance presentation onsite proposal; do
	assert_not_contains "$s/2025/$n.md" "此件公开发布"
	if odt_text "$s/2025/$n.odt" | grep -qF "此件公开发布"; then
		fail "2025/$n.odt: （此件公开发布） on a 公示"
	else
		pass "2025/$n.odt: no （此件公开发布）"
	fi
done
fresh
sed -i 's/^  presentation: 公告/  presentation: 公示/' "$TMPD/c/site.yaml"
build_into "$TMPD/o1" "$TMPD/c"
assert_contains "$TMPD/o1/site/2025/presentation.md" "进入陈述答辩环节组织名单的公示"
assert_contains "$TMPD/o1/site/2025/presentation.md" "现予以公示。"
sed -i 's/^  presentation: 公示/  presentation: 公函/' "$TMPD/c/site.yaml"
line=$(grep -n '^  presentation: 公函' "$TMPD/c/site.yaml" | cut -d: -f1)
expect_exit 1 "$GONGSHI" check --content "$TMPD/c"
assert_contains "$ERR" "site.yaml:$line: error: document_types: presentation is '公函'"

# ---- item 8: the rules' numbers in the wording; the 联系人 ----
bad=$(grep -nE '[0-9]+ *(年以上|年内|个工作日|个组织)' "$TOP"/templates/notices/*.md \
    "$TOP"/templates/letters/*.md "$TOP"/templates/partials/*.md)
assert_eq "no template writes a number of rules: as a literal" "" "$bad"
fresh
sed -i -e 's/^  min_operating_years: 5 /  min_operating_years: 4 /' \
    -e 's/^  min_operating_years_new_sector: 3 /  min_operating_years_new_sector: 2 /' \
    -e 's/^  clean_record_years: 3 /  clean_record_years: 2 /' \
    -e 's/^  reapply_ban_years: 5 /  reapply_ban_years: 6 /' \
    -e 's/^  false_material_ban_years: 5 /  false_material_ban_years: 7 /' \
    -e 's/^  revocation_window_years: 5 /  revocation_window_years: 8 /' \
    -e '/^  contact:/d' "$TMPD/c/site.yaml"
build_into "$TMPD/o2" "$TMPD/c"
call=$TMPD/o2/site/2025/call.md
assert_contains "$call" "正常运营4年以上（新技术、新产业、新业态、新模式领域的组织正常运营2年以上）"
assert_contains "$call" "近2年内无重大质量"
assert_contains "$call" "获奖后6年内不得重复申报"
assert_contains "$call" "7年内不予受理其申报"
assert_contains "$TMPD/o2/site/2023/revocation-XJZLJ-2023-A03.md" "自获奖之日起8年内"
assert_not_contains "$call" "联系人"
assert_contains "$s/2025/call.md" '联系人：王样例\'

# ---- item 7: letters ----
letters=$out/archive/2025/letters
if [ -e "$letters/objection-OBJ-2025-03.odt" ]; then
	fail "no letter for OBJ-2025-03 (no name, no address)"
else
	pass "no letter for OBJ-2025-03 (no name, no address)"
fi
expect_exit 0 "$GONGSHI" status --content "$TOP/content" 2025
assert_contains "$OUT" "OBJ-2025-03: no letter"
odt_text "$letters/objection-OBJ-2025-01.odt" >"$TMPD/l1"
odt_text "$letters/objection-OBJ-2025-02.odt" >"$TMPD/l2"
assert_eq "unit: the address, then the unit by its name" \
    "乌鲁木齐市新市区样例路12号|乌鲁木齐样例机电设备有限公司：" \
    "$(grep -A1 -x '乌鲁木齐市新市区样例路12号' "$TMPD/l1" | paste -sd'|')"
assert_eq "individual: the address, then 周立明同志" \
    "巴音郭楞蒙古自治州库尔勒市样例街道示范小区3号楼2单元501室|周立明同志：" \
    "$(grep -A1 -x '巴音郭楞.*501室' "$TMPD/l2" | paste -sd'|')"
for l in l1 l2; do
	assert_contains "$TMPD/$l" "特此告知。"
	assert_not_contains "$TMPD/$l" "你本人"
	assert_not_contains "$TMPD/$l" "送达地址"
done
assert_contains "$TMPD/l1" "收到你单位对昆仑示范新材料股份有限公司参评2025年度新疆质量奖提出的书面异议"
assert_contains "$TMPD/l2" "作出认定：该组织2022年5月至2023年7月因生产线整体搬迁全面停产"

# ---- item 9: an override is dated and numbered by cycle.yaml ----
fresh
cat >"$TMPD/c/2025/notices/acceptance.md" <<'MD'
---
title: 关于2025年度（第七届）新疆维吾尔自治区人民政府质量奖受理名单的公示
addressee: 各审核推荐单位，各申报组织：
signature: 自治区质量和知识产权强区工作领导小组办公室
---
经资格审查，下列组织进入受理名单，现予以公示。
MD
build_into "$TMPD/o3" "$TMPD/c"
acc=$TMPD/o3/site/2025/acceptance.md
assert_contains "$acc" "各审核推荐单位，各申报组织："
assert_contains "$acc" "经资格审查，下列组织进入受理名单"
assert_eq "override: its signature, then cycle.yaml's date" \
    "自治区质量和知识产权强区工作领导小组办公室||2025年7月15日" \
    "$(grep -A2 -x '自治区质量和知识产权强区工作领导小组办公室' "$acc" | paste -sd'|')"
sed -i 's/^addressee:/date: 2025-07-16\naddressee:/' "$TMPD/c/2025/notices/acceptance.md"
expect_exit 1 "$GONGSHI" build --content "$TMPD/c" --templates "$TOP/templates" \
    --output "$TMPD/o3"
assert_contains "$ERR" "2025/notices/acceptance.md:3: error: date: 2025-07-16 differs from the date of acceptance in 2025/cycle.yaml"

# ---- item 12: barred but recommended; a notice dated outside its cycle ----
fresh
code=9165010568842701XB		# 样例云数据科技有限公司: false material 2024-04-16
rline=$(grep -n "^$code,recommendation," "$TMPD/c/2025/decisions.csv" | cut -d: -f1)
sed -i "/^$code,qualification,/d" "$TMPD/c/2025/decisions.csv"
expect_exit 0 "$GONGSHI" check --content "$TMPD/c"
assert_contains "$ERR" "2025/decisions.csv:$rline: warning: 样例云数据科技有限公司 ($code) is recommended, but it gave false or concealing application materials (sanctions.csv:3, 2024-04-16); art. 19"
assert_contains "$ERR" "may apply again in 2029 at the earliest: it must fail qualification"
fresh
nline=$(grep -n '^  onsite:' "$TMPD/c/2025/cycle.yaml" | cut -d: -f1)
sed -i 's/^  onsite:         { date: 2025-09-25 }/  onsite:         { date: 2028-09-25 }/' "$TMPD/c/2025/cycle.yaml"
"$GONGSHI" check --content "$TMPD/c" >/dev/null 2>"$ERR"
assert_contains "$ERR" "2025/cycle.yaml:$nline: warning: onsite is dated 2028-09-25, after 2027, the year of the next cycle"
