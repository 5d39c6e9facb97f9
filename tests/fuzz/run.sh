#!/bin/sh
# Runs the libFuzzer harnesses built by make (build-fuzz/fuzz_NAME, from
# tests/fuzz/fuzz_NAME.c), each on its seed corpus tests/fuzz/corpus/NAME/:
#
#	sh tests/fuzz/run.sh SECONDS	each harness over its seeds, then
#					fuzzing for SECONDS (make fuzz: 60)
#
# New inputs go to build-fuzz/corpus/NAME/ (the seeds in the tree are
# only read); a crash, a leak, a hang (-timeout) or a sanitizer report
# stops that harness and leaves the input in build-fuzz/crashes/.
# FUZZ_WORK=DIR puts both under DIR instead (two runs at once). Add it
# to tests/fuzz/corpus/NAME/ once fixed, so that it stays fixed.
# Fuzzing runs under nice(1): it must not starve the machine.
#
# Seeds that the tree already holds are read where they are, not copied
# (a copy drifts from what it was taken from): extra_seeds names them.
set -u
seconds=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
work_top=${FUZZ_WORK:-$top/build-fuzz}
fail=0
mkdir -p "$work_top/crashes"

# extra_seeds NAME: folders of the tree that seed harness NAME as well.
extra_seeds() {
	case $1 in
	mustache) echo "$top/templates/layout $top/templates/partials" \
	    "$top/templates/letters" ;;
	esac
}

for bin in "$top"/build-fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	seeds=$top/tests/fuzz/corpus/$name
	work=$work_top/corpus/$name
	mkdir -p "$work"
	if [ ! -d "$seeds" ]; then
		echo "fuzz $name: no seed corpus $seeds"
		fail=1
		continue
	fi
	extra=$(extra_seeds "$name")
	echo "== fuzz $name: $(find "$seeds" $extra -type f | wc -l) seeds, then ${seconds} s"
	# Every seed once: a crash found earlier must stay fixed.
	if ! "$bin" -runs=0 -artifact_prefix="$work_top/crashes/$name-" \
	    "$seeds" $extra >"$work.log" 2>&1; then
		tail -40 "$work.log"
		echo "fuzz $name: FAILED on its seed corpus"
		fail=1
		continue
	fi
	if nice -n 19 "$bin" -max_total_time="$seconds" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$work_top/crashes/$name-" \
	    "$work" "$seeds" $extra >"$work.log" 2>&1; then
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+[[:space:]]+DONE)' \
		    "$work.log" | tr '\n' ' '
		echo
	else
		tail -60 "$work.log"
		echo "fuzz $name: FAILED (the input is in $work_top/crashes/)"
		fail=1
	fi
done
exit $fail
