/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `lianfang sensor` — flows and packets in, matches out. See
 * docs/sensor.md. This file parses options, opens the inputs and runs the
 * receive loop: recvmmsg batches from every UDP socket, or libpcap reading
 * a file or an interface; once a second a tick expires templates and idle
 * flows, flushes the outputs, renders metrics and frees a retired
 * indicator set.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/err.h"
#include "core/log.h"
#include "core/num.h"
#include "sensor/sensor.h"

#define BATCH 64
#define DGRAM_MAX 65536
#define RCVBUF (32 << 20)

static struct lf_sensor *g_sensor;

static void on_signal(int sig)
{
	if (!g_sensor)
		return;
	if (sig == SIGHUP)
		atomic_store(&g_sensor->want_reload, 1);
	else if (sig == SIGUSR1)
		atomic_store(&g_sensor->want_dump, 1);
	else
		atomic_store(&g_sensor->stop, 1);
}

static const char sensor_help[] =
	"usage: lianfang sensor [options]\n"
	"\n"
	"Collect flow exports and packets, match every flow and DNS name against\n"
	"indicators, and write sightings. See docs/sensor.md.\n"
	"\n"
	"Inputs (any number; with none, --netflow 127.0.0.1:2055):\n"
	"      --netflow [ADDR:]PORT  NetFlow v5/v9 and IPFIX over UDP (repeatable;\n"
	"                             ADDR defaults to 127.0.0.1, '[::]' or 0.0.0.0\n"
	"                             for every interface)\n"
	"      --sflow [ADDR:]PORT    sFlow v5 over UDP (repeatable)\n"
	"      --pcap FILE            packets from a capture file\n"
	"  -i, --interface IF         packets from a live interface (libpcap)\n"
	"      --replay FILE          decode the NetFlow/IPFIX/sFlow datagrams inside a\n"
	"                             capture as if they had arrived on a socket\n"
	"\n"
	"Matching and output:\n"
	"      --intel FILE           indicators (any format `lianfang intel` reads;\n"
	"                             repeatable); reloaded on SIGHUP or when a file\n"
	"                             changes, without dropping traffic\n"
	"      --id NAME              this sensor's id in sightings (default: host name)\n"
	"      --sightings FILE|-|unix:PATH\n"
	"                             where sightings go (default: stdout)\n"
	"      --flows-out FILE|-     also write every flow as a JSON line\n"
	"      --metrics ADDR:PORT    serve Prometheus metrics at /metrics\n"
	"      --max-flows N          packet flow table capacity (default 1000000)\n"
	"      --dns-links N          DNS link cache capacity (default 65536)\n"
	"      --duration SEC         stop after SEC seconds (default: run until\n"
	"                             SIGINT/SIGTERM; file inputs stop at their end)\n"
	"      --stats                print every counter to stderr at exit\n"
	"  -q, --quiet                log errors only\n"
	"\n"
	"Signals: SIGHUP reloads the indicators, SIGUSR1 dumps the counters to\n"
	"stderr, SIGINT/SIGTERM stop after flushing every flow.\n"
	"\n"
	"Exit status: 0 clean stop, 2 usage error, 3 an input, an output or the\n"
	"indicators could not be opened.\n";

/* "[ADDR:]PORT" -> bound UDP socket. */
static int open_udp(const char *spec, int *fdp)
{
	char host[64] = "127.0.0.1";
	const char *port = spec;
	const char *colon = strrchr(spec, ':');
	if (colon) {
		size_t hl = (size_t)(colon - spec);
		const char *h = spec;
		if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
			h++;
			hl -= 2;
		}
		if (hl == 0 || hl >= sizeof(host))
			return LF_EMALF;
		memcpy(host, h, hl);
		host[hl] = '\0';
		port = colon + 1;
	}
	uint32_t p;
	if (lf_num_u32(port, strlen(port), 1, 65535, &p))
		return LF_EMALF;
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
		sl = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
		sl = sizeof(*sin6);
	} else {
		return LF_EMALF;
	}
	int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	int one = 1, buf = RCVBUF, zero = 0;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	*fdp = fd;
	return 0;
}

static void from_sockaddr(const struct sockaddr_storage *ss, struct lf_addr *a,
			  uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
		lf_addr_from_v4(a, ntohl(sin->sin_addr.s_addr));
		*port = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
		const uint8_t *b = sin6->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(b, mapped, 12) == 0)
			lf_addr_from_v4(a, (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
					       (uint32_t)b[14] << 8 | b[15]);
		else
			lf_addr_from_v6(a, b);
		*port = ntohs(sin6->sin6_port);
	}
}

