#!/bin/sh
# make bench: gongshi at national scale, beside pandoc and Hugo (issue 7).
#
#	sh tests/bench/run.sh [CASE...]	CASE: 1k 20k 100k 25x4k units objections
#					cycles 1m (default: all)
#
# For each case, synthetic content from tests/bench/gen.c (weekends-only
# calendar, every check of the Measures passed), then:
#   gongshi   a full build into an empty folder (wall and CPU time, peak
#             memory from tests/bench/timer.c, documents per format), a build
#             with nothing changed, builds after one value changed (changed
#             and changed back in turn; their CPU against the full build's),
#             and paired builds on one core
#             (taskset -c 0) and on both (the gain of the second core);
#   floor     tests/bench/floor.c on the full build's output: only the work
#             no program can avoid for the same output (read every input
#             byte, deflate the same XML parts at the same level, encode the
#             same QR codes, write the same bytes), timed by itself on both
#             cores; gongshi ÷ floor is the distance left (issue 14);
#   pandoc    every notice's Markdown that gongshi wrote (site/<year>/*.md)
#             converted to ODT and to standalone HTML, one file at a time;
#   Hugo      a site of one page per notice from the same Markdown, with a
#             minimal layout written here, `hugo --quiet`.
# Each timed series of gongshi or Hugo builds follows one untimed build
# that brings the program, the templates and the content into the page
# cache. The growth cases (units, objections, cycles) build two contents that
# differ in one dimension only (gen -u, gen -o, the number of cycles) and
# print the growth exponent: log(time ratio) / log(size ratio), 1 for
# linear work, 0 for none; a superlinear path shows above 1. The 1m case
# builds 1,000,000 applicants once, for the peak memory.
# Prints a table with the ratios and writes tests/bench/RESULTS.md (the part
# above its "<!-- analysis -->" line; what follows that line is kept).
# Then runs tests/bench/workbook.sh (the workbook load), when it exists.
#
# Environment:
#   BENCH_RUNS=3             timed runs of each gongshi and Hugo build (median)
#   BENCH_PANDOC_TIMEOUT=300 seconds pandoc may take per case; past it the
#                            case shows "> N s"
#   BENCH_DIR                work folder (default: a new one in /tmp)
#   BENCH_KEEP=1             keep the work folder
#   BENCH_NO_RESULTS=1       print only, leave RESULTS.md alone
# pandoc and hugo are installed from Debian when missing.

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
GONGSHI=$TOP/build/gongshi
RESULTS=$TOP/tests/bench/RESULTS.md
RUNS=${BENCH_RUNS:-3}
PTIME=${BENCH_PANDOC_TIMEOUT:-300}
TIMER=$TOP/build/bench/timer
export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$GONGSHI" ] || die "no $GONGSHI: run make first"
[ -x "$TIMER" ] || die "no $TIMER: run make bench (or make build/bench/timer)"
command -v pandoc >/dev/null 2>&1 && command -v hugo >/dev/null 2>&1 ||
	sh "$TOP/tests/deps.sh" bench pandoc hugo || die "cannot install pandoc and hugo"

W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/gongshi-bench.XXXXXX")}
mkdir -p "$W" || die "cannot create $W"
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$W"' EXIT
cc -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L \
    -o "$W/gen" "$TOP/tests/bench/gen.c" || die "cannot compile gen.c"
cc -std=c11 -O2 -Wall -Wextra -o "$W/floor" "$TOP/tests/bench/floor.c" \
    -lzip -lz -lqrencode -pthread || die "cannot compile floor.c"

# ---- helpers --------------------------------------------------------------

# timed FILE CMD...: runs CMD under tests/bench/timer.c; FILE gets
# "wall user sys maxrss_kb exit" (seconds to the microsecond, the exit
# status of CMD): /usr/bin/time's CPU times have 10 ms steps, too coarse
# for a rebuild of 30 ms.
timed() {
	_tf=$1
	shift
	"$TIMER" -o "$_tf" "$@"
}

# last FILE: the figures timed wrote.
last() {
	tail -n 1 "$1"
}

# median N...: the middle value (the lower middle for an even count).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# calc EXPR: a number, from awk (a comparison gives 1 or 0).
calc() {
	awk "BEGIN { printf \"%s\", ($1) }" 2>/dev/null
}

