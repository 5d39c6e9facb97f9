/*
 * outset: the files one build writes, held in memory until publish.
 *
 * Composers and writers only add files here (by path relative to the
 * output folder, e.g. "site/2025/acceptance.html"); nothing touches the
 * disk until publish_outset() writes them all into a temporary folder and
 * swaps it in. So a failed build leaves the previous output whole.
 */
#ifndef GONGSHI_OUTSET_H
#define GONGSHI_OUTSET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct outfile {
	char	*path;		/* relative to the output folder */
	char	*data;
	size_t	 len;
};

struct outset {
	struct outfile	*files;
	size_t		 n, cap;
};

void	outset_init(struct outset *);
void	outset_free(struct outset *);
/* Adds a file, taking the buffer's memory (b is reset). A path added twice replaces. */
void	outset_add(struct outset *, const char *path, struct buf *b);
void	outset_add_copy(struct outset *, const char *path, const char *data, size_t len);
const struct outfile *outset_find(const struct outset *, const char *path);
/* Sorts by path (for deterministic listings such as SHA256SUMS). */
void	outset_sort(struct outset *);

#endif
