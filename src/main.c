/*
 * gongshi — publishes the documents of a government award process.
 *
 *   gongshi build  [-c DIR] [-t DIR] [-o DIR] [--site DIR] [--archive DIR] [-q]
 *   gongshi check  [-c DIR] [-t DIR] [--json] [-q]
 *   gongshi status [-c DIR] [--json] [--color=WHEN] [YEAR]
 *   gongshi serve  [-c DIR] [-t DIR] [-p PORT] [-q]
 *   gongshi new    [-c DIR] YEAR
 *   gongshi --help | --version;  gongshi COMMAND --help
 *
 * Exit status: 0 success, 1 the content has errors, 2 usage, 3 I/O or system.
 */
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "base/diag.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/paths.h"
#include "base/trace.h"
#include "base/util.h"
#include "load/content.h"
#include "load/regcache.h"
#include "new/new.h"
#include "publish/build.h"
#include "publish/cycles.h"
#include "publish/publish.h"
#include "publish/stamp.h"
#include "rules/state.h"
#include "rules/status.h"
#include "serve/serve.h"

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* The options, by the value getopt_long returns for them. */
enum opt {
	OPT_CONTENT = 'c', OPT_HELP = 'h', OPT_OUTPUT = 'o', OPT_PORT = 'p',
	OPT_QUIET = 'q', OPT_TEMPLATES = 't',
	OPT_SITE = 256, OPT_ARCHIVE, OPT_JSON, OPT_COLOR, OPT_VERSION,
	OPT_REREAD
};

