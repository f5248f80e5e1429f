/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for flowtab/flowtab.c: the bidirectional merge and who is src,
 * ICMP request/reply, VLANs in the key, fragments; the idle and active
 * timeouts to the microsecond; TCP FIN/RST ends with their linger, a new
 * SYN in the linger, half-closed flows; eviction at the cap with exact
 * counts, and the drop policy; out-of-order time; configuration errors.
 * Then a randomized cross-check against a brute-force model of the same
 * semantics (a flat array scanned on every packet), with evicting and
 * dropping tables, and the determinism the header promises: the same
 * records in the same order whatever the hash seed and however often
 * lf_flowtab_expire runs.
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
#include "flowtab/flowtab.h"
#include "pkt/pkt.h"

/* seconds (>= 0) to microseconds, rounded */
#define S(x) ((lf_time_t)((x) * 1000000.0 + 0.5))
#define T0 ((lf_time_t)1700000000 * LF_USEC_PER_SEC)

/* --- packets and records ------------------------------------------------ */

static struct lf_pkt pk(double t, uint32_t src, unsigned sp, uint32_t dst,
			unsigned dp, unsigned proto, unsigned flags)
{
	struct lf_pkt p;
	memset(&p, 0, sizeof(p));
	p.ts = T0 + S(t);
	lf_addr_from_v4(&p.src, src);
	lf_addr_from_v4(&p.dst, dst);
	p.sport = (uint16_t)sp;
	p.dport = (uint16_t)dp;
	p.proto = (uint8_t)proto;
	p.tcp_flags = (uint8_t)flags;
	p.ip_len = 100;
	p.ethertype = LF_ETH_IPV4;
	return p;
}

static struct lf_pkt tcp(double t, uint32_t src, unsigned sp, uint32_t dst,
			 unsigned dp, unsigned flags)
{
	return pk(t, src, sp, dst, dp, 6, flags);
}

#define A 0x0a000001u
#define B 0x0a000002u
#define C 0x0a000003u

#define MAXREC 4096

struct recs {
	struct lf_flow r[MAXREC];
	size_t n;
};

static void collect(void *ud, const struct lf_flow *f)
{
	struct recs *rs = ud;
	assert_true(rs->n < MAXREC);
	rs->r[rs->n++] = *f;
}

static struct lf_flowtab *mk(uint32_t max, double idle, double active,
			     double linger)
{
	struct lf_flowtab_cfg c = {
		.max_flows = max,
		.idle_timeout = S(idle),
		.active_timeout = S(active),
		.linger = S(linger),
	};
	struct lf_flowtab *t;
	assert_int_equal(lf_flowtab_new(&c, &t), 0);
	return t;
}

static void add(struct lf_flowtab *t, struct lf_pkt p, struct recs *rs)
{
	assert_int_equal(lf_flowtab_add(t, &p, collect, rs), 0);
}

static struct lf_flowtab_stats stats(const struct lf_flowtab *t)
{
	struct lf_flowtab_stats s;
	lf_flowtab_stats(t, &s);
	return s;
}

/* --- merge and keys ------------------------------------------------------- */

static void test_biflow_merge(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);

	/* B sorts after A, and speaks first: B is the record's src */
	struct lf_pkt p = tcp(0, B, 443, A, 50000, LF_TCP_SYN);
	p.tos = 0x10;
	add(t, p, rs);
	p = tcp(0.5, A, 50000, B, 443, LF_TCP_SYN | LF_TCP_ACK);
	p.ip_len = 60;
	p.tos = 0x20;
	add(t, p, rs);
	add(t, tcp(1, B, 443, A, 50000, LF_TCP_ACK | LF_TCP_PSH), rs);
	/* other ports, other VLAN, other protocol: other flows */
	add(t, tcp(1.5, B, 443, A, 50001, LF_TCP_ACK), rs);
	p = tcp(2, B, 443, A, 50000, LF_TCP_ACK);
	p.nvlan = 1;
	p.vlan[0] = 7;
	add(t, p, rs);
	add(t, pk(2.5, B, 443, A, 50000, 17, 0), rs);
	/* QinQ: the inner tag is part of the key too */
	p.vlan[1] = 8;
	p.nvlan = 2;
	add(t, p, rs);
	p.vlan[1] = 9;
	add(t, p, rs);
	p.vlan[1] = 8;
	add(t, p, rs);
	assert_int_equal(rs->n, 0);
	assert_int_equal(stats(t).flows, 6);

	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 6);
	const struct lf_flow *f = &rs->r[0]; /* flush: in order of start */
	assert_int_equal(f->src.af, LF_AF_V4);
	assert_int_equal(lf_addr_v4(&f->src), B);
	assert_int_equal(lf_addr_v4(&f->dst), A);
	assert_int_equal(f->sport, 443);
	assert_int_equal(f->dport, 50000);
	assert_int_equal(f->packets, 2);
	assert_int_equal(f->bytes, 200);
	assert_int_equal(f->rev_packets, 1);
	assert_int_equal(f->rev_bytes, 60);
	assert_int_equal(f->packets_raw, 2);
	assert_int_equal(f->bytes_raw, 200);
	assert_int_equal(f->sampling, 1);
	assert_int_equal(f->first, T0);
	assert_int_equal(f->last, T0 + S(1));
	assert_int_equal(f->tcp_flags,
			 LF_TCP_SYN | LF_TCP_ACK | LF_TCP_PSH);
	assert_int_equal(f->tos, 0x10); /* the first packet's */
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->vlan, 0);
	assert_int_equal(f->source, LF_FLOW_SRC_PCAP);
	assert_int_equal(f->flags, LF_FLOW_F_BIFLOW); /* flushed: no END */
	assert_int_equal(f->dir, LF_FLOW_DIR_UNKNOWN);
	assert_int_equal(rs->r[1].dport, 50001);
	assert_int_equal(rs->r[2].vlan, 7);
	assert_int_equal(rs->r[3].proto, 17);
	assert_int_equal(rs->r[4].vlan, 7); /* the outer one */
	assert_int_equal(rs->r[4].packets, 2);
	assert_int_equal(rs->r[5].packets, 1);

	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.packets, 9);
	assert_int_equal(s.bytes, 860);
	assert_int_equal(s.created, 6);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_FLUSH], 6);
	assert_int_equal(s.flows, 0);

	/* the table works again after a flush; A first this time */
	rs->n = 0;
	add(t, tcp(3, A, 1, B, 2, LF_TCP_ACK), rs);
	add(t, tcp(3, B, 2, A, 1, LF_TCP_ACK), rs);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 1);
	assert_int_equal(lf_addr_v4(&rs->r[0].src), A);
	assert_int_equal(rs->r[0].rev_packets, 1);
	lf_flowtab_free(t);
	free(rs);
}

