/*
 * test_certificate: the certificates (compose/certificate.h).
 *
 * Placeholders split by LibreOffice are joined (by a span, between the
 * braces, across a span's end), lines keep their numbers, and one left
 * open or naming no value is an error naming the template, its line and
 * the placeholder; the QR code has the size ISO/IEC 18004 gives for its
 * text and its finder and timing patterns where they belong; every
 * package is valid against the ODF 1.3 schemas, the same bytes each time,
 * and shows hostile names as text; the template saved by LibreOffice
 * (tests/data/certificate-split.fodt) and an .odt template work.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <zip.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/certificate.h"
#include "compose/placeholders.h"
#include "format/odt.h"
#include "format/odt_qr.h"
#include "model.h"
#include "publish/outset.h"
#include "render/certificate.h"
#include "rules/state.h"
#include "scratch.h"
#include "testlib.h"

#define TEMPLATES	"../templates"
#define SPLIT		"data/certificate-split.fodt"
#define SCHEMA		"data/odf-schema/OpenDocument-v1.3-schema.rng"
#define MANIFEST_SCHEMA	"data/odf-schema/OpenDocument-v1.3-manifest-schema.rng"
#define BASE_URL	"https://zlj.example.gov.cn/"
#define URL_A01		BASE_URL "verify/XJZLJ-2025-A01.html"
#define MTIME		1766102400LL	/* 2025-12-19T00:00:00Z */

#define NS_TEXT	"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_SVG	"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

/* A site with one cycle, one organisation and its certificate. */
struct fx {
	struct site		 site;
	struct cycle		 cycle;
	struct org		 org;
	struct decision		 approval;
	struct certificate	 cert, *certs[1];
	struct cycle_state	 cs;
	struct state		 st;
	char			 dir[64];	/* a templates folder of the test's own */
	xmlRelaxNGPtr		 odf, manifest;
};

/* --- fixtures -------------------------------------------------------------- */

static xmlRelaxNGPtr
load_schema(const char *path)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
	xmlRelaxNGPtr s = xmlRelaxNGParse(pc);

	xmlRelaxNGFreeParserCtxt(pc);
	return s;
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	struct val *award = val_map();

	fx->site.yaml = val_map();
	val_set_str(award, "name", "新疆维吾尔自治区人民政府质量奖");
	val_set_str(award, "nomination_name", "新疆维吾尔自治区人民政府质量奖提名奖");
	val_set_str(award, "government", "新疆维吾尔自治区人民政府");
	val_set_str(award, "certificate_prefix", "XJZLJ");
	val_set(fx->site.yaml, "award", award);
	fx->site.base_url = BASE_URL;
	fx->cycle.year = 2025;
	fx->cycle.edition = 8;
	fx->cycle.notices[NOTICE_DECISION].present = true;
	fx->cycle.notices[NOTICE_DECISION].date = date_from_ymd(2025, 12, 19);
	fx->cycle.notices[NOTICE_DECISION].number = "新政发〔2025〕45号";
	fx->org.name = xstrdup("伊犁河谷示范农业科技有限公司");
	fx->approval.stage = STAGE_APPROVAL;
	fx->approval.result = RESULT_AWARD;
	fx->approval.date = date_from_ymd(2025, 12, 17);
	fx->approval.org = &fx->org;
	fx->cert.number = "XJZLJ-2025-A01";
	fx->cert.org = &fx->org;
	fx->cert.cycle = &fx->cycle;
	fx->cert.kind = RESULT_AWARD;
	fx->cert.approval = &fx->approval;
	fx->certs[0] = &fx->cert;
	fx->cs.cycle = &fx->cycle;
	fx->cs.certs = fx->certs;
	fx->cs.n_certs = 1;
	fx->st.site = &fx->site;
	fx->st.cycles = &fx->cs;
	fx->st.n_cycles = 1;
	fx->st.certs = &fx->cert;
	fx->st.n_certs = 1;
	if (scratch_make(fx->dir, sizeof(fx->dir), "gongshi-cert") != 0)
		return -1;
	fx->odf = load_schema(SCHEMA);
	fx->manifest = load_schema(MANIFEST_SCHEMA);
	*state = fx;
	return fx->odf != NULL && fx->manifest != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	(void)scratch_remove(fx->dir);
	val_free(fx->site.yaml);
	free(fx->org.name);
	xmlRelaxNGFree(fx->odf);
	xmlRelaxNGFree(fx->manifest);
	free(fx);
	xmlCleanupParser();
	return 0;
}

