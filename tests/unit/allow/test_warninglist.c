/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_warninglist.c — MISP warninglists into allowlists: every list type,
 * matching_attributes, malformed input, and the real lists from
 * ../shared/data/warninglists (skipped when the data is absent).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "allow/allow.h"
#include "core/err.h"
#include "ioc/ioc.h"

#define WL_DIR "../shared/data/warninglists"

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
		       const char *list_name)
{
	size_t li = 999;
	int rc = chk(a, s, &li, NULL);
	if (rc != 0)
		fail_msg("%s: expected a hit in %s, got %s", s, list_name,
			 lf_strerror(rc));
	if (strcmp(lf_allow_name(a, li), list_name) != 0)
		fail_msg("%s: hit in %s, expected %s", s, lf_allow_name(a, li),
			 list_name);
}

static void expect_miss(const struct lf_allow *a, const char *s)
{
	size_t li = 999;
	int rc = chk(a, s, &li, NULL);
	if (rc != LF_ENOENT)
		fail_msg("%s: expected no hit, got %d in %s", s, rc,
			 rc == 0 ? lf_allow_name(a, li) : "-");
}

static int add(struct lf_allow *a, const char *json, const char *name,
	       char *err, size_t cap)
{
	return lf_allow_add_warninglist(a, json, strlen(json), LF_ALLOW_DROP,
					name, err, cap);
}

static struct lf_allow_stats stats_of(const struct lf_allow *a,
				      const char *name)
{
	struct lf_allow_stats st;
	size_t li;
	assert_int_equal(lf_allow_find(a, name, &li), 0);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	return st;
}

/* ---- inline lists ------------------------------------------------------- */

static void t_cidr(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(
		add(a,
		    "{\"name\":\"resolvers\",\"type\":\"cidr\",\"version\":3,"
		    "\"description\":\"d\",\"matching_attributes\":[\"ip-src\","
		    "\"ip-dst\"],\"list\":[\"8.8.8.8\",\"8.8.4.4/32\","
		    "\"2001:4860:4860::8888\",\"9.9.9.0/24\",\"9.9.9.0/24\","
		    "\"10.1.2.3/8\",\"nonsense\",42,\"\"]}",
		    NULL, err, sizeof(err)),
		0);
	assert_string_equal(err, "");
	struct lf_allow_stats st = stats_of(a, "resolvers");
	assert_int_equal(st.entries, 9);
	assert_int_equal(st.prefixes, 5);
	assert_int_equal(st.prefixes_agg, 4);
	assert_int_equal(st.rejected, 4); /* host bits, text, number, "" */
	expect_hit(a, "8.8.8.8", "resolvers");
	expect_hit(a, "9.9.9.128/25", "resolvers");
	expect_hit(a, "2001:4860:4860::8888", "resolvers");
	expect_miss(a, "8.8.8.9");
	expect_miss(a, "10.1.2.3");
	/* ip-src/ip-dst only: a URL on that address is not covered */
	expect_miss(a, "http://8.8.8.8/");
	lf_allow_free(a);
}

static void t_hostname(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(
		add(a,
		    "{\"name\":\"top\",\"type\":\"hostname\",\"matching_attributes\":"
		    "[\"hostname\",\"domain\",\"url\"],\"list\":[\"Google.COM\","
		    "\"bücher.de\",\"corona helden\",\"google.com\",\"1.2.3.4\"]}",
		    NULL, err, sizeof(err)),
		0);
	struct lf_allow_stats st = stats_of(a, "top");
	assert_int_equal(st.entries, 5);
	assert_int_equal(st.names, 2);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.prefixes, 1);
	expect_hit(a, "google.com", "top");
	expect_hit(a, "mail.google.com", "top");
	expect_hit(a, "xn--bcher-kva.de", "top");
	expect_hit(a, "https://docs.google.com/x", "top");
	expect_miss(a, "google.com.evil.tw");
	expect_miss(a, "notgoogle.com");
	/* e-mail is not among the matching attributes */
	expect_miss(a, "x@google.com");
	/* neither are IPs: the address entry is loaded but never used */
	expect_miss(a, "1.2.3.4");
	lf_allow_free(a);
}

