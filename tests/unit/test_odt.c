/*
 * The ODT writer: package layout (mimetype first, stored, no extra field;
 * fixed order and timestamp), content (title, 版头, table with repeated
 * header row, headings, lists, hostile text escaped), the ODF 1.3 RelaxNG
 * schemas, refusal of control characters, determinism, the loading of the
 * style template, the breaking of long titles, and a package rebuilt over
 * the last one's pieces (the very bytes of a fresh one; a piece of rows
 * taken without its text, its priming written again when needed).
 *
 * Documents are built by hand as the composer builds them: a cmark tree of
 * a small Markdown text, with a table block appended.  Run from tests/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "base/util.h"
#include "format/odt.h"
#include "format/pieces.h"
#include "format/zip.h"
#include "scratch.h"

#define TEMPLATES	"../templates"
#define SCHEMA		"data/odf-schema/OpenDocument-v1.3-schema.rng"
#define MANIFEST_SCHEMA	"data/odf-schema/OpenDocument-v1.3-manifest-schema.rng"
#define MTIME		1766188800LL	/* 2025-12-20T00:00:00Z */

#define HOSTILE		"A&B <script>alert(\"x\")</script> 'q' ]]> &amp;"

static const char *const entry_order[] = {
	"mimetype", "content.xml", "styles.xml", "meta.xml",
	"META-INF/manifest.xml"
};

static const char notice_md[] =
    "根据《管理办法》，现将受理名单予以公示。\n"
    "\n"
    "# 一、公示期\n"
    "\n"
    "公示期为2025年7月15日至7月21日（5个工作日）。\n"
    "\n"
    "## （一）异议\n"
    "\n"
    "1. 单位反映情况的，应当加盖公章；\n"
    "2. 个人反映情况的，应当签署真实姓名。\n"
    "\n"
    "- 联系电话：0991-0000000\n"
    "- 电子邮箱：zlj@example.gov.cn\n"
    "\n"
    "### 1.附件\n"
    "\n"
    "#### （1）说明\n"
    "\n"
    "Two  spaces and **bold** and *emph* and `code`.\n"
    "\n"
    "联系电话：0991-0000000\\\n"
    "电子邮箱：zlj@example.gov.cn\n";

struct fx {
	struct odt_style	*style;
	xmlRelaxNGPtr		 odf, manifest;
};

/* --- building documents ---------------------------------------------------- */

static struct doc *
make_doc(enum doc_kind kind, const char *name, const char *cell)
{
	struct doc *d = doc_new(kind, name);
	struct doc_table *t;
	const char *rows[3][3] = {
		{ "1", "新疆天山钢铁集团有限公司", "乌鲁木齐市" },
		{ "2", NULL, "巴音郭楞蒙古自治州" },
		{ "3", "特变电工股份有限公司", "昌吉回族自治州" },
	};
	size_t i;

	cmark_node_free(d->body);
	d->body = cmark_parse_document(notice_md, strlen(notice_md),
	    CMARK_OPT_DEFAULT);
	rows[1][1] = cell;
	t = doc_table_new("受理名单", 3);
	doc_table_set_header(t, 0, "序号");
	doc_table_set_header(t, 1, "组织名称");
	doc_table_set_header(t, 2, "所在地");
	for (i = 0; i < 3; i++)
		doc_table_add_row(t, rows[i]);
	cmark_node_append_child(d->body, doc_table_node(t));
	d->year = 2025;
	d->title = xstrdup("第八届新疆维吾尔自治区人民政府质量奖受理名单公示");
	d->signature = xstrdup("自治区质量强区工作领导小组办公室（自治区市场监督管理局）");
	d->date = date_from_ymd(2025, 7, 15);
	d->keywords = xstrdup("2025; acceptance");
	d->description = xstrdup("受理名单公示");
	return d;
}

static struct doc *
make_notice(void)
{
	return make_doc(DOC_NOTICE, "acceptance", HOSTILE);
}

static struct doc *
make_decision(void)
{
	struct doc *d = make_doc(DOC_DECISION, "decision", "新疆众和股份有限公司");

	free(d->title);
	d->title = xstrdup("新疆维吾尔自治区人民政府关于表彰第八届新疆维吾尔自治区"
	    "人民政府质量奖获奖组织的决定");
	d->number = xstrdup("新政发〔2025〕45号");
	d->issuer_mark = xstrdup("新疆维吾尔自治区人民政府文件");
	d->addressee = xstrdup("各州、市人民政府，自治区人民政府各组成部门：");
	free(d->signature);
	d->signature = xstrdup("新疆维吾尔自治区人民政府");
	d->date = date_from_ymd(2025, 12, 20);
	d->attachment_note = xstrdup("此件公开发布");
	d->copy_to = xstrdup("自治区党委各部门，自治区人大常委会办公厅");
	d->printer = xstrdup("新疆维吾尔自治区人民政府办公厅");
	d->printed = date_from_ymd(2025, 12, 20);
	return d;
}

static void
write_ok(void **state, const struct doc *d, long long mtime, struct buf *out)
{
	struct fx *fx = *state;
	char *err = NULL;
	bool ok = odt_write(d, fx->style, mtime, out, &err);

	if (!ok)
		fail_msg("odt_write: %s", err);
	assert_null(err);
	assert_true(out->len > 100);
}

/* --- reading packages back --------------------------------------------------- */

