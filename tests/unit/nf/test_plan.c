/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/plan.c: what a record becomes, on hand-built IPFIX
 * messages — variable-length fields (1- and 3-byte lengths, zero length,
 * lengths running past the set), reduced-size encoding, zero-length
 * fields, enterprise elements skipped by length (fixed and variable), the
 * lengths a type forbids, RFC 5103 biflows and initiator/responder
 * counters, counter preference, every time representation (seconds,
 * milliseconds, NTP µs and ns, deltas, uptimes against an init time from
 * options data or from the record, neither, observation times, the
 * 32-bit uptime wrap), the sampling rate in force (PSAMP systematic and
 * random, probability, selector ids, domain default), ICMP type/code,
 * VLANs, direction, next hops, end reasons, records without addresses,
 * set padding.
 */
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
#define ETIME 1600000000u
#define NTP_OFF 2208988800u

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct pb p;
static struct coll k;
static size_t msg_at, set_at;

/* Message helpers: begin, a template, a data set, end + decode. */
static void begin(uint32_t odid)
{
	pb_init(&p);
	msg_at = p.n;
	pb_ipfix(&p, ETIME, 0, odid);
}

static void data_begin(unsigned tid)
{
	set_at = pb_set(&p, tid);
}

static void data_end(void)
{
	pb_set_end(&p, set_at);
}

static int end(struct lf_nf_ctx *c)
{
	pb_ipfix_end(&p, msg_at);
	k.n = 0;
	return dec(c, &p, NOW, &k);
}

static void test_varlen(void **state)
{
	static const struct fspec f[] = {
		{8, 4, 0}, {82, 65535, 0}, {12, 4, 0}, {7, 2, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	uint8_t big[300];

	(void)state;
	memset(big, 'x', sizeof(big));
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	data_begin(256);
	pb_v4(&p, 0x0a000001); pb_u8(&p, 5); pb_bytes(&p, "eth0a", 5);
	pb_v4(&p, 0x0a000002); pb_u16(&p, 1001);
	pb_v4(&p, 0x0a000003); pb_u8(&p, 255); pb_u16(&p, 300);
	pb_bytes(&p, big, 300);
	pb_v4(&p, 0x0a000004); pb_u16(&p, 1002);
	pb_v4(&p, 0x0a000005); pb_u8(&p, 0); /* zero length */
	pb_v4(&p, 0x0a000006); pb_u16(&p, 1003);
	pb_u8(&p, 0); /* padding: shorter than the shortest record (11) */
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 3);
	assert_true(addr_is(&k.f[0].dst, "10.0.0.2"));
	assert_int_equal(k.f[0].sport, 1001);
	assert_true(addr_is(&k.f[1].src, "10.0.0.3"));
	assert_true(addr_is(&k.f[1].dst, "10.0.0.4"));
	assert_int_equal(k.f[1].sport, 1002);
	assert_int_equal(k.f[2].sport, 1003);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_VARLEN], 0);

	/* a length past the set: the records before it stand */
	begin(0);
	data_begin(256);
	pb_v4(&p, 1); pb_u8(&p, 0); pb_v4(&p, 2); pb_u16(&p, 7);
	pb_v4(&p, 1); pb_u8(&p, 200); pb_bytes(&p, big, 20);
	data_end();
	assert_int_equal(end(c), LF_EMALF);
	assert_int_equal(k.n, 1);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_VARLEN], 1);
	/* a 3-byte length cut after its first length byte */
	begin(0);
	pb_ipfix_tmpl(&p, 257, f, 2);
	data_begin(257);
	pb_v4(&p, 1); pb_u8(&p, 1); pb_u8(&p, 'a');
	pb_v4(&p, 2); pb_u8(&p, 255);
	data_end();
	assert_int_equal(end(c), LF_EMALF);
	assert_int_equal(k.n, 1);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_VARLEN], 2);
	lf_nf_free(c);
}

/* Interface names in variable-length options data (scope: ingress
 * interface). */
