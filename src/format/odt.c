/*
 * odt: the package.  A .odt is a zip whose first entry is `mimetype`,
 * stored, without extra field (so that the type can be read at a fixed
 * offset), then content.xml, styles.xml, meta.xml and the manifest.
 *
 * Determinism: the entries are always written in that order, with the one
 * timestamp the caller gives (format/zip.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/i18n.h"
#include "base/strmap.h"
#include "base/util.h"
#include "format/odt.h"
#include "format/pieces.h"
#include "format/xmlout.h"
#include "format/xmlread.h"
#include "format/zip.h"

#ifndef GONGSHI_VERSION
#define GONGSHI_VERSION	"0"
#endif

#define X(s)	((const xmlChar *)(s))

/* --- what XML 1.0 can carry ---------------------------------------------- */

/*
 * Decodes one UTF-8 character at s.  Returns its length, or 0 when the
 * bytes are not well-formed UTF-8 (overlong forms and surrogates included).
 */
size_t
odt_utf8_decode(const unsigned char *s, long *cp)
{
	size_t n, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2; c = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3; c = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool
xml_char(long c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	    (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/*
 * The text around offset bad of s, with every character XML cannot carry
 * shown as \xNN (or U+XXXX), so that the office can find it in a cell.
 */
static char *
visible_excerpt(const char *s, size_t bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t from = bad > 30 ? bad - 30 : 0, to = bad + 30, n;
	struct buf b;
	long c;

	while (from > 0 && (p[from] & 0xc0) == 0x80)
		from--;
	buf_init(&b);
	if (from > 0)
		buf_puts(&b, "…");
	while (p[from] != '\0' && from < to) {
		n = odt_utf8_decode(p + from, &c);
		if (n == 0) {
			buf_printf(&b, "\\x%02X", p[from]);
			n = 1;
		} else if (!xml_char(c) || c == '\t' || c == '\n' || c == '\r')
			buf_printf(&b, c < 0x80 ? "\\x%02lX" : "U+%04lX", c);
		else
			buf_add(&b, p + from, n);
		from += n;
	}
	if (p[from] != '\0')
		buf_puts(&b, "…");
	return buf_detach(&b);
}

/* A UTF-8 continuation byte. */
#define CONT(b)	(((b) & 0xc0) == 0x80)

/*
 * The length of the run at p that XML surely carries, without decoding:
 * printable ASCII, tab, LF, CR, and the two- and three-byte sequences
 * that can only stand for such characters (E0, ED and EF lead bytes,
 * which may start an overlong form, a surrogate or U+FFFE, are left to
 * odt_utf8_decode). Stops at the NUL, and at whatever needs a closer look.
 */
/*
 * What xml_run and first_bad_counted count of a text, the layout's
 * measure of it: its characters of two, of three, and (decoded) of more
 * bytes, and the bytes of those decoded. One count a character: a
 * 20,000-row list's cells are all counted.
 */
struct xml_count {
	size_t	two, three, other;
	size_t	other_bytes;
};

static size_t
xml_run(const unsigned char *p, struct xml_count *k)
{
	const unsigned char *q = p;

	for (;;) {
		if (q[0] < 0x80) {
			if (q[0] < 0x20 && q[0] != '\t' && q[0] != '\n' &&
			    q[0] != '\r')
				break;
			q++;
		} else if (q[0] >= 0xe1 && q[0] <= 0xee && q[0] != 0xed &&
		    CONT(q[1]) && CONT(q[2])) {
			q += 3;
			k->three++;
		} else if (q[0] >= 0xc2 && q[0] <= 0xdf && CONT(q[1])) {
			q += 2;
			k->two++;
		} else
			break;
	}
	return (size_t)(q - p);
}

/*
 * Where in s the first character is that XML cannot carry; -1 when none,
 * and then *ascii and *wide are its ASCII bytes and its other characters.
 */
static ptrdiff_t
first_bad_counted(const char *s, size_t *ascii, size_t *wide)
{
	const unsigned char *p = (const unsigned char *)s;
	struct xml_count k = { 0, 0, 0, 0 };
	size_t i = 0, n;
	long c;

	*ascii = *wide = 0;
	if (s == NULL)
		return -1;
	while (p[i += xml_run(p + i, &k)] != '\0') {
		n = odt_utf8_decode(p + i, &c);
		if (n == 0 || !xml_char(c))
			return (ptrdiff_t)i;
		i += n;
		k.other++;	/* a character decoded is never ASCII */
		k.other_bytes += n;
	}
	*wide = k.two + k.three + k.other;
	*ascii = i - 2 * k.two - 3 * k.three - k.other_bytes;
	return -1;
}

/* Where in s the first character is that XML cannot carry; -1 when none. */
static ptrdiff_t
first_bad(const char *s)
{
	size_t ascii, wide;

	return first_bad_counted(s, &ascii, &wide);
}

/*
 * NULL when s can go into XML; else the message (what, where). what is
 * translated already, or, for check_named, to be translated: a label is
 * looked up only for the text that fails (the catalogue's lookups were
 * a tenth of a small package's cost).
 */
static char *
check_text(const struct doc *d, const char *what, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	ptrdiff_t bad = first_bad(s);
	char *ex, *msg, why[64];
	size_t i;
	long c;

	if (bad < 0)
		return NULL;
	i = (size_t)bad;
	if (odt_utf8_decode(p + i, &c) == 0)
		snprintf(why, sizeof(why), _("the byte 0x%02X, which is not "
		    "UTF-8"), p[i]);
	else
		snprintf(why, sizeof(why), _("U+%04lX, a control "
		    "character"), c);
	ex = visible_excerpt(s, i);
	msg = xasprintf(_("%s: the %s holds %s, which an ODT (XML 1.0) "
	    "cannot carry: \"%s\"; remove it from the records"),
	    d->name, what, why, ex);
	free(ex);
	return msg;
}

/* check_text with a label marked N_(), translated only when s fails. */
static char *
check_named(const struct doc *d, const char *label, const char *s)
{
	return first_bad(s) < 0 ? NULL : check_text(d, _(label), s);
}

/*
 * Checks and measures rows [from, to) of t into block (its cells by
 * measure); NULL, or the message of the first cell XML cannot carry.
 */
static char *
check_rows(const struct doc *d, const struct doc_table *t, size_t from,
    size_t to, uint32_t *block)
{
	const char *s;
	char *what, *msg;
	size_t r, c, ascii, wide;

	for (r = from; r < to; r++)
		for (c = 0; c < t->n_cols; c++) {
			s = t->cells[r * t->n_cols + c];
			if (first_bad_counted(s, &ascii, &wide) < 0) {
				block[c * ODT_UNITS_N + odt_cell_units(s !=
				    NULL ? s : "", ascii, wide)]++;
				continue;
			}
			what = xasprintf(_("table \"%s\" row %zu column %zu"),
			    t->caption, r + 1, c + 1);
			msg = check_text(d, what, s);
			free(what);
			return msg;
		}
	return NULL;
}

/*
 * Checks t's text, its cells measured into count (odt_measures) as they
 * are checked: the one pass over a long list's text before it is written;
 * but for the blocks of rows the last build had (old, when not NULL),
 * which take their measures from it, unchecked. note, when not NULL, gets
 * t's part of the next build's note.
 */
static char *
check_table(const struct doc *d, const struct doc_table *t, uint32_t *count,
    const struct odt_note_list *old, struct buf *note)
{
	uint32_t *block;
	char *what, *msg = NULL;
	size_t b, c, u, from, to;

	if ((msg = check_named(d, N_("table caption"), t->caption)) != NULL)
		return msg;
	/*
	 * Where a cell is gets formatted only once it has failed: a label
	 * for every cell of a 20,000-row list was 5 % of a build.
	 */
	for (c = 0; c < t->n_cols; c++)
		if (first_bad(t->headers[c]) >= 0) {
			what = xasprintf(_("table \"%s\" header of column %zu"),
			    t->caption, c + 1);
			msg = check_text(d, what, t->headers[c]);
			free(what);
			return msg;
		}
	/* a list without a note is measured whole, straight into count */
	if (note == NULL)
		return check_rows(d, t, 0, t->n_rows, count);
	odt_note_list(note, t);
	block = xcalloc(t->n_cols * ODT_UNITS_N + 1, sizeof(*block));
	for (b = 0; (from = b * ODT_NOTE_ROWS) < t->n_rows; b++) {
		to = from + ODT_NOTE_ROWS < t->n_rows ? from + ODT_NOTE_ROWS :
		    t->n_rows;
		if (odt_note_take(old, t, b, count, note))
			continue;
		memset(block, 0, t->n_cols * ODT_UNITS_N * sizeof(*block));
		if ((msg = check_rows(d, t, from, to, block)) != NULL)
			break;
		for (c = 0; c < t->n_cols; c++)
			for (u = 0; u < ODT_UNITS_N; u++)
				count[c * ODT_UNITS_N + u] +=
				    block[c * ODT_UNITS_N + u];
		odt_note_block(note, t, b, block);
	}
	free(block);
	return msg;
}

/* The next table's measures in m, its counts to fill. */
static uint32_t *
measured(struct odt_measures *m, const struct doc_table *t)
{
	struct odt_measured *v;

	m->v = xreallocarray(m->v, m->n + 1, sizeof(*m->v));
	v = &m->v[m->n++];
	v->t = t;
	v->count = xcalloc(t->n_cols * ODT_UNITS_N + 1, sizeof(*v->count));
	return v->count;
}

static void
measures_free(struct odt_measures *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].count);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* The last build's note, and this build's, of a document's long lists. */
struct notes {
	struct odt_note_old	*old;		/* NULL: none */
	struct buf		*now;		/* NULL: none made */
	size_t			 n_now;		/* lists met */
};

static char *
check_body(const struct doc *d, struct odt_measures *m, struct notes *nt)
{
	cmark_iter *it = cmark_iter_new(d->body);
	cmark_event_type ev;
	struct doc_table *t;
	cmark_node *n;
	char *msg = NULL;
	bool cut;

	while (msg == NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		if ((t = doc_block_table(n)) != NULL) {
			cut = pieces_cut(t);
			msg = check_table(d, t, measured(m, t),
			    cut ? odt_note_old_list(nt->old, nt->n_now) : NULL,
			    cut ? nt->now : NULL);
			nt->n_now += cut;
		} else if ((msg = check_named(d, N_("text"),
		    cmark_node_get_literal(n))) == NULL && (msg = check_named(d,
		    N_("link"), cmark_node_get_url(n))) == NULL)
			msg = check_named(d, N_("link title"),
			    cmark_node_get_title(n));
	}
	cmark_iter_free(it);
	return msg;
}

/*
 * Checks d, m getting the measures of its tables (freed by the caller),
 * those of the rows the last build had (nt->old) taken from it, nt->now
 * (when not NULL) this build's note.
 */
static char *
check_doc(const struct doc *d, struct odt_measures *m, struct notes *nt)
{
	const struct {
		const char	*what;
		const char	*s;
	} fields[] = {
		{ N_("title"), d->title },
		{ N_("document number (发文字号)"), d->number },
		{ N_("issuer mark (发文机关标志)"), d->issuer_mark },
		{ N_("addressee (主送机关)"), d->addressee },
		{ N_("signature (发文机关署名)"), d->signature },
		{ N_("note (附注)"), d->attachment_note },
		{ N_("copy-to line (抄送)"), d->copy_to },
		{ N_("printer (印发机关)"), d->printer },
		{ N_("keywords"), d->keywords },
		{ N_("description"), d->description },
	};
	size_t i;
	char *msg;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if ((msg = check_named(d, fields[i].what, fields[i].s)) != NULL)
			return msg;
	nt->n_now = 0;
	msg = check_body(d, m, nt);
	if (nt->now != NULL)
		odt_note_end(nt->now, nt->n_now);
	return msg;
}

/* --- meta.xml and the manifest ------------------------------------------- */

/*
 * meta.xml is written with format/xmlout.h, as odt_content.c writes
 * content.xml: the very bytes libxml2's xmlTextWriter wrote for the same
 * calls, without its per-call cost (a package of a unit's short list is
 * mostly its fixed parts).
 */
static void
el_text(struct xmlout *x, const char *el, const char *text)
{
	if (text == NULL)
		return;
	xo_start(x, el);
	xo_text(x, text, strlen(text));
	xo_end(x);
}

static void
user_defined(struct xmlout *x, const char *name, const char *value)
{
	if (value == NULL)
		return;
	xo_start(x, "meta:user-defined");
	xo_attr(x, "meta:name", name);
	xo_text(x, value, strlen(value));
	xo_end(x);
}

/* Keywords "2025; acceptance" become one meta:keyword each. */
static void
keywords(struct xmlout *x, const char *list)
{
	char *copy, *p, *k;

	if (list == NULL)
		return;
	copy = p = xstrdup(list);
	while ((k = strsep(&p, ";,")) != NULL) {
		str_trim(k);
		if (*k != '\0')
			el_text(x, "meta:keyword", k);
	}
	free(copy);
}

/* The last occurrence of needle in s, or NULL. */
static const char *
strrstr_cn(const char *s, const char *needle)
{
	const char *p, *last = NULL;

	for (p = s; (p = strstr(p, needle)) != NULL; p++)
		last = p;
	return last;
}

/*
 * 文种, the kind of document, as its title ends: …的公示, …的通知, …的决定,
 * …告知书; else by the kind of doc.  NULL when neither says.
 */
static char *
doc_genre(const struct doc *d)
{
	static const char *const genres[] = {
		"公示", "公告", "通知", "决定", "告知书", "通报", "函", NULL
	};
	size_t i, n, len = d->title != NULL ? strlen(d->title) : 0;
	const char *br;

	/* …名单公示（乌鲁木齐市市场监督管理局）: the kind is before the bracket */
	if (len > 0 && str_has_suffix(d->title, "）") &&
	    (br = strrstr_cn(d->title, "（")) != NULL)
		len = (size_t)(br - d->title);
	for (i = 0; genres[i] != NULL; i++) {
		n = strlen(genres[i]);
		if (len >= n && strncmp(d->title + len - n, genres[i], n) == 0)
			return xstrdup(genres[i]);
	}
	switch (d->kind) {
	case DOC_DECISION:
		return xstrdup("决定");
	case DOC_LETTER:
		return xstrdup("告知书");
	default:
		return NULL;
	}
}

/*
 * 公开属性: a letter to an objector and a unit's own recommendation stay in
 * the archive (不予公开); whatever the site publishes is 公开.
 */
static const char *
doc_access(const struct doc *d)
{
	if (d->kind == DOC_LETTER || (d->name != NULL &&
	    str_has_prefix(d->name, "recommendation-")))
		return "不予公开";
	return "公开";
}

/*
 * What an archive system files a document by (DA/T 22, GB/T 9704): title,
 * 发文字号, 成文日期, the issuing body, 公开属性, 保管期限, and keywords for
 * the award, the cycle and the kind; dc: and meta: elements where ODF has
 * them, meta:user-defined for the rest.
 */
static void
meta_xml(const struct doc *d, long long mtime, struct buf *out)
{
	struct xmlout x;
	char when[32], date[16], *genre;
	time_t t = (time_t)mtime;
	struct tm tm;

	genre = doc_genre(d);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	xo_begin(&x, out);
	xo_start_with(&x, "office:document-meta",
	    " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
	    " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
	    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
	    " office:version=\"1.3\"");
	xo_start(&x, "office:meta");
	el_text(&x, "meta:generator", "gongshi/" GONGSHI_VERSION);
	el_text(&x, "dc:title", d->title);
	el_text(&x, "dc:description", d->description);
	keywords(&x, d->keywords);
	el_text(&x, "meta:keyword", genre);
	el_text(&x, "dc:creator", d->signature);
	el_text(&x, "meta:initial-creator", d->signature);
	el_text(&x, "meta:creation-date", when);
	el_text(&x, "dc:date", when);
	el_text(&x, "dc:language", "zh-CN");
	user_defined(&x, "发文字号", d->number);
	if (d->date != DAY_NONE) {
		date_iso(d->date, date);
		user_defined(&x, "成文日期", date);
	}
	user_defined(&x, "发文机关", d->signature);
	user_defined(&x, "文种", genre);
	user_defined(&x, "公开属性", doc_access(d));
	user_defined(&x, "保管期限", d->retention != NULL ? d->retention :
	    d->kind == DOC_DECISION ? "永久" : "30年");
	xo_finish(&x);
	free(genre);
}

/*
 * The manifest is the same in every package: its text, as libxml2's
 * xmlTextWriter wrote it, and its deflated bytes, made once per process
 * (manifest_z).
 */
static const char manifest_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:"
    "xmlns:manifest:1.0\" manifest:version=\"1.3\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
    " manifest:media-type=\"" ODT_MIMETYPE "\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\""
    " manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"styles.xml\""
    " manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"meta.xml\""
    " manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>\n";

static struct deflated	manifest_deflated;
static bool		manifest_ok;
static pthread_once_t	manifest_once = PTHREAD_ONCE_INIT;

static void
manifest_deflate(void)
{
	manifest_ok = deflate_piece(manifest_text, 0, sizeof(manifest_text) - 1,
	    true, &manifest_deflated);
}

/* The manifest deflated, or NULL when zlib failed. */
static const struct deflated *
manifest_z(void)
{
	pthread_once(&manifest_once, manifest_deflate);
	return manifest_ok ? &manifest_deflated : NULL;
}

/* A small part deflated whole, in one piece. */
bool
odt_deflate_whole(const char *data, size_t len, struct deflated *z)
{
	return deflate_piece(data != NULL ? data : "", 0, len, true, z);
}

/*
 * The five parts of every package, in their fixed order: content.xml in
 * its n pieces, styles.xml deflated already, meta.xml deflated here, the
 * manifest deflated once (manifest_z). Returns false with *err naming
 * the document.
 */
bool
odt_package_parts(const char *name, const struct deflated *content, size_t n,
    const struct deflated *styles, const struct buf *meta, long long mtime,
    struct buf *out, size_t *content_at, char **err)
{
	const struct deflated *zf = manifest_z();
	struct deflated zm;
	const struct zip_part parts[] = {
		{ "mimetype", ODT_MIMETYPE, strlen(ODT_MIMETYPE), NULL, 0 },
		{ "content.xml", NULL, 0, content, n },
		{ "styles.xml", NULL, 0, styles, 1 },
		{ "meta.xml", NULL, 0, &zm, 1 },
		{ "META-INF/manifest.xml", NULL, 0, zf, 1 },
	};
	size_t at[5];
	char *msg;

	if (zf == NULL || !odt_deflate_whole(meta->data, meta->len, &zm))
		msg = xstrdup(strerror(ENOMEM));	/* all zlib can fail of */
	else {
		msg = zip_write(parts, 5, mtime, out, at);
		deflated_free(&zm);
	}
	if (content_at != NULL)
		*content_at = msg == NULL ? at[1] : 0;
	if (msg == NULL)
		return true;
	*err = xasprintf(_("%s: cannot write the ODT package: %s"), name, msg);
	free(msg);
	return false;
}

/* --- a package in steps (odt.h) ------------------------------------------- */

struct odt_pkg {
	char			*name;	/* the document's, for messages */
	const struct odt_style	*style;
	long long		 mtime;
	struct dstream		 content;	/* deflated as it is written */
	size_t			 scanned;	/* where the search for rows is */
	size_t			 rows;		/* rows met so far */
	struct buf		 meta;
	struct odt_rows_hook	 hook;		/* with a reuse: rows_piece */
	/* the rows of the last piece taken without its text, for priming */
	const struct doc_table	*taken_t;
	bool			*taken_centre;
	size_t			 taken_r;
};

#define ROW_TAG		"<table:table-row"
#define ROW_TAG_LEN	(sizeof(ROW_TAG) - 1)

/* Whether the row tag <table:table-row starts at p (not -rows, -row-group). */
static bool
row_at(const char *p, const char *end)
{
	return (size_t)(end - p) > ROW_TAG_LEN &&
	    memcmp(p, ROW_TAG, ROW_TAG_LEN) == 0 &&
	    (p[ROW_TAG_LEN] == ' ' || p[ROW_TAG_LEN] == '>');
}

/*
 * Cuts what is written of content.xml before row 1 + k * ODT_PIECE_ROWS,
 * k ≥ 1, up to where a row tag could still be unfinished unless the text
 * is whole (end). Offsets are in the whole part: cutting drops text.
 * What is looked for is the tag's last letter, its 'w': a row has a
 * dozen '<' and two 'w' (its text is mostly Chinese), so there are fewer
 * stops, at the same rows.
 */
static void
cut_rows(struct odt_pkg *p, bool end)
{
	struct dstream *ds = &p->content;
	const size_t last = ROW_TAG_LEN - 1;
	size_t len, stop, lim, at;
	const char *w;

	for (;;) {
		len = ds->base + ds->text.len;
		stop = end ? len : len > ROW_TAG_LEN ? len - ROW_TAG_LEN : 0;
		/* the 'w' of a tag starting in [scanned, stop) */
		lim = stop + last < len ? stop + last : len;
		if (p->scanned >= stop || p->scanned + last >= lim ||
		    (w = memchr(ds->text.data + (p->scanned + last - ds->base),
		    'w', lim - (p->scanned + last))) == NULL)
			break;
		at = ds->base + (size_t)(w - ds->text.data) - last;
		p->scanned = at + 1;
		if (row_at(w - last, ds->text.data + ds->text.len) &&
		    p->rows++ > 0 && p->rows % ODT_PIECE_ROWS == 1)
			dstream_cut(ds, at);
	}
	if (p->scanned < stop)
		p->scanned = stop;
}

static void
content_grown(void *arg)
{
	cut_rows(arg, false);
}

/* The text of the piece dstream_take took, for the priming of the next. */
static void
taken_text(void *arg, struct buf *out)
{
	struct odt_pkg *p = arg;

	odt_rows_xml(p->taken_t, p->taken_centre, p->taken_r,
	    p->taken_r + ODT_PIECE_ROWS, out);
}

/*
 * Rows [r, r + ODT_PIECE_ROWS) of t, a piece of their own (odt.h): keyed
 * by their cells and t's columns centred, taken from the last build's
 * package when it has them after the same priming, else written.
 * Either way the cut before them is made here and their row tags are
 * counted, so that cut_rows goes on after them as if it had seen them.
 */
static void
rows_piece(void *arg, const struct doc_table *t, const bool *centre, size_t r)
{
	struct odt_pkg *p = arg;
	struct dstream *ds = &p->content;
	struct hash key;

	cut_rows(p, true);	/* the text ends between two rows */
	dstream_cut(ds, ds->base + ds->text.len);
	pieces_key("odt", centre, t->n_cols * sizeof(*centre), t, r,
	    r + ODT_PIECE_ROWS, &key);
	p->rows += ODT_PIECE_ROWS;
	if (dstream_take(ds, &key, taken_text, p)) {
		free(p->taken_centre);
		p->taken_centre = xcalloc(t->n_cols + 1, sizeof(*centre));
		memcpy(p->taken_centre, centre, t->n_cols * sizeof(*centre));
		p->taken_t = t;
		p->taken_r = r;
	} else {
		dstream_key_next(ds, &key);
		odt_rows_xml(t, centre, r, r + ODT_PIECE_ROWS, &ds->text);
	}
	p->scanned = ds->base + ds->text.len;
}

struct odt_pkg *
odt_prepare(const struct doc *d, const struct odt_style *st, long long mtime,
    dstream_sink *sink, void *arg, struct dreuse *reuse, char **err)
{
	struct odt_measures m = { NULL, 0 };
	struct notes nt;
	struct odt_pkg *p;
	struct buf note;
	bool ok;

	buf_init(&note);
	memset(&nt, 0, sizeof(nt));
	if (reuse != NULL) {
		nt.old = odt_note_read(reuse->old_note, &reuse->seed);
		odt_note_begin(&note, &reuse->seed);
		nt.now = &note;
	}
	*err = check_doc(d, &m, &nt);
	odt_note_free(nt.old);
	if (*err != NULL) {
		measures_free(&m);
		buf_free(&note);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->name = xstrdup(d->name);
	p->style = st;
	p->mtime = mtime;
	dstream_init(&p->content, sink, arg, reuse);
	buf_init(&p->meta);
	meta_xml(d, mtime, &p->meta);
	/* content.xml last: once pieces are queued, no failure frees them */
	p->hook.piece = rows_piece;
	p->hook.arg = p;
	ok = odt_content_xml(d, st, &p->content.text, content_grown, p,
	    reuse != NULL ? &p->hook : NULL, &m);
	if (ok && reuse != NULL)
		dnote_free(&reuse->now_note);
	if (ok && reuse != NULL && nt.n_now > 0) {
		reuse->now_note.len = note.len;
		reuse->now_note.data = (unsigned char *)buf_detach(&note);
	}
	buf_free(&note);
	measures_free(&m);
	if (!ok) {
		*err = xasprintf(_("%s: cannot write the ODT's XML"), d->name);
		odt_pkg_free(p);
		return NULL;
	}
	cut_rows(p, true);
	dstream_end(&p->content);
	return p;
}

bool
odt_assemble(struct odt_pkg *p, struct buf *out, size_t *content_at,
    char **err)
{
	struct deflated *piece;
	size_t n;
	bool ok = true;

	*err = NULL;
	if (!dstream_pieces(&p->content, &piece, &n)) {
		*err = xasprintf(_("%s: cannot write the ODT package: %s"),
		    p->name, strerror(ENOMEM));
		ok = false;
	}
	ok = ok && odt_package_parts(p->name, piece, n, &p->style->styles_z,
	    &p->meta, p->mtime, out, content_at, err);
	odt_pkg_free(p);
	return ok;
}

void
odt_pkg_free(struct odt_pkg *p)
{
	if (p == NULL)
		return;
	dstream_free(&p->content);
	buf_free(&p->meta);
	free(p->taken_centre);
	free(p->name);
	free(p);
}

bool
odt_write(const struct doc *d, const struct odt_style *st, long long mtime,
    struct buf *out, char **err)
{
	struct odt_pkg *p;

	if ((p = odt_prepare(d, st, mtime, NULL, NULL, NULL, err)) == NULL)
		return false;
	return odt_assemble(p, out, NULL, err);
}

/*
 * styles.xml is the same in every package of a build: deflated here once,
 * rather than once per package (1,650 times for 25 cycles).
 */
bool
odt_style_deflate(struct odt_style *st)
{
	return odt_deflate_whole(st->styles_xml, st->styles_len, &st->styles_z);
}

/* --- a flat ODT as a package ---------------------------------------------- */

#define NS_OFFICE	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE	"urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_META		"urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define NS_DC		"http://purl.org/dc/elements/1.1/"

/* The parts of office:document each package file keeps, in schema order. */
static const char *const content_parts[] = {
	"font-face-decls", "automatic-styles", "body", NULL
};
static const char *const styles_parts[] = {
	"font-face-decls", "styles", "automatic-styles", "master-styles", NULL
};
static const char *const meta_parts[] = { "meta", NULL };

static bool
flat_is(const xmlNode *n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlNode *
flat_child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (flat_is(c, ns, name))
			return c;
	return NULL;
}

static void
flat_unlink(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Keeps the office:<part> children of root that are listed; drops the rest. */
static void
keep_only(xmlNode *root, const char *const parts[])
{
	xmlNode *c, *next;
	size_t i;
	bool keep;

	for (c = root->children; c != NULL; c = next) {
		next = c->next;
		keep = c->type != XML_ELEMENT_NODE;
		for (i = 0; !keep && parts[i] != NULL; i++)
			keep = flat_is(c, NS_OFFICE, parts[i]);
		if (!keep)
			flat_unlink(c);
	}
}

/*
 * The style names used under n (attributes style:name-ish: any whose
 * local name ends in "style-name", and style:page-layout-name); the keys
 * point into the tree, which must outlive the map.
 */
static void
used_names(const xmlNode *n, struct strmap *names)
{
	const xmlNode *c;
	const xmlAttr *a;
	const char *an;
	size_t len;

	for (a = n->properties; a != NULL; a = a->next) {
		an = (const char *)a->name;
		len = strlen(an);
		if (a->children == NULL || a->children->content == NULL ||
		    !((len >= 10 && strcmp(an + len - 10, "style-name") == 0) ||
		    strcmp(an, "page-layout-name") == 0))
			continue;
		strmap_put(names, (const char *)a->children->content,
		    (void *)a);
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			used_names(c, names);
}

/*
 * Automatic styles: styles.xml keeps the page layouts and those the
 * master pages use (headers, footers); content.xml all but the page
 * layouts, which only master pages use.  A style both use is in both:
 * each file's names are its own (ODF 1.3 part 3, 16.1).
 */
static void
split_automatic(xmlNode *root, bool for_styles)
{
	xmlNode *as = flat_child(root, NS_OFFICE, "automatic-styles");
	xmlNode *ms = flat_child(root, NS_OFFICE, "master-styles");
	xmlNode *c, *next;
	struct strmap names;
	xmlChar *name;
	bool keep;

	if (as == NULL)
		return;
	strmap_init(&names);
	if (for_styles && ms != NULL)
		used_names(ms, &names);
	for (c = as->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (flat_is(c, NS_STYLE, "page-layout"))
			keep = for_styles;
		else if (!for_styles)
			keep = true;
		else {
			name = xmlGetNsProp(c, X("name"), X(NS_STYLE));
			keep = name != NULL &&
			    strmap_get(&names, (const char *)name) != NULL;
			xmlFree(name);
		}
		if (!keep)
			flat_unlink(c);
	}
	strmap_free(&names);
}

static void
set_meta_el(xmlNode *meta, xmlNs *ns, const char *nsuri, const char *name,
    const char *value)
{
	xmlNode *c, *next;

	for (c = meta->children; c != NULL; c = next) {
		next = c->next;
		if (flat_is(c, nsuri, name))
			flat_unlink(c);
	}
	xmlNewTextChild(meta, ns, X(name), X(value));
}

/*
 * office:meta of the document, with what LibreOffice counted or timed
 * while the template was edited dropped (it describes the template, not
 * this document), gongshi as generator and mtime as its dates.
 */
static void
fix_meta(xmlNode *root, long long mtime)
{
	static const char *const stale[] = {
		"editing-cycles", "editing-duration", "document-statistic",
		"print-date", "printed-by", "template", "auto-reload",
		"hyperlink-behaviour", NULL
	};
	xmlNode *meta = flat_child(root, NS_OFFICE, "meta"), *c, *next;
	xmlNs *mns, *dcns;
	time_t t = (time_t)mtime;
	struct tm tm;
	char when[32];
	size_t i;

	if (meta == NULL)
		meta = xmlNewChild(root, root->ns, X("meta"), NULL);
	for (c = meta->children; c != NULL; c = next) {
		next = c->next;
		for (i = 0; stale[i] != NULL; i++)
			if (flat_is(c, NS_META, stale[i])) {
				flat_unlink(c);
				break;
			}
	}
	mns = xmlSearchNsByHref(root->doc, root, X(NS_META));
	if (mns == NULL)
		mns = xmlNewNs(root, X(NS_META), X("meta"));
	dcns = xmlSearchNsByHref(root->doc, root, X(NS_DC));
	if (dcns == NULL)
		dcns = xmlNewNs(root, X(NS_DC), X("dc"));
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	set_meta_el(meta, mns, NS_META, "generator", "gongshi/" GONGSHI_VERSION);
	set_meta_el(meta, mns, NS_META, "creation-date", when);
	set_meta_el(meta, dcns, NS_DC, "date", when);
}

/*
 * One package file out of a copy of the flat document: the root renamed
 * (office:document-content, -styles, -meta), only its parts kept.
 */
static bool
flat_part(const xmlDoc *flat, const char *root_name,
    const char *const parts[], long long mtime, struct buf *out)
{
	xmlDoc *doc = xmlCopyDoc((xmlDoc *)flat, 1);
	xmlNode *root;
	xmlChar *mem = NULL;
	int len = 0;

	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return false;
	}
	xmlNodeSetName(root, X(root_name));
	xmlUnsetNsProp(root, root->ns, X("mimetype"));
	xmlSetNsProp(root, root->ns, X("version"), X("1.3"));
	keep_only(root, parts);
	if (parts == content_parts || parts == styles_parts)
		split_automatic(root, parts == styles_parts);
	else
		fix_meta(root, mtime);
	odt_strip_foreign(root);
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	xmlFreeDoc(doc);
	if (mem == NULL)
		return false;
	buf_add(out, mem, (size_t)len);
	xmlFree(mem);
	return true;
}

static xmlDoc *
parse_flat(const char *fodt, size_t len, const char *name, char **err)
{
	xmlDoc *doc;
	char *msg;
	int line;

	/*
	 * libxml2's limits kept (a picture's text node up to 10 MB), no DTD:
	 * format/xmlread.h.
	 */
	if ((doc = xml_read_template(fodt, len, name, &line, &msg)) == NULL) {
		*err = xasprintf(_("%s:%d: not well-formed XML: %s"), name, line,
		    msg);
		free(msg);
	} else if (!odt_flat_check(doc, name, err)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

bool
odt_package_flat(const char *fodt, size_t len, const char *name,
    long long mtime, struct buf *out, char **err)
{
	xmlDoc *doc;
	bool ok;

	*err = NULL;
	if ((doc = parse_flat(fodt, len, name, err)) == NULL)
		return false;
	ok = odt_package_doc(doc, name, mtime, out, err);
	xmlFreeDoc(doc);
	return ok;
}

/* A package of four parts written whole (a flat document's). */
static bool
package_whole(const char *name, const struct buf *content,
    const struct buf *styles, const struct buf *meta, long long mtime,
    struct buf *out, char **err)
{
	struct deflated zc, zs;
	bool ok;

	memset(&zs, 0, sizeof(zs));
	if (!odt_deflate_whole(content->data, content->len, &zc) ||
	    !odt_deflate_whole(styles->data, styles->len, &zs)) {
		*err = xasprintf(_("%s: cannot write the ODT package: %s"), name,
		    strerror(ENOMEM));
		ok = false;
	} else
		ok = odt_package_parts(name, &zc, 1, &zs, meta, mtime, out,
		    NULL, err);
	deflated_free(&zc);
	deflated_free(&zs);
	return ok;
}

/* Whether doc is a flat ODF document with a body; else *err says so. */
bool
odt_flat_check(const struct _xmlDoc *doc, const char *name, char **err)
{
	xmlNode *root;

	if ((root = xmlDocGetRootElement(doc)) != NULL &&
	    flat_is(root, NS_OFFICE, "document") &&
	    flat_child(root, NS_OFFICE, "body") != NULL)
		return true;
	*err = xasprintf(_("%s: not a flat ODF document (office:document "
	    "with office:body): save it from LibreOffice as \"Flat XML "
	    "ODF Text Document (.fodt)\""), name);
	return false;
}

/* The three package files of a flat document; false when libxml2 fails. */
bool
odt_flat_parts(const struct _xmlDoc *doc, long long mtime, struct buf *content,
    struct buf *styles, struct buf *meta)
{
	return flat_part(doc, "document-content", content_parts, mtime,
	    content) && flat_part(doc, "document-styles", styles_parts, mtime,
	    styles) && flat_part(doc, "document-meta", meta_parts, mtime, meta);
}

bool
odt_package_doc(const struct _xmlDoc *doc, const char *name,
    long long mtime, struct buf *out, char **err)
{
	struct buf content, styles, meta;
	bool ok;

	*err = NULL;
	if (!odt_flat_check(doc, name, err))
		return false;
	buf_init(&content);
	buf_init(&styles);
	buf_init(&meta);
	if (!(ok = odt_flat_parts(doc, mtime, &content, &styles, &meta)))
		*err = xasprintf("%s: cannot write the ODT's XML", name);
	else
		ok = package_whole(name, &content, &styles, &meta, mtime, out,
		    err);
	buf_free(&content);
	buf_free(&styles);
	buf_free(&meta);
	return ok;
}

long long
odt_timestamp(day_t date)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (sde != NULL && *sde != '\0') {
		t = strtoll(sde, &end, 10);
		if (*end == '\0' && t >= 0)
			return t;
	}
	return date != DAY_NONE ? (long long)date * 86400LL : 0;
}
