/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cidr.c — prefix set algebra. See cidr.h for the method; the invariants of
 * the code below:
 *
 *  - A range is inclusive, [lo, hi], lo <= hi. IPv4 ranges are stored in
 *    32 bits (8 bytes a range: the radix sort moves them) and widened to
 *    uint64 wherever hi + 1 is computed, so it never wraps; IPv6 ranges
 *    are two-word integers (struct u128) and every "+ 1" that could pass
 *    2^128 - 1 is guarded.
 *  - After merge(), ranges are sorted, disjoint and non-adjacent (there is
 *    at least one address between two of them), so each is a maximal run.
 *  - split() writes the greedy aligned decomposition of one range and is
 *    the only place prefixes are produced.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cidr/cidr.h"
#include "core/err.h"

struct u128 {
	uint64_t hi, lo;
};

struct r4 {
	uint32_t lo, hi;
};

struct r6 {
	struct u128 lo, hi;
};

/* ---- 128-bit helpers ---------------------------------------------------- */

static int u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static struct u128 u128_add1(struct u128 a)
{
	a.lo++;
	if (a.lo == 0)
		a.hi++;
	return a;
}

static struct u128 u128_sub1(struct u128 a)
{
	if (a.lo == 0)
		a.hi--;
	a.lo--;
	return a;
}

static int u128_is_max(struct u128 a)
{
	return a.hi == UINT64_MAX && a.lo == UINT64_MAX;
}

static struct u128 u128_from_bytes(const uint8_t b[16])
{
	struct u128 v = {0, 0};
	for (int i = 0; i < 8; i++) {
		v.hi = (v.hi << 8) | b[i];
		v.lo = (v.lo << 8) | b[8 + i];
	}
	return v;
}

static void u128_to_bytes(struct u128 v, uint8_t b[16])
{
	for (int i = 7; i >= 0; i--) {
		b[i] = (uint8_t)v.hi;
		b[8 + i] = (uint8_t)v.lo;
		v.hi >>= 8;
		v.lo >>= 8;
	}
}

/* Mask with the low (128 - len) bits set: the host part of a /len. */
static struct u128 u128_hostmask(unsigned len)
{
	struct u128 m;
	if (len == 0) {
		m.hi = m.lo = UINT64_MAX;
	} else if (len < 64) {
		m.hi = UINT64_MAX >> len;
		m.lo = UINT64_MAX;
	} else if (len < 128) {
		m.hi = 0;
		m.lo = UINT64_MAX >> (len - 64);
	} else {
		m.hi = m.lo = 0;
	}
	return m;
}

/* Trailing zero bits of a (128 for 0). */
static unsigned u128_ctz(struct u128 a)
{
	if (a.lo)
		return (unsigned)__builtin_ctzll(a.lo);
	if (a.hi)
		return 64u + (unsigned)__builtin_ctzll(a.hi);
	return 128;
}

/* floor(log2(a)) for a != 0. */
static unsigned u128_log2(struct u128 a)
{
	if (a.hi)
		return 127u - (unsigned)__builtin_clzll(a.hi);
	return 63u - (unsigned)__builtin_clzll(a.lo);
}

/* a - b + 1 for b <= a < b + 2^128 - 1, i.e. the size of [b, a] unless it
 * is the whole space (checked by the caller). */
static struct u128 u128_span(struct u128 a, struct u128 b)
{
	struct u128 d;
	d.lo = a.lo - b.lo;
	d.hi = a.hi - b.hi - (a.lo < b.lo);
	return u128_add1(d);
}

/* a + 2^k, k < 128 (the caller knows it does not overflow). */
static struct u128 u128_add_pow2(struct u128 a, unsigned k)
{
	if (k < 64) {
		uint64_t o = a.lo;
		a.lo += (uint64_t)1 << k;
		if (a.lo < o)
			a.hi++;
	} else {
		a.hi += (uint64_t)1 << (k - 64);
	}
	return a;
}

/* ---- prefix <-> range --------------------------------------------------- */

static int check_prefix(const struct lf_prefix *p)
{
	if (p->addr.af == LF_AF_V4)
		return p->len <= 32 ? 0 : -EINVAL;
	if (p->addr.af == LF_AF_V6)
		return p->len <= 128 ? 0 : -EINVAL;
	return -EINVAL;
}

