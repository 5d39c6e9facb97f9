/*
 * odt_content: content.xml of a document, written with format/xmlout.h
 * straight into the output buffer: the bytes libxml2's xmlTextWriter wrote
 * before (tests/unit/test_xmlout.c compares the two), at a few copies per
 * table cell instead of a call per character.
 *
 * The order of the parts follows GB/T 9704-2012: 版头 (发文机关标志, 发文字号,
 * red separator line), title, 主送机关, body, 发文机关署名, 成文日期, 附注,
 * and the 版记 at the foot of the last page.  Every paragraph names a style
 * of templates/odt/reference.fodt; the only automatic styles made here are
 * the ones that depend on the data: table column widths and cell borders,
 * and the narrowing of a long 发文机关标志.
 *
 * Text goes out through put_text(), which turns runs of spaces, tabs and
 * line breaks into text:s, text:tab and text:line-break: ODF collapses
 * white space in paragraphs as HTML does.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/util.h"
#include "format/odt.h"
#include "format/pieces.h"
#include "format/xmlout.h"

#define BODY_EM		15.75	/* a body character: 16 pt, letter spacing -0.25 pt */
#define BODY_LATIN	8.71	/* a digit of the body: 0.56 em, the same spacing */
#define DATE_RIGHT	(4 * BODY_EM)	/* 成文日期右空四字 (GB/T 9704 7.3.5.1) */

#define P_LAST		"gsLast"	/* the last paragraph, kept with the signature */
#define P_SIGNATURE	"gsSignature"	/* 发文机关署名, centred over the date */
#define P_DATE		"gsDate"	/* 成文日期 under a signature too long for that */

struct ow {
	struct xmlout		 x;
	const struct doc	*d;
	const struct odt_style	*st;
	bool			 ws;	/* a space now would collapse: write text:s */
	unsigned char		 last;	/* last byte written in this paragraph */
	int			 tables;	/* tables met so far, numbers their styles */
	struct layout		*layouts;	/* of each table, in that order */
	size_t			 n_layouts;
	int			 lists;		/* depth of lists */
	int			 quotes;	/* depth of block quotes */
	bool			 in_link;
	bool			 mark_scaled;	/* the automatic style gsMark exists */
	bool			 date_centred;	/* gsDate exists */
	cmark_node		*keep_last;	/* the paragraph kept with the signature */
	size_t			 tags;		/* table rows written (header rows too) */
	const struct odt_rows_hook *hook;	/* pieces of rows of their own, or NULL */
	const struct odt_measures *measures;	/* the tables' cells measured, or NULL */
};

/* A table's columns, laid out once for its styles and its cells. */
struct layout {
	const struct doc_table	*t;
	double			*width;
	bool			*centre;
};

static void	blocks(struct ow *, cmark_node *);
static void	inlines(struct ow *, cmark_node *);

/* --- XML primitives ------------------------------------------------------ */

static void
start(struct ow *o, const char *el)
{
	xo_start(&o->x, el);
}

static void
end(struct ow *o)
{
	xo_end(&o->x);
}

static void
attr(struct ow *o, const char *name, const char *value)
{
	xo_attr(&o->x, name, value);
}

static void
attrf(struct ow *o, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The conversions attrf writes itself (%d, %ld, %zu, %02ld and %%): the
 * numbers of styles, columns and lengths. printf's, twice per call into a
 * malloc'd buffer, was a tenth of a recommending unit's content.xml.
 * False for anything else, which goes to vsnprintf.
 */
static bool
attr_format(char *to, size_t size, const char *fmt, va_list ap)
{
	char digits[24], *d, *end = digits + sizeof(digits);
	unsigned long long u;
	long long v;
	size_t n = 0, width;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			fmt += *fmt == '%';
			if (n + 1 >= size)
				return false;
			to[n++] = *fmt;
			continue;
		}
		width = 0;
		if (fmt[1] == '0' && fmt[2] >= '1' && fmt[2] <= '9') {
			width = (size_t)(fmt[2] - '0');
			fmt += 2;
		}
		if (fmt[1] == 'd')
			v = va_arg(ap, int);
		else if (fmt[1] == 'l' && fmt[2] == 'd')
			v = va_arg(ap, long);
		else if (fmt[1] == 'z' && fmt[2] == 'u')
			v = 0;
		else
			return false;
		u = fmt[1] == 'z' ? va_arg(ap, size_t) : v < 0 ?
		    0 - (unsigned long long)v : (unsigned long long)v;
		fmt += fmt[1] == 'd' ? 1 : 2;
		d = end;
		do
			*--d = (char)('0' + u % 10);
		while ((u /= 10) > 0);
		while ((size_t)(end - d) + (v < 0) < width)
			*--d = '0';		/* printf's width counts the sign */
		if (v < 0)
			*--d = '-';
		if (n + (size_t)(end - d) >= size)
			return false;
		memcpy(to + n, d, (size_t)(end - d));
		n += (size_t)(end - d);
	}
	to[n] = '\0';
	return true;
}

