/*
 * render/certificate: one certificate's .odt from the template
 * (compose/cert_template.h) and its values (compose/certificate.h): the
 * values rendered into the text (Mustache, strict, XML-escaped), the frame
 * named QR replaced by the QR code of its verification address
 * (format/odt_qr.h), the flat document packaged (format/odt.h).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/i18n.h"
#include "base/util.h"
#include "compose/certificate.h"
#include "compose/mustache.h"
#include "format/escape.h"
#include "format/odf_xml.h"
#include "format/odt.h"
#include "format/odt_qr.h"
#include "render/certificate.h"

/*
 * An error of the template engine or the packager ("PATH:LINE: what")
 * as a diagnostic at the template's line; number names the certificate
 * when the error is its own (its values), not the template's.
 */
static void
report(const struct cert_template *t, const char *number, const char *err,
    struct diag *diag)
{
	size_t n = strlen(t->path);
	const char *p = err;
	char *end;
	long line = 0;

	if (strncmp(err, t->path, n) == 0 && err[n] == ':') {
		p = err + n + 1;
		line = strtol(p, &end, 10);
		if (end != p && *end == ':')
			p = end + 1;
		else
			line = 0;
		while (*p == ' ')
			p++;
	}
	if (number != NULL)
		diag_error(diag, t->path, t->lines ? (int)line : 0,
		    _("certificate %s: %s"), number, p);
	else
		diag_error(diag, t->path, t->lines ? (int)line : 0, "%s", p);
}

/*
 * The rendered text, parsed, with the frame named QR drawn as the QR code:
 * the tree goes to the package as it is (odt_package_doc), not written out
 * to be parsed again.
 */
static xmlDoc *
with_qr(const struct cert_template *t, const struct buf *text,
    const char *url, char **err)
{
	char *why;
	xmlDoc *doc;
	int line;

	if ((doc = odf_parse(text->data, text->len, t->path, &line,
	    &why)) == NULL) {
		*err = xasprintf(_("%s:%d: the rendered template is not "
		    "well-formed XML: %s; does a {{#section}} span parts of "
		    "two paragraphs?"), t->path, line, why);
		free(why);
		return NULL;
	}
	if (!odt_qr_draw(xmlDocGetRootElement(doc), url, err)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool
render_certificate(const struct cert_template *t, const struct val *ctx,
    const char *number, long long mtime, struct buf *out, struct diag *diag)
{
	struct mustache_opts o = {
		escape_xml_fn, NULL, NULL, NULL, true, t->path
	};
	const struct val *url = val_get(ctx, "verify_url");
	struct buf text;
	char *err = NULL;
	xmlDoc *doc;
	bool ok;

	buf_init(&text);
	if (!mustache_render(t->text, t->len, ctx, &o, &text, &err)) {
		/* the template's error, the same for every certificate */
		report(t, NULL, err, diag);
		free(err);
		buf_free(&text);
		return false;
	}
	if (t->has_qr) {
		ok = (doc = with_qr(t, &text, url->str, &err)) != NULL &&
		    odt_package_doc(doc, t->path, mtime, out, &err);
		xmlFreeDoc(doc);
	} else
		ok = odt_package_flat(buf_cstr(&text), text.len, t->path,
		    mtime, out, &err);
	if (!ok) {
		report(t, number, err, diag);
		free(err);
	}
	buf_free(&text);
	return ok;
}

bool
cert_render(const struct cert_template *t, const struct site *s,
    const struct certificate *c, long long mtime, struct buf *out,
    struct diag *diag)
{
	struct val *ctx = cert_context(s, c);
	bool ok;

	ok = render_certificate(t, ctx, c->number, mtime, out, diag);
	val_free(ctx);
	return ok;
}
