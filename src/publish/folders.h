/*
 * folders: what a build knows of the folders it writes into, so that each
 * is made, or looked for, once and not once per file in it. A 25-cycle
 * output has 2,656 files in 108 folders: a mkdir -p per file was 13,731
 * mkdir calls, all but 105 failing with EEXIST.
 *
 * The folders are named as the caller joins them ("out/.o.new.1/site/2025");
 * the same folder under two spellings is looked for twice, which is only
 * slower.
 */
#ifndef GONGSHI_FOLDERS_H
#define GONGSHI_FOLDERS_H

#include <stdbool.h>

#include "base/strmap.h"

struct folders {
	struct strmap	 known;		/* folder → FOLDER_THERE or FOLDER_ABSENT */
	char		**names;	/* the keys, owned */
	size_t		 n;
};

void	folders_init(struct folders *);
void	folders_free(struct folders *);
/* Records dir as there (a folder the caller has just made). */
void	folders_note(struct folders *, const char *dir);
/*
 * Makes the folders of path (not its last part) that are not known to be
 * there, from the highest missing one down, as mkdir -p does, and records
 * them. 0, or -1 with errno set and *failed (when not NULL) the folder
 * that could not be made, for the caller to free.
 */
int	folders_make_parents(struct folders *, const char *path, char **failed);
/*
 * Whether the folder of path (not its last part) is there, asked of the
 * disk once per folder: a folder whose parent is absent is absent too.
 */
bool	folders_parent_exists(struct folders *, const char *path);
/*
 * Called before each change a publish makes to the disk (a folder made or
 * removed, a file written, linked or removed, the swap). The tests set
 * GONGSHI_TEST_KILL_AFTER=k to have the build killed there (SIGKILL, as
 * kill -9 would) once k changes are made: each point of a publish.
 */
void	disk_change(void);

#endif
