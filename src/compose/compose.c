#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/strmap.h"
#include "base/util.h"
#include "compose/compose.h"
#include "compose/context.h"
#include "compose/mustache.h"
#include "load/config.h"
#include "load/yaml.h"

/* Private-use characters: never typed by the office, never in output. */
#define TOKEN_OPEN	"\xEE\x80\x80"	/* U+E000: a value follows, by index */
#define TOKEN_CLOSE	"\xEE\x80\x81"	/* U+E001 */
#define TABLE_OPEN	"\xEE\x80\x82"	/* U+E002: a table goes here */
#define TABLE_CLOSE	"\xEE\x80\x83"	/* U+E003 */
#define MARK_LEN	3

/*
 * A Mustache text parsed once however many documents render it, or the
 * error it fails each of them with (said as the one render would).
 */
struct parsed {
	const char		*src;	/* the text, owned by the template */
	struct mustache_tmpl	*t;
	char			*err;
};

/* A template file: front matter and Markdown body, loaded once. */
struct template {
	char		*name;		/* "notices/acceptance.md" */
	char		*rel;		/* "templates/notices/acceptance.md" */
	struct val	*front;
	char		*body;
	int		 body_line;
	bool		 body_raw;	/* {{{ or {{& in the body: refused */
	struct parsed	 body_parsed;	/* .src NULL until first used */
	struct parsed	*plain;		/* front matter strings (title, captions …) */
	size_t		 n_plain;
};

struct composer {
	const char	*dir;		/* the templates folder */
	const struct state *st;
	struct diag	*diag;
	struct template	**tpls;		/* loaded once, stable addresses */
	size_t		 n_tpls;
	struct mustache_partials *partials;	/* templates/partials/, read once */
	struct composed_list *out;
	size_t		 cycle;		/* the index of the cycle composed */
	size_t		 out_cap;	/* room in out->v */
	struct unit_rows **units;	/* lists grouped by recommender, once each */
	size_t		 n_units;
};

/*
 * Values lent to a context for one document, taken back after it: each
 * document's context is the cycle's, with a few keys set or replaced,
 * without copying the cycle's (site, award, office, rules, notices …).
 * The context is then exactly as a copy with those keys set would be, in
 * the same key order.
 */
#define LENT_MAX	4

struct lent {
	struct val	*ctx;
	size_t		 n;		/* keys before: those after were added */
	struct {
		size_t		 at;	/* its position */
		struct val	*old;	/* the context's own value there */
	}		 saved[LENT_MAX];
	size_t		 n_saved;
};

/*
 * A list's rows grouped by recommending unit, in the list's order: each
 * unit's notice takes its own group, rather than every unit scanning the
 * whole list (40 units × 20,000 rows; 4,000 units made it quadratic).
 */
struct unit_rows {
	const struct org_list *list;
	struct strmap	 index;		/* recommender → position in groups + 1 */
	struct org_list	*groups;
	size_t		 n;
};

/* The values and tables of the document being composed. */
struct fill {
	struct composer	*cp;
	struct template	*tpl;
	const struct cycle_state *cs;
	const char	*unit;		/* only this recommender's applicants */
	char		**values;
	size_t		 n_values, cap_values;
	struct doc_table **tables;
	size_t		 n_tables;
	bool		 failed;
};

/* --- templates ------------------------------------------------------------ */

/* Values are always text: {{{x}}} and {{&x}} are refused (compose.h). */
static bool
has_raw_tag(const char *body)
{
	return strstr(body, "{{{") != NULL || strstr(body, "{{&") != NULL;
}

static struct template *
template_get(struct composer *cp, const char *rel)
{
	struct template *t;
	char *path, *data;
	const char *body;
	size_t i, len;

	for (i = 0; i < cp->n_tpls; i++)
		if (strcmp(cp->tpls[i]->name, rel) == 0)
			return cp->tpls[i]->front ? cp->tpls[i] : NULL;
	cp->tpls = xreallocarray(cp->tpls, cp->n_tpls + 1, sizeof(*cp->tpls));
	t = cp->tpls[cp->n_tpls++] = xcalloc(1, sizeof(*t));
	t->name = xstrdup(rel);
	t->rel = path = path_join(cp->dir, rel);	/* diagnostics name it so */
	if ((data = input_read(cp->dir, path, path, &len, cp->diag)) == NULL) {
		if (errno == ENOENT)
			diag_error(cp->diag, path, 0, _("cannot read the template"));
		return NULL;
	}
	t->front = yaml_front_matter(data, len, path, &body, &t->body_line,
	    cp->diag);
	if (t->front != NULL) {
		t->body = xstrndup(body, len - (size_t)(body - data));
		t->body_raw = has_raw_tag(t->body);
	}
	free(data);
	return t->front ? t : NULL;
}

static void
parsed_free(struct parsed *p)
{
	mustache_tmpl_free(p->t);
	free(p->err);
}

static void
template_free(struct template *t)
{
	size_t i;

	for (i = 0; i < t->n_plain; i++)
		parsed_free(&t->plain[i]);
	free(t->plain);
	parsed_free(&t->body_parsed);
	free(t->name);
	free(t->rel);
	val_free(t->front);
	free(t->body);
	free(t);
}

/* The parsed form of a text of tpl's, parsed the first time asked. */
static void
parse_once(const struct template *tpl, struct parsed *p, const char *src)
{
	if (p->src != NULL)
		return;
	p->src = src;
	p->t = mustache_parse(src, strlen(src), tpl->rel, &p->err);
}

