/*
 * stamp: the digest of a build's inputs changes with any byte, file or
 * folder of the content and templates, and with SOURCE_DATE_EPOCH, but
 * not with where the folders are or with dot files; a written stamp
 * matches only its own digest over a whole, untouched output (a file
 * removed, added, resized or touched breaks the match), and gives back
 * the counts and warnings it recorded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/input.h"
#include "base/strmap.h"
#include "base/util.h"
#include "publish/stamp.h"
#include "scratch.h"

/* --- a scratch folder -------------------------------------------------------- */

static char root[64];

static char *
at(const char *rel)
{
	return path_join(root, rel);
}

/* Writes rel (under root), creating its folders. */
static void
put(const char *rel, const char *text)
{
	scratch_puts(root, rel, text);
}

static void
rm(const char *rel)
{
	char *path = at(rel);

	assert_int_equal(unlink(path), 0);
	free(path);
}

static int
setup(void **state)
{
	(void)state;
	if (scratch_make(root, sizeof(root), "test_stamp") != 0)
		return -1;
	put("c/site.yaml", "title: x\n");
	put("c/calendar/2025.yaml", "year: 2025\n");
	put("c/2025/organizations.csv", "credit_code,name\n");
	put("t/notices/call.md", "---\ntitle: t\n---\nbody\n");
	put("t/assets/style.css", "body{}\n");
	unsetenv("SOURCE_DATE_EPOCH");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove(root);
}

static void
digest(char hex[static 65])
{
	char *c = at("c"), *t = at("t");

	assert_true(stamp_digest(c, t, hex));
	assert_int_equal(strlen(hex), 64);
	free(c);
	free(t);
}

/* --- the digest ---------------------------------------------------------------- */

static void
test_digest_inputs(void **state)
{
	char a[65], b[65];

	(void)state;
	digest(a);
	digest(b);
	assert_string_equal(a, b);

	put("c/2025/organizations.csv", "credit_code,namE\n");	/* one byte */
	digest(b);
	assert_string_not_equal(a, b);
	put("c/2025/organizations.csv", "credit_code,name\n");
	digest(b);
	assert_string_equal(a, b);

	put("t/assets/style.css", "body{ }\n");			/* a template */
	digest(b);
	assert_string_not_equal(a, b);
	put("t/assets/style.css", "body{}\n");

	put("c/2025/objections.csv", "");			/* a new, empty file */
	digest(b);
	assert_string_not_equal(a, b);
	rm("c/2025/objections.csv");

	put("c/2027/.keep", "");				/* a new folder */
	digest(b);
	assert_string_not_equal(a, b);
	rm("c/2027/.keep");
	{
		char *d = at("c/2027");
		assert_int_equal(rmdir(d), 0);
		free(d);
	}

	/* Moving bytes from one file to another is a change. */
	put("c/site.yaml", "title: xyear: 2025\n");
	put("c/calendar/2025.yaml", "");
	digest(b);
	assert_string_not_equal(a, b);
	put("c/site.yaml", "title: x\n");
	put("c/calendar/2025.yaml", "year: 2025\n");

	digest(b);
	assert_string_equal(a, b);
}

static void
test_digest_ignores(void **state)
{
	char a[65], b[65], *c2, *t, *cmd;

	(void)state;
	digest(a);
	/* What the loader never reads: files and folders named .something. */
	put("c/.git/HEAD", "ref: x\n");
	put("c/2025/.organizations.csv.swp", "junk");
	digest(b);
	assert_string_equal(a, b);

	/* Where the content is does not matter, only what it holds. */
	c2 = at("copy");
	t = at("t");
	cmd = xasprintf("cp -R '%s/c' '%s'", root, c2);
	assert_int_equal(system(cmd), 0);
	assert_true(stamp_digest(c2, t, b));
	assert_string_equal(a, b);
	free(cmd);
	free(c2);
	free(t);
}

static void
test_digest_environment(void **state)
{
	char a[65], b[65], *c, *t;

	(void)state;
	digest(a);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	digest(b);
	assert_string_not_equal(a, b);
	setenv("SOURCE_DATE_EPOCH", "1700000001", 1);
	digest(a);
	assert_string_not_equal(a, b);
	unsetenv("SOURCE_DATE_EPOCH");

	/* A folder that cannot be read gives no digest (a full build). */
	c = at("c");
	t = at("no-such-templates");
	assert_false(stamp_digest(c, t, a));
	assert_string_equal(a, "");
	free(c);
	free(t);
}

/* --- writing and checking -------------------------------------------------------- */

