/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/ipfix.c on hand-built IPFIX messages (RFC 7011): the
 * header, template and options template sets, withdrawals (one template,
 * all data templates with id 2, all options templates with id 3, ids
 * that cannot be withdrawn), the withdrawal followed by one stray byte
 * that sent nfdump into a loop (nfdump #171), several messages in one
 * datagram, message lengths that lie, reserved set ids, the sequence
 * number (data records, options data included, across the wrap; unknown
 * after a set that could not be decoded), options template scope counts,
 * and the per-template field cap.
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

/* 34-byte records: addresses, ports, proto, 8-byte counters, ms times. */
static const struct fspec tmpl_a[] = {
	{8, 4, 0}, {12, 4, 0}, {7, 2, 0}, {11, 2, 0}, {4, 1, 0},
	{1, 8, 0}, {2, 4, 0}, {152, 8, 0}, {153, 1, 0},
};
#define NA (sizeof(tmpl_a) / sizeof(tmpl_a[0]))
#define RECLEN_A 34

static void rec_a(struct pb *p, uint32_t src, uint64_t bytes)
{
	pb_v4(p, src);
	pb_v4(p, 0xcb007101); /* 203.0.113.1 */
	pb_u16(p, 5000);
	pb_u16(p, 53);
	pb_u8(p, 17);
	pb_u64(p, bytes);
	pb_u32(p, 3);
	pb_u64(p, (uint64_t)ETIME * 1000 - 2500); /* 2.5 s before export */
	pb_u8(p, 0); /* flowEndMilliseconds in one byte: 1970 (kept) */
}

/* A message: [template A] and a data set of n records. */
static void msg_a(struct pb *p, uint32_t seq, uint32_t odid, int tmpl,
		  unsigned n)
{
	size_t m = p->n, s;

	pb_ipfix(p, ETIME, seq, odid);
	if (tmpl)
		pb_ipfix_tmpl(p, 256, tmpl_a, NA);
	if (n) {
		s = pb_set(p, 256);
		for (unsigned i = 0; i < n; i++)
			rec_a(p, 0x0a000001 + i, 100 * (i + 1));
		pb_set_end(p, s);
	}
	pb_ipfix_end(p, m);
}

static void test_basic(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;

	(void)state;
	pb_init(&p);
	msg_a(&p, 0, 42, 1, 3);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 3);
	assert_true(addr_is(&k.f[2].src, "10.0.0.3"));
	assert_true(addr_is(&k.f[2].dst, "203.0.113.1"));
	assert_int_equal(k.f[2].sport, 5000);
	assert_int_equal(k.f[2].dport, 53);
	assert_int_equal(k.f[2].proto, 17);
	assert_int_equal(k.f[2].bytes_raw, 300);
	assert_int_equal(k.f[2].packets_raw, 3);
	assert_int_equal(k.f[2].first, US(ETIME - 3, 500000));
	assert_int_equal(k.f[2].last, 0);
	assert_int_equal(k.f[2].domain, 42);
	assert_int_equal(k.f[2].source, LF_FLOW_SRC_IPFIX);
	assert_int_equal(cnt->datagrams[LF_NF_IPFIX], 1);
	assert_int_equal(cnt->messages, 1);
	assert_int_equal(cnt->templates_added, 1);
	assert_int_equal(cnt->datagrams_bad, 0);
	lf_nf_free(c);
}

static void withdraw_set(struct pb *p, unsigned set, unsigned id)
{
	size_t s = pb_set(p, set);

	pb_u16(p, id);
	pb_u16(p, 0);
	pb_set_end(p, s);
}

static void test_withdrawal(void **state)
{
	static const struct fspec opt[] = {{144, 4, 0}, {34, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t m;

	(void)state;
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 0, 0);
	pb_ipfix_tmpl(&p, 256, tmpl_a, NA);
	pb_ipfix_tmpl(&p, 257, tmpl_a, NA);
	pb_ipfix_tmpl(&p, 259, tmpl_a, NA);
	pb_ipfix_opt(&p, 258, opt, 2, 1);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->templates_added, 4);
	assert_int_equal(cnt->options_templates, 1);

	/* one template: its data is then a miss */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 0, 0);
	withdraw_set(&p, 2, 256);
	withdraw_set(&p, 2, 300); /* unknown: nothing happens */
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->templates_withdrawn, 1);
	pb_init(&p);
	msg_a(&p, 0, 0, 0, 1);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->template_misses, 1);

	/* all data templates (id 2): 257 and 259 go, options 258 stays */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 1, 0);
	withdraw_set(&p, 2, 2);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->templates_withdrawn, 3);
	/* all options templates (id 3) */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 1, 0);
	withdraw_set(&p, 3, 3);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->templates_withdrawn, 4);
	/* ids that withdraw nothing: 3 in a template set, 5, 255 */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 1, 0);
	withdraw_set(&p, 2, 3);
	withdraw_set(&p, 3, 5);
	withdraw_set(&p, 2, 255);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_WITHDRAWAL], 3);
	lf_nf_free(c);
}

