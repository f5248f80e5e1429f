/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for pkt/pkt.c. Hand-built frames for every layer: Ethernet, the
 * shims (802.1Q, QinQ, VN-Tag, E-Tag, MPLS, PPPoE, too many), each link
 * type, IPv4 with options, padding, offload lengths and fragments, IPv6
 * with every extension header, chains of 8 and 9, fragments and atomic
 * fragments, TCP, UDP, ICMP, ICMPv6, SCTP and opaque protocols; a frame cut
 * at every length (each cut must fail at the right layer with the right
 * code, or succeed as a snap-length capture), and each malformed field.
 * Then every capture in ../shared/data/pcap (skipped when absent) through
 * the decoder and the flow table, with totals read independently with
 * tshark for a chosen dozen.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/addr.h"
#include "core/err.h"
#include "flowtab/flowtab.h"
#include "helper_pcap.h"
#include "pkt/pkt.h"

#define PCAP_DIR "../shared/data/pcap"

/* --- a frame builder ------------------------------------------------------ */

struct fb {
	uint8_t b[4096];
	size_t n;
};

static void put(struct fb *f, const void *p, size_t n)
{
	assert_true(f->n + n <= sizeof(f->b));
	memcpy(f->b + f->n, p, n);
	f->n += n;
}

static void put8(struct fb *f, unsigned v)
{
	uint8_t b = (uint8_t)v;
	put(f, &b, 1);
}

static void put16(struct fb *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v);
}

static void put32(struct fb *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void zeros(struct fb *f, size_t n)
{
	while (n--)
		put8(f, 0);
}

/* Ethernet: made-up MACs, then the ethertype. */
static void eth(struct fb *f, unsigned type)
{
	static const uint8_t mac[12] = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2};
	put(f, mac, sizeof(mac));
	put16(f, type);
}

/* A VLAN tag's TCI (PCP 5 set, to see it masked off) and next type. */
static void tag(struct fb *f, unsigned vid, unsigned next)
{
	put16(f, 0xa000 | vid);
	put16(f, next);
}

/* IPv4 header, IHL = 5 + optwords (options are NOPs). */
static void ip4(struct fb *f, unsigned proto, uint32_t src, uint32_t dst,
		unsigned payload, unsigned optwords, unsigned fragfield)
{
	unsigned hl = 5 + optwords;
	put8(f, 0x40 | hl);
	put8(f, 0x2e); /* TOS */
	put16(f, hl * 4 + payload);
	put16(f, 0x1234);
	put16(f, fragfield);
	put8(f, 61); /* TTL */
	put8(f, proto);
	put16(f, 0); /* checksum: not checked */
	put32(f, src);
	put32(f, dst);
	for (unsigned i = 0; i < optwords * 4; i++)
		put8(f, 1);
}

static const uint8_t A6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			       0, 0, 0, 0, 0, 0, 0, 0x01};
static const uint8_t B6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			       0, 0, 0, 0, 0, 0, 0, 0x02};

static void ip6(struct fb *f, unsigned nh, unsigned plen)
{
	put32(f, 0x6b812345); /* version 6, traffic class 0xb8, flow label */
	put16(f, plen);
	put8(f, nh);
	put8(f, 57); /* hop limit */
	put(f, A6, 16);
	put(f, B6, 16);
}

/* An options-style extension header (hop-by-hop, routing, destination
 * options) of 8 * (units + 1) bytes. */
static void ext6(struct fb *f, unsigned nh, unsigned units)
{
	put8(f, nh);
	put8(f, units);
	zeros(f, 6 + (size_t)units * 8);
}

static void frag6(struct fb *f, unsigned nh, unsigned off8, int more)
{
	put8(f, nh);
	put8(f, 0);
	put16(f, off8 << 3 | (more ? 1 : 0));
	put32(f, 0xdeadbeef);
}

static void tcp(struct fb *f, unsigned sport, unsigned dport, unsigned flags,
		unsigned doff)
{
	put16(f, sport);
	put16(f, dport);
	put32(f, 1000);
	put32(f, 2000);
	put8(f, doff << 4);
	put8(f, flags);
	put16(f, 65535);
	put16(f, 0);
	put16(f, 0);
	for (unsigned i = 20; i < doff * 4; i++)
		put8(f, 1); /* NOP options */
}

static void udp(struct fb *f, unsigned sport, unsigned dport, unsigned len)
{
	put16(f, sport);
	put16(f, dport);
	put16(f, len);
	put16(f, 0);
}

static void icmp(struct fb *f, unsigned type, unsigned code)
{
	put8(f, type);
	put8(f, code);
	put16(f, 0);
	put32(f, 0x00010002); /* id, sequence */
}

static void data(struct fb *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put8(f, 'a' + (unsigned)(i % 26));
}

#define IP_A 0xc0000201u /* 192.0.2.1 */
#define IP_B 0xc6336402u /* 198.51.100.2 */

/* Decode f as a whole frame of the given link type; check rc and kind. */
static struct lf_pkt dec(int lt, const struct fb *f, int rc, int kind)
{
	struct lf_pkt p;
	int got = lf_pkt_decode(lt, f->b, f->n, f->n, 42, &p);
	if (got != rc || p.err != kind)
		print_message("rc %d (%s) kind %s, want %d kind %s\n", got,
			      lf_strerror(got), lf_pkt_err_name(p.err), rc,
			      lf_pkt_err_name((unsigned)kind));
	assert_int_equal(got, rc);
	assert_int_equal(p.err, kind);
	assert_int_equal(p.ts, 42);
	return p;
}

static void assert_v4(const struct lf_addr *a, uint32_t v)
{
	assert_int_equal(a->af, LF_AF_V4);
	assert_int_equal(lf_addr_v4(a), v);
	for (int i = 4; i < 16; i++)
		assert_int_equal(a->b[i], 0);
}

