/*
 * deflate: pieces of one deflate stream, made apart (deflate.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "base/util.h"
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

bool
deflate_piece(const char *text, size_t from, size_t to, bool last,
    struct deflated *out)
{
	size_t dict = from < WINDOW ? from : WINDOW, cap;
	z_stream z;
	bool ok;

	memset(out, 0, sizeof(*out));
	memset(&z, 0, sizeof(z));
	if (to - from > UINT_MAX)	/* zlib counts in uInt: pieces are smaller */
		return false;
	if (deflateInit2(&z, ODT_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS,
	    MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	ok = dict == 0 || deflateSetDictionary(&z,
	    (const Bytef *)text + from - dict, (uInt)dict) == Z_OK;
	/*
	 * Room for what XML usually deflates to (a list: 4 %), grown when
	 * needed: a bound for the worst case, never touched, still costs
	 * memory once the allocator reuses pages it had touched.
	 */
	cap = (to - from) / 8 + 1024;
	out->data = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)(text + from);
	z.avail_in = (uInt)(to - from);
	z.next_out = out->data;
	z.avail_out = (uInt)cap;
	ok = ok && run(&z, last ? Z_FINISH : Z_FULL_FLUSH, out, cap);
	deflateEnd(&z);
	if (!ok) {
		deflated_free(out);
		return false;
	}
	out->data = xrealloc(out->data, out->len + 1);
	out->raw_len = to - from;
	out->crc = (uint32_t)crc32(0, (const Bytef *)text + from,
	    (uInt)(to - from));
	return true;
}

void
deflated_join(const struct deflated *p, size_t n, struct deflated *whole)
{
	size_t i;

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