static void t_string(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	assert_int_equal(lf_allow_new(&a), 0);
	/* no "type": string, as in MISP; no matching_attributes: any type */
	assert_int_equal(
		add(a,
		    "{\"name\":\"fp\",\"list\":[\"example-cdn.tw\",\"1.2.3.4\","
		    "\"http://Portal.EXAMPLE-cdn.tw:80/a/../b\",\"ops@example-cdn.tw\","
		    "\"D41D8CD98F00B204E9800998ECF8427E\","
		    "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\","
		    "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
		    "\"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
		    "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e\","
		    "\"+1 555 0100\",\"COM\"]}",
		    NULL, err, sizeof(err)),
		0);
	struct lf_allow_stats st = stats_of(a, "fp");
	assert_int_equal(st.entries, 10);
	assert_int_equal(st.exact, 7);
	assert_int_equal(st.prefixes, 1);
	assert_int_equal(st.unsupported, 2); /* sha512, phone number */
	assert_int_equal(st.types, 0x1fe);   /* every checkable type */
	expect_hit(a, "example-cdn.tw", "fp");
	expect_hit(a, "*.example-cdn.tw", "fp"); /* would block it */
	expect_miss(a, "www.example-cdn.tw");    /* exact only */
	expect_hit(a, "1.2.3.4", "fp");
	expect_hit(a, "http://portal.example-cdn.tw/b", "fp");
	expect_miss(a, "http://portal.example-cdn.tw/c");
	expect_hit(a, "OPS@example-cdn.tw", "fp");
	expect_hit(a, "d41d8cd98f00b204e9800998ecf8427e", "fp");
	expect_hit(a, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "fp");
	expect_hit(a, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		   "fp");
	expect_hit(a, "com", "fp");
	expect_miss(a, "evil.com");
	lf_allow_free(a);
}

static void t_substring(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(
		add(a,
		    "{\"name\":\"disposable\",\"type\":\"substring\","
		    "\"matching_attributes\":[\"email-src\",\"email-dst\"],"
		    "\"list\":[\"0-Mail.com\",\"mailinator\",\"\",\"he\",\"she\","
		    "\"his\",\"hers\"]}",
		    NULL, err, sizeof(err)),
		0);
	struct lf_allow_stats st = stats_of(a, "disposable");
	assert_int_equal(st.substrings, 6);
	assert_int_equal(st.rejected, 1); /* "" would match everything */
	expect_hit(a, "someone@0-mail.com", "disposable");
	expect_hit(a, "x@eu.mailinator.net", "disposable");
	expect_miss(a, "x@gmail.com");
	/* the classic Aho-Corasick case: "ushers" holds she, he, hers */
	expect_hit(a, "ushers@x.tw", "disposable");
	expect_miss(a, "u@x.tw");
	/* e-mail only: the domain itself is not checked */
	expect_miss(a, "0-mail.com");

	/* a substring list for domains and URLs */
	assert_int_equal(
		add(a,
		    "{\"name\":\"sandbox\",\"type\":\"substring\","
		    "\"matching_attributes\":[\"domain\",\"url\"],"
		    "\"list\":[\"any.run\",\"/sandbox/\"]}",
		    NULL, err, sizeof(err)),
		0);
	expect_hit(a, "app.any.run", "sandbox");
	expect_hit(a, "https://x.tw/sandbox/report", "sandbox");
	expect_miss(a, "anyrun.tw");
	/* substring semantics cut both ways: "company.run" contains
	 * "any.run" (docs/allowlists.md: use WARN for substring lists) */
	expect_hit(a, "company.run", "sandbox");
	lf_allow_free(a);
}

