/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for lpm/lpm6.c: a randomized cross-check against a brute-force
 * reference (scan every entry) over prefix sets of mixed lengths (/0, /1,
 * /16, /17, /32, /48, /56, /64, /127, /128 and anything), clustered under a
 * few /32s so that prefixes nest, repeat and crowd the same trie nodes
 * past the leaf size; addresses ::, ffff:...:ffff, every prefix's first
 * and last address +-1, and random ones; lookup (node length, values,
 * parent chain), lookup_all (order, count, truncation) and the batch for
 * each. Also: a dense block that forces inner nodes at every level, the
 * empty table, the memory cap to the byte, non-canonical input.
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
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Clear the bits of p past len. */
static void canon(uint8_t p[16], unsigned len)
{
	for (unsigned i = 0; i < 16; i++) {
		if (8 * i >= len)
			p[i] = 0;
		else if (8 * i + 8 > len)
			p[i] &= (uint8_t)(0xff << (8 * i + 8 - len));
	}
}

/* Set the bits of p past len (the last address of the prefix). */
static void fill_host(uint8_t p[16], unsigned len)
{
	for (unsigned i = 0; i < 16; i++) {
		if (8 * i >= len)
			p[i] = 0xff;
		else if (8 * i + 8 > len)
			p[i] |= (uint8_t)(0xff >> (len - 8 * i));
	}
}

static void rand_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* a + d (d = +1 or -1), wrapping. */
static void add1(uint8_t a[16], int d)
{
	for (int i = 15; i >= 0; i--) {
		a[i] = (uint8_t)(a[i] + d);
		if ((d > 0 && a[i] != 0) || (d < 0 && a[i] != 0xff))
			break;
	}
}

static int covers(const struct lf_lpm_entry6 *e, const uint8_t a[16])
{
	uint8_t x[16];

	memcpy(x, a, 16);
	canon(x, e->len);
	return memcmp(x, e->prefix, 16) == 0;
}

