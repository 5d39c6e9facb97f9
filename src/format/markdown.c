#include <stdio.h>
#include <string.h>

#include "format/escape.h"
#include "format/markdown.h"
#include "format/pieces.h"

/*
 * The writer works line by line: container blocks (block quotes, list
 * items) push what each of their continuation lines starts with onto
 * prefix, and the first thing written on a new line is that prefix.
 */
struct mw {
	struct buf	*out;
	struct buf	 prefix;
	bool		 line_start;	/* nothing (not even the prefix) on this line yet */
	bool		 block_start;	/* no content yet in the current block */
	bool		 one_line;	/* in a heading: line breaks become spaces */
	struct doc_heading_ranks ranks;
	const struct pieces_hook *hook;	/* the long lists' runs, or NULL */
};

static void	write_blocks(struct mw *, cmark_node *parent, bool tight);
static void	write_inlines(struct mw *, cmark_node *parent);

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static void
begin_line(struct mw *w)
{
	if (w->line_start) {
		buf_add(w->out, w->prefix.data, w->prefix.len);
		w->line_start = false;
	}
}

/* Writes Markdown syntax (not data). */
static void
put(struct mw *w, const char *s)
{
	begin_line(w);
	buf_puts(w->out, s);
}

static void
newline(struct mw *w)
{
	buf_putc(w->out, '\n');
	w->line_start = true;
	w->block_start = true;
}

/* A blank line between blocks: the prefix without its trailing spaces. */
static void
blank_line(struct mw *w)
{
	size_t n = w->prefix.len;

	while (n > 0 && w->prefix.data[n - 1] == ' ')
		n--;
	buf_add(w->out, w->prefix.data, n);
	buf_putc(w->out, '\n');
	w->line_start = true;
	w->block_start = true;
}

static void
text(struct mw *w, const char *s, size_t n, bool ends_line)
{
	begin_line(w);
	escape_markdown_span(w->out, s, n, w->block_start, ends_line);
	if (n > 0)
		w->block_start = false;
}

static void
text_str(struct mw *w, const char *s)
{
	text(w, s, s != NULL ? strlen(s) : 0, true);
}

/* A paragraph holding one value. */
static void
para(struct mw *w, const char *s)
{
	text_str(w, s);
	newline(w);
}

/* Opens a container: its first line starts with first, the others with cont. */
static size_t
open_container(struct mw *w, const char *first, const char *cont)
{
	size_t saved = w->prefix.len;

	put(w, first);
	buf_puts(&w->prefix, cont);
	w->block_start = true;
	return saved;
}

static void
close_container(struct mw *w, size_t saved)
{
	w->prefix.len = saved;
	if (w->prefix.data != NULL)
		w->prefix.data[saved] = '\0';
}

/* Whether a text node is the last thing on its line. */
static bool
ends_line(cmark_node *n)
{
	cmark_node *next = cmark_node_next(n);
	cmark_node_type t;

	if (next == NULL)
		return cmark_node_parent(n) == NULL ||
		    cmark_node_get_type(cmark_node_parent(n)) <
		    CMARK_NODE_FIRST_INLINE || ends_line(cmark_node_parent(n));
	t = cmark_node_get_type(next);
	return t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

static void
write_literal_text(struct mw *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);

	text(w, s != NULL ? s : "", s != NULL ? strlen(s) : 0, ends_line(n));
}

