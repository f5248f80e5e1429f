/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/tmpl.c: the decoder's state and its limits — exporters
 * (address and port), domains, templates per exporter, the state byte
 * cap, sampler and interface-name tables, the pending buffer (oldest
 * dropped when full, a set too big for it, expiry), template expiry and
 * refresh, idle domains and exporters freed, the per-exporter view, and
 * hundreds of templates in one domain looked up in any order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "nf/helper_nf.h"
#include "nf/nf.h"

#define T0 US(1700000000, 0)
#define SECS 1600000000u
#define MIN (60 * LF_USEC_PER_SEC)

static struct pb p;
static struct coll k;

static const struct fspec tmpl_a[] = {{8, 4, 0}, {12, 4, 0}, {1, 4, 0}};

/* v9 packet from source id `dom`: template tid (if tmpl) and n records. */
static void pkt(uint32_t dom, unsigned tid, int tmpl, unsigned n)
{
	size_t s;

	pb_init(&p);
	pb_v9(&p, (tmpl ? 1 : 0) + (n ? 1 : 0), 1000, SECS, 0, dom);
	if (tmpl)
		pb_v9_tmpl(&p, tid, tmpl_a, 3);
	if (n) {
		s = pb_set(&p, tid);
		for (unsigned i = 0; i < n; i++) {
			pb_v4(&p, 0x0a000001 + i);
			pb_v4(&p, 0x0a0000ff);
			pb_u32(&p, 100 + tid);
		}
		pb_set_end(&p, s);
	}
}

static int dec_from(struct lf_nf_ctx *c, const char *a, uint16_t port,
		    lf_time_t now)
{
	struct lf_addr ad = addr(a);
	uint8_t *copy = malloc(p.n);
	int rc;

	assert_non_null(copy);
	memcpy(copy, p.b, p.n);
	rc = lf_nf_decode(c, &ad, port, now, copy, p.n, coll_cb, &k);
	free(copy);
	return rc;
}

static struct lf_nf_ctx *ctx_with(const struct lf_nf_limits *l)
{
	struct lf_nf_ctx *c = NULL;

	assert_int_equal(lf_nf_new(l, &c), 0);
	return c;
}

static int count_domains(const struct lf_nf_ctx *c);

static void test_exporter_cap(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;

	(void)state;
	lf_nf_limits_default(&l);
	l.max_exporters = 2;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	pkt(0, 256, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2056, T0), 0);
	k.n = 0;
	assert_int_equal(dec_from(c, "2001:db8::1", 2055, T0), LF_ELIMIT);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_EXPORTERS], 1);
	/* the known ones still work */
	assert_int_equal(dec_from(c, "192.0.2.1", 2056, T0), 0);
	assert_int_equal(k.n, 1);
	/* idle long enough, they go and make room */
	lf_nf_expire(c, T0 + 31 * MIN);
	assert_int_equal(count_domains(c), 0);
	assert_int_equal(dec_from(c, "2001:db8::1", 2055, T0 + 31 * MIN), 0);
	lf_nf_free(c);
}

static void test_domain_cap(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;

	(void)state;
	lf_nf_limits_default(&l);
	l.max_domains = 2;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	pkt(1, 256, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(2, 256, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(3, 256, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), LF_ELIMIT);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_DOMAINS], 1);
	/* a v5 datagram would be a domain too */
	pb_init(&p);
	pb_u16(&p, 5);
	pb_zero(&p, 22);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), LF_ELIMIT);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_DOMAINS], 2);
	/* another port is another exporter with its own domains */
	pkt(3, 256, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 9995, T0), 0);
	lf_nf_free(c);
}

static void test_template_cap(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;

	(void)state;
	lf_nf_limits_default(&l);
	l.max_templates = 3;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	pkt(1, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(1, 257, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(2, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	/* the fourth, in either domain, is refused (not an error) */
	pkt(2, 257, 1, 1);
	k.n = 0;
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_TEMPLATES], 1);
	assert_int_equal(cnt->templates_added, 3);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->template_misses, 1);
	/* a redefinition at the cap is fine */
	pb_init(&p);
	pb_v9(&p, 1, 1000, SECS, 1, 1);
	pb_v9_tmpl(&p, 256, tmpl_a, 2);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(cnt->templates_replaced, 1);
	/* another exporter has its own allowance */
	pkt(2, 257, 1, 1);
	assert_int_equal(dec_from(c, "192.0.2.2", 2055, T0), 0);
	assert_int_equal(k.n, 1);
	lf_nf_free(c);
}

