/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sflow.h — sFlow version 5 datagrams in, struct lf_flow out.
 *
 * sFlow (sflow.org/sflow_version_5.txt) is not a flow protocol: an agent
 * samples one packet in N on an interface and sends what it saw of that one
 * packet — usually its first 128 bytes — together with N, and it polls the
 * interface counters now and then. Everything is XDR (RFC 4506): big-endian
 * 32-bit words, opaque<> and arrays as a 32-bit length then the bytes padded
 * to a multiple of 4.
 *
 *   datagram  = version(5) agent_address sub_agent_id sequence_number
 *               uptime_ms  samples<>
 *   address   = type (0 unknown: no bytes; 1 IPv4: 4 bytes; 2 IPv6: 16)
 *   sample    = data_format  opaque sample_data<>
 *   record    = data_format  opaque record_data<>  (inside flow and
 *               counter samples)
 *   data_format = enterprise (high 20 bits) << 12 | format (low 12 bits)
 *
 * Decoded, all with enterprise 0 (the standard structures):
 *   samples   1 flow_sample, 3 flow_sample_expanded,
 *             2 counters_sample, 4 counters_sample_expanded;
 *   flow records    1 sampled_header (header protocol 1 Ethernet, 11 IPv4,
 *             12 IPv6; the bytes go through lf_pkt_decode), 3 sampled_ipv4,
 *             4 sampled_ipv6, 1001 extended_switch, 1002 extended_router,
 *             1003 extended_gateway;
 *   counter records 1 if_counters (generic interface counters).
 * Every other sample or record, of any enterprise, is skipped by its length
 * and counted; the spec requires receivers to allow a known structure to be
 * longer than the fields they know (structures are extended at the end), so
 * bytes after the known fields of a sample or record are ignored.
 *
 * Each flow sample with an IP packet in it becomes one struct lf_flow — see
 * docs/sflow.md for the field mapping: one packet of frame_length bytes,
 * renormalised by the sampling rate (an estimate: the real traffic is
 * rate × what was sampled only on average), first = last = the receive
 * time (sFlow carries no flow times), exporter = the agent address from the
 * datagram (the UDP source only when the agent sent none), domain = the
 * sub-agent id.
 *
 * Hostile input: the datagram is read with the bounded reader; a sample and
 * a record are sub-readers of exactly their stated length, so nothing inside
 * one can read past it, and every count (samples, records, AS path segments,
 * AS numbers, communities) is checked against the bytes left before it is
 * used. A length or count that lies ends the decoding of its container (the
 * datagram, or the one sample); a record whose fields are wrong drops its
 * sample and decoding goes on with the next sample. Every case is counted by
 * kind (enum lf_sflow_bad).
 *
 * State: sequence numbers per (agent, sub-agent) for datagrams and per
 * (agent, sub-agent, data source, flow|counter) for samples, in tables capped
 * at creation (entries are never expired; a full table stops tracking new
 * keys and counts it). Nothing else is kept between datagrams.
 *
 * Thread-safety: a context is used by one thread at a time; use one per
 * receiving thread.
 */
#ifndef LF_SFLOW_SFLOW_H
#define LF_SFLOW_SFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"
#include "flow/flow.h"
#include "pkt/pkt.h"

/* Defaults for a zero field of struct lf_sflow_cfg. */
#define LF_SFLOW_DEF_AGENTS 4096u
#define LF_SFLOW_DEF_SOURCES 65536u

/*
 * A sequence number this far or less ahead of the expected one is a gap of
 * lost datagrams (samples); further ahead, or after the agent's uptime went
 * back, it is a restart. Behind the last one by less than this, a duplicate
 * or a reordered datagram.
 */
#define LF_SFLOW_SEQ_WINDOW 65536u

