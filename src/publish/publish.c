#define _GNU_SOURCE		/* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"
#include "publish/checksums.h"
#include "publish/publish.h"

/* Prints fmt, a message with two %s (the path, then what went wrong). */
static int
fail(const char *fmt, const char *path)
{
	fprintf(stderr, fmt, path, strerror(errno));
	return EXIT_SYSTEM;
}

/*
 * The output folder to write: output_dir without trailing slashes, or,
 * when it is a symbolic link, the folder it points to. The new output is
 * made beside that folder and swapped with it, so the link stays and
 * keeps pointing at the (updated) real folder.
 */
static char *
real_output(const char *output_dir)
{
	struct stat st;
	char *out = xstrdup(output_dir), *real;
	size_t n = strlen(out);

	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	if (lstat(out, &st) == 0 && S_ISLNK(st.st_mode) &&
	    (real = realpath(out, NULL)) != NULL) {
		free(out);
		return real;
	}
	return out;
}

/*
 * mkdir -p for the folders of path (not its last part), each folder once
 * per build: made records those there (publish/folders.h).
 */
static int
make_parents(struct folders *made, const char *path)
{
	char *failed = NULL;
	int rc;

	if (folders_make_parents(made, path, &failed) == 0)
		return 0;
	rc = fail(_("gongshi: cannot create %s: %s\n"), failed);
	free(failed);
	return rc;
}

/*
 * True when the file at path holds exactly data. Its folder is looked for
 * once (seen): a build into a new output asks nothing per file.
 */
