/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan.c — templates compiled into plans, and the record decoder.
 *
 * A template of fixed-length fields compiles to the list of the fields the
 * decoder uses, each with its offset in the record, its length, its target
 * (enum nf_tgt) and a loader chosen for the length; unknown fields cost
 * nothing at decode time. A data set is then cut into records of exactly
 * the template's length with the bounded reader, and each record is one
 * pass over that short list. A template with a variable-length field
 * (RFC 7011 §7: a length byte, or 255 and a 2-byte length) cannot have
 * fixed offsets: its plan keeps every field in order and the record is
 * walked with the reader, so a length that runs past the set stops the
 * set (counted) instead of reading past it.
 *
 * After a record's fields are loaded, one resolve step builds the flow:
 * counter preference (delta, total, initiator, post-*), addresses, ICMP
 * type/code into the destination port, the time fields into absolute
 * times, and the sampling rate in force. Options data records go to the
 * domain's tables instead (system init time, sampler and interface
 * sampling rates, interface names). docs/netflow.md has the rules.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/rd.h"
#include "nf/nf_int.h"

/* Seconds from the NTP epoch (1900) to the Unix epoch. */
#define NTP_UNIX_OFFSET INT64_C(2208988800)

/* Millisecond times past the end of year 9999 are refused, which keeps
 * every sum below far from overflowing int64. */
#define MS_MAX UINT64_C(253402300800000)

/* ---- compilation --------------------------------------------------- */

/*
 * Order a fixed plan's ops by loader (U8, U16, U32, U64, the rest),
 * keeping the field order within each group, and count the groups.
 */
static void group_ops(struct nf_tmpl *t, size_t nops)
{
	static const uint8_t order[4] = {LD_U8, LD_U16, LD_U32, LD_U64};
	struct nf_op tmp;
	size_t k = 0;

	for (size_t g = 0; g < 4; g++) {
		size_t first = k;

		for (size_t i = k; i < nops; i++) {
			if (t->ops[i].ld != order[g])
				continue;
			/* move op i to position k, shifting the rest down */
			tmp = t->ops[i];
			memmove(&t->ops[k + 1], &t->ops[k],
				(i - k) * sizeof(tmp));
			t->ops[k++] = tmp;
		}
		t->nld[g] = (uint16_t)(k - first);
	}
}

int lf_nf_plan_build(struct nf_msg *m, uint16_t id, int options,
		     const struct nf_field *fields, size_t n, size_t nscope,
		     struct nf_tmpl **out)
{
	int varlen = 0;
	size_t bytes, foff, nops = 0, reclen = 0;
	uint64_t seen[2] = {0, 0};
	struct nf_tmpl *t;

	for (size_t i = 0; i < n; i++)
		if (fields[i].len == NF_VARLEN)
			varlen = 1;

	/* one allocation: the struct, n ops, then the fields (aligned) */
	foff = sizeof(*t) + n * sizeof(struct nf_op);
	foff = (foff + _Alignof(struct nf_field) - 1) &
	       ~(_Alignof(struct nf_field) - 1);
	bytes = foff + n * sizeof(struct nf_field);
	t = malloc(bytes);
	if (!t)
		return -ENOMEM;
	memset(t, 0, sizeof(*t));
	t->fields = (struct nf_field *)(void *)((char *)t + foff);
	memcpy(t->fields, fields, n * sizeof(*fields));