# fmt_s SECONDS: "0.72 s" or "12 ms".
fmt_s() {
	awk -v s="$1" 'BEGIN {
		if (s == "" || s == "-") print "-";
		else if (s < 1) printf "%.0f ms\n", s * 1000;
		else printf "%.2f s\n", s }'
}

# mb KB: megabytes.
mb() {
	awk -v k="$1" 'BEGIN { printf "%.0f MB\n", k / 1024 }'
}

# build CASE TAG: one gongshi build of case CASE; sets B_WALL B_CPU B_RSS
# and B_LINE (the summary line).
build() {
	timed "$W/$1.time" "$GONGSHI" build --content "$W/$1/content" \
	    --templates "$TOP/templates" --output "$W/$1/out" \
	    >"$W/$1.stdout" 2>"$W/$1.stderr"
	read -r B_WALL _u _s B_RSS _rc <<-EOF
	$(last "$W/$1.time")
	EOF
	B_CPU=$(calc "$_u + $_s")
	B_LINE=$(cat "$W/$1.stdout")
	if [ "$_rc" != 0 ]; then
		echo "bench: $1: gongshi build exited $_rc ($2)" >&2
		sed -n '1,20p' "$W/$1.stderr" >&2
		exit 1
	fi
}

# floor CASE: the floor program over the case's last full build, RUNS
# times into a fresh folder each; sets F_WALL (median) and F_CPU (of that
# run).
floor_of() {
	_base=$(sed -n 's/^base_url:[[:space:]]*"\{0,1\}\([^"#[:space:]]*\).*/\1/p' \
	    "$W/$1/content/site.yaml")
	_walls=''
	_pairs=''
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		sync
		"$W/floor" "$W/$1/content" "$TOP/templates" "$W/$1/out" "$_base" \
		    "$W/$1/floor-$_i" >"$W/$1.floor" 2>"$W/$1.floor.err" || {
			cat "$W/$1.floor.err" >&2
			die "$1: the floor program failed"
		}
		read -r _tag _w _c <<-EOF
		$(head -n 1 "$W/$1.floor")
		EOF
		_walls="$_walls $_w"
		_pairs="$_pairs $_w:$_c"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	F_WALL=$(median $_walls)
	# shellcheck disable=SC2086
	F_CPU=$(printf '%s\n' $_pairs | awk -F: -v w="$F_WALL" '$1 == w { print $2; exit }')
	F_LINE=$(sed -n 2p "$W/$1.floor")
}

# ---- one case ------------------------------------------------------------------

