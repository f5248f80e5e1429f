/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_cidr — prefix aggregation, three ways:
 *
 *   bench_cidr [--quick]
 *       in-process timing of lf_cidr_aggregate and lf_cidr_subtract on
 *       1 M (100 k with --quick) random IPv4 addresses, and of allowlist
 *       lookups (lf_allow_check) against an operator list of 150 k
 *       prefixes and 100 k hostnames next to the defaults; one
 *       machine-readable line per result. What bench/run.sh runs.
 *   bench_cidr gen N SEED [PCT]
 *       print N random IPv4 addresses, PCT percent of them (default 0) as
 *       random prefixes /20../31, one per line: the data for
 *       bench/bench_cidr.sh and tests/integration/test_cidr_iprange.sh.
 *   bench_cidr aggregate
 *       read IPv4/IPv6 addresses and prefixes from stdin (one per line,
 *       blank lines and '#' comments skipped), print the minimal prefix
 *       list to stdout as lf_prefix_format writes it — the counterpart
 *       of `iprange --optimize` for timing and cross-checking. Lines that
 *       do not parse are counted on stderr and make the exit status 1.
 *
 * The aggregate mode does what iprange does: read the whole text, parse,
 * merge, print — through the library's own parser, aggregator and
 * formatter, so its time is what an export pays.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "allow/allow.h"
#include "cidr/cidr.h"
#include "core/addr.h"
#include "core/err.h"
#include "core/num.h"
#include "ioc/ioc.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- text in and out ---------------------------------------------------- */

static char *read_all(int fd, size_t *len)
{
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb = cap > SIZE_MAX / 2 ? NULL
						      : realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return buf;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Parse every line of text[0..len) into a malloc'd prefix array. */
static int parse_text(const char *text, size_t len, struct lf_prefix **out,
		      size_t *nout, size_t *bad)
{
	size_t cap = len / 12 + 16, n = 0;
	struct lf_prefix *p = malloc(cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	*bad = 0;
	for (size_t pos = 0; pos < len;) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;
		pos += l + (nl != NULL);
		while (l && (s[l - 1] == '\r' || s[l - 1] == ' ' ||
			     s[l - 1] == '\t'))
			l--;
		while (l && (*s == ' ' || *s == '\t')) {
			s++;
			l--;
		}
		if (l == 0 || *s == '#')
			continue;
		if (n == cap) {
			struct lf_prefix *np = realloc(p, 2 * cap * sizeof(*p));
			if (!np) {
				free(p);
				return -ENOMEM;
			}
			p = np;
			cap *= 2;
		}
		if (lf_prefix_parse(s, l, 0, &p[n], NULL) == 0)
			n++;
		else
			(*bad)++;
	}
	*out = p;
	*nout = n;
	return 0;
}

/* Format p[0..n) one per line into a malloc'd buffer. */
static char *format_all(const struct lf_prefix *p, size_t n, size_t *len)
{
	size_t cap = n * 20 + 64, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (cap - o < LF_PREFIX_STRLEN + 1) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		int w = lf_prefix_format(&p[i], buf + o, cap - o);
		if (w < 0) {
			free(buf);
			return NULL;
		}
		o += (size_t)w;
		buf[o++] = '\n';
	}
	*len = o;
	return buf;
}

/* ---- modes -------------------------------------------------------------- */

static int mode_aggregate(void)
{
	size_t len, n, m, bad, olen;
	char *text = read_all(0, &len);
	struct lf_prefix *p;
	if (!text) {
		fprintf(stderr, "bench_cidr: cannot read stdin\n");
		return 2;
	}
	if (parse_text(text, len, &p, &n, &bad) != 0) {
		fprintf(stderr, "bench_cidr: out of memory\n");
		free(text);
		return 2;
	}
	free(text);
	int rc = lf_cidr_aggregate(p, n, &m);
	if (rc) {
		fprintf(stderr, "bench_cidr: %s\n", lf_strerror(rc));
		free(p);
		return 2;
	}
	char *out = format_all(p, m, &olen);
	free(p);
	if (!out || write_all(1, out, olen) != 0) {
		fprintf(stderr, "bench_cidr: cannot write output\n");
		free(out);
		return 2;
	}
	free(out);
	if (bad) {
		fprintf(stderr, "bench_cidr: %zu lines did not parse\n", bad);
		return 1;
	}
	return 0;
}

static int mode_gen(int argc, char **argv)
{
	uint64_t n, seed, pct = 0;
	if (argc < 4 ||
	    lf_num_u64(argv[2], strlen(argv[2]), 1, 1000000000, 0, &n) ||
	    lf_num_u64(argv[3], strlen(argv[3]), 0, UINT64_MAX, 0, &seed) ||
	    (argc > 4 &&
	     lf_num_u64(argv[4], strlen(argv[4]), 0, 100, 0, &pct))) {
		fprintf(stderr, "usage: bench_cidr gen N SEED [PCT]\n");
		return 2;
	}
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	size_t cap = 1 << 20, o = 0;
	char *buf = malloc(cap);
	if (!buf)
		return 2;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = next();
		uint32_t a = (uint32_t)(r >> 32);
		int w;
		if (pct && r % 100 < pct) {
			unsigned len = 20 + (unsigned)((r >> 8) % 12);
			a &= ~(uint32_t)(0xffffffffu >> len);
			w = snprintf(buf + o, cap - o, "%u.%u.%u.%u/%u\n",
				     a >> 24, (a >> 16) & 255, (a >> 8) & 255,
				     a & 255, len);
		} else {
			w = snprintf(buf + o, cap - o, "%u.%u.%u.%u\n", a >> 24,
				     (a >> 16) & 255, (a >> 8) & 255, a & 255);
		}
		o += (size_t)w;
		if (cap - o < 64) {
			if (write_all(1, buf, o) != 0) {
				free(buf);
				return 2;
			}
			o = 0;
		}
	}
	int rc = write_all(1, buf, o) != 0 ? 2 : 0;
	free(buf);
	return rc;
}

