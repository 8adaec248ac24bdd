/*
 * test_netaddr.c — addresses, networks and X-Forwarded-For hops
 * (common/netaddr.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "netaddr.h"

static struct netaddr
host(const char *s)
{
	struct netaddr n;

	assert_int_equal(netaddr_parse(s, &n), 0);
	assert_int_equal(n.bits, 128);
	return n;
}

static int
in_list(const char *ip, const char *list)
{
	struct netaddr nets[NETADDR_LIST_MAX], h = host(ip);
	int n = netaddr_list_parse(list, nets, NETADDR_LIST_MAX);

	assert_true(n >= 0);
	return netaddr_in(&h, nets, (size_t)n);
}

static void
test_parse(void **state)
{
	struct netaddr n;
	char s[NETADDR_STRLEN];

	(void)state;
	n = host("192.0.2.1");
	netaddr_format(&n, s);
	assert_string_equal(s, "192.0.2.1");
	n = host("2001:DB8:0:0::1");
	netaddr_format(&n, s);
	assert_string_equal(s, "2001:db8::1");
	/* a mapped IPv6 address is the IPv4 address */
	n = host("::ffff:10.0.0.7");
	netaddr_format(&n, s);
	assert_string_equal(s, "10.0.0.7");
	assert_int_equal(netaddr_parse("10.0.0.0/8", &n), 0);
	assert_int_equal(n.bits, 96 + 8);
	assert_int_equal(netaddr_parse("10.1.2.3/8", &n), 0);
	netaddr_format(&n, s);
	assert_string_equal(s, "10.0.0.0");	/* host bits cleared */
	assert_int_equal(netaddr_parse("fd00::/8", &n), 0);
	assert_int_equal(n.bits, 8);
	assert_int_equal(netaddr_parse("0.0.0.0/0", &n), 0);
	assert_int_equal(n.bits, 96);
}

static void
test_parse_bad(void **state)
{
	static const char *bad[] = {
		"", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33",
		"::1/129", "1.2.3.4/", "1.2.3.4/a", "1.2.3.4/-1", "1.2.3.4/0008",
		"1.2.3.4 ", "[::1]", "1.2.3.4:80", "۱.۲.۳.۴",
		"12345678901234567890123456789012345678901234567890",
	};
	struct netaddr n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(netaddr_parse(bad[i], &n), -1);
}

static void
test_list(void **state)
{
	struct netaddr nets[4];

	(void)state;
	assert_int_equal(netaddr_list_parse("", nets, 4), 0);
	assert_int_equal(netaddr_list_parse("  , ", nets, 4), 0);
	assert_int_equal(netaddr_list_parse("127.0.0.1 ::1", nets, 4), 2);
	assert_int_equal(netaddr_list_parse("127.0.0.1,::1, 10.0.0.0/8\t fd00::/8", nets, 4), 4);
	assert_int_equal(netaddr_list_parse("1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5", nets, 4), -1);
	assert_int_equal(netaddr_list_parse("127.0.0.1 nginx", nets, 4), -1);
	assert_int_equal(netaddr_list_parse("127.0.0.1;::1", nets, 4), -1);
}

static void
test_in(void **state)
{
	(void)state;
	assert_true(in_list("127.0.0.1", "127.0.0.1 ::1"));
	assert_true(in_list("::1", "127.0.0.1 ::1"));
	assert_false(in_list("127.0.0.2", "127.0.0.1 ::1"));
	assert_true(in_list("10.200.3.4", "10.0.0.0/8"));
	assert_false(in_list("11.0.0.1", "10.0.0.0/8"));
	assert_true(in_list("192.168.1.129", "192.168.1.128/25"));
	assert_false(in_list("192.168.1.127", "192.168.1.128/25"));
	assert_true(in_list("172.31.255.255", "172.16.0.0/12"));
	assert_false(in_list("172.32.0.0", "172.16.0.0/12"));
	assert_true(in_list("::ffff:10.1.1.1", "10.0.0.0/8"));
	assert_true(in_list("fd12:3456::1", "fd00::/8"));
	assert_false(in_list("fe80::1", "fd00::/8"));
	assert_true(in_list("8.8.8.8", "0.0.0.0/0"));
	assert_false(in_list("2001:db8::1", "0.0.0.0/0"));	/* IPv4 only */
	assert_true(in_list("2001:db8::1", "::/0"));
	assert_false(in_list("1.2.3.4", ""));
}

