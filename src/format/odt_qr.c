/*
 * odt_qr: the QR code (libqrencode) as an ODF draw:path in place of the
 * frame named QR, with a graphic style of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <qrencode.h>

#include "base/i18n.h"
#include "base/util.h"
#include "format/odf_xml.h"
#include "format/odt_qr.h"

#define QR_STYLE	"gongshi-QR"	/* the automatic style of the QR path */

/* c, then n in decimal (n ≥ 0), appended to out: a printf per number was most of a code's cost. */
static char *
put_num(char *out, char c, int n)
{
	char digits[12];
	int k = 0;

	*out++ = c;
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	while (k > 0)
		*out++ = digits[--k];
	return out;
}

bool
odt_qr_path(const char *text, struct buf *d, int *size)
{
	QRcode *qr;
	int x, y, x0, w, q = ODT_QR_QUIET;
	char run[64], *p;

	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		return false;
	w = qr->width;
	for (y = 0; y < w; y++)
		for (x = 0; x < w; ) {
			if (!(qr->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			for (x0 = x; x < w && (qr->data[y * w + x] & 1); x++)
				;
			/* M%d %dH%dV%dH%dZ */
			p = put_num(run, 'M', x0 + q);
			p = put_num(p, ' ', y + q);
			p = put_num(p, 'H', x + q);
			p = put_num(p, 'V', y + q + 1);
			p = put_num(p, 'H', x0 + q);
			*p++ = 'Z';
			buf_add(d, run, (size_t)(p - run));
		}
	*size = w + 2 * q;
	QRcode_free(qr);
	return true;
}

/* A length ("30mm", "-3cm", "1.2in", "85pt") in mm; false when it is none. */
static bool
parse_mm(const char *s, double *mm)
{
	static const struct { const char *unit; double mm; } units[] = {
		{ "mm", 1 }, { "cm", 10 }, { "in", 25.4 }, { "pt", 25.4 / 72 },
		{ "pc", 25.4 / 6 }, { NULL, 0 }
	};
	char *end;
	double v;
	size_t i;

	if (s == NULL)
		return false;
	v = strtod(s, &end);
	if (end == s)
		return false;
	for (i = 0; units[i].unit != NULL; i++)
		if (strcmp(end, units[i].unit) == 0) {
			*mm = v * units[i].mm;
			return true;
		}
	return false;
}

/* A positive length in mm, or 0. */
static double
length_mm(const char *s)
{
	double mm;

	return parse_mm(s, &mm) && mm > 0 ? mm : 0;
}

/*
 * The element under n (a drawing object) whose draw:name is QR, but not
 * a QR code drawn already (its style is ours).
 */
xmlNode *
odt_qr_find(xmlNode *n)
{
	xmlNode *c, *hit;
	xmlChar *name, *style;
	bool yes;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (odf_is_el(c, NS_DRAW, NULL)) {
			name = xmlGetNsProp(c, X("name"), X(NS_DRAW));
			style = xmlGetNsProp(c, X("style-name"), X(NS_DRAW));
			yes = name != NULL &&
			    strcasecmp((const char *)name, ODT_QR_NAME) == 0 &&
			    (style == NULL ||
			    strcmp((const char *)style, QR_STYLE) != 0);
			xmlFree(name);
			xmlFree(style);
			if (yes)
				return c;
		}
		if ((hit = odt_qr_find(c)) != NULL)
			return hit;
	}
	return NULL;
}

/* The style:style named name in a styles element, or NULL. */
static xmlNode *
find_style(const xmlNode *styles, const char *name)
{
	xmlNode *c;
	xmlChar *n;
	bool hit;

	for (c = styles != NULL ? styles->children : NULL; c != NULL;
	    c = c->next) {
		if (!odf_is_el(c, NS_STYLE, "style"))
			continue;
		n = xmlGetNsProp(c, X("name"), X(NS_STYLE));
		hit = n != NULL && strcmp((const char *)n, name) == 0;
		xmlFree(n);
		if (hit)
			return c;
	}
	return NULL;
}

/*
 * A graphic style for the QR path: black, no line, no shadow, and placed
 * and wrapped as the frame was (the attributes found along the frame's
 * style and its parents; the frame's own border and padding are not
 * the code's).
 */
static void
add_qr_style(xmlNode *root, const char *frame_style)
{
	static const char *const placing[] = {
		"wrap", "number-wrapped-paragraphs", "wrap-contour",
		"vertical-pos", "vertical-rel", "horizontal-pos",
		"horizontal-rel", "run-through", "flow-with-text", NULL
	};
	xmlNode *as = odf_child_el(root, NS_OFFICE, "automatic-styles");
	xmlNode *cs = odf_child_el(root, NS_OFFICE, "styles");
	xmlNode *st, *gp, *from, *fgp;
	xmlNs *style = xmlSearchNsByHref(root->doc, root, X(NS_STYLE));
	xmlNs *draw = xmlSearchNsByHref(root->doc, root, X(NS_DRAW));
	xmlChar *v, *parent = frame_style != NULL ?
	    xmlStrdup(X(frame_style)) : NULL;
	size_t i, hops;

	if (as == NULL) {
		as = xmlNewNode(root->ns, X("automatic-styles"));
		if (cs != NULL)
			xmlAddNextSibling(cs, as);
		else
			xmlAddChild(root, as);	/* unlikely: never valid */
	}
	st = xmlNewChild(as, style, X("style"), NULL);
	xmlNewNsProp(st, style, X("name"), X(QR_STYLE));
	xmlNewNsProp(st, style, X("family"), X("graphic"));
	gp = xmlNewChild(st, style, X("graphic-properties"), NULL);
	xmlNewNsProp(gp, draw, X("stroke"), X("none"));
	xmlNewNsProp(gp, draw, X("fill"), X("solid"));
	xmlNewNsProp(gp, draw, X("fill-color"), X("#000000"));
	xmlNewNsProp(gp, draw, X("shadow"), X("hidden"));
	/* a cycle of parents cannot be valid ODF; stop after a few anyway */
	for (hops = 0; parent != NULL && hops < 16; hops++) {
		from = find_style(as, (const char *)parent);
		if (from == NULL || from == st)
			from = find_style(cs, (const char *)parent);
		xmlFree(parent);
		parent = NULL;
		if (from == NULL)
			break;
		fgp = odf_child_el(from, NS_STYLE, "graphic-properties");
		for (i = 0; fgp != NULL && placing[i] != NULL; i++) {
			if (xmlHasNsProp(gp, X(placing[i]), X(NS_STYLE)) != NULL ||
			    (v = xmlGetNsProp(fgp, X(placing[i]),
			    X(NS_STYLE))) == NULL)
				continue;
			xmlNewNsProp(gp, style, X(placing[i]), v);
			xmlFree(v);
		}
		parent = xmlGetNsProp(from, X("parent-style-name"), X(NS_STYLE));
	}
	xmlFree(parent);
}

static void
copy_attr(xmlNode *to, const xmlNode *from, const char *ns, const char *name)
{
	xmlChar *v = xmlGetNsProp(from, X(name), X(ns));
	xmlNs *n;

	if (v == NULL)
		return;
	n = xmlSearchNsByHref(from->doc, (xmlNode *)from, X(ns));
	xmlNewNsProp(to, n, X(name), v);
	xmlFree(v);
}

/* svg:x or svg:y of from moved by delta mm; nothing when it has none. */
static void
copy_moved(xmlNode *to, xmlNs *svg, const xmlNode *from, const char *name,
    double delta)
{
	xmlChar *v = xmlGetNsProp(from, X(name), X(NS_SVG));
	char num[64];
	double pos;

	if (v == NULL)
		return;
	if (parse_mm((const char *)v, &pos))
		snprintf(num, sizeof(num), "%.3fmm", pos + delta);
	else
		snprintf(num, sizeof(num), "%s", (const char *)v);
	xmlNewNsProp(to, svg, X(name), X(num));
	xmlFree(v);
}

/*
 * The frame's side in mm: svg:width (height), else fo:min-width (height)
 * of the frame or of its text box (a frame that grows with its text);
 * 0 when none is given.
 */
static double
frame_side(const xmlNode *f, const char *svg_name, const char *fo_name)
{
	const xmlNode *box = odf_child_el(f, NS_DRAW, "text-box");
	xmlChar *v = xmlGetNsProp(f, X(svg_name), X(NS_SVG));
	double mm;

	if (v == NULL)
		v = xmlGetNsProp(f, X(fo_name), X(NS_FO));
	if (v == NULL && box != NULL)
		v = xmlGetNsProp(box, X(fo_name), X(NS_FO));
	mm = length_mm((const char *)v);
	xmlFree(v);
	return mm;
}

/* The side of the square QR code in a frame: its shorter side given. */
static double
frame_square(const xmlNode *f, double *w, double *h)
{
	*w = frame_side(f, "width", "min-width");
	*h = frame_side(f, "height", "min-height");
	if (*w == 0 || *h == 0)
		return *w + *h;
	return *w < *h ? *w : *h;
}

/* The QR code as a draw:path in the place and size of frame. */
static void
replace_frame(xmlNode *frame, const char *d, const char *viewbox,
    const char *url)
{
	xmlNs *draw = frame->ns, *svg;
	xmlNode *path;
	double w, h, side;
	char num[64];

	svg = xmlSearchNsByHref(frame->doc, frame, X(NS_SVG));
	if (svg == NULL)
		svg = xmlNewNs(xmlDocGetRootElement(frame->doc), X(NS_SVG),
		    X("svg"));
	side = frame_square(frame, &w, &h);
	path = xmlNewNode(draw, X("path"));
	xmlNewNsProp(path, draw, X("style-name"), X(QR_STYLE));
	copy_attr(path, frame, NS_DRAW, "name");
	copy_attr(path, frame, NS_TEXT, "anchor-type");
	copy_attr(path, frame, NS_TEXT, "anchor-page-number");
	copy_attr(path, frame, NS_DRAW, "z-index");
	copy_moved(path, svg, frame, "x", w > side ? (w - side) / 2 : 0);
	copy_moved(path, svg, frame, "y", h > side ? (h - side) / 2 : 0);
	snprintf(num, sizeof(num), "%.3fmm", side);
	xmlNewNsProp(path, svg, X("width"), X(num));
	xmlNewNsProp(path, svg, X("height"), X(num));
	xmlNewNsProp(path, svg, X("viewBox"), X(viewbox));
	xmlNewNsProp(path, svg, X("d"), X(d));
	/* what a screen reader says, and where the code leads */
	xmlNewTextChild(path, svg, X("title"), X("核验二维码"));
	xmlNewTextChild(path, svg, X("desc"), X(url));
	xmlReplaceNode(frame, path);
	xmlFreeNode(frame);
}

void
odt_qr_viewbox(int size, char viewbox[static ODT_QR_VIEWBOX])
{
	snprintf(viewbox, ODT_QR_VIEWBOX, "0 0 %d %d", size, size);
}

bool
odt_qr_place(xmlNode *root, const char *d, const char *viewbox,
    const char *url, char **err)
{
	xmlNode *body = odf_child_el(root, NS_OFFICE, "body"), *frame;
	xmlChar *fstyle;
	double w, h;

	if (body == NULL || (frame = odt_qr_find(body)) == NULL)
		return true;
	fstyle = xmlGetNsProp(frame, X("style-name"), X(NS_DRAW));
	add_qr_style(root, (const char *)fstyle);
	xmlFree(fstyle);
	for (; frame != NULL; frame = odt_qr_find(body)) {
		if (frame_square(frame, &w, &h) == 0) {
			*err = xstrdup(_("the frame named QR has no width or "
			    "height: give it a size (LibreOffice: Format ▸ "
			    "Frame and Object ▸ Properties ▸ Type)"));
			return false;
		}
		replace_frame(frame, d, viewbox, url);
	}
	return true;
}

/*
 * Replaces each frame named QR under root (one, unless the office copied
 * it) with the QR code of url: one draw:path each, as large as the
 * frame's shorter side, centred in it.
 */
bool
odt_qr_draw(xmlNode *root, const char *url, char **err)
{
	xmlNode *body = odf_child_el(root, NS_OFFICE, "body");
	char viewbox[ODT_QR_VIEWBOX];
	struct buf d;
	bool ok;
	int n;

	if (body == NULL || odt_qr_find(body) == NULL)
		return true;
	buf_init(&d);
	if (!odt_qr_path(url, &d, &n)) {
		buf_free(&d);
		*err = xasprintf(_("the verification address %s is too long for "
		    "a QR code"), url);
		return false;
	}
	odt_qr_viewbox(n, viewbox);
	ok = odt_qr_place(root, buf_cstr(&d), viewbox, url, err);
	buf_free(&d);
	return ok;
}
