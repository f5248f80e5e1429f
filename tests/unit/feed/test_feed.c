/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for feed/feed.c: format names, the import report (counting, the
 * issue cap, truncation), lf_feed_report_add, format detection on samples
 * of every format (and on the shared STIX examples when present), and the
 * lf_feed_import dispatcher (BOM, size limit, unreadable content, MISP
 * manifest, argument checks).
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
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

/* ------------------------------------------------------------------ */
/* Names                                                                */

static void test_format_names(void **state)
{
	(void)state;
	for (int f = 0; f < LF_FEED__COUNT; f++) {
		enum lf_feed_format out = LF_FEED__COUNT;
		const char *name = lf_feed_format_name((enum lf_feed_format)f);
		assert_int_equal(lf_feed_format_parse(name, &out), 0);
		assert_int_equal(out, f);
	}
	assert_string_equal(lf_feed_format_name(LF_FEED_MISP_MANIFEST),
			    "misp-manifest");
	assert_string_equal(lf_feed_format_name(LF_FEED__COUNT), "unknown");
	assert_string_equal(lf_feed_format_name((enum lf_feed_format)-1),
			    "unknown");

	enum lf_feed_format out = LF_FEED_AUTO;
	assert_int_equal(lf_feed_format_parse("CSV", &out), 0);
	assert_int_equal(out, LF_FEED_CSV);
	assert_int_equal(lf_feed_format_parse("misp_hashes", &out), 0);
	assert_int_equal(out, LF_FEED_MISP_HASHES);
	assert_int_equal(lf_feed_format_parse("netset", &out), 0);
	assert_int_equal(out, LF_FEED_LIST);
	out = LF_FEED_HOSTS;
	assert_int_equal(lf_feed_format_parse("xml", &out), LF_EFORMAT);
	assert_int_equal(lf_feed_format_parse("", &out), LF_EFORMAT);
	assert_int_equal(lf_feed_format_parse("csvx", &out), LF_EFORMAT);
	assert_int_equal(out, LF_FEED_HOSTS);
	assert_int_equal(lf_feed_format_parse(NULL, &out), -EINVAL);
}

/* ------------------------------------------------------------------ */
/* Report                                                               */

