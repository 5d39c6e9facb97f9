/*
 * runner: fork and exec /proc/self/exe (this very program, even if its
 * file was replaced since it started) as `gongshi build --quiet`, its
 * standard error captured through a pipe. The server's threads are running, so
 * the child does only what is safe after fork: it unblocks the signals
 * the server blocked, points its descriptors and execs.
 */
#define _GNU_SOURCE		/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "serve/runner.h"

static void __attribute__((noreturn))
run_child(int err, char *const argv[], const char *failed)
{
	sigset_t none;
	int null;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if ((null = open("/dev/null", O_RDWR)) >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	dup2(err, STDERR_FILENO);
	execv("/proc/self/exe", argv);
	if (write(STDERR_FILENO, failed, strlen(failed)) < 0)
		_exit(127);
	_exit(127);
}

/*
 * Reads the child's messages until it closes them; ends the child when
 * stop_fd becomes readable. Returns true when it did.
 */
static bool
collect(int from, int stop_fd, pid_t pid, struct buf *log)
{
	struct pollfd fds[2] = {{ from, POLLIN, 0 }, { stop_fd, POLLIN, 0 }};
	char chunk[4096];
	bool stopped = false;
	ssize_t n;

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[1].revents != 0) {
			kill(pid, SIGTERM);
			stopped = true;
			fds[1].fd = -1;		/* poll ignores it from now on */
		}
		if (fds[0].revents == 0)
			continue;
		if ((n = read(from, chunk, sizeof(chunk))) > 0)
			buf_add(log, chunk, (size_t)n);
		else if (n == 0 || errno != EINTR)
			break;
	}
	return stopped;
}

/* The build could not be started: says why in *log, closes a and b. */
static int
start_failed(char **log, int a, int b)
{
	int e = errno;

	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
	*log = xasprintf(_("gongshi: cannot start the build: %s\n"),
	    strerror(e));
	return EXIT_SYSTEM;
}

int
runner_build(const struct build_job *j, int stop_fd, char **log)
{
	char *argv[] = { "gongshi", "build", "--content", (char *)j->content,
	    "--templates", (char *)j->templates, "--output", (char *)j->output,
	    "--quiet", NULL };
	const char *failed = _("gongshi: the build could not be started\n");
	int fds[2], status = 0;
	bool stopped;
	struct buf b;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return start_failed(log, -1, -1);
	if ((pid = fork()) < 0)
		return start_failed(log, fds[0], fds[1]);
	buf_init(&b);
	if (pid == 0)
		run_child(fds[1], argv, failed);
	close(fds[1]);
	stopped = collect(fds[0], stop_fd, pid, &b);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		continue;
	if (!stopped && WIFSIGNALED(status))
		buf_printf(&b, _("gongshi: the build was ended by signal %d "
		    "(%s)\n"), WTERMSIG(status), strsignal(WTERMSIG(status)));
	*log = buf_detach(&b);
	if (stopped)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_SYSTEM;
}
