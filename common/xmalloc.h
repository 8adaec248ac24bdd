/*
 * xmalloc.h — allocators that never return NULL.
 *
 * Running out of memory is not an error Pishkhan can recover from in a useful
 * way, so these abort with a message instead (as tmux's xmalloc.c does).
 * Nothing else checks their results.
 */
#ifndef PK_XMALLOC_H
#define PK_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* A newly allocated formatted string, owned by the caller. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

#endif
