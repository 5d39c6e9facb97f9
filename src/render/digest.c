/*
 * digest: the canonical stream of what a file is rendered from, hashed.
 *
 * Every item of the stream starts with a tag byte; strings carry their
 * length (8 bytes), lists and maps their count, so that no two different
 * inputs make the same stream. The stream goes through a buffer of its
 * own: a long list is some hundred thousand short cells, and one call of
 * the hash per cell would cost more than the hashing itself.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY	/* XXH3_state_t on the stack */
#include <xxhash.h>

#include "base/util.h"
#include "compose/cert_template.h"
#include "format/odt.h"
#include "format/pieces.h"
#include "render/digest.h"

#ifndef GONGSHI_VERSION
#define GONGSHI_VERSION "?"
#endif

#define LAYOUT_PAGE	"page.html"	/* as render.c: every page is inside it */

struct hasher {
	XXH3_state_t	s;
	size_t		n;
	unsigned char	buf[1 << 13];
};

static void
h_init(struct hasher *h)
{
	XXH3_INITSTATE(&h->s);
	XXH3_128bits_reset(&h->s);
	h->n = 0;
}

static void
h_flush(struct hasher *h)
{
	if (h->n > 0)
		XXH3_128bits_update(&h->s, h->buf, h->n);
	h->n = 0;
}

/* The buffer flushed: whether len bytes go into it rather than straight on. */
static bool
h_room_flushed(struct hasher *h, size_t len)
{
	h_flush(h);
	return len <= sizeof(h->buf) / 2;
}

/* Room for len more bytes in the buffer: false when they go straight on. */
static inline bool
h_room(struct hasher *h, size_t len)
{
	return len <= sizeof(h->buf) - h->n || h_room_flushed(h, len);
}

static void
h_raw(struct hasher *h, const void *p, size_t len)
{
	if (!h_room(h, len)) {
		XXH3_128bits_update(&h->s, p, len);
		return;
	}
	memcpy(h->buf + h->n, p, len);
	h->n += len;
}

static void
h_tag(struct hasher *h, char tag)
{
	if (h->n == sizeof(h->buf))
		h_flush(h);
	h->buf[h->n++] = (unsigned char)tag;
}

/*
 * In the machine's byte order: digests are only ever compared with those
 * of the same program (it is in every digest).
 */
static void
h_num(struct hasher *h, uint64_t v)
{
	h_raw(h, &v, sizeof(v));
}

static void
h_strn_long(struct hasher *h, const char *s, uint64_t len)
{
	h_tag(h, 's');
	h_num(h, len);
	h_raw(h, s, len);	/* flushes what is before it first */
}

/*
 * 's', the length, the bytes: the stream of every string, written into
 * the buffer at once (a table is a hundred thousand short cells).
 */
static inline void
h_strn(struct hasher *h, const char *s, size_t len)
{
	uint64_t n = len;
	unsigned char *p;

	if (!h_room(h, 1 + sizeof(n) + len)) {
		h_strn_long(h, s, n);
		return;
	}
	p = h->buf + h->n;
	p[0] = 's';
	memcpy(p + 1, &n, sizeof(n));
	memcpy(p + 1 + sizeof(n), s, len);
	h->n += 1 + sizeof(n) + len;
}

/* A string, or NULL (told apart from ""). */
static inline void
h_str(struct hasher *h, const char *s)
{
	if (s == NULL)
		h_tag(h, 'n');
	else
		h_strn(h, s, strlen(s));
}

static void
h_hash(struct hasher *h, const struct hash *d)
{
	h_tag(h, 'h');
	h_raw(h, d->b, sizeof(d->b));
}

static void
h_end(struct hasher *h, struct hash *out)
{
	XXH128_canonical_t c;

	h_flush(h);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&h->s));
	memcpy(out->b, c.digest, sizeof(out->b));
}

/* ---- values and document trees ------------------------------------------ */

