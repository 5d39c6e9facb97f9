#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/buf.h"
#include "base/i18n.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"
#include "load/csv.h"
#include "load/text.h"

/* ---- encoding ----------------------------------------------------------- */

/*
 * Bytes from s[0..n) on that are ASCII or three-byte characters led by
 * E1-EC or EE-EF (the most of a register: Chinese), told sixteen at a
 * time where SSE2 is: each such lead wants continuation bytes at the next
 * two places, and every continuation byte must be wanted. Stops at the
 * start of a character it does not tell, for utf8_prefix() to decode.
 */
static size_t
simple_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i flip = _mm_set1_epi8((char)0x80);
	unsigned high, cont, lead, want, carry = 0;
	__m128i v, x, m;

	for (; n - i >= 16; i += 16, carry = want >> 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* Unsigned order as signed: 80-BF are 0-3F, E1-EF 61-6F. */
		x = _mm_xor_si128(v, flip);
		high = (unsigned)_mm_movemask_epi8(v);
		cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x,
		    _mm_set1_epi8(0x40))) & high;
		m = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x60)),
		    _mm_cmplt_epi8(x, _mm_set1_epi8(0x70)));
		m = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)),
		    m);
		lead = (unsigned)_mm_movemask_epi8(m);
		want = lead << 1 | lead << 2 | carry;
		if (((~high & 0xFFFF) | cont | lead) != 0xFFFF ||
		    cont != (want & 0xFFFF))
			break;
	}
	/* A lead in the last block told waits for what follows: back to it. */
	if (carry == 3)
		i -= 1;
	else if (carry == 1)
		i -= 2;
#else
	(void)s;
	(void)n;
#endif
	return i;
}

/* Length of the well-formed UTF-8 prefix of s[0..n) (base/utf8.h). */
static size_t
utf8_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0, k, stop;
	uint32_t cp;

	while (i < n) {
		i += simple_run(s + i, n - i);
		/* The next sixteen bytes or more one character at a time. */
		for (stop = n - i > 16 ? i + 16 : n; i < stop; i += k) {
			if (s[i] < 0x80)
				k = 1;
			else if (s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
			    n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
			    (s[i + 2] & 0xC0) == 0x80)
				k = 3;
			else if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
				return i;
		}
	}
	return n;
}

/* Number of UTF-8 characters in s[0..n) after its last line feed. */
static size_t
chars_on_last_line(const char *s, size_t n)
{
	size_t start = n, count = 0, i;

	while (start > 0 && s[start - 1] != '\n')
		start--;
	for (i = start; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* Physical line of s[pos]: GB18030 never uses 0x0A inside a character. */
static int
line_of(const char *s, size_t pos)
{
	const char *p = s, *end = s + pos, *nl;
	int line = 1;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p = nl + 1;
	}
	return line;
}

/*
 * Converts GB18030 to UTF-8 into a new string (*out, *out_len). When a
 * byte is not GB18030, returns false with *bad its offset and *out_len
 * the length converted before it.
 */
static bool
gb18030_to_utf8(iconv_t cd, const char *in, size_t len, char **out,
    size_t *out_len, size_t *bad)
{
	char *ip = (char *)in, *op, *res;
	size_t il = len, ol, cap, done;

	/* Two GB18030 bytes make at most three UTF-8 bytes. */
	cap = len + len / 2 + 16;
	res = xmalloc(cap);
	op = res;
	ol = cap - 1;
	while (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno != E2BIG) {		/* EILSEQ, or EINVAL at the end */
			*bad = (size_t)(ip - in);
			*out_len = (size_t)(op - res);
			*out = res;
			return false;
		}
		done = (size_t)(op - res);
		cap *= 2;
		res = xrealloc(res, cap);
		op = res + done;
		ol = cap - 1 - done;
	}
	*op = '\0';
	*out_len = (size_t)(op - res);
	*out = res;
	return true;
}

