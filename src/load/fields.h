/*
 * fields: typed reading of single values as the office writes them in its
 * spreadsheets and YAML: dates, yes/no, regions, credit codes. Each parser
 * says whether the text is valid; the caller reports the problem with its
 * FILE:LINE and what would be right.
 */
#ifndef GONGSHI_FIELDS_H
#define GONGSHI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "model.h"

/* yes/no, 是/否, also Yes, NO, y, n; empty gives YESNO_UNSET. */
bool	 field_yesno(const char *, enum yesno *);
/* One of the 14 prefecture-level divisions of Xinjiang, or 新疆生产建设兵团. */
bool	 field_region(const char *);
/* The divisions in their official order, at most cap of them. */
size_t	 field_regions(const char **out, size_t cap);
/* "乌鲁木齐市、克拉玛依市、…" for messages. */
const char *field_region_list(void);
/*
 * GB 32100-2015 unified social credit code: 18 characters from
 * 0123456789ABCDEFGHJKLMNPQRTUWXY, the last a check character. Returns
 * false when the form is wrong (*why says how) or the check character is
 * wrong (*expected gets the right one, *why is NULL).
 */
bool	 field_credit_code(const char *, char *expected, const char **why);
/*
 * A date as Excel and WPS show it: 2025-06-30, 2025/6/30, 2025年6月30日,
 * 2025/6/30 0:00 (the time is dropped), 2025.6.30, full-width digits too.
 */
bool	 field_date(const char *, day_t *);
/* Text like 45838 that is an Excel date serial: *iso gets its date. */
bool	 field_serial_hint(const char *, char iso[static 16]);
/* Text like 9.1654E+17: a long number a spreadsheet turned into this. */
bool	 field_mangled_number(const char *);
/* Strips spaces, tabs, line ends, no-break and ideographic spaces. */
char	*field_trim(char *);
/* The same without a copy: where s[0..len) starts once trimmed, and its length. */
const char *field_span(const char *s, size_t len, size_t *out_len);
/* Non-negative whole number. */
bool	 field_uint(const char *, int *);
/* "2025" + suffix ("" for a folder, ".yaml" for a calendar): the year. */
bool	 field_year_name(const char *name, const char *suffix, int *year);

#endif
