/*
 * check: the Measures, article by article, over a loaded site. Private to
 * src/rules/: state_build() runs the checks in this order, each in its own
 * file by concern:
 *
 *   check_publicity.c    art. 11 publicity windows, art. 11(2) internal publicity
 *   check_objections.c   art. 12, 13 (fills the disqualification dates)
 *   check_workflow.c     art. 11 stage chain and notices, art. 4 quotas,
 *                        art. 13 no pass after disqualification
 *   check_eligibility.c  art. 9(2), 9(3), 15, 19 at qualification
 *   check_revocations.c  art. 19, 20 on the certificates (after state lists)
 *   check_notices.c      art. 11(1) the notices' dates; overrides dated by cycle.yaml
 *
 * Every number comes from site->rules.
 */
#ifndef GONGSHI_CHECK_H
#define GONGSHI_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "model.h"
#include "rules/calendar.h"
#include "rules/state.h"

/* The files of one cycle, as diagnostics name them. */
struct cycle_files {
	char	*cycle_yaml;
	char	*orgs;
	char	*decisions;
	char	*objections;
};

/* An award won: who, in which cycle (art. 15). */
struct award_ref {
	const char	*code;
	size_t		 cycle;
	struct org	*org;
};

struct check {
	struct site		*site;
	struct state		*st;
	struct diag		*d;
	struct cycle_files	*files;		/* parallel to site->cycles */
	/*
	 * Per cycle: the loader reported errors in its registers (a row may
	 * be missing), or in its cycle.yaml (a notice may be missing). Then
	 * the rules that judge what is absent ("no qualification decision",
	 * "no acceptance publicity") keep quiet: the loader's message is the
	 * one to fix first, and a cascade would hide it.
	 */
	bool			*registers_incomplete;
	bool			*notices_incomplete;
	/* Per cycle, per org (same index as cycle->orgs): the day a
	 * disqualifying objection was decided (art. 13), or DAY_NONE. */
	day_t			**disqualified;
	/* Sanctions sorted by credit code, then line. */
	struct sanction		**sanctions;
	size_t			  n_sanctions;
	/* Approval awards of every cycle, sorted by credit code. */
	struct award_ref	 *awards;
	size_t			  n_awards;
	/*
	 * A bit for each credit code of sanctions and awards (check_code_bit):
	 * an applicant whose bit is clear has neither, and is told so
	 * without a search (20,000 applicants, a few dozen sanctions).
	 */
	uint64_t		  codes_seen[64];
	/* The calendar's working days laid out, for the per-applicant checks. */
	struct cal_index	  days;
};

/* The notice that publishes a stage's list, or -1 (on-site review). */
int		 stage_notice(enum stage);
/* "11(4)": the paragraph of art. 11 for a stage and for a notice. */
const char	*stage_article(enum stage);
const char	*notice_article(enum notice_kind);
const char	*notice_label(enum notice_kind);	/* "受理名单公示" */

/*
 * A stage, notice, result, sanction kind or outcome as a word of the
 * user's language, for messages: the English value of the registers
 * ("material", "fail") in English, the Chinese one (材料评审, 不通过) in
 * Chinese; both are what the registers accept (DESIGN §2).
 */
const char	*stage_word(enum stage);
const char	*notice_word(enum notice_kind);
const char	*result_word(enum result);
const char	*kind_word(enum sanction_kind);
const char	*outcome_word(enum outcome);

/* "name (credit code)", in a buffer the caller frees. */
char		*org_label(const struct org *);
/*
 * The same label made when a message first needs it: the checks visit
 * every applicant, and few of them have anything to report.
 */
struct who {
	const struct org *org;
	char		 *text;
};
void		 who_init(struct who *, const struct org *);
const char	*who_text(struct who *);
void		 who_clear(struct who *);
/* The bit of a credit code in codes_seen: set for every code listed there. */
void		 check_note_code(struct check *, const char *code);
bool		 check_code_seen(const struct check *, const char *code);
/* The sanctions of one credit code: *n of them from the returned pointer. */
struct sanction	**check_sanctions_of(const struct check *, const char *code,
		    size_t *n);
/* True when an event on day ev falls within the years before ref: ev is
 * on or before ref and ref is before ev + years (the ban still runs). */
bool		 within_years(day_t ev, day_t ref, int years);
/* Reports a date outside the calendar: names the calendar file to add. */
void		 check_calendar_error(struct check *, const char *file, int line,
		    const char *what, day_t);

void		 check_publicity(struct check *);
void		 check_objections(struct check *);
void		 check_revocations(struct check *);
/*
 * The checks of one cycle ci that only report (state_build may replay
 * what they said in the last build instead: rules/state.h).
 */
void		 check_internal_publicity(struct check *, size_t ci);
void		 check_workflow(struct check *, size_t ci);
void		 check_quotas(struct check *, size_t ci);
void		 check_eligibility(struct check *, size_t ci);
void		 check_notices(struct check *);

#endif
