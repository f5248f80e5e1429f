/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkt.c — the packet decoder: link header, shims, IP, transport header.
 *
 * One pass, outside in, through one bounded reader over the captured
 * bytes. Each layer narrows the reader: the IP layer works on a sub-reader
 * of exactly the bytes the IP length covers (or fewer, if the capture was
 * cut by the snap length), the transport layer on the IP payload. Two
 * lengths travel together from the IP layer down: what the header says
 * (`len`) and what was captured (`lf_rd_left`), because running out of the
 * first is malformed input (LF_EMALF) and running out of the second is a
 * short capture (LF_ETRUNC). The captured length never exceeds the header
 * length.
 *
 * Every loop is bounded by a count (LF_PKT_MAX_SHIMS link-layer shims,
 * LF_PKT_MAX_EXT IPv6 extension headers) as well as by the bytes.
 */
#include <errno.h>
#include <string.h>

#include "core/err.h"
#include "core/rd.h"
#include "pkt/pkt.h"

/* The return code of each kind (pkt.h documents the pairs). */
static const int kind_rc[LF_PKT_E_COUNT] = {
	[LF_PKT_OK] = 0,
	[LF_PKT_E_LINKTYPE] = LF_EUNSUP,
	[LF_PKT_E_TRUNC_L2] = LF_ETRUNC,
	[LF_PKT_E_SHIMS] = LF_EUNSUP,
	[LF_PKT_E_NOT_IP] = LF_EUNSUP,
	[LF_PKT_E_TRUNC_L3] = LF_ETRUNC,
	[LF_PKT_E_IP_VERSION] = LF_EMALF,
	[LF_PKT_E_IP_HDRLEN] = LF_EMALF,
	[LF_PKT_E_IP_LEN] = LF_EMALF,
	[LF_PKT_E_EXT_CHAIN] = LF_EUNSUP,
	[LF_PKT_E_EXT_HDR] = LF_EMALF,
	[LF_PKT_E_TRUNC_L4] = LF_ETRUNC,
	[LF_PKT_E_L4_HDR] = LF_EMALF,
};

static const char *const kind_name[LF_PKT_E_COUNT] = {
	[LF_PKT_OK] = "ok",
	[LF_PKT_E_LINKTYPE] = "linktype",
	[LF_PKT_E_TRUNC_L2] = "trunc_l2",
	[LF_PKT_E_SHIMS] = "shims",
	[LF_PKT_E_NOT_IP] = "not_ip",
	[LF_PKT_E_TRUNC_L3] = "trunc_l3",
	[LF_PKT_E_IP_VERSION] = "ip_version",
	[LF_PKT_E_IP_HDRLEN] = "ip_hdrlen",
	[LF_PKT_E_IP_LEN] = "ip_len",
	[LF_PKT_E_EXT_CHAIN] = "ext_chain",
	[LF_PKT_E_EXT_HDR] = "ext_hdr",
	[LF_PKT_E_TRUNC_L4] = "trunc_l4",
	[LF_PKT_E_L4_HDR] = "l4_hdr",
};

/* Ethertypes and numbers of the shims and protocols walked here. */
#define ETH_VLAN 0x8100   /* IEEE 802.1Q */
#define ETH_QINQ 0x88a8   /* IEEE 802.1ad S-tag */
#define ETH_QINQ_OLD 0x9100 /* pre-standard QinQ */
#define ETH_VNTAG 0x8926  /* Cisco VN-Tag: 4 bytes, then the ethertype */
#define ETH_ETAG 0x893f   /* IEEE 802.1BR E-Tag: 6 bytes, then ethertype */
#define ETH_MPLS 0x8847
#define ETH_MPLS_MC 0x8848
#define ETH_PPPOE 0x8864  /* PPPoE session stage (RFC 2516 §4) */
#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057

