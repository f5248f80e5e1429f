/* SPDX-License-Identifier: Apache-2.0 */
/*
 * value.c — indicator values: type and TLP names, type detection, and the
 * canonical text of every indicator type (ioc.h). URLs live in url.c.
 *
 * Why one canonical text. Feeds write the same indicator in many ways:
 * "EVIL.example.", "evil[.]example", "*.evil.example", "10.0.0.1/8",
 * "hxxp://evil[.]example:80/a/../b". The indicator set indexes values by
 * their bytes, so every spelling of one thing must turn into one string
 * here, once, at import; matching then never normalises again. The rule
 * that keeps this honest is idempotence: parsing a canonical text gives the
 * same text (the fuzz target asserts it).
 *
 * The pipeline of lf_ioc_value_parse:
 *
 *   1. trim   surrounding ASCII whitespace and UTF-8 byte-order marks go;
 *             a NUL or other control byte left inside is LF_EMALF.
 *   2. refang the defanged spellings of threat-intel reports are undone
 *             (see refang() for the exact list and where each applies).
 *   3. type   with a hint only that type is tried; without one the order
 *             is IP, URL ("scheme://"), e-mail ('@'), hash, domain.
 *   4. normalise into out->text, at most LF_IOC_VALUE_MAX bytes.
 *
 * Domains are the subtle part. ASCII labels are checked here (LDH plus '_',
 * which SRV and DMARC names and many feeds carry); a label with non-ASCII
 * bytes goes alone through libidn2 (UTS #46 non-transitional mapping, then
 * IDNA2008 to an A-label); then the whole name is checked again as ASCII,
 * so whatever libidn2 returns obeys the same rules as typed input. Labels
 * are converted one at a time because libidn2 refuses a whole name when any
 * ASCII label breaks an IDNA rule ("r3---sn-x.googlevideo.com" has "--" in
 * positions 3-4), yet such names are real and appear in feeds. An A-label
 * typed as such ("xn--...") is kept as written, lowercased, if it decodes as
 * Punycode: emoji names registered under IDNA2003 are not valid IDNA2008
 * but are still indicators.
 *
 * Everything here is a pure function of its arguments; libidn2 is
 * thread-safe, so is this file.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <idn2.h>

#include "core/addr.h"
#include "core/err.h"
#include "ioc/ioc.h"

/* Raw bytes of a domain accepted before IDNA work starts (a 253-octet
 * name of 4-byte code points, and change). */
#define DOMAIN_IN_MAX 1024
#define LABEL_MAX 63

/* A defanged value shrinks by at most 3:1 ("[.]" -> "."); longer raw
 * input cannot fit LF_IOC_VALUE_MAX and is refused before any work. */
#define RAW_MAX (3 * LF_IOC_VALUE_MAX)

static const char *const type_names[LF_IOC__COUNT] = {
	[LF_IOC_NONE] = "",
	[LF_IOC_IPV4] = "ipv4",
	[LF_IOC_IPV6] = "ipv6",
	[LF_IOC_DOMAIN] = "domain",
	[LF_IOC_URL] = "url",
	[LF_IOC_MD5] = "md5",
	[LF_IOC_SHA1] = "sha1",
	[LF_IOC_SHA256] = "sha256",
	[LF_IOC_EMAIL] = "email",
};

static const char *const tlp_names[LF_TLP__COUNT] = {
	[LF_TLP_UNSET] = "",
	[LF_TLP_CLEAR] = "clear",
	[LF_TLP_GREEN] = "green",
	[LF_TLP_AMBER] = "amber",
	[LF_TLP_AMBER_STRICT] = "amber+strict",
	[LF_TLP_RED] = "red",
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* s[0..n) equals the NUL-terminated lit, ASCII case-insensitively. */
static int span_ieq(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	if (n != m)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != lit[i])
			return 0;
	return 1;
}

/* s[0..n) starts with the lowercase lit, case-insensitively. */
static int span_iprefix(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	return n >= m && span_ieq(s, m, lit);
}