# run_case NAME APPLICANTS CYCLES
run_case() {
	name=$1
	n=$2
	cycles=$3
	dir=$W/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "== $name: $n applicants x $cycles cycle(s)"
	"$W/gen" "$n" "$cycles" "$dir/content" || die "gen failed"
	in_size=$(du -sk "$dir/content" | cut -f1)

	# Full builds, into an empty folder each time. Nothing is deleted
	# until the end of the run: ext4 makes a new file slow while many
	# inodes were freed in the last seconds (find_inode_bit skips them,
	# see RESULTS.md), which would charge the bench's own clean-up to
	# the program measured next.
	# One build first, not timed: it brings the binary, the templates and
	# the content into the page cache, as every later build finds them.
	build "$name" warm-up
	walls=''
	cpus=''
	rss=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		[ -d "$dir/out" ] && mv "$dir/out" "$dir/trash-out-$i"
		sync
		build "$name" full
		walls="$walls $B_WALL"
		cpus="$cpus $B_WALL:$B_CPU"
		[ "$B_RSS" -gt "$rss" ] && rss=$B_RSS
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	full=$(median $walls)
	# shellcheck disable=SC2086 # a list of wall:cpu pairs
	full_cpu=$(printf '%s\n' $cpus | awk -F: -v w="$full" '$1 == w { print $2; exit }')
	summary=$B_LINE
	html=$(echo "$summary" | sed -n 's/.*wrote \([0-9]*\) HTML.*/\1/p')
	md=$(echo "$summary" | sed -n 's/.* \([0-9]*\) Markdown.*/\1/p')
	odt=$(echo "$summary" | sed -n 's/.* \([0-9]*\) ODT.*/\1/p')
	files=$(echo "$summary" | sed -n 's/.*(\([0-9]*\) files).*/\1/p')
	out_size=$(du -sk "$dir/out" | cut -f1)
	echo "   $summary"
	if [ -s "$W/$name.stderr" ]; then
		echo "   (the build printed $(wc -l <"$W/$name.stderr") line(s) on stderr:)"
		sed -n '1,5s/^/   | /p' "$W/$name.stderr"
	fi

	# the floor, over this full build's output
	floor_of "$name"
	echo "   $F_LINE"
	echo "   floor: $(fmt_s "$F_WALL"), CPU $(fmt_s "$F_CPU");" \
	    "gongshi ÷ floor: wall $(calc "$full / $F_WALL" | awk '{ printf "%.2f", $1 }')," \
	    "CPU $(calc "$full_cpu / $F_CPU" | awk '{ printf "%.2f", $1 }')"

	# nothing changed
	walls=''
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		build "$name" again
		case $B_LINE in
		*"nothing changed"*) ;;
		*) echo "bench: $name: a build with nothing changed rendered again:" \
		    "$B_LINE" >&2 ;;
		esac
		walls="$walls $B_WALL"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	again=$(median $walls)
	echo "   nothing changed: $(fmt_s "$again") ($B_LINE)"

	# one value changed: the name of the first applicant of the last
	# cycle, changed and changed back in turn, each a rebuild over the one
	# before (RUNS of them; the medians)
	last=$(find "$dir/content" -mindepth 1 -maxdepth 1 -name '[0-9][0-9][0-9][0-9]' | sort | tail -1)
	walls=''
	cpus=''
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if [ $((i % 2)) = 0 ]; then
			sed -i '2s/有限/有限责任/' "$last/organizations.csv"
		else
			sed -i '2s/有限责任/有限/' "$last/organizations.csv"
		fi
		build "$name" changed
		case $B_LINE in
		*"had changed"*) ;;
		*) echo "bench: $name: a build after one change did not say what it rendered again:" \
		    "$B_LINE" >&2 ;;
		esac
		walls="$walls $B_WALL"
		cpus="$cpus $B_CPU"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	changed=$(median $walls)
	# shellcheck disable=SC2086
	changed_cpu=$(median $cpus)
	echo "   one value changed ($RUNS times): $(fmt_s "$changed"), CPU $(fmt_s "$changed_cpu")" \
	    "= $(calc "100 * $changed_cpu / $full_cpu" | awk '{ printf "%.1f", $1 }') % of the full build's CPU"

	# one core against both (issue 14, item 3): paired runs, one core
	# first then both, into empty folders; medians of each
	one_walls=''
	two_walls=''
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		[ -d "$dir/out" ] && mv "$dir/out" "$dir/trash-one-$i"
		sync
		timed "$W/$name.one" taskset -c 0 "$GONGSHI" build --content "$dir/content" \
		    --templates "$TOP/templates" --output "$dir/out" >/dev/null 2>&1
		one_walls="$one_walls $(cut -d' ' -f1 "$W/$name.one")"
		mv "$dir/out" "$dir/trash-two-$i"
		sync
		build "$name" "both cores"
		two_walls="$two_walls $B_WALL"
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	one_core=$(median $one_walls)
	# shellcheck disable=SC2086
	two_cores=$(median $two_walls)
	echo "   one core (taskset -c 0): $(fmt_s "$one_core"); both cores: $(fmt_s "$two_cores");" \
	    "gain $(calc "$one_core / $two_cores" | awk '{ printf "%.2f", $1 }')x"

	# pandoc: the same notices, one file at a time, to ODT and to HTML
	find "$dir/out/site" -mindepth 2 -maxdepth 2 -name '*.md' | sort \
	    >"$dir/notices"
	notices=$(wc -l <"$dir/notices")
	mkdir -p "$dir/pandoc"
	cat >"$dir/pandoc.sh" <<-EOF
	while IFS= read -r f; do
		b=\$(basename "\$f" .md)
		y=\$(basename "\$(dirname "\$f")")
		pandoc --quiet -f markdown -t odt -o "$dir/pandoc/\$y-\$b.odt" "\$f" || exit 1
		pandoc --quiet -s --metadata pagetitle="\$b" -f markdown -t html \
		    -o "$dir/pandoc/\$y-\$b.html" "\$f" || exit 1
	done <"$dir/notices"
	EOF
	timed "$W/$name.pandoc" timeout "$PTIME" sh "$dir/pandoc.sh" \
	    >/dev/null 2>"$W/$name.pandoc.err"
	read -r p_wall p_u p_s p_rss p_rc <<-EOF
	$(last "$W/$name.pandoc")
	EOF
	p_cpu=$(calc "$p_u + $p_s")
	if [ "$p_rc" = 124 ]; then
		p_show="> $PTIME s"
		p_ratio="> $(calc "$PTIME / $full" | awk '{ printf "%.0f", $1 }')x"
	elif [ "$p_rc" != 0 ]; then
		p_show="failed"
		p_ratio="-"
		sed -n '1,5p' "$W/$name.pandoc.err" >&2
	else
		p_show=$(fmt_s "$p_wall")
		p_ratio="$(calc "$p_wall / $full" | awk '{ printf "%.1f", $1 }')x"
	fi
	echo "   pandoc, $notices notices to ODT and HTML: $p_show ($p_ratio gongshi's full build)"

	# Hugo: one page per notice, same Markdown, minimal layout
	h=$dir/hugo
	mkdir -p "$h/layouts/_default" "$h/content"
	cat >"$h/config.toml" <<-'EOF'
	baseURL = "https://zlj.example.gov.cn/"
	languageCode = "zh-CN"
	title = "新疆质量奖公示公告"
	disableKinds = ["taxonomy", "term"]
	EOF
	cat >"$h/layouts/_default/single.html" <<-'EOF'
	<!DOCTYPE html>
	<html lang="zh-CN"><head><meta charset="utf-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<title>{{ .Title }}</title></head>
	<body><main>{{ .Content }}</main></body></html>
	EOF
	cat >"$h/layouts/_default/list.html" <<-'EOF'
	<!DOCTYPE html>
	<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
	<body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
	EOF
	cp "$h/layouts/_default/list.html" "$h/layouts/index.html"
	while IFS= read -r f; do
		y=$(basename "$(dirname "$f")")
		mkdir -p "$h/content/$y"
		# the "# title" line becomes the front matter's title
		t=$(sed -n '1s/^# //p' "$f" | sed 's/\\/\\\\/g; s/"/\\"/g')
		{
			printf -- '---\ntitle: "%s"\n---\n' "$t"
			sed 1d "$f"
		} >"$h/content/$y/$(basename "$f")"
	done <"$dir/notices"
	# one run first, not timed, as for gongshi
	hugo --quiet -s "$h" -d "$h/public" >/dev/null 2>"$W/$name.hugo.err" ||
	    { sed -n '1,5p' "$W/$name.hugo.err" >&2; die "hugo failed"; }
	walls=''
	hcpus=''
	h_rss=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		[ -d "$h/public" ] && mv "$h/public" "$h/trash-public-$i"
		sync
		timed "$W/$name.hugo" hugo --quiet -s "$h" -d "$h/public" \
		    >/dev/null 2>"$W/$name.hugo.err"
		read -r h_wall h_u h_s h_m h_rc <<-EOF
		$(last "$W/$name.hugo")
		EOF
		[ "$h_rc" = 0 ] || { sed -n '1,5p' "$W/$name.hugo.err" >&2; die "hugo failed"; }
		walls="$walls $h_wall"
		hcpus="$hcpus $h_wall:$(calc "$h_u + $h_s")"
		[ "$h_m" -gt "$h_rss" ] && h_rss=$h_m
		i=$((i + 1))
	done
	# shellcheck disable=SC2086
	hugo_wall=$(median $walls)
	# shellcheck disable=SC2086
	hugo_cpu=$(printf '%s\n' $hcpus | awk -F: -v w="$hugo_wall" '$1 == w { print $2; exit }')
	hugo_pages=$(find "$h/public" -name '*.html' | wc -l)
	h_ratio="$(calc "$hugo_wall / $full" | awk '{ printf "%.1f", $1 }')x"
	echo "   hugo, $hugo_pages pages: $(fmt_s "$hugo_wall") ($h_ratio gongshi's full build)"

	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' \
	    "$name" "$n" "$cycles" "$in_size" "$full" "$full_cpu" "$rss" \
	    "$html" "$md" "$odt" "$files" "$out_size" "$again" "$changed" \
	    "$notices" "$p_show" "$p_cpu" "$p_rss" "$p_ratio" "$hugo_wall" \
	    "$hugo_cpu" "$h_rss" "$h_ratio" "$F_WALL" "$F_CPU" "$changed_cpu" \
	    "$one_core" "$two_cores" >>"$W/rows"
}

