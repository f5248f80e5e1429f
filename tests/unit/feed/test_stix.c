/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_stix.c — STIX 2.1 importer (src/lib/feed/stix.c) and the JSON glue
 * it shares with MISP (src/lib/feed/json.c).
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
#include "core/time.h"
#include "feed/feed.h"
#include "feed/json.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

#define DATA "../shared/data/stix/"

struct fx {
	struct lf_iocset *set;
	struct lf_feed_report rep;
	struct lf_feed_opts opts;
};

static lf_time_t ts(const char *s)
{
	lf_time_t t = 0;
	assert_int_equal(lf_time_parse(s, strlen(s), &t), 0);
	return t;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_int_equal(lf_iocset_new(NULL, &f->set), 0);
	assert_int_equal(lf_iocset_source(f->set, "test", &f->opts.source), 0);
	lf_feed_report_init(&f->rep);
	f->opts.format = LF_FEED_STIX;
	f->opts.name = "t.json";
	f->opts.default_confidence = LF_CONF_UNSET;
	f->opts.default_tlp = LF_TLP_UNSET;
	f->opts.now = ts("2024-01-01T00:00:00Z");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	lf_feed_report_free(&f->rep);
	lf_iocset_free(f->set);
	free(f);
	return 0;
}

static int run_n(struct fx *f, const char *buf, size_t len)
{
	return lf_feed_import_stix(&f->opts, buf, len, f->set, &f->rep);
}

static int run(struct fx *f, const char *json)
{
	return run_n(f, json, strlen(json));
}

/* Read a shared example; skip the test when the data is not there. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp) {
		print_message("no %s: skipped\n", path);
		return NULL;
	}
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static int run_file(struct fx *f, const char *path, int *rc)
{
	size_t len;
	char *buf = slurp(path, &len);

	if (!buf)
		return 0;
	*rc = run_n(f, buf, len);
	free(buf);
	return 1;
}

static size_t count(const struct fx *f)
{
	return lf_iocset_count(f->set);
}

static const struct lf_ioc *ioc_at(const struct fx *f, size_t i)
{
	return lf_iocset_get(f->set, i);
}

static const struct lf_ioc *find(const struct fx *f, const char *value)
{
	for (size_t i = 0; i < count(f); i++)
		if (strcmp(ioc_at(f, i)->value, value) == 0)
			return ioc_at(f, i);
	return NULL;
}

/* The issue of severity sev whose reason contains `what`, or NULL. */
static const struct lf_feed_issue *issue(const struct fx *f,
					 enum lf_feed_severity sev,
					 const char *what)
{
	for (size_t i = 0; i < f->rep.n_issues; i++) {
		const struct lf_feed_issue *is = &f->rep.issues[i];
		if (is->severity == sev && strstr(is->reason, what))
			return is;
	}
	return NULL;
}

static void dump(const struct fx *f)
{
	for (size_t i = 0; i < f->rep.n_issues; i++)
		print_message("  issue %d %s: %s\n", f->rep.issues[i].severity,
			      f->rep.issues[i].where, f->rep.issues[i].reason);
}

/* An indicator with the given extra members (text after "pattern"). */
#define IND(id, pat, extra)                                                   \
	"{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" \
	id "\",\"created\":\"2020-01-01T00:00:00Z\",\"modified\":"            \
	"\"2020-01-01T00:00:00Z\",\"pattern_type\":\"stix\",\"pattern\":\""   \
	pat "\",\"valid_from\":\"2020-01-01T00:00:00Z\"" extra "}"
#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define U3 "33333333-3333-4333-8333-333333333333"
#define U4 "44444444-4444-4444-8444-444444444444"
#define BUNDLE(objs) \
	"{\"type\":\"bundle\",\"id\":\"bundle--" U4 "\",\"objects\":[" objs "]}"

/* ---- the shared examples (oasis cti-stix2-json-schemas) ---------------- */

static void test_example_c2_ip(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "indicator-for-c2-ip-address.json", &rc))
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 1);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.n_issues, 0);
	assert_int_equal(count(f), 1);
	const struct lf_ioc *i = ioc_at(f, 0);
	assert_int_equal(i->type, LF_IOC_IPV4);
	assert_string_equal(i->value, "10.0.0.0/32");
	assert_int_equal(i->pfx.len, 32);
	assert_string_equal(i->ref, "indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
	assert_true(i->valid_from == ts("2014-05-08T09:00:00Z"));
	assert_true(i->valid_until == LF_TIME_MAX);
	assert_string_equal(i->labels, "malicious-activity");
	assert_null(i->kill_chain);
	assert_int_equal(i->tlp, LF_TLP_UNSET);
	assert_int_equal(i->confidence, LF_CONF_UNSET);
	assert_int_equal(i->flags, 0);
	assert_int_equal(f->rep.per_type[LF_IOC_IPV4], 1);
}

