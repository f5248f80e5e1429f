/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/nf.c: the public API end to end on real exports — the
 * vendor packets in ../shared/data/netflow (Cisco ASA and ASR 9000,
 * Juniper MX, Fortigate, Palo Alto, nProbe, YAF, MikroTik, NetScaler,
 * OpenBSD pflow, softflowd, and the malformed ones; skipped when the data
 * is absent) — plus the dispatch, argument checks, counters and names.
 *
 * Each vendor case decodes the template packets first, then the data
 * packets, from one exporter and port, and checks concrete values of the
 * first and the last flow of every data packet. The expected values were
 * read independently with Wireshark's decoder: each .dat payload was put in
 * a UDP datagram of a pcap and run through
 *   tshark -r X.pcap -d udp.port==2055,cflow -O cflow
 * The comments give what tshark printed. Absolute times are computed from
 * those numbers by the rules of RFC 3954 §5.1 (first = unix_secs −
 * (sysUpTime − FIRST_SWITCHED), in ms, the difference taken modulo 2^32)
 * and RFC 7011 (absolute IEs as they are); where a rule is our own choice
 * (docs/netflow.md) the comment says so.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "nf/helper_nf.h"
#include "nf/nf.h"

#define NOW US(1700000000, 0)

struct want {
	const char *src, *dst;
	uint16_t sport, dport;
	uint8_t proto;
	uint64_t bytes_raw, packets_raw;
	uint32_t sampling;
	lf_time_t first, last;
};

/* One packet to decode; a data packet names its flow count and the first
 * and last flow it must produce. */
struct step {
	const char *file;
	int rc;              /* lf_nf_decode's result */
	size_t nflows;
	const struct want *first, *last;
};

static void check_flow(const struct lf_flow *f, const struct want *w,
		       uint8_t source)
{
	assert_true(addr_is(&f->src, w->src));
	assert_true(addr_is(&f->dst, w->dst));
	assert_int_equal(f->sport, w->sport);
	assert_int_equal(f->dport, w->dport);
	assert_int_equal(f->proto, w->proto);
	assert_int_equal(f->bytes_raw, w->bytes_raw);
	assert_int_equal(f->packets_raw, w->packets_raw);
	assert_int_equal(f->sampling, w->sampling);
	assert_int_equal(f->bytes, w->bytes_raw * w->sampling);
	assert_int_equal(f->packets, w->packets_raw * w->sampling);
	assert_int_equal(f->first, w->first);
	assert_int_equal(f->last, w->last);
	assert_int_equal(f->source, source);
	assert_true(addr_is(&f->exporter, "192.0.2.1"));
}

/* Decode the steps in order in c; returns 0, or -1 if a file is absent. */
static int run(struct lf_nf_ctx *c, const struct step *s, size_t n,
	       uint8_t source)
{
	static struct coll k;

	for (size_t i = 0; i < n; i++) {
		uint8_t *b;
		size_t len;

		if (load_data(s[i].file, &b, &len) != 0)
			return -1;
		k.n = 0;
		assert_int_equal(dec_raw(c, b, len, NOW, &k), s[i].rc);
		free(b);
		assert_int_equal(k.n, s[i].nflows);
		if (s[i].first)
			check_flow(&k.f[0], s[i].first, source);
		if (s[i].last)
			check_flow(&k.f[k.n - 1], s[i].last, source);
	}
	return 0;
}

#define RUN(c, steps, source)                                                  \
	do {                                                                   \
		if (run(c, steps, sizeof(steps) / sizeof(steps[0]), source) != \
		    0) {                                                       \
			lf_nf_free(c);                                         \
			skip();                                                \
		}                                                              \
	} while (0)

/* ---- NetFlow v5 ------------------------------------------------------ */

/*
 * netflow5.dat is twelve v5 export packets back to back (a capture of a
 * stream): each is decoded as its own datagram, found by its count.
 * tshark, packet 1: CurrentSecs 1430591888, CurrentNSecs 280328000,
 * SysUptime 3.381 s, FlowSequence 0, SampleRate 0; pdu 1 10.0.2.2:54435 >
 * 10.0.2.15:22 TCP, Octets 230, Packets 5, StartTime 4294967.295 s (the
 * uptime wrapped: 1 ms before boot), EndTime 2.577 s → first =
 * 1430591888.280328 − 3.382, last = − 0.804. Packet 12: CurrentSecs
 * 1430591949.348533, SysUptime 64.450 s, pdu 2 10.0.2.15:22 >
 * 10.0.2.2:54435, Octets 580, Packets 7, StartTime 61.914, EndTime 63.190.
 */
