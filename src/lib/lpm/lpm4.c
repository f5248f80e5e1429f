/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lpm4.c — IPv4 longest-prefix match: DIR-24-8 with a compact second level.
 *
 * Ranges. Sorted and deduplicated, the prefixes of a table cut the 2^32
 * addresses into at most 2N + 1 maximal ranges, each answered by one node
 * (the longest prefix covering it) or by none. Everything below is a way of
 * finding an address's range quickly; the ranges come out of one sweep over
 * the prefixes in (prefix, length) order with a stack of open prefixes
 * (struct sweep), twice at most, and are never stored whole.
 *
 * First level (tbl24): 2^24 32-bit entries, one per /24 block, indexed by
 * the top 24 bits of the address (64 MiB):
 *
 *   bit 31 = 0   bits 30..0 are the answer: a node id, 0 = miss
 *   bit 31 = 1   the block is split by prefixes longer than /24:
 *                bits 30..28 chunk kind, bits 27..0 chunk offset in the
 *                pool in 16-byte units (the pool is at most 4 GiB)
 *
 * Second level (the pool). A classic DIR-24-8 gives every split block a
 * full 256-entry array (1 KiB); with 1 M random /32s that is 1 GiB. But a
 * block holding k longer prefixes has at most 2k + 1 ranges, and almost
 * every split block in real feeds holds one or two, so most blocks are
 * stored as a sparse chunk of c range slots:
 *
 *   uint32_t node[c];      node of each range, in address order
 *   uint8_t  start[c - 1]; last byte of the first address of ranges 1..c-1
 *
 * A lookup counts the starts <= the address's last byte (one SSE2 compare
 * of 16 lanes; a short loop elsewhere) and returns node[count]. Unused
 * slots repeat the last range (start 0xff, same node), which any count
 * lands on correctly, so the kind alone says how many slots to look at:
 *
 *   kind   bytes  slots c              kind   bytes  slots c
 *   0      16     3 (one /25../32)     2      64     13
 *   1      32     6                    3      96     17
 *   7      1024   dense: node[256], one per last byte
 *
 * The 16-byte kind holds the common case, a lone /32 (or /25../31) in a
 * /24: 16 bytes instead of 1 KiB. A chunk is read by a lookup from its
 * first byte, and the pool ends with 16 spare bytes so the 16-byte key load
 * of the last chunk stays inside the allocation.
 *
 * A lookup is one read of tbl24 and, for a split block, one read of a chunk
 * (up to two adjacent cache lines): no pointer chasing, no branch on the
 * prefix lengths. tbl24 and a pool of 8 MiB or more sit on transparent huge
 * pages (nodes.h): random reads over 64 MiB of 4 KiB pages would miss the
 * TLB nearly every time.
 *
 * Memory: 64 MiB + 16 k0 + 32 k1 + 64 k2 + 96 k3 + 1024 kd (the number of
 * split blocks of each kind) + the node store (nodes.h: 9 bytes a prefix,
 * 13 with duplicates). 1 M feed-like prefixes (70 % /32) take 88 MiB, 10 M
 * take 301 MiB, where a textbook DIR-24-8 needs 769 MiB and 5.9 GiB; see
 * docs/lpm.md.
 *
 * Small tables. A table whose prefixes cut the space into at most FLAT_MAX
 * ranges (up to some 256 prefixes; an empty table) does without tbl24 and
 * binary-searches the sorted range starts: 6 KiB instead of 64 MiB, for
 * lookups measured 15 % slower than DIR-24-8 at that size.
 *
 * Build. Entries are radix-sorted (stable, so duplicates keep their order)
 * by (prefix, length); equal prefixes merge into one node; parents come
 * from the stack (nodes.h). Then one sweep counts ranges (flat or not), one
 * sizes the pool, one fills tbl24 and the chunks. Every size is computed
 * with overflow checks and compared with max_bytes before it is allocated.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/err.h"
#include "lpm/lpm.h"
#include "lpm/nodes.h"

