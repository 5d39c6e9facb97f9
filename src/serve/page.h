/*
 * page: the HTML the preview adds or makes itself — the reload script
 * slipped into each served page, and the pages for a failed build, a
 * missing file and a refused path. Their words go through _(), so the
 * office reads them in its own language.
 */
#ifndef GONGSHI_SERVE_PAGE_H
#define GONGSHI_SERVE_PAGE_H

#include <stddef.h>

#include "base/buf.h"

/* The address the reload script asks; the server answers it. */
#define PAGE_WAIT_PATH	"/__gongshi/wait"

/*
 * A copy of the page html with the reload script inserted before its
 * last </body> (at the end when it has none), for a page sent at
 * generation gen.
 */
void	page_inject(struct buf *, const char *html, size_t len, unsigned gen);
/* The page shown instead of every page while the last build failed. */
void	page_build_failed(struct buf *, const char *errors, unsigned gen);
/* A short page: a title and one sentence (404, 403, 405). */
void	page_message(struct buf *, const char *title, const char *text,
	    unsigned gen);

#endif
