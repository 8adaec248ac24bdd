/*
 * pages.h — the page handlers, which route.c's table names, and the forms
 * its dispatcher answers with when a route's needs are not met.
 */
#ifndef PK_PAGES_H
#define PK_PAGES_H

#include "netaddr.h"
#include "req.h"

/* A page handler: queue a response and return MHD_YES, or MHD_NO. */
typedef enum MHD_Result (*web_handler)(struct req *, const char *arg);

/* captcha.c */
#define CAPTCHA_LEN	5
void		 captcha_answer(char out[CAPTCHA_LEN + 1]);
unsigned char	*captcha_png(const char *answer, int *size);
enum MHD_Result	 page_captcha(struct req *, const char *arg);

/* page_login.c */
enum MHD_Result	 page_login(struct req *, const char *arg);
enum MHD_Result	 page_login_captcha(struct req *, const char *arg);
enum MHD_Result	 page_login_send(struct req *, const char *arg);
enum MHD_Result	 page_login_verify(struct req *, const char *arg);
enum MHD_Result	 page_logout(struct req *, const char *arg);
enum MHD_Result	 page_login_form(struct req *, const char *mobile,
		    const char *err_field, const char *err);
/* The login form saying `why` (a form sent without a session, say). */
enum MHD_Result	 page_login_first(struct req *, enum msg_id why);
/* The login form with a note: `why` (a session that ended, say). */
enum MHD_Result	 page_login_note(struct req *, enum msg_id why);
/* The login form again with the number typed, saying `why`. */
enum MHD_Result	 page_login_refused(struct req *, enum msg_id why);
void		 web_client_group(struct req *, char out[NETADDR_NETLEN]);

/* page_main.c */
enum MHD_Result	 page_main(struct req *, const char *arg);
enum MHD_Result	 page_track(struct req *, const char *arg);
enum MHD_Result	 page_submit(struct req *, const char *arg);
/* The letter form again as it was sent, saying `why` (403). */
enum MHD_Result	 page_submit_refused(struct req *, enum msg_id why);

/* page_session.c */
/* The letter form's words on the session's end: when it comes (office
 * time), and the warning app.js shows before it.  Nothing when unknown. */
void		 page_session_end(struct buf *, struct req *);
/* The fields of a letter kept when its session ended, taken once when this
 * browser holds the draft's token and is logged in as its citizen; the
 * strings live in *keep until the caller PQclear()s it.  1 taken, 0 none,
 * -1 the database failed. */
int		 page_draft_take(struct req *, const char **name, const char **unit,
		    const char **subject, struct pg_result **keep);
/* A letter sent after its session ended (its CSRF token good): what was
 * typed kept for the next login in this browser, and the login form
 * saying so.  route.c's ROUTE_DRAFT. */
enum MHD_Result	 page_submit_ended(struct req *);
/* POST /session/alive: the session was touched; when it ends now (JSON). */
enum MHD_Result	 page_alive(struct req *, const char *arg);

/* page_letters.c */
enum MHD_Result	 page_letters(struct req *, const char *arg);
enum MHD_Result	 page_letter(struct req *, const char *arg);
enum MHD_Result	 page_file(struct req *, const char *arg);

/* page_misc.c */
enum MHD_Result	 page_healthz(struct req *, const char *arg);
enum MHD_Result	 page_static(struct req *, const char *arg);
enum MHD_Result	 page_lang(struct req *, const char *arg);
enum MHD_Result	 page_lang_save(struct req *, const char *arg);

#endif
