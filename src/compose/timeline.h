/*
 * timeline: the stages of a cycle along a date axis, as the values of
 * templates/layout/timeline.html (the markup is the template's; here
 * only the coordinates, in SVG user units, and the labels' dates).
 */
#ifndef GONGSHI_TIMELINE_H
#define GONGSHI_TIMELINE_H

#include "base/val.h"
#include "rules/state.h"

/*
 * The timeline of cs: width, height, axis, ticks (months) and rows (one
 * per dated notice and the application deadline); null when no notice
 * of the cycle is dated.
 */
struct val	*timeline(const struct cycle_state *cs);

#endif
