/*
 * What the checks share: names and articles of stages and notices, how an
 * applicant is named in a message, the sanctions index, year windows.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
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

/*
 * "11(4)" as the user's language cites it after "art. ": itself in
 * English, 十一条第（四）项 in Chinese (the message says 第%s).
 */
static const char *
article_word(const char *num)
{
	static const char *const nums[] = {
		"11(1)", "11(3)", "11(4)", "11(5)", "11(6)", "11(7)", "11(8)",
		"11(9)", "14"
	};
	const char *words[] = {
		P_("article", "11(1)"), P_("article", "11(3)"),
		P_("article", "11(4)"), P_("article", "11(5)"),
		P_("article", "11(6)"), P_("article", "11(7)"),
		P_("article", "11(8)"), P_("article", "11(9)"),
		P_("article", "14")
	};
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (strcmp(nums[i], num) == 0)
			return words[i];
	return num;
}

const char *
stage_article(enum stage s)
{
	static const char *const art[STAGE_COUNT] = {
		"11(3)", "11(4)", "11(5)", "11(6)", "11(7)", "11(8)", "11(9)"
	};

	return article_word(art[s]);
}

const char *
notice_article(enum notice_kind k)
{
	static const char *const art[NOTICE_KIND_COUNT] = {
		"11(1)", "11(3)", "11(4)", "11(5)", "11(6)", "11(8)", "14"
	};

	return article_word(art[k]);
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

const char *
stage_word(enum stage s)
{
	switch (s) {
	case STAGE_RECOMMENDATION: return P_("stage", "recommendation");
	case STAGE_QUALIFICATION: return P_("stage", "qualification");
	case STAGE_MATERIAL:	return P_("stage", "material");
	case STAGE_PRESENTATION: return P_("stage", "presentation");
	case STAGE_ONSITE:	return P_("stage", "onsite");
	case STAGE_DELIBERATION: return P_("stage", "deliberation");
	default:		return P_("stage", "approval");
	}
}

const char *
notice_word(enum notice_kind k)
{
	switch (k) {
	case NOTICE_CALL:	return P_("notice", "call");
	case NOTICE_RECOMMENDATION: return P_("notice", "recommendation");
	case NOTICE_ACCEPTANCE:	return P_("notice", "acceptance");
	case NOTICE_PRESENTATION: return P_("notice", "presentation");
	case NOTICE_ONSITE:	return P_("notice", "onsite");
	case NOTICE_PROPOSAL:	return P_("notice", "proposal");
	default:		return P_("notice", "decision");
	}
}

const char *
result_word(enum result r)
{
	switch (r) {
	case RESULT_PASS:	return P_("result", "pass");
	case RESULT_FAIL:	return P_("result", "fail");
	case RESULT_WITHDRAWN:	return P_("result", "withdrawn");
	case RESULT_AWARD:	return P_("result", "award");
	case RESULT_NOMINATION:	return P_("result", "nomination");
	default:		return P_("result", "none");
	}
}

const char *
kind_word(enum sanction_kind k)
{
	switch (k) {
	case SANCTION_FALSE_MATERIAL: return P_("kind", "false_material");
	case SANCTION_FRAUD:	return P_("kind", "fraud");
	case SANCTION_INCIDENT:	return P_("kind", "incident");
	default:		return P_("kind", "violation");
	}
}

const char *
outcome_word(enum outcome o)
{
	switch (o) {
	case OUTCOME_UNFOUNDED:	return P_("outcome", "unfounded");
	case OUTCOME_FOUNDED:	return P_("outcome", "founded");
	case OUTCOME_DISQUALIFYING: return P_("outcome", "disqualifying");
	default:		return "";
	}
}

char *
org_label(const struct org *o)
{
	const char *name = o->name != NULL ? o->name : "?";
	const char *code = o->credit_code != NULL ? o->credit_code : "?";

	return xasprintf("%s (%s)", name, code);
}

void
who_init(struct who *w, const struct org *o)
{
	w->org = o;
	w->text = NULL;
}

const char *
who_text(struct who *w)
{
	if (w->text == NULL)
		w->text = org_label(w->org);
	return w->text;
}

void
who_clear(struct who *w)
{
	free(w->text);
	w->text = NULL;
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

/*
 * One of the 4,096 bits of codes_seen, from every byte of the code taken
 * eight at a time (a credit code is 18 bytes: three steps).
 */
static unsigned
code_bit(const char *code)
{
	size_t n = strlen(code), i;
	uint64_t h = n, w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, code + i, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
	}
	for (w = 0; i < n; i++)
		w = w << 8 | (unsigned char)code[i];
	h = (h ^ w) * 0x9E3779B97F4A7C15u;
	return (unsigned)(h >> 52);
}

void
check_note_code(struct check *ck, const char *code)
{
	unsigned b = code_bit(code != NULL ? code : "");

	ck->codes_seen[b >> 6] |= (uint64_t)1 << (b & 63);
}

bool
check_code_seen(const struct check *ck, const char *code)
{
	unsigned b = code_bit(code);

	return (ck->codes_seen[b >> 6] >> (b & 63)) & 1;
}

struct sanction **
check_sanctions_of(const struct check *ck, const char *code, size_t *n)
{
	size_t lo = 0, hi = ck->n_sanctions, mid, end;

	*n = 0;
	if (code == NULL || !check_code_seen(ck, code))
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
