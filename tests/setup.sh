#!/bin/sh
# Installs the tools the end-to-end tests validate the output with, each only
# when it is missing, so a second run is a quiet no-op:
#
#   xmllint, unzip         ODF schema checks      libxml2-utils, unzip
#   soffice (Writer)       ODT -> PDF, headless   libreoffice-writer-nogui
#   soffice (Calc)         CSV -> .xlsx/.ods,     libreoffice-calc-nogui
#                          registers -> PDF
#   openpyxl               writes test workbooks  python3-openpyxl
#   CJK fonts              Chinese in PDFs, PNGs  fonts-noto-cjk (serif and
#                                                 sans, SC), fonts-arphic-ukai
#                                                 (a kai face: 楷体's stand-in)
#   pdfinfo, pdftotext     reading the PDFs       poppler-utils
#   zbarimg                reading QR codes       zbar-tools
#   java + vnu.jar         Nu Html Checker        default-jre-headless, npm vnu-jar
#   chromium               screenshots, axe       chromium
#   axe-core, puppeteer-core  accessibility (axe) npm, driving Debian's chromium
#   tmux                   status in a terminal   tmux
#   python3                JSON and width checks  python3
#   man, nroff             man page lint          man-db, groff-base
#   curl                   the preview server     curl
#   strace                 system calls counted   strace
#   zh_CN.UTF-8 locale     messages in Chinese    locales (then locale-gen)
#
# Debian packages come from apt; the checker from npm, into tests/.tools/
# (not in git). Its jar is then tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar
# (tests/e2e/lib.sh sets VNU_JAR to it).  Usage: sh tests/setup.sh

# The checker's version is pinned so that a new release cannot change what
# "valid" means under our feet; raise it on purpose. So are axe-core's (what
# "accessible" means) and puppeteer-core's (which drives the system
# chromium; it downloads no browser).
VNU_VERSION=26.9.27
AXE_VERSION=4.14.1
PUPPETEER_VERSION=25.16.0

top=$(cd "$(dirname "$0")/.." && pwd)
tools=$top/tests/.tools
jar=$tools/node_modules/vnu-jar/build/dist/vnu.jar
log=${TMPDIR:-/tmp}/gongshi-setup.$$.log
trap 'rm -f "$log"' EXIT

if [ "$(id -u)" = 0 ]; then
	SUDO=
else
	SUDO=sudo
fi

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=
# need CMD PKG: PKG is to be installed unless CMD is on the PATH.
need() {
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

need xmllint libxml2-utils
need unzip unzip
need pdfinfo poppler-utils
need pdftotext poppler-utils
need pdftoppm poppler-utils
need zbarimg zbar-tools
need java default-jre-headless
need chromium chromium
need npm npm
need tmux tmux
need python3 python3
need man man-db
need nroff groff-base
need curl curl
need strace strace
installed locales || missing="$missing locales"
# Either Writer will do; the two LibreOffice cores conflict, so never ask
# for the headless one when the full one is there.
installed libreoffice-writer || installed libreoffice-writer-nogui ||
	missing="$missing libreoffice-writer-nogui"
# Calc writes and reads the test workbooks: the headless one, unless the
# full core is there (the same conflict as for Writer).
if ! installed libreoffice-calc && ! installed libreoffice-calc-nogui; then
	if installed libreoffice-writer; then
		missing="$missing libreoffice-calc"
	else
		missing="$missing libreoffice-calc-nogui"
	fi
fi
# The second, independent writer of test workbooks (Debian's python3).
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null ||
	missing="$missing python3-openpyxl"
# Without a CJK font, LibreOffice and Chromium draw Chinese as boxes.  The
# GB/T 9704 faces map to distinct free ones (templates/odt/fonts.conf), which
# t_57_print.sh reads in the PDFs: Noto Serif CJK SC and its Bold, Noto Sans
# CJK SC, and AR PL UKai CN for 楷体 (whose glyphs also make its stand-ins
# for installed GB fonts).
installed fonts-noto-cjk || missing="$missing fonts-noto-cjk"
installed fonts-arphic-ukai || missing="$missing fonts-arphic-ukai"

# one package may be named by several commands
# shellcheck disable=SC2086 # a list of names, to split
missing=$(printf '%s\n' $missing | sort -u | tr '\n' ' ')

if [ -n "${missing% }" ]; then
	echo "setup: installing test tools from Debian: $missing"
	start=$(date +%s)
	# shellcheck disable=SC2086
	if ! { $SUDO apt-get update -qq &&
	    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
	    --no-install-recommends $missing; } >"$log" 2>&1; then
		cat "$log" >&2
		echo "setup: could not install: $missing" >&2
		exit 1
	fi
	echo "setup: done in $(( $(date +%s) - start )) s"
fi

# The Chinese messages are tested under zh_CN.UTF-8: generate it once.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
	echo "setup: generating the zh_CN.UTF-8 locale"
	if ! { grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
	    echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null; } ||
	    ! $SUDO locale-gen >"$log" 2>&1; then
		cat "$log" >&2
		echo "setup: could not generate zh_CN.UTF-8" >&2
		exit 1
	fi
fi

# installed_npm NAME VERSION: that version is in tests/.tools.
installed_npm() {
	grep -q "\"version\": *\"$2\"" \
	    "$tools/node_modules/$1/package.json" 2>/dev/null
}

if [ ! -f "$jar" ] || ! installed_npm vnu-jar "$VNU_VERSION" ||
    ! installed_npm axe-core "$AXE_VERSION" ||
    ! installed_npm puppeteer-core "$PUPPETEER_VERSION"; then
	echo "setup: installing from npm: vnu-jar@$VNU_VERSION" \
	    "axe-core@$AXE_VERSION puppeteer-core@$PUPPETEER_VERSION"
	mkdir -p "$tools"
	# --no-save: no package.json or lock file in the tree. All in one
	# command: a later --no-save install would prune the others.
	if ! npm install --prefix "$tools" --no-save --no-audit --no-fund \
	    --loglevel=error "vnu-jar@$VNU_VERSION" "axe-core@$AXE_VERSION" \
	    "puppeteer-core@$PUPPETEER_VERSION" >"$log" 2>&1 ||
	    [ ! -f "$jar" ]; then
		cat "$log" >&2
		echo "setup: could not install the npm test tools" >&2
		exit 1
	fi
fi
exit 0
