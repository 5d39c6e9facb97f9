#!/usr/bin/python3
"""Writes the openpyxl workbooks and the malformed ones of this folder
(see README.md); make.sh runs it, then has LibreOffice Calc write its own.
Deterministic inputs; the files are committed, so this runs only when the
set changes."""
import datetime
import io
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font

FIXED = datetime.datetime(2025, 1, 1)


def fix_times(wb):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED


def register(path, epoch1904=False):
    wb = openpyxl.Workbook()
    if epoch1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "本表由办公室填写；此页隐藏。"
    notes.sheet_state = "hidden"
    ws = wb.create_sheet("申报组织")
    wb.active = 1
    # a title merged over the columns, a blank row, then the header
    ws["A1"] = "2025年度新疆质量奖申报组织名单"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["统一社会信用代码", "组织名称", "所在地州市", "推荐单位",
               "成立日期", "联系电话", "备注"])
    ws["H3"].font = Font(bold=True)	# styled, empty: a trailing column
    ws.append(["916501047866369903", "天山示范精密制造有限公司", "乌鲁木齐市",
               "自治区工业和信息化厅", datetime.date(2004, 5, 18), 13999999999,
               "=\"示\"&\"范\""])
    ws["A4"].number_format = "@"
    ws["E4"].number_format = "yyyy/m/d"
    ws.append(["91652301673203056Y", "博格达示范乳业有限公司", "昌吉回族自治州",
               "  昌吉回族自治州市场监督管理局\u00a0", "2009年3月27日", "0994-2345678",
               True])
    ws.append([])
    ws.append([916540027233750093, "伊犁河谷示范农业科技有限公司",
               "伊犁哈萨克自治州", "伊犁哈萨克自治州市场监督管理局",
               datetime.datetime(2011, 4, 12), 13800000005, 3.25])
    ws["E7"].number_format = "yyyy-mm-dd"
    fix_times(wb)
    wb.save(path)


def rewrite(src, dst, change):
    """Copies a zip, change(name, bytes) -> bytes or None (dropped)."""
    zin = zipfile.ZipFile(src)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)


def charrefs(text):
    """As openpyxl writes text: characters past ASCII as &#N;."""
    return text.encode("ascii", "xmlcharrefreplace")


def rich_text(name, data):
    """The name in B4 as two runs and a phonetic run, as Excel writes."""
    if name == "xl/worksheets/sheet2.xml":
        old = b"<is><t>" + charrefs("天山示范精密制造有限公司") + b"</t></is>"
        assert old in data
        data = data.replace(old, (
            "<is><r><rPr><b/><sz val=\"11\"/></rPr><t>天山示范</t></r>"
            "<r><t xml:space=\"preserve\">精密制造有限公司</t></r>"
            "<rPh sb=\"0\" eb=\"2\"><t>TIANSHAN</t></rPh></is>").encode())
    return data


def main():
    register("openpyxl.xlsx.tmp")
    rewrite("openpyxl.xlsx.tmp", "openpyxl.xlsx", rich_text)
    register("openpyxl-1904.xlsx", epoch1904=True)
    rewrite("openpyxl.xlsx", "bad-ref.xlsx",
            lambda n, d: d.replace(b'r="B4"', b'r="XFE4"')
            if n == "xl/worksheets/sheet2.xml" else d)
    # a claimed billion cells, and a real cell in the sheet's last corner
    rewrite("openpyxl.xlsx", "huge-dimension.xlsx",
            lambda n, d: d.replace(b'<dimension ref="A1:G7"/>',
                                   b'<dimension ref="A1:XFD1048576"/>')
            .replace(b"</sheetData>",
                     b'<row r="1048576"><c r="XFD1048576" t="inlineStr">'
                     b"<is><t>corner</t></is></c></row></sheetData>")
            if n == "xl/worksheets/sheet2.xml" else d)
    data = open("openpyxl.xlsx", "rb").read()
    open("truncated.xlsx", "wb").write(data[:len(data) * 2 // 3])
    open("not-a-zip.xlsx", "w").write("credit_code,name\n")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"),
                   "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            '<office:body><office:spreadsheet><table:table table:name="S">'
            '<table:table-row table:number-rows-repeated="1048576">'
            '<table:table-cell table:number-columns-repeated="16384" '
            'office:value-type="string"><text:p>x</text:p></table:table-cell>'
            '</table:table-row></table:table>'
            '</office:spreadsheet></office:body></office:document-content>'))
    open("bomb.ods", "wb").write(bomb.getvalue())


def after_calc():
    """Needs calc.xlsx: LibreOffice writes shared strings, openpyxl not."""
    rewrite("calc.xlsx", "no-shared-strings.xlsx",
            lambda n, d: None if n == "xl/sharedStrings.xml" else d)


if __name__ == "__main__":
    if sys.argv[1:] == ["after-calc"]:
        after_calc()
    else:
        main()
