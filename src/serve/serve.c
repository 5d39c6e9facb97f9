/*
 * serve: `gongshi serve`. The main thread watches the content and
 * templates folders and runs the builds; libmicrohttpd's threads answer
 * the browser from what the last build left (serve/http.h).
 *
 * Every build goes into a private folder made for this run and removed
 * at the end: the preview never touches output/, and what it serves is
 * always a whole build (a build publishes atomically). SIGINT and SIGTERM
 * are blocked in every thread and read from a signalfd, so that stopping
 * is one more event of the loop, and a build under way is ended with it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"
#include "publish/publish.h"
#include "serve/http.h"
#include "serve/runner.h"
#include "serve/serve.h"
#include "serve/watch.h"

#define DEFAULT_PORT	8000
/* A change is built once nothing more changed for this long. */
#define SETTLE_MS	200

struct session {
	const struct serve_options *opt;
	char		*private_dir;	/* made for this run, removed after */
	char		*output;	/* private_dir/output */
	char		*site;		/* private_dir/output/site */
	struct build_job job;
	struct preview	 preview;
	int		 stop_fd;	/* signalfd of SIGINT and SIGTERM */
	int		 watch_fd;
};

/* Says that the folder at path cannot be watched; returns EXIT_SYSTEM. */
static int
cannot_watch(const char *path)
{
	if (path == NULL)
		fprintf(stderr, _("gongshi: cannot watch for changes: %s\n"),
		    strerror(errno));
	else
		fprintf(stderr, _("gongshi: cannot watch the folder %s: %s\n"),
		    path, strerror(errno));
	return EXIT_SYSTEM;
}

static void
progress(const struct session *s, const char *line)
{
	if (s->opt->quiet)
		return;
	fputs(line, stdout);
	fflush(stdout);
}

static int
make_private_dir(struct session *s)
{
	const char *tmp = getenv("TMPDIR");

	s->private_dir = xasprintf("%s/gongshi-serve.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(s->private_dir) == NULL) {
		fprintf(stderr, _("gongshi: cannot create the private folder "
		    "%s: %s\n"), s->private_dir, strerror(errno));
		free(s->private_dir);
		s->private_dir = NULL;
		return EXIT_SYSTEM;
	}
	s->output = path_join(s->private_dir, "output");
	s->site = path_join(s->output, "site");
	return 0;
}

/* Blocks SIGINT and SIGTERM in every thread to come; reads them from a fd. */
static int
catch_signals(struct session *s)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (s->stop_fd = signalfd(-1, &set, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, _("gongshi: cannot catch signals: %s\n"),
		    strerror(errno));
		return EXIT_SYSTEM;
	}
	return 0;
}

static int
watch_folders(struct session *s)
{
	if ((s->watch_fd = watch_open()) < 0)
		return cannot_watch(NULL);
	if (watch_tree(s->watch_fd, s->job.content) != 0)
		return cannot_watch(s->job.content);
	if (watch_tree(s->watch_fd, s->job.templates) != 0)
		return cannot_watch(s->job.templates);
	return 0;
}

/* Builds and tells the server; false when a signal ended the build. */
static bool
rebuild(struct session *s)
{
	char *log;
	int rc;

	if ((rc = runner_build(&s->job, s->stop_fd, &log)) < 0) {
		free(log);
		return false;
	}
	fputs(log, stderr);
	if (rc == 0) {
		free(log);
		preview_rebuilt(&s->preview, NULL);
		progress(s, _("gongshi: built; the preview shows the new site\n"));
		return true;
	}
	if (*log == '\0') {
		free(log);
		log = xasprintf(_("gongshi build ended with exit status %d.\n"),
		    rc);
	}
	preview_rebuilt(&s->preview, log);
	progress(s, _("gongshi: the build failed; every page of the preview "
	    "shows its errors\n"));
	return true;
}

/*
 * Waits for changes and rebuilds once they settle, until a signal.
 * Returns 0.
 */
static int
watch_and_build(struct session *s)
{
	struct pollfd fds[2] = {{ s->stop_fd, POLLIN, 0 },
	    { s->watch_fd, POLLIN, 0 }};
	bool pending = false, new_folder = false;
	int n;

	for (;;) {
		n = poll(fds, 2, pending ? SETTLE_MS : -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cannot_watch(NULL);
		if (fds[0].revents != 0)
			return 0;
		if (fds[1].revents != 0) {
			if (watch_read(s->watch_fd, &new_folder))
				pending = true;
			continue;
		}
		if (new_folder) {
			watch_tree(s->watch_fd, s->job.content);
			watch_tree(s->watch_fd, s->job.templates);
			new_folder = false;
		}
		pending = false;
		if (!rebuild(s))
			return 0;
	}
}

static void
session_free(struct session *s)
{
	if (s->private_dir != NULL)
		remove_tree(s->private_dir);
	if (s->stop_fd >= 0)
		close(s->stop_fd);
	if (s->watch_fd >= 0)
		close(s->watch_fd);
	preview_free(&s->preview);
	free(s->site);
	free(s->output);
	free(s->private_dir);
}

int
serve_main(const struct serve_options *o)
{
	struct session s;
	struct http_server *http;
	int port = o->port != 0 ? o->port : DEFAULT_PORT, rc;

	if (!http_load())
		return EXIT_SYSTEM;
	memset(&s, 0, sizeof(s));
	s.opt = o;
	s.stop_fd = s.watch_fd = -1;
	s.job.content = o->content;
	s.job.templates = o->templates;
	if ((rc = make_private_dir(&s)) != 0)
		return rc;
	s.job.output = s.output;
	preview_init(&s.preview, s.site);
	if ((rc = catch_signals(&s)) != 0 || (rc = watch_folders(&s)) != 0) {
		session_free(&s);
		return rc;
	}
	/*
	 * Listening first says at once when the port is taken; a page asked
	 * for during the first build is "not found", and reloads after it.
	 */
	if ((http = http_start(&s.preview, port)) == NULL) {
		fprintf(stderr, _("gongshi: cannot listen on 127.0.0.1:%d: %s; "
		    "choose another port with --port\n"), port, strerror(errno));
		session_free(&s);
		return EXIT_SYSTEM;
	}
	if (!o->quiet) {
		printf(_("gongshi: the preview is at http://127.0.0.1:%d/ and "
		    "follows every change of %s and %s; press Ctrl-C to stop\n"),
		    port, o->content, o->templates);
		fflush(stdout);
	}
	rc = rebuild(&s) ? watch_and_build(&s) : 0;
	http_stop(http);
	progress(&s, _("gongshi: the preview stopped\n"));
	session_free(&s);
	return rc;
}