	for (size_t i = 0; i < n; i++) {
		const struct nf_field *f = &fields[i];
		uint8_t tgt, ld;

		if (lf_nf_ie_resolve(f, &tgt, &ld) != 0) {
			lf_nf_malf(m, LF_NF_MALF_FIELD_LENGTH);
			tgt = T_NONE;
			ld = LD_SKIP;
		}
		if (tgt != T_NONE) {
			/* the first field naming a target fills it */
			uint64_t bit = UINT64_C(1) << (tgt & 63);

			if (seen[tgt >> 6] & bit) {
				tgt = T_NONE;
				ld = LD_SKIP;
			}
			seen[tgt >> 6] |= bit;
		}
		if (varlen && f->len != 0) {
			/* every field: the walk needs each length */
			t->ops[nops++] = (struct nf_op){0, f->len, tgt, ld};
		} else if (!varlen && tgt != T_NONE) {
			t->ops[nops++] = (struct nf_op){(uint16_t)reclen,
							f->len, tgt, ld};
			t->have[tgt >> 6] |= UINT64_C(1) << (tgt & 63);
		}
		reclen += f->len == NF_VARLEN ? 1u : f->len;
		/* a record must fit in a set (length field 65535, header 4) */
		if (reclen > 65531u) {
			free(t);
			return LF_EMALF;
		}
	}
	if (reclen == 0) {
		/* only zero-length fields: a data set would never end */
		free(t);
		return LF_EMALF;
	}
	if (!varlen)
		group_ops(t, nops);
	t->id = id;
	t->options = (uint8_t)(options != 0);
	t->varlen = (uint8_t)varlen;
	t->nops = (uint16_t)nops;
	t->nfields = (uint16_t)n;
	t->nscope = (uint16_t)nscope;
	t->reclen = (uint32_t)reclen;
	t->bytes = bytes;
	*out = t;
	return 0;
}

/* ---- loading ------------------------------------------------------- */