static void test_icmp_and_fragments(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);

	struct lf_pkt p = pk(0, A, 0, B, 0, 1, 0);
	p.icmp_type = 8; /* echo request, then its reply */
	add(t, p, rs);
	p = pk(0.1, B, 0, A, 0, 1, 0);
	p.icmp_type = 0;
	add(t, p, rs);
	p = pk(0.2, C, 0, A, 0, 1, 0);
	p.icmp_type = 3; /* unreachable, code 3: a flow of its own */
	p.icmp_code = 3;
	add(t, p, rs);
	/* ICMPv6 echo reply first */
	struct lf_pkt q;
	memset(&q, 0, sizeof(q));
	q.ts = T0 + S(0.3);
	q.src.af = q.dst.af = LF_AF_V6;
	q.src.b[15] = 2;
	q.dst.b[15] = 1;
	q.proto = 58;
	q.icmp_type = 129;
	q.ip_len = 64;
	add(t, q, rs);
	q.src.b[15] = 1;
	q.dst.b[15] = 2;
	q.icmp_type = 128;
	add(t, q, rs);

	/* a fragmented datagram: the first fragment has the ports, the
	 * rest counts in a flow of ports 0 */
	p = pk(0.4, A, 5000, B, 6000, 17, 0);
	p.frag = LF_PKT_FRAG_FIRST;
	add(t, p, rs);
	p = pk(0.5, A, 0, B, 0, 17, 0);
	p.frag = LF_PKT_FRAG_LATER;
	add(t, p, rs);
	add(t, p, rs);

	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 5);
	assert_int_equal(rs->r[0].sport, 0);
	assert_int_equal(rs->r[0].dport, 8 << 8);
	assert_int_equal(rs->r[0].packets, 1);
	assert_int_equal(rs->r[0].rev_packets, 1);
	assert_int_equal(rs->r[1].dport, 3 << 8 | 3);
	assert_int_equal(rs->r[2].dport, 129 << 8);
	assert_int_equal(rs->r[2].src.b[15], 2);
	assert_int_equal(rs->r[2].rev_packets, 1);
	assert_int_equal(rs->r[2].rev_bytes, 64);
	assert_int_equal(rs->r[3].sport, 5000);
	assert_int_equal(rs->r[3].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_FRAGMENT);
	assert_int_equal(rs->r[4].sport, 0);
	assert_int_equal(rs->r[4].dport, 0);
	assert_int_equal(rs->r[4].packets, 2);
	assert_int_equal(rs->r[4].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_FRAGMENT);
	assert_int_equal(stats(t).frag_noports, 2);
	lf_flowtab_free(t);
	free(rs);
}

static void test_same_endpoint_both_sides(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);
	/* 127.0.0.1:1 <-> 127.0.0.1:2: one flow, both directions told apart
	 * by the ports */
	add(t, pk(0, A, 1, A, 2, 17, 0), rs);
	add(t, pk(1, A, 2, A, 1, 17, 0), rs);
	add(t, pk(2, A, 2, A, 1, 17, 0), rs);
	/* and a flow from a port to itself */
	add(t, pk(3, A, 9, A, 9, 17, 0), rs);
	add(t, pk(4, A, 9, A, 9, 17, 0), rs);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].sport, 1);
	assert_int_equal(rs->r[0].packets, 1);
	assert_int_equal(rs->r[0].rev_packets, 2);
	assert_int_equal(rs->r[1].packets, 2);
	assert_int_equal(rs->r[1].rev_packets, 0);
	lf_flowtab_free(t);
	free(rs);
}

/* --- timeouts ------------------------------------------------------------- */

static void test_idle_timeout(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);

	add(t, pk(0, A, 1, B, 2, 17, 0), rs);
	add(t, pk(29.999999, B, 2, A, 1, 17, 0), rs); /* 1 µs short */
	lf_flowtab_expire(t, T0 + S(59.999998), collect, rs);
	assert_int_equal(rs->n, 0);
	lf_flowtab_expire(t, T0 + S(59.999999), collect, rs); /* idle 30 s */
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_IDLE);
	assert_int_equal(rs->r[0].packets, 1);
	assert_int_equal(rs->r[0].rev_packets, 1);
	assert_int_equal(rs->r[0].last, T0 + S(29.999999));
	assert_int_equal(stats(t).flows, 0);

	/* without expire calls, the next packet ends the idle flow first */
	add(t, pk(100, A, 1, B, 2, 17, 0), rs);
	add(t, pk(131, A, 1, B, 2, 17, 0), rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[1].first, T0 + S(100));
	assert_int_equal(rs->r[1].packets, 1);
	assert_int_equal(rs->r[1].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_IDLE);
	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.created, 3);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_IDLE], 2);
	assert_int_equal(s.flows, 1);
	lf_flowtab_free(t);
	free(rs);
}

static void test_active_timeout(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);

	/* a packet every 10 s from 0 to 700: records at 300 and 600 */
	for (int i = 0; i <= 70; i++)
		add(t, pk(10 * i, A, 1, B, 2, 17, 0), rs);
	assert_int_equal(rs->n, 2);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 3);
	static const unsigned want[3] = {30, 30, 11};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(rs->r[i].packets, want[i]);
		assert_int_equal(rs->r[i].first, T0 + S(300 * i));
		assert_int_equal(rs->r[i].flags,
				 LF_FLOW_F_BIFLOW |
					 (i < 2 ? LF_FLOW_F_END_ACTIVE : 0));
	}
	assert_int_equal(rs->r[0].last, T0 + S(290));
	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.created, 1);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_ACTIVE], 2);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_FLUSH], 1);

	lf_flowtab_free(t);

	/* an active record, then nothing: the entry goes quietly */
	t = mk(16, 500, 300, 2);
	rs->n = 0;
	add(t, pk(1000, A, 1, C, 2, 17, 0), rs);
	add(t, pk(1290, A, 1, C, 2, 17, 0), rs);
	lf_flowtab_expire(t, T0 + S(1300), collect, rs);
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].packets, 2);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_ACTIVE);
	assert_int_equal(stats(t).flows, 1);
	lf_flowtab_expire(t, T0 + S(1789.9), collect, rs);
	assert_int_equal(stats(t).flows, 1);
	lf_flowtab_expire(t, T0 + S(1790), collect, rs); /* 500 s idle */
	assert_int_equal(rs->n, 1);
	assert_int_equal(stats(t).flows, 0);
	assert_int_equal(stats(t).emitted[LF_FLOWTAB_END_IDLE], 0);

	/* ... or, flushed, emits nothing either */
	add(t, pk(2000, A, 1, C, 2, 17, 0), rs);
	lf_flowtab_expire(t, T0 + S(2300), collect, rs);
	assert_int_equal(rs->n, 2);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(stats(t).flows, 0);
	/* a record restarts with its next packet: first, tcp flags anew */
	lf_flowtab_free(t);
	free(rs);
}

