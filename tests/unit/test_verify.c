/*
 * verify_compose, rendered: the certificates' public pages (DESIGN §3;
 * art. 18, 20). Over a state built by hand: a valid certificate says 有效
 * and not 已撤销;
 * a revoked one says 已撤销 and links to its revocation decision; a
 * revocation not yet decided leaves 有效; a certificate whose decision is
 * not published has no page; names are escaped; nothing private shows;
 * the index lists them all; with the site composed after it, every link
 * resolves and the cycle page marks the revoked one. Then the sample content/.
 * Uses the real templates/ of the project.
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
#include "compose/verify.h"
#include "format/doc.h"
#include "load/content.h"
#include "publish/outset.h"
#include "rules/state.h"
#include "testlib.h"

#define TEMPLATES	"../templates"
#define HOSTILE		"<script>alert(1)</script>{{x}}&amp;*[x](javascript:alert(1))"

enum { A01, N01, A02, LATER, N_CERTS };

struct fixture {
	struct site		 site;
	struct cycle		 cycles[2];	/* 2025 decided; 2027 not yet */
	struct org		 orgs[N_CERTS];
	struct sanction		 sanctions[2];
	struct state		 st;
	struct cycle_state	 cs[2];
	struct certificate	 certs[N_CERTS];
	struct certificate	*ptrs[N_CERTS];
	struct outset		 out;
	struct diag		 diag;
};

static void
cert(struct fixture *f, int i, const char *number, struct cycle *c,
    enum result kind)
{
	f->certs[i] = (struct certificate){ .number = (char *)number,
	    .org = &f->orgs[i], .cycle = c, .kind = kind };
	f->ptrs[i] = &f->certs[i];
	f->orgs[i].contact = "SECRET-CONTACT";
	f->orgs[i].phone = "SECRET-PHONE";
	f->orgs[i].email = "secret@example.com";
}

/*
 * 2025: A01 valid (a hostile name), N01 revoked by a decided revocation,
 * A02 with a revocation due but not decided. 2027: approved, but its
 * decision is not in cycle.yaml yet.
 */
static struct fixture *
fixture_new(void)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct notice_entry *dec = &f->cycles[0].notices[NOTICE_DECISION];
	int k;

	f->site.yaml = tl_site_yaml();
	f->site.title = val_get_str(f->site.yaml, "title");
	f->site.base_url = val_get_str(f->site.yaml, "base_url");
	f->site.cycles = f->cycles;
	f->site.n_cycles = 2;
	f->cycles[0].year = 2025;
	f->cycles[0].edition = 8;
	f->cycles[1].year = 2027;
	f->cycles[1].edition = 9;
	dec->present = true;
	dec->date = date_from_ymd(2025, 12, 19);
	dec->until = DAY_NONE;
	dec->number = "新政发〔2025〕45号";

	f->orgs[A01].name = "新疆甲公司 " HOSTILE;
	f->orgs[N01].name = "新疆乙公司";
	f->orgs[A02].name = "新疆丙公司";
	f->orgs[LATER].name = "新疆丁公司";
	cert(f, A01, "XJZLJ-2025-A01", &f->cycles[0], RESULT_AWARD);
	cert(f, A02, "XJZLJ-2025-A02", &f->cycles[0], RESULT_AWARD);
	cert(f, N01, "XJZLJ-2025-N01", &f->cycles[0], RESULT_NOMINATION);
	cert(f, LATER, "XJZLJ-2027-A01", &f->cycles[1], RESULT_AWARD);
	f->sanctions[0] = (struct sanction){ .kind = SANCTION_VIOLATION,
	    .date = date_from_ymd(2026, 1, 5),
	    .decided = date_from_ymd(2026, 3, 2), .number = "新政发〔2026〕7号",
	    .note = "SECRET-NOTE" };
	f->sanctions[1] = (struct sanction){ .kind = SANCTION_INCIDENT,
	    .date = date_from_ymd(2026, 2, 1), .decided = DAY_NONE,
	    .note = "SECRET-PENDING" };
	f->certs[N01].revocation = &f->sanctions[0];
	f->certs[N01].revoked = true;
	f->certs[N01].revocation_article = 20;
	f->certs[A02].revocation = &f->sanctions[1];
	f->certs[A02].revocation_article = 20;

	f->st.site = &f->site;
	f->st.cycles = f->cs;
	f->st.n_cycles = 2;
	f->st.certs = f->certs;
	f->st.n_certs = N_CERTS;
	f->st.revocations_pending = 1;
	for (k = 0; k < 2; k++)
		f->cs[k].cycle = &f->cycles[k];
	/* Awards, then nominations, as state_build orders them. */
	f->ptrs[0] = &f->certs[A01];
	f->ptrs[1] = &f->certs[A02];
	f->ptrs[2] = &f->certs[N01];
	f->ptrs[3] = &f->certs[LATER];
	f->cs[0].certs = f->ptrs;
	f->cs[0].n_certs = 3;
	f->cs[1].certs = f->ptrs + 3;
	f->cs[1].n_certs = 1;
	outset_init(&f->out);
	diag_init(&f->diag);
	return f;
}

