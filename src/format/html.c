#include <string.h>

#include "format/escape.h"
#include "format/html.h"
#include "format/pieces.h"

struct hw {
	struct buf	*out;
	const struct pieces_hook *hook;	/* the long lists' runs, or NULL */
	long		 rh;		/* the row header of the table written */
	int		 tables;	/* tables so far, for caption ids */
	struct doc_heading_ranks ranks;
	int		 heading;	/* <hN> of the heading being written */
};

static void
put(struct hw *w, const char *s)
{
	buf_puts(w->out, s);
}

static void
put_esc(struct hw *w, const char *s)
{
	if (s != NULL)
		escape_html(w->out, s, strlen(s));
}

/* Writes <p class="cls">s</p> when s is given. */
static void
put_para(struct hw *w, const char *cls, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	buf_printf(w->out, "<p class=\"%s\">", cls);
	put_esc(w, s);
	put(w, "</p>\n");
}

static void
put_date(struct hw *w, day_t d, const char *suffix)
{
	char iso[16], cn[32];

	date_iso(d, iso);
	date_cn(d, cn);
	buf_printf(w->out, "<time datetime=\"%s\">%s</time>%s", iso, cn, suffix);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/*
 * The row header of a list is its name column (组织名称, 单位名称 …): that
 * is what identifies a row to someone reading cell by cell. -1: none.
 */
static long
row_header_col(const struct doc_table *t)
{
	size_t i;

	for (i = 0; i < t->n_cols; i++)
		if (t->headers[i] != NULL && ends_with(t->headers[i], "名称"))
			return (long)i;
	return -1;
}

/* A piece of markup and its length, written without measuring it. */
struct lit {
	const char	*s;
	size_t		 n;
};

#define LIT(s)	{ s, sizeof(s) - 1 }

static void
put_lit(struct hw *w, const struct lit *l)
{
	buf_add(w->out, l->s, l->n);
}

/*
 * What comes before cell c of a row: the end of the cell before it and
 * the start of this one, or the start of the row (one write, not three:
 * a list has hundreds of thousands of cells).
 */
static const struct lit *
before_cell(size_t c, long rh)
{
	static const struct lit row_td = LIT("<tr><td>");
	static const struct lit row_th = LIT("<tr><th scope=\"row\">");
	static const struct lit th_td = LIT("</th><td>");
	static const struct lit td_th = LIT("</td><th scope=\"row\">");
	static const struct lit td_td = LIT("</td><td>");
	bool th = (long)c == rh;

	if (c == 0)
		return th ? &row_th : &row_td;
	if ((long)c - 1 == rh)
		return &th_td;
	return th ? &td_th : &td_td;
}

/* Row r of t: its bytes depend on its cells and on w->rh alone (pieces.h). */
static void
write_row(void *arg, const struct doc_table *t, size_t r)
{
	static const struct lit end_th = LIT("</th></tr>\n");
	static const struct lit end_td = LIT("</td></tr>\n");
	struct hw *w = arg;
	size_t c;

	if (t->n_cols == 0)
		put(w, "<tr></tr>\n");
	for (c = 0; c < t->n_cols; c++) {
		put_lit(w, before_cell(c, w->rh));
		put_esc(w, t->cells[r * t->n_cols + c]);
	}
	if (t->n_cols > 0)
		put_lit(w, (long)t->n_cols - 1 == w->rh ? &end_th : &end_td);
}

static void
write_table(struct hw *w, const struct doc_table *t)
{
	size_t c;
	long rh = row_header_col(t);

	w->tables++;
	/* A wide table scrolls inside its own focusable region on a phone. */
	buf_printf(w->out, "<div class=\"table-wrap\" role=\"region\" "
	    "aria-labelledby=\"table-%d\" tabindex=\"0\">\n<table>\n"
	    "<caption id=\"table-%d\">", w->tables, w->tables);
	put_esc(w, t->caption);
	put(w, "</caption>\n<thead>\n<tr>");
	for (c = 0; c < t->n_cols; c++) {
		put(w, "<th scope=\"col\">");
		put_esc(w, t->headers[c]);
		put(w, "</th>");
	}
	put(w, "</tr>\n</thead>\n");
	if (t->n_rows > 0)
		put(w, "<tbody>\n");
	w->rh = rh;
	pieces_write_rows(w->hook, "html", &rh, sizeof(rh), t, w->out,
	    write_row, w);
	if (t->n_rows > 0)
		put(w, "</tbody>\n");
	put(w, "</table>\n</div>\n");
}

/* A paragraph directly in an item of a tight list has no <p> (as in cmark). */
static bool
in_tight_item(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

/*
 * A line break inside a Chinese paragraph is no space: browsers would
 * show one between two characters. Keep it only next to ASCII text.
 */
static bool
joins_cjk(cmark_node *n)
{
	cmark_node *prev = cmark_node_previous(n), *next = cmark_node_next(n);
	const char *a, *b;
	size_t la;

	if (prev == NULL || next == NULL ||
	    cmark_node_get_type(prev) != CMARK_NODE_TEXT ||
	    cmark_node_get_type(next) != CMARK_NODE_TEXT)
		return false;
	a = cmark_node_get_literal(prev);
	b = cmark_node_get_literal(next);
	if (a == NULL || b == NULL || (la = strlen(a)) == 0)
		return false;
	return (unsigned char)a[la - 1] >= 0x80 && (unsigned char)b[0] >= 0x80;
}

static void
write_literal(struct hw *w, cmark_node *n)
{
	put_esc(w, cmark_node_get_literal(n));
}

/* A block of raw HTML from a template is shown as text, never interpreted. */
static void
write_raw_block(struct hw *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);
	size_t len = s != NULL ? strlen(s) : 0;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	put(w, "<p>");
	if (len > 0)
		escape_html(w->out, s, len);
	put(w, "</p>\n");
}

static void
write_heading(struct hw *w, cmark_node *n, bool enter)
{
	if (enter)
		w->heading = doc_heading_rank(&w->ranks,
		    cmark_node_get_heading_level(n));
	buf_printf(w->out, enter ? "<h%d>" : "</h%d>\n", w->heading);
}

static void
write_list(struct hw *w, cmark_node *n, bool enter)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int start = cmark_node_get_list_start(n);

	if (!enter)
		put(w, ordered ? "</ol>\n" : "</ul>\n");
	else if (!ordered)
		put(w, "<ul>\n");
	else if (start != 1)
		buf_printf(w->out, "<ol start=\"%d\">\n", start);
	else
		put(w, "<ol>\n");
}

