/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for dns/dns.c. Messages are built byte by byte here (a small
 * builder below), one feature or one malformation per test: header fields,
 * names and their text form (case, escapes, the root, the 255-octet and
 * 1003-character limits), every compression-pointer abuse (self, forward,
 * into the header, past the end, into bytes that run back into the
 * pointer, 64 and 65 jumps), truncation at every level, rdlength lies,
 * qdcount, answer capacity, EDNS0, CNAME chains, DNS-over-TCP framing.
 * Every parse runs on an exact-size heap copy so ASan sees any overread.
 *
 * Then the DNS messages inside the captures of ../shared/data/pcap
 * (skipped when absent), read with helper_pcap.c, against values read
 * independently with tshark 4.0 (Debian 12), e.g.
 *   tshark -r FILE -Y dns -T fields -e dns.id -e dns.flags -e dns.qry.name
 *          -e dns.qry.type -e dns.resp.name -e dns.resp.type -e dns.resp.ttl
 *          -e dns.a -e dns.cname -e dns.rr.udp_payload_size
 * and `tshark -V` for the counts; for TCP on other ports
 * `-d tcp.port==1053,dns` / `-d tcp.port==5355,dns`.
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

#include "core/addr.h"
#include "core/err.h"
#include "dns/dns.h"
#include "dns/helper_pcap.h"

/* ---- message builder ---------------------------------------------------- */

static struct {
	uint8_t b[1 << 17];
	size_t n;
} M;

static void reset(void)
{
	M.n = 0;
}

static void u8(unsigned v)
{
	assert_true(M.n < sizeof(M.b));
	M.b[M.n++] = (uint8_t)v;
}

static void u16(unsigned v)
{
	u8(v >> 8 & 0xff);
	u8(v & 0xff);
}

static void u32(uint32_t v)
{
	u16(v >> 16);
	u16(v & 0xffff);
}

static void raw(const void *p, size_t n)
{
	assert_true(n <= sizeof(M.b) - M.n);
	memcpy(M.b + M.n, p, n);
	M.n += n;
}

/* Labels of a dotted name without the root ("" adds nothing). */
static void labels(const char *dotted)
{
	const char *s = dotted;

	while (*s && strcmp(s, ".") != 0) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);

		assert_true(n > 0 && n <= 63);
		u8((unsigned)n);
		raw(s, n);
		s += n + (dot ? 1 : 0);
	}
}

/* A whole uncompressed name; "." is the root. */
static void name(const char *dotted)
{
	labels(dotted);
	u8(0);
}

static void ptr(size_t off)
{
	u16(0xc000u | (unsigned)off);
}

/* A label of n copies of c. */
static void fill_label(size_t n, int c)
{
	u8((unsigned)n);
	for (size_t i = 0; i < n; i++)
		u8((unsigned)c);
}

static void hdr(unsigned id, unsigned flags, unsigned qd, unsigned an,
		unsigned ns, unsigned ar)
{
	reset();
	u16(id);
	u16(flags);
	u16(qd);
	u16(an);
	u16(ns);
	u16(ar);
}

static void question(const char *qn, unsigned type, unsigned cls)
{
	name(qn);
	u16(type);
	u16(cls);
}

/* Fixed part of a record, after its owner name. */
static void rrfix(unsigned type, unsigned cls, uint32_t ttl, unsigned rdlen)
{
	u16(type);
	u16(cls);
	u32(ttl);
	u16(rdlen);
}

static void rr_a(uint32_t ttl, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	rrfix(LF_DNS_T_A, LF_DNS_C_IN, ttl, 4);
	u8(a);
	u8(b);
	u8(c);
	u8(d);
}

/* ---- parsing helpers ---------------------------------------------------- */

static struct lf_dns_rr ans[LF_DNS_ANSWERS_MAX];
static struct lf_dns_msg msg;

static int parse_buf(const uint8_t *b, size_t n, size_t cap)
{
	/* An exact-size copy: ASan flags any read past the message. */
	uint8_t *copy = malloc(n ? n : 1);

	assert_non_null(copy);
	if (n)
		memcpy(copy, b, n);
	int rc = lf_dns_parse(copy, n, cap ? ans : NULL, cap, &msg);

	free(copy);
	return rc;
}

static int parse_cap(size_t cap)
{
	return parse_buf(M.b, M.n, cap);
}

static int parse(void)
{
	return parse_cap(LF_DNS_ANSWERS_MAX);
}

static void expect_ok(void)
{
	int rc = parse();

	if (rc != 0)
		fail_msg("parse: %d, fault %s at %zu", rc,
			 lf_dns_fault_name(msg.fault), msg.fault_off);
	assert_int_equal(msg.fault, LF_DNS_OK);
}

static void expect_fault(int fault, unsigned section, size_t off)
{
	int rc = parse();

	assert_int_equal(rc, LF_EMALF);
	if (msg.fault != fault)
		fail_msg("fault %s, want %s", lf_dns_fault_name(msg.fault),
			 lf_dns_fault_name(fault));
	assert_int_equal(msg.fault_section, section);
	assert_int_equal(msg.fault_off, off);
}

static const char *addr_text(const struct lf_addr *a)
{
	static char buf[LF_ADDR_STRLEN];

	assert_true(lf_addr_format(a, buf, sizeof(buf)) > 0);
	return buf;
}

static void check_addr_rr(const struct lf_dns_rr *rr, const char *owner,
			  uint16_t type, uint32_t ttl, const char *addr)
{
	assert_string_equal(rr->name, owner);
	assert_int_equal(rr->type, type);
	assert_int_equal(rr->cls, LF_DNS_C_IN);
	assert_int_equal(rr->ttl, ttl);
	assert_int_equal(rr->rdata, LF_DNS_RDATA_ADDR);
	assert_string_equal(addr_text(&rr->addr), addr);
}

/* ---- header, question, answers ------------------------------------------ */

static void t_query(void **state)
{
	(void)state;
	hdr(0xbeef, LF_DNS_F_RD, 1, 0, 0, 0);
	question("WwW.ExAmPle.COM", LF_DNS_T_AAAA, LF_DNS_C_IN);
	expect_ok();
	assert_int_equal(msg.id, 0xbeef);
	assert_int_equal(msg.flags, LF_DNS_F_RD);
	assert_int_equal(msg.qr, 0);
	assert_int_equal(msg.opcode, 0);
	assert_int_equal(msg.rcode, 0);
	assert_int_equal(msg.qdcount, 1);
	assert_string_equal(msg.qname, "www.example.com");
	assert_int_equal(msg.qtype, LF_DNS_T_AAAA);
	assert_int_equal(msg.qclass, LF_DNS_C_IN);
	assert_int_equal(msg.nanswers, 0);
	assert_int_equal(msg.answers_seen, 0);
	assert_int_equal(msg.edns, 0);
	assert_int_equal(msg.anomalies, 0);
	assert_ptr_equal(msg.answers, ans);
}

static void t_header_bits(void **state)
{
	(void)state;
	/* QR, opcode 5 (UPDATE), every flag, rcode 15. */
	unsigned flags = 0x8000u | 5u << 11 | 0x07f0u | 0x0fu;

	hdr(1, flags, 1, 0, 0, 0);
	question("example.org", 6, 1);
	expect_ok();
	assert_int_equal(msg.qr, 1);
	assert_int_equal(msg.opcode, 5);
	assert_int_equal(msg.rcode, 15);
	assert_int_equal(msg.flags, flags);
	assert_true(msg.flags & LF_DNS_F_QR);
	assert_true(msg.flags & LF_DNS_F_AA);
	assert_true(msg.flags & LF_DNS_F_TC);
	assert_true(msg.flags & LF_DNS_F_RD);
	assert_true(msg.flags & LF_DNS_F_RA);
	assert_true(msg.flags & LF_DNS_F_Z);
	assert_true(msg.flags & LF_DNS_F_AD);
	assert_true(msg.flags & LF_DNS_F_CD);

	/* and none of them */
	hdr(2, 0, 1, 0, 0, 0);
	question("example.org", 1, 1);
	expect_ok();
	assert_int_equal(msg.qr, 0);
	assert_int_equal(msg.flags, 0);
}

