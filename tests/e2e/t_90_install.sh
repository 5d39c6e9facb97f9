# make install: `make install DESTDIR=… PREFIX=/usr` after a `make` for the
# default prefix (what `make run` then `make install PREFIX=/usr` does),
# then the installed program, run from another folder, finds what was
# installed with it: its templates (a build), its catalogue (a message in
# Chinese), its man page and its bash completion; and when its templates
# are gone, it says every place it looked.
. "$TOP/tests/e2e/lib.sh"

dest=$TMPD/dest
check "make install DESTDIR PREFIX=/usr" make -s -C "$TOP" install \
    DESTDIR="$dest" PREFIX=/usr
bin=$dest/usr/bin/gongshi
assert_file "$bin"
assert_file "$dest/usr/share/gongshi/templates/certificate.fodt"
assert_file "$dest/usr/share/locale/zh_CN/LC_MESSAGES/gongshi.mo"
assert_file "$dest/usr/share/man/man1/gongshi.1"
assert_file "$dest/usr/share/bash-completion/completions/gongshi"

# from a folder of its own, with no templates/ in it
work=$TMPD/office
mkdir -p "$work"
cp -R "$TOP/content" "$work/content"
cd "$work" || fatal "cannot enter $work"
expect_exit 0 "$bin" build
assert_file "$work/output/site/index.html"
assert_file "$work/output/archive/SHA256SUMS"
assert_contains "$OUT" "wrote"

# a message in Chinese from the installed catalogue
sed -i 's/award_quota: 5/award_quota: five/' "$work/content/site.yaml"
expect_exit 1 env -u LC_ALL LANG=zh_CN.UTF-8 "$bin" check
assert_contains "$ERR" "错误"
assert_contains "$ERR" "未写出任何文件"

# the completion offers the commands and a command's options
out=$(bash -c '. "$1"; COMP_WORDS=(gongshi st); COMP_CWORD=1; _gongshi;
    echo "${COMPREPLY[*]}"; COMP_WORDS=(gongshi check --j); COMP_CWORD=2;
    _gongshi; echo "${COMPREPLY[*]}"' sh \
    "$dest/usr/share/bash-completion/completions/gongshi")
assert_eq "completion of 'gongshi st' and 'check --j'" "status
--json" "$out"

# the man page renders
if MANWIDTH=80 man -l "$dest/usr/share/man/man1/gongshi.1" >"$TMPD/man.txt" 2>"$TMPD/man.err" &&
    grep -q "EXIT STATUS" "$TMPD/man.txt"; then
	pass "man -l gongshi.1 renders"
else
	fail "man -l gongshi.1 renders"
	_lib_show "$TMPD/man.err"
fi

# no templates anywhere: every place searched is named
rm -rf "$dest/usr/share/gongshi/templates"
expect_exit 3 "$bin" check
assert_contains "$ERR" "templates"
assert_contains "$ERR" "$dest/usr/share/gongshi/templates"
assert_contains "$ERR" "$work/templates"
assert_contains "$ERR" "--templates"
assert_eq "three places searched, one a line" 3 "$(grep -c '^  /' "$ERR")"
