#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"

/*
 * Blocks of 1 KiB first, each twice the one before, up to 64 KiB; a
 * request above a quarter of that gets a block of its own. A short table
 * (a recommending unit's five rows) takes one small block, not 64 KiB:
 * 4,000 of them, all alive until the build ends, took 256 MB of heap.
 */
#define ARENA_FIRST	((size_t)1 << 10)
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
	size_t pad = (size_t)(-(uintptr_t)a->next & (align - 1)), size;

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
	size = a->block == 0 ? ARENA_FIRST : a->block < ARENA_BLOCK ?
	    2 * a->block : ARENA_BLOCK;
	while (size < n)
		size *= 2;		/* n ≤ ARENA_BLOCK / 4: still ≤ ARENA_BLOCK */
	b = block_new(size);
	b->older = a->head;
	a->head = b;
	a->block = size;
	a->next = b->data + n;
	a->end = b->data + size;
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
