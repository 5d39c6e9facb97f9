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
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "base/buf.h"
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
};

/* A message a register's parse told. */
struct msg {
	int		 level, line, column;
	char		*file, *text;
};

/* A register this build loaded, to be written. */
struct note {
	struct hash	 key;
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

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The language messages are told in: the locale, LANGUAGE, and every
 * catalogue of the folder gettext reads (by name and bytes), so that a
 * new translation is told, not the last build's text.
 */
static void
language(struct buf *b)
{
	const char *dir = bindtextdomain("gongshi", NULL), *lang;
	char **names = NULL, hex[HASH_HEX], *mo;
	struct dirent *e;
	size_t n = 0, i;
	DIR *d;

	lang = getenv("LANGUAGE");
	buf_printf(b, "LC_MESSAGES=%s\nLANGUAGE=%s\n",
	    setlocale(LC_MESSAGES, NULL), lang != NULL ? lang : "");
	if (dir == NULL || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		mo = xasprintf("%s/%s/LC_MESSAGES/gongshi.mo", dir, names[i]);
		if (hash_file_hex(mo, hex))
			buf_printf(b, "%s %s\n", names[i], hex);
		free(mo);
		free(names[i]);
	}
	free(names);
}

bool
regcache_key(const char *rel, const void *data, size_t len, struct hash *key)
{
	unsigned char in[2 * sizeof(key->b)];
	struct hash bytes;
	struct buf b;

	if (!rc.on)
		return false;
	hash_bytes(data, len, &bytes);
	memcpy(in, rc.base.b, sizeof(rc.base.b));
	memcpy(in + sizeof(rc.base.b), bytes.b, sizeof(bytes.b));
	buf_init(&b);
	buf_add(&b, in, sizeof(in));
	buf_puts(&b, rel);
	hash_bytes(b.data, b.len, key);
	buf_free(&b);
	return true;
}

/* --- reading ------------------------------------------------------------------ */

static uint64_t
get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

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
		e->len = get_le(head + 32, 8);
		e->off = off + HEAD_LEN;
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
	language(&b);
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
 * at the first that does not fit, and stays so.
 */
struct rd {
	const unsigned char	*p, *end;
	bool			 ok;
};

static uint32_t
rd_u32(struct rd *r)
{
	uint32_t v;

	if (!r->ok || r->end - r->p < 4) {
		r->ok = false;
		return 0;
	}
	v = (uint32_t)get_le(r->p, 4);
	r->p += 4;
	return v;
}

static int32_t
rd_i32(struct rd *r)
{
	uint32_t v = rd_u32(r);

	return v <= INT32_MAX ? (int32_t)v : (int32_t)(v - INT32_MAX - 1) +
	    INT32_MIN;
}

/* A byte, at most max. */
static unsigned
rd_u8(struct rd *r, unsigned max)
{
	unsigned v;

	if (!r->ok || r->p == r->end || *r->p > max) {
		r->ok = false;
		return 0;
	}
	v = *r->p++;
	return v;
}

/* A string: its bytes (no NUL among them) and *len, or NULL for none. */
static const char *
rd_str(struct rd *r, size_t *len)
{
	uint32_t n = rd_u32(r);
	const char *s;

	*len = 0;
	if (!r->ok || n == NO_STR)
		return NULL;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n) != NULL) {
		r->ok = false;
		return NULL;
	}
	s = (const char *)r->p;
	r->p += n;
	*len = n;
	return s;
}

/*
 * Where the strings of the records go: the cycle's arena (shared values
 * once, as the loader keeps them), or the heap; nowhere on a dry run,
 * which only checks.
 */
struct dest {
	struct arena	*arena;		/* NULL: the heap */
	struct strmap	 shared;
	bool		 dry;
};

static char *
rd_keep(struct rd *r, struct dest *to)
{
	size_t len;
	const char *s = rd_str(r, &len);

	if (s == NULL || to->dry)
		return NULL;
	return to->arena != NULL ? arena_strndup(to->arena, s, len) :
	    xstrndup(s, len);
}

static char *
rd_shared(struct rd *r, struct dest *to)
{
	size_t len;
	const char *s = rd_str(r, &len);
	char *copy, *tmp;

	if (s == NULL || to->dry)
		return NULL;
	tmp = xstrndup(s, len);
	if ((copy = strmap_get(&to->shared, tmp)) == NULL) {
		copy = arena_strndup(to->arena, s, len);
		(void)strmap_put(&to->shared, copy, copy);
	}
	free(tmp);
	return copy;
}

