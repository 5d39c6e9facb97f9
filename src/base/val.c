#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/val.h"

static struct val *
val_new(enum val_type t)
{
	struct val *v = xcalloc(1, sizeof(*v));

	v->type = t;
	return v;
}

struct val *
val_null(void)
{
	return val_new(VAL_NULL);
}

struct val *
val_bool(bool b)
{
	struct val *v = val_new(VAL_BOOL);

	v->b = b;
	return v;
}

struct val *
val_strn(const char *s, size_t n)
{
	struct val *v = val_new(VAL_STR);

	v->str = xstrndup(s, n);
	v->n = n;
	return v;
}

struct val *
val_str(const char *s)
{
	return val_strn(s, strlen(s));
}

struct val *
val_strf(const char *fmt, ...)
{
	struct buf b;
	struct val *v;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	v = val_strn(buf_cstr(&b), b.len);
	buf_free(&b);
	return v;
}

/* As "%ld" would write it, without printf: contexts hold many numbers. */
struct val *
val_int(long i)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long u = i < 0 ? 0UL - (unsigned long)i : (unsigned long)i;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (i < 0)
		*--p = '-';
	return val_strn(p, (size_t)(digits + sizeof(digits) - p));
}

struct val *
val_list(void)
{
	return val_new(VAL_LIST);
}

struct val *
val_map(void)
{
	return val_new(VAL_MAP);
}

void
val_free(struct val *v)
{
	size_t i;

	if (v == NULL)
		return;
	if (v->type == VAL_LIST || v->type == VAL_MAP) {
		for (i = 0; i < v->n; i++) {
			val_free(v->items[i]);
			if (v->keys != NULL)
				free(v->keys[i]);
		}
	}
	free(v->items);
	free(v->keys);
	free(v->key_lines);
	free(v->str);
	free(v);
}

struct val *
val_copy(const struct val *v)
{
	struct val *c;
	size_t i;

	switch (v->type) {
	case VAL_NULL:
		c = val_null();
		break;
	case VAL_BOOL:
		c = val_bool(v->b);
		break;
	case VAL_STR:
		c = val_strn(v->str, v->n);
		break;
	case VAL_LIST:
		c = val_list();
		for (i = 0; i < v->n; i++)
			val_push(c, val_copy(v->items[i]));
		break;
	default:
		c = val_map();
		for (i = 0; i < v->n; i++) {
			val_set(c, v->keys[i], val_copy(v->items[i]));
			c->key_lines[i] = v->key_lines[i];
		}
		break;
	}
	c->line = v->line;
	return c;
}

static void
val_reserve(struct val *v)
{
	if (v->n < v->cap)
		return;
	v->cap = v->cap ? v->cap * 2 : 8;
	v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
	if (v->type == VAL_MAP) {
		v->keys = xreallocarray(v->keys, v->cap, sizeof(*v->keys));
		v->key_lines = xreallocarray(v->key_lines, v->cap,
		    sizeof(*v->key_lines));
	}
}

struct val *
val_push(struct val *list, struct val *v)
{
	val_reserve(list);
	list->items[list->n++] = v;
	return v;
}

struct val *
val_set(struct val *map, const char *key, struct val *v)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			val_free(map->items[i]);
			map->items[i] = v;
			return v;
		}
	return val_append(map, key, v);
}

size_t
val_key_index(const struct val *map, const char *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			break;
	return i;
}

void
val_truncate(struct val *v, size_t n)
{
	while (v->n > n) {
		v->n--;
		val_free(v->items[v->n]);
		if (v->keys != NULL)
			free(v->keys[v->n]);
	}
}

struct val *
val_append(struct val *map, const char *key, struct val *v)
{
	val_reserve(map);
	map->keys[map->n] = xstrdup(key);
	map->key_lines[map->n] = v->line;
	map->items[map->n++] = v;
	return v;
}

void
val_set_str(struct val *map, const char *key, const char *s)
{
	val_set(map, key, s != NULL ? val_str(s) : val_null());
}

void
val_set_int(struct val *map, const char *key, long i)
{
	val_set(map, key, val_int(i));
}

void
val_set_bool(struct val *map, const char *key, bool b)
{
	val_set(map, key, val_bool(b));
}

struct val *
val_get(const struct val *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != VAL_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

int
val_key_line(const struct val *map, const char *key)
{
	size_t i;

	if (map == NULL)
		return 0;
	if (map->type == VAL_MAP)
		for (i = 0; i < map->n; i++)
			if (strcmp(map->keys[i], key) == 0)
				return map->key_lines[i];
	return map->line;
}

const char *
val_get_str(const struct val *map, const char *key)
{
	struct val *v = val_get(map, key);

	return v != NULL && v->type == VAL_STR ? v->str : NULL;
}

struct val *
val_path(const struct val *root, const char *dotted)
{
	const struct val *cur = root;
	const char *p = dotted, *dot;
	char *key;

	while (cur != NULL) {
		dot = strchr(p, '.');
		key = dot ? xstrndup(p, (size_t)(dot - p)) : xstrdup(p);
		cur = val_get(cur, key);
		free(key);
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	return (struct val *)cur;
}

bool
val_truthy(const struct val *v)
{
	if (v == NULL)
		return false;
	switch (v->type) {
	case VAL_NULL:
		return false;
	case VAL_BOOL:
		return v->b;
	case VAL_STR:
		return v->n > 0;
	case VAL_LIST:
		return v->n > 0;
	default:
		return true;
	}
}