static void test_example_c2_coa(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "indicators-for-C2-with-COA.json", &rc))
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 8);
	assert_int_equal(f->rep.imported, 2);
	assert_int_equal(f->rep.n_issues, 0);
	const struct lf_ioc *ip = find(f, "10.0.0.0/32");
	assert_non_null(ip);
	assert_string_equal(ip->ref, "indicator--53fe3b22-0201-47cf-85d0-97c02164528d");
	const struct lf_ioc *h = find(f,
		"ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c");
	assert_non_null(h);
	assert_int_equal(h->type, LF_IOC_SHA256);
	assert_string_equal(h->ref, "indicator--a932fcc6-e032-476c-826f-cb970a5a1ade");
	assert_true(h->valid_from == ts("2014-05-08T09:00:00Z"));
	assert_int_equal(f->rep.per_type[LF_IOC_SHA256], 1);
}

static void test_example_malicious_email(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "malicious-email-indicator-with-attachment.json", &rc))
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 6);
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.unsupported, 2);
	assert_int_equal(f->rep.rejected, 0);
	assert_int_equal(f->rep.n_issues, 2);
	assert_string_equal(f->rep.issues[0].where,
			    "indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7");
	assert_string_equal(f->rep.issues[1].where,
			    "indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933");
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(f->rep.issues[i].severity, LF_FEED_UNSUPPORTED);
		assert_non_null(strstr(f->rep.issues[i].reason, "MATCHES"));
	}
}

static void test_example_infrastructure(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "infrastructure.json", &rc))
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 10);
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.unsupported, 2);
	assert_int_equal(f->rep.n_issues, 2);
	assert_string_equal(f->rep.issues[0].where,
			    "ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956");
	assert_string_equal(f->rep.issues[1].where,
			    "domain-name--ecb120bf-2694-4902-a737-62b74539a41b");
	assert_string_equal(f->rep.issues[0].reason,
			    "observable, not an indicator (STIX SCO)");
	assert_int_equal(count(f), 0);
}

static void test_example_object_marking(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "interop-objectmarking-test.json", &rc))
		skip();
	/* One campaign marked TLP:RED plus an unknown marking: no indicator. */
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 1);
	assert_int_equal(f->rep.imported, 0);
	assert_int_equal(f->rep.n_issues, 0);
	assert_int_equal(count(f), 0);
}

static void test_example_relationship(void **state)
{
	struct fx *f = *state;
	int rc;

	if (!run_file(f, DATA "indicator-to-campaign-relationship.json", &rc))
		skip();
	assert_int_equal(rc, 0);
	assert_int_equal(f->rep.entries, 3);
	assert_int_equal(f->rep.imported, 1);
	assert_int_equal(f->rep.n_issues, 0);
	const struct lf_ioc *i = find(f, "10.0.0.0/32");
	assert_non_null(i);
	assert_string_equal(i->ref, "indicator--c43a0a05-e8d2-4f64-ae37-3f3fb153f8d9");
	assert_true(i->valid_from == ts("2014-09-09T19:58:39.609Z"));
}

/* ---- shapes of the input ---------------------------------------------- */

static void test_single_object_and_array(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, IND(U1, "[domain-name:value = 'Example.COM.']", "")), 0);
	assert_int_equal(f->rep.entries, 1);
	const struct lf_ioc *i = find(f, "example.com");
	assert_non_null(i);
	assert_int_equal(i->type, LF_IOC_DOMAIN);
	assert_int_equal(i->flags & LF_IOC_F_SUBDOMAINS, 0);

	assert_int_equal(run(f, "[" IND(U2, "[url:value = 'HTTP://Evil.example/a/./b']", "")
			     "," IND(U3, "[email-addr:value = 'Bad@Example.org']", "") "]"),
			 0);
	assert_int_equal(f->rep.entries, 3);
	assert_non_null(find(f, "http://evil.example/a/b"));
	assert_non_null(find(f, "bad@example.org"));
	assert_int_equal(f->rep.format, LF_FEED_STIX);
}

static void test_not_stix(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "\"hello\""), LF_EFORMAT);
	assert_int_equal(run(f, "42"), LF_EFORMAT);
	assert_int_equal(run(f, "{\"objects\": []}"), LF_EFORMAT);
	assert_int_equal(f->rep.rejected, 3);
	assert_int_equal(run(f, "{\"type\":\"bundle\",\"objects\":{}}"), LF_EMALF);
	assert_non_null(issue(f, LF_FEED_REJECTED, "bundle objects: expected array"));
	assert_int_equal(count(f), 0);
	/* An empty bundle is fine. */
	assert_int_equal(run(f, "{\"type\":\"bundle\",\"id\":\"bundle--" U1 "\"}"), 0);
	assert_int_equal(run(f, "[]"), 0);
	assert_int_equal(f->rep.entries, 0);
}

