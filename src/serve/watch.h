/*
 * watch: which files of the content and templates folders changed
 * (inotify, every subfolder included, new ones as they appear).
 */
#ifndef GONGSHI_SERVE_WATCH_H
#define GONGSHI_SERVE_WATCH_H

#include <stdbool.h>

/* An inotify descriptor (non-blocking), or -1 with errno set. */
int	watch_open(void);
/* Watches dir and every folder below it; -1 (errno set) if dir cannot be. */
int	watch_tree(int fd, const char *dir);
/*
 * Reads the pending events; true when one is about a file a build reads
 * (an editor's swap and backup files are not). *new_folder is set when a
 * folder appeared, which the caller then watches with watch_tree.
 */
bool	watch_read(int fd, bool *new_folder);

#endif