/* Ethernet / IPv4 / TCP with 5 payload bytes: the reference frame. */
static void build_tcp4(struct fb *f)
{
	f->n = 0;
	eth(f, 0x0800);
	ip4(f, 6, IP_A, IP_B, 20 + 5, 0, 0x4000);
	tcp(f, 40000, 443, LF_TCP_SYN | LF_TCP_ACK, 5);
	data(f, 5);
}

/* --- layers ----------------------------------------------------------------- */

static void test_eth_ipv4_tcp(void **state)
{
	(void)state;
	struct fb f;
	build_tcp4(&f);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.ethertype, LF_ETH_IPV4);
	assert_int_equal(p.nvlan, 0);
	assert_v4(&p.src, IP_A);
	assert_v4(&p.dst, IP_B);
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.ttl, 61);
	assert_int_equal(p.tos, 0x2e);
	assert_int_equal(p.ip_len, 45);
	assert_int_equal(p.frag, 0);
	assert_int_equal(p.sport, 40000);
	assert_int_equal(p.dport, 443);
	assert_int_equal(p.tcp_flags, LF_TCP_SYN | LF_TCP_ACK);
	assert_int_equal(p.payload_len, 5);
	assert_ptr_equal(p.payload, f.b + 14 + 20 + 20);
	assert_memory_equal(p.payload, "abcde", 5);
	assert_int_equal(p.wire_len, f.n);

	/* Ethernet padding and an FCS after the IP packet are not payload */
	zeros(&f, 60 - f.n + 4);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.payload_len, 5);
	assert_int_equal(p.ip_len, 45);

	/* wirelen < caplen is taken as caplen */
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, f.b, f.n, 3, 0, &p), 0);
	assert_int_equal(p.wire_len, f.n);
}

static void test_ipv4_options_and_tcp_options(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 32 + 3, 3, 0); /* IHL 8 */
	tcp(&f, 1, 2, LF_TCP_PSH | LF_TCP_ACK | LF_TCP_CWR | LF_TCP_ECE, 8);
	data(&f, 3);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.sport, 1);
	assert_int_equal(p.dport, 2);
	assert_int_equal(p.tcp_flags, 0xd8);
	assert_int_equal(p.payload_len, 3);
	assert_ptr_equal(p.payload, f.b + 14 + 32 + 32);
	assert_int_equal(p.ip_len, 32 + 32 + 3);
}

static void test_udp(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x0800);
	ip4(&f, 17, IP_A, IP_B, 8 + 12, 0, 0);
	udp(&f, 5353, 53, 8 + 12);
	data(&f, 12);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.proto, 17);
	assert_int_equal(p.sport, 5353);
	assert_int_equal(p.dport, 53);
	assert_int_equal(p.payload_len, 12);
	assert_ptr_equal(p.payload, f.b + 14 + 20 + 8);

	/* a UDP length shorter than the IP payload bounds the payload */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 17, IP_A, IP_B, 8 + 12, 0, 0);
	udp(&f, 1, 2, 8 + 4);
	data(&f, 12);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.payload_len, 4);

	/* an empty datagram */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
	udp(&f, 1, 2, 8);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.payload_len, 0);
	assert_null(p.payload);
}

static void test_icmp_sctp_opaque(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x0800);
	ip4(&f, 1, IP_A, IP_B, 8 + 4, 0, 0);
	icmp(&f, 3, 13);
	data(&f, 4);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.icmp_type, 3);
	assert_int_equal(p.icmp_code, 13);
	assert_int_equal(p.sport, 0);
	assert_int_equal(p.dport, 0);
	assert_int_equal(p.payload_len, 4);

	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 58, 8);
	icmp(&f, 128, 0);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.proto, 58);
	assert_int_equal(p.icmp_type, 128);
	assert_int_equal(p.payload_len, 0);

	/* ICMPv6 over IPv4 is not ICMP: opaque */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 58, IP_A, IP_B, 2, 0, 0);
	data(&f, 2);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.icmp_type, 0);
	assert_int_equal(p.payload_len, 2);

	/* SCTP: ports from the common header */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 132, IP_A, IP_B, 12 + 16, 0, 0);
	put16(&f, 3868);
	put16(&f, 3869);
	put32(&f, 1);
	put32(&f, 0);
	data(&f, 16);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.sport, 3868);
	assert_int_equal(p.dport, 3869);
	assert_int_equal(p.payload_len, 16);

	/* GRE: the number and the IP payload, nothing more */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 47, IP_A, IP_B, 4 + 6, 0, 0);
	put16(&f, 0);
	put16(&f, 0x6558);
	data(&f, 6);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.proto, 47);
	assert_int_equal(p.sport, 0);
	assert_int_equal(p.payload_len, 10);
	assert_ptr_equal(p.payload, f.b + 34);

	/* zero-length IP payload of an opaque protocol */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 2, IP_A, IP_B, 0, 0, 0);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.payload_len, 0);
	assert_null(p.payload);
}

static void test_tso_length_zero(void **state)
{
	(void)state;
	struct fb f;
	build_tcp4(&f);
	f.b[14 + 2] = f.b[14 + 3] = 0; /* total length 0 */
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.ip_len, 45);
	assert_int_equal(p.payload_len, 5);
	/* snap length 60 of a 9014-byte offloaded frame */
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, f.b, 59, 9014, 0, &p), 0);
	assert_int_equal(p.ip_len, 9000);
	assert_int_equal(p.payload_len, 5);

	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 17, 0);
	udp(&f, 1, 2, 8 + 3);
	data(&f, 3);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.ip_len, 40 + 11);
	assert_int_equal(p.payload_len, 3);
}

/* --- shims -------------------------------------------------------------------- */