static void test_varlen_ifname(void **state)
{
	static const struct fspec f[] = {{10, 4, 0}, {82, 65535, 0},
					 {83, 65535, 0}};
	struct lf_nf_ctx *c = ctx_new();
	char name[80];
	uint8_t longname[100];

	(void)state;
	memset(longname, 'n', sizeof(longname));
	begin(3);
	pb_ipfix_opt(&p, 300, f, N(f), 1);
	data_begin(300);
	pb_u32(&p, 7); pb_u8(&p, 4); pb_bytes(&p, "ge-0", 4);
	pb_u8(&p, 6); pb_bytes(&p, "uplink", 6);
	pb_u32(&p, 8); pb_u8(&p, 0); pb_u8(&p, 4); pb_bytes(&p, "desc", 4);
	pb_u32(&p, 9); pb_u8(&p, 100); pb_bytes(&p, longname, 100);
	pb_u8(&p, 0);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 10, 3, 7,
				      name, sizeof(name)),
			 4);
	assert_string_equal(name, "ge-0");
	/* an empty ifName: the description is used */
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 10, 3, 8,
				      name, sizeof(name)),
			 4);
	assert_string_equal(name, "desc");
	/* cut to 63 */
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 10, 3, 9,
				      name, sizeof(name)),
			 63);
	lf_nf_free(c);
}

/* RFC 7011 §6.2 reduced-size encoding; zero-length fields. */
static void test_reduced_size(void **state)
{
	static const struct fspec f[] = {
		{8, 4, 0}, {12, 4, 0},
		{1, 2, 0},  /* octetDeltaCount in 2 */
		{2, 1, 0},  /* packetDeltaCount in 1 */
		{10, 2, 0}, /* ingressInterface in 2 */
		{14, 3, 0}, /* egressInterface in 3 */
		{16, 2, 0}, /* bgpSourceAsNumber in 2 */
		{6, 2, 0},  /* tcpControlBits: 2 in IPFIX */
		{7, 0, 0},  /* absent */
		{17, 0, 0},
		{150, 3, 0}, /* flowStartSeconds in 3: 1970 */
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	data_begin(256);
	pb_v4(&p, 1); pb_v4(&p, 2);
	pb_u16(&p, 65000); pb_u8(&p, 200); pb_u16(&p, 513);
	pb_u8(&p, 1); pb_u16(&p, 2); /* 0x010002 */
	pb_u16(&p, 64512); pb_u16(&p, 0x0112);
	pb_u8(&p, 0); pb_u16(&p, 3600);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].bytes_raw, 65000);
	assert_int_equal(k.f[0].packets_raw, 200);
	assert_int_equal(k.f[0].in_if, 513);
	assert_int_equal(k.f[0].out_if, 0x010002);
	assert_int_equal(k.f[0].src_as, 64512);
	assert_int_equal(k.f[0].tcp_flags, 0x12);
	assert_int_equal(k.f[0].sport, 0);
	assert_int_equal(k.f[0].first, US(3600, 0));
	assert_int_equal(cnt->malformed[LF_NF_MALF_FIELD_LENGTH], 0);
	lf_nf_free(c);
}

/* Lengths a type does not allow: counted, skipped, the rest decodes. */
static void test_forbidden_lengths(void **state)
{
	static const struct fspec f[] = {
		{27, 4, 0},      /* IPv6 address in 4 */
		{8, 5, 0},       /* IPv4 address in 5 */
		{1, 9, 0},       /* unsigned64 in 9 */
		{154, 4, 0},     /* NTP timestamp in 4 */
		{2, 65535, 0},   /* a counter of variable length */
		{311, 2, 0},     /* float in 2 */
		{12, 4, 0},
		{11, 2, 0},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	data_begin(256);
	pb_v4(&p, 0xffffffff);
	pb_u8(&p, 1); pb_u32(&p, 0xffffffff);
	pb_u8(&p, 1); pb_u64(&p, 1);
	pb_u32(&p, 1);
	pb_u8(&p, 3); pb_u8(&p, 1); pb_u16(&p, 2);
	pb_u16(&p, 0x3c00);
	pb_v4(&p, 0xc0000207);
	pb_u16(&p, 8080);
	data_end();
	assert_int_equal(end(c), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_FIELD_LENGTH], 6);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].src.af, 0);
	assert_true(addr_is(&k.f[0].dst, "192.0.2.7"));
	assert_int_equal(k.f[0].dport, 8080);
	assert_int_equal(k.f[0].bytes_raw, 0);
	assert_int_equal(k.f[0].packets_raw, 0);
	lf_nf_free(c);
}

