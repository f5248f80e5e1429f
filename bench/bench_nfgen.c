/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_nfgen — traffic for the sensor benchmark (bench/bench_sensor.sh):
 * a NetFlow v9 exporter paced by the clock, the indicator list that goes
 * with its addresses, and a synthetic packet capture.
 *
 *   bench_nfgen --rate FLOWS_PER_S --seconds S --port P [--exporters E]
 *               [--batch B] [--template-every N] [--host 127.x.y.z]
 *   bench_nfgen --intel N                    N indicators on stdout
 *   bench_nfgen --pcap FILE --flows N [--ppf K] [--window W] [--snaplen L]
 *   bench_nfgen (no option, or a lone --quick from bench/run.sh): a short
 *               self-check that prints one line and sends nothing
 *
 * The address model. Every mode draws from the same deterministic world
 * (fixed seed), so the indicators can be made to overlap the traffic:
 *
 *   servers   2^20 public IPv4 addresses; server of rank k is a hash of k
 *             rejected until it lands outside the RFC 6890 special ranges.
 *             A flow picks its server with a Zipf(1) law (rank = N^u for
 *             a uniform u), so a few servers carry most flows and the tail
 *             is long, as on a real backbone.
 *   clients   2^20 addresses in 10.0.0.0/8, drawn with a milder skew (the
 *             product of two uniforms).
 *   ports     the server port from a weighted table (443 TCP and QUIC, 80,
 *             53, 123, 22, 25, mail, RDP, 8080, a random port); the client
 *             port uniform in the ephemeral range 32768..60999.
 *   sizes     packets heavy-tailed (1 + a geometric, sometimes ×100),
 *             bytes = packets × 40..1500.
 *   direction half of the records are client->server, half the reply.
 *
 * NetFlow v9 (RFC 3954). One template, the classic 18-field IPv4 record of
 * 45 bytes that Cisco IOS exports (counters, uptimes, addresses, ports,
 * protocol, flags, ToS, interfaces, AS numbers, masks, next hop), id 256.
 * A datagram is the 20-byte header (§5.1), the template flowset (§5.2)
 * every N datagrams of an exporter and in its first one, and one data
 * flowset (§5.3) of 30 records padded to 4 bytes: 1376 bytes, 1456 with
 * the template, under a 1500-byte MTU. The header's count is the number of
 * records (data plus template), the sequence number counts the exporter's
 * datagrams, sysUptime runs from one hour at the start in milliseconds,
 * unix_secs is the wall clock. Each exporter is its own UDP socket (its
 * own source port) and source id, so a collector sees E exporters.
 *
 * The data flowsets are built once into a pool (default 32768 flowsets,
 * 983 040 distinct records, 44 MiB) before the clock starts; sending is
 * sendmmsg(2) of batches of B datagrams whose iovecs point into the pool
 * (header, optional template, flowset), so the generator costs the
 * kernel's send path and little else. Pacing: batch i is sent when the
 * clock says its last datagram is due (an absolute clock_nanosleep), so
 * the long-run rate is exact and a slow batch is caught up, never
 * skipped. If the generator cannot keep up, it sends for the whole
 * duration anyway and reports the lower rate it achieved.
 *
 * Bounds: at most 60 s, at most 20 M flows/s, at most 64 exporters, only
 * to a loopback address; the capture at most 20 M flows (and the file is
 * written with a snap length, 128 bytes by default, to keep it small).
 *
 * Output, one line on stdout:
 *   nfgen target_rate=R seconds=S exporters=E datagrams=N flows=N
 *         elapsed=S achieved_rate=R send_errors=N
 *   nfgen pcap file=F flows=N packets=N bytes=N
 *   nfgen intel indicators=N hit32=N hit24=N
 * The flows= of the first line are the flows a collector must report to be
 * loss-free: datagrams the kernel refused are not counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "core/num.h"

#define MAX_SECONDS 60.0
#define MAX_RATE 20000000.0
#define MAX_EXPORTERS 64
#define MAX_BATCH 256
#define MAX_PCAP_FLOWS 20000000u
#define RECS 30          /* records in a data flowset */
#define REC_LEN 45       /* bytes in a record */
#define NSERVERS (1u << 20)
#define NCLIENTS (1u << 20)
#define HDR_LEN 20
#define TMPL_FIELDS 18
#define TMPL_LEN (4 + 4 + 4 * TMPL_FIELDS)
#define SET_LEN (4 + RECS * REC_LEN + 2) /* padded to 4 */
#define UPTIME0 3600000u /* sysUptime at the start, ms */

