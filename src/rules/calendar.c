/*
 * calendar: working days from the yearly calendar files.
 *
 * Nothing is built per call: a day's status is a binary search for its
 * year in site->years, then in that year's sorted off and work arrays
 * (struct cal_index lays the days out once, for the checks that ask of
 * every applicant).
 * The State Council notice of year Y sometimes arranges days of December
 * Y-1 (2023.json lists 2022-12-31), so a day is also looked up in the
 * files of the neighbouring years; its own year's file must exist, or the
 * day is unknown.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/calendar.h"

static const struct cal_year *
year_find(const struct site *s, int year)
{
	size_t lo = 0, hi = s->n_years, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->years[mid].year < year)
			lo = mid + 1;
		else if (s->years[mid].year > year)
			hi = mid;
		else
			return &s->years[mid];
	}
	return NULL;
}

static bool
day_listed(const day_t *a, size_t n, day_t d)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (a[mid] < d)
			lo = mid + 1;
		else if (a[mid] > d)
			hi = mid;
		else
			return true;
	}
	return false;
}

/*
 * What the file of one year says about d: YES (make-up working day), NO
 * (day off) or UNKNOWN (not listed there, or no such file).
 */
static enum workday
year_says(const struct site *s, int year, day_t d)
{
	const struct cal_year *cy;

	if ((cy = year_find(s, year)) == NULL)
		return WORKDAY_UNKNOWN;
	if (day_listed(cy->work, cy->n_work, d))
		return WORKDAY_YES;
	if (day_listed(cy->off, cy->n_off, d))
		return WORKDAY_NO;
	return WORKDAY_UNKNOWN;
}

bool
cal_covers(const struct site *s, day_t d)
{
	return d != DAY_NONE && year_find(s, date_year(d)) != NULL;
}

enum workday
cal_is_working_day(const struct site *s, day_t d)
{
	enum workday w;
	int y;

	if (d == DAY_NONE)
		return WORKDAY_UNKNOWN;
	y = date_year(d);
	if (year_find(s, y) == NULL)
		return WORKDAY_UNKNOWN;
	if ((w = year_says(s, y, d)) != WORKDAY_UNKNOWN ||
	    (w = year_says(s, y + 1, d)) != WORKDAY_UNKNOWN ||
	    (w = year_says(s, y - 1, d)) != WORKDAY_UNKNOWN)
		return w;
	return date_is_weekend(d) ? WORKDAY_NO : WORKDAY_YES;
}

day_t
cal_publicity_end(const struct site *s, day_t start, int n)
{
	enum workday w;
	day_t d;
	int seen = 0;

	if (start == DAY_NONE)
		return DAY_NONE;
	if (n <= 0)
		return start;
	/* The loop ends: every step either counts or nears the calendar's end. */
	for (d = start;; d++) {
		if ((w = cal_is_working_day(s, d)) == WORKDAY_UNKNOWN)
			return DAY_NONE;
		if (w == WORKDAY_YES && ++seen == n)
			return d;
	}
}

day_t
cal_deadline(const struct site *s, day_t event, int n)
{
	if (event == DAY_NONE)
		return DAY_NONE;
	if (n <= 0)
		return event;
	return cal_publicity_end(s, event + 1, n);
}

day_t
cal_next_working_day(const struct site *s, day_t d)
{
	return cal_publicity_end(s, d, 1);
}

/* Monday to Friday in [a, b]. */
static long
weekdays_between(day_t a, day_t b)
{
	long n = (long)b - a + 1, count = (n / 7) * 5;
	day_t d;

	for (d = a + (day_t)((n / 7) * 7); d <= b; d++)
		if (!date_is_weekend(d))
			count++;
	return count;
}

/*
 * The files that may list a day of [a, b]: years year(a)-1 … year(b)+1.
 * A listed day is counted once, by the first file that cal_is_working_day
 * consults for it, so that a day listed in two files is not counted twice.
 */
static bool
owns(const struct site *s, int year, day_t d)
{
	int y = date_year(d);

	if (year == y)
		return true;
	if (year_says(s, y, d) != WORKDAY_UNKNOWN)
		return false;
	if (year == y + 1)
		return true;
	return year == y - 1 && year_says(s, y + 1, d) == WORKDAY_UNKNOWN;
}

/* Working days gained (+) and lost (-) by one file's exceptions in [a, b]. */
static long
exceptions_between(const struct site *s, const struct cal_year *cy,
    day_t a, day_t b)
{
	long delta = 0;
	size_t i;
	day_t d;

	for (i = 0; i < cy->n_off; i++) {
		d = cy->off[i];
		if (d < a || d > b || date_is_weekend(d) ||
		    day_listed(cy->work, cy->n_work, d) ||
		    !owns(s, cy->year, d))
			continue;
		delta--;
	}
	for (i = 0; i < cy->n_work; i++) {
		d = cy->work[i];
		if (d < a || d > b || !date_is_weekend(d) ||
		    !owns(s, cy->year, d))
			continue;
		delta++;
	}
	return delta;
}