static inline uint64_t be_uint(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static inline uint64_t be64(const uint8_t *p)
{
	return ((uint64_t)be32(p) << 32) | be32(p + 4);
}

/* Store the field at q (n bytes) into its target; the caller flags it. */
static inline __attribute__((always_inline)) void
load(struct nf_rec *r, const struct nf_op *op, const uint8_t *q, size_t n)
{
	unsigned t = op->tgt;

	switch (op->ld) {
	case LD_U8:
		r->v[t].u = q[0];
		break;
	case LD_U16:
		r->v[t].u = be16(q);
		break;
	case LD_U32:
		r->v[t].u = be32(q);
		break;
	case LD_U64:
		r->v[t].u = be64(q);
		break;
	case LD_UN:
		r->v[t].u = be_uint(q, n);
		break;
	case LD_PTR:
		r->v[t].p = q;
		r->plen[t] = (uint16_t)n;
		break;
	case LD_F32: {
		uint32_t b = be32(q);
		float fl;

		memcpy(&fl, &b, sizeof(fl));
		r->v[t].f = fl;
		break;
	}
	case LD_F64: {
		uint64_t b = be64(q);

		memcpy(&r->v[t].f, &b, sizeof(double));
		break;
	}
	default:
		break;
	}
}

/* ---- resolving ----------------------------------------------------- */

/* A number target's value; call only when present. */
static inline uint64_t val(const struct nf_rec *r, unsigned t)
{
	return r->v[t].u;
}

/* A number target's value, 0 when absent. */
static inline uint64_t get(const struct nf_rec *r, unsigned t)
{
	return nf_has(r, t) ? r->v[t].u : 0;
}

/* The first of targets a[0..n) present, or 0 with *found 0. */
static uint64_t first_of(const struct nf_rec *r, const uint8_t *a, size_t n,
			 int *found)
{
	for (size_t i = 0; i < n; i++) {
		if (nf_has(r, a[i])) {
			*found = 1;
			return val(r, a[i]);
		}
	}
	*found = 0;
	return 0;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	uint64_t p;

	if (__builtin_mul_overflow(a, b, &p))
		return UINT64_MAX;
	return p;
}

/*
 * The sampling rate a record states itself (1 in N), or 0: samplingInterval
 * / samplerRandomInterval; PSAMP systematic count-based (interval packets
 * selected, then space skipped: (interval + space) / interval — an
 * interval alone is read as 1 in interval); random n-out-of-N
 * (population / size); a probability (1 / p).
 */
static uint32_t rec_rate(const struct nf_rec *r)
{
	uint64_t v = 0;

	if (nf_has(r, T_SAMP_INTERVAL) && val(r, T_SAMP_INTERVAL) > 0) {
		v = val(r, T_SAMP_INTERVAL);
	} else if (nf_has(r, T_SAMP_PKT_INTERVAL) &&
		   val(r, T_SAMP_PKT_INTERVAL) > 0) {
		uint64_t in = val(r, T_SAMP_PKT_INTERVAL);

		if (nf_has(r, T_SAMP_PKT_SPACE))
			v = (in + val(r, T_SAMP_PKT_SPACE) + in / 2) / in;
		else
			v = in;
	} else if (nf_has(r, T_SAMP_SIZE) && nf_has(r, T_SAMP_POP) &&
		   val(r, T_SAMP_SIZE) > 0) {
		uint64_t sz = val(r, T_SAMP_SIZE);

		v = (val(r, T_SAMP_POP) + sz / 2) / sz;
	} else if (nf_has(r, T_SAMP_PROB)) {
		double p = r->v[T_SAMP_PROB].f;

		if (p > 0.0 && p <= 1.0 && isfinite(p)) {
			double n = floor(1.0 / p + 0.5);

			v = n >= 4294967295.0 ? UINT32_MAX : (uint64_t)n;
		}
	}
	if (v > UINT32_MAX)
		v = UINT32_MAX;
	return (uint32_t)v;
}

/* NTP 64-bit timestamp (RFC 5905 era 0, or era 1 when the seconds are
 * below 2^31, i.e. after 2036) to µs since the Unix epoch. */
static lf_time_t ntp_to_us(uint64_t v)
{
	int64_t sec = (int64_t)(v >> 32);
	uint64_t frac = v & 0xffffffffu;

	if (sec < INT64_C(0x80000000))
		sec += INT64_C(0x100000000);
	return (sec - NTP_UNIX_OFFSET) * LF_USEC_PER_SEC +
	       (lf_time_t)((frac * 1000000u) >> 32);
}

static int ms_to_us(uint64_t ms, lf_time_t *out)
{
	if (ms > MS_MAX)
		return 0;
	*out = (lf_time_t)ms * 1000;
	return 1;
}

/*
 * uptime ms -> absolute, for IPFIX given the system init time: init +
 * up, moved by whole 2^32 ms wraps of the 32-bit uptime to the instance
 * closest to the export time.
 */
static lf_time_t uptime_abs(lf_time_t boot, uint32_t up, lf_time_t exp)
{
	const int64_t wrap = INT64_C(0x100000000) * 1000;
	lf_time_t t = boot + (lf_time_t)up * 1000;

	if (exp > t && exp - t > wrap / 2)
		t += ((exp - t + wrap / 2) / wrap) * wrap;
	return t;
}

/*
 * One end of the flow (start or end) from whatever time fields are
 * present, finest first. Returns 1 and *out, or 0 if none applies.
 */
static int res_time(const struct nf_msg *m, const struct nf_rec *r,
		    int end, int has_boot, lf_time_t boot, lf_time_t *out)
{
	unsigned k = end ? 1u : 0u;

	if (nf_has(r, T_START_NTP + k)) {
		*out = ntp_to_us(val(r, T_START_NTP + k));
		return 1;
	}
	if (nf_has(r, T_START_MS + k) &&
	    ms_to_us(val(r, T_START_MS + k), out))
		return 1;
	if (nf_has(r, T_START_S + k)) {
		*out = (lf_time_t)val(r, T_START_S + k) * LF_USEC_PER_SEC;
		return 1;
	}
	if (nf_has(r, T_START_UP + k)) {
		uint32_t up = (uint32_t)val(r, T_START_UP + k);

		if (m->version == 9) {
			/* RFC 3954 §5.1: relative to the header's sysUpTime;
			 * the signed difference survives the 49.7-day wrap */
			int32_t d = (int32_t)(m->uptime_ms - up);

			*out = m->export_us - (lf_time_t)d * 1000;
			return 1;
		}
		if (has_boot) {
			*out = uptime_abs(boot, up, m->export_us);
			return 1;
		}
	}
	if (nf_has(r, T_START_DELTA + k)) {
		*out = m->export_us - (lf_time_t)val(r, T_START_DELTA + k);
		return 1;
	}
	return 0;
}

static int obs_time(const struct nf_rec *r, lf_time_t *out)
{
	if (nf_has(r, T_OBS_NTP)) {
		*out = ntp_to_us(val(r, T_OBS_NTP));
		return 1;
	}
	if (nf_has(r, T_OBS_MS) && ms_to_us(val(r, T_OBS_MS), out))
		return 1;
	if (nf_has(r, T_OBS_S)) {
		*out = (lf_time_t)val(r, T_OBS_S) * LF_USEC_PER_SEC;
		return 1;
	}
	return 0;
}

static void res_times(const struct nf_msg *m, const struct nf_rec *r,
		      struct lf_flow *f)
{
	const struct nf_dom *d = m->dom;
	int has_boot = 0, hs, he, ho;
	lf_time_t boot = 0, s = 0, e = 0, o = 0;

	if (nf_has(r, T_INIT_MS) && ms_to_us(val(r, T_INIT_MS), &boot))
		has_boot = 1;
	else if (d->has_init) {
		boot = d->sys_init;
		has_boot = 1;
	}
	hs = res_time(m, r, 0, has_boot, boot, &s);
	he = res_time(m, r, 1, has_boot, boot, &e);
	if (!hs && !he && m->version == 10 && nf_has(r, T_START_UP) &&
	    nf_has(r, T_END_UP)) {
		/* IPFIX uptimes with no init time known: keep the duration
		 * and take the end as the export time */
		int32_t dur = (int32_t)((uint32_t)val(r, T_END_UP) -
					(uint32_t)val(r, T_START_UP));

		e = m->export_us;
		s = e - (lf_time_t)dur * 1000;
		hs = he = 1;
	}
	ho = obs_time(r, &o);
	if (!hs && !he) {
		s = e = ho ? o : m->export_us;
	} else if (!he) {
		e = ho && o >= s ? o : s;
	} else if (!hs) {
		s = e;
	}
	f->first = s;
	f->last = e;
}

static int zero16(const uint8_t *p)
{
	static const uint8_t z[16];

	return memcmp(p, z, 16) == 0;
}

/* A next hop of 0.0.0.0 or :: is "none". */
static void set_nexthop(struct lf_addr *a, const struct nf_rec *r,
			unsigned t4, unsigned t6)
{
	if (nf_has(r, t4) && memcmp(r->v[t4].p, "\0\0\0\0", 4) != 0) {
		a->af = LF_AF_V4;
		memcpy(a->b, r->v[t4].p, 4);
	} else if (nf_has(r, t6) && !zero16(r->v[t6].p)) {
		a->af = LF_AF_V6;
		memcpy(a->b, r->v[t6].p, 16);
	}
}

static void set_addr(struct lf_addr *a, const struct nf_rec *r, unsigned t4,
		     unsigned t6)
{
	if (nf_has(r, t4)) {
		a->af = LF_AF_V4;
		memcpy(a->b, r->v[t4].p, 4);
	} else if (nf_has(r, t6)) {
		a->af = LF_AF_V6;
		memcpy(a->b, r->v[t6].p, 16);
	}
}

static const uint8_t oct_pref[] = {T_OCT, T_OCT_TOTAL, T_OCT_INIT,
				   T_OCT_POST, T_OCT_POST_TOTAL};
static const uint8_t pkt_pref[] = {T_PKT, T_PKT_TOTAL, T_PKT_INIT,
				   T_PKT_POST, T_PKT_POST_TOTAL};
static const uint8_t roct_pref[] = {T_REV_OCT, T_REV_OCT_TOTAL, T_OCT_RESP};
static const uint8_t rpkt_pref[] = {T_REV_PKT, T_REV_PKT_TOTAL, T_PKT_RESP};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void emit(struct nf_msg *m, const struct nf_rec *r)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_dom *d = m->dom;
	struct lf_flow f;
	uint32_t rate;
	int got, rb, rp;

	memset(&f, 0, sizeof(f));
	set_addr(&f.src, r, T_SRC4, T_SRC6);
	set_addr(&f.dst, r, T_DST4, T_DST6);
	if (f.src.af == 0 && f.dst.af == 0) {
		c->cnt.records_noip++;
		return;
	}
	set_nexthop(&f.nexthop, r, T_NH4, T_NH6);
	if (f.nexthop.af == 0)
		set_nexthop(&f.nexthop, r, T_BGPNH4, T_BGPNH6);
	f.exporter = d->exp->addr;

	f.bytes_raw = first_of(r, oct_pref, NELEM(oct_pref), &got);
	f.packets_raw = first_of(r, pkt_pref, NELEM(pkt_pref), &got);
	f.rev_bytes = first_of(r, roct_pref, NELEM(roct_pref), &rb);
	f.rev_packets = first_of(r, rpkt_pref, NELEM(rpkt_pref), &rp);
	if (rb || rp)
		f.flags |= LF_FLOW_F_BIFLOW;

	f.sport = (uint16_t)get(r, T_SPORT);
	f.dport = (uint16_t)get(r, T_DPORT);
	f.proto = (uint8_t)get(r, T_PROTO);
	f.tcp_flags = (uint8_t)get(r, T_TCPFLAGS);
	f.tos = (uint8_t)get(r, T_TOS);
	f.in_if = (uint32_t)get(r, T_IN_IF);
	f.out_if = (uint32_t)get(r, T_OUT_IF);
	f.src_as = (uint32_t)get(r, T_SRC_AS);
	f.dst_as = (uint32_t)get(r, T_DST_AS);
	f.src_mask = (uint8_t)get(r, T_SRC_MASK);
	f.dst_mask = (uint8_t)get(r, T_DST_MASK);
	if (nf_has(r, T_DIR)) {
		/* flowDirection: 0 ingress, 1 egress */
		uint64_t dir = val(r, T_DIR);

		f.dir = dir == 0   ? LF_FLOW_DIR_INGRESS
			: dir == 1 ? LF_FLOW_DIR_EGRESS
				   : LF_FLOW_DIR_UNKNOWN;
	}
	/* outer VLAN: vlanId, else dot1qVlanId, else postVlanId */
	f.vlan = (uint16_t)(get(r, T_VLAN) & 0xfff);
	if (!f.vlan)
		f.vlan = (uint16_t)(get(r, T_VLAN_DOT1Q) & 0xfff);
	if (!f.vlan)
		f.vlan = (uint16_t)(get(r, T_VLAN_POST) & 0xfff);

	/* ICMP: type << 8 | code in the destination port, no source port */
	if (f.proto == 1 || f.proto == 58) {
		if (nf_has(r, T_ICMP_TC)) {
			f.sport = 0;
			f.dport = (uint16_t)val(r, T_ICMP_TC);
		} else if (nf_has(r, T_ICMP_TYPE) || nf_has(r, T_ICMP_CODE)) {
			f.sport = 0;
			f.dport = (uint16_t)((get(r, T_ICMP_TYPE) << 8) |
					     (get(r, T_ICMP_CODE) & 0xff));
		}
	}
	if (nf_has(r, T_END_REASON)) {
		/* flowEndReason (RFC 7011 / IANA) */
		switch (val(r, T_END_REASON)) {
		case 1:
			f.flags |= LF_FLOW_F_END_IDLE;
			break;
		case 2:
			f.flags |= LF_FLOW_F_END_ACTIVE;
			break;
		case 3:
			f.flags |= LF_FLOW_F_END_FIN;
			break;
		case 5:
			f.flags |= LF_FLOW_F_END_EVICT;
			break;
		default:
			break;
		}
	}
	res_times(m, r, &f);

	/* sampling: the record's own, its sampler's, its interface's, the
	 * domain's, else unsampled */
	rate = rec_rate(r);
	if (!rate && nf_has(r, T_SAMPLER_ID) && val(r, T_SAMPLER_ID) != 0) {
		rate = lf_nf_samp_get(d, NF_SAMP_SAMPLER,
				      val(r, T_SAMPLER_ID));
		if (!rate)
			c->cnt.sampler_unknown++;
	}
	if (!rate && d->nsamp && nf_has(r, T_IN_IF))
		rate = lf_nf_samp_get(d, NF_SAMP_IFACE, val(r, T_IN_IF));
	if (!rate)
		rate = d->rate_default;
	if (!rate)
		rate = 1;
	f.sampling = rate;
	f.bytes = sat_mul(f.bytes_raw, rate);
	f.packets = sat_mul(f.packets_raw, rate);
	f.domain = d->id;
	f.source = m->version == 9 ? LF_FLOW_SRC_NF9 : LF_FLOW_SRC_IPFIX;

	c->cnt.flows++;
	d->flows++;
	if (m->cb)
		m->cb(m->ud, &f);
}

