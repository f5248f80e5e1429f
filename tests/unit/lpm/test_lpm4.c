/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for lpm/lpm4.c. The core is a randomized cross-check against a
 * brute-force reference (scan every entry): random prefix sets of mixed
 * lengths (/0, /1, /8, /16, /23../25, /31, /32 and anything), clustered in
 * a few /16s so that prefixes nest, share /24s and repeat; addresses at
 * 0.0.0.0, 255.255.255.255, every prefix's first and last address +-1 and
 * random ones. Each address checks lookup (the node's length, values and
 * parent chain), lookup_all (order, count, truncation) and the batch.
 * Sets of every size run through both layouts (flat up to 512 ranges,
 * DIR-24-8 above, tried on both sides of the line), and hand-built /24s hit every chunk kind, including
 * ranges at the first and last byte. Then: the empty table, the memory cap
 * to the byte, and non-canonical input.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "lpm/lpm.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint32_t mask(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static int covers(const struct lf_lpm_entry4 *e, uint32_t a)
{
	return (a & mask(e->len)) == e->prefix;
}

/*
 * The reference: the values of every entry covering a, longest prefix
 * first, entries of one prefix in input order. Returns the count; *best is
 * the longest covering length or -1.
 */
static size_t ref_all(const struct lf_lpm_entry4 *e, size_t n, uint32_t a,
		      uint32_t *out, int *best)
{
	static uint8_t lens[1 << 17];
	size_t k = 0;

	/* collect in input order, then a stable insertion sort by length */
	for (size_t i = 0; i < n; i++) {
		if (!covers(&e[i], a))
			continue;
		size_t j = k++;

		for (; j > 0 && lens[j - 1] < e[i].len; j--) {
			lens[j] = lens[j - 1];
			out[j] = out[j - 1];
		}
		lens[j] = e[i].len;
		out[j] = e[i].value;
	}
	*best = k ? lens[0] : -1;
	return k;
}

/* Check one address against the reference in every way the API allows. */
static void check_addr(const struct lf_lpm4 *t, const struct lf_lpm_entry4 *e,
		       size_t n, uint32_t a, uint32_t *want, uint32_t *got)
{
	int best;
	size_t nw = ref_all(e, n, a, want, &best);
	uint32_t node = lf_lpm4_lookup(t, a);

	if (best < 0) {
		if (node != LF_LPM_MISS)
			fail_msg("addr %08x: node %u, want miss", a, node);
		assert_int_equal(lf_lpm4_lookup_all(t, a, got, n + 1), 0);
		return;
	}
	if (node == LF_LPM_MISS)
		fail_msg("addr %08x: miss, want /%d", a, best);
	if ((int)lf_lpm4_node_len(t, node) != best)
		fail_msg("addr %08x: node /%u, want /%d", a,
			 lf_lpm4_node_len(t, node), best);

	/* The parent chain visits the covering prefixes, longest first. */
	size_t k = 0;
	int prev_len = 33;

	for (uint32_t x = node; x != LF_LPM_MISS;
	     x = lf_lpm4_node_parent(t, x)) {
		const uint32_t *v;
		size_t nv = lf_lpm4_node_values(t, x, &v);

		assert_true(nv > 0);
		assert_true((int)lf_lpm4_node_len(t, x) < prev_len);
		prev_len = (int)lf_lpm4_node_len(t, x);
		assert_true(k + nv <= nw);
		assert_memory_equal(v, want + k, nv * sizeof(*v));
		k += nv;
	}
	assert_int_equal(k, nw);

	/* lookup_all: the whole list, then truncated (count still total). */
	memset(got, 0xee, (nw + 1) * sizeof(*got));
	assert_int_equal(lf_lpm4_lookup_all(t, a, got, nw + 1), nw);
	assert_memory_equal(got, want, nw * sizeof(*got));
	assert_int_equal(got[nw], 0xeeeeeeeeu);
	size_t cut = (size_t)(rnd() % nw);

	memset(got, 0xee, (nw + 1) * sizeof(*got));
	assert_int_equal(lf_lpm4_lookup_all(t, a, got, cut), nw);
	assert_memory_equal(got, want, cut * sizeof(*got));
	assert_int_equal(got[cut], 0xeeeeeeeeu);
}

