/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Matching a flow against the indicator set, and the JSON lines the
 * sensor writes: sightings (docs/sensor.md has the schema) and flow
 * records. JSON is written by hand into an lf_buf: one sighting is a few
 * hundred bytes and the sensor writes many, so no intermediate tree.
 */
#include <string.h>

#include "core/err.h"
#include "match/match.h"

static void match_side(const struct lf_iocset *set, struct lf_dnslink *links,
		       const struct lf_addr *a, lf_time_t now,
		       struct lf_flow_match *m, int side)
{
	m->dns_name[side] = NULL;
	lf_iocset_match_addr(set, a, now, m->hits[side], LF_MATCH_MAX_HITS,
			     &m->n[side]);
	if (m->n[side] || !links)
		return;
	const char *name = lf_dnslink_lookup(links, a, now);
	if (!name)
		return;
	lf_iocset_match_domain(set, name, strlen(name), now, m->hits[side],
			       LF_MATCH_MAX_HITS, &m->n[side]);
	if (m->n[side])
		m->dns_name[side] = name;
}

size_t lf_match_flow(const struct lf_iocset *set, struct lf_dnslink *links,
		     const struct lf_flow *f, lf_time_t now,
		     struct lf_flow_match *m)
{
	match_side(set, links, &f->src, now, m, LF_MATCH_SRC);
	match_side(set, links, &f->dst, now, m, LF_MATCH_DST);
	return m->n[0] + m->n[1];
}

static int put_time(struct lf_buf *out, const char *key, lf_time_t t)
{
	char ts[LF_TIME_STRLEN];
	if (lf_time_format(t, 6, ts, sizeof(ts)) < 0)
		return lf_buf_printf(out, ",\"%s\":null", key);
	return lf_buf_printf(out, ",\"%s\":\"%s\"", key, ts);
}

static int put_addr(struct lf_buf *out, const char *key, const struct lf_addr *a)
{
	char s[LF_ADDR_STRLEN];
	if (a->af != LF_AF_V4 && a->af != LF_AF_V6)
		return lf_buf_printf(out, ",\"%s\":null", key);
	lf_addr_format(a, s, sizeof(s));
	return lf_buf_printf(out, ",\"%s\":\"%s\"", key, s);
}

static int put_str(struct lf_buf *out, const char *key, const char *v)
{
	int rc = lf_buf_printf(out, ",\"%s\":\"", key);
	if (rc == 0)
		rc = lf_buf_json_str(out, v, strlen(v));
	if (rc == 0)
		rc = lf_buf_putc(out, '"');
	return rc;
}

static int put_indicators(struct lf_buf *out, const struct lf_iocset *set,
			  const uint32_t *hits, size_t n, lf_time_t now)
{
	int rc = lf_buf_puts(out, "[");
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct lf_ioc *c = lf_iocset_get(set, hits[i]);
		const struct lf_source *s = lf_iocset_source_cget(set, c->source);
		rc = lf_buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
		if (rc == 0 && c->ref) {
			rc = lf_buf_putc(out, '"');
			if (rc == 0)
				rc = lf_buf_json_str(out, c->ref, strlen(c->ref));
			if (rc == 0)
				rc = lf_buf_putc(out, '"');
		} else if (rc == 0) {
			rc = lf_buf_puts(out, "null");
		}
		if (rc == 0)
			rc = put_str(out, "source", s ? s->name : "");
		if (rc == 0)
			rc = put_str(out, "type", lf_ioc_type_name((enum lf_ioc_type)c->type));
		if (rc == 0)
			rc = put_str(out, "value", c->value);
		if (rc == 0)
			rc = lf_buf_printf(out, ",\"confidence\":%u",
					   lf_iocset_confidence(set, c, now));
		if (rc == 0)
			rc = c->tlp ? put_str(out, "tlp", lf_tlp_name((enum lf_tlp)c->tlp))
				    : lf_buf_puts(out, ",\"tlp\":null");
		if (rc == 0)
			rc = lf_buf_putc(out, '}');
	}
	if (rc == 0)
		rc = lf_buf_putc(out, ']');
	return rc;
}

static const char *const src_names[] = {"", "netflow-v5", "netflow-v9", "ipfix", "sflow", "pcap"};

