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

/* The table, for the metrics: how many routes, each one's method and
 * pattern, and a request's route as an index (route_count() for none). */
size_t		 route_count(void);
const char	*route_method(size_t);
const char	*route_pattern(size_t);
size_t		 route_index(const struct route *);

#endif
