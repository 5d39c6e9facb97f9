/*
 * hash: the 128-bit digest gongshi keeps of what a build read and of what
 * each output file was rendered from (publish/stamp.h, render/digest.h).
 *
 * XXH3-128 (libxxhash): it only has to tell whether bytes changed from one
 * build to the next, never to stand up to someone forging a collision (the
 * office's own records and templates are the inputs), and it is some fifty
 * times cheaper than SHA-256 without the CPU's SHA instructions. The
 * archive's SHA256SUMS, which the archivist checks, stay SHA-256.
 */
#ifndef GONGSHI_HASH_H
#define GONGSHI_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_HEX	33	/* 32 hex digits and the NUL */

struct hash {
	uint8_t	b[16];
};

/* The digest of data[0..len). */
void	hash_bytes(const void *data, size_t len, struct hash *);
/* Its 32 lower-case hex digits. */
void	hash_hex(const struct hash *, char hex[static HASH_HEX]);
/* hash_bytes then hash_hex. */
void	hash_bytes_hex(const void *data, size_t len, char hex[static HASH_HEX]);
/*
 * The digest of a regular file's bytes, in hex; false (errno set) when it
 * cannot be opened or read.
 */
bool	hash_file_hex(const char *path, char hex[static HASH_HEX]);
/* The same of what is left to read of fd, open for reading. */
bool	hash_fd_hex(int fd, char hex[static HASH_HEX]);
bool	hash_equal(const struct hash *, const struct hash *);
/*
 * The 32 lower-case hex digits at hex (hash_hex's) back into h; false
 * when they are not that.
 */
bool	hash_parse_hex(const char *hex, struct hash *h);

#endif