static void
fixture_free(struct fixture *f)
{
	val_free(f->site.yaml);
	outset_free(&f->out);
	diag_free(&f->diag);
	free(f);
}

static struct fixture *
built(void)
{
	struct fixture *f = fixture_new();

	if (!tl_verify_write(&f->st, TEMPLATES, &f->out, &f->diag))
		diag_print(&f->diag, stderr);
	assert_int_equal(f->diag.errors, 0);
	return f;
}

static const char *
file(const struct fixture *f, const char *path)
{
	return tl_file(&f->out, path);
}

/* The text of the <dd> after the <dt> that says label, or NULL. */
static char *
record(const char *page, const char *label)
{
	htmlDocPtr h = tl_parse_html(page);
	xmlNodePtr dt[32], n;
	xmlChar *t;
	char *r = NULL;
	size_t k, i;

	k = tl_find_all(h, "dt", dt, 32);
	for (i = 0; i < k && r == NULL; i++) {
		t = xmlNodeGetContent(dt[i]);
		if (strcmp((char *)t, label) == 0) {
			for (n = dt[i]->next; n != NULL &&
			    n->type != XML_ELEMENT_NODE; n = n->next)
				continue;
			assert_non_null(n);
			assert_string_equal((const char *)n->name, "dd");
			xmlFree(t);
			t = xmlNodeGetContent(n);
			r = xstrdup((char *)t);
		}
		xmlFree(t);
	}
	xmlFreeDoc(h);
	return r;
}

static void
assert_record(const char *page, const char *label, const char *want)
{
	char *got = record(page, label);

	if (got == NULL || strcmp(got, want) != 0)
		print_message("%s: want '%s', got '%s'\n", label, want,
		    got != NULL ? got : "(none)");
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* An HTML5 page of the site's layout, with no script. */
static void
check_page(const char *s)
{
	assert_true(str_has_prefix(s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"));
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "href=\"../assets/style.css\""));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "://zlj.example.gov.cn/verify/\""));
}

static void
test_valid(void **state)
{
	struct fixture *f = built();
	const char *s = file(f, "site/verify/XJZLJ-2025-A01.html");

	(void)state;
	check_page(s);
	assert_non_null(strstr(s, "<title>证书查询：XJZLJ-2025-A01 - "));
	assert_record(s, "证书编号", "XJZLJ-2025-A01");
	assert_record(s, "奖项", "2025年度新疆维吾尔自治区人民政府质量奖");
	assert_record(s, "获奖年度", "2025年度（第八届）");
	/* The decision by its own title, as notices/decision.md makes it. */
	assert_record(s, "表彰决定", "新疆维吾尔自治区人民政府关于表彰2025年度（第八届）"
	    "新疆维吾尔自治区人民政府质量奖获奖组织的决定（新政发〔2025〕45号），"
	    "2025年12月19日");
	assert_record(s, "状态", "有效");
	assert_record(s, "查验地址",
	    "https://zlj.example.gov.cn/verify/XJZLJ-2025-A01.html");
	assert_non_null(strstr(s, "<a href=\"../2025/decision.html\">"));
	assert_null(strstr(s, "已撤销"));
	assert_null(strstr(s, "revocation-"));
	fixture_free(f);
}

