/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkt.h — decode one captured frame down to the transport header.
 *
 * The sensor reads packets with libpcap and hands each one over as
 * (link type, captured bytes, length on the wire, timestamp); this module
 * turns that into a struct lf_pkt: VLAN tags, IP addresses, protocol,
 * fragment state, ports, TCP flags, ICMP type and code, and where the
 * transport payload lies inside the capture. It never copies, allocates or
 * reassembles: the payload pointer points into the caller's frame.
 *
 * Layers (docs/packets.md has the full table):
 *  - links: Ethernet (DLT_EN10MB 1), raw IP (DLT_RAW 12, LINKTYPE_RAW 101,
 *    LINKTYPE_IPV4 228, LINKTYPE_IPV6 229), BSD loopback (DLT_NULL 0 in
 *    either byte order, DLT_LOOP 108 big-endian), Linux cooked capture
 *    (DLT_LINUX_SLL 113, DLT_LINUX_SLL2 276);
 *  - shims between the link and IP: 802.1Q / 802.1ad / old QinQ tags
 *    (0x8100, 0x88a8, 0x9100), Cisco VN-Tag (0x8926), 802.1BR E-Tag
 *    (0x893f), MPLS label stacks (0x8847, 0x8848) and PPPoE sessions
 *    (0x8864) — at most LF_PKT_MAX_SHIMS of them in all;
 *  - IPv4 with options; IPv6 with up to LF_PKT_MAX_EXT extension headers
 *    (hop-by-hop, routing, fragment, destination options, AH);
 *  - TCP, UDP, ICMP and ICMPv6 headers; every other protocol (GRE, ESP,
 *    IGMP, SCTP, ...) is reported by number only.
 *
 * Fragments are marked, not reassembled: the first fragment carries the
 * transport header and its ports, later ones report the protocol only.
 *
 * Errors. lf_pkt_decode returns 0, or one of LF_ETRUNC (the capture ends
 * inside a header), LF_EMALF (a header contradicts itself or its
 * container) and LF_EUNSUP (a link type, encapsulation or depth this
 * decoder does not open), and says which kind in out->err (enum
 * lf_pkt_err). Whatever was decoded before the failing layer stays in
 * *out: in particular out->src.af is non-zero exactly when the IP
 * addresses were read from a complete IP header, so a caller may still
 * match the addresses of a packet whose transport header is broken.
 * struct lf_pkt_stats counts results by kind for the sensor's counters.
 *
 * Lengths. caplen bytes were captured of a frame that was wirelen long on
 * the wire (wirelen < caplen is taken as caplen). A capture cut short by
 * the snap length is normal: payload_len is what was captured. An IP
 * length that is larger than what the frame carried on the wire is
 * malformed (LF_PKT_E_IP_LEN); bytes after the IP length (Ethernet
 * padding, trailers) are ignored. An IP length field of 0 (TCP
 * segmentation offload on the capturing host, IPv6 jumbograms) means "the
 * rest of the frame".
 *
 * Pure functions; thread-safe; nothing allocates.
 */
#ifndef LF_PKT_PKT_H
#define LF_PKT_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"

/* Link types (pcap LINKTYPE_ / DLT_ values) lf_pkt_decode understands. */
#define LF_DLT_NULL 0         /* BSD loopback, 4-byte AF in writer's order */
#define LF_DLT_EN10MB 1       /* Ethernet */
#define LF_DLT_RAW 12         /* raw IPv4/IPv6 (libpcap's DLT_RAW) */
#define LF_LINKTYPE_RAW 101   /* the same, as written in pcap files */
#define LF_DLT_LOOP 108       /* OpenBSD loopback, AF big-endian */
#define LF_DLT_LINUX_SLL 113  /* Linux cooked capture v1 */
#define LF_LINKTYPE_IPV4 228  /* raw IPv4 only */
#define LF_LINKTYPE_IPV6 229  /* raw IPv6 only */
#define LF_DLT_LINUX_SLL2 276 /* Linux cooked capture v2 */

/* Bounds on the walks (docs/packets.md). */
#define LF_PKT_MAX_SHIMS 8 /* VLAN tags + VN/E-tags + MPLS labels + PPPoE */
#define LF_PKT_MAX_EXT 8   /* IPv6 extension headers */

/* out->frag */
#define LF_PKT_FRAG_FIRST 1 /* offset 0, more fragments: ports present */
#define LF_PKT_FRAG_LATER 2 /* offset > 0: no transport header */

/* TCP flags (RFC 9293 §3.1; CWR/ECE RFC 3168). */
#define LF_TCP_FIN 0x01
#define LF_TCP_SYN 0x02
#define LF_TCP_RST 0x04
#define LF_TCP_PSH 0x08
#define LF_TCP_ACK 0x10
#define LF_TCP_URG 0x20
#define LF_TCP_ECE 0x40
#define LF_TCP_CWR 0x80

/* Ethertypes out->ethertype may hold after a successful decode. */
#define LF_ETH_IPV4 0x0800
#define LF_ETH_IPV6 0x86dd

