/* SPDX-License-Identifier: Apache-2.0 */
/*
 * v5.c — NetFlow version 5: fixed records, no templates.
 *
 *   header (24 bytes)
 *     version(2)=5 count(2) sys_uptime(4, ms) unix_secs(4) unix_nsecs(4)
 *     flow_sequence(4) engine_type(1) engine_id(1) sampling_interval(2)
 *   record (48 bytes) × count
 *     srcaddr(4) dstaddr(4) nexthop(4) input(2) output(2) dPkts(4)
 *     dOctets(4) first(4) last(4) srcport(2) dstport(2) pad1(1)
 *     tcp_flags(1) prot(1) tos(1) src_as(2) dst_as(2) src_mask(1)
 *     dst_mask(1) pad2(2)
 *
 * The sampling field holds the mode in its top 2 bits and the interval in
 * the low 14; an interval N > 0 means 1 in N whatever the mode (Juniper
 * sends mode 0 with an interval). first and last are sys_uptime-relative
 * milliseconds. flow_sequence counts flows, so the next datagram should
 * carry sequence + count. The domain is engine_type << 8 | engine_id.
 * A count whose records do not fit the datagram is malformed and nothing
 * is decoded (the header cannot be trusted); bytes after the records are
 * ignored when zero and counted as trailing otherwise.
 */
#include <string.h>

#include "core/err.h"
#include "core/rd.h"
#include "nf/nf_int.h"

#define V5_HDR 24u
#define V5_REC 48u

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/* uptime-relative ms -> absolute µs (signed difference: survives wrap) */
static lf_time_t v5_time(lf_time_t exp, uint32_t uptime, uint32_t t)
{
	return exp - (lf_time_t)(int32_t)(uptime - t) * 1000;
}

int lf_nf_v5_decode(struct nf_msg *m, const struct lf_addr *a,
		    uint16_t port, const uint8_t *pkt, size_t len)
{
	struct lf_nf_ctx *c = m->c;
	struct lf_rd r;
	struct nf_dom *d;
	uint16_t count, samp;
	uint32_t uptime, secs, nsecs, seq, rate;
	uint8_t etype, eid;
	lf_time_t exp;
	int rc, resync;

	lf_rd_init(&r, pkt, len);
	lf_rd_skip(&r, 2); /* version */
	count = lf_rd_u16(&r);
	uptime = lf_rd_u32(&r);
	secs = lf_rd_u32(&r);
	nsecs = lf_rd_u32(&r);
	seq = lf_rd_u32(&r);
	etype = lf_rd_u8(&r);
	eid = lf_rd_u8(&r);
	samp = lf_rd_u16(&r);
	if (lf_rd_err(&r)) {
		lf_nf_malf(m, LF_NF_MALF_SHORT_HEADER);
		return 0;
	}
	if ((size_t)count * V5_REC > lf_rd_left(&r)) {
		lf_nf_malf(m, LF_NF_MALF_BAD_LENGTH);
		return 0;
	}
	rc = lf_nf_dom_get(c, a, port, 5, (uint32_t)etype << 8 | eid, m->now,
			   &d);
	if (rc != 0)
		return rc;
	m->dom = d;
	m->version = 5;
	c->cnt.datagrams[LF_NF_V5]++;
	d->datagrams++;

	exp = (lf_time_t)secs * LF_USEC_PER_SEC + nsecs / 1000;
	rate = samp & 0x3fffu;
	if (rate == 0)
		rate = 1;
	d->rate_default = rate;

	/* a reboot resets the uptime: a restart, not a loss */
	if (d->has_uptime && uptime < d->last_uptime &&
	    d->last_uptime - uptime > 60000u) {
		c->cnt.seq_resets++;
		d->seq_valid = 0;
	}
	resync = lf_nf_seq_check(m, seq, LF_NF_SEQ_WINDOW_RECS);

	for (unsigned i = 0; i < count; i++) {
		const uint8_t *p = lf_rd_ptr(&r, V5_REC);
		struct lf_flow f;
		uint32_t nh;

		memset(&f, 0, sizeof(f));
		lf_addr_from_v4(&f.src, be32(p));
		lf_addr_from_v4(&f.dst, be32(p + 4));
		nh = be32(p + 8);
		if (nh)
			lf_addr_from_v4(&f.nexthop, nh);
		f.exporter = d->exp->addr;
		f.in_if = be16(p + 12);
		f.out_if = be16(p + 14);
		f.packets_raw = be32(p + 16);
		f.bytes_raw = be32(p + 20);
		f.first = v5_time(exp, uptime, be32(p + 24));
		f.last = v5_time(exp, uptime, be32(p + 28));
		f.sport = be16(p + 32);
		f.dport = be16(p + 34);
		f.tcp_flags = p[37];
		f.proto = p[38];
		f.tos = p[39];
		f.src_as = be16(p + 40);
		f.dst_as = be16(p + 42);
		f.src_mask = p[44];
		f.dst_mask = p[45];
		f.sampling = rate;
		f.bytes = f.bytes_raw * rate; /* 32-bit × 14-bit: no overflow */
		f.packets = f.packets_raw * rate;
		f.domain = d->id;
		f.source = LF_FLOW_SRC_NF5;
		c->cnt.flows++;
		d->flows++;
		if (m->cb)
			m->cb(m->ud, &f);
	}
	if (!lf_nf_rest_zero(&r))
		lf_nf_malf(m, LF_NF_MALF_TRAILING);

	if (resync) {
		d->seq_next = seq + count;
		d->seq_valid = 1;
	}
	d->last_uptime = uptime;
	d->has_uptime = 1;
	return 0;
}
