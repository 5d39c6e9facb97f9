/*
 * The stamp file, one line per item, then the warnings verbatim:
 *
 *	gongshi stamp 5
 *	digest <64 hex digits>
 *	documents <html> <markdown> <odt> <files>
 *	inputs <k> <sum>
 *	<dev> <inode> <size> <mtime> <ctime> <seen> <digest> <path>	(k lines)
 *	files <n>
 *	<size> <mtime seconds>.<nanoseconds> <inode> <rendered> <path>	(n lines)
 *	pieces <k>
 *	<m> <path>	(k times, each followed by m lines:)
 *	<key> <sum> <tail> <offset> <length> <text length> <crc-32>
 *	warnings
 *	<the warnings of the checks, up to the end>
 *
 * The inputs are the index of base/input.h: each file of the content and
 * templates folders, and the program, with the identity it had when its
 * digest was taken (times as seconds.nanoseconds; <seen> the clock just
 * before it was read) and that digest, 32 hex digits; <sum> is the digest
 * of those k lines, so that a damaged index is never trusted. They come
 * first, so that a build reads only the head of the stamp for them.
 *
 * <rendered> is the digest of what the file was rendered from
 * (render/digest.h), 32 hex digits, or "-" for a file that has none
 * (SHA256SUMS, the site's copies of the archive's ODT packages). Paths are
 * the output's, sorted, "site/2025/index.html". The pieces are those of
 * the packages whose content.xml has more than one (format/deflate.h),
 * and of the pages and Markdown files with long lists (format/pieces.h),
 * in the listing's order: key, sum and tail 32 hex digits, offset in the
 * file, lengths in bytes, CRC-32 8 hex digits (tail and CRC-32 are a
 * package's: zeros in the others).
 *
 * Anything unexpected in it means "no match": the build then runs in
 * full, which is always right, only slower.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/input.h"
#include "base/util.h"
#include "load/regcache.h"
#include "publish/stamp.h"

#define STAMP_MAGIC	"gongshi stamp 5\n"
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

/*
 * The digest is taken over a walk of the inputs: a list of fields (kinds,
 * names, and for each file its own digest, base/hash.h). The walk lists
 * the files only; their digests all come from base/input.h, which has
 * those of the files the build loaded and hashes the others once, so that
 * no input is read twice for the stamp. The walk made before the content
 * is read is kept, so that the stamp written after the build takes, for
 * every file the build loaded, the digest of the bytes it loaded: a file
 * edited during the build then leaves a stamp that the next build does not
 * match.
 */
struct field {
	char	*text;
	char	*path;		/* a file's digest: the file, else NULL */
};

struct walk {
	struct field	*v;
	size_t		 n;
	struct timespec	 newest;	/* the latest mtime of what was listed */
};

static struct walk last_walk;

static void
walk_add(struct walk *w, const char *text, const char *path)
{
	w->v = xreallocarray(w->v, w->n + 1, sizeof(*w->v));
	w->v[w->n].text = xstrdup(text);
	w->v[w->n++].path = path != NULL ? xstrdup(path) : NULL;
}

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].text);
		free(w->v[i].path);
	}
	free(w->v);
	w->v = NULL;
	w->n = 0;
	w->newest.tv_sec = 0;
	w->newest.tv_nsec = 0;
}

static bool
later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static void
walk_saw(struct walk *w, const struct stat *st)
{
	if (later(&st->st_mtim, &w->newest))
		w->newest = st->st_mtim;
}

static void
hex_of(const uint8_t d[SHA256_DIGEST_SIZE], char hex[static 65])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0xf];
	}
	hex[64] = '\0';
}

/* Every folder and file under root/rel, depth first, in name order. */
static bool
walk_tree(struct walk *w, const char *root, const char *rel)
{
	struct entry *v;
	char *dir = *rel ? path_join(root, rel) : xstrdup(root), *sub, *path;
	size_t i, n;
	bool ok;

	ok = read_entries(dir, true, &v, &n);
	for (i = 0; ok && i < n; i++) {
		sub = *rel ? path_join(rel, v[i].name) : xstrdup(v[i].name);
		walk_saw(w, &v[i].st);
		if (S_ISDIR(v[i].st.st_mode)) {
			walk_add(w, "d", NULL);
			walk_add(w, sub, NULL);
			ok = walk_tree(w, root, sub);
		} else if (S_ISREG(v[i].st.st_mode)) {
			walk_add(w, "f", NULL);
			walk_add(w, sub, NULL);
			path = path_join(root, sub);
			walk_add(w, "", path);	/* its digest, when taken */
			free(path);
		}
		free(sub);
	}
	entries_free(v, n);
	free(dir);
	return ok;
}