/*
 * Options data (RFC 3954 §6.2, RFC 7011 §3.4.2): learn the system init
 * time, sampling rates (per sampler id, per interface when the record
 * names one, else the domain default) and interface names.
 */
static void apply_options(struct nf_msg *m, const struct nf_rec *r)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_dom *d = m->dom;
	uint32_t rate;
	lf_time_t t;

	c->cnt.options_records++;
	if (nf_has(r, T_INIT_MS) && ms_to_us(val(r, T_INIT_MS), &t)) {
		d->sys_init = t;
		d->has_init = 1;
	}
	rate = rec_rate(r);
	if (rate) {
		if (nf_has(r, T_SAMPLER_ID))
			lf_nf_samp_set(c, d, NF_SAMP_SAMPLER,
				       val(r, T_SAMPLER_ID), rate);
		else if (nf_has(r, T_IN_IF))
			lf_nf_samp_set(c, d, NF_SAMP_IFACE, val(r, T_IN_IF),
				       rate);
		else
			d->rate_default = rate;
	}
	if (nf_has(r, T_IN_IF)) {
		/* an ifName if not empty, else the description */
		if (nf_has(r, T_IF_NAME) && r->plen[T_IF_NAME] &&
		    r->v[T_IF_NAME].p[0])
			lf_nf_ifname_set(c, d, (uint32_t)val(r, T_IN_IF),
					 r->v[T_IF_NAME].p, r->plen[T_IF_NAME],
					 0);
		else if (nf_has(r, T_IF_DESC) && r->plen[T_IF_DESC] &&
			 r->v[T_IF_DESC].p[0])
			lf_nf_ifname_set(c, d, (uint32_t)val(r, T_IN_IF),
					 r->v[T_IF_DESC].p, r->plen[T_IF_DESC],
					 1);
	}
}

