#include <dirent.h>
#include <errno.h>
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
#include "compose/mustache.h"
#include "compose/site.h"
#include "format/escape.h"
#include "format/html.h"
#include "format/markdown.h"

/* The templates of templates/layout/, read once per build. */
enum layout {
	L_PAGE, L_INDEX, L_CYCLE, L_NOTICE, L_FEED, L_SITEMAP, L_COUNT
};

static const char *const layout_files[L_COUNT] = {
	"page.html", "index.html", "cycle.html", "notice.html", "feed.xml",
	"sitemap.xml"
};

struct sw {
	const struct state	*st;
	const struct site_doc	*docs;
	size_t			 n_docs;
	size_t			*order;		/* docs, newest first */
	struct outset		*out;
	struct diag		*diag;
	char			*dir;		/* templates_dir/layout */
	char			*path[L_COUNT];
	char			*text[L_COUNT];
	struct val		*site;		/* the public part of site.yaml */
};

/* The timeline's geometry, in SVG user units. */
#define TL_WIDTH	720
#define TL_LEFT		132	/* the date axis starts here; labels to the left */
#define TL_RIGHT	704
#define TL_TOP		34	/* below the month labels */
#define TL_ROW		30
#define TL_BAR		14
#define TL_FONT		12

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
	struct sw *w = arg;
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
report(struct sw *w, const char *tmpl_path, const char *err)
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

/* Renders the template text read from path (for its errors). */
static bool
render_text(struct sw *w, const char *path, const char *text, bool xml,
    const struct val *ctx, struct buf *out)
{
	struct mustache_opts o = {
		.escape = xml ? escape_xml_fn : escape_html_fn,
		.partial = load_partial,
		.partial_arg = w,
		.strict = true,
		.name = path,
	};
	char *err = NULL;

	if (mustache_render(text, strlen(text), ctx, &o, out, &err))
		return true;
	report(w, path, err);
	free(err);
	return false;
}

static bool
render(struct sw *w, enum layout which, const struct val *ctx, struct buf *out)
{
	return render_text(w, w->path[which], w->text[which],
	    which == L_FEED || which == L_SITEMAP, ctx, out);
}

/* Reads templates/layout/<file> into *path and *text. */
static bool
load_layout(struct sw *w, const char *file, char **path, char **text)
{
	size_t len;

	*path = path_join(w->dir, file);
	if ((*text = input_read(w->dir, *path, *path, &len, w->diag)) != NULL)
		return true;
	if (errno == ENOENT)
		diag_error(w->diag, *path, 0, _("cannot read the page template; "
		    "every file of templates/layout/ is needed to write the "
		    "site"));
	return false;
}

static bool
load_layouts(struct sw *w)
{
	int i;
	bool ok = true;

	for (i = 0; i < L_COUNT; i++)
		ok = load_layout(w, layout_files[i], &w->path[i],
		    &w->text[i]) && ok;
	return ok;
}

static void
free_layouts(struct sw *w)
{
	int i;

	for (i = 0; i < L_COUNT; i++) {
		free(w->path[i]);
		free(w->text[i]);
	}
}

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

/* "7月15日" */
static void
set_date_md(struct val *m, const char *key, day_t d)
{
	char md[32];

	date_cn_md(d, md);
	val_set_str(m, key, md);
}

/*
 * is_call … is_decision, is_deadline, is_other: which label the partial
 * notice-label.html shows. All are set, so that a strict lookup never
 * reaches an outer context.
 */
static void
set_kind_flags(struct val *m, const char *kind)
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
 * pages are in the build (verify_write adds them before the site), so the
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
	    outset_find(w->out, "site/verify/index.html") != NULL);
	val_set_bool(ctx, "is_index", false);
	val_set_bool(ctx, "is_cycle", false);
	val_set_bool(ctx, "is_notice", false);
	val_set_bool(ctx, "is_verify", false);
	return ctx;
}

/*
 * A string value that takes b's bytes rather than copying them: a notice's
 * article is ~15 MB at 100,000 applicants, and each copy of it counts in
 * the build's peak memory.
 */
static struct val *
str_take(struct buf *b)
{
	struct val *v = val_str("");

	free(v->str);
	v->n = b->len;		/* a string value's length */
	v->str = buf_detach(b);
	return v;
}

/* Renders a content template into page.html and adds the page to out. */
static bool
wrap_page(struct sw *w, const char *tmpl_path, const char *tmpl,
    struct val *ctx, const char *path)
{
	struct buf content, page;
	bool ok;

