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
	status_print(&f->state, year, mem, color);
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

static void
test_status_table_aligned(void **state)
{
	char *text = status_of(*state, 2025, false);
	int date_col, count_col;

	/* Every notice date starts in the same column, under 日期 date. */
	date_col = column_of(text, "日期 date");
	assert_int_equal(column_of(text, "2025-04-01"), date_col);
	assert_int_equal(column_of(text, "2025-06-04 至"), date_col + 12);
	assert_int_equal(column_of(text, "2025-07-15 至"), date_col + 12);
	assert_int_equal(column_of(text, "2025-12-20"), date_col);
	/* and every count under 人数 count */
	count_col = column_of(text, "人数 count");
	assert_int_equal(column_of(text, "7 申报 applied"), count_col);
	assert_int_equal(column_of(text, "5 受理 accepted"), count_col);
	assert_int_equal(column_of(text, "质量奖 2 + 提名奖 2 审定"), count_col);
	assert_int_equal(column_of(text, "4 通过 passed"), count_col);
	assert_non_null(strstr(text, "2025-07-15 至 2025-07-21 (5 个工作日)"));
	assert_non_null(strstr(text, "2025-06-04 至 2025-06-13 (5 个工作日)"));
	assert_non_null(strstr(text, "2025 第8届 新疆质量奖"));
	assert_non_null(strstr(text, "下一步 next: the cycle is complete"));
	assert_null(strstr(text, "\033["));
	assert_null(strstr(text, "2023 第7届"));
	free(text);
}

static void
test_status_color_only_when_asked(void **state)
{
	char *text = status_of(*state, 0, true);

	assert_non_null(strstr(text, "\033[1m2023 第7届"));
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
	assert_non_null(strstr(text, "下一步 next: 表彰决定 decision, earliest "
	    "2025-12-16"));
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
	assert_non_null(strstr(text, "下一步 next: 进入陈述答辩名单 "
	    "presentation, earliest 2025-07-22"));
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
	assert_non_null(strstr(text, "下一步 next: 进入陈述答辩名单 "
	    "presentation, once the material decisions (材料评审) are "
	    "recorded, not before 2025-07-22"));
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
	assert_non_null(strstr(text, "待撤销 revocations pending: 1: "
	    "XJZLJ-2023-A01 (art. 19)"));
	assert_non_null(strstr(text, "revocations pending in all cycles: 1"));
	assert_non_null(strstr(text, "下一步 next: 撤销决定 "
	    "revocation-XJZLJ-2023-A01 (art. 19, sanctions.csv:2)"));
	free(text);
}

static void
test_status_unknown_year(void **state)
{
	char *text = status_of(*state, 2030, false);

	assert_non_null(strstr(text, "no cycle 2030"));
	free(text);
}

int
main(void)
{
#define T(name) \
	cmocka_unit_test_setup_teardown(name, fx_setup_valid, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_status_width),
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
