/*
 * model: what the office's records say, once loaded and typed.
 *
 * The pipeline reads top-down through src/:
 *   load/     content/ → struct site (this file): every value typed, every
 *             problem reported with its FILE:LINE (base/diag.h)
 *   rules/    the Measures: working-day calendar, checks article by article,
 *             and the derived state (who is on which list, certificates)
 *   compose/  Mustache templates + the model → one document tree per notice
 *   format/   one writer per format (HTML, Markdown, ODT) over that tree
 *   publish/  everything into a temporary folder, then swapped in at once
 *
 * Strings are UTF-8, owned by the struct that holds them, except those of
 * applicants and decisions: they live in their cycle's arena (strings),
 * a million applicants' values in a few large blocks, and are never freed
 * one by one. A NULL string is "not given". Dates are day_t (base/date.h), DAY_NONE when not given.
 * Every record remembers the line it came from, for diagnostics.
 */
#ifndef GONGSHI_MODEL_H
#define GONGSHI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/val.h"

/* The stages of art. 11, in their order. */
enum stage {
	STAGE_RECOMMENDATION,	/* 审核推荐 11(3) */
	STAGE_QUALIFICATION,	/* 资格审查 11(4) */
	STAGE_MATERIAL,		/* 材料评审 11(5) */
	STAGE_PRESENTATION,	/* 陈述答辩 11(6) */
	STAGE_ONSITE,		/* 现场评审 11(7) */
	STAGE_DELIBERATION,	/* 审议 11(8) */
	STAGE_APPROVAL,		/* 审定 11(9) */
	STAGE_COUNT
};

enum result {
	RESULT_PASS,
	RESULT_FAIL,
	RESULT_WITHDRAWN,
	RESULT_AWARD,		/* deliberation, approval: 质量奖 */
	RESULT_NOMINATION,	/* deliberation, approval: 提名奖 */
	RESULT_NONE		/* deliberation, approval: neither */
};

enum objector_kind { OBJECTOR_INDIVIDUAL, OBJECTOR_UNIT };

enum outcome {
	OUTCOME_PENDING,	/* not decided yet (column empty) */
	OUTCOME_UNFOUNDED,
	OUTCOME_FOUNDED,
	OUTCOME_DISQUALIFYING	/* founded, on a prohibited condition (art. 13) */
};

enum sanction_kind {
	SANCTION_FALSE_MATERIAL,	/* art. 19 ¶1 */
	SANCTION_FRAUD,			/* art. 19 ¶2 */
	SANCTION_INCIDENT,		/* art. 9(3), art. 20 */
	SANCTION_VIOLATION		/* art. 9(3), art. 20 */
};

/* Tri-state for optional yes/no columns. */
enum yesno { YESNO_UNSET, YESNO_NO, YESNO_YES };

/* Columns of organizations.csv an applicant may mark confidential. */
enum org_field {
	ORG_FIELD_NAME		= 1 << 0,
	ORG_FIELD_REGION	= 1 << 1,
	ORG_FIELD_RECOMMENDER	= 1 << 2,
	ORG_FIELD_FOUNDED	= 1 << 3,
	ORG_FIELD_INDUSTRY	= 1 << 4,
	ORG_FIELD_NEW_SECTOR	= 1 << 5,
	ORG_FIELD_SME		= 1 << 6
};

struct decision;

struct org {
	int		 line;		/* in organizations.csv */
	char		*credit_code;	/* 18 chars, check character verified */
	char		*name;
	char		*region;	/* one of the 15 divisions */
	char		*recommender;
	day_t		 founded;
	char		*industry;
	enum yesno	 new_sector;
	enum yesno	 sme;
	day_t		 internal_publicity_start;
	day_t		 internal_publicity_end;
	char		*contact;	/* private */
	char		*phone;		/* private */
	char		*email;		/* private */
	unsigned	 confidential;	/* enum org_field bits */
	/* Filled by load: this applicant's decision at each stage, or NULL. */
	struct decision	*decision[STAGE_COUNT];
};

/* (the numbers first: 40 bytes, not 48, three million times at 1,000,000 applicants) */
struct decision {
	int		 line;		/* in decisions.csv */
	enum stage	 stage;
	enum result	 result;
	day_t		 date;
	char		*credit_code;	/* its org's own, when the org is known */
	struct org	*org;		/* NULL when the code is unknown */
	char		*note;
};

struct objection {
	int		 line;		/* in objections.csv */
	char		*id;
	char		*credit_code;
	struct org	*org;
	day_t		 received;
	enum objector_kind objector;
	char		*objector_name;		/* private */
	char		*objector_address;	/* private */
	bool		 identity_complete;
	day_t		 forwarded;
	day_t		 reported;
	day_t		 decided;
	enum outcome	 outcome;
	day_t		 notified;
	char		*note;
};