static void test_bad_json(void **state)
{
	struct fx *f = *state;
	const char *trunc = BUNDLE(IND(U1, "[ipv4-addr:value = '1.2.3.4']", ""));
	size_t tl = strlen(trunc) - 5;

	assert_int_equal(run_n(f, trunc, tl), LF_EMALF);
	assert_int_equal(f->rep.n_issues, 1);
	assert_int_equal(f->rep.rejected, 1);
	assert_int_equal(strncmp(f->rep.issues[0].where, "t.json:1:", 9), 0);
	assert_non_null(strstr(f->rep.issues[0].reason, "invalid JSON"));

	/* Line and column of the error. */
	assert_int_equal(run(f, "{\n  \"type\": \"bundle\",\n  \"objects\": [}\n"), LF_EMALF);
	assert_string_equal(f->rep.issues[1].where, "t.json:3:15");

	/* Trailing garbage, duplicate keys, "\u0000", a raw NUL. */
	assert_int_equal(run(f, "[] []"), LF_EMALF);
	assert_int_equal(run(f, "{\"type\":\"indicator\",\"type\":\"x\"}"), LF_EMALF);
	assert_int_equal(run(f, IND(U1, "[ipv4-addr:value = '1.2.3.4\\u0000']", "")),
			 LF_EMALF);
	static const char nul[] = "[{\"type\":\"x\0\"}]";
	assert_int_equal(run_n(f, nul, sizeof(nul) - 1), LF_EMALF);
	assert_int_equal(run(f, ""), LF_EMALF);
	assert_int_equal(run(f, "\xEF\xBB\xBF"), LF_EMALF);
	assert_int_equal(count(f), 0);
	assert_int_equal(f->rep.entries, 0);
}

static void test_depth(void **state)
{
	struct fx *f = *state;
	size_t n = 100000;
	char *deep = malloc(n);
	assert_non_null(deep);

	memset(deep, '[', n);
	assert_int_equal(run_n(f, deep, n), LF_EDEPTH);
	assert_string_equal(f->rep.issues[0].where, "t.json:1:65");
	assert_non_null(strstr(f->rep.issues[0].reason, "deeper than 64"));
	/* Brackets inside strings do not count; 64 levels are fine. */
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	assert_int_equal(run_n(f, deep, 128), 0);
	deep[0] = '"';
	memset(deep + 1, '[', 200);
	memcpy(deep + 201, "\"", 1);
	assert_int_equal(run_n(f, deep, 202), LF_EFORMAT); /* a string, not STIX */
	free(deep);

	size_t line = 0, col = 0;
	const char *q = "{\"a\\\"[[[\":[\n[[";
	assert_int_equal(lf_feed_json_depth_check(q, strlen(q), 2, &line, &col),
			 LF_EDEPTH);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
}

static void test_bom_crlf(void **state)
{
	struct fx *f = *state;
	const char *doc = "\xEF\xBB\xBF{\r\n\"type\": \"bundle\",\r\n\"objects\": [\r\n"
		IND(U1, "[ipv4-addr:value = '192.0.2.1']", "") "\r\n]}\r\n";

	assert_int_equal(run(f, doc), 0);
	assert_non_null(find(f, "192.0.2.1/32"));
	assert_int_equal(f->rep.n_issues, 0);
}

/* ---- indicator properties ---------------------------------------------- */