# ---- growth ------------------------------------------------------------------

# timed_builds NAME: RUNS full builds of $W/NAME/content into fresh
# folders; sets G_WALL (median) and G_CPU (of that run).
timed_builds() {
	build "$1" warm-up	# not timed: the page cache, as in run_case
	_walls=''
	_pairs=''
	_i=0
	while [ "$_i" -lt "$RUNS" ]; do
		[ -d "$W/$1/out" ] && mv "$W/$1/out" "$W/$1/trash-out-$_i"
		sync
		build "$1" full
		_walls="$_walls $B_WALL"
		_pairs="$_pairs $B_WALL:$B_CPU"
		_i=$((_i + 1))
	done
	# shellcheck disable=SC2086 # lists of numbers
	G_WALL=$(median $_walls)
	# shellcheck disable=SC2086
	G_CPU=$(printf '%s\n' $_pairs | awk -F: -v w="$G_WALL" '$1 == w { print $2; exit }')
}

# exponent T1 T2 S1 S2: log(T2 / T1) / log(S2 / S1)
exponent() {
	calc "log($2 / $1) / log($4 / $3)" | awk '{ printf "%.2f", $1 }'
}

# run_growth NAME WHAT SMALL LARGE: gen_NAME SIZE DIR writes the content
# of one size; builds both sizes and records the exponent.
run_growth() {
	_name=$1 _what=$2 _s1=$3 _s2=$4
	echo "== $_name: $_what, $_s1 against $_s2"
	for _sz in "$_s1" "$_s2"; do
		rm -rf "$W/$_name-$_sz"
		mkdir -p "$W/$_name-$_sz"
		"gen_$_name" "$_sz" "$W/$_name-$_sz/content" || die "gen failed"
		timed_builds "$_name-$_sz"
		eval "_w$_sz=\$G_WALL _c$_sz=\$G_CPU"
		echo "   $_sz: $(fmt_s "$G_WALL"), CPU $(fmt_s "$G_CPU") ($B_LINE)"
		# The units' lists are one package each (DESIGN §3): the floor
		# of the same output tells how much of the growth is output.
		F_WALL=0
		if [ "$_name" = units ]; then
			floor_of "$_name-$_sz"
			echo "   floor: $(fmt_s "$F_WALL") ($F_LINE)"
		fi
		eval "_f$_sz=\$F_WALL"
	done
	eval "_w1=\$_w$_s1 _c1=\$_c$_s1 _w2=\$_w$_s2 _c2=\$_c$_s2 _f1=\$_f$_s1 _f2=\$_f$_s2"
	echo "   growth exponent: wall $(exponent "$_w1" "$_w2" "$_s1" "$_s2"), CPU $(exponent "$_c1" "$_c2" "$_s1" "$_s2")"
	printf '%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$_name" "$_what" "$_s1" "$_s2" \
	    "$_w1" "$_w2" "$_c1" "$_c2" "$_f1" "$_f2" >>"$W/growth"
}

