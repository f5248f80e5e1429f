/* SPDX-License-Identifier: Apache-2.0 */
/* Tests for src/lib/match: the DNS link cache, flow matching, JSON lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/err.h"
#include "match/match.h"

#define T0 ((lf_time_t)1800000000 * LF_USEC_PER_SEC)
#define SEC LF_USEC_PER_SEC

static struct lf_addr A(const char *s)
{
	struct lf_addr a;
	assert_int_equal(lf_addr_parse(s, strlen(s), &a), 0);
	return a;
}

static void test_dnslink(void **state)
{
	(void)state;
	struct lf_dnslink *c;
	assert_int_equal(lf_dnslink_new(16, &c), 0);
	struct lf_addr a = A("192.0.2.1"), b = A("2001:db8::1");
	assert_null(lf_dnslink_lookup(c, &a, T0));
	lf_dnslink_add(c, &a, "bad.example", 11, T0, 300 * SEC);
	lf_dnslink_add(c, &b, "bad6.example", 12, T0, 5 * SEC); /* raised to 60 s */
	assert_string_equal(lf_dnslink_lookup(c, &a, T0 + 299 * SEC), "bad.example");
	assert_null(lf_dnslink_lookup(c, &a, T0 + 300 * SEC));
	assert_string_equal(lf_dnslink_lookup(c, &b, T0 + 59 * SEC), "bad6.example");
	assert_null(lf_dnslink_lookup(c, &b, T0 + 60 * SEC));
	/* refresh replaces the name and extends */
	lf_dnslink_add(c, &a, "other.example", 13, T0 + 200 * SEC, 300 * SEC);
	assert_string_equal(lf_dnslink_lookup(c, &a, T0 + 400 * SEC), "other.example");
	assert_int_equal(lf_dnslink_stats(c)->refreshed, 1);
	/* TTL capped at one hour */
	lf_dnslink_add(c, &b, "long.example", 12, T0, 86400 * SEC);
	assert_null(lf_dnslink_lookup(c, &b, T0 + 3600 * SEC));
	/* overfilling a 16-entry cache evicts, never grows, and keeps the
	 * latest entries findable */
	char name[32];
	for (int i = 0; i < 100; i++) {
		struct lf_addr x;
		lf_addr_from_v4(&x, 0xc6336400u + (uint32_t)i);
		int n = snprintf(name, sizeof(name), "n%d.example", i);
		lf_dnslink_add(c, &x, name, (size_t)n, T0 + (lf_time_t)i * SEC, 600 * SEC);
	}
	assert_true(lf_dnslink_stats(c)->evicted > 0);
	struct lf_addr last;
	lf_addr_from_v4(&last, 0xc6336400u + 99);
	assert_string_equal(lf_dnslink_lookup(c, &last, T0 + 100 * SEC), "n99.example");
	lf_dnslink_free(c);
}

static struct lf_iocset *mkset(void)
{
	struct lf_iocset *s;
	uint16_t src;
	assert_int_equal(lf_iocset_new(NULL, &s), 0);
	assert_int_equal(lf_iocset_source(s, "unit", &src), 0);
	const char *vals[] = {"203.0.113.0/24", "c2.bad.example", "2001:db8:bad::/48"};
	for (size_t i = 0; i < 3; i++) {
		struct lf_ioc_value v;
		assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, vals[i], strlen(vals[i]), &v), 0);
		struct lf_ioc c = {.type = (uint8_t)v.type, .confidence = 80, .tlp = LF_TLP_AMBER,
				   .source = src, .pfx = v.pfx, .value = v.text, .ref = "ref\"q",
				   .valid_from = LF_TIME_MIN, .valid_until = LF_TIME_MAX};
		assert_int_equal(lf_iocset_add(s, &c), 0);
	}
	assert_int_equal(lf_iocset_build(s), 0);
	return s;
}

