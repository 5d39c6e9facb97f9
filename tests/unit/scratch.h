/*
 * scratch: a test's scratch folder under /tmp, the files it puts there
 * (their folders made on the way), and the folder's removal, for the
 * tests that read and write real files (test_load, test_stamp,
 * test_digest, test_publish, test_folders, test_hostile, test_regcache,
 * test_checksums, test_serve, test_certificate, test_odt, test_new,
 * test_inputs, and
 * testlib.h's copy of templates/).
 *
 * Header only: every function is static inline, so a test uses what it
 * needs without unused-function warnings. Include it after <cmocka.h>.
 */
#ifndef GONGSHI_TEST_SCRATCH_H
#define GONGSHI_TEST_SCRATCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "publish/publish.h"

/*
 * A new folder /tmp/NAME.XXXXXX into dir (size bytes): 0, or -1 when it
 * cannot be made (what a cmocka setup returns).
 */
static inline int
scratch_make(char *dir, size_t size, const char *name)
{
	if ((size_t)snprintf(dir, size, "/tmp/%s.XXXXXX", name) >= size)
		return -1;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

/* The folder and everything in it gone: 0, else -1 (said on stderr). */
static inline int
scratch_remove(const char *dir)
{
	return remove_tree(dir);
}

/* dir/rel, malloc'd. */
static inline char *
scratch_at(const char *dir, const char *rel)
{
	return path_join(dir, rel);
}

/* len bytes of data as dir/rel, the folders above it made (rel's own). */
static inline void
scratch_put(const char *dir, const char *rel, const char *data, size_t len)
{
	char *path = path_join(dir, rel), *slash;
	FILE *f;

	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", path, strerror(errno));
		*slash = '/';
	}
	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* The text as dir/rel, as scratch_put. */
static inline void
scratch_puts(const char *dir, const char *rel, const char *text)
{
	scratch_put(dir, rel, text, strlen(text));
}

#endif
