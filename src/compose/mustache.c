/*
 * mustache: parse a template once into a flat list of nodes (a section
 * knows the index just past its closing tag, so the list is also the
 * tree), then walk it with a stack of contexts. Text nodes point into the
 * template; nothing is copied per rendered item, so a notice listing
 * 100,000 applicants renders in linear time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/buf.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/mustache.h"

#define PARTIAL_DEPTH_MAX	32	/* deeper nesting of partials is an error */
#define SECTION_DEPTH_MAX	100	/* and of sections: rendering recurses */
/*
 * Sections in sections multiply: ten nested sections over a list of three
 * repeat their content 3^10 times. A render that visits more nodes than
 * this, or writes more, is stopped with an error instead of running for
 * hours (and soon: a fuzzer's nest of sections under ASan takes seconds a
 * million steps); the largest render of a build takes fewer than 2,000
 * steps, but a value may be large (a notice's article: 155 MB at
 * 1,000,000 applicants) and a list long.
 *
 * So a render that reaches these limits is measured against its context:
 * a template that visits each value of its context a bounded number of
 * times stays within RENDER_STEPS_PER_VALUE steps a value and writes at
 * most RENDER_OUTPUT_PER_BYTE bytes a byte of its strings (beside the
 * limits above), however large the context. Sections that multiply pass
 * any such bound, and are still stopped.
 */
#define RENDER_STEPS_MAX	200000
#define RENDER_OUTPUT_MAX	((size_t)256 << 20)
#define RENDER_STEPS_PER_VALUE	64
#define RENDER_OUTPUT_PER_BYTE	16
#define HINT_KEYS_MAX		12	/* names listed when a name is not found */

enum ntype {
	N_TEXT,		/* literal text */
	N_VAR,		/* {{x}}: escaped */
	N_RAW,		/* {{{x}}}, {{&x}}: as it is */
	N_SECTION,	/* {{#x}} */
	N_INVERTED,	/* {{^x}} */
	N_PARTIAL	/* {{>x}} */
};

struct node {
	enum ntype	 type;
	int		 line;
	const char	*text;		/* N_TEXT: the text; a tag: the tag as written */
	size_t		 len;
	char		*name;		/* the name as written, trimmed */
	char		*segs;		/* the name split at dots by NULs */
	size_t		 nseg;		/* parts in segs; 0 for "." */
	size_t		 end;		/* sections: index just past the section */
	char		*indent;	/* N_PARTIAL: indentation of a standalone tag */
};

struct mustache_tmpl {
	char		*src;		/* owned text (partials), or NULL */
	char		*name;		/* for messages */
	struct node	*nodes;
	size_t		 n, cap;
};

struct parser {
	struct mustache_tmpl *t;
	const char	*s;
	size_t		 len;
	const char	*otag, *ctag;	/* current delimiters */
	size_t		 olen, clen;
	size_t		 text;		/* start of the text not yet emitted */
	size_t		 tag_end;	/* end of the last tag */
	int		 line;		/* line number at line_pos */
	size_t		 line_pos;
	size_t		*open;		/* indexes of the open sections */
	size_t		 nopen, capopen;
	char		*err;
};

/*
 * A partial by name and indentation: resolved during one render (owned
 * when the render's own hook gave it), or parsed once for many renders
 * (struct mustache_partials, where err keeps a parse error to report at
 * each inclusion).
 */
struct cached {
	char			*name;
	char			*indent;
	struct mustache_tmpl	*t;	/* NULL: there is no such partial */
	bool			 owned;
	char			*err;
};

struct mustache_partials {
	mustache_partial_fn	 load;
	void			*arg;
	struct cached		*v;
	size_t			 n, cap;
};

/* Where the partial being rendered was included, for messages. */
struct inclusion {
	const struct mustache_tmpl *from;
	const struct node *tag;
};

