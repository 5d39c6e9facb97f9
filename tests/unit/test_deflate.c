/*
 * deflate in pieces (format/deflate.c) and the work queue that makes them
 * on both cores (base/workq.c): pieces cut anywhere, concatenated, inflate
 * (zlib) to the whole text, their CRC combined is the text's; one piece is
 * the very stream zlib makes of the whole; the same pieces, whichever
 * thread made them; a text deflated as it is written (dstream) gives the
 * very pieces of the whole text cut at the same places; a rebuild that
 * takes the unchanged pieces from the last build's file gives the very
 * stream a fresh deflate makes, deflates again the pieces whose text (or
 * priming) changed, and never copies bytes of an old file edited or cut
 * short; every task of the queue runs once, tasks pushed by
 * tasks included, and more urgent ones first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/workq.h"
#include "format/deflate.h"

/* A text like a list's content.xml: rows alike, each a little different. */
static char *
list_text(size_t rows, size_t *len)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_puts(&b, "<office:text>");
	for (i = 0; i < rows; i++)
		buf_printf(&b, "<table:table-row><table:table-cell><text:p>%zu "
		    "新疆某某%zu有限公司 %zu</text:p></table:table-cell>"
		    "</table:table-row>", i, i * 7919 % 1000, i * i % 97);
	buf_puts(&b, "</office:text>");
	*len = b.len;
	return buf_detach(&b);
}

/* Inflates the raw stream of n pieces, back to back. */
static char *
inflate_pieces(const struct deflated *p, size_t n, size_t raw_len)
{
	char *out = xmalloc(raw_len + 1);
	z_stream z;
	size_t i;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -MAX_WBITS), Z_OK);
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)raw_len + 1;
	for (i = 0; i < n && rc == Z_OK; i++) {
		z.next_in = p[i].data;
		z.avail_in = (uInt)p[i].len;
		rc = inflate(&z, Z_NO_FLUSH);
		assert_true(i + 1 == n ? rc == Z_STREAM_END : rc == Z_OK);
		assert_int_equal(z.avail_in, 0);
	}
	assert_int_equal(z.total_out, raw_len);
	inflateEnd(&z);
	return out;
}

static void
deflate_cut(const char *text, const size_t *cut, size_t n, struct deflated *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_true(deflate_piece(text, cut[i], cut[i + 1], i + 1 == n,
		    &p[i]));
}

static void
test_pieces_are_one_stream(void **state)
{
	size_t len, i;
	char *text = list_text(5000, &len), *back;
	size_t cut[] = { 0, 1, 40000, 40001, len / 2, len - 3, len };
	size_t n = sizeof(cut) / sizeof(cut[0]) - 1;
	struct deflated p[sizeof(cut) / sizeof(cut[0])], whole;

	(void)state;
	deflate_cut(text, cut, n, p);
	back = inflate_pieces(p, n, len);
	assert_memory_equal(back, text, len);
	deflated_join(p, n, &whole);
	assert_int_equal(whole.raw_len, len);
	assert_int_equal(whole.crc, (uint32_t)crc32(0, (const Bytef *)text,
	    (uInt)len));
	for (i = 0; i < n; i++)
		deflated_free(&p[i]);
	free(back);
	free(text);
}

/* One piece: what zlib makes of the whole at level 6, memory level 9 (libzip's). */
static void
test_one_piece_is_zlib_whole(void **state)
{
	size_t len;
	char *text = list_text(3000, &len);
	uLong cap;
	unsigned char *want;
	struct deflated p;
	z_stream z;

	(void)state;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, (uLong)len);
	want = xmalloc(cap);
	z.next_in = (Bytef *)text;
	z.avail_in = (uInt)len;
	z.next_out = want;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_true(deflate_piece(text, 0, len, true, &p));
	assert_int_equal(p.len, z.total_out);
	assert_memory_equal(p.data, want, p.len);
	deflateEnd(&z);
	deflated_free(&p);
	free(want);
	free(text);
}

/* The bytes of text the pieces cut at cut hold, made on the queue's threads. */
struct job {
	const char	*text;
	const size_t	*cut;
	size_t		 n, k;
	struct deflated	*p;
};

static void
piece_task(void *arg)
{
	struct job *j = arg;

	assert_true(deflate_piece(j->text, j->cut[j->k], j->cut[j->k + 1],
	    j->k + 1 == j->n, &j->p[j->k]));
}

