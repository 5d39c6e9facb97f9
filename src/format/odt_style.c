/*
 * odt_style: the styles of every ODT, taken from templates/odt/reference.fodt.
 *
 * The template is a flat ODF text document, so that the archivist can
 * open it in LibreOffice, restyle it and save it again.  Of it we keep the
 * font declarations, the styles, the automatic styles (page layout) and
 * the master pages, and turn them into a styles.xml: the root becomes
 * office:document-styles, the sample text and the settings go.
 *
 * LibreOffice saves "ODF 1.3 Extended": elements and attributes in its own
 * namespaces (loext:, officeooo:, …) beside the standard ones.  Those are
 * dropped here, so a template that went through LibreOffice still gives
 * packages that are valid against the ODF 1.3 schema.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "format/odt.h"
#include "format/xmlread.h"

#define NS_OFFICE	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE	"urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT		"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_FO		"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"

/* The namespaces of the ODF 1.3 schema; anything else is an extension. */
static const char *const odf_namespaces[] = {
	NS_OFFICE, NS_STYLE, NS_TEXT, NS_FO,
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:form:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:script:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:animation:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:database:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:of:1.2",
	"http://www.w3.org/1999/xlink",
	"http://purl.org/dc/elements/1.1/",
	"http://www.w3.org/1998/Math/MathML",
	"http://www.w3.org/2002/xforms",
	"http://www.w3.org/1999/xhtml",
	"http://www.w3.org/2003/g/data-view#",
	(const char *)XML_XML_NAMESPACE,
	NULL
};

/* The parts of the template that go into styles.xml, in schema order. */
static const char *const kept_parts[] = {
	"font-face-decls", "styles", "automatic-styles", "master-styles", NULL
};

struct required {
	const char	*element;	/* local name, in the style or text namespace */
	const char	*family;	/* style:family, or NULL */
	const char	*name;
};

static const struct required required_styles[] = {
	{ "style", "paragraph", ODT_P_BODY },
	{ "style", "paragraph", ODT_P_TITLE },
	{ "style", "paragraph", ODT_P_MARK },
	{ "style", "paragraph", ODT_P_MARK_NUMBER },
	{ "style", "paragraph", ODT_P_NUMBER },
	{ "style", "paragraph", ODT_P_ADDRESSEE },
	{ "style", "paragraph", ODT_P_H1 },
	{ "style", "paragraph", ODT_P_H2 },
	{ "style", "paragraph", ODT_P_H3 },
	{ "style", "paragraph", ODT_P_H4 },
	{ "style", "paragraph", ODT_P_LIST },
	{ "style", "paragraph", ODT_P_QUOTE },
	{ "style", "paragraph", ODT_P_CODE },
	{ "style", "paragraph", ODT_P_RULE },
	{ "style", "paragraph", ODT_P_CAPTION },
	{ "style", "paragraph", ODT_P_TH },
	{ "style", "paragraph", ODT_P_TD },
	{ "style", "paragraph", ODT_P_TD_CENTRE },
	{ "style", "paragraph", ODT_P_SIGNATURE },
	{ "style", "paragraph", ODT_P_DATE },
	{ "style", "paragraph", ODT_P_NOTE },
	{ "style", "paragraph", ODT_P_COPY_TO },
	{ "style", "paragraph", ODT_P_IMPRINT },
	{ "style", "paragraph", ODT_P_IMPRINT_ONLY },
	{ "style", "paragraph", ODT_P_IMPRINT_PAGE },
	{ "style", "text", ODT_T_STRONG },
	{ "style", "text", ODT_T_EMPH },
	{ "style", "text", ODT_T_CODE },
	{ "style", "text", ODT_T_LINK },
	{ "style", "graphic", ODT_G_IMPRINT },
	{ "list-style", NULL, ODT_L_ORDERED },
	{ "list-style", NULL, ODT_L_BULLET },
	{ NULL, NULL, NULL }
};

static bool
is_odf_ns(const xmlNs *ns)
{
	size_t i;

	if (ns == NULL || ns->href == NULL)
		return false;
	for (i = 0; odf_namespaces[i] != NULL; i++)
		if (strcmp((const char *)ns->href, odf_namespaces[i]) == 0)
			return true;
	return false;
}

static bool
is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute ns:name, or NULL; the caller frees it. */
static char *
get_attr(const xmlNode *n, const char *ns, const char *name)
{
	return (char *)xmlGetNsProp(n, (const xmlChar *)name,
	    (const xmlChar *)ns);
}

