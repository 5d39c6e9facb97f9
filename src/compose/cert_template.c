/*
 * cert_template: reading the certificate template and checking it once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "compose/cert_template.h"
#include "compose/placeholders.h"
#include "format/odf_xml.h"
#include "format/odt_flat.h"
#include "format/odt_qr.h"

static void
template_error(const struct cert_template *t, struct diag *diag, int line,
    const char *fmt, const char *arg)
{
	diag_error(diag, t->path, t->lines ? line : 0, fmt, arg);
}

/*
 * Reads the template's document once: well-formed, a flat text
 * document, with or without a frame named QR.
 */
static bool
check_template(struct cert_template *t, struct diag *diag)
{
	xmlDoc *doc;
	xmlNode *root, *body;
	char *why;
	int line;

	if ((doc = odf_parse(t->text, t->len, t->path, &line, &why)) == NULL) {
		template_error(t, diag, line, _("not well-formed XML: %s; open "
		    "it in LibreOffice and save it again"), why);
		free(why);
		return false;
	}
	root = xmlDocGetRootElement(doc);
	body = odf_is_el(root, NS_OFFICE, "document") ?
	    odf_child_el(root, NS_OFFICE, "body") : NULL;
	if (odf_child_el(body, NS_OFFICE, "text") == NULL) {
		template_error(t, diag, 0, "%s", _("not a flat ODF text document "
		    "(office:document with office:text): save it from "
		    "LibreOffice Writer as \"Flat XML ODF Text Document (.fodt)\""));
		xmlFreeDoc(doc);
		return false;
	}
	t->has_qr = odt_qr_find(body) != NULL;
	if (!t->has_qr)
		diag_warning(diag, t->path, 0, _("no frame named %s: the "
		    "certificates carry no QR code of their verification "
		    "address; insert a frame where it goes and name it %s "
		    "(LibreOffice: Format ▸ Frame and Object ▸ Properties ▸ "
		    "Options ▸ Name)"), ODT_QR_NAME, ODT_QR_NAME);
	xmlFreeDoc(doc);
	return true;
}


struct cert_template *
cert_template_load(const char *dir, struct diag *diag)
{
	struct cert_template *t = xcalloc(1, sizeof(*t));
	char *raw, *odt, *why = NULL;
	size_t len;
	struct diag local;
	size_t i;

	t->cache = xcalloc(1, sizeof(*t->cache));
	t->path = path_join(dir, CERT_TEMPLATE);
	t->lines = true;
	odt = path_join(dir, CERT_TEMPLATE_ODT);
	if (!file_exists(t->path) && file_exists(odt)) {
		free(t->path);
		t->path = odt;
		t->lines = false;
	} else
		free(odt);
	if (t->lines)
		raw = input_read(dir, t->path, t->path, &len, diag);
	else
		raw = odt_flat_text(t->path, &len, &why);
	if (raw == NULL && t->lines && errno != ENOENT) {
		cert_template_free(t);	/* reported by input_read */
		return NULL;
	}
	if (raw == NULL) {
		diag_error(diag, t->path, 0, _("cannot read the certificate "
		    "template: %s; gongshi needs it (or %s) to make the "
		    "certificates"), why != NULL ? why : strerror(errno),
		    CERT_TEMPLATE_ODT);
		free(why);
		cert_template_free(t);
		return NULL;
	}
	/* the lines of an .odt's flat text are not the file's: say none */
	diag_init(&local);
	t->text = placeholders_join(raw, len, t->path, &local);
	for (i = 0; i < local.n; i++)
		diag_error(diag, t->path, t->lines ? local.items[i].line : 0,
		    "%s", local.items[i].msg);
	diag_free(&local);
	free(raw);
	if (t->text == NULL) {
		cert_template_free(t);
		return NULL;
	}
	t->len = strlen(t->text);
	if (!check_template(t, diag)) {
		cert_template_free(t);
		return NULL;
	}
	return t;
}

void
cert_template_free(struct cert_template *t)
{
	if (t == NULL)
		return;
	if (t->cache != NULL && t->cache->free != NULL)
		t->cache->free(t->cache->data);
	free(t->cache);
	free(t->path);
	free(t->text);
	free(t);
}

const char *
cert_template_text(const struct cert_template *t)
{
	return t->text;
}
