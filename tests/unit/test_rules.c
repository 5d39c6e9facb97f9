/*
 * The Measures as code, article by article. Each test starts from
 * fx_valid() (fixture.h: a 2023 and a 2025 cycle that break no rule),
 * changes one thing and asserts the diagnostic at its exact FILE:LINE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "rules/calendar.h"

#define D(s)	fx_day(s)

#define ORGS	"2025/organizations.csv"
#define DECS	"2025/decisions.csv"
#define OBJS	"2025/objections.csv"
#define CYCLE	"2025/cycle.yaml"
#define SANCT	"sanctions.csv"

static struct cycle *
c2025(void **state)
{
	return fx_find_cycle(*state, 2025);
}

static struct cycle *
c2023(void **state)
{
	return fx_find_cycle(*state, 2023);
}

static int
line_of(struct cycle *c, const char *name, enum stage s)
{
	return fx_find_decision(c, name, s)->line;
}

/* The diagnostic at file:line of that level whose text has every needle. */
static bool
has(struct fx *f, enum diag_level level, const char *file, int line,
    const char *n1, const char *n2)
{
	const struct diag_item *it;
	size_t i;

	for (i = 0; i < f->diag.n; i++) {
		it = &f->diag.items[i];
		if (it->level == level && strcmp(it->file, file) == 0 &&
		    it->line == line && strstr(it->msg, n1) != NULL &&
		    (n2 == NULL || strstr(it->msg, n2) != NULL))
			return true;
	}
	return false;
}

static void
expect(struct fx *f, enum diag_level level, const char *file, int line,
    const char *n1, const char *n2)
{
	if (has(f, level, file, line, n1, n2) &&
	    diag_has(&f->diag, file, line, n1))
		return;
	fx_dump(f);
	fail_msg("expected %s:%d: %s: %s%s%s", file, line,
	    level == DIAG_ERROR ? "error" : "warning", n1,
	    n2 != NULL ? " … " : "", n2 != NULL ? n2 : "");
}

/* Exactly that one diagnostic. */
static void
expect_only(struct fx *f, enum diag_level level, const char *file, int line,
    const char *n1, const char *n2)
{
	expect(f, level, file, line, n1, n2);
	if (f->diag.n != 1) {
		fx_dump(f);
		fail_msg("expected one diagnostic, got %zu", f->diag.n);
	}
}

static void
expect_clean(struct fx *f)
{
	if (f->diag.n != 0) {
		fx_dump(f);
		fail_msg("expected no diagnostics, got %zu", f->diag.n);
	}
}

/* ---- the valid fixture --------------------------------------------------- */

static void
test_valid_fixture_no_diagnostics(void **state)
{
	struct fx *f = *state;
	struct cycle_state *cs;

	fx_run(f);
	expect_clean(f);
	assert_int_equal(f->state.n_cycles, 2);
	cs = &f->state.cycles[1];
	assert_ptr_equal(cs->cycle, c2025(state));
	assert_int_equal(cs->applied.n, 7);
	assert_int_equal(cs->recommended.n, 7);
	assert_int_equal(cs->accepted.n, 5);	/* E and G failed */
	assert_int_equal(cs->presentation.n, 4);	/* D failed material */
	assert_int_equal(cs->onsite.n, 4);
	assert_int_equal(cs->onsite_passed.n, 4);
	assert_int_equal(cs->proposed_award.n, 2);
	assert_int_equal(cs->proposed_nomination.n, 2);
	assert_int_equal(cs->approved_award.n, 2);
	assert_int_equal(cs->approved_nomination.n, 2);
	assert_int_equal(cs->disqualified.n, 0);
	assert_int_equal(cs->objections_open, 0);
	assert_int_equal(cs->objections_late, 0);
	assert_int_equal(f->state.revocations_pending, 0);
	/* Lists keep the order of organizations.csv. */
	assert_string_equal(cs->approved_award.orgs[0]->name, FX_A);
	assert_string_equal(cs->approved_award.orgs[1]->name, FX_C);
	assert_string_equal(cs->accepted.orgs[4]->name, FX_F);
}

static void
test_art11_publicity_windows(void **state)
{
	struct fx *f = *state;
	struct cycle_state *cs;

	fx_run(f);
	cs = &f->state.cycles[1];
	/* Across 古尔邦节 2025-06-06 … 06-10. */
	assert_int_equal(cs->window_end[NOTICE_RECOMMENDATION], D("2025-06-13"));
	assert_int_equal(cs->window_days[NOTICE_RECOMMENDATION], 5);
	/* The DESIGN's example. */
	assert_int_equal(cs->window_end[NOTICE_ACCEPTANCE], D("2025-07-21"));
	assert_int_equal(cs->window_days[NOTICE_ACCEPTANCE], 5);
	assert_int_equal(cs->window_end[NOTICE_PROPOSAL], D("2025-11-26"));
	assert_int_equal(cs->window_end[NOTICE_CALL], DAY_NONE);
	assert_int_equal(cs->window_end[NOTICE_DECISION], DAY_NONE);
	assert_int_equal(cs->window_days[NOTICE_DECISION], 0);
	/* 2023 has no recommendation notice. */
	assert_int_equal(f->state.cycles[0].window_end[NOTICE_RECOMMENDATION],
	    DAY_NONE);
}

/* ---- art. 4 quotas ----------------------------------------------------- */

