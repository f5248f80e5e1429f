/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/addr.c: strict IPv4, RFC 4291 §2.2 IPv6 text forms, zone
 * ids refused, RFC 5952 output (its §4 and §5 examples), prefixes with host
 * bits, lengths and flags, containment and ordering, and a few thousand
 * random addresses through format -> parse, checked against the C
 * library's inet_ntop/inet_pton as an independent reference.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/addr.h"
#include "core/err.h"

static int parse(const char *s, struct lf_addr *a)
{
	return lf_addr_parse(s, strlen(s), a);
}

static int pparse(const char *s, unsigned flags, struct lf_prefix *p,
		  int *masked)
{
	return lf_prefix_parse(s, strlen(s), flags, p, masked);
}

/* Parse s, format it, compare with want. */
static void roundtrip(const char *s, const char *want)
{
	struct lf_addr a;
	char buf[LF_ADDR_STRLEN];
	int rc = parse(s, &a);
	if (rc != 0)
		fail_msg("parse \"%s\": %d", s, rc);
	int n = lf_addr_format(&a, buf, sizeof(buf));
	assert_int_equal(n, (int)strlen(want));
	if (strcmp(buf, want) != 0)
		fail_msg("\"%s\" formatted as \"%s\", want \"%s\"", s, buf,
			 want);
}

static void expect_bad(const char *s, size_t n, int want)
{
	struct lf_addr a;
	memset(&a, 0x5a, sizeof(a));
	struct lf_addr before = a;
	int rc = lf_addr_parse(s, n, &a);
	if (rc != want)
		fail_msg("\"%.*s\": got %d, want %d", (int)n, s, rc, want);
	/* *out is written only on success */
	assert_memory_equal(&a, &before, sizeof(a));
}

static void test_v4_good(void **state)
{
	(void)state;
	struct lf_addr a;
	assert_int_equal(parse("1.2.3.4", &a), 0);
	assert_int_equal(a.af, LF_AF_V4);
	assert_int_equal(lf_addr_v4(&a), 0x01020304);
	static const uint8_t zero12[12];
	assert_memory_equal(a.b + 4, zero12, 12); /* rest stays zero */
	assert_int_equal(parse("0.0.0.0", &a), 0);
	assert_int_equal(lf_addr_v4(&a), 0);
	assert_int_equal(parse("255.255.255.255", &a), 0);
	assert_int_equal(lf_addr_v4(&a), 0xffffffffu);
	assert_int_equal(parse("192.0.2.10", &a), 0);
	assert_int_equal(lf_addr_v4(&a), 0xc000020a);
	assert_int_equal(parse("10.0.100.0", &a), 0);
	assert_int_equal(lf_addr_v4(&a), 0x0a006400);
	assert_int_equal(lf_addr_bits(&a), 32);

	/* only the first n bytes count */
	assert_int_equal(lf_addr_parse("1.2.3.45", 7, &a), 0);
	assert_int_equal(lf_addr_v4(&a), 0x01020304);
}

static void test_v4_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "010.1.1.1",
	    "1.2.3.04",
	    "1.2.3",
	    "1.2.3.4.5",
	    "256.1.1.1",
	    "1.2.3.256",
	    "1.2.3.999",
	    "1.2.3.1000",
	    " 1.2.3.4",
	    "1.2.3.4 ",
	    "1..2.3",
	    "1.2.3.",
	    ".1.2.3",
	    "0x1.1.1.1",
	    "1.2.3.0x4",
	    "",
	    "1",
	    "10.1",
	    "-1.2.3.4",
	    "+1.2.3.4",
	    "1.2.3.-4",
	    "1.2.3.4/",
	    "a.b.c.d",
	    "1.2.3.4\n",
	    "00.0.0.0",
	    "1.2.3.4.",
	    "1,2,3,4",
	    "4294967295",
	    "1.2.3.4%eth0",
	    "\xff.1.1.1",
	    "1.2.3.4\x80",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(bad[i], strlen(bad[i]), LF_EMALF);
	/* NUL inside the span */
	expect_bad("1.2.3.4\0", 8, LF_EMALF);
	expect_bad("1.2\0.3.4", 8, LF_EMALF);
	expect_bad("::1\0", 4, LF_EMALF);
	expect_bad("\0", 1, LF_EMALF);
	/* the span, not the string: "1.2.3" of "1.2.3.4" */
	expect_bad("1.2.3.4", 5, LF_EMALF);
	expect_bad("1.2.3.4", 0, LF_EMALF);
	expect_bad(NULL, 0, LF_EMALF);
	struct lf_prefix p;
	assert_int_equal(lf_prefix_parse(NULL, 0, 0, &p, NULL), LF_EMALF);
}

