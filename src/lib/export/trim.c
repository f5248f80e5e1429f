/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trim.c — the written size of every confidence-ranked prefix of the
 * entries, so the pipeline can keep the longest one that fits a device.
 *
 * For non-IP entries and for formats that write IPs one per entry, the
 * size of the top k entries is a prefix sum. For IPs written compacted it
 * is not even monotone: with aggregation a /25 whose sibling is listed
 * turns two lines into one, and without it a /16 hides every listed
 * prefix inside it. So we count it exactly, for every k at once:
 *
 * All IP prefixes that could be written are known up front, so we build
 * their binary radix trie once (path-compressed: one node per prefix plus
 * one per branching point, under a /0 root per family; at most 2n + 2
 * nodes; the entries come in address order, so each insertion starts from
 * the previous one). A node is *full* when its whole block is blocked: it
 * is on, or (aggregating) both its halves are nodes one bit longer and
 * full. A block that is not a node cannot be full unless an ancestor is —
 * then it is not maximal anyway — because a block with something on in
 * both halves is a branching node. The compacted output is exactly the
 * maximal full nodes (lf_cidr_aggregate's minimal cover when aggregating;
 * the prefixes no other covers when not).
 *
 * Prefixes only ever switch on, in rank order, so everything is a time:
 * on(x) = the rank at which x's entry is kept (1-based; infinity if none),
 * full(x) = min(on(x), max(full(left), full(right))) when the halves
 * merge, computed leaves first (children are longer than parents, so by
 * decreasing length), and anc(x) = the earliest time an ancestor is full,
 * computed root first. x is a maximal full node exactly for the top k
 * with full(x) <= k < anc(x). Adding +1 at full(x) and -1 at anc(x) into
 * a difference array and summing gives the size for every k: O(n) after
 * the trie, with no pointer chasing per step.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "export/priv.h"

#define NIL UINT32_MAX

#define NEVER UINT32_MAX

struct tnode {
	struct lf_prefix p;
	uint32_t parent, child[2];
	uint32_t on, full, anc; /* times, NEVER if not */
};

struct trie {
	struct tnode *v;
	uint32_t n;
};

static unsigned bit_at(const struct lf_addr *a, unsigned i)
{
	return (a->b[i / 8] >> (7 - i % 8)) & 1u;
}

/* Length of the common leading bits of a and b, at most max. */
static unsigned common_len(const struct lf_addr *a, const struct lf_addr *b,
			   unsigned max)
{
	unsigned i = 0;
	while (i < max && a->b[i / 8] == b->b[i / 8] && i + 8 <= max)
		i += 8;
	while (i < max && bit_at(a, i) == bit_at(b, i))
		i++;
	return i;
}

static uint32_t new_node(struct trie *t, const struct lf_prefix *p,
			 uint32_t parent)
{
	uint32_t k = t->n++;
	struct tnode *x = &t->v[k];
	memset(x, 0, sizeof(*x));
	x->p = *p;
	x->parent = parent;
	x->child[0] = x->child[1] = NIL;
	x->on = x->full = x->anc = NEVER;
	return k;
}

/*
 * Insert p (canonical) and return its node. The search starts at `hint`
 * (the previous insertion, or NIL) and climbs to the first node covering
 * p: entries come in address order, so this is short and cache-friendly.
 */
static uint32_t insert(struct trie *t, const struct lf_prefix *p,
		       uint32_t hint)
{
	uint32_t x = p->addr.af == LF_AF_V4 ? 0 : 1;
	if (hint != NIL && t->v[hint].p.addr.af == p->addr.af) {
		x = hint;
		while (!lf_prefix_covers(&t->v[x].p, p))
			x = t->v[x].parent;
	}
	for (;;) {
		if (t->v[x].p.len == p->len)
			return x; /* already a node (branch point or root) */
		unsigned b = bit_at(&p->addr, t->v[x].p.len);
		uint32_t c = t->v[x].child[b];
		if (c == NIL) {
			uint32_t k = new_node(t, p, x);
			t->v[x].child[b] = k;
			return k;
		}
		const struct lf_prefix *cp = &t->v[c].p;
		if (lf_prefix_covers(cp, p)) {
			x = c;
			continue;
		}
		uint32_t k;
		if (lf_prefix_covers(p, cp)) {
			/* p goes between x and c */
			k = new_node(t, p, x);
			t->v[k].child[bit_at(&cp->addr, p->len)] = c;
		} else {
			/* a branch point where p and c part */
			unsigned l = common_len(&p->addr, &cp->addr,
						p->len < cp->len ? p->len
								 : cp->len);
			struct lf_prefix m = *p;
			m.len = (uint8_t)l;
			lf_addr_mask(&m.addr, l);
			k = new_node(t, &m, x);
			uint32_t leaf = new_node(t, p, k);
			t->v[k].child[bit_at(&cp->addr, l)] = c;
			t->v[k].child[bit_at(&p->addr, l)] = leaf;
			t->v[c].parent = k;
			t->v[x].child[b] = k;
			return leaf;
		}
		t->v[c].parent = k;
		t->v[x].child[b] = k;
		return k;
	}
}

