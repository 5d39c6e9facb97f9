/*
 * regcache (src/load/regcache.h): a cycle's registers loaded, kept and
 * written, then loaded again from the file give the same records and the
 * same warnings as a parse; a register with one byte changed is parsed
 * again while the others are taken; decisions are taken even when
 * organizations changed; a file damaged, cut short, foreign, or written
 * by another program is not taken from, and the load is a parse's.
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

#include "base/diag.h"
#include "base/util.h"
#include "load/records.h"
#include "load/regcache.h"
#include "model.h"
#include "same_records.h"
#include "scratch.h"

static char root[64];

static const char orgs_csv[] =
	"credit_code,name,region,recommender,founded,industry,new_sector,sme,"
	    "contact,phone,email,备注栏\n"
	"916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	    "伊犁哈萨克自治州市场监督管理局,2011-04-12,农业,no,yes,努尔兰,"
	    "13800000005,nuerlan@example.com,x\n"
	"91650109749849540C,昆仑示范新材料股份有限公司,乌鲁木齐市,"
	    "自治区工业和信息化厅,2005-06-28,化学原料和化学制品制造业,no,no,"
	    "郑宏伟,13800000021,,\n"
	"12650103451561851C,乌鲁木齐示范中医医院,乌鲁木齐市,自治区卫生健康委员会,"
	    "1995-03-01,卫生,,,,,,\n";
static const char decisions_csv[] =
	"credit_code,stage,result,date,note\n"
	"916540027233750093,recommendation,pass,2025-06-11,\n"
	"91650109749849540C,recommendation,pass,2025-06-12,推荐\n"
	"12650103451561851C,recommendation,pass,2025-06-13,\n"
	"91650109749849540C,qualification,fail,2025-06-20,材料不全\n";
static const char objections_csv[] =
	"id,credit_code,received,objector,objector_name,objector_address,"
	    "identity,forwarded,reported,decided,outcome,notified,note,附注\n"
	"OBJ-2025-01,91650109749849540C,2025-07-17,unit,样例公司,样例路12号,"
	    "complete,2025-07-18,2025-07-24,2025-07-30,unfounded,2025-07-31,"
	    "不成立,\n";

static char *
at(const char *rel)
{
	return path_join(root, rel);
}

static void
put(const char *rel, const char *text)
{
	scratch_puts(root, rel, text);
}

static char *
slurp(const char *rel, size_t *len)
{
	char *path = at(rel), *data;
	FILE *f = fopen(path, "rb");
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	data = xmalloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	free(path);
	*len = (size_t)n;
	return data;
}

static void
put_bytes(const char *rel, const char *data, size_t len)
{
	scratch_put(root, rel, data, len);
}

static int
setup(void **state)
{
	char *p;

	(void)state;
	assert_int_equal(scratch_make(root, sizeof(root), "gongshi-regcache"), 0);
	p = at("2025");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = at("out");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	put("2025/organizations.csv", orgs_csv);
	put("2025/decisions.csv", decisions_csv);
	put("2025/objections.csv", objections_csv);
	p = at("taken");
	setenv("GONGSHI_TEST_REGISTERS", p, 1);
	free(p);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	regcache_close();
	assert_int_equal(scratch_remove(root), 0);
	unsetenv("GONGSHI_TEST_REGISTERS");
	return 0;
}

/* One cycle loaded: its site (to free it whole) and what was told. */
struct loaded {
	struct site	 site;
	struct diag	 d;
};

static struct cycle *
load(struct loaded *l)
{
	struct cycle *c;
	char *log = at("taken");

	(void)unlink(log);
	free(log);
	memset(&l->site, 0, sizeof(l->site));
	diag_init(&l->d);
	l->site.cycles = c = xcalloc(1, sizeof(*c));
	l->site.n_cycles = 1;
	c->year = 2025;
	c->dir = xstrdup("2025");
	records_load_cycle(root, c, &l->d);
	return c;
}

static void
unload(struct loaded *l)
{
	diag_free(&l->d);
	site_free(&l->site);
}

/* The registers the last load took from the file, one a line. */
static char *
taken(void)
{
	char *path = at("taken"), *text;
	size_t len;
	FILE *f = fopen(path, "rb");

	free(path);
	if (f == NULL)
		return xstrdup("");
	fclose(f);
	text = slurp("taken", &len);
	return text;
}

