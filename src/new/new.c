/*
 * new: placeholder until `gongshi new` lands (issue 11); it says so.
 */
#include <stdio.h>

#include "base/i18n.h"
#include "base/util.h"
#include "new/new.h"

int
new_cycle(const char *content_dir, int year)
{
	(void)content_dir;
	(void)year;
	fputs(_("gongshi: new is not available in this build\n"), stderr);
	return EXIT_SYSTEM;
}