/* Enterprise elements of any PEN are skipped by length. */
static void test_enterprise(void **state)
{
	static const struct fspec f[] = {
		{8, 4, 0},
		{100, 4, 9},          /* Cisco, unknown here */
		{12, 4, 0},
		{1, 8, 2636},         /* an enterprise "octetDeltaCount" */
		{2, 4, 0},
		{999, 2, 29305},      /* an unknown reverse element */
		{7, 2, 0},
	};
	static const struct fspec g[] = {
		{8, 4, 0}, {18, 65535, 6871}, {12, 4, 0}, {7, 2, 0},
	};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	pb_ipfix_tmpl(&p, 257, g, N(g));
	data_begin(256);
	pb_v4(&p, 1); pb_u32(&p, 0xdddddddd); pb_v4(&p, 2);
	pb_u64(&p, 77777); pb_u32(&p, 9); pb_u16(&p, 0xeeee); pb_u16(&p, 22);
	data_end();
	data_begin(257);
	pb_v4(&p, 3); pb_u8(&p, 3); pb_bytes(&p, "abc", 3); pb_v4(&p, 4);
	pb_u16(&p, 23);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 2);
	assert_true(addr_is(&k.f[0].dst, "0.0.0.2"));
	assert_int_equal(k.f[0].bytes_raw, 0);
	assert_int_equal(k.f[0].packets_raw, 9);
	assert_int_equal(k.f[0].sport, 22);
	assert_int_equal(k.f[0].rev_bytes, 0);
	assert_int_equal(k.f[0].flags & LF_FLOW_F_BIFLOW, 0);
	assert_true(addr_is(&k.f[1].dst, "0.0.0.4"));
	assert_int_equal(k.f[1].sport, 23);
	lf_nf_free(c);
}

/* RFC 5103 reverse counters, and initiator/responder counters. */
static void test_biflow(void **state)
{
	static const struct fspec f[] = {
		{8, 4, 0}, {12, 4, 0}, {1, 8, 0}, {2, 8, 0},
		{1, 8, 29305}, {2, 4, 29305},
	};
	static const struct fspec g[] = {
		{8, 4, 0}, {12, 4, 0}, {231, 4, 0}, {232, 4, 0}, {298, 4, 0},
		{299, 4, 0},
	};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	pb_ipfix_tmpl(&p, 257, g, N(g));
	data_begin(256);
	pb_v4(&p, 1); pb_v4(&p, 2); pb_u64(&p, 1000); pb_u64(&p, 10);
	pb_u64(&p, 5000); pb_u32(&p, 12);
	data_end();
	data_begin(257);
	pb_v4(&p, 1); pb_v4(&p, 2); pb_u32(&p, 300); pb_u32(&p, 400);
	pb_u32(&p, 3); pb_u32(&p, 4);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.f[0].bytes_raw, 1000);
	assert_int_equal(k.f[0].packets_raw, 10);
	assert_int_equal(k.f[0].rev_bytes, 5000);
	assert_int_equal(k.f[0].rev_packets, 12);
	assert_int_equal(k.f[0].flags, LF_FLOW_F_BIFLOW);
	assert_int_equal(k.f[1].bytes_raw, 300);
	assert_int_equal(k.f[1].rev_bytes, 400);
	assert_int_equal(k.f[1].packets_raw, 3);
	assert_int_equal(k.f[1].rev_packets, 4);
	assert_int_equal(k.f[1].flags, LF_FLOW_F_BIFLOW);
	lf_nf_free(c);
}

