/*
 * verify: the public record of each certificate (DESIGN §3; art. 14, 18,
 * 19, 20), for anyone who holds a certificate, or reads a winner's claim,
 * and wants to check it:
 *
 *   site/verify/<number>.html   certificate number, organisation, award
 *                               and year (art. 18), the decision that
 *                               granted it, and its status: 有效, or
 *                               已撤销 with the revocation decision
 *   site/verify/index.html      every certificate by cycle, newest cycle
 *                               first, with its status
 *
 * A certificate is public once the decision that grants it is published
 * (its cycle has a decision in cycle.yaml); before that it has no page.
 * A revocation is public once decided (sanctions.csv decided and number):
 * a revocation that is due but not yet decided (pending in gongshi
 * status) leaves the page saying 有效, as the award stands until the
 * government's decision is taken and published.
 *
 * The pages are rendered in the site's layout (templates/layout/verify.html
 * and verify-index.html inside page.html) and hold nothing private: of a
 * revocation only its number, date and article, never the sanction's note.
 * Certificate numbers are safe in file names and URLs as they are (the
 * prefix is capital letters and digits, checked when site.yaml is loaded).
 */
#ifndef GONGSHI_VERIFY_H
#define GONGSHI_VERIFY_H

#include <stdbool.h>

#include "base/diag.h"
#include "compose/document.h"
#include "model.h"
#include "rules/state.h"

/*
 * Adds the verification pages of every published certificate to out
 * (documents in the site's layout, compose/site.h), their index first
 * when there is one. Call before site_compose, which links to them from
 * the cycle pages, the header and the sitemap. Returns false, with
 * diagnostics naming the template file and line, when the decision's
 * title (its template, templates_dir/notices/decision.md) is broken.
 */
/* "site/verify/XJZLJ-2025-A01.html" (the caller frees). */
char	*verify_page_path(const struct certificate *);
/* Each page verify_compose adds for a cycle's certificates, to fn. */
void	 verify_paths(const struct cycle_state *,
	    void (*fn)(void *, const char *path), void *arg);
/* Whether verify_compose adds pages: some certificate is published. */
bool	 verify_has_pages(const struct state *);
bool	 verify_compose(const struct state *, const char *templates_dir,
	    struct document_list *out, struct diag *);

/*
 * The address of a certificate's page, as printed on the certificate:
 * base_url + "verify/<number>.html" (malloc'd, caller frees).
 */
char	*verify_url(const struct site *, const char *number);

#endif
