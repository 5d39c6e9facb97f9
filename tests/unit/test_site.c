/*
 * site_compose, rendered, over a small site and state built by hand: the
 * files it writes, the pages' head and links (every relative link resolves
 * to a file of the build), the cycle page's stages, timeline and certificates,
 * the feed and the sitemap (well-formed, absolute URLs, dates from the
 * records), privacy, escaping, determinism, and template errors that name
 * the template file. Uses the real templates/ of the project.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/util.h"
#include "base/val.h"
#include "compose/site.h"
#include "format/doc.h"
#include "publish/outset.h"
#include "rules/state.h"
#include "testlib.h"

#define TEMPLATES	"../templates"
#define HOSTILE		"<script>alert(1)</script>{{x}}&amp;*[x](javascript:alert(1))"

/* Everything one test site is made of. */
struct fixture {
	struct site		 site;
	struct cycle		 cycle;
	struct org		 orgs[2];
	struct state		 st;
	struct cycle_state	 cs;
	struct certificate	 certs[2];
	struct certificate	*cert_ptrs[2];
	struct org		*accepted[2];
	struct doc		*docs[4];
	struct site_doc		 sdocs[4];
	size_t			 n_docs;
	struct outset		 out;
	struct diag		 diag;
};

static struct doc *
notice(const char *name, const char *title, day_t date, enum doc_kind kind)
{
	struct doc *d = doc_new(kind, name);

	tl_doc_body(d, "# 一、说明\n\n根据有关规定，现予公示。\n", HOSTILE);
	d->year = 2025;
	d->title = xstrdup(title);
	d->date = date;
	d->signature = xstrdup("自治区质量强区工作领导小组办公室（自治区市场监督管理局）");
	d->description = xstrdup("一句话说明");
	return d;
}

static void
set_notice(struct cycle *c, enum notice_kind k, day_t date, const char *number)
{
	c->notices[k].present = true;
	c->notices[k].date = date;
	c->notices[k].until = DAY_NONE;
	c->notices[k].number = (char *)number;
}

/*
 * with_decision: the decision is published (certificates show); else the
 * cycle stops at the acceptance list and the later lists stay unpublished.
 */
