/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/stix.c: deterministic ids (UUIDv5 checked against
 * values computed independently with Python's uuid.uuid5, which also
 * checks the SHA-1), the exact bundle for a small set, the TLP 2.0
 * marking definitions, STIX string escaping in patterns, an empty bundle
 * without an "objects" list, structural checks with jansson on a bundle of
 * every type, and a round trip through the STIX importer back to the same
 * indicators (value, type, confidence, TLP, validity, labels, kill chain).
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
#include <jansson.h>

#include "core/err.h"
#include "export/helper_export.h"
#include "feed/feed.h"

static void test_ids(void **state)
{
	(void)state;
	char id[LF_EXPORT_STIX_ID_LEN];
	/* uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL,
	 *   "urn:lianfang:export:stix"), "lianfang|ipv4|10.0.0.0/8") */
	assert_int_equal(lf_export_stix_id("lianfang", LF_IOC_IPV4,
					   "10.0.0.0/8", id, sizeof(id)),
			 0);
	assert_string_equal(id,
			    "indicator--3af8cf82-5cc4-5f76-aeb2-147f0dc2ee88");
	assert_int_equal(lf_export_stix_id("hub-tw", LF_IOC_IPV4, "10.0.0.0/8",
					   id, sizeof(id)),
			 0);
	assert_string_equal(id,
			    "indicator--8912f608-1074-5bfd-a126-5699d8870881");
	assert_int_equal(lf_export_stix_id(NULL, LF_IOC_DOMAIN,
					   "*.bad.example", id, sizeof(id)),
			 0);
	assert_string_equal(id,
			    "indicator--d1f38f60-c25e-5a11-affa-95405ae8c303");
	/* a name longer than one SHA-1 block */
	assert_int_equal(
		lf_export_stix_id("lianfang", LF_IOC_SHA256,
				  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b9"
				  "34ca495991b7852b855",
				  id, sizeof(id)),
		0);
	assert_string_equal(id,
			    "indicator--901942c7-0a98-5643-98a1-f112d0845db4");
	assert_int_equal(lf_export_stix_id("lianfang", LF_IOC_IPV4, "x", id,
					   LF_EXPORT_STIX_ID_LEN - 2),
			 LF_ELIMIT);
}

static void test_bundle(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	struct fx_ioc f = {.value = "10.0.0.0/8", .conf = 90,
			   .tlp = LF_TLP_GREEN, .ref = "feed-a.txt:1",
			   .labels = "c2,botnet",
			   .kill_chain = "lockheed-martin-cyber-kill-chain:"
					 "command-and-control,bad",
			   .until = FX_NOW + FX_DAY};
	fx_add_full(set, &f);
	struct fx_ioc g = {.value = "https://x.example/it's\\here",
			   .source = 1};
	fx_add_full(set, &g);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_STIX);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(
		s,
		"{\"type\":\"bundle\",\"id\":\"bundle--cfcb8a1a-0baa-5991-a03f-"
		"241302e12f3c\",\"objects\":[\n"
		"{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
		"\"id\":\"marking-definition--bab4a63c-aed9-4cf5-a766-"
		"dfca5abac2bb\",\"created\":\"2022-10-01T00:00:00.000Z\","
		"\"name\":\"TLP:GREEN\",\"extensions\":{\"extension-definition--"
		"60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":"
		"\"property-extension\",\"tlp_2_0\":\"green\"}}},\n"
		"{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":"
		"\"indicator--3af8cf82-5cc4-5f76-aeb2-147f0dc2ee88\","
		"\"created\":\"2024-06-01T00:00:00.000Z\",\"modified\":"
		"\"2024-06-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
		"'10.0.0.0/8']\",\"pattern_type\":\"stix\",\"pattern_version\":"
		"\"2.1\",\"valid_from\":\"2024-05-31T00:00:00Z\",\"valid_until\":"
		"\"2024-06-02T00:00:00Z\",\"confidence\":90,\"labels\":"
		"[\"botnet\",\"c2\"],\"kill_chain_phases\":[{\"kill_chain_name\":"
		"\"lockheed-martin-cyber-kill-chain\",\"phase_name\":"
		"\"command-and-control\"}],\"external_references\":"
		"[{\"source_name\":\"feed-a\",\"external_id\":\"feed-a.txt:1\"}],"
		"\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-"
		"4cf5-a766-dfca5abac2bb\"]},\n"
		"{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":"
		"\"indicator--bd224f4c-cc34-58b0-a76c-702feb711f3b\",\"created\":\"2024-06-01T00:00:00.000Z\","
		"\"modified\":\"2024-06-01T00:00:00.000Z\",\"pattern\":"
		"\"[url:value = 'https://x.example/it\\\\'s%5Chere']\","
		"\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
		"\"valid_from\":\"2024-05-31T00:00:00Z\",\"confidence\":50,"
		"\"external_references\":[{\"source_name\":\"feed-b\","
		"\"description\":\"source that listed this value\"}]}\n"
		"]}\n");
	free(s);
	lf_iocset_free(set);
}

