#!/bin/sh
# Installs the Debian packages named on the command line that are missing.
# Usage: deps.sh WHAT PACKAGE...   (WHAT only labels the message)
# Says what it installs; does nothing when everything is there.
what=$1; shift
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "gongshi: installing $what dependencies from Debian:$missing"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
$SUDO apt-get update -qq || exit 1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "gongshi: could not install:$missing" >&2; exit 1; }
