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
	int		 column;	/* 1-based; 0: not known */
	char		*msg;	/* in the user's language */
	char		*article; /* "11(4)", from the message; NULL: none */
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
/*
 * Moves every item of from to the end of d, in from's order, as if they
 * were reported to d now (what a second thread collected, told in the
 * order it would have been told). from is left empty.
 */
void	diag_append(struct diag *d, struct diag *from);
/*
 * Appends copies of from's items start..end-1 to d, as if reported to d
 * now: what a second thread collected, told a few at a time between this
 * thread's own (the messages of one row). Errors and warnings only, not
 * system errors. from is left as it is.
 */
void	diag_append_copies(struct diag *d, const struct diag *from,
	    size_t start, size_t end);
/* The exit status for what was reported: 0, EXIT_CONTENT or EXIT_SYSTEM. */
int	diag_exit_status(const struct diag *);
/* The same, with the column (1-based) where the problem is. */
void	diag_error_at(struct diag *, const char *file, int line, int column,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	diag_warning_at(struct diag *, const char *file, int line, int column,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/*
 * The article of the Measures a message cites first, as "11(4)": read
 * from "art. 11(4)" in English or "第十一条第（四）项" / "第十一条（四）"
 * in Chinese, so every caller's message gives it without a new argument.
 * NULL when the message cites none. The caller frees it.
 */
char	*diag_article(const char *msg);
/*
 * Errors reported so far in the files whose name starts with prefix
 * ("2025/decisions." for the register in any of its forms): for the rules,
 * was it loaded whole?
 */
size_t	diag_errors_in(const struct diag *, const char *prefix);
/*
 * Drops the items reported since item from, at a file and line (> 0) where
 * an item before from already is: one mistake, one message, when the
 * rules run on records the loader already reported.
 */
void	diag_drop_repeats(struct diag *, size_t from);
/* Sorts by file, line, then order of reporting. */
void	diag_sort(struct diag *);
/*
 * Sorts and prints each problem, as FILE:LINE: error: MESSAGE, with the
 * words "error" and "warning" in the user's language.
 */
void	diag_print(struct diag *, FILE *);
/*
 * The problems as a JSON array (libjansson), sorted as printed: objects
 * {"file", "line", "column", "severity", "article", "message"}, line,
 * column and article null when not known (gongshi(1), section JSON).
 */
struct json_t;
struct json_t *diag_json(struct diag *);
/* True when some item's text contains needle (used by tests). */
bool	diag_has(const struct diag *, const char *file, int line, const char *needle);

#endif
