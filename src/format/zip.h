/*
 * zip: a package's zip archive, its parts stored or deflated already
 * (format/deflate.h), into a buffer.
 *
 * The archive is written here, header for header as libzip 1.7 writes it
 * (for a recommending unit's short list, libzip's sources, archive and
 * copy back cost more than the package's own bytes); libzip writes what
 * would need ZIP64 (a part or an archive of 4 GiB).
 */
#ifndef GONGSHI_ZIP_H
#define GONGSHI_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "format/deflate.h"

/*
 * A part: stored bytes (an ODT's mimetype), or deflated ones, in pieces
 * written one after another.
 */
struct zip_part {
	const char		*name;
	const char		*data;	/* stored */
	size_t			 len;
	const struct deflated	*z;	/* else: deflated, in n_z pieces */
	size_t			 n_z;
};

/*
 * The archive of the n parts, in their order, each dated mtime (seconds
 * since the epoch, read in UTC; 1980 at the earliest), appended to out.
 * data_at, when not NULL, gets the n places where the parts' bytes start,
 * counted from the archive's first byte (0 for one whose place libzip's
 * headers do not say). NULL, or what went wrong (malloc'd).
 */
char	*zip_write(const struct zip_part *parts, size_t n, long long mtime,
	    struct buf *out, size_t *data_at);

/* True: every archive written by libzip (for tests, which compare the two). */
extern bool	zip_with_libzip;

#endif
