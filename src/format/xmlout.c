/*
 * xmlout: XML straight into a buffer, byte for byte as libxml2's
 * xmlTextWriter would write it (see xmlout.h).
 *
 * The escapes are libxml2's: element content goes through
 * xmlEncodeSpecialChars (& < > " and CR), attribute values through
 * xmlBufAttrSerializeTxtContent of a document whose encoding is UTF-8
 * (the same, and TAB and LF, as character references so that a parser
 * gives them back rather than normalising them to spaces).
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/xmlout.h"

#define XML_DECL	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/*
 * The bytes that need an escape: TEXT in element content and attribute
 * values, ATTR in attribute values only.
 */
enum { SAFE, TEXT, ATTR };

static const unsigned char need[256] = {
	['&'] = TEXT, ['<'] = TEXT, ['>'] = TEXT, ['"'] = TEXT,
	['\r'] = TEXT, ['\n'] = ATTR, ['\t'] = ATTR
};

static const char *
escape_of(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\r':
		return "&#13;";
	case '\n':
		return "&#10;";
	default:
		return "&#9;";
	}
}

/*
 * buf_add() without the call when the bytes fit: most pieces of markup are
 * a few bytes, and a 20,000-row table has a million of them.
 */
static inline void
append(struct buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		buf_add(b, s, n);
}

/* One scan: each run of safe bytes is copied at once. */
static void
escape(struct buf *b, const char *s, size_t len, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char max = attr ? ATTR : TEXT;
	const char *e;
	size_t i = 0, from;

	while (i < len) {
		for (from = i; i < len; i++)
			if (need[p[i]] != SAFE && need[p[i]] <= max)
				break;
		if (i > from)
			append(b, s + from, i - from);
		if (i < len) {
			e = escape_of(p[i++]);
			append(b, e, strlen(e));
		}
	}
}

void
xo_escape_text(struct buf *b, const char *s, size_t len)
{
	escape(b, s, len, false);
}

void
xo_escape_attr(struct buf *b, const char *s, size_t len)
{
	escape(b, s, len, true);
}

static void
close_tag(struct xmlout *x)
{
	if (x->in_tag) {
		append(x->out, ">", 1);
		x->in_tag = false;
	}
}

void
xo_begin(struct xmlout *x, struct buf *out)
{
	memset(x, 0, sizeof(*x));
	x->out = out;
	buf_add(out, XML_DECL, sizeof(XML_DECL) - 1);
}

void
xo_finish(struct xmlout *x)
{
	while (x->depth > 0)
		xo_end(x);
	buf_add(x->out, "\n", 1);
	free(x->open);
	x->open = NULL;
	x->cap = 0;
}

void
xo_start_with(struct xmlout *x, const char *name, const char *attrs)
{
	close_tag(x);
	if (x->depth == x->cap) {
		x->cap = x->cap == 0 ? 16 : x->cap * 2;
		x->open = xreallocarray(x->open, x->cap, sizeof(*x->open));
	}
	x->open[x->depth++] = name;
	append(x->out, "<", 1);
	append(x->out, name, strlen(name));
	append(x->out, attrs, strlen(attrs));
	x->in_tag = true;
}

void
xo_start(struct xmlout *x, const char *name)
{
	xo_start_with(x, name, "");
}

void
xo_attr(struct xmlout *x, const char *name, const char *value)
{
	append(x->out, " ", 1);
	append(x->out, name, strlen(name));
	append(x->out, "=\"", 2);
	escape(x->out, value, strlen(value), true);
	append(x->out, "\"", 1);
}

void
xo_end(struct xmlout *x)
{
	const char *name;

	if (x->depth == 0)
		return;
	name = x->open[--x->depth];
	if (x->in_tag) {
		append(x->out, "/>", 2);
		x->in_tag = false;
		return;
	}
	append(x->out, "</", 2);
	append(x->out, name, strlen(name));
	append(x->out, ">", 1);
}

void
xo_text(struct xmlout *x, const char *s, size_t len)
{
	close_tag(x);
	escape(x->out, s, len, false);
}

void
xo_raw(struct xmlout *x, const char *s, size_t len)
{
	close_tag(x);
	append(x->out, s, len);
}
