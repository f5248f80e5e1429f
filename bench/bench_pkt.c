/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_pkt — the packet path on one core: lf_pkt_decode alone, then
 * decode + lf_flowtab_add, on a synthetic capture held in memory (so no
 * I/O is measured). The stream: 4 M frames (snap length 128) over 200 k
 * bidirectional conversations, a fifth of the conversations carrying four
 * fifths of the packets; 80 % IPv4, 20 % IPv6, a quarter in a VLAN and a
 * tenth of those QinQ; 70 % TCP (handshakes, data, FIN or RST ends), 25 %
 * UDP, 5 % ICMP; 2 µs between packets (500 kpps of capture time, so the
 * idle and active timeouts fire). The flow table runs roomy (2^18 flows)
 * and tight (a quarter of the conversations: the eviction path).
 *
 * Prints one machine-readable line per result. `--quick` uses 400 k
 * frames over 20 k conversations for the test suite.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/err.h"
#include "flowtab/flowtab.h"
#include "pkt/pkt.h"

#define SNAP 128

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

static long rss_mb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

struct frame {
	uint32_t off;
	uint16_t caplen;
	uint16_t wirelen;
	lf_time_t ts;
};

static size_t put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 2;
}

/* One frame of conversation c, in direction dir, with TCP flags fl. */
static size_t build(uint8_t *b, uint64_t c, int dir, unsigned fl,
		    unsigned paylen, uint16_t *wire)
{
	uint8_t *p = b;
	unsigned kind = (unsigned)(c % 20); /* 0..13 TCP, 14..18 UDP, 19 ICMP */
	unsigned proto = kind < 14 ? 6 : kind < 19 ? 17 : 1;
	int v6 = c % 5 == 0;
	size_t l4 = proto == 6 ? 20 : 8;
	size_t iplen = (v6 ? 40 : 20) + l4 + paylen;

	memset(p, 0, 12);
	p[0] = 0x02;
	p[6] = 0x02;
	p += 12;
	if (c % 4 == 1) {
		if (c % 40 == 1) {
			p += put16(p, 0x88a8);
			p += put16(p, (unsigned)(c % 4000) + 1);
		}
		p += put16(p, 0x8100);
		p += put16(p, (unsigned)(c % 1000) + 1);
	}
	p += put16(p, v6 ? 0x86dd : 0x0800);

	uint8_t a[16] = {0}, z[16] = {0};
	a[0] = 10;
	a[1] = (uint8_t)(c >> 16);
	a[2] = (uint8_t)(c >> 8);
	a[3] = (uint8_t)c;
	z[0] = 198;
	z[1] = 51;
	z[2] = (uint8_t)(c % 251);
	z[3] = (uint8_t)(c % 241);
	if (v6) {
		a[0] = z[0] = 0x20;
		a[1] = z[1] = 0x01;
	}
	const uint8_t *s = dir ? z : a, *d = dir ? a : z;
	if (v6) {
		p[0] = 0x60;
		put16(p + 4, (unsigned)(iplen - 40));
		p[6] = (uint8_t)(proto == 1 ? 58 : proto);
		p[7] = 64;
		memcpy(p + 8, s, 16);
		memcpy(p + 24, d, 16);
		p += 40;
	} else {
		p[0] = 0x45;
		put16(p + 2, (unsigned)iplen);
		p[8] = 64;
		p[9] = (uint8_t)proto;
		memcpy(p + 12, s, 4);
		memcpy(p + 16, d, 4);
		p += 20;
	}
	unsigned sp = 1024 + (unsigned)(c % 60000), dp = kind < 7 ? 443 : 80;
	if (proto == 17)
		dp = 53;
	if (dir) {
		unsigned x = sp;
		sp = dp;
		dp = x;
	}
	if (proto == 1) {
		p[0] = dir ? 0 : 8;
		p += 8;
	} else {
		put16(p, sp);
		put16(p + 2, dp);
		if (proto == 6) {
			p[12] = 5 << 4;
			p[13] = (uint8_t)fl;
		} else {
			put16(p + 4, (unsigned)(8 + paylen));
		}
		p += l4;
	}
	size_t hdr = (size_t)(p - b);
	size_t wl = hdr + paylen;
	size_t cl = wl < SNAP ? wl : SNAP;
	memset(p, 'x', cl - hdr);
	*wire = (uint16_t)wl;
	return cl;
}

static uint64_t sink;

static void on_flow(void *ud, const struct lf_flow *f)
{
	(void)ud;
	sink += f->packets + f->rev_packets;
}

