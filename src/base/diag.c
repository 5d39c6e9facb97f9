#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
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
	}
	free(d->items);
	diag_init(d);
}

static void
diag_vadd(struct diag *d, enum diag_level level, const char *file, int line,
    const char *fmt, va_list ap)
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
	it->msg = buf_detach(&b);
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
	diag_vadd(d, DIAG_ERROR, file, line, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, file, line, fmt, ap);
	va_end(ap);
}

void
diag_system_error(struct diag *d, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, file, 0, fmt, ap);
	va_end(ap);
	d->system++;
}

int
diag_exit_status(const struct diag *d)
{
	if (d->system > 0)
		return EXIT_SYSTEM;
	return d->errors > 0 ? EXIT_CONTENT : 0;
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
diag_print(struct diag *d, FILE *out)
{
	const struct diag_item *it;
	size_t i;

	if (d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), item_cmp);
	for (i = 0; i < d->n; i++) {
		it = &d->items[i];
		if (it->line > 0)
			fprintf(out, "%s:%d: %s: %s\n", it->file, it->line,
			    it->level == DIAG_ERROR ? "error" : "warning", it->msg);
		else
			fprintf(out, "%s: %s: %s\n", it->file,
			    it->level == DIAG_ERROR ? "error" : "warning", it->msg);
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
