/*
 * odt_table: the column widths of a table, chosen so that its cells read
 * well in LibreOffice's print of them.
 *
 * A column as wide as its longest cell keeps every cell on one line; when
 * the columns cannot all be that wide (four columns of names on a 156 mm
 * page), some cells must wrap, and the question is which.  Each column's
 * cost at a width is the number of extra lines its cells take, and far
 * more for a cell whose last line holds a single character ("有限公" /
 * "司"), which a 文秘 sends back.  Starting from every column at its
 * longest cell, the columns are narrowed one step at a time, each time
 * where the cost per unit of width saved is least, until they fit.  The
 * columns of long names (organisations, units) give first, since theirs
 * wrap anyway; a column of short ones (regions: 新疆生产建设兵团, dates)
 * only when those are down to six characters, so that a region is broken
 * only where nothing else helps, and no cell is left with one character
 * alone while a neighbour could give a little.  Room left over goes back
 * where it saves most; what remains is shared out in proportion.  The
 * costs come from a histogram of each column's cell lengths, so a table of
 * 20,000 rows costs no more to lay out than one of twenty.
 *
 * Lengths are in units of half a 14 pt character (7 pt): a Chinese
 * character is two, a digit or Latin letter of the CJK font a little more
 * than one (0.57 em, as LibreOffice sets it).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/odt.h"

#define UNIT_PT		7.0	/* half a character of the 14 pt cells */
#define CELL_PAD	8.0	/* a cell's padding and rules, in pt */
#define LATIN_UNITS	1.15	/* a digit or Latin letter: 8 pt */
#define MAX_UNITS	ODT_MAX_UNITS	/* longer cells count as this long */
#define MIN_UNITS	4	/* no column narrower than two characters */
#define CENTRE_UNITS	12	/* columns no wider than this are centred: 序号, dates */
#define ORPHAN_COST	4.0	/* one character alone on a cell's last line */
#define SHORT_UNITS	24	/* a column of cells up to 12 characters (regions,
				   dates): narrowed only when the long ones cannot */
#define LONG_FLOOR	12	/* a column of long names keeps 6 characters */

struct column {
	size_t	 count[MAX_UNITS + 1];	/* cells of each length, in units */
	double	 cost[MAX_UNITS + 1];	/* column_cost() at each width */
	int	 longest;		/* units of the longest cell */
	int	 floor;			/* its header's units: never narrower */
	int	 width;			/* chosen, in units */
};

static double
cell_units(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double u = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x80)
			u += LATIN_UNITS;
		else if (*p >= 0xc0)
			u += 2;
	}
	return u;
}

/* The sum of the eight byte lanes of x. */
static size_t
lanes_sum(uint64_t x)
{
	const uint64_t pairs = 0x00ff00ff00ff00ffULL;

	x = (x & pairs) + ((x >> 8) & pairs);	/* four 16-bit lanes */
	return (size_t)((x * 0x0001000100010001ULL) >> 48);
}

/*
 * The ASCII bytes of s and its lead bytes of wide characters (0xc0 and
 * above), eight bytes at a time: each byte lane of the sums counts its
 * own, and the lanes are added up every 255 words, before one overflows.
 */
static void
count_bytes(const char *s, size_t *ascii, size_t *wide)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t len = strlen(s), i = 0, n_high = 0, n_lead = 0, k;
	uint64_t x, sum_high, sum_lead;

	while (i + 8 <= len) {
		sum_high = sum_lead = 0;
		for (k = 0; k < 255 && i + 8 <= len; k++, i += 8) {
			memcpy(&x, s + i, 8);
			sum_high += (x & high) >> 7;
			sum_lead += (x & (x << 1) & high) >> 7;
		}
		n_high += lanes_sum(sum_high);
		n_lead += lanes_sum(sum_lead);
	}
	for (; i < len; i++) {
		n_high += (unsigned char)s[i] >= 0x80;
		n_lead += (unsigned char)s[i] >= 0xc0;
	}
	*ascii = len - n_high;
	*wide = n_lead;
}

/*
 * cell_units() rounded up, from the counts of s's ASCII bytes and wide
 * characters (count_bytes, or the ODT check's: odt.h), without its
 * floating-point sum where the sum
 * cannot matter: a cell of a ASCII bytes and w wide characters measures
 * 1.15 a + 2 w, exact when a is 0, and otherwise a whole number only when
 * a is a multiple of 20; else it lies at least 0.05 from one, far beyond
 * any rounding of the sum.  Only those cells are summed as before, so
 * that the widths are the same to the last bit.
 */
unsigned char
odt_cell_units(const char *s, size_t ascii, size_t wide)
{
	double u;
	int n;

	if (ascii > MAX_UNITS || wide > MAX_UNITS)
		return MAX_UNITS;
	if (ascii == 0 || ascii % 20 != 0)
		n = (int)(2 * wide + (115 * ascii + 99) / 100);
	else {
		u = cell_units(s);
		n = (int)u;
		if (n < u)
			n++;	/* a part of a unit takes a whole one */
	}
	return (unsigned char)(n > MAX_UNITS ? MAX_UNITS : n);
}

static int
units_of(const char *s)
{
	size_t ascii, wide;

	if (s == NULL)
		s = "";
	count_bytes(s, &ascii, &wide);
	return odt_cell_units(s, ascii, wide);
}

