#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "load/text.h"

void
text_describe(struct buf *b, uint32_t cp)
{
	if (cp == UTF8_INVALID)
		buf_puts(b, _("bytes that are not UTF-8"));
	else if (cp == 0)
		buf_puts(b, _("a NUL byte"));
	else if (cp == '\r')
		buf_puts(b, _("a carriage return (CR) that does not end a line"));
	else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		buf_printf(b, _("the control character U+%04X"), (unsigned)cp);
	else if (cp >= 0xD800 && cp <= 0xDFFF)
		buf_printf(b, _("the lone surrogate U+%04X"), (unsigned)cp);
	else
		buf_printf(b, _("the non-character U+%04X"), (unsigned)cp);
}

/* Characters (not bytes) from s to p, plus one: the column of p. */
static size_t
column_of(const char *s, const char *p)
{
	size_t col = 1;

	for (; s < p; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			col++;
	return col;
}

static void
report(const char *file, int line, size_t col, uint32_t cp, struct diag *d)
{
	struct buf what;

	buf_init(&what);
	text_describe(&what, cp);
	if (cp == UTF8_INVALID)
		diag_error(d, file, line, _("%s at column %zu; save the file as "
		    "UTF-8"), buf_cstr(&what), col);
	else
		diag_error(d, file, line, _("%s at column %zu; such characters "
		    "cannot appear in the published documents: delete it"),
		    buf_cstr(&what), col);
	buf_free(&what);
}

bool
text_check(const char *data, size_t len, const char *file, int first_line,
    struct diag *d)
{
	const char *p = data, *end = data + len, *line_start = data, *nl;
	size_t off, reported = 0;
	int line = first_line;
	uint32_t cp;

	while (p < end) {
		off = utf8_find_bad(p, (size_t)(end - p), &cp);
		if (off == (size_t)(end - p))
			break;
		p += off;
		/* A CR before LF ends a line (CRLF): not a problem. */
		if (cp == '\r' && p + 1 < end && p[1] == '\n') {
			p++;
			continue;
		}
		for (; (nl = memchr(line_start, '\n', (size_t)(p - line_start)))
		    != NULL; line++)
			line_start = nl + 1;
		if (++reported <= TEXT_MAX_REPORTS)
			report(file, line, column_of(line_start, p), cp, d);
		/* One report per line: go on from the next. */
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p = nl;
	}
	if (reported > TEXT_MAX_REPORTS)
		diag_error(d, file, 0, _("%zu more lines hold characters that "
		    "cannot appear in the published documents; is this the "
		    "right file?"), reported - TEXT_MAX_REPORTS);
	return reported == 0;
}

bool
text_check_value(const char *s, size_t len, const char *file, int line,
    struct diag *d)
{
	struct buf what;
	uint32_t cp;

	if (utf8_find_bad(s, len, &cp) == len)
		return true;
	buf_init(&what);
	text_describe(&what, cp);
	diag_error(d, file, line, _("the value holds %s (an escape such as "
	    "\\0 or \\uFFFE in quotes makes one); such characters cannot "
	    "appear in the published documents: remove it"), buf_cstr(&what));
	buf_free(&what);
	return false;
}
