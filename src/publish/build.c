/*
 * build: compose → render each format → publish. Compose gives documents
 * and writes nothing (compose/compose.h: the notices; compose/document.h:
 * the site's pages and the certificates); render turns each into bytes
 * (format/ for the notices' packages, render/ for the rest); each file goes
 * into a fresh folder beside the output as it is rendered (publish_begin),
 * and the folder replaces the output only when every document rendered.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "base/i18n.h"
#include "base/util.h"
#include "compose/certificate.h"
#include "compose/compose.h"
#include "compose/site.h"
#include "compose/verify.h"
#include "format/odt.h"
#include "publish/build.h"
#include "publish/checksums.h"
#include "publish/incr.h"
#include "publish/outset.h"
#include "publish/publish.h"
#include "publish/stamp.h"
#include "render/render.h"

struct counts {
	size_t	html, markdown, odt;
};

/*
 * The archive-only ODT packages (each recommending unit's list, the letters)
 * are made on a second thread while the main thread makes the public ones,
 * the certificates and the site: the machine has two cores. The split
 * keeps memory flat: the long public lists are never rendered twice at
 * once. The threads share the document trees, only read (frozen first, see
 * doc_freeze), and the style; only the main thread touches the disk and
 * the diagnostics, in the documents' order, so output and messages are the
 * same as from one thread. The worker has its own copy of the style: the
 * compressed styles.xml is read through a libzip archive, which keeps
 * state of its own and may not be shared between threads.
 */
struct odt_job {
	const struct composed_list *docs;
	const struct odt_style	*style;
	struct buf		*pkgs;	/* docs->n packages */
	char			**errs;	/* docs->n messages, NULL when fine */
	bool			*on_worker;	/* docs->n: which thread makes it */
};

/*
 * A list at least this long is never made on the worker: two of them at
 * once would double the memory a build needs (the 100,000-applicant
 * benchmark stays under 200 MB so).
 */
#define WORKER_MAX_ROWS	10000

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

/*
 * Shares the packages out. The main thread also makes the certificates
 * and the whole site, about half as much work as the packages, so the
 * worker takes about three quarters of the packages: the archive-only
 * ones (each unit's list, the letters) first, then public ones short
 * enough, in order.
 */
static void
odt_share(struct odt_job *job)
{
	const struct composed_list *docs = job->docs;
	size_t i, *rows = xcalloc(docs->n, sizeof(size_t));
	size_t total = 0, load = 0;

	for (i = 0; i < docs->n; i++)
		total += rows[i] = 1 + doc_rows(docs->v[i].doc);
	for (i = 0; i < docs->n; i++)
		if (!docs->v[i].public) {
			job->on_worker[i] = true;
			load += rows[i];
		}
	for (i = 0; i < docs->n; i++)
		if (docs->v[i].public && rows[i] < WORKER_MAX_ROWS &&
		    load + rows[i] <= total / 4 * 3) {
			job->on_worker[i] = true;
			load += rows[i];
		}
	free(rows);
}

/* Makes the packages of one thread's share. */
static void
odt_render(struct odt_job *job, bool worker)
{
	const struct doc *d;
	size_t i;

	for (i = 0; i < job->docs->n; i++) {
		if (job->on_worker[i] != worker)
			continue;
		d = job->docs->v[i].doc;
		(void)odt_write(d, job->style, odt_timestamp(d->date),
		    &job->pkgs[i], &job->errs[i]);
	}
}

static void *
odt_worker(void *arg)
{
	odt_render(arg, true);
	return NULL;
}

/*
 * Starts the worker on its share, with worker_style (a second load of the
 * same templates); job->style is the main thread's.
 */
static bool
odt_start(struct odt_job *job, pthread_t *tid, struct composed_list *docs,
    const struct odt_style *style, const struct odt_style *worker_style)
{
	struct odt_job *wjob = &job[1];
	size_t i;

	for (i = 0; i < docs->n; i++)
		doc_freeze(docs->v[i].doc);
	xmlInitParser();	/* libxml2's globals, before a second thread */
	job->docs = docs;
	job->style = style;
	job->pkgs = xcalloc(docs->n, sizeof(*job->pkgs));
	job->errs = xcalloc(docs->n, sizeof(*job->errs));
	job->on_worker = xcalloc(docs->n, sizeof(*job->on_worker));
	odt_share(job);
	*wjob = *job;
	wjob->style = worker_style;
	if (pthread_create(tid, NULL, odt_worker, wjob) == 0)
		return true;
	odt_worker(wjob);	/* no thread to be had: do it here */
	return false;
}

/* The site's copy of a public package: the same file, linked (DESIGN §3). */
static void
add_site_copy(struct outset *out, const struct composed *c, const char *arch)
{
	char *path;

	if (!c->public)
		return;
	path = xasprintf("site/%d/%s.odt", c->doc->year, c->doc->name);
	outset_add_twin(out, path, arch);
	free(path);
}