static bool
same_content(struct folders *seen, const char *path, const char *data,
    size_t len)
{
	struct stat st;
	size_t n;
	char *old;
	bool same;

	if (!folders_parent_exists(seen, path) || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return false;
	if ((old = file_read(path, &n)) == NULL)
		return false;
	same = n == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

/*
 * A new file holding data: open, write, close and nothing else (stdio
 * would ask the size of what it writes to). O_EXCL: nothing is at path
 * in a fresh folder but what place_file() removed, and a link into the
 * old output must never be written through.
 */
static int
write_file(const char *path, const char *data, size_t len)
{
	ssize_t n;
	int fd, saved;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) < 0)
		return fail(_("gongshi: cannot write %s: %s\n"), path);
	while (len > 0) {
		if ((n = write(fd, data, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			saved = n < 0 ? errno : ENOSPC;
			close(fd);
			errno = saved;
			return fail(_("gongshi: cannot write %s: %s\n"), path);
		}
		data += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		return fail(_("gongshi: cannot write %s: %s\n"), path);
	return 0;
}

int
remove_tree(const char *path)
{
	DIR *dir;
	struct dirent *e;
	struct stat st;
	char *child;
	int rc = 0;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 :
		    fail(_("gongshi: cannot remove %s: %s\n"), path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 :
		    fail(_("gongshi: cannot remove %s: %s\n"), path);
	if ((dir = opendir(path)) == NULL)
		return fail(_("gongshi: cannot remove %s: %s\n"), path);
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		child = path_join(path, e->d_name);
		rc = remove_tree(child);
		free(child);
	}
	closedir(dir);
	if (rc == 0 && rmdir(path) != 0)
		rc = fail(_("gongshi: cannot remove %s: %s\n"), path);
	return rc;
}

/*
 * A hard link; the tests set GONGSHI_TEST_NO_TWIN_LINKS to get, on any file
 * system, what one that cannot link (EXDEV, EPERM) gets: the copy.
 */
static int
link_twin(const char *from, const char *to)
{
	if (getenv("GONGSHI_TEST_NO_TWIN_LINKS") != NULL) {
		errno = EXDEV;
		return -1;
	}
	return link(from, to);
}

/*
 * A twin (outset_add_twin): a hard link to the file with the same bytes,
 * placed before it at from (in this staging folder, or in the other
 * destination's); a copy of it where that cannot be linked (another file
 * system: EXDEV). Its bytes are in memory (f->data) or read back from
 * the twin.
 */
static int
place_twin(const char *from, const struct outfile *f, const char *dst)
{
	const char *data = f->data;
	size_t len = f->len;
	char *copy = NULL;
	int rc = 0;

	if (link_twin(from, dst) == 0)
		return 0;
	if (data == NULL && (data = copy = file_read(from, &len)) == NULL)
		rc = fail(_("gongshi: cannot read %s to copy it to the site: %s\n"),
		    from);
	if (rc == 0)
		rc = write_file(dst, data, len);
	free(copy);
	return rc;
}

/*
 * A file taken from the old output as it is (outset_add_reused): a hard
 * link, keeping its modification time; a copy where it cannot be linked.
 */
static int
place_reused(const char *prev, const char *dst)
{
	char *data;
	size_t len;
	int rc;

	if (link(prev, dst) == 0)
		return 0;
	if ((data = file_read(prev, &len)) == NULL)
		return fail(_("gongshi: cannot read %s to copy it into the new "
		    "output: %s\n"), prev);
	rc = write_file(dst, data, len);
	free(data);
	return rc;
}

/*
 * Puts one file under root: a twin (its twin staged at twin_at) as above,
 * or the old output's file (reused), else a hard link to the old output's
 * file when the bytes are the same, else a new file. What this build put
 * at dst before goes first (a path added twice): writing through a link
 * would change the old output. Nothing else can be there: root is fresh.
 */
static int
place_file(struct outset *o, const char *root, const char *old,
    const struct outfile *f, const char *twin_at)
{
	char *dst = path_join(root, f->path), *prev = path_join(old, f->path);
	const char *data = f->data != NULL ? f->data : "";
	int rc;

	rc = make_parents(&o->made, dst);
	if (rc == 0 && f->placed && unlink(dst) != 0 && errno != ENOENT)
		rc = fail(_("gongshi: cannot replace %s: %s\n"), dst);
	if (rc == 0 && twin_at != NULL)
		rc = place_twin(twin_at, f, dst);
	else if (rc == 0 && f->reused)
		rc = place_reused(prev, dst);
	else if (rc == 0 && !(same_content(&o->seen, prev, data, f->len) &&
	    link(prev, dst) == 0))
		rc = write_file(dst, data, f->len);
	free(dst);
	free(prev);
	return rc;
}

/*
 * Where the twin of f is staged (malloc'd), or NULL when f is no twin: under
 * root, or under its own destination's fresh folder in a split publish.
 */
static char *
twin_at(const struct outset *o, const char *root, const struct outfile *f)
{
	const struct outdest *d;

	if (f->twin == NULL)
		return NULL;
	if (o->dests != NULL && (d = outset_dest(o, f->twin)) != NULL)
		return path_join(d->fresh, f->twin + strlen(d->prefix));
	return path_join(root, f->twin);
}

/* place_file with f's twin found as above. */
static int
place(struct outset *o, const char *root, const char *old,
    const struct outfile *f, const struct outfile *as)
{
	char *twin = twin_at(o, root, f);
	int rc = place_file(o, root, old, as, twin);

	free(twin);
	return rc;
}

/*
 * Writes every file still in memory under root, linking unchanged ones from
 * old; the twins last, once what they link to is there.
 */
static int
write_all(struct outset *o, const char *root, const char *old)
{
	size_t i;
	int rc = 0, twins;

	for (twins = 0; twins < 2; twins++)
		for (i = 0; i < o->n && rc == 0; i++)
			if ((o->files[i].twin != NULL) == twins &&
			    (o->files[i].data != NULL || o->spool == NULL))
				rc = place(o, root, old, &o->files[i],
				    &o->files[i]);
	return rc;
}

/*
 * What a file leaves behind once on disk: its SHA-256 when SHA256SUMS
 * lists it (checksums.h), taken while its bytes are in memory instead of
 * reading it back, and the mark that a path added again must replace it.
 */
static void
spooled(struct outfile *f)
{
	char hex[65];

	if (f->data != NULL && f->sha256 == NULL &&
	    str_has_prefix(f->path, CHECKSUMS_DIR)) {
		checksum_sha256_hex(f->data, f->len, hex);
		f->sha256 = xstrdup(hex);
	}
	f->placed = true;
	free(f->data);
	f->data = NULL;
}

/*
 * The sink of publish_begin(): the file goes to disk and its bytes leave
 * memory. After a failure nothing more is written (the publish fails),
 * but memory is still freed.
 */
static void
spool_file(struct outset *o, struct outfile *f)
{
	if (o->spool_errno == 0 && place(o, o->spool, o->old, f, f) != 0)
		o->spool_errno = errno != 0 ? errno : EIO;
	spooled(f);
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

/* "<parent>/.<name>.lock": the lock of builds writing output (publish_lock). */
static char *
sibling_lock(const char *output)
{
	const char *slash = strrchr(output, '/');

	if (slash == NULL)
		return xasprintf(".%s.lock", output);
	return xasprintf("%.*s/.%s.lock", (int)(slash - output), output,
	    slash + 1);
}

/* Swaps the new tree in; the old one ends up at fresh (removed after). */
static int
swap_in(const char *fresh, const char *output)
{
	if (!dir_exists(output))
		return rename(fresh, output) == 0 ? 0 :
		    fail(_("gongshi: cannot rename the new output into %s: "
		    "%s\n"), output);
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, output, RENAME_EXCHANGE) == 0)
		return 0;
	return fail(_("gongshi: cannot swap in the new %s: %s\n"), output);
}

/*
 * Removes the fresh folders that killed builds left beside the output
 * (".<name>.new.<pid>" of a process that is gone). A build writes into its
 * folder from its first document on, so one killed midway leaves it.
 */
static void
remove_stale(const char *out)
{
	const char *slash = strrchr(out, '/'), *name = slash ? slash + 1 : out;
	char *dir = slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup("."),
	    *prefix = xasprintf(".%s.new.", name), *path, *end;
	struct dirent *e;
	DIR *d;
	long pid;

	if ((d = opendir(*dir ? dir : "/")) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (!str_has_prefix(e->d_name, prefix))
				continue;
			pid = strtol(e->d_name + strlen(prefix), &end, 10);
			if (*end != '\0' || pid <= 0 || pid == (long)getpid() ||
			    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
				continue;
			path = path_join(*dir ? dir : "/", e->d_name);
			remove_tree(path);
			free(path);
		}
		closedir(d);
	}
	free(prefix);
	free(dir);
}

/* The real output folder (real_output), and the fresh folder beside it. */
static int
prepare(struct outset *o, const char *output_dir, char **out, char **fresh)
{
	int rc;

	*out = real_output(output_dir);
	remove_stale(*out);
	*fresh = sibling(*out, "new");
	if ((rc = remove_tree(*fresh)) == 0 &&
	    (rc = make_parents(&o->made, *out)) == 0 && mkdir(*fresh, 0755) != 0)
		rc = fail(_("gongshi: cannot create %s: %s\n"), *fresh);
	if (rc == 0)
		folders_note(&o->made, *fresh);
	return rc;
}

/*
 * Split publish (--site, --archive): each destination is staged beside
 * itself and swapped in on its own, the archive first, so that the site
 * never names a document the archive does not have yet.
 */

/* The sink of publish_split_begin(): the file goes to its destination's fresh folder. */
static void
spool_split(struct outset *o, struct outfile *f)
{
	const struct outdest *d = outset_dest(o, f->path);
	struct outfile rel;

	if (d == NULL) {
		/* A path outside both destinations: a bug, never silently lost. */
		fprintf(stderr, _("gongshi: %s belongs to no output folder\n"),
		    f->path);
		if (o->spool_errno == 0)
			o->spool_errno = EINVAL;
	} else if (o->spool_errno == 0) {
		rel = *f;
		rel.path = f->path + strlen(d->prefix);
		if (place(o, d->fresh, d->dir, f, &rel) != 0)
			o->spool_errno = errno != 0 ? errno : EIO;
	}
	spooled(f);
}

/* The folders known are gone or moved once a publish ends. */
static void
forget_folders(struct outset *o)
{
	folders_free(&o->made);
	folders_free(&o->seen);
}

static void
split_abort(struct outset *o)
{
	size_t i;

	for (i = 0; i < o->n_dests; i++)
		if (o->dests[i].fresh != NULL && dir_exists(o->dests[i].fresh))
			remove_tree(o->dests[i].fresh);
}

int
publish_split_begin(struct outset *o, const char *site_dir,
    const char *archive_dir)
{
	static const char *const prefix[2] = { "archive/", "site/" };
	const char *dir[2] = { archive_dir, site_dir };
	size_t i;
	int rc = 0;

	o->dests = xcalloc(2, sizeof(*o->dests));
	o->n_dests = 2;
	for (i = 0; i < 2 && rc == 0; i++) {
		o->dests[i].prefix = prefix[i];
		rc = prepare(o, dir[i], &o->dests[i].dir,
		    &o->dests[i].fresh);
	}
	if (rc != 0) {
		split_abort(o);
		return rc;
	}
	o->sink = spool_split;
	for (i = 0; i < o->n; i++)
		if (o->files[i].data != NULL)
			spool_split(o, &o->files[i]);
	return 0;
}

static int
publish_split(struct outset *o)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n && rc == 0 && o->spool_errno == 0; i++)
		if (o->files[i].data != NULL)
			spool_split(o, &o->files[i]);
	if (o->spool_errno != 0)
		rc = EXIT_SYSTEM;
	for (i = 0; i < o->n_dests && rc == 0; i++)
		rc = swap_in(o->dests[i].fresh, o->dests[i].dir);
	/* After a swap, fresh holds the old tree; else a half-written one. */
	split_abort(o);
	o->sink = NULL;
	return rc;
}