/* Puts text as the test's own template (name: CERT_TEMPLATE or _ODT). */
static void
put_template(struct fx *fx, const char *name, const char *data, size_t len)
{
	char *other = path_join(fx->dir, strcmp(name, CERT_TEMPLATE) == 0 ?
	    CERT_TEMPLATE_ODT : CERT_TEMPLATE);

	unlink(other);
	scratch_put(fx->dir, name, data, len);
	free(other);
}

static char *
read_file(const char *path, size_t *len)
{
	char *s = file_read(path, len);

	if (s == NULL)
		fail_msg("cannot read %s", path);
	return s;
}

/* A small flat template: a paragraph per line of body (no QR frame). */
static char *
small_template(const char *body)
{
	return xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:"
	    "xmlns:office:1.0\" xmlns:style=\"urn:oasis:names:tc:opendocument:"
	    "xmlns:style:1.0\" xmlns:text=\"" NS_TEXT "\" office:version=\"1.3\" "
	    "office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
	    "<office:automatic-styles><style:page-layout style:name=\"pm1\"/>"
	    "</office:automatic-styles>\n"
	    "<office:master-styles><style:master-page style:name=\"Standard\" "
	    "style:page-layout-name=\"pm1\"/></office:master-styles>\n"
	    "<office:body><office:text>\n%s\n</office:text></office:body>\n"
	    "</office:document>\n", body);
}

/* --- the package's entries ---------------------------------------------------- */

static char *
entry(const struct buf *b, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;
	char *data;

	zip_error_init(&ze);
	src = zip_source_buffer_create(b->data, b->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	if (zip_stat(za, name, 0, &st) != 0)
		fail_msg("no %s in the package", name);
	data = xmalloc(st.size + 1);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, data, st.size), (zip_int64_t)st.size);
	data[st.size] = '\0';
	zip_fclose(zf);
	zip_close(za);
	zip_error_fini(&ze);
	return data;
}

static xmlDoc *
entry_xml(const struct buf *b, const char *name)
{
	char *s = entry(b, name);
	xmlDoc *doc = xmlReadMemory(s, (int)strlen(s), name, "UTF-8",
	    XML_PARSE_NONET);

	free(s);
	if (doc == NULL)
		fail_msg("%s is not well-formed", name);
	return doc;
}

static void
assert_valid(xmlRelaxNGPtr schema, const struct buf *b, const char *name)
{
	xmlDoc *doc = entry_xml(b, name);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	int rc = xmlRelaxNGValidateDoc(vc, doc);

	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	if (rc != 0)
		fail_msg("%s is not valid ODF 1.3 (rc %d)", name, rc);
}

static void
assert_package_valid(struct fx *fx, const struct buf *b)
{
	/* mimetype first, stored, with no extra field */
	assert_true(b->len > 38);
	assert_memory_equal(b->data, "PK\3\4", 4);
	assert_int_equal(b->data[8], 0);
	assert_int_equal(b->data[28], 0);
	assert_memory_equal(b->data + 30, "mimetype", 8);
	assert_valid(fx->odf, b, "content.xml");
	assert_valid(fx->odf, b, "styles.xml");
	assert_valid(fx->odf, b, "meta.xml");
	assert_valid(fx->manifest, b, "META-INF/manifest.xml");
}

/* The text of every paragraph of content.xml, one per line. */
static void
paragraphs(xmlNode *n, struct buf *out)
{
	xmlNode *c;
	xmlChar *s;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && strcmp((const char *)c->ns->href,
		    NS_TEXT) == 0 && strcmp((const char *)c->name, "p") == 0) {
			s = xmlNodeGetContent(c);
			buf_printf(out, "%s\n", (const char *)s);
			xmlFree(s);
		} else
			paragraphs(c->children, out);
	}
}

static char *
content_text(const struct buf *b)
{
	xmlDoc *doc = entry_xml(b, "content.xml");
	struct buf t;

	buf_init(&t);
	paragraphs(xmlDocGetRootElement(doc), &t);
	xmlFreeDoc(doc);
	return buf_detach(&t);
}

