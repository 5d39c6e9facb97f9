#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "publish/folders.h"

#define FOLDER_THERE	((void *)(uintptr_t)1)
#define FOLDER_ABSENT	((void *)(uintptr_t)2)

void
folders_init(struct folders *f)
{
	strmap_init(&f->known);
	f->names = NULL;
	f->n = 0;
}

void
folders_free(struct folders *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	strmap_free(&f->known);
	folders_init(f);
}

static void
remember(struct folders *f, const char *dir, void *what)
{
	char *name;

	if (strmap_get(&f->known, dir) != NULL)
		return;
	name = xstrdup(dir);
	f->names = xreallocarray(f->names, f->n + 1, sizeof(*f->names));
	f->names[f->n++] = name;
	(void)strmap_put(&f->known, name, what);
}

void
folders_note(struct folders *f, const char *dir)
{
	remember(f, dir, FOLDER_THERE);
}

/*
 * The folder of path, malloc'd, or NULL when path has none to make or
 * look for ("name", "/name").
 */
static char *
parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash == path)
		return NULL;
	return xstrndup(path, (size_t)(slash - path));
}

/* Makes dir and what is missing above it; see folders_make_parents. */
static int
make_dir(struct folders *f, const char *dir, char **failed)
{
	char *up;
	int rc = 0;

	if (strmap_get(&f->known, dir) == FOLDER_THERE)
		return 0;
	if ((up = parent_of(dir)) != NULL)
		rc = make_dir(f, up, failed);
	free(up);
	if (rc == 0)
		disk_change();
	if (rc == 0 && mkdir(dir, 0755) != 0 && errno != EEXIST) {
		if (failed != NULL)
			*failed = xstrdup(dir);
		return -1;
	}
	if (rc == 0)
		folders_note(f, dir);
	return rc;
}

int
folders_make_parents(struct folders *f, const char *path, char **failed)
{
	char *dir = parent_of(path);
	int rc = dir != NULL ? make_dir(f, dir, failed) : 0;

	free(dir);
	return rc;
}

/* Whether dir is there; see folders_parent_exists. */
static bool
dir_there(struct folders *f, const char *dir)
{
	void *known = strmap_get(&f->known, dir);
	char *up;
	bool there;

	if (known != NULL)
		return known == FOLDER_THERE;
	up = parent_of(dir);
	there = (up == NULL || dir_there(f, up)) && dir_exists(dir);
	free(up);
	remember(f, dir, there ? FOLDER_THERE : FOLDER_ABSENT);
	return there;
}

bool
folders_parent_exists(struct folders *f, const char *path)
{
	char *dir = parent_of(path);
	bool there = dir == NULL || dir_there(f, dir);

	free(dir);
	return there;
}

void
disk_change(void)
{
	static long left = -2;
	const char *k;

	if (left == -2)
		left = (k = getenv("GONGSHI_TEST_KILL_AFTER")) != NULL ?
		    strtol(k, NULL, 10) : -1;
	if (left >= 0 && left-- == 0)
		raise(SIGKILL);
}