static void trim_space(const char **s, size_t *n)
{
	while (*n && is_space((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

const char *lf_ioc_type_name(enum lf_ioc_type t)
{
	if ((unsigned)t >= LF_IOC__COUNT)
		return "";
	return type_names[t];
}

int lf_ioc_type_parse(const char *s, size_t n, enum lf_ioc_type *out)
{
	if (!out || (!s && n))
		return -EINVAL;
	for (unsigned t = LF_IOC_NONE + 1; t < LF_IOC__COUNT; t++) {
		if (span_ieq(s, n, type_names[t])) {
			*out = (enum lf_ioc_type)t;
			return 0;
		}
	}
	return LF_EMALF;
}

const char *lf_tlp_name(enum lf_tlp t)
{
	if ((unsigned)t >= LF_TLP__COUNT)
		return "";
	return tlp_names[t];
}

int lf_tlp_parse(const char *s, size_t n, enum lf_tlp *out)
{
	if (!out || (!s && n))
		return -EINVAL;
	trim_space(&s, &n);
	if (span_iprefix(s, n, "tlp:")) {
		s += 4;
		n -= 4;
		trim_space(&s, &n);
	}
	if (span_ieq(s, n, "white")) { /* TLP 1.0 */
		*out = LF_TLP_CLEAR;
		return 0;
	}
	for (unsigned t = LF_TLP_UNSET + 1; t < LF_TLP__COUNT; t++) {
		if (span_ieq(s, n, tlp_names[t])) {
			*out = (enum lf_tlp)t;
			return 0;
		}
	}
	return LF_EMALF;
}

/*
 * Domains
 */

static int is_label_char(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_';
}

/* An "xn--" label must decode as Punycode (RFC 3492); libidn2 decodes. */
static int punycode_ok(const char *l, size_t n)
{
	char z[LABEL_MAX + 1];
	char *u = NULL;
	memcpy(z, l, n); /* n <= LABEL_MAX, checked by the caller */
	z[n] = '\0';
	int rc = idn2_to_unicode_8z8z(z, &u, 0);
	idn2_free(u);
	return rc == IDN2_OK;
}

/*
 * Check a lowercase ASCII name (no trailing dot): labels 1..63 octets of
 * [a-z0-9-_], no '-' first or last except in an A-label, A-labels valid
 * Punycode, total <= LF_DOMAIN_MAX, top label not all digits (so that a
 * bad dotted quad like "1.2.3.999" is never taken for a name).
 * Returns the number of labels or LF_EMALF.
 */
static int check_name(const char *s, size_t n)
{
	if (n == 0 || n > LF_DOMAIN_MAX)
		return LF_EMALF;
	int labels = 0;
	size_t i = 0;
	for (;;) {
		size_t b = i;
		int digits = 1;
		while (i < n && s[i] != '.') {
			if (!is_label_char(s[i]))
				return LF_EMALF;
			digits &= is_digit(s[i]);
			i++;
		}
		size_t len = i - b;
		if (len == 0 || len > LABEL_MAX)
			return LF_EMALF;
		const char *l = s + b;
		if (len >= 4 && memcmp(l, "xn--", 4) == 0) {
			if (!punycode_ok(l, len))
				return LF_EMALF;
		} else if (l[0] == '-' || l[len - 1] == '-') {
			return LF_EMALF;
		}
		labels++;
		if (i == n)
			return digits ? LF_EMALF : labels;
		i++; /* the dot */
	}
}

/*
 * One label with non-ASCII bytes to its A-label(s), appended to name.
 * UTS #46 mapping may turn an ideographic full stop into '.', so the
 * output can hold several labels: check_name sees them all later.
 */
static int idna_label(const char *l, size_t n, char *name, size_t *len)
{
	char z[DOMAIN_IN_MAX + 1];
	uint8_t *a = NULL;
	if (n > DOMAIN_IN_MAX || memchr(l, '\0', n))
		return LF_EMALF;
	memcpy(z, l, n);
	z[n] = '\0';
	int rc = idn2_lookup_u8((const uint8_t *)z, &a,
				IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	if (rc != IDN2_OK) {
		idn2_free(a);
		return LF_EMALF;
	}
	size_t an = strlen((const char *)a);
	if (an > LF_DOMAIN_MAX - *len) {
		idn2_free(a);
		return LF_EMALF;
	}
	memcpy(name + *len, a, an);
	*len += an;
	idn2_free(a);
	return 0;
}

/* Normalise into name[LF_DOMAIN_MAX + 1]; returns labels or an error. */
static int domain_norm(const char *s, size_t n, char *name, size_t *len)
{
	size_t o = 0;
	if (n == 0 || n > DOMAIN_IN_MAX)
		return LF_EMALF;
	if (s[n - 1] == '.') /* the root: "example.com." is "example.com" */
		n--;
	if (n == 0)
		return LF_EMALF;
	size_t i = 0;
	for (;;) {
		size_t b = i;
		int ascii = 1;
		while (i < n && s[i] != '.') {
			ascii &= (unsigned char)s[i] < 0x80;
			i++;
		}
		if (i == b)
			return LF_EMALF;
		if (ascii) {
			if (i - b > LF_DOMAIN_MAX - o)
				return LF_EMALF;
			for (size_t k = b; k < i; k++)
				name[o++] = lower(s[k]);
		} else {
			int rc = idna_label(s + b, i - b, name, &o);
			if (rc)
				return rc;
		}
		if (i == n)
			break;
		if (o >= LF_DOMAIN_MAX)
			return LF_EMALF;
		name[o++] = '.';
		i++;
	}
	name[o] = '\0';
	*len = o;
	return check_name(name, o);
}

int lf_ioc_domain_normalize(const char *s, size_t n, char *out, size_t cap)
{
	char name[LF_DOMAIN_MAX + 1];
	size_t len;
	if (!out || (!s && n))
		return -EINVAL;
	int rc = domain_norm(s, n, name, &len);
	if (rc < 0)
		return rc;
	if (len >= cap)
		return LF_ELIMIT;
	memcpy(out, name, len + 1);
	return (int)len;
}

/*
 * Defanged input
 */

/*
 * Push c onto the output stack buf[base..*o) and collapse a defanged triple on
 * top: "[.]" "{.}" -> ".", "[:]" -> ":", "[@]" -> "@", and "(.)" -> "."
 * when paren is set. Collapsing on a stack reaches the fixed point in one
 * pass ("{[.]}" is "{.}" is "."), which keeps the canonical text free of
 * these forms and parsing idempotent.
 */
static void push(char *buf, size_t base, size_t *o, char c, int paren)
{
	buf[(*o)++] = c;
	if ((c != ']' && c != '}' && c != ')') || *o - base < 3)
		return;
	char a = buf[*o - 3], m = buf[*o - 2];
	if ((a == '[' && c == ']' && (m == '.' || m == ':' || m == '@')) ||
	    (a == '{' && c == '}' && m == '.') ||
	    (paren && a == '(' && c == ')' && m == '.')) {
		buf[*o - 3] = m;
		*o -= 2;
	}
}

static int url_scheme_len(const char *s, size_t n);

/*
 * Undo defanging of s[0..n) (n <= RAW_MAX) into buf[RAW_MAX + 1]:
 *   "[.]" "{.}" -> "."   "[:]" -> ":"   "[@]" -> "@"   everywhere;
 *   "hxxp://" "hxxps://" (any case) -> "http://" "https://" at the start;
 *   "(.)" -> "." in the host of a URL, and anywhere in other values.
 * '[' '{' '}' may not appear raw in a URL's userinfo, path or query (RFC
 * 3986 §3.2.1, §3.3, §3.4), so those forms are safe everywhere; '(' and ')'
 * may, so "/a(.)b" in a path is left alone.
 * Fails with LF_ELIMIT when the result is longer than LF_IOC_VALUE_MAX.
 */
static int refang(enum lf_ioc_type hint, const char *s, size_t n, char *buf,
		  size_t *outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		push(buf, 0, &o, s[i], 0);
	if (span_iprefix(buf, o, "hxxp://") || span_iprefix(buf, o, "hxxps://"))
		buf[1] = buf[2] = 't';

	/* Where "(.)" applies: [a, b). */
	size_t a = 0, b = o;
	int sl = url_scheme_len(buf, o);
	if (sl > 0 || hint == LF_IOC_URL) {
		a = sl > 0 ? (size_t)sl + 3 : 0;
		b = a;
		while (b < o && buf[b] != '/' && buf[b] != '?' && buf[b] != '#')
			b++;
		for (size_t k = b; k > a; k--) {
			if (buf[k - 1] == '@') { /* after the userinfo */
				a = k;
				break;
			}
		}
	}
	size_t w = a;
	for (size_t r = a; r < b; r++)
		push(buf, a, &w, buf[r], 1); /* w <= r: in place */
	memmove(buf + w, buf + b, o - b);
	o -= b - w;
	if (o > LF_IOC_VALUE_MAX)
		return LF_ELIMIT;
	buf[o] = '\0';
	*outlen = o;
	return 0;
}

/* Length of "scheme" when s starts with RFC 3986 `scheme "://"`, else 0. */
static int url_scheme_len(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || lower(s[0]) < 'a' || lower(s[0]) > 'z')
		return 0;
	while (i < n) {
		char c = lower(s[i]);
		if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '+' ||
		      c == '-' || c == '.'))
			break;
		i++;
	}
	if (n - i >= 3 && memcmp(s + i, "://", 3) == 0)
		return (int)i;
	return 0;
}

/*
 * Each type
 */

static int parse_ip(enum lf_ioc_type hint, const char *s, size_t n,
		    struct lf_ioc_value *out)
{
	struct lf_prefix p;
	int masked = 0;
	int rc = lf_prefix_parse(s, n, 0, &p, &masked);
	if (rc)
		return rc;
	enum lf_ioc_type t = p.addr.af == LF_AF_V4 ? LF_IOC_IPV4 : LF_IOC_IPV6;
	if (hint != LF_IOC_NONE && hint != t)
		return LF_EMALF;
	rc = lf_prefix_format(&p, out->text, sizeof(out->text));
	if (rc < 0)
		return rc;
	out->type = t;
	out->pfx = p;
	out->masked = masked;
	out->len = (size_t)rc;
	return 0;
}

static int parse_url(enum lf_ioc_type hint, const char *s, size_t n,
		     struct lf_ioc_value *out)
{
	int rc;
	if (url_scheme_len(s, n) > 0) {
		rc = lf_ioc_url_normalize(s, n, out->text, sizeof(out->text));
	} else if (hint == LF_IOC_URL) {
		/*
		 * "evil.example/x" given as a URL: the web is implied. A
		 * scheme without "//" ("mailto:a@b", "http:/x") is not a
		 * host, but "evil.example:8080/x" has a port.
		 */
		size_t i = 0;
		while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' &&
		       s[i] != '#' && s[i] != '@')
			i++;
		if (i + 1 < n && s[i] == ':' && !is_digit(s[i + 1]) &&
		    s[0] != '[')
			return LF_EMALF;
		char tmp[7 + LF_IOC_VALUE_MAX];
		memcpy(tmp, "http://", 7);
		memcpy(tmp + 7, s, n); /* n <= LF_IOC_VALUE_MAX after refang */
		rc = lf_ioc_url_normalize(tmp, 7 + n, out->text,
					  sizeof(out->text));
	} else {
		return LF_EMALF;
	}
	if (rc < 0)
		return rc;
	out->type = LF_IOC_URL;
	out->len = (size_t)rc;
	return 0;
}

static int parse_hash(enum lf_ioc_type hint, const char *s, size_t n,
		      struct lf_ioc_value *out)
{
	enum lf_ioc_type t;
	switch (n) {
	case 32:
		t = LF_IOC_MD5;
		break;
	case 40:
		t = LF_IOC_SHA1;
		break;
	case 64:
		t = LF_IOC_SHA256;
		break;
	default:
		return LF_EMALF;
	}
	if (hint != LF_IOC_NONE && hint != t)
		return LF_EMALF;
	for (size_t i = 0; i < n; i++) {
		if (!is_hex(s[i]))
			return LF_EMALF;
		out->text[i] = lower(s[i]);
	}
	out->text[n] = '\0';
	out->type = t;
	out->len = n;
	return 0;
}

static int parse_domain(enum lf_ioc_type hint, const char *s, size_t n,
			struct lf_ioc_value *out)
{
	int sub = 0;
	if (n >= 2 && s[0] == '*' && s[1] == '.') {
		s += 2;
		n -= 2;
		sub = 1;
	} else if (n >= 1 && s[0] == '.') {
		s++;
		n--;
		sub = 1;
	}
	char name[LF_DOMAIN_MAX + 1];
	size_t len;
	int labels = domain_norm(s, n, name, &len);
	if (labels < 0)
		return labels;
	/*
	 * One label is a name only when the caller says so ("localhost" from
	 * a domain column), and never with "and subdomains": "*.com" would
	 * cover a whole top-level domain.
	 */
	if (labels < 2 && (hint == LF_IOC_NONE || sub))
		return LF_EMALF;
	memcpy(out->text, name, len + 1);
	out->type = LF_IOC_DOMAIN;
	out->subdomains = sub;
	out->len = len;
	return 0;
}

/*
 * RFC 5322 §3.2.3 specials, not allowed in an unquoted local part; the rest
 * of printable ASCII ("atext" and '.') is. Dots are not checked for
 * position: "a..b" and "a.@" exist at some mobile carriers.
 */
static int is_local_char(char c)
{
	if (c < 0x21 || c > 0x7e)
		return 0;
	return !strchr("()<>[]:;,\\\"@", c);
}

static int parse_email(enum lf_ioc_type hint, const char *s, size_t n,
		       struct lf_ioc_value *out)
{
	if (span_iprefix(s, n, "mailto:")) {
		s += 7;
		n -= 7;
	}
	const char *at = memchr(s, '@', n);
	if (!at || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return LF_EMALF;
	size_t ln = (size_t)(at - s);
	const char *d = at + 1;
	size_t dn = n - ln - 1;
	if (ln > 0 && s[0] == '"')
		return LF_EUNSUP; /* quoted local part (RFC 5321 §4.1.2) */
	if (dn > 0 && d[0] == '[')
		return LF_EUNSUP; /* address literal "user@[192.0.2.1]" */
	if (ln == 0 || ln > 64)
		return LF_EMALF;
	for (size_t i = 0; i < ln; i++) {
		if (!is_local_char(s[i]))
			return LF_EMALF;
		out->text[i] = lower(s[i]);
	}
	out->text[ln] = '@';
	char name[LF_DOMAIN_MAX + 1];
	size_t len;
	int labels = domain_norm(d, dn, name, &len);
	if (labels < 0)
		return labels;
	if (labels < 2 && hint == LF_IOC_NONE)
		return LF_EMALF;
	memcpy(out->text + ln + 1, name, len + 1);
	out->type = LF_IOC_EMAIL;
	out->len = ln + 1 + len;
	return 0;
}

static int all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_hex(s[i]))
			return 0;
	return 1;
}

