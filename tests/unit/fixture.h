/*
 * fixture: a struct site built in memory for the rules tests, as the
 * loader would leave it: the real 2023–2026 calendar (State Council
 * arrangement from shared/data/holidays-cn, Xinjiang's 肉孜节 and 古尔邦节
 * from shared/data/holidays-xinjiang), the default rules, and cycles whose
 * records are added one by one with the line they would have come from.
 *
 * fx_valid() builds a whole 2023 and 2025 cycle that breaks no rule; a
 * test changes one thing, runs the rules and asserts the diagnostic.
 *
 * Header only: every function is static inline, so a test uses what it
 * needs without unused-function warnings.
 */
#ifndef GONGSHI_TEST_FIXTURE_H
#define GONGSHI_TEST_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/diag.h"
#include "base/util.h"
#include "base/val.h"
#include "model.h"
#include "rules/state.h"

#define FX_MAX_CYCLES	8

/* cycle.yaml lines of the notices in fx_std_notices(). */
#define FX_LINE_DEADLINE	3
#define FX_LINE_NOTICE(k)	(5 + (int)(k))

struct fx {
	struct site	 site;
	struct diag	 diag;
	struct state	 state;
	bool		 built;
};

static inline day_t
fx_day(const char *iso)
{
	day_t d;

	if (iso == NULL)
		return DAY_NONE;
	if (!date_parse(iso, &d))
		abort();
	return d;
}

/* Days off (ranges, inclusive) and make-up working days of one year. */
struct fx_year {
	int		 year;
	const char	*off[24][2];
	const char	*work[10];
};

static const struct fx_year fx_years[] = {
	{ 2023, {
		/* State Council, gov.cn content_5730844 (holidays-cn 2023.json) */
		{ "2022-12-31", "2023-01-02" }, { "2023-01-21", "2023-01-27" },
		{ "2023-04-05", "2023-04-05" }, { "2023-04-29", "2023-05-03" },
		{ "2023-06-22", "2023-06-24" }, { "2023-09-29", "2023-10-06" },
		/* Xinjiang: 肉孜节, 古尔邦节 */
		{ "2023-04-21", "2023-04-21" }, { "2023-06-28", "2023-06-30" },
	    }, { "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06",
		"2023-06-25", "2023-10-07", "2023-10-08" } },
	{ 2024, {
		{ "2024-01-01", "2024-01-01" }, { "2024-02-10", "2024-02-17" },
		{ "2024-04-04", "2024-04-06" }, { "2024-05-01", "2024-05-05" },
		{ "2024-06-10", "2024-06-10" }, { "2024-09-15", "2024-09-17" },
		{ "2024-10-01", "2024-10-07" },
		{ "2024-04-10", "2024-04-10" }, { "2024-06-17", "2024-06-19" },
	    }, { "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28",
		"2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12" } },
	{ 2025, {
		{ "2025-01-01", "2025-01-01" }, { "2025-01-28", "2025-02-04" },
		{ "2025-04-04", "2025-04-06" }, { "2025-05-01", "2025-05-05" },
		{ "2025-05-31", "2025-06-02" }, { "2025-10-01", "2025-10-08" },
		{ "2025-03-29", "2025-03-31" }, { "2025-06-06", "2025-06-10" },
	    }, { "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28",
		"2025-10-11" } },
	{ 2026, {
		{ "2026-01-01", "2026-01-03" }, { "2026-02-15", "2026-02-23" },
		{ "2026-04-04", "2026-04-06" }, { "2026-05-01", "2026-05-05" },
		{ "2026-06-19", "2026-06-21" }, { "2026-09-25", "2026-09-27" },
		{ "2026-10-01", "2026-10-07" },
		{ "2026-03-20", "2026-03-22" }, { "2026-05-27", "2026-05-31" },
	    }, { "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
		"2026-09-20", "2026-10-10" } },
};

static inline int
fx_day_cmp(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;

	return (x > y) - (x < y);
}

