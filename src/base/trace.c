/*
 * trace: spans of work per thread, for GONGSHI_TRACE (trace.h).
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/trace.h"

/* Enough for a build's spans at any size; any more are left out. */
#define TRACE_MAX	8192

struct record {
	const char	*what;
	int		 thread;
	int64_t		 t0, t1, cpu;
};

static bool		 on;
static int64_t		 epoch;
static struct record	 spans[TRACE_MAX];
static atomic_size_t	 n_spans;
static atomic_int	 n_threads;
static _Thread_local int thread_no;	/* 1 + the order of its first span */

static int64_t
ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void
trace_init(void)
{
	const char *v = getenv("GONGSHI_TRACE");

	on = v != NULL && *v != '\0';
	epoch = ns(CLOCK_MONOTONIC);
	atomic_store(&n_spans, 0);
}

void
trace_begin(struct trace_span *s, const char *what)
{
	s->what = what;
	s->wall = 0;
	if (!on)
		return;
	s->wall = ns(CLOCK_MONOTONIC);
	s->cpu = ns(CLOCK_THREAD_CPUTIME_ID);
}

void
trace_end(struct trace_span *s)
{
	struct record *r;
	size_t i;

	if (s->wall == 0)
		return;
	if (thread_no == 0)
		thread_no = atomic_fetch_add(&n_threads, 1) + 1;
	if ((i = atomic_fetch_add(&n_spans, 1)) >= TRACE_MAX)
		return;
	r = &spans[i];
	r->what = s->what;
	r->thread = thread_no;
	r->t0 = s->wall - epoch;
	r->t1 = ns(CLOCK_MONOTONIC) - epoch;
	r->cpu = ns(CLOCK_THREAD_CPUTIME_ID) - s->cpu;
}

static int
by_start(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	return (x->t0 > y->t0) - (x->t0 < y->t0);
}

void
trace_print(FILE *f)
{
	size_t i, n = atomic_load(&n_spans);

	if (!on)
		return;
	if (n > TRACE_MAX)
		n = TRACE_MAX;
	qsort(spans, n, sizeof(*spans), by_start);	/* all threads done */
	fprintf(f, "trace: thread start_ms end_ms cpu_ms span\n");
	for (i = 0; i < n; i++)
		fprintf(f, "trace: %d %8.3f %8.3f %8.3f %s\n",
		    spans[i].thread, spans[i].t0 / 1e6, spans[i].t1 / 1e6,
		    spans[i].cpu / 1e6, spans[i].what);
}