static zip_t *
open_zip(const struct buf *b)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(b->data, b->len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (za == NULL)
		fail_msg("not a zip: %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return za;
}

/* The bytes of one entry (NUL-terminated); the caller frees. */
static char *
entry(const struct buf *b, const char *name, size_t *len)
{
	zip_t *za = open_zip(b);
	zip_stat_t st;
	zip_file_t *f;
	char *data;

	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	data = xcalloc(1, (size_t)st.size + 1);
	f = zip_fopen(za, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_discard(za);
	if (len != NULL)
		*len = (size_t)st.size;
	return data;
}

static xmlDocPtr
entry_xml(const struct buf *b, const char *name)
{
	size_t len;
	char *data = entry(b, name, &len);
	xmlDocPtr doc = xmlReadMemory(data, (int)len, name, NULL, XML_PARSE_NONET);

	free(data);
	assert_non_null(doc);
	return doc;
}

static xmlXPathObjectPtr
xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;

	xmlXPathRegisterNs(ctx, BAD_CAST "office",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "text",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "table",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "draw",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "style",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:style:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "meta",
	    BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:meta:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "dc",
	    BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlXPathRegisterNs(ctx, BAD_CAST "fo", BAD_CAST
	    "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0");
	r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	assert_non_null(r);
	return r;
}

static int
count(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = xpath(doc, expr);
	int n = r->nodesetval != NULL ? r->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(r);
	return n;
}

/*
 * The text of the first node expr selects (as XPath string() gives it),
 * as a reader sees it: without the word joiners that keep numbers whole.
 */
static char *
text_of(xmlDocPtr doc, const char *expr)
{
	char *e = xasprintf("translate(string(%s), '\u2060', '')", expr), *s;
	xmlXPathObjectPtr r = xpath(doc, e);

	s = xstrdup((const char *)r->stringval);
	xmlXPathFreeObject(r);
	free(e);
	return s;
}

static void
assert_text(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = text_of(doc, expr);

	if (strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", expr, got, want);
	free(got);
}

/* --- fixtures ------------------------------------------------------------- */

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
	struct diag d;

	diag_init(&d);
	fx->style = odt_style_load(TEMPLATES, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	fx->odf = load_schema(SCHEMA);
	fx->manifest = load_schema(MANIFEST_SCHEMA);
	*state = fx;
	return fx->style != NULL && fx->odf != NULL && fx->manifest != NULL ?
	    0 : -1;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	odt_style_free(fx->style);
	xmlRelaxNGFree(fx->odf);
	xmlRelaxNGFree(fx->manifest);
	free(fx);
	xmlCleanupParser();
	return 0;
}

/* --- the package ------------------------------------------------------------- */

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* ODF 1.3 part 2, 3.3: the type can be read at a fixed offset of the file. */
static void
test_mimetype_first_stored(void **state)
{
	struct doc *d = make_notice();
	const unsigned char *p;
	struct buf b;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	p = (const unsigned char *)b.data;
	assert_memory_equal(p, "PK\003\004", 4);
	assert_int_equal(le16(p + 8), 0);		/* stored */
	assert_int_equal(le16(p + 26), 8);		/* name length */
	assert_int_equal(le16(p + 28), 0);		/* no extra field */
	assert_memory_equal(p + 30, "mimetype", 8);
	assert_memory_equal(p + 38, ODT_MIMETYPE, strlen(ODT_MIMETYPE));
	buf_free(&b);
	doc_free(d);
}

static void
test_entries_order_time_extra(void **state)
{
	struct doc *d = make_notice();
	zip_stat_t st, first;
	zip_t *za;
	zip_uint64_t i;
	struct buf b;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	za = open_zip(&b);
	assert_int_equal(zip_get_num_entries(za, 0), 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
		assert_string_equal(st.name, entry_order[i]);
		assert_int_equal(st.comp_method, i == 0 ? ZIP_CM_STORE :
		    ZIP_CM_DEFLATE);
		assert_int_equal(zip_file_extra_fields_count(za, i,
		    ZIP_FL_LOCAL), 0);
		assert_int_equal(zip_file_extra_fields_count(za, i,
		    ZIP_FL_CENTRAL), 0);
		if (i == 0)
			first = st;
		assert_int_equal(st.mtime, first.mtime);
	}
	zip_discard(za);
	buf_free(&b);
	doc_free(d);
}

/* The zip's DOS time is the given instant read in UTC, whatever TZ says. */
static void
test_timestamp_is_utc(void **state)
{
	struct doc *d = make_notice();
	struct buf b;
	const unsigned char *p;
	const char *tz = getenv("TZ");
	char *saved = tz != NULL ? xstrdup(tz) : NULL;

	buf_init(&b);
	setenv("TZ", "Asia/Urumqi", 1);
	tzset();
	write_ok(state, d, MTIME + 3600 * 13 + 60 * 7 + 8, &b);
	p = (const unsigned char *)b.data;
	/* 2025-12-20 13:07:08 UTC */
	assert_int_equal(le16(p + 10), (13 << 11) | (7 << 5) | (8 / 2));
	assert_int_equal(le16(p + 12), ((2025 - 1980) << 9) | (12 << 5) | 20);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	buf_free(&b);
	doc_free(d);
}

static void
test_deterministic(void **state)
{
	struct doc *d = make_decision();
	struct buf a, b, c;

	buf_init(&a);
	buf_init(&b);
	buf_init(&c);
	write_ok(state, d, MTIME, &a);
	write_ok(state, d, MTIME, &b);
	write_ok(state, d, MTIME + 86400, &c);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* the timestamp is really taken from the argument */
	assert_true(a.len != c.len || memcmp(a.data, c.data, a.len) != 0);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
	doc_free(d);
}

/* --- validity ---------------------------------------------------------------- */

static void
assert_valid(xmlRelaxNGPtr schema, const struct buf *b, const char *name)
{
	xmlDocPtr doc = entry_xml(b, name);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	int rc = xmlRelaxNGValidateDoc(vc, doc);

	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	if (rc != 0)
		fail_msg("%s is not valid (rc %d)", name, rc);
}

static void
check_schemas(void **state, struct doc *d)
{
	struct fx *fx = *state;
	struct buf b;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	assert_valid(fx->odf, &b, "content.xml");
	assert_valid(fx->odf, &b, "styles.xml");
	assert_valid(fx->odf, &b, "meta.xml");
	assert_valid(fx->manifest, &b, "META-INF/manifest.xml");
	buf_free(&b);
	doc_free(d);
}

static void
test_valid_notice(void **state)
{
	check_schemas(state, make_notice());
}

static void
test_valid_decision(void **state)
{
	check_schemas(state, make_decision());
}

/* A document with nothing but a title still makes a valid package. */
static void
test_valid_minimal(void **state)
{
	struct doc *d = doc_new(DOC_LETTER, "objection-1");

	d->title = xstrdup("异议处理结果告知书");
	check_schemas(state, d);
}

static void
quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* The schema check above can fail: a broken content.xml is refused. */
static void
test_schema_rejects(void **state)
{
	struct fx *fx = *state;
	const char bad[] = "<office:document-content xmlns:office="
	    "\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	    "office:version=\"1.3\"><office:body><office:text><office:text/>"
	    "</office:text></office:body></office:document-content>";
	xmlDocPtr doc = xmlReadMemory(bad, sizeof(bad) - 1, "bad.xml", NULL, 0);
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(fx->odf);

	xmlRelaxNGSetValidStructuredErrors(vc, quiet, NULL);
	assert_int_not_equal(xmlRelaxNGValidateDoc(vc, doc), 0);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
}

/* --- content ------------------------------------------------------------------- */

#define BODY	"/office:document-content/office:body/office:text"

static void
test_notice_content(void **state)
{
	struct doc *d = make_notice();
	xmlDocPtr x;
	struct buf b;
	size_t len;
	char *raw;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "content.xml");
	assert_text(x, "/office:document-content/@office:version", "1.3");
	/* the title, whole (it is short enough for two lines, broken after 政府) */
	assert_int_equal(count(x, BODY "/text:p[@text:style-name='公文标题']"), 1);
	assert_int_equal(count(x, BODY "/text:p[@text:style-name='公文标题']"
	    "/text:line-break"), 1);
	assert_text(x, BODY "/text:p[@text:style-name='公文标题']",
	    "第八届新疆维吾尔自治区人民政府质量奖受理名单公示");
	/* no 版头 for a notice */
	assert_int_equal(count(x, "//text:p[@text:style-name='发文机关标志']"), 0);
	/* headings with their levels and styles */
	assert_text(x, BODY "/text:h[@text:outline-level='1']", "一、公示期");
	assert_text(x, BODY "/text:h[@text:outline-level='1']/@text:style-name",
	    "一级标题");
	assert_text(x, BODY "/text:h[@text:outline-level='2']/@text:style-name",
	    "二级标题");
	assert_text(x, BODY "/text:h[@text:outline-level='3']/@text:style-name",
	    "三级标题");
	assert_text(x, BODY "/text:h[@text:outline-level='4']", "（1）说明");
	/* lists */
	assert_int_equal(count(x, BODY "/text:list[@text:style-name='编号列表']"
	    "/text:list-item"), 2);
	assert_int_equal(count(x, BODY "/text:list[@text:style-name='项目符号列表']"
	    "/text:list-item"), 2);
	/* the table: caption above, header row repeated, 3 body rows */
	assert_int_equal(count(x, BODY "/table:table"), 1);
	assert_text(x, BODY "/table:table/preceding-sibling::text:p[1]", "受理名单");
	assert_int_equal(count(x, BODY "/table:table/table:table-column"), 3);
	assert_int_equal(count(x, BODY "/table:table/table:table-header-rows"
	    "/table:table-row/table:table-cell"), 3);
	assert_text(x, BODY "/table:table/table:table-header-rows/table:table-row"
	    "/table:table-cell[2]", "组织名称");
	assert_int_equal(count(x, BODY "/table:table/table:table-row"), 3);
	/* hostile text comes back as the same text, escaped on the way */
	assert_text(x, BODY "/table:table/table:table-row[2]/table:table-cell[2]",
	    HOSTILE);
	raw = entry(&b, "content.xml", &len);
	assert_non_null(strstr(raw, "A&amp;B &lt;script&gt;"));
	assert_null(strstr(raw, "<script>"));
	/* a hard line break starts a paragraph (a justified line would stretch) */
	assert_int_equal(count(x, BODY "/text:p[translate(., '\u2060', '')="
	    "'联系电话：0991-0000000']"
	    "/following-sibling::*[1][.='电子邮箱：zlj@example.gov.cn']"), 1);
	assert_int_equal(count(x, "//text:p[@text:style-name='公文正文']"
	    "/text:line-break"), 0);
	/* two spaces: one kept as text:s, not collapsed */
	assert_non_null(strstr(raw, "Two <text:s/>spaces"));
	/*
	 * signature, broken before its bracket, too wide to centre over the
	 * date: two characters from the right, the date centred under it
	 * (GB/T 9704 7.3.5.2); date without zero padding
	 */
	assert_text(x, BODY "/text:p[@text:style-name='gsSignature']",
	    "自治区质量强区工作领导小组办公室（自治区市场监督管理局）");
	assert_text(x, BODY "/text:p[@text:style-name='gsDate']", "2025年7月15日");
	assert_text(x, "//style:style[@style:name='gsSignature']"
	    "/@style:parent-style-name", "发文机关署名");
	assert_text(x, "//style:style[@style:name='gsSignature']"
	    "/style:paragraph-properties/@fo:margin-right", "31.50pt");
	assert_text(x, "//style:style[@style:name='gsDate']"
	    "/style:paragraph-properties/@fo:margin-right", "31.50pt");
	/* the body ends in a table: no paragraph to keep with the signature */
	assert_int_equal(count(x, BODY "/*[@text:style-name='gsLast']"), 0);
	assert_int_equal(count(x, "//draw:frame"), 0);	/* no 版记 */
	free(raw);
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
}

static void
test_decision_content(void **state)
{
	struct doc *d = make_decision();
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
	xmlDocPtr x;
	struct buf b;

	cmark_node_set_literal(t, "希望获奖组织再接再厉。");
	cmark_node_append_child(p, t);
	cmark_node_append_child(d->body, p);
	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "content.xml");
	/* 版头: issuer mark, then the number on the paragraph with the red rule */
	assert_text(x, BODY "/*[1][@text:style-name='发文机关标志']",
	    "新疆维吾尔自治区人民政府文件");
	assert_text(x, BODY "/*[2][@text:style-name='版头发文字号']",
	    "新政发〔2025〕45号");
	assert_text(x, BODY "/*[3]/@text:style-name", "公文标题");
	assert_text(x, BODY "/*[3]", "新疆维吾尔自治区人民政府关于表彰第八届新疆维吾尔"
	    "自治区人民政府质量奖获奖组织的决定");
	assert_int_equal(count(x, BODY "/*[3]/text:line-break"), 2);
	assert_text(x, BODY "/*[4][@text:style-name='主送机关']",
	    "各州、市人民政府，自治区人民政府各组成部门：");
	/*
	 * the date four characters from the right (the style's), the signature
	 * centred over it: 442.2 pt less 63 pt less half the date's 116.93 pt
	 * is its middle, 121.47 pt from the right; the paragraph spans twice
	 * that, from 199.27 pt to the right edge
	 */
	assert_text(x, BODY "/text:p[@text:style-name='成文日期']", "2025年12月20日");
	assert_text(x, BODY "/text:p[@text:style-name='gsSignature']",
	    "新疆维吾尔自治区人民政府");
	assert_text(x, "//style:style[@style:name='gsSignature']"
	    "/style:paragraph-properties/@fo:margin-left", "199.27pt");
	assert_text(x, "//style:style[@style:name='gsSignature']"
	    "/style:paragraph-properties/@fo:margin-right", "0.00pt");
	/* 附注 in brackets; after it, the paragraph that starts the 版记's
	 * even page, the 版记 frame anchored in it and nothing else */
	assert_text(x, BODY "/text:p[@text:style-name='附注']/text()",
	    "（此件公开发布）");
	assert_int_equal(count(x, "//draw:frame"), 1);
	assert_int_equal(count(x, BODY "/text:p[@text:style-name='附注']"
	    "/following-sibling::*[1][@text:style-name='版记页']"
	    "[not(following-sibling::*)][not(text())]"
	    "/draw:frame[@draw:style-name='版记框']"), 1);
	/* its last paragraph is kept with the signature */
	assert_int_equal(count(x, BODY "/*[@text:style-name='gsSignature']"
	    "/preceding-sibling::*[1][@text:style-name='gsLast']"
	    "[.='希望获奖组织再接再厉。']"), 1);
	assert_text(x, "//style:style[@style:name='gsLast']"
	    "/style:paragraph-properties/@fo:keep-with-next", "always");
	assert_text(x, "//draw:frame//text:p[@text:style-name='版记抄送']",
	    "抄送：自治区党委各部门，自治区人大常委会办公厅。");
	assert_text(x, "//draw:frame//text:p[@text:style-name='版记印发']",
	    "新疆维吾尔自治区人民政府办公厅2025年12月20日印发");
	assert_int_equal(count(x, "//text:p[@text:style-name='版记印发']/text:tab"),
	    1);
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
}

/* A long 发文机关标志 is narrowed to stay on one line; a short one is not. */
static void
test_long_issuer_mark(void **state)
{
	struct doc *d = make_decision();
	xmlDocPtr x;
	struct buf b;
	char *scale;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "content.xml");
	assert_int_equal(count(x, "//style:style[@style:name='gsMark']"), 0);
	xmlFreeDoc(x);
	buf_reset(&b);
	free(d->issuer_mark);
	d->issuer_mark = xstrdup("新疆维吾尔自治区质量强区工作领导小组办公室文件");
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "content.xml");
	assert_text(x, BODY "/*[1]/@text:style-name", "gsMark");
	scale = text_of(x, "//style:style[@style:name='gsMark']"
	    "/style:text-properties/@style:text-scale");
	/* 23 characters of 36 pt in 442 pt: at most 53 % */
	assert_true(atoi(scale) >= 40 && atoi(scale) <= 53);
	free(scale);
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
}

