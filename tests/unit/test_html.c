/*
 * html_write: values shown as typed, template HTML and unsafe links
 * neutralised, headings shifted, accessible tables, the parts of a
 * decision, determinism. The fragment is read back with libxml2's HTML
 * parser, so the checks are about what a browser would see.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/util.h"
#include "format/doc.h"
#include "format/escape.h"
#include "format/html.h"
#include "testlib.h"

#define HOSTILE "A&B *c* _d_ a|b [x](javascript:alert(1)) {{x}} <b>bold</b> " \
	"<script>alert(1)</script> 'q' \"dq\""

static const char *const cols[] = { "序号", "组织名称", "推荐单位" };
static const char *const row1[] = { "1", "<script>alert(1)</script>", "a|b & c" };
static const char *const row2[] = { "2", "[x](javascript:alert(1))", "{{x}} *_y_*" };

/*
 * A notice as the composer makes it: the template's Markdown parsed by
 * cmark, then record values added as text nodes and a table block.
 */
static struct doc *
make_doc(enum doc_kind kind)
{
	static const char tmpl[] =
	    "# 一、总则\n\n"
	    "根据规定，现将名单公示如下：\n\n"
	    "## （一）范围\n\n"
	    "<div onclick=\"evil()\">raw block</div>\n\n"
	    "Inline <i>raw</i> html, *em*, **strong**, `code`.\n\n"
	    "[ok](https://example.org/a?b=1&c=2) [rel](<../a b\"'\\<\\>.html>) "
	    "[mail](mailto:zlj@example.gov.cn) [bad](javascript:alert(1)) "
	    "[bad2](data:text/html,x) [bad3](JAVASCRIPT:x)\n\n"
	    "- one\n- two\n\n"
	    "> quoted\n\n"
	    "***\n";
	static const char *const *const rows[] = { row1, row2 };
	struct doc *d = doc_new(kind, "acceptance");

	tl_doc_body(d, tmpl, HOSTILE);
	tl_doc_table(d, "受理名单 <i>&</i>", cols, 3, rows, 2);
	tl_doc_records(d, "关于" HOSTILE "的公示",
	    "自治区质量强区工作领导小组办公室（自治区市场监督管理局）");
	return d;
}

static char *
render(const struct doc *d)
{
	struct buf b;

	buf_init(&b);
	html_write(d, &b);
	return buf_detach(&b);
}

static bool
text_eq(xmlNodePtr n, const char *want, bool say)
{
	xmlChar *s = xmlNodeGetContent(n);
	bool ok = strcmp((const char *)s, want) == 0;

	if (!ok && say)
		print_message("text: [%s]\nwant: [%s]\n", (char *)s, want);
	xmlFree(s);
	return ok;
}

static bool
text_is(xmlNodePtr n, const char *want)
{
	return text_eq(n, want, true);
}

static bool
text_has(xmlNodePtr n, const char *want)
{
	xmlChar *s = xmlNodeGetContent(n);
	bool ok = strstr((const char *)s, want) != NULL;

	if (!ok)
		print_message("text: [%s]\nmissing: [%s]\n", (char *)s, want);
	xmlFree(s);
	return ok;
}

static const char *
attr(xmlNodePtr n, const char *name)
{
	static char v[512];
	xmlChar *s = xmlGetProp(n, (const xmlChar *)name);

	if (s == NULL)
		return NULL;
	snprintf(v, sizeof(v), "%s", (char *)s);
	xmlFree(s);
	return v;
}

static void
test_values_shown_as_typed(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE);
	char *html = render(d);
	htmlDocPtr h = tl_parse_html(html);
	xmlNodePtr el[64];
	size_t n, i;

	(void)state;
	/* No element a value or the template could have injected. */
	assert_int_equal(tl_find_all(h, "script", el, 64), 0);
	assert_int_equal(tl_find_all(h, "b", el, 64), 0);
	assert_int_equal(tl_find_all(h, "i", el, 64), 0);
	assert_int_equal(tl_find_all(h, "div", el, 64), 2);	/* doc-body, table-wrap */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "onclick=\""));

	assert_int_equal(tl_find_all(h, "h1", el, 64), 1);
	assert_true(text_is(el[0], "关于" HOSTILE "的公示"));
	n = tl_find_all(h, "p", el, 64);
	for (i = 0; i < n; i++)
		if (text_eq(el[i], HOSTILE, false))
			break;
	assert_true(i < n);
	/* Raw HTML of the template is text. */
	assert_true(text_has(xmlDocGetRootElement(h), "<div onclick=\"evil()\">raw block</div>"));
	assert_true(text_has(xmlDocGetRootElement(h), "Inline <i>raw</i> html"));

	xmlFreeDoc(h);
	free(html);
	doc_free(d);
}