static void run_table(const char *name, const uint8_t *buf,
		      const struct frame *fr, size_t n, uint32_t max_flows,
		      size_t conv)
{
	struct lf_flowtab_cfg cfg = {.max_flows = max_flows, .seed = 1};
	struct lf_flowtab *t;
	if (lf_flowtab_new(&cfg, &t) != 0) {
		fprintf(stderr, "bench_pkt: flowtab_new failed\n");
		exit(1);
	}
	double t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		struct lf_pkt p;
		if (lf_pkt_decode(LF_DLT_EN10MB, buf + fr[i].off, fr[i].caplen,
				  fr[i].wirelen, fr[i].ts, &p) == 0)
			lf_flowtab_add(t, &p, on_flow, NULL);
	}
	lf_flowtab_flush(t, on_flow, NULL);
	double dt = now_s() - t0;
	struct lf_flowtab_stats st;
	lf_flowtab_stats(t, &st);
	printf("pkt decode+flowtab table=%s n=%zu conv=%zu max_flows=%u "
	       "mpps=%.2f ns_per_pkt=%.0f created=%llu evictions=%llu "
	       "idle=%llu active=%llu fin=%llu rst=%llu mem_mb=%.1f\n",
	       name, n, conv, max_flows, (double)n / dt / 1e6, dt * 1e9 / (double)n,
	       (unsigned long long)st.created,
	       (unsigned long long)st.evictions,
	       (unsigned long long)st.emitted[LF_FLOWTAB_END_IDLE],
	       (unsigned long long)st.emitted[LF_FLOWTAB_END_ACTIVE],
	       (unsigned long long)st.emitted[LF_FLOWTAB_END_FIN],
	       (unsigned long long)st.emitted[LF_FLOWTAB_END_RST],
	       (double)lf_flowtab_mem(t) / 1048576.0);
	if (st.packets != sink) {
		fprintf(stderr, "bench_pkt: %llu packets counted, %llu in "
				"records\n",
			(unsigned long long)st.packets,
			(unsigned long long)sink);
		exit(1);
	}
	sink = 0;
	lf_flowtab_free(t);
}

int main(int argc, char **argv)
{
	size_t n = 4000000, conv = 200000;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			n = 400000;
			conv = 20000;
		} else {
			fprintf(stderr, "usage: bench_pkt [--quick]\n");
			return 2;
		}
	}
	struct frame *fr = malloc(n * sizeof(*fr));
	uint8_t *buf = malloc(n * SNAP);
	uint8_t *state = calloc(conv, 1); /* 0 new, 1 open, 2 ended */
	if (!fr || !buf || !state) {
		fprintf(stderr, "bench_pkt: out of memory\n");
		return 1;
	}
	size_t off = 0;
	lf_time_t ts = (lf_time_t)1700000000 * LF_USEC_PER_SEC;
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = next();
		/* 80 % of packets on the first fifth of the conversations */
		uint64_t c = (r % 5 != 0) ? (r >> 8) % (conv / 5)
					  : (r >> 8) % conv;
		int dir = (int)((r >> 40) & 1);
		unsigned fl = 0x10, pay = (unsigned)((r >> 41) % 1400);
		if (state[c] == 0) {
			fl = 0x02; /* SYN */
			dir = 0;
			pay = 0;
			state[c] = 1;
		} else if (((r >> 52) & 0xff) == 0) {
			fl = ((r >> 60) & 3) ? 0x11 : 0x04; /* FIN/ACK or RST */
			state[c] = fl == 0x04 ? 0 : 2;
		} else if (state[c] == 2) {
			fl = 0x11; /* the other side's FIN */
			state[c] = 0;
		}
		uint16_t wire;
		size_t cl = build(buf + off, c, dir, fl, pay, &wire);
		fr[i].off = (uint32_t)off;
		fr[i].caplen = (uint16_t)cl;
		fr[i].wirelen = wire;
		fr[i].ts = ts;
		ts += 2;
		off += cl;
		bytes += cl;
	}
	printf("# bench_pkt: %zu frames, %zu conversations, %.1f MB captured, "
	       "rss %ld MB\n",
	       n, conv, (double)bytes / 1048576.0, rss_mb());

	/* decode only */
	double best = 1e9;
	uint64_t ok = 0;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now_s();
		ok = 0;
		for (size_t i = 0; i < n; i++) {
			struct lf_pkt p;
			if (lf_pkt_decode(LF_DLT_EN10MB, buf + fr[i].off,
					  fr[i].caplen, fr[i].wirelen, fr[i].ts,
					  &p) == 0)
				ok += p.dport;
		}
		double dt = now_s() - t0;
		if (dt < best)
			best = dt;
		sink += ok;
	}
	printf("pkt decode n=%zu mpps=%.2f ns_per_pkt=%.1f\n", n,
	       (double)n / best / 1e6, best * 1e9 / (double)n);
	sink = 0;

	run_table("roomy", buf, fr, n, 1u << 18, conv);
	run_table("tight", buf, fr, n, (uint32_t)(conv / 4), conv);
	printf("# rss %ld MB\n", rss_mb());
	free(fr);
	free(buf);
	free(state);
	return 0;
}
