/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nf_int.h — what the NetFlow/IPFIX decoder's files share. Not for use
 * outside src/lib/nf.
 *
 *   nf.c     the context, dispatch on the version, counters, expiry, the
 *            per-exporter view.
 *   tmpl.c   exporters and domains (the state tables), templates by id,
 *            sampler / interface tables, interface names, pending data.
 *   ie.c     the information elements the decoder knows: which target a
 *            (PEN, id) fills and which lengths its type allows.
 *   plan.c   template compilation (fields -> plan) and the record decoder:
 *            plan -> struct nf_rec -> struct lf_flow, or options data ->
 *            the domain's tables.
 *   v5.c, v9.c, ipfix.c   the three wire formats: headers, set walks,
 *            template records, sequence numbers.
 *
 * The decoding of one record fills a struct nf_rec: for every target
 * present, its value (an unsigned integer, or a pointer into the datagram
 * for addresses and strings) and its bit in `have`. Resolving the record
 * (which byte counter wins, which time unit, which sampling rate) happens
 * once per record after all its fields are read, so the per-field work is
 * a load and a store.
 */
#ifndef LF_NF_NF_INT_H
#define LF_NF_NF_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/rd.h"
#include "nf/nf.h"

/* Where a field's value goes. T_NONE fields are skipped by length. */
enum nf_tgt {
	T_NONE = 0,
	/* addresses (loaded as pointers, length checked at compile time) */
	T_SRC4, T_DST4, T_SRC6, T_DST6, T_NH4, T_NH6, T_BGPNH4, T_BGPNH6,
	/* plain numbers */
	T_SPORT, T_DPORT, T_PROTO, T_TCPFLAGS, T_TOS, T_IN_IF, T_OUT_IF,
	T_SRC_AS, T_DST_AS, T_SRC_MASK, T_DST_MASK, T_DIR,
	T_VLAN, T_VLAN_POST, T_VLAN_DOT1Q,
	T_ICMP_TC, T_ICMP_TYPE, T_ICMP_CODE,
	T_END_REASON,
	/* counters, in order of preference within each group */
	T_OCT, T_OCT_TOTAL, T_OCT_INIT, T_OCT_POST, T_OCT_POST_TOTAL,
	T_PKT, T_PKT_TOTAL, T_PKT_INIT, T_PKT_POST, T_PKT_POST_TOTAL,
	T_REV_OCT, T_REV_OCT_TOTAL, T_OCT_RESP,
	T_REV_PKT, T_REV_PKT_TOTAL, T_PKT_RESP,
	/* times */
	T_START_UP, T_END_UP,       /* ms of system uptime */
	T_START_S, T_END_S,         /* seconds since the epoch */
	T_START_MS, T_END_MS,       /* ms since the epoch */
	T_START_NTP, T_END_NTP,     /* NTP 64-bit (µs and ns IEs) */
	T_START_DELTA, T_END_DELTA, /* µs before the export time */
	T_INIT_MS,                  /* systemInitTimeMilliseconds */
	T_OBS_S, T_OBS_MS, T_OBS_NTP,
	/* sampling */
	T_SAMP_INTERVAL,            /* 34, 50: 1 in N */
	T_SAMP_PKT_INTERVAL, T_SAMP_PKT_SPACE, /* 305, 306 */
	T_SAMP_SIZE, T_SAMP_POP,    /* 309, 310 */
	T_SAMP_PROB,                /* 311 (float) */
	T_SAMPLER_ID,               /* 48, 302 */
	/* options data */
	T_IF_NAME, T_IF_DESC,
	T_MAX
};

/* How a field is loaded. */
enum nf_ld {
	LD_SKIP = 0, /* only in variable-length plans: step over */
	LD_U8, LD_U16, LD_U32, LD_U64, LD_UN, /* big-endian unsigned */
	LD_PTR,      /* pointer and length (addresses, strings) */
	LD_F32, LD_F64,
};

/* A field length meaning "variable" (RFC 7011 §7). */
#define NF_VARLEN 65535u

/* The enterprise number of RFC 5103 reverse information elements. */
#define NF_PEN_REVERSE 29305u

/* One template field as read from the wire. */
struct nf_field {
	uint32_t pen;   /* 0 = IANA */
	uint16_t id;    /* without the enterprise bit */
	uint16_t len;   /* NF_VARLEN = variable */
	uint8_t v9scope; /* a v9 options scope field: id is the scope type */
};

/* One step of a plan. */
struct nf_op {
	uint16_t off; /* fixed plans: byte offset in the record */
	uint16_t len; /* wire length, NF_VARLEN for variable */
	uint8_t tgt;  /* enum nf_tgt */
	uint8_t ld;   /* enum nf_ld */
};

/*
 * A compiled template. Fixed plans (varlen 0) hold only the fields with a
 * target, with their offsets, grouped by loader so that decoding is a few
 * straight loops without a jump per field; reclen is the record length.
 * Variable plans hold every field in order and reclen is the shortest
 * possible record (a variable field takes at least its length byte). A
 * target is filled by the first field naming it; later ones are skipped.
 * The original field list follows the ops, to tell a refresh from a
 * redefinition.
 */
