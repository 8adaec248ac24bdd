/*
 * test_sms.c — the text side of the SMS drivers (common/sms.c): escaping for
 * URL, form, JSON and header, ${name} expansion, recipient formats, HTTP
 * status lists and the JSON path reader.  Persian text, ZWNJ, quotes,
 * ampersands, backslashes and newlines throughout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "sms.h"

/* سلام "دنیا" & می‌خواهم (with a ZWNJ) a+b=c \n خط */
#define FA_TEXT	"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \"\xd8\xaf\xd9\x86\xdb\x8c\xd8\xa7\" & " \
	"\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85 a+b=c\\\n" \
	"\xd8\xae\xd8\xb7"

static char *
esc(const char *s, enum sms_esc e)
{
	static struct buf b;

	buf_reset(&b);
	sms_escape(&b, s, e);
	return b.data != NULL ? b.data : (char *)"";
}

static void
test_url(void **state)
{
	(void)state;
	assert_string_equal(esc("+989121234567", SMS_ESC_URL), "%2B989121234567");
	assert_string_equal(esc("a b&c=d/e?f#g~h.i_j-k", SMS_ESC_URL),
	    "a%20b%26c%3Dd%2Fe%3Ff%23g~h.i_j-k");
	/* سلام: each UTF-8 byte percent-encoded, upper-case hex */
	assert_string_equal(esc("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", SMS_ESC_URL),
	    "%D8%B3%D9%84%D8%A7%D9%85");
	assert_string_equal(esc("\xe2\x80\x8c\n", SMS_ESC_URL), "%E2%80%8C%0A");
	assert_string_equal(esc("", SMS_ESC_URL), "");
	assert_string_equal(esc(NULL, SMS_ESC_URL), "");
}

static void
test_form(void **state)
{
	(void)state;
	assert_string_equal(esc("a b&c=d+e\r\n", SMS_ESC_FORM), "a+b%26c%3Dd%2Be%0D%0A");
	assert_string_equal(esc(FA_TEXT, SMS_ESC_FORM),
	    "%D8%B3%D9%84%D8%A7%D9%85+%22%D8%AF%D9%86%DB%8C%D8%A7%22+%26+"
	    "%D9%85%DB%8C%E2%80%8C%D8%AE%D9%88%D8%A7%D9%87%D9%85+a%2Bb%3Dc%5C%0A%D8%AE%D8%B7");
}

static void
test_json(void **state)
{
	(void)state;
	assert_string_equal(esc(FA_TEXT, SMS_ESC_JSON),
	    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \\\"\xd8\xaf\xd9\x86\xdb\x8c\xd8\xa7\\\" & "
	    "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x87\xd9\x85 a+b=c\\\\\\n"
	    "\xd8\xae\xd8\xb7");
	assert_string_equal(esc("\t\r\b\f\x01\x1f\x7f</", SMS_ESC_JSON),
	    "\\t\\r\\b\\f\\u0001\\u001f\\u007f</");
}

static void
test_header(void **state)
{
	(void)state;
	assert_string_equal(esc("Bearer x\r\nX-Evil: 1", SMS_ESC_HEADER), "Bearer x  X-Evil: 1");
	assert_string_equal(esc("a&b \"c\"", SMS_ESC_NONE), "a&b \"c\"");
}

static void
test_expand(void **state)
{
	const struct sms_var v[] = {
		{ "to", "+989121234567" }, { "text", "a&b \"q\"\n" }, { "sender", "3000" },
	};
	struct buf b = BUF_INIT;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(sms_expand(&b, "https://x/send?to=${to}&m=${text}&s=${sender}",
	    SMS_ESC_URL, v, 3, &bad), 0);
	assert_string_equal(b.data, "https://x/send?to=%2B989121234567&m=a%26b%20%22q%22%0A&s=3000");
	buf_reset(&b);
	assert_int_equal(sms_expand(&b, "{\"to\":\"${to}\",\"m\":\"${text}\",\"c\":\"$5 $$ {x}\"}",
	    SMS_ESC_JSON, v, 3, &bad), 0);
	assert_string_equal(b.data,
	    "{\"to\":\"+989121234567\",\"m\":\"a&b \\\"q\\\"\\n\",\"c\":\"$5 $ {x}\"}");
	buf_reset(&b);
	assert_int_equal(sms_expand(&b, "To=${to}&Body=${text}", SMS_ESC_FORM, v, 3, &bad), 0);
	assert_string_equal(b.data, "To=%2B989121234567&Body=a%26b+%22q%22%0A");
	buf_reset(&b);
	assert_int_equal(sms_expand(&b, "x ${phone} y", SMS_ESC_NONE, v, 3, &bad), -1);
	assert_string_equal(bad, "${phone} y");
	buf_reset(&b);
	assert_int_equal(sms_expand(&b, "x ${text", SMS_ESC_NONE, v, 3, &bad), -1);
	assert_string_equal(bad, "${text");
	buf_reset(&b);
	assert_int_equal(sms_expand(&b, "${}", SMS_ESC_NONE, v, 3, NULL), -1);
	buf_free(&b);
}

