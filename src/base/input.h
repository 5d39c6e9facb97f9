/*
 * input: the one way gongshi reads a file of content/ or templates/.
 *
 * Every input file is checked the same way, wherever it is read:
 * - it must be a regular file, asked of the open descriptor (a FIFO in
 *   its place never blocks the build, a device is never read);
 * - it must lie inside its folder once symbolic links are resolved, so a
 *   link to /etc/passwd or to another office's records is refused;
 * - it must hold at most INPUT_MAX_BYTES (a link to /dev/zero, or a
 *   runaway export, cannot take all memory).
 * The digest of the bytes read (base/hash.h) is recorded (a large file's
 * on a second thread, while the loader parses it), so that the build's stamp
 * (publish/stamp.h) describes the very bytes that were loaded, even when
 * a file changes while the build runs.
 */
#ifndef GONGSHI_INPUT_H
#define GONGSHI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/hash.h"

/* 64 MiB: a YAML file or a template is a few kB. */
#define INPUT_MAX_BYTES	((size_t)64 << 20)
#define INPUT_MAX_MIB	64
/*
 * 512 MiB for a register (src/load/records.c): 1,000,000 applicants'
 * organizations.csv is about 220 MB.
 */
#define REGISTER_MAX_BYTES	((size_t)512 << 20)
#define REGISTER_MAX_MIB	512

/*
 * Reads path, a file inside the folder root, and returns its bytes
 * (NUL-terminated; the caller frees) with *len their count. When the file
 * does not exist, returns NULL with errno ENOENT and reports nothing: what
 * a missing file means is the caller's to say. Any other problem is
 * reported to d under the name shown, and NULL returned: a file that is
 * not a regular file, or cannot be read, as a system error (exit 3); one
 * outside root, or too large, as an error of the content (exit 1).
 */
char		*input_read(const char *root, const char *path,
		    const char *shown, size_t *len, struct diag *d);
/* The same with a limit of its own, max_mib MiB, instead of INPUT_MAX_MIB. */
char		*input_read_max(const char *root, const char *path,
		    const char *shown, int max_mib, size_t *len, struct diag *d);
/*
 * input_read_max(), the file's digest (base/hash.h: the one the stamp
 * keeps) given in *digest for a caller that needs it too (the registers'
 * keys, load/regcache.h): the bytes hashed once, on this thread, not
 * copied to be hashed again on another.
 */
char		*input_read_hashed(const char *root, const char *path,
		    const char *shown, int max_mib, size_t *len,
		    struct hash *digest, struct diag *d);

/*
 * The hex digest of what input_read() read at path (base/hash.h), "" when
 * it read path twice and got different bytes, or NULL when it never read
 * path. Marks path as asked for (see input_unasked).
 */
const char	*input_loaded_digest(const char *path);
/*
 * The digest of path for the stamp (publish/stamp.h): that of what
 * input_read() read there; else, for a file no one read, that of its
 * bytes, hashed at the first ask and kept (until input_read() reads the
 * file: then its digest counts). "" as above; NULL (errno set) when the
 * file cannot be read. Marks path as asked for. So the stamp reads no
 * file the build has read.
 */
const char	*input_digest(const char *path);
/*
 * The digest of path's bytes on disk now, whatever was read, into hex;
 * kept for input_digest() unless input_read() read path. False (errno
 * set) when the file cannot be read. Marks path as asked for.
 */
bool		 input_digest_now(const char *path, char hex[static HASH_HEX]);
/* The number of paths read and never asked for since the last reset. */
size_t		 input_unasked(void);
/* Clears the unasked marks (before a new walk). */
void		 input_asked_reset(void);
/* Forgets every file read (tests). */
void		 input_forget(void);

#endif