static void
test_art4_award_quota_exceeded(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	static const char *const names[] = {
		"示范一有限公司", "示范二有限公司", "示范三有限公司",
		"示范四有限公司"
	};
	static const char *const codes[] = {
		"91650100MA7XYW011", "91650100MA7XYW012", "91650100MA7XYW013",
		"91650100MA7XYW014"
	};
	size_t i;

	/* A and C are awards; four more make six, one over the quota of 5. */
	for (i = 0; i < 4; i++) {
		fx_org(c, codes[i], names[i], "2000-01-01");
		fx_chain(c, names[i], STAGE_APPROVAL, RESULT_AWARD);
	}
	fx_run(f);
	expect(f, DIAG_ERROR, DECS, line_of(c, names[3], STAGE_DELIBERATION),
	    "art. 4", "6th award (质量奖) at deliberation");
	expect(f, DIAG_ERROR, DECS, line_of(c, names[3], STAGE_APPROVAL),
	    "art. 4", "at most 5 awards");
	assert_int_equal(f->diag.n, 2);
	assert_false(diag_has(&f->diag, DECS,
	    line_of(c, names[2], STAGE_APPROVAL), NULL));
}

static void
test_art4_nomination_quota_from_rules(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* site.yaml rules: nomination_quota: 1; B and F are nominations. */
	f->site.rules.nomination_quota = 1;
	fx_run(f);
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_F, STAGE_DELIBERATION),
	    "art. 4 allows at most 1 nomination per cycle", "2nd nomination");
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_F, STAGE_APPROVAL),
	    "art. 4", "at approval");
	assert_int_equal(f->diag.n, 2);
}

/* ---- art. 9(2) operating years, registration --------------------------- */

static void
test_art9_2_too_young(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_E, STAGE_QUALIFICATION)->result = RESULT_PASS;
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_E, STAGE_QUALIFICATION),
	    "伊犁示范乳业有限公司 (91654000MA7ABC005", "passes qualification "
	    "but was founded on 2021-03-02, 4 years before the application "
	    "deadline 2025-06-30; art. 9(2) requires 5 years of operation "
	    "(3 for new sectors): record qualification as fail");
}

static void
test_art9_2_too_young_but_failed(void **state)
{
	struct fx *f = *state;

	/* E is founded 2021-03-02 and failed at qualification: fine. */
	fx_run(f);
	expect_clean(f);
	assert_int_equal(fx_find_org(c2025(state), FX_E)->founded,
	    D("2021-03-02"));
}

static void
test_art9_2_new_sector_three_years(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* C, new sector, founded 2022-06-30: exactly 3 years. One day less: */
	fx_find_org(c, FX_C)->founded = D("2022-07-01");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_C, STAGE_QUALIFICATION),
	    "art. 9(2) requires 3 years of operation in a new sector",
	    "founded on or before 2022-06-30");
}

/*
 * Founded on 29 February: a year later is 28 February, so a deadline of 28
 * February gives one whole year; founded on 1 March, it does not.
 */
static struct cycle *
leap_day_cycle(void **state, const char *founded)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->application_deadline = D("2025-02-28");
	f->site.rules.min_operating_years_new_sector = 1;
	fx_find_org(c, FX_C)->founded = D(founded);
	fx_run(f);
	return c;
}

static void
test_art9_2_founded_on_leap_day(void **state)
{
	(void)leap_day_cycle(state, "2024-02-29");
	expect_clean(*state);
}

static void
test_art9_2_founded_after_leap_day(void **state)
{
	struct cycle *c = leap_day_cycle(state, "2024-03-01");

	expect_only(*state, DIAG_ERROR, DECS,
	    line_of(c, FX_C, STAGE_QUALIFICATION), "founded on 2024-03-01, 0 "
	    "years before the application deadline 2025-02-28",
	    "founded on or before 2024-02-28");
}

static void
test_art9_2_not_new_sector_needs_five(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_org(c, FX_C)->new_sector = YESNO_NO;
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_C, STAGE_QUALIFICATION),
	    "founded on 2022-06-30, 3 years before", "art. 9(2) requires 5");
}

static void
test_art9_2_division_code_warning(void **state)
{
	struct fx *f = *state;
	struct org *o;

	o = fx_org(c2025(state), "91110108MA7ABC009", "北京示范有限公司",
	    "2000-01-01");
	fx_run(f);
	expect_only(f, DIAG_WARNING, ORGS, 9, "北京示范有限公司",
	    "starts with 11, not Xinjiang's 65 (or 66");
	assert_int_equal(o - c2025(state)->orgs, 7);
	assert_int_equal(f->diag.errors, 0);
}

/* ---- art. 9(3) clean record -------------------------------------------- */

static void
test_art9_3_incident_in_window(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_sanction(f, fx_find_org(c, FX_A)->credit_code, SANCTION_INCIDENT,
	    "2022-07-01");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_QUALIFICATION),
	    "major incident dated 2022-07-01 (sanctions.csv:2)", "art. 9(3)");
}

static void
test_art9_3_violation_before_window(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* Three whole years before the deadline 2025-06-30: outside. */
	fx_sanction(f, fx_find_org(c, FX_A)->credit_code, SANCTION_VIOLATION,
	    "2022-06-30");
	fx_run(f);
	expect_clean(f);
}

static void
test_art9_3_clean_record_years_from_rules(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	f->site.rules.clean_record_years = 4;
	fx_sanction(f, fx_find_org(c, FX_B)->credit_code, SANCTION_VIOLATION,
	    "2022-06-30");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_B, STAGE_QUALIFICATION),
	    "art. 9(3)", "in the last 4 years");
}