static void
drop_ns_defs(xmlNode *n)
{
	xmlNs **link = &n->nsDef, *ns;

	while ((ns = *link) != NULL) {
		if (is_odf_ns(ns)) {
			link = &ns->next;
			continue;
		}
		*link = ns->next;
		ns->next = NULL;
		xmlFreeNs(ns);
	}
}

/* Removes extension elements and attributes, comments and PIs under n. */
void
odt_strip_foreign(xmlNode *n)
{
	xmlNode *c, *next;
	xmlAttr *a, *anext;

	for (a = n->properties; a != NULL; a = anext) {
		anext = a->next;
		if (!is_odf_ns(a->ns))
			xmlRemoveProp(a);
	}
	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if ((c->type == XML_ELEMENT_NODE && !is_odf_ns(c->ns)) ||
		    c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE)
			odt_strip_foreign(c);
	}
	/* after the nodes that used them are gone */
	drop_ns_defs(n);
}

static bool
has_style(const xmlNode *styles, const struct required *r)
{
	const xmlNode *c;
	const char *ns = strcmp(r->element, "list-style") == 0 ? NS_TEXT :
	    NS_STYLE;
	char *name, *family;
	bool found = false;

	for (c = styles->children; c != NULL && !found; c = c->next) {
		if (!is_el(c, ns, r->element))
			continue;
		name = get_attr(c, NS_STYLE, "name");
		family = r->family != NULL ? get_attr(c, NS_STYLE, "family") :
		    NULL;
		found = name != NULL && strcmp(name, r->name) == 0 &&
		    (r->family == NULL ||
		    (family != NULL && strcmp(family, r->family) == 0));
		xmlFree(name);
		xmlFree(family);
	}
	return found;
}

static const xmlNode *
find_style(const xmlNode *styles, const char *family, const char *name)
{
	struct required r = { "style", family, name };
	const xmlNode *c;
	char *n;
	bool hit;

	if (!has_style(styles, &r))
		return NULL;
	for (c = styles->children; c != NULL; c = c->next) {
		if (!is_el(c, NS_STYLE, "style"))
			continue;
		n = get_attr(c, NS_STYLE, "name");
		hit = n != NULL && strcmp(n, name) == 0;
		xmlFree(n);
		if (hit)
			return c;
	}
	return NULL;
}

/* A length in pt ("36pt", "12.7mm"), or 0 when it is none of those. */
static double
length_pt(const char *s)
{
	char *end;
	double v;

	if (s == NULL)
		return 0;
	v = strtod(s, &end);
	if (end == s)
		return 0;
	if (strcmp(end, "pt") == 0)
		return v;
	if (strcmp(end, "mm") == 0)
		return v * 72 / 25.4;
	if (strcmp(end, "cm") == 0)
		return v * 72 / 2.54;
	if (strcmp(end, "in") == 0)
		return v * 72;
	return 0;
}

/* The font size (pt) and narrowing (%) a paragraph style sets itself. */
static void
read_size(const xmlNode *styles, const char *name, double *size,
    double *scale)
{
	const xmlNode *s = find_style(styles, "paragraph", name), *c;
	char *sz, *sc;

	*size = 0;
	*scale = 100;
	for (c = s != NULL ? s->children : NULL; c != NULL; c = c->next) {
		if (!is_el(c, NS_STYLE, "text-properties"))
			continue;
		sz = get_attr(c, NS_STYLE, "font-size-asian");
		if (sz == NULL)
			sz = get_attr(c, NS_FO, "font-size");
		sc = get_attr(c, NS_STYLE, "text-scale");
		*size = length_pt(sz);
		if (sc != NULL && atof(sc) > 0)
			*scale = atof(sc);
		xmlFree(sz);
		xmlFree(sc);
	}
}

static bool
has_master_page(const xmlNode *master)
{
	const xmlNode *c;

	for (c = master != NULL ? master->children : NULL; c != NULL;
	    c = c->next)
		if (is_el(c, NS_STYLE, "master-page"))
			return true;
	return false;
}