/* A front matter string of tpl, parsed once (strings are told by address). */
static const struct parsed *
plain_of(struct template *tpl, const char *src)
{
	size_t i;

	for (i = 0; i < tpl->n_plain; i++)
		if (tpl->plain[i].src == src)
			return &tpl->plain[i];
	tpl->plain = xreallocarray(tpl->plain, tpl->n_plain + 1,
	    sizeof(*tpl->plain));
	memset(&tpl->plain[tpl->n_plain], 0, sizeof(*tpl->plain));
	parse_once(tpl, &tpl->plain[tpl->n_plain], src);
	return &tpl->plain[tpl->n_plain++];
}

/* --- contexts lent values ------------------------------------------------------ */

static void
lend_begin(struct lent *l, struct val *ctx)
{
	l->ctx = ctx;
	l->n = ctx->n;
	l->n_saved = 0;
}

/* Sets key to v (taken) in the context until lend_end(). */
static void
lend(struct lent *l, const char *key, struct val *v)
{
	struct val *ctx = l->ctx;
	size_t at = val_key_index(ctx, key), i;

	if (at == ctx->n) {
		val_append(ctx, key, v);	/* lend_end() removes it */
		return;
	}
	for (i = 0; i < l->n_saved && l->saved[i].at != at; i++)
		continue;
	if (at >= l->n || i < l->n_saved)
		val_free(ctx->items[at]);	/* lent before: goes */
	else {
		if (l->n_saved == LENT_MAX)
			abort();	/* a programming error: raise LENT_MAX */
		l->saved[l->n_saved].at = at;
		l->saved[l->n_saved++].old = ctx->items[at];
	}
	ctx->items[at] = v;
}

/* Gives the context its own values back, and frees those lent. */
static void
lend_end(struct lent *l)
{
	size_t at;

	while (l->n_saved > 0) {
		at = l->saved[--l->n_saved].at;
		val_free(l->ctx->items[at]);
		l->ctx->items[at] = l->saved[l->n_saved].old;
	}
	val_truncate(l->ctx, l->n);
}

/* --- values as tokens ------------------------------------------------------- */

/* Mustache escape hook: the value is kept aside, a token stands in for it. */
static void
escape_as_token(struct buf *out, const char *s, size_t n, void *arg)
{
	struct fill *f = arg;
	char digits[24], *p = digits + sizeof(digits);
	size_t i;

	if (f->n_values == f->cap_values) {
		f->cap_values = f->cap_values ? f->cap_values * 2 : 16;
		f->values = xreallocarray(f->values, f->cap_values,
		    sizeof(char *));
	}
	f->values[f->n_values] = xstrndup(s, n);
	i = f->n_values++;
	do {
		*--p = (char)('0' + i % 10);
		i /= 10;
	} while (i > 0);
	buf_add(out, TOKEN_OPEN, MARK_LEN);
	buf_add(out, p, (size_t)(digits + sizeof(digits) - p));
	buf_add(out, TOKEN_CLOSE, MARK_LEN);
}

/* Replaces the tokens in s by their values; NULL when there are none. */
static char *
untoken(const struct fill *f, const char *s)
{
	const char *p = s, *open, *close;
	struct buf b;
	size_t idx;

	if (strstr(s, TOKEN_OPEN) == NULL)
		return NULL;
	buf_init(&b);
	while ((open = strstr(p, TOKEN_OPEN)) != NULL) {
		buf_add(&b, p, (size_t)(open - p));
		idx = strtoul(open + MARK_LEN, (char **)&close, 10);
		if (strncmp(close, TOKEN_CLOSE, MARK_LEN) != 0 ||
		    idx >= f->n_values) {
			/* Not ours (typed into a template): drop the mark. */
			p = open + MARK_LEN;
			continue;
		}
		buf_puts(&b, f->values[idx]);
		p = close + MARK_LEN;
	}
	buf_puts(&b, p);
	return buf_detach(&b);
}

/* --- tables ------------------------------------------------------------------- */

static void
fill_error(struct fill *f, int line, const char *fmt, const char *a)
{
	diag_error(f->cp->diag, f->tpl->rel, line, fmt, a);
	f->failed = true;
}

/*
 * Groups by the address of the recommender's string, in front of the
 * index by its text: the load keeps each unit's name once (load/records.c),
 * so nearly every row finds its group without its text hashed; a name
 * copied elsewhere is found by its text, as before. Open addressing;
 * slot values are the group + 1, 0 for an empty slot.
 */
struct by_address {
	const char	**keys;
	uintptr_t	 *vals;
	size_t		  cap, n;	/* cap a power of two, at most half full */
};

static size_t
address_slot(const struct by_address *a, const char *key)
{
	size_t i = (size_t)(((uintptr_t)key * 0x9E3779B97F4A7C15u) >> 32) &
	    (a->cap - 1);

	while (a->keys[i] != NULL && a->keys[i] != key)
		i = (i + 1) & (a->cap - 1);
	return i;
}

