/*
 * regcache: the parsed registers of the last build (load/regcache.h).
 *
 * REGCACHE_FILE is a folder of entries, one file each, named by the 32
 * hex digits of its key:
 *     magic line | key (16 bytes) | digest of the body (16) |
 *     body length (8) | body
 * and a body is
 *     kind (1) | messages: count (4), each level (1) line (4) column (4)
 *     file (str) text (str) | records: count (4), each its fields in the
 *     order of src/model.h
 * numbers little-endian, a string its length (4; 0xffffffff: NULL), its
 * bytes and a NUL. A CSV register's entry has beside it that of its
 * pieces (regcache.h: struct regrows), under the key of its path alone,
 * with the body
 *     kind (1: REG_ROWS) | the key of the records' entry (16) | the
 *     file's length (8), line feeds (8) | the head's length (8) and
 *     digest (8) | pieces: count (4), each its length (4) and digest (8)
 *
 * An entry is mapped (read-only) when it is first asked for, its digest
 * checked once, and the records taken from it keep their strings where
 * they lie in the mapping: nothing is copied. The mappings stay until
 * regcache_release(). A file of the folder is never written in place:
 * each is made anew, or linked, so the bytes mapped stay those checked.
 *
 * A register that did not change keeps its entry, key and bytes: the new
 * output's folder (the previous output kept beside, publish/sibling.h,
 * or a fresh one) holds it already, or it is linked there from the last
 * build's folder; only the entries of the registers that changed are
 * written.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/le.h"
#include "base/strmap.h"
#include "base/util.h"
#include "load/regcache.h"

#define MAGIC		"gongshi register 2\n"
#define MAGIC_LEN	(sizeof(MAGIC) - 1)
#define HEAD_LEN	(MAGIC_LEN + 40)
#define NO_STR		0xffffffffu
#define REG_ROWS	4	/* an entry of pieces (struct regrows) */

/* An entry of the last build's folder, once asked for. */
struct entry {
	struct hash	 key, sum;
	const unsigned char *body;	/* in the mapping; NULL: none to trust */
	uint64_t	 len;
	int		 checked;	/* its digest: 0 not yet, 1 right, -1 not */
	dev_t		 dev;		/* of the file mapped */
	ino_t		 ino;
	bool		 taken;		/* by this build: linked as it is */
	struct entry	*rows;		/* a register's pieces, once taken */
	struct entry	*next;
};

/* A mapping, held until regcache_release(). */
struct mapping {
	void		*at;
	size_t		 len;
};

/* A message a register's parse told. */
struct msg {
	int		 level, line, column;
	char		*file, *text;
};

/* A register this build loaded, to be written. */
struct note {
	struct hash	 key;
	const struct entry *taken;	/* the last build's, or NULL */
	enum regkind	 kind;
	const void	*v;
	size_t		 n;
	struct msg	*msgs;
	size_t		 n_msgs;
	/* its pieces: made by this build, or the last build's, linked */
	struct regrows	*rows;
	struct hash	 rows_key;
	struct entry	*taken_rows;
	struct reuse	*reuse;		/* read by a plan */
};

struct chunk {
	uint32_t	 len;
	uint64_t	 sum;		/* XXH3-64 */
};

struct regrows {
	struct hash	 of;		/* the key of the register's records */
	uint64_t	 total, total_nl;
	uint64_t	 head_len, head_sum;
	struct chunk	*v;
	size_t		 n, cap;
};

/*
 * What a register read by a plan keeps of the last build's entry, so that
 * the records it took from there are copied into the new file as they
 * are (their lines patched), not written again one by one: where each
 * lies in the old body, the table of shared values they were read with,
 * and, once typed, which records of the new register they are.
 */
struct reuse {
	const struct entry *from;
	size_t		*offs;		/* n_old + 1 */
	size_t		 n_old;
	char		**shared;
	uint32_t	 n_shared;
	size_t		 before;	/* new [0, before): old [0, before) */
	size_t		 mid;		/* then mid typed */
	size_t		 after;		/* then old [after, n_old) */
	int		 shift;		/* lines added before those */
};

struct regkept {
	const unsigned char *body;	/* in the mapping */
	size_t		 len;
	char		*rel;
	struct entry	*from;
	struct entry	*rows;		/* the entry of its pieces, or NULL */
};

static struct {
	bool		 on;
	struct hash	 base;		/* the program and the language */
	int		 dirfd;		/* the last build's folder, or -1 */
	pthread_mutex_t	 lock;		/* of ents: both threads find */
	struct entry	*ents;
	struct note	*notes;
	size_t		 n_notes;
} rc = { .dirfd = -1, .lock = PTHREAD_MUTEX_INITIALIZER };

/* The mappings of the entries asked for, until regcache_release(). */
static struct mapping	*maps;
static size_t		 n_maps;

/* --- the key ------------------------------------------------------------------ */

bool
regcache_on(void)
{
	return rc.on;
}

bool
regcache_key(const char *rel, const struct hash *bytes, struct hash *key)
{
	struct buf b;

	/* the digest input_read_hashed took of the bytes (not hashed twice) */
	if (!rc.on)
		return false;
	buf_init(&b);
	buf_add(&b, rc.base.b, sizeof(rc.base.b));
	buf_add(&b, bytes->b, sizeof(bytes->b));
	buf_puts(&b, rel);
	hash_bytes(b.data, b.len, key);
	buf_free(&b);
	return true;
}

/* The key of a register's pieces: its path, the program and the language. */
static void
rows_key(const char *rel, struct hash *key)
{
	struct buf b;

	buf_init(&b);
	buf_add(&b, rc.base.b, sizeof(rc.base.b));
	buf_puts(&b, "pieces of ");
	buf_puts(&b, rel);
	hash_bytes(b.data, b.len, key);
	buf_free(&b);
}

/* --- reading ------------------------------------------------------------------ */

/*
 * The entry of key in the last build's folder, mapped and its head
 * checked; its body NULL when there is no such file or it is not whole.
 * Every page of it is read (its digest), so all are mapped at once
 * (MAP_POPULATE), not one page fault each.
 */
