/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/v9.c on hand-built NetFlow v9 packets (RFC 3954): header
 * and times (uptime-relative, across the 32-bit wrap), the count check,
 * template refresh and redefinition, data before its template (held, then
 * decoded with its own header's times), options templates and data —
 * sampler tables (the sampler id of a record looked up in the options
 * data, whatever the ids' widths), per-interface sampling and names,
 * the domain default —, sequence numbers (gaps, the 2^32 wrap, reorders,
 * restarts, reboots), zero tails and padding, reserved flowsets, and the
 * hostile cases other collectors got wrong: a data flowset running past
 * the packet (FastNetMon CVE-2026-48683), options templates whose scope
 * and option lengths lie (CVE-2026-48684) and a field longer than its
 * type (pmacct #934).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "nf/helper_nf.h"
#include "nf/nf.h"

#define NOW US(1700000000, 0)
#define SECS 1600000000u
#define UPTIME 100000u /* ms */

/* Template A: 35-byte records. */
static const struct fspec tmpl_a[] = {
	{8, 4, 0},  /* IP_SRC_ADDR */
	{12, 4, 0}, /* IP_DST_ADDR */
	{7, 2, 0},  /* L4_SRC_PORT */
	{11, 2, 0}, /* L4_DST_PORT */
	{4, 1, 0},  /* PROTOCOL */
	{6, 1, 0},  /* TCP_FLAGS */
	{1, 4, 0},  /* IN_BYTES */
	{2, 4, 0},  /* IN_PKTS */
	{22, 4, 0}, /* FIRST_SWITCHED */
	{21, 4, 0}, /* LAST_SWITCHED */
	{10, 2, 0}, /* INPUT_SNMP */
	{14, 2, 0}, /* OUTPUT_SNMP */
	{61, 1, 0}, /* DIRECTION */
};
#define NA (sizeof(tmpl_a) / sizeof(tmpl_a[0]))

static void rec_a(struct pb *p, uint32_t src, uint32_t dst, unsigned sport,
		  unsigned dport, uint32_t bytes, uint32_t first,
		  uint32_t last)
{
	pb_v4(p, src);
	pb_v4(p, dst);
	pb_u16(p, sport);
	pb_u16(p, dport);
	pb_u8(p, 6);
	pb_u8(p, 0x1b);
	pb_u32(p, bytes);
	pb_u32(p, bytes / 100 + 1);
	pb_u32(p, first);
	pb_u32(p, last);
	pb_u16(p, 3);
	pb_u16(p, 4);
	pb_u8(p, 1);
}

/* A packet: template A and a data flowset of n records. */
static void pkt_a(struct pb *p, unsigned count, uint32_t seq, uint32_t srcid,
		  int with_tmpl, unsigned n)
{
	size_t s;

	pb_init(p);
	pb_v9(p, count, UPTIME, SECS, seq, srcid);
	if (with_tmpl)
		pb_v9_tmpl(p, 256, tmpl_a, NA);
	s = pb_set(p, 256);
	for (unsigned i = 0; i < n; i++)
		rec_a(p, 0x0a000001 + i, 0xc0000201, 1024 + i, 80, 1000 * (i + 1),
		      UPTIME - 10000, UPTIME - 1000);
	pb_set_end(p, s);
}

static void test_basic(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;

	(void)state;
	pkt_a(&p, 3, 10, 7, 1, 2); /* count: 1 template + 2 records */
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);
	assert_true(addr_is(&k.f[0].src, "10.0.0.1"));
	assert_true(addr_is(&k.f[1].src, "10.0.0.2"));
	assert_true(addr_is(&k.f[0].dst, "192.0.2.1"));
	assert_int_equal(k.f[1].sport, 1025);
	assert_int_equal(k.f[0].dport, 80);
	assert_int_equal(k.f[0].proto, 6);
	assert_int_equal(k.f[0].tcp_flags, 0x1b);
	assert_int_equal(k.f[1].bytes_raw, 2000);
	assert_int_equal(k.f[1].packets_raw, 21);
	assert_int_equal(k.f[1].bytes, 2000);
	assert_int_equal(k.f[0].sampling, 1);
	assert_int_equal(k.f[0].in_if, 3);
	assert_int_equal(k.f[0].out_if, 4);
	assert_int_equal(k.f[0].dir, LF_FLOW_DIR_EGRESS);
	assert_int_equal(k.f[0].domain, 7);
	assert_int_equal(k.f[0].source, LF_FLOW_SRC_NF9);
	/* RFC 3954 §5.1: unix_secs − (sysUpTime − FIRST_SWITCHED) */
	assert_int_equal(k.f[0].first, US(SECS - 10, 0));
	assert_int_equal(k.f[0].last, US(SECS - 1, 0));
	assert_int_equal(cnt->templates_added, 1);
	assert_int_equal(cnt->datagrams[LF_NF_V9], 1);
	assert_int_equal(cnt->flows, 2);
	assert_int_equal(cnt->datagrams_bad, 0);

	/* count = flowsets (2) is fine too; 5 matches nothing */
	k.n = 0;
	pkt_a(&p, 2, 11, 7, 1, 2);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(cnt->templates_refreshed, 1);
	pkt_a(&p, 5, 12, 7, 1, 2);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_COUNT], 1);
	assert_int_equal(k.n, 4); /* decoded anyway */
	lf_nf_free(c);
}