static void
test_art9_3_failed_applicant_is_fine(void **state)
{
	struct fx *f = *state;

	/* G failed at qualification: its incident needs no error. */
	fx_sanction(f, fx_find_org(c2025(state), FX_G)->credit_code,
	    SANCTION_INCIDENT, "2024-01-10");
	fx_run(f);
	/* … but the incident is within 5 years of G's 2023 award: art. 20. */
	expect_clean(f);
	assert_int_equal(f->state.revocations_pending, 1);
}

/* ---- art. 11 publicity windows ------------------------------------------ */

static void
test_art11_publicity_until_too_short(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_PROPOSAL].until = D("2025-11-25");
	fx_run(f);
	expect_only(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_PROPOSAL),
	    "the proposal publicity runs 2025-11-20 to 2025-11-25, 4 working "
	    "days; art. 11(8) requires at least 5: until 2025-11-26 or later",
	    NULL);
}

static void
test_art11_publicity_until_longer(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_PROPOSAL].until = D("2025-11-28");
	fx_run(f);
	expect_clean(f);
	assert_int_equal(f->state.cycles[1].window_end[NOTICE_PROPOSAL],
	    D("2025-11-28"));
	assert_int_equal(f->state.cycles[1].window_days[NOTICE_PROPOSAL], 7);
}

static void
test_art11_publicity_starts_on_day_off(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_ACCEPTANCE].date = D("2025-07-19");	/* Saturday */
	fx_run(f);
	expect_only(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_ACCEPTANCE),
	    "starts on 2025-07-19, not a working day", "start it on 2025-07-21");
	assert_int_equal(f->state.cycles[1].window_end[NOTICE_ACCEPTANCE],
	    D("2025-07-25"));
}

static void
test_art11_publicity_until_outside_calendar(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_PROPOSAL].until = D("2027-01-05");
	fx_run(f);
	expect_only(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_PROPOSAL),
	    "(2027-01-05) is outside the working-day calendar",
	    "add calendar/2027.yaml");
}

static void
test_art11_publicity_year_not_in_calendar(void **state)
{
	struct fx *f = *state;
	struct cal_year *y = &f->site.years[2];
	struct cycle *c = c2025(state);

	/* No calendar/2025.yaml. */
	assert_int_equal(y->year, 2025);
	free(y->off);
	free(y->work);
	free(y->source);
	memmove(y, y + 1, sizeof(*y));
	f->site.n_years--;
	fx_run(f);
	expect(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_ACCEPTANCE),
	    "the first day of the acceptance publicity (2025-07-15) is "
	    "outside the working-day calendar",
	    "add calendar/2025.yaml");
	expect(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_RECOMMENDATION),
	    "calendar/2025.yaml", NULL);
	expect(f, DIAG_ERROR, ORGS, fx_find_org(c, FX_A)->line,
	    "internal_publicity_start (2025-05-06) is outside", "2025.yaml");
	expect(f, DIAG_ERROR, OBJS, 2, "objection 2025-01", "2025.yaml");
	assert_int_equal(f->state.cycles[1].window_end[NOTICE_ACCEPTANCE],
	    DAY_NONE);
}

static void
test_art11_publicity_runs_out_of_calendar(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* 2026-12-29 + 5 working days ends in 2027. */
	c->notices[NOTICE_PROPOSAL].date = D("2026-12-29");
	c->notices[NOTICE_DECISION].date = D("2026-12-31");
	fx_find_decision(c, FX_A, STAGE_APPROVAL)->date = D("2026-12-30");
	fx_run(f);
	expect(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_PROPOSAL),
	    "runs past the end of the working-day calendar",
	    "add calendar/2027.yaml");
}

static void
test_art11_notice_order(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* The presentation list published while the acceptance one runs. */
	c->notices[NOTICE_PRESENTATION].date = D("2025-07-18");
	fx_run(f);
	expect(f, DIAG_ERROR, CYCLE, FX_LINE_NOTICE(NOTICE_PRESENTATION),
	    "while the acceptance publicity (line 7) still runs until "
	    "2025-07-21", "date it after 2025-07-21");
	/* and the material decisions come after it */
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_MATERIAL),
	    "after the presentation notice", "2025/cycle.yaml:8");
}

/* ---- art. 11 workflow -------------------------------------------------- */

static void
test_art11_stage_order(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	int line = line_of(c, FX_A, STAGE_PRESENTATION);

	fx_drop_decision(c, FX_A, STAGE_MATERIAL);
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line, "has a presentation decision",
	    "but no material decision");
}

static void
test_art11_previous_stage_not_passed(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	struct decision *d;

	d = fx_decision(c, FX_D, STAGE_PRESENTATION, RESULT_PASS, "2025-09-20");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, d->line, "its material result is fail",
	    "art. 11(6)");
}

static void
test_art11_result_invalid_for_stage(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_D, STAGE_MATERIAL)->result = RESULT_NOMINATION;
	fx_find_decision(c, FX_A, STAGE_APPROVAL)->result = RESULT_PASS;
	fx_run(f);
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_D, STAGE_MATERIAL),
	    "has the result nomination", "pass, fail or withdrawn");
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_APPROVAL),
	    "has the result pass", "award, nomination or none");
	assert_int_equal(f->diag.n, 2);
}

static void
test_art11_approval_cannot_raise(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_B, STAGE_APPROVAL)->result = RESULT_AWARD;
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_B, STAGE_APPROVAL),
	    "approved as award, but deliberation proposed nomination",
	    "art. 11(9)");
}

static void
test_art11_approval_may_lower(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_A, STAGE_APPROVAL)->result = RESULT_NOMINATION;
	fx_run(f);
	expect_clean(f);
	assert_int_equal(f->state.cycles[1].approved_award.n, 1);
	assert_int_equal(f->state.cycles[1].approved_nomination.n, 3);
}

