# Helpers for the end-to-end tests (POSIX sh). A test script starts with
#
#	. "$TOP/tests/e2e/lib.sh"
#
# and is run by tests/e2e/run.sh with these variables set:
#	TOP		the repository root (absolute)
#	GONGSHI		the program, $TOP/build/gongshi
#	GONGSHI_SAN	the same built with ASan+UBSan, $TOP/build-san/gongshi
#	TMPD		a fresh, empty temporary folder for this script alone
#
# Every helper that checks something counts one check, prints "  ok   NAME"
# or "  FAIL NAME" with the reason, and returns 0 or 1; a failed check never
# stops the script.  At exit the counts are written to $E2E_COUNTS for run.sh.
# The helpers' variables all start with "_" (sh has no locals): a test script
# should use other names.
#
#	pass NAME / fail MSG / fatal MSG	count a check by hand (fatal exits)
#	check NAME CMD...			CMD exits 0
#	expect_exit CODE CMD...			CMD exits CODE; output in $OUT, $ERR
#	assert_eq NAME EXPECTED ACTUAL
#	assert_file PATH
#	assert_contains FILE TEXT		fixed string, not a pattern
#	assert_not_contains FILE TEXT
#	assert_not_contains_anywhere DIR TEXT	in any file, inside ODT/zip too
#	odf_validate ODT...			package layout and RelaxNG schemas
#	odt_to_pdf ODT... OUTDIR		LibreOffice, one run for all files
#	html_validate FILE...			Nu Html Checker, one JVM for all
#	screenshot URL PNG WIDTH HEIGHT		headless Chromium
#	qr_decode IMAGE				prints the QR code's text (no check)
#	agree_check_build DIR			check and build of DIR: same exit, same problems
#	no_english_left DIR			check of DIR under zh_CN: every message Chinese
#
# Messages are checked in English: the locale is pinned to C.UTF-8 (LANGUAGE
# unset) unless a test asks for another with LANG=… under env -u LC_ALL.

: "${TOP:=$(pwd)}"
: "${GONGSHI:=$TOP/build/gongshi}"
: "${GONGSHI_SAN:=$TOP/build-san/gongshi}"
if [ -z "${TMPD:-}" ]; then
	TMPD=$(mktemp -d)
fi
: "${VNU_JAR:=$TOP/tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar}"
: "${ODF_SCHEMA:=$TOP/tests/data/odf-schema/OpenDocument-v1.3-schema.rng}"
: "${ODF_MANIFEST_SCHEMA:=${ODF_SCHEMA%-schema.rng}-manifest-schema.rng}"
# Longest a single command may run before it counts as hung (seconds).
: "${E2E_TIMEOUT:=300}"
# A sanitizer report must not pass for the program's own exit status 1.
: "${ASAN_OPTIONS:=exitcode=86:detect_leaks=1}"
: "${LSAN_OPTIONS:=exitcode=88}"
: "${UBSAN_OPTIONS:=exitcode=87:print_stacktrace=1}"
export TOP GONGSHI GONGSHI_SAN TMPD ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

OUT=$TMPD/.out
ERR=$TMPD/.err
_passed=0
_failed=0
_skipped=0

_lib_counts() {
	[ -n "${E2E_COUNTS:-}" ] &&
		echo "$_passed $_failed $_skipped" >"$E2E_COUNTS"
	return 0
}
trap _lib_counts EXIT

pass() {
	_passed=$((_passed + 1))
	echo "  ok   $*"
}

fail() {
	_failed=$((_failed + 1))
	echo "  FAIL $*"
	return 1
}

# skip WHY: a check that could not run here (a tool is missing); counted
# apart, never as a pass.
skip() {
	_skipped=$((_skipped + 1))
	echo "  skip $*"
}

# fatal MSG: a failure after which the rest of the script means nothing.
fatal() {
	fail "$@"
	exit 1
}

# _lib_tmp NAME: a new empty folder under $TMPD.  (A counter would not do:
# it is called in $(...), a subshell.)
_lib_tmp() {
	mktemp -d "$TMPD/.lib-$1-XXXXXX"
}

# _lib_show FILE: the first lines of FILE, indented, for a failure report.
_lib_show() {
	[ -s "$1" ] && sed -n '1,15s/^/	| /p' "$1"
	return 0
}

