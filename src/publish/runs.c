/*
 * runs: the long lists' runs copied from the last build's file (runs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "base/util.h"
#include "publish/runs.h"

/* The stamp's key of a run: the writer's, and the program. */
static void
stamp_key(const struct runs *r, const struct hash *key, struct hash *out)
{
	unsigned char b[2 * sizeof(key->b)];

	memcpy(b, r->seed.b, sizeof(r->seed.b));
	memcpy(b + sizeof(r->seed.b), key->b, sizeof(key->b));
	hash_bytes(b, sizeof(b), out);
}

static void
add_now(struct runs *r, const struct hash *key, const struct hash *sum,
    size_t off, size_t len)
{
	struct dkept *k;

	if (r->n_now == r->cap)
		r->now = xreallocarray(r->now, r->cap = r->cap == 0 ? 32 :
		    r->cap * 2, sizeof(*r->now));
	k = &r->now[r->n_now++];
	memset(k, 0, sizeof(*k));
	k->key = *key;
	k->sum = *sum;
	k->off = off;
	k->len = k->raw_len = len;
}

/* The old run with this key, the one at the same place first. */
static const struct dkept *
find_old(const struct runs *r, const struct hash *key)
{
	size_t j;

	if (r->n_now < r->n_old && hash_equal(&r->old[r->n_now].key, key))
		return &r->old[r->n_now];
	for (j = 0; j < r->n_old; j++)
		if (hash_equal(&r->old[j].key, key))
			return &r->old[j];
	return NULL;
}

/* len bytes at off of fd into p; false when there are fewer. */
static bool
read_at(int fd, uint64_t off, size_t len, char *p)
{
	size_t got = 0;
	ssize_t n;

	if (off > (uint64_t)INT64_MAX - len)
		return false;
	while (got < len) {
		n = pread(fd, p + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/*
 * pieces_hook's take: the run read from the old file straight to the end
 * of out, kept when its bytes are as listed.
 */
static bool
take(void *arg, const struct hash *key, struct buf *out)
{
	struct runs *r = arg;
	const struct dkept *k;
	struct hash skey, sum;
	size_t at = out->len;
	char *p;

	stamp_key(r, key, &skey);
	if (r->fd < 0 || (k = find_old(r, &skey)) == NULL ||
	    k->len > r->size || k->off > r->size - k->len)
		return false;
	p = buf_extend(out, k->len);
	if (!read_at(r->fd, k->off, k->len, p) ||
	    (hash_bytes(p, k->len, &sum), !hash_equal(&sum, &k->sum))) {
		out->len = at;		/* rendered instead */
		out->data[at] = '\0';
		return false;
	}
	add_now(r, &skey, &sum, at, k->len);
	r->reused++;
	return true;
}

/* pieces_hook's made: the run the writer wrote, listed. */
static void
made(void *arg, const struct hash *key, const struct buf *out, size_t at)
{
	struct runs *r = arg;
	struct hash skey, sum;

	stamp_key(r, key, &skey);
	hash_bytes(out->data + at, out->len - at, &sum);
	add_now(r, &skey, &sum, at, out->len - at);
}

void
runs_init(struct runs *r, const char *program, const struct dkept *old,
    size_t n_old, const char *old_path)
{
	char *seed = xasprintf("runs\n%s", program);
	struct stat st;

	memset(r, 0, sizeof(*r));
	hash_bytes(seed, strlen(seed), &r->seed);
	free(seed);
	r->hook.take = take;
	r->hook.made = made;
	r->hook.arg = r;
	r->fd = -1;
	if (old == NULL || n_old == 0 || old_path == NULL)
		return;
	r->old = old;
	r->n_old = n_old;
	r->fd = open(old_path, O_RDONLY | O_CLOEXEC);
	if (r->fd >= 0 && fstat(r->fd, &st) == 0)
		r->size = (uint64_t)st.st_size;
}

struct dkept *
runs_take(struct runs *r, size_t *n_now)
{
	struct dkept *v = r->now;

	*n_now = r->n_now;
	r->now = NULL;
	r->n_now = r->cap = 0;
	return v;
}

void
runs_free(struct runs *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->now);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
