/*
 * Tests of the Mustache engine: every test of the core modules of the
 * official spec (tests/data/mustache-spec, read with gongshi's own YAML
 * loader, JSON being YAML), and the behaviour gongshi relies on beyond
 * the spec: strict names, errors with lines, literal values, escaping.
 * Run with the current directory = tests/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/mustache.h"
#include "load/yaml.h"

#define SPEC_DIR	"data/mustache-spec/specs/"

/* Partials of a spec test: the text of a key of a map. */
static char *
map_partial(const char *name, void *arg)
{
	const char *s = val_get_str(arg, name);

	return s != NULL ? xstrdup(s) : NULL;
}

/* Renders with opts; returns the output (caller frees) or NULL on error. */
static char *
render(const char *tmpl, const struct val *ctx,
    const struct mustache_opts *opts, char **err)
{
	struct buf out;
	char *got;

	buf_init(&out);
	if (!mustache_render(tmpl, strlen(tmpl), ctx, opts, &out, err)) {
		buf_free(&out);
		return NULL;
	}
	got = xstrdup(buf_cstr(&out));
	buf_free(&out);
	return got;
}

/*
 * The same, the template parsed once and rendered twice, the partials
 * given as shared ones (each read once for both renders). NULL when a
 * render fails or the two differ.
 */
static char *
render_parsed(const char *tmpl, const struct val *ctx,
    const struct mustache_opts *opts, struct val *partials, char **err)
{
	struct mustache_partials *shared = mustache_partials_new(map_partial,
	    partials);
	struct mustache_tmpl *t;
	struct buf a, b;
	char *got = NULL;

	buf_init(&a);
	buf_init(&b);
	t = mustache_parse(tmpl, strlen(tmpl), opts->name, err);
	if (t != NULL && mustache_tmpl_render(t, ctx, opts, shared, NULL, NULL,
	    &a, err) && mustache_tmpl_render(t, ctx, opts, shared, NULL, NULL,
	    &b, err) && strcmp(buf_cstr(&a), buf_cstr(&b)) == 0)
		got = xstrdup(buf_cstr(&a));
	mustache_tmpl_free(t);
	mustache_partials_free(shared);
	buf_free(&a);
	buf_free(&b);
	return got;
}

/*
 * Runs every test of one spec module; prints each failure and a count.
 * Returns the number of failures. parsed: through render_parsed.
 */
static size_t
run_spec_as(const char *module, bool parsed)
{
	struct diag diag;
	struct val *root, *tests, *t;
	struct mustache_opts opts;
	const char *tmpl, *expected, *name;
	char *path, *data, *got, *err;
	size_t len, i, failed = 0;

	path = xasprintf(SPEC_DIR "%s.json", module);
	data = file_read(path, &len);
	assert_non_null(data);
	diag_init(&diag);
	root = yaml_parse(data, len, path, 1, YAML_JSON_NUMBERS, &diag);
	if (diag.n > 0)
		diag_print(&diag, stderr);
	assert_non_null(root);
	assert_int_equal(diag.errors, 0);
	tests = val_get(root, "tests");
	assert_non_null(tests);
	assert_int_equal(tests->type, VAL_LIST);
	assert_true(tests->n > 0);
	for (i = 0; i < tests->n; i++) {
		t = tests->items[i];
		name = val_get_str(t, "name");
		tmpl = val_get_str(t, "template");
		expected = val_get_str(t, "expected");
		assert_non_null(name);
		assert_non_null(tmpl);
		assert_non_null(expected);
		memset(&opts, 0, sizeof(opts));
		opts.name = name;
		err = NULL;
		if (parsed)
			got = render_parsed(tmpl, val_get(t, "data"), &opts,
			    val_get(t, "partials"), &err);
		else {
			opts.partial = map_partial;
			opts.partial_arg = val_get(t, "partials");
			got = render(tmpl, val_get(t, "data"), &opts, &err);
		}
		if (got == NULL || strcmp(got, expected) != 0) {
			failed++;
			fprintf(stderr, "FAIL %s: \"%s\"\n  expected: [%s]\n"
			    "  got:      [%s]\n", module, name, expected,
			    got != NULL ? got : err);
		}
		free(got);
		free(err);
	}
	printf("mustache spec %-13s %zu/%zu passed%s\n", module,
	    tests->n - failed, tests->n, parsed ? " (parsed once)" : "");
	val_free(root);
	diag_free(&diag);
	free(data);
	free(path);
	return failed;
}

