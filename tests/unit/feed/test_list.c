/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for feed/list.c: the LIST, HOSTS, IPREP, CSV and MISP hashes.csv
 * importers on realistic samples (FireHOL netset, Spamhaus DROP, ipsum,
 * StevenBlack hosts, Suricata iprep, URLhaus and ThreatFox CSV dumps), every
 * rejection path, the report cap, and the accounting invariant
 * entries == imported + rejected + unsupported + skipped.
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
#include "core/time.h"
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

struct fx {
	struct lf_iocset *set;
	struct lf_feed_report rep;
	struct lf_feed_opts opts;
};

static struct fx *fx_new(enum lf_feed_format fmt, const char *name)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_int_equal(lf_iocset_new(NULL, &f->set), 0);
	assert_int_equal(lf_iocset_source(f->set, "test", &f->opts.source), 0);
	lf_feed_report_init(&f->rep);
	f->opts.format = fmt;
	f->opts.name = name;
	f->opts.default_confidence = LF_CONF_UNSET;
	f->opts.default_tlp = LF_TLP_UNSET;
	/* 2024-06-01T00:00:00Z */
	f->opts.now = INT64_C(1717200000) * LF_USEC_PER_SEC;
	return f;
}

static void fx_free(struct fx *f)
{
	lf_feed_report_free(&f->rep);
	lf_iocset_free(f->set);
	free(f);
}

static int run(struct fx *f, const char *buf, size_t len)
{
	int r = lf_feed_import_list(&f->opts, buf, len, f->set, &f->rep);
	if (r == 0) {
		const struct lf_feed_report *p = &f->rep;
		assert_int_equal(p->entries, p->imported + p->rejected +
						     p->unsupported + p->skipped);
		assert_int_equal(p->n_issues + p->issues_dropped <=
					 p->rejected + p->unsupported + p->skipped,
				 1);
	}
	return r;
}

static int runs(struct fx *f, const char *s)
{
	return run(f, s, strlen(s));
}

static const struct lf_ioc *get(const struct fx *f, size_t i)
{
	assert_true(i < lf_iocset_count(f->set));
	return lf_iocset_get(f->set, i);
}

static void assert_ioc(const struct fx *f, size_t i, enum lf_ioc_type t,
		       const char *value)
{
	const struct lf_ioc *ioc = get(f, i);
	assert_int_equal(ioc->type, t);
	assert_string_equal(ioc->value, value);
}

static const struct lf_feed_issue *issue(const struct fx *f, size_t i)
{
	assert_true(i < f->rep.n_issues);
	return &f->rep.issues[i];
}

/* ------------------------------------------------------------------ */
/* LIST                                                                 */

static const char firehol[] =
	"#\n"
	"# firehol_level1\n"
	"#\n"
	"# ipv4 hash:net ipset\n"
	"#\n"
	"# A firewall blacklist composed from IP lists, providing\n"
	"# maximum protection with minimum false positives.\n"
	"#\n"
	"# Maintainer      : FireHOL\n"
	"# Source URL      : http://iplists.firehol.org/\n"
	"#\n"
	"# Source File Date: Mon Jan  1 00:00:00 UTC 2024\n"
	"# This File Date  : Mon Jan  1 00:10:00 UTC 2024\n"
	"#\n"
	"# Entries         : 4 subnets, 3 unique IPs\n"
	"#\n"
	"0.0.0.0/8\n"
	"1.10.16.0/20\n"
	"5.134.128.0/19 # a trailing comment\n"
	"223.254.0.0/16\n"
	"185.220.101.4\n";

static void test_list_firehol(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_LIST, "firehol_level1.netset");
	assert_int_equal(runs(f, firehol), 0);
	assert_int_equal(f->rep.format, LF_FEED_LIST);
	assert_int_equal(f->rep.entries, 5);
	assert_int_equal(f->rep.imported, 5);
	assert_int_equal(f->rep.per_type[LF_IOC_IPV4], 5);
	assert_int_equal(f->rep.n_issues, 0);
	assert_ioc(f, 0, LF_IOC_IPV4, "0.0.0.0/8");
	assert_ioc(f, 2, LF_IOC_IPV4, "5.134.128.0/19");
	assert_ioc(f, 4, LF_IOC_IPV4, "185.220.101.4/32");
	assert_string_equal(get(f, 0)->ref, "firehol_level1.netset:17");
	assert_string_equal(get(f, 4)->ref, "firehol_level1.netset:21");
	assert_int_equal(get(f, 0)->confidence, LF_CONF_UNSET);
	assert_int_equal(get(f, 0)->tlp, LF_TLP_UNSET);
	assert_int_equal(get(f, 0)->source, f->opts.source);
	assert_true(get(f, 0)->valid_from == LF_TIME_MIN);
	assert_true(get(f, 0)->valid_until == LF_TIME_MAX);
	assert_null(get(f, 0)->labels);
	fx_free(f);
}

