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
#include "base/strmap.h"
#include "publish/folders.h"
#include "publish/sibling.h"
#include "publish/stamp.h"

struct outfile {
	char	*path;		/* relative to the output folder */
	char	*data;		/* NULL once written to the spool folder */
	size_t	 len;
	char	*twin;		/* the same bytes as this file, or NULL (outset_add_twin) */
	bool	 reused;	/* the old output's file, as it is (outset_add_reused) */
	char	*sha256;	/* its SHA-256 in hex when known already, or NULL */
	bool	 placed;	/* on disk in the folder written (publish.c) */
	/*
	 * Once placed (stat true): its inode and modification time there, for
	 * the stamp's listing (outset_listing). A reused file holds those of
	 * the old output's file from the start.
	 */
	bool			 stat;
	unsigned long long	 ino;
	long long		 sec;
	long			 nsec;
};

struct outset;

/*
 * A destination of a split publish (--site DIR, --archive DIR): the files
 * whose path starts with prefix go under dir, without the prefix, staged
 * first in fresh, a folder beside dir on its file system.
 */
struct outdest {
	const char	*prefix;	/* "site/", "archive/" */
	char		*dir;
	char		*fresh;
};

/*
 * Where added files go at once, when set (publish_begin() sets it): the
 * sink writes f->data to disk and frees it, or keeps it and records an
 * error in the outset (publish then fails).
 */
typedef void	outset_sink(struct outset *, struct outfile *f);

struct outset {
	struct outfile	*files;
	size_t		 n, cap;
	struct strmap	 index;		/* path → position + 1 */
	outset_sink	*sink;
	char		*spool;		/* the folder the sink writes into */
	char		*old;		/* the output it replaces */
	int		 spool_errno;	/* the sink's first error, or 0 */
	struct outdest	*dests;		/* a split publish, or NULL */
	size_t		 n_dests;
	struct folders	 made;		/* the folders of the new output */
	struct folders	 seen;		/* those of the old output, there or not */
	struct sibling	 sib;		/* what the spool held before (publish/sibling.h) */
	bool		 finished;	/* all on disk, ready to swap (publish_finish) */
};

void	outset_init(struct outset *);
void	outset_free(struct outset *);
/* Adds a file, taking the buffer's memory (b is reset). A path added twice replaces. */
void	outset_add(struct outset *, const char *path, struct buf *b);
void	outset_add_copy(struct outset *, const char *path, const char *data, size_t len);
/*
 * Adds path with the bytes of twin, a file added before: publish makes it
 * a hard link to twin (written once), or a copy where the file system
 * cannot link (publish/publish.h).
 */
void	outset_add_twin(struct outset *, const char *path, const char *twin);
/*
 * Adds path as the file at the same path in the old output, unchanged
 * (publish/incr.h), as the old stamp lists it (was: its size, inode and
 * time, just checked): publish links it (or copies it where it cannot),
 * and SHA256SUMS takes sha256 (hex, or NULL when not known) for it.
 */
void	outset_add_reused(struct outset *, const char *path,
	    const struct stamp_file *was, const char *sha256);
const struct outfile *outset_find(const struct outset *, const char *path);
/*
 * The bytes of f: in memory, or read back from the spool folder (then
 * *copy holds them, for the caller to free). NULL (errno set) when they
 * cannot be read.
 */
const char *outset_data(const struct outset *, const struct outfile *f,
	    char **copy);
/*
 * The file on disk where the sink put path (in the spool folder, or the
 * fresh folder of its destination), or NULL when nothing is spooled.
 */
char	*outset_spooled_path(const struct outset *, const char *path);
/* The destination of path in a split publish, or NULL. */
const struct outdest *outset_dest(const struct outset *, const char *path);
/*
 * The files as placed, for the stamp (stamp_write): an array of *n
 * entries whose paths are the outset's (free only the array), or NULL
 * when a file is not known to be on disk.
 */
struct stamp_file *outset_listing(const struct outset *, size_t *n);
/* Sorts by path (for deterministic listings such as SHA256SUMS). */
void	outset_sort(struct outset *);

#endif
