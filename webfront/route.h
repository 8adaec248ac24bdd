/*
 * route.h — the route table (route.c): method and path to a handler, and
 * what the route needs (a form body, its CSRF token, a session), enforced
 * once by the dispatcher.
 */
#ifndef PK_ROUTE_H
#define PK_ROUTE_H

#include "req.h"

/* The request's headers are in: find its route; a form whose needs
 * cannot be met is refused before its body is read. */
enum MHD_Result	 route_begin(struct req *);
/* The request is whole: its needs checked, its handler run. */
enum MHD_Result	 route_dispatch(struct req *);

#endif