/* splitmix64: fixed-seed, so every run and every mode sees one world. */
static uint64_t rng_state = 0x6e6667656e2d6c66ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double unif(void)
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdull;
	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ull;
	return z ^ (z >> 33);
}

/* RFC 6890 special-purpose IPv4 ranges and multicast/reserved: never a
 * server, so an allowlist can never drop an indicator we made to hit. */
static int special_v4(uint32_t a)
{
	static const struct {
		uint32_t net;
		unsigned len;
	} sp[] = {
		{0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},
		{0xa9fe0000, 16}, {0xac100000, 12}, {0xc0000000, 24}, {0xc0000200, 24},
		{0xc0586300, 24}, {0xc0a80000, 16}, {0xc6120000, 15}, {0xc6336400, 24},
		{0xcb007100, 24}, {0xe0000000, 3},
	};
	for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		if ((a ^ sp[i].net) >> (32 - sp[i].len) == 0)
			return 1;
	return 0;
}

static uint32_t server_addr(uint32_t rank)
{
	uint64_t h = mix((uint64_t)rank * 2654435761u + 0x5e17e5ull);

	while (special_v4((uint32_t)h))
		h = mix(h + 1);
	return (uint32_t)h;
}

static uint32_t server_rank(void)
{
	uint32_t k = (uint32_t)pow((double)NSERVERS, unif());

	return k ? k - 1 : 0;
}

static uint32_t client_addr(void)
{
	uint64_t a = rnd() % NCLIENTS, b = rnd() % NCLIENTS;
	uint32_t idx = (uint32_t)(a * b / NCLIENTS);

	return 0x0a000000u | ((uint32_t)mix(idx) & 0x00ffffffu);
}

struct svc {
	uint16_t port;
	uint8_t proto;
	uint8_t weight; /* out of 100 */
};

static const struct svc services[] = {
	{443, 6, 40}, {443, 17, 8}, {80, 6, 14}, {53, 17, 12}, {123, 17, 3},
	{22, 6, 2},   {25, 6, 2},   {993, 6, 2}, {3389, 6, 1}, {8080, 6, 3},
	{0, 6, 8}, /* a random port, TCP */
	{0, 17, 5}, /* a random port, UDP */
};

static const struct svc *pick_service(void)
{
	unsigned r = (unsigned)(rnd() % 100), acc = 0;

	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		acc += services[i].weight;
		if (r < acc)
			return &services[i];
	}
	return &services[0];
}

/* One synthetic flow, one direction: what a record or a packet needs. */
struct gflow {
	uint32_t client, server;
	uint16_t cport, sport;
	uint8_t proto;
	uint32_t packets, bytes;
};

static void gen_flow(struct gflow *f)
{
	const struct svc *s = pick_service();
	uint64_t r = rnd();

	f->client = client_addr();
	f->server = server_addr(server_rank());
	f->cport = (uint16_t)(32768 + r % 28232);
	f->sport = s->port ? s->port : (uint16_t)(1024 + (r >> 16) % 64000);
	f->proto = s->proto;
	f->packets = 1;
	while (f->packets < 64 && (rnd() & 3) != 0)
		f->packets++;
	if ((r >> 40) % 50 == 0)
		f->packets *= 100;
	f->bytes = f->packets * (uint32_t)(40 + (r >> 48) % 1461);
}

static uint8_t *put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p = put16(p, v >> 16);
	return put16(p, v & 0xffff);
}

/* ---- NetFlow v9 ---------------------------------------------------- */

/* RFC 3954 §8 field types: the classic IOS IPv4 record. */
static const uint16_t tmpl_fields[TMPL_FIELDS][2] = {
	{1, 4},  /* IN_BYTES */
	{2, 4},  /* IN_PKTS */
	{22, 4}, /* FIRST_SWITCHED */
	{21, 4}, /* LAST_SWITCHED */
	{8, 4},  /* IPV4_SRC_ADDR */
	{12, 4}, /* IPV4_DST_ADDR */
	{7, 2},  /* L4_SRC_PORT */
	{11, 2}, /* L4_DST_PORT */
	{4, 1},  /* PROTOCOL */
	{6, 1},  /* TCP_FLAGS */
	{5, 1},  /* SRC_TOS */
	{10, 2}, /* INPUT_SNMP */
	{14, 2}, /* OUTPUT_SNMP */
	{16, 2}, /* SRC_AS */
	{17, 2}, /* DST_AS */
	{9, 1},  /* SRC_MASK */
	{13, 1}, /* DST_MASK */
	{15, 4}, /* IPV4_NEXT_HOP */
};