static void
test_revoked(void **state)
{
	struct fixture *f = built();
	const char *s = file(f, "site/verify/XJZLJ-2025-N01.html");
	char *status;

	(void)state;
	check_page(s);
	assert_record(s, "奖项", "2025年度新疆维吾尔自治区人民政府质量奖提名奖");
	status = record(s, "状态");
	assert_non_null(status);
	assert_true(str_has_prefix(status, "已撤销："));
	assert_non_null(strstr(status, "2026年3月2日"));
	assert_non_null(strstr(status, "第二十条"));
	assert_true(str_has_suffix(status, "撤销决定：新政发〔2026〕7号"));
	free(status);
	assert_non_null(strstr(s, "<a href=\"../2025/revocation-XJZLJ-2025-N01.html\">新政发〔2026〕7号</a>"));
	assert_non_null(strstr(s, "<time datetime=\"2026-03-02\">"));
	assert_null(strstr(s, "有效"));
	/* The sanction's note stays in the revocation decision. */
	assert_null(strstr(s, "SECRET-NOTE"));
	fixture_free(f);
}

/* A revocation due but not decided is not public: the page says valid. */
static void
test_pending(void **state)
{
	struct fixture *f = built();
	const char *s = file(f, "site/verify/XJZLJ-2025-A02.html");

	(void)state;
	assert_record(s, "状态", "有效");
	assert_null(strstr(s, "已撤销"));
	assert_null(strstr(s, "撤销决定"));
	assert_null(strstr(s, "SECRET-PENDING"));
	fixture_free(f);
}

/* Only the decided cycle's certificates, and the index. */
static void
test_files(void **state)
{
	struct fixture *f = built();
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < f->out.n; i++) {
		assert_true(str_has_prefix(f->out.files[i].path, "site/verify/"));
		n++;
	}
	assert_int_equal(n, 3 + 1);
	file(f, "site/verify/index.html");
	assert_null(outset_find(&f->out, "site/verify/XJZLJ-2027-A01.html"));
	for (i = 0; i < f->out.n; i++)
		assert_null(strstr(f->out.files[i].data, "XJZLJ-2027"));
	fixture_free(f);
}

/* No certificate is public yet: nothing at all. */
static void
test_none(void **state)
{
	struct fixture *f = fixture_new();

	(void)state;
	f->cycles[0].notices[NOTICE_DECISION].present = false;
	assert_true(tl_verify_write(&f->st, TEMPLATES, &f->out, &f->diag));
	assert_int_equal(f->out.n, 0);
	fixture_free(f);
}

static void
test_escaped(void **state)
{
	struct fixture *f = built();
	const char *s = file(f, "site/verify/XJZLJ-2025-A01.html");
	const char *idx = file(f, "site/verify/index.html");

	(void)state;
	/* Shown as typed: the text of the page is the name itself. */
	assert_record(s, "获奖组织", "新疆甲公司 " HOSTILE);
	assert_non_null(strstr(s, "新疆甲公司 &lt;script&gt;alert(1)&lt;/script&gt;{{x}}&amp;amp;*[x](javascript:alert(1))"));
	assert_non_null(strstr(s, "<meta name=\"description\" content=\"证书编号XJZLJ-2025-A01：新疆甲公司 &lt;script&gt;"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href=\"javascript"));
	assert_non_null(strstr(idx, "<th scope=\"row\">新疆甲公司 &lt;script&gt;"));
	assert_null(strstr(idx, "<script"));
	fixture_free(f);
}

static void
test_privacy(void **state)
{
	struct fixture *f = built();

	(void)state;
	tl_assert_private(&f->out);
	fixture_free(f);
}

/* The row of a certificate in a listing: from its number to </tr>. */
static char *
row(const char *s, const char *number)
{
	const char *a = strstr(s, number), *b;

	assert_non_null(a);
	while (a > s && strncmp(a, "<tr", 3) != 0)
		a--;
	b = strstr(a, "</tr>");
	assert_non_null(b);
	return xstrndup(a, (size_t)(b - a));
}