/* The element named name under n, or NULL. */
static xmlNode *
find_el(xmlNode *n, const char *ns, const char *name)
{
	xmlNode *c, *hit;

	for (c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (c->ns != NULL && strcmp((const char *)c->ns->href, ns) == 0 &&
		    strcmp((const char *)c->name, name) == 0)
			return c;
		if ((hit = find_el(c->children, ns, name)) != NULL)
			return hit;
	}
	return NULL;
}

static void
render_ok(struct fx *fx, const char *dir, struct buf *out)
{
	struct cert_template *t;
	struct diag d;

	diag_init(&d);
	t = cert_template_load(dir, &d);
	if (t == NULL || !cert_render(t, &fx->site, &fx->cert, MTIME, out,
	    &d)) {
		diag_print(&d, stderr);
		fail_msg("the certificate did not render");
	}
	assert_int_equal(d.errors, 0);
	cert_template_free(t);
	diag_free(&d);
}

/* --- joining placeholders ----------------------------------------------------- */

static void
join_is(const char *in, const char *want)
{
	struct diag d;
	char *got;

	diag_init(&d);
	got = placeholders_join(in, strlen(in), "t.fodt", &d);
	if (got == NULL) {
		diag_print(&d, stderr);
		fail_msg("not joined: %s", in);
	}
	assert_string_equal(got, want);
	assert_int_equal(d.n, 0);
	free(got);
	diag_free(&d);
}

static void
test_join_plain(void **state)
{
	(void)state;
	join_is("<text:p>{{org}}：{{year}}年</text:p>",
	    "<text:p>{{org}}：{{year}}年</text:p>");
	/* braces that are no placeholder, and one in an attribute, stay */
	join_is("<text:p>{a} { {b}</text:p>", "<text:p>{a} { {b}</text:p>");
	join_is("<text:a xlink:href=\"{{verify_url}}\">x</text:a>",
	    "<text:a xlink:href=\"{{verify_url}}\">x</text:a>");
}

static void
test_join_span(void **state)
{
	(void)state;
	/* LibreOffice: part of the name typed at another time */
	join_is("<text:p>{{<text:span text:style-name=\"T1\">org</text:span>}}：</text:p>",
	    "<text:p>{{org}}：</text:p>");
	join_is("<text:p>{{ve<text:span text:style-name=\"T1\">rify</text:span>"
	    "<text:span text:style-name=\"T2\">_url</text:span>}}</text:p>",
	    "<text:p>{{verify_url}}</text:p>");
	/* a span that ends inside: the placeholder keeps the first brace's */
	join_is("<text:p><text:span text:style-name=\"T2\">{{verify_</text:span>url}}</text:p>",
	    "<text:p><text:span text:style-name=\"T2\">{{verify_url}}</text:span></text:p>");
	/* one that starts inside: it starts after the placeholder */
	join_is("<text:p>{{ye<text:span text:style-name=\"T2\">ar}}年</text:span></text:p>",
	    "<text:p>{{year}}<text:span text:style-name=\"T2\">年</text:span></text:p>");
	/* triple braces, and an empty element inside */
	join_is("<text:p>{{{<text:span>o<text:s/>rg</text:span>}}}</text:p>",
	    "<text:p>{{{org}}}</text:p>");
}

static void
test_join_braces(void **state)
{
	(void)state;
	join_is("<text:p>你单位荣获{<text:span text:style-name=\"T2\">{year}</text:span>}年度</text:p>",
	    "<text:p>你单位荣获{{year}}年度</text:p>");
	join_is("<text:p>{<text:span>{</text:span>org<text:span>}</text:span>}</text:p>",
	    "<text:p>{{org}}</text:p>");
}

/* Markup with line breaks inside a placeholder: the lines after keep their numbers. */
static void
test_join_keeps_lines(void **state)
{
	const char *in = "<text:p>{{<text:span\n text:style-name=\"T1\">org"
	    "</text:span>}}</text:p>\n<!-- a\ncomment -->\n<text:p>{{year}}</text:p>";
	struct diag d;
	char *got;
	size_t i, a = 0, b = 0;

	(void)state;
	diag_init(&d);
	got = placeholders_join(in, strlen(in), "t.fodt", &d);
	assert_non_null(got);
	for (i = 0; in[i] != '\0'; i++)
		a += in[i] == '\n';
	for (i = 0; got[i] != '\0'; i++)
		b += got[i] == '\n';
	assert_int_equal(a, b);
	assert_non_null(strstr(got, "{{org\n}}"));
	/* comments are for the person editing the template */
	assert_null(strstr(got, "comment"));
	free(got);
	diag_free(&d);
}

