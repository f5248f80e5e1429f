/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for src/lib/ioc/iocset.c: adding, building, matching, policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "ioc/iocset.h"

#define T0 ((lf_time_t)1700000000 * LF_USEC_PER_SEC)
#define DAY ((lf_time_t)86400 * LF_USEC_PER_SEC)

static int add(struct lf_iocset *s, uint16_t src, enum lf_ioc_type hint,
	       const char *text, uint8_t conf, uint8_t flags)
{
	struct lf_ioc_value v;
	int rc = lf_ioc_value_parse(hint, text, strlen(text), &v);
	if (rc)
		return rc;
	struct lf_ioc c = {
		.type = (uint8_t)v.type,
		.confidence = conf,
		.flags = (uint8_t)(flags | (v.subdomains ? LF_IOC_F_SUBDOMAINS : 0)),
		.source = src,
		.pfx = v.pfx,
		.value = v.text,
		.ref = text,
		.valid_from = LF_TIME_MIN,
		.valid_until = LF_TIME_MAX,
	};
	return lf_iocset_add(s, &c);
}

static size_t match(const struct lf_iocset *s, const char *text, lf_time_t now,
		    uint32_t *hits, size_t max)
{
	struct lf_ioc_value v;
	assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, text, strlen(text), &v), 0);
	size_t n = 99;
	assert_int_equal(lf_iocset_match_value(s, &v, now, hits, max, &n), 0);
	return n;
}

static const char *val(const struct lf_iocset *s, uint32_t i)
{
	return lf_iocset_get(s, i)->value;
}

static void test_nested_prefixes(void **state)
{
	(void)state;
	struct lf_iocset *s;
	uint16_t a, b;
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_source(s, "feed-a", &a), 0);
	assert_int_equal(lf_iocset_source(s, "feed-b", &b), 0);
	assert_int_equal(lf_iocset_source(s, "feed-a", &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(add(s, a, LF_IOC_NONE, "10.0.0.0/8", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "10.1.0.0/16", 60, 0), 0);
	assert_int_equal(add(s, b, LF_IOC_NONE, "10.1.2.3", 70, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "10.1.2.3/32", 80, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "2001:db8::/32", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "2001:db8:1::/48", 50, 0), 0);
	assert_int_equal(lf_iocset_build(s), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "1.1.1.1", 50, 0), LF_ESTATE);

	uint32_t h[8];
	assert_int_equal(match(s, "10.1.2.3", T0, h, 8), 4);
	/* longest first; the two /32s of two sources both reported */
	assert_string_equal(val(s, h[0]), "10.1.2.3/32");
	assert_string_equal(val(s, h[1]), "10.1.2.3/32");
	assert_string_equal(val(s, h[2]), "10.1.0.0/16");
	assert_string_equal(val(s, h[3]), "10.0.0.0/8");
	assert_int_equal(match(s, "10.1.2.4", T0, h, 8), 2);
	assert_int_equal(match(s, "10.200.0.1", T0, h, 8), 1);
	assert_int_equal(match(s, "11.0.0.0", T0, h, 8), 0);
	/* a queried prefix: indicators covering all of it */
	assert_int_equal(match(s, "10.1.0.0/24", T0, h, 8), 2);
	assert_int_equal(match(s, "10.0.0.0/7", T0, h, 8), 0);
	/* max smaller than the total: n is the total */
	assert_int_equal(match(s, "10.1.2.3", T0, h, 1), 4);
	assert_int_equal(match(s, "2001:db8:1:2::1", T0, h, 8), 2);
	assert_string_equal(val(s, h[0]), "2001:db8:1::/48");
	assert_int_equal(match(s, "2001:db9::1", T0, h, 8), 0);
	lf_iocset_free(s);
}

