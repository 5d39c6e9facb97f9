/*
 * state: what the records mean under the Measures, derived once and read by
 * every composer and writer. Nothing about the rules lives in templates or
 * renderers: they only read this.
 */
#ifndef GONGSHI_STATE_H
#define GONGSHI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model.h"

struct certificate {
	char		*number;	/* XJZLJ-2025-A01 */
	struct org	*org;
	struct cycle	*cycle;
	enum result	 kind;		/* RESULT_AWARD or RESULT_NOMINATION */
	struct decision	*approval;	/* the approval decision that granted it */
	struct sanction	*revocation;	/* due revocation (art. 19, 20) or NULL */
	bool		 revoked;	/* the revocation is decided */
	int		 revocation_article;	/* 19 or 20 */
};

/* A list of applicants, in the order of organizations.csv. */
struct org_list {
	struct org	**orgs;
	size_t		  n;
};

struct cycle_state {
	struct cycle	*cycle;
	/* For each notice that exists: its window (publicities) or DAY_NONE. */
	day_t		 window_end[NOTICE_KIND_COUNT];
	int		 window_days[NOTICE_KIND_COUNT];	/* working days */

	struct org_list	 applied;	/* every row of organizations.csv */
	struct org_list	 recommended;	/* recommendation = pass */
	struct org_list	 accepted;	/* qualification = pass (受理名单) */
	struct org_list	 presentation;	/* material = pass */
	struct org_list	 onsite;	/* presentation = pass */
	struct org_list	 onsite_passed;	/* onsite = pass */
	struct org_list	 proposed_award;	/* deliberation = award */
	struct org_list	 proposed_nomination;	/* deliberation = nomination */
	struct org_list	 approved_award;	/* approval = award */
	struct org_list	 approved_nomination;	/* approval = nomination */
	struct org_list	 disqualified;	/* by a disqualifying objection */

	/* Certificates of this cycle: awards then nominations, in decision order. */
	struct certificate **certs;
	size_t		  n_certs;

	size_t		  objections_open;	/* accepted, not decided yet */
	size_t		  objections_late;	/* past an art. 13 deadline */

	/*
	 * Its documents are the last build's, kept as they are
	 * (publish/cycles.h): the composers add each of its files as a kept
	 * document (compose/document.h) instead of composing it.
	 */
	bool		  kept;
};

struct state {
	struct site		*site;
	/* The sanctions register as messages name it (sanctions.xlsx). */
	char			*sanctions_file;
	struct cycle_state	*cycles;	/* parallel to site->cycles */
	size_t			 n_cycles;
	struct certificate	*certs;		/* every certificate, all cycles */
	size_t			 n_certs;
	size_t			 revocations_pending;
};

/*
 * Checks the loaded site against the Measures (every article of DESIGN §1),
 * reporting to diag, and derives the state. Call after a load without
 * errors. The state points into site: free it before the site.
 */
void	 state_build(struct site *, struct state *, struct diag *);
void	 state_free(struct state *);

/*
 * The checks that only report, each run cycle by cycle (the costly part
 * of the checks: rules/check.h), in this order of phases.
 */
enum check_phase {
	PHASE_INTERNAL_PUBLICITY,
	PHASE_WORKFLOW,
	PHASE_QUOTAS,
	PHASE_ELIGIBILITY,
	CHECK_PHASES
};

/*
 * What those checks said in the last build (publish/cycles.h): for each
 * cycle ci and phase p, said[ci * CHECK_PHASES + p]. For a cycle whose
 * inputs are the last build's (same[ci]) they are not run: what they said
 * is reported again, at the point where they would have said it, so that
 * the messages are a clean build's. For the others, said gets what they
 * say now. Everything else (the lists, the certificates, the other
 * checks) is derived as always: it is cheap, and other cycles need it.
 */
struct check_memo {
	size_t		 n;		/* cycles */
	const bool	*same;
	struct diag	*said;
};

/* state_build, with a memo of the last build's checks (NULL: none). */
void	 state_build_memo(struct site *, struct state *, struct diag *,
	    struct check_memo *);

/* The certificate with that number, or NULL. */
struct certificate *state_find_certificate(const struct state *, const char *);
/* The certificate of an organisation in a cycle, or NULL. */
struct certificate *state_org_certificate(const struct cycle_state *, const struct org *);
/*
 * An objection gets a written answer (art. 13) when there is someone to
 * send it to: a name or a postal address. An anonymous letter with no
 * address gets none; gongshi status says so.
 */
bool		 state_objection_has_letter(const struct objection *);

#endif
