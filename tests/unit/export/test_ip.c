/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/ip.c: exact output of the EDL (IP, domain and URL
 * lists), nft and ipset exporters on small sets — host vs prefix text,
 * "*.name" lines for subdomains, URLs without scheme and userinfo with
 * http/https variants merged and other schemes refused, nft with and
 * without filter chains, chunking of large element lists, ipset's tmp-set
 * swap and the /0 split, custom names.
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

#include "core/err.h"
#include "export/helper_export.h"

static struct lf_iocset *mixed(void)
{
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "10.0.0.0/8", 90);
	fx_add(set, 0, "10.1.0.0/16", 80); /* covered by 10/8 */
	fx_add(set, 1, "192.0.2.1", 70);
	fx_add(set, 0, "198.51.100.0/25", 60);
	fx_add(set, 0, "198.51.100.128/25", 60);
	fx_add(set, 0, "2001:db8::/32", 75);
	fx_add(set, 1, "2001:db8:ffff::1", 55); /* covered */
	fx_add(set, 0, "2001:db9::1", 55);
	fx_add(set, 0, "evil.example", 85);
	fx_add(set, 1, "EVIL.example.", 40);
	fx_add(set, 0, "*.bad.example", 65);
	fx_add(set, 0, "http://user:pw@evil.example/x?a=1", 50);
	fx_add(set, 1, "https://evil.example/x?a=1", 55);
	fx_add(set, 0, "HTTP://Evil.Example:8080/Path", 50);
	fx_add(set, 0, "ftp://files.example/mal.exe", 50);
	fx_add(set, 0, "d41d8cd98f00b204e9800998ecf8427e", 95);
	return set;
}

static void test_edl_ip(void **state)
{
	(void)state;
	struct lf_iocset *set = mixed();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/8\n"
			       "192.0.2.1\n"
			       "198.51.100.0/25\n"
			       "198.51.100.128/25\n"
			       "2001:db8::/32\n"
			       "2001:db9::1\n");
	assert_int_equal(rep.considered, 8);
	assert_int_equal(rep.redundant, 2);
	assert_int_equal(rep.written, 6);
	free(s);
	o.aggregate = 1;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/8\n"
			       "192.0.2.1\n"
			       "198.51.100.0/24\n"
			       "2001:db8::/32\n"
			       "2001:db9::1\n");
	assert_int_equal(rep.aggregated_from, 8);
	assert_int_equal(rep.aggregated_to, 5);
	assert_int_equal(rep.redundant, 0);
	free(s);
	lf_iocset_free(set);
}

static void test_edl_domain(void **state)
{
	(void)state;
	struct lf_iocset *set = mixed();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	o.types = LF_EXPORT_T_DOMAIN;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "bad.example\n*.bad.example\nevil.example\n");
	assert_int_equal(rep.duplicates, 1);
	assert_int_equal(rep.written, 3);
	free(s);
	/* the "*.name" line counts against max_entries */
	o.max_entries = 2;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "evil.example\n");
	assert_int_equal(rep.cut_by_max, 1);
	free(s);
	lf_iocset_free(set);
}

static void test_edl_url(void **state)
{
	(void)state;
	struct lf_iocset *set = mixed();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	o.types = LF_EXPORT_T_URL;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "evil.example/x?a=1\n"
			       "evil.example:8080/Path\n");
	assert_int_equal(rep.considered, 4);
	assert_int_equal(rep.unexpressible, 1); /* ftp */
	assert_int_equal(rep.duplicates, 1);    /* http + https */
	assert_int_equal(rep.written, 2);
	free(s);
	lf_iocset_free(set);
}

static const char nft_head[] =
	"#!/usr/sbin/nft -f\n"
	"# lianfang blocklist: %d IPv4 and %d IPv6 prefixes\n"
	"table inet %s {\n"
	"\tset bl4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t}\n"
	"\tset bl6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t}\n";

