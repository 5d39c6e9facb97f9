/*
 * http: requests of the preview, answered by libmicrohttpd with one
 * thread per connection, so that a page waiting for the next rebuild
 * (PAGE_WAIT_PATH, a long poll) holds only its own thread.
 *
 * A path is served only when it stays inside the site folder: no ".."
 * segment (libmicrohttpd has already decoded %2e%2e into one), and its
 * real path (symbolic links resolved) under the site's real path.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <microhttpd.h>

#include "base/buf.h"
#include "base/dynlib.h"
#include "base/i18n.h"
#include "base/util.h"
#include "serve/http.h"
#include "serve/page.h"

/* libmicrohttpd, opened by http_load() (base/dynlib.h). */
#define MHD_FUNCTIONS(F) F(MHD_add_response_header)			\
	F(MHD_create_response_from_buffer) F(MHD_destroy_response)	\
	F(MHD_lookup_connection_value) F(MHD_queue_response)		\
	F(MHD_start_daemon) F(MHD_stop_daemon)
#define MHD_FN(f)	DYNLIB_FN(mhd, f)

static struct { MHD_FUNCTIONS(DYNLIB_POINTER) } mhd;
static const struct dynlib_fn mhd_fns[] = { MHD_FUNCTIONS(MHD_FN) };
static struct dynlib mhd_lib = DYNLIB(GONGSHI_MHD_SONAME, GONGSHI_MHD_DEB,
    mhd_fns);

/* A page waits this long for a rebuild before asking again. */
#define WAIT_SECONDS	25

struct http_server {
	struct MHD_Daemon	*daemon;
	struct preview		*preview;
};

static const struct {
	const char	*suffix;
	const char	*type;
} content_types[] = {
	{ ".html",	"text/html; charset=utf-8" },
	{ ".md",	"text/markdown; charset=utf-8" },
	{ ".odt",	"application/vnd.oasis.opendocument.text" },
	{ ".css",	"text/css; charset=utf-8" },
	{ ".xml",	"application/xml; charset=utf-8" },
	{ ".svg",	"image/svg+xml" },
	{ ".png",	"image/png" },
	{ ".txt",	"text/plain; charset=utf-8" },
};

static const char html_type[] = "text/html; charset=utf-8";

void
preview_init(struct preview *p, const char *site)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->rebuilt, NULL);
	p->site = site;
}

void
preview_rebuilt(struct preview *p, char *errors)
{
	pthread_mutex_lock(&p->lock);
	free(p->errors);
	p->errors = errors;
	p->generation++;
	pthread_cond_broadcast(&p->rebuilt);
	pthread_mutex_unlock(&p->lock);
}

void
preview_free(struct preview *p)
{
	free(p->errors);
	pthread_cond_destroy(&p->rebuilt);
	pthread_mutex_destroy(&p->lock);
}

static const char *
content_type(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(content_types) / sizeof(content_types[0]); i++)
		if (str_has_suffix(path, content_types[i].suffix))
			return content_types[i].type;
	return "application/octet-stream";
}

/* Sends data (malloc'ed; the response frees it). */
static enum MHD_Result
send_data(struct MHD_Connection *c, unsigned status, char *data, size_t len,
    const char *type, const char *location)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = mhd.MHD_create_response_from_buffer(len, data,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	mhd.MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    type);
	/* A preview is always of the last build: nothing may be cached. */
	mhd.MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store");
	mhd.MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (location != NULL)
		mhd.MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION,
		    location);
	ret = mhd.MHD_queue_response(c, status, r);
	mhd.MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_buf(struct MHD_Connection *c, unsigned status, struct buf *b,
    const char *type)
{
	size_t len = b->len;

	return send_data(c, status, buf_detach(b), len, type, NULL);
}

static enum MHD_Result
send_message(struct MHD_Connection *c, unsigned status, const char *title,
    const char *text, unsigned gen)
{
	struct buf b;

	buf_init(&b);
	page_message(&b, title, text, gen);
	return send_buf(c, status, &b, html_type);
}

/* Answers the reload script: the generation, once it is not `since`. */
static enum MHD_Result
send_wait(struct MHD_Connection *c, struct preview *p)
{
	const char *arg;
	struct timespec until;
	unsigned since, gen;
	char *end;
	struct buf b;

	arg = mhd.MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "since");
	since = arg != NULL ? (unsigned)strtoul(arg, &end, 10) : 0;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_SECONDS;
	pthread_mutex_lock(&p->lock);
	while (arg != NULL && !p->stopping && p->generation == since)
		if (pthread_cond_timedwait(&p->rebuilt, &p->lock, &until) ==
		    ETIMEDOUT)
			break;
	gen = p->generation;
	pthread_mutex_unlock(&p->lock);
	buf_init(&b);
	buf_printf(&b, "%u", gen);
	return send_buf(c, MHD_HTTP_OK, &b, "text/plain; charset=utf-8");
}

/* True when no segment of the (decoded) path is "..". */
static bool
path_is_clean(const char *url)
{
	const char *s = url, *e;

	for (;;) {
		e = strchr(s, '/');
		if ((e != NULL ? (size_t)(e - s) : strlen(s)) == 2 &&
		    strncmp(s, "..", 2) == 0)
			return false;
		if (e == NULL)
			return true;
		s = e + 1;
	}
}

