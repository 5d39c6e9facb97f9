/*
 * The content loader (src/load/content.h): the sample content/ loads
 * clean, then each file kind is loaded from a small content folder that
 * the test writes into a temporary directory, one mistake at a time, and
 * each mistake must be reported at its exact FILE:LINE.
 * Run from the tests/ directory (the sample is ../content).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "load/config.h"
#include "load/content.h"
#include "model.h"
#include "same_records.h"
#include "scratch.h"

#define SAMPLE	"../content"

/* ---- the fixture: a small content folder, clean -------------------------- */

static const char site_yaml[] =
	"title: 测试公示\n"					/* 1 */
	"base_url: https://zlj.example.gov.cn/\n"
	"award:\n"						/* 3 */
	"  name: 新疆维吾尔自治区人民政府质量奖\n"
	"  short_name: 新疆质量奖\n"
	"  nomination_name: 新疆维吾尔自治区人民政府质量奖提名奖\n"
	"  government: 新疆维吾尔自治区人民政府\n"
	"  measures: 《新疆维吾尔自治区人民政府质量奖管理办法》\n"
	"  certificate_prefix: XJZLJ\n"				/* 9 */
	"office:\n"						/* 10 */
	"  name: 自治区质量强区工作领导小组办公室\n"
	"  host: 自治区市场监督管理局\n"
	"  address: 乌鲁木齐市示范路1号\n"
	"  postcode: \"830000\"\n"
	"  phone: 0991-0000000\n"
	"  email: zlj@example.gov.cn\n"				/* 16 */
	"rules:\n"						/* 17 */
	"  award_quota: 4\n"					/* 18 */
	"  publicity_working_days: 7\n";			/* 19 */

static const char calendar_yaml[] =
	"year: 2025\n"						/* 1 */
	"sources:\n"
	"  - 国务院办公厅关于2025年部分节假日安排的通知\n"
	"days_off:\n"						/* 4 */
	"  - { date: 2025-01-01, name: 元旦 }\n"		/* 5 */
	"  - { from: 2025-10-01, to: 2025-10-08, name: 国庆节 }\n"
	"working_days:\n"					/* 7 */
	"  - { date: 2025-09-28, name: 国庆节调休 }\n"		/* 8 */
	"  - { date: 2025/10/11, name: 国庆节调休 }\n";	/* 9 */

static const char cycle_yaml[] =
	"year: 2025\n"						/* 1 */
	"edition: 8\n"
	"application_deadline: 2025-06-30\n"			/* 3 */
	"notices:\n"
	"  call: { date: 2025-04-01, number: 新质强办〔2025〕3号 }\n"	/* 5 */
	"  acceptance: { date: 2025-07-15 }\n"			/* 6 */
	"  proposal: { date: 2025-11-20, until: 2025-11-26 }\n";	/* 7 */

static const char orgs_csv[] =
	"credit_code,name,region,recommender,founded,industry,new_sector,"
	"sme,confidential\n"
	"916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	"伊犁哈萨克自治州市场监督管理局,2011-04-12,农业,no,yes,\n"	/* 2 */
	"91650109749849540C,昆仑示范新材料股份有限公司,乌鲁木齐市,"
	"自治区工业和信息化厅,2005/6/28,\"化学原料, 化学制品\",是,否,"
	"industry\n"						/* 3 */
	"916606006068190966,兵团示范番茄制品有限公司,新疆生产建设兵团,"
	"新疆生产建设兵团市场监督管理局,2003-08-15,,,,\n";	/* 4 */

static const char decisions_csv[] =
	"credit_code,stage,result,date,note\n"
	"916540027233750093,recommendation,pass,2025-06-11,\n"	/* 2 */
	"91650109749849540C,recommendation,pass,2025-06-12,\n"	/* 3 */
	"916540027233750093,qualification,pass,2025-07-10,\n"	/* 4 */
	"91650109749849540C,qualification,fail,2025-07-10,材料不全\n"; /* 5 */

/* Records on lines 2 and 3, each written as two literals. */
static const char objections_csv[] =
	"id,credit_code,received,objector,objector_name,objector_address,"
	"identity,forwarded,reported,decided,outcome,notified,note\n"
	"OBJ-2025-01,91650109749849540C,2025-07-17,unit,样例公司,样例路12号,"
	"complete,2025-07-18,2025-07-24,2025-07-30,unfounded,2025-07-31,\n"
	"OBJ-2025-02,916540027233750093,2025-07-18,individual,（未署名）,,"
	"incomplete,,,,,,不予受理\n";

static const char sanctions_csv[] =
	"credit_code,kind,date,decided,number,note\n"
	"91650109677141067A,incident,2021-11-16,,,\n"		/* 2 */
	"91652301673203056Y,violation,2025-03-12,2025-05-20,"
	"新政发〔2025〕21号,撤销\n";				/* 3 */

static const char notice_md[] =
	"---\n"							/* 1 */
	"title: 关于做好现场评审工作的通知\n"			/* 2 */
	"date: 2025-09-26\n"
	"number: 新质强办〔2025〕15号\n"
	"---\n"							/* 5 */
	"\n"
	"各有关单位：\n";					/* 7 */

#define ORGS	"2025/organizations.csv"
#define DECS	"2025/decisions.csv"
#define OBJS	"2025/objections.csv"
#define CYCLE	"2025/cycle.yaml"
#define CAL	"calendar/2025.yaml"
#define NOTICE	"2025/notices/visit.md"

struct fx {
	char		dir[64];
	struct site	site;
	struct diag	diag;
	bool		loaded;
};

/* Writes rel under the fixture, making its folders; len bytes of text. */
static void
put_n(struct fx *f, const char *rel, const char *text, size_t len)
{
	scratch_put(f->dir, rel, text, len);
}

static void
put(struct fx *f, const char *rel, const char *text)
{
	put_n(f, rel, text, strlen(text));
}

/* Writes base with its one occurrence of from replaced by to. */
static void
put_subst(struct fx *f, const char *rel, const char *base, const char *from,
    const char *to)
{
	const char *at = strstr(base, from);
	struct buf b;

	if (at == NULL || strstr(at + 1, from) != NULL)
		fail_msg("fixture: '%s' is not once in %s", from, rel);
	buf_init(&b);
	buf_add(&b, base, (size_t)(at - base));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	put(f, rel, buf_cstr(&b));
	buf_free(&b);
}

static void
remove_file(struct fx *f, const char *rel)
{
	char *path = path_join(f->dir, rel);

	assert_int_equal(unlink(path), 0);
	free(path);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	if (scratch_make(f->dir, sizeof(f->dir), "gongshi-test-load") != 0) {
		free(f);
		return -1;
	}
	diag_init(&f->diag);
	put(f, "site.yaml", site_yaml);
	put(f, CAL, calendar_yaml);
	put(f, "sanctions.csv", sanctions_csv);
	put(f, CYCLE, cycle_yaml);
	put(f, ORGS, orgs_csv);
	put(f, DECS, decisions_csv);
	put(f, OBJS, objections_csv);
	put(f, NOTICE, notice_md);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f->loaded)
		site_free(&f->site);
	diag_free(&f->diag);
	(void)scratch_remove(f->dir);
	free(f);
	return 0;
}

static void
print_diags(const struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		print_error("  have %s:%d: %s: %s\n", d->items[i].file,
		    d->items[i].line, d->items[i].level == DIAG_ERROR ?
		    "error" : "warning", d->items[i].msg);
}

static void
load(struct fx *f)
{
	if (f->loaded) {
		site_free(&f->site);
		diag_free(&f->diag);
	}
	assert_int_equal(content_load(f->dir, &f->site, &f->diag), 0);
	f->loaded = true;
}

