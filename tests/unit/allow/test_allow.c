/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_allow.c — the allowlist collection: built-in defaults, operator
 * lists, per-list actions and their precedence, the DROP union handed to
 * the exporter, and limits. (MISP warninglists: test_warninglist.c.)
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

#include "allow/allow.h"
#include "cidr/cidr.h"
#include "core/err.h"
#include "ioc/ioc.h"

/* Check a textual value; returns the lf_allow_check code and fills
 * *list / *act. The value must parse. */
static int chk(const struct lf_allow *a, const char *s, size_t *list,
	       enum lf_allow_action *act)
{
	static struct lf_ioc_value v;
	int rc = lf_ioc_value_parse(LF_IOC_NONE, s, strlen(s), &v);
	if (rc != 0)
		rc = lf_ioc_value_parse(LF_IOC_DOMAIN, s, strlen(s), &v);
	if (rc != 0)
		fail_msg("test value does not parse: %s (%d)", s, rc);
	return lf_allow_check(a, &v, list, act);
}

static void expect_hit(const struct lf_allow *a, const char *s,
		       const char *list_name, enum lf_allow_action want)
{
	size_t li = 999;
	enum lf_allow_action act = LF_ALLOW_IGNORE;
	int rc = chk(a, s, &li, &act);
	if (rc != 0)
		fail_msg("%s: expected a hit in %s, got %s", s, list_name,
			 lf_strerror(rc));
	if (strcmp(lf_allow_name(a, li), list_name) != 0)
		fail_msg("%s: hit in %s, expected %s", s, lf_allow_name(a, li),
			 list_name);
	assert_int_equal(act, want);
}

static void expect_miss(const struct lf_allow *a, const char *s)
{
	size_t li = 999;
	int rc = chk(a, s, &li, NULL);
	if (rc != LF_ENOENT)
		fail_msg("%s: expected no hit, got %d in %s", s, rc,
			 rc == 0 ? lf_allow_name(a, li) : "-");
}

static struct lf_allow *mk_defaults(void)
{
	struct lf_allow *a;
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_defaults(a), 0);
	return a;
}

/* ---- defaults ----------------------------------------------------------- */

static void t_defaults_ip(void **state)
{
	(void)state;
	struct lf_allow *a = mk_defaults();
	assert_int_equal(lf_allow_count(a), 2);
	assert_string_equal(lf_allow_name(a, 0), LF_ALLOW_RFC6890);
	assert_string_equal(lf_allow_name(a, 1), LF_ALLOW_RFC6761);
	assert_int_equal(lf_allow_action_of(a, 0), LF_ALLOW_DROP);

	const char *in[] = {"10.1.2.3", "192.168.0.0/16", "192.168.7.0/24",
			    "127.0.0.1", "0.0.0.0", "100.64.1.1", "169.254.1.1",
			    "172.31.255.255", "192.0.2.1", "198.19.0.0/16",
			    "198.51.100.7", "203.0.113.0/24", "240.0.0.1",
			    "255.255.255.255", "224.0.0.251", "192.0.0.8",
			    "192.88.99.1", "::1", "::", "fe80::1", "fd00::1",
			    "fc00::/7", "2001:db8::1", "2001:db8::/32",
			    "::ffff:10.0.0.1", "64:ff9b:1::1", "100::1",
			    "2001:2::1", "3fff::1", "5f00::1", "ff02::fb"};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		expect_hit(a, in[i], LF_ALLOW_RFC6890, LF_ALLOW_DROP);

	/* globally reachable: must stay blockable */
	const char *out[] = {"8.8.8.8", "1.1.1.1", "11.0.0.1",
			     "192.0.0.9", "192.0.0.10", "192.31.196.1",
			     "192.52.193.1", "192.175.48.1", "172.32.0.1",
			     "100.128.0.1", "64:ff9b::808:808",
			     "2002:102:304::1",
			     "2001::1", "2001:0:4136:e378::1", "2001:1::1",
			     "2001:1::2", "2001:1::3", "2001:3::1",
			     "2001:4:112::1", "2001:20::1", "2001:30::1",
			     "2620:4f:8000::1", "2001:4860:4860::8888",
			     /* partly inside only: not covered */
			     "10.0.0.0/7", "192.0.0.0/24", "2001::/23",
			     "0.0.0.0/0", "::/0"};
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		expect_miss(a, out[i]);
	lf_allow_free(a);
}

