/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_reduce.c — reduction of STIX patterns to indicator values
 * (src/lib/stix/reduce.c): every rule that reduces, every reason a pattern
 * does not, and the patterns of the shared STIX example bundles.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/time.h"
#include "stix/pattern.h"

#define DATA "../shared/data/stix/"

static struct lf_arena A;

static int setup(void **state)
{
	(void)state;
	lf_arena_init(&A, 0, 64u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lf_arena_free(&A);
	return 0;
}

static lf_time_t ts(const char *s)
{
	lf_time_t t;
	assert_int_equal(lf_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int reduce(const char *s, struct lf_stix_reduction *r)
{
	struct lf_stix_pattern *p;
	struct lf_stix_perr e;
	int rc = lf_stix_pattern_parse(s, strlen(s), &A, &p, &e);
	if (rc)
		print_error("parse: %s at %zu: %s\n", s, e.offset, e.msg);
	assert_int_equal(rc, 0);
	memset(r, 0x5a, sizeof(*r));
	return lf_stix_pattern_reduce(p, &A, r);
}

/* The pattern reduces to exactly n items; returns them. */
static const struct lf_stix_item *ok(const char *s, size_t n)
{
	static struct lf_stix_reduction r;
	int rc = reduce(s, &r);
	if (rc)
		print_error("reduce: %s: %d %s\n", s, rc, r.reason);
	assert_int_equal(rc, 0);
	assert_string_equal(r.reason, "");
	assert_int_equal(r.n, n);
	return r.items;
}

static void item(const struct lf_stix_item *it, enum lf_ioc_type t,
		 const char *v)
{
	assert_int_equal(it->type, t);
	assert_int_equal(it->len, strlen(v));
	assert_string_equal(it->value, v);
}

/* One item of type t and value v, unbounded in time. */
static void one(const char *s, enum lf_ioc_type t, const char *v)
{
	const struct lf_stix_item *it = ok(s, 1);
	item(it, t, v);
	assert_true(it->valid_from == LF_TIME_MIN);
	assert_true(it->valid_until == LF_TIME_MAX);
}

/* The pattern does not reduce; the reason contains why. */
static void unsup(const char *s, const char *why)
{
	struct lf_stix_reduction r;
	int rc = reduce(s, &r);
	if (rc != LF_EUNSUP || !strstr(r.reason, why))
		print_error("%s\n  want EUNSUP '%s'\n  got %d '%s'\n", s, why, rc,
			    rc ? r.reason : "");
	assert_int_equal(rc, LF_EUNSUP);
	assert_int_equal(r.n, 0);
	assert_null(r.items);
	assert_non_null(strstr(r.reason, why));
}

/* ---- what reduces ------------------------------------------------------- */

static void test_values(void **state)
{
	(void)state;
	one("[ipv4-addr:value = '198.51.100.1/32']", LF_IOC_IPV4,
	    "198.51.100.1/32");
	one("[ipv4-addr:value == '10.0.0.0']", LF_IOC_IPV4, "10.0.0.0");
	one("[ipv6-addr:value = '2001:db8::1']", LF_IOC_IPV6, "2001:db8::1");
	one("[domain-name:value = 'example.com']", LF_IOC_DOMAIN, "example.com");
	one("[url:value = 'http://x.example/it\\'s']", LF_IOC_URL,
	    "http://x.example/it's");
	one("[email-addr:value = 'a@example.com']", LF_IOC_EMAIL,
	    "a@example.com");
	one("[email-message:from_ref.value = 'a@example.com']", LF_IOC_EMAIL,
	    "a@example.com");
	one("[email-message:sender_ref.value = 'b@example.com']", LF_IOC_EMAIL,
	    "b@example.com");
	/* the value is passed through raw: the importer validates it */
	one("[ipv4-addr:value = 'not an address']", LF_IOC_IPV4,
	    "not an address");
	one("[domain-name:value = '']", LF_IOC_DOMAIN, "");
}

static void test_hashes(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		enum lf_ioc_type t;
	} t[] = {
		{"'MD5'", LF_IOC_MD5},       {"MD5", LF_IOC_MD5},
		{"'md5'", LF_IOC_MD5},       {"'SHA-1'", LF_IOC_SHA1},
		{"'SHA1'", LF_IOC_SHA1},     {"SHA1", LF_IOC_SHA1},
		{"'SHA-256'", LF_IOC_SHA256}, {"'SHA256'", LF_IOC_SHA256},
		{"SHA256", LF_IOC_SHA256},   {"'sha-256'", LF_IOC_SHA256},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char pat[128];
		snprintf(pat, sizeof(pat), "[file:hashes.%s = 'abc']", t[i].key);
		one(pat, t[i].t, "abc");
	}
	unsup("[file:hashes.'SHA-512' = 'abc']",
	      "hash algorithm 'SHA-512' not an indicator type");
	unsup("[file:hashes.SSDEEP = 'abc']", "hash algorithm 'SSDEEP'");
	unsup("[file:hashes.'SHA3-256' = 'abc']", "hash algorithm 'SHA3-256'");
	unsup("[file:hashes.'SHA-256-AND-A-VERY-LONG-NAME' = 'abc']",
	      "hash algorithm");
	unsup("[file:hashes = 'abc']", "property file:hashes not an indicator");
	unsup("[file:hashes[0] = 'abc']", "property file:hashes[0] not");
	unsup("[file:hashes.MD5.x = 'abc']", "property file:hashes.MD5.x not");
	unsup("[artifact:hashes.MD5 = 'abc']", "property artifact:hashes.MD5");
}

static void test_network_traffic(void **state)
{
	(void)state;
	/* the family comes from the literal, or is left to the importer */
	one("[network-traffic:dst_ref.value = '203.0.113.1']", LF_IOC_IPV4,
	    "203.0.113.1");
	one("[network-traffic:src_ref.value = '203.0.113.0/24']", LF_IOC_IPV4,
	    "203.0.113.0/24");
	one("[network-traffic:dst_ref.value = '2001:db8::/32']", LF_IOC_IPV6,
	    "2001:db8::/32");
	one("[network-traffic:dst_ref.value = '::ffff:1.2.3.4']", LF_IOC_IPV6,
	    "::ffff:1.2.3.4");
	one("[network-traffic:dst_ref.value = 'example.com']", LF_IOC_NONE,
	    "example.com");
	one("[network-traffic:dst_ref.value = '12345']", LF_IOC_NONE, "12345");
	/* the type discriminator of the STIX examples and MISP exports */
	one("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	    "network-traffic:dst_ref.value = '203.0.113.33/32']",
	    LF_IOC_IPV4, "203.0.113.33/32");
	one("[network-traffic:src_ref.value = '2001:db8::1' AND "
	    "network-traffic:src_ref.type = 'ipv6-addr']",
	    LF_IOC_IPV6, "2001:db8::1");
	one("[network-traffic:dst_ref.type = 'domain-name' AND "
	    "network-traffic:dst_ref.value = 'example.com']",
	    LF_IOC_DOMAIN, "example.com");
	/* the discriminator decides even against the literal's look */
	one("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	    "network-traffic:dst_ref.value = 'example.com']",
	    LF_IOC_IPV4, "example.com");
	const struct lf_stix_item *it =
		ok("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
		   "network-traffic:dst_ref.value IN ('192.0.2.1', '192.0.2.2')]",
		   2);
	item(&it[0], LF_IOC_IPV4, "192.0.2.1");
	item(&it[1], LF_IOC_IPV4, "192.0.2.2");
	one("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	    "network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']",
	    LF_IOC_IPV4, "198.51.100.0/24");
	it = ok("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
		"network-traffic:dst_ref.value = '192.0.2.1' OR "
		"network-traffic:dst_ref.type = 'domain-name' AND "
		"network-traffic:dst_ref.value = 'x.example']",
		2);
	item(&it[0], LF_IOC_IPV4, "192.0.2.1");
	item(&it[1], LF_IOC_DOMAIN, "x.example");

	unsup("[network-traffic:dst_ref.type = 'mac-addr' AND "
	      "network-traffic:dst_ref.value = '00:11:22:33:44:55']",
	      "network-traffic:dst_ref.type 'mac-addr' is not an address type");
	unsup("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	      "network-traffic:src_ref.value = '192.0.2.1']",
	      "AND of comparisons on one network-traffic object");
	unsup("[network-traffic:dst_ref.type != 'ipv4-addr' AND "
	      "network-traffic:dst_ref.value = '192.0.2.1']",
	      "AND of comparisons on one network-traffic object");
	unsup("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	      "network-traffic:dst_ref.value NOT = '192.0.2.1']",
	      "NOT: negated comparison on network-traffic:dst_ref.value");
	unsup("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	      "network-traffic:dst_ref.value = '192.0.2.1' AND "
	      "network-traffic:dst_port = 443]",
	      "AND of comparisons on one network-traffic object");
	unsup("[network-traffic:dst_ref.type = 'ipv4-addr']",
	      "property network-traffic:dst_ref.type not an indicator value");
	unsup("[network-traffic:dst_port = 443]",
	      "property network-traffic:dst_port not an indicator value");
	unsup("[network-traffic:dst_ref.value = 5]", "not a string");
}