#define PROTO_HOPOPTS 0
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_AH 51
#define PROTO_ICMPV6 58
#define PROTO_DSTOPTS 60
#define PROTO_SCTP 132

static int fail(struct lf_pkt *out, enum lf_pkt_err kind)
{
	out->err = (uint8_t)kind;
	out->sport = out->dport = 0;
	out->tcp_flags = 0;
	out->icmp_type = out->icmp_code = 0;
	out->payload = NULL;
	out->payload_len = 0;
	return kind_rc[kind];
}

/* The next byte, not consumed; the reader must not be empty. */
static uint8_t peek_u8(const struct lf_rd *r)
{
	return r->base[r->pos];
}

static void set_payload(struct lf_pkt *out, struct lf_rd *r, size_t n)
{
	out->payload_len = n;
	out->payload = n ? lf_rd_ptr(r, n) : NULL;
}

/*
 * The shims between the link header and IP: VLAN-style tags, VN-Tag,
 * E-Tag, an MPLS label stack, a PPPoE session header. *et is the
 * ethertype read last; on return it names IPv4 or IPv6, or is what could
 * not be opened (the caller reports it as not IP).
 */
static int shims(struct lf_rd *r, struct lf_pkt *out, uint16_t *et)
{
	for (unsigned n = 0;; n++) {
		uint16_t t = *et;

		if (t != ETH_VLAN && t != ETH_QINQ && t != ETH_QINQ_OLD &&
		    t != ETH_VNTAG && t != ETH_ETAG && t != ETH_MPLS &&
		    t != ETH_MPLS_MC && t != ETH_PPPOE)
			return 0;
		if (n == LF_PKT_MAX_SHIMS)
			return fail(out, LF_PKT_E_SHIMS);
		switch (t) {
		case ETH_VLAN:
		case ETH_QINQ:
		case ETH_QINQ_OLD: {
			/* IEEE 802.1Q §9.6: TCI (PCP 3, DEI 1, VID 12) */
			uint16_t tci = lf_rd_u16(r);
			*et = lf_rd_u16(r);
			if (lf_rd_err(r))
				return fail(out, LF_PKT_E_TRUNC_L2);
			if (out->nvlan < 2)
				out->vlan[out->nvlan] = tci & 0x0fff;
			out->nvlan++;
			break;
		}
		case ETH_VNTAG:
			lf_rd_skip(r, 4);
			*et = lf_rd_u16(r);
			break;
		case ETH_ETAG:
			lf_rd_skip(r, 6);
			*et = lf_rd_u16(r);
			break;
		case ETH_MPLS:
		case ETH_MPLS_MC: {
			/* RFC 3032 §2.1: label 20, TC 3, S 1, TTL 8; the
			 * labels count towards the shim budget. */
			uint32_t lse = lf_rd_u32(r);
			if (lf_rd_err(r))
				return fail(out, LF_PKT_E_TRUNC_L2);
			if (!(lse & 0x100))
				break; /* not bottom of stack: next label */
			/* No protocol field: RFC 3032 §2.2 leaves it to the
			 * label; the first nibble tells IP from the rest
			 * (a pseudowire control word starts with 0). */
			if (lf_rd_left(r) == 0)
				return fail(out, LF_PKT_E_TRUNC_L3);
			unsigned v = peek_u8(r) >> 4;
			*et = v == 4 ? LF_ETH_IPV4 : v == 6 ? LF_ETH_IPV6 : t;
			out->ethertype = *et;
			return *et == t ? fail(out, LF_PKT_E_NOT_IP) : 0;
		}
		case ETH_PPPOE: {
			/* RFC 2516 §4: ver/type, code, session id, length;
			 * then the PPP protocol (RFC 1661 §2). */
			lf_rd_skip(r, 6);
			uint16_t proto = lf_rd_u16(r);
			if (lf_rd_err(r))
				return fail(out, LF_PKT_E_TRUNC_L2);
			if (proto == PPP_IPV4)
				*et = LF_ETH_IPV4;
			else if (proto == PPP_IPV6)
				*et = LF_ETH_IPV6;
			else {
				out->ethertype = proto;
				return fail(out, LF_PKT_E_NOT_IP);
			}
			return 0;
		}
		}
		if (lf_rd_err(r))
			return fail(out, LF_PKT_E_TRUNC_L2);
	}
}

