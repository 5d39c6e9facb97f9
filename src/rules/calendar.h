/*
 * calendar: working days (工作日) from content/calendar/<year>.yaml.
 *
 * A working day is a weekday that is not an official day off, or a
 * make-up working day (调休) even on a weekend. Xinjiang's regional days
 * off (肉孜节, 古尔邦节) are days off like the national ones. A day in a
 * year that no calendar file covers is unknown: every function says so
 * instead of guessing.
 */
#ifndef GONGSHI_CALENDAR_H
#define GONGSHI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "model.h"

enum workday {
	WORKDAY_UNKNOWN = -1,	/* the year is not in the calendar */
	WORKDAY_NO = 0,
	WORKDAY_YES = 1
};

bool		 cal_covers(const struct site *, day_t);
enum workday	 cal_is_working_day(const struct site *, day_t);
/*
 * The last day of a publicity of n working days starting on start (start
 * counted when it is a working day). DAY_NONE when the count runs out of
 * the calendar.
 */
day_t		 cal_publicity_end(const struct site *, day_t start, int n);
/*
 * The deadline "within n working days of event" (art. 13): the n-th
 * working day after event, the event's own day not counted (Civil Code
 * art. 201). DAY_NONE when outside the calendar.
 */
day_t		 cal_deadline(const struct site *, day_t event, int n);
/* Working days in [a, b], both counted; -1 when any day is unknown. */
int		 cal_count(const struct site *, day_t a, day_t b);
/* The first working day on or after d, DAY_NONE when outside. */
day_t		 cal_next_working_day(const struct site *, day_t d);

/*
 * The working days of the years the calendar covers, counted once from
 * their first day: cal_count and cal_covers answered by two subtractions,
 * for the checks that ask them of every applicant (20,000 internal
 * publicities). The same answers as cal_count and cal_covers; a calendar
 * whose years span more than CAL_INDEX_MAX_DAYS is not laid out, and is
 * asked the slow way.
 */
#define CAL_INDEX_MAX_DAYS	(200 * 366)

struct cal_index {
	const struct site *site;
	day_t		 first;		/* 1 January of the first year covered */
	size_t		 n;		/* days laid out; 0: none */
	int32_t		*working;	/* [i]: working days in [first, first + i) */
	int32_t		*unknown;	/* [i]: days of years not covered, the same */
};

void		 cal_index_init(struct cal_index *, const struct site *);
void		 cal_index_free(struct cal_index *);
bool		 cal_index_covers(const struct cal_index *, day_t);
int		 cal_index_count(const struct cal_index *, day_t a, day_t b);

#endif
