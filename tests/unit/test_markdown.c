/*
 * markdown_write and escape_markdown_text: whatever a value holds, the
 * Markdown shows it as typed. Checked by parsing the output with cmark
 * (the text comes back the same), by rendering it with cmark to HTML
 * (nothing a value holds becomes an element), and by re-reading the
 * pipe tables as GFM does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/util.h"
#include "format/doc.h"
#include "format/escape.h"
#include "format/markdown.h"
#include "testlib.h"

#define HOSTILE "A&B *c* _d_ a|b [x](javascript:alert(1)) {{x}} <b>bold</b> " \
	"<script>alert(1)</script> 'q' \"dq\" \\| 1. # > - ` ~~~ &amp; &#65;"

static const char *const cols[] = { "序号", "组织名称", "推荐单位" };
static const char *const row1[] = { "1", "<script>alert(1)</script>", "a|b & c" };
static const char *const row2[] = { "2", "[x](javascript:alert(1))", "{{x}} *_y_*" };
static const char *const row3[] = { "3", "\\|end\\", "  spaced | cell  " };

static const char body_tmpl[] =
    "# 一、总则\n\n"
    "根据**《办法》**第十一条，现将*名单*公示如下：\n"
    "第二行 with `co``de` and ``` ` ``` and a hard  \nbreak.\n\n"
    "## （一）范围\n\n"
    "[ok](https://example.org/a?b=1&c=2 \"T \\\"q\\\"\") [rel](<../a b.html>)\n\n"
    "1. one\n2. two\n   - nested *a*\n   - nested b\n\n"
    "   para in two\n\n"
    "3) other list\n\n"
    "- x\n- y\n\n"
    "* z\n\n"
    "> quoted\n> - in list\n>\n> ```\n> code ``` in\n>\n> quote\n> ```\n\n"
    "```sh\nplain `code`\n    indented\n```\n\n"
    "***\n\n"
    "#### 深层\n\n"
    "###### 最深\n\n"
    "Setext\n======\n";

static struct doc *
make_doc(enum doc_kind kind, const char *tmpl)
{
	static const char *const *const rows[] = { row1, row2, row3 };
	struct doc *d = doc_new(kind, "acceptance");

	tl_doc_body(d, tmpl, HOSTILE);
	tl_doc_table(d, "受理名单 <i>&</i> | *x*", cols, 3, rows, 3);
	tl_doc_records(d, "关于" HOSTILE "的公示",
	    "    自治区质量强区工作领导小组办公室（自治区市场监督管理局）");
	return d;
}

static char *
render(const struct doc *d)
{
	struct buf b;

	buf_init(&b);
	markdown_write(d, &b);
	return buf_detach(&b);
}

/* All text of a cmark tree: text and code literals; breaks and blocks as \n. */
static char *
tree_text(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n;
	struct buf b;
	const char *s;

	buf_init(&b);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if ((s = cmark_node_get_literal(n)) != NULL)
				buf_puts(&b, s);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(&b, '\n');
			break;
		default:
			if (ev == CMARK_EVENT_EXIT &&
			    cmark_node_get_type(n) < CMARK_NODE_FIRST_INLINE)
				buf_putc(&b, '\n');
			break;
		}
	}
	cmark_iter_free(it);
	buf_cstr(&b);
	return buf_detach(&b);
}

static char *
md_text(const char *md)
{
	cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	char *s = tree_text(root);
	size_t n = strlen(s);

	cmark_node_free(root);
	while (n > 0 && s[n - 1] == '\n')	/* the closing of the blocks */
		s[--n] = '\0';
	return s;
}

/*
 * escape then parse gives back s, newlines and tabs being spaces; also
 * in the middle of a line (after "x"), where fewer characters need a
 * backslash.
 */