static void test_tlp_markings(void **state)
{
	struct fx *f = *state;
	const char *doc = BUNDLE(
		/* custom TLP marking definitions in the bundle */
		"{\"type\":\"marking-definition\",\"id\":\"marking-definition--" U1 "\","
		"\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"green\"}},"
		"{\"type\":\"marking-definition\",\"id\":\"marking-definition--" U2 "\","
		"\"name\":\"TLP:AMBER+STRICT\"},"
		"{\"type\":\"marking-definition\",\"id\":\"marking-definition--" U3 "\","
		"\"extensions\":{\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":"
		"{\"extension_type\":\"property-extension\",\"tlp_2_0\":\"red\"}}},"
		/* a statement marking is no TLP */
		"{\"type\":\"marking-definition\",\"id\":\"marking-definition--" U4 "\","
		"\"definition_type\":\"statement\",\"definition\":{\"statement\":\"x\"}},"
		IND("00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '192.0.2.1']",
		    ",\"object_marking_refs\":[\"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9\"]") ","
		IND("00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '192.0.2.2']",
		    ",\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\","
		    "\"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82\"]") ","
		IND("00000000-0000-4000-8000-000000000003", "[ipv4-addr:value = '192.0.2.3']",
		    ",\"object_marking_refs\":[\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\","
		    "\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"]") ","
		IND("00000000-0000-4000-8000-000000000004", "[ipv4-addr:value = '192.0.2.4']",
		    ",\"object_marking_refs\":[\"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487\"]") ","
		IND("00000000-0000-4000-8000-000000000005", "[ipv4-addr:value = '192.0.2.5']",
		    ",\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]") ","
		IND("00000000-0000-4000-8000-000000000006", "[ipv4-addr:value = '192.0.2.6']",
		    ",\"object_marking_refs\":[\"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421\"]") ","
		IND("00000000-0000-4000-8000-000000000007", "[ipv4-addr:value = '192.0.2.7']",
		    ",\"object_marking_refs\":[\"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003\"]") ","
		IND("00000000-0000-4000-8000-000000000008", "[ipv4-addr:value = '192.0.2.8']",
		    ",\"object_marking_refs\":[\"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1\"]") ","
		IND("00000000-0000-4000-8000-000000000009", "[ipv4-addr:value = '192.0.2.9']",
		    ",\"object_marking_refs\":[\"marking-definition--" U1 "\"]") ","
		IND("00000000-0000-4000-8000-00000000000a", "[ipv4-addr:value = '192.0.2.10']",
		    ",\"object_marking_refs\":[\"marking-definition--" U1 "\",\"marking-definition--" U2 "\"]") ","
		IND("00000000-0000-4000-8000-00000000000b", "[ipv4-addr:value = '192.0.2.11']",
		    ",\"object_marking_refs\":[\"marking-definition--" U3 "\",\"marking-definition--" U4 "\"]") ","
		IND("00000000-0000-4000-8000-00000000000c", "[ipv4-addr:value = '192.0.2.12']",
		    ",\"object_marking_refs\":[\"marking-definition--" U4 "\"]") ","
		IND("00000000-0000-4000-8000-00000000000d", "[ipv4-addr:value = '192.0.2.13']",
		    ",\"granular_markings\":[{\"marking_ref\":\"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1\","
		    "\"selectors\":[\"pattern\"]}],\"object_marking_refs\":[\"marking-definition--" U1 "\"]"));
	static const struct {
		const char *v;
		enum lf_tlp t;
	} want[] = {
		{ "192.0.2.1/32", LF_TLP_CLEAR },  { "192.0.2.2/32", LF_TLP_AMBER },
		{ "192.0.2.3/32", LF_TLP_RED },    { "192.0.2.4/32", LF_TLP_CLEAR },
		{ "192.0.2.5/32", LF_TLP_GREEN },  { "192.0.2.6/32", LF_TLP_AMBER },
		{ "192.0.2.7/32", LF_TLP_AMBER_STRICT }, { "192.0.2.8/32", LF_TLP_RED },
		{ "192.0.2.9/32", LF_TLP_GREEN },  { "192.0.2.10/32", LF_TLP_AMBER_STRICT },
		{ "192.0.2.11/32", LF_TLP_RED },   { "192.0.2.12/32", LF_TLP_AMBER },
		{ "192.0.2.13/32", LF_TLP_RED },
	};

	f->opts.default_tlp = LF_TLP_AMBER; /* for the statement-only one */
	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(f->rep.n_issues, 0);
	assert_int_equal(count(f), 13);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lf_ioc *c = find(f, want[i].v);
		assert_non_null(c);
		assert_int_equal(c->tlp, want[i].t);
	}
}

static void test_tlp_well_known_wins(void **state)
{
	struct fx *f = *state;
	/* A bundle object reusing the TLP:RED id cannot downgrade it. */
	assert_int_equal(run(f, BUNDLE(
		"{\"type\":\"marking-definition\",\"id\":\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\","
		"\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"white\"}},"
		IND(U1, "[ipv4-addr:value = '192.0.2.1']",
		    ",\"object_marking_refs\":[\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\"]"))), 0);
	assert_int_equal(find(f, "192.0.2.1/32")->tlp, LF_TLP_RED);
}

static void test_revoked(void **state)
{
	struct fx *f = *state;
	const char *doc = IND(U1, "[ipv4-addr:value = '192.0.2.1']", ",\"revoked\":true");

	assert_int_equal(run(f, doc), 0);
	assert_int_equal(count(f), 0);
	assert_int_equal(f->rep.skipped, 1);
	assert_non_null(issue(f, LF_FEED_SKIPPED, "revoked"));

	f->opts.include_revoked = 1;
	assert_int_equal(run(f, doc), 0);
	assert_int_equal(count(f), 1);
	assert_int_equal(ioc_at(f, 0)->flags, LF_IOC_F_REVOKED);

	assert_int_equal(run(f, IND(U2, "[ipv4-addr:value = '192.0.2.2']", ",\"revoked\":false")), 0);
	assert_int_equal(count(f), 2);
	assert_int_equal(find(f, "192.0.2.2/32")->flags, 0);

	assert_int_equal(run(f, IND(U3, "[ipv4-addr:value = '192.0.2.3']", ",\"revoked\":\"true\"")), 0);
	assert_non_null(issue(f, LF_FEED_REJECTED, "revoked: expected boolean"));
	assert_int_equal(count(f), 2);
}