/* Some diagnostic of that level is at file:line and contains needle. */
static void
expect(const struct fx *f, enum diag_level level, const char *file, int line,
    const char *needle)
{
	const struct diag_item *it;
	size_t i;

	for (i = 0; i < f->diag.n; i++) {
		it = &f->diag.items[i];
		if (it->level == level && strcmp(it->file, file) == 0 &&
		    it->line == line && strstr(it->msg, needle) != NULL) {
			/* diag_has, the tests' own API, agrees. */
			assert_true(diag_has(&f->diag, file, line, needle));
			return;
		}
	}
	print_diags(&f->diag);
	fail_msg("no %s at %s:%d containing \"%s\"",
	    level == DIAG_ERROR ? "error" : "warning", file, line, needle);
}

/* Exactly so many errors and warnings: one mistake, one message. */
static void
expect_counts(const struct fx *f, size_t errors, size_t warnings)
{
	if (f->diag.errors == errors && f->diag.warnings == warnings)
		return;
	print_diags(&f->diag);
	fail_msg("%zu errors and %zu warnings, expected %zu and %zu",
	    f->diag.errors, f->diag.warnings, errors, warnings);
}

/* The one error of the run is at file:line and contains needle. */
static void
expect_error(struct fx *f, const char *file, int line, const char *needle)
{
	load(f);
	expect(f, DIAG_ERROR, file, line, needle);
	expect_counts(f, 1, 0);
}

static void
expect_warning(struct fx *f, const char *file, int line, const char *needle)
{
	load(f);
	expect(f, DIAG_WARNING, file, line, needle);
	expect_counts(f, 0, 1);
}

static day_t
day(const char *iso)
{
	day_t d;

	if (!date_parse(iso, &d))
		fail_msg("bad date in the test: %s", iso);
	return d;
}

/* ---- the sample content -------------------------------------------------- */

/* Records of a CSV file: its lines but the header, counted here. */
static size_t
count_records(const char *rel)
{
	char *path = path_join(SAMPLE, rel), *text;
	size_t len, i, n = 0;

	if ((text = file_read(path, &len)) == NULL)
		fail_msg("cannot read %s (run the test from tests/)", path);
	for (i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len > 0 && text[len - 1] != '\n')
		n++;
	free(text);
	free(path);
	return n - 1;
}

static const struct org *
find_org(const struct cycle *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n_orgs; i++)
		if (strcmp(c->orgs[i].credit_code, code) == 0)
			return &c->orgs[i];
	fail_msg("%d: no applicant %s", c->year, code);
	return NULL;
}

static void
test_sample(void **state)
{
	struct fx f;
	const struct cycle *c23, *c25;
	const struct org *o;
	size_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	diag_init(&f.diag);
	assert_int_equal(content_load(SAMPLE, &f.site, &f.diag), 0);
	f.loaded = true;
	expect_counts(&f, 0, 0);

	assert_string_equal(f.site.title,
	    "新疆维吾尔自治区人民政府质量奖公示公告");
	assert_string_equal(f.site.base_url, "https://zlj.example.gov.cn/");
	assert_int_equal(f.site.rules.award_quota, 5);
	assert_int_equal(f.site.rules.objection_report_working_days, 5);

	/* calendar/2023.yaml … 2026.yaml, in order */
	assert_int_equal(f.site.n_years, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(f.site.years[i].year, 2023 + (int)i);
		assert_true(f.site.years[i].n_off > 0);
		assert_non_null(f.site.years[i].source);
	}

	/* README.md: 20 applied in 2023, 30 in 2025, three objections. */
	assert_int_equal(f.site.n_cycles, 2);
	c23 = &f.site.cycles[0];
	c25 = &f.site.cycles[1];
	assert_int_equal(c23->year, 2023);
	assert_int_equal(c25->year, 2025);
	assert_string_equal(c25->dir, "2025");
	/* content/README.md: the 3rd award was 2017, one every two years. */
	assert_int_equal(c23->edition, 6);
	assert_int_equal(c25->edition, 7);
	assert_int_equal(c25->application_deadline, day("2025-06-30"));
	assert_int_equal(c23->n_orgs, 20);
	assert_int_equal(c25->n_orgs, 30);
	assert_int_equal(c23->n_decisions, count_records("2023/decisions.csv"));
	assert_int_equal(c25->n_decisions, count_records("2025/decisions.csv"));
	/* 2023's one objection is kept as a workbook (objections.xlsx). */
	assert_int_equal(c23->n_objections, 1);
	assert_string_equal(c23->objections_file, "2023/objections.xlsx");
	assert_int_equal(c23->objections[0].outcome, OUTCOME_UNFOUNDED);
	assert_int_equal(c23->objections[0].received, day("2023-07-26"));
	assert_int_equal(c23->objections[0].line, 4);
	assert_int_equal(c25->n_objections, 3);
	assert_int_equal(c25->n_customs, 1);
	assert_string_equal(c25->customs[0].name, "onsite-arrangement");
	assert_string_equal(c25->customs[0].number, "新质强办〔2025〕15号");

	/* Every notice of both cycles exists; two have an until. */
	for (i = 0; i < NOTICE_KIND_COUNT; i++) {
		assert_true(c23->notices[i].present);
		assert_true(c25->notices[i].present);
	}
	assert_int_equal(c23->notices[NOTICE_ACCEPTANCE].until,
	    day("2023-07-28"));
	assert_int_equal(c25->notices[NOTICE_PROPOSAL].until,
	    day("2025-11-26"));
	assert_int_equal(c25->notices[NOTICE_ACCEPTANCE].until, DAY_NONE);
	assert_string_equal(c25->notices[NOTICE_DECISION].number,
	    "新政发〔2025〕45号");

	/* A 2023 nominee reapplying in 2025 with the same code. */
	o = find_org(c25, "916540027233750093");
	assert_non_null(find_org(c23, "916540027233750093"));
	assert_non_null(o->decision[STAGE_APPROVAL]);
	assert_int_equal(o->decision[STAGE_APPROVAL]->result, RESULT_AWARD);
	/* A quoted industry with a comma, two columns confidential. */
	o = find_org(c25, "91652301654345809J");
	assert_string_equal(o->industry, "电气机械和器材制造业,专用设备制造业");
	assert_int_equal(o->confidential, ORG_FIELD_INDUSTRY | ORG_FIELD_SME);
	assert_string_equal(o->region, "昌吉回族自治州");

	/* Objections: one unit, one disqualifying, one incomplete. */
	assert_int_equal(c25->objections[0].objector, OBJECTOR_UNIT);
	assert_int_equal(c25->objections[1].outcome, OUTCOME_DISQUALIFYING);
	assert_false(c25->objections[2].identity_complete);
	assert_int_equal(c25->objections[2].outcome, OUTCOME_PENDING);

	/* Sanctions: an incident, a false-material ban, a revoked award. */
	assert_int_equal(f.site.n_sanctions, 3);
	assert_int_equal(f.site.sanctions[0].kind, SANCTION_INCIDENT);
	assert_int_equal(f.site.sanctions[1].kind, SANCTION_FALSE_MATERIAL);
	assert_int_equal(f.site.sanctions[2].kind, SANCTION_VIOLATION);
	assert_int_equal(f.site.sanctions[2].decided, day("2025-05-20"));
	assert_string_equal(f.site.sanctions[2].number, "新政发〔2025〕21号");
	assert_int_equal(f.site.sanctions[0].decided, DAY_NONE);

	site_free(&f.site);
	diag_free(&f.diag);
}