static struct r4 to_r4(const struct lf_prefix *p)
{
	uint32_t host = p->len >= 32 ? 0 : (uint32_t)(0xffffffffu >> p->len);
	struct r4 r;
	r.lo = lf_addr_v4(&p->addr) & ~host;
	r.hi = r.lo | host;
	return r;
}

static struct r6 to_r6(const struct lf_prefix *p)
{
	struct u128 a = u128_from_bytes(p->addr.b);
	struct u128 m = u128_hostmask(p->len);
	struct r6 r;
	r.lo.hi = a.hi & ~m.hi;
	r.lo.lo = a.lo & ~m.lo;
	r.hi.hi = r.lo.hi | m.hi;
	r.hi.lo = r.lo.lo | m.lo;
	return r;
}

static void put_v4(struct lf_prefix *o, uint64_t lo, unsigned len)
{
	memset(o, 0, sizeof(*o));
	lf_addr_from_v4(&o->addr, (uint32_t)lo);
	o->len = (uint8_t)len;
}

static void put_v6(struct lf_prefix *o, struct u128 lo, unsigned len)
{
	uint8_t b[16];
	memset(o, 0, sizeof(*o));
	u128_to_bytes(lo, b);
	lf_addr_from_v6(&o->addr, b);
	o->len = (uint8_t)len;
}

/* ---- output: a bounded, optionally growable prefix array ---------------- */

struct out {
	struct lf_prefix *p;
	size_t n, cap;
	size_t max;  /* 0 = no cap */
	int growable; /* 0: p is the caller's array of cap entries */
};

static int out_push(struct out *o, struct lf_prefix **slot)
{
	if (o->max && o->n >= o->max)
		return LF_ELIMIT;
	if (o->n == o->cap) {
		if (!o->growable)
			return -EINVAL; /* cannot happen: see cidr.h */
		size_t cap = o->cap ? o->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof(*o->p))
			return -ENOMEM;
		struct lf_prefix *np = realloc(o->p, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		o->p = np;
		o->cap = cap;
	}
	*slot = &o->p[o->n++];
	return 0;
}

/* Greedy aligned decomposition of [lo, hi] (IPv4). */
static int split4(struct out *o, uint64_t lo, uint64_t hi)
{
	while (lo <= hi) {
		unsigned k = lo ? (unsigned)__builtin_ctzll(lo) : 32;
		unsigned f = 63u - (unsigned)__builtin_clzll(hi - lo + 1);
		if (k > f)
			k = f;
		struct lf_prefix *s;
		int rc = out_push(o, &s);
		if (rc)
			return rc;
		put_v4(s, lo, 32 - k);
		lo += (uint64_t)1 << k;
	}
	return 0;
}

/* Greedy aligned decomposition of [lo, hi] (IPv6). */
static int split6(struct out *o, struct u128 lo, struct u128 hi)
{
	struct lf_prefix *s;
	int rc;
	if (lo.hi == 0 && lo.lo == 0 && u128_is_max(hi)) {
		if ((rc = out_push(o, &s)) != 0)
			return rc;
		put_v6(s, lo, 0);
		return 0;
	}
	for (;;) {
		unsigned k = u128_ctz(lo);
		unsigned f = u128_log2(u128_span(hi, lo));
		if (k > f)
			k = f;
		if ((rc = out_push(o, &s)) != 0)
			return rc;
		put_v6(s, lo, 128 - k);
		/* last = lo + 2^k - 1; done when it reaches hi */
		struct u128 last = u128_sub1(u128_add_pow2(lo, k));
		if (k == 128 || u128_cmp(last, hi) >= 0)
			return 0;
		lo = u128_add1(last);
	}
}

/* ---- sorting and merging ------------------------------------------------ */

/*
 * Sort IPv4 ranges by lo: LSD radix over the 32 bits of lo in three passes
 * of 11/11/10 bits, skipping a pass when every key has the same digit.
 * Stable, so equal lo keep input order (merge() does not care).
 */
