/*
 * document: what compose hands to render, one entry per output file of
 * the site and of the certificates: its name under the output folder, its
 * kind, and what it is rendered from.  Compose writes nothing: the
 * render step (src/render/) turns each document into bytes, and publish
 * (src/publish/) alone puts them on disk.  (The notices themselves, as
 * ODT, come from compose_all as struct composed, compose/compose.h.)
 *
 * A list keeps the documents in the order they were composed (the order
 * the build renders and writes them, and the sitemap lists the
 * verification pages in) and finds one by its path.
 */
#ifndef GONGSHI_DOCUMENT_H
#define GONGSHI_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strmap.h"
#include "base/val.h"
#include "format/doc.h"

struct cert_template;

enum document_kind {
	DOCUMENT_PAGE,		/* templates/layout/<layout> inside page.html: HTML */
	DOCUMENT_XML,		/* templates/layout/<layout> alone, XML-escaped: feed, sitemap */
	DOCUMENT_MARKDOWN,	/* a notice as Markdown (format/markdown.h) */
	DOCUMENT_CERTIFICATE,	/* the certificate template with one certificate's values: .odt */
	DOCUMENT_FILE,		/* bytes as they are: templates/assets/ */
};

struct document {
	enum document_kind	 kind;
	char			*path;	/* under the output folder: "site/2025/index.html" */
	char			*layout;	/* PAGE, XML: a file of templates/layout/ */
	struct val		*ctx;	/* PAGE, XML, CERTIFICATE: the template's values */
	/*
	 * PAGE: the notice whose HTML (format/html.h) goes into ctx as
	 * "article", when rendered; MARKDOWN: the notice.  Not owned.
	 */
	const struct doc	*notice;
	const struct cert_template *tmpl;	/* CERTIFICATE: the template (not owned) */
	const char		*name;	/* CERTIFICATE: its number, for messages */
	long long		 mtime;	/* CERTIFICATE: the package's timestamp */
	char			*data;	/* FILE */
	size_t			 len;
	/*
	 * The last build's file at path, kept as it is (publish/cycles.h):
	 * nothing else is set, and nothing is rendered.
	 */
	bool			 kept;
};

struct document_list {
	struct document		*v;
	size_t			 n, cap;
	struct strmap		 index;	/* path → position + 1 */
	struct cert_template	*cert;	/* the certificates' template, when any */
};

void	 documents_init(struct document_list *);
void	 documents_free(struct document_list *);
/*
 * A new document of kind at path (a copy is kept), zeroed otherwise, for
 * the caller to fill.  The pointer holds until the next add.
 */
struct document *documents_add(struct document_list *, enum document_kind,
	    const char *path);
/* The document at path, or NULL. */
const struct document *documents_find(const struct document_list *,
	    const char *path);
/* Adds the kept document at path. */
void	 documents_keep(struct document_list *, enum document_kind,
	    const char *path);
/* Frees what d holds (its bytes, its values) once it is rendered; its path stays. */
void	 document_release(struct document *d);

#endif
