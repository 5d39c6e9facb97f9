/*
 * date: civil dates as a count of days since 1970-01-01 (proleptic
 * Gregorian), so that "the next day" is +1 and comparing is <.
 * Parsing accepts what the office types in a spreadsheet: 2025-06-30,
 * 2025/6/30, 2025-6-3; impossible dates (2025-02-30) are refused.
 */
#ifndef GONGSHI_DATE_H
#define GONGSHI_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t day_t;

#define DAY_NONE	INT32_MIN	/* no date given */

day_t	 date_from_ymd(int y, int m, int d);	/* no validation */
void	 date_to_ymd(day_t, int *y, int *m, int *d);
bool	 date_valid_ymd(int y, int m, int d);
/* Parses a whole string; false when it is not a real date in a known form. */
bool	 date_parse(const char *s, day_t *out);
int	 date_year(day_t);
int	 date_weekday(day_t);			/* 0 = Sunday … 6 = Saturday */
bool	 date_is_weekend(day_t);
/* Adds whole years, keeping month and day (29 Feb becomes 28 Feb). */
day_t	 date_add_years(day_t, int years);

/* "2025-06-30"; buffer of at least 11 bytes. */
void	 date_iso(day_t, char out[static 16]);
/* "2025年6月30日" (no zero padding, GB/T 9704); buffer of at least 32 bytes. */
void	 date_cn(day_t, char out[static 32]);
/* "6月30日" for the second date of a span in the same year. */
void	 date_cn_md(day_t, char out[static 32]);

#endif