static void test_confidence(void **state)
{
	struct fx *f = *state;

	f->opts.default_confidence = 40;
	assert_int_equal(run(f, "["
		IND(U1, "[ipv4-addr:value = '192.0.2.1']", ",\"confidence\":0") ","
		IND(U2, "[ipv4-addr:value = '192.0.2.2']", ",\"confidence\":100") ","
		IND(U3, "[ipv4-addr:value = '192.0.2.3']", "") ","
		IND("00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '192.0.2.4']", ",\"confidence\":101") ","
		IND("00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '192.0.2.5']", ",\"confidence\":-1") ","
		IND("00000000-0000-4000-8000-000000000003", "[ipv4-addr:value = '192.0.2.6']", ",\"confidence\":\"50\"") ","
		IND("00000000-0000-4000-8000-000000000004", "[ipv4-addr:value = '192.0.2.7']", ",\"confidence\":50.5") "]"),
		0);
	assert_int_equal(find(f, "192.0.2.1/32")->confidence, 0);
	assert_int_equal(find(f, "192.0.2.2/32")->confidence, 100);
	assert_int_equal(find(f, "192.0.2.3/32")->confidence, 40);
	assert_int_equal(count(f), 3);
	assert_int_equal(f->rep.rejected, 4);
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "confidence");
	assert_non_null(is);
	assert_string_equal(is->where, "indicator--00000000-0000-4000-8000-000000000001");
}

static void test_validity(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "["
		IND(U1, "[ipv4-addr:value = '192.0.2.1']", ",\"valid_until\":\"2030-01-01T00:00:00.5Z\"") ","
		IND(U2, "[ipv4-addr:value = '192.0.2.2']", ",\"valid_until\":\"2020-01-01T00:00:00Z\"") ","
		IND(U3, "[ipv4-addr:value = '192.0.2.3']", ",\"valid_until\":\"2019-01-01T00:00:00Z\"") ","
		IND(U4, "[ipv4-addr:value = '192.0.2.4']", ",\"valid_until\":\"2021-01-01T00:00:00Z\"") ","
		IND("00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '192.0.2.5']",
		    ",\"valid_until\":\"2021-13-01T00:00:00Z\"") ","
		IND("00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '192.0.2.6']",
		    ",\"valid_until\":12345") "]"),
		0);
	dump(f);
	const struct lf_ioc *i = find(f, "192.0.2.1/32");
	assert_non_null(i);
	assert_true(i->valid_from == ts("2020-01-01T00:00:00Z"));
	assert_true(i->valid_until == ts("2030-01-01T00:00:00.5Z"));
	assert_int_equal(count(f), 1);
	/* valid_until == valid_from and < valid_from: invalid per §4.7. */
	assert_int_equal(f->rep.rejected, 4);
	assert_non_null(issue(f, LF_FEED_REJECTED, "not later than valid_from"));
	assert_non_null(issue(f, LF_FEED_SKIPPED, "expired"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "valid_until: not an RFC 3339"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "valid_until: expected string"));

	/* No valid_from at all: unbounded (2.0-style input). */
	assert_int_equal(run(f, "{\"type\":\"indicator\",\"id\":\"indicator--" U1 "\","
			     "\"pattern\":\"[ipv4-addr:value = '192.0.2.9']\"}"), 0);
	i = find(f, "192.0.2.9/32");
	assert_non_null(i);
	assert_true(i->valid_from == LF_TIME_MIN);
}

static void test_labels_kill_chain(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, IND(U1, "[ipv4-addr:value = '192.0.2.1']",
		",\"labels\":[\"apt,x\",\"c2\",\"c2\",\" \"],\"indicator_types\":[\"malicious-activity\"],"
		"\"kill_chain_phases\":[{\"kill_chain_name\":\"lockheed-martin-cyber-kill-chain\","
		"\"phase_name\":\"command-and-control\"},{\"kill_chain_name\":\"mitre-attack\","
		"\"phase_name\":\"exfiltration\"}]")), 0);
	const struct lf_ioc *i = find(f, "192.0.2.1/32");
	assert_non_null(i);
	assert_string_equal(i->labels, "apt;x,c2,malicious-activity");
	assert_string_equal(i->kill_chain,
			    "lockheed-martin-cyber-kill-chain:command-and-control,"
			    "mitre-attack:exfiltration");

	assert_int_equal(run(f, "["
		IND(U2, "[ipv4-addr:value = '192.0.2.2']", ",\"labels\":[1]") ","
		IND(U3, "[ipv4-addr:value = '192.0.2.3']", ",\"labels\":\"x\"") ","
		IND(U4, "[ipv4-addr:value = '192.0.2.4']", ",\"kill_chain_phases\":[{\"phase_name\":\"x\"}]") "]"),
		0);
	assert_int_equal(count(f), 1);
	assert_non_null(issue(f, LF_FEED_REJECTED, "labels[0]: expected string, got integer"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "labels: expected array"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "kill_chain_phases[0]"));
}

