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
 * The digest (SHA-256, nettle) covers everything a build reads or depends
 * on: every file under the content and templates folders (path and bytes;
 * names starting with '.' are skipped, as the loader never reads them),
 * the folders themselves, the program (its version and the bytes of its
 * executable, so that a rebuilt gongshi renders again) and
 * SOURCE_DATE_EPOCH. Each file counts by its path and its own SHA-256,
 * so that the digest can be taken again from the bytes the build loaded
 * (stamp_write). So identical inputs cannot have new errors, and
 * skipping the checks is safe; the warnings of the last build are kept in
 * the stamp and printed again.
 */
#ifndef GONGSHI_STAMP_H
#define GONGSHI_STAMP_H

#include <stdbool.h>
#include <stddef.h>

#define STAMP_FILE	".gongshi-inputs"

struct stamp {
	char	 digest[65];		/* hex SHA-256 of the inputs */
	size_t	 html, markdown, odt;	/* documents written, for the summary */
	size_t	 files;			/* files in the output */
	char	*warnings;		/* printed by the checks, or NULL */
};

/*
 * The digest of the inputs of a build. False (errno set) when a file or
 * folder cannot be read: the build then runs in full and reports it.
 */
bool	stamp_digest(const char *content_dir, const char *templates_dir,
	    char hex[static 65]);
/*
 * Records s in output_dir, listing the files there now (call it after the
 * publish). When stamp_digest() ran in this process, the digest recorded
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
 * whole; s then gets the stamp's counts and warnings (stamp_free it).
 */
bool	stamp_check(const char *output_dir, const char *digest, struct stamp *s);
void	stamp_free(struct stamp *);

#endif