static void test_empty(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_STIX);
	o.now = FX_NOW + 1;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "{\"type\":\"bundle\",\"id\":\"bundle--"
			       "e13e24c1-cbea-5c9e-962f-c21cc0e8d375\"}\n");
	free(s);
	lf_iocset_free(set);
}

static struct lf_iocset *every_type(void)
{
	struct lf_iocset *set = fx_set();
	struct fx_ioc f[] = {
		{.value = "10.0.0.0/8", .conf = 90, .tlp = LF_TLP_GREEN,
		 .labels = "c2,botnet"},
		{.value = "192.0.2.1", .source = 1, .conf = 70,
		 .tlp = LF_TLP_AMBER, .labels = "scanner"},
		{.value = "2001:db8::/32", .conf = 75, .tlp = LF_TLP_CLEAR},
		{.value = "2001:db8:0:1::5", .source = 1, .conf = 55},
		{.value = "evil.example", .conf = 85, .labels = "phishing",
		 .from = FX_NOW - FX_DAY, .until = FX_NOW + 30 * FX_DAY,
		 .kill_chain = "lockheed-martin-cyber-kill-chain:delivery"},
		{.value = "evil.example", .source = 1, .conf = 40,
		 .labels = "malware", .tlp = LF_TLP_RED},
		{.value = "bad.example", .conf = 65,
		 .tlp = LF_TLP_AMBER_STRICT},
		{.value = "https://evil.example/x?a=1,2", .conf = 55},
		{.value = "d41d8cd98f00b204e9800998ecf8427e", .conf = 95},
		{.value = "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		 .conf = 95},
		{.value = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca49"
			  "5991b7852b855",
		 .conf = 95, .from = FX_NOW - 1500},
		{.value = "bad.actor@phish.example", .conf = 60,
		 .labels = "say \"hi\""},
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		fx_add_full(set, &f[i]);
	return set;
}

static void test_structure(void **state)
{
	(void)state;
	struct lf_iocset *set = every_type();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_STIX);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_int_equal(rep.written, 11);
	json_error_t err;
	json_t *b = json_loads(s, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(b);
	assert_string_equal(json_string_value(json_object_get(b, "type")),
			    "bundle");
	json_t *objs = json_object_get(b, "objects");
	assert_int_equal(json_array_size(objs), 5 + 11); /* 5 TLPs used */
	size_t i;
	json_t *ob;
	json_array_foreach(objs, i, ob)
	{
		const char *type =
			json_string_value(json_object_get(ob, "type"));
		const char *id = json_string_value(json_object_get(ob, "id"));
		assert_non_null(id);
		/* ids unique */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(
				id, json_string_value(json_object_get(
					    json_array_get(objs, j), "id")));
		if (strcmp(type, "indicator") != 0)
			continue;
		assert_non_null(json_object_get(ob, "pattern"));
		assert_non_null(json_object_get(ob, "valid_from"));
		assert_string_equal(
			json_string_value(json_object_get(ob, "spec_version")),
			"2.1");
		json_t *c = json_object_get(ob, "confidence");
		assert_true(json_is_integer(c));
		/* no empty lists anywhere */
		const char *k;
		json_t *v;
		json_object_foreach(ob, k, v)
		{
			if (json_is_array(v))
				assert_true(json_array_size(v) > 0);
		}
	}
	json_decref(b);
	free(s);
	lf_iocset_free(set);
}

/* Find the indicator of (type, value) in a set. */
static const struct lf_ioc *find(const struct lf_iocset *set, uint8_t type,
				 const char *value)
{
	for (size_t i = 0; i < lf_iocset_count(set); i++) {
		const struct lf_ioc *c = lf_iocset_get(set, i);
		if (c->type == type && strcmp(c->value, value) == 0)
			return c;
	}
	return NULL;
}

static int same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Exported, re-imported: the same indicators. */
static void test_round_trip(void **state)
{
	(void)state;
	struct lf_iocset *set = every_type();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_STIX);
	char *s = fx_export(set, NULL, &o, &rep, 0);

