# The command line (gongshi(1)): help for the program and each command,
# --version, options in every form (--content=DIR, --content DIR, -c DIR),
# a usage error in one line with the hint, the exit statuses 1, 2 and 3,
# `status` at 100 columns (in a real terminal, tmux, and through a pipe),
# colour by --color and NO_COLOR, and the site and archive apart. The
# sanitized build runs, so that argument handling is checked for memory
# errors too.
. "$TOP/tests/e2e/lib.sh"

BIN=$GONGSHI_SAN

for bin in "$GONGSHI" "$GONGSHI_SAN"; do
	expect_exit 0 "$bin" --help
	for cmd in build check status serve new; do
		assert_contains "$OUT" "$cmd"
	done
	expect_exit 0 "$bin" --version
	if grep -q '^gongshi [0-9]' "$OUT"; then
		pass "--version prints a version"
	else
		fail "--version prints a version: got '$(cat "$OUT")'"
	fi
done

# every command has its own help, -h and --help alike
for cmd in build check status serve new; do
	expect_exit 0 "$BIN" "$cmd" --help
	assert_contains "$OUT" "usage: gongshi $cmd"
	expect_exit 0 "$BIN" "$cmd" -h
	assert_contains "$OUT" "usage: gongshi $cmd"
done

# a usage error: one line, and the hint
for args in "no-such-command" "check --bogus" "check --content" "build -c" \
    "status 20x5" "check --json=1" "status --color=pink" "check --output x" \
    "serve --port 70000" "new" "status 2025 2026" ""; do
	# shellcheck disable=SC2086 # the words of args are the arguments
	expect_exit 2 "$BIN" $args
	if [ "$(wc -l <"$ERR")" = 2 ] && tail -n 1 "$ERR" | grep -Fq "gongshi --help"; then
		pass "'$args': one line and the hint"
	else
		fail "'$args': not one line and the hint"
		_lib_show "$ERR"
	fi
done
expect_exit 2 "$BIN" check --output x
assert_contains "$ERR" "--output is not an option of gongshi check"

# options in every form reach the program: a content folder that is not there
for form in "--content=/nonexistent" "--content /nonexistent" "-c /nonexistent" \
    "-c/nonexistent"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$BIN" check $form
	assert_contains "$ERR" /nonexistent
done
expect_exit 3 "$BIN" build --content "$TOP/content" --templates=/nonexistent
assert_contains "$ERR" "/nonexistent: no such templates folder"

# the same check, every form, on the sample: the same one line
for form in "--content=$TOP/content" "--content $TOP/content" "-c $TOP/content"; do
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" check $form
	assert_contains "$OUT" "checked: 2 cycle(s)"
	assert_contains "$OUT" "no problems found"
	assert_eq "check $form: one line" 1 "$(wc -l <"$OUT")"
done
expect_exit 0 "$BIN" check -q -c "$TOP/content"
assert_eq "check --quiet: says nothing" "" "$(cat "$OUT" "$ERR")"

# status: a year without a cycle is an error
expect_exit 1 "$BIN" status -c "$TOP/content" 2029
assert_contains "$ERR" "no cycle 2029"
expect_exit 0 "$BIN" status -c "$TOP/content" 2025
assert_not_contains "$OUT" "2023, edition"

# status fits 100 columns, through a pipe and in a terminal, in both languages
widest() {
	python3 -c 'import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)' "$1"
}
for lang in C.UTF-8 zh_CN.UTF-8; do
	env -u LC_ALL LANG=$lang "$GONGSHI" status -c "$TOP/content" >"$TMPD/status.txt"
	w=$(widest "$TMPD/status.txt")
	[ "$w" -le 100 ] && [ "$w" -ge 60 ] && pass "status in $lang through a pipe: $w columns" ||
		fail "status in $lang through a pipe: $w columns"
	assert_not_contains "$TMPD/status.txt" "$(printf '\033[')"
done
# pane NAME CMD: runs CMD in a detached 100x60 tmux terminal; the screen,
# wrapped lines joined, with the escapes, goes to $TMPD/NAME.pane.
pane() {
	tmux -S "$TMPD/tmux.sock" -f /dev/null new-session -d -x 100 -y 60 \
	    "$2; sleep 30"
	sleep 1
	tmux -S "$TMPD/tmux.sock" capture-pane -p -J -e -S 0 >"$TMPD/$1.pane"
	tmux -S "$TMPD/tmux.sock" kill-server 2>/dev/null
	sed 's/\x1b\[[0-9;]*m//g' "$TMPD/$1.pane" >"$TMPD/$1.plain"
}
if command -v tmux >/dev/null 2>&1; then
	for lang in C.UTF-8 zh_CN.UTF-8; do
		pane "$lang" "env -u LC_ALL -u NO_COLOR LANG=$lang $GONGSHI status -c $TOP/content 2025"
		assert_contains "$TMPD/$lang.plain" "2025"
		# a line wider than the terminal would be joined back by -J
		w=$(widest "$TMPD/$lang.plain")
		[ "$w" -le 100 ] && [ "$w" -ge 60 ] &&
			pass "status in a 100-column terminal ($lang): $w columns" ||
			fail "status in a 100-column terminal ($lang): $w columns"
		if grep -q "$(printf '\033')\[" "$TMPD/$lang.pane"; then
			pass "status colours a terminal ($lang)"
		else
			fail "status colours a terminal ($lang): no escape"
		fi
	done
	pane nocolor "NO_COLOR=1 $GONGSHI status -c $TOP/content 2025"
	assert_contains "$TMPD/nocolor.plain" "2025"
	assert_not_contains "$TMPD/nocolor.pane" "$(printf '\033[')"
