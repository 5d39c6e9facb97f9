/*
 * regcache: the parsed registers of the last build (load/regcache.h).
 *
 * The file: a magic line, then one entry per register,
 *     key (16 bytes) | digest of the body (16) | body length (8) | body
 * and a body is
 *     kind (1) | messages: count (4), each level (1) line (4) column (4)
 *     file (str) text (str) | records: count (4), each its fields in the
 *     order of src/model.h
 * numbers little-endian, a string its length (4; 0xffffffff: NULL) and its
 * bytes. Entries are written in the order of the load; a build reads the
 * index (the entries' heads) at open and an entry's body when asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define MAGIC		"gongshi registers 1\n"
#define MAGIC_LEN	(sizeof(MAGIC) - 1)
#define HEAD_LEN	40
#define NO_STR		0xffffffffu

/* An entry of the last build's file. */
struct entry {
	struct hash	 key, sum;
	uint64_t	 off, len;	/* of its body in the file */
	bool		 taken;		/* by this build: copied as it is */
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
};

struct regkept {
	unsigned char	*body;
	size_t		 len;
	char		*rel;
	struct entry	*from;
};

static struct {
	bool		 on;
	struct hash	 base;		/* the program and the language */
	int		 fd;		/* the last build's file, or -1 */
	struct entry	*ents;
	size_t		 n_ents;
	struct note	*notes;
	size_t		 n_notes;
} rc = { .fd = -1 };

/* --- the key ------------------------------------------------------------------ */

bool
regcache_key(const char *rel, const char *path, struct hash *key)
{
	const char *hex;
	struct buf b;

	/* the digest input_read took of the bytes (not hashed a second time) */
	if (!rc.on || (hex = input_loaded_digest(path)) == NULL || *hex == '\0')
		return false;
	buf_init(&b);
	buf_add(&b, rc.base.b, sizeof(rc.base.b));
	buf_puts(&b, hex);		/* HASH_HEX - 1 digits: then rel */
	buf_puts(&b, rel);
	hash_bytes(b.data, b.len, key);
	buf_free(&b);
	return true;
}

/* --- reading ------------------------------------------------------------------ */

