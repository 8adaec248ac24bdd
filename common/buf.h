/*
 * buf.h — a growable byte buffer for built strings.
 *
 * The data is always NUL-terminated (after buf_init or any append), so
 * b->data can be used as a C string.  A zeroed struct buf is valid and empty.
 */
#ifndef PK_BUF_H
#define PK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_grow(struct buf *, size_t extra);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* The string, owned by the caller; the buf is left empty. */
char	*buf_detach(struct buf *);
/* b->data or "" when nothing was ever added. */
const char *buf_str(const struct buf *);

#endif