else
	skip "status in tmux: no tmux"
fi
expect_exit 0 "$BIN" status -c "$TOP/content" --color=always
assert_contains "$OUT" "$(printf '\033[1m')"
expect_exit 0 env NO_COLOR=1 "$BIN" status -c "$TOP/content" --color=always
assert_contains "$OUT" "$(printf '\033[1m')"
expect_exit 0 "$BIN" status -c "$TOP/content" --color=never
assert_not_contains "$OUT" "$(printf '\033[')"

# the site and the archive apart: the webmaster's web root, the archivist's folder
web=$TMPD/www
arc=$TMPD/private/archive
expect_exit 0 "$GONGSHI" build -c "$TOP/content" --site "$web" --archive "$arc"
assert_contains "$OUT" "the site to $web, the archive to $arc"
assert_file "$web/index.html"
assert_file "$arc/SHA256SUMS"
assert_file "$arc/2025/decision.odt"
if [ -z "$(find "$web" -path '*letters*' -o -name 'SHA256SUMS' | head -n 1)" ]; then
	pass "no archive file in the web root"
else
	fail "archive files in the web root"
fi
(cd "$arc" && sha256sum -c --quiet SHA256SUMS) >/dev/null 2>&1 &&
	pass "the archive's checksums hold" || fail "the archive's checksums hold"
ls -a "$TMPD" "$TMPD/private" | grep -q '\.new\.' &&
	fail "a staging folder was left beside the output" ||
	pass "no staging folder left beside the output"
# a second build replaces both, each whole
touch "$web/stale.html"
expect_exit 0 "$GONGSHI" build -c "$TOP/content" --site "$web" --archive "$arc"
[ ! -e "$web/stale.html" ] && pass "the site was replaced whole" ||
	fail "the site was replaced whole: stale.html is still there"
# --output DIR with --site: the archive in DIR/archive
expect_exit 0 "$GONGSHI" build -c "$TOP/content" -o "$TMPD/out" --site "$TMPD/www2"
assert_file "$TMPD/out/archive/SHA256SUMS"
assert_file "$TMPD/www2/index.html"
[ ! -e "$TMPD/out/site" ] && pass "no DIR/site when --site is given" ||
	fail "DIR/site written although --site was given"
# an archive inside the site, or the site inside the archive: refused, nothing written
expect_exit 2 "$BIN" build -c "$TOP/content" --site "$TMPD/w3" --archive "$TMPD/w3/archive"
assert_contains "$ERR" "neither inside the other"
expect_exit 2 "$BIN" build -c "$TOP/content" --site "$TMPD/w3/./" --archive "$TMPD/w3/sub/../archive"
expect_exit 2 "$BIN" build -c "$TOP/content" --site "$TMPD/a/site" --archive "$TMPD/a"
expect_exit 2 "$BIN" build -c "$TOP/content" --site "$TMPD/same" --archive "$TMPD/same/"
[ ! -e "$TMPD/w3" ] && [ ! -e "$TMPD/a" ] && pass "a refused build writes nothing" ||
	fail "a refused build wrote something"
# a failed build leaves both folders as they were
cp -R "$TOP/content" "$TMPD/bad"
sed -i 's/award_quota: 5/award_quota: five/' "$TMPD/bad/site.yaml"
ls -lR "$web" "$arc" >"$TMPD/before"
expect_exit 1 "$GONGSHI" build -c "$TMPD/bad" --site "$web" --archive "$arc"
ls -lR "$web" "$arc" >"$TMPD/after"
cmp -s "$TMPD/before" "$TMPD/after" && pass "a failed build leaves the site and archive" ||
	fail "a failed build changed the site or the archive"

# new: dispatched to new_cycle (issue 11); here only that it is reached
expect_exit 2 "$BIN" new -c "$TMPD/newc"
assert_contains "$ERR" "new needs a YEAR"

# an output that holds the records or the templates is refused before
# anything is written: swapping it in would replace them
cp -R "$TOP/content" "$TMPD/office"
cp -R "$TOP/templates" "$TMPD/office-templates"
(cd "$TMPD/office" && find . -type f | sort | xargs cksum) >"$TMPD/office.before"
expect_exit 2 "$BIN" build -c "$TMPD/office" -o "$TMPD/office"
assert_contains "$ERR" "holds the content folder"
expect_exit 2 "$BIN" build -c "$TMPD/office/2025/.." --site "$TMPD"
expect_exit 2 "$BIN" build -c "$TMPD/office" -t "$TMPD/office-templates" \
    --archive "$TMPD/office-templates/.."
expect_exit 2 "$BIN" build -c "$TMPD/office" -t "$TMPD/office-templates" \
    -o "$TMPD/office-templates"
assert_contains "$ERR" "holds the templates folder"
(cd "$TMPD/office" && find . -type f | sort | xargs cksum) >"$TMPD/office.after"
cmp -s "$TMPD/office.before" "$TMPD/office.after" &&
	pass "the records are left as they were" ||
	fail "the records were changed"
