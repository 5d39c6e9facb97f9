/*
 * build: compose → render each format → publish. Everything is rendered
 * into memory (struct outset) first; the disk is touched only by publish,
 * and only when every document rendered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "compose/compose.h"
#include "compose/site.h"
#include "format/odt.h"
#include "publish/build.h"
#include "publish/checksums.h"
#include "publish/outset.h"
#include "publish/publish.h"

struct counts {
	size_t	html, markdown, odt;
};

/*
 * The timestamp inside ODT packages: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), else the document's own date, so
 * that the same input always gives the same bytes.
 */
static long long
doc_mtime(const struct doc *d)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (sde != NULL && *sde != '\0') {
		t = strtoll(sde, &end, 10);
		if (*end == '\0' && t >= 0)
			return t;
	}
	return d->date != DAY_NONE ? (long long)d->date * 86400LL : 0;
}

/* The ODT of every document: into the archive, and the site for public ones. */
static bool
render_odts(const struct composed_list *docs, const struct odt_style *style,
    struct outset *out, struct counts *n, struct diag *diag)
{
	const struct composed *c;
	struct buf b;
	char *err, *path;
	size_t i;
	bool ok = true;

	buf_init(&b);
	for (i = 0; i < docs->n; i++) {
		c = &docs->v[i];
		buf_reset(&b);
		err = NULL;
		if (!odt_write(c->doc, style, doc_mtime(c->doc), &b, &err)) {
			diag_error(diag, c->archive_path, 0, "%s", err);
			free(err);
			ok = false;
			continue;
		}
		if (c->public) {
			path = xasprintf("site/%d/%s.odt", c->doc->year,
			    c->doc->name);
			outset_add_copy(out, path, buf_cstr(&b), b.len);
			free(path);
		}
		path = xasprintf("archive/%s", c->archive_path);
		outset_add(out, path, &b);
		free(path);
		n->odt++;
	}
	buf_free(&b);
	return ok;
}

/* The site: pages of the public documents, indexes, feed, sitemap. */
static bool
render_site(const struct state *st, const struct composed_list *docs,
    const char *templates, struct outset *out, struct counts *n,
    struct diag *diag)
{
	struct site_doc *pub = xcalloc(docs->n, sizeof(*pub));
	size_t i, k = 0;
	bool ok;

	for (i = 0; i < docs->n; i++)
		if (docs->v[i].public) {
			pub[k].doc = docs->v[i].doc;
			pub[k++].has_odt = true;
		}
	ok = site_write(st, pub, k, templates, out, diag);
	n->html += k;
	n->markdown += k;
	free(pub);
	return ok;
}

static void
add_checksums(struct outset *out)
{
	struct buf b;

	buf_init(&b);
	checksums_sha256sums(out, "archive/", &b);
	outset_add(out, "archive/SHA256SUMS", &b);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
build_run(struct state *st, const char *templates, const char *output)
{
	struct composed_list docs = { NULL, 0 };
	struct odt_style *style = NULL;
	struct counts n = { 0, 0, 0 };
	struct timespec t0;
	struct outset out;
	struct diag d;
	bool ok;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	diag_init(&d);
	outset_init(&out);
	if (!dir_exists(templates)) {
		fprintf(stderr, "gongshi: %s: no such templates folder\n", templates);
		return EXIT_SYSTEM;
	}
	ok = compose_all(st, templates, &docs, &d);
	if (ok && (style = odt_style_load(templates, &d)) == NULL)
		ok = false;
	ok = ok && render_odts(&docs, style, &out, &n, &d);
	ok = ok && render_site(st, &docs, templates, &out, &n, &d);
	if (ok) {
		add_checksums(&out);
		rc = publish_outset(&out, output);
	}
	diag_print(&d, stderr);
	if (!ok) {
		fprintf(stderr, "gongshi: the templates have errors; %s was "
		    "left as it was\n", output);
		rc = EXIT_CONTENT;
	} else if (rc == 0)
		printf("gongshi: wrote %zu HTML, %zu Markdown, %zu ODT documents "
		    "(%zu files) to %s in %.0f ms\n", n.html, n.markdown, n.odt,
		    out.n, output, seconds_since(&t0) * 1000);
	odt_style_free(style);
	composed_list_free(&docs);
	outset_free(&out);
	diag_free(&d);
	return rc;
}