static void
map_entry(struct entry *e)
{
	char name[HASH_HEX];
	struct stat st;
	unsigned char *m;
	int fd;

	e->body = NULL;
	hash_hex(&e->key, name);
	if ((fd = openat(rc.dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= (off_t)HEAD_LEN || (uint64_t)st.st_size > SIZE_MAX ||
	    (m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
	    MAP_POPULATE, fd, 0)) == MAP_FAILED) {
		close(fd);
		return;
	}
	close(fd);
	maps = xreallocarray(maps, n_maps + 1, sizeof(*maps));
	maps[n_maps].at = m;
	maps[n_maps++].len = (size_t)st.st_size;
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	/* the key the name says, and a length that is the file's */
	if (memcmp(m, MAGIC, MAGIC_LEN) != 0 ||
	    memcmp(m + MAGIC_LEN, e->key.b, 16) != 0)
		return;
	memcpy(e->sum.b, m + MAGIC_LEN + 16, 16);
	e->len = le_get(m + MAGIC_LEN + 32, 8);
	if (e->len != (uint64_t)st.st_size - HEAD_LEN)
		return;
	e->body = m + HEAD_LEN;
}

void
regcache_open(const char *output_dir, const char *program)
{
	char *path;
	struct buf b;

	regcache_close();
	rc.on = true;
	buf_init(&b);
	buf_printf(&b, "%sprogram %s\n", MAGIC, program);
	i18n_language(&b);
	hash_bytes(b.data, b.len, &rc.base);
	buf_free(&b);
	path = path_join(output_dir, REGCACHE_FILE);
	rc.dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
}

static void
reuse_free(struct reuse *u)
{
	if (u == NULL)
		return;
	free(u->offs);
	free(u->shared);
	free(u);
}

static void
msgs_free(struct msg *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].file);
		free(m[i].text);
	}
	free(m);
}

void
regcache_close(void)
{
	struct entry *e, *next;
	size_t i;

	if (rc.dirfd >= 0)
		close(rc.dirfd);
	for (i = 0; i < rc.n_notes; i++) {
		msgs_free(rc.notes[i].msgs, rc.notes[i].n_msgs);
		regrows_free(rc.notes[i].rows);
		reuse_free(rc.notes[i].reuse);
	}
	free(rc.notes);
	for (e = rc.ents; e != NULL; e = next) {
		next = e->next;
		free(e);
	}
	rc.on = false;
	rc.ents = NULL;
	rc.notes = NULL;
	rc.n_notes = 0;
	rc.dirfd = -1;
}

void
regcache_release(void)
{
	size_t i;

	for (i = 0; i < n_maps; i++)
		(void)munmap(maps[i].at, maps[i].len);
	free(maps);
	maps = NULL;
	n_maps = 0;
}

/*
 * A body being read: every read checked against its end; ok turns false
 * at the first that does not fit, and stays so (later reads give zeros).
 */
struct rd {
	const unsigned char	*p, *end;
	bool			 ok;
};

static inline uint32_t
rd_u32(struct rd *r)
{
	uint32_t v;

	if (r->end - r->p < 4) {
		r->ok = false;
		r->p = r->end;
		return 0;
	}
	v = le_get32(r->p);
	r->p += 4;
	return v;
}

static inline int32_t
rd_i32(struct rd *r)
{
	uint32_t v = rd_u32(r);
	int32_t i;

	memcpy(&i, &v, sizeof(i));	/* two's complement, as written */
	return i;
}

/* A byte, at most max. */
static inline unsigned
rd_u8(struct rd *r, unsigned max)
{
	if (r->p == r->end || *r->p > max) {
		r->ok = false;
		r->p = r->end;
		return 0;
	}
	return *r->p++;
}

/*
 * A string, NUL-terminated where it lies in the body, or NULL for none.
 * (A NUL inside it only makes it shorter: nothing is read past its end.)
 */
static inline const char *
rd_str(struct rd *r, size_t *len)
{
	uint32_t n = rd_u32(r);
	const char *s;

	*len = 0;
	if (n == NO_STR || !r->ok)
		return NULL;
	if ((size_t)(r->end - r->p) <= n || r->p[n] != '\0') {
		r->ok = false;
		r->p = r->end;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += (size_t)n + 1;
	*len = n;
	return s;
}

/*
 * Where the strings of the records go: where they lie in the mapping, or
 * (objections, whose strings are freed one by one) the heap; the values
 * many applicants share, each once (their table, read first).
 */
struct dest {
	bool		 in_place;
	char		**shared;
	uint32_t	 n_shared;
	struct strmap	*map;		/* the load's shared values, or NULL */
};

static inline char *
rd_keep(struct rd *r, struct dest *to)
{
	size_t len;
	const char *s = rd_str(r, &len);

	if (s == NULL)
		return NULL;
	/* (read-only: the records' strings are never written to) */
	return to->in_place ? (char *)s : xstrndup(s, len);
}

/* A shared value: its number in the table, 0 for none. */
static char *
rd_shared(struct rd *r, struct dest *to)
{
	uint32_t i = rd_u32(r);

	if (i > to->n_shared) {
		r->ok = false;
		return NULL;
	}
	return i > 0 ? to->shared[i - 1] : NULL;
}

/* A code, for its applicant (hint: where to look first); not ok when there is none. */
static struct org *
rd_org(struct rd *r, regcache_org_fn *org_of, void *arg, uint32_t hint)
{
	size_t len;
	const char *s = rd_str(r, &len);
	struct org *o = NULL;

	if (s == NULL || (o = org_of(arg, s, hint)) == NULL)
		r->ok = false;
	return o;
}

static void
rd_org_rec(struct rd *r, struct dest *to, struct org *o)
{
	o->line = rd_i32(r);
	o->credit_code = rd_keep(r, to);
	o->name = rd_keep(r, to);
	o->region = rd_shared(r, to);
	o->recommender = rd_shared(r, to);
	o->founded = rd_i32(r);
	o->industry = rd_shared(r, to);
	o->new_sector = (enum yesno)rd_u8(r, YESNO_YES);
	o->sme = (enum yesno)rd_u8(r, YESNO_YES);
	o->internal_publicity_start = rd_i32(r);
	o->internal_publicity_end = rd_i32(r);
	o->contact = rd_keep(r, to);
	o->phone = rd_keep(r, to);
	o->email = rd_keep(r, to);
	o->confidential = rd_u32(r);
	memset(o->decision, 0, sizeof(o->decision));	/* set by the load */
	if (o->credit_code == NULL)
		r->ok = false;
}

static void
rd_decision_rec(struct rd *r, struct dest *to, regcache_org_fn *org_of,
    void *arg, struct decision *x)
{
	uint32_t hint;

	x->line = rd_i32(r);
	x->stage = (enum stage)rd_u8(r, STAGE_COUNT - 1);
	x->result = (enum result)rd_u8(r, RESULT_NONE);
	x->date = rd_i32(r);
	hint = rd_u32(r);
	x->org = rd_org(r, org_of, arg, hint);
	x->credit_code = x->org != NULL ? x->org->credit_code : NULL;
	x->note = rd_keep(r, to);
}

static void
rd_objection_rec(struct rd *r, struct dest *to, regcache_org_fn *org_of,
    void *arg, struct objection *x)
{
	uint32_t hint;

	x->line = rd_i32(r);
	x->id = rd_keep(r, to);
	x->credit_code = rd_keep(r, to);
	hint = rd_u32(r);
	x->org = x->credit_code != NULL && r->ok ? org_of(arg, x->credit_code,
	    hint) : NULL;
	if (x->org == NULL || x->id == NULL)
		r->ok = false;
	x->received = rd_i32(r);
	x->objector = (enum objector_kind)rd_u8(r, OBJECTOR_UNIT);
	x->objector_name = rd_keep(r, to);
	x->objector_address = rd_keep(r, to);
	x->identity_complete = rd_u8(r, 1) != 0;
	x->forwarded = rd_i32(r);
	x->reported = rd_i32(r);
	x->decided = rd_i32(r);
	x->outcome = (enum outcome)rd_u8(r, OUTCOME_DISQUALIFYING);
	x->notified = rd_i32(r);
	x->note = rd_keep(r, to);
}

static void
objections_free(struct objection *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].credit_code);
		free(v[i].objector_name);
		free(v[i].objector_address);
		free(v[i].note);
	}
	free(v);
}

