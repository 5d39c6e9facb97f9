/*
 * digest: the stamp's digest beside the load, when a change is likely
 * (digest.h).
 */
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "publish/digest.h"
#include "publish/stamp.h"

static struct {
	const char	*content, *templates;
	char		*hex;
	pthread_t	 tid;
	bool		 started;	/* since the last digest_wait() */
	bool		 running;	/* on its thread */
	bool		 listed;	/* stamp_list() could list the inputs */
} pending;

static bool
later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/*
 * Whether path or anything under it was modified after t: the names the
 * loader never reads (starting with '.') left out, as the digest does.
 * Whatever cannot be read counts as changed.
 */
static bool
newer_than(const char *path, const struct timespec *t)
{
	struct dirent *e;
	struct stat st;
	char *sub;
	DIR *dir;
	bool newer = false;

	if (stat(path, &st) != 0 || later(&st.st_mtim, t))
		return true;
	if (!S_ISDIR(st.st_mode))
		return false;
	if ((dir = opendir(path)) == NULL)
		return true;
	while (!newer && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sub = path_join(path, e->d_name);
		newer = newer_than(sub, t);
		free(sub);
	}
	closedir(dir);
	return newer;
}

bool
digest_likely_changed(const char *content, const char *templates,
    const char *output)
{
	char *stamp = path_join(output, STAMP_FILE);
	struct stat st;
	bool changed;

	changed = stat(stamp, &st) != 0 ||
	    newer_than("/proc/self/exe", &st.st_mtim) ||
	    newer_than(content, &st.st_mtim) ||
	    newer_than(templates, &st.st_mtim);
	free(stamp);
	return changed;
}

/* The walk beside the load; the digests are taken once it is loaded. */
static void *
list_inputs(void *arg)
{
	(void)arg;
	pending.listed = stamp_list(pending.content, pending.templates);
	return NULL;
}

void
digest_start(const char *content, const char *templates, char hex[static 65])
{
	digest_wait();
	pending.content = content;
	pending.templates = templates;
	pending.hex = hex;
	hex[0] = '\0';
	pending.started = true;
	pending.listed = false;
	if (pthread_create(&pending.tid, NULL, list_inputs, NULL) == 0)
		pending.running = true;
	else
		(void)list_inputs(NULL);
}

bool
digest_wait(void)
{
	bool was = pending.started;

	if (pending.running)
		pthread_join(pending.tid, NULL);
	if (was && pending.listed)
		(void)stamp_listed_digest(pending.hex);
	pending.running = false;
	pending.started = false;
	pending.listed = false;
	return was;
}