static void
test_links(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE);
	char *html = render(d);
	htmlDocPtr h = tl_parse_html(html);
	xmlNodePtr el[16];
	size_t n;

	(void)state;
	n = tl_find_all(h, "a", el, 16);
	assert_int_equal(n, 3);
	assert_string_equal(attr(el[0], "href"), "https://example.org/a?b=1&c=2");
	assert_string_equal(attr(el[1], "href"), "../a%20b%22'%3C%3E.html");
	assert_non_null(strstr(html, "href=\"https://example.org/a?b=1&amp;c=2\""));
	assert_string_equal(attr(el[2], "href"), "mailto:zlj@example.gov.cn");
	/* Refused targets leave their text. */
	assert_true(text_has(xmlDocGetRootElement(h), "bad bad2 bad3"));
	assert_null(strstr(html, "javascript:alert(1)\""));
	assert_null(strstr(html, "href=\"data:"));

	assert_true(url_is_safe("https://x.cn/"));
	assert_true(url_is_safe("HTTP://x.cn/"));
	assert_true(url_is_safe("a/b:c"));
	assert_true(url_is_safe("#top"));
	assert_false(url_is_safe("javascript:x"));
	assert_false(url_is_safe(" javascript:x"));
	assert_false(url_is_safe("java\nscript:x"));
	assert_true(url_is_safe("a b.html"));
	assert_false(url_is_safe("java\tscript:x"));
	assert_false(url_is_safe("vbscript:x"));
	assert_false(url_is_safe("//evil.example/"));
	assert_false(url_is_safe("file:///etc/passwd"));

	xmlFreeDoc(h);
	free(html);
	doc_free(d);
}

static void
test_structure(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE);
	char *html = render(d);
	htmlDocPtr h = tl_parse_html(html);
	xmlNodePtr el[16];

	(void)state;
	/* Body level 1 → h2, level 2 → h3: the title is the only h1. */
	assert_int_equal(tl_find_all(h, "h2", el, 16), 1);
	assert_true(text_is(el[0], "一、总则"));
	assert_int_equal(tl_find_all(h, "h3", el, 16), 1);
	assert_true(text_is(el[0], "（一）范围"));
	assert_int_equal(tl_find_all(h, "h1", el, 16), 1);
	assert_int_equal(tl_find_all(h, "em", el, 16), 1);
	assert_int_equal(tl_find_all(h, "strong", el, 16), 1);
	assert_int_equal(tl_find_all(h, "code", el, 16), 1);
	assert_int_equal(tl_find_all(h, "li", el, 16), 2);
	assert_int_equal(tl_find_all(h, "blockquote", el, 16), 1);
	assert_int_equal(tl_find_all(h, "hr", el, 16), 1);
	assert_int_equal(tl_find_all(h, "article", el, 16), 1);
	assert_string_equal(attr(el[0], "class"), "doc doc-notice");
	/* The number of a notice follows its title; the footer closes. */
	assert_int_equal(tl_find_all(h, "footer", el, 16), 1);
	assert_true(text_has(el[0], "自治区质量强区工作领导小组办公室"));
	assert_true(text_has(el[0], "2025年12月20日"));
	assert_true(text_has(el[0], "（此件公开发布）"));
	assert_int_equal(tl_find_all(h, "time", el, 16), 1);
	assert_string_equal(attr(el[0], "datetime"), "2025-12-20");
	assert_non_null(strstr(html, "</h1>\n<p class=\"doc-number\">新政发〔2025〕45号</p>"));
	assert_null(strstr(html, "issuer-mark"));
	assert_null(strstr(html, "抄送"));

	xmlFreeDoc(h);
	free(html);
	doc_free(d);
}