static void
test_index(void **state)
{
	struct fixture *f = built();
	const char *s = file(f, "site/verify/index.html");
	char *r;

	(void)state;
	check_page(s);
	assert_non_null(strstr(s, "<h2 id=\"y2025\">2025年度（第八届）</h2>"));
	assert_non_null(strstr(s, "<caption id=\"certs-2025-cap\">"));
	assert_non_null(strstr(s, "<a href=\"../2025/decision.html\">"));
	assert_non_null(strstr(s, " aria-current=\"page\">证书查询</a>"));
	r = row(s, "XJZLJ-2025-A01.html");
	assert_non_null(strstr(r, "<a href=\"XJZLJ-2025-A01.html\">XJZLJ-2025-A01</a>"));
	assert_non_null(strstr(r, "<td data-label=\"状态\">有效</td>"));
	assert_null(strstr(r, "已撤销"));
	free(r);
	r = row(s, "XJZLJ-2025-A02.html");
	assert_non_null(strstr(r, "<td data-label=\"状态\">有效</td>"));
	free(r);
	r = row(s, "XJZLJ-2025-N01.html");
	assert_true(str_has_prefix(r, "<tr class=\"revoked\">"));
	assert_non_null(strstr(r, "<a href=\"../2025/revocation-XJZLJ-2025-N01.html\">已撤销</a>"));
	assert_non_null(strstr(r, "提名奖"));
	free(r);
	fixture_free(f);
}

static struct doc *
decision_doc(const char *name, const char *title, day_t date)
{
	struct doc *d = doc_new(DOC_DECISION, name);

	d->year = 2025;
	d->title = xstrdup(title);
	d->date = date;
	d->issuer_mark = xstrdup("新疆维吾尔自治区人民政府文件");
	d->signature = xstrdup("新疆维吾尔自治区人民政府");
	return d;
}

/*
 * The build's order, the verification pages then the site: every link of
 * every page leads to a file of the build; the cycle page and the header link
 * to the verification pages; the revoked certificate is marked and links
 * to its revocation decision there too.
 */
static void
test_with_site(void **state)
{
	struct fixture *f = built();
	struct doc *docs[2];
	struct site_doc sd[2];
	const char *s;
	char *r, *v, *target;
	htmlDocPtr h;
	xmlNodePtr el[256];
	xmlChar *p;
	size_t i, j, n;

	(void)state;
	docs[0] = decision_doc("decision", "关于授予2025年度新疆质量奖的决定",
	    date_from_ymd(2025, 12, 19));
	docs[1] = decision_doc("revocation-XJZLJ-2025-N01", "关于撤销的决定",
	    date_from_ymd(2026, 3, 2));
	for (i = 0; i < 2; i++) {
		sd[i].doc = docs[i];
		sd[i].has_odt = false;
		sd[i].kept = false;
	}
	assert_true(tl_site_write(&f->st, sd, 2, TEMPLATES, &f->out, &f->diag));

	s = file(f, "site/2025/index.html");
	assert_non_null(strstr(s, "<a href=\"../verify/index.html\">证书查询</a>"));
	r = row(s, "XJZLJ-2025-N01<");
	assert_non_null(strstr(r, "<a href=\"../verify/XJZLJ-2025-N01.html\">XJZLJ-2025-N01</a>"));
	assert_non_null(strstr(r, "<a href=\"revocation-XJZLJ-2025-N01.html\">已撤销</a>"));
	free(r);
	r = row(s, "XJZLJ-2025-A01<");
	assert_non_null(strstr(r, "<td data-label=\"状态\">有效</td>"));
	free(r);
	r = row(s, "XJZLJ-2025-A02<");
	assert_non_null(strstr(r, "<td data-label=\"状态\">有效</td>"));
	free(r);
	s = file(f, "site/sitemap.xml");
	assert_non_null(strstr(s, "<loc>https://zlj.example.gov.cn/verify/XJZLJ-2025-N01.html</loc>"));
	assert_non_null(strstr(s, "<loc>https://zlj.example.gov.cn/verify/index.html</loc>"));

	for (i = 0; i < f->out.n; i++) {
		if (!str_has_suffix(f->out.files[i].path, ".html"))
			continue;
		h = tl_parse_html(f->out.files[i].data);
		n = tl_find_all(h, "a", el, 256);
		n += tl_find_all(h, "link", el + n, 256 - n);
		for (j = 0; j < n; j++) {
			p = xmlGetProp(el[j], (const xmlChar *)"href");
			assert_non_null(p);
			v = (char *)p;
			if (strcmp(v, "#main") != 0) {
				assert_null(strstr(v, "://"));
				target = tl_resolve(f->out.files[i].path, v);
				if (outset_find(&f->out, target) == NULL)
					print_message("%s: link %s: no %s\n",
					    f->out.files[i].path, v, target);
				assert_non_null(outset_find(&f->out, target));
				free(target);
			}
			xmlFree(p);
		}
		xmlFreeDoc(h);
	}
	for (i = 0; i < 2; i++)
		doc_free(docs[i]);
	fixture_free(f);
}

