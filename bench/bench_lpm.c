/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_lpm — build time, memory and lookup rate of the LPM tables.
 *
 *   bench_lpm [--quick] [--n N]
 *
 * Data comes from a fixed-seed PRNG, so runs compare. IPv4 prefix mix:
 * 70 % /32; the rest 75 % /24, 12 % /25../31, 12.8 % /17../23, 0.2 %
 * /8../16 (a few hundred short prefixes per million, as in real feeds).
 * IPv6: under 2000::/3, 10 % /32, 10 % /40, 20 % /48, 10 % /56, 30 % /64,
 * 5 % /65../127, 15 % /128.
 *
 * Lookups (one core): `uniform` draws addresses uniformly (IPv6: in
 * 2000::/3); `skewed` draws from a pool of 1 M addresses, half of them
 * inside listed prefixes, with 90 % of lookups going to 1 % of the pool.
 * `lookup` calls lf_lpm*_lookup in a loop summing the node ids (so nothing
 * is optimised away), `batch` passes 1024 addresses per call, `all` runs
 * lf_lpm4_lookup_all.
 *
 * Times are CPU time of the benchmark's one thread (build sec includes
 * the kernel's page zeroing). Output: one line per result, `key=value`
 * fields, e.g.
 *   lpm4 build n=1000000 sec=0.41 mem_mb=76.3
 *   lpm4 lookup n=1000000 dist=uniform mops=131.2
 * mem_mb is MiB as lf_lpm*_mem reports it. For comparison the build line
 * of IPv4 gives classic_mb, what a textbook DIR-24-8 (a full 1 KiB tbl8
 * per /24 holding longer prefixes) would take for the same set.
 *
 * Default sizes: 1 M IPv4 (build and lookups), 10 M IPv4 (build), 1 M
 * IPv6 (build and lookups). --quick: 100 k everywhere (for the test suite);
 * --n N: N prefixes everywhere, no 10 M case.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/num.h"
#include "lpm/lpm.h"

#define NLOOKUP (1u << 22) /* addresses per run */
#define REPEAT 4           /* passes over them */
#define POOL (1u << 20)
#define BATCH 1024

static uint64_t rng_state = 0x6c69616e66616e67ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * CPU time of this thread: on a machine shared with other jobs, time spent
 * descheduled is not the table's. (Cache and core sharing still show.)
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "bench_lpm: out of memory\n");
		exit(1);
	}
	return p;
}

