/*
 * incr: which files of the last build a rebuild can take as they are.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"
#include "publish/checksums.h"
#include "publish/incr.h"

#define OLD_SUMS	"archive/" CHECKSUMS_FILE

/* One line of the old SHA256SUMS: its checksum, by the path of its file. */
static void
add_sum(void *arg, const char *name, const char *hex)
{
	struct strmap *sums = arg;
	char *path = xasprintf("archive/%s", name), *val;

	if (strmap_get(sums, path) != NULL) {
		free(path);
		return;
	}
	val = xmalloc(strlen(path) + 1 + 65);
	memcpy(val, path, strlen(path) + 1);
	memcpy(val + strlen(path) + 1, hex, 65);
	free(path);
	/* key and checksum in one block: the key is the block */
	(void)strmap_put(sums, val, val + strlen(val) + 1);
}

/* The old SHA256SUMS, when it is as the stamp lists it. */
static void
read_sums(struct incr *inc, const char *old_dir)
{
	const struct stamp_file *f = strmap_get(&inc->old_files, OLD_SUMS);
	char *path, *text;
	size_t len;

	if (f == NULL || !stamp_file_intact(old_dir, f))
		return;
	path = path_join(old_dir, OLD_SUMS);
	if ((text = file_read(path, &len)) != NULL)
		checksums_parse(text, add_sum, &inc->sums);
	free(text);
	free(path);
}

void
incr_init(struct incr *inc, struct outset *out, const char *templates_dir,
    bool on)
{
	size_t i;

	memset(inc, 0, sizeof(*inc));
	inc->out = out;
	strmap_init(&inc->old_files);
	strmap_init(&inc->sums);
	strmap_init(&inc->now);
	strmap_init(&inc->old_pieces);
	strmap_init(&inc->kept);
	if (!(inc->on = on))
		return;
	digests_init(&inc->dg, templates_dir, stamp_program());
	if (out->old == NULL || !stamp_load(out->old, &inc->old))
		return;
	for (i = 0; i < inc->old.n_list; i++)
		(void)strmap_put(&inc->old_files, inc->old.list[i].path,
		    &inc->old.list[i]);
	for (i = 0; i < inc->old.n_pieces; i++)
		(void)strmap_put(&inc->old_pieces, inc->old.pieces[i].path,
		    &inc->old.pieces[i]);
	read_sums(inc, out->old);
}

/* Frees the keys (and what is in one block with them) of a map. */
static void
free_keys(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->keys != NULL && m->keys[i] != NULL)
			free((char *)m->keys[i]);
	strmap_free(m);
}

/* Frees the values of kept, their keys in them. */
static void
free_kept(struct strmap *m)
{
	struct stamp_pieces *sp;
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->vals != NULL && (sp = m->vals[i]) != NULL) {
			free(sp->path);
			free(sp->v);
			free(sp);
		}
	strmap_free(m);
}

/* The runs of the file being rendered, if any, dropped. */
static void
runs_drop(struct incr *inc)
{
	if (inc->runs_path == NULL)
		return;
	runs_free(&inc->runs);
	free(inc->runs_path);
	inc->runs_path = NULL;
}

void
incr_free(struct incr *inc)
{
	runs_drop(inc);
	strmap_free(&inc->old_files);
	strmap_free(&inc->old_pieces);
	free_kept(&inc->kept);
	free_keys(&inc->sums);
	free_keys(&inc->now);
	stamp_free(&inc->old);
	if (inc->on)
		digests_free(&inc->dg);
	memset(inc, 0, sizeof(*inc));
}

/* Records path's digest for the stamp: "path\0hex", the key its block. */
static void
record(struct incr *inc, const char *path, const char *hex)
{
	size_t n = strlen(path) + 1;
	char *key;

	if (strmap_get(&inc->now, path) != NULL)
		return;		/* a path is rendered once */
	key = xmalloc(n + HASH_HEX);
	memcpy(key, path, n);
	memcpy(key + n, hex, HASH_HEX);
	(void)strmap_put(&inc->now, key, key + n);
}

/* For the tests (incr.h): the paths of the files rendered. */
static void
note_rendered(const char *path)
{
	const char *log = getenv("GONGSHI_TEST_RENDERED");
	FILE *f;

	if (log == NULL || (f = fopen(log, "a")) == NULL)
		return;
	fprintf(f, "%s\n", path);
	fclose(f);
}

/* The old file at path, when it has this digest and is as it was listed. */
static const struct stamp_file *
old_file(struct incr *inc, const char *path, const char *hex)
{
	const struct stamp_file *f = strmap_get(&inc->old_files, path);

	if (f == NULL || f->rendered[0] == '\0' || strcmp(f->rendered, hex) != 0 ||
	    !stamp_file_intact(inc->out->old, f))
		return NULL;
	return f;
}

/* Keeps n pieces v (taken: the caller's no more) of the package at path. */
static void
keep(struct incr *inc, const char *path, struct dkept *v, size_t n)
{
	struct stamp_pieces *sp;

	if (n == 0 || strmap_get(&inc->kept, path) != NULL) {
		free(v);
		return;
	}
	sp = xcalloc(1, sizeof(*sp));
	sp->path = xstrdup(path);
	sp->v = v;
	sp->n = n;
	(void)strmap_put(&inc->kept, sp->path, sp);
}