static void
report_bad_byte(const char *text, size_t pos, size_t column,
    const char *relpath, struct diag *d)
{
	diag_error(d, relpath, line_of(text, pos),
	    _("bytes that are neither UTF-8 nor GB18030 (0x%02X at column %zu); "
	    "save the file as UTF-8"), (unsigned char)text[pos], column);
}

/*
 * Sets *text to the file's characters in UTF-8: data itself after a BOM,
 * or a GB18030 conversion that the caller frees (*conv). Returns false,
 * reported, when the bytes are neither.
 */
static bool
decode(const char *data, size_t len, const char *relpath, struct diag *d,
    const char **text, size_t *text_len, char **conv, bool *was_gb18030)
{
	bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
	size_t u, g, out_len;
	iconv_t cd;
	char *out;
	bool ok;

	*conv = NULL;
	*was_gb18030 = false;
	if (bom) {
		data += 3;
		len -= 3;
	}
	u = utf8_prefix((const unsigned char *)data, len);
	if (u == len) {
		*text = data;
		*text_len = len;
		return true;
	}
	if (bom) {
		/* The BOM says UTF-8: reading GB18030 would garble it. */
		report_bad_byte(data, u, chars_on_last_line(data, u) + 1,
		    relpath, d);
		return false;
	}
	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		diag_error(d, relpath, line_of(data, u), _("the file is not "
		    "UTF-8, and this system cannot convert from GB18030 "
		    "(iconv: %s); save the file as UTF-8"), strerror(errno));
		return false;
	}
	ok = gb18030_to_utf8(cd, data, len, &out, &out_len, &g);
	iconv_close(cd);
	if (!ok) {
		/*
		 * The decoding that got farther is the file's encoding:
		 * the other one failed on a character that is fine.
		 */
		if (g >= u)
			report_bad_byte(data, g,
			    chars_on_last_line(out, out_len) + 1, relpath, d);
		else
			report_bad_byte(data, u,
			    chars_on_last_line(data, u) + 1, relpath, d);
		free(out);
		return false;
	}
	/* GB18030 has a BOM of its own (84 31 95 33), now U+FEFF. */
	*text = out;
	*text_len = out_len;
	if (out_len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
		*text += 3;
		*text_len -= 3;
	}
	*conv = out;
	*was_gb18030 = true;
	return true;
}

/* ---- records ------------------------------------------------------------ */

struct parser {
	const char	 *p, *end;
	int		  line;		/* physical line of *p */
	const char	 *relpath;
	struct diag	 *diag;
	const struct csv *csv;		/* its header, once read */
	/*
	 * The record being read: n fields, each a span of the text where
	 * it can be (an unquoted field, a quoted one without "" in it), so
	 * that its bytes are copied once, by whoever keeps them. A field
	 * whose quotes had to be undone is put together in rec, at offs[i]
	 * (f[i].s NULL until the record is done: rec moves as it grows).
	 */
	struct csv_field *f;
	size_t		 *offs;
	size_t		  n, cap;
	struct buf	  rec;
	int		  rec_line;	/* where the record started */
	/* Where kept records go as they are read (csv_parse_each). */
	csv_each_fn	  each;
	void		 *each_arg;
	/*
	 * Reading a file in halves (csv_parse_halves): the first half stops
	 * at the record boundary stop, where the second half starts; once
	 * it is past stop without having stopped there, it tells the
	 * second half (abandon) that its work is for nothing.
	 */
	const char	 *stop;
	atomic_bool	 *abandon;
	bool		  second;	/* this is the second half: watch abandon */
	bool		  bad;		/* reported: drop the record */
	bool		  unclosed;	/* a quote runs to the end of the file */
	bool		  one_column;	/* read whole by read_preamble() */
};

/*
 * Bytes that stop the fast scan of a field: the syntax, control
 * characters, and the lead bytes of the characters that are not allowed
 * (C1 controls after C2, U+FDD0… and U+FFFE after EF, the noncharacters
 * of the other planes after F0–F4). skip_plain() tells the same bytes
 * sixteen at a time.
 */