/*
 * The messages of a body, checked; the place of the first in *at, to be
 * told (tell_msgs) once the records were read.
 */
static void
rd_msgs(struct rd *r, struct rd *at)
{
	uint32_t n, i;
	size_t len;

	*at = *r;
	n = rd_u32(r);
	for (i = 0; i < n && r->ok; i++) {
		(void)rd_u8(r, DIAG_WARNING);	/* a kept register has no error */
		(void)rd_u32(r);		/* line */
		(void)rd_u32(r);		/* column */
		if (rd_str(r, &len) == NULL || rd_str(r, &len) == NULL)
			r->ok = false;
	}
}

static void
tell_msgs(struct rd *r, struct diag *d)
{
	uint32_t n = rd_u32(r), i;
	const char *file, *text;
	int line, column;
	size_t len;

	for (i = 0; i < n; i++) {
		(void)rd_u8(r, DIAG_WARNING);
		line = rd_i32(r);
		column = rd_i32(r);
		file = rd_str(r, &len);
		text = rd_str(r, &len);
		diag_warning_at(d, file, line, column, "%s", text);
	}
}

/* A value of the table: the load's when it has it (to->map). */
static char *
rd_table_value(struct rd *r, struct dest *to)
{
	char *s, *had;

	if ((s = rd_keep(r, to)) == NULL || to->map == NULL)
		return s;
	if ((had = strmap_get(to->map, s)) != NULL)
		return had;
	(void)strmap_put(to->map, s, s);
	return s;
}

/* The table of shared values, into the arena (only organizations have one). */
static void
rd_table(struct rd *r, struct dest *to, bool any)
{
	uint32_t n = rd_u32(r), i;

	if (n > (size_t)(r->end - r->p) / 5 || (n > 0 && !any)) {
		r->ok = false;
		return;
	}
	to->shared = xcalloc(n + 1, sizeof(*to->shared));
	for (i = 0; i < n && r->ok; i++) {
		to->shared[i] = rd_table_value(r, to);
		if (to->shared[i] == NULL)
			r->ok = false;
	}
	to->n_shared = n;
}

/* The smallest record of each kind, in bytes: a bound on a count. */
static const size_t min_rec[] = { 0, 54, 22, 51 };

/*
 * Reads a body of kind k: its records into *v, its messages told to d
 * (none when d is NULL). False when anything in it does not fit, nothing
 * told and nothing given. With map, the shared values are the load's
 * (rd_table_value).
 */
static bool
read_body(const struct regkept *kept, enum regkind k, struct strmap *map,
    regcache_org_fn *org_of, void *arg, void **v, size_t *n, struct diag *d,
    struct reuse *keep)
{
	const unsigned char *body = kept->body;
	struct rd r = { body, body + kept->len, true }, msgs;
	struct dest to = { k != REG_OBJECTIONS, NULL, 0, map };
	size_t size[] = { 0, sizeof(struct org), sizeof(struct decision),
	    sizeof(struct objection) };
	uint32_t count = 0, i;
	char *recs = NULL;

	if (rd_u8(&r, REG_OBJECTIONS) != (unsigned)k)
		return false;
	rd_msgs(&r, &msgs);
	rd_table(&r, &to, k == REG_ORGS);
	count = rd_u32(&r);
	/*
	 * (an applicant's and a decision's every field is read or set: no
	 * need to clear them first)
	 */
	if (r.ok && count <= (size_t)(r.end - r.p) / min_rec[k])
		recs = k != REG_OBJECTIONS ? xreallocarray(NULL,
		    (size_t)count + 1, size[k]) : xcalloc((size_t)count + 1,
		    size[k]);
	else
		r.ok = false;
	if (recs != NULL)	/* the one past the last, as calloc left it */
		memset(recs + (size_t)count * size[k], 0, size[k]);
	if (keep != NULL && r.ok)
		keep->offs = xcalloc((size_t)count + 1, sizeof(*keep->offs));
	for (i = 0; i < count && r.ok; i++) {
		void *rec = recs + i * size[k];

		if (keep != NULL)
			keep->offs[i] = (size_t)(r.p - body);
		if (k == REG_ORGS)
			rd_org_rec(&r, &to, rec);
		else if (k == REG_DECISIONS)
			rd_decision_rec(&r, &to, org_of, arg, rec);
		else
			rd_objection_rec(&r, &to, org_of, arg, rec);
	}
	if (keep != NULL && r.ok) {
		keep->offs[count] = (size_t)(r.p - body);
		keep->n_old = count;
		keep->shared = to.shared;
		keep->n_shared = to.n_shared;
		keep->from = kept->from;
	} else
		free(to.shared);
	if (!r.ok || r.p != r.end) {
		if (k == REG_OBJECTIONS && recs != NULL)
			objections_free((struct objection *)(void *)recs, count);
		else
			free(recs);
		return false;
	}
	if (d != NULL)
		tell_msgs(&msgs, d);
	*v = recs;
	*n = count;
	return true;
}

/* The entry of key, mapped when first asked for (on either thread). */
static struct entry *
find_entry(const struct hash *key)
{
	struct entry *e;

	if (rc.dirfd < 0)
		return NULL;
	pthread_mutex_lock(&rc.lock);
	for (e = rc.ents; e != NULL; e = e->next)
		if (hash_equal(&e->key, key))
			break;
	if (e == NULL) {
		e = xcalloc(1, sizeof(*e));
		e->key = *key;
		map_entry(e);
		e->next = rc.ents;
		rc.ents = e;
	}
	pthread_mutex_unlock(&rc.lock);
	return e;
}

/*
 * The body of e, of kind k, checked whole (its digest, once); NULL if it
 * is not so. Each entry is asked for by one thread, and by the writer
 * only once the load is over.
 */
static const unsigned char *
entry_body(struct entry *e, unsigned k)
{
	struct hash sum;

	if (e == NULL || e->body == NULL || e->len == 0 || e->body[0] != k)
		return NULL;
	if (e->checked == 0) {
		hash_bytes(e->body, (size_t)e->len, &sum);
		e->checked = hash_equal(&sum, &e->sum) ? 1 : -1;
	}
	return e->checked > 0 ? e->body : NULL;
}