/* Loopback address families (DLT_NULL, DLT_LOOP): AF_INET is 2
 * everywhere, AF_INET6 differs by system. */
static uint16_t loop_af(uint32_t af)
{
	switch (af) {
	case 2:
		return LF_ETH_IPV4;
	case 10: /* Linux */
	case 24: /* NetBSD, OpenBSD, BSD/OS */
	case 28: /* FreeBSD, DragonFly */
	case 30: /* Darwin */
		return LF_ETH_IPV6;
	}
	return 0;
}

/*
 * The link header: leaves r at the first byte after it and *et at the
 * ethertype of what follows (0 = decide by the IP version nibble).
 */
static int linkhdr(int linktype, struct lf_rd *r, struct lf_pkt *out,
		   uint16_t *et)
{
	switch (linktype) {
	case LF_DLT_EN10MB:
		lf_rd_skip(r, 12); /* destination and source MAC */
		*et = lf_rd_u16(r);
		if (lf_rd_err(r))
			return fail(out, LF_PKT_E_TRUNC_L2);
		return shims(r, out, et);
	case LF_DLT_RAW:
	case LF_LINKTYPE_RAW:
		*et = 0;
		return 0;
	case LF_LINKTYPE_IPV4:
		*et = LF_ETH_IPV4;
		return 0;
	case LF_LINKTYPE_IPV6:
		*et = LF_ETH_IPV6;
		return 0;
	case LF_DLT_NULL:
	case LF_DLT_LOOP: {
		const uint8_t *p = lf_rd_ptr(r, 4);
		if (!p)
			return fail(out, LF_PKT_E_TRUNC_L2);
		/* DLT_NULL is in the byte order of the machine that wrote the
		 * capture: a family never exceeds 16 bits, so a value that
		 * does is the other order. DLT_LOOP is always big-endian. */
		uint32_t be = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
			      ((uint32_t)p[2] << 8) | p[3];
		uint32_t le = ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) |
			      ((uint32_t)p[1] << 8) | p[0];
		uint32_t af = linktype == LF_DLT_LOOP ? be
			      : le > 0xffff	      ? be
						      : le;
		*et = loop_af(af);
		if (*et == 0) {
			out->ethertype = (uint16_t)af;
			return fail(out, LF_PKT_E_NOT_IP);
		}
		return 0;
	}
	case LF_DLT_LINUX_SLL:
		/* packet type, ARPHRD type, address length, 8 address bytes,
		 * then the protocol (an ethertype for every link type that
		 * carries IP). */
		lf_rd_skip(r, 14);
		*et = lf_rd_u16(r);
		if (lf_rd_err(r))
			return fail(out, LF_PKT_E_TRUNC_L2);
		return shims(r, out, et);
	case LF_DLT_LINUX_SLL2:
		/* protocol, reserved, ifindex, ARPHRD type, packet type,
		 * address length, 8 address bytes */
		*et = lf_rd_u16(r);
		lf_rd_skip(r, 18);
		if (lf_rd_err(r))
			return fail(out, LF_PKT_E_TRUNC_L2);
		return shims(r, out, et);
	}
	return fail(out, LF_PKT_E_LINKTYPE);
}

/*
 * The transport header of out->proto in r (captured bytes of the IP
 * payload), len bytes long per the IP header (len >= lf_rd_left(r)).
 */