/* Delta before total before initiator before post-*. */
static void test_counter_preference(void **state)
{
	static const struct fspec a[] = {{8, 4, 0}, {85, 4, 0}, {1, 4, 0},
					 {86, 4, 0}, {2, 4, 0}};
	static const struct fspec b[] = {{8, 4, 0}, {23, 4, 0}, {171, 4, 0},
					 {172, 4, 0}};
	static const struct fspec d[] = {{8, 4, 0}, {171, 4, 0}, {24, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, a, N(a));
	pb_ipfix_tmpl(&p, 257, b, N(b));
	pb_ipfix_tmpl(&p, 258, d, N(d));
	data_begin(256);
	pb_v4(&p, 1); pb_u32(&p, 9999); pb_u32(&p, 100); pb_u32(&p, 99);
	pb_u32(&p, 1);
	data_end();
	data_begin(257);
	pb_v4(&p, 1); pb_u32(&p, 200); pb_u32(&p, 9999); pb_u32(&p, 2);
	data_end();
	data_begin(258);
	pb_v4(&p, 1); pb_u32(&p, 300); pb_u32(&p, 3);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 3);
	assert_int_equal(k.f[0].bytes_raw, 100);
	assert_int_equal(k.f[0].packets_raw, 1);
	assert_int_equal(k.f[1].bytes_raw, 200);
	assert_int_equal(k.f[1].packets_raw, 2);
	assert_int_equal(k.f[2].bytes_raw, 300);
	assert_int_equal(k.f[2].packets_raw, 3);
	lf_nf_free(c);
}

