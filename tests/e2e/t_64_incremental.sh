# A rebuild renders only what changed (publish/incr.h), and its output is
# byte for byte a clean full build's. Over a series of random edits
# (seeded: GONGSHI_TEST_SEED, printed) to the sample and to a generated
# content of 1,500 applicants in two cycles (tests/bench/gen.c) — an
# applicant's name, a decision dropped, a notice's date in cycle.yaml, a
# line of a layout or notice template, the office's own notice, the ODT
# style, the site's style sheet — each partial rebuild is compared with a
# clean build of the same inputs (diff -r, the stamp aside). The files it
# did not render (GONGSHI_TEST_RENDERED lists those it did) are the old
# ones, linked (same inode); every file whose bytes changed was rendered;
# a name changed renders exactly the files whose bytes change; the ODT
# style renders only the notices' ODT files, the style sheet only itself,
# a layout only pages; a file of the output edited or removed by hand is
# rendered again. An edit that makes the content invalid is refused
# by both builds and leaves the output as it was; it is then undone.
# The registers each rebuild parses are those whose bytes changed; the
# others it takes from the last build's .gongshi-registers (load/
# regcache.h): among the edits, an unknown column added to a register (a
# warning, which every rebuild that takes the register from there must
# tell again exactly as a clean build does: stderr is compared), a
# register saved as .xlsx, and that file damaged by hand (a byte changed,
# or cut short), after which the rebuild parses what it cannot trust.
# Then the rows of a register (load/regcache.h, its pieces): over random
# edits of one organizations.csv (a name, a row moved, a blank line, a
# line saved with CRLF, a name quoted, a row twice, a quote left open),
# each rebuild reads in part the register it can (GONGSHI_TEST_ROWS), and
# tells and writes exactly what a clean build does.
# Last, a list long enough for six pieces of content.xml: a rebuild
# copies the unchanged pieces from the last package, never from one edited
# in place or cut short, and gives a clean build's bytes; and the same
# list's page and Markdown file, whose runs of rows are copied from the
# last files, over edits at its first and last rows, across a piece's
# boundary, a row deleted and inserted again, a column widened, and the
# old page and Markdown file edited by hand or cut short.
. "$TOP/tests/e2e/lib.sh"

PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
REGISTERS=$TOP/tests/tools/registers.py
$PY -c 'import openpyxl' 2>/dev/null || fatal "no openpyxl (sh tests/setup.sh)"
TAKEN=$TMPD/taken

SEED=${GONGSHI_TEST_SEED:-14}
echo "  seed $SEED (GONGSHI_TEST_SEED=$SEED sh tests/e2e/run.sh t_64 repeats this run)"
export SOURCE_DATE_EPOCH=1700000000
LOG=$TMPD/rendered
export GONGSHI_TEST_RENDERED="$LOG"
CYCLES=$TMPD/cycles	# publish/cycles.h: the cycles a rebuild checked, composed

# rnd N: sets R to a number in [0, N) drawn from the seed, and advances it.
rnd() {
	R=$(awk -v s="$SEED" -v n="$1" 'BEGIN { srand(s); print int(rand() * n) }')
	SEED=$((SEED + 1))
}

# ---- the edits: each changes $C (content) or $T (templates), saving the
# file it edits in $TMPD/undo first, and says what it did in $WHAT ----

save() {	# save FILE: for undo
	UNDO_FILE=$1
	cp "$1" "$TMPD/undo"
}

edit_name() {
	_f=$C/2025/organizations.csv
	save "$_f"
	_n=$(wc -l <"$_f")
	rnd $((_n - 1))
	_line=$((R + 2))
	if grep -q '"' "$_f" && sed -n "${_line}p" "$_f" | grep -q '"'; then
		_line=2
	fi
	awk -F, -v OFS=, -v n="$_line" -v k="$STEP" \
	    'NR == n { $2 = $2 "改" k } 1' "$TMPD/undo" >"$_f"
	WHAT="name of the applicant at organizations.csv:$_line"
	REG_EDIT=2025/organizations.csv
}

edit_decision() {
	_f=$C/2025/decisions.csv
	save "$_f"
	sed '$d' "$TMPD/undo" >"$_f"
	WHAT="last decision of decisions.csv dropped"
	REG_EDIT=2025/decisions.csv
}

# An unknown column added to decisions.csv, with an empty value in each
# row (a warning), or taken away again.
edit_warning() {
	_f=$C/2025/decisions.csv
	save "$_f"
	if head -n 1 "$_f" | grep -q ',审核人$'; then
		sed -e '1s/,审核人$//' -e '2,$s/,$//' "$TMPD/undo" >"$_f"
		WHAT="the unknown column 审核人 taken out of decisions.csv"
	else
		sed -e '1s/$/,审核人/' -e '2,$s/$/,/' "$TMPD/undo" >"$_f"
		WHAT="an unknown column 审核人 added to decisions.csv (a warning)"
	fi
	REG_EDIT=2025/decisions.csv
}

# 2023/organizations.csv saved as a workbook (Chinese headers and values,
# a title row: tests/tools/registers.py), or back as the CSV it was.
edit_workbook() {
	_f=$C/2023/organizations
	if [ -f "$_f.csv" ]; then
		save "$_f.csv"
		cp "$_f.csv" "$TMPD/orgs-2023.csv"
		$PY "$REGISTERS" xlsx "$_f.csv" "$_f.xlsx" --title "申报组织登记表" ||
		    fatal "registers.py failed on $_f.csv"
		rm "$_f.csv"
		UNDO_RM=$_f.xlsx
		WHAT="2023/organizations.csv saved as organizations.xlsx"
		REG_EDIT=2023/organizations.xlsx
	else
		save "$_f.xlsx"
		cp "$TMPD/orgs-2023.csv" "$_f.csv"
		rm "$_f.xlsx"
		UNDO_RM=$_f.csv
		WHAT="2023/organizations.xlsx saved as organizations.csv again"
		REG_EDIT=2023/organizations.csv
	fi
}