static void test_report_issue(void **state)
{
	(void)state;
	struct lf_feed_report rep;
	lf_feed_report_init(&rep);
	assert_int_equal(rep.format, LF_FEED_AUTO);
	assert_null(rep.issues);

	lf_feed_report_issue(&rep, LF_FEED_REJECTED, "f:1", "bad %d", 7);
	lf_feed_report_issue(&rep, LF_FEED_UNSUPPORTED, NULL, "x");
	lf_feed_report_issue(&rep, LF_FEED_SKIPPED, "f:3", "%s", "s");
	lf_feed_report_issue(&rep, (enum lf_feed_severity)99, "f:4", "odd");
	assert_int_equal(rep.rejected, 2);
	assert_int_equal(rep.unsupported, 1);
	assert_int_equal(rep.skipped, 1);
	assert_int_equal(rep.n_issues, 4);
	assert_string_equal(rep.issues[0].where, "f:1");
	assert_string_equal(rep.issues[0].reason, "bad 7");
	assert_int_equal(rep.issues[0].severity, LF_FEED_REJECTED);
	assert_string_equal(rep.issues[1].where, "");
	assert_int_equal(rep.issues[1].severity, LF_FEED_UNSUPPORTED);
	assert_int_equal(rep.issues[3].severity, LF_FEED_REJECTED);

	/* truncation, never overflow */
	char longw[400], longr[600];
	memset(longw, 'w', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	memset(longr, 'r', sizeof(longr) - 1);
	longr[sizeof(longr) - 1] = '\0';
	lf_feed_report_issue(&rep, LF_FEED_REJECTED, longw, "%s", longr);
	assert_int_equal(strlen(rep.issues[4].where),
			 sizeof(rep.issues[4].where) - 1);
	assert_int_equal(strlen(rep.issues[4].reason),
			 sizeof(rep.issues[4].reason) - 1);

	lf_feed_report_free(&rep);
	assert_null(rep.issues);
	assert_int_equal(rep.n_issues, 0);
	assert_int_equal(rep.rejected, 0);
	lf_feed_report_free(&rep); /* twice is fine */
	lf_feed_report_free(NULL);
}

static void test_report_cap(void **state)
{
	(void)state;
	struct lf_feed_report rep;
	lf_feed_report_init(&rep);
	for (int i = 0; i < 2500; i++)
		lf_feed_report_issue(&rep, i % 2 ? LF_FEED_SKIPPED
						 : LF_FEED_REJECTED,
				     "w", "issue %d", i);
	assert_int_equal(rep.n_issues, LF_FEED_MAX_ISSUES);
	assert_int_equal(rep.issues_dropped, 1500);
	assert_int_equal(rep.rejected, 1250);
	assert_int_equal(rep.skipped, 1250);
	/* every kept record intact (the array grew through reallocs) */
	for (int i = 0; i < LF_FEED_MAX_ISSUES; i++) {
		char want[32];
		snprintf(want, sizeof(want), "issue %d", i);
		assert_string_equal(rep.issues[i].reason, want);
	}
	lf_feed_report_free(&rep);
}

static void test_report_add(void **state)
{
	(void)state;
	struct lf_iocset *set;
	uint16_t src;
	assert_int_equal(lf_iocset_new(NULL, &set), 0);
	assert_int_equal(lf_iocset_source(set, "s", &src), 0);
	struct lf_feed_report rep;
	lf_feed_report_init(&rep);

	struct lf_ioc_value v;
	assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, "evil.example", 12, &v),
			 0);
	struct lf_ioc ioc;
	memset(&ioc, 0, sizeof(ioc));
	ioc.type = LF_IOC_DOMAIN;
	ioc.confidence = LF_CONF_UNSET;
	ioc.source = src;
	ioc.value = v.text;
	ioc.valid_from = LF_TIME_MIN;
	ioc.valid_until = LF_TIME_MAX;
	assert_int_equal(lf_feed_report_add(&rep, set, &ioc, "a:1"), 0);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.per_type[LF_IOC_DOMAIN], 1);
	assert_int_equal(rep.n_issues, 0);

	/* an unknown source id: the set refuses, the report says why */
	ioc.source = (uint16_t)(src + 100);
	int r = lf_feed_report_add(&rep, set, &ioc, "a:2");
	assert_true(r < 0);
	assert_int_equal(rep.imported, 1);
	assert_int_equal(rep.rejected, 1);
	assert_int_equal(rep.n_issues, 1);
	assert_string_equal(rep.issues[0].where, "a:2");
	assert_non_null(strstr(rep.issues[0].reason, "evil.example"));
	assert_non_null(strstr(rep.issues[0].reason, lf_strerror(r)));
	assert_int_equal(lf_iocset_count(set), 1);

	lf_feed_report_free(&rep);
	lf_iocset_free(set);
}

/* ------------------------------------------------------------------ */
/* Detection                                                            */

static enum lf_feed_format det(const char *s, const char *name)
{
	return lf_feed_detect(s, strlen(s), name);
}