static void
h_val(struct hasher *h, const struct val *v)
{
	size_t i;

	if (v == NULL) {
		h_tag(h, '0');
		return;
	}
	switch (v->type) {
	case VAL_NULL:
		h_tag(h, 'N');
		break;
	case VAL_BOOL:
		h_tag(h, v->b ? 'T' : 'F');
		break;
	case VAL_STR:
		h_tag(h, 'S');
		h_strn(h, v->str, v->n);
		break;
	case VAL_LIST:
		h_tag(h, 'L');
		h_num(h, v->n);
		for (i = 0; i < v->n; i++)
			h_val(h, v->items[i]);
		break;
	case VAL_MAP:
		h_tag(h, 'M');
		h_num(h, v->n);
		for (i = 0; i < v->n; i++) {
			h_str(h, v->keys[i]);
			h_val(h, v->items[i]);
		}
		break;
	}
}

/*
 * h_str of each of n strings, in one loop: a long list's table is most
 * of what a notice's digest reads.
 */
static void
h_strs(struct hasher *h, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h_str(h, v[i]);
}

static void
h_table(struct hasher *h, const struct doc_table *t)
{
	h_tag(h, 't');
	h_str(h, t->caption);
	h_num(h, t->n_cols);
	h_num(h, t->n_rows);
	h_strs(h, t->headers, t->n_cols);
	/* a long list by the digests of its rows, taken once for its pieces */
	if (pieces_cut(t)) {
		h_tag(h, 'r');
		h_raw(h, pieces_sums(t), pieces_n_sums(t) * sizeof(struct hash));
	} else
		h_strs(h, t->cells, t->n_rows * t->n_cols);
}

/* What the writers read of a node (format/): its type and its fields. */
static void
h_node(struct hasher *h, cmark_node *n)
{
	cmark_node_type type = cmark_node_get_type(n);
	struct doc_table *t;

	h_num(h, (uint64_t)type);
	switch (type) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_HTML_BLOCK:
		h_str(h, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_CODE_BLOCK:
		h_str(h, cmark_node_get_fence_info(n));
		h_str(h, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HEADING:
		h_num(h, (uint64_t)cmark_node_get_heading_level(n));
		break;
	case CMARK_NODE_LIST:
		h_num(h, (uint64_t)cmark_node_get_list_type(n));
		h_num(h, (uint64_t)cmark_node_get_list_start(n));
		h_num(h, (uint64_t)cmark_node_get_list_tight(n));
		h_num(h, (uint64_t)cmark_node_get_list_delim(n));
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		h_str(h, cmark_node_get_url(n));
		h_str(h, cmark_node_get_title(n));
		break;
	case CMARK_NODE_CUSTOM_BLOCK:
		if ((t = doc_block_table(n)) != NULL) {
			h_table(h, t);
			break;
		}
		/* FALLTHROUGH */
	case CMARK_NODE_CUSTOM_INLINE:
		h_str(h, cmark_node_get_on_enter(n));
		h_str(h, cmark_node_get_on_exit(n));
		break;
	default:
		break;
	}
}

static void
h_body(struct hasher *h, cmark_node *body)
{
	cmark_iter *it;
	cmark_event_type ev;

	if (body == NULL) {
		h_tag(h, '0');
		return;
	}
	it = cmark_iter_new(body);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev == CMARK_EVENT_ENTER) {
			h_tag(h, '(');
			h_node(h, cmark_iter_get_node(it));
		} else
			h_tag(h, ')');
	}
	cmark_iter_free(it);
}

static void
h_doc(struct hasher *h, const struct doc *d)
{
	h_tag(h, 'D');
	h_num(h, (uint64_t)d->kind);
	h_str(h, d->name);
	h_num(h, (uint64_t)(int64_t)d->year);
	h_str(h, d->title);
	h_str(h, d->number);
	h_str(h, d->issuer_mark);
	h_str(h, d->addressee);
	h_str(h, d->signature);
	h_num(h, (uint64_t)(int64_t)d->date);
	h_str(h, d->attachment_note);
	h_str(h, d->copy_to);
	h_str(h, d->printer);
	h_num(h, (uint64_t)(int64_t)d->printed);
	h_str(h, d->keywords);
	h_str(h, d->retention);
	h_str(h, d->description);
	h_body(h, d->body);
}

void
digest_val(const struct val *v, struct hash *out)
{
	struct hasher h;

	h_init(&h);
	h_val(&h, v);
	h_end(&h, out);
}