static void test_v6_forms(void **state)
{
	(void)state;
	struct lf_addr a;
	uint8_t want[16];

	assert_int_equal(parse("::", &a), 0);
	assert_int_equal(a.af, LF_AF_V6);
	memset(want, 0, 16);
	assert_memory_equal(a.b, want, 16);
	assert_int_equal(lf_addr_bits(&a), 128);

	assert_int_equal(parse("::1", &a), 0);
	want[15] = 1;
	assert_memory_equal(a.b, want, 16);

	assert_int_equal(parse("1::", &a), 0);
	memset(want, 0, 16);
	want[1] = 1;
	assert_memory_equal(a.b, want, 16);

	static const uint8_t seq[16] = {0, 1, 0, 2, 0, 3, 0, 4,
					0, 5, 0, 6, 0, 7, 0, 8};
	assert_int_equal(parse("1:2:3:4:5:6:7:8", &a), 0);
	assert_memory_equal(a.b, seq, 16);

	uint8_t s7[16];
	memcpy(s7, seq, 16);
	s7[15] = 0;
	assert_int_equal(parse("1:2:3:4:5:6:7::", &a), 0);
	assert_memory_equal(a.b, s7, 16);

	uint8_t s1[16];
	memcpy(s1, seq, 16);
	s1[1] = 0;
	assert_int_equal(parse("::2:3:4:5:6:7:8", &a), 0);
	assert_memory_equal(a.b, s1, 16);

	static const uint8_t mapped[16] = {0, 0, 0,    0,    0, 0, 0, 0,
					   0, 0, 0xff, 0xff, 1, 2, 3, 4};
	assert_int_equal(parse("::ffff:1.2.3.4", &a), 0);
	assert_memory_equal(a.b, mapped, 16);
	assert_int_equal(parse("::FFFF:1.2.3.4", &a), 0);
	assert_memory_equal(a.b, mapped, 16);
	assert_int_equal(parse("0:0:0:0:0:ffff:1.2.3.4", &a), 0);
	assert_memory_equal(a.b, mapped, 16);

	static const uint8_t v4tail[16] = {0, 1, 0, 2, 0, 3, 0, 4,
					   0, 5, 0, 6, 1, 2, 3, 4};
	assert_int_equal(parse("1:2:3:4:5:6:1.2.3.4", &a), 0);
	assert_memory_equal(a.b, v4tail, 16);

	static const uint8_t mid[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					0,    0,    0,	  0,	0, 0, 0, 1};
	assert_int_equal(parse("2001:db8::1", &a), 0);
	assert_memory_equal(a.b, mid, 16);
	assert_int_equal(parse("2001:DB8::1", &a), 0);
	assert_memory_equal(a.b, mid, 16);
	assert_int_equal(parse("2001:0db8:0000:0000:0000:0000:0000:0001", &a),
			 0);
	assert_memory_equal(a.b, mid, 16);
	assert_int_equal(parse("2001:db8:0:0:0:0:0:1", &a), 0);
	assert_memory_equal(a.b, mid, 16);

	/* "::" standing for exactly one group is allowed on input */
	assert_int_equal(parse("1:2:3::5:6:7:8", &a), 0);
	memcpy(s1, seq, 16);
	s1[7] = 0;
	assert_memory_equal(a.b, s1, 16);

	/* "::" then a dotted quad, and a dotted quad alone after "::" */
	assert_int_equal(parse("1:2:3:4:5::1.2.3.4", &a), 0);
	assert_int_equal(parse("::1.2.3.4", &a), 0);
	memset(want, 0, 16);
	want[12] = 1, want[13] = 2, want[14] = 3, want[15] = 4;
	assert_memory_equal(a.b, want, 16);
	assert_int_equal(parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &a),
			 0);
	memset(want, 0xff, 16);
	assert_memory_equal(a.b, want, 16);
}

