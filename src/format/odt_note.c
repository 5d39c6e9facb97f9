/*
 * odt_note: the note a long list's package leaves for the next build
 * (odt.h), the measures of its cells a block of ODT_NOTE_ROWS rows at a
 * time.
 *
 * A block is the digest of its rows' cells (of their groups' digests:
 * pieces_sums) and, column by column, the measures its cells have and how
 * many have each:
 *	digest (16 bytes), then for each column: pairs (16 bits),
 *	that many (measure: 8 bits, cells: 16 bits)
 * The note is the reuse's seed (the program's digest: a note of another
 * program is not read), its lists (64 bits), then each list as its rows
 * and columns (64 bits each) and its blocks, in the host's byte order. A
 * block whose digest is the one the last build had at the same place
 * holds the same cells, which were checked then, and measure as they did.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/odt.h"
#include "format/pieces.h"

_Static_assert(ODT_NOTE_ROWS % PIECES_GROUP == 0, "a block is whole groups");
_Static_assert(ODT_NOTE_ROWS <= UINT16_MAX, "a block's cells count in 16 bits");
#define BLOCK_GROUPS	(ODT_NOTE_ROWS / PIECES_GROUP)

/* A list of the last build's note. */
struct odt_note_list {
	uint64_t		  n_rows, n_cols, n_blocks;
	const unsigned char	**block;	/* each block's bytes, */
	size_t			 *len;		/* this long */
};

struct odt_note_old {
	struct odt_note_list	*v;
	size_t			 n;
};

/* Rows of block k of a table of n rows. */
static uint64_t
block_rows(uint64_t n, size_t k)
{
	uint64_t from = (uint64_t)k * ODT_NOTE_ROWS;

	return from >= n ? 0 : n - from < ODT_NOTE_ROWS ? n - from :
	    ODT_NOTE_ROWS;
}

/* The digest of block k of t (a table cut in runs: pieces_cut). */
static void
block_digest(const struct doc_table *t, size_t k, struct hash *h)
{
	const struct hash *sums = pieces_sums(t);
	size_t g0 = k * BLOCK_GROUPS, g1, n = pieces_n_sums(t);

	g1 = g0 + BLOCK_GROUPS < n ? g0 + BLOCK_GROUPS : n;
	hash_bytes(sums + g0, (g1 - g0) * sizeof(*sums), h);
}

static uint16_t
get16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Adds the measures of a block of the note (n columns) to count; with
 * count NULL, only checks that the block is len bytes of rows rows: false
 * when it is not.
 */
static bool
block_add(const unsigned char *p, size_t len, uint64_t n, uint64_t rows,
    uint32_t *count)
{
	const unsigned char *end = p + len;
	uint64_t c, k, pairs, cells;

	p += sizeof(struct hash);
	for (c = 0; c < n; c++) {
		if (end - p < 2)
			return false;
		pairs = get16(p);
		p += 2;
		if (pairs > ODT_UNITS_N || (uint64_t)(end - p) < 3 * pairs)
			return false;
		for (cells = 0, k = 0; k < pairs; k++, p += 3) {
			if (p[0] > ODT_MAX_UNITS)
				return false;
			cells += get16(p + 1);
			if (count != NULL)
				count[c * ODT_UNITS_N + p[0]] += get16(p + 1);
		}
		if (cells != rows)
			return false;
	}
	return p == end;
}

static void
put64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof(v));
}

void
odt_note_begin(struct buf *b, const struct hash *seed)
{
	buf_add(b, seed->b, sizeof(seed->b));
	put64(b, 0);		/* the lists' number, set once known */
}

void
odt_note_list(struct buf *b, const struct doc_table *t)
{
	put64(b, t->n_rows);
	put64(b, t->n_cols);
}

void
odt_note_end(struct buf *b, size_t n_lists)
{
	uint64_t v = n_lists;

	memcpy(b->data + sizeof(struct hash), &v, sizeof(v));
}

bool
odt_note_take(const struct odt_note_list *old, const struct doc_table *t,
    size_t k, uint32_t *count, struct buf *b)
{
	struct hash h;

	if (old == NULL || old->n_cols != t->n_cols || k >= old->n_blocks ||
	    block_rows(old->n_rows, k) != block_rows(t->n_rows, k))
		return false;
	block_digest(t, k, &h);
	if (memcmp(old->block[k], h.b, sizeof(h.b)) != 0)
		return false;
	(void)block_add(old->block[k], old->len[k], t->n_cols,
	    block_rows(t->n_rows, k), count);
	buf_add(b, old->block[k], old->len[k]);
	return true;
}

