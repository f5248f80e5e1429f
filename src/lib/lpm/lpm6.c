/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lpm6.c — IPv6 longest-prefix match: a compressed multibit trie.
 *
 * The trie reads the address 16 bits at the root and 8 bits per level below
 * it. Every slot holds a 32-bit entry whose top two bits say what it is:
 *
 *   00  the answer: a node id (0 = miss) — nothing longer below this slot
 *   01  a sparse inner node  \
 *   10  a leaf                }  at a word offset into the pool
 *   11  a dense inner node   /
 *
 * so node ids stop at 2^30 - 1 and the pool (64-bit words) at 8 GiB.
 *
 * Root: 2^16 entries (256 KiB), one per /16, read directly. It stays in
 * cache under load, so a lookup's first miss is the level below it.
 *
 * Inner nodes: 256 slots for the next byte. Where neighbouring slots mostly
 * hold the same entry (the same covering prefix, or nothing: a chain in a
 * sparse region), only the first slot of each run of equal entries is
 * stored, Poptrie-style — a sparse node:
 *
 *   uint64_t bitmap[4];   bit s set: slot s starts a run (bit 0 always)
 *   uint64_t cum;         4 x 16 bits: set bits in bitmap words before w
 *   uint32_t entry[runs]; padded to a word
 *
 * and slot s's entry is entry[cum[s / 64] + popcount(bitmap[s / 64] &
 * bits 0..s%64) - 1]: one popcount, 40 + 4 runs bytes. Sparse nodes have at
 * most SPARSE_RUNS (22) runs, 128 bytes, so bitmap and entry are in the same
 * line or the next; a node with more runs is stored dense, as 256 entries
 * (1 KiB) read directly — its slot is one read and one line. A dense node
 * has at least 11 distinct children or prefixes under it, which bounds the
 * dense memory to about 100 bytes per prefix in the worst case (in the
 * benchmark's 1 M random prefixes, the 8192 dense nodes below 2000::/3 take
 * 8 MiB).
 *
 * Leaf: where a slot's part of the address space holds at most LEAF_MAX
 * (4) prefixes, the trie stops and lists them, longest first:
 *
 *   uint64_t head;        low 32 bits: node of the longest prefix covering
 *                         the whole slot (the default); high 32: count m
 *   { uint64_t hi, lo;    prefix
 *     uint64_t lenid; }   length << 32 | node id      (m times)
 *
 * A lookup compares the address with each under its mask; the first match
 * is the longest (all matches contain the address, so they nest). This is
 * the path compression of the trie: 1 M random prefixes put almost every
 * prefix in a leaf below one dense node, where a plain 8-bit trie would
 * chain ten single-child nodes above every /128.
 *
 * A lookup is the root read, one read per inner node (at most 14; one for
 * the benchmark's 1 M prefixes) and at most one leaf (one or two lines). The
 * pool is 64-byte aligned, objects of up to a line never straddle two, and
 * a big pool sits on huge pages (nodes.h). lf_lpm6_lookup_batch walks 16
 * addresses in lock step and prefetches each one's next read a round ahead.
 *
 * Build. Entries are sorted by (prefix, length, input order) and merged
 * into nodes, parents from the stack (nodes.h). In that order the prefixes
 * inside any aligned block are contiguous, and inside a block those longer
 * than the block's stride are grouped by slot, so the trie is built by one
 * recursion over index ranges: paint the slots with the prefixes that end
 * at this level (in order, so the longest wins), recurse into each group,
 * then store the node dense or sparse. Children are written before their
 * parent; the pool grows by doubling, its used size checked against
 * max_bytes on every allocation, and is copied to an exact block at the end.
 *
 * Memory: 256 KiB + the pool + the node store (nodes.h); 1 M benchmark
 * prefixes take 54 MiB (docs/lpm.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "lpm/lpm.h"
#include "lpm/nodes.h"

#define ROOT_BITS 16u
#define ROOT_LEN (1u << ROOT_BITS)
#define TAG_SHIFT 30
#define TAG_ID 0u
#define TAG_SPARSE 1u
#define TAG_LEAF 2u
#define TAG_DENSE 3u
#define OFF_MASK 0x3fffffffu
#define SPARSE_HDR 5u   /* words before a sparse node's entries */
#define SPARSE_RUNS 22u /* runs a sparse node may have: 128 bytes */
#define DENSE_WORDS 128u
#define LEAF_MAX 4u     /* prefixes a leaf may list */
#define LINE_WORDS 8u   /* 64-byte cache line */
#define MAX_ENTRIES 0x3ffffffeu

struct lf_lpm6 {
	uint32_t *root;  /* ROOT_LEN entries */
	uint64_t *pool;  /* inner nodes and leaves */
	size_t pool_words;
	struct lpm_nodes nodes;
	size_t mem;
};

/* ---- lookup ---- */

static inline uint64_t load_be64(const uint8_t *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	       (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	       (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	       (uint64_t)p[6] << 8 | (uint64_t)p[7];
}

static inline unsigned popcount64(uint64_t x)
{
#if defined(__POPCNT__) || !defined(__x86_64__)
	return (unsigned)__builtin_popcountll(x);
#else
	/* baseline x86-64 has no popcnt: the libgcc call is slower than this */
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
#endif
}

/* Masks of the first len bits of a 128-bit value, 1 <= len <= 128. */
static inline void mask128(unsigned len, uint64_t *mh, uint64_t *ml)
{
	*mh = len >= 64 ? ~0ull : ~0ull << (64 - len);
	*ml = len > 64 ? ~0ull << (128 - len) : 0;
}

static uint32_t leaf_lookup(const uint64_t *lf, const uint8_t *addr)
{
	uint64_t hi = load_be64(addr), lo = load_be64(addr + 8);
	uint32_t m = (uint32_t)(lf[0] >> 32);
	const uint64_t *r = lf + 1;

	for (uint32_t i = 0; i < m; i++, r += 3) {
		uint64_t mh, ml;

		mask128((unsigned)(r[2] >> 32), &mh, &ml);
		if ((((hi ^ r[0]) & mh) | ((lo ^ r[1]) & ml)) == 0)
			return (uint32_t)r[2];
	}
	return (uint32_t)lf[0];
}

/* Slot s of a sparse node: the entry of the run holding it. */
static inline uint32_t sparse_slot(const uint64_t *nd, unsigned s)
{
	unsigned w = s >> 6;
	uint64_t bits = nd[w] & (~0ull >> (63 - (s & 63)));
	unsigned idx = (unsigned)((nd[4] >> (16 * w)) & 0xffff) +
		       popcount64(bits) - 1;

	return ((const uint32_t *)(nd + SPARSE_HDR))[idx];
}

/* Resolve an entry met at byte position pos of addr. */
static inline uint32_t walk(const uint64_t *pool, uint32_t e,
			    const uint8_t *addr, unsigned pos)
{
	for (;;) {
		unsigned tag = e >> TAG_SHIFT;
		const uint64_t *p = pool + (e & OFF_MASK);

		if (tag == TAG_DENSE)
			e = ((const uint32_t *)p)[addr[pos++]];
		else if (tag == TAG_SPARSE)
			e = sparse_slot(p, addr[pos++]);
		else if (tag == TAG_LEAF)
			return leaf_lookup(p, addr);
		else
			return e;
	}
}

static inline uint32_t root_entry(const uint32_t *root, const uint8_t *a)
{
	return root[(unsigned)a[0] << 8 | a[1]];
}

uint32_t lf_lpm6_lookup(const struct lf_lpm6 *t, const uint8_t addr[16])
{
	return walk(t->pool, root_entry(t->root, addr), addr, 2);
}

/* Prefetch what entry e (to be used at byte pos of a) will read. */
static inline void prefetch_entry(const uint64_t *pool, uint32_t e,
				  const uint8_t *a, unsigned pos)
{
	unsigned tag = e >> TAG_SHIFT;
	const uint64_t *p = pool + (e & OFF_MASK);

	if (tag == TAG_DENSE) {
		__builtin_prefetch((const uint32_t *)p + a[pos]);
	} else if (tag != TAG_ID) {
		/* a sparse node or leaf: at most two lines */
		__builtin_prefetch(p);
		__builtin_prefetch(p + 8);
	}
}

/*
 * Group prefetching: a trie lookup is a chain of dependent reads, so the
 * batch walks BATCH_G addresses in lock step, one level per round,
 * prefetching every next read before the round that needs it; the misses
 * of the group overlap instead of queueing.
 */
#define BATCH_G 16u

void lf_lpm6_lookup_batch(const struct lf_lpm6 *t, const uint8_t *addrs,
			  uint32_t *nodes, size_t n)
{
	const uint64_t *pool = t->pool;

	for (size_t j = 0; j < n && j < BATCH_G; j++)
		__builtin_prefetch(&t->root[(unsigned)addrs[16 * j] << 8 |
					    addrs[16 * j + 1]]);
	for (size_t base = 0; base < n; base += BATCH_G) {
		size_t g = n - base < BATCH_G ? n - base : BATCH_G;
		const uint8_t *grp = addrs + 16 * base;
		uint32_t e[BATCH_G];
		uint8_t pos[BATCH_G];
		unsigned live = 0;

		for (size_t k = 0; k < g; k++) {
			e[k] = root_entry(t->root, grp + 16 * k);
			pos[k] = 2;
			prefetch_entry(pool, e[k], grp + 16 * k, 2);
			live |= 1u << k;
		}
		for (size_t k = base + BATCH_G; k < n && k < base + 2 * BATCH_G;
		     k++)
			__builtin_prefetch(&t->root[(unsigned)addrs[16 * k] << 8 |
						    addrs[16 * k + 1]]);
		while (live) {
			for (unsigned m = live; m; m &= m - 1) {
				unsigned k = (unsigned)__builtin_ctz(m);
				const uint8_t *a = grp + 16 * k;
				unsigned tag = e[k] >> TAG_SHIFT;
				const uint64_t *p = pool + (e[k] & OFF_MASK);

				if (tag == TAG_ID) {
					nodes[base + k] = e[k];
					live &= ~(1u << k);
					continue;
				}
				if (tag == TAG_LEAF) {
					nodes[base + k] = leaf_lookup(p, a);
					live &= ~(1u << k);
					continue;
				}
				e[k] = tag == TAG_DENSE
					       ? ((const uint32_t *)p)[a[pos[k]]]
					       : sparse_slot(p, a[pos[k]]);
				pos[k]++;
				prefetch_entry(pool, e[k], a, pos[k]);
			}
		}
	}
}

size_t lf_lpm6_lookup_all(const struct lf_lpm6 *t, const uint8_t addr[16],
			  uint32_t *vals, size_t max)
{
	return lpm_nodes_collect(&t->nodes, lf_lpm6_lookup(t, addr), vals,
				 max);
}

size_t lf_lpm6_node_values(const struct lf_lpm6 *t, uint32_t node,
			   const uint32_t **vals)
{
	return lpm_nodes_values(&t->nodes, node, vals);
}

uint32_t lf_lpm6_node_parent(const struct lf_lpm6 *t, uint32_t node)
{
	return lpm_nodes_parent(&t->nodes, node);
}

unsigned lf_lpm6_node_len(const struct lf_lpm6 *t, uint32_t node)
{
	return lpm_nodes_len(&t->nodes, node);
}

size_t lf_lpm6_nodes(const struct lf_lpm6 *t)
{
	return t->nodes.n;
}

size_t lf_lpm6_mem(const struct lf_lpm6 *t)
{
	return t ? t->mem : 0;
}

void lf_lpm6_free(struct lf_lpm6 *t)
{
	if (!t)
		return;
	free(t->root);
	free(t->pool);
	lpm_nodes_release(&t->nodes);
	free(t);
}

/* ---- build: sort and nodes ---- */

struct rec6 {
	uint64_t hi, lo;
	uint32_t value;
	uint32_t idx; /* input position: keeps duplicates in order */
	uint8_t len;
};

static int rec6_cmp(const void *pa, const void *pb)
{
	const struct rec6 *a = pa, *b = pb;

	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static inline int same_prefix(const struct rec6 *a, const struct rec6 *b)
{
	return a->hi == b->hi && a->lo == b->lo && a->len == b->len;
}

/* Fill the node store; node id's prefix goes to phi/plo[id - 1]. */
static void make_nodes(struct lpm_nodes *nd, const struct rec6 *r, size_t n,
		       uint64_t *phi, uint64_t *plo)
{
	uint32_t stk[129], id = 0;
	uint64_t ehi[129], elo[129];
	unsigned sp = 0;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || !same_prefix(&r[i], &r[i - 1])) {
			uint64_t mh = 0, ml = 0;

			if (r[i].len)
				mask128(r[i].len, &mh, &ml);
			id++;
			while (sp > 0 && (ehi[sp - 1] < r[i].hi ||
					  (ehi[sp - 1] == r[i].hi &&
					   elo[sp - 1] < r[i].lo)))
				sp--;
			lpm_nodes_set(nd, id, sp ? stk[sp - 1] : 0, r[i].len,
				      (uint32_t)i);
			phi[id - 1] = r[i].hi;
			plo[id - 1] = r[i].lo;
			stk[sp] = id;
			ehi[sp] = r[i].hi | ~mh;
			elo[sp] = r[i].lo | ~ml;
			sp++;
		}
		lpm_nodes_value(nd, id, (uint32_t)i, r[i].value);
	}
}

/* ---- build: the trie ---- */

struct builder {
	struct lf_lpm6 *t;
	const uint64_t *phi, *plo; /* node prefixes, by id - 1 */
	size_t cap;                /* words allocated in t->pool */
	size_t max_words;          /* cap on t->pool_words from max_bytes */
};

/* The byte at bit position pos (a multiple of 8) of node index k's prefix. */
static inline unsigned pbyte(const struct builder *b, size_t k, unsigned pos)
{
	uint64_t w = pos < 64 ? b->phi[k] : b->plo[k];

	return (unsigned)(w >> (56 - (pos & 63))) & 0xff;
}

static inline size_t round_line(size_t words)
{
	return (words + LINE_WORDS - 1) & ~(size_t)(LINE_WORDS - 1);
}

/*
 * Take words from the pool (64-byte aligned). An object of up to a line
 * never straddles two; a larger one starts on a line. The cap is checked on
 * the used size rounded to a line, which is what the table keeps.
 */
static int pool_take(struct builder *b, size_t words, size_t *off)
{
	struct lf_lpm6 *t = b->t;
	size_t at = t->pool_words;

	if (words > LINE_WORDS || at % LINE_WORDS + words > LINE_WORDS)
		at = round_line(at);
	if (words > (size_t)OFF_MASK + 1 - at ||
	    round_line(at + words) > b->max_words)
		return LF_ELIMIT;
	if (at + words > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		size_t bytes;

		while (cap < at + words)
			cap *= 2;

		uint64_t *p = lpm_mul(cap, sizeof(uint64_t), &bytes)
				      ? NULL
				      : aligned_alloc(LINE_WORDS * sizeof(uint64_t),
						      bytes);

		if (!p)
			return -ENOMEM;
		if (t->pool)
			memcpy(p, t->pool, t->pool_words * sizeof(uint64_t));
		free(t->pool);
		t->pool = p;
		b->cap = cap;
	}
	/* padding is never read, but keep it defined */
	memset(t->pool + t->pool_words, 0,
	       (at - t->pool_words) * sizeof(uint64_t));
	*off = at;
	t->pool_words = at + words;
	return 0;
}

static int make_leaf(struct builder *b, size_t i, size_t j, uint32_t dflt,
		     uint32_t *entry)
{
	const uint8_t *len = b->t->nodes.len;
	size_t order[LEAF_MAX], m = j - i, off;
	int rc;

	/* longest first; equal lengths inside one block are disjoint */
	for (size_t k = 0; k < m; k++) {
		size_t x = i + k, q = k;

		for (; q > 0 && len[order[q - 1] + 1] < len[x + 1]; q--)
			order[q] = order[q - 1];
		order[q] = x;
	}
	if ((rc = pool_take(b, 1 + 3 * m, &off)) != 0)
		return rc;

	uint64_t *lf = b->t->pool + off;

	lf[0] = (uint64_t)m << 32 | dflt;
	for (size_t k = 0; k < m; k++) {
		size_t x = order[k];

		lf[1 + 3 * k] = b->phi[x];
		lf[2 + 3 * k] = b->plo[x];
		lf[3 + 3 * k] = (uint64_t)len[x + 1] << 32 | (uint32_t)(x + 1);
	}
	*entry = TAG_LEAF << TAG_SHIFT | (uint32_t)off;
	return 0;
}

/*
 * Paint slots[] with the prefixes among node indexes [i, j) that end within
 * the stride (length <= pos + stride), and recurse into each group of
 * longer prefixes sharing a slot. slots[] holds the default on entry and
 * every slot's entry on return.
 */
static int build_slots(struct builder *b, unsigned pos, unsigned stride,
		       size_t i, size_t j, uint32_t *slots);

/*
 * The entry for an aligned block starting at bit pos that holds node
 * indexes [i, j) (all longer than pos) and is otherwise covered by dflt.
 */
static int build_block(struct builder *b, unsigned pos, size_t i, size_t j,
		       uint32_t dflt, uint32_t *entry)
{
	uint32_t slots[256];
	size_t off;
	int rc;

	if (i == j) {
		*entry = dflt;
		return 0;
	}
	if (j - i <= LEAF_MAX)
		return make_leaf(b, i, j, dflt, entry);

	for (unsigned s = 0; s < 256; s++)
		slots[s] = dflt;
	if ((rc = build_slots(b, pos, 8, i, j, slots)) != 0)
		return rc;

	unsigned runs = 1;

	for (unsigned s = 1; s < 256; s++)
		runs += slots[s] != slots[s - 1];
	if (runs > SPARSE_RUNS) {
		if ((rc = pool_take(b, DENSE_WORDS, &off)) != 0)
			return rc;
		memcpy(b->t->pool + off, slots, sizeof(slots));
		*entry = TAG_DENSE << TAG_SHIFT | (uint32_t)off;
		return 0;
	}

	uint64_t bitmap[4] = { 0, 0, 0, 0 };
	unsigned cum[4];

	runs = 0;
	for (unsigned s = 0; s < 256; s++) {
		if (s == 0 || slots[s] != slots[s - 1]) {
			bitmap[s >> 6] |= 1ull << (s & 63);
			slots[runs++] = slots[s]; /* runs <= s: in place */
		}
	}
	cum[0] = 0;
	for (unsigned w = 1; w < 4; w++)
		cum[w] = cum[w - 1] + popcount64(bitmap[w - 1]);
	if ((rc = pool_take(b, SPARSE_HDR + (runs + 1) / 2, &off)) != 0)
		return rc;

	uint64_t *nd = b->t->pool + off;

	memcpy(nd, bitmap, sizeof(bitmap));
	nd[4] = (uint64_t)cum[0] | (uint64_t)cum[1] << 16 |
		(uint64_t)cum[2] << 32 | (uint64_t)cum[3] << 48;
	if (runs & 1)
		nd[SPARSE_HDR + runs / 2] = 0; /* the unused half word */
	memcpy(nd + SPARSE_HDR, slots, runs * sizeof(uint32_t));
	*entry = TAG_SPARSE << TAG_SHIFT | (uint32_t)off;
	return 0;
}

static int build_slots(struct builder *b, unsigned pos, unsigned stride,
		       size_t i, size_t j, uint32_t *slots)
{
	const uint8_t *len = b->t->nodes.len;
	unsigned end = pos + stride;
	int rc;

	/* Index of the slot of node index k: stride bits from pos. */
#define SLOT(k)                                                          \
	(stride == 8 ? pbyte(b, (k), pos)                                \
		     : pbyte(b, (k), pos) << 8 | pbyte(b, (k), pos + 8))

	/* In pre-order a prefix comes before those it covers: painting in
	 * order leaves the longest on every slot. */
	for (size_t k = i; k < j; k++) {
		if (len[k + 1] <= end) {
			size_t s = SLOT(k), c = (size_t)1 << (end - len[k + 1]);

			for (size_t x = 0; x < c; x++)
				slots[s + x] = (uint32_t)(k + 1);
		}
	}
	for (size_t k = i; k < j;) {
		if (len[k + 1] <= end) {
			k++;
			continue;
		}

		size_t s = SLOT(k), g = k;

		while (k < j && len[k + 1] > end && SLOT(k) == s)
			k++;
		if ((rc = build_block(b, end, g, k, slots[s], &slots[s])) != 0)
			return rc;
	}
#undef SLOT
	return 0;
}

int lf_lpm6_build(const struct lf_lpm_entry6 *e, size_t n, size_t max_bytes,
		  struct lf_lpm6 **out)
{
	struct rec6 *recs = NULL;
	uint64_t *phi = NULL, *plo = NULL;
	struct lf_lpm6 *t = NULL;
	struct builder b;
	size_t fixed;
	uint32_t nnodes = 0;
	int rc;

	if (!out || (!e && n))
		return -EINVAL;
	if (n > MAX_ENTRIES)
		return LF_ELIMIT;

	rc = -ENOMEM;
	recs = lpm_array(n, sizeof(*recs));
	if (!recs)
		goto fail;
	rc = LF_EMALF;
	for (size_t i = 0; i < n; i++) {
		uint64_t mh = 0, ml = 0;

		if (e[i].len > 128)
			goto fail;
		if (e[i].len)
			mask128(e[i].len, &mh, &ml);
		recs[i].hi = load_be64(e[i].prefix);
		recs[i].lo = load_be64(e[i].prefix + 8);
		if ((recs[i].hi & ~mh) || (recs[i].lo & ~ml))
			goto fail;
		recs[i].len = e[i].len;
		recs[i].value = e[i].value;
		recs[i].idx = (uint32_t)i;
	}
	qsort(recs, n, sizeof(*recs), rec6_cmp);
	for (size_t i = 0; i < n; i++)
		nnodes += i == 0 || !same_prefix(&recs[i], &recs[i - 1]);

	rc = LF_ELIMIT;
	if (lpm_nodes_bytes(nnodes, n, &fixed) ||
	    lpm_add(fixed, sizeof(*t) + ROOT_LEN * sizeof(uint32_t), &fixed) ||
	    (max_bytes && fixed > max_bytes))
		goto fail;
	rc = -ENOMEM;
	t = calloc(1, sizeof(*t));
	phi = lpm_array(nnodes, sizeof(*phi));
	plo = lpm_array(nnodes, sizeof(*plo));
	if (!t || !phi || !plo)
		goto fail;
	t->root = malloc(ROOT_LEN * sizeof(uint32_t));
	if (!t->root || lpm_nodes_alloc(&t->nodes, nnodes, (uint32_t)n))
		goto fail;
	make_nodes(&t->nodes, recs, n, phi, plo);
	free(recs);
	recs = NULL;

	b.t = t;
	b.phi = phi;
	b.plo = plo;
	b.cap = 0;
	b.max_words = max_bytes ? (max_bytes - fixed) / sizeof(uint64_t)
				: SIZE_MAX;
	memset(t->root, 0, ROOT_LEN * sizeof(uint32_t));
	if ((rc = build_slots(&b, 0, ROOT_BITS, 0, nnodes, t->root)) != 0)
		goto fail;
	size_t words = round_line(t->pool_words);

	if (words > 0) {
		/* Move to an exact, huge-page-advised block (the build's has
		 * doubling slack); keep the old one if that fails. */
		uint64_t *p = lpm_alloc_lookup(words * sizeof(uint64_t));

		if (p) {
			memcpy(p, t->pool, t->pool_words * sizeof(uint64_t));
			free(t->pool);
			t->pool = p;
		}
	}
	t->mem = fixed + words * sizeof(uint64_t);
	free(phi);
	free(plo);
	*out = t;
	return 0;
fail:
	free(recs);
	free(phi);
	free(plo);
	lf_lpm6_free(t);
	return rc;
}
