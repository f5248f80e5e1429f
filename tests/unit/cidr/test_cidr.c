/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cidr.c — lf_cidr_aggregate / lf_cidr_union / lf_cidr_subtract /
 * lf_cidr_count.
 *
 * Hand cases pin the exact output; randomised cases compare against a
 * brute-force bitmap over a 65536-address universe (an IPv4 /16, and an
 * IPv6 window straddling the 2^64 boundary so the two-word arithmetic
 * carries), checking that the output covers exactly the right addresses,
 * is sorted and disjoint, and is minimal (every prefix is a maximal
 * aligned block of the set: its parent is not inside the set).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cidr/cidr.h"
#include "core/addr.h"
#include "core/err.h"

/* ---- helpers ------------------------------------------------------------ */

static struct lf_prefix P(const char *s)
{
	struct lf_prefix p;
	int rc = lf_prefix_parse(s, strlen(s), 0, &p, NULL);
	if (rc != 0)
		fail_msg("bad prefix in test: %s", s);
	return p;
}

static size_t parse_list(const char *const *in, size_t n, struct lf_prefix *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = P(in[i]);
	return n;
}

static void expect_list(const struct lf_prefix *got, size_t ngot,
			const char *const *want, size_t nwant)
{
	char buf[LF_PREFIX_STRLEN];
	for (size_t i = 0; i < ngot && i < nwant; i++) {
		lf_prefix_format(&got[i], buf, sizeof(buf));
		if (strcmp(buf, want[i]) != 0)
			fail_msg("item %zu: got %s, want %s", i, buf, want[i]);
	}
	if (ngot != nwant) {
		for (size_t i = 0; i < ngot; i++) {
			lf_prefix_format(&got[i], buf, sizeof(buf));
			print_message("  got[%zu] = %s\n", i, buf);
		}
		fail_msg("got %zu prefixes, want %zu", ngot, nwant);
	}
}

static void check_aggregate(const char *const *in, size_t nin,
			    const char *const *want, size_t nwant)
{
	struct lf_prefix *p = calloc(nin + 1, sizeof(*p));
	size_t n = 99;
	assert_non_null(p);
	parse_list(in, nin, p);
	assert_int_equal(lf_cidr_aggregate(p, nin, &n), 0);
	expect_list(p, n, want, nwant);
	free(p);
}

