/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The sensor's decoders and what happens to their output. Each input's
 * pure decoder (nf, sflow, pkt + flowtab, dns) emits struct lf_flow records
 * or DNS messages; here every one of them is matched against the current
 * indicator set and written out. All of it runs on the receive thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "dns/dns.h"
#include "flowtab/flowtab.h"
#include "nf/nf.h"
#include "pkt/pkt.h"
#include "sensor/sensor.h"
#include "sflow/sflow.h"

struct lf_sensor_dec {
	struct lf_nf_ctx *nf;
	struct lf_sflow_ctx *sflow;
	struct lf_flowtab *ft;
	struct lf_pkt_stats pstats;
	uint64_t replay_non_udp;
	struct lf_dns_rr rrs[LF_DNS_ANSWERS_MAX]; /* ~128 KiB: not on the stack */
	struct lf_dns_msg msg;
};

static struct lf_sensor_dec *D(struct lf_sensor *s)
{
	return s->decoders;
}

int lf_sensor_dec_init(struct lf_sensor *s)
{
	struct lf_sensor_dec *d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	s->decoders = d;
	struct lf_nf_limits lim;
	lf_nf_limits_default(&lim);
	lim.hash_seed = (uint64_t)lf_time_now() ^ (uint64_t)(uintptr_t)d;
	int rc = lf_nf_new(&lim, &d->nf);
	if (rc == 0)
		rc = lf_sflow_new(NULL, &d->sflow);
	if (rc == 0) {
		struct lf_flowtab_cfg cfg = {.max_flows = (uint32_t)s->max_flows,
					     .seed = (uint64_t)lf_time_now()};
		rc = lf_flowtab_new(&cfg, &d->ft);
	}
	return rc;
}

void lf_sensor_dec_free(struct lf_sensor *s)
{
	struct lf_sensor_dec *d = D(s);
	if (!d)
		return;
	lf_nf_free(d->nf);
	lf_sflow_free(d->sflow);
	lf_flowtab_free(d->ft);
	free(d);
	s->decoders = NULL;
}

/* Every flow from every input ends here. */
static void on_flow(void *ud, const struct lf_flow *f)
{
	struct lf_sensor *s = ud;
	struct lf_iocset *set = atomic_load_explicit(&s->set, memory_order_acquire);
	atomic_fetch_add_explicit(&s->c.flows, 1, memory_order_relaxed);
	if (s->flows_out.spec &&
	    lf_match_flow_record_json(&s->flows_out.buf, s->id, f) != 0)
		s->flows_out.errors++;
	struct lf_flow_match m;
	if (lf_match_flow(set, s->links, f, f->last, &m) == 0)
		return;
	atomic_fetch_add_explicit(&s->c.flows_matched, 1, memory_order_relaxed);
	if (lf_match_flow_json(&s->sightings.buf, s->id, set, f, &m, f->last) == 0)
		atomic_fetch_add_explicit(&s->c.sightings, 1, memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&s->c.out_errors, 1, memory_order_relaxed);
	if (s->sightings.buf.len > (1u << 20))
		lf_sensor_out_flush(&s->sightings);
	if (s->flows_out.buf.len > (1u << 20))
		lf_sensor_out_flush(&s->flows_out);
}

void lf_sensor_on_datagram(struct lf_sensor *s, enum lf_sock_kind kind,
			   const struct lf_addr *from, uint16_t port,
			   lf_time_t now, const uint8_t *p, size_t n)
{
	struct lf_sensor_dec *d = D(s);
	atomic_fetch_add_explicit(&s->c.datagrams, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->c.datagram_bytes, n, memory_order_relaxed);
	int rc = kind == LF_SOCK_SFLOW
			 ? lf_sflow_decode(d->sflow, from, now, p, n, on_flow, s)
			 : lf_nf_decode(d->nf, from, port, now, p, n, on_flow, s);
	if (rc)
		atomic_fetch_add_explicit(&s->c.datagram_errors, 1, memory_order_relaxed);
}

/* Match a DNS name (and, for names with odd labels, their clean tail). */
static size_t match_name(const struct lf_iocset *set, const char *name, lf_time_t ts,
			 uint32_t *hits)
{
	size_t n = 0;
	const char *clean = lf_dns_host_suffix(name);
	if (clean && clean[0])
		lf_iocset_match_domain(set, clean, strlen(clean), ts, hits, LF_MATCH_MAX_HITS,
				       &n);
	return n;
}

