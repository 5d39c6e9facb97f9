/*
 * Who may apply, judged at the application deadline: art. 9(2) years of
 * operation and registration in Xinjiang, art. 9(3) a clean record, art.
 * 15 no award in the last years, art. 19 no false materials or fraud.
 *
 * An applicant that fails one of these is fine as long as the office
 * failed it at qualification; the error is a pass the Measures forbid,
 * reported at that qualification decision.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/check.h"

struct elig {
	struct check		*ck;
	size_t			 ci;
	const struct cycle	*c;
	const struct org	*o;
	const struct decision	*q;	/* its qualification: pass */
	/* Its recommendation (pass), when no qualification is recorded yet:
	 * then a ban of art. 15 or 19 is a warning there, not an error. */
	const struct decision	*rec;
	const char		*file;	/* the decisions register, as found */
	struct who		*who;	/* its label, made when needed */
	char			 deadline[16];
	/* The last day founded that makes the years of art. 9(2) by the
	 * deadline: [0] in general, [1] in a new sector. */
	day_t			 founded_by[2];
};

static const char *
who(const struct elig *e)
{
	return who_text(e->who);
}

/* Whole years from a to b (b ≥ a). */
static int
years_between(day_t a, day_t b)
{
	int ya, ma, da, yb, mb, db, n;

	date_to_ymd(a, &ya, &ma, &da);
	date_to_ymd(b, &yb, &mb, &db);
	n = yb - ya;
	if (mb < ma || (mb == ma && db < da))
		n--;
	return n;
}

/*
 * The last day an applicant may have been founded on to operate need
 * years by the deadline: founded + need years (date_add_years, which
 * never goes back as the day goes forward) falls on or before the
 * deadline for exactly the days up to it. Found once per cycle, not once
 * per applicant.
 */
static day_t
latest_founding(day_t deadline, int need)
{
	day_t f = date_add_years(deadline, -need);

	while (date_add_years(f + 1, need) <= deadline)
		f++;
	while (date_add_years(f, need) > deadline)
		f--;
	return f;
}

/* Art. 9(2): operating for N years at the deadline. */
static void
operating_years(struct elig *e)
{
	const struct rules *r = &e->ck->site->rules;
	bool fresh = e->o->new_sector == YESNO_YES;
	int need = fresh ? r->min_operating_years_new_sector :
	    r->min_operating_years, got;
	char founded[16], since[16];

	if (e->o->founded == DAY_NONE || e->o->founded <= e->founded_by[fresh])
		return;
	date_iso(e->o->founded, founded);
	date_iso(date_add_years(e->c->application_deadline, -need), since);
	if (e->o->founded > e->c->application_deadline) {
		diag_error(e->ck->d, e->file, e->q->line, _("%s passes "
		    "qualification but was founded on %s, after the application "
		    "deadline %s; art. 9(2) requires %d years of operation: "
		    "record qualification as fail"), who(e), founded,
		    e->deadline, need);
		return;
	}
	got = years_between(e->o->founded, e->c->application_deadline);
	if (fresh)
		diag_error(e->ck->d, e->file, e->q->line, _("%s passes "
		    "qualification but was founded on %s, %d year%s before the "
		    "application deadline %s; art. 9(2) requires %d years of "
		    "operation in a new sector (新技术、新产业、新业态、新模式), "
		    "founded on or before %s: record qualification as fail"),
		    who(e), founded, got, got == 1 ? "" : "s", e->deadline,
		    need, since);
	else
		diag_error(e->ck->d, e->file, e->q->line, _("%s passes "
		    "qualification but was founded on %s, %d year%s before the "
		    "application deadline %s; art. 9(2) requires %d years of "
		    "operation (%d for new sectors): record qualification as "
		    "fail"), who(e), founded, got, got == 1 ? "" : "s",
		    e->deadline, need, r->min_operating_years_new_sector);
}

/*
 * The first cycle year in which an applicant banned until day again may
 * apply, if that cycle's deadline falls on the same day of the year as
 * this one's.
 */
static int
first_year(const struct elig *e, day_t again)
{
	int y, m, d, cy, cm, cd;

	date_to_ymd(again, &y, &m, &d);
	date_to_ymd(e->c->application_deadline, &cy, &cm, &cd);
	return cm < m || (cm == m && cd < d) ? y + 1 : y;
}