/* The longest run of c in s. */
static size_t
longest_run(const char *s, char c)
{
	size_t run = 0, best = 0;

	for (; *s != '\0'; s++) {
		run = *s == c ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* `code`: a fence longer than any backtick run inside; padded when needed. */
static void
write_code_span(struct mw *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);
	size_t i, fence;
	bool pad;

	if (s == NULL || *s == '\0')
		return;
	fence = longest_run(s, '`') + 1;
	pad = s[0] == '`' || s[0] == ' ' || s[strlen(s) - 1] == '`' ||
	    s[strlen(s) - 1] == ' ';
	begin_line(w);
	for (i = 0; i < fence; i++)
		buf_putc(w->out, '`');
	if (pad)
		buf_putc(w->out, ' ');
	for (; *s != '\0'; s++)
		buf_putc(w->out, *s == '\n' || *s == '\r' ? ' ' : *s);
	if (pad)
		buf_putc(w->out, ' ');
	for (i = 0; i < fence; i++)
		buf_putc(w->out, '`');
	w->block_start = false;
}

/* <url> with < > \ escaped; "title" with " \ escaped. */
static void
write_link_tail(struct mw *w, cmark_node *n)
{
	const char *p, *title = cmark_node_get_title(n);

	put(w, "](<");
	for (p = cmark_node_get_url(n); *p != '\0'; p++) {
		if (*p == '<' || *p == '>' || *p == '\\')
			buf_putc(w->out, '\\');
		buf_putc(w->out, *p);
	}
	buf_putc(w->out, '>');
	if (title != NULL && *title != '\0') {
		buf_puts(w->out, " \"");
		for (p = title; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(w->out, '\\');
			buf_putc(w->out, *p == '\n' || *p == '\r' ? ' ' : *p);
		}
		buf_putc(w->out, '"');
	}
	buf_putc(w->out, ')');
}

static void
write_link(struct mw *w, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);

	if (url == NULL || !url_is_safe(url)) {
		write_inlines(w, n);	/* the text alone */
		return;
	}
	put(w, "[");
	write_inlines(w, n);
	write_link_tail(w, n);
}

/*
 * Emphasis uses * (it works inside words, which Chinese needs); directly
 * inside the same kind it switches to _, or the two would fuse into **.
 */
static void
write_emphasis(struct mw *w, cmark_node *n, const char *star, const char *line)
{
	cmark_node *parent = cmark_node_parent(n);
	const char *mark = parent != NULL &&
	    cmark_node_get_type(parent) == cmark_node_get_type(n) ? line : star;

	/* block_start stays: content starting a line is escaped as such. */
	put(w, mark);
	write_inlines(w, n);
	put(w, mark);
}

static void
write_inline(struct mw *w, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:	/* shown as text, never as HTML */
		write_literal_text(w, n);
		break;
	case CMARK_NODE_SOFTBREAK:
		if (w->one_line)
			put(w, " ");
		else
			newline(w);
		break;
	case CMARK_NODE_LINEBREAK:
		if (w->one_line)
			put(w, " ");
		else {
			put(w, "\\");
			newline(w);
		}
		break;
	case CMARK_NODE_CODE:
		write_code_span(w, n);
		break;
	case CMARK_NODE_EMPH:
		write_emphasis(w, n, "*", "_");
		break;
	case CMARK_NODE_STRONG:
		write_emphasis(w, n, "**", "__");
		break;
	case CMARK_NODE_LINK:
		write_link(w, n);
		break;
	default:
		/* Images (their text is shown) and custom inlines. */
		write_inlines(w, n);
		break;
	}
}

static void
write_inlines(struct mw *w, cmark_node *parent)
{
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n != NULL; n = cmark_node_next(n))
		write_inline(w, n);
}

static void
write_heading(struct mw *w, cmark_node *n)
{
	static const char hashes[] = "######";
	int level = doc_heading_rank(&w->ranks, cmark_node_get_heading_level(n));

	put(w, hashes + 6 - level);
	put(w, " ");
	w->block_start = true;
	w->one_line = true;
	write_inlines(w, n);
	w->one_line = false;
	newline(w);
}

/*
 * Fenced with tildes, longer than any run of tildes inside; the info
 * string (the language) escaped like text, which info strings allow.
 */