/* Malformed input, by kind: the index into lf_sflow_counters.malformed. */
enum lf_sflow_bad {
	LF_SFLOW_BAD_HEADER = 0,   /* datagram header cut short, bad address type */
	LF_SFLOW_BAD_SAMPLE_COUNT, /* more samples than the datagram could hold */
	LF_SFLOW_BAD_SAMPLE_LEN,   /* a sample runs past the datagram */
	LF_SFLOW_BAD_SAMPLE,       /* a sample's fixed fields run past its length */
	LF_SFLOW_BAD_RECORD_COUNT, /* more records than the sample could hold */
	LF_SFLOW_BAD_RECORD_LEN,   /* a record runs past its sample */
	LF_SFLOW_BAD_RECORD,       /* a record's fields cut short or invalid */
	LF_SFLOW_BAD_RATE,         /* flow sample with sampling rate 0 (taken as 1) */
	LF_SFLOW_BAD_TRAILING,     /* bytes after the last sample */
	LF_SFLOW_BAD_MAX
};

/*
 * Counters of one context; they only grow. "Samples" count samples whose
 * fixed fields decoded, whether or not a record in them was bad.
 */
struct lf_sflow_counters {
	uint64_t datagrams;       /* version-5 datagrams whose header decoded */
	uint64_t bad_version;     /* not version 5 (sFlow v2/v4, or not sFlow) */
	uint64_t malformed_datagrams; /* datagrams with any malformed[] hit */
	uint64_t flow_samples;    /* flow samples (formats 1 and 3) */
	uint64_t counter_samples; /* counters samples (formats 2 and 4) */
	uint64_t flows;           /* struct lf_flow emitted */
	uint64_t non_ip;          /* flow samples without an IP packet: no flow */
	uint64_t discarded;       /* flow samples of dropped packets (output
				     format 1); still emitted */
	uint64_t header_unsupported; /* sampled_header of a protocol other than
					Ethernet, IPv4, IPv6 */
	uint64_t header_undecoded;   /* sampled_header without a whole IP
					header (ARP, cut short, ...) */
	struct lf_pkt_stats headers; /* lf_pkt_decode results of the
					Ethernet/IPv4/IPv6 sampled headers */
	uint64_t if_counters;     /* generic interface counter records */
	uint64_t unknown_samples; /* samples of other types, skipped */
	uint64_t unknown_records; /* flow/counter records not decoded, skipped */
	uint64_t lost_datagrams;  /* estimated, from datagram sequence gaps */
	uint64_t lost_samples;    /* estimated, from sample sequence gaps */
	uint64_t seq_resets;      /* datagram or sample sequence restarted */
	uint64_t seq_reorders;    /* datagram or sample sequence went back a
				     little: duplicate or reordered */
	uint64_t agents;          /* (agent, sub-agent) pairs tracked */
	uint64_t agents_capped;   /* datagrams of an untracked agent (table full
				     or out of memory) */
	uint64_t sources;         /* (agent, sub-agent, source, kind) tracked */
	uint64_t sources_capped;  /* samples of an untracked source */
	uint64_t malformed[LF_SFLOW_BAD_MAX];
};

/*
 * One (agent, sub-agent) pair as lf_sflow_agent_get reports it. The counts
 * are of this agent's datagrams only.
 */
struct lf_sflow_agent {
	struct lf_addr addr;      /* agent address, or the UDP source when the
				     datagram's was "unknown" (af 0 if neither) */
	uint32_t sub_agent;
	uint32_t last_seq;        /* last datagram sequence number */
	uint32_t last_uptime_ms;  /* its uptime field */
	lf_time_t first_seen, last_seen; /* `now` of the first / last datagram */
	uint64_t datagrams;
	uint64_t flow_samples, counter_samples, flows;
	uint64_t lost_datagrams, lost_samples;
	uint64_t seq_resets;
};

/*
 * Generic interface counters (counter record 0:1, RFC 2233 names), passed
 * to the cfg's if_counters callback. sFlow marks a counter the agent does
 * not have with its maximum value (all ones); they are passed as sent.
 */
