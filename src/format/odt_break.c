/*
 * odt_break: where a line of a printed document must not break.
 *
 * LibreOffice breaks Chinese text between any two characters, digits
 * included: measured in its PDFs of the sample, "〔2 / 023〕",
 * "202 / 5年度", "0991-555010 / 0".  A 文秘 sends such a page back: a
 * number, a date, a phone number and a 发文字号 stay on one line.
 * ODF 1.3 has no "do not break" text property that LibreOffice 7.4 honours,
 * but it honours U+2060 WORD JOINER (Unicode line-breaking class WJ: no
 * break on either side), which is invisible and is not written into the
 * PDF's text.  odt_glue() puts one between every two characters of such a
 * run, and nowhere else, so that the text reads the same.
 *
 * Only outside Chinese, though: LibreOffice's Chinese line breaker allows a
 * break anywhere but before 。 or after （, joiners or not, and digits take
 * the document's language (zh).  So each run is also marked (ODT_NB_OPEN …
 * ODT_NB_CLOSE), and the writer sets it in a span of no language (zxx),
 * which LibreOffice breaks by the Unicode rules, joiners honoured
 * (measured with LibreOffice 7.4: "新政办发〔2 / 023〕" without the span,
 * whole with it).  A 发文字号's issuer code (新政办发) joins the run.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/odt.h"

#define WJ	"\xe2\x81\xa0"	/* U+2060 WORD JOINER */
#define MAX_ISSUER	6	/* 新政办发, 新质强办: the code before 〔 */

/* One character of the text: its code point and where it starts. */
struct gc {
	long	cp;
	size_t	off;
};

static bool
digit(long c)
{
	return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

static bool
han(long c)
{
	return c >= 0x4e00 && c <= 0x9fff;
}

/* Joins a number to what follows it: 2025年, 12月, 20日, 45号, 0991-, 3.5, 10%. */
static bool
after_digit(long c)
{
	return digit(c) || c == 0x5e74 /* 年 */ || c == 0x6708 /* 月 */ ||
	    c == 0x65e5 /* 日 */ || c == 0x53f7 /* 号 */ ||
	    c == 0x3015 /* 〕 */ || c == '-' || c == 0xff0d /* － */ ||
	    c == '.' || c == ':' || c == '/' || c == '%';
}

/* Joins what precedes a number to it: 年12, 〔2025, 〕45, -5550100. */
static bool
before_digit(long c)
{
	return digit(c) || c == 0x5e74 || c == 0x6708 || c == 0x3014 /* 〔 */ ||
	    c == 0x3015 || c == '-' || c == 0xff0d || c == '.' || c == ':' ||
	    c == '/';
}

/*
 * Is v[i] the 〔 of a 发文字号 "〔2025〕45号"?  Then the issuer's code
 * before it (新政发) is kept with it too.
 */
static bool
number_bracket(const struct gc *v, size_t n, size_t i)
{
	size_t j = i + 1, k;

	if (v[i].cp != 0x3014)
		return false;
	for (k = 0; j < n && digit(v[j].cp); j++, k++)
		continue;
	if (k != 4 || j >= n || v[j].cp != 0x3015)
		return false;
	for (j++, k = 0; j < n && digit(v[j].cp); j++, k++)
		continue;
	return k > 0 && j < n && v[j].cp == 0x53f7;
}

static size_t
decode_all(const char *s, struct gc *v)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len, off = 0;

	while (p[off] != '\0') {
		len = odt_utf8_decode(p + off, &v[n].cp);
		if (len == 0) {		/* not UTF-8: checked before, but safe */
			v[n].cp = -1;
			len = 1;
		}
		v[n++].off = off;
		off += len;
	}
	return n;
}

/*
 * Every join has a digit on one side of it, or after the 〔 of a 发文字号:
 * text without an ASCII or a full-width digit (U+FF10..U+FF19, EF BC 90..99
 * in UTF-8) stays as it is, and most cells are such (names, regions).
 */
bool
odt_glue_needed(const char *s)
{
	const unsigned char *p;

	for (; (s = strpbrk(s, "0123456789\xef")) != NULL; s++) {
		p = (const unsigned char *)s;
		if (*p != 0xef || (p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99))
			return true;
	}
	return false;
}

/*
 * Writes s into out (5 bytes a character at most: a joiner or a mark
 * before it, one after) with the joiners and marks join[] asks for.
 */
static void
glue_into(const char *s, size_t len, const struct gc *v, const bool *join,
    size_t n, char *out)
{
	char *o = out;
	size_t i, next;

	for (i = 0; i < n; i++) {
		if (join[i]) {
			memcpy(o, WJ, sizeof(WJ) - 1);
			o += sizeof(WJ) - 1;
		} else if (i + 1 < n && join[i + 1])
			*o++ = ODT_NB_OPEN;	/* a run starts */
		next = i + 1 < n ? v[i + 1].off : len;
		memcpy(o, s + v[i].off, next - v[i].off);
		o += next - v[i].off;
		if (join[i] && (i + 1 == n || !join[i + 1]))
			*o++ = ODT_NB_CLOSE;	/* it ends */
	}
	*o = '\0';
}

/* Texts up to this many bytes are glued without allocating for the work. */
#define SHORT_TEXT	128

char *
odt_glue(const char *s)
{
	size_t len = strlen(s), n, i, j, first;
	struct gc short_v[SHORT_TEXT + 1], *v = short_v;
	bool short_join[SHORT_TEXT + 1], *join = short_join;
	char *out;

	if (len > SHORT_TEXT) {
		v = xcalloc(len + 1, sizeof(*v));
		join = xcalloc(len + 1, sizeof(*join));
	}
	n = decode_all(s, v);
	memset(join, 0, (n + 1) * sizeof(*join));
	for (i = 1; i < n; i++) {
		if ((digit(v[i - 1].cp) && after_digit(v[i].cp)) ||
		    (before_digit(v[i - 1].cp) && digit(v[i].cp)))
			join[i] = true;
		if (!number_bracket(v, n, i))
			continue;
		join[i] = true;
		first = i;
		while (first > 0 && i - first < MAX_ISSUER &&
		    han(v[first - 1].cp))
			first--;
		for (j = first + 1; j < i; j++)
			join[j] = true;
	}
	out = xmalloc(5 * len + 1);
	glue_into(s, len, v, join, n, out);
	if (v != short_v) {
		free(v);
		free(join);
	}
	return out;
}