static int detect(const char *s, size_t n, struct lf_ioc_value *out)
{
	int ip = parse_ip(LF_IOC_NONE, s, n, out);
	if (ip == 0)
		return 0;
	if (url_scheme_len(s, n) > 0)
		return parse_url(LF_IOC_NONE, s, n, out);
	if (memchr(s, '@', n))
		return parse_email(LF_IOC_NONE, s, n, out);
	if ((n == 32 || n == 40 || n == 64) && all_hex(s, n))
		return parse_hash(LF_IOC_NONE, s, n, out);
	int rc = parse_domain(LF_IOC_NONE, s, n, out);
	if (rc == 0)
		return 0;
	/* "1.2.3.4/33", "fe80::1%eth0": say what was wrong with the IP. */
	if (ip == LF_ERANGE || ip == LF_EZONE)
		return ip;
	return rc;
}

static void strip_bom_space(const char **s, size_t *n)
{
	for (;;) {
		size_t before = *n;
		trim_space(s, n);
		if (*n >= 3 && memcmp(*s, "\xef\xbb\xbf", 3) == 0) {
			*s += 3;
			*n -= 3;
		}
		if (*n == before)
			return;
	}
}

int lf_ioc_value_parse(enum lf_ioc_type hint, const char *s, size_t n,
		       struct lf_ioc_value *out)
{
	char buf[RAW_MAX + 1];
	size_t len;
	int rc;