static void t_answers(void **state)
{
	(void)state;
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	hdr(7, 0x8180, 1, 5, 0, 0);
	question("Example.COM", LF_DNS_T_A, LF_DNS_C_IN); /* name at 12 */
	ptr(12);
	rr_a(300, 192, 0, 2, 1);
	ptr(12);
	rrfix(LF_DNS_T_AAAA, LF_DNS_C_IN, 60, 16);
	raw(v6, sizeof(v6));
	labels("WWW");
	ptr(12);
	rrfix(LF_DNS_T_CNAME, LF_DNS_C_IN, 5, 6);
	labels("cdn");
	ptr(12);
	ptr(12);
	rrfix(LF_DNS_T_TXT, LF_DNS_C_IN, 7, 3);
	raw("\x02hi", 3);
	ptr(12);
	rrfix(LF_DNS_T_PTR, LF_DNS_C_IN, 8, 1);
	u8(0); /* PTR to the root */
	expect_ok();
	assert_int_equal(msg.anomalies, 0);
	assert_string_equal(msg.qname, "example.com");
	assert_int_equal(msg.ancount, 5);
	assert_int_equal(msg.nanswers, 5);
	assert_int_equal(msg.answers_seen, 5);
	check_addr_rr(&ans[0], "example.com", LF_DNS_T_A, 300, "192.0.2.1");
	assert_int_equal(ans[0].addr.af, LF_AF_V4);
	assert_int_equal(ans[0].rdlength, 4);
	check_addr_rr(&ans[1], "example.com", LF_DNS_T_AAAA, 60, "2001:db8::1");
	assert_int_equal(ans[1].addr.af, LF_AF_V6);
	assert_string_equal(ans[2].name, "www.example.com");
	assert_int_equal(ans[2].type, LF_DNS_T_CNAME);
	assert_int_equal(ans[2].rdata, LF_DNS_RDATA_NAME);
	assert_int_equal(ans[2].rdlength, 6);
	assert_string_equal(ans[2].target, "cdn.example.com");
	assert_int_equal(ans[3].type, LF_DNS_T_TXT);
	assert_int_equal(ans[3].rdata, LF_DNS_RDATA_NONE);
	assert_int_equal(ans[3].ttl, 7);
	assert_int_equal(ans[4].rdata, LF_DNS_RDATA_NAME);
	assert_string_equal(ans[4].target, ".");
}

static void t_other_classes(void **state)
{
	(void)state;
	/* An "A" of class CH (RFC 1035 §3.4.1 has a different rdata there)
	 * and of class ANY with no rdata (an UPDATE deletion, RFC 2136
	 * §2.5.2) are not addresses and not malformed. */
	hdr(1, 0x2800, 1, 2, 0, 0);
	question("example.org", 6, 1);
	ptr(12);
	rrfix(LF_DNS_T_A, 3, 0, 2);
	u16(0x1234);
	ptr(12);
	rrfix(LF_DNS_T_A, 255, 0, 0);
	expect_ok();
	assert_int_equal(msg.nanswers, 2);
	assert_int_equal(ans[0].rdata, LF_DNS_RDATA_NONE);
	assert_int_equal(ans[0].cls, 3);
	assert_int_equal(ans[1].rdata, LF_DNS_RDATA_NONE);
	assert_int_equal(ans[1].rdlength, 0);
}

static void t_sections(void **state)
{
	(void)state;
	/* Authority and additional records are parsed and counted, with
	 * their names checked like any other. */
	hdr(3, 0x8183, 1, 0, 1, 2);
	question("nx.example", 1, 1);
	labels("example");
	u8(0);
	rrfix(LF_DNS_T_SOA, 1, 900, 5 + 4 + 20);
	labels("ns");
	ptr(12 + 3);
	labels("h");
	ptr(12 + 3);
	for (uint32_t k = 1; k <= 5; k++)
		u32(k);
	ptr(12 + 3);
	rrfix(LF_DNS_T_A, 1, 60, 4);
	u32(0xc0000201);
	name(".");
	rrfix(LF_DNS_T_OPT, 1232, 0, 0);
	expect_ok();
	assert_int_equal(msg.rcode, 3);
	assert_int_equal(msg.nanswers, 0);
	assert_int_equal(msg.nauthority, 1);
	assert_int_equal(msg.nadditional, 2);
	assert_int_equal(msg.edns, 1);
	assert_int_equal(msg.anomalies, 0);

	/* a bad pointer in the additional section is found */
	hdr(3, 0x8180, 1, 0, 0, 1);
	question("a.example", 1, 1);
	size_t at = M.n;
	ptr(at);
	rrfix(LF_DNS_T_A, 1, 60, 4);
	u32(1);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_ADDITIONAL, at);
	assert_string_equal(msg.qname, "a.example");
}

/* ---- EDNS0 -------------------------------------------------------------- */

static void t_edns(void **state)
{
	(void)state;
	/* ". NS" priming query answer with OPT: extended RCODE 1 on top of
	 * header RCODE 0 is 16, BADVERS (RFC 6891 §6.1.3, §7). */
	hdr(9, 0x8000, 1, 0, 0, 1);
	question(".", LF_DNS_T_NS, LF_DNS_C_IN);
	name(".");
	rrfix(LF_DNS_T_OPT, 1232, 0x01008000u, 12);
	u16(10); /* COOKIE */
	u16(8);
	raw("\1\2\3\4\5\6\7\x8", 8);
	expect_ok();
	assert_string_equal(msg.qname, ".");
	assert_int_equal(msg.qtype, LF_DNS_T_NS);
	assert_int_equal(msg.edns, 1);
	assert_int_equal(msg.edns_udp_size, 1232);
	assert_int_equal(msg.edns_version, 0);
	assert_int_equal(msg.edns_do, 1);
	assert_int_equal(msg.rcode, 16);
	assert_int_equal(msg.nadditional, 1);
	assert_int_equal(msg.anomalies, 0);

	/* version 1, no DO, extended RCODE 0xff, header RCODE 3: 0xff3.
	 * The OPT TTL field's top bit is not a TTL: no LF_DNS_A_TTL. */
	hdr(9, 0x8003, 1, 0, 0, 1);
	question(".", LF_DNS_T_NS, LF_DNS_C_IN);
	name(".");
	rrfix(LF_DNS_T_OPT, 512, 0xff010000u, 0);
	expect_ok();
	assert_int_equal(msg.rcode, 0xff3);
	assert_int_equal(msg.edns_version, 1);
	assert_int_equal(msg.edns_do, 0);
	assert_int_equal(msg.edns_udp_size, 512);
	assert_int_equal(msg.anomalies, 0);
}

static void t_edns_anomalies(void **state)
{
	(void)state;
	/* owner not the root: noted, still used */
	hdr(1, 0, 1, 0, 0, 1);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_OPT, 4096, 0, 0);
	expect_ok();
	assert_int_equal(msg.anomalies, LF_DNS_A_EDNS);
	assert_int_equal(msg.edns, 1);
	assert_int_equal(msg.edns_udp_size, 4096);

	/* two OPT records: the first counts */
	hdr(1, 0, 1, 0, 0, 2);
	question("a.example", 1, 1);
	name(".");
	rrfix(LF_DNS_T_OPT, 4096, 0, 0);
	name(".");
	rrfix(LF_DNS_T_OPT, 512, 0x00008000u, 0);
	expect_ok();
	assert_int_equal(msg.anomalies, LF_DNS_A_EDNS);
	assert_int_equal(msg.edns_udp_size, 4096);
	assert_int_equal(msg.edns_do, 0);
	assert_int_equal(msg.nadditional, 2);

	/* OPT in the answer section: kept as a record, not as EDNS */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("a.example", 1, 1);
	name(".");
	rrfix(LF_DNS_T_OPT, 4096, 0, 0);
	expect_ok();
	assert_int_equal(msg.anomalies, LF_DNS_A_EDNS);
	assert_int_equal(msg.edns, 0);
	assert_int_equal(msg.nanswers, 1);
	assert_int_equal(ans[0].type, LF_DNS_T_OPT);

	/* an option running past the OPT rdata */
	hdr(1, 0, 1, 0, 0, 1);
	question("a.example", 1, 1);
	name(".");
	rrfix(LF_DNS_T_OPT, 4096, 0, 5);
	u16(10);
	u16(10);
	u8(0);
	expect_ok();
	assert_int_equal(msg.anomalies, LF_DNS_A_EDNS);
	assert_int_equal(msg.edns, 1);
}

