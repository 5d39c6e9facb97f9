/*
 * timeline: the coordinates of a cycle's timeline (inline SVG on the
 * cycle page, templates/layout/timeline.html): a bar per publicity
 * window, a mark per dated notice, along a month-by-month date axis.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/site.h"
#include "compose/timeline.h"

/* The timeline's geometry, in SVG user units. */
#define TL_WIDTH	720
#define TL_LEFT		132	/* the date axis starts here; labels to the left */
#define TL_RIGHT	704
#define TL_TOP		34	/* below the month labels */
#define TL_ROW		30
#define TL_BAR		14
#define TL_FONT		12

/* "7月15日" */
static void
set_date_md(struct val *m, const char *key, day_t d)
{
	char md[32];

	date_cn_md(d, md);
	val_set_str(m, key, md);
}

struct tl_row {
	const char	*kind;		/* notice name, or "deadline" */
	day_t		 start, end;	/* end inclusive; start == end: one day */
	bool		 window;	/* a publicity: a bar, else a mark */
};

/* Tenths of a unit, for coordinates without floating point. */
static struct val *
tenths(long v)
{
	return val_strf("%ld.%ld", v / 10, v % 10);
}

static long
x_of(day_t d, day_t d0, day_t d1)
{
	return TL_LEFT * 10L + (long)(d - d0) * (TL_RIGHT - TL_LEFT) * 10L /
	    (long)(d1 - d0);
}

/* Rough width of a label: a Chinese character is 1 em, others about half. */
static long
text_width(const char *s)
{
	long w = 0;

	for (; *s != '\0'; s++) {
		if ((*s & 0xc0) == 0x80)
			continue;
		w += (unsigned char)*s >= 0xe0 ? 10 : 6;
	}
	return w * TL_FONT;	/* in tenths */
}

static day_t
month_start(day_t d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(y, m, 1);
}

static day_t
next_month(day_t d, int step)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	m += step;
	while (m > 12) {
		m -= 12;
		y++;
	}
	return date_from_ymd(y, m, 1);
}

static size_t
timeline_rows(const struct cycle_state *cs, struct tl_row *rows)
{
	const struct cycle *c = cs->cycle;
	size_t n = 0;
	int k;

	for (k = 0; k < NOTICE_KIND_COUNT; k++) {
		if (!c->notices[k].present || c->notices[k].date == DAY_NONE)
			continue;
		rows[n].kind = notice_name(k);
		rows[n].start = rows[n].end = c->notices[k].date;
		rows[n].window = false;
		if (notice_is_publicity(k) && cs->window_end[k] != DAY_NONE &&
		    cs->window_end[k] >= c->notices[k].date) {
			rows[n].end = cs->window_end[k];
			rows[n].window = true;
		}
		n++;
		if (k == NOTICE_CALL && c->application_deadline != DAY_NONE) {
			rows[n].kind = "deadline";
			rows[n].start = rows[n].end = c->application_deadline;
			rows[n].window = false;
			n++;
		}
	}
	return n;
}

static struct val *
timeline_ticks(day_t d0, day_t d1, long bottom)
{
	struct val *ticks = val_list(), *t;
	day_t m;
	int y, mo, dd, months = 0, step;

	for (m = d0; m < d1; m = next_month(m, 1))
		months++;
	step = (months + 11) / 12;	/* at most about 12 labels */
	for (m = d0; m < d1; m = next_month(m, step)) {
		date_to_ymd(m, &y, &mo, &dd);
		t = val_push(ticks, val_map());
		val_set(t, "x", tenths(x_of(m, d0, d1)));
		val_set(t, "label_x", tenths(x_of(m, d0, d1) + 30));
		val_set_int(t, "y2", bottom);
		val_set_int(t, "month", mo);
		val_set_int(t, "year", y);
		/* The year is written on the first month and on each January. */
		val_set_bool(t, "show_year", m == d0 || mo == 1);
	}
	return ticks;
}

