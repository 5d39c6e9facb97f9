/*
 * status_json: `gongshi status --json`, the same facts as the text for a
 * script, written with libjansson. Names are the stable English words of
 * the registers (stage, notice), labels the Chinese ones of the Measures,
 * whatever the locale; dates are ISO 8601 strings; what is not
 * known yet is null. The shape is documented in gongshi(1) and must only
 * ever grow: a script written for it keeps working.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/check.h"
#include "rules/status.h"

static json_t *
json_day(day_t d)
{
	char iso[16];

	if (d == DAY_NONE)
		return json_null();
	date_iso(d, iso);
	return json_string(iso);
}

static json_t *
json_window(const struct cycle_state *cs, int k)
{
	const struct notice_entry *n = &cs->cycle->notices[k];

	if (!n->present || !notice_is_publicity(k) ||
	    cs->window_end[k] == DAY_NONE)
		return json_null();
	return json_pack("{s:o, s:o, s:i}", "start", json_day(n->date),
	    "end", json_day(cs->window_end[k]),
	    "working_days", cs->window_days[k]);
}

/* The count a row of the status table shows. */
static json_t *
json_row_count(const struct cycle_state *cs, int stage)
{
	switch (stage) {
	case -1:			return json_integer((json_int_t)cs->applied.n);
	case STAGE_RECOMMENDATION:	return json_integer((json_int_t)cs->recommended.n);
	case STAGE_QUALIFICATION:	return json_integer((json_int_t)cs->accepted.n);
	case STAGE_MATERIAL:		return json_integer((json_int_t)cs->presentation.n);
	case STAGE_PRESENTATION:	return json_integer((json_int_t)cs->onsite.n);
	case STAGE_ONSITE:		return json_integer((json_int_t)cs->onsite_passed.n);
	case STAGE_DELIBERATION:
		return json_pack("{s:I, s:I}",
		    "award", (json_int_t)cs->proposed_award.n,
		    "nomination", (json_int_t)cs->proposed_nomination.n);
	default:
		return json_pack("{s:I, s:I}",
		    "award", (json_int_t)cs->approved_award.n,
		    "nomination", (json_int_t)cs->approved_nomination.n);
	}
}

static json_t *
json_stages(const struct cycle_state *cs)
{
	json_t *a = json_array(), *row;
	int s, k;

	for (s = -1; s < STAGE_COUNT; s++) {
		k = s < 0 ? NOTICE_CALL : stage_notice((enum stage)s);
		row = json_pack("{s:s, s:s, s:o}",
		    "stage", s < 0 ? "application" : stage_name((enum stage)s),
		    "label", s < 0 ? "申报" : stage_label((enum stage)s),
		    "count", json_row_count(cs, s));
		if (k < 0) {
			json_object_set_new(row, "notice", json_null());
			json_object_set_new(row, "notice_label", json_null());
			json_object_set_new(row, "date", json_null());
			json_object_set_new(row, "window", json_null());
		} else {
			json_object_set_new(row, "notice",
			    json_string(notice_name(k)));
			json_object_set_new(row, "notice_label",
			    json_string(notice_label(k)));
			json_object_set_new(row, "date",
			    json_day(cs->cycle->notices[k].present ?
			    cs->cycle->notices[k].date : DAY_NONE));
			json_object_set_new(row, "window", json_window(cs, k));
		}
		json_array_append_new(a, row);
	}
	return a;
}

static json_t *
json_revocations(const struct state *st, const struct cycle_state *cs)
{
	const struct certificate *c;
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < cs->n_certs; i++) {
		c = cs->certs[i];
		if (c->revocation == NULL || c->revoked)
			continue;
		json_array_append_new(a, json_pack("{s:s, s:i, s:s, s:i}",
		    "certificate", c->number, "article", c->revocation_article,
		    "file", st->sanctions_file, "line", c->revocation->line));
	}
	return a;
}

static json_t *
json_next(const struct state *st, const struct cycle_state *cs)
{
	struct status_next nx;

	status_next(st, cs, &nx);
	return json_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "notice", nx.notice >= 0 ? json_string(notice_name(nx.notice)) :
	    json_null(),
	    "after_decisions", nx.waiting_stage >= 0 ?
	    json_string(stage_name(nx.waiting_stage)) : json_null(),
	    "earliest", json_day(nx.earliest),
	    "calendar_needed", nx.calendar_year > 0 ?
	    json_integer(nx.calendar_year) : json_null(),
	    "revocations", json_revocations(st, cs));
}

static json_t *
json_cycle(const struct state *st, const struct cycle_state *cs)
{
	const struct cycle *c = cs->cycle;
	size_t i, pending = 0;

	for (i = 0; i < cs->n_certs; i++)
		if (cs->certs[i]->revocation != NULL && !cs->certs[i]->revoked)
			pending++;
	return json_pack("{s:i, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I}, s:o}",
	    "year", c->year,
	    "edition", c->edition > 0 ? json_integer(c->edition) : json_null(),
	    "application_deadline", json_day(c->application_deadline),
	    "stages", json_stages(cs),
	    "counts",
	    "objections_open", (json_int_t)cs->objections_open,
	    "objections_late", (json_int_t)cs->objections_late,
	    "disqualified", (json_int_t)cs->disqualified.n,
	    "revocations_pending", (json_int_t)pending,
	    "next", json_next(st, cs));
}

json_t *
status_json(const struct state *st, int year)
{
	json_t *cycles = json_array();
	size_t i;

	for (i = 0; i < st->n_cycles; i++)
		if (year == 0 || st->cycles[i].cycle->year == year)
			json_array_append_new(cycles,
			    json_cycle(st, &st->cycles[i]));
	return json_pack("{s:o, s:I}", "cycles", cycles,
	    "revocations_pending", (json_int_t)st->revocations_pending);
}
