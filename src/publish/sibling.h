/*
 * sibling: the previous output, kept beside the output, is where the next
 * build is written.
 *
 * A rebuild that changed one name leaves all but a dozen of the 2,656
 * files of a 25-cycle output as they were. Linking each of them into a
 * fresh folder and removing the old tree afterwards cost 5,300 system
 * calls; instead the tree the last swap took out of the output is kept,
 * as ".<name>.previous" beside it (publish/publish.h). It shares every
 * file that did not change since with the output (hard links: a file the
 * output has is never written in place, always made anew), so the next
 * build updates it in place: it writes the files that differ from what it
 * holds (over its own copy, one with no other link but its twin's, where
 * it has one: publish.c, rewrite_own), removes those that are gone, and
 * swaps it with
 * the output. The system calls are then in proportion to what changed
 * over the last two builds.
 *
 * That is right only when the folder is exactly what it says it is: its
 * stamp (publish/stamp.h, the build it held) lists each file with its
 * inode, and FOLDERS_FILE each folder with its inode and modification
 * time. A file removed, added or replaced in a folder changes that
 * folder's time; a file edited in place is either one the output shares
 * (the output's copy changed too, so the rebuild does not take it) or one
 * of the sibling's own, which the update replaces or removes anyway. So
 * looking at the folders (a 25-cycle output has 108) tells whether the
 * whole sibling is as recorded. One that is not (a build killed while
 * updating it, which first removes its stamp; a hand edit; a build of an
 * older gongshi) is removed and written again in full.
 */
#ifndef GONGSHI_SIBLING_H
#define GONGSHI_SIBLING_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "publish/stamp.h"

#define FOLDERS_FILE	".gongshi-folders"

/* A folder under the sibling, as recorded, or as this build leaves it. */
struct sibdir {
	char			*path;		/* relative: "site/2025" */
	unsigned long long	 ino;
	long long		 sec;
	long			 nsec;
	bool			 touched;	/* this build changed what is in it */
	bool			 kept;		/* it holds a file of this build */
};

struct sibling {
	bool		 trusted;	/* it is exactly as recorded */
	struct stamp	 stamp;		/* its files (when trusted) */
	struct strmap	 files;		/* path → struct stamp_file * of stamp */
	struct sibdir	**dirs;		/* the recorded folders first, by path */
	size_t		 n_dirs, n_recorded;
	struct strmap	 dir_at;	/* path → struct sibdir * of dirs */
};

void	sibling_init(struct sibling *);
void	sibling_free(struct sibling *);
/*
 * Reads the record of the folder at dir and looks whether the folder is
 * as recorded (trusted); an untrusted sibling holds no listing.
 */
void	sibling_load(struct sibling *, const char *dir);
/* The file at path as the (trusted) sibling holds it, or NULL. */
const struct stamp_file *sibling_file(const struct sibling *, const char *path);
/* Notes that this build changed the folder holding path. */
void	sibling_touch(struct sibling *, const char *path);
/*
 * Adds path's folders (this build's files are all added this way before
 * sibling_record) to those the sibling keeps; a folder new to it touches
 * the folder above it.
 */
void	sibling_keep(struct sibling *, const char *path);
/*
 * The record of the folders kept, for FOLDERS_FILE: those touched (or new)
 * are looked at again under root, the others are as recorded. False
 * (errno set) when one cannot be looked at.
 */
bool	sibling_record(struct sibling *, const char *root, struct buf *);

#endif