static void
test_meta(void **state)
{
	struct doc *d = make_decision();
	xmlDocPtr x;
	struct buf b;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "meta.xml");
	assert_text(x, "//dc:title", d->title);
	assert_text(x, "//dc:date", "2025-12-20T00:00:00Z");
	assert_text(x, "//meta:creation-date", "2025-12-20T00:00:00Z");
	/* the doc's keywords, then its kind, from the end of its title */
	assert_int_equal(count(x, "//meta:keyword"), 3);
	assert_text(x, "//meta:keyword[2]", "acceptance");
	assert_text(x, "//meta:keyword[3]", "决定");
	assert_text(x, "//meta:user-defined[@meta:name='发文字号']",
	    "新政发〔2025〕45号");
	assert_text(x, "//meta:user-defined[@meta:name='成文日期']", "2025-12-20");
	assert_text(x, "//meta:user-defined[@meta:name='发文机关']",
	    "新疆维吾尔自治区人民政府");
	assert_text(x, "//meta:user-defined[@meta:name='文种']", "决定");
	assert_text(x, "//meta:user-defined[@meta:name='公开属性']", "公开");
	/* no setting: a decision is kept for ever */
	assert_text(x, "//meta:user-defined[@meta:name='保管期限']", "永久");
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
}

/* A letter is not public; a unit's recommendation neither; site.yaml's period. */
static void
test_meta_private(void **state)
{
	struct doc *d = make_notice();
	xmlDocPtr x;
	struct buf b;

	d->kind = DOC_LETTER;
	d->retention = xstrdup("10年");
	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "meta.xml");
	assert_text(x, "//meta:user-defined[@meta:name='公开属性']", "不予公开");
	assert_text(x, "//meta:user-defined[@meta:name='保管期限']", "10年");
	assert_text(x, "//meta:user-defined[@meta:name='文种']", "公示");
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
	d = make_notice();
	free(d->name);
	d->name = xstrdup("recommendation-乌鲁木齐市市场监督管理局");
	free(d->title);
	d->title = xstrdup("2025年度新疆质量奖审核推荐名单公示（乌鲁木齐市市场监督管理局）");
	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	x = entry_xml(&b, "meta.xml");
	assert_text(x, "//meta:user-defined[@meta:name='公开属性']", "不予公开");
	assert_text(x, "//meta:user-defined[@meta:name='保管期限']", "30年");
	assert_text(x, "//meta:user-defined[@meta:name='文种']", "公示");
	xmlFreeDoc(x);
	buf_free(&b);
	doc_free(d);
}

