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
#include "format/doc.h"
#include "publish/outset.h"
#include "rules/state.h"

/* One published notice. */
struct site_doc {
	const struct doc	*doc;
	bool			 has_odt;	/* site/<year>/<name>.odt exists */
};

/*
 * Adds every file of the site to out. A certificate links to its page
 * verify/<number>.html when that page is in out already. Returns false,
 * with diagnostics naming the template file and line, when a template is
 * missing or broken.
 */
bool	site_write(const struct state *, const struct site_doc *docs, size_t n,
	    const char *templates_dir, struct outset *out, struct diag *);

#endif
