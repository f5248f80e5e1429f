/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for sflow/sflow.c. Every datagram is built here by a small XDR
 * writer, field by field after sflow.org/sflow_version_5.txt, and the
 * expected values are the ones written in. To check the writer itself
 * against an independent decoder, run the test with LF_SFLOW_DUMP=DIR:
 * each named datagram is written to DIR as NAME.bin; then, with D the list
 * of those files,
 *
 *   for f in $D; do od -Ax -tx1 -v $f; done > s.txt   (offsets restart at
 *   text2pcap -u 6343,6343 s.txt s.pcap                0: one packet each)
 *   tshark -r s.pcap -V -O sflow
 *
 * Wireshark 4.0.17's sFlow dissector shows the same field values as
 * written here (agent, sub-agent, sequence numbers, sampling rate,
 * interface formats, header bytes with the Ethernet/802.1Q/IPv4/TCP,
 * IPv6/UDP and ICMP inside, the sampled_ipv6 "ports" 128/0 of ICMPv6, the
 * AS path and communities, the if counters). Three differ on purpose:
 * record_len_lies is malformed; unknown_skipped stops Wireshark at the
 * enterprise-4413 sample (it does not skip unknown enterprise samples by
 * their length); extended_structure is misread by Wireshark, which reads
 * 16 bytes of a 20-byte extended_switch record and takes the 5th word as
 * the next record — the spec says to use the record length, as we do.
 *
 * Covered: every decoded sample and record type (compact and expanded
 * samples; sampled header over Ethernet with a VLAN tag, raw IPv4 and raw
 * IPv6; sampled_ipv4/ipv6; extended switch, router, gateway; if_counters),
 * the mapping into lf_flow, interface formats, unknown enterprises and
 * formats skipped by length, each kind of lying length or count, truncation
 * at every byte, sequence gaps / duplicates / restarts / wrap for datagrams
 * and per source for samples, the table caps, and the agent view.
 */
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
#include "flow/flow.h"
#include "sflow/sflow.h"

#define NOW INT64_C(1717200000123456)

/* ---- an XDR writer ------------------------------------------------------ */

struct w {
	uint8_t b[4096];
	size_t n;
};

static void u32(struct w *w, uint32_t v)
{
	assert_true(w->n + 4 <= sizeof(w->b));
	w->b[w->n++] = (uint8_t)(v >> 24);
	w->b[w->n++] = (uint8_t)(v >> 16);
	w->b[w->n++] = (uint8_t)(v >> 8);
	w->b[w->n++] = (uint8_t)v;
}

static void u64(struct w *w, uint64_t v)
{
	u32(w, (uint32_t)(v >> 32));
	u32(w, (uint32_t)v);
}

static void raw(struct w *w, const void *p, size_t n)
{
	assert_true(w->n + n <= sizeof(w->b));
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

/* opaque<>: length, bytes, zero padding to 4 */
static void opaque(struct w *w, const void *p, size_t n)
{
	static const uint8_t zero[3];
	u32(w, (uint32_t)n);
	raw(w, p, n);
	raw(w, zero, (4 - (n & 3)) & 3);
}

/* A tagged item (sample or record): tag, then a length patched by close. */
static size_t open_item(struct w *w, uint32_t tag)
{
	u32(w, tag);
	size_t off = w->n;
	u32(w, 0);
	return off;
}

static void close_item(struct w *w, size_t off)
{
	uint32_t len = (uint32_t)(w->n - off - 4);
	w->b[off] = (uint8_t)(len >> 24);
	w->b[off + 1] = (uint8_t)(len >> 16);
	w->b[off + 2] = (uint8_t)(len >> 8);
	w->b[off + 3] = (uint8_t)len;
}

/* Overwrite the 32-bit word at off (to make a field lie). */
static void patch32(struct w *w, size_t off, uint32_t v)
{
	w->b[off] = (uint8_t)(v >> 24);
	w->b[off + 1] = (uint8_t)(v >> 16);
	w->b[off + 2] = (uint8_t)(v >> 8);
	w->b[off + 3] = (uint8_t)v;
}

#define V4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

/* Agent 192.0.2.1 unless said otherwise. */
#define AGENT V4(192, 0, 2, 1)

static void dg_head(struct w *w, uint32_t agent, uint32_t sub, uint32_t seq,
		    uint32_t uptime, uint32_t nsamples)
{
	w->n = 0;
	u32(w, 5);
	u32(w, 1); /* IP_V4 */
	u32(w, agent);
	u32(w, sub);
	u32(w, seq);
	u32(w, uptime);
	u32(w, nsamples);
}

static const uint8_t AGENT6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				   0, 0, 0, 0, 0, 0, 0, 0x01};

static void dg_head6(struct w *w, uint32_t sub, uint32_t seq, uint32_t uptime,
		     uint32_t nsamples)
{
	w->n = 0;
	u32(w, 5);
	u32(w, 2); /* IP_V6 */
	raw(w, AGENT6, 16);
	u32(w, sub);
	u32(w, seq);
	u32(w, uptime);
	u32(w, nsamples);
}

/* flow_sample (0:1) fixed fields; records follow; close_item at the end. */
static size_t flow_sample(struct w *w, uint32_t seq, uint32_t source_id,
			  uint32_t rate, uint32_t in, uint32_t out,
			  uint32_t nrec)
{
	size_t off = open_item(w, 1);
	u32(w, seq);
	u32(w, source_id);
	u32(w, rate);
	u32(w, 123456); /* sample_pool */
	u32(w, 0);      /* drops */
	u32(w, in);
	u32(w, out);
	u32(w, nrec);
	return off;
}

/* flow_sample_expanded (0:3) */
static size_t flow_sample_x(struct w *w, uint32_t seq, uint32_t type,
			    uint32_t index, uint32_t rate, uint32_t in_fmt,
			    uint32_t in, uint32_t out_fmt, uint32_t out,
			    uint32_t nrec)
{
	size_t off = open_item(w, 3);
	u32(w, seq);
	u32(w, type);
	u32(w, index);
	u32(w, rate);
	u32(w, 999); /* sample_pool */
	u32(w, 2);   /* drops */
	u32(w, in_fmt);
	u32(w, in);
	u32(w, out_fmt);
	u32(w, out);
	u32(w, nrec);
	return off;
}