static size_t
run_spec(const char *module)
{
	return run_spec_as(module, false);
}

/* Every core module again, each template parsed once, partials shared. */
static void
test_spec_parsed_once(void **state)
{
	static const char *const modules[] = {
		"interpolation", "sections", "inverted", "comments",
		"partials", "delimiters"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
		assert_int_equal(run_spec_as(modules[i], true), 0);
}

/* A shared partial's loader: counts the reads, by name. */
struct counted {
	struct val	*texts;
	int		 reads;
};

static char *
counted_partial(const char *name, void *arg)
{
	struct counted *c = arg;

	c->reads++;
	return map_partial(name, c->texts);
}

/* Each render's own hook first: a table made for it; NULL for the rest. */
static char *
own_partial(const char *name, void *arg)
{
	(void)arg;
	return strcmp(name, "mine") == 0 ? xstrdup("[own]") : NULL;
}

static void
test_shared_partials(void **state)
{
	struct counted c = { val_map(), 0 };
	struct mustache_partials *shared = mustache_partials_new(counted_partial,
	    &c);
	struct mustache_opts opts = { .name = "main.md", .strict = true,
	    .partial = own_partial };
	const char *text = "{{>row}}|{{>row}}\n  {{>row}}\n{{>mine}}{{>none}}";
	struct val *ctx = val_map();
	struct mustache_tmpl *t, *bad;
	struct buf out;
	char *err = NULL, *err2 = NULL;
	int i;

	(void)state;
	val_set_str(c.texts, "row", "<{{x}}>\n");
	val_set_str(c.texts, "none", "");
	val_set_str(c.texts, "broken", "a\n{{#open}}");
	val_set_str(ctx, "x", "1");
	buf_init(&out);
	t = mustache_parse(text, strlen(text), "main.md", &err);
	assert_non_null(t);
	for (i = 0; i < 3; i++) {
		buf_reset(&out);
		assert_true(mustache_tmpl_render(t, ctx, &opts, shared, NULL,
		    NULL, &out, &err));
		/* indented where it stands alone; the own hook's text for mine */
		assert_string_equal(buf_cstr(&out),
		    "<1>\n|<1>\n\n  <1>\n[own]");
	}
	/* row (twice: two indentations) and none, once for three renders */
	assert_int_equal(c.reads, 3);

	/* A shared partial that does not parse fails each render alike. */
	bad = mustache_parse("x\n{{>broken}}", 13, "main.md", &err);
	assert_non_null(bad);
	assert_false(mustache_tmpl_render(bad, ctx, &opts, shared, NULL, NULL,
	    &out, &err));
	assert_false(mustache_tmpl_render(bad, ctx, &opts, shared, NULL, NULL,
	    &out, &err2));
	assert_true(str_has_prefix(err, "broken:2: "));
	assert_non_null(strstr(err, "main.md:2"));
	assert_string_equal(err, err2);
	assert_int_equal(c.reads, 4);
	free(err);
	free(err2);

	/* Strict: a partial neither hook has is an error. */
	mustache_tmpl_free(bad);
	bad = mustache_parse("{{>nowhere}}", 12, "main.md", &err);
	assert_false(mustache_tmpl_render(bad, ctx, &opts, shared, NULL, NULL,
	    &out, &err));
	assert_non_null(strstr(err, "nowhere"));
	free(err);

	/* A parse error of the template itself, as mustache_render says it. */
	assert_null(mustache_parse("a\n{{#x}}", 8, "main.md", &err));
	assert_true(str_has_prefix(err, "main.md:2: "));
	free(err);

	mustache_tmpl_free(bad);
	mustache_tmpl_free(t);
	mustache_partials_free(shared);
	buf_free(&out);
	val_free(ctx);
	val_free(c.texts);
}

static void
test_spec_interpolation(void **state)
{
	(void)state;
	assert_int_equal(run_spec("interpolation"), 0);
}

static void
test_spec_sections(void **state)
{
	(void)state;
	assert_int_equal(run_spec("sections"), 0);
}

static void
test_spec_inverted(void **state)
{
	(void)state;
	assert_int_equal(run_spec("inverted"), 0);
}

static void
test_spec_comments(void **state)
{
	(void)state;
	assert_int_equal(run_spec("comments"), 0);
}

static void
test_spec_partials(void **state)
{
	(void)state;
	assert_int_equal(run_spec("partials"), 0);
}

static void
test_spec_delimiters(void **state)
{
	(void)state;
	assert_int_equal(run_spec("delimiters"), 0);
}

static void
test_spec_optional(void **state)
{
	(void)state;
	printf("mustache spec: optional modules ~lambdas, ~inheritance, "
	    "~dynamic-names not implemented: skipped\n");
	skip();
}

/* The context {"applicant": {"name": n, "region": "哈密市"}}. */
static struct val *
applicant_ctx(const char *n)
{
	struct val *ctx = val_map(), *a;

	a = val_set(ctx, "applicant", val_map());
	val_set_str(a, "name", n);
	val_set_str(a, "region", "哈密市");
	return ctx;
}

static void
test_strict_unknown_name(void **state)
{
	struct mustache_opts opts = { .strict = true,
	    .name = "templates/notice/acceptance.md" };
	struct val *ctx = applicant_ctx("某公司");
	struct buf out;
	const char *tmpl;
	char *err = NULL, *got;

	(void)state;
	/* Not strict: the typo renders as nothing. */
	opts.strict = false;
	got = render("名称：{{applicant.nmae}}。", ctx, &opts, &err);
	assert_string_equal(got, "名称：。");
	free(got);

	/* Strict: an error naming the placeholder and its line; out kept. */
	opts.strict = true;
	buf_init(&out);
	buf_puts(&out, "kept");
	tmpl = "# 公示\n\n名称：{{ applicant.nmae }}\n";
	assert_false(mustache_render(tmpl, strlen(tmpl), ctx, &opts, &out,
	    &err));
	assert_string_equal(buf_cstr(&out), "kept");
	assert_non_null(err);
	assert_true(str_has_prefix(err, "templates/notice/acceptance.md:3: "));
	assert_non_null(strstr(err, "{{ applicant.nmae }}"));
	assert_non_null(strstr(err, "name, region"));
	free(err);
	buf_free(&out);

	/* A section name too, on its own line. */
	err = NULL;
	got = render("a\n{{#applicant}}\n{{#sme}}中小企业{{/sme}}\n"
	    "{{/applicant}}\n", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "templates/notice/acceptance.md:3: "));
	assert_non_null(strstr(err, "{{#sme}}"));
	free(err);

	/* Found names, null included, are fine in strict mode. */
	val_set(ctx, "until", val_null());
	got = render("{{applicant.name}}{{^until}}-{{/until}}{{#applicant}}"
	    "{{region}}{{/applicant}}", ctx, &opts, &err);
	assert_string_equal(got, "某公司-哈密市");
	free(got);

	/* A missing partial is an error in strict mode only. */
	got = render("x{{>footer}}", ctx, &opts, &err);
	assert_null(got);
	assert_non_null(strstr(err, "footer"));
	free(err);
	opts.strict = false;
	got = render("x{{>footer}}", ctx, &opts, &err);
	assert_string_equal(got, "x");
	free(got);
	val_free(ctx);
}

