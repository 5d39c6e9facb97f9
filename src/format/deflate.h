/*
 * deflate: a part of a zip deflated in pieces that threads can make apart.
 *
 * Each piece is a raw deflate stream (zlib, the level and memory level
 * libzip uses, so that a part in one piece has the very bytes libzip
 * would write) primed with the 32 KiB of text before it, and ended on a
 * byte boundary by a full flush, the last piece by the end of the stream:
 * the pieces, concatenated, are one valid deflate stream of the whole
 * part, whose CRC-32 is combined from theirs. What a piece holds depends
 * only on the text, never on which thread made it or when.
 */
#ifndef GONGSHI_DEFLATE_H
#define GONGSHI_DEFLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct deflated {
	unsigned char	*data;		/* the deflated bytes */
	size_t		 len;
	size_t		 raw_len;	/* the text's length */
	uint32_t	 crc;		/* CRC-32 of the text */
};

/*
 * Deflates text[from, to) of text into out: primed with what is before
 * from (up to 32 KiB), ending the stream when to is the end (last).
 * False when zlib fails (memory); out is then empty.
 */
bool	deflate_piece(const char *text, size_t from, size_t to, bool last,
	    struct deflated *out);
/* The pieces as one part: total lengths and the CRC of the whole text. */
void	deflated_join(const struct deflated *pieces, size_t n,
	    struct deflated *whole);
void	deflated_free(struct deflated *);

#endif