/* Build, check every interesting address, batch, and the cap to the byte. */
static void cross_check(const struct lf_lpm_entry4 *e, size_t n, size_t nrand)
{
	struct lf_lpm4 *t = NULL;
	size_t cap = 8 * n + 64;
	uint32_t *want = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *got = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *addrs = malloc(cap * sizeof(uint32_t));
	uint32_t *nodes = malloc(cap * sizeof(uint32_t));
	size_t na = 0;

	assert_non_null(want);
	assert_non_null(got);
	assert_non_null(addrs);
	assert_non_null(nodes);
	assert_int_equal(lf_lpm4_build(e, n, 0, &t), 0);
	assert_non_null(t);

	addrs[na++] = 0;
	addrs[na++] = 0xffffffffu;
	addrs[na++] = 0x7fffffffu;
	addrs[na++] = 0x80000000u;
	for (size_t i = 0; i < n; i++) {
		uint32_t first = e[i].prefix, last = first | ~mask(e[i].len);

		addrs[na++] = first - 1;
		addrs[na++] = first;
		addrs[na++] = last;
		addrs[na++] = last + 1;
		addrs[na++] = first | ((uint32_t)rnd() & ~mask(e[i].len));
	}
	for (size_t i = 0; i < nrand && na < cap; i++)
		addrs[na++] = (uint32_t)rnd();
	for (size_t i = 0; i < na; i++)
		check_addr(t, e, n, addrs[i], want, got);

	lf_lpm4_lookup_batch(t, addrs, nodes, na);
	for (size_t i = 0; i < na; i++)
		assert_int_equal(nodes[i], lf_lpm4_lookup(t, addrs[i]));
	/* short batches: the prefetch pipeline's edges */
	for (size_t len = 0; len < 20 && len <= na; len++) {
		memset(nodes, 0xee, (len + 1) * sizeof(*nodes));
		lf_lpm4_lookup_batch(t, addrs, nodes, len);
		for (size_t i = 0; i < len; i++)
			assert_int_equal(nodes[i], lf_lpm4_lookup(t, addrs[i]));
		assert_int_equal(nodes[len], 0xeeeeeeeeu);
	}

	/* The cap is on exactly what lf_lpm4_mem reports. */
	size_t mem = lf_lpm4_mem(t);
	struct lf_lpm4 *t2 = NULL;

	assert_true(mem > 0);
	assert_int_equal(lf_lpm4_build(e, n, mem - 1, &t2), LF_ELIMIT);
	assert_null(t2);
	assert_int_equal(lf_lpm4_build(e, n, mem, &t2), 0);
	assert_int_equal(lf_lpm4_mem(t2), mem);
	assert_int_equal(lf_lpm4_lookup(t2, addrs[na - 1]),
			 lf_lpm4_lookup(t, addrs[na - 1]));
	lf_lpm4_free(t2);

	lf_lpm4_free(t);
	free(want);
	free(got);
	free(addrs);
	free(nodes);
}

/* A random length with the edges over-represented; /0../7 are rare. */
static unsigned rand_len(void)
{
	static const uint8_t edge[] = { 8, 16, 23, 24, 24, 25, 31, 32, 32, 32 };
	uint64_t r = rnd();

	if (r % 64 == 0)
		return (unsigned)((r >> 8) % 8);
	if (r % 4 == 0)
		return 8 + (unsigned)((r >> 8) % 25);
	return edge[(r >> 8) % sizeof(edge)];
}

/*
 * n entries: fresh prefixes in one of `clusters` /16s (so they collide),
 * children and parents of earlier ones, and exact duplicates.
 */