static void test_v6_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "1:2:3:4:5:6:7:8:9",
	    ":::",
	    "1::2::3",
	    "12345::",
	    "g::",
	    "::g",
	    "1:2:3:4:5:6:7",
	    ":1:2:3:4:5:6:7:8",
	    "1:2:3:4:5:6:7:8:",
	    "1:2:3:4:5:6:7:1.2.3.4",
	    "1:2:3:4:5:6::1.2.3.4",
	    "::1.2.3.4:1",
	    "::1.2.3",
	    "::256.1.1.1",
	    "::01.2.3.4",
	    "::ffff:1.2.3.4.5",
	    "1::2:3:4:5:6:7:8",
	    "::1:2:3:4:5:6:7:8",
	    "1:2:3:4:5:6:7:8::",
	    ":",
	    "1:",
	    ":1",
	    "1:::2",
	    "::1::",
	    "1:2",
	    " ::1",
	    "::1 ",
	    "[::1]",
	    "::-1",
	    "::+1",
	    "00000::",
	    "::1:",
	    "1.2.3.4::",
	    "::.1.2.3",
	    "::1.2.3.4.",
	    "fe80::1/64",
	    "0x1::",
	    "1:2:3:4:5:6:7:8 ",
	    "::ffff:1.2.3.4/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(bad[i], strlen(bad[i]), LF_EMALF);
}

static void test_v6_zone(void **state)
{
	(void)state;
	expect_bad("fe80::1%eth0", strlen("fe80::1%eth0"), LF_EZONE);
	expect_bad("fe80::1%1", strlen("fe80::1%1"), LF_EZONE);
	expect_bad("::1%", 4, LF_EZONE);
	struct lf_prefix p;
	assert_int_equal(pparse("fe80::1%eth0/64", 0, &p, NULL), LF_EZONE);
	assert_int_equal(pparse("fe80::%2/10", 0, &p, NULL), LF_EZONE);
}