struct sanction {
	int		 line;		/* in the register (a workbook: its row) */
	char		*credit_code;
	enum sanction_kind kind;
	day_t		 date;
	day_t		 decided;	/* revocation decided, or DAY_NONE */
	char		*number;	/* its document number */
	char		*note;
};

/* The notices of a cycle, in the order of the process. */
enum notice_kind {
	NOTICE_CALL,
	NOTICE_RECOMMENDATION,
	NOTICE_ACCEPTANCE,
	NOTICE_PRESENTATION,
	NOTICE_ONSITE,
	NOTICE_PROPOSAL,
	NOTICE_DECISION,
	NOTICE_KIND_COUNT
};

/* One entry of cycle.yaml notices:. */
struct notice_entry {
	bool		 present;
	int		 line;		/* of its key in cycle.yaml */
	day_t		 date;		/* publication, or first day of publicity */
	day_t		 until;		/* DAY_NONE: computed from the calendar */
	char		*number;	/* document number, optional */
};

/* A notices/<name>.md of the office's own, or an override of a built-in. */
struct custom_notice {
	char		*name;		/* file name without .md */
	char		*path;		/* relative to the content folder */
	char		*title;
	day_t		 date;		/* DAY_NONE: an override takes cycle.yaml's */
	int		 date_line;	/* of date: in the front matter */
	char		*number;
	int		 number_line;
	char		*addressee;	/* 主送, overriding the template's; or NULL */
	char		*signature;	/* 署名, overriding the template's; or NULL */
	char		*body;		/* Markdown after the front matter */
	int		 body_line;	/* line where the body starts */
};

struct cycle {
	int		 year;
	char		*dir;		/* "2025", relative to the content folder */
	int		 edition;	/* 第N届 */
	int		 edition_line;
	day_t		 application_deadline;
	int		 deadline_line;
	struct notice_entry notices[NOTICE_KIND_COUNT];

	struct org	*orgs;		size_t n_orgs;
	struct decision	*decisions;	size_t n_decisions;
	struct arena	 strings;	/* of orgs and decisions; zeroed is empty */
	struct objection *objections;	size_t n_objections;
	struct custom_notice *customs;	size_t n_customs;
	struct val	*yaml;		/* cycle.yaml as loaded, for extra keys */
	/* The registers as found, like 2025/organizations.xlsx; NULL if none. */
	char		*orgs_file, *decisions_file, *objections_file;
};

/* content/calendar/<year>.yaml */
struct cal_year {
	int		 year;
	day_t		*off;		size_t n_off;	/* days off on weekdays */
	day_t		*work;		size_t n_work;	/* make-up working days */
	char		*source;	/* where the facts came from */
};

struct rules {
	int	award_quota;			/* art. 4 */
	int	nomination_quota;		/* art. 4 */
	int	publicity_working_days;		/* art. 11 */
	int	min_operating_years;		/* art. 9(2) */
	int	min_operating_years_new_sector;	/* art. 9(2) */
	int	clean_record_years;		/* art. 9(3) */
	int	reapply_ban_years;		/* art. 15 */
	int	false_material_ban_years;	/* art. 19 */
	int	fraud_ban_years;		/* art. 19 */
	int	revocation_window_years;	/* art. 20 */
	int	objection_forward_working_days;	/* art. 13 */
	int	objection_report_working_days;	/* art. 13 */
};

struct site {
	char		*content_dir;	/* as given on the command line */
	struct val	*yaml;		/* site.yaml as loaded: title, award, office … */
	/* Shortcuts into yaml, never NULL after a successful load. */
	const char	*title;
	const char	*base_url;	/* ends with '/' */
	struct rules	 rules;

	struct cal_year	*years;		size_t n_years;	/* sorted by year */
	struct sanction	*sanctions;	size_t n_sanctions;
	char		*sanctions_file;	/* sanctions.csv, .xlsx or .ods */
	struct cycle	*cycles;	size_t n_cycles;	/* sorted by year */
};

const char	*stage_name(enum stage);		/* "recommendation" … */
const char	*stage_label(enum stage);		/* "审核推荐" … */
bool		 stage_parse(const char *, enum stage *);
const char	*result_name(enum result);
bool		 result_parse(const char *, enum result *);
const char	*notice_name(enum notice_kind);		/* "call" … */
bool		 notice_parse(const char *, enum notice_kind *);
/* A publicity (公示) has a window of working days; the others are notices. */
bool		 notice_is_publicity(enum notice_kind);
const char	*outcome_name(enum outcome);
const char	*sanction_kind_name(enum sanction_kind);

void		 rules_defaults(struct rules *);
void		 site_free(struct site *);
/* Frees what a custom notice holds (not the struct itself). */
void		 custom_notice_clear(struct custom_notice *);
/*
 * A register's file as messages name it, relative to the content folder:
 * found, the one the loader read (sanctions.xlsx, 2025/decisions.ods),
 * else its CSV name csv in the folder dir ("" for the content folder). In
 * a buffer the caller frees.
 */
char		*register_file(const char *found, const char *dir,
		    const char *csv);

#endif
