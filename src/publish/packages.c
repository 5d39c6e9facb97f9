/*
 * packages: every document's ODT package, made on both cores (packages.h).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "base/trace.h"
#include "base/util.h"
#include "publish/packages.h"

/* One document's package on its way. */
struct slot {
	struct packages	*all;
	size_t		 i;		/* in docs */
	size_t		 rows;		/* a measure of its work */
	size_t		 link;		/* 1 + its place among the long lists, or 0 */
	struct odt_pkg	*pkg;		/* between odt_prepare and odt_assemble */
	atomic_size_t	 left;		/* pieces not deflated yet, and the XML */
	atomic_bool	 done;		/* pkg or err is final (packages_done) */
};

static void	prepare(void *);

/* Table rows of a document: a measure of the work its package takes. */
static size_t
doc_rows(const struct doc *d)
{
	cmark_node *n;
	struct doc_table *t;
	size_t rows = 0;

	for (n = cmark_node_first_child(d->body); n != NULL;
	    n = cmark_node_next(n))
		if ((t = doc_block_table(n)) != NULL)
			rows += t->n_rows;
	return rows;
}

/* The next long list, once the one before is packaged (or failed). */
static void
chain_next(struct slot *s)
{
	struct packages *p = s->all;

	if (s->link > 0 && s->link < p->n_chain)
		workq_push(p->q, WORKQ_SOON, prepare, p->chain[s->link]);
}

/* The pieces' offsets, from content.xml's (at in the package) to the file's. */
static void
place_pieces(struct dreuse *r, size_t at)
{
	size_t i;

	if (at == 0) {		/* not found: none listed, none taken next time */
		free(r->now);
		r->now = NULL;
		r->n_now = 0;
	}
	for (i = 0; i < r->n_now; i++)
		r->now[i].off += at;
}

static void
assemble(struct slot *s)
{
	struct packages *p = s->all;
	struct trace_span span;
	size_t at;

	trace_begin(&span, "assemble a package");
	if (odt_assemble(s->pkg, &p->pkg[s->i], &at, &p->err[s->i]))
		place_pieces(&p->reuse[s->i], at);
	s->pkg = NULL;
	atomic_store(&s->done, true);
	trace_end(&span);
	chain_next(s);
}

/* One piece of a long content.xml; the last one done packages it. */
static void
deflate_one(void *arg)
{
	struct dpiece *pc = arg;
	struct slot *s = pc->arg;
	struct trace_span span;

	trace_begin(&span, "deflate a piece");
	dpiece_deflate(pc);
	trace_end(&span);
	if (atomic_fetch_sub(&s->left, 1) == 1)
		assemble(s);
}

/* A piece of content.xml as it is written, for either thread. */
static void
queue_piece(void *arg, struct dpiece *pc)
{
	struct slot *s = arg;

	atomic_fetch_add(&s->left, 1);
	workq_push(s->all->q, WORKQ_NOW, deflate_one, pc);
}

/*
 * A document's XML, some of its pieces queued for both threads as they
 * are written; packaged by whichever finishes last, this or a piece.
 */
static void
prepare(void *arg)
{
	struct slot *s = arg;
	struct packages *p = s->all;
	const struct doc *d = p->docs->v[s->i].doc;
	struct dreuse *r = &p->reuse[s->i];
	struct trace_span span;
	struct odt_pkg *pkg;
	char *path;
	bool keyed = false;

	if (p->inc != NULL) {
		path = xasprintf("archive/%s", p->docs->v[s->i].archive_path);
		keyed = incr_old_pieces(p->inc, path, r);
		free(path);
	}
	atomic_store(&s->left, 1);
	trace_begin(&span, s->link > 0 ? "a long list's package" : "a package");
	pkg = odt_prepare(d, p->style, odt_timestamp(d->date), queue_piece, s,
	    keyed ? r : NULL, &p->err[s->i]);
	trace_end(&span);
	/* every piece is cut: nothing more is read from the old file */
	dreuse_close(r);
	if (pkg == NULL) {
		/* it failed before content.xml: no piece was queued */
		atomic_store(&s->done, true);
		chain_next(s);
		return;
	}
	s->pkg = pkg;
	if (atomic_fetch_sub(&s->left, 1) == 1)
		assemble(s);
}

/* Longest first; in the documents' order among equals. */
static int
by_rows(const void *a, const void *b)
{
	const struct slot *x = *(struct slot *const *)a;
	const struct slot *y = *(struct slot *const *)b;

	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

struct packages *
packages_start(struct workq *q, struct composed_list *docs,
    const struct odt_style *style, struct incr *inc)
{
	struct packages *p = xcalloc(1, sizeof(*p));
	struct slot **order;
	size_t i;

	for (i = 0; i < docs->n; i++)
		doc_freeze(docs->v[i].doc);
	xmlInitParser();	/* libxml2's globals, before a second thread */
	p->docs = docs;
	p->style = style;
	p->inc = inc;
	p->q = q;
	p->pkg = xcalloc(docs->n, sizeof(*p->pkg));
	p->err = xcalloc(docs->n, sizeof(*p->err));
	p->slot = xcalloc(docs->n, sizeof(*p->slot));
	p->reuse = xcalloc(docs->n + 1, sizeof(*p->reuse));
	for (i = 0; i < docs->n; i++) {
		p->reuse[i].fd = -1;
		p->slot[i].all = p;
		p->slot[i].i = i;
		p->slot[i].rows = 1 + doc_rows(docs->v[i].doc);
		atomic_init(&p->slot[i].left, 0);
		atomic_init(&p->slot[i].done, false);
	}
	order = xcalloc(docs->n + 1, sizeof(*order));
	for (i = 0; i < docs->n; i++)
		order[i] = &p->slot[i];
	qsort(order, docs->n, sizeof(*order), by_rows);
	p->chain = order;	/* its first n_chain: the long lists */
	while (p->n_chain < docs->n &&
	    order[p->n_chain]->rows >= PACKAGES_LONG_ROWS) {
		order[p->n_chain]->link = p->n_chain + 1;
		p->n_chain++;
	}
	if (p->n_chain > 0)
		workq_push(q, WORKQ_SOON, prepare, order[0]);
	for (i = p->n_chain; i < docs->n; i++)
		workq_push(q, WORKQ_LATER, prepare, order[i]);
	return p;
}

bool
packages_done(const struct packages *p, size_t i)
{
	return atomic_load(&p->slot[i].done);
}

void
packages_free(struct packages *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->docs->n; i++) {
		buf_free(&p->pkg[i]);
		free(p->err[i]);
		odt_pkg_free(p->slot[i].pkg);
		dreuse_free(&p->reuse[i]);
	}
	free(p->reuse);
	free(p->pkg);
	free(p->err);
	free(p->slot);
	free(p->chain);
	free(p);
}