static const unsigned char special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 1x */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,	/* 2x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 3x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 4x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 5x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 6x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,	/* 7x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 8x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 9x */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* Ax */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* Bx */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* Cx */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* Dx */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,	/* Ex */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* Fx */
};

#ifdef __SSE2__
/* Which of the sixteen bytes from p special[] flags, one bit each. */
static unsigned
special_mask(const char *p)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* Unsigned order as signed: c < 0x20, c >= 0xF0. */
	const __m128i x = _mm_xor_si128(v, _mm_set1_epi8((char)0x80));
	__m128i m;

	m = _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8((char)(0x20 ^ 0x80))),
	    _mm_cmpgt_epi8(x, _mm_set1_epi8((char)(0xEF ^ 0x80))));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/*
 * The first byte at or after p that special[] flags, or end: the span of
 * a field's plain text, told sixteen bytes at a time where SSE2 is (every
 * x86-64), else byte by byte.
 */
static const char *
skip_plain(const char *p, const char *end)
{
#ifdef __SSE2__
	unsigned bits;

	for (; end - p >= 16; p += 16)
		if ((bits = special_mask(p)) != 0)
			return p + __builtin_ctz(bits);
#endif
	while (p < end && !special[(unsigned char)*p])
		p++;
	return p;
}

static bool
crlf_at(const char *p, const char *end)
{
	return end - p >= 2 && p[0] == '\r' && p[1] == '\n';
}

/*
 * The character at p, which is not ASCII or a control, when it may not
 * appear in a document (C1 controls, noncharacters; the text is
 * well-formed UTF-8 by now); else 0.
 */
static uint32_t
bad_multibyte(const char *p, const char *end)
{
	uint32_t cp;

	if (utf8_decode((const unsigned char *)p, (size_t)(end - p), &cp) == 0 ||
	    utf8_char_ok(cp))
		return 0;
	return cp;
}

/* Reports the character cp that XML cannot carry (once a record). */
static void
bad_char(struct parser *ps, uint32_t cp)
{
	struct buf what;
	size_t col = ps->n - 1;		/* the field being read */

	if (ps->bad)
		return;
	ps->bad = true;
	buf_init(&what);
	text_describe(&what, cp);
	if (ps->csv != NULL && col < ps->csv->n_cols)
		diag_error(ps->diag, ps->relpath, ps->line, _("%s in column %zu "
		    "(%s); such characters cannot appear in the published "
		    "documents: delete it (this row is skipped)"),
		    buf_cstr(&what), col + 1, ps->csv->header[col]);
	else if (ps->csv != NULL)
		diag_error(ps->diag, ps->relpath, ps->line, _("%s in column %zu; "
		    "such characters cannot appear in the published documents: "
		    "delete it (this row is skipped)"), buf_cstr(&what), col + 1);
	else
		diag_error(ps->diag, ps->relpath, ps->line, _("%s in column %zu "
		    "of the header; such characters cannot appear in the "
		    "published documents: delete it"), buf_cstr(&what), col + 1);
	buf_free(&what);
}

/* Checks the special byte c at p, which is not syntax. */
static void
check_special(struct parser *ps, const char *p, unsigned char c, bool cr_ok)
{
	uint32_t cp;

	if (c < 0x20 || c == 0x7F) {
		if (c != '\t' && !(cr_ok && c == '\r'))
			bad_char(ps, c);	/* a lone CR too */
	} else if ((cp = bad_multibyte(p, ps->end)) != 0)
		bad_char(ps, cp);
}

/* Ends an unquoted field (or its rest) at a comma or line end. */
static const char *
skip_unquoted(struct parser *ps)
{
	const char *p = ps->p, *end = ps->end;
	unsigned char c;

	for (;;) {
		if ((p = skip_plain(p, end)) == end)
			break;
		c = (unsigned char)*p;
		if (c == ',' || c == '\n' || (c == '\r' && crlf_at(p, end)))
			break;
		if (c != '"')
			check_special(ps, p, c, false);
		p++;
	}
	return p;
}

