/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Strict address parsing and RFC 5952 formatting. See addr.h for the
 * rules; the parsers never read past s[n) and never allocate.
 */
#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "core/addr.h"
#include "core/err.h"

/* Dotted quad, RFC 791 style with no shorthand and no leading zeros. */
static int parse_v4(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return LF_EMALF;
			i++;
		}
		size_t start = i;
		unsigned v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
		}
		size_t len = i - start;
		if (len == 0 || v > 255 || (len > 1 && s[start] == '0'))
			return LF_EMALF;
		out[part] = (uint8_t)v;
	}
	return i == n ? 0 : LF_EMALF;
}

/* RFC 4291 §2.2: eight groups, "::" once, optional trailing dotted quad. */
static int parse_v6(const char *s, size_t n, uint8_t out[16])
{
	uint16_t g[8];
	int ng = 0, gap = -1;
	size_t i = 0;

	if (n < 2)
		return LF_EMALF;
	if (s[0] == ':') {
		if (s[1] != ':')
			return LF_EMALF;
		gap = 0;
		i = 2;
		if (i == n)
			goto done;
	}
	for (;;) {
		size_t start = i;
		unsigned v = 0;
		while (i < n && lf_hexval(s[i]) >= 0 && i - start < 4) {
			v = (v << 4) | (unsigned)lf_hexval(s[i]);
			i++;
		}
		if (i < n && s[i] == '.') {
			/* trailing IPv4: room for two groups, nothing after */
			if (ng > 6 || (gap >= 0 && ng > 5))
				return LF_EMALF;
			uint8_t v4[4];
			if (parse_v4(s + start, n - start, v4))
				return LF_EMALF;
			g[ng++] = (uint16_t)(v4[0] << 8 | v4[1]);
			g[ng++] = (uint16_t)(v4[2] << 8 | v4[3]);
			i = n;
			break;
		}
		if (i == start || ng == 8)
			return LF_EMALF;
		g[ng++] = (uint16_t)v;
		if (i == n)
			break;
		if (s[i] != ':')
			return LF_EMALF;
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0)
				return LF_EMALF;
			gap = ng;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return LF_EMALF; /* trailing single ':' */
		}
	}
done:
	if (gap < 0 ? ng != 8 : ng > 7)
		return LF_EMALF;
	memset(out, 0, 16);
	int tail = gap < 0 ? 0 : ng - gap;
	for (int k = 0; k < ng - tail; k++) {
		out[2 * k] = (uint8_t)(g[k] >> 8);
		out[2 * k + 1] = (uint8_t)g[k];
	}
	for (int k = 0; k < tail; k++) {
		int pos = 8 - tail + k;
		out[2 * pos] = (uint8_t)(g[gap + k] >> 8);
		out[2 * pos + 1] = (uint8_t)g[gap + k];
	}
	return 0;
}

int lf_addr_parse(const char *s, size_t n, struct lf_addr *out)
{
	struct lf_addr a;
	if (n == 0)
		return LF_EMALF; /* also keeps a NULL s away from memchr */
	memset(&a, 0, sizeof(a));
	if (memchr(s, ':', n)) {
		if (memchr(s, '%', n))
			return LF_EZONE;
		if (parse_v6(s, n, a.b))
			return LF_EMALF;
		a.af = LF_AF_V6;
	} else {
		if (parse_v4(s, n, a.b))
			return LF_EMALF;
		a.af = LF_AF_V4;
	}
	*out = a;
	return 0;
}

void lf_addr_mask(struct lf_addr *a, unsigned len)
{
	unsigned bits = lf_addr_bits(a);
	if (len >= bits)
		return;
	unsigned byte = len / 8, rem = len % 8;
	if (rem) {
		a->b[byte] &= (uint8_t)(0xff << (8 - rem));
		byte++;
	}
	memset(a->b + byte, 0, 16 - byte);
}

int lf_prefix_parse(const char *s, size_t n, unsigned flags,
		    struct lf_prefix *out, int *masked)
{
	if (n == 0)
		return LF_EMALF;
	const char *slash = memchr(s, '/', n);
	size_t alen = slash ? (size_t)(slash - s) : n;
	struct lf_prefix p;
	int rc = lf_addr_parse(s, alen, &p.addr);
	if (rc)
		return rc;
	unsigned bits = lf_addr_bits(&p.addr);
	unsigned len = bits;
	if (slash) {
		const char *d = slash + 1;
		size_t dn = n - alen - 1;
		if (dn == 0 || (dn > 1 && d[0] == '0'))
			return LF_EMALF;
		len = 0;
		for (size_t i = 0; i < dn; i++) {
			if (d[i] < '0' || d[i] > '9')
				return LF_EMALF;
			if (len <= bits) /* stop before it can wrap */
				len = len * 10 + (unsigned)(d[i] - '0');
		}
		/* a well-formed length that is too big ("/1000" too) */
		if (len > bits)
			return LF_ERANGE;
	} else if (flags & LF_PFX_NOBARE) {
		return LF_EMALF;
	}
	struct lf_addr m = p.addr;
	lf_addr_mask(&m, len);
	int had = memcmp(&m, &p.addr, sizeof(m)) != 0;
	if (had && (flags & LF_PFX_STRICT))
		return LF_EHOSTBITS;
	p.addr = m;
	p.len = (uint8_t)len;
	*out = p;
	if (masked)
		*masked = had;
	return 0;
}