static void test_pattern_type(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "["
		"{\"type\":\"indicator\",\"id\":\"indicator--" U1 "\",\"pattern\":"
		"\"[ipv4-addr:value = '192.0.2.1']\",\"valid_from\":\"2020-01-01T00:00:00Z\"},"
		"{\"type\":\"indicator\",\"id\":\"indicator--" U2 "\",\"pattern_type\":\"sigma\","
		"\"pattern\":\"title: x\",\"valid_from\":\"2020-01-01T00:00:00Z\"},"
		"{\"type\":\"indicator\",\"id\":\"indicator--" U3 "\",\"pattern_type\":7,"
		"\"pattern\":\"x\",\"valid_from\":\"2020-01-01T00:00:00Z\"}]"), 0);
	assert_non_null(find(f, "192.0.2.1/32"));
	assert_int_equal(count(f), 1);
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "pattern_type 'sigma'"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "pattern_type: expected string"));
}

static void test_patterns(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "["
		IND(U1, "[ipv4-addr:value = '192.0.2.1' OR ipv6-addr:value = '2001:DB8::1'] OR "
			"[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']", "") ","
		IND(U2, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "") ","
		IND(U3, "[domain-name:value IN ('a.example', 'b.example')]", "") ","
		IND(U4, "[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.example']", "") ","
		IND("00000000-0000-4000-8000-000000000001", "[ipv4-addr:value = '1.2.3.4'", "") ","
		IND("00000000-0000-4000-8000-000000000002", "[ipv4-addr:value = '300.1.1.1']", "") ","
		IND("00000000-0000-4000-8000-000000000003", "[domain-name:value = '*.wild.example']", "") ","
		IND("00000000-0000-4000-8000-000000000004", "[file:hashes.'SHA-1' = 'abc']", "") ","
		"{\"type\":\"indicator\",\"id\":\"indicator--00000000-0000-4000-8000-000000000005\","
		"\"pattern\":42},"
		IND("00000000-0000-4000-8000-000000000006", "[ipv4-addr:value ISSUBSET '10.1.2.3/8']", "") "]"),
		0);
	dump(f);
	const struct lf_ioc *i = find(f, "192.0.2.1/32");
	assert_non_null(i);
	assert_string_equal(i->ref, "indicator--" U1);
	assert_non_null(find(f, "2001:db8::1/128"));
	assert_non_null(find(f, "d41d8cd98f00b204e9800998ecf8427e"));
	i = find(f, "198.51.100.0/24");
	assert_non_null(i);
	assert_int_equal(i->pfx.len, 24);
	assert_non_null(find(f, "a.example"));
	assert_non_null(find(f, "b.example"));
	assert_int_equal(count(f), 6);
	assert_int_equal(f->rep.per_type[LF_IOC_DOMAIN], 2);
	assert_int_equal(f->rep.unsupported, 1);
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "AND"));
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "pattern: offset");
	assert_non_null(is);
	assert_string_equal(is->where, "indicator--00000000-0000-4000-8000-000000000001");
	assert_non_null(issue(f, LF_FEED_REJECTED, "'300.1.1.1'"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "not a STIX domain name"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "'abc'"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "pattern: expected string"));
	const struct lf_feed_issue *hb = issue(f, LF_FEED_REJECTED, "'10.1.2.3/8'");
	assert_non_null(hb);
	assert_non_null(strstr(hb->reason, lf_strerror(LF_EHOSTBITS)));
	assert_int_equal(f->rep.rejected, 6);
}

static void test_start_stop(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "["
		IND(U1, "[ipv4-addr:value = '192.0.2.1'] START t'2021-01-01T00:00:00Z' "
			"STOP t'2031-01-01T00:00:00Z'", ",\"valid_until\":\"2030-01-01T00:00:00Z\"") ","
		IND(U2, "[ipv4-addr:value = '192.0.2.2'] START t'2021-01-01T00:00:00Z' "
			"STOP t'2022-01-01T00:00:00Z'", "") ","
		IND(U3, "[ipv4-addr:value = '192.0.2.3'] START t'2031-01-01T00:00:00Z' "
			"STOP t'2032-01-01T00:00:00Z'", ",\"valid_until\":\"2030-01-01T00:00:00Z\"") ","
		IND(U4, "[ipv4-addr:value = '192.0.2.4'] REPEATS 5 TIMES", "") "]"),
		0);
	dump(f);
	const struct lf_ioc *i = find(f, "192.0.2.1/32");
	assert_non_null(i);
	assert_true(i->valid_from == ts("2021-01-01T00:00:00Z"));
	assert_true(i->valid_until == ts("2030-01-01T00:00:00Z"));
	assert_int_equal(count(f), 1);
	assert_non_null(issue(f, LF_FEED_SKIPPED, "expired (STOP"));
	assert_non_null(issue(f, LF_FEED_SKIPPED, "outside valid_from"));
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "REPEATS"));
}