# _lib_pretty PATH: PATH as a reader wants it in a check's name.
_lib_pretty() {
	case $1 in
	"$OUT")		echo stdout ;;
	"$ERR")		echo stderr ;;
	"$GONGSHI")	echo gongshi ;;
	"$GONGSHI_SAN")	echo gongshi-san ;;
	"$TMPD"/*)	echo "${1#"$TMPD"/}" ;;
	"$TOP"/*)	echo "${1#"$TOP"/}" ;;
	*)		echo "$1" ;;
	esac
}

# _lib_cmd ARG...: a command line, shortened for a check's name.
_lib_cmd() {
	_c=
	for _a; do
		_c="$_c $(_lib_pretty "$_a")"
	done
	echo "${_c# }"
}

_lib_abs() {
	case $1 in
	/*)	echo "$1" ;;
	*)	echo "$(pwd)/$1" ;;
	esac
}

check() {
	_name=$1
	shift
	if timeout "$E2E_TIMEOUT" "$@" </dev/null >"$OUT" 2>"$ERR"; then
		pass "$_name"
	else
		fail "$_name (exit $?)"
		_lib_show "$ERR"
	fi
}

# expect_exit CODE CMD...: runs CMD (an external command, not a function)
# with no input; its standard output and error are kept in $OUT and $ERR for
# the checks that follow.  A sanitizer report fails the check whatever the
# exit status.
expect_exit() {
	_want=$1
	shift
	timeout "$E2E_TIMEOUT" "$@" </dev/null >"$OUT" 2>"$ERR"
	_got=$?
	_name="exit $_want: $(_lib_cmd "$@")"
	if grep -Eq 'Sanitizer|runtime error:' "$ERR"; then
		fail "$_name: sanitizer report (exit $_got)"
		_lib_show "$ERR"
	elif [ "$_got" = 124 ] && [ "$_want" != 124 ]; then
		fail "$_name: timed out after $E2E_TIMEOUT s"
	elif [ "$_got" != "$_want" ]; then
		fail "$_name: exited $_got"
		_lib_show "$ERR"
	else
		pass "$_name"
	fi
}

assert_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

assert_file() {
	if [ -f "$1" ]; then
		pass "file $(_lib_pretty "$1")"
	else
		fail "file $(_lib_pretty "$1"): missing"
	fi
}

assert_contains() {
	_p=$(_lib_pretty "$1")
	if [ ! -f "$1" ]; then
		fail "$_p contains '$2': no such file"
	elif grep -Fq -- "$2" "$1"; then
		pass "$_p contains '$2'"
	else
		fail "$_p contains '$2': not found"
		_lib_show "$1"
	fi
}

assert_not_contains() {
	_p=$(_lib_pretty "$1")
	if [ ! -f "$1" ]; then
		fail "$_p lacks '$2': no such file"
	elif grep -Fq -- "$2" "$1"; then
		fail "$_p lacks '$2': found"
		grep -Fn -- "$2" "$1" | sed -n '1,5s/^/	| /p'
	else
		pass "$_p lacks '$2'"
	fi
}

# assert_not_contains_anywhere DIR TEXT: TEXT is in no file under DIR.  Zip
# files (ODT) are looked into too, since their XML is deflated, with their
# tags and word joiners (U+2060, which keep numbers whole) removed: the
# text as a reader would find it.
assert_not_contains_anywhere() {
	_p=$(_lib_pretty "$1")
	if [ ! -d "$1" ]; then
		fail "no '$2' under $_p: no such folder"
		return 1
	fi
	_hits=$(_lib_tmp hits)/list
	grep -rlaF -- "$2" "$1" >"$_hits"
	find "$1" -type f -print | while IFS= read -r _f; do
		[ "$(head -c 4 "$_f" | od -An -c | tr -d ' ')" = 'PK003004' ] ||
			continue
		unzip -p "$_f" 2>/dev/null |
		    sed -e 's/<[^>]*>//g' -e 's/\xe2\x81\xa0//g' |
		    grep -qaF -- "$2" &&
			echo "$_f (inside)"
	done >>"$_hits"
	if [ -s "$_hits" ]; then
		fail "no '$2' under $_p: found in"
		_lib_show "$_hits"
	else
		pass "no '$2' under $_p"
	fi
}

# _lib_mimetype_entry ODT: the zip's first local header is the file
# "mimetype", stored, without extra field, holding exactly the ODT type.  This
# is what lets a program sniff the type at a fixed offset (ODF 1.3 part 2,
# 3.3).  Prints what is wrong; silent when right.
_lib_mimetype_entry() {
	# bytes 0-3 signature, 8-9 method, 18-25 sizes, 26-29 name and extra
	# field lengths, 30-37 the name
	# shellcheck disable=SC2046 # one positional parameter per byte
	set -- $(head -c 38 "$1" | od -An -tu1 -v)
	if [ $# -lt 38 ] || [ "$1 $2 $3 $4" != "80 75 3 4" ]; then
		echo "not a zip file"
		return
	fi
	_mt_method=$9
	shift 18
	_mt_name="${13} ${14} ${15} ${16} ${17} ${18} ${19} ${20}"
	_mt_want="109 105 109 101 116 121 112 101"	# "mimetype"
	if [ "$9 ${10}" != "8 0" ] || [ "$_mt_name" != "$_mt_want" ]; then
		echo "the first entry is not mimetype"
		return
	fi
	[ "$_mt_method" = 0 ] || echo "mimetype is compressed (method $_mt_method)"
	[ "$1 $2 $3 $4 $5 $6 $7 $8" = "39 0 0 0 39 0 0 0" ] ||
		echo "mimetype's sizes are not 39 in its local header"
	[ "${11} ${12}" = "0 0" ] || echo "mimetype has an extra field"
}

# odf_validate ODT...: each ODT is a valid ODF 1.3 text package: mimetype
# first, stored, no extra field, right content; content.xml, styles.xml,
# meta.xml (and settings.xml if any) valid against the OASIS schema,
# META-INF/manifest.xml against the manifest schema.  One check per ODT;
# one xmllint run per schema for all of them.
odf_validate() {
	_dir=$(_lib_tmp odf)
	_n=0
	for _odt; do
		_n=$((_n + 1))
		_x=$_dir/$_n
		mkdir -p "$_x"
		_lib_mimetype_entry "$_odt" >"$_x.why" 2>&1
		if ! unzip -qq -o "$_odt" -d "$_x" >>"$_x.why" 2>&1; then
			echo "cannot unzip" >>"$_x.why"
			continue
		fi
		[ "$(cat "$_x/mimetype" 2>/dev/null)" = \
		    application/vnd.oasis.opendocument.text ] ||
			echo "mimetype content is wrong" >>"$_x.why"
		for _p in content.xml styles.xml meta.xml META-INF/manifest.xml; do
			[ -f "$_x/$_p" ] || echo "no $_p" >>"$_x.why"
		done
	done
	# All files of a schema in one xmllint run: loading the schema is what
	# takes time.  --nonet: the schemas are local; nothing may be fetched.
	_log=$_dir/xmllint.log
	find "$_dir" -mindepth 2 -maxdepth 2 -type f \( -name content.xml -o \
	    -name styles.xml -o -name meta.xml -o -name settings.xml \) \
	    -exec xmllint --nonet --noout --relaxng "$ODF_SCHEMA" {} + \
	    >"$_log" 2>&1
	find "$_dir" -mindepth 3 -maxdepth 3 -type f -path '*/META-INF/manifest.xml' \
	    -exec xmllint --nonet --noout --relaxng "$ODF_MANIFEST_SCHEMA" {} + \
	    >>"$_log" 2>&1
	_n=0
	for _odt; do
		_n=$((_n + 1))
		_x=$_dir/$_n
		# xmllint says "FILE validates" for each good file
		for _p in content.xml styles.xml meta.xml settings.xml \
		    META-INF/manifest.xml; do
			[ -f "$_x/$_p" ] || continue
			grep -Fqx "$_x/$_p validates" "$_log" && continue
			echo "$_p is not valid ODF 1.3:" >>"$_x.why"
			grep -F "$_x/$_p" "$_log" | grep -Fv 'fails to validate' |
			    sed "s|$_x/||; 4q" >>"$_x.why"
		done
		if [ -s "$_x.why" ]; then
			fail "valid ODF: $(_lib_pretty "$_odt")"
			_lib_show "$_x.why"
		else
			pass "valid ODF: $(_lib_pretty "$_odt")"
		fi
	done
}

