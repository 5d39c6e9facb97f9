/*
 * The loaders against hostile input (issue 10): the one safe reader
 * (base/input.h: regular files only, no blocking on a FIFO, no link out
 * of its folder, a size limit), the characters a document may hold
 * (base/utf8.h, load/text.h), the YAML loader's depth limit and escapes,
 * linear duplicate checks in YAML maps, wide CSV headers, templates' XML
 * without DTDs (format/xmlread.h), and reserved and hidden notice names.
 * Run from the tests/ directory (the sample is ../content).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/input.h"
#include "base/utf8.h"
#include "base/util.h"
#include "compose/mustache.h"
#include "format/xmlread.h"
#include "load/content.h"
#include "load/csv.h"
#include "load/text.h"
#include "load/yaml.h"
#include "model.h"
#include "scratch.h"

static char root[64];

static char *
at(const char *rel)
{
	return path_join(root, rel);
}

static void
put(const char *rel, const char *data, size_t len)
{
	scratch_put(root, rel, data, len);
}

static int
setup(void **state)
{
	char *dir;

	(void)state;
	if (scratch_make(root, sizeof(root), "test_hostile") != 0)
		return -1;
	dir = at("in");
	if (mkdir(dir, 0755) != 0)
		return -1;
	free(dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	input_forget();
	return scratch_remove(root);
}

/* Reads in/rel through input_read with the folder in/ as its root. */
static char *
read_in(const char *rel, size_t *len, struct diag *d)
{
	char *dir = at("in"), *path = path_join(dir, rel), *data;

	data = input_read(dir, path, rel, len, d);
	free(path);
	free(dir);
	return data;
}

/* ---- the safe reader ------------------------------------------------------ */

