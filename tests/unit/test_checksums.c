/*
 * SHA256SUMS: known SHA-256 vectors (FIPS 180-2 "abc", the empty string),
 * one line per archive file sorted by path, the site and SHA256SUMS itself
 * left out, binary data hashed whole, and the result accepted by the real
 * client, `sha256sum -c`.
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

#include "base/util.h"
#include "publish/checksums.h"
#include "scratch.h"

static void
test_known_vectors(void **state)
{
	char hex[65];

	(void)state;
	checksum_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	checksum_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	checksum_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

static void
fill(struct outset *o)
{
	static const char bin[] = { 'P', 'K', 3, 4, 0, 0, 'x', 0 };

	outset_init(o);
	outset_add_copy(o, "archive/b.txt", "abc", 3);
	outset_add_copy(o, "site/index.html", "<html>", 6);
	outset_add_copy(o, "archive/SHA256SUMS", "old", 3);
	outset_add_copy(o, "archive/2025/a.odt", bin, sizeof(bin));
	outset_add_copy(o, "archive-not/x", "x", 1);
}

static void
test_lines(void **state)
{
	static const char bin[] = { 'P', 'K', 3, 4, 0, 0, 'x', 0 };
	struct outset o;
	struct buf b, want;
	char hex[65];

	(void)state;
	fill(&o);
	buf_init(&b);
	buf_init(&want);
	checksums_sha256sums(&o, "archive/", &b);
	/* the embedded NUL bytes count: the whole file is hashed */
	checksum_sha256_hex(bin, sizeof(bin), hex);
	buf_printf(&want, "%s  2025/a.odt\n", hex);
	buf_puts(&want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	    "  b.txt\n");
	assert_string_equal(buf_cstr(&b), buf_cstr(&want));
	/* the outset's own order is untouched */
	assert_string_equal(o.files[0].path, "archive/b.txt");
	buf_free(&b);
	buf_free(&want);
	outset_free(&o);
}

static void
test_empty(void **state)
{
	struct outset o;
	struct buf b;

	(void)state;
	outset_init(&o);
	buf_init(&b);
	checksums_sha256sums(&o, "archive/", &b);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	outset_free(&o);
}

/* The file is what `sha256sum -c` reads, and it finds every file intact. */
static void
test_sha256sum_accepts(void **state)
{
	char dir[64], *cmd;
	struct outset o;
	struct buf b;
	size_t i;

	(void)state;
	assert_int_equal(scratch_make(dir, sizeof(dir), "gongshi-sums"), 0);
	fill(&o);
	buf_init(&b);
	checksums_sha256sums(&o, "archive/", &b);
	for (i = 0; i < o.n; i++)
		if (str_has_prefix(o.files[i].path, "archive/"))
			scratch_put(dir, o.files[i].path + strlen("archive/"),
			    o.files[i].data, o.files[i].len);
	scratch_put(dir, "SHA256SUMS", b.data, b.len);
	cmd = xasprintf("cd '%s' && sha256sum --quiet --strict -c SHA256SUMS",
	    dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	/* and it notices a changed file */
	scratch_put(dir, "b.txt", "abd", 3);
	cmd = xasprintf("cd '%s' && sha256sum --quiet --status -c SHA256SUMS",
	    dir);
	assert_int_not_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(scratch_remove(dir), 0);
	buf_free(&b);
	outset_free(&o);
}

static void
each_line(void *arg, const char *name, const char *hex)
{
	buf_printf(arg, "%s=%.8s\n", name, hex);
}

/* SHA256SUMS read back: well-formed lines in order, others skipped. */
static void
test_parse(void **state)
{
	struct buf b;
	char *text;

	(void)state;
	buf_init(&b);
	text = xasprintf("%064d  2025/a.odt\nshort  x\n%064d b.odt\n"
	    "%s  2025/c d.odt\nno newline", 0, 1,
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	checksums_parse(text, each_line, &b);
	assert_string_equal(buf_cstr(&b), "2025/a.odt=00000000\n"
	    "2025/c d.odt=abcdef01\n");
	free(text);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_sha256sum_accepts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
