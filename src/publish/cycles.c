/*
 * cycles: the keys of the cycles, and what the last build did with each
 * (publish/cycles.h).
 *
 * CYCLES_FILE is text, a record a line, each field a word or "LEN:BYTES"
 * ("-" for none), so that messages and titles need no escaping:
 *
 *   gongshi cycles 1
 *   verify 0|1
 *   cycle DIR KEY
 *   said PHASE LEVEL LINE COLUMN FILE MSG      (that cycle's, in order)
 *   doc PUBLIC KIND YEAR DATE PATH NAME TITLE NUMBER DESCRIPTION
 *   end
 *   sum HEX                                    (XXH3-128 of all before it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "publish/cycles.h"
#include "publish/stamp.h"

#define MAGIC	"gongshi cycles 1\n"

/* --- the keys ------------------------------------------------------------ */

/* A field of a key's text: its length, then its bytes (NULL: "-"). */
static void
put_field(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "-\n");
		return;
	}
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_putc(b, '\n');
}

static void
put_int(struct buf *b, long long v)
{
	buf_printf(b, "%lld\n", v);
}

void
cycles_facts(const struct site *s, struct buf *b)
{
	const struct cycle *c;
	const struct decision *ap;
	char *rel, *path;
	size_t ci, i;

	for (ci = 0; ci < s->n_cycles; ci++) {
		c = &s->cycles[ci];
		put_field(b, "cycle");
		put_field(b, c->dir);
		put_int(b, c->year);
		put_field(b, c->orgs_file);
		put_field(b, c->decisions_file);
		put_field(b, c->objections_file);
		/* as the stamp's walk names it: the same digest */
		rel = xasprintf("%s/cycle.yaml", c->dir);
		path = path_join(s->content_dir, rel);
		put_field(b, input_digest(path));
		free(path);
		free(rel);
		for (i = 0; i < c->n_orgs; i++) {
			ap = c->orgs[i].decision[STAGE_APPROVAL];
			if (ap == NULL || ap->result != RESULT_AWARD ||
			    c->orgs[i].credit_code == NULL)
				continue;
			put_field(b, c->orgs[i].credit_code);
			put_int(b, ap->date);
			put_int(b, ap->line);
		}
	}
}

void
cycles_key(const char *program, const struct buf *common,
    const struct buf *own, const struct buf *facts, char key[static HASH_HEX])
{
	struct buf b, lang;

	buf_init(&b);
	buf_init(&lang);
	i18n_language(&lang);
	put_field(&b, "gongshi cycle key 1");
	put_field(&b, program);
	put_field(&b, buf_cstr(&lang));
	buf_free(&lang);
	put_int(&b, (long long)common->len);
	buf_add(&b, common->data, common->len);
	put_int(&b, (long long)own->len);
	buf_add(&b, own->data, own->len);
	put_int(&b, (long long)facts->len);
	buf_add(&b, facts->data, facts->len);
	hash_bytes_hex(b.data, b.len, key);
	buf_free(&b);
}

/* --- reading the last build's file ----------------------------------------- */

struct cursor {
	const char	*p, *end;
	bool		 ok;
};

/* The next word, up to a space or the line's end. */
static char *
get_word(struct cursor *c)
{
	const char *s = c->p;

	while (c->p < c->end && *c->p != ' ' && *c->p != '\n')
		c->p++;
	if (!c->ok || c->p == s)
		return c->ok = false, NULL;
	return xstrndup(s, (size_t)(c->p - s));
}

static void
get_space(struct cursor *c, char want)
{
	if (c->ok && c->p < c->end && *c->p == want)
		c->p++;
	else
		c->ok = false;
}

static long long
get_int(struct cursor *c, char after)
{
	char *w = get_word(c), *end;
	long long v = 0;

	if (w != NULL) {
		v = strtoll(w, &end, 10);
		if (*end != '\0')
			c->ok = false;
	}
	free(w);
	get_space(c, after);
	return v;
}

