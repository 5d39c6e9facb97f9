/*
 * copyin: a file from memory and ranges of another file (copyin.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "publish/copyin.h"

#define BOUNCE	(64 * 1024)	/* the buffer a range goes through */

struct copyin *
copyin_new(int fd)
{
	struct copyin *c = xcalloc(1, sizeof(*c));

	c->fd = fd;
	return c;
}

void
copyin_free(struct copyin *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->v);
	free(c);
}

void
copyin_add(struct copyin *c, size_t at, uint64_t off, size_t len)
{
	struct copyin_range *r;

	if (c->n > 0 && c->v[c->n - 1].at == at &&
	    c->v[c->n - 1].off + c->v[c->n - 1].len == off) {
		c->v[c->n - 1].len += len;	/* runs next to each other: one copy */
		c->len += len;
		return;
	}
	if (c->n == c->cap)
		c->v = xreallocarray(c->v, c->cap = c->cap == 0 ? 16 :
		    c->cap * 2, sizeof(*c->v));
	r = &c->v[c->n++];
	r->at = at;
	r->off = off;
	r->len = len;
	c->len += len;
}

static int
write_bytes(int out, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(out, p, len)) < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* len bytes at off of in, read through a small buffer to out (or to b when out < 0). */
static int
bounce(int in, uint64_t off, size_t len, int out, struct buf *b)
{
	char *p = b != NULL ? NULL : xmalloc(BOUNCE);
	size_t want;
	ssize_t n;
	int rc = 0;

	while (len > 0 && rc == 0) {
		want = len < BOUNCE ? len : BOUNCE;
		if (b != NULL)
			p = buf_extend(b, want);
		if ((n = pread(in, p, want, (off_t)off)) < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0) {
			if (n == 0)
				errno = EIO;	/* shorter than listed */
			rc = -1;
		}
		if (b != NULL)
			b->len -= want - (n > 0 ? (size_t)n : 0);
		else if (rc == 0 && n > 0)
			rc = write_bytes(out, p, (size_t)n);
		if (n > 0) {
			off += (uint64_t)n;
			len -= (size_t)n;
		}
	}
	if (b != NULL && b->data != NULL)
		b->data[b->len] = '\0';
	if (b == NULL)
		free(p);
	return rc;
}

int
copyin_write(int out, const char *data, size_t len, const struct copyin *c)
{
	size_t i, at = 0;

	for (i = 0; c != NULL && i < c->n; i++) {
		if (write_bytes(out, data + at, c->v[i].at - at) != 0 ||
		    bounce(c->fd, c->v[i].off, c->v[i].len, out, NULL) != 0)
			return -1;
		at = c->v[i].at;
	}
	return write_bytes(out, data + at, len - at);
}

bool
copyin_flatten(const char *data, size_t len, const struct copyin *c,
    struct buf *b)
{
	size_t i, at = 0;

	for (i = 0; c != NULL && i < c->n; i++) {
		buf_add(b, data + at, c->v[i].at - at);
		if (bounce(c->fd, c->v[i].off, c->v[i].len, -1, b) != 0)
			return false;
		at = c->v[i].at;
	}
	buf_add(b, data + at, len - at);
	return true;
}