static void sort4(struct r4 *r, struct r4 *tmp, size_t n)
{
	static const unsigned shift[3] = {0, 11, 22};
	static const unsigned width[3] = {11, 11, 10};
	size_t cnt[3][2048];
	memset(cnt, 0, sizeof(cnt));
	for (size_t i = 0; i < n; i++) {
		uint32_t k = r[i].lo;
		cnt[0][k & 2047]++;
		cnt[1][(k >> 11) & 2047]++;
		cnt[2][(k >> 22) & 1023]++;
	}
	struct r4 *src = r, *dst = tmp;
	for (int p = 0; p < 3; p++) {
		size_t buckets = (size_t)1 << width[p];
		size_t *c = cnt[p];
		size_t d0 = (src[0].lo >> shift[p]) & (buckets - 1);
		if (c[d0] == n)
			continue; /* all keys share this digit */
		size_t sum = 0;
		for (size_t b = 0; b < buckets; b++) {
			size_t t = c[b];
			c[b] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n; i++) {
			size_t d = (src[i].lo >> shift[p]) & (buckets - 1);
			dst[c[d]++] = src[i];
		}
		struct r4 *t = src;
		src = dst;
		dst = t;
	}
	if (src != r)
		memcpy(r, src, n * sizeof(*r));
}

static int cmp_r6(const void *a, const void *b)
{
	const struct r6 *x = a, *y = b;
	return u128_cmp(x->lo, y->lo);
}

/* Merge sorted ranges in place; returns the new count. */
static size_t merge4(struct r4 *r, size_t n)
{
	if (n == 0)
		return 0;
	size_t w = 0;
	for (size_t i = 1; i < n; i++) {
		if ((uint64_t)r[i].lo <= (uint64_t)r[w].hi + 1) {
			if (r[i].hi > r[w].hi)
				r[w].hi = r[i].hi;
		} else {
			r[++w] = r[i];
		}
	}
	return w + 1;
}

static size_t merge6(struct r6 *r, size_t n)
{
	if (n == 0)
		return 0;
	size_t w = 0;
	for (size_t i = 1; i < n; i++) {
		/* adjacent or overlapping: r[i].lo <= r[w].hi + 1 */
		int touch = u128_is_max(r[w].hi) ||
			    u128_cmp(r[i].lo, u128_add1(r[w].hi)) <= 0;
		if (touch) {
			if (u128_cmp(r[i].hi, r[w].hi) > 0)
				r[w].hi = r[i].hi;
		} else {
			r[++w] = r[i];
		}
	}
	return w + 1;
}

/* ---- a prefix list as two sorted, merged range arrays ------------------- */

struct rset {
	struct r4 *v4;
	struct r6 *v6;
	size_t n4, n6;
};

static void rset_free(struct rset *s)
{
	free(s->v4);
	free(s->v6);
	s->v4 = NULL;
	s->v6 = NULL;
	s->n4 = s->n6 = 0;
}

static int rset_build(const struct lf_prefix *p, size_t n, struct rset *s)
{
	size_t n4 = 0, n6 = 0;
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		int rc = check_prefix(&p[i]);
		if (rc)
			return rc;
		if (p[i].addr.af == LF_AF_V4)
			n4++;
		else
			n6++;
	}
	/* v4 needs a second buffer of the same size for the radix sort. */
	if (n4) {
		if (n4 > SIZE_MAX / (2 * sizeof(struct r4)))
			return -ENOMEM;
		s->v4 = malloc(2 * n4 * sizeof(struct r4));
		if (!s->v4)
			return -ENOMEM;
	}
	if (n6) {
		if (n6 > SIZE_MAX / sizeof(struct r6)) {
			rset_free(s);
			return -ENOMEM;
		}
		s->v6 = malloc(n6 * sizeof(struct r6));
		if (!s->v6) {
			rset_free(s);
			return -ENOMEM;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i].addr.af == LF_AF_V4)
			s->v4[s->n4++] = to_r4(&p[i]);
		else
			s->v6[s->n6++] = to_r6(&p[i]);
	}
	/* already sorted (an aggregate, say): skip the sort */
	int sorted4 = 1, sorted6 = 1;
	for (size_t i = 1; i < s->n4 && sorted4; i++)
		sorted4 = s->v4[i - 1].lo <= s->v4[i].lo;
	for (size_t i = 1; i < s->n6 && sorted6; i++)
		sorted6 = u128_cmp(s->v6[i - 1].lo, s->v6[i].lo) <= 0;
	if (s->n4) {
		if (!sorted4)
			sort4(s->v4, s->v4 + s->n4, s->n4);
		s->n4 = merge4(s->v4, s->n4);
	}
	if (s->n6) {
		if (!sorted6)
			qsort(s->v6, s->n6, sizeof(struct r6), cmp_r6);
		s->n6 = merge6(s->v6, s->n6);
	}
	return 0;
}