struct chain_ctx {
	struct lf_sensor *s;
	const struct lf_iocset *set;
	lf_time_t ts;
	size_t qhits;
};

/* One (names -> address) binding of a response: if any name on the chain
 * matches, link the address to the first name that does. */
static void on_binding(void *ud, const struct lf_dns_binding *b)
{
	struct chain_ctx *c = ud;
	uint32_t hits[LF_MATCH_MAX_HITS];
	for (size_t i = 0; i < b->nnames; i++) {
		if (match_name(c->set, b->names[i], c->ts, hits) == 0)
			continue;
		const char *clean = lf_dns_host_suffix(b->names[i]);
		lf_dnslink_add(c->s->links, &b->rr->addr, clean, strlen(clean), c->ts,
			       (lf_time_t)b->ttl * LF_USEC_PER_SEC);
		return;
	}
}

/* A DNS message seen on port 53: match the question and the names on the
 * answer chain, and link the addresses of matching names. */
static void on_dns_msg(struct lf_sensor *s, const uint8_t *wire, size_t len,
		       const struct lf_pkt *pk, lf_time_t ts)
{
	struct lf_sensor_dec *d = s->decoders;
	struct lf_iocset *set = atomic_load_explicit(&s->set, memory_order_acquire);
	struct lf_dns_msg *msg = &d->msg;
	int rc = lf_dns_parse(wire, len, d->rrs, LF_DNS_ANSWERS_MAX, msg);
	atomic_fetch_add_explicit(&s->c.dns_messages, 1, memory_order_relaxed);
	if (rc)
		atomic_fetch_add_explicit(&s->c.dns_errors, 1, memory_order_relaxed);
	if (rc && rc != LF_EMALF)
		return;
	/* On LF_EMALF the header, question and kept answers are still valid:
	 * whoever crafted the message controls its tail, so match them. */
	int resp = msg->qr;
	const struct lf_addr *client = resp ? &pk->dst : &pk->src;
	const struct lf_addr *server = resp ? &pk->src : &pk->dst;
	uint32_t hits[LF_MATCH_MAX_HITS];
	size_t nh = msg->qname[0] ? match_name(set, msg->qname, ts, hits) : 0;
	if (nh) {
		atomic_fetch_add_explicit(&s->c.dns_matched, 1, memory_order_relaxed);
		if (lf_match_dns_json(&s->sightings.buf, s->id, set, ts, client, server,
				      msg->qname, lf_dns_host_suffix(msg->qname), msg->qtype,
				      hits, nh < LF_MATCH_MAX_HITS ? nh : LF_MATCH_MAX_HITS,
				      ts) == 0)
			atomic_fetch_add_explicit(&s->c.sightings, 1, memory_order_relaxed);
	}
	if (resp && rc == 0) {
		struct chain_ctx c = {.s = s, .set = set, .ts = ts, .qhits = nh};
		lf_dns_chain(msg, on_binding, &c, NULL);
	}
}

struct tcp_ctx {
	struct lf_sensor *s;
	const struct lf_pkt *pk;
	lf_time_t ts;
};

static void on_tcp_frame(void *ud, const uint8_t *m, size_t len)
{
	struct tcp_ctx *c = ud;
	on_dns_msg(c->s, m, len, c->pk, c->ts);
}

