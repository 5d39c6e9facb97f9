/*
 * The index of the inputs (base/input.h, kept in the stamp: publish/
 * stamp.h): an entry vouches for a file only when its device, inode,
 * size, modification and change times are all the same, the file was not
 * racy when it was read (its times within INPUT_RACY_SECONDS of that
 * moment) and the clock has not gone back since; the stamp's index is
 * taken whole or not at all (a sum that does not match, an entry that
 * does not parse, a count that does not fit); and a file the index does
 * not vouch for is read, whatever digest the index gives it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/input.h"
#include "base/util.h"
#include "publish/stamp.h"
#include "scratch.h"

static char root[64];

static int
setup(void **state)
{
	(void)state;
	input_forget();
	return scratch_make(root, sizeof(root), "test_inputs");
}

static int
teardown(void **state)
{
	(void)state;
	input_forget();
	unsetenv("GONGSHI_TEST_INPUTS");
	return scratch_remove(root);
}

/* An entry read an hour ago, of a file last changed a day ago. */
static struct input_stat
old_entry(void)
{
	struct input_stat e;
	time_t now = time(NULL);

	memset(&e, 0, sizeof(e));
	e.dev = 2049;
	e.ino = 123456;
	e.size = 4403;
	e.mtime.tv_sec = now - 86400;
	e.mtime.tv_nsec = 221751719;
	e.ctime = e.mtime;
	e.seen.tv_sec = now - 3600;
	e.seen.tv_nsec = 955813159;
	return e;
}

static void
test_vouches(void **state)
{
	struct input_stat e = old_entry(), now;

	(void)state;
	now = e;
	memset(&now.seen, 0, sizeof(now.seen));
	assert_true(input_stat_vouches(&e, &now));

	/* any of the five different: read */
	now.dev++;
	assert_false(input_stat_vouches(&e, &now));
	now = e;
	now.ino++;
	assert_false(input_stat_vouches(&e, &now));
	now = e;
	now.size--;
	assert_false(input_stat_vouches(&e, &now));
	now = e;
	now.mtime.tv_nsec++;
	assert_false(input_stat_vouches(&e, &now));
	/* the modification time put back (touch -r): the change time tells */
	now = e;
	now.ctime.tv_sec += 60;
	assert_false(input_stat_vouches(&e, &now));
	now = e;
	now.ctime.tv_nsec--;
	assert_false(input_stat_vouches(&e, &now));
}

static void
test_racy(void **state)
{
	struct input_stat e = old_entry(), now;

	(void)state;
	/* changed within 2 s before the read: racy, even with the five equal */
	e.ctime = e.seen;
	e.ctime.tv_sec -= 1;
	now = e;
	assert_false(input_stat_vouches(&e, &now));
	e.ctime = e.seen;
	e.ctime.tv_sec -= INPUT_RACY_SECONDS;	/* exactly 2 s: still racy */
	now = e;
	assert_false(input_stat_vouches(&e, &now));
	e.ctime.tv_nsec--;			/* a nanosecond more: not */
	now = e;
	assert_true(input_stat_vouches(&e, &now));
	/* the same of the modification time (a time in the future) */
	e = old_entry();
	e.mtime.tv_sec = e.seen.tv_sec + 100;
	now = e;
	assert_false(input_stat_vouches(&e, &now));
	/* read "after now": the clock was set back since */
	e = old_entry();
	e.seen.tv_sec = time(NULL) + 3600;
	now = e;
	assert_false(input_stat_vouches(&e, &now));
}

/* A stamp's head with these index lines, their sum as the writer's. */
static char *
stamp_text(const char *lines, size_t count, bool good_sum)
{
	char sum[HASH_HEX];

	hash_bytes_hex(lines, strlen(lines), sum);
	if (!good_sum)
		sum[0] = sum[0] == '0' ? '1' : '0';
	return xasprintf("gongshi stamp 5\ndigest %064d\ndocuments 1 1 1 4\n"
	    "inputs %zu %s\n%sfiles 0\npieces 0\nwarnings\n", 0, count, sum,
	    lines);
}

static size_t
parse_of(const char *lines, size_t count, bool good_sum)
{
	char *text = stamp_text(lines, count, good_sum);
	size_t n;

	input_forget();
	n = stamp_index_parse(text, strlen(text));
	free(text);
	return n;
}

#define LINE_A	"2049 5456544 4403 1796174506.221751719 1796174506.221751719 " \
		"1796175119.955813159 d386bee55053651d18fcc27eb2643422 " \
		"content/2025/organizations.csv\n"
