/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_nf.c — packet builder, flow collector and data loader for the
 * NetFlow/IPFIX tests (see helper_nf.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/addr.h"
#include "core/err.h"
#include "nf/helper_nf.h"

struct lf_addr test_exporter = {LF_AF_V4, {192, 0, 2, 1}};

void pb_init(struct pb *p)
{
	p->n = 0;
}

static void room(struct pb *p, size_t n)
{
	assert_true(n <= sizeof(p->b) - p->n);
}

void pb_u8(struct pb *p, unsigned v)
{
	room(p, 1);
	p->b[p->n++] = (uint8_t)v;
}

void pb_u16(struct pb *p, unsigned v)
{
	pb_u8(p, v >> 8);
	pb_u8(p, v);
}

void pb_u32(struct pb *p, uint32_t v)
{
	pb_u16(p, v >> 16);
	pb_u16(p, v & 0xffff);
}

void pb_u64(struct pb *p, uint64_t v)
{
	pb_u32(p, (uint32_t)(v >> 32));
	pb_u32(p, (uint32_t)v);
}

void pb_bytes(struct pb *p, const void *b, size_t n)
{
	room(p, n);
	memcpy(p->b + p->n, b, n);
	p->n += n;
}

void pb_zero(struct pb *p, size_t n)
{
	room(p, n);
	memset(p->b + p->n, 0, n);
	p->n += n;
}

void pb_put16(struct pb *p, size_t off, unsigned v)
{
	assert_true(off + 2 <= p->n);
	p->b[off] = (uint8_t)(v >> 8);
	p->b[off + 1] = (uint8_t)v;
}

void pb_v9(struct pb *p, unsigned count, uint32_t uptime, uint32_t secs,
	   uint32_t seq, uint32_t srcid)
{
	pb_u16(p, 9);
	pb_u16(p, count);
	pb_u32(p, uptime);
	pb_u32(p, secs);
	pb_u32(p, seq);
	pb_u32(p, srcid);
}

void pb_ipfix(struct pb *p, uint32_t etime, uint32_t seq, uint32_t odid)
{
	pb_u16(p, 10);
	pb_u16(p, 0);
	pb_u32(p, etime);
	pb_u32(p, seq);
	pb_u32(p, odid);
}

void pb_ipfix_end(struct pb *p, size_t start)
{
	pb_put16(p, start + 2, (unsigned)(p->n - start));
}

size_t pb_set(struct pb *p, unsigned id)
{
	size_t off = p->n;

	pb_u16(p, id);
	pb_u16(p, 0);
	return off;
}

void pb_set_end(struct pb *p, size_t off)
{
	pb_put16(p, off + 2, (unsigned)(p->n - off));
}

void pb_field(struct pb *p, unsigned id, unsigned len)
{
	pb_u16(p, id);
	pb_u16(p, len);
}

void pb_efield(struct pb *p, unsigned id, unsigned len, uint32_t pen)
{
	pb_u16(p, id | 0x8000);
	pb_u16(p, len);
	pb_u32(p, pen);
}

void coll_cb(void *ud, const struct lf_flow *f)
{
	struct coll *k = ud;

	assert_true(k->n < COLL_MAX);
	k->f[k->n++] = *f;
}

int dec_raw(struct lf_nf_ctx *c, const uint8_t *b, size_t n, lf_time_t now,
	    struct coll *k)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	assert_non_null(copy);
	if (n)
		memcpy(copy, b, n);
	rc = lf_nf_decode(c, &test_exporter, TEST_PORT, now, copy, n,
			  k ? coll_cb : NULL, k);
	free(copy);
	return rc;
}

int dec(struct lf_nf_ctx *c, const struct pb *p, lf_time_t now,
	struct coll *k)
{
	return dec_raw(c, p->b, p->n, now, k);
}

int load_data(const char *name, uint8_t **buf, size_t *len)
{
	char path[512];
	FILE *f;
	long sz;
	uint8_t *b;

	snprintf(path, sizeof(path), "%s%s", NF_DATA, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	assert_true(sz >= 0 && sz < 1 << 20);
	rewind(f);
	b = malloc((size_t)sz + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*buf = b;
	*len = (size_t)sz;
	return 0;
}

struct lf_nf_ctx *ctx_new(void)
{
	struct lf_nf_ctx *c = NULL;

	assert_int_equal(lf_nf_new(NULL, &c), 0);
	return c;
}

struct lf_addr addr(const char *s)
{
	struct lf_addr a;

	memset(&a, 0, sizeof(a));
	assert_int_equal(lf_addr_parse(s, strlen(s), &a), 0);
	return a;
}

int addr_is(const struct lf_addr *a, const char *s)
{
	struct lf_addr b = addr(s);

	return lf_addr_cmp(a, &b) == 0;
}

static void fields(struct pb *p, const struct fspec *f, size_t n, int ipfix)
{
	for (size_t i = 0; i < n; i++) {
		if (ipfix && f[i].pen)
			pb_efield(p, f[i].id, f[i].len, f[i].pen);
		else
			pb_field(p, f[i].id, f[i].len);
	}
}

void pb_ipfix_tmpl(struct pb *p, unsigned tid, const struct fspec *f,
		   size_t n)
{
	size_t s = pb_set(p, 2);

	pb_u16(p, tid);
	pb_u16(p, (unsigned)n);
	fields(p, f, n, 1);
	pb_set_end(p, s);
}

void pb_ipfix_opt(struct pb *p, unsigned tid, const struct fspec *f,
		  size_t n, unsigned nscope)
{
	size_t s = pb_set(p, 3);

	pb_u16(p, tid);
	pb_u16(p, (unsigned)n);
	pb_u16(p, nscope);
	fields(p, f, n, 1);
	pb_set_end(p, s);
}

void pb_v9_tmpl(struct pb *p, unsigned tid, const struct fspec *f, size_t n)
{
	size_t s = pb_set(p, 0);

	pb_u16(p, tid);
	pb_u16(p, (unsigned)n);
	fields(p, f, n, 0);
	pb_set_end(p, s);
}

void pb_v9_opt(struct pb *p, unsigned tid, const struct fspec *scope,
	       size_t ns, const struct fspec *f, size_t n)
{
	size_t s = pb_set(p, 1);

	pb_u16(p, tid);
	pb_u16(p, (unsigned)(ns * 4));
	pb_u16(p, (unsigned)(n * 4));
	fields(p, scope, ns, 0);
	fields(p, f, n, 0);
	while ((p->n - s) % 4)
		pb_u8(p, 0);
	pb_set_end(p, s);
}

void pb_v4(struct pb *p, uint32_t a)
{
	pb_u32(p, a);
}

void pb_v6(struct pb *p, const char *s)
{
	struct lf_addr a = addr(s);

	assert_int_equal(a.af, LF_AF_V6);
	pb_bytes(p, a.b, 16);
}