static void
same_decisions(const struct cycle *a, const struct cycle *b)
{
	size_t i;
	int s;

	assert_int_equal(a->n_decisions, b->n_decisions);
	for (i = 0; i < a->n_decisions; i++) {
		const struct decision *x = &a->decisions[i], *y = &b->decisions[i];

		assert_int_equal(x->line, y->line);
		assert_int_equal(x->stage, y->stage);
		assert_int_equal(x->result, y->result);
		assert_int_equal(x->date, y->date);
		same_str(x->credit_code, y->credit_code);
		assert_ptr_equal(y->credit_code, y->org->credit_code);
		assert_int_equal(x->org - a->orgs, y->org - b->orgs);
		same_str(x->note, y->note);
	}
	/* each applicant's decisions, stage by stage */
	for (i = 0; i < a->n_orgs; i++)
		for (s = 0; s < STAGE_COUNT; s++) {
			const struct decision *x = a->orgs[i].decision[s];
			const struct decision *y = b->orgs[i].decision[s];

			if (x == NULL)
				assert_null(y);
			else
				assert_int_equal(x - a->decisions,
				    y - b->decisions);
		}
}

static void
same_objections(const struct cycle *a, const struct cycle *b)
{
	size_t i;

	assert_int_equal(a->n_objections, b->n_objections);
	for (i = 0; i < a->n_objections; i++) {
		const struct objection *x = &a->objections[i];
		const struct objection *y = &b->objections[i];

		assert_int_equal(x->line, y->line);
		same_str(x->id, y->id);
		same_str(x->credit_code, y->credit_code);
		assert_int_equal(x->org - a->orgs, y->org - b->orgs);
		assert_int_equal(x->received, y->received);
		assert_int_equal(x->objector, y->objector);
		same_str(x->objector_name, y->objector_name);
		same_str(x->objector_address, y->objector_address);
		assert_int_equal(x->identity_complete, y->identity_complete);
		assert_int_equal(x->forwarded, y->forwarded);
		assert_int_equal(x->reported, y->reported);
		assert_int_equal(x->decided, y->decided);
		assert_int_equal(x->outcome, y->outcome);
		assert_int_equal(x->notified, y->notified);
		same_str(x->note, y->note);
	}
}

static void
same_msgs(const struct diag *a, const struct diag *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	assert_int_equal(a->warnings, b->warnings);
	assert_int_equal(a->errors, b->errors);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->items[i].level, b->items[i].level);
		assert_string_equal(a->items[i].file, b->items[i].file);
		assert_int_equal(a->items[i].line, b->items[i].line);
		assert_int_equal(a->items[i].column, b->items[i].column);
		assert_string_equal(a->items[i].msg, b->items[i].msg);
	}
}

static void
same_load(const struct loaded *a, const struct loaded *b)
{
	const struct cycle *x = &a->site.cycles[0], *y = &b->site.cycles[0];

	same_orgs(x, y);
	same_decisions(x, y);
	same_objections(x, y);
	same_msgs(&a->d, &b->d);
	same_str(x->orgs_file, y->orgs_file);
	same_str(x->decisions_file, y->decisions_file);
	same_str(x->objections_file, y->objections_file);
}

/* A clean load by the program "P1", its registers written into out/. */
static void
first_build(struct loaded *l)
{
	char *out = at("out");

	regcache_open(out, "P1");
	(void)load(l);
	assert_int_equal(l->d.errors, 0);
	assert_int_equal(l->d.warnings, 2);	/* the two unknown columns */
	assert_true(regcache_write(out));
	regcache_close();
	free(out);
}

/* A second load, by program prog, from what out/ holds. */
static void
rebuild(struct loaded *l, const char *prog)
{
	char *out = at("out");

	regcache_open(out, prog);
	(void)load(l);
	regcache_close();
	free(out);
}

static void
assert_taken(const char *want)
{
	char *got = taken();

	assert_string_equal(got, want);
	free(got);
}

/*
 * Taken, and written again (copied from the last file): the same file as
 * the clean build's, byte for byte.
 */