void lf_sensor_on_packet(struct lf_sensor *s, int linktype, lf_time_t ts,
			 const uint8_t *p, size_t caplen, size_t wirelen,
			 int replay)
{
	struct lf_sensor_dec *d = D(s);
	struct lf_pkt pk;
	atomic_fetch_add_explicit(&s->c.packets, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->c.packet_bytes, wirelen, memory_order_relaxed);
	int rc = lf_pkt_decode(linktype, p, caplen, wirelen, ts, &pk);
	lf_pkt_stats_add(&d->pstats, rc, &pk);
	if (rc) {
		atomic_fetch_add_explicit(&s->c.packet_errors, 1, memory_order_relaxed);
		return;
	}
	if (replay) {
		if (pk.proto != 17 || pk.frag == LF_PKT_FRAG_LATER) {
			d->replay_non_udp++;
			return;
		}
		/* sFlow starts with the 32-bit version 5; NetFlow with a 16-bit
		 * version 5, 9 or 10. */
		int sflow = pk.payload_len >= 4 && pk.payload[0] == 0 && pk.payload[1] == 0 &&
			    pk.payload[2] == 0 && pk.payload[3] == 5;
		lf_sensor_on_datagram(s, sflow ? LF_SOCK_SFLOW : LF_SOCK_NETFLOW, &pk.src,
				      pk.sport, ts, pk.payload, pk.payload_len);
		return;
	}
	if ((pk.sport == 53 || pk.dport == 53) && pk.payload_len > 0) {
		if (pk.proto == 17) {
			on_dns_msg(s, pk.payload, pk.payload_len, &pk, ts);
		} else if (pk.proto == 6) {
			/* Messages lying whole in one segment; the rest is counted
			 * by the splitter, not reassembled. */
			struct tcp_ctx c = {.s = s, .pk = &pk, .ts = ts};
			lf_dns_tcp_frames(pk.payload, pk.payload_len, on_tcp_frame, &c, NULL,
					  NULL);
		}
	}
	lf_flowtab_add(d->ft, &pk, on_flow, s);
}

void lf_sensor_tick(struct lf_sensor *s, lf_time_t now)
{
	struct lf_sensor_dec *d = D(s);
	if (!d)
		return;
	lf_nf_expire(d->nf, now);
	lf_flowtab_expire(d->ft, now, on_flow, s);
}

void lf_sensor_finish(struct lf_sensor *s, lf_time_t now)
{
	(void)now;
	struct lf_sensor_dec *d = D(s);
	if (d)
		lf_flowtab_flush(d->ft, on_flow, s);
}

/* One Prometheus sample line; the TYPE line is written by the caller. */
static int sample(struct lf_buf *b, const char *name, const char *sensor,
		  const char *lk, const char *lv, uint64_t v)
{
	if (lk)
		return lf_buf_printf(b, "lianfang_%s{sensor=\"%s\",%s=\"%s\"} %llu\n", name,
				     sensor, lk, lv, (unsigned long long)v);
	return lf_buf_printf(b, "lianfang_%s{sensor=\"%s\"} %llu\n", name, sensor,
			     (unsigned long long)v);
}

static int type_line(struct lf_buf *b, const char *name, const char *help)
{
	return lf_buf_printf(b, "# HELP lianfang_%s %s\n# TYPE lianfang_%s counter\n", name,
			     help, name);
}

