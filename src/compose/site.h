/*
 * site: the public web site around the notices (DESIGN §3, §4):
 *
 *   site/index.html              every cycle and notice, newest first
 *   site/<year>/index.html       a cycle: stages, dates, publicity windows,
 *                                a timeline (inline SVG), notices, certificates
 *   site/<year>/<name>.html .md  one page and one Markdown file per notice
 *   site/feed.xml                Atom 1.0, absolute URLs from base_url
 *   site/sitemap.xml             sitemaps.org 0.9
 *   site/assets/…                every file of templates/assets/
 *
 * The certificates' pages site/verify/ are verify.c's; it composes them in
 * this layout with site_page_compose(), before site_compose, so that cycle
 * pages, header and sitemap can link to them.
 *
 * Composing writes nothing: each page is a document (compose/document.h),
 * a layout and its values, that render/ turns into bytes.
 *
 * The wording and markup live in templates/layout/ (Mustache: page.html
 * wraps index.html, cycle.html and notice.html; header, footer, timeline
 * and notice-label are partials; feed.xml and sitemap.xml are XML). C
 * only builds the contexts, and those hold nothing private: no contacts,
 * phones, e-mails, objectors or confidential values, and a stage's count
 * and the certificates only once their notice is published. Links between
 * pages are relative, so the folder works from any place, file:// too.
 * Dates come from the records, never from the clock.
 */
#ifndef GONGSHI_SITE_H
#define GONGSHI_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/val.h"
#include "format/doc.h"
#include "compose/document.h"
#include "rules/state.h"

/* One published notice. */
struct site_doc {
	const struct doc	*doc;
	bool			 has_odt;	/* site/<year>/<name>.odt exists */
	/* Its page and Markdown are the last build's, kept (publish/cycles.h):
	 * listed, and added as kept documents; doc has no body. */
	bool			 kept;
};

/*
 * Adds every document of the site to out: the pages of the notices, their
 * Markdown, the cycle pages, the index, feed, sitemap, and the files of
 * templates/assets/ (read here). A certificate links to its page
 * verify/<number>.html when that page is in out already. Returns false,
 * with diagnostics, when templates/assets/ or its style.css cannot be read.
 */
bool	site_compose(const struct state *, const struct site_doc *docs, size_t n,
	    const char *templates_dir, struct document_list *out, struct diag *);

/* A cycle's page: "site/2025/index.html" (the caller frees). */
char	*site_cycle_path(int year);

/* One page that another module adds in the site's layout (verify.c). */
struct site_page {
	const char		*layout;	/* a file of templates/layout/ */
	const char		*path;		/* in the output: "site/verify/X.html" */
	const char		*title;		/* <title>, before the site's; or NULL */
	const char		*description;	/* <meta name="description">, or NULL */
	struct val		*values;	/* a map: the layout's own values (taken) */
};

/*
 * Adds the page pg->layout, inside page.html, to out, as site_compose adds
 * its own pages. The context holds what page.html and its partials read
 * (site: the public part of site.yaml only; root, the way back to site/
 * from pg->path; page; year: null; the is_* flags, all false), then every
 * key of pg->values, which may replace any of them (year, is_verify):
 * moved there, not copied, and pg->values freed.
 */
void	site_page_compose(const struct state *, const struct site_page *pg,
	    struct document_list *out);

/*
 * is_call … is_decision, is_deadline, is_other: which label the partial
 * notice-label.html shows for kind (a notice's name, "deadline", or
 * another), all set, so that a strict lookup never reaches an outer
 * context.
 */
void	site_set_kind_flags(struct val *, const char *kind);

/* key: "2025年12月19日", key_iso: "2025-12-19" (for <time>); both null for DAY_NONE. */
void	site_set_date(struct val *, const char *key, day_t);

#endif