struct regkept *
regcache_find(const struct hash *key, enum regkind k, const char *rel)
{
	struct regkept *kept;
	struct entry *e = find_entry(key);
	const unsigned char *body;
	struct hash rk;

	if ((body = entry_body(e, (unsigned)k)) == NULL)
		return NULL;
	kept = xmalloc(sizeof(*kept));
	kept->body = body;
	kept->len = (size_t)e->len;
	kept->rel = xstrdup(rel);
	kept->from = e;
	rows_key(rel, &rk);
	kept->rows = find_entry(&rk);
	return kept;
}

void
regcache_kept_free(struct regkept *kept)
{
	if (kept == NULL)
		return;
	free(kept->rel);
	free(kept);
}

/* Tests may set GONGSHI_TEST_REGISTERS to a file: each register taken is added. */
static void
note_taken(const char *rel)
{
	const char *log = getenv("GONGSHI_TEST_REGISTERS");
	FILE *f;

	if (log == NULL || (f = fopen(log, "a")) == NULL)
		return;
	fprintf(f, "%s\n", rel);
	fclose(f);
}

static bool
take(const struct regkept *kept, enum regkind k, regcache_org_fn *org_of,
    void *arg, void **v, size_t *n, struct diag *d)
{
	if (!read_body(kept, k, NULL, org_of, arg, v, n, d, NULL))
		return false;
	kept->from->taken = true;	/* (this thread alone notes and writes) */
	kept->from->rows = kept->rows;
	if (kept->rows != NULL)
		kept->rows->taken = true;
	note_taken(kept->rel);
	return true;
}

bool
regcache_take_orgs(const struct regkept *kept, struct org **v, size_t *n,
    struct diag *d)
{
	return take(kept, REG_ORGS, NULL, NULL, (void **)v, n, d);
}

bool
regcache_take_decisions(const struct regkept *kept, regcache_org_fn *org_of,
    void *arg, struct decision **v, size_t *n, struct diag *d)
{
	return take(kept, REG_DECISIONS, org_of, arg, (void **)v, n, d);
}

bool
regcache_take_objections(const struct regkept *kept, regcache_org_fn *org_of,
    void *arg, struct objection **v, size_t *n, struct diag *d)
{
	return take(kept, REG_OBJECTIONS, org_of, arg, (void **)v, n, d);
}

/* --- the pieces of a register ------------------------------------------------- */

static uint64_t
piece_sum(const char *p, size_t len)
{
	return (uint64_t)XXH3_64bits(p, len);
}

/* The line feeds of p[0..len). */
static uint64_t
count_nl(const char *p, size_t len)
{
	const char *end = p + len, *nl;
	uint64_t n = 0;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p = nl + 1;
	}
	return n;
}

static void	add_kept(struct regrows *, const struct chunk *);

static bool
add_piece(struct regrows *rows, const char *p, size_t len)
{
	struct chunk c;

	if (len > UINT32_MAX)
		return false;
	c.len = (uint32_t)len;
	c.sum = piece_sum(p, len);
	add_kept(rows, &c);
	return true;
}

/*
 * Where line `to` starts, going from data[*at], which is at line *line,
 * and up to end; false when the bytes end first.
 */
static bool
skip_to_line(const char *data, size_t end, size_t *at, int *line, int to)
{
	const char *nl;

	while (*line < to) {
		nl = memchr(data + *at, '\n', end - *at);
		if (nl == NULL)
			return false;
		*at = (size_t)(nl - data) + 1;
		++*line;
	}
	return *line == to;
}

/*
 * The pieces of data[from..to), which starts at line `line`, cut where
 * the records of lines[1..n) start (the first piece starts at from,
 * before lines[0]); one piece when n is 0 and the bytes are not empty.
 */
static bool
add_pieces(struct regrows *rows, const char *data, size_t from, size_t to,
    int line, const int *lines, size_t n)
{
	size_t i, at = from, start = from;

	for (i = 1; i < n; i++) {
		if (!skip_to_line(data, to, &at, &line, lines[i]) ||
		    !add_piece(rows, data + start, at - start))
			return false;
		start = at;
	}
	return start == to || add_piece(rows, data + start, to - start);
}

struct regrows *
regrows_of(const char *data, size_t len, const int *lines, size_t n)
{
	struct regrows *rows;
	size_t at = 0;
	int line = 1;

	if (n == 0 || lines[0] < 1 || !skip_to_line(data, len, &at, &line,
	    lines[0]))
		return NULL;
	rows = xcalloc(1, sizeof(*rows));
	rows->v = xreallocarray(NULL, n, sizeof(*rows->v));	/* one a record */
	rows->cap = n;
	rows->total = len;
	rows->total_nl = count_nl(data, len);
	rows->head_len = at;
	rows->head_sum = piece_sum(data, at);
	if (!add_pieces(rows, data, at, len, lines[0], lines, n)) {
		regrows_free(rows);
		return NULL;
	}
	return rows;
}

void
regrows_free(struct regrows *rows)
{
	if (rows == NULL)
		return;
	free(rows->v);
	free(rows);
}

/* A piece of the last build's, kept as it was. */
static void
add_kept(struct regrows *rows, const struct chunk *c)
{
	if (rows->n == rows->cap) {
		rows->cap = rows->cap > 0 ? 2 * rows->cap : 64;
		rows->v = xreallocarray(rows->v, rows->cap, sizeof(*rows->v));
	}
	rows->v[rows->n++] = *c;
}

struct regrows *
regrows_patch(const struct regplan *p, const char *data, const int *lines,
    size_t n)
{
	const struct regrows *old = p->old;
	struct regrows *rows = xcalloc(1, sizeof(*rows));
	size_t i;

	rows->total = p->len;
	/* the line feeds before to, and the last build's after it */
	rows->total_nl = (uint64_t)(p->to_line - 1) + p->after_nl;
	rows->head_len = old->head_len;
	rows->head_sum = old->head_sum;
	for (i = 0; i < p->n_before; i++)
		add_kept(rows, &old->v[i]);
	if (!add_pieces(rows, data, p->from, p->to, p->from_line, lines, n)) {
		regrows_free(rows);
		return NULL;
	}
	for (i = p->n_after; i < old->n; i++)
		add_kept(rows, &old->v[i]);
	return rows;
}

