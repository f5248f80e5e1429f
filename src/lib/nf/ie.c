/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ie.c — the information elements the decoder uses, with the lengths
 * their abstract types allow.
 *
 * IPFIX information elements are numbered by IANA ("IPFIX Information
 * Elements" registry, RFC 7012); NetFlow v9 field types 1..127 are the
 * same numbers (RFC 3954 §8), and Cisco's v9 extensions above 127 were
 * registered with the same meaning, so one table serves both. Enterprise
 * elements (PEN bit, RFC 7011 §3.2) are unknown except the RFC 5103
 * reverse elements (PEN 29305) of the byte and packet counters; every
 * unknown element is skipped by its length.
 *
 * Lengths (RFC 7011 §6.2 reduced-size encoding): an unsigned integer may
 * be sent in fewer bytes than its type, never more; an address is exactly
 * 4 or 16 bytes; NTP timestamps exactly 8; a float 4 or 8; strings any
 * length, including variable. A field that breaks this is malformed
 * (pmacct #934 copied such a field into a fixed buffer) and is skipped.
 * Sampler ids are taken up to 8 bytes: Cisco sends FLOW_SAMPLER_ID (an
 * unsigned8 in IPFIX) in 2 or 4.
 */
#include <stddef.h>

#include "core/err.h"
#include "nf/nf_int.h"

enum kind {
	K_U,   /* unsigned, 1..max bytes */
	K_A,   /* address, exactly max bytes */
	K_S,   /* string / octets: any length, variable allowed */
	K_NTP, /* dateTimeMicroseconds / Nanoseconds: 8 bytes */
	K_F,   /* float32 / float64 */
};

struct ie {
	uint16_t id;
	uint8_t tgt;
	uint8_t kind;
	uint8_t max;
};

/* IANA elements, sorted by id. */
static const struct ie iana[] = {
	{1, T_OCT, K_U, 8},           /* octetDeltaCount */
	{2, T_PKT, K_U, 8},           /* packetDeltaCount */
	{4, T_PROTO, K_U, 1},         /* protocolIdentifier */
	{5, T_TOS, K_U, 1},           /* ipClassOfService */
	{6, T_TCPFLAGS, K_U, 2},      /* tcpControlBits (v9: 1 byte) */
	{7, T_SPORT, K_U, 2},         /* sourceTransportPort */
	{8, T_SRC4, K_A, 4},          /* sourceIPv4Address */
	{9, T_SRC_MASK, K_U, 1},      /* sourceIPv4PrefixLength */
	{10, T_IN_IF, K_U, 4},        /* ingressInterface */
	{11, T_DPORT, K_U, 2},        /* destinationTransportPort */
	{12, T_DST4, K_A, 4},         /* destinationIPv4Address */
	{13, T_DST_MASK, K_U, 1},     /* destinationIPv4PrefixLength */
	{14, T_OUT_IF, K_U, 4},       /* egressInterface */
	{15, T_NH4, K_A, 4},          /* ipNextHopIPv4Address */
	{16, T_SRC_AS, K_U, 4},       /* bgpSourceAsNumber */
	{17, T_DST_AS, K_U, 4},       /* bgpDestinationAsNumber */
	{18, T_BGPNH4, K_A, 4},       /* bgpNextHopIPv4Address */
	{21, T_END_UP, K_U, 4},       /* flowEndSysUpTime */
	{22, T_START_UP, K_U, 4},     /* flowStartSysUpTime */
	{23, T_OCT_POST, K_U, 8},     /* postOctetDeltaCount (v9 OUT_BYTES) */
	{24, T_PKT_POST, K_U, 8},     /* postPacketDeltaCount (v9 OUT_PKTS) */
	{27, T_SRC6, K_A, 16},        /* sourceIPv6Address */
	{28, T_DST6, K_A, 16},        /* destinationIPv6Address */
	{29, T_SRC_MASK, K_U, 1},     /* sourceIPv6PrefixLength */
	{30, T_DST_MASK, K_U, 1},     /* destinationIPv6PrefixLength */
	{32, T_ICMP_TC, K_U, 2},      /* icmpTypeCodeIPv4 */
	{34, T_SAMP_INTERVAL, K_U, 4}, /* samplingInterval */
	{48, T_SAMPLER_ID, K_U, 8},   /* samplerId / FLOW_SAMPLER_ID */
	{50, T_SAMP_INTERVAL, K_U, 4}, /* samplerRandomInterval */
	{58, T_VLAN, K_U, 2},         /* vlanId */
	{59, T_VLAN_POST, K_U, 2},    /* postVlanId */
	{61, T_DIR, K_U, 1},          /* flowDirection */
	{62, T_NH6, K_A, 16},         /* ipNextHopIPv6Address */
	{63, T_BGPNH6, K_A, 16},      /* bgpNextHopIPv6Address */
	{82, T_IF_NAME, K_S, 0},      /* interfaceName */
	{83, T_IF_DESC, K_S, 0},      /* interfaceDescription */
	{85, T_OCT_TOTAL, K_U, 8},    /* octetTotalCount */
	{86, T_PKT_TOTAL, K_U, 8},    /* packetTotalCount */
	{136, T_END_REASON, K_U, 1},  /* flowEndReason */
	{139, T_ICMP_TC, K_U, 2},     /* icmpTypeCodeIPv6 */
	{150, T_START_S, K_U, 4},     /* flowStartSeconds */
	{151, T_END_S, K_U, 4},       /* flowEndSeconds */
	{152, T_START_MS, K_U, 8},    /* flowStartMilliseconds */
	{153, T_END_MS, K_U, 8},      /* flowEndMilliseconds */
	{154, T_START_NTP, K_NTP, 8}, /* flowStartMicroseconds */
	{155, T_END_NTP, K_NTP, 8},   /* flowEndMicroseconds */
	{156, T_START_NTP, K_NTP, 8}, /* flowStartNanoseconds */
	{157, T_END_NTP, K_NTP, 8},   /* flowEndNanoseconds */
	{158, T_START_DELTA, K_U, 4}, /* flowStartDeltaMicroseconds */
	{159, T_END_DELTA, K_U, 4},   /* flowEndDeltaMicroseconds */
	{160, T_INIT_MS, K_U, 8},     /* systemInitTimeMilliseconds */
	{171, T_OCT_POST_TOTAL, K_U, 8}, /* postOctetTotalCount */
	{172, T_PKT_POST_TOTAL, K_U, 8}, /* postPacketTotalCount */
	{176, T_ICMP_TYPE, K_U, 1},   /* icmpTypeIPv4 */
	{177, T_ICMP_CODE, K_U, 1},   /* icmpCodeIPv4 */
	{178, T_ICMP_TYPE, K_U, 1},   /* icmpTypeIPv6 */
	{179, T_ICMP_CODE, K_U, 1},   /* icmpCodeIPv6 */
	{231, T_OCT_INIT, K_U, 8},    /* initiatorOctets (ASA fwd bytes) */
	{232, T_OCT_RESP, K_U, 8},    /* responderOctets (ASA rev bytes) */
	{243, T_VLAN_DOT1Q, K_U, 2},  /* dot1qVlanId */
	{298, T_PKT_INIT, K_U, 8},    /* initiatorPackets */
	{299, T_PKT_RESP, K_U, 8},    /* responderPackets */
	{302, T_SAMPLER_ID, K_U, 8},  /* selectorId */
	{305, T_SAMP_PKT_INTERVAL, K_U, 4}, /* samplingPacketInterval */
	{306, T_SAMP_PKT_SPACE, K_U, 4},    /* samplingPacketSpace */
	{309, T_SAMP_SIZE, K_U, 4},   /* samplingSize */
	{310, T_SAMP_POP, K_U, 4},    /* samplingPopulation */
	{311, T_SAMP_PROB, K_F, 8},   /* samplingProbability */
	{322, T_OBS_S, K_U, 4},       /* observationTimeSeconds */
	{323, T_OBS_MS, K_U, 8},      /* observationTimeMilliseconds */
	{324, T_OBS_NTP, K_NTP, 8},   /* observationTimeMicroseconds */
	{325, T_OBS_NTP, K_NTP, 8},   /* observationTimeNanoseconds */
};

/* RFC 5103 reverse elements (PEN 29305) the decoder uses. */
static const struct ie reverse[] = {
	{1, T_REV_OCT, K_U, 8},
	{2, T_REV_PKT, K_U, 8},
	{85, T_REV_OCT_TOTAL, K_U, 8},
	{86, T_REV_PKT_TOTAL, K_U, 8},
};

/* v9 options scope field types (RFC 3954 §6.1): only Interface is used. */
static const struct ie v9scope[] = {
	{2, T_IN_IF, K_U, 4},
};

static const struct ie *find(const struct ie *tab, size_t n, uint16_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tab[mid].id == id)
			return &tab[mid];
		if (tab[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static uint8_t uint_loader(unsigned len)
{
	switch (len) {
	case 1:
		return LD_U8;
	case 2:
		return LD_U16;
	case 4:
		return LD_U32;
	case 8:
		return LD_U64;
	default:
		return LD_UN;
	}
}

int lf_nf_ie_resolve(const struct nf_field *f, uint8_t *tgt, uint8_t *ld)
{
	const struct ie *e;

	*tgt = T_NONE;
	*ld = LD_SKIP;
	if (f->v9scope)
		e = find(v9scope, sizeof(v9scope) / sizeof(v9scope[0]), f->id);
	else if (f->pen == 0)
		e = find(iana, sizeof(iana) / sizeof(iana[0]), f->id);
	else if (f->pen == NF_PEN_REVERSE)
		e = find(reverse, sizeof(reverse) / sizeof(reverse[0]), f->id);
	else
		e = NULL;
	if (!e || f->len == 0)
		return 0;

	switch (e->kind) {
	case K_U:
		if (f->len == NF_VARLEN || f->len > e->max)
			return LF_EMALF;
		*ld = uint_loader(f->len);
		break;
	case K_A:
		if (f->len != e->max)
			return LF_EMALF;
		*ld = LD_PTR;
		break;
	case K_S:
		*ld = LD_PTR;
		break;
	case K_NTP:
		if (f->len != 8)
			return LF_EMALF;
		*ld = LD_U64;
		break;
	case K_F:
		if (f->len == 4)
			*ld = LD_F32;
		else if (f->len == 8)
			*ld = LD_F64;
		else
			return LF_EMALF;
		break;
	default:
		return 0;
	}
	*tgt = e->tgt;
	return 0;
}
