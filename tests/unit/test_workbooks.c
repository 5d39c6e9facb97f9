/*
 * The workbook readers (src/load/xlsx.c, ods.c) on the workbooks of
 * tests/data/workbooks/, written by two independent writers — openpyxl and
 * LibreOffice Calc (see that folder's README.md) — and on malformed ones,
 * which must give a clear error, never a crash or a huge allocation.
 * Run from the tests/ directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/diag.h"
#include "base/util.h"
#include "load/sheet.h"

#define DIR	"data/workbooks/"

struct wb {
	struct sheet	 sheet;
	struct diag	 diag;
	bool		 ok;
};

static void
wb_read(struct wb *w, const char *name)
{
	char *path = xasprintf(DIR "%s", name), *data;
	size_t len;

	diag_init(&w->diag);
	if ((data = file_read(path, &len)) == NULL)
		fail_msg("%s: cannot read", path);
	w->ok = str_has_suffix(name, ".ods") ?
	    ods_read(data, len, name, &w->sheet, &w->diag) :
	    xlsx_read(data, len, name, &w->sheet, &w->diag);
	free(data);
	free(path);
}

static void
wb_done(struct wb *w)
{
	if (w->ok)
		sheet_free(&w->sheet);
	diag_free(&w->diag);
}

/* The row the spreadsheet numbers line, or NULL (blank rows are not kept). */
static const struct sheet_row *
row_at(const struct wb *w, int line)
{
	size_t i;

	for (i = 0; i < w->sheet.n_rows; i++)
		if (w->sheet.rows[i].line == line)
			return &w->sheet.rows[i];
	return NULL;
}

/* Asserts the cell at ref ("E4") has kind and text (NULL: no value). */
static void
assert_cell(const struct wb *w, const char *ref, enum cell_kind kind,
    const char *text)
{
	const struct sheet_row *r;
	const struct sheet_cell *c = NULL;
	uint32_t col, row;

	if (!sheet_parse_ref(ref, &col, &row))
		fail_msg("bad reference %s", ref);
	if ((r = row_at(w, (int)row)) != NULL)
		c = sheet_cell(r, col);
	if (text == NULL) {
		if (c != NULL)
			fail_msg("%s: expected no value, have '%s'", ref, c->text);
		return;
	}
	if (c == NULL)
		fail_msg("%s: expected '%s', have no value", ref, text);
	if (strcmp(c->text, text) != 0 || c->kind != kind)
		fail_msg("%s: expected '%s' (kind %d), have '%s' (kind %d)", ref,
		    text, kind, c->text, c->kind);
}

static void
assert_error(const struct wb *w, const char *needle)
{
	assert_false(w->ok);
	assert_int_equal(w->diag.errors, 1);
	if (!diag_has(&w->diag, w->diag.items[0].file, 0, needle))
		fail_msg("expected an error with '%s', have '%s'", needle,
		    w->diag.items[0].msg);
}

/*
 * The register of make.py as both writers leave it: the hidden first sheet
 * skipped, the merged title, a blank row, the header; dates, numbers,
 * booleans, spaces kept for records.c to trim.
 */
static void
check_register(const struct wb *w, bool cached_formulas)
{
	assert_true(w->ok);
	assert_int_equal(w->diag.n, 0);
	assert_cell(w, "A1", CELL_TEXT, "2025年度新疆质量奖申报组织名单");
	assert_cell(w, "B1", CELL_TEXT, NULL);	/* covered by the merge */
	assert_null(row_at(w, 2));
	assert_cell(w, "A3", CELL_TEXT, "统一社会信用代码");
	assert_cell(w, "G3", CELL_TEXT, "备注");
	assert_cell(w, "H3", CELL_TEXT, NULL);	/* the empty trailing column */
	assert_cell(w, "A4", CELL_TEXT, "916501047866369903");
	/* rich text: the runs joined, the phonetic guide left out */
	assert_cell(w, "B4", CELL_TEXT, "天山示范精密制造有限公司");
	assert_cell(w, "E4", CELL_DATE, "2004-05-18");
	assert_cell(w, "F4", CELL_NUMBER, "13999999999");
	/* a formula: its cached value, which only a spreadsheet writes */
	assert_cell(w, "G4", CELL_TEXT, cached_formulas ? "示范" : NULL);
	assert_cell(w, "D5", CELL_TEXT, "  昌吉回族自治州市场监督管理局\xC2\xA0");
	assert_cell(w, "E5", CELL_TEXT, "2009年3月27日");
	assert_cell(w, "F5", CELL_TEXT, "0994-2345678");
	assert_null(row_at(w, 6));
	assert_cell(w, "E7", CELL_DATE, "2011-04-12");
	assert_cell(w, "G7", CELL_NUMBER, "3.25");
	assert_int_equal(w->sheet.rows[w->sheet.n_rows - 1].line, 7);
}

static void
test_openpyxl(void **state)
{
	struct wb w;

	(void)state;
	wb_read(&w, "openpyxl.xlsx");
	check_register(&w, false);
	assert_cell(&w, "G5", CELL_BOOL, "yes");
	/* a credit code typed as a number: past 15 digits, shown as stored */
	assert_cell(&w, "A7", CELL_NUMBER, "9.165400272337501e+17");
	wb_done(&w);
}

