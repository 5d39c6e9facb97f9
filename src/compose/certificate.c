/*
 * certificate: one .odt per certificate, from a template the office keeps
 * in LibreOffice (see certificate.h for what the template can say).
 *
 * The template is text to Mustache and a document to LibreOffice.  Three
 * steps make one out of the other: its placeholders are joined once
 * (LibreOffice splits them into spans), then for each certificate the
 * text is rendered, the frame named QR is replaced by the QR code, and
 * the flat document is packaged (format/odt.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <nettle/base64.h>
#include <qrencode.h>
#include <zip.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "compose/certificate.h"
#include "compose/context.h"
#include "compose/mustache.h"
#include "compose/verify.h"
#include "format/escape.h"
#include "format/odt.h"
#include "format/xmlread.h"
#include "load/config.h"

#define X(s)	((const xmlChar *)(s))

#define NS_OFFICE	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE	"urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TEXT		"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW		"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG		"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_FO		"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_XLINK	"http://www.w3.org/1999/xlink"

#define QR_STYLE	"gongshi-QR"	/* the automatic style of the QR path */

struct cert_template {
	char	*path;		/* templates/certificate.fodt, for messages */
	char	*text;		/* its placeholders joined */
	size_t	 len;
	bool	 lines;		/* lines of text are the file's (not an .odt) */
	bool	 has_qr;	/* it has a frame named QR */
};

/* --- joining placeholders -------------------------------------------------- */

/*
 * The elements a placeholder may be split by: those LibreOffice puts
 * inside a paragraph around or between characters.  Any other tag (the
 * end of the paragraph above all) means the placeholder was not closed.
 */
static const char *const inline_tags[] = {
	"text:span", "text:a", "text:s", "text:tab", "text:soft-page-break",
	"text:bookmark", "text:bookmark-start", "text:bookmark-end",
	"text:reference-mark", "text:reference-mark-start",
	"text:reference-mark-end", "text:change", "text:change-start",
	"text:change-end", NULL
};

enum tag_kind { TAG_START, TAG_END, TAG_EMPTY, TAG_OTHER };

struct tag {
	size_t		 from, to;	/* s[from..to) */
	enum tag_kind	 kind;
	bool		 matched;	/* its pair is inside the placeholder too */
};

/* One past the end of the markup (tag, comment, PI …) at s[i] == '<'. */
static size_t
markup_end(const char *s, size_t len, size_t i)
{
	const char *close = ">";
	char quote = 0;
	size_t j, n;

	if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0)
		close = "-->";
	else if (len - i >= 9 && strncmp(s + i, "<![CDATA[", 9) == 0)
		close = "]]>";
	else if (len - i >= 2 && s[i + 1] == '?')
		close = "?>";
	if (strcmp(close, ">") != 0) {
		n = strlen(close);
		for (j = i + 2; j + n <= len; j++)
			if (memcmp(s + j, close, n) == 0)
				return j + n;
		return len;
	}
	for (j = i + 1; j < len; j++) {
		if (quote != 0) {
			if (s[j] == quote)
				quote = 0;
		} else if (s[j] == '"' || s[j] == '\'')
			quote = s[j];
		else if (s[j] == '>')
			return j + 1;
	}
	return len;
}

/* The kind of the markup s[from..to), and whether it may split a placeholder. */
static enum tag_kind
tag_kind(const char *s, size_t from, size_t to, bool *is_inline)
{
	size_t i = from + 1, n;
	enum tag_kind k = TAG_START;
	size_t t;

	*is_inline = false;
	if (to - from < 3 || s[i] == '!' || s[i] == '?')
		return TAG_OTHER;
	if (s[i] == '/') {
		k = TAG_END;
		i++;
	} else if (to - from >= 3 && s[to - 2] == '/')
		k = TAG_EMPTY;
	for (n = i; n < to && s[n] != '>' && s[n] != '/' && s[n] != ' ' &&
	    s[n] != '\t' && s[n] != '\n' && s[n] != '\r'; n++)
		;
	for (t = 0; inline_tags[t] != NULL; t++)
		if (strlen(inline_tags[t]) == n - i &&
		    strncmp(s + i, inline_tags[t], n - i) == 0)
			*is_inline = true;
	return k;
}

