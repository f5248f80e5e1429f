/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flowtab.h — the packet path's bidirectional flow table.
 *
 * Decoded packets (struct lf_pkt) go in; flow records (struct lf_flow,
 * source LF_FLOW_SRC_PCAP) come out through a callback when a flow ends.
 *
 * A flow is keyed by (VLAN ids, protocol, both addresses, both ports) in a
 * canonical order, so A→B and B→A are one flow; the first packet's
 * direction makes the record's src and dst, the other direction's bytes
 * and packets go into rev_* and every record carries LF_FLOW_F_BIFLOW.
 * ICMP/ICMPv6 have no ports: the record has sport 0 and dport = type << 8
 * | code of the first packet (flow.h), and a request and its reply (echo,
 * timestamp, information, address mask, ICMPv6 echo) are one flow. A later
 * fragment has no ports either: it counts into a flow of its own with
 * ports 0 (LF_FLOW_F_FRAGMENT; counted in frag_noports).
 *
 * A flow ends, and its record is emitted, when
 *  - it saw no packet for idle_timeout (LF_FLOW_F_END_IDLE);
 *  - it is a TCP flow that saw a FIN from both sides or a RST, and then no
 *    packet for `linger` — the short wait lets the last ACK and
 *    retransmitted FINs join the flow (LF_FLOW_F_END_FIN / _END_RST); a
 *    new SYN in that wait ends it at once and starts a new flow;
 *  - it is the least recently seen flow and the table is full
 *    (LF_FLOW_F_END_EVICT, with END_FIN/END_RST if it had ended so);
 *  - lf_flowtab_flush is called (no END flag but END_FIN/END_RST).
 * A flow older than active_timeout emits a record (LF_FLOW_F_END_ACTIVE)
 * and stays, counting from zero; its next record starts with its next
 * packet.
 *
 * Time is the packets' time, never the wall clock: the table's clock is
 * the largest time seen (a packet stamped earlier counts at the table's
 * clock), and every add first ends whatever is due at the packet's time.
 * So the records — their content and their order — are a function of the
 * packet sequence alone: a pcap replays to the same flows at any speed,
 * whatever the hash seed, and however often lf_flowtab_expire is called
 * with times not past the next packet's.
 *
 * Memory is fixed at creation: max_flows entries and a bucket array of the
 * next power of two, about 150 bytes a flow in all (lf_flowtab_mem); no
 * allocation after lf_flowtab_new. When the table is full a new flow
 * evicts the least recently seen one (the default) or, with
 * LF_FLOWTAB_FULL_DROP, the packet is not counted; both count a cap hit.
 * Lookups hash the canonical key with seeded XXH3 into chains through the
 * preallocated entries; ends are found at the heads of three lists kept in
 * time order (open flows by last packet, ended TCP flows by last packet,
 * all flows by their record's start), so each packet costs O(1).
 *
 * Not thread-safe: one table per thread. Callbacks must not call back into
 * the table.
 */
#ifndef LF_FLOWTAB_FLOWTAB_H
#define LF_FLOWTAB_FLOWTAB_H

#include <stddef.h>
#include <stdint.h>

#include "core/time.h"
#include "flow/flow.h"
#include "pkt/pkt.h"

#define LF_FLOWTAB_DEFAULT_FLOWS 65536u
#define LF_FLOWTAB_MAX_FLOWS (1u << 27)
#define LF_FLOWTAB_DEFAULT_ACTIVE (300 * LF_USEC_PER_SEC)
#define LF_FLOWTAB_DEFAULT_IDLE (30 * LF_USEC_PER_SEC)
#define LF_FLOWTAB_DEFAULT_LINGER (2 * LF_USEC_PER_SEC)

/* What to do with a new flow when the table is full. */
enum lf_flowtab_full {
	LF_FLOWTAB_FULL_EVICT = 0, /* end the least recently seen flow */
	LF_FLOWTAB_FULL_DROP,      /* do not count the packet */
};

/* Zero fields take the defaults above. Times in microseconds. */
struct lf_flowtab_cfg {
	uint32_t max_flows;        /* 1 .. LF_FLOWTAB_MAX_FLOWS */
	lf_time_t active_timeout;  /* >= 0 */
	lf_time_t idle_timeout;    /* >= 0 */
	lf_time_t linger;          /* >= 0; after both FINs or a RST */
	uint64_t seed;             /* hash seed; pass a random one against
				    * collision floods */
	uint8_t full;              /* enum lf_flowtab_full */
};

/* Why a record was emitted (stats index). */
enum lf_flowtab_end {
	LF_FLOWTAB_END_IDLE = 0,
	LF_FLOWTAB_END_ACTIVE,
	LF_FLOWTAB_END_FIN,
	LF_FLOWTAB_END_RST,
	LF_FLOWTAB_END_EVICT,
	LF_FLOWTAB_END_FLUSH,
	LF_FLOWTAB_END_COUNT
};

struct lf_flowtab_stats {
	uint64_t packets;      /* counted into a flow */
	uint64_t bytes;        /* their IP bytes */
	uint64_t created;      /* flows created */
	uint64_t emitted[LF_FLOWTAB_END_COUNT]; /* records, by reason */
	uint64_t evictions;    /* flows evicted (a flow evicted right after
				* an active-timeout record, with nothing new
				* to report, emits no record) */
	uint64_t cap_hits;     /* new flow while full (evicted or dropped) */
	uint64_t dropped;      /* packets not counted: LF_FLOWTAB_FULL_DROP */
	uint64_t frag_noports; /* later fragments counted without ports */
	uint64_t flows;        /* in the table now */
	uint64_t max_flows;    /* the capacity */
};

struct lf_flowtab;

/*
 * Create a table; all its memory is allocated here. cfg may be NULL (all
 * defaults). Returns 0 and the table in *out; -EINVAL (out NULL, a
 * negative time, `full` not in the enum), LF_ERANGE (max_flows over
 * LF_FLOWTAB_MAX_FLOWS) or -ENOMEM.
 */
int lf_flowtab_new(const struct lf_flowtab_cfg *cfg, struct lf_flowtab **out);

/* Free a table without emitting anything; NULL is ignored. */
void lf_flowtab_free(struct lf_flowtab *t);

/*
 * Count one packet: first end every flow due at p->ts (records through
 * cb), then add p to its flow, creating it (and evicting another when
 * full) if needed. p must have its addresses (p->src.af != 0): normally a
 * packet lf_pkt_decode returned 0 for; one whose transport header failed
 * to decode counts with ports 0. Bytes are p->ip_len.
 *
 * cb may be NULL (records are counted and dropped). Returns 0; LF_ELIMIT
 * if the table is full, the policy is LF_FLOWTAB_FULL_DROP and the packet
 * was not counted; -EINVAL if p has no addresses.
 */
int lf_flowtab_add(struct lf_flowtab *t, const struct lf_pkt *p,
		   lf_flow_cb cb, void *ud);

/*
 * Advance the table's clock to now (if later) and end every flow that is
 * due: for live capture when packets stop coming. Records go through cb
 * (may be NULL), in the order of their deadlines.
 */
void lf_flowtab_expire(struct lf_flowtab *t, lf_time_t now, lf_flow_cb cb,
		       void *ud);

/*
 * End every flow (end of the input): records through cb in the order the
 * flows started. The table is empty afterwards and can be used again.
 */
void lf_flowtab_flush(struct lf_flowtab *t, lf_flow_cb cb, void *ud);

/* Copy the counters. */
void lf_flowtab_stats(const struct lf_flowtab *t,
		      struct lf_flowtab_stats *out);

/* Bytes allocated by the table. */
size_t lf_flowtab_mem(const struct lf_flowtab *t);

#endif