static void
test_same_pieces_on_two_threads(void **state)
{
	size_t len, i, n = 12, cut[13];
	char *text = list_text(6000, &len);
	struct deflated one[12], two[12];
	struct job jobs[12];
	struct workq *q = workq_new();

	(void)state;
	for (i = 0; i <= n; i++)
		cut[i] = len / n * i;
	cut[n] = len;
	deflate_cut(text, cut, n, one);
	for (i = 0; i < n; i++) {
		jobs[i] = (struct job){ text, cut, n, i, two };
		workq_push(q, WORKQ_NOW, piece_task, &jobs[i]);
	}
	workq_free(q);
	for (i = 0; i < n; i++) {
		assert_int_equal(one[i].len, two[i].len);
		assert_memory_equal(one[i].data, two[i].data, one[i].len);
		assert_int_equal(one[i].crc, two[i].crc);
		deflated_free(&one[i]);
		deflated_free(&two[i]);
	}
	free(text);
}

/* --- a part deflated as it is written ------------------------------------ */

/* Pieces a sink got, deflated later on the queue. */
struct held {
	struct workq	*q;
	size_t		 got;
};

static void
piece_later(void *arg)
{
	dpiece_deflate(arg);
}

static void
hold_piece(void *arg, struct dpiece *pc)
{
	struct held *h = arg;

	h->got++;
	workq_push(h->q, WORKQ_NOW, piece_later, pc);
}

/*
 * text written into a dstream step bytes at a time (the last step
 * shorter), cut at cut[1..n-1]: the pieces must be deflate_cut's of the
 * whole text, byte for byte, whether deflated at once or by a sink.
 */
static void
check_streamed(const char *text, const size_t *cut, size_t n, size_t step,
    bool sink)
{
	struct deflated *want = xcalloc(n, sizeof(*want)), *got;
	struct held h = { workq_new(), 0 };
	struct dstream ds;
	size_t len = cut[n], at = 0, k = 1, m, i;

	deflate_cut(text, cut, n, want);
	dstream_init(&ds, sink ? hold_piece : NULL, &h, NULL);
	while (at < len) {
		m = len - at < step ? len - at : step;
		buf_add(&ds.text, text + at, m);
		at += m;
		for (; k < n && cut[k] <= at; k++)
			dstream_cut(&ds, cut[k]);
		/* what is kept: the piece being written and 32 KiB before it */
		assert_true(ds.text.len <= at - cut[k - 1] + 32768);
	}
	dstream_end(&ds);
	workq_free(h.q);
	assert_true(dstream_pieces(&ds, &got, &m));
	assert_int_equal(m, n);
	if (sink && n > 1)
		assert_true(h.got > 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(got[i].len, want[i].len);
		assert_memory_equal(got[i].data, want[i].data, want[i].len);
		assert_int_equal(got[i].raw_len, want[i].raw_len);
		assert_int_equal(got[i].crc, want[i].crc);
		deflated_free(&want[i]);
	}
	dstream_free(&ds);
	free(want);
}

static void
test_streamed_many_pieces(void **state)
{
	size_t len, i, n = 40, cut[41];
	char *text = list_text(20000, &len);

	(void)state;
	for (i = 0; i < n; i++)
		cut[i] = len / n * i + (i % 3) * 17;
	cut[0] = 0;
	cut[n] = len;
	check_streamed(text, cut, n, 4096, false);
	check_streamed(text, cut, n, 65536, true);
	check_streamed(text, cut, n, 1, true);
	free(text);
}

static void
test_streamed_cut_near_end(void **state)
{
	size_t len;
	char *text = list_text(3000, &len);
	size_t cut[] = { 0, 1000, len - 40, len - 1, len };

	(void)state;
	check_streamed(text, cut, 4, 777, false);
	check_streamed(text, cut, 4, 777, true);
	check_streamed(text, cut, 4, len, true);
	free(text);
}

static void
test_streamed_one_piece(void **state)
{
	size_t len;
	char *text = list_text(2000, &len);
	size_t cut[] = { 0, len }, empty[] = { 0, 0 };

	(void)state;
	check_streamed(text, cut, 1, 5000, true);
	check_streamed(text, cut, 1, len, false);
	check_streamed("", empty, 1, 1, true);
	free(text);
}

/* --- pieces taken from the last build ------------------------------------ */

