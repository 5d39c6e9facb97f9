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

#include <sys/stat.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

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
/*
 * --- the index of the inputs, as git has one ------------------------------
 *
 * The stamp (publish/stamp.h) keeps, for every input, its identity when
 * the last build took its digest: device, inode, size, modification and
 * change times, and the moment just before it was read. A build that
 * finds a file with all five the same takes its digest from there and
 * does not read it (input_digest, input_indexed), unless:
 *   - the file was "racy": its modification or change time not at least
 *     INPUT_RACY_SECONDS older than that moment (a file written again in
 *     the same tick of the file system's clock as the read would keep
 *     every time: file systems keep times to 1 ns, 10 ms, 1 s or 2 s);
 *   - the clock is now before that moment (it was set back);
 *   - the file lies on a file system that does not keep a change time of
 *     its own (input_fs_keeps_ctime: FAT, exFAT, and any not known);
 *   - the index is off (gongshi build --reread: input_index_off).
 * The change time is what makes this safe: any write, rename or change of
 * a file's times sets it to the clock, and no program can set it back
 * (utimensat sets only the other two), so a file edited and given back
 * its modification time (touch -r, cp -p, rsync, unzip, a backup
 * restored) is still seen as changed.
 */
#define INPUT_RACY_SECONDS	2

struct input_stat {
	unsigned long long	 dev, ino;
	long long		 size;
	struct timespec		 mtime, ctime;
	struct timespec		 seen;	/* CLOCK_REALTIME before the read */
};

/* The index's entry of st (seen unset). */
void		 input_stat_of(const struct stat *st, struct input_stat *);
/* Whether the entry e vouches now for a file whose fstat is now. */
bool		 input_stat_vouches(const struct input_stat *e,
		    const struct input_stat *now);
/* Whether the file system of st (and path) keeps change times. */
bool		 input_fs_keeps_ctime(const char *path, const struct stat *st);
/*
 * Gives the index one file of the last build: its digest hex and its
 * identity when that was taken. Call before any file is read.
 */
void		 input_index_put(const char *path, const struct input_stat *,
		    const char hex[static HASH_HEX]);
/* No file's digest taken from the index: every input read. */
void		 input_index_off(void);
/*
 * For the next build's index: the digest of path that input_digest()
 * gives, and the identity of the file when it was taken. False when
 * there is none to keep.
 */
bool		 input_index_get(const char *path, struct input_stat *,
		    char hex[static HASH_HEX]);
/*
 * For a reader whose bytes a cache may hold (load/regcache.h): true, and
 * the digest of path (a file inside root) in *digest, when the index
 * vouches for it; nothing is then read, and input_loaded_digest() and the
 * stamp take that digest as if the file had been read (should it be read
 * after all, and its bytes differ, input_read() says so there). False
 * when the file must be read (input_read_hashed reports what is wrong
 * with it): so a file that does not exist, is not a regular file, lies
 * outside root or is larger than max_mib MiB is never vouched for.
 */
bool		 input_indexed(const char *root, const char *path, int max_mib,
		    struct hash *digest);

/* The number of input files whose bytes were read so far. */
size_t		 input_reads(void);

/* The number of paths read and never asked for since the last reset. */
size_t		 input_unasked(void);
/* Clears the unasked marks (before a new walk). */
void		 input_asked_reset(void);
/*
 * Tests may set GONGSHI_TEST_INPUTS to a file: "read PATH" is appended to
 * it for each input whose bytes are read (not for those the index vouches
 * for).
 *
 * Forgets every file read, and the index (tests).
 */
void		 input_forget(void);

#endif
