#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/buf.h"
#include "base/input.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/context.h"
#include "compose/document.h"
#include "compose/site.h"
#include "compose/timeline.h"

/* The layouts of templates/layout/ the site's own pages are rendered in. */
#define LAYOUT_INDEX	"index.html"
#define LAYOUT_CYCLE	"cycle.html"
#define LAYOUT_NOTICE	"notice.html"
#define LAYOUT_FEED	"feed.xml"
#define LAYOUT_SITEMAP	"sitemap.xml"

struct sw {
	const struct state	*st;
	const struct site_doc	*docs;
	size_t			 n_docs;
	size_t			*order;		/* docs, newest first */
	struct document_list	*out;		/* the documents composed */
	struct diag		*diag;
	struct val		*site;		/* the public part of site.yaml */
};

/* ---- values --------------------------------------------------------------- */

/* A path segment of a URL: everything but A-Z a-z 0-9 - . _ ~ as %XX. */
static void
url_segment(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			buf_putc(b, *p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* "<prefix><name><suffix>" with the name URL-encoded. */
static struct val *
href(const char *prefix, const char *name, const char *suffix)
{
	struct buf b;
	struct val *v;

	buf_init(&b);
	buf_puts(&b, prefix);
	url_segment(&b, name);
	buf_puts(&b, suffix);
	v = val_str(buf_cstr(&b));
	buf_free(&b);
	return v;
}

void
site_set_date(struct val *m, const char *key, day_t d)
{
	char cn[32], iso[16], *k;

	k = xasprintf("%s_iso", key);
	if (d == DAY_NONE) {
		val_set(m, key, val_null());
		val_set(m, k, val_null());
	} else {
		date_cn(d, cn);
		date_iso(d, iso);
		val_set_str(m, key, cn);
		val_set_str(m, k, iso);
	}
	free(k);
}

/*
 * is_call … is_decision, is_deadline, is_other: which label the partial
 * notice-label.html shows. All are set, so that a strict lookup never
 * reaches an outer context.
 */
void
site_set_kind_flags(struct val *m, const char *kind)
{
	char *key;
	int k;
	bool known = false;

	for (k = 0; k < NOTICE_KIND_COUNT; k++) {
		key = xasprintf("is_%s", notice_name(k));
		val_set_bool(m, key, kind != NULL && strcmp(kind, notice_name(k)) == 0);
		known |= kind != NULL && strcmp(kind, notice_name(k)) == 0;
		free(key);
	}
	val_set_bool(m, "is_deadline", kind != NULL && strcmp(kind, "deadline") == 0);
	val_set_bool(m, "is_other", !known && !(kind != NULL &&
	    strcmp(kind, "deadline") == 0));
}

/* Only what a public page may show of site.yaml: no address, phone or e-mail. */
static struct val *
public_site(const struct site *s)
{
	static const char *const award_keys[] = {
		"name", "short_name", "nomination_name", "government", "measures"
	};
	static const char *const office_keys[] = { "name", "host" };
	struct val *site = val_map(), *award = val_map(), *office = val_map();
	size_t i;

	val_set_str(site, "title", s->title);
	val_set_str(site, "base_url", s->base_url);
	for (i = 0; i < sizeof(award_keys) / sizeof(award_keys[0]); i++)
		val_set_str(award, award_keys[i], val_get_str(val_get(s->yaml,
		    "award"), award_keys[i]));
	for (i = 0; i < sizeof(office_keys) / sizeof(office_keys[0]); i++)
		val_set_str(office, office_keys[i], val_get_str(val_get(s->yaml,
		    "office"), office_keys[i]));
	val_set(site, "award", award);
	val_set(site, "office", office);
	/* The footer's 网站标识码 and ICP备案号, when site.yaml gives them. */
	val_set_str(site, "website_code", val_get_str(s->yaml, "website_code"));
	val_set_str(site, "icp", val_get_str(s->yaml, "icp"));
	return site;
}

static const struct cycle_state *
cycle_of(const struct state *st, int year)
{
	size_t i;

	for (i = 0; i < st->n_cycles; i++)
		if (st->cycles[i].cycle->year == year)
			return &st->cycles[i];
	return NULL;
}

/* The built-in notice a document is, or -1 for the office's own. */
static int
doc_kind(const struct doc *d)
{
	enum notice_kind k;

	return notice_parse(d->name, &k) ? (int)k : -1;
}

static const struct site_doc *
find_doc(const struct sw *w, int year, const char *name)
{
	size_t i;

	for (i = 0; i < w->n_docs; i++)
		if (w->docs[i].doc->year == year &&
		    strcmp(w->docs[i].doc->name, name) == 0)
			return &w->docs[i];
	return NULL;
}

/* A publicity's window: "2025年7月15日至7月21日" and its working days. */
static void
set_window(struct val *m, const struct cycle_state *cs, int k)
{
	const struct notice_entry *ne;
	char *span;

	val_set(m, "window", val_null());
	val_set(m, "window_days", val_null());
	if (cs == NULL || k < 0 || !notice_is_publicity(k))
		return;
	ne = &cs->cycle->notices[k];
	if (!ne->present || ne->date == DAY_NONE || cs->window_end[k] == DAY_NONE)
		return;
	span = cn_span(ne->date, cs->window_end[k]);
	val_set_str(m, "window", span);
	val_set_int(m, "window_days", cs->window_days[k]);
	free(span);
}

/* One notice in a list; prefix leads from the listing page to the year's folder. */
static struct val *
notice_item(const struct sw *w, const struct site_doc *sd, const char *prefix)
{
	const struct doc *d = sd->doc;
	struct val *m = val_map();

	val_set_str(m, "title", d->title);
	val_set_str(m, "number", d->number);
	val_set_str(m, "description", d->description);
	val_set_int(m, "year", d->year);
	site_set_date(m, "date", d->date);
	val_set(m, "href", href(prefix, d->name, ".html"));
	val_set(m, "md_href", href(prefix, d->name, ".md"));
	val_set(m, "odt_href", sd->has_odt ? href(prefix, d->name, ".odt") :
	    val_null());
	set_window(m, cycle_of(w->st, d->year), doc_kind(d));
	return m;
}

/* ---- order ---------------------------------------------------------------- */

/* The documents cmp_docs compares: C's qsort passes no context. */
static const struct site_doc *sort_docs;

/* Newest first; then the later cycle; then by name, for a stable order. */
static int
cmp_docs(const void *a, const void *b)
{
	const struct doc *x = sort_docs[*(const size_t *)a].doc;
	const struct doc *y = sort_docs[*(const size_t *)b].doc;

	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	if (x->year != y->year)
		return x->year > y->year ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
order_docs(struct sw *w)
{
	size_t i;

	w->order = xcalloc(w->n_docs + 1, sizeof(*w->order));
	for (i = 0; i < w->n_docs; i++)
		w->order[i] = i;
	sort_docs = w->docs;
	qsort(w->order, w->n_docs, sizeof(*w->order), cmp_docs);
}

static int
cmp_int_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x > y ? -1 : x < y;
}

/* Every year with a cycle or a notice, newest first. */
static size_t
years(const struct sw *w, int **out)
{
	int *v = xcalloc(w->st->n_cycles + w->n_docs + 1, sizeof(int));
	size_t i, j, n = 0;

	for (i = 0; i < w->st->n_cycles; i++)
		v[n++] = w->st->cycles[i].cycle->year;
	for (i = 0; i < w->n_docs; i++)
		v[n++] = w->docs[i].doc->year;
	qsort(v, n, sizeof(int), cmp_int_desc);
	for (i = j = 0; i < n; i++)
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	*out = v;
	return j;
}

/* ---- pages ---------------------------------------------------------------- */

/*
 * What page.html and its partials read. has_verify: the certificate
 * pages are in the build (verify_compose adds them before the site), so the
 * header may link to their index.
 */
static struct val *
page_context(const struct sw *w, const char *root, const char *title,
    const char *description)
{
	struct val *ctx = val_map(), *page = val_map();

	val_set(ctx, "site", val_copy(w->site));
	val_set_str(ctx, "root", root);
	val_set(ctx, "year", val_null());	/* set on a year's pages */
	/* The menu's 评审进度 leads to the newest cycle. */
	if (w->st->n_cycles > 0)
		val_set_int(ctx, "newest_year",
		    w->st->cycles[w->st->n_cycles - 1].cycle->year);
	else
		val_set(ctx, "newest_year", val_null());
	val_set_str(page, "title", title);
	val_set_str(page, "description", description);
	val_set(ctx, "page", page);
	val_set_bool(ctx, "has_verify",
	    documents_find(w->out, "site/verify/index.html") != NULL);
	val_set_bool(ctx, "is_index", false);
	val_set_bool(ctx, "is_cycle", false);
	val_set_bool(ctx, "is_notice", false);
	val_set_bool(ctx, "is_verify", false);
	return ctx;
}

/*
 * A page in layout, inside page.html, from ctx (taken); rendered later
 * (render/render.h).
 */
static struct document *
add_page(struct document_list *out, const char *layout, struct val *ctx,
    const char *path)
{
	struct document *d = documents_add(out, DOCUMENT_PAGE, path);

	d->layout = xstrdup(layout);
	d->ctx = ctx;
	return d;
}

static struct document *
write_page(struct sw *w, const char *layout, struct val *ctx, const char *path)
{
	val_set_bool(ctx, "is_index", strcmp(layout, LAYOUT_INDEX) == 0);
	val_set_bool(ctx, "is_cycle", strcmp(layout, LAYOUT_CYCLE) == 0);
	val_set_bool(ctx, "is_notice", strcmp(layout, LAYOUT_NOTICE) == 0);
	return add_page(w->out, layout, ctx, path);
}

/* A notice's page (its article: the notice as HTML) and its Markdown. */
static void
write_notice(struct sw *w, const struct site_doc *sd)
{
	const struct doc *d = sd->doc;
	struct val *ctx;
	char *path;

	if (sd->kept) {
		path = xasprintf("site/%d/%s.html", d->year, d->name);
		documents_keep(w->out, DOCUMENT_PAGE, path);
		free(path);
		path = xasprintf("site/%d/%s.md", d->year, d->name);
		documents_keep(w->out, DOCUMENT_MARKDOWN, path);
		free(path);
		return;
	}
	ctx = page_context(w, "../", d->title, d->description);
	val_set(ctx, "notice", notice_item(w, sd, ""));
	val_set_int(ctx, "year", d->year);
	val_set_bool(ctx, "has_cycle", cycle_of(w->st, d->year) != NULL);
	path = xasprintf("site/%d/%s.html", d->year, d->name);
	write_page(w, LAYOUT_NOTICE, ctx, path)->notice = d;
	free(path);
	path = xasprintf("site/%d/%s.md", d->year, d->name);
	documents_add(w->out, DOCUMENT_MARKDOWN, path)->notice = d;
	free(path);
}

static void
set_cycle(struct val *m, const struct cycle_state *cs)
{
	struct val *c;
	char num[32];

	if (cs == NULL) {
		val_set(m, "cycle", val_null());
		return;
	}
	c = val_set(m, "cycle", val_map());
	val_set_int(c, "year", cs->cycle->year);
	val_set_bool(c, "has_edition", cs->cycle->edition > 0);
	val_set_int(c, "edition", cs->cycle->edition);
	cn_number(cs->cycle->edition, num);
	val_set_str(c, "edition_cn", num);
	/* The deadline is public once the call that announces it is. */
	site_set_date(c, "deadline", cs->cycle->notices[NOTICE_CALL].present ?
	    cs->cycle->application_deadline : DAY_NONE);
}

/* How many applicants the list of a published notice holds. */
static void
set_counts(struct val *m, const struct cycle_state *cs, int k)
{
	const struct org_list *list = NULL;
	const struct org_list *award = NULL, *nomination = NULL;

	switch (k) {
	case NOTICE_RECOMMENDATION: list = &cs->recommended; break;
	case NOTICE_ACCEPTANCE:	list = &cs->accepted; break;
	case NOTICE_PRESENTATION: list = &cs->presentation; break;
	case NOTICE_ONSITE:	list = &cs->onsite; break;
	case NOTICE_PROPOSAL:
		award = &cs->proposed_award;
		nomination = &cs->proposed_nomination;
		break;
	case NOTICE_DECISION:
		award = &cs->approved_award;
		nomination = &cs->approved_nomination;
		break;
	default:
		break;
	}
	val_set_bool(m, "has_count", list != NULL);
	val_set_int(m, "count", list != NULL ? (long)list->n : 0);
	val_set_bool(m, "has_split", award != NULL);
	val_set_int(m, "award_count", award != NULL ? (long)award->n : 0);
	val_set_int(m, "nomination_count", nomination != NULL ?
	    (long)nomination->n : 0);
}

/* The stages of art. 11 as the office published them. */
static struct val *
stages(const struct sw *w, const struct cycle_state *cs)
{
	struct val *list = val_list(), *m;
	const struct notice_entry *ne;
	const struct site_doc *sd;
	int k;

	for (k = 0; k < NOTICE_KIND_COUNT; k++) {
		ne = &cs->cycle->notices[k];
		m = val_push(list, val_map());
		site_set_kind_flags(m, notice_name(k));
		val_set_bool(m, "published", ne->present);
		val_set_bool(m, "is_publicity", notice_is_publicity(k));
		site_set_date(m, "date", ne->present ? ne->date : DAY_NONE);
		set_window(m, cs, k);
		sd = ne->present ? find_doc(w, cs->cycle->year, notice_name(k)) : NULL;
		val_set(m, "href", sd != NULL ? href("", sd->doc->name, ".html") :
		    val_null());
		if (ne->present)
			set_counts(m, cs, k);
		else
			set_counts(m, cs, -1);
	}
	return list;
}

/* ---- cycle pages ---------------------------------------------------------- */

/*
 * Certificates, once the decision that grants them is published; a
 * revoked one links to its revocation decision when that is published.
 */
static struct val *
certificates(const struct sw *w, const struct cycle_state *cs)
{
	struct val *list = val_list(), *m;
	const struct certificate *c;
	const struct site_doc *rev;
	char *page, *name;
	size_t i;

	if (!cs->cycle->notices[NOTICE_DECISION].present)
		return list;
	for (i = 0; i < cs->n_certs; i++) {
		c = cs->certs[i];
		m = val_push(list, val_map());
		val_set_str(m, "number", c->number);
		val_set_str(m, "name", c->org->name);
		val_set_bool(m, "is_award", c->kind == RESULT_AWARD);
		val_set_bool(m, "is_nomination", c->kind == RESULT_NOMINATION);
		val_set_bool(m, "revoked", c->revoked);
		page = xasprintf("site/verify/%s.html", c->number);
		val_set(m, "href", documents_find(w->out, page) != NULL ?
		    href("../verify/", c->number, ".html") : val_null());
		free(page);
		name = xasprintf("revocation-%s", c->number);
		rev = c->revoked ? find_doc(w, cs->cycle->year, name) : NULL;
		val_set(m, "revocation_href", rev != NULL ?
		    href("", rev->doc->name, ".html") : val_null());
		free(name);
	}
	return list;
}

static void
write_cycle(struct sw *w, int year)
{
	const struct cycle_state *cs = cycle_of(w->st, year);
	struct val *ctx, *notices, *certs;
	char *path = site_cycle_path(year);
	size_t i;

	if (cs != NULL && cs->kept) {
		documents_keep(w->out, DOCUMENT_PAGE, path);
		free(path);
		return;
	}
	ctx = page_context(w, "../", NULL, NULL);
	val_set_int(ctx, "year", year);
	set_cycle(ctx, cs);
	val_set(ctx, "stages", cs != NULL ? stages(w, cs) : val_list());
	val_set(ctx, "timeline", cs != NULL ? timeline(cs) : val_null());
	certs = val_set(ctx, "certificates", cs != NULL ? certificates(w, cs) :
	    val_list());
	val_set_bool(ctx, "has_certificates", certs->n > 0);
	notices = val_set(ctx, "notices", val_list());
	for (i = 0; i < w->n_docs; i++)
		if (w->docs[w->order[i]].doc->year == year)
			val_push(notices, notice_item(w, &w->docs[w->order[i]], ""));
	write_page(w, LAYOUT_CYCLE, ctx, path);
	free(path);
}

static void
write_index(struct sw *w, const int *ys, size_t n_years)
{
	struct val *ctx = page_context(w, "", NULL, NULL), *cycles, *c, *notices;
	char prefix[32];
	size_t i, j;

	cycles = val_set(ctx, "cycles", val_list());
	for (i = 0; i < n_years; i++) {
		c = val_push(cycles, val_map());
		val_set_int(c, "year", ys[i]);
		set_cycle(c, cycle_of(w->st, ys[i]));
		snprintf(prefix, sizeof(prefix), "%d/", ys[i]);
		val_set(c, "href", val_strf("%d/index.html", ys[i]));
		notices = val_set(c, "notices", val_list());
		for (j = 0; j < w->n_docs; j++)
			if (w->docs[w->order[j]].doc->year == ys[i])
				val_push(notices, notice_item(w,
				    &w->docs[w->order[j]], prefix));
	}
	write_page(w, LAYOUT_INDEX, ctx, "site/index.html");
}

/* ---- feed and sitemap ----------------------------------------------------- */

/* Atom wants a time: the notices are dated in China Standard Time. */
static struct val *
atom_time(day_t d)
{
	char iso[16];

	date_iso(d != DAY_NONE ? d : 0, iso);
	return val_strf("%sT00:00:00+08:00", iso);
}

static day_t
latest(const struct sw *w, int year)
{
	day_t best = DAY_NONE;
	size_t i;

	for (i = 0; i < w->n_docs; i++)
		if ((year == 0 || w->docs[i].doc->year == year) &&
		    w->docs[i].doc->date > best)
			best = w->docs[i].doc->date;
	return best;
}

/* An XML file of the site: layout alone, from ctx (taken). */
static void
add_xml(struct document_list *out, const char *layout, struct val *ctx,
    const char *path)
{
	struct document *d = documents_add(out, DOCUMENT_XML, path);

	d->layout = xstrdup(layout);
	d->ctx = ctx;
}

static void
write_feed(struct sw *w)
{
	struct val *ctx = val_map(), *entries, *e;
	const struct doc *d;
	char *prefix;
	size_t i;

	val_set(ctx, "site", val_copy(w->site));
	val_set(ctx, "updated", atom_time(latest(w, 0)));
	entries = val_set(ctx, "entries", val_list());
	for (i = 0; i < w->n_docs; i++) {
		d = w->docs[w->order[i]].doc;
		prefix = xasprintf("%s%d/", w->st->site->base_url, d->year);
		e = val_push(entries, val_map());
		val_set_str(e, "title", d->title);
		val_set(e, "url", href(prefix, d->name, ".html"));
		val_set(e, "updated", atom_time(d->date != DAY_NONE ? d->date :
		    date_from_ymd(d->year, 1, 1)));
		val_set_str(e, "summary", d->description);
		val_set_str(e, "number", d->number);
		free(prefix);
	}
	add_xml(w->out, LAYOUT_FEED, ctx, "site/feed.xml");
}

static void
sitemap_url(struct val *list, struct val *loc, day_t lastmod)
{
	struct val *u = val_push(list, val_map());
	char iso[16];

	val_set(u, "loc", loc);
	if (lastmod != DAY_NONE) {
		date_iso(lastmod, iso);
		val_set_str(u, "lastmod", iso);
	} else
		val_set(u, "lastmod", val_null());
}

static void
write_sitemap(struct sw *w, const int *ys, size_t n_years)
{
	struct val *ctx = val_map(), *urls;
	const char *base = w->st->site->base_url;
	const struct doc *d;
	const char *path;
	char *prefix;
	size_t i;

	val_set(ctx, "site", val_copy(w->site));
	urls = val_set(ctx, "urls", val_list());
	sitemap_url(urls, val_str(base), latest(w, 0));
	for (i = 0; i < n_years; i++)
		sitemap_url(urls, val_strf("%s%d/", base, ys[i]),
		    latest(w, ys[i]));
	for (i = 0; i < w->n_docs; i++) {
		d = w->docs[w->order[i]].doc;
		prefix = xasprintf("%s%d/", base, d->year);
		sitemap_url(urls, href(prefix, d->name, ".html"), d->date);
		free(prefix);
	}
	/* The certificates' pages, in the order verify_compose added them. */
	prefix = xasprintf("%sverify/", base);
	for (i = 0; i < w->out->n; i++) {
		path = w->out->v[i].path;
		if (str_has_prefix(path, "site/verify/") &&
		    strchr(path + strlen("site/verify/"), '/') == NULL &&
		    str_has_suffix(path, ".html"))
			sitemap_url(urls, href(prefix, path +
			    strlen("site/verify/"), ""), DAY_NONE);
	}
	free(prefix);
	add_xml(w->out, LAYOUT_SITEMAP, ctx, "site/sitemap.xml");
}

/* ---- assets --------------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of templates/assets/, in name order. */
static bool
copy_assets(struct sw *w, const char *templates_dir)
{
	char *dir = path_join(templates_dir, "assets"), *path, *out, *data;
	char **names = NULL;
	size_t n = 0, i, len;
	struct dirent *e;
	struct document *f;
	struct stat sb;
	DIR *dp;
	bool ok = true;

	if ((dp = opendir(dir)) == NULL) {
		diag_error(w->diag, dir, 0, _("cannot open the folder of the "
		    "site's style sheets"));
		free(dir);
		return false;
	}
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		path = path_join(dir, names[i]);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if ((data = input_read(templates_dir, path, path, &len,
			    w->diag)) == NULL) {
				ok = false;
			} else {
				out = xasprintf("site/assets/%s", names[i]);
				f = documents_add(w->out, DOCUMENT_FILE, out);
				f->data = data;
				f->len = len;
				free(out);
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	/* Every page links to it. */
	if (ok && documents_find(w->out, "site/assets/style.css") == NULL) {
		path = path_join(dir, "style.css");
		diag_error(w->diag, path, 0, _("cannot read the style sheet "
		    "every page links to"));
		free(path);
		ok = false;
	}
	free(dir);
	return ok;
}

/* ---- all ------------------------------------------------------------------ */

bool
site_compose(const struct state *st, const struct site_doc *docs, size_t n,
    const char *templates_dir, struct document_list *out, struct diag *diag)
{
	struct sw w = {
		.st = st, .docs = docs, .n_docs = n, .out = out, .diag = diag,
	};
	int *ys = NULL;
	size_t n_years, i;

	if (!copy_assets(&w, templates_dir))
		return false;
	w.site = public_site(st->site);
	order_docs(&w);
	n_years = years(&w, &ys);
	for (i = 0; i < n; i++)
		write_notice(&w, &docs[w.order[i]]);
	for (i = 0; i < n_years; i++)
		write_cycle(&w, ys[i]);
	write_index(&w, ys, n_years);
	write_feed(&w);
	write_sitemap(&w, ys, n_years);
	val_free(w.site);
	free(w.order);
	free(ys);
	return true;
}

char *
site_cycle_path(int year)
{
	return xasprintf("site/%d/index.html", year);
}

/* "../" for each folder of path below site/. */
static char *
root_of(const char *path)
{
	struct buf b;
	const char *p;

	buf_init(&b);
	for (p = strchr(path, '/'); p != NULL && (p = strchr(p + 1, '/')) != NULL;)
		buf_puts(&b, "../");
	return buf_detach(&b);
}

void
site_page_compose(const struct state *st, const struct site_page *pg,
    struct document_list *out)
{
	struct sw w = { .st = st, .out = out };
	struct val *ctx;
	char *root;
	size_t i;

	w.site = public_site(st->site);
	root = root_of(pg->path);
	ctx = page_context(&w, root, pg->title, pg->description);
	for (i = 0; pg->values != NULL && i < pg->values->n; i++) {
		val_set(ctx, pg->values->keys[i], pg->values->items[i]);
		pg->values->items[i] = NULL;	/* the page's now */
	}
	val_free(pg->values);
	add_page(out, pg->layout, ctx, pg->path);
	free(root);
	val_free(w.site);
}
