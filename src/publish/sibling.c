/*
 * sibling: the record of the previous output kept beside the output, and
 * whether the folder is as recorded (publish/sibling.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "load/regcache.h"
#include "publish/cycles.h"
#include "publish/sibling.h"

#define FOLDERS_MAGIC	"gongshi folders 1\n"

void
sibling_init(struct sibling *s)
{
	memset(s, 0, sizeof(*s));
	strmap_init(&s->files);
	strmap_init(&s->dir_at);
}

void
sibling_free(struct sibling *s)
{
	size_t i;

	for (i = 0; i < s->n_dirs; i++) {
		free(s->dirs[i]->path);
		free(s->dirs[i]);
	}
	free(s->dirs);
	stamp_free(&s->stamp);
	strmap_free(&s->files);
	strmap_free(&s->dir_at);
	sibling_init(s);
}

/* A folder at path (taken), known to the sibling from now on. */
static struct sibdir *
add_dir(struct sibling *s, char *path)
{
	struct sibdir *d = xcalloc(1, sizeof(*d));

	d->path = path;
	s->dirs = xreallocarray(s->dirs, s->n_dirs + 1, sizeof(*s->dirs));
	s->dirs[s->n_dirs++] = d;
	(void)strmap_put(&s->dir_at, d->path, d);
	return d;
}

/* One line of FOLDERS_FILE: "<inode> <sec>.<nsec> <path>". */
static bool
parse_dir(struct sibling *s, const char *line, const char *end)
{
	struct sibdir *d;
	unsigned long long ino;
	long long sec;
	long nsec;
	char *p;

	errno = 0;
	ino = strtoull(line, &p, 10);
	if (*p != ' ' || errno != 0)
		return false;
	sec = strtoll(p + 1, &p, 10);
	if (*p != '.' || errno != 0)
		return false;
	nsec = strtol(p + 1, &p, 10);
	if (*p != ' ' || errno != 0 || p + 1 >= end)
		return false;
	d = add_dir(s, xstrndup(p + 1, (size_t)(end - p - 1)));
	d->ino = ino;
	d->sec = sec;
	d->nsec = nsec;
	return strmap_get(&s->dir_at, d->path) == d;	/* no path twice */
}

static int
dir_cmp(const void *a, const void *b)
{
	return strcmp((*(struct sibdir *const *)a)->path,
	    (*(struct sibdir *const *)b)->path);
}

/* Reads root/FOLDERS_FILE into s->dirs, sorted by path. */
static bool
read_folders(struct sibling *s, const char *root)
{
	char *path = path_join(root, FOLDERS_FILE), *text, *p, *nl = NULL, *end;
	size_t len;
	bool ok;

	text = file_read(path, &len);
	free(path);
	if (text == NULL)
		return false;
	end = text + len;
	ok = len >= strlen(FOLDERS_MAGIC) &&
	    memcmp(text, FOLDERS_MAGIC, strlen(FOLDERS_MAGIC)) == 0;
	for (p = text + strlen(FOLDERS_MAGIC); ok && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			ok = false;
		else
			ok = parse_dir(s, p, nl);
	}
	free(text);
	if (s->n_dirs > 1)
		qsort(s->dirs, s->n_dirs, sizeof(*s->dirs), dir_cmp);
	s->n_recorded = s->n_dirs;
	return ok;
}

/* Whether the folder d is under root as recorded (inode, time). */
static bool
dir_as_recorded(const char *root, const struct sibdir *d)
{
	char *path = path_join(root, d->path);
	struct stat st;
	bool ok;

	ok = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (unsigned long long)st.st_ino == d->ino &&
	    (long long)st.st_mtim.tv_sec == d->sec &&
	    (long)st.st_mtim.tv_nsec == d->nsec;
	free(path);
	return ok;
}

