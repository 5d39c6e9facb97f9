#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "format/escape.h"

/*
 * The bytes each escaper must look at: ML_STOP for HTML and XML (the
 * markup characters, the forbidden controls, C2 that may start a C1
 * control), MD_STOP for Markdown (the forbidden ones again, spaces and
 * line breaks, and every character md_special knows). Every other byte
 * is copied as it is, in runs: most of what the records hold (Chinese,
 * digits, letters) is such runs.
 */
enum { ML_STOP = 1, MD_STOP = 2 };

static const unsigned char stops[256] = {
	/*         0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f */
	/* 0x */ 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 2, 3, 3,
	/* 1x */ 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	/* 2x */ 2, 2, 1, 2, 0, 0, 3, 1, 0, 2, 2, 2, 0, 2, 2, 0,
	/* 3x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 3, 0,
	/* 4x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 5x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 2,
	/* 6x */ 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 7x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 3,
	/* 8x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* 9x */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* ax */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* bx */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* cx */ 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* dx */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* ex */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/* fx */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

#define EVERY_BYTE(b)	((uint64_t)(b) * 0x0101010101010101ULL)

/*
 * Whether each of the eight bytes of w is plain to every escaper: 0x80 or
 * above, and not C2 (the bytes of Chinese text: 80-BF, and leads E2-EF
 * before them; a list's names go eight bytes a test). The test for a C2
 * is the exact one for a zero byte, of w ^ C2…C2.
 */
static bool
all_high_plain(uint64_t w)
{
	uint64_t c2 = w ^ EVERY_BYTE(0xc2);

	/* no high bit clear in w, none set by the zero test: one branch */
	return ((~w | ((c2 - EVERY_BYTE(0x01)) & ~c2)) & EVERY_BYTE(0x80)) == 0;
}

/* The first byte from i on that the escaper of mask must look at, or n. */
static size_t
skip_plain(const char *s, size_t i, size_t n, unsigned char mask)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, sizeof(w));
		if (!all_high_plain(w))
			goto bytes;
	}
	/* fewer than eight left: the last eight bytes, when there are so many */
	if (i < n && n >= 8) {
		memcpy(&w, p + n - 8, sizeof(w));
		if (all_high_plain(w))
			return n;
	}
bytes:
	/* Four at a time: the loop's own test is a good part of its cost. */
	for (; i + 4 <= n; i += 4) {
		if (stops[p[i]] & mask)
			return i;
		if (stops[p[i + 1]] & mask)
			return i + 1;
		if (stops[p[i + 2]] & mask)
			return i + 2;
		if (stops[p[i + 3]] & mask)
			return i + 3;
	}
	while (i < n && !(stops[p[i]] & mask))
		i++;
	return i;
}

/*
 * Length of a character no output may carry at s (see escape.h), or 0.
 * U+0080–U+009F are the two bytes C2 80 … C2 9F in UTF-8.
 */
static size_t
forbidden_len(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];

	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	if (c == 0xc2 && left > 1 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}

/* Escapes the five markup characters with the given apostrophe entity. */
static void
escape_ml(struct buf *b, const char *s, size_t n, const char *apos)
{
	size_t i, run = 0, skip = 0;
	const char *rep;

	for (i = 0; (i = skip_plain(s, i, n, ML_STOP)) < n; i++) {
		switch (s[i]) {
		case '&':  rep = "&amp;"; break;
		case '<':  rep = "&lt;"; break;
		case '>':  rep = "&gt;"; break;
		case '"':  rep = "&quot;"; break;
		case '\'': rep = apos; break;
		default:   rep = NULL; break;
		}
		/* A C2 that starts no C1 control is the first byte of other text. */
		if (rep == NULL && (skip = forbidden_len(s + i, n - i)) == 0)
			continue;
		buf_add(b, s + run, i - run);
		if (rep != NULL)
			buf_puts(b, rep);
		else
			i += skip - 1;
		run = i + 1;
	}
	buf_add(b, s + run, n - run);
}

void
escape_html(struct buf *b, const char *s, size_t n)
{
	escape_ml(b, s, n, "&#39;");
}

void
escape_xml(struct buf *b, const char *s, size_t n)
{
	escape_ml(b, s, n, "&apos;");
}