/* ---- data sets ----------------------------------------------------- */

void lf_nf_data_set(struct nf_msg *m, const struct nf_tmpl *t,
		    const uint8_t *p, size_t len)
{
	struct lf_rd rd;
	struct nf_rec rec;

	lf_rd_init(&rd, p, len);
	/* What is left shorter than a record is set padding (RFC 7011
	 * §3.3.1, RFC 3954 §5.3). */
	while (lf_rd_left(&rd) >= t->reclen) {
		if (!t->varlen) {
			/* every op of a fixed plan is present in every record:
			 * the presence mask is the template's */
			const uint8_t *b = lf_rd_ptr(&rd, t->reclen);
			const struct nf_op *op = t->ops, *e;

			rec.have[0] = t->have[0];
			rec.have[1] = t->have[1];
			for (e = op + t->nld[0]; op < e; op++)
				rec.v[op->tgt].u = b[op->off];
			for (e = op + t->nld[1]; op < e; op++)
				rec.v[op->tgt].u = be16(b + op->off);
			for (e = op + t->nld[2]; op < e; op++)
				rec.v[op->tgt].u = be32(b + op->off);
			for (e = op + t->nld[3]; op < e; op++)
				rec.v[op->tgt].u = be64(b + op->off);
			for (e = t->ops + t->nops; op < e; op++)
				load(&rec, op, b + op->off, op->len);
		} else {
			rec.have[0] = rec.have[1] = 0;
			for (size_t i = 0; i < t->nops; i++) {
				const struct nf_op *op = &t->ops[i];
				size_t n = op->len;
				const uint8_t *q;

				if (n == NF_VARLEN) {
					n = lf_rd_u8(&rd);
					if (n == 255)
						n = lf_rd_u16(&rd);
				}
				q = lf_rd_ptr(&rd, n);
				if (!q) {
					lf_nf_malf(m, LF_NF_MALF_BAD_VARLEN);
					return;
				}
				if (op->tgt != T_NONE) {
					load(&rec, op, q, n);
					rec.have[op->tgt >> 6] |=
						UINT64_C(1) << (op->tgt & 63);
				}
			}
		}
		m->nrec++;
		if (t->options)
			apply_options(m, &rec);
		else
			emit(m, &rec);
	}
}