void
odt_note_block(struct buf *b, const struct doc_table *t, size_t k,
    const uint32_t *block)
{
	unsigned char *at;
	uint16_t pairs, cells;
	struct hash h;
	size_t c, u;

	block_digest(t, k, &h);
	buf_add(b, h.b, sizeof(h.b));
	for (c = 0; c < t->n_cols; c++) {
		for (pairs = 0, u = 0; u < ODT_UNITS_N; u++)
			pairs += block[c * ODT_UNITS_N + u] > 0;
		buf_add(b, &pairs, sizeof(pairs));
		for (u = 0; u < ODT_UNITS_N; u++) {
			if (block[c * ODT_UNITS_N + u] == 0)
				continue;
			at = (unsigned char *)buf_extend(b, 3);
			at[0] = (unsigned char)u;
			cells = (uint16_t)block[c * ODT_UNITS_N + u];
			memcpy(at + 1, &cells, sizeof(cells));
		}
	}
}

/* --- the last build's note, read ------------------------------------------ */

/* A 64-bit number of the note at *p, moving *p on; false past its end. */
static bool
get64(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	if ((size_t)(end - *p) < sizeof(*v))
		return false;
	memcpy(v, *p, sizeof(*v));
	*p += sizeof(*v);
	return true;
}

/* The list at *p of the note into t, moving *p on; false when it is not one. */
static bool
read_list(const unsigned char **p, const unsigned char *end,
    struct odt_note_list *t)
{
	const unsigned char *q;
	uint64_t k, c, pairs;

	if (!get64(p, end, &t->n_rows) || !get64(p, end, &t->n_cols) ||
	    t->n_cols > (uint64_t)(end - *p) / 2)
		return false;
	t->n_blocks = (t->n_rows + ODT_NOTE_ROWS - 1) / ODT_NOTE_ROWS;
	if (t->n_blocks > (uint64_t)(end - *p) / sizeof(struct hash))
		return false;
	t->block = xcalloc((size_t)t->n_blocks + 1, sizeof(*t->block));
	t->len = xcalloc((size_t)t->n_blocks + 1, sizeof(*t->len));
	for (k = 0; k < t->n_blocks; k++) {
		/* its length first, then what it holds */
		if ((size_t)(end - *p) < sizeof(struct hash))
			return false;
		q = *p + sizeof(struct hash);
		for (c = 0; c < t->n_cols && end - q >= 2; c++) {
			pairs = get16(q);
			q += 2;
			if ((uint64_t)(end - q) < 3 * pairs)
				return false;
			q += 3 * pairs;
		}
		if (c < t->n_cols || !block_add(*p, (size_t)(q - *p), t->n_cols,
		    block_rows(t->n_rows, k), NULL))
			return false;
		t->block[k] = *p;
		t->len[k] = (size_t)(q - *p);
		*p = q;
	}
	return true;
}

struct odt_note_old *
odt_note_read(const struct dnote *note, const struct hash *seed)
{
	const unsigned char *p, *end;
	struct odt_note_old *o;
	uint64_t k;

	if (note == NULL || note->len < sizeof(seed->b) ||
	    memcmp(note->data, seed->b, sizeof(seed->b)) != 0)
		return NULL;
	p = note->data + sizeof(seed->b);
	end = note->data + note->len;
	if (!get64(&p, end, &k) || k > note->len)
		return NULL;
	o = xcalloc(1, sizeof(*o));
	o->v = xcalloc((size_t)k + 1, sizeof(*o->v));
	while (o->n < k && read_list(&p, end, &o->v[o->n]))
		o->n++;
	if (o->n < k || p != end) {
		o->n += o->n < k;	/* the one that failed, to free */
		odt_note_free(o);
		return NULL;
	}
	return o;
}

const struct odt_note_list *
odt_note_old_list(const struct odt_note_old *o, size_t i)
{
	return o != NULL && i < o->n ? &o->v[i] : NULL;
}

void
odt_note_free(struct odt_note_old *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++) {
		free(o->v[i].block);
		free(o->v[i].len);
	}
	free(o->v);
	free(o);
}