static void rec_header(struct w *w, uint32_t proto, uint32_t frame_length,
		       uint32_t stripped, const uint8_t *h, size_t hlen)
{
	size_t off = open_item(w, 1);
	u32(w, proto);
	u32(w, frame_length);
	u32(w, stripped);
	opaque(w, h, hlen);
	close_item(w, off);
}

static void rec_ipv4(struct w *w, uint32_t len, uint32_t proto, uint32_t src,
		     uint32_t dst, uint32_t sport, uint32_t dport,
		     uint32_t flags, uint32_t tos)
{
	size_t off = open_item(w, 3);
	u32(w, len);
	u32(w, proto);
	u32(w, src);
	u32(w, dst);
	u32(w, sport);
	u32(w, dport);
	u32(w, flags);
	u32(w, tos);
	close_item(w, off);
}

static void rec_switch(struct w *w, uint32_t src_vlan, uint32_t dst_vlan)
{
	size_t off = open_item(w, 1001);
	u32(w, src_vlan);
	u32(w, 3); /* src_priority */
	u32(w, dst_vlan);
	u32(w, 0);
	close_item(w, off);
}

static void rec_router4(struct w *w, uint32_t nh, uint32_t sm, uint32_t dm)
{
	size_t off = open_item(w, 1002);
	u32(w, 1);
	u32(w, nh);
	u32(w, sm);
	u32(w, dm);
	close_item(w, off);
}

/* extended_gateway with AS path [AS_SEQUENCE 64500 64501] [AS_SET 64502
 * 64503] and two communities: the destination AS is 64503. */
static void rec_gateway(struct w *w)
{
	size_t off = open_item(w, 1003);
	u32(w, 1);
	u32(w, V4(203, 0, 113, 254)); /* BGP next hop */
	u32(w, 65000);                /* as */
	u32(w, 64496);                /* src_as */
	u32(w, 64497);                /* src_peer_as */
	u32(w, 2);                    /* segments */
	u32(w, 2);                    /* AS_SEQUENCE */
	u32(w, 2);
	u32(w, 64500);
	u32(w, 64501);
	u32(w, 1); /* AS_SET */
	u32(w, 2);
	u32(w, 64502);
	u32(w, 64503);
	u32(w, 2); /* communities */
	u32(w, 0xfde80001);
	u32(w, 0xfde80002);
	u32(w, 100); /* localpref */
	close_item(w, off);
}

/* ---- packets inside ----------------------------------------------------- */

/* Ethernet, 802.1Q VLAN 100, IPv4 192.0.2.10 -> 198.51.100.20, TOS 0x28,
 * total length 1500, TCP 51000 -> 443 with SYN|ACK (0x12). 58 bytes. */
static const uint8_t ETH_V4_TCP[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa,
	0x81, 0x00, 0x00, 0x64, 0x08, 0x00,
	0x45, 0x28, 0x05, 0xdc, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
	192, 0, 2, 10, 198, 51, 100, 20,
	0xc7, 0x38, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x12, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
};

/* Raw IPv6 2001:db8::1 -> 2001:db8:1::53, UDP 5353 -> 53, payload 100. */
static const uint8_t RAW_V6_UDP[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x64, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
	0x14, 0xe9, 0x00, 0x35, 0x00, 0x64, 0x00, 0x00,
};

/* Raw IPv4 10.1.2.3 -> 10.9.8.7, ICMP echo request (type 8 code 0). */
static const uint8_t RAW_V4_ICMP[] = {
	0x45, 0x00, 0x00, 0x54, 0x00, 0x01, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
	10, 1, 2, 3, 10, 9, 8, 7,
	0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01,
};

/* Ethernet ARP request: no IP packet. */
static const uint8_t ETH_ARP[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x66, 0x77, 0x88, 0x99, 0xaa, 192, 0, 2, 10,
	0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
};

/* ---- collecting output -------------------------------------------------- */

#define MAXF 16

struct got {
	size_t n;
	struct lf_flow f[MAXF];
	size_t nic;
	struct lf_sflow_ifc ic[4];
};

static void on_flow(void *ud, const struct lf_flow *f)
{
	struct got *g = ud;
	assert_true(g->n < MAXF);
	g->f[g->n++] = *f;
}

static void on_ifc(void *ud, const struct lf_sflow_ifc *ic)
{
	struct got *g = ud;
	assert_true(g->nic < 4);
	g->ic[g->nic++] = *ic;
}

static void dump(const char *name, const struct w *w)
{
	const char *dir = getenv("LF_SFLOW_DUMP");
	if (!dir)
		return;
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(w->b, 1, w->n, f), w->n);
	fclose(f);
}

static struct lf_sflow_ctx *ctx_with(struct got *g, uint32_t max_agents,
				     uint32_t max_sources)
{
	struct lf_sflow_cfg cfg = {.max_agents = max_agents,
				   .max_sources = max_sources,
				   .hash_seed = 42,
				   .if_counters = on_ifc,
				   .if_counters_ud = g};
	struct lf_sflow_ctx *c = NULL;
	assert_int_equal(lf_sflow_new(&cfg, &c), 0);
	assert_non_null(c);
	return c;
}

static int decode(struct lf_sflow_ctx *c, const struct w *w, struct got *g)
{
	struct lf_addr udp;
	lf_addr_from_v4(&udp, V4(198, 18, 0, 1)); /* not the agent */
	return lf_sflow_decode(c, &udp, NOW, w->b, w->n, on_flow, g);
}

static void assert_v4(const struct lf_addr *a, uint32_t v)
{
	assert_int_equal(a->af, LF_AF_V4);
	assert_int_equal(lf_addr_v4(a), v);
}

