/*
 * render: documents into bytes, with the layouts of templates/layout/
 * and their partials read and parsed once for every page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/mustache.h"
#include "format/escape.h"
#include "format/html.h"
#include "format/markdown.h"
#include "format/pieces.h"
#include "render/certificate.h"
#include "render/render.h"

#define LAYOUT_PAGE	"page.html"

/*
 * The site's own layouts, read before its first page so that every one
 * missing is reported at once; the others (verify.html …) when first used.
 */
static const char *const site_layouts[] = {
	LAYOUT_PAGE, "index.html", "cycle.html", "notice.html", "feed.xml",
	"sitemap.xml", NULL
};

struct layout {
	char			*file;	/* "cycle.html" */
	char			*path;	/* templates_dir/layout/cycle.html */
	struct mustache_tmpl	*t;	/* NULL: it does not parse, */
	char			*err;	/* why (said at each page of it) */
};

struct renderer {
	char		*dir;		/* templates_dir/layout */
	struct layout	*layouts;
	size_t		 n_layouts;
	bool		 loaded;	/* site_layouts read */
	struct mustache_partials *partials;	/* {{> name}}, read once */
	struct diag	*diag;
};

/* ---- templates ------------------------------------------------------------ */

static bool
partial_name_ok(const char *name)
{
	const char *p;

	if (*name == '\0')
		return false;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* {{> name}} is templates/layout/name.html. */
static char *
load_partial(const char *name, void *arg)
{
	struct renderer *w = arg;
	char *file, *path, *text;
	size_t len;

	if (!partial_name_ok(name))
		return NULL;
	file = xasprintf("%s.html", name);
	path = path_join(w->dir, file);
	text = input_read(w->dir, path, path, &len, w->diag);
	free(file);
	free(path);
	return text;
}

/*
 * Reports a Mustache error "NAME:LINE: message" at that file and line.
 * NAME is the template's path, or a partial's bare name: then the partial
 * file is meant.
 */
static void
report(struct renderer *w, const char *tmpl_path, const char *err)
{
	const char *colon = strchr(err, ':'), *p;
	char *name, *file, *end;
	long line;

	for (p = err; colon != NULL; colon = strchr(colon + 1, ':')) {
		line = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || *end != ':')
			continue;
		name = xstrndup(p, (size_t)(colon - p));
		if (strchr(name, '/') == NULL && partial_name_ok(name)) {
			file = xasprintf("%s/%s.html", w->dir, name);
			free(name);
			name = file;
		}
		for (end++; *end == ' '; end++)
			continue;
		diag_error(w->diag, name, (int)line, "%s", end);
		free(name);
		return;
	}
	diag_error(w->diag, tmpl_path, 0, "%s", err);
}

/*
 * Renders a layout. Where it would write the value hole, holes gets the
 * place instead (mustache.h).
 */
static bool
render_layout(struct renderer *w, const struct layout *l, bool xml,
    const struct val *ctx, const struct val *hole, struct mustache_holes *holes,
    struct buf *out)
{
	struct mustache_opts o = {
		.escape = xml ? escape_xml_fn : escape_html_fn,
		.strict = true,
		.name = l->path,
	};
	char *err = NULL;

	if (l->t == NULL) {
		report(w, l->path, l->err);
		return false;
	}
	if (mustache_tmpl_render(l->t, ctx, &o, w->partials, hole, holes, out,
	    &err))
		return true;
	report(w, l->path, err);
	free(err);
	return false;
}

/* Reads templates/layout/<file>; NULL, reported, when it cannot. */
static struct layout *
load_layout(struct renderer *w, const char *file)
{
	struct layout *l;
	size_t i, len;
	char *path, *text;

	for (i = 0; i < w->n_layouts; i++)
		if (strcmp(w->layouts[i].file, file) == 0)
			return &w->layouts[i];
	path = path_join(w->dir, file);
	if ((text = input_read(w->dir, path, path, &len, w->diag)) == NULL) {
		if (errno == ENOENT)	/* else said by input_read */
			diag_error(w->diag, path, 0, _("cannot read the page "
			    "template; every file of templates/layout/ is needed "
			    "to write the site"));
		free(path);
		return NULL;
	}
	w->layouts = xreallocarray(w->layouts, w->n_layouts + 1,
	    sizeof(*w->layouts));
	l = &w->layouts[w->n_layouts++];
	l->file = xstrdup(file);
	l->path = path;
	l->t = mustache_parse(text, strlen(text), path, &l->err);
	free(text);
	return l;
}

/* The layout file, the site's own read first (each missing one reported). */
static struct layout *
layout(struct renderer *w, const char *file)
{
	size_t i;
	bool ok = true;

	if (!w->loaded) {
		for (i = 0; site_layouts[i] != NULL; i++)
			ok = load_layout(w, site_layouts[i]) != NULL && ok;
		w->loaded = true;
		if (!ok)
			return NULL;
	}
	return load_layout(w, file);
}

static void
renderer_free(struct renderer *w)
{
	size_t i;

	for (i = 0; i < w->n_layouts; i++) {
		free(w->layouts[i].file);
		free(w->layouts[i].path);
		mustache_tmpl_free(w->layouts[i].t);
		free(w->layouts[i].err);
	}
	free(w->layouts);
	mustache_partials_free(w->partials);
	free(w->dir);
}

/* ---- documents ------------------------------------------------------------ */