static void test_vlan_qinq(void **state)
{
	(void)state;
	static const unsigned tpid[] = {0x8100, 0x88a8, 0x9100};
	for (unsigned i = 0; i < 3; i++) {
		struct fb f = {.n = 0};
		eth(&f, tpid[i]);
		tag(&f, 100 + i, 0x8100);
		tag(&f, 4094, 0x0800);
		ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
		udp(&f, 7, 9, 8);
		struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
		assert_int_equal(p.nvlan, 2);
		assert_int_equal(p.vlan[0], 100 + i);
		assert_int_equal(p.vlan[1], 4094);
		assert_int_equal(p.dport, 9);
	}

	/* three tags: all counted, the outer two kept */
	struct fb f = {.n = 0};
	eth(&f, 0x8100);
	tag(&f, 200, 0x8100);
	tag(&f, 300, 0x8100);
	tag(&f, 400, 0x86dd);
	ip6(&f, 59, 0);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.nvlan, 3);
	assert_int_equal(p.vlan[0], 200);
	assert_int_equal(p.vlan[1], 300);
	assert_int_equal(p.proto, 59);
	assert_int_equal(p.ethertype, LF_ETH_IPV6);

	/* LF_PKT_MAX_SHIMS tags pass, one more does not */
	for (unsigned n = LF_PKT_MAX_SHIMS; n <= LF_PKT_MAX_SHIMS + 1; n++) {
		f.n = 0;
		eth(&f, 0x8100);
		for (unsigned i = 0; i < n; i++)
			tag(&f, i + 1, i + 1 < n ? 0x8100 : 0x0800);
		ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
		udp(&f, 7, 9, 8);
		if (n == LF_PKT_MAX_SHIMS) {
			p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
			assert_int_equal(p.nvlan, n);
		} else {
			p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_SHIMS);
			assert_int_equal(p.src.af, 0);
		}
	}
}

static void test_vntag_etag(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x8926);
	put32(&f, 0x80010002);
	put16(&f, 0x8100);
	tag(&f, 11, 0x0800);
	ip4(&f, 253, IP_A, IP_B, 0, 0, 0);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.nvlan, 1);
	assert_int_equal(p.vlan[0], 11);
	assert_int_equal(p.proto, 253);

	f.n = 0;
	eth(&f, 0x893f);
	zeros(&f, 6);
	put16(&f, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 20, 0, 0);
	tcp(&f, 25, 10539, LF_TCP_ACK, 5);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.nvlan, 0);
	assert_int_equal(p.sport, 25);
}

static void test_mpls_pppoe(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x8847);
	put32(&f, 16 << 12 | 0x40);         /* label 16, not bottom */
	put32(&f, 17 << 12 | 0x100 | 0x40); /* label 17, bottom */
	ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
	udp(&f, 7, 9, 8);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.ethertype, LF_ETH_IPV4);
	assert_int_equal(p.dport, 9);

	f.n = 0;
	eth(&f, 0x8848);
	put32(&f, 2 << 12 | 0x100 | 0x40); /* IPv6 explicit null */
	ip6(&f, 59, 0);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.ethertype, LF_ETH_IPV6);

	/* a pseudowire control word (first nibble 0): not IP */
	f.n = 0;
	eth(&f, 0x8847);
	put32(&f, 100 << 12 | 0x100 | 0x40);
	put32(&f, 0);
	eth(&f, 0x0800);
	p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
	assert_int_equal(p.ethertype, 0x8847);

	/* a stack of 9 labels is past the shim budget */
	f.n = 0;
	eth(&f, 0x8847);
	for (unsigned i = 0; i < 9; i++)
		put32(&f, (16 + i) << 12 | (i == 8 ? 0x100 : 0) | 0x40);
	ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
	udp(&f, 7, 9, 8);
	dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_SHIMS);

	/* the stack ends the capture */
	f.n = 0;
	eth(&f, 0x8847);
	put32(&f, 16 << 12 | 0x100 | 0x40);
	dec(LF_DLT_EN10MB, &f, LF_ETRUNC, LF_PKT_E_TRUNC_L3);

	/* PPPoE session: IPv4, IPv6, and LCP (not IP) */
	static const unsigned proto[] = {0x0021, 0x0057, 0xc021};
	for (unsigned i = 0; i < 3; i++) {
		f.n = 0;
		eth(&f, 0x8864);
		put8(&f, 0x11);
		put8(&f, 0);
		put16(&f, 0x1234);
		put16(&f, 2 + 40 + 8);
		put16(&f, proto[i]);
		if (i == 1)
			ip6(&f, 17, 8);
		else
			ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
		udp(&f, 7, 9, 8);
		if (i < 2) {
			p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
			assert_int_equal(p.dport, 9);
		} else {
			p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
			assert_int_equal(p.ethertype, 0xc021);
		}
	}
}

static void test_not_ip(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x0806); /* ARP */
	zeros(&f, 28);
	struct lf_pkt p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
	assert_int_equal(p.ethertype, 0x0806);
	assert_int_equal(p.src.af, 0);

	f.n = 0;
	eth(&f, 0x8100);
	tag(&f, 5, 0x88cc); /* LLDP in a VLAN */
	zeros(&f, 20);
	p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
	assert_int_equal(p.ethertype, 0x88cc);
	assert_int_equal(p.nvlan, 1);

	f.n = 0;
	eth(&f, 46); /* 802.3 length field, LLC follows */
	zeros(&f, 46);
	dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
}

/* --- link types ------------------------------------------------------------- */