static void
write_code_block(struct mw *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n), *eol;
	const char *info = cmark_node_get_fence_info(n);
	size_t i, fence;

	if (s == NULL)
		s = "";
	fence = longest_run(s, '~') + 1;
	if (fence < 3)
		fence = 3;
	begin_line(w);
	for (i = 0; i < fence; i++)
		buf_putc(w->out, '~');
	if (info != NULL && *info != '\0')
		escape_markdown_span(w->out, info, strlen(info), true, true);
	newline(w);
	for (; *s != '\0'; s = *eol != '\0' ? eol + 1 : eol) {
		eol = strchr(s, '\n');
		if (eol == NULL)
			eol = s + strlen(s);
		if (eol == s) {
			blank_line(w);
			continue;
		}
		begin_line(w);
		buf_add(w->out, s, (size_t)(eol - s));
		newline(w);
	}
	begin_line(w);
	for (i = 0; i < fence; i++)
		buf_putc(w->out, '~');
	newline(w);
}

/* Two lists of the same kind in a row would merge: the second changes marker. */
static bool
follows_same_list(cmark_node *n)
{
	cmark_node *prev = cmark_node_previous(n);

	return prev != NULL && cmark_node_get_type(prev) == CMARK_NODE_LIST &&
	    cmark_node_get_list_type(prev) == cmark_node_get_list_type(n) &&
	    !follows_same_list(prev);
}

static void
write_list(struct mw *w, cmark_node *list)
{
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	bool tight = cmark_node_get_list_tight(list);
	bool other = follows_same_list(list);
	int number = cmark_node_get_list_start(list);
	char marker[32], indent[32];
	cmark_node *item;
	size_t saved;

	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item), number++) {
		if (item != cmark_node_first_child(list) && !tight)
			blank_line(w);
		if (ordered)
			snprintf(marker, sizeof(marker), "%d%c ", number,
			    other ? ')' : '.');
		else
			snprintf(marker, sizeof(marker), "%c ", other ? '*' : '-');
		memset(indent, ' ', strlen(marker));
		indent[strlen(marker)] = '\0';
		saved = open_container(w, marker, indent);
		if (cmark_node_first_child(item) == NULL)
			newline(w);
		write_blocks(w, item, tight);
		close_container(w, saved);
	}
}

static void
write_row(void *arg, const struct doc_table *t, size_t r)
{
	struct mw *w = arg;
	size_t c;

	/* the line begun once, the separators' lengths known (put measures) */
	begin_line(w);
	for (c = 0; c < t->n_cols; c++) {
		if (c == 0)
			buf_add(w->out, "| ", 2);
		else
			buf_add(w->out, " | ", 3);
		w->block_start = true;	/* a cell is trimmed like a line */
		text_str(w, t->cells[r * t->n_cols + c]);
	}
	buf_add(w->out, " |", 2);
	newline(w);
}

static void
write_table(struct mw *w, const struct doc_table *t, bool tight)
{
	size_t c;

	if (t->caption != NULL && *t->caption != '\0') {
		put(w, "**");
		text_str(w, t->caption);
		put(w, "**");
		newline(w);
		if (!tight)
			blank_line(w);
	}
	if (t->n_cols == 0)
		return;
	for (c = 0; c < t->n_cols; c++) {
		put(w, c == 0 ? "| " : " | ");
		w->block_start = true;	/* a cell is trimmed like a line */
		text_str(w, t->headers[c]);
	}
	put(w, " |");
	newline(w);
	for (c = 0; c < t->n_cols; c++)
		put(w, c == 0 ? "| --- |" : " --- |");
	newline(w);
	/* each row starts a line: its bytes depend on the prefix and its cells */
	pieces_write_rows(w->hook, "md", w->prefix.data, w->prefix.len, t,
	    w->out, write_row, w);
}

/* A raw HTML block from a template becomes a paragraph of text. */
static void
write_raw_block(struct mw *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);

	if (s != NULL && *s != '\0')
		para(w, s);
}

