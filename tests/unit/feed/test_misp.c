/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_misp.c — MISP event importer and feed manifest (src/lib/feed/misp.c).
 *
 * The JSON below is written with single quotes for readability; q() turns
 * them into double quotes before the import (no test value needs a ').
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
#include "ioc/ioc.h"
#include "ioc/iocset.h"

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
	assert_int_equal(lf_iocset_source(f->set, "misp", &f->opts.source), 0);
	lf_feed_report_init(&f->rep);
	f->opts.format = LF_FEED_MISP;
	f->opts.name = "event.json";
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
	return lf_feed_import_misp(&f->opts, buf, len, f->set, &f->rep);
}

/* Import s with ' turned into ". */
static int run(struct fx *f, const char *s)
{
	size_t n = strlen(s);
	char *b = malloc(n + 1);
	int rc;

	assert_non_null(b);
	for (size_t i = 0; i <= n; i++)
		b[i] = s[i] == '\'' ? '"' : s[i];
	rc = run_n(f, b, n);
	free(b);
	return rc;
}

static size_t count(const struct fx *f)
{
	return lf_iocset_count(f->set);
}

static const struct lf_ioc *find(const struct fx *f, const char *value)
{
	for (size_t i = 0; i < count(f); i++)
		if (strcmp(lf_iocset_get(f->set, i)->value, value) == 0)
			return lf_iocset_get(f->set, i);
	return NULL;
}

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