/* The pieces of a body of kind REG_ROWS, every length checked; NULL if not. */
static struct regrows *
rd_rows(const unsigned char *body, size_t len)
{
	struct rd r = { body + 1, body + len, true };
	struct regrows *rows;
	uint64_t sum = 0;
	uint32_t n, i;

	if (len < 1 + 16 + 5 * 8 + 4)
		return NULL;
	rows = xcalloc(1, sizeof(*rows));
	memcpy(rows->of.b, r.p, 16);
	r.p += 16;
	rows->total = le_get(r.p, 8);
	rows->total_nl = le_get(r.p + 8, 8);
	rows->head_len = le_get(r.p + 16, 8);
	rows->head_sum = le_get(r.p + 24, 8);
	r.p += 32;
	n = rd_u32(&r);
	if ((size_t)(r.end - r.p) != (size_t)n * 12 ||
	    rows->total_nl >= INT_MAX || rows->head_len > rows->total) {
		regrows_free(rows);
		return NULL;
	}
	rows->v = xcalloc((size_t)n + 1, sizeof(*rows->v));
	rows->n = rows->cap = n;
	for (i = 0; i < n; i++) {
		rows->v[i].len = rd_u32(&r);
		rows->v[i].sum = le_get(r.p, 8);
		r.p += 8;
		sum += rows->v[i].len;
	}
	if (sum != rows->total - rows->head_len) {
		regrows_free(rows);
		return NULL;
	}
	return rows;
}

/* The last build's pieces of the register rel; NULL when there are none. */
static struct regrows *
kept_rows(const char *rel)
{
	const unsigned char *body;
	struct entry *e;
	struct hash rk;

	rows_key(rel, &rk);
	if ((body = entry_body(e = find_entry(&rk), REG_ROWS)) == NULL)
		return NULL;
	return rd_rows(body, (size_t)e->len);
}

static bool
same_piece(const char *data, size_t at, const struct chunk *c)
{
	return piece_sum(data + at, c->len) == c->sum;
}

/*
 * The pieces of old still at the start of data[0..len) (n_before, up to
 * from) and at its end (from n_after, to), to a line start; false when
 * the head is not the same.
 */
static bool
match(const struct regrows *old, const char *data, size_t len,
    struct regplan *p)
{
	size_t i = 0, j = old->n, from = (size_t)old->head_len, to = len;

	if (len < from || piece_sum(data, from) != old->head_sum)
		return false;
	while (i < old->n && len - from >= old->v[i].len &&
	    same_piece(data, from, &old->v[i])) {
		from += old->v[i++].len;
		/* the last build's last piece, with no line end, then more */
		if (from < len && data[from - 1] != '\n') {
			from -= old->v[--i].len;
			break;
		}
	}
	while (j > i && to - from >= old->v[j - 1].len &&
	    same_piece(data, to - old->v[j - 1].len, &old->v[j - 1]))
		to -= old->v[--j].len;
	/* what is read again ends with its last line */
	while (to > from && to < len && data[to - 1] != '\n')
		to += old->v[j++].len;
	p->from = from;
	p->to = to;
	p->n_before = i;
	p->n_after = j;
	return true;
}

bool
regcache_plan(const char *rel, enum regkind k, const char *data, size_t len,
    struct regplan *p)
{
	uint64_t before, mid, after;

	memset(p, 0, sizeof(*p));
	if (!rc.on || (p->old = kept_rows(rel)) == NULL)
		return false;
	if (!match(p->old, data, len, p) ||
	    (p->kept = regcache_find(&p->old->of, k, rel)) == NULL) {
		regcache_plan_free(p);
		return false;
	}
	before = count_nl(data, p->from);
	mid = count_nl(data + p->from, p->to - p->from);
	after = count_nl(data + p->to, len - p->to);
	if (before + mid + after >= INT_MAX || after > p->old->total_nl) {
		regcache_plan_free(p);
		return false;
	}
	p->len = len;
	p->head_len = (size_t)p->old->head_len;
	p->n_pieces = p->old->n;
	p->from_line = (int)before + 1;
	p->to_line = (int)(before + mid) + 1;
	p->after_nl = after;
	/* (a last line with no line end: the line of the end is its own) */
	p->kept_before = p->n_before < p->n_pieces ? p->from_line : INT_MAX;
	p->old_to_line = p->n_after < p->n_pieces ?
	    (int)(p->old->total_nl - after) + 1 : INT_MAX;
	return true;
}

void
regcache_plan_free(struct regplan *p)
{
	reuse_free(p->reuse);
	regcache_kept_free(p->kept);
	regrows_free(p->old);
	memset(p, 0, sizeof(*p));
}

bool
regcache_plan_orgs(struct regplan *p, struct strmap *shared, struct org **v,
    size_t *n)
{
	reuse_free(p->reuse);
	p->reuse = xcalloc(1, sizeof(*p->reuse));
	if (read_body(p->kept, REG_ORGS, shared, NULL, NULL,
	    (void **)v, n, NULL, p->reuse))
		return true;
	reuse_free(p->reuse);
	p->reuse = NULL;
	return false;
}

void
regcache_note_reuse(const struct hash *key, struct regplan *p, size_t before,
    size_t mid, size_t after)
{
	struct note *no = rc.n_notes > 0 ? &rc.notes[rc.n_notes - 1] : NULL;
	struct reuse *u = p->reuse;

	if (u == NULL || no == NULL || !hash_equal(&no->key, key) ||
	    no->kind != REG_ORGS || no->reuse != NULL || before > after ||
	    after > u->n_old || no->n != before + mid + (u->n_old - after))
		return;
	u->before = before;
	u->mid = mid;
	u->after = after;
	u->shift = p->to_line - p->old_to_line;
	no->reuse = u;
	p->reuse = NULL;
}

void
regcache_plan_taken(const struct regplan *p, const char *rel, size_t typed)
{
	const char *log = getenv("GONGSHI_TEST_ROWS");
	FILE *f;

	if (log == NULL || (f = fopen(log, "a")) == NULL)
		return;
	fprintf(f, "%s %zu of %zu pieces kept, %zu rows read\n", rel,
	    p->n_before + (p->n_pieces - p->n_after), p->n_pieces, typed);
	fclose(f);
}

/* --- writing ------------------------------------------------------------------ */

void
regcache_note(const struct hash *key, enum regkind k, const void *v, size_t n,
    const struct diag *d, size_t from)
{
	struct entry *e;
	struct note *no;
	size_t i;

	if (!rc.on || n > UINT32_MAX - 1)
		return;
	for (i = from; i < d->n; i++)
		if (d->items[i].level != DIAG_WARNING)
			return;
	rc.notes = xreallocarray(rc.notes, rc.n_notes + 1, sizeof(*rc.notes));
	no = &rc.notes[rc.n_notes++];
	no->key = *key;
	no->taken = NULL;
	no->rows = NULL;
	no->taken_rows = NULL;
	no->reuse = NULL;
	for (e = rc.ents; e != NULL; e = e->next)
		if (e->taken && hash_equal(&e->key, key)) {
			no->taken = e;
			no->taken_rows = e->rows;
		}
	no->kind = k;
	no->v = v;
	no->n = n;
	no->n_msgs = d->n - from;
	no->msgs = xcalloc(no->n_msgs + 1, sizeof(*no->msgs));
	for (i = 0; i < no->n_msgs; i++) {
		const struct diag_item *it = &d->items[from + i];

		no->msgs[i].level = (int)it->level;
		no->msgs[i].line = it->line;
		no->msgs[i].column = it->column;
		no->msgs[i].file = xstrdup(it->file);
		no->msgs[i].text = xstrdup(it->msg);
	}
}