static void t_regex(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(
		add(a,
		    "{\"name\":\"contacts\",\"type\":\"regex\",\"list\":"
		    "[\"/^(security|noc|soc|abuse)\\\\@.*\\\\..*$/i\"]}",
		    NULL, err, sizeof(err)),
		LF_EUNSUP);
	assert_non_null(strstr(err, "regex"));
	/* kept, empty, and counted */
	struct lf_allow_stats st = stats_of(a, "contacts");
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.unsupported, 1);
	assert_int_equal(st.names + st.exact + st.prefixes + st.substrings, 0);
	expect_miss(a, "abuse@example-cdn.tw");
	assert_int_equal(lf_allow_set_action(a, "contacts", LF_ALLOW_WARN), 0);
	lf_allow_free(a);
}

static void t_override_and_dup(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	const char *j = "{\"name\":\"n\",\"type\":\"cidr\",\"list\":[\"1.1.1.1\"]}";
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(add(a, j, NULL, err, sizeof(err)), 0);
	assert_int_equal(add(a, j, NULL, err, sizeof(err)), LF_EEXIST);
	assert_non_null(strstr(err, "\"n\""));
	assert_int_equal(add(a, j, "other", err, sizeof(err)), 0);
	assert_int_equal(lf_allow_count(a), 2);
	assert_string_equal(lf_allow_name(a, 1), "other");
	/* name_override also supplies a missing name */
	assert_int_equal(add(a, "{\"list\":[]}", "anon", err, sizeof(err)), 0);
	assert_int_equal(lf_allow_add_warninglist(a, j, strlen(j),
						  LF_ALLOW_WARN, "w", NULL, 0),
			 0);
	assert_int_equal(lf_allow_action_of(a, 3), LF_ALLOW_WARN);
	lf_allow_free(a);
}