static void test_raw_links(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
	udp(&f, 1, 2, 8);
	static const int v4ok[] = {LF_DLT_RAW, LF_LINKTYPE_RAW,
				   LF_LINKTYPE_IPV4};
	for (unsigned i = 0; i < 3; i++) {
		struct lf_pkt p = dec(v4ok[i], &f, 0, LF_PKT_OK);
		assert_int_equal(p.ethertype, LF_ETH_IPV4);
		assert_int_equal(p.dport, 2);
	}
	dec(LF_LINKTYPE_IPV6, &f, LF_EMALF, LF_PKT_E_IP_VERSION);

	f.n = 0;
	ip6(&f, 17, 8);
	udp(&f, 1, 2, 8);
	dec(LF_DLT_RAW, &f, 0, LF_PKT_OK);
	dec(LF_LINKTYPE_RAW, &f, 0, LF_PKT_OK);
	dec(LF_LINKTYPE_IPV6, &f, 0, LF_PKT_OK);
	dec(LF_LINKTYPE_IPV4, &f, LF_EMALF, LF_PKT_E_IP_VERSION);

	f.b[0] = 0x50; /* version 5 */
	dec(LF_DLT_RAW, &f, LF_EMALF, LF_PKT_E_IP_VERSION);
	f.n = 0;
	dec(LF_DLT_RAW, &f, LF_ETRUNC, LF_PKT_E_TRUNC_L3);

	/* an unknown link type */
	struct lf_pkt p;
	assert_int_equal(lf_pkt_decode(9999, f.b, 0, 0, 0, &p), LF_EUNSUP);
	assert_int_equal(p.err, LF_PKT_E_LINKTYPE);
	assert_int_equal(lf_pkt_decode(-1, f.b, 0, 0, 0, &p), LF_EUNSUP);
	/* NULL frame of length 0; NULL out */
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, NULL, 0, 0, 0, &p),
			 LF_ETRUNC);
	assert_int_equal(p.err, LF_PKT_E_TRUNC_L2);
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, f.b, 0, 0, 0, NULL),
			 -EINVAL);
}

/* The loopback header in both byte orders and every IPv6 family. */
static void test_null_loop(void **state)
{
	(void)state;
	static const struct {
		int lt;
		uint8_t hdr[4];
		int v6; /* -1: not IP */
	} c[] = {
		{LF_DLT_NULL, {2, 0, 0, 0}, 0},  {LF_DLT_NULL, {0, 0, 0, 2}, 0},
		{LF_DLT_NULL, {24, 0, 0, 0}, 1}, {LF_DLT_NULL, {0, 0, 0, 28}, 1},
		{LF_DLT_NULL, {30, 0, 0, 0}, 1}, {LF_DLT_NULL, {10, 0, 0, 0}, 1},
		{LF_DLT_NULL, {7, 0, 0, 0}, -1}, {LF_DLT_LOOP, {0, 0, 0, 2}, 0},
		{LF_DLT_LOOP, {0, 0, 0, 24}, 1}, {LF_DLT_LOOP, {2, 0, 0, 0}, -1},
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct fb f = {.n = 0};
		put(&f, c[i].hdr, 4);
		if (c[i].v6 == 1)
			ip6(&f, 59, 0);
		else
			ip4(&f, 17, IP_A, IP_B, 8, 0, 0);
		if (c[i].v6 == 0)
			udp(&f, 1, 2, 8);
		if (c[i].v6 < 0) {
			dec(c[i].lt, &f, LF_EUNSUP, LF_PKT_E_NOT_IP);
			continue;
		}
		struct lf_pkt p = dec(c[i].lt, &f, 0, LF_PKT_OK);
		assert_int_equal(p.src.af, c[i].v6 ? LF_AF_V6 : LF_AF_V4);
	}
	struct fb f = {.n = 0};
	put8(&f, 2);
	dec(LF_DLT_NULL, &f, LF_ETRUNC, LF_PKT_E_TRUNC_L2);
}

static void test_sll(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	put16(&f, 0);  /* to us */
	put16(&f, 1);  /* ARPHRD_ETHER */
	put16(&f, 6);  /* address length */
	zeros(&f, 8);
	put16(&f, 0x8100); /* a tag the kernel left in */
	tag(&f, 33, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 20, 0, 0);
	tcp(&f, 49134, 445, LF_TCP_SYN, 5);
	struct lf_pkt p = dec(LF_DLT_LINUX_SLL, &f, 0, LF_PKT_OK);
	assert_int_equal(p.vlan[0], 33);
	assert_int_equal(p.dport, 445);

	f.n = 0;
	put16(&f, 0x86dd);
	put16(&f, 0);
	put32(&f, 3);  /* ifindex */
	put16(&f, 1);
	put8(&f, 4);   /* outgoing */
	put8(&f, 6);
	zeros(&f, 8);
	ip6(&f, 6, 20);
	tcp(&f, 1, 2, LF_TCP_RST, 5);
	p = dec(LF_DLT_LINUX_SLL2, &f, 0, LF_PKT_OK);
	assert_int_equal(p.src.af, LF_AF_V6);
	assert_memory_equal(p.src.b, A6, 16);
	assert_memory_equal(p.dst.b, B6, 16);
	assert_int_equal(p.tcp_flags, LF_TCP_RST);

	/* cut in the cooked header */
	for (size_t n = 0; n < 20; n++) {
		assert_int_equal(lf_pkt_decode(LF_DLT_LINUX_SLL2, f.b, n, f.n, 0,
					       &p),
				 LF_ETRUNC);
		assert_int_equal(p.err, LF_PKT_E_TRUNC_L2);
	}
	for (size_t n = 0; n < 16; n++) {
		assert_int_equal(lf_pkt_decode(LF_DLT_LINUX_SLL, f.b, n, f.n, 0,
					       &p),
				 LF_ETRUNC);
		assert_int_equal(p.err, LF_PKT_E_TRUNC_L2);
	}
}

/* --- truncation at every length -------------------------------------------- */

/*
 * Cut f after every length n < f->n with the wire length kept: the kind
 * must follow the layer the cut falls in (l3: start of IP, addr: end of
 * the fixed IP header with the addresses, l4: start of the transport
 * header, end4: its end); from end4 on the frame decodes as a snap-length
 * capture with what payload there is.
 */