void
regcache_note_rows(const struct hash *key, const char *rel,
    struct regrows *rows)
{
	struct note *no = rc.n_notes > 0 ? &rc.notes[rc.n_notes - 1] : NULL;

	if (rows == NULL)
		return;
	if (no == NULL || !hash_equal(&no->key, key) || no->rows != NULL) {
		regrows_free(rows);
		return;
	}
	rows->of = *key;
	no->rows = rows;
	no->taken_rows = NULL;
	rows_key(rel, &no->rows_key);
}

/*
 * A body being written: into a buffer, handed to the file (and to the
 * digest) each time it holds FLUSH_AT bytes, so that a register of a
 * million applicants is never held twice.
 */
#define FLUSH_AT	((size_t)1 << 20)

struct wr {
	FILE		*f;
	XXH3_state_t	*st;
	uint64_t	 len;
	unsigned char	*v;
	size_t		 n, cap;
	/* the shared values: pointer -> number (open addressing) */
	const char	**keys;
	uint32_t	*nums;
	size_t		 slots, used;
	const char	**order;	/* by number - 1 */
	/* the cycle's applicants, for a decision's (the note of REG_ORGS) */
	const struct org *orgs;
	size_t		 n_orgs;
};

static void
flush(struct wr *w)
{
	(void)fwrite(w->v, 1, w->n, w->f);
	(void)XXH3_128bits_update(w->st, w->v, w->n);
	w->len += w->n;
	w->n = 0;
}

/* Room for n more bytes at the end of the buffer. */
static unsigned char *
room(struct wr *w, size_t n)
{
	if (w->n >= FLUSH_AT)
		flush(w);
	if (w->cap - w->n < n) {
		w->cap = w->n + n > 2 * w->cap ? w->n + n : 2 * w->cap;
		w->v = xrealloc(w->v, w->cap);
	}
	return w->v + w->n;
}

static inline unsigned char *
w_i32(unsigned char *p, int32_t i)
{
	uint32_t v;

	memcpy(&v, &i, sizeof(v));
	return le_put32(p, v);
}

static inline unsigned char *
w_u8(unsigned char *p, unsigned v)
{
	*p = (unsigned char)v;
	return p + 1;
}

/* A string and its length: room for it was made (str_room). */
static inline unsigned char *
w_str(unsigned char *p, const char *s, size_t n)
{
	if (s == NULL)
		return le_put32(p, NO_STR);
	p = le_put32(p, (uint32_t)n);
	memcpy(p, s, n + 1);
	return p + n + 1;
}

/* The lengths of a record's strings, with the room they take. */
static size_t
str_room(const char *const *s, size_t *len, size_t n)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++) {
		len[i] = s[i] != NULL ? strlen(s[i]) : 0;
		if (len[i] >= NO_STR)	/* never, from a register */
			abort();
		total += 4 + len[i] + 1;
	}
	return total;
}

static void
put_strs(struct wr *w, const char *const *s, size_t n)
{
	size_t len[8], i;
	unsigned char *p = room(w, str_room(s, len, n));

	for (i = 0; i < n; i++)
		p = w_str(p, s[i], len[i]);
	w->n = (size_t)(p - w->v);
}

static size_t
slot_of(const struct wr *w, const char *s)
{
	uintptr_t h = (uintptr_t)s;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (w->slots - 1);
}

/* The number of a shared value (0: none), given it when new. */
static uint32_t
share(struct wr *w, const char *s, bool add)
{
	size_t i, old;
	const char **keys;
	uint32_t *nums;

	if (s == NULL)
		return 0;
	if (add && 2 * (w->used + 1) > w->slots) {
		keys = w->keys;
		nums = w->nums;
		old = w->slots;
		w->slots = old > 0 ? 2 * old : 64;
		w->keys = xcalloc(w->slots, sizeof(*w->keys));
		w->nums = xcalloc(w->slots, sizeof(*w->nums));
		for (i = 0; i < old; i++)
			if (keys[i] != NULL) {
				size_t j = slot_of(w, keys[i]);

				while (w->keys[j] != NULL)
					j = (j + 1) & (w->slots - 1);
				w->keys[j] = keys[i];
				w->nums[j] = nums[i];
			}
		free(keys);
		free(nums);
	}
	for (i = slot_of(w, s); w->keys[i] != NULL; i = (i + 1) & (w->slots - 1))
		if (w->keys[i] == s)
			return w->nums[i];
	if (!add)
		abort();	/* every value was added first */
	w->keys[i] = s;
	w->nums[i] = (uint32_t)++w->used;
	w->order = xreallocarray(w->order, w->used, sizeof(*w->order));
	w->order[w->used - 1] = s;
	return w->nums[i];
}

static void
put_fixed(struct wr *w, const unsigned char *b, size_t n)
{
	memcpy(room(w, n), b, n);
	w->n += n;
}

/* Many bytes: handed to the file (and the digest) as they are. */
static void
put_many(struct wr *w, const unsigned char *b, size_t n)
{
	if (n < 4096) {
		put_fixed(w, b, n);
		return;
	}
	flush(w);
	(void)fwrite(b, 1, n, w->f);
	(void)XXH3_128bits_update(w->st, b, n);
	w->len += n;
}

static void
put_org(struct wr *w, const struct org *o)
{
	const char *s1[] = { o->credit_code, o->name };
	const char *s2[] = { o->contact, o->phone, o->email };
	unsigned char b[32], *p;

	p = w_i32(b, o->line);
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s1, 2);
	p = le_put32(b, share(w, o->region, false));
	p = le_put32(p, share(w, o->recommender, false));
	p = w_i32(p, o->founded);
	p = le_put32(p, share(w, o->industry, false));
	p = w_u8(p, o->new_sector);
	p = w_u8(p, o->sme);
	p = w_i32(p, o->internal_publicity_start);
	p = w_i32(p, o->internal_publicity_end);
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s2, 3);
	p = le_put32(b, o->confidential);
	put_fixed(w, b, (size_t)(p - b));
}

/*
 * Where the applicant o is among the cycle's, for the reader to look
 * first (regcache_org_fn): UINT32_MAX when it is not one of them.
 */