struct render {
	const struct mustache_opts *o;
	mustache_escape_fn	 escape;
	void			*escape_arg;
	struct buf		*out;
	const struct val	**stack;
	size_t			 depth, capstack;
	struct cached		*cache;
	size_t			 ncache, capcache;
	struct inclusion	 incl[PARTIAL_DEPTH_MAX + 1];
	int			 pdepth;
	size_t			 steps;		/* nodes visited, see RENDER_STEPS_MAX */
	size_t			 steps_max, output_max;
	bool			 measured;	/* the limits grown with the context */
	char			*err;
	struct mustache_partials *shared;	/* see mustache_tmpl_render */
	const struct val	*hole;		/* see mustache_render_holes */
	struct mustache_holes	*holes;
};

static bool	render_nodes(struct render *, const struct mustache_tmpl *,
		    size_t, size_t);

/* ---- escaping ---- */

void
mustache_escape_html(struct buf *out, const char *s, size_t n, void *arg)
{
	size_t i, run = 0;
	const char *rep;

	(void)arg;
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(out, s + run, i - run);
		buf_puts(out, rep);
		run = i + 1;
	}
	buf_add(out, s + run, n - run);
}

void
mustache_escape_none(struct buf *out, const char *s, size_t n, void *arg)
{
	(void)arg;
	buf_add(out, s, n);
}

/* ---- small helpers ---- */

static char *
vmsg(const char *fmt, va_list ap)
{
	struct buf b;

	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	return buf_detach(&b);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Trims white space off both ends of s[*from..*to). */
static void
trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && is_space(s[*from]))
		(*from)++;
	while (*to > *from && is_space(s[*to - 1]))
		(*to)--;
}

/* The first pat in s[from..len), or NULL (memmem is not standard C). */
static const char *
find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	const char *c, *end = s + len;

	if (plen == 0 || from > len)
		return NULL;
	for (c = s + from; (size_t)(end - c) >= plen; c++) {
		c = memchr(c, pat[0], (size_t)(end - c) - plen + 1);
		if (c == NULL)
			return NULL;
		if (memcmp(c, pat, plen) == 0)
			return c;
	}
	return NULL;
}

static void
tmpl_free(struct mustache_tmpl *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->nodes[i].name);
		free(t->nodes[i].indent);
	}
	free(t->nodes);
	free(t->src);
	free(t->name);
	free(t);
}

/* ---- parsing ---- */

static bool
parse_fail(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = vmsg(fmt, ap);
	va_end(ap);
	p->err = xasprintf("%s:%d: %s", p->t->name, line, m);
	free(m);
	return false;
}

/* The line of s[pos]; positions asked for only grow. */
static int
line_at(struct parser *p, size_t pos)
{
	const char *nl;

	while ((nl = memchr(p->s + p->line_pos, '\n', pos - p->line_pos)) != NULL) {
		p->line++;
		p->line_pos = (size_t)(nl - p->s) + 1;
	}
	p->line_pos = pos;
	return p->line;
}

static struct node *
add_node(struct parser *p, enum ntype type, int line)
{
	struct mustache_tmpl *t = p->t;
	struct node *nd;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof(*t->nodes));
	}
	nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof(*nd));
	nd->type = type;
	nd->line = line;
	return nd;
}

static void
add_text(struct parser *p, size_t from, size_t to)
{
	struct node *nd;

	if (to <= from)
		return;
	nd = add_node(p, N_TEXT, 0);
	nd->text = p->s + from;
	nd->len = to - from;
}

/*
 * Sets the name of a tag from s[from..to): kept as written for messages
 * and comparison with the closing tag, and split at dots for lookup.
 */
static bool
set_name(struct parser *p, struct node *nd, size_t from, size_t to)
{
	size_t n = to - from, i;
	bool empty_part = false;

	nd->name = xmalloc(2 * (n + 1));
	memcpy(nd->name, p->s + from, n);
	nd->name[n] = '\0';
	nd->segs = nd->name + n + 1;
	memcpy(nd->segs, nd->name, n + 1);
	if (n == 0)
		return parse_fail(p, nd->line, _("empty tag %.*s; write a name "
		    "between the delimiters, like {{name}}"), (int)nd->len,
		    nd->text);
	if (nd->type == N_PARTIAL || strcmp(nd->name, ".") == 0)
		return true;
	nd->nseg = 1;
	for (i = 0; i < n; i++) {
		if (nd->segs[i] != '.')
			continue;
		nd->segs[i] = '\0';
		nd->nseg++;
		if (i == 0 || i + 1 == n || nd->segs[i - 1] == '\0')
			empty_part = true;
	}
	if (empty_part)
		return parse_fail(p, nd->line, _("name '%s' has an empty part; "
		    "write dotted names like applicant.name"), nd->name);
	return true;
}