static void
test_openpyxl_1904(void **state)
{
	struct wb w;

	(void)state;
	/* The same dates, stored as serials counted from 1904-01-01. */
	wb_read(&w, "openpyxl-1904.xlsx");
	check_register(&w, false);
	wb_done(&w);
}

static void
test_calc_xlsx(void **state)
{
	struct wb w;

	(void)state;
	wb_read(&w, "calc.xlsx");
	check_register(&w, true);
	assert_cell(&w, "A7", CELL_NUMBER, "9.1654002723375E+017");
	wb_done(&w);
}

static void
test_calc_ods(void **state)
{
	static const char *const files[] = { "calc.ods", "calc-1904.ods" };
	struct wb w;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		wb_read(&w, files[i]);
		check_register(&w, true);
		wb_done(&w);
	}
}

/* LibreOffice opening a CSV: ISO dates become dates, digits numbers. */
static void
check_from_csv(const struct wb *w)
{
	assert_true(w->ok);
	assert_cell(w, "A1", CELL_TEXT, "credit_code");
	assert_cell(w, "I1", CELL_TEXT, NULL);
	assert_cell(w, "A2", CELL_NUMBER, "9.1650104786637E+017");
	assert_cell(w, "E2", CELL_DATE, "2004-05-18");
	assert_cell(w, "H2", CELL_NUMBER, "13999999999");
	assert_cell(w, "F3", CELL_TEXT, "是");
	assert_cell(w, "G3", CELL_TEXT, "是");	/* repeated in the .ods */
	assert_null(row_at(w, 4));
	assert_cell(w, "A5", CELL_TEXT, "91654002723375009X");
	assert_int_equal(w->sheet.n_rows, 4);
}

static void
test_calc_from_csv(void **state)
{
	struct wb w;

	(void)state;
	wb_read(&w, "calc-from-csv.xlsx");
	check_from_csv(&w);
	wb_done(&w);
	wb_read(&w, "calc-from-csv.ods");
	check_from_csv(&w);
	wb_done(&w);
}

static void
test_huge_dimension(void **state)
{
	struct wb w;

	(void)state;
	/* <dimension ref="A1:XFD1048576"/> is a claim; only values are kept. */
	wb_read(&w, "huge-dimension.xlsx");
	assert_true(w.ok);
	assert_int_equal(w.sheet.n_rows, 6);
	assert_cell(&w, "XFD1048576", CELL_TEXT, "corner");
	wb_done(&w);
}

static void
test_malformed(void **state)
{
	struct wb w;

	(void)state;
	wb_read(&w, "truncated.xlsx");
	assert_error(&w, "the workbook cannot be opened");
	wb_done(&w);
	wb_read(&w, "not-a-zip.xlsx");
	assert_error(&w, "it is damaged or cut short");
	wb_done(&w);
	wb_read(&w, "no-shared-strings.xlsx");
	assert_error(&w, "cells refer to shared strings, but "
	    "xl/sharedStrings.xml is missing");
	wb_done(&w);
	wb_read(&w, "bad-ref.xlsx");
	assert_error(&w, "cell reference 'XFE4' in row 4 is outside a sheet");
	wb_done(&w);
	/* 16,384 columns repeated over 1,048,576 rows: refused, not stored. */
	wb_read(&w, "bomb.ods");
	assert_error(&w, "more than 32 million cells");
	wb_done(&w);
}

static void
test_helpers(void **state)
{
	char l[8];
	uint32_t col, row;
	int y, m, d;

	(void)state;
	sheet_col_letters(0, l);
	assert_string_equal(l, "A");
	sheet_col_letters(26, l);
	assert_string_equal(l, "AA");
	sheet_col_letters(SHEET_MAX_COLS - 1, l);
	assert_string_equal(l, "XFD");
	assert_true(sheet_parse_ref("XFD1048576", &col, &row));
	assert_false(sheet_parse_ref("XFE1", &col, &row));
	assert_false(sheet_parse_ref("A1048577", &col, &row));
	assert_false(sheet_parse_ref("A0", &col, &row));
	assert_false(sheet_parse_ref("AAAAAAAAAAAAAAAAAAAAAAAA1", &col, &row));
	/* 1900 system with Lotus's 29 February 1900; 1904 system */
	assert_true(sheet_serial_date(45838, false, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 20250630);
	assert_true(sheet_serial_date(59, false, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 19000228);
	assert_false(sheet_serial_date(60, false, &y, &m, &d));
	assert_true(sheet_serial_date(61, false, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 19000301);
	assert_true(sheet_serial_date(44376, true, &y, &m, &d));
	assert_int_equal(y * 10000 + m * 100 + d, 20250630);
	assert_false(sheet_serial_date(-1, false, &y, &m, &d));
}

static void
test_number_text(void **state)
{
	char out[32];

	(void)state;
	sheet_number_text("13999999999", out);
	assert_string_equal(out, "13999999999");
	sheet_number_text("1.3999999999E10", out);
	assert_string_equal(out, "13999999999");
	sheet_number_text("9.16540027233750E+17", out);
	assert_string_equal(out, "9.16540027233750E+17");
	sheet_number_text("0.30000000000000004", out);
	assert_string_equal(out, "0.3");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openpyxl),
		cmocka_unit_test(test_openpyxl_1904),
		cmocka_unit_test(test_calc_xlsx),
		cmocka_unit_test(test_calc_ods),
		cmocka_unit_test(test_calc_from_csv),
		cmocka_unit_test(test_huge_dimension),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_number_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