/* One template per time representation; each record's times. */
static void test_times(void **state)
{
	static const struct fspec ts[] = {{8, 4, 0}, {150, 4, 0}, {151, 4, 0}};
	static const struct fspec tms[] = {{8, 4, 0}, {152, 8, 0}, {153, 8, 0}};
	static const struct fspec tus[] = {{8, 4, 0}, {154, 8, 0}, {155, 8, 0}};
	static const struct fspec tns[] = {{8, 4, 0}, {156, 8, 0}, {157, 8, 0}};
	static const struct fspec tdl[] = {{8, 4, 0}, {158, 4, 0}, {159, 4, 0}};
	static const struct fspec tup[] = {{8, 4, 0}, {22, 4, 0}, {21, 4, 0}};
	static const struct fspec tupi[] = {{8, 4, 0}, {160, 8, 0}, {22, 4, 0},
					    {21, 4, 0}};
	static const struct fspec tobs[] = {{8, 4, 0}, {323, 8, 0}};
	static const struct fspec tnone[] = {{8, 4, 0}};
	static const struct fspec tboth[] = {{8, 4, 0}, {150, 4, 0},
					     {152, 8, 0}};
	static const struct fspec tstart[] = {{8, 4, 0}, {152, 8, 0},
					      {324, 8, 0}};
	static const struct fspec opt[] = {{149, 4, 0}, {160, 8, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const uint64_t ntp = (uint64_t)(ETIME + NTP_OFF) << 32;

	(void)state;
	/* uptimes with no init time known: end at export, duration kept */
	begin(1);
	pb_ipfix_tmpl(&p, 261, tup, N(tup));
	data_begin(261);
	pb_v4(&p, 1); pb_u32(&p, 5000); pb_u32(&p, 7500);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.f[0].first, US(ETIME - 3, 500000));
	assert_int_equal(k.f[0].last, US(ETIME, 0));

	begin(1);
	pb_ipfix_tmpl(&p, 256, ts, N(ts));
	pb_ipfix_tmpl(&p, 257, tms, N(tms));
	pb_ipfix_tmpl(&p, 258, tus, N(tus));
	pb_ipfix_tmpl(&p, 259, tns, N(tns));
	pb_ipfix_tmpl(&p, 260, tdl, N(tdl));
	pb_ipfix_tmpl(&p, 262, tupi, N(tupi));
	pb_ipfix_tmpl(&p, 263, tobs, N(tobs));
	pb_ipfix_tmpl(&p, 264, tnone, N(tnone));
	pb_ipfix_tmpl(&p, 265, tboth, N(tboth));
	pb_ipfix_tmpl(&p, 266, tstart, N(tstart));
	/* system init time by options data: ETIME − 1000 s */
	pb_ipfix_opt(&p, 300, opt, N(opt), 1);
	data_begin(300);
	pb_u32(&p, 1); pb_u64(&p, (uint64_t)(ETIME - 1000) * 1000);
	data_end();
	data_begin(256);
	pb_v4(&p, 1); pb_u32(&p, ETIME - 60); pb_u32(&p, ETIME - 30);
	data_end();
	data_begin(257);
	pb_v4(&p, 1); pb_u64(&p, (uint64_t)ETIME * 1000 - 1234);
	pb_u64(&p, (uint64_t)ETIME * 1000 - 1);
	data_end();
	data_begin(258); /* NTP: .5 s and .25 s + 1 fraction step */
	pb_v4(&p, 1); pb_u64(&p, ntp | 0x80000000u); pb_u64(&p, ntp + (1u << 30));
	data_end();
	data_begin(259);
	pb_v4(&p, 1); pb_u64(&p, ntp - (1ull << 32) + 0x10000000u);
	pb_u64(&p, ntp);
	data_end();
	data_begin(260); /* deltas in µs before the export time */
	pb_v4(&p, 1); pb_u32(&p, 3000000); pb_u32(&p, 250);
	data_end();
	data_begin(261); /* uptimes: now against the init time */
	pb_v4(&p, 1); pb_u32(&p, 5000); pb_u32(&p, 7500);
	data_end();
	data_begin(262); /* the record's own init time wins */
	pb_v4(&p, 1); pb_u64(&p, (uint64_t)(ETIME - 10) * 1000);
	pb_u32(&p, 1000); pb_u32(&p, 2000);
	data_end();
	data_begin(263); /* observation time only */
	pb_v4(&p, 1); pb_u64(&p, (uint64_t)ETIME * 1000 - 700);
	data_end();
	data_begin(264); /* nothing: the export time */
	pb_v4(&p, 1);
	data_end();
	data_begin(265); /* ms beats s */
	pb_v4(&p, 1); pb_u32(&p, 1); pb_u64(&p, 2000);
	data_end();
	data_begin(266); /* start only, observation after it as the end */
	pb_v4(&p, 1); pb_u64(&p, (uint64_t)ETIME * 1000 - 5000);
	pb_u64(&p, ntp);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 11);
	assert_int_equal(k.f[0].first, US(ETIME - 60, 0));
	assert_int_equal(k.f[0].last, US(ETIME - 30, 0));
	assert_int_equal(k.f[1].first, US(ETIME - 2, 766000));
	assert_int_equal(k.f[1].last, US(ETIME - 1, 999000));
	assert_int_equal(k.f[2].first, US(ETIME, 500000));
	assert_int_equal(k.f[2].last, US(ETIME, 250000));
	/* 0x10000000 / 2^32 s = 1/16 s */
	assert_int_equal(k.f[3].first, US(ETIME - 1, 62500));
	assert_int_equal(k.f[3].last, US(ETIME, 0));
	assert_int_equal(k.f[4].first, US(ETIME - 3, 0));
	assert_int_equal(k.f[4].last, US(ETIME, 0) - 250);
	assert_int_equal(k.f[5].first, US(ETIME - 1000 + 5, 0));
	assert_int_equal(k.f[5].last, US(ETIME - 1000 + 7, 500000));
	assert_int_equal(k.f[6].first, US(ETIME - 9, 0));
	assert_int_equal(k.f[6].last, US(ETIME - 8, 0));
	assert_int_equal(k.f[7].first, US(ETIME - 1, 300000));
	assert_int_equal(k.f[7].last, US(ETIME - 1, 300000));
	assert_int_equal(k.f[8].first, US(ETIME, 0));
	assert_int_equal(k.f[8].last, US(ETIME, 0));
	assert_int_equal(k.f[9].first, US(2, 0));
	assert_int_equal(k.f[9].last, US(2, 0));
	assert_int_equal(k.f[10].first, US(ETIME - 5, 0));
	assert_int_equal(k.f[10].last, US(ETIME, 0));
	lf_nf_free(c);
}