static void test_v5_stream(void **state)
{
	static const struct want first = {"10.0.2.2", "10.0.2.15", 54435, 22,
					  6, 230, 5, 1,
					  US(1430591884, 898328),
					  US(1430591887, 476328)};
	static const struct want last = {"10.0.2.15", "10.0.2.2", 22, 54435,
					 6, 580, 7, 1,
					 US(1430591946, 812533),
					 US(1430591948, 88533)};
	struct lf_nf_ctx *c = ctx_new();
	static struct coll k;
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	uint8_t *b;
	size_t len, off = 0, npkt = 0;

	(void)state;
	if (load_data("netflow5.dat", &b, &len) != 0) {
		lf_nf_free(c);
		skip();
	}
	k.n = 0;
	while (off < len) {
		size_t n = 24 + 48 * (size_t)(b[off + 2] << 8 | b[off + 3]);

		assert_true(off + n <= len);
		assert_int_equal(dec_raw(c, b + off, n, NOW, &k), 0);
		off += n;
		npkt++;
	}
	assert_int_equal(npkt, 12);
	assert_int_equal(k.n, 30);
	check_flow(&k.f[0], &first, LF_FLOW_SRC_NF5);
	check_flow(&k.f[k.n - 1], &last, LF_FLOW_SRC_NF5);
	assert_int_equal(k.f[0].tcp_flags, 0x10);
	assert_int_equal(k.f[0].nexthop.af, 0); /* NextHop 0.0.0.0 */
	/* FlowSequence 0, 2, 6, ... each previous + count: no gap */
	assert_int_equal(cnt->datagrams[LF_NF_V5], 12);
	assert_int_equal(cnt->seq_gaps, 0);
	assert_int_equal(cnt->seq_reorders + cnt->seq_resets, 0);
	assert_int_equal(cnt->datagrams_bad, 0);

	/* the whole file as one datagram: packet 1's two flows, the rest
	 * is trailing garbage */
	k.n = 0;
	assert_int_equal(dec_raw(c, b, len, NOW, &k), LF_EMALF);
	assert_int_equal(k.n, 2);
	assert_int_equal(cnt->malformed[LF_NF_MALF_TRAILING], 1);
	free(b);
	lf_nf_free(c);
}

/*
 * tshark: CurrentSecs 1469109172, SysUptime 190649.064 s, SampleRate 1000
 * (mode 0); pdu 1 10.0.0.1:443 > 192.168.0.2:61608 TCP Octets 1500 Packets
 * 1 Start = End 190632.000 s, NextHop 192.168.0.2, InputInt 542, OutputInt
 * 536, SrcAS 64497, DstAS 64496, SrcMask 14, DstMask 24; pdu 29
 * 66.249.92.75:37387 > 192.168.0.1:80 Octets 104 Packets 2 at 190631.000.
 */
static void test_v5_juniper(void **state)
{
	static const struct want first = {"10.0.0.1", "192.168.0.2", 443,
					  61608, 6, 1500, 1, 1000,
					  US(1469109154, 936000),
					  US(1469109154, 936000)};
	static const struct want last = {"66.249.92.75", "192.168.0.1", 37387,
					 80, 6, 104, 2, 1000,
					 US(1469109153, 936000),
					 US(1469109153, 936000)};
	static const struct step s[] = {
		{"netflow5_test_juniper_mx80.dat", 0, 29, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	static struct coll k;

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF5);
	/* again, to look at the other fields */
	{
		uint8_t *b;
		size_t len;

		assert_int_equal(
			load_data("netflow5_test_juniper_mx80.dat", &b, &len),
			0);
		k.n = 0;
		dec_raw(c, b, len, NOW, &k);
		free(b);
	}
	assert_true(addr_is(&k.f[0].nexthop, "192.168.0.2"));
	assert_int_equal(k.f[0].in_if, 542);
	assert_int_equal(k.f[0].out_if, 536);
	assert_int_equal(k.f[0].src_as, 64497);
	assert_int_equal(k.f[0].dst_as, 64496);
	assert_int_equal(k.f[0].src_mask, 14);
	assert_int_equal(k.f[0].dst_mask, 24);
	assert_int_equal(k.f[0].bytes, 1500000);
	lf_nf_free(c);
}

/* Count 55582 and 163 in 1464-byte datagrams (room for 30 records). */
static void test_v5_invalid(void **state)
{
	static const struct step s[] = {
		{"netflow5_test_invalid01.dat", LF_EMALF, 0, NULL, NULL},
		{"netflow5_test_invalid02.dat", LF_EMALF, 0, NULL, NULL},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF5);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_LENGTH], 2);
	assert_int_equal(cnt->datagrams_bad, 2);
	assert_int_equal(cnt->flows, 0);
	lf_nf_free(c);
}

/* ---- NetFlow v9 ------------------------------------------------------ */

/*
 * Cisco ASA (NSEL). tshark, data packet: 14 flows of template 265; flow 1
 * 192.168.14.1 > 2.2.2.11 ICMP, SrcPort 0, DstPort 17549 (the ASA puts the
 * ICMP id there), IPv4 ICMP Type 0, Code 0 → dport 0 (flow.h: type << 8 |
 * code), BYTES_TOTAL (octetTotalCount) 56, no packet counter,
 * flowStartMilliseconds 2015-10-09 09:47:47.569, observationTime
 * 09:47:49.599 (our rule: the end when no end field); flow 14
 * 164.164.37.11 > 192.168.23.20, start 09:47:49.479, observation
 * 09:47:51.509.
 */
