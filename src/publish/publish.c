#define _GNU_SOURCE		/* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "publish/publish.h"

static int
fail(const char *what, const char *path)
{
	fprintf(stderr, "gongshi: %s %s: %s\n", what, path, strerror(errno));
	return EXIT_SYSTEM;
}

/* mkdir -p for the folders of path (not its last part). */
static int
make_parents(const char *path)
{
	char *copy = xstrdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p != '\0' && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			rc = fail("cannot create", copy);
		*p = '/';
	}
	free(copy);
	return rc;
}

/* True when the file at path holds exactly data. */
static bool
same_content(const char *path, const char *data, size_t len)
{
	struct stat st;
	size_t n;
	char *old;
	bool same;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return false;
	if ((old = file_read(path, &n)) == NULL)
		return false;
	same = n == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

static int
write_file(const char *path, const char *data, size_t len)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		return fail("cannot write", path);
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		fclose(f);
		return fail("cannot write", path);
	}
	if (fclose(f) != 0)
		return fail("cannot write", path);
	return 0;
}

/* Removes a folder and everything in it. */
static int
remove_tree(const char *path)
{
	DIR *dir;
	struct dirent *e;
	struct stat st;
	char *child;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : fail("cannot remove", path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : fail("cannot remove", path);
	if ((dir = opendir(path)) == NULL)
		return fail("cannot remove", path);
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		child = path_join(path, e->d_name);
		rc = remove_tree(child);
		free(child);
	}
	closedir(dir);
	if (rc == 0 && rmdir(path) != 0)
		rc = fail("cannot remove", path);
	return rc;
}

/* Writes every file under root, linking unchanged ones from old. */
static int
write_all(const struct outset *o, const char *root, const char *old)
{
	char *dst, *prev;
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n && rc == 0; i++) {
		dst = path_join(root, o->files[i].path);
		prev = path_join(old, o->files[i].path);
		rc = make_parents(dst);
		if (rc == 0 && !(same_content(prev, o->files[i].data,
		    o->files[i].len) && link(prev, dst) == 0))
			rc = write_file(dst, o->files[i].data, o->files[i].len);
		free(dst);
		free(prev);
	}
	return rc;
}

/* "<parent>/.<name>.<what>.<pid>": beside the output, on its file system. */
static char *
sibling(const char *output, const char *what)
{
	const char *slash = strrchr(output, '/');

	if (slash == NULL)
		return xasprintf(".%s.%s.%ld", output, what, (long)getpid());
	return xasprintf("%.*s/.%s.%s.%ld", (int)(slash - output), output,
	    slash + 1, what, (long)getpid());
}

/* Swaps the new tree in; the old one ends up at fresh (removed after). */
static int
swap_in(const char *fresh, const char *output)
{
	if (!dir_exists(output))
		return rename(fresh, output) == 0 ? 0 :
		    fail("cannot rename into", output);
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, output, RENAME_EXCHANGE) == 0)
		return 0;
	return fail("cannot swap in the new", output);
}

int
publish_outset(const struct outset *o, const char *output_dir)
{
	char *out = xstrdup(output_dir), *fresh;
	size_t n = strlen(out);
	int rc;

	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	fresh = sibling(out, "new");
	if ((rc = remove_tree(fresh)) == 0 && (rc = make_parents(out)) == 0) {
		if (mkdir(fresh, 0755) != 0)
			rc = fail("cannot create", fresh);
		else if ((rc = write_all(o, fresh, out)) == 0)
			rc = swap_in(fresh, out);
	}
	/* After a swap, fresh holds the old output; else a half-written tree. */
	if (dir_exists(fresh))
		remove_tree(fresh);
	free(fresh);
	free(out);
	return rc;
}
