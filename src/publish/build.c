/*
 * build: compose → render each format → publish. Compose gives documents
 * and writes nothing (compose/compose.h: the notices; compose/document.h:
 * the site's pages and the certificates); render turns each into bytes
 * (format/ for the notices' packages, render/ for the rest); each file goes
 * into a fresh folder beside the output as it is rendered (publish_begin),
 * and the folder replaces the output only when every document rendered.
 * The second thread of a work queue (base/workq.h) begins the output beside
 * the checks (build_prepare) or compose, renders the certificates beside
 * compose (certs_start) and shares the packages (publish/packages.h).
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "base/i18n.h"
#include "base/trace.h"
#include "base/util.h"
#include "base/workq.h"
#include "compose/certificate.h"
#include "compose/compose.h"
#include "compose/site.h"
#include "compose/verify.h"
#include "format/doc.h"
#include "publish/cycles.h"
#include "format/odt.h"
#include "load/regcache.h"
#include "publish/build.h"
#include "publish/checksums.h"
#include "publish/digest.h"
#include "publish/incr.h"
#include "publish/outset.h"
#include "publish/packages.h"
#include "publish/publish.h"
#include "publish/stamp.h"
#include "render/digest.h"
#include "render/render.h"

struct counts {
	size_t	html, markdown, odt;
};

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
		if (c->kept)
			incr_keep_old(inc, arch);
		if (c->kept || incr_reuse_odt(inc, arch, c->doc,
		    odt_timestamp(c->doc->date))) {
			add_site_copy(inc->out, c, arch);
			n->odt++;
		} else
			todo->v[todo->n++] = *c;
		free(arch);
	}
}

/* The digest of one notice's tree, on either thread (prime_digests). */
struct doc_hash {
	struct doc	*doc;
	struct hash	 h;
	atomic_size_t	*left;		/* of the notices' digests */
};

/* Frozen first (doc_freeze: a long list's row digests): then read only. */
static void
hash_doc(void *arg)
{
	struct doc_hash *dh = arg;

	doc_freeze(dh->doc);
	digest_doc(dh->doc, &dh->h);
	atomic_fetch_sub(dh->left, 1);
}

static bool
none_left(void *arg)
{
	return atomic_load((atomic_size_t *)arg) == 0;
}

/*
 * The notices' trees digested on both threads for what odt_reuse() and
 * the site's pages then digest on this one (render/digest.h), each tree
 * frozen by the task that digests it: the long lists' digests of their
 * rows (format/pieces.h) are most of it.
 */
static void
prime_digests(struct workq *q, struct incr *inc,
    const struct composed_list *docs)
{
	struct doc_hash *v;
	atomic_size_t left;
	size_t i;

	if (!inc->on || docs->n == 0)
		return;
	v = xcalloc(docs->n, sizeof(*v));
	atomic_init(&left, docs->n);
	for (i = 0; i < docs->n; i++) {
		v[i].doc = docs->v[i].doc;
		v[i].left = &left;
		workq_push(q, WORKQ_NOW, hash_doc, &v[i]);
	}
	/* not the certificates beside: their own digests */
	workq_help_until(q, WORKQ_NOW, none_left, &left);
	for (i = 0; i < docs->n; i++)
		digests_know_doc(&inc->dg, v[i].doc, &v[i].h);
	free(v);
}

/*
 * Adds the packages from the first not added yet (*next) as far as they
 * are made, to the archive, and the site for public ones, in order: a
 * failed one is said, and none after it is added. False once one failed.
 */
static bool
add_packages(const struct packages *pk, size_t *next, struct incr *inc,
    struct counts *n, bool ok, struct diag *diag)
{
	const struct composed_list *docs = pk->docs;
	const struct composed *c;
	char *arch;
	size_t i;

