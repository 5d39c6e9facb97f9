/*
 * cycles: a cycle's key changes with its own files, with any file outside
 * the cycles' folders (site.yaml, the sanctions, a template), with the
 * program and the language, and with the facts taken from other cycles
 * (an award approved, a year, a cycle.yaml), and not with another cycle's
 * own records; the checks of a cycle whose key is the same are not run,
 * what they said last time is reported instead, and the messages are then
 * those of a clean build; the file of the last build reads back as it was
 * written, and is refused when cut short or a byte of it changed; a cycle is composed again when
 * a file of its documents is gone or the certificate pages changed; the
 * kept documents take their cycle's place among those composed; a kept
 * cycle's pages, verification pages and certificates are kept documents,
 * rendered by nobody, and the sitemap still lists them.
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

#include "base/input.h"
#include "compose/certificate.h"
#include "compose/site.h"
#include "compose/verify.h"
#include "load/content.h"
#include "publish/cycles.h"
#include "render/render.h"
#include "publish/stamp.h"
#include "fixture.h"

/* --- a scratch folder -------------------------------------------------------- */

static char root[64];

static void
put(const char *rel, const char *text)
{
	char *path = path_join(root, rel), *p;
	FILE *f;

	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		(void)mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(path);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test_cycles.XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	put("c/site.yaml", "title: x\n");
	put("c/sanctions.csv", "credit_code,kind\n");
	put("c/2023/cycle.yaml", "year: 2023\n");
	put("c/2023/organizations.csv", "credit_code,name\n");
	put("c/2025/cycle.yaml", "year: 2025\n");
	put("c/2025/organizations.csv", "credit_code,name\n");
	put("t/notices/call.md", "---\ntitle: t\n---\nbody\n");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd;

	(void)state;
	cmd = xasprintf("rm -rf '%s'", root);
	(void)system(cmd);
	free(cmd);
	input_forget();
	return 0;
}

/* --- the parts of the inputs --------------------------------------------------- */

struct parts {
	struct buf	common, own[2];
};

static void
parts_take(struct parts *p)
{
	static const char *const dirs[] = { "2023", "2025" };
	char *c = path_join(root, "c"), *t = path_join(root, "t");

	input_forget();		/* the files are hashed again, as a new build does */
	buf_init(&p->common);
	buf_init(&p->own[0]);
	buf_init(&p->own[1]);
	assert_true(stamp_list(c, t));
	assert_true(stamp_walk_parts(dirs, 2, &p->common, p->own));
	free(c);
	free(t);
}

static bool
buf_same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void
parts_free(struct parts *p)
{
	buf_free(&p->common);
	buf_free(&p->own[0]);
	buf_free(&p->own[1]);
}

/* Takes the parts after an edit: which of them changed. */
static void
parts_changed(const struct parts *before, bool common, bool own0, bool own1)
{
	struct parts now;

	parts_take(&now);
	assert_int_equal(!buf_same(&now.common, &before->common), common);
	assert_int_equal(!buf_same(&now.own[0], &before->own[0]), own0);
	assert_int_equal(!buf_same(&now.own[1], &before->own[1]), own1);
	parts_free(&now);
}