/* A new field, the text from s on. */
static struct csv_field *
new_field(struct parser *ps, const char *s)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->f = xreallocarray(ps->f, ps->cap, sizeof(*ps->f));
		ps->offs = xreallocarray(ps->offs, ps->cap, sizeof(*ps->offs));
	}
	ps->f[ps->n].s = s;
	ps->f[ps->n].len = 0;
	return &ps->f[ps->n++];
}

/* Makes the field f one put together in rec, from what it holds so far. */
static void
to_rec(struct parser *ps, struct csv_field *f)
{
	if (f->s == NULL)
		return;
	ps->offs[f - ps->f] = ps->rec.len;
	buf_add(&ps->rec, f->s, f->len);
	f->s = NULL;
}

/* Adds s[0..len) to the field f, which is in rec or ends at s. */
static void
field_add(struct parser *ps, struct csv_field *f, const char *s, size_t len)
{
	if (f->s != NULL && f->s + f->len == s) {
		f->len += len;
		return;
	}
	to_rec(ps, f);
	buf_add(&ps->rec, s, len);
	f->len += len;
}

static void
unquoted(struct parser *ps, struct csv_field *f)
{
	const char *start = ps->p;

	ps->p = skip_unquoted(ps);
	field_add(ps, f, start, (size_t)(ps->p - start));
}

/*
 * Reads a quoted field, ps->p just after its opening quote. Returns false
 * when the closing quote is missing (reported).
 */
static bool
quoted(struct parser *ps, struct csv_field *f)
{
	const char *start = ps->p, *p = ps->p, *end = ps->end;
	int open_line = ps->line;
	unsigned char c;

	f->s = start;
	for (;;) {
		if ((p = skip_plain(p, end)) == end) {
			diag_error(ps->diag, ps->relpath, open_line,
			    _("a quoted field starts here but its closing quote "
			    "is missing, so the rest of the file would be one "
			    "value; add the closing \" (a quote inside a quoted "
			    "value is written twice: \"\")"));
			ps->unclosed = true;
			ps->p = p;
			return false;
		}
		c = (unsigned char)*p;
		if (c == '"') {
			if (end - p >= 2 && p[1] == '"') {
				/* "" is one quote: the field is put together. */
				field_add(ps, f, start, (size_t)(p + 1 - start));
				to_rec(ps, f);
				p += 2;
				start = p;
				continue;
			}
			field_add(ps, f, start, (size_t)(p - start));
			p++;
			break;
		}
		if (c == '\n')
			ps->line++;
		else if (c != ',')
			check_special(ps, p, c, true);
		p++;
	}
	ps->p = p;
	if (p < end && *p != ',' && *p != '\n' && !crlf_at(p, end)) {
		if (!ps->bad && ps->csv != NULL)
			diag_error(ps->diag, ps->relpath, ps->line, _("text after "
			    "the closing quote of column %zu; a quote inside a "
			    "quoted value is written twice (\"\"); this row is "
			    "skipped"), ps->n);
		else if (!ps->bad)
			diag_error(ps->diag, ps->relpath, ps->line, _("text after "
			    "the closing quote of column %zu; a quote inside a "
			    "quoted value is written twice (\"\")"), ps->n);
		ps->bad = true;
		to_rec(ps, f);
		unquoted(ps, f);
	}
	return true;
}

/* The fields put together in rec, where rec is now that it is done. */
static void
resolve(struct parser *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->f[i].s == NULL)
			ps->f[i].s = ps->rec.data + ps->offs[i];
}

static void
drop_fields(struct parser *ps)
{
	ps->n = 0;
	buf_reset(&ps->rec);
}