static void
check_roundtrip(const char *s)
{
	struct buf b;
	char *back, *want = xstrdup(s), *mid, *p;

	for (p = want; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n')	/* one line break */
			memmove(p, p + 1, strlen(p));
		if (*p == '\n' || *p == '\t' || *p == '\r')
			*p = ' ';
	}
	buf_init(&b);
	escape_markdown_text(&b, s, strlen(s));
	back = md_text(buf_cstr(&b));
	if (strcmp(back, want) != 0)
		print_message("in:   [%s]\nmd:   [%s]\nback: [%s]\n", s,
		    buf_cstr(&b), back);
	assert_string_equal(back, want);
	free(back);
	buf_reset(&b);
	buf_puts(&b, "x");
	escape_markdown_span(&b, s, strlen(s), false, true);
	back = md_text(buf_cstr(&b));
	mid = xasprintf("x%s", want);
	if (strcmp(back, mid) != 0)
		print_message("in:   [%s]\nmd:   [%s]\nback: [%s]\n", s,
		    buf_cstr(&b), back);
	assert_string_equal(back, mid);
	free(mid);
	free(back);
	free(want);
	buf_free(&b);
}

/* Random cells come back from a pipe table read the GFM way. */
static void check_cells(char cells[][64], size_t n);

static void
test_escape_roundtrip(void **state)
{
	static const char *const cases[] = {
		HOSTILE, "1. item", "1) item", "2025. 年", "# h", "###### h",
		"- x", "+ x", "* x", "> q", "    code", "\tcode", "  lead",
		"trail  ", "trail\\", "\\", "a\\b", "a\nb", "a\r\nb", "===",
		"---", "***", "___", "- - -", "`code`", "``", "~~~", "&amp;",
		"&#x41;", "&copy", "<http://x.cn>", "<a@b.cn>", "![i](x.png)",
		"[foo]: /url", "[foo]", "www.example.com", "|a|b|", "a | b",
		"<!-- c -->", "<?php ?>", "<![CDATA[x]]>", "**", "*_*_",
		"中文*强调*（括号）", "  ", "", "x\n\n\ny", "1.", "10)", "12345678901.",
		"\\*not\\*", "{{x}}", "{{{x}}}", "$x$", "@user", "%20", "a_b_c",
		"https://example.org/a_b*c", "<script>", "</p>",
	};
	size_t i, j, n;
	/* Random strings over the characters that matter. */
	static const char *const atoms[] = {
		"!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-",
		".", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "^",
		"_", "`", "{", "|", "}", "~", " ", "  ", "\n", "a", "1", "9.",
		"中", "（", "）", "《", "》", "、", "&amp;", "&#32;", "<b>", "http://",
		"12", "1234567890", "0991-5550100", "- ", "+ ", "= ", "1) ", "3. ",
	};
	char cells[30][64];
	size_t k = 0;
	char s[256];
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_roundtrip(cases[i]);
	for (i = 0; i < 20000; i++) {
		s[0] = '\0';
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % 12;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(s, atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))]);
		}
		check_roundtrip(s);
		/* Thirty strings at a time make a table of ten rows. */
		if (strlen(s) < 64 && strchr(s, '\n') == NULL &&
		    strchr(s, '\r') == NULL) {
			strcpy(cells[k++], s);
			if (k == 30) {
				check_cells(cells, 30);
				k = 0;
			}
		}
	}
}

static void
count_elements(xmlNodePtr n, const char *name, size_t *k)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			(*k)++;
		count_elements(n->children, name, k);
	}
}

static size_t
elements(htmlDocPtr h, const char *name)
{
	size_t k = 0;

	count_elements(xmlDocGetRootElement(h), name, &k);
	return k;
}