static void
test_missing_folder(void **state)
{
	struct fx *f = *state;
	struct site s;
	char *gone = path_join(f->dir, "no-such-folder");

	assert_int_equal(content_load(gone, &s, &f->diag), EXIT_SYSTEM);
	site_free(&s);
	free(gone);
}

/* ---- the fixture, as written --------------------------------------------- */

static void
test_fixture_clean(void **state)
{
	struct fx *f = *state;
	const struct cycle *c;
	const struct org *o;
	const struct cal_year *y;

	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.rules.award_quota, 4);
	assert_int_equal(f->site.rules.publicity_working_days, 7);
	assert_int_equal(f->site.rules.nomination_quota, 10);	/* default */

	/* A from/to range is every day of it; a slash date is a date. */
	assert_int_equal(f->site.n_years, 1);
	y = &f->site.years[0];
	assert_int_equal(y->year, 2025);
	assert_int_equal(y->n_off, 1 + 8);
	assert_int_equal(y->off[0], day("2025-01-01"));
	assert_int_equal(y->off[1], day("2025-10-01"));
	assert_int_equal(y->off[8], day("2025-10-08"));
	assert_int_equal(y->n_work, 2);
	assert_int_equal(y->work[1], day("2025-10-11"));

	assert_int_equal(f->site.n_cycles, 1);
	c = &f->site.cycles[0];
	assert_true(c->notices[NOTICE_CALL].present);
	assert_int_equal(c->notices[NOTICE_CALL].line, 5);
	assert_string_equal(c->notices[NOTICE_CALL].number,
	    "新质强办〔2025〕3号");
	assert_false(c->notices[NOTICE_RECOMMENDATION].present);
	assert_int_equal(c->notices[NOTICE_PROPOSAL].until, day("2025-11-26"));

	assert_int_equal(c->n_orgs, 3);
	o = &c->orgs[1];
	assert_int_equal(o->line, 3);
	assert_int_equal(o->founded, day("2005-06-28"));
	assert_string_equal(o->industry, "化学原料, 化学制品");
	assert_int_equal(o->new_sector, YESNO_YES);
	assert_int_equal(o->sme, YESNO_NO);
	assert_int_equal(o->confidential, ORG_FIELD_INDUSTRY);
	assert_int_equal(c->orgs[2].new_sector, YESNO_UNSET);
	assert_null(c->orgs[2].industry);

	assert_int_equal(c->n_decisions, 4);
	assert_ptr_equal(c->orgs[1].decision[STAGE_QUALIFICATION],
	    &c->decisions[3]);
	assert_int_equal(c->decisions[3].result, RESULT_FAIL);
	assert_ptr_equal(c->decisions[3].org, &c->orgs[1]);
	assert_null(c->orgs[2].decision[STAGE_RECOMMENDATION]);

	assert_int_equal(c->n_objections, 2);
	assert_true(c->objections[0].identity_complete);
	assert_int_equal(c->objections[0].outcome, OUTCOME_UNFOUNDED);
	assert_int_equal(c->objections[1].objector, OBJECTOR_INDIVIDUAL);
	assert_ptr_equal(c->objections[1].org, &c->orgs[0]);

	assert_int_equal(f->site.n_sanctions, 2);
	assert_int_equal(f->site.sanctions[1].line, 3);

	assert_int_equal(c->n_customs, 1);
	assert_string_equal(c->customs[0].title, "关于做好现场评审工作的通知");
	assert_int_equal(c->customs[0].date, day("2025-09-26"));
	assert_int_equal(c->customs[0].body_line, 6);
	assert_string_equal(c->customs[0].path, NOTICE);
}

/* ---- site.yaml ----------------------------------------------------------- */

static void
test_site_missing_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "title: 测试公示\n", "");
	expect_error(f, "site.yaml", 1, "'title' is missing");
}

/* A key missing in a nested map: named with its map, at the map's key. */
static void
test_site_missing_nested_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  phone: 0991-0000000\n", "");
	expect_error(f, "site.yaml", 10, "'phone' is missing");
}

static void
test_site_empty_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  host: 自治区市场监督管理局\n",
	    "  host: \"\"\n");
	expect_error(f, "site.yaml", 12, "'host' is empty");
}

static void
test_site_unknown_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  postcode:", "  zipcode: \"1\"\n"
	    "  postcode:");
	expect_warning(f, "site.yaml", 14, "unknown key 'zipcode'");
}

static void
test_site_unknown_rule(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  award_quota: 4\n",
	    "  award_quotas: 4\n");
	expect_warning(f, "site.yaml", 18, "unknown key 'award_quotas'");
	/* The misspelt rule is not applied: the default stays. */
	assert_int_equal(f->site.rules.award_quota, 5);
}

/* archive: the 保管期限 of meta.xml, by default 永久 and 30年 */
static void
test_site_retention(void **state)
{
	struct fx *f = *state;

	put(f, "site.yaml", site_yaml);
	load(f);
	expect_counts(f, 0, 0);
	assert_string_equal(site_retention(&f->site, true), "永久");
	assert_string_equal(site_retention(&f->site, false), "30年");
	put_subst(f, "site.yaml", site_yaml, "rules:\n", "archive:\n"
	    "  retention_others: 10年\nrules:\n");
	load(f);
	expect_counts(f, 0, 0);
	assert_string_equal(site_retention(&f->site, true), "永久");
	assert_string_equal(site_retention(&f->site, false), "10年");
	put_subst(f, "site.yaml", site_yaml, "rules:\n", "archive:\n"
	    "  retention_decisions: 100年\nrules:\n");
	expect_error(f, "site.yaml", 18, "'100年' is not a retention period");
}

static void
test_site_bad_rule_value(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  award_quota: 4\n",
	    "  award_quota: five\n");
	expect_error(f, "site.yaml", 18,
	    "award_quota 'five' must be a whole number");
}

static void
test_site_rule_below_minimum(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  publicity_working_days: 7\n",
	    "  publicity_working_days: 0\n");
	expect_error(f, "site.yaml", 19, "at least 1");
}

static void
test_site_negative_rule(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  award_quota: 4\n",
	    "  award_quota: -1\n");
	expect_error(f, "site.yaml", 18, "award_quota '-1'");
}

static void
test_site_rules_not_a_map(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml,
	    "rules:\n  award_quota: 4\n  publicity_working_days: 7\n",
	    "rules: 5\n");
	expect_error(f, "site.yaml", 17, "'rules' must be a map");
}

static void
test_site_base_url(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "https://zlj.example.gov.cn/",
	    "zlj.example.gov.cn");
	expect_error(f, "site.yaml", 2, "https://");
}

static void
test_site_base_url_slash(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "https://zlj.example.gov.cn/",
	    "https://zlj.example.gov.cn/zlj");
	load(f);
	expect_counts(f, 0, 0);
	assert_string_equal(f->site.base_url,
	    "https://zlj.example.gov.cn/zlj/");
}

static void
test_site_certificate_prefix(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "XJZLJ", "xj/zlj");
	expect_error(f, "site.yaml", 9, "certificate_prefix 'xj/zlj'");
}

static void
test_site_yaml_syntax(void **state)
{
	struct fx *f = *state;

	/* An unclosed quote on line 14. */
	put_subst(f, "site.yaml", site_yaml, "\"830000\"", "\"830000");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 14, "a quoted value is not closed");
	expect_counts(f, 1, 0);
}

/* A byte that is not UTF-8 (a file saved as GB18030): at its line. */
/* libyaml's errors as advice, each at the line of the mistake (yaml_advice.c). */
static void
test_site_yaml_tab(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  host:", "\thost:");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 12, "tabs for indentation");
	expect_counts(f, 1, 0);
}

