/*
 * odf_xml: element lookups and in-memory parsing for ODF trees.
 */
#include <string.h>

#include <libxml/parser.h>

#include "base/util.h"
#include "format/odf_xml.h"
#include "format/xmlread.h"

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
	/* libxml2's limits kept, no DTD (format/xmlread.h) */
	return xml_read_template(text, len, name, line, why);
}