static void build_template(uint8_t *t)
{
	uint8_t *p = t;

	p = put16(p, 0); /* flowset id 0: templates */
	p = put16(p, TMPL_LEN);
	p = put16(p, 256);
	p = put16(p, TMPL_FIELDS);
	for (int i = 0; i < TMPL_FIELDS; i++) {
		p = put16(p, tmpl_fields[i][0]);
		p = put16(p, tmpl_fields[i][1]);
	}
}

static uint8_t *put_record(uint8_t *p)
{
	struct gflow f;
	uint32_t last = UPTIME0 - 1000 - (uint32_t)(rnd() % 30000);
	uint32_t dur = (uint32_t)(rnd() % 60000);
	int out = (int)(rnd() & 1);
	uint8_t flags;

	gen_flow(&f);
	flags = f.proto == 6 ? (f.packets > 2 ? 0x1b : 0x02) : 0;
	p = put32(p, f.bytes);
	p = put32(p, f.packets);
	p = put32(p, last - dur);
	p = put32(p, last);
	p = put32(p, out ? f.client : f.server);
	p = put32(p, out ? f.server : f.client);
	p = put16(p, out ? f.cport : f.sport);
	p = put16(p, out ? f.sport : f.cport);
	*p++ = f.proto;
	*p++ = flags;
	*p++ = 0;
	p = put16(p, out ? 2 : 1);
	p = put16(p, out ? 1 : 2);
	p = put16(p, out ? 64500 : 15169);
	p = put16(p, out ? 15169 : 64500);
	*p++ = out ? 8 : 24;
	*p++ = out ? 24 : 8;
	return put32(p, 0xc6336401);
}

