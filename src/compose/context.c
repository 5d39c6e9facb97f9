#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "compose/context.h"

void
cn_number(int n, char out[static 32])
{
	static const char *const digit[] = {
		"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"
	};

	if (n < 0 || n > 99)
		snprintf(out, 32, "%d", n);
	else if (n < 10)
		snprintf(out, 32, "%s", digit[n]);
	else
		snprintf(out, 32, "%s十%s", n >= 20 ? digit[n / 10] : "",
		    n % 10 ? digit[n % 10] : "");
}

char *
cn_span(day_t from, day_t to)
{
	char a[32], b[32];

	date_cn(from, a);
	if (date_year(from) == date_year(to))
		date_cn_md(to, b);
	else
		date_cn(to, b);
	return xasprintf("%s至%s", a, b);
}

static void
set_date(struct val *map, const char *key, day_t d)
{
	char s[32];

	if (d == DAY_NONE) {
		val_set(map, key, val_null());
		return;
	}
	date_cn(d, s);
	val_set_str(map, key, s);
}

/*
 * office: site.yaml's office, with what a cycle.yaml office: renames for
 * that cycle (an office renamed between cycles signs each cycle's documents
 * by the name it had then). contact (联系人) is null when not given; group,
 * the leading group the office serves, is its name without 办公室 when not
 * given (自治区质量强区工作领导小组办公室 → 自治区质量强区工作领导小组).
 */
static struct val *
office_context(const struct val *site_office, const struct val *cycle_office)
{
	struct val *office = site_office != NULL ? val_copy(site_office) :
	    val_map();
	const char *name, *suffix = "办公室";
	size_t i, n, ns = strlen(suffix);

	for (i = 0; cycle_office != NULL && cycle_office->type == VAL_MAP &&
	    i < cycle_office->n; i++)
		val_set(office, cycle_office->keys[i],
		    val_copy(cycle_office->items[i]));
	if (val_get(office, "contact") == NULL)
		val_set(office, "contact", val_null());
	name = val_get_str(office, "name");
	if (val_get_str(office, "group") == NULL && name != NULL) {
		n = strlen(name);
		if (n > ns && strcmp(name + n - ns, suffix) == 0)
			val_set(office, "group", val_strn(name, n - ns));
		else
			val_set_str(office, "group", name);
	}
	return office;
}

/* Every number of site.yaml rules:, by its key (templates/README.md). */
static void
rules_context(struct val *rules, const struct rules *r)
{
#define RULE(f) val_set_int(rules, #f, r->f)
	RULE(award_quota);
	RULE(nomination_quota);
	RULE(publicity_working_days);
	RULE(min_operating_years);
	RULE(min_operating_years_new_sector);
	RULE(clean_record_years);
	RULE(reapply_ban_years);
	RULE(false_material_ban_years);
	RULE(fraud_ban_years);
	RULE(revocation_window_years);
	RULE(objection_forward_working_days);
	RULE(objection_report_working_days);
#undef RULE
}

struct val *
context_site(const struct site *s)
{
	struct val *ctx = val_map(), *site = val_map(), *rules = val_map();
	const struct val *v;

	val_set_str(site, "title", s->title);
	val_set_str(site, "base_url", s->base_url);
	val_set(ctx, "site", site);
	if ((v = val_get(s->yaml, "award")) != NULL)
		val_set(ctx, "award", val_copy(v));
	val_set(ctx, "office", office_context(val_get(s->yaml, "office"), NULL));
	rules_context(rules, &s->rules);
	val_set(ctx, "rules", rules);
	return ctx;
}

struct val *
context_notice(const struct cycle_state *cs, enum notice_kind k)
{
	const struct notice_entry *ne = &cs->cycle->notices[k];
	struct val *m = val_map();
	char *span;

	set_date(m, "date", ne->date);
	val_set_str(m, "number", ne->number);
	if (cs->window_end[k] != DAY_NONE) {
		span = cn_span(ne->date, cs->window_end[k]);
		val_set_str(m, "window", span);
		free(span);
		set_date(m, "window_end", cs->window_end[k]);
		val_set_int(m, "window_days", cs->window_days[k]);
	}
	return m;
}

void
context_add_cycle(struct val *ctx, const struct state *st,
    const struct cycle_state *cs)
{
	const struct cycle *c = cs->cycle;
	struct val *cyc = val_map(), *notices = val_map(), *count = val_map();
	char num[32];
	int k;

	val_set(ctx, "office", office_context(val_get(st->site->yaml, "office"),
	    val_get(c->yaml, "office")));
	val_set_int(cyc, "year", c->year);
	val_set_int(cyc, "edition", c->edition);
	cn_number(c->edition, num);
	val_set_str(cyc, "edition_cn", num);
	set_date(cyc, "application_deadline", c->application_deadline);
	val_set(ctx, "cycle", cyc);
	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		if (c->notices[k].present)
			val_set(notices, notice_name(k), context_notice(cs, k));
	val_set(ctx, "notices", notices);
	val_set_int(count, "applied", (long)cs->applied.n);
	val_set_int(count, "recommended", (long)cs->recommended.n);
	val_set_int(count, "accepted", (long)cs->accepted.n);
	val_set_int(count, "presentation", (long)cs->presentation.n);
	val_set_int(count, "onsite", (long)cs->onsite.n);
	val_set_int(count, "proposed_award", (long)cs->proposed_award.n);
	val_set_int(count, "proposed_nomination", (long)cs->proposed_nomination.n);
	val_set_int(count, "approved_award", (long)cs->approved_award.n);
	val_set_int(count, "approved_nomination", (long)cs->approved_nomination.n);
	val_set(ctx, "count", count);
}

