/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lpm.h — longest-prefix matching over IPv4 and IPv6 prefix sets.
 *
 * A table is built once from an array of (prefix, length, value) entries and
 * is then read-only: any number of threads may look addresses up at once
 * without locking. There is no insert or delete; a changed set is rebuilt
 * (10 M IPv4 prefixes build in a few seconds) and swapped in by the caller.
 *
 * Every distinct prefix becomes a *node*, numbered 1..N in the order of
 * (prefix, length); node id 0 is LF_LPM_MISS. A node keeps
 *  - the values of every entry that named its prefix, in the order the
 *    entries were given (duplicates of a prefix are allowed and all kept),
 *  - its parent: the node of the longest prefix that strictly covers it.
 * A lookup returns the node of the longest prefix covering the address; the
 * parent chain from there visits every covering prefix, longest first. The
 * indicator engine needs all of them (a /32 inside a listed /24 inside a
 * listed /16 matches all three), and walks the chain only on a hit.
 *
 * Layouts (see lpm4.c and lpm6.c, and docs/lpm.md for the numbers):
 *  - IPv4: DIR-24-8 with a compact second level. A 2^24-entry first level
 *    holds a node id or a reference to a second-level chunk for a /24 that
 *    longer prefixes split; a chunk is a short sorted list of ranges (16 to
 *    96 bytes) or, for a /24 split into more than 17 ranges, a full 256-entry
 *    array. A lookup is one or two dependent memory reads. Small tables (up
 *    to about 256 prefixes) skip the 64 MiB first level and binary-search
 *    their ranges instead.
 *  - IPv6: a 2^16-entry first level, then 8-bit-stride nodes, full 256-slot
 *    arrays where the slots vary a lot and run-compressed (bitmap and
 *    popcount) where they do not; a part of the space holding at most four
 *    prefixes becomes a leaf listing them.
 *
 * Prefixes are in host order for IPv4 (10.0.0.0/8 is 0x0a000000, 8) and in
 * network order for IPv6, and must be canonical: no bits set past the
 * length.
 *
 * Every function but _free and _mem takes a table that is not NULL.
 */
#ifndef LF_LPM_LPM_H
#define LF_LPM_LPM_H

#include <stddef.h>
#include <stdint.h>

/* Node id of "no prefix covers the address". */
#define LF_LPM_MISS 0u

struct lf_lpm_entry4 {
	uint32_t prefix; /* host order; canonical */
	uint8_t len;     /* 0..32 */
	uint32_t value;  /* opaque to the table */
};

struct lf_lpm_entry6 {
	uint8_t prefix[16]; /* network order; canonical */
	uint8_t len;        /* 0..128 */
	uint32_t value;
};

struct lf_lpm4;
struct lf_lpm6;

/*
 * Build a table from e[0..n) (any order; several entries may name the same
 * prefix and each value is kept). e may be NULL when n is 0. The table
 * copies what it needs; e can be freed afterwards. max_bytes caps the
 * memory of the finished table as lf_lpm4_mem() reports it (0 = no cap);
 * temporary memory of the build is not counted.
 *
 * Returns 0 and the table in *out, or: LF_EMALF if an entry has a length
 * over 32 (128) or bits set past its length; LF_ELIMIT if the table would
 * exceed max_bytes or the structure's limits (2^31 - 2 entries for IPv4,
 * 2^30 - 2 for IPv6); -ENOMEM; -EINVAL if out is NULL or e is NULL with
 * n > 0. *out is untouched on failure.
 */
int lf_lpm4_build(const struct lf_lpm_entry4 *e, size_t n, size_t max_bytes,
		  struct lf_lpm4 **out);
int lf_lpm6_build(const struct lf_lpm_entry6 *e, size_t n, size_t max_bytes,
		  struct lf_lpm6 **out);

/* Free a table; NULL is ignored. */
void lf_lpm4_free(struct lf_lpm4 *t);
void lf_lpm6_free(struct lf_lpm6 *t);

/*
 * Fast path: the node of the longest prefix covering addr (host order for
 * IPv4, network order for IPv6), or LF_LPM_MISS. t must not be NULL.
 */
uint32_t lf_lpm4_lookup(const struct lf_lpm4 *t, uint32_t addr);
uint32_t lf_lpm6_lookup(const struct lf_lpm6 *t, const uint8_t addr[16]);

/*
 * Batch lookup for the sensor: nodes[i] = lookup(address i) for i < n, with
 * the memory reads of later addresses prefetched while earlier ones
 * resolve. For IPv6 the addresses are 16 bytes each, back to back
 * (addrs[16 i .. 16 i + 15]). addrs and nodes must not overlap.
 */
void lf_lpm4_lookup_batch(const struct lf_lpm4 *t, const uint32_t *addrs,
			  uint32_t *nodes, size_t n);
void lf_lpm6_lookup_batch(const struct lf_lpm6 *t, const uint8_t *addrs,
			  uint32_t *nodes, size_t n);

/*
 * Every value of every prefix covering addr: longest prefix first, the
 * values of one prefix in the order their entries were given. Writes the
 * first min(total, max) to vals (which may be NULL when max is 0) and
 * returns the total, which may exceed max.
 */
size_t lf_lpm4_lookup_all(const struct lf_lpm4 *t, uint32_t addr,
			  uint32_t *vals, size_t max);
size_t lf_lpm6_lookup_all(const struct lf_lpm6 *t, const uint8_t addr[16],
			  uint32_t *vals, size_t max);

/*
 * Node accessors, for node ids returned by a lookup of the same table. An id
 * that is LF_LPM_MISS or out of range has no values, no parent (MISS) and
 * length 0.
 *
 * node_values points *vals at the node's values (owned by the table, valid
 * until it is freed) and returns their count (*vals is NULL when it is 0).
 * node_parent returns the node of the next shorter prefix covering this
 * one, or LF_LPM_MISS. node_len returns the node's prefix length.
 */
size_t lf_lpm4_node_values(const struct lf_lpm4 *t, uint32_t node,
			   const uint32_t **vals);
uint32_t lf_lpm4_node_parent(const struct lf_lpm4 *t, uint32_t node);
unsigned lf_lpm4_node_len(const struct lf_lpm4 *t, uint32_t node);
size_t lf_lpm6_node_values(const struct lf_lpm6 *t, uint32_t node,
			   const uint32_t **vals);
uint32_t lf_lpm6_node_parent(const struct lf_lpm6 *t, uint32_t node);
unsigned lf_lpm6_node_len(const struct lf_lpm6 *t, uint32_t node);

/* Number of distinct prefixes (nodes) in the table. */
size_t lf_lpm4_nodes(const struct lf_lpm4 *t);
size_t lf_lpm6_nodes(const struct lf_lpm6 *t);

/* Bytes allocated by the table (what max_bytes caps). */
size_t lf_lpm4_mem(const struct lf_lpm4 *t);
size_t lf_lpm6_mem(const struct lf_lpm6 *t);

#endif
