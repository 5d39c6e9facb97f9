/*
 * render/certificate: one certificate's .odt from the template
 * (compose/cert_template.h) and its values (compose/certificate.h): the
 * values rendered into the text (Mustache, strict, XML-escaped), the frame
 * named QR replaced by the QR code of its verification address
 * (format/odt_qr.h), the flat document packaged (format/odt.h).
 *
 * That is the slow way: a tree parsed, copied and written out three times
 * per certificate. Most certificates go the fast way: the template is
 * rendered once per shape of values (which sections are taken, which
 * values are empty, the timestamp) with a hole marker in place of each
 * value and of the QR code's path, packaged once (odt_skel_make), and
 * each certificate of that shape is the spans between the holes and its
 * values (odt_skel_package). A value that XML would not carry as it is
 * (a character to escape, a control character) sends its certificate the
 * slow way; so does a shape whose first certificate, made both ways,
 * came out different, or whose skeleton could not be made (the slow way
 * then says why).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/i18n.h"
#include "base/val.h"
#include "base/util.h"
#include "compose/certificate.h"
#include "compose/mustache.h"
#include "format/escape.h"
#include "format/odf_xml.h"
#include "format/odt.h"
#include "format/odt_qr.h"
#include "render/certificate.h"

/*
 * An error of the template engine or the packager ("PATH:LINE: what")
 * as a diagnostic at the template's line; number names the certificate
 * when the error is its own (its values), not the template's.
 */
static void
report(const struct cert_template *t, const char *number, const char *err,
    struct diag *diag)
{
	size_t n = strlen(t->path);
	const char *p = err;
	char *end;
	long line = 0;

	if (strncmp(err, t->path, n) == 0 && err[n] == ':') {
		p = err + n + 1;
		line = strtol(p, &end, 10);
		if (end != p && *end == ':')
			p = end + 1;
		else
			line = 0;
		while (*p == ' ')
			p++;
	}
	if (number != NULL)
		diag_error(diag, t->path, t->lines ? (int)line : 0,
		    _("certificate %s: %s"), number, p);
	else
		diag_error(diag, t->path, t->lines ? (int)line : 0, "%s", p);
}

/*
 * The rendered text, parsed, with the frame named QR drawn as the QR code:
 * the tree goes to the package as it is (odt_package_doc), not written out
 * to be parsed again.
 */
