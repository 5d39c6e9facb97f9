/*
 * The CSV reader: the csv-spectrum corpus (every case in the folder),
 * GB18030 against UTF-8, and the malformed inputs the office will make,
 * each checked for the line its diagnostic names.
 * Run from the tests/ directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/val.h"
#include "load/csv.h"
#include "load/yaml.h"

#define SPECTRUM	"data/csv-spectrum"
#define ENCODINGS	"data/csv-encodings"
#define F		"2025/organizations.csv"

static bool
parse_n(const char *s, size_t len, struct csv *c, struct diag *d)
{
	diag_init(d);
	return csv_parse(s, len, F, c, d);
}

static bool
parse(const char *s, struct csv *c, struct diag *d)
{
	return parse_n(s, strlen(s), c, d);
}

static void
done(struct csv *c, struct diag *d)
{
	csv_free(c);
	diag_free(d);
}

static void
print_diags(const struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		print_error("  have %s:%d: %s\n", d->items[i].file,
		    d->items[i].line, d->items[i].msg);
}

/* Fails with the whole diagnostic list, so a wrong line shows at once. */
static void
assert_diag(const struct diag *d, int line, const char *needle)
{
	if (diag_has(d, F, line, needle))
		return;
	print_diags(d);
	fail_msg("no diagnostic at line %d containing \"%s\"", line, needle);
}

/* ---- csv-spectrum --------------------------------------------------- */

/*
 * Mistakes in the corpus's expected JSON. Each must still be there (the
 * JSON holds `upstream`), so that a fixed corpus makes us drop the entry.
 */
static struct erratum {
	const char	*csv;
	size_t		 row;
	const char	*column;
	const char	*upstream;
	const char	*in_csv;
	int		 used;
} errata[] = {
	/* csv-spectrum issue #20: the JSON has a number the CSV has not. */
	{ "location_coordinates.csv", 0, "Contact Phone Number",
	  "1234567890", "2095257564", 0 },
};

static const char *
expected_value(const char *name, size_t row, const char *column,
    const char *json)
{
	size_t i;

	for (i = 0; i < sizeof(errata) / sizeof(errata[0]); i++)
		if (str_eq(errata[i].csv, name) && errata[i].row == row &&
		    str_eq(errata[i].column, column)) {
			assert_string_equal(json, errata[i].upstream);
			errata[i].used++;
			return errata[i].in_csv;
		}
	return json;
}

static char *
read_or_fail(const char *path, size_t *len)
{
	char *s = file_read(path, len);

	if (s == NULL)
		fail_msg("cannot read %s (run the test from tests/)", path);
	return s;
}

