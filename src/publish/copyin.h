/*
 * copyin: a file written from bytes in memory with ranges of another open
 * file copied in between them (publish/runs.h: the runs of a long list
 * that did not change, from the last build's page into the new one).
 *
 * Each range goes through one small buffer (64 KiB, in the cache): read
 * from the old file, written to the new one in large writes. That is
 * cheaper than copy_file_range(2) here: the kernel's copy splices page by
 * page, and a run never starts where a page does, so that a page written
 * over in place (publish.c rewrites the sibling's own file) is written in
 * two pieces, each through ext4's write_begin (20k, one name changed: 14-27
 * samples against 32-36 of perf at 10 kHz for the 10 MB of the four pages).
 *
 * Nothing is checked here: the caller copies only ranges of a file it
 * knows to be the one it listed (publish/stamp.h: stamp_fd_intact), and
 * within its size.
 */
#ifndef GONGSHI_COPYIN_H
#define GONGSHI_COPYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct copyin_range {
	size_t		 at;	/* before the at-th byte in memory */
	uint64_t	 off;	/* from this offset of the file */
	size_t		 len;
};

struct copyin {
	int			 fd;	/* the file copied from (owned) */
	struct copyin_range	*v;
	size_t			 n, cap;
	uint64_t		 len;	/* of the ranges together */
};

/* Ranges of fd (taken: closed by copyin_free), none yet. */
struct copyin *copyin_new(int fd);
void	copyin_free(struct copyin *);
/*
 * len bytes from off of the file, before the at-th byte in memory (at no
 * smaller than the last range's).
 */
void	copyin_add(struct copyin *, size_t at, uint64_t off, size_t len);
/*
 * Writes the file to out at its offset: data[0, len) with the ranges of
 * c (NULL: none) copied in. 0, or -1 with errno set (EIO: the file copied
 * from was shorter than a range).
 */
int	copyin_write(int out, const char *data, size_t len,
	    const struct copyin *c);
/* The whole file in memory: data[0, len) and the ranges, into b (appended). */
bool	copyin_flatten(const char *data, size_t len, const struct copyin *c,
	    struct buf *b);

#endif
