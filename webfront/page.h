/*
 * page.h — what every page shares (page.c): the layout, error pages, form
 * fields and messages, numbers in the page's digits.
 */
#ifndef PK_PAGE_H
#define PK_PAGE_H

#include "buf.h"
#include "html.h"
#include "i18n.h"
#include "req.h"

void		 page_begin(struct buf *, struct req *, const char *title);
void		 page_end(struct buf *, struct req *);
void		 page_csrf_field(struct buf *, struct req *);
void		 page_digits(struct buf *, const struct req *, const char *s);
void		 page_mobile(struct buf *, const struct req *, const char *e164);
void		 page_date(struct buf *, const struct req *, const char *iso);
void		 page_size(struct buf *, const struct req *, long long bytes);
void		 page_error_msg(struct buf *, const char *id, const char *msg);


/* A page that only says `id` (and links home), with that HTTP status. */
enum MHD_Result	 page_error(struct req *, unsigned status, enum msg_id);
/* A statement on r->db failed: 503 "try again" when the database is down
 * or the link lost, else 500 with the SQLSTATE logged. */
enum MHD_Result	 page_db_error(struct req *);

#endif
