/*
 * publish, writing as it goes (publish_begin): files reach the fresh
 * folder as they are added and leave memory; an unchanged file is a hard
 * link to the old output's, and replacing a path added twice never writes
 * through that link into the old output; SHA256SUMS of the spooled
 * archive (its digests taken as each file went to disk) is what memory
 * would have given; an aborted build leaves the old output as it was and
 * no folder behind; the folder of a killed build is removed. The outset finds its files by path, also after
 * sorting.
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
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"
#include "publish/checksums.h"
#include "publish/outset.h"
#include "publish/publish.h"
#include "publish/sibling.h"
#include "publish/stamp.h"
#include "scratch.h"

static char root[64];
static char *out;

static int
setup(void **state)
{
	(void)state;
	if (scratch_make(root, sizeof(root), "test_publish") != 0)
		return -1;
	out = path_join(root, "out");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(out);
	return scratch_remove(root);
}

static void
add(struct outset *o, const char *path, const char *text)
{
	struct buf b;

	buf_init(&b);
	buf_puts(&b, text);
	outset_add(o, path, &b);
}

/* The bytes of out/rel, or NULL. */
static char *
slurp(const char *rel)
{
	char *path = path_join(out, rel), *data;

	data = file_read(path, NULL);
	free(path);
	return data;
}

static ino_t
inode(const char *rel)
{
	char *path = path_join(out, rel);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	free(path);
	return st.st_ino;
}

/* out/rel as a stamp lists it (its path is rel's). */
static void
was_listed(const char *rel, struct stamp_file *f)
{
	char *path = path_join(out, rel);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	free(path);
	memset(f, 0, sizeof(*f));
	f->path = (char *)rel;
	f->size = (long long)st.st_size;
	f->ino = (unsigned long long)st.st_ino;
	f->sec = (long long)st.st_mtim.tv_sec;
	f->nsec = (long)st.st_mtim.tv_nsec;
}

/* A first output, published the plain way (all in memory). */
static void
first_output(void)
{
	struct outset o;

	outset_init(&o);
	add(&o, "site/a.html", "same");
	add(&o, "site/b.html", "old b");
	add(&o, "archive/x.odt", "old x");
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);
}

static void
test_spooled_publish(void **state)
{
	struct outset o;
	ino_t a_before, x_before;
	char *s, *fresh;

	(void)state;
	first_output();
	a_before = inode("site/a.html");
	x_before = inode("archive/x.odt");

	outset_init(&o);
	add(&o, "site/a.html", "same");		/* before begin: spooled there */
	assert_int_equal(publish_begin(&o, out), 0);
	assert_null(o.files[0].data);
	fresh = xstrdup(o.spool);
	add(&o, "site/b.html", "new b");
	assert_null(outset_find(&o, "site/b.html")->data);	/* on disk, not in memory */
	add(&o, "archive/x.odt", "old x");		/* unchanged: a link */
	add(&o, "archive/x.odt", "new x");		/* then replaced */
	assert_int_equal(o.n, 3);
	/* The old output is untouched until the swap, link or not. */
	s = slurp("archive/x.odt");
	assert_string_equal(s, "old x");
	free(s);
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);

	s = slurp("site/b.html");
	assert_string_equal(s, "new b");
	free(s);
	s = slurp("archive/x.odt");
	assert_string_equal(s, "new x");
	free(s);
	assert_true(inode("site/a.html") == a_before);	/* linked, not rewritten */
	assert_true(inode("archive/x.odt") != x_before);
	/* the old tree stays beside, as the sibling the next build writes */
	assert_true(dir_exists(fresh));
	assert_non_null(strstr(fresh, "/.out.previous"));
	free(fresh);
}

static void
test_checksums_read_back(void **state)
{
	struct outset mem, disk;
	struct buf a, b;

	(void)state;
	outset_init(&mem);
	outset_init(&disk);
	assert_int_equal(publish_begin(&disk, out), 0);
	add(&mem, "archive/2025/a.odt", "PK\x03\x04 one");
	add(&disk, "archive/2025/a.odt", "PK\x03\x04 one");
	add(&mem, "archive/b.txt", "");
	add(&disk, "archive/b.txt", "");
	/* a path added twice: the digest of its last bytes */
	add(&mem, "archive/c.odt", "second");
	add(&disk, "archive/c.odt", "first");
	add(&disk, "archive/c.odt", "second");
	/* taken as the file went to disk, not read back from it */
	assert_non_null(outset_find(&disk, "archive/2025/a.odt")->sha256);
	buf_init(&a);
	buf_init(&b);
	assert_true(checksums_sha256sums(&mem, "archive/", &a));
	assert_true(checksums_sha256sums(&disk, "archive/", &b));
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	assert_non_null(strstr(buf_cstr(&b), "  2025/a.odt\n"));
	buf_free(&a);
	buf_free(&b);
	publish_abort(&disk);
	outset_free(&mem);
	outset_free(&disk);
}

