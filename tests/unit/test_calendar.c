/*
 * Working days on the real 2023–2026 calendar (fixture.h): the Spring
 * Festival and National Day of 2025 with their make-up days, Xinjiang's
 * 古尔邦节 and 肉孜节, the DESIGN's example, art. 13 deadlines, and days
 * outside the calendar.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "rules/calendar.h"

#define D(s)	fx_day(s)

static const struct site *
site_of(void **state)
{
	return &((struct fx *)*state)->site;
}

/* Working days in [a, b], one day at a time: the slow way. */
static int
count_slowly(const struct site *s, day_t a, day_t b)
{
	enum workday w;
	int n = 0;
	day_t d;

	for (d = a; d <= b; d++) {
		if ((w = cal_is_working_day(s, d)) == WORKDAY_UNKNOWN)
			return -1;
		n += w == WORKDAY_YES;
	}
	return n;
}

static void
test_spring_festival_2025_days(void **state)
{
	const struct site *s = site_of(state);

	assert_int_equal(cal_is_working_day(s, D("2025-01-24")), WORKDAY_YES);
	assert_int_equal(cal_is_working_day(s, D("2025-01-25")), WORKDAY_NO);
	/* Sunday, make-up working day (调休) */
	assert_int_equal(cal_is_working_day(s, D("2025-01-26")), WORKDAY_YES);
	assert_int_equal(cal_is_working_day(s, D("2025-01-28")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-02-04")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-02-05")), WORKDAY_YES);
	/* Saturday, make-up working day */
	assert_int_equal(cal_is_working_day(s, D("2025-02-08")), WORKDAY_YES);
	assert_int_equal(cal_is_working_day(s, D("2025-02-09")), WORKDAY_NO);
}

static void
test_publicity_across_spring_festival_2025(void **state)
{
	const struct site *s = site_of(state);

	/* 01-24, 01-26 (Sunday, 调休), 01-27, then 02-05, 02-06. */
	assert_int_equal(cal_publicity_end(s, D("2025-01-24"), 5),
	    D("2025-02-06"));
	assert_int_equal(cal_count(s, D("2025-01-24"), D("2025-02-06")), 5);
	/* 01-27, 02-05, 02-06, 02-07, 02-08 (Saturday, 调休). */
	assert_int_equal(cal_publicity_end(s, D("2025-01-27"), 5),
	    D("2025-02-08"));
}