struct lf_sflow_ifc {
	lf_time_t time;           /* the caller's `now` */
	struct lf_addr agent;     /* as in struct lf_sflow_agent */
	uint32_t sub_agent;
	uint32_t source_type;     /* data source: 0 ifIndex, 1 VLAN, 2 entity */
	uint32_t source_index;
	uint32_t seq;             /* the counters sample's sequence number */
	uint32_t if_index, if_type;
	uint64_t if_speed;        /* bits/s */
	uint32_t if_direction;    /* 0 unknown, 1 full, 2 half, 3 in, 4 out */
	uint32_t if_status;       /* bit 0 admin up, bit 1 oper up */
	uint64_t in_octets;
	uint32_t in_ucast, in_mcast, in_bcast, in_discards, in_errors;
	uint32_t in_unknown_protos;
	uint64_t out_octets;
	uint32_t out_ucast, out_mcast, out_bcast, out_discards, out_errors;
	uint32_t promiscuous;
};

/* Called once per if_counters record; the struct is valid during the call. */
typedef void (*lf_sflow_ifc_cb)(void *ud, const struct lf_sflow_ifc *ic);

struct lf_sflow_cfg {
	uint32_t max_agents;      /* 0: LF_SFLOW_DEF_AGENTS */
	uint32_t max_sources;     /* 0: LF_SFLOW_DEF_SOURCES */
	uint64_t hash_seed;       /* seeds the tables' hash; pass a random
				     value so senders cannot aim collisions */
	lf_sflow_ifc_cb if_counters; /* may be NULL */
	void *if_counters_ud;
};

struct lf_sflow_ctx;

/*
 * Create a context. cfg may be NULL (all defaults, no counters callback).
 * The tables start small and grow up to their caps. Returns 0 and the
 * context in *out, -EINVAL (out NULL, or a cap over 2^30), or -ENOMEM.
 */
int lf_sflow_new(const struct lf_sflow_cfg *cfg, struct lf_sflow_ctx **out);

/* Free a context; NULL is ignored. */
void lf_sflow_free(struct lf_sflow_ctx *c);

/*
 * Decode one sFlow datagram: pkt[0..len) is the UDP payload, udp_src the
 * address it came from (may be NULL; used only when the agent address is
 * "unknown"), now the receive time. Calls cb (may be NULL) once for each
 * flow sample holding an IP packet, in datagram order, and the cfg's
 * if_counters callback for each generic interface counters record, while
 * decoding: on a malformed datagram the flows of the samples before the
 * fault (and after it, when only one record or sample was bad) have already
 * been emitted. Callbacks must not call lf_sflow_decode on the same context.
 *
 * Returns 0 when the whole datagram decoded, LF_EUNSUP when it is not
 * version 5, LF_EMALF when any part was malformed (see the counters for the
 * kind), -EINVAL when c is NULL or pkt is NULL with len > 0. Every outcome
 * but -EINVAL is counted. Never allocates more than the tables' caps allow;
 * when growing a table fails the key is simply not tracked (counted as a
 * cap hit), so the return value never reports -ENOMEM.
 */
int lf_sflow_decode(struct lf_sflow_ctx *c, const struct lf_addr *udp_src,
		    lf_time_t now, const uint8_t *pkt, size_t len,
		    lf_flow_cb cb, void *ud);

/* The context's counters; valid until the context is freed. */
const struct lf_sflow_counters *lf_sflow_counters(const struct lf_sflow_ctx *c);

/* Number of (agent, sub-agent) pairs tracked, indexed 0..n-1 in order of
 * first appearance. */
size_t lf_sflow_agent_count(const struct lf_sflow_ctx *c);

/* Copy agent i into *out. Returns 0, or LF_ENOENT if i is out of range. */
int lf_sflow_agent_get(const struct lf_sflow_ctx *c, size_t i,
		       struct lf_sflow_agent *out);

/* Short static name of a malformed kind ("sample_len", ...); "?" if out of
 * range. For metrics labels. */
const char *lf_sflow_bad_name(enum lf_sflow_bad kind);

#endif