static const struct option long_options[] = {
	{ "content",	required_argument, NULL, OPT_CONTENT },
	{ "templates",	required_argument, NULL, OPT_TEMPLATES },
	{ "output",	required_argument, NULL, OPT_OUTPUT },
	{ "site",	required_argument, NULL, OPT_SITE },
	{ "archive",	required_argument, NULL, OPT_ARCHIVE },
	{ "reread",	no_argument,	   NULL, OPT_REREAD },
	{ "json",	no_argument,	   NULL, OPT_JSON },
	{ "color",	optional_argument, NULL, OPT_COLOR },
	{ "port",	required_argument, NULL, OPT_PORT },
	{ "quiet",	no_argument,	   NULL, OPT_QUIET },
	{ "help",	no_argument,	   NULL, OPT_HELP },
	{ "version",	no_argument,	   NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* A command: its name, the options it takes, its help. */
struct command {
	const char	*name;
	const int	*opts;		/* ends with 0; -h and -q always taken */
	int		 operands;	/* 0 none, 1 an optional YEAR, 2 a YEAR */
	const char	*help;
};

static const int build_opts[] = { OPT_CONTENT, OPT_TEMPLATES, OPT_OUTPUT,
	OPT_SITE, OPT_ARCHIVE, OPT_REREAD, 0 };
static const int check_opts[] = { OPT_CONTENT, OPT_TEMPLATES, OPT_JSON, 0 };
static const int status_opts[] = { OPT_CONTENT, OPT_JSON, OPT_COLOR, 0 };
static const int serve_opts[] = { OPT_CONTENT, OPT_TEMPLATES, OPT_PORT, 0 };
static const int new_opts[] = { OPT_CONTENT, 0 };

static const struct command commands[] = {
	{ "build", build_opts, 0, N_(
"usage: gongshi build [-c DIR] [-t DIR] [-o DIR] [--site DIR] [--archive DIR]\n"
"                     [--reread] [-q]\n"
"\n"
"Checks the records against the Measures, then renders every notice as\n"
"HTML, Markdown and ODT: the site (to publish as it is) and the archive\n"
"(to keep, never to publish). The old output stays until the new one is\n"
"complete.\n"
"\n"
"  -c, --content DIR    the office's records (default: content)\n"
"  -t, --templates DIR  the templates (default: templates, else the installed ones)\n"
"  -o, --output DIR     the site in DIR/site, the archive in DIR/archive\n"
"                       (default: output)\n"
"      --site DIR       the site here instead (a web server's folder)\n"
"      --archive DIR    the archive here instead; never inside the site\n"
"      --reread         read every file of the records and templates again,\n"
"                       even those unchanged since the last build\n"
"  -q, --quiet          no summary line\n"
"  -h, --help           this help\n") },
	{ "check", check_opts, 0, N_(
"usage: gongshi check [-c DIR] [-t DIR] [--json] [-q]\n"
"\n"
"Loads, checks and renders everything build would, writes nothing, and\n"
"reports every problem at once. Fails exactly when build would.\n"
"\n"
"  -c, --content DIR    the office's records (default: content)\n"
"  -t, --templates DIR  the templates (default: templates, else the installed ones)\n"
"      --json           the problems as one JSON document on standard output\n"
"  -q, --quiet          no summary line\n"
"  -h, --help           this help\n") },
	{ "status", status_opts, 1, N_(
"usage: gongshi status [-c DIR] [--json] [--color=WHEN] [YEAR]\n"
"\n"
"Each cycle (or the cycle of YEAR): its stages, notice dates, publicity\n"
"windows, counts, open objections, pending revocations, and what is next.\n"
"\n"
"  -c, --content DIR    the office's records (default: content)\n"
"      --json           as one JSON document\n"
"      --color[=WHEN]   colour: auto (default: on a terminal, unless NO_COLOR\n"
"                       is set), always, never\n"
"  -h, --help           this help\n") },
	{ "serve", serve_opts, 0, N_(
"usage: gongshi serve [-c DIR] [-t DIR] [-p PORT] [-q]\n"
"\n"
"Builds the site into a private folder and serves it on 127.0.0.1 for a\n"
"preview; rebuilds when a file of the content or templates changes, and\n"
"shows the build's errors in the browser. Ctrl-C stops it.\n"
"\n"
"  -c, --content DIR    the office's records (default: content)\n"
"  -t, --templates DIR  the templates (default: templates, else the installed ones)\n"
"  -p, --port PORT      the port (default: 8000)\n"
"  -q, --quiet          no progress lines\n"
"  -h, --help           this help\n") },
	{ "new", new_opts, 2, N_(
"usage: gongshi new [-c DIR] YEAR\n"
"\n"
"Starts the cycle of YEAR: DIR/YEAR/ with a commented cycle.yaml and the\n"
"empty registers to fill in. Never overwrites anything.\n"
"\n"
"  -c, --content DIR    the office's records (default: content)\n"
"  -h, --help           this help\n") },
};

#define N_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const char usage_text[] = N_(
"usage: gongshi COMMAND [OPTION]...\n"
"       gongshi --help | --version\n"
"\n"
"  build   check the records, then render every document into the site\n"
"          (to publish) and the archive (to keep)\n"
"  check   check everything build would; write nothing\n"
"  status  each cycle: stages, dates, publicity windows, counts, what is next\n"
"  serve   preview the site in a browser while editing\n"
"  new     start the folder of a new cycle\n"
"\n"
"'gongshi COMMAND --help' lists the options of a command. Exit status: 0\n"
"success, 1 the content has errors, 2 usage error, 3 I/O or system error.\n"
"See gongshi(1), gongshi-content(5) and gongshi-templates(5).\n");

struct args {
	const struct command *cmd;
	const char	*content;
	const char	*templates;	/* NULL: looked for (paths.h) */
	const char	*output;
	const char	*site;
	const char	*archive;
	int		 year;		/* status: 0 = every cycle */
	int		 port;
	bool		 json;
	bool		 quiet;
	enum color_when	 color;
	char		*found_templates;
};

/* A usage error: one line, and where to read more. */
static int	usage_error(const char *, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gongshi: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(_("Try 'gongshi --help' for more information.\n"), stderr);
	return EXIT_USAGE;
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static bool
takes(const struct command *cmd, int opt)
{
	const int *p;

	if (opt == OPT_HELP || opt == OPT_QUIET)
		return true;
	for (p = cmd->opts; *p != 0; p++)
		if (*p == opt)
			return true;
	return false;
}

/* The option just read, as the user wrote it, for a message. */
static const char *
option_name(int opt, char **argv)
{
	static char name[32];
	const struct option *o;

	for (o = long_options; o->name != NULL; o++)
		if (o->val == opt) {
			snprintf(name, sizeof(name), "--%s", o->name);
			return name;
		}
	if (optopt != 0 && optopt != '?') {
		snprintf(name, sizeof(name), "-%c", optopt);
		return name;
	}
	return argv[optind - 1];
}

/* An option that takes no value (--json=1 is then wrong). */
static bool
is_flag(int opt)
{
	const struct option *o;

	for (o = long_options; o->name != NULL; o++)
		if (o->val == opt)
			return o->has_arg == no_argument;
	return false;
}

static bool
parse_year(const char *s, int *year)
{
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		return false;
	*year = atoi(s);
	return *year >= 1900;
}

static int
parse_color(const char *s, enum color_when *c)
{
	if (s == NULL || strcmp(s, "auto") == 0)
		*c = COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*c = COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*c = COLOR_NEVER;
	else
		return usage_error(_("--color takes auto, always or never, not "
		    "'%s'"), s);
	return -1;
}

static int
parse_port(const char *s, int *port)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 65535)
		return usage_error(_("--port takes a number from 1 to 65535, not "
		    "'%s'"), s);
	*port = (int)n;
	return -1;
}