static int transport(struct lf_rd *r, size_t len, int v6, struct lf_pkt *out)
{
	size_t cap = lf_rd_left(r);
	size_t hlen;

	if (out->frag == LF_PKT_FRAG_LATER) {
		set_payload(out, r, cap);
		return 0;
	}
	switch (out->proto) {
	case PROTO_TCP:
		hlen = 20;
		break;
	case PROTO_UDP:
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		/* ICMP (RFC 792) and ICMPv6 (RFC 4443 §2.1): type, code,
		 * checksum and the 4 bytes every message type defines. */
		hlen = 8;
		break;
	case PROTO_SCTP:
		hlen = 12; /* RFC 9260 §3.1 common header */
		break;
	default:
		hlen = 0;
		break;
	}
	if ((out->proto == PROTO_ICMP && v6) ||
	    (out->proto == PROTO_ICMPV6 && !v6))
		hlen = 0; /* ICMP of the other family: opaque */
	if (hlen == 0) {
		set_payload(out, r, cap);
		return 0;
	}
	if (len < hlen)
		return fail(out, LF_PKT_E_L4_HDR);
	if (cap < hlen)
		return fail(out, LF_PKT_E_TRUNC_L4);

	const uint8_t *h = lf_rd_ptr(r, hlen); /* cap >= hlen: not NULL */
	switch (out->proto) {
	case PROTO_TCP: {
		/* RFC 9293 §3.1: data offset in 32-bit words, >= 5 */
		size_t off = (size_t)(h[12] >> 4) * 4;
		if (off < 20 || off > len)
			return fail(out, LF_PKT_E_L4_HDR);
		if (off > cap)
			return fail(out, LF_PKT_E_TRUNC_L4);
		out->sport = (uint16_t)(h[0] << 8 | h[1]);
		out->dport = (uint16_t)(h[2] << 8 | h[3]);
		out->tcp_flags = h[13];
		lf_rd_skip(r, off - 20); /* options */
		set_payload(out, r, cap - off);
		return 0;
	}
	case PROTO_UDP: {
		/* RFC 768: the length covers header and data. A first
		 * fragment carries only part of the datagram. */
		size_t ulen = (size_t)(h[4] << 8 | h[5]);
		if (ulen < 8)
			return fail(out, LF_PKT_E_L4_HDR);
		if (out->frag == 0) {
			if (ulen > len)
				return fail(out, LF_PKT_E_L4_HDR);
		} else {
			ulen = len;
		}
		out->sport = (uint16_t)(h[0] << 8 | h[1]);
		out->dport = (uint16_t)(h[2] << 8 | h[3]);
		set_payload(out, r, (ulen < cap ? ulen : cap) - 8);
		return 0;
	}
	case PROTO_SCTP:
		out->sport = (uint16_t)(h[0] << 8 | h[1]);
		out->dport = (uint16_t)(h[2] << 8 | h[3]);
		set_payload(out, r, cap - 12);
		return 0;
	default: /* ICMP, ICMPv6 */
		out->icmp_type = h[0];
		out->icmp_code = h[1];
		set_payload(out, r, cap - 8);
		return 0;
	}
}

/* The frame's length on the wire from here on, as an IP length. */
static uint32_t wire_ip_len(size_t wire_left)
{
	return wire_left > UINT32_MAX ? UINT32_MAX : (uint32_t)wire_left;
}

