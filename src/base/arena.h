/*
 * arena: many small strings in few large blocks, freed all at once.
 *
 * At 1,000,000 applicants the registers hold some ten million short
 * values (names, codes, dates); a malloc each costs 16 bytes of malloc's
 * own beside a value of 20, and a free each at the end. An arena hands
 * out the bytes of blocks of its own and frees the blocks together, so
 * its strings live exactly as long as the arena: never free() one.
 */
#ifndef GONGSHI_ARENA_H
#define GONGSHI_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;	/* the block being filled, then older ones */
	char		   *next;	/* free bytes of head: next .. end */
	char		   *end;
	size_t		    block;	/* the size of head's block, 0 before one */
};

void	 arena_init(struct arena *);
void	 arena_free(struct arena *);	/* every string of the arena */
/* n bytes, aligned for any object. */
void	*arena_alloc(struct arena *, size_t n);
/* A copy of s[0..n), NUL-terminated. */
char	*arena_strndup(struct arena *, const char *s, size_t n);
char	*arena_strdup(struct arena *, const char *s);

#endif