static void
test_art11_dates_go_backwards(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_A, STAGE_PRESENTATION)->date = D("2025-08-10");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_PRESENTATION),
	    "dated 2025-08-10, before its material decision of 2025-08-15",
	    NULL);
}

static void
test_art11_decision_after_its_notice(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_B, STAGE_QUALIFICATION)->date = D("2025-07-16");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_B, STAGE_QUALIFICATION),
	    "after the acceptance notice (受理名单公示) of 2025-07-15",
	    "(2025/cycle.yaml:7); art. 11(4)");
}

static void
test_art11_approval_during_proposal_publicity(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_C, STAGE_APPROVAL)->date = D("2025-11-26");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_C, STAGE_APPROVAL),
	    "while the proposal publicity (2025/cycle.yaml:10) runs until "
	    "2025-11-26", "date it after 2025-11-26");
}

static void
test_art11_approval_without_proposal_publicity(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_no_notice(c, NOTICE_PROPOSAL);
	fx_run(f);
	/* Reported once, at the first approval row. */
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_APPROVAL),
	    "comes before any proposal publicity", "add notices: proposal:");
}

static void
test_art11_material_during_acceptance_publicity(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_D, STAGE_MATERIAL)->date = D("2025-07-21");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_D, STAGE_MATERIAL),
	    "acceptance publicity", "art. 11(5)");
}

static void
test_art11_qualification_before_deadline(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_A, STAGE_QUALIFICATION)->date = D("2025-06-20");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_QUALIFICATION),
	    "before the application deadline 2025-06-30 (2025/cycle.yaml:3)",
	    NULL);
}

/* ---- art. 11(2) internal publicity ------------------------------------- */

static void
test_art11_2_internal_publicity_too_short(void **state)
{
	struct fx *f = *state;
	struct org *a = fx_find_org(c2025(state), FX_A);

	a->internal_publicity_end = D("2025-05-09");
	fx_run(f);
	expect_only(f, DIAG_ERROR, ORGS, a->line, "runs 2025-05-06 to "
	    "2025-05-09, 4 working days; art. 11(2) requires at least 5",
	    "internal_publicity_end 2025-05-12 or later");
}

static void
test_art11_2_internal_publicity_after_recommendation(void **state)
{
	struct fx *f = *state;
	struct org *a = fx_find_org(c2025(state), FX_A);

	a->internal_publicity_start = D("2025-05-26");
	a->internal_publicity_end = D("2025-06-05");
	fx_run(f);
	expect_only(f, DIAG_ERROR, ORGS, a->line, "after the recommendation "
	    "decision of 2025-06-03 (2025/decisions.csv:2)", "art. 11(2)");
}

static void
test_art11_2_internal_publicity_one_date(void **state)
{
	struct fx *f = *state;
	struct org *b = fx_find_org(c2025(state), FX_B);

	b->internal_publicity_start = D("2025-05-06");
	fx_run(f);
	expect_only(f, DIAG_WARNING, ORGS, b->line, "only one date",
	    "art. 11(2)");
}

/* ---- art. 12, 13 objections -------------------------------------------- */

static void
test_art12_incomplete_identity_with_outcome(void **state)
{
	struct fx *f = *state;
	struct objection *x;

	x = fx_objection(c2025(state), "2025-02", FX_A, "2025-07-16");
	x->identity_complete = false;
	x->objector = OBJECTOR_INDIVIDUAL;
	x->decided = D("2025-07-25");
	x->outcome = OUTCOME_FOUNDED;
	fx_run(f);
	expect_only(f, DIAG_ERROR, OBJS, 3, "objection 2025-02",
	    "art. 12 does not accept it (不予受理), yet it has the outcome "
	    "founded: remove it");
}

static void
test_art12_incomplete_identity_not_accepted(void **state)
{
	struct fx *f = *state;
	struct objection *x;

	x = fx_objection(c2025(state), "2025-02", FX_A, "2025-07-16");
	x->identity_complete = false;
	fx_run(f);
	expect_clean(f);
	/* Not accepted, so not open either. */
	assert_int_equal(f->state.cycles[1].objections_open, 0);
}

static void
test_art13_forward_late_warning(void **state)
{
	struct fx *f = *state;
	struct objection *x = &c2025(state)->objections[0];

	/* Received Tuesday 07-15: forward by Friday 07-18. */
	x->forwarded = D("2025-07-21");
	fx_run(f);
	expect_only(f, DIAG_WARNING, OBJS, 2, "objection 2025-01",
	    "forwarded on 2025-07-21, 4 working days after it was received on "
	    "2025-07-15; art. 13 allows 3 working days, until 2025-07-18");
	assert_int_equal(f->state.cycles[1].objections_late, 1);
}

static void
test_art13_report_late_warning(void **state)
{
	struct fx *f = *state;
	struct objection *x = &c2025(state)->objections[0];

	/* Forwarded Friday 07-18: report by Friday 07-25. */
	x->reported = D("2025-07-28");
	fx_run(f);
	expect_only(f, DIAG_WARNING, OBJS, 2, "objection 2025-01",
	    "reported on 2025-07-28, 6 working days after it was forwarded on "
	    "2025-07-18; art. 13 allows 5 working days, until 2025-07-25");
	assert_int_equal(f->state.cycles[1].objections_late, 1);
}