static void
address_put(struct by_address *a, const char *key, uintptr_t val)
{
	struct by_address old = *a;
	size_t i;

	if (2 * (a->n + 1) > a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->keys = xcalloc(a->cap, sizeof(*a->keys));
		a->vals = xcalloc(a->cap, sizeof(*a->vals));
		a->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL)
				address_put(a, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	i = address_slot(a, key);
	a->n += a->keys[i] == NULL;
	a->keys[i] = key;
	a->vals[i] = val;
}

static uintptr_t
address_get(const struct by_address *a, const char *key)
{
	return a->cap == 0 ? 0 : a->vals[address_slot(a, key)];
}

static void
unit_rows_build(struct unit_rows *u, const struct org_list *list)
{
	size_t *count = xcalloc(list->n + 1, sizeof(*count));
	size_t *group = xcalloc(list->n + 1, sizeof(*group));	/* of each row */
	struct by_address seen = { NULL, NULL, 0, 0 };
	struct org_list *g;
	const char *unit;
	uintptr_t at;
	size_t i;

	u->list = list;
	strmap_init(&u->index);
	for (i = 0; i < list->n; i++) {
		unit = list->orgs[i]->recommender;
		if ((at = address_get(&seen, unit)) == 0) {
			at = (uintptr_t)strmap_put(&u->index, unit,
			    (void *)(uintptr_t)(u->n + 1));
			if (at == 0)
				at = ++u->n;
			address_put(&seen, unit, at);
		}
		group[i] = at - 1;
		count[at - 1]++;
	}
	free(seen.keys);
	free(seen.vals);
	u->groups = xcalloc(u->n + 1, sizeof(*u->groups));
	for (i = 0; i < u->n; i++)
		u->groups[i].orgs = xcalloc(count[i], sizeof(struct org *));
	for (i = 0; i < list->n; i++) {
		g = &u->groups[group[i]];
		g->orgs[g->n++] = list->orgs[i];
	}
	free(group);
	free(count);
}

/* list grouped by recommender (in the order each first appears), once. */
static const struct unit_rows *
unit_groups(struct composer *cp, const struct org_list *list)
{
	struct unit_rows *u;
	size_t i;

	for (i = 0; i < cp->n_units; i++)
		if (cp->units[i]->list == list)
			return cp->units[i];
	cp->units = xreallocarray(cp->units, cp->n_units + 1,
	    sizeof(*cp->units));
	u = cp->units[cp->n_units++] = xcalloc(1, sizeof(*u));
	unit_rows_build(u, list);
	return u;	/* stays where it is while others are added */
}

/* The rows of list whose recommender is unit. */
static struct org_list
unit_rows(struct composer *cp, const struct org_list *list, const char *unit)
{
	struct org_list none = { NULL, 0 };
	const struct unit_rows *u = unit_groups(cp, list);
	uintptr_t at = (uintptr_t)strmap_get(&u->index, unit);

	return at != 0 ? u->groups[at - 1] : none;
}

static void
unit_rows_free(struct composer *cp)
{
	struct unit_rows *u;
	size_t i, k;

	for (i = 0; i < cp->n_units; i++) {
		u = cp->units[i];
		for (k = 0; k < u->n; k++)
			free(u->groups[k].orgs);
		free(u->groups);
		strmap_free(&u->index);
		free(u);
	}
	free(cp->units);
}

/* The field of each column, by number; false when one is unknown (reported). */
static bool
column_fields(struct fill *f, const struct val *cols, int *ids)
{
	const char *field;
	size_t c;

	for (c = 0; c < cols->n; c++) {
		field = val_get_str(cols->items[c], "field");
		if ((ids[c] = context_org_field_id(field != NULL ? field : "")) < 0) {
			fill_error(f, cols->items[c]->line, _("unknown field '%s'; "
			    "use seq, name, region, recommender, industry, "
			    "founded, sme, new_sector, certificate, award or "
			    "proposed"), field);
			return false;
		}
	}
	return true;
}

/*
 * The rows of a table, column by column. A cell shares the applicant's
 * own string where it is one (a name, a region); only what is made for
 * the cell (seq, a date, a certificate number) is copied into the table.
 */
static bool
table_rows(struct fill *f, struct doc_table *t, const struct org_list *all,
    const struct val *cols)
{
	/* one unit's notice: its own rows only */
	struct org_list mine = f->unit != NULL ?
	    unit_rows(f->cp, all, f->unit) : *all;
	int *ids = xcalloc(t->n_cols, sizeof(int));
	char **cells;
	size_t c;
	/* (an empty list has no cell to name a wrong field in) */
	bool ok = mine.n == 0 || column_fields(f, cols, ids);

	if (ok && mine.n > 0 && (cells = doc_table_add_rows(t, mine.n)) != NULL)
		for (c = 0; c < t->n_cols; c++)
			context_org_column(f->cs, mine.orgs, mine.n, ids[c],
			    cells + c, t->n_cols, &t->text);
	free(ids);
	return ok;
}

/* The message of an engine error, without its leading "REL:N: ". */
static const char *
skip_location(const char *err, const char *rel)
{
	size_t n = strlen(rel);
	const char *p;

	if (strncmp(err, rel, n) != 0 || err[n] != ':')
		return err;
	p = err + n + 1 + strspn(err + n + 1, "0123456789");
	if (*p != ':')
		return err;
	return p + 1 + strspn(p + 1, " ");
}

/*
 * Renders a short template string of the front matter (a title, a
 * caption) as plain text.
 */
static char *
render_plain(struct fill *f, const char *tmpl, const struct val *ctx, int line)
{
	struct mustache_opts o = { .escape = mustache_escape_none,
	    .strict = true, .name = f->tpl->rel };
	const struct parsed *p = plain_of(f->tpl, tmpl);
	struct buf b;
	char *err = NULL;

	buf_init(&b);
	if (p->t == NULL || !mustache_tmpl_render(p->t, ctx, &o, NULL, NULL,
	    NULL, &b, &err)) {
		diag_error(f->cp->diag, f->tpl->rel, line, "%s",
		    skip_location(p->t == NULL ? p->err : err, f->tpl->rel));
		free(err);
		f->failed = true;
	}
	return buf_detach(&b);
}

static struct doc_table *
table_build(struct fill *f, const char *name, const struct val *ctx)
{
	const struct val *tables = val_get(f->tpl->front, "tables");
	const struct val *spec = val_get(tables, name), *cols;
	const struct org_list *list;
	struct doc_table *t;
	const char *lname, *caption;
	char *cap;
	size_t c;

	if (spec == NULL || spec->type != VAL_MAP) {
		fill_error(f, tables ? tables->line : 1, _("no table '%s' in the "
		    "front matter's tables:"), name);
		return NULL;
	}
	lname = val_get_str(spec, "list");
	cols = val_get(spec, "columns");
	if (lname == NULL || (list = context_list(f->cs, lname)) == NULL) {
		fill_error(f, spec->line, _("table list '%s' is unknown; use applied, "
		    "recommended, accepted, presentation, onsite, onsite_passed, "
		    "proposed_award, proposed_nomination, approved_award or "
		    "approved_nomination"), lname ? lname : "");
		return NULL;
	}
	if (cols == NULL || cols->type != VAL_LIST || cols->n == 0) {
		fill_error(f, spec->line, _("table '%s' needs columns: a list of "
		    "{ label: 组织名称, field: name }"), name);
		return NULL;
	}
	caption = val_get_str(spec, "caption");
	cap = render_plain(f, caption ? caption : "", ctx, spec->line);
	t = doc_table_new(cap, cols->n);
	free(cap);
	for (c = 0; c < cols->n; c++)
		doc_table_set_header(t, c, val_get_str(cols->items[c], "label") ?
		    val_get_str(cols->items[c], "label") : "");
	if (!table_rows(f, t, list, cols)) {
		doc_table_free(t);
		return NULL;
	}
	return t;
}

/* Mustache partial hook: {{> table.NAME}} places a table, others load files. */
struct partial_arg {
	struct fill	*f;
	const struct val *ctx;
};

/* The tables of one document: made for it, not shared with others. */
static char *
table_partial(const char *name, void *arg)
{
	struct partial_arg *pa = arg;
	struct fill *f = pa->f;
	struct doc_table *t;

	if (!str_has_prefix(name, "table."))
		return NULL;	/* a file: the composer's shared partials */
	if ((t = table_build(f, name + 6, pa->ctx)) == NULL)
		return xstrdup("");
	f->tables = xreallocarray(f->tables, f->n_tables + 1,
	    sizeof(*f->tables));
	f->tables[f->n_tables] = t;
	return xasprintf("\n" TABLE_OPEN "%zu" TABLE_CLOSE "\n\n",
	    f->n_tables++);
}

/* templates/partials/NAME.md, read once for every document that includes it. */
static char *
file_partial(const char *name, void *arg)
{
	struct composer *cp = arg;
	char *rel, *path, *data;
	size_t len;

	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(name))
		return NULL;
	rel = xasprintf("partials/%s.md", name);
	path = path_join(cp->dir, rel);
	data = input_read(cp->dir, path, path, &len, cp->diag);
	free(path);
	free(rel);
	return data;
}

