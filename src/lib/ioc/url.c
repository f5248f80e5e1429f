/* SPDX-License-Identifier: Apache-2.0 */
/*
 * url.c — the canonical text of a URL indicator.
 *
 * A URL is parsed as RFC 3986 §3 splits it,
 *
 *     scheme "://" [ userinfo "@" ] host [ ":" port ] path [ "?" query ]
 *                                                         [ "#" fragment ]
 *
 * and written back normalised, so that the spellings a feed, a proxy log
 * and a sandbox report use for one resource become one string:
 *
 *   scheme     lowercase (§6.2.2.1); must be followed by "//": a URL
 *              indicator names a place on a network, "mailto:" and "urn:"
 *              do not.
 *   userinfo   kept (phishing hides the real host behind
 *              "bank.example@"), percent-encoding normalised; the host
 *              follows the last '@' of the authority, as browsers do, and
 *              earlier '@' become %40. An empty userinfo ("http://@h/") is
 *              dropped.
 *   host       a domain: percent-decoded, then lf_ioc_domain_normalize
 *              (lowercase A-labels, no trailing dot); a dotted quad:
 *              strict IPv4 (no "010.1.1.1", no "1.2.3.999"); "[v6]":
 *              RFC 5952 text via lf_addr_format, zone ids refused
 *              (LF_EZONE), IPvFuture refused (LF_EUNSUP). Empty only for
 *              schemes other than http, https, ws, wss and ftp
 *              ("file:///etc/passwd").
 *   port       0..65535, leading zeros dropped, dropped altogether when
 *              empty or the scheme's default (§6.2.3: http 80, https 443,
 *              ftp 21, ws 80, wss 443).
 *   path       percent-encoding normalised, then dot segments removed
 *              (§5.2.4) — in that order, so "%2E%2E" is a dot segment too;
 *              empty becomes "/" for the schemes above (§6.2.3).
 *   query      kept (an empty one too: "?" is not nothing to every
 *              server), percent-encoding normalised.
 *   fragment   dropped: it never leaves the client.
 *
 * Percent-encoding normalisation (§6.2.2.1, §6.2.2.2): "%XX" of an
 * unreserved character (ALPHA DIGIT - . _ ~) is decoded, every other
 * "%XX" is kept with uppercase hex, and a '%' not followed by two hex
 * digits is LF_EMALF. A byte the component may not hold raw — non-ASCII
 * (UTF-8 stays UTF-8, one %XX per byte), space, '"', '<', '>', '\', '^',
 * '`', '{', '|', '}', '[' , ']' — is percent-encoded, as a browser does
 * before sending. Control bytes are LF_EMALF. The result therefore holds
 * only characters RFC 3986 allows where they stand, and normalising it
 * again changes nothing.
 *
 * The output is written straight into the caller's buffer, with no
 * intermediate copy; dot segments are removed segment by segment as the
 * path is written (see put_path). Pure, no allocation except inside
 * libidn2 for non-ASCII hosts, thread-safe.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "core/ascii.h"
#include "core/addr.h"
#include "core/err.h"
#include "core/num.h"
#include "ioc/ioc.h"

/* Longest raw host accepted: a name of LF_DOMAIN_MAX octets written
 * entirely as %XX, and then some for U-labels. */
#define HOST_RAW_MAX (4 * (LF_DOMAIN_MAX + 1))

/* Characters a component may hold raw, besides unreserved ones. */
#define C_USERINFO 0x01 /* sub-delims ":" */
#define C_PATH 0x02     /* sub-delims ":" "@" "/" */
#define C_QUERY 0x04    /* sub-delims ":" "@" "/" "?" */

struct out {
	char *p;
	size_t cap; /* len < cap always: room for the NUL */
	size_t len;
	int err;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->err)
		return;
	if (n >= o->cap - o->len) {
		o->err = LF_ELIMIT;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void put_c(struct out *o, char c)
{
	put(o, &c, 1);
}

static const char hexdig[] = "0123456789ABCDEF";

static void put_pct(struct out *o, unsigned char c)
{
	char e[3] = {'%', hexdig[c >> 4], hexdig[c & 15]};
	put(o, e, 3);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 3986 §2.3 */
static int is_unreserved(int c)
{
	return is_alpha((char)c) || is_digit((char)c) || c == '-' ||
	       c == '.' || c == '_' || c == '~';
}

/* RFC 3986 §2.2 sub-delims */
static int is_subdelim(char c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

static int allowed(char c, unsigned comp)
{
	if (is_unreserved((unsigned char)c) || is_subdelim(c) || c == ':')
		return 1;
	if (comp & (C_PATH | C_QUERY))
		if (c == '@' || c == '/')
			return 1;
	return (comp & C_QUERY) && c == '?';
}

/* Percent-encoding normalisation of one component (§6.2.2.1, §6.2.2.2). */
static int put_component(struct out *o, const char *s, size_t n,
			 unsigned comp)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			int h, l;
			if (n - i < 3 || (h = lf_hexval(s[i + 1])) < 0 ||
			    (l = lf_hexval(s[i + 2])) < 0)
				return LF_EMALF;
			int v = h << 4 | l;
			if (is_unreserved(v))
				put_c(o, (char)v);
			else
				put_pct(o, (unsigned char)v);
			i += 2;
		} else if (allowed(c, comp)) {
			put_c(o, c);
		} else {
			put_pct(o, (unsigned char)c);
		}
	}
	return o->err;
}

