/*
 * Art. 11: publicities (公示) last at least publicity_working_days working
 * days; the notices of a cycle come in the order of the process; the
 * applicant's own internal publicity (art. 11(2)) ends before the
 * recommending unit decides.
 */
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/calendar.h"
#include "rules/check.h"

static const char *
plural(int n)
{
	return n == 1 ? "" : "s";
}

/* The first year from year on that the calendar does not cover. */
static int
missing_year(const struct site *s, int year)
{
	while (cal_covers(s, date_from_ymd(year, 1, 1)))
		year++;
	return year;
}

void
check_calendar_error(struct check *ck, const char *file, int line,
    const char *what, day_t d)
{
	const struct site *s = ck->site;
	char iso[16];

	date_iso(d, iso);
	if (s->n_years == 0)
		diag_error(ck->d, file, line, _("%s (%s) is outside the working-day "
		    "calendar, which is empty: add calendar/%d.yaml with that "
		    "year's days off and make-up working days"), what, iso,
		    date_year(d));
	else
		diag_error(ck->d, file, line, _("%s (%s) is outside the working-day "
		    "calendar (calendar/ covers %d to %d): add calendar/%d.yaml "
		    "with that year's days off and make-up working days"),
		    what, iso, s->years[0].year, s->years[s->n_years - 1].year,
		    date_year(d));
}

/* One publicity: its start, its end, its length; fills the window. */
static void
publicity_window(struct check *ck, size_t ci, enum notice_kind k)
{
	const struct site *s = ck->site;
	const struct cycle *c = &s->cycles[ci];
	const struct notice_entry *n = &c->notices[k];
	struct cycle_state *cs = &ck->st->cycles[ci];
	const char *file = ck->files[ci].cycle_yaml;
	int need = s->rules.publicity_working_days, got;
	char what[128], a[16], b[16], e[16];
	day_t end, next;

	snprintf(what, sizeof(what), _("the first day of the %s publicity"),
	    notice_word(k));
	if (!cal_covers(s, n->date)) {
		check_calendar_error(ck, file, n->line, what, n->date);
		return;
	}
	date_iso(n->date, a);
	if (cal_is_working_day(s, n->date) == WORKDAY_NO) {
		next = cal_next_working_day(s, n->date);
		if (next != DAY_NONE)
			date_iso(next, b);
		diag_error(ck->d, file, n->line, _("the %s publicity (%s) starts "
		    "on %s, not a working day; art. %s counts a publicity in "
		    "working days from its first day: start it on %s"),
		    notice_word(k), notice_label(k), a, notice_article(k),
		    next != DAY_NONE ? b : _("a working day"));
	}
	if ((end = cal_publicity_end(s, n->date, need)) == DAY_NONE) {
		diag_error(ck->d, file, n->line, _("the %s publicity starting on "
		    "%s runs past the end of the working-day calendar: add "
		    "calendar/%d.yaml"), notice_word(k), a,
		    missing_year(s, date_year(n->date)));
		return;
	}
	cs->window_end[k] = end;
	if (n->until != DAY_NONE) {
		date_iso(n->until, b);
		date_iso(end, e);
		if (!cal_covers(s, n->until)) {
			snprintf(what, sizeof(what), _("the last day (until) of "
			    "the %s publicity"), notice_word(k));
			check_calendar_error(ck, file, n->line, what, n->until);
		} else if (n->until < n->date) {
			diag_error(ck->d, file, n->line, _("the %s publicity ends "
			    "on %s, before it starts on %s: until %s or later"),
			    notice_word(k), b, a, e);
		} else {
			cs->window_end[k] = n->until;
			got = cal_count(s, n->date, n->until);
			if (n->until < end)
				diag_error(ck->d, file, n->line, _("the %s publicity "
				    "runs %s to %s, %d working day%s; art. %s "
				    "requires at least %d: until %s or later"),
				    notice_word(k), a, b, got, plural(got),
				    notice_article(k), need, e);
		}
	}
	cs->window_days[k] = cal_count(s, n->date, cs->window_end[k]);
}

/*
 * The notices come in the order of the process, and a notice that follows
 * a publicity comes after that publicity ended (art. 11: "经公示无异议的").
 */
static void
notice_order(struct check *ck, size_t ci)
{
	const struct cycle *c = &ck->site->cycles[ci];
	const struct cycle_state *cs = &ck->st->cycles[ci];
	const struct notice_entry *n, *p = NULL;
	enum notice_kind k, pk = NOTICE_CALL;
	char a[16], b[16];

	for (k = 0; k < NOTICE_KIND_COUNT; k++) {
		n = &c->notices[k];
		if (!n->present || n->date == DAY_NONE)
			continue;
		if (p != NULL) {
			date_iso(n->date, a);
			if (n->date < p->date) {
				date_iso(p->date, b);
				diag_error(ck->d, ck->files[ci].cycle_yaml, n->line,
				    _("the %s notice (%s) is dated %s, before the %s "
				    "notice of %s (line %d); art. 11 takes the "
				    "stages in order: date it on or after %s"),
				    notice_word(k), notice_label(k), a,
				    notice_word(pk), b, p->line, b);
			} else if (notice_is_publicity(pk) &&
			    cs->window_end[pk] != DAY_NONE &&
			    n->date <= cs->window_end[pk]) {
				date_iso(cs->window_end[pk], b);
				diag_error(ck->d, ck->files[ci].cycle_yaml, n->line,
				    _("the %s notice (%s) is dated %s, while the %s "
				    "publicity (line %d) still runs until %s; "
				    "art. %s: the next stage takes only what passed "
				    "the publicity: date it after %s"),
				    notice_word(k), notice_label(k), a,
				    notice_word(pk), p->line, b,
				    notice_article(pk), b);
			}
		}
		p = n;
		pk = k;
	}
}

