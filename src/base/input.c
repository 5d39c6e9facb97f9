#define _GNU_SOURCE		/* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/strmap.h"
#include "base/util.h"
#include "base/workq.h"

/*
 * What was read: path → digest, for the stamp. A file the stamp asked for
 * and no one read is hashed once and kept too, until input_read() reads it
 * (its digest then takes the place of the one on disk before).
 */
struct loaded {
	char	*path;
	char	 hex[HASH_HEX];	/* "" when read twice with different bytes */
	int	 hashed;	/* hex holds a digest */
	int	 loaded;	/* ... of bytes input_read() read */
	int	 asked;
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct strmap	 by_path;
static struct loaded	**loaded;
static size_t		 n_loaded;

static void	roots_forget(void);

/* "a//b/./c" → "a/b/c": the loader and the stamp join paths alike, but
 * a folder given as "content/" or "./content" must not make two names. */
static char *
normal_path(const char *path)
{
	char *out = xmalloc(strlen(path) + 1), *o = out;
	const char *p = path;

	while (*p != '\0') {
		if (p[0] == '.' && p[1] == '/' && (p == path || p[-1] == '/')) {
			p += 2;
			continue;
		}
		if (*p == '/' && o > out && o[-1] == '/') {
			p++;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/*
 * A large file is hashed on a second thread while the loader parses it
 * (hashing 20,000 applicants' registers was 7 % of a build); its bytes
 * are copied for that. Small ones are hashed at once, and so are the
 * largest (1,000,000 applicants' organizations.csv, 220 MB), whose copy
 * would cost more memory than the time is worth.
 */
#define HASH_APART_BYTES	((size_t)64 << 10)
#define HASH_APART_MAX		((size_t)64 << 20)

static struct workq	*hashers;	/* created at the first large file */

struct hashing {
	struct loaded	*l;
	char		*data;
	size_t		 len;
};

/* Gives l the digest of one read of its file by input_read(). Lock held. */
static void
set_digest(struct loaded *l, const char hex[static HASH_HEX])
{
	if (!l->loaded) {
		memcpy(l->hex, hex, HASH_HEX);
		l->hashed = l->loaded = 1;
	} else if (strcmp(l->hex, hex) != 0)
		l->hex[0] = '\0';	/* read twice, different bytes */
}

static void
hash_apart(void *arg)
{
	struct hashing *h = arg;
	char hex[HASH_HEX];

	hash_bytes_hex(h->data, h->len, hex);
	pthread_mutex_lock(&lock);
	set_digest(h->l, hex);
	pthread_mutex_unlock(&lock);
	free(h->data);
	free(h);
}

/* Waits for the digests of every file read. */
static void
hashed_all(void)
{
	struct workq *q;

	pthread_mutex_lock(&lock);
	q = hashers;
	pthread_mutex_unlock(&lock);
	if (q != NULL)
		workq_help(q);
}

/* The entry of path, made when it is the first read of it. Lock held. */
static struct loaded *
entry(const char *path)
{
	char *key = normal_path(path);
	struct loaded *l;

	if ((l = strmap_get(&by_path, key)) != NULL) {
		free(key);
		return l;
	}
	l = xcalloc(1, sizeof(*l));
	l->path = key;
	loaded = xreallocarray(loaded, n_loaded + 1, sizeof(*loaded));
	loaded[n_loaded++] = l;
	strmap_put(&by_path, l->path, l);
	return l;
}

static void
record(const char *path, const char *data, size_t len)
{
	struct hashing *h;
	struct loaded *l;
	char hex[HASH_HEX];

	if (len < HASH_APART_BYTES || len > HASH_APART_MAX) {
		hash_bytes_hex(data, len, hex);
		pthread_mutex_lock(&lock);
		set_digest(entry(path), hex);
		pthread_mutex_unlock(&lock);
		return;
	}
	pthread_mutex_lock(&lock);
	l = entry(path);
	if (hashers == NULL)
		hashers = workq_new();
	pthread_mutex_unlock(&lock);
	h = xmalloc(sizeof(*h));
	h->l = l;
	h->data = xmalloc(len);
	memcpy(h->data, data, len);
	h->len = len;
	workq_push(hashers, WORKQ_SOON, hash_apart, h);
}

const char *
input_loaded_digest(const char *path)
{
	char *key = normal_path(path);
	struct loaded *l;

	hashed_all();
	pthread_mutex_lock(&lock);
	if ((l = strmap_get(&by_path, key)) != NULL)
		l->asked = 1;
	pthread_mutex_unlock(&lock);
	free(key);
	return l != NULL && l->loaded ? l->hex : NULL;
}

/* Hashes path on disk into hex, and keeps it unless loaded; its entry. */
static struct loaded *
hash_now(const char *path, char hex[static HASH_HEX])
{
	struct loaded *l;

	if (!hash_file_hex(path, hex))
		return NULL;
	pthread_mutex_lock(&lock);
	l = entry(path);
	l->asked = 1;
	if (!l->loaded) {
		memcpy(l->hex, hex, HASH_HEX);
		l->hashed = 1;
	}
	pthread_mutex_unlock(&lock);
	return l;
}

bool
input_digest_now(const char *path, char hex[static HASH_HEX])
{
	return hash_now(path, hex) != NULL;
}

const char *
input_digest(const char *path)
{
	char *key = normal_path(path), hex[HASH_HEX];
	struct loaded *l;

	hashed_all();
	pthread_mutex_lock(&lock);
	if ((l = strmap_get(&by_path, key)) != NULL && l->hashed)
		l->asked = 1;
	else
		l = NULL;
	pthread_mutex_unlock(&lock);
	free(key);
	if (l == NULL && (l = hash_now(path, hex)) == NULL)
		return NULL;
	return l->hex;
}

size_t
input_unasked(void)
{
	size_t i, n = 0;

	pthread_mutex_lock(&lock);
	for (i = 0; i < n_loaded; i++)
		n += loaded[i]->loaded && !loaded[i]->asked;
	pthread_mutex_unlock(&lock);
	return n;
}

void
input_asked_reset(void)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < n_loaded; i++)
		loaded[i]->asked = 0;
	pthread_mutex_unlock(&lock);
}

void
input_forget(void)
{
	size_t i;

	hashed_all();
	pthread_mutex_lock(&lock);
	for (i = 0; i < n_loaded; i++) {
		free(loaded[i]->path);
		free(loaded[i]);
	}
	free(loaded);
	loaded = NULL;
	n_loaded = 0;
	strmap_free(&by_path);
	roots_forget();
	pthread_mutex_unlock(&lock);
}

/* --- the checks ------------------------------------------------------------- */

/* What a file that is not a regular file is, for the message. */
static const char *
kind_of(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return _("a folder");
	if (S_ISFIFO(st->st_mode))
		return _("a named pipe (FIFO)");
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		return _("a device");
	if (S_ISSOCK(st->st_mode))
		return _("a socket");
	return _("not a regular file");
}

/*
 * The real path of the open file: the kernel's, so that no link can be
 * swapped between the check and the read. realpath(path) where /proc is
 * missing.
 */
static char *
real_path_of(int fd, const char *path)
{
	char proc[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if ((n = readlink(proc, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		return xstrdup(buf);
	}
	return realpath(path, NULL);
}

/* True when real is root_real or inside it. */
static bool
inside(const char *real, const char *root_real)
{
	size_t n = strlen(root_real);

	if (strcmp(root_real, "/") == 0)
		return true;
	return strncmp(real, root_real, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/');
}

/*
 * The real path of each root, as the loader and the renderers name it:
 * found once, not once per file read (realpath() asks the kernel about
 * every part of the path: 9,000 readlink and 3,700 getcwd calls at 25
 * cycles x 4,000, when each template was read). A file that does not
 * seem inside is checked again against the root's real path now, so that
 * a root moved or relinked during the build is never taken for another.
 */
struct root {
	char	*path;		/* as the callers name it */
	char	*real;		/* its real path, or NULL until asked */
	int	 fd;		/* the folder, O_PATH, or -1 until opened */
};

static struct strmap	 roots;
static struct root	**root_list;
static size_t		 n_roots;

/* The entry of root, made at its first use. Lock held. */
static struct root *
root_entry(const char *root)
{
	struct root *r;

	if ((r = strmap_get(&roots, root)) != NULL)
		return r;
	r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(root);
	r->fd = -1;
	root_list = xreallocarray(root_list, n_roots + 1, sizeof(*root_list));
	root_list[n_roots++] = r;
	(void)strmap_put(&roots, r->path, r);
	return r;
}

/* The real path of root (malloc'd), the cached one unless fresh. */
static char *
root_real_path(const char *root, bool fresh)
{
	struct root *r;
	char *real = NULL;

	pthread_mutex_lock(&lock);
	r = root_entry(root);
	if (!fresh && r->real != NULL)
		real = xstrdup(r->real);
	pthread_mutex_unlock(&lock);
	if (real != NULL || (real = realpath(root, NULL)) == NULL)
		return real;
	pthread_mutex_lock(&lock);
	free(r->real);
	r->real = xstrdup(real);
	pthread_mutex_unlock(&lock);
	return real;
}

/*
 * The folder root, opened once (O_PATH: for openat2 only), or -1. The
 * build then reads every file of it from the folder it found at the first
 * read, even should the name be given to another folder meanwhile.
 */
static int
root_fd(const char *root)
{
	struct root *r;
	int fd;

	pthread_mutex_lock(&lock);
	r = root_entry(root);
	if (r->fd < 0)
		r->fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	fd = r->fd;
	pthread_mutex_unlock(&lock);
	return fd;
}

/* Forgets the roots' real paths. Lock held. */
static void
roots_forget(void)
{
	size_t i;

	for (i = 0; i < n_roots; i++) {
		if (root_list[i]->fd >= 0)
			close(root_list[i]->fd);
		free(root_list[i]->path);
		free(root_list[i]->real);
		free(root_list[i]);
	}
	free(root_list);
	root_list = NULL;
	n_roots = 0;
	strmap_free(&roots);
}

static bool
check_inside(int fd, const char *root, const char *path, const char *shown,
    struct diag *d)
{
	char *real = real_path_of(fd, path), *root_real = NULL;
	bool ok = false;

	if (real != NULL && (root_real = root_real_path(root, false)) != NULL &&
	    !(ok = inside(real, root_real))) {
		free(root_real);
		if ((root_real = root_real_path(root, true)) != NULL)
			ok = inside(real, root_real);
	}
	if (real == NULL || root_real == NULL)
		diag_system_error(d, shown, _("cannot tell where the file "
		    "really is (%s)"), strerror(errno));
	else if (!ok)
		diag_error(d, shown, 0, _("the file is a symbolic link to %s, "
		    "outside the folder %s; gongshi reads only files inside it: "
		    "copy the file here instead of linking to it"), real, root);
	free(real);
	free(root_real);
	return ok;
}

/*
 * path as root/rel, rel pointing into path; NULL when path is not named
 * under root.
 */
static const char *
relative_to(const char *root, const char *path)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 0 || strncmp(path, root, n) != 0 || path[n] != '/')
		return NULL;
	while (path[n] == '/')
		n++;
	return path[n] != '\0' ? path + n : NULL;
}

/*
 * Opens path, a regular file, where it lies inside root: beneath root's
 * folder, which the kernel checks as it resolves each link (openat2
 * RESOLVE_BENEATH), so that no one need ask where the file really is;
 * else (a link to an absolute path, a kernel without openat2) opened by
 * its path and checked (check_inside). -1 with errno set, said to d but
 * for ENOENT, as input_read() says.
 */
static int
open_inside(const char *root, const char *path, const char *shown,
    struct stat *st, struct diag *d)
{
	const char *rel = relative_to(root, path);
	int fd, dir, saved;

	if (rel != NULL && (dir = root_fd(root)) >= 0 &&
	    ((fd = file_open_beneath(dir, rel, st)) >= 0 || errno == ENOENT))
		return fd;
	if ((fd = file_open_regular(path, st)) < 0) {
		saved = errno;
		if (saved == EISDIR || saved == EFTYPE_NOTREG)
			diag_system_error(d, shown, _("this is %s, not a regular "
			    "file; put the file itself here"), kind_of(st));
		else if (saved != ENOENT)
			diag_system_error(d, shown, _("cannot read the file: %s"),
			    strerror(saved));
		errno = saved;
		return -1;
	}
	if (!check_inside(fd, root, path, shown, d)) {
		close(fd);
		errno = EACCES;
		return -1;
	}
	return fd;
}

char *
input_read(const char *root, const char *path, const char *shown,
    size_t *len, struct diag *d)
{
	return input_read_max(root, path, shown, INPUT_MAX_MIB, len, d);
}

/* input_read_max() but for the digest: a regular file's bytes, inside root. */
static char *
read_checked(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct diag *d)
{
	struct stat st;
	char *data;
	int fd, saved;

	*len = 0;
	/* A device or a FIFO is named without being opened at all. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_system_error(d, shown, _("this is %s, not a regular file; "
		    "put the file itself here"), kind_of(&st));
		errno = EFTYPE_NOTREG;
		return NULL;
	}
	if ((fd = open_inside(root, path, shown, &st, d)) < 0)
		return NULL;
	if ((data = fd_read_all(fd, (size_t)max_mib << 20, len)) == NULL) {
		saved = errno;
		if (saved == EFBIG)
			diag_error(d, shown, 0, _("the file is larger than %d MiB, "
			    "the most gongshi reads from one file; split it, or "
			    "check that it is the right file"), max_mib);
		else
			diag_system_error(d, shown, _("cannot read the file: %s"),
			    strerror(saved));
		close(fd);
		errno = saved;
		return NULL;
	}
	close(fd);
	return data;
}

char *
input_read_max(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct diag *d)
{
	char *data = read_checked(root, path, shown, max_mib, len, d);

	if (data != NULL)
		record(path, data, *len);
	return data;
}

char *
input_read_hashed(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct hash *digest, struct diag *d)
{
	char *data = read_checked(root, path, shown, max_mib, len, d);
	char hex[HASH_HEX];

	if (data == NULL)
		return NULL;
	hash_bytes(data, *len, digest);
	hash_hex(digest, hex);
	pthread_mutex_lock(&lock);
	set_digest(entry(path), hex);
	pthread_mutex_unlock(&lock);
	return data;
}
