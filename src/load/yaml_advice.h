/*
 * yaml_advice: libyaml's parser errors as advice an office clerk can act
 * on, at the line (and column) where the mistake is: a tab used for
 * indentation, a full-width colon or space (typed with a Chinese input
 * method), an unclosed quote, bracket or brace. Other errors keep
 * libyaml's own words, quoted, after a general hint.
 */
#ifndef GONGSHI_YAML_ADVICE_H
#define GONGSHI_YAML_ADVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "base/diag.h"

/*
 * Reports the error of parser p on the input data[0..len) of file relpath,
 * whose first line is line line0 + 1 of the file (front matter).
 */
void	yaml_advice_report(struct diag *, const char *relpath,
	    const yaml_parser_t *p, const char *data, size_t len, int line0);

/*
 * A key that parsed, yet holds a full-width colon ("acceptance：…": the
 * colon was typed with a Chinese input method, so YAML read the whole
 * line as a key): reports it and returns true.
 */
bool	yaml_advice_key(struct diag *, const char *relpath, int line,
	    const char *key);

#endif
