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
struct cycles;

struct build_inputs {
	const char	*digest;
	const char	*warnings;
	struct cycles	*cycles;	/* publish/cycles.h, or NULL */
};

/*
 * True when output_dir is what a build of these inputs would write (its
 * stamp matches): then the warnings of that build are printed again, with
 * a summary line saying nothing changed. digest gets the inputs' digest
 * either way ("" when they cannot all be read), for build_run.
 */
bool	build_up_to_date(const char *content_dir, const char *templates_dir,
	    const char *output_dir, char digest[static 65]);
/*
 * When an input is newer than the output's stamp, build_up_to_date()
 * returns false at once and the digest is taken on a second thread beside
 * the load (publish/digest.h). Once the content is loaded,
 * build_up_to_date_after_load() waits for it and, when the inputs are the
 * same after all (a file saved again unchanged), says so as
 * build_up_to_date() would have and returns true: nothing is written.
 * build_end_beside() waits for it in any case: call it before digest
 * goes away.
 */
bool	build_up_to_date_after_load(const char *output_dir,
	    char digest[static 65]);
/*
 * Once the content is loaded without errors, before the checks, for a
 * build into output_dir whose inputs' digest is digest (not "": a stamp
 * will be kept): begins on a second thread what build_run would begin
 * first, when a failure of the checks undoes it at no cost: the new
 * output's folder, when it is made afresh (publish_begin_afresh), and
 * the registers written into it (load/regcache.h). build_run takes it;
 * when no build runs, build_end_beside() undoes it.
 */
void	build_prepare(const char *output_dir, const char *digest);
/*
 * The end of a build command: waits for the digest, and undoes what
 * build_prepare() began for a build that did not run.
 */
void	build_end_beside(void);
/*
 * Where a build writes. With site and archive NULL, both go into output
 * (output/site, output/archive), swapped in as one folder; otherwise
 * each to its own folder (publish_split_begin). A check composes and
 * renders everything the same way and writes nothing.
 */
struct build_options {
	const char	*templates;
	const char	*output;
	const char	*site;		/* NULL: output/site */
	const char	*archive;	/* NULL: output/archive */
	bool		 check_only;	/* render all, write nothing */
	bool		 quiet;		/* no summary line */
};

/*
 * Adds the problems of the templates to d (the caller prints them).
 * Returns an exit status: 0, 1 when the templates have errors (nothing
 * was written), 3 for I/O (said where it happened).
 */
int	build_run(struct state *, const struct build_options *,
	    const struct build_inputs *, struct diag *d);

#endif
