/*
 * watch: inotify over folder trees. inotify watches one folder, not what
 * is below it, so every subfolder gets its own watch; adding a watch
 * twice is harmless (the kernel returns the same one), which lets the
 * caller simply walk the trees again when a folder appears.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "serve/watch.h"

#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | \
			 IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

int
watch_open(void)
{
	return inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

/* Watches the folders below dir (symbolic links are not followed). */
static void
watch_below(int fd, const char *dir)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	char *child;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (str_eq(e->d_name, ".") || str_eq(e->d_name, ".."))
			continue;
		child = path_join(dir, e->d_name);
		if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode) &&
		    inotify_add_watch(fd, child, WATCH_MASK) >= 0)
			watch_below(fd, child);
		free(child);
	}
	closedir(d);
}

int
watch_tree(int fd, const char *dir)
{
	if (inotify_add_watch(fd, dir, WATCH_MASK) < 0)
		return -1;
	watch_below(fd, dir);
	return 0;
}

/* Files no build reads: hidden ones (editors' .swp, .#lock) and backups~. */
static bool
ignored(const char *name)
{
	return name[0] == '.' || name[0] == '\0' || str_has_suffix(name, "~") ||
	    (name[0] == '4' && str_eq(name, "4913"));	/* vim's probe */
}

bool
watch_read(int fd, bool *new_folder)
{
	char events[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	bool changed = false;
	ssize_t n;
	char *p;

	while ((n = read(fd, events, sizeof(events))) > 0) {
		for (p = events; p < events + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				changed = *new_folder = true;
				continue;
			}
			if (ev->len == 0 || ignored(ev->name))
				continue;
			changed = true;
			if ((ev->mask & IN_ISDIR) &&
			    (ev->mask & (IN_CREATE | IN_MOVED_TO)))
				*new_folder = true;
		}
	}
	return changed;
}