/* The issue at `where` of severity sev whose reason contains `what`. */
static const struct lf_feed_issue *issue_at(const struct fx *f,
					    enum lf_feed_severity sev,
					    const char *where, const char *what)
{
	for (size_t i = 0; i < f->rep.n_issues; i++) {
		const struct lf_feed_issue *is = &f->rep.issues[i];
		if (is->severity == sev && strcmp(is->where, where) == 0 &&
		    strstr(is->reason, what))
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

#define UP "00000000-0000-4000-8000-0000000000"
#define EV1 "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define EV2 "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
/* An attribute with uuid UP<n>, to_ids true, and extra members. */
#define A(n, type, value, extra)                                            \
	"{'id':'" #n "','uuid':'" UP #n "','type':'" type "','category':'Network " \
	"activity','to_ids':true,'deleted':false,'distribution':'5','timestamp':" \
	"'1700000000','comment':'','value':'" value "'" extra "}"
#define EVENT(uuid, meta, attrs, objs)                                        \
	"{'Event':{'id':'1','uuid':'" uuid "','info':'test event','threat_level_id':" \
	"'1','analysis':'2','date':'2023-11-14','published':true" meta           \
	",'Attribute':[" attrs "],'Object':[" objs "]}}"

/* ---- every attribute type ------------------------------------------------ */

static void test_types(void **state)
{
	struct fx *f = *state;
	const char *doc = EVENT(EV1,
		",'distribution':'3','Tag':[{'name':'tlp:amber','colour':'#FFC000'},"
		"{'name':'misp-galaxy:threat-actor=\\\"APT1\\\"'},{'name':'type:OSINT'}]",
		A(01, "ip-src", "198.51.100.1", "") ","
		A(02, "ip-dst", "2001:db8::/32", "") ","
		A(03, "ip-src|port", "198.51.100.3|8080", "") ","
		A(04, "ip-dst|port", "[2001:db8::4]|443", "") ","
		A(05, "ip-dst|port", "2001:db8::5|443", "") ","
		A(06, "domain", "Evil.Example", "") ","
		A(07, "hostname", "www.evil.example.", "") ","
		A(08, "hostname|port", "c2.evil.example|8443", "") ","
		A(09, "domain|ip", "pair.example|203.0.113.9", "") ","
		A(10, "url", "HTTP://Evil.Example:80/a/../b", "") ","
		A(11, "uri", "https://x.example/p", "") ","
		A(12, "uri", "/gate.php", "") ","
		A(13, "md5", "D41D8CD98F00B204E9800998ECF8427E", "") ","
		A(14, "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "") ","
		A(15, "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "") ","
		A(16, "filename|md5", "a|b.exe|0cc175b9c0f1b6a831c399e269772661", "") ","
		A(17, "filename|sha1", "x.exe|86f7e437faa5a7fce15d1ddcb9eaeaea377667b8", "") ","
		A(18, "filename|sha256", "x.exe|ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", "") ","
		A(19, "email", "Bad@Example.org", "") ","
		A(20, "email-src", "phish@evil.example", "") ","
		A(21, "email-dst", "victim@corp.example", "") ","
		A(22, "comment", "hello", "") ","
		A(23, "comment", "x", "") ","
		A(24, "text", "y", "") ","
		A(25, "domain", "*.wild.example", ""),
		"{'name':'file','meta-category':'file','deleted':false,'Attribute':["
		A(26, "sha256", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", "")
		"]},{'name':'file','deleted':true,'Attribute':["
		A(27, "md5", "acbd18db4cc2f85cedef654fccc4a4d8", "") "]}");
	static const struct {
		const char *value;
		enum lf_ioc_type type;
		const char *ref; /* last two digits of the attribute uuid */
	} want[] = {
		{ "198.51.100.1/32", LF_IOC_IPV4, "01" },
		{ "2001:db8::/32", LF_IOC_IPV6, "02" },
		{ "198.51.100.3/32", LF_IOC_IPV4, "03" },
		{ "2001:db8::4/128", LF_IOC_IPV6, "04" },
		{ "2001:db8::5/128", LF_IOC_IPV6, "05" },
		{ "evil.example", LF_IOC_DOMAIN, "06" },
		{ "www.evil.example", LF_IOC_DOMAIN, "07" },
		{ "c2.evil.example", LF_IOC_DOMAIN, "08" },
		{ "pair.example", LF_IOC_DOMAIN, "09" },
		{ "203.0.113.9/32", LF_IOC_IPV4, "09" },
		{ "http://evil.example/b", LF_IOC_URL, "10" },
		{ "https://x.example/p", LF_IOC_URL, "11" },
		{ "d41d8cd98f00b204e9800998ecf8427e", LF_IOC_MD5, "13" },
		{ "da39a3ee5e6b4b0d3255bfef95601890afd80709", LF_IOC_SHA1, "14" },
		{ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", LF_IOC_SHA256, "15" },
		{ "0cc175b9c0f1b6a831c399e269772661", LF_IOC_MD5, "16" },
		{ "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8", LF_IOC_SHA1, "17" },
		{ "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb", LF_IOC_SHA256, "18" },
		{ "bad@example.org", LF_IOC_EMAIL, "19" },
		{ "phish@evil.example", LF_IOC_EMAIL, "20" },
		{ "victim@corp.example", LF_IOC_EMAIL, "21" },
		{ "wild.example", LF_IOC_DOMAIN, "25" },
		{ "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", LF_IOC_SHA256, "26" },
	};

	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(f->rep.format, LF_FEED_MISP);
	assert_int_equal(f->rep.entries, 27);
	assert_int_equal(count(f), sizeof(want) / sizeof(want[0]));
	assert_int_equal(f->rep.imported, count(f));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lf_ioc *c = find(f, want[i].value);
		char ref[40];
		if (!c)
			fail_msg("missing %s", want[i].value);
		assert_int_equal(c->type, want[i].type);
		snprintf(ref, sizeof(ref), "%s%s", UP, want[i].ref);
		assert_string_equal(c->ref, ref);
		assert_int_equal(c->tlp, LF_TLP_AMBER);
		assert_string_equal(c->labels, "misp-galaxy:threat-actor=\"APT1\",type:OSINT");
		assert_true(c->valid_from == LF_TIME_MIN);
		assert_true(c->valid_until == LF_TIME_MAX);
		assert_int_equal(c->flags,
				 strcmp(want[i].value, "wild.example") == 0 ?
				 LF_IOC_F_SUBDOMAINS : 0);
	}
	assert_int_equal(f->rep.per_type[LF_IOC_DOMAIN], 5);
	/* relative uri, comment x2 (one record), text */
	assert_int_equal(f->rep.unsupported, 4);
	assert_int_equal(f->rep.skipped, 1);
	assert_int_equal(f->rep.rejected, 0);
	assert_int_equal(f->rep.n_issues, 4);
	const struct lf_feed_issue *is = issue(f, LF_FEED_UNSUPPORTED,
					       "MISP type 'comment' not an indicator type (2 attributes");
	assert_non_null(is);
	assert_string_equal(is->where, UP "22");
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "MISP type 'text' not an indicator type (1 attribute,"));
	is = issue(f, LF_FEED_UNSUPPORTED, "relative uri");
	assert_string_equal(is->where, UP "12");
	is = issue(f, LF_FEED_SKIPPED, "object deleted");
	assert_string_equal(is->where, UP "27");
}

/* ---- TLP ---------------------------------------------------------------- */

static void test_tlp(void **state)
{
	struct fx *f = *state;
	const char *doc = "["
		EVENT(EV1, ",'distribution':'3','Tag':[{'name':'tlp:amber'}]",
		      A(01, "ip-dst", "192.0.2.1", "") ","
		      A(02, "ip-dst", "192.0.2.2", ",'Tag':[{'name':'tlp:red'}]") ","
		      A(03, "ip-dst", "192.0.2.3", ",'Tag':[{'name':'tlp:clear'}]") ","
		      A(04, "ip-dst", "192.0.2.4", ",'Tag':[{'name':'tlp:green'},{'name':'TLP:AMBER+STRICT'}]") ","
		      A(05, "ip-dst", "192.0.2.5", ",'Tag':[{'name':'tlp:white'},{'name':'tlp:ex:chr'}]"), "") ","
		EVENT(EV2, ",'distribution':'0'",
		      A(06, "ip-dst", "192.0.2.6", "") ","
		      "{'uuid':'" UP "07','type':'ip-dst','value':'192.0.2.7','distribution':'3'}" ","
		      A(08, "ip-dst", "192.0.2.8", ",'Tag':[{'name':'tlp:green'}]"), "") ","
		EVENT("cccccccc-cccc-4ccc-8ccc-cccccccccccc", ",'distribution':3",
		      A(09, "ip-dst", "192.0.2.9", "") ","
		      "{'uuid':'" UP "10','type':'ip-dst','value':'192.0.2.10','distribution':0}", "")
		"]";
	static const struct {
		const char *v;
		enum lf_tlp t;
	} want[] = {
		{ "192.0.2.1/32", LF_TLP_AMBER },  { "192.0.2.2/32", LF_TLP_RED },
		{ "192.0.2.3/32", LF_TLP_CLEAR },  { "192.0.2.4/32", LF_TLP_AMBER_STRICT },
		{ "192.0.2.5/32", LF_TLP_CLEAR },  { "192.0.2.6/32", LF_TLP_AMBER_STRICT },
		{ "192.0.2.7/32", LF_TLP_GREEN },  { "192.0.2.8/32", LF_TLP_GREEN },
		{ "192.0.2.9/32", LF_TLP_GREEN },  { "192.0.2.10/32", LF_TLP_AMBER_STRICT },
	};

	f->opts.default_tlp = LF_TLP_GREEN;
	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(f->rep.n_issues, 0);
	assert_int_equal(count(f), 10);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lf_ioc *c = find(f, want[i].v);
		assert_non_null(c);
		assert_int_equal(c->tlp, want[i].t);
	}
	/* A tlp: tag that is no TLP level is a label; real TLP tags are not. */
	assert_string_equal(find(f, "192.0.2.5/32")->labels, "tlp:ex:chr");
	assert_null(find(f, "192.0.2.1/32")->labels);
}

/* ---- confidence ---------------------------------------------------------- */

static void test_confidence(void **state)
{
	struct fx *f = *state;
	const char *doc = "["
		EVENT(EV1, ",'Tag':[{'name':'misp:confidence-level=\\\"fairly-confident\\\"'}]",
		      A(01, "ip-dst", "192.0.2.1", "") ","
		      A(02, "ip-dst", "192.0.2.2",
			",'Tag':[{'name':'admiralty-scale:information-credibility=\\\"2\\\"'}]") ","
		      A(03, "ip-dst", "192.0.2.3",
			",'Tag':[{'name':'misp:confidence-level=\\\"usually-confident\\\"'},"
			"{'name':'MISP:confidence-level=\\\"rarely-confident\\\"'}]") ","
		      A(04, "ip-dst", "192.0.2.4",
			",'Tag':[{'name':'misp:confidence-level=\\\"confidence-cannot-be-evalued\\\"'}]") ","
		      A(05, "ip-dst", "192.0.2.5",
			",'Tag':[{'name':'misp:confidence-level=\\\"completely-confident\\\"'}]"), "") ","
		EVENT(EV2, "", A(06, "ip-dst", "192.0.2.6", ",'Tag':[{'name':'misp:confidence-level=\\\"unconfident\\\"'}]") ","
		      A(07, "ip-dst", "192.0.2.7", ""), "")
		"]";

	f->opts.default_confidence = 60;
	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(count(f), 7);
	assert_int_equal(find(f, "192.0.2.1/32")->confidence, 50);
	assert_int_equal(find(f, "192.0.2.2/32")->confidence, 80);
	assert_int_equal(find(f, "192.0.2.3/32")->confidence, 25);
	assert_int_equal(find(f, "192.0.2.4/32")->confidence, LF_CONF_UNSET);
	assert_int_equal(find(f, "192.0.2.5/32")->confidence, 100);
	assert_int_equal(find(f, "192.0.2.6/32")->confidence, 0);
	assert_int_equal(find(f, "192.0.2.7/32")->confidence, 60);
	/* Confidence tags are not labels. */
	for (size_t i = 0; i < count(f); i++)
		assert_null(lf_iocset_get(f->set, i)->labels);
}

/* ---- to_ids, deleted, first_seen ------------------------------------------ */

static void test_to_ids(void **state)
{
	struct fx *f = *state;
	const char *doc = EVENT(EV1, "",
		"{'uuid':'" UP "01','type':'ip-dst','value':'192.0.2.1','to_ids':false},"
		"{'uuid':'" UP "02','type':'ip-dst','value':'192.0.2.2','to_ids':'0'},"
		"{'uuid':'" UP "03','type':'ip-dst','value':'192.0.2.3','to_ids':0},"
		"{'uuid':'" UP "04','type':'ip-dst','value':'192.0.2.4','to_ids':'1'},"
		"{'uuid':'" UP "05','type':'ip-dst','value':'192.0.2.5','to_ids':1},"
		"{'uuid':'" UP "06','type':'ip-dst','value':'192.0.2.6'},"
		"{'uuid':'" UP "07','type':'ip-dst','value':'192.0.2.7','to_ids':'yes'},"
		"{'uuid':'" UP "08','type':'ip-dst','value':'192.0.2.8','to_ids':null}", "");

	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(f->rep.entries, 8);
	assert_int_equal(count(f), 4);
	assert_non_null(find(f, "192.0.2.4/32"));
	assert_non_null(find(f, "192.0.2.5/32"));
	assert_non_null(find(f, "192.0.2.6/32"));
	assert_non_null(find(f, "192.0.2.8/32"));
	assert_int_equal(f->rep.skipped, 3);
	assert_int_equal(f->rep.rejected, 1);
	assert_int_equal(f->rep.n_issues, 2);
	const struct lf_feed_issue *is = issue(f, LF_FEED_SKIPPED, "to_ids is false");
	assert_non_null(is);
	assert_non_null(strstr(is->reason, "(3 attributes"));
	assert_string_equal(is->where, UP "01");
	is = issue(f, LF_FEED_REJECTED, "to_ids: expected boolean");
	assert_string_equal(is->where, UP "07");

	/* With include_noids they come in, flagged. */
	lf_feed_report_free(&f->rep);
	lf_feed_report_init(&f->rep);
	f->opts.include_noids = 1;
	assert_int_equal(run(f, doc), 0);
	assert_int_equal(count(f), 4 + 7);
	assert_int_equal(f->rep.skipped, 0);
	size_t noids = 0;
	for (size_t i = 4; i < count(f); i++)
		noids += (lf_iocset_get(f->set, i)->flags & LF_IOC_F_NOIDS) != 0;
	assert_int_equal(noids, 3);
}

static void test_deleted_and_seen(void **state)
{
	struct fx *f = *state;
	const char *doc = EVENT(EV1, "",
		"{'uuid':'" UP "01','type':'ip-dst','value':'192.0.2.1','deleted':true},"
		"{'uuid':'" UP "02','type':'ip-dst','value':'192.0.2.2','deleted':'1'},"
		"{'uuid':'" UP "03','type':'ip-dst','value':'192.0.2.3','deleted':'maybe'},"
		"{'uuid':'" UP "04','type':'ip-dst','value':'192.0.2.4',"
		"'first_seen':'2019-06-02T22:14:28.711954+00:00','last_seen':'2019-07-01T00:00:00Z'},"
		"{'uuid':'" UP "05','type':'ip-dst','value':'192.0.2.5','first_seen':null,'last_seen':null},"
		"{'uuid':'" UP "06','type':'ip-dst','value':'192.0.2.6','first_seen':'yesterday'},"
		"{'uuid':'" UP "07','type':'ip-dst','value':'192.0.2.7','first_seen':17}",
		"{'deleted':'x','Attribute':[]},5");

	assert_int_equal(run(f, doc), 0);
	dump(f);
	assert_int_equal(count(f), 2);
	const struct lf_ioc *c = find(f, "192.0.2.4/32");
	assert_non_null(c);
	assert_true(c->valid_from == ts("2019-06-02T22:14:28.711954Z"));
	assert_true(c->valid_until == LF_TIME_MAX);
	c = find(f, "192.0.2.5/32");
	assert_true(c->valid_from == LF_TIME_MIN);
	assert_int_equal(f->rep.skipped, 2);
	assert_non_null(issue(f, LF_FEED_SKIPPED, "attribute deleted (2 attributes"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "deleted: expected boolean"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "first_seen: expected string"));
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "first_seen: ");
	assert_string_equal(is->where, UP "06");
	is = issue(f, LF_FEED_REJECTED, "object: expected object");
	assert_string_equal(is->where, "event " EV1 "/Object[1]");
	assert_int_equal(f->rep.rejected, 5);
	assert_int_equal(f->rep.entries, 9);
}

/* ---- wrong types and bad values ------------------------------------------- */

static void test_wrong_types(void **state)
{
	struct fx *f = *state;
	const char *doc = "["
		EVENT(EV1, "",
		      "{'uuid':'" UP "01','type':'ip-dst','value':5},"
		      "{'uuid':'" UP "02','value':'192.0.2.2'},"
		      "{'uuid':'" UP "03','type':'ip-dst','value':'192.0.2.3','Tag':'tlp:red'},"
		      "{'uuid':'" UP "04','type':'ip-dst','value':'192.0.2.4','Tag':[5]},"
		      "{'uuid':'" UP "05','type':'ip-dst','value':'192.0.2.5','Tag':[{'name':5}]},"
		      "{'uuid':'not-a-uuid','type':'ip-dst','value':'192.0.2.6'},"
		      "{'uuid':7,'type':'ip-dst','value':'192.0.2.7'},"
		      "5,"
		      "{'uuid':'" UP "09','type':'ip-dst','value':'192.0.2.9','distribution':'9'},"
		      "{'uuid':'" UP "10','type':'ip-dst','value':'300.1.1.1'},"
		      "{'uuid':'" UP "11','type':'md5','value':'abc'},"
		      "{'uuid':'" UP "12','type':'ip-dst','value':'evil.example'},"
		      "{'uuid':'" UP "13','type':'domain|ip','value':'nobar.example'},"
		      "{'uuid':'" UP "14','type':'domain|ip','value':'ok.example|999.1.1.1'},"
		      "{'type':'ip-dst','value':'192.0.2.15'},"
		      "{'uuid':'" UP "16','type':'ip-dst','value':'fe80::1%eth0'},"
		      "{'uuid':'" UP "17','type':5,'value':'x'},"
		      "{'uuid':'" UP "18','type':'ip-src','value':'198.51.100.7/24'}", "5") ","
		/* malformed event metadata: the whole event is refused */
		"{'Event':{'uuid':'" EV2 "','Tag':{'name':'tlp:red'},'Attribute':["
		A(20, "ip-dst", "192.0.2.20", "") "]}},"
		"{'Event':{'uuid':'" EV2 "','distribution':'7','Attribute':["
		A(21, "ip-dst", "192.0.2.21", "") "]}},"
		"{'Event':{'uuid':'" EV2 "','Attribute':{}}},"
		"{'Event':{'uuid':5,'Attribute':[]}},"
		"{'Event':5},"
		"7"
		"]";

	assert_int_equal(run(f, doc), 0);
	dump(f);
	/* ok.example from 14 and 192.0.2.15 */
	assert_int_equal(count(f), 2);
	assert_non_null(find(f, "ok.example"));
	const struct lf_ioc *c = find(f, "192.0.2.15/32");
	assert_non_null(c);
	assert_null(c->ref);

	static const struct {
		const char *where, *what;
	} want[] = {
		{ UP "01", "value: expected string" },
		{ UP "02", "type: missing" },
		{ UP "03", "Tag: expected array, got string" },
		{ UP "04", "Tag[0]: expected object" },
		{ UP "05", "Tag[0].name: expected string" },
		{ "event " EV1 "/Attribute[5]", "uuid: not a UUID" },
		{ "event " EV1 "/Attribute[6]", "uuid: expected string" },
		{ "event " EV1 "/Attribute[7]", "attribute: expected object, got integer" },
		{ UP "09", "distribution: expected 0..5" },
		{ UP "10", "ip-dst value '300.1.1.1'" },
		{ UP "11", "md5 value 'abc'" },
		{ UP "12", "ip-dst value 'evil.example'" },
		{ UP "13", "no '|' separator" },
		{ UP "14", "domain|ip value '999.1.1.1'" },
		{ UP "16", "ip-dst value 'fe80::1%eth0'" },
		{ UP "17", "type: expected string" },
		{ UP "18", "ip-src value '198.51.100.7/24': " },
		{ "event " EV1 "/Object[0]", "object: expected object" },
		{ "event " EV2, "event Tag: expected array, got object" },
		{ "event " EV2, "distribution: expected 0..4" },
		{ "event " EV2, "Attribute: expected array" },
		{ "event[4]", "event uuid: expected string" },
		{ "event[5]", "event: expected object, got integer" },
		{ "event[6]", "event: expected object, got integer" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!issue_at(f, LF_FEED_REJECTED, want[i].where, want[i].what))
			fail_msg("no issue at %s: '%s'", want[i].where, want[i].what);
	assert_int_equal(f->rep.rejected, sizeof(want) / sizeof(want[0]));
	assert_int_equal(f->rep.n_issues, sizeof(want) / sizeof(want[0]));
}

/* ---- shapes of the input --------------------------------------------------- */

static void test_shapes(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "{'response':[" EVENT(EV1, "", A(01, "ip-dst", "192.0.2.1", ""), "")
			     "," EVENT(EV2, "", A(02, "ip-dst", "192.0.2.2", ""), "") "]}"), 0);
	assert_int_equal(run(f, "{'uuid':'" EV1 "','info':'bare','Attribute':["
			     A(03, "ip-dst", "192.0.2.3", "") "]}"), 0);
	assert_int_equal(run(f, "[{'uuid':'" EV1 "','info':'bare','Attribute':["
			     A(04, "ip-dst", "192.0.2.4", "") "]}]"), 0);
	assert_int_equal(run(f, "{'response':{'Attribute':[" A(05, "ip-dst", "192.0.2.5", "") "]}}"), 0);
	assert_int_equal(run(f, "{'Event':{'Attribute':[" A(06, "ip-dst", "192.0.2.6", "") "]}}"), 0);
	dump(f);
	assert_int_equal(count(f), 6);
	assert_int_equal(f->rep.n_issues, 0);
	for (int i = 1; i <= 6; i++) {
		char v[32];
		snprintf(v, sizeof(v), "192.0.2.%d/32", i);
		assert_non_null(find(f, v));
	}

	assert_int_equal(run(f, "{'foo':1}"), LF_EFORMAT);
	assert_int_equal(run(f, "'Event'"), LF_EFORMAT);
	assert_int_equal(run(f, "{'response':5}"), LF_EFORMAT);
	assert_non_null(issue(f, LF_FEED_REJECTED, "not a MISP event"));
	assert_int_equal(run(f, "[]"), 0);
	assert_int_equal(run(f, "{'Event':{}}"), 0);
	assert_int_equal(run(f, "{'Event':{'uuid':'" EV1 "','Attribute':null,'Object':null,"
			     "'Tag':null,'distribution':null}}"), 0);
	assert_int_equal(f->rep.entries, 6);
	assert_int_equal(f->rep.rejected, 3);
	assert_int_equal(count(f), 6);
}