/*
 * nfdump #171: a template withdrawal followed by one byte left in the
 * set. Here, and with 2 and 3 bytes, the set ends (padding) after the
 * withdrawal is applied; a template record after a withdrawal in the same
 * set is still read.
 */
static void test_nfdump_171(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;

	(void)state;
	for (unsigned extra = 1; extra <= 3; extra++) {
		size_t m, s;

		pb_init(&p);
		msg_a(&p, 0, 0, 1, 0);
		assert_int_equal(dec(c, &p, NOW, NULL), 0);
		pb_init(&p);
		m = p.n;
		pb_ipfix(&p, ETIME, 0, 0);
		s = pb_set(&p, 2);
		pb_u16(&p, 256);
		pb_u16(&p, 0);
		for (unsigned i = 0; i < extra; i++)
			pb_u8(&p, 0xff);
		pb_set_end(&p, s);
		pb_ipfix_end(&p, m);
		assert_int_equal(dec(c, &p, NOW, NULL), 0);
		assert_int_equal(cnt->templates_withdrawn, extra);
	}
	/* withdrawal, then a definition in the same set */
	{
		size_t m, s;

		pb_init(&p);
		m = p.n;
		pb_ipfix(&p, ETIME, 0, 0);
		s = pb_set(&p, 2);
		pb_u16(&p, 256);
		pb_u16(&p, 0);
		pb_u16(&p, 256);
		pb_u16(&p, 1);
		pb_field(&p, 8, 4);
		pb_set_end(&p, s);
		pb_ipfix_end(&p, m);
		assert_int_equal(dec(c, &p, NOW, NULL), 0);
		assert_int_equal(cnt->templates_added, 4);
	}
	assert_int_equal(cnt->datagrams_bad, 0);
	lf_nf_free(c);
}

/* Messages back to back in one datagram; what follows the last one. */
static void test_several_messages(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;

	(void)state;
	pb_init(&p);
	msg_a(&p, 0, 1, 1, 2);
	msg_a(&p, 0, 2, 1, 3);
	pb_zero(&p, 20);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(k.n, 5);
	assert_int_equal(k.f[0].domain, 1);
	assert_int_equal(k.f[4].domain, 2);
	assert_int_equal(cnt->messages, 2);
	assert_int_equal(cnt->datagrams[LF_NF_IPFIX], 1);
	/* a third message cut short, then garbage */
	k.n = 0;
	pb_init(&p);
	msg_a(&p, 2, 1, 0, 1);
	pb_u16(&p, 10);
	pb_u16(&p, 100);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 1);
	assert_int_equal(cnt->malformed[LF_NF_MALF_TRAILING], 1);
	pb_init(&p);
	msg_a(&p, 3, 1, 0, 1);
	pb_ipfix(&p, ETIME, 0, 1);
	pb_put16(&p, p.n - 14, 400); /* claims 400 bytes */
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 2);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_LENGTH], 1);
	lf_nf_free(c);
}

/* Message lengths that lie, and sets that do. */
static void test_lengths(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;

	(void)state;
	pb_init(&p);
	msg_a(&p, 0, 0, 1, 2);
	pb_put16(&p, 2, (unsigned)p.n + 1);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 0);
	pb_put16(&p, 2, 15);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_LENGTH], 2);
	/* the message length ends inside the data set: the set lies */
	pb_put16(&p, 2, (unsigned)p.n - 10);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_SET_LENGTH], 1);
	assert_int_equal(cnt->templates_added, 1);
	/* a zero set length */
	pb_init(&p);
	msg_a(&p, 0, 0, 1, 1);
	pb_put16(&p, 16 + 2, 0);
	assert_int_equal(dec(c, &p, NOW, &k), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_SET_LENGTH], 2);
	lf_nf_free(c);
}

/* Reserved set ids are skipped; a data set with no template is held. */
static void test_set_ids(void **state)
{
	static const unsigned ids[] = {0, 1, 4, 255};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static struct coll k;
	size_t m;

	(void)state;
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 0, 0);
	for (size_t i = 0; i < 4; i++) {
		size_t s = pb_set(&p, ids[i]);

		pb_u32(&p, 0x01020304);
		pb_set_end(&p, s);
	}
	pb_ipfix_tmpl(&p, 256, tmpl_a, NA);
	{
		size_t s = pb_set(&p, 256);

		rec_a(&p, 1, 1);
		pb_set_end(&p, s);
	}
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, &k), 0);
	assert_int_equal(cnt->sets_skipped, 4);
	assert_int_equal(k.n, 1);
	lf_nf_free(c);
}