/* The next character of text at or after s[i], skipping inline tags. */
static size_t
next_text(const char *s, size_t len, size_t i)
{
	size_t e;
	bool in;

	while (i < len && s[i] == '<') {
		e = markup_end(s, len, i);
		if (tag_kind(s, i, e, &in) == TAG_OTHER || !in)
			return len;
		i = e;
	}
	return i;
}

static int
count_lines(const char *s, size_t from, size_t to)
{
	int n = 0;

	for (; from < to; from++)
		n += s[from] == '\n';
	return n;
}

/* The placeholder as the office typed it, shortened for a message. */
static char *
shown(const struct buf *ph)
{
	size_t n = ph->len;

	while (n > 0 && (ph->data[n - 1] == '\n' || ph->data[n - 1] == ' '))
		n--;
	if (n > 60) {
		n = 60;
		while (n > 0 && (ph->data[n] & 0xc0) == 0x80)
			n--;
		return xasprintf("%.*s…", (int)n, ph->data);
	}
	return xasprintf("%.*s", (int)n, ph->data);
}

/*
 * The placeholder starting at s[i] ("{{" with markup maybe between):
 * appends it, joined, to out and returns the offset after it; returns 0
 * and sets *ph to what was read when it is not closed in its paragraph.
 */
static size_t
join_one(const char *s, size_t len, size_t i, struct buf *ph,
    struct buf *out)
{
	struct tag *tags = NULL;
	size_t ntags = 0, cap = 0, k, m, e, closing = 0;
	size_t *stack = NULL, depth = 0;
	int removed_lines = 0;
	bool in, triple = false;

	buf_reset(ph);
	while (i < len) {
		if (s[i] == '<') {
			e = markup_end(s, len, i);
			if (tag_kind(s, i, e, &in) == TAG_OTHER || !in)
				break;
			if (ntags == cap) {
				cap = cap ? 2 * cap : 8;
				tags = xreallocarray(tags, cap, sizeof(*tags));
				stack = xreallocarray(stack, cap, sizeof(*stack));
			}
			tags[ntags].from = i;
			tags[ntags].to = e;
			tags[ntags].kind = tag_kind(s, i, e, &in);
			tags[ntags].matched = false;
			if (tags[ntags].kind == TAG_START)
				stack[depth++] = ntags;
			else if (tags[ntags].kind == TAG_END && depth > 0) {
				tags[stack[--depth]].matched = true;
				tags[ntags].matched = true;
			}
			removed_lines += count_lines(s, i, e);
			ntags++;
			i = e;
			continue;
		}
		buf_putc(ph, s[i++]);
		if (ph->len == 3 && ph->data[2] == '{')
			triple = true;
		closing = triple ? 3 : 2;
		if (ph->len >= 2 + closing && strcmp(ph->data + ph->len - closing,
		    triple ? "}}}" : "}}") == 0)
			break;
		closing = 0;
	}
	if (closing == 0) {
		free(tags);
		free(stack);
		return 0;
	}
	/* the name, the lines the markup held (so that lines stay), the braces */
	buf_add(out, ph->data, ph->len - closing);
	for (m = 0; m < (size_t)removed_lines; m++)
		buf_putc(out, '\n');
	buf_add(out, ph->data + ph->len - closing, closing);
	/* the tags opened or closed inside, in their order, after it */
	for (k = 0; k < ntags; k++)
		if (!tags[k].matched && tags[k].kind != TAG_EMPTY)
			buf_add(out, s + tags[k].from, tags[k].to - tags[k].from);
	free(tags);
	free(stack);
	return i;
}

char *
cert_join_placeholders(const char *s, size_t len, const char *path,
    struct diag *diag)
{
	struct buf out, ph;
	size_t i = 0, e, j, n;
	int line = 1;
	bool ok = true;
	char *what;

