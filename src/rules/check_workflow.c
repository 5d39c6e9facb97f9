/*
 * Art. 11: the stages of an applicant come in order, each taking only those
 * that passed the one before; each list is decided before the notice that
 * publishes it, and after the publicity before it ended. Art. 4: the
 * quotas bind the proposal (deliberation) and the approval. Art. 13: a
 * disqualified applicant passes nothing after its disqualification.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/calendar.h"
#include "rules/check.h"

/* Where the rules of one decision are checked from. */
struct wf {
	struct check		*ck;
	size_t			 ci;
	const struct cycle	*c;
	const char		*file;		/* the decisions register, as found */
	const struct org	*o;
	struct who		*who;		/* its label, made when needed */
	/* Reported once per stage: the publicity before it is missing. */
	bool			 missing_reported[STAGE_COUNT];
	/*
	 * Per stage, what its decisions' dates are held against, found once
	 * per cycle (wf_dates): a decision inside them needs no closer look,
	 * one outside is judged by before_notice and after_publicity.
	 */
	day_t			 notice_date[STAGE_COUNT];	/* or DAY_NONE */
	day_t			 publicity_end[STAGE_COUNT];	/* or DAY_NONE */
	bool			 publicity_missing[STAGE_COUNT];
	day_t			 dq;	/* the applicant's disqualification */
};

static const char *
who(const struct wf *w)
{
	return who_text(w->who);
}

static bool
result_valid(enum stage s, enum result r)
{
	if (s <= STAGE_ONSITE)
		return r == RESULT_PASS || r == RESULT_FAIL ||
		    r == RESULT_WITHDRAWN;
	return r == RESULT_AWARD || r == RESULT_NOMINATION || r == RESULT_NONE;
}

/* award > nomination > none, for "approval cannot raise". */
static int
result_rank(enum result r)
{
	return r == RESULT_AWARD ? 2 : r == RESULT_NOMINATION ? 1 : 0;
}

static bool
result_passes(enum result r)
{
	return r == RESULT_PASS || r == RESULT_AWARD ||
	    r == RESULT_NOMINATION;
}

/* The publicity a stage follows (art. 11: "经公示无异议的"), or -1. */
static int
stage_after_publicity(enum stage s)
{
	switch (s) {
	case STAGE_QUALIFICATION:
		return NOTICE_RECOMMENDATION;
	case STAGE_MATERIAL:
		return NOTICE_ACCEPTANCE;
	case STAGE_APPROVAL:
		return NOTICE_PROPOSAL;
	default:
		return -1;
	}
}

/* The decision at the stage before: present, and passed. */
static void
chain(struct wf *w, const struct decision *dd)
{
	enum stage s = dd->stage;
	const struct decision *p = w->o->decision[s - 1];

	if (p == NULL) {
		if (w->ck->registers_incomplete[w->ci])
			return;	/* the missing row was reported by the loader */
		diag_error(w->ck->d, w->file, dd->line, _("%s has a %s decision "
		    "(%s) but no %s decision (%s); art. 11 takes the stages in "
		    "order: record the %s decision first, or remove this one"),
		    who(w), stage_word(s), stage_label(s), stage_word(s - 1),
		    stage_label(s - 1), stage_word(s - 1));
		return;
	}
	if (s == STAGE_APPROVAL) {
		if (result_valid(s, dd->result) && result_valid(s - 1, p->result) &&
		    result_rank(dd->result) > result_rank(p->result))
			diag_error(w->ck->d, w->file, dd->line, _("%s is approved "
			    "as %s, but deliberation proposed %s (line %d); art. "
			    "11(9): the government approves what the leading "
			    "group proposed and the publicity showed, it cannot "
			    "raise it: record %s or less"), who(w),
			    result_word(dd->result), result_word(p->result),
			    p->line, result_word(p->result));
		return;
	}
	if (p->result != RESULT_PASS)
		diag_error(w->ck->d, w->file, dd->line, _("%s has a %s decision "
		    "(%s) but its %s result is %s (line %d); art. %s takes "
		    "only the applicants that pass %s to the next stage: remove "
		    "this decision, or correct the %s result"), who(w),
		    stage_word(s), stage_label(s), stage_word(s - 1),
		    result_word(p->result), p->line, stage_article(s),
		    stage_word(s - 1), stage_word(s - 1));
}

/* Dated no later than the notice that publishes the list (art. 11). */
static void
before_notice(struct wf *w, const struct decision *dd)
{
	int k = stage_notice(dd->stage);
	const struct notice_entry *n;
	char a[16], b[16];

	if (k < 0)
		return;
	n = &w->c->notices[k];
	if (!n->present || n->date == DAY_NONE || dd->date <= n->date)
		return;
	date_iso(dd->date, a);
	date_iso(n->date, b);
	diag_error(w->ck->d, w->file, dd->line, _("the %s decision on %s is "
	    "dated %s, after the %s notice (%s) of %s that publishes it "
	    "(%s:%d); art. %s: date the decision on or before %s, or the "
	    "notice later"), stage_word(dd->stage), who(w), a,
	    notice_word(k), notice_label(k), b, w->ck->files[w->ci].cycle_yaml,
	    n->line, stage_article(dd->stage), b);
}

