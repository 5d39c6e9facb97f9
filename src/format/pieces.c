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
 * The cells of rows [from, to) streamed into s: each as its length (8
 * bytes) and its bytes, through b (a group is some hundred short cells).
 */
static void
group_sum(const struct doc_table *t, size_t from, size_t to,
    XXH3_state_t *s, struct hash *h)
{
	unsigned char b[1 << 13];
	const char *cell;
	size_t i, n = 0;
	uint64_t len;

	XXH3_128bits_reset(s);
	for (i = from * t->n_cols; i < to * t->n_cols; i++) {
		cell = t->cells[i] != NULL ? t->cells[i] : "";
		len = strlen(cell);
		if (n + sizeof(len) + len <= sizeof(b)) {
			memcpy(b + n, &len, sizeof(len));
			memcpy(b + n + sizeof(len), cell, len);
			n += sizeof(len) + len;
			continue;
		}
		h_add(s, b, sizeof(b), &n, &len, sizeof(len));
		h_add(s, b, sizeof(b), &n, cell, len);
	}
	XXH3_128bits_update(s, b, n);
	hash_out(s, h);
}

const struct hash *
pieces_sums(const struct doc_table *t)
{
	/* the one cache in a table: taken before threads share it (doc_freeze) */
	struct doc_table *w = (struct doc_table *)(uintptr_t)t;
	XXH3_state_t s;
	size_t g, n;

	if (t->sums != NULL || !pieces_cut(t))
		return t->sums;
	XXH3_INITSTATE(&s);
	n = (t->n_rows + PIECES_GROUP - 1) / PIECES_GROUP;
	w->sums = xcalloc(n, sizeof(*t->sums));
	for (g = 0; g < n; g++)
		group_sum(t, g * PIECES_GROUP, (g + 1) * PIECES_GROUP < t->n_rows ?
		    (g + 1) * PIECES_GROUP : t->n_rows, &s, &w->sums[g]);
	return t->sums;
}

size_t
pieces_n_sums(const struct doc_table *t)
{
	return pieces_cut(t) ? (t->n_rows + PIECES_GROUP - 1) / PIECES_GROUP : 0;
}

void
pieces_key(const char *format, const void *head, size_t len,
    const struct doc_table *t, size_t from, size_t to, struct hash *key)
{
	const struct hash *sums = pieces_sums(t);
	size_t g0 = from / PIECES_GROUP;
	size_t g1 = (to + PIECES_GROUP - 1) / PIECES_GROUP;
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
	XXH3_128bits_update(&s, sums + g0, (g1 - g0) * sizeof(*sums));
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