static void cut_everywhere(int lt, const struct fb *f, size_t l3, size_t addr,
			   size_t l4, size_t end4)
{
	for (size_t n = 0; n < f->n; n++) {
		struct lf_pkt p;
		int rc = lf_pkt_decode(lt, f->b, n, f->n, 0, &p);
		if (n < l3) {
			assert_int_equal(rc, LF_ETRUNC);
			assert_int_equal(p.err, LF_PKT_E_TRUNC_L2);
		} else if (n < l4) {
			assert_int_equal(rc, LF_ETRUNC);
			assert_int_equal(p.err, LF_PKT_E_TRUNC_L3);
			/* IPv6: addresses kept while in extension headers */
			assert_int_equal(p.src.af != 0, n >= addr);
		} else if (n < end4) {
			assert_int_equal(rc, LF_ETRUNC);
			assert_int_equal(p.err, LF_PKT_E_TRUNC_L4);
			assert_int_not_equal(p.src.af, 0); /* L3 kept */
			assert_int_equal(p.sport, 0);
			assert_null(p.payload);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(p.payload_len, n - end4);
			assert_int_equal(p.wire_len, f->n);
		}
	}
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	struct fb f = {.n = 0};
	eth(&f, 0x88a8);
	tag(&f, 1, 0x8100);
	tag(&f, 2, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 24 + 10, 1, 0);
	tcp(&f, 1, 2, 0, 6);
	data(&f, 10);
	cut_everywhere(LF_DLT_EN10MB, &f, 22, 22 + 24, 22 + 24, 22 + 24 + 24);

	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 0, 8 + 16 + 8 + 8 + 7);
	ext6(&f, 43, 0);
	ext6(&f, 44, 1);
	frag6(&f, 17, 0, 0); /* atomic */
	udp(&f, 1, 2, 8 + 7);
	data(&f, 7);
	cut_everywhere(LF_DLT_EN10MB, &f, 14, 14 + 40, 14 + 40 + 32,
		       14 + 40 + 32 + 8);

	f.n = 0;
	ip4(&f, 1, IP_A, IP_B, 8 + 2, 0, 0);
	icmp(&f, 8, 0);
	data(&f, 2);
	cut_everywhere(LF_DLT_RAW, &f, 0, 20, 20, 28);
}

/* --- malformed fields ----------------------------------------------------- */

static void test_bad_ipv4(void **state)
{
	(void)state;
	struct fb f;
	struct lf_pkt p;

	/* IHL 0..4 */
	for (unsigned ihl = 0; ihl < 5; ihl++) {
		build_tcp4(&f);
		f.b[14] = (uint8_t)(0x40 | ihl);
		p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_IP_HDRLEN);
		assert_int_equal(p.src.af, 0);
	}
	/* IHL 15 past the capture */
	build_tcp4(&f);
	f.b[14] = 0x4f;
	dec(LF_DLT_EN10MB, &f, LF_ETRUNC, LF_PKT_E_TRUNC_L3);
	/* total length shorter than the header */
	build_tcp4(&f);
	f.b[16] = 0;
	f.b[17] = 19;
	p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_IP_HDRLEN);
	assert_v4(&p.src, IP_A); /* the header itself was whole */
	/* total length past the frame on the wire */
	build_tcp4(&f);
	f.b[17] += 1;
	p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_IP_LEN);
	assert_v4(&p.dst, IP_B);
	assert_int_equal(p.ip_len, 46);
	/* ... but a longer wire length makes it a snap-length capture */
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, f.b, f.n, f.n + 1, 0, &p),
			 0);
	assert_int_equal(p.payload_len, 5);
	/* ethertype IPv4, version 6 */
	build_tcp4(&f);
	f.b[14] = 0x65;
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_IP_VERSION);
}

static void test_bad_l4(void **state)
{
	(void)state;
	struct fb f;
	struct lf_pkt p;

	/* TCP data offset < 5 */
	for (unsigned off = 0; off < 5; off++) {
		build_tcp4(&f);
		f.b[34 + 12] = (uint8_t)(off << 4);
		p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
		assert_v4(&p.src, IP_A);
		assert_int_equal(p.proto, 6);
		assert_int_equal(p.sport, 0);
		assert_int_equal(p.tcp_flags, 0);
	}
	/* data offset past the segment (25 bytes) */
	build_tcp4(&f);
	f.b[34 + 12] = 7 << 4;
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
	/* data offset inside the segment but past the capture */
	build_tcp4(&f);
	f.b[34 + 12] = 6 << 4;
	assert_int_equal(lf_pkt_decode(LF_DLT_EN10MB, f.b, 34 + 22, f.n, 0, &p),
			 LF_ETRUNC);
	assert_int_equal(p.err, LF_PKT_E_TRUNC_L4);
	/* IP payload too short for a TCP header */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 12, 0, 0);
	data(&f, 12);
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
	/* ... or ICMP, SCTP, UDP header */
	static const unsigned short_proto[] = {1, 132, 17};
	for (unsigned i = 0; i < 3; i++) {
		f.n = 0;
		eth(&f, 0x0800);
		ip4(&f, short_proto[i], IP_A, IP_B, 7, 0, 0);
		data(&f, 7);
		dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
	}
	/* UDP length below 8, and past the IP payload */
	static const unsigned ulen[] = {0, 7, 8 + 5};
	for (unsigned i = 0; i < 3; i++) {
		f.n = 0;
		eth(&f, 0x0800);
		ip4(&f, 17, IP_A, IP_B, 8 + 4, 0, 0);
		udp(&f, 1, 2, ulen[i]);
		data(&f, 4);
		p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
		assert_int_equal(p.sport, 0);
		assert_int_equal(p.src.af, LF_AF_V4);
	}
}

/* --- IPv6 extension headers ------------------------------------------------ */

/* IPv6 / n destination-options headers / UDP. */
static void chain(struct fb *f, unsigned n)
{
	f->n = 0;
	eth(f, 0x86dd);
	ip6(f, n ? 60 : 17, 8 * n + 8);
	for (unsigned i = 0; i < n; i++)
		ext6(f, i + 1 < n ? 60 : 17, 0);
	udp(f, 546, 547, 8);
}

