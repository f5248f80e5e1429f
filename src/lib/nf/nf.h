/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nf.h — NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams
 * in, struct lf_flow out.
 *
 * The caller owns the sockets: it hands each UDP payload to lf_nf_decode
 * together with the exporter's address and source port and the receive
 * time, and gets one struct lf_flow per flow record through a callback.
 * The version field (5, 9 or 10) picks the decoder. Everything a template
 * protocol needs between datagrams lives in a context (struct lf_nf_ctx)
 * the caller owns, one per receiving thread:
 *
 *   exporter  (address, UDP source port): the transport session.
 *   domain    within an exporter, (version, observation domain id) — the
 *             v9 source id, the IPFIX observation domain id, or for v5
 *             engine_type << 8 | engine_id. A domain holds the templates
 *             by id, the sequence-number state, the system init time, the
 *             sampler and per-interface sampling tables and interface
 *             names learnt from options data.
 *   template  compiled on arrival into a plan: for a template of fixed
 *             length, the (offset, length, target) of every field the
 *             decoder uses and nothing for the rest, so decoding a record
 *             is a short loop over known fields with no per-field lookup;
 *             a template with variable-length fields (RFC 7011 §7) keeps
 *             one step per field and walks the record.
 *   pending   data sets that arrived before their template, held (bounded
 *             in bytes and age) and decoded when the template comes.
 *
 * Which fields become which lf_flow member, how sampling and times are
 * resolved, and every limit and counter are in docs/netflow.md.
 *
 * Hostile input: every datagram is read with the bounded reader; a set is
 * a sub-reader of exactly its length and a record of exactly its
 * template's length. A malformed part is counted by kind (enum
 * lf_nf_malf) and skipped: a bad set ends the datagram (nothing after it
 * can be located), a bad template record ends its set, a field whose
 * length its type does not allow is ignored (the rest of the template is
 * used). Everything that grows — exporters, domains, templates, sampler
 * and interface tables, pending data — has a cap, and a hit is counted
 * (enum lf_nf_cap).
 *
 * Thread-safety: a context is used by one thread at a time. Callbacks must
 * not call back into the same context.
 */
#ifndef LF_NF_NF_H
#define LF_NF_NF_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"
#include "flow/flow.h"

/* Defaults, used for every zero field of struct lf_nf_limits. */
#define LF_NF_DEF_EXPORTERS 4096u
#define LF_NF_DEF_DOMAINS 256u          /* per exporter */
#define LF_NF_DEF_TEMPLATES 1024u       /* per exporter, all its domains */
#define LF_NF_DEF_FIELDS 512u           /* per template */
#define LF_NF_DEF_SAMPLERS 1024u        /* per domain */
#define LF_NF_DEF_IFNAMES 4096u         /* per domain */
#define LF_NF_DEF_STATE_BYTES (64u << 20)
#define LF_NF_DEF_PENDING_BYTES (4u << 20)
#define LF_NF_DEF_TEMPLATE_TIMEOUT (30 * 60 * LF_USEC_PER_SEC)
#define LF_NF_DEF_PENDING_TIMEOUT (60 * LF_USEC_PER_SEC)

/*
 * Sequence numbers: a number ahead of the expected one by at most the
 * window is a gap (estimated loss); behind it by at most the window, a
 * reordered or duplicated datagram; anything else is a restart (the
 * expected number is resynchronised, nothing counted as lost). v9 counts
 * export packets, v5 and IPFIX count records, hence two windows.
 */
#define LF_NF_SEQ_WINDOW_PKTS 65536u
#define LF_NF_SEQ_WINDOW_RECS (1u << 22)

/* Protocol versions, the index of lf_nf_counters.datagrams. */
enum lf_nf_ver {
	LF_NF_V5 = 0,
	LF_NF_V9,
	LF_NF_IPFIX,
	LF_NF_NVER
};

