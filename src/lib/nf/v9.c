/* SPDX-License-Identifier: Apache-2.0 */
/*
 * v9.c — NetFlow version 9 (RFC 3954).
 *
 *   header (20 bytes, §5.1)
 *     version(2)=9 count(2) sysUpTime(4, ms) unix_secs(4)
 *     sequence(4, export packets) source_id(4)
 *   flowsets, each id(2) length(2, including these 4) body:
 *     id 0  template flowset (§5.2): records of
 *           template_id(2) field_count(2) { type(2) length(2) } × count
 *     id 1  options template flowset (§6.1): records of
 *           template_id(2) scope_length(2) option_length(2)
 *           { type(2) length(2) } × (scope_length + option_length) / 4
 *           then padding to 4 bytes
 *     id 2..255 reserved; id >= 256 data flowset of that template (§5.3)
 *
 * v9 has no enterprise bit: a type of 32768 or more is just a vendor
 * number, unknown here and skipped by length. Scope field types (System 1,
 * Interface 2, Line Card 3, Cache 4, Template 5) have their own numbering;
 * an Interface scope is the ifIndex the options record talks about.
 *
 * The header's count is "the total number of records" (template, options
 * and data), but exporters disagree: Fortigate, nProbe and others send the
 * number of flowsets. A count that matches neither is counted as
 * malformed (LF_NF_MALF_BAD_COUNT) but changes nothing: the flowset
 * lengths, not the count, delimit the packet.
 */
#include "core/err.h"
#include "core/rd.h"
#include "nf/nf_int.h"

void lf_nf_v9_templates(struct nf_msg *m, struct lf_rd *s)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_field *f = c->scratch;

	while (lf_rd_left(s) >= 4) {
		uint16_t id, n;

		if (lf_nf_rest_zero(s))
			break; /* padding */
		id = lf_rd_u16(s);
		n = lf_rd_u16(s);
		if (id < 256 || n == 0 || (size_t)n * 4 > lf_rd_left(s)) {
			lf_nf_malf(m, LF_NF_MALF_BAD_TEMPLATE);
			return;
		}
		m->ntmplrec++;
		if (n > c->lim.max_fields) {
			c->cnt.cap_hits[LF_NF_CAP_FIELDS]++;
			lf_rd_skip(s, (size_t)n * 4);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			f[i].pen = 0;
			f[i].id = lf_rd_u16(s);
			f[i].len = lf_rd_u16(s);
			f[i].v9scope = 0;
		}
		(void)lf_nf_tmpl_define(m, id, 0, f, n, 0);
	}
}

void lf_nf_v9_options(struct nf_msg *m, struct lf_rd *s)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_field *f = c->scratch;

	/* what is left shorter than a record header is padding */
	while (lf_rd_left(s) >= 6) {
		uint16_t id, slen, olen;
		size_t n, nscope;

		if (lf_nf_rest_zero(s))
			break;
		id = lf_rd_u16(s);
		slen = lf_rd_u16(s);
		olen = lf_rd_u16(s);
		/* FastNetMon CVE-2026-48684: scope and option lengths that
		 * run past the flowset */
		if (id < 256 || slen % 4 || olen % 4 || slen + olen == 0 ||
		    (size_t)slen + olen > lf_rd_left(s)) {
			lf_nf_malf(m, LF_NF_MALF_BAD_TEMPLATE);
			return;
		}
		m->ntmplrec++;
		nscope = slen / 4u;
		n = nscope + olen / 4u;
		if (n > c->lim.max_fields) {
			c->cnt.cap_hits[LF_NF_CAP_FIELDS]++;
			lf_rd_skip(s, (size_t)slen + olen);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			f[i].pen = 0;
			f[i].id = lf_rd_u16(s);
			f[i].len = lf_rd_u16(s);
			f[i].v9scope = i < nscope;
		}
		(void)lf_nf_tmpl_define(m, id, 1, f, n, nscope);
	}
}

int lf_nf_v9_decode(struct nf_msg *m, const struct lf_addr *a,
		    uint16_t port, const uint8_t *pkt, size_t len)
{
	struct lf_nf_ctx *c = m->c;
	struct lf_rd r;
	struct nf_dom *d;
	uint16_t count;
	uint32_t uptime, secs, seq, srcid;
	size_t nsets;
	int rc, resync;

	lf_rd_init(&r, pkt, len);
	lf_rd_skip(&r, 2);
	count = lf_rd_u16(&r);
	uptime = lf_rd_u32(&r);
	secs = lf_rd_u32(&r);
	seq = lf_rd_u32(&r);
	srcid = lf_rd_u32(&r);
	if (lf_rd_err(&r)) {
		lf_nf_malf(m, LF_NF_MALF_SHORT_HEADER);
		return 0;
	}
	rc = lf_nf_dom_get(c, a, port, 9, srcid, m->now, &d);
	if (rc != 0)
		return rc;
	m->dom = d;
	m->version = 9;
	m->export_us = (lf_time_t)secs * LF_USEC_PER_SEC;
	m->uptime_ms = uptime;
	c->cnt.datagrams[LF_NF_V9]++;
	d->datagrams++;

	/* the uptime going back by more than a minute is a reboot; a few ms
	 * back is only a reordered packet */
	if (d->has_uptime && uptime < d->last_uptime &&
	    d->last_uptime - uptime > 60000u) {
		c->cnt.seq_resets++;
		d->seq_valid = 0;
	}
	resync = lf_nf_seq_check(m, seq, LF_NF_SEQ_WINDOW_PKTS);

	nsets = lf_nf_sets(m, &r);

	if (!m->bad && !m->undecoded && count != nsets &&
	    count != m->nrec + m->ntmplrec)
		lf_nf_malf(m, LF_NF_MALF_BAD_COUNT);
	if (resync) {
		d->seq_next = seq + 1;
		d->seq_valid = 1;
		d->last_uptime = uptime;
		d->has_uptime = 1;
	}
	return 0;
}