/* --- what XML cannot carry ----------------------------------------------------- */

static void
assert_refused(void **state, struct doc *d, const char *want1,
    const char *want2)
{
	struct fx *fx = *state;
	struct buf b;
	char *err = NULL;

	buf_init(&b);
	assert_false(odt_write(d, fx->style, MTIME, &b, &err));
	assert_non_null(err);
	if (strstr(err, d->name) == NULL || strstr(err, want1) == NULL ||
	    strstr(err, want2) == NULL)
		fail_msg("message lacks \"%s\", \"%s\" or \"%s\": %s", d->name,
		    want1, want2, err);
	free(err);
	buf_free(&b);
	doc_free(d);
}

static void
test_control_char_in_title(void **state)
{
	struct doc *d = make_notice();

	free(d->title);
	d->title = xstrdup("受理名单\007公示");
	assert_refused(state, d, "U+0007", "受理名单\\x07公示");
}

static void
test_control_char_in_cell(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE, "acceptance", "坏\001公司");

	assert_refused(state, d, "row 2 column 2", "坏\\x01公司");
}

static void
test_control_char_in_body(void **state)
{
	struct doc *d = make_notice();
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);

	cmark_node_set_literal(t, "form\014feed");
	cmark_node_append_child(p, t);
	cmark_node_append_child(d->body, p);
	assert_refused(state, d, "U+000C", "text");
}

static void
test_bad_utf8(void **state)
{
	struct doc *d = make_notice();

	d->copy_to = xstrdup("抄送\xff单位");
	assert_refused(state, d, "0xFF", "抄送");
}

/*
 * The sequences the fast scan leaves to the decoder: a surrogate, U+FFFE,
 * overlong forms, a sequence cut short, each after text that passes.
 */
static void
test_bad_sequences_in_cells(void **state)
{
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "公司\xed\xa0\x80"), "0xED", "row 2 column 2");
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "公司\xef\xbf\xbe"), "U+FFFE", "row 2 column 2");
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "ab\xe0\x80\xaf"), "0xE0", "row 2 column 2");
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "ab\xc0\xaf"), "0xC0", "row 2 column 2");
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "公司\xe5\x85"), "0xE5", "row 2 column 2");
	assert_refused(state, make_doc(DOC_NOTICE, "acceptance",
	    "\xc3\xa9\xc3"), "0xC3", "row 2 column 2");
}

/* What passes: two-, three- (private use and U+FFFD) and four-byte characters. */
static void
test_good_sequences_in_cells(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE, "acceptance",
	    "é公\xee\x80\x80\xef\xbf\xbd𠀀\x7f");
	struct buf b;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	buf_free(&b);
	doc_free(d);
}

/* --- content.xml deflated as it is written ---------------------------------- */

/* A notice with a list of rows rows after make_doc's table. */
static struct doc *
make_list(size_t rows)
{
	struct doc *d = make_doc(DOC_NOTICE, "acceptance", "新疆某某有限公司");
	struct doc_table *t = doc_table_new("推荐名单", 3);
	char num[32], name[64];
	const char *row[3] = { num, name, "乌鲁木齐市" };
	size_t i;

	doc_table_set_header(t, 0, "序号");
	doc_table_set_header(t, 1, "组织名称");
	doc_table_set_header(t, 2, "所在地");
	for (i = 0; i < rows; i++) {
		snprintf(num, sizeof(num), "%zu", i + 1);
		snprintf(name, sizeof(name), "新疆第%zu号有限公司", i * 7919 % 100000);
		doc_table_add_row(t, row);
	}
	cmark_node_append_child(d->body, doc_table_node(t));
	return d;
}

/* Where a row tag starts in text, from *at on; false when none. */
static bool
next_row(const char *text, size_t len, size_t *at)
{
	const char *p = text + *at;

	while ((p = strstr(p, "<table:table-row")) != NULL &&
	    (size_t)(p - text) + 16 < len && p[16] != ' ' && p[16] != '>')
		p++;
	if (p == NULL || (size_t)(p - text) + 16 >= len)
		return false;
	*at = (size_t)(p - text);
	return true;
}

/*
 * The whole content.xml of d, written into one buffer, cut before every
 * ODT_PIECE_ROWS-th row and deflated piece by piece (deflate_piece), is the very
 * deflated content.xml of its package: returns the pieces and the row
 * tags the text has.
 */
