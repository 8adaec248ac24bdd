/*
 * conn.h — connections: per-address limits, the header deadline, the
 * client's address (conn.c).
 */
#ifndef PK_CONN_H
#define PK_CONN_H

#include <sys/socket.h>

#include <stdarg.h>

#include <microhttpd.h>

#include "cfg.h"
#include "netaddr.h"

void		 conn_init(const struct cfg *);	/* starts the watchdog */
void		 conn_stop(void);
enum MHD_Result	 conn_accept(void *, const struct sockaddr *, socklen_t);
void		 conn_notify(void *, struct MHD_Connection *, void **socket_context,
		    enum MHD_ConnectionNotificationCode);
void		 conn_request_begins(struct MHD_Connection *);	/* headers are in */
void		 conn_request_ends(struct MHD_Connection *);	/* answered */
/* The client's address as text (NETADDR_STRLEN bytes; "" if unknown). */
void		 conn_client_ip(struct MHD_Connection *, char *out);
/* libmicrohttpd's messages through the logger; the closure is a prefix
 * (a string, or NULL). */
void		 conn_mhd_log(void *prefix, const char *fmt, va_list ap);

#endif
