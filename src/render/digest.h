/*
 * digest: one digest (base/hash.h) per output file of exactly what it is
 * rendered from, so that a rebuild renders only the files whose digest
 * changed (publish/incr.h):
 *
 *   notice .odt   its document tree (every field of struct doc, every node
 *                 of the body, every cell of its tables), the ODT style
 *                 (templates/odt/reference.fodt) and the package's timestamp
 *   PAGE          its Mustache values, its layout and page.html, each with
 *                 every partial it can include, and the notice of the page
 *   XML           its values and its layout (with its partials)
 *   MARKDOWN      the notice's tree
 *   CERTIFICATE   its values, the certificate template, its timestamp
 *   FILE          its bytes
 *
 * and, in every one, the program (version and the digest of the running
 * executable) and SOURCE_DATE_EPOCH. Values and trees are serialised
 * canonically (every string with its length, every list and map with its
 * count and keys, in order), so two different documents never make the
 * same stream: same inputs, same digest; any value, template or style
 * changed, another digest.
 *
 * The partials a layout can include are found by reading its text for
 * {{> name}} tags, then theirs, and so on; a layout that changes its
 * delimiters ({{= =}}) is taken to include every file of templates/layout/.
 * A template file that cannot be read gives no digest: the file is then
 * rendered (and the render says what is wrong).
 */
#ifndef GONGSHI_RENDER_DIGEST_H
#define GONGSHI_RENDER_DIGEST_H

#include <stdbool.h>

#include "base/hash.h"
#include "base/strmap.h"
#include "base/val.h"
#include "compose/document.h"
#include "format/doc.h"

struct cert_template;

struct digests {
	char		*layout_dir;	/* templates/layout */
	char		*style_path;	/* templates/odt/reference.fodt */
	char		 seed[256];	/* program and SOURCE_DATE_EPOCH */
	struct strmap	 layouts;	/* file name → struct hash *, with partials */
	struct strmap	 docs;		/* "%p" of a doc → struct hash * */
	struct hash	 style;
	bool		 style_known, style_ok;
	const struct cert_template *cert;	/* the template of cert_digest */
	struct hash	 cert_digest;
};

/*
 * Digests for the templates in templates_dir and the program whose digest
 * is program (hex, or "" when it cannot be told).
 */
void	digests_init(struct digests *, const char *templates_dir,
	    const char *program);
void	digests_free(struct digests *);

/* The digest of one notice's .odt package with timestamp mtime. */
bool	digest_odt(struct digests *, const struct doc *, long long mtime,
	    struct hash *);
/* The digest of a site page, feed, sitemap, Markdown file, certificate or asset. */
bool	digest_document(struct digests *, const struct document *,
	    struct hash *);

/*
 * Tells g the digest of d's tree (digest_doc), taken beforehand, on any
 * thread: digest_odt and digest_document then take it as it is.
 */
void	digests_know_doc(struct digests *, const struct doc *,
	    const struct hash *);
/* The canonical digests alone (tests): a value tree, a document tree. */
void	digest_val(const struct val *, struct hash *);
void	digest_doc(const struct doc *, struct hash *);

#endif