/* ---- names -------------------------------------------------------------- */

static void t_escapes(void **state)
{
	(void)state;
	static const uint8_t l1[] = { 'A', 'b', '.', 'c' };
	static const uint8_t l2[] = { 0x00, 0x20, 0x7f, 0xff };
	static const char l3[] = "\\\"();@$";
	static const char l4[] = "*/+~";

	hdr(1, 0, 1, 0, 0, 0);
	u8(sizeof(l1));
	raw(l1, sizeof(l1));
	u8(sizeof(l2));
	raw(l2, sizeof(l2));
	u8(sizeof(l3) - 1);
	raw(l3, sizeof(l3) - 1);
	u8(sizeof(l4) - 1);
	raw(l4, sizeof(l4) - 1);
	name("EVIL.Example");
	u16(1);
	u16(1);
	expect_ok();
	assert_string_equal(msg.qname,
			    "ab\\.c."
			    "\\000\\032\\127\\255."
			    "\\\\\\\"\\(\\)\\;\\@\\$."
			    "*/+~.evil.example");
	assert_int_equal(msg.anomalies, LF_DNS_A_ODD_NAME);
	assert_string_equal(lf_dns_host_suffix(msg.qname), "evil.example");

	/* underscores, hyphens and digits are hostname labels */
	hdr(1, 0, 1, 0, 0, 0);
	question("_dmarc.X-1.example", 16, 1);
	expect_ok();
	assert_string_equal(msg.qname, "_dmarc.x-1.example");
	assert_int_equal(msg.anomalies, 0);
	assert_ptr_equal(lf_dns_host_suffix(msg.qname), msg.qname);

	/* an odd name in a record that is not kept is noticed too */
	hdr(1, 0x8000, 1, 0, 1, 0);
	question("a.example", 1, 1);
	labels("x y");
	ptr(12);
	rrfix(LF_DNS_T_A, 1, 1, 4);
	u32(1);
	expect_ok();
	assert_int_equal(msg.anomalies, LF_DNS_A_ODD_NAME);
}

static void t_host_suffix(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "a.b", "a.b" },
		{ "evil.example", "evil.example" },
		{ ".", "" },
		{ "", "" },
		{ "x\\.y.z", "z" },        /* label "x.y", then "z" */
		{ "a\\\\.b", "b" },        /* label "a\", then "b" */
		{ "a.\\001", "" },
		{ "\\065b.c.d", "c.d" },
		{ "*.evil.example", "evil.example" },
		{ "q.\\@.r.s", "r.s" },
		{ "a b.c", "c" },
		{ "\\000\\001.evil.example", "evil.example" },
		{ "evil.example.\\\\", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = lf_dns_host_suffix(cases[i].in);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[i].in, got,
				 cases[i].want);
		/* a pointer into the argument */
		assert_true(got >= cases[i].in &&
			    got <= cases[i].in + strlen(cases[i].in));
	}
}

static void t_name_limits(void **state)
{
	(void)state;
	/* 63 + 63 + 63 + 61 octets: 4 + 250 + 1 = 255 on the wire, the
	 * longest name there is. */
	hdr(1, 0, 1, 0, 0, 0);
	fill_label(63, 'a');
	fill_label(63, 'b');
	fill_label(63, 'c');
	fill_label(61, 'd');
	u8(0);
	u16(1);
	u16(1);
	expect_ok();
	assert_int_equal(strlen(msg.qname), 250 + 3);

	/* one more octet: 256 */
	hdr(1, 0, 1, 0, 0, 0);
	fill_label(63, 'a');
	fill_label(63, 'b');
	fill_label(63, 'c');
	fill_label(62, 'd');
	u8(0);
	u16(1);
	u16(1);
	expect_fault(LF_DNS_E_NAME_LONG, LF_DNS_S_QUESTION, 12);
	assert_string_equal(msg.qname, "");

	/* The same 255 octets, every one escaped as \DDD: exactly the
	 * LF_DNS_NAME_MAX characters the buffers are sized for — as owner
	 * and as CNAME target of a kept answer, and as question. */
	hdr(1, 0x8000, 1, 1, 0, 0);
	fill_label(63, 0xff);
	fill_label(63, 0xfe);
	fill_label(63, 0x00);
	fill_label(61, 0x80);
	u8(0);
	u16(1);
	u16(1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 0, 2);
	ptr(12);
	expect_ok();
	assert_int_equal(strlen(msg.qname), LF_DNS_NAME_MAX);
	assert_int_equal(strlen(ans[0].name), LF_DNS_NAME_MAX);
	assert_string_equal(ans[0].target, msg.qname);
	assert_memory_equal(msg.qname, "\\255\\255", 8);
	assert_int_equal(msg.anomalies, LF_DNS_A_ODD_NAME);

	/* Over 255 by way of a pointer: the length counts what the pointer
	 * adds (a 201-octet question name plus a 64-octet label). */
	hdr(1, 0x8000, 1, 1, 0, 0);
	fill_label(63, 'a');
	fill_label(63, 'b');
	fill_label(63, 'c');
	fill_label(7, 'd');
	u8(0);
	u16(1);
	u16(1);
	size_t at = M.n;
	fill_label(63, 'e');
	ptr(12);
	rr_a(1, 1, 2, 3, 4);
	expect_fault(LF_DNS_E_NAME_LONG, LF_DNS_S_ANSWER, at);
	assert_int_equal(msg.nanswers, 0);
	assert_int_equal(strlen(msg.qname), 63 * 3 + 7 + 3);
}

static void t_label_types(void **state)
{
	(void)state;
	static const unsigned bad[] = { 0x40, 0x41, 0x7f, 0x80, 0xbf };

	/* 63 is the longest label */
	hdr(1, 0, 1, 0, 0, 0);
	fill_label(63, 'x');
	u8(0);
	u16(1);
	u16(1);
	expect_ok();

	/* "a label of 64" is label type 0b01: 0x40..0x7f (extended, RFC
	 * 6891 §5) and 0x80..0xbf (reserved) */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hdr(1, 0, 1, 0, 0, 0);
		labels("ok");
		u8(bad[i]);
		for (unsigned k = 0; k < 70; k++)
			u8('x');
		u8(0);
		u16(1);
		u16(1);
		expect_fault(LF_DNS_E_LABEL_TYPE, LF_DNS_S_QUESTION, 12);
	}
}

/* ---- compression pointers ----------------------------------------------- */

static void t_ptr_self(void **state)
{
	(void)state;
	hdr(1, 0, 1, 0, 0, 0);
	ptr(12);
	u16(1);
	u16(1);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_QUESTION, 12);

	/* into its own first label: "a" -> "a" -> ... */
	hdr(1, 0, 1, 0, 0, 0);
	labels("a");
	ptr(12);
	u16(1);
	u16(1);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_QUESTION, 12);
}

static void t_ptr_forward(void **state)
{
	(void)state;
	/* to a name further on, inside the message */
	hdr(1, 0x8000, 1, 1, 0, 0);
	ptr(18);
	u16(1);
	u16(1);
	name("later.example"); /* at 18: the answer's owner */
	rr_a(1, 1, 2, 3, 4);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_QUESTION, 12);
	assert_string_equal(msg.qname, "");

	/* Strictly backwards from the pointer, yet into bytes that run on
	 * into the pointer itself: the question's class 0x0178 reads as the
	 * label "x", and the answer's owner at 19 points to it (17). */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("a", 1, 0x0178);
	ptr(17);
	rr_a(1, 1, 2, 3, 4);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_ANSWER, 19);
	assert_string_equal(msg.qname, "a");
	assert_int_equal(msg.qclass, 0x0178);

	/* a backward pointer into the middle of an earlier name is fine */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("www.Example.org", 1, 1);
	labels("mail");
	ptr(16);
	rr_a(1, 1, 2, 3, 4);
	expect_ok();
	assert_string_equal(ans[0].name, "mail.example.org");
}