/* Keeps the parts of the root that styles.xml holds; returns office:styles. */
static xmlNode *
keep_parts(xmlNode *root, xmlNode **master)
{
	xmlNode *c, *next, *styles = NULL;
	size_t i;
	bool keep;

	*master = NULL;
	for (c = root->children; c != NULL; c = next) {
		next = c->next;
		keep = c->type != XML_ELEMENT_NODE;
		for (i = 0; !keep && kept_parts[i] != NULL; i++)
			keep = is_el(c, NS_OFFICE, kept_parts[i]);
		if (!keep) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (is_el(c, NS_OFFICE, "styles"))
			styles = c;
		else if (is_el(c, NS_OFFICE, "master-styles"))
			*master = c;
	}
	return styles;
}

static bool
check_template(struct odt_style *st, xmlNode *root, struct diag *diag)
{
	xmlNode *styles, *master;
	const struct required *r;
	double scale;
	bool ok = true;

	if (!is_el(root, NS_OFFICE, "document")) {
		diag_error(diag, st->path, xmlGetLineNo(root), _("not a flat ODF "
		    "document (office:document): save it from LibreOffice as "
		    "\"Flat XML ODF Text Document (.fodt)\""));
		return false;
	}
	styles = keep_parts(root, &master);
	if (styles == NULL) {
		diag_error(diag, st->path, xmlGetLineNo(root), _("no office:styles: "
		    "the template has no styles"));
		return false;
	}
	for (r = required_styles; r->element != NULL; r++) {
		if (has_style(styles, r))
			continue;
		diag_error(diag, st->path, xmlGetLineNo(styles), _("no %s style "
		    "\"%s\": the ODT writer uses it; restore it (LibreOffice: "
		    "Styles, F11) or take it from gongshi's own template"),
		    r->family != NULL ? r->family : "list", r->name);
		ok = false;
	}
	if (!has_master_page(master)) {
		diag_error(diag, st->path, xmlGetLineNo(root), _("no master page "
		    "(office:master-styles): the page layout is missing"));
		ok = false;
	}
	if (ok) {
		/* for fitting the 发文机关标志 and breaking the title */
		read_size(styles, ODT_P_MARK, &st->mark_size, &st->mark_scale);
		read_size(styles, ODT_P_TITLE, &st->title_size, &scale);
	}
	return ok;
}

/* The template, turned into the bytes of styles.xml. */
static bool
make_styles_xml(struct odt_style *st, xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNs *office = root->ns;
	xmlChar *mem = NULL;
	int len = 0;

	xmlNodeSetName(root, (const xmlChar *)"document-styles");
	xmlUnsetNsProp(root, office, (const xmlChar *)"mimetype");
	xmlSetNsProp(root, office, (const xmlChar *)"version",
	    (const xmlChar *)"1.3");
	odt_strip_foreign(root);
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	if (mem == NULL)
		return false;
	st->styles_xml = xstrndup((const char *)mem, (size_t)len);
	st->styles_len = (size_t)len;
	xmlFree(mem);
	return true;
}

static void
report_xml_error(struct odt_style *st, int line, const char *why,
    struct diag *diag)
{
	diag_error(diag, st->path, line, _("not well-formed XML: %s"), why);
}

struct odt_style *
odt_style_load(const char *templates_dir, struct diag *diag)
{
	struct odt_style *st = xcalloc(1, sizeof(*st));
	xmlDoc *doc = NULL;
	char *data, *why = NULL;
	size_t len;
	bool ok = false;
	int line;

	st->path = path_join(templates_dir, ODT_TEMPLATE);
	if ((data = input_read(templates_dir, st->path, st->path, &len,
	    diag)) == NULL) {
		if (errno == ENOENT)
			diag_error(diag, st->path, 0, _("cannot read the ODT "
			    "styles: %s"), strerror(errno));
		odt_style_free(st);
		return NULL;
	}
	doc = xml_read_template(data, len, st->path, &line, &why);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL)
		report_xml_error(st, line, why != NULL ? why : "empty", diag);
	else if (check_template(st, xmlDocGetRootElement(doc), diag)) {
		ok = make_styles_xml(st, doc) && odt_style_deflate(st);
		if (!ok)
			diag_error(diag, st->path, 0, _("cannot serialize the styles"));
	}
	xmlFreeDoc(doc);
	free(why);
	free(data);
	if (!ok) {
		odt_style_free(st);
		return NULL;
	}
	return st;
}

void
odt_style_free(struct odt_style *st)
{
	if (st == NULL)
		return;
	free(st->path);
	free(st->styles_xml);
	deflated_free(&st->styles_z);
	free(st);
}