static void
test_join_unclosed(void **state)
{
	const char *in = "<text:p>ok {{org}}</text:p>\n"
	    "<text:p>{{<text:span>year</text:span>年度</text:p>\n"
	    "<text:p>}}</text:p>\n<text:p>{{number}</text:p>\n";
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_null(placeholders_join(in, strlen(in), "tpl/c.fodt", &d));
	assert_int_equal(d.errors, 2);
	assert_true(diag_has(&d, "tpl/c.fodt", 2, "\"{{year年度\" is not closed"));
	assert_true(diag_has(&d, "tpl/c.fodt", 4, "\"{{number}\""));
	diag_free(&d);
}

/* --- the QR code ---------------------------------------------------------- */

/* The modules of a path drawn by cert_qr_path, as a size × size bitmap. */
static unsigned char *
path_bitmap(const char *d, int size)
{
	unsigned char *bm = xcalloc((size_t)size * (size_t)size, 1);
	int x0, y0, x1, y1, x2, n, x, y;

	while (*d != '\0') {
		if (sscanf(d, "M%d %dH%dV%dH%dZ%n", &x0, &y0, &x1, &y1, &x2,
		    &n) != 5)
			fail_msg("not a run of modules: %.20s", d);
		assert_int_equal(x2, x0);
		assert_int_equal(y1, y0 + 1);
		assert_true(x0 >= 0 && x1 > x0 && x1 <= size && y1 <= size);
		for (y = y0; y < y1; y++)
			for (x = x0; x < x1; x++) {
				assert_int_equal(bm[y * size + x], 0);	/* no overlap */
				bm[y * size + x] = 1;
			}
		d += n;
	}
	return bm;
}

/* A finder pattern (ISO/IEC 18004, 6.3.3) with its top left at x, y. */
static void
assert_finder(const unsigned char *bm, int size, int x, int y)
{
	int i, j, ring;

	for (j = 0; j < 7; j++)
		for (i = 0; i < 7; i++) {
			ring = i == 0 || i == 6 || j == 0 || j == 6;
			if (ring || (i >= 2 && i <= 4 && j >= 2 && j <= 4))
				assert_int_equal(bm[(y + j) * size + x + i], 1);
			else
				assert_int_equal(bm[(y + j) * size + x + i], 0);
		}
}

static int
qr_size(const char *text, unsigned char **bm)
{
	struct buf d;
	int size = 0;

	buf_init(&d);
	assert_true(odt_qr_path(text, &d, &size));
	*bm = path_bitmap(buf_cstr(&d), size);
	buf_free(&d);
	return size;
}

static void
test_qr_modules(void **state)
{
	/*
	 * Byte mode, level M (ISO/IEC 18004:2015 table 7): version 1 holds
	 * 14 bytes, 2 26, 3 42, 4 62, 5 84; a version v is 17 + 4v modules a
	 * side, plus 4 of quiet zone each way.  Lower case letters are no
	 * numeric or alphanumeric data: all bytes.
	 */
	static const struct { size_t len; int side; } cases[] = {
		{ 14, 21 }, { 15, 25 }, { 26, 25 }, { 27, 29 }, { 42, 29 },
		{ 43, 33 }, { 62, 33 }, { 63, 37 }, { 84, 37 },
	};
	char text[100];
	unsigned char *bm;
	size_t i;
	int size, q = ODT_QR_QUIET, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(text, 'a', cases[i].len);
		text[cases[i].len] = '\0';
		size = qr_size(text, &bm);
		assert_int_equal(size, cases[i].side + 2 * q);
		free(bm);
	}
	/* the verification address: finders at three corners, timing lines */
	size = qr_size(URL_A01, &bm);
	assert_int_equal((size - 2 * q - 17) % 4, 0);
	assert_finder(bm, size, q, q);
	assert_finder(bm, size, size - q - 7, q);
	assert_finder(bm, size, q, size - q - 7);
	for (k = 8; k < size - 2 * q - 8; k++) {
		assert_int_equal(bm[(q + 6) * size + q + k], k % 2 == 0);
		assert_int_equal(bm[(q + k) * size + q + 6], k % 2 == 0);
	}
	/* the quiet zone is light */
	for (k = 0; k < size; k++) {
		assert_int_equal(bm[k], 0);
		assert_int_equal(bm[(q - 1) * size + k], 0);
		assert_int_equal(bm[k * size + size - 1], 0);
		assert_int_equal(bm[(size - 1) * size + k], 0);
	}
	free(bm);
}

