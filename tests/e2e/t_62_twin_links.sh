# The site's ODTs are the archive's (issue 14, item 7): site/<year>/X.odt
# and archive/<year>/X.odt are one file under two names (same inode, two
# links), written once, after a first build and after a rebuild that
# changed a value; where the file system cannot link (forced here with
# GONGSHI_TEST_NO_TWIN_LINKS, as EXDEV would), each is a copy with the same
# bytes; SHA256SUMS is the same either way and still checks; the
# archive-only ODTs (each unit's list, the letters, the certificates) have
# no twin on the site. With --site and --archive apart (one file system
# here) the site's ODTs are still the archive's; forced apart, copies.
. "$TOP/tests/e2e/lib.sh"

rm -rf "$TMPD/content" "$TMPD/out" "$TMPD/copied"
cp -R "$TOP/content" "$TMPD/content" || fatal "cannot copy content/"
export SOURCE_DATE_EPOCH=1700000000

build() {	# build OUT: one build of the copy into OUT
	expect_exit 0 "$GONGSHI" build --content "$TMPD/content" \
	    --templates "$TOP/templates" --output "$1"
}

# The site's ODTs, as paths below site/ ("2025/acceptance.odt").
site_odts() {
	(cd "$1/site" && find . -name '*.odt' | sed 's|^\./||' | LC_ALL=C sort)
}

# twins OUT: every site ODT is its archive twin (one inode, two links;
# four when the previous build, kept beside the output as
# .NAME.previous, holds the same file: publish/sibling.h).
twins() {
	_n=0
	_bad=''
	_prev=$(dirname "$1")/.$(basename "$1").previous
	for f in $(site_odts "$1"); do
		_n=$((_n + 1))
		s=$(stat -c '%d:%i %h' "$1/site/$f")
		a=$(stat -c '%d:%i %h' "$1/archive/$f")
		_links=2
		[ "$(stat -c %i "$_prev/site/$f" 2>/dev/null)" = \
		    "$(stat -c %i "$1/site/$f")" ] && _links=4
		[ "$s" = "$a" ] && [ "${s#* }" = "$_links" ] ||
		    _bad="$_bad $f ($s / $a)"
	done
	if [ "$_n" -gt 0 ] && [ -z "$_bad" ]; then
		pass "$2: $_n site ODTs are their archive file (same inode)"
	else
		fail "$2: site ODTs not linked to the archive's ($_n):$_bad"
	fi
}

build "$TMPD/out"
twins "$TMPD/out" "first build"
assert_eq "site/2025/acceptance.odt and archive/2025/acceptance.odt: one inode" \
    "$(stat -c %i "$TMPD/out/archive/2025/acceptance.odt")" \
    "$(stat -c %i "$TMPD/out/site/2025/acceptance.odt")"
check "SHA256SUMS checks" sh -c "cd '$TMPD/out/archive' && sha256sum -c --quiet SHA256SUMS"
linked=''
for f in "$TMPD"/out/archive/2025/recommendation-*.odt \
    "$TMPD"/out/archive/2025/certificates/*.odt \
    "$TMPD"/out/archive/2025/letters/*.odt; do
	[ "$(stat -c %h "$f")" = 1 ] || linked="$linked $f"
done
assert_eq "archive-only ODTs have one link each" "" "$linked"

# A rebuild after a change: still one file each, and the new bytes.
sed -i '2s/有限/有限责任/' "$TMPD/content/2025/organizations.csv"
build "$TMPD/out"
twins "$TMPD/out" "after a change"
check "SHA256SUMS checks after the change" sh -c "cd '$TMPD/out/archive' && sha256sum -c --quiet SHA256SUMS"

# Where links are impossible: copies, with the same bytes and the same sums.
GONGSHI_TEST_NO_TWIN_LINKS=1 build "$TMPD/copied"
copies=0
links=0
for f in $(site_odts "$TMPD/copied"); do
	if [ "$(stat -c %i "$TMPD/copied/site/$f")" = \
	    "$(stat -c %i "$TMPD/copied/archive/$f")" ]; then
		links=$((links + 1))
	elif cmp -s "$TMPD/copied/site/$f" "$TMPD/copied/archive/$f"; then
		copies=$((copies + 1))
	fi
done
assert_eq "without links: every site ODT a copy of the archive's" \
    "$(site_odts "$TMPD/copied" | wc -l) 0" "$copies $links"
assert_eq "without links: the same SHA256SUMS" \
    "$(cat "$TMPD/out/archive/SHA256SUMS")" \
    "$(cat "$TMPD/copied/archive/SHA256SUMS")"
check "without links: the same files, byte for byte" \
    diff -r -x '.gongshi-*' "$TMPD/out" "$TMPD/copied"

# --site and --archive apart: linked across the two folders, or copied.
build_apart() {	# build_apart DIR: the site in DIR/www, the archive in DIR/keep
	expect_exit 0 "$GONGSHI" build --content "$TMPD/content" \
	    --templates "$TOP/templates" --site "$1/www" --archive "$1/keep"
}
mkdir -p "$TMPD/apart" "$TMPD/apart-copied"
build_apart "$TMPD/apart"
assert_eq "--site/--archive: the site's acceptance.odt is the archive's" \
    "$(stat -c '%i %h' "$TMPD/apart/keep/2025/acceptance.odt")" \
    "$(stat -c '%i %h' "$TMPD/apart/www/2025/acceptance.odt")"
GONGSHI_TEST_NO_TWIN_LINKS=1 build_apart "$TMPD/apart-copied"
check "--site/--archive without links: a copy with the same bytes" \
    cmp "$TMPD/apart-copied/keep/2025/acceptance.odt" \
    "$TMPD/apart-copied/www/2025/acceptance.odt"
assert_eq "--site/--archive without links: one link each" "1 1" \
    "$(stat -c %h "$TMPD/apart-copied/keep/2025/acceptance.odt") $(stat -c %h "$TMPD/apart-copied/www/2025/acceptance.odt")"