/* Adds one year as the loader would: sorted, unique arrays. */
static inline void
fx_add_year(struct site *s, const struct fx_year *fy)
{
	struct cal_year *cy;
	size_t i, n;
	day_t d, a, b;

	s->years = xreallocarray(s->years, s->n_years + 1, sizeof(*s->years));
	cy = &s->years[s->n_years++];
	memset(cy, 0, sizeof(*cy));
	cy->year = fy->year;
	cy->source = xstrdup("tests/unit/fixture.h");
	for (n = 0, i = 0; i < 24 && fy->off[i][0] != NULL; i++)
		n += (size_t)(fx_day(fy->off[i][1]) - fx_day(fy->off[i][0]) + 1);
	cy->off = xcalloc(n + 1, sizeof(day_t));
	for (i = 0; i < 24 && fy->off[i][0] != NULL; i++) {
		a = fx_day(fy->off[i][0]);
		b = fx_day(fy->off[i][1]);
		for (d = a; d <= b; d++)
			cy->off[cy->n_off++] = d;
	}
	qsort(cy->off, cy->n_off, sizeof(day_t), fx_day_cmp);
	cy->work = xcalloc(10, sizeof(day_t));
	for (i = 0; i < 10 && fy->work[i] != NULL; i++)
		cy->work[cy->n_work++] = fx_day(fy->work[i]);
	qsort(cy->work, cy->n_work, sizeof(day_t), fx_day_cmp);
}

/* A site with the calendar of 2023–2026, default rules, no cycles. */
static inline struct fx *
fx_new(void)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	struct val *award;
	size_t i;

	f->site.content_dir = xstrdup("content");
	f->site.yaml = val_map();
	val_set_str(f->site.yaml, "title", "新疆维吾尔自治区人民政府质量奖公示公告");
	award = val_set(f->site.yaml, "award", val_map());
	val_set_str(award, "short_name", "新疆质量奖");
	val_set_str(award, "certificate_prefix", "XJZLJ");
	f->site.title = val_get_str(f->site.yaml, "title");
	f->site.base_url = "https://zlj.example.gov.cn/";
	rules_defaults(&f->site.rules);
	for (i = 0; i < sizeof(fx_years) / sizeof(fx_years[0]); i++)
		fx_add_year(&f->site, &fx_years[i]);
	/* Fixed room, so that a struct cycle * stays valid. */
	f->site.cycles = xcalloc(FX_MAX_CYCLES, sizeof(*f->site.cycles));
	diag_init(&f->diag);
	return f;
}

static inline void
fx_free(struct fx *f)
{
	if (f->built)
		state_free(&f->state);
	diag_free(&f->diag);
	site_free(&f->site);
	free(f);
}

/* Completes a check character (GB 32100-2015) after 17 characters. */
static inline char *
fx_code(const char *first17)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
	    13, 8, 24, 10, 30, 28 };
	char *code = xmalloc(19);
	int i, sum = 0, c;

	if (strlen(first17) != 17)
		abort();
	for (i = 0; i < 17; i++) {
		const char *p = strchr(cs, first17[i]);

		if (p == NULL)
			abort();
		sum += (int)(p - cs) * w[i];
	}
	c = 31 - sum % 31;
	memcpy(code, first17, 17);
	code[17] = cs[c == 31 ? 0 : c];
	code[18] = '\0';
	return code;
}

static inline struct cycle *
fx_cycle(struct fx *f, int year, const char *deadline)
{
	struct cycle *c;
	size_t i;

	if (f->site.n_cycles == FX_MAX_CYCLES)
		abort();
	c = &f->site.cycles[f->site.n_cycles++];
	memset(c, 0, sizeof(*c));
	c->year = year;
	c->dir = xasprintf("%d", year);
	c->edition = year == 2025 ? 8 : 7;
	c->edition_line = 2;
	c->application_deadline = fx_day(deadline);
	c->deadline_line = FX_LINE_DEADLINE;
	for (i = 0; i < NOTICE_KIND_COUNT; i++) {
		c->notices[i].date = DAY_NONE;
		c->notices[i].until = DAY_NONE;
	}
	return c;
}

static inline struct cycle *
fx_find_cycle(struct fx *f, int year)
{
	size_t i;

	for (i = 0; i < f->site.n_cycles; i++)
		if (f->site.cycles[i].year == year)
			return &f->site.cycles[i];
	abort();
}

static inline void
fx_notice(struct cycle *c, enum notice_kind k, const char *date,
    const char *until)
{
	c->notices[k].present = true;
	c->notices[k].line = FX_LINE_NOTICE(k);
	c->notices[k].date = fx_day(date);
	c->notices[k].until = fx_day(until);
}