/*
 * The digest of a walk, each file counted by its digest from base/input.h:
 * that of its bytes on disk now (disk), or that of what the build loaded,
 * where it loaded the file. False (errno set) when a file cannot be read,
 * or was loaded twice with different bytes.
 */
static bool
walk_digest(const struct walk *w, bool disk, char hex[static 65])
{
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE];
	const char *text;
	char now[HASH_HEX];
	size_t i;

	sha256_init(&h);
	for (i = 0; i < w->n; i++) {
		text = w->v[i].text;
		if (w->v[i].path != NULL && disk) {
			if (!input_digest_now(w->v[i].path, now))
				return false;
			text = now;
		} else if (w->v[i].path != NULL &&
		    ((text = input_digest(w->v[i].path)) == NULL ||
		    *text == '\0'))
			return false;
		sha256_update(&h, strlen(text) + 1, (const uint8_t *)text);
	}
	sha256_digest(&h, sizeof(d), d);
	hex_of(d, hex);
	return true;
}

static char	program_hex[HASH_HEX];

/* The program, as the index names it. */
#define PROGRAM_PATH	"/proc/self/exe"

static void
take_program(void)
{
	/* Where there is no /proc, the version alone has to do. The index
	 * (base/input.h) has it, unless it was built or copied since. */
	if (!input_digest_now(PROGRAM_PATH, program_hex))
		snprintf(program_hex, sizeof(program_hex), "?");
}

const char *
stamp_program(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* once: the digest's thread and the loader's (load/regcache.h) ask */
	(void)pthread_once(&once, take_program);
	return program_hex;
}

bool
stamp_list(const char *content, const char *templates)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct stat st[2];
	bool ok;

	walk_free(&last_walk);
	walk_add(&last_walk, STAMP_MAGIC, NULL);
	walk_add(&last_walk, GONGSHI_VERSION, NULL);
	/* The program itself: a gongshi rebuilt from changed sources renders
	 * differently under the same version number. */
	walk_add(&last_walk, "program", NULL);
	walk_add(&last_walk, stamp_program(), NULL);
	walk_add(&last_walk, "SOURCE_DATE_EPOCH", NULL);
	walk_add(&last_walk, sde != NULL ? sde : "(unset)", NULL);
	walk_add(&last_walk, "content", NULL);
	ok = stat(content, &st[0]) == 0 && walk_tree(&last_walk, content, "");
	walk_add(&last_walk, "templates", NULL);
	ok = ok && stat(templates, &st[1]) == 0 &&
	    walk_tree(&last_walk, templates, "");
	if (!ok)
		walk_free(&last_walk);
	else {
		walk_saw(&last_walk, &st[0]);	/* a file added or removed there */
		walk_saw(&last_walk, &st[1]);
	}
	return ok;
}

/* The listed walk's digest (walk_digest), or false and no walk kept. */
static bool
listed_digest(bool disk, char hex[static 65])
{
	hex[0] = '\0';
	if (last_walk.n == 0 || !walk_digest(&last_walk, disk, hex)) {
		walk_free(&last_walk);
		hex[0] = '\0';
		return false;
	}
	return true;
}

bool
stamp_listed_digest(char hex[static 65])
{
	return listed_digest(false, hex);
}

bool
stamp_listed_newer(const struct timespec *t)
{
	return last_walk.n == 0 || later(&last_walk.newest, t);
}

bool
stamp_listed_disk_digest(char hex[static 65])
{
	return listed_digest(true, hex);
}

bool
stamp_digest(const char *content, const char *templates, char hex[static 65])
{
	hex[0] = '\0';
	return stamp_list(content, templates) && stamp_listed_disk_digest(hex);
}

/* The walk in parts: "d" or "f", the name, and a file's digest go together. */
bool
stamp_walk_parts(const char *const *dirs, size_t n, struct buf *common,
    struct buf *per)
{
	const struct walk *w = &last_walk;
	const char *text, *name, *slash;
	struct buf *to;
	size_t i, j, len;
	bool in_content = false;

	if (w->n == 0)
		return false;
	for (i = 0; i < w->n; i++) {
		text = w->v[i].text;
		to = common;
		if (w->v[i].path == NULL && strcmp(text, "content") == 0)
			in_content = true;
		else if (w->v[i].path == NULL && strcmp(text, "templates") == 0)
			in_content = false;
		/* "d" or "f", then the name, then a file's digest */
		if (in_content && i + 1 < w->n && w->v[i].path == NULL &&
		    (strcmp(text, "d") == 0 || strcmp(text, "f") == 0)) {
			name = w->v[i + 1].text;
			len = (slash = strchr(name, '/')) != NULL ?
			    (size_t)(slash - name) : strlen(name);
			for (j = 0; j < n; j++)
				if (strlen(dirs[j]) == len &&
				    strncmp(dirs[j], name, len) == 0) {
					to = &per[j];
					break;
				}
			buf_add(to, text, strlen(text) + 1);
			buf_add(to, name, strlen(name) + 1);
			i++;
			if (*text == 'f' && i + 1 < w->n && w->v[i + 1].path != NULL) {
				i++;
				if ((text = input_digest(w->v[i].path)) == NULL ||
				    *text == '\0')
					return false;
				buf_add(to, text, strlen(text) + 1);
			}
			continue;
		}
		if (w->v[i].path != NULL && ((text = input_digest(w->v[i].path))
		    == NULL || *text == '\0'))
			return false;
		buf_add(to, text, strlen(text) + 1);
	}
	return true;
}