static int put_flow_fields(struct lf_buf *out, const struct lf_flow *f)
{
	int rc = 0;
	if (f->source < sizeof(src_names) / sizeof(src_names[0]) && f->source)
		rc = put_str(out, "input", src_names[f->source]);
	if (rc == 0)
		rc = put_time(out, "first", f->first);
	if (rc == 0)
		rc = put_time(out, "last", f->last);
	if (rc == 0)
		rc = put_addr(out, "exporter", &f->exporter);
	if (rc == 0)
		rc = put_addr(out, "src", &f->src);
	if (rc == 0)
		rc = put_addr(out, "dst", &f->dst);
	if (rc == 0)
		rc = lf_buf_printf(out,
				   ",\"sport\":%u,\"dport\":%u,\"proto\":%u,\"tcp_flags\":%u"
				   ",\"bytes\":%llu,\"packets\":%llu,\"bytes_raw\":%llu"
				   ",\"packets_raw\":%llu,\"sampling\":%u,\"in_if\":%u"
				   ",\"out_if\":%u,\"vlan\":%u",
				   f->sport, f->dport, f->proto, f->tcp_flags,
				   (unsigned long long)f->bytes,
				   (unsigned long long)f->packets,
				   (unsigned long long)f->bytes_raw,
				   (unsigned long long)f->packets_raw, f->sampling,
				   f->in_if, f->out_if, f->vlan);
	if (rc == 0 && (f->flags & LF_FLOW_F_BIFLOW))
		rc = lf_buf_printf(out, ",\"rev_bytes\":%llu,\"rev_packets\":%llu",
				   (unsigned long long)f->rev_bytes,
				   (unsigned long long)f->rev_packets);
	return rc;
}

int lf_match_flow_json(struct lf_buf *out, const char *sensor,
		       const struct lf_iocset *set, const struct lf_flow *f,
		       const struct lf_flow_match *m, lf_time_t now)
{
	size_t start = out->len;
	int rc = lf_buf_puts(out, "{\"kind\":\"flow\"");
	if (rc == 0)
		rc = put_time(out, "time", f->last);
	if (rc == 0)
		rc = put_str(out, "sensor", sensor);
	if (rc == 0)
		rc = put_flow_fields(out, f);
	for (int side = 0; side < 2 && rc == 0; side++) {
		if (!m->n[side])
			continue;
		size_t kept = m->n[side] < LF_MATCH_MAX_HITS ? m->n[side] : LF_MATCH_MAX_HITS;
		rc = lf_buf_printf(out, ",\"%s\":{\"indicators\":", side ? "dst_match" : "src_match");
		if (rc == 0)
			rc = put_indicators(out, set, m->hits[side], kept, now);
		if (rc == 0 && m->n[side] > kept)
			rc = lf_buf_printf(out, ",\"omitted\":%zu", m->n[side] - kept);
		if (rc == 0 && m->dns_name[side])
			rc = put_str(out, "dns", m->dns_name[side]);
		if (rc == 0)
			rc = lf_buf_putc(out, '}');
	}
	if (rc == 0)
		rc = lf_buf_puts(out, "}\n");
	if (rc) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return rc;
}

int lf_match_dns_json(struct lf_buf *out, const char *sensor,
		      const struct lf_iocset *set, lf_time_t ts,
		      const struct lf_addr *client, const struct lf_addr *server,
		      const char *qname, const char *name, uint16_t qtype,
		      const uint32_t *hits, size_t nhits, lf_time_t now)
{
	size_t start = out->len;
	int rc = lf_buf_puts(out, "{\"kind\":\"dns\"");
	if (rc == 0)
		rc = put_time(out, "time", ts);
	if (rc == 0)
		rc = put_str(out, "sensor", sensor);
	if (rc == 0)
		rc = put_addr(out, "client", client);
	if (rc == 0)
		rc = put_addr(out, "server", server);
	if (rc == 0)
		rc = put_str(out, "qname", qname);
	if (rc == 0)
		rc = put_str(out, "name", name);
	if (rc == 0)
		rc = lf_buf_printf(out, ",\"qtype\":%u,\"indicators\":", qtype);
	if (rc == 0)
		rc = put_indicators(out, set, hits, nhits, now);
	if (rc == 0)
		rc = lf_buf_puts(out, "}\n");
	if (rc) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return rc;
}

int lf_match_flow_record_json(struct lf_buf *out, const char *sensor,
			      const struct lf_flow *f)
{
	size_t start = out->len;
	int rc = lf_buf_puts(out, "{\"kind\":\"flowrec\"");
	if (rc == 0)
		rc = put_str(out, "sensor", sensor);
	if (rc == 0)
		rc = put_flow_fields(out, f);
	if (rc == 0)
		rc = lf_buf_puts(out, "}\n");
	if (rc) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	return rc;
}