static void test_versions(void **state)
{
	struct fx *f = *state;
	const char *old = "{\"type\":\"indicator\",\"id\":\"indicator--" U1 "\","
		"\"modified\":\"2020-01-01T00:00:00Z\",\"pattern_type\":\"stix\","
		"\"pattern\":\"[ipv4-addr:value = '192.0.2.1']\",\"valid_from\":\"2020-01-01T00:00:00Z\"}";
	const char *new = "{\"type\":\"indicator\",\"id\":\"indicator--" U1 "\","
		"\"modified\":\"2021-01-01T00:00:00Z\",\"pattern_type\":\"stix\","
		"\"pattern\":\"[ipv4-addr:value = '192.0.2.2']\",\"valid_from\":\"2020-01-01T00:00:00Z\"}";
	char doc[2048];

	/* Whatever the order, the later `modified` is the one imported. */
	snprintf(doc, sizeof(doc), "[%s,%s]", new, old);
	assert_int_equal(run(f, doc), 0);
	snprintf(doc, sizeof(doc), "[%s,%s,%s]", old, new, new);
	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(count(f), 2);
	assert_string_equal(ioc_at(f, 0)->value, "192.0.2.2/32");
	assert_string_equal(ioc_at(f, 1)->value, "192.0.2.2/32");
	assert_int_equal(f->rep.skipped, 3);
	assert_non_null(issue(f, LF_FEED_SKIPPED, "superseded"));
	assert_non_null(issue(f, LF_FEED_SKIPPED, "duplicate"));
}

static void test_objects(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, BUNDLE(
		"{\"type\":\"ipv6-addr\",\"id\":\"ipv6-addr--" U1 "\",\"value\":\"2001:db8::1\"},"
		"{\"type\":\"url\",\"id\":\"url--" U2 "\",\"value\":\"http://x.example/\"},"
		"{\"type\":\"malware\",\"id\":\"malware--" U3 "\",\"name\":\"x\"},"
		"{\"type\":\"x-custom-thing\",\"id\":\"x-custom-thing--" U3 "\"},"
		"{\"type\":\"bundle\",\"id\":\"bundle--" U3 "\",\"objects\":[]},"
		"{\"id\":\"indicator--" U4 "\"},"
		"{\"type\":5},"
		"[1],"
		"{\"type\":\"indicator\",\"id\":\"indicator-" U4 "\",\"pattern\":\"[x:y = 'z']\"},"
		"{\"type\":\"indicator\",\"id\":7,\"pattern\":\"[x:y = 'z']\"}")), 0);
	dump(f);
	assert_int_equal(f->rep.entries, 10);
	assert_int_equal(count(f), 0);
	assert_int_equal(f->rep.unsupported, 3);
	assert_int_equal(f->rep.rejected, 5);
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "bundle inside a bundle"));
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "type: missing");
	assert_non_null(is);
	assert_string_equal(is->where, "indicator--" U4);
	is = issue(f, LF_FEED_REJECTED, "type: expected string");
	assert_string_equal(is->where, "objects[6]");
	is = issue(f, LF_FEED_REJECTED, "expected a STIX object, got array");
	assert_string_equal(is->where, "objects[7]");
	is = issue(f, LF_FEED_REJECTED, "id: expected");
	assert_non_null(is);
}

static void test_huge_value(void **state)
{
	struct fx *f = *state;
	size_t n = 8000;
	char *doc = malloc(n + 512);
	assert_non_null(doc);
	int k = snprintf(doc, 512, "{\"type\":\"indicator\",\"id\":\"indicator--" U1
			 "\",\"pattern\":\"[url:value = 'http://x.example/");
	memset(doc + k, 'a', n);
	snprintf(doc + k + n, 512, "']\"}");
	assert_int_equal(run(f, doc), 0);
	assert_int_equal(count(f), 0);
	assert_int_equal(f->rep.rejected, 1);
	assert_non_null(issue(f, LF_FEED_REJECTED, "pattern value 'http://x.example/aaa"));
	free(doc);
}

static void test_defaults(void **state)
{
	struct fx *f = *state;

	f->opts.default_tlp = LF_TLP_GREEN;
	f->opts.default_confidence = 70;
	assert_int_equal(run(f, IND(U1, "[ipv4-addr:value = '192.0.2.1']", "")), 0);
	const struct lf_ioc *i = find(f, "192.0.2.1/32");
	assert_int_equal(i->tlp, LF_TLP_GREEN);
	assert_int_equal(i->confidence, 70);
	assert_int_equal(i->source, f->opts.source);
}