/*
 * The record's fields as one allocation: the array of pointers, then the
 * strings it points to. Freeing the array frees them all (csv_free).
 */
static char **
block(struct parser *ps)
{
	size_t head = (ps->n + 1) * sizeof(char *), text = 0, i;
	char **v, *p;

	resolve(ps);
	for (i = 0; i < ps->n; i++)
		text += ps->f[i].len + 1;
	v = xmalloc(head + text);
	p = (char *)v + head;
	for (i = 0; i < ps->n; i++) {
		v[i] = p;
		memcpy(p, ps->f[i].s, ps->f[i].len);
		p += ps->f[i].len;
		*p++ = '\0';
	}
	v[ps->n] = NULL;
	drop_fields(ps);
	return v;
}

/*
 * Skips blank lines to the next record. False at the end of the input,
 * or, in the first half of a file read in halves, where the second half
 * starts.
 */
static bool
next_record(struct parser *ps)
{
	for (;;) {
		if (ps->p == ps->end || ps->p == ps->stop)
			return false;
		if (*ps->p == '\n')
			ps->p++;
		else if (crlf_at(ps->p, ps->end))
			ps->p += 2;
		else
			return true;
		ps->line++;
	}
}

/* Past the boundary without stopping there: the second half was wrong. */
static void
check_stop(struct parser *ps)
{
	if (ps->stop != NULL && ps->p > ps->stop) {
		atomic_store(ps->abandon, true);
		ps->stop = NULL;
	}
}

/*
 * The plain fields of a record from ps->p on, sixteen bytes at a time:
 * each comma ends a field, a line feed the record. Returns true when the
 * record was read to its end; false, ps->p at the start of a field that
 * is not plain (quoted, with a byte to check or a CR, near the end of the
 * text), for read_record() to read that one byte by byte.
 */
static bool
plain_fields(struct parser *ps)
{
#ifdef __SSE2__
	const char *p = ps->p, *start = p, *q;
	unsigned bits;

	for (; ps->end - p >= 16; p += 16)
		for (bits = special_mask(p); bits != 0; bits &= bits - 1) {
			q = p + __builtin_ctz(bits);
			if (*q != ',' && *q != '\n') {
				ps->p = start;
				return false;
			}
			new_field(ps, start)->len = (size_t)(q - start);
			start = q + 1;
			if (*q == '\n') {
				ps->p = start;
				ps->line++;
				return true;
			}
		}
	ps->p = start;
#endif
	return false;
}

/*
 * Reads the next record into ps->f, skipping blank lines. Returns false
 * at the end of the input. A record with ps->unclosed set is cut short.
 */
static bool
read_record(struct parser *ps)
{
	struct csv_field *f;

	check_stop(ps);
	if (!next_record(ps))
		return false;
	ps->rec_line = ps->line;
	ps->bad = false;
	for (;;) {
		if (plain_fields(ps))
			break;
		if (ps->p == ps->end) {		/* "a,b," at EOF, told fast */
			(void)new_field(ps, ps->p);
			break;
		}
		f = new_field(ps, ps->p);
		if (*ps->p == '"') {
			ps->p++;
			if (!quoted(ps, f))
				return true;
		} else
			unquoted(ps, f);
		if (ps->p == ps->end)
			break;
		if (*ps->p == ',') {
			ps->p++;
			if (ps->p == ps->end) {		/* "a,b," at EOF */
				(void)new_field(ps, ps->p);
				break;
			}
			continue;
		}
		ps->p += *ps->p == '\r' ? 2 : 1;	/* CRLF or LF */
		ps->line++;
		break;
	}
	return true;
}

static bool
all_empty(const struct parser *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->f[i].len != 0)
			return false;
	return true;
}

/*
 * Takes the fields just read as the header, names trimmed. Their meaning
 * (empty, doubled, unknown) is for the reader of the register
 * (records.c), which knows the names in both languages.
 */