# run_memory NAME APPLICANTS: one full build of a large content, for its
# peak memory (issue 14, item 6: 1,000,000 applicants in 1 GB); no pandoc
# and no Hugo at this size.
run_memory() {
	echo "== $1: $2 applicants, peak memory"
	rm -rf "$W/$1"
	mkdir -p "$W/$1"
	"$W/gen" "$2" 1 "$W/$1/content" || die "gen failed"
	sync
	build "$1" full
	echo "   $(fmt_s "$B_WALL"), CPU $(fmt_s "$B_CPU"), peak $(mb "$B_RSS") ($B_LINE)"
	printf '%s|%s|%s|%s|%s\n' "$1" "$2" "$B_WALL" "$B_CPU" "$B_RSS" >>"$W/memory"
	rm -rf "$W/$1"
}

gen_units() {		# at 20,000 applicants
	"$W/gen" -u "$1" 20000 1 "$2"
}
gen_objections() {	# per cycle, at 20,000 applicants
	"$W/gen" -o "$1" 20000 1 "$2"
}
gen_cycles() {		# of 1,000 applicants each
	"$W/gen" 1000 "$1" "$2"
}

# ---- the cases ----------------------------------------------------------------

[ $# -gt 0 ] || set -- 1k 20k 100k 25x4k units objections cycles 1m
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
: >"$W/rows"
: >"$W/growth"
: >"$W/memory"
for c; do
	case $c in
	1k)	run_case 1k 1000 1 ;;
	20k)	run_case 20k 20000 1 ;;
	100k)	run_case 100k 100000 1 ;;
	25x4k)	run_case 25x4k 4000 25 ;;
	units)	run_growth units "recommending units at 20,000 applicants" 40 4000 ;;
	objections) run_growth objections "objections per cycle at 20,000 applicants" 30 3000 ;;
	cycles)	run_growth cycles "cycles of 1,000 applicants" 4 40 ;;
	1m)	run_memory 1m 1000000 ;;
	*)	die "unknown case $c (1k 20k 100k 25x4k units objections cycles 1m)" ;;
	esac
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
took=$(( $(date +%s) - started ))