static void
test_input_regular(void **state)
{
	struct diag d;
	size_t len;
	char *data, *path;

	(void)state;
	diag_init(&d);
	put("in/a.csv", "x,y\n", 4);
	data = read_in("a.csv", &len, &d);
	assert_non_null(data);
	assert_int_equal(len, 4);
	assert_string_equal(data, "x,y\n");
	free(data);
	path = at("in/a.csv");
	assert_non_null(input_loaded_digest(path));
	assert_int_equal(strlen(input_loaded_digest(path)), HASH_HEX - 1);
	free(path);

	/* Missing: nothing said, errno ENOENT, for the caller to explain. */
	assert_null(read_in("none.csv", &len, &d));
	assert_int_equal(errno, ENOENT);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static void
test_input_not_regular(void **state)
{
	struct diag d;
	size_t len;
	char *path;
	time_t t0 = time(NULL);

	(void)state;
	diag_init(&d);
	path = at("in/fifo.csv");
	assert_int_equal(mkfifo(path, 0644), 0);
	free(path);
	assert_null(read_in("fifo.csv", &len, &d));	/* and it did not block */
	assert_true(time(NULL) - t0 < 5);
	assert_true(diag_has(&d, "fifo.csv", 0, "named pipe (FIFO)"));
	path = at("in/folder.csv");
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	assert_null(read_in("folder.csv", &len, &d));
	assert_true(diag_has(&d, "folder.csv", 0, "a folder, not a regular file"));
	path = at("in/zero.csv");
	assert_int_equal(symlink("/dev/zero", path), 0);
	free(path);
	assert_null(read_in("zero.csv", &len, &d));
	assert_true(diag_has(&d, "zero.csv", 0, "a device"));
	/* Each of these exits 3: the file, not its text, is wrong. */
	assert_int_equal(d.system, 3);
	assert_int_equal(diag_exit_status(&d), EXIT_SYSTEM);
	diag_free(&d);
}

static void
test_input_links(void **state)
{
	struct diag d;
	size_t len;
	char *path, *data;

	(void)state;
	diag_init(&d);
	put("secret.md", "secret", 6);
	put("in/inside.md", "inside", 6);
	path = at("in/out.md");
	assert_int_equal(symlink("../secret.md", path), 0);
	free(path);
	path = at("in/in.md");
	assert_int_equal(symlink("inside.md", path), 0);
	free(path);
	assert_null(read_in("out.md", &len, &d));
	assert_true(diag_has(&d, "out.md", 0, "outside the folder"));
	assert_int_equal(d.system, 0);		/* content: exit 1 */
	data = read_in("in.md", &len, &d);	/* a link inside is fine */
	assert_non_null(data);
	assert_string_equal(data, "inside");
	free(data);
	assert_int_equal(d.n, 1);
	diag_free(&d);
}

/*
 * The links the kernel's check (openat2 RESOLVE_BENEATH) refuses but that
 * stay inside are read by the other way (an absolute link into the
 * folder); those that leave it are refused either way (an absolute one,
 * a linked folder out); a root named through a link reads its files.
 */
static void
test_input_links_absolute(void **state)
{
	struct diag d;
	size_t len;
	char *path, *target, *data, *linked, *file;

	(void)state;
	diag_init(&d);
	put("secret.md", "secret", 6);
	put("in/inside.md", "inside", 6);
	path = at("in/abs-in.md");
	target = at("in/inside.md");
	assert_int_equal(symlink(target, path), 0);
	free(target);
	free(path);
	path = at("in/abs-out.md");
	target = at("secret.md");
	assert_int_equal(symlink(target, path), 0);
	free(target);
	free(path);
	path = at("in/up");
	assert_int_equal(symlink("..", path), 0);
	free(path);

	data = read_in("abs-in.md", &len, &d);
	assert_non_null(data);
	assert_string_equal(data, "inside");
	free(data);
	assert_int_equal(d.n, 0);
	assert_null(read_in("abs-out.md", &len, &d));
	assert_true(diag_has(&d, "abs-out.md", 0, "outside the folder"));
	assert_null(read_in("up/secret.md", &len, &d));
	assert_true(diag_has(&d, "up/secret.md", 0, "outside the folder"));
	assert_int_equal(d.n, 2);

	linked = at("linked");
	target = at("in");
	assert_int_equal(symlink(target, linked), 0);
	file = path_join(linked, "inside.md");
	data = input_read(linked, file, "inside.md", &len, &d);
	assert_non_null(data);
	assert_string_equal(data, "inside");
	free(data);
	assert_int_equal(d.n, 2);
	free(file);
	free(target);
	free(linked);
	diag_free(&d);
}

static void
test_input_too_large(void **state)
{
	struct diag d;
	size_t len;
	char *path;

	(void)state;
	diag_init(&d);
	path = at("in/big.csv");
	put("in/big.csv", "", 0);
	assert_int_equal(truncate(path, (off_t)INPUT_MAX_BYTES + 1), 0);
	assert_null(read_in("big.csv", &len, &d));
	assert_true(diag_has(&d, "big.csv", 0, "larger than 64 MiB"));
	/* Exactly the limit is read. */
	assert_int_equal(truncate(path, (off_t)INPUT_MAX_BYTES), 0);
	free(read_in("big.csv", &len, &d));
	assert_int_equal(len, INPUT_MAX_BYTES);
	assert_int_equal(d.n, 1);
	free(path);
	diag_free(&d);
}

/* ---- characters ------------------------------------------------------------ */

static void
test_utf8(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode((const unsigned char *)"\xe6\x96\xb0", 3, &cp), 3);
	assert_int_equal(cp, 0x65B0);				/* 新 */
	assert_int_equal(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe6\x96", 2, &cp), 0);
	assert_true(utf8_char_ok('\t') && utf8_char_ok('\n') && utf8_char_ok('\r'));
	assert_false(utf8_char_ok(0) || utf8_char_ok(7) || utf8_char_ok(0x7F));
	assert_false(utf8_char_ok(0x85) || utf8_char_ok(0xFDD0) ||
	    utf8_char_ok(0xFFFE) || utf8_char_ok(0xFFFF) ||
	    utf8_char_ok(0x1FFFE) || utf8_char_ok(0x10FFFF));
	assert_true(utf8_char_ok(0xFEFF) && utf8_char_ok(0xFFFD) &&
	    utf8_char_ok(0x20000));
}

static void
test_text_check(void **state)
{
	static const char text[] = "ok\r\nline \x01 two\nthree \xef\xbf\xbe\n"
	    "\xe6\x96\xb0\x00x\n";
	struct diag d;
	struct buf many;
	int i;

	(void)state;
	diag_init(&d);
	assert_true(text_check("a\r\nb\n", 5, "f.md", 1, &d));
	assert_false(text_check(text, sizeof(text) - 1, "f.md", 10, &d));
	assert_true(diag_has(&d, "f.md", 11, "control character U+0001 at column 6"));
	assert_true(diag_has(&d, "f.md", 12, "non-character U+FFFE at column 7"));
	assert_true(diag_has(&d, "f.md", 13, "a NUL byte at column 2"));
	assert_int_equal(d.errors, 3);
	diag_free(&d);

	/* A binary file is not a flood of errors. */
	buf_init(&many);
	for (i = 0; i < 1000; i++)
		buf_add(&many, "\x01\n", 2);
	diag_init(&d);
	assert_false(text_check(many.data, many.len, "bin.md", 1, &d));
	assert_int_equal(d.errors, TEXT_MAX_REPORTS + 1);
	assert_true(diag_has(&d, "bin.md", 0, "980 more lines"));
	diag_free(&d);
	buf_free(&many);
}

/* ---- YAML ------------------------------------------------------------------- */

static struct val *
yaml(const char *s, struct diag *d)
{
	return yaml_parse(s, strlen(s), "site.yaml", 1, YAML_DEFAULT, d);
}

static void
test_yaml_depth(void **state)
{
	struct buf b;
	struct diag d;
	struct val *v;
	int i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "title: x\ndeep: ");
	for (i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	diag_init(&d);
	assert_null(yaml(b.data, &d));
	assert_true(diag_has(&d, "site.yaml", 2, "nested more than 64 deep"));
	diag_free(&d);

	/* 64 levels are fine. */
	buf_reset(&b);
	buf_puts(&b, "deep: ");
	for (i = 0; i < YAML_MAX_DEPTH - 1; i++)
		buf_putc(&b, '[');
	for (i = 0; i < YAML_MAX_DEPTH - 1; i++)
		buf_putc(&b, ']');
	diag_init(&d);
	v = yaml(b.data, &d);
	assert_non_null(v);
	assert_int_equal(d.n, 0);
	val_free(v);
	diag_free(&d);
	buf_free(&b);
}

static void
test_yaml_escapes(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_null(yaml("a: 1\ntitle: \"a\\0b\"\n", &d));
	assert_true(diag_has(&d, "site.yaml", 2, "holds a NUL byte"));
	assert_null(yaml("title: \"x\\uFFFE\"\n", &d));
	assert_true(diag_has(&d, "site.yaml", 1, "non-character U+FFFE"));
	assert_null(yaml("title: \"\\x07\"\n", &d));
	assert_true(diag_has(&d, "site.yaml", 1, "control character U+0007"));
	assert_null(yaml("\"k\\0ey\": 1\n", &d));	/* in a key too */
	assert_true(diag_has(&d, "site.yaml", 1, "holds a NUL byte"));
	assert_null(yaml("title: a\x01" "b\n", &d));	/* raw, not escaped */
	assert_true(diag_has(&d, "site.yaml", 1, "U+0001 at column 9"));
	assert_null(yaml("a: &x [1]\nb: *x\n", &d));
	assert_true(diag_has(&d, "site.yaml", 2, "aliases"));
	diag_free(&d);
}

/* A file saved as UTF-16 (Notepad's "Unicode") is decoded by libyaml. */
static void
test_yaml_utf16(void **state)
{
	static const char u16[] = "\xff\xfet\0i\0t\0l\0e\0:\0 \0\xb0\x65\n\0";
	struct diag d;
	struct val *v;

	(void)state;
	diag_init(&d);
	v = yaml_parse(u16, sizeof(u16) - 1, "site.yaml", 1, YAML_DEFAULT, &d);
	assert_non_null(v);
	assert_string_equal(val_get_str(v, "title"), "\xe6\x96\xb0");	/* 新 */
	assert_int_equal(d.n, 0);
	val_free(v);
	diag_free(&d);
}

/* 100,000 keys, and a duplicate: found without a quadratic scan. */
static void
test_yaml_many_keys(void **state)
{
	struct buf b;
	struct diag d;
	struct val *v;
	int i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	buf_puts(&b, "k7: again\n");
	diag_init(&d);
	v = yaml(b.data, &d);
	assert_non_null(v);
	assert_int_equal(v->n, 100000);
	assert_true(diag_has(&d, "site.yaml", 100001,
	    "key 'k7' appears twice in the same map (first at line 8)"));
	assert_int_equal(d.errors, 1);
	val_free(v);
	diag_free(&d);
	buf_free(&b);
}

/* ---- CSV -------------------------------------------------------------------- */

/*
 * 300,000 columns: read in linear time (the names are checked against the
 * known columns by the register's reader, load/records.c).
 */
static void
test_csv_wide_header(void **state)
{
	struct buf b;
	struct diag d;
	struct csv c;
	int i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 300000; i++)
		buf_printf(&b, "c%d,", i);
	buf_puts(&b, "c42\n");
	diag_init(&d);
	assert_true(csv_parse(b.data, b.len, "d.csv", &c, &d));
	assert_int_equal(c.n_cols, 300001);
	assert_int_equal(d.errors, 0);
	csv_free(&c);
	diag_free(&d);
	buf_free(&b);
}