static void
attrf(struct ow *o, const char *name, const char *fmt, ...)
{
	char text[64];
	struct buf b;
	va_list ap, again;

	va_start(ap, fmt);
	va_copy(again, ap);
	if (attr_format(text, sizeof(text), fmt, ap))
		attr(o, name, text);
	else {
		buf_init(&b);
		buf_vprintf(&b, fmt, again);
		attr(o, name, buf_cstr(&b));
		buf_free(&b);
	}
	va_end(again);
	va_end(ap);
}

/*
 * A length in pt with two decimals, written with integers: printf's %f
 * would follow LC_NUMERIC and could write "41,03pt", which is no length.
 */
static void
attr_pt(struct ow *o, const char *name, double pt)
{
	long c = (long)(pt * 100 + 0.5);

	attrf(o, name, "%ld.%02ldpt", c / 100, c % 100);
}

static void
empty(struct ow *o, const char *el)
{
	start(o, el);
	end(o);
}

/* --- text ---------------------------------------------------------------- */

/*
 * The bytes put_text() must look at: spaces, tabs, line breaks and the
 * marks of odt_glue() become markup, and & < > " escapes.  One scan of a
 * text finds them; the runs between, most of the text, go out as they are.
 */
#define TEXT_SPECIAL	" \t\r\n\x01\x02&<>\""

/* n bytes of text; escaped unless they hold none of TEXT_SPECIAL. */
static void
put_run(struct ow *o, const char *s, size_t n, bool plain)
{
	if (plain)
		xo_raw(&o->x, s, n);
	else
		xo_text(&o->x, s, n);
	o->ws = false;
	o->last = (unsigned char)s[n - 1];
}

/* n spaces: the first as it is unless one went before, the rest as text:s. */
static void
put_spaces(struct ow *o, size_t n)
{
	if (!o->ws) {
		xo_text(&o->x, " ", 1);
		n--;
	}
	if (n > 0) {
		start(o, "text:s");
		if (n > 1)
			attrf(o, "text:c", "%zu", n);
		end(o);
	}
	o->ws = true;
	o->last = ' ';
}

static void
put_break(struct ow *o, const char *el)
{
	empty(o, el);
	o->ws = true;
}

/*
 * Writes plain text into the open paragraph or span, its numbers glued
 * against line breaks (odt_glue).
 */
static void
put_text(struct ow *o, const char *text)
{
	char *glued = odt_glue_needed(text) ? odt_glue(text) : NULL;
	const char *s = glued != NULL ? glued : text;
	size_t n;

	while (*s != '\0') {
		if ((n = strcspn(s, TEXT_SPECIAL)) > 0) {
			put_run(o, s, n, true);
			s += n;
			continue;
		}
		switch (*s) {
		case '&':
		case '<':
		case '>':
		case '"':
			put_run(o, s, 1, false);
			break;
		case ' ':
			n = strspn(s, " ");
			put_spaces(o, n);
			s += n;
			continue;
		case ODT_NB_OPEN:
			xo_start_with(&o->x, "text:span",
			    " text:style-name=\"" ODT_T_NOBREAK "\"");
			break;
		case ODT_NB_CLOSE:
			end(o);
			break;
		case '\t':
			put_break(o, "text:tab");
			break;
		case '\r':
			if (s[1] == '\n')
				break;	/* the \n makes the break */
			/* FALLTHROUGH */
		default:	/* '\n' */
			put_break(o, "text:line-break");
			o->last = '\n';
			break;
		}
		s++;
	}
	free(glued);
}

static void
para_start(struct ow *o, const char *el, const char *style)
{
	start(o, el);
	attr(o, "text:style-name", style);
	o->ws = true;
	o->last = 0;
}

/* A whole paragraph of plain text (NULL: an empty paragraph). */
static void
para(struct ow *o, const char *style, const char *text)
{
	para_start(o, "text:p", style);
	if (text != NULL)
		put_text(o, text);
	end(o);
}

size_t
odt_text_units(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x80)
			n++;
		else if (*p >= 0xc0)	/* the lead byte of a wide character */
			n += 2;
	}
	return n;
}

/* --- inlines ------------------------------------------------------------- */

