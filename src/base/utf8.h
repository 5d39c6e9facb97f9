/*
 * utf8: decoding UTF-8 strictly, and the characters a published document
 * may hold. Shared by every loader, so that nothing reaches a writer that
 * it would have to refuse (an XML writer refuses U+FFFE; an HTML checker
 * refuses control characters).
 */
#ifndef GONGSHI_UTF8_H
#define GONGSHI_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID	0xFFFFFFFFu	/* what utf8_find_bad gives for bad bytes */

/*
 * Decodes the character at s[0..n): its length in bytes, or 0 when the
 * bytes there are not well-formed UTF-8 (an overlong form, a surrogate,
 * above U+10FFFF, a sequence cut short, a stray continuation byte).
 */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * True for a character a document may hold: XML 1.0's characters, less
 * the C0 and C1 control characters (TAB, LF and CR excepted) and the 66
 * noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and their like in every
 * plane), which no text of the office means.
 */
bool	utf8_char_ok(uint32_t cp);

/*
 * The offset of the first byte of s[0..n) that starts a character that is
 * not allowed, or n. *cp gets that character, or UTF8_INVALID when the
 * bytes are not UTF-8.
 */
size_t	utf8_find_bad(const char *s, size_t n, uint32_t *cp);

#endif
