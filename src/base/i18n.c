/*
 * i18n: binds gongshi's message catalogue. The catalogue of a build tree
 * (build/locale, made by make) is used by build/gongshi itself; an
 * installed gongshi uses GONGSHI_LOCALEDIR (PREFIX/share/locale).
 */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

#ifndef GONGSHI_LOCALEDIR
#define GONGSHI_LOCALEDIR "/usr/local/share/locale"
#endif

/* The locale folder beside the running binary (build/locale), if any. */
static char *
locale_beside_binary(void)
{
	char self[PATH_MAX], *slash, *dir;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return NULL;
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return NULL;
	*slash = '\0';
	dir = path_join(self, "locale");
	if (!dir_exists(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

void
i18n_init(const char *argv0)
{
	char *dir;

	(void)argv0;
	setlocale(LC_ALL, "");
	/* Numbers stay in the C form whatever the locale says. */
	setlocale(LC_NUMERIC, "C");
	dir = locale_beside_binary();
	bindtextdomain("gongshi", dir != NULL ? dir : GONGSHI_LOCALEDIR);
	bind_textdomain_codeset("gongshi", "UTF-8");
	textdomain("gongshi");
	free(dir);
}