static void
check_spectrum_case(const char *name)
{
	char *csv_path, *json_path, *csv_text, *json_text, *base;
	size_t csv_len, json_len, i, j, n_expected;
	struct val *json, **expected;
	struct diag d;
	struct csv c;

	base = xstrndup(name, strlen(name) - strlen(".csv"));
	csv_path = xasprintf("%s/csvs/%s", SPECTRUM, name);
	json_path = xasprintf("%s/json/%s.json", SPECTRUM, base);
	csv_text = read_or_fail(csv_path, &csv_len);
	json_text = read_or_fail(json_path, &json_len);

	diag_init(&d);
	json = yaml_parse(json_text, json_len, json_path, 1, YAML_DEFAULT, &d);
	if (json == NULL)
		fail_msg("%s: not readable as JSON", json_path);
	/* The corpus writes a one-row result as a bare object. */
	if (json->type == VAL_MAP) {
		expected = &json;
		n_expected = 1;
	} else {
		assert_int_equal(json->type, VAL_LIST);
		expected = json->items;
		n_expected = json->n;
	}

	if (!csv_parse(csv_text, csv_len, csv_path, &c, &d) || d.n > 0) {
		print_diags(&d);
		fail_msg("%s: not parsed cleanly (%zu diagnostics)", name, d.n);
	}
	if (c.n_rows != n_expected)
		fail_msg("%s: %zu rows, expected %zu", name, c.n_rows,
		    n_expected);
	for (i = 0; i < n_expected; i++) {
		assert_int_equal(expected[i]->type, VAL_MAP);
		if (expected[i]->n != c.n_cols)
			fail_msg("%s: row %zu has %zu fields, expected %zu",
			    name, i, c.n_cols, expected[i]->n);
		for (j = 0; j < c.n_cols; j++) {
			const char *key = expected[i]->keys[j];
			const struct val *v = expected[i]->items[j];
			const char *want;

			if (!str_eq(c.header[j], key))
				fail_msg("%s: column %zu is \"%s\", expected "
				    "\"%s\"", name, j, c.header[j], key);
			assert_int_equal(v->type, VAL_STR);
			want = expected_value(name, i, key, v->str);
			if (!str_eq(c.rows[i].fields[j], want))
				fail_msg("%s: row %zu, %s: \"%s\", expected "
				    "\"%s\"", name, i, key,
				    c.rows[i].fields[j], want);
		}
	}
	csv_free(&c);
	diag_free(&d);
	val_free(json);
	free(csv_text);
	free(json_text);
	free(csv_path);
	free(json_path);
	free(base);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_spectrum(void **state)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	DIR *dir;

	(void)state;
	dir = opendir(SPECTRUM "/csvs");
	assert_non_null(dir);
	while ((de = readdir(dir)) != NULL)
		if (str_has_suffix(de->d_name, ".csv")) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		}
	closedir(dir);
	qsort(names, n, sizeof(*names), name_cmp);
	/* The corpus as copied has 12 cases; fewer means a broken copy. */
	assert_true(n >= 12);
	for (i = 0; i < n; i++) {
		check_spectrum_case(names[i]);
		free(names[i]);
	}
	free(names);
	for (i = 0; i < sizeof(errata) / sizeof(errata[0]); i++)
		if (errata[i].used != 1)
			fail_msg("erratum for %s was applied %d times",
			    errata[i].csv, errata[i].used);
}

/* ---- encodings ------------------------------------------------------ */

static void
parse_file(const char *path, struct csv *c)
{
	struct diag d;
	size_t len;
	char *s = read_or_fail(path, &len);

	diag_init(&d);
	if (!csv_parse(s, len, path, c, &d) || d.n > 0) {
		print_diags(&d);
		fail_msg("%s: not parsed cleanly (%zu diagnostics)", path, d.n);
	}
	diag_free(&d);
	free(s);
}

static void
test_gb18030_equals_utf8(void **state)
{
	struct csv u, g;
	size_t i, j;
	int name, note;

	(void)state;
	parse_file(ENCODINGS "/organizations-utf8-bom-crlf.csv", &u);
	parse_file(ENCODINGS "/organizations-gb18030.csv", &g);
	assert_false(u.was_gb18030);
	assert_true(g.was_gb18030);

	assert_int_equal(u.n_cols, 8);
	assert_int_equal(g.n_cols, u.n_cols);
	for (j = 0; j < u.n_cols; j++)
		assert_string_equal(g.header[j], u.header[j]);
	assert_int_equal(u.n_rows, 3);
	assert_int_equal(g.n_rows, u.n_rows);
	for (i = 0; i < u.n_rows; i++) {
		assert_int_equal(g.rows[i].line, u.rows[i].line);
		for (j = 0; j < u.n_cols; j++)
			assert_string_equal(g.rows[i].fields[j],
			    u.rows[i].fields[j]);
	}

	/* And the records are the ones written in the file. */
	assert_string_equal(u.header[0], "credit_code");	/* no BOM */
	assert_int_equal(csv_column(&u, "credit_code"), 0);
	name = csv_column(&g, "name");
	note = csv_column(&g, "note");
	assert_int_equal(name, 1);
	assert_int_equal(note, 7);
	assert_int_equal(csv_column(&g, "nom"), -1);
	assert_int_equal(g.rows[0].line, 2);
	assert_int_equal(g.rows[1].line, 3);
	assert_int_equal(g.rows[2].line, 5);	/* after a two-line note */
	assert_string_equal(g.rows[0].fields[name],
	    "新疆㐀𠀀示例科技有限公司");
	assert_string_equal(g.rows[1].fields[name],
	    "新疆生产建设兵团第八师\"天山\"乳业有限责任公司");
	assert_string_equal(g.rows[1].fields[csv_column(&g, "region")],
	    "新疆生产建设兵团");
	assert_string_equal(g.rows[1].fields[csv_column(&g, "industry")],
	    "食品制造业,乳制品");
	assert_string_equal(g.rows[1].fields[note],
	    "第一行\r\n第二行，含逗号,与引号\"。");
	assert_string_equal(g.rows[0].fields[note], "");
	assert_string_equal(g.rows[2].fields[note], "在“专精特新”名单中");
	csv_free(&u);
	csv_free(&g);
}