void
digest_doc(const struct doc *d, struct hash *out)
{
	struct hasher h;

	h_init(&h);
	h_doc(&h, d);
	h_end(&h, out);
}

/* ---- the digests of one build ------------------------------------------- */

/* A cached digest: of a layout with its partials, or of a document tree. */
struct cached {
	char		*key;
	bool		 ok;
	struct hash	 h;
};

static struct cached *
cache_get(struct strmap *m, const char *key)
{
	return strmap_get(m, key);
}

static struct cached *
cache_put(struct strmap *m, const char *key, bool ok, const struct hash *h)
{
	struct cached *c = xcalloc(1, sizeof(*c));

	c->key = xstrdup(key);
	c->ok = ok;
	if (h != NULL)
		c->h = *h;
	(void)strmap_put(m, c->key, c);
	return c;
}

static void
cache_free(struct strmap *m)
{
	struct cached *c;
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->keys != NULL && m->keys[i] != NULL) {
			c = m->vals[i];
			free(c->key);
			free(c);
		}
	strmap_free(m);
}

void
digests_init(struct digests *g, const char *templates_dir, const char *program)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	memset(g, 0, sizeof(*g));
	g->layout_dir = path_join(templates_dir, "layout");
	g->style_path = path_join(templates_dir, ODT_TEMPLATE);
	snprintf(g->seed, sizeof(g->seed), "gongshi %s\nprogram %s\n"
	    "SOURCE_DATE_EPOCH %.64s\n", GONGSHI_VERSION,
	    program != NULL ? program : "", sde != NULL ? sde : "(unset)");
	strmap_init(&g->layouts);
	strmap_init(&g->docs);
}

void
digests_free(struct digests *g)
{
	cache_free(&g->layouts);
	cache_free(&g->docs);
	free(g->layout_dir);
	free(g->style_path);
	memset(g, 0, sizeof(*g));
}

/* ---- layouts and the partials they can include --------------------------- */

/* A list of file names of templates/layout/, each once. */
struct names {
	char	**v;
	size_t	  n;
};

static void
names_add(struct names *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(name);
}

static void
names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static bool
partial_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of the layout folder, in name order: what {{= =}} may reach. */
static void
add_all_layouts(const char *dir, struct names *l)
{
	struct names all = { NULL, 0 };
	struct dirent *e;
	DIR *d;
	size_t i;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			names_add(&all, e->d_name);
	closedir(d);
	if (all.n > 1)
		qsort(all.v, all.n, sizeof(*all.v), name_cmp);
	for (i = 0; i < all.n; i++)
		names_add(l, all.v[i]);
	names_free(&all);
}

/* Adds "NAME.html" for every {{> NAME}} of text to l. */
static void
scan_partials(const char *dir, const char *text, struct names *l)
{
	const char *p, *q;
	char *file;

	if (strstr(text, "{{=") != NULL) {
		add_all_layouts(dir, l);
		return;
	}
	for (p = strstr(text, "{{"); p != NULL; p = strstr(p, "{{")) {
		for (p += 2; *p == '{'; p++)
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '>')
			continue;
		for (p++; *p == ' ' || *p == '\t'; p++)
			continue;
		for (q = p; partial_char(*q); q++)
			continue;
		if (q == p)
			continue;
		file = xasprintf("%.*s.html", (int)(q - p), p);
		names_add(l, file);
		free(file);
	}
}

/*
 * The digest of a layout file and of every partial it can include, in the
 * order they are found. A missing partial counts as missing: the render
 * fails if it comes to it.
 */
static bool
layout_compute(struct digests *g, const char *file, struct hash *out)
{
	struct names l = { NULL, 0 };
	struct hasher h;
	char *path, *text;
	size_t i, len;
	bool ok = true;

	h_init(&h);
	h_str(&h, "layout");
	names_add(&l, file);
	for (i = 0; i < l.n; i++) {
		path = path_join(g->layout_dir, l.v[i]);
		text = file_read(path, &len);
		free(path);
		h_str(&h, l.v[i]);
		if (text == NULL) {
			ok = i > 0;	/* the layout itself must be there */
			h_tag(&h, '-');
			continue;
		}
		h_strn(&h, text, len);
		scan_partials(g->layout_dir, text, &l);
		free(text);
	}
	names_free(&l);
	h_end(&h, out);
	return ok;
}