static void
test_publicity_across_national_day_2025(void **state)
{
	const struct site *s = site_of(state);

	assert_int_equal(cal_is_working_day(s, D("2025-09-28")), WORKDAY_YES);
	assert_int_equal(cal_is_working_day(s, D("2025-10-08")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-10-11")), WORKDAY_YES);
	/* 09-26, 09-28 (Sunday, 调休), 09-29, 09-30, then 10-09. */
	assert_int_equal(cal_publicity_end(s, D("2025-09-26"), 5),
	    D("2025-10-09"));
	/* 09-30, 10-09, 10-10, 10-11 (Saturday, 调休), 10-13. */
	assert_int_equal(cal_publicity_end(s, D("2025-09-30"), 5),
	    D("2025-10-13"));
}

static void
test_publicity_across_eid_al_adha_2025(void **state)
{
	const struct site *s = site_of(state);

	/* 古尔邦节 2025-06-06 (Friday) … 06-10 (Tuesday), Xinjiang only. */
	assert_int_equal(cal_is_working_day(s, D("2025-06-06")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-06-09")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-06-10")), WORKDAY_NO);
	assert_int_equal(cal_is_working_day(s, D("2025-06-11")), WORKDAY_YES);
	/* 06-04, 06-05, then 06-11, 06-12, 06-13. */
	assert_int_equal(cal_publicity_end(s, D("2025-06-04"), 5),
	    D("2025-06-13"));
	/* 肉孜节 2025-03-31, a Monday. */
	assert_int_equal(cal_is_working_day(s, D("2025-03-31")), WORKDAY_NO);
	assert_int_equal(cal_publicity_end(s, D("2025-03-27"), 5),
	    D("2025-04-03"));
}

static void
test_design_example_acceptance(void **state)
{
	const struct site *s = site_of(state);

	/* DESIGN §4: 公示期为2025年7月15日至7月21日（5个工作日） */
	assert_int_equal(cal_publicity_end(s, D("2025-07-15"), 5),
	    D("2025-07-21"));
	assert_int_equal(cal_count(s, D("2025-07-15"), D("2025-07-21")), 5);
}

static void
test_publicity_start_not_working_day(void **state)
{
	const struct site *s = site_of(state);

	/* A Saturday start is not counted: 07-21 … 07-25. */
	assert_int_equal(cal_publicity_end(s, D("2025-07-19"), 5),
	    D("2025-07-25"));
	assert_int_equal(cal_next_working_day(s, D("2025-10-01")),
	    D("2025-10-09"));
	assert_int_equal(cal_next_working_day(s, D("2025-07-15")),
	    D("2025-07-15"));
}

static void
test_art13_deadline_counts_from_next_day(void **state)
{
	const struct site *s = site_of(state);

	/* Received Tuesday 07-15: 07-16, 07-17, 07-18. */
	assert_int_equal(cal_deadline(s, D("2025-07-15"), 3), D("2025-07-18"));
	/* Received Friday 07-18: 07-21, 07-22, 07-23. */
	assert_int_equal(cal_deadline(s, D("2025-07-18"), 3), D("2025-07-23"));
	/* Received on a Saturday: the next working days. */
	assert_int_equal(cal_deadline(s, D("2025-07-19"), 3), D("2025-07-23"));
	/* Received 09-30: 10-09, 10-10, 10-11 (Saturday, 调休). */
	assert_int_equal(cal_deadline(s, D("2025-09-30"), 3), D("2025-10-11"));
	/* Forwarded 01-27: 02-05, 02-06, 02-07, 02-08 (Saturday), 02-10. */
	assert_int_equal(cal_deadline(s, D("2025-01-27"), 5), D("2025-02-10"));
}

static void
test_outside_calendar_unknown(void **state)
{
	const struct site *s = site_of(state);

	assert_false(cal_covers(s, D("2027-01-04")));
	assert_false(cal_covers(s, D("2022-12-30")));
	assert_false(cal_covers(s, DAY_NONE));
	assert_true(cal_covers(s, D("2023-01-01")));
	assert_true(cal_covers(s, D("2026-12-31")));
	assert_int_equal(cal_is_working_day(s, D("2027-01-04")),
	    WORKDAY_UNKNOWN);
	/* 2022-12-31 is listed in the 2023 notice, but 2022 is not covered. */
	assert_int_equal(cal_is_working_day(s, D("2022-12-31")),
	    WORKDAY_UNKNOWN);
	/* A publicity of late December 2026 runs into 2027. */
	assert_int_equal(cal_publicity_end(s, D("2026-12-29"), 5), DAY_NONE);
	assert_int_equal(cal_publicity_end(s, D("2026-12-24"), 5),
	    D("2026-12-30"));
	assert_int_equal(cal_deadline(s, D("2026-12-30"), 3), DAY_NONE);
	assert_int_equal(cal_count(s, D("2026-12-28"), D("2027-01-05")), -1);
	assert_int_equal(cal_next_working_day(s, D("2027-03-01")), DAY_NONE);
}

static void
test_count_matches_day_by_day(void **state)
{
	const struct site *s = site_of(state);
	day_t a = D("2023-01-01"), b = D("2026-12-31"), d;

	assert_int_equal(cal_count(s, a, b), count_slowly(s, a, b));
	for (d = a; d < b; d += 37)
		assert_int_equal(cal_count(s, d, d + 45),
		    count_slowly(s, d, d + 45));
	assert_int_equal(cal_count(s, D("2025-07-21"), D("2025-07-15")), 0);
}

static void
test_working_days_of_2025(void **state)
{
	const struct site *s = site_of(state);

	/*
	 * 261 weekdays; national days off on weekdays: 01-01, 01-28 …
	 * 01-31, 02-03, 02-04, 04-04, 05-01, 05-02, 05-05, 06-02, 10-01 …
	 * 10-03, 10-06 … 10-08, 18 of them; make-up days 5; Xinjiang's
	 * 03-31, 06-06, 06-09, 06-10: 261 - 18 + 5 - 4 = 244.
	 */
	assert_int_equal(cal_count(s, D("2025-01-01"), D("2025-12-31")), 244);
}

/* A day listed by the notice of the next year counts once. */
static void
test_neighbouring_year_listing(void **state)
{
	struct fx *f = *state;
	struct cal_year *y2024 = &f->site.years[1];
	day_t fri = D("2023-12-29");

	assert_int_equal(y2024->year, 2024);
	assert_int_equal(cal_is_working_day(&f->site, fri), WORKDAY_YES);
	/* The 2024 file sorts 2023-12-29 first. */
	y2024->off = xreallocarray(y2024->off, y2024->n_off + 1, sizeof(day_t));
	memmove(y2024->off + 1, y2024->off, y2024->n_off * sizeof(day_t));
	y2024->off[0] = fri;
	y2024->n_off++;
	assert_int_equal(cal_is_working_day(&f->site, fri), WORKDAY_NO);
	assert_int_equal(cal_count(&f->site, D("2023-12-25"), D("2024-01-05")),
	    count_slowly(&f->site, D("2023-12-25"), D("2024-01-05")));
	assert_int_equal(cal_count(&f->site, D("2023-12-25"), D("2023-12-31")),
	    4);
}

/*
 * The index answers as cal_count and cal_covers do, over every day from a
 * year before the calendar to a year after it, spans of 0 to 40 days.
 */
static void
assert_index_agrees(const struct site *s, day_t from, day_t to)
{
	struct cal_index ix;
	day_t d;
	int len;

	cal_index_init(&ix, s);
	assert_false(cal_index_covers(&ix, DAY_NONE));
	assert_int_equal(cal_index_count(&ix, DAY_NONE, from), -1);
	assert_int_equal(cal_index_count(&ix, from, DAY_NONE), -1);
	for (d = from; d <= to; d++) {
		assert_int_equal(cal_index_covers(&ix, d), cal_covers(s, d));
		for (len = -1; len <= 40; len += 3)
			assert_int_equal(cal_index_count(&ix, d, d + len),
			    cal_count(s, d, d + len));
	}
	assert_int_equal(cal_index_count(&ix, from, to), cal_count(s, from, to));
	cal_index_free(&ix);
}

static void
test_index_matches_count(void **state)
{
	const struct site *s = site_of(state);
	struct cal_index ix;

	assert_index_agrees(s, D("2022-01-01"), D("2027-12-31"));
	cal_index_init(&ix, s);
	assert_true(ix.n > 0);	/* laid out, not asked the slow way */
	assert_int_equal(cal_index_count(&ix, D("2025-01-01"), D("2025-12-31")),
	    244);
	assert_int_equal(cal_index_count(&ix, D("2025-07-15"), D("2025-07-21")),
	    5);
	assert_int_equal(cal_index_count(&ix, D("2026-12-28"), D("2027-01-05")),
	    -1);
	cal_index_free(&ix);
}

/* A day listed by two files: the index takes the one cal_is_working_day does. */
static void
test_index_neighbouring_year_listing(void **state)
{
	struct fx *f = *state;
	struct cal_year *y2024 = &f->site.years[1];

	y2024->off = xreallocarray(y2024->off, y2024->n_off + 1, sizeof(day_t));
	memmove(y2024->off + 1, y2024->off, y2024->n_off * sizeof(day_t));
	y2024->off[0] = D("2023-12-29");
	y2024->n_off++;
	assert_index_agrees(&f->site, D("2023-12-01"), D("2024-01-31"));
}

/* A year missing between two covered ones is unknown, as cal_count says. */
static void
test_index_year_missing_between(void **state)
{
	struct fx *f = *state;
	struct cal_year gone = f->site.years[2];	/* 2025 */

	assert_int_equal(gone.year, 2025);
	memmove(&f->site.years[2], &f->site.years[3],
	    (f->site.n_years - 3) * sizeof(*f->site.years));
	f->site.years[f->site.n_years - 1] = gone;	/* freed with the rest */
	f->site.n_years--;
	assert_index_agrees(&f->site, D("2024-11-01"), D("2026-02-28"));
	f->site.n_years++;
}

/* Years too far apart to lay out: the index asks the slow way, same answers. */
static void
test_index_too_wide(void **state)
{
	struct fx *f = *state;
	struct cal_year *last = &f->site.years[f->site.n_years - 1];
	struct cal_index ix;
	int year = last->year;

	last->year = 2999;
	cal_index_init(&ix, &f->site);
	assert_int_equal(ix.n, 0);
	assert_int_equal(cal_index_count(&ix, D("2025-07-15"), D("2025-07-21")),
	    5);
	assert_false(cal_index_covers(&ix, D("2026-06-01")));
	assert_true(cal_index_covers(&ix, D("2999-06-01")));
	cal_index_free(&ix);
	assert_index_agrees(&f->site, D("2025-12-01"), D("2026-01-31"));
	last->year = year;
}

#define T(name) \
	cmocka_unit_test_setup_teardown(name, fx_setup_new, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_spring_festival_2025_days),
		T(test_publicity_across_spring_festival_2025),
		T(test_publicity_across_national_day_2025),
		T(test_publicity_across_eid_al_adha_2025),
		T(test_design_example_acceptance),
		T(test_publicity_start_not_working_day),
		T(test_art13_deadline_counts_from_next_day),
		T(test_outside_calendar_unknown),
		T(test_count_matches_day_by_day),
		T(test_working_days_of_2025),
		T(test_neighbouring_year_listing),
		T(test_index_matches_count),
		T(test_index_neighbouring_year_listing),
		T(test_index_year_missing_between),
		T(test_index_too_wide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
