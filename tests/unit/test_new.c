/*
 * gongshi new (src/new/new.c): the cycle it starts loads without a
 * problem; its registers read back with the workbook reader show the
 * Chinese headers; their sheets carry the text and date formats, the
 * drop-down lists and the frozen header row; nothing is overwritten.
 * Run from the tests/ directory (the calendar is the sample's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>

#include "base/diag.h"
#include "base/util.h"
#include "load/aliases.h"
#include "load/content.h"
#include "load/sheet.h"
#include "model.h"
#include "new/new.h"
#include "testlib.h"

static char *
make_content(void)
{
	char dir[64], *cmd;

	assert_int_equal(scratch_make(dir, sizeof(dir), "gongshi-test-new"), 0);
	cmd = xasprintf("cp -R ../content/site.yaml ../content/calendar %s/", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return xstrdup(dir);
}

/* A part of a workbook as text; caller frees. */
static char *
zip_part(const char *path, const char *name)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_t *z;
	char *data;
	int err;

	assert_non_null(z = zip_open(path, ZIP_RDONLY, &err));
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	data = xcalloc(1, st.size + 1);
	assert_non_null(f = zip_fopen(z, name, 0));
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_discard(z);
	return data;
}

/* The workbook's header row is the register's Chinese names, in order. */
static void
check_header(const char *path, const struct register_spec *r)
{
	struct sheet s;
	struct diag d;
	size_t len, k;
	char *data;

	diag_init(&d);
	assert_non_null(data = file_read(path, &len));
	assert_true(xlsx_read(data, len, path, &s, &d));
	assert_int_equal(s.n_rows, 1);
	assert_int_equal(s.rows[0].line, 1);
	assert_int_equal(s.rows[0].n, (size_t)alias_count(r));
	for (k = 0; k < s.rows[0].n; k++)
		assert_string_equal(s.rows[0].cells[k].text, r->cols[k].zh);
	sheet_free(&s);
	diag_free(&d);
	free(data);
}

static void
test_new_cycle(void **state)
{
	char *dir = make_content(), *path, *sheet, *styles, *yaml;
	struct site site;
	size_t len;
	struct diag d;

	(void)state;
	assert_int_equal(new_cycle(dir, 2026), 0);

	/* It loads clean: an empty cycle with its call for applications. */
	diag_init(&d);
	assert_int_equal(content_load(dir, &site, &d), 0);
	if (d.n > 0)
		diag_print(&d, stderr);
	assert_int_equal(d.n, 0);
	assert_int_equal(site.n_cycles, 1);
	assert_int_equal(site.cycles[0].year, 2026);
	assert_int_equal(site.cycles[0].n_orgs, 0);
	assert_true(site.cycles[0].notices[NOTICE_CALL].present);
	site_free(&site);
	diag_free(&d);

	path = xasprintf("%s/2026/cycle.yaml", dir);
	assert_non_null(yaml = file_read(path, &len));
	assert_non_null(strstr(yaml, "# recommendation:"));
	free(yaml);
	free(path);

	path = xasprintf("%s/2026/organizations.xlsx", dir);
	check_header(path, &reg_organizations);
	sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	/* frozen header row; drop-downs for region, new_sector, sme */
	assert_non_null(strstr(sheet, "<pane ySplit=\"1\""));
	assert_non_null(strstr(sheet, "<dataValidations count=\"3\">"));
	assert_non_null(strstr(sheet, "sqref=\"C2:C2001\""));
	assert_non_null(strstr(sheet, "选项!$A$2:$A$16"));
	/* the list sheet is hidden, so the register is the first visible */
	free(sheet);
	sheet = zip_part(path, "xl/workbook.xml");
	assert_non_null(strstr(sheet, "state=\"hidden\""));
	styles = zip_part(path, "xl/styles.xml");
	assert_non_null(strstr(styles, "formatCode=\"yyyy/m/d\""));
	assert_non_null(strstr(styles, "formatCode=\"@\""));	/* text */
	free(styles);
	free(sheet);
	free(path);

	path = xasprintf("%s/2026/decisions.xlsx", dir);
	check_header(path, &reg_decisions);
	sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(sheet, "<dataValidations count=\"2\">"));
	free(sheet);
	free(path);
	path = xasprintf("%s/2026/objections.xlsx", dir);
	check_header(path, &reg_objections);
	free(path);
	path = xasprintf("%s/sanctions.xlsx", dir);
	check_header(path, &reg_sanctions);
	free(path);

	/* Never over what exists. */
	assert_int_equal(new_cycle(dir, 2026), 2);
	assert_int_equal(new_cycle(dir, 26), 2);
	tl_remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_cycle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