static void
test_value_never_template(void **state)
{
	struct val *ctx = applicant_ctx("{{x}} <b>A&B</b> 'q\"");
	char *err = NULL, *got;

	(void)state;
	val_set_str(ctx, "x", "BAD");
	got = render("{{applicant.name}}|{{{applicant.name}}}|{{&applicant.name}}",
	    ctx, NULL, &err);
	assert_non_null(got);
	assert_string_equal(got,
	    "{{x}} &lt;b&gt;A&amp;B&lt;/b&gt; &#39;q&quot;|"
	    "{{x}} <b>A&B</b> 'q\"|{{x}} <b>A&B</b> 'q\"");
	free(got);

	/* A section over a string pushes it, never parses it. */
	got = render("{{#applicant.name}}[{{.}}]{{/applicant.name}}", ctx,
	    NULL, &err);
	assert_string_equal(got, "[{{x}} &lt;b&gt;A&amp;B&lt;/b&gt; &#39;q&quot;]");
	free(got);
	val_free(ctx);
}

/* A Markdown-like escape: a backslash before * and _, counting its calls. */
static void
md_escape(struct buf *out, const char *s, size_t n, void *arg)
{
	size_t i;

	(*(int *)arg)++;
	for (i = 0; i < n; i++) {
		if (s[i] == '*' || s[i] == '_')
			buf_putc(out, '\\');
		buf_putc(out, s[i]);
	}
}