static int rset_emit(const struct rset *s, struct out *o)
{
	int rc;
	for (size_t i = 0; i < s->n4; i++)
		if ((rc = split4(o, s->v4[i].lo, s->v4[i].hi)) != 0)
			return rc;
	for (size_t i = 0; i < s->n6; i++)
		if ((rc = split6(o, s->v6[i].lo, s->v6[i].hi)) != 0)
			return rc;
	return 0;
}

/* ---- public ------------------------------------------------------------- */

int lf_cidr_aggregate(struct lf_prefix *p, size_t n, size_t *out_n)
{
	struct rset s;
	int rc = rset_build(p, n, &s);
	if (rc)
		return rc;
	/* The minimal list is never longer than the input, so writing it
	 * over p cannot pass p[n - 1]; out_push checks anyway. */
	struct out o = {.p = p, .n = 0, .cap = n, .max = 0, .growable = 0};
	rc = rset_emit(&s, &o);
	rset_free(&s);
	if (rc)
		return rc;
	*out_n = o.n;
	return 0;
}

/* Sorted merged ranges of x and y into one sorted merged array; the result
 * replaces x's (x->v4 / x->v6 are reallocated). */
static int rset_merge(struct rset *x, const struct rset *y)
{
	if (y->n4) {
		struct r4 *m = malloc((x->n4 + y->n4) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		size_t i = 0, j = 0, k = 0;
		while (i < x->n4 || j < y->n4) {
			if (j == y->n4 ||
			    (i < x->n4 && x->v4[i].lo <= y->v4[j].lo))
				m[k++] = x->v4[i++];
			else
				m[k++] = y->v4[j++];
		}
		free(x->v4);
		x->v4 = m;
		x->n4 = merge4(m, k);
	}
	if (y->n6) {
		struct r6 *m = malloc((x->n6 + y->n6) * sizeof(*m));
		if (!m)
			return -ENOMEM;
		size_t i = 0, j = 0, k = 0;
		while (i < x->n6 || j < y->n6) {
			if (j == y->n6 ||
			    (i < x->n6 &&
			     u128_cmp(x->v6[i].lo, y->v6[j].lo) <= 0))
				m[k++] = x->v6[i++];
			else
				m[k++] = y->v6[j++];
		}
		free(x->v6);
		x->v6 = m;
		x->n6 = merge6(m, k);
	}
	return 0;
}

int lf_cidr_union(const struct lf_prefix *a, size_t na,
		  const struct lf_prefix *b, size_t nb, struct lf_prefix **out,
		  size_t *out_n)
{
	struct rset sa, sb;
	int rc;
	*out = NULL;
	*out_n = 0;
	if ((rc = rset_build(a, na, &sa)) != 0)
		return rc;
	if ((rc = rset_build(b, nb, &sb)) != 0) {
		rset_free(&sa);
		return rc;
	}
	rc = rset_merge(&sa, &sb);
	rset_free(&sb);
	/* the aggregate is never longer than its input */
	struct out o = {.p = NULL, .n = 0, .cap = na + nb, .max = 0,
			.growable = 0};
	if (rc == 0 && na + nb) {
		o.p = malloc((na + nb) * sizeof(*o.p));
		if (!o.p)
			rc = -ENOMEM;
	}
	if (rc == 0)
		rc = rset_emit(&sa, &o);
	rset_free(&sa);
	if (rc) {
		free(o.p);
		return rc;
	}
	if (o.n == 0) {
		free(o.p);
		o.p = NULL;
	} else if (o.n < na + nb) {
		struct lf_prefix *np = realloc(o.p, o.n * sizeof(*np));
		if (np)
			o.p = np;
	}
	*out = o.p;
	*out_n = o.n;
	return 0;
}

/* Difference of merged IPv4 range arrays, emitted straight as prefixes. */
static int diff4(const struct r4 *a, size_t na, const struct r4 *b, size_t nb,
		 struct out *o)
{
	size_t j = 0;
	int rc;
	for (size_t i = 0; i < na; i++) {
		uint64_t lo = a[i].lo, hi = a[i].hi;
		int done = 0;
		while (j < nb && b[j].hi < lo)
			j++;
		for (size_t k = j; k < nb && b[k].lo <= hi; k++) {
			if (b[k].lo > lo &&
			    (rc = split4(o, lo, (uint64_t)b[k].lo - 1)))
				return rc;
			if (b[k].hi >= hi) {
				done = 1;
				break;
			}
			lo = (uint64_t)b[k].hi + 1;
		}
		if (!done && (rc = split4(o, lo, hi)))
			return rc;
	}
	return 0;
}

static int diff6(const struct r6 *a, size_t na, const struct r6 *b, size_t nb,
		 struct out *o)
{
	size_t j = 0;
	int rc;
	for (size_t i = 0; i < na; i++) {
		struct u128 lo = a[i].lo, hi = a[i].hi;
		int done = 0;
		while (j < nb && u128_cmp(b[j].hi, lo) < 0)
			j++;
		for (size_t k = j; k < nb && u128_cmp(b[k].lo, hi) <= 0; k++) {
			if (u128_cmp(b[k].lo, lo) > 0 &&
			    (rc = split6(o, lo, u128_sub1(b[k].lo))))
				return rc;
			if (u128_cmp(b[k].hi, hi) >= 0) {
				done = 1;
				break;
			}
			lo = u128_add1(b[k].hi); /* b[k].hi < hi <= max */
		}
		if (!done && (rc = split6(o, lo, hi)))
			return rc;
	}
	return 0;
}

int lf_cidr_subtract(const struct lf_prefix *a, size_t na,
		     const struct lf_prefix *b, size_t nb, size_t max_out,
		     struct lf_prefix **out, size_t *out_n)
{
	struct rset sa, sb;
	int rc;
	*out = NULL;
	*out_n = 0;
	if ((rc = rset_build(a, na, &sa)) != 0)
		return rc;
	if ((rc = rset_build(b, nb, &sb)) != 0) {
		rset_free(&sa);
		return rc;
	}
	struct out o = {.p = NULL, .n = 0, .cap = 0, .max = max_out,
			.growable = 1};
	rc = diff4(sa.v4, sa.n4, sb.v4, sb.n4, &o);
	if (rc == 0)
		rc = diff6(sa.v6, sa.n6, sb.v6, sb.n6, &o);
	rset_free(&sa);
	rset_free(&sb);
	if (rc) {
		free(o.p);
		return rc;
	}
	if (o.n == 0) {
		free(o.p);
		o.p = NULL;
	}
	*out = o.p;
	*out_n = o.n;
	return 0;
}

int lf_cidr_count(const struct lf_prefix *p, size_t n, uint64_t *v4,
		  double *v6)
{
	struct rset s;
	int rc = rset_build(p, n, &s);
	if (rc)
		return rc;
	uint64_t c4 = 0;
	double c6 = 0;
	for (size_t i = 0; i < s.n4; i++)
		c4 += (uint64_t)s.v4[i].hi - s.v4[i].lo + 1;
	for (size_t i = 0; i < s.n6; i++) {
		const struct r6 *r = &s.v6[i];
		if (r->lo.hi == 0 && r->lo.lo == 0 && u128_is_max(r->hi)) {
			c6 += 0x1p128;
			continue;
		}
		struct u128 sz = u128_span(r->hi, r->lo);
		c6 += (double)sz.hi * 0x1p64 + (double)sz.lo;
	}
	rset_free(&s);
	if (v4)
		*v4 = c4;
	if (v6)
		*v6 = c6;
	return 0;
}
