/*
 * digest (render/digest.h): the same values, tree or templates give the
 * same digest; any changed value, key, type, order, cell, field, layout,
 * partial, style, timestamp or program gives another, and a string's
 * bytes cannot move between neighbours unseen. A changed template changes
 * only the digests of the files that use it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/cert_template.h"
#include "compose/document.h"
#include "format/doc.h"
#include "render/digest.h"
#include "scratch.h"

/* --- values ------------------------------------------------------------------ */

/* A context such as a page gets; variant picks one change (0: none). */
static struct val *
ctx(int variant)
{
	struct val *m = val_map(), *rows = val_list(), *row;
	int i;

	val_set_str(m, "title", variant == 1 ? "受理名单公示" : "受理名单");
	val_set_bool(m, "public", variant != 2);
	for (i = 0; i < 3; i++) {
		row = val_push(rows, val_map());
		val_set_str(row, variant == 3 && i == 2 ? "Name" : "name",
		    i == 1 && variant == 4 ? "乙公司 " : i == 1 ? "乙公司" :
		    "甲公司");
		val_set_int(row, "seq", i + 1);
	}
	if (variant == 5)
		val_push(rows, val_map());
	val_set(m, "rows", rows);
	if (variant == 6)
		val_set(m, "note", val_null());
	else if (variant == 7)
		val_set_str(m, "note", "");
	else if (variant == 8)
		val_set(m, "note", val_list());
	return m;
}

static void
test_val_canonical(void **state)
{
	struct hash a, b;
	struct val *v, *w;
	int i, j;
	struct hash all[9];

	(void)state;
	v = ctx(0);
	w = ctx(0);
	digest_val(v, &a);
	digest_val(w, &b);
	assert_true(hash_equal(&a, &b));
	val_free(w);
	w = val_copy(v);
	digest_val(w, &b);
	assert_true(hash_equal(&a, &b));
	val_free(v);
	val_free(w);
	for (i = 0; i < 9; i++) {
		v = ctx(i);
		digest_val(v, &all[i]);
		val_free(v);
	}
	for (i = 0; i < 9; i++)
		for (j = i + 1; j < 9; j++)
			assert_false(hash_equal(&all[i], &all[j]));
}

/* Bytes moved from one string to the next, keys swapped: other digests. */
static void
test_val_boundaries(void **state)
{
	struct val *a = val_list(), *b = val_list(), *m = val_map(),
	    *n = val_map();
	struct hash ha, hb;

	(void)state;
	val_push(a, val_str("ab"));
	val_push(a, val_str("c"));
	val_push(b, val_str("a"));
	val_push(b, val_str("bc"));
	digest_val(a, &ha);
	digest_val(b, &hb);
	assert_false(hash_equal(&ha, &hb));
	val_set_str(m, "x", "1");
	val_set_str(m, "y", "2");
	val_set_str(n, "y", "2");
	val_set_str(n, "x", "1");
	digest_val(m, &ha);
	digest_val(n, &hb);
	assert_false(hash_equal(&ha, &hb));	/* order is output order */
	val_free(a);
	val_free(b);
	val_free(m);
	val_free(n);
}

/* The stream of a string value as render/digest.c documents it. */
static void
stream_str(struct buf *b, const char *s, size_t len)
{
	uint64_t n = len;

	buf_add(b, "Ss", 2);
	buf_add(b, &n, sizeof(n));
	buf_add(b, s, len);
}

/*
 * The digest is of the documented stream, however the strings fall on
 * the hasher's buffer (8 KiB): strings that straddle its end, fill it
 * exactly, or are too long for it (hashed straight), hash as the stream
 * written out in one piece does.
 */
static void
test_val_stream(void **state)
{
	static const size_t lens[] = { 0, 1, 4095, 4097, 8191, 8192, 9000 };
	struct val *l = val_list();
	struct buf stream;
	struct hash want, got;
	uint64_t n;
	char *s;
	size_t i, k, len;

	(void)state;
	buf_init(&stream);
	for (i = 0; i < 300; i++) {
		len = i < 280 ? (i * 37) % 61 :
		    lens[(i - 280) % (sizeof(lens) / sizeof(lens[0]))];
		s = xmalloc(len + 1);
		for (k = 0; k < len; k++)
			s[k] = (char)('a' + (i + k) % 26);
		s[len] = '\0';
		val_push(l, val_strn(s, len));
		free(s);
	}
	buf_add(&stream, "L", 1);
	n = l->n;
	buf_add(&stream, &n, sizeof(n));
	for (i = 0; i < l->n; i++)
		stream_str(&stream, l->items[i]->str, l->items[i]->n);
	hash_bytes(stream.data, stream.len, &want);
	digest_val(l, &got);
	assert_true(hash_equal(&want, &got));
	buf_free(&stream);
	val_free(l);
}

