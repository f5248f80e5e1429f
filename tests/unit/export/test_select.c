/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/select.c, the pipeline every format shares: option
 * checks, name parsers, the selection filters and their report counters
 * (expiry, revocation, NOIDS, decay, TLP ceiling, confidence), dedupe,
 * allowlist subtraction with per-list counts, trimming by confidence with
 * deterministic ties, trimming against the aggregated count, output
 * rollback on failure, and empty sets. Outputs are compared as whole
 * strings (EDL is the simplest format to read).
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

static void test_names(void **state)
{
	(void)state;
	enum lf_export_format f;
	for (unsigned i = 0; i < LF_EXPORT__COUNT; i++) {
		const char *n = lf_export_format_name((enum lf_export_format)i);
		assert_true(strlen(n) > 0);
		assert_int_equal(lf_export_format_parse(n, strlen(n), &f), 0);
		assert_int_equal(f, i);
	}
	assert_int_equal(lf_export_format_parse("NFT", 3, &f), 0);
	assert_int_equal(f, LF_EXPORT_NFT);
	assert_int_equal(lf_export_format_parse("nftx", 4, &f), LF_EMALF);
	assert_int_equal(lf_export_format_parse("nf", 2, &f), LF_EMALF);
	assert_int_equal(lf_export_format_parse("", 0, &f), LF_EMALF);
	assert_string_equal(lf_export_format_name(LF_EXPORT__COUNT), "");

	unsigned t;
	assert_int_equal(lf_export_types_parse("ip", 2, &t), 0);
	assert_int_equal(t, LF_EXPORT_T_IP);
	assert_int_equal(lf_export_types_parse(" ip , Domain,url", 16, &t), 0);
	assert_int_equal(t, LF_EXPORT_T_IP | LF_EXPORT_T_DOMAIN |
				    LF_EXPORT_T_URL);
	assert_int_equal(lf_export_types_parse("all", 3, &t), 0);
	assert_int_equal(t, LF_EXPORT_T_ALL);
	assert_int_equal(lf_export_types_parse("hash,email", 10, &t), 0);
	assert_int_equal(t, LF_EXPORT_T_HASH | LF_EXPORT_T_EMAIL);
	assert_int_equal(lf_export_types_parse("ip,", 3, &t), LF_EMALF);
	assert_int_equal(lf_export_types_parse("", 0, &t), LF_EMALF);
	assert_int_equal(lf_export_types_parse("ipv4", 4, &t), LF_EMALF);

	enum lf_rpz_policy p;
	assert_int_equal(lf_export_rpz_policy_parse("NODATA", 6, &p), 0);
	assert_int_equal(p, LF_RPZ_NODATA);
	assert_int_equal(lf_export_rpz_policy_parse("drop", 4, &p), 0);
	assert_int_equal(p, LF_RPZ_DROP);
	assert_int_equal(lf_export_rpz_policy_parse("passthru", 8, &p),
			 LF_EMALF);
	assert_string_equal(lf_export_rpz_policy_name(LF_RPZ_NXDOMAIN),
			    "nxdomain");
}

static void test_bad_options(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "192.0.2.1", 90);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	char *s;

	o.types = LF_EXPORT_T_IP | LF_EXPORT_T_DOMAIN; /* one per EDL */
	free(fx_export(set, NULL, &o, &rep, LF_EUNSUP));
	o = fx_opts(LF_EXPORT_NFT);
	o.types = LF_EXPORT_T_DOMAIN;
	free(fx_export(set, NULL, &o, &rep, LF_EUNSUP));
	o = fx_opts(LF_EXPORT_HOSTS);
	o.types = LF_EXPORT_T_IP;
	free(fx_export(set, NULL, &o, &rep, LF_EUNSUP));
	o = fx_opts(LF_EXPORT_CSV);
	o.aggregate = 1;
	free(fx_export(set, NULL, &o, &rep, LF_EUNSUP));
	o = fx_opts(LF_EXPORT_EDL);
	o.min_confidence = 101;
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o = fx_opts(LF_EXPORT_EDL);
	o.types = 0x40;
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o = fx_opts((enum lf_export_format)99);
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o = fx_opts(LF_EXPORT_NFT);
	o.name = "bad name";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o.name = "9lives";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o.name = "";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o = fx_opts(LF_EXPORT_IPSET);
	o.name = "a-name-that-is-far-too-long-for-ipset";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o = fx_opts(LF_EXPORT_RPZ);
	o.name = "not a zone";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));
	o.name = NULL;
	o.rpz_soa_mname = "ns1.example.\n@ NS evil.";
	free(fx_export(set, NULL, &o, &rep, -EINVAL));

	/* the good case still works */
	o = fx_opts(LF_EXPORT_EDL);
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.1\n");
	free(s);
	lf_iocset_free(set);
}