static void t_defaults_names(void **state)
{
	(void)state;
	struct lf_allow *a = mk_defaults();
	const char *in[] = {"example.com", "foo.example.com", "a.b.example.org",
			    "example", "x.example", "localhost", "db.localhost",
			    "test", "foo.test", "invalid", "printer.local",
			    "abcdefghijklmnop.onion", "router.home.arpa",
			    "5.4.3.10.in-addr.arpa", "1.1.168.192.in-addr.arpa",
			    "2.1.16.172.in-addr.arpa", "arpa", "in-addr.arpa",
			    "ip6.arpa", "ipv4only.arpa", "svc.internal",
			    "x.alt", "*.example.net"};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		expect_hit(a, in[i], LF_ALLOW_RFC6761, LF_ALLOW_DROP);
	const char *out[] = {"google.com", "notexample.com", "example.co",
			     "examplecom", "8.8.8.8.in-addr.arpa",
			     "1.32.172.in-addr.arpa",
			     "8.b.d.0.1.0.0.2.ip6.arpa",
			     "localhost.evil.com", "test.com", "onion.to"};
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		expect_miss(a, out[i]);
	lf_allow_free(a);
}

static void t_defaults_urls_and_others(void **state)
{
	(void)state;
	struct lf_allow *a = mk_defaults();
	expect_hit(a, "http://example.com/x", LF_ALLOW_RFC6761, LF_ALLOW_DROP);
	expect_hit(a, "https://user@www.example.org:8443/", LF_ALLOW_RFC6761,
		   LF_ALLOW_DROP);
	expect_hit(a, "http://10.0.0.1/admin", LF_ALLOW_RFC6890,
		   LF_ALLOW_DROP);
	expect_hit(a, "http://[fe80::1]/", LF_ALLOW_RFC6890, LF_ALLOW_DROP);
	expect_miss(a, "http://8.8.8.8/x");
	expect_miss(a, "http://evil.com/example.com");
	/* e-mail and hashes: no exact entries in the defaults */
	expect_miss(a, "root@example.com");
	expect_miss(a, "44d88612fea8a8f36de82e1278abb02f");
	lf_allow_free(a);
}