static void check_subtract(const char *const *a, size_t na,
			   const char *const *b, size_t nb,
			   const char *const *want, size_t nwant)
{
	struct lf_prefix pa[16], pb[16], *out = (struct lf_prefix *)1;
	size_t n = 99;
	assert_true(na <= 16 && nb <= 16);
	parse_list(a, na, pa);
	parse_list(b, nb, pb);
	assert_int_equal(lf_cidr_subtract(pa, na, pb, nb, 0, &out, &n), 0);
	expect_list(out, n, want, nwant);
	if (n == 0)
		assert_null(out);
	free(out);
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

/* ---- aggregation: hand cases -------------------------------------------- */

static void t_agg_adjacent(void **state)
{
	(void)state;
	const char *in[] = {"192.0.2.128/25", "192.0.2.0/25"};
	const char *want[] = {"192.0.2.0/24"};
	check_aggregate(in, N(in), want, N(want));

	/* adjacent but not siblings: stay two */
	const char *in2[] = {"10.0.1.0/24", "10.0.2.0/24"};
	const char *want2[] = {"10.0.1.0/24", "10.0.2.0/24"};
	check_aggregate(in2, N(in2), want2, N(want2));

	/* four /26 in scrambled order collapse fully */
	const char *in3[] = {"10.9.8.192/26", "10.9.8.0/26", "10.9.8.128/26",
			     "10.9.8.64/26"};
	const char *want3[] = {"10.9.8.0/24"};
	check_aggregate(in3, N(in3), want3, N(want3));
}

static void t_agg_overlap_dup(void **state)
{
	(void)state;
	const char *in[] = {"10.1.0.0/16", "10.0.0.0/8", "10.1.2.3/32",
			    "10.0.0.0/8", "11.0.0.0/8"};
	const char *want[] = {"10.0.0.0/7"};
	check_aggregate(in, N(in), want, N(want));

	const char *in2[] = {"1.2.3.4/32", "1.2.3.4/32", "1.2.3.4/32"};
	const char *want2[] = {"1.2.3.4/32"};
	check_aggregate(in2, N(in2), want2, N(want2));

	/* a range that is not a power of two: 10.0.0.1 .. 10.0.0.6 */
	const char *in3[] = {"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31",
			     "10.0.0.6/32", "10.0.0.3/32"};
	const char *want3[] = {"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31",
			       "10.0.0.6/32"};
	check_aggregate(in3, N(in3), want3, N(want3));
}

static void t_agg_edges(void **state)
{
	(void)state;
	const char *in[] = {"10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32"};
	const char *want[] = {"0.0.0.0/0"};
	check_aggregate(in, N(in), want, N(want));

	/* the top of the space: hi + 1 must not wrap */
	const char *in2[] = {"255.255.255.255/32", "255.255.255.254/32",
			     "0.0.0.0/32"};
	const char *want2[] = {"0.0.0.0/32", "255.255.255.254/31"};
	check_aggregate(in2, N(in2), want2, N(want2));

	const char *in3[] = {"0.0.0.0/1", "128.0.0.0/1"};
	const char *want3[] = {"0.0.0.0/0"};
	check_aggregate(in3, N(in3), want3, N(want3));

	size_t n = 42;
	assert_int_equal(lf_cidr_aggregate(NULL, 0, &n), 0);
	assert_int_equal(n, 0);
}

static void t_agg_v6(void **state)
{
	(void)state;
	const char *in[] = {"2001:db8:8000::/33", "2001:db8::/33",
			    "2001:db8::1/128"};
	const char *want[] = {"2001:db8::/32"};
	check_aggregate(in, N(in), want, N(want));

	const char *in2[] = {"::/1", "8000::/1"};
	const char *want2[] = {"::/0"};
	check_aggregate(in2, N(in2), want2, N(want2));

	const char *in3[] = {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
			     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128"};
	const char *want3[] = {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"};
	check_aggregate(in3, N(in3), want3, N(want3));

	/* across the 64-bit word boundary */
	const char *in4[] = {"::ffff:ffff:ffff:ffff/128", "0:0:0:1::/128"};
	const char *want4[] = {"::ffff:ffff:ffff:ffff/128", "0:0:0:1::/128"};
	check_aggregate(in4, N(in4), want4, N(want4));
	const char *in5[] = {"::8000:0:0:0/65", "0:0:0:1::/64"};
	const char *want5[] = {"::8000:0:0:0/65", "0:0:0:1::/64"};
	check_aggregate(in5, N(in5), want5, N(want5));
	const char *in6[] = {"::/65", "::8000:0:0:0/65"};
	const char *want6[] = {"::/64"};
	check_aggregate(in6, N(in6), want6, N(want6));
}

static void t_agg_mixed(void **state)
{
	(void)state;
	/* IPv4 first, then IPv6; IPv4-mapped stays IPv6 */
	const char *in[] = {"2001:db8::/32", "::ffff:10.0.0.0/104",
			    "192.168.0.0/16", "10.0.0.0/8", "::/0"};
	const char *want[] = {"10.0.0.0/8", "192.168.0.0/16", "::/0"};
	check_aggregate(in, N(in), want, N(want));
}

static void t_agg_invalid(void **state)
{
	(void)state;
	struct lf_prefix p[2];
	size_t n;
	p[0] = P("10.0.0.0/8");
	p[1] = P("10.0.0.0/8");
	p[1].len = 33;
	assert_int_equal(lf_cidr_aggregate(p, 2, &n), -EINVAL);
	p[1].len = 8;
	p[1].addr.af = 0;
	assert_int_equal(lf_cidr_aggregate(p, 2, &n), -EINVAL);
	/* untouched on error */
	char buf[LF_PREFIX_STRLEN];
	lf_prefix_format(&p[0], buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.0/8");
	p[1] = P("::/0");
	p[1].len = 129;
	struct lf_prefix *out;
	assert_int_equal(lf_cidr_subtract(p, 1, p + 1, 1, 0, &out, &n),
			 -EINVAL);
	assert_int_equal(lf_cidr_count(p, 2, NULL, NULL), -EINVAL);
}

/* ---- subtraction: hand cases -------------------------------------------- */

static void t_sub_hole(void **state)
{
	(void)state;
	const char *a[] = {"10.0.0.0/16"};
	const char *b[] = {"10.0.5.0/24"};
	const char *want[] = {"10.0.0.0/22",  "10.0.4.0/24",  "10.0.6.0/23",
			      "10.0.8.0/21",  "10.0.16.0/20", "10.0.32.0/19",
			      "10.0.64.0/18", "10.0.128.0/17"};
	check_subtract(a, N(a), b, N(b), want, N(want));
}

static void t_sub_edges(void **state)
{
	(void)state;
	const char *a[] = {"10.0.0.0/16"};
	const char *b1[] = {"10.0.0.0/24"};
	const char *w1[] = {"10.0.1.0/24",  "10.0.2.0/23",  "10.0.4.0/22",
			    "10.0.8.0/21",  "10.0.16.0/20", "10.0.32.0/19",
			    "10.0.64.0/18", "10.0.128.0/17"};
	check_subtract(a, N(a), b1, N(b1), w1, N(w1));

	const char *b2[] = {"10.0.255.0/24"};
	const char *w2[] = {"10.0.0.0/17",   "10.0.128.0/18", "10.0.192.0/19",
			    "10.0.224.0/20", "10.0.240.0/21", "10.0.248.0/22",
			    "10.0.252.0/23", "10.0.254.0/24"};
	check_subtract(a, N(a), b2, N(b2), w2, N(w2));

	/* two holes, and b reaching outside a on both sides */
	const char *a3[] = {"10.0.0.0/24", "10.0.2.0/24"};
	const char *b3[] = {"9.0.0.0/8", "10.0.0.0/25", "10.0.1.0/24",
			    "10.0.2.128/25", "10.0.3.0/24"};
	const char *w3[] = {"10.0.0.128/25", "10.0.2.0/25"};
	check_subtract(a3, N(a3), b3, N(b3), w3, N(w3));

	/* top of the space */
	const char *a4[] = {"255.255.255.0/24"};
	const char *b4[] = {"255.255.255.255/32"};
	const char *w4[] = {"255.255.255.0/25",   "255.255.255.128/26",
			    "255.255.255.192/27", "255.255.255.224/28",
			    "255.255.255.240/29", "255.255.255.248/30",
			    "255.255.255.252/31", "255.255.255.254/32"};
	check_subtract(a4, N(a4), b4, N(b4), w4, N(w4));
}

static void t_sub_all_none(void **state)
{
	(void)state;
	const char *a[] = {"10.0.0.0/16", "10.1.0.0/16"};
	const char *b[] = {"10.0.0.0/8"};
	check_subtract(a, N(a), b, N(b), NULL, 0);

	const char *b2[] = {"192.168.0.0/16", "2001:db8::/32"};
	const char *w2[] = {"10.0.0.0/15"};
	check_subtract(a, N(a), b2, N(b2), w2, N(w2));

	check_subtract(a, N(a), NULL, 0, w2, N(w2));
	check_subtract(NULL, 0, b, N(b), NULL, 0);

	const char *a3[] = {"0.0.0.0/0", "::/0"};
	const char *b3[] = {"0.0.0.0/0", "::/0"};
	check_subtract(a3, N(a3), b3, N(b3), NULL, 0);
}

static void t_sub_mixed(void **state)
{
	(void)state;
	/* families are independent: ::ffff:0:0/96 does not remove IPv4 */
	const char *a[] = {"2001:db8::/32", "10.0.0.0/8"};
	const char *b[] = {"::ffff:0:0/96", "2001:db8:0:1::/64"};
	struct lf_prefix pa[2], pb[2], *out;
	size_t n;
	parse_list(a, 2, pa);
	parse_list(b, 2, pb);
	assert_int_equal(lf_cidr_subtract(pa, 2, pb, 2, 0, &out, &n), 0);
	/* 10.0.0.0/8 plus the 64 - 32 = 32 prefixes around one /64 */
	assert_int_equal(n, 1 + 32);
	char buf[LF_PREFIX_STRLEN];
	lf_prefix_format(&out[0], buf, sizeof(buf));
	assert_string_equal(buf, "10.0.0.0/8");
	lf_prefix_format(&out[1], buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::/64");
	lf_prefix_format(&out[2], buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:0:2::/63");
	lf_prefix_format(&out[32], buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:8000::/33");
	free(out);

	/* ::/0 minus one address: 128 prefixes */
	pa[0] = P("::/0");
	pb[0] = P("::1/128");
	assert_int_equal(lf_cidr_subtract(pa, 1, pb, 1, 0, &out, &n), 0);
	assert_int_equal(n, 128);
	lf_prefix_format(&out[0], buf, sizeof(buf));
	assert_string_equal(buf, "::/128");
	lf_prefix_format(&out[127], buf, sizeof(buf));
	assert_string_equal(buf, "8000::/1");
	free(out);
}

/* ---- union -------------------------------------------------------------- */

static void t_union(void **state)
{
	(void)state;
	struct lf_prefix a[3] = {P("10.0.0.0/25"), P("192.168.0.0/24"),
				 P("2001:db8::/33")};
	struct lf_prefix b[3] = {P("10.0.0.128/25"), P("2001:db8:8000::/33"),
				 P("192.168.1.0/24")};
	struct lf_prefix *out = (struct lf_prefix *)1;
	size_t n = 99;
	const char *want[] = {"10.0.0.0/24", "192.168.0.0/23",
			      "2001:db8::/32"};
	assert_int_equal(lf_cidr_union(a, 3, b, 3, &out, &n), 0);
	expect_list(out, n, want, N(want));
	free(out);
	/* unsorted input works too */
	struct lf_prefix c[3] = {a[2], a[1], a[0]};
	assert_int_equal(lf_cidr_union(c, 3, b, 3, &out, &n), 0);
	expect_list(out, n, want, N(want));
	free(out);
	/* one side empty: the aggregate of the other */
	assert_int_equal(lf_cidr_union(NULL, 0, b, 3, &out, &n), 0);
	const char *wb[] = {"10.0.0.128/25", "192.168.1.0/24",
			    "2001:db8:8000::/33"};
	expect_list(out, n, wb, N(wb));
	free(out);
	assert_int_equal(lf_cidr_union(NULL, 0, NULL, 0, &out, &n), 0);
	assert_null(out);
	assert_int_equal(n, 0);
	/* the top of both spaces */
	struct lf_prefix d[2] = {
		P("255.255.255.255/32"),
		P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")};
	struct lf_prefix e[2] = {
		P("255.255.255.254/32"),
		P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/128")};
	const char *wd[] = {"255.255.255.254/31",
			    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127"};
	assert_int_equal(lf_cidr_union(d, 2, e, 2, &out, &n), 0);
	expect_list(out, n, wd, N(wd));
	free(out);
}

static void t_sub_limit(void **state)
{
	(void)state;
	struct lf_prefix a = P("10.0.0.0/16"), b = P("10.0.5.0/24");
	struct lf_prefix *out = (struct lf_prefix *)1;
	size_t n = 5;
	assert_int_equal(lf_cidr_subtract(&a, 1, &b, 1, 7, &out, &n),
			 LF_ELIMIT);
	assert_null(out);
	assert_int_equal(n, 0);
	assert_int_equal(lf_cidr_subtract(&a, 1, &b, 1, 8, &out, &n), 0);
	assert_int_equal(n, 8);
	free(out);
}

static void t_count(void **state)
{
	(void)state;
	const char *in[] = {"10.0.0.0/8", "10.1.0.0/16", "192.168.1.1/32",
			    "::2/127", "::1/128", "::3/128"};
	struct lf_prefix p[N(in)];
	uint64_t v4 = 0;
	double v6 = 0;
	parse_list(in, N(in), p);
	assert_int_equal(lf_cidr_count(p, N(in), &v4, &v6), 0);
	assert_true(v4 == (1u << 24) + 1);
	assert_true(v6 == 3);
	struct lf_prefix d[2] = {P("2001:db8::/32"), P("2001:db8::/33")};
	assert_int_equal(lf_cidr_count(d, 2, NULL, &v6), 0);
	assert_true(v6 == 0x1p96);

	struct lf_prefix all[2] = {P("0.0.0.0/0"), P("::/0")};
	assert_int_equal(lf_cidr_count(all, 2, &v4, &v6), 0);
	assert_true(v4 == ((uint64_t)1 << 32));
	assert_true(v6 == 0x1p128);
	assert_int_equal(lf_cidr_count(NULL, 0, &v4, &v6), 0);
	assert_true(v4 == 0 && v6 == 0);
}

/* ---- randomised against a bitmap ---------------------------------------- */

#define U 65536u

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	/* xorshift64*: deterministic, so a failure reproduces */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

/* Universe offsets -> prefixes. v4: 10.20.0.0/16. v6: the 65536 addresses
 * from 2^64 - 32768, i.e. ::ffff:ffff:ffff:8000 .. 0:0:0:1::7fff. */
static struct lf_prefix mk(int v6, uint32_t off, unsigned size_log2)
{
	struct lf_prefix p;
	memset(&p, 0, sizeof(p));
	if (!v6) {
		lf_addr_from_v4(&p.addr, 0x0a140000u + off);
		p.len = (uint8_t)(32 - size_log2);
		return p;
	}
	uint64_t hi = 0, lo = 0xffffffffffff8000ull + off;
	if (lo < 0xffffffffffff8000ull)
		hi = 1;
	uint8_t b[16];
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(hi >> (56 - 8 * i));
		b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
	lf_addr_from_v6(&p.addr, b);
	p.len = (uint8_t)(128 - size_log2);
	return p;
}

/* Offset and size of an output prefix inside the universe; fails the test
 * if it is not inside. */
static void span(int v6, const struct lf_prefix *p, uint32_t *off,
		 uint32_t *size)
{
	if (!v6) {
		assert_int_equal(p->addr.af, LF_AF_V4);
		assert_true(p->len >= 16);
		uint32_t a = lf_addr_v4(&p->addr);
		assert_true((a >> 16) == 0x0a14);
		*off = a & 0xffff;
		*size = 1u << (32 - p->len);
		return;
	}
	assert_int_equal(p->addr.af, LF_AF_V6);
	assert_true(p->len >= 112);
	uint64_t hi = 0, lo = 0;
	for (int i = 0; i < 8; i++) {
		hi = (hi << 8) | p->addr.b[i];
		lo = (lo << 8) | p->addr.b[8 + i];
	}
	uint64_t o = lo - 0xffffffffffff8000ull; /* wraps right for hi 1 */
	assert_true(hi == 0 ? lo >= 0xffffffffffff8000ull : hi == 1);
	*off = (uint32_t)o;
	*size = 1u << (128 - p->len);
	assert_true(*off + (uint64_t)*size <= U);
}

/* Out must be exactly the set `want`, sorted, disjoint, and minimal. */
static void verify(int v6, const struct lf_prefix *out, size_t n,
		   const uint8_t *want)
{
	static uint8_t got[U];
	memset(got, 0, sizeof(got));
	uint64_t prev_end = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t off, size;
		span(v6, &out[i], &off, &size);
		assert_true(off % size == 0);
		assert_true(i == 0 || off >= prev_end); /* sorted, disjoint */
		prev_end = (uint64_t)off + size;
		for (uint32_t k = 0; k < size; k++)
			got[off + k] = 1;
		/* maximal: the parent block is not entirely in the set
		 * (the v4 universe is an aligned /16 the set never fills:
		 * the generators leave the last address out; the v6 window
		 * is aligned to 2^15 only, so bigger parents are skipped) */
		uint32_t psize = size * 2, poff = off & ~(psize - 1);
		if (psize <= (v6 ? U / 2 : U)) {
			int full = 1;
			for (uint32_t k = 0; k < psize && full; k++)
				full = want[poff + k];
			assert_false(full);
		}
	}
	assert_memory_equal(got, want, U);
}

static size_t gen(int v6, struct lf_prefix *p, size_t max, uint8_t *bits,
		  int set)
{
	size_t n = 1 + (size_t)(rnd() % max);
	for (size_t i = 0; i < n; i++) {
		/* mostly small blocks, some big ones, all inside the
		 * universe minus its last address */
		unsigned lg = (unsigned)(rnd() % 100 < 80 ? rnd() % 5
							   : rnd() % 15);
		uint32_t size = 1u << lg;
		uint32_t off = (uint32_t)(rnd() % (U / size)) * size;
		if (off + size == U)
			off -= size;
		p[i] = mk(v6, off, lg);
		if (bits)
			for (uint32_t k = 0; k < size; k++)
				bits[off + k] = (uint8_t)set;
	}
	return n;
}

static void random_aggregate(int v6)
{
	static uint8_t want[U];
	enum { MAXN = 600 };
	struct lf_prefix *p = malloc(MAXN * sizeof(*p));
	assert_non_null(p);
	for (int round = 0; round < 300; round++) {
		memset(want, 0, sizeof(want));
		size_t n = gen(v6, p, round < 150 ? 20 : MAXN, want, 1);
		size_t m;
		assert_int_equal(lf_cidr_aggregate(p, n, &m), 0);
		assert_true(m <= n);
		verify(v6, p, m, want);
	}
	free(p);
}

static void t_random_aggregate_v4(void **state)
{
	(void)state;
	random_aggregate(0);
}

static void t_random_aggregate_v6(void **state)
{
	(void)state;
	random_aggregate(1);
}

static void random_subtract(int v6)
{
	static uint8_t want[U], bset[U];
	enum { MAXN = 300 };
	struct lf_prefix *a = malloc(MAXN * sizeof(*a));
	struct lf_prefix *b = malloc(MAXN * sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	for (int round = 0; round < 200; round++) {
		memset(want, 0, sizeof(want));
		memset(bset, 0, sizeof(bset));
		size_t na = gen(v6, a, MAXN, want, 1);
		size_t nb = gen(v6, b, MAXN / 2, bset, 1);
		for (uint32_t k = 0; k < U; k++)
			if (bset[k])
				want[k] = 0;
		struct lf_prefix *out;
		size_t n;
		assert_int_equal(lf_cidr_subtract(a, na, b, nb, 0, &out, &n),
				 0);
		verify(v6, out, n, want);
		free(out);
	}
	free(a);
	free(b);
}

static void random_union(int v6)
{
	static uint8_t want[U];
	enum { MAXN = 300 };
	struct lf_prefix *a = malloc(MAXN * sizeof(*a));
	struct lf_prefix *b = malloc(MAXN * sizeof(*b));
	assert_non_null(a);
	assert_non_null(b);
	for (int round = 0; round < 200; round++) {
		memset(want, 0, sizeof(want));
		size_t na = gen(v6, a, MAXN, want, 1);
		size_t nb = gen(v6, b, MAXN, want, 1);
		if (round % 2) { /* sorted inputs take the linear path */
			assert_int_equal(lf_cidr_aggregate(a, na, &na), 0);
			assert_int_equal(lf_cidr_aggregate(b, nb, &nb), 0);
		}
		struct lf_prefix *out;
		size_t n;
		assert_int_equal(lf_cidr_union(a, na, b, nb, &out, &n), 0);
		assert_true(n <= na + nb);
		verify(v6, out, n, want);
		free(out);
	}
	free(a);
	free(b);
}

static void t_random_union(void **state)
{
	(void)state;
	random_union(0);
	random_union(1);
}

static void t_random_subtract_v4(void **state)
{
	(void)state;
	random_subtract(0);
}

static void t_random_subtract_v6(void **state)
{
	(void)state;
	random_subtract(1);
}

/* A large IPv4 input exercises every radix pass; compare with qsort-based
 * expectations: random /32s in a /12, so many merge. */
static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

static void t_large_v4(void **state)
{
	(void)state;
	enum { NN = 200000 };
	struct lf_prefix *p = malloc(NN * sizeof(*p));
	uint32_t *v = malloc(NN * sizeof(*v));
	assert_non_null(p);
	assert_non_null(v);
	for (size_t i = 0; i < NN; i++) {
		v[i] = 0xac100000u | (uint32_t)(rnd() & 0xfffff);
		memset(&p[i], 0, sizeof(p[i]));
		lf_addr_from_v4(&p[i].addr, v[i]);
		p[i].len = 32;
	}
	qsort(v, NN, sizeof(*v), cmp_u32);
	size_t m;
	assert_int_equal(lf_cidr_aggregate(p, NN, &m), 0);
	/* walk the output and the sorted unique addresses together */
	size_t j = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t lo = lf_addr_v4(&p[i].addr);
		uint64_t size = (uint64_t)1 << (32 - p[i].len);
		for (uint64_t k = 0; k < size; k++) {
			assert_true(j < NN);
			assert_int_equal(v[j], lo + k);
			while (j < NN && v[j] == lo + k)
				j++;
		}
	}
	assert_int_equal(j, NN);
	uint64_t c4;
	assert_int_equal(lf_cidr_count(p, m, &c4, NULL), 0);
	free(p);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_agg_adjacent),
		cmocka_unit_test(t_agg_overlap_dup),
		cmocka_unit_test(t_agg_edges),
		cmocka_unit_test(t_agg_v6),
		cmocka_unit_test(t_agg_mixed),
		cmocka_unit_test(t_agg_invalid),
		cmocka_unit_test(t_sub_hole),
		cmocka_unit_test(t_sub_edges),
		cmocka_unit_test(t_sub_all_none),
		cmocka_unit_test(t_sub_mixed),
		cmocka_unit_test(t_union),
		cmocka_unit_test(t_sub_limit),
		cmocka_unit_test(t_count),
		cmocka_unit_test(t_random_aggregate_v4),
		cmocka_unit_test(t_random_aggregate_v6),
		cmocka_unit_test(t_random_union),
		cmocka_unit_test(t_random_subtract_v4),
		cmocka_unit_test(t_random_subtract_v6),
		cmocka_unit_test(t_large_v4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
