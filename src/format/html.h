/*
 * html: a document as an HTML5 <article> fragment, for the site pages
 * (compose/site.c wraps it in the page layout).
 *
 * Every value is escaped (format/escape.h); raw HTML in a template is shown
 * as text; links keep only safe targets (url_is_safe). Body headings nest
 * under the title's <h1> without skipping a level: body level 1 is <h2>,
 * and a template's outline keeps its shape whatever level it starts at.
 * Tables
 * get a <caption> and header cells. The output depends on the document
 * only: the same document gives the same bytes.
 */
#ifndef GONGSHI_HTML_H
#define GONGSHI_HTML_H

#include "base/buf.h"
#include "format/doc.h"

void	html_write(const struct doc *, struct buf *out);
/*
 * The same, the runs of the long lists through hook (format/pieces.h):
 * out must be the whole file, so that offsets in it are the file's.
 */
struct pieces_hook;
void	html_write_pieces(const struct doc *, struct buf *out,
	    const struct pieces_hook *);

#endif
