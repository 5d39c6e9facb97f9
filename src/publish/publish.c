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
#include "load/regcache.h"
#include "publish/cycles.h"
#include "publish/checksums.h"
#include "publish/publish.h"
#include "publish/sibling.h"
#include "publish/stamp.h"

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

/* A file's inode and modification time (for the stamp, and the sibling). */
struct ident {
	bool			 known;
	unsigned long long	 ino;
	long long		 sec;
	long			 nsec;
};

static void
ident_of(struct ident *id, const struct stat *st)
{
	id->known = true;
	id->ino = (unsigned long long)st->st_ino;
	id->sec = (long long)st->st_mtim.tv_sec;
	id->nsec = (long)st->st_mtim.tv_nsec;
}

/* f is on disk as id says. */
static void
set_ident(struct outfile *f, const struct ident *id)
{
	f->stat = id->known;
	f->ino = id->ino;
	f->sec = id->sec;
	f->nsec = id->nsec;
}

/*
 * True when the file at path holds exactly data; id then tells which file
 * it is. Its folder is looked for once (seen): a build into a new output
 * asks nothing per file.
 */
static bool
same_content(struct folders *seen, const char *path, const char *data,
    size_t len, struct ident *id)
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
	ident_of(id, &st);
	return same;
}

/*
 * A new file holding data: open, write, close and nothing else (stdio
 * would ask the size of what it writes to), and what it is (f, when not
 * NULL) asked of the open file. O_EXCL: what was at path went first
 * (clear()), and a link into the old output must never be written
 * through.
 */
/* Writes len bytes of data to fd; -1 with errno set when it cannot. */
static int
write_fd(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, data, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_file(const char *path, const char *data, size_t len, struct outfile *f)
{
	struct stat st;
	struct ident id;
	int fd, saved;

	disk_change();
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) < 0)
		return fail(_("gongshi: cannot write %s: %s\n"), path);
	if (write_fd(fd, data, len) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return fail(_("gongshi: cannot write %s: %s\n"), path);
	}
	if (f != NULL && fstat(fd, &st) == 0) {
		ident_of(&id, &st);
		set_ident(f, &id);
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
	disk_change();
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
	if (rc == 0)
		disk_change();
	if (rc == 0 && rmdir(path) != 0)
		rc = fail(_("gongshi: cannot remove %s: %s\n"), path);
	return rc;
}

/*
 * A hard link; the tests set GONGSHI_TEST_NO_TWIN_LINKS to get, on any file
 * system, what one that cannot link (EXDEV, EPERM) gets for a twin: the
 * copy.
 */
static int
link_file(const char *from, const char *to, bool twin)
{
	if (twin && getenv("GONGSHI_TEST_NO_TWIN_LINKS") != NULL) {
		errno = EXDEV;
		return -1;
	}
	return link(from, to);
}

/*
 * Whether the sibling being updated (publish/sibling.h) holds, at rel, the
 * file id already, as this build has not placed it yet: nothing to do.
 */
static bool
kept_there(const struct outset *o, const struct outfile *f, const char *rel,
    const struct ident *id)
{
	const struct stamp_file *was = sibling_file(&o->sib, rel);

	return id->known && !f->placed && was != NULL && was->ino == id->ino;
}

/*
 * Makes room at dst (rel under the folder written): what this build or
 * the sibling put there goes. Nothing else can be there: the folder is
 * fresh, or exactly as its record says.
 */
static int
clear(struct outset *o, const struct outfile *f, const char *rel,
    const char *dst)
{
	if (!f->placed && sibling_file(&o->sib, rel) == NULL)
		return 0;
	disk_change();
	if (unlink(dst) != 0 && errno != ENOENT)
		return fail(_("gongshi: cannot replace %s: %s\n"), dst);
	sibling_touch(&o->sib, rel);
	return 0;
}

/*
 * Whether the sibling lists, besides rel, a file that is ino: its twin
 * (the site's copy of an archive's ODT), hard-linked to it.
 */
static bool
twin_in_sibling(const struct outset *o, const char *rel,
    unsigned long long ino)
{
	const struct stamp *s = &o->sib.stamp;
	size_t i;

	for (i = 0; i < s->n_list; i++)
		if (s->list[i].ino == ino && strcmp(s->list[i].path, rel) != 0)
			return true;
	return false;
}

/*
 * The sibling's own file at dst, open for writing: the one its stamp
 * lists at rel, with no other link but, for a twin, its twin's in the
 * sibling (never the output's, which shares every file that did not
 * change since). -1 when dst is not such a file. A twin rewritten so is
 * then where this build's twin links to (kept_there), or replaced or
 * removed like any file of the sibling.
 */