static void
test_art13_deadline_across_national_day(void **state)
{
	struct fx *f = *state;
	struct objection *x;

	/* Received 09-30; forwarded 10-11, a make-up Saturday: in time. */
	x = fx_objection(c2025(state), "2025-02", FX_A, "2025-09-30");
	x->forwarded = D("2025-10-11");
	fx_run(f);
	expect_clean(f);
	assert_int_equal(f->state.cycles[1].objections_open, 1);
}

static void
test_art13_decided_before_reported(void **state)
{
	struct fx *f = *state;
	struct objection *x = &c2025(state)->objections[0];

	x->decided = D("2025-07-24");
	fx_run(f);
	expect_only(f, DIAG_ERROR, OBJS, 2, "objection 2025-01",
	    "decided on 2025-07-24, before it was reported on 2025-07-25");
}

static void
test_art13_notified_before_decided(void **state)
{
	struct fx *f = *state;
	struct objection *x = &c2025(state)->objections[0];

	x->notified = D("2025-07-31");
	fx_run(f);
	expect_only(f, DIAG_ERROR, OBJS, 2, "objection 2025-01",
	    "notified on 2025-07-31, before it was decided on 2025-08-01");
}

static void
test_art13_outcome_needs_decided_date(void **state)
{
	struct fx *f = *state;
	struct objection *x = &c2025(state)->objections[0];

	x->decided = DAY_NONE;
	x->notified = DAY_NONE;
	fx_run(f);
	expect_only(f, DIAG_ERROR, OBJS, 2, "has the outcome unfounded but no "
	    "decided date", NULL);
}

static void
test_art13_disqualified_later_pass(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	struct cycle_state *cs;
	struct objection *x;

	x = fx_objection(c, "2025-02", FX_A, "2025-07-16");
	x->forwarded = D("2025-07-17");
	x->reported = D("2025-07-24");
	x->decided = D("2025-08-01");
	x->outcome = OUTCOME_DISQUALIFYING;
	fx_run(f);
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_MATERIAL),
	    "was disqualified on 2025-08-01 by objection 2025-02",
	    "its material decision of 2025-08-15 is pass");
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_APPROVAL),
	    "art. 13", "record none");
	/* material, presentation, onsite, deliberation, approval */
	assert_int_equal(f->diag.n, 5);
	cs = &f->state.cycles[1];
	assert_int_equal(cs->disqualified.n, 1);
	/* On the acceptance list (07-15), off every later one. */
	assert_int_equal(cs->accepted.n, 5);
	assert_int_equal(cs->presentation.n, 3);
	assert_int_equal(cs->approved_award.n, 1);
	assert_null(state_org_certificate(cs, fx_find_org(c, FX_A)));
}

static void
test_art13_decision_on_disqualification_day_stands(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	struct objection *x;

	/* Decided the day of A's material decision: disqualified after it. */
	x = fx_objection(c, "2025-02", FX_A, "2025-08-01");
	x->forwarded = D("2025-08-04");
	x->reported = D("2025-08-08");
	x->decided = D("2025-08-15");
	x->outcome = OUTCOME_DISQUALIFYING;
	fx_run(f);
	assert_false(diag_has(&f->diag, DECS, line_of(c, FX_A, STAGE_MATERIAL),
	    NULL));
	expect(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_PRESENTATION),
	    "disqualified on 2025-08-15", NULL);
}

static void
test_art13_disqualified_and_failed_is_fine(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	struct objection *x;
	enum stage s;

	x = fx_objection(c, "2025-02", FX_A, "2025-07-16");
	x->forwarded = D("2025-07-17");
	x->reported = D("2025-07-24");
	x->decided = D("2025-08-01");
	x->outcome = OUTCOME_DISQUALIFYING;
	fx_find_decision(c, FX_A, STAGE_MATERIAL)->result = RESULT_FAIL;
	for (s = STAGE_PRESENTATION; s < STAGE_COUNT; s++)
		fx_drop_decision(c, FX_A, s);
	fx_run(f);
	expect_clean(f);
	assert_string_equal(f->state.cycles[1].disqualified.orgs[0]->name, FX_A);
}

/* ---- art. 14 certificates ---------------------------------------------- */

static void
test_art14_certificate_numbers(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	struct cycle_state *cs;
	struct certificate *cert;

	fx_run(f);
	cs = &f->state.cycles[1];
	assert_int_equal(f->state.n_certs, 6);
	assert_int_equal(cs->n_certs, 4);
	/* Awards, then nominations, in the order of the approval rows. */
	assert_string_equal(cs->certs[0]->number, "XJZLJ-2025-A01");
	assert_ptr_equal(cs->certs[0]->org, fx_find_org(c, FX_A));
	assert_string_equal(cs->certs[1]->number, "XJZLJ-2025-A02");
	assert_ptr_equal(cs->certs[1]->org, fx_find_org(c, FX_C));
	assert_string_equal(cs->certs[2]->number, "XJZLJ-2025-N01");
	assert_ptr_equal(cs->certs[2]->org, fx_find_org(c, FX_B));
	assert_int_equal(cs->certs[2]->kind, RESULT_NOMINATION);
	assert_string_equal(cs->certs[3]->number, "XJZLJ-2025-N02");
	assert_ptr_equal(cs->certs[3]->approval,
	    fx_find_decision(c, FX_F, STAGE_APPROVAL));
	cert = state_find_certificate(&f->state, "XJZLJ-2023-A01");
	assert_non_null(cert);
	assert_ptr_equal(cert->org, fx_find_org(c2023(state), FX_G));
	assert_int_equal(cert->cycle->year, 2023);
	assert_null(state_find_certificate(&f->state, "XJZLJ-2023-A02"));
	assert_ptr_equal(state_org_certificate(cs, fx_find_org(c, FX_C)),
	    cs->certs[1]);
	assert_null(state_org_certificate(cs, fx_find_org(c, FX_D)));
}

