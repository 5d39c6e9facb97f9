/*
 * folders: each folder of a build made once, from the highest missing one
 * down; folders known are not asked of the disk again; a folder whose
 * parent is absent is absent without a look; what cannot be made is named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "publish/folders.h"
#include "scratch.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	return scratch_make(root, sizeof(root), "test_folders");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove(root);
}

/* root/rel as a path, for the length of one call's arguments */
static char *
at(const char *rel)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", root, rel);
	return buf[i];
}

static void
test_makes_parents(void **state)
{
	struct folders f;

	(void)state;
	folders_init(&f);
	folders_note(&f, root);
	assert_int_equal(folders_make_parents(&f, at("a/b/c/file"), NULL), 0);
	assert_true(dir_exists(at("a/b/c")));
	assert_int_equal(folders_make_parents(&f, at("a/b/d/file"), NULL), 0);
	assert_true(dir_exists(at("a/b/d")));
	/* a file straight in a known folder needs nothing made */
	assert_int_equal(folders_make_parents(&f, at("file"), NULL), 0);
	folders_free(&f);
}

/*
 * Once made, a folder is not made again: removed behind the cache's back,
 * it stays removed (which is how the build saves a mkdir per file).
 */
static void
test_each_once(void **state)
{
	struct folders f;

	(void)state;
	folders_init(&f);
	folders_note(&f, root);
	assert_int_equal(folders_make_parents(&f, at("x/y/file"), NULL), 0);
	assert_int_equal(rmdir(at("x/y")), 0);
	assert_int_equal(folders_make_parents(&f, at("x/y/other"), NULL), 0);
	assert_false(dir_exists(at("x/y")));
	/* a new sibling is made below the known parent */
	assert_int_equal(folders_make_parents(&f, at("x/z/file"), NULL), 0);
	assert_true(dir_exists(at("x/z")));
	folders_free(&f);
	/* a new cache knows nothing: it makes the folder again */
	folders_init(&f);
	assert_int_equal(folders_make_parents(&f, at("x/y/other"), NULL), 0);
	assert_true(dir_exists(at("x/y")));
	folders_free(&f);
}

static void
test_failure_named(void **state)
{
	struct folders f;
	char *failed = NULL;
	FILE *fp;

	(void)state;
	fp = fopen(at("plain"), "w");
	assert_non_null(fp);
	fclose(fp);
	folders_init(&f);
	assert_int_equal(folders_make_parents(&f, at("plain/sub/deeper/file"),
	    &failed), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_string_equal(failed, at("plain/sub"));
	free(failed);
	folders_free(&f);
}

static void
test_parent_exists(void **state)
{
	struct folders f;

	(void)state;
	assert_int_equal(mkdir(at("old"), 0755), 0);
	folders_init(&f);
	assert_true(folders_parent_exists(&f, at("old/file")));
	assert_false(folders_parent_exists(&f, at("gone/sub/file")));
	/* asked once: made afterwards, still known as absent */
	assert_int_equal(mkdir(at("gone"), 0755), 0);
	assert_false(folders_parent_exists(&f, at("gone/file")));
	assert_false(folders_parent_exists(&f, at("gone/sub/other")));
	assert_true(folders_parent_exists(&f, "name"));
	folders_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_makes_parents, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_each_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_named, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parent_exists, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
