/*
 * document: the list of composed documents.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "compose/cert_template.h"
#include "compose/document.h"

void
documents_init(struct document_list *l)
{
	memset(l, 0, sizeof(*l));
	strmap_init(&l->index);
}

void
document_release(struct document *d)
{
	free(d->layout);
	val_free(d->ctx);
	free(d->data);
	d->layout = NULL;
	d->ctx = NULL;
	d->data = NULL;
	d->len = 0;
}

void
documents_free(struct document_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		document_release(&l->v[i]);
		free(l->v[i].path);
	}
	free(l->v);
	strmap_free(&l->index);
	cert_template_free(l->cert);
	documents_init(l);
}

struct document *
documents_add(struct document_list *l, enum document_kind kind,
    const char *path)
{
	struct document *d;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->path = xstrdup(path);
	(void)strmap_put(&l->index, d->path, (void *)(uintptr_t)l->n);
	return d;
}

void
documents_keep(struct document_list *l, enum document_kind kind,
    const char *path)
{
	documents_add(l, kind, path)->kept = true;
}

const struct document *
documents_find(const struct document_list *l, const char *path)
{
	uintptr_t at = (uintptr_t)strmap_get(&l->index, path);

	return at != 0 ? &l->v[at - 1] : NULL;
}
