/*
 * packages: the ODT package of every composed document, made by the two
 * threads of a work queue (base/workq.h) while the caller's thread
 * renders the rest of the build and then helps.
 *
 * A document's XML is written by one thread; a long list's content.xml is
 * deflated in pieces as it is written, by the other thread as far as it
 * keeps up, by the writer beyond (format/odt.h, odt_prepare). The lists
 * of at least PACKAGES_LONG_ROWS rows are made one after another, longest
 * first, so that one thread writes while the other deflates; the other
 * documents fill the gaps, longest first. Only the caller touches the
 * disk and the diagnostics, in the documents' order, each package once it
 * and those before it are made (packages_done), so output and messages
 * are those of one thread.
 *
 * With an incr (publish/incr.h), a long list takes the pieces of its
 * content.xml that did not change from the last build's package, and
 * reuse lists its pieces for the stamp (incr_keep_pieces).
 */
#ifndef GONGSHI_PACKAGES_H
#define GONGSHI_PACKAGES_H

#include "base/buf.h"
#include "compose/compose.h"
#include "format/odt.h"
#include "base/workq.h"
#include "publish/incr.h"

#define PACKAGES_LONG_ROWS	10000

struct slot;

struct packages {
	const struct composed_list *docs;
	struct buf	*pkg;	/* docs->n packages, once the queue is done */
	char		**err;	/* docs->n messages, NULL when fine */
	struct dreuse	*reuse;	/* docs->n: pieces taken and listed (deflate.h) */
	/* the rest is the scheduler's */
	const struct odt_style *style;
	struct incr	*inc;	/* NULL: nothing taken, nothing listed */
	struct workq	*q;
	struct slot	*slot;	/* docs->n */
	struct slot	**chain; /* every slot, the n_chain long lists first */
	size_t		 n_chain;
};

/*
 * Queues the package of every document of docs on q, which may start at
 * once: docs, style and inc must stay unchanged (docs are frozen here, see
 * doc_freeze) until workq_help(q) returned.
 */
struct packages	*packages_start(struct workq *q, struct composed_list *docs,
		    const struct odt_style *style, struct incr *inc);
/*
 * Whether the package of docs->v[i] is made (pkg[i], or err[i] when it
 * failed), so that the caller may write it while the queue goes on.
 */
bool		 packages_done(const struct packages *, size_t i);
void		 packages_free(struct packages *);

#endif
