/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_iocset — the indicator set end to end: build time and memory for
 * 1 M domains (and 1 M IPv4 indicators), and matches per second on one
 * core through the public API (lf_iocset_match_domain / _addr), with
 * uniform misses and skewed hits. Prints one machine-readable line per
 * result. `--quick` uses 100 k for the test suite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/err.h"
#include "ioc/iocset.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const tlds[] = {"com", "net", "org", "info", "tw", "xyz", "top", "ru"};

static int mkname(char *buf, size_t cap, uint64_t i)
{
	return snprintf(buf, cap, "h%llx-%llu.%s", (unsigned long long)(i * 2654435761u),
			(unsigned long long)i, tlds[i % 8]);
}

static long rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

int main(int argc, char **argv)
{
	size_t n = 1000000, lookups = 5000000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			n = 100000;
			lookups = 500000;
		}
	}
	struct lf_iocset *s;
	uint16_t src;
	if (lf_iocset_new(NULL, &s) || lf_iocset_source(s, "bench", &src))
		return 1;
	char name[128];
	double t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		int len = mkname(name, sizeof(name), i);
		struct lf_ioc c = {
			.type = LF_IOC_DOMAIN, .confidence = 50, .source = src,
			.flags = (i % 4 == 0) ? LF_IOC_F_SUBDOMAINS : 0,
			.value = name, .valid_from = LF_TIME_MIN, .valid_until = LF_TIME_MAX,
		};
		(void)len;
		if (lf_iocset_add(s, &c))
			return 1;
	}
	double t1 = now_s();
	if (lf_iocset_build(s))
		return 1;
	double t2 = now_s();
	printf("iocset domains build n=%zu add_sec=%.3f build_sec=%.3f mem_mb=%.1f rss_mb=%ld\n",
	       n, t1 - t0, t2 - t1, (double)lf_iocset_mem(s) / 1048576.0, rss_mb());

	/* Prepare queries: subdomains of listed names (hits via parent walk
	 * for 1 in 4), exact names, and unlisted names. */
	size_t nq = 1 << 16;
	char (*q)[128] = malloc(nq * 128);
	size_t *ql = malloc(nq * sizeof(*ql));
	if (!q || !ql)
		return 1;
	const char *kinds[] = {"hit-exact", "sub", "miss"};
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < nq; i++) {
			uint64_t r = next() % n;
			char base[100];
			mkname(base, sizeof(base), k == 2 ? r + n : r);
			int len = k == 1 ? snprintf(q[i], 128, "www.cdn.%s", base)
					 : snprintf(q[i], 128, "%s", base);
			ql[i] = (size_t)len;
		}
		uint32_t hits[8];
		size_t total = 0, nh;
		double a = now_s();
		for (size_t i = 0; i < lookups; i++) {
			size_t j = i & (nq - 1);
			lf_iocset_match_domain(s, q[j], ql[j], 0, hits, 8, &nh);
			total += nh;
		}
		double b = now_s();
		printf("iocset domains match kind=%s n=%zu mops=%.2f hits=%zu\n", kinds[k],
		       lookups, (double)lookups / (b - a) / 1e6, total);
	}
	free(q);
	free(ql);
	lf_iocset_free(s);

	/* 1 M IPv4 indicators through the full API. */
	if (lf_iocset_new(NULL, &s) || lf_iocset_source(s, "bench", &src))
		return 1;
	t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		struct lf_ioc c = {
			.type = LF_IOC_IPV4, .confidence = 50, .source = src,
			.value = "x", .valid_from = LF_TIME_MIN, .valid_until = LF_TIME_MAX,
		};
		uint32_t a = (uint32_t)next();
		unsigned len = i % 10 < 7 ? 32 : 16 + (unsigned)(next() % 16);
		lf_addr_from_v4(&c.pfx.addr, a);
		lf_addr_mask(&c.pfx.addr, len);
		c.pfx.len = (uint8_t)len;
		if (lf_iocset_add(s, &c))
			return 1;
	}
	t1 = now_s();
	if (lf_iocset_build(s))
		return 1;
	t2 = now_s();
	printf("iocset ipv4 build n=%zu add_sec=%.3f build_sec=%.3f mem_mb=%.1f\n", n, t1 - t0,
	       t2 - t1, (double)lf_iocset_mem(s) / 1048576.0);
	uint32_t hits[8];
	size_t total = 0, nh;
	struct lf_addr ad;
	double a = now_s();
	for (size_t i = 0; i < lookups; i++) {
		lf_addr_from_v4(&ad, (uint32_t)next());
		lf_iocset_match_addr(s, &ad, 0, hits, 8, &nh);
		total += nh;
	}
	double b = now_s();
	printf("iocset ipv4 match dist=uniform n=%zu mops=%.2f hits=%zu\n", lookups,
	       (double)lookups / (b - a) / 1e6, total);
	lf_iocset_free(s);
	return 0;
}
