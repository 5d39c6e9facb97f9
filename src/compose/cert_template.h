/*
 * cert_template: the certificates' layout, templates/certificate.fodt (or
 * templates/certificate.odt when there is no .fodt), read once per build.
 *
 * It is text to Mustache and a document to LibreOffice: the .odt is made
 * flat (format/odt_flat.h), its placeholders joined (compose/placeholders.h),
 * and the result checked once to be a flat ODF text document, with or
 * without the frame named QR (format/odt_qr.h).
 */
#ifndef GONGSHI_CERT_TEMPLATE_H
#define GONGSHI_CERT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

#define CERT_TEMPLATE		"certificate.fodt"	/* under the templates folder */
#define CERT_TEMPLATE_ODT	"certificate.odt"	/* used when there is no .fodt */

struct cert_template {
	char	*path;		/* templates/certificate.fodt, for messages */
	char	*text;		/* its placeholders joined */
	size_t	 len;
	bool	 lines;		/* lines of text are the file's (not an .odt) */
	bool	 has_qr;	/* it has a frame named QR */
	struct cert_cache *cache;	/* never NULL once loaded */
};

/*
 * What the renderer keeps from one certificate to the next
 * (render/certificate.c), freed with the template: the template is the
 * renderer's only through a const pointer, its cache is not.
 */
struct cert_cache {
	void	*data;
	void	(*free)(void *);
	size_t	 fast;	/* certificates made from it (for tests) */
};

/*
 * Reads templates_dir/certificate.fodt (or .odt) and joins its split
 * placeholders; NULL with diagnostics when it cannot.
 */
struct cert_template *cert_template_load(const char *templates_dir,
	    struct diag *);
void	 cert_template_free(struct cert_template *);
/* The template's text after the placeholders were joined (for tests). */
const char *cert_template_text(const struct cert_template *);

#endif