static void
test_custom_escape(void **state)
{
	int calls = 0;
	struct mustache_opts opts = { .escape = md_escape,
	    .escape_arg = &calls };
	struct val *ctx = applicant_ctx("**粗体**_x_ <b>");
	char *err = NULL, *got;

	(void)state;
	got = render("{{applicant.name}} / {{{applicant.name}}}", ctx, &opts,
	    &err);
	assert_string_equal(got, "\\*\\*粗体\\*\\*\\_x\\_ <b> / **粗体**_x_ <b>");
	assert_int_equal(calls, 1);
	free(got);

	/* escape_none writes as it is. */
	opts.escape = mustache_escape_none;
	got = render("{{applicant.name}}", ctx, &opts, &err);
	assert_string_equal(got, "**粗体**_x_ <b>");
	free(got);
	val_free(ctx);
}

static void
test_errors_with_lines(void **state)
{
	struct mustache_opts opts = { .name = "t.md" };
	struct val *ctx = val_map();
	char *err = NULL, *got;

	(void)state;
	/* Unclosed section: the line of its opening tag. */
	got = render("标题\n\n{{#items}}\n- {{name}}\n", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "t.md:3: "));
	assert_non_null(strstr(err, "{{#items}}"));
	assert_non_null(strstr(err, "{{/items}}"));
	free(err);

	/* Wrong closing tag: its line, and the right one. */
	got = render("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}\n", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "t.md:3: "));
	assert_non_null(strstr(err, "{{/b}}"));
	free(err);

	/* Closing tag without a section. */
	got = render("x\n{{/a}}", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "t.md:2: "));
	free(err);

	/* Unclosed tag, after a multi-line comment. */
	got = render("{{!\n\n}}\n名称：{{applicant.name\n", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "t.md:4: "));
	assert_non_null(strstr(err, "}}"));
	free(err);

	/* Custom delimiters appear in the message. */
	got = render("{{=<% %>=}}\n<%#a%>\n", ctx, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "t.md:2: "));
	assert_non_null(strstr(err, "<%/a%>"));
	free(err);

	/* Bad names and delimiters. */
	got = render("{{a..b}}", ctx, &opts, &err);
	assert_null(got);
	free(err);
	got = render("{{}}", ctx, &opts, &err);
	assert_null(got);
	free(err);
	got = render("{{=<%%>=}}", ctx, &opts, &err);
	assert_null(got);
	free(err);
	got = render("{{<parent}}{{/parent}}", ctx, &opts, &err);
	assert_null(got);
	assert_non_null(strstr(err, "inheritance"));
	free(err);
	val_free(ctx);
}

static void
test_partial_errors(void **state)
{
	struct val *partials = val_map();
	struct mustache_opts opts = { .name = "main.md",
	    .partial = map_partial, .partial_arg = partials };
	char *err = NULL, *got;

	(void)state;
	val_set_str(partials, "loop", "x{{>loop}}");
	val_set_str(partials, "bad", "ok\n{{#a}}");
	got = render("{{>loop}}", NULL, &opts, &err);
	assert_null(got);
	assert_non_null(strstr(err, "32"));
	free(err);

	/* An error inside a partial: its name and line, and where included. */
	got = render("a\n{{>bad}}\n", NULL, &opts, &err);
	assert_null(got);
	assert_true(str_has_prefix(err, "bad:2: "));
	assert_non_null(strstr(err, "main.md:2"));
	free(err);

	/* 32 levels are fine. */
	val_set_str(partials, "deep", "{{#n}}{{>deep}}{{/n}}.");
	{
		struct val *ctx = val_map(), *cur = ctx;
		int i;

		/* 31 nested maps, the last with n: false (else the
		 * context stack would find an outer n forever). */
		for (i = 0; i < 31; i++)
			cur = val_set(cur, "n", val_map());
		val_set_bool(cur, "n", false);
		got = render("{{>deep}}", ctx, &opts, &err);
		assert_non_null(got);
		assert_int_equal(strlen(got), 32);
		free(got);
		cur = val_set(cur, "n", val_map());
		val_set_bool(cur, "n", false);
		got = render("{{>deep}}", ctx, &opts, &err);
		assert_null(got);
		free(err);
		val_free(ctx);
	}
	val_free(partials);
}

static void
test_value_kinds(void **state)
{
	struct val *ctx = val_map(), *l;
	char *err = NULL, *got;

	(void)state;
	val_set_bool(ctx, "yes", true);
	val_set_bool(ctx, "no", false);
	l = val_set(ctx, "list", val_list());
	val_push(l, val_str("a"));
	val_set(ctx, "map", val_map());
	val_set_str(ctx, "empty", "");
	got = render("{{yes}} {{no}} [{{list}}] [{{map}}] "
	    "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", ctx, NULL, &err);
	assert_string_equal(got, "true false [] [] e");
	free(got);
	got = render("{{.}}", NULL, NULL, &err);
	assert_string_equal(got, "");
	free(got);
	val_free(ctx);
}

