/*
 * status: the state of each cycle as the office reads it in a terminal.
 * Tables are aligned by display width (a CJK character takes two columns),
 * so that Chinese labels line up with the dates and counts.
 */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "rules/calendar.h"
#include "rules/check.h"
#include "rules/status.h"

#define COLS	5
#define ROWS	(1 + 1 + STAGE_COUNT)	/* header, application, stages */

#define SGR_BOLD	"1"
#define SGR_DIM		"2"
#define SGR_GREEN	"32"
#define SGR_YELLOW	"33"

/* Decodes one UTF-8 sequence; returns its length (1 on a bad byte). */
static int
u8_decode(const unsigned char *s, unsigned *cp)
{
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = s[0] & (0x3f >> (n - 1));
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/* East Asian Wide and Fullwidth ranges (UAX #11), the ones met here. */
static bool
wide(unsigned cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0x303e) ||
	    (cp >= 0x3041 && cp <= 0x33ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xa000 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x20000 && cp <= 0x3fffd);
}

int
status_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	int w = 0;

	while (*p != '\0') {
		p += u8_decode(p, &cp);
		if (cp >= 0x20 && cp != 0x7f)
			w += wide(cp) ? 2 : 1;
	}
	return w;
}

struct out {
	FILE	*f;
	bool	 color;
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

/* s, then spaces up to width columns. */
static void
pad(const struct out *o, const char *s, int width)
{
	int n;

	fputs(s, o->f);
	for (n = status_width(s); n < width; n++)
		fputc(' ', o->f);
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
	char a[16], b[16];

	if (!n->present || !notice_is_publicity(k) ||
	    cs->window_end[k] == DAY_NONE)
		return xstrdup("");
	date_iso(n->date, a);
	date_iso(cs->window_end[k], b);
	return xasprintf("%s 至 %s (%d 个工作日)", a, b, cs->window_days[k]);
}

static char *
cell_count(const struct cycle_state *cs, int row)
{
	switch (row) {
	case 0:
		return xasprintf("%zu 申报 applied", cs->applied.n);
	case 1 + STAGE_RECOMMENDATION:
		return xasprintf("%zu 推荐 recommended", cs->recommended.n);
	case 1 + STAGE_QUALIFICATION:
		return xasprintf("%zu 受理 accepted", cs->accepted.n);
	case 1 + STAGE_MATERIAL:
		return xasprintf("%zu 进入陈述答辩", cs->presentation.n);
	case 1 + STAGE_PRESENTATION:
		return xasprintf("%zu 进入现场评审", cs->onsite.n);
	case 1 + STAGE_ONSITE:
		return xasprintf("%zu 通过 passed", cs->onsite_passed.n);
	case 1 + STAGE_DELIBERATION:
		return xasprintf("质量奖 %zu + 提名奖 %zu 建议 proposed",
		    cs->proposed_award.n, cs->proposed_nomination.n);
	default:
		return xasprintf("质量奖 %zu + 提名奖 %zu 审定 approved",
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
	static const char *const head[COLS] = {
		"阶段 stage", "公告 notice", "日期 date", "公示期 publicity",
		"人数 count"
	};
	const struct notice_entry *n;
	int r, c, k;

	for (c = 0; c < COLS; c++)
		cell[0][c] = xstrdup(head[c]);
	for (r = 1; r < ROWS; r++) {
		k = row_notice(r - 1);
		cell[r][0] = r == 1 ? xstrdup("申报 application") :
		    xasprintf("%s %s", stage_label((enum stage)(r - 2)),
		    stage_name((enum stage)(r - 2)));
		if (k < 0) {
			cell[r][1] = xstrdup("-");
			cell[r][2] = xstrdup("");
			cell[r][3] = xstrdup("");
		} else {
			n = &cs->cycle->notices[k];
			cell[r][1] = xasprintf("%s %s", notice_label(k),
			    notice_name(k));
			cell[r][2] = cell_date(n->present ? n->date : DAY_NONE);
			cell[r][3] = cell_window(cs, k);
		}
		cell[r][4] = cell_count(cs, r - 1);
	}
}

static void
print_table(const struct out *o, char *cell[ROWS][COLS])
{
	int width[COLS] = { 0 }, r, c, w;

	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			if ((w = status_width(cell[r][c])) > width[c])
				width[c] = w;
	for (r = 0; r < ROWS; r++) {
		fputs("  ", o->f);
		if (r == 0)
			sgr_on(o, SGR_BOLD);
		for (c = 0; c < COLS; c++) {
			if (c == COLS - 1)
				fputs(cell[r][c], o->f);
			else {
				pad(o, cell[r][c], width[c]);
				fputs("  ", o->f);
			}
		}
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

/* Once the decision is out, what remains are the revocations due. */
static void
print_revocations_next(const struct out *o, const struct cycle_state *cs)
{
	const struct certificate *cert;
	size_t i;
	bool any = false;

	for (i = 0; i < cs->n_certs; i++) {
		cert = cs->certs[i];
		if (cert->revocation == NULL || cert->revoked)
			continue;
		fprintf(o->f, "%s撤销决定 revocation-%s (art. %d, sanctions.csv:%d)",
		    any ? "; " : "", cert->number, cert->revocation_article,
		    cert->revocation->line);
		any = true;
	}
	if (!any)
		fputs("the cycle is complete", o->f);
}

static void
print_next(const struct out *o, const struct state *st,
    const struct cycle_state *cs)
{
	const struct site *site = st->site;
	const struct cycle *c = cs->cycle;
	int last = -1, k, s;
	day_t base = DAY_NONE, after, d;
	char iso[16];

	for (k = 0; k < NOTICE_KIND_COUNT; k++)
		if (c->notices[k].present)
			last = k;
	fputs("  ", o->f);
	sgr_on(o, SGR_GREEN);
	fputs("下一步 next: ", o->f);
	if (last == NOTICE_DECISION) {
		print_revocations_next(o, cs);
		sgr_off(o);
		fputc('\n', o->f);
		return;
	}
	k = last + 1;
	fprintf(o->f, "%s %s", notice_label(k), notice_name(k));
	if (last >= 0 && notice_is_publicity(last) &&
	    cs->window_end[last] != DAY_NONE)
		base = cal_next_working_day(site, cs->window_end[last] + 1);
	s = notice_stage(k);
	after = s >= 0 ? last_decision(c, s) : DAY_NONE;
	if (s >= 0 && after == DAY_NONE) {
		fprintf(o->f, ", once the %s decisions (%s) are recorded",
		    stage_name(s), stage_label(s));
		if (base != DAY_NONE) {
			date_iso(base, iso);
			fprintf(o->f, ", not before %s", iso);
		}
	} else if (after != DAY_NONE || base != DAY_NONE) {
		d = after != DAY_NONE ? cal_next_working_day(site, after + 1) :
		    DAY_NONE;
		if (after != DAY_NONE && d == DAY_NONE)
			fprintf(o->f, ", earliest in %d: add calendar/%d.yaml",
			    date_year(after + 1), date_year(after + 1));
		else {
			if (d == DAY_NONE || (base != DAY_NONE && base > d))
				d = base;
			date_iso(d, iso);
			fprintf(o->f, ", earliest %s", iso);
		}
	}
	sgr_off(o);
	fputc('\n', o->f);
}

static void
print_counters(const struct out *o, const struct cycle_state *cs)
{
	size_t i, pending = 0;
	bool first;

	for (i = 0; i < cs->n_certs; i++)
		if (cs->certs[i]->revocation != NULL && !cs->certs[i]->revoked)
			pending++;
	fputs("  异议 objections: ", o->f);
	fprintf(o->f, "%zu open, ", cs->objections_open);
	if (cs->objections_late > 0)
		sgr_on(o, SGR_YELLOW);
	fprintf(o->f, "%zu late", cs->objections_late);
	if (cs->objections_late > 0)
		sgr_off(o);
	fprintf(o->f, "; 取消资格 disqualified: %zu; 待撤销 revocations "
	    "pending: ", cs->disqualified.n);
	if (pending > 0)
		sgr_on(o, SGR_YELLOW);
	fprintf(o->f, "%zu", pending);
	for (i = 0, first = true; i < cs->n_certs; i++)
		if (cs->certs[i]->revocation != NULL && !cs->certs[i]->revoked) {
			fprintf(o->f, "%s %s (art. %d)", first ? ":" : ",",
			    cs->certs[i]->number,
			    cs->certs[i]->revocation_article);
			first = false;
		}
	if (pending > 0)
		sgr_off(o);
	fputc('\n', o->f);
	for (i = 0; i < cs->cycle->n_objections; i++)
		if (!state_objection_has_letter(&cs->cycle->objections[i]))
			fprintf(o->f, _("  异议 %s: no letter, the objector gave "
			    "neither a name nor an address (无告知书)\n"),
			    cs->cycle->objections[i].id);
}

static void
print_cycle(const struct out *o, const struct state *st,
    const struct cycle_state *cs)
{
	const char *award = val_get_str(val_get(st->site->yaml, "award"),
	    "short_name");
	char *cell[ROWS][COLS];
	char iso[16];
	int r, c;

	sgr_on(o, SGR_BOLD);
	fprintf(o->f, "%d", cs->cycle->year);
	if (cs->cycle->edition > 0)
		fprintf(o->f, " 第%d届", cs->cycle->edition);
	if (award != NULL)
		fprintf(o->f, " %s", award);
	sgr_off(o);
	if (cs->cycle->application_deadline != DAY_NONE) {
		date_iso(cs->cycle->application_deadline, iso);
		fprintf(o->f, "  申报截止 application deadline %s", iso);
	}
	fputs("\n\n", o->f);
	fill_table(cs, cell);
	print_table(o, cell);
	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			free(cell[r][c]);
	fputc('\n', o->f);
	print_counters(o, cs);
	print_next(o, st, cs);
}

void
status_print(const struct state *st, int year, FILE *f, bool color)
{
	struct out o = { f, color };
	size_t i;
	bool any = false;

	for (i = 0; i < st->n_cycles; i++) {
		if (year != 0 && st->cycles[i].cycle->year != year)
			continue;
		if (any)
			fputc('\n', f);
		print_cycle(&o, st, &st->cycles[i]);
		any = true;
	}
	if (!any && year != 0)
		fprintf(f, "no cycle %d in the content: its folder %d/ does not "
		    "exist\n", year, year);
	else if (!any)
		fputs("no cycle in the content yet: add a folder named by its "
		    "year, with its cycle.yaml\n", f);
	if (st->revocations_pending > 0 && year == 0) {
		fputc('\n', f);
		sgr_on(&o, SGR_YELLOW);
		fprintf(f, "待撤销 revocations pending in all cycles: %zu\n",
		    st->revocations_pending);
		sgr_off(&o);
	}
}