static int
open_own(const struct outset *o, const struct outfile *f, const char *rel,
    const char *dst)
{
	const struct stamp_file *was = sibling_file(&o->sib, rel);
	struct stat st;
	int fd;

	if (f->placed || was == NULL ||
	    (fd = open(dst, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_ino == was->ino && (st.st_nlink == 1 ||
	    (st.st_nlink == 2 && twin_in_sibling(o, rel, was->ino))))
		return fd;
	close(fd);
	return -1;
}

/*
 * f's bytes written over the sibling's own file at dst (open_own), when it
 * is one: the file system keeps its blocks and cached pages, where an
 * unlink frees them and a new file takes others (a 5 MB page: 0.5-1 ms of
 * CPU instead of 2.3). The output is never touched: a build killed
 * meanwhile, even between the bytes and the truncation of what the file
 * held beyond them, leaves the sibling without its stamp (reopen_sibling),
 * and the next build makes it afresh. (Only a reader that opened the file
 * two builds ago, when it was the output's, and reads it still would see
 * it change.) True when dst was such a file; *rc then says how writing it
 * went.
 */
static bool
rewrite_own(struct outset *o, struct outfile *f, const char *rel,
    const char *dst, const char *data, size_t len, int *rc)
{
	struct stat st;
	struct ident id;
	int fd, saved;

	if ((fd = open_own(o, f, rel, dst)) < 0)
		return false;
	disk_change();
	*rc = write_fd(fd, data, len);
	if (*rc == 0) {
		disk_change();
		*rc = ftruncate(fd, (off_t)len);
	}
	if (*rc == 0 && (*rc = fstat(fd, &st)) == 0) {
		ident_of(&id, &st);
		set_ident(f, &id);
	}
	saved = errno;
	if (close(fd) != 0 && *rc == 0) {
		saved = errno;
		*rc = -1;
	}
	errno = saved;
	if (*rc != 0)
		*rc = fail(_("gongshi: cannot write %s: %s\n"), dst);
	return true;
}

/* f's bytes, new at dst. */
static int
write_new(struct outset *o, struct outfile *f, const char *rel,
    const char *dst, const char *data, size_t len)
{
	int rc;

	if (rewrite_own(o, f, rel, dst, data, len, &rc))
		return rc;
	if ((rc = clear(o, f, rel, dst)) == 0 &&
	    (rc = write_file(dst, data, len, f)) == 0)
		sibling_touch(&o->sib, rel);
	return rc;
}

/*
 * dst as a hard link to the file from (id: which file that is, when
 * known), or kept when the sibling has it there already; a copy where it
 * cannot be linked (another file system), of data, or read from from when
 * data is NULL (unreadable says what then failed).
 */
static int
link_new(struct outset *o, struct outfile *f, const char *rel,
    const char *dst, const char *from, const struct ident *id,
    const char *data, bool twin, const char *unreadable)
{
	size_t len = f->len;
	char *copy = NULL;
	int rc;

	if (kept_there(o, f, rel, id)) {
		set_ident(f, id);
		return 0;
	}
	if ((rc = clear(o, f, rel, dst)) != 0)
		return rc;
	disk_change();
	if (link_file(from, dst, twin) == 0) {
		sibling_touch(&o->sib, rel);
		set_ident(f, id);
		return 0;
	}
	if (data == NULL && (data = copy = file_read(from, &len)) == NULL)
		return fail(unreadable, from);
	if ((rc = write_file(dst, data, len, f)) == 0)
		sibling_touch(&o->sib, rel);
	free(copy);
	return rc;
}

/* Which file a twin's is (placed before it), when known. */
static void
twin_ident(const struct outset *o, const struct outfile *f, struct ident *id)
{
	const struct outfile *t = outset_find(o, f->twin);

	id->known = t != NULL && t->stat;
	if (id->known) {
		id->ino = t->ino;
		id->sec = t->sec;
		id->nsec = t->nsec;
	}
}

/* The old output's file a reused one is, as the old stamp lists it. */
static void
reused_ident(const struct outfile *f, struct ident *id)
{
	id->known = true;
	id->ino = f->ino;
	id->sec = f->sec;
	id->nsec = f->nsec;
}

/*
 * Puts f at rel under root: a twin (its twin staged at twin_at) as a hard
 * link to it (outset_add_twin), the old output's file (reused) as a hard
 * link to it, keeping its modification time, a file with the same bytes
 * as the old output's the same way, else a new file; in a sibling being
 * updated, what it holds already when that is the same file. A copy
 * where a file cannot be linked.
 */
static int
place_file(struct outset *o, const char *root, const char *old,
    struct outfile *f, const char *rel, const char *twin_at)
{
	char *dst = path_join(root, rel), *prev = path_join(old, rel);
	const char *data = f->data != NULL ? f->data : "";
	struct ident id;
	int rc;

	memset(&id, 0, sizeof(id));
	rc = make_parents(&o->made, dst);
	if (rc == 0 && twin_at != NULL) {
		twin_ident(o, f, &id);
		rc = link_new(o, f, rel, dst, twin_at, &id, f->data, true,
		    _("gongshi: cannot read %s to copy it to the site: %s\n"));
	} else if (rc == 0 && f->reused) {
		reused_ident(f, &id);
		rc = link_new(o, f, rel, dst, prev, &id, NULL, false,
		    _("gongshi: cannot read %s to copy it into the new "
		    "output: %s\n"));
	} else if (rc == 0 && same_content(&o->seen, prev, data, f->len, &id))
		rc = link_new(o, f, rel, dst, prev, &id, data, false, NULL);
	else if (rc == 0)
		rc = write_new(o, f, rel, dst, data, f->len);
	f->placed = true;
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

/* place_file at rel, f's twin found as above. */
static int
place(struct outset *o, const char *root, const char *old,
    struct outfile *f, const char *rel)
{
	char *twin = twin_at(o, root, f);
	int rc = place_file(o, root, old, f, rel, twin);

	free(twin);
	return rc;
}

/*
 * Places every file not placed yet under root, linking unchanged ones from
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
			    !o->files[i].placed)
				rc = place(o, root, old, &o->files[i],
				    o->files[i].path);
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
	if (o->spool_errno == 0 && place(o, o->spool, o->old, f, f->path) != 0)
		o->spool_errno = errno != 0 ? errno : EIO;
	spooled(f);
}

/* "<parent>/.<name><what>": beside the output, on its file system. */
static char *
beside(const char *output, const char *what)
{
	const char *slash = strrchr(output, '/');

	if (slash == NULL)
		return xasprintf(".%s%s", output, what);
	return xasprintf("%.*s/.%s%s", (int)(slash - output), output,
	    slash + 1, what);
}

/* "<parent>/.<name>.new.<pid>": the fresh folder of a split publish. */
static char *
fresh_beside(const char *output)
{
	char what[32];

	snprintf(what, sizeof(what), ".new.%ld", (long)getpid());
	return beside(output, what);
}

/* Swaps the new tree in; the old one ends up at fresh. */
static int
swap_in(const char *fresh, const char *output)
{
	disk_change();
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

/* dir, beside the output out, made afresh: what was there goes. */
static int
make_fresh(struct outset *o, const char *out, const char *dir)
{
	int rc;

	if ((rc = remove_tree(dir)) == 0 &&
	    (rc = make_parents(&o->made, out)) == 0) {
		disk_change();
		if (mkdir(dir, 0755) != 0)
			rc = fail(_("gongshi: cannot create %s: %s\n"), dir);
	}
	if (rc == 0)
		folders_note(&o->made, dir);
	return rc;
}

/* The real output folder (real_output), and a fresh folder beside it. */
static int
prepare(struct outset *o, const char *output_dir, char **out, char **fresh)
{
	*out = real_output(output_dir);
	remove_stale(*out);
	*fresh = fresh_beside(*out);
	return make_fresh(o, *out, *fresh);
}

/*
 * A sibling as recorded (publish/sibling.h) is taken to be written into:
 * its own files at the top go first, the stamp first of all, so that a
 * build killed from now on leaves it marked as not as recorded. Its
 * folders are there; so is the folder of registers, which regcache_write
 * updates (load/regcache.h).
 */
static int
reopen_sibling(struct outset *o, const char *dir)
{
	static const char *const own[] = { STAMP_FILE, FOLDERS_FILE,
	    CYCLES_FILE };
	char *path;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(own) / sizeof(own[0]) && rc == 0; i++) {
		path = path_join(dir, own[i]);
		disk_change();
		if (unlink(path) != 0 && errno != ENOENT)
			rc = fail(_("gongshi: cannot remove %s: %s\n"), path);
		free(path);
	}
	folders_note(&o->made, dir);
	for (i = 0; i < o->sib.n_recorded; i++) {
		path = path_join(dir, o->sib.dirs[i]->path);
		folders_note(&o->made, path);
		free(path);
	}
	return rc;
}

/*
 * The real output folder, and the folder to write the new output into:
 * the sibling (".<name>.previous", publish/sibling.h), its record read.
 * Once: publish_begin_afresh may have named them.
 */
static void
name_spool(struct outset *o, const char *output_dir)
{
	if (o->spool != NULL)
		return;
	if (o->old == NULL)	/* else named already: publish_output_folder */
		o->old = real_output(output_dir);
	remove_stale(o->old);
	o->spool = beside(o->old, ".previous");
	sibling_load(&o->sib, o->spool);
}

/* The sibling named, updated when it is as recorded, else made afresh. */
static int
prepare_kept(struct outset *o, const char *output_dir)
{
	name_spool(o, output_dir);
	if (o->sib.trusted)
		return reopen_sibling(o, o->spool);
	return make_fresh(o, o->old, o->spool);
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
	if (d == NULL) {
		/* A path outside both destinations: a bug, never silently lost. */
		fprintf(stderr, _("gongshi: %s belongs to no output folder\n"),
		    f->path);
		if (o->spool_errno == 0)
			o->spool_errno = EINVAL;
	} else if (o->spool_errno == 0) {
		if (place(o, d->fresh, d->dir, f, f->path + strlen(d->prefix))
		    != 0)
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

	if ((rc = prepare_kept(o, output_dir)) != 0) {
		publish_abort(o);
		return rc;
	}
	o->sink = spool_file;
	for (i = 0; i < o->n; i++)
		if (o->files[i].data != NULL)
			spool_file(o, &o->files[i]);
	return 0;
}

int
publish_begin_afresh(struct outset *o, const char *output_dir, bool *began)
{
	name_spool(o, output_dir);
	if ((*began = !o->sib.trusted))
		return publish_begin(o, output_dir);
	return 0;
}

/* The publish is over: what it knew of the folders goes. */
static void
publish_end(struct outset *o)
{
	o->sink = NULL;
	o->finished = false;
	free(o->spool);
	free(o->old);
	o->spool = o->old = NULL;
	forget_folders(o);
	sibling_free(&o->sib);
}

char *
publish_output_folder(const char *output_dir)
{
	return real_output(output_dir);
}

void
publish_abort(struct outset *o)
{
	split_abort(o);
	/*
	 * A folder made afresh goes; a sibling begun to be updated stays as
	 * it is, no more as recorded: the next build makes it again.
	 */
	if (o->spool != NULL && !o->sib.trusted && dir_exists(o->spool))
		remove_tree(o->spool);
	publish_end(o);
}

/*
 * What the sibling held that this build does not: its files, then its
 * folders left empty, the deepest first (recorded by path: a folder comes
 * before what is in it).
 */
static int
drop_leftovers(struct outset *o)
{
	struct sibling *sib = &o->sib;
	const char *rel;
	char *path;
	size_t i;
	int rc = 0;

	for (i = 0; i < o->n; i++)
		sibling_keep(sib, o->files[i].path);
	for (i = 0; i < sib->stamp.n_list && rc == 0; i++) {
		if (outset_find(o, rel = sib->stamp.list[i].path) != NULL)
			continue;
		path = path_join(o->spool, rel);
		disk_change();
		if (unlink(path) != 0 && errno != ENOENT)
			rc = fail(_("gongshi: cannot remove %s: %s\n"), path);
		sibling_touch(sib, rel);
		free(path);
	}
	for (i = sib->n_recorded; i-- > 0 && rc == 0;) {
		if (sib->dirs[i]->kept)
			continue;
		path = path_join(o->spool, sib->dirs[i]->path);
		disk_change();
		if (rmdir(path) != 0 && errno != ENOENT)
			rc = fail(_("gongshi: cannot remove %s: %s\n"), path);
		sibling_touch(sib, sib->dirs[i]->path);
		free(path);
	}
	return rc;
}

/* The record of the folders (publish/sibling.h), for the next build. */
static int
record_folders(struct outset *o)
{
	char *path = path_join(o->spool, FOLDERS_FILE);
	struct buf b;
	int rc;

	buf_init(&b);
	if (!sibling_record(&o->sib, o->spool, &b))
		rc = fail(_("gongshi: cannot write %s: %s\n"), path);
	else
		rc = write_file(path, b.data, b.len, NULL);
	buf_free(&b);
	free(path);
	return rc;
}

int
publish_finish(struct outset *o)
{
	int rc;

	if (o->dests != NULL || o->finished)
		return 0;
	if (o->spool == NULL)
		return EXIT_SYSTEM;	/* no publish_begin() */
	/* place_file() said what failed, with its path. */
	if (o->spool_errno != 0)
		return EXIT_SYSTEM;
	if ((rc = write_all(o, o->spool, o->old)) == 0 &&
	    (rc = drop_leftovers(o)) == 0)
		rc = record_folders(o);
	o->finished = rc == 0;
	return rc;
}

int
publish_outset(struct outset *o, const char *output_dir)
{
	int rc = 0;

	if (o->dests != NULL)
		return publish_split(o);
	if (o->sink == NULL)	/* not begun (the spool may be named) */
		rc = prepare_kept(o, output_dir);
	if (rc == 0 && (rc = publish_finish(o)) == 0 &&
	    (rc = swap_in(o->spool, o->old)) == 0) {
		/* The spool holds the old output now: kept, as the sibling. */
		publish_end(o);
		return 0;
	}
	publish_abort(o);
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
	path = beside(out, ".lock");
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
