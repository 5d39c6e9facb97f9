#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		diag_error(d, "calendar", 0, "missing: add a folder calendar/ "
		    "with one <year>.yaml per year (days off, make-up working days)");
	else
		config_load_calendar(dir, files.v, files.n, s, d);
	names_free(&files);
	free(path);
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
			rel = path_join(folder, files.v[i]);
			name = xstrndup(files.v[i], strlen(files.v[i]) - 3);
			if (config_load_custom_notice(dir, rel, name,
			    &c->customs[c->n_customs], d))
				c->n_customs++;
			else {
				struct custom_notice *n = &c->customs[c->n_customs];
				free(n->name); free(n->path); free(n->title);
				free(n->number); free(n->body);
			}
			free(name);
			free(rel);
		}
	}
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
		diag_error(d, ".", 0, "no cycle: a cycle is a folder named by "
		    "its year (like 2025/) holding cycle.yaml, organizations.csv "
		    "and decisions.csv");
}

int
content_load(const char *dir, struct site *s, struct diag *d)
{
	struct names entries;

	memset(s, 0, sizeof(*s));
	rules_defaults(&s->rules);
	s->content_dir = xstrdup(dir);
	if (!list_dir(dir, "", &entries)) {
		fprintf(stderr, "gongshi: %s: %s\n", dir, strerror(errno));
		return EXIT_SYSTEM;
	}
	config_load_site(dir, s, d);
	load_calendar(dir, s, d);
	records_load_sanctions(dir, s, d);
	load_cycles(dir, s, &entries, d);
	names_free(&entries);
	return 0;
}