static void test_bad_json(void **state)
{
	struct fx *f = *state;
	const char *ok = "\xEF\xBB\xBF{\r\n\"Event\": {\r\n\"Attribute\": [\r\n"
		"{\"type\": \"domain\", \"value\": \"crlf.example\"}\r\n]}}\r\n";

	assert_int_equal(run_n(f, ok, strlen(ok)), 0);
	assert_non_null(find(f, "crlf.example"));

	assert_int_equal(run_n(f, ok, strlen(ok) - 6), LF_EMALF);
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "invalid JSON");
	assert_non_null(is);
	assert_int_equal(strncmp(is->where, "event.json:", 11), 0);

	const char *nul = "{\"Event\":{\"Attribute\":[{\"type\":\"domain\","
			  "\"value\":\"a.example\\u0000.evil\"}]}}";
	assert_int_equal(run_n(f, nul, strlen(nul)), LF_EMALF);

	char deep[300];
	memset(deep, '{', sizeof(deep));
	assert_int_equal(run_n(f, deep, sizeof(deep)), LF_EDEPTH);

	static const char garbage[] = "\x00\xff\xfe{";
	assert_int_equal(run_n(f, garbage, sizeof(garbage) - 1), LF_EMALF);
	assert_int_equal(count(f), 1);
}

