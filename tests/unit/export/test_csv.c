/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/csv.c: exact CSV (RFC 4180 quoting, CRLF), the merge of
 * duplicate values (highest confidence, union of sources and labels, most
 * restrictive TLP, fields of the best indicator), timestamps with and
 * without fractions, "*.name" for subdomain domains, and a round trip
 * through the CSV importer back to the same indicators.
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
#include "feed/feed.h"

#define HDR "type,value,confidence,tlp,source,ref,valid_from,valid_until,labels\r\n"

static struct lf_iocset *sample(void)
{
	struct lf_iocset *set = fx_set();
	struct fx_ioc f[] = {
		{.value = "10.0.0.0/8", .conf = 90, .tlp = LF_TLP_GREEN,
		 .ref = "feed-a.txt:1", .labels = "c2,botnet"},
		{.value = "evil.example", .conf = 85, .labels = "phishing",
		 .from = FX_NOW - FX_DAY, .until = FX_NOW + 30 * FX_DAY + 1500,
		 .ref = "indicator--aaaa"},
		{.value = "evil.example", .source = 1, .conf = 40,
		 .labels = " malware , phishing", .tlp = LF_TLP_RED},
		{.value = "*.bad.example", .conf = 65, .tlp = LF_TLP_AMBER_STRICT},
		{.value = "https://evil.example/x?a=1,2", .conf = 55,
		 .from = FX_NOW - 250000},
		{.value = "bad.actor@phish.example", .conf = 60,
		 .labels = "say \"hi\""},
		{.value = "d41d8cd98f00b204e9800998ecf8427e"}, /* default 50 */
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fx_add_full(set, &f[i]);
	return set;
}

static void test_csv(void **state)
{
	(void)state;
	struct lf_iocset *set = sample();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_CSV);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(
		s, HDR
		"ipv4,10.0.0.0/8,90,green,feed-a,feed-a.txt:1,,,\"botnet,c2\"\r\n"
		"domain,*.bad.example,65,amber+strict,feed-a,,,,\r\n"
		"domain,evil.example,85,red,\"feed-a,feed-b\",indicator--aaaa,"
		"2024-05-31T00:00:00Z,2024-07-01T00:00:00.001500Z,"
		"\"malware,phishing\"\r\n"
		"url,\"https://evil.example/x?a=1,2\",55,,feed-a,,"
		"2024-05-31T23:59:59.750Z,,\r\n"
		"md5,d41d8cd98f00b204e9800998ecf8427e,50,,feed-a,,,,\r\n"
		"email,bad.actor@phish.example,60,,feed-a,,,,\"say \"\"hi\"\"\"\r\n");
	assert_int_equal(rep.written, 6);
	assert_int_equal(rep.duplicates, 1);
	free(s);

	o.types = LF_EXPORT_T_HASH | LF_EXPORT_T_EMAIL;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(
		s, HDR "md5,d41d8cd98f00b204e9800998ecf8427e,50,,feed-a,,,,\r\n"
		       "email,bad.actor@phish.example,60,,feed-a,,,,"
		       "\"say \"\"hi\"\"\"\r\n");
	free(s);
	lf_iocset_free(set);

	set = fx_set();
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, HDR);
	free(s);
	lf_iocset_free(set);
}

/* Split one RFC 4180 record ending in CRLF; returns the field count. */
static int split_row(const char **pp, char out[][256])
{
	const char *p = *pp;
	int nf = 0;
	for (;;) {
		size_t n = 0;
		if (*p == '"') {
			for (p++; !(p[0] == '"' && p[1] != '"'); p++) {
				if (p[0] == '"')
					p++;
				out[nf][n++] = *p;
			}
			p++;
		} else {
			while (*p != ',' && *p != '\r')
				out[nf][n++] = *p++;
		}
		out[nf++][n] = '\0';
		if (*p == ',') {
			p++;
			continue;
		}
		assert_int_equal(p[0], '\r');
		assert_int_equal(p[1], '\n');
		*pp = p + 2;
		return nf;
	}
}

/* What the CSV exporter writes, the CSV importer reads back. */
static void test_csv_round_trip(void **state)
{
	(void)state;
	struct lf_iocset *set = sample();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_CSV);
	char *s = fx_export(set, NULL, &o, &rep, 0);

	struct lf_iocset *back;
	uint16_t src;
	assert_int_equal(lf_iocset_new(NULL, &back), 0);
	assert_int_equal(lf_iocset_source(back, "csv", &src), 0);
	struct lf_feed_opts fo;
	memset(&fo, 0, sizeof(fo));
	fo.format = LF_FEED_CSV;
	fo.name = "export.csv";
	fo.source = src;
	fo.default_confidence = LF_CONF_UNSET;
	fo.now = FX_NOW;
	struct lf_feed_report fr;
	lf_feed_report_init(&fr);
	assert_int_equal(lf_feed_import(&fo, s, strlen(s), back, &fr), 0);
	assert_int_equal(fr.imported, 6);
	assert_int_equal(fr.rejected + fr.unsupported + fr.skipped, 0);
	lf_feed_report_free(&fr);

	/* exporting the re-imported set gives the same rows, except the
	 * source and, where there was none, the ref ("file:line") */
	struct lf_export_report rep2;
	char *s2 = fx_export(back, NULL, &o, &rep2, 0);
	assert_int_equal(rep2.written, 6);
	const char *a = s, *b = s2;
	for (int row = 0; row < 7; row++) {
		char fa[9][256], fb[9][256];
		assert_int_equal(split_row(&a, fa), 9);
		assert_int_equal(split_row(&b, fb), 9);
		for (int f = 0; f < 9; f++) {
			if (row > 0 && (f == 4 || (f == 5 && !fa[5][0])))
				continue;
			assert_string_equal(fa[f], fb[f]);
		}
	}
	assert_int_equal(*a, '\0');
	assert_int_equal(*b, '\0');
	free(s);
	free(s2);
	lf_iocset_free(back);
	lf_iocset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
