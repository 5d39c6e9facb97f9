/*
 * status: the state of each cycle as the office reads it in a terminal,
 * in the user's language. Tables are aligned by display width, measured
 * by libunistring (a CJK character takes two columns); every line fits
 * the width given (100 columns, or a narrower terminal): the last column
 * of the table and the free text lines are wrapped where libunistring's
 * line breaking (UAX #14, CJK included) allows.
 */
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>
#include <uniwidth.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "rules/calendar.h"
#include "rules/check.h"
#include "rules/status.h"

#define COLS	5
#define ROWS	(1 + 1 + STAGE_COUNT)	/* header, application, stages */
#define INDENT	2
#define GAP	2

#define SGR_BOLD	"1"
#define SGR_GREEN	"32"
#define SGR_YELLOW	"33"

int
status_width(const char *s)
{
	int w = u8_strwidth((const uint8_t *)s, "UTF-8");

	return w > 0 ? w : 0;
}

const char *
status_stage_title(int s)
{
	return s < 0 ? P_("stage", "application") : stage_word((enum stage)s);
}

const char *
status_notice_title(int k)
{
	return notice_word((enum notice_kind)k);
}

struct out {
	FILE	*f;
	bool	 color;
	int	 width;
};

static void
sgr_on(const struct out *o, const char *code)
{
	if (o->color)
		fprintf(o->f, "\033[%sm", code);
}

static void
sgr_off(const struct out *o)
{
	if (o->color)
		fputs("\033[0m", o->f);
}

static void
spaces(const struct out *o, int n)
{
	while (n-- > 0)
		fputc(' ', o->f);
}

/*
 * Prints s wrapped to width columns, lines after the first starting at
 * column indent (the first is already there): breaks where libunistring
 * says a line may break; spaces at a break are dropped.
 */
static void
wrapped(const struct out *o, const char *s, int indent, int width)
{
	size_t n = strlen(s), i, start = 0, end;
	char *brk;

	if (n == 0)
		return;
	if (width < 10)
		width = 10;
	brk = xmalloc(n);
	u8_width_linebreaks((const uint8_t *)s, n, width, indent, 0, NULL,
	    "UTF-8", brk);
	for (i = 0; i < n; i++) {
		if (brk[i] != UC_BREAK_POSSIBLE && brk[i] != UC_BREAK_MANDATORY)
			continue;
		/* the spaces before a break are dropped with it */
		for (end = i; end > start && s[end - 1] == ' '; end--)
			;
		fwrite(s + start, 1, end - start, o->f);
		fputc('\n', o->f);
		spaces(o, indent);
		start = i;
	}
	fwrite(s + start, 1, n - start, o->f);
	free(brk);
}

/* One free text line, starting at INDENT, wrapped to the width. */
static void
text_line(const struct out *o, const char *s, const char *sgr)
{
	spaces(o, INDENT);
	if (sgr != NULL)
		sgr_on(o, sgr);
	wrapped(o, s, INDENT + 2, o->width);
	if (sgr != NULL)
		sgr_off(o);
	fputc('\n', o->f);
}

static char *
cell_date(day_t d)
{
	char iso[16];

	if (d == DAY_NONE)
		return xstrdup("-");
	date_iso(d, iso);
	return xstrdup(iso);
}

static char *
cell_window(const struct cycle_state *cs, enum notice_kind k)
{
	const struct notice_entry *n = &cs->cycle->notices[k];
	char b[16];

	if (!n->present || !notice_is_publicity(k) ||
	    cs->window_end[k] == DAY_NONE)
		return xstrdup("");
	date_iso(cs->window_end[k], b);
	/* TRANSLATORS: a publicity window: its end, its length */
	return xasprintf(_("to %s, %d working days"), b, cs->window_days[k]);
}

static char *
cell_count(const struct cycle_state *cs, int row)
{
	switch (row) {
	case 0:
		return xasprintf(_("%zu applied"), cs->applied.n);
	case 1 + STAGE_RECOMMENDATION:
		return xasprintf(_("%zu recommended"), cs->recommended.n);
	case 1 + STAGE_QUALIFICATION:
		return xasprintf(_("%zu accepted"), cs->accepted.n);
	case 1 + STAGE_MATERIAL:
		return xasprintf(_("%zu to presentation"), cs->presentation.n);
	case 1 + STAGE_PRESENTATION:
		return xasprintf(_("%zu to on-site review"), cs->onsite.n);
	case 1 + STAGE_ONSITE:
		return xasprintf(_("%zu passed"), cs->onsite_passed.n);
	/* The stage says proposed (deliberation) or approved. */
	case 1 + STAGE_DELIBERATION:
		return xasprintf(_("%zu awards, %zu nominations"),
		    cs->proposed_award.n, cs->proposed_nomination.n);
	default:
		return xasprintf(_("%zu awards, %zu nominations"),
		    cs->approved_award.n, cs->approved_nomination.n);
	}
}

/* The notice of a table row: the call for the application row. */
static int
row_notice(int row)
{
	return row == 0 ? NOTICE_CALL : stage_notice((enum stage)(row - 1));
}

