#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "base/hash.h"
#include "base/util.h"

static void
from_xxh(XXH128_hash_t x, struct hash *h)
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, x);
	memcpy(h->b, c.digest, sizeof(h->b));
}

void
hash_bytes(const void *data, size_t len, struct hash *h)
{
	from_xxh(XXH3_128bits(data, len), h);
}

void
hash_hex(const struct hash *h, char hex[static HASH_HEX])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < sizeof(h->b); i++) {
		hex[2 * i] = digits[h->b[i] >> 4];
		hex[2 * i + 1] = digits[h->b[i] & 0xf];
	}
	hex[2 * sizeof(h->b)] = '\0';
}

void
hash_bytes_hex(const void *data, size_t len, char hex[static HASH_HEX])
{
	struct hash h;

	hash_bytes(data, len, &h);
	hash_hex(&h, hex);
}

bool
hash_fd_hex(int fd, char hex[static HASH_HEX])
{
	static _Thread_local unsigned char chunk[1 << 16];
	XXH3_state_t *s;
	struct hash h;
	ssize_t got;
	int saved;

	if ((s = XXH3_createState()) == NULL) {
		errno = ENOMEM;
		return false;
	}
	XXH3_128bits_reset(s);
	while ((got = fd_read(fd, chunk, sizeof(chunk))) > 0)
		XXH3_128bits_update(s, chunk, (size_t)got);
	saved = errno;
	if (got == 0)
		from_xxh(XXH3_128bits_digest(s), &h);
	XXH3_freeState(s);
	if (got < 0) {
		errno = saved;
		return false;
	}
	hash_hex(&h, hex);
	return true;
}

bool
hash_file_hex(const char *path, char hex[static HASH_HEX])
{
	struct stat st;
	int fd, saved;
	bool ok;

	if ((fd = file_open_regular(path, &st)) < 0)
		return false;
	ok = hash_fd_hex(fd, hex);
	saved = errno;
	close(fd);
	errno = saved;
	return ok;
}

bool
hash_equal(const struct hash *a, const struct hash *b)
{
	return memcmp(a->b, b->b, sizeof(a->b)) == 0;
}

/* A lower-case hex digit's value, or -1. */
static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool
hash_parse_hex(const char *hex, struct hash *h)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < sizeof(h->b); i++) {
		if ((hi = hex_digit(hex[2 * i])) < 0 ||
		    (lo = hex_digit(hex[2 * i + 1])) < 0)
			return false;
		h->b[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