static xmlDoc *
with_qr(const struct cert_template *t, const struct buf *text,
    const char *url, char **err)
{
	char *why;
	xmlDoc *doc;
	int line;

	if ((doc = odf_parse(text->data, text->len, t->path, &line,
	    &why)) == NULL) {
		*err = xasprintf(_("%s:%d: the rendered template is not "
		    "well-formed XML: %s; does a {{#section}} span parts of "
		    "two paragraphs?"), t->path, line, why);
		free(why);
		return NULL;
	}
	if (!odt_qr_draw(xmlDocGetRootElement(doc), url, err)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* The slow way: the rendered text parsed, drawn, copied, written out. */
static bool
render_slow(const struct cert_template *t, const struct val *ctx,
    const char *number, long long mtime, struct buf *out, struct diag *diag)
{
	struct mustache_opts o = {
		escape_xml_fn, NULL, NULL, NULL, true, t->path
	};
	const struct val *url = val_get(ctx, "verify_url");
	struct buf text;
	char *err = NULL;
	xmlDoc *doc;
	bool ok;

	buf_init(&text);
	if (!mustache_render(t->text, t->len, ctx, &o, &text, &err)) {
		/* the template's error, the same for every certificate */
		report(t, NULL, err, diag);
		free(err);
		buf_free(&text);
		return false;
	}
	if (t->has_qr) {
		ok = (doc = with_qr(t, &text, url->str, &err)) != NULL &&
		    odt_package_doc(doc, t->path, mtime, out, &err);
		xmlFreeDoc(doc);
	} else
		ok = odt_package_flat(buf_cstr(&text), text.len, t->path,
		    mtime, out, &err);
	if (!ok) {
		report(t, number, err, diag);
		free(err);
	}
	buf_free(&text);
	return ok;
}

/* --- the fast way ------------------------------------------------------- */

/* One shape of values and its skeleton (NULL: the slow way). */
struct shape {
	char		*key;
	struct odt_skel	*skel;
	bool		 checked;	/* its first certificate agreed both ways */
};

struct shapes {
	struct shape	*v;
	size_t		 n, cap;
};

static void
shapes_free(void *arg)
{
	struct shapes *sh = arg;
	size_t i;

	for (i = 0; i < sh->n; i++) {
		free(sh->v[i].key);
		odt_skel_free(sh->v[i].skel);
	}
	free(sh->v);
	free(sh);
}

/* The values of a certificate that go into holes, in the order of the walk. */
struct values {
	const char	**v;
	size_t		  n, cap;
};

static void
values_push(struct values *vs, const char *s)
{
	if (vs->n == vs->cap)
		vs->v = xreallocarray(vs->v, vs->cap = vs->cap == 0 ? 16 :
		    vs->cap * 2, sizeof(*vs->v));
	vs->v[vs->n++] = s;
}

/*
 * Whether s is text that the slow way gives back as it is, wherever the
 * template puts it: nothing the escape or the parser changes, nothing
 * the writer escapes, well-formed UTF-8, no marker.
 */
static bool
plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	long c;

	while (*p != '\0') {
		if (*p < 0x80) {
			if (*p < 0x20 || *p == 0x7f || *p == '&' || *p == '<' ||
			    *p == '>' || *p == '"' || *p == '\'')
				return false;
			p++;
			continue;
		}
		if ((n = odt_utf8_decode(p, &c)) == 0 ||
		    (c >= 0xe000 && c <= 0xf8ff) || c == 0xfffe || c == 0xffff)
			return false;
		p += n;
	}
	return true;
}

/*
 * The shape of v into key (types, which strings are empty, booleans,
 * list lengths, map keys) and its non-empty strings into vs; false when
 * one is not plain.
 */
static bool
walk(const struct val *v, struct buf *key, struct values *vs)
{
	size_t i;

	switch (v->type) {
	case VAL_NULL:
		buf_putc(key, 'n');
		return true;
	case VAL_BOOL:
		buf_putc(key, v->b ? 't' : 'f');
		return true;
	case VAL_STR:
		buf_putc(key, v->n > 0 ? 's' : 'e');
		if (v->n > 0)
			values_push(vs, v->str);
		return v->n == 0 || plain(v->str);
	case VAL_LIST:
		buf_printf(key, "[%zu", v->n);
		for (i = 0; i < v->n; i++)
			if (!walk(v->items[i], key, vs))
				return false;
		buf_putc(key, ']');
		return true;
	case VAL_MAP:
		buf_printf(key, "{%zu", v->n);
		for (i = 0; i < v->n; i++) {
			buf_printf(key, "%zu:%s", strlen(v->keys[i]), v->keys[i]);
			if (!walk(v->items[i], key, vs))
				return false;
		}
		buf_putc(key, '}');
		return true;
	}
	return false;
}

/* A copy of v with hole k in place of its k-th non-empty string. */
static struct val *
with_holes(const struct val *v, size_t *k)
{
	struct val *c;
	struct buf b;
	size_t i;

	switch (v->type) {
	case VAL_STR:
		if (v->n == 0)
			return val_str("");
		buf_init(&b);
		odt_hole(&b, (*k)++);
		c = val_str(buf_cstr(&b));
		buf_free(&b);
		return c;
	case VAL_LIST:
		c = val_list();
		for (i = 0; i < v->n; i++)
			val_push(c, with_holes(v->items[i], k));
		return c;
	case VAL_MAP:
		c = val_map();
		for (i = 0; i < v->n; i++)
			val_append(c, v->keys[i], with_holes(v->items[i], k));
		return c;
	case VAL_BOOL:
		return val_bool(v->b);
	default:
		return val_null();
	}
}

/*
 * The skeleton of ctx's shape: the template rendered with holes, the QR
 * frames drawn with holes n (the path) and n + 1 (its viewBox) for the n
 * values; NULL when any step fails (the slow way will say why).
 */
static struct odt_skel *
make_skel(const struct cert_template *t, const struct val *ctx, size_t n,
    long long mtime)
{
	struct mustache_opts o = {
		escape_xml_fn, NULL, NULL, NULL, true, t->path
	};
	struct val *holes;
	const struct val *url;
	struct odt_skel *sk = NULL;
	struct buf text, d, vb;
	char *err = NULL, *why;
	xmlDoc *doc = NULL;
	size_t k = 0;
	int line;

	holes = with_holes(ctx, &k);
	url = val_get(holes, "verify_url");
	buf_init(&text);
	buf_init(&d);
	buf_init(&vb);
	odt_hole(&d, n);
	odt_hole(&vb, n + 1);
	if (k == n && mustache_render(t->text, t->len, holes, &o, &text,
	    &err) && (doc = odf_parse(text.data, text.len, t->path, &line,
	    &why)) == NULL)
		free(why);
	if (doc != NULL && (!t->has_qr || odt_qr_place(xmlDocGetRootElement(doc),
	    buf_cstr(&d), buf_cstr(&vb), url->str, &err)))
		sk = odt_skel_make(doc, t->path, mtime, &err);
	free(err);
	xmlFreeDoc(doc);
	buf_free(&text);
	buf_free(&d);
	buf_free(&vb);
	val_free(holes);
	return sk;
}

/* The shape of key, made the first time it is met. */
static struct shape *
shape_of(struct shapes *sh, const struct cert_template *t,
    const struct val *ctx, const struct buf *key, size_t n, long long mtime)
{
	struct shape *s;
	size_t i;

	for (i = 0; i < sh->n; i++)
		if (strcmp(sh->v[i].key, key->data) == 0)
			return &sh->v[i];
	if (sh->n == sh->cap)
		sh->v = xreallocarray(sh->v, sh->cap = sh->cap == 0 ? 4 :
		    sh->cap * 2, sizeof(*sh->v));
	s = &sh->v[sh->n++];
	s->key = xstrdup(key->data);
	s->skel = make_skel(t, ctx, n, mtime);
	s->checked = false;
	return s;
}

/*
 * The fast way into out; false when this certificate must go the slow
 * way (out is then as it was).
 */
static bool
render_fast(const struct cert_template *t, const struct val *ctx,
    const char *number, long long mtime, struct buf *out)
{
	const struct val *url = val_get(ctx, "verify_url");
	struct shapes *sh;
	struct shape *s;
	struct values vs = { NULL, 0, 0 };
	struct buf key, d, slow;
	char viewbox[ODT_QR_VIEWBOX], *err = NULL;
	struct diag quiet;
	size_t at = out->len;
	int size;
	bool ok = false;

	if (t->cache == NULL || url == NULL || url->type != VAL_STR ||
	    url->n == 0)
		return false;
	if (t->cache->data == NULL) {
		t->cache->data = xcalloc(1, sizeof(struct shapes));
		t->cache->free = shapes_free;
	}
	sh = t->cache->data;
	buf_init(&key);
	buf_init(&d);
	buf_printf(&key, "%lld:", mtime);
	if (!walk(ctx, &key, &vs) ||
	    (s = shape_of(sh, t, ctx, &key, vs.n, mtime))->skel == NULL ||
	    (t->has_qr && !odt_qr_path(url->str, &d, &size)))
		goto done;
	odt_qr_viewbox(t->has_qr ? size : 0, viewbox);
	values_push(&vs, buf_cstr(&d));
	values_push(&vs, viewbox);
	if (!odt_skel_package(s->skel, vs.v, vs.n, out, &err)) {
		free(err);
		out->len = at;
		goto done;
	}
	ok = true;
	t->cache->fast++;
	if (!s->checked) {
		/*
		 * The first of its shape: the slow way must agree (and, if it
		 * fails, says why once, when this one goes the slow way).
		 */
		buf_init(&slow);
		diag_init(&quiet);
		ok = render_slow(t, ctx, number, mtime, &slow, &quiet) &&
		    slow.len == out->len - at &&
		    memcmp(slow.data, out->data + at, slow.len) == 0;
		diag_free(&quiet);
		buf_free(&slow);
		s->checked = ok;
		if (!ok) {
			odt_skel_free(s->skel);
			s->skel = NULL;
			out->len = at;
			t->cache->fast--;
		}
	}
done:
	if (out->data != NULL)
		out->data[out->len] = '\0';
	free(vs.v);
	buf_free(&key);
	buf_free(&d);
	return ok;
}

bool
render_certificate(const struct cert_template *t, const struct val *ctx,
    const char *number, long long mtime, struct buf *out, struct diag *diag)
{
	return render_fast(t, ctx, number, mtime, out) ||
	    render_slow(t, ctx, number, mtime, out, diag);
}

bool
cert_render(const struct cert_template *t, const struct site *s,
    const struct certificate *c, long long mtime, struct buf *out,
    struct diag *diag)
{
	struct val *ctx = cert_context(s, c);
	bool ok;

	ok = render_certificate(t, ctx, c->number, mtime, out, diag);
	val_free(ctx);
	return ok;
}