/* --- the listing of the output ---------------------------------------------- */

/*
 * A new, zeroed entry at the end of s's listing. The array doubles when
 * its count reaches a power of two: a 25-cycle output lists 2,656 files.
 */
static struct stamp_file *
list_push(struct stamp *s)
{
	size_t n = s->n_list;

	if (n >= 16 && (n & (n - 1)) == 0)
		s->list = xreallocarray(s->list, 2 * n, sizeof(*s->list));
	else if (n == 0)
		s->list = xreallocarray(s->list, 16, sizeof(*s->list));
	memset(&s->list[n], 0, sizeof(*s->list));
	return &s->list[s->n_list++];
}

static void
list_add(struct stamp *s, const char *path, const struct stat *st)
{
	struct stamp_file *f = list_push(s);

	f->path = xstrdup(path);
	f->size = (long long)st->st_size;
	f->sec = (long long)st->st_mtim.tv_sec;
	f->nsec = (long)st->st_mtim.tv_nsec;
	f->ino = (unsigned long long)st->st_ino;
}

static void
list_free(struct stamp *s)
{
	size_t i;

	for (i = 0; i < s->n_list; i++)
		free(s->list[i].path);
	free(s->list);
	s->list = NULL;
	s->n_list = 0;
}

/* Every file under root/rel, in name order, into s's list. */
static bool
list_tree(const char *root, const char *rel, struct stamp *s)
{
	struct entry *v;
	char *dir = *rel ? path_join(root, rel) : xstrdup(root), *sub;
	size_t i, k;
	bool ok;

	ok = read_entries(dir, false, &v, &k);
	for (i = 0; ok && i < k; i++) {
		/*
		 * The stamp does not list gongshi's own files at the top: itself,
		 * the registers kept (REGCACHE_FILE), the folders of
		 * publish/sibling.h, all named ".gongshi-…".
		 */
		if (*rel == '\0' && str_has_prefix(v[i].name, ".gongshi-"))
			continue;
		sub = *rel ? path_join(rel, v[i].name) : xstrdup(v[i].name);
		if (S_ISDIR(v[i].st.st_mode))
			ok = list_tree(root, sub, s);
		else
			list_add(s, sub, &v[i].st);
		free(sub);
	}
	entries_free(v, k);
	free(dir);
	return ok;
}

static bool
same_file(const struct stamp_file *a, const struct stamp_file *b)
{
	return a->size == b->size && a->sec == b->sec && a->nsec == b->nsec &&
	    a->ino == b->ino;
}

/* Whether st is a regular file as f lists it. */
static bool
stat_is(const struct stat *st, const struct stamp_file *f)
{
	struct stamp_file now;

	if (!S_ISREG(st->st_mode))
		return false;
	now.size = (long long)st->st_size;
	now.sec = (long long)st->st_mtim.tv_sec;
	now.nsec = (long)st->st_mtim.tv_nsec;
	now.ino = (unsigned long long)st->st_ino;
	return same_file(&now, f);
}

bool
stamp_file_intact(const char *output, const struct stamp_file *f)
{
	struct stat st;
	char *path = path_join(output, f->path);
	bool ok;

	ok = stat(path, &st) == 0;
	free(path);
	return ok && stat_is(&st, f);
}

bool
stamp_fd_intact(int fd, const struct stamp_file *f)
{
	struct stat st;

	return fstat(fd, &st) == 0 && stat_is(&st, f);
}

/* --- numbers written and read without printf and sscanf ------------------------ */

/* A lower-case hex digit's value, or -1. */
static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* v in decimal at the end of b. */
static void
put_ull(struct buf *b, unsigned long long v)
{
	char d[24];
	size_t n = sizeof(d);

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, d + n, sizeof(d) - n);
}

static void
put_ll(struct buf *b, long long v)
{
	if (v < 0) {
		buf_putc(b, '-');
		put_ull(b, 0 - (unsigned long long)v);
	} else
		put_ull(b, (unsigned long long)v);
}