static void test_detect_json(void **state)
{
	(void)state;
	assert_int_equal(det("{\"type\": \"bundle\", \"id\": \"bundle--1\"}",
			     NULL),
			 LF_FEED_STIX);
	/* a single object: "type" is not decisive, spec_version is */
	assert_int_equal(det("{\"type\": \"indicator\", \"spec_version\": "
			     "\"2.1\"}",
			     NULL),
			 LF_FEED_STIX);
	assert_int_equal(det("\xef\xbb\xbf \r\n[{\"type\": \"indicator\", "
			     "\"pattern\": \"[x]\"}]",
			     NULL),
			 LF_FEED_STIX);
	assert_int_equal(det("{\"id\": \"bundle--5330e3e3-8f58-4d21-9f4b-"
			     "793a054c0d33\", \"objects\": []}",
			     NULL),
			 LF_FEED_STIX);
	assert_int_equal(det("{\"Event\": {\"info\": \"x\", \"Attribute\": []}}",
			     NULL),
			 LF_FEED_MISP);
	assert_int_equal(det("{\"response\": [{\"Event\": {}}]}", NULL),
			 LF_FEED_MISP);
	assert_int_equal(det("[{\"Event\": {\"info\": \"x\"}}]", NULL),
			 LF_FEED_MISP);
	/* keys deeper down do not count: an attribute "type" in an event */
	assert_int_equal(det("{\"Event\": {\"Attribute\": [{\"type\": "
			     "\"bundle\"}]}}",
			     NULL),
			 LF_FEED_MISP);
	/* a "pattern" string value is not a key */
	assert_int_equal(det("{\"Event\": \"pattern\"}", NULL), LF_FEED_MISP);
	assert_int_equal(det("{\"5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\": "
			     "{\"info\": \"x\", \"timestamp\": \"1\"}}",
			     "feed.json"),
			 LF_FEED_MISP_MANIFEST);
	/* the uuid must be the first key and map to an object */
	assert_int_equal(det("{\"a\": 1, \"5a0b9a3c-8f3c-4d2e-9a1b-"
			     "0c1d2e3f4a5b\": {}}",
			     NULL),
			 LF_FEED_STIX);
	assert_int_equal(det("{\"5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\": 1}",
			     NULL),
			 LF_FEED_STIX);
	/* nothing decisive: the name, else STIX */
	assert_int_equal(det("{}", "/var/feeds/circl/manifest.json"),
			 LF_FEED_MISP_MANIFEST);
	assert_int_equal(det("{}", NULL), LF_FEED_STIX);
	assert_int_equal(det("{\"description\": \"x\", \"list\": [\"10.0.0.0/8\"],"
			     " \"type\": \"cidr\"}",
			     NULL),
			 LF_FEED_STIX);
	/* escapes and truncation do not confuse the scanner */
	assert_int_equal(det("{\"a\\\"b\": \"\\\\\", \"Event\": {}}", NULL),
			 LF_FEED_MISP);
	assert_int_equal(det("{\"Ev", "manifest.json"), LF_FEED_MISP_MANIFEST);
	assert_int_equal(det("[[[[[[[[[[", NULL), LF_FEED_STIX);
	/* content wins over the name */
	assert_int_equal(det("{\"Event\": {}}", "manifest.json"), LF_FEED_MISP);
}

static void test_detect_deep_json(void **state)
{
	(void)state;
	size_t n = 100000;
	char *b = malloc(n);
	assert_non_null(b);
	memset(b, '[', n);
	assert_int_equal(lf_feed_detect(b, n, NULL), LF_FEED_STIX);
	free(b);
}