edit_date() {
	_f=$C/2025/cycle.yaml
	save "$_f"
	rnd 4
	case $R in
	0) _k=acceptance ;; 1) _k=presentation ;; 2) _k=onsite ;; *) _k=proposal ;;
	esac
	# one day later: 2025-MM-DD -> 2025-MM-(DD+1), days kept below 29
	awk -v k="$_k" '$1 == k ":" && match($0, /2025-[0-9][0-9]-[0-9][0-9]/) {
		d = substr($0, RSTART + 8, 2) + 1; if (d > 28) d = 10
		$0 = substr($0, 1, RSTART + 7) sprintf("%02d", d) \
		    substr($0, RSTART + 10) } 1' "$TMPD/undo" >"$_f"
	WHAT="date of the $_k notice in cycle.yaml"
}

edit_layout() {
	set -- "$T"/layout/*.html
	rnd $#
	shift "$R"
	save "$1"
	printf '<!-- edit %s -->\n' "$STEP" >>"$1"
	WHAT="a line added to templates/layout/${1##*/}"
	LAYOUT_EDIT=1
}

edit_template() {
	set -- "$T"/notices/acceptance.md "$T"/notices/onsite.md \
	    "$T"/notices/call.md "$T"/partials/contact.md
	rnd $#
	shift "$R"
	save "$1"
	printf '\n（第%s次修改。）\n' "$STEP" >>"$1"
	WHAT="a line added to templates/${1#"$T"/}"
}

edit_notice() {
	_f=$C/2025/notices/onsite-arrangement.md
	save "$_f"
	printf '\n特此补充（第%s次）。\n' "$STEP" >>"$_f"
	WHAT="the office's notice onsite-arrangement.md"
}

edit_style() {
	_f=$T/odt/reference.fodt
	save "$_f"
	if grep -q 'fo:font-size="11pt"' "$_f"; then
		sed 's/fo:font-size="11pt"/fo:font-size="11.5pt"/' "$TMPD/undo" >"$_f"
	else
		sed 's/fo:font-size="11.5pt"/fo:font-size="11pt"/' "$TMPD/undo" >"$_f"
	fi
	WHAT="a font size of templates/odt/reference.fodt"
	STYLE_EDIT=1
}

edit_css() {
	_f=$T/assets/style.css
	save "$_f"
	printf '/* edit %s */\n' "$STEP" >>"$_f"
	WHAT="a line added to templates/assets/style.css"
	CSS_EDIT=1
}

# damage_file FILE: one byte of FILE changed, or FILE cut short, at
# random; _how says which.
damage_file() {
	_f=$1
	rnd "$(wc -c <"$_f")"
	_at=$R
	rnd 2
	if [ "$R" -eq 0 ]; then
		_old=$(od -An -tu1 -j "$_at" -N 1 "$_f" | tr -d ' ')
		printf '%b' "\\0$(printf '%o' $(((_old + 1) % 256)))" |
		    dd of="$_f" bs=1 seek="$_at" conv=notrunc 2>/dev/null
		_how="byte $_at changed"
	else
		truncate -s "$_at" "$_f"
		_how="cut short at byte $_at"
	fi
}