/* "SEC.NSEC", nine digits of nanoseconds. */
static void
put_time(struct buf *b, long long sec, long nsec)
{
	char d[9];
	int i;

	put_ll(b, sec);
	buf_putc(b, '.');
	for (i = 8; i >= 0; i--, nsec /= 10)
		d[i] = (char)('0' + nsec % 10);
	buf_add(b, d, sizeof(d));
}

static void
put_hash(struct buf *b, const struct hash *h)
{
	char hex[HASH_HEX];

	hash_hex(h, hex);
	buf_add(b, hex, HASH_HEX - 1);
}

/* v as eight hex digits, as "%08x". */
static void
put_hex32(struct buf *b, uint32_t v)
{
	static const char digits[] = "0123456789abcdef";
	char d[8];
	int i;

	for (i = 7; i >= 0; i--, v >>= 4)
		d[i] = digits[v & 0xf];
	buf_add(b, d, sizeof(d));
}

/* A decimal number (a '-' first for a negative one), then sep. */
static bool
get_ll(const char **pp, const char *end, long long *v, char sep)
{
	const char *p = *pp;
	unsigned long long u = 0;
	bool neg = p < end && *p == '-';

	p += neg;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9' && u <= LLONG_MAX / 10)
		u = u * 10 + (unsigned long long)(*p++ - '0');
	if (p >= end || *p != sep || u > LLONG_MAX)
		return false;
	*v = neg ? -(long long)u : (long long)u;
	*pp = p + 1;
	return true;
}

/* An unsigned decimal number, then a space. */
static bool
get_ull(const char **pp, const char *end, unsigned long long *v)
{
	const char *p = *pp;
	unsigned long long u = 0;

	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9' && u <= ULLONG_MAX / 10)
		u = u * 10 + (unsigned long long)(*p++ - '0');
	if (p >= end || *p != ' ')
		return false;
	*v = u;
	*pp = p + 1;
	return true;
}

/* --- the pieces of the packages ----------------------------------------------- */

static void
pieces_free(struct stamp *s)
{
	size_t i;

	for (i = 0; i < s->n_pieces; i++) {
		free(s->pieces[i].path);
		free(s->pieces[i].v);
	}
	free(s->pieces);
	s->pieces = NULL;
	s->n_pieces = 0;
}

/* The pieces of the packages listed in now that kept has some of. */
static void
print_pieces(const struct stamp *now, const struct strmap *kept,
    struct buf *b)
{
	const struct stamp_pieces *sp;
	const struct dkept *k;
	size_t i, j, n = 0;

	for (i = 0; kept != NULL && i < now->n_list; i++)
		n += strmap_get(kept, now->list[i].path) != NULL;
	buf_printf(b, "pieces %zu\n", n);
	for (i = 0; n > 0 && i < now->n_list; i++) {
		if ((sp = strmap_get(kept, now->list[i].path)) == NULL)
			continue;
		buf_printf(b, "%zu %s\n", sp->n, now->list[i].path);
		for (j = 0; j < sp->n; j++) {
			/* "%s %s %s %llu %zu %zu %08x\n" by hand: 2,000 lines */
			k = &sp->v[j];
			put_hash(b, &k->key);
			buf_putc(b, ' ');
			put_hash(b, &k->sum);
			buf_putc(b, ' ');
			put_hash(b, &k->tail);
			buf_putc(b, ' ');
			put_ull(b, (unsigned long long)k->off);
			buf_putc(b, ' ');
			put_ull(b, k->len);
			buf_putc(b, ' ');
			put_ull(b, k->raw_len);
			buf_putc(b, ' ');
			put_hex32(b, k->crc);
			buf_putc(b, '\n');
		}
	}
}

/* The line at *pp, copied (see parse_file), moving *pp past it. */
static char *
next_line(const char **pp, const char *end)
{
	const char *p = *pp, *nl = memchr(p, '\n', (size_t)(end - p));

	if (nl == NULL)
		return NULL;
	*pp = nl + 1;
	return xstrndup(p, (size_t)(nl - p));
}

/* One piece's line into k. */
static bool
parse_piece(const char *line, struct dkept *k)
{
	unsigned long long off, len, raw;
	const char *p, *end;
	unsigned crc;
	int n;

	if (strlen(line) < 3 * HASH_HEX || line[HASH_HEX - 1] != ' ' ||
	    line[2 * HASH_HEX - 1] != ' ' || line[3 * HASH_HEX - 1] != ' ' ||
	    !hash_parse_hex(line, &k->key) ||
	    !hash_parse_hex(line + HASH_HEX, &k->sum) ||
	    !hash_parse_hex(line + 2 * HASH_HEX, &k->tail))
		return false;
	p = line + 3 * HASH_HEX;
	end = p + strlen(p);
	if (!get_ull(&p, end, &off) || !get_ull(&p, end, &len) ||
	    !get_ull(&p, end, &raw) || len > SIZE_MAX || raw > SIZE_MAX)
		return false;
	for (crc = 0, n = 0; p < end && n < 8 && hex_digit(*p) >= 0; n++)
		crc = crc << 4 | (unsigned)hex_digit(*p++);
	if (n == 0 || p != end)
		return false;
	k->off = off;
	k->len = (size_t)len;
	k->raw_len = (size_t)raw;
	k->crc = (uint32_t)crc;
	return true;
}