	buf_init(&content);
	buf_init(&page);
	ok = render_text(w, tmpl_path, tmpl, false, ctx, &content);
	if (ok) {
		val_set(ctx, "content", str_take(&content));
		ok = render(w, L_PAGE, ctx, &page);
	}
	if (ok)
		outset_add(w->out, path, &page);
	buf_free(&content);
	buf_free(&page);
	return ok;
}

static bool
write_page(struct sw *w, enum layout which, struct val *ctx, const char *path)
{
	val_set_bool(ctx, "is_index", which == L_INDEX);
	val_set_bool(ctx, "is_cycle", which == L_CYCLE);
	val_set_bool(ctx, "is_notice", which == L_NOTICE);
	return wrap_page(w, w->path[which], w->text[which], ctx, path);
}

static bool
write_notice(struct sw *w, const struct site_doc *sd)
{
	const struct doc *d = sd->doc;
	struct val *ctx = page_context(w, "../", d->title, d->description);
	struct buf b;
	char *path;
	bool ok;

	buf_init(&b);
	html_write(d, &b);
	val_set(ctx, "article", str_take(&b));
	val_set(ctx, "notice", notice_item(w, sd, ""));
	val_set_int(ctx, "year", d->year);
	val_set_bool(ctx, "has_cycle", cycle_of(w->st, d->year) != NULL);
	path = xasprintf("site/%d/%s.html", d->year, d->name);
	ok = write_page(w, L_NOTICE, ctx, path);
	free(path);
	buf_reset(&b);
	markdown_write(d, &b);
	path = xasprintf("site/%d/%s.md", d->year, d->name);
	outset_add(w->out, path, &b);
	free(path);
	buf_free(&b);
	val_free(ctx);
	return ok;
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
		set_kind_flags(m, notice_name(k));
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

/* ---- the timeline --------------------------------------------------------- */

struct tl_row {
	const char	*kind;		/* notice name, or "deadline" */
	day_t		 start, end;	/* end inclusive; start == end: one day */
	bool		 window;	/* a publicity: a bar, else a mark */
};

/* Tenths of a unit, for coordinates without floating point. */
static struct val *
tenths(long v)
{
	return val_strf("%ld.%ld", v / 10, v % 10);
}

static long
x_of(day_t d, day_t d0, day_t d1)
{
	return TL_LEFT * 10L + (long)(d - d0) * (TL_RIGHT - TL_LEFT) * 10L /
	    (long)(d1 - d0);
}

/* Rough width of a label: a Chinese character is 1 em, others about half. */
static long
text_width(const char *s)
{
	long w = 0;

	for (; *s != '\0'; s++) {
		if ((*s & 0xc0) == 0x80)
			continue;
		w += (unsigned char)*s >= 0xe0 ? 10 : 6;
	}
	return w * TL_FONT;	/* in tenths */
}

static day_t
month_start(day_t d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

static day_t
next_month(day_t d, int step)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	m += step;
	while (m > 12) {
		m -= 12;
		y++;
	}
	return date_from_ymd(y, m, 1);
}

static size_t
timeline_rows(const struct cycle_state *cs, struct tl_row *rows)
{
	const struct cycle *c = cs->cycle;
	size_t n = 0;
	int k;

	for (k = 0; k < NOTICE_KIND_COUNT; k++) {
		if (!c->notices[k].present || c->notices[k].date == DAY_NONE)
			continue;
		rows[n].kind = notice_name(k);
		rows[n].start = rows[n].end = c->notices[k].date;
		rows[n].window = false;
		if (notice_is_publicity(k) && cs->window_end[k] != DAY_NONE &&
		    cs->window_end[k] >= c->notices[k].date) {
			rows[n].end = cs->window_end[k];
			rows[n].window = true;
		}
		n++;
		if (k == NOTICE_CALL && c->application_deadline != DAY_NONE) {
			rows[n].kind = "deadline";
			rows[n].start = rows[n].end = c->application_deadline;
			rows[n].window = false;
			n++;
		}
	}
	return n;
}

static struct val *
timeline_ticks(day_t d0, day_t d1, long bottom)
{
	struct val *ticks = val_list(), *t;
	day_t m;
	int y, mo, dd, months = 0, step;

	for (m = d0; m < d1; m = next_month(m, 1))
		months++;
	step = (months + 11) / 12;	/* at most about 12 labels */
	for (m = d0; m < d1; m = next_month(m, step)) {
		date_to_ymd(m, &y, &mo, &dd);
		t = val_push(ticks, val_map());
		val_set(t, "x", tenths(x_of(m, d0, d1)));
		val_set(t, "label_x", tenths(x_of(m, d0, d1) + 30));
		val_set_int(t, "y2", bottom);
		val_set_int(t, "month", mo);
		val_set_int(t, "year", y);
		/* The year is written on the first month and on each January. */
		val_set_bool(t, "show_year", m == d0 || mo == 1);
	}
	return ticks;
}

static struct val *
timeline_row(const struct tl_row *r, size_t i, day_t d0, day_t d1)
{
	struct val *m = val_map();
	long x0 = x_of(r->start, d0, d1), x1 = x_of(r->end + 1, d0, d1);
	long y = TL_TOP + (long)i * TL_ROW, label_w, mid;
	struct buf dates;

	set_kind_flags(m, r->kind);
	val_set_bool(m, "is_window", r->window);
	val_set_int(m, "row_y", y);
	val_set_int(m, "row_h", TL_ROW);
	val_set_int(m, "text_y", y + TL_ROW / 2 + TL_FONT * 4 / 10);
	val_set_int(m, "label_x", TL_LEFT - 8);
	val_set_int(m, "bar_y", y + (TL_ROW - TL_BAR) / 2);
	val_set_int(m, "bar_h", TL_BAR);
	val_set(m, "bar_x", tenths(x0));
	val_set(m, "bar_w", tenths(x1 - x0 < 30 ? 30 : x1 - x0));
	val_set(m, "mark_x", tenths((x0 + x1) / 2));
	val_set_int(m, "mark_y", y + TL_ROW / 2);
	site_set_date(m, "start", r->start);
	site_set_date(m, "end", r->end);
	set_date_md(m, "start_md", r->start);
	set_date_md(m, "end_md", r->end);
	/* The dates beside the bar: after it, or before when no room is left. */
	buf_init(&dates);
	{
		char a[32], b[32];

		date_cn_md(r->start, a);
		date_cn_md(r->end, b);
		buf_printf(&dates, r->window ? "%s至%s" : "%s", a, b);
	}
	label_w = text_width(buf_cstr(&dates));
	if (!r->window) {	/* clear of the mark's circle */
		mid = (x0 + x1) / 2;
		x0 = mid - 50;
		x1 = mid + 50;
	}
	if (x1 + 60 + label_w <= TL_WIDTH * 10L) {
		val_set(m, "date_x", tenths(x1 + 60));
		val_set_str(m, "date_anchor", "start");
	} else {
		val_set(m, "date_x", tenths(x0 - 60));
		val_set_str(m, "date_anchor", "end");
	}
	buf_free(&dates);
	return m;
}

/*
 * The stages along a date axis: month by month from the first date to
 * the last, a bar per publicity window, a mark per dated notice. The
 * markup is templates/layout/timeline.html; here only the coordinates.
 */
static struct val *
timeline(const struct cycle_state *cs)
{
	struct tl_row rows[NOTICE_KIND_COUNT + 1];
	struct val *tl, *list;
	size_t n, i;
	day_t lo, hi, d0, d1;
	long bottom;

	n = timeline_rows(cs, rows);
	if (n == 0)
		return val_null();
	lo = rows[0].start;
	hi = rows[0].end;
	for (i = 1; i < n; i++) {
		if (rows[i].start < lo)
			lo = rows[i].start;
		if (rows[i].end > hi)
			hi = rows[i].end;
	}
	d0 = month_start(lo);
	d1 = next_month(hi, 1);
	bottom = TL_TOP + (long)n * TL_ROW;
	tl = val_map();
	val_set_int(tl, "width", TL_WIDTH);
	val_set_int(tl, "height", bottom + 8);
	val_set_int(tl, "axis_x1", TL_LEFT);
	val_set_int(tl, "axis_x2", TL_RIGHT);
	val_set_int(tl, "axis_y", TL_TOP);
	val_set_int(tl, "month_y", TL_TOP - 10);
	val_set_int(tl, "bottom", bottom);
	val_set(tl, "ticks", timeline_ticks(d0, d1, bottom));
	list = val_set(tl, "rows", val_list());
	for (i = 0; i < n; i++)
		val_push(list, timeline_row(&rows[i], i, d0, d1));
	return tl;
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
		val_set(m, "href", outset_find(w->out, page) != NULL ?
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

static bool
write_cycle(struct sw *w, int year)
{
	const struct cycle_state *cs = cycle_of(w->st, year);
	struct val *ctx, *notices, *certs;
	char *path;
	size_t i;
	bool ok;

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
	path = xasprintf("site/%d/index.html", year);
	ok = write_page(w, L_CYCLE, ctx, path);
	free(path);
	val_free(ctx);
	return ok;
}

static bool
write_index(struct sw *w, const int *ys, size_t n_years)
{
	struct val *ctx = page_context(w, "", NULL, NULL), *cycles, *c, *notices;
	char prefix[32];
	size_t i, j;
	bool ok;

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
	ok = write_page(w, L_INDEX, ctx, "site/index.html");
	val_free(ctx);
	return ok;
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

static bool
write_feed(struct sw *w)
{
	struct val *ctx = val_map(), *entries, *e;
	const struct doc *d;
	char *prefix;
	struct buf b;
	size_t i;
	bool ok;

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
	buf_init(&b);
	if ((ok = render(w, L_FEED, ctx, &b)))
		outset_add(w->out, "site/feed.xml", &b);
	buf_free(&b);
	val_free(ctx);
	return ok;
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

static bool
write_sitemap(struct sw *w, const int *ys, size_t n_years)
{
	struct val *ctx = val_map(), *urls;
	const char *base = w->st->site->base_url;
	const struct doc *d;
	const char *path;
	char *prefix;
	struct buf b;
	size_t i;
	bool ok;

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
	/* The certificates' pages, in the order verify_write added them. */
	prefix = xasprintf("%sverify/", base);
	for (i = 0; i < w->out->n; i++) {
		path = w->out->files[i].path;
		if (str_has_prefix(path, "site/verify/") &&
		    strchr(path + strlen("site/verify/"), '/') == NULL &&
		    str_has_suffix(path, ".html"))
			sitemap_url(urls, href(prefix, path +
			    strlen("site/verify/"), ""), DAY_NONE);
	}
	free(prefix);
	buf_init(&b);
	if ((ok = render(w, L_SITEMAP, ctx, &b)))
		outset_add(w->out, "site/sitemap.xml", &b);
	buf_free(&b);
	val_free(ctx);
	return ok;
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
				outset_add_copy(w->out, out, data, len);
				free(out);
				free(data);
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
	/* Every page links to it. */
	if (ok && outset_find(w->out, "site/assets/style.css") == NULL) {
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
site_write(const struct state *st, const struct site_doc *docs, size_t n,
    const char *templates_dir, struct outset *out, struct diag *diag)
{
	struct sw w = {
		.st = st, .docs = docs, .n_docs = n, .out = out, .diag = diag,
	};
	int *ys = NULL;
	size_t n_years, i;
	bool ok;

	w.dir = path_join(templates_dir, "layout");
	ok = load_layouts(&w);
	ok = copy_assets(&w, templates_dir) && ok;
	if (ok) {
		w.site = public_site(st->site);
		order_docs(&w);
		n_years = years(&w, &ys);
		for (i = 0; i < n && ok; i++)
			ok = write_notice(&w, &docs[w.order[i]]);
		for (i = 0; i < n_years && ok; i++)
			ok = write_cycle(&w, ys[i]);
		ok = ok && write_index(&w, ys, n_years);
		ok = ok && write_feed(&w);
		ok = ok && write_sitemap(&w, ys, n_years);
	}
	free_layouts(&w);
	val_free(w.site);
	free(w.order);
	free(ys);
	free(w.dir);
	return ok;
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

bool
site_page_write(const struct state *st, const char *templates_dir,
    const struct site_page *pg, struct outset *out, struct diag *diag)
{
	struct sw w = { .st = st, .out = out, .diag = diag };
	struct val *ctx;
	char *root, *tmpl_path = NULL, *tmpl = NULL;
	size_t i;
	bool ok;

	w.dir = path_join(templates_dir, "layout");
	ok = load_layout(&w, layout_files[L_PAGE], &w.path[L_PAGE],
	    &w.text[L_PAGE]);
	ok = load_layout(&w, pg->layout, &tmpl_path, &tmpl) && ok;
	if (ok) {
		w.site = public_site(st->site);
		root = root_of(pg->path);
		ctx = page_context(&w, root, pg->title, pg->description);
		for (i = 0; pg->values != NULL && i < pg->values->n; i++)
			val_set(ctx, pg->values->keys[i],
			    val_copy(pg->values->items[i]));
		ok = wrap_page(&w, tmpl_path, tmpl, ctx, pg->path);
		val_free(ctx);
		free(root);
	}
	free_layouts(&w);
	val_free(w.site);
	free(tmpl_path);
	free(tmpl);
	free(w.dir);
	return ok;
}
