/*
 * escape: how a plain value from the records is written into each output
 * language, so that it is shown as typed and never becomes markup.
 *
 * All three escapers drop the characters no output may carry: the C0
 * controls other than tab, line feed and carriage return, DEL and the C1
 * controls (U+0080–U+009F). XML 1.0 forbids them and the Nu Html Checker
 * rejects them; a spreadsheet cell should never hold them anyway.
 */
#ifndef GONGSHI_ESCAPE_H
#define GONGSHI_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* HTML text and attribute values: & < > " ' as &amp; &lt; &gt; &quot; &#39;. */
void	escape_html(struct buf *, const char *, size_t);
/* XML text and attribute values: & < > " ' as &amp; &lt; &gt; &quot; &apos;. */
void	escape_xml(struct buf *, const char *, size_t);
/*
 * CommonMark text inside a paragraph, heading or GFM table cell: parsing
 * the result gives back exactly the string. Every ASCII punctuation
 * character that can start markup is backslash-escaped (emphasis, code,
 * links, images, entities, HTML, table pipes, strikethrough, headings;
 * list markers, thematic breaks and setext underlines where the string
 * starts a line); line breaks and tabs become spaces; spaces at either
 * end become &#32; (which a parser would otherwise strip or, at a line
 * start, read as an indented code block).
 */
void	escape_markdown_text(struct buf *, const char *, size_t);
/*
 * The same for a piece of inline text inside a larger line (the Markdown
 * writer's text nodes): at_line_start says the piece starts a line (its
 * leading spaces become &#32; and line-start markers are escaped);
 * at_line_end that it ends one (trailing spaces become &#32;).
 */
void	escape_markdown_span(struct buf *, const char *, size_t,
	    bool at_line_start, bool at_line_end);

/* The same, shaped as struct mustache_opts.escape (arg unused). */
void	escape_html_fn(struct buf *, const char *, size_t, void *);
void	escape_xml_fn(struct buf *, const char *, size_t, void *);
void	escape_markdown_fn(struct buf *, const char *, size_t, void *);

/*
 * Whether a link target from a template may be written as a link:
 * http:, https: and mailto: URLs and relative references (no scheme, not
 * starting with "//"). Anything else (javascript:, data:, file: …), and
 * any URL holding a control character or starting with a space, is
 * refused: the writers then show the link text only.
 */
bool	url_is_safe(const char *);
/*
 * A URL as an HTML attribute value: & and ' as entities, bytes outside
 * the characters URLs are made of (spaces, quotes, non-ASCII) as %XX, as
 * cmark does. A % is kept: the URL may be encoded already.
 */
void	escape_href(struct buf *, const char *url);

#endif