static bool
layout_digest(struct digests *g, const char *file, struct hash *out)
{
	struct cached *c;
	struct hash h;
	bool ok;

	if (file == NULL)
		return false;
	if ((c = cache_get(&g->layouts, file)) == NULL) {
		ok = layout_compute(g, file, &h);
		c = cache_put(&g->layouts, file, ok, &h);
	}
	*out = c->h;
	return c->ok;
}

/* A notice's tree, digested once however many files are made of it. */
static void
doc_digest(struct digests *g, const struct doc *d, struct hash *out)
{
	struct cached *c;
	char key[32];
	struct hash h;

	snprintf(key, sizeof(key), "%p", (const void *)d);
	if ((c = cache_get(&g->docs, key)) == NULL) {
		digest_doc(d, &h);
		c = cache_put(&g->docs, key, true, &h);
	}
	*out = c->h;
}

static bool
style_digest(struct digests *g, struct hash *out)
{
	char hex[HASH_HEX];

	if (!g->style_known) {
		g->style_ok = hash_file_hex(g->style_path, hex);
		if (g->style_ok)
			hash_bytes(hex, strlen(hex), &g->style);
		g->style_known = true;
	}
	*out = g->style;
	return g->style_ok;
}

static void
cert_template_digest(struct digests *g, const struct cert_template *t,
    struct hash *out)
{
	struct hasher h;

	if (g->cert != t) {
		h_init(&h);
		h_str(&h, "certificate template");
		h_strn(&h, t->text, t->len);
		h_num(&h, t->lines);
		h_num(&h, t->has_qr);
		h_end(&h, &g->cert_digest);
		g->cert = t;
	}
	*out = g->cert_digest;
}

static void
h_begin(struct digests *g, struct hasher *h, const char *what)
{
	h_init(h);
	h_str(h, g->seed);
	h_str(h, what);
}

bool
digest_odt(struct digests *g, const struct doc *d, long long mtime,
    struct hash *out)
{
	struct hasher h;
	struct hash part;

	h_begin(g, &h, "odt");
	if (!style_digest(g, &part))
		return false;
	h_hash(&h, &part);
	doc_digest(g, d, &part);
	h_hash(&h, &part);
	h_num(&h, (uint64_t)mtime);
	h_end(&h, out);
	return true;
}

/* PAGE and XML: their layouts (a page's inside page.html) and values. */
static bool
h_layouts(struct digests *g, struct hasher *h, const struct document *d)
{
	struct hash part;

	if (!layout_digest(g, d->layout, &part))
		return false;
	h_hash(h, &part);
	if (d->kind == DOCUMENT_PAGE) {
		if (!layout_digest(g, LAYOUT_PAGE, &part))
			return false;
		h_hash(h, &part);
	}
	h_val(h, d->ctx);
	return true;
}

bool
digest_document(struct digests *g, const struct document *d,
    struct hash *out)
{
	struct hasher h;
	struct hash part;

	h_begin(g, &h, "document");
	h_num(&h, (uint64_t)d->kind);
	switch (d->kind) {
	case DOCUMENT_PAGE:
	case DOCUMENT_XML:
		if (!h_layouts(g, &h, d))
			return false;
		break;
	case DOCUMENT_MARKDOWN:
		break;
	case DOCUMENT_CERTIFICATE:
		if (d->tmpl == NULL)
			return false;
		cert_template_digest(g, d->tmpl, &part);
		h_hash(&h, &part);
		h_val(&h, d->ctx);
		h_str(&h, d->name);
		h_num(&h, (uint64_t)d->mtime);
		break;
	case DOCUMENT_FILE:
		h_strn(&h, d->data != NULL ? d->data : "", d->len);
		break;
	default:
		return false;
	}
	if (d->notice != NULL) {
		doc_digest(g, d->notice, &part);
		h_hash(&h, &part);
	} else
		h_tag(&h, '0');
	h_end(&h, out);
	return true;
}
