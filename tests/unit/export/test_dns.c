/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/dns.c: exact RPZ zone files for each policy, wildcard
 * owners for subdomain indicators, rpz-ip triggers for IPv4 and IPv6
 * (with the "zz" zero run chosen as RFC 5952 would), zone name / SOA /
 * TTL / serial options, refusal of names inside the rpz-* trigger space
 * and of names too long for the zone (the "*." form alone: narrowed), the
 * /0 split, and hosts files.
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

#define HEAD(pol, zone, ttl, serial)                                           \
	"; lianfang RPZ: policy " pol "\n"                                     \
	"$ORIGIN " zone "\n"                                                   \
	"$TTL " ttl "\n"                                                       \
	"@ SOA localhost. hostmaster.localhost. " serial                       \
	" 3600 600 604800 " ttl "\n"                                           \
	"@ NS localhost.\n"

static struct lf_iocset *names(void)
{
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "evil.example", 85);
	fx_add(set, 0, "*.bad.example", 65);
	fx_add(set, 0, "xn--mnchen-3ya.example", 60);
	fx_add(set, 0, "192.0.2.0/24", 70);
	return set;
}

static void test_rpz_policies(void **state)
{
	(void)state;
	struct lf_iocset *set = names();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_RPZ);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, HEAD("nxdomain", "rpz.lianfang.", "300",
				    "1717200000")
			       "bad.example CNAME .\n"
			       "*.bad.example CNAME .\n"
			       "evil.example CNAME .\n"
			       "xn--mnchen-3ya.example CNAME .\n");
	assert_int_equal(rep.written, 4);
	assert_int_equal(rep.considered, 3); /* IPs are not asked for */
	free(s);

	o.rpz_policy = LF_RPZ_NODATA;
	o.name = "Block.Example.ORG"; /* no final dot, any case */
	o.rpz_ttl = 60;
	o.serial = 42;
	o.rpz_soa_mname = "ns1.example.org"; /* the final dot is added */
	o.rpz_soa_rname = "dns.example.org.";
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "; lianfang RPZ: policy nodata\n"
			       "$ORIGIN block.example.org.\n"
			       "$TTL 60\n"
			       "@ SOA ns1.example.org. dns.example.org. 42 "
			       "3600 600 604800 60\n"
			       "@ NS ns1.example.org.\n"
			       "bad.example CNAME *.\n"
			       "*.bad.example CNAME *.\n"
			       "evil.example CNAME *.\n"
			       "xn--mnchen-3ya.example CNAME *.\n");
	free(s);

	o = fx_opts(LF_EXPORT_RPZ);
	o.rpz_policy = LF_RPZ_DROP;
	o.types = LF_EXPORT_T_IP;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, HEAD("drop", "rpz.lianfang.", "300",
				    "1717200000")
			       "24.0.2.0.192.rpz-ip CNAME rpz-drop.\n");
	free(s);
	lf_iocset_free(set);
}

static void test_rpz_ip(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "10.0.0.0/8", 50);
	fx_add(set, 0, "192.0.2.1", 50);
	fx_add(set, 0, "::1", 50);
	fx_add(set, 0, "2001:db8::/32", 50);
	fx_add(set, 0, "2001:db9:0:1::5", 50);  /* runs of 1 and 3 zeros */
	fx_add(set, 0, "2001:dba:0:0:1:0:0:1", 50); /* tie: the first */
	fx_add(set, 0, "2001:dbb:1:2:3:4:5:6", 50); /* no run */
	fx_add(set, 0, "::/0", 50);
	fx_add(set, 0, "evil.example", 50);
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_RPZ);
	o.types = LF_EXPORT_T_IP | LF_EXPORT_T_DOMAIN;
	char *s = fx_export(set, NULL, &o, &rep, 0);
	/* ::/0 covers every IPv6 prefix: its two halves are written */
	assert_string_equal(s, HEAD("nxdomain", "rpz.lianfang.", "300",
				    "1717200000")
			       "evil.example CNAME .\n"
			       "8.0.0.0.10.rpz-ip CNAME .\n"
			       "32.1.2.0.192.rpz-ip CNAME .\n"
			       "1.zz.rpz-ip CNAME .\n"
			       "1.zz.8000.rpz-ip CNAME .\n");
	assert_int_equal(rep.redundant, 5);
	assert_int_equal(rep.written, 5);
	free(s);
	lf_iocset_free(set);

	set = fx_set();
	fx_add(set, 0, "::1", 50);
	fx_add(set, 0, "2001:db8::/32", 50);
	fx_add(set, 0, "2001:db9:0:1::5", 50);
	fx_add(set, 0, "2001:dba:0:0:1:0:0:1", 50);
	fx_add(set, 0, "2001:dbb:1:2:3:4:5:6", 50);
	fx_add(set, 0, "2001:dbc:0:1:2:3:4:5", 50); /* single zero: no zz */
	o.types = LF_EXPORT_T_IP;
	s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, HEAD("nxdomain", "rpz.lianfang.", "300",
				    "1717200000")
			       "128.1.zz.rpz-ip CNAME .\n"
			       "32.zz.db8.2001.rpz-ip CNAME .\n"
			       "128.5.zz.1.0.db9.2001.rpz-ip CNAME .\n"
			       "128.1.0.0.1.zz.dba.2001.rpz-ip CNAME .\n"
			       "128.6.5.4.3.2.1.dbb.2001.rpz-ip CNAME .\n"
			       "128.5.4.3.2.1.0.dbc.2001.rpz-ip CNAME .\n");
	free(s);
	lf_iocset_free(set);
}

