/*
 * regcache (src/load/regcache.h): a cycle's registers loaded, kept and
 * written, then loaded again from the file give the same records and the
 * same warnings as a parse; a register with one byte changed is parsed
 * again while the others are taken; decisions are taken even when
 * organizations changed; an entry damaged, cut short, foreign, under
 * another entry's name, not a file, or written by another program is not
 * taken from, and the load is a parse's; an entry replaced after it was
 * read is written anew, not linked; an unchanged entry is kept as the
 * same file (linked, or left where the new folder has it);
 * organizations edited at random, each rebuild reading in part what it
 * can (load/regcache.h: the pieces of a register), gives the records and
 * the messages of a clean load (GONGSHI_TEST_SEED=N changes the edits).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "load/fields.h"
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

#define MAGIC_LEN	19	/* "gongshi register 2\n" */
#define HEAD_LEN	(MAGIC_LEN + 40)
#define REG_ROWS	4	/* the kind of an entry of a register's pieces */

/* The entries of the folder rel (REGCACHE_FILE), by name. */
struct folder {
	char	**name;
	size_t	  n;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
folder_list(const char *rel, struct folder *f)
{
	char *path = at(rel);
	struct dirent *e;
	DIR *d = opendir(path);

	assert_non_null(d);
	memset(f, 0, sizeof(*f));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		f->name = xreallocarray(f->name, f->n + 1, sizeof(*f->name));
		f->name[f->n++] = path_join(rel, e->d_name);
	}
	closedir(d);
	free(path);
	if (f->n > 0)
		qsort(f->name, f->n, sizeof(*f->name), by_name);
}

static void
folder_free(struct folder *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->name[i]);
	free(f->name);
}

/* The kind of the entry data[0..len): its body's first byte, or -1. */
static int
kind_of(const char *data, size_t len)
{
	return len > HEAD_LEN ? (unsigned char)data[HEAD_LEN] : -1;
}

/*
 * The entries of the folder rel, each its name (without the folder) and
 * its bytes, in name order; those of pieces too when rows.
 */
static char *
slurp_folder(const char *rel, size_t *len, bool rows)
{
	struct folder f;
	struct buf b;
	char *data;
	size_t i, n;

	folder_list(rel, &f);
	buf_init(&b);
	for (i = 0; i < f.n; i++) {
		data = slurp(f.name[i], &n);
		if (rows || kind_of(data, n) != REG_ROWS) {
			buf_puts(&b, strrchr(f.name[i], '/') + 1);
			buf_putc(&b, '\n');
			buf_add(&b, data, n);
		}
		free(data);
	}
	folder_free(&f);
	*len = b.len;
	data = xstrndup(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return data;
}

static void
same_folders(const char *x, const char *y, bool rows)
{
	char *a, *b;
	size_t na, nb;

	a = slurp_folder(x, &na, rows);
	b = slurp_folder(y, &nb, rows);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);
}

/* The inode of the file rel. */
static ino_t
inode(const char *rel)
{
	char *path = at(rel);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	free(path);
	return st.st_ino;
}

