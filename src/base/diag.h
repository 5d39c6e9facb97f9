/*
 * diag: the problems found in the content, reported as
 *     FILE:LINE: error: what is wrong; what would be right
 * FILE is relative to the content folder. Every problem of a run is
 * collected (not only the first), then printed sorted by file and line so
 * that the office can work down the list.
 */
#ifndef GONGSHI_DIAG_H
#define GONGSHI_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR
};

struct diag_item {
	enum diag_level	 level;
	char		*file;	/* relative to the content folder */
	int		 line;	/* 0: the file as a whole */
	char		*msg;
	size_t		 seq;	/* order of reporting, keeps the sort stable */
};

struct diag {
	struct diag_item *items;
	size_t		  n, cap;
	size_t		  errors, warnings;
	size_t		  system;	/* errors that are the system's: exit 3 */
};

void	diag_init(struct diag *);
void	diag_free(struct diag *);
void	diag_error(struct diag *, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	diag_warning(struct diag *, const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/*
 * An error that is not in the content's text but in the file itself: it
 * is not a regular file, or cannot be read. It counts as an error, and
 * the run exits with status 3 (I/O) instead of 1.
 */
void	diag_system_error(struct diag *, const char *file, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The exit status for what was reported: 0, EXIT_CONTENT or EXIT_SYSTEM. */
int	diag_exit_status(const struct diag *);
/* Sorts by file, line, then order of reporting, and prints each problem. */
void	diag_print(struct diag *, FILE *);
/* True when some item's text contains needle (used by tests). */
bool	diag_has(const struct diag *, const char *file, int line, const char *needle);

#endif