/* A field written by put_str: "-" or "LEN:BYTES"; then a space or the end. */
static char *
get_str(struct cursor *c, char after)
{
	char *s = NULL, *end;
	unsigned long long n;

	if (c->ok && c->p < c->end && *c->p == '-') {
		c->p++;
	} else if (c->ok) {
		n = strtoull(c->p, &end, 10);
		if (end == c->p || end >= c->end || *end != ':' ||
		    n > (unsigned long long)(c->end - end - 1))
			return c->ok = false, NULL;
		s = xstrndup(end + 1, (size_t)n);
		c->p = end + 1 + n;
	}
	get_space(c, after);
	return s;
}

static bool
is_record(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if (!c->ok || (size_t)(c->end - c->p) <= n ||
	    strncmp(c->p, word, n) != 0 || c->p[n] != ' ')
		return false;
	c->p += n + 1;
	return true;
}

static void
read_said(struct cursor *c, struct cycle_was *w)
{
	long long phase = get_int(c, ' '), level = get_int(c, ' ');
	long long line = get_int(c, ' '), column = get_int(c, ' ');
	char *file = get_str(c, ' '), *msg = get_str(c, '\n');

	if (c->ok && phase >= 0 && phase < CHECK_PHASES && file != NULL &&
	    msg != NULL) {
		if (level == DIAG_ERROR)
			diag_error_at(&w->said[phase], file, (int)line,
			    (int)column, "%s", msg);
		else
			diag_warning_at(&w->said[phase], file, (int)line,
			    (int)column, "%s", msg);
	} else
		c->ok = false;
	free(file);
	free(msg);
}

static void
read_doc(struct cursor *c, struct cycle_was *w)
{
	long long pub = get_int(c, ' '), kind = get_int(c, ' ');
	long long year = get_int(c, ' '), date = get_int(c, ' ');
	char *path = get_str(c, ' '), *name = get_str(c, ' ');
	struct composed *d;

	if (!c->ok || path == NULL || name == NULL) {
		c->ok = false;
		free(path);
		free(name);
		return;
	}
	if (w->n_docs == 0 || (w->n_docs & (w->n_docs - 1)) == 0)
		w->docs = xreallocarray(w->docs, w->n_docs == 0 ? 1 :
		    2 * w->n_docs, sizeof(*w->docs));
	d = &w->docs[w->n_docs++];
	memset(d, 0, sizeof(*d));
	d->public = pub != 0;
	d->archive_path = path;
	d->kept = true;
	d->doc = doc_new((enum doc_kind)kind, name);
	free(name);
	d->doc->year = (int)year;
	d->doc->date = (day_t)date;
	d->doc->title = get_str(c, ' ');
	d->doc->number = get_str(c, ' ');
	d->doc->description = get_str(c, '\n');
}

static void
was_free(struct cycle_was *w)
{
	size_t i;

	free(w->dir);
	for (i = 0; i < CHECK_PHASES; i++)
		diag_free(&w->said[i]);
	for (i = 0; i < w->n_docs; i++) {
		doc_free(w->docs[i].doc);
		free(w->docs[i].archive_path);
	}
	free(w->docs);
}

/* One "cycle" record and what follows it, up to its "end". */
static void
read_cycle(struct cursor *c, struct cycles *cy)
{
	struct cycle_was *w;
	char *key;
	size_t i;

	cy->old = xreallocarray(cy->old, cy->n_old + 1, sizeof(*cy->old));
	w = &cy->old[cy->n_old++];
	memset(w, 0, sizeof(*w));
	for (i = 0; i < CHECK_PHASES; i++)
		diag_init(&w->said[i]);
	w->dir = get_str(c, ' ');
	key = get_word(c);
	get_space(c, '\n');
	if (key == NULL || strlen(key) + 1 != HASH_HEX || w->dir == NULL)
		c->ok = false;
	else
		memcpy(w->key, key, HASH_HEX);
	free(key);
	while (c->ok && c->p < c->end && strncmp(c->p, "end\n", 4) != 0) {
		if (is_record(c, "said"))
			read_said(c, w);
		else if (is_record(c, "doc"))
			read_doc(c, w);
		else
			c->ok = false;
	}
	get_space(c, 'e');
	c->p += c->ok ? 3 : 0;
}

