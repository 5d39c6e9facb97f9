/*
 * testlib: helpers shared by the unit tests of the writers (html,
 * markdown, site, verify): the site.yaml of a hand-built site, reading
 * HTML back with libxml2, resolving a page's relative links inside an
 * outset, the privacy sweep, a scratch copy of templates/ (in a folder
 * of scratch.h), and the parts of a composed doc that every format test
 * builds the same way, and compose-then-render into an outset as the build does (tl_site_write,
 * tl_verify_write, tl_certificates_write).
 *
 * Header only: every function is static inline, so a test uses what it
 * needs without unused-function warnings. Include it after <cmocka.h>.
 */
#ifndef GONGSHI_TEST_TESTLIB_H
#define GONGSHI_TEST_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/certificate.h"
#include "compose/document.h"
#include "compose/site.h"
#include "compose/verify.h"
#include "format/doc.h"
#include "publish/outset.h"
#include "render/render.h"
#include "scratch.h"

/* The site.yaml of the test sites, with office details that must not show. */
static inline struct val *
tl_site_yaml(void)
{
	struct val *y = val_map(), *award, *office;

	val_set_str(y, "title", "新疆维吾尔自治区人民政府质量奖公示公告");
	val_set_str(y, "base_url", "https://zlj.example.gov.cn/");
	award = val_set(y, "award", val_map());
	val_set_str(award, "name", "新疆维吾尔自治区人民政府质量奖");
	val_set_str(award, "short_name", "新疆质量奖");
	val_set_str(award, "nomination_name", "新疆维吾尔自治区人民政府质量奖提名奖");
	val_set_str(award, "government", "新疆维吾尔自治区人民政府");
	val_set_str(award, "measures", "《新疆维吾尔自治区人民政府质量奖管理办法》");
	office = val_set(y, "office", val_map());
	val_set_str(office, "name", "自治区质量强区工作领导小组办公室");
	val_set_str(office, "host", "自治区市场监督管理局");
	val_set_str(office, "address", "SECRET-OFFICE-ADDRESS");
	val_set_str(office, "phone", "SECRET-OFFICE-PHONE");
	val_set_str(office, "email", "secret-office@example.gov.cn");
	return y;
}

/* The text of a file the writer must have made; its length must agree. */
static inline const char *
tl_file(const struct outset *out, const char *path)
{
	const struct outfile *o = outset_find(out, path);

	if (o == NULL)
		print_message("missing: %s\n", path);
	assert_non_null(o);
	assert_int_equal(strlen(o->data), o->len);
	return o->data;
}

/* HTML read as a browser would, quietly. */
static inline htmlDocPtr
tl_parse_html(const char *s)
{
	htmlDocPtr h = htmlReadMemory(s, (int)strlen(s), NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);

	assert_non_null(h);
	return h;
}

/* Elements named name, depth first. */
static inline void
tl_collect(xmlNodePtr n, const char *name, xmlNodePtr *out, size_t *k,
    size_t max)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0 && *k < max)
			out[(*k)++] = n;
		tl_collect(n->children, name, out, k, max);
	}
}

static inline size_t
tl_find_all(htmlDocPtr h, const char *name, xmlNodePtr *out, size_t max)
{
	size_t k = 0;

	tl_collect(xmlDocGetRootElement(h), name, out, &k, max);
	return k;
}

static inline int
tl_hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* The file a relative link of page leads to, as an outset path. */
static inline char *
tl_resolve(const char *page, const char *link)
{
	char *path = xstrdup(page), *slash = strrchr(path, '/'), *joined, *p;
	char *parts[64], *seg, *save = NULL;
	size_t n = 0, i;
	struct buf b;

	*slash = '\0';
	joined = xasprintf("%s/%s", path, link);
	if ((p = strchr(joined, '#')) != NULL)
		*p = '\0';
	for (seg = strtok_r(joined, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, "..") == 0) {
			assert_true(n > 0);
			n--;
		} else if (strcmp(seg, ".") != 0)
			parts[n++] = seg;
	}
	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, '/');
		for (p = parts[i]; *p != '\0'; p++) {
			if (*p == '%' && p[1] && p[2]) {
				buf_putc(&b, tl_hexval(p[1]) * 16 + tl_hexval(p[2]));
				p += 2;
			} else
				buf_putc(&b, *p);
		}
	}
	free(joined);
	free(path);
	return buf_detach(&b);
}

/* Nothing private (the SECRET-… values of the fixtures) in any file. */
static inline void
tl_assert_private(const struct outset *out)
{
	static const char *const secrets[] = {
		"SECRET", "secret@", "secret-office@",
	};
	size_t i, j;

	for (i = 0; i < out->n; i++)
		for (j = 0; j < sizeof(secrets) / sizeof(secrets[0]); j++) {
			if (strstr(out->files[i].data, secrets[j]) != NULL)
				print_message("%s shows %s\n", out->files[i].path,
				    secrets[j]);
			assert_null(strstr(out->files[i].data, secrets[j]));
		}
}