static void gen(struct lf_lpm_entry4 *e, size_t n, unsigned clusters,
		int allow_short)
{
	uint32_t base[8];

	for (unsigned c = 0; c < clusters; c++)
		base[c] = (uint32_t)rnd() & 0xffff0000u;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = rnd();
		unsigned kind = (unsigned)(r % 10);
		unsigned len;
		uint32_t a;

		if (i > 0 && kind == 0) { /* duplicate */
			e[i] = e[(r >> 8) % i];
			e[i].value = (uint32_t)i;
			continue;
		}
		if (i > 0 && kind <= 3) { /* nested in an earlier one */
			const struct lf_lpm_entry4 *p = &e[(r >> 8) % i];

			len = p->len + (unsigned)((r >> 40) % (33 - p->len));
			a = p->prefix | ((uint32_t)rnd() & ~mask(p->len));
		} else {
			len = rand_len();
			if (!allow_short && len < 16)
				len = 16 + len;
			a = clusters ? base[(r >> 8) % clusters] |
					       ((uint32_t)rnd() & 0xffff)
				     : (uint32_t)rnd();
		}
		e[i].len = (uint8_t)len;
		e[i].prefix = a & mask(len);
		e[i].value = (uint32_t)i;
	}
}

static void test_random(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 2, 3, 7, 20, 40, 120, 400, 1500 };

	rng_state = 0x4c50344c50344ull;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned round = 0; round < 3; round++) {
			size_t n = sizes[s];
			struct lf_lpm_entry4 *e = malloc(n * sizeof(*e));

			assert_non_null(e);
			gen(e, n, round == 2 ? 0 : 1 + round * 3, round != 1);
			if (round == 0 && n >= 3) /* a /0 under everything */
				e[n / 2] = (struct lf_lpm_entry4){ 0, 0, 999 };
			cross_check(e, n, 1000);
			free(e);
		}
	}
}

/* A /16 > /24 > /32 chain gives all three, and duplicates keep order. */
static void test_chain(void **state)
{
	(void)state;
	const struct lf_lpm_entry4 e[] = {
		{ 0xc0a80101u, 32, 100 }, { 0xc0a80000u, 16, 200 },
		{ 0xc0a80100u, 24, 300 }, { 0xc0a80000u, 16, 201 },
		{ 0xc0a80101u, 32, 101 },
	};
	struct lf_lpm4 *t = NULL;
	uint32_t v[8];

	assert_int_equal(lf_lpm4_build(e, 5, 0, &t), 0);
	assert_int_equal(lf_lpm4_nodes(t), 3);
	assert_int_equal(lf_lpm4_lookup_all(t, 0xc0a80101u, v, 8), 5);
	const uint32_t want[] = { 100, 101, 300, 200, 201 };

	assert_memory_equal(v, want, sizeof(want));
	assert_int_equal(lf_lpm4_lookup_all(t, 0xc0a80102u, v, 8), 3);
	assert_int_equal(v[0], 300);
	assert_int_equal(lf_lpm4_lookup_all(t, 0xc0a90101u, v, 8), 0);
	assert_int_equal(lf_lpm4_lookup_all(t, 0xc0a80101u, NULL, 0), 5);

	uint32_t node = lf_lpm4_lookup(t, 0xc0a80101u);
	const uint32_t *vals;

	assert_int_equal(lf_lpm4_node_len(t, node), 32);
	assert_int_equal(lf_lpm4_node_values(t, node, &vals), 2);
	assert_int_equal(vals[0], 100);
	assert_int_equal(vals[1], 101);
	node = lf_lpm4_node_parent(t, node);
	assert_int_equal(lf_lpm4_node_len(t, node), 24);
	node = lf_lpm4_node_parent(t, node);
	assert_int_equal(lf_lpm4_node_len(t, node), 16);
	assert_int_equal(lf_lpm4_node_parent(t, node), LF_LPM_MISS);
	/* ids outside the table */
	assert_int_equal(lf_lpm4_node_values(t, 0, &vals), 0);
	assert_null(vals);
	assert_int_equal(lf_lpm4_node_values(t, 4, &vals), 0);
	assert_int_equal(lf_lpm4_node_parent(t, 99), LF_LPM_MISS);
	assert_int_equal(lf_lpm4_node_len(t, 99), 0);
	lf_lpm4_free(t);
}

/*
 * /24 blocks split into 2..200 ranges (each chunk kind and the dense one),
 * ranges starting at byte 0 and ending at byte 255, on top of 100 filler
 * /24s so the table is DIR-24-8; every address of each block is checked.
 */
