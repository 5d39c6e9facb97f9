/*
 * fuzz_regcache: the registers a build kept (load/regcache.h) read back
 * from damaged entries. At start the harness loads a small cycle and
 * keeps its registers, as a build does; each input is a list of changes
 * to the entries' files, taken end to end in name order (3 bytes each:
 * where, twice, and what to XOR there), applied to their whole bytes
 * (first byte even: the heads and the bodies, as a disk or a hand would
 * damage them), or to the bodies only with each body's digest made right
 * again (first byte odd: what the reader of records sees from a file
 * written on purpose). The cycle is then loaded
 * with that file, its organizations.csv as kept or (bit 2 of the first
 * byte) with a name changed, so that the pieces of the register kept are
 * read and matched (load/regcache.h: regcache_plan): it must never crash
 * or leak, and whatever it takes must hold together (each decision's
 * applicant one of the cycle's).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/util.h"
#include "load/records.h"
#include "load/regcache.h"
#include "model.h"

int	LLVMFuzzerInitialize(int *, char ***);
static void	read_entries(const char *);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAGIC_LEN	19	/* "gongshi register 2\n" */
#define HEAD_LEN	(MAGIC_LEN + 40)
#define MAX_ENTRIES	8

static char	 root[64];
static char	*orgs_path;
static unsigned char *good;	/* the entries as kept, end to end */
static size_t	 good_len;
static char	*entry_path[MAX_ENTRIES];	/* in name order */
static size_t	 entry_at[MAX_ENTRIES], entry_len[MAX_ENTRIES], n_entries;

static const struct { const char *rel, *text; } files[] = {
	{ "2025/organizations.csv",
	    "credit_code,name,region,recommender,founded,industry,new_sector,"
	    "sme,contact,phone,email,备注栏\n"
	    "916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	    "伊犁哈萨克自治州市场监督管理局,2011-04-12,农业,no,yes,努尔兰,"
	    "13800000005,nuerlan@example.com,x\n"
	    "91650109749849540C,昆仑示范新材料股份有限公司,乌鲁木齐市,"
	    "自治区工业和信息化厅,2005-06-28,化学原料和化学制品制造业,no,no,"
	    "郑宏伟,13800000021,,\n" },
	{ "2025/decisions.csv",
	    "credit_code,stage,result,date,note\n"
	    "916540027233750093,recommendation,pass,2025-06-11,\n"
	    "91650109749849540C,recommendation,pass,2025-06-12,推荐\n"
	    "91650109749849540C,qualification,fail,2025-06-20,材料不全\n" },
	{ "2025/objections.csv",
	    "id,credit_code,received,objector,objector_name,objector_address,"
	    "identity,forwarded,reported,decided,outcome,notified,note\n"
	    "OBJ-2025-01,91650109749849540C,2025-07-17,unit,样例公司,样例路12号,"
	    "complete,2025-07-18,2025-07-24,2025-07-30,unfounded,2025-07-31,"
	    "不成立\n" },
};

static void
put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
}

/* The cycle loaded, its registers kept (or taken) as regcache has them. */
static void
load(struct site *s, struct diag *d)
{
	struct cycle *c;

	memset(s, 0, sizeof(*s));
	diag_init(d);
	s->cycles = c = xcalloc(1, sizeof(*c));
	s->n_cycles = 1;
	c->year = 2025;
	c->dir = xstrdup("2025");
	records_load_cycle(root, c, d);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct site s;
	struct diag d;
	char *path, *out;
	size_t i;

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "/tmp/fuzz-regcache.XXXXXX");
	if (mkdtemp(root) == NULL)
		abort();
	path = path_join(root, "2025");
	out = path_join(root, "out");
	if (mkdir(path, 0755) != 0 || mkdir(out, 0755) != 0)
		abort();
	free(path);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path = path_join(root, files[i].rel);
		put(path, files[i].text, strlen(files[i].text));
		free(path);
	}
	regcache_open(out, "fuzz");
	load(&s, &d);
	if (!regcache_write(out))
		abort();
	regcache_close();
	site_free(&s);
	diag_free(&d);
	regcache_release();
	orgs_path = path_join(root, files[0].rel);
	read_entries(out);
	free(out);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries' files kept in out, read end to end into good. */
