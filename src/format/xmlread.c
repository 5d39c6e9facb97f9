#include <stdbool.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "base/i18n.h"
#include "base/util.h"
#include "format/xmlread.h"

struct seen {
	bool	doctype;
	int	line;
};

/* The SAX hook of <!DOCTYPE …>: stop right there. */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	xmlParserCtxt *ctxt = ctx;
	struct seen *s = ctxt->_private;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	s->doctype = true;
	s->line = ctxt->input != NULL ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

xmlDoc *
xml_read_template(const char *data, size_t len, const char *name, int *line,
    char **why)
{
	struct seen seen = { false, 0 };
	xmlParserCtxt *ctxt;
	const xmlError *e;
	xmlDoc *doc = NULL;

	*line = 0;
	*why = NULL;
	if (len > (size_t)0x7fffffff ||
	    (ctxt = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL) {
		*why = xstrdup(_("too large, or out of memory"));
		return NULL;
	}
	(void)xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (ctxt->input != NULL && ctxt->input->filename == NULL)
		ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)name);
	ctxt->_private = &seen;
	ctxt->sax->internalSubset = on_doctype;
	(void)xmlParseDocument(ctxt);
	if (seen.doctype) {
		*line = seen.line;
		*why = xstrdup(_("a document type declaration (<!DOCTYPE …>), "
		    "which templates must not have: delete it"));
	} else if (!ctxt->wellFormed || ctxt->myDoc == NULL) {
		e = xmlCtxtGetLastError(ctxt);
		*line = e != NULL ? e->line : 0;
		*why = str_trim(xstrdup(e != NULL && e->message != NULL ?
		    e->message : _("not well-formed")));
	} else {
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	xmlFreeParserCtxt(ctxt);
	return doc;
}