/* First/last switched before the 32-bit uptime wrapped, after it, and a
 * little after the header's uptime (clock skew). */
static void test_uptime_wrap(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pb_init(&p);
	pb_v9(&p, 2, 1000, SECS, 1, 0); /* 1 s after the wrap */
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	s = pb_set(&p, 256);
	rec_a(&p, 1, 2, 1, 2, 100, 0xfffff000u, 500);
	rec_a(&p, 1, 2, 1, 2, 100, 900, 1200);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);
	/* 0xfffff000 is 4096 ms before the wrap, 5096 ms before the header */
	assert_int_equal(k.f[0].first, US(SECS - 6, 904000));
	assert_int_equal(k.f[0].last, US(SECS, 0) - 500000);
	assert_int_equal(k.f[1].first, US(SECS, 0) - 100000);
	assert_int_equal(k.f[1].last, US(SECS, 200000));
	lf_nf_free(c);
}

/* Data before its template: held, decoded (with the data packet's own
 * header times) when the template arrives. */
static void test_pending(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pkt_a(&p, 1, 1, 0, 0, 3);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->template_misses, 1);
	assert_int_equal(cnt->pending_held, 1);

	/* the template, 60 s later by the exporter's clock */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME + 60000, SECS + 60, 2, 0);
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 3);
	assert_int_equal(cnt->pending_decoded, 1);
	assert_int_equal(k.f[2].bytes_raw, 3000);
	assert_int_equal(k.f[0].first, US(SECS - 10, 0));
	/* nothing is held twice */
	k.n = 0;
	pb_init(&p);
	pb_v9(&p, 1, UPTIME + 60000, SECS + 60, 3, 0);
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 0);

	/* another source id does not release it */
	pkt_a(&p, 1, 1, 5, 0, 1);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 1, 6);
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 0);
	/* a template later in the same packet releases the data before it */
	pb_init(&p);
	pb_v9(&p, 2, UPTIME, SECS, 2, 9);
	s = pb_set(&p, 256);
	rec_a(&p, 9, 9, 9, 9, 900, UPTIME, UPTIME);
	pb_set_end(&p, s);
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].bytes_raw, 900);
	lf_nf_free(c);
}

