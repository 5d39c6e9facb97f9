/*
 * xmlout: a streaming XML writer straight into a struct buf, for the
 * large parts of an ODT (content.xml: a 20,000-row list is 70 MB).
 *
 * It writes the very bytes libxml2's xmlTextWriter writes for the same
 * calls (without indentation, after xmlTextWriterStartDocument(w, NULL,
 * "UTF-8", NULL)), so that switching to it changed no ODT: an element with
 * no content closes as "<a/>", text escapes & < > " and CR, attribute
 * values escape & < > " and TAB, LF, CR as character references, and
 * UTF-8 passes as it is.  tests/unit/test_xmlout.c compares the two.
 * Unlike libxml2 it escapes a run of text with one scan and one copy per
 * safe stretch, and it lets the caller write prebuilt markup (xo_raw), so
 * that a table row costs a few copies rather than a call per character.
 *
 * The caller gives well-formed names and UTF-8 text that XML 1.0 may
 * carry (odt.c checks the records first); element names must outlive the
 * element (string literals do).
 */
#ifndef GONGSHI_XMLOUT_H
#define GONGSHI_XMLOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct xmlout {
	struct buf	 *out;
	const char	**open;		/* names of the open elements */
	size_t		  depth;
	size_t		  cap;
	bool		  in_tag;	/* a start tag waits for its '>' */
};

/* Starts writing into out (appended to), with the XML declaration. */
void	xo_begin(struct xmlout *, struct buf *out);
/* Closes every open element and ends the document with a line feed. */
void	xo_finish(struct xmlout *);

void	xo_start(struct xmlout *, const char *name);
/*
 * The same with attributes written already, as xo_attr() would write
 * them: ' a="v" b="w"', a constant of the caller's.
 */
void	xo_start_with(struct xmlout *, const char *name, const char *attrs);
/* An attribute of the element just started, its value escaped. */
void	xo_attr(struct xmlout *, const char *name, const char *value);
void	xo_end(struct xmlout *);
/* Element content: len bytes of text, escaped. */
void	xo_text(struct xmlout *, const char *, size_t len);
/*
 * Bytes written as they are, after the pending start tag is closed:
 * markup (whole elements, or the start of one the caller ends with xo_raw
 * too), or text the caller knows holds nothing to escape.
 */
void	xo_raw(struct xmlout *, const char *, size_t len);

/* The escapes alone, appended to b. */
void	xo_escape_text(struct buf *b, const char *, size_t len);
void	xo_escape_attr(struct buf *b, const char *, size_t len);

#endif
