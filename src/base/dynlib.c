/*
 * dynlib: a library opened when a command needs it (base/dynlib.h).
 */
#include <dlfcn.h>
#include <stdio.h>

#include "base/dynlib.h"
#include "base/i18n.h"

static bool
take_functions(const struct dynlib *l, void *handle, const char *command)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if ((*l->fns[i].at = dlsym(handle, l->fns[i].name)) == NULL) {
			fprintf(stderr, _("gongshi: %1$s needs the function "
			    "%2$s of the library %3$s, which the installed one "
			    "lacks; install the Debian package %4$s again\n"),
			    command, l->fns[i].name, l->soname, l->package);
			return false;
		}
	return true;
}

bool
dynlib_load(struct dynlib *l, const char *command)
{
	void *handle;

	if (l->loaded != 0)
		return l->loaded > 0;
	l->loaded = -1;
	/* Kept open: the library's own threads and memory live until exit. */
	if ((handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, _("gongshi: %1$s needs the library %2$s, "
		    "which cannot be loaded (%3$s); install the Debian "
		    "package %4$s\n"), command, l->soname, dlerror(),
		    l->package);
		return false;
	}
	if (!take_functions(l, handle, command)) {
		(void)dlclose(handle);
		return false;
	}
	l->loaded = 1;
	return true;
}