static void t_ptr_overrun(void **state)
{
	(void)state;
	/* past the end, at the end, far past the end */
	static const size_t targets[] = { 19, 18, 0x3fff };

	for (size_t i = 0; i < 3; i++) {
		hdr(1, 0, 1, 0, 0, 0);
		ptr(targets[i]);
		u16(1);
		u16(1);
		assert_int_equal(M.n, 18);
		expect_fault(LF_DNS_E_PTR_OVERRUN, LF_DNS_S_QUESTION, 12);
	}
	/* into the header */
	for (size_t t = 0; t < 12; t++) {
		hdr(1, 0x8000, 1, 1, 0, 0);
		question("a", 1, 1);
		ptr(t);
		rr_a(1, 1, 2, 3, 4);
		expect_fault(LF_DNS_E_PTR_OVERRUN, LF_DNS_S_ANSWER, 19);
	}
	/* a pointer cut in half by the end of the message */
	hdr(1, 0, 1, 0, 0, 0);
	labels("a");
	u8(0xc0);
	expect_fault(LF_DNS_E_NAME_TRUNC, LF_DNS_S_QUESTION, 12);
}

/* A question "a", then a TXT answer whose rdata is `n` pointers, each to
 * the one before and the first to the question name; then an answer owned
 * by a pointer to the last: n + 1 jumps. */
static size_t build_chain(size_t n)
{
	hdr(1, 0x8000, 1, 2, 0, 0);
	question("a", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_TXT, 1, 0, (unsigned)(2 * n));
	size_t base = M.n;
	for (size_t k = 0; k < n; k++)
		ptr(k == 0 ? 12 : base + 2 * (k - 1));
	size_t at = M.n;
	ptr(base + 2 * (n - 1));
	rr_a(1, 1, 2, 3, 4);
	return at;
}

static void t_ptr_chain(void **state)
{
	(void)state;
	build_chain(LF_DNS_PTR_MAX - 1);
	expect_ok();
	assert_int_equal(msg.nanswers, 2);
	assert_string_equal(ans[1].name, "a");

	size_t at = build_chain(LF_DNS_PTR_MAX);
	expect_fault(LF_DNS_E_PTR_CHAIN, LF_DNS_S_ANSWER, at);
	assert_int_equal(msg.nanswers, 1);
}

/* ---- truncation and count lies ------------------------------------------ */

static void t_truncation(void **state)
{
	(void)state;
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("trunc.example", 1, 1);
	ptr(12);
	rr_a(10, 10, 0, 0, 1);
	size_t full = M.n;
	expect_ok();

	/* Every proper prefix of a good message is malformed; which way
	 * depends on where it is cut. */
	for (size_t n = 0; n < full; n++) {
		int rc = parse_buf(M.b, n, LF_DNS_ANSWERS_MAX);
		int want;

		assert_int_equal(rc, LF_EMALF);
		if (n < 12)
			want = LF_DNS_E_HEADER;
		else if (n == 12 || n == 31)
			want = LF_DNS_E_COUNT;  /* ends between entries */
		else if (n < 12 + 15)
			want = LF_DNS_E_NAME_TRUNC;
		else if (n < 31)
			want = LF_DNS_E_TRUNC;  /* type/class cut */
		else if (n < 33)
			want = LF_DNS_E_NAME_TRUNC; /* the owner pointer */
		else
			want = LF_DNS_E_TRUNC;  /* fixed part or rdata */
		if (msg.fault != want)
			fail_msg("cut at %zu: %s, want %s", n,
				 lf_dns_fault_name(msg.fault),
				 lf_dns_fault_name(want));
		assert_int_equal(msg.nanswers, 0);
		if (n >= 31)
			assert_string_equal(msg.qname, "trunc.example");
		else
			assert_string_equal(msg.qname, "");
		if (n >= 12)
			assert_int_equal(msg.ancount, 1);
	}

	/* no header at all, with a NULL buffer */
	assert_int_equal(lf_dns_parse(NULL, 0, ans, 1, &msg), LF_EMALF);
	assert_int_equal(msg.fault, LF_DNS_E_HEADER);
}

static void t_count_lies(void **state)
{
	(void)state;
	/* two answers announced, one present: the first is kept */
	hdr(1, 0x8000, 1, 2, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rr_a(10, 10, 0, 0, 1);
	size_t end = M.n;
	expect_fault(LF_DNS_E_COUNT, LF_DNS_S_ANSWER, end);
	assert_int_equal(msg.nanswers, 1);
	assert_int_equal(msg.answers_seen, 1);
	check_addr_rr(&ans[0], "a.example", LF_DNS_T_A, 10, "10.0.0.1");

	/* an authority record announced and missing */
	hdr(1, 0x8000, 1, 1, 1, 0);
	question("a.example", 1, 1);
	ptr(12);
	rr_a(10, 10, 0, 0, 1);
	expect_fault(LF_DNS_E_COUNT, LF_DNS_S_AUTHORITY, M.n);
	assert_int_equal(msg.nanswers, 1);

	/* the second answer cut inside its rdata: the first still kept */
	hdr(1, 0x8000, 1, 2, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rr_a(10, 10, 0, 0, 1);
	size_t at = M.n;
	ptr(12);
	rrfix(LF_DNS_T_AAAA, 1, 10, 16);
	u32(0x20010db8);
	expect_fault(LF_DNS_E_TRUNC, LF_DNS_S_ANSWER, at);
	assert_int_equal(msg.nanswers, 1);

	/* qdcount 65535 in a 12-octet message */
	hdr(1, 0, 0xffff, 0, 0, 0);
	expect_fault(LF_DNS_E_COUNT, LF_DNS_S_QUESTION, 12);
}

/* ---- rdlength ------------------------------------------------------------ */

static void t_rdlength(void **state)
{
	(void)state;
	static const struct {
		unsigned type, rdlen;
	} lies[] = {
		{ LF_DNS_T_A, 0 },     { LF_DNS_T_A, 3 },
		{ LF_DNS_T_A, 5 },     { LF_DNS_T_A, 16 },
		{ LF_DNS_T_AAAA, 4 },  { LF_DNS_T_AAAA, 15 },
		{ LF_DNS_T_AAAA, 17 },
	};

	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		hdr(1, 0x8000, 1, 1, 0, 0);
		question("a.example", lies[i].type, 1);
		ptr(12);
		rrfix(lies[i].type, 1, 1, lies[i].rdlen);
		for (unsigned k = 0; k < lies[i].rdlen; k++)
			u8(k);
		expect_fault(LF_DNS_E_RDLEN, LF_DNS_S_ANSWER, 27);
	}

	/* a CNAME whose name ends before its rdata does */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 1, 6);
	name("b");
	raw("xyz", 3);
	expect_fault(LF_DNS_E_RDLEN, LF_DNS_S_ANSWER, 27);

	/* ... and one that runs past it into the next record */
	hdr(1, 0x8000, 1, 2, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 1, 2);
	name("www");
	ptr(12);
	rr_a(1, 1, 2, 3, 4);
	expect_fault(LF_DNS_E_RDLEN, LF_DNS_S_ANSWER, 27);

	/* an empty CNAME rdata */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 1, 0);
	expect_fault(LF_DNS_E_RDLEN, LF_DNS_S_ANSWER, 27);

	/* a name fault inside rdata is reported as itself */
	hdr(1, 0x8000, 1, 1, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_NS, 1, 1, 2);
	ptr(M.n);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_ANSWER, 27);
}

/* ---- qdcount, capacity, trailing, TTL ------------------------------------ */