/* Drop the last segment and its '/' from p[0..o) (§5.2.4 step 2C). */
static size_t drop_last(const char *p, size_t o)
{
	while (o > 0 && p[o - 1] != '/')
		o--;
	return o > 0 ? o - 1 : 0;
}

/*
 * A path-abempty (§3.3) s[0..n), percent-normalised and with its dot
 * segments removed, appended to o->p[base..]. This is remove_dot_segments
 * of RFC 3986 §5.2.4 done one segment at a time as a stack: for a path
 * that is empty or starts with '/', steps 2A and 2D never apply, 2B drops
 * a "." segment, 2C a ".." segment and the one before it, 2E keeps a
 * segment; a "." or ".." at the end leaves the path ending in '/'. The
 * test of a segment is on its decoded form, so "%2E%2E" is "..". Written
 * this way a path needs room only for what it keeps.
 */
/* 1 if the raw segment s[0..n) is "." once decoded, 2 if "..", else 0. */
static int dot_segment(const char *s, size_t n)
{
	int dots = 0;
	for (size_t i = 0; i < n; i++, dots++) {
		if (s[i] == '.')
			continue;
		if (n - i >= 3 && s[i] == '%' && s[i + 1] == '2' &&
		    (s[i + 2] == 'e' || s[i + 2] == 'E')) {
			i += 2;
			continue;
		}
		return 0;
	}
	return dots <= 2 ? dots : 0;
}

static int put_path(struct out *o, const char *s, size_t n)
{
	size_t base = o->len;
	int slash = 0; /* the last segment was a dot segment */
	size_t i = 0;
	while (i < n) {
		/* s[i] == '/': a segment follows, possibly empty */
		size_t b = ++i;
		while (i < n && s[i] != '/')
			i++;
		int dots = dot_segment(s + b, i - b);
		slash = dots > 0;
		if (dots == 2)
			o->len = base + drop_last(o->p + base, o->len - base);
		if (dots)
			continue;
		put_c(o, '/');
		int rc = put_component(o, s + b, i - b, C_PATH);
		if (rc)
			return rc;
	}
	if (slash)
		put_c(o, '/');
	return o->err;
}

struct scheme {
	const char *name;
	unsigned port;
};

/* §6.2.3: schemes whose default port and empty path we know. */
static const struct scheme special[] = {
	{"http", 80}, {"https", 443}, {"ws", 80}, {"wss", 443}, {"ftp", 21},
};

static const struct scheme *find_special(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strlen(special[i].name) == n &&
		    memcmp(special[i].name, s, n) == 0)
			return &special[i];
	return NULL;
}

/* "[...]": an IPv6 literal (§3.2.2). IPvFuture is not supported. */
static int put_ip_literal(struct out *o, const char *h, size_t n)
{
	struct lf_addr a;
	char txt[LF_ADDR_STRLEN];
	if (n > 0 && (h[0] == 'v' || h[0] == 'V'))
		return LF_EUNSUP;
	if (memchr(h, '%', n))
		return LF_EZONE; /* "fe80::1%25eth0" (RFC 6874) */
	int rc = lf_addr_parse(h, n, &a);
	if (rc)
		return rc;
	if (a.af != LF_AF_V6)
		return LF_EMALF;
	rc = lf_addr_format(&a, txt, sizeof(txt));
	if (rc < 0)
		return rc;
	put_c(o, '[');
	put(o, txt, (size_t)rc);
	put_c(o, ']');
	return o->err;
}

/* A registered name or a dotted quad (§3.2.2). */
static int put_reg_name(struct out *o, const char *h, size_t n)
{
	char raw[HOST_RAW_MAX];
	char name[LF_DOMAIN_MAX + 1];
	size_t rn = 0;
	int quad = 1;
	if (n > HOST_RAW_MAX)
		return LF_EMALF;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];
		if (c == '%') {
			int hi, lo;
			if (n - i < 3 || (hi = lf_hexval(h[i + 1])) < 0 ||
			    (lo = lf_hexval(h[i + 2])) < 0)
				return LF_EMALF;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f)
			return LF_EMALF;
		quad &= is_digit((char)c) || c == '.';
		raw[rn++] = (char)c;
	}
	if (quad) {
		/* Digits and dots are an IPv4 address or nothing: never a
		 * name, and never the octal or short forms of inet_aton. */
		struct lf_addr a;
		char txt[LF_ADDR_STRLEN];
		if (lf_addr_parse(raw, rn, &a) != 0 || a.af != LF_AF_V4)
			return LF_EMALF;
		int rc = lf_addr_format(&a, txt, sizeof(txt));
		if (rc < 0)
			return rc;
		put(o, txt, (size_t)rc);
		return o->err;
	}
	int len = lf_ioc_domain_normalize(raw, rn, name, sizeof(name));
	if (len < 0)
		return len;
	put(o, name, (size_t)len);
	return o->err;
}