static void
test_site_yaml_fullwidth_colon(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  host: ", "  host\xef\xbc\x9a");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 12, "full-width colon");
	expect_counts(f, 1, 0);
}

static void
test_site_yaml_fullwidth_space(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  host:", "\xe3\x80\x80host:");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 12, "full-width space");
	expect_counts(f, 1, 0);
}

static void
test_site_yaml_unclosed_brace(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  award_quota: 4\n",
	    "  award_quota: { a: 4\n");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 18, "map in { } is not closed");
	assert_int_equal(f->diag.items[0].column > 0, 1);
}

static void
test_site_invalid_byte(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "0991-0000000", "0991-0000000\xFF");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 15, "UTF-8");
	expect_counts(f, 1, 0);
}

static void
test_site_duplicate_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, "site.yaml", site_yaml, "  email:", "  phone: 0991-1\n"
	    "  email:");
	expect_error(f, "site.yaml", 16, "'phone' appears twice");
}

static void
test_site_missing(void **state)
{
	struct fx *f = *state;

	remove_file(f, "site.yaml");
	load(f);
	expect(f, DIAG_ERROR, "site.yaml", 0, "cannot read");
	expect_counts(f, 1, 0);
}

/* ---- calendar/<year>.yaml ------------------------------------------------ */

/* A day both off and working: at the entry that makes it both. */
static void
test_calendar_off_and_working(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "2025-09-28", "2025-10-05");
	expect_error(f, CAL, 8,
	    "2025-10-05 is both a day off and a working day");
}

static void
test_calendar_year_mismatch(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "year: 2025", "year: 2024");
	expect_error(f, CAL, 1, "year 2024 does not match the file name");
}

static void
test_calendar_day_of_other_year(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "2025-01-01", "2024-12-31");
	expect_error(f, CAL, 5, "must lie in 2025");
}

static void
test_calendar_range_backwards(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "to: 2025-10-08", "to: 2025-09-08");
	expect_error(f, CAL, 6, "from before to");
}

static void
test_calendar_bad_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "2025-09-28", "2025-09-31");
	expect_error(f, CAL, 8, "'2025-09-31' is not a date");
}

static void
test_calendar_unknown_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml, "working_days:", "workdays:");
	expect_warning(f, CAL, 7, "unknown key 'workdays'");
	/* The days of the misspelt list are not read. */
	assert_int_equal(f->site.years[0].n_work, 0);
}

static void
test_calendar_no_sources(void **state)
{
	struct fx *f = *state;

	put_subst(f, CAL, calendar_yaml,
	    "sources:\n  - 国务院办公厅关于2025年部分节假日安排的通知\n", "");
	expect_error(f, CAL, 1, "sources");
}

static void
test_calendar_file_name(void **state)
{
	struct fx *f = *state;

	put(f, "calendar/2025-draft.yaml", calendar_yaml);
	expect_warning(f, "calendar/2025-draft.yaml", 0, "named by their year");
}

static void
test_calendar_none(void **state)
{
	struct fx *f = *state;

	remove_file(f, CAL);
	expect_error(f, "calendar", 0, "no calendar");
}

/* ---- <year>/cycle.yaml --------------------------------------------------- */

static void
test_cycle_unknown_notice(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "  acceptance:", "  accepted:");
	expect_error(f, CYCLE, 6, "unknown notice 'accepted'");
}

static void
test_cycle_bad_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "2025-07-15", "2025-02-30");
	expect_error(f, CYCLE, 6, "'2025-02-30' is not a date");
	assert_false(f->site.cycles[0].notices[NOTICE_ACCEPTANCE].present);
}

static void
test_cycle_bad_deadline(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "2025-06-30", "30.06.2025");
	expect_error(f, CYCLE, 3,
	    "application_deadline '30.06.2025' is not a date");
}

static void
test_cycle_until_before_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "until: 2025-11-26",
	    "until: 2025-11-19");
	expect_error(f, CYCLE, 7, "until is before date");
}

static void
test_cycle_year_mismatch(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "year: 2025", "year: 2024");
	expect_error(f, CYCLE, 1, "does not match the folder 2025");
}

static void
test_cycle_unknown_key(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "  call: { date: 2025-04-01,",
	    "  call: { date: 2025-04-01, numbr: x,");
	expect_warning(f, CYCLE, 5, "unknown key 'numbr'");
}

static void
test_cycle_missing_edition(void **state)
{
	struct fx *f = *state;

	put_subst(f, CYCLE, cycle_yaml, "edition: 8\n", "");
	expect_error(f, CYCLE, 1, "'edition' is missing");
}

/* ---- <year>/notices/NAME.md ---------------------------------------------- */

static void
test_notice_missing_title(void **state)
{
	struct fx *f = *state;

	put_subst(f, NOTICE, notice_md, "title: 关于做好现场评审工作的通知\n",
	    "");
	expect_error(f, NOTICE, 2, "'title' is missing");
	assert_int_equal(f->site.cycles[0].n_customs, 0);
}

static void
test_notice_unclosed(void **state)
{
	struct fx *f = *state;

	put_subst(f, NOTICE, notice_md, "number: 新质强办〔2025〕15号\n---\n",
	    "number: 新质强办〔2025〕15号\n");
	expect_error(f, NOTICE, 1, "not closed");
}

static void
test_notice_no_front_matter(void **state)
{
	struct fx *f = *state;

	put(f, NOTICE, "各有关单位：\n");
	expect_error(f, NOTICE, 1, "no front matter");
}

static void
test_notice_bad_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, NOTICE, notice_md, "2025-09-26", "2025-9-31");
	expect_error(f, NOTICE, 3, "'2025-9-31' is not a date");
}

static void
test_notice_syntax(void **state)
{
	struct fx *f = *state;

	put_subst(f, NOTICE, notice_md, "date: 2025-09-26\n",
	    "date: [2025-09-26\n");
	load(f);
	expect(f, DIAG_ERROR, NOTICE, 3, "a list in [ ] is not closed");
	expect_counts(f, 1, 0);
}

static void
test_notice_file_name(void **state)
{
	struct fx *f = *state;

	remove_file(f, NOTICE);
	put(f, "2025/notices/Site Visit.md", notice_md);
	expect_error(f, "2025/notices/Site Visit.md", 0, "lower-case");
}

/* ---- organizations.csv --------------------------------------------------- */


/* ---- registers as the office keeps them (DESIGN.md §2) -------------------- */

static const char orgs_zh_header[] =
	"统一社会信用代码,组织名称,所在地州市,推荐单位,成立日期,所属行业,新领域,"
	"中小企业,商业秘密\n";

/* orgs_csv with its header row replaced by head. */
static void
put_orgs_header(struct fx *f, const char *head)
{
	const char *rows = strchr(orgs_csv, '\n') + 1;
	char *text = xasprintf("%s%s", head, rows);

	put(f, ORGS, text);
	free(text);
}

static void
test_chinese_headers(void **state)
{
	struct fx *f = *state;
	const struct org *o;

	put_orgs_header(f, orgs_zh_header);
	put_subst(f, DECS, decisions_csv, "recommendation,pass,2025-06-12",
	    "审核推荐,通过,2025-06-12");
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].n_orgs, 3);
	o = &f->site.cycles[0].orgs[1];
	assert_string_equal(o->industry, "化学原料, 化学制品");
	assert_int_equal(o->new_sector, YESNO_YES);
	assert_int_equal(o->confidential, ORG_FIELD_INDUSTRY);
	assert_int_equal(f->site.cycles[0].decisions[1].stage, STAGE_RECOMMENDATION);
	assert_int_equal(f->site.cycles[0].decisions[1].result, RESULT_PASS);
}

