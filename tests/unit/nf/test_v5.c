/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/v5.c on hand-built NetFlow v5 packets: every record field,
 * the header's sampling field (mode bits and interval: renormalised),
 * uptime-relative times across the wrap, the engine as the domain,
 * sequence numbers counting flows, counts that do not fit, trailing bytes.
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
#define SECS 1600000000u

static void hdr(struct pb *p, unsigned count, uint32_t uptime, uint32_t seq,
		unsigned engine, unsigned sampling)
{
	pb_init(p);
	pb_u16(p, 5);
	pb_u16(p, count);
	pb_u32(p, uptime);
	pb_u32(p, SECS);
	pb_u32(p, 250000000); /* nsecs: .25 s */
	pb_u32(p, seq);
	pb_u16(p, engine);
	pb_u16(p, sampling);
}

static void rec(struct pb *p, uint32_t src, uint32_t first, uint32_t last)
{
	pb_v4(p, src);
	pb_v4(p, 0xc6336401);    /* 198.51.100.1 */
	pb_v4(p, 0xc0000201);    /* next hop 192.0.2.1 */
	pb_u16(p, 11);           /* input */
	pb_u16(p, 12);           /* output */
	pb_u32(p, 7);            /* packets */
	pb_u32(p, 7000);         /* octets */
	pb_u32(p, first);
	pb_u32(p, last);
	pb_u16(p, 40000);        /* srcport */
	pb_u16(p, 443);          /* dstport */
	pb_u8(p, 0);             /* pad */
	pb_u8(p, 0x12);          /* tcp flags */
	pb_u8(p, 6);             /* proto */
	pb_u8(p, 0x28);          /* tos */
	pb_u16(p, 64500);        /* src as */
	pb_u16(p, 64501);        /* dst as */
	pb_u8(p, 24);            /* src mask */
	pb_u8(p, 16);            /* dst mask */
	pb_u16(p, 0);            /* pad */
}

static void test_fields(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	const struct lf_flow *f;

	(void)state;
	/* mode 01 (deterministic), interval 100 */
	hdr(&p, 2, 60000, 100, 0x0102, 0x4000 | 100);
	rec(&p, 0x0a000001, 50000, 59000);
	rec(&p, 0x0a000002, 0xffffff00u, 100); /* started before the wrap */
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 2);
	f = &k.f[0];
	assert_true(addr_is(&f->src, "10.0.0.1"));
	assert_true(addr_is(&f->dst, "198.51.100.1"));
	assert_true(addr_is(&f->nexthop, "192.0.2.1"));
	assert_true(addr_is(&f->exporter, "192.0.2.1"));
	assert_int_equal(f->in_if, 11);
	assert_int_equal(f->out_if, 12);
	assert_int_equal(f->packets_raw, 7);
	assert_int_equal(f->bytes_raw, 7000);
	assert_int_equal(f->sampling, 100);
	assert_int_equal(f->packets, 700);
	assert_int_equal(f->bytes, 700000);
	assert_int_equal(f->sport, 40000);
	assert_int_equal(f->dport, 443);
	assert_int_equal(f->tcp_flags, 0x12);
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->tos, 0x28);
	assert_int_equal(f->src_as, 64500);
	assert_int_equal(f->dst_as, 64501);
	assert_int_equal(f->src_mask, 24);
	assert_int_equal(f->dst_mask, 16);
	assert_int_equal(f->domain, 0x0102);
	assert_int_equal(f->source, LF_FLOW_SRC_NF5);
	assert_int_equal(f->rev_bytes, 0);
	/* export = SECS.25; first 10 s and last 1 s before it */
	assert_int_equal(f->first, US(SECS - 10, 250000));
	assert_int_equal(f->last, US(SECS - 1, 250000));
	/* 0xffffff00 is 256 ms before the wrap: 60.256 s before */
	assert_int_equal(k.f[1].first, US(SECS - 60, 250000) - 256000);
	assert_int_equal(k.f[1].last, US(SECS - 59, 250000) - 900000);
	assert_int_equal(cnt->datagrams[LF_NF_V5], 1);
	assert_int_equal(cnt->flows, 2);
	lf_nf_free(c);
}

/* No sampling (0), and the interval taken whatever the mode bits
 * (Juniper sends mode 0 with an interval). */
static void test_sampling_field(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	static struct pb p;
	static struct coll k;

	(void)state;
	hdr(&p, 1, 1000, 0, 0, 0);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	hdr(&p, 1, 1000, 1, 0, 1000);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	hdr(&p, 1, 1000, 2, 0, 0x8000 | 0x3fff);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 3);
	assert_int_equal(k.f[0].sampling, 1);
	assert_int_equal(k.f[0].bytes, 7000);
	assert_int_equal(k.f[1].sampling, 1000);
	assert_int_equal(k.f[1].bytes, 7000000);
	assert_int_equal(k.f[2].sampling, 16383);
	assert_int_equal(k.f[2].packets, 7 * 16383);
	lf_nf_free(c);
}

/* v5 sequence numbers count flows. */
static void test_sequence(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;

	(void)state;
	hdr(&p, 2, 1000, 0xfffffffeu, 0, 0);
	rec(&p, 1, 0, 0);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	hdr(&p, 1, 2000, 0, 0, 0); /* 0xfffffffe + 2 wraps to 0 */
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 0);
	hdr(&p, 1, 100000, 31, 0, 0); /* 30 flows lost */
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->lost_records, 30);
	assert_int_equal(cnt->lost_packets, 0);
	/* another engine is another domain with its own sequence */
	hdr(&p, 1, 3000, 5000, 0x0001, 0);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	/* the exporter rebooted: uptime far back, sequence restarted */
	hdr(&p, 1, 10, 0, 0, 0);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_resets, 1);
	assert_int_equal(cnt->lost_records, 30);
	lf_nf_free(c);
}

static void test_lengths(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;

	(void)state;
	/* count 3, two records */
	hdr(&p, 3, 1000, 0, 0, 0);
	rec(&p, 1, 0, 0);
	rec(&p, 1, 0, 0);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_LENGTH], 1);
	/* one byte short of the last record */
	hdr(&p, 1, 1000, 0, 0, 0);
	rec(&p, 1, 0, 0);
	p.n--;
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_LENGTH], 2);
	/* count 0: a header alone is fine */
	hdr(&p, 0, 1000, 0, 0, 0);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	/* zero padding after the records is fine, other bytes are not */
	hdr(&p, 1, 1000, 0, 0, 0);
	rec(&p, 1, 0, 0);
	pb_zero(&p, 100);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 1);
	pb_u8(&p, 0xff);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 2);
	assert_int_equal(cnt->malformed[LF_NF_MALF_TRAILING], 1);
	/* next hop 0.0.0.0 is none */
	k.n = 0;
	hdr(&p, 1, 1000, 0, 0, 0);
	rec(&p, 1, 0, 0);
	memset(p.b + 24 + 8, 0, 4);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.f[0].nexthop.af, 0);
	lf_nf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_sampling_field),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
