/*
 * gongshi — publishes the documents of a government award process.
 *
 *   gongshi build  [--content DIR] [--templates DIR] [--output DIR]
 *   gongshi check  [--content DIR]
 *   gongshi status [--content DIR] [YEAR]
 *
 * Exit status: 0 success, 1 the content has errors, 2 usage, 3 I/O or system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/i18n.h"
#include "base/util.h"
#include "load/content.h"
#include "publish/build.h"
#include "publish/publish.h"
#include "rules/state.h"
#include "rules/status.h"

static const char usage_text[] =
"usage: gongshi build  [--content DIR] [--templates DIR] [--output DIR]\n"
"       gongshi check  [--content DIR]\n"
"       gongshi status [--content DIR] [YEAR]\n"
"       gongshi --help | --version\n"
"\n"
"  build   check the records against the Measures, then render every\n"
"          notice as HTML, Markdown and ODT into DIR/site (to publish)\n"
"          and DIR/archive (to keep); the old output stays until the new\n"
"          one is complete\n"
"  check   validate the content only; write nothing\n"
"  status  each cycle: stages, dates, publicity windows, counts, what is next\n"
"\n"
"Defaults: --content content --templates templates --output output.\n"
"Exit status: 0 success, 1 the content has errors, 2 usage, 3 I/O error.\n"
"See gongshi(1).\n";

static const char default_templates[] = "templates";

struct args {
	const char	*command;
	const char	*content;
	const char	*templates;
	const char	*output;
	int		 year;		/* status: 0 = every cycle */
};

static int
usage(const char *fmt, const char *arg)
{
	fputs("gongshi: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Parses argv; returns -1 on success, else the exit status. */
static int
parse_args(int argc, char **argv, struct args *a)
{
	const char **slot;
	int i;

	a->content = "content";
	a->templates = default_templates;
	a->output = "output";
	a->year = 0;
	if (argc < 2)
		return usage("a command is needed%s", "");
	a->command = argv[1];
	if (strcmp(a->command, "--help") == 0 || strcmp(a->command, "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(a->command, "--version") == 0) {
		printf("gongshi %s\n", GONGSHI_VERSION);
		return 0;
	}
	if (strcmp(a->command, "build") != 0 && strcmp(a->command, "check") != 0 &&
	    strcmp(a->command, "status") != 0)
		return usage("unknown command '%s'", a->command);
	for (i = 2; i < argc; i++) {
		slot = NULL;
		if (strcmp(argv[i], "--content") == 0)
			slot = &a->content;
		else if (strcmp(argv[i], "--templates") == 0 &&
		    strcmp(a->command, "build") == 0)
			slot = &a->templates;
		else if (strcmp(argv[i], "--output") == 0 &&
		    strcmp(a->command, "build") == 0)
			slot = &a->output;
		else if (strcmp(a->command, "status") == 0 && a->year == 0 &&
		    strlen(argv[i]) == 4 && strspn(argv[i], "0123456789") == 4)
			a->year = atoi(argv[i]);
		else
			return usage("unexpected argument '%s'", argv[i]);
		if (slot != NULL) {
			if (i + 1 >= argc)
				return usage("%s needs a folder", argv[i]);
			*slot = argv[++i];
		}
	}
	/*
	 * An installed gongshi finds the templates it was installed with
	 * when the current folder has none of its own.
	 */
	if (a->templates == default_templates && !dir_exists(a->templates) &&
	    dir_exists(GONGSHI_DATADIR "/templates"))
		a->templates = GONGSHI_DATADIR "/templates";
	return -1;
}

/*
 * Prints the problems; *text gets a copy of what was printed (for the
 * build's stamp, which replays the warnings when nothing changed).
 */
static void
print_problems(struct diag *d, char **text)
{
	size_t len;
	FILE *f;

	*text = NULL;
	if (d->n == 0 || (f = open_memstream(text, &len)) == NULL) {
		diag_print(d, stderr);
		return;
	}
	diag_print(d, f);
	if (fclose(f) != 0) {
		free(*text);
		*text = NULL;
		diag_print(d, stderr);
		return;
	}
	fputs(*text, stderr);
}

/*
 * Loads and checks the content; prints the problems (a copy of them in
 * *problems). Returns an exit status.
 */
static int
load_and_check(const struct args *a, struct site *site, struct state *st,
    char **problems)
{
	struct diag d;
	int rc;

	diag_init(&d);
	memset(st, 0, sizeof(*st));
	rc = content_load(a->content, site, &d);
	if (rc == 0 && d.errors == 0)
		state_build(site, st, &d);
	print_problems(&d, problems);
	if (rc == 0 && d.errors > 0) {
		fprintf(stderr, _("gongshi: %zu error(s), %zu warning(s) in %s; "
		    "nothing was written\n"), d.errors, d.warnings, a->content);
		rc = diag_exit_status(&d);
	}
	diag_free(&d);
	return rc;
}

static bool
want_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
}

int
main(int argc, char **argv)
{
	struct args a;
	struct site site;
	struct state st;
	struct build_inputs in;
	char digest[65] = "", *problems;
	int rc;

	i18n_init(argv[0]);
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	/* One build at a time on an output; then, when nothing changed
	 * since the last one, nothing to check or write. */
	if (strcmp(a.command, "build") == 0 &&
	    (rc = publish_lock(a.output)) != 0)
		return rc;
	if (strcmp(a.command, "build") == 0 &&
	    build_up_to_date(a.content, a.templates, a.output, digest))
		return 0;
	rc = load_and_check(&a, &site, &st, &problems);
	if (rc == 0) {
		if (strcmp(a.command, "status") == 0)
			status_print(&st, a.year, stdout, want_color());
		else if (strcmp(a.command, "build") == 0) {
			in.digest = digest;
			in.warnings = problems;
			rc = build_run(&st, a.templates, a.output, &in);
		}
	}
	free(problems);
	state_free(&st);
	site_free(&site);
	return rc;
}