struct val *
context_office_in(const struct site *s, int year)
{
	const struct cycle *c = NULL;
	size_t i;

	for (i = 0; i < s->n_cycles; i++)
		if (s->cycles[i].year <= year)
			c = &s->cycles[i];
	return office_context(val_get(s->yaml, "office"),
	    c != NULL ? val_get(c->yaml, "office") : NULL);
}

const struct org_list *
context_list(const struct cycle_state *cs, const char *name)
{
	static const struct { const char *name; size_t off; } lists[] = {
#define L(f) { #f, offsetof(struct cycle_state, f) }
		L(applied), L(recommended), L(accepted), L(presentation),
		L(onsite), L(onsite_passed), L(proposed_award),
		L(proposed_nomination), L(approved_award), L(approved_nomination),
#undef L
	};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (strcmp(name, lists[i].name) == 0)
			return (const struct org_list *)
			    ((const char *)cs + lists[i].off);
	return NULL;
}

static const char *
yesno_text(enum yesno v)
{
	return v == YESNO_YES ? "是" : v == YESNO_NO ? "否" : "";
}

/* The fields of a table column, by their number in context_org_field_id(). */
enum org_field_id {
	F_SEQ, F_NAME, F_REGION, F_RECOMMENDER, F_INDUSTRY, F_FOUNDED, F_SME,
	F_NEW_SECTOR, F_CERTIFICATE, F_AWARD, F_PROPOSED
};

static const char *const org_fields[] = {
	"seq", "name", "region", "recommender", "industry", "founded", "sme",
	"new_sector", "certificate", "award", "proposed"
};

int
context_org_field_id(const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(org_fields) / sizeof(org_fields[0]); i++)
		if (strcmp(field, org_fields[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * 1 … n in decimal, the cells of a seq column: one block for them all,
 * each number the one before with its last digit counted up (a list of a
 * million rows numbers each; printf, or a division per digit, is slow).
 */
static void
seq_column(size_t n, char **cells, size_t stride, struct arena *text)
{
	/* (room for any size_t: d never reaches num) */
	char num[24], *p, *d, *q, *end = num + sizeof(num);
	size_t i, v, width = 1;

	for (v = n; v >= 10; v /= 10)
		width++;
	p = arena_alloc(text, n * (width + 1));
	d = end - 1;
	*d = '0';
	for (i = 0; i < n; i++) {
		/* the trailing 9s become 0s, the digit before them grows */
		for (q = end - 1; q >= d && *q == '9'; q--)
			*q = '0';
		if (q < d)
			*--d = '1';
		else
			(*q)++;
		cells[i * stride] = p;
		for (q = d; q < end; q++)
			*p++ = *q;
		*p++ = '\0';
	}
}

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* a then b, copied into text. */
static char *
joined(struct arena *text, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = arena_alloc(text, na + nb + 1);

	memcpy(p, a, na);
	memcpy(p + na, b, nb + 1);
	return p;
}

/* One cell of any field but seq. */
static const char *
org_cell(const struct cycle_state *cs, const struct org *o, int field_id,
    struct arena *text)
{
	static const char secret[] = "（保密）";
	const struct certificate *cert;
	const struct decision *x;
	char d[32];

	switch ((enum org_field_id)field_id) {
	case F_SEQ:
		break;
	case F_NAME:
		return or_empty(o->name);
	case F_REGION:
		return or_empty(o->region);
	case F_RECOMMENDER:
		return or_empty(o->recommender);
	case F_INDUSTRY:
		return o->confidential & ORG_FIELD_INDUSTRY ? secret :
		    or_empty(o->industry);
	case F_FOUNDED:
		if (o->confidential & ORG_FIELD_FOUNDED)
			return secret;
		date_cn(o->founded, d);
		return arena_strdup(text, d);
	case F_SME:
		return o->confidential & ORG_FIELD_SME ? secret :
		    yesno_text(o->sme);
	case F_NEW_SECTOR:
		return o->confidential & ORG_FIELD_NEW_SECTOR ? secret :
		    yesno_text(o->new_sector);
	case F_CERTIFICATE:
		/* A revoked award stays listed, marked (art. 19, 20). */
		if ((cert = state_org_certificate(cs, o)) == NULL)
			return "";
		return cert->revoked ? joined(text, cert->number, "（已撤销）") :
		    arena_strdup(text, cert->number);
	case F_AWARD:
		cert = state_org_certificate(cs, o);
		return cert == NULL ? "" :
		    cert->kind == RESULT_AWARD ? "质量奖" : "提名奖";
	case F_PROPOSED:
		x = o->decision[STAGE_DELIBERATION];
		return x == NULL ? "" : x->result == RESULT_AWARD ? "质量奖" :
		    x->result == RESULT_NOMINATION ? "提名奖" : "";
	}
	return "";
}

void
context_org_column(const struct cycle_state *cs, struct org *const *orgs,
    size_t n, int field_id, char **cells, size_t stride, struct arena *text)
{
	size_t i, off;
	char *v;

	switch (field_id) {
	case F_SEQ:
		seq_column(n, cells, stride, text);
		return;
	case F_NAME:
	case F_REGION:
	case F_RECOMMENDER:
		/* the columns of most lists: the applicant's own string */
		off = field_id == F_NAME ? offsetof(struct org, name) :
		    field_id == F_REGION ? offsetof(struct org, region) :
		    offsetof(struct org, recommender);
		for (i = 0; i < n; i++) {
			v = *(char *const *)((const char *)orgs[i] + off);
			cells[i * stride] = v != NULL ? v : (char *)"";
		}
		return;
	}
	/* shared cells are never written: the cast only fits the table */
	for (i = 0; i < n; i++)
		cells[i * stride] = (char *)org_cell(cs, orgs[i], field_id, text);
}