/*
 * Whether the file's last line, "sum HEX", is the digest of the bytes
 * before it; *len is then their count. A file damaged, cut short or
 * written by another program is not trusted at all.
 */
static bool
sum_matches(const char *text, size_t *len)
{
	size_t line = 4 + HASH_HEX;	/* "sum " HEX "\n" */
	char sum[HASH_HEX];

	if (*len < line || strncmp(text + *len - line, "sum ", 4) != 0 ||
	    text[*len - 1] != '\n')
		return false;
	hash_bytes_hex(text, *len - line, sum);
	if (memcmp(sum, text + *len - line + 4, HASH_HEX - 1) != 0)
		return false;
	*len -= line;
	return true;
}

void
cycles_open(struct cycles *cy, const char *output_dir)
{
	char *path = path_join(output_dir, CYCLES_FILE), *text;
	struct cursor c;
	size_t len, i;

	memset(cy, 0, sizeof(*cy));
	text = file_read(path, &len);
	free(path);
	if (text == NULL || !sum_matches(text, &len) ||
	    len < sizeof(MAGIC) + 8 || memcmp(text, MAGIC, sizeof(MAGIC) - 1) != 0) {
		free(text);
		return;
	}
	c.p = text + sizeof(MAGIC) - 1;
	c.end = text + len;
	c.ok = true;
	c.ok = is_record(&c, "verify");
	cy->was_verify = get_int(&c, '\n') != 0;
	while (c.ok && c.p < c.end && is_record(&c, "cycle"))
		read_cycle(&c, cy);
	cy->have_old = c.ok && c.p == c.end;
	free(text);
	if (cy->have_old)
		return;
	for (i = 0; i < cy->n_old; i++)
		was_free(&cy->old[i]);
	free(cy->old);
	cy->old = NULL;
	cy->n_old = 0;
}

/* --- this build's keys ----------------------------------------------------- */

static const struct cycle_was *
find_was(const struct cycles *cy, const char *dir)
{
	size_t i;

	for (i = 0; i < cy->n_old; i++)
		if (strcmp(cy->old[i].dir, dir) == 0)
			return &cy->old[i];
	return NULL;
}

/* The keys of every cycle; false when the walk of the inputs is not there. */
static bool
take_keys(struct cycles *cy, const struct site *s)
{
	const char **dirs = xcalloc(s->n_cycles + 1, sizeof(*dirs));
	struct buf common, facts, *own = xcalloc(s->n_cycles + 1, sizeof(*own));
	size_t ci;
	bool ok;

	buf_init(&common);
	buf_init(&facts);
	for (ci = 0; ci < s->n_cycles; ci++) {
		dirs[ci] = s->cycles[ci].dir;
		buf_init(&own[ci]);
	}
	ok = stamp_walk_parts(dirs, s->n_cycles, &common, own);
	if (ok) {
		cycles_facts(s, &facts);
		for (ci = 0; ci < s->n_cycles; ci++)
			cycles_key(stamp_program(), &common, &own[ci], &facts,
			    cy->key[ci]);
	}
	for (ci = 0; ci < s->n_cycles; ci++)
		buf_free(&own[ci]);
	buf_free(&common);
	buf_free(&facts);
	free(own);
	free(dirs);
	return ok;
}

