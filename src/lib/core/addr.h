/* SPDX-License-Identifier: Apache-2.0 */
/*
 * addr.h — IPv4/IPv6 addresses and prefixes.
 *
 * An address is 16 bytes in network order plus the family; IPv4 uses the
 * first 4 bytes and leaves the rest zero, so two equal addresses compare
 * equal with memcmp over the whole struct. A prefix is an address with a
 * length; a prefix is always stored canonical (bits past the length are 0).
 *
 * Parsing is strict, because feeds are hostile and ambiguity is a bug:
 *  - IPv4 dotted quad only: exactly four decimal octets 0..255, no leading
 *    zeros ("010.1.1.1" is octal to inet_aton and rejected here), no
 *    shorthand ("10.1"), no hex.
 *  - IPv6 per RFC 4291 §2.2, including "::" and a trailing dotted quad;
 *    zone ids ("fe80::1%eth0") are refused with LF_EZONE: a zone has no
 *    meaning off the host that wrote it.
 *  - Prefix length: decimal, no sign or leading zeros, <= 32 / <= 128.
 * Formatting follows RFC 5952 (lowercase, longest run of >= 2 zero groups
 * compressed, first run on ties, no leading zeros, ::ffff:a.b.c.d for
 * IPv4-mapped addresses).
 *
 * Pure functions, no allocation, thread-safe.
 */
#ifndef LF_CORE_ADDR_H
#define LF_CORE_ADDR_H

#include <stddef.h>
#include <stdint.h>

#define LF_AF_V4 4
#define LF_AF_V6 6

/* Longest text: full IPv6 with embedded v4, plus "/128" and the NUL. */
#define LF_ADDR_STRLEN 46
#define LF_PREFIX_STRLEN 50

struct lf_addr {
	uint8_t af; /* LF_AF_V4 or LF_AF_V6 */
	uint8_t b[16];
};

struct lf_prefix {
	struct lf_addr addr;
	uint8_t len; /* 0..32 or 0..128 */
};

/* Flags for lf_prefix_parse. */
#define LF_PFX_STRICT 0x01 /* host bits set -> LF_EHOSTBITS (else masked) */
#define LF_PFX_NOBARE 0x02 /* an address without "/len" -> LF_EMALF */

/*
 * Parse an address from s[0..n) (not NUL-terminated). Returns 0,
 * LF_EMALF, or LF_EZONE. *out is written only on success.
 */
int lf_addr_parse(const char *s, size_t n, struct lf_addr *out);

/*
 * Parse "addr/len" (or a bare address as a host prefix unless
 * LF_PFX_NOBARE). Host bits past len are cleared and *masked set to 1 if
 * there were any (masked may be NULL); with LF_PFX_STRICT they are an error
 * (LF_EHOSTBITS). Returns 0, LF_EMALF, LF_ERANGE (length too big), LF_EZONE
 * or LF_EHOSTBITS.
 */
int lf_prefix_parse(const char *s, size_t n, unsigned flags,
		    struct lf_prefix *out, int *masked);

/*
 * Format as RFC 5952 text into buf (NUL-terminated). Returns the length
 * written, or LF_ELIMIT if cap is too small (buf then holds "").
 */
int lf_addr_format(const struct lf_addr *a, char *buf, size_t cap);

/* "addr/len"; a host prefix (/32, /128) is still written with its length. */
int lf_prefix_format(const struct lf_prefix *p, char *buf, size_t cap);

/* Maximum prefix length for the family: 32 or 128. */
static inline unsigned lf_addr_bits(const struct lf_addr *a)
{
	return a->af == LF_AF_V4 ? 32u : 128u;
}

/* Build from a host-order IPv4 value / from 16 network-order bytes. */
void lf_addr_from_v4(struct lf_addr *a, uint32_t host_order);
void lf_addr_from_v6(struct lf_addr *a, const uint8_t b[16]);

/* Host-order IPv4 value of a v4 address. */
static inline uint32_t lf_addr_v4(const struct lf_addr *a)
{
	return ((uint32_t)a->b[0] << 24) | ((uint32_t)a->b[1] << 16) |
	       ((uint32_t)a->b[2] << 8) | a->b[3];
}

/* Clear bits past len (len clamped to the family's width). */
void lf_addr_mask(struct lf_addr *a, unsigned len);

/* Does prefix p contain address a (same family)? */
int lf_prefix_contains(const struct lf_prefix *p, const struct lf_addr *a);

/* Does p contain q (q equal to or more specific than p)? */
int lf_prefix_covers(const struct lf_prefix *p, const struct lf_prefix *q);

/* Total order: family, then address bytes, then length. memcmp-like. */
int lf_addr_cmp(const struct lf_addr *a, const struct lf_addr *b);
int lf_prefix_cmp(const struct lf_prefix *a, const struct lf_prefix *b);

#endif