static void test_active_restart_fields(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 100, 60, 2);
	add(t, tcp(0, A, 1, B, 2, LF_TCP_SYN), rs);
	add(t, tcp(50, B, 2, A, 1, LF_TCP_SYN | LF_TCP_ACK), rs);
	add(t, tcp(90, B, 2, A, 1, LF_TCP_PSH | LF_TCP_ACK), rs);
	assert_int_equal(rs->n, 1);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].tcp_flags, LF_TCP_SYN | LF_TCP_ACK);
	assert_int_equal(rs->r[1].tcp_flags, LF_TCP_PSH | LF_TCP_ACK);
	assert_int_equal(rs->r[1].first, T0 + S(90));
	/* the direction stays the first packet's of the flow */
	assert_int_equal(lf_addr_v4(&rs->r[1].src), A);
	assert_int_equal(rs->r[1].packets, 0);
	assert_int_equal(rs->r[1].rev_packets, 1);
	lf_flowtab_free(t);
	free(rs);
}

/* --- TCP ends ------------------------------------------------------------- */

static void test_fin_rst(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);

	/* handshake, data, FIN each way, last ACK */
	add(t, tcp(0, A, 40000, B, 80, LF_TCP_SYN), rs);
	add(t, tcp(0.1, B, 80, A, 40000, LF_TCP_SYN | LF_TCP_ACK), rs);
	add(t, tcp(0.2, A, 40000, B, 80, LF_TCP_ACK), rs);
	add(t, tcp(0.3, A, 40000, B, 80, LF_TCP_FIN | LF_TCP_ACK), rs);
	add(t, tcp(0.4, A, 40000, B, 80, LF_TCP_FIN | LF_TCP_ACK), rs);
	lf_flowtab_expire(t, T0 + S(10), collect, rs);
	assert_int_equal(rs->n, 0); /* one side's FIN twice: not ended */
	add(t, tcp(10.5, B, 80, A, 40000, LF_TCP_FIN | LF_TCP_ACK), rs);
	add(t, tcp(11, A, 40000, B, 80, LF_TCP_ACK), rs); /* in the linger */
	lf_flowtab_expire(t, T0 + S(12.999999), collect, rs);
	assert_int_equal(rs->n, 0);
	lf_flowtab_expire(t, T0 + S(13), collect, rs); /* 2 s after the ACK */
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].packets, 5);
	assert_int_equal(rs->r[0].rev_packets, 2);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_FIN);
	assert_int_equal(rs->r[0].tcp_flags,
			 LF_TCP_SYN | LF_TCP_ACK | LF_TCP_FIN);

	/* RST: ends after the linger, later RSTs join it */
	add(t, tcp(20, A, 40001, B, 80, LF_TCP_SYN), rs);
	add(t, tcp(20.1, B, 80, A, 40001, LF_TCP_RST | LF_TCP_ACK), rs);
	add(t, tcp(21, A, 40001, B, 80, LF_TCP_RST), rs);
	lf_flowtab_expire(t, T0 + S(22.9), collect, rs);
	assert_int_equal(rs->n, 1);
	lf_flowtab_expire(t, T0 + S(23), collect, rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[1].packets, 2);
	assert_int_equal(rs->r[1].rev_packets, 1);
	assert_int_equal(rs->r[1].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_RST);

	/* FIN both ways, then a new SYN on the same ports in the linger:
	 * the old flow ends at once, the SYN starts a new one */
	add(t, tcp(30, A, 40002, B, 80, LF_TCP_FIN | LF_TCP_ACK), rs);
	add(t, tcp(30.1, B, 80, A, 40002, LF_TCP_FIN | LF_TCP_ACK), rs);
	add(t, tcp(30.2, A, 40002, B, 80, LF_TCP_SYN), rs);
	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->r[2].packets, 1);
	assert_int_equal(rs->r[2].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_FIN);
	/* ... a SYN-ACK in the linger is not a new connection */
	add(t, tcp(30.3, B, 80, A, 40002, LF_TCP_RST), rs);
	add(t, tcp(30.4, B, 80, A, 40002, LF_TCP_SYN | LF_TCP_ACK), rs);
	assert_int_equal(rs->n, 3);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[3].first, T0 + S(30.2));
	assert_int_equal(rs->r[3].packets, 1);
	assert_int_equal(rs->r[3].rev_packets, 2);
	/* flushed in the linger: still says how it ended */
	assert_int_equal(rs->r[3].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_RST);

	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_FIN], 2);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_RST], 1);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_FLUSH], 1);
	assert_int_equal(s.created, 4);

	/* a half-closed flow waits out the idle timeout */
	rs->n = 0;
	add(t, tcp(100, A, 1, B, 2, LF_TCP_ACK), rs);
	add(t, tcp(101, B, 2, A, 1, LF_TCP_FIN | LF_TCP_ACK), rs);
	lf_flowtab_expire(t, T0 + S(130.9), collect, rs);
	assert_int_equal(rs->n, 0);
	lf_flowtab_expire(t, T0 + S(131), collect, rs);
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_IDLE);
	lf_flowtab_free(t);
	free(rs);
}

