/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sflow.c — the sFlow v5 decoder (sflow.org/sflow_version_5.txt; section
 * names below are the structure names of that text).
 *
 * Shape: one pass over the datagram with the bounded reader. The datagram
 * reader hands each sample to its decoder as a sub-reader of exactly the
 * sample's length; a flow or counters sample hands each record on the same
 * way. A flow sample's records are first gathered into a struct fsample
 * (the packet's addresses from the sampled header or a sampled_ipv4/ipv6
 * record, VLANs, next hop and masks, AS numbers) and turned into one
 * struct lf_flow only when the whole sample has been read, because records
 * come in any order and a bad one must not leave half a flow behind.
 *
 * The state between datagrams is two tables of sequence trackers:
 *  - agents: (agent address, sub-agent id) -> datagram sequence and the
 *    per-agent counters that lf_sflow_agent_get reports;
 *  - sources: (agent table id, flow|counters, source type, source index) ->
 *    sample sequence (flow and counter samples of one data source are
 *    numbered independently, sflow_version_5.txt "flow_sample" and
 *    "counters_sample").
 * Both are one small open-addressing index (linear probing over a power of
 * two, seeded XXH3 of the key, load at most 1/2) over a dense array that
 * grows by doubling up to its cap. Elements are never removed, so an id is
 * stable and lf_sflow_agent_get can index the dense array.
 */
#include "sflow/sflow.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "core/err.h"
#include "core/rd.h"
#include "pkt/pkt.h"

/* sample_record.sample_type and record data_format values, enterprise 0. */
#define FMT(ent, fmt) (((uint32_t)(ent) << 12) | (uint32_t)(fmt))
#define SAMPLE_FLOW FMT(0, 1)
#define SAMPLE_COUNTERS FMT(0, 2)
#define SAMPLE_FLOW_EXP FMT(0, 3)
#define SAMPLE_COUNTERS_EXP FMT(0, 4)
#define REC_HEADER FMT(0, 1)
#define REC_IPV4 FMT(0, 3)
#define REC_IPV6 FMT(0, 4)
#define REC_SWITCH FMT(0, 1001)
#define REC_ROUTER FMT(0, 1002)
#define REC_GATEWAY FMT(0, 1003)
#define REC_IF_COUNTERS FMT(0, 1)

/* header_protocol values of sampled_header. */
#define HDR_ETHERNET 1
#define HDR_IPV4 11
#define HDR_IPV6 12

/* Smallest sample_record / flow_record / counter_record: tag and length. */
#define MIN_ITEM 8u

/* Uptime going back by more than this (ms) means the agent restarted. */
#define RESTART_SLACK_MS 60000u
/* This many sequence numbers in a row behind the last one: a restart too. */
#define BEHIND_RESYNC 3u

enum kind { KIND_FLOW = 0, KIND_COUNTERS = 1 };

/* ---- sequence tracking -------------------------------------------------- */

struct seq {
	uint32_t last;    /* last sequence number accepted */
	uint32_t uptime;  /* the datagram uptime that came with it */
	uint8_t have;
	uint8_t behind;   /* consecutive numbers behind `last` */
};

struct seq_out {
	uint64_t lost, resets, reorders;
};

/*
 * Account sequence number n (with the datagram's uptime) against s.
 * Forward by 1: in order; forward by up to LF_SFLOW_SEQ_WINDOW: the numbers
 * skipped were lost; uptime back by more than RESTART_SLACK_MS (and not a
 * wrap of the 32-bit millisecond counter), a jump further forward, or
 * BEHIND_RESYNC numbers in a row behind the last: the agent restarted and
 * counting starts again from n. A number at or a little behind the last:
 * a duplicate or reordered datagram, which moves nothing.
 */
static void seq_account(struct seq *s, uint32_t n, uint32_t uptime,
			struct seq_out *o)
{
	if (!s->have) {
		s->have = 1;
		goto accept;
	}
	uint32_t up_back = s->uptime - uptime;
	if (uptime < s->uptime && up_back < 0x80000000u &&
	    up_back > RESTART_SLACK_MS) {
		o->resets++;
		goto accept;
	}
	uint32_t ahead = n - s->last;
	if (ahead >= 1 && ahead <= LF_SFLOW_SEQ_WINDOW) {
		o->lost += ahead - 1;
		goto accept;
	}
	if (s->last - n < LF_SFLOW_SEQ_WINDOW) {
		o->reorders++;
		if (++s->behind < BEHIND_RESYNC)
			return;
		o->resets++;
		goto accept;
	}
	o->resets++;
accept:
	s->last = n;
	s->uptime = uptime;
	s->behind = 0;
}