	struct lf_iocset *back;
	uint16_t src;
	assert_int_equal(lf_iocset_new(NULL, &back), 0);
	assert_int_equal(lf_iocset_source(back, "stix", &src), 0);
	struct lf_feed_opts fo;
	memset(&fo, 0, sizeof(fo));
	fo.format = LF_FEED_STIX;
	fo.name = "export.json";
	fo.source = src;
	fo.default_confidence = LF_CONF_UNSET;
	fo.now = FX_NOW;
	struct lf_feed_report fr;
	lf_feed_report_init(&fr);
	assert_int_equal(lf_feed_import(&fo, s, strlen(s), back, &fr), 0);
	assert_int_equal(fr.imported, 11);
	assert_int_equal(fr.rejected + fr.unsupported + fr.skipped, 0);
	lf_feed_report_free(&fr);
	assert_int_equal(lf_iocset_count(back), 11);

	/* every exported entry, against the original's merged view */
	struct {
		uint8_t type;
		const char *value, *labels, *kill_chain;
		uint8_t conf, tlp;
		lf_time_t from, until;
	} want[] = {
		{LF_IOC_IPV4, "10.0.0.0/8", "botnet,c2", NULL, 90,
		 LF_TLP_GREEN, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_IPV4, "192.0.2.1/32", "scanner", NULL, 70, LF_TLP_AMBER,
		 FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_IPV6, "2001:db8::/32", NULL, NULL, 75, LF_TLP_CLEAR,
		 FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_IPV6, "2001:db8:0:1::5/128", NULL, NULL, 55,
		 LF_TLP_UNSET, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_DOMAIN, "evil.example", "malware,phishing",
		 "lockheed-martin-cyber-kill-chain:delivery", 85, LF_TLP_RED,
		 FX_NOW - FX_DAY, FX_NOW + 30 * FX_DAY},
		{LF_IOC_DOMAIN, "bad.example", NULL, NULL, 65,
		 LF_TLP_AMBER_STRICT, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_URL, "https://evil.example/x?a=1,2", NULL, NULL, 55,
		 LF_TLP_UNSET, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", NULL, NULL, 95,
		 LF_TLP_UNSET, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_SHA1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", NULL,
		 NULL, 95, LF_TLP_UNSET, FX_NOW - FX_DAY, LF_TIME_MAX},
		{LF_IOC_SHA256,
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852"
		 "b855",
		 NULL, NULL, 95, LF_TLP_UNSET, FX_NOW - 1500, LF_TIME_MAX},
		{LF_IOC_EMAIL, "bad.actor@phish.example", "say \"hi\"", NULL,
		 60, LF_TLP_UNSET, FX_NOW - FX_DAY, LF_TIME_MAX},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lf_ioc *c = find(back, want[i].type, want[i].value);
		if (!c)
			fail_msg("%s not re-imported", want[i].value);
		assert_int_equal(c->confidence, want[i].conf);
		assert_int_equal(c->tlp, want[i].tlp);
		assert_int_equal(c->valid_from, want[i].from);
		assert_int_equal(c->valid_until, want[i].until);
		if (!same_str(c->labels, want[i].labels))
			fail_msg("%s: labels '%s'", want[i].value, c->labels);
		if (!same_str(c->kill_chain, want[i].kill_chain))
			fail_msg("%s: kill chain '%s'", want[i].value,
				 c->kill_chain);
		assert_non_null(c->ref);
		assert_memory_equal(c->ref, "indicator--", 11);
	}
	free(s);
	lf_iocset_free(back);
	lf_iocset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