static void test_subset(void **state)
{
	(void)state;
	one("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", LF_IOC_IPV4,
	    "198.51.100.0/24");
	one("[ipv6-addr:value ISSUBSET '2001:db8::/32']", LF_IOC_IPV6,
	    "2001:db8::/32");
	one("[network-traffic:dst_ref.value ISSUBSET "
	    "'2001:0db8:dead:beef:0000:0000:0000:0000/64']",
	    LF_IOC_IPV6, "2001:0db8:dead:beef:0000:0000:0000:0000/64");
	one("[network-traffic:src_ref.value ISSUBSET '10.0.0.0/8']", LF_IOC_IPV4,
	    "10.0.0.0/8");
	unsup("[domain-name:value ISSUBSET 'example.com']",
	      "operator ISSUBSET on domain-name:value");
	unsup("[ipv4-addr:value ISSUPERSET '198.51.100.7']",
	      "operator ISSUPERSET on ipv4-addr:value");
	unsup("[ipv4-addr:value NOT ISSUBSET '198.51.100.0/24']", "NOT");
}

static void test_or_and_sets(void **state)
{
	(void)state;
	const struct lf_stix_item *it =
		ok("[domain-name:value IN ('a.example', 'b.example')]", 2);
	item(&it[0], LF_IOC_DOMAIN, "a.example");
	item(&it[1], LF_IOC_DOMAIN, "b.example");

	/* comparison-level and observation-level OR, mixed types, in order */
	it = ok("[ipv4-addr:value = '192.0.2.1' OR ipv6-addr:value = "
		"'2001:DB8::1'] OR [file:hashes.MD5 = "
		"'D41D8CD98F00B204E9800998ECF8427E'] OR ([url:value = "
		"'http://x.example/'] OR [email-addr:value = 'x@example.org'])",
		5);
	item(&it[0], LF_IOC_IPV4, "192.0.2.1");
	item(&it[1], LF_IOC_IPV6, "2001:DB8::1");
	item(&it[2], LF_IOC_MD5, "D41D8CD98F00B204E9800998ECF8427E");
	item(&it[3], LF_IOC_URL, "http://x.example/");
	item(&it[4], LF_IOC_EMAIL, "x@example.org");
	ok("[(ipv4-addr:value = '192.0.2.1' OR (ipv4-addr:value = '192.0.2.2'))]",
	   2);

	/* deduplicated by (type, value), first occurrence kept */
	it = ok("[ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = "
		"'192.0.2.1'] OR [ipv4-addr:value IN ('192.0.2.2', '192.0.2.1', "
		"'192.0.2.2')]",
		2);
	item(&it[0], LF_IOC_IPV4, "192.0.2.1");
	item(&it[1], LF_IOC_IPV4, "192.0.2.2");
	/* same text, different types: two items */
	it = ok("[ipv4-addr:value = 'x' OR domain-name:value = 'x']", 2);
	item(&it[0], LF_IOC_IPV4, "x");
	item(&it[1], LF_IOC_DOMAIN, "x");
	/* exact bytes: no normalisation here */
	ok("[domain-name:value IN ('a.example', 'A.example')]", 2);

	/* many values: the dedup table grows */
	size_t n = 2000; /* twice 2000 values stay under 64 KiB */
	char *s = malloc(2 * n * 24 + 128);
	assert_non_null(s);
	size_t k = (size_t)snprintf(s, 64, "[ipv4-addr:value IN (");
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, 24, "%s'10.%zu.%zu.1'", i ? "," : "",
				      i / 256, i % 256);
	/* and every one again */
	k += (size_t)snprintf(s + k, 64, ") OR ipv4-addr:value IN (");
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, 24, "%s'10.%zu.%zu.1'", i ? "," : "",
				      i / 256, i % 256);
	snprintf(s + k, 8, ")]");
	it = ok(s, n);
	for (size_t i = 0; i < n; i++) {
		char want[24];
		snprintf(want, sizeof(want), "10.%zu.%zu.1", i / 256, i % 256);
		item(&it[i], LF_IOC_IPV4, want);
	}
	free(s);

	/* one branch that does not reduce spoils the OR */
	unsup("[ipv4-addr:value = '192.0.2.1'] OR [x509-certificate:issuer = "
	      "'CN=x']",
	      "property x509-certificate:issuer not an indicator value");
	unsup("[ipv4-addr:value = '192.0.2.1' OR file:name = 'x.exe']",
	      "property file:name");
	unsup("[ipv4-addr:value IN ()]",
	      "IN () on ipv4-addr:value: an empty set matches nothing");
	unsup("[ipv4-addr:value IN ('192.0.2.1', 5)]", "not a string");
	unsup("[ipv4-addr:value = 5]",
	      "ipv4-addr:value compared with a literal that is not a string");
	unsup("[ipv4-addr:value = b'AAAA']", "not a string");
	unsup("[ipv4-addr:value = true]", "not a string");
}

