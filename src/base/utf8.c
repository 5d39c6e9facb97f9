#include "base/utf8.h"

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len, k;
	uint32_t v;

	if (n == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;		/* C0, C1: overlong; F5–FF; 80–BF alone */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (k = 1; k < len; k++) {
		if (k > 1 && (s[k] < 0x80 || s[k] > 0xBF))
			return 0;
		v = v << 6 | (s[k] & 0x3F);
	}
	*cp = v;
	return len;
}

bool
utf8_char_ok(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if (cp >= 0x7F && cp <= 0x9F)
		return false;			/* DEL and the C1 controls */
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return false;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return false;
	if ((cp & 0xFFFE) == 0xFFFE)
		return false;			/* U+FFFE, U+FFFF, U+1FFFE, … */
	return cp <= 0x10FFFF;
}

size_t
utf8_find_bad(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t c;

	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x7F) {	/* the common case */
			i++;
			continue;
		}
		if ((len = utf8_decode(u + i, n - i, &c)) == 0) {
			*cp = UTF8_INVALID;
			return i;
		}
		if (!utf8_char_ok(c)) {
			*cp = c;
			return i;
		}
		i += len;
	}
	return n;
}