static void
test_art14_certificate_prefix_from_site(void **state)
{
	struct fx *f = *state;

	val_set_str(val_get(f->site.yaml, "award"), "certificate_prefix", "KSZLJ");
	fx_run(f);
	assert_non_null(state_find_certificate(&f->state, "KSZLJ-2025-N02"));
}

/* ---- art. 15 reapplying ------------------------------------------------ */

static void
test_art15_reapply_after_award(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_find_decision(c, FX_G, STAGE_QUALIFICATION)->result = RESULT_PASS;
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_G, STAGE_QUALIFICATION),
	    "won the award (质量奖) of the 2023 cycle, approved on 2023-12-15 "
	    "(2023/decisions.csv:15)", "art. 15 bars an award winner from "
	    "applying again for 5 years, until 2028-12-15");
}

static void
test_art15_nominee_may_reapply(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	/* F was nominated in 2023 and passes qualification in 2025. */
	fx_run(f);
	expect_clean(f);
	assert_int_equal(fx_find_decision(c, FX_F, STAGE_QUALIFICATION)->result,
	    RESULT_PASS);
	assert_int_equal(fx_find_decision(c2023(state), FX_F,
	    STAGE_APPROVAL)->result, RESULT_NOMINATION);
}

static void
test_art15_ban_years_from_rules(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	f->site.rules.reapply_ban_years = 1;
	fx_find_decision(c, FX_G, STAGE_QUALIFICATION)->result = RESULT_PASS;
	fx_run(f);
	expect_clean(f);
}

/* ---- art. 19 false materials, fraud ------------------------------------ */

static void
test_art19_false_material_ban(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_sanction(f, fx_find_org(c, FX_B)->credit_code,
	    SANCTION_FALSE_MATERIAL, "2020-07-01");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_B, STAGE_QUALIFICATION),
	    "false or concealing application materials (sanctions.csv:2, "
	    "2020-07-01)", "art. 19 accepts no application from it for 5 "
	    "years, until 2025-07-01");
}

static void
test_art19_false_material_ban_expired(void **state)
{
	struct fx *f = *state;

	fx_sanction(f, fx_find_org(c2025(state), FX_B)->credit_code,
	    SANCTION_FALSE_MATERIAL, "2020-06-30");
	fx_run(f);
	expect_clean(f);
}

static void
test_art19_fraud_ban(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_sanction(f, fx_find_org(c, FX_A)->credit_code, SANCTION_FRAUD,
	    "2015-07-01");
	fx_run(f);
	expect_only(f, DIAG_ERROR, DECS, line_of(c, FX_A, STAGE_QUALIFICATION),
	    "won an award by fraud", "art. 19 accepts no application from it "
	    "for 10 years");
}

static void
test_art19_fraud_revocation(void **state)
{
	struct fx *f = *state;
	struct certificate *cert;

	/* G, awarded 2023-12-15, found to have won by fraud. */
	fx_sanction(f, fx_find_org(c2023(state), FX_G)->credit_code,
	    SANCTION_FRAUD, "2024-05-01");
	fx_run(f);
	expect_clean(f);
	cert = state_find_certificate(&f->state, "XJZLJ-2023-A01");
	assert_non_null(cert);
	assert_non_null(cert->revocation);
	assert_false(cert->revoked);
	assert_int_equal(cert->revocation_article, 19);
	assert_int_equal(f->state.revocations_pending, 1);
}

static void
test_art19_fraud_revoked(void **state)
{
	struct fx *f = *state;
	struct sanction *x;
	struct certificate *cert;

	x = fx_sanction(f, fx_find_org(c2023(state), FX_G)->credit_code,
	    SANCTION_FRAUD, "2024-05-01");
	x->decided = D("2024-06-01");
	x->number = xstrdup("新政发〔2024〕12号");
	fx_run(f);
	expect_clean(f);
	cert = state_find_certificate(&f->state, "XJZLJ-2023-A01");
	assert_true(cert->revoked);
	assert_ptr_equal(cert->revocation, &f->site.sanctions[0]);
	assert_int_equal(f->state.revocations_pending, 0);
}

static void
test_art19_false_material_revokes_nothing(void **state)
{
	struct fx *f = *state;
	struct sanction *x;

	x = fx_sanction(f, fx_find_org(c2023(state), FX_G)->credit_code,
	    SANCTION_FALSE_MATERIAL, "2024-05-01");
	x->decided = D("2024-06-01");
	x->number = xstrdup("新政发〔2024〕12号");
	fx_run(f);
	expect_only(f, DIAG_ERROR, SANCT, 2, "false_material sanction of "
	    "阿勒泰示范矿业有限公司", "remove decided and number");
}

/* ---- art. 20 incidents after the award --------------------------------- */

static void
test_art20_violation_revocation_pending(void **state)
{
	struct fx *f = *state;
	struct certificate *cert;

	fx_sanction(f, fx_find_org(c2023(state), FX_F)->credit_code,
	    SANCTION_VIOLATION, "2026-03-01");
	fx_run(f);
	expect_clean(f);
	/* F holds the 2023 nomination and the 2025 one: both revoked. */
	cert = state_find_certificate(&f->state, "XJZLJ-2023-N01");
	assert_int_equal(cert->revocation_article, 20);
	assert_false(cert->revoked);
	cert = state_find_certificate(&f->state, "XJZLJ-2025-N02");
	assert_int_equal(cert->revocation_article, 20);
	assert_int_equal(f->state.revocations_pending, 2);
}