/* {{=<% %>=}}: the content between the two '=' is s[from..to). */
static bool
set_delimiters(struct parser *p, int line, size_t from, size_t to)
{
	const char *s = p->s;
	size_t a, b, c;

	trim(s, &from, &to);
	for (a = from; a < to && !is_space(s[a]); a++)
		continue;
	for (b = a; b < to && is_space(s[b]); b++)
		continue;
	for (c = b; c < to && !is_space(s[c]); c++)
		continue;
	if (a == from || b == a || c == b || c != to ||
	    memchr(s + from, '=', a - from) != NULL ||
	    memchr(s + b, '=', c - b) != NULL)
		return parse_fail(p, line, _("bad delimiter change '%.*s'; give "
		    "two delimiters without spaces or '=' in them, like "
		    "{{=<%% %%>=}}"), (int)(to - from), s + from);
	p->otag = s + from;
	p->olen = a - from;
	p->ctag = s + b;
	p->clen = c - b;
	return true;
}

/*
 * Finds the closing delimiter of a tag whose content starts at from; when
 * pre is not NUL, the delimiter must follow that character ("}}}" of a
 * triple mustache, "=}}" of a delimiter change). Returns the position of
 * pre (or of the delimiter) or (size_t)-1.
 */
static size_t
find_close(struct parser *p, size_t from, char pre)
{
	const char *c;
	size_t at = from;

	while ((c = find(p->s, p->len, at, p->ctag, p->clen)) != NULL) {
		at = (size_t)(c - p->s);
		if (pre == '\0')
			return at;
		if (at > from && p->s[at - 1] == pre)
			return at - 1;
		at++;
	}
	return (size_t)-1;
}

/* A few bytes of the tag at start, cut at a character boundary. */
static int
snippet_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && n < 24 && s[n] != '\n' && s[n] != '\r')
		n++;
	if (n < len && n == 24)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return (int)n;
}

/*
 * A tag that stands alone on its line (only blanks around it) is removed
 * with its line: returns true and sets *ls to the start of the line and
 * *next to the start of the following line.
 */
static bool
standalone(struct parser *p, size_t start, size_t end, size_t *ls,
    size_t *next)
{
	size_t b = start, e = end;

	while (b > p->tag_end && is_blank(p->s[b - 1]))
		b--;
	/* Stopped at a line start, or at text or a tag on the same line. */
	if (b > 0 && p->s[b - 1] != '\n')
		return false;
	while (e < p->len && is_blank(p->s[e]))
		e++;
	if (e == p->len)
		*next = e;
	else if (p->s[e] == '\n')
		*next = e + 1;
	else if (p->s[e] == '\r' && e + 1 < p->len && p->s[e + 1] == '\n')
		*next = e + 2;
	else
		return false;
	*ls = b;
	return true;
}

static bool
open_section(struct parser *p, int line)
{
	if (p->nopen == SECTION_DEPTH_MAX)
		return parse_fail(p, line, "sections nested more than %d deep; "
		    "close some before opening more", SECTION_DEPTH_MAX);
	if (p->nopen == p->capopen) {
		p->capopen = p->capopen ? p->capopen * 2 : 8;
		p->open = xreallocarray(p->open, p->capopen, sizeof(*p->open));
	}
	p->open[p->nopen++] = p->t->n - 1;
	return true;
}

static bool
close_section(struct parser *p, int line, const char *tag, size_t taglen,
    const char *name)
{
	struct node *o;

	if (p->nopen == 0)
		return parse_fail(p, line, _("%.*s closes no open section; "
		    "remove it, or open the section with %.*s#%s%.*s before it"),
		    (int)taglen, tag, (int)p->olen, p->otag, name,
		    (int)p->clen, p->ctag);
	o = &p->t->nodes[p->open[--p->nopen]];
	if (strcmp(o->name, name) != 0)
		return parse_fail(p, line, _("%.*s closes the section %.*s "
		    "opened at line %d; close it with %.*s/%s%.*s"),
		    (int)taglen, tag, (int)o->len, o->text, o->line,
		    (int)p->olen, p->otag, o->name, (int)p->clen, p->ctag);
	o->end = p->t->n;
	return true;
}

