/*
 * render: each composed document (compose/document.h) into the bytes of
 * its file. Nothing here touches the disk but to read templates: the
 * bytes go to the caller (publish/build.c), which hands them to publish.
 *
 *   PAGE         its layout of templates/layout/ rendered with its values
 *                (HTML-escaped), then page.html with the result as
 *                "content"; a notice's page first gets the notice as HTML
 *                (format/html.h) as "article". Both are written straight
 *                into the page where the templates have them, not copied
 *                through the values (the bytes are the same)
 *   XML          its layout alone, XML-escaped (feed.xml, sitemap.xml)
 *   MARKDOWN     the notice as Markdown (format/markdown.h)
 *   CERTIFICATE  the certificate template with its values, QR code drawn,
 *                packaged as .odt (render/certificate.h)
 *   FILE         its bytes as they are
 *
 * Layouts are read and parsed once, on the first page that needs them,
 * and so is each partial {{> name}} (templates/layout/name.html), for
 * every page of the call. A template error is reported at the
 * template's file and line (a partial's, when it is in a partial).
 */
#ifndef GONGSHI_RENDER_H
#define GONGSHI_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "compose/document.h"

/* Takes the bytes of the file at path (b is reset). */
typedef void	render_emit(void *arg, const char *path, struct buf *b);

/*
 * Renders documents list->v[from..n) in their order, hands each one's
 * bytes to emit and releases what the document held (document_release),
 * so that memory holds one document's bytes at a time. Stops at the first
 * that fails: false, with diagnostics.
 */
bool	render_documents(struct document_list *, size_t from,
	    const char *templates_dir, render_emit *emit, void *arg,
	    struct diag *);

/*
 * Whether a document's file is there already (publish/incr.h): true, and
 * it is not rendered.
 */
typedef bool	render_reuse(void *arg, const struct document *);

/* render_documents, asking reuse (with arg) first about each document. */
bool	render_documents_reusing(struct document_list *, size_t from,
	    const char *templates_dir, render_reuse *reuse, render_emit *emit,
	    void *arg, struct diag *);

/*
 * The hook through which the file of a document about to be rendered
 * writes the runs of its long lists (format/pieces.h: a page's notice, a
 * Markdown file), or NULL.
 */
struct pieces_hook;
typedef const struct pieces_hook *render_pieces(void *arg,
	    const struct document *);

/* render_documents_reusing, each file's long lists through pieces. */
bool	render_documents_pieces(struct document_list *, size_t from,
	    const char *templates_dir, render_reuse *reuse,
	    render_pieces *pieces, render_emit *emit, void *arg,
	    struct diag *);

#endif