static void
test_art20_incident_after_window(void **state)
{
	struct fx *f = *state;

	/* G awarded 2023-12-15: the window closes 2028-12-15. */
	fx_sanction(f, fx_find_org(c2023(state), FX_G)->credit_code,
	    SANCTION_INCIDENT, "2028-12-15");
	fx_run(f);
	expect_clean(f);
	assert_null(state_find_certificate(&f->state,
	    "XJZLJ-2023-A01")->revocation);
	assert_int_equal(f->state.revocations_pending, 0);
}

static void
test_art20_revokes_nothing(void **state)
{
	struct fx *f = *state;
	struct sanction *x;

	/* D never won anything. */
	x = fx_sanction(f, fx_find_org(c2025(state), FX_D)->credit_code,
	    SANCTION_INCIDENT, "2025-09-01");
	x->decided = D("2025-10-10");
	x->number = xstrdup("新政发〔2025〕50号");
	fx_run(f);
	expect_only(f, DIAG_ERROR, SANCT, 2, "喀什示范纺织有限公司",
	    "revokes no certificate");
}

static void
test_art20_decided_without_number(void **state)
{
	struct fx *f = *state;
	struct sanction *x;

	x = fx_sanction(f, fx_find_org(c2023(state), FX_G)->credit_code,
	    SANCTION_INCIDENT, "2025-09-01");
	x->decided = D("2025-10-10");
	fx_run(f);
	expect_only(f, DIAG_ERROR, SANCT, 2, "decided date but no number",
	    "art. 20");
	assert_true(state_find_certificate(&f->state,
	    "XJZLJ-2023-A01")->revoked);
}


/* ---- recommended while barred (art. 15, 19) ----------------------------- */

/*
 * The recommendation publicity names an applicant that may not apply, and
 * no qualification is recorded yet: a warning at its recommendation row,
 * naming the article, the record and the first year it may apply.
 */
static void
test_art15_recommended_winner_warned(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	int line = line_of(c, FX_G, STAGE_RECOMMENDATION);

	fx_drop_decision(c, FX_G, STAGE_QUALIFICATION);
	fx_run(f);
	expect_only(f, DIAG_WARNING, DECS, line,
	    "is recommended, but it won the award (质量奖) of the 2023 cycle, "
	    "approved on 2023-12-15 (2023/decisions.csv:15)",
	    "until 2028-12-15, so it may apply again in 2029 at the earliest: "
	    "it must fail qualification");
}

static void
test_art19_recommended_false_material_warned(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	int line = line_of(c, FX_E, STAGE_RECOMMENDATION);

	fx_sanction(f, fx_find_org(c, FX_E)->credit_code,
	    SANCTION_FALSE_MATERIAL, "2021-01-10");
	fx_drop_decision(c, FX_E, STAGE_QUALIFICATION);
	fx_run(f);
	expect_only(f, DIAG_WARNING, DECS, line, "art. 19 accepts no "
	    "application from it for 5 years, until 2026-01-10, so it may "
	    "apply again in 2026 at the earliest", "(sanctions.csv:2, "
	    "2021-01-10)");
}

static void
test_art19_recommended_fraud_warned(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);
	int line = line_of(c, FX_E, STAGE_RECOMMENDATION);

	/* Banned until 07-01, after the deadline's 06-30: 2031, not 2030. */
	fx_sanction(f, fx_find_org(c, FX_E)->credit_code, SANCTION_FRAUD,
	    "2020-07-01");
	fx_drop_decision(c, FX_E, STAGE_QUALIFICATION);
	fx_run(f);
	expect_only(f, DIAG_WARNING, DECS, line, "won an award by fraud",
	    "until 2030-07-01, so it may apply again in 2031 at the earliest: "
	    "it must fail qualification");
}

static void
test_art19_recommended_and_failed_is_fine(void **state)
{
	struct fx *f = *state;

	/* E fails qualification: what the office must do, nothing to say. */
	fx_sanction(f, fx_find_org(c2025(state), FX_E)->credit_code,
	    SANCTION_FALSE_MATERIAL, "2021-01-10");
	fx_run(f);
	expect_clean(f);
}

/* ---- the notices' dates (art. 11(1)) ---------------------------------- */

static void
test_art11_notice_before_call(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_ONSITE].date = D("2025-03-20");
	fx_run(f);
	expect(f, DIAG_WARNING, CYCLE, FX_LINE_NOTICE(NOTICE_ONSITE),
	    "onsite is dated 2025-03-20, before the call of the 2025 cycle "
	    "(2025-04-01, 2025/cycle.yaml:5)", NULL);
}

static void
test_art11_notice_after_next_cycle(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_DECISION].date = D("2028-01-10");
	fx_run(f);
	expect(f, DIAG_WARNING, CYCLE, FX_LINE_NOTICE(NOTICE_DECISION),
	    "decision is dated 2028-01-10, after 2027, the year of the next "
	    "cycle", NULL);
}

static void
test_art11_call_outside_its_year(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	c->notices[NOTICE_CALL].date = D("2024-12-02");
	fx_run(f);
	expect_only(f, DIAG_WARNING, CYCLE, FX_LINE_NOTICE(NOTICE_CALL),
	    "call is dated 2024-12-02, outside 2025", "art. 11(1)");
}

/* ---- overrides (notices/NAME.md) dated by cycle.yaml ------------------- */