static lf_time_t mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void tick(struct lf_sensor *s, lf_time_t now)
{
	lf_sensor_tick(s, now);
	if (lf_sensor_out_flush(&s->sightings) || lf_sensor_out_flush(&s->flows_out))
		atomic_fetch_add(&s->c.out_errors, 1);
	lf_sensor_metrics_snapshot(s);
	lf_sensor_quiesce(s);
	if (atomic_exchange(&s->want_dump, 0)) {
		lf_sensor_dump_counters(s, stderr);
	}
}

struct rx {
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_storage from[BATCH];
	uint8_t *bufs;
};

static int run_udp(struct lf_sensor *s)
{
	struct rx *rx = calloc(1, sizeof(*rx));
	if (!rx)
		return -ENOMEM;
	rx->bufs = malloc((size_t)BATCH * DGRAM_MAX);
	if (!rx->bufs) {
		free(rx);
		return -ENOMEM;
	}
	struct pollfd pfd[LF_SENSOR_MAX_SOCKS];
	for (int i = 0; i < s->nsocks; i++) {
		pfd[i].fd = s->socks[i].fd;
		pfd[i].events = POLLIN;
	}
	time_t start = mono_s(), last_tick = start;
	while (!atomic_load(&s->stop)) {
		int pr = poll(pfd, (nfds_t)s->nsocks, 200);
		if (pr < 0 && errno != EINTR)
			break;
		for (int i = 0; pr > 0 && i < s->nsocks; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			/* Drain this socket in batches, bounded so a flood on one
			 * socket cannot starve the others or the tick. */
			for (int round = 0; round < 64; round++) {
				for (int k = 0; k < BATCH; k++) {
					rx->iov[k].iov_base = rx->bufs + (size_t)k * DGRAM_MAX;
					rx->iov[k].iov_len = DGRAM_MAX;
					memset(&rx->msgs[k].msg_hdr, 0, sizeof(rx->msgs[k].msg_hdr));
					rx->msgs[k].msg_hdr.msg_iov = &rx->iov[k];
					rx->msgs[k].msg_hdr.msg_iovlen = 1;
					rx->msgs[k].msg_hdr.msg_name = &rx->from[k];
					rx->msgs[k].msg_hdr.msg_namelen = sizeof(rx->from[k]);
				}
				int got = recvmmsg(pfd[i].fd, rx->msgs, BATCH, MSG_DONTWAIT, NULL);
				if (got <= 0)
					break;
				lf_time_t now = lf_time_now();
				for (int k = 0; k < got; k++) {
					struct lf_addr from;
					uint16_t port = 0;
					from_sockaddr(&rx->from[k], &from, &port);
					lf_sensor_on_datagram(s, s->socks[i].kind, &from, port, now,
							      rx->bufs + (size_t)k * DGRAM_MAX,
							      rx->msgs[k].msg_len);
				}
				if (got < BATCH)
					break;
			}
		}
		time_t t = mono_s();
		if (t != last_tick) {
			last_tick = t;
			tick(s, lf_time_now());
		}
		if (s->duration > 0 && (double)(t - start) >= s->duration)
			break;
	}
	free(rx->bufs);
	free(rx);
	return 0;
}

struct pcap_ctx {
	struct lf_sensor *s;
	int linktype, replay;
	lf_time_t last;
};

static void on_pcap(u_char *ud, const struct pcap_pkthdr *h, const u_char *data)
{
	struct pcap_ctx *c = (struct pcap_ctx *)ud;
	lf_time_t ts = (lf_time_t)h->ts.tv_sec * LF_USEC_PER_SEC + h->ts.tv_usec;
	c->last = ts;
	lf_sensor_on_packet(c->s, c->linktype, ts, data, h->caplen, h->len, c->replay);
}