static bool
is_html_comment(const char *s)
{
	while (s != NULL && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++;
	return s != NULL && str_has_prefix(s, "<!--");
}

/* Only these links become links; others stay text (a template is not a place for javascript:). */
static bool
safe_url(const char *url)
{
	const char *colon, *slash;

	if (url == NULL || *url == '\0')
		return false;
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon == NULL || (slash != NULL && slash < colon))
		return true;	/* relative */
	return str_has_prefix(url, "http:") || str_has_prefix(url, "https:") ||
	    str_has_prefix(url, "mailto:");
}

/*
 * A soft line break is a space in Western text but nothing between Chinese
 * characters: a line of Chinese wrapped in the template must not gain a gap.
 */
static void
softbreak(struct ow *o, cmark_node *n)
{
	cmark_node *next = cmark_node_next(n);
	const char *lit = next != NULL ? cmark_node_get_literal(next) : NULL;

	if (o->last >= 0x80 || (lit != NULL && (unsigned char)*lit >= 0x80))
		return;
	put_text(o, " ");
}

static void
span(struct ow *o, const char *style, cmark_node *n)
{
	start(o, "text:span");
	attr(o, "text:style-name", style);
	inlines(o, n);
	end(o);
}

static void
link(struct ow *o, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (o->in_link || !safe_url(url)) {
		inlines(o, n);
		return;
	}
	start(o, "text:a");
	attr(o, "xlink:type", "simple");
	attr(o, "xlink:href", url);
	attr(o, "text:style-name", ODT_T_LINK);
	o->in_link = true;
	inlines(o, n);
	o->in_link = false;
	end(o);
}

static void
inline_node(struct ow *o, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		put_text(o, lit != NULL ? lit : "");
		break;
	case CMARK_NODE_SOFTBREAK:
		softbreak(o, n);
		break;
	case CMARK_NODE_LINEBREAK:
		empty(o, "text:line-break");
		o->ws = true;
		o->last = '\n';
		break;
	case CMARK_NODE_CODE:
		start(o, "text:span");
		attr(o, "text:style-name", ODT_T_CODE);
		put_text(o, lit != NULL ? lit : "");
		end(o);
		break;
	case CMARK_NODE_HTML_INLINE:
		/* never markup: shown as the text it is, comments dropped */
		if (!is_html_comment(lit))
			put_text(o, lit != NULL ? lit : "");
		break;
	case CMARK_NODE_EMPH:
		span(o, ODT_T_EMPH, n);
		break;
	case CMARK_NODE_STRONG:
		span(o, ODT_T_STRONG, n);
		break;
	case CMARK_NODE_LINK:
		link(o, n);
		break;
	default:	/* image: its description; custom inline: its content */
		inlines(o, n);
		break;
	}
}

static void
inlines(struct ow *o, cmark_node *parent)
{
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n != NULL;
	    n = cmark_node_next(n))
		inline_node(o, n);
}

/* --- tables -------------------------------------------------------------- */

static void
table_styles(struct ow *o, int k, const struct layout *l)
{
	size_t c;

	start(o, "style:style");
	attrf(o, "style:name", "gsT%d", k);
	attr(o, "style:family", "table");
	start(o, "style:table-properties");
	attr_pt(o, "style:width", ODT_TEXT_WIDTH_PT);
	attr(o, "table:align", "margins");
	attr(o, "fo:margin-top", "0pt");
	attr(o, "fo:margin-bottom", "7pt");
	end(o);
	end(o);
	for (c = 0; c < l->t->n_cols; c++) {
		start(o, "style:style");
		attrf(o, "style:name", "gsT%d.C%zu", k, c + 1);
		attr(o, "style:family", "table-column");
		start(o, "style:table-column-properties");
		attr_pt(o, "style:column-width", l->width[c]);
		attrf(o, "style:rel-column-width", "%ld*",
		    (long)(l->width[c] * 100 + 0.5));
		end(o);
		end(o);
	}
}

/*
 * The span that keeps a number, a date or a 发文字号 on one line: no
 * language, so that LibreOffice breaks it by the Unicode rules and honours
 * its word joiners (odt_break.c).
 */
static void
nobreak_style(struct ow *o)
{
	start(o, "style:style");
	attr(o, "style:name", ODT_T_NOBREAK);
	attr(o, "style:family", "text");
	start(o, "style:text-properties");
	attr(o, "fo:language", "zxx");
	attr(o, "fo:country", "none");
	attr(o, "style:language-asian", "zxx");
	attr(o, "style:country-asian", "none");
	end(o);
	end(o);
}

