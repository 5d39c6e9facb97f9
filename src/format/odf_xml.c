/*
 * odf_xml: element lookups and in-memory parsing for ODF trees.
 */
#include <string.h>

#include <libxml/parser.h>

#include "base/i18n.h"
#include "base/util.h"
#include "format/odf_xml.h"

bool
odf_is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

xmlNode *
odf_child_el(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (odf_is_el(c, ns, name))
			return c;
	return NULL;
}

xmlDoc *
odf_parse(const char *text, size_t len, const char *name, int *line,
    char **why)
{
	xmlParserCtxt *ctxt = xmlNewParserCtxt();
	const xmlError *e;
	xmlDoc *doc = NULL;

	*line = 0;
	*why = NULL;
	if (ctxt == NULL) {
		*why = xstrdup(_("out of memory"));
		return NULL;
	}
	if (len < 0x7fffffff)
		doc = xmlCtxtReadMemory(ctxt, text, (int)len, name, "UTF-8",
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		    XML_PARSE_BIG_LINES | XML_PARSE_HUGE);
	if (doc == NULL) {
		e = xmlCtxtGetLastError(ctxt);
		*line = e != NULL ? e->line : 0;
		*why = str_trim(xstrdup(e != NULL && e->message != NULL ?
		    e->message : _("too large")));
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}