static void test_format_rfc5952(void **state)
{
	(void)state;
	/* §4.1 leading zeros, §4.3 lowercase */
	roundtrip("2001:0db8::0001", "2001:db8::1");
	roundtrip("2001:DB8::AbCd", "2001:db8::abcd");
	/* §4.2.1 shorten as much as possible */
	roundtrip("2001:db8:0:0:0:0:2:1", "2001:db8::2:1");
	roundtrip("2001:db8::0:1", "2001:db8::1");
	/* §4.2.2 not for one 16-bit 0 field */
	roundtrip("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	roundtrip("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	/* §4.2.3 longest run; first one on a tie */
	roundtrip("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");
	roundtrip("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
	roundtrip("1:0:0:2:0:0:3:4", "1::2:0:0:3:4");
	/* ends */
	roundtrip("::", "::");
	roundtrip("0:0:0:0:0:0:0:1", "::1");
	roundtrip("1:0:0:0:0:0:0:0", "1::");
	roundtrip("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0");
	roundtrip("0:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8");
	roundtrip("1:2:3:4:5:6:0:0", "1:2:3:4:5:6::");
	roundtrip("0:0:3:4:5:6:7:8", "::3:4:5:6:7:8");
	roundtrip("1:0:0:4:5:0:0:0", "1:0:0:4:5::");
	roundtrip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	/* §5 IPv4-mapped */
	roundtrip("::ffff:192.0.2.1", "::ffff:192.0.2.1");
	roundtrip("::ffff:c000:201", "::ffff:192.0.2.1");
	roundtrip("0:0:0:0:0:ffff:255.255.255.255", "::ffff:255.255.255.255");
	/* not mapped: ffff elsewhere */
	roundtrip("::ffff:0:c000:201", "::ffff:0:c000:201");
	roundtrip("1::ffff:c000:201", "1::ffff:c000:201");
	/* IPv4 */
	roundtrip("192.0.2.1", "192.0.2.1");
	roundtrip("0.0.0.0", "0.0.0.0");
	roundtrip("255.255.255.255", "255.255.255.255");
}

static void test_format_limits(void **state)
{
	(void)state;
	struct lf_addr a;
	char buf[LF_ADDR_STRLEN];
	assert_int_equal(parse("2001:db8::1", &a), 0);
	/* "2001:db8::1" is 11 chars: 12 bytes fit, 11 do not */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lf_addr_format(&a, buf, 12), 11);
	assert_string_equal(buf, "2001:db8::1");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lf_addr_format(&a, buf, 11), LF_ELIMIT);
	assert_string_equal(buf, "");
	assert_int_equal(lf_addr_format(&a, buf, 1), LF_ELIMIT);
	assert_string_equal(buf, "");
	assert_int_equal(lf_addr_format(&a, NULL, 0), LF_ELIMIT);

	assert_int_equal(parse("192.0.2.1", &a), 0);
	assert_int_equal(lf_addr_format(&a, buf, 10), 9);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lf_addr_format(&a, buf, 9), LF_ELIMIT);
	assert_string_equal(buf, "");

	/* the longest forms fit LF_ADDR_STRLEN / LF_PREFIX_STRLEN */
	assert_int_equal(parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &a),
			 0);
	assert_int_equal(lf_addr_format(&a, buf, sizeof(buf)), 39);
	struct lf_prefix p;
	char pbuf[LF_PREFIX_STRLEN];
	assert_int_equal(
	    pparse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 0, &p, NULL),
	    0);
	assert_int_equal(lf_prefix_format(&p, pbuf, sizeof(pbuf)), 43);
	assert_string_equal(pbuf,
			    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	/* prefix: the address fits but "/len" does not */
	memset(pbuf, 'x', sizeof(pbuf));
	assert_int_equal(lf_prefix_format(&p, pbuf, 41), LF_ELIMIT);
	assert_string_equal(pbuf, "");
	assert_int_equal(lf_prefix_format(&p, pbuf, 43), LF_ELIMIT);
	assert_int_equal(lf_prefix_format(&p, pbuf, 44), 43);
	memset(pbuf, 'x', sizeof(pbuf));
	assert_int_equal(lf_prefix_format(&p, pbuf, 10), LF_ELIMIT);
	assert_string_equal(pbuf, "");
}

