/*
 * yamlread: typed reading of keys from a loaded YAML map, reporting
 * problems at the key's line. Shared by every YAML file gongshi reads.
 */
#ifndef GONGSHI_YAMLREAD_H
#define GONGSHI_YAMLREAD_H

#include <stdbool.h>

#include "base/date.h"
#include "base/diag.h"
#include "base/val.h"

struct yread {
	const char	*file;	/* relative to the content folder */
	struct diag	*diag;
};

/* Warns about every key of map not in the NULL-terminated list known. */
void		 yread_known_keys(const struct yread *, const struct val *map,
		    const char *where, const char *const *known);
/* A required or optional map; NULL when absent (reported when required). */
const struct val *yread_map(const struct yread *, const struct val *map,
		    const char *key, bool required);
/* A string (a plain number or date counts as its text). NULL when absent. */
const char	*yread_str(const struct yread *, const struct val *map,
		    const char *key, bool required);
day_t		 yread_date(const struct yread *, const struct val *map,
		    const char *key, bool required);
/* A whole number ≥ min; def when absent. */
int		 yread_int(const struct yread *, const struct val *map,
		    const char *key, int min, int def, bool required);

#endif
