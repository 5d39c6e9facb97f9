/*
 * packages: the ODT package of every composed document, made by the two
 * threads of a work queue (base/workq.h) while the caller's thread
 * renders the rest of the build and then helps.
 *
 * A document's XML is written by one thread; a long list's content.xml is
 * then deflated in pieces by both (format/odt.h, odt_prepare). The lists
 * of at least PACKAGES_LONG_ROWS rows are made one after another, longest
 * first, so that memory holds one long content.xml at a time; the other
 * documents fill the gaps, longest first. Only the caller touches the
 * disk and the diagnostics, afterwards and in the documents' order, so
 * output and messages are those of one thread.
 */
#ifndef GONGSHI_PACKAGES_H
#define GONGSHI_PACKAGES_H

#include "base/buf.h"
#include "compose/compose.h"
#include "format/odt.h"
#include "base/workq.h"

#define PACKAGES_LONG_ROWS	10000

struct slot;

struct packages {
	const struct composed_list *docs;
	struct buf	*pkg;	/* docs->n packages, once the queue is done */
	char		**err;	/* docs->n messages, NULL when fine */
	/* the rest is the scheduler's */
	const struct odt_style *style;
	struct workq	*q;
	struct slot	*slot;	/* docs->n */
	struct slot	**chain; /* every slot, the n_chain long lists first */
	size_t		 n_chain;
};

/*
 * Queues the package of every document of docs on q, which may start at
 * once: docs and style must stay unchanged (docs are frozen here, see
 * doc_freeze) until workq_help(q) returned.
 */
struct packages	*packages_start(struct workq *q, struct composed_list *docs,
		    const struct odt_style *style);
void		 packages_free(struct packages *);

#endif