static void test_detect_text(void **state)
{
	(void)state;
	static const char netset[] = "#\n# firehol_level1\n#\n"
				     "0.0.0.0/8\n1.10.16.0/20\n"
				     "5.134.128.0/19 # x\n";
	assert_int_equal(det(netset, "firehol_level1.netset"), LF_FEED_LIST);
	/* the name does not beat the content */
	assert_int_equal(det(netset, "foo.csv"), LF_FEED_LIST);
	assert_int_equal(det(netset, "hosts"), LF_FEED_LIST);
	assert_int_equal(det("; Spamhaus DROP\n1.10.16.0/20 ; SBL256894\n"
			     "1.19.0.0/16 ; SBL434604\n",
			     NULL),
			 LF_FEED_LIST);
	assert_int_equal(det("# IPsum\n45.148.10.81\t10\n80.94.95.115\t9\n",
			     NULL),
			 LF_FEED_LIST);
	assert_int_equal(det("evil.example\nhttp://x.example/a,b\n", NULL),
			 LF_FEED_LIST);

	static const char hosts[] =
		"# StevenBlack\n127.0.0.1 localhost\n"
		"255.255.255.255 broadcasthost\n::1 localhost\n"
		"fe80::1%lo0 localhost\nff02::1 ip6-allnodes\n"
		"0.0.0.0 0.0.0.0\n0.0.0.0 ads.example\n";
	assert_int_equal(det(hosts, NULL), LF_FEED_HOSTS);
	assert_int_equal(det("0.0.0.0\tads.example # x\r\n", NULL),
			 LF_FEED_HOSTS);
	/* "address name" lines without a sink address are not a block list */
	assert_int_equal(det("1.2.3.4 a.example\n", NULL), LF_FEED_LIST);

	assert_int_equal(det("# rep\n1.2.3.4,1,101\n1.1.1.0/24,6,88\n", NULL),
			 LF_FEED_IPREP);
	assert_int_equal(det("a5d4c1ce3b7c1e3e0f5e9b0a5d4c1ce3,"
			     "5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\n",
			     NULL),
			 LF_FEED_MISP_HASHES);

	assert_int_equal(det("ip,first_seen,tags\n1.1.1.1,2024-01-01,\"a,b\"\n"
			     "2.2.2.2,2024-01-02,c\n",
			     NULL),
			 LF_FEED_CSV);
	/* URLhaus: header in a comment, quoted multi-line field */
	assert_int_equal(det("#####\n# id,dateadded,url\n"
			     "\"1\",\"2024-01-01 00:00:00\",\"http://a/\"\n"
			     "\"2\",\"2024-01-01 00:00:00\",\"http://b/\nx\"\n",
			     NULL),
			 LF_FEED_CSV);
	/* ragged commas: not CSV */
	assert_int_equal(det("a,b\nc\nd,e,f\n", NULL), LF_FEED_LIST);

	/* no evidence at all: the name decides */
	assert_int_equal(det("", NULL), LF_FEED_LIST);
	assert_int_equal(lf_feed_detect(NULL, 0, "x.csv"), LF_FEED_CSV);
	assert_int_equal(det("# only comments\n\n", "feeds/hashes.csv"),
			 LF_FEED_MISP_HASHES);
	assert_int_equal(det("# x\n", "some.CSV"), LF_FEED_CSV);
	assert_int_equal(det("# x\n", "/etc/hosts"), LF_FEED_HOSTS);
	assert_int_equal(det("# x\n", "ads.hosts"), LF_FEED_HOSTS);
	assert_int_equal(det("# x\n", "level1.ipset"), LF_FEED_LIST);
	/* a NUL in one line does not make a list binary */
	static const char nul[] = "1.1.1.1\n2.2.\0002.2\n3.3.3.3\n";
	assert_int_equal(lf_feed_detect(nul, sizeof(nul) - 1, NULL),
			 LF_FEED_LIST);
	/* UTF-8 text is text */
	assert_int_equal(det("# Übersicht — 黑名單\nmünchen.example\n", NULL),
			 LF_FEED_LIST);
}

