/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_nf.h — what the NetFlow/IPFIX tests share: a packet builder for
 * hand-made datagrams, a flow collector, a decode wrapper that hands the
 * decoder an exact-size copy (so ASan sees any read past the datagram),
 * and a loader for the vendor captures in ../shared/data/netflow.
 */
#ifndef LF_TESTS_NF_HELPER_H
#define LF_TESTS_NF_HELPER_H

#include <stddef.h>
#include <stdint.h>

#include "core/time.h"
#include "flow/flow.h"
#include "nf/nf.h"

#define NF_DATA "../shared/data/netflow/"

/* A datagram being built; writes past the buffer abort the test. */
struct pb {
	uint8_t b[65536];
	size_t n;
};

void pb_init(struct pb *p);
void pb_u8(struct pb *p, unsigned v);
void pb_u16(struct pb *p, unsigned v);
void pb_u32(struct pb *p, uint32_t v);
void pb_u64(struct pb *p, uint64_t v);
void pb_bytes(struct pb *p, const void *b, size_t n);
void pb_zero(struct pb *p, size_t n);
void pb_put16(struct pb *p, size_t off, unsigned v);

/* v9 header: count, sysUpTime ms, unix_secs, sequence, source id. */
void pb_v9(struct pb *p, unsigned count, uint32_t uptime, uint32_t secs,
	   uint32_t seq, uint32_t srcid);
/* IPFIX header with a length placeholder; pb_ipfix_end fills it. */
void pb_ipfix(struct pb *p, uint32_t etime, uint32_t seq, uint32_t odid);
void pb_ipfix_end(struct pb *p, size_t start);
/* A set header with a length placeholder; pb_set_end fills it. Returns
 * the set's offset. */
size_t pb_set(struct pb *p, unsigned id);
void pb_set_end(struct pb *p, size_t off);
/* A field specifier (IPFIX: pen != 0 sets the enterprise bit). */
void pb_field(struct pb *p, unsigned id, unsigned len);
void pb_efield(struct pb *p, unsigned id, unsigned len, uint32_t pen);

/* A field specifier for the template builders (pen 0 = IANA). */
struct fspec {
	uint16_t id;
	uint16_t len;
	uint32_t pen;
};

/* One-template sets: an IPFIX template set (id 2), an IPFIX options
 * template set (id 3, the first nscope fields are the scope), a v9
 * template flowset (id 0) and a v9 options template flowset (id 1, scope
 * fields given apart; their ids are v9 scope types). */
void pb_ipfix_tmpl(struct pb *p, unsigned tid, const struct fspec *f,
		   size_t n);
void pb_ipfix_opt(struct pb *p, unsigned tid, const struct fspec *f,
		  size_t n, unsigned nscope);
void pb_v9_tmpl(struct pb *p, unsigned tid, const struct fspec *f, size_t n);
void pb_v9_opt(struct pb *p, unsigned tid, const struct fspec *scope,
	       size_t ns, const struct fspec *f, size_t n);

/* An IPv4 address (host order) / IPv6 address from text. */
void pb_v4(struct pb *p, uint32_t a);
void pb_v6(struct pb *p, const char *s);

/* Flows collected by the callback. */
#define COLL_MAX 512
struct coll {
	struct lf_flow f[COLL_MAX];
	size_t n;
};

void coll_cb(void *ud, const struct lf_flow *f);

/* The exporter all hand-made datagrams come from: 192.0.2.1:2055. */
extern struct lf_addr test_exporter;
#define TEST_PORT 2055

/* Decode p (an exact-size copy) at `now` from test_exporter:TEST_PORT,
 * appending flows to k (may be NULL). Returns lf_nf_decode's result. */
int dec(struct lf_nf_ctx *c, const struct pb *p, lf_time_t now,
	struct coll *k);
int dec_raw(struct lf_nf_ctx *c, const uint8_t *b, size_t n, lf_time_t now,
	    struct coll *k);

/* Load NF_DATA NAME into a malloc'd buffer. Returns 0, or -1 when the
 * file is absent (the caller skips). */
int load_data(const char *name, uint8_t **buf, size_t *len);

/* A context with default limits (fails the test on error). */
struct lf_nf_ctx *ctx_new(void);

/* Build an address from text (fails the test on error). */
struct lf_addr addr(const char *s);
/* Does a equal the address text s? */
int addr_is(const struct lf_addr *a, const char *s);

/* µs from seconds and a fraction in µs. */
#define US(s, us) ((lf_time_t)(s) * 1000000 + (us))

#endif