/* A GB18030 text keeps its lines: a bad row after a two-line field. */
static void
test_gb18030_lines(void **state)
{
	/* 中 = D6 D0, 文 = CE C4 */
	const char *s = "a,b\n\xD6\xD0,\"\xCE\xC4\n\xCE\xC4\"\n\xD6\xD0\n"
	    "\xCE\xC4,x\n";
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse(s, &c, &d));
	assert_true(c.was_gb18030);
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 4, "expected 2 fields");
	assert_int_equal(c.n_rows, 2);
	assert_int_equal(c.rows[0].line, 2);
	assert_string_equal(c.rows[0].fields[1], "文\n文");
	assert_int_equal(c.rows[1].line, 5);
	assert_string_equal(c.rows[1].fields[0], "文");
	done(&c, &d);
}

/* ---- malformed input ------------------------------------------------ */

static void
test_wrong_field_count(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11\n", &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 3, "expected 3 fields");
	assert_diag(&d, 3, "found 2");
	assert_int_equal(c.n_rows, 3);
	assert_int_equal(c.rows[0].line, 2);
	assert_int_equal(c.rows[1].line, 4);
	assert_int_equal(c.rows[2].line, 5);
	assert_string_equal(c.rows[1].fields[0], "6");
	done(&c, &d);

	/* Too many, in a CRLF file without a final line end. */
	assert_true(parse("a,b\r\n1,2\r\n3,4,5\r\n6,7", &c, &d));
	assert_diag(&d, 3, "found 3");
	assert_int_equal(c.n_rows, 2);
	assert_int_equal(c.rows[1].line, 4);
	assert_string_equal(c.rows[1].fields[1], "7");
	done(&c, &d);
}

