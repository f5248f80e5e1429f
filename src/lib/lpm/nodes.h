/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nodes.h — the node store shared by lpm4.c and lpm6.c (internal to the
 * lpm module; nothing outside src/lib/lpm includes it).
 *
 * A table's distinct prefixes are its nodes, numbered 1..n in (prefix,
 * length) order, which is a pre-order walk of the binary trie: a prefix
 * comes before everything it covers. Per node the store keeps
 *
 *   node[id].parent  the node of the longest prefix strictly covering this
 *                    one, 0 if none
 *   node[id].v       the node's value, or where its values start in vals
 *   len[id]          the prefix length
 *
 * When no prefix was given twice (the common case) every node has exactly
 * one value and it sits in node[id].v, next to the parent: walking a chain
 * for lookup_all reads one 8-byte pair per prefix. With duplicates, vals
 * holds every value grouped by node (in the order the entries were given)
 * and node id has node[id + 1].v - node[id].v of them from vals[node[id].v]
 * (node[n + 1] is a sentinel). Node 0 is the miss: no parent, no value.
 *
 * Memory: 8 (n + 2) + (n + 1) bytes, plus 4 nvals with duplicates.
 *
 * The parents come from one pass over the sorted prefixes with a stack of
 * the currently open (covering) prefixes; the stack is at most one entry per
 * possible length deep, because nested distinct prefixes have distinct
 * lengths.
 */
#ifndef LF_LPM_NODES_H
#define LF_LPM_NODES_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/err.h"

struct lpm_node {
	uint32_t parent;
	uint32_t v; /* the value, or the first value's index in vals */
};

struct lpm_nodes {
	uint32_t n;            /* nodes; ids 1..n */
	uint32_t nvals;        /* values */
	struct lpm_node *node; /* [n + 2] */
	uint8_t *len;          /* [n + 1] */
	uint32_t *vals;        /* [nvals] with duplicates, else NULL */
};

/* a + b and a * b into *r; 0, or -1 on overflow. */
static inline int lpm_add(size_t a, size_t b, size_t *r)
{
	return __builtin_add_overflow(a, b, r) ? -1 : 0;
}

static inline int lpm_mul(size_t a, size_t b, size_t *r)
{
	return __builtin_mul_overflow(a, b, r) ? -1 : 0;
}

/*
 * malloc(n * size) for n >= 0 elements (one element's room when n is 0, so
 * the result is never NULL on success); NULL if the product overflows or
 * memory is short.
 */
static inline void *lpm_array(size_t n, size_t size)
{
	size_t bytes;

	if (lpm_mul(n ? n : 1, size, &bytes))
		return NULL;
	return malloc(bytes);
}

#define LPM_HUGE_MIN ((size_t)8 << 20)
#define LPM_HUGE_ALIGN ((size_t)2 << 20)

/*
 * Allocate a lookup array of `bytes`, 64-byte aligned and zeroed. Arrays of LPM_HUGE_MIN and more are 2 MiB aligned and advised
 * onto transparent huge pages: random lookups touch all of them, and with 4
 * KiB pages most of those reads would first miss the TLB. Release with
 * free(). NULL if out of memory.
 */
static inline void *lpm_alloc_lookup(size_t bytes)
{
	void *p;

	if (bytes < LPM_HUGE_MIN) {
		/* aligned_alloc wants a multiple of the alignment */
		p = aligned_alloc(64, bytes ? (bytes + 63) & ~(size_t)63 : 64);
	} else {
		size_t whole = (bytes + LPM_HUGE_ALIGN - 1) & ~(LPM_HUGE_ALIGN - 1);

		p = aligned_alloc(LPM_HUGE_ALIGN, whole);
#ifdef MADV_HUGEPAGE
		if (p)
			(void)madvise(p, whole, MADV_HUGEPAGE);
#endif
	}
	if (p)
		memset(p, 0, bytes);
	return p;
}

