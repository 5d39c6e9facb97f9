/*
 * status: `gongshi status`, for the office: each cycle's stages with their
 * notice dates, publicity windows and counts, open objections, pending
 * revocations, and what comes next with its earliest date; as text for a
 * terminal, or as JSON for a script (status_json.c).
 */
#ifndef GONGSHI_STATUS_H
#define GONGSHI_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "rules/state.h"

/* The width status fits in unless the terminal is narrower. */
#define STATUS_WIDTH	100

/*
 * Prints the cycle of that year (0: every cycle) as aligned UTF-8 tables
 * no wider than width columns (0: STATUS_WIDTH). ANSI colour only when
 * color is true: the caller decides (--color, isatty, NO_COLOR).
 */
void	 status_print(const struct state *, int year, FILE *, bool color,
	    int width);
/* True when the content has a cycle of that year (0: any). */
bool	 status_has_cycle(const struct state *, int year);
/*
 * The same as one JSON object {"cycles": [...], "revocations_pending": N}
 * (fields in gongshi(1), section JSON); the caller json_decref()s it.
 */
json_t	*status_json(const struct state *, int year);

/* Columns a UTF-8 string takes in a terminal (CJK characters take two). */
int	 status_width(const char *);

/* What comes next in a cycle, for the text and the JSON alike. */
struct status_next {
	int	notice;		/* the next notice, or -1: the decision is out */
	int	waiting_stage;	/* its list waits for these decisions, or -1 */
	day_t	earliest;	/* its earliest date, or DAY_NONE */
	int	calendar_year;	/* > 0: that year's calendar is needed first */
};
void	 status_next(const struct state *, const struct cycle_state *,
	    struct status_next *);
/* A stage (-1: the application) and a notice as the user's language names them. */
const char *status_stage_title(int stage);
const char *status_notice_title(int notice);

#endif
