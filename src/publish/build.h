/*
 * build: the whole `gongshi build` after the content checked clean —
 * compose every document, render each format, write the archive's
 * checksums, and publish the lot atomically.
 */
#ifndef GONGSHI_BUILD_H
#define GONGSHI_BUILD_H

#include "rules/state.h"

/* Returns an exit status (0, 1 for template errors, 3 for I/O). */
int	build_run(struct state *, const char *templates_dir, const char *output_dir);

#endif
