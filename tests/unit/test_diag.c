/*
 * diag: the article a message cites, in English or Chinese (for --json);
 * columns from diag_error_at; one message per mistake when the rules run
 * after the loader (diag_drop_repeats); the JSON array's shape; what a
 * second thread collected, told later in its order (diag_append).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/diag.h"

static void
article_is(const char *msg, const char *want)
{
	char *got = diag_article(msg);

	if (want == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	free(got);
}

static void
test_article_english(void **state)
{
	(void)state;
	article_is("x; art. 11(4) requires it", "11(4)");
	article_is("art. 13 allows 3 working days", "13");
	article_is("art. 9(2) requires 5 years; art. 19 too", "9(2)");
	article_is("no article here (art. x)", NULL);
}

static void
test_article_chinese(void **state)
{
	(void)state;
	article_is("《办法》第十一条第（四）项要求", "11(4)");
	article_is("《办法》第十三条规定", "13");
	article_is("按《办法》第二十条撤销", "20");
	article_is("第九条第（二）项", "9(2)");
	article_is("（《办法》第19条）", "19");
	article_is("第 3 行：没有条款", NULL);
}

static void
test_column_and_repeats(void **state)
{
	struct diag d;
	size_t mark;

	(void)state;
	diag_init(&d);
	diag_error_at(&d, "site.yaml", 12, 3, "tab");
	diag_error(&d, "2025/decisions.csv", 5, "bad stage");
	mark = d.n;
	diag_error(&d, "2025/decisions.csv", 5, "a rule on the same row");
	diag_warning(&d, "2025/decisions.csv", 6, "a rule on another row");
	diag_error(&d, "2025/cycle.yaml", 0, "a rule on the whole file");
	diag_drop_repeats(&d, mark);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	assert_false(diag_has(&d, NULL, -1, "same row"));
	assert_true(diag_has(&d, NULL, -1, "another row"));
	assert_int_equal(diag_errors_in(&d, "2025/decisions."), 1);
	assert_int_equal(d.items[0].column, 3);
	assert_int_equal(d.items[1].column, 0);
	diag_free(&d);
}

static void
test_json_shape(void **state)
{
	struct diag d;
	json_t *a, *it;

	(void)state;
	diag_init(&d);
	diag_warning(&d, "b.csv", 0, "whole file");
	diag_error_at(&d, "a.yaml", 4, 7, "see art. 11(4)");
	a = diag_json(&d);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 2);
	it = json_array_get(a, 0);	/* sorted: a.yaml first */
	assert_string_equal(json_string_value(json_object_get(it, "file")),
	    "a.yaml");
	assert_int_equal(json_integer_value(json_object_get(it, "line")), 4);
	assert_int_equal(json_integer_value(json_object_get(it, "column")), 7);
	assert_string_equal(json_string_value(json_object_get(it, "severity")),
	    "error");
	assert_string_equal(json_string_value(json_object_get(it, "article")),
	    "11(4)");
	it = json_array_get(a, 1);
	assert_true(json_is_null(json_object_get(it, "line")));
	assert_true(json_is_null(json_object_get(it, "column")));
	assert_true(json_is_null(json_object_get(it, "article")));
	assert_string_equal(json_string_value(json_object_get(it, "severity")),
	    "warning");
	json_decref(a);
	diag_free(&d);
}

/*
 * Items collected apart and appended come after the ones already told,
 * in their own order, counted, and sort as if reported there.
 */
static void
test_append(void **state)
{
	struct diag d, w;

	(void)state;
	diag_init(&d);
	diag_init(&w);
	diag_error(&d, "b.csv", 3, "first");
	diag_error(&w, "a.csv", 7, "second");
	diag_warning(&w, "b.csv", 3, "third");
	diag_system_error(&w, "c.csv", "fourth");
	diag_append(&d, &w);
	assert_int_equal(w.n, 0);
	assert_null(w.items);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.system, 1);
	assert_int_equal(diag_exit_status(&d), 3);
	diag_sort(&d);
	assert_string_equal(d.items[0].msg, "second");
	assert_string_equal(d.items[1].msg, "first");
	assert_string_equal(d.items[2].msg, "third");
	assert_string_equal(d.items[3].msg, "fourth");
	diag_free(&w);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_english),
		cmocka_unit_test(test_article_chinese),
		cmocka_unit_test(test_column_and_repeats),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_append),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
