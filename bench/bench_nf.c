/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_nf — decoding rate of the NetFlow/IPFIX library (lf_nf_decode),
 * one core, no sockets.
 *
 *   bench_nf [--quick]
 *
 * A synthetic export stream is built once in memory and decoded in a loop
 * for about two seconds (0.3 s with --quick); the callback only sums the
 * renormalised bytes, so the figure is the decoder's own cost — the
 * socket, matching and output are the sensor's and are measured there
 * (the benchmark against nfcapd). Streams:
 *
 *   v9      NetFlow v9 as an ASR or a Nexus sends it: a 22-field IPv4
 *           template of 66-byte records (addresses, ports, protocol, ToS,
 *           flags, 4-byte interfaces, 8-byte counters, uptimes, AS
 *           numbers, masks, next hop, direction, sampler id, VLAN,
 *           forwarding status), 20 records a datagram (1344 bytes), the
 *           template, an options template and the sampler table (1 in
 *           1000) resent every 20 datagrams, 64 exporters.
 *   ipfix   the same records as IPFIX with flowStart/EndMilliseconds (74
 *           bytes), 18 a datagram.
 *   ipfix_varlen  IPFIX with one variable-length field (an application
 *           name) in every record: the walking decoder.
 *   v5      NetFlow v5, 30 records a datagram.
 *
 * Data comes from a fixed-seed PRNG. Times are CPU time of the thread.
 * Output, one line per stream:
 *   nf decode stream=v9 datagrams=N flows=N sec=S mflows_per_s=R
 *        ns_per_flow=R
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/addr.h"
#include "nf/nf.h"

#define NDGRAM 4096 /* distinct datagrams per stream */
#define NEXP 64
#define MAXDG 1500

static uint64_t rng_state = 0x6c69616e66616e67ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct dgram {
	uint16_t len;
	uint16_t exp;
	uint8_t b[MAXDG];
};

struct buf {
	uint8_t *b;
	size_t n;
};

static void u8(struct buf *w, unsigned v)
{
	w->b[w->n++] = (uint8_t)v;
}

static void u16(struct buf *w, unsigned v)
{
	u8(w, v >> 8);
	u8(w, v);
}

static void u32(struct buf *w, uint32_t v)
{
	u16(w, v >> 16);
	u16(w, v & 0xffff);
}

static void u64(struct buf *w, uint64_t v)
{
	u32(w, (uint32_t)(v >> 32));
	u32(w, (uint32_t)v);
}

/* The 22 fields of the v9 template (66 bytes a record; IPFIX replaces
 * the uptimes 22/21 by milliseconds 152/153: 74 bytes). */
