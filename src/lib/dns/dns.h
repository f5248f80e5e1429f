/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dns.h — DNS messages (RFC 1035) as the sensor sees them on port 53.
 *
 * The sensor matches DNS against domain indicators: the query name of every
 * message, and for responses the answers, so that a domain indicator can be
 * linked to the addresses it resolved to (lf_dns_chain). This module turns
 * one message into a struct lf_dns_msg: header, the first question, the
 * answer records (owner, type, class, TTL, and the data of A, AAAA and the
 * single-name types CNAME, DNAME, NS, PTR), the EDNS0 OPT record, and a
 * verdict — clean, clean with anomalies, or malformed with a kind.
 *
 * Names are text in one canonical form, so that equal names are equal
 * strings and indicators can be matched with no further work:
 *  - labels joined by '.', no trailing dot; the root is ".";
 *  - ASCII letters lowercased (RFC 4343 — DNS is case-insensitive for ASCII
 *    only, and "0x20" randomisation mixes case on purpose);
 *  - any other octet is written in RFC 1035 §5.1 presentation form: the
 *    specials . \ " ( ) ; @ $ as "\X", other printable ASCII as is, and
 *    everything else (controls, space, DEL, bytes >= 0x80) as "\DDD".
 * So a text name is printable ASCII (0x21..0x7e), never holds an upper-case
 * letter or a NUL, and is at most LF_DNS_NAME_MAX characters (four labels
 * of 63+63+63+61 octets, all escaped: 4 * 250 + 3). A name whose labels are
 * not all hostname labels ([a-z0-9_-]) sets LF_DNS_A_ODD_NAME; it cannot
 * match a domain indicator as a whole, but its clean tail can
 * (lf_dns_host_suffix), so that "\000\001.evil.example" still matches
 * "evil.example and subdomains".
 *
 * Nothing here allocates: the caller owns the message struct and the array
 * the answers go to, sized to taste (LF_DNS_ANSWERS_MAX is the sensor's).
 * Answers beyond the capacity are parsed, checked and counted, not kept.
 *
 * Every function is pure and thread-safe; one lf_dns_msg per thread.
 * docs/dns.md lists what is parsed, the limits and every fault kind.
 */
#ifndef LF_DNS_DNS_H
#define LF_DNS_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

/* Limits. */
#define LF_DNS_HEADER_LEN 12     /* RFC 1035 §4.1.1 */
#define LF_DNS_LABEL_MAX 63      /* octets in a label, RFC 1035 §2.3.4 */
#define LF_DNS_WIRE_MAX 255      /* octets in a wire name, RFC 1035 §2.3.4 */
#define LF_DNS_NAME_MAX 1003     /* characters in a text name (see above) */
#define LF_DNS_PTR_MAX 64        /* compression pointers followed per name */
#define LF_DNS_CHAIN_MAX 16      /* CNAMEs followed by lf_dns_chain */
#define LF_DNS_ANSWERS_MAX 64    /* the sensor's answer capacity */

/* Header flag bits, at their place in the 16-bit flags word (RFC 1035
 * §4.1.1; AD and CD from RFC 4035 §3.2). */
#define LF_DNS_F_QR 0x8000
#define LF_DNS_F_AA 0x0400
#define LF_DNS_F_TC 0x0200
#define LF_DNS_F_RD 0x0100
#define LF_DNS_F_RA 0x0080
#define LF_DNS_F_Z 0x0040
#define LF_DNS_F_AD 0x0020
#define LF_DNS_F_CD 0x0010

/* The types and classes this module treats specially (IANA registry). */
#define LF_DNS_T_A 1
#define LF_DNS_T_NS 2
#define LF_DNS_T_CNAME 5
#define LF_DNS_T_SOA 6
#define LF_DNS_T_PTR 12
#define LF_DNS_T_TXT 16
#define LF_DNS_T_AAAA 28
#define LF_DNS_T_DNAME 39
#define LF_DNS_T_OPT 41
#define LF_DNS_C_IN 1

/* Which member of the rdata union of an lf_dns_rr holds the data. */
enum lf_dns_rdata {
	LF_DNS_RDATA_NONE = 0, /* not decoded (other types; A/AAAA not IN) */
	LF_DNS_RDATA_ADDR,     /* A or AAAA of class IN: addr */
	LF_DNS_RDATA_NAME,     /* CNAME, DNAME, NS, PTR: target */
};

/* One resource record of the answer section. */
struct lf_dns_rr {
	uint16_t type, cls;
	uint32_t ttl;       /* seconds; a TTL with the top bit set reads as 0
			     * (RFC 2181 §8) and sets LF_DNS_A_TTL */
	uint16_t rdlength;  /* as on the wire */
	uint8_t rdata;      /* enum lf_dns_rdata */
	char name[LF_DNS_NAME_MAX + 1]; /* owner, text form */
	union {
		struct lf_addr addr;              /* LF_DNS_RDATA_ADDR */
		char target[LF_DNS_NAME_MAX + 1]; /* LF_DNS_RDATA_NAME */
	};
};

/*
 * Why a message is malformed (lf_dns_msg.fault). The parse stops at the
 * first fault; lf_dns_fault_name() gives each a stable name for counters.
 */
enum lf_dns_fault {
	LF_DNS_OK = 0,
	LF_DNS_E_HEADER,      /* fewer than 12 octets */
	LF_DNS_E_COUNT,       /* message ends where the header's counts
			       * announce another question or record */
	LF_DNS_E_TRUNC,       /* a question or record is cut short: fixed
			       * fields or rdata run past the end */
	LF_DNS_E_NAME_TRUNC,  /* a name runs past the end of the message */
	LF_DNS_E_LABEL_TYPE,  /* label type 0b01 (extended, RFC 6891 §5) or
			       * 0b10 (reserved): a length octet 64..191 */
	LF_DNS_E_NAME_LONG,   /* a name over 255 octets */
	LF_DNS_E_PTR_LOOP,    /* a compression pointer that does not point
			       * strictly backwards: to itself, forward, or
			       * into its own name — what every loop needs */
	LF_DNS_E_PTR_OVERRUN, /* a pointer past the end or into the header */
	LF_DNS_E_PTR_CHAIN,   /* more than LF_DNS_PTR_MAX pointers in a name */
	LF_DNS_E_RDLEN,       /* rdlength wrong for the type: A not 4, AAAA
			       * not 16 (class IN), a name not filling it */
	LF_DNS__E_COUNT
};

/* Where the fault is (lf_dns_msg.fault_section). */
enum lf_dns_section {
	LF_DNS_S_HEADER = 0,
	LF_DNS_S_QUESTION,
	LF_DNS_S_ANSWER,
	LF_DNS_S_AUTHORITY,
	LF_DNS_S_ADDITIONAL,
};

/*
 * Anomalies (bits of lf_dns_msg.anomalies): odd but parseable, the parse
 * goes on and lf_dns_parse still returns 0.
 */
#define LF_DNS_A_QDCOUNT 0x01  /* qdcount is not 1 (0: no question; more:
				* all parsed, the first kept) */