/* --- document trees ------------------------------------------------------------ */

static struct doc *
tree(int variant)
{
	struct doc *d = doc_new(DOC_NOTICE, "acceptance");
	const char *row[2];
	struct doc_table *t;
	cmark_node *p, *text;
	int i;

	d->year = 2025;
	d->title = xstrdup(variant == 1 ? "受理名单公示 " : "受理名单公示");
	d->number = variant == 2 ? NULL : xstrdup("新质奖办〔2025〕3号");
	d->date = variant == 3 ? 20001 : 20000;
	p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	text = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(text, variant == 4 ? "现予公示。" : "现予公示");
	cmark_node_append_child(p, text);
	cmark_node_append_child(d->body, p);
	t = doc_table_new(variant == 5 ? "名单" : "受理名单", 2);
	doc_table_set_header(t, 0, "序号");
	doc_table_set_header(t, 1, variant == 6 ? "名称" : "组织名称");
	for (i = 0; i < 3; i++) {
		row[0] = i == 0 ? "1" : i == 1 ? "2" : "3";
		row[1] = variant == 7 && i == 2 ? "丙公司（集团）" :
		    variant == 8 && i == 1 ? "1乙公司" : "乙公司";
		if (variant == 8 && i == 1)
			row[0] = "";
		doc_table_add_row(t, row);
	}
	cmark_node_append_child(d->body, doc_table_node(t));
	if (variant == 9) {
		p = cmark_node_new(CMARK_NODE_HEADING);
		cmark_node_set_heading_level(p, 2);
		cmark_node_append_child(d->body, p);
	}
	return d;
}

static void
test_doc_canonical(void **state)
{
	struct hash all[10], again;
	struct doc *d;
	int i, j;

	(void)state;
	for (i = 0; i < 10; i++) {
		d = tree(i);
		digest_doc(d, &all[i]);
		doc_free(d);
	}
	d = tree(0);
	digest_doc(d, &again);
	doc_free(d);
	assert_true(hash_equal(&all[0], &again));
	for (i = 0; i < 10; i++)
		for (j = i + 1; j < 10; j++)
			assert_false(hash_equal(&all[i], &all[j]));
}

/* --- documents with their templates ---------------------------------------------- */

static char root[64];

static void
put(const char *rel, const char *text)
{
	scratch_puts(root, rel, text);
}

/* d's digest by a new digests, so that the files put since are read again. */
static bool
fresh_digest(const struct document *d, struct hash *h)
{
	struct digests g;
	bool ok;

	digests_init(&g, root, "p");
	ok = digest_document(&g, d, h);
	digests_free(&g);
	return ok;
}

static int
setup(void **state)
{
	(void)state;
	if (scratch_make(root, sizeof(root), "test_digest") != 0)
		return -1;
	put("layout/page.html", "<html>{{{content}}}</html>\n");
	put("layout/notice.html", "{{> head }}<main>{{{article}}}</main>\n");
	put("layout/head.html", "<h1>{{title}}</h1>{{>byline}}\n");
	put("layout/byline.html", "<p>{{office}}</p>\n");
	put("layout/feed.xml", "<feed>{{title}}</feed>\n");
	put("layout/other.html", "<p>unused</p>\n");
	put("odt/reference.fodt", "<office:document/>\n");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove(root);
}

/* The digests of a page, a feed, a Markdown file and an ODT of one notice. */
struct four {
	struct hash page, feed, md, odt;
};

static void
four(const char *program, long long mtime, const struct val *values,
    struct four *out)
{
	struct document page, feed, md;
	struct digests g;
	struct doc *d = tree(0);

	memset(&page, 0, sizeof(page));
	page.kind = DOCUMENT_PAGE;
	page.path = "site/2025/acceptance.html";
	page.layout = "notice.html";
	page.ctx = (struct val *)values;
	page.notice = d;
	feed = page;
	feed.kind = DOCUMENT_XML;
	feed.layout = "feed.xml";
	feed.notice = NULL;
	memset(&md, 0, sizeof(md));
	md.kind = DOCUMENT_MARKDOWN;
	md.notice = d;
	digests_init(&g, root, program);
	assert_true(digest_document(&g, &page, &out->page));
	assert_true(digest_document(&g, &feed, &out->feed));
	assert_true(digest_document(&g, &md, &out->md));
	assert_true(digest_odt(&g, d, mtime, &out->odt));
	digests_free(&g);
	doc_free(d);
}