static uint32_t
org_hint(const struct wr *w, const struct org *o)
{
	/* (compared as numbers: o may be in no array of w's) */
	uintptr_t at = (uintptr_t)o - (uintptr_t)w->orgs;

	if (o == NULL || w->orgs == NULL || at >= w->n_orgs * sizeof(*o) ||
	    at % sizeof(*o) != 0 || at / sizeof(*o) >= UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)(at / sizeof(*o));
}

/* A decision: its applicant by code, and where it is among the cycle's. */
static void
put_decision(struct wr *w, const struct decision *x)
{
	const char *s[] = { x->credit_code, x->note };
	unsigned char b[16], *p;

	p = w_i32(b, x->line);
	p = w_u8(p, x->stage);
	p = w_u8(p, x->result);
	p = w_i32(p, x->date);
	p = le_put32(p, org_hint(w, x->org));
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s, 2);
}

static void
put_objection(struct wr *w, const struct objection *x)
{
	const char *s1[] = { x->id, x->credit_code };
	const char *s2[] = { x->objector_name, x->objector_address };
	const char *s3[] = { x->note };
	unsigned char b[32], *p;

	p = w_i32(b, x->line);
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s1, 2);
	p = le_put32(b, org_hint(w, x->org));
	p = w_i32(p, x->received);
	p = w_u8(p, x->objector);
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s2, 2);
	p = w_u8(b, x->identity_complete);
	p = w_i32(p, x->forwarded);
	p = w_i32(p, x->reported);
	p = w_i32(p, x->decided);
	p = w_u8(p, x->outcome);
	p = w_i32(p, x->notified);
	put_fixed(w, b, (size_t)(p - b));
	put_strs(w, s3, 1);
}

/* The shared values of the applicants, numbered in their order. */
static void
put_table(struct wr *w, const struct note *no)
{
	const struct org *v = no->v;
	unsigned char b[4];
	size_t i;

	w->used = 0;
	if (no->kind == REG_ORGS)
		for (i = 0; i < no->n; i++) {
			(void)share(w, v[i].region, true);
			(void)share(w, v[i].recommender, true);
			(void)share(w, v[i].industry, true);
		}
	put_fixed(w, b, (size_t)(le_put32(b, (uint32_t)w->used) - b));
	for (i = 0; i < w->used; i++)
		put_strs(w, &w->order[i], 1);
}

/*
 * The records of a register read by a plan (no->reuse): those taken from
 * the last build's entry copied from its body (mapped, checked when it
 * was read), their lines moved; the others written. False, with nothing
 * written, when the shared values are not numbered as they were (then
 * every record is written).
 */
static bool
put_reused(struct wr *w, const struct note *no)
{
	const struct reuse *u = no->reuse;
	const struct org *v = no->v;
	const unsigned char *body = u->from->body;
	unsigned char b[4];
	size_t i, k;

	if (u->n_shared != w->used || (u->n_shared > 0 && memcmp(u->shared,
	    w->order, u->n_shared * sizeof(*u->shared)) != 0) ||
	    u->from->checked <= 0 || u->offs[u->n_old] > u->from->len)
		return false;
	put_many(w, body + u->offs[0], u->offs[u->before] - u->offs[0]);
	for (i = u->before; i < u->before + u->mid; i++)
		put_org(w, &v[i]);
	if (u->shift == 0) {
		put_many(w, body + u->offs[u->after], u->offs[u->n_old] -
		    u->offs[u->after]);
		return true;
	}
	/* each record starts with its line */
	for (k = u->after; k < u->n_old; k++) {
		(void)w_i32(b, (int32_t)le_get32(body + u->offs[k]) + u->shift);
		put_fixed(w, b, 4);
		put_many(w, body + u->offs[k] + 4, u->offs[k + 1] -
		    u->offs[k] - 4);
	}
	return true;
}

static void
put_body(struct wr *w, const void *arg)
{
	const struct note *no = arg;
	unsigned char b[16], *p;
	size_t i;

	if (w->slots > 0) {
		memset(w->keys, 0, w->slots * sizeof(*w->keys));
		memset(w->nums, 0, w->slots * sizeof(*w->nums));
	}
	p = w_u8(b, no->kind);
	p = le_put32(p, (uint32_t)no->n_msgs);
	put_fixed(w, b, (size_t)(p - b));
	for (i = 0; i < no->n_msgs; i++) {
		const char *s[] = { no->msgs[i].file, no->msgs[i].text };

		p = w_u8(b, (unsigned)no->msgs[i].level);
		p = w_i32(p, no->msgs[i].line);
		p = w_i32(p, no->msgs[i].column);
		put_fixed(w, b, (size_t)(p - b));
		put_strs(w, s, 2);
	}
	put_table(w, no);
	put_fixed(w, b, (size_t)(le_put32(b, (uint32_t)no->n) - b));
	if (no->reuse != NULL && put_reused(w, no))
		i = no->n;
	else
		i = 0;
	for (; i < no->n; i++)
		if (no->kind == REG_ORGS)
			put_org(w, (const struct org *)no->v + i);
		else if (no->kind == REG_DECISIONS)
			put_decision(w, (const struct decision *)no->v + i);
		else
			put_objection(w, (const struct objection *)no->v + i);
	flush(w);
}

/* The pieces of a register (struct regrows). */
static void
put_rows_body(struct wr *w, const void *arg)
{
	const struct regrows *rows = arg;
	unsigned char b[64], *p;
	size_t i, k, n;

	b[0] = REG_ROWS;
	memcpy(b + 1, rows->of.b, 16);
	p = le_put64(b + 17, rows->total);
	p = le_put64(p, rows->total_nl);
	p = le_put64(p, rows->head_len);
	p = le_put64(p, rows->head_sum);
	p = le_put32(p, (uint32_t)rows->n);
	put_fixed(w, b, (size_t)(p - b));
	/* a buffer's worth of pieces at a time, each 12 bytes */
	for (i = 0; i < rows->n; i += n) {
		n = rows->n - i < FLUSH_AT / 12 ? rows->n - i : FLUSH_AT / 12;
		p = room(w, 12 * n);
		for (k = i; k < i + n; k++) {
			p = le_put32(p, rows->v[k].len);
			p = le_put64(p, rows->v[k].sum);
		}
		w->n += 12 * n;
	}
	flush(w);
}

/*
 * An entry under key whose body fill() writes, into the folder dirfd,
 * where no file has its name now: its head, with the body's length and
 * digest once it is written. False (errno set) on an I/O error.
 */