/* Under a Chinese header, a CSV message names the column as written. */
static void
test_chinese_header_named(void **state)
{
	struct fx *f = *state;
	const char *rows = strchr(orgs_csv, '\n') + 1;
	char *text = xasprintf("%s%s", orgs_zh_header, rows), *bad;

	bad = strstr(text, "2011-04-12");
	memcpy(bad, "2011-02-30", 10);
	put(f, ORGS, text);
	free(text);
	expect_error(f, ORGS, 2, "founded '2011-02-30' is not a date; write it "
	    "like 2025-06-30 or 2025/6/30 (column E 成立日期)");
	/* Under the English one, the message's own name is enough. */
	put_subst(f, ORGS, orgs_csv, "2011-04-12", "2011-02-30");
	load(f);
	expect(f, DIAG_ERROR, ORGS, 2, "write it like 2025-06-30 or 2025/6/30");
	assert_null(strstr(f->diag.items[0].msg, "(column"));
}

static void
test_chinese_confidential(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, ",industry\n", ",所属行业；成立日期\n");
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].orgs[1].confidential,
	    ORG_FIELD_INDUSTRY | ORG_FIELD_FOUNDED);
}

static void
test_title_rows_skipped(void **state)
{
	struct fx *f = *state;
	char *text = xasprintf("2025年度新疆质量奖申报组织名单,,,,,,,,\n"
	    ",,,,,,,,\n%s", orgs_csv);

	put(f, ORGS, text);
	free(text);
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].n_orgs, 3);
	assert_int_equal(f->site.cycles[0].orgs[0].line, 4);
	/* The same title typed alone on its line, as a person would. */
	text = xasprintf("2025年度新疆质量奖申报组织名单\n\n%s", orgs_csv);
	put(f, ORGS, text);
	free(text);
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].orgs[0].line, 4);
}

static void
test_no_header_row(void **state)
{
	struct fx *f = *state;

	put(f, ORGS, "2025年度新疆质量奖申报组织名单,\n"
	    "916540027233750093,伊犁河谷示范农业科技有限公司\n");
	load(f);
	expect(f, DIAG_ERROR, ORGS, 1, "no header row");
	expect(f, DIAG_ERROR, ORGS, 1, "credit_code (统一社会信用代码)");
	expect_counts(f, 1, 0);
}

static void
test_empty_trailing_column(void **state)
{
	struct fx *f = *state;

	put(f, ORGS, "credit_code,name,region,recommender,founded,\n"
	    "916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	    "伊犁哈萨克自治州市场监督管理局,2011-04-12,\n"
	    "91650109749849540C,昆仑示范新材料股份有限公司,乌鲁木齐市,"
	    "自治区工业和信息化厅,2005/6/28,\n");
	load(f);
	expect_counts(f, 0, 0);
	/* With a value under no header, it is a mistake. */
	put(f, ORGS, "credit_code,name,region,recommender,founded,\n"
	    "916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	    "伊犁哈萨克自治州市场监督管理局,2011-04-12,\n"
	    "91650109749849540C,昆仑示范新材料股份有限公司,乌鲁木齐市,"
	    "自治区工业和信息化厅,2005/6/28,x\n");
	expect_error(f, ORGS, 3, "column 6 has values but no header");
}

static void
test_unknown_header_suggests(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "credit_code,name,region,",
	    "credit_code,name,regoin,");
	load(f);
	expect(f, DIAG_WARNING, ORGS, 1, "the nearest known column is region "
	    "(所在地州市)");
	expect(f, DIAG_ERROR, ORGS, 1, "column 'region' is missing");
	put_orgs_header(f, "统一社会信用代码,组织名称,所在地州,推荐单位,成立日期,"
	    "所属行业,新领域,中小企业,商业秘密\n");
	load(f);
	expect(f, DIAG_WARNING, ORGS, 1, "unknown column '所在地州'");
	expect(f, DIAG_WARNING, ORGS, 1, "region (所在地州市)");
}

static void
test_header_twice_by_alias(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "sme,confidential\n",
	    "中小企业,confidential\n");
	load(f);
	expect_counts(f, 0, 0);
	put_subst(f, ORGS, orgs_csv, "industry,new_sector,",
	    "industry,所属行业,");
	expect_error(f, ORGS, 1, "column 'industry' appears twice in the header "
	    "(columns 6 and 7, as 'industry' and '所属行业')");
}

static void
test_dates_as_spreadsheets_show_them(void **state)
{
	static const char *const forms[] = {
		"2011年4月12日", "2011/4/12 0:00", "2011-04-12 00:00:00",
		"２０１１/４/１２", " 2011-04-12\xC2\xA0", "2011.4.12", NULL
	};
	struct fx *f = *state;
	size_t i;

	for (i = 0; forms[i] != NULL; i++) {
		put_subst(f, ORGS, orgs_csv, "2011-04-12", forms[i]);
		load(f);
		expect_counts(f, 0, 0);
		assert_int_equal(f->site.cycles[0].orgs[0].founded,
		    day("2011-04-12"));
	}
}

static void
test_serial_in_csv(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "2011-04-12", "40645");
	expect_error(f, ORGS, 2, "founded '40645' looks like a date that Excel "
	    "turned into a number (it would be 2011-04-12)");
}

static void
test_mangled_codes_csv(void **state)
{
	struct fx *f = *state;

	/* What Excel saves when it shows the code as a number. */
	put_subst(f, ORGS, orgs_csv, "916540027233750093,", "9.16540027233750E+17,");
	load(f);
	expect(f, DIAG_ERROR, ORGS, 2, "1 credit codes were turned into "
	    "numbers by a spreadsheet (the first is 9.16540027233750E+17)");
	expect(f, DIAG_ERROR, ORGS, 2, "设置单元格格式为\"文本\"");
	/* Its decisions (lines 2, 4) and objection say nothing more. */
	expect_counts(f, 1, 0);
	assert_int_equal(f->site.cycles[0].n_orgs, 2);
	/* A shorter form of the same: 9.1654E+17, two rows. */
	put_subst(f, ORGS, orgs_csv, "916540027233750093,", "9.1654E+17,");
	put_subst(f, DECS, decisions_csv, "91650109749849540C,recommendation",
	    "9.1650E+17,recommendation");
	load(f);
	expect(f, DIAG_ERROR, DECS, 3, "1 credit codes were turned into numbers");
	expect_counts(f, 2, 0);
	/* Written out in full from 15 digits: 916540027233750000. */
	put_subst(f, ORGS, orgs_csv, "916540027233750093,", "916540027233750000,");
	put(f, DECS, decisions_csv);
	load(f);
	expect(f, DIAG_ERROR, ORGS, 2, "1 credit codes were turned into numbers "
	    "by a spreadsheet (the first is 916540027233750000)");
	expect_counts(f, 1, 0);
}

/*
 * A valid code whose letter is an E between digits reads like a number in
 * E notation; its check character fits, so it is a code, not a number a
 * spreadsheet made.
 */
static void
test_code_like_e_notation(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "916606006068190966,", "91650200399E784883,");
	load(f);
	assert_false(diag_has(&f->diag, ORGS, 4, "turned into numbers"));
	expect_counts(f, 0, f->diag.warnings);
	assert_string_equal(f->site.cycles[0].orgs[2].credit_code,
	    "91650200399E784883");
}

/* Copies a workbook of tests/data/workbooks/ into the fixture as rel. */
static void
put_workbook(struct fx *f, const char *rel, const char *name)
{
	char *path = xasprintf("data/workbooks/%s", name), *data;
	size_t len;

	assert_non_null(data = file_read(path, &len));
	put_n(f, rel, data, len);
	free(data);
	free(path);
}