/* The pieces section: "pieces <k>", then each package's. */
static bool
parse_pieces(const char **pp, const char *end, struct stamp *s)
{
	struct stamp_pieces *sp;
	char *line = next_line(pp, end);
	size_t k, i, j;
	int used = 0;
	bool ok;

	ok = line != NULL && sscanf(line, "pieces %zu%n", &k, &used) == 1 &&
	    line[used] == '\0' && k <= (size_t)(end - *pp);
	free(line);
	if (!ok)
		return false;
	s->pieces = xcalloc(k + 1, sizeof(*s->pieces));
	for (i = 0; ok && i < k; i++) {
		sp = &s->pieces[s->n_pieces++];
		ok = (line = next_line(pp, end)) != NULL &&
		    sscanf(line, "%zu %n", &sp->n, &used) == 1 && used > 0 &&
		    line[used] != '\0' && sp->n <= (size_t)(end - *pp);
		if (ok) {
			sp->path = xstrdup(line + used);
			sp->v = xcalloc(sp->n + 1, sizeof(*sp->v));
		}
		free(line);
		for (j = 0; ok && j < sp->n; j++) {
			ok = (line = next_line(pp, end)) != NULL &&
			    parse_piece(line, &sp->v[j]);
			free(line);
		}
	}
	return ok;
}

/* --- writing and checking ------------------------------------------------------ */

/* The listing's lines, each file with what it was rendered from. */
static void
print_list(const struct stamp *now, const struct strmap *rendered,
    struct buf *b)
{
	const struct stamp_file *f;
	const char *hex;
	size_t i;

	for (i = 0; i < now->n_list; i++) {
		/* "%lld %lld.%09ld %llu %s %s\n" by hand: 2,656 lines */
		f = &now->list[i];
		hex = rendered != NULL ? strmap_get(rendered, f->path) : NULL;
		put_ll(b, f->size);
		buf_putc(b, ' ');
		put_time(b, f->sec, f->nsec);
		buf_putc(b, ' ');
		put_ull(b, f->ino);
		buf_putc(b, ' ');
		buf_puts(b, hex != NULL ? hex : "-");
		buf_putc(b, ' ');
		buf_puts(b, f->path);
		buf_putc(b, '\n');
	}
}

/*
 * The order of list_tree(): name by name down the folders, so "a/b"
 * before "a.html" ('/' first).
 */
static int
tree_cmp(const void *pa, const void *pb)
{
	const unsigned char *a = (const unsigned char *)
	    ((const struct stamp_file *)pa)->path, *b = (const unsigned char *)
	    ((const struct stamp_file *)pb)->path;
	unsigned ca, cb;

	for (;; a++, b++) {
		ca = *a == '/' ? 1 : *a;
		cb = *b == '/' ? 1 : *b;
		if (ca != cb || ca == 0)
			return ca < cb ? -1 : ca > cb;
	}
}

/* The listing given (stamp_write), into now in the order of list_tree(). */
static bool
list_given(const struct stamp *s, struct stamp *now)
{
	size_t i;

	now->list = xcalloc(s->n_list + 1, sizeof(*now->list));
	for (i = 0; i < s->n_list; i++) {
		now->list[i] = s->list[i];
		now->list[i].path = xstrdup(s->list[i].path);
	}
	now->n_list = s->n_list;
	/* the outset's order is that already but where '/' meets '.' or '-' */
	for (i = 1; i < now->n_list; i++)
		if (tree_cmp(&now->list[i - 1], &now->list[i]) > 0)
			break;
	if (i < now->n_list)
		qsort(now->list, now->n_list, sizeof(*now->list), tree_cmp);
	return true;
}

/* --- the index of the inputs (base/input.h) ---------------------------------------- */

/* One entry of the index, path to the line's end; none for a path that
 * would not fit in a line. */
static void
print_input(struct buf *b, const char *path)
{
	struct input_stat id;
	char hex[HASH_HEX];

	if (strchr(path, '\n') != NULL || !input_index_get(path, &id, hex))
		return;
	buf_printf(b, "%llu %llu %lld %lld.%09ld %lld.%09ld %lld.%09ld %s %s\n",
	    id.dev, id.ino, id.size, (long long)id.mtime.tv_sec,
	    (long)id.mtime.tv_nsec, (long long)id.ctime.tv_sec,
	    (long)id.ctime.tv_nsec, (long long)id.seen.tv_sec,
	    (long)id.seen.tv_nsec, hex, path);
}

