#!/usr/bin/python3
"""Registers as the office keeps them: a CSV register rewritten as an .xlsx
workbook (openpyxl) with Chinese headers and values, the way a clerk would
keep it in Excel or WPS: a title row merged over the columns, the header
row, credit codes as text, dates as date cells, phone numbers as numbers.

The English and Chinese names are read from src/load/aliases.c, the one
table gongshi itself reads, so that this script can never disagree with it.

    registers.py xlsx IN.csv OUT.xlsx [--english] [--title TEXT]
"""
import csv
import datetime
import os
import re
import sys

import openpyxl
from openpyxl.styles import Alignment, Font

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def alias_tables():
    """{register: [(name, zh, type)]}, {type: {en: zh}} from aliases.c."""
    src = open(os.path.join(TOP, "src/load/aliases.c"), encoding="utf-8").read()
    regs = {}
    for name, body in re.findall(
            r"static const struct column (\w+)_cols\[\] = \{(.*?)\n\};", src, re.S):
        regs[name] = re.findall(
            r'\{ "(\w+)", "([^"]+)", \w+, (COL_\w+), (\d+) \}', body)
    words = {}
    for name, body in re.findall(
            r"static const struct word (\w+)\[\] = \{(.*?)\n\};", src, re.S):
        words[name] = dict(re.findall(r'\{ "(\w+)", "([^"]+)" \}', body))
    by_type = {"COL_STAGE": "stages", "COL_RESULT": "results",
               "COL_OBJECTOR": "objectors", "COL_IDENTITY": "identities",
               "COL_OUTCOME": "outcomes", "COL_KIND": "kinds",
               "COL_YESNO": "yesno"}
    return regs, {t: words[w] for t, w in by_type.items()}


REGISTERS = {"organizations": "org", "decisions": "decision",
             "objections": "objection", "sanctions": "sanction"}


def columns_of(path):
    regs, words = alias_tables()
    base = os.path.basename(path).split(".")[0]
    cols = {name: (zh, typ, int(width))
            for name, zh, typ, width in regs[REGISTERS[base]]}
    return cols, words


def cell_value(value, typ, words, zh_names, english):
    if value == "":
        return None
    if typ == "COL_DATE":
        return datetime.date.fromisoformat(value)
    if typ == "COL_PHONE" and value.isdigit() and not value.startswith("0"):
        return int(value)
    if typ in words and not english:
        return words[typ].get(value, value)
    if zh_names is not None and not english:
        return "；".join(zh_names.get(n, n) for n in value.split(";"))
    return value


def to_xlsx(src, dst, english=False, title=None):
    cols, words = columns_of(src)
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, records = rows[0], [r for r in rows[1:] if any(r)]
    zh_names = {n: c[0] for n, c in cols.items()}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    first = 1
    if title is not None:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1,
                       end_column=len(header))
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        first = 3		# a blank row between title and header
    for j, name in enumerate(header, 1):
        ws.cell(row=first, column=j,
                value=name if english else cols[name][0]).font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    for j, name in enumerate(header, 1):
        ws.column_dimensions[ws.cell(row=first, column=j).column_letter].width = \
            cols[name][2] + 2
    ws.page_setup.orientation = "landscape"
    ws.print_title_rows = "%d:%d" % (first, first)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, rec in enumerate(records, first + 1):
        for j, name in enumerate(header, 1):
            typ = cols[name][1]
            v = cell_value(rec[j - 1], typ, words,
                           zh_names if name == "confidential" else None,
                           english)
            c = ws.cell(row=i, column=j, value=v)
            if typ == "COL_DATE":
                c.number_format = "yyyy/m/d"
            elif typ == "COL_CODE" or isinstance(v, str):
                c.number_format = "@"
    # fixed document times: the same input gives the same workbook content
    wb.properties.created = datetime.datetime(2025, 1, 1)
    wb.properties.modified = datetime.datetime(2025, 1, 1)
    wb.save(dst)


def main(argv):
    if len(argv) < 4 or argv[1] != "xlsx":
        sys.exit(__doc__)
    title = None
    if "--title" in argv:
        title = argv[argv.index("--title") + 1]
    to_xlsx(argv[2], argv[3], "--english" in argv, title)


if __name__ == "__main__":
    main(sys.argv)