static void test_state_bytes(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;
	unsigned tid;

	(void)state;
	lf_nf_limits_default(&l);
	l.state_bytes = 4096;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	for (tid = 256; tid < 356; tid++) {
		pkt(0, tid, 1, 0);
		assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	}
	assert_true(cnt->cap_hits[LF_NF_CAP_STATE] > 0);
	assert_true(cnt->templates_added > 0);
	assert_true(cnt->templates_added < 100);
	/* what is there still decodes */
	pkt(0, 256, 0, 2);
	k.n = 0;
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(k.n, 2);
	/* a new exporter does not fit any more either */
	for (int i = 0; i < 64; i++) {
		char a[32];

		snprintf(a, sizeof(a), "198.51.100.%d", i);
		(void)dec_from(c, a, 2055, T0);
	}
	assert_true(cnt->cap_hits[LF_NF_CAP_STATE] > 1);
	lf_nf_free(c);
}

static void test_table_caps(void **state)
{
	static const struct fspec scope[] = {{2, 4, 0}};
	static const struct fspec opt[] = {{48, 1, 0}, {34, 4, 0},
					   {83, 8, 0}};
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;
	char name[16];
	size_t s;

	(void)state;
	lf_nf_limits_default(&l);
	l.max_samplers = 2;
	l.max_ifnames = 1;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	pb_init(&p);
	pb_v9(&p, 2, 1000, SECS, 0, 0);
	pb_v9_opt(&p, 300, scope, 1, opt, 3);
	s = pb_set(&p, 300);
	for (unsigned i = 1; i <= 3; i++) {
		pb_u32(&p, i);
		pb_u8(&p, i);
		pb_u32(&p, 10 * i);
		pb_bytes(&p, "if-name\0", 8);
	}
	pb_set_end(&p, s);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_SAMPLERS], 1);
	assert_int_equal(cnt->cap_hits[LF_NF_CAP_IFNAMES], 2);
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 1,
				      name, sizeof(name)),
			 7);
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 0, 2,
				      name, sizeof(name)),
			 LF_ENOENT);
	lf_nf_free(c);
}

static void test_pending_overflow(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	const struct lf_nf_counters *cnt;

	(void)state;
	lf_nf_limits_default(&l);
	l.pending_bytes = 1500;
	c = ctx_with(&l);
	cnt = lf_nf_counters(c);
	/* five sets of 30 records (360 bytes + bookkeeping) */
	for (unsigned tid = 256; tid < 261; tid++) {
		pkt(0, tid, 0, 30);
		assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	}
	assert_int_equal(cnt->pending_held, 5);
	assert_true(cnt->pending_dropped >= 1);
	assert_int_equal(cnt->pending_dropped,
			 cnt->cap_hits[LF_NF_CAP_PENDING]);
	/* the newest is kept, the oldest went */
	k.n = 0;
	pkt(0, 260, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(k.n, 30);
	assert_int_equal(k.f[0].bytes_raw, 360);
	pkt(0, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(k.n, 30);
	assert_int_equal(cnt->pending_decoded, 1);
	/* a set bigger than the whole buffer is dropped at once */
	pkt(0, 300, 0, 200);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	assert_int_equal(cnt->pending_held, 5);
	lf_nf_free(c);
}

static void test_pending_expiry(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	pkt(0, 256, 0, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(0, 257, 0, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 30 * 1000000), 0);
	lf_nf_expire(c, T0 + 61 * 1000000);
	assert_int_equal(cnt->pending_expired, 1);
	k.n = 0;
	pkt(0, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 62 * 1000000), 0);
	assert_int_equal(k.n, 0);
	pkt(0, 257, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 62 * 1000000), 0);
	assert_int_equal(k.n, 1);
	/* a clock going back does not expire anything */
	pkt(0, 258, 0, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 100 * MIN), 0);
	lf_nf_expire(c, T0);
	assert_int_equal(cnt->pending_expired, 1);
	lf_nf_free(c);
}

struct view {
	int n;
	struct lf_nf_exporter_info e[8];
};

static void view_cb(void *ud, const struct lf_nf_exporter_info *e)
{
	struct view *v = ud;

	if (v->n < 8)
		v->e[v->n] = *e;
	v->n++;
}

static int count_domains(const struct lf_nf_ctx *c)
{
	struct view v = {0};

	lf_nf_exporters(c, view_cb, &v);
	return v.n;
}