# The registers the last build kept, damaged by hand (a byte changed, or
# a file cut short: one of the folder's entries of records, each a file
# whose body starts at byte 59 with its kind, 1 to 3; 4 is that of a
# register's pieces, which no rebuild needs to take the register), and
# the office's notice edited so that a rebuild runs: what cannot be
# trusted is parsed again.
edit_cache() {
	set -- $(cd "$OUTD/.gongshi-registers" 2>/dev/null && for _e in *; do
		[ "$(od -An -tu1 -j 59 -N 1 "$_e" | tr -d ' ')" = 4 ] ||
		    echo "$_e"
	done)
	[ $# -gt 0 ] || fatal "the last build kept no registers"
	rnd $#
	shift "$R"
	damage_file "$OUTD/.gongshi-registers/$1"
	edit_notice
	WHAT="the registers kept (entry $1: $_how), and $WHAT"
	CACHE_EDIT=1
}

# A file of the last output edited or removed by hand: rendered again.
edit_output() {
	set -- $(cd "$OUTD" && find . -type f ! -path './.gongshi-*' \
	    ! -name SHA256SUMS ! -path './site/*.odt' | LC_ALL=C sort)
	rnd $#
	shift "$R"
	rnd 2
	if [ "$R" -eq 0 ]; then
		printf 'x' >>"$OUTD/$1"
		WHAT="output file ${1#./} edited by hand"
	else
		rm -f "$OUTD/$1"
		WHAT="output file ${1#./} removed by hand"
	fi
}

# ---- listings of the output ----

# files DIR: "path inode cksum" of every file but the stamp and the
# registers kept, sorted.
files() {
	(cd "$1" && find . -type f ! -path './.gongshi-*' -printf '%P %i\n' |
	    LC_ALL=C sort) >"$TMPD/inodes"
	(cd "$1" && find . -type f ! -path './.gongshi-*' -exec cksum {} + |
	    awk '{ sub(/^\.\//, "", $3); print $3, $1 }' | LC_ALL=C sort) >"$TMPD/sums"
	LC_ALL=C join "$TMPD/inodes" "$TMPD/sums"
}

# Files that follow another (SHA256SUMS, the site's copies of archive ODTs).
followers() {
	grep -v -e '^archive/SHA256SUMS ' -e '^site/.*\.odt '
}

# ---- one step: an edit, a partial rebuild, a clean build, the checks ----

build_into() {	# build_into OUTDIR [PROGRAM]: $PROG by default
	"${2:-$PROG}" build -q --content "$C" --templates "$T" --output "$1" \
	    >"$TMPD/build.out" 2>"$TMPD/build.err"
}

# registers: the registers of $C, one a line, sorted.
registers() {
	(cd "$C" && ls -1 -- */organizations.* */decisions.* */objections.* \
	    2>/dev/null) | LC_ALL=C sort
}

# check_registers NAME: the rebuild took from the cache every register
# but the one edited, or, the cache damaged, fewer than all.
check_registers() {
	LC_ALL=C sort "$TAKEN" >"$TMPD/taken.sorted"
	registers >"$TMPD/registers"
	if [ -n "$CACHE_EDIT" ]; then
		if [ "$(wc -l <"$TMPD/taken.sorted")" -lt \
		    "$(wc -l <"$TMPD/registers")" ]; then
			pass "$1: a damaged entry is parsed, not taken"
		else
			fail "$1: a damaged entry is parsed, not taken"
		fi
		return
	fi
	grep -vxF -e "${REG_EDIT:-/}" "$TMPD/registers" >"$TMPD/registers.kept"
	if cmp -s "$TMPD/taken.sorted" "$TMPD/registers.kept"; then
		pass "$1: the registers that did not change are taken, not parsed"
	else
		fail "$1: the registers that did not change are taken, not parsed"
		diff "$TMPD/registers.kept" "$TMPD/taken.sorted" >"$TMPD/taken.diff"
		_lib_show "$TMPD/taken.diff"
	fi
}

step() {	# step EDIT
	LAYOUT_EDIT= STYLE_EDIT= CSS_EDIT= CACHE_EDIT= REG_EDIT= UNDO_RM=
	"$1"
	echo "  edit $STEP: $WHAT"
	files "$OUTD" >"$TMPD/before"
	: >"$LOG"
	: >"$TAKEN"
	: >"$CYCLES"
	GONGSHI_TEST_REGISTERS=$TAKEN GONGSHI_TEST_CYCLES=$CYCLES \
	    build_into "$OUTD"
	partial=$?
	cp "$TMPD/build.err" "$TMPD/partial.err"
	rm -rf "$TMPD/clean"
	GONGSHI_TEST_RENDERED=/dev/null build_into "$TMPD/clean" "$GONGSHI"
	clean=$?
	if [ "$clean" -ne 0 ]; then
		assert_eq "$NAME $STEP: an invalid edit is refused by both builds" \
		    "$clean" "$partial"
		if cmp -s "$TMPD/partial.err" "$TMPD/build.err"; then
			pass "$NAME $STEP: the refused rebuild tells what a clean build tells"
		else
			fail "$NAME $STEP: the refused rebuild tells what a clean build tells"
			diff "$TMPD/build.err" "$TMPD/partial.err" >"$TMPD/err.diff"
			_lib_show "$TMPD/err.diff"
		fi
		files "$OUTD" >"$TMPD/after"
		if cmp -s "$TMPD/before" "$TMPD/after"; then
			pass "$NAME $STEP: the refused build left the output as it was"
		else
			fail "$NAME $STEP: the refused build left the output as it was"
		fi
		[ -n "$UNDO_RM" ] && rm -f "$UNDO_RM"
		cp "$TMPD/undo" "$UNDO_FILE"
		STEP=$((STEP + 1))
		return
	fi
	assert_eq "$NAME $STEP: the rebuild succeeds" 0 "$partial"
	if diff -r -x '.gongshi-*' "$OUTD" \
	    "$TMPD/clean" >"$TMPD/diff" 2>&1
	then
		pass "$NAME $STEP: the rebuild is byte for byte a clean build"
	else
		fail "$NAME $STEP: the rebuild is byte for byte a clean build"
		_lib_show "$TMPD/diff"
	fi
	if cmp -s "$TMPD/partial.err" "$TMPD/build.err"; then
		pass "$NAME $STEP: the rebuild tells what a clean build tells"
	else
		fail "$NAME $STEP: the rebuild tells what a clean build tells"
		diff "$TMPD/build.err" "$TMPD/partial.err" >"$TMPD/err.diff"
		_lib_show "$TMPD/err.diff"
	fi
	check_registers "$NAME $STEP"
	files "$OUTD" >"$TMPD/after"
	LC_ALL=C sort -u "$LOG" >"$TMPD/rendered.sorted"
	# not rendered: the very file of the last build (same inode, bytes)
	LC_ALL=C sort "$TMPD/before" >"$TMPD/before.lines"
	followers <"$TMPD/after" | LC_ALL=C join -v 1 - "$TMPD/rendered.sorted" |
	    LC_ALL=C sort | LC_ALL=C comm -23 - "$TMPD/before.lines" \
	    >"$TMPD/not-kept"
	if [ ! -s "$TMPD/not-kept" ]; then
		pass "$NAME $STEP: every file not rendered is the last build's"
	else
		fail "$NAME $STEP: every file not rendered is the last build's"
		_lib_show "$TMPD/not-kept"
	fi
	# what changed: new bytes, or new files
	followers <"$TMPD/after" | awk '{ print $1, $3 }' | LC_ALL=C sort \
	    >"$TMPD/after.sums"
	followers <"$TMPD/before" | awk '{ print $1, $3 }' | LC_ALL=C sort \
	    >"$TMPD/before.sums"
	LC_ALL=C comm -23 "$TMPD/after.sums" "$TMPD/before.sums" |
	    cut -d' ' -f1 | LC_ALL=C sort >"$TMPD/changed"
	if LC_ALL=C comm -23 "$TMPD/changed" "$TMPD/rendered.sorted" |
	    grep -q .; then
		fail "$NAME $STEP: every changed file was rendered"
	else
		pass "$NAME $STEP: every changed file was rendered"
	fi
	total=$(followers <"$TMPD/after" | wc -l)
	n=$(wc -l <"$TMPD/rendered.sorted")
	echo "    rendered $n of $total files; $(wc -l <"$TMPD/changed") changed"
	case $1 in
	edit_name)
		assert_eq "$NAME $STEP: a name renders exactly what changed" \
		    "$(cat "$TMPD/changed")" "$(cat "$TMPD/rendered.sorted")" ;;
	esac
	if [ -n "$STYLE_EDIT" ]; then
		if grep -v -e '^archive/.*\.odt$' "$TMPD/rendered.sorted" |
		    grep -q . || grep -q '/certificates/' "$TMPD/rendered.sorted"
		then
			fail "$NAME $STEP: the ODT style renders the notices' ODT only"
		else
			pass "$NAME $STEP: the ODT style renders the notices' ODT only"
		fi
	elif [ -n "$CSS_EDIT" ]; then
		assert_eq "$NAME $STEP: the style sheet renders itself only" \
		    site/assets/style.css "$(cat "$TMPD/rendered.sorted")"
	elif [ -n "$LAYOUT_EDIT" ]; then
		if grep -v -e '^site/.*\.html$' -e '^site/.*\.xml$' \
		    "$TMPD/rendered.sorted" | grep -q .; then
			fail "$NAME $STEP: a layout renders pages only"
		else
			pass "$NAME $STEP: a layout renders pages only"
		fi
	elif [ "$n" -lt "$total" ]; then
		pass "$NAME $STEP: not everything was rendered again"
	else
		fail "$NAME $STEP: not everything was rendered again ($n of $total)"
	fi
	STEP=$((STEP + 1))
}