/* Every filter of the selection step, with its counter. */
static void test_filters(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	struct fx_ioc f[] = {
		{.value = "192.0.2.1", .conf = 90},
		{.value = "192.0.2.2", .conf = 90, .flags = LF_IOC_F_REVOKED},
		{.value = "192.0.2.3", .conf = 90, .flags = LF_IOC_F_NOIDS},
		{.value = "192.0.2.4", .conf = 90, .until = FX_NOW},
		{.value = "192.0.2.5", .conf = 90, .from = FX_NOW + 1},
		{.value = "192.0.2.6", .conf = 90, .from = FX_NOW - FX_DAY,
		 .until = FX_NOW + 1},
		{.value = "192.0.2.7", .conf = 30},
		{.value = "192.0.2.8", .conf = 90, .tlp = LF_TLP_RED},
		{.value = "192.0.2.9", .conf = 90, .tlp = LF_TLP_GREEN},
		{.value = "192.0.2.10"}, /* source default: 50 */
		{.value = "example.com", .conf = 99}, /* not an IP */
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fx_add_full(set, &f[i]);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	o.min_confidence = 40;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.1\n192.0.2.6\n192.0.2.8\n192.0.2.9\n"
			       "192.0.2.10\n");
	free(s);
	assert_int_equal(rep.considered, 10);
	assert_int_equal(rep.inactive, 4);
	assert_int_equal(rep.revoked, 1);
	assert_int_equal(rep.noids, 1);
	assert_int_equal(rep.expired, 1);
	assert_int_equal(rep.not_yet_valid, 1);
	assert_int_equal(rep.decayed, 0);
	assert_int_equal(rep.below_confidence, 1);
	assert_int_equal(rep.above_tlp, 0);
	assert_int_equal(rep.selected, 5);
	assert_int_equal(rep.written, 5);
	lf_export_report_free(&rep);

	/* TLP ceiling: GREEN keeps only green (unset counts as amber) */
	o.max_tlp = LF_TLP_GREEN;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.9\n");
	assert_int_equal(rep.above_tlp, 5); /* TLP is checked before confidence */
	assert_int_equal(rep.below_confidence, 0);
	free(s);
	o.max_tlp = LF_TLP_AMBER;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.1\n192.0.2.6\n192.0.2.9\n"
			       "192.0.2.10\n");
	assert_int_equal(rep.above_tlp, 1);
	free(s);
	lf_iocset_free(set);
}

/* Decay: an indicator whose effective confidence fell below its source's
 * floor is inactive ("decayed"); above it, the decayed value is what
 * min_confidence compares against. */
static void test_decay(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	struct lf_source *src = lf_iocset_source_get(set, 1);
	src->decay.half_life = FX_DAY;
	src->decay.floor = 30;
	struct fx_ioc a = {.value = "198.51.100.1", .source = 1, .conf = 80,
			   .from = FX_NOW - FX_DAY}; /* 80 -> 40 */
	struct fx_ioc b = {.value = "198.51.100.2", .source = 1, .conf = 80,
			   .from = FX_NOW - 2 * FX_DAY}; /* 80 -> 20 < floor */
	fx_add_full(set, &a);
	fx_add_full(set, &b);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_CSV);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_non_null(strstr(s, "ipv4,198.51.100.1/32,40,"));
	assert_null(strstr(s, "198.51.100.2"));
	assert_int_equal(rep.decayed, 1);
	free(s);
	o.min_confidence = 41;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_int_equal(rep.below_confidence, 1);
	assert_int_equal(rep.written, 0);
	free(s);
	lf_iocset_free(set);
}

/* Duplicates merge to one entry with the highest confidence. */
static void test_dedupe(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "192.0.2.1", 40);
	fx_add(set, 1, "192.0.2.1/32", 70);
	fx_add(set, 1, "192.0.2.1", 60);
	fx_add(set, 0, "2001:db8::1", 50);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_CSV);
	o.types = LF_EXPORT_T_IP;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(
		s, "type,value,confidence,tlp,source,ref,valid_from,"
		   "valid_until,labels\r\n"
		   "ipv4,192.0.2.1/32,70,,\"feed-a,feed-b\",,,,\r\n"
		   "ipv6,2001:db8::1/128,50,,feed-a,,,,\r\n");
	assert_int_equal(rep.selected, 4);
	assert_int_equal(rep.duplicates, 2);
	assert_int_equal(rep.written, 2);
	free(s);
	lf_iocset_free(set);
}

