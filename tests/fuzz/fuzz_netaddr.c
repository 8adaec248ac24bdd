/*
 * fuzz_netaddr.c — addresses from outside (common/netaddr.c): the hops of
 * an X-Forwarded-For header, walked from the right as webfront/conn.c
 * does, and the same bytes as web.trusted_proxies.  Whatever parses must
 * format and parse back to itself.
 */
#include "fuzz.h"

#include "netaddr.h"

static void
roundtrip(const struct netaddr *a)
{
	char s[NETADDR_STRLEN];
	struct netaddr b;

	netaddr_format(a, s);
	FUZZ_ASSERT(strlen(s) < NETADDR_STRLEN);
	FUZZ_ASSERT(netaddr_parse(s, &b) == 0);
	FUZZ_ASSERT(memcmp(a->a, b.a, sizeof a->a) == 0);
	FUZZ_ASSERT(netaddr_in(a, &b, 1) == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_str(data, size);
	struct netaddr hop, one, list[NETADDR_LIST_MAX];
	size_t end, start;
	int n, i;

	/* the header: hops separated by commas, read from the right */
	for (end = size; end > 0; end = start - 1) {
		for (start = end; start > 0 && in[start - 1] != ','; start--)
			;
		if (netaddr_parse_hop(in + start, end - start, &hop) == -1)
			break;
		roundtrip(&hop);
		if (start == 0)
			break;
	}
	if (netaddr_parse(in, &one) == 0) {
		FUZZ_ASSERT(one.bits <= 128);
		if (one.bits == 128)
			roundtrip(&one);
	}
	n = netaddr_list_parse(in, list, NETADDR_LIST_MAX);
	FUZZ_ASSERT(n >= -1 && n <= NETADDR_LIST_MAX);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(list[i].bits <= 128 && netaddr_in(&list[i], list, (size_t)n) == 1);
	free(in);
	return 0;
}