static void
test_body_esc(void **state)
{
	(void)state;
	assert_int_equal(sms_body_esc("application/json"), SMS_ESC_JSON);
	assert_int_equal(sms_body_esc("application/JSON; charset=utf-8"), SMS_ESC_JSON);
	assert_int_equal(sms_body_esc("application/x-www-form-urlencoded"), SMS_ESC_FORM);
	assert_int_equal(sms_body_esc("text/plain"), SMS_ESC_NONE);
	assert_int_equal(sms_body_esc(NULL), SMS_ESC_NONE);
}

static void
test_recipient(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(sms_recipient("+989121234567", "e164", out, sizeof out), 0);
	assert_string_equal(out, "+989121234567");
	assert_int_equal(sms_recipient("+989121234567", "local", out, sizeof out), 0);
	assert_string_equal(out, "09121234567");
	assert_int_equal(sms_recipient("+989121234567", "digits", out, sizeof out), 0);
	assert_string_equal(out, "989121234567");
	assert_int_equal(sms_recipient("+14155550100", "local", out, sizeof out), 0);
	assert_string_equal(out, "+14155550100");
	assert_int_equal(sms_recipient("+989121234567", "intl", out, sizeof out), -1);
	assert_int_equal(sms_recipient("09121234567", "e164", out, sizeof out), -1);
	assert_int_equal(sms_recipient("+989121234567", "e164", out, 5), -1);
}

static void
test_status_list(void **state)
{
	(void)state;
	assert_int_equal(sms_status_in(200, "200"), 1);
	assert_int_equal(sms_status_in(201, "200, 201"), 1);
	assert_int_equal(sms_status_in(202, "200,201"), 0);
	assert_int_equal(sms_status_in(200, "2xx"), -1);
	assert_int_equal(sms_status_in(200, ""), -1);
	assert_int_equal(sms_status_in(200, "200,"), -1);
	assert_int_equal(sms_status_in(200, "99"), -1);
}

static void
test_value_list(void **state)
{
	(void)state;
	assert_int_equal(sms_value_in("10", "10"), 1);
	assert_int_equal(sms_value_in("11", "6,11, 13 ,14"), 1);
	assert_int_equal(sms_value_in("13", "6,11, 13 ,14"), 1);
	assert_int_equal(sms_value_in("14", "6,11, 13 ,14"), 1);
	assert_int_equal(sms_value_in("1", "6,11,13,14"), 0);
	assert_int_equal(sms_value_in("11", "6,111"), 0);
	assert_int_equal(sms_value_in("delivered", "undelivered,failed"), 0);
	assert_int_equal(sms_value_in("", "6,,11"), 0);
	assert_int_equal(sms_value_in("", ""), 0);
	assert_int_equal(sms_value_in("x", ","), 0);
	assert_int_equal(sms_value_in("\xd8\xb1\xd8\xb3\xdb\x8c\xd8\xaf", "x,\xd8\xb1\xd8\xb3\xdb\x8c\xd8\xaf"), 1);
}