static void t_qdcount(void **state)
{
	(void)state;
	/* no question */
	hdr(1, 0x8000, 0, 1, 0, 0);
	name("a.example");
	rr_a(5, 1, 2, 3, 4);
	expect_ok();
	assert_string_equal(msg.qname, "");
	assert_int_equal(msg.qtype, 0);
	assert_int_equal(msg.anomalies, LF_DNS_A_QDCOUNT);
	assert_int_equal(msg.nanswers, 1);

	/* two: the first is kept, both are checked */
	hdr(1, 0, 2, 0, 0, 0);
	question("First.example", 1, 1);
	question("SECOND.example", 28, 1);
	expect_ok();
	assert_string_equal(msg.qname, "first.example");
	assert_int_equal(msg.qtype, 1);
	assert_int_equal(msg.anomalies, LF_DNS_A_QDCOUNT);

	hdr(1, 0, 2, 0, 0, 0);
	question("first.example", 1, 1);
	size_t at = M.n;
	ptr(at);
	u16(1);
	u16(1);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_QUESTION, at);
	assert_string_equal(msg.qname, "first.example");
}

static void t_capacity(void **state)
{
	(void)state;
	hdr(1, 0x8180, 1, 70, 0, 0);
	question("many.example", 1, 1);
	for (unsigned i = 0; i < 70; i++) {
		ptr(12);
		rr_a(i, 10, 0, 0, (uint8_t)i);
	}
	expect_ok();
	assert_int_equal(msg.nanswers, LF_DNS_ANSWERS_MAX);
	assert_int_equal(msg.answers_seen, 70);
	assert_int_equal(msg.anomalies, LF_DNS_A_DROPPED);
	check_addr_rr(&ans[63], "many.example", LF_DNS_T_A, 63, "10.0.0.63");

	/* a smaller array, and none at all */
	assert_int_equal(parse_cap(3), 0);
	assert_int_equal(msg.nanswers, 3);
	assert_int_equal(msg.answers_seen, 70);
	assert_int_equal(parse_cap(0), 0);
	assert_int_equal(msg.nanswers, 0);
	assert_int_equal(msg.answers_seen, 70);
	assert_null(msg.answers);

	/* answers past the capacity are still checked */
	hdr(1, 0x8180, 1, 66, 0, 0);
	question("many.example", 1, 1);
	for (unsigned i = 0; i < 65; i++) {
		ptr(12);
		rr_a(i, 10, 0, 0, (uint8_t)i);
	}
	size_t at = M.n;
	ptr(at);
	rr_a(1, 1, 2, 3, 4);
	expect_fault(LF_DNS_E_PTR_LOOP, LF_DNS_S_ANSWER, at);
	assert_int_equal(msg.nanswers, LF_DNS_ANSWERS_MAX);
	assert_int_equal(msg.answers_seen, 65);
}

static void t_trailing_ttl(void **state)
{
	(void)state;
	hdr(1, 0x8000, 1, 3, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rr_a(0x80000000u, 1, 1, 1, 1);
	ptr(12);
	rr_a(0x7fffffffu, 2, 2, 2, 2);
	ptr(12);
	rr_a(0xffffffffu, 3, 3, 3, 3);
	raw("\0\0\0", 3);
	expect_ok();
	/* RFC 2181 §8: the top bit set means 0 */
	assert_int_equal(ans[0].ttl, 0);
	assert_int_equal(ans[1].ttl, 0x7fffffff);
	assert_int_equal(ans[2].ttl, 0);
	assert_int_equal(msg.anomalies, LF_DNS_A_TTL | LF_DNS_A_TRAILING);
}

static void t_misuse(void **state)
{
	(void)state;
	uint8_t b[12] = { 0 };

	assert_int_equal(lf_dns_parse(b, sizeof(b), ans, 1, NULL), -EINVAL);
	assert_int_equal(lf_dns_parse(NULL, 12, ans, 1, &msg), -EINVAL);
	assert_int_equal(lf_dns_parse(b, sizeof(b), NULL, 1, &msg), -EINVAL);
	assert_int_equal(lf_dns_parse(b, sizeof(b), NULL, 0, &msg), 0);
	assert_int_equal(msg.anomalies, LF_DNS_A_QDCOUNT);
}

/* ---- CNAME chains -------------------------------------------------------- */

struct seen {
	size_t n;
	const char *names[4][LF_DNS_CHAIN_MAX + 1];
	size_t nnames[4];
	char addr[4][LF_ADDR_STRLEN];
	uint32_t ttl[4];
};

static void on_binding(void *ud, const struct lf_dns_binding *b)
{
	struct seen *s = ud;

	assert_true(b->nnames >= 1 && b->nnames <= LF_DNS_CHAIN_MAX + 1);
	assert_int_equal(b->rr->rdata, LF_DNS_RDATA_ADDR);
	assert_string_equal(b->rr->name, b->names[b->nnames - 1]);
	assert_true(b->ttl <= b->rr->ttl);
	if (s->n < 4) {
		for (size_t i = 0; i < b->nnames; i++)
			s->names[s->n][i] = b->names[i];
		s->nnames[s->n] = b->nnames;
		snprintf(s->addr[s->n], LF_ADDR_STRLEN, "%s",
			 addr_text(&b->rr->addr));
		s->ttl[s->n] = b->ttl;
	}
	s->n++;
}

static int chain(struct seen *s)
{
	size_t count = 99;

	memset(s, 0, sizeof(*s));
	int rc = lf_dns_chain(&msg, on_binding, s, &count);

	assert_int_equal(count, s->n);
	return rc;
}

static void t_chain_simple(void **state)
{
	(void)state;
	struct seen s;

	hdr(1, 0x8180, 1, 2, 0, 0);
	question("Example.com", 1, 1);
	ptr(12);
	rr_a(300, 192, 0, 2, 1);
	ptr(12);
	rr_a(200, 192, 0, 2, 2);
	expect_ok();
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.nnames[0], 1);
	assert_string_equal(s.names[0][0], "example.com");
	assert_ptr_equal(s.names[0][0], msg.qname);
	assert_string_equal(s.addr[0], "192.0.2.1");
	assert_int_equal(s.ttl[0], 300);
	assert_string_equal(s.addr[1], "192.0.2.2");
	assert_int_equal(s.ttl[1], 200);
}

static void t_chain_cnames(void **state)
{
	(void)state;
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 7 };
	struct seen s;

	/* www.example.com -> a.cdn.net -> b.cdn.net -> A, AAAA; answers
	 * out of order, in mixed case, with an unrelated A, an A owned by
	 * the alias (illegal beside a CNAME: ignored) and a CNAME of class
	 * CH (ignored). */
	hdr(1, 0x8180, 1, 7, 0, 0);
	question("www.example.com", 1, 1);
	name("B.cdn.NET");
	rr_a(120, 192, 0, 2, 7);
	name("a.cdn.net");
	rrfix(LF_DNS_T_CNAME, 1, 30, 11);
	name("b.cdn.net");
	name("other.example");
	rr_a(5, 192, 0, 2, 99);
	name("WWW.example.com");
	rrfix(LF_DNS_T_CNAME, 3, 1, 11);
	name("x.cdn.net");
	name("WWW.Example.com");
	rrfix(LF_DNS_T_CNAME, 1, 600, 11);
	name("A.cdn.net");
	name("www.example.com");
	rr_a(1, 192, 0, 2, 66);
	name("b.cdn.net");
	rrfix(LF_DNS_T_AAAA, 1, 20, 16);
	raw(v6, 16);
	expect_ok();
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.nnames[0], 3);
	assert_string_equal(s.names[0][0], "www.example.com");
	assert_string_equal(s.names[0][1], "a.cdn.net");
	assert_string_equal(s.names[0][2], "b.cdn.net");
	assert_string_equal(s.addr[0], "192.0.2.7");
	assert_int_equal(s.ttl[0], 30); /* min(600, 30, 120) */
	assert_string_equal(s.addr[1], "2001:db8::7");
	assert_int_equal(s.ttl[1], 20);
	assert_int_equal(s.nnames[1], 3);
}

