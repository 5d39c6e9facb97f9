/*
 * build: the whole `gongshi build` after the content checked clean —
 * compose every document, render each format, write the archive's
 * checksums, and publish the lot atomically.
 */
#ifndef GONGSHI_BUILD_H
#define GONGSHI_BUILD_H

#include <stdbool.h>

#include "rules/state.h"

/*
 * What a build records for the next one (publish/stamp.h): the digest of
 * its inputs, taken before the content was read ("" for none: no stamp is
 * written), and the warnings the checks printed (NULL for none).
 */
struct build_inputs {
	const char	*digest;
	const char	*warnings;
};

/*
 * True when output_dir is what a build of these inputs would write (its
 * stamp matches): then the warnings of that build are printed again, with
 * a summary line saying nothing changed. digest gets the inputs' digest
 * either way ("" when they cannot all be read), for build_run.
 */
bool	build_up_to_date(const char *content_dir, const char *templates_dir,
	    const char *output_dir, char digest[static 65]);
/* Returns an exit status (0, 1 for template errors, 3 for I/O). */
int	build_run(struct state *, const char *templates_dir,
	    const char *output_dir, const struct build_inputs *);

#endif