static const uint16_t fields[][2] = {
	{8, 4},  {12, 4}, {7, 2},  {11, 2},  {4, 1},  {5, 1},
	{6, 1},  {10, 4}, {14, 4}, {1, 8},   {2, 8},  {22, 4},
	{21, 4}, {16, 4}, {17, 4}, {9, 1},   {13, 1}, {15, 4},
	{61, 1}, {48, 1}, {58, 2}, {89, 1},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static void record(struct buf *w, int ipfix, int varlen, uint32_t t)
{
	uint32_t r = (uint32_t)rnd();

	u32(w, 0x0a000000 | (r & 0xffffff));
	u32(w, (uint32_t)(rnd() >> 16));
	u16(w, 1024 + (r >> 20));
	u16(w, r & 1 ? 443 : 53);
	u8(w, r & 1 ? 6 : 17);
	u8(w, 0);
	u8(w, 0x1b);
	u32(w, 1 + (r & 7));
	u32(w, 9);
	u64(w, 40 + (r & 0xfff));
	u64(w, 1 + (r & 0xf));
	if (ipfix) {
		u64(w, (uint64_t)t * 1000 - 2000);
		u64(w, (uint64_t)t * 1000 - 500);
	} else {
		u32(w, 3600000 - 2000);
		u32(w, 3600000 - 500);
	}
	u32(w, 64500);
	u32(w, 15169);
	u8(w, 24);
	u8(w, 16);
	u32(w, 0xc0000201);
	u8(w, 0);
	u8(w, 1);
	u16(w, 0);
	u8(w, 0x40);
	if (varlen) {
		static const char *const app[] = {"http", "dns", "quic-google"};
		const char *a = app[r % 3];

		u8(w, (unsigned)strlen(a));
		memcpy(w->b + w->n, a, strlen(a));
		w->n += strlen(a);
	}
}

/* Build the datagrams of a stream into d[0..NDGRAM). */
static void build(struct dgram *d, const char *kind)
{
	int v9 = strcmp(kind, "v9") == 0;
	int v5 = strcmp(kind, "v5") == 0;
	int varlen = strcmp(kind, "ipfix_varlen") == 0;
	uint32_t seq[NEXP] = {0};

	for (unsigned i = 0; i < NDGRAM; i++) {
		struct buf w = {d[i].b, 0};
		unsigned e = i % NEXP;
		unsigned nrec = v5 ? 30 : v9 ? 20 : varlen ? 16 : 18;
		uint32_t t = 1700000000u + i / 100;
		size_t s = 0;

		d[i].exp = (uint16_t)e;
		if (v5) {
			u16(&w, 5);
			u16(&w, nrec);
			u32(&w, 3600000);
			u32(&w, t);
			u32(&w, 0);
			u32(&w, seq[e]);
			u16(&w, 0);
			u16(&w, 0);
			seq[e] += nrec;
			for (unsigned k = 0; k < nrec; k++) {
				uint32_t r = (uint32_t)rnd();

				u32(&w, 0x0a000000 | (r & 0xffffff));
				u32(&w, (uint32_t)(rnd() >> 16));
				u32(&w, 0xc0000201);
				u16(&w, 1);
				u16(&w, 2);
				u32(&w, 1 + (r & 0xf));
				u32(&w, 40 + (r & 0xfff));
				u32(&w, 3600000 - 2000);
				u32(&w, 3600000 - 500);
				u16(&w, 1024 + (r >> 20));
				u16(&w, 443);
				u16(&w, 0x1b);
				u8(&w, 6);
				u8(&w, 0);
				u16(&w, 64500);
				u16(&w, 15169);
				u8(&w, 24);
				u8(&w, 16);
				u16(&w, 0);
			}
			d[i].len = (uint16_t)w.n;
			continue;
		}
		if (v9) {
			u16(&w, 9);
			u16(&w, 0); /* count, set below */
			u32(&w, 3600000);
			u32(&w, t);
			u32(&w, seq[e]++);
			u32(&w, 0);
		} else {
			u16(&w, 10);
			u16(&w, 0); /* length, set below */
			u32(&w, t);
			u32(&w, seq[e]);
			u32(&w, 0);
			seq[e] += nrec;
		}
		if (i / NEXP % 20 == 0) {
			/* template (+ options template and sampler table) */
			s = w.n;
			u16(&w, v9 ? 0 : 2);
			u16(&w, 0);
			u16(&w, 256);
			u16(&w, (unsigned)NFIELDS + (varlen ? 1 : 0));
			for (size_t f = 0; f < NFIELDS; f++) {
				uint16_t id = fields[f][0], len = fields[f][1];

				if (!v9 && id == 22)
					id = 152, len = 8;
				else if (!v9 && id == 21)
					id = 153, len = 8;
				u16(&w, id);
				u16(&w, len);
			}
			if (varlen) {
				u16(&w, 96); /* applicationName */
				u16(&w, 65535);
			}
			w.b[s + 2] = (uint8_t)((w.n - s) >> 8);
			w.b[s + 3] = (uint8_t)(w.n - s);
			s = w.n;
			u16(&w, v9 ? 1 : 3);
			u16(&w, v9 ? 20 : 18);
			u16(&w, 257);
			if (v9) {
				u16(&w, 4);
				u16(&w, 8);
				u16(&w, 1); /* scope System */
				u16(&w, 4);
			} else {
				u16(&w, 2);
				u16(&w, 1);
				u16(&w, 48);
				u16(&w, 1);
			}
			if (v9)
				u16(&w, 48), u16(&w, 1);
			u16(&w, 50);
			u16(&w, 4);
			if (v9)
				u16(&w, 0);
			w.b[s + 2] = (uint8_t)((w.n - s) >> 8);
			w.b[s + 3] = (uint8_t)(w.n - s);
			s = w.n;
			u16(&w, 257);
			u16(&w, 0);
			if (v9)
				u32(&w, 0);
			u8(&w, 1);
			u32(&w, 1000);
			while ((w.n - s) % 4)
				u8(&w, 0);
			w.b[s + 2] = (uint8_t)((w.n - s) >> 8);
			w.b[s + 3] = (uint8_t)(w.n - s);
			nrec -= 2;
		}
		s = w.n;
		u16(&w, 256);
		u16(&w, 0);
		for (unsigned k = 0; k < nrec; k++)
			record(&w, !v9, varlen, t);
		w.b[s + 2] = (uint8_t)((w.n - s) >> 8);
		w.b[s + 3] = (uint8_t)(w.n - s);
		if (v9) {
			w.b[2] = 0;
			w.b[3] = 0;
			/* count = flowsets */
			w.b[3] = i / NEXP % 20 == 0 ? 4 : 1;
		} else {
			w.b[2] = (uint8_t)(w.n >> 8);
			w.b[3] = (uint8_t)w.n;
		}
		if (w.n > MAXDG - 100) {
			fprintf(stderr, "bench_nf: datagram too long\n");
			exit(1);
		}
		d[i].len = (uint16_t)w.n;
	}
}

struct sink {
	uint64_t flows, bytes;
};

static void cb(void *ud, const struct lf_flow *f)
{
	struct sink *s = ud;

	s->flows++;
	s->bytes += f->bytes;
}

static void run(const char *kind, double secs)
{
	struct dgram *d = malloc(NDGRAM * sizeof(*d));
	struct lf_addr ex[NEXP];
	struct lf_nf_ctx *c;
	struct sink s = {0, 0};
	uint64_t ndg = 0;
	double t0, t1;

	if (!d || lf_nf_new(NULL, &c) != 0) {
		fprintf(stderr, "bench_nf: out of memory\n");
		exit(1);
	}
	for (unsigned e = 0; e < NEXP; e++)
		lf_addr_from_v4(&ex[e], 0xc6336400 + e);
	build(d, kind);
	/* warm up: every template known */
	for (unsigned i = 0; i < NDGRAM; i++)
		lf_nf_decode(c, &ex[d[i].exp], 2055, 0, d[i].b, d[i].len, cb,
			     &s);
	s.flows = 0;
	t0 = now();
	do {
		for (unsigned i = 0; i < NDGRAM; i++)
			lf_nf_decode(c, &ex[d[i].exp], 2055, 0, d[i].b,
				     d[i].len, cb, &s);
		ndg += NDGRAM;
		t1 = now();
	} while (t1 - t0 < secs);
	printf("nf decode stream=%s datagrams=%llu flows=%llu sec=%.3f "
	       "mflows_per_s=%.2f ns_per_flow=%.1f\n",
	       kind, (unsigned long long)ndg, (unsigned long long)s.flows,
	       t1 - t0, (double)s.flows / (t1 - t0) / 1e6,
	       (t1 - t0) * 1e9 / (double)s.flows);
	if (lf_nf_counters(c)->datagrams_bad != 0) {
		fprintf(stderr, "bench_nf: %s: malformed datagrams\n", kind);
		exit(1);
	}
	lf_nf_free(c);
	free(d);
}

int main(int argc, char **argv)
{
	double secs = 2.0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--quick") == 0)
			secs = 0.3;
	run("v9", secs);
	run("ipfix", secs);
	run("ipfix_varlen", secs);
	run("v5", secs);
	return 0;
}