static void
fill_table(const struct cycle_state *cs, char *cell[ROWS][COLS])
{
	const char *head[COLS] = {
		_("stage"), _("notice"), _("date"), _("publicity"), _("count")
	};
	const struct notice_entry *n;
	int r, c, k;

	for (c = 0; c < COLS; c++)
		cell[0][c] = xstrdup(head[c]);
	for (r = 1; r < ROWS; r++) {
		k = row_notice(r - 1);
		cell[r][0] = xstrdup(status_stage_title(r - 2));
		if (k < 0) {
			cell[r][1] = xstrdup("-");
			cell[r][2] = xstrdup("");
			cell[r][3] = xstrdup("");
		} else {
			n = &cs->cycle->notices[k];
			cell[r][1] = xstrdup(status_notice_title(k));
			cell[r][2] = cell_date(n->present ? n->date : DAY_NONE);
			cell[r][3] = cell_window(cs, k);
		}
		cell[r][4] = cell_count(cs, r - 1);
	}
}

/* The columns aligned; the last one wrapped to what the width leaves. */
static void
print_table(const struct out *o, char *cell[ROWS][COLS])
{
	int width[COLS] = { 0 }, r, c, w, at;

	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			if ((w = status_width(cell[r][c])) > width[c])
				width[c] = w;
	for (r = 0; r < ROWS; r++) {
		spaces(o, INDENT);
		if (r == 0)
			sgr_on(o, SGR_BOLD);
		at = INDENT;
		for (c = 0; c < COLS - 1; c++) {
			fputs(cell[r][c], o->f);
			w = status_width(cell[r][c]);
			spaces(o, width[c] - w + GAP);
			at += width[c] + GAP;
		}
		wrapped(o, cell[r][COLS - 1], at, o->width);
		if (r == 0)
			sgr_off(o);
		fputc('\n', o->f);
	}
}

/* The last decision date of a stage in a cycle, or DAY_NONE. */
static day_t
last_decision(const struct cycle *c, enum stage s)
{
	day_t last = DAY_NONE;
	size_t i;

	for (i = 0; i < c->n_decisions; i++)
		if (c->decisions[i].stage == s &&
		    c->decisions[i].date != DAY_NONE &&
		    (last == DAY_NONE || c->decisions[i].date > last))
			last = c->decisions[i].date;
	return last;
}

/* The stage whose list a notice publishes, or -1 (the call). */
static int
notice_stage(enum notice_kind k)
{
	enum stage s;

	for (s = 0; s < STAGE_COUNT; s++)
		if (stage_notice(s) == (int)k)
			return (int)s;
	return -1;
}

void
status_next(const struct state *st, const struct cycle_state *cs,
    struct status_next *nx)
{
	const struct cycle *c = cs->cycle;
	int last = -1, k, s;
	day_t base = DAY_NONE, after, d;

	memset(nx, 0, sizeof(*nx));
	nx->notice = nx->waiting_stage = -1;
	nx->earliest = DAY_NONE;
	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		if (c->notices[k].present)
			last = k;
	if (last == NOTICE_DECISION)
		return;
	nx->notice = k = last + 1;
	if (last >= 0 && notice_is_publicity(last) &&
	    cs->window_end[last] != DAY_NONE)
		base = cal_next_working_day(st->site, cs->window_end[last] + 1);
	s = notice_stage(k);
	after = s >= 0 ? last_decision(c, s) : DAY_NONE;
	if (s >= 0 && after == DAY_NONE) {
		nx->waiting_stage = s;
		nx->earliest = base;
		return;
	}
	if (after == DAY_NONE && base == DAY_NONE)
		return;
	d = after != DAY_NONE ? cal_next_working_day(st->site, after + 1) :
	    DAY_NONE;
	if (after != DAY_NONE && d == DAY_NONE) {
		nx->calendar_year = date_year(after + 1);
		return;
	}
	if (d == DAY_NONE || (base != DAY_NONE && base > d))
		d = base;
	nx->earliest = d;
}

/* Once the decision is out, what remains are the revocations due. */
static char *
revocations_next(const struct state *st, const struct cycle_state *cs)
{
	const struct certificate *cert;
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < cs->n_certs; i++) {
		cert = cs->certs[i];
		if (cert->revocation == NULL || cert->revoked)
			continue;
		if (b.len > 0)
			buf_puts(&b, _("; "));
		buf_printf(&b, _("revocation decision revocation-%1$s (art. "
		    "%2$d, %3$s:%4$d)"), cert->number, cert->revocation_article,
		    st->sanctions_file, cert->revocation->line);
	}
	return buf_detach(&b);
}