static void t_defaults_prefixes(void **state)
{
	(void)state;
	struct lf_allow *a = mk_defaults();
	const struct lf_prefix *p, *u;
	size_t n, nu;
	char buf[LF_PREFIX_STRLEN];
	int saw10 = 0, saw_pcp = 0;

	assert_int_equal(lf_allow_prefixes(a, 0, &p, &n), 0);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		lf_prefix_format(&p[i], buf, sizeof(buf));
		saw10 |= strcmp(buf, "10.0.0.0/8") == 0;
		saw_pcp |= strcmp(buf, "192.0.0.9/32") == 0;
		if (i) /* aggregated: sorted, families in order */
			assert_true(lf_prefix_cmp(&p[i - 1], &p[i]) < 0);
	}
	assert_true(saw10);
	assert_false(saw_pcp);
	/* 192.0.0.0/24 minus .9 and .10 is 192.0.0.0/29, .8/32, .11/32,
	 * .12/30, .16/28, .32/27, .64/26, .128/25 */
	struct lf_allow_stats st;
	assert_int_equal(lf_allow_stats(a, 0, &st), 0);
	assert_int_equal(st.prefixes_agg, n);
	assert_int_equal(st.rejected, 0);

	/* the DROP union is the same set here */
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &u, &nu),
			 0);
	assert_int_equal(nu, n);
	assert_memory_equal(u, p, n * sizeof(*p));
	assert_int_equal(lf_allow_prefixes(a, 1, &p, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(lf_allow_prefixes(a, 2, &p, &n), LF_ENOENT);

	uint64_t v4;
	assert_int_equal(lf_cidr_count(u, nu, &v4, NULL), 0);
	/* 0/8 10/8 127/8 224/3-ish... at least the /4s and /8s */
	assert_true(v4 > (uint64_t)2 * (1u << 28) + 3 * (1u << 24));

	assert_int_equal(lf_allow_add_defaults(a), LF_EEXIST);
	assert_int_equal(lf_allow_count(a), 2);
	lf_allow_free(a);
}

/* ---- operator lists ----------------------------------------------------- */

static const char op_list[] =
	"# corporate allowlist\n"
	"\n"
	"93.184.216.0/24   # our web farm\n"
	"  198.18.0.1\t\n"
	"2001:db8:abcd::/48\r\n"
	"corp.example.net ; partner\n"
	"*.cdn.partner.tw\n"
	"intranet\n"
	"https://portal.partner.tw/login\n"
	"abuse@partner.tw\n"
	"; another comment\n"
	"10.1.2.3/8\n"           /* host bits: bad */
	"not a value\n"          /* bad */
	"::g\n"                  /* bad */
	"93.184.216.0/24\n"      /* duplicate: fine */
	"corp.example.net\n"     /* duplicate name */
	"last.partner.tw";       /* no final newline */

static void t_operator_list(void **state)
{
	(void)state;
	struct lf_allow *a;
	size_t bad = 99, li;
	struct lf_allow_stats st;
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "corp", LF_ALLOW_DROP, op_list,
					   strlen(op_list), &bad),
			 0);
	assert_int_equal(bad, 3);
	assert_int_equal(lf_allow_find(a, "corp", &li), 0);
	assert_int_equal(li, 0);
	assert_int_equal(lf_allow_stats(a, 0, &st), 0);
	assert_int_equal(st.entries, 14);
	assert_int_equal(st.rejected, 3);
	assert_int_equal(st.prefixes, 4);
	assert_int_equal(st.prefixes_agg, 3);
	assert_int_equal(st.names, 4); /* corp, cdn, intranet, last */
	assert_int_equal(st.exact, 2); /* URL, e-mail */
	assert_int_equal(st.duplicates, 1);

	expect_hit(a, "93.184.216.34", "corp", LF_ALLOW_DROP);
	expect_hit(a, "93.184.216.0/25", "corp", LF_ALLOW_DROP);
	expect_miss(a, "93.184.0.0/16");
	expect_hit(a, "198.18.0.1", "corp", LF_ALLOW_DROP);
	expect_miss(a, "198.18.0.2");
	expect_hit(a, "2001:db8:abcd:1::5", "corp", LF_ALLOW_DROP);
	expect_hit(a, "corp.example.net", "corp", LF_ALLOW_DROP);
	expect_hit(a, "mail.corp.example.net", "corp", LF_ALLOW_DROP);
	expect_miss(a, "example.net");
	expect_hit(a, "cdn.partner.tw", "corp", LF_ALLOW_DROP);
	expect_hit(a, "x.y.cdn.partner.tw", "corp", LF_ALLOW_DROP);
	expect_miss(a, "partner.tw");
	expect_hit(a, "wiki.intranet", "corp", LF_ALLOW_DROP);
	expect_hit(a, "last.partner.tw", "corp", LF_ALLOW_DROP);
	expect_hit(a, "https://portal.partner.tw/login", "corp",
		   LF_ALLOW_DROP);
	expect_miss(a, "https://portal.partner.tw/other");
	expect_hit(a, "ABUSE@partner.tw", "corp", LF_ALLOW_DROP);
	expect_miss(a, "x@partner.tw");
	/* a URL on an allowed host is allowed too */
	expect_hit(a, "http://mail.corp.example.net/x", "corp",
		   LF_ALLOW_DROP);
	expect_hit(a, "http://93.184.216.34:8080/", "corp", LF_ALLOW_DROP);

	/* same name again */
	assert_int_equal(lf_allow_add_list(a, "corp", LF_ALLOW_WARN, "1.2.3.4",
					   7, NULL),
			 LF_EEXIST);
	assert_int_equal(lf_allow_add_list(a, "", LF_ALLOW_WARN, "1.2.3.4", 7,
					   NULL),
			 -EINVAL);
	assert_int_equal(lf_allow_add_list(a, "x", (enum lf_allow_action)7,
					   "1.2.3.4", 7, NULL),
			 -EINVAL);
	/* empty list is fine */
	assert_int_equal(lf_allow_add_list(a, "empty", LF_ALLOW_DROP, "", 0,
					   &bad),
			 0);
	assert_int_equal(bad, 0);
	assert_int_equal(lf_allow_count(a), 2);
	lf_allow_free(a);
}

/* ---- actions and precedence --------------------------------------------- */