/* A shell command, its %s the scratch folder. */
static void
shell(const char *fmt)
{
	char *cmd = xasprintf(fmt, root, root, root);

	assert_int_equal(system(cmd), 0);
	free(cmd);
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
	regcache_release();
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
 * Taken, and kept again: the same entries as the clean build's, each the
 * same file (linked into a new folder; left in place in a folder that
 * has it, while what else that folder held goes).
 */
static void
test_round_trip(void **state)
{
	struct loaded a, b;
	struct folder f;
	char *out = at("out"), *again = at("again"), *rel;
	size_t i;

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
	same_folders("out/" REGCACHE_FILE, "again/" REGCACHE_FILE, true);
	folder_list("out/" REGCACHE_FILE, &f);
	assert_int_equal(f.n, 4);	/* three registers, and the pieces */
	for (i = 0; i < f.n; i++) {
		rel = xasprintf("again/%s", f.name[i] + strlen("out/"));
		assert_int_equal(inode(f.name[i]), inode(rel));
		free(rel);
	}
	unload(&b);
	/* again, into the folder that has them and one more file */
	put("again/" REGCACHE_FILE "/0123456789abcdef0123456789abcdef", "x");
	regcache_open(out, "P1");
	(void)load(&b);
	assert_true(regcache_write(again));
	regcache_close();
	same_folders("out/" REGCACHE_FILE, "again/" REGCACHE_FILE, true);
	for (i = 0; i < f.n; i++) {
		rel = xasprintf("again/%s", f.name[i] + strlen("out/"));
		assert_int_equal(inode(f.name[i]), inode(rel));
		free(rel);
	}
	folder_free(&f);
	free(out);
	free(again);
	unload(&a);
	unload(&b);
}

/*
 * Written from the records a cache gave: the same bytes as kept. Each
 * entry replaced by another file after it was read is not linked (it is
 * not the file checked): written anew. (The pieces of a register cannot
 * be made again without its bytes: they are left out.)
 */
static void
test_written_again(void **state)
{
	struct loaded a, b;
	struct folder f;
	char *out = at("out"), *again = at("again"), *x, *y, *text, *path;
	size_t nx, ny, i;

	(void)state;
	first_build(&a);
	assert_int_equal(mkdir(again, 0755), 0);
	regcache_open(out, "P1");
	(void)load(&b);
	x = slurp_folder("out/" REGCACHE_FILE, &nx, false);
	folder_list("out/" REGCACHE_FILE, &f);
	for (i = 0; i < f.n; i++) {
		y = slurp(f.name[i], &ny);
		text = xmalloc(ny);
		memset(text, 'x', ny);
		path = at(f.name[i]);
		assert_int_equal(unlink(path), 0);
		put_bytes(f.name[i], text, ny);
		free(path);
		free(text);
		free(y);
	}
	folder_free(&f);
	assert_true(regcache_write(again));
	regcache_close();
	y = slurp_folder("again/" REGCACHE_FILE, &ny, true);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
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

static const char all_taken[] = "2025/organizations.csv\n"
    "2025/decisions.csv\n2025/objections.csv\n";

/* A rebuild from out/ that takes fewer registers than all. */
static void
rebuild_takes_fewer(struct loaded *a)
{
	struct loaded b;
	char *got;

	rebuild(&b, "P1");
	same_load(a, &b);
	got = taken();
	assert_true(strlen(got) < strlen(all_taken));
	free(got);
	unload(&b);
	regcache_release();
}

/* The name (under out/) of the entry of kind k. */
static char *
entry_of_kind(int k)
{
	struct folder f;
	char *data, *name = NULL;
	size_t i, len;

	folder_list("out/" REGCACHE_FILE, &f);
	for (i = 0; i < f.n && name == NULL; i++) {
		data = slurp(f.name[i], &len);
		if (kind_of(data, len) == k)
			name = xstrdup(f.name[i]);
		free(data);
	}
	folder_free(&f);
	assert_non_null(name);
	return name;
}

/*
 * Each entry damaged at every 7th byte in turn, or cut short at every
 * length: never trusted (an entry of pieces is not needed to take its
 * register); the load is a parse's.
 */
static void
test_damaged(void **state)
{
	struct loaded a, b;
	struct folder f;
	char *data, *bad;
	size_t len, i, k;
	bool pieces;

	(void)state;
	first_build(&a);
	folder_list("out/" REGCACHE_FILE, &f);
	for (k = 0; k < f.n; k++) {
		data = slurp(f.name[k], &len);
		bad = xmalloc(len);
		pieces = kind_of(data, len) == REG_ROWS;
		for (i = 0; i < len; i += 7) {
			memcpy(bad, data, len);
			bad[i] ^= 0x5a;
			put_bytes(f.name[k], bad, len);
			if (!pieces) {
				rebuild_takes_fewer(&a);
				continue;
			}
			rebuild(&b, "P1");
			same_load(&a, &b);
			assert_taken(all_taken);
			unload(&b);
			regcache_release();
		}
		for (i = 0; i < len; i += 5) {
			put_bytes(f.name[k], data, i);
			if (!pieces)
				rebuild_takes_fewer(&a);
		}
		put_bytes(f.name[k], data, len);
		free(bad);
		free(data);
	}
	folder_free(&f);
	unload(&a);
}

/*
 * An entry not one of gongshi's, another entry's under its name, a
 * folder or a link in its place: not taken. The registers kept in one
 * file, as before: nothing taken, and the folder made in its place.
 */
static void
test_foreign(void **state)
{
	struct loaded a, b;
	char *orgs, *dec, *data, *path, *target;
	size_t len;

	(void)state;
	first_build(&a);
	orgs = entry_of_kind(1);
	dec = entry_of_kind(2);
	put(dec, "gongshi register 2\nnot a cache at all, but long enough for "
	    "an entry's head");
	rebuild_takes_fewer(&a);
	data = slurp(orgs, &len);
	put_bytes(dec, data, len);
	free(data);
	rebuild(&b, "P1");
	same_load(&a, &b);
	assert_taken("2025/organizations.csv\n2025/objections.csv\n");
	unload(&b);
	regcache_release();
	path = at(dec);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	rebuild_takes_fewer(&a);
	assert_int_equal(rmdir(path), 0);
	target = at(orgs);
	assert_int_equal(symlink(target, path), 0);
	rebuild_takes_fewer(&a);
	free(target);
	free(path);
	/* the one file of before */
	shell("rm -rf '%s/out/" REGCACHE_FILE "'");
	put("out/" REGCACHE_FILE, "gongshi registers 1\nan index and bodies");
	path = at("out");
	regcache_open(path, "P1");
	(void)load(&b);
	assert_taken("");
	same_load(&a, &b);
	assert_true(regcache_write(path));
	regcache_close();
	unload(&b);
	rebuild(&b, "P1");
	assert_taken(all_taken);
	same_load(&a, &b);
	unload(&b);
	free(path);
	free(orgs);
	free(dec);
	unload(&a);
}

/* --- organizations.csv edited at random, read in part ---------------------- */

static unsigned long long seed = 14;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

/* The register as lines, each with its line end. */
struct text {
	char	**v;
	size_t	  n;
};

static void
text_insert(struct text *t, size_t at, char *line)
{
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	memmove(t->v + at + 1, t->v + at, (t->n - at) * sizeof(*t->v));
	t->v[at] = line;
	t->n++;
}

static void
text_delete(struct text *t, size_t at)
{
	free(t->v[at]);
	memmove(t->v + at, t->v + at + 1, (t->n - at - 1) * sizeof(*t->v));
	t->n--;
}

static void
text_free(struct text *t)
{
	while (t->n > 0)
		text_delete(t, t->n - 1);
	free(t->v);
	t->v = NULL;
}

static void
text_copy(struct text *to, const struct text *from)
{
	size_t i;

	text_free(to);
	for (i = 0; i < from->n; i++)
		text_insert(to, i, xstrdup(from->v[i]));
}

/* The k-th applicant's row: a valid code of its own. */
static char *
org_row(unsigned k)
{
	char code[19], expected;
	const char *why;

	snprintf(code, sizeof(code), "9165010%010u0", k * 7 + 1);
	if (!field_credit_code(code, &expected, &why)) {
		assert_null(why);
		code[17] = expected;
	}
	return xasprintf("%s,样例%u有限公司,乌鲁木齐市,自治区工业和信息化厅,"
	    "2005-06-28,制造业,no,no,联系人%u,13800000021,,备注\n", code, k, k);
}

static void
text_base(struct text *t, unsigned *next)
{
	const char *p = orgs_csv, *nl;

	/* the applicants decisions and objections name, then 40 more */
	text_free(t);
	while ((nl = strchr(p, '\n')) != NULL) {
		text_insert(t, t->n, xstrndup(p, (size_t)(nl + 1 - p)));
		p = nl + 1;
	}
	for (*next = 0; *next < 40; ++*next)
		text_insert(t, t->n, org_row(*next));
}

/* s with what = with inserted at its byte at (freed, a new string). */
static char *
spliced(char *s, size_t at, size_t cut, const char *with)
{
	char *r = xasprintf("%.*s%s%s", (int)at, s, with, s + at + cut);

	free(s);
	return r;
}

static size_t
comma(const char *s)
{
	const char *c = strchr(s, ',');

	return c != NULL ? (size_t)(c - s) : 0;
}

/* One edit of the register: what an office does to it, and mistakes. */
static void
text_edit(struct text *t, unsigned *next)
{
	size_t i = t->n > 1 ? 1 + rnd((unsigned)t->n - 1) : 0, len;
	char *s = t->v[i];
	char *hit;

	switch (rnd(14)) {
	case 0:	/* a name changed */
		t->v[i] = spliced(s, comma(s) + 1, 0, "改");
		break;
	case 1:	/* an applicant added */
		text_insert(t, 1 + rnd((unsigned)t->n), org_row((*next)++));
		break;
	case 2:	/* one taken away */
		if (t->n > 2)
			text_delete(t, i);
		break;
	case 3:	/* a row copied elsewhere: its code twice */
		text_insert(t, 1 + rnd((unsigned)t->n), xstrdup(s));
		break;
	case 4:	/* a quote opened, closed two lines on, or never */
		t->v[i] = spliced(s, comma(s) + 1, 0, "\"");
		if (i + 2 < t->n && rnd(2) == 0)
			t->v[i + 2] = spliced(t->v[i + 2], comma(t->v[i + 2]),
			    0, "\"");
		break;
	case 5:	/* the header: a column misspelt, or right again */
		if ((hit = strstr(t->v[0], "industry,")) != NULL)
			t->v[0] = spliced(t->v[0], (size_t)(hit - t->v[0]), 8,
			    "industri");
		else if ((hit = strstr(t->v[0], "industri,")) != NULL)
			t->v[0] = spliced(t->v[0], (size_t)(hit - t->v[0]), 8,
			    "industry");
		break;
	case 6:	/* a BOM, or none */
		if (strncmp(t->v[0], "\xEF\xBB\xBF", 3) == 0)
			t->v[0] = spliced(t->v[0], 0, 3, "");
		else
			t->v[0] = spliced(t->v[0], 0, 0, "\xEF\xBB\xBF");
		break;
	case 7:	/* a line's end CRLF, or LF again */
		len = strlen(s);
		if (len >= 2 && s[len - 2] == '\r')
			t->v[i] = spliced(s, len - 2, 1, "");
		else if (len >= 1 && s[len - 1] == '\n')
			t->v[i] = spliced(s, len - 1, 0, "\r");
		break;
	case 8:	/* a bad date */
		if ((hit = strstr(s, "2005-06-28")) != NULL)
			t->v[i] = spliced(s, (size_t)(hit - s), 10, "2005-13-28");
		break;
	case 9:	/* a blank line */
		text_insert(t, 1 + rnd((unsigned)t->n), xstrdup("\n"));
		break;
	case 10: /* a code a spreadsheet made a number */
		t->v[i] = spliced(s, 0, comma(s), "9.16501E+17");
		break;
	case 11: /* the last line's end taken away, or given back */
		s = t->v[t->n - 1];
		len = strlen(s);
		if (len > 0 && s[len - 1] == '\n')
			t->v[t->n - 1] = spliced(s, len - 1, 1, "");
		else
			t->v[t->n - 1] = spliced(s, len, 0, "\n");
		break;
	case 12: /* a row of empty cells, as Excel leaves */
		text_insert(t, 1 + rnd((unsigned)t->n),
		    xstrdup(",,,,,,,,,,,\n"));
		break;
	default: /* a row with a field too many */
		t->v[i] = spliced(s, comma(s), 0, ",多");
		break;
	}
}

static void
text_put(const struct text *t)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < t->n; i++)
		buf_puts(&b, t->v[i]);
	put_bytes("2025/organizations.csv", b.data, b.len);
	buf_free(&b);
}