static void
take_header(struct parser *ps, struct csv *out)
{
	size_t i;

	out->n_cols = ps->n;
	out->header_line = ps->rec_line;
	out->header = block(ps);
	for (i = 0; i < out->n_cols; i++)
		str_trim(out->header[i]);
}

/* Moves the parsed fields into a new row of rows[*n] (capacity *cap). */
static void
keep_row(struct parser *ps, struct csv_row **rows, size_t *n, size_t *cap)
{
	struct csv_row *row;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*rows = xreallocarray(*rows, *cap, sizeof(**rows));
	}
	row = &(*rows)[(*n)++];
	row->line = ps->rec_line;
	row->n_fields = ps->n;
	row->fields = block(ps);
}

/* Hands the record just read to ps->each, its fields where they are. */
static void
give_row(struct parser *ps)
{
	resolve(ps);
	ps->each(ps->each_arg, ps->rec_line, ps->f, ps->n);
	drop_fields(ps);
}

/* Reads the records after the header; false on an unclosed quote. */
static bool
read_rows(struct parser *ps, struct csv *out)
{
	size_t cap = out->n_rows, skipped_cap = out->n_skipped;

	while (read_record(ps)) {
		if (ps->unclosed)
			return false;
		/* The second half stops as soon as the first has gone past. */
		if (ps->second && atomic_load_explicit(ps->abandon,
		    memory_order_relaxed))
			break;
		/* A bad row was reported; a row of empty fields is no data. */
		if (!ps->bad && !all_empty(ps)) {
			if (ps->n == out->n_cols && ps->each != NULL) {
				give_row(ps);
				continue;
			}
			if (ps->n == out->n_cols) {
				keep_row(ps, &out->rows, &out->n_rows, &cap);
				continue;
			}
			diag_error(ps->diag, ps->relpath, ps->rec_line,
			    _("expected %zu fields, as in the header, but found "
			    "%zu; this row is skipped: check for a missing or "
			    "extra comma, and put values that hold a comma in "
			    "double quotes"), out->n_cols, ps->n);
			keep_row(ps, &out->skipped, &out->n_skipped,
			    &skipped_cap);
			continue;
		}
		drop_fields(ps);
	}
	return true;
}

/* A field of the text s, put together in rec (s may go away). */
static void
field_text(struct parser *ps, const char *s)
{
	struct csv_field *f = new_field(ps, NULL);

	ps->offs[ps->n - 1] = ps->rec.len;
	f->len = strlen(s);
	buf_add(&ps->rec, s, f->len);
}

/*
 * Reads records up to the first of more than one field: lines above it
 * holding a single value (a title typed above the header) are kept in
 * out->preamble, not taken for the header that fixes the field count.
 * Returns false when the file holds no such record.
 */
static bool
read_preamble(struct parser *ps, struct csv *out)
{
	size_t cap = 0;

	while (read_record(ps)) {
		if (ps->n > 1 || ps->unclosed || ps->bad)
			return true;
		keep_row(ps, &out->preamble, &out->n_preamble, &cap);
	}
	/* A file of one column: its first line is the header after all. */
	if (out->n_preamble == 0)
		return false;
	drop_fields(ps);
	field_text(ps, out->preamble[0].fields[0]);
	ps->rec_line = out->preamble[0].line;
	free(out->preamble[0].fields);
	out->rows = out->preamble;
	out->n_rows = out->n_preamble - 1;
	memmove(out->rows, out->rows + 1, out->n_rows * sizeof(*out->rows));
	out->preamble = NULL;
	out->n_preamble = 0;
	ps->one_column = true;
	return true;
}

/* A file of one column was kept whole (read_preamble): its rows to each(). */
static void
give_kept_rows(struct parser *ps, struct csv *out)
{
	struct csv_row *r;
	struct csv_field *f;
	size_t i, j;

	for (i = 0; i < out->n_rows; i++) {
		r = &out->rows[i];
		drop_fields(ps);
		for (j = 0; j < r->n_fields; j++) {
			f = new_field(ps, r->fields[j]);
			f->len = strlen(f->s);
		}
		ps->each(ps->each_arg, r->line, ps->f, ps->n);
		free(r->fields);
	}
	drop_fields(ps);
	free(out->rows);
	out->rows = NULL;
	out->n_rows = 0;
}