/* --- the tree ------------------------------------------------------------------- */

/* A paragraph holding only a table mark: the index, or -1. */
static long
table_mark(cmark_node *para)
{
	cmark_node *child = cmark_node_first_child(para);
	const char *s;
	char *end;
	long idx;

	if (child == NULL || cmark_node_next(child) != NULL ||
	    cmark_node_get_type(child) != CMARK_NODE_TEXT)
		return -1;
	s = cmark_node_get_literal(child);
	if (strncmp(s, TABLE_OPEN, MARK_LEN) != 0)
		return -1;
	idx = strtol(s + MARK_LEN, &end, 10);
	if (strcmp(end, TABLE_CLOSE) != 0)
		return -1;
	return idx;
}

/* Puts the values back as text and the tables in place of their marks. */
static void
fill_tree(struct fill *f, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n, **paras = NULL;
	size_t n_paras = 0, i;
	long idx;
	char *s;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
		    table_mark(n) >= 0) {
			paras = xreallocarray(paras, n_paras + 1, sizeof(*paras));
			paras[n_paras++] = n;
		} else if (cmark_node_get_type(n) == CMARK_NODE_TEXT &&
		    (s = untoken(f, cmark_node_get_literal(n))) != NULL) {
			cmark_node_set_literal(n, s);
			free(s);
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < n_paras; i++) {
		idx = table_mark(paras[i]);
		if ((size_t)idx < f->n_tables && f->tables[idx] != NULL) {
			cmark_node_replace(paras[i],
			    doc_table_node(f->tables[idx]));
			f->tables[idx] = NULL;	/* the tree owns it now */
		}
		cmark_node_free(paras[i]);
	}
	free(paras);
}

/* --- one document ------------------------------------------------------------- */

/* What a document is made of beyond its template. */
struct docspec {
	const char	*tpl_rel;	/* "notices/acceptance.md" */
	const char	*name;		/* file stem */
	int		 year;
	day_t		 date;
	const char	*number;
	const struct custom_notice *custom;	/* the office's wording, or NULL */
	const char	*unit;		/* recommendation of one unit, or NULL */
	bool		 public;	/* on the site too, not only in the archive */
	const char	*folder;	/* under the cycle's archive folder, or NULL */
};

