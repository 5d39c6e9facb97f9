/*
 * markdown: a document as CommonMark text, with GFM pipe tables for its
 * lists (the .md file published beside each notice page).
 *
 * The body tree is written back out by a walker of its own, so that every
 * text node goes through escape_markdown_span: a value can never become
 * markup, and parsing the output with cmark gives back the same text. Raw
 * HTML from a template is written as text; links keep only safe targets.
 * Body headings nest under the title (#) as in the HTML: ## for level 1,
 * and no level skipped.
 */
#ifndef GONGSHI_MARKDOWN_H
#define GONGSHI_MARKDOWN_H

#include "base/buf.h"
#include "format/doc.h"

void	markdown_write(const struct doc *, struct buf *out);
/*
 * The same, the runs of the long lists through hook (format/pieces.h):
 * out must be the whole file, so that offsets in it are the file's.
 */
struct pieces_hook;
void	markdown_write_pieces(const struct doc *, struct buf *out,
	    const struct pieces_hook *);

#endif