static void test_detect_unreadable(void **state)
{
	(void)state;
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00";
	assert_int_equal(lf_feed_detect(gz, sizeof(gz) - 1, "x.txt"),
			 LF_FEED_AUTO);
	assert_int_equal(det("PK\x03\x04rest", NULL), LF_FEED_AUTO);
	assert_int_equal(det("BZh91AY&SYxxxx", NULL), LF_FEED_AUTO);
	/* "BZh" alone is a word, not bzip2 */
	assert_int_equal(det("BZh\n", NULL), LF_FEED_LIST);
	assert_int_equal(det("  <!DOCTYPE html><html>404</html>", NULL),
			 LF_FEED_AUTO);
	assert_int_equal(det("<?xml version=\"1.0\"?>", NULL), LF_FEED_AUTO);

	unsigned char junk[2048];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	assert_int_equal(lf_feed_detect((const char *)junk, sizeof(junk), NULL),
			 LF_FEED_AUTO);
	/* Latin-1 text is mostly ASCII: still text */
	assert_int_equal(det("# caf\xe9 list\nevil.example\nbad.example\n"
			     "worse.example\n",
			     NULL),
			 LF_FEED_LIST);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			assert_non_null(nb);
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void test_detect_shared_stix(void **state)
{
	(void)state;
	static const char *const files[] = {
		"indicator-for-c2-ip-address.json",
		"indicator-to-campaign-relationship.json",
		"indicators-for-C2-with-COA.json",
		"infrastructure.json",
		"interop-objectmarking-test.json",
		"malicious-email-indicator-with-attachment.json",
	};
	int seen = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), "../shared/data/stix/%s", files[i]);
		size_t len;
		char *buf = slurp(path, &len);
		if (buf == NULL)
			continue;
		seen++;
		assert_int_equal(lf_feed_detect(buf, len, files[i]),
				 LF_FEED_STIX);
		free(buf);
	}
	if (seen == 0)
		skip();
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                             */

struct fx {
	struct lf_iocset *set;
	struct lf_feed_report rep;
	struct lf_feed_opts opts;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (f == NULL || lf_iocset_new(NULL, &f->set) != 0 ||
	    lf_iocset_source(f->set, "t", &f->opts.source) != 0)
		return -1;
	lf_feed_report_init(&f->rep);
	f->opts.format = LF_FEED_AUTO;
	f->opts.name = "in";
	f->opts.default_confidence = LF_CONF_UNSET;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	lf_feed_report_free(&f->rep);
	lf_iocset_free(f->set);
	free(f);
	return 0;
}

static int imp(struct fx *f, const char *s)
{
	return lf_feed_import(&f->opts, s, strlen(s), f->set, &f->rep);
}