/*
 * The 文种 of a document: site.yaml's document_types: for its template
 * (call, acceptance, …, revocation), else the template's own type:.
 */
static const char *
document_type(const struct composer *cp, const struct template *tpl)
{
	const char *base = strrchr(tpl->rel, '/'), *t;
	char *key;

	base = base != NULL ? base + 1 : tpl->rel;
	key = xstrndup(base, strcspn(base, "."));
	t = val_get_str(val_get(cp->st->site->yaml, "document_types"), key);
	free(key);
	return t != NULL ? t : val_get_str(tpl->front, "type");
}

static enum doc_kind
kind_of(const struct val *front)
{
	const char *k = val_get_str(front, "kind");

	if (k != NULL && strcmp(k, "decision") == 0)
		return DOC_DECISION;
	if (k != NULL && strcmp(k, "letter") == 0)
		return DOC_LETTER;
	return DOC_NOTICE;
}

/*
 * A front matter string rendered as plain text, or NULL when absent or
 * when it renders empty (a part that a section leaves out).
 */
static char *
front_text(struct fill *f, const char *key, const struct val *ctx)
{
	const char *s = val_get_str(f->tpl->front, key);
	char *r;

	if (s == NULL)
		return NULL;
	r = render_plain(f, s, ctx, val_key_line(f->tpl->front, key));
	if (*r == '\0') {
		free(r);
		return NULL;
	}
	return r;
}

/* An override's own text for a part, else the template's. */
static char *
part_text(struct fill *f, const char *key, const char *own,
    const struct val *ctx)
{
	return own != NULL ? xstrdup(own) : front_text(f, key, ctx);
}

/*
 * Makes the body's top heading level 1 (一、), whatever the author used:
 * an office that writes "## 一、" because "#" looks like a title gets the
 * same document as one that writes "# 一、" (doc.h: level 1 is 一、).
 */
static void
normalize_headings(cmark_node *root)
{
	cmark_iter *it;
	cmark_node *n;
	int min = 7, level;

	it = cmark_iter_new(root);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    (level = cmark_node_get_heading_level(n)) < min)
			min = level;
	}
	cmark_iter_reset(it, root, CMARK_EVENT_ENTER);
	while (min > 1 && cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_HEADING)
			cmark_node_set_heading_level(n,
			    cmark_node_get_heading_level(n) - (min - 1));
	}
	cmark_iter_free(it);
}

/*
 * The engine says "REL:N: …" with N counted from the start of the body;
 * the office needs the line in the file, after the front matter.
 */
static void
report_template_error(struct diag *d, const char *rel, int body_line,
    const char *err)
{
	size_t n = strlen(rel);
	const char *p = err;
	char *end;
	long line;

	if (strncmp(err, rel, n) == 0 && err[n] == ':') {
		line = strtol(err + n + 1, &end, 10);
		if (end != err + n + 1 && *end == ':') {
			p = end + 1;
			while (*p == ' ')
				p++;
			diag_error(d, rel, body_line + (int)line - 1, "%s", p);
			return;
		}
	}
	diag_error(d, rel, body_line, "%s", err);
}

static bool
render_body(struct fill *f, const struct parsed *p, const char *rel,
    int line, const struct val *ctx, struct buf *md)
{
	struct partial_arg pa = { f, ctx };
	struct mustache_opts o = { .escape = escape_as_token, .escape_arg = f,
	    .partial = table_partial, .partial_arg = &pa, .strict = true,
	    .name = rel };
	char *err = NULL;

	if (p->t == NULL) {
		report_template_error(f->cp->diag, rel, line, p->err);
		return false;
	}
	if (!mustache_tmpl_render(p->t, ctx, &o, f->cp->partials, NULL, NULL,
	    md, &err)) {
		report_template_error(f->cp->diag, rel, line, err);
		free(err);
		return false;
	}
	return true;
}

/*
 * The body: the template's (parsed once for every document of it) or
 * the office's own wording for this document.
 */
static bool
compose_body(struct fill *f, const struct custom_notice *own,
    const struct val *ctx, struct doc *d)
{
	const char *body = own ? own->body : f->tpl->body;
	const char *rel = own ? own->path : f->tpl->rel;
	int line = own ? own->body_line : f->tpl->body_line;
	struct parsed mine = { NULL, NULL, NULL }, *p = &f->tpl->body_parsed;
	struct buf md;
	cmark_node *root, *child;
	bool ok;

	if (own ? has_raw_tag(body) : f->tpl->body_raw) {
		diag_error(f->cp->diag, rel, line, _("use {{name}}, not {{{name}}} "
		    "or {{&name}}: values are always inserted as text"));
		return false;
	}
	if (own != NULL) {
		p = &mine;
		p->t = mustache_parse(body, strlen(body), rel, &p->err);
	} else
		parse_once(f->tpl, p, body);
	buf_init(&md);
	ok = render_body(f, p, rel, line, ctx, &md);
	parsed_free(&mine);
	if (!ok) {
		buf_free(&md);
		return false;
	}
	root = cmark_parse_document(buf_cstr(&md), md.len, CMARK_OPT_DEFAULT);
	buf_free(&md);
	fill_tree(f, root);
	normalize_headings(root);
	/* Move the parsed blocks under the document's own root. */
	while ((child = cmark_node_first_child(root)) != NULL)
		cmark_node_append_child(d->body, child);
	cmark_node_free(root);
	return !f->failed;
}