/* Random IPv4 values with repeats (the radix-sorted path): one row per
 * prefix, in numeric order, with the highest confidence and the sources
 * of every duplicate. */
static void test_random_dedupe(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	enum { POOL = 300, N = 3000 };
	uint8_t best[POOL] = {0}, srcs[POOL] = {0};
	uint64_t r = 12345;
	for (int i = 0; i < N; i++) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned k = (unsigned)(r >> 33) % POOL;
		uint8_t conf = (uint8_t)(1 + (r >> 20) % 100);
		uint16_t src = (uint16_t)((r >> 10) & 1);
		/* prefixes of mixed lengths in a pattern that sorts differently
		 * by text and by number */
		char v[40];
		snprintf(v, sizeof(v), "%u.%u.%u.0/%u", 1 + k % 7, k & 255,
			 k % 3, 24 - k % 3);
		fx_add(set, src, v, conf);
		if (conf > best[k])
			best[k] = conf;
		srcs[k] |= (uint8_t)(1u << src);
	}
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_CSV);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	/* expected rows, generated the slow way */
	struct row {
		uint32_t addr;
		unsigned len;
		char text[128];
	} rows[POOL];
	size_t nr = 0;
	for (unsigned k = 0; k < POOL; k++) {
		if (!best[k])
			continue;
		unsigned len = 24 - k % 3;
		uint32_t a = (uint32_t)(1 + k % 7) << 24 | (k & 255) << 16 |
			     (k % 3) << 8;
		a &= len ? ~(uint32_t)0 << (32 - len) : 0;
		rows[nr].addr = a;
		rows[nr].len = len;
		snprintf(rows[nr].text, sizeof(rows[nr].text),
			 "ipv4,%u.%u.%u.%u/%u,%u,,%s,,,,\r\n", a >> 24,
			 (a >> 16) & 255, (a >> 8) & 255, a & 255, len, best[k],
			 srcs[k] == 3 ? "\"feed-a,feed-b\""
				      : srcs[k] == 1 ? "feed-a" : "feed-b");
		nr++;
	}
	for (size_t i = 1; i < nr; i++) /* insertion sort by (addr, len) */
		for (size_t j = i; j > 0 &&
				   (rows[j - 1].addr > rows[j].addr ||
				    (rows[j - 1].addr == rows[j].addr &&
				     rows[j - 1].len > rows[j].len));
		     j--) {
			struct row t = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = t;
		}
	const char *p = strstr(s, "\r\n") + 2;
	for (size_t i = 0; i < nr; i++) {
		size_t n = strlen(rows[i].text);
		if (strncmp(p, rows[i].text, n) != 0)
			fail_msg("row %zu: want %s", i, rows[i].text);
		p += n;
	}
	assert_string_equal(p, "");
	assert_int_equal(rep.written, nr);
	assert_int_equal(rep.duplicates, N - nr);
	free(s);
	lf_iocset_free(set);
}

/* An allowed /24 cuts a hole in a listed /16: the 8 covering prefixes,
 * and the report says which list did it and how many addresses. */
