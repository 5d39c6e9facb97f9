#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "publish/outset.h"

void
outset_init(struct outset *o)
{
	memset(o, 0, sizeof(*o));
}

void
outset_free(struct outset *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->files[i].path);
		free(o->files[i].data);
	}
	free(o->files);
	outset_init(o);
}

static struct outfile *
slot(struct outset *o, const char *path)
{
	struct outfile *f;
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->files[i].path, path) == 0) {
			free(o->files[i].data);
			return &o->files[i];
		}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->files = xreallocarray(o->files, o->cap, sizeof(*o->files));
	}
	f = &o->files[o->n++];
	f->path = xstrdup(path);
	return f;
}

void
outset_add(struct outset *o, const char *path, struct buf *b)
{
	struct outfile *f = slot(o, path);

	f->len = b->len;
	f->data = buf_detach(b);
}

void
outset_add_copy(struct outset *o, const char *path, const char *data, size_t len)
{
	struct outfile *f = slot(o, path);

	f->data = xstrndup(data, len);
	f->len = len;
}

const struct outfile *
outset_find(const struct outset *o, const char *path)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->files[i].path, path) == 0)
			return &o->files[i];
	return NULL;
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
	if (o->n > 1)
		qsort(o->files, o->n, sizeof(*o->files), path_cmp);
}
