/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sensor.h — the `lianfang sensor` daemon's shared state. The daemon owns
 * the I/O; every decision about bytes is made by the pure libraries
 * (nf, sflow, pkt, flowtab, dns, match). One receive thread runs the
 * inputs and matching; a reload thread rebuilds the indicator set; the
 * metrics endpoint runs in libmicrohttpd's thread and only reads counters.
 */
#ifndef LF_SENSOR_SENSOR_H
#define LF_SENSOR_SENSOR_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "signal flags need lock-free atomics");
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "flow/flow.h"
#include "ioc/iocset.h"
#include "match/match.h"

#define LF_SENSOR_MAX_SOCKS 16
#define LF_SENSOR_MAX_FEEDS 256

enum lf_sock_kind { LF_SOCK_NETFLOW, LF_SOCK_SFLOW };

struct lf_sensor_sock {
	int fd;
	enum lf_sock_kind kind;
	char spec[64];
};

/* An output sink: a file, stdout, or a Unix stream socket. */
struct lf_sensor_out {
	const char *spec; /* as given; NULL = disabled */
	int fd;
	struct lf_buf buf;
	uint64_t lines, bytes, errors;
};

/* Counters the sensor itself keeps (the decoders keep their own). */
struct lf_sensor_counters {
	_Atomic uint64_t datagrams, datagram_bytes, datagram_errors, unknown_version;
	_Atomic uint64_t packets, packet_bytes, packet_errors;
	_Atomic uint64_t flows, flows_matched, sightings, dns_messages, dns_matched;
	_Atomic uint64_t dns_errors, reloads, reload_failures, out_errors;
	_Atomic uint64_t indicators;
};

struct lf_sensor {
	/* configuration */
	const char *id;
	struct lf_sensor_sock socks[LF_SENSOR_MAX_SOCKS];
	int nsocks;
	const char *pcap_file, *interface, *replay_file;
	const char *feeds[LF_SENSOR_MAX_FEEDS];
	int nfeeds;
	const char *metrics_listen;
	double duration;            /* seconds; 0 = until a signal */
	size_t max_flows;           /* flow table cap */
	size_t dnslink_cap;
	int quiet;

	/* state */
	_Atomic(struct lf_iocset *) set; /* current indicators; swapped on reload */
	struct lf_iocset *retired;        /* previous set, freed at a safe point */
	_Atomic int retire_pending;
	struct lf_dnslink *links;
	struct lf_sensor_out sightings, flows_out;
	struct lf_sensor_counters c;
	pthread_t reload_thread;
	int reload_started;
	/* Set by signal handlers and read by other threads: lock-free atomics
	 * are both async-signal-safe and race-free. */
	_Atomic int stop, want_reload, want_dump;
	pthread_mutex_t reload_mu;
	pthread_cond_t reload_cv;
	void *decoders; /* struct lf_sensor_dec, see decode.c */
	void *httpd;
};

int lf_cmd_sensor(int argc, char **argv);

/* intel.c: load every --intel feed into a new, built set. */
int lf_sensor_load_intel(struct lf_sensor *s, struct lf_iocset **out);
int lf_sensor_reload_start(struct lf_sensor *s);
void lf_sensor_reload_stop(struct lf_sensor *s);
/* Called by the receive thread between batches: frees a retired set. */
void lf_sensor_quiesce(struct lf_sensor *s);

/* out.c */
int lf_sensor_out_open(struct lf_sensor_out *o, const char *spec);
int lf_sensor_out_flush(struct lf_sensor_out *o);
void lf_sensor_out_close(struct lf_sensor_out *o);

/* metrics.c */
int lf_sensor_metrics_start(struct lf_sensor *s);
void lf_sensor_metrics_stop(struct lf_sensor *s);
/* Prometheus text exposition of every counter into b. */
int lf_sensor_metrics_text(struct lf_sensor *s, struct lf_buf *b);
void lf_sensor_dump_counters(struct lf_sensor *s, FILE *f);
/* Render the exposition for the HTTP thread (receive thread, 1/s). */
void lf_sensor_metrics_snapshot(struct lf_sensor *s);

/* decode.c: the decoders and what happens to their flows. */
int lf_sensor_dec_init(struct lf_sensor *s);
void lf_sensor_dec_free(struct lf_sensor *s);
void lf_sensor_on_datagram(struct lf_sensor *s, enum lf_sock_kind kind,
			   const struct lf_addr *from, uint16_t port,
			   lf_time_t now, const uint8_t *p, size_t n);
/* A captured frame: into the flow table and the DNS path, or, with
 * replay, its UDP payload into the export decoders. */
void lf_sensor_on_packet(struct lf_sensor *s, int linktype, lf_time_t ts,
			 const uint8_t *p, size_t caplen, size_t wirelen,
			 int replay);
void lf_sensor_tick(struct lf_sensor *s, lf_time_t now);
void lf_sensor_finish(struct lf_sensor *s, lf_time_t now);
int lf_sensor_dec_metrics(struct lf_sensor *s, struct lf_buf *b);

#endif
