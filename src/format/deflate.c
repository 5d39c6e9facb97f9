/*
 * deflate: pieces of one deflate stream, made apart (deflate.h).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <zlib.h>

#include "base/util.h"
#include "format/crc32.h"
#include "format/deflate.h"
#include "format/odt.h"

/* What libzip's deflate uses: level 6 (ODT_DEFLATE_LEVEL) and memory level 9. */
#define MEM_LEVEL	9
#define WINDOW		32768

/* Runs deflate over what is in z to the end (flush), growing out. */
static bool
run(z_stream *z, int flush, struct deflated *out, size_t cap)
{
	size_t done;
	int rc;

	for (;;) {
		rc = deflate(z, flush);
		if (rc == Z_STREAM_ERROR)
			return false;
		done = cap - z->avail_out;
		if (flush == Z_FINISH ? rc == Z_STREAM_END : z->avail_out > 0)
			break;
		cap *= 2;
		out->data = xrealloc(out->data, cap);
		z->next_out = out->data + done;
		z->avail_out = (uInt)(cap - done);
	}
	out->len = done;
	return true;
}

/*
 * Each thread keeps one z_stream, reset for every piece rather than made
 * anew: deflateInit2 allocates 384 KiB, and a package of a unit's short
 * list deflates a few KiB. deflateReset gives the stream deflateInit2's
 * state (same level, window, memory level, strategy): the same bytes.
 */
static pthread_key_t	stream_key;
static pthread_once_t	stream_once = PTHREAD_ONCE_INIT;
static bool		stream_key_ok;

static void
stream_free(void *z)
{
	deflateEnd(z);
	free(z);
}

static void
stream_key_make(void)
{
	stream_key_ok = pthread_key_create(&stream_key, stream_free) == 0;
}

/*
 * This thread's z_stream, ready for a new stream; NULL when zlib fails.
 * *once: the stream could not be kept, the caller frees it (stream_free).
 */
static z_stream *
thread_stream(bool *once)
{
	z_stream *z;

	*once = false;
	pthread_once(&stream_once, stream_key_make);
	if (stream_key_ok && (z = pthread_getspecific(stream_key)) != NULL)
		return deflateReset(z) == Z_OK ? z : NULL;
	z = xcalloc(1, sizeof(*z));
	if (deflateInit2(z, ODT_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS,
	    MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(z);
		return NULL;
	}
	*once = !stream_key_ok || pthread_setspecific(stream_key, z) != 0;
	return z;
}

bool
deflate_piece(const char *text, size_t from, size_t to, bool last,
    struct deflated *out)
{
	size_t dict = from < WINDOW ? from : WINDOW, cap;
	z_stream *z;
	bool ok, once;

	memset(out, 0, sizeof(*out));
	if (to - from > UINT_MAX)	/* zlib counts in uInt: pieces are smaller */
		return false;
	if ((z = thread_stream(&once)) == NULL)
		return false;
	ok = dict == 0 || deflateSetDictionary(z,
	    (const Bytef *)text + from - dict, (uInt)dict) == Z_OK;
	/*
	 * Room for what XML usually deflates to (a list: 4 %), grown when
	 * needed: a bound for the worst case, never touched, still costs
	 * memory once the allocator reuses pages it had touched.
	 */
	cap = (to - from) / 8 + 1024;
	out->data = xmalloc(cap);
	z->next_in = (Bytef *)(uintptr_t)(text + from);
	z->avail_in = (uInt)(to - from);
	z->next_out = out->data;
	z->avail_out = (uInt)cap;
	ok = ok && run(z, last ? Z_FINISH : Z_FULL_FLUSH, out, cap);
	if (once)
		stream_free(z);
	if (!ok) {
		deflated_free(out);
		return false;
	}
	out->data = xrealloc(out->data, out->len + 1);
	out->raw_len = to - from;
	out->crc = crc32_bytes(0, text + from, to - from);
	return true;
}

void
deflated_join(const struct deflated *p, size_t n, struct deflated *whole)
{
	size_t i;

	if (n == 1) {	/* a small part: crc32_combine would give its CRC back */
		*whole = p[0];
		whole->data = NULL;
		return;
	}
	memset(whole, 0, sizeof(*whole));
	for (i = 0; i < n; i++) {
		whole->crc = (uint32_t)crc32_combine(whole->crc, p[i].crc,
		    (z_off_t)p[i].raw_len);
		whole->len += p[i].len;
		whole->raw_len += p[i].raw_len;
	}
}

void
deflated_free(struct deflated *d)
{
	free(d->data);
	memset(d, 0, sizeof(*d));
}

/* --- pieces taken from the last build -------------------------------------- */

void
dreuse_init(struct dreuse *r, const char *program)
{
	struct buf b;

	memset(r, 0, sizeof(*r));
	buf_init(&b);
	buf_printf(&b, "%s\n%s\n%d %d", program, zlibVersion(),
	    ODT_DEFLATE_LEVEL, MEM_LEVEL);
	hash_bytes(b.data, b.len, &r->seed);
	buf_free(&b);
	r->fd = -1;
}

void
dnote_free(struct dnote *note)
{
	free(note->data);
	note->data = NULL;
	note->len = 0;
}

void
dreuse_close(struct dreuse *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->span);
	r->span = NULL;
	r->span_len = 0;
}

