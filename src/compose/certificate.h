/*
 * certificate: the certificates (证书) of the winners and nominees (art.
 * 11(9), 14, 18), one .odt each in the archive:
 *
 *   archive/<year>/certificates/<number>.odt
 *
 * numbered <prefix>-<year>-A<NN> for awards and <prefix>-<year>-N<NN> for
 * nominations in the order of the approval decisions (rules/state.h).  A
 * cycle's certificates exist once the government's decision is in its
 * cycle.yaml, as their verification pages do (compose/verify.h): the QR
 * code on a certificate must never lead to a page that is not there.  A
 * revoked certificate is still in the archive, as it was issued; its
 * page says 已撤销.
 *
 * The layout is templates/certificate.fodt, a flat ODF text document the
 * office designs in LibreOffice (or templates/certificate.odt when there
 * is no .fodt).  Its text holds Mustache placeholders, rendered in strict
 * mode with XML escaping:
 *
 *   {{org}}              the organisation's name
 *   {{year}}             the award year (评审年度, art. 18): 2025
 *   {{edition_cn}}       the edition in Chinese numerals: 八 (第八届)
 *   {{award_name}}       award.name, or award.nomination_name for a nominee
 *   {{government}}       award.government, the issuer
 *   {{date}}             the date of the decision: 2025年12月19日
 *   {{number}}           the certificate number: XJZLJ-2025-A01
 *   {{verify_url}}       its verification page: <base_url>verify/<number>.html
 *   {{decision_number}}  the decision's document number, or nothing
 *   {{#award}}…{{/award}}, {{#nomination}}…{{/nomination}}
 *                        text for one kind only
 *
 * The QR code of the verification address replaces the frame (or shape)
 * the office named QR (LibreOffice: Format ▸ Frame and Object ▸
 * Properties ▸ Options ▸ Name): drawn as one vector path, black, with its
 * quiet zone, as large as the frame's shorter side and centred in it,
 * anchored and wrapped as the frame was.  A template without such a frame
 * gives certificates without QR code, with a warning.
 *
 * LibreOffice splits a placeholder into spans when part of it was typed
 * at another time or formatted apart: {{<text:span …>org</text:span>}}.
 * Before rendering, the markup inside each {{…}} is taken out (the
 * placeholder keeps the formatting of its first brace; a span opened or
 * closed inside it is moved after it).  A placeholder left open at the
 * end of its paragraph, and one that names no value, stop the build with
 * an error naming the template, the line and the placeholder.
 */
#ifndef GONGSHI_CERTIFICATE_H
#define GONGSHI_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "publish/outset.h"
#include "rules/state.h"

#define CERT_TEMPLATE		"certificate.fodt"	/* under the templates folder */
#define CERT_TEMPLATE_ODT	"certificate.odt"	/* used when there is no .fodt */
#define CERT_QR_NAME		"QR"			/* the frame the QR code replaces */
#define CERT_QR_QUIET		4			/* quiet zone, in modules (ISO/IEC 18004) */

struct cert_template;

/*
 * Adds the certificate of every cycle whose decision is published to out
 * (archive/<year>/certificates/<number>.odt) and counts them in *n.  The
 * template is read only when there is a certificate to make.  Package
 * timestamps: SOURCE_DATE_EPOCH when set, else the certificate's date.
 * Returns false, with diagnostics naming the template (and its line),
 * when the template is missing, broken, or names an unknown value.
 */
bool	 certificates_write(const struct state *, const char *templates_dir,
	    struct outset *out, size_t *n, struct diag *);

/*
 * Reads templates_dir/certificate.fodt (or .odt) and joins its split
 * placeholders; NULL with diagnostics when it cannot.
 */
struct cert_template *cert_template_load(const char *templates_dir,
	    struct diag *);
void	 cert_template_free(struct cert_template *);
/* The template's text after the placeholders were joined (for tests). */
const char *cert_template_text(const struct cert_template *);

/*
 * The .odt of one certificate into out, with mtime as its timestamp;
 * false with diagnostics under the template's path.
 */
bool	 cert_render(const struct cert_template *, const struct site *,
	    const struct certificate *, long long mtime, struct buf *out,
	    struct diag *);

/*
 * Joins the placeholders LibreOffice split across markup in xml[0..len):
 * returns the text (malloc'd) with every {{…}} whole and the XML
 * comments taken out (their line breaks stay), or NULL with an error
 * under path for each placeholder left open in its paragraph.
 */
char	*cert_join_placeholders(const char *xml, size_t len, const char *path,
	    struct diag *);

/*
 * The QR code of text (ECC level M, 8-bit mode) as the data of an SVG
 * path (svg:d) in a square of *size modules a side, quiet zone included:
 * one closed rectangle per horizontal run of dark modules.  False when
 * libqrencode cannot encode it (too long).
 */
bool	 cert_qr_path(const char *text, struct buf *d, int *size);

#endif