static inline void
fx_no_notice(struct cycle *c, enum notice_kind k)
{
	free(c->notices[k].number);
	memset(&c->notices[k], 0, sizeof(c->notices[k]));
	c->notices[k].date = DAY_NONE;
	c->notices[k].until = DAY_NONE;
}

/* An applicant on the next line of organizations.csv (from line 2). */
static inline struct org *
fx_org(struct cycle *c, const char *first17, const char *name,
    const char *founded)
{
	struct org *o;
	char *code;

	c->orgs = xreallocarray(c->orgs, c->n_orgs + 1, sizeof(*c->orgs));
	o = &c->orgs[c->n_orgs++];
	memset(o, 0, sizeof(*o));
	o->line = (int)c->n_orgs + 1;
	/* An applicant's strings live in its cycle's arena, as load puts them. */
	code = fx_code(first17);
	o->credit_code = arena_strdup(&c->strings, code);
	free(code);
	o->name = arena_strdup(&c->strings, name);
	o->region = arena_strdup(&c->strings, "乌鲁木齐市");
	o->recommender = arena_strdup(&c->strings, "乌鲁木齐市市场监督管理局");
	o->founded = fx_day(founded);
	o->internal_publicity_start = DAY_NONE;
	o->internal_publicity_end = DAY_NONE;
	return o;
}

static inline struct org *
fx_find_org(struct cycle *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_orgs; i++)
		if (strcmp(c->orgs[i].name, name) == 0)
			return &c->orgs[i];
	abort();
}

/* A decision on the next line of decisions.csv (from line 2). */
static inline struct decision *
fx_decision(struct cycle *c, const char *name, enum stage s, enum result r,
    const char *date)
{
	struct decision *d;

	c->decisions = xreallocarray(c->decisions, c->n_decisions + 1,
	    sizeof(*c->decisions));
	d = &c->decisions[c->n_decisions++];
	memset(d, 0, sizeof(*d));
	d->line = (int)c->n_decisions + 1;
	d->credit_code = fx_find_org(c, name)->credit_code;
	d->stage = s;
	d->result = r;
	d->date = fx_day(date);
	return d;
}

static inline struct decision *
fx_find_decision(struct cycle *c, const char *name, enum stage s)
{
	const char *code = fx_find_org(c, name)->credit_code;
	size_t i;

	for (i = 0; i < c->n_decisions; i++)
		if (c->decisions[i].stage == s &&
		    strcmp(c->decisions[i].credit_code, code) == 0)
			return &c->decisions[i];
	abort();
}

/* Drops a decision; the lines of the others stay as they were. */
static inline void
fx_drop_decision(struct cycle *c, const char *name, enum stage s)
{
	struct decision *d = fx_find_decision(c, name, s);
	size_t i = (size_t)(d - c->decisions);

	memmove(d, d + 1, (c->n_decisions - i - 1) * sizeof(*d));
	c->n_decisions--;
}

/* An accepted objection (complete identity), nothing done yet. */
static inline struct objection *
fx_objection(struct cycle *c, const char *id, const char *name,
    const char *received)
{
	struct objection *x;

	c->objections = xreallocarray(c->objections, c->n_objections + 1,
	    sizeof(*c->objections));
	x = &c->objections[c->n_objections++];
	memset(x, 0, sizeof(*x));
	x->line = (int)c->n_objections + 1;
	x->id = xstrdup(id);
	x->credit_code = xstrdup(fx_find_org(c, name)->credit_code);
	x->received = fx_day(received);
	x->objector = OBJECTOR_UNIT;
	x->objector_name = xstrdup("某某有限公司");
	x->objector_address = xstrdup("乌鲁木齐市某路1号");
	x->identity_complete = true;
	x->forwarded = x->reported = x->decided = x->notified = DAY_NONE;
	x->outcome = OUTCOME_PENDING;
	return x;
}