static void
write_block(struct mw *w, cmark_node *n, bool tight)
{
	struct doc_table *t;
	size_t saved;

	if ((t = doc_block_table(n)) != NULL) {
		write_table(w, t, tight);
		return;
	}
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		saved = open_container(w, "> ", "> ");
		write_blocks(w, n, false);
		close_container(w, saved);
		break;
	case CMARK_NODE_LIST:
		write_list(w, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		write_code_block(w, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
		write_raw_block(w, n);
		break;
	case CMARK_NODE_PARAGRAPH:
		write_inlines(w, n);
		newline(w);
		break;
	case CMARK_NODE_HEADING:
		write_heading(w, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		put(w, "***");
		newline(w);
		break;
	default:
		/* Other custom blocks: their content, if any. */
		write_blocks(w, n, tight);
		break;
	}
}

static void
write_blocks(struct mw *w, cmark_node *parent, bool tight)
{
	cmark_node *n;

	for (n = cmark_node_first_child(parent); n != NULL; n = cmark_node_next(n)) {
		if (n != cmark_node_first_child(parent) && !tight)
			blank_line(w);
		write_block(w, n, tight);
	}
}

/* Starts a new top-level block: a blank line after anything written. */
static void
separate(struct mw *w)
{
	if (w->out->len > 0 && w->out->data[w->out->len - 1] == '\n' &&
	    !(w->out->len > 1 && w->out->data[w->out->len - 2] == '\n'))
		blank_line(w);
}

static void
date_para(struct mw *w, day_t d, const char *suffix)
{
	char cn[32];

	date_cn(d, cn);
	text_str(w, cn);
	put(w, suffix);
	newline(w);
}

static void
write_head(struct mw *w, const struct doc *d)
{
	bool banner = d->kind == DOC_DECISION && d->issuer_mark != NULL;

	if (banner) {
		put(w, "**");
		text_str(w, d->issuer_mark);
		put(w, "**");
		newline(w);
		if (d->number != NULL) {
			separate(w);
			para(w, d->number);
		}
		separate(w);
		put(w, "***");
		newline(w);
		separate(w);
	}
	put(w, "# ");
	w->block_start = true;
	text_str(w, d->title);
	newline(w);
	if (!banner && d->number != NULL) {
		separate(w);
		para(w, d->number);
	}
}

static void
write_banji(struct mw *w, const struct doc *d)
{
	if (d->copy_to == NULL && d->printer == NULL && d->printed == DAY_NONE)
		return;
	separate(w);
	put(w, "***");
	newline(w);
	if (d->copy_to != NULL) {
		separate(w);
		put(w, "抄送：");
		text(w, d->copy_to, strlen(d->copy_to), true);
		if (!ends_with(d->copy_to, "。"))
			put(w, "。");
		newline(w);
	}
	if (d->printer != NULL || d->printed != DAY_NONE) {
		separate(w);
		if (d->printer != NULL) {
			text_str(w, d->printer);
			if (d->printed != DAY_NONE)
				put(w, " ");
		}
		if (d->printed != DAY_NONE)
			date_para(w, d->printed, "印发");
		else
			newline(w);
	}
}

static void
write_foot(struct mw *w, const struct doc *d)
{
	if (d->signature != NULL) {
		separate(w);
		para(w, d->signature);
	}
	if (d->date != DAY_NONE) {
		separate(w);
		date_para(w, d->date, "");
	}
	if (d->attachment_note != NULL) {
		separate(w);
		para(w, d->attachment_note);
	}
	if (d->kind == DOC_DECISION)
		write_banji(w, d);
}

void
markdown_write(const struct doc *d, struct buf *out)
{
	markdown_write_pieces(d, out, NULL);
}

void
markdown_write_pieces(const struct doc *d, struct buf *out,
    const struct pieces_hook *hook)
{
	struct mw w = { .out = out, .line_start = true, .block_start = true,
	    .hook = hook };

	buf_init(&w.prefix);
	write_head(&w, d);
	if (d->addressee != NULL) {
		separate(&w);
		text_str(&w, d->addressee);
		if (!ends_with(d->addressee, "：") && !ends_with(d->addressee, ":"))
			put(&w, "：");
		newline(&w);
	}
	if (d->body != NULL && cmark_node_first_child(d->body) != NULL) {
		separate(&w);
		write_blocks(&w, d->body, false);
	}
	write_foot(&w, d);
	buf_free(&w.prefix);
}