/*
 * The packages to make (todo): those the last build's cannot stand for
 * (publish/incr.h); the others go into the output now, with their copies.
 */
static void
odt_reuse(struct incr *inc, const struct composed_list *docs,
    struct composed_list *todo, struct counts *n)
{
	const struct composed *c;
	char *arch;
	size_t i;

	todo->v = xcalloc(docs->n + 1, sizeof(*todo->v));
	todo->n = 0;
	for (i = 0; i < docs->n; i++) {
		c = &docs->v[i];
		arch = xasprintf("archive/%s", c->archive_path);
		if (incr_reuse_odt(inc, arch, c->doc, odt_timestamp(c->doc->date))) {
			add_site_copy(inc->out, c, arch);
			n->odt++;
		} else
			todo->v[todo->n++] = *c;
		free(arch);
	}
}

/* Waits for the packages; adds each to the archive, and the site for public ones. */
static bool
odt_finish(struct odt_job *job, pthread_t *tid, bool threaded,
    struct outset *out, struct counts *n, struct diag *diag)
{
	const struct composed_list *docs = job->docs;
	const struct composed *c;
	char *arch;
	size_t i;
	bool ok = true;

	if (threaded)
		pthread_join(*tid, NULL);
	for (i = 0; i < docs->n; i++) {
		c = &docs->v[i];
		if (job->errs[i] != NULL) {
			diag_error(diag, c->archive_path, 0, "%s", job->errs[i]);
			free(job->errs[i]);
			ok = false;
		} else if (ok) {
			arch = xasprintf("archive/%s", c->archive_path);
			outset_add(out, arch, &job->pkgs[i]);
			add_site_copy(out, c, arch);
			free(arch);
			n->odt++;
		}
		buf_free(&job->pkgs[i]);
	}
	free(job->pkgs);
	free(job->errs);
	free(job->on_worker);
	return ok;
}

/* The certificates: archive only (DESIGN §3). */
static bool
render_certificates(const struct state *st, const char *templates,
    struct incr *inc, struct counts *n, struct diag *diag)
{
	struct document_list docs;
	bool ok;

	documents_init(&docs);
	ok = certificates_compose(st, templates, &docs, diag) &&
	    render_documents_reusing(&docs, 0, templates, incr_reuse_document,
	    incr_emit, inc, diag);
	if (ok)
		n->odt += docs.n;
	documents_free(&docs);
	return ok;
}

/* The site: pages of the public documents, indexes, feed, sitemap. */
static bool
render_site(const struct state *st, const struct composed_list *docs,
    const char *templates, struct incr *inc, struct counts *n,
    struct diag *diag)
{
	struct site_doc *pub = xcalloc(docs->n, sizeof(*pub));
	struct document_list pages;
	size_t i, k = 0;
	bool ok;

	for (i = 0; i < docs->n; i++)
		if (docs->v[i].public) {
			pub[k].doc = docs->v[i].doc;
			pub[k++].has_odt = true;
		}
	/* The verification pages first: the cycle pages link to them. */
	documents_init(&pages);
	ok = verify_compose(st, templates, &pages, diag) &&
	    site_compose(st, pub, k, templates, &pages, diag) &&
	    render_documents_reusing(&pages, 0, templates, incr_reuse_document,
	    incr_emit, inc, diag);
	n->html += k;
	n->markdown += k;
	documents_free(&pages);
	free(pub);
	return ok;
}

static int
add_checksums(struct outset *out)
{
	struct buf b;

	buf_init(&b);
	if (!checksums_sha256sums(out, "archive/", &b)) {
		fprintf(stderr, _("gongshi: cannot read back the archive to "
		    "checksum it: %s\n"), strerror(errno));
		buf_free(&b);
		return EXIT_SYSTEM;
	}
	outset_add(out, "archive/SHA256SUMS", &b);
	return 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

bool
build_up_to_date(const char *content, const char *templates,
    const char *output, char digest[static 65])
{
	struct timespec t0;
	struct stamp old;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!stamp_digest(content, templates, digest))
		return false;
	if (!stamp_check(output, digest, &old))
		return false;
	if (old.warnings != NULL)
		fputs(old.warnings, stderr);
	printf(_("gongshi: nothing changed since the last build: %zu HTML, %zu "
	    "Markdown, %zu ODT documents (%zu files) in %s are up to date "
	    "(%.0f ms)\n"), old.html, old.markdown, old.odt, old.files, output,
	    seconds_since(&t0) * 1000);
	stamp_free(&old);
	return true;
}

/*
 * Records the inputs of a published build for the next one. Failing that
 * only costs the next build its shortcut, so it is said but not fatal.
 */
