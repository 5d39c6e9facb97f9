/*
 * digest: when to take the stamp's digest of the inputs (publish/stamp.h).
 *
 * The digest lets a build with nothing changed stop at once, so it is
 * taken before the content is read. But when an input is newer than the
 * output's stamp (or there is no stamp), the build will all but surely run
 * in full: then the inputs are listed on a second thread while the content
 * is loaded and checked, and the digest is taken once the content is
 * loaded, from the digests of what the loader read (base/input.h): each
 * input is read once, by the loader, and only the files it does not read
 * (the templates, a README) are read for the digest.
 * Should the inputs be the same after all (a file saved again unchanged),
 * the build then stops as it would have at once, the load spent in vain.
 */
#ifndef GONGSHI_DIGEST_H
#define GONGSHI_DIGEST_H

#include <stdbool.h>

/*
 * True when output has no stamp, or a file or folder under content_dir
 * or templates_dir, or the program, was modified after it. The stamp's
 * index of the inputs (stamp_index_open) is read first. When there is
 * a stamp, the inputs are listed here (stamp_list), their times read from
 * that listing: digest_now() or digest_start() takes the digest over it,
 * so that no input is looked at twice.
 */
bool	digest_likely_changed(const char *content_dir,
	    const char *templates_dir, const char *output_dir);
/*
 * After digest_likely_changed() said false: the digest of the inputs it
 * listed, every file as it is on disk now (stamp_digest's); false ("" in
 * hex) when it cannot be taken.
 */
bool	digest_now(char hex[static 65]);
/*
 * Starts stamp_list(content_dir, templates_dir) on a second thread (or
 * runs it here when no thread can be had), unless digest_likely_changed()
 * listed the inputs already; digest_wait() writes the digest into hex.
 * The folder names must outlive that.
 */
void	digest_start(const char *content_dir, const char *templates_dir,
	    char hex[static 65]);
/*
 * Waits for the listing digest_start() began, and takes the digest of the
 * inputs into its hex (stamp_listed_digest: call it once the content is
 * loaded; "" when it cannot be taken). True when one was begun since the
 * last wait.
 */
bool	digest_wait(void);

#endif