/* Records due at once come out in deadline order. */
static void test_expiry_order(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 40, 2);
	add(t, pk(0, A, 1, B, 1, 17, 0), rs);    /* idle at 30 */
	add(t, pk(5, A, 2, B, 2, 17, 0), rs);    /* active at 45 */
	add(t, pk(6, A, 3, B, 3, 6, LF_TCP_RST), rs); /* linger: 8 */
	add(t, pk(20, A, 4, B, 4, 17, 0), rs);   /* idle at 50 */
	add(t, pk(30, A, 2, B, 2, 17, 0), rs);   /* flow 1 ends first */
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].sport, 3);
	assert_int_equal(rs->r[1].sport, 1);
	add(t, pk(44, A, 2, B, 2, 17, 0), rs);
	lf_flowtab_expire(t, T0 + S(1000), collect, rs);
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[2].sport, 2); /* active, at 45 */
	assert_int_equal(rs->r[2].packets, 3);
	assert_int_equal(rs->r[2].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_ACTIVE);
	assert_int_equal(rs->r[3].sport, 4); /* idle, at 50 */
	/* flow 2 idles out at 74 with nothing since its active record */
	assert_int_equal(stats(t).flows, 0);
	lf_flowtab_free(t);
	free(rs);
}

/* Every request/reply pair folds into one flow; other types do not. */
static void test_icmp_pairs(void **state)
{
	(void)state;
	static const struct {
		int v6;
		uint8_t req, rep;
	} pair[] = {{0, 8, 0},     {0, 13, 14},   {0, 15, 16},
		    {0, 17, 18},   {1, 128, 129}, {1, 139, 140}};
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(64, 30, 300, 2);
	for (unsigned i = 0; i < sizeof(pair) / sizeof(pair[0]); i++) {
		struct lf_pkt p = pk(i, A, 0, B, 0, pair[i].v6 ? 58 : 1, 0);
		if (pair[i].v6) {
			p.src.af = p.dst.af = LF_AF_V6;
			p.src.b[0] = p.dst.b[0] = 0xfe;
		}
		p.icmp_type = pair[i].rep; /* the reply seen first */
		add(t, p, rs);
		struct lf_addr x = p.src;
		p.src = p.dst;
		p.dst = x;
		p.icmp_type = pair[i].req;
		add(t, p, rs);
		add(t, p, rs);
		/* the same type back is not its reply: a flow of its own */
		p.icmp_type = pair[i].rep;
		p.icmp_code = 1;
		add(t, p, rs);
	}
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 12);
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(rs->r[2 * i].dport, pair[i].rep << 8);
		assert_int_equal(rs->r[2 * i].packets, 1);
		assert_int_equal(rs->r[2 * i].rev_packets, 2);
		assert_int_equal(rs->r[2 * i + 1].dport, pair[i].rep << 8 | 1);
	}
	lf_flowtab_free(t);
	free(rs);
}

/* Deadlines that fall on the same microsecond: active, then linger, then
 * idle; and an ended flow is evicted before an open one seen at the same
 * time. */
static void test_ties(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t;

	/* three flows started on the same microsecond */
	t = mk(3, 10, 10, 10);
	rs->n = 0;
	add(t, pk(0, A, 1, B, 1, 17, 0), rs);         /* age 10 */
	add(t, pk(0, A, 2, B, 2, 6, LF_TCP_RST), rs); /* linger 10 */
	add(t, pk(0, A, 3, B, 3, 17, 0), rs);         /* age 10, idle 10 */
	lf_flowtab_expire(t, T0 + S(10), collect, rs);
	/* the AGE list first (flows 1 and 3, by start; their records are
	 * active ones), then ENDED (flow 2), then OPEN (1 and 3 have nothing
	 * left: no record) */
	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->r[0].sport, 1);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_ACTIVE);
	assert_int_equal(rs->r[1].sport, 2);
	assert_int_equal(rs->r[1].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_ACTIVE);
	assert_int_equal(rs->r[2].sport, 3);
	assert_int_equal(rs->r[2].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_ACTIVE);
	assert_int_equal(stats(t).flows, 0);
	lf_flowtab_free(t);

	t = mk(3, 10, 100, 10);
	rs->n = 0;
	add(t, pk(0, A, 1, B, 1, 17, 0), rs);         /* idle 10 */
	add(t, pk(0, A, 2, B, 2, 6, LF_TCP_RST), rs); /* linger 10 */
	lf_flowtab_expire(t, T0 + S(10), collect, rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].sport, 2); /* ENDED before OPEN */
	assert_int_equal(rs->r[1].sport, 1);

	/* full, an open and an ended flow both last seen at 20 */
	rs->n = 0;
	add(t, pk(20, A, 1, B, 1, 17, 0), rs);
	add(t, pk(20, A, 2, B, 2, 6, LF_TCP_RST), rs);
	add(t, pk(20, A, 3, B, 3, 17, 0), rs);
	add(t, pk(20, A, 4, B, 4, 17, 0), rs);
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].sport, 2);
	assert_int_equal(rs->r[0].flags,
			 LF_FLOW_F_BIFLOW | LF_FLOW_F_END_EVICT | LF_FLOW_F_END_RST);
	lf_flowtab_free(t);
	free(rs);
}

/* --- memory cap --------------------------------------------------------- */

static void test_eviction(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(4, 30, 300, 2);

	for (unsigned i = 1; i <= 4; i++)
		add(t, pk(i, A, i, B, 80, 17, 0), rs);
	add(t, pk(5, B, 80, A, 1, 17, 0), rs); /* flow 1 seen again */
	assert_int_equal(rs->n, 0);
	add(t, pk(6, A, 5, B, 80, 17, 0), rs); /* evicts 2 */
	add(t, pk(7, A, 6, B, 80, 17, 0), rs); /* evicts 3 */
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->r[0].sport, 2);
	assert_int_equal(rs->r[1].sport, 3);
	assert_int_equal(rs->r[0].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_EVICT);
	/* least recently seen, ended or not */
	add(t, pk(8, A, 7, B, 80, 6, LF_TCP_RST), rs); /* evicts 4 */
	add(t, pk(9, A, 8, B, 80, 17, 0), rs); /* evicts 1 (seen at 5) */
	assert_int_equal(rs->n, 4);
	assert_int_equal(rs->r[2].sport, 4);
	assert_int_equal(rs->r[3].sport, 1);
	assert_int_equal(rs->r[3].rev_packets, 1);
	assert_int_equal(rs->r[3].flags, LF_FLOW_F_BIFLOW | LF_FLOW_F_END_EVICT);
	/* three more evict 5, 6 and the RST flow, which says how it ended */
	for (unsigned i = 9; i <= 11; i++)
		add(t, pk(9 + (i - 8) * 0.1, A, i, B, 80, 17, 0), rs);
	assert_int_equal(rs->n, 7);
	assert_int_equal(rs->r[4].sport, 5);
	assert_int_equal(rs->r[5].sport, 6);
	assert_int_equal(rs->r[6].sport, 7);
	assert_int_equal(rs->r[6].flags,
			 LF_FLOW_F_BIFLOW | LF_FLOW_F_END_EVICT | LF_FLOW_F_END_RST);
	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.created, 11);
	assert_int_equal(s.evictions, 7);
	assert_int_equal(s.cap_hits, 7);
	assert_int_equal(s.emitted[LF_FLOWTAB_END_EVICT], 7);
	assert_int_equal(s.flows, 4);
	assert_int_equal(s.max_flows, 4);
	lf_flowtab_flush(t, collect, rs);
	assert_int_equal(rs->n, 11);
	assert_int_equal(rs->r[7].sport, 8); /* flows 8..11 by start */
	assert_int_equal(rs->r[10].sport, 11);

	/* many more flows than room: exact counts */
	rs->n = 0;
	for (unsigned i = 0; i < 1000; i++)
		add(t, pk(100 + i * 0.001, C, i, B, 53, 17, 0), rs);
	s = stats(t);
	assert_int_equal(s.evictions, 7 + 996);
	assert_int_equal(s.cap_hits, 7 + 996);
	assert_int_equal(rs->n, 996);
	assert_int_equal(rs->r[995].sport, 995);
	lf_flowtab_free(t);
	free(rs);
}

