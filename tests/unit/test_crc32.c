/*
 * crc32 (format/crc32.c): the CRC-32 folded with carry-less
 * multiplication is zlib's, for every length around the folding's steps
 * (64 and 16 bytes) and at every alignment, chained from any CRC, for a
 * long text, and with the folding off.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include <zlib.h>

#include "base/util.h"
#include "format/crc32.h"

/* Bytes that look like nothing in particular, the same every run. */
static unsigned char *
noise(size_t n)
{
	unsigned char *b = xmalloc(n);
	uint32_t x = 2463534242u;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (unsigned char)x;
	}
	return b;
}

static void
test_every_length_and_alignment(void **state)
{
	unsigned char *b = noise(400);
	size_t len, at;

	(void)state;
	for (len = 0; len <= 300; len++)
		for (at = 0; at < 16; at++)
			assert_int_equal(crc32_bytes(0, b + at, len),
			    (uint32_t)crc32(0, b + at, (uInt)len));
	free(b);
}

/* A CRC carried on: a text's pieces, each from the one before. */
static void
test_chained(void **state)
{
	unsigned char *b = noise(5000);
	uint32_t mine = 0, zlib = 0;
	size_t at, n;

	(void)state;
	for (at = 0; at < 5000; at += n) {
		n = (at * 37 + 11) % 700;
		if (n > 5000 - at)
			n = 5000 - at;
		mine = crc32_bytes(mine, b + at, n);
		zlib = (uint32_t)crc32(zlib, b + at, (uInt)n);
		assert_int_equal(mine, zlib);
	}
	assert_int_equal(crc32_bytes(0xdeadbeef, b, 5000),
	    (uint32_t)crc32(0xdeadbeef, b, 5000));
	free(b);
}

static void
test_long_text_and_zlib_alone(void **state)
{
	size_t n = 3 * 1024 * 1024 + 13;
	unsigned char *b = noise(n);
	uint32_t want = (uint32_t)crc32(0, b, (uInt)n);

	(void)state;
	assert_int_equal(crc32_bytes(0, b, n), want);
	crc32_fast = 0;
	assert_int_equal(crc32_bytes(0, b, n), want);
	crc32_fast = 1;
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_length_and_alignment),
		cmocka_unit_test(test_chained),
		cmocka_unit_test(test_long_text_and_zlib_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
