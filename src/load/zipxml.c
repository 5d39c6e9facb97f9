#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "load/zipxml.h"

bool
zipxml_open(struct zipxml *z, const char *data, size_t len,
    const char *relpath, const char *kind, struct diag *d)
{
	zip_source_t *src;
	zip_error_t ze;

	memset(z, 0, sizeof(*z));
	z->relpath = relpath;
	z->diag = d;
	z->kind = kind;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) != NULL &&
	    (z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL)
		zip_source_free(src);
	if (z->za == NULL) {
		diag_error(d, relpath, 0, _("the workbook cannot be opened "
		    "(%1$s): it is damaged or cut short; save it again from "
		    "%2$s"), zip_error_strerror(&ze), kind);
		zip_error_fini(&ze);
		return false;
	}
	zip_error_fini(&ze);
	return true;
}

void
zipxml_close(struct zipxml *z)
{
	if (z->za != NULL)
		zip_discard(z->za);
	z->za = NULL;
}

bool
zipxml_has(struct zipxml *z, const char *name)
{
	return zip_name_locate(z->za, name, 0) >= 0;
}

static int
part_read(void *ctx, char *out, int len)
{
	struct zpart *p = ctx;
	zip_int64_t n;

	if (p->done >= ZIPXML_MAX_PART) {
		p->too_big = true;
		return -1;
	}
	if ((n = zip_fread(p->zf, out, (zip_uint64_t)len)) < 0)
		return -1;
	p->done += (size_t)n;
	return (int)n;
}

static int
part_noclose(void *ctx)
{
	(void)ctx;
	return 0;
}

static void
part_error(void *arg, const char *msg, xmlParserSeverities sev,
    xmlTextReaderLocatorPtr loc)
{
	struct zpart *p = arg;
	size_t n;

	if (p->error != NULL || (sev != XML_PARSER_SEVERITY_ERROR &&
	    sev != XML_PARSER_SEVERITY_VALIDITY_ERROR))
		return;
	p->error = xstrdup(msg);
	n = strlen(p->error);
	while (n > 0 && (p->error[n - 1] == '\n' || p->error[n - 1] == ' '))
		p->error[--n] = '\0';
	p->error_line = xmlTextReaderLocatorLineNumber(loc);
}

bool
zpart_open(struct zpart *p, struct zipxml *z, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->z = z;
	p->name = name;
	if ((p->zf = zip_fopen(z->za, name, 0)) == NULL)
		return false;
	p->reader = xmlReaderForIO(part_read, part_noclose, p, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_COMPACT);
	if (p->reader == NULL) {
		zip_fclose(p->zf);
		p->zf = NULL;
		return false;
	}
	xmlTextReaderSetErrorHandler(p->reader, part_error, p);
	return true;
}

int
zpart_next(struct zpart *p)
{
	int rc = xmlTextReaderRead(p->reader);

	if (rc < 0 && p->error == NULL)
		p->error = xstrdup(p->too_big ? "too large" : "cut short");
	return rc;
}

void
zpart_damaged(struct zpart *p, const char *what)
{
	if (p->error == NULL)
		p->error = xstrdup(what);
}

bool
zpart_close(struct zpart *p)
{
	bool ok = p->error == NULL;

	if (p->too_big)
		diag_error(p->z->diag, p->z->relpath, 0, _("the workbook's part "
		    "%1$s expands to more than %2$zu MB: this is no register; "
		    "save the sheet alone from %3$s"), p->name,
		    ZIPXML_MAX_PART >> 20, p->z->kind);
	else if (!ok && p->error_line > 0)
		diag_error(p->z->diag, p->z->relpath, 0, _("the workbook is "
		    "damaged: %1$s, line %2$d: %3$s; save it again from %4$s"),
		    p->name, p->error_line, p->error, p->z->kind);
	else if (!ok)
		diag_error(p->z->diag, p->z->relpath, 0, _("the workbook is "
		    "damaged: %1$s: %2$s; save it again from %3$s"),
		    p->name, p->error, p->z->kind);
	if (p->reader != NULL)
		xmlFreeTextReader(p->reader);
	if (p->zf != NULL)
		zip_fclose(p->zf);
	free(p->error);
	memset(p, 0, sizeof(*p));
	return ok;
}

bool
zpart_is(struct zpart *p, int type, const char *local_name)
{
	const xmlChar *n;

	if (xmlTextReaderNodeType(p->reader) != type)
		return false;
	n = xmlTextReaderConstLocalName(p->reader);
	return n != NULL && strcmp((const char *)n, local_name) == 0;
}

char *
zpart_attr(struct zpart *p, const char *local_name)
{
	const xmlChar *n;
	char *v = NULL;

	if (xmlTextReaderHasAttributes(p->reader) != 1)
		return NULL;
	while (v == NULL && xmlTextReaderMoveToNextAttribute(p->reader) == 1) {
		n = xmlTextReaderConstLocalName(p->reader);
		if (n != NULL && strcmp((const char *)n, local_name) == 0)
			v = xstrdup((const char *)xmlTextReaderConstValue(p->reader));
	}
	xmlTextReaderMoveToElement(p->reader);
	return v;
}

void
zpart_text(struct zpart *p, struct buf *out)
{
	const xmlChar *v = xmlTextReaderConstValue(p->reader);

	if (v != NULL)
		buf_puts(out, (const char *)v);
}
