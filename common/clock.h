/*
 * clock.h — the monotonic clock in milliseconds, for deadlines and
 * intervals (never for dates: those are the database's).
 */
#ifndef PK_CLOCK_H
#define PK_CLOCK_H

#include <stdint.h>

int64_t	 clock_ms(void);
int64_t	 clock_us(void);	/* microseconds: a request's latency */

#endif
