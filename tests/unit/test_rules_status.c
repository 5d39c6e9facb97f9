/*
 * gongshi status: the table lines up by display width (CJK characters
 * take two columns), colour only when asked, and "next" names the first
 * missing notice with its earliest date from the calendar.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <cmocka.h>

#include "fixture.h"
#include "rules/status.h"

static struct cycle *
c2025_of(struct fx *f)
{
	return fx_find_cycle(f, 2025);
}

/* Runs the rules and prints the status; the caller frees. */
static char *
status_of(struct fx *f, int year, bool color)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	if (!f->built)
		fx_run(f);
	assert_non_null(mem = open_memstream(&text, &len));
	status_print(&f->state, year, mem, color, 0);
	assert_int_equal(fclose(mem), 0);
	return text;
}

/* The line of text holding needle, copied; the caller frees. */
static char *
line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *a, *b;

	if (p == NULL)
		return NULL;
	for (a = p; a > text && a[-1] != '\n'; a--)
		;
	b = strchr(p, '\n');
	return xstrndup(a, b != NULL ? (size_t)(b - a) : strlen(a));
}

/* Display columns before needle in its line. */
static int
column_of(const char *text, const char *needle)
{
	char *line = line_with(text, needle), *p;
	int w;

	if (line == NULL)
		fail_msg("no line with %s in:\n%s", needle, text);
	p = strstr(line, needle);
	*p = '\0';
	w = status_width(line);
	free(line);
	return w;
}

static void
test_status_width(void **state)
{
	(void)state;
	assert_int_equal(status_width("阶段 stage"), 10);
	assert_int_equal(status_width("2025-07-15"), 10);
	/* 12 wide characters and one digit */
	assert_int_equal(status_width("受理名单公示（5个工作日）"), 25);
	assert_int_equal(status_width(""), 0);
}

/* No line is wider than the width asked for, East Asian widths counted. */
static void
assert_fits(const char *text, int width)
{
	const char *p = text, *nl;
	char *line;

	for (; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		line = xstrndup(p, (size_t)(nl - p));
		if (status_width(line) > width)
			fail_msg("%d columns, more than %d: %s", status_width(line),
			    width, line);
		free(line);
		if (*nl == '\0')
			break;
	}
}

static void
test_status_table_aligned(void **state)
{
	char *text = status_of(*state, 2025, false);
	int date_col, count_col;

	/* Every notice date starts in the same column, under "date". */
	date_col = column_of(text, "date ");
	assert_int_equal(column_of(text, "2025-04-01"), date_col);
	assert_int_equal(column_of(text, "to 2025-06-13"), date_col + 12);
	assert_int_equal(column_of(text, "to 2025-07-21"), date_col + 12);
	assert_int_equal(column_of(text, "2025-12-20"), date_col);
	/* and every count under "count" */
	count_col = column_of(text, "count");
	assert_int_equal(column_of(text, "7 applied"), count_col);
	assert_int_equal(column_of(text, "5 accepted"), count_col);
	assert_int_equal(column_of(text, "2 awards, 2 nominations"), count_col);
	assert_int_equal(column_of(text, "4 passed"), count_col);
	assert_non_null(strstr(text, "to 2025-07-21, 5 working days"));
	assert_non_null(strstr(text, "to 2025-06-13, 5 working days"));
	assert_non_null(strstr(text, "2025, edition 8 新疆质量奖"));
	assert_non_null(strstr(text, "next: nothing, the cycle is complete"));
	assert_null(strstr(text, "\033["));
	assert_null(strstr(text, "2023, edition 7"));
	assert_fits(text, STATUS_WIDTH);
	free(text);
}

/* A narrower terminal: the last column and the free text lines wrap. */
static void
test_status_wraps(void **state)
{
	struct fx *f = *state;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	fx_run(f);
	assert_non_null(mem = open_memstream(&text, &len));
	status_print(&f->state, 0, mem, false, 90);
	assert_int_equal(fclose(mem), 0);
	assert_fits(text, 90);
	assert_non_null(strstr(text, "nominations"));
	free(text);
}

static void
test_status_color_only_when_asked(void **state)
{
	char *text = status_of(*state, 0, true);

	assert_non_null(strstr(text, "\033[1m2023, edition 7"));
	assert_non_null(strstr(text, "\033[0m"));
	free(text);
}

