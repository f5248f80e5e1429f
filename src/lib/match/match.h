/* SPDX-License-Identifier: Apache-2.0 */
/*
 * match.h — what the sensor does with a flow or a DNS record once decoded:
 * look it up in the indicator set, remember which addresses matched
 * domains resolved to, and render sightings as JSON lines. Pure: no I/O,
 * no clock (time comes in as arguments).
 *
 * The DNS link cache. A DNS answer for a name that matches a domain
 * indicator links the answer's addresses to that name for the record's
 * TTL (capped), so a later flow to such an address is attributed to the
 * domain although no IP indicator lists it. Only names that matched are
 * linked, so the cache stays small; it is a fixed array (capacity set at
 * creation) with open addressing on the address; a full probe window
 * evicts the entry closest to expiry (counted). Names are kept as text,
 * not as indicator indexes, so the cache survives an indicator reload:
 * a linked address is matched again by name against the current set.
 *
 * Thread-safety: a cache is used by one thread.
 */
#ifndef LF_MATCH_MATCH_H
#define LF_MATCH_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "flow/flow.h"
#include "ioc/iocset.h"

#define LF_DNSLINK_TTL_MAX ((lf_time_t)3600 * LF_USEC_PER_SEC)
#define LF_MATCH_MAX_HITS 64 /* indicators reported per side of a flow */

struct lf_dnslink;

struct lf_dnslink_stats {
	uint64_t added, refreshed, evicted, expired_hits, hits, misses;
	size_t capacity;
};

/* capacity 0 = 65536 entries. 0 or -ENOMEM. */
int lf_dnslink_new(size_t capacity, struct lf_dnslink **out);
void lf_dnslink_free(struct lf_dnslink *c);
/*
 * Link address a to the (normalised) name until now + ttl (ttl capped at
 * LF_DNSLINK_TTL_MAX; 0 means the minimum of 60 s). Re-adding refreshes.
 */
void lf_dnslink_add(struct lf_dnslink *c, const struct lf_addr *a,
		    const char *name, size_t len, lf_time_t now, lf_time_t ttl);
/* The name a is linked to at now, or NULL. Valid until the next add. */
const char *lf_dnslink_lookup(struct lf_dnslink *c, const struct lf_addr *a,
			      lf_time_t now);
const struct lf_dnslink_stats *lf_dnslink_stats(const struct lf_dnslink *c);

/* Which side of a flow an indicator matched. */
enum lf_match_side { LF_MATCH_SRC = 0, LF_MATCH_DST = 1 };

/* The result of matching one flow. */
struct lf_flow_match {
	uint32_t hits[2][LF_MATCH_MAX_HITS]; /* per side: indicator indexes */
	size_t n[2];                         /* per side: found (may exceed kept) */
	const char *dns_name[2];             /* per side: the linked name, if any */
};

/*
 * Match both addresses of f against set at time now; an address with no
 * IP indicator is looked up in links (may be NULL) and its name matched as
 * a domain. Returns the number of matching indicators over both sides.
 */
size_t lf_match_flow(const struct lf_iocset *set, struct lf_dnslink *links,
		     const struct lf_flow *f, lf_time_t now,
		     struct lf_flow_match *m);

/*
 * Append one sighting JSON line (with '\n') for a matched flow. sensor is
 * the sensor's id; `retro` marks historical hits. 0 or LF_ELIMIT/-ENOMEM.
 */
int lf_match_flow_json(struct lf_buf *out, const char *sensor,
		       const struct lf_iocset *set, const struct lf_flow *f,
		       const struct lf_flow_match *m, lf_time_t now);

/*
 * Append a sighting for a DNS name (query or answer) that matched: the
 * client and server addresses of the packet, the name, the record type,
 * and the indicators.
 */
int lf_match_dns_json(struct lf_buf *out, const char *sensor,
		      const struct lf_iocset *set, lf_time_t ts,
		      const struct lf_addr *client, const struct lf_addr *server,
		      const char *qname, const char *name, uint16_t qtype,
		      const uint32_t *hits, size_t nhits, lf_time_t now);

/* Append one flow as a JSON line (for --flows-out and the flow store). */
int lf_match_flow_record_json(struct lf_buf *out, const char *sensor,
			      const struct lf_flow *f);

#endif
