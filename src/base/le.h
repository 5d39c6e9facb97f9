/*
 * le: little-endian integers in byte buffers, as zip headers
 * (format/zip.c, format/odt.c) and the registers' file (load/regcache.c)
 * store them. Header only.
 */
#ifndef GONGSHI_BASE_LE_H
#define GONGSHI_BASE_LE_H

#include <stdint.h>

/* The n-byte (n ≤ 8) little-endian number at p. */
static inline uint64_t
le_get(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* Stores v in the 2 bytes at p; returns the byte after them. */
static inline unsigned char *
le_put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	return p + 2;
}

/* Stores v in the 4 bytes at p; returns the byte after them. */
static inline unsigned char *
le_put32(unsigned char *p, uint32_t v)
{
	p = le_put16(p, v & 0xffff);
	return le_put16(p, v >> 16);
}

/* Stores v in the 8 bytes at p; returns the byte after them. */
static inline unsigned char *
le_put64(unsigned char *p, uint64_t v)
{
	p = le_put32(p, (uint32_t)v);
	return le_put32(p, (uint32_t)(v >> 32));
}

#endif
