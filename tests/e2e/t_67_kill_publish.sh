# A build killed at each point of its publish (GONGSHI_TEST_KILL_AFTER=k:
# killed with SIGKILL, as kill -9 would, once it made k changes to the
# disk, publish/folders.h), while it writes into the previous output kept
# beside (.out.previous, publish/sibling.h) and while it makes that afresh:
# the output is the last one, whole, byte for byte; the next build is byte
# for byte a clean build, and so is the one after it. The previous output
# kept beside, tampered with (a file edited, removed, added or replaced),
# is not trusted: the next builds are still clean builds.
. "$TOP/tests/e2e/lib.sh"

rm -rf "$TMPD/content" "$TMPD/out" "$TMPD/.out.previous" "$TMPD"/clean-*
cp -R "$TOP/content" "$TMPD/content" || fatal "cannot copy content/"
export SOURCE_DATE_EPOCH=1700000000
orgs=$TMPD/content/2025/organizations.csv
out=$TMPD/out
prev=$TMPD/.out.previous

gs() {	# gs OUT: a build of the copy into OUT; its exit status
	"$GONGSHI" build --content "$TMPD/content" --templates "$TOP/templates" \
	    --output "$1" -q >"$TMPD/gs.out" 2>"$TMPD/gs.err"
}

# name X|Y: the first applicant's name in one of two forms.
name() {
	if sed -n 2p "$orgs" | grep -q 有限责任; then
		[ "$1" = Y ] || sed -i '2s/有限责任/有限/' "$orgs"
	else
		[ "$1" = X ] || sed -i '2s/有限/有限责任/' "$orgs"
	fi
}

same() {	# same DIR FORM: DIR is byte for byte a clean build of FORM
	diff -r -x '.gongshi-*' "$1" "$TMPD/clean-$2" >/dev/null 2>&1
}

name X && gs "$TMPD/clean-X" || fatal "the clean build failed: $(cat "$TMPD/gs.err")"
name Y && gs "$TMPD/clean-Y" || fatal "the clean build failed: $(cat "$TMPD/gs.err")"
same "$TMPD/clean-X" Y && fatal "the two forms of the name give the same output"

# kill_each WHAT [K...]: a build of Y over the output of X killed after k
# changes, for each K given, else for k = 0, 1, ... until one is not
# killed; prev_state prepares the folder beside before each.
kill_each() {
	_what=$1
	shift
	_ks=${*:-$(seq 0 400)}
	_killed=0
	_bad=''
	_ended=''
	for k in $_ks; do
		name X
		gs "$out" || fatal "$_what: the build of X failed"
		prev_state
		name Y
		GONGSHI_TEST_KILL_AFTER=$k gs "$out"
		_rc=$?
		if [ "$_rc" = 0 ]; then
			_ended=$k
			same "$out" Y || _bad="$_bad $k(not-killed)"
			break
		fi
		_killed=$((_killed + 1))
		[ "$_rc" = 137 ] || _bad="$_bad $k(exit-$_rc)"
		same "$out" X || _bad="$_bad $k(output)"
		gs "$out" && same "$out" Y || _bad="$_bad $k(next)"
		name X
		gs "$out" && same "$out" X || _bad="$_bad $k(after)"
	done
	if [ "$_killed" -gt 0 ] && [ -z "$_bad" ]; then
		pass "$_what: killed at $_killed points${_ended:+ (not at $_ended)}: the output whole, the next builds clean"
	else
		fail "$_what: killed at $_killed points; wrong after:$_bad"
	fi
}

# Writing into the previous output kept beside: two builds made it.
name X && gs "$out" && name Y && gs "$out" || fatal "the first builds failed"
prev_state() { :; }
[ -d "$prev" ] || fatal "no previous output kept beside the output"
kill_each "writing into the previous output"
[ -n "$_ended" ] || fail "writing into the previous output: killed even after 400 changes"

# Making it afresh: nothing beside the output (a build of an older
# gongshi, or one removed by hand); one point in seven of its ~300.
prev_state() { rm -rf "$prev"; }
kill_each "making the previous output afresh" $(seq 0 7 420)

# ---- the previous output tampered with ----
prev_state() { :; }
# tampered WHAT COMMAND: COMMAND run in the folder beside, then a build of
# Y and one of X, each byte for byte a clean build.
tampered() {
	name X
	gs "$out" || fatal "$1: the build of X failed"
	(cd "$prev" && sh -c "$2") || fatal "$1: cannot tamper: $2"
	name Y
	if gs "$out" && same "$out" Y && name X && gs "$out" && same "$out" X
	then
		pass "the previous output with $1: the next builds clean"
	else
		fail "the previous output with $1: the next builds clean"
	fi
}
tampered "a page edited in place" \
    'printf x >>site/2025/acceptance.html'
tampered "a page edited by a new file" \
    'cp site/index.html x.tmp && printf x >>x.tmp && mv x.tmp site/index.html'
tampered "a page removed" 'rm site/2025/call.html'
tampered "a page added" 'echo "<p>added</p>" >site/2025/added.html'
tampered "a folder added" 'mkdir site/2031 && echo x >site/2031/index.html'
tampered "a file added at the top" 'echo x >notes.txt'
tampered "its stamp removed" 'rm .gongshi-inputs'
tampered "its folders' record removed" 'rm .gongshi-folders'
assert_eq "nothing added by hand reached the output" "" \
    "$(ls "$out/site/2025/added.html" "$out/site/2031" "$out/notes.txt" 2>/dev/null)"
