/*
 * odt_skel: a flat document packaged once for many, its values put in its
 * holes (odt.h): the certificates.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "format/odt.h"

/* One part's text cut at its holes: hole[i] goes before byte at[i]. */
struct skel_part {
	struct buf	 text;		/* the part without the markers */
	size_t		*at, *hole, n;
	struct deflated	 z;		/* deflated once when it has no hole */
};

struct odt_skel {
	char		*name;
	long long	 mtime;
	struct skel_part content, styles, meta;
};

void
odt_hole(struct buf *b, size_t k)
{
	buf_printf(b, ODT_HOLE_OPEN "%zu" ODT_HOLE_CLOSE, k);
}

#define HOLE_OPEN_LEN	(sizeof(ODT_HOLE_OPEN) - 1)
#define HOLE_CLOSE_LEN	(sizeof(ODT_HOLE_CLOSE) - 1)

/*
 * The hole marker at p (of the n bytes left), its index in *k and its
 * length; 0 when none starts there.
 */
static size_t
hole_at(const char *p, size_t n, size_t *k)
{
	size_t i = HOLE_OPEN_LEN;

	if (n < HOLE_OPEN_LEN || memcmp(p, ODT_HOLE_OPEN, HOLE_OPEN_LEN) != 0)
		return 0;
	for (*k = 0; i < n && p[i] >= '0' && p[i] <= '9' && i < 12; i++)
		*k = *k * 10 + (size_t)(p[i] - '0');
	if (i == HOLE_OPEN_LEN || n - i < HOLE_CLOSE_LEN ||
	    memcmp(p + i, ODT_HOLE_CLOSE, HOLE_CLOSE_LEN) != 0)
		return 0;
	return i + HOLE_CLOSE_LEN;
}

/* The next hole marker's opening in [p, end), or NULL. */
static const char *
next_open(const char *p, const char *end)
{
	while ((p = memchr(p, ODT_HOLE_OPEN[0], (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= HOLE_OPEN_LEN &&
		    memcmp(p, ODT_HOLE_OPEN, HOLE_OPEN_LEN) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* Cuts the text of a part at its holes; false when zlib fails. */
static bool
skel_cut(struct skel_part *sp, const struct buf *from)
{
	const char *p = from->data, *end = from->data + from->len, *q;
	size_t k, len, cap = 0;

	buf_init(&sp->text);
	buf_puts(&sp->text, "");
	while ((q = next_open(p, end)) != NULL) {
		buf_add(&sp->text, p, (size_t)(q - p));
		if ((len = hole_at(q, (size_t)(end - q), &k)) == 0) {
			buf_add(&sp->text, q, HOLE_OPEN_LEN);
			p = q + HOLE_OPEN_LEN;
			continue;
		}
		if (sp->n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			sp->at = xreallocarray(sp->at, cap, sizeof(*sp->at));
			sp->hole = xreallocarray(sp->hole, cap,
			    sizeof(*sp->hole));
		}
		sp->at[sp->n] = sp->text.len;
		sp->hole[sp->n++] = k;
		p = q + len;
	}
	buf_add(&sp->text, p, (size_t)(end - p));
	return sp->n > 0 || odt_deflate_whole(sp->text.data, sp->text.len, &sp->z);
}

/* The part with its holes filled, into out; false when a value is missing. */
static bool
skel_fill(const struct skel_part *sp, const char *const *values, size_t n,
    struct buf *out)
{
	size_t i, from = 0;

	for (i = 0; i < sp->n; i++) {
		if (sp->hole[i] >= n || values[sp->hole[i]] == NULL)
			return false;
		buf_add(out, sp->text.data + from, sp->at[i] - from);
		buf_puts(out, values[sp->hole[i]]);
		from = sp->at[i];
	}
	buf_add(out, sp->text.data + from, sp->text.len - from);
	return true;
}

static void
skel_part_free(struct skel_part *sp)
{
	buf_free(&sp->text);
	free(sp->at);
	free(sp->hole);
	deflated_free(&sp->z);
}

void
odt_skel_free(struct odt_skel *sk)
{
	if (sk == NULL)
		return;
	skel_part_free(&sk->content);
	skel_part_free(&sk->styles);
	skel_part_free(&sk->meta);
	free(sk->name);
	free(sk);
}

struct odt_skel *
odt_skel_make(const struct _xmlDoc *doc, const char *name, long long mtime,
    char **err)
{
	struct odt_skel *sk;
	struct buf content, styles, meta;
	bool ok;

	*err = NULL;
	if (!odt_flat_check(doc, name, err))
		return NULL;
	sk = xcalloc(1, sizeof(*sk));
	sk->name = xstrdup(name);
	sk->mtime = mtime;
	buf_init(&content);
	buf_init(&styles);
	buf_init(&meta);
	ok = odt_flat_parts(doc, mtime, &content, &styles, &meta);
	if (!ok)
		*err = xasprintf("%s: cannot write the ODT's XML", name);
	else if (!(ok = skel_cut(&sk->content, &content) &&
	    skel_cut(&sk->styles, &styles) && skel_cut(&sk->meta, &meta)))
		*err = xasprintf(_("%s: cannot write the ODT package: %s"), name,
		    strerror(ENOMEM));
	buf_free(&content);
	buf_free(&styles);
	buf_free(&meta);
	if (!ok) {
		odt_skel_free(sk);
		return NULL;
	}
	return sk;
}

/* A part of a skeleton deflated: once made, or its holes filled now. */
static bool
skel_deflated(const struct skel_part *sp, const char *const *values,
    size_t n, struct deflated *z, const struct deflated **use)
{
	struct buf b;
	bool ok;

	if (sp->n == 0) {
		*use = &sp->z;
		return true;
	}
	buf_init(&b);
	ok = skel_fill(sp, values, n, &b) && odt_deflate_whole(b.data, b.len, z);
	buf_free(&b);
	*use = z;
	return ok;
}

bool
odt_skel_package(const struct odt_skel *sk, const char *const *values,
    size_t n, struct buf *out, char **err)
{
	struct deflated zc, zs;
	const struct deflated *uc, *us;
	struct buf meta;
	bool ok;

	*err = NULL;
	memset(&zc, 0, sizeof(zc));
	memset(&zs, 0, sizeof(zs));
	buf_init(&meta);
	ok = skel_fill(&sk->meta, values, n, &meta) &&
	    skel_deflated(&sk->content, values, n, &zc, &uc) &&
	    skel_deflated(&sk->styles, values, n, &zs, &us);
	if (!ok)
		*err = xasprintf(_("%s: cannot write the ODT package: %s"),
		    sk->name, strerror(ENOMEM));
	else
		ok = odt_package_parts(sk->name, uc, 1, us, &meta, sk->mtime, out,
		    NULL, err);
	deflated_free(&zc);
	deflated_free(&zs);
	buf_free(&meta);
	return ok;
}