/* Malformed input by kind: the index of lf_nf_counters.malformed. */
enum lf_nf_malf {
	LF_NF_MALF_SHORT_HEADER = 0, /* datagram shorter than its header */
	LF_NF_MALF_BAD_VERSION,      /* version not 5, 9 or 10 */
	LF_NF_MALF_BAD_LENGTH,       /* IPFIX message length < 16 or past the
					datagram; v5 count past the datagram */
	LF_NF_MALF_BAD_COUNT,        /* v9 count matches neither the records
					nor the flowsets (records are still
					decoded) */
	LF_NF_MALF_BAD_SET_LENGTH,   /* set length < 4 or past the message */
	LF_NF_MALF_BAD_TEMPLATE,     /* template record cut short, id < 256,
					no fields, too many fields, scope
					lengths that lie, zero-length record */
	LF_NF_MALF_FIELD_LENGTH,     /* a field longer (or of another size)
					than its type allows: field ignored */
	LF_NF_MALF_BAD_VARLEN,       /* a variable-length field runs past
					its set */
	LF_NF_MALF_BAD_WITHDRAWAL,   /* IPFIX withdrawal of an id < 256 other
					than the set's own (2 in a template
					set, 3 in an options template set) */
	LF_NF_MALF_TRAILING,         /* bytes after the last set that are
					not zeros (zero tails are fine) */
	LF_NF_MALF_MAX
};

/* Limits hit, by kind: the index of lf_nf_counters.cap_hits. */
enum lf_nf_cap {
	LF_NF_CAP_EXPORTERS = 0, /* datagram of a new exporter dropped */
	LF_NF_CAP_DOMAINS,       /* datagram of a new domain dropped */
	LF_NF_CAP_TEMPLATES,     /* new template refused */
	LF_NF_CAP_FIELDS,        /* template with too many fields refused */
	LF_NF_CAP_SAMPLERS,      /* sampler / interface rate not stored */
	LF_NF_CAP_IFNAMES,       /* interface name not stored */
	LF_NF_CAP_STATE,         /* state_bytes reached (anything refused) */
	LF_NF_CAP_PENDING,       /* oldest pending data dropped for room */
	LF_NF_CAP_NOMEM,         /* allocation failed (treated as a cap) */
	LF_NF_CAP_MAX
};

struct lf_nf_limits {
	size_t max_exporters;              /* (address, port) pairs */
	size_t max_domains;                /* per exporter */
	size_t max_templates;              /* per exporter, data + options */
	size_t max_fields;                 /* per template, at most 65535 */
	size_t max_samplers;               /* per domain: sampler and
					      interface sampling entries */
	size_t max_ifnames;                /* per domain */
	size_t state_bytes;                /* memory of all the above */
	size_t pending_bytes;              /* data held for its template */
	lf_time_t template_timeout;        /* unrefreshed templates expire */
	lf_time_t pending_timeout;         /* held data is dropped after */
	uint64_t hash_seed;                /* seeds the exporter hash; pass a
					      random value so senders cannot
					      aim collisions (0 is allowed) */
};

/*
 * Counters of one context. They only grow; nothing is reset.
 */
struct lf_nf_counters {
	uint64_t datagrams[LF_NF_NVER]; /* whose header decoded */
	uint64_t datagrams_bad;     /* with any malformed[] hit, incl. those
				       whose version or header was bad */
	uint64_t messages;          /* IPFIX messages (a datagram may hold
				       several back to back) */
	uint64_t flows;             /* struct lf_flow emitted */
	uint64_t records_noip;      /* data records without an IP address:
				       decoded, not emitted */
	uint64_t options_records;   /* options data records applied */
	uint64_t templates_added;   /* data and options templates */
	uint64_t options_templates; /* of which options templates */
	uint64_t templates_refreshed; /* resent unchanged */
	uint64_t templates_replaced;  /* redefined under the same id */
	uint64_t templates_withdrawn; /* IPFIX withdrawals, one per template */
	uint64_t templates_expired;   /* not refreshed within the timeout */
	uint64_t template_misses;   /* data sets that found no template */
	uint64_t pending_held;      /* data sets held for their template */
	uint64_t pending_decoded;   /* held sets decoded when it came */
	uint64_t pending_dropped;   /* held sets dropped for room (also in
				       cap_hits[LF_NF_CAP_PENDING]) */
	uint64_t pending_expired;   /* held sets whose template never came */
	uint64_t sets_skipped;      /* sets with a reserved id (v9 2..255,
				       IPFIX 0, 1, 4..255) */
	uint64_t sampler_unknown;   /* records naming a sampler id with no
				       options data (yet) */
	uint64_t seq_gaps;          /* forward jumps in a sequence */
	uint64_t lost_packets;      /* estimated, v9 (counts packets) */
	uint64_t lost_records;      /* estimated, v5 and IPFIX (records) */
	uint64_t seq_reorders;      /* a number behind the expected one */
	uint64_t seq_resets;        /* restarts: far jumps, v9 uptime back */
	uint64_t malformed[LF_NF_MALF_MAX];
	uint64_t cap_hits[LF_NF_CAP_MAX];
};