/* True when path is root or below it (both real paths). */
static bool
inside(const char *root, const char *path)
{
	size_t n = strlen(root);

	return strncmp(root, path, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* url with a "/" added, percent-encoded for a Location header. */
static char *
folder_url(const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s;
	struct buf b;

	buf_init(&b);
	for (s = (const unsigned char *)url; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/-._~", *s) != NULL) {
			buf_putc(&b, *s);
			continue;
		}
		buf_putc(&b, '%');
		buf_putc(&b, hex[*s >> 4]);
		buf_putc(&b, hex[*s & 15]);
	}
	buf_putc(&b, '/');
	return buf_detach(&b);
}

/* A folder's address without its "/": the same with one (as web servers do). */
static enum MHD_Result
send_redirect(struct MHD_Connection *c, const char *url)
{
	char *location = folder_url(url);
	enum MHD_Result ret;

	ret = send_data(c, MHD_HTTP_MOVED_PERMANENTLY, xstrdup(""), 0,
	    html_type, location);
	free(location);
	return ret;
}

/*
 * The real path of the file url names under the site, in *real: 0, or
 * an HTTP status (403 outside the site, 404 none, 301 a folder).
 */
static unsigned
resolve(const char *site, const char *url, char real[static PATH_MAX])
{
	char root[PATH_MAX], *path;
	struct stat st;
	bool ok;

	if (url[0] != '/' || !path_is_clean(url))
		return MHD_HTTP_FORBIDDEN;
	if (realpath(site, root) == NULL)
		return MHD_HTTP_NOT_FOUND;
	path = str_has_suffix(url, "/") ? xasprintf("%s%sindex.html", site, url) :
	    xasprintf("%s%s", site, url);
	ok = realpath(path, real) != NULL;
	free(path);
	if (!ok)
		return MHD_HTTP_NOT_FOUND;
	if (!inside(root, real))
		return MHD_HTTP_FORBIDDEN;
	if (stat(real, &st) != 0)
		return MHD_HTTP_NOT_FOUND;
	if (S_ISDIR(st.st_mode))
		return MHD_HTTP_MOVED_PERMANENTLY;
	return S_ISREG(st.st_mode) ? 0 : MHD_HTTP_NOT_FOUND;
}

static enum MHD_Result
send_file(struct MHD_Connection *c, struct preview *p, const char *url,
    unsigned gen)
{
	char real[PATH_MAX], *data;
	const char *type;
	unsigned status;
	size_t len;
	struct buf b;

	status = resolve(p->site, url, real);
	if (status == MHD_HTTP_MOVED_PERMANENTLY)
		return send_redirect(c, url);
	if (status == MHD_HTTP_FORBIDDEN)
		return send_message(c, status, _("Forbidden"),
		    _("This address is outside the site folder; the preview "
		    "serves only the files of the site."), gen);
	if (status == 0 && (data = file_read(real, &len)) == NULL)
		status = MHD_HTTP_NOT_FOUND;
	if (status == MHD_HTTP_NOT_FOUND)
		return send_message(c, status, _("Page not found"),
		    _("The site has no page at this address."), gen);
	type = content_type(real);
	if (!str_eq(type, html_type))
		return send_data(c, MHD_HTTP_OK, data, len, type, NULL);
	buf_init(&b);
	page_inject(&b, data, len, gen);
	free(data);
	return send_buf(c, MHD_HTTP_OK, &b, type);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct preview *p = cls;
	struct buf b;
	char *errors;
	unsigned gen;

	(void)version, (void)upload, (void)upload_size, (void)state;
	pthread_mutex_lock(&p->lock);
	gen = p->generation;
	errors = p->errors != NULL ? xstrdup(p->errors) : NULL;
	pthread_mutex_unlock(&p->lock);
	if (!str_eq(method, MHD_HTTP_METHOD_GET) &&
	    !str_eq(method, MHD_HTTP_METHOD_HEAD)) {
		free(errors);
		return send_message(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    _("Method not allowed"),
		    _("The preview only shows pages; it accepts nothing."), gen);
	}
	if (str_eq(url, PAGE_WAIT_PATH)) {
		free(errors);
		return send_wait(c, p);
	}
	if (errors == NULL)
		return send_file(c, p, url, gen);
	buf_init(&b);
	page_build_failed(&b, errors, gen);
	free(errors);
	return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR, &b, html_type);
}

bool
http_load(void)
{
	return dynlib_load(&mhd_lib, "gongshi serve");
}

struct http_server *
http_start(struct preview *p, int port)
{
	struct http_server *s;
	struct sockaddr_in addr;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = xcalloc(1, sizeof(*s));
	s->preview = p;
	errno = 0;
	s->daemon = mhd.MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, (uint16_t)port,
	    NULL, NULL, handle, p,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(2 * WAIT_SECONDS),
	    MHD_OPTION_END);
	if (s->daemon == NULL) {
		if (errno == 0)
			errno = EADDRINUSE;
		free(s);
		return NULL;
	}
	return s;
}

void
http_stop(struct http_server *s)
{
	struct preview *p = s->preview;

	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->rebuilt);
	pthread_mutex_unlock(&p->lock);
	mhd.MHD_stop_daemon(s->daemon);
	free(s);
}