	if (!out)
		return -EINVAL;
	memset(out, 0, offsetof(struct lf_ioc_value, text));
	out->text[0] = '\0';
	if ((!s && n) || (unsigned)hint >= LF_IOC__COUNT)
		return -EINVAL;

	strip_bom_space(&s, &n);
	if (n == 0)
		return LF_EMALF;
	if (n > RAW_MAX)
		return LF_ELIMIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return LF_EMALF;
	}
	rc = refang(hint, s, n, buf, &len);
	if (rc)
		return rc;

	switch (hint) {
	case LF_IOC_NONE:
		rc = detect(buf, len, out);
		break;
	case LF_IOC_IPV4:
	case LF_IOC_IPV6:
		rc = parse_ip(hint, buf, len, out);
		break;
	case LF_IOC_DOMAIN:
		rc = parse_domain(hint, buf, len, out);
		break;
	case LF_IOC_URL:
		rc = parse_url(hint, buf, len, out);
		break;
	case LF_IOC_MD5:
	case LF_IOC_SHA1:
	case LF_IOC_SHA256:
		rc = parse_hash(hint, buf, len, out);
		break;
	case LF_IOC_EMAIL:
		rc = parse_email(hint, buf, len, out);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc) {
		memset(out, 0, offsetof(struct lf_ioc_value, text));
		out->text[0] = '\0';
	}
	return rc;
}