EDITS="edit_name edit_decision edit_date edit_layout edit_template edit_notice edit_style edit_css edit_output edit_warning edit_workbook edit_cache"

# series NAME COUNT: one edit of each kind, then COUNT random edits of $C
# and $T, each checked; the partial rebuilds by $PROG (another program
# renders everything again: it is in every digest).
series() {
	NAME=$1
	OUTD=$TMPD/out-$1
	STEP=1
	rm -rf "$OUTD"
	build_into "$OUTD" || fatal "$1: the first build failed: $(cat "$TMPD/build.err")"
	for e in $EDITS; do
		step "$e"
	done
	_i=0
	_count=$2
	set -- $EDITS
	while [ "$_i" -lt "$_count" ]; do
		rnd $#
		eval "e=\${$((R + 1))}"
		step "$e"
		_i=$((_i + 1))
	done
}

# ---- the sample ----
C=$TMPD/sample/content
T=$TMPD/sample/templates
mkdir -p "$TMPD/sample"
cp -R "$TOP/content" "$C" || fatal "cannot copy content/"
cp -R "$TOP/templates" "$T" || fatal "cannot copy templates/"
PROG=$GONGSHI_SAN	# the sample's rebuilds under ASan and UBSan
series sample 4

# ---- a generated content: 1,500 applicants, two cycles ----
cc -std=gnu11 -O2 -o "$TMPD/gen.bin" "$TOP/tests/bench/gen.c" ||
    fatal "cannot compile tests/bench/gen.c"
C=$TMPD/gen/content
T=$TMPD/gen/templates
mkdir -p "$TMPD/gen"
"$TMPD/gen.bin" 1500 2 "$C" >/dev/null || fatal "gen failed"
if [ ! -d "$C/2025" ]; then
	fatal "the generated content has no 2025 cycle (has: $(ls "$C"))"
fi
mkdir -p "$C/2025/notices"
cp "$TOP/content/2025/notices/onsite-arrangement.md" "$C/2025/notices/"
cp -R "$TOP/templates" "$T" || fatal "cannot copy templates/"
PROG=$GONGSHI
series gen 6

# ---- the rows of a register read in part ----

# rows_edit: one edit of $C/2025/organizations.csv (saved in $TMPD/undo);
# ROWS_VALID is set when the content stays valid.
rows_edit() {
	_f=$C/2025/organizations.csv
	cp "$_f" "$TMPD/undo"
	_n=$(wc -l <"$_f")
	rnd $((_n - 1))
	_a=$((R + 2))
	rnd $((_n - 1))
	_b=$((R + 2))
	rnd 7
	ROWS_VALID=1
	case $R in
	0)	awk -F, -v OFS=, -v n="$_a" -v k="$STEP" \
		    'NR == n { $2 = $2 "改" k } 1' "$TMPD/undo" >"$_f"
		WHAT="a name changed at line $_a" ;;
	1)	awk -v a="$_a" -v b="$_b" '{ l[NR] = $0 } END { for (i = 1;
		    i <= NR; i++) { if (i != a) print l[i]; if (i == b &&
		    b != a) print l[a] } }' "$TMPD/undo" >"$_f"
		WHAT="the row at line $_a moved after line $_b" ;;
	2)	awk -v b="$_b" '{ print } NR == b { print "" }' "$TMPD/undo" >"$_f"
		WHAT="a blank line after line $_b" ;;
	3)	awk -v a="$_a" 'NR == a { printf "%s\r\n", $0; next } 1' \
		    "$TMPD/undo" >"$_f"
		WHAT="line $_a saved with CRLF" ;;
	4)	awk -F, -v OFS=, -v n="$_a" 'NR == n { $2 = "\"" $2 "\"" } 1' \
		    "$TMPD/undo" >"$_f"
		WHAT="the name at line $_a quoted" ;;
	5)	awk -v a="$_a" -v b="$_b" '{ l[NR] = $0 } END { for (i = 1;
		    i <= NR; i++) { print l[i]; if (i == b) print l[a] } }' \
		    "$TMPD/undo" >"$_f"
		ROWS_VALID=	# its code twice
		WHAT="the row at line $_a copied after line $_b" ;;
	*)	awk -F, -v OFS=, -v n="$_a" 'NR == n { $2 = "\"" $2 } 1' \
		    "$TMPD/undo" >"$_f"
		ROWS_VALID=
		WHAT="a quote opened at line $_a and never closed" ;;
	esac
}