/* ---- the capped tables -------------------------------------------------- */

/*
 * A dense array of fixed-size elements whose first ksize bytes are the key,
 * and an open-addressing index of id + 1 (0 = empty slot) over it.
 */
struct table {
	uint8_t *elems;
	size_t esize, ksize;
	uint32_t n, cap, max;
	uint32_t *slot;
	uint32_t mask;
	uint64_t seed;
};

static int table_init(struct table *t, size_t esize, size_t ksize,
		      uint32_t max, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	t->esize = esize;
	t->ksize = ksize;
	t->max = max;
	t->seed = seed;
	t->mask = 15;
	t->slot = calloc(t->mask + 1, sizeof(*t->slot));
	return t->slot ? 0 : -ENOMEM;
}

static void table_free(struct table *t)
{
	free(t->elems);
	free(t->slot);
}

static void *table_at(const struct table *t, uint32_t id)
{
	return t->elems + (size_t)id * t->esize;
}

static uint32_t table_home(const struct table *t, const void *key)
{
	return (uint32_t)XXH3_64bits_withSeed(key, t->ksize, t->seed) & t->mask;
}

/* Double the index (n + 1 would pass half full) and reinsert every id. */
static int table_rehash(struct table *t)
{
	uint32_t nmask = t->mask * 2 + 1;
	uint32_t *ns = calloc((size_t)nmask + 1, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	free(t->slot);
	t->slot = ns;
	t->mask = nmask;
	for (uint32_t id = 0; id < t->n; id++) {
		uint32_t i = table_home(t, table_at(t, id));
		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = id + 1;
	}
	return 0;
}

/*
 * Find key; when absent, add a zeroed element with that key. Returns the
 * element, or NULL when the table is at its cap or memory ran out (the
 * caller counts it; decoding goes on untracked). *added says which.
 */
static void *table_get(struct table *t, const void *key, int *added)
{
	*added = 0;
	uint32_t i = table_home(t, key);
	for (uint32_t v; (v = t->slot[i]) != 0; i = (i + 1) & t->mask) {
		void *e = table_at(t, v - 1);
		if (memcmp(e, key, t->ksize) == 0)
			return e;
	}
	if (t->n >= t->max)
		return NULL;
	if (t->n == t->cap) {
		uint32_t ncap = t->cap ? t->cap * 2 : 16;
		if (ncap > t->max)
			ncap = t->max;
		uint8_t *ne = realloc(t->elems, (size_t)ncap * t->esize);
		if (!ne)
			return NULL;
		t->elems = ne;
		t->cap = ncap;
	}
	if ((uint64_t)(t->n + 1) * 2 > (uint64_t)t->mask + 1) {
		if (table_rehash(t) != 0)
			return NULL;
		i = table_home(t, key);
		while (t->slot[i])
			i = (i + 1) & t->mask;
	}
	void *e = table_at(t, t->n);
	memset(e, 0, t->esize);
	memcpy(e, key, t->ksize);
	t->slot[i] = ++t->n;
	*added = 1;
	return e;
}

/* Key of the agents table: family, 16 address bytes, sub-agent (BE). */
#define AGENT_KEY 21
/* Key of the sources table: agent id, kind, type, index (BE). */
#define SOURCE_KEY 13

struct agent {
	uint8_t key[AGENT_KEY];
	struct seq dgram;
	struct lf_sflow_agent pub;
};

struct source {
	uint8_t key[SOURCE_KEY];
	struct seq seq;
};

struct lf_sflow_ctx {
	struct lf_sflow_counters n;
	struct table agents, sources;
	lf_sflow_ifc_cb ifc_cb;
	void *ifc_ud;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* ---- per-datagram state ------------------------------------------------- */

/* What the datagram header said, for the samples' decoders. */
struct dgram {
	struct lf_sflow_ctx *c;
	struct agent *agent;   /* NULL when untracked */
	uint32_t agent_id;
	struct lf_addr addr;   /* agent address, or the UDP source */
	uint32_t sub_agent;
	uint32_t uptime;
	lf_time_t now;
	lf_flow_cb cb;
	void *ud;
	int bad;               /* any malformed[] counted for this datagram */
};

static void bad(struct dgram *d, enum lf_sflow_bad kind)
{
	d->c->n.malformed[kind]++;
	d->bad = 1;
}

/* Sequence accounting of one sample against its source's tracker. */
static void sample_seq(struct dgram *d, enum kind kind, uint32_t type,
		       uint32_t index, uint32_t n)
{
	struct lf_sflow_ctx *c = d->c;
	if (!d->agent) {
		c->n.sources_capped++;
		return;
	}
	uint8_t key[SOURCE_KEY];
	put32(key, d->agent_id);
	key[4] = (uint8_t)kind;
	put32(key + 5, type);
	put32(key + 9, index);
	int added;
	struct source *s = table_get(&c->sources, key, &added);
	if (!s) {
		c->n.sources_capped++;
		return;
	}
	c->n.sources += (uint64_t)added;
	struct seq_out o = {0};
	seq_account(&s->seq, n, d->uptime, &o);
	c->n.lost_samples += o.lost;
	c->n.seq_resets += o.resets;
	c->n.seq_reorders += o.reorders;
	d->agent->pub.lost_samples += o.lost;
	d->agent->pub.seq_resets += o.resets;
}

/* ---- XDR pieces --------------------------------------------------------- */

/* Skip the XDR padding after n opaque bytes (RFC 4506 §4.10). Padding the
 * sender left off at the very end of its container is forgiven. */
static void skip_pad(struct lf_rd *r, size_t n)
{
	size_t pad = (4 - (n & 3)) & 3;
	if (pad > lf_rd_left(r))
		pad = lf_rd_left(r);
	lf_rd_skip(r, pad);
}

/* address (sflow_version_5.txt "address"): type 0 yields af 0. An unknown
 * type sets LF_EMALF. */
static void rd_address(struct lf_rd *r, struct lf_addr *a)
{
	memset(a, 0, sizeof(*a));
	uint32_t type = lf_rd_u32(r);
	if (type == 1) {
		a->af = LF_AF_V4;
		lf_rd_bytes(r, a->b, 4);
	} else if (type == 2) {
		a->af = LF_AF_V6;
		lf_rd_bytes(r, a->b, 16);
	} else if (type != 0) {
		lf_rd_fail(r, LF_EMALF);
	}
	if (lf_rd_err(r))
		memset(a, 0, sizeof(*a));
}

/*
 * Read an XDR array count whose elements take at least `min` bytes each and
 * check it against what is left; a count that cannot fit fails the reader
 * with LF_EMALF before anyone loops on it.
 */
static uint32_t rd_count(struct lf_rd *r, size_t min)
{
	uint32_t n = lf_rd_u32(r);
	if (!lf_rd_err(r) && n > lf_rd_left(r) / min)
		lf_rd_fail(r, LF_EMALF);
	return lf_rd_err(r) ? 0 : n;
}

/* ---- flow samples ------------------------------------------------------- */

/* The packet as one record described it. */
struct l3 {
	struct lf_addr src, dst;
	uint16_t sport, dport;
	uint16_t vlan;
	uint8_t proto, tcp_flags, tos;
	uint8_t flags;         /* LF_FLOW_F_FRAGMENT */
	uint32_t length;       /* sampled_ipv4/ipv6: IP length */
};

struct fsample {
	uint32_t seq, src_type, src_index, rate;
	uint32_t in_if, out_if;
	uint8_t discarded;
	uint8_t have_header;   /* a sampled_header was seen (any protocol) */
	uint8_t have_pkt;      /* ... and decoded to an IP packet: pkt */
	uint8_t have_ip;       /* a sampled_ipv4/ipv6 record: ipr */
	uint8_t have_switch, have_router, have_gateway;
	uint32_t frame_length;
	struct l3 pkt, ipr;
	uint16_t vlan;
	struct lf_addr nexthop;
	uint8_t src_mask, dst_mask;
	uint32_t src_as, dst_as;
};

/* ICMP and ICMPv6 ports per flow.h: sport 0, dport = type << 8 | code. */
static int is_icmp(uint8_t proto)
{
	return proto == 1 || proto == 58;
}

/* sampled_header (0:1): the first bytes of the packet, via lf_pkt. */
static int rec_header(struct dgram *d, struct lf_rd *r, struct fsample *s)
{
	uint32_t proto = lf_rd_u32(r);
	uint32_t frame_length = lf_rd_u32(r);
	(void)lf_rd_u32(r); /* stripped */
	uint32_t hlen = lf_rd_u32(r);
	const uint8_t *h = lf_rd_ptr(r, hlen);
	if (lf_rd_err(r))
		return LF_EMALF;
	skip_pad(r, hlen);
	if (s->have_header)
		return 0; /* the first header record describes the packet */
	s->have_header = 1;
	s->frame_length = frame_length;

	int linktype;
	if (proto == HDR_ETHERNET)
		linktype = LF_DLT_EN10MB;
	else if (proto == HDR_IPV4)
		linktype = LF_LINKTYPE_IPV4;
	else if (proto == HDR_IPV6)
		linktype = LF_LINKTYPE_IPV6;
	else {
		d->c->n.header_unsupported++;
		return 0;
	}
	/*
	 * frame_length is the length on the wire (for Ethernet with the FCS,
	 * which `stripped` counts); it only bounds the IP length here, so the
	 * FCS is left in rather than trusting `stripped` to be exact.
	 */
	size_t wire = frame_length > hlen ? frame_length : hlen;
	struct lf_pkt p;
	int e = lf_pkt_decode(linktype, h, hlen, wire, d->now, &p);
	lf_pkt_stats_add(&d->c->n.headers, e, &p);
	if (p.src.af != LF_AF_V4 && p.src.af != LF_AF_V6) {
		d->c->n.header_undecoded++;
		return 0;
	}
	/* A header cut inside the transport header still has whole IP
	 * addresses (pkt.h); its ports stay 0. */
	struct l3 *o = &s->pkt;
	o->src = p.src;
	o->dst = p.dst;
	o->proto = p.proto;
	o->tcp_flags = p.tcp_flags;
	o->tos = p.tos;
	o->vlan = p.nvlan ? p.vlan[0] : 0;
	if (p.frag == LF_PKT_FRAG_LATER)
		o->flags |= LF_FLOW_F_FRAGMENT;
	if (e == 0 && is_icmp(p.proto)) {
		o->sport = 0;
		o->dport = (uint16_t)(p.icmp_type << 8 | p.icmp_code);
	} else {
		o->sport = p.sport;
		o->dport = p.dport;
	}
	s->have_pkt = 1;
	return 0;
}

/*
 * sampled_ipv4 (0:3) and sampled_ipv6 (0:4). Ports are "TCP/UDP port or
 * equivalent": for ICMP the source port is read as the type and the
 * destination port as the code.
 */
static int rec_ip(struct lf_rd *r, struct fsample *s, int v6)
{
	struct l3 o;
	memset(&o, 0, sizeof(o));
	o.length = lf_rd_u32(r);
	uint32_t proto = lf_rd_u32(r);
	if (v6) {
		uint8_t b[16];
		lf_rd_bytes(r, b, 16);
		lf_addr_from_v6(&o.src, b);
		lf_rd_bytes(r, b, 16);
		lf_addr_from_v6(&o.dst, b);
	} else {
		lf_addr_from_v4(&o.src, lf_rd_u32(r));
		lf_addr_from_v4(&o.dst, lf_rd_u32(r));
	}
	uint32_t sport = lf_rd_u32(r);
	uint32_t dport = lf_rd_u32(r);
	uint32_t flags = lf_rd_u32(r);
	uint32_t tos = lf_rd_u32(r); /* IPv6: "priority", the traffic class */
	if (lf_rd_err(r) || proto > 0xff || sport > 0xffff || dport > 0xffff ||
	    tos > 0xff)
		return LF_EMALF;
	o.proto = (uint8_t)proto;
	if (is_icmp(o.proto)) {
		if (sport > 0xff || dport > 0xff)
			return LF_EMALF;
		o.sport = 0;
		o.dport = (uint16_t)(sport << 8 | dport);
	} else {
		o.sport = (uint16_t)sport;
		o.dport = (uint16_t)dport;
	}
	o.tcp_flags = (uint8_t)flags; /* bit 8 (NS) has no place in lf_flow */
	o.tos = (uint8_t)tos;
	if (!s->have_ip) {
		s->ipr = o;
		s->have_ip = 1;
	}
	return 0;
}

/* extended_switch (0:1001): the incoming frame's VLAN. */
static int rec_switch(struct lf_rd *r, struct fsample *s)
{
	uint32_t src_vlan = lf_rd_u32(r);
	(void)lf_rd_u32(r); /* src_priority */
	(void)lf_rd_u32(r); /* dst_vlan */
	(void)lf_rd_u32(r); /* dst_priority */
	if (lf_rd_err(r) || src_vlan > 4095)
		return LF_EMALF;
	s->vlan = (uint16_t)src_vlan;
	s->have_switch = 1;
	return 0;
}

/* extended_router (0:1002): IP next hop and the prefix lengths. */
static int rec_router(struct lf_rd *r, struct fsample *s)
{
	struct lf_addr nh;
	rd_address(r, &nh);
	uint32_t sm = lf_rd_u32(r);
	uint32_t dm = lf_rd_u32(r);
	if (lf_rd_err(r) || sm > 128 || dm > 128)
		return LF_EMALF;
	s->nexthop = nh;
	s->src_mask = (uint8_t)sm;
	s->dst_mask = (uint8_t)dm;
	s->have_router = 1;
	return 0;
}

/*
 * extended_gateway (0:1003): the source AS, and the destination AS as the
 * last AS of the destination AS path (its origin). An empty path leaves it
 * 0, as NetFlow does for a destination in the router's own AS.
 */
static int rec_gateway(struct lf_rd *r, struct fsample *s)
{
	struct lf_addr bgp_nexthop;
	rd_address(r, &bgp_nexthop); /* lf_flow has one next hop: the IP one */
	(void)lf_rd_u32(r);          /* as: the router's own */
	uint32_t src_as = lf_rd_u32(r);
	(void)lf_rd_u32(r);          /* src_peer_as */
	uint32_t dst_as = 0;
	uint32_t nseg = rd_count(r, 8); /* type and count at least */
	for (uint32_t i = 0; i < nseg && !lf_rd_err(r); i++) {
		uint32_t type = lf_rd_u32(r);
		if (type != 1 && type != 2) /* AS_SET, AS_SEQUENCE */
			lf_rd_fail(r, LF_EMALF);
		uint32_t nas = rd_count(r, 4);
		for (uint32_t k = 0; k < nas; k++)
			dst_as = lf_rd_u32(r);
	}
	uint32_t ncomm = rd_count(r, 4);
	lf_rd_skip(r, (size_t)ncomm * 4);
	(void)lf_rd_u32(r); /* localpref */
	if (lf_rd_err(r))
		return LF_EMALF;
	s->src_as = src_as;
	s->dst_as = dst_as;
	s->have_gateway = 1;
	return 0;
}

/* Interface of a flow sample to an ifIndex for lf_flow (0 = none). */
static uint32_t ifindex(struct dgram *d, struct fsample *s, uint32_t format,
			uint32_t value, uint32_t internal, int output)
{
	if (format == 0)
		return value == internal ? 0 : value;
	if (format == 1 && output) {
		/* discarded; value is the reason code */
		if (!s->discarded)
			d->c->n.discarded++;
		s->discarded = 1;
	}
	return 0; /* 2: several interfaces; 3: reserved */
}

/* Turn a whole flow sample into its lf_flow and hand it over. */
static void emit_flow(struct dgram *d, const struct fsample *s)
{
	const struct l3 *p = s->have_pkt ? &s->pkt : s->have_ip ? &s->ipr : NULL;
	if (!p) {
		d->c->n.non_ip++;
		return;
	}
	struct lf_flow f;
	memset(&f, 0, sizeof(f));
	f.first = f.last = d->now;
	f.src = p->src;
	f.dst = p->dst;
	f.exporter = d->addr;
	f.sport = p->sport;
	f.dport = p->dport;
	f.proto = p->proto;
	f.tcp_flags = p->tcp_flags;
	f.tos = p->tos;
	f.flags = p->flags;
	f.vlan = s->have_switch && s->vlan ? s->vlan : p->vlan;
	f.packets_raw = 1;
	f.bytes_raw = s->have_header ? s->frame_length : p->length;
	f.sampling = s->rate;
	f.packets = f.packets_raw * s->rate;
	f.bytes = f.bytes_raw * s->rate;
	f.domain = d->sub_agent;
	f.in_if = s->in_if;
	f.out_if = s->out_if;
	if (s->src_type == 0 && s->in_if != s->out_if) {
		if (s->src_index == s->in_if && s->in_if)
			f.dir = LF_FLOW_DIR_INGRESS;
		else if (s->src_index == s->out_if && s->out_if)
			f.dir = LF_FLOW_DIR_EGRESS;
	}
	if (s->have_router) {
		f.nexthop = s->nexthop;
		unsigned bits = lf_addr_bits(&f.src);
		f.src_mask = s->src_mask <= bits ? s->src_mask : 0;
		f.dst_mask = s->dst_mask <= bits ? s->dst_mask : 0;
	}
	f.src_as = s->src_as;
	f.dst_as = s->dst_as;
	f.source = LF_FLOW_SRC_SFLOW;
	d->c->n.flows++;
	if (d->agent)
		d->agent->pub.flows++;
	if (d->cb)
		d->cb(d->ud, &f);
}

/* flow_sample (0:1) and flow_sample_expanded (0:3). */
static void sample_flow(struct dgram *d, struct lf_rd *r, int expanded)
{
	struct fsample s;
	memset(&s, 0, sizeof(s));
	uint32_t in_fmt, in_val, out_fmt, out_val, internal;

	s.seq = lf_rd_u32(r);
	if (expanded) {
		s.src_type = lf_rd_u32(r);
		s.src_index = lf_rd_u32(r);
	} else {
		uint32_t id = lf_rd_u32(r);
		s.src_type = id >> 24;
		s.src_index = id & 0xffffff;
	}
	s.rate = lf_rd_u32(r);
	(void)lf_rd_u32(r); /* sample_pool */
	(void)lf_rd_u32(r); /* drops */
	if (expanded) {
		/* interface_expanded; 0xffffffff is "the device itself" */
		in_fmt = lf_rd_u32(r);
		in_val = lf_rd_u32(r);
		out_fmt = lf_rd_u32(r);
		out_val = lf_rd_u32(r);
		internal = 0xffffffffu;
	} else {
		/* interface: format in the top 2 bits, 0x3fffffff = itself */
		uint32_t in = lf_rd_u32(r), out = lf_rd_u32(r);
		in_fmt = in >> 30;
		in_val = in & 0x3fffffff;
		out_fmt = out >> 30;
		out_val = out & 0x3fffffff;
		internal = 0x3fffffffu;
	}
	uint32_t nrec = lf_rd_u32(r);
	if (lf_rd_err(r)) {
		bad(d, LF_SFLOW_BAD_SAMPLE);
		return;
	}
	d->c->n.flow_samples++;
	if (d->agent)
		d->agent->pub.flow_samples++;
	sample_seq(d, KIND_FLOW, s.src_type, s.src_index, s.seq);
	if (nrec > lf_rd_left(r) / MIN_ITEM) {
		bad(d, LF_SFLOW_BAD_RECORD_COUNT);
		return;
	}
	if (s.rate == 0) {
		bad(d, LF_SFLOW_BAD_RATE);
		s.rate = 1;
	}
	s.in_if = ifindex(d, &s, in_fmt, in_val, internal, 0);
	s.out_if = ifindex(d, &s, out_fmt, out_val, internal, 1);

	for (uint32_t i = 0; i < nrec; i++) {
		uint32_t tag = lf_rd_u32(r);
		uint32_t len = lf_rd_u32(r);
		if (lf_rd_err(r) || len > lf_rd_left(r)) {
			bad(d, LF_SFLOW_BAD_RECORD_LEN);
			return;
		}
		struct lf_rd rr;
		lf_rd_sub(r, len, &rr);
		skip_pad(r, len);
		int e;
		switch (tag) {
		case REC_HEADER:
			e = rec_header(d, &rr, &s);
			break;
		case REC_IPV4:
			e = rec_ip(&rr, &s, 0);
			break;
		case REC_IPV6:
			e = rec_ip(&rr, &s, 1);
			break;
		case REC_SWITCH:
			e = rec_switch(&rr, &s);
			break;
		case REC_ROUTER:
			e = rec_router(&rr, &s);
			break;
		case REC_GATEWAY:
			e = rec_gateway(&rr, &s);
			break;
		default:
			d->c->n.unknown_records++;
			e = 0;
			break;
		}
		if (e != 0) {
			bad(d, LF_SFLOW_BAD_RECORD);
			return;
		}
	}
	emit_flow(d, &s);
}

/* ---- counters samples --------------------------------------------------- */

/* if_counters (0:1), RFC 2233 names. */
static int rec_if_counters(struct dgram *d, struct lf_rd *r, uint32_t type,
			   uint32_t index, uint32_t seq)
{
	struct lf_sflow_ifc ic;
	memset(&ic, 0, sizeof(ic));
	ic.if_index = lf_rd_u32(r);
	ic.if_type = lf_rd_u32(r);
	ic.if_speed = lf_rd_u64(r);
	ic.if_direction = lf_rd_u32(r);
	ic.if_status = lf_rd_u32(r);
	ic.in_octets = lf_rd_u64(r);
	ic.in_ucast = lf_rd_u32(r);
	ic.in_mcast = lf_rd_u32(r);
	ic.in_bcast = lf_rd_u32(r);
	ic.in_discards = lf_rd_u32(r);
	ic.in_errors = lf_rd_u32(r);
	ic.in_unknown_protos = lf_rd_u32(r);
	ic.out_octets = lf_rd_u64(r);
	ic.out_ucast = lf_rd_u32(r);
	ic.out_mcast = lf_rd_u32(r);
	ic.out_bcast = lf_rd_u32(r);
	ic.out_discards = lf_rd_u32(r);
	ic.out_errors = lf_rd_u32(r);
	ic.promiscuous = lf_rd_u32(r);
	if (lf_rd_err(r))
		return LF_EMALF;
	d->c->n.if_counters++;
	if (d->c->ifc_cb) {
		ic.time = d->now;
		ic.agent = d->addr;
		ic.sub_agent = d->sub_agent;
		ic.source_type = type;
		ic.source_index = index;
		ic.seq = seq;
		d->c->ifc_cb(d->c->ifc_ud, &ic);
	}
	return 0;
}

/* counters_sample (0:2) and counters_sample_expanded (0:4). */
static void sample_counters(struct dgram *d, struct lf_rd *r, int expanded)
{
	uint32_t seq = lf_rd_u32(r), type, index;
	if (expanded) {
		type = lf_rd_u32(r);
		index = lf_rd_u32(r);
	} else {
		uint32_t id = lf_rd_u32(r);
		type = id >> 24;
		index = id & 0xffffff;
	}
	uint32_t nrec = lf_rd_u32(r);
	if (lf_rd_err(r)) {
		bad(d, LF_SFLOW_BAD_SAMPLE);
		return;
	}
	d->c->n.counter_samples++;
	if (d->agent)
		d->agent->pub.counter_samples++;
	sample_seq(d, KIND_COUNTERS, type, index, seq);
	if (nrec > lf_rd_left(r) / MIN_ITEM) {
		bad(d, LF_SFLOW_BAD_RECORD_COUNT);
		return;
	}
	/* Unlike a flow sample's, each counter record stands alone: a bad one
	 * does not take the good ones before it back. */
	for (uint32_t i = 0; i < nrec; i++) {
		uint32_t tag = lf_rd_u32(r);
		uint32_t len = lf_rd_u32(r);
		if (lf_rd_err(r) || len > lf_rd_left(r)) {
			bad(d, LF_SFLOW_BAD_RECORD_LEN);
			return;
		}
		struct lf_rd rr;
		lf_rd_sub(r, len, &rr);
		skip_pad(r, len);
		if (tag != REC_IF_COUNTERS) {
			d->c->n.unknown_records++;
			continue;
		}
		if (rec_if_counters(d, &rr, type, index, seq) != 0) {
			bad(d, LF_SFLOW_BAD_RECORD);
			return;
		}
	}
}

/* ---- the datagram ------------------------------------------------------- */

/* Look the datagram's agent up (adding it) and account its sequence. */
static void agent_account(struct dgram *d, uint32_t seq)
{
	struct lf_sflow_ctx *c = d->c;
	uint8_t key[AGENT_KEY];
	key[0] = d->addr.af;
	memcpy(key + 1, d->addr.b, 16);
	put32(key + 17, d->sub_agent);
	int added;
	struct agent *a = table_get(&c->agents, key, &added);
	if (!a) {
		c->n.agents_capped++;
		return;
	}
	d->agent = a;
	d->agent_id = (uint32_t)((size_t)((uint8_t *)a - c->agents.elems) /
				 c->agents.esize);
	if (added) {
		c->n.agents++;
		a->pub.addr = d->addr;
		a->pub.sub_agent = d->sub_agent;
		a->pub.first_seen = d->now;
	}
	struct seq_out o = {0};
	seq_account(&a->dgram, seq, d->uptime, &o);
	c->n.lost_datagrams += o.lost;
	c->n.seq_resets += o.resets;
	c->n.seq_reorders += o.reorders;
	a->pub.lost_datagrams += o.lost;
	a->pub.seq_resets += o.resets;
	a->pub.datagrams++;
	a->pub.last_seen = d->now;
	a->pub.last_seq = seq;
	a->pub.last_uptime_ms = d->uptime;
}

int lf_sflow_decode(struct lf_sflow_ctx *c, const struct lf_addr *udp_src,
		    lf_time_t now, const uint8_t *pkt, size_t len,
		    lf_flow_cb cb, void *ud)
{
	if (!c || (!pkt && len))
		return -EINVAL;
	struct lf_rd r;
	lf_rd_init(&r, pkt, len);
	struct dgram d;
	memset(&d, 0, sizeof(d));
	d.c = c;
	d.now = now;
	d.cb = cb;
	d.ud = ud;

	/* sample_datagram: version, then sample_datagram_v5 */
	uint32_t version = lf_rd_u32(&r);
	if (!lf_rd_err(&r) && version != 5) {
		c->n.bad_version++;
		return LF_EUNSUP;
	}
	rd_address(&r, &d.addr);
	d.sub_agent = lf_rd_u32(&r);
	uint32_t seq = lf_rd_u32(&r);
	d.uptime = lf_rd_u32(&r);
	uint32_t nsamples = lf_rd_u32(&r);
	if (lf_rd_err(&r)) {
		bad(&d, LF_SFLOW_BAD_HEADER);
		c->n.malformed_datagrams++;
		return LF_EMALF;
	}
	if (d.addr.af == 0 && udp_src &&
	    (udp_src->af == LF_AF_V4 || udp_src->af == LF_AF_V6)) {
		d.addr = *udp_src;
		if (d.addr.af == LF_AF_V4)
			memset(d.addr.b + 4, 0, 12);
	}
	c->n.datagrams++;
	agent_account(&d, seq);

	if (nsamples > lf_rd_left(&r) / MIN_ITEM) {
		bad(&d, LF_SFLOW_BAD_SAMPLE_COUNT);
		nsamples = 0;
	}
	for (uint32_t i = 0; i < nsamples; i++) {
		uint32_t tag = lf_rd_u32(&r);
		uint32_t slen = lf_rd_u32(&r);
		if (lf_rd_err(&r) || slen > lf_rd_left(&r)) {
			bad(&d, LF_SFLOW_BAD_SAMPLE_LEN);
			break;
		}
		struct lf_rd sr;
		lf_rd_sub(&r, slen, &sr);
		skip_pad(&r, slen);
		switch (tag) {
		case SAMPLE_FLOW:
			sample_flow(&d, &sr, 0);
			break;
		case SAMPLE_FLOW_EXP:
			sample_flow(&d, &sr, 1);
			break;
		case SAMPLE_COUNTERS:
			sample_counters(&d, &sr, 0);
			break;
		case SAMPLE_COUNTERS_EXP:
			sample_counters(&d, &sr, 1);
			break;
		default:
			c->n.unknown_samples++;
			break;
		}
	}
	if (!d.bad && lf_rd_left(&r) > 0)
		bad(&d, LF_SFLOW_BAD_TRAILING);
	if (d.bad) {
		c->n.malformed_datagrams++;
		return LF_EMALF;
	}
	return 0;
}

/* ---- context ------------------------------------------------------------ */

int lf_sflow_new(const struct lf_sflow_cfg *cfg, struct lf_sflow_ctx **out)
{
	struct lf_sflow_cfg def;
	if (!out)
		return -EINVAL;
	if (!cfg) {
		memset(&def, 0, sizeof(def));
		cfg = &def;
	}
	uint32_t max_agents = cfg->max_agents ? cfg->max_agents
					      : LF_SFLOW_DEF_AGENTS;
	uint32_t max_sources = cfg->max_sources ? cfg->max_sources
						: LF_SFLOW_DEF_SOURCES;
	if (max_agents > (1u << 30) || max_sources > (1u << 30))
		return -EINVAL;
	struct lf_sflow_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	if (table_init(&c->agents, sizeof(struct agent), AGENT_KEY, max_agents,
		       cfg->hash_seed) != 0 ||
	    table_init(&c->sources, sizeof(struct source), SOURCE_KEY,
		       max_sources, cfg->hash_seed ^ 0x5f6c666c6f77ull) != 0) {
		lf_sflow_free(c);
		return -ENOMEM;
	}
	c->ifc_cb = cfg->if_counters;
	c->ifc_ud = cfg->if_counters_ud;
	*out = c;
	return 0;
}

void lf_sflow_free(struct lf_sflow_ctx *c)
{
	if (!c)
		return;
	table_free(&c->agents);
	table_free(&c->sources);
	free(c);
}

const struct lf_sflow_counters *lf_sflow_counters(const struct lf_sflow_ctx *c)
{
	return &c->n;
}

size_t lf_sflow_agent_count(const struct lf_sflow_ctx *c)
{
	return c->agents.n;
}

int lf_sflow_agent_get(const struct lf_sflow_ctx *c, size_t i,
		       struct lf_sflow_agent *out)
{
	if (i >= c->agents.n)
		return LF_ENOENT;
	const struct agent *a = table_at(&c->agents, (uint32_t)i);
	*out = a->pub;
	return 0;
}

const char *lf_sflow_bad_name(enum lf_sflow_bad kind)
{
	static const char *const names[LF_SFLOW_BAD_MAX] = {
		[LF_SFLOW_BAD_HEADER] = "header",
		[LF_SFLOW_BAD_SAMPLE_COUNT] = "sample_count",
		[LF_SFLOW_BAD_SAMPLE_LEN] = "sample_len",
		[LF_SFLOW_BAD_SAMPLE] = "sample",
		[LF_SFLOW_BAD_RECORD_COUNT] = "record_count",
		[LF_SFLOW_BAD_RECORD_LEN] = "record_len",
		[LF_SFLOW_BAD_RECORD] = "record",
		[LF_SFLOW_BAD_RATE] = "rate",
		[LF_SFLOW_BAD_TRAILING] = "trailing",
	};
	if ((unsigned)kind >= LF_SFLOW_BAD_MAX)
		return "?";
	return names[kind];
}
