/*
 * checksums: the SHA256SUMS file of the archive, in the format that
 * `sha256sum -c SHA256SUMS` checks (run in the archive folder):
 *     <64 hex digits><two spaces><path relative to the archive>
 * one line per file, sorted by path (bytewise), so the file itself is
 * deterministic.  The digests come from nettle, not from our own code.
 */
#ifndef GONGSHI_CHECKSUMS_H
#define GONGSHI_CHECKSUMS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "publish/outset.h"

#define CHECKSUMS_FILE	"SHA256SUMS"
/*
 * The files SHA256SUMS lists: those of the outset under this prefix
 * (publish.c takes their digests as they go to disk, so that
 * checksums_sha256sums need not read them back).
 */
#define CHECKSUMS_DIR	"archive/"

/* 64 lowercase hex digits and a NUL. */
void	checksum_sha256_hex(const void *data, size_t len, char hex[static 65]);

/*
 * Appends to out a line for every file of o whose path starts with prefix
 * ("archive/"), except prefix/SHA256SUMS itself, named relative to prefix.
 * False (errno set) when a file already written to disk cannot be read
 * back (outset_data).
 */
bool	checksums_sha256sums(const struct outset *o, const char *prefix,
	    struct buf *out);
/*
 * Calls each(arg, name, hex) for every well-formed line "<hex>  <name>" of
 * a SHA256SUMS text (NUL-terminated), in order; the strings last only for
 * the call.
 */
void	checksums_parse(const char *text,
	    void (*each)(void *arg, const char *name, const char *hex),
	    void *arg);

#endif
