# gongshi serve (src/serve/): started on a free port, it serves the site
# built from a copy of the sample; a page is fetched with curl; a change of
# a content file and of a template (in a subfolder) is served within 2 s; a
# content error is shown on every page (escaped, in Chinese under a Chinese
# locale) and a fix brings the site back; "../", "%2e%2e/" and a symbolic
# link out of the site are refused; each kind of file has its
# Content-Type; the reload script is in served pages and in no file of a
# normal build, and run by node against the server it reloads its page
# after a change; SIGINT ends serve with exit 0 and removes its private
# folder.
# All of it once with the plain binary (LANG=C), once with the sanitized
# one (Chinese locale when the machine has one), whose leaks and errors
# fail the test.
. "$TOP/tests/e2e/lib.sh"

# a server left running by a failed check would outlive the test
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; _lib_counts' EXIT

command -v curl >/dev/null 2>&1 || fatal "curl is needed (tests/setup.sh)"

zh_locale=
if locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8'; then
	zh_locale=zh_CN.UTF-8
fi

# get PATH...: fetches http://127.0.0.1:$port/PATH as it is (no dot
# segments removed by curl) into $TMPD/body; prints the status code.
get() {
	curl -s --path-as-is --max-time 5 -o "$TMPD/body" -D "$TMPD/headers" \
	    -w '%{http_code}' "http://127.0.0.1:$port$1"
}

# until_page PATH TEXT: polls PATH (every 0.1 s, at most 2 s) until its
# body holds TEXT; true when it did.
until_page() {
	tries=0
	while [ $tries -lt 20 ]; do
		get "$1" >/dev/null && grep -Fq -- "$2" "$TMPD/body" && return 0
		sleep 0.1
		tries=$((tries + 1))
	done
	return 1
}

# start BIN: starts BIN serve on a free port (the next one when a port is
# taken) with its private folder under $TMPD/tmp; sets $pid and $port.
start() {
	port=$(( 20000 + ($$ * 7 + $(date +%N | sed 's/^0*//;s/^$/0/')) % 30000 ))
	attempt=0
	while [ $attempt -lt 10 ]; do
		TMPDIR=$TMPD/tmp "$1" serve --content "$work/content" \
		    --templates "$work/templates" --port "$port" \
		    >"$TMPD/serve.out" 2>"$TMPD/serve.err" </dev/null &
		pid=$!
		waited=0
		# up to 60 s: a first build under the sanitizers is slow
		while [ $waited -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
			[ "$(get /)" = 200 ] && return 0
			sleep 0.1
			waited=$((waited + 1))
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid"
			wait "$pid"
			fatal "$2: serve started but did not answer in 60 s"
		fi
		wait "$pid"
		grep -q '127.0.0.1:' "$TMPD/serve.err" ||
			fatal "$2: serve exited without listening: $(cat "$TMPD/serve.err")"
		port=$((port + 1))
		attempt=$((attempt + 1))
	done
	fatal "$2: no free port found"
}

# status_is NAME CODE PATH: GET PATH answers CODE.
status_is() {
	assert_eq "$1" "$2" "$(get "$3")"
}

type_is() {	# type_is PATH TYPE: the Content-Type of PATH
	get "$1" >/dev/null
	assert_eq "Content-Type of $1" "$2" \
	    "$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$TMPD/headers" | tr -d '\r')"
}