static void t_actions(void **state)
{
	(void)state;
	struct lf_allow *a;
	const struct lf_prefix *p;
	size_t n, li;
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "warn1", LF_ALLOW_WARN,
					   "1.2.3.0/24\nevil.example.tw\n", 27,
					   NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "drop1", LF_ALLOW_DROP,
					   "1.2.0.0/16\nexample.tw\n", 22,
					   NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "drop2", LF_ALLOW_DROP,
					   "1.0.0.0/8\n", 10, NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "ign", LF_ALLOW_IGNORE,
					   "9.9.9.9\n", 8, NULL),
			 0);

	/* the first DROP list wins over an earlier WARN list */
	expect_hit(a, "1.2.3.4", "drop1", LF_ALLOW_DROP);
	expect_hit(a, "evil.example.tw", "drop1", LF_ALLOW_DROP);
	expect_hit(a, "1.9.9.9", "drop2", LF_ALLOW_DROP);
	expect_miss(a, "9.9.9.9"); /* IGNORE lists are not consulted */

	/* only WARN lists: the first WARN list */
	assert_int_equal(lf_allow_set_action(a, "drop1", LF_ALLOW_WARN), 0);
	assert_int_equal(lf_allow_set_action(a, "drop2", LF_ALLOW_IGNORE), 0);
	expect_hit(a, "1.2.3.4", "warn1", LF_ALLOW_WARN);
	expect_hit(a, "1.2.4.4", "drop1", LF_ALLOW_WARN);
	expect_miss(a, "1.9.9.9");
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	assert_int_equal(n, 0);

	assert_int_equal(lf_allow_set_action(a, "ign", LF_ALLOW_DROP), 0);
	expect_hit(a, "9.9.9.9", "ign", LF_ALLOW_DROP);
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(lf_allow_set_action(a, "drop2", LF_ALLOW_DROP), 0);
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	assert_int_equal(n, 2); /* 1.0.0.0/8 and 9.9.9.9/32 */
	char buf[LF_PREFIX_STRLEN];
	lf_prefix_format(&p[0], buf, sizeof(buf));
	assert_string_equal(buf, "1.0.0.0/8");
	lf_prefix_format(&p[1], buf, sizeof(buf));
	assert_string_equal(buf, "9.9.9.9/32");

	assert_int_equal(lf_allow_set_action(a, "nope", LF_ALLOW_DROP),
			 LF_ENOENT);
	assert_int_equal(lf_allow_set_action(a, "ign",
					     (enum lf_allow_action)9),
			 -EINVAL);
	assert_int_equal(lf_allow_find(a, "nope", &li), LF_ENOENT);
	assert_null(lf_allow_name(a, 99));
	assert_int_equal(lf_allow_action_of(a, 99), LF_ALLOW_IGNORE);
	lf_allow_free(a);
}

/* ---- the exporter's use: cut allowed holes out of a blocklist ----------- */

static void t_subtract_drop_union(void **state)
{
	(void)state;
	struct lf_allow *a;
	const struct lf_prefix *allow;
	size_t na;
	struct lf_prefix block[2], *out;
	size_t nout;
	char buf[LF_PREFIX_STRLEN];

	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "farm", LF_ALLOW_DROP,
					   "93.184.216.0/24\n", 16, NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "watch", LF_ALLOW_WARN,
					   "93.184.0.0/24\n", 14, NULL),
			 0);
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &allow,
					   &na),
			 0);
	assert_int_equal(na, 1);
	assert_int_equal(lf_prefix_parse("93.184.0.0/16", 13, 0, &block[0],
					 NULL),
			 0);
	assert_int_equal(lf_prefix_parse("2001:db8::/32", 13, 0, &block[1],
					 NULL),
			 0);
	assert_int_equal(lf_cidr_subtract(block, 2, allow, na, 0, &out, &nout),
			 0);
	/* the WARN list cuts nothing: 8 prefixes around the /24, + v6 */
	assert_int_equal(nout, 9);
	lf_prefix_format(&out[0], buf, sizeof(buf));
	assert_string_equal(buf, "93.184.0.0/17");
	lf_prefix_format(&out[3], buf, sizeof(buf));
	assert_string_equal(buf, "93.184.208.0/21");
	lf_prefix_format(&out[4], buf, sizeof(buf));
	assert_string_equal(buf, "93.184.217.0/24");
	lf_prefix_format(&out[7], buf, sizeof(buf));
	assert_string_equal(buf, "93.184.224.0/19");
	lf_prefix_format(&out[8], buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::/32");
	free(out);
	lf_allow_free(a);
}