static void
write_link(struct hw *w, cmark_node *n, bool enter)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);

	if (url == NULL || !url_is_safe(url))
		return;		/* the text alone is shown */
	if (!enter) {
		put(w, "</a>");
		return;
	}
	put(w, "<a href=\"");
	escape_href(w->out, url);
	if (title != NULL && *title != '\0') {
		put(w, "\" title=\"");
		put_esc(w, title);
	}
	put(w, "\">");
}

static void
write_node(struct hw *w, cmark_node *n, bool enter)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		put(w, enter ? "<blockquote>\n" : "</blockquote>\n");
		break;
	case CMARK_NODE_LIST:
		write_list(w, n, enter);
		break;
	case CMARK_NODE_ITEM:
		put(w, enter ? "<li>" : "</li>\n");
		break;
	case CMARK_NODE_CODE_BLOCK:
		put(w, "<pre><code>");
		write_literal(w, n);
		put(w, "</code></pre>\n");
		break;
	case CMARK_NODE_HTML_BLOCK:
		write_raw_block(w, n);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!in_tight_item(n))
			put(w, enter ? "<p>" : "</p>\n");
		break;
	case CMARK_NODE_HEADING:
		write_heading(w, n, enter);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		put(w, "<hr>\n");
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		write_literal(w, n);
		break;
	case CMARK_NODE_SOFTBREAK:
		if (!joins_cjk(n))
			put(w, "\n");
		break;
	case CMARK_NODE_LINEBREAK:
		put(w, "<br>\n");
		break;
	case CMARK_NODE_CODE:
		put(w, "<code>");
		write_literal(w, n);
		put(w, "</code>");
		break;
	case CMARK_NODE_EMPH:
		put(w, enter ? "<em>" : "</em>");
		break;
	case CMARK_NODE_STRONG:
		put(w, enter ? "<strong>" : "</strong>");
		break;
	case CMARK_NODE_LINK:
		write_link(w, n, enter);
		break;
	default:
		/* Document, images (their text is shown), custom nodes. */
		break;
	}
}