/* Styles shared by every table: rows kept whole, cells ruled. */
static void
cell_styles(struct ow *o)
{
	start(o, "style:style");
	attr(o, "style:name", "gsRow");
	attr(o, "style:family", "table-row");
	start(o, "style:table-row-properties");
	attr(o, "fo:keep-together", "always");
	end(o);
	end(o);
	start(o, "style:style");
	attr(o, "style:name", "gsCell");
	attr(o, "style:family", "table-cell");
	start(o, "style:table-cell-properties");
	attr(o, "fo:border", "0.5pt solid #000000");
	attr(o, "fo:padding", "2.5pt");
	attr(o, "style:vertical-align", "middle");
	end(o);
	end(o);
}

/*
 * The markup of a table's cells, which is the same in every row but for
 * the text: built once per table, so that a row of a 20,000-row list is a
 * few copies and one escaping pass per cell.  No table:style-name (the
 * column's default-cell-style-name rules it) and no office:value-type
 * (text tables hold text): a 20,000-row list's content.xml is 30 % smaller
 * without them.
 */
#define ROW_START	"<table:table-row table:style-name=\"gsRow\">"
#define ROW_END		"</table:table-row>"
#define CELL_START	"<table:table-cell><text:p text:style-name=\""
#define CELL_END	"</text:p></table:table-cell>"

struct cell_markup {
	struct buf	open;	/* up to the paragraph's text */
	struct buf	empty;	/* a whole cell with no text */
};

static struct cell_markup *
cells_markup(const struct doc_table *t, const char *style,
    const bool *centre)
{
	struct cell_markup *m = xcalloc(t->n_cols, sizeof(*m));
	const char *s;
	size_t c;

	for (c = 0; c < t->n_cols; c++) {
		s = centre != NULL && centre[c] ? ODT_P_TD_CENTRE : style;
		buf_puts(&m[c].open, CELL_START);
		xo_escape_attr(&m[c].open, s, strlen(s));
		buf_add(&m[c].empty, m[c].open.data, m[c].open.len);
		buf_puts(&m[c].open, "\">");
		buf_puts(&m[c].empty, "\"/></table:table-cell>");
	}
	return m;
}

static void
cells_markup_free(struct cell_markup *m, size_t n)
{
	size_t c;

	for (c = 0; c < n; c++) {
		buf_free(&m[c].open);
		buf_free(&m[c].empty);
	}
	free(m);
}

static void
row(struct ow *o, const struct doc_table *t, char *const *cells,
    const struct cell_markup *m)
{
	const char *text;
	size_t c;

	xo_raw(&o->x, ROW_START, sizeof(ROW_START) - 1);
	for (c = 0; c < t->n_cols; c++) {
		text = cells[c] != NULL ? cells[c] : "";
		if (*text == '\0') {
			xo_raw(&o->x, m[c].empty.data, m[c].empty.len);
			continue;
		}
		xo_raw(&o->x, m[c].open.data, m[c].open.len);
		o->ws = true;	/* as para_start() */
		o->last = 0;
		put_text(o, text);
		xo_raw(&o->x, CELL_END, sizeof(CELL_END) - 1);
	}
	xo_raw(&o->x, ROW_END, sizeof(ROW_END) - 1);
}

/*
 * Whether data row r of t starts a piece of content.xml that holds its
 * rows and nothing else (odt.h): a cut is before it, and the next one is
 * before a later row of t. Only a table cut in runs (pieces.h) has keys
 * for its pieces.
 */
static bool
own_piece(const struct ow *o, const struct doc_table *t, size_t r)
{
	return o->hook != NULL && pieces_cut(t) &&
	    o->tags % ODT_PIECE_ROWS == 0 &&
	    r + ODT_PIECE_ROWS < t->n_rows;
}

void
odt_rows_xml(const struct doc_table *t, const bool *centre, size_t from,
    size_t to, struct buf *out)
{
	struct cell_markup *body = cells_markup(t, ODT_P_TD, centre);
	struct ow o;
	size_t r;

	/* a row's bytes depend on its cells and the columns centred alone */
	memset(&o, 0, sizeof(o));
	o.x.out = out;
	for (r = from; r < to; r++)
		row(&o, t, t->cells + r * t->n_cols, body);
	free(o.x.open);
	cells_markup_free(body, t->n_cols);
}

/*
 * A list item cannot hold a table in ODF: there, each row becomes a
 * paragraph "header：value；…".
 */
static void
table_as_text(struct ow *o, const struct doc_table *t)
{
	size_t r, c;
	struct buf b;

	buf_init(&b);
	if (t->caption[0] != '\0')
		para(o, ODT_P_LIST, t->caption);
	for (r = 0; r < t->n_rows; r++) {
		buf_reset(&b);
		for (c = 0; c < t->n_cols; c++)
			buf_printf(&b, "%s%s：%s", c > 0 ? "；" : "",
			    t->headers[c] != NULL ? t->headers[c] : "",
			    t->cells[r * t->n_cols + c]);
		para(o, ODT_P_LIST, buf_cstr(&b));
	}
	buf_free(&b);
}

