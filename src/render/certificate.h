/*
 * render/certificate: a certificate's .odt package, from the template and
 * the values compose gave it (compose/certificate.h).
 */
#ifndef GONGSHI_RENDER_CERTIFICATE_H
#define GONGSHI_RENDER_CERTIFICATE_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/val.h"
#include "compose/cert_template.h"
#include "rules/state.h"

/*
 * The .odt of one certificate into out, from its values ctx (its
 * verify_url is the QR code's text), with mtime as its timestamp; false
 * with diagnostics under the template's path (number names the
 * certificate when the error is its values'). Certificates of one
 * template are made from what the template's cache keeps of the first of
 * their shape (render/certificate.c): one thread at a time per template.
 */
bool	 render_certificate(const struct cert_template *, const struct val *ctx,
	    const char *number, long long mtime, struct buf *out, struct diag *);

/* The same for certificate c of site s, its values composed here (for tests). */
bool	 cert_render(const struct cert_template *, const struct site *,
	    const struct certificate *, long long mtime, struct buf *out,
	    struct diag *);

#endif