/* The QR frame of the shipped template becomes a path of the URL's code. */
static void
test_qr_in_certificate(void **state)
{
	struct fx *fx = *state;
	struct buf b, d;
	xmlDoc *doc;
	xmlNode *path, *frame;
	xmlChar *vb, *pd, *w, *h, *desc;
	char want[32];
	int size;

	buf_init(&b);
	render_ok(fx, TEMPLATES, &b);
	doc = entry_xml(&b, "content.xml");
	path = find_el(xmlDocGetRootElement(doc), NS_DRAW, "path");
	assert_non_null(path);
	frame = find_el(xmlDocGetRootElement(doc), NS_DRAW, "frame");
	/* no frame named QR is left */
	for (; frame != NULL; frame = find_el(frame->next, NS_DRAW, "frame")) {
		xmlChar *n = xmlGetNsProp(frame, (const xmlChar *)"name",
		    (const xmlChar *)NS_DRAW);
		assert_false(n != NULL && strcmp((char *)n, "QR") == 0);
		xmlFree(n);
	}
	buf_init(&d);
	assert_true(odt_qr_path(URL_A01, &d, &size));
	snprintf(want, sizeof(want), "0 0 %d %d", size, size);
	vb = xmlGetNsProp(path, (const xmlChar *)"viewBox", (const xmlChar *)NS_SVG);
	pd = xmlGetNsProp(path, (const xmlChar *)"d", (const xmlChar *)NS_SVG);
	w = xmlGetNsProp(path, (const xmlChar *)"width", (const xmlChar *)NS_SVG);
	h = xmlGetNsProp(path, (const xmlChar *)"height", (const xmlChar *)NS_SVG);
	assert_string_equal((char *)vb, want);
	assert_string_equal((char *)pd, buf_cstr(&d));
	assert_string_equal((char *)w, (char *)h);	/* square */
	desc = xmlNodeGetContent(find_el(path->children, NS_SVG, "desc"));
	assert_string_equal((char *)desc, URL_A01);
	xmlFree(vb);
	xmlFree(pd);
	xmlFree(w);
	xmlFree(h);
	xmlFree(desc);
	xmlFreeDoc(doc);
	buf_free(&d);
	buf_free(&b);
}

/* --- packages ---------------------------------------------------------------- */