/*
 * text streamed with reuse r, cut at cut[1..n-1], by a sink or not: its
 * pieces, checked to be byte for byte those of a fresh deflate_cut; the
 * pieces are written to the file fd (the "package", prefix bytes before
 * them) and their offsets in r->now moved to the file's.
 */
static void
stream_reusing(const char *text, const size_t *cut, size_t n,
    struct dreuse *r, bool sink, int fd)
{
	static const char prefix[] = "PK\3\4 not content.xml yet";
	struct deflated *want = xcalloc(n, sizeof(*want)), *got;
	struct held h = { workq_new(), 0 };
	struct dstream ds;
	size_t k, m, i;

	deflate_cut(text, cut, n, want);
	dstream_init(&ds, sink ? hold_piece : NULL, &h, r);
	for (k = 1; k < n; k++) {
		buf_add(&ds.text, text + cut[k - 1], cut[k] - cut[k - 1]);
		dstream_cut(&ds, cut[k]);
	}
	buf_add(&ds.text, text + cut[n - 1], cut[n] - cut[n - 1]);
	dstream_end(&ds);
	workq_free(h.q);
	assert_true(dstream_pieces(&ds, &got, &m));
	assert_int_equal(m, n);
	assert_int_equal(r->n_now, n);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, prefix, sizeof(prefix), 0), sizeof(prefix));
	for (i = 0; i < n; i++) {
		assert_int_equal(got[i].len, want[i].len);
		assert_memory_equal(got[i].data, want[i].data, want[i].len);
		assert_int_equal(got[i].crc, want[i].crc);
		assert_int_equal(r->now[i].len, want[i].len);
		assert_int_equal(r->now[i].raw_len, cut[i + 1] - cut[i]);
		r->now[i].off += sizeof(prefix);
		assert_int_equal(pwrite(fd, got[i].data, got[i].len,
		    (off_t)r->now[i].off), (ssize_t)got[i].len);
		deflated_free(&want[i]);
	}
	dstream_free(&ds);
	free(want);
}