/* ---- json.c helpers ----------------------------------------------------- */

static void test_json_helpers(void **state)
{
	(void)state;
	json_t *o = json_loads("{\"s\":\"x\",\"n\":null,\"i\":5,\"si\":\"17\",\"b\":true,"
			       "\"b0\":\"0\",\"b1\":1,\"bx\":\"yes\",\"t\":\"2020-01-01T00:00:00Z\","
			       "\"r\":1.5,\"big\":\"99999999999999999999\"}", 0, NULL);
	const char *s;
	size_t n;
	int b;
	int64_t i;
	lf_time_t t;

	assert_non_null(o);
	assert_int_equal(lf_feed_json_get_str(o, "s", &s, &n), 0);
	assert_string_equal(s, "x");
	assert_int_equal(n, 1);
	assert_int_equal(lf_feed_json_get_str(o, "n", &s, &n), LF_ENOENT);
	assert_int_equal(lf_feed_json_get_str(o, "zz", &s, &n), LF_ENOENT);
	assert_int_equal(lf_feed_json_get_str(o, "i", &s, &n), LF_ETYPE);
	assert_int_equal(lf_feed_json_get_bool(o, "b", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(lf_feed_json_get_bool(o, "b0", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(lf_feed_json_get_bool(o, "b1", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(lf_feed_json_get_bool(o, "bx", &b), LF_ETYPE);
	assert_int_equal(lf_feed_json_get_bool(o, "i", &b), LF_ETYPE);
	assert_int_equal(lf_feed_json_get_int(o, "i", 0, 10, &i), 0);
	assert_int_equal(i, 5);
	assert_int_equal(lf_feed_json_get_int(o, "i", 0, 4, &i), LF_ERANGE);
	assert_int_equal(lf_feed_json_get_int(o, "si", 0, 100, &i), 0);
	assert_int_equal(i, 17);
	assert_int_equal(lf_feed_json_get_int(o, "s", 0, 100, &i), LF_ETYPE);
	assert_int_equal(lf_feed_json_get_int(o, "r", 0, 100, &i), LF_ETYPE);
	assert_int_equal(lf_feed_json_get_int(o, "big", 0, 100, &i), LF_ERANGE);
	assert_int_equal(lf_feed_json_get_time(o, "t", &t), 0);
	assert_true(t == ts("2020-01-01T00:00:00Z"));
	assert_int_equal(lf_feed_json_get_time(o, "s", &t), LF_EMALF);
	assert_string_equal(lf_feed_json_type_name(json_object_get(o, "r")), "real");
	json_decref(o);

	assert_true(lf_feed_is_uuid(U1, 36));
	assert_true(lf_feed_is_uuid("ABCDEF01-2345-6789-abcd-ef0123456789", 36));
	assert_false(lf_feed_is_uuid(U1, 35));
	assert_false(lf_feed_is_uuid("1111111121111-4111-8111-111111111111", 36));
	assert_false(lf_feed_is_uuid("g1111111-1111-4111-8111-111111111111", 36));

	char w[8];
	lf_feed_where(w, sizeof(w), "ab\ncdefghij", 11);
	assert_string_equal(w, "ab?c...");
	lf_feed_where(w, sizeof(w), "abc", 3);
	assert_string_equal(w, "abc");

	struct lf_feed_join j;
	lf_feed_join_init(&j);
	assert_null(lf_feed_join_str(&j));
	assert_int_equal(lf_feed_join_add(&j, "a", 1, NULL, 0), 0);
	assert_int_equal(lf_feed_join_add(&j, "a", 1, "b", 1), 0);
	assert_int_equal(lf_feed_join_add(&j, "a", 1, NULL, 0), 0);
	assert_int_equal(lf_feed_join_add(&j, "", 0, "", 0), 0);
	assert_string_equal(lf_feed_join_str(&j), "a,a:b");
	char big[LF_FEED_LABELS_MAX];
	memset(big, 'x', sizeof(big));
	assert_int_equal(lf_feed_join_add(&j, big, sizeof(big), NULL, 0), 0);
	assert_int_equal(j.dropped, 1);
	assert_string_equal(lf_feed_join_str(&j), "a,a:b");
	assert_int_equal(lf_feed_join_add(&j, big, LF_FEED_LABELS_MAX - 6, NULL, 0), 0);
	assert_int_equal(strlen(lf_feed_join_str(&j)), LF_FEED_LABELS_MAX);
	lf_feed_join_free(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_example_c2_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_c2_coa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_malicious_email, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_infrastructure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_object_marking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_relationship, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_object_and_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_stix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlp_markings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlp_well_known_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revoked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels_kill_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pattern_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patterns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test(test_json_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