static void
test_shipped_template(void **state)
{
	struct fx *fx = *state;
	struct buf a, b;
	char *text, *meta;

	buf_init(&a);
	buf_init(&b);
	render_ok(fx, TEMPLATES, &a);
	assert_package_valid(fx, &a);
	text = content_text(&a);
	assert_non_null(strstr(text, "伊犁河谷示范农业科技有限公司："));
	assert_non_null(strstr(text, "2025年度"));
	assert_non_null(strstr(text, "新疆维吾尔自治区人民政府质量奖\n"));
	assert_non_null(strstr(text, "2025年12月19日"));	/* the decision's date */
	assert_non_null(strstr(text, "XJZLJ-2025-A01"));
	assert_non_null(strstr(text, URL_A01));
	assert_null(strstr(text, "{{"));
	meta = entry(&a, "meta.xml");
	assert_non_null(strstr(meta, "<dc:title>荣誉证书 XJZLJ-2025-A01</dc:title>"));
	assert_non_null(strstr(meta, "2025-12-19T00:00:00Z"));
	free(meta);
	free(text);
	/* same input, same bytes */
	render_ok(fx, TEMPLATES, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
}

/* A nominee gets the nomination award's name. */
static void
test_nomination(void **state)
{
	struct fx *fx = *state;
	struct buf b;
	char *text;

	fx->cert.kind = RESULT_NOMINATION;
	fx->cert.number = "XJZLJ-2025-N01";
	buf_init(&b);
	render_ok(fx, TEMPLATES, &b);
	text = content_text(&b);
	assert_non_null(strstr(text, "新疆维吾尔自治区人民政府质量奖提名奖\n"));
	assert_non_null(strstr(text, "XJZLJ-2025-N01"));
	free(text);
	buf_free(&b);
	fx->cert.kind = RESULT_AWARD;
	fx->cert.number = "XJZLJ-2025-A01";
}

/* The template as LibreOffice saved it, with placeholders split into spans. */
static void
test_split_template(void **state)
{
	struct fx *fx = *state;
	struct buf b;
	char *data, *text;
	size_t len;

	data = read_file(SPLIT, &len);
	/* the file really is split: the test would prove nothing otherwise */
	assert_non_null(strstr(data, "{{<text:span text:style-name=\"T1\">org"
	    "</text:span>}}"));
	assert_non_null(strstr(data, "{<text:span text:style-name=\"T2\">"
	    "{year}</text:span>}"));
	assert_non_null(strstr(data, "{{verify_</text:span>url}}"));
	put_template(fx, CERT_TEMPLATE, data, len);
	free(data);
	buf_init(&b);
	render_ok(fx, fx->dir, &b);
	assert_package_valid(fx, &b);
	text = content_text(&b);
	assert_non_null(strstr(text, "伊犁河谷示范农业科技有限公司："));
	assert_non_null(strstr(text, "你单位荣获2025年度"));
	assert_non_null(strstr(text, "核验网址：" URL_A01));
	assert_null(strstr(text, "{"));
	free(text);
	buf_free(&b);
}

/* An .odt template works as its flat twin does. */
static void
test_odt_template(void **state)
{
	struct fx *fx = *state;
	struct buf odt, a, b;
	char *data, *err = NULL, *ta, *tb;
	size_t len;

	data = read_file(TEMPLATES "/" CERT_TEMPLATE, &len);
	buf_init(&odt);
	assert_true(odt_package_flat(data, len, "certificate.fodt", MTIME,
	    &odt, &err));
	free(data);
	put_template(fx, CERT_TEMPLATE_ODT, odt.data, odt.len);
	buf_init(&a);
	buf_init(&b);
	render_ok(fx, fx->dir, &a);
	assert_package_valid(fx, &a);
	render_ok(fx, TEMPLATES, &b);
	ta = content_text(&a);
	tb = content_text(&b);
	assert_string_equal(ta, tb);
	free(ta);
	free(tb);
	buf_free(&odt);
	buf_free(&a);
	buf_free(&b);
}

/*
 * One certificate rendered with a template of its own: the first of its
 * shape, which render/certificate.c makes both ways and returns the slow
 * way's bytes for unless they agree, so these are the slow way's bytes.
 */
static void
render_alone(struct fx *fx, const char *dir, struct buf *out)
{
	buf_init(out);
	render_ok(fx, dir, out);
}

/*
 * Certificates made one after another from one template (awards and
 * nominations, hostile names among them) are, byte for byte, what each
 * gets alone; those whose values are plain text are made from the
 * skeleton, without a tree (the cache counts them).
 */
static void
test_fast_equals_slow(void **state)
{
	static const struct {
		const char	*name, *number;
		enum result	 kind;
		bool		 fast;
	} certs[] = {
		{ "伊犁河谷示范农业科技有限公司", "XJZLJ-2025-A01", RESULT_AWARD, true },
		{ "克拉玛依石化装备制造有限公司", "XJZLJ-2025-A02", RESULT_AWARD, true },
		{ "昌吉州现代物流集团有限公司", "XJZLJ-2025-N01", RESULT_NOMINATION, true },
		{ "A&B <示范> \"公司\" 'x'", "XJZLJ-2025-A03", RESULT_AWARD, false },
		{ "阿克苏 Apple Co., Ltd. (新疆)", "XJZLJ-2025-N02", RESULT_NOMINATION, true },
		{ "哈密\t伊吾", "XJZLJ-2025-A04", RESULT_AWARD, false },
		{ "和田玉石\xee\x80\x80" "1" "\xee\x80\x81", "XJZLJ-2025-A05", RESULT_AWARD, false },
		{ "喀什古城文化旅游有限公司", "XJZLJ-2025-A06", RESULT_AWARD, true },
	};
	struct fx *fx = *state;
	char *saved = fx->org.name, *data, *dir;
	struct cert_template *t;
	struct buf got, want;
	struct diag d;
	size_t i, k, len, fast;

	data = read_file(SPLIT, &len);
	put_template(fx, CERT_TEMPLATE, data, len);
	free(data);
	/* the shipped template, then the one LibreOffice saved */
	for (k = 0; k < 2; k++) {
		dir = k == 0 ? TEMPLATES : fx->dir;
		diag_init(&d);
		t = cert_template_load(dir, &d);
		assert_non_null(t);
		for (i = fast = 0; i < sizeof(certs) / sizeof(certs[0]); i++) {
			fx->org.name = (char *)certs[i].name;
			fx->cert.number = (char *)certs[i].number;
			fx->cert.kind = certs[i].kind;
			buf_init(&got);
			assert_true(cert_render(t, &fx->site, &fx->cert, MTIME,
			    &got, &d));
			fast += certs[i].fast;
			assert_int_equal(t->cache->fast, fast);
			render_alone(fx, dir, &want);
			assert_int_equal(got.len, want.len);
			assert_memory_equal(got.data, want.data, got.len);
			assert_package_valid(fx, &got);
			buf_free(&got);
			buf_free(&want);
		}
		assert_int_equal(d.errors, 0);
		cert_template_free(t);
		diag_free(&d);
	}
	fx->org.name = saved;
	fx->cert.number = "XJZLJ-2025-A01";
	fx->cert.kind = RESULT_AWARD;
}

/* A name that is markup, or holds braces or a control character, is text. */
static void
test_hostile_names(void **state)
{
	static const struct { const char *name, *shown; } cases[] = {
		{ "<text:span>A&amp;B</text:span> & \"C\" 'D'",
		  "<text:span>A&amp;B</text:span> & \"C\" 'D'：" },
		{ "{{number}} {{{verify_url}}}", "{{number}} {{{verify_url}}}：" },
		{ "]]><!-- x -->", "]]><!-- x -->：" },
		{ "A\001B\177C", "ABC：" },
	};
	struct fx *fx = *state;
	char *saved = fx->org.name, *text;
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx->org.name = (char *)cases[i].name;
		buf_init(&b);
		render_ok(fx, TEMPLATES, &b);
		assert_package_valid(fx, &b);
		text = content_text(&b);
		if (strstr(text, cases[i].shown) == NULL)
			fail_msg("\"%s\" is not shown as \"%s\" in:\n%s",
			    cases[i].name, cases[i].shown, text);
		free(text);
		buf_free(&b);
	}
	fx->org.name = saved;
}