/* A scratch file for the "package", open read-write. */
static int
scratch(void)
{
	char path[] = "/tmp/test_deflate.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/*
 * Builds text (cut in n pieces) with reuse: r then lists the file fd's
 * pieces for the next build, as the stamp keeps them (old).
 */
static struct dkept *
first_build(const char *text, const size_t *cut, size_t n, int fd)
{
	struct dreuse r;
	struct dkept *old;

	dreuse_init(&r, "program");
	stream_reusing(text, cut, n, &r, true, fd);
	assert_int_equal(r.reused, 0);
	old = r.now;
	r.now = NULL;
	dreuse_free(&r);
	return old;
}

/* The next build of text, taking from fd the pieces old lists: how many it took. */
static size_t
next_build(const char *text, const size_t *cut, size_t n,
    const struct dkept *old, int fd, bool sink, int out)
{
	struct dreuse r;
	size_t reused;

	dreuse_init(&r, "program");
	r.old = old;
	r.n_old = n;
	r.fd = dup(fd);
	stream_reusing(text, cut, n, &r, sink, out);
	reused = r.reused;
	dreuse_free(&r);
	return reused;
}

/* Ten pieces of some 60 KB each; a row of piece 4 (not near its end) changed. */
static char *
cut_ten(size_t *cut, size_t *len)
{
	char *text = list_text(40000, len);
	size_t i;

	for (i = 0; i <= 10; i++)
		cut[i] = *len / 10 * i;
	cut[10] = *len;
	return text;
}

static void
test_reuse_unchanged_pieces(void **state)
{
	size_t len, cut[11];
	char *text = cut_ten(cut, &len), *p;
	int fd = scratch(), out = scratch();
	struct dkept *old = first_build(text, cut, 10, fd);

	(void)state;
	/* nothing changed: every piece is taken */
	assert_int_equal(next_build(text, cut, 10, old, fd, true, out), 10);
	/* a row of piece 4 changed, far from its end: that piece alone */
	p = strstr(text + cut[4] + 100, "有限公司");
	assert_non_null(p);
	memcpy(p, "无限公司", strlen("无限公司"));
	assert_int_equal(next_build(text, cut, 10, old, fd, false, out), 9);
	assert_int_equal(next_build(text, cut, 10, old, fd, true, out), 9);
	/* and in the last 32 KiB of piece 6: the next one is primed with it */
	p = strstr(text + cut[7] - 1000, "有限公司");
	assert_true(p != NULL && p < text + cut[7]);
	memcpy(p, "无限公司", strlen("无限公司"));
	assert_int_equal(next_build(text, cut, 10, old, fd, true, out), 7);
	free(old);
	close(fd);
	close(out);
	free(text);
}

/* Another program (or zlib) never takes the pieces of this one. */
static void
test_reuse_other_program(void **state)
{
	size_t len, cut[11];
	char *text = cut_ten(cut, &len);
	int fd = scratch(), out = scratch();
	struct dkept *old = first_build(text, cut, 10, fd);
	struct dreuse r;

	(void)state;
	dreuse_init(&r, "another program");
	r.old = old;
	r.n_old = 10;
	r.fd = dup(fd);
	stream_reusing(text, cut, 10, &r, false, out);
	assert_int_equal(r.reused, 0);
	dreuse_free(&r);
	free(old);
	close(fd);
	close(out);
	free(text);
}

/* An old file edited or cut short: its pieces are deflated again. */
static void
test_reuse_never_from_a_changed_file(void **state)
{
	size_t len, cut[11];
	char *text = cut_ten(cut, &len);
	int fd = scratch(), out = scratch();
	struct dkept *old = first_build(text, cut, 10, fd);
	unsigned char c;

	(void)state;
	/* a byte of piece 2's deflated bytes changed */
	assert_int_equal(pread(fd, &c, 1, (off_t)old[2].off + 5), 1);
	c ^= 0x20;
	assert_int_equal(pwrite(fd, &c, 1, (off_t)old[2].off + 5), 1);
	assert_int_equal(next_build(text, cut, 10, old, fd, true, out), 9);
	/* the file cut in the middle of piece 6 */
	assert_int_equal(ftruncate(fd, (off_t)(old[6].off + old[6].len / 2)),
	    0);
	assert_int_equal(next_build(text, cut, 10, old, fd, false, out), 5);
	/* no file: nothing taken */
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(next_build(text, cut, 10, old, fd, true, out), 0);
	free(old);
	close(fd);
	close(out);
	free(text);
}

/* A part of one piece is never listed: it is made whole or taken whole. */
static void
test_reuse_one_piece_unlisted(void **state)
{
	size_t len;
	char *text = list_text(500, &len);
	struct dreuse r;
	struct dstream ds;
	struct deflated *got;
	size_t n;

	(void)state;
	dreuse_init(&r, "program");
	dstream_init(&ds, NULL, NULL, &r);
	buf_add(&ds.text, text, len);
	dstream_end(&ds);
	assert_true(dstream_pieces(&ds, &got, &n));
	assert_int_equal(n, 1);
	assert_int_equal(r.n_now, 0);
	dstream_free(&ds);
	dreuse_free(&r);
	free(text);
}

/* --- pieces keyed by what they are written from (dstream_take) ----------- */

#define OWN	8	/* pieces of rows alone, between a head and a foot */

/* The text of own piece k (1..OWN) in version v[k]: ~60 KB, its end differs. */
static void
own_text(size_t k, int v, struct buf *out)
{
	size_t i;

	for (i = 0; i < 1000; i++)
		buf_printf(out, "<table:table-row><text:p>%zu-%zu 新疆某某有限公司"
		    " %d</text:p></table:table-row>", k, i,
		    i == 999 || i == 3 ? v : 0);
}

static void
own_key(size_t k, int v, struct hash *h)
{
	char s[64];

	snprintf(s, sizeof(s), "piece %zu version %d", k, v);
	hash_bytes(s, strlen(s), h);
}

struct primer {
	size_t	k;
	int	v;
	size_t	calls;
};

static void
own_prime(void *arg, struct buf *out)
{
	struct primer *p = arg;

	p->calls++;
	own_text(p->k, p->v, out);
}

/* The whole text of versions v, cut where the stream cuts it. */
static char *
own_whole(const int *v, size_t *cut)
{
	struct buf b;
	size_t k;

	buf_init(&b);
	buf_puts(&b, "<office:text>head");
	for (k = 1; k <= OWN; k++) {
		cut[k] = b.len;
		own_text(k, v[k], &b);
	}
	cut[OWN + 1] = b.len;
	buf_puts(&b, "foot</office:text>");
	cut[0] = 0;
	cut[OWN + 2] = b.len;
	return buf_detach(&b);
}

/*
 * Versions v written with reuse r: each own piece keyed by its version,
 * taken without its text when the last build has it; the pieces must be
 * a fresh deflate's of the whole text, byte for byte. Returns how many
 * were taken without text; the primer's calls in *primed.
 */
static size_t
own_build(const int *v, struct dreuse *r, int fd, size_t *primed)
{
	static const char prefix[] = "PK\3\4 not content.xml yet";
	size_t cut[OWN + 3], k, m, i, untexted = 0;
	char *text = own_whole(v, cut);
	struct deflated want[OWN + 2], *got;
	struct primer pr[OWN + 1];
	struct dstream ds;
	struct hash key;

	deflate_cut(text, cut, OWN + 2, want);
	dstream_init(&ds, NULL, NULL, r);
	buf_add(&ds.text, text, cut[1]);
	for (k = 1; k <= OWN; k++) {
		dstream_cut(&ds, cut[k]);
		own_key(k, v[k], &key);
		pr[k].k = k;
		pr[k].v = v[k];
		pr[k].calls = 0;
		if (dstream_take(&ds, &key, own_prime, &pr[k])) {
			untexted++;
			continue;
		}
		dstream_key_next(&ds, &key);
		own_text(k, v[k], &ds.text);
	}
	dstream_cut(&ds, cut[OWN + 1]);
	buf_puts(&ds.text, "foot</office:text>");
	dstream_end(&ds);
	assert_true(dstream_pieces(&ds, &got, &m));
	assert_int_equal(m, OWN + 2);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, prefix, sizeof(prefix), 0), sizeof(prefix));
	*primed = 0;
	for (k = 1; k <= OWN; k++)
		*primed += pr[k].calls;
	for (i = 0; i < m; i++) {
		assert_int_equal(got[i].len, want[i].len);
		assert_memory_equal(got[i].data, want[i].data, want[i].len);
		assert_int_equal(got[i].crc, want[i].crc);
		assert_int_equal(got[i].raw_len, cut[i + 1] - cut[i]);
		r->now[i].off += sizeof(prefix);
		assert_int_equal(pwrite(fd, got[i].data, got[i].len,
		    (off_t)r->now[i].off), (ssize_t)got[i].len);
		deflated_free(&want[i]);
	}
	dstream_free(&ds);
	free(text);
	return untexted;
}