static void build_set(uint8_t *s)
{
	uint8_t *p = s;

	p = put16(p, 256);
	p = put16(p, SET_LEN);
	for (int i = 0; i < RECS; i++)
		p = put_record(p);
	p[0] = p[1] = 0; /* padding */
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_until(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

struct exporter {
	int fd;
	uint32_t seq;
	uint32_t since_tmpl;
};

struct sendopt {
	double rate, seconds;
	uint32_t port, exporters, batch, tmpl_every, pool;
	const char *host;
};

static int run_send(const struct sendopt *o)
{
	struct exporter ex[MAX_EXPORTERS];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH][3];
	uint8_t hdrs[MAX_BATCH][HDR_LEN];
	uint8_t tmpl[TMPL_LEN];
	struct sockaddr_in sin;
	uint8_t *pool;
	uint64_t sent = 0, errors = 0, pos = 0, total;
	double dg_rate = o->rate / RECS, t0, t1, deadline;
	int rc = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)o->port);
	if (inet_pton(AF_INET, o->host, &sin.sin_addr) != 1 ||
	    (ntohl(sin.sin_addr.s_addr) >> 24) != 127) {
		fprintf(stderr, "bench_nfgen: --host must be a loopback IPv4 address\n");
		return 2;
	}
	pool = malloc((size_t)o->pool * SET_LEN);
	if (!pool) {
		fprintf(stderr, "bench_nfgen: out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < o->pool; i++)
		build_set(pool + (size_t)i * SET_LEN);
	build_template(tmpl);
	for (uint32_t e = 0; e < o->exporters; e++) {
		int sz = 4 << 20;

		ex[e].fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		ex[e].seq = 0;
		ex[e].since_tmpl = 0;
		if (ex[e].fd < 0 ||
		    connect(ex[e].fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
			perror("bench_nfgen: socket");
			for (uint32_t k = 0; k <= e; k++)
				if (ex[k].fd >= 0)
					close(ex[k].fd);
			free(pool);
			return 1;
		}
		setsockopt(ex[e].fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	/* total datagrams planned; the generator never sends more */
	total = (uint64_t)(dg_rate * o->seconds + 0.5);
	if (total == 0)
		total = 1;
	memset(msgs, 0, sizeof(msgs));
	t0 = mono();
	deadline = t0 + o->seconds;
	for (uint32_t e = 0; sent < total; e = (e + 1) % o->exporters) {
		uint32_t n = o->batch, uptime;
		time_t secs = time(NULL);
		double due;
		int k = 0, retries = 0;

		if (n > total - sent)
			n = (uint32_t)(total - sent);
		due = t0 + (double)(sent + n) / dg_rate;
		if (due > mono())
			sleep_until(due);
		else if (mono() > deadline + 0.25)
			break; /* behind: stop at the deadline, report what we did */
		uptime = UPTIME0 + (uint32_t)((mono() - t0) * 1000.0);
		for (uint32_t i = 0; i < n; i++) {
			struct exporter *x = &ex[e];
			int with_tmpl = x->seq == 0 || x->since_tmpl + 1 >= o->tmpl_every;
			uint8_t *h = hdrs[i];
			int nio = 0;

			x->since_tmpl = with_tmpl ? 0 : x->since_tmpl + 1;
			put16(h, 9);
			put16(h + 2, RECS + (with_tmpl ? 1 : 0));
			put32(h + 4, uptime);
			put32(h + 8, (uint32_t)secs);
			put32(h + 12, x->seq++);
			put32(h + 16, e + 1);
			iov[i][nio].iov_base = h;
			iov[i][nio++].iov_len = HDR_LEN;
			if (with_tmpl) {
				iov[i][nio].iov_base = tmpl;
				iov[i][nio++].iov_len = TMPL_LEN;
			}
			iov[i][nio].iov_base = pool + (pos % o->pool) * SET_LEN;
			iov[i][nio++].iov_len = SET_LEN;
			pos++;
			msgs[i].msg_hdr.msg_iov = iov[i];
			msgs[i].msg_hdr.msg_iovlen = (size_t)nio;
		}
		while ((uint32_t)k < n) {
			int r = sendmmsg(ex[e].fd, msgs + k, n - (uint32_t)k, 0);

			if (r > 0) {
				k += r;
				sent += (uint64_t)r;
				continue;
			}
			if (errno == EINTR || (errno == ECONNREFUSED && retries++ < 3))
				continue;
			/* the datagram is lost; its sequence number stays used, so
			 * the collector sees the gap as loss too */
			errors++;
			k++;
			total--;
		}
	}
	t1 = mono();
	printf("nfgen target_rate=%.0f seconds=%.3f exporters=%u datagrams=%llu flows=%llu "
	       "elapsed=%.3f achieved_rate=%.0f send_errors=%llu\n",
	       o->rate, o->seconds, o->exporters, (unsigned long long)sent,
	       (unsigned long long)sent * RECS, t1 - t0, (double)sent * RECS / (t1 - t0),
	       (unsigned long long)errors);
	rc = 0;
	for (uint32_t e = 0; e < o->exporters; e++)
		close(ex[e].fd);
	free(pool);
	return rc;
}

/* ---- indicators ---------------------------------------------------- */

/* N indicators as a FireHOL-style netset: 1 % /32 of servers drawn
 * uniformly from the Zipf tail (rank >= 1000: popular servers are not on
 * blocklists), 0.5 % the /24 around such a server, the rest random public
 * addresses (90 % /32, 10 % /21../28, mostly /24) that hit only by chance
 * (they cover about 1.2 % of the address space). About 1.6 % of the
 * records then match. */
static int run_intel(uint64_t n)
{
	uint64_t hit32 = n / 100, hit24 = n / 200;

	printf("# bench_nfgen --intel %llu: synthetic indicators, nothing real\n",
	       (unsigned long long)n);
	for (uint64_t i = 0; i < n; i++) {
		uint32_t a;
		unsigned len = 32;

		if (i < hit32 + hit24) {
			a = server_addr(1000 + (uint32_t)(rnd() % (NSERVERS - 1000)));
			if (i >= hit32) {
				len = 24;
				a &= 0xffffff00u;
			}
		} else {
			do
				a = (uint32_t)rnd();
			while (special_v4(a));
			if (rnd() % 100 < 10) {
				static const unsigned lens[] = {21, 22, 23, 24, 24, 24,
								24, 24, 26, 28};
				len = lens[rnd() % 10];
				a &= ~0u << (32 - len);
			}
		}
		if (len == 32)
			printf("%u.%u.%u.%u\n", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
			       a & 255);
		else
			printf("%u.%u.%u.%u/%u\n", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
			       a & 255, len);
	}
	fprintf(stderr, "nfgen intel indicators=%llu hit32=%llu hit24=%llu\n",
		(unsigned long long)n, (unsigned long long)hit32, (unsigned long long)hit24);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/* ---- capture ------------------------------------------------------- */

/* A bidirectional flow in progress in the capture. */
struct pflow {
	struct gflow f;
	uint32_t left;  /* packets still to write */
	uint32_t total;
	uint16_t ipid, ipid0;
};

struct pcapw {
	FILE *fp;
	uint32_t snaplen;
	uint64_t packets, bytes;
	uint64_t ts_us;
	uint8_t frame[64 + 1514];
};

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint16_t ip_csum(const uint8_t *h)
{
	uint32_t s = 0;

	for (int i = 0; i < 20; i += 2)
		s += (uint32_t)h[i] << 8 | h[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* A DNS query (k = 0) or its answer (k = 1) for nXXXXXX.example.com, one
 * A record pointing at the server; 37 or 53 bytes, so whole within any
 * snap length >= 96. */
static uint32_t dns_payload(uint8_t *d, const struct pflow *p, uint32_t k)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t *q = d + 12;
	uint32_t h = (uint32_t)mix(p->f.server);

	put16(d, p->ipid0);
	put16(d + 2, k ? 0x8180 : 0x0100);
	put16(d + 4, 1);
	put16(d + 6, k ? 1 : 0);
	put16(d + 8, 0);
	put16(d + 10, 0);
	*q++ = 7;
	*q++ = 'n';
	for (int i = 0; i < 6; i++)
		*q++ = (uint8_t)hex[(h >> (4 * i)) & 15];
	memcpy(q, "\7example\3com", 13);
	q += 13;
	q = put16(q, 1);
	q = put16(q, 1);
	if (k) {
		q = put16(q, 0xc00c);
		q = put16(q, 1);
		q = put16(q, 1);
		q = put32(q, 300);
		q = put16(q, 4);
		q = put32(q, p->f.server);
	}
	return (uint32_t)(q - d);
}

/* Write the next packet of flow p (k-th of total: TCP opens with SYN,
 * SYN-ACK and closes with FIN from each side). */
static int put_packet(struct pcapw *w, struct pflow *p)
{
	uint32_t k = p->total - p->left;
	int tcp = p->f.proto == 6;
	int reply = k == 1 || (k > 1 && (rnd() & 1));
	uint32_t l4 = tcp ? 20 : 8;
	uint32_t payload = (uint32_t)(rnd() % 1200);
	uint32_t iplen, caplen;
	uint8_t *e = w->frame, *ip = e + 14, *t = ip + 20, flags = 0x18;

	if (tcp && (k < 2 || p->left <= 2))
		payload = 0;
	if (!tcp && p->f.sport == 53)
		payload = dns_payload(t + 8, p, k);
	if (tcp) {
		if (k == 0)
			flags = 0x02;
		else if (k == 1)
			flags = 0x12;
		else if (p->left == 2)
			flags = 0x11, reply = 0;
		else if (p->left == 1)
			flags = 0x11, reply = 1;
		else if (payload == 0)
			flags = 0x10;
	}
	iplen = 20 + l4 + payload;
	memset(w->frame, 0, 14 + 20 + l4);
	memcpy(e, reply ? "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02"
			: "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01",
	       12);
	put16(e + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, iplen);
	put16(ip + 4, p->ipid++);
	put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = p->f.proto;
	put32(ip + 12, reply ? p->f.server : p->f.client);
	put32(ip + 16, reply ? p->f.client : p->f.server);
	put16(ip + 10, ip_csum(ip));
	put16(t, reply ? p->f.sport : p->f.cport);
	put16(t + 2, reply ? p->f.cport : p->f.sport);
	if (tcp) {
		put32(t + 4, (uint32_t)rnd());
		put32(t + 8, k ? (uint32_t)rnd() : 0);
		t[12] = 0x50;
		t[13] = flags;
		put16(t + 14, 65535);
	} else {
		put16(t + 4, 8 + payload);
	}
	caplen = 14 + iplen;
	if (caplen > w->snaplen)
		caplen = w->snaplen;
	if (caplen > 14 + 20 + l4 && !(!tcp && p->f.sport == 53))
		memset(t + l4, 0, caplen - (14 + 20 + l4));
	uint8_t rec[16];
	w->ts_us += 1 + rnd() % 3; /* ~500 k packets/s of capture time */
	le32(rec, (uint32_t)(w->ts_us / 1000000));
	le32(rec + 4, (uint32_t)(w->ts_us % 1000000));
	le32(rec + 8, caplen);
	le32(rec + 12, 14 + iplen);
	if (fwrite(rec, 1, 16, w->fp) != 16 || fwrite(w->frame, 1, caplen, w->fp) != caplen)
		return -1;
	w->packets++;
	w->bytes += 14 + iplen;
	p->left--;
	return 0;
}

static void new_pflow(struct pflow *p, uint32_t ppf)
{
	gen_flow(&p->f);
	if (p->f.proto == 6) {
		/* at least SYN, SYN-ACK, FIN, FIN; mean about ppf */
		p->total = 4 + (uint32_t)(rnd() % (2 * (ppf > 4 ? ppf - 4 : 1) + 1));
	} else if (p->f.sport == 53) {
		p->total = 2; /* a query and its answer */
	} else {
		p->total = 1 + (uint32_t)(rnd() % (2 * ppf - 1));
	}
	p->left = p->total;
	p->ipid = p->ipid0 = (uint16_t)rnd();
}

static int run_pcap(const char *file, uint64_t nflows, uint32_t ppf, uint32_t window,
		    uint32_t snaplen)
{
	struct pcapw *w = calloc(1, sizeof(*w));
	struct pflow *act = calloc(window, sizeof(*act));
	uint64_t started = 0;
	uint32_t nact = 0;
	uint8_t gh[24];
	int rc = 1;

	if (!w || !act) {
		fprintf(stderr, "bench_nfgen: out of memory\n");
		goto out;
	}
	w->fp = fopen(file, "wb");
	if (!w->fp) {
		perror(file);
		goto out;
	}
	w->snaplen = snaplen;
	w->ts_us = 1700000000ull * 1000000;
	le32(gh, 0xa1b2c3d4); /* libpcap classic, microseconds */
	gh[4] = 2, gh[5] = 0, gh[6] = 4, gh[7] = 0;
	le32(gh + 8, 0);
	le32(gh + 12, 0);
	le32(gh + 16, snaplen);
	le32(gh + 20, 1); /* LINKTYPE_ETHERNET */
	if (fwrite(gh, 1, sizeof(gh), w->fp) != sizeof(gh))
		goto werr;
	/* W flows in progress; each step writes the next packet of a random
	 * one, and a finished flow's slot takes the next new flow. */
	while (nact < window && started < nflows) {
		new_pflow(&act[nact++], ppf);
		started++;
	}
	while (nact > 0) {
		uint32_t i = (uint32_t)(rnd() % nact);

		if (put_packet(w, &act[i]) != 0)
			goto werr;
		if (act[i].left == 0) {
			if (started < nflows) {
				new_pflow(&act[i], ppf);
				started++;
			} else {
				act[i] = act[--nact];
			}
		}
	}
	if (fclose(w->fp) != 0) {
		w->fp = NULL;
		goto werr;
	}
	w->fp = NULL;
	printf("nfgen pcap file=%s flows=%llu packets=%llu bytes=%llu\n", file,
	       (unsigned long long)nflows, (unsigned long long)w->packets,
	       (unsigned long long)w->bytes);
	rc = 0;
	goto out;
werr:
	perror(file);
out:
	if (w && w->fp)
		fclose(w->fp);
	free(w);
	free(act);
	return rc;
}

/* ---- main ---------------------------------------------------------- */

static int self_check(void)
{
	uint8_t set[SET_LEN], tmpl[TMPL_LEN];
	unsigned rec = 0;

	build_template(tmpl);
	build_set(set);
	for (int i = 0; i < TMPL_FIELDS; i++)
		rec += tmpl_fields[i][1];
	if (rec != REC_LEN || HDR_LEN + TMPL_LEN + SET_LEN > 1472 || SET_LEN % 4 != 0) {
		fprintf(stderr, "bench_nfgen: record layout is wrong\n");
		return 1;
	}
	printf("nfgen selfcheck record=%u datagram=%u with_template=%u "
	       "(use bench/bench_sensor.sh)\n",
	       rec, HDR_LEN + SET_LEN, HDR_LEN + TMPL_LEN + SET_LEN);
	return 0;
}

static const char usage[] =
	"usage: bench_nfgen --rate FLOWS_PER_S --seconds S --port P [--exporters E]\n"
	"                   [--batch B] [--template-every N] [--pool N] [--host 127.0.0.1]\n"
	"       bench_nfgen --intel N\n"
	"       bench_nfgen --pcap FILE --flows N [--ppf K] [--window W] [--snaplen L]\n";

static int num_arg(const char *name, const char *v, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	if (!v || lf_num_u64(v, strlen(v), min, max, 0, out) != 0) {
		fprintf(stderr, "bench_nfgen: %s wants a number in [%llu, %llu]\n", name,
			(unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sendopt o = {.rate = 0, .seconds = 0, .port = 0, .exporters = 4,
			    .batch = 32, .tmpl_every = 20, .pool = 32768,
			    .host = "127.0.0.1"};
	const char *pcap = NULL;
	uint64_t intel = 0, flows = 0, ppf = 8, window = 20000, snaplen = 128, v;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		int used = 1;

		if (strcmp(a, "--quick") == 0) {
			used = 0;
		} else if (strcmp(a, "--rate") == 0 || strcmp(a, "--seconds") == 0) {
			double d, max = a[2] == 'r' ? MAX_RATE : MAX_SECONDS;

			if (!val || lf_num_double(val, strlen(val), 0.001, max, &d) != 0) {
				fprintf(stderr, "bench_nfgen: %s wants a number in (0, %.0f]\n",
					a, max);
				return 2;
			}
			if (a[2] == 'r')
				o.rate = d;
			else
				o.seconds = d;
		} else if (strcmp(a, "--port") == 0) {
			if (num_arg(a, val, 1, 65535, &v))
				return 2;
			o.port = (uint32_t)v;
		} else if (strcmp(a, "--exporters") == 0) {
			if (num_arg(a, val, 1, MAX_EXPORTERS, &v))
				return 2;
			o.exporters = (uint32_t)v;
		} else if (strcmp(a, "--batch") == 0) {
			if (num_arg(a, val, 1, MAX_BATCH, &v))
				return 2;
			o.batch = (uint32_t)v;
		} else if (strcmp(a, "--template-every") == 0) {
			if (num_arg(a, val, 1, 100000, &v))
				return 2;
			o.tmpl_every = (uint32_t)v;
		} else if (strcmp(a, "--pool") == 0) {
			if (num_arg(a, val, 1, 1u << 20, &v))
				return 2;
			o.pool = (uint32_t)v;
		} else if (strcmp(a, "--host") == 0) {
			if (!val)
				return 2;
			o.host = val;
		} else if (strcmp(a, "--intel") == 0) {
			if (num_arg(a, val, 1, 100000000, &intel))
				return 2;
		} else if (strcmp(a, "--pcap") == 0) {
			if (!val)
				return 2;
			pcap = val;
		} else if (strcmp(a, "--flows") == 0) {
			if (num_arg(a, val, 1, MAX_PCAP_FLOWS, &flows))
				return 2;
		} else if (strcmp(a, "--ppf") == 0) {
			if (num_arg(a, val, 1, 1000, &ppf))
				return 2;
		} else if (strcmp(a, "--window") == 0) {
			if (num_arg(a, val, 1, 1000000, &window))
				return 2;
		} else if (strcmp(a, "--snaplen") == 0) {
			if (num_arg(a, val, 64, 65535, &snaplen))
				return 2;
		} else {
			fputs(usage, stderr);
			return 2;
		}
		i += used;
	}
	if (intel)
		return run_intel(intel);
	if (pcap) {
		if (!flows) {
			fputs(usage, stderr);
			return 2;
		}
		return run_pcap(pcap, flows, (uint32_t)ppf, (uint32_t)window, (uint32_t)snaplen);
	}
	if (o.rate == 0 && o.seconds == 0 && o.port == 0)
		return self_check();
	if (o.rate == 0 || o.seconds == 0 || o.port == 0) {
		fputs(usage, stderr);
		return 2;
	}
	return run_send(&o);
}
