/*
 * yaml: YAML (site.yaml, cycle.yaml, calendars, front matter) into a
 * struct val tree, each node and map key keeping its line for diagnostics.
 *
 * Scalars stay strings, except the plain (unquoted) scalars true/false,
 * which become booleans, and null, ~ and the empty plain scalar, which
 * become null. Quoting "true" keeps it a string. Typed reading (dates,
 * numbers) is the caller's business, so that its error can say what the
 * key means.
 */
#ifndef GONGSHI_YAML_H
#define GONGSHI_YAML_H

#include <stddef.h>

#include "base/diag.h"
#include "base/val.h"

/* Lists and maps nested deeper than this are an error, not a crash. */
#define YAML_MAX_DEPTH	64

enum yaml_flags {
	YAML_DEFAULT	  = 0,
	/* Plain numeric scalars are rewritten as JSON would print them
	 * (1.210 → 1.21): for reading JSON test suites as YAML. */
	YAML_JSON_NUMBERS = 1 << 0
};

/*
 * Parses one YAML document. On a syntax error, reports it at its line
 * and returns NULL. An empty document gives a null value. first_line is
 * the line of data[0] in the file (1 for a whole file).
 */
struct val	*yaml_parse(const char *data, size_t len, const char *relpath,
		    int first_line, int flags, struct diag *);

/*
 * Splits "---\n<yaml>\n---\n<body>" front matter. Returns the parsed
 * front matter (a map) or NULL on error or when there is none (reported).
 * *body points into data after the closing line; *body_line is its line.
 */
struct val	*yaml_front_matter(const char *data, size_t len,
		    const char *relpath, const char **body, int *body_line,
		    struct diag *);

#endif