static void test_template_expiry(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	pkt(0, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(0, 257, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	lf_nf_expire(c, T0 + 29 * MIN);
	assert_int_equal(cnt->templates_expired, 0);
	/* 256 is refreshed at 20 min, 257 is not */
	pkt(0, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 20 * MIN), 0);
	assert_int_equal(cnt->templates_refreshed, 1);
	lf_nf_expire(c, T0 + 31 * MIN);
	assert_int_equal(cnt->templates_expired, 1);
	k.n = 0;
	pkt(0, 257, 0, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 31 * MIN), 0);
	assert_int_equal(k.n, 0);
	assert_int_equal(cnt->template_misses, 1);
	pkt(0, 256, 0, 1);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 31 * MIN), 0);
	assert_int_equal(k.n, 1);
	/* everything old: templates, held data, the domain, the exporter */
	assert_int_equal(count_domains(c), 1);
	lf_nf_expire(c, T0 + 100 * MIN);
	assert_int_equal(cnt->templates_expired, 2);
	assert_int_equal(cnt->pending_expired, 1);
	assert_int_equal(count_domains(c), 0);
	lf_nf_free(c);
}

static void test_exporters_view(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	struct view v = {0};
	int seen = 0;

	(void)state;
	pkt(7, 256, 1, 3);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	pkt(8, 256, 1, 0);
	assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0 + 1), 0);
	pkt(7, 256, 0, 2);
	assert_int_equal(dec_from(c, "2001:db8::9", 4739, T0 + 2), 0);
	lf_nf_exporters(c, view_cb, &v);
	assert_int_equal(v.n, 3);
	for (int i = 0; i < v.n; i++) {
		const struct lf_nf_exporter_info *e = &v.e[i];

		assert_int_equal(e->version, 9);
		assert_int_equal(e->sampling, 1);
		assert_int_equal(e->datagrams, 1);
		if (e->addr.af == LF_AF_V6) {
			assert_true(addr_is(&e->addr, "2001:db8::9"));
			assert_int_equal(e->port, 4739);
			assert_int_equal(e->domain, 7);
			assert_int_equal(e->templates, 0);
			assert_int_equal(e->flows, 0);
			assert_int_equal(e->last_seen, T0 + 2);
			seen |= 1;
		} else if (e->domain == 7) {
			assert_int_equal(e->templates, 1);
			assert_int_equal(e->flows, 3);
			assert_int_equal(e->port, 2055);
			seen |= 2;
		} else {
			assert_int_equal(e->domain, 8);
			assert_int_equal(e->flows, 0);
			assert_int_equal(e->last_seen, T0 + 1);
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
	lf_nf_exporters(c, NULL, NULL);
	lf_nf_exporters(NULL, view_cb, &v);
	lf_nf_free(c);
}

/* Hundreds of templates defined in a scrambled order, each a different
 * length, then data for every one of them, in another order. */
static void test_many_templates(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	const unsigned n = 600;

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		unsigned tid = 256 + (i * 7919u) % n;
		struct fspec f[2] = {{8, 4, 0}, {1, (uint16_t)(1 + tid % 8), 0}};

		pb_init(&p);
		pb_v9(&p, 1, 1000, SECS, i, 0);
		pb_v9_tmpl(&p, tid, f, 2);
		assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
	}
	assert_int_equal(cnt->templates_added, n);
	for (unsigned i = 0; i < n; i++) {
		unsigned tid = 256 + (i * 104729u) % n;
		size_t s;

		pb_init(&p);
		pb_v9(&p, 1, 1000, SECS, n + i, 0);
		s = pb_set(&p, tid);
		pb_v4(&p, tid);
		for (unsigned b = 0; b < 1 + tid % 8; b++)
			pb_u8(&p, b + 1 == 1 + tid % 8 ? tid & 0xff : 0);
		pb_set_end(&p, s);
		k.n = 0;
		assert_int_equal(dec_from(c, "192.0.2.1", 2055, T0), 0);
		assert_int_equal(k.n, 1);
		assert_int_equal(lf_addr_v4(&k.f[0].src), tid);
		assert_int_equal(k.f[0].bytes_raw, tid & 0xff);
	}
	assert_int_equal(cnt->template_misses, 0);
	lf_nf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exporter_cap),
		cmocka_unit_test(test_domain_cap),
		cmocka_unit_test(test_template_cap),
		cmocka_unit_test(test_state_bytes),
		cmocka_unit_test(test_table_caps),
		cmocka_unit_test(test_pending_overflow),
		cmocka_unit_test(test_pending_expiry),
		cmocka_unit_test(test_template_expiry),
		cmocka_unit_test(test_exporters_view),
		cmocka_unit_test(test_many_templates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