static void
test_csv_chars(void **state)
{
	static const char text[] = "a,b\n"
	    "x\xc2\x85y,1\n"			/* U+0085, a C1 control */
	    "\xef\xb7\x90,2\n"			/* U+FDD0 */
	    "\"\xf0\x9f\xbf\xbf\",3\n"		/* U+1FFFF, quoted */
	    "\xc2\xb7\xef\xbc\x8c,4\n";		/* · and ， are fine */
	struct diag d;
	struct csv c;

	(void)state;
	diag_init(&d);
	assert_true(csv_parse(text, sizeof(text) - 1, "o.csv", &c, &d));
	assert_true(diag_has(&d, "o.csv", 2, "control character U+0085 in column 1"));
	assert_true(diag_has(&d, "o.csv", 3, "non-character U+FDD0"));
	assert_true(diag_has(&d, "o.csv", 4, "non-character U+1FFFF"));
	assert_int_equal(d.errors, 3);
	assert_int_equal(c.n_rows, 1);
	assert_string_equal(c.rows[0].fields[0], "\xc2\xb7\xef\xbc\x8c");
	csv_free(&c);
	diag_free(&d);
}

/* ---- templates' XML ------------------------------------------------------- */

static void
test_xml_no_dtd(void **state)
{
	static const char ok[] = "<?xml version=\"1.0\"?>\n<a>x</a>\n";
	static const char laughs[] = "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE a [<!ENTITY x \"xxxxxxxxxx\">"
	    "<!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;\">"
	    "<!ENTITY z \"&y;&y;&y;&y;&y;&y;&y;&y;&y;&y;\">]>\n"
	    "<a>&z;</a>\n";
	xmlDoc *doc;
	char *why;
	int line;

	(void)state;
	doc = xml_read_template(ok, sizeof(ok) - 1, "t.fodt", &line, &why);
	assert_non_null(doc);
	assert_null(why);
	xmlFreeDoc(doc);
	doc = xml_read_template(laughs, sizeof(laughs) - 1, "t.fodt", &line, &why);
	assert_null(doc);
	assert_int_equal(line, 2);
	assert_non_null(strstr(why, "document type declaration"));
	free(why);
	doc = xml_read_template("<a>", 3, "t.fodt", &line, &why);
	assert_null(doc);
	assert_non_null(why);
	free(why);
}