/* flowStartSysUpTime is 32-bit: on a device up for 60 days it wrapped;
 * the instance closest to the export time is taken. */
static void test_uptime_wrap(void **state)
{
	static const struct fspec tup[] = {{8, 4, 0}, {160, 8, 0}, {22, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const uint64_t init_ms = ((uint64_t)ETIME - 60 * 86400) * 1000;
	/* one hour before export, in uptime ms modulo 2^32 */
	const uint64_t up = (60 * 86400 - 3600) * 1000ull;

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, tup, N(tup));
	data_begin(256);
	pb_v4(&p, 1); pb_u64(&p, init_ms); pb_u32(&p, (uint32_t)up);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.f[0].first, US(ETIME - 3600, 0));
	lf_nf_free(c);
}

/* Sampling: PSAMP systematic (interval, space), random n-of-N, a
 * probability, per selector id; the domain default from options data
 * without a selector; a record's own interval. */
static void test_sampling(void **state)
{
	static const struct fspec sys[] = {{302, 8, 0}, {305, 4, 0},
					   {306, 4, 0}};
	static const struct fspec rnd[] = {{302, 4, 0}, {309, 4, 0},
					   {310, 4, 0}};
	static const struct fspec prob[] = {{302, 2, 0}, {311, 8, 0}};
	static const struct fspec prob4[] = {{302, 1, 0}, {311, 4, 0}};
	static const struct fspec def[] = {{149, 4, 0}, {34, 4, 0}};
	static const struct fspec data[] = {{8, 4, 0}, {1, 4, 0}, {2, 4, 0},
					    {302, 4, 0}};
	static const struct fspec own[] = {{8, 4, 0}, {1, 4, 0}, {305, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	double pr = 0.001;
	float pr4 = 0.25f;
	uint64_t bits;
	uint32_t bits4;

	(void)state;
	memcpy(&bits, &pr, 8);
	memcpy(&bits4, &pr4, 4);
	begin(5);
	pb_ipfix_opt(&p, 300, sys, N(sys), 1);
	pb_ipfix_opt(&p, 301, rnd, N(rnd), 1);
	pb_ipfix_opt(&p, 302, prob, N(prob), 1);
	pb_ipfix_opt(&p, 303, prob4, N(prob4), 1);
	pb_ipfix_tmpl(&p, 256, data, N(data));
	data_begin(300);
	pb_u64(&p, 1); pb_u32(&p, 1); pb_u32(&p, 99);
	data_end();
	data_begin(301);
	pb_u32(&p, 2); pb_u32(&p, 1); pb_u32(&p, 50);
	data_end();
	data_begin(302);
	pb_u16(&p, 3); pb_u64(&p, bits);
	data_end();
	data_begin(303);
	pb_u8(&p, 4); pb_u32(&p, bits4);
	data_end();
	data_begin(256);
	for (uint32_t sel = 1; sel <= 5; sel++) {
		pb_v4(&p, sel); pb_u32(&p, 10); pb_u32(&p, 1); pb_u32(&p, sel);
	}
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(cnt->options_records, 4);
	assert_int_equal(k.n, 5);
	assert_int_equal(k.f[0].sampling, 100);
	assert_int_equal(k.f[0].bytes, 1000);
	assert_int_equal(k.f[1].sampling, 50);
	assert_int_equal(k.f[2].sampling, 1000);
	assert_int_equal(k.f[3].sampling, 4);
	assert_int_equal(k.f[4].sampling, 1);
	assert_int_equal(cnt->sampler_unknown, 1);

	/* a default for the domain; selector 5 falls back to it */
	begin(5);
	pb_ipfix_opt(&p, 304, def, N(def), 1);
	pb_ipfix_tmpl(&p, 257, own, N(own));
	data_begin(304);
	pb_u32(&p, 0); pb_u32(&p, 512);
	data_end();
	data_begin(256);
	pb_v4(&p, 1); pb_u32(&p, 10); pb_u32(&p, 1); pb_u32(&p, 5);
	pb_v4(&p, 1); pb_u32(&p, 10); pb_u32(&p, 1); pb_u32(&p, 2);
	data_end();
	data_begin(257);
	pb_v4(&p, 1); pb_u32(&p, 10); pb_u32(&p, 8);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 3);
	assert_int_equal(k.f[0].sampling, 512);
	assert_int_equal(k.f[0].packets, 512);
	assert_int_equal(k.f[1].sampling, 50);
	assert_int_equal(k.f[2].sampling, 8);
	/* another domain has its own tables */
	begin(6);
	pb_ipfix_tmpl(&p, 256, data, N(data));
	data_begin(256);
	pb_v4(&p, 1); pb_u32(&p, 10); pb_u32(&p, 1); pb_u32(&p, 1);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.f[0].sampling, 1);
	lf_nf_free(c);
}