/* What went wrong, by layer; the return code of each kind is fixed. */
enum lf_pkt_err {
	LF_PKT_OK = 0,
	LF_PKT_E_LINKTYPE,  /* EUNSUP: link type not listed above */
	LF_PKT_E_TRUNC_L2,  /* ETRUNC: capture ends in the link header/shims */
	LF_PKT_E_SHIMS,     /* EUNSUP: more than LF_PKT_MAX_SHIMS shims */
	LF_PKT_E_NOT_IP,    /* EUNSUP: ARP, LLDP, 802.3/LLC, non-IP PPP,
			     * MPLS pseudowire, unknown loopback family ... */
	LF_PKT_E_TRUNC_L3,  /* ETRUNC: capture ends in the IP header or an
			     * IPv6 extension header */
	LF_PKT_E_IP_VERSION, /* EMALF: version nibble is not 4/6, or not the
			      * one the link layer announced */
	LF_PKT_E_IP_HDRLEN, /* EMALF: IPv4 IHL < 5, or IHL past total length */
	LF_PKT_E_IP_LEN,    /* EMALF: IP length past the frame on the wire */
	LF_PKT_E_EXT_CHAIN, /* EUNSUP: more than LF_PKT_MAX_EXT IPv6
			     * extension headers */
	LF_PKT_E_EXT_HDR,   /* EMALF: extension header past the payload
			     * length, hop-by-hop not first, two fragment
			     * headers */
	LF_PKT_E_TRUNC_L4,  /* ETRUNC: capture ends in the transport header */
	LF_PKT_E_L4_HDR,    /* EMALF: transport header longer than the IP
			     * payload, TCP data offset < 5, UDP length < 8
			     * or past the IP payload */
	LF_PKT_E_COUNT
};

struct lf_pkt {
	lf_time_t ts;         /* as given */
	size_t wire_len;      /* as given (at least the captured length) */
	uint16_t vlan[2];     /* VLAN ids, outermost first; vlan[i] valid
			       * for i < nvlan, others 0 */
	uint8_t nvlan;        /* 802.1Q/802.1ad tags seen (may be > 2) */
	uint8_t err;          /* enum lf_pkt_err; LF_PKT_OK on success */
	uint16_t ethertype;   /* LF_ETH_IPV4/IPV6, or on LF_PKT_E_NOT_IP the
			       * ethertype (or loopback family, PPP protocol)
			       * that was not IP */
	struct lf_addr src, dst; /* af 0 until a whole IP header was read */
	uint8_t proto;        /* IPv4 Protocol / last IPv6 Next Header */
	uint8_t ttl;          /* TTL / Hop Limit */
	uint8_t tos;          /* TOS / Traffic Class */
	uint8_t frag;         /* 0, LF_PKT_FRAG_FIRST, LF_PKT_FRAG_LATER */
	uint8_t next_ext;     /* IPv6 extension headers walked */
	uint8_t tcp_flags;    /* LF_TCP_* of byte 13 */
	uint8_t icmp_type, icmp_code; /* ICMP and ICMPv6 */
	uint16_t sport, dport; /* TCP/UDP; 0 for everything else */
	uint32_t ip_len;      /* IP packet length from its header: IPv4 Total
			       * Length, IPv6 40 + Payload Length (or the
			       * frame's length when the field is 0) */
	const uint8_t *payload; /* transport payload inside the frame (the IP
				 * payload for other protocols and later
				 * fragments); NULL when payload_len is 0 */
	size_t payload_len;   /* bytes of it in the capture */
};

/*
 * Decode frame[0..caplen) captured with the given link type (one of the
 * LF_DLT_ / LF_LINKTYPE_ values) into *out, which is cleared first.
 * frame may be NULL when caplen is 0. ts is copied into out->ts.
 *
 * Returns 0, or LF_ETRUNC / LF_EMALF / LF_EUNSUP with the kind in
 * out->err (see enum lf_pkt_err for which code goes with which kind), or
 * -EINVAL if out is NULL. On error the fields of the layers decoded before
 * the failure remain set (src.af != 0: addresses, proto, ttl, ip_len are
 * valid), ports and payload are 0. out->payload points into frame: valid
 * as long as the frame is.
 */
int lf_pkt_decode(int linktype, const uint8_t *frame, size_t caplen,
		  size_t wirelen, lf_time_t ts, struct lf_pkt *out);

/*
 * Decode counters the caller keeps (one per thread, summed for display).
 * err[k] counts results of kind k; err[LF_PKT_OK] stays 0 (successes are
 * `decoded`). Fragments are counted whether or not the rest decoded.
 */
struct lf_pkt_stats {
	uint64_t packets;            /* frames given to lf_pkt_stats_add */
	uint64_t decoded;            /* returned 0 */
	uint64_t ipv4, ipv6;         /* frames whose IP header was read */
	uint64_t frag_first, frag_later;
	uint64_t err[LF_PKT_E_COUNT];
};

/* Count one result: rc and *p as lf_pkt_decode left them. */
void lf_pkt_stats_add(struct lf_pkt_stats *s, int rc, const struct lf_pkt *p);

/* Add every counter of b into a. */
void lf_pkt_stats_merge(struct lf_pkt_stats *a, const struct lf_pkt_stats *b);

/*
 * A short stable name for a kind ("ok", "trunc_l2", "not_ip", ...) for
 * counters and logs; "unknown" outside the enum. Never NULL.
 */
const char *lf_pkt_err_name(unsigned kind);

#endif