/*
 * A rebuild from out/, which, when it tells no error, keeps its
 * registers there for the next one, as a build that succeeds does.
 */
static void
rebuild_keeping(struct loaded *l)
{
	char *out = at("out"), *next = at("next"), *from, *to;

	regcache_open(out, "P1");
	(void)load(l);
	if (l->d.errors == 0) {
		assert_int_equal(mkdir(next, 0755), 0);
		assert_true(regcache_write(next));
		from = path_join(next, REGCACHE_FILE);
		to = path_join(out, REGCACHE_FILE);
		shell("rm -rf '%s/out/" REGCACHE_FILE "'");
		assert_int_equal(rename(from, to), 0);
		assert_int_equal(rmdir(next), 0);
		free(from);
		free(to);
	}
	regcache_close();
	free(out);
	free(next);
}

/*
 * The registers a clean build keeps of what the folder holds now, but
 * for the pieces: the same bytes as out/ keeps (the records copied from
 * the last build's file are what writing them gives).
 */
static void
same_as_clean_file(void)
{
	struct loaded l;
	char *none = at("none"), *clean = at("clean"), *cmd;

	assert_int_equal(mkdir(none, 0755), 0);
	assert_int_equal(mkdir(clean, 0755), 0);
	regcache_open(none, "P1");
	(void)load(&l);
	assert_true(regcache_write(clean));
	regcache_close();
	unload(&l);
	same_folders("out/" REGCACHE_FILE, "clean/" REGCACHE_FILE, false);
	cmd = xasprintf("rm -rf '%s' '%s'", none, clean);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(none);
	free(clean);
}

