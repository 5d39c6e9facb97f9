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
 * The QR code of the verification address replaces the frame the office
 * named QR (format/odt_qr.h).  A template without such a frame gives
 * certificates without QR code, with a warning.
 *
 * LibreOffice splits a placeholder into spans when part of it was typed
 * at another time or formatted apart; they are joined before rendering
 * (compose/placeholders.h).  A placeholder left open at the end of its
 * paragraph, and one that names no value, stop the build with an error
 * naming the template, the line and the placeholder.
 *
 * The pieces, in the order of the pipeline: reading the template
 * (compose/cert_template.c, with format/odt_flat.c for an .odt), joining
 * its placeholders (compose/placeholders.c), the values of each
 * certificate (here), rendering them into the text and the QR code
 * (render/certificate.c, format/odt_qr.c), packaging (format/odt.c).
 */
#ifndef GONGSHI_CERTIFICATE_H
#define GONGSHI_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/val.h"
#include "compose/cert_template.h"
#include "compose/document.h"
#include "rules/state.h"

/*
 * Adds the certificate of every cycle whose decision is published to out
 * (archive/<year>/certificates/<number>.odt), each a document of the
 * template (out->cert, read here only when there is a certificate to
 * make) and its values.  Package timestamps: SOURCE_DATE_EPOCH when set,
 * else the certificate's date.  Returns false, with diagnostics naming
 * the template (and its line), when the template is missing or broken;
 * an unknown value is found when the documents are rendered.
 */
bool	 certificates_compose(const struct state *, const char *templates_dir,
	    struct document_list *out, struct diag *);

/* The values of certificate c in the template (the placeholders above). */
/* "archive/2025/certificates/XJZLJ-2025-A01.odt" (the caller frees). */
char	*certificate_path(const struct certificate *);
/* Each path certificates_compose gives the certificates of a cycle, to fn. */
void	 certificates_paths(const struct cycle_state *,
	    void (*fn)(void *, const char *path), void *arg);
struct val *cert_context(const struct site *, const struct certificate *c);

#endif