/* Collapses runs of white space, as a browser shows text. */
static char *
visible(htmlDocPtr h)
{
	xmlChar *s = xmlNodeGetContent(xmlDocGetRootElement(h));
	char *out = xmalloc(strlen((char *)s) + 1), *o = out;
	const char *p;

	for (p = (const char *)s; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\t' || *p == ' ') {
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	xmlFree(s);
	return out;
}

/* cmark's own HTML of the Markdown shows the values as text, no elements. */
static void
test_hostile_in_cmark_html(void **state)
{
	struct doc *d = make_doc(DOC_DECISION, body_tmpl);
	char *md = render(d), *html, *text;
	htmlDocPtr h;
	size_t i;

	(void)state;
	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	h = tl_parse_html(html);
	assert_int_equal(elements(h, "script"), 0);
	assert_int_equal(elements(h, "b"), 0);
	assert_int_equal(elements(h, "i"), 0);
	assert_int_equal(elements(h, "h1"), 1);
	/* Only the two safe links of the template. */
	assert_int_equal(elements(h, "a"), 2);
	assert_null(strstr(html, "href=\"javascript"));
	text = visible(h);
	assert_non_null(strstr(text, "关于" HOSTILE "的公示"));
	assert_non_null(strstr(text, " " HOSTILE " "));
	for (i = 0; i < 3; i++) {
		assert_non_null(strstr(text, cols[i]));
		assert_non_null(strstr(text, row1[i]));
		assert_non_null(strstr(text, row2[i]));
	}
	assert_non_null(strstr(text, "抄送：自治区党委办公厅 & <b>。"));
	free(text);
	xmlFreeDoc(h);
	free(html);
	free(md);
	doc_free(d);
}

/* Every value comes back from cmark's parse, in order. */
static void
test_text_comes_back(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE, "正文。\n");
	char *md = render(d), *text = md_text(md);
	const char *want[] = {
		d->title, d->number, "正文。", HOSTILE, "自治区质量强区",
		"2025年12月20日", "（此件公开发布）",
	};
	const char *p = text;
	size_t i;
	cmark_node *root = cmark_parse_document(md, strlen(md), 0);
	cmark_node *first = cmark_node_first_child(root);
	char *title;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = strstr(p, want[i]);
		if (p == NULL)
			print_message("missing in order: [%s]\n%s\n", want[i], text);
		assert_non_null(p);
	}
	/* The title is the one level-1 heading, exactly. */
	assert_int_equal(cmark_node_get_type(first), CMARK_NODE_HEADING);
	assert_int_equal(cmark_node_get_heading_level(first), 1);
	title = tree_text(first);
	title[strlen(title) - 1] = '\0';
	assert_string_equal(title, d->title);
	/* The signature's leading spaces survive and make no code block. */
	assert_non_null(strstr(text, d->signature));
	assert_null(strstr(md, "\n    自治区"));
	free(title);
	cmark_node_free(root);
	free(text);
	free(md);
	doc_free(d);
}

/* Splits a table row at its unescaped pipes, as GFM does. */
static size_t
split_row(const char *line, char cells[][128], size_t max)
{
	size_t n = 0, k = 0;
	const char *p;

	assert_true(line[0] == '|');
	for (p = line + 1; *p != '\0' && *p != '\n'; p++) {
		if (*p == '|' && p[-1] != '\\') {
			cells[n][k] = '\0';
			if (++n == max)
				break;
			k = 0;
			continue;
		}
		assert_true(k < 127);
		cells[n][k++] = *p;
	}
	return n;
}

/* The text GFM gives a cell: \| unescaped first, trimmed, then inline parsing. */
static char *
gfm_cell_text(const char *raw)
{
	char *s = xstrdup(raw), *o = s, *t;
	const char *p;

	for (p = raw; *p != '\0'; p++) {
		if (p[0] == '\\' && p[1] == '|')
			continue;
		*o++ = *p;
	}
	*o = '\0';
	t = md_text(str_trim(s));
	free(s);
	return t;
}

