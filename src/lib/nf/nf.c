/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nf.c — the decoder's context, the dispatch on the version field, the set
 * walk v9 and IPFIX share, sequence numbers, counters and names.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/rd.h"
#include "nf/nf_int.h"

void lf_nf_limits_default(struct lf_nf_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_exporters = LF_NF_DEF_EXPORTERS;
	lim->max_domains = LF_NF_DEF_DOMAINS;
	lim->max_templates = LF_NF_DEF_TEMPLATES;
	lim->max_fields = LF_NF_DEF_FIELDS;
	lim->max_samplers = LF_NF_DEF_SAMPLERS;
	lim->max_ifnames = LF_NF_DEF_IFNAMES;
	lim->state_bytes = LF_NF_DEF_STATE_BYTES;
	lim->pending_bytes = LF_NF_DEF_PENDING_BYTES;
	lim->template_timeout = LF_NF_DEF_TEMPLATE_TIMEOUT;
	lim->pending_timeout = LF_NF_DEF_PENDING_TIMEOUT;
}

int lf_nf_new(const struct lf_nf_limits *lim, struct lf_nf_ctx **out)
{
	struct lf_nf_limits l, d;
	struct lf_nf_ctx *c;
	size_t nb = 1;

	if (!out)
		return -EINVAL;
	lf_nf_limits_default(&d);
	if (lim)
		l = *lim;
	else
		l = d;
	if (l.max_fields > 65535 || l.template_timeout < 0 ||
	    l.pending_timeout < 0 || l.max_exporters > (SIZE_MAX >> 4))
		return -EINVAL;
	if (!l.max_exporters)
		l.max_exporters = d.max_exporters;
	if (!l.max_domains)
		l.max_domains = d.max_domains;
	if (!l.max_templates)
		l.max_templates = d.max_templates;
	if (!l.max_fields)
		l.max_fields = d.max_fields;
	if (!l.max_samplers)
		l.max_samplers = d.max_samplers;
	if (!l.max_ifnames)
		l.max_ifnames = d.max_ifnames;
	if (!l.state_bytes)
		l.state_bytes = d.state_bytes;
	if (!l.pending_bytes)
		l.pending_bytes = d.pending_bytes;
	if (!l.template_timeout)
		l.template_timeout = d.template_timeout;
	if (!l.pending_timeout)
		l.pending_timeout = d.pending_timeout;

	/* buckets: the power of two at or above max_exporters, at most 2^20
	 * (longer chains beyond that are fine) */
	while (nb < l.max_exporters && nb < ((size_t)1 << 20))
		nb <<= 1;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->lim = l;
	c->nbucket = nb;
	c->bucket = calloc(nb, sizeof(c->bucket[0]));
	c->scratch = calloc(l.max_fields, sizeof(c->scratch[0]));
	if (!c->bucket || !c->scratch) {
		free(c->bucket);
		free(c->scratch);
		free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

void lf_nf_free(struct lf_nf_ctx *c)
{
	if (!c)
		return;
	lf_nf_state_free(c);
	free(c->bucket);
	free(c->scratch);
	free(c);
}

const struct lf_nf_counters *lf_nf_counters(const struct lf_nf_ctx *c)
{
	return &c->cnt;
}

void lf_nf_expire(struct lf_nf_ctx *c, lf_time_t now)
{
	if (c)
		lf_nf_state_expire(c, now);
}

void lf_nf_malf(struct nf_msg *m, enum lf_nf_malf kind)
{
	m->c->cnt.malformed[kind]++;
	m->bad = 1;
}

int lf_nf_rest_zero(const struct lf_rd *r)
{
	struct lf_rd peek = *r;
	size_t n = lf_rd_left(&peek);
	const uint8_t *p = lf_rd_ptr(&peek, n);

	for (size_t i = 0; p && i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

int lf_nf_seq_check(struct nf_msg *m, uint32_t seq, uint32_t window)
{
	struct lf_nf_counters *cnt = &m->c->cnt;
	struct nf_dom *d = m->dom;
	uint32_t ahead, behind;

	if (!d->seq_valid)
		return 1;
	ahead = seq - d->seq_next; /* mod 2^32: wraps are plain gaps */
	behind = d->seq_next - seq;
	if (ahead == 0)
		return 1;
	if (ahead <= window) {
		cnt->seq_gaps++;
		if (d->version == 9)
			cnt->lost_packets += ahead;
		else
			cnt->lost_records += ahead;
		d->lost += ahead;
		return 1;
	}
	if (behind <= window) {
		cnt->seq_reorders++;
		return 0;
	}
	cnt->seq_resets++;
	return 1;
}

void lf_nf_data(struct nf_msg *m, uint16_t tid, const uint8_t *p, size_t len)
{
	const struct nf_tmpl *t = lf_nf_tmpl_find(m->dom, tid);

	if (!t) {
		m->c->cnt.template_misses++;
		m->undecoded = 1;
		lf_nf_pend_hold(m, tid, p, len);
		return;
	}
	lf_nf_data_set(m, t, p, len);
}

/* The whole of set reader s as a data set for template id. */
static void data_set(struct nf_msg *m, uint16_t id, struct lf_rd *s)
{
	size_t n = lf_rd_left(s);

	lf_nf_data(m, id, lf_rd_ptr(s, n), n);
}

size_t lf_nf_sets(struct nf_msg *m, struct lf_rd *r)
{
	size_t nsets = 0;

	while (lf_rd_left(r) > 0) {
		struct lf_rd s, h;
		uint16_t id, len;

		if (lf_rd_left(r) < 4) {
			if (!lf_nf_rest_zero(r))
				lf_nf_malf(m, LF_NF_MALF_TRAILING);
			break;
		}
		h = *r; /* peek: a zero tail is checked from the set start */
		id = lf_rd_u16(&h);
		len = lf_rd_u16(&h);
		if (len < 4) {
			/* a zero-filled tail after the last set is padding
			 * some exporters add; anything else is a lie */
			if (!lf_nf_rest_zero(r))
				lf_nf_malf(m, LF_NF_MALF_BAD_SET_LENGTH);
			break;
		}
		*r = h;
		if ((size_t)len - 4 > lf_rd_left(r)) {
			/* FastNetMon CVE-2026-48683: a set past the packet */
			lf_nf_malf(m, LF_NF_MALF_BAD_SET_LENGTH);
			break;
		}
		lf_rd_sub(r, (size_t)len - 4, &s);
		nsets++;
		if (m->version == 9) {
			/* RFC 3954 §5: 0 template, 1 options, 2..255 reserved */
			if (id == 0)
				lf_nf_v9_templates(m, &s);
			else if (id == 1)
				lf_nf_v9_options(m, &s);
			else if (id < 256) {
				m->c->cnt.sets_skipped++;
				m->undecoded = 1;
			} else
				data_set(m, id, &s);
		} else {
			/* RFC 7011 §3.3.2: 2 template, 3 options template,
			 * 0, 1 and 4..255 reserved */
			if (id == 2)
				lf_nf_ipfix_templates(m, &s, 0);
			else if (id == 3)
				lf_nf_ipfix_templates(m, &s, 1);
			else if (id < 256) {
				m->c->cnt.sets_skipped++;
				m->undecoded = 1;
			} else
				data_set(m, id, &s);
		}
	}
	return nsets;
}

int lf_nf_decode(struct lf_nf_ctx *c, const struct lf_addr *exporter,
		 uint16_t port, lf_time_t now, const uint8_t *pkt, size_t len,
		 lf_flow_cb cb, void *ud)
{
	struct nf_msg m;
	unsigned version;
	int rc;

	if (!c || !exporter || (!pkt && len))
		return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.cb = cb;
	m.ud = ud;
	m.now = now;
	if (len < 2) {
		lf_nf_malf(&m, LF_NF_MALF_SHORT_HEADER);
		c->cnt.datagrams_bad++;
		return LF_EMALF;
	}
	version = (unsigned)pkt[0] << 8 | pkt[1];
	switch (version) {
	case 5:
		rc = lf_nf_v5_decode(&m, exporter, port, pkt, len);
		break;
	case 9:
		rc = lf_nf_v9_decode(&m, exporter, port, pkt, len);
		break;
	case 10:
		rc = lf_nf_ipfix_decode(&m, exporter, port, pkt, len);
		break;
	default:
		lf_nf_malf(&m, LF_NF_MALF_BAD_VERSION);
		c->cnt.datagrams_bad++;
		return LF_EFORMAT;
	}
	if (m.bad) {
		c->cnt.datagrams_bad++;
		if (rc == 0)
			rc = LF_EMALF;
	}
	return rc;
}

static const char *const malf_names[LF_NF_MALF_MAX] = {
	[LF_NF_MALF_SHORT_HEADER] = "short_header",
	[LF_NF_MALF_BAD_VERSION] = "bad_version",
	[LF_NF_MALF_BAD_LENGTH] = "bad_length",
	[LF_NF_MALF_BAD_COUNT] = "bad_count",
	[LF_NF_MALF_BAD_SET_LENGTH] = "set_length",
	[LF_NF_MALF_BAD_TEMPLATE] = "bad_template",
	[LF_NF_MALF_FIELD_LENGTH] = "field_length",
	[LF_NF_MALF_BAD_VARLEN] = "bad_varlen",
	[LF_NF_MALF_BAD_WITHDRAWAL] = "bad_withdrawal",
	[LF_NF_MALF_TRAILING] = "trailing",
};

static const char *const cap_names[LF_NF_CAP_MAX] = {
	[LF_NF_CAP_EXPORTERS] = "exporters",
	[LF_NF_CAP_DOMAINS] = "domains",
	[LF_NF_CAP_TEMPLATES] = "templates",
	[LF_NF_CAP_FIELDS] = "fields",
	[LF_NF_CAP_SAMPLERS] = "samplers",
	[LF_NF_CAP_IFNAMES] = "ifnames",
	[LF_NF_CAP_STATE] = "state_bytes",
	[LF_NF_CAP_PENDING] = "pending_bytes",
	[LF_NF_CAP_NOMEM] = "nomem",
};

const char *lf_nf_malf_name(enum lf_nf_malf kind)
{
	return (unsigned)kind < LF_NF_MALF_MAX ? malf_names[kind] : "?";
}

const char *lf_nf_cap_name(enum lf_nf_cap kind)
{
	return (unsigned)kind < LF_NF_CAP_MAX ? cap_names[kind] : "?";
}
