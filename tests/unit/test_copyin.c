/*
 * copyin (publish/copyin.c): a file written from bytes in memory with
 * ranges of another file copied in holds exactly those bytes in that
 * order, wherever the ranges fall (first, last, next to each other, the
 * memory empty, a range longer than the buffer it goes through), from a
 * file on the same file system or on another one where there is one
 * (/dev/shm); a range beyond the end of the file copied from fails with
 * EIO instead of writing less; copyin_flatten gives the same bytes in
 * memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "publish/copyin.h"
#include "scratch.h"

#define SRC_LEN	(300 * 1024)	/* more than the buffer of a copy by hand */

static char root[64];
static char *src_bytes;

/* The file copied from: SRC_LEN bytes that tell where they are. */
static char *
make_source(const char *dir)
{
	char *path = path_join(dir, "old.html");
	FILE *f;

	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(src_bytes, 1, SRC_LEN, f), SRC_LEN);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int
setup(void **state)
{
	size_t i;

	(void)state;
	src_bytes = xmalloc(SRC_LEN);
	for (i = 0; i < SRC_LEN; i++)
		src_bytes[i] = (char)('a' + (i * 7 + i / 251) % 26);
	return scratch_make(root, sizeof(root), "test_copyin");
}

static int
teardown(void **state)
{
	(void)state;
	free(src_bytes);
	return scratch_remove(root);
}

/* The ranges of one file: where in memory, from where, how long. */
struct case_range {
	size_t		at;
	uint64_t	off;
	size_t		len;
};

/* data with the ranges in, as the file must hold it. */
static void
expected(const char *data, size_t len, const struct case_range *r, size_t n,
    struct buf *b)
{
	size_t i, at = 0;

	for (i = 0; i < n; i++) {
		buf_add(b, data + at, r[i].at - at);
		buf_add(b, src_bytes + r[i].off, r[i].len);
		at = r[i].at;
	}
	buf_add(b, data + at, len - at);
}

/*
 * Writes data with the ranges of src into a new file under dir and
 * checks its bytes, and those of copyin_flatten.
 */
static void
write_and_check(const char *src, const char *dir, const char *data,
    size_t len, const struct case_range *r, size_t n)
{
	char *path = path_join(dir, "new.html"), *text;
	struct copyin *c;
	struct buf want, flat;
	size_t i, got;
	int fd;

	assert_true((fd = open(src, O_RDONLY)) >= 0);
	c = copyin_new(fd);
	for (i = 0; i < n; i++)
		copyin_add(c, r[i].at, r[i].off, r[i].len);
	buf_init(&want);
	expected(data, len, r, n, &want);
	assert_int_equal(len + c->len, want.len);
	(void)unlink(path);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666)) >= 0);
	assert_int_equal(copyin_write(fd, data, len, c), 0);
	assert_int_equal(close(fd), 0);
	assert_non_null(text = file_read(path, &got));
	assert_int_equal(got, want.len);
	assert_memory_equal(text, want.data, want.len);
	free(text);
	buf_init(&flat);
	buf_puts(&flat, "<");
	assert_true(copyin_flatten(data, len, c, &flat));
	assert_int_equal(flat.len, want.len + 1);
	assert_memory_equal(flat.data + 1, want.data, want.len);
	buf_free(&flat);
	buf_free(&want);
	copyin_free(c);
	free(path);
}

/* Every shape of ranges, from src into a file under dir. */
static void
all_cases(const char *src, const char *dir)
{
	static const char data[] = "<head>rendered row 1025 … 2048</tail>";
	size_t n = strlen(data);
	const struct case_range first[] = { { 0, 0, 1000 } };
	const struct case_range last[] = { { n, SRC_LEN - 70000, 70000 } };
	const struct case_range inside[] = {
		{ 6, 100, 200000 },		/* more than one buffer */
		{ 6, 200100, 5000 },		/* next to it: one copy */
		{ 20, 12, 3 },
		{ 20, 9, 3 },			/* same place, not next */
		{ n, SRC_LEN - 1, 1 },
	};
	const struct case_range all[] = { { 0, 0, SRC_LEN } };

	write_and_check(src, dir, data, n, NULL, 0);
	write_and_check(src, dir, data, n, first, 1);
	write_and_check(src, dir, data, n, last, 1);
	write_and_check(src, dir, data, n, inside, 5);
	write_and_check(src, dir, "", 0, all, 1);
}

static void
test_copy(void **state)
{
	char *src = make_source(root);

	(void)state;
	all_cases(src, root);
	free(src);
}

/* From tmpfs to /tmp: another file system, where the machine has one. */
static void
test_from_another_file_system(void **state)
{
	char shm[64];
	char *src;

	(void)state;
	snprintf(shm, sizeof(shm), "/dev/shm/test_copyin.XXXXXX");
	if (mkdtemp(shm) == NULL)
		skip();
	src = make_source(shm);
	all_cases(src, root);
	assert_int_equal(unlink(src), 0);
	assert_int_equal(rmdir(shm), 0);
	free(src);
}

/* A range past the end: an error, in the file and in memory. */
static void
test_short_file(void **state)
{
	char *src = make_source(root), *path = path_join(root, "short.html");
	struct copyin *c;
	struct buf b;
	int fd, out;

	(void)state;
	assert_true((fd = open(src, O_RDONLY)) >= 0);
	c = copyin_new(fd);
	copyin_add(c, 1, SRC_LEN - 10, 20);
	(void)unlink(path);
	assert_true((out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666)) >= 0);
	errno = 0;
	assert_int_equal(copyin_write(out, "ab", 2, c), -1);
	assert_int_equal(errno, EIO);
	assert_int_equal(close(out), 0);
	buf_init(&b);
	assert_false(copyin_flatten("ab", 2, c, &b));
	buf_free(&b);
	copyin_free(c);
	free(path);
	free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_from_another_file_system),
		cmocka_unit_test(test_short_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