static void
test_json_get(void **state)
{
	const char *kav = "{\"return\": {\"status\": 200, \"message\": \"\\u062a\\u0627\\u06cc\\u06cc\\u062f"
	    " \\u0634\\u062f\"}, \"entries\": [{\"messageid\": 8792343, \"sender\": \"10004346\","
	    " \"note\": \"a\\\"b\\\\c\\n\", \"ok\": true, \"x\": null}, {\"messageid\": 8792344}]}";
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(sms_json_get(kav, "return.status", &b), 0);
	assert_string_equal(b.data, "200");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "return.message", &b), 0);
	assert_string_equal(b.data, "\xd8\xaa\xd8\xa7\xdb\x8c\xdb\x8c\xd8\xaf \xd8\xb4\xd8\xaf");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.0.messageid", &b), 0);
	assert_string_equal(b.data, "8792343");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.1.messageid", &b), 0);
	assert_string_equal(b.data, "8792344");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.0.note", &b), 0);
	assert_string_equal(b.data, "a\"b\\c\n");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.0.ok", &b), 0);
	assert_string_equal(b.data, "true");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "return", &b), 0);
	assert_string_equal(b.data, "{\"status\":200,\"message\":"
	    "\"\xd8\xaa\xd8\xa7\xdb\x8c\xdb\x8c\xd8\xaf \xd8\xb4\xd8\xaf\"}");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.0.x", &b), 0);
	assert_string_equal(b.data, "null");
	buf_reset(&b);
	assert_int_equal(sms_json_get(kav, "entries.2.messageid", &b), -1);
	assert_int_equal(sms_json_get(kav, "entries.x", &b), -1);
	assert_int_equal(sms_json_get(kav, "nothere", &b), -1);
	assert_int_equal(sms_json_get("{\"sid\":\"SM1\\ud83d\\ude00\"}", "sid", &b), 0);
	assert_string_equal(b.data, "SM1\xf0\x9f\x98\x80");
	buf_reset(&b);
	assert_int_equal(sms_json_get("not json", "a", &b), -1);
	assert_int_equal(sms_json_get("{\"a\": \"unterminated", "a", &b), -1);
	assert_int_equal(sms_json_get("{\"a\": [1, 2", "a.5", &b), -1);
	assert_int_equal(sms_json_get("", "a", &b), -1);
	/* array indexes are decimal digits only */
	assert_int_equal(sms_json_get(kav, "entries.-1.messageid", &b), -1);
	assert_int_equal(sms_json_get(kav, "entries.+1.messageid", &b), -1);
	assert_int_equal(sms_json_get(kav, "entries. 1.messageid", &b), -1);
	assert_int_equal(sms_json_get(kav, "entries..messageid", &b), -1);
	assert_int_equal(sms_json_get(kav, "entries.18446744073709551617.messageid", &b), -1);
	/* not JSON: something after the value, a raw control character */
	assert_int_equal(sms_json_get("{\"a\": 1} {\"a\": 2}", "a", &b), -1);
	assert_int_equal(sms_json_get("{\"a\": \"x\ty\"}", "a", &b), -1);
	assert_int_equal(sms_json_get("{\"a\": 1.50}", "a", &b), 0);
	assert_string_equal(b.data, "1.5");
	buf_free(&b);
}

/* A \u0000 or a lone surrogate makes a reply unreadable: a field read with
 * them would be cut at the NUL or hold bytes that are not UTF-8. */
static void
test_json_get_unreadable(void **state)
{
	static const char *const bad[] = {
		"{\"status\": \"1\\u0000\"}",		/* NUL after the value */
		"{\"status\": \"\\u0000\"}",
		"{\"status\": \"1\\ud800\"}",		/* lone high surrogate */
		"{\"status\": \"1\\udc00\"}",		/* lone low surrogate */
		"{\"status\": \"\\ud83d\\u0041\"}",	/* high, then not a low one */
		"{\"status\": \"\\ude00\\ud83d\"}",	/* the pair reversed */
		"{\"status\": 1, \"note\": \"\\u0000\"}",	/* in a field not read */
		"{\"status\": \"1\xed\xa0\x80\"}",		/* a surrogate in raw UTF-8 */
		"{\"status\": \"1\xff\"}",
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		buf_reset(&b);
		assert_int_equal(sms_json_get(bad[i], "status", &b), -1);
		assert_int_equal(b.len, 0);
	}
	/* the same with a good pair or an escaped U+FFFD is read */
	assert_int_equal(sms_json_get("{\"status\": \"1\\ud83d\\ude00\\ufffd\"}",
	    "status", &b), 0);
	assert_string_equal(b.data, "1\xf0\x9f\x98\x80\xef\xbf\xbd");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_body_esc),
		cmocka_unit_test(test_recipient),
		cmocka_unit_test(test_status_list),
		cmocka_unit_test(test_value_list),
		cmocka_unit_test(test_json_get),
		cmocka_unit_test(test_json_get_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