int
publish_begin(struct outset *o, const char *output_dir)
{
	size_t i;
	int rc;

	if ((rc = prepare(o, output_dir, &o->old, &o->spool)) != 0) {
		publish_abort(o);
		return rc;
	}
	o->sink = spool_file;
	for (i = 0; i < o->n; i++)
		if (o->files[i].data != NULL)
			spool_file(o, &o->files[i]);
	return 0;
}

void
publish_abort(struct outset *o)
{
	split_abort(o);
	if (o->spool != NULL && dir_exists(o->spool))
		remove_tree(o->spool);
	o->sink = NULL;
	free(o->spool);
	free(o->old);
	o->spool = o->old = NULL;
	forget_folders(o);
}

/* Swaps in what publish_begin() wrote; the old output goes. */
static int
publish_spooled(struct outset *o)
{
	int rc = 0;

	if (o->spool_errno != 0) {
		/* place_file() said what failed, with its path. */
		rc = EXIT_SYSTEM;
	} else if ((rc = write_all(o, o->spool, o->old)) == 0)
		rc = swap_in(o->spool, o->old);
	/* After a swap, the spool holds the old output; else a half-written tree. */
	publish_abort(o);
	return rc;
}

int
publish_outset(struct outset *o, const char *output_dir)
{
	char *out, *fresh;
	int rc;

	if (o->dests != NULL)
		return publish_split(o);
	if (o->spool != NULL)
		return publish_spooled(o);
	if ((rc = prepare(o, output_dir, &out, &fresh)) == 0 &&
	    (rc = write_all(o, fresh, out)) == 0)
		rc = swap_in(fresh, out);
	/* After a swap, fresh holds the old output; else a half-written tree. */
	if (dir_exists(fresh))
		remove_tree(fresh);
	forget_folders(o);
	free(fresh);
	free(out);
	return rc;
}