void
dreuse_free(struct dreuse *r)
{
	dreuse_close(r);
	dnote_free(&r->now_note);
	free(r->now);
	r->now = NULL;
	r->n_now = 0;
}

/*
 * The key of a piece: the seed, the tail of the piece before (what this
 * one is primed with, dict bytes of it), its text's digest (content), and
 * whether it is the last.
 */
static void
piece_key(const struct dstream *ds, size_t dict, const struct hash *content,
    bool last, struct hash *key)
{
	unsigned char b[3 * sizeof(key->b) + sizeof(uint64_t) + 1];
	uint64_t v = dict;

	memcpy(b, ds->reuse->seed.b, 16);
	memcpy(b + 16, ds->tail.b, 16);
	memcpy(b + 32, content->b, 16);
	memcpy(b + 48, &v, sizeof(v));
	b[56] = last;
	hash_bytes(b, sizeof(b), key);
}

/* The digest of a text's bytes, told apart from pieces.h's keys of rows. */
static void
text_digest(const char *p, size_t len, struct hash *h)
{
	struct hash t;
	unsigned char b[1 + sizeof(t.b)];

	hash_bytes(p, len, &t);
	b[0] = 't';
	memcpy(b + 1, t.b, sizeof(t.b));
	hash_bytes(b, sizeof(b), h);
}

/* The tail of a piece ending at at, its bytes before at in end: what the next is primed with. */
static void
tail_digest(size_t at, const char *end, struct hash *h)
{
	size_t n = at < WINDOW ? at : WINDOW;

	hash_bytes(end - n, n, h);
}