static void
test_hop(void **state)
{
	struct netaddr n;
	char s[NETADDR_STRLEN];
	static const struct { const char *in, *want; } good[] = {
		{ "203.0.113.9", "203.0.113.9" },
		{ "  203.0.113.9 ", "203.0.113.9" },
		{ "203.0.113.9:51234", "203.0.113.9" },
		{ "2001:db8::7", "2001:db8::7" },
		{ "[2001:db8::7]", "2001:db8::7" },
		{ "[2001:db8::7]:443", "2001:db8::7" },
	};
	static const char *bad[] = {
		"", " ", "unknown", "_hidden", "[2001:db8::7", "[2001:db8::7]x",
		"203.0.113.9:80:80x", "203.0.113", "[203.0.113.9]x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(netaddr_parse_hop(good[i].in, strlen(good[i].in), &n), 0);
		netaddr_format(&n, s);
		assert_string_equal(s, good[i].want);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(netaddr_parse_hop(bad[i], strlen(bad[i]), &n), -1);
	/* only the bytes given: "1.2.3.4,5.6.7.8" read as its first hop */
	assert_int_equal(netaddr_parse_hop("1.2.3.4,5.6.7.8", 7, &n), 0);
	netaddr_format(&n, s);
	assert_string_equal(s, "1.2.3.4");
}

static void
test_sockaddr(void **state)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr sa;
	struct netaddr n, want;

	(void)state;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, "198.51.100.4", &sin.sin_addr);
	assert_int_equal(netaddr_from_sockaddr((struct sockaddr *)&sin, &n), 0);
	want = host("198.51.100.4");
	assert_memory_equal(n.a, want.a, 16);
	memset(&sin6, 0, sizeof sin6);
	sin6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:198.51.100.4", &sin6.sin6_addr);
	assert_int_equal(netaddr_from_sockaddr((struct sockaddr *)&sin6, &n), 0);
	assert_memory_equal(n.a, want.a, 16);	/* dual stack: the same host */
	memset(&sa, 0, sizeof sa);
	sa.sa_family = AF_UNIX;
	assert_int_equal(netaddr_from_sockaddr(&sa, &n), -1);
	assert_int_equal(netaddr_from_sockaddr(NULL, &n), -1);
}

/* Per-address limits count an IPv6 network, an IPv4 host. */
static void
test_group(void **state)
{
	static const struct {
		const char	*in;
		unsigned	 prefix;
		const char	*want;
	} cases[] = {
		{ "2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64, "2001:db8:1:2::/64" },
		{ "2001:db8:1:2::1", 64, "2001:db8:1:2::/64" },
		{ "2001:db8:1:2ff::1", 56, "2001:db8:1:200::/56" },
		{ "2001:db8:1:2::1", 128, "2001:db8:1:2::1" },
		{ "2001:db8:1:2::1", 0, "::/1" },
		{ "198.51.100.4", 64, "198.51.100.4" },
		{ "::ffff:198.51.100.4", 48, "198.51.100.4" },
	};
	struct netaddr n, m;
	char s[NETADDR_NETLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = host(cases[i].in);
		netaddr_group(&n, cases[i].prefix);
		netaddr_format_net(&n, s);
		assert_string_equal(s, cases[i].want);
	}
	/* two hosts of one /64 are one group, of two /64s two */
	n = host("2001:db8::1");
	m = host("2001:db8::ffff:2");
	netaddr_group(&n, 64);
	netaddr_group(&m, 64);
	assert_memory_equal(n.a, m.a, 16);
	m = host("2001:db8:0:1::1");
	netaddr_group(&m, 64);
	assert_memory_not_equal(n.a, m.a, 16);
	/* a network prints with its prefix in its family */
	assert_int_equal(netaddr_parse("10.1.0.0/16", &n), 0);
	netaddr_format_net(&n, s);
	assert_string_equal(s, "10.1.0.0/16");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_hop),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