static size_t
check_streamed_doc(void **state, struct doc *d, size_t *row_tags)
{
	struct fx *fx = *state;
	struct buf whole, pkg, want;
	size_t cut[64], n = 1, at = 0, rows = 0, i;
	struct deflated z;
	zip_t *za;
	zip_stat_t st;
	zip_file_t *f;
	char *got;

	buf_init(&whole);
	buf_init(&want);
	buf_init(&pkg);
	assert_true(odt_content_xml(d, fx->style, &whole, NULL, NULL, NULL,
	    NULL));
	cut[0] = 0;
	for (; next_row(whole.data, whole.len, &at); at++)
		if (rows++ > 0 && rows % ODT_PIECE_ROWS == 1) {
			assert_true(n < 63);
			cut[n++] = at;
		}
	cut[n] = whole.len;
	for (i = 0; i < n; i++) {
		assert_true(deflate_piece(whole.data, cut[i], cut[i + 1],
		    i + 1 == n, &z));
		buf_add(&want, z.data, z.len);
		deflated_free(&z);
	}
	write_ok(state, d, MTIME, &pkg);
	za = open_zip(&pkg);
	assert_int_equal(zip_stat(za, "content.xml", 0, &st), 0);
	assert_int_equal(st.size, whole.len);
	assert_int_equal(st.comp_size, want.len);
	got = xmalloc((size_t)st.comp_size + 1);
	assert_non_null(f = zip_fopen(za, "content.xml", ZIP_FL_COMPRESSED));
	assert_int_equal(zip_fread(f, got, st.comp_size),
	    (zip_int64_t)st.comp_size);
	assert_memory_equal(got, want.data, want.len);
	zip_fclose(f);
	zip_discard(za);
	free(got);
	buf_free(&whole);
	buf_free(&want);
	buf_free(&pkg);
	doc_free(d);
	*row_tags = rows;
	return n;
}

static void
test_streamed_content_many_pieces(void **state)
{
	size_t tags;

	assert_int_equal(check_streamed_doc(state,
	    make_list(8 * ODT_PIECE_ROWS + ODT_PIECE_ROWS / 2), &tags), 9);
}

/* A piece that holds only the last row and the end of the text. */
static void
test_streamed_content_last_row_alone(void **state)
{
	size_t tags, extra;

	(void)check_streamed_doc(state, make_list(0), &extra);
	assert_int_equal(check_streamed_doc(state,
	    make_list(3 * ODT_PIECE_ROWS + 1 - extra), &tags), 4);
	assert_int_equal(tags, 3 * ODT_PIECE_ROWS + 1);
}

static void
test_streamed_content_one_piece(void **state)
{
	size_t tags;

	assert_int_equal(check_streamed_doc(state,
	    make_list(ODT_PIECE_ROWS - 24), &tags), 1);
}

/* --- a package rebuilt over the last one's pieces ----------------------- */

/* The last build's package: its file and its pieces (offsets in it). */
struct last_pkg {
	char		 path[64];
	struct dkept	*v;
	size_t		 n;
	struct dnote	 note;		/* the writer's, for the next build */
};

/*
 * d packaged with a reuse over last (nothing when last->n is 0): the very
 * bytes odt_write gives; last becomes this package. Returns the pieces
 * taken from the last one.
 */
