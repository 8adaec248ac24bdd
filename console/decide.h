/*
 * decide.h — what staff do to a letter, each a dialog and then one call of
 * the database's own function (one transaction, audit row and SMS with it):
 * approve and reject (clerks), a status update and a response file (unit
 * members).  Each returns 0 when something was done, -1 when it was
 * cancelled or refused (the status line says why).
 */
#ifndef PK_DECIDE_H
#define PK_DECIDE_H

struct con;

int	decide_approve(struct con *, const char *letter_id);
int	decide_reject(struct con *, const char *letter_id);
int	decide_update(struct con *, const char *letter_id);
int	decide_respond(struct con *, const char *letter_id);

#endif