static void test_chunk_kinds(void **state)
{
	(void)state;
	static const unsigned nsub[] = { 1, 2, 3, 5, 6, 8, 9, 12, 16, 17, 40,
					 128, 256 };
	struct lf_lpm_entry4 e[1200];
	size_t n = 0;

	rng_state = 0x6b696e6473ull;
	for (uint32_t i = 0; i < 100; i++) {
		e[n].prefix = 0x0a000000u | i << 8;
		e[n].len = 24;
		e[n].value = (uint32_t)n;
		n++;
	}
	for (unsigned b = 0; b < sizeof(nsub) / sizeof(nsub[0]); b++) {
		uint32_t blk = 0xac100000u | b << 8;

		if (b & 1) { /* a covering /24 under some of them */
			e[n].prefix = blk;
			e[n].len = 24;
			e[n].value = (uint32_t)n;
			n++;
		}
		for (unsigned s = 0; s < nsub[b]; s++) {
			/* /32s at 0, 255 and spread between, or all 256 */
			uint32_t low = nsub[b] == 256 ? s
				      : s == 0        ? 0
				      : s == 1        ? 255
						      : (uint32_t)(rnd() % 256);
			e[n].prefix = blk | low;
			e[n].len = 32;
			e[n].value = (uint32_t)n;
			n++;
		}
		/* and a /25 and a /31 in the odd ones */
		if (b & 1) {
			e[n].prefix = blk | 0x80;
			e[n].len = 25;
			e[n].value = (uint32_t)n;
			n++;
			e[n].prefix = blk | 0x42;
			e[n].len = 31;
			e[n].value = (uint32_t)n;
			n++;
		}
	}
	assert_true(n <= sizeof(e) / sizeof(e[0]));

	struct lf_lpm4 *t = NULL;
	uint32_t want[8], got[8];

	assert_int_equal(lf_lpm4_build(e, n, 0, &t), 0);
	/* DIR-24-8 costs its 64 MiB first level */
	assert_true(lf_lpm4_mem(t) > ((size_t)64 << 20));
	for (unsigned b = 0; b < sizeof(nsub) / sizeof(nsub[0]); b++)
		for (uint32_t low = 0; low < 256; low++)
			check_addr(t, e, n, 0xac100000u | b << 8 | low, want,
				   got);
	check_addr(t, e, n, 0x0a000000u, want, got);
	check_addr(t, e, n, 0x0a0063ffu, want, got);
	check_addr(t, e, n, 0x0a006400u, want, got);
	lf_lpm4_free(t);
}

static void test_empty_and_whole(void **state)
{
	(void)state;
	struct lf_lpm4 *t = NULL;
	uint32_t v[4], nodes[3];
	const uint32_t addrs[3] = { 0, 0x01020304u, 0xffffffffu };
	const uint32_t *vals;

	assert_int_equal(lf_lpm4_build(NULL, 0, 0, &t), 0);
	assert_int_equal(lf_lpm4_nodes(t), 0);
	assert_true(lf_lpm4_mem(t) < 4096); /* no 64 MiB table for nothing */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lf_lpm4_lookup(t, addrs[i]), LF_LPM_MISS);
		assert_int_equal(lf_lpm4_lookup_all(t, addrs[i], v, 4), 0);
	}
	lf_lpm4_lookup_batch(t, addrs, nodes, 3);
	assert_int_equal(nodes[0] | nodes[1] | nodes[2], 0);
	assert_int_equal(lf_lpm4_node_values(t, 1, &vals), 0);
	lf_lpm4_free(t);
	lf_lpm4_free(NULL);

	/* /0 covers everything */
	const struct lf_lpm_entry4 all = { 0, 0, 7 };

	assert_int_equal(lf_lpm4_build(&all, 1, 0, &t), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lf_lpm4_lookup_all(t, addrs[i], v, 4), 1);
		assert_int_equal(v[0], 7);
	}
	lf_lpm4_free(t);
}