static void
write_body(struct hw *w, cmark_node *body)
{
	cmark_iter *it = cmark_iter_new(body);
	cmark_event_type ev;
	cmark_node *n;
	struct doc_table *t;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if ((t = doc_block_table(n)) != NULL) {
			if (ev == CMARK_EVENT_ENTER)
				write_table(w, t);
			continue;
		}
		write_node(w, n, ev == CMARK_EVENT_ENTER);
	}
	cmark_iter_free(it);
}

/* 版头: the issuer's mark in red, the number, the red rule (GB/T 9704 §7.2). */
static void
write_head(struct hw *w, const struct doc *d)
{
	put(w, "<header class=\"doc-head\">\n");
	if (d->kind == DOC_DECISION && d->issuer_mark != NULL) {
		put_para(w, "issuer-mark", d->issuer_mark);
		put_para(w, "doc-number", d->number);
		put(w, "<hr class=\"red-rule\">\n");
	}
	put(w, "<h1>");
	put_esc(w, d->title);
	put(w, "</h1>\n");
	if (d->kind != DOC_DECISION || d->issuer_mark == NULL)
		put_para(w, "doc-number", d->number);
	put(w, "</header>\n");
}

/* 版记 (GB/T 9704 §7.4): 抄送, then the printer and the printing date. */
static void
write_banji(struct hw *w, const struct doc *d)
{
	if (d->copy_to == NULL && d->printer == NULL && d->printed == DAY_NONE)
		return;
	put(w, "<div class=\"banji\">\n");
	if (d->copy_to != NULL) {
		put(w, "<p class=\"copy-to\">抄送：");
		put_esc(w, d->copy_to);
		put(w, ends_with(d->copy_to, "。") ? "</p>\n" : "。</p>\n");
	}
	if (d->printer != NULL || d->printed != DAY_NONE) {
		put(w, "<p class=\"printed\">");
		if (d->printer != NULL) {
			put(w, "<span class=\"printer\">");
			put_esc(w, d->printer);
			put(w, "</span>");
		}
		if (d->printed != DAY_NONE) {
			put(w, "<span class=\"printed-date\">");
			put_date(w, d->printed, "印发</span>");
		}
		put(w, "</p>\n");
	}
	put(w, "</div>\n");
}

static void
write_foot(struct hw *w, const struct doc *d)
{
	put(w, "<footer class=\"doc-foot\">\n");
	put_para(w, "signature", d->signature);
	if (d->date != DAY_NONE) {
		put(w, "<p class=\"date\">");
		put_date(w, d->date, "</p>\n");
	}
	put_para(w, "attachment-note", d->attachment_note);
	if (d->kind == DOC_DECISION)
		write_banji(w, d);
	put(w, "</footer>\n");
}

void
html_write(const struct doc *d, struct buf *out)
{
	html_write_pieces(d, out, NULL);
}

void
html_write_pieces(const struct doc *d, struct buf *out,
    const struct pieces_hook *hook)
{
	struct hw w = { .out = out, .hook = hook };
	static const char *const kinds[] = { "notice", "decision", "letter" };

	buf_printf(out, "<article class=\"doc doc-%s\">\n", kinds[d->kind]);
	write_head(&w, d);
	if (d->addressee != NULL) {
		put(&w, "<p class=\"addressee\">");
		put_esc(&w, d->addressee);
		/* 主送 ends with a full-width colon (GB/T 9704 §7.3.2). */
		if (!ends_with(d->addressee, "：") && !ends_with(d->addressee, ":"))
			put(&w, "：");
		put(&w, "</p>\n");
	}
	put(&w, "<div class=\"doc-body\">\n");
	if (d->body != NULL)
		write_body(&w, d->body);
	put(&w, "</div>\n");
	if (d->signature != NULL || d->date != DAY_NONE ||
	    d->attachment_note != NULL || (d->kind == DOC_DECISION &&
	    (d->copy_to != NULL || d->printer != NULL || d->printed != DAY_NONE)))
		write_foot(&w, d);
	put(&w, "</article>\n");
}
