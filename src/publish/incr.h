/*
 * incr: a rebuild renders only the files whose inputs changed.
 *
 * Every document is composed anyway (it is cheap); before a file is
 * rendered, the digest of exactly what it is rendered from is taken
 * (render/digest.h). When the last build's stamp (publish/stamp.h) lists
 * the file with the same digest, and the file is still in the output as
 * the stamp lists it (same size, modification time and inode: nobody
 * edited or replaced it), the old file is put into the new output as it
 * is (outset_add_reused: a hard link) and its render is skipped; SHA256SUMS
 * takes its checksum from the old SHA256SUMS. Everything else is rendered
 * and written as in a full build, into the same fresh folder swapped in
 * at once: the publish stays atomic, and the output is byte for byte what
 * a full build would write.
 *
 * The digests of this build are kept for the stamp it writes. A build
 * that writes no stamp (a check, a split --site/--archive publish, a build
 * whose inputs could not all be read) takes nothing and digests nothing.
 *
 * A package rendered again whose content.xml the last build deflated in
 * pieces takes the pieces whose text did not change from the old file
 * (format/deflate.h) when it is still as the stamp lists it, and a page
 * or Markdown file the runs of its long lists (publish/runs.h); the
 * pieces of every file, made or taken, are kept for the next stamp.
 *
 * Tests may set GONGSHI_TEST_RENDERED to a file: the path of every file
 * rendered (not taken from the last build) is appended to it, a line each.
 */
#ifndef GONGSHI_INCR_H
#define GONGSHI_INCR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "compose/document.h"
#include "format/doc.h"
#include "publish/outset.h"
#include "publish/runs.h"
#include "publish/stamp.h"
#include "render/digest.h"

struct incr {
	bool		 on;		/* digest and reuse (a stamp will be written) */
	struct outset	*out;		/* where the files go */
	struct digests	 dg;
	struct stamp	 old;		/* the last build's stamp, listing empty if none */
	struct strmap	 old_files;	/* path → struct stamp_file * of old */
	struct strmap	 sums;		/* "archive/…" → SHA-256 hex of the old file */
	struct strmap	 now;		/* path → hex digest of this build, for the stamp */
	struct strmap	 old_pieces;	/* path → struct stamp_pieces * of old */
	struct strmap	 kept;		/* path → struct stamp_pieces *, for the stamp */
	size_t		 reused, rendered;
	size_t		 pieces, pieces_reused;	/* of the files rendered */
	struct runs	 runs;		/* of the page or Markdown file rendered, */
	char		*runs_path;	/* at this path (NULL: none) */
};

/*
 * Starts: files go to out; when on, the last stamp of out's old output
 * (set by publish_begin) is read.
 */
void	incr_init(struct incr *, struct outset *out, const char *templates_dir,
	    bool on);
void	incr_free(struct incr *);

/*
 * True when the file at path (under the output, "archive/2025/x.odt"),
 * whose digest is h, was taken from the last build: it is in the outset
 * already. Either way h is recorded for the stamp. ok false: no digest
 * could be taken (the file is rendered).
 */
bool	incr_reuse(struct incr *, const char *path, bool ok,
	    const struct hash *h);
/*
 * For a document not composed again (publish/cycles.h): whether the file
 * at path is in the old output as the stamp lists it, with a digest; and
 * then keeps it, as incr_reuse does a file whose digest is the same.
 */
bool	incr_has_old(struct incr *, const char *path);
void	incr_keep_old(struct incr *, const char *path);
/* incr_reuse for a notice's ODT package with timestamp mtime. */
bool	incr_reuse_odt(struct incr *, const char *path, const struct doc *,
	    long long mtime);
/*
 * Sets r up for the package at path, rendered again (any thread may ask,
 * while the build renders): the last build's pieces of it, when its file
 * is still as listed. False when no stamp will be written (r is unset:
 * pass no reuse).
 */
bool	incr_old_pieces(struct incr *, const char *path, struct dreuse *r);
/* Keeps r's pieces (offsets in the package) of the package at path for the stamp. */
void	incr_keep_pieces(struct incr *, const char *path, struct dreuse *r);
/* render/render.h's render_reuse and render_emit over a struct incr. */
bool	incr_reuse_document(void *incr, const struct document *);
void	incr_emit(void *incr, const char *path, struct buf *b);
/*
 * render/render.h's render_pieces over a struct incr: a page of a notice
 * or a Markdown file rendered again copies the runs of its long lists
 * that did not change from the last build's file (publish/runs.h); its
 * runs are kept for the stamp when it is emitted. Main thread only.
 */
const struct pieces_hook *incr_pieces(void *incr, const struct document *);

/*
 * Says, when some files were taken from the last build, how many were
 * rendered again (after the summary line), and how many pieces of the
 * long lists' content.xml were taken.
 */
void	incr_print(const struct incr *);

#endif