/* which: a letter per digest that must have changed (p, f, m, o). */
static void
changed(const struct four *a, const struct four *b, const char *which)
{
	assert_int_equal(!hash_equal(&a->page, &b->page), strchr(which, 'p') != NULL);
	assert_int_equal(!hash_equal(&a->feed, &b->feed), strchr(which, 'f') != NULL);
	assert_int_equal(!hash_equal(&a->md, &b->md), strchr(which, 'm') != NULL);
	assert_int_equal(!hash_equal(&a->odt, &b->odt), strchr(which, 'o') != NULL);
}

static void
test_templates(void **state)
{
	struct val *v = ctx(0), *w = ctx(1);
	struct four base, now;

	(void)state;
	four("p1", 100, v, &base);
	four("p1", 100, v, &now);
	changed(&base, &now, "");
	put("layout/other.html", "<p>still unused</p>\n");
	four("p1", 100, v, &now);
	changed(&base, &now, "");		/* no file uses it */
	put("layout/byline.html", "<p>{{office}}。</p>\n");
	four("p1", 100, v, &now);
	changed(&base, &now, "p");		/* a partial of a partial */
	put("layout/page.html", "<html lang=zh>{{{content}}}</html>\n");
	four("p1", 100, v, &base);
	changed(&now, &base, "p");
	put("layout/feed.xml", "<feed>{{title}} </feed>\n");
	four("p1", 100, v, &now);
	changed(&base, &now, "f");
	put("odt/reference.fodt", "<office:document />\n");
	four("p1", 100, v, &base);
	changed(&now, &base, "o");
	four("p1", 101, v, &now);
	changed(&base, &now, "o");		/* the package's timestamp */
	four("p1", 100, w, &now);
	changed(&base, &now, "pf");		/* the values */
	four("p2", 100, v, &now);
	changed(&base, &now, "pfmo");		/* another program */
	val_free(v);
	val_free(w);
}

/* A layout missing gives no digest; a partial missing is one more input. */
static void
test_missing(void **state)
{
	struct document page;
	struct hash h, h2;
	struct val *v = ctx(0);

	(void)state;
	memset(&page, 0, sizeof(page));
	page.kind = DOCUMENT_PAGE;
	page.path = "site/x.html";
	page.layout = "nowhere.html";
	page.ctx = v;
	assert_false(fresh_digest(&page, &h));
	put("layout/gap.html", "{{> absent}}\n");
	page.layout = "gap.html";
	assert_true(fresh_digest(&page, &h));
	put("layout/absent.html", "");
	assert_true(fresh_digest(&page, &h2));
	assert_false(hash_equal(&h, &h2));
	val_free(v);
}

/* {{= =}} may reach any file: every layout file counts then. */
static void
test_delimiters(void **state)
{
	struct document page;
	struct hash h, h2;
	struct val *v = ctx(0);

	(void)state;
	memset(&page, 0, sizeof(page));
	page.kind = DOCUMENT_PAGE;
	page.path = "site/x.html";
	page.layout = "odd.html";
	page.ctx = v;
	put("layout/odd.html", "{{=<% %>=}}<%> other%>\n");
	assert_true(fresh_digest(&page, &h));
	put("layout/other.html", "<p>used now</p>\n");
	assert_true(fresh_digest(&page, &h2));
	assert_false(hash_equal(&h, &h2));
	val_free(v);
}

static void
test_certificate(void **state)
{
	struct cert_template t = { "certificate.fodt", "<text>{{name}}</text>",
		21, true, true, NULL };
	struct document c;
	struct digests g;
	struct hash a, b, t2, m2;
	struct val *v = ctx(0);

	(void)state;
	memset(&c, 0, sizeof(c));
	c.kind = DOCUMENT_CERTIFICATE;
	c.path = "archive/2025/certificates/A01.odt";
	c.ctx = v;
	c.tmpl = &t;
	c.name = "A01";
	c.mtime = 5;
	digests_init(&g, root, "p");
	assert_true(digest_document(&g, &c, &a));
	assert_true(digest_document(&g, &c, &b));
	assert_true(hash_equal(&a, &b));
	c.mtime = 6;
	assert_true(digest_document(&g, &c, &m2));
	assert_false(hash_equal(&a, &m2));
	c.mtime = 5;
	digests_free(&g);
	t.text = "<text>{{name}}.</text>";
	t.len = 22;
	digests_init(&g, root, "p");
	assert_true(digest_document(&g, &c, &t2));
	assert_false(hash_equal(&a, &t2));
	digests_free(&g);
	val_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_val_canonical),
		cmocka_unit_test(test_val_boundaries),
		cmocka_unit_test(test_val_stream),
		cmocka_unit_test(test_doc_canonical),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_certificate),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
