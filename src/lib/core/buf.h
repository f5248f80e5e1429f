/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h — a growable byte buffer with a hard maximum, for building output
 * (export files, JSON, HTTP bodies). The contents are always NUL-terminated
 * (the NUL is not counted in len). Growth doubles; an append that would pass
 * `max` fails with LF_ELIMIT and leaves the buffer as it was.
 *
 * Appending bytes that point into the buffer itself is not allowed (a
 * growth would free them first). Not thread-safe.
 */
#ifndef LF_CORE_BUF_H
#define LF_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct lf_buf {
	char *data; /* NULL until the first append */
	size_t len;
	size_t cap;
	size_t max; /* 0 = SIZE_MAX / 2 */
};

void lf_buf_init(struct lf_buf *b, size_t max);
/* Make room for `extra` more bytes. 0, -ENOMEM or LF_ELIMIT. */
int lf_buf_reserve(struct lf_buf *b, size_t extra);
int lf_buf_append(struct lf_buf *b, const void *p, size_t n);
int lf_buf_puts(struct lf_buf *b, const char *s);
int lf_buf_putc(struct lf_buf *b, char c);
int lf_buf_printf(struct lf_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int lf_buf_vprintf(struct lf_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Append s[0..n) escaped as the inside of a JSON string. */
int lf_buf_json_str(struct lf_buf *b, const char *s, size_t n);
void lf_buf_reset(struct lf_buf *b); /* len = 0, memory kept */
void lf_buf_free(struct lf_buf *b);
/* Hand the data to the caller (who frees it) and reset the buffer. */
char *lf_buf_steal(struct lf_buf *b, size_t *len);

#endif