/* Reference: covering values, longest first, input order within a length. */
static size_t ref_all(const struct lf_lpm_entry6 *e, size_t n,
		      const uint8_t a[16], uint32_t *out, int *best)
{
	static uint8_t lens[1 << 16];
	size_t k = 0;

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

static void check_addr(const struct lf_lpm6 *t, const struct lf_lpm_entry6 *e,
		       size_t n, const uint8_t a[16], uint32_t *want,
		       uint32_t *got)
{
	int best;
	size_t nw = ref_all(e, n, a, want, &best);
	uint32_t node = lf_lpm6_lookup(t, a);

	if (best < 0) {
		if (node != LF_LPM_MISS)
			fail_msg("node %u, want miss", node);
		assert_int_equal(lf_lpm6_lookup_all(t, a, got, n + 1), 0);
		return;
	}
	if (node == LF_LPM_MISS)
		fail_msg("miss, want /%d", best);
	if ((int)lf_lpm6_node_len(t, node) != best)
		fail_msg("node /%u, want /%d", lf_lpm6_node_len(t, node), best);

	size_t k = 0;
	int prev_len = 129;

	for (uint32_t x = node; x != LF_LPM_MISS;
	     x = lf_lpm6_node_parent(t, x)) {
		const uint32_t *v;
		size_t nv = lf_lpm6_node_values(t, x, &v);

		assert_true(nv > 0);
		assert_true((int)lf_lpm6_node_len(t, x) < prev_len);
		prev_len = (int)lf_lpm6_node_len(t, x);
		assert_true(k + nv <= nw);
		assert_memory_equal(v, want + k, nv * sizeof(*v));
		k += nv;
	}
	assert_int_equal(k, nw);

	memset(got, 0xee, (nw + 1) * sizeof(*got));
	assert_int_equal(lf_lpm6_lookup_all(t, a, got, nw + 1), nw);
	assert_memory_equal(got, want, nw * sizeof(*got));
	assert_int_equal(got[nw], 0xeeeeeeeeu);
	size_t cut = (size_t)(rnd() % nw);

	memset(got, 0xee, (nw + 1) * sizeof(*got));
	assert_int_equal(lf_lpm6_lookup_all(t, a, got, cut), nw);
	assert_memory_equal(got, want, cut * sizeof(*got));
	assert_int_equal(got[cut], 0xeeeeeeeeu);
}

static void cross_check(const struct lf_lpm_entry6 *e, size_t n, size_t nrand)
{
	struct lf_lpm6 *t = NULL;
	size_t cap = 8 * n + 64, na = 0;
	uint32_t *want = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *got = malloc((n + 1) * sizeof(uint32_t));
	uint8_t(*addrs)[16] = malloc(cap * 16);
	uint32_t *nodes = malloc(cap * sizeof(uint32_t));

	assert_non_null(want);
	assert_non_null(got);
	assert_non_null(addrs);
	assert_non_null(nodes);
	assert_int_equal(lf_lpm6_build(e, n, 0, &t), 0);

	memset(addrs[na++], 0, 16);
	memset(addrs[na++], 0xff, 16);
	for (size_t i = 0; i < n; i++) {
		uint8_t *a = addrs[na++];

		memcpy(a, e[i].prefix, 16);
		memcpy(addrs[na], a, 16);
		add1(addrs[na++], -1);
		memcpy(addrs[na], a, 16);
		fill_host(addrs[na++], e[i].len);
		memcpy(addrs[na], addrs[na - 1], 16);
		add1(addrs[na++], +1);
		/* inside, random host bits */
		uint8_t r[16], *in = addrs[na++];

		rand_bytes(r, 16);
		memcpy(in, e[i].prefix, 16);
		for (unsigned b = 0; b < 16; b++) {
			uint8_t m = 8 * b >= e[i].len ? 0
				    : 8 * b + 8 <= e[i].len
					    ? 0xff
					    : (uint8_t)(0xff << (8 * b + 8 -
								 e[i].len));
			in[b] = (uint8_t)((in[b] & m) | (r[b] & ~m));
		}
	}
	for (size_t i = 0; i < nrand && na < cap; i++)
		rand_bytes(addrs[na++], 16);
	for (size_t i = 0; i < na; i++)
		check_addr(t, e, n, addrs[i], want, got);

	lf_lpm6_lookup_batch(t, addrs[0], nodes, na);
	for (size_t i = 0; i < na; i++)
		assert_int_equal(nodes[i], lf_lpm6_lookup(t, addrs[i]));
	/* groups cut short, at every offset */
	for (size_t len = 0; len < 40 && len <= na; len++) {
		size_t at = na - len > 0 ? (size_t)(rnd() % (na - len + 1)) : 0;

		memset(nodes, 0xee, (len + 1) * sizeof(*nodes));
		lf_lpm6_lookup_batch(t, addrs[at], nodes, len);
		for (size_t i = 0; i < len; i++)
			assert_int_equal(nodes[i],
					 lf_lpm6_lookup(t, addrs[at + i]));
		assert_int_equal(nodes[len], 0xeeeeeeeeu);
	}

	size_t mem = lf_lpm6_mem(t);
	struct lf_lpm6 *t2 = NULL;

	assert_int_equal(lf_lpm6_build(e, n, mem - 1, &t2), LF_ELIMIT);
	assert_null(t2);
	assert_int_equal(lf_lpm6_build(e, n, mem, &t2), 0);
	assert_int_equal(lf_lpm6_mem(t2), mem);
	lf_lpm6_free(t2);

	lf_lpm6_free(t);
	free(want);
	free(got);
	free(addrs);
	free(nodes);
}

static unsigned rand_len(void)
{
	static const uint8_t edge[] = { 16, 17, 24, 32, 32, 40, 48, 48, 56,
					64, 64, 64, 127, 128, 128, 128 };
	uint64_t r = rnd();

	if (r % 64 == 0)
		return (unsigned)((r >> 8) % 16);
	if (r % 4 == 0)
		return (unsigned)((r >> 8) % 129);
	return edge[(r >> 8) % sizeof(edge)];
}

/*
 * n entries under `clusters` random /32s (0: anywhere), a third nested in
 * earlier ones, a tenth exact duplicates.
 */
static void gen(struct lf_lpm_entry6 *e, size_t n, unsigned clusters)
{
	uint8_t base[8][4];

	for (unsigned c = 0; c < clusters; c++)
		rand_bytes(base[c], 4);
	for (size_t i = 0; i < n; i++) {
		uint64_t r = rnd();
		unsigned kind = (unsigned)(r % 10), len;

		if (i > 0 && kind == 0) {
			e[i] = e[(r >> 8) % i];
			e[i].value = (uint32_t)i;
			continue;
		}
		rand_bytes(e[i].prefix, 16);
		if (i > 0 && kind <= 3) {
			const struct lf_lpm_entry6 *p = &e[(r >> 8) % i];
			uint8_t host[16];

			len = p->len + (unsigned)((r >> 40) % (129 - p->len));
			/* p's bits, then random ones */
			memcpy(host, e[i].prefix, 16);
			memcpy(e[i].prefix, p->prefix, 16);
			fill_host(e[i].prefix, p->len);
			for (unsigned b = 0; b < 16; b++)
				e[i].prefix[b] &= (uint8_t)(host[b] |
							    p->prefix[b]);
		} else {
			len = rand_len();
			if (clusters)
				memcpy(e[i].prefix, base[(r >> 8) % clusters],
				       4);
		}
		canon(e[i].prefix, len);
		e[i].len = (uint8_t)len;
		e[i].value = (uint32_t)i;
	}
}

static void test_random(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 2, 4, 5, 9, 30, 200, 1500 };

	rng_state = 0x4c50364c5036ull;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (unsigned round = 0; round < 3; round++) {
			size_t n = sizes[s];
			struct lf_lpm_entry6 *e = malloc(n * sizeof(*e));

			assert_non_null(e);
			gen(e, n, round == 2 ? 0 : 1 + round * 3);
			if (round == 0 && n >= 3) {
				memset(&e[n / 2], 0, sizeof(e[0]));
				e[n / 2].value = 999; /* ::/0 */
			}
			cross_check(e, n, 2000);
			free(e);
		}
	}
}

