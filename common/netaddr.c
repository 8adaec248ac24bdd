/*
 * netaddr.c — IP addresses and networks (see netaddr.h).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "netaddr.h"

static const unsigned char v4mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

static int
is_v4(const unsigned char a[16])
{
	return memcmp(a, v4mapped, sizeof v4mapped) == 0;
}

/* A bare address (no prefix, no brackets) of at most 45 bytes. */
static int
parse_host(const char *s, size_t len, struct netaddr *out, int *v4)
{
	char tmp[NETADDR_STRLEN];
	struct in_addr in4;

	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	out->bits = 128;
	if (inet_pton(AF_INET, tmp, &in4) == 1) {
		memcpy(out->a, v4mapped, sizeof v4mapped);
		memcpy(out->a + 12, &in4, 4);
		*v4 = 1;
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, out->a) == 1) {
		*v4 = is_v4(out->a);
		return 0;
	}
	return -1;
}

static void
clear_host_bits(struct netaddr *n)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		unsigned keep = n->bits > i * 8 ? n->bits - i * 8 : 0;

		if (keep < 8)
			n->a[i] &= (unsigned char)(0xff00u >> keep);
	}
}

int
netaddr_parse(const char *s, struct netaddr *out)
{
	const char *slash = strchr(s, '/');
	size_t len = slash != NULL ? (size_t)(slash - s) : strlen(s);
	unsigned prefix = 0;
	const char *p;
	int v4;

	if (parse_host(s, len, out, &v4) == -1)
		return -1;
	if (slash == NULL)
		return 0;
	p = slash + 1;
	if (*p == '\0' || strlen(p) > 3 || strspn(p, "0123456789") != strlen(p))
		return -1;
	for (; *p != '\0'; p++)
		prefix = prefix * 10 + (unsigned)(*p - '0');
	if (prefix > (v4 ? 32u : 128u))
		return -1;
	out->bits = v4 ? prefix + 96 : prefix;
	clear_host_bits(out);
	return 0;
}

int
netaddr_list_parse(const char *s, struct netaddr *out, size_t max)
{
	static const char sep[] = " \t,";
	char item[64];
	size_t n = 0, len;

	for (s += strspn(s, sep); *s != '\0'; s += strspn(s, sep)) {
		len = strcspn(s, sep);
		if (len >= sizeof item || n == max)
			return -1;
		memcpy(item, s, len);
		item[len] = '\0';
		if (netaddr_parse(item, &out[n]) == -1)
			return -1;
		n++;
		s += len;
	}
	return (int)n;
}

int
netaddr_parse_hop(const char *s, size_t len, struct netaddr *out)
{
	const char *end = s + len, *colon;
	int v4;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (s < end && *s == '[') {
		/* "[v6]" or "[v6]:port" */
		const char *close = memchr(s, ']', (size_t)(end - s));

		if (close == NULL || (close + 1 != end && close[1] != ':'))
			return -1;
		if (parse_host(s + 1, (size_t)(close - s - 1), out, &v4) == -1)
			return -1;
		return 0;
	}
	colon = memchr(s, ':', (size_t)(end - s));
	if (colon != NULL && memchr(colon + 1, ':', (size_t)(end - colon - 1)) == NULL)
		end = colon;	/* "v4:port": one colon only */
	return parse_host(s, (size_t)(end - s), out, &v4);
}

int
netaddr_from_sockaddr(const struct sockaddr *sa, struct netaddr *out)
{
	if (sa == NULL)
		return -1;
	out->bits = 128;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;

		memcpy(out->a, v4mapped, sizeof v4mapped);
		memcpy(out->a + 12, &sin->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)(const void *)sa;

		memcpy(out->a, &sin6->sin6_addr, 16);
		return 0;
	}
	return -1;
}

int
netaddr_in(const struct netaddr *ip, const struct netaddr *nets, size_t n)
{
	size_t i;
	unsigned full, rest;

	for (i = 0; i < n; i++) {
		full = nets[i].bits / 8;
		rest = nets[i].bits % 8;
		if (memcmp(ip->a, nets[i].a, full) != 0)
			continue;
		if (rest != 0 &&
		    ((ip->a[full] ^ nets[i].a[full]) & (unsigned char)(0xff00u >> rest)) != 0)
			continue;
		return 1;
	}
	return 0;
}

void
netaddr_format(const struct netaddr *n, char out[NETADDR_STRLEN])
{
	if (is_v4(n->a))
		inet_ntop(AF_INET, n->a + 12, out, NETADDR_STRLEN);
	else
		inet_ntop(AF_INET6, n->a, out, NETADDR_STRLEN);
}

void
netaddr_group(struct netaddr *n, unsigned v6_prefix)
{
	if (is_v4(n->a))
		return;
	if (v6_prefix < 1)
		v6_prefix = 1;
	if (v6_prefix < n->bits)
		n->bits = v6_prefix;
	clear_host_bits(n);
}

void
netaddr_format_net(const struct netaddr *n, char out[NETADDR_NETLEN])
{
	char host[NETADDR_STRLEN];
	unsigned bits = n->bits;

	netaddr_format(n, host);
	if (is_v4(n->a)) {
		if (bits >= 128 || bits < 96) {
			snprintf(out, NETADDR_NETLEN, "%s", host);
			return;
		}
		bits -= 96;
	} else if (bits >= 128) {
		snprintf(out, NETADDR_NETLEN, "%s", host);
		return;
	}
	snprintf(out, NETADDR_NETLEN, "%s/%u", host, bits);
}