/* Sequence numbers count data records, options data included. */
static void test_sequence(void **state)
{
	static const struct fspec opt[] = {{144, 4, 0}, {34, 4, 0}};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	size_t m, s;

	(void)state;
	/* 2 flows + 1 options record from 0xfffffffe: next is 1 */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 0xfffffffeu, 0);
	pb_ipfix_tmpl(&p, 256, tmpl_a, NA);
	pb_ipfix_opt(&p, 258, opt, 2, 1);
	s = pb_set(&p, 258);
	pb_u32(&p, 1);
	pb_u32(&p, 1);
	pb_set_end(&p, s);
	s = pb_set(&p, 256);
	rec_a(&p, 1, 1);
	rec_a(&p, 2, 2);
	pb_set_end(&p, s);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	pb_init(&p);
	msg_a(&p, 1, 0, 0, 4); /* on time: next 5 */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 0);
	pb_init(&p);
	msg_a(&p, 12, 0, 0, 1); /* 7 records lost */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->lost_records, 7);
	pb_init(&p);
	msg_a(&p, 6, 0, 0, 1); /* late */
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_reorders, 1);
	/* template-only messages do not move the sequence */
	pb_init(&p);
	msg_a(&p, 13, 0, 1, 0);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	pb_init(&p);
	msg_a(&p, 13, 0, 0, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);

	/* a set with no template: the count is unknown, the next message is
	 * a new baseline (no gap counted for 1000) */
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 14, 0);
	s = pb_set(&p, 999);
	pb_u32(&p, 0);
	pb_set_end(&p, s);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	pb_init(&p);
	msg_a(&p, 1000, 0, 0, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->seq_resets, 0);
	/* far away: a restart, not a loss */
	pb_init(&p);
	msg_a(&p, 1001 + LF_NF_SEQ_WINDOW_RECS + 1, 0, 0, 1);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->seq_resets, 1);
	assert_int_equal(cnt->lost_records, 7);
	lf_nf_free(c);
}

/* Options template records that lie about their scope. */
static void test_bad_options_templates(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct pb p;
	static const unsigned cases[][3] = {
		/* id, field count, scope count */
		{256, 2, 0}, {256, 2, 3}, {200, 2, 1},
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		size_t m, s;

		pb_init(&p);
		m = p.n;
		pb_ipfix(&p, ETIME, 0, 0);
		s = pb_set(&p, 3);
		pb_u16(&p, cases[i][0]);
		pb_u16(&p, cases[i][1]);
		pb_u16(&p, cases[i][2]);
		pb_field(&p, 144, 4);
		pb_field(&p, 34, 4);
		pb_set_end(&p, s);
		pb_ipfix_end(&p, m);
		assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	}
	/* an enterprise field whose PEN is cut off by the set's end */
	{
		size_t m, s;

		pb_init(&p);
		m = p.n;
		pb_ipfix(&p, ETIME, 0, 0);
		s = pb_set(&p, 2);
		pb_u16(&p, 256);
		pb_u16(&p, 2);
		pb_field(&p, 8, 4);
		pb_u16(&p, 0x8001);
		pb_u16(&p, 4);
		pb_u16(&p, 0);
		pb_set_end(&p, s);
		pb_ipfix_end(&p, m);
		assert_int_equal(dec(c, &p, NOW, NULL), LF_EMALF);
	}
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_TEMPLATE], 4);
	assert_int_equal(cnt->templates_added, 0);
	lf_nf_free(c);
}

/* A template with more fields than max_fields is refused (counted) and
 * the next one in the set is still read. */
static void test_field_cap(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c = NULL;
	const struct lf_nf_counters *cnt;
	static struct pb p;
	size_t m, s;

	(void)state;
	lf_nf_limits_default(&l);
	l.max_fields = 4;
	assert_int_equal(lf_nf_new(&l, &c), 0);
	cnt = lf_nf_counters(c);
	pb_init(&p);
	m = p.n;
	pb_ipfix(&p, ETIME, 0, 0);
	s = pb_set(&p, 2);
	pb_u16(&p, 256);
	pb_u16(&p, 5);
	for (unsigned i = 0; i < 5; i++)
		pb_efield(&p, 100 + i, 4, 9);
	pb_u16(&p, 257);
	pb_u16(&p, 2);
	pb_field(&p, 8, 4);
	pb_field(&p, 12, 4);
	pb_set_end(&p, s);
	pb_ipfix_end(&p, m);
	assert_int_equal(dec(c, &p, NOW, NULL), 0);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_FIELDS], 1);
	assert_int_equal(cnt->templates_added, 1);
	lf_nf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_withdrawal),
		cmocka_unit_test(test_nfdump_171),
		cmocka_unit_test(test_several_messages),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_set_ids),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_bad_options_templates),
		cmocka_unit_test(test_field_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
