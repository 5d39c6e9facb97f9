/*
 * util: allocation that never returns NULL, and small file helpers.
 * Running out of memory is not something a batch publisher can recover
 * from, so the x* functions print a message and exit with status 3.
 */
#ifndef GONGSHI_UTIL_H
#define GONGSHI_UTIL_H

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#define EXIT_CONTENT	1	/* the content has errors */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_SYSTEM	3	/* I/O or system error */

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Opens a regular file for reading, without ever blocking (a FIFO in its
 * place does not wait for a writer). -1 with errno set on failure:
 * EISDIR for a folder, EFTYPE_NOTREG for anything else that is not a
 * regular file (st then tells what it is).
 */
#define EFTYPE_NOTREG	ENODEV
int	 file_open_regular(const char *path, struct stat *st);
/*
 * The same for rel under the folder dir, refusing to leave it by any
 * means (openat2 RESOLVE_BENEATH: "..", a symbolic link out of it or to
 * an absolute path): then -1 with errno EXDEV; ENOSYS where the kernel or
 * the C library has no openat2.
 */
int	 file_open_beneath(int dir, const char *rel, struct stat *st);
/*
 * read(2), again after EINTR, and blocking after EAGAIN (the O_NONBLOCK
 * of file_open_regular, where a file system honours it): -1 with errno
 * set on failure.
 */
ssize_t	 fd_read(int fd, void *into, size_t n);
/*
 * Reads fd to its end; NULL with errno set on failure, EFBIG when it holds
 * more than limit bytes. *len gets the size.
 */
char	*fd_read_all(int fd, size_t limit, size_t *len);
/* Reads a whole regular file; returns NULL and sets errno on failure. */
char	*file_read(const char *path, size_t *len);
bool	 file_exists(const char *path);
bool	 dir_exists(const char *path);
/* Joins two path parts with exactly one '/'; caller frees. */
char	*path_join(const char *, const char *);

bool	 str_eq(const char *, const char *);
bool	 str_has_prefix(const char *, const char *);
bool	 str_has_suffix(const char *, const char *);
/* Strips ASCII white space at both ends, in place; returns s. */
char	*str_trim(char *s);

#endif