/* Decimal octet into p; returns the number of characters (1..3). Hand-
 * written because exports format millions of addresses and snprintf was
 * most of their time. */
static size_t put_octet(char *p, unsigned v)
{
	if (v >= 100) {
		p[0] = (char)('0' + v / 100);
		p[1] = (char)('0' + v / 10 % 10);
		p[2] = (char)('0' + v % 10);
		return 3;
	}
	if (v >= 10) {
		p[0] = (char)('0' + v / 10);
		p[1] = (char)('0' + v % 10);
		return 2;
	}
	p[0] = (char)('0' + v);
	return 1;
}

static int fmt_v4(const uint8_t *b, char *buf, size_t cap)
{
	char tmp[16];
	size_t o = 0;
	for (int i = 0; i < 4; i++) {
		if (i)
			tmp[o++] = '.';
		o += put_octet(tmp + o, b[i]);
	}
	if (o + 1 > cap) {
		if (cap)
			buf[0] = '\0';
		return LF_ELIMIT;
	}
	memcpy(buf, tmp, o);
	buf[o] = '\0';
	return (int)o;
}

/* Lowercase hex of a 16-bit group without leading zeros. */
static size_t put_group(char *p, unsigned g)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	int started = 0;
	for (int sh = 12; sh >= 0; sh -= 4) {
		unsigned d = (g >> sh) & 15;
		if (d || started || sh == 0) {
			p[o++] = hex[d];
			started = 1;
		}
	}
	return o;
}

/* RFC 5952 §4: lowercase, no leading zeros, compress the longest run of
 * two or more zero groups (the first on a tie); §5: IPv4-mapped as
 * ::ffff:a.b.c.d. */
int lf_addr_format(const struct lf_addr *a, char *buf, size_t cap)
{
	if (a->af == LF_AF_V4)
		return fmt_v4(a->b, buf, cap);
	uint16_t g[8];
	for (int i = 0; i < 8; i++)
		g[i] = (uint16_t)(a->b[2 * i] << 8 | a->b[2 * i + 1]);
	int best = -1, bestlen = 0;
	for (int i = 0; i < 8;) {
		if (g[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > bestlen && j - i >= 2) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	char tmp[LF_ADDR_STRLEN];
	size_t o = 0;
	int mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 &&
		     g[4] == 0 && g[5] == 0xffff;
	int ngroups = mapped ? 6 : 8;
	if (mapped) {
		best = 0;
		bestlen = 5;
	}
	for (int i = 0; i < ngroups;) {
		if (i == best) {
			tmp[o++] = ':';
			if (i == 0)
				tmp[o++] = ':';
			i += bestlen;
			continue;
		}
		o += put_group(tmp + o, g[i]);
		i++;
		if (i < 8)
			tmp[o++] = ':';
	}
	if (mapped) {
		int n = fmt_v4(a->b + 12, tmp + o, sizeof(tmp) - o);
		o += (size_t)n;
	} else if (o > 1 && tmp[o - 1] == ':' && tmp[o - 2] != ':') {
		o--; /* a group followed by ':' at the very end */
	}
	tmp[o] = '\0';
	if (o + 1 > cap) {
		if (cap)
			buf[0] = '\0';
		return LF_ELIMIT;
	}
	memcpy(buf, tmp, o + 1);
	return (int)o;
}

int lf_prefix_format(const struct lf_prefix *p, char *buf, size_t cap)
{
	int n = lf_addr_format(&p->addr, buf, cap);
	if (n < 0)
		return n;
	char len[5];
	size_t m = 0;
	len[m++] = '/';
	m += put_octet(len + m, p->len);
	if ((size_t)n + m + 1 > cap) {
		buf[0] = '\0';
		return LF_ELIMIT;
	}
	memcpy(buf + n, len, m);
	buf[(size_t)n + m] = '\0';
	return n + (int)m;
}

void lf_addr_from_v4(struct lf_addr *a, uint32_t v)
{
	memset(a, 0, sizeof(*a));
	a->af = LF_AF_V4;
	a->b[0] = (uint8_t)(v >> 24);
	a->b[1] = (uint8_t)(v >> 16);
	a->b[2] = (uint8_t)(v >> 8);
	a->b[3] = (uint8_t)v;
}

void lf_addr_from_v6(struct lf_addr *a, const uint8_t b[16])
{
	a->af = LF_AF_V6;
	memcpy(a->b, b, 16);
}

int lf_prefix_contains(const struct lf_prefix *p, const struct lf_addr *a)
{
	if (p->addr.af != a->af)
		return 0;
	struct lf_addr m = *a;
	lf_addr_mask(&m, p->len);
	return memcmp(m.b, p->addr.b, 16) == 0;
}

int lf_prefix_covers(const struct lf_prefix *p, const struct lf_prefix *q)
{
	return p->len <= q->len && lf_prefix_contains(p, &q->addr);
}

int lf_addr_cmp(const struct lf_addr *a, const struct lf_addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->b, b->b, 16);
}

int lf_prefix_cmp(const struct lf_prefix *a, const struct lf_prefix *b)
{
	int c = lf_addr_cmp(&a->addr, &b->addr);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}
