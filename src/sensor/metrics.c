/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Counters out: Prometheus text on --metrics ADDR:PORT (libmicrohttpd, its
 * own thread) and a JSON-ish dump on SIGUSR1. The decoders' counters are
 * plain fields owned by the receive thread, so the receive thread renders
 * the whole exposition once a second (lf_sensor_tick) into a snapshot the
 * HTTP thread serves under a mutex: no counter is read while written.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "core/num.h"
#include "sensor/sensor.h"

struct httpd {
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	char *snap;
	size_t snap_len;
};

#define C(name) atomic_load(&s->c.name)

int lf_sensor_metrics_text(struct lf_sensor *s, struct lf_buf *b)
{
	const struct {
		const char *name, *help;
		uint64_t v;
		int gauge;
	} m[] = {
		{"datagrams_total", "flow export datagrams received", C(datagrams), 0},
		{"datagram_bytes_total", "bytes of flow export datagrams", C(datagram_bytes), 0},
		{"datagram_errors_total", "datagrams that failed to decode", C(datagram_errors), 0},
		{"packets_total", "packets read from pcap", C(packets), 0},
		{"packet_errors_total", "packets that failed to decode", C(packet_errors), 0},
		{"flows_total", "flows decoded or built", C(flows), 0},
		{"flows_matched_total", "flows with at least one indicator", C(flows_matched), 0},
		{"sightings_total", "sightings written", C(sightings), 0},
		{"dns_messages_total", "DNS messages parsed", C(dns_messages), 0},
		{"dns_matched_total", "DNS names that matched", C(dns_matched), 0},
		{"dns_errors_total", "malformed DNS messages", C(dns_errors), 0},
		{"intel_reloads_total", "indicator reloads", C(reloads), 0},
		{"intel_reload_failures_total", "failed indicator reloads", C(reload_failures), 0},
		{"output_errors_total", "failed output writes", C(out_errors), 0},
		{"indicators", "indicators loaded", C(indicators), 1},
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]) && rc == 0; i++)
		rc = lf_buf_printf(b, "# HELP lianfang_sensor_%s %s\n# TYPE lianfang_sensor_%s %s\n"
				      "lianfang_sensor_%s{sensor=\"%s\"} %llu\n",
				   m[i].name, m[i].help, m[i].name,
				   m[i].gauge ? "gauge" : "counter", m[i].name, s->id,
				   (unsigned long long)m[i].v);
	if (rc == 0)
		rc = lf_sensor_dec_metrics(s, b);
	return rc;
}

void lf_sensor_dump_counters(struct lf_sensor *s, FILE *f)
{
	struct lf_buf b;
	lf_buf_init(&b, 0);
	if (lf_sensor_metrics_text(s, &b) == 0 && b.data) {
		/* the exposition without comments is the dump */
		char *line = b.data;
		while (line && *line) {
			char *nl = strchr(line, '\n');
			if (line[0] != '#')
				fprintf(f, "%.*s\n", (int)(nl ? nl - line : (long)strlen(line)), line);
			line = nl ? nl + 1 : NULL;
		}
		fflush(f);
	}
	lf_buf_free(&b);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version,
			      const char *upload, size_t *upload_len, void **ctx)
{
	(void)version;
	(void)upload;
	(void)upload_len;
	(void)ctx;
	struct httpd *h = cls;
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;
	if (strcmp(method, "GET") != 0) {
		static const char msg[] = "method not allowed\n";
		r = MHD_create_response_from_buffer(sizeof(msg) - 1, (void *)msg,
						    MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	} else if (strcmp(url, "/metrics") == 0) {
		pthread_mutex_lock(&h->mu);
		r = MHD_create_response_from_buffer(h->snap_len, h->snap ? h->snap : (char *)"",
						    MHD_RESPMEM_MUST_COPY);
		pthread_mutex_unlock(&h->mu);
		MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4");
	} else if (strcmp(url, "/healthz") == 0) {
		static const char ok[] = "ok\n";
		r = MHD_create_response_from_buffer(sizeof(ok) - 1, (void *)ok,
						    MHD_RESPMEM_PERSISTENT);
	} else {
		static const char nf[] = "not found\n";
		r = MHD_create_response_from_buffer(sizeof(nf) - 1, (void *)nf,
						    MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_FOUND;
	}
	if (!r)
		return MHD_NO;
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Parse "ADDR:PORT" (IPv4) or "[ADDR]:PORT" / "PORT" (127.0.0.1). */
static int parse_listen(const char *spec, struct sockaddr_storage *ss)
{
	const char *colon = strrchr(spec, ':');
	const char *port = colon ? colon + 1 : spec;
	uint32_t p;
	if (lf_num_u32(port, strlen(port), 1, 65535, &p))
		return LF_EMALF;
	memset(ss, 0, sizeof(*ss));
	char host[64] = "127.0.0.1";
	if (colon) {
		size_t hl = (size_t)(colon - spec);
		if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
			spec++;
			hl -= 2;
		}
		if (hl == 0 || hl >= sizeof(host))
			return LF_EMALF;
		memcpy(host, spec, hl);
		host[hl] = '\0';
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
		return 0;
	}
	return LF_EMALF;
}

int lf_sensor_metrics_start(struct lf_sensor *s)
{
	if (!s->metrics_listen)
		return 0;
	struct sockaddr_storage ss;
	if (parse_listen(s->metrics_listen, &ss)) {
		lf_err("--metrics: '%s' is not ADDR:PORT", s->metrics_listen);
		return LF_EMALF;
	}
	struct httpd *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	pthread_mutex_init(&h->mu, NULL);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, answer, h, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 64u,
				MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
	if (!h->d) {
		lf_err("--metrics: cannot listen on %s", s->metrics_listen);
		free(h);
		return -EADDRINUSE;
	}
	s->httpd = h;
	return 0;
}

void lf_sensor_metrics_snapshot(struct lf_sensor *s)
{
	struct httpd *h = s->httpd;
	if (!h)
		return;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	if (lf_sensor_metrics_text(s, &b) == 0) {
		size_t len;
		char *p = lf_buf_steal(&b, &len);
		pthread_mutex_lock(&h->mu);
		free(h->snap);
		h->snap = p;
		h->snap_len = len;
		pthread_mutex_unlock(&h->mu);
	}
	lf_buf_free(&b);
}

void lf_sensor_metrics_stop(struct lf_sensor *s)
{
	struct httpd *h = s->httpd;
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h->snap);
	pthread_mutex_destroy(&h->mu);
	free(h);
	s->httpd = NULL;
}