static size_t
package_over(void **state, const struct doc *d, struct last_pkg *last)
{
	struct fx *fx = *state;
	struct buf got, want;
	struct odt_pkg *p;
	struct dreuse r;
	size_t at, i, taken;
	char *err = NULL;
	FILE *f;
	int fd;

	buf_init(&got);
	buf_init(&want);
	write_ok(state, d, MTIME, &want);
	dreuse_init(&r, "program");
	if (last->n > 0) {
		r.old = last->v;
		r.n_old = last->n;
		r.fd = open(last->path, O_RDONLY);
	}
	r.old_note = &last->note;
	p = odt_prepare(d, fx->style, MTIME, NULL, NULL, &r, &err);
	assert_non_null(p);
	assert_true(odt_assemble(p, &got, &at, &err));
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.data, want.data, want.len);
	taken = r.reused;
	assert_true(at > 0);
	for (i = 0; i < r.n_now; i++)
		r.now[i].off += at;
	free(last->v);
	last->v = r.now;
	last->n = r.n_now;
	r.now = NULL;
	dnote_free(&last->note);
	last->note = r.now_note;
	memset(&r.now_note, 0, sizeof(r.now_note));
	dreuse_free(&r);
	if (last->path[0] != '\0')
		unlink(last->path);
	snprintf(last->path, sizeof(last->path), "/tmp/test_odt.XXXXXX");
	assert_true((fd = mkstemp(last->path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(got.data, 1, got.len, f), got.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&got);
	buf_free(&want);
	return taken;
}

/* The long list of a make_list document, its cell (r, c) set to s. */
static void
set_list_cell(struct doc *d, size_t r, size_t c, const char *s)
{
	struct doc_table *t = doc_block_table(cmark_node_last_child(d->body));

	assert_non_null(t);
	t->cells[r * t->n_cols + c] = arena_strdup(&t->text, s);
	free(t->sums);		/* as a new build would digest them */
	t->sums = NULL;
}

/* A list of five pieces, and rows in its third and fourth ones. */
#define FIVE_PIECES	(5 * ODT_PIECE_ROWS - 120)
#define IN_THIRD	(2 * ODT_PIECE_ROWS + ODT_PIECE_ROWS / 2)
#define IN_FOURTH	(3 * ODT_PIECE_ROWS - 72)
/* its middle pieces hold its rows alone: keyed, taken without their text */
_Static_assert(FIVE_PIECES >= PIECES_MIN_ROWS, "a list cut in runs");

static void
test_rebuilt_over_last_package(void **state)
{
	struct doc *d = make_list(FIVE_PIECES);
	struct last_pkg last;
	size_t n;
	FILE *f;

	memset(&last, 0, sizeof(last));
	assert_int_equal(package_over(state, d, &last), 0);
	n = last.n;
	assert_int_equal(n, 5);
	/* nothing changed: every piece, three of them never written */
	assert_int_equal(package_over(state, d, &last), n);
	/* a name in the middle of the third piece: that one alone */
	set_list_cell(d, IN_THIRD, 1, "新疆第97501号有限公司");
	assert_int_equal(package_over(state, d, &last), n - 1);
	/* the first row and the last: the head's piece and the foot's */
	set_list_cell(d, 0, 1, "新疆第9号有限公司");
	set_list_cell(d, FIVE_PIECES - 1, 1, "新疆第87082号有限公司");
	assert_int_equal(package_over(state, d, &last), n - 2);
	/* a name longer than any: its piece, and the widths in the head */
	set_list_cell(d, IN_THIRD, 1, "新疆维吾尔自治区某某某某某某某某有限责任公司");
	assert_int_equal(package_over(state, d, &last), n - 2);
	/*
	 * a place name too long to centre its column: every row's markup
	 * changes, and the column widths in the head
	 */
	set_list_cell(d, IN_FOURTH, 2, "新疆维吾尔自治区巴音郭楞蒙古自治州库尔勒市");
	assert_int_equal(package_over(state, d, &last), 0);
	assert_int_equal(package_over(state, d, &last), n);
	/* the old package cut short in its fourth piece: the rest deflated */
	assert_int_equal(truncate(last.path, (off_t)(last.v[3].off + 7)), 0);
	assert_int_equal(package_over(state, d, &last), 3);
	/* a byte of its second piece changed: that one written again */
	assert_int_equal(package_over(state, d, &last), n);
	assert_non_null(f = fopen(last.path, "r+b"));
	assert_int_equal(fseek(f, (long)(last.v[1].off + last.v[1].len / 2),
	    SEEK_SET), 0);
	assert_int_equal(fputc(0xff, f), 0xff);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(package_over(state, d, &last), n - 1);
	unlink(last.path);
	free(last.v);
	dnote_free(&last.note);
	doc_free(d);
}

/*
 * d packaged with the last build's note (alone: no pieces), against its
 * package from scratch: whether the two are the same bytes.
 */
static bool
same_over_note(void **state, const struct doc *d, const struct dnote *note)
{
	struct fx *fx = *state;
	struct buf got, want;
	struct odt_pkg *p;
	struct dreuse r;
	char *err = NULL;
	bool same;

	buf_init(&got);
	buf_init(&want);
	dreuse_init(&r, "program");
	r.old_note = note;
	assert_non_null(p = odt_prepare(d, fx->style, MTIME, NULL, NULL, &r,
	    &err));
	assert_true(odt_assemble(p, &got, NULL, &err));
	write_ok(state, d, MTIME, &want);
	same = got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
	dreuse_free(&r);
	buf_free(&got);
	buf_free(&want);
	return same;
}

/*
 * The note a package leaves (deflate.h) holds the measures of its long
 * list's cells: a rebuild takes those of the blocks of rows whose digest
 * did not change, and measures and checks only the others. Shown with a
 * cell changed behind its digest's back: the widths stay the last
 * build's, and a character XML cannot carry goes unseen there, but not
 * once its block's digest changed. A note that is not one (cut short, of
 * another list, of another program) is not taken: the cells are measured.
 */
static void
test_rebuilt_with_note(void **state)
{
	struct fx *fx = *state;
	struct doc *d = make_list(FIVE_PIECES);
	struct doc_table *t = doc_block_table(cmark_node_last_child(d->body));
	struct last_pkg last;
	struct odt_pkg *p;
	struct dnote note;
	struct dreuse r;
	char *err = NULL;

	memset(&last, 0, sizeof(last));
	assert_int_equal(package_over(state, d, &last), 0);
	assert_true(last.note.len > 16 + 8 + 16 + 16 * (FIVE_PIECES / 512));
	set_list_cell(d, IN_THIRD, 1, "新疆维吾尔自治区某某某某某某某某有限责任公司");
	assert_int_equal(package_over(state, d, &last), last.n - 2);
	/* a place too long to centre, behind the digest's back: centred still */
	t->cells[7 * t->n_cols + 2] = arena_strdup(&t->text,
	    "新疆维吾尔自治区巴音郭楞蒙古自治州库尔勒市");
	assert_false(same_over_note(state, d, &last.note));
	note = last.note;	/* cut short */
	note.len--;
	assert_true(same_over_note(state, d, &note));
	note.len++;
	note.data = xmalloc(note.len);	/* of a list of a row less */
	memcpy(note.data, last.note.data, note.len);
	memcpy(note.data + 16 + 8, &(uint64_t){ t->n_rows - 1 }, 8);
	assert_true(same_over_note(state, d, &note));
	memcpy(note.data, last.note.data, note.len);	/* of another program */
	note.data[3] ^= 1;
	assert_true(same_over_note(state, d, &note));
	dnote_free(&note);
	/* a control character there goes unseen; once its block changed, not */
	t->cells[7 * t->n_cols + 1] = arena_strdup(&t->text, "新疆\x01公司");
	dreuse_init(&r, "program");
	r.old_note = &last.note;
	assert_non_null(p = odt_prepare(d, fx->style, MTIME, NULL, NULL, &r,
	    &err));
	odt_pkg_free(p);
	set_list_cell(d, IN_FOURTH, 1, "新疆第1号有限公司");
	assert_null(odt_prepare(d, fx->style, MTIME, NULL, NULL, &r, &err));
	assert_non_null(strstr(err, "\\x01"));
	free(err);
	dreuse_free(&r);
	unlink(last.path);
	free(last.v);
	dnote_free(&last.note);
	doc_free(d);
}

/* Tab, line feed and carriage return are allowed, and become ODF elements. */
static void
test_allowed_whitespace(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE, "acceptance", "甲\t乙\r\n丙");
	struct buf b;
	size_t len;
	char *raw;

	buf_init(&b);
	write_ok(state, d, MTIME, &b);
	raw = entry(&b, "content.xml", &len);
	assert_non_null(strstr(raw, "甲<text:tab/>乙<text:line-break/>丙"));
	free(raw);
	buf_free(&b);
	doc_free(d);
}

/*
 * zip.c zips a package itself: the very bytes libzip writes for it, for
 * documents of one piece and of many, and for a flat document's package;
 * at a timestamp before 1980 too (DOS dates start there).
 */
static void
zip_as_libzip(void **state, struct doc *d, long long mtime)
{
	struct buf own, lib;

	buf_init(&own);
	buf_init(&lib);
	write_ok(state, d, mtime, &own);
	zip_with_libzip = true;
	write_ok(state, d, mtime, &lib);
	zip_with_libzip = false;
	assert_int_equal(own.len, lib.len);
	assert_memory_equal(own.data, lib.data, own.len);
	buf_free(&own);
	buf_free(&lib);
	doc_free(d);
}

static void
test_zip_as_libzip(void **state)
{
	struct buf own, lib;
	char *data, *err = NULL;
	size_t len;

	zip_as_libzip(state, make_notice(), MTIME);
	zip_as_libzip(state, make_decision(), MTIME);
	zip_as_libzip(state, make_list(3 * ODT_PIECE_ROWS), MTIME);
	zip_as_libzip(state, make_notice(), 0);
	data = file_read(TEMPLATES "/" ODT_TEMPLATE, &len);
	assert_non_null(data);
	buf_init(&own);
	buf_init(&lib);
	assert_true(odt_package_flat(data, len, ODT_TEMPLATE, MTIME, &own,
	    &err));
	zip_with_libzip = true;
	assert_true(odt_package_flat(data, len, ODT_TEMPLATE, MTIME, &lib,
	    &err));
	zip_with_libzip = false;
	assert_int_equal(own.len, lib.len);
	assert_memory_equal(own.data, lib.data, own.len);
	free(data);
	buf_free(&own);
	buf_free(&lib);
}

/*
 * Where odt_assemble says content.xml's bytes start, the package holds
 * them: those libzip reads as the entry's compressed data, whichever
 * wrote the zip.
 */