static struct custom_notice *
override(struct cycle *c, const char *name)
{
	struct custom_notice *n;

	c->customs = xreallocarray(c->customs, c->n_customs + 1,
	    sizeof(*c->customs));
	n = memset(&c->customs[c->n_customs++], 0, sizeof(*n));
	n->name = xstrdup(name);
	n->path = xasprintf("2025/notices/%s.md", name);
	n->title = xstrdup("关于受理名单的公示");
	n->body = xstrdup("正文。\n");
	n->date = DAY_NONE;
	return n;
}

static void
test_override_takes_cycle_dates(void **state)
{
	struct fx *f = *state;
	struct custom_notice *n = override(c2025(state), "acceptance");

	/* The same date as cycle.yaml's is no conflict. */
	n->date = D("2025-07-15");
	n->date_line = 3;
	fx_run(f);
	expect_clean(f);
}

static void
test_override_date_conflict(void **state)
{
	struct fx *f = *state;
	struct custom_notice *n = override(c2025(state), "acceptance");

	n->date = D("2025-07-16");
	n->date_line = 3;
	n->number = xstrdup("新质强办〔2025〕9号");
	n->number_line = 4;
	fx_run(f);
	expect(f, DIAG_ERROR, "2025/notices/acceptance.md", 3,
	    "date: 2025-07-16 differs from the date of acceptance in "
	    "2025/cycle.yaml:7 (2025-07-15)", "remove date: here");
	expect(f, DIAG_ERROR, "2025/notices/acceptance.md", 4,
	    "number: 新质强办〔2025〕9号 differs from the number of acceptance",
	    "remove number: here");
	assert_int_equal(f->diag.n, 2);
}

static void
test_override_without_entry(void **state)
{
	struct fx *f = *state;
	struct cycle *c = c2025(state);

	fx_no_notice(c, NOTICE_DECISION);
	override(c, "decision");
	fx_run(f);
	expect(f, DIAG_WARNING, "2025/notices/decision.md", 1,
	    "which 2025/cycle.yaml does not list yet", NULL);
}

int
main(void)
{
#define T(name) \
	cmocka_unit_test_setup_teardown(name, fx_setup_valid, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_valid_fixture_no_diagnostics),
		T(test_art11_publicity_windows),
		T(test_art4_award_quota_exceeded),
		T(test_art4_nomination_quota_from_rules),
		T(test_art9_2_too_young),
		T(test_art9_2_too_young_but_failed),
		T(test_art9_2_new_sector_three_years),
		T(test_art9_2_founded_on_leap_day),
		T(test_art9_2_founded_after_leap_day),
		T(test_art9_2_not_new_sector_needs_five),
		T(test_art9_2_division_code_warning),
		T(test_art9_3_incident_in_window),
		T(test_art9_3_violation_before_window),
		T(test_art9_3_clean_record_years_from_rules),
		T(test_art9_3_failed_applicant_is_fine),
		T(test_art11_publicity_until_too_short),
		T(test_art11_publicity_until_longer),
		T(test_art11_publicity_starts_on_day_off),
		T(test_art11_publicity_until_outside_calendar),
		T(test_art11_publicity_year_not_in_calendar),
		T(test_art11_publicity_runs_out_of_calendar),
		T(test_art11_notice_order),
		T(test_art11_stage_order),
		T(test_art11_previous_stage_not_passed),
		T(test_art11_result_invalid_for_stage),
		T(test_art11_approval_cannot_raise),
		T(test_art11_approval_may_lower),
		T(test_art11_dates_go_backwards),
		T(test_art11_decision_after_its_notice),
		T(test_art11_approval_during_proposal_publicity),
		T(test_art11_approval_without_proposal_publicity),
		T(test_art11_material_during_acceptance_publicity),
		T(test_art11_qualification_before_deadline),
		T(test_art11_2_internal_publicity_too_short),
		T(test_art11_2_internal_publicity_after_recommendation),
		T(test_art11_2_internal_publicity_one_date),
		T(test_art12_incomplete_identity_with_outcome),
		T(test_art12_incomplete_identity_not_accepted),
		T(test_art13_forward_late_warning),
		T(test_art13_report_late_warning),
		T(test_art13_deadline_across_national_day),
		T(test_art13_decided_before_reported),
		T(test_art13_notified_before_decided),
		T(test_art13_outcome_needs_decided_date),
		T(test_art13_disqualified_later_pass),
		T(test_art13_decision_on_disqualification_day_stands),
		T(test_art13_disqualified_and_failed_is_fine),
		T(test_art14_certificate_numbers),
		T(test_art14_certificate_prefix_from_site),
		T(test_art15_reapply_after_award),
		T(test_art15_nominee_may_reapply),
		T(test_art15_ban_years_from_rules),
		T(test_art19_false_material_ban),
		T(test_art19_false_material_ban_expired),
		T(test_art19_fraud_ban),
		T(test_art19_fraud_revocation),
		T(test_art19_fraud_revoked),
		T(test_art19_false_material_revokes_nothing),
		T(test_art20_violation_revocation_pending),
		T(test_art20_incident_after_window),
		T(test_art20_revokes_nothing),
		T(test_art20_decided_without_number),
		T(test_art15_recommended_winner_warned),
		T(test_art19_recommended_false_material_warned),
		T(test_art19_recommended_fraud_warned),
		T(test_art19_recommended_and_failed_is_fine),
		T(test_art11_notice_before_call),
		T(test_art11_notice_after_next_cycle),
		T(test_art11_call_outside_its_year),
		T(test_override_takes_cycle_dates),
		T(test_override_date_conflict),
		T(test_override_without_entry),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