/*
 * Art. 19 at the recommendation, before any qualification is recorded:
 * the recommendation publicity names an applicant the office may not
 * accept, so the office is told now.
 */
static void
banned_recommended(const struct elig *e, const struct sanction *x, int years,
    const char *date, const char *again)
{
	const char *file = e->ck->st->sanctions_file;

	if (x->kind == SANCTION_FALSE_MATERIAL)
		diag_warning(e->ck->d, e->file, e->rec->line, _("%1$s is "
		    "recommended, but it gave false or concealing application "
		    "materials (%2$s:%3$d, %4$s); art. 19 accepts no "
		    "application from it for %5$d years, until %6$s, so it may "
		    "apply again in %7$d at the earliest: it must fail "
		    "qualification"), who(e), file, x->line, date, years, again,
		    first_year(e, date_add_years(x->date, years)));
	else
		diag_warning(e->ck->d, e->file, e->rec->line, _("%1$s is "
		    "recommended, but it won an award by fraud (%2$s:%3$d, "
		    "%4$s); art. 19 accepts no application from it for %5$d "
		    "years, until %6$s, so it may apply again in %7$d at the "
		    "earliest: it must fail qualification"), who(e), file,
		    x->line, date, years, again,
		    first_year(e, date_add_years(x->date, years)));
}

/* Art. 9(3) and 19: the sanctions that bar an application. */
static void
sanctions(struct elig *e)
{
	const struct rules *r = &e->ck->site->rules;
	const char *file = e->ck->st->sanctions_file;
	struct sanction **v, *x;
	size_t n, i;
	char date[16], again[16];
	int years;

	v = check_sanctions_of(e->ck, e->o->credit_code, &n);
	for (i = 0; i < n; i++) {
		x = v[i];
		years = x->kind == SANCTION_FALSE_MATERIAL ?
		    r->false_material_ban_years : x->kind == SANCTION_FRAUD ?
		    r->fraud_ban_years : r->clean_record_years;
		if (!within_years(x->date, e->c->application_deadline, years))
			continue;
		date_iso(x->date, date);
		date_iso(date_add_years(x->date, years), again);
		if (e->q == NULL) {
			if (x->kind == SANCTION_FALSE_MATERIAL ||
			    x->kind == SANCTION_FRAUD)
				banned_recommended(e, x, years, date, again);
			continue;
		}
		switch (x->kind) {
		case SANCTION_FALSE_MATERIAL:
			diag_error(e->ck->d, e->file, e->q->line, _("%1$s "
			    "passes qualification but gave false or concealing "
			    "application materials (%2$s:%3$d, %4$s); art. 19 "
			    "accepts no application from it for %5$d years, "
			    "until %6$s: record qualification as fail"), who(e),
			    file, x->line, date, years, again);
			break;
		case SANCTION_FRAUD:
			diag_error(e->ck->d, e->file, e->q->line, _("%1$s "
			    "passes qualification but won an award by fraud "
			    "(%2$s:%3$d, %4$s); art. 19 accepts no application "
			    "from it for %5$d years, until %6$s: record "
			    "qualification as fail"), who(e), file, x->line,
			    date, years, again);
			break;
		default:
			diag_error(e->ck->d, e->file, e->q->line, _("%1$s "
			    "passes qualification but has a major %2$s dated "
			    "%3$s (%4$s:%5$d), within %6$d years before the "
			    "application deadline %7$s; art. 9(3) requires no "
			    "major incident or violation in the last %8$d "
			    "years: record qualification as fail"), who(e),
			    kind_word(x->kind), date, file, x->line, years,
			    e->deadline, years);
			break;
		}
	}
}

static int
award_cmp_key(const void *key, const void *elem)
{
	const struct award_ref *a = elem;

	return strcmp(key, a->code);
}

