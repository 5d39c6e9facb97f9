/*
 * crc32: zlib's CRC-32, folded with carry-less multiplication (crc32.h).
 *
 * The folding is that of "Fast CRC Computation for Generic Polynomials
 * Using PCLMULQDQ Instruction" (V. Gopal, E. Ozturk et al., Intel, 2009),
 * with its constants for the bit-reflected CRC-32 of zip and gzip, as
 * Chromium's zlib has it (crc32_simd.c): 64 bytes a step in four lanes,
 * folded into one, then reduced to 32 bits (Barrett). What is shorter
 * than 64 bytes, and the tail of what is not a multiple of 16, goes to
 * zlib's.
 */
#include <zlib.h>

#include "format/crc32.h"

int	crc32_fast = 1;

/* Less than this goes to zlib at once: the folding's set-up is not worth it. */
#define FOLD_MIN	64

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define FOLD_TARGET	__attribute__((target("pclmul,sse4.1")))

/* The CRC register (not inverted) over len bytes, len ≥ 64 and a multiple of 16. */
static FOLD_TARGET uint32_t
fold(const unsigned char *buf, size_t len, uint32_t crc)
{
	static const uint64_t k1k2[2] __attribute__((aligned(16))) =
	    { 0x0154442bd4, 0x01c6e41596 };
	static const uint64_t k3k4[2] __attribute__((aligned(16))) =
	    { 0x01751997d0, 0x00ccaa009e };
	static const uint64_t k5k0[2] __attribute__((aligned(16))) =
	    { 0x0163cd6124, 0x0000000000 };
	static const uint64_t poly[2] __attribute__((aligned(16))) =
	    { 0x01db710641, 0x01f7011641 };
	__m128i x0, x1, x2, x3, x4, x5, x6, x7, x8, y5, y6, y7, y8;

	x1 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
	x2 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
	x3 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
	x4 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	x0 = _mm_load_si128((const __m128i *)k1k2);
	buf += 64;
	len -= 64;
	/* four lanes, 64 bytes a step */
	while (len >= 64) {
		x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
		x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
		x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
		x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
		x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
		x2 = _mm_clmulepi64_si128(x2, x0, 0x11);
		x3 = _mm_clmulepi64_si128(x3, x0, 0x11);
		x4 = _mm_clmulepi64_si128(x4, x0, 0x11);
		y5 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
		y6 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
		y7 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
		y8 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
		x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), y5);
		x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), y6);
		x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), y7);
		x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), y8);
		buf += 64;
		len -= 64;
	}
	/* the four lanes folded into one */
	x0 = _mm_load_si128((const __m128i *)k3k4);
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x3), x5);
	x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, x4), x5);
	/* 16 bytes a step */
	while (len >= 16) {
		x2 = _mm_loadu_si128((const __m128i *)buf);
		x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
		x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
		buf += 16;
		len -= 16;
	}
	/* 128 bits to 64 */
	x2 = _mm_clmulepi64_si128(x1, x0, 0x10);
	x3 = _mm_setr_epi32(~0, 0, ~0, 0);
	x1 = _mm_srli_si128(x1, 8);
	x1 = _mm_xor_si128(x1, x2);
	x0 = _mm_loadl_epi64((const __m128i *)k5k0);
	x2 = _mm_srli_si128(x1, 4);
	x1 = _mm_and_si128(x1, x3);
	x1 = _mm_clmulepi64_si128(x1, x0, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	/* Barrett reduction to 32 bits */
	x0 = _mm_load_si128((const __m128i *)poly);
	x2 = _mm_and_si128(x1, x3);
	x2 = _mm_clmulepi64_si128(x2, x0, 0x10);
	x2 = _mm_and_si128(x2, x3);
	x2 = _mm_clmulepi64_si128(x2, x0, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	return (uint32_t)_mm_extract_epi32(x1, 1);
}

static int
can_fold(void)
{
	static int known = -1;	/* a race between threads writes the same */

	if (known < 0)
		known = __builtin_cpu_supports("pclmul") &&
		    __builtin_cpu_supports("sse4.1");
	return known;
}
#else
static uint32_t
fold(const unsigned char *buf, size_t len, uint32_t crc)
{
	(void)buf;
	(void)len;
	return crc;
}

static int
can_fold(void)
{
	return 0;
}
#endif

uint32_t
crc32_bytes(uint32_t crc, const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t n;

	if (crc32_fast && len >= FOLD_MIN && can_fold()) {
		n = len & ~(size_t)15;
		crc = ~fold(b, n, ~crc);
		b += n;
		len -= n;
	}
	/* zlib counts in uInt: what is longer goes a gigabyte at a time */
	while (len > 0) {
		n = len < (1u << 30) ? len : (1u << 30);
		crc = (uint32_t)crc32(crc, b, (uInt)n);
		b += n;
		len -= n;
	}
	return crc;
}