struct nf_tmpl {
	uint16_t id;
	uint8_t options;
	uint8_t varlen;
	uint16_t nops;
	uint16_t nfields;
	uint16_t nscope;
	uint32_t reclen;
	uint64_t have[2];     /* fixed plans: the targets every record sets */
	uint16_t nld[4];      /* fixed plans: ops are grouped by loader, the
				 first nld[0] LD_U8, then LD_U16, LD_U32,
				 LD_U64, then the rest */
	lf_time_t seen;       /* `now` when last (re)announced */
	size_t bytes;         /* allocation, for state_bytes */
	struct nf_field *fields; /* nfields, inside the same allocation */
	struct nf_op ops[];
};

struct nf_tslot {
	uint16_t id;
	struct nf_tmpl *t;
};

/* Sampling entry: kind NF_SAMP_SAMPLER (sampler / selector id) or
 * NF_SAMP_IFACE (ifindex). */
#define NF_SAMP_SAMPLER 0
#define NF_SAMP_IFACE 1
struct nf_samp {
	uint64_t id;
	uint32_t rate;
	uint8_t kind;
};

#define NF_IFNAME_MAX 63
struct nf_ifname {
	uint32_t ifindex;
	uint8_t len;
	uint8_t desc;  /* from ifDescr: an ifName replaces it */
	char name[NF_IFNAME_MAX + 1];
};

struct nf_pend;
struct nf_exp;

struct nf_dom {
	struct nf_dom *next;     /* the exporter's list */
	struct nf_exp *exp;
	uint32_t id;
	uint8_t version;         /* 5, 9, 10 */
	uint8_t seq_valid;
	uint8_t has_init;
	uint8_t has_uptime;
	uint32_t seq_next;
	uint32_t last_uptime;    /* v9 header, to see restarts */
	lf_time_t sys_init;      /* from options data (µs) */
	uint32_t rate_default;   /* 0: none known */
	struct nf_tslot *tmpl;   /* sorted by id */
	size_t ntmpl, captmpl;
	struct nf_tmpl *last;    /* last one looked up */
	struct nf_samp *samp;    /* sorted by (kind, id) */
	size_t nsamp, capsamp;
	struct nf_ifname *ifn;   /* sorted by ifindex */
	size_t nifn, capifn;
	struct nf_pend *pend_head, *pend_tail; /* held sets, oldest first */
	lf_time_t last_seen;
	uint64_t datagrams, flows, lost;
};

struct nf_exp {
	struct nf_exp *hnext;    /* hash chain */
	struct lf_addr addr;
	uint16_t port;
	struct nf_dom *doms;
	size_t ndoms;
	size_t ntmpl;            /* templates in all domains */
	lf_time_t last_seen;
};

struct nf_pend {
	struct nf_pend *gprev, *gnext; /* context list, oldest first */
	struct nf_pend *dprev, *dnext; /* domain list */
	struct nf_dom *dom;
	lf_time_t rx;            /* `now` when held */
	lf_time_t export_us;     /* its header's export time */
	uint32_t uptime_ms;      /* v9 header */
	uint16_t tid;
	uint16_t len;
	size_t bytes;            /* counted in pending_bytes */
	uint8_t data[];
};

struct lf_nf_ctx {
	struct lf_nf_limits lim;
	struct lf_nf_counters cnt;
	struct nf_exp **bucket;
	size_t nbucket;          /* power of two */
	size_t nexp;
	size_t state_used;
	size_t pend_used;
	struct nf_pend *pend_head, *pend_tail;
	struct nf_field *scratch; /* lim.max_fields fields for parsing */
};

/* One message being decoded (or one held set being released). */
struct nf_msg {
	struct lf_nf_ctx *c;
	struct nf_dom *dom;
	lf_flow_cb cb;
	void *ud;
	lf_time_t now;
	lf_time_t export_us;
	uint32_t uptime_ms;      /* v9 */
	uint8_t version;         /* 9 or 10 */
	uint32_t nrec;           /* data records decoded */
	uint32_t ntmplrec;       /* template records (v9 count check) */
	int undecoded;           /* a data set was held or skipped */
	int bad;                 /* something was malformed */
};

/* A decoded record: values by target, present ones flagged in have. */
struct nf_rec {
	uint64_t have[2];
	union {
		uint64_t u;
		const uint8_t *p;
		double f;
	} v[T_MAX];
	uint16_t plen[T_MAX];
};

static inline int nf_has(const struct nf_rec *r, unsigned t)
{
	return (int)((r->have[t >> 6] >> (t & 63)) & 1);
}

/* ---- nf.c ---------------------------------------------------------- */

/* Count a malformed kind against the message (and the datagram). */
void lf_nf_malf(struct nf_msg *m, enum lf_nf_malf kind);

/* Are the bytes left in r all zero (a zero-filled tail)? */
int lf_nf_rest_zero(const struct lf_rd *r);

/*
 * Check a header's sequence number against m->dom's expectation (window:
 * LF_NF_SEQ_WINDOW_*), counting gaps, estimated loss, reorders and
 * restarts. Returns 1 when the caller should then set the expectation
 * from this datagram, 0 for a late (reordered) one that must not move it.
 */