static void
parser_free(struct parser *ps)
{
	free(ps->f);
	free(ps->offs);
	buf_free(&ps->rec);
}

/* ---- a file read in halves ---------------------------------------------- */

/* The second half of the records, read on a thread of its own. */
struct half {
	struct parser	 ps;
	const char	*text;		/* the whole text, for its first line */
	struct csv	 csv;		/* its rows; the header is borrowed */
	struct diag	 diag;		/* told after the first half's */
	atomic_bool	 abandon;
	bool		 ok;
	pthread_t	 tid;
};

static void *
half_run(void *arg)
{
	struct half *h = arg;

	h->ps.line = line_of(h->text, (size_t)(h->ps.p - h->text));
	h->ok = read_rows(&h->ps, &h->csv);
	return NULL;
}

/*
 * Where the second half of the records from p on may start: just after
 * the first line end past their middle. Whether that is a boundary
 * between records, and not a line end inside quotes (or after a stray
 * quote that makes counting quotes unsafe), the first half tells when it
 * gets there: it stops there only if a record of its own ends there.
 */
static const char *
half_start(const char *p, const char *end)
{
	const char *mid = p + (end - p) / 2, *nl;

	nl = memchr(mid, '\n', (size_t)(end - mid));
	return nl != NULL && nl + 1 < end ? nl + 1 : NULL;
}

/* Starts the second half beside the first (ps, the header read). */
static bool
half_begin(struct half *h, struct parser *first, const char *text,
    struct csv *out, csv_each_fn each, void *arg)
{
	const char *at = half_start(first->p, first->end);

	if (at == NULL)
		return false;
	memset(h, 0, sizeof(*h));
	diag_init(&h->diag);
	atomic_init(&h->abandon, false);
	h->text = text;
	h->ps.p = at;
	h->ps.end = first->end;
	h->ps.relpath = first->relpath;
	h->ps.diag = &h->diag;
	h->ps.csv = out;
	h->ps.each = each;
	h->ps.each_arg = arg;
	h->ps.abandon = &h->abandon;
	h->ps.second = true;
	h->csv.n_cols = out->n_cols;
	if (pthread_create(&h->tid, NULL, half_run, h) != 0) {
		parser_free(&h->ps);
		diag_free(&h->diag);
		return false;
	}
	first->stop = at;
	first->abandon = &h->abandon;
	return true;
}

static void
append_rows(struct csv_row **to, size_t *n, struct csv_row **from, size_t *m)
{
	if (*m > 0) {
		*to = xreallocarray(*to, *n + *m, sizeof(**to));
		memcpy(*to + *n, *from, *m * sizeof(**from));
		*n += *m;
	}
	free(*from);
	*from = NULL;
	*m = 0;
}

/*
 * Waits for the second half. When the first stopped where it started,
 * its rows and messages follow the first's, as one thread would have had
 * them: returns whether it read to the end (ok), and sets *taken. Else
 * what it read is dropped (the first half read the file to its end), and
 * ok is the first's.
 */
static bool
half_end(struct half *h, struct parser *first, struct csv *out, bool ok,
    struct diag *d, bool *taken)
{
	*taken = ok && first->stop != NULL && first->p == first->stop;
	if (!*taken)
		atomic_store(&h->abandon, true);
	(void)pthread_join(h->tid, NULL);
	if (*taken) {
		diag_append(d, &h->diag);
		append_rows(&out->rows, &out->n_rows, &h->csv.rows,
		    &h->csv.n_rows);
		append_rows(&out->skipped, &out->n_skipped, &h->csv.skipped,
		    &h->csv.n_skipped);
		ok = h->ok;
	}
	first->stop = NULL;
	drop_fields(&h->ps);
	parser_free(&h->ps);
	csv_free(&h->csv);	/* what is left: header borrowed, never set */
	diag_free(&h->diag);
	return ok;
}