static void
test_abort(void **state)
{
	struct outset o;
	char *fresh, *s;

	(void)state;
	first_output();
	outset_init(&o);
	assert_int_equal(publish_begin(&o, out), 0);
	fresh = xstrdup(o.spool);
	add(&o, "site/b.html", "half-built");
	assert_true(dir_exists(fresh));
	publish_abort(&o);
	outset_free(&o);
	assert_false(dir_exists(fresh));
	s = slurp("site/b.html");
	assert_string_equal(s, "old b");
	free(s);
	free(fresh);
}

static void
test_stale_folder(void **state)
{
	struct outset o;
	char *stale, *live;
	pid_t dead;

	(void)state;
	/* A pid that is gone: a child that exited and was waited for. */
	if ((dead = fork()) == 0)
		_exit(0);
	assert_true(dead > 0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	stale = xasprintf("%s/.out.new.%ld", root, (long)dead);
	live = xasprintf("%s/.out.new.%ld", root, (long)getppid());
	assert_int_equal(mkdir(stale, 0755), 0);
	assert_int_equal(mkdir(live, 0755), 0);
	outset_init(&o);
	add(&o, "site/a.html", "a");
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);
	assert_false(dir_exists(stale));
	assert_true(dir_exists(live));		/* another build still running */
	free(stale);
	free(live);
}

static void
test_find_after_sort(void **state)
{
	static const char *const paths[] = { "site/c", "archive/b", "site/a",
	    "archive/a" };
	struct outset o;
	size_t i;

	(void)state;
	outset_init(&o);
	for (i = 0; i < 4; i++)
		add(&o, paths[i], paths[i]);
	add(&o, "site/a", "again");
	assert_int_equal(o.n, 4);
	outset_sort(&o);
	assert_string_equal(o.files[0].path, "archive/a");
	for (i = 0; i < 4; i++)
		assert_string_equal(outset_find(&o, paths[i])->path, paths[i]);
	assert_string_equal(outset_find(&o, "site/a")->data, "again");
	assert_null(outset_find(&o, "site/d"));
	outset_free(&o);
}

/*
 * A twin (outset_add_twin) is a hard link to the file it has the bytes
 * of, whether the files went to disk as they came (publish_begin) or all
 * at publish (twins placed last); with links made impossible, a copy of
 * the same bytes.
 */
static void
twins(bool spooled, bool linkable)
{
	struct outset o;
	char *s;

	if (!linkable)
		setenv("GONGSHI_TEST_NO_TWIN_LINKS", "1", 1);
	outset_init(&o);
	if (spooled)
		assert_int_equal(publish_begin(&o, out), 0);
	add(&o, "archive/2025/x.odt", "PK x");
	outset_add_twin(&o, "site/2025/x.odt", "archive/2025/x.odt");
	if (!spooled)
		outset_sort(&o);	/* "archive/" before "site/", as in the build */
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);
	unsetenv("GONGSHI_TEST_NO_TWIN_LINKS");
	assert_non_null(s = slurp("site/2025/x.odt"));
	assert_string_equal(s, "PK x");
	free(s);
	if (linkable)
		assert_true(inode("site/2025/x.odt") ==
		    inode("archive/2025/x.odt"));
	else
		assert_true(inode("site/2025/x.odt") !=
		    inode("archive/2025/x.odt"));
}

static void
test_twins_spooled(void **state)
{
	(void)state;
	twins(true, true);
}

static void
test_twins_in_memory(void **state)
{
	(void)state;
	twins(false, true);
}

static void
test_twins_copied(void **state)
{
	(void)state;
	twins(true, false);
	twins(false, false);
}

/*
 * --site and --archive: each destination gets its own files (without the
 * prefix), written as they come, unchanged ones linked from its own old
 * tree, and SHA256SUMS reads the archive back from its own staging folder;
 * an abort leaves both destinations as they were.
 */
