#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"

/* 64 KiB blocks; a request above a quarter of one gets a block of its own. */
#define ARENA_BLOCK	((size_t)64 << 10)

struct arena_block {
	struct arena_block *older;
	alignas(max_align_t) char data[];
};

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *older;

	for (b = a->head; b != NULL; b = older) {
		older = b->older;
		free(b);
	}
	arena_init(a);
}

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->older = NULL;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b;
	char *p;
	size_t pad = (size_t)(-(uintptr_t)a->next & (align - 1));

	if (a->next != NULL && pad + n <= (size_t)(a->end - a->next)) {
		p = a->next + pad;
		a->next = p + n;
		return p;
	}
	if (n > ARENA_BLOCK / 4) {
		/* Behind the block being filled, whose free bytes stay usable. */
		b = block_new(n);
		if (a->head != NULL) {
			b->older = a->head->older;
			a->head->older = b;
		} else
			a->head = b;
		return b->data;
	}
	b = block_new(ARENA_BLOCK);
	b->older = a->head;
	a->head = b;
	a->next = b->data + n;
	a->end = b->data + ARENA_BLOCK;
	return b->data;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	/* Strings need no alignment: packed byte by byte. */
	if (a->next != NULL && n + 1 <= (size_t)(a->end - a->next)) {
		p = a->next;
		a->next += n + 1;
	} else
		p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_adopt(struct arena *a, struct arena *from)
{
	struct arena_block *last;

	if (from->head == NULL)
		return;
	if (a->head == NULL) {
		*a = *from;
		arena_init(from);
		return;
	}
	/* Behind the block being filled, whose free bytes stay usable. */
	for (last = from->head; last->older != NULL; last = last->older)
		;
	last->older = a->head->older;
	a->head->older = from->head;
	arena_init(from);
}