/*
 * openpyxl.xlsx as the organizations register: title and blank rows
 * skipped, Chinese headers, a date as text, spaces trimmed; its row 7
 * holds a credit code typed as a number: one error at the cell, and the
 * decisions and objection of that applicant say nothing.
 */
static void
test_workbook_register(void **state)
{
	struct fx *f = *state;
	const struct org *o;

	remove_file(f, ORGS);
	put_workbook(f, "2025/organizations.xlsx", "openpyxl.xlsx");
	load(f);
	expect(f, DIAG_ERROR, "2025/organizations.xlsx", 7, "1 credit codes are "
	    "stored as numbers (the first is 9.165400272337501e+17)");
	expect(f, DIAG_ERROR, "2025/organizations.xlsx", 7,
	    "(column A 统一社会信用代码)");
	expect(f, DIAG_WARNING, "2025/organizations.xlsx", 3,
	    "unknown column '备注'");
	/* 91650109749849540C is not in the workbook: its rows say so. */
	expect(f, DIAG_ERROR, DECS, 3, "not an applicant of this cycle; add it "
	    "to 2025/organizations.xlsx");
	expect(f, DIAG_ERROR, DECS, 5, "not an applicant");
	expect(f, DIAG_ERROR, OBJS, 2, "not an applicant");
	expect_counts(f, 4, 1);
	assert_int_equal(f->site.cycles[0].n_orgs, 2);
	o = &f->site.cycles[0].orgs[1];
	assert_int_equal(o->line, 5);
	assert_string_equal(o->recommender, "昌吉回族自治州市场监督管理局");
	assert_int_equal(o->founded, day("2009-03-27"));
	assert_string_equal(f->site.cycles[0].orgs[0].phone, "13999999999");
	assert_int_equal(f->site.cycles[0].orgs[0].founded, day("2004-05-18"));
}

static void
test_two_forms(void **state)
{
	struct fx *f = *state;

	put(f, "2025/organizations.ods", "PK\3\4");
	load(f);
	expect(f, DIAG_ERROR, ORGS, 0, "2025/organizations.csv and "
	    "2025/organizations.ods are both here");
	expect_counts(f, 1, 0);
}

static void
test_workbook_named_csv(void **state)
{
	struct fx *f = *state;

	put_n(f, ORGS, "PK\3\4\24\0\0\0", 8);
	expect_error(f, ORGS, 0, "this file is a workbook (.xlsx) saved under "
	    "a .csv name");
	put(f, ORGS, orgs_csv);
	remove_file(f, OBJS);
	put(f, "2025/objections.et", "WPS");
	load(f);
	expect(f, DIAG_ERROR, "2025/objections.et", 0, "gongshi reads "
	    "objections.csv, objections.xlsx or objections.ods, not .et");
	expect_counts(f, 1, 0);
	remove_file(f, "2025/objections.et");
	put(f, OBJS, objections_csv);
	put(f, DECS, "\xD0\xCF\x11\xE0 old");
	expect_error(f, DECS, 0, "Excel 97-2003 workbook (.xls)");
}

static void
test_orgs_missing_column(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "credit_code,name,region,",
	    "credit_code,name,regions,");
	load(f);
	expect(f, DIAG_ERROR, ORGS, 1, "column 'region' is missing");
	expect(f, DIAG_WARNING, ORGS, 1, "unknown column 'regions'");
	/* One mistake: no error about the rows, nor their decisions. */
	expect_counts(f, 1, 1);
}

static void
test_orgs_unknown_column(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "sme,confidential\n",
	    "smee,confidential\n");
	expect_warning(f, ORGS, 1, "unknown column 'smee'");
	assert_int_equal(f->site.cycles[0].n_orgs, 3);
	assert_int_equal(f->site.cycles[0].orgs[0].sme, YESNO_UNSET);
}

static void
test_orgs_duplicate_code(void **state)
{
	struct fx *f = *state;
	char *twice = xasprintf("%s%s", orgs_csv,
	    "916540027233750093,伊犁河谷示范农业科技有限公司,伊犁哈萨克自治州,"
	    "伊犁哈萨克自治州市场监督管理局,2011-04-12,农业,no,yes,\n");

	put(f, ORGS, twice);
	free(twice);
	expect_error(f, ORGS, 5, "appears twice (first at line 2)");
	assert_int_equal(f->site.cycles[0].n_orgs, 3);
}

static void
test_orgs_bad_region(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, ",乌鲁木齐市,", ",乌鲁木齐,");
	expect_error(f, ORGS, 3, "region '乌鲁木齐' is not a division");
}

static void
test_orgs_check_char(void **state)
{
	struct fx *f = *state;

	/* This applicant has no decision that would then be orphaned. */
	put_subst(f, ORGS, orgs_csv, "916606006068190966",
	    "916606006068190967");
	expect_error(f, ORGS, 4, "check character should be 6");
}

static void
test_orgs_code_form(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "916606006068190966", "91660600606819096");
	expect_error(f, ORGS, 4, "18 characters");
}

static void
test_orgs_bad_yesno(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, ",是,否,", ",是,maybe,");
	expect_error(f, ORGS, 3, "sme 'maybe' must be yes or no");
}

static void
test_orgs_bad_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "2003-08-15", "2003-02-30");
	expect_error(f, ORGS, 4, "founded '2003-02-30' is not a date");
}

static void
test_orgs_empty_name(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, ",兵团示范番茄制品有限公司,", ",,");
	expect_error(f, ORGS, 4, "name is empty");
}

static void
test_orgs_confidential_name(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, ",industry\n", ",industry;name\n");
	expect_error(f, ORGS, 3, "confidential names 'name'");
}

static void
test_orgs_field_count(void **state)
{
	struct fx *f = *state;

	/* Row 4 has no decision: dropping it leaves no one behind. */
	put_subst(f, ORGS, orgs_csv, "2003-08-15,,,,", "2003-08-15,,,,,");
	expect_error(f, ORGS, 4, "expected 9 fields");
}

static void
test_orgs_missing(void **state)
{
	struct fx *f = *state;

	remove_file(f, ORGS);
	/* Not also one error per decision and objection of the cycle. */
	expect_error(f, ORGS, 0, "missing");
}

/*
 * A row the CSV reader drops (wrong field count) is reported once; its
 * decisions and objections are not reported again as of no applicant.
 */
static void
test_orgs_dropped_row(void **state)
{
	struct fx *f = *state;

	put_subst(f, ORGS, orgs_csv, "2011-04-12,农业,no,yes,",
	    "2011-04-12,农业,no,yes");
	expect_error(f, ORGS, 2, "expected 9 fields");
}

/* ---- decisions.csv ------------------------------------------------------- */

static void
test_decisions_unknown_stage(void **state)
{
	struct fx *f = *state;

	put_subst(f, DECS, decisions_csv, "93,qualification", "93,qualify");
	expect_error(f, DECS, 4, "stage 'qualify' is unknown");
}

static void
test_decisions_unknown_result(void **state)
{
	struct fx *f = *state;

	put_subst(f, DECS, decisions_csv, "fail,2025-07-10",
	    "failed,2025-07-10");
	expect_error(f, DECS, 5, "result 'failed' is unknown");
}

static void
test_decisions_unknown_code(void **state)
{
	struct fx *f = *state;

	/* A well-formed code of nobody in this cycle (a 2023 applicant). */
	put_subst(f, DECS, decisions_csv,
	    "91650109749849540C,recommendation",
	    "916501047866369903,recommendation");
	expect_error(f, DECS, 3, "916501047866369903 is not an applicant");
}