static void
test_unterminated_quote(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_false(parse("a,b\n1,2\n3,4\n5,\"abc\n6,7\n8,9\n", &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 4, "closing quote");
	assert_int_equal(c.n_rows, 0);
	assert_int_equal(c.n_cols, 0);
	assert_null(c.rows);
	done(&c, &d);

	/* In the header. */
	assert_false(parse("a,\"b\n1,2\n", &c, &d));
	assert_diag(&d, 1, "closing quote");
	done(&c, &d);
}

static void
test_invalid_bytes(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	/* ASCII, then 0xFF: neither encoding gets past it. */
	assert_false(parse("a,b\n1,2\n3,4\n5,6\n7,8\n9,x\xFFy\n", &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 6, "bytes that are neither UTF-8 nor GB18030 "
	    "(0xFF at column 4); save the file as UTF-8");
	done(&c, &d);

	/* UTF-8 Chinese (not GB18030 from line 2 on), then 0xFF. */
	assert_false(parse("名称,地区\n中,文\n中,文\n中,文\n中,文\n新疆,\xFF\n",
	    &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 6, "(0xFF at column 4)");
	done(&c, &d);

	/* GB18030 Chinese (not UTF-8 from line 2 on), then 0xFF. */
	assert_false(parse("a,b\n\xD6\xD0,\xCE\xC4\n\xD6\xD0,\xCE\xC4\n"
	    "\xD6\xD0,\xCE\xC4\n\xD6\xD0,\xCE\xC4\n\xD6\xD0\xFF,x\n", &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 6, "(0xFF at column 2)");
	done(&c, &d);

	/* A UTF-8 BOM says UTF-8: GB18030 bytes after it are an error. */
	assert_false(parse("\xEF\xBB\xBF" "a,b\n1,2\n\xD6\xD0,x\n", &c, &d));
	assert_diag(&d, 3, "(0xD6 at column 1)");
	done(&c, &d);

	/* A character cut short at the end of the file. */
	assert_false(parse("a,b\n1,\xE4", &c, &d));
	assert_diag(&d, 2, "(0xE4 at column 3)");
	done(&c, &d);
}

static void
test_multiline_field_lines(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("a,b\n1,\"x\ny\r\nz\"\n2\n3,\"\"\"\"\n\n4,5\n",
	    &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 5, "found 1");
	assert_int_equal(c.n_rows, 3);
	assert_int_equal(c.rows[0].line, 2);
	assert_string_equal(c.rows[0].fields[1], "x\ny\r\nz");
	assert_int_equal(c.rows[1].line, 6);
	assert_string_equal(c.rows[1].fields[1], "\"");
	assert_int_equal(c.rows[2].line, 8);
	done(&c, &d);
}

/*
 * A title typed on a line of its own above the header is kept apart, not
 * taken for the header that fixes the number of fields; a file of one
 * column is still read whole.
 */
static void
test_preamble(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("2025年度申报名单\n\n（单位盖章）\na,b\n1,2\n", &c, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.n_preamble, 2);
	assert_string_equal(c.preamble[0].fields[0], "2025年度申报名单");
	assert_int_equal(c.preamble[1].line, 3);
	assert_int_equal(c.header_line, 4);
	assert_int_equal(c.n_cols, 2);
	assert_int_equal(c.n_rows, 1);
	done(&c, &d);

	assert_true(parse("name\nA\nB\n", &c, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.n_preamble, 0);
	assert_string_equal(c.header[0], "name");
	assert_int_equal(c.n_rows, 2);
	assert_string_equal(c.rows[1].fields[0], "B");
	assert_int_equal(c.rows[1].line, 3);
	done(&c, &d);
}

/*
 * Header names are trimmed; what an empty or doubled name means is for
 * records.c (test_load.c), which knows the names in both languages.
 */
static void
test_header_names(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("\n a ,  ,c\t\n1,2,3\n", &c, &d));
	assert_int_equal(d.errors, 0);
	assert_int_equal(c.header_line, 2);
	assert_string_equal(c.header[0], "a");
	assert_string_equal(c.header[1], "");
	assert_string_equal(c.header[2], "c");
	done(&c, &d);
}

static void
test_control_characters(void **state)
{
	static const char nul[] = "a,b\n1,2\n3,x\0y\n4,5\n";
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("a,b\n1,2\n3,x\ay\n4,5\n", &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 3, "control character U+0007 in column 2 (b)");
	assert_int_equal(c.n_rows, 2);
	assert_int_equal(c.rows[1].line, 4);
	done(&c, &d);

	assert_true(parse_n(nul, sizeof(nul) - 1, &c, &d));
	assert_diag(&d, 3, "NUL byte");
	assert_int_equal(c.n_rows, 2);
	done(&c, &d);

	/* A CR that ends no line, outside quotes. */
	assert_true(parse("a,b\n1,x\ry\n4,5\n", &c, &d));
	assert_diag(&d, 2, "carriage return");
	assert_int_equal(c.n_rows, 1);
	done(&c, &d);

	/* Inside a quoted field, named by its own line. */
	assert_true(parse("a,b\n1,\"x\ny\x1Bz\"\n4,5\n", &c, &d));
	assert_diag(&d, 3, "U+001B");
	assert_int_equal(c.n_rows, 1);
	assert_int_equal(c.rows[0].line, 4);
	done(&c, &d);

	/* Not XML characters either. */
	assert_true(parse("a,b\n1,\xEF\xBF\xBF\n", &c, &d));
	assert_diag(&d, 2, "U+FFFF");
	done(&c, &d);

	/* TAB anywhere, CR and LF inside quotes, U+FFFD: all fine. */
	assert_true(parse("a,b\n\tx,\"y\r\n\rz\"\n\xEF\xBF\xBD,w\n", &c, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.n_rows, 2);
	assert_string_equal(c.rows[0].fields[0], "\tx");
	assert_string_equal(c.rows[0].fields[1], "y\r\n\rz");
	done(&c, &d);

	/* In the header, nothing can be read. */
	assert_false(parse("a,b\x01\n1,2\n", &c, &d));
	assert_diag(&d, 1, "of the header");
	done(&c, &d);
}

static void
test_quote_after_quoted_field(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("a,b\n\"x\"y,2\n3,4\n", &c, &d));
	assert_diag(&d, 2, "after the closing quote");
	assert_int_equal(c.n_rows, 1);
	assert_int_equal(c.rows[0].line, 3);
	done(&c, &d);

	/* A quote inside an unquoted field is kept. */
	assert_true(parse("a,b\n5\" pipe,x\"\n", &c, &d));
	assert_int_equal(d.n, 0);
	assert_string_equal(c.rows[0].fields[0], "5\" pipe");
	assert_string_equal(c.rows[0].fields[1], "x\"");
	done(&c, &d);
}

static void
test_blank_lines_and_endings(void **state)
{
	struct diag d;
	struct csv c;

	(void)state;
	assert_true(parse("\n\r\na,b\n\n1,2\r\n\r\n,\n\n3,4\n\n", &c, &d));
	assert_int_equal(d.n, 0);
	assert_int_equal(c.n_cols, 2);
	assert_int_equal(c.n_rows, 2);
	assert_int_equal(c.rows[0].line, 5);
	assert_int_equal(c.rows[1].line, 9);
	done(&c, &d);

	/* Values keep their spaces; a trailing comma is an empty field. */
	assert_true(parse("a , b,c\r\n 1 , 2 ,\n4,5,", &c, &d));
	assert_int_equal(d.n, 0);
	assert_string_equal(c.header[0], "a");
	assert_string_equal(c.header[1], "b");
	assert_string_equal(c.rows[0].fields[0], " 1 ");
	assert_string_equal(c.rows[0].fields[1], " 2 ");
	assert_string_equal(c.rows[0].fields[2], "");
	assert_string_equal(c.rows[1].fields[2], "");
	assert_int_equal(c.rows[1].line, 3);
	done(&c, &d);
}

static void
test_empty_inputs(void **state)
{
	static const char *empties[] = { "", "\xEF\xBB\xBF", "\n\r\n\n" };
	struct diag d;
	struct csv c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		assert_true(parse(empties[i], &c, &d));
		assert_int_equal(d.n, 0);
		assert_int_equal(c.n_cols, 0);
		assert_int_equal(c.n_rows, 0);
		assert_int_equal(csv_column(&c, "a"), -1);
		done(&c, &d);
	}

	/* A header alone. */
	assert_true(parse("a,b\n", &c, &d));
	assert_int_equal(c.n_cols, 2);
	assert_int_equal(c.n_rows, 0);
	done(&c, &d);
}

/* 100,000 rows, one of them bad: linear, and the lines still right. */
static void
test_large_file(void **state)
{
	enum { ROWS = 100000 };
	struct buf b;
	struct diag d;
	struct csv c;
	int i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "credit_code,name,region,note\r\n");
	for (i = 0; i < ROWS; i++) {
		if (i == ROWS / 2)
			buf_puts(&b, "bad,row\r\n");
		buf_printf(&b, "9165%014d,\"示例企业%d有限公司\",乌鲁木齐市,"
		    "\"一行\n两行, \"\"引号\"\"\"\r\n", i, i);
	}
	assert_true(parse_n(b.data, b.len, &c, &d));
	assert_int_equal(d.errors, 1);
	assert_diag(&d, 2 + 2 * (ROWS / 2), "found 2");
	assert_int_equal(c.n_rows, ROWS);
	assert_int_equal(c.rows[ROWS - 1].line, 1 + 2 * ROWS);
	assert_string_equal(c.rows[ROWS - 1].fields[3],
	    "一行\n两行, \"引号\"");
	done(&c, &d);
	buf_free(&b);
}

/* A row's fields as "line:field|field;" text. */
static void
row_text(struct buf *b, int line, char *const *fields, size_t n)
{
	size_t i;

	buf_printf(b, "%d:", line);
	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s", i > 0 ? "|" : "", fields[i]);
	buf_add(b, ";", 1);
}

/* What csv_parse_each() handed over, as the same text. */
static void
collect(void *arg, int line, const struct csv_field *fields, size_t n)
{
	struct buf *b = arg;
	size_t i;

	buf_printf(b, "%d:", line);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_add(b, "|", 1);
		buf_add(b, fields[i].s, fields[i].len);
	}
	buf_add(b, ";", 1);
}

/* The same text of the rows csv_parse() kept. */
static void
kept(const struct csv *c, struct buf *b)
{
	size_t i;

	for (i = 0; i < c->n_rows; i++)
		row_text(b, c->rows[i].line, c->rows[i].fields,
		    c->rows[i].n_fields);
}

/*
 * Records given one by one are the rows csv_parse() keeps, with the same
 * header, preamble, skipped rows and diagnostics, in every shape of file.
 */
static void
test_each_is_parse(void **state)
{
	static const char *const inputs[] = {
		"a,b\n1,2\n\n\"x\ny\",\"q\"\"\"\r\n3,4,5\n,\n6,7",
		"Title above\n\na,b\n1,2\n",
		"only\nv1\n\"v\n2\"\n",
		"a,b\n1,\x01\n2,\"3\"x\n4,5\n",
		"a,b\n\"open\n",
		"",
		"\xEF\xBB\xBF" "a,b\n\xD6\xD0,\xCE\xC4\n",
		"a,b\n\xD6\xD0,\xCE\xC4\n",
		"a,b\n0123456789abcdef,",
		"a,b\n0123456789abcdef,0123456789abcde,",
	};
	struct csv one, each;
	struct diag d1, d2;
	struct buf b1, b2;
	size_t i, k;
	bool ok1, ok2;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		buf_init(&b1);
		buf_init(&b2);
		ok1 = parse(inputs[i], &one, &d1);
		diag_init(&d2);
		ok2 = csv_parse_each(inputs[i], strlen(inputs[i]), F, &each,
		    collect, &b2, &d2);
		assert_int_equal(ok1, ok2);
		kept(&one, &b1);
		if (!ok2)
			buf_reset(&b2);	/* handed over before the failure */
		assert_string_equal(buf_cstr(&b1), buf_cstr(&b2));
		assert_int_equal(each.n_rows, 0);
		assert_int_equal(one.n_cols, each.n_cols);
		assert_int_equal(one.n_preamble, each.n_preamble);
		assert_int_equal(one.n_skipped, each.n_skipped);
		assert_int_equal(d1.n, d2.n);
		for (k = 0; k < d1.n; k++) {
			assert_int_equal(d1.items[k].line, d2.items[k].line);
			assert_string_equal(d1.items[k].msg, d2.items[k].msg);
		}
		done(&one, &d1);
		done(&each, &d2);
		buf_free(&b1);
		buf_free(&b2);
	}
}

