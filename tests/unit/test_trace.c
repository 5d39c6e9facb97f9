/*
 * The timeline of GONGSHI_TRACE (src/base/trace.h): nothing without the
 * variable; with it, every span of every thread, in order of start, each
 * thread told apart, times that nest as the spans did.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/trace.h"

struct line {
	int	 thread;
	double	 t0, t1, cpu;
	char	 what[64];
};

/* What trace_print() wrote, parsed; the number of lines after the head. */
static size_t
printed(struct line *v, size_t max)
{
	FILE *f = tmpfile();
	char text[256];
	size_t n = 0;

	assert_non_null(f);
	trace_print(f);
	rewind(f);
	if (fgets(text, sizeof(text), f) != NULL)
		assert_string_equal(text,
		    "trace: thread start_ms end_ms cpu_ms span\n");
	while (n < max && fgets(text, sizeof(text), f) != NULL) {
		assert_int_equal(sscanf(text, "trace: %d %lf %lf %lf %63[^\n]",
		    &v[n].thread, &v[n].t0, &v[n].t1, &v[n].cpu, v[n].what), 5);
		n++;
	}
	fclose(f);
	return n;
}

static void
test_off(void **state)
{
	struct trace_span s;
	struct line v[4];

	(void)state;
	unsetenv("GONGSHI_TRACE");
	trace_init();
	trace_begin(&s, "nothing");
	trace_end(&s);
	assert_int_equal(printed(v, 4), 0);
}

static void *
spin(void *arg)
{
	struct trace_span s;
	volatile unsigned long x = 0;
	unsigned long i;

	trace_begin(&s, arg);
	for (i = 0; i < 2000000; i++)
		x += i;
	trace_end(&s);
	return NULL;
}

static void
test_threads(void **state)
{
	struct trace_span outer, inner;
	struct line v[8];
	pthread_t tid;
	size_t n, i;

	(void)state;
	setenv("GONGSHI_TRACE", "1", 1);
	trace_init();
	trace_begin(&outer, "outer");
	assert_int_equal(pthread_create(&tid, NULL, spin, "beside"), 0);
	trace_begin(&inner, "inner");
	(void)spin("here");
	trace_end(&inner);
	assert_int_equal(pthread_join(tid, NULL), 0);
	trace_end(&outer);
	n = printed(v, 8);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].what, "outer");
	for (i = 0; i < n; i++) {
		assert_true(v[i].t0 <= v[i].t1);
		assert_true(v[i].cpu >= 0);
		if (i > 0)
			assert_true(v[i - 1].t0 <= v[i].t0);
	}
	/* this thread's three spans nest; the other's is its own thread */
	for (i = 1; i < n; i++) {
		if (strcmp(v[i].what, "beside") == 0)
			assert_int_not_equal(v[i].thread, v[0].thread);
		else {
			assert_int_equal(v[i].thread, v[0].thread);
			assert_true(v[i].t1 <= v[0].t1);
		}
	}
	unsetenv("GONGSHI_TRACE");
	trace_init();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
