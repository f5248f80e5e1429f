/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iocset.h — a set of indicators and the matcher built over it.
 *
 * Life cycle: lf_iocset_new; any number of lf_iocset_add (importers do
 * this); lf_iocset_build once, which sorts nothing away but builds the
 * indexes: a DIR-24-8 table for IPv4 prefixes, a compressed trie for IPv6,
 * and hash tables for domains, URLs, hashes and e-mail addresses. After
 * build the set is read-only and may be matched from any number of threads
 * at once. Adding after build returns LF_ESTATE.
 *
 * A match returns every indicator that covers the value: for an address,
 * the indicators of all prefixes containing it (longest first); for a
 * domain, the exact ones and those of every parent domain flagged
 * LF_IOC_F_SUBDOMAINS. An indicator that is revoked, flagged NOIDS, outside
 * [valid_from, valid_until) at `now`, or whose effective confidence at `now`
 * (after its source's decay policy) is below the source's floor, does not
 * match.
 *
 * Limits: max_indicators and max_bytes (strings and tables) bound the set;
 * an add past them returns LF_ELIMIT and counts in `cap_hits`.
 */
#ifndef LF_IOC_IOCSET_H
#define LF_IOC_IOCSET_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"
#include "ioc/ioc.h"

#define LF_SOURCE_MAX 65535

/*
 * Confidence decay of one source: effective = confidence *
 * 2^(-age / half_life) where age counts from valid_from (or from `added`,
 * the import time, when valid_from is unbounded). half_life 0 = no decay.
 * An indicator whose effective confidence is below `floor` stops matching.
 */
struct lf_decay {
	lf_time_t half_life; /* microseconds; 0 = none */
	uint8_t floor;       /* 0..100 */
};

struct lf_source {
	const char *name;
	uint8_t default_confidence; /* used when an indicator has none; 50 */
	struct lf_decay decay;
	lf_time_t added;            /* when the source was loaded */
};

struct lf_iocset_limits {
	size_t max_indicators; /* 0 = 50 M */
	size_t max_bytes;      /* 0 = 16 GiB */
};

struct lf_iocset;

int lf_iocset_new(const struct lf_iocset_limits *lim, struct lf_iocset **out);
void lf_iocset_free(struct lf_iocset *set);

/*
 * Find or create the source `name`; its index goes to *id. A new source
 * gets default_confidence 50, no decay, added = lf_time_now().
 */
int lf_iocset_source(struct lf_iocset *set, const char *name, uint16_t *id);
struct lf_source *lf_iocset_source_get(struct lf_iocset *set, uint16_t id);
const struct lf_source *lf_iocset_source_cget(const struct lf_iocset *set,
					       uint16_t id);
size_t lf_iocset_source_count(const struct lf_iocset *set);

/*
 * Copy an indicator into the set (strings duplicated). ioc->source must be
 * an id from lf_iocset_source. Returns 0, LF_ELIMIT, LF_ESTATE (after
 * build), LF_EMALF (type/value inconsistent) or -ENOMEM.
 */
int lf_iocset_add(struct lf_iocset *set, const struct lf_ioc *ioc);

size_t lf_iocset_count(const struct lf_iocset *set);
const struct lf_ioc *lf_iocset_get(const struct lf_iocset *set, size_t idx);
uint64_t lf_iocset_cap_hits(const struct lf_iocset *set);
/* Bytes held by strings, the indicator array and the indexes. */
size_t lf_iocset_mem(const struct lf_iocset *set);

/* Build the match indexes. 0, -ENOMEM or LF_ELIMIT. Call once. */
int lf_iocset_build(struct lf_iocset *set);

/*
 * Effective confidence of ioc at `now` after its source's default and
 * decay (0..100).
 */
uint8_t lf_iocset_confidence(const struct lf_iocset *set,
			     const struct lf_ioc *ioc, lf_time_t now);

/* Is ioc active at now: not revoked/NOIDS, inside validity, above floor. */
int lf_iocset_active(const struct lf_iocset *set, const struct lf_ioc *ioc,
		     lf_time_t now);

/*
 * Matching. Each writes up to `max` indicator indexes (for lf_iocset_get)
 * to hits and the total number found to *n (which may exceed max).
 * Returns 0, or LF_ESTATE before build. Thread-safe after build.
 */
int lf_iocset_match_addr(const struct lf_iocset *set, const struct lf_addr *a,
			 lf_time_t now, uint32_t *hits, size_t max, size_t *n);
/* name is normalised first (case, trailing dot, IDNA). */
int lf_iocset_match_domain(const struct lf_iocset *set, const char *name,
			   size_t len, lf_time_t now, uint32_t *hits,
			   size_t max, size_t *n);
/* Any canonical value (from lf_ioc_value_parse): dispatch by type. */
int lf_iocset_match_value(const struct lf_iocset *set,
			  const struct lf_ioc_value *v, lf_time_t now,
			  uint32_t *hits, size_t max, size_t *n);

#endif
