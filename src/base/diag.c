#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/i18n.h"
#include "base/util.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
		free(d->items[i].article);
	}
	free(d->items);
	diag_init(d);
}

static void
diag_vadd(struct diag *d, enum diag_level level, const char *file, int line,
    int column, const char *fmt, va_list ap)
{
	struct diag_item *it;
	struct buf b;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xreallocarray(d->items, d->cap, sizeof(*d->items));
	}
	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	it = &d->items[d->n];
	it->level = level;
	it->file = xstrdup(file != NULL ? file : "");
	it->line = line;
	it->column = column > 0 ? column : 0;
	it->msg = buf_detach(&b);
	it->article = diag_article(it->msg);
	it->seq = d->n++;
	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void
diag_error(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, file, line, 0, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, file, line, 0, fmt, ap);
	va_end(ap);
}

void
diag_system_error(struct diag *d, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, file, 0, 0, fmt, ap);
	va_end(ap);
	d->system++;
}

void
diag_append(struct diag *d, struct diag *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->items = xreallocarray(d->items, d->cap,
			    sizeof(*d->items));
		}
		d->items[d->n] = from->items[i];
		d->items[d->n].seq = d->n;
		d->n++;
	}
	d->errors += from->errors;
	d->warnings += from->warnings;
	d->system += from->system;
	free(from->items);
	diag_init(from);
}

void
diag_append_copies(struct diag *d, const struct diag *from, size_t start,
    size_t end)
{
	const struct diag_item *it;
	struct diag_item *to;
	size_t i;

	for (i = start; i < end && i < from->n; i++) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->items = xreallocarray(d->items, d->cap,
			    sizeof(*d->items));
		}
		it = &from->items[i];
		to = &d->items[d->n];
		*to = *it;
		to->file = xstrdup(it->file);
		to->msg = xstrdup(it->msg);
		to->article = it->article != NULL ? xstrdup(it->article) : NULL;
		to->seq = d->n++;
		if (it->level == DIAG_ERROR)
			d->errors++;
		else
			d->warnings++;
	}
}

int
diag_exit_status(const struct diag *d)
{
	if (d->system > 0)
		return EXIT_SYSTEM;
	return d->errors > 0 ? EXIT_CONTENT : 0;
}

void
diag_error_at(struct diag *d, const char *file, int line, int column,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, file, line, column, fmt, ap);
	va_end(ap);
}

void
diag_warning_at(struct diag *d, const char *file, int line, int column,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, file, line, column, fmt, ap);
	va_end(ap);
}

/*
 * "一" … "九十九" (the articles and paragraphs of the Measures), or
 * Arabic digits; 0 if none.
 */
static int
cn_number(const char **sp)
{
	static const char *const digit[] = {
		"一", "二", "三", "四", "五", "六", "七", "八", "九"
	};
	const char *s = *sp;
	char *end;
	int n = 0, cur = 0, i;
	bool any = false;

	if (*s >= '1' && *s <= '9') {
		n = (int)strtol(s, &end, 10);
		*sp = end;
		return n;
	}
	for (;;) {
		for (i = 0; i < 9; i++)
			if (str_has_prefix(s, digit[i]))
				break;
		if (i < 9) {
			cur = i + 1;
			s += strlen(digit[i]);
		} else if (str_has_prefix(s, "十")) {
			n += (cur == 0 ? 1 : cur) * 10;
			cur = 0;
			s += strlen("十");
		} else
			break;
		any = true;
	}
	if (!any)
		return 0;
	*sp = s;
	return n + cur;
}

/* "第十一条第（四）项", "第十一条（四）", "第十一条第四款" → 11, 4. */
static bool
article_zh(const char *s, int *art, int *par)
{
	const char *p;

	*par = 0;
	if ((p = strstr(s, "第")) == NULL)
		return false;
	for (; p != NULL; p = strstr(p + 1, "第")) {
		s = p + strlen("第");
		if ((*art = cn_number(&s)) == 0 || !str_has_prefix(s, "条"))
			continue;
		s += strlen("条");
		if (str_has_prefix(s, "第"))
			s += strlen("第");
		if (str_has_prefix(s, "（")) {
			s += strlen("（");
			*par = cn_number(&s);
		} else
			*par = cn_number(&s);
		return true;
	}
	return false;
}

