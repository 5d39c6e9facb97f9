/*
 * config: loading the YAML files of a content folder into struct site.
 * Each function reports its problems to diag and returns false only when
 * the file could not be used at all.
 */
#ifndef GONGSHI_CONFIG_H
#define GONGSHI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model.h"

bool	config_load_site(const char *dir, struct site *, struct diag *);
/* names: the file names found in calendar/, sorted. */
bool	config_load_calendar(const char *dir, char **names, size_t n,
	    struct site *, struct diag *);
/* c->year and c->dir are set by the caller. */
bool	config_load_cycle(const char *dir, struct cycle *, struct diag *);
/*
 * 保管期限 of a document, for its meta.xml: site.yaml's archive:
 * retention_decisions (decisions and revocations; default 永久) or
 * retention_others (default 30年).
 */
const char *site_retention(const struct site *, bool decision);
bool	config_load_custom_notice(const char *dir, const char *rel,
	    const char *name, struct custom_notice *, struct diag *);

#endif