static void
publish_sample(void)
{
	put("out/site/index.html", "<!DOCTYPE html>\n");
	put("out/site/2025/call.md", "# call\n");
	put("out/archive/2025/call.odt", "PK");
	put("out/archive/SHA256SUMS", "x  2025/call.odt\n");
}

static struct stamp
sample_stamp(const char *digest_hex, const char *warnings)
{
	struct stamp s;

	memset(&s, 0, sizeof(s));
	snprintf(s.digest, sizeof(s.digest), "%s", digest_hex);
	s.html = 1;
	s.markdown = 1;
	s.odt = 1;
	s.files = 4;
	s.warnings = (char *)warnings;
	return s;
}

static void
test_write_check(void **state)
{
	char d[65], other[65], *out;
	struct stamp s, got;

	(void)state;
	digest(d);
	memset(other, 'a', 64);
	other[64] = '\0';
	publish_sample();
	out = at("out");
	assert_false(stamp_check(out, d, &got));	/* no stamp yet */

	s = sample_stamp(d, "2025/decisions.csv:7: warning: late\n");
	assert_true(stamp_write(out, &s));
	assert_true(stamp_check(out, d, &got));
	assert_int_equal(got.html, 1);
	assert_int_equal(got.markdown, 1);
	assert_int_equal(got.odt, 1);
	assert_int_equal(got.files, 4);
	assert_string_equal(got.digest, d);
	assert_string_equal(got.warnings, "2025/decisions.csv:7: warning: late\n");
	stamp_free(&got);
	/* Checking writes nothing: it matches again. */
	assert_true(stamp_check(out, d, &got));
	stamp_free(&got);

	/* Other inputs: no match. */
	assert_false(stamp_check(out, other, &got));
	stamp_free(&got);

	/* No warnings: none given back. */
	s = sample_stamp(d, NULL);
	assert_true(stamp_write(out, &s));
	assert_true(stamp_check(out, d, &got));
	assert_null(got.warnings);
	stamp_free(&got);
	free(out);
}

/* Each way an output can stop being what the stamp listed. */
static void
test_output_not_whole(void **state)
{
	char d[65], *out, *path;
	struct stamp s, got;
	struct timespec ts[2];

	(void)state;
	digest(d);
	out = at("out");
	s = sample_stamp(d, NULL);

	publish_sample();
	assert_true(stamp_write(out, &s));
	rm("out/site/2025/call.md");			/* a file removed */
	assert_false(stamp_check(out, d, &got));

	publish_sample();
	assert_true(stamp_write(out, &s));
	put("out/site/extra.html", "x");		/* a file added */
	assert_false(stamp_check(out, d, &got));
	rm("out/site/extra.html");

	publish_sample();
	assert_true(stamp_write(out, &s));
	put("out/site/index.html", "<!DOCTYPE html>\n<p>edited</p>\n");
	assert_false(stamp_check(out, d, &got));	/* resized */

	publish_sample();
	assert_true(stamp_write(out, &s));
	path = at("out/archive/2025/call.odt");		/* same size, touched */
	ts[0].tv_sec = ts[1].tv_sec = 1000000000;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	assert_false(stamp_check(out, d, &got));
	free(path);

	/* A damaged stamp is no match, never a crash. */
	publish_sample();
	assert_true(stamp_write(out, &s));
	put("out/" STAMP_FILE, "gongshi stamp 1\ndigest zz\n");
	assert_false(stamp_check(out, d, &got));
	put("out/" STAMP_FILE, "");
	assert_false(stamp_check(out, d, &got));
	free(out);
}

/* Reads c/rel as the loader does, recording the bytes it got. */
static void
load(const char *rel)
{
	char *c = at("c"), *path = at(rel), *data;
	struct diag d;
	size_t len;

	diag_init(&d);
	data = input_read(c, path, rel, &len, &d);
	assert_non_null(data);
	assert_int_equal(d.n, 0);
	free(data);
	diag_free(&d);
	free(path);
	free(c);
}

/*
 * The stamp describes the bytes the build loaded: an edit after they were
 * loaded is seen by the next build; an edit before, and no other, is what
 * was rendered, so the next build matches it.
 */
