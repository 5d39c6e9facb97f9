# The site on a phone (390 px) and a desktop (1280 px), every page, in
# headless Chromium driven by puppeteer-core (tests/e2e/axe.js): axe-core
# reports no violation (contrast, keyboard access to scroll regions,
# labels …); no page is wider than the screen and no table scrolls
# sideways (the cycle's stages and the certificates stack on a phone); no
# title leaves one character alone on its last line. Then what the header
# and footer say: the menu of a government site, the 网站标识码 and the ICP
# number when site.yaml gives them, and no empty line when it does not.
. "$TOP/tests/e2e/lib.sh"

tools=$TOP/tests/.tools
if ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1 ||
    [ ! -d "$tools/node_modules/axe-core" ] ||
    [ ! -d "$tools/node_modules/puppeteer-core" ]; then
	skip "axe: no chromium, node, axe-core or puppeteer-core (sh tests/setup.sh installs them)"
	exit 0
fi
chromium_bin=$(command -v chromium)
# Debian's /usr/bin/chromium is a wrapper script; puppeteer wants the binary.
[ -x /usr/lib/chromium/chromium ] && chromium_bin=/usr/lib/chromium/chromium

out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
site=$out/site
[ -f "$site/index.html" ] || fatal "no site/index.html"

pages=$(cd "$site" && find . -name '*.html' | sed 's|^\./||' | sort)
n=$(echo "$pages" | wc -l)
# shellcheck disable=SC2086 # a list of page names, to split
(cd "$site" && timeout 600 node "$TOP/tests/e2e/axe.js" "$tools" \
    "$chromium_bin" . $pages) >"$TMPD/axe.log" 2>&1
rc=$?
ok=$(grep -c '^ok ' "$TMPD/axe.log")
if [ "$rc" = 0 ] && [ "$ok" = $((n * 2)) ]; then
	pass "axe, width and titles: all $n pages clean at 390 and 1280 px"
else
	fail "axe, width and titles: $ok of $((n * 2)) page views clean (exit $rc)"
	grep -v '^ok ' "$TMPD/axe.log" | sed -n '1,25s/^/	| /p'
fi

# ---- the menu and the footer ----
idx=$site/index.html
for item in 首页 通知公告 评审进度 证书查询; do
	assert_contains "$idx" ">$item</a>"
done
assert_contains "$idx" "网站标识码：6500000000"
assert_contains "$idx" '<a href="https://beian.miit.gov.cn/">新ICP备00000000号</a>'

# Without them, no such line at all.
cp -R "$TOP/content" "$TMPD/content"
sed -i '/^website_code:/d; /^icp:/d' "$TMPD/content/site.yaml"
expect_exit 0 "$GONGSHI" build --content "$TMPD/content" \
    --templates "$TOP/templates" --output "$TMPD/out2"
assert_not_contains "$TMPD/out2/site/index.html" "网站标识码"
assert_not_contains "$TMPD/out2/site/index.html" "beian.miit.gov.cn"
