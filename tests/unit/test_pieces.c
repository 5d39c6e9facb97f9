/*
 * The runs of the long lists (format/pieces.c) and their copy from the
 * last build's file (publish/runs.c): a run's key changes with any of its
 * cells, with its first row's number, the head and the format, and with
 * nothing else; a page or Markdown file written with a run hook is byte
 * for byte the one written without; a rebuild copies the runs whose key
 * is unchanged from the old file and renders the others, never copying
 * bytes of an old file edited or cut short, nor those of another
 * program; its bytes are always a fresh render's. A document's digest
 * (render/digest.h) counts a long list by its rows' digests: it changes
 * with any cell.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/util.h"
#include "format/doc.h"
#include "format/html.h"
#include "format/markdown.h"
#include "format/pieces.h"
#include "publish/runs.h"
#include "render/digest.h"

#define ROWS	5000	/* five runs, the last one shorter */

static const char *const heads[] = { "序号", "组织名称", "所在地区", "受理日期" };

/* A list of rows applicants; cell (r, c) as the rows are numbered. */
static struct doc_table *
list(size_t rows, size_t first)
{
	struct doc_table *t = doc_table_new("受理名单", 4);
	char cells[4][96];
	const char *row[4];
	size_t r, c;

	for (c = 0; c < 4; c++)
		doc_table_set_header(t, c, heads[c]);
	for (r = 0; r < rows; r++) {
		snprintf(cells[0], sizeof(cells[0]), "%zu", r + 1);
		snprintf(cells[1], sizeof(cells[1]), "新疆第%zu号有限公司",
		    first + r);
		snprintf(cells[2], sizeof(cells[2]), "%s",
		    (first + r) % 3 ? "乌鲁木齐市" : "新疆生产建设兵团");
		snprintf(cells[3], sizeof(cells[3]), "2025-05-%02zu",
		    1 + (first + r) % 28);
		for (c = 0; c < 4; c++)
			row[c] = cells[c];
		doc_table_add_row(t, row);
	}
	return t;
}

/* A notice whose body is a paragraph and t, inside a block quote when quoted. */
static struct doc *
notice(struct doc_table *t, bool quoted)
{
	struct doc *d = doc_new(DOC_NOTICE, "acceptance");
	cmark_node *p = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node *q;

	d->title = xstrdup("受理名单公示");
	d->year = 2025;
	cmark_node_set_literal(text, "经审核，下列组织的申报予以受理。");
	cmark_node_append_child(p, text);
	cmark_node_append_child(d->body, p);
	if (quoted) {
		q = cmark_node_new(CMARK_NODE_BLOCK_QUOTE);
		cmark_node_append_child(q, doc_table_node(t));
		cmark_node_append_child(d->body, q);
	} else
		cmark_node_append_child(d->body, doc_table_node(t));
	return d;
}

static void
set_cell(struct doc_table *t, size_t r, size_t c, const char *s)
{
	t->cells[r * t->n_cols + c] = arena_strdup(&t->text, s);
	free(t->sums);	/* as a new build would take them */
	t->sums = NULL;
}

typedef void	writer_fn(const struct doc *, struct buf *,
		    const struct pieces_hook *);

/* A file as the last build left it, with its runs as the stamp keeps them. */
struct old {
	char		 path[64];
	struct dkept	*v;
	size_t		 n;
};