static void
content_at_is(void **state, struct doc *d, bool with_libzip)
{
	struct fx *fx = *state;
	struct odt_pkg *p;
	struct buf b;
	zip_stat_t st;
	zip_file_t *f;
	zip_t *za;
	char *err = NULL, *z;
	size_t at = 0;

	buf_init(&b);
	zip_with_libzip = with_libzip;
	p = odt_prepare(d, fx->style, MTIME, NULL, NULL, NULL, &err);
	assert_non_null(p);
	assert_true(odt_assemble(p, &b, &at, &err));
	zip_with_libzip = false;
	za = open_zip(&b);
	assert_int_equal(zip_stat(za, "content.xml", 0, &st), 0);
	z = xmalloc((size_t)st.comp_size);
	assert_non_null(f = zip_fopen(za, "content.xml", ZIP_FL_COMPRESSED));
	assert_int_equal(zip_fread(f, z, st.comp_size),
	    (zip_int64_t)st.comp_size);
	zip_fclose(f);
	assert_true(at > 0 && at + (size_t)st.comp_size <= b.len);
	assert_memory_equal(b.data + at, z, (size_t)st.comp_size);
	zip_discard(za);
	free(z);
	buf_free(&b);
	doc_free(d);
}

static void
test_content_at(void **state)
{
	content_at_is(state, make_notice(), false);
	content_at_is(state, make_notice(), true);
	content_at_is(state, make_list(3 * ODT_PIECE_ROWS), false);
	content_at_is(state, make_list(3 * ODT_PIECE_ROWS), true);
}

/* --- the template ---------------------------------------------------------- */

static char *
temp_templates(const char *find, const char *replace)
{
	char tmpl[64], *data;
	const char *hit;
	struct buf b;
	size_t len;

	assert_int_equal(scratch_make(tmpl, sizeof(tmpl), "gongshi-odt"), 0);
	data = file_read(TEMPLATES "/" ODT_TEMPLATE, &len);
	assert_non_null(data);
	hit = strstr(data, find);
	assert_non_null(hit);
	buf_init(&b);
	buf_add(&b, data, (size_t)(hit - data));
	buf_puts(&b, replace);
	buf_puts(&b, hit + strlen(find));
	scratch_put(tmpl, ODT_TEMPLATE, b.data, b.len);
	buf_free(&b);
	free(data);
	return xstrdup(tmpl);
}

static void
remove_templates(char *dir)
{
	assert_int_equal(scratch_remove(dir), 0);
	free(dir);
}

static void
test_style_missing(void **state)
{
	char *dir = temp_templates("style:name=\"附注\"", "style:name=\"附记\"");
	struct odt_style *st;
	struct diag d;

	(void)state;
	diag_init(&d);
	st = odt_style_load(dir, &d);
	assert_null(st);
	assert_int_equal(d.errors, 1);
	assert_true(diag_has(&d, NULL, -1, "\"附注\""));
	diag_free(&d);
	remove_templates(dir);
}

static void
test_style_not_xml(void **state)
{
	char *dir = temp_templates("<office:body>", "<office:body>&bad;");
	struct odt_style *st;
	struct diag d;

	(void)state;
	diag_init(&d);
	st = odt_style_load(dir, &d);
	assert_null(st);
	assert_int_equal(d.errors, 1);
	assert_true(d.items[0].line > 1);
	assert_non_null(strstr(d.items[0].msg, "XML"));
	diag_free(&d);
	remove_templates(dir);
}

static void
test_style_no_file(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	assert_null(odt_style_load("/nonexistent", &d));
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.items[0].file, "/nonexistent/odt/"));
	diag_free(&d);
}

/* What LibreOffice adds in its own namespaces does not reach styles.xml. */
static void
test_style_extensions_dropped(void **state)
{
	char *dir = temp_templates("<office:font-face-decls>",
	    "<office:font-face-decls xmlns:loext=\"urn:org:documentfoundation:"
	    "names:experimental:office:xmlns:loext:1.0\" loext:x=\"1\">"
	    "<loext:thing/>");
	struct odt_style *st;
	struct diag d;

	(void)state;
	diag_init(&d);
	st = odt_style_load(dir, &d);
	assert_non_null(st);
	assert_null(strstr(st->styles_xml, "loext"));
	assert_non_null(strstr(st->styles_xml, "<office:document-styles"));
	assert_null(strstr(st->styles_xml, "office:body"));
	assert_null(strstr(st->styles_xml, "office:mimetype"));
	odt_style_free(st);
	diag_free(&d);
	remove_templates(dir);
}

/* --- titles ---------------------------------------------------------------- */

/*
 * Numbers, dates, phone numbers and 发文字号 come out joined (U+2060
 * between their characters) inside the no-break marks; the rest as it was.
 */
static void
test_glue(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "第十三条", "第十三条" },
		{ "共5个", "共5个" },
		{ "2025年度", "\x01" "2\u20600\u20602\u20605\u2060年\x02" "度" },
		{ "电话0991-5550100。", "电话\x01" "0\u20609\u20609\u20601"
		    "\u2060-\u20605\u20605\u20605\u20600\u20601\u20600\u20600\x02" "。" },
		{ "（新政发〔2025〕45号）", "（\x01新\u2060政\u2060发\u2060〔"
		    "\u20602\u20600\u20602\u20605\u2060〕\u20604\u20605\u2060号\x02）" },
		{ "7月30日认定", "\x01" "7\u2060月\u20603\u20600\u2060日\x02认定" },
		{ "〔〕", "〔〕" },
		{ "第１号", "第\x01１\u2060号\x02" },	/* a full-width digit */
		{ "１", "１" },
		{ "", "" },
	};
	static const char long_prefix[] = "新疆维吾尔自治区人民政府质量奖"
	    "新疆维吾尔自治区人民政府质量奖新疆维吾尔自治区人民政府质量奖"
	    "新疆维吾尔自治区人民政府质量奖";
	char *s, *long_in, *long_out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = odt_glue(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
		/* the writer skips odt_glue() when it would change nothing */
		if (strcmp(cases[i].in, cases[i].out) != 0)
			assert_true(odt_glue_needed(cases[i].in));
	}
	/* a long text (past the writer's stack arrays) is glued the same */
	long_in = xasprintf("%s电话0991-5550100。", long_prefix);
	long_out = xasprintf("%s电话\x01" "0\u20609\u20609\u20601\u2060-\u2060"
	    "5\u20605\u20605\u20600\u20601\u20600\u20600\x02" "。", long_prefix);
	s = odt_glue(long_in);
	assert_string_equal(s, long_out);
	free(s);
	free(long_in);
	free(long_out);
	assert_false(odt_glue_needed("伊犁河谷示范农业科技有限公司"));
	assert_false(odt_glue_needed("〔〕 ＡＢ"));
}

/*
 * Column widths: the 版心's width in all; the column of regions whole (its
 * longest, 巴音郭楞蒙古自治州, on one line) while the long names wrap; no
 * name's last line a single character.
 */