static void
read_entries(const char *out)
{
	char *dir = path_join(out, REGCACHE_FILE);
	struct dirent *e;
	struct stat st;
	DIR *d;
	FILE *f;
	size_t i;

	if ((d = opendir(dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && n_entries < MAX_ENTRIES)
			entry_path[n_entries++] = path_join(dir, e->d_name);
	closedir(d);
	qsort(entry_path, n_entries, sizeof(*entry_path), by_name);
	for (i = 0; i < n_entries; i++) {
		if (stat(entry_path[i], &st) != 0)
			abort();
		entry_at[i] = good_len;
		entry_len[i] = (size_t)st.st_size;
		good_len += entry_len[i];
	}
	good = xmalloc(good_len + 1);
	for (i = 0; i < n_entries; i++)
		if ((f = fopen(entry_path[i], "rb")) == NULL ||
		    fread(good + entry_at[i], 1, entry_len[i], f) !=
		    entry_len[i] || fclose(f) != 0)
			abort();
	free(dir);
}

/* Where the bodies lie in good: [at[i], at[i] + len[i]). */
static size_t
bodies(size_t *at, size_t *len, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < n_entries && n < max; i++)
		if (entry_len[i] > HEAD_LEN) {
			at[n] = entry_at[i] + HEAD_LEN;
			len[n++] = entry_len[i] - HEAD_LEN;
		}
	return n;
}

/* The changes, into the whole file or into the bodies (digests remade). */
static void
damage(unsigned char *buf, const uint8_t *data, size_t size)
{
	size_t at[MAX_ENTRIES], len[MAX_ENTRIES], total = 0, i, k, pos;
	size_t n = bodies(at, len, MAX_ENTRIES);
	struct hash sum;

	for (k = 0; k < n; k++)
		total += len[k];
	for (i = 1; i + 3 <= size; i += 3) {
		pos = (size_t)data[i] << 8 | data[i + 1];
		if (!(data[0] & 1)) {
			buf[pos % good_len] ^= data[i + 2];
			continue;
		}
		pos %= total;
		for (k = 0; pos >= len[k]; k++)
			pos -= len[k];
		buf[at[k] + pos] ^= data[i + 2];
	}
	if (data[0] & 1)
		for (k = 0; k < n; k++) {
			hash_bytes(buf + at[k], len[k], &sum);
			memcpy(buf + at[k] - 32, sum.b, 16);	/* the head's digest */
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site s;
	struct diag d;
	struct cycle *c;
	unsigned char *buf;
	char *out = path_join(root, "out"), *edited;
	size_t i, cut;

	if (size == 0) {
		free(out);
		return 0;
	}
	buf = xmalloc(good_len);
	memcpy(buf, good, good_len);
	damage(buf, data, size);
	/* an even first byte with bit 1 set also cuts the entries short */
	cut = (data[0] & 3) == 2 && size > 1 ? data[1] % good_len : good_len;
	for (i = 0; i < n_entries; i++)
		put(entry_path[i], buf + entry_at[i], entry_at[i] >= cut ? 0 :
		    cut - entry_at[i] < entry_len[i] ? cut - entry_at[i] :
		    entry_len[i]);
	free(buf);
	/* organizations as kept, or a name changed: then read in part */
	edited = xstrdup(files[0].text);
	if (data[0] & 4)
		memcpy(strstr(edited, "昆仑"), "天山", strlen("天山"));
	put(orgs_path, edited, strlen(edited));
	free(edited);
	regcache_open(out, "fuzz");
	load(&s, &d);
	regcache_close();
	c = &s.cycles[0];
	for (i = 0; i < c->n_decisions; i++)
		if (c->decisions[i].org < c->orgs ||
		    c->decisions[i].org >= c->orgs + c->n_orgs ||
		    c->decisions[i].credit_code != c->decisions[i].org->credit_code)
			__builtin_trap();
	for (i = 0; i < c->n_objections; i++)
		if (c->objections[i].org < c->orgs ||
		    c->objections[i].org >= c->orgs + c->n_orgs)
			__builtin_trap();
	site_free(&s);
	diag_free(&d);
	regcache_release();
	free(out);
	return 0;
}