/* Renormalised counters saturate instead of wrapping. */
static void test_sampling_saturates(void **state)
{
	static const struct fspec f[] = {{8, 4, 0}, {1, 8, 0}, {34, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	data_begin(256);
	pb_v4(&p, 1); pb_u64(&p, UINT64_MAX / 2); pb_u32(&p, 4);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.f[0].bytes, UINT64_MAX);
	assert_int_equal(k.f[0].bytes_raw, UINT64_MAX / 2);
	lf_nf_free(c);
}

static void test_icmp_vlan_dir_nexthop(void **state)
{
	static const struct fspec a[] = {
		{8, 4, 0}, {12, 4, 0}, {4, 1, 0}, {7, 2, 0}, {11, 2, 0},
		{32, 2, 0}, {58, 2, 0}, {243, 2, 0}, {61, 1, 0}, {15, 4, 0},
		{18, 4, 0}, {136, 1, 0},
	};
	static const struct fspec b[] = {
		{27, 16, 0}, {28, 16, 0}, {4, 1, 0}, {178, 1, 0}, {179, 1, 0},
		{62, 16, 0}, {59, 2, 0},
	};
	static const uint8_t reason[] = {1, 2, 3, 4, 5};
	static const uint8_t rflag[] = {LF_FLOW_F_END_IDLE, LF_FLOW_F_END_ACTIVE,
					LF_FLOW_F_END_FIN, 0,
					LF_FLOW_F_END_EVICT};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, a, N(a));
	pb_ipfix_tmpl(&p, 257, b, N(b));
	data_begin(256);
	for (unsigned i = 0; i < 5; i++) {
		pb_v4(&p, 1); pb_v4(&p, 2);
		pb_u8(&p, i == 0 ? 1 : 6);         /* ICMP, then TCP */
		pb_u16(&p, 1111); pb_u16(&p, 2222);
		pb_u16(&p, 0x0303);                /* type 3 code 3 */
		pb_u16(&p, i == 1 ? 0x1005 : 0);   /* vlanId */
		pb_u16(&p, 100);                   /* dot1qVlanId */
		pb_u8(&p, i);                      /* direction */
		pb_v4(&p, i == 2 ? 0x0a0a0a0a : 0); /* ipNextHop */
		pb_v4(&p, 0x0b0b0b0b);             /* bgpNextHop */
		pb_u8(&p, reason[i]);
	}
	data_end();
	data_begin(257);
	pb_v6(&p, "2001:db8::1"); pb_v6(&p, "2001:db8::2");
	pb_u8(&p, 58); pb_u8(&p, 128); pb_u8(&p, 0);
	pb_v6(&p, "fe80::1"); pb_u16(&p, 7);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 6);
	assert_int_equal(k.f[0].sport, 0);
	assert_int_equal(k.f[0].dport, 0x0303);
	assert_int_equal(k.f[1].sport, 1111);
	assert_int_equal(k.f[1].dport, 2222);
	assert_int_equal(k.f[0].vlan, 100);
	assert_int_equal(k.f[1].vlan, 5); /* 12 bits of 0x1005 */
	assert_int_equal(k.f[0].dir, LF_FLOW_DIR_INGRESS);
	assert_int_equal(k.f[1].dir, LF_FLOW_DIR_EGRESS);
	assert_int_equal(k.f[2].dir, LF_FLOW_DIR_UNKNOWN);
	assert_true(addr_is(&k.f[0].nexthop, "11.11.11.11"));
	assert_true(addr_is(&k.f[2].nexthop, "10.10.10.10"));
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(k.f[i].flags, rflag[i]);
	assert_true(addr_is(&k.f[5].src, "2001:db8::1"));
	assert_int_equal(k.f[5].proto, 58);
	assert_int_equal(k.f[5].dport, 128 << 8);
	assert_true(addr_is(&k.f[5].nexthop, "fe80::1"));
	assert_int_equal(k.f[5].vlan, 7);
	lf_nf_free(c);
}

