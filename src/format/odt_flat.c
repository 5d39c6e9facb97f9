/*
 * odt_flat: reads an ODT package (libzip) and joins its parts into the
 * flat document LibreOffice would have saved.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <nettle/base64.h>
#include <zip.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "format/escape.h"
#include "format/odf_xml.h"
#include "format/odt.h"
#include "format/odt_flat.h"

/* A zip entry's bytes (NUL-terminated), or NULL. */
static char *
zip_entry(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t zs;
	zip_file_t *zf;
	char *data;

	if (zip_stat(za, name, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE) ||
	    zs.size > 256u * 1024 * 1024 ||
	    (zf = zip_fopen(za, name, 0)) == NULL)
		return NULL;
	data = xmalloc((size_t)zs.size + 1);
	if (zip_fread(zf, data, zs.size) != (zip_int64_t)zs.size) {
		zip_fclose(zf);
		free(data);
		return NULL;
	}
	zip_fclose(zf);
	data[zs.size] = '\0';
	*len = (size_t)zs.size;
	return data;
}

static xmlDoc *
zip_xml(zip_t *za, const char *name)
{
	char *data, *why;
	size_t len;
	xmlDoc *doc;
	int line;

	if ((data = zip_entry(za, name, &len)) == NULL)
		return NULL;
	doc = odf_parse(data, len, name, &line, &why);
	free(why);
	free(data);
	return doc;
}

/*
 * The pictures of a package (draw:image xlink:href="Pictures/…") go into
 * the document as office:binary-data, as LibreOffice writes them in a
 * flat ODT.
 */
static void
inline_pictures(zip_t *za, xmlNode *n)
{
	static const char *const link_attrs[] = {
		"href", "type", "show", "actuate", NULL
	};
	xmlNode *c;
	xmlNs *office;
	xmlChar *href;
	char *data, *b64;
	size_t len, i;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		inline_pictures(za, c);
		if (!odf_is_el(c, NS_DRAW, "image") ||
		    (href = xmlGetNsProp(c, X("href"), X(NS_XLINK))) == NULL)
			continue;
		data = strchr((const char *)href, ':') == NULL ?
		    zip_entry(za, (const char *)href, &len) : NULL;
		xmlFree(href);
		if (data == NULL)
			continue;
		b64 = xmalloc(BASE64_ENCODE_RAW_LENGTH(len) + 1);
		base64_encode_raw(b64, len, (const uint8_t *)data);
		b64[BASE64_ENCODE_RAW_LENGTH(len)] = '\0';
		office = xmlSearchNsByHref(c->doc, c, X(NS_OFFICE));
		xmlNewTextChild(c, office, X("binary-data"), X(b64));
		for (i = 0; link_attrs[i] != NULL; i++)
			xmlUnsetNsProp(c, xmlSearchNsByHref(c->doc, c,
			    X(NS_XLINK)), X(link_attrs[i]));
		free(b64);
		free(data);
	}
}

/* The namespace declarations of a part's root, each prefix once. */
static void
put_ns_decls(struct buf *b, const xmlDoc *doc, struct buf *seen)
{
	const xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	const xmlNs *ns;
	char *key;

	for (ns = root != NULL ? root->nsDef : NULL; ns != NULL; ns = ns->next) {
		if (ns->prefix == NULL)
			continue;
		key = xasprintf(" %s ", (const char *)ns->prefix);
		if (seen->data == NULL || strstr(seen->data, key) == NULL) {
			buf_puts(seen, key);
			buf_printf(b, " xmlns:%s=\"", (const char *)ns->prefix);
			escape_xml(b, (const char *)ns->href,
			    strlen((const char *)ns->href));
			buf_putc(b, '"');
		}
		free(key);
	}
}

/* <office:PART> with the children of office:PART of each doc given. */
static void
put_part(struct buf *b, const char *part, xmlDoc *first, xmlDoc *second)
{
	xmlDoc *docs[2] = { first, second };
	xmlBuffer *xb = xmlBufferCreate();
	xmlNode *el, *c;
	size_t i;

	buf_printf(b, "<office:%s>", part);
	for (i = 0; i < 2 && xb != NULL; i++) {
		if (docs[i] == NULL)
			continue;
		el = odf_child_el(xmlDocGetRootElement(docs[i]), NS_OFFICE, part);
		for (c = el != NULL ? el->children : NULL; c != NULL;
		    c = c->next) {
			xmlBufferEmpty(xb);
			xmlNodeDump(xb, docs[i], c, 0, 0);
			buf_add(b, xmlBufferContent(xb),
			    (size_t)xmlBufferLength(xb));
		}
	}
	xmlBufferFree(xb);
	buf_printf(b, "</office:%s>\n", part);
}

/*
 * The flat document of an .odt: its meta, styles and content in one
 * office:document, the way LibreOffice saves a .fodt.  LibreOffice names
 * the automatic styles of styles.xml apart from those of content.xml
 * (MP1, P1), so that they can share one office:automatic-styles.
 */
char *
odt_flat_text(const char *path, size_t *len, char **why)
{
	xmlDoc *content = NULL, *styles = NULL, *meta = NULL;
	struct buf b, seen;
	zip_t *za;
	int ze;

	if ((za = zip_open(path, ZIP_RDONLY, &ze)) == NULL) {
		*why = xstrdup(_("not an ODT package (zip)"));
		return NULL;
	}
	if ((content = zip_xml(za, "content.xml")) == NULL ||
	    (styles = zip_xml(za, "styles.xml")) == NULL) {
		*why = xstrdup(_("its content.xml or styles.xml is missing or "
		    "not well-formed"));
		xmlFreeDoc(content);
		zip_discard(za);
		return NULL;
	}
	meta = zip_xml(za, "meta.xml");
	inline_pictures(za, xmlDocGetRootElement(content));
	inline_pictures(za, xmlDocGetRootElement(styles));
	zip_discard(za);
	buf_init(&b);
	buf_init(&seen);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document");
	put_ns_decls(&b, content, &seen);
	put_ns_decls(&b, styles, &seen);
	put_ns_decls(&b, meta, &seen);
	buf_puts(&b, " office:version=\"1.3\" office:mimetype=\"" ODT_MIMETYPE
	    "\">\n");
	put_part(&b, "meta", meta, NULL);
	put_part(&b, "font-face-decls", styles, content);
	put_part(&b, "styles", styles, NULL);
	put_part(&b, "automatic-styles", styles, content);
	put_part(&b, "master-styles", styles, NULL);
	put_part(&b, "body", content, NULL);
	buf_puts(&b, "</office:document>\n");
	buf_free(&seen);
	xmlFreeDoc(content);
	xmlFreeDoc(styles);
	xmlFreeDoc(meta);
	*len = b.len;
	return buf_detach(&b);
}