/* ---- Mustache -------------------------------------------------------------- */

/* A tag whose sigil is the closing delimiter (found by fuzz_mustache). */
static void
test_mustache_sigil_is_delimiter(void **state)
{
	static const char *const tmpl[] = {
		"{{=<% >=}}<%>", "{{=<% >=}}<%#>", "{{=<% >=}}<%/>", "{{=<% >=}}<%!>",
	};
	struct mustache_opts o = { .name = "t.md" };
	struct val *ctx = val_map();
	struct buf out;
	char *err;
	size_t i;

	(void)state;
	buf_init(&out);
	for (i = 0; i < sizeof(tmpl) / sizeof(tmpl[0]); i++) {
		err = NULL;
		if (!mustache_render(tmpl[i], strlen(tmpl[i]), ctx, &o, &out,
		    &err))
			assert_non_null(err);
		free(err);
		buf_reset(&out);
	}
	buf_free(&out);
	val_free(ctx);
}

/* Sections in sections over a list of three: 3^30 repeats, stopped. */
static void
test_mustache_section_bomb(void **state)
{
	struct mustache_opts o = { .name = "t.md" };
	struct val *ctx = val_map(), *list = val_set(ctx, "list", val_list());
	struct buf tmpl, out;
	time_t t0 = time(NULL);
	char *err = NULL;
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		val_set_str(val_push(list, val_map()), "name", "x");
	buf_init(&tmpl);
	for (i = 0; i < 30; i++)
		buf_puts(&tmpl, "{{#list}}");
	buf_puts(&tmpl, "{{name}}");
	for (i = 0; i < 30; i++)
		buf_puts(&tmpl, "{{/list}}");
	buf_init(&out);
	assert_false(mustache_render(tmpl.data, tmpl.len, ctx, &o, &out, &err));
	assert_non_null(strstr(err, "t.md:1: the template repeats itself"));
	assert_true(time(NULL) - t0 < 10);
	free(err);
	buf_free(&out);
	buf_free(&tmpl);
	val_free(ctx);
}

/*
 * A list of 60,000 applicants, each row 40 nodes: 2,400,000 steps, past
 * the 200,000 a small context may take, and legitimate (each value is
 * visited once), so it renders. The same list nested in itself takes
 * 60,000² rows: still stopped, and soon.
 */
