/*
 * vocab_dump.c — common/vocab.h's lists, a line each, for tests/db/vocab.sh
 * to hold against the database's: "letter_status review approved …".
 */
#include <stdio.h>

#include "vocab.h"

#define NAME(name)			" " name
#define STATUS(id, name, msg, already, tone, icon, con)	" " name
#define EVENT(name, msg)		" " name

int
main(void)
{
	printf("letter_status%s\n", LETTER_STATUSES(STATUS));
	printf("event_kind%s\n", LETTER_EVENTS(EVENT));
	printf("sms_event%s\n", SMS_EVENTS(NAME));
	return 0;
}
