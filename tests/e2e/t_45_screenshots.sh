# Screenshots of the site as readers see it, for a person to look at: the
# home page, the newest cycle's page and its acceptance list, and the
# decision, at a phone's width (390×844) and a desktop's (1280×900), with
# headless Chromium, into tests/pictures/. Each must be a real picture of
# the page's width; what it shows is judged by eye.
. "$TOP/tests/e2e/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	# Not a pass: say so, and count it as skipped where lib.sh can.
	if command -v skip >/dev/null 2>&1; then
		skip "screenshots: no chromium (sh tests/setup.sh installs it)"
	else
		echo "  skip screenshots: no chromium (sh tests/setup.sh installs it)"
	fi
	exit 0
fi

out=$TMPD/out
expect_exit 0 "$GONGSHI" build --content "$TOP/content" \
    --templates "$TOP/templates" --output "$out"
site=$out/site
[ -f "$site/index.html" ] || fatal "no site/index.html: nothing to photograph"
year=$(ls -d "$site"/[0-9][0-9][0-9][0-9] | sort | tail -n 1)
year=${year##*/}

pictures=$TOP/tests/pictures
mkdir -p "$pictures"
for page in index:index.html cycle:$year/index.html \
    acceptance:$year/acceptance.html decision:$year/decision.html; do
	name=${page%%:*}
	file=$site/${page#*:}
	if [ ! -f "$file" ]; then
		fail "screenshot $name: no $(_lib_pretty "$file")"
		continue
	fi
	for size in phone:390x844 desktop:1280x900; do
		w=${size#*:}
		h=${w#*x}
		w=${w%x*}
		png=$pictures/$name-${size%%:*}.png
		screenshot "file://$file" "$png" "$w" "$h"
		# PNG: width and height are big-endian at bytes 16-23.
		dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null |
		    awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
		    $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
		assert_eq "$name-${size%%:*}.png is ${w}x$h" "${w}x$h" "$dims"
	done
done
