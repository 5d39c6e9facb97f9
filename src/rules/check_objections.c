/*
 * Art. 12: an objection is accepted only with the objector's complete
 * identity. Art. 13: the office forwards it within 3 working days, the
 * recommending unit reports within 5, the office decides and tells the
 * objector; a founded objection on a prohibited condition disqualifies the
 * applicant from the day it is decided.
 */
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/calendar.h"
#include "rules/check.h"

struct objection_ctx {
	struct check		*ck;
	const struct objection	*x;
	const char		*file;
	const char		*id;
	char			*who;
	bool			 late;
};

/* Reports a step taken past its art. 13 deadline; counts it late. */
static void
step_deadline(struct objection_ctx *oc, const char *step, day_t from,
    const char *from_step, day_t at, int days)
{
	const struct site *s = oc->ck->site;
	char a[16], b[16], e[16], what[96];
	day_t due;
	int took;

	if (from == DAY_NONE || at == DAY_NONE)
		return;
	if (at < from) {
		date_iso(from, a);
		date_iso(at, b);
		diag_error(oc->ck->d, oc->file, oc->x->line, _("objection %s "
		    "against %s is %s on %s, before it was %s on %s: check "
		    "the dates"), oc->id, oc->who, step, b, from_step, a);
		return;
	}
	if ((due = cal_deadline(s, from, days)) == DAY_NONE) {
		if (!cal_covers(s, from)) {
			snprintf(what, sizeof(what), _("objection %s: the day it "
			    "was %s"), oc->id, from_step);
			check_calendar_error(oc->ck, oc->file, oc->x->line, what,
			    from);
		} else {
			date_iso(from, a);
			diag_error(oc->ck->d, oc->file, oc->x->line, _("objection "
			    "%s: the art. 13 deadline of %d working days after "
			    "it was %s on %s runs past the end of the "
			    "working-day calendar: add calendar/%d.yaml"),
			    oc->id, days, from_step, a, date_year(from) + 1);
		}
		return;
	}
	if (at <= due)
		return;
	if (!cal_covers(s, at)) {
		snprintf(what, sizeof(what), _("objection %s: the day it was %s"),
		    oc->id, step);
		check_calendar_error(oc->ck, oc->file, oc->x->line, what, at);
		return;
	}
	took = cal_count(s, from + 1, at);
	date_iso(from, a);
	date_iso(at, b);
	date_iso(due, e);
	diag_warning(oc->ck->d, oc->file, oc->x->line, _("objection %s against "
	    "%s was %s on %s, %d working days after it was %s on %s; art. 13 "
	    "allows %d working days, until %s"), oc->id, oc->who, step, b,
	    took, from_step, a, days, e);
	oc->late = true;
}

/* Decided after reported, notified after decided: what art. 13 orders. */
static void
step_order(struct objection_ctx *oc, const char *step, day_t at,
    const char *before_step, day_t before)
{
	char a[16], b[16];

	if (at == DAY_NONE || before == DAY_NONE || at >= before)
		return;
	date_iso(at, a);
	date_iso(before, b);
	diag_error(oc->ck->d, oc->file, oc->x->line, _("objection %s against %s "
	    "is %s on %s, before it was %s on %s; art. 13: the office decides "
	    "on the recommending unit's report, then tells the objector in "
	    "writing: check the dates"), oc->id, oc->who, step, a,
	    before_step, b);
}

static void
accepted_objection(struct objection_ctx *oc, size_t ci)
{
	struct check *ck = oc->ck;
	const struct objection *x = oc->x;
	const struct rules *r = &ck->site->rules;
	size_t i;

	if (x->received != DAY_NONE && !cal_covers(ck->site, x->received)) {
		char what[96];

		snprintf(what, sizeof(what), _("objection %s: the day it was "
		    "received"), oc->id);
		check_calendar_error(ck, oc->file, x->line, what, x->received);
	} else {
		step_deadline(oc, _("forwarded"), x->received, _("received"),
		    x->forwarded, r->objection_forward_working_days);
		step_deadline(oc, _("reported"), x->forwarded, _("forwarded"),
		    x->reported, r->objection_report_working_days);
	}
	if (x->reported != DAY_NONE && x->forwarded == DAY_NONE)
		diag_error(ck->d, oc->file, x->line, _("objection %s against %s "
		    "is reported but has no forwarded date; art. 13: the office "
		    "forwards it to the recommending unit, which reports: give "
		    "the forwarded date"), oc->id, oc->who);
	step_order(oc, _("decided"), x->decided, _("reported"), x->reported);
	step_order(oc, _("notified"), x->notified, _("decided"), x->decided);
	if (x->outcome != OUTCOME_PENDING && x->decided == DAY_NONE)
		diag_error(ck->d, oc->file, x->line, _("objection %s against %s "
		    "has the outcome %s but no decided date: give the date of "
		    "the office's decision (art. 13)"), oc->id, oc->who,
		    outcome_word(x->outcome));
	if (x->outcome == OUTCOME_PENDING && x->decided != DAY_NONE)
		diag_error(ck->d, oc->file, x->line, _("objection %s against %s "
		    "has a decided date but no outcome: give the outcome "
		    "(unfounded, founded or disqualifying)"), oc->id, oc->who);
	if (x->notified != DAY_NONE && x->decided == DAY_NONE)
		diag_error(ck->d, oc->file, x->line, _("objection %s against %s "
		    "has a notified date but no decided date: the objector is "
		    "told the decision (art. 13): give the decided date"),
		    oc->id, oc->who);
	if (x->outcome == OUTCOME_PENDING)
		ck->st->cycles[ci].objections_open++;
	if (x->outcome == OUTCOME_DISQUALIFYING && x->decided != DAY_NONE &&
	    x->org != NULL) {
		i = (size_t)(x->org - ck->site->cycles[ci].orgs);
		if (i < ck->site->cycles[ci].n_orgs &&
		    (ck->disqualified[ci][i] == DAY_NONE ||
		    x->decided < ck->disqualified[ci][i]))
			ck->disqualified[ci][i] = x->decided;
	}
}

void
check_objections(struct check *ck)
{
	const struct site *s = ck->site;
	const struct cycle *c;
	struct objection_ctx oc;
	size_t ci, i;

	for (ci = 0; ci < s->n_cycles; ci++) {
		c = &s->cycles[ci];
		for (i = 0; i < c->n_objections; i++) {
			oc.ck = ck;
			oc.x = &c->objections[i];
			oc.file = ck->files[ci].objections;
			oc.id = oc.x->id != NULL ? oc.x->id : "?";
			oc.who = oc.x->org != NULL ? org_label(oc.x->org) :
			    xstrdup(oc.x->credit_code != NULL ?
			    oc.x->credit_code : "?");
			oc.late = false;
			if (!oc.x->identity_complete) {
				if (oc.x->outcome != OUTCOME_PENDING)
					diag_error(ck->d, oc.file, oc.x->line,
					    _("objection %s against %s gives no "
					    "complete identity of the objector, "
					    "so art. 12 does not accept it "
					    "(不予受理), yet it has the outcome "
					    "%s: remove it"), oc.id, oc.who,
					    outcome_word(oc.x->outcome));
			} else
				accepted_objection(&oc, ci);
			if (oc.late)
				ck->st->cycles[ci].objections_late++;
			free(oc.who);
		}
	}
}