# rows_step: an edit, a rebuild reading what it can in part, a clean build.
rows_step() {
	rows_edit
	echo "  edit $STEP: $WHAT"
	: >"$TMPD/rows.log"
	GONGSHI_TEST_ROWS=$TMPD/rows.log build_into "$OUTD"
	partial=$?
	cp "$TMPD/build.err" "$TMPD/partial.err"
	rm -rf "$TMPD/clean"
	build_into "$TMPD/clean" "$GONGSHI"
	clean=$?
	assert_eq "rows $STEP: the rebuild succeeds or fails as a clean build" \
	    "$clean" "$partial"
	if cmp -s "$TMPD/partial.err" "$TMPD/build.err"; then
		pass "rows $STEP: the rebuild tells what a clean build tells"
	else
		fail "rows $STEP: the rebuild tells what a clean build tells"
		diff "$TMPD/build.err" "$TMPD/partial.err" >"$TMPD/err.diff"
		_lib_show "$TMPD/err.diff"
	fi
	if grep -q '^2025/organizations.csv .* pieces kept' "$TMPD/rows.log"; then
		pass "rows $STEP: organizations.csv read in part ($(cut -d' ' -f2- "$TMPD/rows.log"))"
	elif [ -n "$ROWS_VALID" ]; then
		fail "rows $STEP: organizations.csv read in part"
	fi
	if [ "$clean" -ne 0 ]; then
		cp "$TMPD/undo" "$C/2025/organizations.csv"
	elif diff -r -x '.gongshi-*' "$OUTD" \
	    "$TMPD/clean" >"$TMPD/diff" 2>&1; then
		pass "rows $STEP: the rebuild is byte for byte a clean build"
	else
		fail "rows $STEP: the rebuild is byte for byte a clean build"
		_lib_show "$TMPD/diff"
	fi
	STEP=$((STEP + 1))
}

C=$TMPD/rows/content
T=$TMPD/rows/templates
OUTD=$TMPD/out-rows
mkdir -p "$TMPD/rows"
"$TMPD/gen.bin" 1500 1 "$C" >/dev/null || fatal "gen failed"
cp -R "$TOP/templates" "$T" || fatal "cannot copy templates/"
PROG=$GONGSHI
build_into "$OUTD" || fatal "rows: the first build failed: $(cat "$TMPD/build.err")"
STEP=1
while [ "$STEP" -le 10 ]; do
	rows_step
done

# ---- a long list: its content.xml is deflated in pieces of 512 rows
# (format/odt.h); a rebuild copies from the last package the pieces whose
# text did not change and deflates the others (format/deflate.h). 3,000
# applicants: the acceptance list has six pieces (some 2,600 rows, enough
# for the middle ones to be keyed by their rows, format/pieces.h). The rebuild says how
# many pieces it copied; the package is byte for byte a clean build's; an
# old package edited in place (same size, time and inode) or cut short is
# never copied from. ----
C=$TMPD/long/content
T=$TMPD/long/templates
OUTD=$TMPD/out-long
mkdir -p "$TMPD/long"
"$TMPD/gen.bin" 3000 1 "$C" >/dev/null || fatal "gen failed"
cp -R "$TOP/templates" "$T" || fatal "cannot copy templates/"
LIST=archive/2025/acceptance.odt
PROG=$GONGSHI_SAN	# the pieces read from the old file under ASan and UBSan

# rename ROW...: the names at those lines of organizations.csv changed.
rename() {
	_rows=" $* "
	awk -F, -v OFS=, -v rows="$_rows" 'index(rows, " " NR " ") { $2 = $2 "改" } 1' \
	    "$C/2025/organizations.csv" >"$TMPD/orgs" &&
	    mv "$TMPD/orgs" "$C/2025/organizations.csv"
}

# long_step ROW WHAT: a name changed (row ROW of organizations.csv), a
# rebuild, a clean build; sets COPIED and PIECES from the rebuild's line.
long_step() {
	rename "$1"
	long_check "$2"
}

# long_check WHAT: a rebuild after an edit, compared with a clean build.
long_check() {
	set -- "" "$1"
	"$PROG" build --content "$C" --templates "$T" --output "$OUTD" \
	    >"$TMPD/rebuild.out" 2>"$TMPD/build.err"
	assert_eq "long $2: the rebuild succeeds" 0 "$?"
	rm -rf "$TMPD/clean"
	build_into "$TMPD/clean" "$GONGSHI" ||
	    fatal "long $2: the clean build failed: $(cat "$TMPD/build.err")"
	if cmp -s "$OUTD/$LIST" "$TMPD/clean/$LIST" &&
	    diff -r -x '.gongshi-*' "$OUTD" \
	    "$TMPD/clean" >"$TMPD/diff" 2>&1
	then
		pass "long $2: the rebuilt list is byte for byte a clean build's"
	else
		fail "long $2: the rebuilt list is byte for byte a clean build's"
		_lib_show "$TMPD/diff"
	fi
	_line=$(grep 'pieces of the long lists' "$TMPD/rebuild.out")
	PIECES=$(echo "$_line" | sed -n 's/.*of the \([0-9]*\) pieces.*/\1/p')
	COPIED=$(echo "$_line" | sed -n 's/.*again, \([0-9]*\) had not.*/\1/p')
	echo "    pieces copied: ${COPIED:-0} of ${PIECES:-0}"
}