/* A response for n0 with CNAMEs n0 -> n1 -> ... -> n<len>, A at the end. */
static void build_cname_chain(unsigned len)
{
	char a[16], b[16];

	hdr(1, 0x8180, 1, len + 1, 0, 0);
	question("n0", 1, 1);
	for (unsigned i = 0; i < len; i++) {
		snprintf(a, sizeof(a), "n%u", i);
		snprintf(b, sizeof(b), "n%u", i + 1);
		name(a);
		rrfix(LF_DNS_T_CNAME, 1, 100 - i, (unsigned)strlen(b) + 2);
		name(b);
	}
	snprintf(a, sizeof(a), "n%u", len);
	name(a);
	rr_a(1000, 10, 9, 9, 9);
}

static void t_chain_limits(void **state)
{
	(void)state;
	struct seen s;

	build_cname_chain(LF_DNS_CHAIN_MAX);
	expect_ok();
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.nnames[0], LF_DNS_CHAIN_MAX + 1);
	assert_string_equal(s.names[0][LF_DNS_CHAIN_MAX], "n16");
	assert_int_equal(s.ttl[0], 100 - (LF_DNS_CHAIN_MAX - 1));

	build_cname_chain(LF_DNS_CHAIN_MAX + 1);
	expect_ok();
	assert_int_equal(chain(&s), LF_ELIMIT);
	assert_int_equal(s.n, 0);

	/* a -> b -> a */
	hdr(1, 0x8180, 1, 3, 0, 0);
	question("a", 1, 1);
	name("a");
	rrfix(LF_DNS_T_CNAME, 1, 1, 3);
	name("b");
	name("b");
	rrfix(LF_DNS_T_CNAME, 1, 1, 2);
	ptr(12);
	name("b");
	rr_a(1, 1, 1, 1, 1);
	expect_ok();
	assert_int_equal(chain(&s), LF_EMALF);
	assert_int_equal(s.n, 0);

	/* a -> a */
	hdr(1, 0x8180, 1, 1, 0, 0);
	question("a", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 1, 2);
	ptr(12);
	expect_ok();
	assert_int_equal(chain(&s), LF_EMALF);
}

static void t_chain_none(void **state)
{
	(void)state;
	struct seen s;

	/* a NOTIFY query carries an answer: queries bind nothing */
	hdr(1, 0x2400, 1, 1, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rr_a(1, 1, 1, 1, 1);
	expect_ok();
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 0);

	/* a chain ending in no address (NXDOMAIN after a CNAME) */
	hdr(1, 0x8183, 1, 1, 0, 0);
	question("a.example", 1, 1);
	ptr(12);
	rrfix(LF_DNS_T_CNAME, 1, 1, 4);
	labels("b");
	ptr(12 + 2);
	expect_ok();
	assert_string_equal(ans[0].target, "b.example");
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 0);

	/* no question */
	hdr(1, 0x8180, 0, 1, 0, 0);
	name("a");
	rr_a(1, 1, 1, 1, 1);
	expect_ok();
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 0);

	/* answers not kept */
	hdr(1, 0x8180, 1, 1, 0, 0);
	question("a", 1, 1);
	ptr(12);
	rr_a(1, 1, 1, 1, 1);
	assert_int_equal(parse_cap(0), 0);
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 0);

	assert_int_equal(lf_dns_chain(NULL, on_binding, &s, NULL), -EINVAL);
	assert_int_equal(lf_dns_chain(&msg, NULL, &s, NULL), -EINVAL);
}

/* ---- DNS over TCP -------------------------------------------------------- */

struct frames {
	size_t n;
	const uint8_t *p[8];
	size_t len[8];
};

static void on_frame(void *ud, const uint8_t *m, size_t len)
{
	struct frames *f = ud;

	if (f->n < 8) {
		f->p[f->n] = m;
		f->len[f->n] = len;
	}
	f->n++;
}

static void t_tcp_frames(void **state)
{
	(void)state;
	static uint8_t s[512];
	size_t n = 0, count, used;
	struct frames f;

	/* a query (29 octets) and a response (45) */
	hdr(0x1234, 0, 1, 0, 0, 0);
	question("workstation", 1, 1);
	assert_int_equal(M.n, 29);
	s[n++] = 0;
	s[n++] = 29;
	memcpy(s + n, M.b, M.n);
	n += M.n;
	hdr(0x1234, 0x8000, 1, 1, 0, 0);
	question("workstation", 1, 1);
	ptr(12);
	rr_a(1, 192, 168, 1, 100);
	assert_int_equal(M.n, 45);
	s[n++] = 0;
	s[n++] = 45;
	memcpy(s + n, M.b, M.n);
	n += M.n;
	size_t whole = n;
	/* and the start of a third */
	s[n++] = 0;
	s[n++] = 40;
	memcpy(s + n, M.b, 10);
	n += 10;

	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(s, whole, on_frame, &f, &count,
					   &used), 0);
	assert_int_equal(count, 2);
	assert_int_equal(used, whole);
	assert_int_equal(f.n, 2);
	assert_ptr_equal(f.p[0], s + 2);
	assert_int_equal(f.len[0], 29);
	assert_ptr_equal(f.p[1], s + 33);
	assert_int_equal(f.len[1], 45);
	assert_int_equal(parse_buf(f.p[1], f.len[1], LF_DNS_ANSWERS_MAX), 0);
	check_addr_rr(&ans[0], "workstation", LF_DNS_T_A, 1, "192.168.1.100");

	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(s, n, on_frame, &f, &count, &used),
			 LF_ETRUNC);
	assert_int_equal(count, 2);
	assert_int_equal(used, whole);

	/* every cut: whole frames before it, the rest partial */
	for (size_t cut = 0; cut <= whole; cut++) {
		size_t want = cut >= 78 ? 2 : cut >= 31 ? 1 : 0;
		size_t want_used = want == 2 ? 78 : want == 1 ? 31 : 0;

		memset(&f, 0, sizeof(f));
		int rc = lf_dns_tcp_frames(s, cut, on_frame, &f, &count, &used);

		assert_int_equal(rc, cut == want_used ? 0 : LF_ETRUNC);
		assert_int_equal(count, want);
		assert_int_equal(used, want_used);
	}

	/* a zero-length frame is handed on (and has no header) */
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames((const uint8_t *)"\0\0", 2, on_frame,
					   &f, NULL, NULL), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.len[0], 0);
	assert_int_equal(parse_buf(f.p[0], 0, 1), LF_EMALF);
	assert_int_equal(msg.fault, LF_DNS_E_HEADER);

	/* nothing, and misuse */
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(NULL, 0, on_frame, &f, &count,
					   &used), 0);
	assert_int_equal(count, 0);
	assert_int_equal(f.n, 0);
	assert_int_equal(lf_dns_tcp_frames(s, 4, NULL, NULL, &count, &used),
			 -EINVAL);
	assert_int_equal(lf_dns_tcp_frames(NULL, 4, on_frame, &f, &count,
					   &used),
			 -EINVAL);
}

/* ---- names of kinds ------------------------------------------------------ */