/*
 * The lock: "<parent>/.<name>.lock" beside the real output folder, held
 * with flock(2) by the build that writes it, until the process ends. The
 * kernel drops the lock of a killed build, so a stale lock file never
 * blocks; the file itself stays, holding the last builder's process id.
 */
int
publish_lock(const char *output_dir)
{
	static int fd = -1;
	struct folders made;
	char *out, *path, pid[32];
	ssize_t written = 0;
	int rc = 0;

	if (fd >= 0)
		return 0;
	out = real_output(output_dir);
	path = sibling_lock(out);
	folders_init(&made);
	rc = make_parents(&made, out);
	folders_free(&made);
	if (rc != 0)
		goto done;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) < 0) {
		rc = fail(_("gongshi: cannot open the lock file %s: %s\n"),
		    path);
		goto done;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			rc = fail(_("gongshi: cannot lock %s: %s\n"), path);
			goto done;
		}
		fprintf(stderr, _("gongshi: another gongshi is writing %s (its "
		    "lock is %s); waiting for it to finish\n"), out, path);
		while (flock(fd, LOCK_EX) != 0)
			if (errno != EINTR) {
				rc = fail(_("gongshi: cannot lock %s: %s\n"), path);
				goto done;
			}
	}
	/* The process id is for people; the lock holds without it. */
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		written = write(fd, pid, strlen(pid));
	(void)written;
done:
	if (rc != 0 && fd >= 0) {
		close(fd);
		fd = -1;
	}
	free(path);
	free(out);
	return rc;
}