/* Decided after the publicity before the stage ended. */
static void
after_publicity(struct wf *w, const struct decision *dd)
{
	int k = stage_after_publicity(dd->stage);
	const struct notice_entry *n;
	day_t end;
	char a[16], b[16];

	if (k < 0)
		return;
	n = &w->c->notices[k];
	if (!n->present) {
		/* The recommending units may publicise on their own. */
		if (k == NOTICE_RECOMMENDATION ||
		    w->missing_reported[dd->stage] ||
		    w->ck->notices_incomplete[w->ci])
			return;
		w->missing_reported[dd->stage] = true;
		diag_error(w->ck->d, w->file, dd->line, _("the %s decision on %s "
		    "comes before any %s publicity (%s): art. %s requires it "
		    "for at least %d working days first: add notices: %s: to "
		    "%s"), stage_word(dd->stage), who(w), notice_word(k),
		    notice_label(k), notice_article(k),
		    w->ck->site->rules.publicity_working_days, notice_name(k),
		    w->ck->files[w->ci].cycle_yaml);
		return;
	}
	end = w->ck->st->cycles[w->ci].window_end[k];
	if (end == DAY_NONE || dd->date > end)
		return;
	date_iso(dd->date, a);
	date_iso(end, b);
	diag_error(w->ck->d, w->file, dd->line, _("the %s decision on %s is "
	    "dated %s, while the %s publicity (%s:%d) runs until %s; art. %s "
	    "takes only the applicants that passed the publicity without "
	    "objection: date it after %s"), stage_word(dd->stage), who(w), a,
	    notice_word(k), w->ck->files[w->ci].cycle_yaml, n->line, b,
	    stage_article(dd->stage), b);
}

/* The objection that disqualified the applicant on day dq. */
static const char *
disqualifying_id(const struct wf *w, day_t dq)
{
	const struct objection *x;
	size_t i;

	for (i = 0; i < w->c->n_objections; i++) {
		x = &w->c->objections[i];
		if (x->org == w->o && x->outcome == OUTCOME_DISQUALIFYING &&
		    x->decided == dq && x->identity_complete)
			return x->id != NULL ? x->id : "?";
	}
	return "?";
}

/* Art. 13: disqualified from the day the objection was decided. */
static void
after_disqualification(struct wf *w, const struct decision *dd)
{
	size_t i = (size_t)(w->o - w->c->orgs);
	day_t dq = w->ck->disqualified[w->ci][i];
	char a[16], b[16];

	if (dq == DAY_NONE || dd->date == DAY_NONE || dd->date <= dq ||
	    !result_passes(dd->result))
		return;
	date_iso(dq, a);
	date_iso(dd->date, b);
	diag_error(w->ck->d, w->file, dd->line, _("%s was disqualified on %s by "
	    "objection %s (%s), yet its %s decision of %s is %s; art. 13: a "
	    "founded objection on a prohibited condition cancels the "
	    "applicant's part in the award: record %s"),
	    who(w), a, disqualifying_id(w, dq), w->ck->files[w->ci].objections,
	    stage_word(dd->stage), b, result_word(dd->result),
	    result_word(dd->stage <= STAGE_ONSITE ?
	    RESULT_FAIL : RESULT_NONE));
}

/*
 * The dates of the notices each stage's decisions are held against: a
 * decision dated after notice_date[s] goes to before_notice, one on or
 * before publicity_end[s] (or any, when that publicity is missing) to
 * after_publicity.
 */
static void
wf_dates(struct wf *w)
{
	const struct notice_entry *n;
	enum stage s;
	int k;

	for (s = 0; s < STAGE_COUNT; s++) {
		w->notice_date[s] = DAY_NONE;
		w->publicity_end[s] = DAY_NONE;
		if ((k = stage_notice(s)) >= 0) {
			n = &w->c->notices[k];
			if (n->present && n->date != DAY_NONE)
				w->notice_date[s] = n->date;
		}
		if ((k = stage_after_publicity(s)) >= 0) {
			w->publicity_missing[s] = !w->c->notices[k].present;
			if (!w->publicity_missing[s])
				w->publicity_end[s] =
				    w->ck->st->cycles[w->ci].window_end[k];
		}
	}
}

