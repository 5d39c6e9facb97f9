/*
 * crc32: the CRC-32 of a zip entry (zlib's crc32, the same values), on
 * x86-64 with PCLMULQDQ when the processor has it: zlib's own is a table
 * lookup a byte, 4 % of a 20,000-applicant build's instructions for the
 * 45 MB of XML it deflates.
 */
#ifndef GONGSHI_CRC32_H
#define GONGSHI_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* crc extended by len bytes at p: crc32_bytes(0, ...) starts a CRC. */
uint32_t	crc32_bytes(uint32_t crc, const void *p, size_t len);

/* False: every CRC taken by zlib (for tests, which compare the two). */
extern int	crc32_fast;

#endif