static void assert_addr_str(const struct lf_addr *a, const char *s)
{
	char buf[LF_ADDR_STRLEN];
	assert_true(lf_addr_format(a, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, s);
}

static uint64_t total_bad(const struct lf_sflow_counters *n)
{
	uint64_t t = 0;
	for (int i = 0; i < LF_SFLOW_BAD_MAX; i++)
		t += n->malformed[i];
	return t;
}

/* ---- the mapping of each record ----------------------------------------- */

/* Compact flow sample, sampled header over Ethernet with a VLAN tag. */
static void test_header_ethernet(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 7, 1, 60000, 1);
	size_t s = flow_sample(&w, 1, 3 /* ifIndex 3 */, 512, 3, 7, 1);
	rec_header(&w, 1, 1522, 4, ETH_V4_TCP, sizeof(ETH_V4_TCP));
	close_item(&w, s);
	dump("header_ethernet", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	const struct lf_flow *f = &g.f[0];
	assert_v4(&f->src, V4(192, 0, 2, 10));
	assert_v4(&f->dst, V4(198, 51, 100, 20));
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->sport, 51000);
	assert_int_equal(f->dport, 443);
	assert_int_equal(f->tcp_flags, 0x12);
	assert_int_equal(f->tos, 0x28);
	assert_int_equal(f->vlan, 100);
	assert_true(f->packets_raw == 1);
	assert_true(f->bytes_raw == 1522);
	assert_int_equal(f->sampling, 512);
	assert_true(f->packets == 512);
	assert_true(f->bytes == UINT64_C(1522) * 512);
	assert_true(f->first == NOW && f->last == NOW);
	assert_v4(&f->exporter, AGENT); /* the agent, not the UDP source */
	assert_int_equal(f->domain, 7);
	assert_int_equal(f->in_if, 3);
	assert_int_equal(f->out_if, 7);
	assert_int_equal(f->dir, LF_FLOW_DIR_INGRESS); /* source is the input */
	assert_int_equal(f->source, LF_FLOW_SRC_SFLOW);
	assert_int_equal(f->nexthop.af, 0);
	assert_int_equal(f->src_as, 0);
	assert_int_equal(f->flags, 0);
	assert_true(f->rev_bytes == 0 && f->rev_packets == 0);

	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->datagrams == 1);
	assert_true(n->flow_samples == 1);
	assert_true(n->flows == 1);
	assert_true(total_bad(n) == 0);
	assert_true(n->malformed_datagrams == 0);
	lf_sflow_free(c);
}

/* Expanded flow sample (ifIndex >= 2^24), IPv6 agent, raw IPv6 header,
 * sampled at the output: egress. */
static void test_header_ipv6_expanded(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head6(&w, 0, 1, 1000, 1);
	size_t s = flow_sample_x(&w, 1, 0, 0x01000002, 4096, 0, 0x01000001, 0,
				 0x01000002, 1);
	rec_header(&w, 12, 148, 0, RAW_V6_UDP, sizeof(RAW_V6_UDP));
	close_item(&w, s);
	dump("header_ipv6_expanded", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	const struct lf_flow *f = &g.f[0];
	assert_addr_str(&f->src, "2001:db8::1");
	assert_addr_str(&f->dst, "2001:db8:1::53");
	assert_addr_str(&f->exporter, "2001:db8::1");
	assert_int_equal(f->proto, 17);
	assert_int_equal(f->sport, 5353);
	assert_int_equal(f->dport, 53);
	assert_int_equal(f->in_if, 0x01000001);
	assert_int_equal(f->out_if, 0x01000002);
	assert_int_equal(f->dir, LF_FLOW_DIR_EGRESS);
	assert_true(f->bytes_raw == 148);
	assert_true(f->bytes == UINT64_C(148) * 4096);
	assert_true(f->packets == 4096);
	assert_int_equal(f->domain, 0);
	assert_int_equal(f->vlan, 0);
	lf_sflow_free(c);
}

/* Raw IPv4 header with ICMP: sport 0, dport = type << 8 | code. */
static void test_header_ipv4_icmp(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 1, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 5, 1, 5, 6, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	dump("header_ipv4_icmp", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_v4(&g.f[0].src, V4(10, 1, 2, 3));
	assert_v4(&g.f[0].dst, V4(10, 9, 8, 7));
	assert_int_equal(g.f[0].proto, 1);
	assert_int_equal(g.f[0].sport, 0);
	assert_int_equal(g.f[0].dport, 0x0800);
	assert_int_equal(g.f[0].sampling, 1);
	assert_true(g.f[0].bytes == 84 && g.f[0].packets == 1);
	lf_sflow_free(c);
}

/* sampled_ipv4 with extended switch, router and gateway, in an order that
 * puts the extended records first. */
static void test_ipv4_record_extended(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 2, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 9, 100, 4, 9, 4);
	rec_gateway(&w);
	rec_switch(&w, 200, 300);
	rec_router4(&w, V4(203, 0, 113, 1), 24, 16);
	rec_ipv4(&w, 40, 6, V4(203, 0, 113, 5), V4(192, 0, 2, 77), 80, 40000,
		 0x11, 0x10);
	close_item(&w, s);
	dump("ipv4_record_extended", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	const struct lf_flow *f = &g.f[0];
	assert_v4(&f->src, V4(203, 0, 113, 5));
	assert_v4(&f->dst, V4(192, 0, 2, 77));
	assert_int_equal(f->sport, 80);
	assert_int_equal(f->dport, 40000);
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->tcp_flags, 0x11);
	assert_int_equal(f->tos, 0x10);
	assert_int_equal(f->vlan, 200);
	assert_v4(&f->nexthop, V4(203, 0, 113, 1));
	assert_int_equal(f->src_mask, 24);
	assert_int_equal(f->dst_mask, 16);
	assert_int_equal(f->src_as, 64496);
	assert_int_equal(f->dst_as, 64503);
	assert_true(f->bytes_raw == 40); /* no header: the IP length */
	assert_true(f->bytes == 4000);
	assert_int_equal(f->dir, LF_FLOW_DIR_EGRESS);
	assert_true(lf_sflow_counters(c)->unknown_records == 0);
	lf_sflow_free(c);
}

/* sampled_ipv6 with ICMPv6 (type 128 code 0 as "ports") and a priority. */
static void test_ipv6_record(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 1, 10, 1, 2, 1);
	size_t r = open_item(&w, 4);
	u32(&w, 104);
	u32(&w, 58);
	raw(&w, RAW_V6_UDP + 8, 16);  /* 2001:db8::1 */
	raw(&w, RAW_V6_UDP + 24, 16); /* 2001:db8:1::53 */
	u32(&w, 128);
	u32(&w, 0);
	u32(&w, 0);
	u32(&w, 0xb8); /* priority (traffic class) */
	close_item(&w, r);
	close_item(&w, s);
	dump("ipv6_record", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_addr_str(&g.f[0].src, "2001:db8::1");
	assert_addr_str(&g.f[0].dst, "2001:db8:1::53");
	assert_int_equal(g.f[0].proto, 58);
	assert_int_equal(g.f[0].sport, 0);
	assert_int_equal(g.f[0].dport, 128 << 8);
	assert_int_equal(g.f[0].tos, 0xb8);
	assert_true(g.f[0].bytes == 1040);
	lf_sflow_free(c);
}

/* A header and a sampled_ipv4 in one sample: the header describes the
 * packet, the ipv4 record is ignored; the header's 58 bytes are padded to
 * 60 and the records after it still read. */
static void test_header_wins(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 3);
	rec_header(&w, 1, 1522, 4, ETH_V4_TCP, sizeof(ETH_V4_TCP)); /* +2 pad */
	rec_ipv4(&w, 40, 17, V4(1, 1, 1, 1), V4(2, 2, 2, 2), 1, 2, 0, 0);
	rec_switch(&w, 0, 0); /* VLAN 0: the header's tag stays */
	close_item(&w, s);
	dump("header_wins", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_v4(&g.f[0].src, V4(192, 0, 2, 10));
	assert_int_equal(g.f[0].proto, 6);
	assert_int_equal(g.f[0].vlan, 100);
	assert_true(g.f[0].bytes_raw == 1522);
	lf_sflow_free(c);
}

/* No IP packet: ARP in the header, an unsupported header protocol, only a
 * sampled_ethernet record. Counted, no flow. */
static void test_non_ip(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 3);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 1);
	rec_header(&w, 1, 64, 4, ETH_ARP, sizeof(ETH_ARP));
	close_item(&w, s);
	s = flow_sample(&w, 2, 1, 2, 1, 2, 1);
	rec_header(&w, 13 /* MPLS */, 64, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	s = flow_sample(&w, 3, 1, 2, 1, 2, 1);
	size_t r = open_item(&w, 2); /* sampled_ethernet */
	u32(&w, 64);
	raw(&w, ETH_ARP, 8); /* src mac, padded */
	raw(&w, ETH_ARP + 8, 8);
	u32(&w, 0x0806);
	close_item(&w, r);
	close_item(&w, s);
	dump("non_ip", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 0);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->flow_samples == 3);
	assert_true(n->non_ip == 3);
	assert_true(n->header_unsupported == 1);
	assert_true(n->header_undecoded == 1);
	assert_true(n->unknown_records == 1); /* sampled_ethernet */
	assert_true(n->flows == 0);
	lf_sflow_free(c);
}