static void test_drop_policy(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab_cfg c = {.max_flows = 2, .full = LF_FLOWTAB_FULL_DROP};
	struct lf_flowtab *t;
	assert_int_equal(lf_flowtab_new(&c, &t), 0);
	add(t, pk(0, A, 1, B, 2, 17, 0), rs);
	add(t, pk(1, A, 3, B, 4, 17, 0), rs);
	struct lf_pkt p = pk(2, A, 5, B, 6, 17, 0);
	assert_int_equal(lf_flowtab_add(t, &p, collect, rs), LF_ELIMIT);
	add(t, pk(3, B, 2, A, 1, 17, 0), rs); /* known flows still count */
	/* once one ends, there is room again */
	p = pk(40, A, 5, B, 6, 17, 0);
	assert_int_equal(lf_flowtab_add(t, &p, collect, rs), 0);
	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.cap_hits, 1);
	assert_int_equal(s.dropped, 1);
	assert_int_equal(s.evictions, 0);
	assert_int_equal(s.packets, 4);
	assert_int_equal(rs->n, 2); /* both idled out at 31 and 33 */
	lf_flowtab_free(t);
	free(rs);
}

/* --- time and configuration ---------------------------------------------- */

static void test_time_backwards(void **state)
{
	(void)state;
	struct recs *rs = calloc(1, sizeof(*rs));
	struct lf_flowtab *t = mk(16, 30, 300, 2);
	add(t, pk(10, A, 1, B, 2, 17, 0), rs);
	add(t, pk(8, A, 1, B, 2, 17, 0), rs);  /* earlier stamp */
	add(t, pk(40, A, 7, B, 7, 17, 0), rs); /* clock 40: flow 1 ends */
	add(t, pk(9, A, 1, B, 2, 17, 0), rs);  /* a new flow at clock 40 */
	assert_int_equal(rs->n, 1);
	assert_int_equal(rs->r[0].first, T0 + S(8));
	assert_int_equal(rs->r[0].last, T0 + S(10));
	lf_flowtab_expire(t, T0 + S(69.9), collect, rs); /* 30 s after 40 */
	assert_int_equal(rs->n, 1);
	lf_flowtab_expire(t, T0 + S(5), collect, rs); /* never goes back */
	lf_flowtab_expire(t, T0 + S(70), collect, rs);
	assert_int_equal(rs->n, 3);
	assert_int_equal(rs->r[1].first, T0 + S(40));
	assert_int_equal(rs->r[2].first, T0 + S(9));
	/* extreme stamps do not overflow a deadline */
	add(t, pk(0, A, 1, B, 2, 17, 0), rs);
	struct lf_pkt p = pk(0, A, 3, B, 4, 17, 0);
	p.ts = LF_TIME_MAX;
	add(t, p, rs);
	assert_int_equal(rs->n, 4);
	/* at the end of time every deadline has passed: the flow ends
	 * before this packet starts the next one */
	p.ts = LF_TIME_MIN;
	add(t, p, rs);
	assert_int_equal(rs->n, 5);
	assert_int_equal(rs->r[4].first, LF_TIME_MAX);
	lf_flowtab_expire(t, LF_TIME_MAX, collect, rs);
	assert_int_equal(rs->n, 6);
	assert_int_equal(rs->r[5].first, LF_TIME_MIN);
	assert_int_equal(stats(t).flows, 0);
	lf_flowtab_free(t);
	free(rs);
}