#define LF_DNS_A_DROPPED 0x02  /* more answers than capacity */
#define LF_DNS_A_ODD_NAME 0x04 /* a name has a label with an octet outside
				* [a-z0-9_-] (after case folding) */
#define LF_DNS_A_TRAILING 0x08 /* octets after the last record */
#define LF_DNS_A_TTL 0x10      /* a TTL had its top bit set (read as 0) */
#define LF_DNS_A_EDNS 0x20     /* OPT not in the additional section, more
				* than one, owner not the root, or its
				* options overrun its rdata */
#define LF_DNS_A__COUNT 6      /* number of bits above */

/*
 * A parsed message. Filled by lf_dns_parse; the fields after a fault keep
 * their reset values (0, "", none kept).
 */
struct lf_dns_msg {
	uint16_t id;
	uint16_t flags;   /* the header's flags word: test with LF_DNS_F_* */
	uint8_t qr;       /* 0 query, 1 response */
	uint8_t opcode;   /* 0 QUERY, 4 NOTIFY, 5 UPDATE, ... */
	uint16_t rcode;   /* 4-bit header RCODE; with an OPT record the
			   * 12-bit extended RCODE (RFC 6891 §6.1.3) */
	uint16_t qdcount, ancount, nscount, arcount; /* as announced */

	char qname[LF_DNS_NAME_MAX + 1]; /* first question; "" if none */
	uint16_t qtype, qclass;          /* 0 if no question */

	struct lf_dns_rr *answers; /* the caller's array */
	size_t nanswers;           /* answers kept, in message order */
	size_t answers_seen;       /* answer records parsed (>= nanswers) */
	size_t nauthority;         /* authority records parsed */
	size_t nadditional;        /* additional records parsed (OPT too) */

	uint8_t edns;           /* an OPT record was seen (the first counts) */
	uint8_t edns_version;
	uint8_t edns_do;        /* DNSSEC OK bit (RFC 3225) */
	uint16_t edns_udp_size; /* requestor's payload size */

	uint32_t anomalies;     /* LF_DNS_A_* */
	uint8_t fault;          /* enum lf_dns_fault; LF_DNS_OK on success */
	uint8_t fault_section;  /* enum lf_dns_section of the fault */
	size_t fault_off;       /* offset of the question or record that
				 * failed (0 for the header) */
};