static int mode_inproc(size_t n)
{
	struct lf_prefix *p = malloc(n * sizeof(*p)), *q = NULL, *out = NULL;
	size_t m, nout;
	if (!p)
		return 2;
	for (size_t i = 0; i < n; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		lf_addr_from_v4(&p[i].addr, (uint32_t)(next() >> 32));
		p[i].len = 32;
	}
	double t0 = now_s();
	if (lf_cidr_aggregate(p, n, &m) != 0)
		goto fail;
	double t1 = now_s();
	printf("cidr aggregate_inproc n=%zu out=%zu sec=%.4f "
	       "mprefix_per_sec=%.1f\n",
	       n, m, t1 - t0, (double)n / (t1 - t0) / 1e6);

	/* a blocklist of n/10 random /16../24 minus the n /32s */
	size_t nb = n / 10;
	q = malloc(nb * sizeof(*q));
	if (!q)
		goto fail;
	for (size_t i = 0; i < nb; i++) {
		uint64_t r = next();
		memset(&q[i], 0, sizeof(q[i]));
		q[i].len = (uint8_t)(16 + r % 9);
		lf_addr_from_v4(&q[i].addr, (uint32_t)(r >> 32) &
						    ~(0xffffffffu >> q[i].len));
	}
	t0 = now_s();
	if (lf_cidr_subtract(q, nb, p, m, 0, &out, &nout) != 0)
		goto fail;
	t1 = now_s();
	printf("cidr subtract_inproc a=%zu b=%zu out=%zu sec=%.4f\n", nb, m,
	       nout, t1 - t0);
	free(out);
	free(q);
	free(p);
	return 0;
fail:
	fprintf(stderr, "bench_cidr: failed\n");
	free(q);
	free(p);
	return 2;
}

/* Allowlist: load a synthetic list, then time lookups that mostly miss
 * (random addresses, random names) and some that hit. */
static int bench_allow(size_t lookups)
{
	enum { NPFX = 150000, NNAMES = 100000 };
	size_t cap = (size_t)(NPFX + NNAMES) * 40, o = 0, bad;
	char *text = malloc(cap);
	struct lf_allow *a = NULL;
	struct lf_ioc_value *v = malloc(sizeof(*v));
	int rc = 2;
	if (!text || !v || lf_allow_new(&a) != 0)
		goto out;
	for (size_t i = 0; i < NPFX; i++) {
		uint64_t r = next();
		unsigned len = 16 + (unsigned)(r % 17);
		uint32_t x = (uint32_t)(r >> 32) &
			     ~(uint32_t)(0xffffffffu >> len);
		o += (size_t)snprintf(text + o, cap - o, "%u.%u.%u.%u/%u\n",
				      x >> 24, (x >> 16) & 255, (x >> 8) & 255,
				      x & 255, len);
	}
	for (size_t i = 0; i < NNAMES; i++)
		o += (size_t)snprintf(text + o, cap - o, "h%zx.example%zu.tw\n",
				      i * 2654435761u, i % 1000);
	double t0 = now_s();
	if (lf_allow_add_defaults(a) != 0 ||
	    lf_allow_add_list(a, "bench", LF_ALLOW_DROP, text, o, &bad) != 0)
		goto out;
	double t1 = now_s();
	printf("allow load prefixes=%d names=%d sec=%.3f\n", NPFX, NNAMES,
	       t1 - t0);

	size_t hits = 0;
	t0 = now_s();
	for (size_t i = 0; i < lookups; i++) {
		memset(&v->pfx, 0, sizeof(v->pfx));
		v->type = LF_IOC_IPV4;
		lf_addr_from_v4(&v->pfx.addr, (uint32_t)(next() >> 32));
		v->pfx.len = 32;
		hits += lf_allow_check(a, v, NULL, NULL) == 0;
	}
	t1 = now_s();
	printf("allow check ipv4 n=%zu hits=%zu ns_per_check=%.0f\n", lookups,
	       hits, (t1 - t0) * 1e9 / (double)lookups);

	hits = 0;
	t0 = now_s();
	for (size_t i = 0; i < lookups; i++) {
		size_t k = (size_t)(next() % (2 * NNAMES)); /* half hit */
		int n = snprintf(v->text, sizeof(v->text),
				 "www.h%zx.example%zu.tw", k * 2654435761u,
				 k % 1000);
		v->type = LF_IOC_DOMAIN;
		v->len = (size_t)n;
		hits += lf_allow_check(a, v, NULL, NULL) == 0;
	}
	t1 = now_s();
	printf("allow check domain n=%zu hits=%zu ns_per_check=%.0f\n",
	       lookups, hits, (t1 - t0) * 1e9 / (double)lookups);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "bench_cidr: allowlist benchmark failed\n");
	lf_allow_free(a);
	free(v);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "aggregate") == 0)
		return mode_aggregate();
	if (argc > 1 && strcmp(argv[1], "gen") == 0)
		return mode_gen(argc, argv);
	size_t n = 1000000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			n = 100000;
		} else {
			fprintf(stderr,
				"usage: bench_cidr [--quick] | gen N SEED [PCT]"
				" | aggregate\n");
			return 2;
		}
	}
	int rc = mode_inproc(n);
	return rc ? rc : bench_allow(n);
}