static void test_allow_subtract(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "10.0.0.0/16", 80);
	fx_add(set, 0, "10.9.9.9", 70);         /* fully allowed */
	fx_add(set, 0, "172.16.1.0/24", 60);    /* overlaps the WARN list */
	fx_add(set, 0, "2001:db8::/32", 60);    /* v6 hole */
	fx_add(set, 0, "203.0.113.7", 50);      /* untouched */
	struct lf_allow *a = fx_allow("ops", LF_ALLOW_DROP,
				      "10.0.5.0/24\n10.9.0.0/16\n"
				      "2001:db8:1::/48\n");
	fx_allow_add(a, "watch", LF_ALLOW_WARN, "172.16.1.128/25\n");
	fx_allow_add(a, "off", LF_ALLOW_IGNORE, "203.0.113.0/24\n");
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	char *s = fx_export(set, a, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/22\n10.0.4.0/24\n10.0.6.0/23\n"
			       "10.0.8.0/21\n10.0.16.0/20\n10.0.32.0/19\n"
			       "10.0.64.0/18\n10.0.128.0/17\n"
			       "172.16.1.0/24\n203.0.113.7\n"
			       "2001:db8::/48\n2001:db8:2::/47\n"
			       "2001:db8:4::/46\n2001:db8:8::/45\n"
			       "2001:db8:10::/44\n2001:db8:20::/43\n"
			       "2001:db8:40::/42\n2001:db8:80::/41\n"
			       "2001:db8:100::/40\n2001:db8:200::/39\n"
			       "2001:db8:400::/38\n2001:db8:800::/37\n"
			       "2001:db8:1000::/36\n2001:db8:2000::/35\n"
			       "2001:db8:4000::/34\n2001:db8:8000::/33\n");
	free(s);
	assert_int_equal(rep.n_lists, 3);
	assert_int_equal(rep.lists[0].removed, 1);
	assert_int_equal(rep.lists[0].cut, 2);
	assert_int_equal(rep.lists[0].addrs4, 256 + 1);
	assert_true(rep.lists[0].addrs6 == 1208925819614629174706176.0); /* 2^80 */
	assert_int_equal(rep.lists[1].warned, 1);
	assert_int_equal(rep.lists[1].removed, 0);
	assert_int_equal(rep.lists[2].warned + rep.lists[2].removed, 0);
	assert_int_equal(rep.allow_dropped, 1);
	assert_int_equal(rep.allow_cut, 2);
	assert_int_equal(rep.allow_warned, 1);
	assert_int_equal(rep.candidates, 26);
	assert_int_equal(rep.written, 26);
	lf_export_report_free(&rep);
	lf_allow_free(a);
	lf_iocset_free(set);
}

/* Lists act in order: the first cuts a hole, the second takes the rest;
 * a list that applies to other types only is not consulted for IPs. */
static void test_allow_order(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "192.0.2.0/24", 80);
	fx_add(set, 0, "198.51.100.5", 80);
	struct lf_allow *a = fx_allow("low", LF_ALLOW_DROP, "192.0.2.0/25\n");
	fx_allow_add(a, "high", LF_ALLOW_DROP, "192.0.2.0/24\n");
	const char *wl = "{\"name\": \"dom\", \"type\": \"hostname\", "
			 "\"matching_attributes\": [\"domain\"], "
			 "\"list\": [\"198.51.100.0/24\"]}";
	char err[128];
	assert_int_equal(lf_allow_add_warninglist(a, wl, strlen(wl),
						  LF_ALLOW_DROP, NULL, err,
						  sizeof(err)),
			 0);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	char *s = fx_export(set, a, &o, &rep, 0);
	assert_string_equal(s, "198.51.100.5\n");
	free(s);
	assert_int_equal(rep.n_lists, 3);
	assert_int_equal(rep.lists[0].cut, 1);
	assert_int_equal(rep.lists[0].removed, 0);
	assert_int_equal(rep.lists[0].addrs4, 128);
	assert_int_equal(rep.lists[1].cut, 0);
	assert_int_equal(rep.lists[1].removed, 1);
	assert_int_equal(rep.lists[1].addrs4, 128);
	assert_int_equal(rep.lists[2].removed + rep.lists[2].cut, 0);
	assert_int_equal(rep.allow_dropped, 1);
	assert_int_equal(rep.allow_cut, 0);
	lf_export_report_free(&rep);
	lf_allow_free(a);
	lf_iocset_free(set);
}

/* Domains and other types go through lf_allow_check. */
static void test_allow_names(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "good.example.org", 90);  /* under an allowed name */
	fx_add(set, 0, "*.example.org", 90);     /* covers the allowed name */
	fx_add(set, 0, "evil.example.net", 90);
	fx_add(set, 0, "cdn.example.net", 90);   /* warned */
	struct lf_allow *a = fx_allow("ops", LF_ALLOW_DROP, "example.org\n");
	fx_allow_add(a, "cdns", LF_ALLOW_WARN, "cdn.example.net\n");
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_HOSTS);
	char *s = fx_export(set, a, &o, &rep, 0);
	assert_string_equal(s, "0.0.0.0 cdn.example.net\n"
			       "0.0.0.0 evil.example.net\n");
	free(s);
	assert_int_equal(rep.lists[0].removed, 2);
	assert_int_equal(rep.lists[1].warned, 1);
	assert_int_equal(rep.allow_dropped, 2);
	assert_int_equal(rep.allow_warned, 1);
	lf_export_report_free(&rep);
	lf_allow_free(a);
	lf_iocset_free(set);
}