/* RFC 791 §3.1. r is at the IP header; wire_left counts from there. */
static int ipv4(struct lf_rd *r, size_t wire_left, struct lf_pkt *out)
{
	const uint8_t *h = lf_rd_ptr(r, 20);
	if (!h)
		return fail(out, LF_PKT_E_TRUNC_L3);
	size_t hlen = (size_t)(h[0] & 0x0f) * 4;
	if (hlen < 20)
		return fail(out, LF_PKT_E_IP_HDRLEN);
	size_t avail = lf_rd_left(r) + 20;
	if (hlen > avail)
		return fail(out, LF_PKT_E_TRUNC_L3);
	lf_rd_skip(r, hlen - 20); /* options: not interpreted */

	out->tos = h[1];
	out->ttl = h[8];
	out->proto = h[9];
	out->src.af = out->dst.af = LF_AF_V4;
	memcpy(out->src.b, h + 12, 4);
	memcpy(out->dst.b, h + 16, 4);

	size_t tot = (size_t)(h[2] << 8 | h[3]);
	if (tot == 0) /* segmentation offload: the frame is the length */
		tot = wire_left;
	out->ip_len = wire_ip_len(tot);
	if (tot < hlen)
		return fail(out, LF_PKT_E_IP_HDRLEN);
	if (tot > wire_left)
		return fail(out, LF_PKT_E_IP_LEN);

	unsigned ff = (unsigned)(h[6] << 8 | h[7]);
	if (ff & 0x1fff)
		out->frag = LF_PKT_FRAG_LATER;
	else if (ff & 0x2000)
		out->frag = LF_PKT_FRAG_FIRST;

	/* The IP payload: tot - hlen by the header, of which what the
	 * capture holds (bytes past tot are padding or trailer). */
	size_t len = tot - hlen;
	size_t cap = avail - hlen;
	struct lf_rd pl;
	lf_rd_sub(r, cap < len ? cap : len, &pl);
	return transport(&pl, len, 0, out);
}

/* RFC 8200 §3, §4. r is at the IPv6 header; wire_left counts from there. */
static int ipv6(struct lf_rd *r, size_t wire_left, struct lf_pkt *out)
{
	const uint8_t *h = lf_rd_ptr(r, 40);
	if (!h)
		return fail(out, LF_PKT_E_TRUNC_L3);

	out->tos = (uint8_t)((h[0] << 4) | (h[1] >> 4));
	out->ttl = h[7];
	out->src.af = out->dst.af = LF_AF_V6;
	memcpy(out->src.b, h + 8, 16);
	memcpy(out->dst.b, h + 24, 16);

	size_t len = (size_t)(h[4] << 8 | h[5]);
	if (len == 0) /* jumbogram (RFC 2675) or segmentation offload */
		len = wire_left - 40;
	out->ip_len = wire_ip_len(len + 40);
	uint8_t nh = h[6];
	out->proto = nh;
	if (len > wire_left - 40)
		return fail(out, LF_PKT_E_IP_LEN);

	size_t cap = lf_rd_left(r);
	struct lf_rd pl;
	lf_rd_sub(r, cap < len ? cap : len, &pl);

	/* The extension header chain, at most LF_PKT_MAX_EXT long. `len`
	 * follows the payload length the header declared. */
	int seen_frag = 0;
	for (unsigned n = 0;; n++) {
		size_t elen;

		if (nh != PROTO_HOPOPTS && nh != PROTO_ROUTING &&
		    nh != PROTO_FRAGMENT && nh != PROTO_AH &&
		    nh != PROTO_DSTOPTS)
			break;
		if (n == LF_PKT_MAX_EXT)
			return fail(out, LF_PKT_E_EXT_CHAIN);
		/* §4.1: hop-by-hop only right after the IPv6 header */
		if (nh == PROTO_HOPOPTS && n != 0)
			return fail(out, LF_PKT_E_EXT_HDR);
		if (len < 2)
			return fail(out, LF_PKT_E_EXT_HDR);
		struct lf_rd peek = pl; /* a copy: look before taking */
		const uint8_t *e = lf_rd_ptr(&peek, 2);
		if (!e)
			return fail(out, LF_PKT_E_TRUNC_L3);
		if (nh == PROTO_FRAGMENT)
			elen = 8; /* §4.5 */
		else if (nh == PROTO_AH)
			elen = ((size_t)e[1] + 2) * 4; /* RFC 4302 §2.2 */
		else
			elen = ((size_t)e[1] + 1) * 8; /* §4.3, 4.4, 4.6 */
		if (elen > len)
			return fail(out, LF_PKT_E_EXT_HDR);
		if (elen > lf_rd_left(&pl))
			return fail(out, LF_PKT_E_TRUNC_L3);
		uint8_t type = nh;
		e = lf_rd_ptr(&pl, elen);
		len -= elen;
		nh = e[0];
		out->proto = nh;
		out->next_ext = (uint8_t)(n + 1);
		if (type != PROTO_FRAGMENT)
			continue;
		/* §4.5: offset (13 bits, 8-byte units), 2 reserved, M. One
		 * fragment header per packet: a second one is an evasion. */
		if (seen_frag)
			return fail(out, LF_PKT_E_EXT_HDR);
		seen_frag = 1;
		unsigned off = (unsigned)(e[2] << 8 | e[3]) >> 3;
		if (off) {
			/* a later fragment: the rest is not a header chain */
			out->frag = LF_PKT_FRAG_LATER;
			break;
		}
		if (e[3] & 1)
			out->frag = LF_PKT_FRAG_FIRST;
		/* offset 0 and M 0: an atomic fragment (RFC 6946), a whole
		 * packet */
	}
	return transport(&pl, len, 1, out);
}