/* ---- reading a file ----------------------------------------------------- */

/* The records after the header, in halves when the text is long enough. */
static bool
read_body(struct parser *ps, const char *text, struct csv *out,
    struct csv_halves *hv, struct diag *d)
{
	struct half h;
	bool halves, ok;

	halves = (size_t)(ps->end - ps->p) >= hv->min_len &&
	    half_begin(&h, ps, text, out, hv->each, hv->arg[1]);
	ok = read_rows(ps, out);
	if (halves)
		ok = half_end(&h, ps, out, ok, d, &hv->halved);
	return ok;
}

bool
csv_parse(const char *data, size_t len, const char *relpath, struct csv *out,
    struct diag *d)
{
	return csv_parse_each(data, len, relpath, out, NULL, NULL, d);
}

bool
csv_parse_each(const char *data, size_t len, const char *relpath,
    struct csv *out, csv_each_fn each, void *arg, struct diag *d)
{
	struct csv_halves hv;

	memset(&hv, 0, sizeof(hv));
	hv.each = each;
	hv.arg[0] = arg;
	hv.min_len = SIZE_MAX;
	return csv_parse_halves(data, len, relpath, out, &hv, d);
}

bool
csv_parse_halves(const char *data, size_t len, const char *relpath,
    struct csv *out, struct csv_halves *hv, struct diag *d)
{
	struct parser ps;
	const char *text;
	char *conv;
	size_t text_len;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	hv->halved = false;
	ps.each = hv->each;
	ps.each_arg = hv->arg[0];
	if (!decode(data, len, relpath, d, &text, &text_len, &conv,
	    &out->was_gb18030))
		return false;
	ps.p = text;
	ps.end = text + text_len;
	ps.line = 1;
	ps.relpath = relpath;
	ps.diag = d;
	if (read_preamble(&ps, out)) {
		if (ps.unclosed || ps.bad)
			ok = false;
		else {
			take_header(&ps, out);
			ps.csv = out;
			if (!ps.one_column)
				ok = read_body(&ps, text, out, hv, d);
			else if (hv->each != NULL)
				give_kept_rows(&ps, out);
		}
	}
	drop_fields(&ps);
	parser_free(&ps);
	free(conv);
	if (!ok) {
		csv_free(out);
		return false;
	}
	return true;
}

bool
csv_parse_part(const char *text, size_t len, int line, const char *relpath,
    struct csv *c, csv_each_fn each, void *arg, struct diag *d)
{
	struct parser ps;
	bool ok;

	if (utf8_prefix((const unsigned char *)text, len) != len)
		return false;
	memset(&ps, 0, sizeof(ps));
	ps.p = text;
	ps.end = text + len;
	ps.line = line;
	ps.relpath = relpath;
	ps.diag = d;
	ps.csv = c;
	ps.each = each;
	ps.each_arg = arg;
	ok = read_rows(&ps, c);
	drop_fields(&ps);
	parser_free(&ps);
	return ok;
}

void
csv_free(struct csv *c)
{
	size_t i;

	/* A row's strings live in the block of its fields (block()). */
	for (i = 0; i < c->n_rows; i++)
		free(c->rows[i].fields);
	free(c->rows);
	for (i = 0; i < c->n_skipped; i++)
		free(c->skipped[i].fields);
	free(c->skipped);
	for (i = 0; i < c->n_preamble; i++)
		free(c->preamble[i].fields);
	free(c->preamble);
	free(c->header);
	memset(c, 0, sizeof(*c));
}

int
csv_column(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_cols; i++)
		if (str_eq(c->header[i], name))
			return (int)i;
	return -1;
}
