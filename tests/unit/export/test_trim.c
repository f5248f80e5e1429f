/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for export/trim.c: the written size of every ranked prefix of the
 * entries, checked against brute force on random sets — lf_cidr_aggregate
 * of the top k prefixes when aggregating, an O(k^2) "not covered by
 * another" count when not — for IPv4 and IPv6 in small universes (so that
 * merges and nesting are frequent), with /0 (written as two halves by
 * ipset/rpz), and with non-IP entries of weight 1 and 2 mixed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cidr/cidr.h"
#include "export/priv.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* A random prefix inside 10.0.0.0/20 (v4) or 2001:db8::/116 (v6). */
static void random_prefix(struct lf_prefix *p, int v6)
{
	memset(p, 0, sizeof(*p));
	unsigned span = 12;
	if (v6) {
		p->addr.af = LF_AF_V6;
		p->addr.b[0] = 0x20;
		p->addr.b[1] = 0x01;
		p->addr.b[2] = 0x0d;
		p->addr.b[3] = 0xb8;
		uint32_t x = rnd() & 0xfff;
		p->addr.b[14] = (uint8_t)(x >> 8);
		p->addr.b[15] = (uint8_t)x;
		p->len = (uint8_t)(116 + rnd() % (span + 1));
	} else {
		p->addr.af = LF_AF_V4;
		p->addr.b[0] = 10;
		uint32_t x = rnd() & 0xfff;
		p->addr.b[2] = (uint8_t)(x >> 8);
		p->addr.b[3] = (uint8_t)x;
		p->len = (uint8_t)(20 + rnd() % (span + 1));
	}
	if (rnd() % 200 == 0)
		p->len = 0; /* the whole family */
	lf_addr_mask(&p->addr, p->len);
}

static size_t brute(const struct lf_xent *ent, const size_t *order, size_t k,
		    int aggregate, int split_zero)
{
	struct lf_prefix *p = malloc((k + 1) * sizeof(*p));
	assert_non_null(p);
	size_t m = 0, w = 0;
	for (size_t i = 0; i < k; i++) {
		const struct lf_xent *e = &ent[order[i]];
		if (e->type == LF_IOC_IPV4 || e->type == LF_IOC_IPV6)
			p[m++] = e->pfx;
		else
			w += e->weight;
	}
	size_t out = 0;
	if (aggregate) {
		assert_int_equal(lf_cidr_aggregate(p, m, &out), 0);
	} else {
		for (size_t i = 0; i < m; i++) {
			int covered = 0;
			for (size_t j = 0; j < m && !covered; j++)
				covered = j != i &&
					  p[j].addr.af == p[i].addr.af &&
					  lf_prefix_covers(&p[j], &p[i]);
			if (!covered)
				p[out++] = p[i];
		}
	}
	size_t zeros = 0;
	for (size_t i = 0; i < out && split_zero; i++)
		zeros += p[i].len == 0;
	free(p);
	return w + out + zeros;
}

static void run_case(size_t n, int aggregate, int split_zero, int mixed)
{
	struct lf_xent *ent = calloc(n, sizeof(*ent));
	size_t *order = malloc(n * sizeof(*order));
	size_t *sizes = malloc((n + 1) * sizeof(*sizes));
	assert_non_null(ent);
	assert_non_null(order);
	assert_non_null(sizes);
	for (size_t i = 0; i < n; i++) {
		unsigned kind = mixed ? rnd() % 3 : rnd() % 2;
		if (kind == 2) {
			ent[i].type = LF_IOC_DOMAIN;
			ent[i].weight = (uint8_t)(1 + rnd() % 2);
			continue;
		}
		/* distinct prefixes, as the pipeline guarantees */
		for (;;) {
			random_prefix(&ent[i].pfx, kind == 1);
			int dup = 0;
			for (size_t j = 0; j < i && !dup; j++)
				dup = (ent[j].type == LF_IOC_IPV4 ||
				       ent[j].type == LF_IOC_IPV6) &&
				      lf_prefix_cmp(&ent[j].pfx, &ent[i].pfx) == 0;
			if (!dup)
				break;
		}
		ent[i].type = kind == 1 ? LF_IOC_IPV6 : LF_IOC_IPV4;
		ent[i].weight = 1;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = rnd() % i, t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	assert_int_equal(lf_export_trim_sizes(ent, order, n, 1, aggregate,
					      split_zero, sizes),
			 0);
	for (size_t k = 0; k <= n; k++)
		assert_int_equal(sizes[k],
				 brute(ent, order, k, aggregate, split_zero));
	free(ent);
	free(order);
	free(sizes);
}

static void test_random_aggregate(void **state)
{
	(void)state;
	for (int r = 0; r < 40; r++)
		run_case(1 + rnd() % 120, 1, r & 1, r & 2);
}

static void test_random_covered(void **state)
{
	(void)state;
	for (int r = 0; r < 40; r++)
		run_case(1 + rnd() % 120, 0, r & 1, r & 2);
}

/* Hand cases: adjacent halves merge, a covering prefix hides others. */
static void test_hand(void **state)
{
	(void)state;
	struct lf_xent e[4];
	memset(e, 0, sizeof(e));
	const char *txt[] = {"198.51.100.0/25", "198.51.100.128/25",
			     "198.51.100.0/24", "198.51.100.7/32"};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(lf_prefix_parse(txt[i], strlen(txt[i]), 0,
						 &e[i].pfx, NULL),
				 0);
		e[i].type = LF_IOC_IPV4;
		e[i].weight = 1;
	}
	size_t order[4] = {0, 1, 3, 2}, sizes[5];
	assert_int_equal(lf_export_trim_sizes(e, order, 4, 1, 1, 0, sizes), 0);
	assert_int_equal(sizes[0], 0);
	assert_int_equal(sizes[1], 1);
	assert_int_equal(sizes[2], 1); /* /25 + /25 = /24 */
	assert_int_equal(sizes[3], 1); /* host inside */
	assert_int_equal(sizes[4], 1); /* the /24 itself */
	assert_int_equal(lf_export_trim_sizes(e, order, 4, 1, 0, 0, sizes), 0);
	assert_int_equal(sizes[2], 2);
	assert_int_equal(sizes[3], 2); /* host covered by the first /25 */
	assert_int_equal(sizes[4], 1);
	/* not compacted: a plain count */
	assert_int_equal(lf_export_trim_sizes(e, order, 4, 0, 0, 0, sizes), 0);
	assert_int_equal(sizes[4], 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand),
		cmocka_unit_test(test_random_aggregate),
		cmocka_unit_test(test_random_covered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
