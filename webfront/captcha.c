/*
 * captcha.c — the login captcha, drawn by the server with libgd.
 *
 * Five digits from a set without look-alikes (no 0/8, 1/7, 6/9), each
 * turned a little, over noise lines and dots, in DejaVu Sans Bold from
 * fonts-dejavu-core.  The answer lives only in the database
 * (web_captchas), single-use and expiring after web.captcha_ttl; it is
 * stored when the picture of a new token is first asked for, so showing
 * the login page costs no database work.  New tokens are counted per
 * client address group (web.captchas_per_ip an hour, in web_captcha()), so
 * nobody can make the server draw and store pictures without end.
 */
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "db.h"
#include "log.h"
#include "page.h"
#include "pages.h"
#include "req.h"
#include "web.h"

#define CAPTCHA_FONT	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#define CAPTCHA_W	180
#define CAPTCHA_H	64

static const char captcha_digits[] = "234579";

static int
rnd(int below)
{
	return (int)web_random_u32((uint32_t)below);
}

void
captcha_answer(char out[CAPTCHA_LEN + 1])
{
	int i;

	for (i = 0; i < CAPTCHA_LEN; i++)
		out[i] = captcha_digits[rnd((int)sizeof captcha_digits - 1)];
	out[CAPTCHA_LEN] = '\0';
}

unsigned char *
captcha_png(const char *answer, int *size)
{
	gdImagePtr im = gdImageCreateTrueColor(CAPTCHA_W, CAPTCHA_H);
	unsigned char *png = NULL;
	int bg, i, n = (int)strlen(answer), brect[8];
	char ch[2] = { 0, 0 };

	if (im == NULL)
		return NULL;
	bg = gdImageColorAllocate(im, 245, 245, 240);
	gdImageFilledRectangle(im, 0, 0, CAPTCHA_W - 1, CAPTCHA_H - 1, bg);
	for (i = 0; i < 6; i++)
		gdImageLine(im, rnd(CAPTCHA_W), rnd(CAPTCHA_H), rnd(CAPTCHA_W),
		    rnd(CAPTCHA_H), gdImageColorAllocate(im, 120 + rnd(100),
		    120 + rnd(100), 120 + rnd(100)));
	for (i = 0; i < 300; i++)
		gdImageSetPixel(im, rnd(CAPTCHA_W), rnd(CAPTCHA_H),
		    gdImageColorAllocate(im, rnd(200), rnd(200), rnd(200)));
	for (i = 0; i < n; i++) {
		int fg = gdImageColorAllocate(im, rnd(90), rnd(90), rnd(120));
		double angle = (rnd(41) - 20) * 3.14159265 / 180.0;
		char *err;

		ch[0] = answer[i];
		err = gdImageStringFT(im, brect, fg, (char *)CAPTCHA_FONT,
		    26 + rnd(6), angle, 12 + i * 32 + rnd(6), 44 + rnd(10), ch);
		if (err != NULL) {
			log_warnx("captcha: %s (%s)", err, CAPTCHA_FONT);
			gdImageDestroy(im);
			return NULL;
		}
	}
	png = gdImagePngPtr(im, size);
	gdImageDestroy(im);
	return png;
}

/* GET /captcha/TOKEN.png: a used or expired token gives 404; a new token
 * past web.captchas_per_ip an hour for the client's address, 429. */
enum MHD_Result
page_captcha(struct req *r, const char *arg)
{
	char tok[WEB_TOKEN_HEX + 1], ans[CAPTCHA_LEN + 1], ip[NETADDR_NETLEN];
	char limits[96];
	const char *p[4], *outcome;
	PGresult *res;
	unsigned char *png;
	int size = 0;
	enum MHD_Result ret;

	if (strlen(arg) != WEB_TOKEN_HEX + 4 || strcmp(arg + WEB_TOKEN_HEX, ".png") != 0 ||
	    strspn(arg, "0123456789abcdef") != WEB_TOKEN_HEX)
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	memcpy(tok, arg, WEB_TOKEN_HEX);
	tok[WEB_TOKEN_HEX] = '\0';
	captcha_answer(ans);
	web_client_group(r, ip);
	snprintf(limits, sizeof limits, "{\"ttl\":%lld,\"per_ip\":%lld}",
	    cfg_int(web.cfg, CFG_WEB_CAPTCHA_TTL), cfg_int(web.cfg, CFG_WEB_CAPTCHAS_PER_IP));
	p[0] = tok;
	p[1] = ans;
	p[2] = ip[0] != '\0' ? ip : NULL;
	p[3] = limits;
	if ((res = req_query(r, "SELECT outcome, drawn FROM web_captcha($1, $2, $3, $4)",
	    4, p)) == NULL)
		return page_db_error(r);
	outcome = PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "gone";
	if (strcmp(outcome, "limit") == 0) {
		PQclear(res);
		log_debug("captcha refused: more than web.captchas_per_ip new ones "
		    "this hour for %s", ip);
		return page_error(r, MHD_HTTP_TOO_MANY_REQUESTS, MSG_WEB_CAPTCHA_LIMIT);
	}
	if (strcmp(outcome, "ok") != 0 || PQgetisnull(res, 0, 1)) {
		PQclear(res);
		return page_error(r, MHD_HTTP_NOT_FOUND, MSG_WEB_PAGE_NOT_FOUND);
	}
	png = captcha_png(PQgetvalue(res, 0, 1), &size);
	PQclear(res);
	if (png == NULL)
		return page_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, MSG_WEB_SERVER_ERROR);
	ret = req_send(r, MHD_HTTP_OK, "image/png", png, (size_t)size, 1);
	gdFree(png);
	return ret;
}