/*
 * A record that ends in a comma at the very end of the file, past the
 * sixteen bytes told at a time: its last field is there, empty.
 */
static void
test_comma_at_end(void **state)
{
	/* The record is sixteen bytes: its comma ends the block told. */
	static const char text[] = "a,b\n0123456789abcde,";
	/* No NUL after the text: a read past its end is caught (ASan). */
	char *exact = xmalloc(sizeof(text) - 1);
	struct diag d;
	struct csv c;

	(void)state;
	memcpy(exact, text, sizeof(text) - 1);
	assert_true(parse_n(exact, sizeof(text) - 1, &c, &d));
	free(exact);
	assert_int_equal(d.n, 0);
	assert_int_equal(c.n_rows, 1);
	assert_string_equal(c.rows[0].fields[0], "0123456789abcde");
	assert_string_equal(c.rows[0].fields[1], "");
	done(&c, &d);
}

/* A random CSV text: every shape of record a register can have, good and bad. */
static void
random_csv(struct buf *b, unsigned *seed)
{
	static const char *const pieces[] = {
		"91650100BJ0C0J8BAG", "乌鲁木齐市", "\"有限公司, 新疆\"",
		"\"一行\n两行\"", "\"\"\"引号\"\"\"", "", "5\" pipe", "x\x01y",
		"\"a\"b", "·", "（集团）", "\"\r\n\"", "2025-06-30", "\t",
	};
	size_t rows = (size_t)(rand_r(seed) % 60), i, j, fields;

	buf_reset(b);
	buf_puts(b, "a,b,c\n");
	for (i = 0; i < rows; i++) {
		fields = rand_r(seed) % 8 == 0 ? 2 + rand_r(seed) % 3 : 3;
		for (j = 0; j < fields; j++)
			buf_printf(b, "%s%s", j > 0 ? "," : "",
			    pieces[rand_r(seed) % (sizeof(pieces) /
			    sizeof(pieces[0]))]);
		switch (rand_r(seed) % 10) {
		case 0:
			buf_puts(b, "\r\n");
			break;
		case 1:
			buf_puts(b, "\n\n");
			break;
		default:
			buf_puts(b, "\n");
		}
	}
	if (rand_r(seed) % 20 == 0)
		buf_puts(b, "\"open,\n1,2,3\n");
}