int lf_pkt_decode(int linktype, const uint8_t *frame, size_t caplen,
		  size_t wirelen, lf_time_t ts, struct lf_pkt *out)
{
	struct lf_rd r;
	uint16_t et = 0;
	int rc;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->ts = ts;
	if (wirelen < caplen)
		wirelen = caplen;
	out->wire_len = wirelen;
	lf_rd_init(&r, frame, frame ? caplen : 0);

	rc = linkhdr(linktype, &r, out, &et);
	if (rc)
		return rc;
	if (et != 0 && et != LF_ETH_IPV4 && et != LF_ETH_IPV6) {
		out->ethertype = et;
		return fail(out, LF_PKT_E_NOT_IP);
	}
	out->ethertype = et;
	if (lf_rd_left(&r) == 0)
		return fail(out, LF_PKT_E_TRUNC_L3);
	unsigned v = peek_u8(&r) >> 4;
	if ((v != 4 && v != 6) || (et == LF_ETH_IPV4 && v != 4) ||
	    (et == LF_ETH_IPV6 && v != 6))
		return fail(out, LF_PKT_E_IP_VERSION);
	out->ethertype = v == 4 ? LF_ETH_IPV4 : LF_ETH_IPV6;
	/* r.pos <= caplen <= wirelen */
	size_t wire_left = wirelen - r.pos;
	return v == 4 ? ipv4(&r, wire_left, out) : ipv6(&r, wire_left, out);
}

void lf_pkt_stats_add(struct lf_pkt_stats *s, int rc, const struct lf_pkt *p)
{
	s->packets++;
	if (rc == 0)
		s->decoded++;
	else if (p->err > LF_PKT_OK && p->err < LF_PKT_E_COUNT)
		s->err[p->err]++;
	if (p->src.af == LF_AF_V4)
		s->ipv4++;
	else if (p->src.af == LF_AF_V6)
		s->ipv6++;
	if (p->frag == LF_PKT_FRAG_FIRST)
		s->frag_first++;
	else if (p->frag == LF_PKT_FRAG_LATER)
		s->frag_later++;
}

void lf_pkt_stats_merge(struct lf_pkt_stats *a, const struct lf_pkt_stats *b)
{
	a->packets += b->packets;
	a->decoded += b->decoded;
	a->ipv4 += b->ipv4;
	a->ipv6 += b->ipv6;
	a->frag_first += b->frag_first;
	a->frag_later += b->frag_later;
	for (unsigned i = 0; i < LF_PKT_E_COUNT; i++)
		a->err[i] += b->err[i];
}

const char *lf_pkt_err_name(unsigned kind)
{
	return kind < LF_PKT_E_COUNT ? kind_name[kind] : "unknown";
}