/* One option of the command; returns -1 to go on, else an exit status. */
static int
take_option(struct args *a, int opt, char **argv)
{
	switch (opt) {
	case OPT_CONTENT:	a->content = optarg; break;
	case OPT_TEMPLATES:	a->templates = optarg; break;
	case OPT_OUTPUT:	a->output = optarg; break;
	case OPT_SITE:		a->site = optarg; break;
	case OPT_ARCHIVE:	a->archive = optarg; break;
	case OPT_JSON:		a->json = true; break;
	case OPT_QUIET:		a->quiet = true; break;
	case OPT_REREAD:	input_index_off(); break;
	case OPT_COLOR:		return parse_color(optarg, &a->color);
	case OPT_PORT:		return parse_port(optarg, &a->port);
	case OPT_HELP:
		fputs(_(a->cmd->help), stdout);
		return 0;
	default:
		return usage_error(_("%s is not an option of gongshi %s"),
		    option_name(opt, argv), a->cmd->name);
	}
	return -1;
}

static int
parse_operands(struct args *a, int argc, char **argv)
{
	if (optind < argc && a->cmd->operands > 0) {
		if (!parse_year(argv[optind], &a->year))
			return usage_error(_("'%s' is not a year: give four "
			    "digits, like 2025"), argv[optind]);
		optind++;
	} else if (a->cmd->operands == 2)
		return usage_error(_("%s needs a YEAR"), a->cmd->name);
	if (optind < argc)
		return usage_error(_("unexpected argument '%s'"), argv[optind]);
	return -1;
}

/* The options of the command at argv[0]; -1 on success, else an exit status. */
static int
parse_command(struct args *a, int argc, char **argv)
{
	int opt, rc;

	optind = 0;	/* GNU getopt: start again, from argv[1] */
	opterr = 0;	/* our own messages, in the user's language */
	while ((opt = getopt_long(argc, argv, ":c:t:o:p:qh", long_options,
	    NULL)) != -1) {
		if (opt == ':')
			return usage_error(_("%s needs a value"),
			    option_name(optopt, argv));
		if (opt == '?' && is_flag(optopt))
			return usage_error(_("%s takes no value"),
			    option_name(optopt, argv));
		if (opt == '?')
			return usage_error(_("unknown option '%s'"),
			    optopt != 0 ? option_name(optopt, argv) :
			    argv[optind - 1]);
		if (!takes(a->cmd, opt))
			return usage_error(_("%s is not an option of gongshi %s"),
			    option_name(opt, argv), a->cmd->name);
		if ((rc = take_option(a, opt, argv)) >= 0)
			return rc;
	}
	return parse_operands(a, argc, argv);
}