static inline struct sanction *
fx_sanction(struct fx *f, const char *code, enum sanction_kind k,
    const char *date)
{
	struct site *s = &f->site;
	struct sanction *x;

	s->sanctions = xreallocarray(s->sanctions, s->n_sanctions + 1,
	    sizeof(*s->sanctions));
	x = &s->sanctions[s->n_sanctions++];
	memset(x, 0, sizeof(*x));
	x->line = (int)s->n_sanctions + 1;
	x->credit_code = xstrdup(code);
	x->kind = k;
	x->date = fx_day(date);
	x->decided = DAY_NONE;
	return x;
}

/* Links decisions and objections to their applicants, as load does. */
static inline void
fx_link(struct fx *f)
{
	struct cycle *c;
	size_t ci, i, j;

	for (ci = 0; ci < f->site.n_cycles; ci++) {
		c = &f->site.cycles[ci];
		for (i = 0; i < c->n_orgs; i++)
			memset(c->orgs[i].decision, 0,
			    sizeof(c->orgs[i].decision));
		for (i = 0; i < c->n_decisions; i++) {
			c->decisions[i].org = NULL;
			for (j = 0; j < c->n_orgs; j++)
				if (strcmp(c->orgs[j].credit_code,
				    c->decisions[i].credit_code) == 0) {
					c->decisions[i].org = &c->orgs[j];
					c->orgs[j].decision[c->decisions[i].stage] =
					    &c->decisions[i];
				}
		}
		for (i = 0; i < c->n_objections; i++)
			for (j = 0; j < c->n_orgs; j++)
				if (strcmp(c->orgs[j].credit_code,
				    c->objections[i].credit_code) == 0)
					c->objections[i].org = &c->orgs[j];
	}
}

/* Links, checks and derives: f->diag and f->state. */
static inline void
fx_run(struct fx *f)
{
	if (f->built)
		abort();
	fx_link(f);
	state_build(&f->site, &f->state, &f->diag);
	f->built = true;
}

/*
 * The standard dates of a cycle: notices (all but recommendation, which
 * the recommending units publish) and one date per stage's decisions.
 */
struct fx_dates {
	int		 year;
	const char	*deadline;
	const char	*notice[NOTICE_KIND_COUNT];
	const char	*decision[STAGE_COUNT];
};

static const struct fx_dates fx_std[] = {
	{ 2023, "2023-06-30",
	    { "2023-04-03", NULL, "2023-07-17", "2023-08-21", "2023-09-25",
	    "2023-11-20", "2023-12-20" },
	    { "2023-06-20", "2023-07-10", "2023-08-15", "2023-09-20",
	    "2023-11-10", "2023-11-17", "2023-12-15" } },
	/*
	 * 2025: the recommendation publicity of 2025-06-04 runs across
	 * 古尔邦节 (06-06 … 06-10) to 06-13; the acceptance one is the
	 * DESIGN's example, 07-15 to 07-21; the proposal one 11-20 to 11-26.
	 */
	{ 2025, "2025-06-30",
	    { "2025-04-01", "2025-06-04", "2025-07-15", "2025-08-20",
	    "2025-09-25", "2025-11-20", "2025-12-20" },
	    { "2025-06-03", "2025-07-10", "2025-08-15", "2025-09-20",
	    "2025-11-10", "2025-11-18", "2025-12-15" } },
};

static inline const struct fx_dates *
fx_dates(int year)
{
	size_t i;

	for (i = 0; i < sizeof(fx_std) / sizeof(fx_std[0]); i++)
		if (fx_std[i].year == year)
			return &fx_std[i];
	abort();
}

static inline struct cycle *
fx_std_cycle(struct fx *f, int year)
{
	const struct fx_dates *fd = fx_dates(year);
	struct cycle *c = fx_cycle(f, year, fd->deadline);
	enum notice_kind k;

	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		if (fd->notice[k] != NULL)
			fx_notice(c, k, fd->notice[k], NULL);
	return c;
}

/*
 * The decisions of an applicant from recommendation on: pass at every
 * stage before last, then result at last (at the standard dates).
 */
static inline void
fx_chain(struct cycle *c, const char *name, enum stage last, enum result r)
{
	const struct fx_dates *fd = fx_dates(c->year);
	enum stage s;

	for (s = 0; s < last; s++)
		fx_decision(c, name, s,
		    s == STAGE_DELIBERATION ? r : RESULT_PASS,
		    fd->decision[s]);
	fx_decision(c, name, last, r, fd->decision[last]);
}