	buf_init(&out);
	buf_init(&ph);
	while (i < len) {
		if (s[i] == '<') {
			e = markup_end(s, len, i);
			n = (size_t)count_lines(s, i, e);
			line += (int)n;
			/*
			 * A comment is for whoever edits the template (this
			 * one's says what the placeholders are): it is not
			 * rendered, nor put into any certificate.  Its line
			 * breaks stay, so that lines keep their numbers.
			 */
			if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0)
				while (n-- > 0)
					buf_putc(&out, '\n');
			else
				buf_add(&out, s + i, e - i);
			i = e;
			continue;
		}
		if (s[i] != '{' || (j = next_text(s, len, i + 1)) >= len ||
		    s[j] != '{') {
			line += s[i] == '\n';
			buf_putc(&out, s[i++]);
			continue;
		}
		n = join_one(s, len, i, &ph, &out);
		if (n == 0) {
			what = shown(&ph);
			diag_error(diag, path, line, _("the placeholder \"%s\" is "
			    "not closed in its paragraph; write it whole, as "
			    "{{name}}, inside one paragraph"), what);
			free(what);
			ok = false;
			/* go on after its braces, to report every one once */
			buf_add(&out, s + i, j + 1 - i);
			line += count_lines(s, i, j + 1);
			for (i = j + 1; i < len && s[i] == '{'; i++)
				buf_putc(&out, '{');
			continue;
		}
		line += count_lines(s, i, n);
		i = n;
	}
	buf_free(&ph);
	if (!ok) {
		buf_free(&out);
		return NULL;
	}
	if (out.data == NULL)
		buf_puts(&out, "");
	return buf_detach(&out);
}

/* --- the QR code ---------------------------------------------------------- */

bool
cert_qr_path(const char *text, struct buf *d, int *size)
{
	QRcode *qr;
	int x, y, x0, w, q = CERT_QR_QUIET;

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
			buf_printf(d, "M%d %dH%dV%dH%dZ", x0 + q, y + q, x + q,
			    y + q + 1, x0 + q);
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

static bool
is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

static xmlNode *
child_el(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (is_el(c, ns, name))
			return c;
	return NULL;
}

/*
 * The element under n (a drawing object) whose draw:name is QR, but not
 * a QR code drawn already (its style is ours).
 */
static xmlNode *
find_qr(xmlNode *n)
{
	xmlNode *c, *hit;
	xmlChar *name, *style;
	bool yes;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, NS_DRAW, NULL)) {
			name = xmlGetNsProp(c, X("name"), X(NS_DRAW));
			style = xmlGetNsProp(c, X("style-name"), X(NS_DRAW));
			yes = name != NULL &&
			    strcasecmp((const char *)name, CERT_QR_NAME) == 0 &&
			    (style == NULL ||
			    strcmp((const char *)style, QR_STYLE) != 0);
			xmlFree(name);
			xmlFree(style);
			if (yes)
				return c;
		}
		if ((hit = find_qr(c)) != NULL)
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
		if (!is_el(c, NS_STYLE, "style"))
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
	xmlNode *as = child_el(root, NS_OFFICE, "automatic-styles");
	xmlNode *cs = child_el(root, NS_OFFICE, "styles");
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
		fgp = child_el(from, NS_STYLE, "graphic-properties");
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
	const xmlNode *box = child_el(f, NS_DRAW, "text-box");
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
replace_frame(xmlNode *frame, const char *d, int n, const char *url)
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
	snprintf(num, sizeof(num), "0 0 %d %d", n, n);
	xmlNewNsProp(path, svg, X("viewBox"), X(num));
	xmlNewNsProp(path, svg, X("d"), X(d));
	/* what a screen reader says, and where the code leads */
	xmlNewTextChild(path, svg, X("title"), X("核验二维码"));
	xmlNewTextChild(path, svg, X("desc"), X(url));
	xmlReplaceNode(frame, path);
	xmlFreeNode(frame);
}

/*
 * Replaces each frame named QR under root (one, unless the office copied
 * it) with the QR code of url: one draw:path each, as large as the
 * frame's shorter side, centred in it.
 */
static bool
draw_qr(xmlNode *root, const char *url, char **err)
{
	xmlNode *body = child_el(root, NS_OFFICE, "body"), *frame;
	xmlChar *fstyle;
	struct buf d;
	double w, h;
	int n;

	if (body == NULL || (frame = find_qr(body)) == NULL)
		return true;
	buf_init(&d);
	if (!cert_qr_path(url, &d, &n)) {
		buf_free(&d);
		*err = xasprintf(_("the verification address %s is too long for "
		    "a QR code"), url);
		return false;
	}
	fstyle = xmlGetNsProp(frame, X("style-name"), X(NS_DRAW));
	add_qr_style(root, (const char *)fstyle);
	xmlFree(fstyle);
	for (; frame != NULL; frame = find_qr(body)) {
		if (frame_square(frame, &w, &h) == 0) {
			*err = xstrdup(_("the frame named QR has no width or "
			    "height: give it a size (LibreOffice: Format ▸ "
			    "Frame and Object ▸ Properties ▸ Type)"));
			buf_free(&d);
			return false;
		}
		replace_frame(frame, buf_cstr(&d), n, url);
	}
	buf_free(&d);
	return true;
}