/*
 * The cost of the cells of col at a width of w units: lines beyond the
 * first, and ORPHAN_COST for each cell whose last line is a single
 * character.  Lines hold whole characters: w / 2 of them.
 */
static double
column_cost(const struct column *col, int w)
{
	int per = w / 2 * 2, len, lines, rest;
	double cost = 0;

	if (per < 2)
		per = 2;
	for (len = 1; len <= col->longest; len++) {
		if (col->count[len] == 0 || len <= w)
			continue;
		lines = (len + per - 1) / per;
		rest = len - (lines - 1) * per;
		cost += (double)col->count[len] * ((lines - 1) +
		    (rest <= 2 ? ORPHAN_COST : 0));
	}
	return cost;
}

/* count, when not NULL, holds the cells by measure (odt.h), column by column. */
static void
measure(const struct doc_table *t, const uint32_t *count, size_t c,
    struct column *col, bool *centre)
{
	size_t r;
	int u;

	col->floor = units_of(t->headers[c]);
	col->longest = col->floor;
	*centre = true;
	for (u = 0; count != NULL && u <= MAX_UNITS; u++)
		if ((col->count[u] = count[c * (MAX_UNITS + 1) + u]) > 0) {
			if (u > col->longest)
				col->longest = u;
			if (u > CENTRE_UNITS)
				*centre = false;
		}
	for (r = 0; count == NULL && r < t->n_rows; r++) {
		u = units_of(t->cells[r * t->n_cols + c]);
		col->count[u]++;
		if (u > col->longest)
			col->longest = u;
		if (u > CENTRE_UNITS)
			*centre = false;
	}
	if (col->floor < MIN_UNITS)
		col->floor = MIN_UNITS;
	if (col->longest > SHORT_UNITS && col->floor < LONG_FLOOR)
		col->floor = LONG_FLOOR;
	if (col->floor > col->longest)
		col->longest = col->floor;
	col->width = col->longest;
	for (u = col->floor; u <= col->longest; u++)
		col->cost[u] = column_cost(col, u);
}

/*
 * Narrows one column by the step that costs least per unit saved; with
 * short false, only the columns of long texts (names of organisations and
 * units), whose cells wrap anyway.  False when none can give.
 */
static bool
narrow_once(struct column *cols, size_t n, bool short_too)
{
	double best = INFINITY, now, ratio;
	size_t c, best_c = 0;
	int w, best_w = 0;

	for (c = 0; c < n; c++) {
		if (!short_too && cols[c].longest <= SHORT_UNITS)
			continue;
		now = cols[c].cost[cols[c].width];
		for (w = cols[c].width - 1; w >= cols[c].floor; w--) {
			ratio = (cols[c].cost[w] - now) / (cols[c].width - w);
			if (ratio < best) {
				best = ratio;
				best_c = c;
				best_w = w;
			}
		}
	}
	if (best == INFINITY)
		return false;
	cols[best_c].width = best_w;
	return true;
}

/*
 * Gives up to room units back to the column where they save the most per
 * unit (a narrowing step may have overshot).  False when none saves.
 */
static bool
widen_once(struct column *cols, size_t n, double room)
{
	double best = 0, gain;
	size_t c, best_c = 0;
	int w, best_w = 0;

	for (c = 0; c < n; c++)
		for (w = cols[c].width + 1; w <= cols[c].longest &&
		    w - cols[c].width <= room; w++) {
			gain = (cols[c].cost[cols[c].width] - cols[c].cost[w]) /
			    (w - cols[c].width);
			if (gain > best) {
				best = gain;
				best_c = c;
				best_w = w;
			}
		}
	if (best <= 0)
		return false;
	cols[best_c].width = best_w;
	return true;
}

static double
total(const struct column *cols, size_t n)
{
	double sum = 0;
	size_t c;

	for (c = 0; c < n; c++)
		sum += cols[c].width;
	return sum;
}

/*
 * A list's columns (seven at most) are laid out on the stack: 4,000
 * recommending units' tables each took 16 KiB of fresh heap to zero, a
 * page fault or more each.
 */
#define STACK_COLS	8

void
odt_table_layout(const struct doc_table *t, const uint32_t *count,
    double *width, bool *centre)
{
	struct column small[STACK_COLS], *cols = small;
	double budget = (ODT_TEXT_WIDTH_PT - CELL_PAD * (double)t->n_cols) /
	    UNIT_PT, sum;
	size_t c;

	if (t->n_cols > STACK_COLS)
		cols = xcalloc(t->n_cols, sizeof(*cols));
	else
		memset(small, 0, t->n_cols * sizeof(*small));
	for (c = 0; c < t->n_cols; c++)
		measure(t, count, c, &cols[c], &centre[c]);
	while ((sum = total(cols, t->n_cols)) > budget)
		if (!narrow_once(cols, t->n_cols, false) &&
		    !narrow_once(cols, t->n_cols, true))
			break;
	while (sum < budget && widen_once(cols, t->n_cols, budget - sum))
		sum = total(cols, t->n_cols);
	/* the room left (or, at the floors, the lack of it) in proportion */
	for (c = 0; c < t->n_cols; c++)
		width[c] = (double)cols[c].width * UNIT_PT * budget / sum +
		    CELL_PAD;
	if (cols != small)
		free(cols);
}
