/*
 * timer — what a command cost, to the microsecond, for tests/bench/run.sh.
 *
 *	timer -o FILE COMMAND [ARG...]
 *
 * Runs COMMAND (searched in PATH), its standard input, output and error
 * those of timer, waits for it and writes one line to FILE:
 *
 *	WALL USER SYS MAXRSS EXIT
 *
 * WALL, USER and SYS in seconds with six decimals: the wall time from just
 * before the fork to the end of the wait (CLOCK_MONOTONIC), the user and
 * system CPU time of the command and of every descendant it waited for
 * (wait4's rusage: the figures /usr/bin/time gives, which it prints in
 * 10 ms steps); MAXRSS the largest resident set of any of them, in KiB;
 * EXIT the command's exit status, 128 + the signal when a signal ended it,
 * 127 when it could not be run. timer exits with EXIT too.
 *
 * Built by `make bench` (build/bench/timer).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds_tv(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: timer -o FILE COMMAND [ARG...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	const char *file;
	FILE *f;
	pid_t pid;
	int status, code;

	if (argc < 4 || strcmp(argv[1], "-o") != 0)
		usage();
	file = argv[2];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "timer: cannot fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		fprintf(stderr, "timer: cannot run %s: %s\n", argv[3],
		    strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "timer: cannot wait for %s: %s\n",
			    argv[3], strerror(errno));
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) :
	    WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 2;
	if ((f = fopen(file, "w")) == NULL) {
		fprintf(stderr, "timer: cannot write %s: %s\n", file,
		    strerror(errno));
		return 2;
	}
	fprintf(f, "%.6f %.6f %.6f %ld %d\n", seconds_between(&t0, &t1),
	    seconds_tv(&ru.ru_utime), seconds_tv(&ru.ru_stime), ru.ru_maxrss,
	    code);
	if (fclose(f) != 0) {
		fprintf(stderr, "timer: cannot write %s: %s\n", file,
		    strerror(errno));
		return 2;
	}
	return code;
}