/* --- the template ------------------------------------------------------- */

static xmlDoc *
parse_xml(const char *text, size_t len, const char *name, int *line,
    char **why)
{
	/* libxml2's limits kept, no DTD (format/xmlread.h) */
	return xml_read_template(text, len, name, line, why);
}

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

	if ((doc = parse_xml(t->text, t->len, t->path, &line, &why)) == NULL) {
		template_error(t, diag, line, _("not well-formed XML: %s; open "
		    "it in LibreOffice and save it again"), why);
		free(why);
		return false;
	}
	root = xmlDocGetRootElement(doc);
	body = is_el(root, NS_OFFICE, "document") ?
	    child_el(root, NS_OFFICE, "body") : NULL;
	if (child_el(body, NS_OFFICE, "text") == NULL) {
		template_error(t, diag, 0, "%s", _("not a flat ODF text document "
		    "(office:document with office:text): save it from "
		    "LibreOffice Writer as \"Flat XML ODF Text Document (.fodt)\""));
		xmlFreeDoc(doc);
		return false;
	}
	t->has_qr = find_qr(body) != NULL;
	if (!t->has_qr)
		diag_warning(diag, t->path, 0, _("no frame named %s: the "
		    "certificates carry no QR code of their verification "
		    "address; insert a frame where it goes and name it %s "
		    "(LibreOffice: Format ▸ Frame and Object ▸ Properties ▸ "
		    "Options ▸ Name)"), CERT_QR_NAME, CERT_QR_NAME);
	xmlFreeDoc(doc);
	return true;
}