static void
fill_free(struct fill *f)
{
	size_t i;

	for (i = 0; i < f->n_values; i++)
		free(f->values[i]);
	free(f->values);
	for (i = 0; i < f->n_tables; i++)
		doc_table_free(f->tables[i]);
	free(f->tables);
}

/* document: type and number, for one document. */
static struct val *
document_value(const struct composer *cp, const struct template *tpl,
    const char *number)
{
	struct val *docv = val_map();

	val_set_str(docv, "type", document_type(cp, tpl));
	val_set_str(docv, "number", number);
	return docv;
}

/* The document of ds, rendered in ctx (lent document: while it is made). */
static struct doc *
compose_doc(struct composer *cp, const struct docspec *ds,
    const struct cycle_state *cs, struct val *ctx)
{
	const struct custom_notice *own = ds->custom;
	struct fill f;
	struct doc *d;
	struct lent l;
	const char *award;

	memset(&f, 0, sizeof(f));
	f.cp = cp;
	f.cs = cs;
	f.unit = ds->unit;
	if ((f.tpl = template_get(cp, ds->tpl_rel)) == NULL)
		return NULL;
	lend_begin(&l, ctx);
	lend(&l, "document", document_value(cp, f.tpl, ds->number));
	d = doc_new(kind_of(f.tpl->front), ds->name);
	d->year = ds->year;
	d->date = ds->date;
	d->number = ds->number ? xstrdup(ds->number) : NULL;
	d->title = own ? xstrdup(own->title) : front_text(&f, "title", ctx);
	d->issuer_mark = front_text(&f, "issuer_mark", ctx);
	d->addressee = part_text(&f, "addressee", own ? own->addressee : NULL,
	    ctx);
	d->signature = part_text(&f, "signature", own ? own->signature : NULL,
	    ctx);
	d->attachment_note = front_text(&f, "attachment_note", ctx);
	d->copy_to = front_text(&f, "copy_to", ctx);
	d->printer = front_text(&f, "printer", ctx);
	d->description = front_text(&f, "description", ctx);
	if (d->printer != NULL)
		d->printed = ds->date;
	/* for the archive: the award, the cycle, the document (meta.xml) */
	award = val_get_str(val_get(cp->st->site->yaml, "award"), "short_name");
	d->keywords = xasprintf("%s; %d年度; %s", award != NULL ? award : "",
	    ds->year, ds->name);
	d->retention = xstrdup(site_retention(cp->st->site,
	    d->kind == DOC_DECISION));
	if (d->title == NULL) {
		diag_error(cp->diag, f.tpl->rel, 1, _("title: is missing from the "
		    "front matter"));
		f.failed = true;
	}
	if (!compose_body(&f, own, ctx, d) || f.failed) {
		doc_free(d);
		d = NULL;
	}
	fill_free(&f);
	lend_end(&l);
	return d;
}

static void
add_doc(struct composer *cp, struct doc *d, bool public, char *archive_path)
{
	struct composed_list *l = cp->out;

	/* grown by doubling: 4,000 units' notices moved the list 4,000 times */
	if (l->n == cp->out_cap)
		l->v = xreallocarray(l->v, cp->out_cap = cp->out_cap == 0 ?
		    64 : 2 * cp->out_cap, sizeof(*l->v));
	l->v[l->n].doc = d;
	l->v[l->n].public = public;
	l->v[l->n].archive_path = archive_path;
	l->v[l->n].cycle = cp->cycle;
	l->v[l->n].kept = false;
	l->n++;
}

/* Composes one document and adds it to the list; false when a template failed. */
static bool
compose_add(struct composer *cp, const struct docspec *ds,
    const struct cycle_state *cs, struct val *ctx)
{
	struct doc *d;

	if ((d = compose_doc(cp, ds, cs, ctx)) == NULL)
		return false;
	add_doc(cp, d, ds->public, ds->folder != NULL ?
	    xasprintf("%s/%s/%s.odt", cs->cycle->dir, ds->folder, ds->name) :
	    xasprintf("%s/%s.odt", cs->cycle->dir, ds->name));
	return true;
}

/* --- every document ------------------------------------------------------------ */

static const struct custom_notice *
find_custom(const struct cycle *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_customs; i++)
		if (strcmp(c->customs[i].name, name) == 0)
			return &c->customs[i];
	return NULL;
}

/* A file name made from free text: path separators and controls become '_'. */
static char *
file_safe(const char *s)
{
	char *p, *copy = xstrdup(s);

	for (p = copy; *p != '\0'; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ||
		    *p == ':' || *p == '*' || *p == '?' || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '|')
			*p = '_';
	return copy;
}

static bool
compose_notice(struct composer *cp, const struct cycle_state *cs,
    struct val *base, enum notice_kind k)
{
	const struct cycle *c = cs->cycle;
	const char *name = notice_name(k);
	struct docspec ds = { NULL, name, c->year, c->notices[k].date,
	    c->notices[k].number, find_custom(c, name), NULL, true, NULL };
	char *rel = xasprintf("notices/%s.md", name);
	struct lent l;
	bool ok;

	/* An override keeps cycle.yaml's date and number (check_notices.c). */
	lend_begin(&l, base);
	lend(&l, "notice", context_notice(cs, k));
	ds.tpl_rel = rel;
	ok = compose_add(cp, &ds, cs, base);
	lend_end(&l);
	free(rel);
	return ok;
}

