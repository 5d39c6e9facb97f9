#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model.h"

static const char *const stage_names[STAGE_COUNT] = {
	"recommendation", "qualification", "material", "presentation",
	"onsite", "deliberation", "approval"
};
static const char *const stage_labels[STAGE_COUNT] = {
	"审核推荐", "资格审查", "材料评审", "陈述答辩", "现场评审", "审议", "审定"
};
static const char *const result_names[] = {
	"pass", "fail", "withdrawn", "award", "nomination", "none"
};
static const char *const notice_names[NOTICE_KIND_COUNT] = {
	"call", "recommendation", "acceptance", "presentation", "onsite",
	"proposal", "decision"
};
static const char *const outcome_names[] = {
	"", "unfounded", "founded", "disqualifying"
};
static const char *const sanction_names[] = {
	"false_material", "fraud", "incident", "violation"
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static bool
lookup(const char *const *names, size_t n, const char *s, int *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0) {
			*out = (int)i;
			return true;
		}
	return false;
}

const char *
stage_name(enum stage s)
{
	return stage_names[s];
}

const char *
stage_label(enum stage s)
{
	return stage_labels[s];
}

bool
stage_parse(const char *s, enum stage *out)
{
	int i;

	if (!lookup(stage_names, NELEM(stage_names), s, &i))
		return false;
	*out = (enum stage)i;
	return true;
}

const char *
result_name(enum result r)
{
	return result_names[r];
}

bool
result_parse(const char *s, enum result *out)
{
	int i;

	if (!lookup(result_names, NELEM(result_names), s, &i))
		return false;
	*out = (enum result)i;
	return true;
}

const char *
notice_name(enum notice_kind k)
{
	return notice_names[k];
}

bool
notice_parse(const char *s, enum notice_kind *out)
{
	int i;

	if (!lookup(notice_names, NELEM(notice_names), s, &i))
		return false;
	*out = (enum notice_kind)i;
	return true;
}

bool
notice_is_publicity(enum notice_kind k)
{
	return k == NOTICE_RECOMMENDATION || k == NOTICE_ACCEPTANCE ||
	    k == NOTICE_PROPOSAL;
}

const char *
outcome_name(enum outcome o)
{
	return outcome_names[o];
}

const char *
sanction_kind_name(enum sanction_kind k)
{
	return sanction_names[k];
}

void
rules_defaults(struct rules *r)
{
	r->award_quota = 5;
	r->nomination_quota = 10;
	r->publicity_working_days = 5;
	r->min_operating_years = 5;
	r->min_operating_years_new_sector = 3;
	r->clean_record_years = 3;
	r->reapply_ban_years = 5;
	r->false_material_ban_years = 5;
	r->fraud_ban_years = 10;
	r->revocation_window_years = 5;
	r->objection_forward_working_days = 3;
	r->objection_report_working_days = 5;
}

static void
cycle_free(struct cycle *c)
{
	size_t i;

	free(c->dir);
	free(c->orgs_file);
	free(c->decisions_file);
	free(c->objections_file);
	for (i = 0; i < NOTICE_KIND_COUNT; i++)
		free(c->notices[i].number);
	free(c->orgs);
	free(c->decisions);
	arena_free(&c->strings);	/* their strings */
	for (i = 0; i < c->n_objections; i++) {
		struct objection *x = &c->objections[i];
		free(x->id); free(x->credit_code); free(x->objector_name);
		free(x->objector_address); free(x->note);
	}
	free(c->objections);
	for (i = 0; i < c->n_customs; i++)
		custom_notice_clear(&c->customs[i]);
	free(c->customs);
	val_free(c->yaml);
}

char *
register_file(const char *found, const char *dir, const char *csv)
{
	return found != NULL ? xstrdup(found) : path_join(dir, csv);
}

void
custom_notice_clear(struct custom_notice *n)
{
	free(n->name); free(n->path); free(n->title);
	free(n->number); free(n->body);
	free(n->addressee); free(n->signature);
	memset(n, 0, sizeof(*n));
}

void
site_free(struct site *s)
{
	size_t i;

	free(s->content_dir);
	val_free(s->yaml);
	for (i = 0; i < s->n_years; i++) {
		free(s->years[i].off);
		free(s->years[i].work);
		free(s->years[i].source);
	}
	free(s->years);
	for (i = 0; i < s->n_sanctions; i++) {
		free(s->sanctions[i].credit_code);
		free(s->sanctions[i].number);
		free(s->sanctions[i].note);
	}
	free(s->sanctions);
	free(s->sanctions_file);
	for (i = 0; i < s->n_cycles; i++)
		cycle_free(&s->cycles[i]);
	free(s->cycles);
	memset(s, 0, sizeof(*s));
}
