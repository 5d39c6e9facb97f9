#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "base/util.h"
#include "publish/checksums.h"

void
checksum_sha256_hex(const void *data, size_t len, char hex[static 65])
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0xf];
	}
	hex[2 * SHA256_DIGEST_SIZE] = '\0';
}

static int
by_path(const void *a, const void *b)
{
	const struct outfile *fa = *(const struct outfile *const *)a;
	const struct outfile *fb = *(const struct outfile *const *)b;

	return strcmp(fa->path, fb->path);
}

bool
checksums_sha256sums(const struct outset *o, const char *prefix,
    struct buf *out)
{
	const struct outfile **sel;
	const char *rel, *data;
	char *copy;
	char hex[65];
	size_t i, n = 0, plen = strlen(prefix);

	/* Pointers are sorted, not the outset: the caller's order is its own. */
	sel = xcalloc(o->n + 1, sizeof(*sel));
	for (i = 0; i < o->n; i++) {
		if (strncmp(o->files[i].path, prefix, plen) != 0)
			continue;
		rel = o->files[i].path + plen;
		if (*rel == '\0' || strcmp(rel, CHECKSUMS_FILE) == 0)
			continue;
		sel[n++] = &o->files[i];
	}
	qsort(sel, n, sizeof(*sel), by_path);
	for (i = 0; i < n; i++) {
		if (sel[i]->sha256 != NULL) {	/* reused: known already */
			buf_printf(out, "%s  %s\n", sel[i]->sha256,
			    sel[i]->path + plen);
			continue;
		}
		/* A file already on disk (publish_begin) is read back. */
		if ((data = outset_data(o, sel[i], &copy)) == NULL) {
			free(sel);
			return false;
		}
		checksum_sha256_hex(data, sel[i]->len, hex);
		free(copy);
		buf_printf(out, "%s  %s\n", hex, sel[i]->path + plen);
	}
	free(sel);
	return true;
}

void
checksums_parse(const char *text,
    void (*each)(void *arg, const char *name, const char *hex), void *arg)
{
	const char *p, *nl;
	char hex[65], *name;
	size_t i;

	for (p = text; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			return;
		for (i = 0; i < 64 && ((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')); i++)
			continue;
		if (i < 64 || p[64] != ' ' || p[65] != ' ' || p + 66 >= nl)
			continue;
		memcpy(hex, p, 64);
		hex[64] = '\0';
		name = xstrndup(p + 66, (size_t)(nl - p - 66));
		each(arg, name, hex);
		free(name);
	}
}