static void test_list_spamhaus_drop(void **state)
{
	(void)state;
	static const char drop[] =
		"; Spamhaus DROP List 2024/01/01 - (c) 2024 The Spamhaus "
		"Project SLU\r\n"
		"; https://www.spamhaus.org/drop/drop.txt\r\n"
		"; Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
		"; Expires: Mon, 01 Jan 2024 01:00:00 GMT\r\n"
		"1.10.16.0/20 ; SBL256894\r\n"
		"1.19.0.0/16 ; SBL434604\r\n"
		"2.56.192.0/22 ; SBL459831\r\n"
		"2a06:e480::/29 ; SBL301771\r\n";
	struct fx *f = fx_new(LF_FEED_LIST, "drop.txt");
	f->opts.default_confidence = 90;
	f->opts.default_tlp = LF_TLP_CLEAR;
	assert_int_equal(runs(f, drop), 0);
	assert_int_equal(f->rep.imported, 4);
	assert_int_equal(f->rep.per_type[LF_IOC_IPV4], 3);
	assert_int_equal(f->rep.per_type[LF_IOC_IPV6], 1);
	assert_ioc(f, 0, LF_IOC_IPV4, "1.10.16.0/20");
	assert_ioc(f, 3, LF_IOC_IPV6, "2a06:e480::/29");
	assert_int_equal(get(f, 1)->confidence, 90);
	assert_int_equal(get(f, 1)->tlp, LF_TLP_CLEAR);
	assert_string_equal(get(f, 3)->ref, "drop.txt:8");
	fx_free(f);
}

static void test_list_ipsum(void **state)
{
	(void)state;
	static const char ipsum[] =
		"# IPsum Threat Intelligence Feed\n"
		"# (https://github.com/stamparm/ipsum)\n"
		"#\n"
		"# Last update: Mon, 01 Jan 2024 03:00:02 +0100\n"
		"#\n"
		"# IP\tnumber of (black)lists\n"
		"#\n"
		"45.148.10.81\t10\n"
		"80.94.95.115\t9\n"
		"2.57.122.208\t1\n";
	struct fx *f = fx_new(LF_FEED_LIST, "ipsum.txt");
	assert_int_equal(runs(f, ipsum), 0);
	assert_int_equal(f->rep.imported, 3);
	assert_ioc(f, 0, LF_IOC_IPV4, "45.148.10.81/32");
	assert_ioc(f, 2, LF_IOC_IPV4, "2.57.122.208/32");
	/* the count is not a confidence */
	assert_int_equal(get(f, 0)->confidence, LF_CONF_UNSET);
	fx_free(f);
}

static void test_list_mixed_types(void **state)
{
	(void)state;
	static const char mixed[] =
		"\xef\xbb\xbf" /* BOM */
		"  Evil.Example.COM  \n"
		"\n"
		"\t\n"
		"*.wild.example.net\n"
		"http://Bad.Example/x/../payload.exe\n"
		"44d88612fea8a8f36de82e1278abb02f\n"
		"Phish@Example.org\n"
		"2001:db8::1\n"
		"  # indented comment\n"
		"; semicolon comment\n";
	struct fx *f = fx_new(LF_FEED_LIST, "mixed");
	assert_int_equal(runs(f, mixed), 0);
	assert_int_equal(f->rep.entries, 6);
	assert_int_equal(f->rep.imported, 6);
	assert_ioc(f, 0, LF_IOC_DOMAIN, "evil.example.com");
	assert_int_equal(get(f, 0)->flags & LF_IOC_F_SUBDOMAINS, 0);
	assert_string_equal(get(f, 0)->ref, "mixed:1");
	assert_ioc(f, 1, LF_IOC_DOMAIN, "wild.example.net");
	assert_int_equal(get(f, 1)->flags & LF_IOC_F_SUBDOMAINS,
			 LF_IOC_F_SUBDOMAINS);
	assert_ioc(f, 2, LF_IOC_URL, "http://bad.example/payload.exe");
	assert_ioc(f, 3, LF_IOC_MD5, "44d88612fea8a8f36de82e1278abb02f");
	assert_ioc(f, 4, LF_IOC_EMAIL, "phish@example.org");
	assert_ioc(f, 5, LF_IOC_IPV6, "2001:db8::1/128");
	assert_int_equal(f->rep.per_type[LF_IOC_DOMAIN], 2);
	fx_free(f);
}

static void test_list_bad_values(void **state)
{
	(void)state;
	static const char bad[] =
		"1.2.3.4/33\n"     /* 1: prefix length */
		"300.1.1.1\n"      /* 2: octet */
		"fe80::1%eth0\n"   /* 3: zone id */
		"1.2.3.4/24\n"     /* 4: host bits */
		"8.8.8.8\n"        /* 5: good */
		"evil.com junk\n"  /* 6: text after the value */
		"localhost\n"      /* 7: one label is not a domain */
		"9.9.9.9\r\n";     /* 8: good, CRLF */
	struct fx *f = fx_new(LF_FEED_LIST, "bad.txt");
	assert_int_equal(runs(f, bad), 0);
	assert_int_equal(f->rep.entries, 8);
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.rejected, 6);
	assert_int_equal(f->rep.n_issues, 6);
	assert_ioc(f, 0, LF_IOC_IPV4, "8.8.8.8/32");
	assert_ioc(f, 1, LF_IOC_IPV4, "9.9.9.9/32");

	assert_string_equal(issue(f, 0)->where, "bad.txt:1");
	assert_int_equal(issue(f, 0)->severity, LF_FEED_REJECTED);
	assert_non_null(strstr(issue(f, 0)->reason, "'1.2.3.4/33'"));
	assert_non_null(strstr(issue(f, 0)->reason, lf_strerror(LF_ERANGE)));
	assert_string_equal(issue(f, 1)->where, "bad.txt:2");
	assert_non_null(strstr(issue(f, 1)->reason, "'300.1.1.1'"));
	assert_string_equal(issue(f, 2)->where, "bad.txt:3");
	assert_non_null(strstr(issue(f, 2)->reason, lf_strerror(LF_EZONE)));
	assert_string_equal(issue(f, 3)->where, "bad.txt:4");
	assert_non_null(strstr(issue(f, 3)->reason, "host bits"));
	assert_non_null(strstr(issue(f, 3)->reason, "1.2.3.0/24"));
	assert_string_equal(issue(f, 4)->where, "bad.txt:6");
	assert_string_equal(issue(f, 5)->where, "bad.txt:7");
	fx_free(f);
}

