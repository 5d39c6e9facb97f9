/*
 * publish: writes a build's files into the output folder all at once.
 *
 * Everything goes into a fresh folder beside the output first; only when
 * every file is written is it swapped with the old output in one rename
 * (renameat2 RENAME_EXCHANGE), so a failed or killed build leaves the
 * previous output whole. A file whose bytes did not change is hard-linked
 * from the old output, keeping its modification time: a sync to the web
 * server then sends only what changed.
 */
#ifndef GONGSHI_PUBLISH_H
#define GONGSHI_PUBLISH_H

#include "publish/outset.h"

/* Returns 0, or EXIT_SYSTEM after printing what failed. */
int	publish_outset(const struct outset *, const char *output_dir);

#endif