static bool
is_sigil(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Adds the node of a tag other than a comment, delimiter change or close. */
static bool
add_tag(struct parser *p, char sigil, int line, size_t start, size_t end,
    size_t ls, size_t from, size_t to)
{
	struct node *nd;
	enum ntype type;

	switch (sigil) {
	case '#':
		type = N_SECTION;
		break;
	case '^':
		type = N_INVERTED;
		break;
	case '>':
		type = N_PARTIAL;
		break;
	case '{':
	case '&':
		type = N_RAW;
		break;
	default:
		type = N_VAR;
		break;
	}
	nd = add_node(p, type, line);
	nd->text = p->s + start;
	nd->len = end - start;
	if (type == N_PARTIAL)
		nd->indent = xstrndup(p->s + ls, start - ls);
	if (!set_name(p, nd, from, to))
		return false;
	if (type == N_SECTION || type == N_INVERTED)
		return open_section(p, line);
	return true;
}

/*
 * Parses the tag whose opening delimiter is at start; advances p->text
 * and p->tag_end past it.
 */
static bool
parse_tag(struct parser *p, size_t start)
{
	const char *s = p->s;
	size_t in = start + p->olen, from, to, end, ls, next;
	int line = line_at(p, start);
	char sigil = in < p->len ? s[in] : '\0';
	char *name;
	bool ok;

	/* Where the tag ends: "}}}" and "=}}" for {{{x}}} and {{=a b=}}. */
	if (is_sigil(sigil, "{="))
		to = find_close(p, in + 1, sigil == '{' ? '}' : '=');
	else
		to = find_close(p, in, '\0');
	if (to == (size_t)-1)
		return parse_fail(p, line, _("tag '%.*s' is not closed; close it "
		    "with '%s%.*s'"), snippet_len(s + start, p->len - start),
		    s + start, sigil == '{' ? "}" : sigil == '=' ? "=" : "",
		    (int)p->clen, p->ctag);
	end = to + p->clen + is_sigil(sigil, "{=");
	from = is_sigil(sigil, "{=!#^/>&$<") ? in + 1 : in;
	/* The sigil may be the closing delimiter itself ({{=<% >=}}<%>):
	 * an empty tag, not a name of length -1. */
	if (to < from)
		to = from;

	/* Standalone tags vanish with their line. */
	if (is_sigil(sigil, "=!#^/>") && standalone(p, start, end, &ls, &next))
		add_text(p, p->text, ls);
	else {
		add_text(p, p->text, start);
		ls = start;
		next = end;
	}
	p->text = next;
	p->tag_end = next;

	switch (sigil) {
	case '!':
		return true;
	case '=':
		return set_delimiters(p, line, from, to);
	case '$':
	case '<':
		return parse_fail(p, line, _("%.*s: template inheritance is not "
		    "supported; use a partial {{>name}} instead"),
		    (int)(end - start), s + start);
	case '/':
		trim(s, &from, &to);
		name = xstrndup(s + from, to - from);
		ok = close_section(p, line, s + start, end - start, name);
		free(name);
		return ok;
	default:
		trim(s, &from, &to);
		return add_tag(p, sigil, line, start, end, ls, from, to);
	}
}

static bool
parse(struct parser *p)
{
	const char *c;
	struct node *o;

	p->otag = "{{";
	p->ctag = "}}";
	p->olen = p->clen = 2;
	p->line = 1;
	while ((c = find(p->s, p->len, p->tag_end, p->otag, p->olen)) != NULL)
		if (!parse_tag(p, (size_t)(c - p->s)))
			return false;
	add_text(p, p->text, p->len);
	if (p->nopen > 0) {
		o = &p->t->nodes[p->open[p->nopen - 1]];
		return parse_fail(p, o->line, _("section %.*s is not closed; add "
		    "%.*s/%s%.*s where it ends"), (int)o->len, o->text,
		    (int)p->olen, p->otag, o->name, (int)p->clen, p->ctag);
	}
	return true;
}

/*
 * Parses s[0..len) into a new template, or returns NULL and sets *err.
 * The template keeps pointers into s: src, when not NULL, is s and is
 * owned by the template.
 */
static struct mustache_tmpl *
tmpl_parse(const char *s, size_t len, char *src, const char *name,
    char **err)
{
	struct parser p;

	memset(&p, 0, sizeof(p));
	p.t = xcalloc(1, sizeof(*p.t));
	p.t->src = src;
	p.t->name = xstrdup(name);
	p.s = s;
	p.len = len;
	if (!parse(&p)) {
		tmpl_free(p.t);
		p.t = NULL;
		*err = p.err;
	}
	free(p.open);
	return p.t;
}

/* ---- rendering ---- */

static bool
render_fail(struct render *r, const struct mustache_tmpl *t, int line,
    const char *fmt, ...)
{
	const struct inclusion *in;
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = vmsg(fmt, ap);
	va_end(ap);
	if (r->pdepth > 0) {
		in = &r->incl[r->pdepth - 1];
		r->err = xasprintf(_("%s:%d: %s (in the partial included by "
		    "%.*s at %s:%d)"), t->name, line, m, (int)in->tag->len,
		    in->tag->text, in->from->name, in->tag->line);
	} else
		r->err = xasprintf("%s:%d: %s", t->name, line, m);
	free(m);
	return false;
}

static void
push(struct render *r, const struct val *v)
{
	if (r->depth == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 16;
		r->stack = xreallocarray(r->stack, r->capstack,
		    sizeof(*r->stack));
	}
	r->stack[r->depth++] = v;
}

/*
 * Finds the value of a tag's name. Returns NULL when the name is not
 * found; *miss_in and *miss_key then tell which value lacked which part
 * (*miss_in is NULL when no context is a map), for messages.
 */
static const struct val *
lookup(struct render *r, const struct node *nd, const struct val **miss_in,
    const char **miss_key)
{
	const struct val *v = NULL;
	const char *seg = nd->segs;
	size_t i, k;

	*miss_in = NULL;
	*miss_key = seg;
	if (nd->nseg == 0)
		return r->depth > 0 ? r->stack[r->depth - 1] : NULL;
	for (i = r->depth; i > 0 && v == NULL; i--) {
		v = val_get(r->stack[i - 1], seg);
		if (*miss_in == NULL && r->stack[i - 1]->type == VAL_MAP)
			*miss_in = r->stack[i - 1];
	}
	for (k = 1; k < nd->nseg && v != NULL; k++) {
		seg += strlen(seg) + 1;
		*miss_in = v;
		*miss_key = seg;
		v = val_get(v, seg);
	}
	return v;
}

/* The part of a dotted name before part key (which is not the first). */
static const char *
prev_seg(const struct node *nd, const char *key)
{
	const char *prev = nd->segs, *seg = nd->segs;

	while (seg != key) {
		prev = seg;
		seg += strlen(seg) + 1;
	}
	return prev;
}

/* Finds a name, failing in strict mode when it is not there. */
static bool
resolve(struct render *r, const struct mustache_tmpl *t, const struct node *nd,
    const struct val **v)
{
	const struct val *in;
	const char *key;
	struct buf hint;
	size_t i;
	bool ok;

	*v = lookup(r, nd, &in, &key);
	if (*v != NULL || !r->o->strict)
		return true;
	buf_init(&hint);
	if (in == NULL)
		buf_printf(&hint, _("there is no map to find '%s' in"), key);
	else if (in->type != VAL_MAP)
		buf_printf(&hint, _("'%s' is not a map, so it has no '%s'"),
		    prev_seg(nd, key), key);
	else if (in->n == 0)
		buf_printf(&hint, _("'%s' is looked up in an empty map"), key);
	else {
		buf_printf(&hint, _("'%s' is not one of: "), key);
		for (i = 0; i < in->n && i < HINT_KEYS_MAX; i++)
			buf_printf(&hint, "%s%s", i ? ", " : "", in->keys[i]);
		if (in->n > HINT_KEYS_MAX)
			buf_puts(&hint, ", …");
	}
	ok = render_fail(r, t, nd->line, _("no value for %.*s; %s; check the "
	    "spelling of the name"), (int)nd->len, nd->text, buf_cstr(&hint));
	buf_free(&hint);
	return ok;
}

static void
add_hole(struct mustache_holes *h, size_t at, bool escaped)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 4;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	h->v[h->n].at = at;
	h->v[h->n++].escaped = escaped;
}