static void t_union_recount(void **state)
{
	(void)state;
	struct lf_allow *a;
	const struct lf_prefix *p;
	size_t n;
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "a", LF_ALLOW_DROP,
					   "1.0.0.0/8\n9.9.9.9\n", 18, NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "b", LF_ALLOW_DROP,
					   "9.9.9.8\n::1\n", 12, NULL),
			 0);
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	/* 1.0.0.0/8, 9.9.9.8/31, ::1/128 */
	assert_int_equal(n, 3);
	assert_int_equal(p[1].len, 31);
	assert_int_equal(lf_allow_set_action(a, "a", LF_ALLOW_WARN), 0);
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].len, 32);
	lf_allow_free(a);
}

/* Covered by two lists together but by neither alone: not covered (a hit
 * names one list, whose entries must cover the whole indicator). */
static void t_split_across_lists(void **state)
{
	(void)state;
	struct lf_allow *a;
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "lo", LF_ALLOW_DROP,
					   "10.0.0.0/25\n2001:db8::/33\n", 26,
					   NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "hi", LF_ALLOW_DROP,
					   "10.0.0.128/25\n2001:db8:8000::/33\n",
					   33, NULL),
			 0);
	expect_miss(a, "10.0.0.0/24");
	expect_miss(a, "2001:db8::/32");
	expect_hit(a, "10.0.0.128/26", "hi", LF_ALLOW_DROP);
	expect_hit(a, "2001:db8:1::/48", "lo", LF_ALLOW_DROP);
	lf_allow_free(a);
}

/* Big lists (>= 1024 ranges) are searched through a /16 bucket index;
 * ranges that span buckets are its edge cases. */
static void t_bucket_index(void **state)
{
	(void)state;
	struct lf_allow *a;
	size_t cap = 2000 * 20, o = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	o += (size_t)snprintf(text + o, cap - o,
			      "10.20.0.0/15\n10.30.255.0/24\n0.0.0.0/32\n");
	for (unsigned i = 0; i < 1500; i++) /* 11.0.0.0, 11.0.0.2, ... */
		o += (size_t)snprintf(text + o, cap - o, "11.%u.%u.%u\n",
				      (i * 2) >> 16, ((i * 2) >> 8) & 255,
				      (i * 2) & 255);
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_list(a, "big", LF_ALLOW_DROP, text, o,
					   NULL),
			 0);
	assert_int_equal(lf_allow_add_list(a, "next", LF_ALLOW_WARN,
					   "10.31.0.0/24\n255.255.255.255\n",
					   29, NULL),
			 0);
	free(text);
	expect_hit(a, "10.20.0.0", "big", LF_ALLOW_DROP);
	expect_hit(a, "10.20.1.1", "big", LF_ALLOW_DROP);
	expect_hit(a, "10.21.255.255", "big", LF_ALLOW_DROP);
	expect_hit(a, "10.21.0.0/16", "big", LF_ALLOW_DROP);
	expect_miss(a, "10.19.255.255");
	expect_miss(a, "10.22.0.0");
	expect_miss(a, "10.20.0.0/14");
	/* adjacent across a bucket boundary, in two lists */
	expect_hit(a, "10.30.255.255", "big", LF_ALLOW_DROP);
	expect_hit(a, "10.31.0.0", "next", LF_ALLOW_WARN);
	expect_miss(a, "10.30.0.0/15");
	expect_hit(a, "10.30.255.254/31", "big", LF_ALLOW_DROP);
	expect_hit(a, "0.0.0.0", "big", LF_ALLOW_DROP);
	expect_hit(a, "255.255.255.255", "next", LF_ALLOW_WARN);
	expect_hit(a, "11.0.5.220", "big", LF_ALLOW_DROP);
	expect_miss(a, "11.0.5.221");
	lf_allow_free(a);
}

static uint64_t rs = 0x2545F4914F6CDD1Dull;

static uint64_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ull;
}

/* A random prefix inside 10.20.0.0/16 (v4) or 2001:db8:20::/112 (v6),
 * with at most maxhost host bits. */
static void rand_prefix(int v6, char *buf, size_t cap, unsigned maxhost)
{
	unsigned bits = v6 ? 128 : 32;
	unsigned len = bits - (unsigned)(rnd() % (maxhost + 1));
	uint32_t off = (uint32_t)rnd() & 0xffff;
	off &= ~((1u << (bits - len)) - 1);
	if (v6)
		snprintf(buf, cap, "2001:db8:20::%x/%u", off, len);
	else
		snprintf(buf, cap, "10.20.%u.%u/%u", off >> 8, off & 255, len);
}

/*
 * Random lists and queries against the definition: list L covers q iff
 * q minus L is empty; the answer is the first DROP list covering q, else
 * the first WARN list. Lists of up to 3000 prefixes use the /16 index.
 */