# odt_to_pdf ODT... OUTDIR: LibreOffice converts every ODT to OUTDIR/NAME.pdf
# in one run (a start costs seconds), with a fresh profile so that no setting
# or lock of another run interferes.  The ODF Writer import filter is forced:
# left to guess, LibreOffice opens any broken file as plain text.  One check
# per file: the PDF exists and pdfinfo reads it.  Two ODTs of the same name
# need two OUTDIRs.  The PDF keeps the blank pages LibreOffice inserts (the
# one before an even 版记页), as printing does: its PDF export drops them
# unless told (IsSkipEmptyPages).
odt_to_pdf() {
	# "$@" becomes the ODTs with absolute paths; OUTDIR goes to $_outdir
	_n=$(($# - 1))
	_seen=
	while [ "$_n" -gt 0 ]; do
		_b=$(basename "$1")
		_b=${_b%.*}
		case " $_seen " in
		*" $_b "*)
			fail "odt_to_pdf: two files named $_b in one batch"
			return 1 ;;
		esac
		_seen="$_seen $_b"
		_f=$(_lib_abs "$1")
		shift
		set -- "$@" "$_f"
		_n=$((_n - 1))
	done
	_outdir=$1
	shift
	mkdir -p "$_outdir"
	_prof=$(_lib_tmp lo-profile)
	_log=$_prof.log
	timeout "$E2E_TIMEOUT" soffice --headless --norestore --nolockcheck \
	    "-env:UserInstallation=file://$_prof" --infilter=writer8 \
	    --convert-to 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}' \
	    --outdir "$_outdir" "$@" </dev/null >"$_log" 2>&1
	_rc=$?
	for _f; do
		_pdf=$(basename "$_f")
		_pdf=$_outdir/${_pdf%.*}.pdf
		if [ -s "$_pdf" ] && pdfinfo "$_pdf" >/dev/null 2>&1; then
			pass "LibreOffice opens $(_lib_pretty "$_f")"
		else
			fail "LibreOffice opens $(_lib_pretty "$_f"): no PDF (soffice exit $_rc)"
			_lib_show "$_log"
		fi
	done
	rm -rf "$_prof" "$_log"
}