/*
 * Bytes the store of n nodes and nvals values takes, into *bytes. 0, or
 * LF_ELIMIT if the size overflows.
 */
static inline int lpm_nodes_bytes(size_t n, size_t nvals, size_t *bytes)
{
	size_t b, x;

	if (lpm_add(n, 2, &x) || lpm_mul(x, sizeof(struct lpm_node), &b) ||
	    lpm_add(b, n + 1, &b))
		return LF_ELIMIT;
	if (nvals != n &&
	    (lpm_mul(nvals, sizeof(uint32_t), &x) || lpm_add(b, x, &b)))
		return LF_ELIMIT;
	*bytes = b;
	return 0;
}

/*
 * Allocate the store for n nodes and nvals values (n <= nvals < 2^32 - 1),
 * zeroed, the sentinel set. 0 or -ENOMEM (the store is then empty and
 * needs no release).
 */
static inline int lpm_nodes_alloc(struct lpm_nodes *s, uint32_t n,
				  uint32_t nvals)
{
	memset(s, 0, sizeof(*s));
	s->node = lpm_alloc_lookup(((size_t)n + 2) * sizeof(struct lpm_node));
	s->len = lpm_array((size_t)n + 1, 1);
	if (nvals != n)
		s->vals = lpm_array(nvals, sizeof(uint32_t));
	if (!s->node || !s->len || (nvals != n && !s->vals)) {
		free(s->node);
		free(s->len);
		free(s->vals);
		memset(s, 0, sizeof(*s));
		return -ENOMEM;
	}
	s->n = n;
	s->nvals = nvals;
	s->len[0] = 0;
	if (s->vals)
		s->node[(size_t)n + 1].v = nvals;
	return 0;
}

/* Node id (1..n) has this parent and length; its values start at value i. */
static inline void lpm_nodes_set(struct lpm_nodes *s, uint32_t id,
				 uint32_t parent, unsigned len, uint32_t i)
{
	s->node[id].parent = parent;
	s->len[id] = (uint8_t)len;
	if (s->vals)
		s->node[id].v = i;
}

/* Value i (in node order) is `value`, of node id. */
static inline void lpm_nodes_value(struct lpm_nodes *s, uint32_t id,
				   uint32_t i, uint32_t value)
{
	if (s->vals)
		s->vals[i] = value;
	else
		s->node[id].v = value;
}

static inline void lpm_nodes_release(struct lpm_nodes *s)
{
	free(s->node);
	free(s->len);
	free(s->vals);
	memset(s, 0, sizeof(*s));
}

static inline size_t lpm_nodes_values(const struct lpm_nodes *s,
				      uint32_t node, const uint32_t **vals)
{
	if (node == 0 || node > s->n) {
		*vals = NULL;
		return 0;
	}
	if (!s->vals) {
		*vals = &s->node[node].v;
		return 1;
	}
	*vals = &s->vals[s->node[node].v];
	return s->node[node + 1].v - s->node[node].v;
}

static inline uint32_t lpm_nodes_parent(const struct lpm_nodes *s,
					uint32_t node)
{
	return node <= s->n ? s->node[node].parent : 0;
}

static inline unsigned lpm_nodes_len(const struct lpm_nodes *s, uint32_t node)
{
	return node <= s->n ? s->len[node] : 0;
}

/*
 * Copy the values of node and of every node on its parent chain into
 * out[0..max); return how many there are in all.
 */
static inline size_t lpm_nodes_collect(const struct lpm_nodes *s,
				       uint32_t node, uint32_t *out,
				       size_t max)
{
	size_t total = 0;

	for (; node != 0 && node <= s->n; node = s->node[node].parent) {
		const uint32_t *v;
		size_t k = lpm_nodes_values(s, node, &v);

		if (total < max) {
			size_t c = k < max - total ? k : max - total;

			memcpy(out + total, v, c * sizeof(*v));
		}
		total += k;
	}
	return total;
}

#endif
