/*
 * serve: placeholder until the preview server lands (issue 12); it says
 * so rather than pretend to serve.
 */
#include <stdio.h>

#include "base/i18n.h"
#include "base/util.h"
#include "serve/serve.h"

int
serve_main(const struct serve_options *o)
{
	(void)o;
	fputs(_("gongshi: serve is not available in this build\n"), stderr);
	return EXIT_SYSTEM;
}