static void test_v9_cisco_asa(void **state)
{
	static const struct want first = {"192.168.14.1", "2.2.2.11", 0, 0,
					  1, 56, 0, 1,
					  US(1444384067, 569000),
					  US(1444384069, 599000)};
	static const struct want last = {"164.164.37.11", "192.168.23.20", 0,
					 0, 1, 56, 0, 1,
					 US(1444384069, 479000),
					 US(1444384071, 509000)};
	static const struct step s[] = {
		{"netflow9_test_cisco_asa_1_tpl.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asa_1_data.dat", 0, 14, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->templates_added, 13);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_COUNT], 0);
	assert_int_equal(cnt->seq_gaps, 0); /* 661 then 662 */
	lf_nf_free(c);
}

/*
 * Cisco ASR 9000: options templates 256 (interface table: INPUT_SNMP,
 * IF_DESC), 257 (sampler table), 334 (VRF table), data templates 260
 * (IPv4) and 266 (IPv6), options data for 256 (19 interfaces: tshark
 * shows flow 1 InputInt 74 IfDescr TenGigE0_0_1_0, flow 19 InputInt 104
 * IfDescr TenGigE0_6_0_2), then 21 IPv4 flows. Flow 1: 10.0.9.146:54017 >
 * 10.0.31.81:443 TCP, Octets 40, Packets 1, Start = End 1704740.613 s,
 * header SysUptime 1704770.673 s, CurrentSecs 1481018964, Direction
 * Egress, SamplerID 1, BGPNextHop 10.0.14.33, masks 16/20, DstAS 64496;
 * flow 21: 10.0.29.46:443 > 10.0.15.38:52364, Octets 112, Packets 2,
 * Start 1704739.050, End 1704740.637. The sampler table's data is not in
 * the capture, so sampler 1 is unknown: rate 1, counted.
 */
static void test_v9_cisco_asr9k(void **state)
{
	static const struct want first = {"10.0.9.146", "10.0.31.81", 54017,
					  443, 6, 40, 1, 1,
					  US(1481018933, 940000),
					  US(1481018933, 940000)};
	static const struct want last = {"10.0.29.46", "10.0.15.38", 443,
					 52364, 6, 112, 2, 1,
					 US(1481018932, 377000),
					 US(1481018933, 964000)};
	static const struct step s[] = {
		{"netflow9_test_cisco_asr9k_opttpl256.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_opttpl257.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_opttpl334.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_tpl260.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_tpl266.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_data256.dat", 0, 0, NULL, NULL},
		{"netflow9_test_cisco_asr9k_data260.dat", 0, 21, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	char name[64];

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->templates_added, 5);
	assert_int_equal(cnt->options_templates, 3);
	assert_int_equal(cnt->options_records, 19);
	assert_int_equal(cnt->sampler_unknown, 21);
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 2177, 74,
				      name, sizeof(name)),
			 14);
	assert_string_equal(name, "TenGigE0_0_1_0");
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 2177,
				      104, name, sizeof(name)),
			 14);
	assert_string_equal(name, "TenGigE0_6_0_2");
	assert_int_equal(lf_nf_ifname(c, &test_exporter, TEST_PORT, 9, 2177, 1,
				      name, sizeof(name)),
			 LF_ENOENT);
	lf_nf_free(c);
}

/*
 * Fortigate: tshark, data257: CurrentSecs 1500356519, SysUptime 20412.178
 * s; 192.168.99.7:61910 > 31.13.87.36:443 TCP, Octets 152, Packets 3,
 * StartTime 621761.700 s, EndTime 621770.700 s — later than the header's
 * uptime (a Fortigate quirk): the difference modulo 2^32 as a signed
 * number puts the flow 601349.522 s after the export, as the data says.
 * data256 is the options record (Sampling interval 1).
 */
static void test_v9_fortigate(void **state)
{
	static const struct want w = {"192.168.99.7", "31.13.87.36", 61910,
				      443, 6, 152, 3, 1,
				      US(1500957868, 522000),
				      US(1500957877, 522000)};
	static const struct step s[] = {
		{"netflow9_test_fortigate_fortios_521_tpl.dat", 0, 0, NULL,
		 NULL},
		{"netflow9_test_fortigate_fortios_521_data256.dat", 0, 0, NULL,
		 NULL},
		{"netflow9_test_fortigate_fortios_521_data257.dat", 0, 1, &w,
		 &w},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	/* count 2 = flowsets (4 templates + 1 options template in 2) */
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_COUNT], 0);
	assert_int_equal(cnt->options_records, 1);
	lf_nf_free(c);
}