static void t_random_prefix_checks(void **state)
{
	(void)state;
	enum { LISTS = 6, QUERIES = 4000 };
	static char text[3000 * 40];
	struct lf_allow *a;
	assert_int_equal(lf_allow_new(&a), 0);
	for (int l = 0; l < LISTS; l++) {
		size_t n = l < 2 ? 3000 : 1 + (size_t)(rnd() % 200), o = 0;
		for (size_t i = 0; i < n; i++) {
			rand_prefix((int)(rnd() % 3 == 0), text + o,
				    sizeof(text) - o, rnd() % 4 ? 0 : 6);
			o += strlen(text + o);
			text[o++] = '\n';
		}
		char name[16];
		snprintf(name, sizeof(name), "L%d", l);
		enum lf_allow_action act = (enum lf_allow_action)(rnd() % 3);
		assert_int_equal(lf_allow_add_list(a, name, act, text, o, NULL),
				 0);
	}
	size_t hits = 0, misses = 0;
	for (int q = 0; q < QUERIES; q++) {
		char buf[64];
		struct lf_ioc_value v;
		int v6 = (int)(rnd() % 3 == 0);
		rand_prefix(v6, buf, sizeof(buf), 4);
		assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, buf,
						    strlen(buf), &v),
				 0);
		size_t want = SIZE_MAX, want_warn = SIZE_MAX;
		for (size_t l = 0; l < lf_allow_count(a); l++) {
			const struct lf_prefix *p;
			struct lf_prefix *rest;
			size_t np, nrest;
			enum lf_allow_action act = lf_allow_action_of(a, l);
			assert_int_equal(lf_allow_prefixes(a, l, &p, &np), 0);
			assert_int_equal(lf_cidr_subtract(&v.pfx, 1, p, np, 0,
							  &rest, &nrest),
					 0);
			free(rest);
			if (nrest)
				continue;
			if (act == LF_ALLOW_DROP && want == SIZE_MAX)
				want = l;
			if (act == LF_ALLOW_WARN && want_warn == SIZE_MAX)
				want_warn = l;
		}
		if (want == SIZE_MAX)
			want = want_warn;
		size_t got = SIZE_MAX;
		int rc = lf_allow_check(a, &v, &got, NULL);
		if (want == SIZE_MAX)
			misses++;
		else
			hits++;
		if (want == SIZE_MAX) {
			if (rc != LF_ENOENT)
				fail_msg("%s: hit in list %zu, expected none",
					 buf, got);
		} else if (rc != 0 || got != want) {
			fail_msg("%s: got %d list %zu, expected list %zu", buf,
				 rc, got, want);
		}
	}
	print_message("random prefix checks: %zu hits, %zu misses\n", hits,
		      misses);
	assert_true(hits > QUERIES / 10 && misses > QUERIES / 10);
	lf_allow_free(a);
}

static void t_limits(void **state)
{
	(void)state;
	struct lf_allow *a;
	char name[32];
	assert_int_equal(lf_allow_new(&a), 0);
	for (int i = 0; i < LF_ALLOW_MAX_LISTS; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		assert_int_equal(lf_allow_add_list(a, name, LF_ALLOW_WARN,
						   "x.tw\n", 5, NULL),
				 0);
	}
	assert_int_equal(lf_allow_add_list(a, "one-more", LF_ALLOW_WARN,
					   "x.tw\n", 5, NULL),
			 LF_ELIMIT);
	assert_int_equal(lf_allow_add_defaults(a), LF_ELIMIT);
	assert_int_equal(lf_allow_count(a), LF_ALLOW_MAX_LISTS);
	/* the name table holds one entry per list for x.tw */
	expect_hit(a, "x.tw", "l0", LF_ALLOW_WARN);
	lf_allow_free(a);
	lf_allow_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_defaults_ip),
		cmocka_unit_test(t_defaults_names),
		cmocka_unit_test(t_defaults_urls_and_others),
		cmocka_unit_test(t_defaults_prefixes),
		cmocka_unit_test(t_operator_list),
		cmocka_unit_test(t_actions),
		cmocka_unit_test(t_subtract_drop_union),
		cmocka_unit_test(t_union_recount),
		cmocka_unit_test(t_split_across_lists),
		cmocka_unit_test(t_random_prefix_checks),
		cmocka_unit_test(t_bucket_index),
		cmocka_unit_test(t_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