# html_validate FILE...: zero errors from the Nu Html Checker, one check per
# file; .css files are checked as CSS.
html_validate() {
	if [ ! -f "$VNU_JAR" ]; then
		fail "html_validate: no $VNU_JAR (run sh tests/setup.sh)"
		return 1
	fi
	# vnu silently skips a file that is not there
	for _f; do
		[ -f "$_f" ] || fail "valid HTML: $(_lib_pretty "$_f"): no such file"
	done
	# Two runs, as vnu's --also-check-css shifts the line numbers it
	# gives for HTML.
	_lib_vnu html "$@"
	_lib_vnu css "$@"
}

# _lib_vnu html|css FILE...: html_validate for the existing FILEs of a kind.
_lib_vnu() {
	_kind=$1
	shift
	# "$@" becomes those files, with absolute paths: vnu names them so
	_n=$#
	while [ "$_n" -gt 0 ]; do
		_f=$1
		shift
		_n=$((_n - 1))
		case $_f in
		*.css)	_k=css ;;
		*)	_k=html ;;
		esac
		[ -f "$_f" ] && [ "$_k" = "$_kind" ] &&
			set -- "$@" "$(_lib_abs "$_f")"
	done
	[ $# = 0 ] && return 0
	_log=$(_lib_tmp vnu)/log
	_opt=
	[ "$_kind" = css ] && _opt=--css
	timeout "$E2E_TIMEOUT" java -jar "$VNU_JAR" --errors-only $_opt \
	    "$@" </dev/null >"$_log" 2>&1
	_rc=$?
	_bad=0
	_msgs=0
	for _f; do
		# vnu names each file as a file: URL in its messages
		_u="\"file:$(echo "$_f" | sed 's/%/%25/g; s/ /%20/g')\""
		if grep -Fq "$_u" "$_log"; then
			_bad=$((_bad + 1))
			_msgs=$((_msgs + $(grep -Fc "$_u" "$_log")))
			fail "valid HTML: $(_lib_pretty "$_f")"
			grep -F "$_u" "$_log" | sed 's/^"[^"]*"://' |
			    sed -n '1,10s/^/	| /p'
		else
			pass "valid HTML: $(_lib_pretty "$_f")"
		fi
	done
	# vnu failed, yet no message names a file (a crash), or some message
	# names one as we did not expect (a URL spelt otherwise): never let
	# that pass.
	if { [ "$_rc" != 0 ] && [ "$_bad" = 0 ]; } ||
	    [ "$(grep -c '^"' "$_log")" != "$_msgs" ]; then
		fail "html_validate: vnu exited $_rc"
		_lib_show "$_log"
	fi
}

# screenshot URL PNG WIDTH HEIGHT: a headless Chromium picture of the page at
# that window size (a phone is 390 844).  No network: only file:// or
# loopback URLs make sense here.
screenshot() {
	_prof=$(_lib_tmp chromium-profile)
	_log=$_prof.log
	mkdir -p "$(dirname "$2")"
	rm -f "$2"
	timeout "$E2E_TIMEOUT" chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$_prof" --screenshot="$(_lib_abs "$2")" \
	    --window-size="$3,$4" "$1" </dev/null >"$_log" 2>&1
	_rc=$?
	if [ -s "$2" ]; then
		pass "screenshot $(_lib_pretty "$2")"
	else
		fail "screenshot $(_lib_pretty "$2") of $1: none (chromium exit $_rc)"
		grep -v dbus "$_log" | sed -n '1,10s/^/	| /p'
	fi
	rm -rf "$_prof" "$_log"
}

# qr_decode IMAGE: prints the text of the QR code(s) in IMAGE (PNG, PGM…);
# exits non-zero when there is none.  Not a check by itself.
qr_decode() {
	zbarimg -q --raw "$1" 2>/dev/null
}

# _lib_diags FILE: the problem lines of a run's stderr ("FILE:LINE: error: …").
_lib_diags() {
	grep -E '^[^ ]+: (error|warning|错误|警告): ' "$1"
}

# agree_check_build DIR [OPTION...]: `gongshi check` and `gongshi build` of
# the content DIR (with the OPTIONs, --templates say) exit with the same
# status and print the same problems, in the same order (check renders
# everything build does, and writes nothing).
agree_check_build() {
	_acb=$(_lib_tmp agree)
	_acb_dir=$1
	shift
	timeout "$E2E_TIMEOUT" "$GONGSHI" check --content "$_acb_dir" "$@" \
	    </dev/null >"$_acb/check.out" 2>"$_acb/check.err"
	_acb_c=$?
	timeout "$E2E_TIMEOUT" "$GONGSHI" build --content "$_acb_dir" "$@" \
	    --output "$_acb/out" </dev/null >"$_acb/build.out" 2>"$_acb/build.err"
	_acb_b=$?
	_lib_diags "$_acb/check.err" >"$_acb/check.diags"
	_lib_diags "$_acb/build.err" >"$_acb/build.diags"
	_acb_what="check and build agree on $(_lib_pretty "$_acb_dir")${*:+ $*}"
	if [ "$_acb_c" != "$_acb_b" ]; then
		fail "$_acb_what: check exits $_acb_c, build $_acb_b"
		_lib_show "$_acb/build.err"
	elif ! cmp -s "$_acb/check.diags" "$_acb/build.diags"; then
		fail "$_acb_what: not the same problems"
		diff "$_acb/check.diags" "$_acb/build.diags" | sed -n '1,10s/^/	| /p'
	elif [ -e "$_acb/out" ] && [ "$_acb_b" != 0 ]; then
		fail "$_acb_what: the failed build wrote $(_lib_pretty "$_acb/out")"
	else
		pass "$_acb_what (exit $_acb_c, $(wc -l <"$_acb/check.diags") problems)"
	fi
	rm -rf "$_acb"
}

# no_english_left DIR: `gongshi check` of DIR under LANG=zh_CN.UTF-8 leaves
# no English message behind (tests/e2e/english_left.py says precisely what
# may stay), and prints as many lines as under LANG=C.
no_english_left() {
	_nel=$(_lib_tmp zh)
	env -u LC_ALL -u LANGUAGE LANG=C timeout "$E2E_TIMEOUT" "$GONGSHI" \
	    check --content "$1" </dev/null >/dev/null 2>"$_nel/c.err"
	env -u LC_ALL -u LANGUAGE LANG=zh_CN.UTF-8 timeout "$E2E_TIMEOUT" \
	    "$GONGSHI" check --content "$1" </dev/null >/dev/null 2>"$_nel/zh.err"
	python3 "$TOP/tests/e2e/english_left.py" "$TOP/po/gongshi.pot" \
	    "$_nel/c.err" "$_nel/zh.err" >"$_nel/report"
	_nel_rc=$?
	grep '^SKIP' "$_nel/report" | while IFS= read -r _l; do
		echo "  skip ${_l#SKIP }"
	done
	_skipped=$((_skipped + $(grep -c '^SKIP' "$_nel/report")))
	if [ "$_nel_rc" = 0 ]; then
		pass "all Chinese under zh_CN: $(_lib_pretty "$1") ($(tail -n 1 "$_nel/report"))"
	else
		fail "all Chinese under zh_CN: $(_lib_pretty "$1")"
		grep '^FAIL' "$_nel/report" | sed -n '1,8s/^/	| /p'
	fi
	rm -rf "$_nel"
}