static void
test_split_publish(void **state)
{
	char *site = path_join(root, "www"), *arc = path_join(root, "private/arc");
	char *p, *s, *sums;
	struct outset o;
	struct stat st;
	struct buf b;
	ino_t a_before;

	(void)state;
	outset_init(&o);
	assert_int_equal(publish_split_begin(&o, site, arc), 0);
	add(&o, "site/a.html", "same");
	add(&o, "archive/x.odt", "x");
	buf_init(&b);
	assert_true(checksums_sha256sums(&o, "archive/", &b));
	/* archive paths as the archivist's sha256sum -c sees them */
	assert_non_null(strstr(buf_cstr(&b), "  x.odt\n"));
	outset_add(&o, "archive/SHA256SUMS", &b);
	assert_int_equal(publish_outset(&o, NULL), 0);
	outset_free(&o);
	p = path_join(site, "a.html");
	assert_int_equal(stat(p, &st), 0);
	a_before = st.st_ino;
	sums = path_join(arc, "SHA256SUMS");
	assert_true(file_exists(sums));
	s = path_join(site, "x.odt");
	assert_false(file_exists(s));		/* nothing of the archive in the site */
	free(s);
	s = path_join(arc, "a.html");
	assert_false(file_exists(s));
	free(s);

	/* a second build: unchanged files linked; an abort changes nothing */
	outset_init(&o);
	assert_int_equal(publish_split_begin(&o, site, arc), 0);
	add(&o, "site/a.html", "same");
	add(&o, "archive/x.odt", "x2");
	assert_int_equal(publish_outset(&o, NULL), 0);
	outset_free(&o);
	assert_int_equal(stat(p, &st), 0);
	assert_true(st.st_ino == a_before);
	s = path_join(arc, "x.odt");
	free(p);
	p = s;
	s = file_read(p, NULL);
	assert_string_equal(s, "x2");
	free(s);
	free(p);
	p = path_join(site, "a.html");
	outset_init(&o);
	assert_int_equal(publish_split_begin(&o, site, arc), 0);
	add(&o, "site/a.html", "changed");
	publish_abort(&o);
	outset_free(&o);
	s = file_read(p, NULL);
	assert_string_equal(s, "same");
	free(s);
	free(p);
	free(sums);
	free(site);
	free(arc);
}

/*
 * A reused file (outset_add_reused) is the old output's, linked, never
 * read; SHA256SUMS gives the checksum it was given for it; a twin of it
 * links to it too.
 */
static void
test_reused(void **state)
{
	struct outset o;
	struct buf sums;
	struct stamp_file was;
	char *s, sum[65];
	ino_t x_before;

	(void)state;
	first_output();
	x_before = inode("archive/x.odt");
	memset(sum, 'c', 64);
	sum[64] = '\0';
	outset_init(&o);
	assert_int_equal(publish_begin(&o, out), 0);
	was_listed("archive/x.odt", &was);
	outset_add_reused(&o, "archive/x.odt", &was, sum);
	outset_add_twin(&o, "site/x.odt", "archive/x.odt");
	add(&o, "site/b.html", "new b");
	buf_init(&sums);
	assert_true(checksums_sha256sums(&o, "archive/", &sums));
	s = xasprintf("%s  x.odt\n", sum);
	assert_string_equal(buf_cstr(&sums), s);
	free(s);
	buf_free(&sums);
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);
	assert_true(inode("archive/x.odt") == x_before);
	assert_true(inode("site/x.odt") == x_before);
	s = slurp("archive/x.odt");
	assert_string_equal(s, "old x");
	free(s);
	assert_null(slurp("site/a.html"));	/* not added: gone */
}

/*
 * One build as gongshi makes it: the files of texts ("path=bytes", NULL
 * at the end) written as they come, the stamp listing them put in before
 * the swap (publish_finish).
 */
static void
publish_stamped(const char *const *texts)
{
	struct outset o;
	struct stamp s;
	const char *eq;
	char *path;

	outset_init(&o);
	assert_int_equal(publish_begin(&o, out), 0);
	for (; *texts != NULL; texts++) {
		eq = strchr(*texts, '=');
		path = xstrndup(*texts, (size_t)(eq - *texts));
		add(&o, path, eq + 1);
		free(path);
	}
	assert_int_equal(publish_finish(&o), 0);
	memset(&s, 0, sizeof(s));
	memset(s.digest, '0', 64);
	s.list = outset_listing(&o, &s.n_list);
	assert_non_null(s.list);
	assert_true(stamp_write(o.spool, &s));
	free(s.list);
	assert_int_equal(publish_outset(&o, out), 0);
	outset_free(&o);
}