#define LINE_B	"2049 5456547 7937 1796174506.222131105 1796174506.222131105 " \
		"1796175119.957191775 27f31b79fc4a4c630845a685662d291b " \
		"content/2025/a name with spaces.csv\n"

static void
test_index_parse(void **state)
{
	(void)state;
	assert_int_equal(parse_of(LINE_A LINE_B, 2, true), 2);
	assert_int_equal(parse_of("", 0, true), 0);
	/* damaged: the sum, the count, a field of one entry: nothing */
	assert_int_equal(parse_of(LINE_A LINE_B, 2, false), 0);
	assert_int_equal(parse_of(LINE_A LINE_B, 3, true), 0);
	assert_int_equal(parse_of(LINE_A "2049 5456547 7937 1796174506.2221311 "
	    "1796174506.222131105 1796175119.957191775 "
	    "27f31b79fc4a4c630845a685662d291b content/2025/decisions.csv\n",
	    2, true), 0);
	assert_int_equal(parse_of(LINE_A "2049 -5456547 7937 "
	    "1796174506.222131105 1796174506.222131105 1796175119.957191775 "
	    "27f31b79fc4a4c630845a685662d291b content/2025/decisions.csv\n",
	    2, true), 0);
	assert_int_equal(parse_of(LINE_A "2049 5456547 7937 "
	    "1796174506.222131105 1796174506.222131105 1796175119.957191775 "
	    "27F31B79FC4A4C630845A685662D291B content/2025/decisions.csv\n",
	    2, true), 0);
	assert_int_equal(parse_of(LINE_A "2049 5456547 7937 "
	    "1796174506.222131105 1796174506.222131105 1796175119.957191775 "
	    "27f31b79fc4a4c630845a685662d291b \n", 2, true), 0);
	assert_int_equal(parse_of(LINE_A "2049 5456547 7937 "
	    "1796174506.222131105 1796174506.222131105 1796175119.957191775 "
	    "27f31b79fc4a4c630845a685662d291\n", 2, true), 0);
	/* a stamp of the last format, or cut short: nothing */
	assert_int_equal(stamp_index_parse("gongshi stamp 4\n", 16), 0);
	assert_int_equal(stamp_index_parse("gongshi stamp 5\ndigest 00",
	    strlen("gongshi stamp 5\ndigest 00")), 0);
}

/*
 * A file just written is racy whatever the index says of it: read, and
 * its own digest taken, not the index's; the same with an entry of
 * another inode, and for the loader (input_indexed), which also never
 * vouches for a folder, a missing file or one outside its root.
 */
static void
test_fresh_file_read(void **state)
{
	struct input_stat id;
	struct stat st;
	struct hash h;
	char *path, *log, *text, want[HASH_HEX], wrong[HASH_HEX];
	size_t len;

	(void)state;
	scratch_puts(root, "c/2025/organizations.csv", "credit_code,name\n");
	path = path_join(root, "c/2025/organizations.csv");
	log = path_join(root, "reads");
	setenv("GONGSHI_TEST_INPUTS", log, 1);
	hash_bytes_hex("credit_code,name\n", 17, want);
	memset(wrong, 'a', HASH_HEX - 1);
	wrong[HASH_HEX - 1] = '\0';
	assert_int_equal(stat(path, &st), 0);
	input_stat_of(&st, &id);
	clock_gettime(CLOCK_REALTIME, &id.seen);
	input_index_put(path, &id, wrong);
	assert_false(input_indexed(root, path, 1, &h));
	assert_string_equal(input_digest(path), want);
	text = file_read(log, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "read "));
	assert_non_null(strstr(text, "c/2025/organizations.csv\n"));
	free(text);

	/* an old entry of another inode: read */
	input_forget();
	id = old_entry();
	input_index_put(path, &id, wrong);
	assert_false(input_indexed(root, path, 1, &h));
	assert_string_equal(input_digest(path), want);
	input_forget();
	input_index_put(root, &id, wrong);	/* a folder */
	assert_false(input_indexed(root, root, 1, &h));
	free(path);
	path = path_join(root, "c/gone.csv");
	input_index_put(path, &id, wrong);
	assert_false(input_indexed(root, path, 1, &h));
	free(path);
	free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vouches),
		cmocka_unit_test(test_racy),
		cmocka_unit_test_setup_teardown(test_index_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fresh_file_read, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
