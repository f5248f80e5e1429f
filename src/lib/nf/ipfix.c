/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipfix.c — IPFIX (RFC 7011).
 *
 *   message header (16 bytes, §3.1)
 *     version(2)=10 length(2, whole message) export_time(4, s)
 *     sequence(4, data records before this message) domain_id(4)
 *   sets (§3.3), each id(2) length(2, including these 4) body:
 *     id 2  template set: records of
 *           template_id(2) field_count(2) field_specifier × count
 *     id 3  options template set: records of
 *           template_id(2) field_count(2) scope_field_count(2)
 *           field_specifier × field_count (the scope fields first)
 *     id 0, 1, 4..255 reserved; id >= 256 data set of that template
 *   field_specifier (§3.2)
 *     E(1 bit) element_id(15) length(2) [enterprise_number(4) if E]
 *     length 65535 = variable (§7: the record holds a length byte, or
 *     255 and a 2-byte length)
 *
 * Withdrawal (§8.1): a template record with field count 0 withdraws its
 * template id; id 2 in a template set withdraws every data template, id 3
 * in an options template set every options template. Bytes left in a
 * template set too short for a record (fewer than 4) are padding — the
 * loop condition, not a length subtracted by hand, ends the set, so a
 * withdrawal followed by one stray byte (nfdump #171) cannot spin.
 *
 * A datagram may hold several messages back to back (IPFIX over a stream
 * or a file is a sequence of messages; some exporters batch them): after a
 * message, another one is decoded if at least a header's worth follows
 * and starts with version 10; a zero-filled tail is ignored, anything
 * else is counted as trailing garbage.
 *
 * Sequence numbers count data records (options data included), so the
 * next message of the domain should carry sequence + records decoded
 * here. When a data set cannot be decoded (no template yet) the count is
 * unknown and the next message sets a new baseline instead.
 */
#include "core/err.h"
#include "core/rd.h"
#include "nf/nf_int.h"

#define IPFIX_HDR 16u

static void withdraw(struct nf_msg *m, uint16_t id, int options)
{
	if (id == (options ? 3 : 2))
		lf_nf_tmpl_withdraw_all(m, options);
	else if (id >= 256)
		lf_nf_tmpl_withdraw(m, id);
	else
		lf_nf_malf(m, LF_NF_MALF_BAD_WITHDRAWAL);
}

void lf_nf_ipfix_templates(struct nf_msg *m, struct lf_rd *s, int options)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_field *f = c->scratch;

	while (lf_rd_left(s) >= 4) {
		uint16_t id, n, nscope = 0;
		int keep;

		if (lf_nf_rest_zero(s))
			break; /* padding */
		id = lf_rd_u16(s);
		n = lf_rd_u16(s);
		if (n == 0) {
			withdraw(m, id, options);
			continue;
		}
		if (options)
			nscope = lf_rd_u16(s);
		/* §3.4.2.2: the scope field count must not be zero */
		if (id < 256 || (options && (nscope == 0 || nscope > n)) ||
		    lf_rd_err(s)) {
			lf_nf_malf(m, LF_NF_MALF_BAD_TEMPLATE);
			return;
		}
		keep = n <= c->lim.max_fields;
		if (!keep)
			c->cnt.cap_hits[LF_NF_CAP_FIELDS]++;
		for (size_t i = 0; i < n; i++) {
			uint16_t type = lf_rd_u16(s);
			uint16_t len = lf_rd_u16(s);
			uint32_t pen = type & 0x8000 ? lf_rd_u32(s) : 0;

			if (lf_rd_err(s))
				break;
			if (keep) {
				f[i].pen = pen;
				f[i].id = type & 0x7fff;
				f[i].len = len;
				f[i].v9scope = 0;
			}
		}
		if (lf_rd_err(s)) {
			/* field specifiers run past the set */
			lf_nf_malf(m, LF_NF_MALF_BAD_TEMPLATE);
			return;
		}
		if (keep)
			(void)lf_nf_tmpl_define(m, id, options, f, n, nscope);
	}
}

/* One message: header read, body in r. 0 or LF_ELIMIT. */
static int message(struct nf_msg *m, const struct lf_addr *a, uint16_t port,
		   uint32_t etime, uint32_t seq, uint32_t odid,
		   struct lf_rd *body)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_dom *d;
	int rc, resync;

	rc = lf_nf_dom_get(c, a, port, 10, odid, m->now, &d);
	if (rc != 0)
		return rc;
	m->dom = d;
	m->version = 10;
	m->export_us = (lf_time_t)etime * LF_USEC_PER_SEC;
	m->uptime_ms = 0;
	m->nrec = 0;
	m->ntmplrec = 0;
	m->undecoded = 0;
	c->cnt.messages++;
	d->datagrams++;

	resync = lf_nf_seq_check(m, seq, LF_NF_SEQ_WINDOW_RECS);
	(void)lf_nf_sets(m, body);
	if (resync) {
		d->seq_next = seq + m->nrec;
		d->seq_valid = !m->undecoded;
	}
	return 0;
}

int lf_nf_ipfix_decode(struct nf_msg *m, const struct lf_addr *a,
		       uint16_t port, const uint8_t *pkt, size_t len)
{
	struct lf_rd r;
	int nmsg = 0;

	lf_rd_init(&r, pkt, len);
	while (lf_rd_left(&r) > 0) {
		struct lf_rd body, peek;
		uint16_t version, mlen;
		uint32_t etime, seq, odid;
		int rc;

		if (nmsg > 0) {
			peek = r;
			if (lf_rd_left(&r) < IPFIX_HDR ||
			    lf_rd_u16(&peek) != 10) {
				if (!lf_nf_rest_zero(&r))
					lf_nf_malf(m, LF_NF_MALF_TRAILING);
				break;
			}
		}
		version = lf_rd_u16(&r);
		mlen = lf_rd_u16(&r);
		etime = lf_rd_u32(&r);
		seq = lf_rd_u32(&r);
		odid = lf_rd_u32(&r);
		(void)version;
		if (lf_rd_err(&r)) {
			lf_nf_malf(m, LF_NF_MALF_SHORT_HEADER);
			break;
		}
		if (nmsg == 0)
			m->c->cnt.datagrams[LF_NF_IPFIX]++;
		if (mlen < IPFIX_HDR || mlen - IPFIX_HDR > lf_rd_left(&r)) {
			lf_nf_malf(m, LF_NF_MALF_BAD_LENGTH);
			break;
		}
		lf_rd_sub(&r, mlen - IPFIX_HDR, &body);
		rc = message(m, a, port, etime, seq, odid, &body);
		if (rc != 0)
			return rc;
		nmsg++;
	}
	return 0;
}
