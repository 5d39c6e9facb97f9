/*
 * render: a notice's page is assembled in one pass (page.html, its layout,
 * the notice's HTML written straight into the output where the layout has
 * its article). The bytes must be those of the plain way, which renders
 * the layout with the article as a string value, then page.html with the
 * result as content; checked for layouts that use the article raw,
 * escaped, in a section, twice, or not at all, and an empty layout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/document.h"
#include "compose/mustache.h"
#include "format/doc.h"
#include "format/escape.h"
#include "format/html.h"
#include "render/render.h"
#include "testlib.h"

#define TEMPLATES	"../templates"

/* Every way a page.html may use its content. */
static const char page_html[] =
    "<title>{{title}}</title>\n"
    "{{#content}}<main>{{{content}}}</main>{{/content}}"
    "{{^content}}<p>empty</p>{{/content}}\n"
    "<pre>{{content}}</pre>\n";

static const char *const layouts[] = {
	"<nav>{{title}}</nav>\n{{{article}}}\n<aside>{{title}}</aside>\n",
	"<pre>{{article}}</pre>",
	"{{#article}}[{{{.}}}]{{/article}}{{&article}}{{^article}}none{{/article}}",
	"<p>{{title}} without the article</p>",
	"",
};

static struct doc *
make_notice(void)
{
	static const char *const cols[] = { "序号", "组织名称" };
	static const char *const row[] = { "1", "<甲&乙>" };
	static const char *const *const rows[] = { row };
	struct doc *d = doc_new(DOC_NOTICE, "acceptance");

	tl_doc_body(d, "# 一、总则\n\n正文 *强调*\n", "a & b");
	tl_doc_table(d, "受理名单", cols, 2, rows, 1);
	tl_doc_records(d, "关于<受理>的公示", "自治区质量强区工作领导小组办公室");
	return d;
}

static void
write_file(const char *dir, const char *file, const char *text)
{
	char *path = xasprintf("%s/%s", dir, file);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* The plain way: every value a string, each template rendered in turn. */
static char *
plain_page(const struct doc *notice, const char *layout)
{
	struct mustache_opts o = { .escape = escape_html_fn, .strict = true };
	struct val *ctx = val_map();
	struct buf article, content, page;
	char *err = NULL;

	buf_init(&article);
	buf_init(&content);
	buf_init(&page);
	html_write(notice, &article);
	val_set_str(ctx, "title", notice->title);
	val_set_str(ctx, "article", buf_cstr(&article));
	assert_true(mustache_render(layout, strlen(layout), ctx, &o, &content,
	    &err));
	val_set_str(ctx, "content", buf_cstr(&content));
	assert_true(mustache_render(page_html, strlen(page_html), ctx, &o, &page,
	    &err));
	val_free(ctx);
	buf_free(&article);
	buf_free(&content);
	return buf_detach(&page);
}

static void
take(void *arg, const char *path, struct buf *b)
{
	(void)path;
	*(char **)arg = buf_detach(b);
}

static char *
rendered_page(const char *templates, const struct doc *notice)
{
	struct document_list l;
	struct document *d;
	struct diag diag;
	char *got = NULL;

	diag_init(&diag);
	documents_init(&l);
	d = documents_add(&l, DOCUMENT_PAGE, "site/2025/acceptance.html");
	d->layout = xstrdup("notice.html");
	d->ctx = val_map();
	val_set_str(d->ctx, "title", notice->title);
	d->notice = notice;
	assert_true(render_documents(&l, 0, templates, take, &got, &diag));
	documents_free(&l);
	diag_free(&diag);
	return got;
}

static void
test_as_plain(void **state)
{
	struct doc *notice = make_notice();
	char *dir = tl_templates_with(TEMPLATES, "layout/page.html", page_html);
	char *got, *want;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(layouts) / sizeof(*layouts); k++) {
		write_file(dir, "layout/notice.html", layouts[k]);
		got = rendered_page(dir, notice);
		want = plain_page(notice, layouts[k]);
		if (strcmp(got, want) != 0)
			fail_msg("layout %zu:\ngot:\n%s\nwant:\n%s", k, got, want);
		free(got);
		free(want);
	}
	tl_remove_dir(dir);
	doc_free(notice);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
