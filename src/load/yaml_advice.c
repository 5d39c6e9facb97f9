#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "load/yaml_advice.h"

#define FULLWIDTH_COLON	"\xef\xbc\x9a"	/* U+FF1A ： */
#define IDEO_SPACE	"\xe3\x80\x80"	/* U+3000, the full-width space */

/* Line number (0-based) of data, as a copy without its newline. */
static char *
line_text(const char *data, size_t len, size_t line)
{
	const char *p = data, *end = data + len, *nl;

	while (line > 0 && p < end && (nl = memchr(p, '\n', (size_t)(end - p)))
	    != NULL) {
		p = nl + 1;
		line--;
	}
	if (line > 0 || p >= end)
		return xstrdup("");
	nl = memchr(p, '\n', (size_t)(end - p));
	return xstrndup(p, nl != NULL ? (size_t)(nl - p) : (size_t)(end - p));
}

/* The indentation of s holds a tab or a full-width space. */
static bool
indented_with(const char *s, const char *what)
{
	size_t n = strspn(s, " \t");

	if (strcmp(what, "\t") == 0)
		return memchr(s, '\t', n) != NULL;
	while (str_has_prefix(s + n, IDEO_SPACE))
		n += strlen(IDEO_SPACE);
	return strstr(s, what) != NULL && strstr(s, what) < s + n + 1;
}

static bool
context_is(const yaml_parser_t *p, const char *what)
{
	return p->context != NULL && strstr(p->context, what) != NULL;
}

static const char *
fullwidth_colon_advice(void)
{
	return _("a full-width colon (：) follows the key: YAML needs an "
	    "ordinary colon and a space, like date: 2025-07-15");
}

bool
yaml_advice_key(struct diag *d, const char *relpath, int line, const char *key)
{
	if (strstr(key, FULLWIDTH_COLON) == NULL)
		return false;
	diag_error(d, relpath, line, "%s", fullwidth_colon_advice());
	return true;
}

/* Advice from what the line holds, or NULL. */
static const char *
line_advice(const char *line)
{
	if (indented_with(line, "\t"))
		return _("YAML does not allow tabs for indentation: indent "
		    "with spaces instead");
	if (indented_with(line, IDEO_SPACE))
		return _("a full-width space (　) is used for indentation: "
		    "indent with ordinary spaces, with the Chinese input "
		    "method switched off");
	if (strstr(line, FULLWIDTH_COLON) != NULL && strchr(line, ':') == NULL)
		return fullwidth_colon_advice();
	return NULL;
}

/* Advice for the error at that line, or NULL when none fits. */
static const char *
advice(const yaml_parser_t *p, const char *line)
{
	const char *a;

	if ((a = line_advice(line)) != NULL)
		return a;
	if (context_is(p, "quoted scalar"))
		return _("a quoted value is not closed: add the closing quote "
		    "on the same line");
	if (context_is(p, "flow sequence"))
		return _("a list in [ ] is not closed: add the closing ]");
	if (context_is(p, "flow mapping"))
		return _("a map in { } is not closed: add the closing }");
	return NULL;
}

/* The text of the line at m when what it holds has advice (*at = m), else NULL. */
static char *
line_with_advice(const char *data, size_t len, yaml_mark_t m, yaml_mark_t *at)
{
	char *line = line_text(data, len, m.line);

	if (line_advice(line) != NULL) {
		*at = m;
		return line;
	}
	free(line);
	return NULL;
}

void
yaml_advice_report(struct diag *d, const char *relpath,
    const yaml_parser_t *p, const char *data, size_t len, int line0)
{
	yaml_mark_t mark, prev;
	const char *a;
	char *line;

	/*
	 * An unclosed quote, brace or bracket is noticed where the text
	 * ends, but made where it began: point there.
	 */
	mark = p->context != NULL && (p->error == YAML_SCANNER_ERROR ||
	    strstr(p->context, "flow") != NULL) ? p->context_mark :
	    p->problem_mark;
	/*
	 * A tab or a full-width character is seen where it is, or on the
	 * line after it (a key indented with a full-width space is read as
	 * text, and the next key fails).
	 */
	line = line_with_advice(data, len, mark, &mark);
	if (line == NULL && p->problem_mark.line != mark.line)
		line = line_with_advice(data, len, p->problem_mark, &mark);
	if (line == NULL && p->problem_mark.line > 0) {
		prev = p->problem_mark;
		prev.line--;
		prev.column = 0;
		line = line_with_advice(data, len, prev, &mark);
	}
	if (line == NULL)
		line = line_text(data, len, mark.line);
	if ((a = advice(p, line)) != NULL)
		diag_error_at(d, relpath, (int)mark.line + 1 + line0,
		    (int)mark.column + 1, "%s", a);
	else
		diag_error_at(d, relpath, (int)mark.line + 1 + line0,
		    (int)mark.column + 1, _("YAML syntax error (libyaml: "
		    "\"%s%s%s\"); check the indentation, the colons and the "
		    "quotes"), p->problem ? p->problem : "?",
		    p->context ? ", " : "", p->context ? p->context : "");
	free(line);
}
