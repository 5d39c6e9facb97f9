#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "base/util.h"
#include "load/csv.h"
#include "load/text.h"

/* ---- encoding ----------------------------------------------------------- */

/* Length of the well-formed UTF-8 prefix of s[0..n) (base/utf8.h). */
static size_t
utf8_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (s[i] < 0x80)
			i++;
		/* A Chinese character, E1-EC or EE-EF and two continuation
		 * bytes: the most of a register, told without decoding. */
		else if (s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
		    n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80)
			i += 3;
		else if ((k = utf8_decode(s + i, n - i, &cp)) == 0)
			return i;
		else
			i += k;
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
	size_t		  start;	/* where the field being read starts in rec */
	/*
	 * The record being read: its fields one after the other, each
	 * NUL-terminated, in rec, and where each starts in offs. A kept
	 * record becomes one allocation (block()), not one per field: at
	 * 100,000 applicants that is 1.4 million allocations fewer.
	 */
	struct buf	  rec;
	size_t		 *offs;
	size_t		  n, cap;
	int		  rec_line;	/* where the record started */
	/* Where kept records go as they are read (csv_parse_each). */
	csv_each_fn	  each;
	void		 *each_arg;
	char		**ptrs;		/* the fields handed to each() */
	size_t		  ptrs_cap;
	bool		  bad;		/* reported: drop the record */
	bool		  unclosed;	/* a quote runs to the end of the file */
	bool		  one_column;	/* read whole by read_preamble() */
};

/*
 * Bytes that stop the fast scan of a field: the syntax, control
 * characters, and the lead bytes of the characters that are not allowed
 * (C1 controls after C2, U+FDD0… and U+FFFE after EF, the noncharacters
 * of the other planes after F0–F4).
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

/* One lookup a byte: the scan of every field goes through it. */
static bool
is_special(unsigned char c)
{
	return special[c];
}

static bool
at_crlf(const struct parser *ps)
{
	return ps->end - ps->p >= 2 && ps->p[0] == '\r' && ps->p[1] == '\n';
}

/*
 * The character at ps->p, which is not ASCII or a control, when it may
 * not appear in a document (C1 controls, noncharacters; the text is
 * well-formed UTF-8 by now); else 0.
 */
static uint32_t
bad_multibyte(const struct parser *ps)
{
	uint32_t cp;

	if (utf8_decode((const unsigned char *)ps->p,
	    (size_t)(ps->end - ps->p), &cp) == 0 || utf8_char_ok(cp))
		return 0;
	return cp;
}

/* Reports the character cp at ps->p that XML cannot carry (once a record). */
static void
bad_char(struct parser *ps, uint32_t cp)
{
	struct buf what;
	size_t col = ps->n;

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

/* Checks the special byte c at ps->p, which is not syntax. */
static void
check_special(struct parser *ps, unsigned char c, bool cr_ok)
{
	uint32_t cp;

	if (c < 0x20 || c == 0x7F) {
		if (c != '\t' && !(cr_ok && c == '\r'))
			bad_char(ps, c);	/* a lone CR too */
	} else if ((cp = bad_multibyte(ps)) != 0)
		bad_char(ps, cp);
}

/* Reads an unquoted field (or its rest) up to a comma or line end. */
static void
read_unquoted(struct parser *ps)
{
	const char *start = ps->p;
	unsigned char c;

	for (;;) {
		while (ps->p < ps->end && !is_special((unsigned char)*ps->p))
			ps->p++;
		if (ps->p == ps->end)
			break;
		c = (unsigned char)*ps->p;
		if (c == ',' || c == '\n' || at_crlf(ps))
			break;
		if (c != '"')
			check_special(ps, c, false);
		ps->p++;
	}
	buf_add(&ps->rec, start, (size_t)(ps->p - start));
}

/*
 * Reads a quoted field, ps->p just after its opening quote. Returns false
 * when the closing quote is missing (reported).
 */
static bool
read_quoted(struct parser *ps)
{
	const char *start = ps->p;
	int open_line = ps->line;
	unsigned char c;

	for (;;) {
		while (ps->p < ps->end && !is_special((unsigned char)*ps->p))
			ps->p++;
		if (ps->p == ps->end) {
			diag_error(ps->diag, ps->relpath, open_line,
			    _("a quoted field starts here but its closing quote "
			    "is missing, so the rest of the file would be one "
			    "value; add the closing \" (a quote inside a quoted "
			    "value is written twice: \"\")"));
			ps->unclosed = true;
			return false;
		}
		c = (unsigned char)*ps->p;
		if (c == '"') {
			if (ps->end - ps->p >= 2 && ps->p[1] == '"') {
				buf_add(&ps->rec, start,
				    (size_t)(ps->p + 1 - start));
				ps->p += 2;
				start = ps->p;
				continue;
			}
			buf_add(&ps->rec, start, (size_t)(ps->p - start));
			ps->p++;
			break;
		}
		if (c == '\n')
			ps->line++;
		else
			check_special(ps, c, true);
		ps->p++;
	}
	if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' && !at_crlf(ps)) {
		if (!ps->bad && ps->csv != NULL)
			diag_error(ps->diag, ps->relpath, ps->line, _("text after "
			    "the closing quote of column %zu; a quote inside a "
			    "quoted value is written twice (\"\"); this row is "
			    "skipped"), ps->n + 1);
		else if (!ps->bad)
			diag_error(ps->diag, ps->relpath, ps->line, _("text after "
			    "the closing quote of column %zu; a quote inside a "
			    "quoted value is written twice (\"\")"), ps->n + 1);
		ps->bad = true;
		read_unquoted(ps);
	}
	return true;
}