/* Parses argv; returns -1 on success, else the exit status. */
static int
parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof(*a));
	a->content = "content";
	a->output = "output";
	if (argc < 2)
		return usage_error("%s", _("a command is needed: build, check, "
		    "status, serve or new"));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(_(usage_text), stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("gongshi %s\n", GONGSHI_VERSION);
		return 0;
	}
	if (argv[1][0] == '-')
		return usage_error(_("a command comes first, not '%s'"), argv[1]);
	if ((a->cmd = find_command(argv[1])) == NULL)
		return usage_error(_("unknown command '%s'"), argv[1]);
	return parse_command(a, argc - 1, argv + 1);
}

/* The templates: as given, else found (base/paths.h). */
static int
resolve_templates(struct args *a)
{
	char *searched = NULL;

	if (a->templates != NULL) {
		if (dir_exists(a->templates))
			return -1;
		fprintf(stderr, _("gongshi: %s: no such templates folder\n"),
		    a->templates);
		return EXIT_SYSTEM;
	}
	if ((a->found_templates = templates_find(&searched)) != NULL) {
		a->templates = a->found_templates;
		return -1;
	}
	fprintf(stderr, _("gongshi: no templates folder found; looked in:\n%s"
	    "Give one with --templates DIR.\n"), searched);
	free(searched);
	return EXIT_SYSTEM;
}

/* The full path of a folder that may not exist yet, for comparing. */
static char *
absolute(const char *path)
{
	char cwd[PATH_MAX], *p, *q, *out;
	size_t n;

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		p = xasprintf("%s/", path);
	else
		p = xasprintf("%s/%s/", cwd, path);
	/* "a/./b" → "a/b", "a//b" → "a/b", "a/b/../c" → "a/c" */
	out = xmalloc(strlen(p) + 2);
	n = 0;
	for (q = p; *q != '\0';) {
		if (*q == '/') {
			q++;
			continue;
		}
		if (strncmp(q, "./", 2) == 0) {
			q += 2;
			continue;
		}
		if (strncmp(q, "../", 3) == 0) {
			while (n > 0 && out[--n] != '/')
				;
			q += 3;
			continue;
		}
		out[n++] = '/';
		while (*q != '/')
			out[n++] = *q++;
	}
	out[n++] = '/';
	out[n] = '\0';
	free(p);
	return out;
}

/* True when one of the two folders is, or is inside, the other. */
static bool
overlap(const char *x, const char *y)
{
	char *p = absolute(x), *q = absolute(y);
	bool o = str_has_prefix(p, q) || str_has_prefix(q, p);

	free(p);
	free(q);
	return o;
}

/* True when folder inner is outer or inside it. */
static bool
inside(const char *inner, const char *outer)
{
	char *p = absolute(inner), *q = absolute(outer);
	bool in = str_has_prefix(p, q);

	free(p);
	free(q);
	return in;
}

/*
 * A build's output may not hold the records or the templates: swapping
 * it in would replace them.
 */
