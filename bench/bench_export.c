/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_export — time lf_export on a national-size indicator set.
 *
 * The set: N random IPv4 indicators (90 % hosts, 10 % /16../31 prefixes,
 * confidences 1..100, 5 % listed twice by a second source), N/5 domains
 * (a tenth covering subdomains) and N/20 URLs, from a fixed-seed PRNG.
 * Allowlists: the built-in defaults (rfc6890, rfc6761) as DROP. Each line
 * times one lf_export call (the set is loaded beforehand; the time is the
 * pipeline plus writing the text into memory):
 *
 *   export FORMAT[+opts] n=N written=W sec=S mb=OUTPUT_MB
 *
 * Options: --quick (N = 100 000, for the test suite), --n N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "allow/allow.h"
#include "core/err.h"
#include "core/num.h"
#include "export/export.h"
#include "ioc/iocset.h"

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(struct lf_iocset *set, uint16_t src, enum lf_ioc_type hint,
		const char *text, uint8_t conf)
{
	static struct lf_ioc_value v;
	if (lf_ioc_value_parse(hint, text, strlen(text), &v) != 0)
		return;
	struct lf_ioc c;
	memset(&c, 0, sizeof(c));
	c.type = (uint8_t)v.type;
	c.confidence = conf;
	c.flags = v.subdomains ? LF_IOC_F_SUBDOMAINS : 0;
	c.source = src;
	c.pfx = v.pfx;
	c.value = v.text;
	c.valid_from = LF_TIME_MIN;
	c.valid_until = LF_TIME_MAX;
	if (lf_iocset_add(set, &c) != 0) {
		fprintf(stderr, "bench_export: add failed\n");
		exit(1);
	}
}

static void build(struct lf_iocset *set, size_t n)
{
	uint16_t a, b;
	lf_iocset_source(set, "feed-a", &a);
	lf_iocset_source(set, "feed-b", &b);
	char t[128];
	for (size_t i = 0; i < n; i++) {
		uint64_t r = next();
		uint32_t ip = (uint32_t)r;
		uint8_t conf = (uint8_t)(1 + (r >> 32) % 100);
		if ((r >> 40) % 10 == 0) {
			unsigned len = 16 + (unsigned)((r >> 44) % 16);
			ip &= ~(uint32_t)0 << (32 - len);
			snprintf(t, sizeof(t), "%u.%u.%u.%u/%u", ip >> 24,
				 (ip >> 16) & 255, (ip >> 8) & 255, ip & 255, len);
		} else {
			snprintf(t, sizeof(t), "%u.%u.%u.%u", ip >> 24,
				 (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
		}
		add(set, a, LF_IOC_IPV4, t, conf);
		if ((r >> 50) % 20 == 0)
			add(set, b, LF_IOC_IPV4, t, (uint8_t)(conf / 2 + 1));
	}
	for (size_t i = 0; i < n / 5; i++) {
		uint64_t r = next();
		snprintf(t, sizeof(t), "%sh%llx.example%u.com",
			 r % 10 == 0 ? "*." : "",
			 (unsigned long long)(r >> 8), (unsigned)(r >> 60));
		add(set, a, LF_IOC_DOMAIN, t, (uint8_t)(1 + (r >> 20) % 100));
	}
	for (size_t i = 0; i < n / 20; i++) {
		uint64_t r = next();
		snprintf(t, sizeof(t), "http://m%llx.example.net/p/%u.exe",
			 (unsigned long long)(r >> 16), (unsigned)(r & 0xffff));
		add(set, a, LF_IOC_URL, t, (uint8_t)(1 + (r >> 20) % 100));
	}
}

static void run(const struct lf_iocset *set, const struct lf_allow *allow,
		size_t n, const char *label, enum lf_export_format f,
		unsigned types, int aggregate, size_t max)
{
	struct lf_export_opts o;
	memset(&o, 0, sizeof(o));
	o.format = f;
	o.types = types;
	o.aggregate = aggregate;
	o.max_entries = max;
	o.now = (lf_time_t)1717200000 * 1000000;
	struct lf_buf out;
	lf_buf_init(&out, 0);
	struct lf_export_report rep;
	double t0 = now_sec();
	int rc = lf_export(set, allow, &o, &out, &rep);
	double t1 = now_sec();
	if (rc) {
		fprintf(stderr, "bench_export: %s: %s\n", label, lf_strerror(rc));
		exit(1);
	}
	printf("export %s n=%zu written=%zu sec=%.3f mb=%.1f\n", label, n,
	       rep.written, t1 - t0, (double)out.len / 1e6);
	lf_export_report_free(&rep);
	lf_buf_free(&out);
}

int main(int argc, char **argv)
{
	size_t n = 1000000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			n = 100000;
		} else if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
			uint64_t v;
			i++;
			if (lf_num_u64(argv[i], strlen(argv[i]), 1, 50000000, 0,
				       &v) != 0) {
				fprintf(stderr, "bench_export: bad --n\n");
				return 2;
			}
			n = (size_t)v;
		} else {
			fprintf(stderr, "usage: bench_export [--quick] [--n N]\n");
			return 2;
		}
	}
	struct lf_iocset *set;
	struct lf_allow *allow;
	if (lf_iocset_new(NULL, &set) || lf_allow_new(&allow) ||
	    lf_allow_add_defaults(allow)) {
		fprintf(stderr, "bench_export: setup failed\n");
		return 1;
	}
	build(set, n);
	run(set, allow, n, "edl", LF_EXPORT_EDL, 0, 0, 0);
	run(set, allow, n, "edl+aggregate", LF_EXPORT_EDL, 0, 1, 0);
	run(set, allow, n, "edl+aggregate+max150k", LF_EXPORT_EDL, 0, 1,
	    150000);
	run(set, allow, n, "nft", LF_EXPORT_NFT, 0, 0, 0);
	run(set, allow, n, "ipset", LF_EXPORT_IPSET, 0, 0, 0);
	run(set, allow, n, "rpz+ip", LF_EXPORT_RPZ,
	    LF_EXPORT_T_DOMAIN | LF_EXPORT_T_IP, 0, 0);
	run(set, allow, n, "csv", LF_EXPORT_CSV, 0, 0, 0);
	run(set, allow, n, "stix", LF_EXPORT_STIX, 0, 0, 0);
	lf_allow_free(allow);
	lf_iocset_free(set);
	return 0;
}