/* The authority s[0..n): [ userinfo "@" ] host [ ":" port ]. */
static int put_authority(struct out *o, const char *s, size_t n,
			 const struct scheme *sp)
{
	const char *h = s;
	size_t hn = n;
	for (size_t k = n; k > 0; k--) {
		if (s[k - 1] == '@') {
			/* Everything before the last '@' is userinfo. */
			if (k > 1) {
				int rc = put_component(o, s, k - 1, C_USERINFO);
				if (rc)
					return rc;
				put_c(o, '@');
			}
			h = s + k;
			hn = n - k;
			break;
		}
	}

	const char *port = NULL;
	size_t pn = 0, host_n;
	int rc;
	if (hn > 0 && h[0] == '[') {
		const char *close = memchr(h, ']', hn);
		if (!close)
			return LF_EMALF;
		host_n = (size_t)(close - h) + 1;
		if (host_n < hn && h[host_n] != ':')
			return LF_EMALF;
		rc = put_ip_literal(o, h + 1, host_n - 2);
	} else {
		const char *colon = memchr(h, ':', hn);
		host_n = colon ? (size_t)(colon - h) : hn;
		if (host_n == 0) {
			if (sp)
				return LF_EMALF; /* http needs a host */
			rc = 0;
		} else {
			rc = put_reg_name(o, h, host_n);
		}
	}
	if (rc)
		return rc;
	if (host_n < hn) { /* h[host_n] is ':' */
		port = h + host_n + 1;
		pn = hn - host_n - 1;
	}
	if (pn > 0) {
		uint32_t v;
		for (size_t i = 0; i < pn; i++)
			if (!is_digit(port[i]))
				return LF_EMALF;
		if (lf_num_u32(port, pn, 0, 65535, &v) != 0)
			return LF_EMALF;
		if (!sp || v != sp->port) {
			char num[8];
			int k = (int)sizeof(num);
			do {
				num[--k] = (char)('0' + v % 10);
				v /= 10;
			} while (v);
			put_c(o, ':');
			put(o, num + k, sizeof(num) - (size_t)k);
		}
	}
	return o->err;
}

int lf_ioc_url_normalize(const char *s, size_t n, char *buf, size_t cap)
{
	if (!buf || cap == 0 || (!s && n))
		return -EINVAL;
	if (cap > INT_MAX)
		cap = INT_MAX;
	struct out o = {.p = buf, .cap = cap, .len = 0, .err = 0};
	buf[0] = '\0';
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return LF_EMALF;
	}

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (§3.1) */
	size_t i = 0;
	if (n == 0 || !is_alpha(s[0]))
		return LF_EMALF;
	while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' ||
			 s[i] == '-' || s[i] == '.'))
		i++;
	if (n - i < 3 || memcmp(s + i, "://", 3) != 0)
		return LF_EMALF;
	for (size_t k = 0; k < i; k++)
		put_c(&o, lower(s[k]));
	put(&o, "://", 3);
	if (o.err)
		goto fail;
	const struct scheme *sp = find_special(o.p, i);
	i += 3;

	/* authority: up to the first "/", "?" or "#" (§3.2) */
	size_t a = i;
	while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	rc = put_authority(&o, s + a, i - a, sp);
	if (rc)
		goto fail;

	/* path-abempty (§3.3) */
	size_t p = i;
	while (i < n && s[i] != '?' && s[i] != '#')
		i++;
	size_t start = o.len;
	rc = put_path(&o, s + p, i - p);
	if (rc)
		goto fail;
	if (o.len == start && sp)
		put_c(&o, '/'); /* §6.2.3: "http://h" is "http://h/" */
	/* query (§3.4); the fragment (§3.5) is dropped */
	if (i < n && s[i] == '?') {
		size_t q = ++i;
		while (i < n && s[i] != '#')
			i++;
		put_c(&o, '?');
		rc = put_component(&o, s + q, i - q, C_QUERY);
		if (rc)
			goto fail;
	}
	if (o.err) {
		rc = o.err;
		goto fail;
	}
	buf[o.len] = '\0';
	return (int)o.len;
fail:
	buf[0] = '\0';
	return rc ? rc : o.err;
}