/* --- an .odt template, made flat ------------------------------------------ */

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
	doc = parse_xml(data, len, name, &line, &why);
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
		if (!is_el(c, NS_DRAW, "image") ||
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
		el = child_el(xmlDocGetRootElement(docs[i]), NS_OFFICE, part);
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
static char *
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

/* --- loading ------------------------------------------------------------ */

struct cert_template *
cert_template_load(const char *dir, struct diag *diag)
{
	struct cert_template *t = xcalloc(1, sizeof(*t));
	char *raw, *odt, *why = NULL;
	size_t len;
	struct diag local;
	size_t i;

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
	t->text = cert_join_placeholders(raw, len, t->path, &local);
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
	free(t->path);
	free(t->text);
	free(t);
}

const char *
cert_template_text(const struct cert_template *t)
{
	return t->text;
}

/* --- rendering ------------------------------------------------------------ */

/*
 * The date on the certificate: that of the government's decision that
 * granted it (art. 14), as published; the approval row's date before.
 */
static day_t
cert_date(const struct certificate *c)
{
	const struct notice_entry *ne = &c->cycle->notices[NOTICE_DECISION];

	if (ne->present && ne->date != DAY_NONE)
		return ne->date;
	return c->approval != NULL ? c->approval->date : DAY_NONE;
}

static struct val *
cert_context(const struct site *s, const struct certificate *c)
{
	const struct val *award = val_get(s->yaml, "award");
	const struct cycle *cy = c->cycle;
	struct val *ctx = val_map();
	char num[32], date[32];
	char *url = verify_url(s, c->number);
	day_t d = cert_date(c);

	val_set_str(ctx, "org", c->org->name);
	val_set_int(ctx, "year", cy->year);
	cn_number(cy->edition, num);
	val_set_str(ctx, "edition_cn", cy->edition > 0 ? num : NULL);
	val_set_str(ctx, "award_name", val_get_str(award,
	    c->kind == RESULT_AWARD ? "name" : "nomination_name"));
	val_set_str(ctx, "government", val_get_str(award, "government"));
	if (d != DAY_NONE)
		date_cn(d, date);
	val_set_str(ctx, "date", d != DAY_NONE ? date : NULL);
	val_set_str(ctx, "number", c->number);
	val_set_str(ctx, "verify_url", url);
	val_set_str(ctx, "decision_number",
	    cy->notices[NOTICE_DECISION].number);
	/* for meta.xml: a certificate is kept as its decision is */
	val_set_str(ctx, "retention", site_retention(s, true));
	val_set_bool(ctx, "award", c->kind == RESULT_AWARD);
	val_set_bool(ctx, "nomination", c->kind == RESULT_NOMINATION);
	free(url);
	return ctx;
}

/*
 * An error of the template engine or the packager ("PATH:LINE: what")
 * as a diagnostic at the template's line; c names the certificate when
 * the error is its own (its values), not the template's.
 */
static void
report(const struct cert_template *t, const struct certificate *c,
    const char *err, struct diag *diag)
{
	size_t n = strlen(t->path);
	const char *p = err;
	char *end;
	long line = 0;

	if (strncmp(err, t->path, n) == 0 && err[n] == ':') {
		p = err + n + 1;
		line = strtol(p, &end, 10);
		if (end != p && *end == ':')
			p = end + 1;
		else
			line = 0;
		while (*p == ' ')
			p++;
	}
	if (c != NULL)
		diag_error(diag, t->path, t->lines ? (int)line : 0,
		    _("certificate %s: %s"), c->number, p);
	else
		diag_error(diag, t->path, t->lines ? (int)line : 0, "%s", p);
}

/*
 * The rendered text, parsed, with the frame named QR drawn as the QR code:
 * the tree goes to the package as it is (odt_package_doc), not written out
 * to be parsed again.
 */
static xmlDoc *
with_qr(const struct cert_template *t, const struct buf *text,
    const char *url, char **err)
{
	char *why;
	xmlDoc *doc;
	int line;

	if ((doc = parse_xml(text->data, text->len, t->path, &line,
	    &why)) == NULL) {
		*err = xasprintf(_("%s:%d: the rendered template is not "
		    "well-formed XML: %s; does a {{#section}} span parts of "
		    "two paragraphs?"), t->path, line, why);
		free(why);
		return NULL;
	}
	if (!draw_qr(xmlDocGetRootElement(doc), url, err)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool
cert_render(const struct cert_template *t, const struct site *s,
    const struct certificate *c, long long mtime, struct buf *out,
    struct diag *diag)
{
	struct mustache_opts o = {
		escape_xml_fn, NULL, NULL, NULL, true, t->path
	};
	struct val *ctx = cert_context(s, c);
	const struct val *url = val_get(ctx, "verify_url");
	struct buf text;
	char *err = NULL;
	xmlDoc *doc;
	bool ok;

	buf_init(&text);
	if (!mustache_render(t->text, t->len, ctx, &o, &text, &err)) {
		/* the template's error, the same for every certificate */
		report(t, NULL, err, diag);
		free(err);
		buf_free(&text);
		val_free(ctx);
		return false;
	}
	if (t->has_qr) {
		ok = (doc = with_qr(t, &text, url->str, &err)) != NULL &&
		    odt_package_doc(doc, t->path, mtime, out, &err);
		xmlFreeDoc(doc);
	} else
		ok = odt_package_flat(buf_cstr(&text), text.len, t->path,
		    mtime, out, &err);
	if (!ok) {
		report(t, c, err, diag);
		free(err);
	}
	buf_free(&text);
	val_free(ctx);
	return ok;
}

/* Its certificates exist: the decision granting them is in cycle.yaml. */
static bool
issued(const struct cycle_state *cs)
{
	return cs->cycle->notices[NOTICE_DECISION].present && cs->n_certs > 0;
}

bool
certificates_write(const struct state *st, const char *templates_dir,
    struct outset *out, size_t *n, struct diag *diag)
{
	const struct certificate *c;
	struct cert_template *t;
	struct buf b;
	size_t i, k;
	char *path;
	bool ok = true;

	for (i = 0; i < st->n_cycles && !issued(&st->cycles[i]); i++)
		;
	if (i == st->n_cycles)
		return true;
	if ((t = cert_template_load(templates_dir, diag)) == NULL)
		return false;
	buf_init(&b);
	for (i = 0; i < st->n_cycles && ok; i++) {
		if (!issued(&st->cycles[i]))
			continue;
		for (k = 0; k < st->cycles[i].n_certs && ok; k++) {
			c = st->cycles[i].certs[k];
			buf_reset(&b);
			if (!(ok = cert_render(t, st->site, c,
			    odt_timestamp(cert_date(c)), &b, diag)))
				break;
			path = xasprintf("archive/%d/certificates/%s.odt",
			    c->cycle->year, c->number);
			outset_add(out, path, &b);
			free(path);
			(*n)++;
		}
	}
	buf_free(&b);
	cert_template_free(t);
	return ok;
}
