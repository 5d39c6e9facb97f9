/*
 * pieces: a long list's rows in runs of a fixed number, each with a key
 * made from what its bytes are rendered from, so that a rebuild copies the
 * runs whose key did not change from the last build's file instead of
 * rendering them again (publish/incr.h).
 *
 * In a page or a Markdown file a run is PIECES_ROWS rows of one table,
 * counted from its first row (the last run may be shorter): a row whose
 * text grew does not move the later runs. In content.xml the runs are the
 * pieces it is deflated in that hold a table's rows alone (format/odt.h:
 * cut before every ODT_PIECE_ROWS-th row of the whole part). Only tables
 * of at least PIECES_MIN_ROWS rows are cut; the rest of a file (its head,
 * short tables, its foot) is always rendered. A run's bytes depend on its
 * cells and on what the writer says of the table as a whole (the head:
 * for HTML which column heads the rows, for Markdown the prefix of the
 * lines, for ODT the columns centred); the key is the digest of the
 * format, the head, the first row's number, the number of rows and
 * columns, and the cells. The program's digest is not in it: the caller
 * adds it (the code that renders the rows could change with it).
 */
#ifndef GONGSHI_PIECES_H
#define GONGSHI_PIECES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/hash.h"
#include "format/doc.h"

#define PIECES_ROWS	1024		/* ODT_PIECE_ROWS divides it */
#define PIECES_MIN_ROWS	(2 * PIECES_ROWS)

/*
 * What a writer asks before the rows of a run: take copies them to the
 * end of out and returns true, or returns false and the writer renders
 * them, then tells made where they are (out[at, out->len)).
 */
struct pieces_hook {
	bool	(*take)(void *arg, const struct hash *key, struct buf *out);
	void	(*made)(void *arg, const struct hash *key,
		    const struct buf *out, size_t at);
	void	 *arg;
};

/* Whether t is cut into runs. */
bool	pieces_cut(const struct doc_table *t);
/*
 * The digest of the cells of each PIECES_GROUP rows of t (the first
 * group from row 0), pieces_n_sums(t) of them, taken on the first call
 * and kept in t (freed with it); NULL when t is not cut. Keys and the
 * documents' digests (render/digest.h) are made of them, so that a list's
 * cells are read once, whatever is made of it. A key of rows that do not
 * start or end a group counts the rest of its groups too: a change there
 * renders the run again, which is never wrong. Not thread-safe on its
 * first call: doc_freeze makes them before two threads share a tree.
 */
#define PIECES_GROUP	64
const struct hash *pieces_sums(const struct doc_table *t);
size_t	pieces_n_sums(const struct doc_table *t);
/*
 * The key of rows [from, to) of t in format ("html", "md", "odt") under
 * the head's len bytes.
 */
void	pieces_key(const char *format, const void *head, size_t len,
	    const struct doc_table *t, size_t from, size_t to, struct hash *key);

/*
 * Writes rows [from, to) of t, a run at a time, through hook (may be
 * NULL: all written): write(arg, t, r) writes row r.
 */
typedef void	pieces_row_fn(void *arg, const struct doc_table *t, size_t r);
void	pieces_write_rows(const struct pieces_hook *, const char *format,
	    const void *head, size_t len, const struct doc_table *t,
	    struct buf *out, pieces_row_fn *write, void *arg);

#endif
