#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/i18n.h"
#include "base/strmap.h"
#include "base/util.h"
#include "load/text.h"
#include "load/yaml.h"
#include "load/yaml_advice.h"

struct yctx {
	yaml_parser_t	 parser;
	const char	*relpath;
	int		 line0;		/* line of the input's first byte, minus 1 */
	int		 flags;
	struct diag	*diag;
	bool		 failed;
	const char	*data;		/* the input, for byte offsets */
	size_t		 len;
	int		 depth;		/* of the node being parsed */
};

static struct val *parse_node(struct yctx *, yaml_event_t *);

static int
ev_line(struct yctx *y, const yaml_event_t *ev)
{
	return (int)ev->start_mark.line + 1 + y->line0;
}

/* The line of a byte offset into the input. */
static int
offset_line(const struct yctx *y, size_t offset)
{
	size_t i;
	int line = 1;

	for (i = 0; i < offset && i < y->len; i++)
		if (y->data[i] == '\n')
			line++;
	return line + y->line0;
}

static bool
next_event(struct yctx *y, yaml_event_t *ev)
{
	const yaml_parser_t *p = &y->parser;

	if (yaml_parser_parse(&y->parser, ev))
		return true;
	y->failed = true;
	if (p->error == YAML_READER_ERROR) {
		diag_error(y->diag, y->relpath, offset_line(y, p->problem_offset),
		    _("bytes that are not UTF-8 (%s); save the file as UTF-8"),
		    p->problem ? p->problem : "unreadable");
		return false;
	}
	yaml_advice_report(y->diag, y->relpath, p, y->data, y->len, y->line0);
	return false;
}

static bool
is_plain(const yaml_event_t *ev)
{
	return ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool
looks_numeric(const char *s)
{
	char *end;

	if (*s == '\0')
		return false;
	(void)strtod(s, &end);
	return *end == '\0';
}

static struct val *
scalar_value(struct yctx *y, yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	char num[64];

	/* Escapes ("\0", "\uFFFE") make what the file's bytes could not. */
	if (!text_check_value(s, n, y->relpath, ev_line(y, ev), y->diag)) {
		y->failed = true;
		return NULL;
	}

	if (is_plain(ev)) {
		if (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0)
			return val_null();
		if (strcmp(s, "true") == 0)
			return val_bool(true);
		if (strcmp(s, "false") == 0)
			return val_bool(false);
		if ((y->flags & YAML_JSON_NUMBERS) && looks_numeric(s)) {
			snprintf(num, sizeof(num), "%.15g", strtod(s, NULL));
			return val_str(num);
		}
	}
	return val_strn(s, n);
}

static struct val *
parse_sequence(struct yctx *y)
{
	struct val *list = val_list(), *item;
	yaml_event_t ev;

	for (;;) {
		if (!next_event(y, &ev))
			break;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return list;
		}
		item = parse_node(y, &ev);
		yaml_event_delete(&ev);
		if (item == NULL)
			break;
		val_push(list, item);
	}
	val_free(list);
	return NULL;
}

static struct val *
parse_mapping(struct yctx *y)
{
	struct val *map = val_map(), *v;
	struct strmap seen;	/* key → its index + 1: linear, not quadratic */
	yaml_event_t kev, vev;
	uintptr_t first;
	char *key;
	int kline;

	strmap_init(&seen);
	for (;;) {
		if (!next_event(y, &kev))
			break;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			strmap_free(&seen);
			return map;
		}
		if (kev.type != YAML_SCALAR_EVENT) {
			diag_error(y->diag, y->relpath, ev_line(y, &kev),
			    _("a map key must be a plain word, like title:"));
			yaml_event_delete(&kev);
			y->failed = true;
			break;
		}
		kline = ev_line(y, &kev);
		if (!text_check_value((const char *)kev.data.scalar.value,
		    kev.data.scalar.length, y->relpath, kline, y->diag)) {
			yaml_event_delete(&kev);
			y->failed = true;
			break;
		}
		key = xstrndup((const char *)kev.data.scalar.value,
		    kev.data.scalar.length);
		yaml_event_delete(&kev);
		if (yaml_advice_key(y->diag, y->relpath, kline, key)) {
			free(key);
			y->failed = true;
			break;
		}
		if ((first = (uintptr_t)strmap_get(&seen, key)) != 0)
			diag_error(y->diag, y->relpath, kline,
			    _("key '%s' appears twice in the same map (first at "
			    "line %d); keep one"), key, map->key_lines[first - 1]);
		if (!next_event(y, &vev)) {
			free(key);
			break;
		}
		v = parse_node(y, &vev);
		yaml_event_delete(&vev);
		if (v == NULL) {
			free(key);
			break;
		}
		/*
		 * A nested map or list takes the line of its key, so that
		 * "'phone' is missing" points at "office:".
		 */
		if (v->type == VAL_MAP || v->type == VAL_LIST)
			v->line = kline;
		if (first == 0) {
			val_append(map, key, v);
			map->key_lines[map->n - 1] = kline;
			strmap_put(&seen, map->keys[map->n - 1],
			    (void *)(uintptr_t)map->n);
		} else
			val_free(v);
		free(key);
	}
	strmap_free(&seen);
	val_free(map);
	return NULL;
}