/* max_entries keeps the highest confidence; ties by value order. */
static void test_trim_ties(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "192.0.2.50", 70);
	fx_add(set, 0, "192.0.2.40", 80);
	fx_add(set, 0, "192.0.2.30", 80);
	fx_add(set, 0, "192.0.2.20", 80);
	fx_add(set, 0, "192.0.2.10", 90);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	o.max_entries = 3;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.10\n192.0.2.20\n192.0.2.30\n");
	assert_int_equal(rep.cut_by_max, 2);
	assert_int_equal(rep.cut_min_kept_conf, 80);
	assert_int_equal(rep.written, 3);
	free(s);
	o.max_entries = 5;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_int_equal(rep.cut_by_max, 0);
	assert_int_equal(rep.cut_min_kept_conf, 0);
	assert_int_equal(rep.written, 5);
	free(s);
	o.max_entries = 1;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "192.0.2.10\n");
	free(s);
	lf_iocset_free(set);
}

/* With aggregation the count that must fit is the aggregated one. */
static void test_trim_aggregate(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "198.51.100.0/26", 50);
	fx_add(set, 0, "198.51.100.64/26", 50);
	fx_add(set, 0, "198.51.100.128/26", 50);
	fx_add(set, 0, "198.51.100.192/26", 50);
	fx_add(set, 0, "203.0.113.9", 90);
	fx_add(set, 0, "203.0.113.200", 20);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	o.aggregate = 1;
	o.max_entries = 2;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "198.51.100.0/24\n203.0.113.9\n");
	assert_int_equal(rep.cut_by_max, 1);
	assert_int_equal(rep.cut_min_kept_conf, 50);
	assert_int_equal(rep.aggregated_from, 5);
	assert_int_equal(rep.aggregated_to, 2);
	assert_int_equal(rep.written, 2);
	free(s);
	/* without aggregation only the two best fit */
	o.aggregate = 0;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "198.51.100.0/26\n203.0.113.9\n");
	assert_int_equal(rep.cut_by_max, 4);
	free(s);
	/* max 1 with aggregation: only the best */
	o.aggregate = 1;
	o.max_entries = 1;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "203.0.113.9\n");
	free(s);
	lf_iocset_free(set);
}

/* Covered prefixes are not written (nft interval sets refuse them). */
static void test_redundant(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "10.0.0.0/8", 50);
	fx_add(set, 0, "10.1.0.0/16", 90);
	fx_add(set, 0, "10.1.2.3", 90);
	fx_add(set, 0, "11.0.0.0/8", 50);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_EDL);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/8\n11.0.0.0/8\n");
	assert_int_equal(rep.redundant, 2);
	assert_int_equal(rep.written, 2);
	free(s);
	/* ranked 10.1/16, 10.1.2.3 (90), 10/8, 11/8 (50): the top three
	 * collapse into one line, so one entry fits the top three */
	o.max_entries = 1;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/8\n");
	assert_int_equal(rep.cut_by_max, 1);
	assert_int_equal(rep.cut_min_kept_conf, 50);
	assert_int_equal(rep.redundant, 2);
	free(s);
	o.max_entries = 2;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "10.0.0.0/8\n11.0.0.0/8\n");
	assert_int_equal(rep.cut_by_max, 0);
	free(s);
	lf_iocset_free(set);
}

static void test_empty(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	struct lf_export_report rep;
	for (unsigned f = 0; f < LF_EXPORT__COUNT; f++) {
		struct lf_export_opts o = fx_opts((enum lf_export_format)f);
		char *s = fx_export(set, NULL, &o, &rep, 0);
		assert_int_equal(rep.written, 0);
		if (f == LF_EXPORT_EDL || f == LF_EXPORT_HOSTS)
			assert_string_equal(s, "");
		free(s);
	}
	lf_iocset_free(set);
}

/* A buffer too small: LF_ELIMIT and the buffer as it was. */
static void test_rollback(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	for (int i = 0; i < 100; i++) {
		char v[32];
		snprintf(v, sizeof(v), "192.0.2.%d", i);
		fx_add(set, 0, v, 50);
	}
	struct lf_buf b;
	lf_buf_init(&b, 600);
	assert_int_equal(lf_buf_puts(&b, "keep"), 0);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_NFT);
	assert_int_equal(lf_export(set, NULL, &o, &b, &rep), LF_ELIMIT);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "keep");
	assert_null(rep.lists);
	lf_buf_free(&b);
	lf_iocset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_decay),
		cmocka_unit_test(test_dedupe),
		cmocka_unit_test(test_random_dedupe),
		cmocka_unit_test(test_allow_subtract),
		cmocka_unit_test(test_allow_order),
		cmocka_unit_test(test_allow_names),
		cmocka_unit_test(test_trim_ties),
		cmocka_unit_test(test_trim_aggregate),
		cmocka_unit_test(test_redundant),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_rollback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