/* Interface formats: discarded (1), several (2), the device itself. */
static void test_interface_formats(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 4);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 0x40000001 /* ACL drop */, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	s = flow_sample(&w, 2, 1, 2, 1, 0x80000007 /* 7 interfaces */, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	s = flow_sample(&w, 3, 1, 2, 0x3fffffff, 0x3fffffff, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	s = flow_sample_x(&w, 4, 0, 1, 2, 0, 0xffffffff, 1, 258, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	dump("interface_formats", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.f[0].in_if, 1);
	assert_int_equal(g.f[0].out_if, 0);
	assert_int_equal(g.f[0].dir, LF_FLOW_DIR_INGRESS);
	assert_int_equal(g.f[1].in_if, 1);
	assert_int_equal(g.f[1].out_if, 0);
	assert_int_equal(g.f[2].in_if, 0);
	assert_int_equal(g.f[2].out_if, 0);
	assert_int_equal(g.f[2].dir, LF_FLOW_DIR_UNKNOWN);
	assert_int_equal(g.f[3].in_if, 0);
	assert_int_equal(g.f[3].out_if, 0);
	assert_true(lf_sflow_counters(c)->discarded == 2);
	lf_sflow_free(c);
}

/* Counters samples, compact and expanded, with if_counters; an ethernet
 * counters record (0:2) next to it is skipped. */
static void test_counters(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 3, 1, 1000, 2);
	size_t s = open_item(&w, 2);
	u32(&w, 17);         /* sequence */
	u32(&w, 0x00000005); /* ifIndex 5 */
	u32(&w, 2);          /* records */
	size_t r = open_item(&w, 2); /* ethernet_counters: 13 words */
	for (int i = 0; i < 13; i++)
		u32(&w, (uint32_t)i);
	close_item(&w, r);
	r = open_item(&w, 1);
	u32(&w, 5);                          /* ifIndex */
	u32(&w, 6);                          /* ifType ethernetCsmacd */
	u64(&w, UINT64_C(10000000000));      /* ifSpeed */
	u32(&w, 1);                          /* full duplex */
	u32(&w, 3);                          /* admin and oper up */
	u64(&w, UINT64_C(0x123456789a));     /* ifInOctets */
	u32(&w, 1001);
	u32(&w, 1002);
	u32(&w, 1003);
	u32(&w, 1004);
	u32(&w, 1005);
	u32(&w, 1006);
	u64(&w, UINT64_C(0xfedcba9876));     /* ifOutOctets */
	u32(&w, 2001);
	u32(&w, 2002);
	u32(&w, 2003);
	u32(&w, 2004);
	u32(&w, 0xffffffff);                 /* ifOutErrors: unknown */
	u32(&w, 0);                          /* promiscuous */
	close_item(&w, r);
	close_item(&w, s);
	s = open_item(&w, 4);
	u32(&w, 9);
	u32(&w, 0);
	u32(&w, 0x02000000); /* ifIndex >= 2^24 */
	u32(&w, 1);
	r = open_item(&w, 1);
	u32(&w, 0x02000000);
	for (int i = 0; i < 21; i++)
		u32(&w, 0);
	close_item(&w, r);
	close_item(&w, s);
	dump("counters", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.nic, 2);
	const struct lf_sflow_ifc *ic = &g.ic[0];
	assert_v4(&ic->agent, AGENT);
	assert_int_equal(ic->sub_agent, 3);
	assert_int_equal(ic->source_type, 0);
	assert_int_equal(ic->source_index, 5);
	assert_int_equal(ic->seq, 17);
	assert_true(ic->time == NOW);
	assert_int_equal(ic->if_index, 5);
	assert_int_equal(ic->if_type, 6);
	assert_true(ic->if_speed == UINT64_C(10000000000));
	assert_int_equal(ic->if_direction, 1);
	assert_int_equal(ic->if_status, 3);
	assert_true(ic->in_octets == UINT64_C(0x123456789a));
	assert_int_equal(ic->in_ucast, 1001);
	assert_int_equal(ic->in_mcast, 1002);
	assert_int_equal(ic->in_bcast, 1003);
	assert_int_equal(ic->in_discards, 1004);
	assert_int_equal(ic->in_errors, 1005);
	assert_int_equal(ic->in_unknown_protos, 1006);
	assert_true(ic->out_octets == UINT64_C(0xfedcba9876));
	assert_int_equal(ic->out_ucast, 2001);
	assert_int_equal(ic->out_mcast, 2002);
	assert_int_equal(ic->out_bcast, 2003);
	assert_int_equal(ic->out_discards, 2004);
	assert_int_equal(ic->out_errors, 0xffffffff);
	assert_int_equal(ic->promiscuous, 0);
	assert_int_equal(g.ic[1].source_index, 0x02000000);
	assert_int_equal(g.ic[1].if_index, 0x02000000);

	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->counter_samples == 2);
	assert_true(n->if_counters == 2);
	assert_true(n->unknown_records == 1);
	assert_true(n->flow_samples == 0);
	lf_sflow_free(c);
}

