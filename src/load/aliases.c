#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "load/aliases.h"

static const struct column org_cols[] = {
	{ "credit_code", "统一社会信用代码", true, COL_CODE, 22 },
	{ "name", "组织名称", true, COL_TEXT, 30 },
	{ "region", "所在地州市", true, COL_REGION, 20 },
	{ "recommender", "推荐单位", true, COL_TEXT, 24 },
	{ "founded", "成立日期", true, COL_DATE, 12 },
	{ "industry", "所属行业", false, COL_TEXT, 14 },
	{ "new_sector", "新领域", false, COL_YESNO, 8 },
	{ "sme", "中小企业", false, COL_YESNO, 10 },
	{ "internal_publicity_start", "内部公示开始日期", false, COL_DATE, 16 },
	{ "internal_publicity_end", "内部公示结束日期", false, COL_DATE, 16 },
	{ "contact", "联系人", false, COL_TEXT, 10 },
	{ "phone", "联系电话", false, COL_PHONE, 16 },
	{ "email", "电子邮箱", false, COL_TEXT, 24 },
	{ "confidential", "商业秘密", false, COL_TEXT, 18 },
	{ NULL, NULL, false, COL_TEXT, 0 }
};

static const struct column decision_cols[] = {
	{ "credit_code", "统一社会信用代码", true, COL_CODE, 22 },
	{ "stage", "环节", true, COL_STAGE, 12 },
	{ "result", "结果", true, COL_RESULT, 10 },
	{ "date", "日期", true, COL_DATE, 12 },
	{ "note", "备注", false, COL_TEXT, 30 },
	{ NULL, NULL, false, COL_TEXT, 0 }
};

static const struct column objection_cols[] = {
	{ "id", "编号", true, COL_TEXT, 14 },
	{ "credit_code", "统一社会信用代码", true, COL_CODE, 22 },
	{ "received", "收到日期", true, COL_DATE, 12 },
	{ "objector", "异议人类型", true, COL_OBJECTOR, 12 },
	{ "objector_name", "异议人", false, COL_TEXT, 14 },
	{ "objector_address", "通讯地址", false, COL_TEXT, 30 },
	{ "identity", "身份信息", true, COL_IDENTITY, 10 },
	{ "forwarded", "转送日期", false, COL_DATE, 12 },
	{ "reported", "调查报告日期", false, COL_DATE, 14 },
	{ "decided", "认定日期", false, COL_DATE, 12 },
	{ "outcome", "认定结果", true, COL_OUTCOME, 10 },
	{ "notified", "告知日期", false, COL_DATE, 12 },
	{ "note", "备注", false, COL_TEXT, 30 },
	{ NULL, NULL, false, COL_TEXT, 0 }
};

static const struct column sanction_cols[] = {
	{ "credit_code", "统一社会信用代码", true, COL_CODE, 22 },
	{ "kind", "类型", true, COL_KIND, 12 },
	{ "date", "发生日期", true, COL_DATE, 12 },
	{ "decided", "撤销决定日期", false, COL_DATE, 14 },
	{ "number", "撤销决定文号", false, COL_TEXT, 22 },
	{ "note", "备注", false, COL_TEXT, 30 },
	{ NULL, NULL, false, COL_TEXT, 0 }
};

const struct register_spec reg_organizations = {
	"organizations", "申报组织", org_cols };
const struct register_spec reg_decisions = {
	"decisions", "评审决定", decision_cols };
const struct register_spec reg_objections = {
	"objections", "异议", objection_cols };
const struct register_spec reg_sanctions = {
	"sanctions", "惩戒记录", sanction_cols };

static const struct word stages[] = {
	{ "recommendation", "审核推荐" }, { "qualification", "资格审查" },
	{ "material", "材料评审" }, { "presentation", "陈述答辩" },
	{ "onsite", "现场评审" }, { "deliberation", "审议" },
	{ "approval", "审定" }, { NULL, NULL }
};
static const struct word results[] = {
	{ "pass", "通过" }, { "fail", "不通过" }, { "withdrawn", "撤回" },
	{ "award", "质量奖" }, { "nomination", "提名奖" }, { "none", "未获奖" },
	{ NULL, NULL }
};
static const struct word objectors[] = {
	{ "individual", "个人" }, { "unit", "单位" }, { NULL, NULL }
};
static const struct word identities[] = {
	{ "complete", "完整" }, { "incomplete", "不完整" }, { NULL, NULL }
};
static const struct word outcomes[] = {
	{ "unfounded", "不成立" }, { "founded", "成立" },
	{ "disqualifying", "取消资格" }, { NULL, NULL }
};
static const struct word kinds[] = {
	{ "false_material", "虚假材料" }, { "fraud", "欺骗贿赂" },
	{ "incident", "事故" }, { "violation", "违法违规" }, { NULL, NULL }
};
static const struct word yesno[] = {
	{ "yes", "是" }, { "no", "否" }, { NULL, NULL }
};

const struct word *
alias_words(enum col_type t)
{
	switch (t) {
	case COL_STAGE:		return stages;
	case COL_RESULT:	return results;
	case COL_OBJECTOR:	return objectors;
	case COL_IDENTITY:	return identities;
	case COL_OUTCOME:	return outcomes;
	case COL_KIND:		return kinds;
	case COL_YESNO:		return yesno;
	default:		return NULL;
	}
}

const char *
alias_word(enum col_type t, const char *s)
{
	const struct word *w = alias_words(t);

	for (; w != NULL && w->en != NULL; w++)
		if (strcmp(s, w->en) == 0 || strcmp(s, w->zh) == 0)
			return w->en;
	return NULL;
}

int
alias_column(const struct register_spec *r, const char *text)
{
	int i;

	for (i = 0; r->cols[i].name != NULL; i++)
		if (strcasecmp(text, r->cols[i].name) == 0 ||
		    strcmp(text, r->cols[i].zh) == 0)
			return i;
	return -1;
}

int
alias_count(const struct register_spec *r)
{
	int i;

	for (i = 0; r->cols[i].name != NULL; i++)
		;
	return i;
}

/* The code points of a UTF-8 string, at most cap of them. */
static size_t
code_points(const char *s, unsigned *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0' && n < cap) {
		unsigned c = *p++;

		if (c >= 0xC0)
			while ((*p & 0xC0) == 0x80)
				c = (c << 6) | (*p++ & 0x3F);
		out[n++] = c;
	}
	return n;
}

/* Levenshtein distance between two strings, by code point. */
static size_t
distance(const char *a, const char *b)
{
	unsigned ca[64], cb[64];
	size_t na = code_points(a, ca, 64), nb = code_points(b, cb, 64);
	size_t row[65], i, j, prev, tmp, best;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			tmp = row[j];
			best = prev + (ca[i - 1] != cb[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	return row[nb];
}

int
alias_nearest(const struct register_spec *r, const char *text)
{
	size_t d, best = (size_t)-1;
	int i, at = 0;

	for (i = 0; r->cols[i].name != NULL; i++) {
		d = distance(text, r->cols[i].name);
		if (distance(text, r->cols[i].zh) < d)
			d = distance(text, r->cols[i].zh);
		if (d < best) {
			best = d;
			at = i;
		}
	}
	return at;
}