/* Reads len bytes at off of fd; false when there are fewer. */
static bool
read_at(int fd, unsigned char *to, size_t len, uint64_t off)
{
	ssize_t got;

	if (off > (uint64_t)INT64_MAX - len)
		return false;
	while (len > 0) {
		got = pread(fd, to, len, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		to += got;
		len -= (size_t)got;
		off += (uint64_t)got;
	}
	return true;
}

/* The size of r's file, taken once: no piece lies beyond it. */
static uint64_t
fd_size(struct dreuse *r)
{
	struct stat st;

	if (!r->size_known) {
		r->size = fstat(r->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
		r->size_known = true;
	}
	return r->size;
}

/*
 * The bytes of all of old's pieces, read from fd at once (they lie one
 * after another: content.xml's), rather than a read a piece: a 20,000-row
 * list has some forty. Left unread when they are not where they can be.
 */
#define SPAN_MAX	(256u << 20)

static void
read_span(struct dreuse *r)
{
	uint64_t from = UINT64_MAX, to = 0;
	size_t i;

	r->span_read = true;
	for (i = 0; i < r->n_old; i++) {
		if (r->old[i].off > UINT64_MAX - r->old[i].len)
			return;
		if (r->old[i].off < from)
			from = r->old[i].off;
		if (r->old[i].off + r->old[i].len > to)
			to = r->old[i].off + r->old[i].len;
	}
	if (from >= to || to > fd_size(r) || to - from > SPAN_MAX)
		return;
	r->span = xmalloc((size_t)(to - from));
	if (!read_at(r->fd, r->span, (size_t)(to - from), from)) {
		free(r->span);
		r->span = NULL;
		return;
	}
	r->span_off = from;
	r->span_len = (size_t)(to - from);
}

/* The len bytes at off of r's file into to, from its span when they are in it. */
static bool
read_piece(struct dreuse *r, unsigned char *to, size_t len, uint64_t off)
{
	if (!r->span_read)
		read_span(r);
	if (r->span != NULL && off >= r->span_off &&
	    off - r->span_off <= r->span_len &&
	    len <= r->span_len - (off - r->span_off)) {
		memcpy(to, r->span + (off - r->span_off), len);
		return true;
	}
	return read_at(r->fd, to, len, off);
}

/* The old piece with this key, the one at i first (the usual case). */
static const struct dkept *
find_old(const struct dreuse *r, size_t i, const struct hash *key)
{
	size_t j;

	if (i < r->n_old && hash_equal(&r->old[i].key, key))
		return &r->old[i];
	for (j = 0; j < r->n_old; j++)
		if (hash_equal(&r->old[j].key, key))
			return &r->old[j];
	return NULL;
}

/*
 * The deflated bytes of piece i (key, raw_len bytes of text) into z, from
 * the last build's file: false when it had no such piece, or its bytes
 * are not there as they were listed.
 */
static const struct dkept *
take_old(struct dreuse *r, size_t i, const struct hash *key, size_t raw_len,
    struct deflated *z)
{
	const struct dkept *k;
	struct hash sum;

	/* deflate never grows a text by more than a few bytes a block */
	if (r->fd < 0 || (k = find_old(r, i, key)) == NULL ||
	    (raw_len != SIZE_MAX && k->raw_len != raw_len) ||
	    k->len > k->raw_len + k->raw_len / 8 + 1024 ||
	    k->len > fd_size(r) || k->off > fd_size(r) - k->len)
		return NULL;
	raw_len = k->raw_len;
	z->data = xmalloc(k->len + 1);
	if (!read_piece(r, z->data, k->len, k->off) ||
	    (hash_bytes(z->data, k->len, &sum), !hash_equal(&sum, &k->sum))) {
		deflated_free(z);
		return NULL;
	}
	z->len = k->len;
	z->raw_len = raw_len;
	z->crc = k->crc;
	r->reused++;
	return k;
}

/* Lists the n pieces of ds in its reuse->now, offsets in the part. */
static void
list_pieces(struct dstream *ds)
{
	struct dreuse *r = ds->reuse;
	struct dkept *k;
	uint64_t off = 0;
	size_t i;

	free(r->now);
	r->now = NULL;
	r->n_now = 0;
	if (ds->n < 2)
		return;
	r->now = xcalloc(ds->n, sizeof(*r->now));
	for (i = 0; i < ds->n; i++) {
		k = &r->now[i];
		k->key = ds->piece[i]->key;
		k->tail = ds->piece[i]->tail;
		hash_bytes(ds->piece[i]->z.data, ds->piece[i]->z.len, &k->sum);
		k->off = off;
		k->len = ds->piece[i]->z.len;
		k->raw_len = ds->piece[i]->z.raw_len;
		k->crc = ds->piece[i]->z.crc;
		off += k->len;
	}
	r->n_now = ds->n;
}

/* --- a part deflated as it is written ------------------------------------- */

void
dstream_init(struct dstream *ds, dstream_sink *sink, void *arg,
    struct dreuse *reuse)
{
	memset(ds, 0, sizeof(*ds));
	buf_init(&ds->text);
	buf_puts(&ds->text, "");	/* data is never NULL */
	ds->sink = sink;
	ds->arg = arg;
	ds->reuse = reuse;
	atomic_init(&ds->ahead, 0);
}

/* Drops the text before the piece being written but the priming it needs. */
static void
drop_written(struct dstream *ds)
{
	size_t keep = ds->from < WINDOW ? ds->from : WINDOW;
	size_t drop;

	if (ds->from - ds->base <= keep)	/* after dstream_take: none */
		return;
	drop = ds->from - keep - ds->base;
	memmove(ds->text.data, ds->text.data + drop, ds->text.len - drop + 1);
	ds->text.len -= drop;
	ds->base += drop;
}

static struct dpiece *
push_piece(struct dstream *ds, bool last)
{
	struct dpiece *pc = xcalloc(1, sizeof(*pc));

	if (ds->n == ds->cap)
		ds->piece = xreallocarray(ds->piece, ds->cap = ds->cap == 0 ?
		    16 : ds->cap * 2, sizeof(*ds->piece));
	ds->piece[ds->n++] = pc;
	pc->ds = ds;
	pc->arg = ds->arg;
	pc->last = last;
	return pc;
}

/*
 * After dstream_take, the priming of the piece being written is put
 * before it in text: the last bytes of the taken piece, written again.
 */
static void
prime_text(struct dstream *ds)
{
	size_t dict = ds->from < WINDOW ? ds->from : WINDOW;
	struct buf b;

	if (ds->prime == NULL)
		return;
	buf_init(&b);
	ds->prime(ds->prime_arg, &b);
	ds->prime = NULL;
	if (b.len != ds->prime_len || b.len < dict) {
		ds->broken = true;	/* another text under its key: never */
		buf_free(&b);
		return;
	}
	buf_add(&b, ds->text.data, ds->text.len);
	memmove(b.data, b.data + b.len - ds->text.len - dict,
	    dict + ds->text.len);
	b.len = dict + ds->text.len;
	b.data[b.len] = '\0';
	buf_free(&ds->text);
	ds->text = b;
	ds->base = ds->from - dict;
}

/*
 * Takes the piece from the last build when it has it (its key set, and
 * the tail the next is primed with): true, its bytes in pc->z.
 */
static bool
key_and_take(struct dstream *ds, struct dpiece *pc, size_t dict, size_t len,
    bool last)
{
	const struct dkept *k;
	struct hash content;
	size_t from = ds->from - ds->base;

	if (ds->next_set)
		content = ds->next;
	else
		text_digest(ds->text.data + from, len, &content);
	ds->next_set = false;
	piece_key(ds, dict, &content, last, &pc->key);
	/* keyed when the part has more than one piece: this one is not alone */
	if ((last && ds->n == 1) ||
	    (k = take_old(ds->reuse, ds->n - 1, &pc->key, len, &pc->z)) == NULL)
		return false;
	pc->tail = k->tail;
	ds->tail = k->tail;
	return true;
}

static void
cut(struct dstream *ds, size_t at, bool last)
{
	struct dpiece *pc;
	size_t from, len = at - ds->from, dict;

	if (len == 0 && !last)
		return;		/* at a cut already */
	pc = push_piece(ds, last);
	dict = ds->from < WINDOW ? ds->from : WINDOW;
	if (len < WINDOW && !last)	/* the next one's priming is more than it */
		prime_text(ds);
	if (ds->reuse != NULL && key_and_take(ds, pc, dict, len, last)) {
		ds->prime = NULL;	/* the next is primed with this one */
		ds->from = at;
		drop_written(ds);
		return;
	}
	prime_text(ds);
	from = ds->from - ds->base;
	if (ds->reuse != NULL) {
		tail_digest(at, ds->text.data + from + len, &pc->tail);
		ds->tail = pc->tail;
	}
	if (!last && ds->sink != NULL &&
	    atomic_load(&ds->ahead) < DSTREAM_AHEAD) {
		pc->text = xmalloc(dict + len);
		memcpy(pc->text, ds->text.data + from - dict, dict + len);
		pc->dict = dict;
		pc->len = len;
		atomic_fetch_add(&ds->ahead, 1);
		ds->from = at;
		drop_written(ds);
		ds->sink(ds->arg, pc);	/* pc is the sink's from here */
		return;
	}
	/* a failure leaves the piece empty: dstream_pieces says so */
	(void)deflate_piece(ds->text.data, from, from + len, last, &pc->z);
	ds->from = at;
	drop_written(ds);
}

void
dstream_key_next(struct dstream *ds, const struct hash *content)
{
	ds->next = *content;
	ds->next_set = true;
}

bool
dstream_take(struct dstream *ds, const struct hash *content,
    dstream_prime *prime, void *arg)
{
	const struct dkept *k;
	struct dpiece *pc;
	struct deflated z;
	struct hash key;
	size_t dict = ds->from < WINDOW ? ds->from : WINDOW;

	ds->next_set = false;
	if (ds->reuse == NULL || ds->base + ds->text.len != ds->from)
		return false;
	piece_key(ds, dict, content, false, &key);
	memset(&z, 0, sizeof(z));
	/* a piece shorter than the priming would leave the next unprimed */
	if ((k = find_old(ds->reuse, ds->n, &key)) == NULL ||
	    k->raw_len < WINDOW ||
	    take_old(ds->reuse, ds->n, &key, k->raw_len, &z) == NULL)
		return false;
	pc = push_piece(ds, false);
	pc->key = key;
	pc->tail = k->tail;
	pc->z = z;
	ds->tail = k->tail;
	ds->from += k->raw_len;
	ds->base = ds->from;
	ds->text.len = 0;
	ds->text.data[0] = '\0';
	ds->prime = prime;
	ds->prime_arg = arg;
	ds->prime_len = k->raw_len;
	return true;
}

void
dstream_cut(struct dstream *ds, size_t at)
{
	cut(ds, at, false);
}

void
dstream_end(struct dstream *ds)
{
	cut(ds, ds->base + ds->text.len, true);
	buf_free(&ds->text);
}

void
dpiece_deflate(struct dpiece *pc)
{
	(void)deflate_piece(pc->text, pc->dict, pc->dict + pc->len, pc->last,
	    &pc->z);
	free(pc->text);
	pc->text = NULL;
	atomic_fetch_sub(&pc->ds->ahead, 1);
}

bool
dstream_pieces(struct dstream *ds, struct deflated **v, size_t *n)
{
	size_t i;

	free(ds->v);
	ds->v = xcalloc(ds->n + 1, sizeof(*ds->v));
	if (ds->broken)
		return false;
	for (i = 0; i < ds->n; i++) {
		if (ds->piece[i]->z.data == NULL)
			return false;
		ds->v[i] = ds->piece[i]->z;
	}
	if (ds->reuse != NULL)
		list_pieces(ds);
	*v = ds->v;
	*n = ds->n;
	return true;
}

void
dstream_free(struct dstream *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		free(ds->piece[i]->text);
		deflated_free(&ds->piece[i]->z);
		free(ds->piece[i]);
	}
	free(ds->piece);
	free(ds->v);
	buf_free(&ds->text);
	memset(ds, 0, sizeof(*ds));
}
