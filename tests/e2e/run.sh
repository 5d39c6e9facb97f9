#!/bin/sh
# Runs the end-to-end tests: every tests/e2e/t_*.sh in name order, or only
# those named on the command line (sh tests/e2e/run.sh t_00_cli.sh).
# Installs the validation tools first (tests/setup.sh).  Each script gets
# TOP, GONGSHI, GONGSHI_SAN and a fresh TMPD (kept when the script fails, for
# a look; removed otherwise) and counts its checks with tests/e2e/lib.sh.
# Ends with "N passed, N failed" over all checks; exits 1 if any failed.

TOP=$(cd "$(dirname "$0")/../.." && pwd)
GONGSHI=$TOP/build/gongshi
GONGSHI_SAN=$TOP/build-san/gongshi
export TOP GONGSHI GONGSHI_SAN

if ! sh "$TOP/tests/setup.sh"; then
	echo "e2e: the test tools could not be installed" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
for b in "$GONGSHI" "$GONGSHI_SAN"; do
	if [ ! -x "$b" ]; then
		echo "e2e: no $b (make build/gongshi build-san/gongshi)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
done

base=$(mktemp -d "${TMPDIR:-/tmp}/gongshi-e2e.XXXXXX")
if [ $# -gt 0 ]; then
	scripts=
	for s; do
		scripts="$scripts $TOP/tests/e2e/$(basename "$s")"
	done
else
	scripts=$(ls "$TOP"/tests/e2e/t_*.sh 2>/dev/null)
fi
if [ -z "$scripts" ]; then
	echo "e2e: no test script" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0
skipped=0
for s in $scripts; do
	name=$(basename "$s" .sh)
	TMPD=$base/$name
	E2E_COUNTS=$base/$name.counts
	export TMPD E2E_COUNTS
	mkdir -p "$TMPD"
	echo "== $name"
	start=$(date +%s)
	(cd "$TMPD" && sh "$s")
	rc=$?
	secs=$(( $(date +%s) - start ))
	p=0 f=0 k=0
	if [ -s "$E2E_COUNTS" ]; then
		read -r p f k <"$E2E_COUNTS"
	fi
	k=${k:-0}
	# A script that stopped on its own error, or checked nothing, fails.
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "  FAIL $name exited $rc"
		f=1
	elif [ "$p" = 0 ] && [ "$f" = 0 ] && [ "$k" = 0 ]; then
		echo "  FAIL $name made no check"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + k))
	if [ "$f" = 0 ]; then
		echo "-- $name: ok, $p checks (${secs} s)"
		rm -rf "$TMPD"
	else
		echo "-- $name: FAILED $f of $((p + f)) checks (${secs} s; files in $TMPD)"
	fi
	rm -f "$E2E_COUNTS"
done
rmdir "$base" 2>/dev/null

if [ "$skipped" = 0 ]; then
	echo "$passed passed, $failed failed"
else
	echo "$passed passed, $failed failed, $skipped skipped"
fi
[ "$failed" = 0 ]