static void test_reject(void **state)
{
	(void)state;
	struct lf_lpm4 *t = NULL;
	struct lf_lpm_entry4 e[2] = { { 0x0a000000u, 8, 1 },
				      { 0x0a000001u, 24, 2 } };

	assert_int_equal(lf_lpm4_build(e, 2, 0, &t), LF_EMALF); /* host bits */
	e[1].prefix = 0x0a000000u;
	e[1].len = 33;
	assert_int_equal(lf_lpm4_build(e, 2, 0, &t), LF_EMALF);
	e[1].prefix = 1;
	e[1].len = 0;
	assert_int_equal(lf_lpm4_build(e, 2, 0, &t), LF_EMALF);
	e[1].prefix = 0xffffffffu;
	e[1].len = 31;
	assert_int_equal(lf_lpm4_build(e, 2, 0, &t), LF_EMALF);
	assert_null(t);
	e[1].len = 32;
	assert_int_equal(lf_lpm4_build(e, 2, 0, NULL), -EINVAL);
	assert_int_equal(lf_lpm4_build(NULL, 2, 0, &t), -EINVAL);
	assert_null(t);
	assert_int_equal(lf_lpm4_build(e, 2, 1, &t), LF_ELIMIT);
	assert_null(t);
	assert_int_equal(lf_lpm4_build(e, 2, 0, &t), 0);
	assert_int_equal(lf_lpm4_node_len(t, lf_lpm4_lookup(t, 0xffffffffu)),
			 32);
	assert_int_equal(lf_lpm4_lookup(t, 0xfffffffeu), LF_LPM_MISS);
	assert_int_equal(lf_lpm4_node_len(t, lf_lpm4_lookup(t, 0x0a0000ffu)),
			 8);
	lf_lpm4_free(t);
}

/*
 * A larger DIR-24-8 table (40 000 prefixes of every shape over the whole
 * space) against the reference on sampled addresses; the cap is checked
 * at the byte here too.
 */
static void test_large(void **state)
{
	(void)state;
	size_t n = 40000;
	struct lf_lpm_entry4 *e = malloc(n * sizeof(*e));
	struct lf_lpm4 *t = NULL;
	uint32_t *want = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *got = malloc((n + 1) * sizeof(uint32_t));

	assert_non_null(e);
	assert_non_null(want);
	assert_non_null(got);
	rng_state = 0x6c61726765ull;
	gen(e, n, 0, 1);
	assert_int_equal(lf_lpm4_build(e, n, 0, &t), 0);
	for (size_t i = 0; i < 200; i++) {
		const struct lf_lpm_entry4 *p = &e[rnd() % n];
		uint32_t last = p->prefix | ~mask(p->len);

		check_addr(t, e, n, p->prefix - 1, want, got);
		check_addr(t, e, n, p->prefix, want, got);
		check_addr(t, e, n, last, want, got);
		check_addr(t, e, n, last + 1, want, got);
		check_addr(t, e, n, (uint32_t)rnd(), want, got);
	}
	lf_lpm4_free(t);
	free(e);
	free(want);
	free(got);
}

/*
 * k disjoint, non-adjacent /24s cut the space into 2k + 1 ranges: 255 of
 * them stay flat (511 ranges), 256 make a DIR-24-8 table (513).
 */
static void test_flat_boundary(void **state)
{
	(void)state;
	struct lf_lpm_entry4 e[256];
	struct lf_lpm4 *t = NULL;

	for (size_t k = 255; k <= 256; k++) {
		for (size_t i = 0; i < k; i++) {
			e[i].prefix = 0x01000000u + (uint32_t)i * 0x20000u;
			e[i].len = 24;
			e[i].value = (uint32_t)(k - i);
		}
		assert_int_equal(lf_lpm4_build(e, k, 0, &t), 0);
		if (k == 255)
			assert_true(lf_lpm4_mem(t) < 16384);
		else
			assert_true(lf_lpm4_mem(t) > ((size_t)64 << 20));
		lf_lpm4_free(t);
		rng_state = 0x666c6174ull + k;
		cross_check(e, k, 3000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_empty_and_whole),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_chunk_kinds),
		cmocka_unit_test(test_flat_boundary),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