static void
put_value(struct render *r, const struct val *v, bool escape)
{
	const char *s;
	size_t n;

	if (v == NULL)
		return;
	if (v == r->hole && r->holes != NULL) {
		add_hole(r->holes, r->out->len, escape);
		return;
	}
	switch (v->type) {
	case VAL_STR:
		s = v->str;
		n = v->n;
		break;
	case VAL_BOOL:
		s = v->b ? "true" : "false";
		n = strlen(s);
		break;
	default:
		return;		/* null, list and map write nothing */
	}
	if (escape)
		r->escape(r->out, s, n, r->escape_arg);
	else
		buf_add(r->out, s, n);
}

static bool
render_section(struct render *r, const struct mustache_tmpl *t, size_t i)
{
	const struct node *nd = &t->nodes[i];
	const struct val *v;
	size_t k;
	bool ok = true;

	if (!resolve(r, t, nd, &v))
		return false;
	if (nd->type == N_INVERTED)
		return val_truthy(v) ? true : render_nodes(r, t, i + 1, nd->end);
	if (!val_truthy(v))
		return true;
	if (v->type != VAL_LIST) {
		push(r, v);
		ok = render_nodes(r, t, i + 1, nd->end);
		r->depth--;
		return ok;
	}
	for (k = 0; k < v->n && ok; k++) {
		push(r, v->items[k]);
		ok = render_nodes(r, t, i + 1, nd->end);
		r->depth--;
	}
	return ok;
}