/* The index: every file of the walk, and the program. */
static void
print_inputs(struct buf *b)
{
	struct buf lines;
	char sum[HASH_HEX];
	size_t i, n = 0;
	const char *p;

	buf_init(&lines);
	for (i = 0; i < last_walk.n; i++)
		if (last_walk.v[i].path != NULL)
			print_input(&lines, last_walk.v[i].path);
	print_input(&lines, PROGRAM_PATH);
	for (p = lines.data; p != NULL && p < lines.data + lines.len; p++)
		n += *p == '\n';
	hash_bytes_hex(lines.data, lines.len, sum);
	buf_printf(b, "inputs %zu %s\n", n, sum);
	buf_add(b, lines.data, lines.len);
	buf_free(&lines);
}

/* Seconds, a '.', nine digits of nanoseconds, then a space. */
static bool
get_time(const char **pp, const char *end, struct timespec *t)
{
	const char *p;
	long long sec;
	long ns = 0;
	int n;

	if (!get_ll(pp, end, &sec, '.'))
		return false;
	for (p = *pp, n = 0; n < 9 && p < end && *p >= '0' && *p <= '9'; n++)
		ns = ns * 10 + (*p++ - '0');
	if (n != 9 || p >= end || *p != ' ')
		return false;
	t->tv_sec = (time_t)sec;
	t->tv_nsec = ns;
	*pp = p + 1;
	return true;
}

