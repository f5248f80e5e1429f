/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sflow.c — lf_sflow_decode on arbitrary bytes, twice into one small
 * context (tables capped at 4 agents and 8 sources, so the cap paths run),
 * then once more with the UDP source missing. Checks, and aborts on:
 *  - a return code other than 0, LF_EMALF, LF_EUNSUP;
 *  - 0 returned while a malformed counter moved, or LF_EMALF without one;
 *  - a flow that breaks the mapping's invariants: IP addresses of one
 *    family, one raw packet, sampling >= 1, packets and bytes exactly raw
 *    × sampling, first == last == now, source sFlow, masks within the
 *    family, ICMP with sport 0;
 *  - decoding being non-deterministic (the second pass emits the same
 *    flows; sequence state may only differ in the counters);
 *  - flows > flow samples, agents or sources past their caps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "sflow/sflow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW INT64_C(1717200000000000)
#define MAXF 64

struct seen {
	size_t n;
	uint64_t sum; /* over every flow, for the determinism check */
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * UINT64_C(0x100000001b3);
}

static void on_flow(void *ud, const struct lf_flow *f)
{
	struct seen *s = ud;
	if (f->src.af != LF_AF_V4 && f->src.af != LF_AF_V6)
		abort();
	if (f->dst.af != f->src.af)
		abort();
	if (f->packets_raw != 1 || f->sampling == 0)
		abort();
	if (f->packets != f->sampling || f->bytes != f->bytes_raw * f->sampling)
		abort();
	if (f->first != NOW || f->last != NOW)
		abort();
	if (f->source != LF_FLOW_SRC_SFLOW)
		abort();
	if (f->src_mask > lf_addr_bits(&f->src) ||
	    f->dst_mask > lf_addr_bits(&f->src))
		abort();
	if ((f->proto == 1 || f->proto == 58) && f->sport != 0)
		abort();
	if (f->vlan > 4095)
		abort();
	s->n++;
	uint64_t h = s->sum;
	h = mix(h, f->bytes);
	h = mix(h, ((uint64_t)f->sport << 16) | f->dport);
	h = mix(h, f->in_if);
	h = mix(h, f->out_if);
	h = mix(h, f->src.b[0] ^ f->dst.b[15]);
	s->sum = h;
}

static void on_ifc(void *ud, const struct lf_sflow_ifc *ic)
{
	(void)ud;
	if (ic->time != NOW)
		abort();
}

static uint64_t bad_total(const struct lf_sflow_counters *n)
{
	uint64_t t = 0;
	for (int i = 0; i < LF_SFLOW_BAD_MAX; i++)
		t += n->malformed[i];
	return t;
}

static int one(struct lf_sflow_ctx *c, const struct lf_addr *udp,
	       const uint8_t *data, size_t size, struct seen *s)
{
	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	uint64_t bad0 = bad_total(n), flows0 = n->flows;
	int r = lf_sflow_decode(c, udp, NOW, data, size, on_flow, s);
	if (r != 0 && r != LF_EMALF && r != LF_EUNSUP)
		abort();
	uint64_t bad1 = bad_total(n);
	if (r == 0 && bad1 != bad0)
		abort();
	if (r == LF_EMALF && bad1 == bad0)
		abort();
	if (n->flows - flows0 != s->n)
		abort();
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_sflow_cfg cfg = {.max_agents = 4,
				   .max_sources = 8,
				   .hash_seed = 1,
				   .if_counters = on_ifc};
	struct lf_sflow_ctx *c;
	if (lf_sflow_new(&cfg, &c) != 0)
		return 0;
	struct lf_addr udp;
	lf_addr_from_v4(&udp, 0xc6120001);

	struct seen a = {0}, b = {0}, d = {0};
	int r1 = one(c, &udp, data, size, &a);
	int r2 = one(c, &udp, data, size, &b);
	if (r1 != r2 || a.n != b.n || a.sum != b.sum)
		abort();
	(void)one(c, NULL, data, size, &d);

	const struct lf_sflow_counters *n = lf_sflow_counters(c);
	if (n->flows > n->flow_samples)
		abort();
	if (n->agents > 4 || n->sources > 8)
		abort();
	if (lf_sflow_agent_count(c) != n->agents)
		abort();
	for (size_t i = 0; i < lf_sflow_agent_count(c); i++) {
		struct lf_sflow_agent ag;
		if (lf_sflow_agent_get(c, i, &ag) != 0)
			abort();
		if (ag.flows > ag.flow_samples)
			abort();
	}
	lf_sflow_free(c);
	return 0;
}
