/*
 * status: `gongshi status`, for the office: each cycle's stages with their
 * notice dates, publicity windows and counts, open objections, pending
 * revocations, and what comes next with its earliest date.
 */
#ifndef GONGSHI_STATUS_H
#define GONGSHI_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "rules/state.h"

/*
 * Prints the cycle of that year (0: every cycle) as aligned UTF-8 tables.
 * ANSI colour only when color is true: the caller decides from isatty(1)
 * and NO_COLOR. Returns nothing: a year without a cycle is said in the
 * output.
 */
void	 status_print(const struct state *, int year, FILE *, bool color);

/* Columns a UTF-8 string takes in a terminal (CJK characters take two). */
int	 status_width(const char *);

#endif
