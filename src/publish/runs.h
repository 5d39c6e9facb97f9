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
 */
#ifndef GONGSHI_RUNS_H
#define GONGSHI_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/deflate.h"
#include "format/pieces.h"

struct runs {
	struct pieces_hook hook;	/* the writer's */
	struct hash	 seed;
	const struct dkept *old;	/* the last build's runs of the file */
	size_t		 n_old;
	int		 fd;		/* the old file, or -1 */
	uint64_t	 size;		/* its size when opened */
	struct dkept	*now;		/* this build's, offsets in the file */
	size_t		 n_now, cap;
	size_t		 reused;	/* runs of now copied */
};

/*
 * Runs for a file rendered by program (its digest), old (n_old of them)
 * in the file at old_path (NULL or unreadable: none copied).
 */
void	runs_init(struct runs *, const char *program, const struct dkept *old,
	    size_t n_old, const char *old_path);
/* Takes now (n_now of them): the caller frees it. */
struct dkept *runs_take(struct runs *, size_t *n_now);
void	runs_free(struct runs *);

#endif
