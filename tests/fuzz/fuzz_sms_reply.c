/*
 * fuzz_sms_reply.c — SMS gateways' replies (sms_reply in
 * common/sms_driver.c), judged by each gateway preset of pishkhan.conf(5):
 * Kavenegar, SMS.ir, Twilio and a JSON webhook.
 *
 * Input: byte 0 picks the preset, byte 1 the HTTP status, the rest is the
 * reply's body.  An error is one line and never holds the secret; a
 * gateway id is valid UTF-8 of at most 100 bytes (a lone surrogate in the
 * reply must not reach it).
 */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#include "cfg.h"
#include "sms.h"
#include "u8.h"

#define SECRET "k3y-0f-the-gateway"

static const char *const presets[] = {
	/* Kavenegar */
	"[sms]\ndriver = http\nmethod = POST\n"
	"url = https://api.kavenegar.com/v1/${secret}/sms/send.json\n"
	"content_type = application/x-www-form-urlencoded\n"
	"body = receptor=${to}&sender=${sender}&message=${text}\n"
	"sender = 10004346\nrecipient_format = local\nsecret_env = PK_FUZZ_SMS_SECRET\n"
	"ok_http = 200\nok_json = return.status=200\nid_json = entries.0.messageid\n",
	/* SMS.ir */
	"[sms]\ndriver = http\nmethod = POST\nurl = https://api.sms.ir/v1/send/bulk\n"
	"headers = X-API-KEY: ${secret} | Accept: application/json\n"
	"content_type = application/json\n"
	"body = '{\"lineNumber\": ${sender}, \"messageText\": \"${text}\", \"mobiles\": [\"${to}\"]}'\n"
	"sender = 30007732000000\nrecipient_format = local\nsecret_env = PK_FUZZ_SMS_SECRET\n"
	"ok_http = 200\nok_json = status=1\nid_json = data.messageIds.0\n",
	/* Twilio */
	"[sms]\ndriver = http\nmethod = POST\n"
	"url = https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json\n"
	"headers = Authorization: Basic ${secret}\n"
	"content_type = application/x-www-form-urlencoded\n"
	"body = To=${to}&From=${sender}&Body=${text}\nsender = +15005550006\n"
	"recipient_format = e164\nsecret_env = PK_FUZZ_SMS_SECRET\nok_http = 200,201\nid_json = sid\n",
	/* a JSON webhook */
	"[sms]\ndriver = http\nmethod = POST\nurl = https://hooks.example.ac.ir/sms\n"
	"headers = Authorization: Bearer ${secret}\ncontent_type = application/json\n"
	"body = '{\"to\": \"${to}\", \"text\": \"${text}\", \"event\": \"${event}\", \"ref\": \"${id}\"}'\n"
	"secret_env = PK_FUZZ_SMS_SECRET\nok_http = 200,201,202\n"
	"ok_regex = '\"accepted\" *: *true'\nid_json = message.id\n",
};
#define NPRESETS (sizeof presets / sizeof presets[0])

static const long statuses[] = {
	200, 201, 202, 204, 400, 401, 403, 404, 418, 422, 429, 500, 502, 503, 504, 302
};

static struct sms_driver *drivers[NPRESETS];

static void
fuzz_setup(void)
{
	char path[64], *err = NULL;
	struct cfg *cfg;
	size_t i;
	int fd;

	setenv("PK_FUZZ_SMS_SECRET", SECRET, 1);
	for (i = 0; i < NPRESETS; i++) {
		if ((fd = memfd_create("fuzz_sms", 0)) == -1 ||
		    write(fd, presets[i], strlen(presets[i])) != (ssize_t)strlen(presets[i]))
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if ((cfg = cfg_load(path, &err)) == NULL ||
		    (drivers[i] = sms_driver_new(cfg, &err)) == NULL) {
			fprintf(stderr, "fuzz_sms_reply: preset %zu: %s\n", i, err);
			abort();
		}
		cfg_free(cfg);
		close(fd);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_msg m = { .id = 1, .event = "submitted", .to = "+989121234567",
	    .text = "x" };
	char *body;

	if (drivers[0] == NULL)
		fuzz_setup();
	if (size < 2)
		return 0;
	body = fuzz_str(data + 2, size - 2);
	sms_reply(drivers[data[0] % NPRESETS], statuses[data[1] % 16], body, &m);
	if (m.ok) {
		FUZZ_ASSERT(m.error == NULL && !m.transient);
		FUZZ_ASSERT(m.gateway_id == NULL || (strlen(m.gateway_id) <= 100 &&
		    u8_valid(m.gateway_id, strlen(m.gateway_id))));
	} else {
		FUZZ_ASSERT(m.error != NULL && m.gateway_id == NULL);
		FUZZ_ASSERT(strpbrk(m.error, "\r\n") == NULL);
		FUZZ_ASSERT(strstr(m.error, SECRET) == NULL);
	}
	sms_msg_clear(&m);
	free(body);
	return 0;
}