/* Unknown sample types and records of other enterprises are skipped by
 * their length, and the samples after them decode. */
static void test_unknown_skipped(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 4);
	size_t s = open_item(&w, (4413u << 12) | 1); /* a vendor sample */
	u32(&w, 0xdeadbeef);
	u32(&w, 1); /* looks like a count; must not be read as one */
	u32(&w, 0xffffffff);
	close_item(&w, s);
	s = open_item(&w, 5); /* discarded-packet sample (0:5): skipped */
	u32(&w, 1);
	close_item(&w, s);
	s = flow_sample(&w, 1, 1, 2, 1, 2, 3);
	size_t r = open_item(&w, (9u << 12) | 1); /* enterprise 9, format 1 */
	u32(&w, 0xffffffff);
	u32(&w, 0xffffffff);
	close_item(&w, r);
	r = open_item(&w, 1004); /* extended_user: not decoded */
	u32(&w, 106);
	opaque(&w, "alice", 5);
	u32(&w, 106);
	opaque(&w, "", 0);
	close_item(&w, r);
	rec_ipv4(&w, 60, 17, V4(10, 0, 0, 1), V4(10, 0, 0, 2), 1000, 2000, 0,
		 0);
	close_item(&w, s);
	s = open_item(&w, (1u << 12) | 2); /* enterprise 1, format 2 */
	close_item(&w, s);
	dump("unknown_skipped", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.f[0].sport, 1000);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->unknown_samples == 3);
	assert_true(n->unknown_records == 2);
	assert_true(total_bad(n) == 0);
	lf_sflow_free(c);
}

/* A known record longer than the fields known is fine (structures grow at
 * the end, sflow_version_5.txt "Data Format"). */
static void test_extended_structure(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 2);
	size_t r = open_item(&w, 1001);
	u32(&w, 42);
	u32(&w, 0);
	u32(&w, 43);
	u32(&w, 0);
	u32(&w, 0xabcdef01); /* a field of a later revision */
	close_item(&w, r);
	rec_ipv4(&w, 40, 6, 1, 2, 3, 4, 0, 0);
	u32(&w, 0x99999999); /* a later field of the flow sample itself */
	close_item(&w, s);
	dump("extended_structure", &w);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.f[0].vlan, 42);
	assert_true(total_bad(lf_sflow_counters(c)) == 0);
	lf_sflow_free(c);
}

/* A header cut inside the ICMP header, whose record and sample also lack
 * the XDR padding at the very end of the datagram: the padding is
 * forgiven, and the whole IP header still gives a flow (ports 0). */
static void test_missing_pad_partial_header(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 1);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 1);
	size_t r = open_item(&w, 1);
	u32(&w, 11);
	u32(&w, 84);
	u32(&w, 0);
	u32(&w, 27);
	raw(&w, RAW_V4_ICMP, 27); /* no padding */
	close_item(&w, r);
	close_item(&w, s);
	assert_int_equal(w.n % 4, 3);

	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_v4(&g.f[0].src, V4(10, 1, 2, 3));
	assert_int_equal(g.f[0].proto, 1);
	assert_int_equal(g.f[0].dport, 0);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->headers.packets == 1);
	assert_true(n->headers.err[LF_PKT_E_TRUNC_L4] == 1);
	assert_true(n->header_undecoded == 0);
	lf_sflow_free(c);
}

/* ---- lying lengths and counts ------------------------------------------- */

/* Two good samples then one whose length runs past the datagram: the two
 * flows are out, the third is not, the kind is counted. */
static void test_sample_len_lies(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 3);
	for (uint32_t i = 0; i < 3; i++) {
		size_t s = flow_sample(&w, i + 1, 1, 2, 1, 2, 1);
		rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
		close_item(&w, s);
		if (i == 2)
			patch32(&w, s, (uint32_t)(w.n - s - 4 + 4));
	}
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_int_equal(g.n, 2);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->malformed[LF_SFLOW_BAD_SAMPLE_LEN] == 1);
	assert_true(n->malformed_datagrams == 1);
	assert_true(n->flows == 2);
	lf_sflow_free(c);
}

/* A record whose length runs past its sample drops that sample only; a
 * record count larger than the sample could hold likewise. */
static void test_record_len_and_count_lie(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 3);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 1);
	size_t r = w.n + 4;
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	patch32(&w, r, 1000); /* record length: past the sample */
	close_item(&w, s);
	s = flow_sample(&w, 2, 1, 2, 1, 2, 1000000); /* records: lies */
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	s = flow_sample(&w, 3, 1, 2, 1, 2, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	dump("record_len_lies", &w);

	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_int_equal(g.n, 1); /* the third sample */
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->malformed[LF_SFLOW_BAD_RECORD_LEN] == 1);
	assert_true(n->malformed[LF_SFLOW_BAD_RECORD_COUNT] == 1);
	assert_true(n->flow_samples == 3);
	assert_true(n->lost_samples == 0); /* the sequence was seen for all */
	lf_sflow_free(c);
}

/* The sample count of the datagram lies: nothing is decoded. */
static void test_sample_count_lies(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 0x40000000);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_int_equal(g.n, 0);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->malformed[LF_SFLOW_BAD_SAMPLE_COUNT] == 1);
	assert_true(n->datagrams == 1); /* the header itself was fine */

	/* one more sample than there is, but few enough to pass the bound:
	 * the first is decoded, the second runs off the end */
	dg_head(&w, AGENT, 0, 2, 1000, 2);
	s = flow_sample(&w, 2, 1, 2, 1, 2, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_int_equal(g.n, 1);
	assert_true(n->malformed[LF_SFLOW_BAD_SAMPLE_COUNT] == 1);
	assert_true(n->malformed[LF_SFLOW_BAD_SAMPLE_LEN] == 1);
	lf_sflow_free(c);
}

