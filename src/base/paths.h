/*
 * paths: where an installed gongshi finds what was installed with it.
 *
 * The data (templates) and the message catalogues are looked for beside
 * the running program first (/proc/self/exe: BINDIR/../share/gongshi and
 * BINDIR/../share/locale), then where the build was configured to install
 * them (GONGSHI_DATADIR, GONGSHI_LOCALEDIR). So `make install PREFIX=/usr`
 * after a `make` for /usr/local, or a DESTDIR moved into place, still
 * finds its own files.
 */
#ifndef GONGSHI_PATHS_H
#define GONGSHI_PATHS_H

#include <stddef.h>

/* The folder of the running program, or NULL (the caller frees it). */
char	*self_dir(void);

/*
 * BINDIR/../REL spelt without "..": "/usr/share/gongshi" for a program in
 * /usr/bin. NULL when the program's folder is not known.
 */
char	*prefix_path(const char *rel);

/*
 * The templates folder to use when --templates is not given: the first of
 * "templates" in the current folder, BINDIR/../share/gongshi/templates,
 * BINDIR/../templates (build/gongshi in a source tree),
 * GONGSHI_DATADIR/templates that exists. NULL when none does; then
 * *searched gets every place looked at, one per line (the caller frees).
 */
char	*templates_find(char **searched);

#endif