/* A redefinition replaces the plan: the same id, new fields. */
static void test_replace(void **state)
{
	static const struct fspec b[] = {{12, 4, 0}, {8, 4, 0}, {2, 8, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pkt_a(&p, 2, 1, 0, 1, 1);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	pb_init(&p);
	pb_v9(&p, 2, UPTIME, SECS, 2, 0);
	pb_v9_tmpl(&p, 256, b, 3);
	s = pb_set(&p, 256);
	pb_v4(&p, 0x01020304);
	pb_v4(&p, 0x05060708);
	pb_u64(&p, 1ull << 40);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(cnt->templates_replaced, 1);
	assert_int_equal(cnt->templates_added, 1);
	assert_int_equal(k.n, 2);
	assert_true(addr_is(&k.f[1].dst, "1.2.3.4"));
	assert_true(addr_is(&k.f[1].src, "5.6.7.8"));
	assert_int_equal(k.f[1].packets_raw, 1ull << 40);
	/* no times in the template: the export time */
	assert_int_equal(k.f[1].first, US(SECS, 0));
	assert_int_equal(k.f[1].last, US(SECS, 0));
	lf_nf_free(c);
}

/* Options: a sampler table (FLOW_SAMPLER_ID 2 bytes in the options, 1
 * byte in the data records: the ids compare by value), the domain default
 * (options without a sampler id), a record's own SAMPLING_INTERVAL. */
static void test_sampler_table(void **state)
{
	static const struct fspec scope[] = {{1, 4, 0}}; /* System */
	static const struct fspec opt[] = {
		{48, 2, 0}, /* FLOW_SAMPLER_ID */
		{49, 1, 0}, /* FLOW_SAMPLER_MODE */
		{50, 4, 0}, /* FLOW_SAMPLER_RANDOM_INTERVAL */
	};
	static const struct fspec def[] = {{34, 4, 0}, {35, 1, 0}};
	static const struct fspec data[] = {
		{8, 4, 0}, {12, 4, 0}, {1, 4, 0}, {2, 4, 0}, {48, 1, 0},
	};
	static const struct fspec own[] = {
		{8, 4, 0}, {12, 4, 0}, {1, 4, 0}, {2, 4, 0}, {34, 4, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pb_init(&p);
	pb_v9(&p, 4, UPTIME, SECS, 1, 3);
	pb_v9_opt(&p, 300, scope, 1, opt, 3);
	pb_v9_tmpl(&p, 301, data, 5);
	s = pb_set(&p, 300);
	pb_u32(&p, 0); pb_u16(&p, 1); pb_u8(&p, 2); pb_u32(&p, 256);
	pb_u32(&p, 0); pb_u16(&p, 2); pb_u8(&p, 2); pb_u32(&p, 100);
	pb_set_end(&p, s);
	s = pb_set(&p, 301);
	for (unsigned id = 1; id <= 3; id++) {
		pb_v4(&p, 0x0a000000 + id);
		pb_v4(&p, 0x0a0000ff);
		pb_u32(&p, 1000);
		pb_u32(&p, 10);
		pb_u8(&p, id);
	}
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(cnt->options_records, 2);
	assert_int_equal(k.n, 3);
	assert_int_equal(k.f[0].sampling, 256);
	assert_int_equal(k.f[0].bytes, 256000);
	assert_int_equal(k.f[0].packets, 2560);
	assert_int_equal(k.f[0].bytes_raw, 1000);
	assert_int_equal(k.f[1].sampling, 100);
	assert_int_equal(k.f[2].sampling, 1); /* sampler 3: unknown */
	assert_int_equal(cnt->sampler_unknown, 1);

	/* a domain default: sampler 3 now falls back to it; the table
	 * still wins for 1 */
	k.n = 0;
	pb_init(&p);
	pb_v9(&p, 3, UPTIME, SECS, 2, 3);
	pb_v9_opt(&p, 302, scope, 1, def, 2);
	s = pb_set(&p, 302);
	pb_u32(&p, 0); pb_u32(&p, 10); pb_u8(&p, 1);
	pb_set_end(&p, s);
	s = pb_set(&p, 301);
	for (unsigned id = 1; id <= 3; id += 2) {
		pb_v4(&p, 0x0a000000 + id);
		pb_v4(&p, 0x0a0000ff);
		pb_u32(&p, 1000);
		pb_u32(&p, 10);
		pb_u8(&p, id);
	}
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.f[0].sampling, 256);
	assert_int_equal(k.f[1].sampling, 10);

	/* a record's own interval beats everything */
	k.n = 0;
	pb_init(&p);
	pb_v9(&p, 2, UPTIME, SECS, 3, 3);
	pb_v9_tmpl(&p, 303, own, 5);
	s = pb_set(&p, 303);
	pb_v4(&p, 1); pb_v4(&p, 2); pb_u32(&p, 7); pb_u32(&p, 1); pb_u32(&p, 64);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].sampling, 64);
	assert_int_equal(k.f[0].bytes, 448);
	lf_nf_free(c);
}

/* Options with an Interface scope: sampling per input interface, and
 * interface names (IF_NAME, NUL-padded in a fixed length). */
static void test_interface_options(void **state)
{
	static const struct fspec scope[] = {{2, 4, 0}}; /* Interface */
	static const struct fspec opt[] = {{34, 4, 0}, {82, 16, 0}};
	static const struct fspec data[] = {
		{8, 4, 0}, {12, 4, 0}, {1, 4, 0}, {10, 4, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	static struct pb p;
	static struct coll k;
	char name[32];
	size_t s;

	(void)state;
	pb_init(&p);
	pb_v9(&p, 4, UPTIME, SECS, 1, 0);
	pb_v9_opt(&p, 400, scope, 1, opt, 2);
	pb_v9_tmpl(&p, 401, data, 4);
	s = pb_set(&p, 400);
	pb_u32(&p, 5); pb_u32(&p, 1000); pb_bytes(&p, "Gi0/0/5\0\0\0\0\0\0\0\0\0", 16);
	pb_u32(&p, 6); pb_u32(&p, 0); pb_bytes(&p, "xe-1/\x01\0\0\0\0\0\0\0\0\0\0", 16);
	pb_set_end(&p, s);
	s = pb_set(&p, 401);
	pb_v4(&p, 1); pb_v4(&p, 2); pb_u32(&p, 10); pb_u32(&p, 5);
	pb_v4(&p, 1); pb_v4(&p, 2); pb_u32(&p, 10); pb_u32(&p, 6);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.f[0].sampling, 1000);
	assert_int_equal(k.f[0].bytes, 10000);
	assert_int_equal(k.f[1].sampling, 1); /* interval 0: unsampled */
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 5,
				      name, sizeof(name)),
			 7);
	assert_string_equal(name, "Gi0/0/5");
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 6,
				      name, sizeof(name)),
			 6);
	assert_string_equal(name, "xe-1/?");
	/* cut to the buffer */
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 5,
				      name, 4),
			 3);
	assert_string_equal(name, "Gi0");
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 10, 0, 5,
				      name, sizeof(name)),
			 LF_ENOENT);
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 5,
				      NULL, 4),
			 -EINVAL);
	lf_nf_free(c);
}