bool
cycles_take(struct cycles *cy, const struct site *s)
{
	const struct cycle_was *w;
	size_t ci, p;

	cy->n = s->n_cycles;
	cy->key = xcalloc(cy->n + 1, sizeof(*cy->key));
	cy->same = xcalloc(cy->n + 1, sizeof(*cy->same));
	cy->was = xcalloc(cy->n + 1, sizeof(*cy->was));
	cy->memo.n = cy->n;
	cy->memo.same = cy->same;
	cy->memo.said = xcalloc(cy->n * CHECK_PHASES + 1, sizeof(struct diag));
	cy->dir = xcalloc(cy->n + 1, sizeof(*cy->dir));
	for (ci = 0; ci < cy->n; ci++)
		cy->dir[ci] = xstrdup(s->cycles[ci].dir);
	for (p = 0; p < cy->n * CHECK_PHASES; p++)
		diag_init(&cy->memo.said[p]);
	if (!(cy->on = take_keys(cy, s)))
		return false;
	for (ci = 0; ci < cy->n; ci++) {
		w = find_was(cy, s->cycles[ci].dir);
		cy->same[ci] = w != NULL && strcmp(w->key, cy->key[ci]) == 0;
		if (!cy->same[ci]) {
			cycles_note("checks", s->cycles[ci].dir);
			continue;
		}
		cy->was[ci] = w;
		for (p = 0; p < CHECK_PHASES; p++)
			diag_append_copies(&cy->memo.said[ci * CHECK_PHASES + p],
			    &w->said[p], 0, w->said[p].n);
	}
	return true;
}

void
cycles_free(struct cycles *cy)
{
	size_t i;

	for (i = 0; i < cy->n_old; i++)
		was_free(&cy->old[i]);
	free(cy->old);
	if (cy->memo.said != NULL)
		for (i = 0; i < cy->n * CHECK_PHASES; i++)
			diag_free(&cy->memo.said[i]);
	free(cy->memo.said);
	for (i = 0; i < cy->n && cy->dir != NULL; i++)
		free(cy->dir[i]);
	free(cy->dir);
	free(cy->key);
	free(cy->same);
	free(cy->was);
	memset(cy, 0, sizeof(*cy));
}

/* --- the documents kept ------------------------------------------------------ */

/* Whether every file of the last build's documents of a cycle is there. */
static bool
files_there(const struct cycle_was *w,
    bool (*has_old)(void *, const char *), void *arg)
{
	const struct composed *d;
	char *path;
	size_t i;
	bool ok = true;

	for (i = 0; ok && i < w->n_docs; i++) {
		d = &w->docs[i];
		path = xasprintf("archive/%s", d->archive_path);
		ok = has_old(arg, path);
		free(path);
		if (ok && d->public) {
			path = xasprintf("site/%d/%s.html", d->doc->year,
			    d->doc->name);
			ok = has_old(arg, path);
			free(path);
		}
		if (ok && d->public) {
			path = xasprintf("site/%d/%s.md", d->doc->year,
			    d->doc->name);
			ok = has_old(arg, path);
			free(path);
		}
	}
	return ok;
}

void
cycles_skip(const struct cycles *cy, bool verify,
    bool (*has_old)(void *, const char *), void *arg, bool *skip)
{
	size_t ci;

	for (ci = 0; ci < cy->n; ci++)
		skip[ci] = cy->on && cy->same[ci] && cy->was_verify == verify &&
		    files_there(cy->was[ci], has_old, arg);
}

/* A copy of a kept document, its doc a new stub. */
static struct composed
kept_copy(const struct composed *from, size_t ci)
{
	const struct doc *o = from->doc;
	struct composed c = *from;

	c.archive_path = xstrdup(from->archive_path);
	c.cycle = ci;
	c.kept = true;
	c.doc = doc_new(o->kind, o->name);
	c.doc->year = o->year;
	c.doc->date = o->date;
	c.doc->title = o->title != NULL ? xstrdup(o->title) : NULL;
	c.doc->number = o->number != NULL ? xstrdup(o->number) : NULL;
	c.doc->description = o->description != NULL ?
	    xstrdup(o->description) : NULL;
	return c;
}

void
cycles_merge(const struct cycles *cy, const bool *skip,
    struct composed_list *docs)
{
	struct composed_list all;
	const struct cycle_was *w;
	size_t ci, i, j = 0, n = docs->n;