static char *
next_text(const struct state *st, const struct cycle_state *cs)
{
	struct status_next nx;
	const char *what;
	char iso[16], *list, *t;

	status_next(st, cs, &nx);
	if (nx.notice < 0) {
		list = revocations_next(st, cs);
		t = *list == '\0' ? xstrdup(_("next: nothing, the cycle is "
		    "complete")) : xasprintf(_("next: %s"), list);
		free(list);
		return t;
	}
	what = status_notice_title(nx.notice);
	if (nx.earliest != DAY_NONE)
		date_iso(nx.earliest, iso);
	if (nx.waiting_stage >= 0 && nx.earliest != DAY_NONE)
		return xasprintf(_("next: the %s notice, once the %s decisions "
		    "are recorded, not before %s"), what,
		    status_stage_title(nx.waiting_stage), iso);
	if (nx.waiting_stage >= 0)
		return xasprintf(_("next: the %s notice, once the %s decisions "
		    "are recorded"), what, status_stage_title(nx.waiting_stage));
	if (nx.calendar_year > 0)
		return xasprintf(_("next: the %1$s notice, in %2$d at the "
		    "earliest: add calendar/%2$d.yaml first"), what,
		    nx.calendar_year);
	if (nx.earliest != DAY_NONE)
		return xasprintf(_("next: the %s notice, on %s at the earliest"),
		    what, iso);
	return xasprintf(_("next: the %s notice"), what);
}

static size_t
pending(const struct cycle_state *cs)
{
	size_t i, n = 0;

	for (i = 0; i < cs->n_certs; i++)
		if (cs->certs[i]->revocation != NULL && !cs->certs[i]->revoked)
			n++;
	return n;
}

static void
print_counters(const struct out *o, const struct cycle_state *cs)
{
	size_t i, n = pending(cs);
	struct buf b;
	char *t;

	buf_init(&b);
	buf_printf(&b, _("objections: %zu open, %zu late; disqualified: %zu; "
	    "revocations pending: %zu"), cs->objections_open,
	    cs->objections_late, cs->disqualified.n, n);
	for (i = 0; i < cs->n_certs; i++)
		if (cs->certs[i]->revocation != NULL && !cs->certs[i]->revoked)
			buf_printf(&b, _(" %s (art. %d)"), cs->certs[i]->number,
			    cs->certs[i]->revocation_article);
	text_line(o, buf_cstr(&b),
	    cs->objections_late > 0 || n > 0 ? SGR_YELLOW : NULL);
	buf_free(&b);
	for (i = 0; i < cs->cycle->n_objections; i++) {
		if (state_objection_has_letter(&cs->cycle->objections[i]))
			continue;
		t = xasprintf(_("objection %s: no letter (无告知书), the objector "
		    "gave neither a name nor an address"),
		    cs->cycle->objections[i].id);
		text_line(o, t, NULL);
		free(t);
	}
}

static void
print_heading(const struct out *o, const struct state *st,
    const struct cycle_state *cs)
{
	const char *award = val_get_str(val_get(st->site->yaml, "award"),
	    "short_name");
	char iso[16], *t;

	sgr_on(o, SGR_BOLD);
	if (cs->cycle->edition > 0)
		t = xasprintf(_("%d, edition %d"), cs->cycle->year,
		    cs->cycle->edition);
	else
		t = xasprintf("%d", cs->cycle->year);
	fputs(t, o->f);
	free(t);
	if (award != NULL)
		fprintf(o->f, " %s", award);
	sgr_off(o);
	if (cs->cycle->application_deadline != DAY_NONE) {
		date_iso(cs->cycle->application_deadline, iso);
		fputs("  ", o->f);
		fprintf(o->f, _("application deadline %s"), iso);
	}
	fputs("\n\n", o->f);
}

static void
print_cycle(const struct out *o, const struct state *st,
    const struct cycle_state *cs)
{
	char *cell[ROWS][COLS], *t;
	int r, c;

	print_heading(o, st, cs);
	fill_table(cs, cell);
	print_table(o, cell);
	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			free(cell[r][c]);
	fputc('\n', o->f);
	print_counters(o, cs);
	t = next_text(st, cs);
	text_line(o, t, SGR_GREEN);
	free(t);
}

bool
status_has_cycle(const struct state *st, int year)
{
	size_t i;

	for (i = 0; i < st->n_cycles; i++)
		if (year == 0 || st->cycles[i].cycle->year == year)
			return true;
	return false;
}

void
status_print(const struct state *st, int year, FILE *f, bool color, int width)
{
	struct out o = { f, color, width > 0 ? width : STATUS_WIDTH };
	size_t i;
	bool any = false;
	char *t;

	for (i = 0; i < st->n_cycles; i++) {
		if (year != 0 && st->cycles[i].cycle->year != year)
			continue;
		if (any)
			fputc('\n', f);
		print_cycle(&o, st, &st->cycles[i]);
		any = true;
	}
	if (!any)
		fputs(_("no cycle in the content yet: add a folder named by its "
		    "year, with its cycle.yaml\n"), f);
	if (st->revocations_pending > 0 && year == 0) {
		fputc('\n', f);
		t = xasprintf(_("revocations pending in all cycles: %zu"),
		    st->revocations_pending);
		sgr_on(&o, SGR_YELLOW);
		wrapped(&o, t, INDENT, o.width);
		sgr_off(&o);
		free(t);
		fputc('\n', f);
	}
}