static int
output_apart(const struct args *a, const char *what, const char *dir)
{
	if (inside(a->content, dir)) {
		fprintf(stderr, _("gongshi: the %1$s folder %2$s holds the content "
		    "folder %3$s: a build there would replace the records; "
		    "choose another folder\n"), what, dir, a->content);
		return EXIT_USAGE;
	}
	if (a->templates != NULL && inside(a->templates, dir)) {
		fprintf(stderr, _("gongshi: the %1$s folder %2$s holds the "
		    "templates folder %3$s: a build there would replace the "
		    "templates; choose another folder\n"), what, dir,
		    a->templates);
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * The site and archive folders of a build (NULL, NULL: both under
 * --output); neither may hold the other, nor the content or templates.
 */
static int
resolve_destinations(const struct args *a, char **site, char **archive)
{
	int rc = -1;

	*site = *archive = NULL;
	if (strcmp(a->cmd->name, "build") != 0)
		return -1;
	if (a->site == NULL && a->archive == NULL)
		return output_apart(a, _("output"), a->output);
	*site = a->site != NULL ? xstrdup(a->site) :
	    path_join(a->output, "site");
	*archive = a->archive != NULL ? xstrdup(a->archive) :
	    path_join(a->output, "archive");
	if (overlap(*site, *archive)) {
		fprintf(stderr, _("gongshi: the archive %s and the site %s must "
		    "be separate folders, neither inside the other: the archive "
		    "holds private letters and must never be published\n"),
		    *archive, *site);
		rc = EXIT_USAGE;
	} else if ((rc = output_apart(a, _("site"), *site)) < 0)
		rc = output_apart(a, _("archive"), *archive);
	if (rc >= 0) {
		free(*site);
		free(*archive);
		*site = *archive = NULL;
	}
	return rc;
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
 * Loads the content and runs the rules on what loaded, even when loading
 * had errors, so that one mistake does not hide the others; the rules keep
 * quiet where the loader already spoke (same line, or a row that may be
 * missing: rules/check.h). Returns 0, or EXIT_SYSTEM (said).
 */
static int
load_and_check(const struct args *a, struct site *site, struct state *st,
    struct diag *d)
{
	struct trace_span span;
	size_t loaded;
	int rc;

	memset(st, 0, sizeof(*st));
	trace_begin(&span, "load");
	rc = content_load(a->content, site, d);
	trace_end(&span);
	if (rc != 0)
		return rc;
	loaded = d->n;
	trace_begin(&span, "checks");
	state_build(site, st, d);
	trace_end(&span);
	diag_drop_repeats(d, loaded);
	return 0;
}

/*
 * A build's load and checks: when nothing changed since the last build
 * after all (a file saved again as it was), nothing to check (*done);
 * else the checks of the cycles that did not change are those of the
 * last build (publish/cycles.h). Returns as load_and_check.
 */
static int
load_and_check_build(const struct args *a, char *digest,
    struct cycles *cy, struct site *site, struct state *st, struct diag *d,
    bool *done)
{
	size_t loaded;
	int rc;

	memset(st, 0, sizeof(*st));
	*done = false;
	rc = content_load(a->content, site, d);
	if (rc != 0)
		return rc;
	if (build_up_to_date_after_load(a->output, digest))
		return *done = true, 0;
	if (d->errors == 0)
		build_prepare(a->output, digest);	/* beside the checks */
	loaded = d->n;
	if (d->errors == 0 && cycles_take(cy, site))
		state_build_memo(site, st, d, &cy->memo);
	else
		state_build(site, st, d);
	diag_drop_repeats(d, loaded);
	return 0;
}

static void
print_json(json_t *doc)
{
	json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(doc);
}

static json_t *
json_report(const struct args *a, struct diag *d, int rc)
{
	return json_pack("{s:i, s:s, s:s, s:b, s:I, s:I, s:o}",
	    "format", 1, "command", a->cmd->name, "content", a->content,
	    "ok", rc == 0, "errors", (json_int_t)d->errors,
	    "warnings", (json_int_t)d->warnings, "diagnostics", diag_json(d));
}

/* The line after the problems of a failed run. */
static void
print_failure(const struct args *a, const struct diag *d, bool wrote_nothing)
{
	if (wrote_nothing)
		fprintf(stderr, _("gongshi: %zu error(s), %zu warning(s) in %s; "
		    "nothing was written\n"), d->errors, d->warnings, a->content);
	else
		fprintf(stderr, _("gongshi: %zu error(s), %zu warning(s) in %s\n"),
		    d->errors, d->warnings, a->content);
}

static int
run_check(const struct args *a, struct state *st, struct diag *d)
{
	struct build_options o = { a->templates, a->output, NULL, NULL, true,
		true };
	int rc = 0;

	/* The templates are rendered only on clean content, as build does. */
	if (d->errors == 0)
		rc = build_run(st, &o, NULL, d);
	if (rc == 0 && d->errors > 0)
		rc = diag_exit_status(d);	/* 3: a file is not a regular file */
	if (a->json) {
		print_json(json_report(a, d, rc));
		return rc;
	}
	diag_print(d, stderr);
	if (rc != 0 && d->errors > 0)
		print_failure(a, d, true);
	else if (rc == 0 && !a->quiet && d->warnings == 0)
		printf(_("gongshi: %s checked: %zu cycle(s), the records against "
		    "the Measures, every notice, template and the certificate "
		    "template; no problems found\n"), a->content, st->n_cycles);
	else if (rc == 0 && !a->quiet)
		printf(_("gongshi: %s checked: %zu cycle(s), the records against "
		    "the Measures, every notice, template and the certificate "
		    "template; %zu warning(s)\n"), a->content, st->n_cycles,
		    d->warnings);
	return rc;
}

static bool
want_color(enum color_when when)
{
	const char *nc = getenv("NO_COLOR");

	if (when != COLOR_AUTO)
		return when == COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
}

/* STATUS_WIDTH, or the terminal's width when it is narrower. */
static int
status_columns(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0 && ws.ws_col < STATUS_WIDTH)
		return ws.ws_col;
	return STATUS_WIDTH;
}

static int
run_status(const struct args *a, struct state *st, struct diag *d)
{
	json_t *doc;
	int rc = 0;

	if (d->errors > 0)
		rc = diag_exit_status(d);
	else if (!status_has_cycle(st, a->year) && a->year != 0) {
		diag_error(d, a->content, 0, _("no cycle %1$d: the folder "
		    "%1$d/ does not exist; gongshi new %1$d starts it"), a->year);
		rc = EXIT_CONTENT;
	}
	if (a->json) {
		doc = json_report(a, d, rc);
		json_object_update_missing_new(doc, rc == 0 ?
		    status_json(st, a->year) : json_pack("{s:[], s:i}", "cycles",
		    "revocations_pending", 0));
		print_json(doc);
		return rc;
	}
	diag_print(d, stderr);
	if (rc != 0)
		print_failure(a, d, false);
	else
		status_print(st, a->year, stdout, want_color(a->color),
		    status_columns());
	return rc;
}

static int
run_build(const struct args *a, struct state *st, struct diag *d,
    const char *digest, const char *site, const char *archive,
    struct cycles *cy)
{
	struct build_options o = { a->templates, a->output, NULL, NULL, false,
		a->quiet };
	struct build_inputs in;
	struct diag bd;
	char *problems;
	int rc;

	print_problems(d, &problems);
	if (d->errors > 0) {
		print_failure(a, d, true);
		free(problems);
		return diag_exit_status(d);
	}
	o.site = site;
	o.archive = archive;
	in.digest = site == NULL ? digest : "";
	in.warnings = problems;
	in.cycles = cy;
	diag_init(&bd);
	rc = build_run(st, &o, &in, &bd);
	diag_print(&bd, stderr);
	if (rc == EXIT_CONTENT)
		fprintf(stderr, _("gongshi: the templates have errors; %s was "
		    "left as it was\n"), site != NULL ? site : a->output);
	diag_free(&bd);
	free(problems);
	return rc;
}

/* check, status, build: load, check, then what the command does. */
static int
run_content_command(struct args *a)
{
	struct site site;
	struct state st;
	struct diag d;
	struct cycles cy;
	char digest[65] = "", *site_dir, *archive_dir;
	bool done = false;
	bool is_build = strcmp(a->cmd->name, "build") == 0;
	int rc;

	if (strcmp(a->cmd->name, "status") != 0 &&
	    (rc = resolve_templates(a)) >= 0)
		return rc;
	if ((rc = resolve_destinations(a, &site_dir, &archive_dir)) >= 0)
		return rc;
	/* One build at a time on an output (publish_lock); then, when
	 * nothing changed since the last one, nothing to check or write. */
	if (is_build && (rc = publish_lock(site_dir != NULL ? site_dir :
	    a->output)) != 0) {
		free(site_dir);
		free(archive_dir);
		return rc;
	}
	if (is_build && site_dir == NULL &&
	    build_up_to_date(a->content, a->templates, a->output, digest))
		return 0;
	/* The registers and cycles of the last build, for those that did
	 * not change. */
	memset(&cy, 0, sizeof(cy));
	if (is_build && site_dir == NULL) {
		regcache_open(a->output, stamp_program());
		cycles_open(&cy, a->output);
	}
	diag_init(&d);
	if (is_build && site_dir == NULL)
		rc = load_and_check_build(a, digest, &cy, &site, &st, &d, &done);
	else
		rc = load_and_check(a, &site, &st, &d);
	if (rc == 0) {
		if (done)
			rc = 0;
		else if (is_build)
			rc = run_build(a, &st, &d, digest, site_dir, archive_dir,
			    &cy);
		else if (strcmp(a->cmd->name, "check") == 0)
			rc = run_check(a, &st, &d);
		else
			rc = run_status(a, &st, &d);
	}
	build_end_beside();	/* it may still be writing into digest */
	regcache_close();
	cycles_free(&cy);
	diag_free(&d);
	state_free(&st);
	site_free(&site);
	free(site_dir);
	free(archive_dir);
	return rc;
}

static int
run_serve(struct args *a)
{
	struct serve_options o;
	int rc;

	if ((rc = resolve_templates(a)) >= 0)
		return rc;
	o.content = a->content;
	o.templates = a->templates;
	o.port = a->port;
	o.quiet = a->quiet;
	return serve_main(&o);
}

/*
 * Large buffers (a register's bytes, a list's content.xml) get pages of
 * their own, given back when freed. By default glibc raises that
 * threshold after the first such free, and what is freed then stays with
 * the arena of the thread that allocated it: with the build's threads,
 * 100,000 applicants took 245 MB at the peak instead of 198 MB.
 * Fixing that threshold also fixes the trim threshold at its default,
 * 128 KiB: the heap's top was then given back and faulted in again
 * thousands of times a build (25 cycles x 4,000: 7,875 madvise and 7,520
 * brk calls, 1.2 s of system time); 16 MiB kept at the top is nothing
 * beside a build's peak (1.46 s instead of 2.22 s there; 1,000,000
 * applicants 973 MB).
 * 8 MiB are asked of the kernel beyond each need, and left when trimming
 * (M_TOP_PAD, by default 128 KiB): the heap and the threads' arenas
 * otherwise grow a little at a time (brk, mprotect), are trimmed or
 * dropped whole once freed, and fault their pages in again. One name
 * changed at 20,000 applicants: 8,880 page faults instead of 12,640, 7
 * brk, 25 mprotect and 6 munmap instead of 23, 83 and 19; the full build
 * 7, 84 and 6 instead of 50, 212 and 16; 1,000,000 applicants 2.3 s of
 * system time instead of 5.1, the peak unchanged (976 MB; 16 MiB made it
 * 1,022 MB), 20,000 applicants' 3 MB higher.
 */
static void
memory_policy(void)
{
#ifdef M_MMAP_THRESHOLD
	(void)mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
#ifdef M_TRIM_THRESHOLD
	(void)mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
#ifdef M_TOP_PAD
	(void)mallopt(M_TOP_PAD, 8 << 20);
#endif
}

/*
 * The local time zone named once: with TZ unset glibc takes
 * /etc/localtime and stats it again at every mktime(), which libzip calls
 * for each entry of every zip it opens: each register kept as .xlsx or
 * .ods (17 stats for the sample's one workbook; when libzip still wrote
 * the packages, 8,250 a build at 25 cycles x 4,000). TZ=":/etc/localtime"
 * is that same zone, read once. Set before any thread starts.
 */
static void
timezone_policy(void)
{
	if (getenv("TZ") == NULL)
		(void)setenv("TZ", ":/etc/localtime", 0);
}

int
main(int argc, char **argv)
{
	struct args a;
	int rc;

	memory_policy();
	timezone_policy();
	trace_init();
	i18n_init(argv[0]);
	if ((rc = parse_args(argc, argv, &a)) >= 0)
		return rc;
	if (strcmp(a.cmd->name, "serve") == 0)
		rc = run_serve(&a);
	else if (strcmp(a.cmd->name, "new") == 0)
		rc = new_cycle(a.content, a.year);
	else
		rc = run_content_command(&a);
	free(a.found_templates);
	trace_print(stderr);
	return rc;
}