/* The layout of the k-th table, made for its styles; t's own if not there. */
static struct layout
layout_of(struct ow *o, int k, const struct doc_table *t)
{
	struct layout l;

	if (k >= 1 && (size_t)k <= o->n_layouts && o->layouts[k - 1].t == t)
		return o->layouts[k - 1];
	l.t = NULL;	/* not kept: the caller frees it */
	l.width = xcalloc(t->n_cols + 1, sizeof(*l.width));
	l.centre = xcalloc(t->n_cols + 1, sizeof(*l.centre));
	odt_table_layout(t, NULL, l.width, l.centre);
	return l;
}

static void
table(struct ow *o, const struct doc_table *t)
{
	int k = ++o->tables;
	struct cell_markup *head, *body;
	struct layout l;
	size_t c, r;

	if (o->lists > 0) {
		table_as_text(o, t);
		return;
	}
	if (t->caption[0] != '\0')
		para(o, ODT_P_CAPTION, t->caption);
	if (t->n_cols == 0)
		return;
	l = layout_of(o, k, t);
	start(o, "table:table");
	attrf(o, "table:name", "表格%d", k);
	attrf(o, "table:style-name", "gsT%d", k);
	for (c = 0; c < t->n_cols; c++) {
		start(o, "table:table-column");
		attrf(o, "table:style-name", "gsT%d.C%zu", k, c + 1);
		attr(o, "table:default-cell-style-name", "gsCell");
		end(o);
	}
	head = cells_markup(t, ODT_P_TH, NULL);
	body = cells_markup(t, ODT_P_TD, l.centre);
	/* header rows repeat on every page */
	start(o, "table:table-header-rows");
	row(o, t, t->headers, head);
	o->tags++;
	end(o);
	for (r = 0; r < t->n_rows; r++) {
		if (own_piece(o, t, r)) {
			o->hook->piece(o->hook->arg, t, l.centre, r);
			r += ODT_PIECE_ROWS - 1;
			o->tags += ODT_PIECE_ROWS;
			continue;
		}
		row(o, t, t->cells + r * t->n_cols, body);
		o->tags++;
	}
	end(o);
	cells_markup_free(head, t->n_cols);
	cells_markup_free(body, t->n_cols);
	if (l.t == NULL) {
		free(l.width);
		free(l.centre);
	}
}

/* --- blocks -------------------------------------------------------------- */

static const char *
para_style(const struct ow *o)
{
	if (o->lists > 0)
		return ODT_P_LIST;
	return o->quotes > 0 ? ODT_P_QUOTE : ODT_P_BODY;
}

/*
 * LibreOffice stretches a line that ends in text:line-break across a
 * justified paragraph, so a hard line break of the Markdown ("联系电话：…"
 * under "联系单位：…") starts a new paragraph of the same style instead.
 */
static void
paragraph(struct ow *o, cmark_node *n)
{
	const char *style = para_style(o);
	cmark_node *c, *last_break = NULL;
	bool keep = n == o->keep_last && strcmp(style, ODT_P_BODY) == 0;

	/* only the last piece is kept with the signature, not a whole block */
	for (c = cmark_node_first_child(n); c != NULL; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
			last_break = c;
	para_start(o, "text:p", keep && last_break == NULL ? P_LAST : style);
	for (c = cmark_node_first_child(n); c != NULL; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_LINEBREAK) {
			end(o);
			para_start(o, "text:p", keep && c == last_break ?
			    P_LAST : style);
		} else
			inline_node(o, c);
	}
	end(o);
}

static void
heading(struct ow *o, cmark_node *n)
{
	static const char *const styles[] = {
		ODT_P_H1, ODT_P_H2, ODT_P_H3, ODT_P_H4
	};
	int level = cmark_node_get_heading_level(n);

	para_start(o, "text:h", styles[level > 4 ? 3 : level - 1]);
	attrf(o, "text:outline-level", "%d", level);
	inlines(o, n);
	end(o);
}

static void
list(struct ow *o, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int first = cmark_node_get_list_start(n);
	cmark_node *item;

	start(o, "text:list");
	attr(o, "text:style-name", ordered ? ODT_L_ORDERED : ODT_L_BULLET);
	o->lists++;
	for (item = cmark_node_first_child(n); item != NULL;
	    item = cmark_node_next(item)) {
		start(o, "text:list-item");
		if (ordered && item == cmark_node_first_child(n) && first != 1)
			attrf(o, "text:start-value", "%d", first);
		if (cmark_node_first_child(item) == NULL)
			para(o, ODT_P_LIST, NULL);	/* the number still shows */
		blocks(o, item);
		end(o);
	}
	o->lists--;
	end(o);
}

