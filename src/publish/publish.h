/*
 * publish: writes a build's files into the output folder all at once.
 *
 * Everything goes into a folder beside the output first; only when every
 * file is written is it swapped with the old output in one rename
 * (renameat2 RENAME_EXCHANGE), so a failed or killed build leaves the
 * previous output whole. The old output then stays there, as
 * ".<name>.previous", and the next build is written into it, changing
 * only what differs (publish/sibling.h); when it is not as recorded it is
 * made afresh. A file whose bytes did not change is a hard link to the
 * old output's, keeping its modification time: a sync to the web server
 * then sends only what changed. A twin (outset_add_twin: the site's copy
 * of an archive ODT) is a hard link to the file it has the bytes of,
 * written once; a copy where the file system cannot link. No file is
 * ever written in place: a reader of the old output, or of the sibling,
 * keeps the bytes it opened.
 *
 * A split publish (--site, --archive) writes each destination into a
 * fresh folder beside it (".<name>.new.<pid>"), removed after the swap.
 */
#ifndef GONGSHI_PUBLISH_H
#define GONGSHI_PUBLISH_H

#include "publish/outset.h"

/*
 * Returns 0, or EXIT_SYSTEM after printing what failed. After
 * publish_begin(), output_dir is the one given there.
 */
int	publish_outset(struct outset *, const char *output_dir);
/*
 * After publish_begin(): puts the files not on disk yet there, removes
 * what the sibling held that this build does not, and records its
 * folders, so that only the swap is left (publish_outset). What else goes
 * into the new output (the stamp) goes into o->spool then. 0, or
 * EXIT_SYSTEM after printing.
 */
int	publish_finish(struct outset *);

/*
 * Writes as it goes: from now on every file added to the outset is put in
 * the folder beside the output at once (linked or written as above) and
 * its bytes leave memory, so that a national build never holds all its
 * output in memory (at 100,000 applicants, ~90 MB of pages).
 * publish_outset() then only finishes and swaps. A build that does not
 * publish calls publish_abort(), which removes a folder made afresh (a
 * sibling begun to be updated stays, marked as no more as recorded).
 * Returns 0, or EXIT_SYSTEM after printing.
 */
int	publish_begin(struct outset *, const char *output_dir);
/*
 * publish_begin() when the folder to write is made afresh (*began true),
 * which publish_abort() undoes at no cost: a build may then begin before
 * it knows it will publish (beside the checks, publish/build.c). When the
 * sibling beside the output is as recorded, nothing is begun (*began
 * false): once reopened to be updated it would be as recorded no more,
 * and the next build would make it afresh; publish_begin() begins it
 * later, its record read once. Returns as publish_begin().
 */
int	publish_begin_afresh(struct outset *, const char *output_dir,
	    bool *began);
/*
 * The folder publish_begin() will replace (output_dir, or where it links
 * to), to be freed; set as the outset's old before publish_begin(), it is
 * taken as it is.
 */
char	*publish_output_folder(const char *output_dir);
void	publish_abort(struct outset *);
/* Removes a folder and everything in it: 0, or EXIT_SYSTEM after saying why. */
int	remove_tree(const char *path);

/*
 * The same for a site and an archive in folders apart (--site, --archive):
 * the files under "site/" go to site_dir, those under "archive/" to
 * archive_dir, each staged beside its folder and swapped in on its own
 * (the archive first) by publish_outset(), whose output_dir is then
 * ignored. The caller has made sure neither is inside the other.
 */
int	publish_split_begin(struct outset *, const char *site_dir,
	    const char *archive_dir);

/*
 * One build at a time on an output folder: takes the lock beside it
 * (".<name>.lock", see publish.c), waiting, with a message, while another
 * gongshi holds it. The lock lasts until the process ends. Returns 0, or
 * EXIT_SYSTEM after printing. An output folder that is a symbolic link is
 * locked, and written, as the folder it points to.
 */
int	publish_lock(const char *output_dir);

#endif