/* Fields inside records that lie: the header<> length, the AS path and
 * community counts, an AS path segment type, an address type, a port
 * above 65535, a VLAN above 4095; and sample fixed fields cut short. Each
 * drops its sample; the good sample after it is emitted. */
static void test_record_fields_lie(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	size_t s, r;

	for (int k = 0; k < 9; k++) {
		dg_head(&w, AGENT, 0, (uint32_t)k + 1, 1000, 2);
		s = flow_sample(&w, (uint32_t)k + 1, 1, 2, 1, 2, 2);
		switch (k) {
		case 0: /* header<> length past the record */
			r = w.n;
			rec_header(&w, 11, 84, 0, RAW_V4_ICMP,
				   sizeof(RAW_V4_ICMP));
			patch32(&w, r + 20, 29);
			break;
		case 1: /* AS path segment count lies */
			r = w.n;
			rec_gateway(&w);
			patch32(&w, r + 8 + 20, 1000);
			break;
		case 2: /* AS count in a segment lies */
			r = w.n;
			rec_gateway(&w);
			patch32(&w, r + 8 + 28, 1000);
			break;
		case 3: /* communities count lies */
			r = w.n;
			rec_gateway(&w);
			patch32(&w, r + 8 + 56, 1000);
			break;
		case 4: /* AS path segment type 3 */
			r = w.n;
			rec_gateway(&w);
			patch32(&w, r + 8 + 24, 3);
			break;
		case 5: /* next hop address type 3 */
			r = w.n;
			rec_router4(&w, V4(1, 2, 3, 4), 8, 8);
			patch32(&w, r + 8, 3);
			break;
		case 6: /* source port 65536 */
			rec_ipv4(&w, 40, 6, 1, 2, 65536, 80, 0, 0);
			break;
		case 7: /* VLAN 4096 */
			rec_switch(&w, 4096, 1);
			break;
		case 8: /* mask 129 */
			rec_router4(&w, V4(1, 2, 3, 4), 129, 8);
			break;
		}
		rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
		close_item(&w, s);
		s = flow_sample(&w, 100, 2, 2, 1, 2, 1);
		rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
		close_item(&w, s);
		g.n = 0;
		assert_int_equal(decode(c, &w, &g), LF_EMALF);
		assert_int_equal(g.n, 1);
	}
	assert_true(lf_sflow_counters(c)->malformed[LF_SFLOW_BAD_RECORD] == 9);

	/* a flow sample of 8 bytes, a counters sample of 4 */
	dg_head(&w, AGENT, 0, 20, 1000, 2);
	s = open_item(&w, 1);
	u32(&w, 1);
	u32(&w, 2);
	close_item(&w, s);
	s = open_item(&w, 2);
	u32(&w, 1);
	close_item(&w, s);
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_true(lf_sflow_counters(c)->malformed[LF_SFLOW_BAD_SAMPLE] == 2);
	lf_sflow_free(c);
}

/* Header cut short at every length, a bad agent address type, another
 * version, trailing bytes, a zero sampling rate. */
static void test_header_and_misc(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 0);
	size_t full = w.n;
	for (size_t k = 0; k < full; k++) {
		struct w t = w;
		t.n = k;
		int e = decode(c, &t, &g);
		assert_int_equal(e, LF_EMALF);
	}
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	assert_true(n->malformed[LF_SFLOW_BAD_HEADER] == full);
	assert_true(n->datagrams == 0);
	assert_int_equal(decode(c, &w, &g), 0);
	assert_true(n->datagrams == 1);

	patch32(&w, 4, 3); /* address type 3 */
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_true(n->malformed[LF_SFLOW_BAD_HEADER] == full + 1);

	dg_head(&w, AGENT, 0, 2, 1000, 0);
	patch32(&w, 0, 4); /* sFlow v4 */
	assert_int_equal(decode(c, &w, &g), LF_EUNSUP);
	assert_true(n->bad_version == 1);

	dg_head(&w, AGENT, 0, 3, 1000, 1);
	size_t s = flow_sample(&w, 1, 1, 0 /* rate 0 */, 1, 2, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	u32(&w, 0); /* trailing */
	g.n = 0;
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.f[0].sampling, 1);
	assert_true(g.f[0].bytes == 84);
	assert_true(n->malformed[LF_SFLOW_BAD_RATE] == 1);
	/* trailing bytes are counted only when nothing else was wrong */
	assert_true(n->malformed[LF_SFLOW_BAD_TRAILING] == 0);
	dg_head(&w, AGENT, 0, 4, 1000, 0);
	u32(&w, 0);
	assert_int_equal(decode(c, &w, &g), LF_EMALF);
	assert_true(n->malformed[LF_SFLOW_BAD_TRAILING] == 1);

	assert_int_equal(lf_sflow_decode(NULL, NULL, NOW, w.b, w.n, NULL, NULL),
			 -EINVAL);
	assert_int_equal(lf_sflow_decode(c, NULL, NOW, NULL, 4, NULL, NULL),
			 -EINVAL);
	assert_int_equal(lf_sflow_decode(c, NULL, NOW, NULL, 0, NULL, NULL),
			 LF_EMALF);
	lf_sflow_free(c);
}

/* A datagram with everything in it, cut at every byte and with every byte
 * flipped: never a crash (ASan), never more flows than the whole one, and
 * every proper prefix is malformed. */
static void test_truncate_and_flip(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	dg_head(&w, AGENT, 0, 1, 1000, 3);
	size_t s = flow_sample(&w, 1, 9, 100, 4, 9, 5);
	rec_header(&w, 1, 1522, 4, ETH_V4_TCP, sizeof(ETH_V4_TCP));
	rec_gateway(&w);
	rec_switch(&w, 200, 300);
	rec_router4(&w, V4(203, 0, 113, 1), 24, 16);
	rec_ipv4(&w, 40, 6, 1, 2, 3, 4, 0, 0);
	close_item(&w, s);
	s = flow_sample_x(&w, 2, 0, 5, 1, 0, 5, 0, 6, 1);
	rec_header(&w, 12, 148, 0, RAW_V6_UDP, sizeof(RAW_V6_UDP));
	close_item(&w, s);
	s = open_item(&w, 2);
	u32(&w, 1);
	u32(&w, 5);
	u32(&w, 1);
	size_t r = open_item(&w, 1);
	for (int i = 0; i < 22; i++)
		u32(&w, (uint32_t)i);
	close_item(&w, r);
	close_item(&w, s);
	dump("everything", &w);
	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.nic, 1);

	for (size_t k = 0; k < w.n; k++) {
		struct w t = w;
		t.n = k;
		g.n = 0;
		g.nic = 0;
		assert_int_equal(decode(c, &t, &g), LF_EMALF);
		assert_true(g.n <= 2);
	}
	for (size_t k = 0; k < w.n; k++) {
		for (int bit = 0; bit < 8; bit += 3) {
			struct w t = w;
			t.b[k] ^= (uint8_t)(1u << bit);
			g.n = 0;
			g.nic = 0;
			int e = decode(c, &t, &g);
			assert_true(e == 0 || e == LF_EMALF || e == LF_EUNSUP);
			assert_true(g.n <= 3);
		}
	}
	lf_sflow_free(c);
}

