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
void		 page_user(struct buf *, const char *text);
void		 page_date(struct buf *, const struct req *, const char *iso);
void		 page_size(struct buf *, const struct req *, long long bytes);
void		 page_error_msg(struct buf *, const char *id, const char *msg);


/* The catalog's text `id` in the page's language, escaped. */
void		 page_t(struct buf *, const struct req *, enum msg_id);
/* A message box: `kind` "err" (an alert), "info" or "ok" (a status). */
void		 page_msg(struct buf *, const char *kind, const char *text);
/* <form method action attrs>, and for a POST the CSRF token's field. */
void		 page_form(struct buf *, struct req *, const char *method,
		    const char *action, const char *attrs);
/* ` NAME="text"`, the text escaped: an attribute of a tag being written */
void		 page_attr(struct buf *, const char *name, const char *text);
/* <input type="hidden" name value> */
void		 page_hidden(struct buf *, const char *name, const char *value);
/* <button type="submit"> with the catalog's text `id` */
void		 page_submit_button(struct buf *, const struct req *, enum msg_id);

/*
 * One form field in its <div class="field">: the label, the control (an
 * <input>, or a <select> of `options`), a hint, and its error message,
 * tied to the control by aria-describedby.
 */
struct page_field {
	const char	*id;		/* the control's id and name */
	enum msg_id	 label;
	int		 mark;		/* "required" beside the label */
	const char	*type;		/* the input's type; NULL: a <select> */
	const char	*attrs;		/* the control's attributes */
	const char	*attrs_late;	/* more, after aria-* (or NULL) */
	const char	*value;		/* escaped; NULL: no value attribute */
	const char	*options;	/* a <select>'s <option>s (HTML) */
	const char	*describedby;	/* more ids describing it (or NULL) */
	const char	*label_html;	/* more inside the label, HTML (or NULL) */
	const char	*after;		/* right after the control, HTML (or NULL) */
	enum msg_id	 hint;		/* a hint below it; 0 (the language's name,
					   never a hint): none */
	const char	*err;		/* its error message, or NULL */
	int		 err_class;	/* "has-err" on the div when in error */
};
void		 page_field(struct buf *, const struct req *, const struct page_field *);

/* A page that only says `id` (and links home), with that HTTP status. */
enum MHD_Result	 page_error(struct req *, unsigned status, enum msg_id);
/* A statement on r->db failed: 503 "try again" when the database is down
 * or the link lost (page_db_down), else 500 with the SQLSTATE logged. */
enum MHD_Result	 page_db_error(struct req *);
/*
 * Every 503 goes through these: the page says `id` (try again later) and
 * one log line says why, with the method and the path:
 * "503 POST /login/send: database unreachable: ...".
 */
enum MHD_Result	 page_unavailable(struct req *, enum msg_id, const char *why, ...)
		    __attribute__((format(printf, 3, 4)));
/* 503: the database cannot be reached; its error (libpq's) in the log. */
enum MHD_Result	 page_db_down(struct req *);
/* Only the log line, for a 503 that is not a page (/healthz). */
void		 page_log_unavailable(struct req *, const char *why, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