static void
test_decisions_duplicate_stage(void **state)
{
	struct fx *f = *state;
	char *twice = xasprintf("%s%s", decisions_csv,
	    "916540027233750093,recommendation,fail,2025-06-13,\n");

	put(f, DECS, twice);
	free(twice);
	expect_error(f, DECS, 6, "second recommendation decision");
	expect(f, DIAG_ERROR, DECS, 6, "first at line 2");
	/* The first stays. */
	assert_int_equal(f->site.cycles[0].orgs[0]
	    .decision[STAGE_RECOMMENDATION]->line, 2);
}

static void
test_decisions_bad_date(void **state)
{
	struct fx *f = *state;

	put_subst(f, DECS, decisions_csv, "2025-06-12", "2025-13-01");
	expect_error(f, DECS, 3, "date '2025-13-01' is not a date");
}

static void
test_decisions_missing_column(void **state)
{
	struct fx *f = *state;

	put(f, DECS, "credit_code,stage,date,note\n");
	expect_error(f, DECS, 1, "column 'result' is missing");
}

/* ---- objections.csv ------------------------------------------------------ */

static void
test_objections_bad_objector(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, ",individual,", ",person,");
	expect_error(f, OBJS, 3,
	    "objector 'person' must be individual or unit");
}

static void
test_objections_bad_identity(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, ",complete,", ",yes,");
	expect_error(f, OBJS, 2,
	    "identity 'yes' must be complete or incomplete");
}

static void
test_objections_bad_outcome(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, ",unfounded,", ",rejected,");
	expect_error(f, OBJS, 2, "outcome 'rejected' must be");
}

static void
test_objections_duplicate_id(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, "OBJ-2025-02", "OBJ-2025-01");
	expect_error(f, OBJS, 3,
	    "id OBJ-2025-01 appears twice (first at line 2)");
	assert_int_equal(f->site.cycles[0].n_objections, 1);
}

static void
test_objections_unknown_code(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, "OBJ-2025-02,916540027233750093",
	    "OBJ-2025-02,916501047866369903");
	expect_error(f, OBJS, 3, "not an applicant");
}

static void
test_objections_bad_id(void **state)
{
	struct fx *f = *state;

	put_subst(f, OBJS, objections_csv, "OBJ-2025-02", "OBJ/2025/02");
	expect_error(f, OBJS, 3, "id 'OBJ/2025/02'");
}

static void
test_objections_absent(void **state)
{
	struct fx *f = *state;

	remove_file(f, OBJS);
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].n_objections, 0);
}

/* ---- sanctions.csv ------------------------------------------------------- */

static void
test_sanctions_bad_kind(void **state)
{
	struct fx *f = *state;

	put_subst(f, "sanctions.csv", sanctions_csv, ",incident,",
	    ",accident,");
	expect_error(f, "sanctions.csv", 2, "kind 'accident' must be");
}

static void
test_sanctions_check_char(void **state)
{
	struct fx *f = *state;

	put_subst(f, "sanctions.csv", sanctions_csv, "91652301673203056Y",
	    "91652301673203056X");
	expect_error(f, "sanctions.csv", 3, "should be Y");
}

static void
test_sanctions_bad_decided(void **state)
{
	struct fx *f = *state;

	put_subst(f, "sanctions.csv", sanctions_csv, "2025-05-20",
	    "2025-05-32");
	expect_error(f, "sanctions.csv", 3,
	    "decided '2025-05-32' is not a date");
}

/* ---- the folder ---------------------------------------------------------- */

static void
test_no_cycle(void **state)
{
	struct fx *f = *state;
	char *from = path_join(f->dir, "2025"), *to = path_join(f->dir,
	    "cycle-2025");

	assert_int_equal(rename(from, to), 0);
	expect_error(f, ".", 0, "no cycle");
	free(from);
	free(to);
}

/* ---- encodings ----------------------------------------------------------- */

/* text with LF line ends as CRLF, after a UTF-8 BOM. */
static char *
bom_crlf(const char *text, size_t *len)
{
	struct buf b;
	const char *p;

	buf_init(&b);
	buf_puts(&b, "\xEF\xBB\xBF");
	for (p = text; *p != '\0'; p++) {
		if (*p == '\n')
			buf_puts(&b, "\r");
		buf_add(&b, p, 1);
	}
	*len = b.len;
	return buf_detach(&b);
}

