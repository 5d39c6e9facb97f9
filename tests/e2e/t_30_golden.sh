#!/bin/sh
# Golden files: the HTML page and the Markdown of every kind of notice the
# sample makes (call, recommendation, acceptance, presentation, onsite,
# proposal, decision, a revocation, an office notice), compared byte for
# byte with tests/golden/.  The build runs three ways: plain, under
# ASan+UBSan, and under valgrind (when installed), and all three must give
# the goldens.  After an intended change of wording or layout, refresh them
# with:  UPDATE_GOLDEN=1 sh tests/e2e/run.sh t_30_golden.sh
# and read the diff before committing.
. "$TOP/tests/e2e/lib.sh"

golden=$TOP/tests/golden
files="2025/call 2025/recommendation 2025/acceptance 2025/presentation
2025/onsite 2025/proposal 2025/decision 2025/onsite-arrangement
2023/revocation-XJZLJ-2023-A03"

# build NAME CMD…: builds the sample into $TMPD/NAME with CMD.
build() {
	name=$1
	shift
	expect_exit 0 "$@" build --content "$TOP/content" \
	    --templates "$TOP/templates" --output "$TMPD/$name"
}

# compare NAME: every golden file against the build in $TMPD/NAME.
compare() {
	for f in $files; do
		for ext in html md; do
			got=$TMPD/$1/site/$f.$ext
			want=$golden/$f.$ext
			if [ ! -f "$got" ]; then
				fail "$1: $f.$ext was not written"
			elif cmp -s "$want" "$got"; then
				pass "$1: $f.$ext is as golden"
			else
				fail "$1: $f.$ext differs from tests/golden (diff below)"
				diff -u "$want" "$got" | head -20
			fi
		done
	done
}

build plain "$GONGSHI"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	for f in $files; do
		mkdir -p "$golden/$(dirname "$f")"
		cp "$TMPD/plain/site/$f.html" "$TMPD/plain/site/$f.md" \
		    "$golden/$(dirname "$f")/"
	done
	echo "  (goldens refreshed from this build: read git diff tests/golden)"
fi
compare plain

build sanitized "$GONGSHI_SAN"
compare sanitized

if command -v valgrind >/dev/null 2>&1; then
	# --error-exitcode: a memory error fails the build's exit status check.
	build valgrind valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$GONGSHI"
	compare valgrind
else
	skip "valgrind is not installed: the golden run under valgrind"
fi