/* Parses the node that starts with ev (which the caller deletes). */
static struct val *
parse_node(struct yctx *y, yaml_event_t *ev)
{
	struct val *v;
	int line = ev_line(y, ev);

	if ((ev->type == YAML_SEQUENCE_START_EVENT ||
	    ev->type == YAML_MAPPING_START_EVENT) && y->depth >= YAML_MAX_DEPTH) {
		diag_error(y->diag, y->relpath, line, _("lists and maps nested "
		    "more than %d deep; gongshi's files need a few levels at "
		    "most: check the brackets and the indentation"),
		    YAML_MAX_DEPTH);
		y->failed = true;
		return NULL;
	}
	y->depth++;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = scalar_value(y, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		v = parse_sequence(y);
		break;
	case YAML_MAPPING_START_EVENT:
		v = parse_mapping(y);
		break;
	case YAML_ALIAS_EVENT:
		diag_error(y->diag, y->relpath, line,
		    _("YAML aliases (*name) are not supported; write the value out"));
		y->failed = true;
		v = NULL;
		break;
	default:
		diag_error(y->diag, y->relpath, line, _("unexpected YAML structure"));
		y->failed = true;
		v = NULL;
		break;
	}
	y->depth--;
	if (v != NULL)
		v->line = line;
	return v;
}

static bool
is_utf16(const char *data, size_t len)
{
	return len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
	    (data[0] == '\xFE' && data[1] == '\xFF'));
}

struct val *
yaml_parse(const char *data, size_t len, const char *relpath, int first_line,
    int flags, struct diag *d)
{
	struct yctx y;
	yaml_event_t ev;
	struct val *root = NULL;
	bool done = false;

	/*
	 * Before libyaml: its reader says only "control characters are not
	 * allowed", and never where on the line. A UTF-16 file (its BOM
	 * says so) is libyaml's to decode; its values are checked after.
	 */
	if (!is_utf16(data, len) && !text_check(data, len, relpath,
	    first_line, d))
		return NULL;
	memset(&y, 0, sizeof(y));
	y.relpath = relpath;
	y.line0 = first_line - 1;
	y.flags = flags;
	y.diag = d;
	y.data = data;
	y.len = len;
	yaml_parser_initialize(&y.parser);
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)data, len);
	while (!done && !y.failed && next_event(&y, &ev)) {
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (root != NULL) {
				diag_error(d, relpath, ev_line(&y, &ev),
				    _("a second YAML document; a file holds one"));
				y.failed = true;
				break;
			}
			root = parse_node(&y, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&y.parser);
	if (y.failed) {
		val_free(root);
		return NULL;
	}
	return root != NULL ? root : val_null();
}

/* Length of the line at p, without its line end; *next gets the next line. */
static size_t
line_at(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

	*next = nl ? nl + 1 : end;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

struct val *
yaml_front_matter(const char *data, size_t len, const char *relpath,
    const char **body, int *body_line, struct diag *d)
{
	const char *end = data + len, *p = data, *next, *yaml_start;
	struct val *fm;
	size_t n;
	int line = 1;

	/* The body too: a NUL would cut it short, a control character
	 * would be refused by the writers, far from this file. */
	if (!text_check(data, len, relpath, 1, d))
		return NULL;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	n = line_at(p, end, &next);
	if (n != 3 || memcmp(p, "---", 3) != 0) {
		diag_error(d, relpath, 1, _("no front matter: the file must start "
		    "with a line '---', then title: and date:, then '---'"));
		return NULL;
	}
	yaml_start = p = next;
	line++;
	while (p < end) {
		n = line_at(p, end, &next);
		if (n == 3 && memcmp(p, "---", 3) == 0) {
			fm = yaml_parse(yaml_start, (size_t)(p - yaml_start),
			    relpath, 2, YAML_DEFAULT, d);
			if (fm != NULL && fm->type != VAL_MAP) {
				diag_error(d, relpath, 2, _("front matter must be "
				    "a map of keys, like title: …"));
				val_free(fm);
				return NULL;
			}
			*body = next;
			*body_line = line + 1;
			return fm;
		}
		p = next;
		line++;
	}
	diag_error(d, relpath, 1, _("front matter is not closed: "
	    "add a line '---' after its last key"));
	return NULL;
}
