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

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/hash.h"

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

/*
 * A piece primed with the same 32 KiB, with the same text and the same
 * ending, deflates to the same bytes: a rebuild takes them from the last
 * build's package instead of deflating them again. A piece's key is the
 * digest of its priming (the tail of the piece before), of its text,
 * whether it is the last, and a seed (what else the bytes depend on: the
 * program, zlib's version). Its text counts by a digest of its own bytes,
 * or, for a piece of a list's rows alone, by the digest of what they are
 * written from (dstream_key_next: format/pieces.h), so that a rebuild
 * knows it without writing the text.
 */
struct dkept {
	struct hash	 key;
	struct hash	 sum;		/* of its deflated bytes */
	struct hash	 tail;		/* of the 32 KiB the next piece is primed with */
	uint64_t	 off;		/* of them: in the part, then in the file */
	size_t		 len, raw_len;
	uint32_t	 crc;
};

/*
 * What the writer of a part keeps of it for the next build beside its
 * pieces, bytes only it reads (format/odt.c: the measures of a long
 * list's cells, so that a rebuild measures only the rows that changed).
 */
struct dnote {
	unsigned char	*data;
	size_t		 len;
};
void	dnote_free(struct dnote *);

/*
 * What a dstream takes from the last build and lists for the next one: a
 * piece whose key is among old is read from fd (its sum checked: bytes
 * edited since, or cut short, are deflated again); now lists the pieces
 * of the part, offsets in the part, once dstream_pieces ran, when there
 * are more than one (a part of one piece is rendered whole or not at all).
 */
struct dreuse {
	struct hash	 seed;
	const struct dkept *old;	/* the last build's pieces of the part */
	size_t		 n_old;
	int		 fd;		/* the file old's offsets are in, or -1 */
	uint64_t	 size;		/* its size, once size_known */
	bool		 size_known;
	struct dkept	*now;
	size_t		 n_now;
	size_t		 reused;	/* pieces of now taken from fd */
	const struct dnote *old_note;	/* the last build's note, or NULL */
	struct dnote	 now_note;	/* this one's, kept with now */
	/* old's bytes, read from fd at once when the first is taken */
	unsigned char	*span;
	uint64_t	 span_off;
	size_t		 span_len;
	bool		 span_read;	/* tried: span, or each piece read apart */
};

/* Nothing to take yet; the seed from program (a digest of it) and zlib. */
void	dreuse_init(struct dreuse *, const char *program);
/* Closes fd and frees what was read of it: nothing more is taken. */
void	dreuse_close(struct dreuse *);
/* dreuse_close, and frees now and now_note. */
void	dreuse_free(struct dreuse *);

/*
 * A part deflated as it is written, so that a 560 MB content.xml is never
 * held whole: the writer appends to text and says where each piece ends
 * (dstream_cut); the stream deflates the piece, or hands a copy of it to
 * sink for another thread, and drops the text before it but the 32 KiB the
 * next piece is primed with. The pieces are those deflate_piece makes of
 * the whole text cut at the same places: the same bytes.
 */
struct dstream;

/* One piece on its way: its text (the priming, then the piece) until deflated. */
struct dpiece {
	struct dstream	*ds;
	void		*arg;		/* the sink's */
	char		*text;		/* NULL once deflated */
	size_t		 dict, len;
	bool		 last;
	struct hash	 key;		/* set when the stream has a reuse */
	struct hash	 tail;		/* the same (dkept) */
	struct deflated	 z;
};

/*
 * Gets a piece to deflate (dpiece_deflate) on any thread, at any time
 * before the pieces are taken (dstream_pieces).
 */
typedef void	dstream_sink(void *arg, struct dpiece *);

/* Pieces handed to a sink and not deflated yet, at most: the others are deflated at once. */
#define DSTREAM_AHEAD	4

/* Appends the text of the last piece taken without text (dstream_take). */
typedef void	dstream_prime(void *arg, struct buf *out);

struct dstream {
	struct buf	  text;		/* what the writer appends to */
	size_t		  base;		/* where in the part text.data[0] is */
	size_t		  from;		/* where the piece being written starts */
	struct dpiece	**piece;
	size_t		  n, cap;
	dstream_sink	 *sink;		/* NULL: every piece deflated at once */
	void		 *arg;
	atomic_size_t	  ahead;	/* pieces handed to sink, not deflated */
	struct dreuse	 *reuse;	/* NULL: nothing taken, nothing listed */
	struct deflated	 *v;		/* dstream_pieces' array */
	/* with reuse: */
	struct hash	  tail;		/* the piece before's dkept tail (zeros: none) */
	struct hash	  next;		/* dstream_key_next's */
	bool		  next_set;
	dstream_prime	 *prime;	/* the text before base is not in text: */
	void		 *prime_arg;	/* prime(prime_arg) writes it, */
	size_t		  prime_len;	/* this long */
	bool		  broken;	/* it did not: dstream_pieces fails */
};

/* reuse, when not NULL, stays the caller's, untouched until dstream_pieces. */
void	dstream_init(struct dstream *, dstream_sink *, void *arg,
	    struct dreuse *reuse);
/* The piece being written ends before byte at of the part (at ≥ its start). */
void	dstream_cut(struct dstream *, size_t at);
/* The part ends: the last piece, deflated at once. */
void	dstream_end(struct dstream *);
/*
 * The piece being written, up to the next cut, is a list's rows alone,
 * keyed by content (format/pieces.h) rather than by its text.
 */
void	dstream_key_next(struct dstream *, const struct hash *content);
/*
 * At a cut (nothing written since the last): when the last build has a
 * piece whose text is keyed content, primed as this one is, not the last
 * one, its deflated bytes are taken as the next piece, without any text,
 * and true is returned; the writer writes nothing of it. Should the piece
 * after it be deflated, its priming is taken from what prime(arg) writes:
 * the piece's text again.
 */
bool	dstream_take(struct dstream *, const struct hash *content,
	    dstream_prime *prime, void *arg);
void	dpiece_deflate(struct dpiece *);
/*
 * Once every piece is deflated: the pieces in order (n of them, the
 * stream keeps them), listed in reuse->now; false when zlib failed on one.
 */
bool	dstream_pieces(struct dstream *, struct deflated **v, size_t *n);
void	dstream_free(struct dstream *);

#endif
