/*
 * odf_xml: what the readers and writers of ODF trees (libxml2) share: the
 * namespaces, finding elements, and parsing a document held in memory.
 */
#ifndef GONGSHI_ODF_XML_H
#define GONGSHI_ODF_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#define X(s)	((const xmlChar *)(s))

#define NS_OFFICE	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE	"urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT		"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW		"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG		"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_FO		"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_XLINK	"http://www.w3.org/1999/xlink"

/* n is the element ns:name (any name in ns when name is NULL). */
bool	 odf_is_el(const xmlNode *n, const char *ns, const char *name);
/* The first child element ns:name of n, or NULL (n may be NULL). */
xmlNode	*odf_child_el(const xmlNode *n, const char *ns, const char *name);

/*
 * Parses text[0..len) (format/xmlread.h: UTF-8, no network, no DTD,
 * libxml2's limits kept); NULL
 * with *why (malloc'd) and *line (0 when unknown) when it is not
 * well-formed. name is the document's name for libxml2.
 */
xmlDoc	*odf_parse(const char *text, size_t len, const char *name, int *line,
	    char **why);

#endif