# ---- the report ---------------------------------------------------------------

row() {	# row CASE FIELD: one field (1-based) of a case's row
	awk -F'|' -v c="$1" -v f="$2" '$1 == c { print $f }' "$W/rows"
}

table() {
	echo "### gongshi"
	echo
	echo "| case | applicants × cycles | input | full build | CPU | peak memory | HTML | Markdown | ODT | files | output | nothing changed | one value changed |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'|' '{
		printf "| %s | %d × %d | %.1f MB | %s | %.2f s | %.0f MB | %s | %s | %s | %s | %.1f MB | %s | %s |\n",
		    $1, $2, $3, $4 / 1024, fs($5), $6, $7 / 1024, $8, $9, $10,
		    $11, $12 / 1024, fs($13), fs($14)
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/rows"
	echo
	echo "### beside the floor, pandoc and Hugo (the same notices' Markdown)"
	echo
	echo "The floor (tests/bench/floor.c) does only the unavoidable work of the same build: read every input byte, deflate the same XML parts at level 6, encode the same QR codes, write the same bytes; both cores."
	echo
	echo "| case | notices | gongshi full build | CPU | floor | floor CPU | gongshi ÷ floor | CPU ÷ floor CPU | pandoc → ODT + HTML | pandoc CPU | pandoc peak | pandoc ÷ gongshi | Hugo | Hugo CPU | Hugo peak | Hugo ÷ gongshi |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'|' '{
		printf "| %s | %s | %s | %.2f s | %s | %.2f s | %.2fx | %.2fx | %s | %.1f s | %.0f MB | %s | %s | %.2f s | %.0f MB | %s |\n",
		    $1, $15, fs($5), $6, fs($24), $25, $5 / $24, $6 / $25,
		    $16, $17, $18 / 1024, $19, fs($20), $21, $22 / 1024, $23
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/rows"
}

cores_table() {
	echo
	echo "### a rebuild after one change, and the second core (issue 14)"
	echo
	echo "One value changed: the first applicant's name in the last cycle's organizations.csv, changed and changed back in turn, each time a build over the previous output ($RUNS builds, medians). One core: \`taskset -c 0\`, paired with a build on both cores, $RUNS pairs (medians)."
	echo
	echo "| case | full build CPU | one value changed CPU | share | one core | both cores | gain |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'|' '{
		printf "| %s | %.2f s | %.2f s | %.1f %% | %s | %s | %.2fx |\n",
		    $1, $6, $26, 100 * $26 / $6, fs($27), fs($28), $27 / $28
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/rows"
}

memory_table() {
	[ -s "$W/memory" ] || return 0
	echo
	echo "### peak memory at the largest size (issue 14)"
	echo
	echo "| case | applicants | full build | CPU | peak memory |"
	echo "| --- | ---: | ---: | ---: | ---: |"
	awk -F'|' '{
		printf "| %s | %d | %s | %.2f s | %.0f MB |\n", $1, $2, fs($3), $4, $5 / 1024
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/memory"
}