static bool
put_new(struct wr *w, int dirfd, const struct hash *key,
    void (*fill)(struct wr *, const void *), const void *arg)
{
	unsigned char head[HEAD_LEN];
	char name[HASH_HEX];
	XXH128_canonical_t c;
	bool ok;
	int fd;

	hash_hex(key, name);
	if ((fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) < 0)
		return false;
	if ((w->f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		return false;
	}
	memset(head, 0, sizeof(head));
	(void)fwrite(head, 1, HEAD_LEN, w->f);
	(void)XXH3_128bits_reset(w->st);
	w->len = 0;
	fill(w, arg);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(w->st));
	memcpy(head, MAGIC, MAGIC_LEN);
	memcpy(head + MAGIC_LEN, key->b, 16);
	memcpy(head + MAGIC_LEN + 16, c.digest, 16);
	(void)le_put64(head + MAGIC_LEN + 32, w->len);
	ok = fflush(w->f) == 0 && !ferror(w->f) &&
	    pwrite(fd, head, HEAD_LEN, 0) == (ssize_t)HEAD_LEN;
	if (!ok && errno == 0)
		errno = EIO;
	ok = fclose(w->f) == 0 && ok;
	w->f = NULL;
	return ok;
}

/* The names the new output's folder holds now, each with whether it stays. */
struct names {
	struct strmap	 map;		/* name -> &kept[i] */
	char		**v;
	bool		*kept;
	size_t		 n;
};

static bool
names_read(struct names *nm, int dirfd)
{
	struct dirent *de;
	size_t i;
	DIR *d;
	int fd;

	memset(nm, 0, sizeof(*nm));
	strmap_init(&nm->map);
	if ((fd = dup(dirfd)) < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		nm->v = xreallocarray(nm->v, nm->n + 1, sizeof(*nm->v));
		nm->v[nm->n++] = xstrdup(de->d_name);
	}
	closedir(d);
	nm->kept = xcalloc(nm->n + 1, sizeof(*nm->kept));
	for (i = 0; i < nm->n; i++)
		(void)strmap_put(&nm->map, nm->v[i], &nm->kept[i]);
	return true;
}

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->v[i]);
	free(nm->v);
	free(nm->kept);
	strmap_free(&nm->map);
}

/*
 * The name of key in the folder made free for this build's file (not to
 * be removed once written); false when it cannot be.
 */
static bool
make_room(int dirfd, struct names *nm, const struct hash *key)
{
	char name[HASH_HEX];
	bool *stays;

	hash_hex(key, name);
	if ((stays = strmap_get(&nm->map, name)) == NULL)
		return true;
	*stays = true;
	return unlinkat(dirfd, name, 0) == 0 || errno == ENOENT;
}

/* Whether the folder's file name is the very file of e that was checked. */
static bool
same_file(int dirfd, const char *name, const struct entry *e)
{
	struct stat st;

	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    st.st_dev == e->dev && st.st_ino == e->ino;
}

/*
 * The last build's entry e, the file this build checked, under its name
 * in the folder dirfd: left there when the folder holds that file
 * already (linked by an earlier build), else linked from the last
 * build's folder. False, with nothing there, when it cannot be (another
 * file put there since, or another file system).
 */
static bool
keep_entry(int dirfd, struct names *nm, const struct entry *e)
{
	char name[HASH_HEX];
	bool *stays;

	hash_hex(&e->key, name);
	if ((stays = strmap_get(&nm->map, name)) != NULL &&
	    same_file(dirfd, name, e)) {
		*stays = true;
		return true;
	}
	if (!make_room(dirfd, nm, &e->key) ||
	    linkat(rc.dirfd, name, dirfd, name, 0) != 0)
		return false;
	if (same_file(dirfd, name, e))
		return true;
	(void)unlinkat(dirfd, name, 0);
	return false;
}

/*
 * A register's entry, kept when it was taken (written from its records
 * when it cannot be), then that of its pieces: made by this build, or
 * kept (and dropped when it cannot be).
 */
static bool
put_entry(struct wr *w, int dirfd, struct names *nm, const struct note *no)
{
	if ((no->taken == NULL || no->taken->checked <= 0 ||
	    !keep_entry(dirfd, nm, no->taken)) &&
	    (!make_room(dirfd, nm, &no->key) ||
	    !put_new(w, dirfd, &no->key, put_body, no)))
		return false;
	if (no->rows != NULL)
		return make_room(dirfd, nm, &no->rows_key) &&
		    put_new(w, dirfd, &no->rows_key, put_rows_body, no->rows);
	/* (checked here: the register was taken without them) */
	if (entry_body(no->taken_rows, REG_ROWS) != NULL &&
	    !keep_entry(dirfd, nm, no->taken_rows))
		return make_room(dirfd, nm, &no->taken_rows->key);
	return true;
}

/* The folder dir/REGCACHE_FILE, made when it is not there; -1 if it cannot be. */
static int
open_folder(const char *path)
{
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0)
		return fd;
	/* the one file the registers were kept in before (or anything else) */
	if (errno == ENOTDIR || errno == ELOOP)
		(void)unlink(path);
	if (mkdir(path, 0755) != 0)
		return -1;
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
}

/* What the folder holds that this build does not keep, removed. */
static bool
drop_others(int dirfd, const struct names *nm)
{
	size_t i;
	bool ok = true;

	for (i = 0; i < nm->n; i++)
		if (!nm->kept[i] && unlinkat(dirfd, nm->v[i], 0) != 0 &&
		    errno != ENOENT)
			ok = false;
	return ok;
}

/* The folder emptied and removed, after an error. */
static void
remove_folder(const char *path, int dirfd)
{
	struct names nm;
	size_t i;

	if (names_read(&nm, dirfd)) {
		for (i = 0; i < nm.n; i++)
			(void)unlinkat(dirfd, nm.v[i], 0);
		names_free(&nm);
	}
	(void)rmdir(path);
}

bool
regcache_write(const char *dir)
{
	struct names nm;
	struct wr w;
	char *path;
	size_t i;
	bool ok;
	int saved, dirfd;

	if (!rc.on)
		return true;
	memset(&w, 0, sizeof(w));
	path = path_join(dir, REGCACHE_FILE);
	if ((dirfd = open_folder(path)) < 0) {
		saved = errno;
		free(path);
		errno = saved;
		return false;
	}
	if ((w.st = XXH3_createState()) == NULL)
		abort();
	errno = 0;
	ok = names_read(&nm, dirfd);
	for (i = 0; i < rc.n_notes && ok; i++) {
		/* a cycle's decisions come after its organizations */
		if (rc.notes[i].kind == REG_ORGS) {
			w.orgs = rc.notes[i].v;
			w.n_orgs = rc.notes[i].n;
		}
		ok = put_entry(&w, dirfd, &nm, &rc.notes[i]);
	}
	ok = ok && drop_others(dirfd, &nm);
	saved = ok ? 0 : (errno != 0 ? errno : EIO);
	if (ok)
		names_free(&nm);
	else {
		names_free(&nm);
		remove_folder(path, dirfd);
	}
	XXH3_freeState(w.st);
	free(w.v);
	free(w.keys);
	free(w.nums);
	free(w.order);
	close(dirfd);
	free(path);
	errno = saved;
	return ok;
}