/*
 * Parse the DNS message wire[0..len) (one UDP payload, or one message of a
 * TCP stream without its length prefix) into *out. Answer records go to
 * answers[0..cap); answers beyond cap are parsed and counted in
 * out->answers_seen but not kept (LF_DNS_A_DROPPED). answers may be NULL
 * when cap is 0. Names are decoded to text only where they are kept; every
 * other name is walked and checked all the same.
 *
 * Returns 0 when the whole message parsed (anomalies may still be set), or
 * LF_EMALF with out->fault, fault_section and fault_off telling which
 * check failed where. On LF_EMALF everything parsed before the fault stays
 * valid: the header (unless the fault is LF_DNS_E_HEADER), the question if
 * qname is not "", and answers[0..nanswers). A sensor should match those:
 * whoever crafts the message also controls its tail. -EINVAL if out is
 * NULL, or wire or answers is NULL with a non-zero length.
 *
 * Work is linear in len: each name costs at most LF_DNS_PTR_MAX jumps and
 * 255 octets. No allocation; thread-safe with distinct out and answers.
 */
int lf_dns_parse(const uint8_t *wire, size_t len, struct lf_dns_rr *answers,
		 size_t cap, struct lf_dns_msg *out);

/*
 * One address the query name resolved to: names[0] is the question name,
 * names[1..nnames) the CNAME targets followed, in order, and the last of
 * them owns the address record rr (rr->addr). ttl is the smallest TTL on
 * the way — rr's and every CNAME's — for as long as the whole binding
 * holds. The pointers are into the message and valid during the call.
 */
struct lf_dns_binding {
	const char *const *names;
	size_t nnames; /* 1 .. LF_DNS_CHAIN_MAX + 1 */
	const struct lf_dns_rr *rr;
	uint32_t ttl;
};

typedef void (*lf_dns_binding_cb)(void *ud, const struct lf_dns_binding *b);

/*
 * Follow the CNAME chain of a parsed response from its question name
 * through the kept answers (class IN; the first CNAME of an owner in
 * message order wins, wherever it stands), then call cb once per A or AAAA
 * record of class IN owned by the chain's last name, in message order.
 * This is what links a domain indicator anywhere on the chain to the
 * addresses. A query, a message without a question, or a chain ending in
 * no address yields nothing. *count (may be NULL) gets the calls made.
 *
 * Returns 0; LF_ELIMIT if the chain has more than LF_DNS_CHAIN_MAX CNAMEs,
 * LF_EMALF if it loops (then cb is not called); -EINVAL if m or cb is
 * NULL. Pure; thread-safe.
 */
int lf_dns_chain(const struct lf_dns_msg *m, lf_dns_binding_cb cb, void *ud,
		 size_t *count);

/* One whole DNS message out of a TCP stream, valid during the call. */
typedef void (*lf_dns_frame_cb)(void *ud, const uint8_t *msg, size_t len);

/*
 * Split DNS-over-TCP bytes (RFC 1035 §4.2.2, RFC 7766 §8: every message
 * preceded by its length in two octets) into messages. buf must start at a
 * length prefix: either a stream reassembled in order, or the payload of
 * one segment that starts a message. cb is called for every message that
 * lies whole inside buf[0..len), in order (a zero-length frame too: it is
 * handed on, and parses as LF_DNS_E_HEADER). *count (may be NULL) gets the
 * number of messages, *consumed (may be NULL) the octets of whole frames.
 *
 * Returns 0 if buf ends on a frame boundary; LF_ETRUNC if it ends inside a
 * frame (prefix or body): buf[*consumed..len) is a partial message, not
 * handed on — a reassembler keeps it for the next call, a per-segment
 * caller counts it. -EINVAL if cb is NULL or buf is NULL with len > 0.
 * Nothing is copied. Thread-safe.
 */
int lf_dns_tcp_frames(const uint8_t *buf, size_t len, lf_dns_frame_cb cb,
		      void *ud, size_t *count, size_t *consumed);

/*
 * The longest tail of the text name `name` made of whole hostname labels
 * ([a-z0-9_-]): the name itself when all its labels are, "" when its last
 * label is not (or for the root "."). A pointer into name. For matching
 * names with LF_DNS_A_ODD_NAME: "x\@y.evil.example" -> "evil.example".
 * name must be a text name as produced here (escapes understood).
 */
const char *lf_dns_host_suffix(const char *name);

/* Stable snake_case names for counters ("ok", "header_short", ...); an
 * unknown kind gives "unknown". Never NULL; thread-safe. */
const char *lf_dns_fault_name(int fault);
/* Name of one LF_DNS_A_* bit ("qdcount", ...); "unknown" otherwise. */
const char *lf_dns_anomaly_name(uint32_t bit);

#endif