void
check_publicity(struct check *ck)
{
	const struct site *s = ck->site;
	const struct notice_entry *n;
	struct cycle_state *cs;
	enum notice_kind k;
	size_t ci;

	for (ci = 0; ci < s->n_cycles; ci++) {
		cs = &ck->st->cycles[ci];
		for (k = 0; k < NOTICE_KIND_COUNT; k++) {
			cs->window_end[k] = DAY_NONE;
			cs->window_days[k] = 0;
			n = &s->cycles[ci].notices[k];
			if (!n->present || n->date == DAY_NONE)
				continue;
			if (notice_is_publicity(k))
				publicity_window(ck, ci, k);
			else if (n->until != DAY_NONE)
				diag_warning(ck->d, ck->files[ci].cycle_yaml,
				    n->line, _("the %s notice (%s) is not a "
				    "publicity, so its until is ignored: remove it"),
				    notice_word(k), notice_label(k));
		}
		notice_order(ck, ci);
	}
}

/* A date as messages write it, 2025-06-30, made only for a message. */
static const char *
iso(day_t d, char out[static 16])
{
	date_iso(d, out);
	return out;
}

/* Art. 11(2): the applicant's own publicity, when its dates are given. */
static void
internal_publicity(struct check *ck, size_t ci, const struct org *o)
{
	const struct site *s = ck->site;
	const char *file = ck->files[ci].orgs;
	const struct decision *rec = o->decision[STAGE_RECOMMENDATION];
	int need = s->rules.publicity_working_days, got;
	day_t start = o->internal_publicity_start;
	day_t stop = o->internal_publicity_end, end;
	char a[16], b[16], e[16];
	struct who who;

	if (start == DAY_NONE && stop == DAY_NONE)
		return;
	who_init(&who, o);
	if (start == DAY_NONE || stop == DAY_NONE) {
		diag_warning(ck->d, file, o->line, _("%s gives only one date of "
		    "its internal publicity (art. 11(2)): give both "
		    "internal_publicity_start and internal_publicity_end, or "
		    "neither"), who_text(&who));
		goto out;
	}
	if (stop < start) {
		diag_error(ck->d, file, o->line, _("%s: the internal publicity "
		    "ends on %s, before it starts on %s: check "
		    "internal_publicity_start and internal_publicity_end"),
		    who_text(&who), iso(stop, b), iso(start, a));
		goto out;
	}
	if (!cal_index_covers(&ck->days, start)) {
		check_calendar_error(ck, file, o->line,
		    "internal_publicity_start", start);
		goto out;
	}
	if (!cal_index_covers(&ck->days, stop)) {
		check_calendar_error(ck, file, o->line,
		    "internal_publicity_end", stop);
		goto out;
	}
	got = cal_index_count(&ck->days, start, stop);
	if (got < need) {
		end = cal_publicity_end(s, start, need);
		if (end != DAY_NONE)
			diag_error(ck->d, file, o->line, _("%s: the internal "
			    "publicity runs %s to %s, %d working day%s; art. "
			    "11(2) requires at least %d: internal_publicity_end "
			    "%s or later"), who_text(&who), iso(start, a),
			    iso(stop, b), got, plural(got), need, iso(end, e));
		else
			diag_error(ck->d, file, o->line, _("%s: the internal "
			    "publicity runs %s to %s, %d working day%s; art. "
			    "11(2) requires at least %d"), who_text(&who),
			    iso(start, a), iso(stop, b), got, plural(got), need);
	}
	if (rec != NULL && rec->date != DAY_NONE && stop > rec->date)
		diag_error(ck->d, file, o->line, _("%s: the internal publicity "
		    "ends on %s, after the recommendation decision of %s "
		    "(%s:%d); art. 11(2): the applicant publicises its "
		    "application before submitting it: check the dates"),
		    who_text(&who), iso(stop, b), iso(rec->date, e),
		    ck->files[ci].decisions, rec->line);
out:
	who_clear(&who);
}

void
check_internal_publicity(struct check *ck, size_t ci)
{
	const struct cycle *c = &ck->site->cycles[ci];
	size_t i;

	for (i = 0; i < c->n_orgs; i++)
		internal_publicity(ck, ci, &c->orgs[i]);
}