/* Code and HTML blocks: their text as it is, without the final newline. */
static void
literal_para(struct ow *o, const char *style, const char *lit)
{
	char *s = xstrdup(lit != NULL ? lit : "");
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	para(o, style, s);
	free(s);
}

static void
block(struct ow *o, cmark_node *n)
{
	struct doc_table *t;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		paragraph(o, n);
		break;
	case CMARK_NODE_HEADING:
		heading(o, n);
		break;
	case CMARK_NODE_LIST:
		list(o, n);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		o->quotes++;
		blocks(o, n);
		o->quotes--;
		break;
	case CMARK_NODE_CODE_BLOCK:
		literal_para(o, ODT_P_CODE, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HTML_BLOCK:
		if (!is_html_comment(cmark_node_get_literal(n)))
			literal_para(o, para_style(o),
			    cmark_node_get_literal(n));
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		para(o, ODT_P_RULE, NULL);
		break;
	case CMARK_NODE_CUSTOM_BLOCK:
		if ((t = doc_block_table(n)) != NULL)
			table(o, t);
		else
			blocks(o, n);
		break;
	default:
		blocks(o, n);
		break;
	}
}

static void
blocks(struct ow *o, cmark_node *parent)
{
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n != NULL;
	    n = cmark_node_next(n))
		block(o, n);
}

/* --- the parts around the body ------------------------------------------- */

/*
 * A 发文机关标志 wider than the line is narrowed (style:text-scale) rather
 * than broken over two lines, as the standard wants it on one.
 */
static void
mark_style(struct ow *o)
{
	const struct odt_style *st = o->st;
	double width, scale;

	if (o->d->kind != DOC_DECISION || o->d->issuer_mark == NULL ||
	    st->mark_size <= 0)
		return;
	width = (double)odt_text_units(o->d->issuer_mark) / 2 * st->mark_size;
	if (width * st->mark_scale / 100 <= ODT_TEXT_WIDTH_PT - 8)
		return;
	scale = (ODT_TEXT_WIDTH_PT - 8) * 100 / width;
	if (scale < 40)
		scale = 40;	/* past this it is unreadable: let it wrap */
	start(o, "style:style");
	attr(o, "style:name", "gsMark");
	attr(o, "style:family", "paragraph");
	attr(o, "style:parent-style-name", ODT_P_MARK);
	start(o, "style:text-properties");
	attrf(o, "style:text-scale", "%d%%", (int)scale);
	end(o);
	end(o);
	o->mark_scaled = true;
}

static void
head(struct ow *o)
{
	const struct doc *d = o->d;
	char *title;

	if (d->kind == DOC_DECISION) {
		if (d->issuer_mark != NULL)
			para(o, o->mark_scaled ? "gsMark" : ODT_P_MARK,
			    d->issuer_mark);
		/* the red separator line is this paragraph's lower border */
		para(o, ODT_P_MARK_NUMBER, d->number);
	} else if (d->number != NULL)
		para(o, ODT_P_NUMBER, d->number);
	if (d->title != NULL) {
		title = odt_title_lines(d->title, o->st->title_size);
		para(o, ODT_P_TITLE, title);
		free(title);
	}
	if (d->addressee != NULL)
		para(o, ODT_P_ADDRESSEE, d->addressee);
}

/*
 * 发文机关署名 too long for its line ("…办公室（…局）") goes on two, broken
 * before the bracket, as printed notices do.
 */
static char *
signature_text(const char *sig)
{
	const char *br = strstr(sig, "（");

	if (br == NULL || br == sig || odt_text_units(sig) <= 40)
		return xstrdup(sig);
	return xasprintf("%.*s\n%s", (int)(br - sig), sig, br);
}

static char *
note_text(const char *note)
{
	if (str_has_prefix(note, "（") || str_has_prefix(note, "("))
		return xstrdup(note);
	return xasprintf("（%s）", note);
}

/*
 * The width of the longest line of s in the body's font, in pt: a Chinese
 * character one em, a digit or Latin letter of the CJK font 0.56 em
 * (measured in LibreOffice's PDFs: 2025年12月19日 is 116.8 pt).
 */