/* One domain as lf_nf_exporters reports it. */
struct lf_nf_exporter_info {
	struct lf_addr addr;
	uint16_t port;
	uint8_t version;          /* 5, 9 or 10 */
	uint32_t domain;          /* source id / observation domain */
	size_t templates;         /* data + options templates now held */
	uint64_t datagrams;       /* IPFIX: messages */
	uint64_t flows;
	uint64_t lost;            /* v9 packets, v5/IPFIX records */
	uint32_t sampling;        /* the domain's default rate, 1 = none */
	lf_time_t sys_init;       /* system init time if known, else 0 */
	lf_time_t last_seen;      /* `now` of the last datagram */
};

typedef void (*lf_nf_exporter_cb)(void *ud,
				  const struct lf_nf_exporter_info *e);

struct lf_nf_ctx;

/*
 * Fill *lim with the defaults (LF_NF_DEF_*, hash_seed 0).
 */
void lf_nf_limits_default(struct lf_nf_limits *lim);

/*
 * Create a context. lim may be NULL (all defaults); a zero field takes its
 * default. The context copies lim. Returns 0 and the context in *out,
 * -EINVAL (out NULL, max_fields over 65535, a negative timeout), or
 * -ENOMEM.
 */
int lf_nf_new(const struct lf_nf_limits *lim, struct lf_nf_ctx **out);

/* Free a context and everything it holds (pending data is dropped
 * uncounted); NULL is ignored. */
void lf_nf_free(struct lf_nf_ctx *c);

/*
 * Decode one datagram pkt[0..len) received at `now` from exporter:port.
 * Calls cb (may be NULL) once per flow record, in datagram order — data
 * held in the pending buffer for a template that this datagram brings is
 * decoded (and emitted) at the point the template is read. The
 * struct lf_flow is valid during the call only.
 *
 * Decoding goes as far as it can: on malformed input the flows before the
 * fault have been emitted (and, where only one template record or field
 * was bad, those after it too). Returns
 *   0            the datagram decoded (data held for a missing template
 *                is not an error);
 *   LF_EMALF     some part was malformed (the counters say which);
 *   LF_EFORMAT   the version is not 5, 9 or 10;
 *   LF_ELIMIT    the datagram's exporter or domain is new and its table
 *                is full: nothing of it decoded (of an IPFIX datagram
 *                holding several messages, nothing from that message on);
 *   -EINVAL      c or exporter NULL, or pkt NULL with len > 0 (not counted).
 * Every outcome but -EINVAL is counted. A cap hit while storing a template
 * or a table entry is counted but not returned.
 */
int lf_nf_decode(struct lf_nf_ctx *c, const struct lf_addr *exporter,
		 uint16_t port, lf_time_t now, const uint8_t *pkt, size_t len,
		 lf_flow_cb cb, void *ud);

/*
 * Drop what has grown old by `now`: templates not refreshed within
 * template_timeout (UDP templates expire, RFC 7011 §8.4), pending data
 * older than pending_timeout, and domains and exporters idle for
 * template_timeout with nothing left in them. Call it every few seconds.
 */
void lf_nf_expire(struct lf_nf_ctx *c, lf_time_t now);

/* The context's counters; valid until the context is freed. */
const struct lf_nf_counters *lf_nf_counters(const struct lf_nf_ctx *c);

/*
 * Call cb once for every domain held (in no particular order), for a
 * per-exporter view in metrics. cb must not change the context.
 */
void lf_nf_exporters(const struct lf_nf_ctx *c, lf_nf_exporter_cb cb,
		     void *ud);

/*
 * The interface name (ifName, else ifDescr) an exporter's options data
 * gave for ifindex in the domain (version 9 or 10, domain id). Writes it
 * NUL-terminated into buf (non-printable bytes as '?', cut to fit) and
 * returns its length; LF_ENOENT if unknown; -EINVAL if buf is NULL or cap
 * is 0.
 */
int lf_nf_ifname(const struct lf_nf_ctx *c, const struct lf_addr *exporter,
		 uint16_t port, unsigned version, uint32_t domain,
		 uint32_t ifindex, char *buf, size_t cap);

/* Short static names for metrics labels ("set_length", "templates", ...);
 * "?" if out of range. */
const char *lf_nf_malf_name(enum lf_nf_malf kind);
const char *lf_nf_cap_name(enum lf_nf_cap kind);

#endif
