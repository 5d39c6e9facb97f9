/*
 * The notices' own dates and numbers: a notice dated implausibly for its
 * cycle (art. 11(1): the call comes in the cycle's year, every other notice
 * after it and before the next cycle), and an override of a built-in
 * notice (<year>/notices/NAME.md), which cycle.yaml dates and numbers: a
 * different date or number in its front matter would publish two.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/check.h"

/* The year of the cycle after ci: the next folder, or two years on (art. 4). */
static int
next_cycle_year(const struct site *s, size_t ci)
{
	return ci + 1 < s->n_cycles ? s->cycles[ci + 1].year :
	    s->cycles[ci].year + 2;
}

/*
 * A date that cannot belong to the cycle: before its call, or after the
 * year of the next cycle. what names the notice in the message.
 */
static void
plausible_date(struct check *ck, size_t ci, const char *file, int line,
    const char *what, day_t date)
{
	const struct cycle *c = &ck->site->cycles[ci];
	const struct notice_entry *call = &c->notices[NOTICE_CALL];
	char iso[16], call_iso[16];
	int next = next_cycle_year(ck->site, ci);

	if (date == DAY_NONE)
		return;
	date_iso(date, iso);
	if (call->present && date < call->date) {
		date_iso(call->date, call_iso);
		diag_warning(ck->d, file, line, _("%1$s is dated %2$s, before "
		    "the call of the %3$d cycle (%4$s, %5$s:%6$d); every notice of "
		    "a cycle comes after its call: check the date"), what, iso,
		    c->year, call_iso, ck->files[ci].cycle_yaml, call->line);
	} else if (date_year(date) > next)
		diag_warning(ck->d, file, line, _("%1$s is dated %2$s, after "
		    "%3$d, the year of the next cycle; a notice of the %4$d cycle "
		    "comes before it: check the date"), what, iso, next, c->year);
}

static void
notice_dates(struct check *ck, size_t ci)
{
	const struct cycle *c = &ck->site->cycles[ci];
	const struct notice_entry *ne;
	char iso[16];
	int k;

	/* cycle.yaml had errors (its year, say): the loader's message first */
	if (ck->notices_incomplete[ci])
		return;
	ne = &c->notices[NOTICE_CALL];
	if (ne->present && date_year(ne->date) != c->year) {
		date_iso(ne->date, iso);
		diag_warning(ck->d, ck->files[ci].cycle_yaml, ne->line,
		    _("call is dated %1$s, outside %2$d; art. 11(1) has the "
		    "office send the call in the cycle's year: check the date"),
		    iso, c->year);
	}
	for (k = NOTICE_CALL + 1; k < NOTICE_KIND_COUNT; k++)
		if (c->notices[k].present)
			plausible_date(ck, ci, ck->files[ci].cycle_yaml,
			    c->notices[k].line, notice_name(k), c->notices[k].date);
}

/* An override dated or numbered otherwise than cycle.yaml says. */
static void
override(struct check *ck, size_t ci, const struct custom_notice *n,
    enum notice_kind k)
{
	const struct notice_entry *ne = &ck->site->cycles[ci].notices[k];
	const char *yaml = ck->files[ci].cycle_yaml;
	char a[16], b[16];

	if (!ne->present) {
		diag_warning(ck->d, n->path, 1, _("%1$s.md changes the wording "
		    "of the %1$s notice, which %2$s does not list yet; it is "
		    "published once cycle.yaml has its entry under notices:"),
		    n->name, yaml);
		return;
	}
	if (n->date != DAY_NONE && n->date != ne->date) {
		date_iso(n->date, a);
		date_iso(ne->date, b);
		diag_error(ck->d, n->path, n->date_line, _("date: %1$s differs "
		    "from the date of %2$s in %3$s:%4$d (%5$s); a notice has one "
		    "date, given in cycle.yaml: remove date: here"), a, n->name,
		    yaml, ne->line, b);
	}
	if (n->number != NULL && (ne->number == NULL ||
	    strcmp(n->number, ne->number) != 0))
		diag_error(ck->d, n->path, n->number_line, _("number: %1$s "
		    "differs from the number of %2$s in %3$s:%4$d (%5$s); a notice "
		    "has one number, given in cycle.yaml: remove number: here"),
		    n->number, n->name, yaml, ne->line,
		    ne->number != NULL ? ne->number : _("none"));
}

void
check_notices(struct check *ck)
{
	const struct site *s = ck->site;
	const struct custom_notice *n;
	enum notice_kind k;
	size_t ci, i;

	for (ci = 0; ci < s->n_cycles; ci++) {
		notice_dates(ck, ci);
		for (i = 0; i < s->cycles[ci].n_customs; i++) {
			n = &s->cycles[ci].customs[i];
			if (notice_parse(n->name, &k))
				override(ck, ci, n, k);
			else
				plausible_date(ck, ci, n->path, n->date_line,
				    n->name, n->date);
		}
	}
}