int
cal_count(const struct site *s, day_t a, day_t b)
{
	const struct cal_year *cy;
	long n;
	int y, ya, yb;

	if (a == DAY_NONE || b == DAY_NONE)
		return -1;
	if (b < a)
		return 0;
	ya = date_year(a);
	yb = date_year(b);
	for (y = ya; y <= yb; y++)
		if (year_find(s, y) == NULL)
			return -1;
	n = weekdays_between(a, b);
	for (y = ya - 1; y <= yb + 1; y++)
		if ((cy = year_find(s, y)) != NULL)
			n += exceptions_between(s, cy, a, b);
	return (int)n;
}

/*
 * The rank of what the file of year file says of a day of year y, in the
 * order cal_is_working_day consults them (its own year, the next, the one
 * before; a make-up day before a day off): the highest listing decides.
 * 0 when that file is not consulted for the day.
 */
static int
listing_rank(int file, int y, bool work)
{
	int r = file == y ? 3 : file == y + 1 ? 2 : file == y - 1 ? 1 : 0;

	return r == 0 ? 0 : r * 2 + work;
}

static void
lay_listing(struct cal_index *ix, signed char *status, unsigned char *rank,
    int file, const day_t *days, size_t n, bool work)
{
	size_t i, at;
	int r;

	for (i = 0; i < n; i++) {
		if (days[i] < ix->first || (size_t)(days[i] - ix->first) >= ix->n)
			continue;
		at = (size_t)(days[i] - ix->first);
		r = listing_rank(file, date_year(days[i]), work);
		if (status[at] == WORKDAY_UNKNOWN || r <= rank[at])
			continue;
		rank[at] = (unsigned char)r;
		status[at] = work ? WORKDAY_YES : WORKDAY_NO;
	}
}

/* Each day's status: weekends, then what the files list, by rank. */
static void
lay_days(struct cal_index *ix, signed char *status, unsigned char *rank)
{
	const struct site *s = ix->site;
	size_t i, yi = 0;
	day_t d = ix->first, end;
	int y, w = date_weekday(d);	/* of d, counted along */

	for (y = s->years[0].year; y <= s->years[s->n_years - 1].year; y++) {
		while (yi < s->n_years && s->years[yi].year < y)
			yi++;
		end = date_from_ymd(y + 1, 1, 1);
		for (; d < end; d++, w = w == 6 ? 0 : w + 1) {
			i = (size_t)(d - ix->first);
			status[i] = yi < s->n_years && s->years[yi].year == y ?
			    (w == 0 || w == 6 ? WORKDAY_NO : WORKDAY_YES) :
			    WORKDAY_UNKNOWN;
		}
	}
	for (i = 0; i < s->n_years; i++) {
		lay_listing(ix, status, rank, s->years[i].year, s->years[i].off,
		    s->years[i].n_off, false);
		lay_listing(ix, status, rank, s->years[i].year, s->years[i].work,
		    s->years[i].n_work, true);
	}
}

void
cal_index_init(struct cal_index *ix, const struct site *s)
{
	signed char *status;
	unsigned char *rank;
	size_t i, n;

	memset(ix, 0, sizeof(*ix));
	ix->site = s;
	if (s->n_years == 0)
		return;
	ix->first = date_from_ymd(s->years[0].year, 1, 1);
	n = (size_t)(date_from_ymd(s->years[s->n_years - 1].year + 1, 1, 1) -
	    ix->first);
	if (n > CAL_INDEX_MAX_DAYS)
		return;
	ix->n = n;
	status = xcalloc(n, sizeof(*status));
	rank = xcalloc(n, sizeof(*rank));
	lay_days(ix, status, rank);
	ix->working = xcalloc(n + 1, sizeof(*ix->working));
	ix->unknown = xcalloc(n + 1, sizeof(*ix->unknown));
	for (i = 0; i < n; i++) {
		ix->working[i + 1] = ix->working[i] + (status[i] == WORKDAY_YES);
		ix->unknown[i + 1] = ix->unknown[i] +
		    (status[i] == WORKDAY_UNKNOWN);
	}
	free(rank);
	free(status);
}

void
cal_index_free(struct cal_index *ix)
{
	free(ix->working);
	free(ix->unknown);
	memset(ix, 0, sizeof(*ix));
}

/* Is d laid out (within the years from the first covered to the last)? */
static bool
laid_out(const struct cal_index *ix, day_t d)
{
	return d != DAY_NONE && d >= ix->first &&
	    (size_t)(d - ix->first) < ix->n;
}

bool
cal_index_covers(const struct cal_index *ix, day_t d)
{
	size_t i;

	if (ix->n == 0)
		return cal_covers(ix->site, d);
	if (!laid_out(ix, d))
		return false;
	i = (size_t)(d - ix->first);
	return ix->unknown[i + 1] == ix->unknown[i];
}

int
cal_index_count(const struct cal_index *ix, day_t a, day_t b)
{
	size_t ia, ib;

	if (ix->n == 0)
		return cal_count(ix->site, a, b);
	if (a == DAY_NONE || b == DAY_NONE)
		return -1;
	if (b < a)
		return 0;
	/* a day before the first covered year or after the last: unknown */
	if (!laid_out(ix, a) || !laid_out(ix, b))
		return -1;
	ia = (size_t)(a - ix->first);
	ib = (size_t)(b - ix->first) + 1;
	if (ix->unknown[ib] != ix->unknown[ia])
		return -1;
	return ix->working[ib] - ix->working[ia];
}