static void
test_loaded_bytes(void **state)
{
	char d[65], now[65], *out;
	struct stamp s, got;

	(void)state;
	input_forget();
	out = at("out");
	publish_sample();

	digest(d);
	load("c/site.yaml");
	put("c/site.yaml", "title: edited during the build\n");
	s = sample_stamp(d, NULL);
	assert_true(stamp_write(out, &s));
	digest(now);
	assert_false(stamp_check(out, now, &got));

	input_forget();
	digest(d);
	put("c/site.yaml", "title: edited before it was read\n");
	load("c/site.yaml");
	s = sample_stamp(d, NULL);
	assert_true(stamp_write(out, &s));
	digest(now);
	assert_true(stamp_check(out, now, &got));
	stamp_free(&got);

	/* A file read twice with different bytes: no stamp at all. */
	input_forget();
	digest(d);
	load("c/site.yaml");
	put("c/site.yaml", "title: x\n");
	load("c/site.yaml");
	s = sample_stamp(d, NULL);
	assert_true(stamp_write(out, &s));
	digest(now);
	assert_false(stamp_check(out, now, &got));
	input_forget();
	free(out);
}


/* Sets rel's modification time to t (seconds since the epoch). */
static void
touch_at(const char *rel, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	char *path = at(rel);

	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(path);
}

/*
 * The listing tells the latest time of what it listed, folders, files and
 * the two folders themselves, and names starting with '.' left out as
 * the digest leaves them: what says a build is likely to change.
 */
static void
test_listed_newer(void **state)
{
	const char *const all[] = { "c", "c/site.yaml", "c/calendar",
	    "c/calendar/2025.yaml", "c/2025", "c/2025/organizations.csv", "t",
	    "t/notices", "t/notices/call.md", "t/assets", "t/assets/style.css",
	    NULL };
	struct timespec t = { 2000000000, 0 };	/* 2033 */
	char *c = at("c"), *tp = at("t");
	size_t i;

	(void)state;
	for (i = 0; all[i] != NULL; i++)
		touch_at(all[i], 1000000000);	/* 2001 */
	assert_true(stamp_list(c, tp));
	assert_false(stamp_listed_newer(&t));
	put("c/.hidden", "x");
	touch_at("c/.hidden", 2100000000);
	touch_at("c", 1000000000);
	assert_true(stamp_list(c, tp));
	assert_false(stamp_listed_newer(&t));
	for (i = 0; all[i] != NULL; i++) {
		touch_at(all[i], 2100000000);
		assert_true(stamp_list(c, tp));
		assert_true(stamp_listed_newer(&t));
		touch_at(all[i], 1000000000);
	}
	free(c);
	free(tp);
}

/*
 * The digest in two steps (a build that loads meanwhile): the walk reads
 * no file; the digest then takes each loaded file's digest from what was
 * loaded, without reading it again (an edit on disk after the load is not
 * seen), and reads each file no one loaded once, there; what it gives is
 * what stamp_digest() gives for the same bytes.
 */
static void
test_listed_digest(void **state)
{
	char whole[65], listed[65], edited[65], *c = at("c"), *t = at("t");

	(void)state;
	input_forget();
	digest(whole);
	input_forget();
	assert_true(stamp_list(c, t));
	put("c/site.yaml", "title: y\n");	/* after the walk: counts */
	digest(edited);
	input_forget();
	assert_true(stamp_list(c, t));
	put("c/site.yaml", "title: y\n");
	assert_true(stamp_listed_digest(listed));
	assert_string_equal(listed, edited);

	put("c/site.yaml", "title: x\n");
	input_forget();
	assert_true(stamp_list(c, t));
	load("c/site.yaml");
	load("c/2025/organizations.csv");
	put("c/site.yaml", "title: edited after the load\n");
	assert_true(stamp_listed_digest(listed));
	assert_string_equal(listed, whole);
	/* templates, never loaded here, were hashed once, at the digest */
	put("t/assets/style.css", "body{ }\n");
	assert_true(stamp_listed_digest(listed));
	assert_string_equal(listed, whole);
	input_forget();
	free(c);
	free(t);
}

/*
 * The listing keeps what each file was rendered from; a file is intact
 * while its size, time and inode are as listed (a copy put in its place
 * with the same size and time is not).
 */
