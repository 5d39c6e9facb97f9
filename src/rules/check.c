/*
 * What the checks share: names and articles of stages and notices, how an
 * applicant is named in a message, the sanctions index, year windows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/check.h"

int
stage_notice(enum stage s)
{
	static const int notice[STAGE_COUNT] = {
		NOTICE_RECOMMENDATION,	/* recommendation */
		NOTICE_ACCEPTANCE,	/* qualification: 受理名单 */
		NOTICE_PRESENTATION,	/* material: 进入陈述答辩名单 */
		NOTICE_ONSITE,		/* presentation: 进入现场评审名单 */
		-1,			/* onsite: no list of its own */
		NOTICE_PROPOSAL,	/* deliberation: 获奖建议名单 */
		NOTICE_DECISION		/* approval: 表彰决定 */
	};

	return notice[s];
}

const char *
stage_article(enum stage s)
{
	static const char *const art[STAGE_COUNT] = {
		"11(3)", "11(4)", "11(5)", "11(6)", "11(7)", "11(8)", "11(9)"
	};

	return art[s];
}

const char *
notice_article(enum notice_kind k)
{
	static const char *const art[NOTICE_KIND_COUNT] = {
		"11(1)", "11(3)", "11(4)", "11(5)", "11(6)", "11(8)", "14"
	};

	return art[k];
}

const char *
notice_label(enum notice_kind k)
{
	static const char *const label[NOTICE_KIND_COUNT] = {
		"申报通知", "审核推荐公示", "受理名单公示", "进入陈述答辩名单",
		"进入现场评审名单", "获奖建议名单公示", "表彰决定"
	};

	return label[k];
}

char *
org_label(const struct org *o)
{
	const char *name = o->name != NULL ? o->name : "?";
	const char *code = o->credit_code != NULL ? o->credit_code : "?";

	return xasprintf("%s (%s)", name, code);
}

bool
within_years(day_t ev, day_t ref, int years)
{
	if (ev == DAY_NONE || ref == DAY_NONE)
		return false;
	return ev <= ref && ref < date_add_years(ev, years);
}

static const char *
code_of(const struct sanction *x)
{
	return x->credit_code != NULL ? x->credit_code : "";
}

struct sanction **
check_sanctions_of(const struct check *ck, const char *code, size_t *n)
{
	size_t lo = 0, hi = ck->n_sanctions, mid, end;

	*n = 0;
	if (code == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(code_of(ck->sanctions[mid]), code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ck->n_sanctions &&
	    strcmp(code_of(ck->sanctions[end]), code) == 0; end++)
		;
	*n = end - lo;
	return *n > 0 ? &ck->sanctions[lo] : NULL;
}