static void test_ipv6_ext(void **state)
{
	(void)state;
	struct fb f;
	struct lf_pkt p;

	for (unsigned n = 0; n <= LF_PKT_MAX_EXT; n++) {
		chain(&f, n);
		p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
		assert_int_equal(p.next_ext, n);
		assert_int_equal(p.proto, 17);
		assert_int_equal(p.dport, 547);
		assert_int_equal(p.ip_len, 40 + 8 * n + 8);
		assert_int_equal(p.ttl, 57);
		assert_int_equal(p.tos, 0xb8);
	}
	/* a chain of 9 */
	chain(&f, LF_PKT_MAX_EXT + 1);
	p = dec(LF_DLT_EN10MB, &f, LF_EUNSUP, LF_PKT_E_EXT_CHAIN);
	assert_int_equal(p.src.af, LF_AF_V6); /* addresses kept */
	assert_int_equal(p.next_ext, LF_PKT_MAX_EXT);

	/* hop-by-hop, routing (2 units), AH (4 words + 2), destination */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 0, 8 + 24 + 24 + 8 + 20);
	ext6(&f, 43, 0);
	ext6(&f, 51, 2);
	put8(&f, 60); /* AH: next, payload len 4 -> 24 bytes */
	put8(&f, 4);
	zeros(&f, 22);
	ext6(&f, 6, 0);
	tcp(&f, 80, 1025, LF_TCP_FIN | LF_TCP_ACK, 5);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.next_ext, 4);
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.sport, 80);
	assert_int_equal(p.tcp_flags, LF_TCP_FIN | LF_TCP_ACK);

	/* hop-by-hop after another header */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 60, 16);
	ext6(&f, 0, 0);
	ext6(&f, 59, 0);
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_EXT_HDR);

	/* an extension header longer than the payload length */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 60, 8);
	ext6(&f, 59, 1); /* 16 bytes */
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_EXT_HDR);
	/* ... payload length 1: not even the two bytes */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 60, 1);
	put8(&f, 59);
	dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_EXT_HDR);

	/* two fragment headers */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 44, 16 + 8);
	frag6(&f, 44, 0, 1);
	frag6(&f, 17, 0, 1);
	udp(&f, 1, 2, 100);
	p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_EXT_HDR);
	assert_int_equal(p.frag, LF_PKT_FRAG_FIRST);

	/* payload length past the frame */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 59, 9);
	zeros(&f, 8);
	p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_IP_LEN);
	assert_int_equal(p.ip_len, 49);
	assert_int_equal(p.src.af, LF_AF_V6);
}

/* --- fragments ------------------------------------------------------------- */

static void test_fragments(void **state)
{
	(void)state;
	struct fb f;
	struct lf_pkt p;

	/* IPv4 first fragment: MF, offset 0; the UDP length covers the
	 * whole datagram, more than this fragment holds */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 17, IP_A, IP_B, 8 + 16, 0, 0x2000);
	udp(&f, 4500, 4501, 8 + 3000);
	data(&f, 16);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, LF_PKT_FRAG_FIRST);
	assert_int_equal(p.sport, 4500);
	assert_int_equal(p.payload_len, 16);

	/* a later fragment (offset 3 * 8): no transport header */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 17, IP_A, IP_B, 24, 0, 3);
	data(&f, 24);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, LF_PKT_FRAG_LATER);
	assert_int_equal(p.proto, 17);
	assert_int_equal(p.sport, 0);
	assert_int_equal(p.dport, 0);
	assert_int_equal(p.payload_len, 24);
	assert_ptr_equal(p.payload, f.b + 34);
	/* the last one (offset, no MF) too; and a tiny one */
	f.b[14 + 6] = 0;
	f.b[14 + 7] = 200;
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, LF_PKT_FRAG_LATER);

	/* a first fragment too short for the TCP header (RFC 1858) */
	f.n = 0;
	eth(&f, 0x0800);
	ip4(&f, 6, IP_A, IP_B, 8, 0, 0x2000);
	data(&f, 8);
	p = dec(LF_DLT_EN10MB, &f, LF_EMALF, LF_PKT_E_L4_HDR);
	assert_int_equal(p.frag, LF_PKT_FRAG_FIRST);

	/* IPv6: first, later, atomic */
	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 44, 8 + 20);
	frag6(&f, 6, 0, 1);
	tcp(&f, 179, 33000, LF_TCP_ACK, 5);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, LF_PKT_FRAG_FIRST);
	assert_int_equal(p.dport, 33000);
	assert_int_equal(p.next_ext, 1);

	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 60, 8 + 8 + 16);
	ext6(&f, 44, 0);
	frag6(&f, 6, 185, 0);
	data(&f, 16);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, LF_PKT_FRAG_LATER);
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.sport, 0);
	assert_int_equal(p.payload_len, 16);
	assert_ptr_equal(p.payload, f.b + 14 + 40 + 16);

	f.n = 0;
	eth(&f, 0x86dd);
	ip6(&f, 44, 8 + 8);
	frag6(&f, 17, 0, 0);
	udp(&f, 1, 2, 8);
	p = dec(LF_DLT_EN10MB, &f, 0, LF_PKT_OK);
	assert_int_equal(p.frag, 0);
	assert_int_equal(p.dport, 2);
}

/* --- counters ------------------------------------------------------------- */