static void
check_cells(char cells[][64], size_t n)
{
	struct doc *d = doc_new(DOC_NOTICE, "x");
	struct doc_table *t = doc_table_new("c", 3);
	const char *row[3], *line;
	char got[8][128], *text, *want;
	size_t r, c;

	d->title = xstrdup("t");
	for (c = 0; c < 3; c++)
		doc_table_set_header(t, c, "h");
	for (r = 0; r < n / 3; r++) {
		for (c = 0; c < 3; c++)
			row[c] = cells[r * 3 + c];
		doc_table_add_row(t, row);
	}
	cmark_node_append_child(d->body, doc_table_node(t));
	text = render(d);
	line = strstr(text, "| --- | --- | --- |\n");
	assert_non_null(line);
	line = strchr(line, '\n') + 1;
	for (r = 0; r < n / 3; r++, line = strchr(line, '\n') + 1) {
		assert_int_equal(split_row(line, got, 8), 3);
		for (c = 0; c < 3; c++) {
			char *cell = gfm_cell_text(got[c]);

			/* GFM trims a cell, but &#32; keeps its spaces. */
			want = xstrdup(cells[r * 3 + c]);
			for (char *p = want; *p != '\0'; p++)
				if (*p == '\t')
					*p = ' ';
			if (strcmp(cell, want) != 0)
				print_message("cell [%s] came back [%s] from [%s]\n",
				    want, cell, got[c]);
			assert_string_equal(cell, want);
			free(want);
			free(cell);
		}
	}
	free(text);
	doc_free(d);
}

static void
test_table_shape(void **state)
{
	struct doc *d = make_doc(DOC_NOTICE, "");
	char *md = render(d);
	const char *line = strstr(md, "\n| "), *const *rows[] = { cols, row1, row2, row3 };
	char cells[8][128], *cell;
	size_t r, c;
	struct buf b;
	cmark_node *root, *para, *strong;

	(void)state;
	/* The caption precedes the table as a strong paragraph. */
	buf_init(&b);
	buf_puts(&b, "\n\n**");
	escape_markdown_text(&b, "受理名单 <i>&</i> | *x*", strlen("受理名单 <i>&</i> | *x*"));
	buf_puts(&b, "**\n\n| ");
	assert_non_null(strstr(md, buf_cstr(&b)));
	root = cmark_parse_document(b.data, b.len, 0);
	para = cmark_node_first_child(root);
	strong = cmark_node_first_child(para);
	assert_int_equal(cmark_node_get_type(strong), CMARK_NODE_STRONG);
	cell = tree_text(strong);
	assert_string_equal(cell, "受理名单 <i>&</i> | *x*");
	free(cell);
	cmark_node_free(root);
	buf_free(&b);
	assert_non_null(line);
	line++;
	for (r = 0; r < 5; r++) {
		assert_int_equal(split_row(line, cells, 8), 3);
		for (c = 0; c < 3; c++) {
			if (r == 1) {
				assert_string_equal(cells[c], " --- ");
				continue;
			}
			cell = gfm_cell_text(cells[c]);
			assert_string_equal(cell, rows[r < 1 ? 0 : r - 1][c]);
			free(cell);
		}
		line = strchr(line, '\n') + 1;
	}
	/* A blank line ends the table. */
	assert_true(*line == '\n');
	free(md);
	doc_free(d);
}

/*
 * Renders a tree to HTML with cmark, every heading made level 1 (the
 * levels are checked on their own), and lists the levels in order.
 */
static char *
body_html(cmark_node *root, char *levels)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			*levels++ = (char)('0' + cmark_node_get_heading_level(n));
			cmark_node_set_heading_level(n, 1);
		}
	}
	*levels = '\0';
	cmark_iter_free(it);
	return cmark_render_html(root, CMARK_OPT_DEFAULT);
}