/* The recommendation publicity of each recommending unit, for the archive. */
static bool
compose_unit_notices(struct composer *cp, const struct cycle_state *cs,
    struct val *base)
{
	const struct cycle *c = cs->cycle;
	const struct org_list *l = &cs->recommended;
	struct docspec ds = { "notices/recommendation.md", NULL, c->year,
	    c->notices[NOTICE_RECOMMENDATION].date,
	    c->notices[NOTICE_RECOMMENDATION].number,
	    find_custom(c, "recommendation"), NULL, false, NULL };
	/* each unit in the order it first appears in the list */
	const struct unit_rows *u = unit_groups(cp, l);
	const char *unit;
	struct lent ln, lt;
	char *safe, *name;
	size_t i;
	bool ok = true;

	/* the notice is the same for every unit: lent once, for all of them */
	lend_begin(&ln, base);
	lend(&ln, "notice", context_notice(cs, NOTICE_RECOMMENDATION));
	for (i = 0; i < u->n; i++) {
		unit = u->groups[i].orgs[0]->recommender;
		lend_begin(&lt, base);
		lend(&lt, "unit", val_str(unit));
		safe = file_safe(unit);
		name = xasprintf("recommendation-%s", safe);
		ds.name = name;
		ds.unit = unit;
		ok &= compose_add(cp, &ds, cs, base);
		lend_end(&lt);
		free(name);
		free(safe);
	}
	lend_end(&ln);
	return ok;
}

/* The office's own notices (those that override nothing built in). */
static bool
compose_customs(struct composer *cp, const struct cycle_state *cs,
    struct val *base)
{
	const struct cycle *c = cs->cycle;
	const struct custom_notice *n;
	enum notice_kind k;
	struct docspec ds;
	size_t i;
	bool ok = true;

	for (i = 0; i < c->n_customs; i++) {
		n = &c->customs[i];
		if (notice_parse(n->name, &k))
			continue;
		ds = (struct docspec){ "notices/custom.md", n->name, c->year,
		    n->date, n->number, n, NULL, true, NULL };
		ok &= compose_add(cp, &ds, cs, base);
	}
	return ok;
}

/* The decision's title, rendered in the cycle's context base. */
static char *
decision_title(struct composer *cp, const struct cycle_state *cs,
    struct val *base)
{
	const struct custom_notice *own = find_custom(cs->cycle, "decision");
	struct fill f;
	struct lent l;
	char *t;

	if (own != NULL)
		return xstrdup(own->title);
	memset(&f, 0, sizeof(f));
	f.cp = cp;
	f.cs = cs;
	if ((f.tpl = template_get(cp, "notices/decision.md")) == NULL)
		return NULL;
	lend_begin(&l, base);
	lend(&l, "document", document_value(cp, f.tpl,
	    cs->cycle->notices[NOTICE_DECISION].number));
	t = front_text(&f, "title", base);
	lend_end(&l);
	if (f.failed) {
		free(t);
		return NULL;
	}
	return t;
}

static struct val *
revocation_value(const struct certificate *cert, const char *award_title)
{
	const struct sanction *s = cert->revocation;
	const struct notice_entry *dec = &cert->cycle->notices[NOTICE_DECISION];
	struct val *r = val_map();
	char d[32];

	val_set_str(r, "certificate", cert->number);
	val_set_str(r, "org", cert->org->name);
	val_set_bool(r, "award", cert->kind == RESULT_AWARD);
	val_set_bool(r, "nomination", cert->kind == RESULT_NOMINATION);
	val_set_int(r, "year", cert->cycle->year);
	val_set_str(r, "award_number", dec->number);
	val_set_str(r, "award_title", award_title);
	if (dec->present) {
		date_cn(dec->date, d);
		val_set_str(r, "award_date", d);
	}
	val_set_int(r, "article", cert->revocation_article);
	val_set_bool(r, "fraud", s->kind == SANCTION_FRAUD);
	val_set_bool(r, "incident", s->kind == SANCTION_INCIDENT);
	val_set_bool(r, "violation", s->kind == SANCTION_VIOLATION);
	date_cn(s->date, d);
	val_set_str(r, "found", d);
	return r;
}

/* A decided revocation of one of this cycle's awards (art. 19, 20). */
static bool
compose_revocations(struct composer *cp, const struct cycle_state *cs,
    struct val *base)
{
	const struct certificate *cert;
	struct docspec ds;
	struct lent l;
	char *name, *title = NULL;
	size_t i;
	bool ok = true;

	for (i = 0; i < cs->n_certs; i++) {
		cert = cs->certs[i];
		if (!cert->revoked)
			continue;
		if (title == NULL &&
		    (title = decision_title(cp, cs, base)) == NULL)
			return false;
		name = xasprintf("revocation-%s", cert->number);
		ds = (struct docspec){ "notices/revocation.md", name,
		    cs->cycle->year, cert->revocation->decided,
		    cert->revocation->number, NULL, NULL, true, NULL };
		lend_begin(&l, base);
		lend(&l, "revocation", revocation_value(cert, title));
		lend(&l, "office", context_office_in(cp->st->site,
		    date_year(cert->revocation->decided)));
		ok &= compose_add(cp, &ds, cs, base);
		lend_end(&l);
		free(name);
	}
	free(title);
	return ok;
}

/* A record's note as a clause the template ends: without its last 。. */
static struct val *
note_sentence(const char *note)
{
	size_t n;

	if (note == NULL || *note == '\0')
		return val_null();
	n = strlen(note);
	while (n >= 3 && (strncmp(note + n - 3, "。", 3) == 0 ||
	    strncmp(note + n - 3, "；", 3) == 0))
		n -= 3;
	return val_strn(note, n);
}

