#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "load/fields.h"
#include "load/yamlread.h"

void
yread_known_keys(const struct yread *y, const struct val *map, const char *where,
    const char *const *known)
{
	struct buf list;
	size_t i, k;
	bool ok;

	if (map == NULL || map->type != VAL_MAP)
		return;
	buf_init(&list);
	for (k = 0; known[k] != NULL; k++)
		buf_printf(&list, "%s%s", k ? ", " : "", known[k]);
	for (i = 0; i < map->n; i++) {
		ok = false;
		for (k = 0; known[k] != NULL && !ok; k++)
			ok = strcmp(map->keys[i], known[k]) == 0;
		if (!ok)
			diag_warning(y->diag, y->file, map->key_lines[i],
			    _("unknown key '%s' in %s (a typo?); known keys: %s"),
			    map->keys[i], where, buf_cstr(&list));
	}
	buf_free(&list);
}

static const struct val *
get(const struct yread *y, const struct val *map, const char *key, bool required)
{
	const struct val *v = val_get(map, key);

	if ((v == NULL || v->type == VAL_NULL) && required)
		diag_error(y->diag, y->file, map != NULL ? map->line : 0,
		    _("'%s' is missing; add it"), key);
	return v != NULL && v->type != VAL_NULL ? v : NULL;
}

const struct val *
yread_map(const struct yread *y, const struct val *map, const char *key,
    bool required)
{
	const struct val *v = get(y, map, key, required);

	if (v != NULL && v->type != VAL_MAP) {
		diag_error(y->diag, y->file, val_key_line(map, key),
		    _("'%s' must be a map of keys (indented lines 'name: "
		    "value')"), key);
		return NULL;
	}
	return v;
}

const char *
yread_str(const struct yread *y, const struct val *map, const char *key,
    bool required)
{
	const struct val *v = get(y, map, key, required);

	if (v == NULL)
		return NULL;
	if (v->type != VAL_STR) {
		diag_error(y->diag, y->file, val_key_line(map, key),
		    v->type == VAL_BOOL ? _("'%s' must be a single value, not "
		    "true/false") : v->type == VAL_LIST ? _("'%s' must be a "
		    "single value, not a list") : _("'%s' must be a single "
		    "value, not a map"), key);
		return NULL;
	}
	if (required && v->n == 0) {
		diag_error(y->diag, y->file, val_key_line(map, key),
		    _("'%s' is empty; give its value"), key);
		return NULL;
	}
	return v->str;
}

day_t
yread_date(const struct yread *y, const struct val *map, const char *key,
    bool required)
{
	const char *s = yread_str(y, map, key, required);
	day_t d;

	if (s == NULL)
		return DAY_NONE;
	if (!date_parse(s, &d)) {
		diag_error(y->diag, y->file, val_key_line(map, key),
		    _("%s '%s' is not a date; write it like 2025-06-30"), key, s);
		return DAY_NONE;
	}
	return d;
}

int
yread_int(const struct yread *y, const struct val *map, const char *key,
    int min, int def, bool required)
{
	const char *s = yread_str(y, map, key, required);
	int v;

	if (s == NULL)
		return def;
	if (!field_uint(s, &v) || v < min) {
		diag_error(y->diag, y->file, val_key_line(map, key),
		    _("%s '%s' must be a whole number of at least %d"), key, s,
		    min);
		return def;
	}
	return v;
}