static void
old_free(struct old *o)
{
	if (o->path[0] != '\0')
		unlink(o->path);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/*
 * Writes d with write through runs over old (by program): checks the
 * bytes are a fresh render's, makes them the old file and its runs the
 * old ones; returns how many runs were copied.
 */
static size_t
build(const struct doc *d, writer_fn *write, const char *program,
    struct old *o)
{
	struct buf got, want;
	struct runs r;
	size_t copied;
	FILE *f;
	int fd;

	buf_init(&got);
	buf_init(&want);
	write(d, &want, NULL);
	runs_init(&r, program, o->v, o->n, o->path[0] != '\0' ? o->path : NULL);
	write(d, &got, &r.hook);
	assert_int_equal(got.len, want.len);
	assert_memory_equal(got.data, want.data, want.len);
	copied = r.reused;
	old_free(o);
	o->v = runs_take(&r, &o->n);
	runs_free(&r);
	snprintf(o->path, sizeof(o->path), "/tmp/test_pieces.XXXXXX");
	assert_true((fd = mkstemp(o->path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(got.data, 1, got.len, f), got.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&got);
	buf_free(&want);
	return copied;
}

static void
write_html(const struct doc *d, struct buf *out, const struct pieces_hook *h)
{
	html_write_pieces(d, out, h);
}

static void
write_md(const struct doc *d, struct buf *out, const struct pieces_hook *h)
{
	markdown_write_pieces(d, out, h);
}

/* ---- keys ---------------------------------------------------------------- */

static void
key(const struct doc_table *t, const char *format, const char *head,
    size_t from, size_t to, struct hash *h)
{
	pieces_key(format, head, strlen(head), t, from, to, h);
}

static void
test_key_of_its_rows(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct hash a, b;
	char *was;

	(void)state;
	assert_true(pieces_cut(t));
	key(t, "html", "1", 1024, 2048, &a);
	key(t, "html", "1", 1024, 2048, &b);
	assert_true(hash_equal(&a, &b));
	/* a cell outside the run: the same key */
	set_cell(t, 0, 1, "新疆另一家有限公司");
	set_cell(t, 2048, 1, "新疆另一家有限公司");
	key(t, "html", "1", 1024, 2048, &b);
	assert_true(hash_equal(&a, &b));
	/* a cell of its own, its first or its last row */
	was = xstrdup(t->cells[1024 * t->n_cols + 3]);
	set_cell(t, 1024, 3, "2025-06-01");
	key(t, "html", "1", 1024, 2048, &b);
	assert_false(hash_equal(&a, &b));
	set_cell(t, 1024, 3, was);
	free(was);
	key(t, "html", "1", 1024, 2048, &b);
	assert_true(hash_equal(&a, &b));
	set_cell(t, 2047, 0, "");
	key(t, "html", "1", 1024, 2048, &b);
	assert_false(hash_equal(&a, &b));
	doc_table_free(t);
}

static void
test_key_of_its_place(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct hash a, b;

	(void)state;
	key(t, "html", "1", 1024, 2048, &a);
	/* the head, the format, the rows it holds */
	key(t, "html", "2", 1024, 2048, &b);
	assert_false(hash_equal(&a, &b));
	key(t, "md", "1", 1024, 2048, &b);
	assert_false(hash_equal(&a, &b));
	key(t, "html", "1", 1024, 2047, &b);
	assert_false(hash_equal(&a, &b));
	/* the same cells, one row later: another run */
	doc_table_free(t);
	t = list(ROWS, 0);
	key(t, "html", "1", 1024, 2048, &a);
	doc_table_free(t);
	t = list(ROWS + 1, 0);
	memmove(t->cells + t->n_cols, t->cells, ROWS * t->n_cols *
	    sizeof(*t->cells));
	free(t->sums);
	t->sums = NULL;
	key(t, "html", "1", 1025, 2049, &b);
	assert_false(hash_equal(&a, &b));
	doc_table_free(t);
}

/* Text moved from one cell to the next makes another key. */
static void
test_key_of_cells_not_bytes(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct hash a, b;

	(void)state;
	set_cell(t, 3000, 1, "新疆ab");
	set_cell(t, 3000, 2, "c");
	key(t, "md", "", 3000, 3001, &a);
	set_cell(t, 3000, 1, "新疆a");
	set_cell(t, 3000, 2, "bc");
	key(t, "md", "", 3000, 3001, &b);
	assert_false(hash_equal(&a, &b));
	doc_table_free(t);
}

/* A short list is not cut: the hook is never asked. */
static bool
never_take(void *arg, const struct hash *k, struct buf *out)
{
	(void)arg; (void)k; (void)out;
	fail_msg("a short list was cut");
	return false;
}

static void
never_made(void *arg, const struct hash *k, const struct buf *out, size_t at)
{
	(void)arg; (void)k; (void)out; (void)at;
	fail_msg("a short list was cut");
}

static void
test_short_list_whole(void **state)
{
	struct doc_table *t = list(PIECES_MIN_ROWS - 1, 0);
	struct doc *d = notice(t, false);
	struct pieces_hook h = { never_take, never_made, NULL };
	struct buf a, b;

	(void)state;
	assert_false(pieces_cut(t));
	assert_null(pieces_sums(t));
	buf_init(&a);
	buf_init(&b);
	html_write(d, &a);
	html_write_pieces(d, &b, &h);
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	buf_free(&a);
	buf_free(&b);
	doc_free(d);
}

/* ---- the copy from the last file ----------------------------------------- */

/* Both formats: a name changed, the first and last rows, a row inserted. */
static void
rebuilds(writer_fn *write)
{
	struct doc_table *t = list(ROWS, 0);
	struct doc *d = notice(t, false);
	struct old o;

	memset(&o, 0, sizeof(o));
	assert_int_equal(build(d, write, "program", &o), 0);
	assert_int_equal(o.n, 5);
	assert_int_equal(build(d, write, "program", &o), 5);
	/* a name in run 1: the others copied */
	set_cell(t, 2000, 1, "新疆改名后的有限责任公司");
	assert_int_equal(build(d, write, "program", &o), 4);
	/* the first row and the last */
	set_cell(t, 0, 1, "新疆第一家");
	set_cell(t, ROWS - 1, 1, "新疆最后一家");
	assert_int_equal(build(d, write, "program", &o), 3);
	assert_int_equal(build(d, write, "program", &o), 5);
	/* another program: nothing copied */
	assert_int_equal(build(d, write, "another program", &o), 0);
	doc_free(d);
	/* a row inserted at the top: every run holds other rows now */
	t = list(ROWS + 1, 0);
	memmove(t->cells + t->n_cols, t->cells, ROWS * t->n_cols *
	    sizeof(*t->cells));
	t->cells[0] = t->cells[1] = t->cells[2] = t->cells[3] = "新";
	d = notice(t, false);
	assert_int_equal(build(d, write, "another program", &o), 0);
	doc_free(d);
	/* and deleted again: the rows are back where they were */
	t = list(ROWS, 0);
	d = notice(t, false);
	assert_int_equal(build(d, write, "another program", &o), 0);
	assert_int_equal(build(d, write, "another program", &o), 5);
	doc_free(d);
	old_free(&o);
}

static void
test_html_rebuilds(void **state)
{
	(void)state;
	rebuilds(write_html);
}

static void
test_md_rebuilds(void **state)
{
	(void)state;
	rebuilds(write_md);
}

/* Puts line at the top of the file at path. */
static void
prepend(const char *path, const char *line)
{
	char *text;
	size_t len;
	FILE *f;

	assert_non_null(text = file_read(path, &len));
	assert_non_null(f = fopen(path, "wb"));
	assert_true(fputs(line, f) >= 0);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(text);
}

/* A byte of the old file changed, or the file cut short: those runs rendered. */
static void
test_never_from_an_edited_file(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct doc *d = notice(t, false);
	struct old o;
	FILE *f;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(build(d, write_html, "program", &o), 0);
	/* one byte of run 2, the length kept: run 2 alone rendered */
	assert_non_null(f = fopen(o.path, "r+b"));
	assert_int_equal(fseek(f, (long)(o.v[2].off + o.v[2].len / 2),
	    SEEK_SET), 0);
	assert_int_equal(fputc('X', f), 'X');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(build(d, write_html, "program", &o), 4);
	/* cut in the middle of run 3: runs 3 and 4 rendered */
	assert_int_equal(truncate(o.path, (off_t)(o.v[3].off + 10)), 0);
	assert_int_equal(build(d, write_html, "program", &o), 3);
	/* gone: nothing copied */
	assert_int_equal(unlink(o.path), 0);
	assert_int_equal(build(d, write_html, "program", &o), 0);
	/* a line added at its top by hand: every offset moved */
	assert_int_equal(build(d, write_md, "program", &o), 0);
	prepend(o.path, "# 草稿\n");
	assert_int_equal(build(d, write_md, "program", &o), 0);
	old_free(&o);
	doc_free(d);
}

/* A Markdown list inside a block quote: its lines' prefix is in the key. */
static void
test_md_prefix_in_key(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct doc *d = notice(t, false), *q;
	struct old o;

	(void)state;
	memset(&o, 0, sizeof(o));
	assert_int_equal(build(d, write_md, "program", &o), 0);
	q = notice(list(ROWS, 0), true);
	assert_int_equal(build(q, write_md, "program", &o), 0);
	assert_int_equal(build(q, write_md, "program", &o), 5);
	old_free(&o);
	doc_free(q);
	doc_free(d);
}

/* A document's digest counts each cell of a long list. */
static void
test_digest_of_long_list(void **state)
{
	struct doc_table *t = list(ROWS, 0);
	struct doc *d = notice(t, false);
	struct hash a, b;

	(void)state;
	digest_doc(d, &a);
	digest_doc(d, &b);
	assert_true(hash_equal(&a, &b));
	set_cell(t, 4321, 2, "喀什地区");
	digest_doc(d, &b);
	assert_false(hash_equal(&a, &b));
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_of_its_rows),
		cmocka_unit_test(test_key_of_its_place),
		cmocka_unit_test(test_key_of_cells_not_bytes),
		cmocka_unit_test(test_short_list_whole),
		cmocka_unit_test(test_html_rebuilds),
		cmocka_unit_test(test_md_rebuilds),
		cmocka_unit_test(test_never_from_an_edited_file),
		cmocka_unit_test(test_md_prefix_in_key),
		cmocka_unit_test(test_digest_of_long_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
