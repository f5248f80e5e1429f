/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flow.h — the flow record every input of the sensor produces: NetFlow v5,
 * v9, IPFIX, sFlow and the packet path's own flow table all emit one
 * struct lf_flow per flow, and everything downstream (matching, sightings,
 * the flow store) consumes only this.
 *
 * Counters: `bytes` and `packets` are renormalised by the sampling rate in
 * force (`sampling`, 1 = unsampled); `bytes_raw` and `packets_raw` are
 * what the exporter said. For a biflow (RFC 5103) the reverse direction's
 * counters are in rev_*, otherwise 0. Times are absolute (µs since the
 * epoch): decoders turn uptime-relative times into absolute ones.
 *
 * The struct is a plain value (no pointers), so it can be copied, queued
 * and written to disk as is.
 */
#ifndef LF_FLOW_FLOW_H
#define LF_FLOW_FLOW_H

#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"

enum lf_flow_src {
	LF_FLOW_SRC_NONE = 0,
	LF_FLOW_SRC_NF5,
	LF_FLOW_SRC_NF9,
	LF_FLOW_SRC_IPFIX,
	LF_FLOW_SRC_SFLOW,
	LF_FLOW_SRC_PCAP,
};

enum lf_flow_dir {
	LF_FLOW_DIR_UNKNOWN = 0,
	LF_FLOW_DIR_INGRESS,
	LF_FLOW_DIR_EGRESS,
};

#define LF_FLOW_F_BIFLOW 0x01    /* rev_* counters are meaningful */
#define LF_FLOW_F_FRAGMENT 0x02  /* built from fragments (ports may be 0) */
#define LF_FLOW_F_END_FIN 0x04   /* ended by TCP FIN */
#define LF_FLOW_F_END_RST 0x08   /* ended by TCP RST */
#define LF_FLOW_F_END_IDLE 0x10  /* idle timeout */
#define LF_FLOW_F_END_ACTIVE 0x20 /* active timeout (flow continues) */
#define LF_FLOW_F_END_EVICT 0x40 /* evicted by the memory cap */

struct lf_flow {
	lf_time_t first, last;   /* first and last packet */
	struct lf_addr src, dst;
	struct lf_addr nexthop;  /* af 0 if unknown */
	struct lf_addr exporter; /* who sent the export (or af 0 for pcap) */
	uint64_t bytes, packets;         /* renormalised */
	uint64_t bytes_raw, packets_raw; /* as exported */
	uint64_t rev_bytes, rev_packets; /* biflow reverse direction, raw */
	uint32_t sampling;       /* rate applied; 1 = unsampled */
	uint32_t domain;         /* v9 source id / IPFIX observation domain / sFlow agent sub-id */
	uint32_t in_if, out_if;  /* SNMP ifIndex, 0 if unknown */
	uint32_t src_as, dst_as;
	uint16_t sport, dport;   /* ICMP: sport 0, dport = type << 8 | code */
	uint16_t vlan;           /* outer VLAN id, 0 if none */
	uint8_t proto;           /* IP protocol number */
	uint8_t tcp_flags;       /* OR of all packets' flags */
	uint8_t tos;
	uint8_t src_mask, dst_mask;
	uint8_t dir;             /* enum lf_flow_dir */
	uint8_t source;          /* enum lf_flow_src */
	uint8_t flags;           /* LF_FLOW_F_* */
};

/* Called once per decoded flow; the record is only valid during the call. */
typedef void (*lf_flow_cb)(void *ud, const struct lf_flow *f);

#endif