/* Copies a partial's text with indent at the start of every line. */
static char *
indent_text(const char *s, const char *indent, size_t *len)
{
	struct buf b;
	size_t i, line = 0;

	buf_init(&b);
	for (i = 0; i < *len; i++) {
		if (s[i] != '\n')
			continue;
		buf_puts(&b, indent);
		buf_add(&b, s + line, i + 1 - line);
		line = i + 1;
	}
	if (line < *len) {
		buf_puts(&b, indent);
		buf_add(&b, s + line, *len - line);
	}
	*len = b.len;
	if (b.data == NULL)
		return xstrdup("");
	return buf_detach(&b);
}

/*
 * Parses the text of partial name (taken: it is freed or owned by the
 * template) as included with indent. NULL text: there is no such partial.
 * On a parse error returns false and sets *perr.
 */
static bool
parse_partial(char *text, const char *name, const char *indent,
    struct mustache_tmpl **pt, char **perr)
{
	size_t len;
	char *ind;

	*pt = NULL;
	if (text == NULL)
		return true;
	len = strlen(text);
	if (*indent != '\0') {
		ind = indent_text(text, indent, &len);
		free(text);
		text = ind;
	}
	*pt = tmpl_parse(text, len, text, name, perr);	/* text freed on failure */
	return *pt != NULL;
}

static struct cached *
cache_find(struct cached *v, size_t n, const struct node *nd)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, nd->name) == 0 &&
		    strcmp(v[i].indent, nd->indent) == 0)
			return &v[i];
	return NULL;
}

static struct cached *
cache_add(struct cached **v, size_t *n, size_t *cap, const struct node *nd)
{
	struct cached *c;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(nd->name);
	c->indent = xstrdup(nd->indent);
	return c;
}

static void
cache_free(struct cached *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].indent);
		free(v[i].err);
		if (v[i].owned)
			tmpl_free(v[i].t);
	}
	free(v);
}