static void t_kind_names(void **state)
{
	(void)state;
	for (int i = 0; i < LF_DNS__E_COUNT; i++) {
		const char *a = lf_dns_fault_name(i);

		assert_true(strlen(a) > 0 && strcmp(a, "unknown") != 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(a, lf_dns_fault_name(j));
	}
	assert_string_equal(lf_dns_fault_name(-1), "unknown");
	assert_string_equal(lf_dns_fault_name(LF_DNS__E_COUNT), "unknown");
	assert_string_equal(lf_dns_fault_name(LF_EMALF), "unknown");

	for (int i = 0; i < LF_DNS_A__COUNT; i++) {
		const char *a = lf_dns_anomaly_name(1u << i);

		assert_true(strlen(a) > 0 && strcmp(a, "unknown") != 0);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(a,
						lf_dns_anomaly_name(1u << j));
	}
	assert_string_equal(lf_dns_anomaly_name(0), "unknown");
	assert_string_equal(lf_dns_anomaly_name(3), "unknown");
	assert_string_equal(lf_dns_anomaly_name(1u << LF_DNS_A__COUNT),
			    "unknown");
}

/* ---- real captures ------------------------------------------------------- */

struct exp_rr {
	uint16_t type;
	uint32_t ttl;
	const char *name;
	const char *data; /* address or target text; NULL: not decoded */
};

struct exp_msg {
	uint16_t id, flags;
	const char *qname;
	uint16_t qtype;
	size_t an, ns, ar;
	uint16_t udp; /* EDNS payload size; 0: no OPT */
	uint8_t edns_do;
	struct exp_rr rr[3];
};

struct exp_file {
	const char *file;
	size_t nmsg;
	struct exp_msg msg[10];
};

static void check_msg(const char *file, size_t i, const struct exp_msg *e)
{
	assert_int_equal(msg.id, e->id);
	assert_int_equal(msg.flags, e->flags);
	assert_int_equal(msg.qr, e->flags >> 15);
	assert_int_equal(msg.rcode, e->flags & 0x0f);
	if (strcmp(msg.qname, e->qname) != 0)
		fail_msg("%s #%zu: qname %s, want %s", file, i, msg.qname,
			 e->qname);
	assert_int_equal(msg.qtype, e->qtype);
	assert_int_equal(msg.qclass, LF_DNS_C_IN);
	assert_int_equal(msg.nanswers, e->an);
	assert_int_equal(msg.nauthority, e->ns);
	assert_int_equal(msg.nadditional, e->ar);
	assert_int_equal(msg.edns, e->udp != 0);
	assert_int_equal(msg.edns_udp_size, e->udp);
	assert_int_equal(msg.edns_do, e->edns_do);
	assert_int_equal(msg.anomalies, 0);
	for (size_t k = 0; k < e->an && k < 3; k++) {
		const struct lf_dns_rr *rr = &ans[k];

		assert_string_equal(rr->name, e->rr[k].name);
		assert_int_equal(rr->type, e->rr[k].type);
		assert_int_equal(rr->ttl, e->rr[k].ttl);
		if (!e->rr[k].data)
			assert_int_equal(rr->rdata, LF_DNS_RDATA_NONE);
		else if (rr->rdata == LF_DNS_RDATA_ADDR)
			assert_string_equal(addr_text(&rr->addr),
					    e->rr[k].data);
		else
			assert_string_equal(rr->target, e->rr[k].data);
	}
}

/* Values from tshark, see the top of the file. A query with no answer or
 * OPT, then the fields of everything else. */
#define Q(i, f, n, t) { .id = i, .flags = f, .qname = n, .qtype = t }
#define DROPBOX "client-cf.dropbox.com"
#define AZURE "vm14.ilpip-proxy-appproxyhipappproxyeurdwc2-prod-fra0-dns." \
	      "germanywestcentral.cloudapp.azure.com"
#define D98 "d98cf633-97be-406f-9e39-bd8fc0cbdea4.com"
#define UBUNTU "connectivity-check.ubuntu.com"

static const struct exp_file udp_files[] = {
	{ "dns__dns-query__dns-detect-query-02__input.pcap", 3, {
		Q(0x1032, 0x0100, "google.com", 1),
		{ .id = 0x1032, .flags = 0x8180, .qname = "google.com",
		  .qtype = 1, .an = 1,
		  .rr = { { 1, 82159, "google.com", "1.2.3.4" } } },
		Q(0x1133, 0x0100, "google.net", 16),
	} },
	{ "dns-reversed-udp-1__input.pcap", 1, {
		{ .id = 0x8d32, .flags = 0x81a0,
		  .qname = "www.suricata-ids.org", .qtype = 1, .an = 3,
		  .rr = { { 5, 3544, "www.suricata-ids.org",
			    "suricata-ids.org" },
			  { 1, 244, "suricata-ids.org", "192.0.78.24" },
			  { 1, 244, "suricata-ids.org", "192.0.78.25" } } },
	} },
	{ "dns-eve-v2-udp-nxdomain-soa__dns-udp-nxdomain-soa.pcap", 2, {
		{ .id = 0x8295, .flags = 0x0120, .qname = "dne.oisf.net",
		  .qtype = 1, .ar = 1, .udp = 4096 },
		{ .id = 0x8295, .flags = 0x8183, .qname = "dne.oisf.net",
		  .qtype = 1, .ns = 1, .ar = 1, .udp = 512 },
	} },
	{ "dns__dns-dcerpc-reversed__input.pcap", 2, {
		{ .id = 0x0400, .flags = 0x0100, .qname = AZURE, .qtype = 1,
		  .ar = 1, .udp = 4000, .edns_do = 1 },
		{ .id = 0x0400, .flags = 0x8100, .qname = AZURE, .qtype = 1,
		  .an = 1, .ar = 1, .udp = 1232, .edns_do = 1,
		  .rr = { { 1, 10, AZURE, "20.113.85.240" } } },
	} },
	{ "dns-opcode__dns-notify.pcap", 2, {
		{ .id = 0x9668, .flags = 0x2400, .qname = "bortzmeyer.42",
		  .qtype = 6, .an = 1,
		  .rr = { { 6, 86400, "bortzmeyer.42", NULL } } },
		Q(0x9668, 0xa400, "bortzmeyer.42", 6),
	} },
	{ "dns__v2__dns-eve-log-https-only__test.pcap", 1, {
		Q(0x107c, 0x0100, "46-105-202-126.any.cdn.anycast.me", 65),
	} },
	{ "ethernet-eve__test.pcap", 10, {
		Q(0x99ab, 0x0100, DROPBOX, 1),
		{ .id = 0x99ab, .flags = 0x8180, .qname = DROPBOX, .qtype = 1,
		  .an = 1, .rr = { { 1, 47, DROPBOX, "52.85.112.21" } } },
		Q(0x0d4f, 0x0100, "block.dropbox.com", 1),
		{ .id = 0xaeeb, .flags = 0x0120, .qname = "codemonkey.net",
		  .qtype = 1, .ar = 1, .udp = 4096 },
		{ .id = 0x0d4f, .flags = 0x8180, .qname = "block.dropbox.com",
		  .qtype = 1, .an = 2,
		  .rr = { { 5, 9, "block.dropbox.com", "block.g1.dropbox.com" },
			  { 1, 8, "block.g1.dropbox.com", "45.58.70.33" } } },
		{ .id = 0xaeeb, .flags = 0x8180, .qname = "codemonkey.net",
		  .qtype = 1, .an = 1,
		  .rr = { { 1, 435, "codemonkey.net", "104.131.202.103" } } },
		Q(0x3959, 0x0100, DROPBOX, 1),
		{ .id = 0x3959, .flags = 0x8180, .qname = DROPBOX, .qtype = 1,
		  .an = 1, .rr = { { 1, 45, DROPBOX, "52.85.112.21" } } },
		Q(0x62b2, 0x0100, D98, 1),
		{ .id = 0x62b2, .flags = 0x8183, .qname = D98, .qtype = 1,
		  .ns = 1 },
	} },
	{ "firewall__ruletype-firewall-103-default-app-policy-drop-alert__"
	  "input.pcap", 4, {
		Q(0x99ab, 0x0100, DROPBOX, 1),
		{ .id = 0x99ab, .flags = 0x8180, .qname = DROPBOX, .qtype = 1,
		  .an = 1, .rr = { { 1, 300, DROPBOX, "52.85.112.21" } } },
		Q(0xaeeb, 0x0100, "codemonkey.net", 1),
		{ .id = 0xaeeb, .flags = 0x8180, .qname = "codemonkey.net",
		  .qtype = 1, .an = 1,
		  .rr = { { 1, 300, "codemonkey.net", "104.131.202.103" } } },
	} },
	{ "detect-dotprefix-03__input.pcap", 4, {
		Q(0x4a3b, 0x0100, "agoogle.com", 1),
		{ .id = 0x4a3b, .flags = 0x8180, .qname = "agoogle.com",
		  .qtype = 1, .an = 3,
		  .rr = { { 1, 7177, "agoogle.com", "192.161.187.200" },
			  { 1, 7177, "agoogle.com", "107.161.23.204" },
			  { 1, 7177, "agoogle.com", "209.141.38.71" } } },
		Q(0x1dd6, 0x0100, "agoogle.com", 28),
		Q(0x1dd6, 0x8180, "agoogle.com", 28),
	} },
	{ "filestore-ftp-active-mode__ftp-active-mode.pcap", 4, {
		{ .id = 0x400a, .flags = 0x0100, .qname = UBUNTU, .qtype = 1,
		  .ar = 1, .udp = 1200 },
		{ .id = 0x2027, .flags = 0x0100, .qname = UBUNTU, .qtype = 28,
		  .ar = 1, .udp = 1200 },
		{ .id = 0x2027, .flags = 0x8180, .qname = UBUNTU, .qtype = 28,
		  .ar = 1, .udp = 65494 },
		{ .id = 0x400a, .flags = 0x8180, .qname = UBUNTU, .qtype = 1,
		  .an = 2, .ar = 1, .udp = 65494,
		  .rr = { { 1, 414, UBUNTU, "35.224.99.156" },
			  { 1, 414, UBUNTU, "35.222.85.5" } } },
	} },
};

static struct cap C;

static void t_pcap_udp(void **state)
{
	(void)state;
	size_t files = 0;

	for (size_t f = 0; f < sizeof(udp_files) / sizeof(udp_files[0]); f++) {
		const struct exp_file *e = &udp_files[f];

		if (!cap_read(&C, e->file, 53))
			continue;
		files++;
		assert_int_equal(C.nudp, e->nmsg);
		for (size_t i = 0; i < C.nudp; i++) {
			int rc = parse_buf(C.udp[i].p, C.udp[i].len,
					   LF_DNS_ANSWERS_MAX);
			if (rc != 0)
				fail_msg("%s #%zu: %s", e->file, i,
					 lf_dns_fault_name(msg.fault));
			check_msg(e->file, i, &e->msg[i]);
		}
		cap_free(&C);
	}
	if (files == 0) {
		print_message("skipping: " CAP_DIR " not found\n");
		skip();
	}
}

static void t_pcap_chains(void **state)
{
	(void)state;
	struct seen s;

	/* www.suricata-ids.org CNAME suricata-ids.org (TTL 3544), two A
	 * records of TTL 244 */
	if (!cap_read(&C, "dns-reversed-udp-1__input.pcap", 53)) {
		print_message("skipping: " CAP_DIR " not found\n");
		skip();
	}
	assert_int_equal(parse_buf(C.udp[0].p, C.udp[0].len, 8), 0);
	cap_free(&C);
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.nnames[0], 2);
	assert_string_equal(s.names[0][0], "www.suricata-ids.org");
	assert_string_equal(s.names[0][1], "suricata-ids.org");
	assert_string_equal(s.addr[0], "192.0.78.24");
	assert_string_equal(s.addr[1], "192.0.78.25");
	assert_int_equal(s.ttl[0], 244);

	/* block.dropbox.com CNAME block.g1.dropbox.com (9) A (8); the fifth
	 * port-53 datagram of the capture */
	assert_true(cap_read(&C, "ethernet-eve__test.pcap", 53));
	assert_int_equal(parse_buf(C.udp[4].p, C.udp[4].len, 8), 0);
	cap_free(&C);
	assert_int_equal(chain(&s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.nnames[0], 2);
	assert_string_equal(s.names[0][1], "block.g1.dropbox.com");
	assert_string_equal(s.addr[0], "45.58.70.33");
	assert_int_equal(s.ttl[0], 8);
}

static void t_pcap_tcp(void **state)
{
	(void)state;
	struct frames f;
	size_t count, used;

	/* LLMNR (RFC 4795) over TCP uses the DNS format and framing: a
	 * 29-octet query and a 45-octet answer "workstation A 192.168.1.100
	 * TTL 1", each in one segment. */
	if (!cap_read(&C, "llmnr__llmnr-tcp__input.pcap", 5355)) {
		print_message("skipping: " CAP_DIR " not found\n");
		skip();
	}
	assert_int_equal(C.ntcp[0], 31);
	assert_int_equal(C.ntcp[1], 47);
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(C.tcp[0], C.ntcp[0], on_frame, &f,
					   &count, &used), 0);
	assert_int_equal(count, 1);
	assert_int_equal(f.len[0], 29);
	assert_int_equal(parse_buf(f.p[0], f.len[0], 4), 0);
	assert_int_equal(msg.id, 0x1234);
	assert_int_equal(msg.qr, 0);
	assert_string_equal(msg.qname, "workstation");
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(C.tcp[1], C.ntcp[1], on_frame, &f,
					   &count, &used), 0);
	assert_int_equal(count, 1);
	assert_int_equal(parse_buf(f.p[0], f.len[0], 4), 0);
	assert_int_equal(msg.flags, 0x8000);
	assert_int_equal(msg.nanswers, 1);
	check_addr_rr(&ans[0], "workstation", LF_DNS_T_A, 1, "192.168.1.100");
	cap_free(&C);

	/* Suricata's dns-truncated-rname PoC: one 16773-octet message over
	 * TCP port 1053 in two segments (16332 + 443 octets of payload),
	 * 1500 questions of names tshark calls "<Name too long>". Whole,
	 * it is one frame whose first name passes 255 octets; the first
	 * segment alone is a partial frame. */
	assert_true(cap_read(&C, "dns__dns-truncated-rname__poc2.pcap", 1053));
	assert_int_equal(C.ntcp[0], 16775);
	assert_int_equal(C.ntcp[1], 0);
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(C.tcp[0], C.ntcp[0], on_frame, &f,
					   &count, &used), 0);
	assert_int_equal(count, 1);
	assert_int_equal(f.len[0], 16773);
	assert_int_equal(parse_buf(f.p[0], f.len[0], 4), LF_EMALF);
	assert_int_equal(msg.id, 0x08ae);
	assert_int_equal(msg.qdcount, 1500);
	assert_int_equal(msg.fault, LF_DNS_E_NAME_LONG);
	assert_int_equal(msg.fault_section, LF_DNS_S_QUESTION);
	assert_int_equal(msg.fault_off, 12);
	memset(&f, 0, sizeof(f));
	assert_int_equal(lf_dns_tcp_frames(C.tcp[0], 16332, on_frame, &f,
					   &count, &used), LF_ETRUNC);
	assert_int_equal(count, 0);
	assert_int_equal(used, 0);
	cap_free(&C);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_query),
		cmocka_unit_test(t_header_bits),
		cmocka_unit_test(t_answers),
		cmocka_unit_test(t_other_classes),
		cmocka_unit_test(t_sections),
		cmocka_unit_test(t_edns),
		cmocka_unit_test(t_edns_anomalies),
		cmocka_unit_test(t_escapes),
		cmocka_unit_test(t_host_suffix),
		cmocka_unit_test(t_name_limits),
		cmocka_unit_test(t_label_types),
		cmocka_unit_test(t_ptr_self),
		cmocka_unit_test(t_ptr_forward),
		cmocka_unit_test(t_ptr_overrun),
		cmocka_unit_test(t_ptr_chain),
		cmocka_unit_test(t_truncation),
		cmocka_unit_test(t_count_lies),
		cmocka_unit_test(t_rdlength),
		cmocka_unit_test(t_qdcount),
		cmocka_unit_test(t_capacity),
		cmocka_unit_test(t_trailing_ttl),
		cmocka_unit_test(t_misuse),
		cmocka_unit_test(t_chain_simple),
		cmocka_unit_test(t_chain_cnames),
		cmocka_unit_test(t_chain_limits),
		cmocka_unit_test(t_chain_none),
		cmocka_unit_test(t_tcp_frames),
		cmocka_unit_test(t_kind_names),
		cmocka_unit_test(t_pcap_udp),
		cmocka_unit_test(t_pcap_chains),
		cmocka_unit_test(t_pcap_tcp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
