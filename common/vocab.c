/*
 * vocab.c — the lists of vocab.h as tables, and looking names up in them.
 */
#include <stddef.h>
#include <string.h>

#include "vocab.h"

const struct vocab_status_def vocab_statuses[LETTER__COUNT] = {
#define VOCAB_DEF(id, name, msg, already, tone, icon, con) \
	[LETTER_##id] = { name, msg, already, tone, icon },
	LETTER_STATUSES(VOCAB_DEF)
#undef VOCAB_DEF
};

const char *const vocab_sms_events[] = {
#define VOCAB_NAME(name) name,
	SMS_EVENTS(VOCAB_NAME)
#undef VOCAB_NAME
	NULL
};

enum letter_status
vocab_status(const char *name)
{
	int i;

	for (i = 0; i < LETTER__COUNT && name != NULL; i++)
		if (strcmp(vocab_statuses[i].name, name) == 0)
			return (enum letter_status)i;
	return LETTER__COUNT;
}

enum msg_id
vocab_event(const char *kind)
{
	static const struct {
		const char	*kind;
		enum msg_id	 msg;
	} events[] = {
#define VOCAB_EVENT(name, msg) { name, msg },
		LETTER_EVENTS(VOCAB_EVENT)
#undef VOCAB_EVENT
	};
	size_t i;

	for (i = 0; i < sizeof events / sizeof events[0] && kind != NULL; i++)
		if (strcmp(events[i].kind, kind) == 0)
			return events[i].msg;
	return MSG__COUNT;
}