static struct val *
objection_value(const struct objection *x)
{
	struct val *o = val_map();
	char d[32];

	val_set_str(o, "id", x->id);
	date_cn(x->received, d);
	val_set_str(o, "received", d);
	val_set_str(o, "objector_name", x->objector_name != NULL &&
	    *x->objector_name != '\0' ? x->objector_name : NULL);
	val_set_str(o, "objector_address", x->objector_address != NULL &&
	    *x->objector_address != '\0' ? x->objector_address : NULL);
	val_set(o, "note", note_sentence(x->note));
	val_set_bool(o, "unit", x->objector == OBJECTOR_UNIT);
	val_set_str(o, "org", x->org->name);
	val_set_bool(o, "not_accepted", !x->identity_complete);
	val_set_bool(o, "answered", x->identity_complete &&
	    x->outcome != OUTCOME_PENDING);
	val_set_bool(o, "pending", x->identity_complete &&
	    x->outcome == OUTCOME_PENDING);
	val_set_bool(o, "unfounded", x->identity_complete &&
	    x->outcome == OUTCOME_UNFOUNDED);
	val_set_bool(o, "founded", x->identity_complete &&
	    x->outcome == OUTCOME_FOUNDED);
	val_set_bool(o, "disqualifying", x->identity_complete &&
	    x->outcome == OUTCOME_DISQUALIFYING);
	if (x->decided != DAY_NONE) {
		date_cn(x->decided, d);
		val_set_str(o, "decided", d);
	} else
		val_set(o, "decided", val_null());
	return o;
}

/* The written answer to each objector (art. 13): archive only, never public. */
static bool
compose_letters(struct composer *cp, const struct cycle_state *cs,
    struct val *base)
{
	const struct cycle *c = cs->cycle;
	const struct objection *x;
	struct docspec ds;
	struct lent l;
	char *name;
	size_t i;
	bool ok = true;

	for (i = 0; i < c->n_objections; i++) {
		x = &c->objections[i];
		if (!state_objection_has_letter(x))
			continue;	/* nowhere to send it (gongshi status) */
		name = xasprintf("objection-%s", x->id);
		ds = (struct docspec){ "letters/objection.md", name, c->year,
		    x->notified != DAY_NONE ? x->notified :
		    x->decided != DAY_NONE ? x->decided : x->received,
		    NULL, NULL, NULL, false, "letters" };
		lend_begin(&l, base);
		lend(&l, "objection", objection_value(x));
		ok &= compose_add(cp, &ds, cs, base);
		lend_end(&l);
		free(name);
	}
	return ok;
}

static bool
compose_cycle(struct composer *cp, const struct cycle_state *cs)
{
	struct val *base = context_site(cp->st->site);
	bool ok = true;
	int k;

	context_add_cycle(base, cp->st, cs);
	val_set(base, "unit", val_null());	/* set for one unit's notice */
	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		if (cs->cycle->notices[k].present)
			ok &= compose_notice(cp, cs, base, (enum notice_kind)k);
	if (cs->cycle->notices[NOTICE_RECOMMENDATION].present)
		ok &= compose_unit_notices(cp, cs, base);
	ok &= compose_customs(cp, cs, base);
	ok &= compose_revocations(cp, cs, base);
	ok &= compose_letters(cp, cs, base);
	val_free(base);
	return ok;
}

static void
composer_init(struct composer *cp, const struct state *st,
    const char *templates_dir, struct diag *d)
{
	memset(cp, 0, sizeof(*cp));
	cp->dir = templates_dir;
	cp->st = st;
	cp->diag = d;
	cp->partials = mustache_partials_new(file_partial, cp);
}

static void
composer_free(struct composer *cp)
{
	size_t i;

	for (i = 0; i < cp->n_tpls; i++)
		template_free(cp->tpls[i]);
	free(cp->tpls);
	mustache_partials_free(cp->partials);
	unit_rows_free(cp);
}

bool
compose_all(const struct state *st, const char *templates_dir,
    struct composed_list *out, struct diag *d)
{
	return compose_cycles(st, templates_dir, NULL, out, d);
}

bool
compose_cycles(const struct state *st, const char *templates_dir,
    const bool *skip, struct composed_list *out, struct diag *d)
{
	struct composer cp;
	size_t i;
	bool ok = true;

	composer_init(&cp, st, templates_dir, d);
	cp.out = out;
	out->v = NULL;
	out->n = 0;
	for (i = 0; i < st->n_cycles; i++) {
		if (skip != NULL && skip[i])
			continue;
		cp.cycle = i;
		ok &= compose_cycle(&cp, &st->cycles[i]);
	}
	composer_free(&cp);
	return ok;
}

void
composed_list_free(struct composed_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		doc_free(l->v[i].doc);
		free(l->v[i].archive_path);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

bool
compose_decision_titles(const struct state *st, const char *templates_dir,
    const bool *want, char **titles, struct diag *d)
{
	struct composer cp;
	struct val *base;
	size_t ci;
	bool ok = true;

	composer_init(&cp, st, templates_dir, d);
	for (ci = st->n_cycles; ok && ci-- > 0;) {
		if (!want[ci])
			continue;
		base = context_site(st->site);
		context_add_cycle(base, st, &st->cycles[ci]);
		ok = (titles[ci] = decision_title(&cp, &st->cycles[ci],
		    base)) != NULL;
		val_free(base);
	}
	composer_free(&cp);
	return ok;
}