static double
widest_line(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0, max = 0;

	for (;; p++) {
		if (*p == '\n' || *p == '\0') {
			if (w > max)
				max = w;
			w = 0;
			if (*p == '\0')
				break;
		} else if (*p < 0x80)
			w += BODY_LATIN;
		else if (*p >= 0xc0)
			w += BODY_EM;
	}
	return max;
}

static void
closing_style(struct ow *o, const char *name, const char *parent, double left,
    double right)
{
	start(o, "style:style");
	attr(o, "style:name", name);
	attr(o, "style:family", "paragraph");
	attr(o, "style:parent-style-name", parent);
	start(o, "style:paragraph-properties");
	attr(o, "fo:text-align", "center");
	attr_pt(o, "fo:margin-left", left);
	attr_pt(o, "fo:margin-right", right);
	attr(o, "fo:text-indent", "0pt");
	end(o);
	end(o);
}

/*
 * GB/T 9704-2012 7.3.5.1: the date stands four characters from the right
 * (the style 成文日期), and the signature is centred over it: a centred
 * paragraph whose margins put its middle over the middle of the date.  A
 * signature too wide for that stands two characters from the right, and
 * the date is centred under it (7.3.5.2).  The last paragraph of the body
 * is kept with them, so that they never stand alone on a page.
 */
static void
closing_styles(struct ow *o)
{
	const struct doc *d = o->d;
	char *sig, date[32];
	double sw, dw = 0, mid, half, left;

	start(o, "style:style");
	attr(o, "style:name", P_LAST);
	attr(o, "style:family", "paragraph");
	attr(o, "style:parent-style-name", ODT_P_BODY);
	start(o, "style:paragraph-properties");
	attr(o, "fo:keep-with-next", "always");
	end(o);
	end(o);
	if (d->signature == NULL)
		return;
	sig = signature_text(d->signature);
	sw = widest_line(sig);
	free(sig);
	if (d->date != DAY_NONE) {
		date_cn(d->date, date);
		dw = widest_line(date);
	}
	mid = ODT_TEXT_WIDTH_PT - DATE_RIGHT - dw / 2;
	half = ODT_TEXT_WIDTH_PT - mid;
	if (sw <= 2 * half) {
		closing_style(o, P_SIGNATURE, ODT_P_SIGNATURE, mid - half, 0);
		return;
	}
	left = ODT_TEXT_WIDTH_PT - 2 * BODY_EM - sw - BODY_EM / 2;	/* slack */
	if (left < 0)
		left = 0;
	closing_style(o, P_SIGNATURE, ODT_P_SIGNATURE, left, 2 * BODY_EM);
	closing_style(o, P_DATE, ODT_P_DATE, left, 2 * BODY_EM);
	o->date_centred = true;
}

static bool
has_imprint(const struct doc *d)
{
	return d->copy_to != NULL || d->printer != NULL ||
	    d->printed != DAY_NONE;
}

/*
 * The 版记: 抄送 between rules, then 印发机关 left and 印发日期 right (a
 * right tab stop of the style).  It sits in a frame held to the foot of
 * the page by the frame style, anchored to an empty paragraph of its own
 * whose style starts the page style 版记页: LibreOffice puts that one on
 * even pages only, inserting a blank page when the body ends on an even
 * page, so the 版记 is on the last page, an even one (GB/T 9704 7.4), and
 * neither page has a page number (7.5).
 */
static void
imprint(struct ow *o)
{
	const struct doc *d = o->d;
	char date[32];
	char *s;

	para_start(o, "text:p", ODT_P_IMPRINT_PAGE);
	start(o, "draw:frame");
	attr(o, "draw:style-name", ODT_G_IMPRINT);
	attr(o, "draw:name", "版记");
	attr(o, "text:anchor-type", "paragraph");
	attr_pt(o, "svg:width", ODT_TEXT_WIDTH_PT);
	attr(o, "draw:z-index", "0");
	start(o, "draw:text-box");
	attr(o, "fo:min-height", "10mm");
	if (d->copy_to != NULL) {
		s = xasprintf("%s%s%s", str_has_prefix(d->copy_to, "抄送") ?
		    "" : "抄送：", d->copy_to,
		    str_has_suffix(d->copy_to, "。") ? "" : "。");
		para(o, ODT_P_COPY_TO, s);
		free(s);
	}
	if (d->printer != NULL || d->printed != DAY_NONE) {
		date[0] = '\0';
		if (d->printed != DAY_NONE)
			date_cn(d->printed, date);
		s = xasprintf("%s\t%s%s", d->printer != NULL ? d->printer : "",
		    date, d->printed != DAY_NONE ? "印发" : "");
		para(o, d->copy_to != NULL ? ODT_P_IMPRINT :
		    ODT_P_IMPRINT_ONLY, s);
		free(s);
	}
	end(o);
	end(o);
	end(o);
}