static void test_prefix_parse(void **state)
{
	(void)state;
	struct lf_prefix p;
	char buf[LF_PREFIX_STRLEN];
	int masked = -1;

	assert_int_equal(pparse("10.0.0.0/8", 0, &p, &masked), 0);
	assert_int_equal(masked, 0);
	assert_int_equal(p.len, 8);
	assert_int_equal(lf_addr_v4(&p.addr), 0x0a000000);
	assert_int_equal(lf_prefix_format(&p, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "10.0.0.0/8");

	/* host bits: masked and flagged, or refused in strict mode */
	assert_int_equal(pparse("10.1.2.3/8", 0, &p, &masked), 0);
	assert_int_equal(masked, 1);
	assert_int_equal(lf_addr_v4(&p.addr), 0x0a000000);
	assert_int_equal(pparse("10.1.2.3/8", 0, &p, NULL), 0);
	assert_int_equal(pparse("192.168.1.255/23", 0, &p, &masked), 0);
	assert_int_equal(masked, 1);
	assert_int_equal(lf_addr_v4(&p.addr), 0xc0a80000);
	assert_int_equal(pparse("10.1.2.3/8", LF_PFX_STRICT, &p, &masked),
			 LF_EHOSTBITS);
	assert_int_equal(pparse("10.0.0.0/8", LF_PFX_STRICT, &p, &masked), 0);
	assert_int_equal(masked, 0);
	assert_int_equal(pparse("2001:db8::1/32", LF_PFX_STRICT, &p, NULL),
			 LF_EHOSTBITS);
	assert_int_equal(pparse("2001:db8:8000::/33", LF_PFX_STRICT, &p, NULL),
			 0);
	assert_int_equal(pparse("2001:db8:8000::/32", LF_PFX_STRICT, &p, NULL),
			 LF_EHOSTBITS);
	assert_int_equal(pparse("2001:db8:ffff::1/33", 0, &p, &masked), 0);
	assert_int_equal(masked, 1);
	assert_int_equal(lf_prefix_format(&p, buf, sizeof(buf)), 18);
	assert_string_equal(buf, "2001:db8:8000::/33");

	/* lengths at the edges */
	assert_int_equal(pparse("0.0.0.0/0", 0, &p, NULL), 0);
	assert_int_equal(p.len, 0);
	assert_int_equal(pparse("1.2.3.4/0", 0, &p, &masked), 0);
	assert_int_equal(masked, 1);
	assert_int_equal(lf_addr_v4(&p.addr), 0);
	assert_int_equal(pparse("1.2.3.4/32", LF_PFX_STRICT, &p, NULL), 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(pparse("::/0", LF_PFX_STRICT, &p, NULL), 0);
	assert_int_equal(pparse("::1/128", LF_PFX_STRICT, &p, NULL), 0);
	assert_int_equal(p.len, 128);
	assert_int_equal(pparse("1.2.3.4/33", 0, &p, NULL), LF_ERANGE);
	assert_int_equal(pparse("1.2.3.4/100", 0, &p, NULL), LF_ERANGE);
	assert_int_equal(pparse("::/129", 0, &p, NULL), LF_ERANGE);
	assert_int_equal(pparse("::/999", 0, &p, NULL), LF_ERANGE);
	assert_int_equal(pparse("::/1000", 0, &p, NULL), LF_ERANGE);
	assert_int_equal(pparse("::/99999999999999999999999", 0, &p, NULL),
			 LF_ERANGE);

	/* the length's syntax */
	static const char *const bad[] = {
	    "1.2.3.4/01",  "1.2.3.4/00", "1.2.3.4/",   "1.2.3.4/-1",
	    "1.2.3.4/+8",  "1.2.3.4/ 8", "1.2.3.4/8 ", "1.2.3.4/8/8",
	    "1.2.3.4/0x8", "1.2.3.4/a",	 "/8",	       "1.2.3/8",
	    "::/01",	   "::/",	 "::1//64",    "1.2.3.4/032",
	    "1.2.3.4/08",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = pparse(bad[i], 0, &p, NULL);
		if (rc != LF_EMALF)
			fail_msg("\"%s\": got %d, want LF_EMALF", bad[i], rc);
	}

	/* bare address: a host prefix, unless NOBARE */
	assert_int_equal(pparse("192.0.2.1", 0, &p, &masked), 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(masked, 0);
	assert_int_equal(lf_prefix_format(&p, buf, sizeof(buf)), 12);
	assert_string_equal(buf, "192.0.2.1/32");
	assert_int_equal(pparse("2001:db8::1", 0, &p, NULL), 0);
	assert_int_equal(p.len, 128);
	assert_int_equal(lf_prefix_format(&p, buf, sizeof(buf)), 15);
	assert_string_equal(buf, "2001:db8::1/128");
	assert_int_equal(pparse("192.0.2.1", LF_PFX_NOBARE, &p, NULL),
			 LF_EMALF);
	assert_int_equal(pparse("::1", LF_PFX_NOBARE | LF_PFX_STRICT, &p, NULL),
			 LF_EMALF);
	assert_int_equal(pparse("192.0.2.0/24", LF_PFX_NOBARE, &p, NULL), 0);

	/* errors from the address part come through */
	assert_int_equal(pparse("256.0.0.0/8", 0, &p, NULL), LF_EMALF);
	assert_int_equal(pparse("", 0, &p, NULL), LF_EMALF);

	/* *out untouched on failure */
	memset(&p, 0x33, sizeof(p));
	struct lf_prefix before = p;
	assert_int_equal(pparse("10.1.2.3/8", LF_PFX_STRICT, &p, NULL),
			 LF_EHOSTBITS);
	assert_int_equal(pparse("10.1.2.3/33", 0, &p, NULL), LF_ERANGE);
	assert_memory_equal(&p, &before, sizeof(p));

	/* NUL and span handling */
	assert_int_equal(lf_prefix_parse("10.0.0.0/8\0", 11, 0, &p, NULL),
			 LF_EMALF);
	assert_int_equal(lf_prefix_parse("10.0.0.0/8", 9, 0, &p, NULL),
			 LF_EMALF);
	assert_int_equal(lf_prefix_parse("10.0.0.0/24", 10, 0, &p, NULL), 0);
	assert_int_equal(p.len, 2);
}

static void test_mask(void **state)
{
	(void)state;
	struct lf_addr a;
	assert_int_equal(parse("255.255.255.255", &a), 0);
	lf_addr_mask(&a, 20);
	assert_int_equal(lf_addr_v4(&a), 0xfffff000);
	lf_addr_mask(&a, 99); /* clamped: no change */
	assert_int_equal(lf_addr_v4(&a), 0xfffff000);
	lf_addr_mask(&a, 0);
	assert_int_equal(lf_addr_v4(&a), 0);

	uint8_t ff[16];
	memset(ff, 0xff, 16);
	for (unsigned len = 0; len <= 128; len++) {
		lf_addr_from_v6(&a, ff);
		lf_addr_mask(&a, len);
		for (unsigned bit = 0; bit < 128; bit++) {
			int set = (a.b[bit / 8] >> (7 - bit % 8)) & 1;
			assert_int_equal(set, bit < len);
		}
	}
}

static void test_from_and_v4(void **state)
{
	(void)state;
	struct lf_addr a, b;
	memset(&a, 0x77, sizeof(a));
	lf_addr_from_v4(&a, 0xc0000201);
	assert_int_equal(parse("192.0.2.1", &b), 0);
	assert_memory_equal(&a, &b, sizeof(a)); /* whole struct equal */
	assert_int_equal(lf_addr_v4(&a), 0xc0000201);

	static const uint8_t raw[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	memset(&a, 0x77, sizeof(a));
	lf_addr_from_v6(&a, raw);
	assert_int_equal(parse("2001:db8::1", &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
}

static struct lf_prefix P(const char *s) {
	struct lf_prefix p;
	int rc = pparse(s, 0, &p, NULL);
	if (rc)
		fail_msg("prefix \"%s\": %d", s, rc);
	return p;
}

static struct lf_addr
A(const char *s) {
	struct lf_addr a;
	int rc = parse(s, &a);
	if (rc)
		fail_msg("addr \"%s\": %d", s, rc);
	return a;
}

static void
test_contains_covers(void **state)
{
	(void)state;
	struct lf_prefix p = P("10.0.0.0/8");
	struct lf_addr a;
	a = A("10.255.255.255");
	assert_true(lf_prefix_contains(&p, &a));
	a = A("10.0.0.0");
	assert_true(lf_prefix_contains(&p, &a));
	a = A("11.0.0.0");
	assert_false(lf_prefix_contains(&p, &a));
	a = A("9.255.255.255");
	assert_false(lf_prefix_contains(&p, &a));
	/* families never mix, not even for ::ffff:a.b.c.d */
	a = A("::ffff:10.0.0.1");
	assert_false(lf_prefix_contains(&p, &a));
	a = A("a00::");
	assert_false(lf_prefix_contains(&p, &a));

	struct lf_prefix all4 = P("0.0.0.0/0"), all6 = P("::/0");
	a = A("203.0.113.9");
	assert_true(lf_prefix_contains(&all4, &a));
	assert_false(lf_prefix_contains(&all6, &a));
	a = A("2001:db8::1");
	assert_true(lf_prefix_contains(&all6, &a));
	assert_false(lf_prefix_contains(&all4, &a));

	struct lf_prefix p6 = P("2001:db8::/32");
	a = A("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
	assert_true(lf_prefix_contains(&p6, &a));
	a = A("2001:db9::");
	assert_false(lf_prefix_contains(&p6, &a));
	struct lf_prefix odd = P("2001:db8:8000::/33");
	a = A("2001:db8:7fff::1");
	assert_false(lf_prefix_contains(&odd, &a));
	a = A("2001:db8:8000::1");
	assert_true(lf_prefix_contains(&odd, &a));
	struct lf_prefix host = P("192.0.2.1/32");
	a = A("192.0.2.1");
	assert_true(lf_prefix_contains(&host, &a));
	a = A("192.0.2.2");
	assert_false(lf_prefix_contains(&host, &a));

	struct lf_prefix q = P("10.1.0.0/16");
	assert_true(lf_prefix_covers(&p, &q));
	assert_false(lf_prefix_covers(&q, &p));
	assert_true(lf_prefix_covers(&p, &p)); /* equal covers */
	struct lf_prefix r = P("11.0.0.0/16");
	assert_false(lf_prefix_covers(&p, &r));
	assert_true(lf_prefix_covers(&all4, &p));
	assert_false(lf_prefix_covers(&all6, &p));
	assert_true(lf_prefix_covers(&all6, &p6));
	struct lf_prefix p33 = P("2001:db8::/33");
	assert_true(lf_prefix_covers(&p6, &p33));
	assert_false(lf_prefix_covers(&p33, &p6));
	assert_false(lf_prefix_covers(&odd, &p33));
}

static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

static void test_cmp(void **state)
{
	(void)state;
	/* an ascending list: family first, then bytes, then length */
	static const char *const order[] = {
	    "0.0.0.0/0",     "0.0.0.0/8",
	    "0.0.0.0/32",    "1.0.0.0/8",
	    "10.0.0.0/8",    "10.0.0.0/16",
	    "10.0.0.1/32",   "255.255.255.255/32",
	    "::/0",	     "::/128",
	    "::1/128",	     "::ffff:0.0.0.0/96",
	    "2001:db8::/32", "2001:db8::/48",
	    "ffff::/16",
	};
	size_t n = sizeof(order) / sizeof(order[0]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			struct lf_prefix a = P(order[i]), b = P(order[j]);
			int want = (i > j) - (i < j);
			if (sgn(lf_prefix_cmp(&a, &b)) != want)
				fail_msg("cmp %s %s", order[i], order[j]);
		}
	}
	struct lf_addr x = A("1.2.3.4"), y = A("1.2.3.5"), z = A("::1");
	assert_int_equal(lf_addr_cmp(&x, &x), 0);
	assert_true(lf_addr_cmp(&x, &y) < 0);
	assert_true(lf_addr_cmp(&y, &x) > 0);
	assert_true(lf_addr_cmp(&y, &z) < 0);
	assert_true(lf_addr_cmp(&z, &x) > 0);
	/* ::102:304 is not 1.2.3.4 */
	struct lf_addr w = A("::102:304");
	assert_int_not_equal(lf_addr_cmp(&w, &x), 0);
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

/* Random v6 bytes with plenty of zero groups, so compression is exercised. */
static void random_v6(uint8_t b[16])
{
	uint64_t zmask = rnd();
	for (int g = 0; g < 8; g++) {
		uint64_t r = rnd();
		uint16_t v;
		if ((zmask >> (2 * g) & 3) != 0)
			v = 0;
		else if (r & 1)
			v = (uint16_t)(r >> 8);
		else
			v = (uint16_t)(r >> 8 & 0xf); /* short group */
		if ((zmask >> 40 & 7) == 0 && g == 5)
			v = 0xffff; /* sometimes IPv4-mapped shaped */
		b[2 * g] = (uint8_t)(v >> 8);
		b[2 * g + 1] = (uint8_t)v;
	}
}

static void test_random_roundtrip(void **state)
{
	(void)state;
	char buf[LF_ADDR_STRLEN], ref[INET6_ADDRSTRLEN];
	for (int i = 0; i < 5000; i++) {
		struct lf_addr a, b;
		int v4 = i % 4 == 0;
		if (v4) {
			lf_addr_from_v4(&a, (uint32_t)rnd());
		} else {
			uint8_t raw[16];
			random_v6(raw);
			lf_addr_from_v6(&a, raw);
		}
		int n = lf_addr_format(&a, buf, sizeof(buf));
		assert_true(n > 0 && (size_t)n == strlen(buf));
		memset(&b, 0, sizeof(b));
		int rc = lf_addr_parse(buf, (size_t)n, &b);
		if (rc != 0)
			fail_msg("reparse \"%s\": %d", buf, rc);
		assert_memory_equal(&a, &b, sizeof(a));

		/* glibc's inet_ntop also follows RFC 5952, except that it
		 * writes IPv4-compatible ::a.b.c.d (deprecated by RFC 4291
		 * §2.5.5.1): skip those. */
		int compat = 0;
		if (!v4) {
			static const uint8_t z12[12];
			compat = memcmp(a.b, z12, 12) == 0 &&
				 (a.b[12] | a.b[13]) != 0;
		}
		if (!compat) {
			assert_non_null(inet_ntop(v4 ? AF_INET : AF_INET6, a.b,
						  ref, sizeof(ref)));
			if (strcmp(buf, ref) != 0)
				fail_msg("formatted \"%s\", inet_ntop \"%s\"",
					 buf, ref);
		}
		uint8_t pton[16];
		assert_int_equal(inet_pton(v4 ? AF_INET : AF_INET6, buf, pton),
				 1);
		assert_memory_equal(pton, a.b, v4 ? 4 : 16);

		/* a random prefix of it: format, parse, identical */
		struct lf_prefix p, q;
		int masked;
		p.addr = a;
		p.len = (uint8_t)(rnd() % (lf_addr_bits(&a) + 1));
		lf_addr_mask(&p.addr, p.len);
		char pbuf[LF_PREFIX_STRLEN];
		n = lf_prefix_format(&p, pbuf, sizeof(pbuf));
		assert_true(n > 0);
		assert_int_equal(lf_prefix_parse(pbuf, (size_t)n,
						 LF_PFX_STRICT | LF_PFX_NOBARE,
						 &q, &masked),
				 0);
		assert_int_equal(masked, 0);
		assert_memory_equal(&p, &q, sizeof(p));
		assert_true(lf_prefix_contains(&p, &a));
		assert_int_equal(lf_prefix_cmp(&p, &q), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v4_good),
	    cmocka_unit_test(test_v4_bad),
	    cmocka_unit_test(test_v6_forms),
	    cmocka_unit_test(test_v6_bad),
	    cmocka_unit_test(test_v6_zone),
	    cmocka_unit_test(test_format_rfc5952),
	    cmocka_unit_test(test_format_limits),
	    cmocka_unit_test(test_prefix_parse),
	    cmocka_unit_test(test_mask),
	    cmocka_unit_test(test_from_and_v4),
	    cmocka_unit_test(test_contains_covers),
	    cmocka_unit_test(test_cmp),
	    cmocka_unit_test(test_random_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
