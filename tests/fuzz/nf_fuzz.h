/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nf_fuzz.h — the body shared by fuzz_nf_v5, fuzz_nf_v9 and fuzz_nf_ipfix:
 * each defines VERSION (the version forced into every datagram) and
 * SOURCE (the lf_flow source it must see), then includes this. See
 * fuzz_nf_v9.c for the input layout, the flags and the checks.
 */
#ifndef LF_TESTS_NF_FUZZ_H
#define LF_TESTS_NF_FUZZ_H


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                               \
	do {                                                                   \
		if (!(x))                                                      \
			abort();                                               \
	} while (0)

static uint64_t flows;

static void check_flow(void *ud, const struct lf_flow *f)
{
	uint64_t b, pk;

	(void)ud;
	flows++;
	CHECK(f->src.af == LF_AF_V4 || f->src.af == LF_AF_V6 ||
	      f->dst.af == LF_AF_V4 || f->dst.af == LF_AF_V6);
	CHECK(f->src.af == 0 || f->src.af == LF_AF_V4 || f->src.af == LF_AF_V6);
	CHECK(f->sampling >= 1);
	if (__builtin_mul_overflow(f->bytes_raw, (uint64_t)f->sampling, &b))
		b = UINT64_MAX;
	if (__builtin_mul_overflow(f->packets_raw, (uint64_t)f->sampling, &pk))
		pk = UINT64_MAX;
	CHECK(f->bytes == b && f->packets == pk);
	CHECK(f->source == SOURCE);
	CHECK(f->exporter.af == LF_AF_V4);
	CHECK(f->dir <= LF_FLOW_DIR_EGRESS);
	CHECK(f->rev_bytes == 0 || (f->flags & LF_FLOW_F_BIFLOW));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_addr ex = {LF_AF_V4, {192, 0, 2, 1}};
	struct lf_nf_limits l;
	struct lf_nf_ctx *c;
	lf_time_t now = INT64_C(1700000000000000);
	uint8_t flags;
	size_t off = 1;

	if (size < 1)
		return 0;
	flags = data[0];
	lf_nf_limits_default(&l);
	l.max_exporters = 16; /* four are used; a small table is cheap */
	if (flags & 1) {
		l.max_templates = 4;
		l.max_fields = 8;
		l.pending_bytes = 2048;
		l.state_bytes = 16384;
		l.max_samplers = 2;
		l.max_ifnames = 2;
		l.template_timeout = 20 * LF_USEC_PER_SEC;
		l.pending_timeout = 5 * LF_USEC_PER_SEC;
	}
	if (lf_nf_new(&l, &c) != 0)
		return 0;
	flows = 0;
	while (off < size) {
		size_t n = size - off;
		uint8_t *d;
		int rc;

		if (n >= 2) {
			size_t want = (size_t)data[off] << 8 | data[off + 1];

			off += 2;
			n = size - off;
			if (want < n)
				n = want;
		} else {
			off += n;
			n = 0;
		}
		d = malloc(n ? n : 1);
		if (!d)
			break;
		if (n)
			memcpy(d, data + off, n);
		if (n >= 2) {
			d[0] = 0;
			d[1] = VERSION;
		}
		rc = lf_nf_decode(c, &ex, (uint16_t)(2055 + ((flags >> 2) & 3)),
				  now, d, n, check_flow, NULL);
		free(d);
		CHECK(rc == 0 || rc == LF_EMALF || rc == LF_ELIMIT ||
		      rc == LF_EFORMAT);
		CHECK(c->pend_used <= c->lim.pending_bytes);
		CHECK(c->state_used <= c->lim.state_bytes);
		off += n;
		now += 7 * LF_USEC_PER_SEC;
		if (flags & 2)
			lf_nf_expire(c, now);
	}
	CHECK(lf_nf_counters(c)->flows == flows);
	lf_nf_free(c);
	return 0;
}

#endif