static void
test_table(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE);
	char *html = render(d);
	htmlDocPtr h = tl_parse_html(html);
	xmlNodePtr el[16], cells[32];
	size_t n, k, r, c;

	(void)state;
	assert_int_equal(tl_find_all(h, "table", el, 16), 1);
	assert_int_equal(tl_find_all(h, "caption", el, 16), 1);
	assert_true(text_is(el[0], "受理名单 <i>&</i>"));
	/* The scroll region is named by the caption. */
	assert_int_equal(tl_find_all(h, "div", el, 16), 2);
	assert_string_equal(attr(el[1], "class"), "table-wrap");
	assert_string_equal(attr(el[1], "aria-labelledby"), "table-1");
	tl_find_all(h, "caption", el, 16);
	assert_string_equal(attr(el[0], "id"), "table-1");

	n = tl_find_all(h, "th", cells, 32);
	/* 3 column headers, then the name column of each row. */
	assert_int_equal(n, 3 + 2);
	for (k = 0; k < 3; k++) {
		assert_string_equal(attr(cells[k], "scope"), "col");
		assert_true(text_is(cells[k], cols[k]));
	}
	assert_string_equal(attr(cells[3], "scope"), "row");
	assert_true(text_is(cells[3], row1[1]));
	assert_true(text_is(cells[4], row2[1]));
	assert_int_equal(tl_find_all(h, "thead", el, 16), 1);
	assert_int_equal(tl_find_all(h, "tbody", el, 16), 1);
	n = tl_find_all(h, "tr", el, 16);
	assert_int_equal(n, 3);
	for (r = 1; r < 3; r++) {
		xmlNodePtr cell = el[r]->children;
		const char *const *row = r == 1 ? row1 : row2;

		for (c = 0; c < 3; c++, cell = cell->next) {
			assert_non_null(cell);
			assert_string_equal((const char *)cell->name, c == 1 ? "th" : "td");
			assert_true(text_is(cell, row[c]));
		}
		assert_null(cell);
	}

	xmlFreeDoc(h);
	free(html);
	doc_free(d);
}

static void
test_decision(void **state)
{
	struct doc *d = make_doc(DOC_DECISION);
	char *html = render(d);
	htmlDocPtr h = tl_parse_html(html);
	xmlNodePtr el[32];
	const char *mark, *number, *rule, *title;

	(void)state;
	mark = strstr(html, "<p class=\"issuer-mark\">新疆维吾尔自治区人民政府文件</p>");
	number = strstr(html, "<p class=\"doc-number\">新政发〔2025〕45号</p>");
	rule = strstr(html, "<hr class=\"red-rule\">");
	title = strstr(html, "<h1>");
	/* 版头 in the order of GB/T 9704: mark, number, red rule, then title. */
	assert_non_null(mark);
	assert_non_null(number);
	assert_non_null(rule);
	assert_non_null(title);
	assert_true(mark < number && number < rule && rule < title);
	assert_non_null(strstr(html, "<p class=\"addressee\">各州、市人民政府：</p>"));
	assert_non_null(strstr(html, "doc doc-decision"));
	assert_int_equal(tl_find_all(h, "footer", el, 32), 1);
	assert_true(text_has(el[0], "抄送：自治区党委办公厅 & <b>。"));
	assert_true(text_has(el[0], "自治区人民政府办公厅"));
	assert_true(text_has(el[0], "2025年12月21日印发"));
	assert_int_equal(tl_find_all(h, "b", el, 32), 0);
	assert_int_equal(tl_find_all(h, "time", el, 32), 2);

	xmlFreeDoc(h);
	free(html);
	doc_free(d);
}

static void
test_deterministic(void **state)
{
	struct doc *a = make_doc(DOC_DECISION), *b = make_doc(DOC_DECISION);
	char *x = render(a), *y = render(b), *z = render(a);

	(void)state;
	assert_string_equal(x, y);
	assert_string_equal(x, z);
	free(x); free(y); free(z);
	doc_free(a);
	doc_free(b);
}

static void
test_escape(void **state)
{
	struct buf b;
	static const char in[] = "a&b<c>d\"e'f\x01g\x7fh\xc2\x85i\tj\nk";

	(void)state;
	buf_init(&b);
	escape_html(&b, in, sizeof(in) - 1);
	assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;fghi\tj\nk");
	buf_reset(&b);
	escape_xml(&b, in, sizeof(in) - 1);
	assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&apos;fghi\tj\nk");
	buf_reset(&b);
	/* Chinese is untouched, including the bytes 0x80-0x9f inside it. */
	escape_html(&b, "质量奖（提名奖）", strlen("质量奖（提名奖）"));
	assert_string_equal(buf_cstr(&b), "质量奖（提名奖）");
	buf_free(&b);
}

