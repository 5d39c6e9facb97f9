/*
 * The value tree (src/base/val.h) where compose leans on it: numbers
 * written as printf's "%ld" would, a key's position, and a map given a
 * few entries and cut back to what it was (what compose lends a cycle's
 * context for one document, then takes back; ASan tells a leak).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/val.h"

static void
test_int(void **state)
{
	static const long nums[] = { 0, 7, -7, 10, 2025, -100, 123456789,
	    LONG_MAX, LONG_MIN };
	struct val *v;
	char want[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		snprintf(want, sizeof(want), "%ld", nums[i]);
		v = val_int(nums[i]);
		assert_int_equal(v->type, VAL_STR);
		assert_string_equal(v->str, want);
		assert_int_equal(v->n, strlen(want));
		val_free(v);
	}
}

static void
test_key_index(void **state)
{
	struct val *m = val_map();

	(void)state;
	assert_int_equal(val_key_index(m, "a"), 0);	/* m->n: none */
	val_set_str(m, "a", "1");
	val_set_str(m, "b", "2");
	assert_int_equal(val_key_index(m, "a"), 0);
	assert_int_equal(val_key_index(m, "b"), 1);
	assert_int_equal(val_key_index(m, "c"), m->n);
	val_free(m);
}

/* Entries added after position n go, and the map reads as before. */
static void
test_truncate(void **state)
{
	struct val *m = val_map(), *l = val_list(), *sub;

	(void)state;
	val_set_str(m, "site", "x");
	val_set_str(m, "unit", NULL);
	sub = val_set(m, "notice", val_map());
	val_set_str(sub, "date", "2025年7月15日");
	val_set(m, "document", val_list());
	val_truncate(m, 2);
	assert_int_equal(m->n, 2);
	assert_null(val_get(m, "notice"));
	assert_null(val_get(m, "document"));
	assert_string_equal(val_get_str(m, "site"), "x");
	/* and grows again where it was cut */
	val_set_str(m, "objection", "y");
	assert_int_equal(val_key_index(m, "objection"), 2);
	val_truncate(m, m->n);	/* nothing to cut */
	assert_int_equal(m->n, 3);
	val_push(l, val_str("a"));
	val_push(l, val_map());
	val_truncate(l, 0);
	assert_int_equal(l->n, 0);
	val_free(l);
	val_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_key_index),
		cmocka_unit_test(test_truncate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
