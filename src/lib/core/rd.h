/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rd.h — the bounded reader: the one way Lianfang reads any wire format.
 *
 * A reader is a cursor over (base, len) with a sticky error. Every read
 * checks the bounds; a read past the end sets err = LF_ETRUNC, leaves the
 * position at the end and yields zeros, so a parser can read a whole header
 * and check lf_rd_err() once. A set, TLV or record becomes a sub-reader of
 * exactly its own length (lf_rd_sub), so an inner parser cannot run past its
 * container no matter what it reads. Nothing here allocates.
 *
 * Multi-byte integers are read in network byte order (big-endian) unless the
 * name says _le.
 *
 * Thread-safety: a reader is a plain value; one thread at a time.
 */
#ifndef LF_CORE_RD_H
#define LF_CORE_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

struct lf_rd {
	const uint8_t *base;
	size_t len;
	size_t pos;
	int err; /* 0, or the first error seen; sticky */
};

static inline void lf_rd_init(struct lf_rd *r, const void *buf, size_t len)
{
	/* A NULL buffer becomes an empty one, so that zero-length reads never
	 * compute NULL + 0 and lf_rd_ptr always returns a real pointer. */
	r->base = buf ? (const uint8_t *)buf : (const uint8_t *)"";
	r->len = buf ? len : 0;
	r->pos = 0;
	r->err = 0;
}

static inline size_t lf_rd_left(const struct lf_rd *r)
{
	return r->len - r->pos;
}

static inline int lf_rd_err(const struct lf_rd *r)
{
	return r->err;
}

/* Set the sticky error (first one wins) and move to the end. */
static inline void lf_rd_fail(struct lf_rd *r, int err)
{
	if (r->err == 0)
		r->err = err;
	r->pos = r->len;
}

/*
 * Return a pointer to the next n bytes and advance, or NULL (error set) if
 * fewer than n remain or the reader already failed.
 */
static inline const uint8_t *lf_rd_ptr(struct lf_rd *r, size_t n)
{
	if (r->err || n > r->len - r->pos) {
		lf_rd_fail(r, LF_ETRUNC);
		return NULL;
	}
	const uint8_t *p = r->base + r->pos;
	r->pos += n;
	return p;
}

static inline void lf_rd_skip(struct lf_rd *r, size_t n)
{
	(void)lf_rd_ptr(r, n);
}

/* Copy n bytes into dst; on error dst is zero-filled. */
static inline void lf_rd_bytes(struct lf_rd *r, void *dst, size_t n)
{
	const uint8_t *p = lf_rd_ptr(r, n);
	if (p)
		memcpy(dst, p, n);
	else if (n)
		memset(dst, 0, n);
}

static inline uint8_t lf_rd_u8(struct lf_rd *r)
{
	const uint8_t *p = lf_rd_ptr(r, 1);
	return p ? p[0] : 0;
}

static inline uint16_t lf_rd_u16(struct lf_rd *r)
{
	const uint8_t *p = lf_rd_ptr(r, 2);
	return p ? (uint16_t)((p[0] << 8) | p[1]) : 0;
}

static inline uint32_t lf_rd_u32(struct lf_rd *r)
{
	const uint8_t *p = lf_rd_ptr(r, 4);
	return p ? ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
			   ((uint32_t)p[2] << 8) | p[3]
		 : 0;
}

static inline uint64_t lf_rd_u64(struct lf_rd *r)
{
	uint64_t hi = lf_rd_u32(r);
	uint64_t lo = lf_rd_u32(r);
	return (hi << 32) | lo;
}

/*
 * Read an unsigned big-endian integer of 1..8 bytes (reduced-size encoding,
 * RFC 7011 §6.2). n == 0 or n > 8 sets LF_EMALF.
 */
static inline uint64_t lf_rd_uint(struct lf_rd *r, size_t n)
{
	if (n == 0 || n > 8) {
		lf_rd_fail(r, LF_EMALF);
		return 0;
	}
	const uint8_t *p = lf_rd_ptr(r, n);
	uint64_t v = 0;
	if (!p)
		return 0;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/*
 * Carve the next n bytes into a sub-reader and advance past them. On
 * failure the parent's error is set and the sub-reader is empty with the
 * same error, so code reading from it sees the failure too.
 */
static inline void lf_rd_sub(struct lf_rd *r, size_t n, struct lf_rd *sub)
{
	const uint8_t *p = lf_rd_ptr(r, n);
	lf_rd_init(sub, p, p ? n : 0);
	if (!p)
		sub->err = r->err;
}

#endif