int lf_nf_seq_check(struct nf_msg *m, uint32_t seq, uint32_t window);

/*
 * Walk the sets of a v9 export packet or IPFIX message body (RFC 3954
 * §5, RFC 7011 §3.3): template sets, options template sets and data sets,
 * stopping at a set whose length lies. Returns the number of sets.
 */
size_t lf_nf_sets(struct nf_msg *m, struct lf_rd *r);

/* A data set for template tid: decoded, or held until the template. */
void lf_nf_data(struct nf_msg *m, uint16_t tid, const uint8_t *p, size_t len);

/* ---- v5.c, v9.c, ipfix.c --------------------------------------------- */

/*
 * Decode one datagram of the version; m has c, cb, ud and now set.
 * Malformations are counted through lf_nf_malf (m->bad). Returns 0 or
 * LF_ELIMIT (no room for the exporter or domain).
 */
int lf_nf_v5_decode(struct nf_msg *m, const struct lf_addr *a,
		    uint16_t port, const uint8_t *pkt, size_t len);
int lf_nf_v9_decode(struct nf_msg *m, const struct lf_addr *a,
		    uint16_t port, const uint8_t *pkt, size_t len);
int lf_nf_ipfix_decode(struct nf_msg *m, const struct lf_addr *a,
		       uint16_t port, const uint8_t *pkt, size_t len);

/* The template and options template sets of each version. */
void lf_nf_v9_templates(struct nf_msg *m, struct lf_rd *s);
void lf_nf_v9_options(struct nf_msg *m, struct lf_rd *s);
void lf_nf_ipfix_templates(struct nf_msg *m, struct lf_rd *s, int options);

/* ---- ie.c ---------------------------------------------------------- */

/*
 * Resolve a template field to its target and loader. Returns 0 with
 * *tgt and *ld set (T_NONE / LD_SKIP for fields the decoder does not use), or
 * LF_EMALF when the field's length is not one its type allows (the field
 * is then to be skipped). A zero length is always allowed (absent).
 */
int lf_nf_ie_resolve(const struct nf_field *f, uint8_t *tgt, uint8_t *ld);

/* ---- tmpl.c -------------------------------------------------------- */

/*
 * The domain for (exporter, port, version, id), created if new (counting
 * the caps). Returns 0 and *out, or LF_ELIMIT (cap hit, counted).
 */
int lf_nf_dom_get(struct lf_nf_ctx *c, const struct lf_addr *addr,
		  uint16_t port, uint8_t version, uint32_t id, lf_time_t now,
		  struct nf_dom **out);
struct nf_dom *lf_nf_dom_find(const struct lf_nf_ctx *c,
			      const struct lf_addr *addr, uint16_t port,
			      uint8_t version, uint32_t id);

struct nf_tmpl *lf_nf_tmpl_find(struct nf_dom *d, uint16_t id);

/*
 * Install the template (id, fields[0..n), nscope scope fields, options or
 * not) in m's domain: refresh, replace or add, counting each; a new or
 * replaced template releases data held for it. Returns 0 or a negative
 * code when it was refused (counted already).
 */
int lf_nf_tmpl_define(struct nf_msg *m, uint16_t id, int options,
		      const struct nf_field *fields, size_t n, size_t nscope);

/* Withdraw one template (id >= 256) or all of a kind (options -1: every
 * template, 0: data templates, 1: options templates). */
void lf_nf_tmpl_withdraw(struct nf_msg *m, uint16_t id);
void lf_nf_tmpl_withdraw_all(struct nf_msg *m, int options);

void lf_nf_samp_set(struct lf_nf_ctx *c, struct nf_dom *d, uint8_t kind,
		    uint64_t id, uint32_t rate);
uint32_t lf_nf_samp_get(const struct nf_dom *d, uint8_t kind, uint64_t id);
void lf_nf_ifname_set(struct lf_nf_ctx *c, struct nf_dom *d,
		      uint32_t ifindex, const uint8_t *s, size_t n, int desc);

/* Hold a data set (body without its 4-byte header) for template tid. */
void lf_nf_pend_hold(struct nf_msg *m, uint16_t tid, const uint8_t *p,
		     size_t len);

void lf_nf_state_expire(struct lf_nf_ctx *c, lf_time_t now);
void lf_nf_state_free(struct lf_nf_ctx *c);

/* ---- plan.c -------------------------------------------------------- */

/*
 * Compile fields[0..n) into a template (allocated, caller owns). Fields
 * whose length their type forbids are counted (LF_NF_MALF_FIELD_LENGTH in
 * m) and skipped. Returns 0, LF_EMALF (a record would be empty or longer
 * than 65535 bytes) or -ENOMEM.
 */
int lf_nf_plan_build(struct nf_msg *m, uint16_t id, int options,
		     const struct nf_field *fields, size_t n, size_t nscope,
		     struct nf_tmpl **out);

/* Decode the data set body p[0..len) with template t. */
void lf_nf_data_set(struct nf_msg *m, const struct nf_tmpl *t,
		    const uint8_t *p, size_t len);

#endif