/* How many lines the file rel holds (0 when there is none), and empties it. */
static size_t
lines_of(const char *rel)
{
	char *path = at(rel), *text;
	size_t len, n = 0, i;
	FILE *f = fopen(path, "rb");

	free(path);
	if (f == NULL)
		return 0;
	fclose(f);
	text = slurp(rel, &len);
	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	free(text);
	put_bytes(rel, "", 0);
	return n;
}

/*
 * Organizations edited at random 300 times: rows changed, added, taken
 * away, copied, a quote opened across lines, the header, a BOM, CRLF, a
 * bad date, blank lines, a code made a number, the last line end; each
 * rebuild reads what it can in part (GONGSHI_TEST_ROWS), and gives the
 * records and the messages, in their order, of a clean load.
 */
static void
test_rows_edited(void **state)
{
	struct loaded a, b, clean;
	struct text t = { NULL, 0 }, undo = { NULL, 0 };
	unsigned next, k, ok = 0;
	size_t in_part = 0;
	char *rows = at("rows");

	(void)state;
	if (getenv("GONGSHI_TEST_SEED") != NULL)
		seed = strtoull(getenv("GONGSHI_TEST_SEED"), NULL, 10);
	setenv("GONGSHI_TEST_ROWS", rows, 1);
	text_base(&t, &next);
	text_put(&t);
	first_build(&a);
	unload(&a);
	for (k = 0; k < 300; k++) {
		text_copy(&undo, &t);
		if (rnd(8) == 0)
			text_base(&t, &next);
		text_edit(&t, &next);
		if (rnd(3) == 0)
			text_edit(&t, &next);
		text_put(&t);
		rebuild_keeping(&b);
		(void)load(&clean);
		same_load(&clean, &b);
		if (clean.d.errors == 0)
			same_as_clean_file();
		ok += clean.d.errors == 0;
		/* an error, most often put right before the next build */
		if (clean.d.errors > 0 && rnd(10) > 0)
			text_copy(&t, &undo);
		unload(&b);
		unload(&clean);
		in_part += lines_of("rows");
		regcache_release();
	}
	/* most edits leave something to take; some make errors */
	assert_true(in_part > 150);
	assert_true(ok > 60 && ok < 300);
	unsetenv("GONGSHI_TEST_ROWS");
	text_free(&t);
	text_free(&undo);
	free(rows);
}