static void test_start_stop(void **state)
{
	(void)state;
	const struct lf_stix_item *it =
		ok("[ipv4-addr:value = '192.0.2.1'] START t'2016-06-01T00:00:00Z' "
		   "STOP t'2016-07-01T00:00:00Z'",
		   1);
	item(it, LF_IOC_IPV4, "192.0.2.1");
	assert_true(it->valid_from == ts("2016-06-01T00:00:00Z"));
	assert_true(it->valid_until == ts("2016-07-01T00:00:00Z"));

	/* windows per branch */
	it = ok("[ipv4-addr:value = '192.0.2.1'] START t'2016-06-01T00:00:00Z' "
		"STOP t'2016-07-01T00:00:00Z' OR [ipv4-addr:value = '192.0.2.2']",
		2);
	assert_true(it[0].valid_until == ts("2016-07-01T00:00:00Z"));
	assert_true(it[1].valid_from == LF_TIME_MIN);
	assert_true(it[1].valid_until == LF_TIME_MAX);

	/* nested windows intersect */
	it = ok("([ipv4-addr:value = '192.0.2.1'] START t'2016-01-01T00:00:00Z' "
		"STOP t'2016-12-01T00:00:00Z') START t'2016-06-01T00:00:00Z' "
		"STOP t'2017-01-01T00:00:00Z'",
		1);
	assert_true(it->valid_from == ts("2016-06-01T00:00:00Z"));
	assert_true(it->valid_until == ts("2016-12-01T00:00:00Z"));

	/* a value under two windows gets their hull */
	it = ok("[ipv4-addr:value = '192.0.2.1'] START t'2016-01-01T00:00:00Z' "
		"STOP t'2016-02-01T00:00:00Z' OR [ipv4-addr:value = '192.0.2.1'] "
		"START t'2016-05-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'",
		1);
	assert_true(it->valid_from == ts("2016-01-01T00:00:00Z"));
	assert_true(it->valid_until == ts("2016-06-01T00:00:00Z"));
	it = ok("[ipv4-addr:value = '192.0.2.1'] START t'2016-01-01T00:00:00Z' "
		"STOP t'2016-02-01T00:00:00Z' OR [ipv4-addr:value = '192.0.2.1']",
		1);
	assert_true(it->valid_from == LF_TIME_MIN);
	assert_true(it->valid_until == LF_TIME_MAX);

	unsup("[ipv4-addr:value = '192.0.2.1'] START t'2016-07-01T00:00:00Z' "
	      "STOP t'2016-07-01T00:00:00Z'",
	      "START/STOP window is empty");
	unsup("[ipv4-addr:value = '192.0.2.1'] START t'2016-08-01T00:00:00Z' "
	      "STOP t'2016-07-01T00:00:00Z'",
	      "START/STOP window is empty");
	unsup("([ipv4-addr:value = '192.0.2.1'] START t'2016-01-01T00:00:00Z' "
	      "STOP t'2016-02-01T00:00:00Z') START t'2016-03-01T00:00:00Z' STOP "
	      "t'2016-04-01T00:00:00Z'",
	      "nested START/STOP windows do not overlap");
	unsup("[ipv4-addr:value = '192.0.2.1'] START t'2016-06-01T00:00:00Z' "
	      "STOP t'2016-07-01T00:00:00Z' WITHIN 5 SECONDS",
	      "WITHIN qualifier: behavioural");
}