/* Records without an IP address are counted, not emitted; padding after
 * the last record is skipped. */
static void test_noip_and_padding(void **state)
{
	static const struct fspec f[] = {{1, 4, 0}, {2, 4, 0}};
	static const struct fspec g[] = {{8, 4, 0}, {1, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	pb_ipfix_tmpl(&p, 257, g, N(g));
	data_begin(256);
	pb_u32(&p, 1); pb_u32(&p, 1);
	data_end();
	data_begin(257);
	pb_v4(&p, 1); pb_u32(&p, 1);
	pb_v4(&p, 2); pb_u32(&p, 2);
	pb_zero(&p, 7); /* shorter than a record */
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 2);
	assert_int_equal(cnt->records_noip, 1);
	assert_int_equal(cnt->flows, 2);
	lf_nf_free(c);
}

/* A target named twice: the first field fills it, in fixed and
 * variable plans alike. */
static void test_duplicate_targets(void **state)
{
	static const struct fspec f[] = {{8, 4, 0}, {9, 1, 0}, {8, 4, 0},
					 {29, 1, 0}, {1, 2, 0}, {1, 8, 0}};
	static const struct fspec g[] = {{8, 4, 0}, {82, 65535, 0}, {8, 4, 0},
					 {7, 2, 0}};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	begin(0);
	pb_ipfix_tmpl(&p, 256, f, N(f));
	pb_ipfix_tmpl(&p, 257, g, N(g));
	data_begin(256);
	pb_v4(&p, 0x01010101); pb_u8(&p, 24); pb_v4(&p, 0x02020202);
	pb_u8(&p, 8); pb_u16(&p, 300); pb_u64(&p, 99999);
	data_end();
	data_begin(257);
	pb_v4(&p, 0x03030303); pb_u8(&p, 1); pb_u8(&p, 'x');
	pb_v4(&p, 0x04040404); pb_u16(&p, 77);
	data_end();
	assert_int_equal(end(c), 0);
	assert_int_equal(k.n, 2);
	assert_true(addr_is(&k.f[0].src, "1.1.1.1"));
	assert_int_equal(k.f[0].src_mask, 24);
	assert_int_equal(k.f[0].bytes_raw, 300);
	assert_true(addr_is(&k.f[1].src, "3.3.3.3"));
	assert_int_equal(k.f[1].sport, 77);
	lf_nf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_varlen),
		cmocka_unit_test(test_varlen_ifname),
		cmocka_unit_test(test_reduced_size),
		cmocka_unit_test(test_forbidden_lengths),
		cmocka_unit_test(test_enterprise),
		cmocka_unit_test(test_biflow),
		cmocka_unit_test(test_counter_preference),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_uptime_wrap),
		cmocka_unit_test(test_sampling),
		cmocka_unit_test(test_sampling_saturates),
		cmocka_unit_test(test_icmp_vlan_dir_nexthop),
		cmocka_unit_test(test_noip_and_padding),
		cmocka_unit_test(test_duplicate_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
