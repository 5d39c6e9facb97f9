/*
 * The stamp file, one line per item, then the warnings verbatim:
 *
 *	gongshi stamp 1
 *	digest <64 hex digits>
 *	documents <html> <markdown> <odt> <files>
 *	files <n>
 *	<size> <mtime seconds>.<nanoseconds> <path>	(n lines)
 *	warnings
 *	<the warnings of the checks, up to the end>
 *
 * Anything unexpected in it means "no match": the build then runs in
 * full, which is always right, only slower.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "base/buf.h"
#include "base/util.h"
#include "publish/stamp.h"

#define STAMP_MAGIC	"gongshi stamp 1\n"
#define STAMP_TMP	STAMP_FILE ".tmp"

#ifndef GONGSHI_VERSION
#define GONGSHI_VERSION "?"
#endif

/* --- walking a folder in a fixed order ------------------------------------ */

struct entry {
	char		*name;
	struct stat	 st;
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/*
 * The entries of a folder, sorted by name (the file system's order is its
 * own), "." and ".." left out, and names starting with '.' too when
 * skip_dot. Symbolic links are followed, as the loader follows them.
 * False (errno set) when the folder or an entry cannot be read.
 */
static bool
read_entries(const char *dir, bool skip_dot, struct entry **out, size_t *n)
{
	DIR *d;
	struct dirent *e;
	char *path;
	int saved;
	bool ok = true;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return false;
	while (ok && (errno = 0, e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (skip_dot && e->d_name[0] == '.'))
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		path = path_join(dir, e->d_name);
		ok = stat(path, &(*out)[*n].st) == 0;
		free(path);
		(*out)[(*n)++].name = xstrdup(e->d_name);
	}
	saved = errno;
	closedir(d);
	errno = saved;
	if (ok && errno != 0)
		ok = false;
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), entry_cmp);
	return ok;
}

static void
entries_free(struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* --- the digest of the inputs ---------------------------------------------- */

/* A field of the digested stream: its bytes, then a NUL (fields never
 * run into each other). */
static void
put_field(struct sha256_ctx *h, const char *s)
{
	sha256_update(h, strlen(s) + 1, (const uint8_t *)s);
}

/* The bytes of a file, and their count. */
static bool
put_file(struct sha256_ctx *h, const char *path)
{
	static uint8_t chunk[1 << 16];
	char len[32];
	ssize_t got;
	off_t total = 0;
	int fd, saved;

	if ((fd = open(path, O_RDONLY)) < 0)
		return false;
	while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
		sha256_update(h, (size_t)got, chunk);
		total += got;
	}
	saved = errno;
	close(fd);
	if (got < 0) {
		errno = saved;
		return false;
	}
	snprintf(len, sizeof(len), "%lld", (long long)total);
	put_field(h, len);
	return true;
}

/* Every folder and file under root/rel, depth first, in name order. */
static bool
put_tree(struct sha256_ctx *h, const char *root, const char *rel)
{
	struct entry *v;
	char *dir = *rel ? path_join(root, rel) : xstrdup(root), *sub, *path;
	size_t i, n;
	bool ok;

	ok = read_entries(dir, true, &v, &n);
	for (i = 0; ok && i < n; i++) {
		sub = *rel ? path_join(rel, v[i].name) : xstrdup(v[i].name);
		if (S_ISDIR(v[i].st.st_mode)) {
			put_field(h, "d");
			put_field(h, sub);
			ok = put_tree(h, root, sub);
		} else if (S_ISREG(v[i].st.st_mode)) {
			put_field(h, "f");
			put_field(h, sub);
			path = path_join(root, sub);
			ok = put_file(h, path);
			free(path);
		}
		free(sub);
	}
	entries_free(v, n);
	free(dir);
	return ok;
}

static void
hex_digest(struct sha256_ctx *h, char hex[static 65])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(h, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0xf];
	}
	hex[64] = '\0';
}

bool
stamp_digest(const char *content, const char *templates, char hex[static 65])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct sha256_ctx h;
	bool ok;

	hex[0] = '\0';
	sha256_init(&h);
	put_field(&h, STAMP_MAGIC);
	put_field(&h, GONGSHI_VERSION);
	/* The program itself: a gongshi rebuilt from changed sources renders
	 * differently under the same version number. Where there is no
	 * /proc, the version alone has to do. */
	put_field(&h, "program");
	if (!put_file(&h, "/proc/self/exe"))
		put_field(&h, "?");
	put_field(&h, "SOURCE_DATE_EPOCH");
	put_field(&h, sde != NULL ? sde : "(unset)");
	put_field(&h, "content");
	ok = put_tree(&h, content, "");
	put_field(&h, "templates");
	ok = ok && put_tree(&h, templates, "");
	if (ok)
		hex_digest(&h, hex);
	return ok;
}

