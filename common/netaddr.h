/*
 * netaddr.h — IP addresses and networks: the trusted-proxy list
 * (web.trusted_proxies) and the client's address behind those proxies.
 *
 * An IPv4 address is kept as its IPv4-mapped IPv6 form (::ffff:a.b.c.d),
 * so one comparison serves both families and a dual-stack socket's mapped
 * peer matches a plain IPv4 entry.
 */
#ifndef PK_NETADDR_H
#define PK_NETADDR_H

#include <stddef.h>

struct sockaddr;

struct netaddr {
	unsigned char	 a[16];
	unsigned	 bits;		/* prefix length over the 128 bits */
};

/* Enough for any address netaddr_format writes, with its NUL. */
#define NETADDR_STRLEN	46

/* The most entries a list may hold. */
#define NETADDR_LIST_MAX 64

/*
 * "192.0.2.1", "2001:db8::1", "10.0.0.0/8", "fd00::/8": 0, or -1 when it
 * is none of these (or the prefix is too long for the family).  Bits past
 * the prefix are cleared: "10.1.2.3/8" is 10.0.0.0/8.
 */
int	 netaddr_parse(const char *s, struct netaddr *out);

/*
 * A list of addresses and networks separated by blanks or commas; an
 * empty list is valid.  Returns the count (at most `max`), or -1 when an
 * entry is not valid or there are more than `max`.
 */
int	 netaddr_list_parse(const char *s, struct netaddr *out, size_t max);

/*
 * One hop of an X-Forwarded-For header, `len` bytes at `s`: an address,
 * "[v6]" or "[v6]:port", or "v4:port".  0, or -1.
 */
int	 netaddr_parse_hop(const char *s, size_t len, struct netaddr *out);

/* An AF_INET or AF_INET6 socket address as a host (128 bits): 0, or -1. */
int	 netaddr_from_sockaddr(const struct sockaddr *, struct netaddr *out);

/* 1 if the host `ip` lies in one of the n networks. */
int	 netaddr_in(const struct netaddr *ip, const struct netaddr *nets, size_t n);

/* A host as text: dotted quad for IPv4 (mapped), RFC 5952 for IPv6. */
void	 netaddr_format(const struct netaddr *, char out[NETADDR_STRLEN]);

/*
 * The group a host is counted in for per-address limits: an IPv4 host is
 * its own group; an IPv6 host is its network of `v6_prefix` bits (one
 * customer is usually given a whole /64, or a /56 or /48).  `v6_prefix`
 * is clamped to 1..128.
 */
void	 netaddr_group(struct netaddr *, unsigned v6_prefix);

/* Enough for netaddr_format_net's "2001:db8::/64", with its NUL. */
#define NETADDR_NETLEN	(NETADDR_STRLEN + 4)

/* A host or network as text: the host alone at full length (and any
 * IPv4 host), else "address/prefix" in the address's family. */
void	 netaddr_format_net(const struct netaddr *, char out[NETADDR_NETLEN]);

#endif