/* The body's structure survives; headings nest under the title, no level skipped. */
static void
test_body_structure(void **state)
{
	struct doc *d = doc_new(DOC_NOTICE, "x");
	cmark_node *orig = cmark_parse_document(body_tmpl, strlen(body_tmpl), 0);
	cmark_node *back;
	char *md, *want, *got, lv_orig[16], lv_back[16];

	(void)state;
	cmark_node_free(d->body);
	d->body = cmark_parse_document(body_tmpl, strlen(body_tmpl), 0);
	d->title = xstrdup("T");
	md = render(d);
	back = cmark_parse_document(md, strlen(md), 0);
	cmark_node_free(cmark_node_first_child(back));	/* the title */
	want = body_html(orig, lv_orig);
	got = body_html(back, lv_back);
	if (strcmp(want, got) != 0)
		print_message("md:\n%s\nwant:\n%s\ngot:\n%s\n", md, want, got);
	assert_string_equal(want, got);
	/* # 一、 ## （一） #### ###### then a setext level 1. */
	assert_string_equal(lv_orig, "12461");
	assert_string_equal(lv_back, "23452");
	assert_non_null(strstr(md, "\n## 一、总则\n"));
	assert_non_null(strstr(md, "\n### （一）范围\n"));
	assert_non_null(strstr(md, "\n#### 深层\n"));
	assert_non_null(strstr(md, "\n##### 最深\n"));
	free(want);
	free(got);
	cmark_node_free(back);
	cmark_node_free(orig);
	free(md);
	doc_free(d);
}

static void
test_decision_parts(void **state)
{
	struct doc *d = make_doc(DOC_DECISION, "正文。\n");
	char *md = render(d);
	const char *mark, *number, *rule, *title, *copy, *printed;

	(void)state;
	mark = strstr(md, "**新疆维吾尔自治区人民政府文件**\n");
	number = strstr(md, "\n新政发〔2025〕45号\n");
	rule = strstr(md, "\n***\n");
	title = strstr(md, "\n# 关于");
	copy = strstr(md, "\n抄送：自治区党委办公厅 \\& \\<b\\>。\n");
	printed = strstr(md, "\n自治区人民政府办公厅 2025年12月21日印发\n");
	assert_true(mark == md);
	assert_non_null(number);
	assert_non_null(rule);
	assert_non_null(title);
	assert_non_null(copy);
	assert_non_null(printed);
	assert_true(number < rule && rule < title && title < copy && copy < printed);
	assert_non_null(strstr(md, "\n各州、市人民政府：\n"));
	/* One newline at the end, no blank line. */
	assert_true(md[strlen(md) - 1] == '\n' && md[strlen(md) - 2] != '\n');
	free(md);
	doc_free(d);
}

static void
test_raw_html_and_links(void **state)
{
	static const char tmpl[] = "<div onclick=\"x()\">raw</div>\n\n"
	    "a <i>b</i> [bad](javascript:alert(1)) [ok](https://x.cn/)\n\n"
	    "注意\\![ok2](https://y.cn/)\n";
	struct doc *d = make_doc(DOC_NOTICE, tmpl);
	char *md = render(d), *html;

	(void)state;
	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT);
	assert_null(strstr(html, "<div"));
	assert_null(strstr(html, "<i>"));
	assert_non_null(strstr(html, "&lt;div onclick=&quot;x()&quot;&gt;raw&lt;/div&gt;"));
	assert_non_null(strstr(html, "a &lt;i&gt;b&lt;/i&gt; bad <a href=\"https://x.cn/\">ok</a>"));
	/* A "!" before a link does not make it an image. */
	assert_non_null(strstr(html, "注意!<a href=\"https://y.cn/\">ok2</a>"));
	assert_null(strstr(html, "<img"));
	free(html);
	free(md);
	doc_free(d);
}

static void
test_deterministic(void **state)
{
	struct doc *a = make_doc(DOC_DECISION, body_tmpl);
	struct doc *b = make_doc(DOC_DECISION, body_tmpl);
	char *x = render(a), *y = render(b), *z = render(a);

	(void)state;
	assert_string_equal(x, y);
	assert_string_equal(x, z);
	free(x); free(y); free(z);
	doc_free(a);
	doc_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_roundtrip),
		cmocka_unit_test(test_hostile_in_cmark_html),
		cmocka_unit_test(test_text_comes_back),
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_body_structure),
		cmocka_unit_test(test_decision_parts),
		cmocka_unit_test(test_raw_html_and_links),
		cmocka_unit_test(test_deterministic),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