/* Art. 15: an award winner may not apply again within N years. */
static void
reapply(struct elig *e)
{
	const struct check *ck = e->ck;
	const struct award_ref *a, *end;
	const struct decision *ap;
	const char *code = e->o->credit_code;
	char won[16], again[16];
	int years = ck->site->rules.reapply_ban_years;

	if (code == NULL || ck->n_awards == 0)
		return;
	a = bsearch(code, ck->awards, ck->n_awards, sizeof(*a), award_cmp_key);
	if (a == NULL)
		return;
	while (a > ck->awards && strcmp(a[-1].code, code) == 0)
		a--;
	end = ck->awards + ck->n_awards;
	for (; a < end && strcmp(a->code, code) == 0; a++) {
		if (a->cycle >= e->ci)
			continue;
		ap = a->org->decision[STAGE_APPROVAL];
		if (!within_years(ap->date, e->c->application_deadline, years))
			continue;
		date_iso(ap->date, won);
		date_iso(date_add_years(ap->date, years), again);
		if (e->q == NULL) {
			diag_warning(ck->d, e->file, e->rec->line, _("%1$s is "
			    "recommended, but it won the award (质量奖) of the "
			    "%2$d cycle, approved on %3$s (%4$s:%5$d); art. 15 "
			    "bars an award winner from applying again for %6$d "
			    "years, until %7$s, so it may apply again in %8$d at "
			    "the earliest: it must fail qualification"), who(e),
			    ck->site->cycles[a->cycle].year, won,
			    ck->files[a->cycle].decisions, ap->line, years,
			    again, first_year(e, date_add_years(ap->date, years)));
			continue;
		}
		diag_error(ck->d, e->file, e->q->line, _("%s passes qualification "
		    "but won the award (质量奖) of the %d cycle, approved on %s "
		    "(%s:%d); art. 15 bars an award winner from applying again "
		    "for %d years, until %s (a nominee may apply again): record "
		    "qualification as fail"), who(e),
		    ck->site->cycles[a->cycle].year, won,
		    ck->files[a->cycle].decisions, ap->line, years, again);
	}
}

/* Art. 9(2): registered in Xinjiang, by the credit code's division code. */
static void
division_code(struct check *ck, size_t ci, const struct org *o)
{
	const char *code = o->credit_code;
	char *who;

	if (code == NULL || strlen(code) < 4 ||
	    (code[2] == '6' && (code[3] == '5' || code[3] == '6')))
		return;
	who = org_label(o);
	diag_warning(ck->d, ck->files[ci].orgs, o->line, _("%s: the credit "
	    "code's division code (登记管理机关行政区划码) starts with %.2s, "
	    "not Xinjiang's 65 (or 66 for the XPCC, 兵团); art. 9(2) requires "
	    "an organisation registered in Xinjiang: check the credit code"),
	    who, code + 2);
	free(who);
}

void
check_eligibility(struct check *ck, size_t ci)
{
	struct who label;
	struct elig e;
	size_t i;
	bool listed;

	memset(&e, 0, sizeof(e));
	e.ck = ck;
	e.ci = ci;
	e.c = &ck->site->cycles[ci];
	e.file = ck->files[ci].decisions;
	e.who = &label;
	if (e.c->application_deadline != DAY_NONE) {
		date_iso(e.c->application_deadline, e.deadline);
		e.founded_by[0] = latest_founding(e.c->application_deadline,
		    ck->site->rules.min_operating_years);
		e.founded_by[1] = latest_founding(e.c->application_deadline,
		    ck->site->rules.min_operating_years_new_sector);
	}
	for (i = 0; i < e.c->n_orgs; i++) {
		e.o = &e.c->orgs[i];
		who_init(&label, e.o);
		division_code(ck, ci, e.o);
		e.q = e.o->decision[STAGE_QUALIFICATION];
		e.rec = e.o->decision[STAGE_RECOMMENDATION];
		if (e.c->application_deadline == DAY_NONE)
			continue;
		/* no sanction nor award under its code: nothing to look up */
		listed = e.o->credit_code != NULL &&
		    check_code_seen(ck, e.o->credit_code);
		if (e.q != NULL && e.q->result == RESULT_PASS) {
			operating_years(&e);
			if (listed) {
				sanctions(&e);
				reapply(&e);
			}
		} else if (listed && e.q == NULL && e.rec != NULL &&
		    e.rec->result == RESULT_PASS) {
			/* Published as recommended: art. 15, 19 only. */
			sanctions(&e);
			reapply(&e);
		}
		who_clear(&label);
	}
}
