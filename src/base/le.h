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

/*
 * The 4-byte little-endian number at p, in one expression that compilers
 * make one load (le_get's loop was a third of reading the registers).
 */
static inline uint32_t
le_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
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
