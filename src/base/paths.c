#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/paths.h"
#include "base/util.h"

#ifndef GONGSHI_DATADIR
#define GONGSHI_DATADIR "/usr/local/share/gongshi"
#endif

char *
self_dir(void)
{
	char self[PATH_MAX], *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(*self != '\0' ? self : "/");
}

char *
prefix_path(const char *rel)
{
	char *bin = self_dir(), *slash, *p;

	if (bin == NULL)
		return NULL;
	if ((slash = strrchr(bin, '/')) != NULL)
		*slash = '\0';
	p = xasprintf("%s/%s", bin, rel);
	free(bin);
	return p;
}

char *
templates_find(char **searched)
{
	char *bin = prefix_path("share/gongshi/templates"), *cand[4];
	char *tree = prefix_path("templates"), *src = prefix_path("src/main.c");
	char cwd[PATH_MAX];
	struct buf b;
	size_t i, n = 0;
	char *found = NULL;

	cand[n++] = getcwd(cwd, sizeof(cwd)) != NULL ?
	    path_join(cwd, "templates") : xstrdup("templates");
	if (bin != NULL)
		cand[n++] = bin;
	/* build/gongshi of a source tree: the tree's own templates */
	if (tree != NULL && src != NULL && file_exists(src))
		cand[n++] = tree;
	else
		free(tree);
	free(src);
	cand[n++] = xstrdup(GONGSHI_DATADIR "/templates");
	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (found == NULL && dir_exists(cand[i])) {
			found = cand[i];
			continue;
		}
		buf_printf(&b, "  %s\n", cand[i]);
		free(cand[i]);
	}
	if (found != NULL)
		buf_free(&b);
	else
		*searched = buf_detach(&b);
	return found;
}