/* Everything a parse gave, as text: rows, skipped rows, messages. */
static void
outcome(struct buf *b, bool ok, const struct csv *c, const struct diag *d)
{
	size_t i;

	buf_printf(b, "ok %d cols %zu\n", ok, c->n_cols);
	kept(c, b);
	buf_puts(b, "\nskipped ");
	for (i = 0; i < c->n_skipped; i++)
		row_text(b, c->skipped[i].line, c->skipped[i].fields,
		    c->skipped[i].n_fields);
	for (i = 0; i < d->n; i++)
		buf_printf(b, "\n%d: %s", d->items[i].line, d->items[i].msg);
}

/*
 * Read in halves, a file gives what it gives on one thread: the same rows
 * in the same order, the same skipped rows, the same messages in the same
 * order, whether the halves were joined or the first half went past the
 * second's start (a line end inside quotes): both happen here.
 */
static void
test_halves_are_one_thread(void **state)
{
	struct buf text, one, two;
	struct csv_halves hv;
	struct csv c1, c2;
	struct diag d1, d2;
	unsigned seed = 14;
	int i, joined = 0, dropped = 0;
	bool ok1, ok2;

	(void)state;
	buf_init(&text);
	buf_init(&one);
	buf_init(&two);
	for (i = 0; i < 3000; i++) {
		random_csv(&text, &seed);
		ok1 = parse_n(text.data, text.len, &c1, &d1);
		diag_init(&d2);
		memset(&hv, 0, sizeof(hv));
		ok2 = csv_parse_halves(text.data, text.len, F, &c2, &hv, &d2);
		buf_reset(&one);
		buf_reset(&two);
		outcome(&one, ok1, &c1, &d1);
		outcome(&two, ok2, &c2, &d2);
		assert_string_equal(buf_cstr(&one), buf_cstr(&two));
		joined += hv.halved;
		dropped += !hv.halved;
		done(&c1, &d1);
		done(&c2, &d2);
	}
	/* Both ways were taken, many times each. */
	assert_true(joined > 100);
	assert_true(dropped > 100);
	buf_free(&text);
	buf_free(&one);
	buf_free(&two);
}

