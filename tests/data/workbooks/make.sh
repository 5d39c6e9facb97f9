#!/bin/sh
# Remakes the test workbooks of this folder (README.md says what each is):
# openpyxl writes its own and the malformed ones (make.py), LibreOffice Calc
# writes the others from register.csv and from openpyxl.xlsx.
# Run from anywhere: sh tests/data/workbooks/make.sh
set -e
cd "$(dirname "$0")"
/usr/bin/python3 make.py
rm -f openpyxl.xlsx.tmp
prof=$(mktemp -d)
calc() {
	soffice --headless --norestore "-env:UserInstallation=file://$prof" \
	    --infilter="CSV:44,34,76,1" --convert-to "$@" >/dev/null 2>&1
}
calc xlsx register.csv && mv register.xlsx calc-from-csv.xlsx
calc ods register.csv && mv register.ods calc-from-csv.ods
cp openpyxl.xlsx calc.xlsx.in
mkdir -p "$prof/out"
soffice --headless --norestore "-env:UserInstallation=file://$prof" \
    --convert-to xlsx --outdir "$prof/out" openpyxl.xlsx >/dev/null 2>&1
mv "$prof/out/openpyxl.xlsx" calc.xlsx
soffice --headless --norestore "-env:UserInstallation=file://$prof" \
    --convert-to ods --outdir "$prof/out" openpyxl.xlsx >/dev/null 2>&1
mv "$prof/out/openpyxl.ods" calc.ods
soffice --headless --norestore "-env:UserInstallation=file://$prof" \
    --convert-to ods --outdir "$prof/out" openpyxl-1904.xlsx >/dev/null 2>&1
mv "$prof/out/openpyxl-1904.ods" calc-1904.ods
rm -rf "$prof" calc.xlsx.in
/usr/bin/python3 make.py after-calc
