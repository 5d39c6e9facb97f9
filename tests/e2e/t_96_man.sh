# The man pages (src/*.[1-8]): each renders with man(1) without a single
# warning from groff, and the reference pages cannot drift from the
# program silently: gongshi-content(5) names every column of every
# register as src/load/aliases.c names it (English name and, where the
# program knows one, its Chinese header) and every rule setting of
# src/load/config.c with its article; gongshi-templates(5) names every
# file of templates/ and every value a template uses.
. "$TOP/tests/e2e/lib.sh"

command -v man >/dev/null 2>&1 || fatal "man is needed (tests/setup.sh)"

pages=$(ls "$TOP"/src/*.[1-8])
[ -n "$pages" ] || fatal "no man page in src/"
for page in $pages; do
	name=$(basename "$page")
	man --warnings -l -E UTF-8 "$page" >"$TMPD/$name.txt" 2>"$TMPD/$name.err"
	if [ -s "$TMPD/$name.err" ]; then
		fail "man --warnings $name: warnings"
		_lib_show "$TMPD/$name.err"
	elif [ ! -s "$TMPD/$name.txt" ]; then
		fail "man --warnings $name: nothing rendered"
	else
		pass "man --warnings $name: no warning"
	fi
done

# The pages as text, one paragraph a line (wide: nothing wraps).
render() {
	MANWIDTH=1000 man -l -E UTF-8 "$TOP/src/$1" 2>/dev/null
}
render gongshi-content.5 >"$TMPD/content.txt"
render gongshi-templates.5 >"$TMPD/templates.txt"

# section REGISTER: the part of gongshi-content(5) about REGISTER, from its
# subsection title ("   organizations: ...") to the next one.
section() {
	awk -v reg="$1" '
	    /^   [a-z]/ { inside = (index($0, "   " reg ":") == 1) }
	    /^[A-Z]/ { inside = 0 }
	    inside' "$TMPD/content.txt"
}

# columns ARRAY: every name (English and Chinese) of the column table ARRAY
# of src/load/aliases.c, the one table the registers are read by.
columns() {
	awk -v arr="$1" '
	    $0 ~ "column " arr "\\[\\]" { inside = 1; next }
	    inside && /^};/ { exit }
	    inside {
		line = $0
		while (match(line, /"[^"]*"/)) {
			print substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
	    }' "$TOP/src/load/aliases.c"
}

for pair in organizations:org_cols decisions:decision_cols \
    objections:objection_cols sanctions:sanction_cols; do
	reg=${pair%%:*}
	section "$reg" >"$TMPD/$reg.txt"
	columns "${pair#*:}" >"$TMPD/$reg.cols"
	n=$(wc -l <"$TMPD/$reg.cols")
	# 5 is the fewest columns of a register: fewer means this test no
	# longer reads aliases.c right, and would check nothing.
	if [ "$n" -lt 5 ]; then
		fail "$reg: only $n columns found in src/load/aliases.c"
		continue
	fi
	missing=
	while IFS= read -r col; do
		# a column is a tag of its own, "     name (组织名称)": the
		# English name starts it, the Chinese one is in brackets
		grep -Eq "^ +$col \\(|\\($col\\)" "$TMPD/$reg.txt" ||
			missing="$missing $col"
	done <"$TMPD/$reg.cols"
	assert_eq "gongshi-content(5) names the $n columns of $reg" "" "${missing# }"
done

# Each column with a Chinese header beside it.
chinese=$(LC_ALL=C.UTF-8 grep -Ec '^ +[a-z_]+ \([^ -~][^)]*\)$' "$TMPD/content.txt")
[ "$chinese" -ge 38 ] &&
	pass "gongshi-content(5): $chinese columns with their Chinese header" ||
	fail "gongshi-content(5): $chinese columns with their Chinese header (38 expected)"

# Every rule setting, with its article on the same line.
rules=$(awk '/rule_keys\[\] = \{/ { inside = 1; next }
    inside && /};/ { exit }
    inside { while (match($0, /"[^"]*"/)) {
	print substr($0, RSTART + 1, RLENGTH - 2); $0 = substr($0, RSTART + RLENGTH) } }' \
    "$TOP/src/load/config.c")
n=0
missing=
for r in $rules; do
	n=$((n + 1))
	grep -Eq "^ +$r \(default [0-9]+, art\. [0-9]+" "$TMPD/content.txt" ||
		missing="$missing $r"
done
[ "$n" -ge 12 ] || fail "only $n rule settings found in src/load/config.c"
assert_eq "gongshi-content(5) names the $n rule settings with their article" "" "${missing# }"

# Every template file.
missing=
n=0
for f in $(cd "$TOP/templates" && find notices letters partials layout odt \
    -type f | sort) certificate.fodt; do
	case $f in */README.md) continue ;; esac
	n=$((n + 1))
	base=$(basename "$f")
	grep -Fq "$base" "$TMPD/templates.txt" || missing="$missing $f"
done
assert_eq "gongshi-templates(5) names the $n files of templates/" "" "${missing# }"

# Every name a template uses, in gongshi-templates(5): the whole dotted
# name, or each of its parts (site.award.short_name is told as the
# site.award.* list).
missing=
n=0
for v in $(cd "$TOP/templates" && find . -type f \( -name '*.md' -o \
    -name '*.html' -o -name '*.xml' -o -name '*.fodt' \) ! -name README.md \
    -exec grep -oh '{{[^}<]*}}' {} + | grep -v '^{{[!>=]' |
    sed 's/^{{[#^/&{]*//; s/}*$//; s/^ *//; s/ *$//' | grep -v '^\.$' | sort -u); do
	n=$((n + 1))
	grep -Fq "$v" "$TMPD/templates.txt" && continue
	for part in $(echo "$v" | tr . ' '); do
		grep -Eq "(^|[^a-z_])$part([^a-z_]|$)" "$TMPD/templates.txt" ||
			{ missing="$missing $v"; break; }
	done
done
[ "$n" -ge 100 ] || fail "only $n names found in the templates"
assert_eq "gongshi-templates(5) tells the $n names the templates use" "" "${missing# }"

# Users have the man pages, not the design document.
for f in README.md content/README.md templates/README.md $(cd "$TOP" && ls src/*.[1-8]); do
	assert_not_contains "$TOP/$f" 'DESIGN.md'
done
for f in README.md content/README.md templates/README.md; do
	assert_contains "$TOP/$f" 'gongshi-content'
	assert_contains "$TOP/$f" 'gongshi-templates'
done