static void
closing(struct ow *o)
{
	const struct doc *d = o->d;
	const char *style[3];
	char *text[3], date[32];
	size_t i, n = 0;

	if (d->signature != NULL) {
		style[n] = P_SIGNATURE;
		text[n++] = signature_text(d->signature);
	}
	if (d->date != DAY_NONE) {
		date_cn(d->date, date);
		style[n] = o->date_centred ? P_DATE : ODT_P_DATE;
		text[n++] = xstrdup(date);
	}
	if (d->attachment_note != NULL) {
		style[n] = ODT_P_NOTE;
		text[n++] = note_text(d->attachment_note);
	}
	for (i = 0; i < n; i++) {
		para_start(o, "text:p", style[i]);
		put_text(o, text[i]);
		end(o);
		free(text[i]);
	}
	if (has_imprint(d))
		imprint(o);
}

/* --- the document -------------------------------------------------------- */

/* The cells of the i-th table, t, by measure, when measured already. */
static const uint32_t *
measured_count(const struct ow *o, size_t i, const struct doc_table *t)
{
	const struct odt_measures *m = o->measures;

	return m != NULL && i < m->n && m->v[i].t == t ? m->v[i].count : NULL;
}

static void
automatic_styles(struct ow *o)
{
	cmark_iter *it = cmark_iter_new(o->d->body);
	cmark_event_type ev;
	struct doc_table *t;
	struct layout *l;
	int k = 0;

	start(o, "office:automatic-styles");
	mark_style(o);
	nobreak_style(o);
	closing_styles(o);
	cell_styles(o);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if ((t = doc_block_table(cmark_iter_get_node(it))) == NULL)
			continue;
		o->layouts = xreallocarray(o->layouts, o->n_layouts + 1,
		    sizeof(*o->layouts));
		l = &o->layouts[o->n_layouts++];
		l->t = t;
		l->width = xcalloc(t->n_cols + 1, sizeof(*l->width));
		l->centre = xcalloc(t->n_cols + 1, sizeof(*l->centre));
		odt_table_layout(t, measured_count(o, o->n_layouts - 1, t),
		    l->width, l->centre);
		table_styles(o, ++k, l);
	}
	cmark_iter_free(it);
	end(o);
}

static void
layouts_free(struct ow *o)
{
	size_t i;

	for (i = 0; i < o->n_layouts; i++) {
		free(o->layouts[i].width);
		free(o->layouts[i].centre);
	}
	free(o->layouts);
}

static const char *const content_ns[][2] = {
	{ "xmlns:office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0" },
	{ "xmlns:style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0" },
	{ "xmlns:text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0" },
	{ "xmlns:table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0" },
	{ "xmlns:draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" },
	{ "xmlns:fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" },
	{ "xmlns:xlink", "http://www.w3.org/1999/xlink" },
	{ "xmlns:svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" },
	{ NULL, NULL }
};

static int
buf_write_cb(void *ctx, const char *data, int len)
{
	buf_add(ctx, data, (size_t)len);
	return len;
}

xmlTextWriterPtr
odt_writer_new(struct buf *out)
{
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;

	if ((ob = xmlOutputBufferCreateIO(buf_write_cb, NULL, out, NULL))
	    == NULL)
		return NULL;
	if ((w = xmlNewTextWriter(ob)) == NULL)
		xmlOutputBufferClose(ob);
	return w;
}

bool
odt_content_xml(const struct doc *d, const struct odt_style *st,
    struct buf *out, void (*grown)(void *), void *arg,
    const struct odt_rows_hook *hook, const struct odt_measures *measures)
{
	struct ow o;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.d = d;
	o.st = st;
	o.hook = hook;
	o.measures = measures;
	if ((d->signature != NULL || d->date != DAY_NONE) &&
	    (o.keep_last = cmark_node_last_child(d->body)) != NULL &&
	    cmark_node_get_type(o.keep_last) != CMARK_NODE_PARAGRAPH)
		o.keep_last = NULL;
	xo_begin(&o.x, out);
	if (grown != NULL)
		xo_on_growth(&o.x, ODT_GROWN_EVERY, grown, arg);
	start(&o, "office:document-content");
	for (i = 0; content_ns[i][0] != NULL; i++)
		attr(&o, content_ns[i][0], content_ns[i][1]);
	attr(&o, "office:version", "1.3");
	automatic_styles(&o);
	start(&o, "office:body");
	start(&o, "office:text");
	head(&o);
	blocks(&o, d->body);
	closing(&o);
	xo_finish(&o.x);
	layouts_free(&o);
	return true;
}
