/*
 * trace: with GONGSHI_TRACE set in the environment, the spans of work of
 * a build, each with its thread, printed to standard error at the end: a
 * timeline for finding where one thread waits while the other works
 * (tests/bench/trace.py sums it up). Without it, a span costs one test.
 *
 *	struct trace_span s;
 *	trace_begin(&s, "load");
 *	...
 *	trace_end(&s);
 */
#ifndef GONGSHI_TRACE_H
#define GONGSHI_TRACE_H

#include <stdint.h>
#include <stdio.h>

struct trace_span {
	const char	*what;		/* a string that outlives the build */
	int64_t		 wall;		/* CLOCK_MONOTONIC, ns; 0 when off */
	int64_t		 cpu;		/* the thread's CPU time, ns */
};

/* Reads GONGSHI_TRACE; before any span and before a second thread. */
void	trace_init(void);
void	trace_begin(struct trace_span *, const char *what);
void	trace_end(struct trace_span *);
/*
 * The spans so far into f, one a line by their start: the thread (1, 2,
 * ... by its first span's end), start and end in ms since trace_init(),
 * the thread's CPU time in the span, and what it was.
 */
void	trace_print(FILE *f);

#endif