/* v9 counts export packets: gaps, the wrap, a late packet, a far jump, a
 * reboot (uptime back to near zero). */
static void test_sequence(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;

	(void)state;
	pkt_a(&p, 2, 0xfffffffeu, 0, 1, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	pkt_a(&p, 2, 0xffffffffu, 0, 1, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	pkt_a(&p, 2, 2, 0, 1, 1); /* 0 and 1 lost across the wrap */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->lost_packets, 2);
	assert_int_equal(cnt->lost_records, 0);
	pkt_a(&p, 2, 1, 0, 1, 1); /* late */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_reorders, 1);
	pkt_a(&p, 2, 3, 0, 1, 1); /* the expectation did not move */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	pkt_a(&p, 2, 3 + 10 * LF_NF_SEQ_WINDOW_PKTS, 0, 1, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_resets, 1);
	assert_int_equal(cnt->lost_packets, 2);

	/* reboot: uptime from 100 s to 2 s, sequence from 0 */
	pb_init(&p);
	pb_v9(&p, 0, 2000, SECS, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_resets, 2);
	assert_int_equal(cnt->lost_packets, 2);
	lf_nf_free(c);
}

/* Zero-filled tails and set padding are fine; garbage is not. */
static void test_tails(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pkt_a(&p, 2, 1, 0, 1, 2);
	pb_zero(&p, 37); /* zeros after the last flowset */
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);

	/* data flowset padded to 4 bytes: 2 × 35 + 4 = 74 → 2 zero bytes */
	k.n = 0;
	pb_init(&p);
	pb_v9(&p, 2, UPTIME, SECS, 2, 0);
	s = pb_set(&p, 256);
	rec_a(&p, 1, 2, 3, 4, 5, UPTIME, UPTIME);
	rec_a(&p, 1, 2, 3, 4, 5, UPTIME, UPTIME);
	pb_zero(&p, 2);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);

	/* a tail of 3 non-zero bytes, and a flowset header claiming 2 */
	pkt_a(&p, 2, 3, 0, 1, 1);
	pb_u8(&p, 1); pb_u8(&p, 2); pb_u8(&p, 3);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_TRAILING], 1);
	pkt_a(&p, 2, 4, 0, 1, 1);
	pb_u16(&p, 256); pb_u16(&p, 2); pb_u32(&p, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_SET_LENGTH], 1);
	/* template flowset padded with zeros */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 5, 0);
	s = pb_set(&p, 0);
	pb_u16(&p, 257); pb_u16(&p, 1); pb_field(&p, 8, 4);
	pb_zero(&p, 4);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->templates_added, 2);
	lf_nf_free(c);
}

/* Reserved flowset ids 2..255 are skipped by length. */
static void test_reserved_flowset(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pb_init(&p);
	pb_v9(&p, 9, UPTIME, SECS, 1, 0);
	s = pb_set(&p, 77);
	pb_u32(&p, 0xdeadbeef);
	pb_set_end(&p, s);
	pb_v9_tmpl(&p, 256, tmpl_a, NA);
	s = pb_set(&p, 256);
	rec_a(&p, 1, 2, 3, 4, 5, UPTIME, UPTIME);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(cnt->sets_skipped, 1);
	/* with a reserved flowset the count cannot be checked */
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_COUNT], 0);
	lf_nf_free(c);
}

