/*
 * stamp: lets a build with nothing changed skip all its work.
 *
 * After a successful publish, build records in OUTPUT/.gongshi-inputs a
 * digest of every input of the build and a listing of what it published.
 * The next build computes the digest again before reading anything; when
 * it is the same and the output is whole (exactly the listed files, each
 * with its size and modification time: nobody deleted, added or edited a
 * file), the output is what a full build would write, byte for byte (every
 * build is deterministic, DESIGN §3), so build says so and stops.
 *
 * The digest (SHA-256, nettle, of a list that names each file with its own
 * digest, base/hash.h) covers everything a build reads or depends on: every file under the content and templates folders (path and bytes;
 * names starting with '.' are skipped, as the loader never reads them),
 * the folders themselves, the program (its version and the bytes of its
 * executable, so that a rebuilt gongshi renders again) and
 * SOURCE_DATE_EPOCH. Each file counts by its path and its own digest,
 * so that the digest can be taken again from the bytes the build loaded
 * (stamp_write). So identical inputs cannot have new errors, and
 * skipping the checks is safe; the warnings of the last build are kept in
 * the stamp and printed again.
 *
 * The listing also gives, for each file, the digest of what it was
 * rendered from (render/digest.h): when the inputs did change, a rebuild
 * takes every file whose digest is the same, and that is still there as
 * it was listed, from the last output instead of rendering it again
 * (publish/incr.h); and, for each package whose content.xml was deflated
 * in more than one piece, those pieces (format/deflate.h), so that a
 * package rendered again takes the pieces whose text did not change from
 * the last one instead of deflating them again.
 */
#ifndef GONGSHI_STAMP_H
#define GONGSHI_STAMP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/hash.h"
#include "base/strmap.h"
#include "format/deflate.h"

#define STAMP_FILE	".gongshi-inputs"

/* A file of the output as the stamp lists it. */
struct stamp_file {
	char			*path;		/* "site/2025/index.html" */
	long long		 size, sec;	/* its size, its mtime */
	long			 nsec;
	unsigned long long	 ino;
	char			 rendered[HASH_HEX];	/* render/digest.h, or "" */
};

/* The pieces of a package's content.xml (format/deflate.h). */
struct stamp_pieces {
	char		*path;		/* the package's, as listed */
	struct dkept	*v;		/* offsets in the package file */
	size_t		 n;
};

struct stamp {
	char	 digest[65];		/* hex SHA-256 of the inputs */
	size_t	 html, markdown, odt;	/* documents written, for the summary */
	size_t	 files;			/* files in the output */
	char	*warnings;		/* printed by the checks, or NULL */
	/* stamp_load, stamp_check: the listing, sorted by path; stamp_write: given or NULL */
	struct stamp_file *list;
	size_t	 n_list;
	/* stamp_load: the pieces of the packages that have some, by path */
	struct stamp_pieces *pieces;
	size_t	 n_pieces;
	/* stamp_write: path → hex digest of what the file was rendered from */
	const struct strmap *rendered;
	/* stamp_write: path → struct stamp_pieces * of the package there */
	const struct strmap *kept;
};

/*
 * The digest of the inputs of a build, every file as it is on disk now.
 * False (errno set) when a file or folder cannot be read: the build then
 * runs in full and reports it.
 */
bool	stamp_digest(const char *content_dir, const char *templates_dir,
	    char hex[static 65]);
/*
 * The same in two steps, for a build that loads its content meanwhile:
 * stamp_list() lists the files and folders (reading none), and
 * stamp_listed_digest(), once the content is loaded, takes each file's
 * digest from what the build loaded, hashing only the files it did not
 * load (base/input.h). Each false as stamp_digest().
 */
bool	stamp_list(const char *content_dir, const char *templates_dir);
bool	stamp_listed_digest(char hex[static 65]);
/*
 * Of the last stamp_list(): whether a file or folder it listed (the two
 * folders included) was modified after t, true when nothing is listed;
 * and the digest with every file as it is on disk now (stamp_digest's).
 */
bool	stamp_listed_newer(const struct timespec *t);
bool	stamp_listed_disk_digest(char hex[static 65]);
/*
 * The walk of stamp_list() in parts, for the cycles' keys (publish/
 * cycles.h): every field of an entry of the content under one of the
 * folders dirs[i] (by its top folder: "2025/notices/x.md" is 2025's) into
 * per[i], every other field (the program, SOURCE_DATE_EPOCH, the site's
 * own files, the templates) into common; each file by its digest as
 * stamp_listed_digest() takes it. False when there is no walk, or a file
 * cannot be read.
 */
struct buf;
bool	stamp_walk_parts(const char *const *dirs, size_t n, struct buf *common,
	    struct buf *per);
/*
 * Records s in output_dir, listing the files there now (call it once every
 * file is there), each with its digest in s->rendered (NULL: none): those
 * of s->list when given (the files as the publish placed them,
 * outset_listing: no file is looked at again), else every file found. When
 * stamp_digest() or stamp_list() ran in this process, the digest recorded
 * is that of its walk with every file the build loaded (base/input.h)
 * counted by the bytes that were loaded, not by what is on disk now: a
 * file edited while the build ran is then seen as changed by the next
 * build. When that cannot be told (a file loaded twice with different
 * bytes, or loaded but not in the walk), no stamp is written, so the next
 * build runs in full. Written beside and renamed into place, so a stamp is whole or
 * absent. Returns false (errno set) on an I/O error.
 */
bool	stamp_write(const char *output_dir, const struct stamp *s);
/*
 * True when output_dir holds a stamp with this digest and the output is
 * whole; s then gets the stamp's counts, warnings and listing (stamp_free
 * it).
 */
bool	stamp_check(const char *output_dir, const char *digest, struct stamp *s);
/*
 * Gives base/input.h the index of output_dir's stamp (every input of the
 * last build with its identity and digest: base/input.h), reading only
 * the stamp's head; call it before the build reads any input. Returns the
 * number of files it holds: 0 when there is no stamp, or when its index
 * is damaged (a sum that does not match, an entry that does not parse:
 * then every input is read).
 */
size_t	stamp_index_open(const char *output_dir);
/* The same from the text of a stamp (the tests). */
size_t	stamp_index_parse(const char *text, size_t len);
/* Reads output_dir's stamp, whatever its digest: false when there is none. */
bool	stamp_load(const char *output_dir, struct stamp *s);
/* True when the file f of the listing is in output_dir as it was listed. */
bool	stamp_file_intact(const char *output_dir, const struct stamp_file *f);
/* The same for a file open as fd. */
bool	stamp_fd_intact(int fd, const struct stamp_file *f);
/* The digest of the running program (hex), "?" when it cannot be read. */
const char *stamp_program(void);
void	stamp_free(struct stamp *);

#endif