/* --- the listing of the output ---------------------------------------------- */

/* "<size> <sec>.<nsec> <path>\n" for every file under root/rel; *n counts. */
static bool
list_tree(const char *root, const char *rel, struct buf *out, size_t *n)
{
	struct entry *v;
	char *dir = *rel ? path_join(root, rel) : xstrdup(root), *sub;
	size_t i, k;
	bool ok;

	ok = read_entries(dir, false, &v, &k);
	for (i = 0; ok && i < k; i++) {
		/* The stamp does not list itself. */
		if (*rel == '\0' && (strcmp(v[i].name, STAMP_FILE) == 0 ||
		    strcmp(v[i].name, STAMP_TMP) == 0))
			continue;
		sub = *rel ? path_join(rel, v[i].name) : xstrdup(v[i].name);
		if (S_ISDIR(v[i].st.st_mode))
			ok = list_tree(root, sub, out, n);
		else {
			buf_printf(out, "%lld %lld.%09ld %s\n",
			    (long long)v[i].st.st_size,
			    (long long)v[i].st.st_mtim.tv_sec,
			    (long)v[i].st.st_mtim.tv_nsec, sub);
			(*n)++;
		}
		free(sub);
	}
	entries_free(v, k);
	free(dir);
	return ok;
}

/* --- writing and checking ------------------------------------------------------ */

bool
stamp_write(const char *output, const struct stamp *s)
{
	char *tmp = path_join(output, STAMP_TMP), *path = path_join(output,
	    STAMP_FILE);
	struct buf list, b;
	size_t n = 0;
	FILE *f = NULL;
	bool ok;

	buf_init(&list);
	buf_init(&b);
	if ((ok = list_tree(output, "", &list, &n))) {
		buf_printf(&b, STAMP_MAGIC "digest %s\ndocuments %zu %zu %zu "
		    "%zu\nfiles %zu\n", s->digest, s->html, s->markdown, s->odt,
		    s->files, n);
		buf_add(&b, list.data, list.len);
		buf_puts(&b, "warnings\n");
		if (s->warnings != NULL)
			buf_puts(&b, s->warnings);
		ok = (f = fopen(tmp, "wb")) != NULL &&
		    fwrite(b.data, 1, b.len, f) == b.len;
		if (f != NULL && fclose(f) != 0)
			ok = false;
		ok = ok && rename(tmp, path) == 0;
		if (!ok)
			unlink(tmp);
	}
	buf_free(&list);
	buf_free(&b);
	free(tmp);
	free(path);
	return ok;
}

bool
stamp_check(const char *output, const char *digest, struct stamp *s)
{
	char *path = path_join(output, STAMP_FILE), *data, *p, *end;
	struct buf list;
	size_t len, n = 0, listed;
	int used = 0;
	bool ok = false;

	memset(s, 0, sizeof(*s));
	data = file_read(path, &len);
	free(path);
	if (data == NULL)
		return false;
	buf_init(&list);
	p = data;
	end = data + len;
	/* Header: magic, digest, counts, and the number of files listed. */
	if (strncmp(p, STAMP_MAGIC, strlen(STAMP_MAGIC)) != 0)
		goto out;
	p += strlen(STAMP_MAGIC);
	if (sscanf(p, "digest %64[0-9a-f]\ndocuments %zu %zu %zu %zu\nfiles "
	    "%zu\n%n", s->digest, &s->html, &s->markdown, &s->odt, &s->files,
	    &listed, &used) != 6 || used == 0 || strcmp(s->digest, digest) != 0)
		goto out;
	p += used;
	/* The output now, listed the same way, must be what was listed. */
	if (!list_tree(output, "", &list, &n) || n != listed ||
	    (size_t)(end - p) < list.len ||
	    memcmp(p, buf_cstr(&list), list.len) != 0)
		goto out;
	p += list.len;
	if ((size_t)(end - p) < 9 || strncmp(p, "warnings\n", 9) != 0)
		goto out;
	p += 9;
	s->warnings = end > p ? xstrndup(p, (size_t)(end - p)) : NULL;
	ok = true;
out:
	buf_free(&list);
	free(data);
	return ok;
}

void
stamp_free(struct stamp *s)
{
	free(s->warnings);
	s->warnings = NULL;
}