#define TBL24_LEN (1u << 24)
#define EXT 0x80000000u
#define KIND_SHIFT 28
#define KIND_MASK 7u
#define OFF_MASK 0x0fffffffu
#define KIND_DENSE 7u
#define UNIT_WORDS 4u /* a pool unit is 16 bytes */
#define DENSE_UNITS 64u
#define POOL_PAD_WORDS 4u /* the last chunk's key load may read 16 bytes */
#define FLAT_MAX 512u     /* flat mode up to this many ranges */
#define MAX_ENTRIES 0x7ffffffeu

/* Sparse kinds: slots and size in units. */
static const uint8_t kind_slots[4] = { 3, 6, 13, 17 };
static const uint8_t kind_units[4] = { 1, 2, 4, 6 };

struct lf_lpm4 {
	uint32_t *tbl24;   /* TBL24_LEN entries; NULL in flat mode */
	uint32_t *pool;    /* chunks, then POOL_PAD_WORDS spare words */
	uint32_t *fstart;  /* flat mode: range starts, ascending, [0] = 0 */
	uint32_t *fnode;   /* flat mode: node of each range */
	uint32_t nflat;
	struct lpm_nodes nodes;
	size_t mem;
};

/* ---- lookup ---- */

static inline uint32_t chunk_lookup(const uint32_t *pool, uint32_t e,
				    unsigned low)
{
	const uint32_t *ch = pool + (size_t)(e & OFF_MASK) * UNIT_WORDS;
	unsigned kind = (e >> KIND_SHIFT) & KIND_MASK;

	if (kind == KIND_DENSE)
		return ch[low];

	unsigned c = kind_slots[kind];
	const uint8_t *start = (const uint8_t *)(ch + c);
#ifdef __SSE2__
	__m128i k = _mm_loadu_si128((const __m128i *)(const void *)start);
	__m128i l = _mm_set1_epi8((char)low);
	/* start <= low  <=>  max(start, low) == low, unsigned */
	unsigned le = (unsigned)_mm_movemask_epi8(
		_mm_cmpeq_epi8(_mm_max_epu8(k, l), l));
	/* starts ascend, so the lanes <= low are a run from lane 0 */
	unsigned i = (unsigned)__builtin_ctz(~le | (1u << (c - 1)));
#else
	unsigned i = 0;

	while (i < c - 1 && start[i] <= low)
		i++;
#endif
	return ch[i];
}

static inline uint32_t flat_lookup(const struct lf_lpm4 *t, uint32_t addr)
{
	const uint32_t *base = t->fstart;
	size_t len = t->nflat;

	while (len > 1) {
		size_t half = len / 2;

		base = base[half] <= addr ? base + half : base;
		len -= half;
	}
	return t->fnode[base - t->fstart];
}

uint32_t lf_lpm4_lookup(const struct lf_lpm4 *t, uint32_t addr)
{
	if (__builtin_expect(t->tbl24 == NULL, 0))
		return flat_lookup(t, addr);

	uint32_t e = t->tbl24[addr >> 8];

	if (!(e & EXT))
		return e;
	return chunk_lookup(t->pool, e, addr & 0xff);
}

/*
 * The tbl24 line of the address BATCH_D ahead is prefetched while this one
 * resolves; enough lookups are then in flight to hide memory latency. (A
 * second stage prefetching chunks was measured slower: most blocks have no
 * chunk, and the extra branch mispredicts on mixed traffic.)
 */
#define BATCH_D 16u

void lf_lpm4_lookup_batch(const struct lf_lpm4 *t, const uint32_t *addrs,
			  uint32_t *nodes, size_t n)
{
	if (t->tbl24 == NULL) {
		for (size_t i = 0; i < n; i++)
			nodes[i] = flat_lookup(t, addrs[i]);
		return;
	}

	const uint32_t *tbl = t->tbl24;

	for (size_t j = 0; j < n && j < BATCH_D; j++)
		__builtin_prefetch(&tbl[addrs[j] >> 8]);
	for (size_t i = 0; i < n; i++) {
		if (i + BATCH_D < n)
			__builtin_prefetch(&tbl[addrs[i + BATCH_D] >> 8]);

		uint32_t e = tbl[addrs[i] >> 8];

		nodes[i] = (e & EXT) ? chunk_lookup(t->pool, e, addrs[i] & 0xff)
				     : e;
	}
}

