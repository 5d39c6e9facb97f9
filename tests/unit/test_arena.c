/*
 * The arena of the records' and tables' strings (src/base/arena.h): copies
 * that read back as given, aligned blocks between packed strings, requests
 * larger than a block, and all of it freed at once (ASan tells a leak).
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"

static void
test_strings(void **state)
{
	struct arena a;
	char *s[3000], want[32];
	size_t i;

	(void)state;
	arena_init(&a);
	/* Enough to fill several 64 KiB blocks. */
	for (i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "组织%zu", i);
		s[i] = arena_strdup(&a, want);
	}
	for (i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "组织%zu", i);
		assert_string_equal(s[i], want);
	}
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_strdup(&a, ""), "");
	arena_free(&a);
	/* A freed arena is empty and usable again. */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_free(&a);
}

static void
test_alignment(void **state)
{
	struct arena a;
	void *p;
	int i;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 1000; i++) {
		(void)arena_strdup(&a, "x");	/* leaves next unaligned */
		p = arena_alloc(&a, 24);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		memset(p, 0xAB, 24);
	}
	arena_free(&a);
}

/*
 * Blocks grow from 1 KiB: a request larger than the next block, but not
 * large enough for one of its own, gets a block that holds it (ASan
 * tells a write past one).
 */
static void
test_growing(void **state)
{
	static const size_t sizes[] = { 10, 1000, 3000, 900, 16384, 5, 12000 };
	struct arena a;
	char *p[sizeof(sizes) / sizeof(sizes[0])];
	size_t i, j;

	(void)state;
	arena_init(&a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = arena_alloc(&a, sizes[i]);
		memset(p[i], 'a' + (int)i, sizes[i]);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (j = 0; j < sizes[i]; j++)
			assert_int_equal(p[i][j], 'a' + (int)i);
	arena_free(&a);
}

static void
test_large(void **state)
{
	struct arena a;
	char *small, *big, *after;
	size_t n = (size_t)1 << 20;

	(void)state;
	arena_init(&a);
	small = arena_strdup(&a, "before");
	big = arena_alloc(&a, n);	/* a block of its own */
	memset(big, 'z', n);
	after = arena_strdup(&a, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	assert_int_equal(big[0], 'z');
	assert_int_equal(big[n - 1], 'z');
	/* The first request of an empty arena may be a large one, too. */
	arena_free(&a);
	big = arena_alloc(&a, n);
	memset(big, 'y', n);
	assert_string_equal(arena_strdup(&a, "small"), "small");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_growing),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
