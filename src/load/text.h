/*
 * text: checks that text read from the content (a YAML file, a notice,
 * a decoded YAML value) holds only characters the published documents
 * can carry (base/utf8.h), and reports each one that is not at its
 * FILE:LINE, saying which character it is and where on the line.
 */
#ifndef GONGSHI_TEXT_H
#define GONGSHI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"

/* At most this many lines of one file are reported; then one summary. */
#define TEXT_MAX_REPORTS	20

/*
 * Checks data[0..len), whose first line is line first_line of file.
 * Reports the first bad character of each line; false when there was one.
 */
bool	text_check(const char *data, size_t len, const char *file,
	    int first_line, struct diag *);

/*
 * Checks a value decoded from YAML (escapes such as \0 or \uFFFE
 * resolved) that starts at line of file; false, reported, when it holds a
 * NUL or a character that is not allowed.
 */
bool	text_check_value(const char *s, size_t len, const char *file,
	    int line, struct diag *);

/* "a NUL byte", "the control character U+0007", …: what cp is, for a message. */
void	text_describe(struct buf *, uint32_t cp);

#endif