growth_table() {
	[ -s "$W/growth" ] || return 0
	echo
	echo "### growth: no superlinear path (issue 14)"
	echo
	echo "Two contents that differ in one dimension only; exponent = log(time ratio) ÷ log(size ratio): 1 is linear, 0 is no cost at all, above 1 superlinear."
	echo
	echo "| case | dimension | small | large | full build small | large | ratio | exponent (wall) | CPU small | large | exponent (CPU) |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'|' '{
		printf "| %s | %s | %s | %s | %s | %s | %.2fx | %.2f | %.2f s | %.2f s | %.2f |\n",
		    $1, $2, $3, $4, fs($5), fs($6), $6 / $5,
		    log($6 / $5) / log($4 / $3), $7, $8, log($8 / $7) / log($4 / $3)
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/growth"
	awk -F'|' '$9 > 0 && $10 > 0 { n++ } END { exit n == 0 }' "$W/growth" || return 0
	echo
	echo "Beside the floor of the same output (DESIGN §3 makes one ODT package per recommending unit, so the output itself grows with the units):"
	echo
	echo "| case | small | large | floor small | floor large | floor large ÷ gongshi small | gongshi ÷ floor, small | gongshi ÷ floor, large |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'|' '$9 > 0 && $10 > 0 {
		printf "| %s | %s | %s | %s | %s | %.2fx | %.2fx | %.2fx |\n",
		    $1, $3, $4, fs($9), fs($10), $10 / $5, $5 / $9, $6 / $10
	}
	function fs(s) { return s < 1 ? sprintf("%.0f ms", s * 1000) : sprintf("%.2f s", s) }
	' "$W/growth"
}

# verdict WHAT OK: one line of the targets' check.
verdict() {
	if [ "$2" = 1 ]; then
		echo "- met: $1"
	else
		echo "- MISSED: $1"
	fi
}

targets() {
	f20=$(row 20k 5) a20=$(row 20k 13) r20=$(row 20k 16) fl20=$(row 20k 24)
	f100=$(row 100k 5) m100=$(row 100k 7)
	if [ -n "$f20" ]; then
		verdict "20,000 applicants: full build $(fmt_s "$f20") ≤ 1 s" \
		    "$(calc "$f20 <= 1")"
		verdict "20,000 applicants: nothing changed $(fmt_s "$a20") ≤ 0.2 s" \
		    "$(calc "$a20 <= 0.2")"
		verdict "20,000 applicants: gongshi ÷ floor, wall, $(calc "$f20 / $fl20" | awk '{ printf "%.2f", $1 }')x ≤ 1.5x (issue 14)" \
		    "$(calc "$f20 <= 1.5 * $fl20")"
		case $r20 in
		"> "*)	verdict "20,000 applicants: pandoc took $r20, at least 20 × gongshi" 1 ;;
		*)	verdict "20,000 applicants: pandoc ÷ gongshi = $(row 20k 19) ≥ 20x" \
			    "$(calc "$(row 20k 19 | tr -d 'x') >= 20")" ;;
		esac
	fi
	if [ -n "$f100" ]; then
		verdict "100,000 applicants: peak memory $(mb "$m100") ≤ 200 MB" \
		    "$(calc "$m100 <= 200 * 1024")"
		[ -n "$f20" ] && verdict "100,000 applicants: $(fmt_s "$f100") = $(calc "$f100 / $f20" | awk '{ printf "%.1f", $1 }') × the 20,000 case ≤ 6 ×" \
		    "$(calc "$f100 <= 6 * $f20")"
	fi
	_u=$(awk -F'|' '$1 == "units" { print $5, $6 }' "$W/growth")
	if [ -n "$_u" ]; then
		# shellcheck disable=SC2086 # two numbers
		set -- $_u
		verdict "4,000 units at 20,000 applicants: $(fmt_s "$2") = $(calc "$2 / $1" | awk '{ printf "%.2f", $1 }') × the 40-unit time ≤ 1.2 × (issue 14)" \
		    "$(calc "$2 <= 1.2 * $1")"
		_uf=$(awk -F'|' '$1 == "units" { print $9, $10 }' "$W/growth")
		# shellcheck disable=SC2086 # two numbers
		[ -n "$_uf" ] && set -- "$@" $_uf
		if [ $# -ge 4 ] && [ "$(calc "$3 > 0 && $4 > 0")" = 1 ]; then
			echo "  (the floor of the 4,000-unit output alone, $(fmt_s "$4"), is $(calc "$4 / $1" | awk '{ printf "%.2f", $1 }') × the 40-unit build; gongshi ÷ floor: 40 units $(calc "$1 / $3" | awk '{ printf "%.2f", $1 }')x, 4,000 units $(calc "$2 / $4" | awk '{ printf "%.2f", $1 }')x)"
			verdict "4,000 units at 20,000 applicants: gongshi ÷ floor $(calc "$2 / $4" | awk '{ printf "%.2f", $1 }')x ≤ 1.2 × the 40-unit case's $(calc "$1 / $3" | awk '{ printf "%.2f", $1 }')x (per package, issue 14)" \
			    "$(calc "$2 / $4 <= 1.2 * $1 / $3")"
		fi
	fi
	if [ -n "$f20" ]; then
		verdict "20,000 applicants: both cores $(calc "$(row 20k 27) / $(row 20k 28)" | awk '{ printf "%.2f", $1 }') × one core ≥ 1.8 × (issue 14)" \
		    "$(calc "$(row 20k 27) >= 1.8 * $(row 20k 28)")"
		verdict "20,000 applicants: one value changed $(calc "100 * $(row 20k 26) / $(row 20k 6)" | awk '{ printf "%.1f", $1 }') % of a full build's CPU ≤ 10 % (issue 14)" \
		    "$(calc "$(row 20k 26) <= 0.10 * $(row 20k 6)")"
	fi
	if [ -n "$(row 25x4k 5)" ]; then
		verdict "25 cycles × 4,000: one value changed $(calc "100 * $(row 25x4k 26) / $(row 25x4k 6)" | awk '{ printf "%.1f", $1 }') % of a full build's CPU ≤ 5 % (issue 14)" \
		    "$(calc "$(row 25x4k 26) <= 0.05 * $(row 25x4k 6)")"
	fi
	_m=$(awk -F'|' '$1 == "1m" { print $5 }' "$W/memory")
	[ -n "$_m" ] && verdict "1,000,000 applicants: peak memory $(mb "$_m") ≤ 1 GB (issue 14)" \
	    "$(calc "$_m <= 1024 * 1024")"
	for c in $(cut -d'|' -f1 "$W/rows"); do
		verdict "$c: faster than Hugo ($(fmt_s "$(row "$c" 5)") against $(fmt_s "$(row "$c" 20)"))" \
		    "$(calc "$(row "$c" 5) < $(row "$c" 20)")"
	done
}