/* Reads the heads of the entries of the file open as rc.fd. */
static bool
read_index(void)
{
	unsigned char head[HEAD_LEN];
	struct stat st;
	uint64_t off = MAGIC_LEN, size;
	struct entry *e;
	char magic[MAGIC_LEN];

	if (fstat(rc.fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    pread(rc.fd, magic, MAGIC_LEN, 0) != (ssize_t)MAGIC_LEN ||
	    memcmp(magic, MAGIC, MAGIC_LEN) != 0)
		return false;
	size = (uint64_t)st.st_size;
	while (off < size) {
		if (size - off < HEAD_LEN ||
		    pread(rc.fd, head, HEAD_LEN, (off_t)off) != HEAD_LEN)
			return false;
		rc.ents = xreallocarray(rc.ents, rc.n_ents + 1, sizeof(*rc.ents));
		e = &rc.ents[rc.n_ents++];
		memcpy(e->key.b, head, 16);
		memcpy(e->sum.b, head + 16, 16);
		e->len = le_get(head + 32, 8);
		e->off = off + HEAD_LEN;
		e->taken = false;
		if (e->len > size - e->off || e->len > SIZE_MAX)
			return false;
		off = e->off + e->len;
	}
	return true;
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
	rc.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (rc.fd >= 0 && !read_index()) {
		free(rc.ents);
		rc.ents = NULL;
		rc.n_ents = 0;
	}
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
	size_t i;

	if (rc.fd >= 0)
		close(rc.fd);
	for (i = 0; i < rc.n_notes; i++)
		msgs_free(rc.notes[i].msgs, rc.notes[i].n_msgs);
	free(rc.notes);
	free(rc.ents);
	memset(&rc, 0, sizeof(rc));
	rc.fd = -1;
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
	v = (uint32_t)le_get(r->p, 4);
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
 * Where the strings of the records go: the cycle's arena or the heap; the
 * values many applicants share, each once (their table, read first).
 */
struct dest {
	struct arena	*arena;		/* NULL: the heap */
	char		**shared;
	uint32_t	 n_shared;
};

static char *
rd_keep(struct rd *r, struct dest *to)
{
	size_t len;
	const char *s = rd_str(r, &len);

	if (s == NULL)
		return NULL;
	return to->arena != NULL ? arena_strndup(to->arena, s, len) :
	    xstrndup(s, len);
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

/* A code, for its applicant: not ok when there is none. */
static struct org *
rd_org(struct rd *r, regcache_org_fn *org_of, void *arg)
{
	size_t len;
	const char *s = rd_str(r, &len);
	struct org *o = NULL;

	if (s == NULL || (o = org_of(arg, s)) == NULL)
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
	if (o->credit_code == NULL)
		r->ok = false;
}

static void
rd_decision_rec(struct rd *r, struct dest *to, regcache_org_fn *org_of,
    void *arg, struct decision *x)
{
	x->line = rd_i32(r);
	x->stage = (enum stage)rd_u8(r, STAGE_COUNT - 1);
	x->result = (enum result)rd_u8(r, RESULT_NONE);
	x->date = rd_i32(r);
	x->org = rd_org(r, org_of, arg);
	x->credit_code = x->org != NULL ? x->org->credit_code : NULL;
	x->note = rd_keep(r, to);
}

static void
rd_objection_rec(struct rd *r, struct dest *to, regcache_org_fn *org_of,
    void *arg, struct objection *x)
{
	x->line = rd_i32(r);
	x->id = rd_keep(r, to);
	x->credit_code = rd_keep(r, to);
	x->org = x->credit_code != NULL ? org_of(arg, x->credit_code) : NULL;
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
		to->shared[i] = rd_keep(r, to);
		if (to->shared[i] == NULL)
			r->ok = false;
	}
	to->n_shared = n;
}

/* The smallest record of each kind, in bytes: a bound on a count. */
static const size_t min_rec[] = { 0, 54, 18, 47 };

/*
 * Reads a body of kind k: its records into *v, its messages told to d.
 * False when anything in it does not fit, nothing told and nothing given
 * (strings already put in the arena stay there, unused).
 */
static bool
read_body(const struct regkept *kept, enum regkind k, struct arena *strings,
    regcache_org_fn *org_of, void *arg, void **v, size_t *n, struct diag *d)
{
	struct rd r = { kept->body, kept->body + kept->len, true }, msgs;
	struct dest to = { strings, NULL, 0 };
	size_t size[] = { 0, sizeof(struct org), sizeof(struct decision),
	    sizeof(struct objection) };
	uint32_t count = 0, i;
	char *recs = NULL;

	if (rd_u8(&r, REG_OBJECTIONS) != (unsigned)k)
		return false;
	rd_msgs(&r, &msgs);
	rd_table(&r, &to, k == REG_ORGS);
	count = rd_u32(&r);
	if (r.ok && count <= (size_t)(r.end - r.p) / min_rec[k])
		recs = xcalloc((size_t)count + 1, size[k]);
	else
		r.ok = false;
	for (i = 0; i < count && r.ok; i++) {
		void *rec = recs + i * size[k];

		if (k == REG_ORGS)
			rd_org_rec(&r, &to, rec);
		else if (k == REG_DECISIONS)
			rd_decision_rec(&r, &to, org_of, arg, rec);
		else
			rd_objection_rec(&r, &to, org_of, arg, rec);
	}
	free(to.shared);
	if (!r.ok || r.p != r.end) {
		if (k == REG_OBJECTIONS && recs != NULL)
			objections_free((struct objection *)(void *)recs, count);
		else
			free(recs);
		return false;
	}
	tell_msgs(&msgs, d);
	*v = recs;
	*n = count;
	return true;
}

struct regkept *
regcache_find(const struct hash *key, enum regkind k, const char *rel)
{
	struct regkept *kept;
	struct hash sum;
	size_t i;

	for (i = 0; i < rc.n_ents; i++)
		if (hash_equal(&rc.ents[i].key, key))
			break;
	if (i == rc.n_ents)
		return NULL;
	kept = xmalloc(sizeof(*kept));
	kept->len = (size_t)rc.ents[i].len;
	kept->body = xmalloc(kept->len + 1);
	kept->rel = xstrdup(rel);
	kept->from = &rc.ents[i];
	if (kept->len == 0 || pread(rc.fd, kept->body, kept->len,
	    (off_t)rc.ents[i].off) != (ssize_t)kept->len ||
	    kept->body[0] != (unsigned char)k ||
	    (hash_bytes(kept->body, kept->len, &sum),
	    !hash_equal(&sum, &rc.ents[i].sum))) {
		regcache_kept_free(kept);
		return NULL;
	}
	return kept;
}

void
regcache_kept_free(struct regkept *kept)
{
	if (kept == NULL)
		return;
	free(kept->body);
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
take(const struct regkept *kept, enum regkind k, struct arena *strings,
    regcache_org_fn *org_of, void *arg, void **v, size_t *n, struct diag *d)
{
	if (!read_body(kept, k, strings, org_of, arg, v, n, d))
		return false;
	kept->from->taken = true;	/* (this thread alone notes and writes) */
	note_taken(kept->rel);
	return true;
}

bool
regcache_take_orgs(const struct regkept *kept, struct arena *strings,
    struct org **v, size_t *n, struct diag *d)
{
	return take(kept, REG_ORGS, strings, NULL, NULL, (void **)v, n, d);
}

bool
regcache_take_decisions(const struct regkept *kept, struct arena *strings,
    regcache_org_fn *org_of, void *arg, struct decision **v, size_t *n,
    struct diag *d)
{
	return take(kept, REG_DECISIONS, strings, org_of, arg, (void **)v, n, d);
}

bool
regcache_take_objections(const struct regkept *kept, regcache_org_fn *org_of,
    void *arg, struct objection **v, size_t *n, struct diag *d)
{
	return take(kept, REG_OBJECTIONS, NULL, org_of, arg, (void **)v, n, d);
}

/* --- writing ------------------------------------------------------------------ */

void
regcache_note(const struct hash *key, enum regkind k, const void *v, size_t n,
    const struct diag *d, size_t from)
{
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
	for (i = 0; i < rc.n_ents; i++)
		if (rc.ents[i].taken && hash_equal(&rc.ents[i].key, key))
			no->taken = &rc.ents[i];
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

static void
put_decision(struct wr *w, const struct decision *x)
{
	const char *s[] = { x->credit_code, x->note };
	unsigned char b[16], *p;

	p = w_i32(b, x->line);
	p = w_u8(p, x->stage);
	p = w_u8(p, x->result);
	p = w_i32(p, x->date);
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
	p = w_i32(b, x->received);
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

static void
put_body(struct wr *w, const struct note *no)
{
	unsigned char b[16], *p;
	size_t i;

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
	for (i = 0; i < no->n; i++)
		if (no->kind == REG_ORGS)
			put_org(w, (const struct org *)no->v + i);
		else if (no->kind == REG_DECISIONS)
			put_decision(w, (const struct decision *)no->v + i);
		else
			put_objection(w, (const struct objection *)no->v + i);
	flush(w);
}

/*
 * A register taken from the last build's file: its entry copied as it is
 * (what writing it again would give, byte for byte), its digest checked
 * again on the way. False, with nothing written, when it is not the same.
 */
static bool
copy_entry(struct wr *w, const struct entry *e)
{
	unsigned char head[HEAD_LEN];
	XXH128_canonical_t c;
	uint64_t done = 0;
	size_t n;

	memcpy(head, e->key.b, 16);
	memcpy(head + 16, e->sum.b, 16);
	(void)le_put32(head + 32, (uint32_t)e->len);
	(void)le_put32(head + 36, (uint32_t)(e->len >> 32));
	(void)fwrite(head, 1, HEAD_LEN, w->f);
	(void)XXH3_128bits_reset(w->st);
	(void)room(w, FLUSH_AT);
	while (done < e->len) {
		n = e->len - done < FLUSH_AT ? (size_t)(e->len - done) : FLUSH_AT;
		if (pread(rc.fd, w->v, n, (off_t)(e->off + done)) != (ssize_t)n)
			return false;
		(void)fwrite(w->v, 1, n, w->f);
		(void)XXH3_128bits_update(w->st, w->v, n);
		done += n;
	}
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(w->st));
	return memcmp(c.digest, e->sum.b, 16) == 0;
}

/* One entry: its head, with the body's length and digest once it is written. */
static bool
put_entry(struct wr *w, const struct note *no)
{
	unsigned char head[HEAD_LEN];
	off_t at = ftello(w->f);
	XXH128_canonical_t c;

	if (at < 0)
		return false;
	if (no->taken != NULL) {
		if (copy_entry(w, no->taken))
			return true;
		/* changed since it was taken: written from the records */
		if (fflush(w->f) != 0 || ftruncate(fileno(w->f), at) != 0 ||
		    fseeko(w->f, at, SEEK_SET) != 0)
			return false;
	}
	memset(head, 0, sizeof(head));
	if (fwrite(head, 1, HEAD_LEN, w->f) != HEAD_LEN)
		return false;
	(void)XXH3_128bits_reset(w->st);
	w->len = 0;
	if (w->slots > 0) {
		memset(w->keys, 0, w->slots * sizeof(*w->keys));
		memset(w->nums, 0, w->slots * sizeof(*w->nums));
	}
	put_body(w, no);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(w->st));
	memcpy(head, no->key.b, 16);
	memcpy(head + 16, c.digest, 16);
	(void)le_put32(head + 32, (uint32_t)w->len);
	(void)le_put32(head + 36, (uint32_t)(w->len >> 32));
	return fseeko(w->f, at, SEEK_SET) == 0 &&
	    fwrite(head, 1, HEAD_LEN, w->f) == HEAD_LEN &&
	    fseeko(w->f, 0, SEEK_END) == 0;
}

bool
regcache_write(const char *dir)
{
	struct wr w;
	char *path;
	size_t i;
	bool ok;
	int saved;

	if (!rc.on)
		return true;
	memset(&w, 0, sizeof(w));
	path = path_join(dir, REGCACHE_FILE);
	if ((w.f = fopen(path, "wbx")) == NULL) {
		saved = errno;
		free(path);
		errno = saved;
		return false;
	}
	if ((w.st = XXH3_createState()) == NULL)
		abort();
	ok = fwrite(MAGIC, 1, MAGIC_LEN, w.f) == MAGIC_LEN;
	for (i = 0; i < rc.n_notes && ok; i++)
		ok = put_entry(&w, &rc.notes[i]);
	XXH3_freeState(w.st);
	free(w.v);
	free(w.keys);
	free(w.nums);
	free(w.order);
	ok = !ferror(w.f) && ok;
	saved = ok ? 0 : (errno != 0 ? errno : EIO);
	if (fclose(w.f) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok)
		(void)unlink(path);
	free(path);
	errno = saved;
	return ok;
}