/* ---- sequence numbers ---------------------------------------------------- */

static int seq_dgram(struct lf_sflow_ctx *c, uint32_t agent, uint32_t sub,
		     uint32_t seq, uint32_t uptime)
{
	struct w w;
	dg_head(&w, agent, sub, seq, uptime, 0);
	return lf_sflow_decode(c, NULL, NOW, w.b, w.n, NULL, NULL);
}

static void test_datagram_seq(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);

	assert_int_equal(seq_dgram(c, AGENT, 0, 10, 100000), 0);
	assert_int_equal(seq_dgram(c, AGENT, 0, 11, 100100), 0);
	assert_true(n->lost_datagrams == 0);
	assert_int_equal(seq_dgram(c, AGENT, 0, 14, 100200), 0); /* 12, 13 */
	assert_true(n->lost_datagrams == 2);
	/* another sub-agent and another agent have their own numbers */
	assert_int_equal(seq_dgram(c, AGENT, 1, 500, 100200), 0);
	assert_int_equal(seq_dgram(c, AGENT + 1, 0, 900, 100200), 0);
	assert_int_equal(seq_dgram(c, AGENT, 1, 501, 100300), 0);
	assert_true(n->lost_datagrams == 2);
	/* duplicate and late: reorders, nothing lost, state kept */
	assert_int_equal(seq_dgram(c, AGENT, 0, 14, 100200), 0);
	assert_int_equal(seq_dgram(c, AGENT, 0, 13, 100150), 0);
	assert_true(n->seq_reorders == 2);
	assert_int_equal(seq_dgram(c, AGENT, 0, 15, 100300), 0);
	assert_true(n->lost_datagrams == 2);
	assert_true(n->seq_resets == 0);
	/* restart: uptime back by more than a minute, sequence from 1 */
	assert_int_equal(seq_dgram(c, AGENT, 0, 1, 500), 0);
	assert_true(n->seq_resets == 1);
	assert_int_equal(seq_dgram(c, AGENT, 0, 2, 600), 0);
	assert_true(n->lost_datagrams == 2);
	/* wrap of the sequence: 0xffffffff -> 0 is in order */
	assert_int_equal(seq_dgram(c, AGENT, 2, 0xfffffffe, 1000), 0);
	assert_int_equal(seq_dgram(c, AGENT, 2, 0xffffffff, 1001), 0);
	assert_int_equal(seq_dgram(c, AGENT, 2, 0, 1002), 0);
	assert_int_equal(seq_dgram(c, AGENT, 2, 2, 1003), 0); /* 1 lost */
	assert_true(n->lost_datagrams == 3);
	/* wrap of the uptime (49.7 days) is not a restart */
	assert_int_equal(seq_dgram(c, AGENT, 3, 7, 0xfffffff0), 0);
	assert_int_equal(seq_dgram(c, AGENT, 3, 8, 0x10), 0);
	assert_true(n->seq_resets == 1);
	/* a jump far ahead is a restart, not a billion lost datagrams */
	assert_int_equal(seq_dgram(c, AGENT, 3, 0x40000000, 0x20), 0);
	assert_true(n->seq_resets == 2);
	assert_true(n->lost_datagrams == 3);
	/* a restart within a minute of the last: three behind in a row */
	assert_int_equal(seq_dgram(c, AGENT, 4, 50, 40000), 0);
	assert_int_equal(seq_dgram(c, AGENT, 4, 1, 100), 0);
	assert_int_equal(seq_dgram(c, AGENT, 4, 2, 200), 0);
	assert_true(n->seq_resets == 2);
	assert_int_equal(seq_dgram(c, AGENT, 4, 3, 300), 0);
	assert_true(n->seq_resets == 3);
	assert_int_equal(seq_dgram(c, AGENT, 4, 4, 400), 0);
	assert_true(n->lost_datagrams == 3);
	assert_true(n->seq_reorders == 5);

	/* the agent view */
	assert_int_equal(lf_sflow_agent_count(c), 6);
	struct lf_sflow_agent a;
	assert_int_equal(lf_sflow_agent_get(c, 0, &a), 0);
	assert_v4(&a.addr, AGENT);
	assert_int_equal(a.sub_agent, 0);
	assert_true(a.datagrams == 8);
	assert_true(a.lost_datagrams == 2);
	assert_true(a.seq_resets == 1);
	assert_int_equal(a.last_seq, 2);
	assert_int_equal(a.last_uptime_ms, 600);
	assert_true(a.first_seen == NOW && a.last_seen == NOW);
	assert_int_equal(lf_sflow_agent_get(c, 1, &a), 0);
	assert_int_equal(a.sub_agent, 1);
	assert_int_equal(lf_sflow_agent_get(c, 2, &a), 0);
	assert_v4(&a.addr, AGENT + 1);
	assert_int_equal(lf_sflow_agent_get(c, 6, &a), LF_ENOENT);
	assert_true(n->agents == 6);
	lf_sflow_free(c);
}