machine() {
	echo "- machine: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
	    "$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) memory;" \
	    "$(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average before $load_before, after $load_after (other work on the machine shows here); the whole run took $took s"
	echo "- command: \`make bench\` (sh tests/bench/run.sh $*), $RUNS runs of each gongshi and Hugo build (median shown), pandoc once; times from tests/bench/timer.c (CLOCK_MONOTONIC, wait4: to the microsecond); peak memory is the largest maximum resident set size of those runs"
	echo "- versions: $("$GONGSHI" --version), $(pandoc --version | head -1), hugo $(hugo version | sed 's/^hugo v\([^ ]*\).*/\1/'), $(cc --version | head -1)"
	echo "- content: tests/bench/gen.c, synthetic (weekends-only calendar, no holidays); one cycle per case, or 25 cycles two years apart"
}

report() {
	echo "# gongshi benchmark results"
	echo
	echo "Written by \`make bench\` (tests/bench/run.sh): everything above the analysis line is"
	echo "replaced by the next run."
	echo
	machine "$@"
	echo
	table
	cores_table
	growth_table
	memory_table
	echo
	echo "### targets (issues 7 and 14)"
	echo
	targets
}

echo
report "$@" | tee "$W/report.md"
if [ "${BENCH_NO_RESULTS:-0}" != 1 ]; then
	{
		cat "$W/report.md"
		echo
		if [ -f "$RESULTS" ] && grep -q '^<!-- analysis -->' "$RESULTS"; then
			sed -n '/^<!-- analysis -->/,$p' "$RESULTS"
		else
			echo "<!-- analysis -->"
		fi
	} >"$W/RESULTS.md" && mv "$W/RESULTS.md" "$RESULTS"
	echo
	echo "bench: wrote $RESULTS"
fi
if [ -f "$TOP/tests/bench/workbook.sh" ]; then
	echo
	sh "$TOP/tests/bench/workbook.sh" || die "tests/bench/workbook.sh failed"
fi