build_into "$OUTD" || fatal "long: the first build failed: $(cat "$TMPD/build.err")"
grep -q "^[0-9]* $LIST\$" "$OUTD/.gongshi-inputs" &&
    pieces_of_list=$(grep "^[0-9]* $LIST\$" "$OUTD/.gongshi-inputs" | cut -d' ' -f1)
assert_eq "long: the stamp keeps the list's six pieces" 6 "${pieces_of_list:-0}"

long_step 2 "a name"
if [ "${COPIED:-0}" -ge 1 ] && [ "$COPIED" -lt "$PIECES" ]; then
	pass "long a name: some pieces copied, the changed ones deflated"
else
	fail "long a name: some pieces copied, the changed ones deflated (${COPIED:-0} of ${PIECES:-0})"
fi

# every piece of the old list edited in place (a byte in the middle of
# each, as the stamp places them), its size, time and inode kept: none of
# them is copied
cp -p "$OUTD/$LIST" "$TMPD/list.time"
awk -v list="$LIST" '$2 == list && NF == 2 { n = $1; next }
    n > 0 { print $4 + int($5 / 2); n-- }' "$OUTD/.gongshi-inputs" |
while read -r _at; do
	printf '\377' | dd of="$OUTD/$LIST" bs=1 seek="$_at" conv=notrunc \
	    2>/dev/null
done
touch -r "$TMPD/list.time" "$OUTD/$LIST"
cmp -s "$OUTD/$LIST" "$TMPD/list.time" &&
    fatal "long: the old list was not edited"
long_step 2 "an old list edited in place"
if [ "${COPIED:-0}" -eq 0 ] || [ "$COPIED" -le $((PIECES - 3)) ]; then
	pass "long an old list edited in place: none of its pieces is copied"
else
	fail "long an old list edited in place: none of its pieces is copied (${COPIED:-0} of ${PIECES:-0})"
fi

# the old list cut short: nothing of it is copied
_size=$(wc -c <"$OUTD/$LIST")
truncate -s $((_size / 2)) "$OUTD/$LIST"
long_step 2 "an old list cut short"
if [ "${COPIED:-0}" -eq 0 ] || [ "$COPIED" -le $((PIECES - 3)) ]; then
	pass "long an old list cut short: none of its pieces is copied"
else
	fail "long an old list cut short: none of its pieces is copied (${COPIED:-0} of ${PIECES:-0})"
fi

# ---- the long lists' pages and Markdown files (format/pieces.h), cut in
# runs of 1,024 rows copied from the last file where unchanged: edits at
# the first and last rows, across a piece's boundary, a row deleted and
# inserted again (every later row renumbered), a value that widens a
# column of the ODT, and the old page and Markdown file edited by hand
# or cut short, which are never copied from. Each rebuild is a clean
# build's, byte for byte. ----
rows=$(wc -l <"$C/2025/organizations.csv")
long_step "$rows" "the last row"
rename 1024 1025 1026
long_check "rows across a piece's boundary"
rename 2 "$rows"
long_check "the first and the last rows"

# applicant 500 withdrawn: its lines in every register
code=$(sed -n 500p "$C/2025/organizations.csv" | cut -d, -f1)
mkdir -p "$TMPD/withdrawn"
for f in organizations decisions objections; do
	cp "$C/2025/$f.csv" "$TMPD/withdrawn/"
	grep -v "$code" "$TMPD/withdrawn/$f.csv" >"$C/2025/$f.csv"
done
long_check "a row deleted"
for f in organizations decisions objections; do
	cp "$TMPD/withdrawn/$f.csv" "$C/2025/"
done
long_check "a row inserted"

# a recommending unit's name far longer than any: the ODT's column widths
awk -F, -v OFS=, 'NR == 3 { $4 = $4 "（新疆维吾尔自治区质量强区工作领导小组办公室成员单位）" } 1' \
    "$C/2025/organizations.csv" >"$TMPD/orgs" &&
    mv "$TMPD/orgs" "$C/2025/organizations.csv"
long_check "a column widened"

# pieces_at FILE: the offsets in the middle of FILE's runs, as the stamp lists them.
pieces_at() {
	awk -v f="$1" '$2 == f && NF == 2 { n = $1; next }
	    n > 0 { print $4 + int($5 / 2); n-- }' "$OUTD/.gongshi-inputs"
}

for f in site/2025/acceptance.html site/2025/acceptance.md; do
	_n=$(pieces_at "$f" | wc -l)
	[ "$_n" -ge 2 ] || fail "long: the stamp lists the runs of $f ($_n)"
done
# every run of the old page edited in place, its size and time kept
PAGE=site/2025/acceptance.html
cp -p "$OUTD/$PAGE" "$TMPD/page.time"
pieces_at "$PAGE" | while read -r _at; do
	printf 'X' | dd of="$OUTD/$PAGE" bs=1 seek="$_at" conv=notrunc \
	    2>/dev/null
