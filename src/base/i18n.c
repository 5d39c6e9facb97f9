/*
 * i18n: binds gongshi's message catalogue. The catalogue of a build tree
 * (build/locale, made by make) is used by build/gongshi itself; an
 * installed gongshi uses PREFIX/share/locale of where it is installed
 * (see base/paths.h), else GONGSHI_LOCALEDIR.
 */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