/* Headings nest under the h1 without a skipped level, whatever the template. */
static void
test_heading_levels(void **state)
{
	static const char md[] = "## 一、甲\n\n#### （一）乙\n\n###### 1. 丙\n\n"
	    "### （二）丁\n\n## 二、戊\n\n# 三、己\n\n##### 深\n";
	static const int want[] = { 2, 3, 4, 3, 2, 2, 3 };
	struct doc *d = doc_new(DOC_NOTICE, "x");
	char *html, tag[8];
	const char *p;
	size_t i;

	(void)state;
	cmark_node_free(d->body);
	d->body = cmark_parse_document(md, sizeof(md) - 1, CMARK_OPT_DEFAULT);
	d->title = xstrdup("t");
	html = render(d);
	p = strstr(html, "</h1>");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = strstr(p + 1, "<h");
		assert_non_null(p);
		snprintf(tag, sizeof(tag), "<h%d>", want[i]);
		if (strncmp(p, tag, strlen(tag)) != 0)
			print_message("heading %zu: %.12s, want %s\n", i, p, tag);
		assert_memory_equal(p, tag, strlen(tag));
	}
	assert_null(strstr(p + 1, "<h"));
	free(html);
	doc_free(d);
}

/* A softbreak inside Chinese is no space; next to ASCII it stays. */
static void
test_softbreak(void **state)
{
	static const char md[] = "第一行\n第二行\n\nline\none\n";
	struct doc *d = doc_new(DOC_NOTICE, "x");
	char *html;

	(void)state;
	cmark_node_free(d->body);
	d->body = cmark_parse_document(md, sizeof(md) - 1, CMARK_OPT_DEFAULT);
	d->title = xstrdup("t");
	html = render(d);
	assert_non_null(strstr(html, "<p>第一行第二行</p>"));
	assert_non_null(strstr(html, "<p>line\none</p>"));
	assert_null(strstr(html, "<footer"));
	free(html);
	doc_free(d);
}
/*
 * A row is written whole, its cells' tags joined: the row header (the
 * name column) may be first, inside, last, or absent, and a row without
 * columns is still a row. The bytes are what a cell-by-cell writer gives.
 */
static void
test_row_bytes(void **state)
{
	static const char *const first[] = { "组织名称", "b", "c" };
	static const char *const mid[] = { "a", "单位名称", "c" };
	static const char *const last[] = { "a", "b", "推荐单位名称" };
	static const char *const none[] = { "a", "b", "c" };
	static const char *const *const heads[] = { first, mid, last, none };
	static const char *const want[] = {
		"<tr><th scope=\"row\">1</th><td>&lt;x&gt;</td><td>z</td></tr>\n",
		"<tr><td>1</td><th scope=\"row\">&lt;x&gt;</th><td>z</td></tr>\n",
		"<tr><td>1</td><td>&lt;x&gt;</td><th scope=\"row\">z</th></tr>\n",
		"<tr><td>1</td><td>&lt;x&gt;</td><td>z</td></tr>\n",
	};
	static const char *const row[] = { "1", "<x>", "z" };
	static const char *const *const rows[] = { row };
	struct doc *d;
	char *html;
	size_t k;

	(void)state;
	for (k = 0; k < 4; k++) {
		d = doc_new(DOC_NOTICE, "acceptance");
		tl_doc_body(d, "正文\n", "x");
		tl_doc_table(d, "名单", heads[k], 3, rows, 1);
		html = render(d);
		if (strstr(html, want[k]) == NULL)
			fail_msg("want %s in:\n%s", want[k], html);
		free(html);
		doc_free(d);
	}
	d = doc_new(DOC_NOTICE, "acceptance");
	tl_doc_body(d, "正文\n", "x");
	tl_doc_table(d, "名单", NULL, 0, rows, 1);
	html = render(d);
	assert_non_null(strstr(html, "<tbody>\n<tr></tr>\n</tbody>"));
	free(html);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_shown_as_typed),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_decision),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_heading_levels),
		cmocka_unit_test(test_softbreak),
		cmocka_unit_test(test_row_bytes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
