/*
 * runs: the runs of the long lists (format/pieces.h) of a page or a
 * Markdown file rendered again, copied from the same file of the last
 * build where their key did not change (publish/incr.h).
 *
 * A run's key in the stamp is the digest of its key from the writer and
 * of the program (which writes the rows), with the offset, the length and
 * a digest (base/hash.h) of its bytes in the file. A run is copied only
 * when the old file holds bytes of that digest at that offset: a file
 * edited by hand, replaced or cut short since has its runs rendered
 * again, and the output is what a full build writes.
 *
 * The runs copied do not go into the page: the writer's buffer holds the
 * bytes it rendered alone, and the runs go from the old file into the new
 * one when it is written (publish/copyin.h); each is read only to check
 * its digest, into a buffer of a run's size used again for the next.
 * Offsets in the stamp are in the file.
 */
#ifndef GONGSHI_RUNS_H
#define GONGSHI_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/deflate.h"
#include "format/pieces.h"
#include "publish/copyin.h"

struct runs {
	struct pieces_hook hook;	/* the writer's */
	struct hash	 seed;
	const struct dkept *old;	/* the last build's runs of the file */
	size_t		 n_old;
	struct copyin	*copy;		/* from the old file, or NULL: none */
	char		*check;		/* an old run read back to check it */
	size_t		 check_cap;
	uint64_t	 size;		/* its size when opened */
	struct dkept	*now;		/* this build's, offsets in the file */
	size_t		 n_now, cap;
	size_t		 reused;	/* runs of now copied */
};

/*
 * Runs for a file rendered by program (its digest), old (n_old of them)
 * in the old file open at fd (taken; -1: none copied).
 */
void	runs_init(struct runs *, const char *program, const struct dkept *old,
	    size_t n_old, int fd);
/* Takes now (n_now of them): the caller frees it. */
struct dkept *runs_take(struct runs *, size_t *n_now);
/*
 * Takes the runs to copy into the file (the writer's bytes are the rest),
 * or NULL when none is: the caller frees it (copyin_free).
 */
struct copyin *runs_take_copy(struct runs *);
void	runs_free(struct runs *);

#endif