static void
rm_notices(void)
{
	char *cmd = xasprintf("rm -r '%s/c/2025/notices'", root);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
test_walk_parts(void **state)
{
	struct parts a;

	(void)state;
	parts_take(&a);
	assert_true(a.common.len > 0 && a.own[0].len > 0 && a.own[1].len > 0);
	parts_changed(&a, false, false, false);

	put("c/2023/organizations.csv", "credit_code,namE\n");
	parts_changed(&a, false, true, false);
	put("c/2023/organizations.csv", "credit_code,name\n");

	put("c/2025/notices/own.md", "---\ntitle: x\n---\n");	/* a file added */
	parts_changed(&a, false, false, true);
	rm_notices();

	put("c/sanctions.csv", "credit_code,kinD\n");
	parts_changed(&a, true, false, false);
	put("c/sanctions.csv", "credit_code,kind\n");

	put("t/notices/call.md", "---\ntitle: T\n---\nbody\n");
	parts_changed(&a, true, false, false);
	put("t/notices/call.md", "---\ntitle: t\n---\nbody\n");

	/* a folder named like a cycle's, but longer, is not the cycle's */
	put("c/20231/x.txt", "x\n");
	parts_changed(&a, true, false, false);
	parts_free(&a);
}

/* --- the key ------------------------------------------------------------------------ */

static void
key_of(const char *program, const char *common, const char *own,
    const char *facts, char key[static HASH_HEX])
{
	struct buf c, o, f;

	buf_init(&c);
	buf_init(&o);
	buf_init(&f);
	buf_puts(&c, common);
	buf_puts(&o, own);
	buf_puts(&f, facts);
	cycles_key(program, &c, &o, &f, key);
	buf_free(&c);
	buf_free(&o);
	buf_free(&f);
}

static void
test_key(void **state)
{
	char a[HASH_HEX], b[HASH_HEX];

	(void)state;
	unsetenv("LANGUAGE");
	key_of("p", "c", "o", "f", a);
	key_of("p", "c", "o", "f", b);
	assert_string_equal(a, b);
	key_of("q", "c", "o", "f", b);
	assert_string_not_equal(a, b);
	key_of("p", "C", "o", "f", b);
	assert_string_not_equal(a, b);
	key_of("p", "c", "O", "f", b);
	assert_string_not_equal(a, b);
	key_of("p", "c", "o", "F", b);
	assert_string_not_equal(a, b);
	/* the parts are delimited: moving a byte from one to the next counts */
	key_of("p", "co", "", "f", b);
	assert_string_not_equal(a, b);
	setenv("LANGUAGE", "en", 1);
	key_of("p", "c", "o", "f", b);
	assert_string_not_equal(a, b);
	unsetenv("LANGUAGE");
}

/* --- the facts taken from other cycles ------------------------------------------------ */

static void
facts_of(struct fx *f, struct buf *b)
{
	buf_init(b);
	cycles_facts(&f->site, b);
}

static void
test_facts(void **state)
{
	struct fx *f = *state;
	struct cycle *c23, *c25;
	struct decision *ap;
	struct buf a, b;

	fx_link(f);
	c23 = fx_find_cycle(f, 2023);
	c25 = fx_find_cycle(f, 2025);
	facts_of(f, &a);

	/* another cycle's own records: a name, a failed applicant's decision */
	fx_find_decision(c25, FX_D, STAGE_MATERIAL)->date++;
	/* (the names are in the cycle's arena: never freed one by one) */
	fx_find_org(c25, FX_D)->name = (char *)"喀什示范纺织股份有限公司";
	facts_of(f, &b);
	assert_true(buf_same(&a, &b));
	buf_free(&b);

	/* an award of 2023, approved a day later (art. 15 counts from it) */
	ap = fx_find_decision(c23, FX_G, STAGE_APPROVAL);
	ap->date++;
	facts_of(f, &b);
	assert_false(buf_same(&a, &b));
	buf_free(&b);
	ap->date--;

	/* no award after all */
	ap->result = RESULT_NOMINATION;
	facts_of(f, &b);
	assert_false(buf_same(&a, &b));
	buf_free(&b);
	ap->result = RESULT_AWARD;

	/* a cycle's year; a register kept as a workbook */
	c25->year = 2026;
	facts_of(f, &b);
	assert_false(buf_same(&a, &b));
	buf_free(&b);
	c25->year = 2025;
	c23->decisions_file = xstrdup("2023/decisions.xlsx");
	facts_of(f, &b);
	assert_false(buf_same(&a, &b));
	buf_free(&b);
	buf_free(&a);
}

/* --- the checks replayed ------------------------------------------------------------- */

/* fx_valid with one warning of 2025's eligibility (a code not of Xinjiang). */
static struct fx *
warned(void)
{
	struct fx *f = fx_valid();

	fx_org(fx_find_cycle(f, 2025), "91110108MA7ABC008", "北京样例示范有限公司",
	    "2001-01-01");
	fx_link(f);
	return f;
}

static struct check_memo
memo_new(bool same0, bool same1)
{
	struct check_memo m;
	bool *same = xcalloc(2, sizeof(bool));
	size_t i;

	same[0] = same0;
	same[1] = same1;
	m.n = 2;
	m.same = same;
	m.said = xcalloc(2 * CHECK_PHASES, sizeof(*m.said));
	for (i = 0; i < 2 * CHECK_PHASES; i++)
		diag_init(&m.said[i]);
	return m;
}

static void
memo_free(struct check_memo *m)
{
	size_t i;

	for (i = 0; i < 2 * CHECK_PHASES; i++)
		diag_free(&m->said[i]);
	free(m->said);
	free((bool *)m->same);
}

static char *
printed(struct diag *d)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	diag_print(d, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void
test_checks_replayed(void **state)
{
	struct fx *clean = warned(), *re = warned();
	struct check_memo m = memo_new(false, false), r = memo_new(true, true);
	struct diag *elig25 = &m.said[1 * CHECK_PHASES + PHASE_ELIGIBILITY];
	char *a, *b;
	size_t i;

	(void)state;
	state_build_memo(&clean->site, &clean->state, &clean->diag, &m);
	clean->built = true;
	assert_int_equal(clean->diag.warnings, 1);
	assert_int_equal(elig25->n, 1);
	assert_non_null(strstr(elig25->items[0].msg, "9(2)"));
	for (i = 0; i < 2 * CHECK_PHASES; i++)
		if (&m.said[i] != elig25)
			assert_int_equal(m.said[i].n, 0);

	/* the same inputs: what was said is said again, the same way */
	for (i = 0; i < 2 * CHECK_PHASES; i++)
		diag_append_copies(&r.said[i], &m.said[i], 0, m.said[i].n);
	state_build_memo(&re->site, &re->state, &re->diag, &r);
	re->built = true;
	a = printed(&clean->diag);
	b = printed(&re->diag);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* and the state is derived as always */
	assert_int_equal(re->state.n_certs, clean->state.n_certs);
	assert_int_equal(re->state.cycles[1].accepted.n,
	    clean->state.cycles[1].accepted.n);
	fx_free(re);
	memo_free(&r);

	/* the checks are not run: only what the memo says is said */
	re = warned();
	r = memo_new(false, true);
	diag_warning(&r.said[1 * CHECK_PHASES + PHASE_WORKFLOW],
	    "2025/decisions.csv", 7, "replayed");
	state_build_memo(&re->site, &re->state, &re->diag, &r);
	re->built = true;
	assert_int_equal(re->diag.warnings, 1);
	assert_true(diag_has(&re->diag, "2025/decisions.csv", 7, "replayed"));
	fx_free(re);
	memo_free(&r);

	/* a cycle that changed is checked, and what it says is kept */
	re = warned();
	r = memo_new(true, false);
	state_build_memo(&re->site, &re->state, &re->diag, &r);
	re->built = true;
	assert_int_equal(re->diag.warnings, 1);
	assert_int_equal(r.said[1 * CHECK_PHASES + PHASE_ELIGIBILITY].n, 1);
	fx_free(re);
	memo_free(&r);
	fx_free(clean);
	memo_free(&m);
}

/* --- the file of the last build --------------------------------------------------------- */

static struct composed
doc_of(const char *path, const char *name, bool public, size_t cycle)
{
	struct composed c;

	memset(&c, 0, sizeof(c));
	c.archive_path = xstrdup(path);
	c.public = public;
	c.cycle = cycle;
	c.doc = doc_new(DOC_DECISION, name);
	c.doc->year = cycle == 0 ? 2023 : 2025;
	c.doc->date = fx_day("2025-12-20");
	c.doc->title = xstrdup("关于 2025 年度\n质量奖的决定");
	c.doc->description = xstrdup("");
	return c;
}

/* Two cycles, one message of 2025's, a document each (the first public). */
static void
cycles_fill(struct cycles *cy, struct composed_list *docs)
{
	size_t i;

	memset(cy, 0, sizeof(*cy));
	cy->on = true;
	cy->n = 2;
	cy->dir = xcalloc(2, sizeof(*cy->dir));
	cy->dir[0] = xstrdup("2023");
	cy->dir[1] = xstrdup("2025");
	cy->key = xcalloc(2, sizeof(*cy->key));
	snprintf(cy->key[0], HASH_HEX, "%032d", 1);
	snprintf(cy->key[1], HASH_HEX, "%032d", 2);
	cy->same = xcalloc(2, sizeof(bool));
	cy->was = xcalloc(2, sizeof(*cy->was));
	cy->memo.n = 2;
	cy->memo.same = cy->same;
	cy->memo.said = xcalloc(2 * CHECK_PHASES, sizeof(struct diag));
	for (i = 0; i < 2 * CHECK_PHASES; i++)
		diag_init(&cy->memo.said[i]);
	diag_warning_at(&cy->memo.said[CHECK_PHASES + PHASE_QUOTAS],
	    "2025/决定 decisions.csv", 12, 3, "a message: with spaces\nand a "
	    "line, 中文 (art. 4)");
	docs->n = 2;
	docs->v = xcalloc(2, sizeof(*docs->v));
	docs->v[0] = doc_of("2023/decision.odt", "decision", true, 0);
	docs->v[1] = doc_of("2025/letters/objection-1.odt", "objection-1",
	    false, 1);
}

static char *
cycles_path(void)
{
	return path_join(root, CYCLES_FILE);
}

static void
test_file_round_trip(void **state)
{
	struct cycles cy, old;
	struct composed_list docs;
	const struct cycle_was *w;
	const struct diag_item *it;
	char *path = cycles_path(), *text;
	size_t len;
	FILE *f;

	(void)state;
	cycles_fill(&cy, &docs);
	assert_true(cycles_write(&cy, root, true, &docs));
	cycles_open(&old, root);
	assert_true(old.have_old);
	assert_true(old.was_verify);
	assert_int_equal(old.n_old, 2);
	w = &old.old[1];
	assert_string_equal(w->dir, "2025");
	assert_string_equal(w->key, cy.key[1]);
	assert_int_equal(w->said[PHASE_QUOTAS].n, 1);
	it = &w->said[PHASE_QUOTAS].items[0];
	assert_string_equal(it->file, "2025/决定 decisions.csv");
	assert_int_equal(it->line, 12);
	assert_int_equal(it->column, 3);
	assert_int_equal(it->level, DIAG_WARNING);
	assert_string_equal(it->msg, cy.memo.said[CHECK_PHASES +
	    PHASE_QUOTAS].items[0].msg);
	assert_string_equal(it->article, "4");
	assert_int_equal(w->n_docs, 1);
	assert_false(w->docs[0].public);
	assert_string_equal(w->docs[0].archive_path,
	    "2025/letters/objection-1.odt");
	w = &old.old[0];
	assert_int_equal(w->n_docs, 1);
	assert_true(w->docs[0].public);
	assert_true(w->docs[0].kept);
	assert_string_equal(w->docs[0].doc->name, "decision");
	assert_string_equal(w->docs[0].doc->title, docs.v[0].doc->title);
	assert_string_equal(w->docs[0].doc->description, "");
	assert_null(w->docs[0].doc->number);
	assert_int_equal(w->docs[0].doc->date, docs.v[0].doc->date);
	assert_int_equal(w->docs[0].doc->year, 2023);
	assert_int_equal(w->docs[0].doc->kind, DOC_DECISION);
	cycles_free(&old);

	/* cut short: nothing of it is used */
	text = file_read(path, &len);
	assert_non_null(text);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(text, 1, len - 5, f);
	assert_int_equal(fclose(f), 0);
	cycles_open(&old, root);
	assert_false(old.have_old);
	assert_int_equal(old.n_old, 0);
	cycles_free(&old);
	/* one byte of a message changed: nothing of it is used either */
	text[len / 2] ^= 1;
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(text, 1, len, f);
	assert_int_equal(fclose(f), 0);
	cycles_open(&old, root);
	assert_false(old.have_old);
	cycles_free(&old);
	/* none at all */
	assert_int_equal(unlink(path), 0);
	cycles_open(&old, root);
	assert_false(old.have_old);
	cycles_free(&old);
	free(text);
	free(path);
	composed_list_free(&docs);
	cycles_free(&cy);
}

/* --- which cycles are kept, and where their documents go ---------------------------------- */

static const char *gone;	/* the one file has_old says is not there */

static bool
has_old(void *arg, const char *path)
{
	(void)arg;
	return gone == NULL || strcmp(path, gone) != 0;
}

static void
test_skip_and_merge(void **state)
{
	struct cycles cy, old;
	struct composed_list docs, now;
	bool skip[2];

	(void)state;
	cycles_fill(&cy, &docs);
	assert_true(cycles_write(&cy, root, true, &docs));
	cycles_open(&old, root);
	old.on = true;
	old.n = 2;
	old.same = xcalloc(2, sizeof(bool));
	old.was = xcalloc(2, sizeof(*old.was));
	old.same[0] = old.same[1] = true;
	old.was[0] = &old.old[0];
	old.was[1] = &old.old[1];

	gone = NULL;
	cycles_skip(&old, true, has_old, NULL, skip);
	assert_true(skip[0] && skip[1]);
	cycles_skip(&old, false, has_old, NULL, skip);	/* verify pages changed */
	assert_true(!skip[0] && !skip[1]);
	gone = "site/2023/decision.md";
	cycles_skip(&old, true, has_old, NULL, skip);
	assert_true(!skip[0] && skip[1]);
	gone = "archive/2025/letters/objection-1.odt";
	cycles_skip(&old, true, has_old, NULL, skip);
	assert_true(skip[0] && !skip[1]);
	old.same[0] = false;
	cycles_skip(&old, true, has_old, NULL, skip);
	assert_true(!skip[0] && !skip[1]);

	/* 2023 kept, 2025 composed: in the order of the cycles */
	now.n = 1;
	now.v = xcalloc(1, sizeof(*now.v));
	now.v[0] = doc_of("2025/call.odt", "call", true, 1);
	skip[0] = true;
	skip[1] = false;
	cycles_merge(&old, skip, &now);
	assert_int_equal(now.n, 2);
	assert_true(now.v[0].kept);
	assert_int_equal(now.v[0].cycle, 0);
	assert_string_equal(now.v[0].archive_path, "2023/decision.odt");
	assert_false(now.v[1].kept);
	assert_string_equal(now.v[1].archive_path, "2025/call.odt");
	composed_list_free(&now);
	composed_list_free(&docs);
	cycles_free(&old);
	cycles_free(&cy);
}

/* --- a kept cycle's pages ---------------------------------------------------- */

#define TEMPLATES	"../templates"

struct seen {
	struct document_list	*docs;
	size_t			 kept, rendered;
	char			*sitemap;
};

static bool
reuse_kept(void *arg, const struct document *d)
{
	struct seen *s = arg;

	if (!d->kept)
		return false;
	s->kept++;
	return true;
}

static void
emit(void *arg, const char *path, struct buf *b)
{
	struct seen *s = arg;

	s->rendered++;
	if (strcmp(path, "site/sitemap.xml") == 0)
		s->sitemap = xstrdup(buf_cstr(b));
}

static void
is_kept(void *arg, const char *path)
{
	const struct document *d = documents_find(arg, path);

	assert_non_null(d);
	assert_true(d->kept);
	assert_null(d->ctx);
}

static void
not_kept(void *arg, const char *path)
{
	const struct document *d = documents_find(arg, path);

	assert_non_null(d);
	assert_false(d->kept);
}

/*
 * The sample, its 2023 cycle kept: its cycle page, verification pages and
 * certificates are kept documents, with nothing to render; 2025's are
 * composed; the sitemap still lists every verification page.
 */
static void
test_kept_pages(void **state)
{
	struct site site;
	struct state st;
	struct diag d;
	struct composed_list notices;
	struct document_list pages, certs;
	struct site_doc *pub;
	struct seen seen = { 0 };
	char *path;
	size_t i, k = 0;

	(void)state;
	memset(&site, 0, sizeof(site));
	diag_init(&d);
	assert_int_equal(content_load("../content", &site, &d), 0);
	state_build(&site, &st, &d);
	assert_int_equal(d.errors, 0);
	assert_int_equal(st.n_cycles, 2);
	assert_int_equal(st.cycles[0].cycle->year, 2023);
	assert_true(st.cycles[0].n_certs > 0 && st.cycles[1].n_certs > 0);
	assert_true(compose_all(&st, TEMPLATES, &notices, &d));
	st.cycles[0].kept = true;
	pub = xcalloc(notices.n, sizeof(*pub));
	for (i = 0; i < notices.n; i++)
		if (notices.v[i].public) {
			pub[k].doc = notices.v[i].doc;
			pub[k].kept = notices.v[i].cycle == 0;
			pub[k++].has_odt = true;
		}
	documents_init(&pages);
	documents_init(&certs);
	assert_true(verify_compose(&st, TEMPLATES, &pages, &d));
	assert_true(site_compose(&st, pub, k, TEMPLATES, &pages, &d));
	assert_true(certificates_compose(&st, TEMPLATES, &certs, &d));

	verify_paths(&st.cycles[0], is_kept, &pages);
	verify_paths(&st.cycles[1], not_kept, &pages);
	certificates_paths(&st.cycles[0], is_kept, &certs);
	certificates_paths(&st.cycles[1], not_kept, &certs);
	path = site_cycle_path(2023);
	is_kept(&pages, path);
	free(path);
	path = site_cycle_path(2025);
	not_kept(&pages, path);
	free(path);
	is_kept(&pages, "site/2023/acceptance.html");
	is_kept(&pages, "site/2023/acceptance.md");
	not_kept(&pages, "site/2025/acceptance.html");
	not_kept(&pages, "site/verify/index.html");

	seen.docs = &pages;
	assert_true(render_documents_reusing(&pages, 0, TEMPLATES, reuse_kept,
	    emit, &seen, &d));
	assert_true(seen.kept > 0 && seen.rendered > 0);
	assert_int_equal(seen.kept + seen.rendered, pages.n);
	assert_non_null(seen.sitemap);
	for (i = 0; i < st.cycles[0].n_certs; i++) {
		path = xasprintf("verify/%s.html", st.cycles[0].certs[i]->number);
		assert_non_null(strstr(seen.sitemap, path));
		free(path);
	}
	free(seen.sitemap);
	documents_free(&pages);
	documents_free(&certs);
	free(pub);
	composed_list_free(&notices);
	state_free(&st);
	site_free(&site);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walk_parts, setup, teardown),
		cmocka_unit_test(test_key),
		cmocka_unit_test_setup_teardown(test_facts, fx_setup_valid,
		    fx_teardown),
		cmocka_unit_test(test_checks_replayed),
		cmocka_unit_test_setup_teardown(test_file_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skip_and_merge, setup,
		    teardown),
		cmocka_unit_test(test_kept_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
