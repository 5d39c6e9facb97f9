/*
 * state: runs the checks (check.h), then derives who is on which list and
 * the certificates. A disqualified applicant (art. 13) leaves every list
 * published on or after the day of its disqualification, and every list
 * not published yet.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/check.h"
#include "rules/state.h"

#define DEFAULT_PREFIX	"XJZLJ"

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
	for (i = 0; i < s->n_sanctions; i++) {
		ck->sanctions[i] = &s->sanctions[i];
		check_note_code(ck, s->sanctions[i].credit_code);
	}
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
			check_note_code(ck, c->orgs[i].credit_code);
		}
	}
	qsort(ck->awards, ck->n_awards, sizeof(*ck->awards), award_cmp);
	cal_index_init(&ck->days, s);
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
	cal_index_free(&ck->days);
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

/*
 * The lists of the stages' results, in the order of struct cycle_state;
 * list_of[stage][result] is the list's index + 1 there, 0 for none.
 */
static const size_t stage_lists[] = {
#define L(f) offsetof(struct cycle_state, f)
	L(recommended), L(accepted), L(presentation), L(onsite),
	L(onsite_passed), L(proposed_award), L(proposed_nomination),
	L(approved_award), L(approved_nomination),
#undef L
};
#define N_STAGE_LISTS	(sizeof(stage_lists) / sizeof(stage_lists[0]))
#define LIST_DISQUALIFIED	N_STAGE_LISTS	/* its bit, after theirs */

static const unsigned char list_of[STAGE_COUNT][RESULT_NONE + 1] = {
	[STAGE_RECOMMENDATION][RESULT_PASS] = 1,
	[STAGE_QUALIFICATION][RESULT_PASS] = 2,
	[STAGE_MATERIAL][RESULT_PASS] = 3,
	[STAGE_PRESENTATION][RESULT_PASS] = 4,
	[STAGE_ONSITE][RESULT_PASS] = 5,
	[STAGE_DELIBERATION][RESULT_AWARD] = 6,
	[STAGE_DELIBERATION][RESULT_NOMINATION] = 7,
	[STAGE_APPROVAL][RESULT_AWARD] = 8,
	[STAGE_APPROVAL][RESULT_NOMINATION] = 9,
};

static struct org_list *
list_at(struct cycle_state *cs, size_t k)
{
	return k == LIST_DISQUALIFIED ? &cs->disqualified :
	    (struct org_list *)((char *)cs + stage_lists[k]);
}

/*
 * The lists applicant i is on, a bit each (stage_lists, then
 * disqualified): the list of each of its decisions' results, unless a
 * disqualification took it off (on_list).
 */
static unsigned
lists_of(const struct check *ck, size_t ci, size_t i)
{
	const struct org *o = &ck->site->cycles[ci].orgs[i];
	bool dq = ck->disqualified[ci][i] != DAY_NONE;
	const struct decision *dd;
	unsigned bits = dq ? 1u << LIST_DISQUALIFIED : 0, k;
	int s;

	for (s = 0; s < STAGE_COUNT; s++) {
		if ((dd = o->decision[s]) == NULL ||
		    (k = list_of[s][dd->result]) == 0)
			continue;
		if (!dq || on_list(ck, ci, i, dd, dd->result))
			bits |= 1u << (k - 1);
	}
	return bits;
}

/*
 * Each list of the cycle, in the order of organizations.csv: the lists
 * of every applicant found first, then each list made at its size (a
 * hundred thousand applicants over 25 cycles go on 300,000 places).
 */
static void
build_lists(struct check *ck, size_t ci)
{
	struct cycle *c = &ck->site->cycles[ci];
	struct cycle_state *cs = &ck->st->cycles[ci];
	/* (not zeroed: each is written before it is read) */
	unsigned short *bits = xreallocarray(NULL, c->n_orgs + 1, sizeof(*bits));
	size_t count[N_STAGE_LISTS + 1] = { 0 };
	struct org_list *l;
	unsigned b;
	size_t i, k;

	for (i = 0; i < c->n_orgs; i++) {
		bits[i] = (unsigned short)(b = lists_of(ck, ci, i));
		for (k = 0; b != 0; k++, b >>= 1)
			count[k] += b & 1;
	}
	if (c->n_orgs > 0)
		cs->applied.orgs = xreallocarray(NULL, c->n_orgs,
		    sizeof(struct org *));
	for (k = 0; k <= N_STAGE_LISTS; k++)
		if (count[k] > 0)
			list_at(cs, k)->orgs = xreallocarray(NULL, count[k],
			    sizeof(struct org *));
	for (i = 0; i < c->n_orgs; i++) {
		cs->applied.orgs[cs->applied.n++] = &c->orgs[i];
		for (k = 0, b = bits[i]; b != 0; k++, b >>= 1)
			if (b & 1) {
				l = list_at(cs, k);
				l->orgs[l->n++] = &c->orgs[i];
			}
	}
	free(bits);
}

static const char *
cert_prefix(const struct site *s)
{
	const char *p = val_get_str(val_get(s->yaml, "award"),
	    "certificate_prefix");

	return p != NULL && *p != '\0' ? p : DEFAULT_PREFIX;
}

static int
decision_order(const void *a, const void *b)
{
	const struct decision *x = *(const struct decision *const *)a;
	const struct decision *y = *(const struct decision *const *)b;

	return (x > y) - (x < y);	/* one array, in the register's order */
}

/*
 * The approval decisions of a cycle's applicants, each its applicant's
 * own, in the order of decisions.csv: found from the applicants (there
 * are three decisions or more for each), *n of them.
 */
static struct decision **
approvals(const struct cycle *c, size_t *n)
{
	struct decision **v = NULL, *dd;
	size_t i;

	*n = 0;
	for (i = 0; i < c->n_orgs; i++) {
		if ((dd = c->orgs[i].decision[STAGE_APPROVAL]) == NULL ||
		    dd->org != &c->orgs[i])
			continue;
		if ((*n & (*n - 1)) == 0)
			v = xreallocarray(v, *n == 0 ? 1 : *n * 2, sizeof(*v));
		v[(*n)++] = dd;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), decision_order);
	return v;
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
	struct decision *dd, **ap;
	struct certificate *cert;
	size_t i, k, n, oi;
	int nn;

	ap = approvals(c, &n);
	cs->certs = xcalloc(n + 1, sizeof(*cs->certs));
	for (k = 0; k < 2; k++) {
		nn = 0;
		for (i = 0; i < n; i++) {
			dd = ap[i];
			if (dd->result != kinds[k])
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
	free(ap);
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
		/* at most one certificate per applicant: its approval */
		for (i = 0; i < s->cycles[ci].n_orgs; i++)
			if (s->cycles[ci].orgs[i].decision[STAGE_APPROVAL] != NULL)
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