static void
org_workflow(struct wf *w)
{
	const struct decision *dd, *prev = NULL;
	char a[16], b[16];
	enum stage s;

	for (s = 0; s < STAGE_COUNT; s++) {
		if ((dd = w->o->decision[s]) == NULL)
			continue;
		if (!result_valid(s, dd->result))
			diag_error(w->ck->d, w->file, dd->line, _("the %s decision "
			    "on %s has the result %s; art. %s: at %s the result "
			    "is %s"), stage_word(s), who(w),
			    result_word(dd->result), stage_article(s),
			    stage_word(s), s <= STAGE_ONSITE ?
			    _("pass, fail or withdrawn") :
			    _("award, nomination or none"));
		if (s > 0)
			chain(w, dd);
		if (prev != NULL && dd->date != DAY_NONE &&
		    prev->date != DAY_NONE && dd->date < prev->date) {
			date_iso(dd->date, a);
			date_iso(prev->date, b);
			diag_error(w->ck->d, w->file, dd->line, _("the %s decision "
			    "on %s is dated %s, before its %s decision of %s "
			    "(line %d); art. 11 takes the stages in order: "
			    "check the dates"), stage_word(s), who(w), a,
			    stage_word(prev->stage), b, prev->line);
		}
		if (s == STAGE_QUALIFICATION && dd->date != DAY_NONE &&
		    w->c->application_deadline != DAY_NONE &&
		    dd->date < w->c->application_deadline) {
			date_iso(dd->date, a);
			date_iso(w->c->application_deadline, b);
			diag_error(w->ck->d, w->file, dd->line, _("the "
			    "qualification decision on %s is dated %s, before "
			    "the application deadline %s (%s:%d); art. 11(4): "
			    "the office reviews the applications once they are "
			    "in: date it on or after %s"), who(w), a, b,
			    w->ck->files[w->ci].cycle_yaml,
			    w->c->deadline_line, b);
		}
		if (dd->date != DAY_NONE) {
			if (w->notice_date[s] != DAY_NONE &&
			    dd->date > w->notice_date[s])
				before_notice(w, dd);
			if (w->publicity_missing[s] ||
			    (w->publicity_end[s] != DAY_NONE &&
			    dd->date <= w->publicity_end[s]))
				after_publicity(w, dd);
			if (w->dq != DAY_NONE)
				after_disqualification(w, dd);
		}
		prev = dd;
	}
}

void
check_workflow(struct check *ck, size_t ci)
{
	struct who label;
	struct wf w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.ck = ck;
	w.ci = ci;
	w.c = &ck->site->cycles[ci];
	w.file = ck->files[ci].decisions;
	wf_dates(&w);
	for (i = 0; i < w.c->n_orgs; i++) {
		w.o = &w.c->orgs[i];
		w.dq = ck->disqualified[ci][i];
		who_init(&label, w.o);
		w.who = &label;
		org_workflow(&w);
		who_clear(&label);
	}
}

static const char *
ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1:
		return "st";
	case 2:
		return "nd";
	case 3:
		return "rd";
	default:
		return "th";
	}
}

/* Art. 4: the decision that is one beyond the quota max, the n-th of its kind. */
static void
quota(struct check *ck, size_t ci, const struct decision *dd, int n, int max)
{
	const struct cycle *c = &ck->site->cycles[ci];
	enum result r = dd->result;
	enum stage s = dd->stage;
	char *who;

	who = dd->org != NULL ? org_label(dd->org) :
	    xstrdup(dd->credit_code != NULL ? dd->credit_code : "?");
	diag_error(ck->d, ck->files[ci].decisions, dd->line, _("%s is the "
	    "%d%s %s (%s) at %s (%s) of the %d cycle; art. 4 allows at "
	    "most %d %s%s per cycle: record %s for the applicants "
	    "beyond the quota"), who, n, ordinal_suffix(n),
	    result_word(r), r == RESULT_AWARD ? "质量奖" : "提名奖",
	    stage_word(s), stage_label(s), c->year, max,
	    result_word(r), max == 1 ? "" : "s",
	    r == RESULT_AWARD ? _("nomination or none") :
	    result_word(RESULT_NONE));
	free(who);
}

/*
 * Art. 4: at most award_quota awards and nomination_quota nominations, at
 * deliberation and at approval: the first decision beyond each quota is
 * reported, the four in that order, found in one pass over the decisions.
 */
void
check_quotas(struct check *ck, size_t ci)
{
	static const struct { enum stage s; enum result r; } kinds[] = {
		{ STAGE_DELIBERATION, RESULT_AWARD },
		{ STAGE_DELIBERATION, RESULT_NOMINATION },
		{ STAGE_APPROVAL, RESULT_AWARD },
		{ STAGE_APPROVAL, RESULT_NOMINATION },
	};
	const struct rules *r = &ck->site->rules;
	const struct cycle *c = &ck->site->cycles[ci];
	const struct decision *dd, *beyond[4] = { NULL };
	int n[4] = { 0 }, max[4];
	size_t i, k;

	for (k = 0; k < 4; k++)
		max[k] = kinds[k].r == RESULT_AWARD ? r->award_quota :
		    r->nomination_quota;
	for (i = 0; i < c->n_decisions; i++) {
		dd = &c->decisions[i];
		if (dd->stage < STAGE_DELIBERATION ||
		    (dd->result != RESULT_AWARD && dd->result != RESULT_NOMINATION))
			continue;
		k = (dd->stage == STAGE_APPROVAL) * 2 +
		    (dd->result == RESULT_NOMINATION);
		if (beyond[k] == NULL && ++n[k] > max[k])
			beyond[k] = dd;
	}
	for (k = 0; k < 4; k++)
		if (beyond[k] != NULL)
			quota(ck, ci, beyond[k], n[k], max[k]);
}