int lf_sensor_dec_metrics(struct lf_sensor *s, struct lf_buf *b)
{
	struct lf_sensor_dec *d = D(s);
	if (!d)
		return 0;
	const char *id = s->id;
	int rc = 0;

	/* NetFlow v5 / v9 / IPFIX */
	const struct lf_nf_counters *nc = lf_nf_counters(d->nf);
	static const char *const ver[LF_NF_NVER] = {"5", "9", "10"};
	rc |= type_line(b, "netflow_datagrams_total", "export datagrams whose header decoded");
	for (int v = 0; v < LF_NF_NVER; v++)
		rc |= sample(b, "netflow_datagrams_total", id, "version", ver[v], nc->datagrams[v]);
	const struct {
		const char *name, *help;
		uint64_t v;
	} nf[] = {
		{"netflow_flows_total", "flow records decoded", nc->flows},
		{"netflow_bad_datagrams_total", "datagrams with a malformed part", nc->datagrams_bad},
		{"netflow_templates_total", "templates added", nc->templates_added},
		{"netflow_templates_replaced_total", "templates redefined", nc->templates_replaced},
		{"netflow_templates_withdrawn_total", "IPFIX template withdrawals", nc->templates_withdrawn},
		{"netflow_templates_expired_total", "templates expired", nc->templates_expired},
		{"netflow_template_misses_total", "data sets without a template", nc->template_misses},
		{"netflow_pending_held_total", "data sets held for their template", nc->pending_held},
		{"netflow_pending_decoded_total", "held data sets decoded", nc->pending_decoded},
		{"netflow_pending_dropped_total", "held data sets dropped", nc->pending_dropped},
		{"netflow_pending_expired_total", "held data sets expired", nc->pending_expired},
		{"netflow_sequence_gaps_total", "sequence number gaps", nc->seq_gaps},
		{"netflow_lost_packets_total", "estimated lost v9 packets", nc->lost_packets},
		{"netflow_lost_records_total", "estimated lost v5/IPFIX records", nc->lost_records},
		{"netflow_sequence_resets_total", "exporter restarts", nc->seq_resets},
	};
	for (size_t i = 0; i < sizeof(nf) / sizeof(nf[0]); i++) {
		rc |= type_line(b, nf[i].name, nf[i].help);
		rc |= sample(b, nf[i].name, id, NULL, NULL, nf[i].v);
	}
	rc |= type_line(b, "netflow_malformed_total", "malformed export parts by kind");
	for (int k = 0; k < LF_NF_MALF_MAX; k++)
		rc |= sample(b, "netflow_malformed_total", id, "kind",
			     lf_nf_malf_name((enum lf_nf_malf)k), nc->malformed[k]);
	rc |= type_line(b, "netflow_cap_hits_total", "limits hit by kind");
	for (int k = 0; k < LF_NF_CAP_MAX; k++)
		rc |= sample(b, "netflow_cap_hits_total", id, "kind",
			     lf_nf_cap_name((enum lf_nf_cap)k), nc->cap_hits[k]);

	/* sFlow */
	const struct lf_sflow_counters *sc = lf_sflow_counters(d->sflow);
	rc |= type_line(b, "sflow_datagrams_total", "sFlow v5 datagrams");
	rc |= sample(b, "sflow_datagrams_total", id, NULL, NULL, sc->datagrams);
	rc |= type_line(b, "sflow_flows_total", "flows from flow samples");
	rc |= sample(b, "sflow_flows_total", id, NULL, NULL, sc->flows);
	rc |= type_line(b, "sflow_counter_samples_total", "counter samples");
	rc |= sample(b, "sflow_counter_samples_total", id, NULL, NULL, sc->counter_samples);
	rc |= type_line(b, "sflow_lost_datagrams_total", "estimated lost datagrams");
	rc |= sample(b, "sflow_lost_datagrams_total", id, NULL, NULL, sc->lost_datagrams);
	rc |= type_line(b, "sflow_malformed_total", "malformed sFlow parts by kind");
	for (int k = 0; k < LF_SFLOW_BAD_MAX; k++)
		rc |= sample(b, "sflow_malformed_total", id, "kind",
			     lf_sflow_bad_name((enum lf_sflow_bad)k), sc->malformed[k]);

	/* packets and the flow table */
	rc |= type_line(b, "packet_errors_total", "packets that did not decode, by kind");
	for (unsigned k = 1; k < LF_PKT_E_COUNT; k++)
		rc |= sample(b, "packet_errors_total", id, "kind", lf_pkt_err_name(k),
			     d->pstats.err[k]);
	struct lf_flowtab_stats ft;
	lf_flowtab_stats(d->ft, &ft);
	static const char *const why[LF_FLOWTAB_END_COUNT] = {"idle", "active", "fin",
							       "rst", "evict", "flush"};
	rc |= type_line(b, "flowtab_emitted_total", "flow records by end reason");
	for (int k = 0; k < LF_FLOWTAB_END_COUNT; k++)
		rc |= sample(b, "flowtab_emitted_total", id, "reason", why[k], ft.emitted[k]);
	rc |= type_line(b, "flowtab_evictions_total", "flows evicted by the memory cap");
	rc |= sample(b, "flowtab_evictions_total", id, NULL, NULL, ft.evictions);
	rc |= lf_buf_printf(b, "# TYPE lianfang_flowtab_flows gauge\n");
	rc |= sample(b, "flowtab_flows", id, NULL, NULL, ft.flows);

	/* the DNS link cache */
	const struct lf_dnslink_stats *ls = lf_dnslink_stats(s->links);
	rc |= type_line(b, "dnslink_added_total", "addresses linked to matching names");
	rc |= sample(b, "dnslink_added_total", id, NULL, NULL, ls->added);
	rc |= type_line(b, "dnslink_evicted_total", "links evicted before expiry");
	rc |= sample(b, "dnslink_evicted_total", id, NULL, NULL, ls->evicted);
	rc |= type_line(b, "dnslink_hits_total", "flows attributed through a link lookup");
	rc |= sample(b, "dnslink_hits_total", id, NULL, NULL, ls->hits);
	return rc ? LF_ELIMIT : 0;
}