/*
 * The records handed over in halves, the second half's after the first's
 * when joined, are those handed over on one thread.
 */
static void
test_halves_each(void **state)
{
	struct buf text, one, first, second;
	struct csv_halves hv;
	struct csv c1, c2;
	struct diag d1, d2;
	unsigned seed = 7;
	int i;
	bool ok1, ok2;

	(void)state;
	buf_init(&text);
	buf_init(&one);
	buf_init(&first);
	buf_init(&second);
	for (i = 0; i < 1000; i++) {
		random_csv(&text, &seed);
		buf_reset(&one);
		buf_reset(&first);
		buf_reset(&second);
		diag_init(&d1);
		ok1 = csv_parse_each(text.data, text.len, F, &c1, collect, &one,
		    &d1);
		diag_init(&d2);
		memset(&hv, 0, sizeof(hv));
		hv.each = collect;
		hv.arg[0] = &first;
		hv.arg[1] = &second;
		ok2 = csv_parse_halves(text.data, text.len, F, &c2, &hv, &d2);
		assert_int_equal(ok1, ok2);
		if (hv.halved)
			buf_add(&first, second.data, second.len);
		if (ok1)
			assert_string_equal(buf_cstr(&one), buf_cstr(&first));
		assert_int_equal(d1.n, d2.n);
		done(&c1, &d1);
		done(&c2, &d2);
	}
	buf_free(&text);
	buf_free(&one);
	buf_free(&first);
	buf_free(&second);
}

/*
 * Where the second half would start: after a line end inside quotes, the
 * halves are not joined; after one between records, they are; the lines
 * named are the file's either way.
 */
