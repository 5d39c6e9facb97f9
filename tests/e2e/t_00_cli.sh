# The command line (DESIGN.md section 6): help, version, and the exit
# statuses 2 (usage) and 3 (I/O), on the sanitized build so that argument
# handling is also checked for memory errors.
. "$TOP/tests/e2e/lib.sh"

for bin in "$GONGSHI" "$GONGSHI_SAN"; do
	expect_exit 0 "$bin" --help
	for cmd in build check status; do
		assert_contains "$OUT" "$cmd"
	done
	expect_exit 0 "$bin" --version
	if grep -q '[0-9]' "$OUT"; then
		pass "--version prints a version"
	else
		fail "--version prints a version: got '$(cat "$OUT")'"
	fi
	expect_exit 2 "$bin" no-such-command
	[ -s "$ERR" ] && pass "usage error explained on stderr" ||
		fail "usage error explained on stderr: nothing"
	expect_exit 3 "$bin" check --content /nonexistent
	assert_contains "$ERR" /nonexistent
done
