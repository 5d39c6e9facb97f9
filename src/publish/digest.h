/*
 * digest: when to take the stamp's digest of the inputs (publish/stamp.h).
 *
 * The digest lets a build with nothing changed stop at once, so it is
 * taken before the content is read. But when an input is newer than the
 * output's stamp (or there is no stamp), the build will all but surely run
 * in full: then the digest is taken on a second thread while the content
 * is loaded and checked (hashing 20,000 applicants' inputs is 7 % of a
 * build), and the build waits for it only once the content is loaded.
 * Should the inputs be the same after all (a file saved again unchanged),
 * the build then stops as it would have at once, the load spent in vain.
 */
#ifndef GONGSHI_DIGEST_H
#define GONGSHI_DIGEST_H

#include <stdbool.h>

/*
 * True when output has no stamp, or a file or folder under content_dir
 * or templates_dir, or the program, was modified after it.
 */
bool	digest_likely_changed(const char *content_dir,
	    const char *templates_dir, const char *output_dir);
/*
 * Starts stamp_digest(content_dir, templates_dir, hex) on a second thread
 * (or runs it here when no thread can be had); hex is written until
 * digest_wait() returns. The folder names must outlive that.
 */
void	digest_start(const char *content_dir, const char *templates_dir,
	    char hex[static 65]);
/*
 * Waits for the digest digest_start() began; true when one was begun
 * since the last wait.
 */
bool	digest_wait(void);

#endif
