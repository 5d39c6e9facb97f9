/*
 * i18n: binds gongshi's message catalogue. The catalogue of a build tree
 * (build/locale, made by make) is used by build/gongshi itself; an
 * installed gongshi uses PREFIX/share/locale of where it is installed
 * (see base/paths.h), else GONGSHI_LOCALEDIR.
 */
#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hash.h"
#include "base/i18n.h"
#include "base/paths.h"
#include "base/util.h"

#ifndef GONGSHI_LOCALEDIR
#define GONGSHI_LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * The catalogues: build/locale beside a build tree's program, then
 * PREFIX/share/locale of the prefix the program is installed in (when it
 * holds gongshi's), then the configured GONGSHI_LOCALEDIR.
 */
static char *
locale_dir(void)
{
	char *bin = self_dir(), *dir, *mo;

	if (bin != NULL) {
		dir = path_join(bin, "locale");
		free(bin);
		if (dir_exists(dir))
			return dir;
		free(dir);
	}
	if ((dir = prefix_path("share/locale")) != NULL) {
		mo = path_join(dir, "zh_CN/LC_MESSAGES/gongshi.mo");
		if (access(mo, R_OK) == 0) {
			free(mo);
			return dir;
		}
		free(mo);
		free(dir);
	}
	return xstrdup(GONGSHI_LOCALEDIR);
}

void
i18n_init(const char *argv0)
{
	char *dir;

	(void)argv0;
	setlocale(LC_ALL, "");
	/* Numbers stay in the C form whatever the locale says. */
	setlocale(LC_NUMERIC, "C");
	dir = locale_dir();
	bindtextdomain("gongshi", dir);
	bind_textdomain_codeset("gongshi", "UTF-8");
	textdomain("gongshi");
	free(dir);
}

const char *
i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = gettext(ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
i18n_language(struct buf *b)
{
	const char *dir = bindtextdomain("gongshi", NULL), *lang;
	char **names = NULL, hex[HASH_HEX], *mo;
	struct dirent *e;
	size_t n = 0, i;
	DIR *d;

	lang = getenv("LANGUAGE");
	buf_printf(b, "LC_MESSAGES=%s\nLANGUAGE=%s\n",
	    setlocale(LC_MESSAGES, NULL), lang != NULL ? lang : "");
	if (dir == NULL || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.') {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		mo = xasprintf("%s/%s/LC_MESSAGES/gongshi.mo", dir, names[i]);
		if (hash_file_hex(mo, hex))
			buf_printf(b, "%s %s\n", names[i], hex);
		free(mo);
		free(names[i]);
	}
	free(names);
}