/* The folder of path ("" for one at the top), malloc'd. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup("");
}

/* Every file listed is in a recorded folder (or at the top). */
static bool
files_in_folders(const struct sibling *s)
{
	char *dir;
	size_t i;
	bool ok = true;

	for (i = 0; ok && i < s->stamp.n_list; i++) {
		dir = folder_of(s->stamp.list[i].path);
		ok = *dir == '\0' || strmap_get(&s->dir_at, dir) != NULL;
		free(dir);
	}
	return ok;
}

/*
 * The top of the sibling holds nothing but recorded folders, listed
 * files and gongshi's own files (its top is not recorded: the stamp is
 * written there last).
 */
static bool
top_as_recorded(const struct sibling *s, const char *root)
{
	struct dirent *e;
	DIR *d;
	bool ok = true;

	if ((d = opendir(root)) == NULL)
		return false;
	while (ok && (e = readdir(d)) != NULL)
		ok = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, STAMP_FILE) == 0 ||
		    strcmp(e->d_name, FOLDERS_FILE) == 0 ||
		    strcmp(e->d_name, REGCACHE_FILE) == 0 ||
		    strcmp(e->d_name, CYCLES_FILE) == 0 ||
		    strmap_get(&s->dir_at, e->d_name) != NULL ||
		    strmap_get(&s->files, e->d_name) != NULL;
	closedir(d);
	return ok;
}

static bool
check(struct sibling *s, const char *root)
{
	size_t i;
	bool ok;

	if (!stamp_load(root, &s->stamp) || !read_folders(s, root))
		return false;
	for (i = 0; i < s->stamp.n_list; i++)
		(void)strmap_put(&s->files, s->stamp.list[i].path,
		    &s->stamp.list[i]);
	ok = files_in_folders(s) && top_as_recorded(s, root);
	for (i = 0; ok && i < s->n_recorded; i++)
		ok = dir_as_recorded(root, s->dirs[i]);
	return ok;
}

void
sibling_load(struct sibling *s, const char *dir)
{
	struct stat st;

	sibling_free(s);
	if (lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && check(s, dir)) {
		s->trusted = true;
		return;
	}
	sibling_free(s);
}

const struct stamp_file *
sibling_file(const struct sibling *s, const char *path)
{
	return strmap_get(&s->files, path);
}

void
sibling_touch(struct sibling *s, const char *path)
{
	char *dir = folder_of(path);
	struct sibdir *d = strmap_get(&s->dir_at, dir);

	if (d != NULL)
		d->touched = true;
	free(dir);
}

void
sibling_keep(struct sibling *s, const char *path)
{
	char *dir = folder_of(path), *up;
	struct sibdir *d;

	while (*dir != '\0') {
		if ((d = strmap_get(&s->dir_at, dir)) == NULL) {
			/* new here: looked at once made, and its folder changed */
			d = add_dir(s, xstrdup(dir));
			d->touched = true;
			sibling_touch(s, dir);
		} else if (d->kept) {
			break;	/* and the folders above it */
		}
		d->kept = true;
		up = folder_of(dir);
		free(dir);
		dir = up;
	}
	free(dir);
}

bool
sibling_record(struct sibling *s, const char *root, struct buf *b)
{
	struct sibdir **v = xcalloc(s->n_dirs + 1, sizeof(*v)), *d;
	struct stat st;
	char *path;
	size_t i, n = 0;
	bool ok = true;

	for (i = 0; i < s->n_dirs; i++)
		if (s->dirs[i]->kept)
			v[n++] = s->dirs[i];
	qsort(v, n, sizeof(*v), dir_cmp);
	buf_puts(b, FOLDERS_MAGIC);
	for (i = 0; ok && i < n; i++) {
		d = v[i];
		if (d->touched) {
			path = path_join(root, d->path);
			ok = lstat(path, &st) == 0;
			free(path);
			d->ino = (unsigned long long)st.st_ino;
			d->sec = (long long)st.st_mtim.tv_sec;
			d->nsec = (long)st.st_mtim.tv_nsec;
		}
		buf_printf(b, "%llu %lld.%09ld %s\n", d->ino, d->sec, d->nsec,
		    d->path);
	}
	free(v);
	return ok;
}