static void test_summary_limit(void **state)
{
	struct fx *f = *state;
	size_t cap = 200000, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);

	len += (size_t)snprintf(doc + len, cap - len, "{\"Event\":{\"Attribute\":[");
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(doc + len, cap - len,
					"{\"type\":\"comment\",\"value\":\"c%d\"},", i);
	for (int i = 0; i < 70; i++)
		len += (size_t)snprintf(doc + len, cap - len,
					"{\"type\":\"x-type-%d\",\"value\":\"v\"},", i);
	len += (size_t)snprintf(doc + len, cap - len,
				"{\"type\":\"ip-dst\",\"value\":\"192.0.2.1\"}]}}");
	assert_int_equal(run_n(f, doc, len), 0);
	free(doc);
	assert_int_equal(f->rep.entries, 171);
	assert_int_equal(f->rep.unsupported, 170);
	/* 64 summary records (comment + 63 types), 7 types one by one */
	assert_int_equal(f->rep.n_issues, 64 + 7);
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "'comment' not an indicator type (100 attributes"));
	assert_non_null(issue(f, LF_FEED_UNSUPPORTED, "'x-type-69' not an indicator type"));
	assert_int_equal(count(f), 1);
}

static void test_huge_strings(void **state)
{
	struct fx *f = *state;
	size_t cap = 64 * 1024, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);

	len += (size_t)snprintf(doc + len, cap - len, "{\"Event\":{\"Attribute\":["
				"{\"uuid\":\"" UP "01\",\"type\":\"url\",\"value\":\"http://x.example/");
	memset(doc + len, 'a', 5000);
	len += 5000;
	len += (size_t)snprintf(doc + len, cap - len, "\"},{\"uuid\":\"" UP "02\",\"type\":"
				"\"domain\",\"value\":\"ok.example\",\"Tag\":[{\"name\":\"");
	memset(doc + len, 'T', 10000);
	len += 10000;
	len += (size_t)snprintf(doc + len, cap - len, "\"},{\"name\":\"short\"}]}]}}");
	assert_int_equal(run_n(f, doc, len), 0);
	free(doc);
	dump(f);
	assert_int_equal(count(f), 1);
	/* The over-long tag is dropped from the labels, the rest kept. */
	assert_string_equal(find(f, "ok.example")->labels, "short");
	const struct lf_feed_issue *is = issue(f, LF_FEED_REJECTED, "url value 'http://x.example/aaa");
	assert_non_null(is);
	assert_string_equal(is->where, UP "01");
	assert_non_null(strstr(is->reason, lf_strerror(LF_ELIMIT)));
}

