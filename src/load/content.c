#include <dirent.h>

#include <cmark.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "load/config.h"
#include "load/content.h"
#include "load/fields.h"
#include "load/records.h"

struct names {
	char	**v;
	size_t	  n;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a folder ending in suffix ("" for all), sorted: output
 * must not depend on the order the file system lists them in. */
static bool
list_dir(const char *path, const char *suffix, struct names *out)
{
	DIR *dir;
	struct dirent *e;

	out->v = NULL;
	out->n = 0;
	if ((dir = opendir(path)) == NULL)
		return false;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.' || !str_has_suffix(e->d_name, suffix))
			continue;
		out->v = xreallocarray(out->v, out->n + 1, sizeof(char *));
		out->v[out->n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(char *), name_cmp);
	return true;
}

static void
names_free(struct names *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
}

static void
load_calendar(const char *dir, struct site *s, struct diag *d)
{
	char *path = path_join(dir, "calendar");
	struct names files;

	if (!list_dir(path, ".yaml", &files))
		diag_error(d, "calendar", 0, _("missing: add a folder calendar/ "
		    "with one <year>.yaml per year (days off, make-up working "
		    "days)"));
	else
		config_load_calendar(dir, files.v, files.n, s, d);
	names_free(&files);
	free(path);
}

/*
 * Names a notice of the office's own cannot take: the site uses them
 * (YEAR/index.html is the cycle's page; feed, sitemap, verify and assets
 * are the site's own at its root; certificates and letters are folders of
 * the archive), or the built-in notices make files starting so
 * (revocation-<certificate-no>, recommendation-<unit>), and a web server
 * that ignores case would mix them up.
 */
static const char *const reserved_names[] = {
	"index", "feed", "sitemap", "verify", "assets", "certificates",
	"letters", "site", "archive", NULL
};
static const char *const reserved_prefixes[] = {
	"revocation-", "recommendation-", "objection-", NULL
};

static bool
reserved_notice(const char *folder, const char *file, const char *name,
    struct diag *d)
{
	char *rel;
	size_t i;

	for (i = 0; reserved_names[i] != NULL; i++)
		if (strcmp(name, reserved_names[i]) == 0)
			break;
	if (reserved_names[i] == NULL) {
		for (i = 0; reserved_prefixes[i] != NULL; i++)
			if (str_has_prefix(name, reserved_prefixes[i]))
				break;
		if (reserved_prefixes[i] == NULL)
			return false;
	}
	rel = path_join(folder, file);
	diag_error(d, rel, 0, _("the name '%s' is one the site uses for its "
	    "own pages and files, so this notice would overwrite one or be "
	    "overwritten; rename the file, like site-visit.md"), name);
	free(rel);
	return true;
}

static bool
is_leaf(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT: case CMARK_NODE_CODE: case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_SOFTBREAK: case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE_BLOCK: case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK:
		return true;
	default:
		return false;
	}
}

bool
content_check_notice(const struct custom_notice *n, struct diag *d)
{
	cmark_node *doc = cmark_parse_document(n->body, strlen(n->body),
	    CMARK_OPT_DEFAULT), *node;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int depth = 0, line = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_EXIT)
			depth--;
		else if (!is_leaf(node) && ++depth > NOTICE_MAX_DEPTH) {
			line = cmark_node_get_start_line(node);
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (line == 0)
		return true;
	diag_error(d, n->path, n->body_line + line - 1, _("quotes, lists or "
	    "emphasis nested more than %d deep; a notice needs a few levels "
	    "at most: check the '>', '-' and '*' at the start of the lines"),
	    NOTICE_MAX_DEPTH);
	return false;
}

/* Notices that start with '.' are hidden, and never read: say so. */
static void
warn_hidden(const char *path, const char *folder, struct diag *d)
{
	DIR *dir;
	struct dirent *e;
	char *rel;

	if ((dir = opendir(path)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] != '.' || !str_has_suffix(e->d_name, ".md"))
			continue;
		rel = path_join(folder, e->d_name);
		diag_warning(d, rel, 0, _("a name starting with '.' hides the "
		    "file, and gongshi does not read it; remove the '.' to "
		    "publish this notice, or delete the file"));
		free(rel);
	}
	closedir(dir);
}

static void
load_custom_notices(const char *dir, struct cycle *c, struct diag *d)
{
	char *folder = path_join(c->dir, "notices");
	char *path = path_join(dir, folder), *rel, *name;
	struct names files;
	size_t i;

	if (list_dir(path, ".md", &files) && files.n > 0) {
		c->customs = xcalloc(files.n, sizeof(*c->customs));
		for (i = 0; i < files.n; i++) {
			name = xstrndup(files.v[i], strlen(files.v[i]) - 3);
			if (reserved_notice(folder, files.v[i], name, d)) {
				free(name);
				continue;
			}
			rel = path_join(folder, files.v[i]);
			if (config_load_custom_notice(dir, rel, name,
			    &c->customs[c->n_customs], d) &&
			    content_check_notice(&c->customs[c->n_customs], d))
				c->n_customs++;
			else
				custom_notice_clear(&c->customs[c->n_customs]);
			free(name);
			free(rel);
		}
	}
	warn_hidden(path, folder, d);
	names_free(&files);
	free(path);
	free(folder);
}

static void
load_cycles(const char *dir, struct site *s, struct names *entries,
    struct diag *d)
{
	struct cycle *c;
	char *path;
	size_t i;
	int year;

	for (i = 0; i < entries->n; i++) {
		path = path_join(dir, entries->v[i]);
		if (field_year_name(entries->v[i], "", &year) && dir_exists(path)) {
			s->cycles = xreallocarray(s->cycles, s->n_cycles + 1,
			    sizeof(*s->cycles));
			c = &s->cycles[s->n_cycles++];
			memset(c, 0, sizeof(*c));
			c->year = year;
			c->dir = xstrdup(entries->v[i]);
			if (config_load_cycle(dir, c, d)) {
				records_load_cycle(dir, c, d);
				load_custom_notices(dir, c, d);
			}
		}
		free(path);
	}
	if (s->n_cycles == 0)
		diag_error(d, ".", 0, _("no cycle: a cycle is a folder named by "
		    "its year (like 2025/) holding cycle.yaml, organizations.csv "
		    "and decisions.csv"));
}

int
content_load(const char *dir, struct site *s, struct diag *d)
{
	struct names entries;

	memset(s, 0, sizeof(*s));
	rules_defaults(&s->rules);
	s->content_dir = xstrdup(dir);
	if (!list_dir(dir, "", &entries)) {
		fprintf(stderr, _("gongshi: cannot read the content folder "
		    "%s: %s\n"), dir, strerror(errno));
		return EXIT_SYSTEM;
	}
	config_load_site(dir, s, d);
	load_calendar(dir, s, d);
	records_load_sanctions(dir, s, d);
	load_cycles(dir, s, &entries, d);
	names_free(&entries);
	return 0;
}