static void
test_mustache_limit_scales(void **state)
{
	enum { N = 60000 };
	struct mustache_opts o = { .name = "t.md" };
	struct val *ctx = val_map(), *list = val_set(ctx, "list", val_list());
	struct buf tmpl, out;
	time_t t0;
	char *err = NULL;
	int i;

	(void)state;
	for (i = 0; i < N; i++)
		val_set_str(val_push(list, val_map()), "name", "x");
	buf_init(&tmpl);
	buf_puts(&tmpl, "{{#list}}");
	for (i = 0; i < 19; i++)
		buf_puts(&tmpl, "{{name}},");
	buf_puts(&tmpl, "\n{{/list}}");
	buf_init(&out);
	assert_true(mustache_render(tmpl.data, tmpl.len, ctx, &o, &out, &err));
	assert_int_equal(out.len, (size_t)N * 39);
	buf_reset(&out);
	buf_reset(&tmpl);
	buf_puts(&tmpl, "{{#list}}{{#list}}{{name}}{{/list}}{{/list}}");
	t0 = time(NULL);
	assert_false(mustache_render(tmpl.data, tmpl.len, ctx, &o, &out, &err));
	assert_non_null(strstr(err, "t.md:1: the template repeats itself"));
	assert_true(time(NULL) - t0 < 10);
	free(err);
	buf_free(&out);
	buf_free(&tmpl);
	val_free(ctx);
}

/* ---- notices ---------------------------------------------------------------- */

static void
copy_sample(const char *to)
{
	char *cmd = xasprintf("cp -R ../content '%s/%s'", root, to);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_notice_names(void **state)
{
	static const char notice[] = "---\ntitle: 通知\ndate: 2025-09-26\n"
	    "---\n\n正文\n";
	struct site s;
	struct diag d;
	char *dir;

	(void)state;
	copy_sample("c");
	put("c/2025/notices/index.md", notice, sizeof(notice) - 1);
	put("c/2025/notices/feed.md", notice, sizeof(notice) - 1);
	put("c/2025/notices/revocation-x.md", notice, sizeof(notice) - 1);
	put("c/2025/notices/.draft.md", notice, sizeof(notice) - 1);
	put("c/2025/notices/site-visit.md", notice, sizeof(notice) - 1);
	dir = at("c");
	diag_init(&d);
	assert_int_equal(content_load(dir, &s, &d), 0);
	assert_true(diag_has(&d, "2025/notices/index.md", 0, "the name 'index'"));
	assert_true(diag_has(&d, "2025/notices/feed.md", 0, "the name 'feed'"));
	assert_true(diag_has(&d, "2025/notices/revocation-x.md", 0,
	    "the name 'revocation-x'"));
	assert_true(diag_has(&d, "2025/notices/.draft.md", 0,
	    "a name starting with '.' hides the file"));
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	site_free(&s);
	diag_free(&d);
	free(dir);
}

static void
test_notice_depth(void **state)
{
	struct custom_notice n;
	struct buf b;
	struct diag d;
	int i;

	(void)state;
	memset(&n, 0, sizeof(n));
	buf_init(&b);
	buf_puts(&b, "ok\n\n");
	for (i = 0; i < 1000; i++)
		buf_putc(&b, '>');
	buf_puts(&b, " x\n");
	n.path = "2025/notices/deep.md";
	n.body = b.data;
	n.body_line = 6;
	diag_init(&d);
	assert_false(content_check_notice(&n, &d));
	assert_true(diag_has(&d, "2025/notices/deep.md", 8, "nested more than 32 deep"));
	buf_reset(&b);
	buf_puts(&b, "> > > - x\n  - y\n");
	n.body = b.data;
	assert_true(content_check_notice(&n, &d));
	assert_int_equal(d.n, 1);
	diag_free(&d);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_input_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_not_regular, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_input_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_links_absolute, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_input_too_large, setup,
		    teardown),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_yaml_depth),
		cmocka_unit_test(test_yaml_escapes),
		cmocka_unit_test(test_yaml_utf16),
		cmocka_unit_test(test_yaml_many_keys),
		cmocka_unit_test(test_csv_wide_header),
		cmocka_unit_test(test_csv_chars),
		cmocka_unit_test(test_xml_no_dtd),
		cmocka_unit_test(test_mustache_sigil_is_delimiter),
		cmocka_unit_test(test_mustache_section_bomb),
		cmocka_unit_test(test_mustache_limit_scales),
		cmocka_unit_test_setup_teardown(test_notice_names, setup, teardown),
		cmocka_unit_test(test_notice_depth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
