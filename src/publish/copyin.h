/*
 * copyin: a file written from bytes in memory with ranges of another open
 * file copied in between them (publish/runs.h: the runs of a long list
 * that did not change, from the last build's page into the new one).
 *
 * Each range goes in with copy_file_range(2): the kernel copies it from
 * file to file, with no buffer in this process (no page of it touched,
 * nothing read into memory and written out again). Where the kernel
 * cannot (EXDEV: another file system on an older kernel, ENOSYS,
 * EINVAL, EOPNOTSUPP …) the range is read and written through a small
 * buffer instead; the bytes are the same. The tests set
 * GONGSHI_TEST_NO_COPY_FILE_RANGE to get that on any file system.
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
