/*
 * fuzz_regcache: the registers a build kept (load/regcache.h) read back
 * from a damaged file. At start the harness loads a small cycle and keeps
 * its registers, as a build does; each input is a list of changes to that
 * file (3 bytes each: where, twice, and what to XOR there), applied to
 * the whole file (first byte even: the index, the heads and the bodies,
 * as a disk or a hand would damage it), or to the bodies only with each
 * body's digest made right again (first byte odd: what the reader of
 * records sees from a file written on purpose). The cycle is then loaded
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
#include <sys/stat.h>

#include "base/diag.h"
#include "base/hash.h"
#include "base/util.h"
#include "load/records.h"
#include "load/regcache.h"
#include "model.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAGIC_LEN	20	/* "gongshi registers 1\n" */
#define HEAD_LEN	40

static char	 root[64];
static char	*cache_path, *orgs_path;
static unsigned char *good;	/* the file as kept */
static size_t	 good_len;

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
	struct stat st;
	FILE *f;
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
	cache_path = path_join(out, REGCACHE_FILE);
	if (!regcache_write(out) || stat(cache_path, &st) != 0)
		abort();
	regcache_close();
	site_free(&s);
	diag_free(&d);
	orgs_path = path_join(root, files[0].rel);
	good_len = (size_t)st.st_size;
	good = xmalloc(good_len);
	if ((f = fopen(cache_path, "rb")) == NULL ||
	    fread(good, 1, good_len, f) != good_len)
		abort();
	fclose(f);
	free(out);
	return 0;
}

/* Where the bodies lie in the file as kept: [at[i], at[i] + len[i]). */
static size_t
bodies(size_t *at, size_t *len, size_t max)
{
	size_t off = MAGIC_LEN, n = 0;

	while (off + HEAD_LEN <= good_len && n < max) {
		len[n] = (size_t)good[off + 32] | (size_t)good[off + 33] << 8 |
		    (size_t)good[off + 34] << 16 | (size_t)good[off + 35] << 24;
		at[n] = off + HEAD_LEN;
		off = at[n] + len[n];
		n++;
	}
	return n;
}

/* The changes, into the whole file or into the bodies (digests remade). */
static void
damage(unsigned char *buf, const uint8_t *data, size_t size)
{
	size_t at[8], len[8], n = bodies(at, len, 8), total = 0, i, k, pos;
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
			memcpy(buf + at[k] - HEAD_LEN + 16, sum.b, 16);
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
	/* an even first byte with bit 1 set also cuts the file short */
	cut = (data[0] & 3) == 2 && size > 1 ? data[1] % good_len : good_len;
	put(cache_path, buf, cut);
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
	free(out);
	return 0;
}