/* A field starts here: it is read straight into the record. */
static void
begin_field(struct parser *ps)
{
	ps->start = ps->rec.len;
}

/* Ends the field begun last. */
static void
push_field(struct parser *ps)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 16;
		ps->offs = xreallocarray(ps->offs, ps->cap, sizeof(*ps->offs));
	}
	ps->offs[ps->n++] = ps->start;
	buf_add(&ps->rec, "", 1);
}

static void
push_field_text(struct parser *ps, const char *text)
{
	begin_field(ps);
	buf_puts(&ps->rec, text);
	push_field(ps);
}

static const char *
field_at(const struct parser *ps, size_t i)
{
	return ps->rec.data + ps->offs[i];
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
	size_t head = (ps->n + 1) * sizeof(char *), i;
	char **v = xmalloc(head + ps->rec.len);
	char *text = (char *)v + head;

	memcpy(text, ps->rec.data, ps->rec.len);
	for (i = 0; i < ps->n; i++)
		v[i] = text + ps->offs[i];
	v[ps->n] = NULL;
	drop_fields(ps);
	return v;
}

/*
 * Reads the next record into ps->fields, skipping blank lines. Returns
 * false at the end of the input. A record with ps->unclosed set is cut
 * short.
 */
static bool
read_record(struct parser *ps)
{
	for (;;) {
		if (ps->p == ps->end)
			return false;
		if (*ps->p == '\n')
			ps->p++;
		else if (at_crlf(ps))
			ps->p += 2;
		else
			break;
		ps->line++;
	}
	ps->rec_line = ps->line;
	ps->bad = false;
	for (;;) {
		begin_field(ps);
		if (*ps->p == '"') {
			ps->p++;
			if (!read_quoted(ps)) {
				push_field(ps);
				return true;
			}
		} else
			read_unquoted(ps);
		push_field(ps);
		if (ps->p == ps->end)
			break;
		if (*ps->p == ',') {
			ps->p++;
			if (ps->p == ps->end) {		/* "a,b," at EOF */
				begin_field(ps);
				push_field(ps);
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
		if (field_at(ps, i)[0] != '\0')
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
	size_t i;

	if (ps->n + 1 > ps->ptrs_cap) {
		ps->ptrs_cap = ps->n + 1;
		ps->ptrs = xreallocarray(ps->ptrs, ps->ptrs_cap,
		    sizeof(*ps->ptrs));
	}
	for (i = 0; i < ps->n; i++)
		ps->ptrs[i] = ps->rec.data + ps->offs[i];
	ps->ptrs[ps->n] = NULL;
	ps->each(ps->each_arg, ps->rec_line, ps->ptrs, ps->n);
	drop_fields(ps);
}

/* Reads the records after the header; false on an unclosed quote. */
static bool
read_rows(struct parser *ps, struct csv *out)
{
	size_t cap = 0, skipped_cap = 0;

	while (read_record(ps)) {
		if (ps->unclosed)
			return false;
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
	ps->n = 0;
	buf_reset(&ps->rec);
	push_field_text(ps, out->preamble[0].fields[0]);
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
	size_t i;

	for (i = 0; i < out->n_rows; i++) {
		ps->each(ps->each_arg, out->rows[i].line, out->rows[i].fields,
		    out->rows[i].n_fields);
		free(out->rows[i].fields);
	}
	free(out->rows);
	out->rows = NULL;
	out->n_rows = 0;
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
	struct parser ps;
	char *conv;
	size_t text_len;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.each = each;
	ps.each_arg = arg;
	if (!decode(data, len, relpath, d, &ps.p, &text_len, &conv,
	    &out->was_gb18030))
		return false;
	ps.end = ps.p + text_len;
	ps.line = 1;
	ps.relpath = relpath;
	ps.diag = d;
	if (read_preamble(&ps, out)) {
		if (ps.unclosed || ps.bad)
			ok = false;
		else {
			take_header(&ps, out);
			ps.csv = out;
			ok = ps.one_column || read_rows(&ps, out);
			if (ok && ps.one_column && each != NULL)
				give_kept_rows(&ps, out);
		}
	}
	drop_fields(&ps);
	free(ps.ptrs);
	free(ps.offs);
	buf_free(&ps.rec);
	free(conv);
	if (!ok) {
		csv_free(out);
		return false;
	}
	return true;
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
