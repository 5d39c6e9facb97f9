/*
 * val: a small tree of values (null, boolean, string, list, map), like
 * JSON's. YAML files load into it (each node remembering its line), and the
 * composer builds the Mustache context of every document out of it, so the
 * templates see exactly the same shapes as the office's YAML.
 *
 * Maps keep their keys in insertion order: output must be deterministic.
 * A tree owns all its children; val_free() frees the whole tree.
 */
#ifndef GONGSHI_VAL_H
#define GONGSHI_VAL_H

#include <stdbool.h>
#include <stddef.h>

enum val_type {
	VAL_NULL,
	VAL_BOOL,
	VAL_STR,
	VAL_LIST,
	VAL_MAP
};

struct val {
	enum val_type	  type;
	int		  line;		/* source line (YAML), 0 when built */
	bool		  b;		/* VAL_BOOL */
	char		 *str;		/* VAL_STR: NUL-terminated, owned */
	size_t		  n;		/* VAL_STR: length; VAL_LIST, VAL_MAP: items */
	size_t		  cap;
	struct val	**items;	/* VAL_LIST, VAL_MAP: the values */
	char		**keys;		/* VAL_MAP: the keys, parallel to items */
	int		 *key_lines;	/* VAL_MAP: line of each key (YAML) */
};

struct val	*val_null(void);
struct val	*val_bool(bool);
struct val	*val_str(const char *);
struct val	*val_strn(const char *, size_t);
struct val	*val_strf(const char *, ...) __attribute__((format(printf, 1, 2)));
struct val	*val_int(long);
struct val	*val_list(void);
struct val	*val_map(void);
void		 val_free(struct val *);
struct val	*val_copy(const struct val *);

/* Appends v to a list; takes ownership; returns v. */
struct val	*val_push(struct val *list, struct val *v);
/* Sets key in a map (replacing an earlier value); takes ownership; returns v. */
struct val	*val_set(struct val *map, const char *key, struct val *v);
/* Appends key to a map that does not hold it yet (no search); returns v. */
struct val	*val_append(struct val *map, const char *key, struct val *v);
/* The position of key in a map, or map->n when it has none. */
size_t		 val_key_index(const struct val *map, const char *key);
/*
 * Frees the entries of a map or list from position n on (with
 * val_key_index, a caller lends a map a few values and takes them back).
 */
void		 val_truncate(struct val *, size_t n);
/* Shorthands for val_set(map, key, val_str(s)) etc. A NULL string sets null. */
void		 val_set_str(struct val *map, const char *key, const char *s);
void		 val_set_int(struct val *map, const char *key, long);
void		 val_set_bool(struct val *map, const char *key, bool);

/* The value of key in a map, or NULL (also when map is not a map). */
struct val	*val_get(const struct val *map, const char *key);
/* The line of key in a map, or the map's own line. */
int		 val_key_line(const struct val *map, const char *key);
/* The string of key, or NULL when absent or not a string. */
const char	*val_get_str(const struct val *map, const char *key);
/* Follows a dotted path ("award.name") through maps. */
struct val	*val_path(const struct val *root, const char *dotted);

/* Mustache truthiness: null, false, empty list and empty string are false. */
bool		 val_truthy(const struct val *);

#endif