/* --- errors ------------------------------------------------------------------ */

static void
test_unknown_placeholder(void **state)
{
	struct fx *fx = *state;
	char *tpl = small_template("<text:p>{{org}}</text:p>\n"
	    "<text:p>{{<text:span text:style-name=\"T1\">orgg</text:span>}}</text:p>");
	struct cert_template *t;
	struct buf b;
	struct diag d;
	char *path = path_join(fx->dir, CERT_TEMPLATE);

	put_template(fx, CERT_TEMPLATE, tpl, strlen(tpl));
	diag_init(&d);
	buf_init(&b);
	t = cert_template_load(fx->dir, &d);
	assert_non_null(t);
	/* no frame named QR: said, not fatal */
	assert_int_equal(d.warnings, 1);
	assert_true(diag_has(&d, path, 0, "no frame named QR"));
	assert_false(cert_render(t, &fx->site, &fx->cert, MTIME, &b, &d));
	assert_int_equal(d.errors, 1);
	/* line 7 of the template, where {{orgg}} is */
	assert_true(diag_has(&d, path, 7, "{{orgg}}"));
	assert_int_equal(b.len, 0);
	cert_template_free(t);
	diag_free(&d);
	buf_free(&b);
	free(tpl);
	free(path);
}

static void
test_unclosed_placeholder(void **state)
{
	struct fx *fx = *state;
	char *tpl = small_template("<text:p>{{org</text:p>\n<text:p>}}</text:p>");
	struct diag d;
	char *path = path_join(fx->dir, CERT_TEMPLATE);

	put_template(fx, CERT_TEMPLATE, tpl, strlen(tpl));
	diag_init(&d);
	assert_null(cert_template_load(fx->dir, &d));
	assert_true(diag_has(&d, path, 6, "\"{{org\" is not closed"));
	diag_free(&d);
	free(tpl);
	free(path);
}

