/*
 * compose: every document of a build, as struct doc trees, from the
 * templates in templates/ and the derived state.
 *
 * A template is Markdown with Mustache tags and YAML front matter:
 *
 *   ---
 *   title: "{{award.short_name}}{{cycle.year}}年度受理名单公示"
 *   kind: notice                    # notice, decision or letter
 *   tables:
 *     accepted:                     # placed in the body by {{> table.accepted}}
 *       list: accepted              # which list of the state
 *       caption: "…"
 *       columns: [ { label: 序号, field: seq }, { label: 组织名称, field: name } ]
 *   ---
 *   根据{{award.measures}}……
 *
 * Values from the records never pass through the Markdown parser: each
 * {{value}} becomes a private token, the Markdown is parsed, and the
 * tokens in the tree's text nodes are replaced by the values as text.
 * Tables are built from the state, not from Markdown, and placed where
 * the template says. Partials come from templates/partials/NAME.md.
 * Each template and partial is read and parsed once for the whole build.
 */
#ifndef GONGSHI_COMPOSE_H
#define GONGSHI_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "format/doc.h"
#include "rules/state.h"

struct composed {
	struct doc	*doc;
	bool		 public;	/* on the site (and in the archive) */
	char		*archive_path;	/* under output/archive/: "2025/acceptance.odt" */
	size_t		 cycle;		/* its cycle's index in the state */
	/*
	 * The last build's document, its files kept as they are
	 * (publish/cycles.h): doc has its title, number, date and
	 * description only, for the site's lists, and no body.
	 */
	bool		 kept;
};

struct composed_list {
	struct composed	*v;
	size_t		 n;
};

/*
 * Composes every document: the notices of each cycle (built-in and the
 * office's own), revocation decisions, and for the archive only the
 * recommendation notice of each recommending unit and the letters to
 * objectors. Returns false when a template is broken (reported to diag,
 * with the template's path and line).
 */
bool	compose_all(const struct state *, const char *templates_dir,
	    struct composed_list *, struct diag *);
/* The same, leaving out each cycle ci with skip[ci] (skip NULL: none). */
bool	compose_cycles(const struct state *, const char *templates_dir,
	    const bool *skip, struct composed_list *, struct diag *);
void	composed_list_free(struct composed_list *);
/*
 * The titles of cycles' award decisions as they are published (the
 * office's override, else templates/notices/decision.md): revocations and
 * verification pages cite them by that title. For each cycle ci, from
 * the newest, with want[ci]: titles[ci] (malloc'd; the others are left
 * NULL), the template read once. False at the first that fails
 * (reported); the titles made before it are the caller's to free.
 */
bool	compose_decision_titles(const struct state *, const char *templates_dir,
	    const bool *want, char **titles, struct diag *);

#endif