/* ---- what does not ------------------------------------------------------ */

static void test_unsupported(void **state)
{
	(void)state;
	unsup("[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.example']",
	      "AND across different objects (ipv4-addr, domain-name)");
	unsup("[ipv4-addr:value = '1.2.3.4' AND (ipv4-addr:value = '1.2.3.5' "
	      "OR url:value = 'http://x/')]",
	      "AND across different objects (ipv4-addr, url)");
	unsup("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:value = '1.2.3.5']",
	      "AND of comparisons on one ipv4-addr object: all must hold");
	unsup("[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f' AND "
	      "file:name = 'x.exe']",
	      "AND of comparisons on one file object");
	unsup("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '1.2.3.5']",
	      "AND of observation expressions: all must be observed");
	unsup("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = "
	      "'1.2.3.5']",
	      "FOLLOWEDBY is temporal");
	unsup("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS",
	      "WITHIN qualifier: behavioural");
	unsup("[ipv4-addr:value = '1.2.3.4'] REPEATS 5 TIMES",
	      "REPEATS qualifier: behavioural");
	unsup("[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value = '1.2.3.5'] "
	      "REPEATS 5 TIMES",
	      "REPEATS qualifier: behavioural");
	unsup("[email-message:subject MATCHES '^[IMPORTANT] Please Review "
	      "Before']",
	      "operator MATCHES on email-message:subject");
	unsup("[domain-name:value MATCHES '.*\\\\.example$']",
	      "operator MATCHES on domain-name:value");
	unsup("[domain-name:value LIKE '%.example']",
	      "operator LIKE on domain-name:value");
	unsup("[ipv4-addr:value != '1.2.3.4']", "operator != on ipv4-addr:value");
	unsup("[ipv4-addr:value > '1.2.3.4']", "operator >");
	unsup("[ipv4-addr:value NOT = '1.2.3.4']",
	      "NOT: negated comparison on ipv4-addr:value");
	unsup("[ipv4-addr:value NOT IN ('1.2.3.4')]", "NOT");
	unsup("[EXISTS ipv4-addr:value]",
	      "EXISTS ipv4-addr:value tests presence, not a value");
	unsup("[NOT EXISTS ipv4-addr:value]", "NOT EXISTS ipv4-addr:value");
	unsup("[x509-certificate:serial_number = '4c:0b']",
	      "property x509-certificate:serial_number not an indicator value");
	unsup("[ipv4-addr:value[0] = '1.2.3.4']", "property ipv4-addr:value[0]");
	unsup("[ipv4-addr:resolves_to_refs[*].value = 'x']",
	      "property ipv4-addr:resolves_to_refs[*].value");
	unsup("[domain-name:'va lue' = 'x']", "property domain-name:'va lue'");
	unsup("[email-message:to_refs[*].value = 'a@example.com']",
	      "property email-message:to_refs[*].value");
	unsup("[email-message:body_multipart[*].body_raw_ref.name MATCHES "
	      "'^Final Report.+\\\\.exe$']",
	      "operator MATCHES on email-message:body_multipart[*].body_raw_ref.name");
}

