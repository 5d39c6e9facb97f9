/*
 * mustache: the template language of every document gongshi writes
 * (https://mustache.github.io/mustache.5.html). It passes the core modules
 * of the Mustache spec: interpolation, sections, inverted, comments,
 * partials and delimiters. The optional modules (lambdas, inheritance,
 * dynamic names) are not implemented: {{$x}} and {{<x}} are errors.
 *
 * The context is a struct val tree (base/val.h):
 *   - a string is written as it is (numbers are strings already);
 *   - a boolean is written as "true" or "false";
 *   - null, a missing name, a list and a map are written as nothing;
 *   - a section over a list repeats for each item, over any other truthy
 *     value (val_truthy) renders once with that value pushed on the
 *     context stack; an inverted section renders when the value is falsy
 *     or missing.
 * Names are looked up from the innermost context outwards; "a.b.c" finds
 * "a" that way, then follows b and c inside it only; "." is the current
 * context. A value is never parsed as template text.
 *
 * In strict mode every name of a {{x}}, {{{x}}}, {{&x}}, {{#x}} or {{^x}}
 * tag must be found (a key present with a null value counts as found),
 * and every {{>partial}} must exist; otherwise the render fails with a
 * message naming the placeholder as written and its line.
 *
 * Each call parses the template once into a flat list of tags (partials
 * once per name and indentation) and then renders in time linear in the
 * output. A template rendered many times (a notice's body, a page's
 * layout) is parsed once with mustache_parse(), and the partials that
 * many renders share are read and parsed once in a struct
 * mustache_partials.
 */
#ifndef GONGSHI_MUSTACHE_H
#define GONGSHI_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/val.h"

/* Appends the escaped form of s[0..n) to out. */
typedef void (*mustache_escape_fn)(struct buf *out, const char *s, size_t n,
    void *arg);
/* Returns the text of partial `name` (malloc'd, caller frees) or NULL when there is none. */
typedef char *(*mustache_partial_fn)(const char *name, void *arg);

/*
 * A hole (mustache_render_holes): where a tag would write the value hole
 * (that very struct val, found by any name or as "." in a section over
 * it), the render writes nothing and records the place instead, for the
 * caller to write the value there itself, straight into the bytes it
 * assembles: a page's article is megabytes that need not be copied
 * through the template.
 */
struct mustache_hole {
	size_t	 at;		/* offset in out */
	bool	 escaped;	/* a {{x}} tag: the value is to be escaped */
};

struct mustache_holes {
	struct mustache_hole	*v;
	size_t			 n, cap;
};

struct mustache_opts {
	mustache_escape_fn	 escape;	/* for {{x}}; NULL: mustache_escape_html */
	void			*escape_arg;
	/*
	 * Asked once per render for each partial name: its text, for this
	 * render only. NULL (or a NULL text): the shared partials of
	 * mustache_tmpl_render are asked, if any; else there is no such
	 * partial (rendered as empty).
	 */
	mustache_partial_fn	 partial;
	void			*partial_arg;
	bool			 strict;	/* a {{name}} or section name not found in any context is an error */
	const char		*name;		/* template name for error messages, e.g. "templates/notice/acceptance.md" */
};

/*
 * Renders tmpl with ctx; appends to out. On an error in the template
 * (unclosed tag, unbalanced section, unknown name in strict mode, partial
 * recursion deeper than 32), returns false, leaves out as it was and sets
 * *err to a malloc'd message "NAME:LINE: what is wrong; what would be
 * right" (LINE within the template; for an error inside a partial, NAME
 * is the partial's name and the message says where it was included).
 * opts may be NULL (HTML escaping, no partials, not strict).
 */
bool	mustache_render(const char *tmpl, size_t len, const struct val *ctx,
	    const struct mustache_opts *, struct buf *out, char **err);

/*
 * The same, with the places of hole appended to holes (the caller frees
 * holes->v); after a failure they mean nothing.
 */
bool	mustache_render_holes(const char *tmpl, size_t len,
	    const struct val *ctx, const struct mustache_opts *,
	    const struct val *hole, struct mustache_holes *holes,
	    struct buf *out, char **err);

/*
 * A template parsed once, for many renders. NULL on a parse error, with
 * *err set as mustache_render would. The text is copied; name is the
 * template's name in messages (NULL: "template"; opts->name is then not
 * used).
 */
struct mustache_tmpl;
struct mustache_partials;

struct mustache_tmpl *mustache_parse(const char *tmpl, size_t len,
	    const char *name, char **err);
void	mustache_tmpl_free(struct mustache_tmpl *);
/*
 * mustache_render_holes with a parsed template (hole and holes may be
 * NULL), and the partials beyond opts->partial's in shared (or NULL).
 */
bool	mustache_tmpl_render(const struct mustache_tmpl *, const struct val *ctx,
	    const struct mustache_opts *, struct mustache_partials *shared,
	    const struct val *hole, struct mustache_holes *holes,
	    struct buf *out, char **err);

/*
 * Partials shared by every render given them: each read
 * from load (its text, malloc'd, or NULL when there is none) and parsed
 * the first time it is included with a given indentation, then kept
 * until freed. A partial that does not parse fails each render that
 * includes it, with the same message.
 */
struct mustache_partials *mustache_partials_new(mustache_partial_fn load,
	    void *arg);
void	mustache_partials_free(struct mustache_partials *);

/* Escapes & < > " ' as &amp; &lt; &gt; &quot; &#39;. */
void	mustache_escape_html(struct buf *out, const char *s, size_t n, void *arg);
/* Appends s[0..n) unchanged. */
void	mustache_escape_none(struct buf *out, const char *s, size_t n, void *arg);

#endif