	for (ci = 0; ci < cy->n; ci++)
		if (skip[ci])
			n += cy->was[ci]->n_docs;
	all.v = xcalloc(n + 1, sizeof(*all.v));
	all.n = 0;
	for (ci = 0; ci < cy->n; ci++) {
		if (skip[ci]) {
			w = cy->was[ci];
			for (i = 0; i < w->n_docs; i++)
				all.v[all.n++] = kept_copy(&w->docs[i], ci);
			continue;
		}
		while (j < docs->n && docs->v[j].cycle == ci)
			all.v[all.n++] = docs->v[j++];
	}
	free(docs->v);
	*docs = all;
}

/* --- writing this build's file ----------------------------------------------- */

/* A number of the file, then sep (without printf: 446 kB at 25 cycles). */
static void
put_num(struct buf *b, long long v, char sep)
{
	char d[24], *p = d + sizeof(d);
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v :
	    (unsigned long long)v;

	*--p = sep;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(d + sizeof(d) - p));
}

/* A field of the file: "LEN:BYTES" or "-", then sep. */
static void
put_str(struct buf *b, const char *s, char sep)
{
	size_t n;

	if (s == NULL) {
		buf_putc(b, '-');
		buf_putc(b, sep);
		return;
	}
	n = strlen(s);
	put_num(b, (long long)n, ':');
	buf_add(b, s, n);
	buf_putc(b, sep);
}

static void
write_cycle(struct buf *b, const struct cycles *cy, size_t ci,
    const struct composed_list *docs)
{
	const struct diag_item *it;
	const struct composed *c;
	const struct diag *said;
	size_t p, i;

	buf_puts(b, "cycle ");
	put_str(b, cy->dir[ci], ' ');
	buf_printf(b, "%s\n", cy->key[ci]);
	for (p = 0; p < CHECK_PHASES; p++) {
		said = &cy->memo.said[ci * CHECK_PHASES + p];
		for (i = 0; i < said->n; i++) {
			it = &said->items[i];
			buf_puts(b, "said ");
			put_num(b, (long long)p, ' ');
			put_num(b, it->level, ' ');
			put_num(b, it->line, ' ');
			put_num(b, it->column, ' ');
			put_str(b, it->file, ' ');
			put_str(b, it->msg, '\n');
		}
	}
	for (i = 0; i < docs->n; i++) {
		c = &docs->v[i];
		if (c->cycle != ci)
			continue;
		buf_puts(b, "doc ");
		put_num(b, c->public ? 1 : 0, ' ');
		put_num(b, c->doc->kind, ' ');
		put_num(b, c->doc->year, ' ');
		put_num(b, c->doc->date, ' ');
		put_str(b, c->archive_path, ' ');
		put_str(b, c->doc->name, ' ');
		put_str(b, c->doc->title, ' ');
		put_str(b, c->doc->number, ' ');
		put_str(b, c->doc->description, '\n');
	}
	buf_puts(b, "end\n");
}

bool
cycles_write(const struct cycles *cy, const char *dir, bool verify,
    const struct composed_list *docs)
{
	char *path = path_join(dir, CYCLES_FILE), sum[HASH_HEX];
	FILE *f = fopen(path, "wx");
	struct buf b;
	size_t ci;
	bool ok;

	free(path);
	if (f == NULL)
		return false;
	buf_init(&b);
	buf_puts(&b, MAGIC);
	buf_printf(&b, "verify %d\n", verify ? 1 : 0);
	for (ci = 0; ci < cy->n; ci++)
		write_cycle(&b, cy, ci, docs);
	hash_bytes_hex(b.data, b.len, sum);
	buf_printf(&b, "sum %s\n", sum);
	ok = fwrite(b.data, 1, b.len, f) == b.len;
	buf_free(&b);
	return fclose(f) == 0 && ok;
}

void
cycles_note(const char *what, const char *dir)
{
	const char *log = getenv("GONGSHI_TEST_CYCLES");
	FILE *f;

	if (log == NULL || (f = fopen(log, "a")) == NULL)
		return;
	fprintf(f, "%s %s\n", what, dir);
	fclose(f);
}