static void test_match_flow_json(void **state)
{
	(void)state;
	struct lf_iocset *s = mkset();
	struct lf_dnslink *links;
	assert_int_equal(lf_dnslink_new(0, &links), 0);
	struct lf_flow f = {0};
	f.first = T0;
	f.last = T0 + SEC;
	f.src = A("10.1.1.1");
	f.dst = A("203.0.113.9");
	f.exporter = A("127.0.0.1");
	f.sport = 40000;
	f.dport = 443;
	f.proto = 6;
	f.bytes = 2560;
	f.bytes_raw = 10;
	f.packets = 256;
	f.packets_raw = 1;
	f.sampling = 256;
	f.source = LF_FLOW_SRC_NF9;
	struct lf_flow_match m;
	assert_int_equal(lf_match_flow(s, links, &f, T0, &m), 1);
	assert_int_equal(m.n[LF_MATCH_SRC], 0);
	assert_int_equal(m.n[LF_MATCH_DST], 1);

	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_match_flow_json(&b, "s1", s, &f, &m, T0), 0);
	assert_int_equal(b.data[b.len - 1], '\n');
	json_error_t e;
	json_t *j = json_loadb(b.data, b.len, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "dst")), "203.0.113.9");
	assert_int_equal(json_integer_value(json_object_get(j, "bytes")), 2560);
	assert_int_equal(json_integer_value(json_object_get(j, "sampling")), 256);
	assert_string_equal(json_string_value(json_object_get(j, "input")), "netflow-v9");
	json_t *ind = json_array_get(json_object_get(json_object_get(j, "dst_match"), "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "value")), "203.0.113.0/24");
	assert_string_equal(json_string_value(json_object_get(ind, "id")), "ref\"q");
	assert_string_equal(json_string_value(json_object_get(ind, "tlp")), "amber");
	assert_null(json_object_get(j, "src_match"));
	json_decref(j);

	/* An address a matching name resolved to is attributed to the name. */
	f.dst = A("198.51.100.77");
	assert_int_equal(lf_match_flow(s, links, &f, T0, &m), 0);
	lf_dnslink_add(links, &f.dst, "www.c2.bad.example", 18, T0, 300 * SEC);
	assert_int_equal(lf_match_flow(s, links, &f, T0, &m), 0); /* exact domain only */
	lf_dnslink_add(links, &f.dst, "c2.bad.example", 14, T0, 300 * SEC);
	assert_int_equal(lf_match_flow(s, links, &f, T0, &m), 1);
	assert_string_equal(m.dns_name[LF_MATCH_DST], "c2.bad.example");
	lf_buf_reset(&b);
	assert_int_equal(lf_match_flow_json(&b, "s1", s, &f, &m, T0), 0);
	j = json_loadb(b.data, b.len, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "dst_match"), "dns")),
			    "c2.bad.example");
	json_decref(j);

	/* DNS sighting and flow record are valid JSON too */
	lf_buf_reset(&b);
	uint32_t hits[1] = {1};
	struct lf_addr cl = A("10.0.0.5"), sv = A("10.0.0.53");
	assert_int_equal(lf_match_dns_json(&b, "s1", s, T0, &cl, &sv, "c2.bad.example",
					   "c2.bad.example", 1, hits, 1, T0), 0);
	assert_int_equal(lf_match_flow_record_json(&b, "s1", &f), 0);
	char *nl = memchr(b.data, '\n', b.len);
	assert_non_null(nl);
	j = json_loadb(b.data, (size_t)(nl - b.data), 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "dns");
	json_decref(j);
	j = json_loadb(nl + 1, b.len - (size_t)(nl + 1 - b.data), 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "flowrec");
	json_decref(j);

	/* a full buffer leaves it as it was */
	struct lf_buf small;
	lf_buf_init(&small, 64);
	assert_int_equal(lf_match_flow_json(&small, "s1", s, &f, &m, T0), LF_ELIMIT);
	assert_int_equal(small.len, 0);
	lf_buf_free(&small);
	lf_buf_free(&b);
	lf_dnslink_free(links);
	lf_iocset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnslink),
		cmocka_unit_test(test_match_flow_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