/* Flow and counter samples are numbered per data source and per kind. */
static void test_sample_seq(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	struct w w;
	/* source 3: 10, 11, then 14 (two lost); source 4: 1; counters of
	 * source 3: 10 — its own numbering. */
	static const uint32_t src[] = {3, 3, 4, 3};
	static const uint32_t seq[] = {10, 11, 1, 14};
	dg_head(&w, AGENT, 0, 1, 1000, 5);
	for (int i = 0; i < 4; i++) {
		size_t s = flow_sample(&w, seq[i], src[i], 2, src[i], 1, 1);
		rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
		close_item(&w, s);
	}
	size_t s = open_item(&w, 2);
	u32(&w, 10);
	u32(&w, 3);
	u32(&w, 0);
	close_item(&w, s);
	dump("sample_seq", &w);
	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 4);
	assert_true(n->lost_samples == 2);
	assert_true(n->sources == 3);

	/* next datagram: counters of source 3 jump 10 -> 13, flows of source 4
	 * go on 1 -> 2; expanded form of source 3 is the same source */
	dg_head(&w, AGENT, 0, 2, 2000, 2);
	s = open_item(&w, 4);
	u32(&w, 13);
	u32(&w, 0);
	u32(&w, 3);
	u32(&w, 0);
	close_item(&w, s);
	s = flow_sample_x(&w, 15, 0, 3, 2, 0, 3, 0, 1, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	assert_int_equal(decode(c, &w, &g), 0);
	assert_true(n->lost_samples == 4);
	assert_true(n->sources == 3);
	assert_true(n->lost_datagrams == 0);

	struct lf_sflow_agent a;
	assert_int_equal(lf_sflow_agent_get(c, 0, &a), 0);
	assert_true(a.lost_samples == 4);
	assert_true(a.flow_samples == 5);
	assert_true(a.counter_samples == 2);
	assert_true(a.flows == 5);
	lf_sflow_free(c);
}

/* The tables stop at their caps, count it, and decoding goes on. */
static void test_caps(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 2, 3);
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	struct w w;
	for (uint32_t a = 0; a < 3; a++) {
		dg_head(&w, AGENT + a, 0, 1, 1000, 2);
		for (uint32_t k = 0; k < 2; k++) {
			size_t s = flow_sample(&w, 1, 10 + k, 2, 1, 2, 1);
			rec_header(&w, 11, 84, 0, RAW_V4_ICMP,
				   sizeof(RAW_V4_ICMP));
			close_item(&w, s);
		}
		assert_int_equal(decode(c, &w, &g), 0);
	}
	assert_int_equal(g.n, 6); /* every flow decoded */
	assert_true(n->agents == 2);
	assert_true(n->agents_capped == 1);
	assert_true(n->sources == 3);
	/* agent 2's second source and both of the untracked agent 3's */
	assert_true(n->sources_capped == 3);
	assert_int_equal(lf_sflow_agent_count(c), 2);
	lf_sflow_free(c);

	/* many agents: the index grows past its first size */
	c = ctx_with(&g, 1000, 0);
	n = lf_sflow_counters(c);
	for (uint32_t a = 0; a < 1200; a++)
		assert_int_equal(seq_dgram(c, V4(10, 0, 0, 0) + a, a & 1, 5, 9),
				 0);
	for (uint32_t a = 0; a < 1000; a++)
		assert_int_equal(seq_dgram(c, V4(10, 0, 0, 0) + a, a & 1, 7, 9),
				 0);
	assert_true(n->agents == 1000);
	assert_true(n->agents_capped == 200);
	assert_true(n->lost_datagrams == 1000); /* one (6) each, found again */
	struct lf_sflow_agent a;
	assert_int_equal(lf_sflow_agent_get(c, 999, &a), 0);
	assert_v4(&a.addr, V4(10, 0, 3, 231));
	assert_int_equal(a.sub_agent, 1);
	assert_true(a.datagrams == 2);
	lf_sflow_free(c);
}

/* Agent address "unknown": the UDP source stands in; without one, af 0. */
static void test_unknown_agent_address(void **state)
{
	(void)state;
	struct got g = {0};
	struct lf_sflow_ctx *c = ctx_with(&g, 0, 0);
	struct w w;
	w.n = 0;
	u32(&w, 5);
	u32(&w, 0); /* UNKNOWN: no address bytes */
	u32(&w, 1);
	u32(&w, 1);
	u32(&w, 1000);
	u32(&w, 1);
	size_t s = flow_sample(&w, 1, 1, 2, 1, 2, 1);
	rec_header(&w, 11, 84, 0, RAW_V4_ICMP, sizeof(RAW_V4_ICMP));
	close_item(&w, s);
	dump("unknown_agent", &w);
	assert_int_equal(decode(c, &w, &g), 0);
	assert_int_equal(g.n, 1);
	assert_v4(&g.f[0].exporter, V4(198, 18, 0, 1));
	assert_int_equal(g.f[0].domain, 1);
	assert_int_equal(lf_sflow_decode(c, NULL, NOW, w.b, w.n, on_flow, &g),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.f[1].exporter.af, 0);
	assert_int_equal(lf_sflow_agent_count(c), 2);
	lf_sflow_free(c);
}

static void test_misc_api(void **state)
{
	(void)state;
	struct lf_sflow_ctx *c = NULL;
	assert_int_equal(lf_sflow_new(NULL, NULL), -EINVAL);
	struct lf_sflow_cfg cfg = {.max_agents = (1u << 30) + 1};
	assert_int_equal(lf_sflow_new(&cfg, &c), -EINVAL);
	assert_null(c);
	assert_int_equal(lf_sflow_new(NULL, &c), 0);
	assert_int_equal(lf_sflow_agent_count(c), 0);
	lf_sflow_free(c);
	lf_sflow_free(NULL);
	assert_string_equal(lf_sflow_bad_name(LF_SFLOW_BAD_SAMPLE_LEN),
			    "sample_len");
	assert_string_equal(lf_sflow_bad_name(LF_SFLOW_BAD_MAX), "?");
	for (int i = 0; i < LF_SFLOW_BAD_MAX; i++)
		assert_true(strcmp(lf_sflow_bad_name((enum lf_sflow_bad)i),
				   "?") != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_ethernet),
		cmocka_unit_test(test_header_ipv6_expanded),
		cmocka_unit_test(test_header_ipv4_icmp),
		cmocka_unit_test(test_ipv4_record_extended),
		cmocka_unit_test(test_ipv6_record),
		cmocka_unit_test(test_header_wins),
		cmocka_unit_test(test_non_ip),
		cmocka_unit_test(test_interface_formats),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_unknown_skipped),
		cmocka_unit_test(test_extended_structure),
		cmocka_unit_test(test_missing_pad_partial_header),
		cmocka_unit_test(test_sample_len_lies),
		cmocka_unit_test(test_record_len_and_count_lie),
		cmocka_unit_test(test_sample_count_lies),
		cmocka_unit_test(test_record_fields_lie),
		cmocka_unit_test(test_header_and_misc),
		cmocka_unit_test(test_truncate_and_flip),
		cmocka_unit_test(test_datagram_seq),
		cmocka_unit_test(test_sample_seq),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_unknown_agent_address),
		cmocka_unit_test(test_misc_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