# session BIN LABEL LANG: the whole scenario with one binary.
session() {
	bin=$1 label=$2
	work=$TMPD/$label
	rm -rf "$work" "$TMPD/tmp"
	mkdir -p "$work" "$TMPD/tmp"
	cp -R "$TOP/content" "$TOP/templates" "$work/" || fatal "cannot copy"
	LANG=$3 LC_ALL=$3
	export LANG LC_ALL
	start "$bin" "$label"
	pass "$label: serving on 127.0.0.1:$port"

	# a page, with the reload script
	grep -Fq '新疆维吾尔自治区人民政府质量奖公示公告' "$TMPD/body" &&
		pass "$label: index page served" ||
		fail "$label: index page served: $(head -c 300 "$TMPD/body")"
	assert_contains "$TMPD/body" '/__gongshi/wait'
	status_is "$label: a notice page" 200 /2025/acceptance.html
	assert_contains "$TMPD/body" '受理名单'
	assert_contains "$TMPD/body" '/__gongshi/wait'
	type_is /2025/acceptance.html 'text/html; charset=utf-8'
	type_is /2025/acceptance.md 'text/markdown; charset=utf-8'
	type_is /2025/acceptance.odt 'application/vnd.oasis.opendocument.text'
	type_is /assets/style.css 'text/css; charset=utf-8'
	type_is /feed.xml 'application/xml; charset=utf-8'
	get /2025/acceptance.md >/dev/null
	assert_not_contains "$TMPD/body" '__gongshi'
	status_is "$label: a folder without / is redirected" 301 /2025
	status_is "$label: a missing page" 404 /2025/nothing.html
	assert_contains "$TMPD/body" '/__gongshi/wait'

	# outside the site: the private archive is right beside it
	status_is "$label: ../ refused" 403 /../archive/SHA256SUMS
	assert_not_contains "$TMPD/body" 'certificates/'
	status_is "$label: %2e%2e/ refused" 403 /%2e%2e/archive/SHA256SUMS
	assert_not_contains "$TMPD/body" 'certificates/'
	status_is "$label: %2E%2E%2F refused" 403 /2025/%2E%2E%2F%2E%2E%2Farchive/SHA256SUMS
	site=$(ls -d "$TMPD"/tmp/gongshi-serve.*/output/site)
	ln -s ../archive "$site/out-link"
	status_is "$label: a link out of the site refused" 403 /out-link/SHA256SUMS
	assert_not_contains "$TMPD/body" 'certificates/'
	rm -f "$site/out-link"

	# a content change, then a template change in a subfolder
	sed 's/^title: .*/title: 预览中的新标题/' "$work/content/site.yaml" \
	    >"$work/site.yaml" && cat "$work/site.yaml" >"$work/content/site.yaml"
	until_page / '预览中的新标题' &&
		pass "$label: changed content served within 2 s" ||
		fail "$label: changed content served within 2 s"
	sed 's|</footer>|<p>模板改动</p></footer>|' \
	    "$work/templates/layout/footer.html" >"$work/footer.html" &&
		cat "$work/footer.html" >"$work/templates/layout/footer.html"
	until_page /2025/acceptance.html '模板改动' &&
		pass "$label: changed template served within 2 s" ||
		fail "$label: changed template served within 2 s"

	# an error: every page shows it, escaped; then the fix
	printf '<b>x</b>,onsite,pass,2025-09-01,\n' \
	    >>"$work/content/2025/decisions.csv"
	if until_page /2025/acceptance.html 'decisions.csv:'; then
		pass "$label: the build's errors shown on a page within 2 s"
	else
		fail "$label: the build's errors shown on a page within 2 s"
		_lib_show "$TMPD/body"
	fi
	assert_contains "$TMPD/body" '&lt;b&gt;x&lt;/b&gt;'
	assert_not_contains "$TMPD/body" '<b>x</b>'
	assert_contains "$TMPD/body" '/__gongshi/wait'
	cp "$TMPD/body" "$TMPD/$label-error.html"
	status_is "$label: the error page for the index too" 500 /
	assert_contains "$TMPD/body" 'decisions.csv:'
	if [ "$3" = C ]; then
		assert_contains "$TMPD/body" 'The build failed'
	else
		assert_contains "$TMPD/body" '构建失败'
		assert_contains "$TMPD/body" 'lang="zh-CN"'
	fi
	cp "$TOP/content/2025/decisions.csv" "$work/content/2025/decisions.csv"
	until_page / '预览中的新标题' &&
		pass "$label: the site is back once the error is fixed" ||
		fail "$label: the site is back once the error is fixed"

	# the long poll answers a newer generation after a rebuild
	gen=$(sed -n 's/.*var seen = "\([0-9]*\)".*/\1/p' "$TMPD/body")
	curl -s --max-time 10 "http://127.0.0.1:$port/__gongshi/wait?since=$gen" \
	    >"$TMPD/wait" &
	curl_pid=$!
	sleep 0.3
	touch "$work/content/site.yaml"
	wait "$curl_pid"
	now=$(cat "$TMPD/wait")
	[ -n "$gen" ] && [ -n "$now" ] && [ "$now" -gt "$gen" ] &&
		pass "$label: the reload endpoint answers after a rebuild ($gen -> $now)" ||
		fail "$label: the reload endpoint answers after a rebuild ('$gen' -> '$now')"

	# the script itself, run by node against the server: it waits, and
	# reloads its page once a file changed
	if command -v node >/dev/null 2>&1; then
		get /2025/index.html >/dev/null
		sed -n '/^<script>/,/^<\/script>/p' "$TMPD/body" |
		    sed '1s/^<script>//; $s/<\/script>$//' >"$TMPD/reload.js"
		cat >"$TMPD/client.js" <<CLIENT
const http = require('http');
global.location = { reload() { console.log('reloaded'); process.exit(0); } };
global.fetch = (url) => new Promise((resolve, reject) => {
  http.get('http://127.0.0.1:$port' + url, (r) => {
    let body = '';
    r.on('data', (c) => { body += c; });
    r.on('end', () => resolve({ ok: r.statusCode === 200,
      text: () => Promise.resolve(body) }));
  }).on('error', reject);
});
setTimeout(() => { console.log('no reload'); process.exit(1); }, 10000);
eval(require('fs').readFileSync('$TMPD/reload.js', 'utf8'));
CLIENT
		node "$TMPD/client.js" >"$TMPD/client.out" 2>&1 &
		node_pid=$!
		sleep 1
		grep -q . "$TMPD/client.out" &&
			fail "$label: the page reloaded before any change: $(cat "$TMPD/client.out")"
		touch "$work/templates/layout/page.html"
		wait "$node_pid"
		assert_eq "$label: an open page reloads after a rebuild" reloaded \
		    "$(cat "$TMPD/client.out")"
	else
		skip "$label: no node to run the reload script"
	fi

	# Ctrl-C
	kill -INT "$pid"
	wait "$pid"
	assert_eq "$label: SIGINT ends serve with exit 0" 0 "$?"
	if grep -Eq 'Sanitizer|runtime error:' "$TMPD/serve.err"; then
		fail "$label: sanitizer report"
		_lib_show "$TMPD/serve.err"
	else
		pass "$label: no sanitizer report"
	fi
	assert_eq "$label: private folder removed" "" "$(ls "$TMPD/tmp")"
	unset LANG LC_ALL
}

session "$GONGSHI" plain C
session "$GONGSHI_SAN" sanitized "${zh_locale:-C}"
[ -n "$zh_locale" ] || skip "no zh_CN.UTF-8 locale: Chinese error page"

# served pages are valid HTML, the error page too
html_validate "$TMPD/plain-error.html" "$TMPD/sanitized-error.html"

# a normal build has no reload script, and no script at all
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$TMPD/out"
assert_not_contains_anywhere "$TMPD/out" '__gongshi'
assert_not_contains_anywhere "$TMPD/out/site" '<script'