/*
 * 2001:db8::/32 with every /40, some /48s, /64s, /127s and /128s under
 * the first and last of them, so inner nodes appear at every level down
 * to the last byte, with slots at 0 and 255.
 */
static void test_dense(void **state)
{
	(void)state;
	struct lf_lpm_entry6 e[700];
	size_t n = 0;

	rng_state = 0x64656e7365ull;
	memset(e, 0, sizeof(e));
	for (unsigned i = 0; i < 256; i++, n++) {
		const uint8_t p[16] = { 0x20, 0x01, 0x0d, 0xb8, (uint8_t)i };

		memcpy(e[n].prefix, p, 16);
		e[n].len = 40;
		e[n].value = (uint32_t)n;
	}
	for (unsigned lvl = 0; lvl < 2; lvl++) {
		uint8_t top = lvl ? 0xff : 0;

		for (unsigned b = 5; b < 16; b++) {
			for (unsigned k = 0; k < 12; k++, n++) {
				uint8_t p[16] = { 0x20, 0x01, 0x0d, 0xb8 };

				memset(p + 4, top, b - 4);
				p[b] = k < 2 ? (uint8_t)(k ? 0xff : 0)
					     : (uint8_t)rnd();
				memcpy(e[n].prefix, p, 16);
				e[n].len = (uint8_t)(8 * b + 8 -
						     (k % 3 == 2 ? 1 : 0));
				canon(e[n].prefix, e[n].len);
				e[n].value = (uint32_t)n;
			}
		}
	}
	assert_true(n <= 700);
	cross_check(e, n, 500);
}

