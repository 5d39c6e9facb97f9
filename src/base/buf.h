/*
 * buf: a growable byte buffer, always NUL-terminated.
 * Every writer appends to one of these; nothing in gongshi uses fixed-size
 * string arrays for text that comes from the records.
 */
#ifndef GONGSHI_BUF_H
#define GONGSHI_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated once anything was added */
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
/* n more bytes at the end, their room returned for the caller to fill. */
char	*buf_extend(struct buf *, size_t n);
char	*buf_detach(struct buf *);		/* caller frees; buf is reset */
const char *buf_cstr(struct buf *);		/* "" when empty */

#endif
