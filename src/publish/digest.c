/*
 * digest: the stamp's digest beside the load, when a change is likely
 * (digest.h).
 */
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
	bool		 walked;	/* by digest_likely_changed() */
} pending;

static bool
later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

bool
digest_likely_changed(const char *content, const char *templates,
    const char *output)
{
	char *stamp = path_join(output, STAMP_FILE);
	struct stat st, exe;
	bool changed;

	digest_wait();
	/* The last build's index first: no input may be read before. */
	(void)stamp_index_open(output);
	/*
	 * The inputs are listed here, once, when their times must be looked
	 * at: the listing's stat of each is what tells, and the digest is
	 * taken over that listing, now or after the load.
	 */
	changed = stat(stamp, &st) != 0 || stat("/proc/self/exe", &exe) != 0 ||
	    later(&exe.st_mtim, &st.st_mtim) ||
	    !(pending.listed = stamp_list(content, templates)) ||
	    stamp_listed_newer(&st.st_mtim);
	pending.walked = pending.listed;
	free(stamp);
	return changed;
}

bool
digest_now(char hex[static 65])
{
	hex[0] = '\0';
	pending.walked = false;
	return pending.listed && stamp_listed_disk_digest(hex);
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
	bool walked = pending.walked;

	if (!walked)
		digest_wait();
	pending.content = content;
	pending.templates = templates;
	pending.hex = hex;
	hex[0] = '\0';
	pending.started = true;
	pending.walked = false;
	if (walked)
		return;		/* listed already: pending.listed says how */
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
	pending.walked = false;
	return was;
}