struct mustache_partials *
mustache_partials_new(mustache_partial_fn load, void *arg)
{
	struct mustache_partials *p = xcalloc(1, sizeof(*p));

	p->load = load;
	p->arg = arg;
	return p;
}

void
mustache_partials_free(struct mustache_partials *p)
{
	if (p == NULL)
		return;
	cache_free(p->v, p->n);
	free(p);
}

/* The shared partial of a tag, read and parsed the first time asked. */
static const struct cached *
shared_partial(struct mustache_partials *p, const struct node *nd)
{
	struct cached *c;

	if ((c = cache_find(p->v, p->n, nd)) != NULL)
		return c;
	c = cache_add(&p->v, &p->n, &p->cap, nd);
	c->owned = true;
	(void)parse_partial(p->load(nd->name, p->arg), nd->name, nd->indent,
	    &c->t, &c->err);
	return c;
}

static bool
partial_fail(struct render *r, const struct mustache_tmpl *t,
    const struct node *nd, const char *perr)
{
	r->err = xasprintf(_("%s (in the partial included by %.*s at %s:%d)"),
	    perr, (int)nd->len, nd->text, t->name, nd->line);
	return false;
}

/*
 * Finds the parsed partial of a tag: from the cache of this render (a
 * partial including itself is parsed once), else from the render's own
 * hook, else from the shared partials. Sets *pt to NULL when there is none.
 */
static bool
find_partial(struct render *r, const struct mustache_tmpl *t,
    const struct node *nd, const struct mustache_tmpl **pt)
{
	const struct cached *s;
	struct cached *c;
	struct mustache_tmpl *own;
	char *text, *perr = NULL;

	if ((c = cache_find(r->cache, r->ncache, nd)) != NULL) {
		*pt = c->t;
		return true;
	}
	*pt = NULL;
	text = r->o->partial ? r->o->partial(nd->name, r->o->partial_arg) :
	    NULL;
	if (text != NULL) {
		if (!parse_partial(text, nd->name, nd->indent, &own, &perr)) {
			partial_fail(r, t, nd, perr);
			free(perr);
			return false;
		}
		c = cache_add(&r->cache, &r->ncache, &r->capcache, nd);
		c->t = own;
		c->owned = true;
	} else if (r->shared != NULL) {
		s = shared_partial(r->shared, nd);
		if (s->err != NULL)
			return partial_fail(r, t, nd, s->err);
		c = cache_add(&r->cache, &r->ncache, &r->capcache, nd);
		c->t = s->t;
	} else
		c = cache_add(&r->cache, &r->ncache, &r->capcache, nd);
	*pt = c->t;
	return true;
}

static bool
render_partial(struct render *r, const struct mustache_tmpl *t,
    const struct node *nd)
{
	const struct mustache_tmpl *pt;
	bool ok;

	if (!find_partial(r, t, nd, &pt))
		return false;
	if (pt == NULL) {
		if (r->o->strict)
			return render_fail(r, t, nd->line, _("there is no "
			    "partial '%s' for %.*s; check its name"), nd->name,
			    (int)nd->len, nd->text);
		return true;
	}
	if (r->pdepth == PARTIAL_DEPTH_MAX)
		return render_fail(r, t, nd->line, _("%.*s nests partials more "
		    "than %d deep; a partial that includes itself must do so "
		    "inside a section that ends"), (int)nd->len, nd->text,
		    PARTIAL_DEPTH_MAX);
	r->incl[r->pdepth].from = t;
	r->incl[r->pdepth].tag = nd;
	r->pdepth++;
	ok = render_nodes(r, pt, 0, pt->n);
	r->pdepth--;
	return ok;
}

/* The values of a context, and the bytes of its strings. */
static void
measure(const struct val *v, size_t *values, size_t *bytes)
{
	size_t i;

	if (v == NULL)
		return;
	(*values)++;
	if (v->type == VAL_STR)
		*bytes += v->n;
	else if (v->type == VAL_LIST || v->type == VAL_MAP)
		for (i = 0; i < v->n; i++)
			measure(v->items[i], values, bytes);
}

/*
 * At the first limit reached, the limits grown with the context (measured
 * then, not for the many small renders that never come near them). True
 * when the render may go on.
 */