static void t_malformed(void **state)
{
	(void)state;
	struct lf_allow *a;
	char err[256];
	static const struct {
		const char *json;
		int rc;
	} cases[] = {
		{"", LF_EMALF},
		{"{", LF_EMALF},
		{"[1,2]", LF_EMALF},
		{"\"list\"", LF_EMALF},
		{"{\"name\":\"x\"}", LF_EMALF},
		{"{\"name\":\"x\",\"list\":{}}", LF_ETYPE},
		{"{\"name\":\"x\",\"list\":[],\"type\":3}", LF_ETYPE},
		{"{\"name\":\"x\",\"list\":[],\"type\":\"glob\"}", LF_EFORMAT},
		{"{\"name\":\"x\",\"list\":[],\"matching_attributes\":\"ip\"}",
		 LF_ETYPE},
		{"{\"name\":7,\"list\":[]}", LF_ETYPE},
		{"{\"name\":\"\",\"list\":[]}", LF_EMALF},
		{"{\"list\":[]}", LF_EMALF},
		{"{\"name\":\"x\",\"list\":[],\"list\":[\"1.1.1.1\"]}", LF_EMALF},
		{"{\"name\":\"x\",\"list\":[]} trailing", LF_EMALF},
		{"{\"name\":\"a\\u0000b\",\"list\":[]}", LF_EMALF},
	};
	assert_int_equal(lf_allow_new(&a), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		int rc = add(a, cases[i].json, NULL, err, sizeof(err));
		if (rc != cases[i].rc)
			fail_msg("case %zu (%s): got %d (%s), want %d", i,
				 cases[i].json, rc, err, cases[i].rc);
		assert_true(err[0] != '\0');
	}
	/* deep nesting is refused before jansson sees it */
	size_t depth = 200, n = 0;
	char *deep = malloc(2 * depth + 64);
	assert_non_null(deep);
	n += (size_t)snprintf(deep, 64, "{\"name\":\"x\",\"list\":");
	for (size_t i = 0; i < depth; i++)
		deep[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	assert_int_equal(lf_allow_add_warninglist(a, deep, n, LF_ALLOW_DROP,
						  NULL, err, sizeof(err)),
			 LF_EDEPTH);
	free(deep);
	/* bad arguments */
	assert_int_equal(lf_allow_add_warninglist(a, NULL, 3, LF_ALLOW_DROP,
						  NULL, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(lf_allow_add_warninglist(a, "{}", 2,
						  (enum lf_allow_action)5,
						  NULL, err, sizeof(err)),
			 -EINVAL);
	/* a tiny err buffer truncates, never overflows */
	char tiny[4];
	assert_int_equal(add(a, "{", NULL, tiny, sizeof(tiny)), LF_EMALF);
	assert_int_equal(strlen(tiny), 3);
	assert_int_equal(lf_allow_count(a), 0);
	lf_allow_free(a);
}

/* ---- the real lists ----------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Load one real list; returns its index, or skips the test if absent.
 * Also returns the length of its "list" array counted independently. */
static size_t load_real(struct lf_allow *a, const char *file, int want_rc,
			size_t *list_len)
{
	char path[512], err[256];
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", WL_DIR, file);
	char *buf = slurp(path, &len);
	if (!buf) {
		lf_allow_free(a);
		print_message("skipping: %s not found\n", path);
		skip();
	}
	json_t *root = json_loadb(buf, len, 0, NULL);
	assert_non_null(root);
	*list_len = json_array_size(json_object_get(root, "list"));
	json_decref(root);
	int rc = lf_allow_add_warninglist(a, buf, len, LF_ALLOW_DROP, NULL, err,
					  sizeof(err));
	free(buf);
	if (rc != want_rc)
		fail_msg("%s: %d (%s)", file, rc, err);
	return lf_allow_count(a) - 1;
}

static void t_real_cidr(void **state)
{
	(void)state;
	struct lf_allow *a;
	struct lf_allow_stats st;
	size_t n, li;
	assert_int_equal(lf_allow_new(&a), 0);

	li = load_real(a, "public-dns-v4.json", 0, &n);
	assert_string_equal(lf_allow_name(a, li),
			    "List of known IPv4 public DNS resolvers");
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.entries, n);
	assert_true(n > 50000);
	assert_int_equal(st.prefixes, n);
	assert_int_equal(st.rejected, 0);
	assert_true(st.prefixes_agg <= st.prefixes);
	expect_hit(a, "8.8.8.8", "List of known IPv4 public DNS resolvers");
	expect_hit(a, "1.1.1.1", "List of known IPv4 public DNS resolvers");
	expect_miss(a, "1.0.0.0/24");

	li = load_real(a, "vpn-ipv4.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.entries, n);
	assert_true(n > 40000);
	assert_int_equal(st.prefixes, n);
	assert_int_equal(st.rejected, 0);
	assert_true(st.prefixes_agg <= st.prefixes); /* upstream aggregates */
	/* "1.116.0.0/15" is on the list */
	expect_hit(a, "1.117.200.7", lf_allow_name(a, li));
	expect_hit(a, "1.116.0.0/16", lf_allow_name(a, li));

	li = load_real(a, "vpn-ipv6.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.prefixes, n);
	assert_int_equal(st.rejected, 0);
	lf_allow_free(a);
}

static void t_real_names(void **state)
{
	(void)state;
	struct lf_allow *a;
	struct lf_allow_stats st;
	size_t n, li;
	assert_int_equal(lf_allow_new(&a), 0);

	li = load_real(a, "alexa.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.entries, n);
	assert_int_equal(st.names + st.duplicates + st.rejected + st.prefixes,
			 n);
	assert_int_equal(st.names, n); /* all valid, no duplicates */
	expect_hit(a, "google.com", lf_allow_name(a, li));
	expect_hit(a, "mail.google.com", lf_allow_name(a, li));
	expect_hit(a, "https://www.google.com/search", lf_allow_name(a, li));

	li = load_real(a, "tlds.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.entries, n);
	assert_int_equal(st.exact, n); /* "AAA" .. as single-label names */
	expect_hit(a, "com", lf_allow_name(a, li));
	expect_hit(a, "tw", lf_allow_name(a, li));

	li = load_real(a, "eicar.com.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.entries, 15);
	assert_int_equal(st.exact, 9);       /* 3 md5, 3 sha1, 3 sha256 */
	assert_int_equal(st.unsupported, 6); /* sha224, sha512 */
	expect_hit(a, "44d88612fea8a8f36de82e1278abb02f", lf_allow_name(a, li));

	li = load_real(a, "disposable-email.json", 0, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.substrings, n);
	expect_hit(a, "someone@0-mail.com", lf_allow_name(a, li));
	expect_miss(a, "someone@gmail.com");
	expect_miss(a, "x@lianfang-project.tw");

	li = load_real(a, "common-contact-emails.json", LF_EUNSUP, &n);
	assert_int_equal(lf_allow_stats(a, li, &st), 0);
	assert_int_equal(st.unsupported, n);

	/* the first DROP list in order wins */
	expect_hit(a, "google.com", "Top 1000 website from Alexa");
	lf_allow_free(a);
}

static void t_real_all(void **state)
{
	(void)state;
	struct lf_allow *a;
	DIR *d = opendir(WL_DIR);
	struct dirent *e;
	size_t loaded = 0, regex = 0;
	if (!d) {
		print_message("skipping: %s not found\n", WL_DIR);
		skip();
	}
	assert_int_equal(lf_allow_new(&a), 0);
	assert_int_equal(lf_allow_add_defaults(a), 0);
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name), len;
		char path[512], err[256];
		if (nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", WL_DIR, e->d_name);
		char *buf = slurp(path, &len);
		assert_non_null(buf);
		/* file names are unique; some "name"s are not */
		int rc = lf_allow_add_warninglist(a, buf, len, LF_ALLOW_WARN,
						  e->d_name, err, sizeof(err));
		free(buf);
		if (rc == LF_EUNSUP)
			regex++;
		else if (rc != 0)
			fail_msg("%s: %d (%s)", e->d_name, rc, err);
		loaded++;
	}
	closedir(d);
	assert_true(loaded > 100);
	assert_true(regex >= 2);
	assert_int_equal(lf_allow_count(a), loaded + 2);

	/* defaults first and DROP: private space stays theirs */
	size_t li;
	enum lf_allow_action act;
	assert_int_equal(chk(a, "10.1.2.3", &li, &act), 0);
	assert_string_equal(lf_allow_name(a, li), LF_ALLOW_RFC6890);
	assert_int_equal(act, LF_ALLOW_DROP);
	/* only WARN lists cover 8.8.8.8: the first of them */
	assert_int_equal(chk(a, "8.8.8.8", &li, &act), 0);
	assert_int_equal(act, LF_ALLOW_WARN);
	/* now drop the resolvers list by name */
	assert_int_equal(lf_allow_set_action(a, "public-dns-v4.json",
					     LF_ALLOW_DROP),
			 0);
	assert_int_equal(chk(a, "8.8.8.8", &li, &act), 0);
	assert_string_equal(lf_allow_name(a, li), "public-dns-v4.json");
	assert_int_equal(act, LF_ALLOW_DROP);
	const struct lf_prefix *p;
	size_t n, n1;
	assert_int_equal(lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &p, &n), 0);
	assert_int_equal(lf_allow_find(a, "public-dns-v4.json", &li), 0);
	assert_int_equal(lf_allow_prefixes(a, li, &p, &n1), 0);
	assert_true(n > n1);
	/* nobody allows this */
	assert_int_equal(chk(a, "lianfang-test-nonexistent.tw", &li, &act),
			 LF_ENOENT);
	lf_allow_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_cidr),
		cmocka_unit_test(t_hostname),
		cmocka_unit_test(t_string),
		cmocka_unit_test(t_substring),
		cmocka_unit_test(t_regex),
		cmocka_unit_test(t_override_and_dup),
		cmocka_unit_test(t_malformed),
		cmocka_unit_test(t_real_cidr),
		cmocka_unit_test(t_real_names),
		cmocka_unit_test(t_real_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