/* A rebuild of versions v over the pieces old (in the file fd): r's count taken. */
static size_t
own_rebuild(const int *v, struct dkept **old, int *fd, size_t *untexted,
    size_t *primed)
{
	struct dreuse r;
	size_t reused;
	int out = scratch();

	dreuse_init(&r, "program");
	r.old = *old;
	r.n_old = OWN + 2;
	r.fd = *fd;
	*untexted = own_build(v, &r, out, primed);
	reused = r.reused;
	free(*old);
	*old = r.now;	/* the next build's */
	r.now = NULL;
	dreuse_free(&r);	/* closes the old file */
	*fd = out;
	return reused;
}

static void
test_take_without_text(void **state)
{
	int v[OWN + 1] = { 0 }, fd = scratch();
	struct dkept *old = NULL;
	size_t untexted, primed;
	struct dreuse r;

	(void)state;
	dreuse_init(&r, "program");
	assert_int_equal(own_build(v, &r, fd, &primed), 0);
	old = r.now;
	r.now = NULL;
	dreuse_free(&r);
	/* nothing changed: every own piece taken without its text */
	assert_int_equal(own_rebuild(v, &old, &fd, &untexted, &primed),
	    OWN + 2);
	assert_int_equal(untexted, OWN);
	assert_int_equal(primed, 0);
	/*
	 * piece 4 changed at its end: it is written, and 5, primed with it,
	 * is deflated again; 3 was taken without text, so 4 is primed with
	 * its text written again
	 */
	v[4] = 1;
	assert_int_equal(own_rebuild(v, &old, &fd, &untexted, &primed),
	    OWN);
	assert_int_equal(untexted, OWN - 2);
	assert_int_equal(primed, 1);
	/* the first and last own pieces changed: the foot is primed anew */
	v[1] = v[OWN] = 2;
	assert_int_equal(own_rebuild(v, &old, &fd, &untexted, &primed),
	    OWN - 2);
	assert_int_equal(untexted, OWN - 3);
	assert_int_equal(primed, 1);
	/* an old file cut short: what lies beyond is written and deflated */
	assert_int_equal(ftruncate(fd, (off_t)old[5].off), 0);
	assert_int_equal(own_rebuild(v, &old, &fd, &untexted, &primed), 5);
	assert_int_equal(untexted, 4);
	/* a byte of an old piece changed: that one is written again */
	assert_int_equal(pwrite(fd, "\377", 1, (off_t)old[2].off + 9), 1);
	assert_int_equal(own_rebuild(v, &old, &fd, &untexted, &primed),
	    OWN + 1);
	assert_int_equal(untexted, OWN - 1);
	free(old);
	close(fd);
}