size_t lf_lpm4_lookup_all(const struct lf_lpm4 *t, uint32_t addr,
			  uint32_t *vals, size_t max)
{
	return lpm_nodes_collect(&t->nodes, lf_lpm4_lookup(t, addr), vals,
				 max);
}

size_t lf_lpm4_node_values(const struct lf_lpm4 *t, uint32_t node,
			   const uint32_t **vals)
{
	return lpm_nodes_values(&t->nodes, node, vals);
}

uint32_t lf_lpm4_node_parent(const struct lf_lpm4 *t, uint32_t node)
{
	return lpm_nodes_parent(&t->nodes, node);
}

unsigned lf_lpm4_node_len(const struct lf_lpm4 *t, uint32_t node)
{
	return lpm_nodes_len(&t->nodes, node);
}

size_t lf_lpm4_nodes(const struct lf_lpm4 *t)
{
	return t->nodes.n;
}

size_t lf_lpm4_mem(const struct lf_lpm4 *t)
{
	return t ? t->mem : 0;
}

void lf_lpm4_free(struct lf_lpm4 *t)
{
	if (!t)
		return;
	free(t->tbl24);
	free(t->pool);
	free(t->fstart);
	free(t->fnode);
	lpm_nodes_release(&t->nodes);
	free(t);
}

/* ---- build: sort ---- */

struct rec4 {
	uint32_t prefix;
	uint32_t value;
	uint8_t len;
};

#define RADIX_BITS 11u
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 4u

/* Pass 0 sorts by length, passes 1..3 by prefix bits 0-10, 11-21, 22-31. */
static inline unsigned digit(const struct rec4 *r, unsigned pass)
{
	if (pass == 0)
		return r->len;
	return (r->prefix >> (RADIX_BITS * (pass - 1))) & (RADIX_SIZE - 1);
}

static int rec4_less(const struct rec4 *a, const struct rec4 *b)
{
	return a->prefix < b->prefix ||
	       (a->prefix == b->prefix && a->len < b->len);
}

/*
 * Stable sort of a[0..n) by (prefix, len), using tmp[0..n) as scratch. LSD
 * radix: every pass is stable, so entries of one prefix keep their input
 * order. Returns the array holding the result (a or tmp), or NULL if out of
 * memory.
 */