static int
is_md_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Whether s[i] needs a backslash. The characters that start markup
 * anywhere in a line always do; - + = only where a line starts (a list
 * item, a thematic break, a setext underline); . and ) only after the
 * digits of an ordered list marker at a line start. The others (, : ; ?
 * / % @ ' " $ ^ ( ) start nothing in CommonMark and stay as typed, so that
 * dates, phone numbers and certificate numbers read well in the .md.
 */
static bool
md_special(const char *s, size_t i, size_t first, bool line_start)
{
	size_t k;

	switch (s[i]) {
	case '\\': case '`': case '*': case '_': case '{': case '}':
	case '[': case ']': case '<': case '>': case '#': case '|':
	case '~': case '&': case '!':
		return true;
	case '-': case '+': case '=':
		return line_start && i == first;
	case '.': case ')':
		if (!line_start || i == first || i - first > 9)
			return false;
		for (k = first; k < i; k++)
			if (s[k] < '0' || s[k] > '9')
				return false;
		return true;
	default:
		return false;
	}
}

void
escape_markdown_text(struct buf *b, const char *s, size_t n)
{
	escape_markdown_span(b, s, n, true, true);
}

/*
 * One pass: bytes that need nothing (a space inside the text among them)
 * stay in the run copied at once; a backslash goes before a special
 * character, which then starts the next run; a line break, a tab, a
 * space at either end and a forbidden character end the run and are
 * written (or dropped) on their own.
 */
void
escape_markdown_span(struct buf *b, const char *s, size_t n,
    bool at_line_start, bool at_line_end)
{
	size_t i, run, first, last, skip;
	unsigned char c;
	bool edge;

	/* Spaces before first lead, from last on trail (all of them may do both). */
	for (first = 0; first < n && is_md_space((unsigned char)s[first]); first++)
		continue;
	for (last = n; last > 0 && is_md_space((unsigned char)s[last - 1]); last--)
		continue;
	for (i = run = 0; (i = skip_plain(s, i, n, MD_STOP)) < n; i++) {
		c = (unsigned char)s[i];
		if (is_md_space(c)) {
			edge = (i < first && at_line_start) ||
			    (i >= last && at_line_end);
			if (c == ' ' && !edge)
				continue;
			buf_add(b, s + run, i - run);
			/* CR LF is one line break, hence one space. */
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				edge = (++i < first && at_line_start) ||
				    (i >= last && at_line_end);
			if (edge)
				buf_add(b, "&#32;", 5);
			else
				buf_putc(b, ' ');
			run = i + 1;
		} else if (md_special(s, i, first, at_line_start)) {
			buf_add(b, s + run, i - run);
			buf_putc(b, '\\');
			run = i;
		} else if ((skip = forbidden_len(s + i, n - i)) > 0) {
			buf_add(b, s + run, i - run);
			i += skip - 1;
			run = i + 1;
		}
	}
	buf_add(b, s + run, n - run);
}

void
escape_html_fn(struct buf *b, const char *s, size_t n, void *arg)
{
	(void)arg;
	escape_html(b, s, n);
}

void
escape_xml_fn(struct buf *b, const char *s, size_t n, void *arg)
{
	(void)arg;
	escape_xml(b, s, n);
}

void
escape_markdown_fn(struct buf *b, const char *s, size_t n, void *arg)
{
	(void)arg;
	escape_markdown_text(b, s, n);
}

bool
url_is_safe(const char *url)
{
	const char *p;

	/*
	 * Browsers drop tabs and line breaks inside a URL and strip leading
	 * controls and spaces, so "java\tscript:" is javascript:. Refuse any
	 * control character, and a leading space, before reading the scheme.
	 */
	if (*url == ' ')
		return false;
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	/* A scheme is what comes before the first ':' not after / ? # (RFC 3986). */
	for (p = url; *p != '\0' && strchr("/?#:", *p) == NULL; p++)
		continue;
	if (*p != ':')
		return strncmp(url, "//", 2) != 0;
	return (p - url == 4 && strncasecmp(url, "http", 4) == 0) ||
	    (p - url == 5 && strncasecmp(url, "https", 5) == 0) ||
	    (p - url == 6 && strncasecmp(url, "mailto", 6) == 0);
}

void
escape_href(struct buf *b, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)url; *p != '\0'; p++) {
		if (*p == '&')
			buf_puts(b, "&amp;");
		else if (*p == '\'')
			buf_puts(b, "&#39;");
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~!*(),%#@?=;:/+$", *p) != NULL)
			buf_putc(b, *p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}
