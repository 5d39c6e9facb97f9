/*
 * pieces: the runs of a long list and their keys (pieces.h).
 */
#include <stdint.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY	/* XXH3_state_t on the stack */
#include <xxhash.h>

#include "base/util.h"
#include "format/pieces.h"

bool
pieces_cut(const struct doc_table *t)
{
	return t->n_rows >= PIECES_MIN_ROWS && t->n_cols > 0;
}

/*
 * Appends len bytes to b (cap bytes), hashing what is there first when
 * they do not fit; bytes longer than b go straight on.
 */
static void
h_add(XXH3_state_t *s, unsigned char *b, size_t cap, size_t *n,
    const void *p, size_t len)
{
	if (len > cap - *n) {
		XXH3_128bits_update(s, b, *n);
		*n = 0;
		if (len > cap) {
			XXH3_128bits_update(s, p, len);
			return;
		}
	}
	memcpy(b + *n, p, len);
	*n += len;
}

static void
hash_out(XXH3_state_t *s, struct hash *h)
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(s));
	memcpy(h->b, c.digest, sizeof(h->b));
}

/*
 * A row: each cell as its length (8 bytes) and its bytes, hashed at once
 * (a row is a few hundred bytes), or streamed when it is longer.
 */
static void
row_sum(const struct doc_table *t, size_t r, XXH3_state_t *s,
    struct hash *h)
{
	unsigned char b[1 << 12];
	char *const *cell = t->cells + r * t->n_cols;
	size_t c, n = 0, len;
	uint64_t v;
	XXH128_canonical_t out;
	bool streamed = false;

	for (c = 0; c < t->n_cols; c++) {
		len = cell[c] != NULL ? strlen(cell[c]) : 0;
		if (n + sizeof(v) + len <= sizeof(b)) {
			v = len;
			memcpy(b + n, &v, sizeof(v));
			if (len > 0)
				memcpy(b + n + sizeof(v), cell[c], len);
			n += sizeof(v) + len;
			continue;
		}
		if (!streamed) {
			XXH3_128bits_reset(s);
			streamed = true;
		}
		v = len;
		h_add(s, b, sizeof(b), &n, &v, sizeof(v));
		h_add(s, b, sizeof(b), &n, cell[c], len);
	}
	if (streamed) {
		XXH3_128bits_update(s, b, n);
		hash_out(s, h);
		return;
	}
	XXH128_canonicalFromHash(&out, XXH3_128bits(b, n));
	memcpy(h->b, out.digest, sizeof(h->b));
}

const struct hash *
pieces_row_sums(const struct doc_table *t)
{
	/* the one cache in a table: taken before threads share it (doc_freeze) */
	struct doc_table *w = (struct doc_table *)(uintptr_t)t;
	XXH3_state_t s;
	size_t r;

	if (t->row_sums != NULL || !pieces_cut(t))
		return t->row_sums;
	XXH3_INITSTATE(&s);
	w->row_sums = xcalloc(t->n_rows, sizeof(*t->row_sums));
	for (r = 0; r < t->n_rows; r++)
		row_sum(t, r, &s, &w->row_sums[r]);
	return t->row_sums;
}

void
pieces_key(const char *format, const void *head, size_t len,
    const struct doc_table *t, size_t from, size_t to, struct hash *key)
{
	const struct hash *rows = pieces_row_sums(t);
	XXH3_state_t s;
	unsigned char b[256];
	uint64_t v[5] = { strlen(format), len, from, to - from, t->n_cols };
	size_t n = 0;

	XXH3_INITSTATE(&s);
	XXH3_128bits_reset(&s);
	h_add(&s, b, sizeof(b), &n, v, sizeof(v));
	h_add(&s, b, sizeof(b), &n, format, v[0]);
	if (len > 0)
		h_add(&s, b, sizeof(b), &n, head, len);
	XXH3_128bits_update(&s, b, n);
	XXH3_128bits_update(&s, rows + from, (to - from) * sizeof(*rows));
	hash_out(&s, key);
}

void
pieces_write_rows(const struct pieces_hook *hook, const char *format,
    const void *head, size_t len, const struct doc_table *t, struct buf *out,
    pieces_row_fn *write, void *arg)
{
	struct hash key;
	size_t from, to, r, at;

	if (hook == NULL || !pieces_cut(t)) {
		for (r = 0; r < t->n_rows; r++)
			write(arg, t, r);
		return;
	}
	for (from = 0; from < t->n_rows; from = to) {
		to = from + PIECES_ROWS < t->n_rows ? from + PIECES_ROWS :
		    t->n_rows;
		pieces_key(format, head, len, t, from, to, &key);
		if (hook->take(hook->arg, &key, out))
			continue;
		at = out->len;
		for (r = from; r < to; r++)
			write(arg, t, r);
		hook->made(hook->arg, &key, out, at);
	}
}
