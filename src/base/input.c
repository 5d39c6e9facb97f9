#define _GNU_SOURCE		/* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
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
	int	 has_id;	/* id is the file's when hex was taken */
	struct input_stat id;
};

/* A file of the last build's index (input_index_put). */
struct index_entry {
	char		*path;
	struct input_stat id;
	char		 hex[HASH_HEX];
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct strmap	 by_path;
static struct loaded	**loaded;
static size_t		 n_loaded;
static size_t		 n_reads;	/* files read (note_read) */

static void	roots_forget(void);
static void	index_forget(void);
static void	note_read(const char *path);

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
	struct input_stat id;
};

/*
 * Gives l the digest of one read of its file by input_read(), and the
 * file's identity then (id: for the next build's index). Lock held.
 */
static void
set_digest(struct loaded *l, const char hex[static HASH_HEX],
    const struct input_stat *id)
{
	if (!l->loaded) {
		memcpy(l->hex, hex, HASH_HEX);
		l->hashed = l->loaded = 1;
		l->id = *id;
		l->has_id = 1;
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
	set_digest(h->l, hex, &h->id);
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
record(const char *path, const char *data, size_t len,
    const struct input_stat *id)
{
	struct hashing *h;
	struct loaded *l;
	char hex[HASH_HEX];

	if (len < HASH_APART_BYTES || len > HASH_APART_MAX) {
		hash_bytes_hex(data, len, hex);
		pthread_mutex_lock(&lock);
		set_digest(entry(path), hex, id);
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
	h->id = *id;
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

/*
 * Keeps hex, the digest of path on disk, with the file's identity id
 * then, unless input_read() read the file; marks it asked. Its entry.
 */
static struct loaded *
keep_disk_digest(const char *path, const char hex[static HASH_HEX],
    const struct input_stat *id)
{
	struct loaded *l;

	pthread_mutex_lock(&lock);
	l = entry(path);
	l->asked = 1;
	if (!l->loaded) {
		memcpy(l->hex, hex, HASH_HEX);
		l->hashed = 1;
		l->id = *id;
		l->has_id = 1;
	}
	pthread_mutex_unlock(&lock);
	return l;
}

/* The time now (CLOCK_REALTIME), before a file is read. */
static void
now_seen(struct timespec *t)
{
	if (clock_gettime(CLOCK_REALTIME, t) != 0)
		t->tv_sec = t->tv_nsec = 0;	/* racy, always */
}

/* Hashes path on disk into hex, and keeps it unless loaded; its entry. */
static struct loaded *
hash_now(const char *path, char hex[static HASH_HEX])
{
	struct input_stat id;
	struct stat st;
	struct timespec seen;
	int fd, saved;
	bool ok;

	now_seen(&seen);
	if ((fd = file_open_regular(path, &st)) < 0)
		return NULL;
	ok = hash_fd_hex(fd, hex);
	saved = errno;
	close(fd);
	if (!ok) {
		errno = saved;
		return NULL;
	}
	note_read(path);
	input_stat_of(&st, &id);
	id.seen = seen;
	return keep_disk_digest(path, hex, &id);
}

/* The index's entry of path, or NULL (index_list is read only now). */
static const struct index_entry *index_find(const char *key);

/*
 * When the index vouches for path as it is on disk now, its digest into
 * hex, kept as hash_now() keeps one; false when the file must be read.
 */
static bool
index_vouch(const char *path, char hex[static HASH_HEX])
{
	const struct index_entry *e;
	struct input_stat now;
	struct stat st;
	char *key;

	key = normal_path(path);
	e = index_find(key);
	free(key);
	if (e == NULL || stat(path, &st) != 0)
		return false;
	input_stat_of(&st, &now);
	if (!S_ISREG(st.st_mode) || !input_stat_vouches(&e->id, &now) ||
	    !input_fs_keeps_ctime(path, &st))
		return false;
	memcpy(hex, e->hex, HASH_HEX);
	(void)keep_disk_digest(path, hex, &e->id);
	return true;
}

bool
input_digest_now(const char *path, char hex[static HASH_HEX])
{
	return index_vouch(path, hex) || hash_now(path, hex) != NULL;
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
	if (l == NULL && index_vouch(path, hex)) {
		pthread_mutex_lock(&lock);
		l = strmap_get(&by_path, key);
		pthread_mutex_unlock(&lock);
	}
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
	index_forget();
	n_reads = 0;
	pthread_mutex_unlock(&lock);
}

/* --- the index of the last build --------------------------------------------- */

/* What each device's file system was found to be, asked once a build. */
static struct {
	unsigned long long dev;
	bool		   keeps;
} devs[16];
static size_t	n_devs;

/*
 * Filled before the build reads any file (input_index_put, from the
 * stamp), read only after: looked up without the lock.
 */
static struct strmap		 index_map;
static struct index_entry	**index_list;
static size_t			 n_index;
static bool			 index_is_off;

static const struct index_entry *
index_find(const char *key)
{
	if (index_is_off || n_index == 0)
		return NULL;
	return strmap_get(&index_map, key);
}

void
input_index_put(const char *path, const struct input_stat *id,
    const char hex[static HASH_HEX])
{
	struct index_entry *e;
	char *key = normal_path(path);

	if (strmap_get(&index_map, key) != NULL) {
		free(key);
		return;		/* listed twice: the first counts */
	}
	e = xcalloc(1, sizeof(*e));
	e->path = key;
	e->id = *id;
	snprintf(e->hex, sizeof(e->hex), "%s", hex);
	index_list = xreallocarray(index_list, n_index + 1,
	    sizeof(*index_list));
	index_list[n_index++] = e;
	(void)strmap_put(&index_map, e->path, e);
}

void
input_index_off(void)
{
	index_is_off = true;
}

/* Forgets the index. Lock held. */
static void
index_forget(void)
{
	size_t i;

	for (i = 0; i < n_index; i++) {
		free(index_list[i]->path);
		free(index_list[i]);
	}
	free(index_list);
	index_list = NULL;
	n_index = 0;
	strmap_free(&index_map);
	index_is_off = false;
	n_devs = 0;
}

bool
input_index_get(const char *path, struct input_stat *id,
    char hex[static HASH_HEX])
{
	char *key = normal_path(path);
	struct loaded *l;
	bool ok;

	pthread_mutex_lock(&lock);
	l = strmap_get(&by_path, key);
	ok = l != NULL && l->hashed && l->has_id && l->hex[0] != '\0';
	if (ok) {
		*id = l->id;
		memcpy(hex, l->hex, HASH_HEX);
	}
	pthread_mutex_unlock(&lock);
	free(key);
	return ok;
}

void
input_stat_of(const struct stat *st, struct input_stat *id)
{
	memset(id, 0, sizeof(*id));
	id->dev = (unsigned long long)st->st_dev;
	id->ino = (unsigned long long)st->st_ino;
	id->size = (long long)st->st_size;
	id->mtime = st->st_mtim;
	id->ctime = st->st_ctim;
}

static bool
same_time(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

bool
input_stat_vouches(const struct input_stat *e, const struct input_stat *now)
{
	struct timespec clock, edge;

	if (e->dev != now->dev || e->ino != now->ino || e->size != now->size ||
	    !same_time(&e->mtime, &now->mtime) ||
	    !same_time(&e->ctime, &now->ctime))
		return false;
	/* the clock set back: the times it gives are not after the read's */
	now_seen(&clock);
	if (before(&clock, &e->seen))
		return false;
	/* racy: written within the file system's tick of the read */
	edge = e->seen;
	edge.tv_sec -= INPUT_RACY_SECONDS;
	return before(&e->mtime, &edge) && before(&e->ctime, &edge);
}

/*
 * The file systems that keep a change time of their own, which the
 * kernel sets at every change and no program can set: the usual Linux
 * ones, tmpfs, and NFS (the server's). Not FAT or exFAT (no change time
 * on disk: it is the modification time once the file is read again),
 * nor FUSE or SMB (what they report is their server's to say, and
 * Windows lets a program set it): there every file is read.
 */
static bool
fs_type_keeps_ctime(unsigned long type)
{
	static const unsigned long keeps[] = {
		0xEF53,		/* ext2, ext3, ext4 */
		0x58465342,	/* xfs */
		0x9123683E,	/* btrfs */
		0x01021994,	/* tmpfs */
		0xF2F52010,	/* f2fs */
		0x2FC12FC1,	/* zfs */
		0x794C7630,	/* overlayfs */
		0x6969,		/* nfs */
	};
	size_t i;

	for (i = 0; i < sizeof(keeps) / sizeof(keeps[0]); i++)
		if (type == keeps[i])
			return true;
	return false;
}

bool
input_fs_keeps_ctime(const char *path, const struct stat *st)
{
	struct statfs fs;
	size_t i;
	bool keeps;

	pthread_mutex_lock(&lock);
	for (i = 0; i < n_devs; i++)
		if (devs[i].dev == (unsigned long long)st->st_dev) {
			keeps = devs[i].keeps;
			pthread_mutex_unlock(&lock);
			return keeps;
		}
	pthread_mutex_unlock(&lock);
	keeps = statfs(path, &fs) == 0 &&
	    fs_type_keeps_ctime((unsigned long)fs.f_type);
	pthread_mutex_lock(&lock);
	if (n_devs < sizeof(devs) / sizeof(devs[0])) {
		devs[n_devs].dev = (unsigned long long)st->st_dev;
		devs[n_devs++].keeps = keeps;
	}
	pthread_mutex_unlock(&lock);
	return keeps;
}

size_t
input_reads(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = n_reads;
	pthread_mutex_unlock(&lock);
	return n;
}

/* Counts a file read; GONGSHI_TEST_INPUTS (input.h): "read PATH". */
static void
note_read(const char *path)
{
	const char *log = getenv("GONGSHI_TEST_INPUTS");
	char *key;
	FILE *f;

	pthread_mutex_lock(&lock);
	n_reads++;
	pthread_mutex_unlock(&lock);
	if (log == NULL || *log == '\0')
		return;
	key = normal_path(path);
	pthread_mutex_lock(&lock);
	if ((f = fopen(log, "a")) != NULL) {
		fprintf(f, "read %s\n", key);
		fclose(f);
	}
	pthread_mutex_unlock(&lock);
	free(key);
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
	if (d == NULL)
		;	/* input_indexed: the read that follows says it */
	else if (real == NULL || root_real == NULL)
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
 * for ENOENT, as input_read() says (to no one when d is NULL).
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
		if (d == NULL)
			;	/* input_indexed: the read that follows says it */
		else if (saved == EISDIR || saved == EFTYPE_NOTREG)
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

/*
 * input_read_max() but for the digest: a regular file's bytes, inside
 * root, and its identity before they were read (id).
 */
static char *
read_checked(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct input_stat *id, struct diag *d)
{
	struct stat st;
	struct timespec seen;
	char *data;
	int fd, saved;

	*len = 0;
	now_seen(&seen);
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
	note_read(path);
	input_stat_of(&st, id);
	id->seen = seen;
	return data;
}

char *
input_read_max(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct diag *d)
{
	struct input_stat id;
	char *data = read_checked(root, path, shown, max_mib, len, &id, d);

	if (data != NULL)
		record(path, data, *len, &id);
	return data;
}

char *
input_read_hashed(const char *root, const char *path, const char *shown,
    int max_mib, size_t *len, struct hash *digest, struct diag *d)
{
	struct input_stat id;
	char *data = read_checked(root, path, shown, max_mib, len, &id, d);
	char hex[HASH_HEX];

	if (data == NULL)
		return NULL;
	hash_bytes(data, *len, digest);
	hash_hex(digest, hex);
	pthread_mutex_lock(&lock);
	set_digest(entry(path), hex, &id);
	pthread_mutex_unlock(&lock);
	return data;
}

bool
input_indexed(const char *root, const char *path, int max_mib,
    struct hash *digest)
{
	const struct index_entry *e;
	struct input_stat now;
	struct stat st;
	char *key = normal_path(path);
	int fd;
	bool ok;

	e = index_find(key);
	free(key);
	/* As read_checked() checks the file, but telling no one. */
	if (e == NULL || !hash_parse_hex(e->hex, digest) ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (fd = open_inside(root, path, path, &st, NULL)) < 0)
		return false;
	close(fd);
	input_stat_of(&st, &now);
	ok = (unsigned long long)st.st_size < (unsigned long long)max_mib << 20 &&
	    input_stat_vouches(&e->id, &now) && input_fs_keeps_ctime(path, &st);
	if (ok) {
		pthread_mutex_lock(&lock);
		set_digest(entry(path), e->hex, &e->id);
		pthread_mutex_unlock(&lock);
	}
	return ok;
}