static void
record_stamp(const char *output, const struct build_inputs *in,
    const struct counts *n, size_t files, const struct incr *inc)
{
	struct stamp s;

	if (in == NULL || in->digest == NULL || *in->digest == '\0')
		return;
	memset(&s, 0, sizeof(s));
	snprintf(s.digest, sizeof(s.digest), "%s", in->digest);
	s.html = n->html;
	s.markdown = n->markdown;
	s.odt = n->odt;
	s.files = files;
	s.warnings = (char *)in->warnings;
	s.rendered = &inc->now;
	if (!stamp_write(output, &s))
		fprintf(stderr, _("gongshi: cannot write %s/%s (%s); the next "
		    "build will render everything again\n"), output, STAMP_FILE,
		    strerror(errno));
}

/* Starts writing: into output, or into the site and archive folders apart. */
static int
begin_output(struct outset *out, const struct build_options *o)
{
	if (o->site == NULL && o->archive == NULL)
		return publish_begin(out, o->output);
	return publish_split_begin(out, o->site, o->archive);
}

/* The sink of a check: what was rendered is dropped at once. */
static void
discard_file(struct outset *o, struct outfile *f)
{
	(void)o;
	free(f->data);
	f->data = NULL;
}

/*
 * Renders every document (each file goes to the outset's sink as it is
 * made) but those the last build's files stand for (publish/incr.h).
 */
static bool
render_all(struct state *st, const char *templates, struct composed_list *docs,
    struct odt_style *style, struct odt_style *worker_style,
    struct incr *inc, struct counts *n, struct diag *d)
{
	struct odt_job job[2];	/* the main thread's, the worker's */
	struct composed_list todo;
	pthread_t tid;
	bool threaded, ok;

	odt_reuse(inc, docs, &todo, n);
	threaded = odt_start(job, &tid, &todo, style, worker_style);
	odt_render(&job[0], false);
	ok = render_certificates(st, templates, inc, n, d);
	ok = render_site(st, docs, templates, inc, n, d) && ok;
	ok = odt_finish(&job[0], &tid, threaded, inc->out, n, d) && ok;
	free(todo.v);	/* its documents are docs' */
	return ok;
}

/* Whether this build writes a stamp, and so keeps what rendered what. */
static bool
keeps_stamp(const struct build_options *o, const struct build_inputs *in)
{
	return !o->check_only && o->site == NULL && o->archive == NULL &&
	    in != NULL && in->digest != NULL && *in->digest != '\0';
}

/* The summary line of a build that published. */
static void
print_summary(const struct build_options *o, const struct counts *n,
    size_t files, double secs)
{
	if (o->quiet)
		return;
	if (o->site == NULL && o->archive == NULL)
		printf(_("gongshi: wrote %zu HTML, %zu Markdown, %zu ODT documents "
		    "(%zu files) to %s in %.0f ms\n"), n->html, n->markdown,
		    n->odt, files, o->output, secs * 1000);
	else
		printf(_("gongshi: wrote %zu HTML, %zu Markdown, %zu ODT documents "
		    "(%zu files): the site to %s, the archive to %s, in %.0f ms\n"),
		    n->html, n->markdown, n->odt, files, o->site, o->archive,
		    secs * 1000);
}

int
build_run(struct state *st, const struct build_options *o,
    const struct build_inputs *in, struct diag *d)
{
	struct composed_list docs = { NULL, 0 };
	struct odt_style *style = NULL;
	struct odt_style *worker_style = NULL;
	struct counts n = { 0, 0, 0 };
	struct timespec t0;
	struct outset out;
	struct incr inc;
	bool ok;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	outset_init(&out);
	ok = compose_all(st, o->templates, &docs, d);
	if (ok && ((style = odt_style_load(o->templates, d)) == NULL ||
	    (worker_style = odt_style_load(o->templates, d)) == NULL))
		ok = false;
	/*
	 * From here on each file goes to disk (beside the output) as soon as
	 * it is rendered: memory holds one document's files at a time. A
	 * check drops each file as it is made.
	 */
	if (ok && o->check_only)
		out.sink = discard_file;
	else if (ok)
		rc = begin_output(&out, o);
	incr_init(&inc, &out, o->templates, ok && rc == 0 && keeps_stamp(o, in));
	if (ok && rc == 0)
		ok = render_all(st, o->templates, &docs, style, worker_style,
		    &inc, &n, d);
	else
		ok = false;
	if (ok && !o->check_only && (rc = add_checksums(&out)) == 0 &&
	    (rc = publish_outset(&out, o->output)) == 0) {
		if (o->site == NULL && o->archive == NULL)
			record_stamp(o->output, in, &n, out.n, &inc);
		print_summary(o, &n, out.n, seconds_since(&t0));
		if (!o->quiet)
			incr_print(&inc);
	}
	publish_abort(&out);	/* the half-written folders of a failed build */
	if (rc == 0 && !ok)
		rc = d->system > 0 ? EXIT_SYSTEM : EXIT_CONTENT;
	odt_style_free(style);
	odt_style_free(worker_style);
	incr_free(&inc);
	composed_list_free(&docs);
	outset_free(&out);
	return rc;
}