done
touch -r "$TMPD/page.time" "$OUTD/$PAGE"
cmp -s "$OUTD/$PAGE" "$TMPD/page.time" && fatal "long: the old page was not edited"
rename 2
long_check "an old page edited by hand"
# the old Markdown file cut short, and a line put at the top of the page
MD=site/2025/acceptance.md
_size=$(wc -c <"$OUTD/$MD")
truncate -s $((_size / 2)) "$OUTD/$MD"
{ echo '<!-- 草稿 -->'; cat "$OUTD/$PAGE"; } >"$TMPD/page" &&
    cat "$TMPD/page" >"$OUTD/$PAGE"
rename 2
long_check "an old Markdown file cut short, a line put atop the old page"

# ---- many cycles (publish/cycles.h): a rebuild checks and composes again
# only the cycles whose inputs, or the facts they take from the others,
# changed. Three generated cycles (2021, 2023, 2025), and in 2023 an
# applicant X who was a nominee in 2021 (a nominee may apply again; it
# fails the material review). Random edits: a name in one cycle (only
# that cycle is checked and composed again, GONGSHI_TEST_CYCLES tells),
# and edits in an earlier cycle or the whole site that change a later
# cycle's checks: X's 2021 nomination made an award (art. 15 then refuses
# X's 2023 qualification), a sanction of X (art. 9(3)), a fraud found in
# a 2021 award (its revocation decision), a new cycle (the next cycle's
# year, the site's years), site.yaml, the calendar, a template, a notice
# date of 2021, the cycles' file damaged; a warning of 2023's checks kept
# throughout (told again when 2023 is not checked), one of 2021's added or
# taken away. Each rebuild is checked as above: output and messages a
# clean build's. ----
C=$TMPD/many/content
T=$TMPD/many/templates
mkdir -p "$TMPD/many"
"$TMPD/gen.bin" 300 3 "$C" >/dev/null || fatal "gen failed"
cp -R "$TOP/templates" "$T" || fatal "cannot copy templates/"
[ -d "$C/2021" ] && [ -d "$C/2023" ] || fatal "gen wrote no 2021 and 2023"

# mc_first CSV STAGE RESULT: the credit code of the first such decision.
mc_first() {
	awk -F, -v s="$2" -v r="$3" '$2 == s && $3 == r { print $1; exit }' "$1"
}
MC_X=$(mc_first "$C/2021/decisions.csv" approval nomination)
MC_W=$(awk -F, '$2 == "approval" && $3 == "award" { w = $1 } END { print w }' \
    "$C/2021/decisions.csv")
MC_V=$(awk -F, '$2 == "approval" && $3 == "award" { if (++n == 2) print $1 }' \
    "$C/2021/decisions.csv")
_y=$(mc_first "$C/2023/decisions.csv" material fail)
[ -n "$MC_X" ] && [ -n "$MC_W" ] && [ -n "$MC_V" ] && [ -n "$_y" ] ||
    fatal "the generated 2021 and 2023 cycles lack a nominee, awards or a material fail"
_name=$(awk -F, -v x="$MC_X" '$1 == x { print $2 }' "$C/2021/organizations.csv")
awk -F, -v OFS=, -v y="$_y" -v x="$MC_X" -v n="$_name" \
    '$1 == y { $1 = x; $2 = n; print }' "$C/2023/organizations.csv" \
    >>"$C/2023/organizations.csv.x"
cat "$C/2023/organizations.csv.x" >>"$C/2023/organizations.csv"
awk -F, -v OFS=, -v y="$_y" -v x="$MC_X" '$1 == y && ($2 == "recommendation" ||
    $2 == "qualification" || $2 == "material") { $1 = x; print }' \
    "$C/2023/decisions.csv" >"$C/2023/decisions.csv.x"
cat "$C/2023/decisions.csv.x" >>"$C/2023/decisions.csv"
rm -f "$C/2023/organizations.csv.x" "$C/2023/decisions.csv.x"
# and a warning of 2023's checks, told again by every rebuild that does
# not check 2023: an internal publicity with no end (art. 11(2))
# mc_dated CSV: the first line of an applicant with an internal publicity.
mc_dated() {
	awk -F, 'NR > 1 && $9 != "" && $10 != "" { print NR; exit }' "$1"
}
MC_WARNED=$(mc_dated "$C/2023/organizations.csv")
awk -F, -v OFS=, -v n="$MC_WARNED" 'NR == n { $10 = "" } 1' \
    "$C/2023/organizations.csv" >"$TMPD/orgs" &&
    mv "$TMPD/orgs" "$C/2023/organizations.csv"
MC_LINE=$(mc_dated "$C/2021/organizations.csv")
MC_START=$(awk -F, -v n="$MC_LINE" 'NR == n { print $9 }' \
    "$C/2021/organizations.csv")

edit_mc_name() {
	rnd 3
	_cy=$((2021 + 2 * R))
	_f=$C/$_cy/organizations.csv
	save "$_f"
	awk -F, -v OFS=, -v k="$STEP" 'NR == 3 { $2 = $2 "改" k } 1' \
	    "$TMPD/undo" >"$_f"
	WHAT="a name in $_cy/organizations.csv"
	REG_EDIT=$_cy/organizations.csv
	MC_ONLY=$_cy
}

# A warning of 2021's checks (an internal publicity with no start), or
# taken away again.
edit_mc_warning() {
	_f=$C/2021/organizations.csv
	save "$_f"
	awk -F, -v OFS=, -v n="$MC_LINE" -v s="$MC_START" \
	    'NR == n { $9 = $9 == "" ? s : "" } 1' "$TMPD/undo" >"$_f"
	WHAT="the start of an internal publicity in 2021 (a warning, or none)"
	REG_EDIT=2021/organizations.csv
	MC_ONLY=2021
}