static void test_domains_and_exact(void **state)
{
	(void)state;
	struct lf_iocset *s;
	uint16_t a;
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_source(s, "x", &a), 0);
	assert_int_equal(add(s, a, LF_IOC_DOMAIN, "*.evil.example", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_DOMAIN, "exact.example.org", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_URL, "HTTP://Host.Example:80/a/../b", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "d41d8cd98f00b204e9800998ecf8427e", 50, 0), 0);
	assert_int_equal(add(s, a, LF_IOC_NONE, "Bad@Example.ORG", 50, 0), 0);
	assert_int_equal(lf_iocset_build(s), 0);

	uint32_t h[8];
	assert_int_equal(match(s, "evil.example", T0, h, 8), 1);
	assert_int_equal(match(s, "a.b.EVIL.example.", T0, h, 8), 1);
	assert_int_equal(match(s, "notevil.example", T0, h, 8), 0);
	assert_int_equal(match(s, "exact.example.org", T0, h, 8), 1);
	assert_int_equal(match(s, "sub.exact.example.org", T0, h, 8), 0);
	assert_int_equal(match(s, "http://host.example/b", T0, h, 8), 1);
	assert_int_equal(match(s, "http://host.example/a", T0, h, 8), 0);
	assert_int_equal(match(s, "D41D8CD98F00B204E9800998ECF8427E", T0, h, 8), 1);
	assert_int_equal(match(s, "bad@example.org", T0, h, 8), 1);

	size_t n;
	assert_int_equal(lf_iocset_match_domain(s, "X.Evil.Example.", 15, T0, h, 8, &n), 0);
	assert_int_equal(n, 1);
	lf_iocset_free(s);
}

static void test_expiry_revoked_decay(void **state)
{
	(void)state;
	struct lf_iocset *s;
	uint16_t a, d;
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_source(s, "plain", &a), 0);
	assert_int_equal(lf_iocset_source(s, "decaying", &d), 0);
	struct lf_ioc c = {
		.type = LF_IOC_IPV4, .confidence = 80, .source = a,
		.valid_from = T0, .valid_until = T0 + 10 * DAY,
	};
	assert_int_equal(lf_prefix_parse("192.0.2.1", 9, 0, &c.pfx, NULL), 0);
	c.value = "192.0.2.1/32";
	assert_int_equal(lf_iocset_add(s, &c), 0);
	c.flags = LF_IOC_F_REVOKED;
	c.valid_from = LF_TIME_MIN;
	c.valid_until = LF_TIME_MAX;
	assert_int_equal(lf_prefix_parse("192.0.2.2", 9, 0, &c.pfx, NULL), 0);
	c.value = "192.0.2.2/32";
	assert_int_equal(lf_iocset_add(s, &c), 0);
	c.flags = LF_IOC_F_NOIDS;
	assert_int_equal(lf_prefix_parse("192.0.2.3", 9, 0, &c.pfx, NULL), 0);
	c.value = "192.0.2.3/32";
	assert_int_equal(lf_iocset_add(s, &c), 0);
	/* decaying source: 80 halves every 10 days, floor 30 */
	c.flags = 0;
	c.source = d;
	c.valid_from = T0;
	assert_int_equal(lf_prefix_parse("192.0.2.4", 9, 0, &c.pfx, NULL), 0);
	c.value = "192.0.2.4/32";
	assert_int_equal(lf_iocset_add(s, &c), 0);
	/* unset confidence takes the source default */
	c.confidence = LF_CONF_UNSET;
	c.source = a;
	assert_int_equal(lf_prefix_parse("192.0.2.5", 9, 0, &c.pfx, NULL), 0);
	c.value = "192.0.2.5/32";
	assert_int_equal(lf_iocset_add(s, &c), 0);
	lf_iocset_source_get(s, d)->decay.half_life = 10 * DAY;
	lf_iocset_source_get(s, d)->decay.floor = 30;
	lf_iocset_source_get(s, a)->default_confidence = 65;
	assert_int_equal(lf_iocset_build(s), 0);

	uint32_t h[4];
	assert_int_equal(match(s, "192.0.2.1", T0 - 1, h, 4), 0);
	assert_int_equal(match(s, "192.0.2.1", T0, h, 4), 1);
	assert_int_equal(match(s, "192.0.2.1", T0 + 10 * DAY - 1, h, 4), 1);
	assert_int_equal(match(s, "192.0.2.1", T0 + 10 * DAY, h, 4), 0);
	assert_int_equal(match(s, "192.0.2.2", T0, h, 4), 0);
	assert_int_equal(match(s, "192.0.2.3", T0, h, 4), 0);
	assert_int_equal(match(s, "192.0.2.4", T0, h, 4), 1);
	const struct lf_ioc *x = lf_iocset_get(s, h[0]);
	assert_int_equal(lf_iocset_confidence(s, x, T0), 80);
	assert_int_equal(lf_iocset_confidence(s, x, T0 + 10 * DAY), 40);
	assert_int_equal(lf_iocset_confidence(s, x, T0 + 20 * DAY), 20);
	assert_int_equal(match(s, "192.0.2.4", T0 + 10 * DAY, h, 4), 1);
	assert_int_equal(match(s, "192.0.2.4", T0 + 20 * DAY, h, 4), 0);
	assert_int_equal(match(s, "192.0.2.5", T0, h, 4), 1);
	assert_int_equal(lf_iocset_confidence(s, lf_iocset_get(s, h[0]), T0), 65);
	lf_iocset_free(s);
}