static void test_list_nul_and_huge_lines(void **state)
{
	(void)state;
	/* line 2 has a NUL, line 3 is 70000 bytes, line 4 is exactly 64 KiB
	 * of white space (kept, skipped as empty) */
	size_t huge = 70000, edge = 65536;
	size_t cap = 64 + huge + edge;
	char *buf = malloc(cap);
	assert_non_null(buf);
	size_t n = 0;
	memcpy(buf + n, "1.1.1.1\n", 8);
	n += 8;
	memcpy(buf + n, "2.2.\0002.2\n", 9);
	n += 9;
	memset(buf + n, 'a', huge);
	n += huge;
	buf[n++] = '\n';
	memset(buf + n, ' ', edge);
	n += edge;
	buf[n++] = '\n';
	memcpy(buf + n, "3.3.3.3", 7);
	n += 7; /* no final newline */

	struct fx *f = fx_new(LF_FEED_LIST, "x");
	assert_int_equal(run(f, buf, n), 0);
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.rejected, 2);
	assert_string_equal(issue(f, 0)->where, "x:2");
	assert_non_null(strstr(issue(f, 0)->reason, "NUL"));
	/* the reason quotes the line with the NUL escaped */
	assert_non_null(strstr(issue(f, 0)->reason, "\\x00"));
	assert_string_equal(issue(f, 1)->where, "x:3");
	assert_non_null(strstr(issue(f, 1)->reason, "70000"));
	assert_string_equal(get(f, 1)->ref, "x:5");
	free(buf);
	fx_free(f);
}

static void test_list_empty_and_comments(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_LIST, "e");
	assert_int_equal(run(f, NULL, 0), 0);
	assert_int_equal(run(f, "", 0), 0);
	assert_int_equal(runs(f, "\xef\xbb\xbf"), 0);
	assert_int_equal(runs(f, "# only\n; comments\n\n   \r\n"), 0);
	assert_int_equal(f->rep.entries, 0);
	assert_int_equal(f->rep.n_issues, 0);
	assert_int_equal(lf_iocset_count(f->set), 0);
	fx_free(f);
}

static void test_list_binary(void **state)
{
	(void)state;
	unsigned char junk[3000];
	uint32_t x = 0x12345678;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	/* AUTO refuses the whole buffer, adding nothing */
	struct fx *f = fx_new(LF_FEED_AUTO, "junk");
	assert_int_equal(run(f, (const char *)junk, sizeof(junk)), LF_EFORMAT);
	assert_int_equal(lf_iocset_count(f->set), 0);
	assert_int_equal(f->rep.n_issues, 1);
	fx_free(f);

	/* forced LIST: every line is rejected, never imported, never a crash */
	f = fx_new(LF_FEED_LIST, "junk");
	assert_int_equal(run(f, (const char *)junk, sizeof(junk)), 0);
	assert_int_equal(f->rep.imported, 0);
	assert_true(f->rep.rejected > 0);
	assert_int_equal(f->rep.entries, f->rep.rejected);
	fx_free(f);
}

static void test_list_issue_cap(void **state)
{
	(void)state;
	size_t lines = 2000;
	char *buf = malloc(lines * 12 + 16);
	assert_non_null(buf);
	size_t n = 0;
	for (size_t i = 0; i < lines; i++) {
		memcpy(buf + n, "300.1.1.1\n", 10);
		n += 10;
	}
	memcpy(buf + n, "1.1.1.1\n", 8);
	n += 8;
	struct fx *f = fx_new(LF_FEED_LIST, "many");
	assert_int_equal(run(f, buf, n), 0);
	assert_int_equal(f->rep.rejected, 2000);
	assert_int_equal(f->rep.n_issues, LF_FEED_MAX_ISSUES);
	assert_int_equal(f->rep.issues_dropped, 1000);
	assert_int_equal(f->rep.imported, 1);
	assert_string_equal(issue(f, 999)->where, "many:1000");
	free(buf);
	fx_free(f);
}

static void test_list_set_full(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_LIST, "cap");
	lf_iocset_free(f->set);
	struct lf_iocset_limits lim = {.max_indicators = 3, .max_bytes = 0};
	assert_int_equal(lf_iocset_new(&lim, &f->set), 0);
	assert_int_equal(lf_iocset_source(f->set, "t", &f->opts.source), 0);
	int r = runs(f, "1.1.1.1\n2.2.2.2\n3.3.3.3\n4.4.4.4\n5.5.5.5\n");
	assert_int_equal(r, LF_ELIMIT);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.rejected, 1);
	assert_string_equal(issue(f, 0)->where, "cap:4");
	assert_int_equal(lf_iocset_count(f->set), 3);
	fx_free(f);
}