/* A code read for its applicant: NULL (r not ok) when there is none. */
static struct org *
rd_org(struct rd *r, regcache_org_fn *org_of, void *arg)
{
	size_t len;
	const char *s = rd_str(r, &len);
	struct org *o = NULL;
	char *code;

	if (s == NULL || org_of == NULL) {
		if (s == NULL)
			r->ok = false;
		return NULL;
	}
	code = xstrndup(s, len);
	if ((o = org_of(arg, code)) == NULL)
		r->ok = false;
	free(code);
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
	const unsigned char *code;

	x->line = rd_i32(r);
	x->id = rd_keep(r, to);
	code = r->p;
	x->credit_code = rd_keep(r, to);
	r->p = code;		/* read again, for the applicant */
	x->org = rd_org(r, org_of, arg);
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

/* The messages of a body; told to d unless it is NULL. */
static void
rd_msgs(struct rd *r, struct diag *d)
{
	uint32_t n = rd_u32(r), i;
	const char *file, *text;
	size_t flen, tlen;
	int line, column;
	char *f, *t;

	for (i = 0; i < n && r->ok; i++) {
		(void)rd_u8(r, DIAG_WARNING);	/* a kept register has no error */
		line = rd_i32(r);
		column = rd_i32(r);
		file = rd_str(r, &flen);
		text = rd_str(r, &tlen);
		if (file == NULL || text == NULL)
			r->ok = false;
		if (!r->ok || d == NULL)
			continue;
		f = xstrndup(file, flen);
		t = xstrndup(text, tlen);
		diag_warning_at(d, f, line, column, "%s", t);
		free(f);
		free(t);
	}
}

/* The smallest record of each kind, in bytes: a bound on a count. */
static const size_t min_rec[] = { 0, 54, 18, 47 };

/*
 * Reads a body of kind k: its records into *v (allocated), unless dry.
 * org_of NULL: the applicants are not looked up (a check of the form).
 */
static bool
read_body(const struct regkept *kept, enum regkind k, struct dest *to,
    regcache_org_fn *org_of, void *arg, void **v, size_t *n, struct diag *d)
{
	struct rd r = { kept->body, kept->body + kept->len, true };
	size_t size[] = { 0, sizeof(struct org), sizeof(struct decision),
	    sizeof(struct objection) };
	uint32_t count, i;
	char *recs = NULL;

	if (rd_u8(&r, REG_OBJECTIONS) != (unsigned)k)
		return false;
	rd_msgs(&r, to->dry ? NULL : d);
	count = rd_u32(&r);
	if (!r.ok || count > (size_t)(r.end - r.p) / min_rec[k])
		return false;
	if (!to->dry)
		recs = xcalloc(count + 1, size[k]);
	for (i = 0; i < count && r.ok; i++) {
		void *rec = recs != NULL ? recs + i * size[k] : NULL;
		struct org o;
		struct decision x;
		struct objection j;

		if (k == REG_ORGS)
			rd_org_rec(&r, to, rec != NULL ? rec : &o);
		else if (k == REG_DECISIONS)
			rd_decision_rec(&r, to, org_of, arg, rec != NULL ? rec : &x);
		else
			rd_objection_rec(&r, to, org_of, arg, rec != NULL ? rec : &j);
	}
	if (!r.ok || r.p != r.end) {
		free(recs);	/* (only on a dry run can r fail) */
		return false;
	}
	if (v != NULL) {
		*v = recs;
		*n = count;
	}
	return true;
}

struct regkept *
regcache_find(const struct hash *key, enum regkind k, const char *rel)
{
	struct regkept *kept;
	struct dest dry = { NULL, { 0 }, true };
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
	if (pread(rc.fd, kept->body, kept->len, (off_t)rc.ents[i].off) !=
	    (ssize_t)kept->len || (hash_bytes(kept->body, kept->len, &sum),
	    !hash_equal(&sum, &rc.ents[i].sum)) ||
	    !read_body(kept, k, &dry, NULL, NULL, NULL, NULL, NULL)) {
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

/*
 * Takes an entry: first read dry with the applicants looked up (nothing
 * given when one is not found), then for good.
 */
static bool
take(const struct regkept *kept, enum regkind k, struct arena *strings,
    regcache_org_fn *org_of, void *arg, void **v, size_t *n, struct diag *d)
{
	struct dest to = { NULL, { 0 }, true };
	bool ok;

	if (k != REG_ORGS && !read_body(kept, k, &to, org_of, arg, NULL, NULL,
	    NULL))
		return false;
	to.dry = false;
	to.arena = strings;
	strmap_init(&to.shared);
	ok = read_body(kept, k, &to, org_of, arg, v, n, d);
	strmap_free(&to.shared);
	if (ok)
		note_taken(kept->rel);
	return ok;
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

	if (!rc.on || n > UINT32_MAX)
		return;
	for (i = from; i < d->n; i++)
		if (d->items[i].level != DIAG_WARNING)
			return;
	rc.notes = xreallocarray(rc.notes, rc.n_notes + 1, sizeof(*rc.notes));
	no = &rc.notes[rc.n_notes++];
	no->key = *key;
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

/* A body being written, its length and digest taken as it goes. */
struct wr {
	FILE		*f;
	XXH3_state_t	*st;
	uint64_t	 len;
};

static void
put(struct wr *w, const void *p, size_t n)
{
	(void)fwrite(p, 1, n, w->f);
	(void)XXH3_128bits_update(w->st, p, n);
	w->len += n;
}

static void
put_le(unsigned char *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static void
put_u32(struct wr *w, uint32_t v)
{
	unsigned char b[4];

	put_le(b, v, 4);
	put(w, b, 4);
}

static void
put_u8(struct wr *w, unsigned v)
{
	unsigned char b = (unsigned char)v;

	put(w, &b, 1);
}

static void
put_str(struct wr *w, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (s == NULL || n >= NO_STR) {
		put_u32(w, NO_STR);
		return;
	}
	put_u32(w, (uint32_t)n);
	put(w, s, n);
}

static void
put_org(struct wr *w, const struct org *o)
{
	put_u32(w, (uint32_t)o->line);
	put_str(w, o->credit_code);
	put_str(w, o->name);
	put_str(w, o->region);
	put_str(w, o->recommender);
	put_u32(w, (uint32_t)o->founded);
	put_str(w, o->industry);
	put_u8(w, o->new_sector);
	put_u8(w, o->sme);
	put_u32(w, (uint32_t)o->internal_publicity_start);
	put_u32(w, (uint32_t)o->internal_publicity_end);
	put_str(w, o->contact);
	put_str(w, o->phone);
	put_str(w, o->email);
	put_u32(w, o->confidential);
}

static void
put_decision(struct wr *w, const struct decision *x)
{
	put_u32(w, (uint32_t)x->line);
	put_u8(w, x->stage);
	put_u8(w, x->result);
	put_u32(w, (uint32_t)x->date);
	put_str(w, x->credit_code);
	put_str(w, x->note);
}

static void
put_objection(struct wr *w, const struct objection *x)
{
	put_u32(w, (uint32_t)x->line);
	put_str(w, x->id);
	put_str(w, x->credit_code);
	put_u32(w, (uint32_t)x->received);
	put_u8(w, x->objector);
	put_str(w, x->objector_name);
	put_str(w, x->objector_address);
	put_u8(w, x->identity_complete);
	put_u32(w, (uint32_t)x->forwarded);
	put_u32(w, (uint32_t)x->reported);
	put_u32(w, (uint32_t)x->decided);
	put_u8(w, x->outcome);
	put_u32(w, (uint32_t)x->notified);
	put_str(w, x->note);
}

static void
put_body(struct wr *w, const struct note *no)
{
	size_t i;

	put_u8(w, no->kind);
	put_u32(w, (uint32_t)no->n_msgs);
	for (i = 0; i < no->n_msgs; i++) {
		put_u8(w, (unsigned)no->msgs[i].level);
		put_u32(w, (uint32_t)no->msgs[i].line);
		put_u32(w, (uint32_t)no->msgs[i].column);
		put_str(w, no->msgs[i].file);
		put_str(w, no->msgs[i].text);
	}
	put_u32(w, (uint32_t)no->n);
	for (i = 0; i < no->n; i++)
		if (no->kind == REG_ORGS)
			put_org(w, (const struct org *)no->v + i);
		else if (no->kind == REG_DECISIONS)
			put_decision(w, (const struct decision *)no->v + i);
		else
			put_objection(w, (const struct objection *)no->v + i);
}

/* One entry: its head, with the body's length and digest once it is written. */
static bool
put_entry(FILE *f, XXH3_state_t *st, const struct note *no)
{
	unsigned char head[HEAD_LEN];
	struct wr w = { f, st, 0 };
	struct hash sum;
	off_t at = ftello(f);
	XXH128_canonical_t c;

	memset(head, 0, sizeof(head));
	if (at < 0 || fwrite(head, 1, HEAD_LEN, f) != HEAD_LEN)
		return false;
	(void)XXH3_128bits_reset(st);
	put_body(&w, no);
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	memcpy(sum.b, c.digest, sizeof(sum.b));
	memcpy(head, no->key.b, 16);
	memcpy(head + 16, sum.b, 16);
	put_le(head + 32, w.len, 8);
	return fseeko(f, at, SEEK_SET) == 0 &&
	    fwrite(head, 1, HEAD_LEN, f) == HEAD_LEN &&
	    fseeko(f, 0, SEEK_END) == 0;
}

bool
regcache_write(const char *dir)
{
	char *path;
	XXH3_state_t *st;
	FILE *f;
	size_t i;
	bool ok;
	int saved;

	if (!rc.on)
		return true;
	path = path_join(dir, REGCACHE_FILE);
	if ((f = fopen(path, "wbx")) == NULL) {
		saved = errno;
		free(path);
		errno = saved;
		return false;
	}
	if ((st = XXH3_createState()) == NULL)
		abort();
	ok = fwrite(MAGIC, 1, MAGIC_LEN, f) == MAGIC_LEN;
	for (i = 0; i < rc.n_notes && ok; i++)
		ok = put_entry(f, st, &rc.notes[i]);
	XXH3_freeState(st);
	ok = !ferror(f) && ok;
	saved = ok ? 0 : (errno != 0 ? errno : EIO);
	if (fclose(f) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok)
		(void)unlink(path);
	free(path);
	errno = saved;
	return ok;
}
