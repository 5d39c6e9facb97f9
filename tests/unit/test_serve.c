/*
 * The parts of gongshi serve that need no server (src/serve/): the reload
 * script slipped into a page (before the last </body>, whatever its case,
 * or at the end of a page without one; the page's bytes otherwise kept),
 * the page of a failed build (its messages escaped), and the folder
 * watch (a change in a subfolder is seen, an editor's swap file is not,
 * a new folder is said so). The server itself is tested end to end by
 * tests/e2e/t_95_serve.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/util.h"
#include "publish/publish.h"
#include "serve/page.h"
#include "serve/watch.h"
#include "scratch.h"

static void
test_inject_before_last_body(void **state)
{
	const char page[] = "<p>a</p></body>\n<!-- </BODY> -->\n</html>\n";
	const char *script;
	struct buf b;

	(void)state;
	buf_init(&b);
	page_inject(&b, page, strlen(page), 7);
	script = strstr(buf_cstr(&b), "<script>");
	assert_non_null(script);
	/* the last one, in capitals, is where it goes */
	assert_ptr_equal(strstr(buf_cstr(&b), "</BODY>"),
	    strstr(script, "</script>\n") + strlen("</script>\n"));
	assert_non_null(strstr(script, "var seen = \"7\""));
	assert_non_null(strstr(script, PAGE_WAIT_PATH "?since="));
	assert_int_equal(strncmp(buf_cstr(&b), "<p>a</p></body>\n<!-- ", 21), 0);
	assert_true(str_has_suffix(buf_cstr(&b), "</BODY> -->\n</html>\n"));
	buf_free(&b);
}

static void
test_inject_without_body(void **state)
{
	const char page[] = "<p>no end";
	struct buf b;

	(void)state;
	buf_init(&b);
	page_inject(&b, page, strlen(page), 0);
	assert_int_equal(strncmp(buf_cstr(&b), page, strlen(page)), 0);
	assert_true(str_has_suffix(buf_cstr(&b), "</script>\n"));
	buf_free(&b);
}

static void
test_build_failed_escapes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	page_build_failed(&b, "2025/organizations.csv:3: error: name "
	    "<script>alert(1)</script> & co\n", 3);
	assert_non_null(strstr(buf_cstr(&b),
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
	assert_null(strstr(buf_cstr(&b), "<script>alert"));
	assert_non_null(strstr(buf_cstr(&b), "<!DOCTYPE html>"));
	assert_non_null(strstr(buf_cstr(&b), "var seen = \"3\""));
	buf_free(&b);
}

static void
test_watch(void **state)
{
	char dir[64], *sub, *fresh;
	bool new_folder = false;
	int fd;

	(void)state;
	assert_int_equal(scratch_make(dir, sizeof(dir), "gongshi-test-watch"), 0);
	sub = path_join(dir, "2025");
	fresh = path_join(dir, "2027");
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_true((fd = watch_open()) >= 0);
	assert_int_equal(watch_tree(fd, dir), 0);
	assert_false(watch_read(fd, &new_folder));	/* nothing yet */

	scratch_puts(sub, "decisions.csv", "credit_code\n");
	assert_true(watch_read(fd, &new_folder));
	assert_false(new_folder);

	scratch_puts(sub, ".decisions.csv.swp", "x");
	scratch_puts(sub, "decisions.csv~", "x");
	assert_false(watch_read(fd, &new_folder));

	assert_int_equal(mkdir(fresh, 0755), 0);
	assert_true(watch_read(fd, &new_folder));
	assert_true(new_folder);
	assert_int_equal(watch_tree(fd, dir), 0);
	scratch_puts(fresh, "cycle.yaml", "year: 2027\n");
	new_folder = false;
	assert_true(watch_read(fd, &new_folder));
	assert_false(new_folder);

	assert_int_equal(watch_tree(fd, "/nonexistent/gongshi"), -1);
	close(fd);
	assert_int_equal(scratch_remove(dir), 0);
	free(sub);
	free(fresh);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inject_before_last_body),
		cmocka_unit_test(test_inject_without_body),
		cmocka_unit_test(test_build_failed_escapes),
		cmocka_unit_test(test_watch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