/* Names the zone cannot hold safely are refused, never written. */
static void test_rpz_refused(void **state)
{
	(void)state;
	struct lf_iocset *set = fx_set();
	fx_add(set, 0, "32.1.0.0.127.rpz-ip", 90);  /* would be a trigger */
	fx_add(set, 0, "ns.rpz-nsdname", 90);
	fx_add(set, 0, "fine.example", 90);
	/* 63+1+63+1+63+1+57 = 249 chars: fits alone, not with "*." under
	 * the zone; with the zone, 249 + 1 + 12 + 2 = 264 > 255 */
	char lab[64], longname[256];
	memset(lab, 'a', 63);
	lab[63] = '\0';
	snprintf(longname, sizeof(longname), "%s.%s.%s.%.57s", lab, lab, lab,
		 lab);
	fx_add(set, 0, longname, 90);
	/* 63+1+63+1+63+1+43 = 235: 235 + 15 = 250 fits, "*." 252 fits,
	 * 237+1+12+2 = 252 fits */
	char midname[256], wild[260];
	snprintf(midname, sizeof(midname), "%s.%s.%s.%.43s", lab, lab, lab,
		 lab);
	snprintf(wild, sizeof(wild), "*.%s", midname);
	fx_add(set, 0, wild, 90);
	/* 239 chars: bare 239+15 = 254 fits, "*." 256 does not */
	char edgename[256], edgewild[260];
	snprintf(edgename, sizeof(edgename), "%s.%s.%s.%.47s", lab, lab, lab,
		 lab);
	snprintf(edgewild, sizeof(edgewild), "*.%s", edgename);
	fx_add(set, 0, edgewild, 90);

	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_RPZ);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_null(strstr(s, "rpz-ip CNAME"));
	assert_null(strstr(s, "rpz-nsdname"));
	assert_null(strstr(s, longname));
	assert_non_null(strstr(s, "\nfine.example CNAME .\n"));
	char line[300];
	snprintf(line, sizeof(line), "\n*.%s CNAME .\n", midname);
	assert_non_null(strstr(s, line));
	snprintf(line, sizeof(line), "\n%s CNAME .\n", edgename);
	assert_non_null(strstr(s, line));
	snprintf(line, sizeof(line), "*.%s", edgename);
	assert_null(strstr(s, line));
	assert_int_equal(rep.unexpressible, 3);
	assert_int_equal(rep.narrowed, 1);
	assert_int_equal(rep.written, 4);
	free(s);
	lf_iocset_free(set);
}

static void test_hosts(void **state)
{
	(void)state;
	struct lf_iocset *set = names();
	struct lf_export_report rep;
	struct lf_export_opts o = fx_opts(LF_EXPORT_HOSTS);
	char *s = fx_export(set, NULL, &o, &rep, 0);
	assert_string_equal(s, "0.0.0.0 bad.example\n"
			       "0.0.0.0 evil.example\n"
			       "0.0.0.0 xn--mnchen-3ya.example\n");
	assert_int_equal(rep.narrowed, 1);
	assert_int_equal(rep.written, 3);
	free(s);
	lf_iocset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpz_policies),
		cmocka_unit_test(test_rpz_ip),
		cmocka_unit_test(test_rpz_refused),
		cmocka_unit_test(test_hosts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
