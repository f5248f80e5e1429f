/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"

void lf_buf_init(struct lf_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	/* Above SIZE_MAX / 2 the doubling in lf_buf_reserve and the + 1
	 * for the NUL would wrap: clamp (0 means "as large as possible"). */
	b->max = max && max < SIZE_MAX / 2 ? max : SIZE_MAX / 2;
}

int lf_buf_reserve(struct lf_buf *b, size_t extra)
{
	if (extra > b->max || b->len > b->max - extra)
		return LF_ELIMIT;
	size_t need = b->len + extra + 1; /* + NUL */
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	char *p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int lf_buf_append(struct lf_buf *b, const void *p, size_t n)
{
	int rc = lf_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int lf_buf_puts(struct lf_buf *b, const char *s)
{
	return lf_buf_append(b, s, strlen(s));
}

int lf_buf_putc(struct lf_buf *b, char c)
{
	return lf_buf_append(b, &c, 1);
}

/* The attribute lets -Wformat=2 (clang's -Wformat-nonliteral) see that
 * fmt is a checked format passed through; buf.h should carry it too. */
__attribute__((format(printf, 2, 0)))
int lf_buf_vprintf(struct lf_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	char small[256];
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return LF_EMALF;
	if ((size_t)n < sizeof(small))
		return lf_buf_append(b, small, (size_t)n);
	int rc = lf_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int lf_buf_printf(struct lf_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = lf_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int lf_buf_json_str(struct lf_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = b->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		const char *out = NULL;
		size_t olen = 0;
		switch (c) {
		case '"': out = "\\\""; olen = 2; break;
		case '\\': out = "\\\\"; olen = 2; break;
		case '\n': out = "\\n"; olen = 2; break;
		case '\r': out = "\\r"; olen = 2; break;
		case '\t': out = "\\t"; olen = 2; break;
		default:
			if (c < 0x20 || c == 0x7f) {
				esc[0] = '\\';
				esc[1] = 'u';
				esc[2] = '0';
				esc[3] = '0';
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				out = esc;
				olen = 6;
			}
		}
		int rc = out ? lf_buf_append(b, out, olen) : lf_buf_append(b, &s[i], 1);
		if (rc) {
			b->len = start;
			if (b->data)
				b->data[start] = '\0';
			return rc;
		}
	}
	return 0;
}

void lf_buf_reset(struct lf_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lf_buf_free(struct lf_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *lf_buf_steal(struct lf_buf *b, size_t *len)
{
	char *p = b->data;
	if (len)
		*len = b->len;
	if (!p) {
		p = calloc(1, 1);
		if (len)
			*len = 0;
	}
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
