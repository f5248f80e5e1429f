/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pkt — lf_pkt_decode on arbitrary frames with every link type, and
 * the decoded packets through a tiny flow table.
 *
 * Input: one byte choosing the link type of the flow-table run, then
 * records of
 *     u16 length (big-endian; top bit: the frame was cut by the snap
 *         length, its wire length is 1000 bytes more), u8 time step in
 *     50 ms units, then the frame itself (as much of it as there is).
 *
 * Checks, each an abort() on failure:
 *  - every link type: the return code is 0 exactly when the kind is
 *    LF_PKT_OK and otherwise the code pkt.h pairs with the kind; decoding
 *    twice gives the same result; the payload lies inside the frame (NULL
 *    when empty); a decoded packet has addresses of the family its
 *    ethertype says and an IP length at least its header; counts stay in
 *    their bounds;
 *  - a decoded packet with payload, cut by one byte more, still decodes
 *    with one payload byte less (a snap-length capture);
 *  - the flow table (4 entries, timeouts of a few seconds, so eviction,
 *    idle, active and linger ends all happen) conserves packets and bytes:
 *    every counted packet is in exactly one record once it is flushed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "flowtab/flowtab.h"
#include "pkt/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                               \
	do {                                                                   \
		if (!(x))                                                      \
			abort();                                               \
	} while (0)

static const int linktypes[] = {
	LF_DLT_EN10MB,    LF_DLT_RAW,       LF_LINKTYPE_RAW,  LF_LINKTYPE_IPV4,
	LF_LINKTYPE_IPV6, LF_DLT_NULL,      LF_DLT_LOOP,      LF_DLT_LINUX_SLL,
	LF_DLT_LINUX_SLL2, 147 /* unsupported */,
};
#define NLT (sizeof(linktypes) / sizeof(linktypes[0]))

static int kind_rc(unsigned k)
{
	switch (k) {
	case LF_PKT_OK:
		return 0;
	case LF_PKT_E_TRUNC_L2:
	case LF_PKT_E_TRUNC_L3:
	case LF_PKT_E_TRUNC_L4:
		return LF_ETRUNC;
	case LF_PKT_E_LINKTYPE:
	case LF_PKT_E_SHIMS:
	case LF_PKT_E_NOT_IP:
	case LF_PKT_E_EXT_CHAIN:
		return LF_EUNSUP;
	default:
		return LF_EMALF;
	}
}

static void check_one(int lt, const uint8_t *f, size_t cap, size_t wire,
		      struct lf_pkt *p, int *rc)
{
	struct lf_pkt q;

	*rc = lf_pkt_decode(lt, f, cap, wire, 7, p);
	CHECK(p->err < LF_PKT_E_COUNT);
	CHECK(*rc == kind_rc(p->err));
	CHECK(lf_pkt_decode(lt, f, cap, wire, 7, &q) == *rc);
	CHECK(memcmp(p, &q, sizeof(q)) == 0);
	CHECK(p->ts == 7);
	CHECK(p->wire_len == (wire < cap ? cap : wire));
	if (p->payload_len) {
		CHECK(p->payload >= f && p->payload <= f + cap);
		CHECK(p->payload_len <= (size_t)(f + cap - p->payload));
	} else {
		CHECK(p->payload == NULL);
	}
	CHECK(p->next_ext <= LF_PKT_MAX_EXT);
	CHECK(p->src.af == p->dst.af);
	if (p->src.af) {
		CHECK(p->src.af == LF_AF_V4 || p->src.af == LF_AF_V6);
		CHECK(p->ethertype == (p->src.af == LF_AF_V4 ? LF_ETH_IPV4
							    : LF_ETH_IPV6));
	}
	if (*rc != 0) {
		CHECK(p->sport == 0 && p->dport == 0 && p->tcp_flags == 0);
		return;
	}
	CHECK(p->src.af != 0);
	CHECK(p->ip_len >= (p->src.af == LF_AF_V4 ? 20u : 40u));
	if (p->frag == LF_PKT_FRAG_LATER)
		CHECK(p->sport == 0 && p->dport == 0);
	if (p->proto != 6)
		CHECK(p->tcp_flags == 0);
	if (p->payload_len) {
		/* one byte less captured: the same packet, one byte less */
		size_t end = (size_t)(p->payload - f) + p->payload_len;
		struct lf_pkt r;
		CHECK(lf_pkt_decode(lt, f, end - 1, wire < cap ? cap : wire, 7,
				    &r) == 0);
		CHECK(r.payload_len == p->payload_len - 1);
		CHECK(r.sport == p->sport && r.dport == p->dport);
		CHECK(memcmp(&r.src, &p->src, sizeof(r.src)) == 0);
	}
}

struct sums {
	uint64_t packets, bytes;
};

static void count(void *ud, const struct lf_flow *f)
{
	struct sums *s = ud;
	CHECK(f->packets + f->rev_packets > 0);
	CHECK(f->first <= f->last);
	CHECK(f->source == LF_FLOW_SRC_PCAP);
	s->packets += f->packets + f->rev_packets;
	s->bytes += f->bytes + f->rev_bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_flowtab_cfg cfg = {
		.max_flows = 4,
		.idle_timeout = 2 * LF_USEC_PER_SEC,
		.active_timeout = 5 * LF_USEC_PER_SEC,
		.linger = LF_USEC_PER_SEC / 2,
		.seed = 42,
	};
	struct lf_flowtab *t;
	struct sums sums = {0, 0};
	lf_time_t now = 1700000000 * LF_USEC_PER_SEC;

	if (size < 1)
		return 0;
	int lt = linktypes[data[0] % NLT];
	if (lf_flowtab_new(&cfg, &t) != 0)
		return 0;
	size_t pos = 1;
	while (size - pos >= 3) {
		size_t len = (size_t)(data[pos] & 0x7f) << 8 | data[pos + 1];
		size_t extra = (data[pos] & 0x80) ? 1000 : 0;
		now += (lf_time_t)data[pos + 2] * 50000;
		pos += 3;
		if (len > size - pos)
			len = size - pos;
		/* an exact copy, so ASan sees reads past the frame */
		uint8_t *f = malloc(len ? len : 1);
		if (!f)
			break;
		memcpy(f, data + pos, len);
		pos += len;

		struct lf_pkt p;
		int rc;
		for (size_t i = 0; i < NLT; i++)
			check_one(linktypes[i], f, len, len + extra, &p, &rc);
		check_one(lt, f, len, len + extra, &p, &rc);
		p.ts = now;
		if (p.src.af)
			CHECK(lf_flowtab_add(t, &p, count, &sums) == 0);
		else
			CHECK(lf_flowtab_add(t, &p, count, &sums) == -EINVAL);
		free(f);
	}
	lf_flowtab_flush(t, count, &sums);
	struct lf_flowtab_stats st;
	lf_flowtab_stats(t, &st);
	CHECK(st.packets == sums.packets);
	CHECK(st.bytes == sums.bytes);
	CHECK(st.flows == 0);
	CHECK(st.evictions == st.cap_hits);
	uint64_t emitted = 0;
	for (int i = 0; i < LF_FLOWTAB_END_COUNT; i++)
		emitted += st.emitted[i];
	CHECK(emitted <= st.created + st.emitted[LF_FLOWTAB_END_ACTIVE]);
	lf_flowtab_free(t);
	return 0;
}