/* Whether the sibling beside out is as recorded. */
static bool
sibling_trusted(void)
{
	char *dir = path_join(root, ".out.previous");
	struct sibling sib;
	bool ok;

	sibling_init(&sib);
	sibling_load(&sib, dir);
	ok = sib.trusted;
	sibling_free(&sib);
	free(dir);
	return ok;
}

/* The bytes of the sibling's rel, or NULL. */
static char *
sibling_slurp(const char *rel)
{
	char *path = xasprintf("%s/.out.previous/%s", root, rel), *data;

	data = file_read(path, NULL);
	free(path);
	return data;
}

static const char *const gen1[] = { "site/a.html=a", "site/b.html=b1",
    "site/2023/c.html=c", "archive/x.odt=x", NULL };
static const char *const gen2[] = { "site/a.html=a", "site/b.html=b2",
    "site/2023/c.html=c", "archive/x.odt=x", NULL };
static const char *const gen3[] = { "site/a.html=a", "site/b.html=b3",
    "site/2025/d.html=d", "archive/x.odt=x", NULL };

/*
 * The old output stays beside as the sibling, and the next build is
 * written into it: what stayed the same over the builds is the same file
 * in both trees, a file gone from the build goes, an emptied folder
 * too; the sibling after each build is as recorded.
 */
static void
test_sibling_updated(void **state)
{
	ino_t a_before;
	char *s;

	(void)state;
	publish_stamped(gen1);
	publish_stamped(gen2);	/* the first output is the sibling now */
	assert_true(sibling_trusted());
	a_before = inode("site/a.html");
	publish_stamped(gen3);	/* written into the first output's tree */
	assert_true(sibling_trusted());
	assert_true(inode("site/a.html") == a_before);
	s = slurp("site/b.html");
	assert_string_equal(s, "b3");
	free(s);
	assert_null(slurp("site/2023/c.html"));
	s = slurp("site/2025/d.html");
	assert_string_equal(s, "d");
	free(s);
	s = sibling_slurp("site/b.html");	/* the second build's */
	assert_string_equal(s, "b2");
	free(s);
	s = path_join(out, "site/2023");
	assert_false(dir_exists(s));
	free(s);
	publish_stamped(gen1);	/* back: the same bytes again */
	s = slurp("site/2023/c.html");
	assert_string_equal(s, "c");
	free(s);
	assert_null(slurp("site/2025/d.html"));
}

/*
 * A sibling not as recorded (a file added, removed or replaced in it, its
 * stamp gone as a killed build leaves it) is made afresh: the output is
 * what the build says, nothing of the tampering in it.
 */
static void
tamper(const char *cmd)
{
	char *line = xasprintf("cd '%s/.out.previous' && %s", root, cmd);
	char *s;

	publish_stamped(gen1);
	publish_stamped(gen2);
	assert_true(sibling_trusted());
	assert_int_equal(system(line), 0);
	free(line);
	assert_false(sibling_trusted());
	publish_stamped(gen3);
	assert_true(sibling_trusted());
	s = slurp("site/b.html");
	assert_string_equal(s, "b3");
	free(s);
	assert_null(slurp("site/evil.html"));
	assert_null(slurp("site/2023/c.html"));
	s = slurp("site/a.html");
	assert_string_equal(s, "a");
	free(s);
}

static void
test_sibling_added(void **state)
{
	(void)state;
	tamper("echo evil >site/evil.html");
}

static void
test_sibling_removed(void **state)
{
	(void)state;
	tamper("rm site/a.html");
}

static void
test_sibling_replaced(void **state)
{
	(void)state;
	tamper("echo z >a.tmp && mv a.tmp site/a.html");
}

static void
test_sibling_unstamped(void **state)
{
	(void)state;
	tamper("rm .gongshi-inputs");
}

/*
 * A file of the sibling's own (not the output's) edited in place: the
 * sibling still looks as recorded, and the build replaces the file anyway.
 */
static void
test_sibling_edited(void **state)
{
	char *s, *cmd;

	(void)state;
	publish_stamped(gen1);
	publish_stamped(gen2);
	cmd = xasprintf("printf edited >>'%s/.out.previous/site/b.html'",
	    root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_true(sibling_trusted());
	publish_stamped(gen1);
	s = slurp("site/b.html");
	assert_string_equal(s, "b1");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spooled_publish, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_checksums_read_back, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_split_publish, setup,
		    teardown),
		cmocka_unit_test(test_find_after_sort),
		cmocka_unit_test_setup_teardown(test_twins_spooled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twins_in_memory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twins_copied, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sibling_updated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sibling_added, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sibling_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sibling_replaced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sibling_unstamped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sibling_edited, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
