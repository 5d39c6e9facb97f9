/*
 * http: the preview's web server (libmicrohttpd), on 127.0.0.1 only.
 *
 * It serves the files of one site folder, refusing every path that
 * leaves it; while the last build failed it answers every page with the
 * build's errors instead. HTML pages get a small script that asks
 * /__gongshi/wait whether a rebuild happened and reloads the page when
 * one did: it is added as the page is sent, never written to a file.
 */
#ifndef GONGSHI_SERVE_HTTP_H
#define GONGSHI_SERVE_HTTP_H

#include <pthread.h>
#include <stdbool.h>

/* What the builder and the server share; every field under lock. */
struct preview {
	pthread_mutex_t	 lock;
	pthread_cond_t	 rebuilt;	/* broadcast when generation changes */
	unsigned	 generation;	/* one more after each build */
	char		*errors;	/* the failed build's messages, or NULL */
	bool		 stopping;	/* wakes every waiting request */
	const char	*site;		/* the folder served */
};

struct http_server;

void	preview_init(struct preview *, const char *site);
/* Records a finished build: errors NULL when it succeeded (takes errors). */
void	preview_rebuilt(struct preview *, char *errors);
void	preview_free(struct preview *);

/*
 * Opens libmicrohttpd, which only serve needs (base/dynlib.h); false,
 * said on standard error, when it cannot. Before http_start.
 */
bool	http_load(void);
/* Listens on 127.0.0.1:port; NULL (errno set) when it cannot. */
struct http_server *http_start(struct preview *, int port);
/* Wakes the waiting requests, closes every connection, frees. */
void	http_stop(struct http_server *);

#endif