static char *
to_gb18030(const char *text, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t il = strlen(text), ol = il * 2 + 16, cap = ol;
	char *ip = (char *)text, *out = xmalloc(cap), *op = out;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	assert_int_equal(il, 0);
	iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

static bool
has_bytes(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

/*
 * The sample's 2025 applicants, plus one whose name needs GB18030's
 * four-byte forms (㐀 U+3400, 𠀀 U+20000), saved three ways: UTF-8, UTF-8
 * with BOM and CRLF (Excel's "CSV UTF-8"), GB18030 with CRLF (Excel's
 * "CSV" on Chinese Windows). All three load the same.
 */
static void
test_encodings(void **state)
{
	struct fx *f = *state;
	static const char extra[] = "916501047866369903,"
	    "㐀𠀀示范精密制造有限公司,乌鲁木齐市,\"自治区工业和信息化厅\","
	    "2008-03-12,,no,no,,,,,,\n";
	char *path = path_join(SAMPLE, "2025/organizations.csv"), *sample,
	    *utf8, *bom, *gb;
	struct site plain;
	struct diag plain_diag;
	size_t len, bom_len, gb_len;

	if ((sample = file_read(path, &len)) == NULL)
		fail_msg("cannot read %s (run the test from tests/)", path);
	free(path);
	utf8 = xasprintf("%s%s", sample, extra);
	put(f, ORGS, utf8);
	load(f);
	expect_counts(f, 0, 0);
	assert_int_equal(f->site.cycles[0].n_orgs, 31);
	assert_string_equal(f->site.cycles[0].orgs[30].name,
	    "㐀𠀀示范精密制造有限公司");
	plain = f->site;
	plain_diag = f->diag;
	f->loaded = false;

	bom = bom_crlf(utf8, &bom_len);
	put_n(f, ORGS, bom, bom_len);
	diag_init(&f->diag);
	load(f);
	expect_counts(f, 0, 0);
	same_orgs(&plain.cycles[0], &f->site.cycles[0]);

	gb = to_gb18030(bom + 3, &gb_len);
	/* Four-byte GB18030 (𠀀), or the test would prove nothing. */
	assert_true(has_bytes(gb, gb_len, "\x95\x32\x82\x36"));
	put_n(f, ORGS, gb, gb_len);
	load(f);
	expect_counts(f, 0, 0);
	same_orgs(&plain.cycles[0], &f->site.cycles[0]);

	site_free(&plain);
	diag_free(&plain_diag);
	free(sample);
	free(utf8);
	free(bom);
	free(gb);
}

/*
 * The registers after organizations are opened on a second thread: what
 * it found is told in the order of a load on one thread, each register's
 * own problems (its header, its rows' fields) before those of its values,
 * and after those of the register before it.
 */
static void
test_registers_told_in_order(void **state)
{
	static const char *const want[] = {
		ORGS ":3", DECS ":1", DECS ":2", OBJS ":3", OBJS ":2", NULL
	};
	struct fx *f = *state;
	struct buf got, where;
	size_t i;

	put_subst(f, ORGS, orgs_csv, "2005/6/28", "2005-13-40");
	put(f, DECS, "credit_code,stage,result,date,notes\n"
	    "916540027233750093,recomend,pass,2025-06-11,\n");
	put(f, OBJS, "id,credit_code,received,objector,objector_name,"
	    "objector_address,identity,forwarded,reported,decided,outcome,"
	    "notified,note\n"
	    "OBJ-2025-01,91650109749849540C,2025-07-17,company,样例公司,"
	    "样例路12号,complete,2025-07-18,2025-07-24,2025-07-30,unfounded,"
	    "2025-07-31,\n"
	    "OBJ-2025-02,916540027233750093,2025-07-18,individual,\x01,,"
	    "incomplete,,,,,,\n");
	load(f);
	buf_init(&got);
	for (i = 0; i < f->diag.n; i++) {
		buf_init(&where);
		buf_printf(&where, "%s:%d", f->diag.items[i].file,
		    f->diag.items[i].line);
		if (strncmp(f->diag.items[i].file, "2025/", 5) == 0)
			buf_printf(&got, "%s ", buf_cstr(&where));
		buf_free(&where);
	}
	buf_init(&where);
	for (i = 0; want[i] != NULL; i++)
		buf_printf(&where, "%s ", want[i]);
	if (strcmp(buf_cstr(&got), buf_cstr(&where)) != 0)
		print_diags(&f->diag);
	assert_string_equal(buf_cstr(&got), buf_cstr(&where));
	buf_free(&where);
	buf_free(&got);
}

#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)

/*
 * Thousands of decisions, typed in two halves on two threads: the
 * decisions kept and every message are those of one thread, a second
 * decision for a stage found across the halves with the line of the
 * first, and the codes stored as numbers counted over both halves.
 */
static void
test_many_decisions(void **state)
{
	static const char *const codes[] = {
		"916540027233750093", "91650109749849540C", "916606006068190966"
	};
	static const char *const stages[] = {
		"recommendation", "qualification", "material", "presentation",
		"onsite"
	};
	struct fx *f = *state;
	struct buf csv, want;
	size_t r, errors = 0;
	int s, o;

	buf_init(&csv);
	buf_init(&want);
	buf_puts(&csv, "credit_code,stage,result,date,note\n");
	for (r = 0; r < 5000; r++) {
		o = (int)(r % 3);
		s = (int)(r / 3 % 5);
		if (r == 3000)
			buf_printf(&csv, "%s,onsite,pass,2025-02-30,\n", codes[o]);
		else if (r == 3500)
			buf_printf(&csv, "%s,onsight,pass,2025-06-11,\n", codes[o]);
		else if (r == 4000 || r == 4001)
			buf_puts(&csv, "9.16540E+17,onsite,pass,2025-06-11,\n");
		else if (r == 4200)
			buf_puts(&csv, "91650100MA77777777,onsite,pass,2025-06-11,\n");
		else if (r == 4500)
			buf_puts(&csv, ",onsite,pass,2025-06-11,\n");
		else
			buf_printf(&csv, "%s,%s,pass,2025-06-11,第%zu行\n",
			    codes[o], stages[s], r);
		if (r >= 15 && r != 4001)
			errors++;
	}
	put(f, DECS, buf_cstr(&csv));
	load(f);
	assert_int_equal(f->site.cycles[0].n_decisions, 15);
	assert_string_equal(f->site.cycles[0].decisions[14].note, "第14行");
	for (r = 15; r < 5000; r += 97) {
		if (r == 3000 || r == 3500 || r == 4000 || r == 4001 ||
		    r == 4200 || r == 4500)
			continue;
		buf_reset(&want);
		buf_printf(&want, "for %s (first at line %zu)", codes[r % 3],
		    3 * (r / 3 % 5) + r % 3 + 2);
		expect(f, DIAG_ERROR, DECS, (int)r + 2, buf_cstr(&want));
	}
	expect(f, DIAG_ERROR, DECS, 3002, "'2025-02-30' is not a date");
	expect(f, DIAG_ERROR, DECS, 3502, "stage 'onsight' is unknown");
	expect(f, DIAG_ERROR, DECS, 4002, "2 credit codes were turned into "
	    "numbers by a spreadsheet (the first is 9.16540E+17)");
	expect(f, DIAG_ERROR, DECS, 4202, "91650100MA77777777 is not an "
	    "applicant");
	expect(f, DIAG_ERROR, DECS, 4502, "credit_code is empty");
	expect_counts(f, errors, 0);
	buf_free(&csv);
	buf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		T(test_missing_folder),
		T(test_fixture_clean),
		T(test_many_decisions),
		T(test_site_missing_key),
		T(test_site_missing_nested_key),
		T(test_site_empty_key),
		T(test_site_unknown_key),
		T(test_site_unknown_rule),
		T(test_site_bad_rule_value),
		T(test_site_retention),
		T(test_site_rule_below_minimum),
		T(test_site_negative_rule),
		T(test_site_rules_not_a_map),
		T(test_site_base_url),
		T(test_site_base_url_slash),
		T(test_site_certificate_prefix),
		T(test_site_yaml_syntax),
		T(test_site_yaml_tab),
		T(test_site_yaml_fullwidth_colon),
		T(test_site_yaml_fullwidth_space),
		T(test_site_yaml_unclosed_brace),
		T(test_site_invalid_byte),
		T(test_site_duplicate_key),
		T(test_site_missing),
		T(test_calendar_off_and_working),
		T(test_calendar_year_mismatch),
		T(test_calendar_day_of_other_year),
		T(test_calendar_range_backwards),
		T(test_calendar_bad_date),
		T(test_calendar_unknown_key),
		T(test_calendar_no_sources),
		T(test_calendar_file_name),
		T(test_calendar_none),
		T(test_cycle_unknown_notice),
		T(test_cycle_bad_date),
		T(test_cycle_bad_deadline),
		T(test_cycle_until_before_date),
		T(test_cycle_year_mismatch),
		T(test_cycle_unknown_key),
		T(test_cycle_missing_edition),
		T(test_notice_missing_title),
		T(test_notice_unclosed),
		T(test_notice_no_front_matter),
		T(test_notice_bad_date),
		T(test_notice_syntax),
		T(test_notice_file_name),
		T(test_orgs_missing_column),
		T(test_orgs_unknown_column),
		T(test_orgs_duplicate_code),
		T(test_orgs_bad_region),
		T(test_orgs_check_char),
		T(test_orgs_code_form),
		T(test_orgs_bad_yesno),
		T(test_orgs_bad_date),
		T(test_orgs_empty_name),
		T(test_orgs_confidential_name),
		T(test_orgs_field_count),
		T(test_orgs_missing),
		T(test_orgs_dropped_row),
		T(test_decisions_unknown_stage),
		T(test_decisions_unknown_result),
		T(test_decisions_unknown_code),
		T(test_decisions_duplicate_stage),
		T(test_decisions_bad_date),
		T(test_decisions_missing_column),
		T(test_objections_bad_objector),
		T(test_objections_bad_identity),
		T(test_objections_bad_outcome),
		T(test_objections_duplicate_id),
		T(test_objections_unknown_code),
		T(test_objections_bad_id),
		T(test_objections_absent),
		T(test_sanctions_bad_kind),
		T(test_sanctions_check_char),
		T(test_sanctions_bad_decided),
		T(test_no_cycle),
		T(test_chinese_headers),
		T(test_chinese_header_named),
		T(test_chinese_confidential),
		T(test_title_rows_skipped),
		T(test_no_header_row),
		T(test_empty_trailing_column),
		T(test_unknown_header_suggests),
		T(test_header_twice_by_alias),
		T(test_dates_as_spreadsheets_show_them),
		T(test_serial_in_csv),
		T(test_mangled_codes_csv),
		T(test_code_like_e_notation),
		T(test_workbook_register),
		T(test_two_forms),
		T(test_workbook_named_csv),
		T(test_encodings),
		T(test_registers_told_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