/*
 * A copy of the layout and assets of templates in a temporary folder,
 * with file replaced by text, or removed if text is NULL.
 */
static inline char *
tl_templates_with(const char *templates, const char *file, const char *text)
{
	char tmpl[64], *dir, *cmd, *path;

	assert_int_equal(scratch_make(tmpl, sizeof(tmpl), "gongshi-test"), 0);
	dir = xstrdup(tmpl);
	/* notices/: the verification pages cite the decision by its title. */
	cmd = xasprintf("cp -R %s/layout %s/assets %s/notices %s/partials %s/",
	    templates, templates, templates, templates, dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	if (text == NULL) {
		path = path_join(dir, file);
		assert_int_equal(unlink(path), 0);
		free(path);
	} else
		scratch_puts(dir, file, text);
	return dir;
}

/* Removes and frees a folder of tl_templates_with. */
static inline void
tl_remove_dir(char *dir)
{
	assert_int_equal(scratch_remove(dir), 0);
	free(dir);
}

/* A composed body: the template's Markdown, then a value as a text node. */
static inline void
tl_doc_body(struct doc *d, const char *tmpl, const char *value)
{
	cmark_node *p, *txt;

	cmark_node_free(d->body);
	d->body = cmark_parse_document(tmpl, strlen(tmpl), CMARK_OPT_DEFAULT);
	p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	txt = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(txt, value);
	cmark_node_append_child(p, txt);
	cmark_node_append_child(d->body, p);
}

/* A table block after the body: n_cols headers, then n_rows rows. */
static inline void
tl_doc_table(struct doc *d, const char *caption, const char *const *head,
    size_t n_cols, const char *const *const *rows, size_t n_rows)
{
	struct doc_table *t = doc_table_new(caption, n_cols);
	size_t i;

	for (i = 0; i < n_cols; i++)
		doc_table_set_header(t, i, head[i]);
	for (i = 0; i < n_rows; i++)
		doc_table_add_row(t, rows[i]);
	cmark_node_append_child(d->body, doc_table_node(t));
}

/* The records of a 2025 notice; of a decision, its own parts too. */
static inline void
tl_doc_records(struct doc *d, const char *title, const char *signature)
{
	d->year = 2025;
	d->title = xstrdup(title);
	d->number = xstrdup("新政发〔2025〕45号");
	d->signature = xstrdup(signature);
	d->date = date_from_ymd(2025, 12, 20);
	d->attachment_note = xstrdup("（此件公开发布）");
	if (d->kind == DOC_DECISION) {
		d->issuer_mark = xstrdup("新疆维吾尔自治区人民政府文件");
		d->addressee = xstrdup("各州、市人民政府");
		d->copy_to = xstrdup("自治区党委办公厅 & <b>");
		d->printer = xstrdup("自治区人民政府办公厅");
		d->printed = date_from_ymd(2025, 12, 21);
	}
}

/* ---- compose, then render, as the build does ------------------------------- */

static inline void
tl_to_outset(void *arg, const char *path, struct buf *b)
{
	outset_add(arg, path, b);
}

/*
 * The files in out so far count as documents of the build (so that the
 * site links to a verification page the test put there); the documents
 * composed after them are rendered into out.
 */
static inline void
tl_import(struct document_list *l, const struct outset *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		(void)documents_add(l, DOCUMENT_FILE, out->files[i].path);
}

static inline bool
tl_render(struct document_list *l, size_t from, const char *templates,
    struct outset *out, struct diag *d)
{
	bool ok = render_documents(l, from, templates, tl_to_outset, out, d);

	documents_free(l);
	return ok;
}

static inline bool
tl_site_write(const struct state *st, const struct site_doc *docs, size_t n,
    const char *templates, struct outset *out, struct diag *d)
{
	struct document_list l;

	documents_init(&l);
	tl_import(&l, out);
	if (!site_compose(st, docs, n, templates, &l, d)) {
		documents_free(&l);
		return false;
	}
	return tl_render(&l, out->n, templates, out, d);
}

static inline bool
tl_verify_write(const struct state *st, const char *templates,
    struct outset *out, struct diag *d)
{
	struct document_list l;

	documents_init(&l);
	tl_import(&l, out);
	if (!verify_compose(st, templates, &l, d)) {
		documents_free(&l);
		return false;
	}
	return tl_render(&l, out->n, templates, out, d);
}

/* The certificates into out; *n counts them. */
static inline bool
tl_certificates_write(const struct state *st, const char *templates,
    struct outset *out, size_t *n, struct diag *d)
{
	struct document_list l;
	size_t from;

	documents_init(&l);
	tl_import(&l, out);
	from = l.n;
	if (!certificates_compose(st, templates, &l, d)) {
		documents_free(&l);
		return false;
	}
	*n += l.n - from;
	return tl_render(&l, from, templates, out, d);
}

#endif