static void test_arena_limit(void **state)
{
	(void)state;
	size_t n = 3000;
	char *s = malloc(n * 24 + 64);
	assert_non_null(s);
	size_t k = (size_t)snprintf(s, 64, "[domain-name:value IN (");
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, 24, "%s'd%zu.example'", i ? "," : "",
				      i);
	snprintf(s + k, 8, ")]");
	struct lf_stix_pattern *p;
	assert_int_equal(lf_stix_pattern_parse(s, strlen(s), &A, &p, NULL), 0);
	struct lf_arena small;
	lf_arena_init(&small, 1024, 16384);
	struct lf_stix_reduction r;
	assert_int_equal(lf_stix_pattern_reduce(p, &small, &r), LF_ELIMIT);
	assert_int_equal(r.n, 0);
	assert_non_null(strstr(r.reason, "arena"));
	lf_arena_free(&small);
	free(s);
}

/* ---- the shared example bundles ----------------------------------------- */

static const struct {
	const char *pattern;
	int rc;
	enum lf_ioc_type type; /* rc == 0 */
	const char *value;     /* rc == 0: the one item; else the reason */
} known[] = {
	{"[ipv4-addr:value = '10.0.0.0']", 0, LF_IOC_IPV4, "10.0.0.0"},
	{"[ ipv4-addr:value = '10.0.0.0' ]", 0, LF_IOC_IPV4, "10.0.0.0"},
	{"[file:hashes.'SHA-256' = "
	 "'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']",
	 0, LF_IOC_SHA256,
	 "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c"},
	{"[email-message:subject MATCHES '^[IMPORTANT] Please Review Before']",
	 LF_EUNSUP, 0, "operator MATCHES"},
	{"[email-message:body_multipart[*].body_raw_ref.name MATCHES "
	 "'^Final Report.+\\\\.exe$']",
	 LF_EUNSUP, 0, "operator MATCHES"},
};