static struct fixture *
fixture_new(bool with_decision)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	int k;

	f->site.yaml = tl_site_yaml();
	f->site.title = val_get_str(f->site.yaml, "title");
	f->site.base_url = val_get_str(f->site.yaml, "base_url");
	f->site.cycles = &f->cycle;
	f->site.n_cycles = 1;
	f->cycle.year = 2025;
	f->cycle.edition = 8;
	f->cycle.application_deadline = date_from_ymd(2025, 6, 30);
	set_notice(&f->cycle, NOTICE_CALL, date_from_ymd(2025, 4, 1), "新质强办〔2025〕3号");
	set_notice(&f->cycle, NOTICE_ACCEPTANCE, date_from_ymd(2025, 7, 15), NULL);
	f->cycle.orgs = f->orgs;
	f->cycle.n_orgs = 2;
	f->orgs[0].name = "新疆甲公司 " HOSTILE;
	f->orgs[1].name = "新疆乙公司";
	for (k = 0; k < 2; k++) {
		f->orgs[k].contact = "SECRET-CONTACT";
		f->orgs[k].phone = "SECRET-PHONE";
		f->orgs[k].email = "secret@example.com";
		f->orgs[k].industry = "SECRET-INDUSTRY";
		f->orgs[k].confidential = ORG_FIELD_INDUSTRY;
		f->accepted[k] = &f->orgs[k];
	}

	f->st.site = &f->site;
	f->st.cycles = &f->cs;
	f->st.n_cycles = 1;
	f->cs.cycle = &f->cycle;
	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		f->cs.window_end[k] = DAY_NONE;
	f->cs.window_end[NOTICE_ACCEPTANCE] = date_from_ymd(2025, 7, 21);
	f->cs.window_days[NOTICE_ACCEPTANCE] = 5;
	f->cs.accepted.orgs = f->accepted;
	f->cs.accepted.n = 2;
	/* Derived already, but not published unless with_decision. */
	f->cs.approved_award.orgs = f->accepted;
	f->cs.approved_award.n = 1;
	f->cs.approved_nomination.orgs = f->accepted + 1;
	f->cs.approved_nomination.n = 1;
	f->cs.proposed_award = f->cs.approved_award;
	f->cs.proposed_nomination = f->cs.approved_nomination;
	f->certs[0] = (struct certificate){ .number = "XJZLJ-2025-A01",
	    .org = &f->orgs[0], .cycle = &f->cycle, .kind = RESULT_AWARD };
	f->certs[1] = (struct certificate){ .number = "XJZLJ-2025-N01",
	    .org = &f->orgs[1], .cycle = &f->cycle, .kind = RESULT_NOMINATION,
	    .revoked = true };
	f->cert_ptrs[0] = &f->certs[0];
	f->cert_ptrs[1] = &f->certs[1];
	f->cs.certs = f->cert_ptrs;
	f->cs.n_certs = 2;
	f->st.certs = f->certs;
	f->st.n_certs = 2;

	f->docs[0] = notice("call", "关于开展2025年度新疆质量奖申报工作的通知",
	    date_from_ymd(2025, 4, 1), DOC_NOTICE);
	f->docs[0]->number = xstrdup("新质强办〔2025〕3号");
	f->docs[1] = notice("acceptance", "2025年度新疆质量奖受理名单公示 " HOSTILE,
	    date_from_ymd(2025, 7, 15), DOC_NOTICE);
	f->docs[2] = notice("通知 a&b", "关于评审会议安排的通知",
	    date_from_ymd(2025, 8, 1), DOC_NOTICE);
	f->n_docs = 3;
	if (with_decision) {
		set_notice(&f->cycle, NOTICE_PROPOSAL, date_from_ymd(2025, 11, 20), NULL);
		f->cs.window_end[NOTICE_PROPOSAL] = date_from_ymd(2025, 11, 26);
		f->cs.window_days[NOTICE_PROPOSAL] = 5;
		set_notice(&f->cycle, NOTICE_DECISION, date_from_ymd(2025, 12, 20),
		    "新政发〔2025〕45号");
		f->docs[3] = notice("decision", "关于表彰2025年度新疆质量奖获奖组织的决定",
		    date_from_ymd(2025, 12, 20), DOC_DECISION);
		f->docs[3]->issuer_mark = xstrdup("新疆维吾尔自治区人民政府文件");
		f->docs[3]->number = xstrdup("新政发〔2025〕45号");
		f->n_docs = 4;
	}
	for (k = 0; k < (int)f->n_docs; k++) {
		f->sdocs[k].doc = f->docs[k];
		f->sdocs[k].has_odt = k != 2;	/* the office's own: no ODT */
		f->sdocs[k].kept = false;
	}
	outset_init(&f->out);
	diag_init(&f->diag);
	return f;
}

static void
fixture_free(struct fixture *f)
{
	size_t i;

	for (i = 0; i < f->n_docs; i++)
		doc_free(f->docs[i]);
	val_free(f->site.yaml);
	outset_free(&f->out);
	diag_free(&f->diag);
	free(f);
}

static struct fixture *
built(bool with_decision)
{
	struct fixture *f = fixture_new(with_decision);
	char *odt;
	size_t i;

	/* The build adds the ODT files before the site. */
	for (i = 0; i < f->n_docs; i++)
		if (f->sdocs[i].has_odt) {
			odt = xasprintf("site/2025/%s.odt", f->docs[i]->name);
			outset_add_copy(&f->out, odt, "PK", 2);
			free(odt);
		}
	if (!tl_site_write(&f->st, f->sdocs, f->n_docs, TEMPLATES, &f->out, &f->diag))
		diag_print(&f->diag, stderr);
	assert_int_equal(f->diag.errors, 0);
	return f;
}

static const char *
file(const struct fixture *f, const char *path)
{
	return tl_file(&f->out, path);
}

static void
test_files(void **state)
{
	struct fixture *f = built(true);
	static const char *const paths[] = {
		"site/index.html", "site/2025/index.html", "site/2025/call.html",
		"site/2025/call.md", "site/2025/acceptance.html",
		"site/2025/acceptance.md", "site/2025/decision.html",
		"site/2025/通知 a&b.html", "site/2025/通知 a&b.md",
		"site/feed.xml", "site/sitemap.xml", "site/assets/style.css",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		file(f, paths[i]);
	assert_null(outset_find(&f->out, "site/2025/通知 a&b.odt"));
	/* Nothing outside site/. */
	for (i = 0; i < f->out.n; i++)
		assert_true(str_has_prefix(f->out.files[i].path, "site/"));
	assert_non_null(strstr(file(f, "site/2025/call.md"), "# 关于开展"));
	fixture_free(f);
}

static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar *s = xmlGetProp(n, (const xmlChar *)name);
	char *r = s != NULL ? xstrdup((char *)s) : NULL;

	xmlFree(s);
	return r;
}