static void test_stats_and_names(void **state)
{
	(void)state;
	struct lf_pkt_stats s, t;
	struct fb f;
	struct lf_pkt p;
	int rc;

	memset(&s, 0, sizeof(s));
	build_tcp4(&f);
	rc = lf_pkt_decode(LF_DLT_EN10MB, f.b, f.n, f.n, 0, &p);
	lf_pkt_stats_add(&s, rc, &p);
	rc = lf_pkt_decode(LF_DLT_EN10MB, f.b, 40, f.n, 0, &p); /* in TCP */
	lf_pkt_stats_add(&s, rc, &p);
	rc = lf_pkt_decode(LF_DLT_EN10MB, f.b, 10, f.n, 0, &p);
	lf_pkt_stats_add(&s, rc, &p);
	f.b[14 + 6] = 0x20; /* MF */
	rc = lf_pkt_decode(LF_DLT_EN10MB, f.b, f.n, f.n, 0, &p);
	lf_pkt_stats_add(&s, rc, &p);
	chain(&f, 9);
	rc = lf_pkt_decode(LF_DLT_EN10MB, f.b, f.n, f.n, 0, &p);
	lf_pkt_stats_add(&s, rc, &p);

	assert_int_equal(s.packets, 5);
	assert_int_equal(s.decoded, 2);
	assert_int_equal(s.ipv4, 3);
	assert_int_equal(s.ipv6, 1);
	assert_int_equal(s.frag_first, 1);
	assert_int_equal(s.frag_later, 0);
	assert_int_equal(s.err[LF_PKT_OK], 0);
	assert_int_equal(s.err[LF_PKT_E_TRUNC_L4], 1);
	assert_int_equal(s.err[LF_PKT_E_TRUNC_L2], 1);
	assert_int_equal(s.err[LF_PKT_E_EXT_CHAIN], 1);

	t = s;
	lf_pkt_stats_merge(&t, &s);
	assert_int_equal(t.packets, 10);
	assert_int_equal(t.frag_first, 2);
	assert_int_equal(t.err[LF_PKT_E_EXT_CHAIN], 2);

	/* names: distinct, non-empty, stable for the ones counters use */
	for (unsigned i = 0; i < LF_PKT_E_COUNT; i++) {
		const char *a = lf_pkt_err_name(i);
		assert_true(a[0] != '\0');
		assert_string_not_equal(a, "unknown");
		for (unsigned j = 0; j < i; j++)
			assert_string_not_equal(a, lf_pkt_err_name(j));
	}
	assert_string_equal(lf_pkt_err_name(LF_PKT_OK), "ok");
	assert_string_equal(lf_pkt_err_name(LF_PKT_E_TRUNC_L3), "trunc_l3");
	assert_string_equal(lf_pkt_err_name(LF_PKT_E_COUNT), "unknown");
	assert_string_equal(lf_pkt_err_name(~0u), "unknown");
}

/* --- real captures ----------------------------------------------------------- */

struct run {
	unsigned packets, decoded, flows;
	unsigned err[LF_PKT_E_COUNT];
	uint64_t bytes, rbytes, fpk, rpk;
};

static void count_flow(void *ud, const struct lf_flow *f)
{
	struct run *r = ud;
	r->flows++;
	r->bytes += f->bytes;
	r->rbytes += f->rev_bytes;
	r->fpk += f->packets;
	r->rpk += f->rev_packets;
	assert_int_equal(f->source, LF_FLOW_SRC_PCAP);
	assert_true(f->flags & LF_FLOW_F_BIFLOW);
	assert_true(f->first <= f->last);
	assert_true(f->packets > 0);
}

/*
 * Decode a capture and put it through a flow table whose timeouts are a
 * day, so that only TCP ends split flows (as Wireshark's tcp.stream does).
 * Returns 0, or -1 if the file is absent.
 */
static int run_pcap(const char *path, struct run *r)
{
	struct hp_file f;
	struct hp_rec rec;
	struct lf_flowtab *t;
	struct lf_flowtab_cfg cfg = {
		.max_flows = 4096,
		.idle_timeout = 86400 * LF_USEC_PER_SEC,
		.active_timeout = 86400 * LF_USEC_PER_SEC,
	};
	int rc;

	memset(r, 0, sizeof(*r));
	rc = hp_open(path, &f);
	if (rc == -ENOENT)
		return -1;
	assert_int_equal(rc, 0);
	assert_int_equal(lf_flowtab_new(&cfg, &t), 0);
	while ((rc = hp_next(&f, &rec)) == 1) {
		struct lf_pkt p;
		int d = lf_pkt_decode((int)f.linktype, rec.data, rec.caplen,
				      rec.wirelen, rec.ts, &p);
		r->packets++;
		if (d == 0) {
			r->decoded++;
			assert_int_equal(p.err, LF_PKT_OK);
			assert_int_equal(lf_flowtab_add(t, &p, count_flow, r), 0);
			continue;
		}
		/* an error is always one of the counted kinds, with its code */
		assert_true(p.err > LF_PKT_OK && p.err < LF_PKT_E_COUNT);
		assert_true(d == LF_ETRUNC || d == LF_EMALF || d == LF_EUNSUP);
		r->err[p.err]++;
	}
	assert_int_equal(rc, 0);
	lf_flowtab_flush(t, count_flow, r);
	struct lf_flowtab_stats st;
	lf_flowtab_stats(t, &st);
	assert_int_equal(st.packets, r->decoded);
	assert_int_equal(r->fpk + r->rpk, r->decoded);
	assert_int_equal(st.bytes, r->bytes + r->rbytes);
	assert_int_equal(st.flows, 0);
	lf_flowtab_free(t);
	hp_close(&f);
	return 0;
}

static void test_all_pcaps(void **state)
{
	(void)state;
	DIR *d = opendir(PCAP_DIR);
	if (!d) {
		print_message("skipping: %s not found\n", PCAP_DIR);
		skip();
	}
	unsigned files = 0, packets = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".pcap") != 0)
			continue;
		char path[1024];
		struct run r;
		snprintf(path, sizeof(path), "%s/%s", PCAP_DIR, e->d_name);
		assert_int_equal(run_pcap(path, &r), 0);
		files++;
		packets += r.packets;
	}
	closedir(d);
	print_message("%u captures, %u packets\n", files, packets);
	assert_true(files > 0);
}