static void
test_halves_boundary(void **state)
{
	/* The middle falls inside the quoted value of line 3. */
	static const char inside[] = "a,b\n1,2\n3,\"x\n\n\n\n\n\n\n\n\n\n\n"
	    "\n\ny\"\n4,5,6\n";
	static const char between[] = "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11\n";
	struct csv_halves hv;
	struct diag d;
	struct csv c;

	(void)state;
	memset(&hv, 0, sizeof(hv));
	diag_init(&d);
	assert_true(csv_parse_halves(inside, sizeof(inside) - 1, F, &c, &hv,
	    &d));
	assert_false(hv.halved);
	assert_int_equal(c.n_rows, 2);
	assert_string_equal(c.rows[1].fields[1], "x\n\n\n\n\n\n\n\n\n\n\n\n\ny");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 17);	/* 4,5,6: three fields */
	done(&c, &d);

	diag_init(&d);
	assert_true(csv_parse_halves(between, sizeof(between) - 1, F, &c, &hv,
	    &d));
	assert_true(hv.halved);
	assert_int_equal(c.n_rows, 5);
	assert_int_equal(c.rows[4].line, 6);
	assert_string_equal(c.rows[4].fields[1], "10");
	assert_int_equal(d.n, 1);
	assert_int_equal(d.items[0].line, 7);	/* 11: one field */
	done(&c, &d);
}

/*
 * Random UTF-8 of every length of character (the fast run over ASCII and
 * Chinese stops at the others), with a BOM: read as UTF-8; and with bytes
 * that are not UTF-8 put at a random place, refused at the first of them,
 * its line and its column counted in characters.
 */
static void
test_utf8_random(void **state)
{
	static const char *const chars[] = {
		"a", "1", ",", "\n", "中", "国", "·", "（", "é", "\xF0\xA0\x80\x80",
		"\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBD", " ", "—",
	};
	/* Not UTF-8: a byte never used, a lone continuation, a cut character. */
	static const char *const wrong[] = {
		"\xFF", "\x80", "\xBF", "\xE4\xB8", "\xE4\xB8\xE4\xB8\xAD", "\xC0\x80",
	};
	struct buf text, want;
	struct diag d;
	struct csv c;
	unsigned seed = 31;
	size_t n, i, k, bad, line, col;
	int round;

	(void)state;
	buf_init(&text);
	buf_init(&want);
	for (round = 0; round < 2000; round++) {
		buf_reset(&text);
		buf_puts(&text, "\xEF\xBB\xBF" "a,b\n");
		n = (size_t)(rand_r(&seed) % 200);
		bad = n > 0 ? (size_t)(rand_r(&seed) % n) : 0;
		line = 2;
		col = 1;
		for (i = 0; i < n; i++) {
			if (round % 2 == 1 && i == bad) {
				k = (size_t)rand_r(&seed) % (sizeof(wrong) /
				    sizeof(wrong[0]));
				buf_printf(&want, "(0x%02X at column %zu)",
				    (unsigned char)wrong[k][0], col);
				buf_puts(&text, wrong[k]);
				break;
			}
			k = (size_t)rand_r(&seed) % (sizeof(chars) / sizeof(chars[0]));
			buf_puts(&text, chars[k]);
			if (k == 3) {
				line++;
				col = 1;
			} else
				col++;
		}
		diag_init(&d);
		if (round % 2 == 0 || n == 0) {
			assert_true(csv_parse(text.data, text.len, F, &c, &d));
			assert_false(c.was_gb18030);
		} else {
			assert_false(csv_parse(text.data, text.len, F, &c, &d));
			assert_int_equal(d.n, 1);
			assert_int_equal(d.items[0].line, (int)line);
			assert_non_null(strstr(d.items[0].msg, buf_cstr(&want)));
		}
		buf_reset(&want);
		done(&c, &d);
	}
	buf_free(&text);
	buf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spectrum),
		cmocka_unit_test(test_gb18030_equals_utf8),
		cmocka_unit_test(test_gb18030_lines),
		cmocka_unit_test(test_wrong_field_count),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_multiline_field_lines),
		cmocka_unit_test(test_header_names),
		cmocka_unit_test(test_preamble),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_quote_after_quoted_field),
		cmocka_unit_test(test_blank_lines_and_endings),
		cmocka_unit_test(test_empty_inputs),
		cmocka_unit_test(test_comma_at_end),
		cmocka_unit_test(test_halves_are_one_thread),
		cmocka_unit_test(test_halves_each),
		cmocka_unit_test(test_halves_boundary),
		cmocka_unit_test(test_utf8_random),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_each_is_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