/* One entry's line, [p, nl), into id, hex and path (malloc'd). */
static bool
parse_input(const char *p, const char *nl, struct input_stat *id,
    char hex[static HASH_HEX], char **path)
{
	unsigned long long size;
	size_t i;

	memset(id, 0, sizeof(*id));
	*path = NULL;
	if (!get_ull(&p, nl, &id->dev) || !get_ull(&p, nl, &id->ino) ||
	    !get_ull(&p, nl, &size) || size > LLONG_MAX ||
	    !get_time(&p, nl, &id->mtime) || !get_time(&p, nl, &id->ctime) ||
	    !get_time(&p, nl, &id->seen) || nl - p < HASH_HEX + 1)
		return false;
	id->size = (long long)size;
	for (i = 0; i < HASH_HEX - 1; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	if (p[HASH_HEX - 1] != ' ')
		return false;
	memcpy(hex, p, HASH_HEX - 1);
	hex[HASH_HEX - 1] = '\0';
	*path = xstrndup(p + HASH_HEX, (size_t)(nl - p - HASH_HEX));
	return **path != '\0';
}

/*
 * The index at *pp: "inputs <k> <sum>" and k lines, moving *pp past them;
 * each entry given to base/input.h when give (*n counts them). False when
 * it is not one, or its sum does not match: then nothing is given.
 */
static bool
parse_inputs(const char **pp, const char *end, bool give, size_t *n)
{
	const char *p = *pp, *nl, *first;
	struct input_stat id;
	struct hash want, got;
	char hex[HASH_HEX], sum[HASH_HEX], *path;
	unsigned long long k, i;
	bool ok;

	if (give)
		*n = 0;
	if ((size_t)(end - p) < 7 || strncmp(p, "inputs ", 7) != 0)
		return false;
	p += 7;
	if (!get_ull(&p, end, &k) || end - p < HASH_HEX ||
	    p[HASH_HEX - 1] != '\n' || k > (unsigned long long)(end - p))
		return false;
	memcpy(sum, p, HASH_HEX - 1);
	sum[HASH_HEX - 1] = '\0';
	p += HASH_HEX;
	for (first = p, i = 0; i < k; i++, p = nl + 1)
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return false;
	hash_bytes(first, (size_t)(p - first), &got);
	if (!hash_parse_hex(sum, &want) || !hash_equal(&want, &got))
		return false;
	*pp = p;
	if (!give)
		return true;
	/* All or none: a line that does not parse means a damaged index. */
	for (ok = true, p = first, i = 0; ok && i < k; i++, p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		ok = parse_input(p, nl, &id, hex, &path);
		free(path);
	}
	for (p = first, i = 0; ok && i < k; i++, p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		(void)parse_input(p, nl, &id, hex, &path);
		input_index_put(path, &id, hex);
		free(path);
		(*n)++;
	}
	return ok;
}

size_t
stamp_index_parse(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	char digest[65];
	size_t html, md, odt, files, n = 0;
	int used = 0;

	if (len < strlen(STAMP_MAGIC) ||
	    strncmp(p, STAMP_MAGIC, strlen(STAMP_MAGIC)) != 0)
		return 0;
	p += strlen(STAMP_MAGIC);
	if (memchr(p, '\0', (size_t)(end - p)) != NULL ||
	    sscanf(p, "digest %64[0-9a-f]\ndocuments %zu %zu %zu %zu\n%n",
	    digest, &html, &md, &odt, &files, &used) != 5 || used == 0)
		return 0;
	p += used;
	return parse_inputs(&p, end, true, &n) ? n : 0;
}

/*
 * The head of the stamp at path, up to its listing ("files"), or the
 * whole file when shorter: the index, without the 2,656 lines of the
 * listing at 25 cycles.
 */
static char *
read_head(const char *path, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *data;
	ssize_t got;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	data = xmalloc(cap + 1);
	for (;;) {
		if (n == cap)
			data = xrealloc(data, (cap *= 2) + 1);
		if ((got = fd_read(fd, data + n, cap - n)) <= 0)
			break;
		n += (size_t)got;
		data[n] = '\0';
		if (strstr(data, "\nfiles ") != NULL)
			break;
	}
	close(fd);
	if (got < 0) {
		free(data);
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

size_t
stamp_index_open(const char *output)
{
	char *path = path_join(output, STAMP_FILE), *data;
	size_t len, n = 0;

	if ((data = read_head(path, &len)) != NULL)
		n = stamp_index_parse(data, len);
	free(data);
	free(path);
	return n;
}

bool
stamp_write(const char *output, const struct stamp *s)
{
	char *tmp = path_join(output, STAMP_TMP), *path = path_join(output,
	    STAMP_FILE);
	struct stamp now;
	struct buf b;
	char digest[65];
	FILE *f = NULL;
	bool ok;

	memset(&now, 0, sizeof(now));
	buf_init(&b);
	snprintf(digest, sizeof(digest), "%s", s->digest);
	/*
	 * What was loaded cannot be told (a file loaded twice with different
	 * bytes, or loaded but not in the walk): no stamp, the next build
	 * runs.
	 */
	if (last_walk.n > 0) {
		input_asked_reset();
		if (!walk_digest(&last_walk, false, digest) ||
		    input_unasked() > 0) {
			ok = true;
			goto out;
		}
	}
	if ((ok = s->list != NULL ? list_given(s, &now) :
	    list_tree(output, "", &now))) {
		buf_printf(&b, STAMP_MAGIC "digest %s\ndocuments %zu %zu %zu "
		    "%zu\n", digest, s->html, s->markdown, s->odt, s->files);
		print_inputs(&b);
		buf_printf(&b, "files %zu\n", now.n_list);
		print_list(&now, s->rendered, &b);
		print_pieces(&now, s->kept, &b);
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
out:
	list_free(&now);
	buf_free(&b);
	free(tmp);
	free(path);
	return ok;
}

/*
 * One line of the listing; false when it is not one. Read from a copy of
 * the line: sscanf() measures the whole rest of the stamp at each call.
 */
static bool
parse_file(const char **pp, const char *end, struct stamp *s)
{
	const char *p = *pp, *nl = memchr(p, '\n', (size_t)(end - p)), *h;
	struct stamp_file f;
	size_t n;

	/* "SIZE SEC.NSEC INO HEX|- PATH", read in place (no sscanf: 2,656
	 * lines at 25 cycles, read twice a build) */
	memset(&f, 0, sizeof(f));
	if (nl == NULL || !get_ll(&p, nl, &f.size, ' ') ||
	    !get_ll(&p, nl, &f.sec, '.'))
		return false;
	for (n = 0; p < nl && n < 9 && *p >= '0' && *p <= '9'; n++)
		f.nsec = f.nsec * 10 + (*p++ - '0');
	if (n == 0 || p >= nl || *p++ != ' ' || !get_ull(&p, nl, &f.ino))
		return false;
	for (h = p; p < nl && (size_t)(p - h) < HASH_HEX - 1 &&
	    ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || *p == '-');)
		p++;
	n = (size_t)(p - h);
	if (p >= nl || *p++ != ' ' || p >= nl)
		return false;
	if (n == HASH_HEX - 1 && memchr(h, '-', n) == NULL)
		memcpy(f.rendered, h, n);
	else if (n != 1 || *h != '-')
		return false;
	f.path = xstrndup(p, (size_t)(nl - p));
	*list_push(s) = f;
	*pp = nl + 1;
	return true;
}

bool
stamp_load(const char *output, struct stamp *s)
{
	char *path = path_join(output, STAMP_FILE), *data;
	const char *p, *end;
	size_t len, i, listed;
	int used = 0;
	bool ok = false;

	memset(s, 0, sizeof(*s));
	data = file_read(path, &len);
	free(path);
	if (data == NULL)
		return false;
	p = data;
	end = data + len;
	/* Header: magic, digest, counts, and the number of files listed. */
	if (strncmp(p, STAMP_MAGIC, strlen(STAMP_MAGIC)) != 0)
		goto out;
	p += strlen(STAMP_MAGIC);
	if (sscanf(p, "digest %64[0-9a-f]\ndocuments %zu %zu %zu %zu\n%n",
	    s->digest, &s->html, &s->markdown, &s->odt, &s->files, &used) != 5 ||
	    used == 0)
		goto out;
	p += used;
	if (!parse_inputs(&p, end, false, NULL))
		goto out;
	used = 0;
	if (sscanf(p, "files %zu\n%n", &listed, &used) != 1 || used == 0)
		goto out;
	p += used;
	for (i = 0; i < listed; i++)
		if (!parse_file(&p, end, s))
			goto out;
	if (!parse_pieces(&p, end, s))
		goto out;
	if ((size_t)(end - p) < 9 || strncmp(p, "warnings\n", 9) != 0)
		goto out;
	p += 9;
	s->warnings = end > p ? xstrndup(p, (size_t)(end - p)) : NULL;
	ok = true;
out:
	if (!ok)
		stamp_free(s);
	free(data);
	return ok;
}

/* The output now, listed the same way, is exactly what s lists. */
static bool
output_whole(const char *output, const struct stamp *s)
{
	struct stamp now;
	size_t i;
	bool ok;

	memset(&now, 0, sizeof(now));
	ok = list_tree(output, "", &now) && now.n_list == s->n_list;
	for (i = 0; ok && i < now.n_list; i++)
		ok = strcmp(now.list[i].path, s->list[i].path) == 0 &&
		    same_file(&now.list[i], &s->list[i]);
	list_free(&now);
	return ok;
}

/*
 * Whether the stamp in output has this digest, from its head alone: after
 * an edit it has not, and its listing (2,656 files at 25 cycles) need not
 * be read and parsed to know it.
 */
static bool
head_has(const char *output, const char *digest)
{
	char *path = path_join(output, STAMP_FILE), head[160], hex[65];
	size_t n = strlen(STAMP_MAGIC);
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return false;
	got = read(fd, head, sizeof(head) - 1);
	close(fd);
	if (got < 0)
		return false;
	head[got] = '\0';
	return strncmp(head, STAMP_MAGIC, n) == 0 &&
	    sscanf(head + n, "digest %64[0-9a-f]\n", hex) == 1 &&
	    strcmp(hex, digest) == 0;
}

/*
 * After a build with nothing to do that read some inputs after all (racy
 * ones, ones the index did not have, or all with --reread): the stamp's
 * index written again with them, the rest of the stamp as it was, so
 * that the next build need not read them again. Beside, then renamed
 * into place; when that fails, the next build only reads them again.
 */
static void
refresh_index(const char *output)
{
	char *path = path_join(output, STAMP_FILE), *tmp = path_join(output,
	    STAMP_TMP), *data;
	const char *p, *q, *end;
	struct buf b;
	size_t len;
	FILE *f;
	bool ok;

	buf_init(&b);
	if (last_walk.n == 0 || (data = file_read(path, &len)) == NULL)
		goto out;
	end = data + len;
	/* after the magic, the digest and the documents: the index */
	p = memchr(data, '\n', len);
	p = p != NULL ? memchr(p + 1, '\n', (size_t)(end - p - 1)) : NULL;
	p = p != NULL ? memchr(p + 1, '\n', (size_t)(end - p - 1)) : NULL;
	if (p != NULL && (q = ++p, parse_inputs(&q, end, false, NULL))) {
		buf_add(&b, data, (size_t)(p - data));
		print_inputs(&b);
		buf_add(&b, q, (size_t)(end - q));
		ok = (f = fopen(tmp, "wb")) != NULL &&
		    fwrite(b.data, 1, b.len, f) == b.len;
		if (f != NULL && fclose(f) != 0)
			ok = false;
		if (!ok || rename(tmp, path) != 0)
			unlink(tmp);
	}
	free(data);
out:
	buf_free(&b);
	free(tmp);
	free(path);
}

bool
stamp_check(const char *output, const char *digest, struct stamp *s)
{
	memset(s, 0, sizeof(*s));
	if (!head_has(output, digest) || !stamp_load(output, s))
		return false;
	if (strcmp(s->digest, digest) == 0 && output_whole(output, s)) {
		if (input_reads() > 0)
			refresh_index(output);
		return true;
	}
	stamp_free(s);
	return false;
}

void
stamp_free(struct stamp *s)
{
	free(s->warnings);
	s->warnings = NULL;
	list_free(s);
	pieces_free(s);
}