static void test_chain_and_empty(void **state)
{
	(void)state;
	struct lf_lpm6 *t = NULL;
	struct lf_lpm_entry6 e[4];
	uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0,
			  0, 0, 0, 1 };
	uint32_t v[8];
	const uint32_t *vals;

	assert_int_equal(lf_lpm6_build(NULL, 0, 0, &t), 0);
	assert_int_equal(lf_lpm6_nodes(t), 0);
	assert_int_equal(lf_lpm6_lookup(t, a), LF_LPM_MISS);
	assert_int_equal(lf_lpm6_lookup_all(t, a, v, 8), 0);
	assert_int_equal(lf_lpm6_node_values(t, 1, &vals), 0);
	assert_true(lf_lpm6_mem(t) < 300000);
	lf_lpm6_free(t);
	lf_lpm6_free(NULL);

	memset(e, 0, sizeof(e));
	memcpy(e[0].prefix, a, 16); /* /128 */
	e[0].len = 128;
	e[0].value = 1;
	memcpy(e[1].prefix, a, 6); /* /48 */
	e[1].len = 48;
	e[1].value = 2;
	memcpy(e[2].prefix, a, 4); /* /32 */
	e[2].len = 32;
	e[2].value = 3;
	e[3] = e[1];
	e[3].value = 4;
	assert_int_equal(lf_lpm6_build(e, 4, 0, &t), 0);
	assert_int_equal(lf_lpm6_nodes(t), 3);
	assert_int_equal(lf_lpm6_lookup_all(t, a, v, 8), 4);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], 4);
	assert_int_equal(v[3], 3);
	uint32_t node = lf_lpm6_lookup(t, a);

	assert_int_equal(lf_lpm6_node_len(t, node), 128);
	node = lf_lpm6_node_parent(t, node);
	assert_int_equal(lf_lpm6_node_len(t, node), 48);
	assert_int_equal(lf_lpm6_node_values(t, node, &vals), 2);
	assert_int_equal(vals[1], 4);
	a[15] = 2;
	assert_int_equal(lf_lpm6_lookup_all(t, a, v, 8), 3);
	a[3] = 0xb9;
	assert_int_equal(lf_lpm6_lookup(t, a), LF_LPM_MISS);
	lf_lpm6_free(t);
}

static void test_reject(void **state)
{
	(void)state;
	struct lf_lpm6 *t = NULL;
	struct lf_lpm_entry6 e[2];

	memset(e, 0, sizeof(e));
	e[0].prefix[0] = 0x20;
	e[0].len = 8;
	e[1].prefix[0] = 0x20;
	e[1].prefix[15] = 1; /* host bit of a /64 */
	e[1].len = 64;
	assert_int_equal(lf_lpm6_build(e, 2, 0, &t), LF_EMALF);
	e[1].len = 129;
	assert_int_equal(lf_lpm6_build(e, 2, 0, &t), LF_EMALF);
	e[1].prefix[15] = 0;
	e[1].prefix[1] = 0x80; /* /1 with bit 9 set */
	e[1].len = 1;
	assert_int_equal(lf_lpm6_build(e, 2, 0, &t), LF_EMALF);
	e[1].prefix[0] = 0;
	e[1].prefix[1] = 0;
	e[1].prefix[15] = 1;
	e[1].len = 127;
	assert_int_equal(lf_lpm6_build(e, 2, 0, &t), LF_EMALF);
	assert_null(t);
	e[1].len = 128;
	assert_int_equal(lf_lpm6_build(e, 2, 0, NULL), -EINVAL);
	assert_int_equal(lf_lpm6_build(NULL, 1, 0, &t), -EINVAL);
	assert_int_equal(lf_lpm6_build(e, 2, 1000, &t), LF_ELIMIT);
	assert_null(t);
	assert_int_equal(lf_lpm6_build(e, 2, 0, &t), 0);
	assert_int_equal(lf_lpm6_node_len(t, lf_lpm6_lookup(t, e[1].prefix)),
			 128);
	lf_lpm6_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_and_empty),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_dense),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