/* ---- feed manifest ------------------------------------------------------- */

static void test_manifest(void **state)
{
	struct fx *f = *state;
	char **uuids = (char **)1;
	size_t n = 99;
	const char *m =
		"{\"5A1EC7D7-0000-4000-8000-00000000000A\": {\"info\": \"one\", \"Tag\": "
		"[{\"name\": \"tlp:white\"}], \"timestamp\": \"1511000000\"},"
		" \"" EV1 "\": {\"info\": \"two\"},"
		" \"not-a-uuid\": {\"info\": \"x\"},"
		" \"" EV2 "\": 5,"
		" \"5a1ec7d7-0000-4000-8000-00000000000a\": {\"info\": \"dup\"}}";

	assert_int_equal(lf_feed_misp_manifest(m, strlen(m), 10, &uuids, &n, &f->rep), 0);
	dump(f);
	assert_int_equal(n, 2);
	assert_string_equal(uuids[0], "5a1ec7d7-0000-4000-8000-00000000000a");
	assert_string_equal(uuids[1], EV1);
	assert_int_equal(f->rep.entries, 5);
	assert_int_equal(f->rep.rejected, 3);
	assert_int_equal(f->rep.format, LF_FEED_MISP_MANIFEST);
	assert_non_null(issue(f, LF_FEED_REJECTED, "not an event UUID"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "expected object, got integer"));
	assert_non_null(issue(f, LF_FEED_REJECTED, "duplicate event UUID"));
	lf_feed_strv_free(uuids, n);

	/* Over the limit: nothing returned. */
	assert_int_equal(lf_feed_misp_manifest(m, strlen(m), 4, &uuids, &n, &f->rep),
			 LF_ELIMIT);
	assert_null(uuids);
	assert_int_equal(n, 0);
	assert_non_null(issue(f, LF_FEED_REJECTED, "manifest lists 5 events, limit is 4"));

	assert_int_equal(lf_feed_misp_manifest("{}", 2, 10, &uuids, &n, &f->rep), 0);
	assert_null(uuids);
	assert_int_equal(n, 0);
	assert_int_equal(lf_feed_misp_manifest("[]", 2, 10, &uuids, &n, &f->rep), LF_EFORMAT);
	assert_int_equal(lf_feed_misp_manifest("{\"a\":", 5, 10, &uuids, &n, &f->rep), LF_EMALF);
	assert_null(uuids);
	lf_feed_strv_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confidence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_to_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_and_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