static pcap_t *open_live(const char *dev, char *err)
{
	pcap_t *p = pcap_create(dev, err);
	if (!p)
		return NULL;
	pcap_set_snaplen(p, 65535);
	pcap_set_promisc(p, 1);
	pcap_set_timeout(p, 100);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, 64 << 20);
	int rc = pcap_activate(p);
	if (rc < 0) {
		snprintf(err, PCAP_ERRBUF_SIZE, "%s", pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	if (pcap_setnonblock(p, 1, err) != 0) {
		pcap_close(p);
		return NULL;
	}
	return p;
}

/*
 * A capture file or interface; replay: its UDP payloads are exports. A
 * file is read as fast as it goes, with packet time as the clock; an
 * interface is polled (non-blocking, so --duration and signals are seen
 * even when no packet comes) with the wall clock.
 */
static int run_pcap(struct lf_sensor *s, const char *src, int live, int replay)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = live ? open_live(src, err)
			 : pcap_open_offline_with_tstamp_precision(src, PCAP_TSTAMP_PRECISION_MICRO, err);
	if (!p) {
		lf_err("%s: %s", src, err);
		return -EIO;
	}
	struct pcap_ctx c = {.s = s, .linktype = pcap_datalink(p), .replay = replay};
	int fd = live ? pcap_get_selectable_fd(p) : -1;
	time_t start = mono_s(), last_tick = start;
	int rc = 0;
	while (!atomic_load(&s->stop)) {
		if (live && fd >= 0) {
			struct pollfd pfd = {.fd = fd, .events = POLLIN};
			poll(&pfd, 1, 200);
		}
		rc = pcap_dispatch(p, live ? 1024 : 4096, on_pcap, (u_char *)&c);
		if (rc < 0 || (!live && rc == 0))
			break;
		time_t t = mono_s();
		if (t != last_tick) {
			last_tick = t;
			tick(s, live ? lf_time_now() : c.last);
		}
		if (s->duration > 0 && (double)(t - start) >= s->duration)
			break;
	}
	if (rc == PCAP_ERROR)
		lf_err("%s: %s", src, pcap_geterr(p));
	pcap_close(p);
	lf_time_t end = live ? lf_time_now() : c.last;
	lf_sensor_finish(s, end);
	tick(s, end);
	return rc == PCAP_ERROR ? -EIO : 0;
}

