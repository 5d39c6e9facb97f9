#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"

static void
out_of_memory(void)
{
	fputs(_("gongshi: out of memory\n"), stderr);
	exit(EXIT_SYSTEM);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n == 0 ? 1 : n);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > (size_t)-1 / size)
		out_of_memory();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

/*
 * fd, opened for reading, if it is a regular file (st tells); else -1,
 * fd closed, errno EISDIR or EFTYPE_NOTREG. Whether it is a regular file
 * is asked of the descriptor, not of the path, which may change between
 * the two.
 */
static int
regular_fd(int fd, struct stat *st)
{
	int saved;

	if (fstat(fd, st) != 0)
		goto fail;
	if (!S_ISREG(st->st_mode)) {
		errno = S_ISDIR(st->st_mode) ? EISDIR : EFTYPE_NOTREG;
		goto fail;
	}
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * O_NONBLOCK: opening a FIFO must not wait for a writer. The flag stays:
 * it "has no effect for regular files" (open(2)), and fd_read() clears it
 * should a file system honour it after all.
 */
#define READ_FLAGS	(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

int
file_open_regular(const char *path, struct stat *st)
{
	int fd;

	if ((fd = open(path, READ_FLAGS)) < 0)
		return -1;
	return regular_fd(fd, st);
}

int
file_open_beneath(int dir, const char *rel, struct stat *st)
{
#ifdef SYS_openat2
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = READ_FLAGS;
	how.resolve = RESOLVE_BENEATH;
	if ((fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof(how))) < 0)
		return -1;
	return regular_fd(fd, st);
#else
	(void)dir;
	(void)rel;
	(void)st;
	errno = ENOSYS;
	return -1;
#endif
}

ssize_t
fd_read(int fd, void *into, size_t n)
{
	ssize_t got;
	int flags;

	for (;;) {
		if ((got = read(fd, into, n)) >= 0)
			return got;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		/* file_open_regular's O_NONBLOCK, honoured: block after all */
		if ((flags = fcntl(fd, F_GETFL)) < 0 ||
		    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
			return -1;
	}
}

/*
 * Straight into one buffer of the file's size (and a byte more, for the
 * read that tells its end), grown only when the file grows meanwhile or
 * has no size (a pipe): a register of 4 MB was read 64 KB at a time into
 * a buffer that doubled, each byte copied twice or more.
 */
char *
fd_read_all(int fd, size_t limit, size_t *len)
{
	struct stat st;
	size_t cap = 65536, n = 0, want;
	char *data;
	ssize_t got;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (unsigned long long)st.st_size < limit)
		cap = (size_t)st.st_size + 1;
	data = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			cap = cap > limit / 2 ? limit + 1 : 2 * cap;
			data = xrealloc(data, cap + 1);
		}
		/* One byte past the limit tells "too large" from "just fits". */
		want = cap - n < limit + 1 - n ? cap - n : limit + 1 - n;
		if ((got = fd_read(fd, data + n, want)) < 0) {
			free(data);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > limit) {
			free(data);
			errno = EFBIG;
			return NULL;
		}
	}
	data[n] = '\0';
	if (len != NULL)
		*len = n;
	return data;
}

char *
file_read(const char *path, size_t *len)
{
	struct stat st;
	char *data;
	int fd, saved;

	if ((fd = file_open_regular(path, &st)) < 0)
		return NULL;
	data = fd_read_all(fd, (size_t)-1 - 1, len);
	saved = errno;
	close(fd);
	errno = saved;
	return data;
}

bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool
dir_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	if (la == 0)
		return xstrdup(b);
	return xasprintf("%.*s/%s", (int)la, a, b);
}

bool
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool
str_has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

bool
str_has_suffix(const char *s, const char *x)
{
	size_t ls = strlen(s), lx = strlen(x);

	return ls >= lx && strcmp(s + ls - lx, x) == 0;
}

char *
str_trim(char *s)
{
	char *end;

	size_t lead = strspn(s, " \t\r\n");

	if (lead > 0)
		memmove(s, s + lead, strlen(s + lead) + 1);
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}