static void test_nft(void **state)
{
	(void)state;
	struct lf_iocset *set = mixed();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_NFT);
	char want[4096];
	char *s = fx_export(set, NULL, &o, &rep, 0);
	int n = snprintf(want, sizeof(want), nft_head, 4, 2, "lianfang");
	snprintf(want + n, sizeof(want) - (size_t)n,
		 "}\n"
		 "flush set inet lianfang bl4\n"
		 "flush set inet lianfang bl6\n"
		 "add element inet lianfang bl4 {\n"
		 "\t10.0.0.0/8,\n\t192.0.2.1,\n\t198.51.100.0/25,\n"
		 "\t198.51.100.128/25\n}\n"
		 "add element inet lianfang bl6 {\n"
		 "\t2001:db8::/32,\n\t2001:db9::1\n}\n");
	assert_string_equal(s, want);
	assert_int_equal(rep.written, 6);
	free(s);

	o.flags = LF_EXPORT_F_NFT_RULES;
	o.name = "blk_1";
	o.types = LF_EXPORT_T_IP;
	o.min_confidence = 80;
	s = fx_export(set, NULL, &o, &rep, 0);
	n = snprintf(want, sizeof(want), nft_head, 1, 0, "blk_1");
	snprintf(want + n, sizeof(want) - (size_t)n,
		 "\tchain input {\n\t\ttype filter hook input priority "
		 "filter - 10; policy accept;\n\t}\n"
		 "\tchain forward {\n\t\ttype filter hook forward priority "
		 "filter - 10; policy accept;\n\t}\n"
		 "\tchain output {\n\t\ttype filter hook output priority "
		 "filter - 10; policy accept;\n\t}\n"
		 "}\n"
		 "flush set inet blk_1 bl4\n"
		 "flush set inet blk_1 bl6\n"
		 "flush chain inet blk_1 input\n"
		 "flush chain inet blk_1 forward\n"
		 "flush chain inet blk_1 output\n"
		 "add rule inet blk_1 input ip saddr @bl4 counter drop\n"
		 "add rule inet blk_1 input ip6 saddr @bl6 counter drop\n"
		 "add rule inet blk_1 forward ip saddr @bl4 counter drop\n"
		 "add rule inet blk_1 forward ip daddr @bl4 counter drop\n"
		 "add rule inet blk_1 forward ip6 saddr @bl6 counter drop\n"
		 "add rule inet blk_1 forward ip6 daddr @bl6 counter drop\n"
		 "add rule inet blk_1 output ip daddr @bl4 counter drop\n"
		 "add rule inet blk_1 output ip6 daddr @bl6 counter drop\n"
		 "add element inet blk_1 bl4 {\n\t10.0.0.0/8\n}\n");
	assert_string_equal(s, want);
	free(s);
	lf_iocset_free(set);
}

/* Element lists are split into statements of 4096. */
static void test_nft_chunks(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	for (unsigned i = 0; i < 5000; i++) {
		char v[32];
		snprintf(v, sizeof(v), "10.%u.%u.0/24", i / 256, i % 256);
		fx_add(set, 0, v, 50);
	}
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_NFT);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_int_equal(rep.written, 5000);
	size_t stmts = 0;
	for (const char *p = s; (p = strstr(p, "add element inet")); p++)
		stmts++;
	assert_int_equal(stmts, 2);
	assert_non_null(strstr(s, "\t10.15.255.0/24\n}\nadd element inet "
				  "lianfang bl4 {\n\t10.16.0.0/24,\n"));
	assert_non_null(strstr(s, "\t10.19.135.0/24\n}\n"));
	free(s);
	/* aggregated, the 5000 /24s 10.0.0.0-10.19.135.0 are 5 prefixes */
	o.aggregate = 1;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_non_null(strstr(s, "add element inet lianfang bl4 {\n"
				  "\t10.0.0.0/12,\n\t10.16.0.0/15,\n"
				  "\t10.18.0.0/16,\n\t10.19.0.0/17,\n"
				  "\t10.19.128.0/21\n}\n"));
	assert_int_equal(rep.aggregated_from, 5000);
	assert_int_equal(rep.aggregated_to, 5);
	assert_int_equal(rep.written, 5);
	free(s);
	lf_iocset_free(set);
}

static void test_ipset(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "0.0.0.0/0", 10);
	fx_add(set, 0, "2001:db8::/32", 75);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_IPSET);
	o.name = "bl";
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(
		s,
		"create bl hash:net family inet hashsize 1024 maxelem 16777216 "
		"-exist\n"
		"create bl-tmp hash:net family inet hashsize 1024 maxelem "
		"16777216 -exist\n"
		"flush bl-tmp\n"
		"add bl-tmp 0.0.0.0/1\n"
		"add bl-tmp 128.0.0.0/1\n"
		"swap bl-tmp bl\n"
		"destroy bl-tmp\n"
		"create bl6 hash:net family inet6 hashsize 1024 maxelem "
		"16777216 -exist\n"
		"create bl6-tmp hash:net family inet6 hashsize 1024 maxelem "
		"16777216 -exist\n"
		"flush bl6-tmp\n"
		"add bl6-tmp 2001:db8::/32\n"
		"swap bl6-tmp bl6\n"
		"destroy bl6-tmp\n");
	assert_int_equal(rep.written, 3);
	free(s);
	/* the /0 takes two entries when trimming */
	o.max_entries = 2;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_null(strstr(s, "0.0.0.0/1"));
	assert_non_null(strstr(s, "add bl6-tmp 2001:db8::/32\n"));
	assert_int_equal(rep.cut_by_max, 1);
	free(s);
	lf_iocset_free(set);
}

/* hashsize follows the size (ipset does not compare it on -exist). */
static void test_ipset_hashsize(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	for (unsigned i = 0; i < 3000; i++) {
		char v[32];
		snprintf(v, sizeof(v), "10.%u.%u.1", i / 256, i % 256);
		fx_add(set, 0, v, 50);
	}
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_IPSET);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_non_null(strstr(s, "create lianfang hash:net family inet "
				  "hashsize 4096 maxelem 16777216 -exist\n"));
	assert_non_null(strstr(s, "create lianfang6 hash:net family inet6 "
				  "hashsize 1024 "));
	assert_int_equal(rep.written, 3000);
	free(s);
	lf_iocset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edl_ip),
		cmocka_unit_test(test_edl_domain),
		cmocka_unit_test(test_edl_url),
		cmocka_unit_test(test_nft),
		cmocka_unit_test(test_nft_chunks),
		cmocka_unit_test(test_ipset),
		cmocka_unit_test(test_ipset_hashsize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
