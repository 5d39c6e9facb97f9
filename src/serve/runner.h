/*
 * runner: one `gongshi build` of the preview, run as a child process of
 * this same program, so that the server never sees a half-built state
 * (the build publishes atomically) and a crash in a build cannot take
 * the server down.
 */
#ifndef GONGSHI_SERVE_RUNNER_H
#define GONGSHI_SERVE_RUNNER_H

struct build_job {
	const char	*content;
	const char	*templates;
	const char	*output;
};

/*
 * Runs the build; *log gets what it wrote to standard error (caller
 * frees). Returns its exit status; -1 when stop_fd became readable (a
 * signal to stop: the build is ended) or the build could not be started
 * (then *log says why).
 */
int	runner_build(const struct build_job *, int stop_fd, char **log);

#endif