static void test_list_bad_args(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_LIST, "a");
	assert_int_equal(lf_feed_import_list(NULL, "x", 1, f->set, &f->rep),
			 -EINVAL);
	assert_int_equal(lf_feed_import_list(&f->opts, NULL, 1, f->set,
					     &f->rep),
			 -EINVAL);
	assert_int_equal(lf_feed_import_list(&f->opts, "x", 1, NULL, &f->rep),
			 -EINVAL);
	f->opts.default_confidence = 101;
	assert_int_equal(runs(f, "1.1.1.1\n"), -EINVAL);
	f->opts.default_confidence = 100;
	f->opts.default_tlp = LF_TLP__COUNT;
	assert_int_equal(runs(f, "1.1.1.1\n"), -EINVAL);
	f->opts.default_tlp = LF_TLP_RED;
	/* a JSON buffer is not a list */
	f->opts.format = LF_FEED_AUTO;
	assert_int_equal(runs(f, "{\"type\": \"bundle\"}"), LF_EFORMAT);
	assert_non_null(strstr(issue(f, 0)->reason, "stix"));
	assert_int_equal(lf_iocset_count(f->set), 0);
	fx_free(f);
}

static void test_list_long_name(void **state)
{
	(void)state;
	char name[300];
	memset(name, 'd', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	struct fx *f = fx_new(LF_FEED_LIST, name);
	assert_int_equal(runs(f, "x\n1.1.1.1\n"), 0);
	const char *w = issue(f, 0)->where;
	assert_true(strlen(w) < sizeof(issue(f, 0)->where));
	assert_memory_equal(w, "...", 3);
	assert_string_equal(w + strlen(w) - 2, ":1");
	f->opts.name = NULL;
	assert_int_equal(runs(f, "y\n"), 0);
	assert_string_equal(issue(f, 1)->where, "(input):1");
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* HOSTS                                                                */

static const char hosts[] =
	"# Title: StevenBlack/hosts\n"
	"#\n"
	"# This hosts file is a merged collection of hosts from reputable "
	"sources,\n"
	"# ===============================================================\n"
	"\n"
	"127.0.0.1 localhost\n"
	"127.0.0.1 localhost.localdomain\n"
	"127.0.0.1 local\n"
	"255.255.255.255 broadcasthost\n"
	"::1 localhost\n"
	"::1 ip6-localhost\n"
	"::1 ip6-loopback\n"
	"fe80::1%lo0 localhost\n"
	"ff00::0 ip6-localnet\n"
	"ff00::0 ip6-mcastprefix\n"
	"ff02::1 ip6-allnodes\n"
	"ff02::2 ip6-allrouters\n"
	"ff02::3 ip6-allhosts\n"
	"0.0.0.0 0.0.0.0\n"
	"\n"
	"# Custom host records are listed here.\n"
	"\n"
	"# End of custom host records.\n"
	"# Start StevenBlack\n"
	"\n"
	"#=====================================\n"
	"\n"
	"0.0.0.0 1493361689.rsc.cdn77.org\n"
	"0.0.0.0 30-day-change.com\n"
	"0.0.0.0\tads.Example.com  tracker.example.net # two names\r\n"
	"127.0.0.1 adserver.example.org\n"
	":: v6sink.example\n";

static void test_hosts_stevenblack(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_HOSTS, "hosts");
	assert_int_equal(runs(f, hosts), 0);
	assert_int_equal(f->rep.imported, 6);
	assert_int_equal(f->rep.per_type[LF_IOC_DOMAIN], 6);
	assert_ioc(f, 0, LF_IOC_DOMAIN, "1493361689.rsc.cdn77.org");
	assert_ioc(f, 2, LF_IOC_DOMAIN, "ads.example.com");
	assert_ioc(f, 3, LF_IOC_DOMAIN, "tracker.example.net");
	assert_ioc(f, 4, LF_IOC_DOMAIN, "adserver.example.org");
	assert_ioc(f, 5, LF_IOC_DOMAIN, "v6sink.example");
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(get(f, i)->flags & LF_IOC_F_SUBDOMAINS, 0);
	assert_string_equal(get(f, 3)->ref, "hosts:30");
	/* 14 local names on 14 lines: counted, one summary issue */
	assert_int_equal(f->rep.skipped, 14);
	assert_int_equal(f->rep.rejected, 0);
	assert_int_equal(f->rep.n_issues, 1);
	assert_int_equal(issue(f, 0)->severity, LF_FEED_SKIPPED);
	assert_string_equal(issue(f, 0)->where, "hosts:6");
	assert_non_null(strstr(issue(f, 0)->reason, "14 "));
	assert_non_null(strstr(issue(f, 0)->reason, "first at line 6"));
	fx_free(f);
}

static void test_hosts_bad(void **state)
{
	(void)state;
	static const char bad[] =
		"1.2.3.4 bank.example\n"       /* 1: not a sink: skipped */
		"0.0.0.0\n"                    /* 2: no name */
		"0.0.0.0 *.wild.example\n"     /* 3: wildcard */
		"0.0.0.0 bad..name\n"          /* 4: bad name */
		"300.0.0.0 evil.example\n"     /* 5: bad address */
		"0.0.0.0 localhost ok.example\n" /* 6: one quiet, one good */
		"0.0.0.0 10.1.2.3\n";          /* 7: an IP is not a name */
	struct fx *f = fx_new(LF_FEED_HOSTS, "h");
	assert_int_equal(runs(f, bad), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_ioc(f, 0, LF_IOC_DOMAIN, "ok.example");
	assert_int_equal(f->rep.skipped, 2);
	assert_int_equal(f->rep.rejected, 5);
	assert_string_equal(issue(f, 0)->where, "h:1");
	assert_int_equal(issue(f, 0)->severity, LF_FEED_SKIPPED);
	assert_non_null(strstr(issue(f, 0)->reason, "bank.example"));
	assert_string_equal(issue(f, 1)->where, "h:2");
	assert_string_equal(issue(f, 2)->where, "h:3");
	assert_non_null(strstr(issue(f, 2)->reason, "wildcard"));
	assert_string_equal(issue(f, 3)->where, "h:4");
	assert_string_equal(issue(f, 4)->where, "h:5");
	assert_non_null(strstr(issue(f, 4)->reason, "300.0.0.0"));
	assert_string_equal(issue(f, 5)->where, "h:6"); /* quiet summary */
	assert_string_equal(issue(f, 6)->where, "h:7");
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* IPREP                                                                */

static void test_iprep(void **state)
{
	(void)state;
	static const char rep[] =
		"# Suricata reputation file\n"
		"1.2.3.4,1,101\n"
		"1.1.1.0/24,6,88\n"
		"2001:db8::/32, 2, 127\n"
		"5.5.5.5,3,1\n"
		"6.6.6.6,3,0\n"          /* 6: no data: skipped */
		"7.7.7.7,3,128\n"        /* 7: score */
		"8.8.8.8,256,10\n"       /* 8: category */
		"9.9.9.9,1\n"            /* 9: fields */
		"evil.example,1,10\n"    /* 10: not an IP */
		"10.0.0.1/8,1,10\n"      /* 11: host bits */
		"11.11.11.11,1,10,x\n"   /* 12: fields */
		"12.12.12.12,-1,10\n";   /* 13: category */
	struct fx *f = fx_new(LF_FEED_IPREP, "rep.list");
	f->opts.default_confidence = 5;
	assert_int_equal(runs(f, rep), 0);
	assert_int_equal(f->rep.entries, 12);
	assert_int_equal(f->rep.imported, 4);
	assert_int_equal(f->rep.skipped, 1);
	assert_int_equal(f->rep.rejected, 7);
	assert_ioc(f, 0, LF_IOC_IPV4, "1.2.3.4/32");
	assert_int_equal(get(f, 0)->confidence, 80); /* 101*100/127 = 79.5 */
	assert_string_equal(get(f, 0)->labels, "iprep-category:1");
	assert_ioc(f, 1, LF_IOC_IPV4, "1.1.1.0/24");
	assert_int_equal(get(f, 1)->confidence, 69); /* 88 -> 69.3 */
	assert_string_equal(get(f, 1)->labels, "iprep-category:6");
	assert_ioc(f, 2, LF_IOC_IPV6, "2001:db8::/32");
	assert_int_equal(get(f, 2)->confidence, 100);
	assert_int_equal(get(f, 3)->confidence, 1);
	assert_string_equal(get(f, 3)->ref, "rep.list:5");

	assert_string_equal(issue(f, 0)->where, "rep.list:6");
	assert_int_equal(issue(f, 0)->severity, LF_FEED_SKIPPED);
	assert_string_equal(issue(f, 1)->where, "rep.list:7");
	assert_non_null(strstr(issue(f, 1)->reason, "score"));
	assert_string_equal(issue(f, 2)->where, "rep.list:8");
	assert_non_null(strstr(issue(f, 2)->reason, "category"));
	assert_non_null(strstr(issue(f, 3)->reason, "2 fields"));
	assert_non_null(strstr(issue(f, 4)->reason, "expected an IP"));
	assert_non_null(strstr(issue(f, 5)->reason, "10.0.0.0/8"));
	assert_non_null(strstr(issue(f, 6)->reason, "4 fields"));
	assert_string_equal(issue(f, 7)->where, "rep.list:13");
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

static const char urlhaus[] =
	"################################################################\n"
	"# abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #\n"
	"# Last updated: 2024-05-31 12:00:00 (UTC)                      #\n"
	"#                                                              #\n"
	"# Terms Of Use: https://urlhaus.abuse.ch/api/                  #\n"
	"# For questions please contact urlhaus [at] abuse.ch           #\n"
	"################################################################\n"
	"#\n"
	"# id,dateadded,url,url_status,last_online,threat,tags,"
	"urlhaus_link,reporter\n"
	"\"2861001\",\"2024-05-31 11:58:07\",\"http://115.55.237.97:42714/i\","
	"\"online\",\"2024-05-31 11:58:07\",\"malware_download\","
	"\"32-bit,elf,mips,Mozi\",\"https://urlhaus.abuse.ch/url/2861001/\","
	"\"geenensp\"\r\n"
	"\"2861000\",\"2024-05-31 11:57:05\","
	"\"https://evil.example/a,b/\"\"q\"\"\",\"online\",\"\","
	"\"malware_download\",\"\",\"https://urlhaus.abuse.ch/url/2861000/\","
	"\"anonymous\"\r\n"
	"\"2860999\",\"not a date\",\"http://x.example/\",\"offline\",\"\","
	"\"malware_download\",\"\",\"\",\"r\"\r\n";

static void test_csv_urlhaus(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_CSV, "csv.txt");
	f->opts.default_tlp = LF_TLP_CLEAR;
	assert_int_equal(runs(f, urlhaus), 0);
	assert_int_equal(f->rep.entries, 3);
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.rejected, 1);
	assert_ioc(f, 0, LF_IOC_URL, "http://115.55.237.97:42714/i");
	const struct lf_ioc *i0 = get(f, 0);
	assert_string_equal(i0->ref, "2861001");
	assert_string_equal(i0->labels, "32-bit,elf,mips,Mozi");
	assert_int_equal(i0->tlp, LF_TLP_CLEAR);
	lf_time_t t;
	assert_int_equal(lf_time_parse("2024-05-31T11:58:07Z", 20, &t), 0);
	assert_true(i0->valid_from == t);
	assert_true(i0->valid_until == LF_TIME_MAX);
	/* "" inside a quoted field and a comma in the URL */
	assert_int_equal(get(f, 1)->type, LF_IOC_URL);
	assert_non_null(strstr(get(f, 1)->value, "evil.example/a,b/"));
	assert_null(get(f, 1)->labels);
	assert_string_equal(issue(f, 0)->where, "csv.txt:12");
	assert_non_null(strstr(issue(f, 0)->reason, "not a date"));
	fx_free(f);
}

static void test_csv_columns(void **state)
{
	(void)state;
	static const char csv[] =
		"ID,Indicator,Type,Confidence,TLP,First_Seen,Valid_Until,"
		"Tags\n"
		"a1,198.51.100.7,ipv4,85,amber,2024-01-01T00:00:00Z,"
		"2025-01-01T00:00:00Z,\" c2 , botnet ,,\"\n"         /* 2 */
		"a2,evil.example,domain,,tlp:red,2024-01-02,,\n"       /* 3 */
		"a3,evil.example,ipv4,,,,,\n"                          /* 4 */
		"a4,1.2.3.4,ja3,,,,,\n"                                /* 5 */
		"a5,1.2.3.5,,101,,,,\n"                                /* 6 */
		"a6,1.2.3.6,,,purple,,,\n"                             /* 7 */
		"a7,1.2.3.7,,,,2024-01-01,2023-01-01,\n"               /* 8 */
		"a8,1.2.3.8,,,,,2024-05-01T00:00:00Z,\n"               /* 9 */
		"a9,1.2.3.9,,,\n"                                      /* 10 */
		"a10,,,,,,,\n"                                         /* 11 */
		"\"a\"11\",1.1.1.1,,,,,,\n"                            /* 12 */
		"a12,\"multi\nline\",,,,,,\n"                          /* 13 */
		"a13,44d88612fea8a8f36de82e1278abb02f,md5,,,,,\n";     /* 15 */
	struct fx *f = fx_new(LF_FEED_CSV, "c.csv");
	f->opts.default_confidence = 50;
	assert_int_equal(runs(f, csv), 0);
	assert_int_equal(f->rep.entries, 13);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.unsupported, 1);
	assert_int_equal(f->rep.skipped, 1);
	assert_int_equal(f->rep.rejected, 8);

	const struct lf_ioc *a = get(f, 0);
	assert_ioc(f, 0, LF_IOC_IPV4, "198.51.100.7/32");
	assert_string_equal(a->ref, "a1");
	assert_int_equal(a->confidence, 85);
	assert_int_equal(a->tlp, LF_TLP_AMBER);
	assert_string_equal(a->labels, "c2,botnet");
	lf_time_t t0, t1;
	assert_int_equal(lf_time_parse("2024-01-01T00:00:00Z", 20, &t0), 0);
	assert_int_equal(lf_time_parse("2025-01-01T00:00:00Z", 20, &t1), 0);
	assert_true(a->valid_from == t0);
	assert_true(a->valid_until == t1);

	assert_ioc(f, 1, LF_IOC_DOMAIN, "evil.example");
	assert_int_equal(get(f, 1)->confidence, 50);
	assert_int_equal(get(f, 1)->tlp, LF_TLP_RED);
	assert_int_equal(lf_time_parse("2024-01-02T00:00:00Z", 20, &t0), 0);
	assert_true(get(f, 1)->valid_from == t0);
	assert_ioc(f, 2, LF_IOC_MD5, "44d88612fea8a8f36de82e1278abb02f");
	assert_string_equal(get(f, 2)->ref, "a13");

	const char *where[] = {"c.csv:4",  "c.csv:5",  "c.csv:6",  "c.csv:7",
			       "c.csv:8",  "c.csv:9",  "c.csv:10", "c.csv:11",
			       "c.csv:12", "c.csv:13"};
	assert_int_equal(f->rep.n_issues, 10);
	for (size_t i = 0; i < 10; i++)
		assert_string_equal(issue(f, i)->where, where[i]);
	assert_non_null(strstr(issue(f, 0)->reason, "expected ipv4"));
	assert_int_equal(issue(f, 1)->severity, LF_FEED_UNSUPPORTED);
	assert_non_null(strstr(issue(f, 1)->reason, "ja3"));
	assert_non_null(strstr(issue(f, 2)->reason, "confidence"));
	assert_non_null(strstr(issue(f, 3)->reason, "TLP"));
	assert_non_null(strstr(issue(f, 4)->reason, "not after"));
	assert_int_equal(issue(f, 5)->severity, LF_FEED_SKIPPED);
	assert_non_null(strstr(issue(f, 5)->reason, "expired"));
	assert_non_null(strstr(issue(f, 6)->reason, "5 fields"));
	assert_non_null(strstr(issue(f, 7)->reason, "empty"));
	assert_non_null(strstr(issue(f, 8)->reason, "closing quote"));
	fx_free(f);
}

static void test_csv_threatfox(void **state)
{
	(void)state;
	static const char tf[] =
		"################################################################\n"
		"# ThreatFox IOCs: CSV dump                                     #\n"
		"################################################################\n"
		"#\n"
		"# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",\"ioc_type\","
		"\"threat_type\",\"fk_malware\",\"malware_alias\","
		"\"malware_printable\",\"last_seen_utc\",\"confidence_level\","
		"\"reference\",\"tags\",\"anonymous\",\"reporter\"\n"
		"\"2024-05-31 10:00:00\", \"1290001\", \"91.92.247.3:7000\", "
		"\"ip:port\", \"botnet_cc\", \"win.asyncrat\", \"None\", "
		"\"AsyncRAT\", \"\", \"100\", \"\", \"AsyncRAT,RAT\", \"0\", "
		"\"abuse_ch\"\n"
		"\"2024-05-31 10:00:01\", \"1290002\", \"[2001:db8::7]:443\", "
		"\"ip:port\", \"botnet_cc\", \"x\", \"None\", \"x\", \"\", "
		"\"75\", \"\", \"\", \"0\", \"abuse_ch\"\n"
		"\"2024-05-31 10:00:02\", \"1290003\", \"evil-c2.example\", "
		"\"domain\", \"botnet_cc\", \"x\", \"None\", \"x\", \"\", "
		"\"50\", \"\", \"\", \"0\", \"abuse_ch\"\n"
		"\"2024-05-31 10:00:03\", \"1290004\", \"91.92.247.3\", "
		"\"ip:port\", \"botnet_cc\", \"x\", \"None\", \"x\", \"\", "
		"\"50\", \"\", \"\", \"0\", \"abuse_ch\"\n";
	struct fx *f = fx_new(LF_FEED_CSV, "full.csv");
	assert_int_equal(runs(f, tf), 0);
	assert_int_equal(f->rep.imported, 3);
	assert_int_equal(f->rep.rejected, 1);
	assert_ioc(f, 0, LF_IOC_IPV4, "91.92.247.3/32");
	assert_int_equal(get(f, 0)->confidence, 100);
	assert_string_equal(get(f, 0)->ref, "1290001");
	assert_string_equal(get(f, 0)->labels, "AsyncRAT,RAT");
	assert_ioc(f, 1, LF_IOC_IPV6, "2001:db8::7/128");
	assert_int_equal(get(f, 1)->confidence, 75);
	assert_ioc(f, 2, LF_IOC_DOMAIN, "evil-c2.example");
	assert_string_equal(issue(f, 0)->where, "full.csv:9");
	assert_non_null(strstr(issue(f, 0)->reason, "ip:port"));
	fx_free(f);
}

static void test_csv_header(void **state)
{
	(void)state;
	/* unknown header: LF_EFORMAT, nothing added, the columns named */
	struct fx *f = fx_new(LF_FEED_CSV, "u.csv");
	assert_int_equal(runs(f, "when,what,who\n1,1.1.1.1,x\n"), LF_EFORMAT);
	assert_int_equal(lf_iocset_count(f->set), 0);
	assert_int_equal(f->rep.n_issues, 1);
	assert_string_equal(issue(f, 0)->where, "u.csv:1");
	assert_non_null(strstr(issue(f, 0)->reason, "when, what, who"));
	fx_free(f);

	/* the same file with csv_column */
	f = fx_new(LF_FEED_CSV, "u.csv");
	f->opts.csv_column = "WHAT";
	assert_int_equal(runs(f, "when,what,who\n1,1.1.1.1,x\n"), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_ioc(f, 0, LF_IOC_IPV4, "1.1.1.1/32");
	assert_string_equal(get(f, 0)->ref, "u.csv:2");
	fx_free(f);

	/* csv_column that is not there */
	f = fx_new(LF_FEED_CSV, "u.csv");
	f->opts.csv_column = "nope";
	assert_int_equal(runs(f, "value\n1.1.1.1\n"), LF_EFORMAT);
	assert_non_null(strstr(issue(f, 0)->reason, "'nope'"));
	fx_free(f);

	/* a column named for a type restricts the values; single column */
	f = fx_new(LF_FEED_CSV, "d.csv");
	assert_int_equal(runs(f, "domain\nevil.example\n1.2.3.4\n"), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected, 1);
	assert_non_null(strstr(issue(f, 0)->reason, "expected domain"));
	fx_free(f);

	/* priority: "value" before "ip" whatever the column order */
	f = fx_new(LF_FEED_CSV, "p.csv");
	assert_int_equal(runs(f, "ip,value\n1.1.1.1,evil.example\n"), 0);
	assert_ioc(f, 0, LF_IOC_DOMAIN, "evil.example");
	fx_free(f);

	/* only comments / empty: nothing, no error */
	f = fx_new(LF_FEED_CSV, "e.csv");
	assert_int_equal(runs(f, "# nothing here\n\n"), 0);
	assert_int_equal(runs(f, ""), 0);
	assert_int_equal(f->rep.n_issues, 0);
	fx_free(f);
}

static void test_csv_hostile(void **state)
{
	(void)state;
	/* an unterminated quote: that record rejected, the next line read */
	struct fx *f = fx_new(LF_FEED_CSV, "q.csv");
	assert_int_equal(runs(f, "value\n\"1.1.1.1\n2.2.2.2\n"), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_ioc(f, 0, LF_IOC_IPV4, "2.2.2.2/32");
	assert_string_equal(issue(f, 0)->where, "q.csv:2");
	assert_non_null(strstr(issue(f, 0)->reason, "not closed"));
	fx_free(f);

	/* a record past 64 KiB, then a good one */
	size_t big = 70000;
	char *buf = malloc(big + 64);
	assert_non_null(buf);
	size_t n = 0;
	memcpy(buf, "value\n\"", 7);
	n = 7;
	memset(buf + n, 'a', big);
	n += big;
	memcpy(buf + n, "\"\n3.3.3.3\n", 10);
	n += 10;
	f = fx_new(LF_FEED_CSV, "big.csv");
	assert_int_equal(run(f, buf, n), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected, 1);
	assert_non_null(strstr(issue(f, 0)->reason, "65536"));
	fx_free(f);

	/* the limit is exact: 65536 bytes of record pass, 65537 do not */
	for (size_t k = 65536; k <= 65537; k++) {
		memcpy(buf, "value\n", 6);
		memset(buf + 6, 'a', k);
		buf[6 + k] = '\n';
		f = fx_new(LF_FEED_CSV, "edge.csv");
		assert_int_equal(run(f, buf, 7 + k), 0);
		assert_int_equal(f->rep.rejected, 1);
		assert_int_equal(strstr(issue(f, 0)->reason, "longer") != NULL,
				 k == 65537);
		/* and at the end of the buffer without a newline */
		lf_feed_report_free(&f->rep);
		assert_int_equal(run(f, buf, 6 + k), 0);
		assert_int_equal(strstr(issue(f, 0)->reason, "longer") != NULL,
				 k == 65537);
		fx_free(f);
	}

	/* 300 fields */
	n = 0;
	memcpy(buf, "value\n", 6);
	n = 6;
	for (int i = 0; i < 300; i++)
		buf[n++] = ',';
	memcpy(buf + n, "\n4.4.4.4\n", 9);
	n += 9;
	f = fx_new(LF_FEED_CSV, "w.csv");
	assert_int_equal(run(f, buf, n), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.rejected, 1);
	fx_free(f);

	/* NUL inside a record */
	static const char nul[] = "value\n5.5.\0005.5\n6.6.6.6\n";
	f = fx_new(LF_FEED_CSV, "n.csv");
	assert_int_equal(run(f, nul, sizeof(nul) - 1), 0);
	assert_int_equal(f->rep.imported, 1);
	assert_string_equal(issue(f, 0)->where, "n.csv:2");
	assert_non_null(strstr(issue(f, 0)->reason, "NUL"));
	free(buf);
	fx_free(f);
}

/* ------------------------------------------------------------------ */
/* MISP hashes.csv                                                      */

static void test_misp_hashes(void **state)
{
	(void)state;
	static const char h[] =
		"a5d4c1ce3b7c1e3e0f5e9b0a5d4c1ce3,"
		"5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\n"
		"0cc175b9c0f1b6a831c399e269772661,"
		"5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\n"
		"nothex,5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\n";
	struct fx *f = fx_new(LF_FEED_MISP_HASHES, "hashes.csv");
	assert_int_equal(runs(f, h), 0);
	assert_int_equal(f->rep.format, LF_FEED_MISP_HASHES);
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.skipped, 2);
	assert_int_equal(f->rep.rejected, 1);
	assert_int_equal(f->rep.n_issues, 2);
	assert_non_null(strstr(issue(f, 0)->reason, "2 MISP hashes.csv"));
	assert_string_equal(issue(f, 1)->where, "hashes.csv:3");
	fx_free(f);
}

/* AUTO through lf_feed_import_list picks the list format itself. */
static void test_auto(void **state)
{
	(void)state;
	struct fx *f = fx_new(LF_FEED_AUTO, NULL);
	assert_int_equal(runs(f, "0.0.0.0 ads.example\n0.0.0.0 t.example\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_HOSTS);
	assert_int_equal(f->rep.imported, 2);
	fx_free(f);
	f = fx_new(LF_FEED_AUTO, NULL);
	assert_int_equal(runs(f, "1.2.3.4,1,127\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_IPREP);
	assert_int_equal(get(f, 0)->confidence, 100);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_firehol),
		cmocka_unit_test(test_list_spamhaus_drop),
		cmocka_unit_test(test_list_ipsum),
		cmocka_unit_test(test_list_mixed_types),
		cmocka_unit_test(test_list_bad_values),
		cmocka_unit_test(test_list_nul_and_huge_lines),
		cmocka_unit_test(test_list_empty_and_comments),
		cmocka_unit_test(test_list_binary),
		cmocka_unit_test(test_list_issue_cap),
		cmocka_unit_test(test_list_set_full),
		cmocka_unit_test(test_list_bad_args),
		cmocka_unit_test(test_list_long_name),
		cmocka_unit_test(test_hosts_stevenblack),
		cmocka_unit_test(test_hosts_bad),
		cmocka_unit_test(test_iprep),
		cmocka_unit_test(test_csv_urlhaus),
		cmocka_unit_test(test_csv_columns),
		cmocka_unit_test(test_csv_threatfox),
		cmocka_unit_test(test_csv_header),
		cmocka_unit_test(test_csv_hostile),
		cmocka_unit_test(test_misp_hashes),
		cmocka_unit_test(test_auto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
