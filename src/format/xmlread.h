/*
 * xmlread: parsing a template's XML (the ODT reference style, the
 * certificate template) safely. libxml2 keeps its limits (no
 * XML_PARSE_HUGE: nested entities cannot take minutes and gigabytes),
 * reads nothing from the network, and a document type declaration is
 * refused as soon as the parser meets it, before any entity is expanded:
 * LibreOffice never writes one, and one copied into every document would
 * carry its entities along.
 */
#ifndef GONGSHI_XMLREAD_H
#define GONGSHI_XMLREAD_H

#include <stddef.h>

#include <libxml/tree.h>

/*
 * Parses data[0..len) (name for libxml2's messages). Returns the document,
 * or NULL with *line (0 when unknown) and *why (the caller frees) saying
 * what is wrong.
 */
xmlDoc	*xml_read_template(const char *data, size_t len, const char *name,
	    int *line, char **why);

#endif