/* A broken verify.html: an error at its file and line, nothing written. */
static void
test_template_error(void **state)
{
	struct fixture *f = fixture_new();
	char *dir, *path;

	(void)state;
	dir = tl_templates_with(TEMPLATES, "layout/verify.html",
	    "<p>\n{{cert.numbr}}</p>\n");
	path = xasprintf("%s/layout/verify.html", dir);
	assert_false(tl_verify_write(&f->st, dir, &f->out, &f->diag));
	if (!diag_has(&f->diag, path, 2, "numbr"))
		diag_print(&f->diag, stderr);
	assert_true(diag_has(&f->diag, path, 2, "numbr"));
	free(path);
	tl_remove_dir(dir);
	fixture_free(f);
}

static void
test_url(void **state)
{
	struct fixture *f = fixture_new();
	char *u = verify_url(&f->site, "XJZLJ-2025-A01");

	(void)state;
	assert_string_equal(u, "https://zlj.example.gov.cn/verify/XJZLJ-2025-A01.html");
	free(u);
	fixture_free(f);
}

/* The sample: one page per certificate; XJZLJ-2023-A03 alone revoked. */
static void
test_sample(void **state)
{
	struct site site;
	struct state st;
	struct outset out;
	struct diag d;
	const struct outfile *o;
	char *path;
	size_t i, pages = 0, revoked = 0;

	(void)state;
	memset(&site, 0, sizeof(site));
	memset(&st, 0, sizeof(st));
	diag_init(&d);
	outset_init(&out);
	assert_int_equal(content_load("../content", &site, &d), 0);
	assert_int_equal(d.errors, 0);
	state_build(&site, &st, &d);
	assert_int_equal(d.errors, 0);
	assert_true(st.n_certs > 0);
	assert_true(tl_verify_write(&st, TEMPLATES, &out, &d));
	for (i = 0; i < out.n; i++)
		if (strcmp(out.files[i].path, "site/verify/index.html") != 0)
			pages++;
	assert_int_equal(pages, st.n_certs);
	for (i = 0; i < st.n_certs; i++) {
		path = xasprintf("site/verify/%s.html", st.certs[i].number);
		assert_non_null(o = outset_find(&out, path));
		if (strcmp(st.certs[i].number, "XJZLJ-2023-A03") == 0) {
			assert_true(st.certs[i].revoked);
			assert_non_null(strstr(o->data, "已撤销"));
			assert_non_null(strstr(o->data, "href=\"../2023/revocation-XJZLJ-2023-A03.html\""));
			assert_non_null(strstr(o->data, "新政发〔2025〕21号"));
			revoked++;
		} else {
			assert_non_null(strstr(o->data, "<dd><strong>有效</strong></dd>"));
			assert_null(strstr(o->data, "已撤销"));
		}
		free(path);
	}
	assert_int_equal(revoked, 1);
	outset_free(&out);
	state_free(&st);
	site_free(&site);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_revoked),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_privacy),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_with_site),
		cmocka_unit_test(test_template_error),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_sample),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