static size_t check_patterns(const json_t *j)
{
	size_t found = 0;
	if (json_is_array(j)) {
		size_t i;
		const json_t *v;
		json_array_foreach (j, i, v)
			found += check_patterns(v);
		return found;
	}
	if (!json_is_object(j))
		return 0;
	const char *key;
	const json_t *v;
	json_object_foreach ((json_t *)j, key, v) {
		if (strcmp(key, "pattern") != 0 || !json_is_string(v)) {
			found += check_patterns(v);
			continue;
		}
		const char *pat = json_string_value(v);
		size_t k = 0;
		while (k < sizeof(known) / sizeof(known[0]) &&
		       strcmp(known[k].pattern, pat) != 0)
			k++;
		if (k == sizeof(known) / sizeof(known[0]))
			fail_msg("pattern not in the table: %s", pat);
		if (known[k].rc == 0) {
			one(pat, known[k].type, known[k].value);
		} else {
			unsup(pat, known[k].value);
		}
		found++;
	}
	return found;
}

static void test_shared_examples(void **state)
{
	(void)state;
	DIR *d = opendir(DATA);
	if (!d) {
		print_message("no %s: skipped\n", DATA);
		skip();
	}
	size_t files = 0, patterns = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		char path[512];
		snprintf(path, sizeof(path), DATA "%s", e->d_name);
		json_error_t err;
		json_t *j = json_load_file(path, 0, &err);
		if (!j)
			fail_msg("%s: %s", path, err.text);
		patterns += check_patterns(j);
		json_decref(j);
		files++;
	}
	closedir(d);
	assert_true(files >= 4);
	assert_int_equal(patterns, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_network_traffic),
		cmocka_unit_test(test_subset),
		cmocka_unit_test(test_or_and_sets),
		cmocka_unit_test(test_start_stop),
		cmocka_unit_test(test_unsupported),
		cmocka_unit_test(test_arena_limit),
		cmocka_unit_test(test_shared_examples),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
