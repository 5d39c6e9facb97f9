#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/doc.h"
#include "format/pieces.h"

/*
 * Table blocks are told apart from other custom blocks by this marker in
 * on_enter (never rendered: every writer handles tables itself).
 */
static const char table_marker[] = "gongshi:table";

int
doc_heading_rank(struct doc_heading_ranks *r, int level)
{
	while (r->depth > 0 && r->open[r->depth - 1] >= level)
		r->depth--;
	if (r->depth < (int)(sizeof(r->open) / sizeof(r->open[0])))
		r->open[r->depth++] = level;
	return r->depth + 1 > 6 ? 6 : r->depth + 1;
}

void
doc_freeze(struct doc *d)
{
	cmark_iter *it = cmark_iter_new(d->body);
	cmark_node *n;

	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		(void)cmark_node_get_literal(n);
		(void)cmark_node_get_url(n);
		(void)cmark_node_get_title(n);
		(void)cmark_node_get_fence_info(n);
		(void)cmark_node_get_on_enter(n);
		(void)cmark_node_get_on_exit(n);
		if (doc_block_table(n) != NULL)
			(void)pieces_sums(doc_block_table(n));
	}
	cmark_iter_free(it);
}

struct doc *
doc_new(enum doc_kind kind, const char *name)
{
	struct doc *d = xcalloc(1, sizeof(*d));

	d->kind = kind;
	d->name = xstrdup(name);
	d->body = cmark_node_new(CMARK_NODE_DOCUMENT);
	d->date = DAY_NONE;
	d->printed = DAY_NONE;
	return d;
}

static void
free_tables(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && doc_block_table(n) != NULL) {
			doc_table_free(doc_block_table(n));
			cmark_node_set_user_data(n, NULL);
		}
	}
	cmark_iter_free(it);
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	if (d->body != NULL) {
		free_tables(d->body);
		cmark_node_free(d->body);
	}
	free(d->name); free(d->title); free(d->number); free(d->issuer_mark);
	free(d->addressee); free(d->signature); free(d->attachment_note);
	free(d->copy_to); free(d->printer); free(d->keywords);
	free(d->description); free(d->retention);
	free(d);
}

struct doc_table *
doc_table_new(const char *caption, size_t n_cols)
{
	struct doc_table *t = xcalloc(1, sizeof(*t));

	t->caption = xstrdup(caption != NULL ? caption : "");
	t->n_cols = n_cols;
	t->headers = xcalloc(n_cols, sizeof(char *));
	return t;
}

void
doc_table_set_header(struct doc_table *t, size_t col, const char *s)
{
	free(t->headers[col]);
	t->headers[col] = xstrdup(s);
}

char **
doc_table_add_rows(struct doc_table *t, size_t n)
{
	char **rows;

	if (t->n_cols == 0) {
		t->n_rows += n;
		return NULL;
	}
	if (t->n_rows + n > t->cap_rows) {
		if (t->cap_rows == 0)
			t->cap_rows = 16;
		while (t->cap_rows < t->n_rows + n)
			t->cap_rows *= 2;
		t->cells = xreallocarray(t->cells, t->cap_rows * t->n_cols,
		    sizeof(char *));
	}
	rows = t->cells + t->n_rows * t->n_cols;
	t->n_rows += n;
	return rows;
}

static char **
new_row(struct doc_table *t)
{
	return doc_table_add_rows(t, 1);
}

/*
 * The cells' copies live in the table's arena: a list of 100,000
 * applicants makes 400,000 cells, and a malloc each costs more than the
 * text.
 */
void
doc_table_add_row(struct doc_table *t, const char *const *cells)
{
	char **row;
	size_t i;

	if ((row = new_row(t)) == NULL)
		return;
	for (i = 0; i < t->n_cols; i++)
		row[i] = arena_strdup(&t->text, cells[i] != NULL ? cells[i] : "");
}

void
doc_table_free(struct doc_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n_cols; i++)
		free(t->headers[i]);
	arena_free(&t->text);		/* the cells' copies */
	free(t->sums);
	free(t->headers);
	free(t->cells);
	free(t->caption);
	free(t);
}

cmark_node *
doc_table_node(struct doc_table *t)
{
	cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);

	cmark_node_set_on_enter(n, table_marker);
	cmark_node_set_user_data(n, t);
	return n;
}

struct doc_table *
doc_block_table(cmark_node *n)
{
	const char *mark;

	if (cmark_node_get_type(n) != CMARK_NODE_CUSTOM_BLOCK)
		return NULL;
	mark = cmark_node_get_on_enter(n);
	if (mark == NULL || strcmp(mark, table_marker) != 0)
		return NULL;
	return cmark_node_get_user_data(n);
}