/* A package taken whole: its pieces are where they were. */
static void
keep_old_pieces(struct incr *inc, const char *path)
{
	const struct stamp_pieces *sp = strmap_get(&inc->old_pieces, path);
	struct dkept *v;

	if (sp == NULL)
		return;
	v = xcalloc(sp->n + 1, sizeof(*v));
	memcpy(v, sp->v, sp->n * sizeof(*v));
	keep(inc, path, v, sp->n);
}

bool
incr_old_pieces(struct incr *inc, const char *path, struct dreuse *r)
{
	const struct stamp_pieces *sp;
	const struct stamp_file *f;
	char *file;
	int fd;

	if (!inc->on)
		return false;
	/* the maps are read only, stamp_program() was taken by incr_init */
	dreuse_init(r, stamp_program());
	if ((sp = strmap_get(&inc->old_pieces, path)) == NULL ||
	    (f = strmap_get(&inc->old_files, path)) == NULL ||
	    inc->out->old == NULL)
		return true;
	file = path_join(inc->out->old, path);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	free(file);
	/* the file the stamp lists, not one put in its place since */
	if (fd >= 0 && !stamp_fd_intact(fd, f)) {
		close(fd);
		fd = -1;
	}
	if (fd >= 0) {
		r->old = sp->v;
		r->n_old = sp->n;
		r->fd = fd;
	}
	return true;
}

void
incr_keep_pieces(struct incr *inc, const char *path, struct dreuse *r)
{
	inc->pieces += r->n_now;
	inc->pieces_reused += r->reused;
	keep(inc, path, r->now, r->n_now);
	r->now = NULL;
	r->n_now = 0;
}

bool
incr_reuse(struct incr *inc, const char *path, bool ok, const struct hash *h)
{
	const struct stamp_file *f;
	char hex[HASH_HEX];

	if (!inc->on)
		return false;
	if (ok) {
		hash_hex(h, hex);
		record(inc, path, hex);
		if ((f = old_file(inc, path, hex)) != NULL) {
			outset_add_reused(inc->out, path, f,
			    strmap_get(&inc->sums, path));
			keep_old_pieces(inc, path);
			inc->reused++;
			return true;
		}
	}
	inc->rendered++;
	note_rendered(path);
	return false;
}

bool
incr_has_old(struct incr *inc, const char *path)
{
	const struct stamp_file *f;

	return inc->on && (f = strmap_get(&inc->old_files, path)) != NULL &&
	    f->rendered[0] != '\0' && stamp_file_intact(inc->out->old, f);
}

void
incr_keep_old(struct incr *inc, const char *path)
{
	const struct stamp_file *f = strmap_get(&inc->old_files, path);

	record(inc, path, f->rendered);
	outset_add_reused(inc->out, path, f,
	    strmap_get(&inc->sums, path));
	keep_old_pieces(inc, path);
	inc->reused++;
}

bool
incr_reuse_odt(struct incr *inc, const char *path, const struct doc *d,
    long long mtime)
{
	struct hash h;
	bool ok;

	if (!inc->on)
		return false;
	ok = digest_odt(&inc->dg, d, mtime, &h);
	return incr_reuse(inc, path, ok, &h);
}

bool
incr_reuse_document(void *arg, const struct document *d)
{
	struct incr *inc = arg;
	struct hash h;
	bool ok;

	if (!inc->on)
		return false;
	if (d->kept) {		/* there: its cycle was not composed */
		incr_keep_old(inc, d->path);
		return true;
	}
	ok = digest_document(&inc->dg, d, &h);
	return incr_reuse(inc, d->path, ok, &h);
}

void
incr_emit(void *arg, const char *path, struct buf *b)
{
	struct incr *inc = arg;
	struct dkept *v;
	size_t n;

	if (inc->runs_path != NULL && strcmp(inc->runs_path, path) == 0) {
		v = runs_take(&inc->runs, &n);
		inc->pieces += n;
		inc->pieces_reused += inc->runs.reused;
		keep(inc, path, v, n);
	}
	runs_drop(inc);
	outset_add(inc->out, path, b);
}

const struct pieces_hook *
incr_pieces(void *arg, const struct document *d)
{
	struct incr *inc = arg;
	const struct stamp_pieces *sp;
	char *old;

	runs_drop(inc);
	if (!inc->on || d->notice == NULL || (d->kind != DOCUMENT_PAGE &&
	    d->kind != DOCUMENT_MARKDOWN))
		return NULL;
	sp = strmap_get(&inc->old_pieces, d->path);
	old = sp != NULL && inc->out->old != NULL ?
	    path_join(inc->out->old, d->path) : NULL;
	runs_init(&inc->runs, stamp_program(), sp != NULL ? sp->v : NULL,
	    sp != NULL ? sp->n : 0, old);
	free(old);
	inc->runs_path = xstrdup(d->path);
	return &inc->runs.hook;
}

void
incr_print(const struct incr *inc)
{
	if (inc->reused > 0)
		printf(_("gongshi: only %zu of %zu files had changed and were "
		    "rendered again; the others were kept from the last "
		    "build\n"), inc->rendered, inc->rendered + inc->reused);
	if (inc->pieces_reused > 0)
		printf(_("gongshi: of the %zu pieces of the long lists rendered "
		    "again, %zu had not changed and were copied from the last "
		    "build\n"), inc->pieces, inc->pieces_reused);
}
