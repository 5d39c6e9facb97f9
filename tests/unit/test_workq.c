/*
 * The work queue of the build's two threads (src/base/workq.h): every
 * task runs once, tasks that push tasks included; workq_step() ends only
 * when none is queued or running, so that what the caller does between
 * steps (a package written once made) sees every result at the end; the
 * results, kept by index, are those of one thread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/workq.h"

#define N_TASKS	2000

struct job {
	struct workq	*q;
	uint64_t	*out;
	size_t		 i;
	atomic_int	*runs;
};

static struct job jobs[2 * N_TASKS];

/* Some work whose result depends on i alone. */
static uint64_t
work(size_t i)
{
	uint64_t h = 1469598103934665603ull ^ i;
	int k;

	for (k = 0; k < 200; k++)
		h = (h ^ (uint64_t)k) * 1099511628211ull;
	return h;
}

static void
second(void *arg)
{
	struct job *j = arg;

	j->out[j->i] = work(j->i);
	atomic_fetch_add(j->runs, 1);
}

/* Each first task pushes a second one, as a package pushes its pieces. */
static void
first(void *arg)
{
	struct job *j = arg;
	struct job *k = &jobs[N_TASKS + j->i];

	j->out[j->i] = work(j->i);
	atomic_fetch_add(j->runs, 1);
	*k = *j;
	k->i = N_TASKS + j->i;
	workq_push(j->q, j->i % 2 ? WORKQ_NOW : WORKQ_LATER, second, k);
}

static void
test_steps(void **state)
{
	static uint64_t got[2 * N_TASKS];
	atomic_int runs;
	struct workq *q;
	size_t i, steps = 0;

	(void)state;
	atomic_init(&runs, 0);
	memset(got, 0, sizeof(got));
	q = workq_new();
	for (i = 0; i < N_TASKS; i++) {
		jobs[i].q = q;
		jobs[i].out = got;
		jobs[i].i = i;
		jobs[i].runs = &runs;
		workq_push(q, WORKQ_SOON, first, &jobs[i]);
	}
	while (workq_step(q))
		steps++;
	/* done: every task ran once, none is left to run */
	assert_int_equal(atomic_load(&runs), 2 * N_TASKS);
	assert_false(workq_step(q));
	for (i = 0; i < 2 * N_TASKS; i++)
		assert_true(got[i] == work(i));
	assert_true(steps > 0);
	workq_free(q);
}

static void
test_help_and_free(void **state)
{
	static uint64_t got[2 * N_TASKS];
	atomic_int runs;
	struct workq *q;
	size_t i;

	(void)state;
	atomic_init(&runs, 0);
	q = workq_new();
	for (i = 0; i < N_TASKS; i++) {
		jobs[i].q = q;
		jobs[i].out = got;
		jobs[i].i = i;
		jobs[i].runs = &runs;
		workq_push(q, WORKQ_NOW, first, &jobs[i]);
	}
	workq_free(q);		/* helps first */
	assert_int_equal(atomic_load(&runs), 2 * N_TASKS);
	for (i = 0; i < 2 * N_TASKS; i++)
		assert_true(got[i] == work(i));
}

/* A task that runs until released (or five seconds have passed). */
struct held {
	atomic_bool	 started, released, timed_out;
};

static void
hold(void *arg)
{
	struct held *h = arg;
	long spins;

	atomic_store(&h->started, true);
	for (spins = 0; !atomic_load(&h->released); spins++)
		if (spins > 50000000L * 5) {	/* some seconds: never released */
			atomic_store(&h->timed_out, true);
			return;
		}
}

static void
mark(void *arg)
{
	atomic_store((atomic_bool *)arg, true);
}

static bool
marked(void *arg)
{
	return atomic_load((atomic_bool *)arg);
}

/*
 * workq_help_until returns once what it waits for is done, while another
 * task still runs on the other thread; it runs what is queued meanwhile.
 */
static void
test_help_until(void **state)
{
	struct held h;
	atomic_bool done;
	struct workq *q;

	(void)state;
	atomic_init(&h.started, false);
	atomic_init(&h.released, false);
	atomic_init(&h.timed_out, false);
	atomic_init(&done, false);
	q = workq_new();
	workq_push(q, WORKQ_NOW, hold, &h);
	while (!atomic_load(&h.started))
		;		/* the worker thread runs it */
	workq_push(q, WORKQ_LATER, mark, &done);
	workq_help_until(q, WORKQ_LATER, marked, &done);
	assert_true(atomic_load(&done));
	assert_false(atomic_load(&h.timed_out));	/* returned before */
	atomic_store(&h.released, true);
	workq_free(q);
	assert_false(atomic_load(&h.timed_out));
}

/*
 * With upto WORKQ_NOW, a task of less urgency is left for the other
 * thread (here held): what is waited for is run, the long task not.
 */
static void
test_help_until_upto(void **state)
{
	struct held h;
	atomic_bool done, later;
	struct workq *q;

	(void)state;
	atomic_init(&h.started, false);
	atomic_init(&h.released, false);
	atomic_init(&h.timed_out, false);
	atomic_init(&done, false);
	atomic_init(&later, false);
	q = workq_new();
	workq_push(q, WORKQ_NOW, hold, &h);
	while (!atomic_load(&h.started))
		;
	workq_push(q, WORKQ_LATER, mark, &later);
	workq_push(q, WORKQ_NOW, mark, &done);
	workq_help_until(q, WORKQ_NOW, marked, &done);
	assert_true(atomic_load(&done));
	assert_false(atomic_load(&later));	/* left queued */
	atomic_store(&h.released, true);
	workq_free(q);				/* runs it */
	assert_true(atomic_load(&later));
	assert_false(atomic_load(&h.timed_out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_help_and_free),
		cmocka_unit_test(test_help_until),
		cmocka_unit_test(test_help_until_upto),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