/* "art. 11(4)", "art. 13" → 11, 4 / 13, 0. */
static bool
article_en(const char *s, int *art, int *par)
{
	const char *p;
	char *end;

	*par = 0;
	for (p = strstr(s, "art. "); p != NULL; p = strstr(p + 1, "art. ")) {
		if (p[5] < '1' || p[5] > '9')
			continue;
		*art = (int)strtol(p + 5, &end, 10);
		if (*end == '(' && end[1] >= '1' && end[1] <= '9')
			*par = (int)strtol(end + 1, NULL, 10);
		return true;
	}
	return false;
}

char *
diag_article(const char *msg)
{
	int art, par;

	if (!article_en(msg, &art, &par) && !article_zh(msg, &art, &par))
		return NULL;
	return par > 0 ? xasprintf("%d(%d)", art, par) : xasprintf("%d", art);
}

size_t
diag_errors_in(const struct diag *d, const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->items[i].level == DIAG_ERROR &&
		    str_has_prefix(d->items[i].file, prefix))
			n++;
	return n;
}

static bool
reported_before(const struct diag *d, size_t from, const struct diag_item *it)
{
	size_t i;

	for (i = 0; i < from; i++)
		if (d->items[i].line == it->line &&
		    strcmp(d->items[i].file, it->file) == 0)
			return true;
	return false;
}

void
diag_drop_repeats(struct diag *d, size_t from)
{
	struct diag_item *it;
	size_t i, k = from;

	for (i = from; i < d->n; i++) {
		it = &d->items[i];
		if (it->line > 0 && reported_before(d, from, it)) {
			if (it->level == DIAG_ERROR)
				d->errors--;
			else
				d->warnings--;
			free(it->file);
			free(it->msg);
			free(it->article);
			continue;
		}
		d->items[k++] = *it;
	}
	d->n = k;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct diag_item *x = a, *y = b;
	int c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_sort(struct diag *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), item_cmp);
}

void
diag_print(struct diag *d, FILE *out)
{
	const struct diag_item *it;
	const char *level;
	size_t i;

	diag_sort(d);
	for (i = 0; i < d->n; i++) {
		it = &d->items[i];
		/* TRANSLATORS: the word before a problem, "FILE:LINE: error: …" */
		level = it->level == DIAG_ERROR ? _("error") :
		    /* TRANSLATORS: "FILE:LINE: warning: …" */
		    _("warning");
		if (it->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", it->file, it->line,
			    level, it->msg);
		else
			fprintf(out, "%s: %s: %s\n", it->file, level, it->msg);
	}
}

bool
diag_has(const struct diag *d, const char *file, int line, const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if ((file == NULL || strcmp(d->items[i].file, file) == 0) &&
		    (line < 0 || d->items[i].line == line) &&
		    (needle == NULL || strstr(d->items[i].msg, needle) != NULL))
			return true;
	return false;
}

static json_t *
int_or_null(int n)
{
	return n > 0 ? json_integer(n) : json_null();
}

json_t *
diag_json(struct diag *d)
{
	const struct diag_item *it;
	json_t *a = json_array();
	size_t i;

	diag_sort(d);
	for (i = 0; i < d->n; i++) {
		it = &d->items[i];
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:s, s:o, s:s}",
		    "file", it->file, "line", int_or_null(it->line),
		    "column", int_or_null(it->column),
		    "severity", it->level == DIAG_ERROR ? "error" : "warning",
		    "article", it->article != NULL ? json_string(it->article) :
		    json_null(), "message", it->msg));
	}
	return a;
}