static void
test_table_layout(void **state)
{
	static const char *const rows[][4] = {
		{ "1", "伊犁河谷示范农业科技有限公司", "伊犁哈萨克自治州",
		    "伊犁哈萨克自治州市场监督管理局" },
		{ "2", "兵团示范番茄制品有限公司", "新疆生产建设兵团",
		    "新疆生产建设兵团市场监督管理局" },
		{ "3", "巴州示范香梨产业有限公司", "巴音郭楞蒙古自治州",
		    "巴音郭楞蒙古自治州市场监督管理局" },
		{ "4", "乌鲁木齐示范中医医院", "乌鲁木齐市", "自治区卫生健康委员会" },
		{ "5", "克拉玛依示范石化装备有限公司", "克拉玛依市",
		    "克拉玛依市市场监督管理局" },
	};
	static const char *const heads[] = { "序号", "组织名称", "所在地区", "推荐单位" };
	struct doc_table *t = doc_table_new("受理名单", 4);
	double width[4], sum = 0;
	bool centre[4];
	size_t r, c, len, per;

	(void)state;
	for (c = 0; c < 4; c++)
		doc_table_set_header(t, c, heads[c]);
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
		doc_table_add_row(t, rows[r]);
	odt_table_layout(t, NULL, width, centre);
	for (c = 0; c < 4; c++)
		sum += width[c];
	assert_true(sum > ODT_TEXT_WIDTH_PT - 0.01 && sum < ODT_TEXT_WIDTH_PT + 0.01);
	assert_true(centre[0]);
	assert_false(centre[1]);
	/* 9 characters of 14 pt and the cell's padding */
	assert_true(width[2] >= 9 * 14 + 8);
	for (c = 1; c < 4; c += 2) {
		per = (size_t)((width[c] - 8) / 14);
		assert_true(per >= 6);
		for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			len = odt_text_units(rows[r][c]) / 2;
			if (len > per && len % per == 1)
				fail_msg("%s: one character alone in %zu a line",
				    rows[r][c], per);
		}
	}
	doc_table_free(t);
}

/*
 * A table wider than the layout's columns on the stack (eight): laid out
 * the same way, each column in proportion, summing to the 版心.
 */
static void
test_table_layout_wide(void **state)
{
	const char *row[12];
	char cells[12][32];
	struct doc_table *t = doc_table_new("宽表", 12);
	double width[12], sum = 0;
	bool centre[12];
	size_t c;

	(void)state;
	for (c = 0; c < 12; c++) {
		snprintf(cells[c], sizeof(cells[c]), "第%zu列的内容", c + 1);
		row[c] = cells[c];
		doc_table_set_header(t, c, "列");
	}
	doc_table_add_row(t, row);
	odt_table_layout(t, NULL, width, centre);
	for (c = 0; c < 12; c++) {
		assert_true(width[c] > 8);
		sum += width[c];
	}
	assert_true(sum > ODT_TEXT_WIDTH_PT - 0.01 && sum < ODT_TEXT_WIDTH_PT + 0.01);
	doc_table_free(t);
}

/*
 * The widths a package's table gets from the cells measured as they are
 * checked (odt_measures) are those the layout measures itself: the same
 * content.xml, for cells of every kind the measure counts apart (ASCII,
 * twenty ASCII bytes whose floating-point sum is taken, two- and
 * four-byte characters, empty cells, a cell past the longest counted).
 */
static void
test_table_layout_measured(void **state)
{
	struct fx *fx = *state;
	static const char *const kinds[] = {
		"12345678901234567890", "ABC", "Café Zürich 有限公司",
		"\xF0\xA0\x80\x80\xF0\xA0\x80\x81公司", "", "新疆",
		"1234567890123456789012345678901234567890有限公司",
	};
	struct doc *d = make_doc(DOC_NOTICE, "acceptance", "新疆某某有限公司");
	struct doc_table *t = doc_table_new("名单", 3);
	struct buf want, pkg;
	char num[32], *got, longest[700];
	const char *row[3];
	size_t i, len;

	memset(longest, 0, sizeof(longest));
	for (i = 0; i + 3 < sizeof(longest); i += 3)
		memcpy(longest + i, "长", 3);
	doc_table_set_header(t, 0, "序号");
	doc_table_set_header(t, 1, "名称");
	doc_table_set_header(t, 2, "备注");
	for (i = 0; i < 60; i++) {
		snprintf(num, sizeof(num), "%zu", i + 1);
		row[0] = num;
		row[1] = kinds[i % 7];
		row[2] = i == 30 ? longest : kinds[(i / 7) % 7];
		doc_table_add_row(t, row);
	}
	cmark_node_append_child(d->body, doc_table_node(t));
	buf_init(&want);
	buf_init(&pkg);
	assert_true(odt_content_xml(d, fx->style, &want, NULL, NULL, NULL,
	    NULL));
	write_ok(state, d, MTIME, &pkg);
	got = entry(&pkg, "content.xml", &len);
	assert_int_equal(len, want.len);
	assert_memory_equal(got, want.data, len);
	free(got);
	buf_free(&want);
	buf_free(&pkg);
	doc_free(d);
}

static void
test_title_lines(void **state)
{
	const char *t = "新疆维吾尔自治区人民政府关于表彰第八届新疆维吾尔自治区"
	    "人民政府质量奖获奖组织的决定";
	char *s, *line, *p;
	size_t n = 0, min = 99, max = 0, u;

	(void)state;
	s = odt_title_lines("短标题", 22);
	assert_string_equal(s, "短标题");
	free(s);
	s = odt_title_lines("已经\n断好", 22);
	assert_string_equal(s, "已经\n断好");
	free(s);
	s = odt_title_lines(t, 22);
	p = s;
	while ((line = strsep(&p, "\n")) != NULL) {
		u = odt_text_units(line) / 2;
		n++;
		if (u < min)
			min = u;
		if (u > max)
			max = u;
		assert_false(str_has_prefix(line, "，"));
	}
	assert_int_equal(n, 3);
	assert_true(max <= 20);		/* 20 characters of 22 pt fill the line */
	assert_true(min >= 8);		/* no lonely character at the end */
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mimetype_first_stored),
		cmocka_unit_test(test_entries_order_time_extra),
		cmocka_unit_test(test_timestamp_is_utc),
		cmocka_unit_test(test_zip_as_libzip),
		cmocka_unit_test(test_content_at),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_valid_notice),
		cmocka_unit_test(test_valid_decision),
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_schema_rejects),
		cmocka_unit_test(test_notice_content),
		cmocka_unit_test(test_decision_content),
		cmocka_unit_test(test_long_issuer_mark),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_meta_private),
		cmocka_unit_test(test_control_char_in_title),
		cmocka_unit_test(test_control_char_in_cell),
		cmocka_unit_test(test_control_char_in_body),
		cmocka_unit_test(test_bad_sequences_in_cells),
		cmocka_unit_test(test_good_sequences_in_cells),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_allowed_whitespace),
		cmocka_unit_test(test_streamed_content_many_pieces),
		cmocka_unit_test(test_streamed_content_last_row_alone),
		cmocka_unit_test(test_streamed_content_one_piece),
		cmocka_unit_test(test_table_layout_measured),
		cmocka_unit_test(test_rebuilt_with_note),
		cmocka_unit_test(test_rebuilt_over_last_package),
		cmocka_unit_test(test_style_missing),
		cmocka_unit_test(test_style_not_xml),
		cmocka_unit_test(test_style_no_file),
		cmocka_unit_test(test_style_extensions_dropped),
		cmocka_unit_test(test_title_lines),
		cmocka_unit_test(test_glue),
		cmocka_unit_test(test_table_layout),
		cmocka_unit_test(test_table_layout_wide),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
