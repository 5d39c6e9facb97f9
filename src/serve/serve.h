/*
 * serve: `gongshi serve` — a preview of the site while the office edits.
 * Builds the content into a private folder, serves that folder's site on
 * 127.0.0.1:PORT, rebuilds when a file under the content or templates
 * folder changes, shows the build's errors in the browser instead of a
 * stale site, and reloads an open page after a rebuild.
 */
#ifndef GONGSHI_SERVE_H
#define GONGSHI_SERVE_H

struct serve_options {
	const char	*content;	/* content folder */
	const char	*templates;	/* templates folder */
	int		 port;		/* 0: the default, 8000 */
	int		 quiet;		/* no progress lines */
};

/* Runs until SIGINT or SIGTERM; returns an exit status (0, 2, 3). */
int	serve_main(const struct serve_options *);

#endif