static void
test_round_trip(void **state)
{
	struct loaded a, b;
	char *out = at("out"), *again = at("again"), *x, *y;
	size_t nx, ny;

	(void)state;
	first_build(&a);
	assert_int_equal(mkdir(again, 0755), 0);
	regcache_open(out, "P1");
	(void)load(&b);
	assert_true(regcache_write(again));
	regcache_close();
	assert_taken("2025/organizations.csv\n2025/decisions.csv\n"
	    "2025/objections.csv\n");
	same_load(&a, &b);
	x = slurp("out/" REGCACHE_FILE, &nx);
	y = slurp("again/" REGCACHE_FILE, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(x);
	free(y);
	free(out);
	free(again);
	unload(&a);
	unload(&b);
}

/* Written from the records a cache gave: the same bytes as copied. */
static void
test_written_again(void **state)
{
	struct loaded a, b;
	char *out = at("out"), *again = at("again"), *x, *y, *text;
	size_t nx, ny;

	(void)state;
	first_build(&a);
	assert_int_equal(mkdir(again, 0755), 0);
	/* the file changed after it was read: each entry written anew */
	regcache_open(out, "P1");
	(void)load(&b);
	x = slurp("out/" REGCACHE_FILE, &nx);
	text = xmalloc(nx);
	memset(text, 'x', nx);
	put_bytes("out/" REGCACHE_FILE, text, nx);
	assert_true(regcache_write(again));
	regcache_close();
	y = slurp("again/" REGCACHE_FILE, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(text);
	free(x);
	free(y);
	free(out);
	free(again);
	unload(&a);
	unload(&b);
}

/* A byte changed in decisions: parsed again, the others taken. */
static void
test_changed_byte(void **state)
{
	struct loaded a, b, clean;
	char *data;
	size_t len;

	(void)state;
	first_build(&a);
	data = slurp("2025/decisions.csv", &len);
	memcpy(strstr(data, "2025-06-12"), "2025-06-14", 10);
	put_bytes("2025/decisions.csv", data, len);
	free(data);
	rebuild(&b, "P1");
	assert_taken("2025/organizations.csv\n2025/objections.csv\n");
	(void)load(&clean);
	same_load(&clean, &b);
	assert_int_equal(b.site.cycles[0].decisions[1].date,
	    clean.site.cycles[0].decisions[1].date);
	unload(&a);
	unload(&b);
	unload(&clean);
}

/* A name changed in organizations: decisions and objections still taken. */
static void
test_orgs_changed(void **state)
{
	struct loaded a, b, clean;
	char *text = xstrdup(orgs_csv);

	(void)state;
	first_build(&a);
	memcpy(strstr(text, "昆仑"), "天山", strlen("天山"));
	put("2025/organizations.csv", text);
	free(text);
	rebuild(&b, "P1");
	assert_taken("2025/decisions.csv\n2025/objections.csv\n");
	(void)load(&clean);
	same_load(&clean, &b);
	assert_non_null(strstr(b.site.cycles[0].orgs[1].name, "天山"));
	unload(&a);
	unload(&b);
	unload(&clean);
}

/* Another program's file, or no file: nothing taken. */
static void
test_other_program(void **state)
{
	struct loaded a, b;

	(void)state;
	first_build(&a);
	rebuild(&b, "P2");
	assert_taken("");
	same_load(&a, &b);
	unload(&a);
	unload(&b);
}

/*
 * The file damaged at every 7th byte in turn, cut short at every length,
 * or not one of gongshi's: never trusted; the load is a parse's.
 */
static void
test_damaged(void **state)
{
	struct loaded a, b;
	char *data, *bad, *got;
	size_t len, i;

	(void)state;
	first_build(&a);
	data = slurp("out/" REGCACHE_FILE, &len);
	bad = xmalloc(len);
	for (i = 0; i < len; i += 7) {
		memcpy(bad, data, len);
		bad[i] ^= 0x5a;
		put_bytes("out/" REGCACHE_FILE, bad, len);
		rebuild(&b, "P1");
		same_load(&a, &b);
		/* only an entry whose bytes are all intact is taken */
		got = taken();
		assert_true(strlen(got) < strlen("2025/organizations.csv\n"
		    "2025/decisions.csv\n2025/objections.csv\n"));
		free(got);
		unload(&b);
	}
	for (i = 0; i < len; i += 5) {
		put_bytes("out/" REGCACHE_FILE, data, i);
		rebuild(&b, "P1");
		same_load(&a, &b);
		unload(&b);
	}
	put("out/" REGCACHE_FILE, "gongshi registers 1\nnot a cache at all, "
	    "but long enough for an entry's head");
	rebuild(&b, "P1");
	assert_taken("");
	same_load(&a, &b);
	unload(&b);
	free(bad);
	free(data);
	unload(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_written_again, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_changed_byte, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_orgs_changed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_program, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