/* The registers kept in out/ removed, for a first build again. */
static void
forget(void)
{
	shell("rm -rf '%s/out/" REGCACHE_FILE "'");
}

/*
 * Bytes converted from UTF-8 to GB18030 (what Excel saves on Chinese
 * Windows), into a new string.
 */
static char *
to_gb18030(const char *utf8, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t in_left = strlen(utf8), out_left = 2 * in_left + 16;
	char *out = xmalloc(out_left), *in = (char *)utf8, *o = out;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(o - out);
	return out;
}

/*
 * Where a part cannot stand for the whole file, the whole file is read,
 * as a clean load reads it: a register saved as GB18030 (its pieces are
 * not kept), a quote opened in the rows that changed and closed after
 * them, a header changed.
 */
static void
test_rows_whole(void **state)
{
	struct loaded a, b, clean;
	char *rows = at("rows"), *text, *gb;
	size_t len;
	const char *quoted[] = { "伊犁河谷示范", "\"伊犁河谷示范" };

	(void)state;
	setenv("GONGSHI_TEST_ROWS", rows, 1);
	/* GB18030: no pieces kept, a name changed read whole */
	gb = to_gb18030(orgs_csv, &len);
	put_bytes("2025/organizations.csv", gb, len);
	free(gb);
	first_build(&a);
	unload(&a);
	text = xstrdup(orgs_csv);
	memcpy(strstr(text, "昆仑"), "天山", strlen("天山"));
	gb = to_gb18030(text, &len);
	put_bytes("2025/organizations.csv", gb, len);
	free(gb);
	rebuild(&b, "P1");
	(void)load(&clean);
	same_load(&clean, &b);
	assert_int_equal(lines_of("rows"), 0);
	unload(&b);
	unload(&clean);
	/*
	 * UTF-8 again, the last applicant's name quoted: kept; then a quote
	 * opened in the first row, which the last row's first quote closes
	 */
	(void)strcpy(text, orgs_csv);
	text = spliced(text, (size_t)(strstr(text, "乌鲁木齐示范中医医院") -
	    text), strlen("乌鲁木齐示范中医医院"), "\"乌鲁木齐示范中医医院\"");
	put("2025/organizations.csv", text);
	forget();
	first_build(&a);
	unload(&a);
	text = spliced(text, (size_t)(strstr(text, quoted[0]) - text),
	    strlen(quoted[0]), quoted[1]);
	put("2025/organizations.csv", text);
	rebuild(&b, "P1");
	(void)load(&clean);
	same_load(&clean, &b);
	assert_true(clean.d.errors > 0);
	assert_int_equal(lines_of("rows"), 0);
	unload(&b);
	unload(&clean);
	/* the header changed: read whole */
	put("2025/organizations.csv", orgs_csv);
	forget();
	first_build(&a);
	unload(&a);
	free(text);
	text = xstrdup(orgs_csv);
	memcpy(strstr(text, "备注栏"), "附注栏", strlen("附注栏"));
	put("2025/organizations.csv", text);
	rebuild(&b, "P1");
	(void)load(&clean);
	same_load(&clean, &b);
	assert_int_equal(lines_of("rows"), 0);
	unload(&b);
	unload(&clean);
	unsetenv("GONGSHI_TEST_ROWS");
	free(text);
	free(rows);
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
		cmocka_unit_test_setup_teardown(test_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_edited, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rows_whole, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