static void
test_rendered_listing(void **state)
{
	char d[65], *out, *path, *tmp;
	struct stamp s, got;
	struct strmap rendered;
	struct timespec ts[2];
	struct stat st;
	const struct stamp_file *call = NULL, *sums = NULL;
	size_t i;

	(void)state;
	digest(d);
	out = at("out");
	publish_sample();
	strmap_init(&rendered);
	(void)strmap_put(&rendered, "archive/2025/call.odt",
	    "0123456789abcdef0123456789abcdef");
	s = sample_stamp(d, NULL);
	s.rendered = &rendered;
	assert_true(stamp_write(out, &s));
	assert_true(stamp_load(out, &got));
	assert_int_equal(got.n_list, 4);
	for (i = 0; i < got.n_list; i++) {
		if (strcmp(got.list[i].path, "archive/2025/call.odt") == 0)
			call = &got.list[i];
		if (strcmp(got.list[i].path, "archive/SHA256SUMS") == 0)
			sums = &got.list[i];
	}
	assert_non_null(call);
	assert_non_null(sums);
	assert_string_equal(call->rendered, "0123456789abcdef0123456789abcdef");
	assert_string_equal(sums->rendered, "");
	assert_int_equal(call->size, 2);
	assert_true(stamp_file_intact(out, call));
	assert_true(stamp_file_intact(out, sums));

	/* Replaced by a file of the same size and time: not intact. */
	path = at("out/archive/2025/call.odt");
	tmp = at("out/archive/2025/call.odt.new");
	assert_int_equal(stat(path, &st), 0);
	put("out/archive/2025/call.odt.new", "PK");
	ts[0] = st.st_atim;
	ts[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, tmp, ts, 0), 0);
	assert_int_equal(rename(tmp, path), 0);
	assert_false(stamp_file_intact(out, call));
	free(tmp);
	free(path);
	stamp_free(&got);

	/* Loading ignores the digest; checking does not. */
	memset(d, 'b', 64);
	assert_true(stamp_load(out, &got));
	stamp_free(&got);
	assert_false(stamp_check(out, d, &got));
	strmap_free(&rendered);
	free(out);
}

/*
 * The pieces of a package's content.xml are kept for the files listed,
 * read back as written; a file not in the output is left out; a stamp of
 * the last format (no pieces), or with a damaged piece, is no stamp.
 */
static void
test_pieces_listing(void **state)
{
	char d[65], *out, *text, *p;
	struct stamp s, got;
	struct stamp_pieces call = { "archive/2025/call.odt", NULL, 2 };
	struct stamp_pieces gone = { "archive/2025/gone.odt", NULL, 1 };
	struct dkept v[2];
	struct strmap kept;
	size_t len, i;

	(void)state;
	digest(d);
	out = at("out");
	publish_sample();
	memset(v, 0, sizeof(v));
	memset(v[0].key.b, 0xa5, sizeof(v[0].key.b));
	memset(v[0].sum.b, 0x01, sizeof(v[0].sum.b));
	memset(v[0].tail.b, 0x3c, sizeof(v[0].tail.b));
	v[0].off = 118;
	v[0].len = 22270;
	v[0].raw_len = 577029;
	v[0].crc = 0x2b4010efu;
	v[1] = v[0];
	v[1].key.b[15] = 0;
	v[1].off = 118 + 22270;
	v[1].crc = 0x0000000fu;
	call.v = gone.v = v;
	strmap_init(&kept);
	(void)strmap_put(&kept, call.path, &call);
	(void)strmap_put(&kept, gone.path, &gone);
	s = sample_stamp(d, NULL);
	s.kept = &kept;
	assert_true(stamp_write(out, &s));
	assert_true(stamp_load(out, &got));
	assert_int_equal(got.n_pieces, 1);
	assert_string_equal(got.pieces[0].path, call.path);
	assert_int_equal(got.pieces[0].n, 2);
	for (i = 0; i < 2; i++) {
		assert_true(hash_equal(&got.pieces[0].v[i].key, &v[i].key));
		assert_true(hash_equal(&got.pieces[0].v[i].sum, &v[i].sum));
		assert_true(hash_equal(&got.pieces[0].v[i].tail, &v[i].tail));
		assert_int_equal(got.pieces[0].v[i].off, v[i].off);
		assert_int_equal(got.pieces[0].v[i].len, v[i].len);
		assert_int_equal(got.pieces[0].v[i].raw_len, v[i].raw_len);
		assert_int_equal(got.pieces[0].v[i].crc, v[i].crc);
	}
	stamp_free(&got);

	/* the stamp of the last format: no stamp (everything is rendered) */
	p = at("out/" STAMP_FILE);
	text = file_read(p, &len);
	assert_non_null(text);
	text[strlen("gongshi stamp ")] = '4';
	put("out/" STAMP_FILE, text);
	assert_false(stamp_load(out, &got));
	/* a piece's CRC not hex: no stamp */
	text[strlen("gongshi stamp ")] = '5';
	put("out/" STAMP_FILE, text);
	assert_true(stamp_load(out, &got));
	stamp_free(&got);
	memcpy(strstr(text, "2b4010ef"), "zz", 2);
	put("out/" STAMP_FILE, text);
	assert_false(stamp_load(out, &got));
	free(text);
	free(p);
	strmap_free(&kept);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_digest_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_ignores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_environment, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_write_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loaded_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed_newer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_listed_digest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_output_not_whole, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rendered_listing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pieces_listing, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