static void test_limits_and_errors(void **state)
{
	(void)state;
	struct lf_iocset_limits lim = {.max_indicators = 3};
	struct lf_iocset *s;
	uint16_t a;
	assert_int_equal(lf_iocset_new(&lim, &s), 0);
	assert_int_equal(lf_iocset_source(s, "x", &a), 0);
	for (int i = 0; i < 3; i++) {
		char v[32];
		snprintf(v, sizeof(v), "198.51.100.%d", i);
		assert_int_equal(add(s, a, LF_IOC_NONE, v, 50, 0), 0);
	}
	assert_int_equal(add(s, a, LF_IOC_NONE, "198.51.100.9", 50, 0), LF_ELIMIT);
	assert_int_equal(lf_iocset_cap_hits(s), 1);
	/* malformed: unknown source, bad confidence, family mismatch */
	struct lf_ioc c = {.type = LF_IOC_DOMAIN, .value = "x.example", .source = 7};
	assert_int_equal(lf_iocset_add(s, &c), LF_EMALF);
	c.source = a;
	c.confidence = 101;
	assert_int_equal(lf_iocset_add(s, &c), LF_EMALF);
	c.type = LF_IOC_IPV6;
	c.confidence = 1;
	c.pfx.addr.af = LF_AF_V4;
	assert_int_equal(lf_iocset_add(s, &c), LF_EMALF);
	struct lf_ioc_value v;
	size_t n;
	uint32_t h[1];
	assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, "1.2.3.4", 7, &v), 0);
	lf_iocset_free(s);
	/* matching before build */
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_match_value(s, &v, T0, h, 1, &n), LF_ESTATE);
	/* an empty set builds and matches nothing */
	assert_int_equal(lf_iocset_build(s), 0);
	assert_int_equal(lf_iocset_match_value(s, &v, T0, h, 1, &n), 0);
	assert_int_equal(n, 0);
	assert_true(lf_iocset_mem(s) > 0);
	lf_iocset_free(s);
}

/* Many indicators: every one of them is found by its own value. */
static void test_many(void **state)
{
	(void)state;
	struct lf_iocset *s;
	uint16_t a;
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_source(s, "bulk", &a), 0);
	char v[64];
	for (int i = 0; i < 16384; i++) {
		snprintf(v, sizeof(v), "host%d.bulk.example", i);
		assert_int_equal(add(s, a, LF_IOC_DOMAIN, v, 50, 0), 0);
		snprintf(v, sizeof(v), "100.%d.%d.0/24", 64 + i / 256 % 64, i % 256);
		assert_int_equal(add(s, a, LF_IOC_NONE, v, 50, 0), 0);
	}
	assert_int_equal(lf_iocset_build(s), 0);
	uint32_t h[4];
	for (int i = 0; i < 16384; i += 7) {
		snprintf(v, sizeof(v), "host%d.bulk.example", i);
		assert_int_equal(match(s, v, T0, h, 4), 1);
		assert_string_equal(val(s, h[0]), v);
		snprintf(v, sizeof(v), "100.%d.%d.77", 64 + i / 256 % 64, i % 256);
		assert_int_equal(match(s, v, T0, h, 4), 1);
	}
	assert_int_equal(match(s, "host16384.bulk.example", T0, h, 4), 0);
	lf_iocset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_prefixes),
		cmocka_unit_test(test_domains_and_exact),
		cmocka_unit_test(test_expiry_revoked_decay),
		cmocka_unit_test(test_limits_and_errors),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