int lf_cmd_sensor(int argc, char **argv)
{
	enum { O_NETFLOW = 1000, O_SFLOW, O_PCAP, O_REPLAY, O_INTEL, O_ID, O_SIGHT,
	       O_FLOWS, O_METRICS, O_MAXFLOWS, O_DNSLINKS, O_DURATION, O_STATS, O_HELP };
	static const struct option lo[] = {
		{"netflow", required_argument, NULL, O_NETFLOW},
		{"sflow", required_argument, NULL, O_SFLOW},
		{"pcap", required_argument, NULL, O_PCAP},
		{"interface", required_argument, NULL, 'i'},
		{"replay", required_argument, NULL, O_REPLAY},
		{"intel", required_argument, NULL, O_INTEL},
		{"id", required_argument, NULL, O_ID},
		{"sightings", required_argument, NULL, O_SIGHT},
		{"flows-out", required_argument, NULL, O_FLOWS},
		{"metrics", required_argument, NULL, O_METRICS},
		{"max-flows", required_argument, NULL, O_MAXFLOWS},
		{"dns-links", required_argument, NULL, O_DNSLINKS},
		{"duration", required_argument, NULL, O_DURATION},
		{"stats", no_argument, NULL, O_STATS},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, O_HELP},
		{0, 0, 0, 0}};
	static struct lf_sensor s;
	static char hostname[64];
	const char *sight = "-", *flows = NULL;
	int stats = 0, opt, rc = LF_EXIT_USAGE;
	memset(&s, 0, sizeof(s));
	s.max_flows = 1000000;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:q", lo, NULL)) != -1) {
		uint64_t v;
		switch (opt) {
		case O_HELP:
			fputs(sensor_help, stdout);
			return LF_EXIT_OK;
		case O_NETFLOW:
		case O_SFLOW:
			if (s.nsocks == LF_SENSOR_MAX_SOCKS) {
				fprintf(stderr, "lianfang sensor: at most %d sockets\n", LF_SENSOR_MAX_SOCKS);
				return LF_EXIT_USAGE;
			}
			s.socks[s.nsocks].kind = opt == O_NETFLOW ? LF_SOCK_NETFLOW : LF_SOCK_SFLOW;
			snprintf(s.socks[s.nsocks].spec, sizeof(s.socks[0].spec), "%s", optarg);
			s.socks[s.nsocks++].fd = -1;
			break;
		case O_PCAP: s.pcap_file = optarg; break;
		case 'i': s.interface = optarg; break;
		case O_REPLAY: s.replay_file = optarg; break;
		case O_INTEL:
			if (s.nfeeds == LF_SENSOR_MAX_FEEDS) {
				fprintf(stderr, "lianfang sensor: at most %d --intel\n", LF_SENSOR_MAX_FEEDS);
				return LF_EXIT_USAGE;
			}
			s.feeds[s.nfeeds++] = optarg;
			break;
		case O_ID: s.id = optarg; break;
		case O_SIGHT: sight = optarg; break;
		case O_FLOWS: flows = optarg; break;
		case O_METRICS: s.metrics_listen = optarg; break;
		case O_MAXFLOWS:
		case O_DNSLINKS:
			if (lf_num_u64(optarg, strlen(optarg), 1, 1u << 30, 0, &v)) {
				fprintf(stderr, "lianfang sensor: bad number '%s'\n", optarg);
				return LF_EXIT_USAGE;
			}
			if (opt == O_MAXFLOWS)
				s.max_flows = (size_t)v;
			else
				s.dnslink_cap = (size_t)v;
			break;
		case O_DURATION:
			if (lf_num_double(optarg, strlen(optarg), 0, 1e9, &s.duration)) {
				fprintf(stderr, "lianfang sensor: bad --duration '%s'\n", optarg);
				return LF_EXIT_USAGE;
			}
			break;
		case O_STATS: stats = 1; break;
		case 'q': s.quiet = 1; break;
		default:
			fprintf(stderr, "usage: lianfang sensor [options] (see --help)\n");
			return LF_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lianfang sensor: unexpected argument '%s'\n", argv[optind]);
		return LF_EXIT_USAGE;
	}
	if ((s.pcap_file != NULL) + (s.interface != NULL) + (s.replay_file != NULL) > 1) {
		fprintf(stderr, "lianfang sensor: --pcap, --interface and --replay exclude each other\n");
		return LF_EXIT_USAGE;
	}
	if (s.nsocks == 0 && !s.pcap_file && !s.interface && !s.replay_file) {
		s.socks[0].kind = LF_SOCK_NETFLOW;
		snprintf(s.socks[0].spec, sizeof(s.socks[0].spec), "127.0.0.1:2055");
		s.socks[0].fd = -1;
		s.nsocks = 1;
	}
	if (!s.id) {
		if (gethostname(hostname, sizeof(hostname) - 1) != 0)
			snprintf(hostname, sizeof(hostname), "sensor");
		s.id = hostname;
	}
	if (s.quiet)
		lf_log_set_level(LF_LOG_ERR);

	rc = LF_EXIT_FAIL;
	struct lf_iocset *set = NULL;
	int r = lf_sensor_load_intel(&s, &set);
	if (r) {
		fprintf(stderr, "lianfang sensor: indicators: %s\n", lf_strerror(r));
		return LF_EXIT_FAIL;
	}
	atomic_store(&s.set, set);
	atomic_store(&s.c.indicators, (uint64_t)lf_iocset_count(set));
	if ((r = lf_dnslink_new(s.dnslink_cap, &s.links)) ||
	    (r = lf_sensor_out_open(&s.sightings, sight)) ||
	    (r = lf_sensor_out_open(&s.flows_out, flows))) {
		fprintf(stderr, "lianfang sensor: output: %s\n", lf_strerror(r));
		goto out;
	}
	if ((r = lf_sensor_dec_init(&s))) {
		fprintf(stderr, "lianfang sensor: %s\n", lf_strerror(r));
		goto out;
	}
	for (int i = 0; i < s.nsocks; i++) {
		r = open_udp(s.socks[i].spec, &s.socks[i].fd);
		if (r) {
			fprintf(stderr, "lianfang sensor: cannot listen on %s: %s\n", s.socks[i].spec,
				lf_strerror(r));
			goto out;
		}
	}
	if (lf_sensor_metrics_start(&s))
		goto out;
	g_sensor = &s;
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	if (s.nfeeds && lf_sensor_reload_start(&s))
		goto out;
	lf_info("sensor %s: %zu indicators, %d sockets", s.id, lf_iocset_count(set), s.nsocks);
	if (s.replay_file)
		r = run_pcap(&s, s.replay_file, 0, 1);
	else if (s.pcap_file)
		r = run_pcap(&s, s.pcap_file, 0, 0);
	else if (s.interface)
		r = run_pcap(&s, s.interface, 1, 0);
	else
		r = run_udp(&s);
	if (!s.replay_file && !s.pcap_file && !s.interface)
		lf_sensor_finish(&s, lf_time_now());
	rc = r ? LF_EXIT_FAIL : LF_EXIT_OK;
out:
	lf_sensor_reload_stop(&s);
	lf_sensor_metrics_stop(&s);
	tick(&s, lf_time_now());
	if (stats)
		lf_sensor_dump_counters(&s, stderr);
	for (int i = 0; i < s.nsocks; i++)
		if (s.socks[i].fd >= 0)
			close(s.socks[i].fd);
	lf_sensor_dec_free(&s);
	lf_sensor_out_close(&s.sightings);
	lf_sensor_out_close(&s.flows_out);
	lf_dnslink_free(s.links);
	lf_iocset_free(atomic_load(&s.set));
	g_sensor = NULL;
	return rc;
}