static void test_import_dispatch_list(void **state)
{
	struct fx *f = *state;
	assert_int_equal(imp(f, "\xef\xbb\xbf" "1.2.3.4\nevil.example\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_LIST);
	assert_int_equal(f->rep.imported, 2);
	assert_string_equal(lf_iocset_get(f->set, 0)->value, "1.2.3.4/32");

	/* a forced format beats detection */
	f->opts.format = LF_FEED_HOSTS;
	assert_int_equal(imp(f, "0.0.0.0 a.example b.example\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_HOSTS);
	assert_int_equal(f->rep.imported, 4);
	f->opts.format = LF_FEED_IPREP;
	assert_int_equal(imp(f, "5.5.5.5,1,127\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_IPREP);
	f->opts.format = LF_FEED_CSV;
	assert_int_equal(imp(f, "url\nhttp://x.example/\n"), 0);
	assert_int_equal(f->rep.format, LF_FEED_CSV);
	assert_int_equal(f->rep.per_type[LF_IOC_URL], 1);
	assert_int_equal(f->rep.imported, 6);
	assert_int_equal(f->rep.n_issues, 0);
}

static void test_import_dispatch_json(void **state)
{
	struct fx *f = *state;
	static const char bundle[] =
		"{\"type\": \"bundle\", \"id\": \"bundle--44af6c39-c09b-49c5-"
		"9de2-394224b04982\", \"objects\": [{\"type\": \"indicator\", "
		"\"spec_version\": \"2.1\", \"id\": \"indicator--33fe3b22-0201-"
		"47cf-85d0-97c02164528d\", \"created\": "
		"\"2014-05-08T09:00:00.000Z\", \"modified\": "
		"\"2014-05-08T09:00:00.000Z\", \"pattern\": "
		"\"[ipv4-addr:value = '10.0.0.1']\", \"pattern_type\": "
		"\"stix\", \"valid_from\": \"2014-05-08T09:00:00Z\"}]}";
	assert_int_equal(imp(f, bundle), 0);
	assert_int_equal(f->rep.format, LF_FEED_STIX);
	assert_int_equal(f->rep.per_type[LF_IOC_IPV4], 1);

	/* a manifest needs I/O: refused with a pointer to the right call */
	assert_int_equal(imp(f, "{\"5a0b9a3c-8f3c-4d2e-9a1b-0c1d2e3f4a5b\": "
				"{\"info\": \"x\"}}"),
			 LF_EUNSUP);
	assert_int_equal(f->rep.format, LF_FEED_MISP_MANIFEST);
	assert_int_equal(f->rep.unsupported, 1);
	assert_non_null(strstr(f->rep.issues[0].reason,
			       "lf_feed_misp_manifest"));
	assert_int_equal(lf_iocset_count(f->set), 1);
}

static void test_import_unreadable(void **state)
{
	struct fx *f = *state;
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
	assert_int_equal(lf_feed_import(&f->opts, gz, sizeof(gz) - 1, f->set,
					&f->rep),
			 LF_EFORMAT);
	assert_int_equal(f->rep.format, LF_FEED_AUTO);
	assert_int_equal(f->rep.rejected, 1);
	assert_string_equal(f->rep.issues[0].where, "in");
	assert_int_equal(imp(f, "<html><body>404 Not Found</body></html>\n"),
			 LF_EFORMAT);
	assert_int_equal(lf_iocset_count(f->set), 0);

	/* too big: refused before a byte is read */
	assert_int_equal(lf_feed_import(&f->opts, "x", LF_FEED_MAX_INPUT + 1,
					f->set, &f->rep),
			 LF_ELIMIT);
	assert_int_equal(f->rep.rejected, 3);
	assert_int_equal(lf_feed_import_list(&f->opts, "x",
					     LF_FEED_MAX_INPUT + 1, f->set,
					     &f->rep),
			 LF_ELIMIT);
}

static void test_import_args(void **state)
{
	struct fx *f = *state;
	assert_int_equal(lf_feed_import(NULL, "", 0, f->set, &f->rep), -EINVAL);
	assert_int_equal(lf_feed_import(&f->opts, "", 0, NULL, &f->rep),
			 -EINVAL);
	assert_int_equal(lf_feed_import(&f->opts, "", 0, f->set, NULL),
			 -EINVAL);
	assert_int_equal(lf_feed_import(&f->opts, NULL, 3, f->set, &f->rep),
			 -EINVAL);
	f->opts.format = LF_FEED__COUNT;
	assert_int_equal(imp(f, "1.1.1.1\n"), -EINVAL);
	f->opts.format = LF_FEED_AUTO;
	f->opts.default_confidence = 200;
	assert_int_equal(imp(f, "1.1.1.1\n"), -EINVAL);
	f->opts.default_confidence = 0;
	assert_int_equal(imp(f, "1.1.1.1\n"), 0);
	assert_int_equal(lf_iocset_get(f->set, 0)->confidence, 0);
	/* empty input: an empty list, not an error */
	assert_int_equal(lf_feed_import(&f->opts, NULL, 0, f->set, &f->rep), 0);
	assert_int_equal(f->rep.format, LF_FEED_LIST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_report_issue),
		cmocka_unit_test(test_report_cap),
		cmocka_unit_test(test_report_add),
		cmocka_unit_test(test_detect_json),
		cmocka_unit_test(test_detect_deep_json),
		cmocka_unit_test(test_detect_text),
		cmocka_unit_test(test_detect_unreadable),
		cmocka_unit_test(test_detect_shared_stix),
		cmocka_unit_test_setup_teardown(test_import_dispatch_list,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_dispatch_json,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_unreadable,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_import_args, fx_setup,
						fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