/* Template records that lie. */
static void test_bad_templates(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	size_t s;

	(void)state;
	/* id below 256 */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 1, 0);
	pb_v9_tmpl(&p, 255, tmpl_a, NA);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	/* no fields */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 2, 0);
	s = pb_set(&p, 0);
	pb_u16(&p, 256); pb_u16(&p, 0);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	/* more fields than the flowset holds */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 3, 0);
	s = pb_set(&p, 0);
	pb_u16(&p, 256); pb_u16(&p, 100); pb_field(&p, 8, 4);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	/* only zero-length fields: a record would be empty */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 4, 0);
	s = pb_set(&p, 0);
	pb_u16(&p, 256); pb_u16(&p, 2); pb_field(&p, 8, 0); pb_field(&p, 12, 0);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	/* fields adding up past what a flowset can hold */
	pb_init(&p);
	pb_v9(&p, 1, UPTIME, SECS, 5, 0);
	s = pb_set(&p, 0);
	pb_u16(&p, 256); pb_u16(&p, 2); pb_field(&p, 100, 40000);
	pb_field(&p, 101, 40000);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_TEMPLATE], 5);
	assert_int_equal(cnt->templates_added, 0);
	lf_nf_free(c);
}

/*
 * FastNetMon CVE-2026-48683: a data flowset whose length runs past the
 * packet. The flowsets before it are decoded; nothing is read past the
 * datagram (ASan watches the exact-size copy).
 */
static void test_cve_data_past_packet(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pkt_a(&p, 3, 1, 0, 1, 1);
	s = pb_set(&p, 256);
	rec_a(&p, 1, 2, 3, 4, 5, UPTIME, UPTIME);
	pb_set_end(&p, s);
	pb_put16(&p, s + 2, 4 + 35 * 100); /* claims 100 records */
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 1);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_SET_LENGTH], 1);
	/* one byte past */
	k.n = 0;
	pkt_a(&p, 1, 2, 0, 0, 2);
	pb_put16(&p, 20 + 2, 4 + 70 + 1);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_SET_LENGTH], 2);
	lf_nf_free(c);
}

/*
 * FastNetMon CVE-2026-48684: options templates whose scope and option
 * lengths run past the flowset, or are not multiples of 4.
 */
static void test_cve_options_lengths(void **state)
{
	static const unsigned bad[][2] = {
		{4, 400}, {400, 4}, {0xfffc, 0xfffc}, {2, 8}, {4, 6}, {0, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t s;

		pb_init(&p);
		pb_v9(&p, 1, UPTIME, SECS, (uint32_t)i, 0);
		s = pb_set(&p, 1);
		pb_u16(&p, 300);
		pb_u16(&p, bad[i][0]);
		pb_u16(&p, bad[i][1]);
		pb_field(&p, 1, 4);
		pb_field(&p, 34, 4);
		pb_field(&p, 35, 1);
		pb_set_end(&p, s);
		assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	}
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_TEMPLATE],
			 sizeof(bad) / sizeof(bad[0]));
	assert_int_equal(cnt->templates_added, 0);
	lf_nf_free(c);
}

/*
 * pmacct #934: fields longer than their type — a 16-byte IP_SRC_ADDR, an
 * 8-byte L4_SRC_PORT. Each is counted and skipped by its length; the rest
 * of the record decodes at the right offsets.
 */
static void test_field_too_long(void **state)
{
	static const struct fspec f[] = {
		{8, 16, 0}, {12, 4, 0}, {7, 8, 0}, {11, 2, 0}, {1, 4, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t s;

	(void)state;
	pb_init(&p);
	pb_v9(&p, 2, UPTIME, SECS, 1, 0);
	pb_v9_tmpl(&p, 256, f, 5);
	s = pb_set(&p, 256);
	pb_v6(&p, "2001:db8::1");
	pb_v4(&p, 0xc0000202);
	pb_u64(&p, 0x1122334455667788ull);
	pb_u16(&p, 443);
	pb_u32(&p, 1234);
	pb_set_end(&p, s);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_FIELD_LENGTH], 2);
	assert_int_equal(cnt->templates_added, 1);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].src.af, 0);
	assert_true(addr_is(&k.f[0].dst, "192.0.2.2"));
	assert_int_equal(k.f[0].sport, 0);
	assert_int_equal(k.f[0].dport, 443);
	assert_int_equal(k.f[0].bytes_raw, 1234);
	lf_nf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_uptime_wrap),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_sampler_table),
		cmocka_unit_test(test_interface_options),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_tails),
		cmocka_unit_test(test_reserved_flowset),
		cmocka_unit_test(test_bad_templates),
		cmocka_unit_test(test_cve_data_past_packet),
		cmocka_unit_test(test_cve_options_lengths),
		cmocka_unit_test(test_field_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