static void
test_large_list(void **state)
{
	enum { N = 100000 };
	struct val *partials = val_map();
	struct mustache_opts opts = { .partial = map_partial,
	    .partial_arg = partials };
	struct val *ctx = val_map(), *l, *m;
	struct buf out;
	const char *tmpl;
	char *err = NULL, *p;
	clock_t t0;
	size_t i, n;
	double secs;

	(void)state;
	val_set_str(partials, "row", "| {{no}} | {{name}} | {{region}} |\n");
	l = val_set(ctx, "applicants", val_list());
	for (i = 0; i < N; i++) {
		m = val_push(l, val_map());
		val_set_int(m, "no", (long)i + 1);
		val_set(m, "name", val_strf("企业<%zu>", i + 1));
		val_set_str(m, "region", "乌鲁木齐市");
	}
	val_set_str(ctx, "title", "受理名单");
	tmpl = "# {{title}}\n\n{{#applicants}}\n  {{>row}}\n{{/applicants}}\n"
	    "共{{applicants.length}}家\n";
	buf_init(&out);
	t0 = clock();
	assert_true(mustache_render(tmpl, strlen(tmpl), ctx, &opts, &out,
	    &err));
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("mustache: %d rows, %zu bytes in %.3f s\n", N, out.len, secs);
	assert_true(secs < 20);
	for (n = 0, p = out.data; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	assert_int_equal(n, N + 3);
	assert_non_null(strstr(out.data,
	    "\n  | 100000 | 企业&lt;100000&gt; | 乌鲁木齐市 |\n共家\n"));
	buf_free(&out);
	val_free(ctx);
	val_free(partials);
}

/*
 * A hole: the tags that would write that value (raw, escaped, as "." in
 * a section over it) write nothing and say where; the same string in
 * another value is written as usual, and sections see the hole as the
 * string it is.
 */
static void
test_holes(void **state)
{
	static const char t[] = "a{{{x}}}b{{x}}c{{#x}}[{{.}}]{{/x}}{{^x}}no{{/x}}"
	    "{{y}}{{&x}}";
	struct val *ctx = val_map(), *x = val_str("X");
	struct mustache_holes h = { 0 };
	struct buf out;
	char *err = NULL;

	(void)state;
	val_set(ctx, "x", x);
	val_set_str(ctx, "y", "X");
	buf_init(&out);
	buf_puts(&out, "0123");
	assert_true(mustache_render_holes(t, strlen(t), ctx, NULL, x, &h, &out,
	    &err));
	assert_string_equal(buf_cstr(&out), "0123abc[]X");
	assert_int_equal(h.n, 4);
	assert_int_equal(h.v[0].at, 5);
	assert_false(h.v[0].escaped);
	assert_int_equal(h.v[1].at, 6);
	assert_true(h.v[1].escaped);
	assert_int_equal(h.v[2].at, 8);
	assert_true(h.v[2].escaped);
	assert_int_equal(h.v[3].at, 10);
	assert_false(h.v[3].escaped);
	free(h.v);
	/* Without holes asked for, the value is written. */
	buf_reset(&out);
	assert_true(mustache_render(t, strlen(t), ctx, NULL, &out, &err));
	assert_string_equal(buf_cstr(&out), "aXbXc[X]XX");
	buf_free(&out);
	val_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_interpolation),
		cmocka_unit_test(test_spec_sections),
		cmocka_unit_test(test_spec_inverted),
		cmocka_unit_test(test_spec_comments),
		cmocka_unit_test(test_spec_partials),
		cmocka_unit_test(test_spec_delimiters),
		cmocka_unit_test(test_spec_optional),
		cmocka_unit_test(test_spec_parsed_once),
		cmocka_unit_test(test_shared_partials),
		cmocka_unit_test(test_strict_unknown_name),
		cmocka_unit_test(test_value_never_template),
		cmocka_unit_test(test_custom_escape),
		cmocka_unit_test(test_errors_with_lines),
		cmocka_unit_test(test_partial_errors),
		cmocka_unit_test(test_value_kinds),
		cmocka_unit_test(test_large_list),
		cmocka_unit_test(test_holes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