/* Every page: HTML5 head, no script, relative links that all resolve. */
static void
check_page(const struct fixture *f, const char *path)
{
	const char *s = file(f, path);
	htmlDocPtr h = tl_parse_html(s);
	xmlNodePtr el[256];
	size_t n, i;
	char *v, *target;

	assert_true(str_has_prefix(s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
	/* One <title> in the head (an SVG may have its own). */
	n = tl_find_all(h, "title", el, 256);
	assert_true(n >= 1);
	assert_string_equal((const char *)el[0]->parent->name, "head");
	for (i = 1; i < n; i++)
		assert_string_not_equal((const char *)el[i]->parent->name, "head");
	assert_int_equal(tl_find_all(h, "script", el, 256), 0);
	assert_null(strstr(s, "<script"));
	assert_int_equal(tl_find_all(h, "main", el, 256), 1);
	n = tl_find_all(h, "a", el, 256);
	assert_true(n > 3);
	n += tl_find_all(h, "link", el + n, 256 - n);
	for (i = 0; i < n; i++) {
		v = prop(el[i], "href");
		assert_non_null(v);
		if (strcmp(v, "#main") == 0) {
			free(v);
			continue;
		}
		/* Relative, and to a file of this build. */
		assert_null(strstr(v, "://"));
		assert_false(v[0] == '/');
		target = tl_resolve(path, v);
		if (outset_find(&f->out, target) == NULL)
			print_message("%s: link %s to %s: no such file\n", path, v,
			    target);
		assert_non_null(outset_find(&f->out, target));
		free(target);
		free(v);
	}
	xmlFreeDoc(h);
}

static void
test_pages(void **state)
{
	struct fixture *f = built(true);
	size_t i;

	(void)state;
	for (i = 0; i < f->out.n; i++)
		if (str_has_suffix(f->out.files[i].path, ".html"))
			check_page(f, f->out.files[i].path);
	fixture_free(f);
}

/* Nothing private reaches any file of the site. */
static void
test_privacy(void **state)
{
	struct fixture *f = built(true);

	(void)state;
	tl_assert_private(&f->out);
	fixture_free(f);
}

static void
test_escaped(void **state)
{
	struct fixture *f = built(true);
	const char *index = file(f, "site/index.html");
	const char *page = file(f, "site/2025/acceptance.html");
	htmlDocPtr h = tl_parse_html(page);
	xmlNodePtr el[8];
	xmlChar *t;

	(void)state;
	assert_int_equal(tl_find_all(h, "title", el, 8), 1);
	t = xmlNodeGetContent(el[0]);
	assert_true(str_has_prefix((char *)t, "2025年度新疆质量奖受理名单公示 " HOSTILE " - "));
	xmlFree(t);
	assert_int_equal(tl_find_all(h, "h1", el, 8), 1);
	t = xmlNodeGetContent(el[0]);
	assert_string_equal((char *)t, "2025年度新疆质量奖受理名单公示 " HOSTILE);
	xmlFree(t);
	xmlFreeDoc(h);
	assert_non_null(strstr(index, "&lt;script&gt;alert(1)&lt;/script&gt;{{x}}&amp;amp;*[x](javascript:alert(1))"));
	assert_null(strstr(index, "<script"));
	assert_non_null(strstr(file(f, "site/2025/index.html"),
	    "<th scope=\"row\">新疆甲公司 &lt;script&gt;"));
	fixture_free(f);
}

/* A notice page links to its formats, its cycle and the index. */
static void
test_notice_links(void **state)
{
	struct fixture *f = built(true);
	const char *a = file(f, "site/2025/acceptance.html");
	const char *own = file(f, "site/2025/通知 a&b.html");

	(void)state;
	assert_non_null(strstr(a, "href=\"acceptance.md\""));
	assert_non_null(strstr(a, "href=\"acceptance.odt\""));
	assert_non_null(strstr(a, "href=\"index.html\""));
	assert_non_null(strstr(a, "href=\"../index.html\""));
	assert_non_null(strstr(a, "<article class=\"doc doc-notice\">"));
	/* No ODT: no link; a name with a space and & is URL-encoded. */
	assert_null(strstr(own, ".odt\""));
	assert_non_null(strstr(own, "href=\"%E9%80%9A%E7%9F%A5%20a%26b.md\""));
	assert_non_null(strstr(file(f, "site/2025/decision.html"),
	    "<p class=\"issuer-mark\">新疆维吾尔自治区人民政府文件</p>"));
	fixture_free(f);
}

/* The index lists every notice, newest first. */
static void
test_index_order(void **state)
{
	struct fixture *f = built(true);
	const char *s = file(f, "site/index.html");
	const char *dec = strstr(s, "href=\"2025/decision.html\"");
	const char *own = strstr(s, "href=\"2025/%E9%80%9A%E7%9F%A5%20a%26b.html\"");
	const char *acc = strstr(s, "href=\"2025/acceptance.html\"");
	const char *call = strstr(s, "href=\"2025/call.html\"");

	(void)state;
	assert_non_null(dec);
	assert_non_null(own);
	assert_non_null(acc);
	assert_non_null(call);
	assert_true(dec < own && own < acc && acc < call);
	assert_non_null(strstr(s, "href=\"2025/index.html\""));
	assert_non_null(strstr(s, "公示期：2025年7月15日至7月21日（5个工作日）"));
	fixture_free(f);
}

static void
test_cycle_page(void **state)
{
	struct fixture *f = built(true);
	const char *s = file(f, "site/2025/index.html");
	htmlDocPtr h = tl_parse_html(s);
	xmlNodePtr el[64];
	size_t n, i;
	char *v;

	(void)state;
	/* The timeline: an accessible inline SVG, a bar per window. */
	assert_non_null(strstr(s, "<svg class=\"timeline-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\""));
	assert_non_null(strstr(s, "<title id=\"timeline-title\">2025年度评审时间轴</title>"));
	assert_non_null(strstr(s, "受理名单公示：2025年7月15日至2025年7月21日。"));
	assert_non_null(strstr(s, "申报截止：2025年6月30日。"));
	n = 0;
	for (i = 0; (s = strstr(s, "<rect class=\"tl-bar\"")) != NULL; s++, i++)
		continue;
	assert_int_equal(i, 2);	/* acceptance and proposal */
	s = file(f, "site/2025/index.html");
	assert_non_null(strstr(s, "2025年7月15日至7月21日（5个工作日）"));
	assert_non_null(strstr(s, "2个组织"));
	assert_non_null(strstr(s, "质量奖1个、质量奖提名奖1个"));
	/* Tables have captions and header cells. */
	n = tl_find_all(h, "table", el, 64);
	assert_int_equal(n, 2);
	assert_int_equal(tl_find_all(h, "caption", el, 64), 2);
	n = tl_find_all(h, "th", el, 64);
	for (i = 0; i < n; i++) {
		v = prop(el[i], "scope");
		assert_non_null(v);
		assert_true(strcmp(v, "col") == 0 || strcmp(v, "row") == 0);
		free(v);
	}
	/* Certificates: status shown; no verify page yet, so no link. */
	assert_non_null(strstr(s, "XJZLJ-2025-A01"));
	assert_non_null(strstr(s, "已撤销"));
	assert_null(strstr(s, "verify/"));
	xmlFreeDoc(h);
	fixture_free(f);
}

/* With its verify page in the build, a certificate links to it. */
static void
test_verify_link(void **state)
{
	struct fixture *f = fixture_new(true);

	(void)state;
	outset_add_copy(&f->out, "site/verify/XJZLJ-2025-A01.html", "x", 1);
	assert_true(tl_site_write(&f->st, f->sdocs, f->n_docs, TEMPLATES, &f->out,
	    &f->diag));
	assert_non_null(strstr(file(f, "site/2025/index.html"),
	    "<a href=\"../verify/XJZLJ-2025-A01.html\">XJZLJ-2025-A01</a>"));
	fixture_free(f);
}

/* Before the decision: no certificates, no counts of unpublished lists. */
static void
test_unpublished(void **state)
{
	struct fixture *f = built(false);
	const char *s = file(f, "site/2025/index.html");

	(void)state;
	assert_null(strstr(s, "XJZLJ-2025"));
	assert_null(strstr(s, "质量奖1个"));
	assert_null(strstr(s, "新疆乙公司"));
	assert_non_null(strstr(s, "尚未发布"));
	assert_non_null(strstr(s, "2个组织"));
	fixture_free(f);
}

static xmlDocPtr
parse_xml(const char *s)
{
	xmlDocPtr x = xmlReadMemory(s, (int)strlen(s), NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	assert_non_null(x);
	return x;
}

static size_t
count_named(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			k++;
		k += count_named(n->children, name);
	}
	return k;
}

static void
test_feed(void **state)
{
	struct fixture *f = built(true);
	const char *s = file(f, "site/feed.xml");
	xmlDocPtr x = parse_xml(s);
	xmlNodePtr root = xmlDocGetRootElement(x);

	(void)state;
	assert_string_equal((const char *)root->name, "feed");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2005/Atom");
	assert_int_equal(count_named(root->children, "entry"), f->n_docs);
	/* Dates from the records: the newest notice. */
	assert_non_null(strstr(s, "<updated>2025-12-20T00:00:00+08:00</updated>\n<author>"));
	assert_non_null(strstr(s, "<id>https://zlj.example.gov.cn/2025/decision.html</id>"));
	assert_non_null(strstr(s, "<id>https://zlj.example.gov.cn/2025/%E9%80%9A%E7%9F%A5%20a%26b.html</id>"));
	assert_non_null(strstr(s, "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://zlj.example.gov.cn/feed.xml\"/>"));
	assert_non_null(strstr(s, "2025年度新疆质量奖受理名单公示 &lt;script&gt;"));
	xmlFreeDoc(x);
	fixture_free(f);
}

static void
test_sitemap(void **state)
{
	struct fixture *f = built(true);
	const char *s = file(f, "site/sitemap.xml");
	xmlDocPtr x = parse_xml(s);
	xmlNodePtr root = xmlDocGetRootElement(x);

	(void)state;
	assert_string_equal((const char *)root->name, "urlset");
	assert_string_equal((const char *)root->ns->href,
	    "http://www.sitemaps.org/schemas/sitemap/0.9");
	/* The root, the cycle and each notice. */
	assert_int_equal(count_named(root->children, "url"), 2 + f->n_docs);
	assert_non_null(strstr(s, "<url><loc>https://zlj.example.gov.cn/</loc><lastmod>2025-12-20</lastmod></url>"));
	assert_non_null(strstr(s, "<loc>https://zlj.example.gov.cn/2025/call.html</loc><lastmod>2025-04-01</lastmod>"));
	xmlFreeDoc(x);
	fixture_free(f);
}

static void
test_deterministic(void **state)
{
	struct fixture *a = built(true), *b = built(true);
	size_t i;

	(void)state;
	assert_int_equal(a->out.n, b->out.n);
	for (i = 0; i < a->out.n; i++) {
		assert_string_equal(a->out.files[i].path, b->out.files[i].path);
		assert_int_equal(a->out.files[i].len, b->out.files[i].len);
		assert_memory_equal(a->out.files[i].data, b->out.files[i].data,
		    a->out.files[i].len);
	}
	fixture_free(a);
	fixture_free(b);
}

static void
check_error(const char *file, const char *text, const char *where, int line,
    const char *what)
{
	struct fixture *f = fixture_new(true);
	char *dir = tl_templates_with(TEMPLATES, file, text);
	char *path = xasprintf("%s/%s", dir, where);

	assert_false(tl_site_write(&f->st, f->sdocs, f->n_docs, dir, &f->out, &f->diag));
	if (!diag_has(&f->diag, path, line, what))
		diag_print(&f->diag, stderr);
	assert_true(diag_has(&f->diag, path, line, what));
	free(path);
	tl_remove_dir(dir);
	fixture_free(f);
}

static void
test_template_errors(void **state)
{
	(void)state;
	/* An unclosed section, a misspelt name, a missing partial, a missing file. */
	check_error("layout/page.html", "<!DOCTYPE html>\n{{#site}}\n", "layout/page.html", 2, "");
	check_error("layout/cycle.html", "<p>\n{{yaer}}</p>\n", "layout/cycle.html", 2, "yaer");
	check_error("layout/header.html", "<p>{{> nosuch}}</p>\n", "layout/header.html", 1, "nosuch");
	check_error("layout/footer.html", "<p>\n\n{{site.titel}}</p>\n", "layout/footer.html", 3, "titel");
	check_error("layout/feed.xml", NULL, "layout/feed.xml", 0, "");
	check_error("assets/style.css", NULL, "assets/style.css", 0, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_privacy),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_notice_links),
		cmocka_unit_test(test_index_order),
		cmocka_unit_test(test_cycle_page),
		cmocka_unit_test(test_verify_link),
		cmocka_unit_test(test_unpublished),
		cmocka_unit_test(test_feed),
		cmocka_unit_test(test_sitemap),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_template_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
