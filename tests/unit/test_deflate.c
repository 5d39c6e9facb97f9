/*
 * deflate in pieces (format/deflate.c) and the work queue that makes them
 * on both cores (base/workq.c): pieces cut anywhere, concatenated, inflate
 * (zlib) to the whole text, their CRC combined is the text's; one piece is
 * the very stream zlib makes of the whole; the same pieces, whichever
 * thread made them; every task of the queue runs once, tasks pushed by
 * tasks included, and more urgent ones first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

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
		cmocka_unit_test(test_every_task_once),
		cmocka_unit_test(test_urgent_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