/*
 * A page is written in one pass into its output: page.html up to its
 * content, the layout up to its article, the notice's HTML straight from
 * the writer, and the rest of each. The article (~15 MB at 100,000
 * applicants) is never held twice: neither it nor the content goes through
 * the Mustache context as a string. Each is a hole there (mustache.h), a
 * placeholder value that is a string like the one it stands for: one that
 * is not empty when that one is not, for {{#content}} sections.
 */
struct part {
	struct buf		text;	/* the template rendered, holes left out */
	struct mustache_holes	holes;
};

static void
part_init(struct part *p)
{
	buf_init(&p->text);
	memset(&p->holes, 0, sizeof(p->holes));
}

static void
part_free(struct part *p)
{
	buf_free(&p->text);
	free(p->holes.v);
}

typedef void fill_fn(struct buf *out, const void *arg);

/* p into out, fill writing what goes into each of its holes. */
static void
splice(struct buf *out, const struct part *p, fill_fn *fill, const void *arg)
{
	const char *text = p->text.data != NULL ? p->text.data : "";
	const struct mustache_hole *h;
	struct buf esc;
	size_t i, at = 0;

	for (i = 0; i < p->holes.n; i++) {
		h = &p->holes.v[i];
		buf_add(out, text + at, h->at - at);
		at = h->at;
		if (!h->escaped) {
			fill(out, arg);
			continue;
		}
		/* {{article}}: shown as text, as any escaped value. */
		buf_init(&esc);
		fill(&esc, arg);
		escape_html(out, buf_cstr(&esc), esc.len);
		buf_free(&esc);
	}
	buf_add(out, text + at, p->text.len - at);
}

struct body {
	const struct part	*part;
	const struct doc	*notice;
	const struct pieces_hook *hook;	/* for the notice's long lists */
	const struct buf	*file;	/* the page's bytes, where hook's offsets are */
};

/* The notice's runs go through the hook only when written into the file itself. */
static void
fill_article(struct buf *out, const void *arg)
{
	const struct body *b = arg;

	html_write_pieces(b->notice, out, out == b->file ? b->hook : NULL);
}

static void
fill_content(struct buf *out, const void *arg)
{
	const struct body *b = arg;

	splice(out, b->part, fill_article, b);
}

/* A page: its layout with its values, inside page.html. */
static bool
render_page(struct renderer *w, struct document *d,
    const struct pieces_hook *hook, struct buf *out)
{
	struct layout *l, *page;
	struct part layout_part, page_part;
	struct val *article = NULL, *content;
	struct body body = { &layout_part, d->notice, hook, out };
	bool ok;

	if ((l = layout(w, d->layout)) == NULL ||
	    (page = layout(w, LAYOUT_PAGE)) == NULL)
		return false;
	part_init(&layout_part);
	part_init(&page_part);
	if (d->notice != NULL) {
		/* html_write always writes an <article>: never empty. */
		article = val_str("article");
		val_set(d->ctx, "article", article);
	}
	ok = render_layout(w, l, false, d->ctx, article, &layout_part.holes,
	    &layout_part.text);
	if (ok) {
		content = val_str(layout_part.text.len > 0 ||
		    layout_part.holes.n > 0 ? "content" : "");
		val_set(d->ctx, "content", content);
		ok = render_layout(w, page, false, d->ctx, content,
		    &page_part.holes, &page_part.text);
	}
	if (ok)
		splice(out, &page_part, fill_content, &body);
	part_free(&layout_part);
	part_free(&page_part);
	return ok;
}

static bool
render_one(struct renderer *w, struct document *d,
    const struct pieces_hook *hook, struct buf *out)
{
	struct layout *l;

	switch (d->kind) {
	case DOCUMENT_PAGE:
		return render_page(w, d, hook, out);
	case DOCUMENT_XML:
		return (l = layout(w, d->layout)) != NULL &&
		    render_layout(w, l, true, d->ctx, NULL, NULL, out);
	case DOCUMENT_MARKDOWN:
		markdown_write_pieces(d->notice, out, hook);
		return true;
	case DOCUMENT_CERTIFICATE:
		return render_certificate(d->tmpl, d->ctx, d->name, d->mtime,
		    out, w->diag);
	case DOCUMENT_FILE:
		buf_add(out, d->data, d->len);
		return true;
	}
	return false;
}

bool
render_documents(struct document_list *list, size_t from,
    const char *templates_dir, render_emit *emit, void *arg,
    struct diag *diag)
{
	return render_documents_reusing(list, from, templates_dir, NULL, emit,
	    arg, diag);
}

bool
render_documents_reusing(struct document_list *list, size_t from,
    const char *templates_dir, render_reuse *reuse, render_emit *emit,
    void *arg, struct diag *diag)
{
	return render_documents_pieces(list, from, templates_dir, reuse, NULL,
	    emit, arg, diag);
}

bool
render_documents_pieces(struct document_list *list, size_t from,
    const char *templates_dir, render_reuse *reuse, render_pieces *pieces,
    render_emit *emit, void *arg, struct diag *diag)
{
	struct renderer w = { .diag = diag };
	struct buf b;
	size_t i;
	bool ok = true;

	w.dir = path_join(templates_dir, "layout");
	w.partials = mustache_partials_new(load_partial, &w);
	buf_init(&b);
	for (i = from; i < list->n && ok; i++) {
		buf_reset(&b);
		/* A file that is there already is not rendered again. */
		if ((reuse == NULL || !reuse(arg, &list->v[i])) &&
		    (ok = render_one(&w, &list->v[i], pieces == NULL ? NULL :
		    pieces(arg, &list->v[i]), &b)))
			emit(arg, list->v[i].path, &b);
		document_release(&list->v[i]);
	}
	buf_free(&b);
	renderer_free(&w);
	return ok;
}