/*
 * Expected figures, read independently of this code:
 *  packets:  `capinfos -c FILE`;
 *  not IP:   `tshark -r FILE -Y arp` (every not_ip below is ARP);
 *  flows:    distinct `tcp.stream` + distinct `udp.stream` + for other
 *            protocols distinct (address pair, protocol, VLAN; ICMP type
 *            with echo request/reply folded), from
 *            `tshark -r FILE -T fields -E occurrence=f -e frame.protocols
 *            -e tcp.stream -e udp.stream -e ip.src -e ip.dst -e ipv6.src
 *            -e ipv6.dst -e vlan.id -e icmp.type -e icmpv6.type`;
 *  bytes:    the sum over the capture of `ip.len`, or `ipv6.plen` + 40
 *            (`tshark -T fields -E occurrence=f -e ip.len -e ipv6.plen`),
 *            less the frames the decoder refuses.
 * Where this decoder and tshark differ, the comment says why.
 */
static const struct {
	const char *file;
	unsigned packets, decoded, flows;
	unsigned err_kind, errs; /* the one error kind in the file */
	uint64_t bytes;
} pcaps[] = {
	/* Ethernet; the longest captures */
	{"bug-4376__syn_retransmit_with_ts.pcap", 254, 254, 2, 0, 0, 224248},
	{"dcerpc__zerologon__input.pcap", 1012, 1012, 53, 0, 0, 91746},
	{"ftp__ftp-ippair-leak-5204__input.pcap", 560, 560, 30, 0, 0, 42920},
	/* two ARP frames */
	{"ethernet-eve__test.pcap", 132, 130, 13, LF_PKT_E_NOT_IP, 2, 162685},
	/* three stacked VLAN tags (200, 300, 400) on the echo request, none
	 * on the reply: two flows */
	{"detect-vlan-id__input.pcap", 2, 2, 2, 0, 0, 56},
	{"decode-vntag-01__input.pcap", 5, 5, 1, 0, 0, 500},
	{"decode-etag-02__input.pcap", 1, 1, 1, 0, 0, 52},
	/* Linux cooked capture; two frames carry 6 bytes of padding */
	{"smb-eicar-padding__smb1_eicar_andx_write_padding2.pcap", 23, 23, 1, 0,
	 0, 3011},
	/* LINKTYPE_RAW (101) */
	{"quic-ack3__input.pcap", 27, 27, 1, 0, 0, 12085},
	/* LINKTYPE_IPV4 (228), IPv4 options. tshark's ip.dst is the last
	 * hop of the loose source route option, so it sees 3 conversations;
	 * the header's destination (what flow exporters use) is the same in
	 * all 8 packets: 1 flow */
	{"detect-ipopts__input.pcap", 8, 8, 1, 0, 0, 380},
	/* DLT_NULL */
	{"http2-deflate-case__input.pcap", 28, 28, 1, 0, 0, 2021},
	/* IPv6 fragments. Frame 6 of frag-26 is an atomic fragment with a
	 * 1-byte TCP header (Wireshark: "Malformed Packet: TCP"; 4 flows
	 * with it, 3 without), frame 6 of frag-35 has two fragment headers;
	 * their bytes (49, 256) are not in the totals */
	{"ipv6-evasion__ipv6-malformed-fragments-15__frag-15.pcap", 64, 64, 7, 0,
	 0, 69294},
	{"ipv6-evasion__ipv6-malformed-fragments-26__frag-26.pcap", 8, 7, 3,
	 LF_PKT_E_L4_HDR, 1, 729 - 49},
	{"ipv6-evasion__ipv6-malformed-fragments-35__frag-35.pcap", 14, 13, 7,
	 LF_PKT_E_EXT_HDR, 1, 2720 - 256},
	/* hop-by-hop, destination options, routing, UDP in a VLAN */
	{"ipv6-hdr-keyword-02__input.pcap", 1, 1, 1, 0, 0, 72},
	/* GRE carrying ERSPAN: GRE flows by address pair */
	{"bug-5437-02__input.pcap", 60, 60, 2, 0, 0, 6688},
	/* both ends 127.0.0.1: Wireshark gives the replies a udp.stream of
	 * their own (4 streams); by 5-tuple these are 2 flows */
	{"snmp-v3-unauth__snmp-v3-get-bulk-unauth.pcap", 8, 8, 2, 0, 0, 1078},
};

static void test_pcap_figures(void **state)
{
	(void)state;
	unsigned found = 0;
	for (size_t i = 0; i < sizeof(pcaps) / sizeof(pcaps[0]); i++) {
		char path[1024];
		struct run r;
		snprintf(path, sizeof(path), "%s/%s", PCAP_DIR, pcaps[i].file);
		if (run_pcap(path, &r) != 0)
			continue;
		found++;
		print_message("%s: %u packets, %u decoded, %u flows, %llu "
			      "bytes\n",
			      pcaps[i].file, r.packets, r.decoded, r.flows,
			      (unsigned long long)(r.bytes + r.rbytes));
		assert_int_equal(r.packets, pcaps[i].packets);
		assert_int_equal(r.decoded, pcaps[i].decoded);
		assert_int_equal(r.flows, pcaps[i].flows);
		assert_int_equal(r.packets - r.decoded, pcaps[i].errs);
		if (pcaps[i].errs)
			assert_int_equal(r.err[pcaps[i].err_kind], pcaps[i].errs);
		assert_int_equal(r.bytes + r.rbytes, pcaps[i].bytes);
	}
	if (!found) {
		print_message("skipping: no capture of the table in %s\n",
			      PCAP_DIR);
		skip();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eth_ipv4_tcp),
		cmocka_unit_test(test_ipv4_options_and_tcp_options),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_icmp_sctp_opaque),
		cmocka_unit_test(test_tso_length_zero),
		cmocka_unit_test(test_vlan_qinq),
		cmocka_unit_test(test_vntag_etag),
		cmocka_unit_test(test_mpls_pppoe),
		cmocka_unit_test(test_not_ip),
		cmocka_unit_test(test_raw_links),
		cmocka_unit_test(test_null_loop),
		cmocka_unit_test(test_sll),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_bad_ipv4),
		cmocka_unit_test(test_bad_l4),
		cmocka_unit_test(test_ipv6_ext),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_stats_and_names),
		cmocka_unit_test(test_all_pcaps),
		cmocka_unit_test(test_pcap_figures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