static struct rec4 *sort_recs(struct rec4 *a, struct rec4 *tmp, size_t n)
{
	if (n <= 32) {
		for (size_t i = 1; i < n; i++) {
			struct rec4 x = a[i];
			size_t j = i;

			for (; j > 0 && rec4_less(&x, &a[j - 1]); j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return a;
	}

	size_t *hist = calloc(RADIX_PASSES * RADIX_SIZE, sizeof(*hist));

	if (!hist)
		return NULL;
	for (size_t i = 0; i < n; i++)
		for (unsigned p = 0; p < RADIX_PASSES; p++)
			hist[p * RADIX_SIZE + digit(&a[i], p)]++;

	struct rec4 *src = a, *dst = tmp;

	for (unsigned p = 0; p < RADIX_PASSES; p++) {
		size_t *h = hist + p * RADIX_SIZE;

		if (h[digit(&src[0], p)] == n)
			continue; /* every record has the same digit */
		size_t sum = 0;

		for (unsigned d = 0; d < RADIX_SIZE; d++) {
			size_t c = h[d];

			h[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[h[digit(&src[i], p)]++] = src[i];

		struct rec4 *x = src;

		src = dst;
		dst = x;
	}
	free(hist);
	return src;
}

/* ---- build: ranges ---- */

/* Last address of a prefix, as a 64-bit number (no overflow at /0). */
static inline uint64_t pfx_end(uint32_t start, unsigned len)
{
	return (uint64_t)start + ((uint64_t)1 << (32 - len)) - 1;
}

/*
 * The range sweep: walks the sorted distinct prefixes and yields the
 * maximal ranges of addresses with the same longest match, in address
 * order. The stack holds the open prefixes, innermost on top.
 */
struct sweep {
	const uint32_t *start; /* [n]: node id i + 1 starts at start[i] */
	const uint8_t *len;    /* [n + 1]: by node id */
	uint32_t n;
	uint32_t next;  /* index of the next prefix to open */
	uint64_t pos;   /* first address of the next range */
	unsigned sp;
	uint32_t stk[33];
	uint64_t stk_end[33];
};

static void sweep_init(struct sweep *s, const uint32_t *start,
		       const uint8_t *len, uint32_t n)
{
	memset(s, 0, sizeof(*s));
	s->start = start;
	s->len = len;
	s->n = n;
}

/* Next range [*lo, *hi] answered by *node; 0 when the sweep is done. */
static int sweep_next(struct sweep *s, uint32_t *lo, uint32_t *hi,
		      uint32_t *node)
{
	if (s->pos > UINT32_MAX)
		return 0;
	while (s->sp > 0 && s->stk_end[s->sp - 1] < s->pos)
		s->sp--;
	/* Open the prefixes starting here, shortest first: each covers the
	 * next, and the stack never exceeds one prefix per length. */
	while (s->next < s->n && s->start[s->next] == s->pos) {
		uint32_t id = s->next + 1;

		s->stk[s->sp] = id;
		s->stk_end[s->sp] = pfx_end(s->start[s->next], s->len[id]);
		s->sp++;
		s->next++;
	}

	uint64_t end = s->sp ? s->stk_end[s->sp - 1] : UINT32_MAX;

	if (s->next < s->n && (uint64_t)s->start[s->next] - 1 < end)
		end = (uint64_t)s->start[s->next] - 1;
	*lo = (uint32_t)s->pos;
	*hi = (uint32_t)end;
	*node = s->sp ? s->stk[s->sp - 1] : 0;
	s->pos = end + 1;
	return 1;
}

/* ---- build: the DIR-24-8 fill ---- */

/*
 * The ranges of one split /24 block being gathered: rlow[i] is the last
 * byte of range i's first address.
 */
struct block {
	uint32_t blk;
	unsigned k;
	uint8_t rlow[256];
	uint32_t rnode[256];
};

struct fill {
	struct lf_lpm4 *t; /* NULL while sizing */
	size_t units;      /* pool units used so far */
	struct block b;
};

static int flush_block(struct fill *f)
{
	struct block *b = &f->b;
	unsigned kind, k = b->k;

	/* the smallest sparse kind with room for the k ranges, else dense */
	for (kind = 0; kind < 4; kind++)
		if (k <= kind_slots[kind])
			break;

	size_t units = kind < 4 ? kind_units[kind] : DENSE_UNITS;

	if (f->units > OFF_MASK + 1 - units)
		return LF_ELIMIT;

	if (f->t) {
		uint32_t *ch = f->t->pool + f->units * UNIT_WORDS;

		if (kind < 4) {
			unsigned c = kind_slots[kind];
			uint8_t *start = (uint8_t *)(ch + c);

			for (unsigned i = 0; i < c; i++)
				ch[i] = b->rnode[i < k ? i : k - 1];
			for (unsigned i = 0; i + 1 < c; i++)
				start[i] = i + 1 < k ? b->rlow[i + 1] : 0xff;
		} else {
			kind = KIND_DENSE;
			for (unsigned i = 0; i < k; i++) {
				unsigned to = i + 1 < k ? b->rlow[i + 1] : 256;

				for (unsigned x = b->rlow[i]; x < to; x++)
					ch[x] = b->rnode[i];
			}
		}
		f->t->tbl24[b->blk] = EXT | (uint32_t)kind << KIND_SHIFT |
				      (uint32_t)f->units;
	}
	f->units += units;
	b->k = 0;
	return 0;
}

/*
 * One pass over the ranges. While sizing (f->t NULL) it only counts pool
 * units; while filling it writes tbl24 (zeroed beforehand: ranges with no
 * node need no write) and the chunks, in the same order.
 */
static int fill_pass(struct fill *f, const struct lpm_nodes *nd,
		     const uint32_t *start)
{
	struct sweep s;
	uint32_t lo, hi, node;
	int rc;

	sweep_init(&s, start, nd->len, nd->n);
	f->units = 0;
	f->b.k = 0;
	while (sweep_next(&s, &lo, &hi, &node)) {
		uint64_t x = lo;

		while (x <= hi) {
			uint32_t blk = (uint32_t)(x >> 8);

			if ((x & 0xff) == 0 && hi >= (x | 0xff)) {
				/* whole blocks */
				uint64_t nblk = ((uint64_t)hi + 1 - x) >> 8;

				if (f->t && node != 0)
					for (uint64_t i = 0; i < nblk; i++)
						f->t->tbl24[blk + i] = node;
				x += nblk << 8;
				continue;
			}
			/* part of a block */
			struct block *b = &f->b;

			/* (the sweep never yields one node twice in a row;
			 * were it to, merging keeps the chunk right) */
			if (b->k == 0 || b->rnode[b->k - 1] != node) {
				b->blk = blk;
				b->rlow[b->k] = (uint8_t)x;
				b->rnode[b->k] = node;
				b->k++;
			}
			uint64_t stop = (x | 0xff) < hi ? (x | 0xff) : hi;

			x = stop + 1;
			if ((x & 0xff) == 0 && (rc = flush_block(f)) != 0)
				return rc;
		}
	}
	return 0;
}

/* ---- build ---- */

static int build_flat(struct lf_lpm4 *t, const uint32_t *start,
		      uint32_t nranges)
{
	struct sweep s;
	uint32_t lo, hi, node, i = 0;

	t->fstart = lpm_array(nranges, sizeof(uint32_t));
	t->fnode = lpm_array(nranges, sizeof(uint32_t));
	if (!t->fstart || !t->fnode)
		return -ENOMEM;
	sweep_init(&s, start, t->nodes.len, t->nodes.n);
	while (sweep_next(&s, &lo, &hi, &node)) {
		t->fstart[i] = lo;
		t->fnode[i] = node;
		i++;
	}
	t->nflat = i;
	return 0;
}

static int build_dir(struct lf_lpm4 *t, const uint32_t *start,
		     size_t max_bytes)
{
	struct fill *f = malloc(sizeof(*f));
	size_t need, pool_bytes;
	int rc;

	if (!f)
		return -ENOMEM;
	f->t = NULL;
	rc = fill_pass(f, &t->nodes, start);
	if (rc)
		goto out;
	rc = LF_ELIMIT;
	if (lpm_mul(f->units * UNIT_WORDS + POOL_PAD_WORDS, sizeof(uint32_t),
		    &pool_bytes) ||
	    lpm_add(t->mem, (size_t)TBL24_LEN * sizeof(uint32_t), &need) ||
	    lpm_add(need, pool_bytes, &need) || (max_bytes && need > max_bytes))
		goto out;
	rc = -ENOMEM;
	t->pool = lpm_alloc_lookup(pool_bytes);
	t->tbl24 = t->pool ? lpm_alloc_lookup(TBL24_LEN * sizeof(uint32_t))
			   : NULL;
	if (!t->tbl24)
		goto out;
	t->mem = need;
	f->t = t;
	rc = fill_pass(f, &t->nodes, start);
out:
	free(f);
	return rc;
}

/*
 * Fill the node store from the sorted records and record each node's first
 * address in start[].
 */
static void make_nodes(struct lpm_nodes *nd, const struct rec4 *r, size_t n,
		       uint32_t *start)
{
	uint32_t stk[33], id = 0;
	uint64_t stk_end[33];
	unsigned sp = 0;

	for (size_t i = 0; i < n; i++) {
		if (i == 0 || r[i].prefix != r[i - 1].prefix ||
		    r[i].len != r[i - 1].len) {
			uint64_t end = pfx_end(r[i].prefix, r[i].len);

			id++;
			while (sp > 0 && stk_end[sp - 1] < r[i].prefix)
				sp--;
			lpm_nodes_set(nd, id, sp ? stk[sp - 1] : 0, r[i].len,
				      (uint32_t)i);
			start[id - 1] = r[i].prefix;
			stk[sp] = id;
			stk_end[sp] = end;
			sp++;
		}
		lpm_nodes_value(nd, id, (uint32_t)i, r[i].value);
	}
}

int lf_lpm4_build(const struct lf_lpm_entry4 *e, size_t n, size_t max_bytes,
		  struct lf_lpm4 **out)
{
	struct rec4 *recs = NULL, *tmp = NULL, *sorted;
	uint32_t *start = NULL;
	struct lf_lpm4 *t = NULL;
	size_t nodes_bytes;
	uint32_t nnodes = 0;
	int rc;

	if (!out || (!e && n))
		return -EINVAL;
	if (n > MAX_ENTRIES)
		return LF_ELIMIT;
	for (size_t i = 0; i < n; i++) {
		if (e[i].len > 32 ||
		    (e[i].len < 32 && (e[i].prefix << e[i].len) != 0))
			return LF_EMALF;
	}

	rc = -ENOMEM;
	recs = lpm_array(n, sizeof(*recs));
	tmp = lpm_array(n, sizeof(*tmp));
	if (!recs || !tmp)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		recs[i].prefix = e[i].prefix;
		recs[i].len = e[i].len;
		recs[i].value = e[i].value;
	}
	sorted = sort_recs(recs, tmp, n);
	if (!sorted)
		goto fail;
	for (size_t i = 0; i < n; i++)
		nnodes += i == 0 || sorted[i].prefix != sorted[i - 1].prefix ||
			  sorted[i].len != sorted[i - 1].len;

	rc = LF_ELIMIT;
	if (lpm_nodes_bytes(nnodes, n, &nodes_bytes) ||
	    lpm_add(nodes_bytes, sizeof(*t), &nodes_bytes) ||
	    (max_bytes && nodes_bytes > max_bytes))
		goto fail;
	rc = -ENOMEM;
	t = calloc(1, sizeof(*t));
	if (!t)
		goto fail;
	t->mem = nodes_bytes;
	start = lpm_array(nnodes, sizeof(*start));
	if (!start || lpm_nodes_alloc(&t->nodes, nnodes, (uint32_t)n))
		goto fail;
	make_nodes(&t->nodes, sorted, n, start);
	free(recs);
	free(tmp);
	recs = tmp = NULL;

	/* Count the ranges: a handful means a flat table. */
	struct sweep s;
	uint32_t lo, hi, node, nranges = 0;

	sweep_init(&s, start, t->nodes.len, nnodes);
	while (nranges <= FLAT_MAX && sweep_next(&s, &lo, &hi, &node))
		nranges++;
	if (nranges <= FLAT_MAX) {
		size_t need = t->mem + 2 * (size_t)nranges * sizeof(uint32_t);

		rc = LF_ELIMIT;
		if (max_bytes && need > max_bytes)
			goto fail;
		t->mem = need;
		rc = build_flat(t, start, nranges);
	} else {
		rc = build_dir(t, start, max_bytes);
	}
	if (rc)
		goto fail;
	free(start);
	*out = t;
	return 0;
fail:
	free(recs);
	free(tmp);
	free(start);
	lf_lpm4_free(t);
	return rc;
}