static void
test_status_next_decision(void **state)
{
	struct fx *f = *state;
	char *text;

	fx_no_notice(c2025_of(f), NOTICE_DECISION);
	text = status_of(f, 2025, false);
	/* The last approval is dated 2025-12-15 (Monday). */
	assert_non_null(strstr(text, "next: the decision notice, on 2025-12-16 "
	    "at the earliest"));
	free(text);
}

static void
test_status_next_after_publicity(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025_of(f);
	enum notice_kind k;
	char *text;
	size_t i;

	for (k = NOTICE_PRESENTATION; k < NOTICE_KIND_COUNT; k++)
		fx_no_notice(c, k);
	/* Material decisions dated 07-18, during the acceptance publicity
	 * to 07-21: the presentation list comes after it. */
	for (i = 0; i < c->n_decisions; i++)
		if (c->decisions[i].stage == STAGE_MATERIAL)
			c->decisions[i].date = fx_day("2025-07-18");
	fx_link(f);
	for (i = c->n_decisions; i-- > 0;)
		if (c->decisions[i].stage > STAGE_MATERIAL)
			fx_drop_decision(c, c->decisions[i].org->name,
			    c->decisions[i].stage);
	text = status_of(f, 2025, false);
	assert_non_null(strstr(text, "next: the presentation notice, on "
	    "2025-07-22 at the earliest"));
	free(text);
}

static void
test_status_next_waits_for_decisions(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025_of(f);
	enum notice_kind k;
	size_t i;
	char *text;

	for (k = NOTICE_PRESENTATION; k < NOTICE_KIND_COUNT; k++)
		fx_no_notice(c, k);
	fx_link(f);
	for (i = c->n_decisions; i-- > 0;)
		if (c->decisions[i].stage >= STAGE_MATERIAL)
			fx_drop_decision(c, c->decisions[i].org->name,
			    c->decisions[i].stage);
	text = status_of(f, 2025, false);
	assert_non_null(strstr(text, "next: the presentation notice, once the "
	    "material decisions are recorded, not before 2025-07-22"));
	free(text);
}

static void
test_status_revocation_pending(void **state)
{
	struct fx *f = *state;
	char *text;

	fx_sanction(f, fx_find_org(fx_find_cycle(f, 2023), FX_G)->credit_code,
	    SANCTION_FRAUD, "2024-05-01");
	text = status_of(f, 0, false);
	assert_non_null(strstr(text, "revocations pending: 1 "
	    "XJZLJ-2023-A01 (art. 19)"));
	assert_non_null(strstr(text, "revocations pending in all cycles: 1"));
	assert_non_null(strstr(text, "next: revocation decision "
	    "revocation-XJZLJ-2023-A01 (art. 19, sanctions.csv:2)"));
	free(text);
}

static void
test_status_unknown_year(void **state)
{
	struct fx *f = *state;

	fx_run(f);
	assert_false(status_has_cycle(&f->state, 2030));
	assert_true(status_has_cycle(&f->state, 2025));
	assert_true(status_has_cycle(&f->state, 0));
}

/* The JSON has the documented fields (gongshi(1), JSON). */
static void
test_status_json(void **state)
{
	struct fx *f = *state;
	json_t *doc, *cy, *st, *row;

	fx_run(f);
	doc = status_json(&f->state, 2025);
	assert_int_equal(json_array_size(json_object_get(doc, "cycles")), 1);
	cy = json_array_get(json_object_get(doc, "cycles"), 0);
	assert_int_equal(json_integer_value(json_object_get(cy, "year")), 2025);
	st = json_object_get(cy, "stages");
	assert_int_equal(json_array_size(st), 1 + STAGE_COUNT);
	row = json_array_get(st, 2);	/* qualification: the acceptance list */
	assert_string_equal(json_string_value(json_object_get(row, "stage")),
	    "qualification");
	assert_string_equal(json_string_value(json_object_get(row, "notice")),
	    "acceptance");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(row, "window"), "end")), "2025-07-21");
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(row, "window"), "working_days")), 5);
	assert_int_equal(json_integer_value(json_object_get(row, "count")), 5);
	assert_true(json_is_null(json_object_get(json_object_get(cy, "next"),
	    "notice")));
	json_decref(doc);
}

int
main(void)
{
#define T(name) \
	cmocka_unit_test_setup_teardown(name, fx_setup_valid, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_status_width),
		T(test_status_wraps),
		T(test_status_json),
		T(test_status_table_aligned),
		T(test_status_color_only_when_asked),
		T(test_status_next_decision),
		T(test_status_next_after_publicity),
		T(test_status_next_waits_for_decisions),
		T(test_status_revocation_pending),
		T(test_status_unknown_year),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