	for (i = *next; i < docs->n && packages_done(pk, i); i++) {
		c = &docs->v[i];
		if (pk->err[i] != NULL) {
			diag_error(diag, c->archive_path, 0, "%s", pk->err[i]);
			ok = false;
		} else if (ok) {
			arch = xasprintf("archive/%s", c->archive_path);
			outset_add(inc->out, arch, &pk->pkg[i]);
			add_site_copy(inc->out, c, arch);
			incr_keep_pieces(inc, arch, &pk->reuse[i]);
			free(arch);
			n->odt++;
		}
	}
	*next = i;
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

/*
 * The certificates of a build that can take none from a last one (no
 * stamp: each is rendered anyway), composed and rendered on the queue's
 * other thread while this one composes the notices; this thread then
 * hands them to the build in their order (certs_emit) as
 * render_certificates would have, with the digests taken beside.
 * Those are taken with digests of their own: the build's (inc->dg) are
 * the notices' and the site's meanwhile, and the values are the same.
 */
struct certs_beside {
	const struct state *st;
	const char	*templates;
	bool		 digest;	/* a stamp will list them (inc->on) */
	struct digests	 dg;
	struct document_list docs;
	struct buf	*bytes;		/* docs.n, each document's file */
	struct hash	*h;		/* docs.n, its digest */
	bool		*hashed;	/* docs.n, whether it could be taken */
	size_t		 asked;		/* the documents digested, in order */
	size_t		 made;		/* and rendered, up to the first failure */
	bool		 ok;
	struct diag	 diag;
	atomic_bool	 done;
};

/* render_reuse of certs_beside: digests, and renders every one. */
static bool
cert_digest(void *arg, const struct document *d)
{
	struct certs_beside *c = arg;
	size_t i = c->asked++;

	if (c->digest)
		c->hashed[i] = digest_document(&c->dg, d, &c->h[i]);
	return false;
}

/* render_emit of certs_beside: the file kept for certs_emit. */
static void
cert_keep(void *arg, const char *path, struct buf *b)
{
	struct certs_beside *c = arg;

	(void)path;
	c->bytes[c->asked - 1] = *b;
	buf_init(b);
	c->made = c->asked;
}

static void
certs_render(void *arg)
{
	struct certs_beside *c = arg;
	struct trace_span span;
	size_t n;

	trace_begin(&span, "certificates, beside compose");
	c->ok = certificates_compose(c->st, c->templates, &c->docs, &c->diag);
	if (c->ok) {
		n = c->docs.n + 1;
		c->bytes = xcalloc(n, sizeof(*c->bytes));
		c->h = xcalloc(n, sizeof(*c->h));
		c->hashed = xcalloc(n, sizeof(*c->hashed));
		c->ok = render_documents_reusing(&c->docs, 0, c->templates,
		    cert_digest, cert_keep, c, &c->diag);
	}
	trace_end(&span);
	atomic_store(&c->done, true);
}

static bool
certs_done(void *arg)
{
	return atomic_load(&((struct certs_beside *)arg)->done);
}

/*
 * Starts the certificates beside compose when every one will be rendered
 * (nothing to take from a last build), or returns NULL: they are then
 * rendered in their turn (render_certificates). The cycles' kept marks
 * are final (compose reads them, as this does).
 */
static struct certs_beside *
certs_start(struct workq *q, const struct state *st, const char *templates,
    const struct incr *inc)
{
	struct certs_beside *c;

	if (inc->on && inc->old.n_list > 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->st = st;
	c->templates = templates;
	c->digest = inc->on;
	if (c->digest)
		digests_init(&c->dg, templates, stamp_program());
	documents_init(&c->docs);
	diag_init(&c->diag);
	atomic_init(&c->done, false);
	/* after the tasks the build waits for: this one it need not */
	workq_push(q, WORKQ_LATER, certs_render, c);
	return c;
}

/*
 * The certificates rendered beside, to the build in their order, as
 * render_certificates would have: each digest told, each file emitted;
 * their messages into diag. Waits for them (normally done by now).
 */
static bool
certs_emit(struct workq *q, struct certs_beside *c, struct incr *inc,
    struct counts *n, struct diag *diag)
{
	size_t i;

	workq_help_until(q, WORKQ_LATER, certs_done, c);
	diag_append(diag, &c->diag);
	for (i = 0; i < c->asked; i++)
		if (!incr_reuse(inc, c->docs.v[i].path, c->hashed[i],
		    &c->h[i]) && i < c->made)
			incr_emit(inc, c->docs.v[i].path, &c->bytes[i]);
	if (c->ok)
		n->odt += c->docs.n;
	return c->ok;
}

static void
certs_free(struct certs_beside *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; c->bytes != NULL && i < c->docs.n; i++)
		buf_free(&c->bytes[i]);
	free(c->bytes);
	free(c->h);
	free(c->hashed);
	documents_free(&c->docs);
	if (c->digest)
		digests_free(&c->dg);
	diag_free(&c->diag);
	free(c);
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
			pub[k].kept = docs->v[i].kept;
			pub[k++].has_odt = true;
		}
	/* The verification pages first: the cycle pages link to them. */
	documents_init(&pages);
	ok = verify_compose(st, templates, &pages, diag) &&
	    site_compose(st, pub, k, templates, &pages, diag) &&
	    render_documents_pieces(&pages, 0, templates, incr_reuse_document,
	    incr_pieces, incr_emit, inc, diag);
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
	if (!checksums_sha256sums(out, CHECKSUMS_DIR, &b)) {
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

static struct timespec	asked_at;	/* when build_up_to_date() began */

/* Whether output's stamp has digest; if so, says so as a build would have. */
static bool
stamp_matches(const char *output, const char *digest)
{
	struct stamp old;

	if (*digest == '\0' || !stamp_check(output, digest, &old))
		return false;
	if (old.warnings != NULL)
		fputs(old.warnings, stderr);
	printf(_("gongshi: nothing changed since the last build: %zu HTML, %zu "
	    "Markdown, %zu ODT documents (%zu files) in %s are up to date "
	    "(%.0f ms)\n"), old.html, old.markdown, old.odt, old.files, output,
	    seconds_since(&asked_at) * 1000);
	stamp_free(&old);
	return true;
}

bool
build_up_to_date(const char *content, const char *templates,
    const char *output, char digest[static 65])
{
	clock_gettime(CLOCK_MONOTONIC, &asked_at);
	if (digest_likely_changed(content, templates, output)) {
		digest_start(content, templates, digest);	/* beside the load */
		return false;
	}
	return digest_now(digest) && stamp_matches(output, digest);
}

bool
build_up_to_date_after_load(const char *output, char digest[static 65])
{
	return digest_wait() && stamp_matches(output, digest);
}

/*
 * Records the inputs of a build for the next one, in the new output
 * before it is swapped in (out->spool), listing its files as they were
 * placed. Failing that only costs the next build its shortcut, so it is
 * said but not fatal.
 */
static void
record_stamp(const struct outset *out, const char *output,
    const struct build_inputs *in, const struct counts *n,
    const struct incr *inc)
{
	struct stamp s;
	struct stamp_file *listing;
	size_t files = out->n;

	digest_wait();
	if (in == NULL || in->digest == NULL || *in->digest == '\0' ||
	    out->spool == NULL)
		return;
	memset(&s, 0, sizeof(s));
	listing = outset_listing(out, &s.n_list);
	s.list = listing;
	snprintf(s.digest, sizeof(s.digest), "%s", in->digest);
	s.html = n->html;
	s.markdown = n->markdown;
	s.odt = n->odt;
	s.files = files;
	s.warnings = (char *)in->warnings;
	s.rendered = &inc->now;
	s.kept = &inc->kept;
	if (!stamp_write(out->spool, &s))
		fprintf(stderr, _("gongshi: cannot write %s/%s (%s); the next "
		    "build will render everything again\n"), output, STAMP_FILE,
		    strerror(errno));
	free(listing);
}

/*
 * The registers as this build parsed them (load/regcache.h) went into the
 * new output before it is swapped in (begin_beside); a failure is said
 * here, after the build. It only costs the next build its parsing, so it
 * is not fatal.
 */
static void
keep_registers(const char *output, int err)
{
	if (err == 0)
		return;
	fprintf(stderr, _("gongshi: cannot write %s/%s (%s); the next build "
	    "will read every register again\n"), output, REGCACHE_FILE,
	    strerror(err));
}

/*
 * The output begun, and the registers written into it, on the queue's
 * other thread while this one composes: neither needs the documents. The
 * output is begun before the templates are known to be sound; when they
 * are not, it is undone (publish_abort) as after any failure: a folder
 * made afresh removed, the previous output kept beside left no more as
 * recorded, so that the build after a template error makes it afresh.
 * A folder made afresh is begun even before, beside the checks
 * (build_prepare), when nothing but itself is undone if they fail.
 */
struct beginning {
	struct outset	*out;
	char		*output;	/* or, when site or archive is not NULL, */
	const char	*site, *archive;	/* the folders apart */
	bool		 afresh;	/* only a folder made afresh (publish_begin_afresh) */
	bool		 keep;		/* write the registers too */
	int		 rc;		/* begin_output's */
	bool		 began;		/* rc 0: the output is begun */
	int		 kept_errno;	/* regcache_write's, or 0 */
	atomic_bool	 done;
	/*
	 * The beginning beside the checks, when there was one (build_prepare):
	 * waited for first (on q), and taken as it is when it began or failed.
	 */
	struct beginning *after;
	struct workq	*q;
};

/* Starts writing: into output, or into the site and archive folders apart. */
static int
begin_output(struct beginning *b)
{
	b->began = true;
	if (b->afresh)
		return publish_begin_afresh(b->out, b->output, &b->began);
	if (b->site == NULL && b->archive == NULL)
		return publish_begin(b->out, b->output);
	return publish_split_begin(b->out, b->site, b->archive);
}

static bool	begin_done(void *);

/* Whether the beginning beside the checks stands for b (then copied). */
static bool
began_before(struct beginning *b)
{
	struct beginning *a = b->after;

	if (a == NULL)
		return false;
	workq_help_until(b->q, WORKQ_NOW, begin_done, a);	/* normally done */
	if (a->rc == 0 && !a->began)
		return false;	/* a sibling as recorded: begun now */
	b->rc = a->rc;
	b->began = a->began;
	b->kept_errno = a->kept_errno;
	return true;
}

static void
begin_beside(void *arg)
{
	struct beginning *b = arg;
	struct trace_span span;

	if (began_before(b)) {
		atomic_store(&b->done, true);
		return;
	}
	trace_begin(&span, "begin the output, keep the registers");
	b->rc = begin_output(b);
	if (b->rc == 0 && b->began && b->keep && b->out->spool != NULL &&
	    !regcache_write(b->out->spool))
		b->kept_errno = errno != 0 ? errno : EIO;
	trace_end(&span);
	atomic_store(&b->done, true);
}

static bool
begin_done(void *arg)
{
	return atomic_load(&((struct beginning *)arg)->done);
}

/*
 * The ODT styles read beside compose too: their messages are told after
 * compose's, and only when compose succeeded, as when read after it.
 */
struct styling {
	const char	*templates;
	struct odt_style *style;
	struct diag	 diag;
	atomic_bool	 done;
};

static void
style_beside(void *arg)
{
	struct styling *s = arg;
	struct trace_span span;

	trace_begin(&span, "read the styles");
	s->style = odt_style_load(s->templates, &s->diag);
	trace_end(&span);
	atomic_store(&s->done, true);
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
 * The certificates (those rendered beside compose, when certs is not
 * NULL) and the site, their messages in that order.
 */
static bool
certificates_and_site(struct workq *q, struct state *st,
    const char *templates, struct composed_list *docs,
    struct certs_beside *certs, struct incr *inc, struct counts *n,
    struct diag *d)
{
	struct trace_span span;
	struct diag sd;
	bool ok;

	if (certs == NULL) {
		trace_begin(&span, "certificates");
		ok = render_certificates(st, templates, inc, n, d);
		trace_end(&span);
		trace_begin(&span, "site");
		ok = render_site(st, docs, templates, inc, n, d) && ok;
		trace_end(&span);
		return ok;
	}
	diag_init(&sd);
	trace_begin(&span, "site");
	ok = render_site(st, docs, templates, inc, n, &sd);
	trace_end(&span);
	trace_begin(&span, "write the certificates made beside");
	ok = certs_emit(q, certs, inc, n, d) && ok;
	trace_end(&span);
	diag_append(d, &sd);
	diag_free(&sd);
	return ok;
}

/*
 * Renders every document (each file goes to the outset's sink as it is
 * made) but those the last build's files stand for (publish/incr.h).
 * The packages are made on both cores (publish/packages.h), the long
 * lists first, while this thread renders the certificates (unless they
 * were beside compose) and the site, which go to disk, and then helps;
 * between its tasks it adds the packages made, in the documents' order,
 * after the site's files.
 */
static bool
render_all(struct workq *q, struct state *st, const char *templates,
    struct composed_list *docs, const struct odt_style *style,
    struct certs_beside *certs, struct incr *inc, struct counts *n,
    struct diag *d)
{
	struct composed_list todo;
	struct trace_span span;
	struct packages *pk;
	size_t next = 0;
	bool ok, pkg_ok = true;

	trace_begin(&span, "digest the notices");
	prime_digests(q, inc, docs);
	trace_end(&span);
	trace_begin(&span, "queue the packages");
	odt_reuse(inc, docs, &todo, n);
	pk = packages_start(q, &todo, style, inc);
	trace_end(&span);
	ok = certificates_and_site(q, st, templates, docs, certs, inc, n, d);
	/* Helps, and writes each package as soon as those before it are. */
	trace_begin(&span, "help the queue, write the packages");
	do
		pkg_ok = add_packages(pk, &next, inc, n, pkg_ok, d);
	while (workq_step(q));
	ok = add_packages(pk, &next, inc, n, pkg_ok, d) && ok;
	trace_end(&span);
	trace_begin(&span, "free the packages");
	packages_free(pk);
	trace_end(&span);
	free(todo.v);	/* its documents are docs' */
	return ok;
}

static bool
has_old(void *inc, const char *path)
{
	return incr_has_old(inc, path);
}

struct pages_there {
	struct incr	*inc;
	bool		 all;
};

static void
page_there(void *arg, const char *path)
{
	struct pages_there *p = arg;

	p->all = p->all && incr_has_old(p->inc, path);
}

/*
 * Whether the pages a cycle's records make are all in the old output:
 * its cycle page, its certificates and their verification pages.
 */
static bool
cycle_pages_there(const struct cycle_state *cs, struct incr *inc)
{
	struct pages_there p = { inc, true };
	char *path = site_cycle_path(cs->cycle->year);

	page_there(&p, path);
	free(path);
	verify_paths(cs, page_there, &p);
	certificates_paths(cs, page_there, &p);
	return p.all;
}

/*
 * The cycles that did not change, whose documents are the last build's,
 * kept (publish/cycles.h): marked in st (kept), and true in the array
 * returned (to be freed), before anything is composed.
 */
static bool *
kept_cycles(struct state *st, struct cycles *cy, struct incr *inc)
{
	bool *skip = xcalloc(st->n_cycles + 1, sizeof(*skip));
	size_t ci;

	if (cy != NULL && cy->on && inc->on && cy->n == st->n_cycles)
		cycles_skip(cy, verify_has_pages(st), has_old, inc, skip);
	for (ci = 0; ci < st->n_cycles; ci++) {
		skip[ci] = skip[ci] && cycle_pages_there(&st->cycles[ci], inc);
		st->cycles[ci].kept = skip[ci];
		if (!skip[ci])
			cycles_note("compose", st->cycles[ci].cycle->dir);
	}
	return skip;
}

/* The documents of every cycle but those skipped (kept_cycles). */
static bool
compose_docs(struct state *st, const char *templates, struct cycles *cy,
    const bool *skip, struct composed_list *docs, struct diag *d)
{
	bool ok;

	ok = compose_cycles(st, templates, skip, docs, d);
	if (ok && cy != NULL && cy->n == st->n_cycles)
		cycles_merge(cy, skip, docs);
	return ok;
}

/* The cycles' keys and what the checks said, for the next build. */
static void
keep_cycles(const struct outset *out, const struct state *st,
    const struct cycles *cy, const struct composed_list *docs,
    const char *output)
{
	if (out->spool == NULL || cy == NULL || !cy->on ||
	    cycles_write(cy, out->spool, verify_has_pages(st), docs))
		return;
	fprintf(stderr, _("gongshi: cannot write %s/%s (%s); the next build "
	    "will check and compose every cycle again\n"), output, CYCLES_FILE,
	    strerror(errno));
}

/* Whether this build writes a stamp, and so keeps what rendered what. */
static bool
keeps_stamp(const struct build_options *o, const struct build_inputs *in)
{
	return !o->check_only && o->site == NULL && o->archive == NULL &&
	    in != NULL && in->digest != NULL && *in->digest != '\0';
}

/*
 * Publishes: every file on disk beside the output, the stamp with them,
 * then the swap (publish/publish.h).
 */
static int
publish_build(struct outset *out, const struct build_options *o,
    const struct build_inputs *in, const struct counts *n,
    const struct incr *inc)
{
	int rc;

	if ((rc = add_checksums(out)) != 0 || (rc = publish_finish(out)) != 0)
		return rc;
	if (keeps_stamp(o, in))
		record_stamp(out, o->output, in, n, inc);
	return publish_outset(out, o->output);
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

/*
 * What a build starts beside compose: the queue, the output begun with
 * the registers written into it, the styles read, on the second thread.
 * A folder made afresh is begun beside the checks already (prepared).
 * (Not a sibling as recorded: a build begun then and undone when they
 * fail, as content errors often make them, would leave the previous
 * output kept beside no more as recorded, and the next build would make
 * it afresh: publish/publish.h.)
 */
struct build_early {
	struct workq	*q;
	struct outset	 out;
	struct beginning b;		/* beside compose, or the checks */
	struct beginning late;		/* after the checks, when b was beside them */
	struct beginning *begin;	/* the one the build takes: b or late */
	struct styling	 sty;
};

static struct build_early *prepared;	/* build_prepare's, until taken */

static void	build_cancel(struct build_early *);

void
build_prepare(const char *output, const char *digest)
{
	struct build_early *e;

	if (*digest == '\0' || prepared != NULL)
		return;		/* no stamp kept: begun as it always was */
	e = prepared = xcalloc(1, sizeof(*e));
	e->q = workq_new();
	outset_init(&e->out);
	e->out.old = publish_output_folder(output);
	e->b.out = &e->out;
	e->b.output = xstrdup(output);
	e->b.afresh = true;
	e->b.keep = true;
	atomic_init(&e->b.done, false);
	workq_push(e->q, WORKQ_NOW, begin_beside, &e->b);
}

/*
 * The build prepared for o (its output begun beside the checks, or to be
 * begun after them: late, which takes the first beginning's outcome once
 * it is done), or NULL when none was prepared for it. Nothing is waited
 * for here: compose goes on beside the first beginning.
 */
static struct build_early *
take_prepared(const struct build_options *o, const struct build_inputs *in)
{
	struct build_early *e = prepared;

	if (e == NULL)
		return NULL;
	prepared = NULL;
	if (o->check_only || o->site != NULL || o->archive != NULL ||
	    !keeps_stamp(o, in) || strcmp(e->b.output, o->output) != 0) {
		build_cancel(e);	/* not this build's: never so */
		return NULL;
	}
	e->late.out = &e->out;
	e->late.output = e->b.output;
	e->late.keep = e->b.keep;
	e->late.after = &e->b;
	e->late.q = e->q;
	atomic_init(&e->late.done, false);
	e->begin = &e->late;
	return e;
}

static struct build_early *
build_early(const struct build_options *o, const struct build_inputs *in,
    struct incr *inc)
{
	struct build_early *e = take_prepared(o, in);

	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->q = workq_new();
		outset_init(&e->out);
		/*
		 * The last build's stamp is read before the output is begun
		 * beside (which then owns the outset): the cycles that did
		 * not change are not composed (publish/cycles.h).
		 */
		if (keeps_stamp(o, in))
			e->out.old = publish_output_folder(o->output);
		e->b.out = &e->out;
		e->b.output = xstrdup(o->output);
		e->b.site = o->site;
		e->b.archive = o->archive;
		e->b.keep = keeps_stamp(o, in);
		atomic_init(&e->b.done, o->check_only);
		e->begin = &e->b;
	}
	/* out->old is set, and the output is begun without reading it */
	incr_init(inc, &e->out, o->templates, keeps_stamp(o, in));
	if (!o->check_only)
		workq_push(e->q, WORKQ_NOW, begin_beside, e->begin);
	e->sty.templates = o->templates;
	diag_init(&e->sty.diag);
	atomic_init(&e->sty.done, false);
	xmlInitParser();	/* libxml2's globals, before a second thread uses it */
	workq_push(e->q, WORKQ_NOW, style_beside, &e->sty);
	return e;
}

/* Whether the output is begun and the styles read (not the certificates). */
static bool
begun_and_styled(void *arg)
{
	struct build_early *e = arg;

	return atomic_load(&e->begin->done) && atomic_load(&e->sty.done);
}

/* Ends it: the fresh folder of a build that failed removed. */
static void
build_cancel(struct build_early *e)
{
	if (e == NULL)
		return;
	workq_free(e->q);
	odt_style_free(e->sty.style);
	diag_free(&e->sty.diag);
	publish_abort(&e->out);		/* the fresh folder, unused */
	outset_free(&e->out);
	free(e->b.output);
	free(e);
}

void
build_end_beside(void)
{
	digest_wait();
	build_cancel(prepared);		/* checks failed: no build took it */
	prepared = NULL;
}

int
build_run(struct state *st, const struct build_options *o,
    const struct build_inputs *in, struct diag *d)
{
	struct build_early *e;
	struct certs_beside *certs;
	struct composed_list docs = { NULL, 0 };
	struct odt_style *style = NULL;
	struct trace_span span;
	struct counts n = { 0, 0, 0 };
	struct timespec t0;
	struct outset *out;
	struct incr inc;
	bool ok, *skip;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	e = build_early(o, in, &inc);
	out = &e->out;
	/*
	 * From the wait on, each file goes to disk (beside the output) as
	 * soon as it is rendered: memory holds one document's files at a
	 * time. A check drops each file as it is made.
	 */
	skip = kept_cycles(st, in != NULL ? in->cycles : NULL, &inc);
	certs = certs_start(e->q, st, o->templates, &inc);
	trace_begin(&span, "compose");
	ok = compose_docs(st, o->templates, in != NULL ? in->cycles : NULL,
	    skip, &docs, d);
	trace_end(&span);
	free(skip);
	trace_begin(&span, "wait for the output and the styles");
	workq_help_until(e->q, WORKQ_NOW, begun_and_styled, e);
	trace_end(&span);
	if (ok) {
		diag_append(d, &e->sty.diag);
		ok = (style = e->sty.style) != NULL;
		e->sty.style = NULL;
	}
	if (ok && o->check_only)
		out->sink = discard_file;
	else if (ok)
		rc = e->begin->rc;
	if (ok && rc == 0)
		ok = render_all(e->q, st, o->templates, &docs, style, certs,
		    &inc, &n, d);
	else
		ok = false;
	workq_free(e->q);
	e->q = NULL;
	certs_free(certs);
	if (ok && keeps_stamp(o, in)) {
		keep_registers(o->output, e->begin->kept_errno);
		keep_cycles(out, st, in->cycles, &docs, o->output);
	}
	trace_begin(&span, "checksums, publish, stamp");
	if (ok && !o->check_only &&
	    (rc = publish_build(out, o, in, &n, &inc)) == 0) {
		trace_end(&span);
		print_summary(o, &n, out->n, seconds_since(&t0));
		if (!o->quiet)
			incr_print(&inc);
	}
	if (rc == 0 && !ok)
		rc = d->system > 0 ? EXIT_SYSTEM : EXIT_CONTENT;
	odt_style_free(style);
	incr_free(&inc);
	composed_list_free(&docs);
	build_cancel(e);	/* the half-written folders of a failed build */
	return rc;
}
