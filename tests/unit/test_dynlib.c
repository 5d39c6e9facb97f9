/*
 * A library opened when a command needs it (src/base/dynlib.h): its
 * functions are the library's own, and a missing library or function is
 * said once on standard error, with the Debian package to install.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <zlib.h>

#include "base/dynlib.h"

/* zlib: linked into every test, and its SONAME the same for decades. */
#define Z_FUNCTIONS(F)	F(zlibVersion) F(crc32)
#define Z_FN(f)		DYNLIB_FN(z, f)

static struct { Z_FUNCTIONS(DYNLIB_POINTER) } z;
static const struct dynlib_fn z_fns[] = { Z_FUNCTIONS(Z_FN) };

/* What dynlib_load(l, "gongshi test") wrote on standard error (malloc'd). */
static char *
load_said(struct dynlib *l, bool *ok)
{
	char *text = calloc(1, 4096);
	FILE *f = tmpfile();
	int saved;

	assert_non_null(text);
	assert_non_null(f);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(f), STDERR_FILENO) >= 0);
	*ok = dynlib_load(l, "gongshi test");
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(f);
	(void)fread(text, 1, 4095, f);
	fclose(f);
	return text;
}

static void
test_functions_of_the_library(void **state)
{
	struct dynlib l = DYNLIB("libz.so.1", "zlib1g", z_fns);
	char *said;
	bool ok;

	(void)state;
	said = load_said(&l, &ok);
	assert_true(ok);
	assert_string_equal(said, "");
	free(said);
	/* The very functions the tests are linked with. */
	assert_ptr_equal(z.zlibVersion, zlibVersion);
	assert_string_equal(z.zlibVersion(), zlibVersion());
	assert_int_equal(z.crc32(0, (const Bytef *)"abc", 3), 0x352441c2);
	/* Once loaded, loading again asks nothing. */
	assert_true(dynlib_load(&l, "gongshi test"));
}

static void
test_missing_library(void **state)
{
	struct dynlib l = DYNLIB("libgongshi-no-such.so.9", "libgongshi-no-such9",
	    z_fns);
	char *said;
	bool ok;

	(void)state;
	said = load_said(&l, &ok);
	assert_false(ok);
	assert_non_null(strstr(said, "gongshi test"));
	assert_non_null(strstr(said, "libgongshi-no-such.so.9"));
	assert_non_null(strstr(said, "libgongshi-no-such9"));
	free(said);
	/* Said once: the second call only answers. */
	said = load_said(&l, &ok);
	assert_false(ok);
	assert_string_equal(said, "");
	free(said);
}

static void
test_missing_function(void **state)
{
	static void (*absent)(void);
	static const struct dynlib_fn fns[] = {
		{ "zlibVersion", (void **)&z.zlibVersion },
		{ "gongshi_no_such_function", (void **)&absent },
	};
	struct dynlib l = DYNLIB("libz.so.1", "zlib1g", fns);
	char *said;
	bool ok;

	(void)state;
	said = load_said(&l, &ok);
	assert_false(ok);
	assert_non_null(strstr(said, "gongshi_no_such_function"));
	assert_non_null(strstr(said, "libz.so.1"));
	assert_non_null(strstr(said, "zlib1g"));
	free(said);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_functions_of_the_library),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_function),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