static uint32_t mask4(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static unsigned len4(void)
{
	uint64_t r = rnd() % 1000;

	if (r < 700)
		return 32;
	r = rnd() % 1000;
	if (r < 750)
		return 24;
	if (r < 870)
		return 25 + (unsigned)(rnd() % 7);
	if (r < 998)
		return 17 + (unsigned)(rnd() % 7);
	return 8 + (unsigned)(rnd() % 9);
}

static struct lf_lpm_entry4 *gen4(size_t n)
{
	struct lf_lpm_entry4 *e = xmalloc(n * sizeof(*e));

	for (size_t i = 0; i < n; i++) {
		e[i].len = (uint8_t)len4();
		e[i].prefix = (uint32_t)rnd() & mask4(e[i].len);
		e[i].value = (uint32_t)i;
	}
	return e;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* MiB a textbook DIR-24-8 needs: 64 MiB + 1 KiB per /24 split. */
static double classic_mb(const struct lf_lpm_entry4 *e, size_t n)
{
	uint32_t *blk = xmalloc((n ? n : 1) * sizeof(*blk));
	size_t k = 0, split = 0;

	for (size_t i = 0; i < n; i++)
		if (e[i].len > 24)
			blk[k++] = e[i].prefix >> 8;
	qsort(blk, k, sizeof(*blk), cmp_u32);
	for (size_t i = 0; i < k; i++)
		split += i == 0 || blk[i] != blk[i - 1];
	free(blk);
	return (64.0 * 1024 * 1024 + 1024.0 * (double)split) / (1 << 20);
}

/* Lookup addresses: uniform, or skewed over a pool half inside prefixes. */
static uint32_t *addrs4(const struct lf_lpm_entry4 *e, size_t n, int skewed)
{
	uint32_t *a = xmalloc(NLOOKUP * sizeof(*a));

	if (!skewed) {
		for (size_t i = 0; i < NLOOKUP; i++)
			a[i] = (uint32_t)rnd();
		return a;
	}

	uint32_t *pool = xmalloc(POOL * sizeof(*pool));

	for (size_t i = 0; i < POOL; i++) {
		if (i % 2 == 0) {
			const struct lf_lpm_entry4 *p = &e[rnd() % n];

			pool[i] = p->prefix | ((uint32_t)rnd() & ~mask4(p->len));
		} else {
			pool[i] = (uint32_t)rnd();
		}
	}
	for (size_t i = 0; i < NLOOKUP; i++) {
		uint64_t r = rnd();

		a[i] = r % 10 < 9 ? pool[(r >> 8) % (POOL / 100)]
				  : pool[(r >> 8) % POOL];
	}
	free(pool);
	return a;
}

static void bench4_lookups(const struct lf_lpm4 *t,
			   const struct lf_lpm_entry4 *e, size_t n)
{
	uint32_t *nodes = xmalloc(BATCH * sizeof(*nodes));
	uint32_t vals[64];

	for (int skewed = 0; skewed < 2; skewed++) {
		const char *dist = skewed ? "skewed" : "uniform";
		uint32_t *a = addrs4(e, n, skewed);
		uint64_t sum = 0, hits = 0;
		double t0 = now();

		for (int r = 0; r < REPEAT; r++)
			for (size_t i = 0; i < NLOOKUP; i++)
				sum += lf_lpm4_lookup(t, a[i]);
		double dt = now() - t0;

		for (size_t i = 0; i < NLOOKUP; i++)
			hits += lf_lpm4_lookup(t, a[i]) != LF_LPM_MISS;
		printf("lpm4 lookup n=%zu dist=%s mops=%.1f hit_pct=%.1f "
		       "sum=%llu\n",
		       n, dist, REPEAT * (double)NLOOKUP / dt / 1e6,
		       100.0 * (double)hits / NLOOKUP,
		       (unsigned long long)sum);

		sum = 0;
		t0 = now();
		for (int r = 0; r < REPEAT; r++) {
			for (size_t i = 0; i < NLOOKUP; i += BATCH) {
				lf_lpm4_lookup_batch(t, a + i, nodes, BATCH);
				for (size_t j = 0; j < BATCH; j++)
					sum += nodes[j];
			}
		}
		dt = now() - t0;
		printf("lpm4 batch n=%zu dist=%s mops=%.1f sum=%llu\n", n,
		       dist, REPEAT * (double)NLOOKUP / dt / 1e6,
		       (unsigned long long)sum);

		sum = 0;
		t0 = now();
		for (size_t i = 0; i < NLOOKUP; i++)
			sum += lf_lpm4_lookup_all(t, a[i], vals, 64);
		dt = now() - t0;
		printf("lpm4 all n=%zu dist=%s mops=%.1f sum=%llu\n", n, dist,
		       (double)NLOOKUP / dt / 1e6, (unsigned long long)sum);
		free(a);
	}
	free(nodes);
}

static void bench4(size_t n, int lookups)
{
	struct lf_lpm_entry4 *e = gen4(n);
	struct lf_lpm4 *t = NULL;
	double t0 = now();
	int rc = lf_lpm4_build(e, n, 0, &t);
	double dt = now() - t0;

	if (rc) {
		fprintf(stderr, "lpm4 build n=%zu failed: %d\n", n, rc);
		exit(1);
	}
	printf("lpm4 build n=%zu sec=%.2f mem_mb=%.1f nodes=%zu "
	       "classic_mb=%.1f\n",
	       n, dt, (double)lf_lpm4_mem(t) / (1 << 20), lf_lpm4_nodes(t),
	       classic_mb(e, n));
	fflush(stdout);
	if (lookups)
		bench4_lookups(t, e, n);
	lf_lpm4_free(t);
	free(e);
}

/* ---- IPv6 ---- */

static unsigned len6(void)
{
	uint64_t r = rnd() % 100;

	if (r < 10)
		return 32;
	if (r < 20)
		return 40;
	if (r < 40)
		return 48;
	if (r < 50)
		return 56;
	if (r < 80)
		return 64;
	if (r < 85)
		return 65 + (unsigned)(rnd() % 63);
	return 128;
}

static void canon6(uint8_t p[16], unsigned len)
{
	for (unsigned i = 0; i < 16; i++) {
		if (8 * i >= len)
			p[i] = 0;
		else if (8 * i + 8 > len)
			p[i] &= (uint8_t)(0xff << (8 * i + 8 - len));
	}
}

/* A random address in 2000::/3. */
static void rand6(uint8_t a[16])
{
	uint64_t x = rnd(), y = rnd();

	for (int i = 0; i < 8; i++) {
		a[i] = (uint8_t)(x >> (56 - 8 * i));
		a[8 + i] = (uint8_t)(y >> (56 - 8 * i));
	}
	a[0] = (uint8_t)(0x20 | (a[0] & 0x1f));
}

static struct lf_lpm_entry6 *gen6(size_t n)
{
	struct lf_lpm_entry6 *e = xmalloc(n * sizeof(*e));

	for (size_t i = 0; i < n; i++) {
		rand6(e[i].prefix);
		e[i].len = (uint8_t)len6();
		canon6(e[i].prefix, e[i].len);
		e[i].value = (uint32_t)i;
	}
	return e;
}

static uint8_t (*addrs6(const struct lf_lpm_entry6 *e, size_t n,
			int skewed))[16]
{
	uint8_t(*a)[16] = xmalloc((size_t)NLOOKUP * 16);

	if (!skewed) {
		for (size_t i = 0; i < NLOOKUP; i++)
			rand6(a[i]);
		return a;
	}

	uint8_t(*pool)[16] = xmalloc((size_t)POOL * 16);

	for (size_t i = 0; i < POOL; i++) {
		rand6(pool[i]);
		if (i % 2 == 0) {
			/* inside a listed prefix: its bits, then random */
			const struct lf_lpm_entry6 *p = &e[rnd() % n];
			unsigned len = p->len;

			for (unsigned b = 0; b < 16; b++) {
				uint8_t m = 8 * b >= len	    ? 0
					    : 8 * b + 8 <= len ? 0xff
							       : (uint8_t)(0xff << (8 * b + 8 - len));
				pool[i][b] = (uint8_t)((p->prefix[b] & m) |
						       (pool[i][b] & ~m));
			}
		}
	}
	for (size_t i = 0; i < NLOOKUP; i++) {
		uint64_t r = rnd();

		memcpy(a[i],
		       pool[r % 10 < 9 ? (r >> 8) % (POOL / 100)
				       : (r >> 8) % POOL],
		       16);
	}
	free(pool);
	return a;
}

static void bench6(size_t n, int lookups)
{
	struct lf_lpm_entry6 *e = gen6(n);
	struct lf_lpm6 *t = NULL;
	double t0 = now();
	int rc = lf_lpm6_build(e, n, 0, &t);
	double dt = now() - t0;

	if (rc) {
		fprintf(stderr, "lpm6 build n=%zu failed: %d\n", n, rc);
		exit(1);
	}
	printf("lpm6 build n=%zu sec=%.2f mem_mb=%.1f nodes=%zu\n", n, dt,
	       (double)lf_lpm6_mem(t) / (1 << 20), lf_lpm6_nodes(t));
	fflush(stdout);

	uint32_t *nodes = xmalloc(BATCH * sizeof(*nodes));

	for (int skewed = 0; lookups && skewed < 2; skewed++) {
		const char *dist = skewed ? "skewed" : "uniform";
		uint8_t(*a)[16] = addrs6(e, n, skewed);
		uint64_t sum = 0, hits = 0;

		t0 = now();
		for (int r = 0; r < REPEAT; r++)
			for (size_t i = 0; i < NLOOKUP; i++)
				sum += lf_lpm6_lookup(t, a[i]);
		dt = now() - t0;
		for (size_t i = 0; i < NLOOKUP; i++)
			hits += lf_lpm6_lookup(t, a[i]) != LF_LPM_MISS;
		printf("lpm6 lookup n=%zu dist=%s mops=%.1f hit_pct=%.1f "
		       "sum=%llu\n",
		       n, dist, REPEAT * (double)NLOOKUP / dt / 1e6,
		       100.0 * (double)hits / NLOOKUP,
		       (unsigned long long)sum);

		sum = 0;
		t0 = now();
		for (int r = 0; r < REPEAT; r++) {
			for (size_t i = 0; i < NLOOKUP; i += BATCH) {
				lf_lpm6_lookup_batch(t, a[i], nodes, BATCH);
				for (size_t j = 0; j < BATCH; j++)
					sum += nodes[j];
			}
		}
		dt = now() - t0;
		printf("lpm6 batch n=%zu dist=%s mops=%.1f sum=%llu\n", n,
		       dist, REPEAT * (double)NLOOKUP / dt / 1e6,
		       (unsigned long long)sum);
		free(a);
	}
	free(nodes);
	lf_lpm6_free(t);
	free(e);
}

int main(int argc, char **argv)
{
	size_t n = 1000000;
	int big = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			n = 100000;
			big = 0;
		} else if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
			uint64_t v;

			if (lf_num_u64(argv[i + 1], strlen(argv[i + 1]), 1,
				       100000000, 0, &v)) {
				fprintf(stderr, "bench_lpm: bad --n\n");
				return 2;
			}
			n = (size_t)v;
			big = 0;
			i++;
		} else {
			fprintf(stderr, "usage: bench_lpm [--quick] [--n N]\n");
			return 2;
		}
	}
	bench4(n, 1);
	if (big)
		bench4(10000000, 0);
	bench6(n, 1);
	return 0;
}