/* Applicant names of fx_valid(). */
#define FX_A	"天山示范精密制造有限公司"	/* 2025 award */
#define FX_B	"昆仑示范能源股份有限公司"	/* 2025 nomination */
#define FX_C	"博斯腾示范新材料有限公司"	/* 2025 new sector, award */
#define FX_D	"喀什示范纺织有限公司"		/* 2025 fails material */
#define FX_E	"伊犁示范乳业有限公司"		/* 2025 too young, failed */
#define FX_F	"兵团示范农业科技有限公司"	/* 2023 nominee, 2025 award */
#define FX_G	"阿勒泰示范矿业有限公司"	/* 2023 award, 2025 failed */

/* Their credit codes, without the check character. */
#define FX_A17	"91650100MA7ABC001"
#define FX_B17	"91650200MA7ABC002"
#define FX_C17	"91652800MA7ABC003"
#define FX_D17	"91653100MA7ABC004"
#define FX_E17	"91654000MA7ABC005"
#define FX_F17	"91660000MA7ABC006"
#define FX_G17	"91654300MA7ABC007"

/*
 * Two cycles that break no rule:
 *   2023: F nominated, G awarded.
 *   2025: A award, B nomination (objection unfounded), C award (new sector,
 *   founded 3 years before), D fails material, E too young and failed at
 *   qualification, F (2023 nominee, may reapply) nomination, G (2023
 *   award) applies again and is failed at qualification (art. 15).
 */
static inline struct fx *
fx_valid(void)
{
	struct fx *f = fx_new();
	struct cycle *c;
	struct objection *x;
	struct org *o;

	c = fx_std_cycle(f, 2023);
	fx_org(c, FX_F17, FX_F, "2010-05-01");
	fx_org(c, FX_G17, FX_G, "2001-03-15");
	fx_chain(c, FX_F, STAGE_APPROVAL, RESULT_NOMINATION);
	fx_chain(c, FX_G, STAGE_APPROVAL, RESULT_AWARD);

	c = fx_std_cycle(f, 2025);
	o = fx_org(c, FX_A17, FX_A, "2008-09-01");
	/* 5 working days: 05-06 … 05-09, 05-12 (after 劳动节). */
	o->internal_publicity_start = fx_day("2025-05-06");
	o->internal_publicity_end = fx_day("2025-05-12");
	fx_org(c, FX_B17, FX_B, "1999-12-01");
	o = fx_org(c, FX_C17, FX_C, "2022-06-30");
	o->new_sector = YESNO_YES;
	fx_org(c, FX_D17, FX_D, "2015-01-01");
	fx_org(c, FX_E17, FX_E, "2021-03-02");
	fx_org(c, FX_F17, FX_F, "2010-05-01");
	fx_org(c, FX_G17, FX_G, "2001-03-15");
	fx_chain(c, FX_A, STAGE_APPROVAL, RESULT_AWARD);
	fx_chain(c, FX_B, STAGE_APPROVAL, RESULT_NOMINATION);
	fx_chain(c, FX_C, STAGE_APPROVAL, RESULT_AWARD);
	fx_chain(c, FX_D, STAGE_MATERIAL, RESULT_FAIL);
	fx_chain(c, FX_E, STAGE_QUALIFICATION, RESULT_FAIL);
	fx_chain(c, FX_F, STAGE_APPROVAL, RESULT_NOMINATION);
	fx_chain(c, FX_G, STAGE_QUALIFICATION, RESULT_FAIL);

	/* Received on the first day of the acceptance publicity. */
	x = fx_objection(c, "2025-01", FX_B, "2025-07-15");
	x->forwarded = fx_day("2025-07-18");
	x->reported = fx_day("2025-07-25");
	x->decided = fx_day("2025-08-01");
	x->outcome = OUTCOME_UNFOUNDED;
	x->notified = fx_day("2025-08-04");
	return f;
}

/* cmocka setup and teardown: a test's state is a struct fx *. */
static inline int
fx_setup_new(void **state)
{
	*state = fx_new();
	return 0;
}

static inline int
fx_setup_valid(void **state)
{
	*state = fx_valid();
	return 0;
}

static inline int
fx_teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* The diagnostics, for a failing assertion's message. */
static inline void
fx_dump(struct fx *f)
{
	diag_print(&f->diag, stderr);
}

#endif