/* --- the queue ------------------------------------------------------------ */

struct count {
	struct workq	*q;
	atomic_int	 runs;
	int		 spawn;		/* tasks each task pushes, down to 0 */
};

struct spawner {
	struct count	*c;
	int		 depth;
};

static void
spawn_task(void *arg)
{
	struct spawner *s = arg, *t;
	int i;

	atomic_fetch_add(&s->c->runs, 1);
	if (s->depth > 0)
		for (i = 0; i < s->c->spawn; i++) {
			t = xmalloc(sizeof(*t));
			t->c = s->c;
			t->depth = s->depth - 1;
			workq_push(s->c->q, WORKQ_LATER, spawn_task, t);
		}
	free(s);
}

static void
test_every_task_once(void **state)
{
	struct count c;
	struct spawner *s;

	(void)state;
	c.q = workq_new();
	atomic_init(&c.runs, 0);
	c.spawn = 3;
	s = xmalloc(sizeof(*s));
	s->c = &c;
	s->depth = 5;		/* 1 + 3 + 9 + ... + 243 */
	workq_push(c.q, WORKQ_SOON, spawn_task, s);
	workq_help(c.q);	/* returns only when none is left */
	assert_int_equal(atomic_load(&c.runs), 364);
	workq_free(c.q);
}

/*
 * Taken by urgency, in order within one: the worker is held in a first
 * task while the marks are pushed, so that this thread alone takes them;
 * the last mark lets the worker go.
 */
struct order {
	struct workq	*q;
	char		 seen[16];
	int		 n;
	atomic_int	 held;	/* the worker is in hold_task */
	atomic_int	 hold;	/* and stays there while set */
};

struct mark {
	struct order	*o;
	char		 c;
};

static void
hold_task(void *arg)
{
	struct order *o = arg;

	atomic_store(&o->held, 1);
	while (atomic_load(&o->hold))
		;
}

static void
mark_task(void *arg)
{
	struct mark *m = arg;

	m->o->seen[m->o->n++] = m->c;
	if (m->c == 'e')
		atomic_store(&m->o->hold, 0);
}

static void
test_urgent_first(void **state)
{
	struct order o;
	struct mark m[5] = {
		{ &o, 'c' }, { &o, 'a' }, { &o, 'd' }, { &o, 'b' }, { &o, 'e' }
	};
	enum workq_urgency u[5] = {
		WORKQ_LATER, WORKQ_NOW, WORKQ_LATER, WORKQ_SOON, WORKQ_LATER
	};
	size_t i;

	(void)state;
	memset(o.seen, 0, sizeof(o.seen));
	o.n = 0;
	atomic_init(&o.held, 0);
	atomic_init(&o.hold, 1);
	o.q = workq_new();
	workq_push(o.q, WORKQ_NOW, hold_task, &o);
	while (!atomic_load(&o.held))
		;
	for (i = 0; i < 5; i++)
		workq_push(o.q, u[i], mark_task, &m[i]);
	workq_free(o.q);
	assert_string_equal(o.seen, "abcde");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces_are_one_stream),
		cmocka_unit_test(test_one_piece_is_zlib_whole),
		cmocka_unit_test(test_same_pieces_on_two_threads),
		cmocka_unit_test(test_streamed_many_pieces),
		cmocka_unit_test(test_streamed_cut_near_end),
		cmocka_unit_test(test_streamed_one_piece),
		cmocka_unit_test(test_reuse_unchanged_pieces),
		cmocka_unit_test(test_reuse_other_program),
		cmocka_unit_test(test_reuse_never_from_a_changed_file),
		cmocka_unit_test(test_reuse_one_piece_unlisted),
		cmocka_unit_test(test_take_without_text),
		cmocka_unit_test(test_every_task_once),
		cmocka_unit_test(test_urgent_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