/*
 * netflow9_test_invalid01: header count 2, but the packet holds two
 * templates, an options template (scope Interface, SAMPLING_INTERVAL,
 * SAMPLING_ALGORITHM) in an unpadded 22-byte flowset, its data (tshark
 * with the count patched: ScopeInterface 0, Sampling interval 100) and two
 * data flowsets. Counted malformed (count), decoded anyway. tshark:
 * CurrentSecs 1440544201, SysUptime 400.418 s; flow 1
 * [2001:44b8:1118:7200::10]:123 > [2001:44b8:4030:cd91:8075:bae:d39d:2621]
 * :123 UDP Octets 96 Packets 1 at 55.520 s, InputInt 0; flow 2
 * 192.168.0.1:53 > 192.168.0.105:55575 Octets 98 Packets 1 at 88.996 s.
 * Interface 0's sampling (1 in 100) applies to flows from ifIndex 0.
 */
static void test_v9_invalid(void **state)
{
	static const struct want first = {
		"2001:44b8:1118:7200::10",
		"2001:44b8:4030:cd91:8075:bae:d39d:2621",
		123, 123, 17, 96, 1, 100,
		US(1440543856, 102000), US(1440543856, 102000)};
	static const struct want last = {"192.168.0.1", "192.168.0.105", 53,
					 55575, 17, 98, 1, 100,
					 US(1440543889, 578000),
					 US(1440543889, 578000)};
	static const struct step s[] = {
		{"netflow9_test_invalid01.dat", LF_EMALF, 2, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_COUNT], 1);
	assert_int_equal(cnt->datagrams_bad, 1);
	lf_nf_free(c);
}

/*
 * MAC address templates (no counters, no times: first = last = export
 * time). tshark, data: CurrentSecs 1444466821, FlowSequence 2 after 0
 * (one packet lost); flow 1 172.16.32.1:65058 > 172.16.32.201:22 TCP,
 * flow 29 172.16.32.201:25 > 172.16.32.1:59169 TCP.
 */
