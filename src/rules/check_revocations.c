/*
 * Art. 19 ¶2: an award won by fraud is revoked. Art. 20: a major incident
 * or serious violation within revocation_window_years of the award revokes
 * it. A revocation is due once such a sanction is recorded, and decided
 * once the sanction carries the government's decision (decided, number).
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/check.h"

/* Does sanction x revoke certificate c? */
static bool
revokes(const struct check *ck, const struct sanction *x,
    const struct certificate *c)
{
	day_t won = c->approval->date;

	if (won == DAY_NONE || x->date == DAY_NONE || x->date < won)
		return false;
	switch (x->kind) {
	case SANCTION_FRAUD:
		return true;
	case SANCTION_INCIDENT:
	case SANCTION_VIOLATION:
		return x->date < date_add_years(won,
		    ck->site->rules.revocation_window_years);
	default:
		return false;
	}
}

/* A name for a credit code in messages: the applicant's, when known. */
static char *
code_label(const struct check *ck, const char *code)
{
	const struct cycle *c;
	size_t ci, i;

	for (ci = ck->site->n_cycles; ci-- > 0;) {
		c = &ck->site->cycles[ci];
		for (i = 0; i < c->n_orgs; i++)
			if (c->orgs[i].credit_code != NULL &&
			    strcmp(c->orgs[i].credit_code, code) == 0)
				return org_label(&c->orgs[i]);
	}
	return xstrdup(code);
}

/* decided and number come together, and after the sanction's date. */
static void
sanction_fields(struct check *ck, const struct sanction *x)
{
	const char *file = ck->st->sanctions_file;
	char a[16], b[16], *who;

	if ((x->decided == DAY_NONE) == (x->number == NULL) &&
	    (x->decided == DAY_NONE || x->date == DAY_NONE ||
	    x->decided >= x->date))
		return;
	who = code_label(ck, x->credit_code != NULL ? x->credit_code : "?");
	if (x->decided != DAY_NONE && x->number == NULL)
		diag_error(ck->d, file, x->line, _("the revocation of "
		    "%s has a decided date but no number: give the document "
		    "number of the government's revocation decision (art. %d)"),
		    who, x->kind == SANCTION_FRAUD ? 19 : 20);
	else if (x->decided == DAY_NONE)
		diag_error(ck->d, file, x->line, _("the revocation of "
		    "%s has a number but no decided date: give the date of the "
		    "government's revocation decision (art. %d)"), who,
		    x->kind == SANCTION_FRAUD ? 19 : 20);
	else {
		date_iso(x->decided, a);
		date_iso(x->date, b);
		diag_error(ck->d, file, x->line, _("the revocation of "
		    "%s is decided on %s, before the %s it revokes for (%s): "
		    "check the dates"), who, a, kind_word(x->kind), b);
	}
	free(who);
}

static void
revokes_nothing(struct check *ck, const struct sanction *x)
{
	const struct rules *r = &ck->site->rules;
	const char *file = ck->st->sanctions_file;
	char *who;

	who = code_label(ck, x->credit_code != NULL ? x->credit_code : "?");
	if (x->kind == SANCTION_FALSE_MATERIAL)
		diag_error(ck->d, file, x->line, _("the false_material "
		    "sanction of %s has a revocation decision (decided, number), "
		    "but false materials bar applications (art. 19 ¶1), they "
		    "revoke nothing: remove decided and number, or record the "
		    "kind fraud"), who);
	else
		diag_error(ck->d, file, x->line, _("the %s sanction of "
		    "%s has a revocation decision (decided, number), but it "
		    "revokes no certificate: art. 19 revokes an award won by "
		    "fraud, art. 20 one whose holder has a major incident or "
		    "violation within %d years of the award, and this applicant "
		    "holds no such award: remove decided and number"),
		    kind_word(x->kind), who,
		    r->revocation_window_years);
	free(who);
}

void
check_revocations(struct check *ck)
{
	struct state *st = ck->st;
	struct certificate *c;
	struct sanction **v, *x;
	bool *used;
	size_t i, j, n;

	used = xcalloc(ck->site->n_sanctions + 1, sizeof(*used));
	for (i = 0; i < st->n_certs; i++) {
		c = &st->certs[i];
		v = check_sanctions_of(ck, c->org->credit_code, &n);
		for (j = 0; j < n; j++) {
			x = v[j];
			if (!revokes(ck, x, c))
				continue;
			used[x - ck->site->sanctions] = true;
			/* A decided revocation wins over a pending one. */
			if (c->revocation == NULL ||
			    (!c->revoked && x->decided != DAY_NONE)) {
				c->revocation = x;
				c->revoked = x->decided != DAY_NONE;
				c->revocation_article =
				    x->kind == SANCTION_FRAUD ? 19 : 20;
			}
		}
		if (c->revocation != NULL && !c->revoked)
			st->revocations_pending++;
	}
	for (i = 0; i < ck->site->n_sanctions; i++) {
		x = &ck->site->sanctions[i];
		sanction_fields(ck, x);
		if ((x->decided != DAY_NONE || x->number != NULL) && !used[i])
			revokes_nothing(ck, x);
	}
	free(used);
}
