/*
 * state: runs the checks (check.h), then derives who is on which list and
 * the certificates. A disqualified applicant (art. 13) leaves every list
 * published on or after the day of its disqualification, and every list
 * not published yet.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/check.h"
#include "rules/state.h"

#define DEFAULT_PREFIX	"XJZLJ"

static void
list_add(struct org_list *l, struct org *o)
{
	/* Grows at powers of two: no capacity field needed. */
	if (l->n == 0 || (l->n & (l->n - 1)) == 0)
		l->orgs = xreallocarray(l->orgs, l->n == 0 ? 1 : l->n * 2,
		    sizeof(*l->orgs));
	l->orgs[l->n++] = o;
}

static void
list_free(struct org_list *l)
{
	free(l->orgs);
	l->orgs = NULL;
	l->n = 0;
}

static int
sanction_cmp(const void *a, const void *b)
{
	const struct sanction *x = *(struct sanction *const *)a;
	const struct sanction *y = *(struct sanction *const *)b;
	int c;

	c = strcmp(x->credit_code != NULL ? x->credit_code : "",
	    y->credit_code != NULL ? y->credit_code : "");
	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static int
award_cmp(const void *a, const void *b)
{
	const struct award_ref *x = a, *y = b;
	int c;

	if ((c = strcmp(x->code, y->code)) != 0)
		return c;
	return (x->cycle > y->cycle) - (x->cycle < y->cycle);
}

/* Did the loader report errors in the cycle's registers or cycle.yaml? */
static void
loaded_whole(struct check *ck, size_t ci, const char *dir)
{
	static const char *const registers[] = {
		"organizations.", "decisions.", "objections."
	};
	char *prefix;
	size_t i;

	for (i = 0; i < sizeof(registers) / sizeof(registers[0]); i++) {
		prefix = xasprintf("%s/%s", dir, registers[i]);
		if (diag_errors_in(ck->d, prefix) > 0)
			ck->registers_incomplete[ci] = true;
		free(prefix);
	}
	prefix = xasprintf("%s/cycle.yaml", dir);
	ck->notices_incomplete[ci] = diag_errors_in(ck->d, prefix) > 0;
	free(prefix);
}

static void
check_init(struct check *ck, struct site *s, struct state *st, struct diag *d)
{
	const struct cycle *c;
	const struct decision *ap;
	size_t ci, i;

	memset(ck, 0, sizeof(*ck));
	ck->site = s;
	ck->st = st;
	ck->d = d;
	ck->files = xcalloc(s->n_cycles + 1, sizeof(*ck->files));
	ck->disqualified = xcalloc(s->n_cycles + 1, sizeof(*ck->disqualified));
	ck->registers_incomplete = xcalloc(s->n_cycles + 1, sizeof(bool));
	ck->notices_incomplete = xcalloc(s->n_cycles + 1, sizeof(bool));
	for (ci = 0; ci < s->n_cycles; ci++) {
		c = &s->cycles[ci];
		loaded_whole(ck, ci, c->dir);
		ck->files[ci].cycle_yaml = path_join(c->dir, "cycle.yaml");
		ck->files[ci].orgs = register_file(c->orgs_file, c->dir,
		    "organizations.csv");
		ck->files[ci].decisions = register_file(c->decisions_file,
		    c->dir, "decisions.csv");
		ck->files[ci].objections = register_file(c->objections_file,
		    c->dir, "objections.csv");
		ck->disqualified[ci] = xcalloc(c->n_orgs + 1, sizeof(day_t));
		for (i = 0; i < c->n_orgs; i++) {
			ck->disqualified[ci][i] = DAY_NONE;
			ap = c->orgs[i].decision[STAGE_APPROVAL];
			if (ap != NULL && ap->result == RESULT_AWARD &&
			    c->orgs[i].credit_code != NULL)
				ck->n_awards++;
		}
	}
	ck->n_sanctions = s->n_sanctions;
	ck->sanctions = xcalloc(s->n_sanctions + 1, sizeof(*ck->sanctions));
	for (i = 0; i < s->n_sanctions; i++)
		ck->sanctions[i] = &s->sanctions[i];
	qsort(ck->sanctions, ck->n_sanctions, sizeof(*ck->sanctions),
	    sanction_cmp);
	ck->awards = xcalloc(ck->n_awards + 1, sizeof(*ck->awards));
	ck->n_awards = 0;
	for (ci = 0; ci < s->n_cycles; ci++) {
		c = &s->cycles[ci];
		for (i = 0; i < c->n_orgs; i++) {
			ap = c->orgs[i].decision[STAGE_APPROVAL];
			if (ap == NULL || ap->result != RESULT_AWARD ||
			    c->orgs[i].credit_code == NULL)
				continue;
			ck->awards[ck->n_awards].code = c->orgs[i].credit_code;
			ck->awards[ck->n_awards].cycle = ci;
			ck->awards[ck->n_awards].org = &c->orgs[i];
			ck->n_awards++;
		}
	}
	qsort(ck->awards, ck->n_awards, sizeof(*ck->awards), award_cmp);
}

static void
check_free(struct check *ck)
{
	size_t ci;

	for (ci = 0; ci < ck->site->n_cycles; ci++) {
		free(ck->files[ci].cycle_yaml);
		free(ck->files[ci].orgs);
		free(ck->files[ci].decisions);
		free(ck->files[ci].objections);
		free(ck->disqualified[ci]);
	}
	free(ck->files);
	free(ck->disqualified);
	free(ck->registers_incomplete);
	free(ck->notices_incomplete);
	free(ck->sanctions);
	free(ck->awards);
}

/*
 * The day the list of a stage is published: its notice's date, or
 * DAY_NONE while it is not published. The on-site result has no list of
 * its own: it shows in the proposal.
 */
static day_t
published(const struct cycle *c, enum stage s)
{
	int k = stage_notice(s == STAGE_ONSITE ? STAGE_DELIBERATION : s);

	return c->notices[k].present ? c->notices[k].date : DAY_NONE;
}

/* Is o, with decision dd, on the list of its stage? */
static bool
on_list(const struct check *ck, size_t ci, size_t i,
    const struct decision *dd, enum result r)
{
	day_t dq = ck->disqualified[ci][i], p;

	if (dd == NULL || dd->result != r)
		return false;
	if (dq == DAY_NONE)
		return true;
	p = published(&ck->site->cycles[ci], dd->stage);
	return p != DAY_NONE && p < dq;
}

static void
build_lists(struct check *ck, size_t ci)
{
	struct cycle *c = &ck->site->cycles[ci];
	struct cycle_state *cs = &ck->st->cycles[ci];
	struct org *o;
	size_t i;

	for (i = 0; i < c->n_orgs; i++) {
		o = &c->orgs[i];
		list_add(&cs->applied, o);
#define ON(list, stage, result) \
		if (on_list(ck, ci, i, o->decision[stage], result)) \
			list_add(&cs->list, o)
		ON(recommended, STAGE_RECOMMENDATION, RESULT_PASS);
		ON(accepted, STAGE_QUALIFICATION, RESULT_PASS);
		ON(presentation, STAGE_MATERIAL, RESULT_PASS);
		ON(onsite, STAGE_PRESENTATION, RESULT_PASS);
		ON(onsite_passed, STAGE_ONSITE, RESULT_PASS);
		ON(proposed_award, STAGE_DELIBERATION, RESULT_AWARD);
		ON(proposed_nomination, STAGE_DELIBERATION, RESULT_NOMINATION);
		ON(approved_award, STAGE_APPROVAL, RESULT_AWARD);
		ON(approved_nomination, STAGE_APPROVAL, RESULT_NOMINATION);
#undef ON
		if (ck->disqualified[ci][i] != DAY_NONE)
			list_add(&cs->disqualified, o);
	}
}

static const char *
cert_prefix(const struct site *s)
{
	const char *p = val_get_str(val_get(s->yaml, "award"),
	    "certificate_prefix");

	return p != NULL && *p != '\0' ? p : DEFAULT_PREFIX;
}

/*
 * The certificates of one cycle: awards, then nominations, each numbered
 * from 01 in the order of the approval rows of decisions.csv.
 */
static void
build_certs(struct check *ck, size_t ci)
{
	static const enum result kinds[] = { RESULT_AWARD, RESULT_NOMINATION };
	struct state *st = ck->st;
	struct cycle *c = &ck->site->cycles[ci];
	struct cycle_state *cs = &st->cycles[ci];
	struct decision *dd;
	struct certificate *cert;
	size_t i, k, oi;
	int nn;

	cs->certs = xcalloc(c->n_decisions + 1, sizeof(*cs->certs));
	for (k = 0; k < 2; k++) {
		nn = 0;
		for (i = 0; i < c->n_decisions; i++) {
			dd = &c->decisions[i];
			if (dd->stage != STAGE_APPROVAL ||
			    dd->result != kinds[k] || dd->org == NULL ||
			    dd->org->decision[STAGE_APPROVAL] != dd)
				continue;
			oi = (size_t)(dd->org - c->orgs);
			if (!on_list(ck, ci, oi, dd, kinds[k]))
				continue;
			cert = &st->certs[st->n_certs++];
			cert->number = xasprintf("%s-%d-%c%02d",
			    cert_prefix(ck->site), c->year,
			    kinds[k] == RESULT_AWARD ? 'A' : 'N', ++nn);
			cert->org = dd->org;
			cert->cycle = c;
			cert->kind = kinds[k];
			cert->approval = dd;
			cs->certs[cs->n_certs++] = cert;
		}
	}
}

/*
 * One phase of the checks that only report, over every cycle: what the
 * memo says of a cycle that did not change, else the check itself (and
 * what it said into the memo).
 */
static void
run_phase(struct check *ck, struct check_memo *m, enum check_phase p,
    void (*check)(struct check *, size_t))
{
	struct diag *said;
	size_t ci, start;

	for (ci = 0; ci < ck->site->n_cycles; ci++) {
		said = m != NULL && ci < m->n ? &m->said[ci * CHECK_PHASES + p] :
		    NULL;
		if (said != NULL && m->same[ci]) {
			diag_append_copies(ck->d, said, 0, said->n);
			continue;
		}
		start = ck->d->n;
		check(ck, ci);
		if (said != NULL)
			diag_append_copies(said, ck->d, start, ck->d->n);
	}
}

void
state_build(struct site *s, struct state *st, struct diag *d)
{
	state_build_memo(s, st, d, NULL);
}

void
state_build_memo(struct site *s, struct state *st, struct diag *d,
    struct check_memo *memo)
{
	struct check ck;
	size_t ci, i, max = 0;

	memset(st, 0, sizeof(*st));
	st->site = s;
	st->sanctions_file = register_file(s->sanctions_file, "",
	    "sanctions.csv");
	st->n_cycles = s->n_cycles;
	st->cycles = xcalloc(s->n_cycles + 1, sizeof(*st->cycles));
	for (ci = 0; ci < s->n_cycles; ci++) {
		st->cycles[ci].cycle = &s->cycles[ci];
		for (i = 0; i < s->cycles[ci].n_decisions; i++)
			if (s->cycles[ci].decisions[i].stage == STAGE_APPROVAL)
				max++;
	}
	st->certs = xcalloc(max + 1, sizeof(*st->certs));
	check_init(&ck, s, st, d);

	check_notices(&ck);
	check_publicity(&ck);
	run_phase(&ck, memo, PHASE_INTERNAL_PUBLICITY, check_internal_publicity);
	check_objections(&ck);
	run_phase(&ck, memo, PHASE_WORKFLOW, check_workflow);
	run_phase(&ck, memo, PHASE_QUOTAS, check_quotas);
	run_phase(&ck, memo, PHASE_ELIGIBILITY, check_eligibility);
	for (ci = 0; ci < s->n_cycles; ci++) {
		build_lists(&ck, ci);
		build_certs(&ck, ci);
	}
	check_revocations(&ck);
	check_free(&ck);
}

void
state_free(struct state *st)
{
	struct cycle_state *cs;
	size_t ci, i;

	for (ci = 0; ci < st->n_cycles; ci++) {
		cs = &st->cycles[ci];
		list_free(&cs->applied);
		list_free(&cs->recommended);
		list_free(&cs->accepted);
		list_free(&cs->presentation);
		list_free(&cs->onsite);
		list_free(&cs->onsite_passed);
		list_free(&cs->proposed_award);
		list_free(&cs->proposed_nomination);
		list_free(&cs->approved_award);
		list_free(&cs->approved_nomination);
		list_free(&cs->disqualified);
		free(cs->certs);
	}
	for (i = 0; i < st->n_certs; i++)
		free(st->certs[i].number);
	free(st->certs);
	free(st->cycles);
	free(st->sanctions_file);
	memset(st, 0, sizeof(*st));
}

struct certificate *
state_find_certificate(const struct state *st, const char *number)
{
	size_t i;

	if (number == NULL)
		return NULL;
	for (i = 0; i < st->n_certs; i++)
		if (strcmp(st->certs[i].number, number) == 0)
			return &st->certs[i];
	return NULL;
}

struct certificate *
state_org_certificate(const struct cycle_state *cs, const struct org *o)
{
	size_t i;

	for (i = 0; i < cs->n_certs; i++)
		if (cs->certs[i]->org == o)
			return cs->certs[i];
	return NULL;
}

bool
state_objection_has_letter(const struct objection *x)
{
	return (x->objector_name != NULL && *x->objector_name != '\0') ||
	    (x->objector_address != NULL && *x->objector_address != '\0');
}