static void test_v9_macaddr(void **state)
{
	static const struct want first = {"172.16.32.1", "172.16.32.201",
					  65058, 22, 6, 0, 0, 1,
					  US(1444466821, 0), US(1444466821, 0)};
	static const struct want last = {"172.16.32.201", "172.16.32.1", 25,
					 59169, 6, 0, 0, 1, US(1444466821, 0),
					 US(1444466821, 0)};
	static const struct step s[] = {
		{"netflow9_test_macaddr_tpl.dat", 0, 0, NULL, NULL},
		{"netflow9_test_macaddr_data.dat", 0, 29, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->lost_packets, 1);
	lf_nf_free(c);
}

/*
 * nProbe: tshark, data: CurrentSecs 1444331189, SysUptime 33.990 s;
 * 172.16.32.201:22 > 172.16.32.1:65058 TCP Octets 200 Packets 2, StartTime
 * 0 (printed as the epoch), EndTime 0.005 s, ToS 0x10, NextHop 0.0.0.0
 * (none). The DPI packet comes from another source id (0) with
 * CurrentSecs 502, SysUptime 91 s: 0.0.0.0 > 0.0.0.0 proto 0, Octets 82,
 * Packets 1, Start 101 s, End 104 s.
 */
static void test_v9_nprobe(void **state)
{
	static const struct want w = {"172.16.32.201", "172.16.32.1", 22,
				      65058, 6, 200, 2, 1,
				      US(1444331155, 10000),
				      US(1444331155, 15000)};
	static const struct want dpi = {"0.0.0.0", "0.0.0.0", 0, 0, 0, 82, 1,
					1, US(512, 0), US(515, 0)};
	static const struct step s[] = {
		{"netflow9_test_nprobe_tpl.dat", 0, 0, NULL, NULL},
		{"netflow9_test_nprobe_data.dat", 0, 1, &w, &w},
		{"netflow9_test_nprobe_dpi.dat", 0, 1, &dpi, &dpi},
	};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	lf_nf_free(c);
}

/*
 * Palo Alto PAN-OS: 8 templates (with a vendor type 56701 of 32 bytes and
 * 56702 of 64, skipped). tshark, data: CurrentSecs 1510583971, SysUptime
 * 1803238.112 s; flow 1 23.35.171.27:80 > 10.32.91.205:49519 TCP Octets 70
 * Packets 1 Start = End 1803238.112 s, Direction Ingress; flow 8
 * 10.130.167.43:62196 > 65.52.108.254:443 Octets 70 Packets 1, same time.
 * FlowSequence 207392621 then 207392627: 5 packets lost.
 */
static void test_v9_paloalto(void **state)
{
	static const struct want first = {"23.35.171.27", "10.32.91.205", 80,
					  49519, 6, 70, 1, 1,
					  US(1510583971, 0), US(1510583971, 0)};
	static const struct want last = {"10.130.167.43", "65.52.108.254",
					 62196, 443, 6, 70, 1, 1,
					 US(1510583971, 0), US(1510583971, 0)};
	static const struct step s[] = {
		{"netflow9_test_paloalto_panos_tpl.dat", 0, 0, NULL, NULL},
		{"netflow9_test_paloalto_panos_data.dat", 0, 8, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->templates_added, 8);
	assert_int_equal(cnt->lost_packets, 5);
	lf_nf_free(c);
}

/*
 * softflowd (and netflow9_test_valid01, the same bytes): templates and
 * data in one packet. tshark: CurrentSecs 1444331070, SysUptime 45.076 s;
 * flow 1 172.16.32.100:123 > 172.16.32.248:123 UDP Octets 76 Packets 1,
 * Start 1.216 End 1.217; flow 7 fe80::20c:29ff:fe83:3b6e > ff02::1
 * ICMPv6, SrcPort 0, DstPort 34304 (type 134 << 8: softflowd's ICMP
 * convention, which is flow.h's), Octets 672, Packets 7, Start 2.895, End
 * 40.976. Header count 9 = 2 templates + 7 records.
 */
static void test_v9_softflowd(void **state)
{
	static const struct want first = {"172.16.32.100", "172.16.32.248", 123,
					  123, 17, 76, 1, 1,
					  US(1444331026, 140000),
					  US(1444331026, 141000)};
	static const struct want last = {"fe80::20c:29ff:fe83:3b6e", "ff02::1",
					 0, 34304, 58, 672, 7, 1,
					 US(1444331027, 819000),
					 US(1444331065, 900000)};
	static const struct step s[] = {
		{"netflow9_test_softflowd_tpl_data.dat", 0, 7, &first, &last},
	};
	static const struct step v[] = {
		{"netflow9_test_valid01.dat", 0, 7, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	assert_int_equal(cnt->datagrams_bad, 0);
	lf_nf_free(c);
	c = ctx_new();
	RUN(c, v, LF_FLOW_SRC_NF9);
	lf_nf_free(c);
}

/*
 * Zero-length fields: the templates end with three type-0 fields of
 * length 0 (absent). tshark: CurrentSecs 1482456931, SysUptime 4175.241
 * s; flow 1 239.255.255.250 > 192.168.1.80 IGMP, Octets 0, Packets 0,
 * Start = End 4132.540 s, InputInt 3, OutputInt 2, Direction Egress, masks
 * 32/32; flow 10 192.168.1.33 > 239.255.255.250 at 4135.810 s.
 */
static void test_v9_zero_length(void **state)
{
	static const struct want first = {"239.255.255.250", "192.168.1.80", 0,
					  0, 2, 0, 0, 1,
					  US(1482456888, 299000),
					  US(1482456888, 299000)};
	static const struct want last = {"192.168.1.33", "239.255.255.250", 0,
					 0, 2, 0, 0, 1,
					 US(1482456891, 569000),
					 US(1482456891, 569000)};
	static const struct step s[] = {
		{"netflow9_test_0length_fields_tpl_data.dat", 0, 10, &first,
		 &last},
	};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	RUN(c, s, LF_FLOW_SRC_NF9);
	lf_nf_free(c);
}

/* ---- IPFIX ------------------------------------------------------------- */

/*
 * ipfix.dat: three IPFIX messages back to back (484, 64 and 240 bytes).
 * tshark, message 1: ExportTime 1431516026, sequence 6, templates 1024
 * (IPv4) and 2048 (IPv6), options template 256 with
 * systemInitTimeMilliseconds (data: 2015-05-13 11:20:13.506) and PSAMP
 * interval 1 / space 0 (rate 1), 6 flows with flowStart/EndSysUpTime;
 * flow 1 192.168.253.1:60560 > 192.168.253.128:22 TCP Octets 260 Packets
 * 5 Start 0 End 12.726 s after init. Message 2 (sequence 7: behind the
 * expected 13, a reorder): 1 flow. Message 3 (ExportTime 1431516028,
 * sequence 12): 5 flows, the last 192.168.253.1:5353 > 224.0.0.251:5353
 * UDP Octets 232 Packets 1 at 12.741 s.
 */
static void test_ipfix_stream(void **state)
{
	static const struct want first = {"192.168.253.1", "192.168.253.128",
					  60560, 22, 6, 260, 5, 1,
					  US(1431516013, 506000),
					  US(1431516026, 232000)};
	static const struct want last = {"192.168.253.1", "224.0.0.251", 5353,
					 5353, 17, 232, 1, 1,
					 US(1431516026, 247000),
					 US(1431516026, 247000)};
	static const struct step s[] = {
		{"ipfix.dat", 0, 12, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	assert_int_equal(cnt->datagrams[LF_NF_IPFIX], 1);
	assert_int_equal(cnt->messages, 3);
	assert_int_equal(cnt->options_records, 1);
	/* 6 + 7 records = 13 expected; 7 is behind (reorder, the
	 * expectation stays), 12 is behind 13 too */
	assert_int_equal(cnt->seq_reorders, 2);
	assert_int_equal(cnt->seq_gaps, 0);
	lf_nf_free(c);
}

/*
 * Juniper MX240: an options template (scope FLOW_EXPORTER) and its data
 * record — tshark: System Init Time 2010-01-06 07:06:38, Sampling interval
 * 1000 — in observation domain 524288. No flows; the domain's default
 * sampling becomes 1000 and its init time is known.
 */
struct seen {
	int n;
	struct lf_nf_exporter_info e;
};

static void seen_cb(void *ud, const struct lf_nf_exporter_info *e)
{
	struct seen *s = ud;

	s->n++;
	s->e = *e;
}

static void test_ipfix_juniper(void **state)
{
	static const struct step s[] = {
		{"ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat", 0, 0,
		 NULL, NULL},
		{"ipfix_test_juniper_mx240_junos151r6s3_data512.dat", 0, 0, NULL,
		 NULL},
	};
	struct lf_nf_ctx *c = ctx_new();
	struct seen sn = {0};

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	lf_nf_exporters(c, seen_cb, &sn);
	assert_int_equal(sn.n, 1);
	assert_int_equal(sn.e.version, 10);
	assert_int_equal(sn.e.domain, 524288);
	assert_int_equal(sn.e.templates, 1);
	assert_int_equal(sn.e.sampling, 1000);
	assert_int_equal(sn.e.sys_init, US(1262761598, 0));
	assert_int_equal(sn.e.datagrams, 2);
	lf_nf_free(c);
}

/*
 * MikroTik: flowStart/EndSysUpTime without any init time. Our rule
 * (docs/netflow.md): the end is the export time and the duration is
 * kept. tshark, data258: ExportTime 1500481088; flow 1 10.10.8.197:123 >
 * 192.168.128.17:123 UDP Octets 152 Packets 2, Start = End 2666794.170
 * s, NextHop 192.168.224.1; flow 28 10.10.10.1:52837 >
 * 255.255.255.255:5678 Octets 330 Packets 2. data259 (IPv6): flow 1
 * fe80::ff:fe00:401:5678 > fe80::ff:fe00:401:5678 Octets 555 Packets 3,
 * NextHop ff02::1; flow 18 fe80::ff:fe00:1201 twice, Octets 370 Packets
 * 2. Sequence 3936 then 3964 = 3936 + 28: no gap between the data.
 */
static void test_ipfix_mikrotik(void **state)
{
	static const struct want f1 = {"10.10.8.197", "192.168.128.17", 123,
				       123, 17, 152, 2, 1, US(1500481088, 0),
				       US(1500481088, 0)};
	static const struct want l1 = {"10.10.10.1", "255.255.255.255", 52837,
				       5678, 17, 330, 2, 1, US(1500481088, 0),
				       US(1500481088, 0)};
	static const struct want f2 = {"fe80::ff:fe00:401", "fe80::ff:fe00:401",
				       5678, 5678, 17, 555, 3, 1,
				       US(1500481088, 0), US(1500481088, 0)};
	static const struct want l2 = {"fe80::ff:fe00:1201",
				       "fe80::ff:fe00:1201", 5678, 5678, 17, 370,
				       2, 1, US(1500481088, 0),
				       US(1500481088, 0)};
	static const struct step s[] = {
		{"ipfix_test_mikrotik_tpl.dat", 0, 0, NULL, NULL},
		{"ipfix_test_mikrotik_data258.dat", 0, 28, &f1, &l1},
		{"ipfix_test_mikrotik_data259.dat", 0, 18, &f2, &l2},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	/* 3891 (templates) to 3936: 45 records the capture lacks */
	assert_int_equal(cnt->seq_gaps, 1);
	assert_int_equal(cnt->lost_records, 45);
	lf_nf_free(c);
}

/*
 * NetScaler: 7 templates full of enterprise (PEN 5951) elements, some
 * variable-length; the data packet has sets for 258, 257, 280 (no
 * template: held) and 258. tshark: flow 1 192.168.0.1:51053 >
 * 10.0.0.1:443 TCP Octets 40 Packets 1, flowStart/EndMicroseconds
 * 2016-11-11 12:09:19.000127768 (NTP, truncated to µs), InputInt 8,
 * OutputInt 2147483651; flow 3 the same pair, Octets 1541 Packets 2 at
 * .000128468.
 */
static void test_ipfix_netscaler(void **state)
{
	static const struct want first = {"192.168.0.1", "10.0.0.1", 51053,
					  443, 6, 40, 1, 1, US(1478866159, 127),
					  US(1478866159, 127)};
	static const struct want last = {"192.168.0.1", "10.0.0.1", 51053, 443,
					 6, 1541, 2, 1, US(1478866159, 128),
					 US(1478866159, 128)};
	static const struct step s[] = {
		{"ipfix_test_netscaler_tpl.dat", 0, 0, NULL, NULL},
		{"ipfix_test_netscaler_data.dat", 0, 3, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	assert_int_equal(cnt->templates_added, 7);
	assert_int_equal(cnt->template_misses, 1);
	assert_int_equal(cnt->pending_held, 1);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_VARLEN], 0);
	lf_nf_free(c);
}

/*
 * OpenBSD pflow: flowStart/EndMilliseconds. tshark, data: flow 1
 * 192.168.0.17:64020 > 192.168.0.1:80 TCP Octets 373 Packets 7, Start =
 * End 2016-07-21 13:29:59.000; flow 26 192.168.0.1:80 > 192.168.0.17:64026
 * Octets 6425 Packets 8, Start 13:29:59, End 13:30:01. Domain 42.
 */
static void test_ipfix_pflow(void **state)
{
	static const struct want first = {"192.168.0.17", "192.168.0.1", 64020,
					  80, 6, 373, 7, 1, US(1469107799, 0),
					  US(1469107799, 0)};
	static const struct want last = {"192.168.0.1", "192.168.0.17", 80,
					 64026, 6, 6425, 8, 1,
					 US(1469107799, 0), US(1469107801, 0)};
	static const struct step s[] = {
		{"ipfix_test_openbsd_pflow_tpl.dat", 0, 0, NULL, NULL},
		{"ipfix_test_openbsd_pflow_data.dat", 0, 26, &first, &last},
	};
	struct lf_nf_ctx *c = ctx_new();

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	lf_nf_free(c);
}

/*
 * YAF: biflows (RFC 5103 reverse elements, PEN 29305), CERT enterprise
 * elements (PEN 6871, skipped), subTemplateMultiList (variable length,
 * skipped). tshark, data45841: 172.16.32.201:46086 > 172.16.32.100:53 UDP,
 * octetTotalCount 132, reverse 200, packetTotalCount 2, reverse 2,
 * flowStart/EndMilliseconds 2016-12-25 12:58:35.818 / .819, Flow End
 * Reason idle timeout. data45873: 172.16.32.100:63499 >
 * 172.16.32.215:9997 TCP 172 (reverse 92) bytes, 4 (reverse 2) packets,
 * 12:58:33.345 to 12:58:34.347, end of flow detected. data53248 is an
 * options (statistics) record.
 */
static void test_ipfix_yaf(void **state)
{
	static const struct want a = {"172.16.32.201", "172.16.32.100", 46086,
				      53, 17, 132, 2, 1,
				      US(1482670715, 818000),
				      US(1482670715, 819000)};
	static const struct want b = {"172.16.32.100", "172.16.32.215", 63499,
				      9997, 6, 172, 4, 1,
				      US(1482670713, 345000),
				      US(1482670714, 347000)};
	static const struct step s[] = {
		{"ipfix_test_yaf_tpl45841.dat", 0, 0, NULL, NULL},
		{"ipfix_test_yaf_tpls_option_tpl.dat", 0, 0, NULL, NULL},
		{"ipfix_test_yaf_data45841.dat", 0, 1, &a, &a},
		{"ipfix_test_yaf_data45873.dat", 0, 1, &b, &b},
		{"ipfix_test_yaf_data53248.dat", 0, 0, NULL, NULL},
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	static struct coll k;
	uint8_t *buf;
	size_t len;

	(void)state;
	RUN(c, s, LF_FLOW_SRC_IPFIX);
	assert_int_equal(cnt->options_records, 1);
	assert_int_equal(cnt->datagrams_bad, 0);
	/* the reverse counters, on a second pass */
	assert_int_equal(load_data("ipfix_test_yaf_data45873.dat", &buf, &len),
			 0);
	k.n = 0;
	assert_int_equal(dec_raw(c, buf, len, NOW, &k), 0);
	free(buf);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.f[0].rev_bytes, 92);
	assert_int_equal(k.f[0].rev_packets, 2);
	assert_int_equal(k.f[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_FIN);
	assert_int_equal(k.f[0].tos, 2);
	lf_nf_free(c);
}

/* Every vendor file, alone and in any state, decodes without a crash. */
static void test_every_file_alone(void **state)
{
	static const char *const files[] = {
		"ipfix.dat",
		"ipfix_test_juniper_mx240_junos151r6s3_data512.dat",
		"ipfix_test_mikrotik_data258.dat",
		"ipfix_test_netscaler_data.dat",
		"ipfix_test_openbsd_pflow_data.dat",
		"ipfix_test_yaf_data45841.dat",
		"netflow5.dat",
		"netflow5_test_invalid01.dat",
		"netflow9_test_cisco_asa_1_data.dat",
		"netflow9_test_cisco_asr9k_data260.dat",
		"netflow9_test_invalid01.dat",
		"netflow9_test_nprobe_dpi.dat",
	};
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		uint8_t *b;
		size_t len;
		int rc;

		if (load_data(files[i], &b, &len) != 0) {
			lf_nf_free(c);
			skip();
		}
		rc = dec_raw(c, b, len, NOW, NULL);
		assert_true(rc == 0 || rc == LF_EMALF);
		/* every prefix of it too */
		for (size_t n = 0; n < len; n += 7)
			(void)dec_raw(c, b, n, NOW, NULL);
		free(b);
	}
	assert_true(cnt->template_misses > 0);
	lf_nf_expire(c, NOW + LF_NF_DEF_TEMPLATE_TIMEOUT + 1);
	lf_nf_free(c);
}

/* ---- dispatch, arguments, names ---------------------------------------- */

static void test_dispatch(void **state)
{
	struct lf_nf_ctx *c = ctx_new();
	const struct lf_nf_counters *cnt = lf_nf_counters(c);
	uint8_t v1[24] = {0, 1};
	uint8_t one[1] = {0};

	(void)state;
	assert_int_equal(lf_nf_decode(NULL, &test_exporter, 1, 0, v1, 24, NULL,
				      NULL),
			 -EINVAL);
	assert_int_equal(lf_nf_decode(c, NULL, 1, 0, v1, 24, NULL, NULL),
			 -EINVAL);
	assert_int_equal(
		lf_nf_decode(c, &test_exporter, 1, 0, NULL, 4, NULL, NULL),
		-EINVAL);
	assert_int_equal(cnt->datagrams_bad, 0); /* not counted */

	assert_int_equal(dec_raw(c, v1, sizeof(v1), NOW, NULL), LF_EFORMAT);
	assert_int_equal(cnt->malformed[LF_NF_MALF_BAD_VERSION], 1);
	assert_int_equal(dec_raw(c, one, 1, NOW, NULL), LF_EMALF);
	assert_int_equal(dec_raw(c, NULL, 0, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_SHORT_HEADER], 2);
	/* version right, header short */
	v1[1] = 9;
	assert_int_equal(dec_raw(c, v1, 10, NOW, NULL), LF_EMALF);
	v1[1] = 5;
	assert_int_equal(dec_raw(c, v1, 23, NOW, NULL), LF_EMALF);
	v1[1] = 10;
	assert_int_equal(dec_raw(c, v1, 15, NOW, NULL), LF_EMALF);
	assert_int_equal(cnt->malformed[LF_NF_MALF_SHORT_HEADER], 5);
	assert_int_equal(cnt->datagrams_bad, 6);
	assert_int_equal(cnt->datagrams[LF_NF_V5] + cnt->datagrams[LF_NF_V9] +
				 cnt->datagrams[LF_NF_IPFIX],
			 0);
	lf_nf_free(c);
}

static void test_new_free(void **state)
{
	struct lf_nf_limits l;
	struct lf_nf_ctx *c = NULL;

	(void)state;
	assert_int_equal(lf_nf_new(NULL, NULL), -EINVAL);
	lf_nf_limits_default(&l);
	assert_int_equal(l.max_exporters, LF_NF_DEF_EXPORTERS);
	assert_int_equal(l.pending_bytes, LF_NF_DEF_PENDING_BYTES);
	assert_int_equal(l.template_timeout, LF_NF_DEF_TEMPLATE_TIMEOUT);
	l.max_fields = 65536;
	assert_int_equal(lf_nf_new(&l, &c), -EINVAL);
	lf_nf_limits_default(&l);
	l.pending_timeout = -1;
	assert_int_equal(lf_nf_new(&l, &c), -EINVAL);
	assert_null(c);
	/* zero fields take the defaults */
	memset(&l, 0, sizeof(l));
	assert_int_equal(lf_nf_new(&l, &c), 0);
	assert_non_null(c);
	lf_nf_free(c);
	lf_nf_free(NULL);
	lf_nf_expire(NULL, 0);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < LF_NF_MALF_MAX; i++) {
		const char *n = lf_nf_malf_name((enum lf_nf_malf)i);

		assert_non_null(n);
		assert_string_not_equal(n, "?");
	}
	for (int i = 0; i < LF_NF_CAP_MAX; i++)
		assert_string_not_equal(lf_nf_cap_name((enum lf_nf_cap)i), "?");
	assert_string_equal(lf_nf_malf_name(LF_NF_MALF_MAX), "?");
	assert_string_equal(lf_nf_cap_name((enum lf_nf_cap)-1), "?");
	assert_string_equal(lf_nf_malf_name(LF_NF_MALF_BAD_SET_LENGTH),
			    "set_length");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v5_stream),
		cmocka_unit_test(test_v5_juniper),
		cmocka_unit_test(test_v5_invalid),
		cmocka_unit_test(test_v9_cisco_asa),
		cmocka_unit_test(test_v9_cisco_asr9k),
		cmocka_unit_test(test_v9_fortigate),
		cmocka_unit_test(test_v9_invalid),
		cmocka_unit_test(test_v9_macaddr),
		cmocka_unit_test(test_v9_nprobe),
		cmocka_unit_test(test_v9_paloalto),
		cmocka_unit_test(test_v9_softflowd),
		cmocka_unit_test(test_v9_zero_length),
		cmocka_unit_test(test_ipfix_stream),
		cmocka_unit_test(test_ipfix_juniper),
		cmocka_unit_test(test_ipfix_mikrotik),
		cmocka_unit_test(test_ipfix_netscaler),
		cmocka_unit_test(test_ipfix_pflow),
		cmocka_unit_test(test_ipfix_yaf),
		cmocka_unit_test(test_every_file_alone),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_new_free),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
