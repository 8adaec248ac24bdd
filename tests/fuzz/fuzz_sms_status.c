/*
 * fuzz_sms_status.c — the status APIs' replies to a question about one
 * message's delivery (sms_status_reply in common/sms_driver.c), read by
 * the delivery receipt presets of pishkhan.conf(5): Kavenegar and Twilio.
 *
 * Input: byte 0 picks the preset, byte 1 the HTTP status, the rest is the
 * reply's body.  Every reply gets a note of one line that never holds the
 * secret; a reply that cannot be read leaves the message waiting.
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
	"ok_http = 200\nok_json = return.status=200\nid_json = entries.0.messageid\n"
	"provider = kavenegar\n"
	"status_url = https://api.kavenegar.com/v1/${secret}/sms/status.json?messageid=${gateway_id}\n"
	"status_json = entries.0.status\nstatus_delivered = 10\nstatus_failed = 6,11,13,14\n",
	/* Twilio */
	"[sms]\ndriver = http\nmethod = POST\n"
	"url = https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json\n"
	"headers = Authorization: Basic ${secret}\n"
	"content_type = application/x-www-form-urlencoded\n"
	"body = To=${to}&From=${sender}&Body=${text}\nsender = +15005550006\n"
	"recipient_format = e164\nsecret_env = PK_FUZZ_SMS_SECRET\nok_http = 200,201\nid_json = sid\n"
	"status_url = https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/${gateway_id}.json\n"
	"status_json = status\nstatus_delivered = delivered\n"
	"status_failed = undelivered,failed,canceled\n",
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
			fprintf(stderr, "fuzz_sms_status: preset %zu: %s\n", i, err);
			abort();
		}
		FUZZ_ASSERT(sms_driver_receipts(drivers[i]));
		cfg_free(cfg);
		close(fd);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sms_receipt r = { .id = 1, .gateway_id = "8792343" };
	char *body;

	if (drivers[0] == NULL)
		fuzz_setup();
	if (size < 2)
		return 0;
	body = fuzz_str(data + 2, size - 2);
	sms_status_reply(drivers[data[0] % NPRESETS], statuses[data[1] % 16], body, &r);
	FUZZ_ASSERT(r.note != NULL);
	FUZZ_ASSERT(strpbrk(r.note, "\r\n") == NULL);
	FUZZ_ASSERT(strstr(r.note, SECRET) == NULL);
	FUZZ_ASSERT(u8_valid(r.note, strlen(r.note)));
	FUZZ_ASSERT(!r.error || r.state == SMS_DLV_WAITING);
	FUZZ_ASSERT(r.state == SMS_DLV_WAITING || r.state == SMS_DLV_DELIVERED ||
	    r.state == SMS_DLV_UNDELIVERED);
	sms_receipt_clear(&r);
	free(body);
	return 0;
}
