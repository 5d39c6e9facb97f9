#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "publish/outset.h"

void
outset_init(struct outset *o)
{
	memset(o, 0, sizeof(*o));
	strmap_init(&o->index);
	folders_init(&o->made);
	folders_init(&o->seen);
	sibling_init(&o->sib);
}

void
outset_free(struct outset *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->files[i].path);
		free(o->files[i].data);
		free(o->files[i].twin);
		free(o->files[i].sha256);
	}
	free(o->files);
	strmap_free(&o->index);
	free(o->spool);
	free(o->old);
	for (i = 0; i < o->n_dests; i++) {
		free(o->dests[i].dir);
		free(o->dests[i].fresh);
	}
	free(o->dests);
	folders_free(&o->made);
	folders_free(&o->seen);
	sibling_free(&o->sib);
	outset_init(o);
}

/*
 * The file at path, emptied for new data, or a new one (placed says
 * whether the old bytes are on disk, for publish to replace them). Found through a
 * hash of the paths: a many-cycle site has thousands of files, and a scan
 * per file added made that quadratic.
 */
static struct outfile *
slot(struct outset *o, const char *path)
{
	struct outfile *f;
	uintptr_t at;

	if ((at = (uintptr_t)strmap_get(&o->index, path)) != 0) {
		f = &o->files[at - 1];
		free(f->data);
		free(f->twin);
		free(f->sha256);
		f->data = NULL;
		f->twin = NULL;
		f->sha256 = NULL;
		f->reused = false;
		f->stat = false;
		return f;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->files = xreallocarray(o->files, o->cap, sizeof(*o->files));
	}
	f = &o->files[o->n++];
	f->path = xstrdup(path);
	f->data = NULL;
	f->twin = NULL;
	f->sha256 = NULL;
	f->reused = false;
	f->placed = false;
	f->stat = false;
	(void)strmap_put(&o->index, f->path, (void *)(uintptr_t)o->n);
	return f;
}

void
outset_add(struct outset *o, const char *path, struct buf *b)
{
	struct outfile *f = slot(o, path);

	f->len = b->len;
	f->data = buf_detach(b);
	if (o->sink != NULL)
		o->sink(o, f);
}

void
outset_add_copy(struct outset *o, const char *path, const char *data, size_t len)
{
	struct outfile *f = slot(o, path);

	f->data = xstrndup(data, len);
	f->len = len;
	if (o->sink != NULL)
		o->sink(o, f);
}

void
outset_add_twin(struct outset *o, const char *path, const char *twin)
{
	const struct outfile *t = outset_find(o, twin);
	const char *data = t != NULL ? t->data : NULL;
	size_t len = t != NULL ? t->len : 0;
	struct outfile *f = slot(o, path);	/* t may move: read it first */

	f->twin = xstrdup(twin);
	f->len = len;
	/* held in memory (no sink yet): a copy of its own, for readers */
	f->data = data != NULL ? xstrndup(data, len) : NULL;
	if (o->sink != NULL)
		o->sink(o, f);
}

void
outset_add_reused(struct outset *o, const char *path,
    const struct stamp_file *was, const char *sha256)
{
	struct outfile *f = slot(o, path);

	f->reused = true;
	f->len = (size_t)was->size;
	f->ino = was->ino;
	f->sec = was->sec;
	f->nsec = was->nsec;
	f->sha256 = sha256 != NULL ? xstrdup(sha256) : NULL;
	if (o->sink != NULL)
		o->sink(o, f);
}

const struct outfile *
outset_find(const struct outset *o, const char *path)
{
	uintptr_t at = (uintptr_t)strmap_get(&o->index, path);

	return at != 0 ? &o->files[at - 1] : NULL;
}

const char *
outset_data(const struct outset *o, const struct outfile *f, char **copy)
{
	char *path;
	size_t len;

	*copy = NULL;
	if (f->data != NULL || (path = outset_spooled_path(o, f->path)) == NULL)
		return f->data != NULL ? f->data : "";
	*copy = file_read(path, &len);
	free(path);
	return *copy;
}

const struct outdest *
outset_dest(const struct outset *o, const char *path)
{
	size_t i;

	for (i = 0; i < o->n_dests; i++)
		if (str_has_prefix(path, o->dests[i].prefix))
			return &o->dests[i];
	return NULL;
}

char *
outset_spooled_path(const struct outset *o, const char *path)
{
	const struct outdest *d;

	if (o->dests != NULL) {
		if ((d = outset_dest(o, path)) == NULL || d->fresh == NULL)
			return NULL;
		return path_join(d->fresh, path + strlen(d->prefix));
	}
	return o->spool != NULL ? path_join(o->spool, path) : NULL;
}

struct stamp_file *
outset_listing(const struct outset *o, size_t *n)
{
	struct stamp_file *v = xcalloc(o->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < o->n; i++) {
		if (!o->files[i].stat) {
			free(v);
			return NULL;
		}
		v[i].path = o->files[i].path;
		v[i].size = (long long)o->files[i].len;
		v[i].ino = o->files[i].ino;
		v[i].sec = o->files[i].sec;
		v[i].nsec = o->files[i].nsec;
	}
	*n = o->n;
	return v;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct outfile *)a)->path,
	    ((const struct outfile *)b)->path);
}

void
outset_sort(struct outset *o)
{
	size_t i;

	if (o->n > 1)
		qsort(o->files, o->n, sizeof(*o->files), path_cmp);
	/* The positions moved: index them again. */
	strmap_free(&o->index);
	strmap_init(&o->index);
	for (i = 0; i < o->n; i++)
		(void)strmap_put(&o->index, o->files[i].path,
		    (void *)(uintptr_t)(i + 1));
}