static bool
grown_limits(struct render *r)
{
	size_t values = 0, bytes = 0;

	if (!r->measured) {
		r->measured = true;
		if (r->depth > 0)
			measure(r->stack[0], &values, &bytes);
		r->steps_max += values * RENDER_STEPS_PER_VALUE;
		r->output_max += bytes * RENDER_OUTPUT_PER_BYTE;
	}
	return r->steps <= r->steps_max && r->out->len <= r->output_max;
}

static bool
render_nodes(struct render *r, const struct mustache_tmpl *t, size_t from,
    size_t to)
{
	const struct val *v;
	const struct node *nd;
	size_t i = from;

	while (i < to) {
		nd = &t->nodes[i];
		if ((++r->steps > r->steps_max ||
		    r->out->len > r->output_max) && !grown_limits(r))
			return render_fail(r, t, nd->line, _("the template repeats "
			    "itself without end: sections nested in sections "
			    "multiply, and rendering it would take more than %zu "
			    "steps or %zu MB; check the nesting of the {{#…}} "
			    "sections"), r->steps_max, r->output_max >> 20);
		switch (nd->type) {
		case N_TEXT:
			buf_add(r->out, nd->text, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			if (!resolve(r, t, nd, &v))
				return false;
			put_value(r, v, nd->type == N_VAR);
			break;
		case N_SECTION:
		case N_INVERTED:
			if (!render_section(r, t, i))
				return false;
			i = nd->end;
			continue;
		case N_PARTIAL:
			if (!render_partial(r, t, nd))
				return false;
			break;
		}
		i++;
	}
	return true;
}

struct mustache_tmpl *
mustache_parse(const char *tmpl, size_t len, const char *name, char **err)
{
	char *src = xmalloc(len + 1);

	*err = NULL;
	memcpy(src, tmpl, len);
	src[len] = '\0';
	return tmpl_parse(src, len, src, name != NULL ? name : "template", err);
}

void
mustache_tmpl_free(struct mustache_tmpl *t)
{
	tmpl_free(t);
}

bool
mustache_tmpl_render(const struct mustache_tmpl *t, const struct val *ctx,
    const struct mustache_opts *opts, struct mustache_partials *shared,
    const struct val *hole, struct mustache_holes *holes, struct buf *out,
    char **err)
{
	static const struct mustache_opts defaults;
	struct render r;
	size_t oldlen = out->len;
	bool ok;

	*err = NULL;
	memset(&r, 0, sizeof(r));
	r.o = opts != NULL ? opts : &defaults;
	r.escape = r.o->escape != NULL ? r.o->escape : mustache_escape_html;
	r.escape_arg = r.o->escape_arg;
	r.out = out;
	r.steps_max = RENDER_STEPS_MAX;
	r.output_max = RENDER_OUTPUT_MAX;
	r.shared = shared;
	r.hole = hole;
	r.holes = holes;
	if (ctx != NULL)
		push(&r, ctx);
	ok = render_nodes(&r, t, 0, t->n);
	if (!ok) {
		*err = r.err;
		buf_add(out, "", 0);	/* so that data exists to cut */
		out->len = oldlen;
		out->data[oldlen] = '\0';
	}
	cache_free(r.cache, r.ncache);
	free(r.stack);
	return ok;
}

bool
mustache_render(const char *tmpl, size_t len, const struct val *ctx,
    const struct mustache_opts *opts, struct buf *out, char **err)
{
	return mustache_render_holes(tmpl, len, ctx, opts, NULL, NULL, out, err);
}

bool
mustache_render_holes(const char *tmpl, size_t len, const struct val *ctx,
    const struct mustache_opts *opts, const struct val *hole,
    struct mustache_holes *holes, struct buf *out, char **err)
{
	struct mustache_tmpl *t;
	bool ok;

	*err = NULL;
	t = tmpl_parse(tmpl, len, NULL, opts != NULL && opts->name != NULL ?
	    opts->name : "template", err);
	if (t == NULL)
		return false;
	ok = mustache_tmpl_render(t, ctx, opts, NULL, hole, holes, out, err);
	tmpl_free(t);
	return ok;
}
