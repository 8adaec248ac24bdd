/*
 * vocab.h — a letter's vocabulary, in one place: its statuses, the kinds
 * of its history's events and the SMS events, each with what the programs
 * show for it.  The database keeps the same lists as rules (sql/001_schema.sql:
 * the enums letter_status and event_kind, sms_templates' CHECK on event);
 * tests/db/vocab.sh fails when the two disagree.
 *
 * A new status touches its migration, a line here and its words in the
 * catalog (i18n_msgs.h).  The lists are X-macros: a user defines X to pick
 * the columns it needs, as i18n_msgs.h does for the catalog.
 */
#ifndef PK_VOCAB_H
#define PK_VOCAB_H

#include "i18n.h"

/*
 * X(ID, name, catalog message, sentence, web tone, web icon, console colour),
 * in the order of the enum letter_status.  The sentence is what a clerk is
 * told of a letter found in that status already, with who decided it and
 * when (%s, %s): whole sentences, never a status's words put into another
 * one (Persian «تایید شده» in «… شده است» read «تایید شده شده»).  The tone is a colour of the web's
 * stylesheet (webfront/static/style.css, [data-tone]); the icon goes beside
 * the words, never instead of them; the console colour is an enum ui_color
 * (console/ui.h) without its UI_ prefix.
 */
#define LETTER_STATUSES(X) \
	X(REVIEW,   "review",   MSG_STATUS_REVIEW,   MSG_CON_ALREADY_REVIEW, \
	    "blue",  "\xe2\x97\xb7", TITLE) \
	X(APPROVED, "approved", MSG_STATUS_APPROVED, MSG_CON_ALREADY_APPROVED, \
	    "green", "\xe2\x9c\x93", GOOD) \
	X(REJECTED, "rejected", MSG_STATUS_REJECTED, MSG_CON_ALREADY_REJECTED, \
	    "red",   "\xe2\x9c\x97", BAD)

/* X(name, catalog message): the kinds of a letter's history, enum event_kind. */
#define LETTER_EVENTS(X) \
	X("submitted", MSG_CON_EV_SUBMITTED) \
	X("approved",  MSG_CON_EV_APPROVED) \
	X("rejected",  MSG_CON_EV_REJECTED) \
	X("forwarded", MSG_CON_EV_FORWARDED) \
	X("update",    MSG_CON_EV_UPDATE) \
	X("response",  MSG_CON_EV_RESPONSE)

/* X(name): the SMS events (sms_templates.event), in the order
 * `pishkhanctl templates list` shows them. */
#define SMS_EVENTS(X) \
	X("login_code") X("approved") X("rejected") X("update") X("response") X("test")

enum letter_status {
#define VOCAB_ENUM(id, name, msg, already, tone, icon, con) LETTER_##id,
	LETTER_STATUSES(VOCAB_ENUM)
#undef VOCAB_ENUM
	LETTER__COUNT
};

struct vocab_status_def {
	const char	*name;		/* as the database spells it */
	enum msg_id	 msg;		/* its words */
	enum msg_id	 already;	/* "already so, by %s on %s." */
	const char	*tone;		/* the web's colour */
	const char	*icon;		/* the web's icon, UTF-8 */
};

/* Indexed by enum letter_status. */
extern const struct vocab_status_def vocab_statuses[LETTER__COUNT];
/* The SMS events' names, NULL-ended. */
extern const char *const vocab_sms_events[];

/* The status named `name`; LETTER__COUNT for any other name (or NULL). */
enum letter_status vocab_status(const char *name);
/* The words for a history event's kind; MSG__COUNT (whose text is "") for
 * any other kind. */
enum msg_id	 vocab_event(const char *kind);

#endif
