/*
 * fuzz_sms_expand.c — SMS templates and the values put in them
 * (common/sms.c).  The input is TEMPLATE, a NUL byte, then the message
 * text; the text stands in every placeholder's value, and the expansion
 * is made with every escaping.  A header never gets a line break from a
 * value, a URL or form value never a reserved byte.
 */
#include "fuzz.h"

#include "buf.h"
#include "sms.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size);
	const char *tmpl = in, *text, *bad;
	size_t tlen = strlen(in);
	struct sms_var vars[] = {
		{ "to", "+989121234567" }, { "text", NULL }, { "sender", NULL },
		{ "secret", "s3cr3t" }, { "id", "42" }, { "event", "submitted" },
	};
	struct buf b = BUF_INIT;
	enum sms_esc esc;
	char rec[32];
	int rc;

	text = tlen < size ? in + tlen + 1 : "";
	vars[1].value = text;
	vars[2].value = text;
	for (esc = SMS_ESC_NONE; esc <= SMS_ESC_HEADER; esc++) {
		buf_reset(&b);
		bad = NULL;
		rc = sms_expand(&b, tmpl, esc, vars, sizeof vars / sizeof vars[0], &bad);
		FUZZ_ASSERT(rc == 0 || (bad != NULL && bad >= tmpl && bad < tmpl + tlen));
		buf_reset(&b);
		sms_escape(&b, text, esc);
		switch (esc) {
		case SMS_ESC_HEADER:
			FUZZ_ASSERT(strpbrk(buf_str(&b), "\r\n") == NULL);
			break;
		case SMS_ESC_URL:
		case SMS_ESC_FORM:
			FUZZ_ASSERT(strspn(buf_str(&b), "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "abcdefghijklmnopqrstuvwxyz0123456789-._~%+") == b.len);
			break;
		case SMS_ESC_JSON:
			FUZZ_ASSERT(strpbrk(buf_str(&b), "\r\n") == NULL);
			break;
		default:
			break;
		}
	}
	(void)sms_body_esc(tmpl);
	(void)sms_status_in(200, tmpl);
	(void)sms_recipient(text, "local", rec, sizeof rec);
	(void)sms_recipient(tmpl, "digits", rec, sizeof rec);
	buf_free(&b);
	free(in);
	return 0;
}