static void test_config(void **state)
{
	(void)state;
	struct lf_flowtab *t = NULL;
	struct lf_flowtab_cfg c;

	assert_int_equal(lf_flowtab_new(NULL, NULL), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.idle_timeout = -1;
	assert_int_equal(lf_flowtab_new(&c, &t), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.active_timeout = -1;
	assert_int_equal(lf_flowtab_new(&c, &t), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.linger = -1;
	assert_int_equal(lf_flowtab_new(&c, &t), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.full = 2;
	assert_int_equal(lf_flowtab_new(&c, &t), -EINVAL);
	memset(&c, 0, sizeof(c));
	c.max_flows = LF_FLOWTAB_MAX_FLOWS + 1;
	assert_int_equal(lf_flowtab_new(&c, &t), LF_ERANGE);
	assert_null(t);

	/* defaults */
	assert_int_equal(lf_flowtab_new(NULL, &t), 0);
	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.max_flows, LF_FLOWTAB_DEFAULT_FLOWS);
	size_t m = lf_flowtab_mem(t);
	assert_true(m > LF_FLOWTAB_DEFAULT_FLOWS * 100);
	assert_true(m < LF_FLOWTAB_DEFAULT_FLOWS * 200);
	struct recs *rs = calloc(1, sizeof(*rs));
	add(t, pk(0, A, 1, B, 2, 17, 0), rs);
	lf_flowtab_expire(t, T0 + S(29.9), collect, rs);
	assert_int_equal(rs->n, 0);
	lf_flowtab_expire(t, T0 + S(30), collect, rs); /* default idle 30 s */
	assert_int_equal(rs->n, 1);
	/* a packet without addresses */
	struct lf_pkt p;
	memset(&p, 0, sizeof(p));
	assert_int_equal(lf_flowtab_add(t, &p, collect, rs), -EINVAL);
	p.src.af = LF_AF_V4;
	p.dst.af = LF_AF_V6;
	assert_int_equal(lf_flowtab_add(t, &p, collect, rs), -EINVAL);
	assert_int_equal(lf_flowtab_add(t, NULL, collect, rs), -EINVAL);
	/* a NULL callback counts and drops */
	p = pk(100, A, 1, B, 2, 17, 0);
	assert_int_equal(lf_flowtab_add(t, &p, NULL, NULL), 0);
	lf_flowtab_flush(t, NULL, NULL);
	assert_int_equal(stats(t).emitted[LF_FLOWTAB_END_FLUSH], 1);
	lf_flowtab_free(t);
	lf_flowtab_free(NULL);

	/* a table of one */
	memset(&c, 0, sizeof(c));
	c.max_flows = 1;
	assert_int_equal(lf_flowtab_new(&c, &t), 0);
	rs->n = 0;
	add(t, pk(0, A, 1, B, 2, 17, 0), rs);
	add(t, pk(1, A, 3, B, 4, 17, 0), rs);
	add(t, pk(2, A, 1, B, 2, 17, 0), rs);
	assert_int_equal(rs->n, 2);
	assert_int_equal(stats(t).evictions, 2);
	lf_flowtab_free(t);
	free(rs);
}

/* --- the model ------------------------------------------------------------ */

/*
 * A brute-force model of flowtab.h's semantics: flows in a flat array,
 * every packet scans all of them for its flow and for what is due. It
 * shares no code with the table; it finds a flow by comparing addresses
 * and ports both ways instead of through a canonical key.
 */
struct mflow {
	int live;
	struct lf_addr src, dst;
	uint16_t sport, dport, vlan0, vlan1, icmpkey;
	uint8_t proto;
	lf_time_t seen, start, first, last;
	uint64_t bytes, packets, rbytes, rpackets;
	int icmp; /* keyed by icmpkey, not ports */
	int in_age, ended, end_rst, fin_fwd, fin_rev, frag;
	uint8_t tcp_flags, tos;
};

struct model {
	struct mflow *f;
	size_t max, live;
	lf_time_t now, idle, active, linger;
	int drop;
	struct recs *out;
	uint64_t evictions, cap_hits, dropped;
};

static int m_icmp(const struct lf_pkt *p)
{
	return (p->proto == 1 && p->src.af == LF_AF_V4) ||
	       (p->proto == 58 && p->src.af == LF_AF_V6);
}

static uint16_t m_icmpkey(const struct lf_pkt *p)
{
	unsigned t = p->icmp_type;
	if (p->proto == 1)
		t = t == 0 ? 8 : t == 14 ? 13 : t == 16 ? 15 : t == 18 ? 17 : t;
	else
		t = t == 129 ? 128 : t == 140 ? 139 : t;
	return (uint16_t)(t << 8 | p->icmp_code);
}

static int same(const struct lf_addr *a, const struct lf_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Is p in flow f, and which way? */
static int m_match(const struct mflow *f, const struct lf_pkt *p, int *fwd)
{
	uint16_t v0 = p->nvlan > 0 ? p->vlan[0] : 0;
	uint16_t v1 = p->nvlan > 1 ? p->vlan[1] : 0;
	if (!f->live || f->proto != p->proto || f->vlan0 != v0 ||
	    f->vlan1 != v1 || f->src.af != p->src.af)
		return 0;
	int icmp = m_icmp(p) && p->frag != LF_PKT_FRAG_LATER;
	if (icmp != f->icmp || (icmp && f->icmpkey != m_icmpkey(p)))
		return 0;
	if (same(&f->src, &p->src) && same(&f->dst, &p->dst) &&
	    (icmp || (f->sport == p->sport && f->dport == p->dport))) {
		*fwd = 1;
		return 1;
	}
	if (same(&f->src, &p->dst) && same(&f->dst, &p->src) &&
	    (icmp || (f->sport == p->dport && f->dport == p->sport))) {
		*fwd = 0;
		return 1;
	}
	return 0;
}

static void m_emit(struct model *m, struct mflow *f, uint8_t flags)
{
	struct lf_flow r;
	memset(&r, 0, sizeof(r));
	r.first = f->first;
	r.last = f->last;
	r.src = f->src;
	r.dst = f->dst;
	r.bytes = r.bytes_raw = f->bytes;
	r.packets = r.packets_raw = f->packets;
	r.rev_bytes = f->rbytes;
	r.rev_packets = f->rpackets;
	r.sampling = 1;
	r.sport = f->sport;
	r.dport = f->dport;
	r.vlan = f->vlan0;
	r.proto = f->proto;
	r.tcp_flags = f->tcp_flags;
	r.tos = f->tos;
	r.source = LF_FLOW_SRC_PCAP;
	r.flags = (uint8_t)(LF_FLOW_F_BIFLOW | flags |
			    (f->frag ? LF_FLOW_F_FRAGMENT : 0));
	collect(m->out, &r);
}

static void m_end(struct model *m, struct mflow *f, uint8_t flags)
{
	if (f->ended)
		flags |= f->end_rst ? LF_FLOW_F_END_RST : LF_FLOW_F_END_FIN;
	if (f->packets || f->rpackets)
		m_emit(m, f, flags);
	f->live = 0;
	m->live--;
}

static void m_expire(struct model *m)
{
	for (;;) {
		struct mflow *best = NULL;
		lf_time_t bd = 0, bo = 0;
		int bk = 0;
		for (size_t i = 0; i < m->max; i++) {
			struct mflow *f = &m->f[i];
			if (!f->live)
				continue;
			/* kinds: 0 active, 1 linger, 2 idle (the tie order) */
			lf_time_t d[3] = {LF_TIME_MAX, LF_TIME_MAX, LF_TIME_MAX};
			if (f->in_age && f->start <= LF_TIME_MAX - m->active)
				d[0] = f->start + m->active;
			lf_time_t to = f->ended ? m->linger : m->idle;
			int k = f->ended ? 1 : 2;
			if (f->seen <= LF_TIME_MAX - to)
				d[k] = f->seen + to;
			for (int j = 0; j < 3; j++) {
				if (d[j] > m->now)
					continue;
				lf_time_t o = j == 0 ? f->start : f->seen;
				if (!best || d[j] < bd ||
				    (d[j] == bd && (j < bk || (j == bk && o < bo)))) {
					best = f;
					bd = d[j];
					bk = j;
					bo = o;
				}
			}
		}
		if (!best)
			return;
		if (bk == 0) {
			m_emit(m, best, LF_FLOW_F_END_ACTIVE);
			best->in_age = 0;
			best->bytes = best->packets = 0;
			best->rbytes = best->rpackets = 0;
			best->tcp_flags = 0;
			best->frag = 0;
		} else {
			m_end(m, best, bk == 2 ? LF_FLOW_F_END_IDLE : 0);
		}
	}
}

static int m_add(struct model *m, const struct lf_pkt *p)
{
	if (p->ts > m->now)
		m->now = p->ts;
	m_expire(m);
	struct mflow *f = NULL;
	int fwd = 1;
	for (size_t i = 0; i < m->max && !f; i++)
		if (m_match(&m->f[i], p, &fwd))
			f = &m->f[i];
	if (f && f->ended && p->proto == 6 &&
	    (p->tcp_flags & (LF_TCP_SYN | LF_TCP_ACK)) == LF_TCP_SYN) {
		m_end(m, f, 0);
		f = NULL;
	}
	if (!f) {
		if (m->live == m->max) {
			m->cap_hits++;
			if (m->drop) {
				m->dropped++;
				return LF_ELIMIT;
			}
			struct mflow *lru = NULL;
			for (size_t i = 0; i < m->max; i++)
				if (m->f[i].live &&
				    (!lru || m->f[i].seen < lru->seen))
					lru = &m->f[i];
			m->evictions++;
			m_end(m, lru, LF_FLOW_F_END_EVICT);
		}
		for (size_t i = 0; i < m->max && !f; i++)
			if (!m->f[i].live)
				f = &m->f[i];
		memset(f, 0, sizeof(*f));
		f->live = 1;
		m->live++;
		f->src = p->src;
		f->dst = p->dst;
		f->proto = p->proto;
		f->vlan0 = p->nvlan > 0 ? p->vlan[0] : 0;
		f->vlan1 = p->nvlan > 1 ? p->vlan[1] : 0;
		if (m_icmp(p) && p->frag != LF_PKT_FRAG_LATER) {
			f->icmp = 1;
			f->icmpkey = m_icmpkey(p);
			f->dport = (uint16_t)(p->icmp_type << 8 | p->icmp_code);
		} else {
			f->sport = p->sport;
			f->dport = p->dport;
		}
		fwd = 1;
	}
	if (!f->in_age) {
		f->in_age = 1;
		f->first = f->last = p->ts;
		f->start = m->now;
		f->tos = p->tos;
	}
	if (p->ts < f->first)
		f->first = p->ts;
	if (p->ts > f->last)
		f->last = p->ts;
	if (fwd) {
		f->packets++;
		f->bytes += p->ip_len;
	} else {
		f->rpackets++;
		f->rbytes += p->ip_len;
	}
	if (p->frag)
		f->frag = 1;
	if (p->proto == 6) {
		f->tcp_flags |= p->tcp_flags;
		if (p->tcp_flags & LF_TCP_FIN)
			*(fwd ? &f->fin_fwd : &f->fin_rev) = 1;
		if (p->tcp_flags & LF_TCP_RST) {
			f->ended = 1;
			f->end_rst = 1;
		} else if (f->fin_fwd && f->fin_rev) {
			f->ended = 1;
		}
	}
	f->seen = m->now;
	return 0;
}

static void m_flush(struct model *m)
{
	for (;;) {
		struct mflow *first = NULL;
		for (size_t i = 0; i < m->max; i++)
			if (m->f[i].live && m->f[i].in_age &&
			    (!first || m->f[i].start < first->start))
				first = &m->f[i];
		if (!first)
			break;
		m_end(m, first, 0);
	}
	for (size_t i = 0; i < m->max; i++)
		if (m->f[i].live)
			m_end(m, &m->f[i], 0);
}

/* --- random traffic --------------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* n packets among ~200 conversations, times strictly increasing. */
static struct lf_pkt *traffic(size_t n, uint64_t seed)
{
	struct lf_pkt *v = calloc(n, sizeof(*v));
	lf_time_t t = T0;
	rng = seed;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned)(rnd() % 200);
		unsigned kind = c % 10;
		uint32_t a = 0x0a000000u | (c % 13), b = 0xc0a80000u | (c % 7);
		unsigned pa = 1000 + c % 5, pb = kind < 5 ? 80 : 53;
		unsigned proto = kind < 5 ? 6 : kind < 8 ? 17 : 1;
		t += 1 + (lf_time_t)(rnd() % 20000);
		struct lf_pkt p = pk(0, a, pa, b, pb, proto, 0);
		p.ts = t;
		p.ip_len = 40 + (uint32_t)(rnd() % 1460);
		p.tos = (uint8_t)(rnd() % 4);
		if (c % 17 == 0) {
			p.nvlan = 2;
			p.vlan[0] = 10;
			p.vlan[1] = (uint16_t)(c % 3);
		}
		if (c % 3 == 0) { /* v6 sometimes */
			p.src.af = p.dst.af = LF_AF_V6;
			p.src.b[0] = p.dst.b[0] = 0x20;
			p.proto = proto == 1 ? 58 : (uint8_t)proto;
		}
		if (rnd() % 2) { /* the other way */
			struct lf_addr x = p.src;
			p.src = p.dst;
			p.dst = x;
			uint16_t y = p.sport;
			p.sport = p.dport;
			p.dport = y;
		}
		unsigned r = (unsigned)(rnd() % 100);
		if (p.proto == 6)
			p.tcp_flags = (uint8_t)(r < 4    ? LF_TCP_SYN
						: r < 7  ? LF_TCP_FIN | LF_TCP_ACK
						: r < 8  ? LF_TCP_RST
						: r < 10 ? LF_TCP_SYN | LF_TCP_ACK
							 : LF_TCP_ACK);
		if (p.proto == 1 || p.proto == 58) {
			static const uint8_t ty4[] = {8, 0, 3, 11, 13, 14};
			static const uint8_t ty6[] = {128, 129, 1, 3, 139, 140};
			p.icmp_type = (p.proto == 1 ? ty4 : ty6)[r % 6];
			p.icmp_code = (uint8_t)(r % 2);
			p.sport = p.dport = 0;
		}
		if (p.proto == 17 && r >= 95) {
			p.frag = r >= 98 ? LF_PKT_FRAG_LATER : LF_PKT_FRAG_FIRST;
			if (p.frag == LF_PKT_FRAG_LATER)
				p.sport = p.dport = 0;
		}
		v[i] = p;
	}
	return v;
}

static void cross_check(uint32_t max, int drop)
{
	const size_t n = 20000;
	struct lf_pkt *v = traffic(n, 0x5eed0000u + max);
	struct recs *ra = calloc(1, sizeof(*ra)), *rb = calloc(1, sizeof(*rb));
	struct lf_flowtab_cfg c = {
		.max_flows = max,
		.idle_timeout = S(7) + 13,
		.active_timeout = S(40) + 7,
		.linger = S(1.5),
		.seed = 1,
		.full = (uint8_t)drop,
	};
	struct lf_flowtab *t;
	struct model m = {
		.f = calloc(max, sizeof(struct mflow)),
		.max = max,
		.now = LF_TIME_MIN,
		.idle = c.idle_timeout,
		.active = c.active_timeout,
		.linger = c.linger,
		.drop = drop,
		.out = rb,
	};
	size_t checked = 0;
	uint64_t dropped = 0;

	assert_int_equal(lf_flowtab_new(&c, &t), 0);
	for (size_t i = 0; i < n; i++) {
		int rc = lf_flowtab_add(t, &v[i], collect, ra);
		int mrc = m_add(&m, &v[i]);
		assert_int_equal(rc, mrc);
		dropped += rc != 0;
		/* compare as the records come, then start over */
		assert_int_equal(ra->n, rb->n);
		for (size_t j = 0; j < ra->n; j++)
			assert_memory_equal(&ra->r[j], &rb->r[j],
					    sizeof(struct lf_flow));
		checked += ra->n;
		ra->n = rb->n = 0;
	}
	lf_flowtab_flush(t, collect, ra);
	m_flush(&m);
	assert_int_equal(ra->n, rb->n);
	for (size_t j = 0; j < ra->n; j++)
		assert_memory_equal(&ra->r[j], &rb->r[j], sizeof(struct lf_flow));
	checked += ra->n;

	struct lf_flowtab_stats s = stats(t);
	assert_int_equal(s.evictions, m.evictions);
	assert_int_equal(s.cap_hits, m.cap_hits);
	assert_int_equal(s.dropped, m.dropped);
	assert_int_equal(s.dropped, dropped);
	assert_int_equal(s.packets, n - dropped);
	uint64_t total = 0;
	for (int k = 0; k < LF_FLOWTAB_END_COUNT; k++)
		total += s.emitted[k];
	assert_int_equal(total, checked);
	print_message("max %u%s: %zu records, %llu evictions, %llu dropped, "
		      "%llu active, %llu fin, %llu rst\n",
		      max, drop ? " drop" : "", checked,
		      (unsigned long long)s.evictions,
		      (unsigned long long)s.dropped,
		      (unsigned long long)s.emitted[LF_FLOWTAB_END_ACTIVE],
		      (unsigned long long)s.emitted[LF_FLOWTAB_END_FIN],
		      (unsigned long long)s.emitted[LF_FLOWTAB_END_RST]);
	if (max < 1000 && !drop)
		assert_true(s.evictions > 1000);
	if (drop)
		assert_true(s.dropped > 1000);
	assert_true(s.emitted[LF_FLOWTAB_END_FIN] > 0);
	assert_true(s.emitted[LF_FLOWTAB_END_RST] > 0);
	assert_true(s.emitted[LF_FLOWTAB_END_ACTIVE] > 0);
	lf_flowtab_free(t);
	free(m.f);
	free(ra);
	free(rb);
	free(v);
}

static void test_model_roomy(void **state)
{
	(void)state;
	cross_check(4096, 0);
}

static void test_model_evicting(void **state)
{
	(void)state;
	cross_check(250, 0);
}

static void test_model_dropping(void **state)
{
	(void)state;
	cross_check(48, 1);
}

/* --- determinism ------------------------------------------------------------ */

struct digest {
	uint64_t h;
	size_t n;
};

static void hash_rec(void *ud, const struct lf_flow *f)
{
	struct digest *d = ud;
	const uint8_t *b = (const uint8_t *)f;
	for (size_t i = 0; i < sizeof(*f); i++)
		d->h = (d->h ^ b[i]) * 0x100000001b3ull; /* FNV-1a */
	d->n++;
}

static void test_determinism(void **state)
{
	(void)state;
	const size_t n = 30000;
	struct lf_pkt *v = traffic(n, 77);
	struct digest d[4];

	for (int run = 0; run < 4; run++) {
		struct lf_flowtab_cfg c = {
			.max_flows = run == 3 ? 4096 : 64,
			.idle_timeout = S(5),
			.active_timeout = S(20),
			.linger = S(1),
			.seed = run == 0 ? 0 : 0x0123456789abcdefull * (uint64_t)run,
		};
		struct lf_flowtab *t;
		assert_int_equal(lf_flowtab_new(&c, &t), 0);
		d[run].h = 0xcbf29ce484222325ull;
		d[run].n = 0;
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(lf_flowtab_add(t, &v[i], hash_rec, &d[run]),
					 0);
			/* run 1: expire now and then, never past the next
			 * packet; run 2: before every packet, at its time */
			if (run == 1 && i + 1 < n && i % 7 == 0)
				lf_flowtab_expire(t, v[i + 1].ts - 1, hash_rec,
						  &d[run]);
			if (run == 2 && i + 1 < n)
				lf_flowtab_expire(t, v[i + 1].ts, hash_rec,
						  &d[run]);
		}
		lf_flowtab_flush(t, hash_rec, &d[run]);
		lf_flowtab_free(t);
	}
	assert_int_equal(d[0].h, d[1].h);
	assert_int_equal(d[0].h, d[2].h);
	assert_int_equal(d[0].n, d[1].n);
	/* a roomier table evicts nothing: a different set of records */
	assert_int_not_equal(d[0].h, d[3].h);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_biflow_merge),
		cmocka_unit_test(test_icmp_and_fragments),
		cmocka_unit_test(test_same_endpoint_both_sides),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_active_timeout),
		cmocka_unit_test(test_active_restart_fields),
		cmocka_unit_test(test_fin_rst),
		cmocka_unit_test(test_expiry_order),
		cmocka_unit_test(test_icmp_pairs),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_eviction),
		cmocka_unit_test(test_drop_policy),
		cmocka_unit_test(test_time_backwards),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_model_roomy),
		cmocka_unit_test(test_model_evicting),
		cmocka_unit_test(test_model_dropping),
		cmocka_unit_test(test_determinism),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