# X's 2021 nomination and the last 2021 award exchanged (the quotas kept).
edit_mc_award() {
	_f=$C/2021/decisions.csv
	save "$_f"
	awk -F, -v OFS=, -v x="$MC_X" -v w="$MC_W" '
	    ($2 == "deliberation" || $2 == "approval") && $1 == x { $3 = "award" }
	    ($2 == "deliberation" || $2 == "approval") && $1 == w { $3 = "nomination" }
	    1' "$TMPD/undo" >"$_f"
	WHAT="X's 2021 nomination made an award (art. 15 in 2023)"
	REG_EDIT=2021/decisions.csv
	MC_LATER=2023/
}

# A major incident of X the year before 2023's deadline (art. 9(3)).
edit_mc_sanction() {
	_f=$C/sanctions.csv
	save "$_f"
	printf '%s,incident,2022-09-01,,,重大生产安全事故\n' "$MC_X" >>"$_f"
	WHAT="a major incident of X in sanctions.csv (art. 9(3) in 2023)"
	MC_LATER=2023/
}

# A fraud found in the second 2021 award, and the government's decision
# revoking it (art. 19): a revocation decision in 2021.
edit_mc_revocation() {
	_f=$C/sanctions.csv
	save "$_f"
	printf '%s,fraud,2022-03-01,2022-04-11,新政发〔2022〕%s号,申报材料弄虚作假\n' \
	    "$MC_V" "$((30 + STEP))" >>"$_f"
	WHAT="a 2021 award revoked for fraud in sanctions.csv"
}

# A new cycle after the last (once): the next cycle's year, the site's years.
edit_mc_cycle() {
	if [ -d "$C/2027" ]; then
		edit_mc_name
		return
	fi
	save "$C/site.yaml"	# nothing to undo: the build takes an empty cycle
	"$GONGSHI" new --content "$C" 2027 >/dev/null ||
	    fatal "gongshi new 2027 failed"
	WHAT="a new cycle 2027 (gongshi new)"
	REG_EDIT="2027/organizations.xlsx
2027/decisions.xlsx
2027/objections.xlsx"
}

edit_mc_site() {
	_f=$C/site.yaml
	save "$_f"
	sed "s/^  phone: .*/  phone: 0991-55501$((10 + STEP))/" "$TMPD/undo" >"$_f"
	WHAT="the office's phone in site.yaml"
}

edit_mc_calendar() {
	_f=$C/calendar/2022.yaml
	save "$_f"
	printf '# checked again (%s)\n' "$STEP" >>"$_f"
	WHAT="a comment added to calendar/2022.yaml"
}

edit_mc_date() {
	_f=$C/2021/cycle.yaml
	save "$_f"
	awk '$1 == "presentation:" && match($0, /2021-[0-9][0-9]-[0-9][0-9]/) {
		d = substr($0, RSTART + 8, 2) + 1; if (d > 28) d = 10
		$0 = substr($0, 1, RSTART + 7) sprintf("%02d", d) \
		    substr($0, RSTART + 10) } 1' "$TMPD/undo" >"$_f"
	WHAT="the date of the 2021 presentation notice"
}

# The cycles' file damaged by hand (a byte changed, or cut short), and a
# name edited so that a rebuild runs: nothing of it is trusted.
edit_mc_file() {
	_f=$OUTD/.gongshi-cycles
	[ -s "$_f" ] || fatal "the last build kept no cycles' file"
	damage_file "$_f"
	edit_mc_name
	WHAT="the cycles' file ($_how), and $WHAT"
	MC_ONLY=
	MC_ALL=1
}

# mc_step EDIT: step, then what the rebuild checked and composed again.
mc_step() {
	MC_ONLY= MC_LATER= MC_ALL=
	step "$1"
	_s=$((STEP - 1))
	if [ -n "$MC_ONLY" ]; then
		printf 'checks %s\ncompose %s\n' "$MC_ONLY" "$MC_ONLY" \
		    >"$TMPD/cycles.want"
		if cmp -s "$TMPD/cycles.want" "$CYCLES"; then
			pass "cycles $_s: only $MC_ONLY is checked and composed again"
		else
			fail "cycles $_s: only $MC_ONLY is checked and composed again"
			_lib_show "$CYCLES"
		fi
	fi
	if [ -n "$MC_ALL" ]; then
		_n=$(ls -d "$C"/[12][0-9][0-9][0-9] | wc -l)
		assert_eq "cycles $_s: every cycle is checked and composed again" \
		    "$((2 * _n))" "$(wc -l <"$CYCLES")"
	fi
	if [ -n "$MC_LATER" ]; then
		assert_contains \
		    "$TMPD/build.err" "$MC_LATER"
	fi
}

MC_EDITS="edit_mc_name edit_mc_warning edit_mc_award edit_mc_sanction edit_mc_revocation edit_mc_cycle edit_mc_site edit_mc_calendar edit_template edit_mc_date edit_mc_file"
NAME=cycles
OUTD=$TMPD/out-cycles
STEP=1
PROG=$GONGSHI_SAN	# the memo and the kept documents under ASan and UBSan
build_into "$OUTD" || fatal "cycles: the first build failed: $(cat "$TMPD/build.err")"
assert_contains "$TMPD/build.err" "2023/organizations.csv:$MC_WARNED: warning:"
for e in $MC_EDITS; do
	mc_step "$e"
	mc_step edit_mc_name
done
set -- $MC_EDITS
_i=0
while [ "$_i" -lt 6 ]; do
	rnd $#
	eval "e=\${$((R + 1))}"
	mc_step "$e"
	_i=$((_i + 1))
done