static int is_ip(unsigned type)
{
	return type == LF_IOC_IPV4 || type == LF_IOC_IPV6;
}

int lf_export_trim_sizes(const struct lf_xent *ent, const size_t *order,
			 size_t n, int compact_ip, int aggregate,
			 int split_zero, size_t *sizes)
{
	size_t nip = 0;
	for (size_t i = 0; i < n; i++)
		nip += is_ip(ent[i].type) != 0;
	if (!compact_ip || nip == 0) {
		sizes[0] = 0;
		for (size_t i = 0; i < n; i++)
			sizes[i + 1] = sizes[i] + (is_ip(ent[order[i]].type)
							   ? 1
							   : ent[order[i]].weight);
		return 0;
	}
	if (nip > (UINT32_MAX - 2) / 2 || n >= NEVER)
		return -ENOMEM;
	struct trie t = {malloc((2 * nip + 2) * sizeof(struct tnode)), 0};
	uint32_t *node = malloc(n * sizeof(*node));
	uint32_t *bylen = malloc((2 * nip + 2) * sizeof(*bylen));
	ptrdiff_t *diff = malloc((n + 2) * sizeof(*diff));
	if (!t.v || !node || !bylen || !diff) {
		free(t.v);
		free(node);
		free(bylen);
		free(diff);
		return -ENOMEM;
	}
	struct lf_prefix r4, r6;
	memset(&r4, 0, sizeof(r4));
	memset(&r6, 0, sizeof(r6));
	r4.addr.af = LF_AF_V4;
	r6.addr.af = LF_AF_V6;
	new_node(&t, &r4, NIL);
	new_node(&t, &r6, NIL);
	uint32_t last = NIL;
	for (size_t i = 0; i < n; i++) {
		node[i] = NIL;
		if (is_ip(ent[i].type))
			last = node[i] = insert(&t, &ent[i].pfx, last);
	}

	/* switch-on times */
	for (size_t i = 0; i < n; i++) {
		uint32_t x = node[order[i]];
		if (x != NIL && t.v[x].on == NEVER)
			t.v[x].on = (uint32_t)(i + 1);
	}
	/* nodes by length: counting sort (children are longer) */
	size_t cnt[130] = {0};
	for (uint32_t x = 0; x < t.n; x++)
		cnt[t.v[x].p.len + 1]++;
	for (unsigned l = 1; l < 130; l++)
		cnt[l] += cnt[l - 1];
	for (uint32_t x = 0; x < t.n; x++)
		bylen[cnt[t.v[x].p.len]++] = x;
	/* full times, longest first */
	for (uint32_t i = t.n; i-- > 0;) {
		struct tnode *x = &t.v[bylen[i]];
		x->full = x->on;
		uint32_t a = x->child[0], b = x->child[1];
		if (aggregate && a != NIL && b != NIL &&
		    t.v[a].p.len == x->p.len + 1 && t.v[b].p.len == x->p.len + 1) {
			uint32_t both = t.v[a].full > t.v[b].full ? t.v[a].full
								  : t.v[b].full;
			if (both < x->full)
				x->full = both;
		}
	}
	/* earliest full ancestor, shortest first; then the difference array */
	memset(diff, 0, (n + 2) * sizeof(*diff));
	for (uint32_t i = 0; i < t.n; i++) {
		struct tnode *x = &t.v[bylen[i]];
		if (x->parent != NIL) {
			const struct tnode *up = &t.v[x->parent];
			x->anc = up->anc < up->full ? up->anc : up->full;
		}
		if (x->full < x->anc) {
			diff[x->full]++;
			if (x->anc != NEVER)
				diff[x->anc]--;
			if (split_zero && x->p.len == 0)
				diff[x->full]++; /* written as two halves */
		}
	}
	sizes[0] = 0;
	size_t w = 0;
	ptrdiff_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const struct lf_xent *e = &ent[order[i]];
		if (!is_ip(e->type))
			w += e->weight;
		run += diff[i + 1];
		sizes[i + 1] = w + (size_t)run;
	}
	free(bylen);
	free(diff);
	free(t.v);
	free(node);
	return 0;
}