static void
test_broken_templates(void **state)
{
	struct fx *fx = *state;
	char *tpl = small_template("<text:p>{{org}}</text:p>"), *bad;
	struct diag d;
	char *path = path_join(fx->dir, CERT_TEMPLATE);

	/* not well-formed: the line */
	bad = xasprintf("%.*s<text:p>", (int)(strstr(tpl, "</office:text>") - tpl),
	    tpl);
	put_template(fx, CERT_TEMPLATE, bad, strlen(bad));
	diag_init(&d);
	assert_null(cert_template_load(fx->dir, &d));
	assert_true(diag_has(&d, path, -1, "not well-formed XML"));
	assert_int_equal(d.n, 1);
	assert_true(d.items[0].line >= 6);	/* where the parser gave up */
	diag_free(&d);
	free(bad);
	/* no template at all */
	unlink(path);
	diag_init(&d);
	assert_null(cert_template_load(fx->dir, &d));
	assert_true(diag_has(&d, path, 0, "cannot read the certificate template"));
	diag_free(&d);
	free(tpl);
	free(path);
}

/* --- the whole build's part ------------------------------------------------- */

static void
test_certificates_write(void **state)
{
	struct fx *fx = *state;
	const struct outfile *f;
	struct outset out;
	struct diag d;
	size_t n = 0;

	outset_init(&out);
	diag_init(&d);
	assert_true(tl_certificates_write(&fx->st, TEMPLATES, &out, &n, &d));
	assert_int_equal(n, 1);
	assert_int_equal(out.n, 1);
	f = outset_find(&out, "archive/2025/certificates/XJZLJ-2025-A01.odt");
	assert_non_null(f);
	/* before the decision is published, there is no certificate */
	fx->cycle.notices[NOTICE_DECISION].present = false;
	assert_true(tl_certificates_write(&fx->st, "/nonexistent", &out, &n, &d));
	assert_int_equal(n, 1);
	fx->cycle.notices[NOTICE_DECISION].present = true;
	/* with a certificate to make, a missing template is an error */
	assert_false(tl_certificates_write(&fx->st, "/nonexistent", &out, &n, &d));
	assert_true(diag_has(&d, "/nonexistent/certificate.fodt", 0,
	    "cannot read"));
	outset_free(&out);
	diag_free(&d);
}

/* odt_package_flat: each part where ODF puts it. */
static void
test_package_parts(void **state)
{
	struct fx *fx = *state;
	struct buf b;
	char *content, *styles, *err = NULL;
	char *tpl = small_template("<text:p>x</text:p>");

	buf_init(&b);
	assert_true(odt_package_flat(tpl, strlen(tpl), "t.fodt", MTIME, &b,
	    &err));
	assert_package_valid(fx, &b);
	content = entry(&b, "content.xml");
	styles = entry(&b, "styles.xml");
	assert_non_null(strstr(content, "<office:document-content"));
	assert_non_null(strstr(content, "<text:p>x</text:p>"));
	assert_null(strstr(content, "page-layout"));
	assert_null(strstr(content, "master-styles"));
	assert_non_null(strstr(styles, "<office:document-styles"));
	assert_non_null(strstr(styles, "style:page-layout style:name=\"pm1\""));
	assert_non_null(strstr(styles, "style:master-page"));
	assert_null(strstr(styles, "office:body"));
	free(content);
	free(styles);
	buf_reset(&b);
	assert_false(odt_package_flat("<x/>", 4, "t.fodt", MTIME, &b, &err));
	assert_non_null(strstr(err, "t.fodt: not a flat ODF document"));
	free(err);
	assert_false(odt_package_flat("<x>", 3, "t.fodt", MTIME, &b, &err));
	assert_non_null(strstr(err, "t.fodt:1: not well-formed XML"));
	free(err);
	free(tpl);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_plain),
		cmocka_unit_test(test_join_span),
		cmocka_unit_test(test_join_braces),
		cmocka_unit_test(test_join_keeps_lines),
		cmocka_unit_test(test_join_unclosed),
		cmocka_unit_test(test_qr_modules),
		cmocka_unit_test(test_qr_in_certificate),
		cmocka_unit_test(test_shipped_template),
		cmocka_unit_test(test_nomination),
		cmocka_unit_test(test_split_template),
		cmocka_unit_test(test_odt_template),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_fast_equals_slow),
		cmocka_unit_test(test_unknown_placeholder),
		cmocka_unit_test(test_unclosed_placeholder),
		cmocka_unit_test(test_broken_templates),
		cmocka_unit_test(test_certificates_write),
		cmocka_unit_test(test_package_parts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