static struct val *
timeline_row(const struct tl_row *r, size_t i, day_t d0, day_t d1)
{
	struct val *m = val_map();
	long x0 = x_of(r->start, d0, d1), x1 = x_of(r->end + 1, d0, d1);
	long y = TL_TOP + (long)i * TL_ROW, label_w, mid;
	struct buf dates;

	site_set_kind_flags(m, r->kind);
	val_set_bool(m, "is_window", r->window);
	val_set_int(m, "row_y", y);
	val_set_int(m, "row_h", TL_ROW);
	val_set_int(m, "text_y", y + TL_ROW / 2 + TL_FONT * 4 / 10);
	val_set_int(m, "label_x", TL_LEFT - 8);
	val_set_int(m, "bar_y", y + (TL_ROW - TL_BAR) / 2);
	val_set_int(m, "bar_h", TL_BAR);
	val_set(m, "bar_x", tenths(x0));
	val_set(m, "bar_w", tenths(x1 - x0 < 30 ? 30 : x1 - x0));
	val_set(m, "mark_x", tenths((x0 + x1) / 2));
	val_set_int(m, "mark_y", y + TL_ROW / 2);
	site_set_date(m, "start", r->start);
	site_set_date(m, "end", r->end);
	set_date_md(m, "start_md", r->start);
	set_date_md(m, "end_md", r->end);
	/* The dates beside the bar: after it, or before when no room is left. */
	buf_init(&dates);
	{
		char a[32], b[32];

		date_cn_md(r->start, a);
		date_cn_md(r->end, b);
		buf_printf(&dates, r->window ? "%s至%s" : "%s", a, b);
	}
	label_w = text_width(buf_cstr(&dates));
	if (!r->window) {	/* clear of the mark's circle */
		mid = (x0 + x1) / 2;
		x0 = mid - 50;
		x1 = mid + 50;
	}
	if (x1 + 60 + label_w <= TL_WIDTH * 10L) {
		val_set(m, "date_x", tenths(x1 + 60));
		val_set_str(m, "date_anchor", "start");
	} else {
		val_set(m, "date_x", tenths(x0 - 60));
		val_set_str(m, "date_anchor", "end");
	}
	buf_free(&dates);
	return m;
}

/*
 * The stages along a date axis: month by month from the first date to
 * the last, a bar per publicity window, a mark per dated notice. The
 * markup is templates/layout/timeline.html; here only the coordinates.
 */
struct val *
timeline(const struct cycle_state *cs)
{
	struct tl_row rows[NOTICE_KIND_COUNT + 1];
	struct val *tl, *list;
	size_t n, i;
	day_t lo, hi, d0, d1;
	long bottom;

	n = timeline_rows(cs, rows);
	if (n == 0)
		return val_null();
	lo = rows[0].start;
	hi = rows[0].end;
	for (i = 1; i < n; i++) {
		if (rows[i].start < lo)
			lo = rows[i].start;
		if (rows[i].end > hi)
			hi = rows[i].end;
	}
	d0 = month_start(lo);
	d1 = next_month(hi, 1);
	bottom = TL_TOP + (long)n * TL_ROW;
	tl = val_map();
	val_set_int(tl, "width", TL_WIDTH);
	val_set_int(tl, "height", bottom + 8);
	val_set_int(tl, "axis_x1", TL_LEFT);
	val_set_int(tl, "axis_x2", TL_RIGHT);
	val_set_int(tl, "axis_y", TL_TOP);
	val_set_int(tl, "month_y", TL_TOP - 10);
	val_set_int(tl, "bottom", bottom);
	val_set(tl, "ticks", timeline_ticks(d0, d1, bottom));
	list = val_set(tl, "rows", val_list());
	for (i = 0; i < n; i++)
		val_push(list, timeline_row(&rows[i], i, d0, d1));
	return tl;
}
