/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for ioc/value.c: type and TLP names, detection order, the canonical
 * form of every type, defanged and hostile input, limits. Every accepted
 * case is also checked for idempotence: its canonical text parses again,
 * under its own type and (when detectable) without a hint, to itself.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "ioc/ioc.h"

#define NONE LF_IOC_NONE
#define V4 LF_IOC_IPV4
#define V6 LF_IOC_IPV6
#define DOM LF_IOC_DOMAIN
#define URL LF_IOC_URL
#define MD5 LF_IOC_MD5
#define SHA1 LF_IOC_SHA1
#define SHA256 LF_IOC_SHA256
#define MAIL LF_IOC_EMAIL

struct vcase {
	enum lf_ioc_type hint;
	const char *in;
	size_t n; /* 0: strlen(in) */
	int rc;
	enum lf_ioc_type type; /* when rc == 0 */
	const char *text;      /* when rc == 0 */
	int sub;
	int masked;
};

#define OK(h, i, t, x) {(h), (i), 0, 0, (t), (x), 0, 0}
#define OKSUB(h, i, x) {(h), (i), 0, 0, DOM, (x), 1, 0}
#define OKMASK(h, i, t, x) {(h), (i), 0, 0, (t), (x), 0, 1}
#define BAD(h, i, e) {(h), (i), 0, (e), NONE, NULL, 0, 0}
#define BADN(h, i, e) {(h), (i), sizeof(i) - 1, (e), NONE, NULL, 0, 0}
#define OKN(h, i, t, x) {(h), (i), sizeof(i) - 1, 0, (t), (x), 0, 0}

static const struct vcase ip_cases[] = {
	OK(NONE, "1.2.3.4", V4, "1.2.3.4/32"),
	OK(NONE, "0.0.0.0", V4, "0.0.0.0/32"),
	OK(NONE, "255.255.255.255/32", V4, "255.255.255.255/32"),
	OK(NONE, "10.0.0.0/8", V4, "10.0.0.0/8"),
	OKMASK(NONE, "1.2.3.4/24", V4, "1.2.3.0/24"),
	OKMASK(NONE, "10.1.2.3/0", V4, "0.0.0.0/0"),
	OK(NONE, "1.2.3.4 ", V4, "1.2.3.4/32"),
	OK(NONE, " \t1.2.3.4\r\n", V4, "1.2.3.4/32"),
	OK(NONE, "\xef\xbb\xbf" "1.2.3.4", V4, "1.2.3.4/32"),
	OK(NONE, " \xef\xbb\xbf 1.2.3.4\n", V4, "1.2.3.4/32"),
	OK(NONE, "1[.]2[.]3[.]4", V4, "1.2.3.4/32"),
	OK(NONE, "1(.)2{.}3[.]4", V4, "1.2.3.4/32"),
	OK(V4, "192.0.2.1", V4, "192.0.2.1/32"),
	OK(NONE, "2001:DB8:0:0:0:0:0:1", V6, "2001:db8::1/128"),
	OK(NONE, "2001:db8::/32", V6, "2001:db8::/32"),
	OKMASK(NONE, "2001:db8::1/64", V6, "2001:db8::/64"),
	OK(NONE, "::", V6, "::/128"),
	OK(NONE, "::1", V6, "::1/128"),
	OK(NONE, "2001[:]db8[:][:]1", V6, "2001:db8::1/128"),
	/* IPv4-mapped IPv6 stays IPv6: it is what the v6 socket saw. */
	OK(NONE, "::ffff:1.2.3.4", V6, "::ffff:1.2.3.4/128"),
	OK(V6, "::FFFF:1.2.3.4", V6, "::ffff:1.2.3.4/128"),
	BAD(V4, "::ffff:1.2.3.4", LF_EMALF),
	BAD(V6, "1.2.3.4", LF_EMALF),
	BAD(V4, "2001:db8::1", LF_EMALF),
	BAD(NONE, "1.2.3.4/33", LF_ERANGE),
	BAD(V4, "1.2.3.4/33", LF_ERANGE),
	BAD(NONE, "2001:db8::/129", LF_ERANGE),
	BAD(NONE, "300.1.1.1", LF_EMALF),
	BAD(NONE, "010.1.1.1", LF_EMALF),
	BAD(NONE, "1.2.3.999", LF_EMALF),
	BAD(NONE, "1.2.3", LF_EMALF),
	BAD(NONE, "1.2.3.4.5", LF_EMALF),
	BAD(NONE, "0x7f.0.0.1", LF_EMALF),
	BAD(NONE, "1.2.3.4:80", LF_EMALF),
	BAD(NONE, "1.2.3.4/", LF_EMALF),
	BAD(NONE, "1.2.3.4/024", LF_EMALF),
	BAD(NONE, "1.2.3.4 /24", LF_EMALF),
	BAD(NONE, "fe80::1%eth0", LF_EZONE),
	BAD(V6, "fe80::1%eth0", LF_EZONE),
	BAD(NONE, "fe80::1%25eth0", LF_EZONE),
	BAD(NONE, "2001:db8:::1", LF_EMALF),
	BAD(V4, "example.com", LF_EMALF),
	BADN(NONE, "1.2.3.4\0", LF_EMALF),
	BADN(NONE, "1.2.\0003.4", LF_EMALF),
	BAD(NONE, "1.2.3.4\r\n5.6.7.8", LF_EMALF),
	BAD(NONE, "1.2.3.4\x7f", LF_EMALF),
};

static const struct vcase domain_cases[] = {
	OK(NONE, "example.com", DOM, "example.com"),
	OK(NONE, "EXAMPLE.COM.", DOM, "example.com"),
	OK(NONE, "Www.Example.Co.Uk", DOM, "www.example.co.uk"),
	OK(NONE, "münchen.de", DOM, "xn--mnchen-3ya.de"),
	OK(NONE, "MÜNCHEN.DE", DOM, "xn--mnchen-3ya.de"),
	OK(NONE, "faß.de", DOM, "xn--fa-hia.de"),
	OK(NONE, "bücher.münchen.de.", DOM, "xn--bcher-kva.xn--mnchen-3ya.de"),
	OK(NONE, "例え.テスト", DOM, "xn--r8jz45g.xn--zckzah"),
	/* UTS #46 maps the ideographic full stop to a dot. */
	OK(NONE, "a\xe3\x80\x82" "b.com", DOM, "a.b.com"),
	OK(NONE, "xn--mnchen-3ya.de", DOM, "xn--mnchen-3ya.de"),
	OK(NONE, "XN--MNCHEN-3YA.DE", DOM, "xn--mnchen-3ya.de"),
	/* An IDNA2003-era emoji name in A-label form is kept. */
	OK(NONE, "xn--ls8h.la", DOM, "xn--ls8h.la"),
	OK(NONE, "_dmarc.example.com", DOM, "_dmarc.example.com"),
	OK(NONE, "_sip._tcp.example.com", DOM, "_sip._tcp.example.com"),
	OK(NONE, "r3---sn-abc.googlevideo.com", DOM,
	   "r3---sn-abc.googlevideo.com"),
	OK(NONE, "_dmarc.münchen.de", DOM, "_dmarc.xn--mnchen-3ya.de"),
	OK(NONE, "ab--cd.münchen.de", DOM, "ab--cd.xn--mnchen-3ya.de"),
	OK(NONE, "123.example", DOM, "123.example"),
	OK(NONE, "1.2.3.4.example", DOM, "1.2.3.4.example"),
	OK(NONE, "deadbeef.com", DOM, "deadbeef.com"),
	OK(NONE, "a.b", DOM, "a.b"),
	OK(NONE, "evil[.]example[.]com", DOM, "evil.example.com"),
	OK(NONE, "evil(.)example{.}com", DOM, "evil.example.com"),
	OK(NONE, "evil{[.]}com", DOM, "evil.com"),
	BAD(NONE, "evil[[.].]com", LF_EMALF),
	OKSUB(NONE, "*.example.com", "example.com"),
	OKSUB(NONE, ".example.com", "example.com"),
	OKSUB(NONE, "*.EXAMPLE.COM.", "example.com"),
	OKSUB(DOM, "*.münchen.de", "xn--mnchen-3ya.de"),
	OK(DOM, "localhost", DOM, "localhost"),
	OK(DOM, "LOCALHOST.", DOM, "localhost"),
	OK(DOM, "example.com", DOM, "example.com"),
	BAD(NONE, "localhost", LF_EMALF),
	BAD(DOM, "*.com", LF_EMALF),
	BAD(DOM, ".com", LF_EMALF),
	BAD(NONE, "*.com", LF_EMALF),
	BAD(NONE, "*.*.example.com", LF_EMALF),
	BAD(NONE, "*", LF_EMALF),
	BAD(NONE, "*.", LF_EMALF),
	BAD(NONE, ".", LF_EMALF),
	BAD(DOM, ".", LF_EMALF),
	BAD(NONE, "..example.com", LF_EMALF),
	BAD(NONE, "a..b.com", LF_EMALF),
	BAD(NONE, "example.com..", LF_EMALF),
	BAD(NONE, "-bad.example.com", LF_EMALF),
	BAD(NONE, "bad-.example.com", LF_EMALF),
	BAD(NONE, "example.-com", LF_EMALF),
	BAD(NONE, "ex ample.com", LF_EMALF),
	BAD(NONE, "example.com foo", LF_EMALF),
	BAD(NONE, "exa$mple.com", LF_EMALF),
	BAD(NONE, "example.123", LF_EMALF),
	BAD(DOM, "1.2.3.4", LF_EMALF),
	BAD(DOM, "123", LF_EMALF),
	BAD(NONE, "example.com/path", LF_EMALF),
	BAD(NONE, "example.com:80", LF_EMALF),
	BAD(DOM, "http://example.com", LF_EMALF),
	BAD(NONE, "xn--zz.de", LF_EMALF),
	BAD(NONE, "xn--.de", LF_EMALF),
	BAD(NONE, "\xf0\x9f\x92\xa9.la", LF_EMALF), /* IDNA2008 disallowed */
	BAD(NONE, "\xff.com", LF_EMALF),            /* not UTF-8 */
	BAD(NONE, "\xc3.com", LF_EMALF),            /* truncated UTF-8 */
	BAD(NONE, "a\xe2\x92\x88.ru", LF_EMALF),    /* maps to "a1.." */
	BADN(DOM, "exa\0mple.com", LF_EMALF),
	BADN(DOM, "m\xc3\xbc\0nchen.de", LF_EMALF),
	BAD(DOM, "exa\tmple.com", LF_EMALF),
	BAD(DOM, "example.com\r\nevil.com", LF_EMALF),
	BAD(DOM, "", LF_EMALF),
	BAD(DOM, "   ", LF_EMALF),
};

static const struct vcase url_cases[] = {
	/* RFC 3986 §6.2.2 */
	OK(NONE, "HTTP://www.Example.com:80/%7Euser/a/./b/../c", URL,
	   "http://www.example.com/~user/a/c"),
	OK(NONE, "hxxp://evil[.]example/x", URL, "http://evil.example/x"),
	OK(NONE, "hXXps[:]//evil(.)example/a(.)b", URL,
	   "https://evil.example/a(.)b"),
	OK(NONE, "HXXP://evil.example", URL, "http://evil.example/"),
	OK(NONE, "http://user(.)x@evil(.)example/", URL,
	   "http://user(.)x@evil.example/"),
	OK(NONE, "http://a(%2E)b@evil.example/", URL,
	   "http://a(.)b@evil.example/"),
	OK(NONE, "  http://example.com/\r\n", URL, "http://example.com/"),
	OK(NONE, "tcp://1.2.3.4:443", URL, "tcp://1.2.3.4:443"),
	OK(NONE, "http://münchen.de/ü", URL,
	   "http://xn--mnchen-3ya.de/%C3%BC"),
	/* Without "://" a URL is only a URL when the caller says so. */
	OK(URL, "example.com/path", URL, "http://example.com/path"),
	OK(URL, "Example.COM", URL, "http://example.com/"),
	OK(URL, "evil(.)example/a(.)b", URL, "http://evil.example/a(.)b"),
	OK(URL, "https://example.com", URL, "https://example.com/"),
	OK(URL, "example.com:8080/x", URL, "http://example.com:8080/x"),
	OK(URL, "example.com:", URL, "http://example.com/"),
	OK(URL, "[::1]:8080/x", URL, "http://[::1]:8080/x"),
	OK(URL, "1.2.3.4/x?y", URL, "http://1.2.3.4/x?y"),
	BAD(URL, "mailto:a@example.com", LF_EMALF),
	BAD(URL, "http:/x", LF_EMALF),
	BAD(URL, "user:pass@example.com/", LF_EMALF),
	BAD(URL, "", LF_EMALF),
	BAD(NONE, "http://", LF_EMALF),
	BAD(NONE, "http:///x", LF_EMALF),
	BAD(NONE, "http://[fe80::1%25eth0]/", LF_EZONE),
	BAD(NONE, "http://[v1.x]/", LF_EUNSUP),
	BAD(NONE, "http://example.com/%zz", LF_EMALF),
	BAD(NONE, "http://exa mple.com/", LF_EMALF),
	BAD(NONE, "http://010.1.1.1/", LF_EMALF),
	BAD(URL, "not a url", LF_EMALF),
	BAD(DOM, "http://example.com/", LF_EMALF),
};

static const struct vcase email_cases[] = {
	OK(NONE, "User@Example.COM", MAIL, "user@example.com"),
	OK(NONE, "mailto:User@Example.com", MAIL, "user@example.com"),
	OK(NONE, "MAILTO:a@b.example", MAIL, "a@b.example"),
	OK(NONE, "user[@]evil[.]example", MAIL, "user@evil.example"),
	OK(NONE, "user(.)name@evil(.)example", MAIL, "user.name@evil.example"),
	OK(NONE, "First.Last+tag@example.com", MAIL, "first.last+tag@example.com"),
	OK(NONE, "a..b.@docomo.ne.jp", MAIL, "a..b.@docomo.ne.jp"),
	OK(NONE, "!#$%&'*+-/=?^_`{|}~@example.com", MAIL,
	   "!#$%&'*+-/=?^_`{|}~@example.com"),
	OK(NONE, "a{.}b@example.com", MAIL, "a.b@example.com"),
	OK(NONE, "a{[.]}b@example.com", MAIL, "a.b@example.com"),
	OK(NONE, "user@münchen.de", MAIL, "user@xn--mnchen-3ya.de"),
	OK(NONE, "user@EXAMPLE.COM.", MAIL, "user@example.com"),
	OK(MAIL, "root@localhost", MAIL, "root@localhost"),
	OK(MAIL, "a@example.com", MAIL, "a@example.com"),
	OK(NONE, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "@example.com",
	   MAIL,
	   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	   "@example.com"),
	BAD(NONE, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "@example.com",
	    LF_EMALF),
	BAD(NONE, "root@localhost", LF_EMALF),
	BAD(NONE, "a@b@example.com", LF_EMALF),
	BAD(NONE, "@example.com", LF_EMALF),
	BAD(NONE, "user@", LF_EMALF),
	BAD(NONE, "user@.com", LF_EMALF),
	BAD(NONE, "us er@example.com", LF_EMALF),
	BAD(NONE, "a(b)@example.com", LF_EMALF),
	BAD(NONE, "a,b@example.com", LF_EMALF),
	BAD(NONE, "a:b@example.com", LF_EMALF),
	BAD(NONE, "a\\b@example.com", LF_EMALF),
	BAD(NONE, "\xc3\xbc@example.com", LF_EMALF),
	BAD(NONE, "\"quoted\"@example.com", LF_EUNSUP),
	BAD(NONE, "user@[192.0.2.1]", LF_EUNSUP),
	BAD(NONE, "Name <user@example.com>", LF_EMALF),
	BAD(MAIL, "example.com", LF_EMALF),
	BAD(MAIL, "mailto:", LF_EMALF),
	BADN(MAIL, "user@exa\0mple.com", LF_EMALF),
};

static const struct vcase hash_cases[] = {
	OK(NONE, "d41d8cd98f00b204e9800998ecf8427e", MD5,
	   "d41d8cd98f00b204e9800998ecf8427e"),
	OK(NONE, "D41D8CD98F00B204E9800998ECF8427E", MD5,
	   "d41d8cd98f00b204e9800998ecf8427e"),
	OK(MD5, " D41D8CD98F00B204E9800998ECF8427E\n", MD5,
	   "d41d8cd98f00b204e9800998ecf8427e"),
	OK(NONE, "da39a3ee5e6b4b0d3255bfef95601890afd80709", SHA1,
	   "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
	OK(SHA1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", SHA1,
	   "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
	OK(NONE,
	   "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
	   SHA256,
	   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	OK(SHA256,
	   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	   SHA256,
	   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	/* A 32-hex-digit single label is a name only when asked for one. */
	OK(DOM, "d41d8cd98f00b204e9800998ecf8427e", DOM,
	   "d41d8cd98f00b204e9800998ecf8427e"),
	BAD(MD5, "da39a3ee5e6b4b0d3255bfef95601890afd80709", LF_EMALF),
	BAD(SHA1, "d41d8cd98f00b204e9800998ecf8427e", LF_EMALF),
	BAD(SHA256, "d41d8cd98f00b204e9800998ecf8427e", LF_EMALF),
	BAD(NONE, "d41d8cd98f00b204e9800998ecf8427", LF_EMALF),
	BAD(NONE, "d41d8cd98f00b204e9800998ecf8427e0", LF_EMALF),
	BAD(NONE, "g41d8cd98f00b204e9800998ecf8427e", LF_EMALF),
	BAD(MD5, "g41d8cd98f00b204e9800998ecf8427e", LF_EMALF),
	BAD(MD5, "0xd41d8cd98f00b204e9800998ecf842", LF_EMALF),
	BAD(MD5, "d41d8cd98f00b204 e9800998ecf8427e", LF_EMALF),
	BAD(MD5, "", LF_EMALF),
};

static void check_idempotent(const struct vcase *c,
			     const struct lf_ioc_value *v)
{
	struct lf_ioc_value again;
	int rc = lf_ioc_value_parse(v->type, v->text, v->len, &again);
	if (rc != 0 || again.type != v->type ||
	    strcmp(again.text, v->text) != 0)
		fail_msg("not idempotent under its type: \"%s\" -> \"%s\" (%d)",
			 v->text, again.text, rc);
	if (c->hint != NONE)
		return;
	rc = lf_ioc_value_parse(NONE, v->text, v->len, &again);
	if (rc != 0 || again.type != v->type ||
	    strcmp(again.text, v->text) != 0)
		fail_msg("not idempotent detected: \"%s\" -> \"%s\" (%d)",
			 v->text, again.text, rc);
}

static void run_cases(const struct vcase *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct vcase *c = &cases[i];
		if (c->rc == 0 && c->text == NULL)
			continue;
		struct lf_ioc_value v;
		size_t n = c->n ? c->n : strlen(c->in);
		int rc = lf_ioc_value_parse(c->hint, c->in, n, &v);
		if (rc != c->rc)
			fail_msg("case %zu \"%s\" hint %s: rc %d (%s), want %d "
				 "(%s); text \"%s\"",
				 i, c->in, lf_ioc_type_name(c->hint), rc,
				 lf_strerror(rc), c->rc, lf_strerror(c->rc),
				 v.text);
		if (rc != 0) {
			assert_int_equal(v.type, NONE);
			assert_int_equal(v.len, 0);
			assert_string_equal(v.text, "");
			continue;
		}
		if (v.type != c->type || strcmp(v.text, c->text) != 0)
			fail_msg("case %zu \"%s\": got %s \"%s\", want %s "
				 "\"%s\"",
				 i, c->in, lf_ioc_type_name(v.type), v.text,
				 lf_ioc_type_name(c->type), c->text);
		assert_int_equal(v.len, strlen(v.text));
		if (v.subdomains != c->sub || v.masked != c->masked)
			fail_msg("case %zu \"%s\": sub %d masked %d", i, c->in,
				 v.subdomains, v.masked);
		check_idempotent(c, &v);
	}
}

#define RUN(t) run_cases((t), sizeof(t) / sizeof((t)[0]))

static void test_ip(void **state)
{
	(void)state;
	RUN(ip_cases);

	struct lf_ioc_value v;
	assert_int_equal(lf_ioc_value_parse(NONE, "10.1.2.3/8", 10, &v), 0);
	assert_int_equal(v.pfx.addr.af, LF_AF_V4);
	assert_int_equal(v.pfx.len, 8);
	assert_int_equal(v.pfx.addr.b[0], 10);
	assert_int_equal(v.pfx.addr.b[1], 0);
	assert_int_equal(v.masked, 1);
}

static void test_domain(void **state)
{
	(void)state;
	RUN(domain_cases);
}

static void test_url(void **state)
{
	(void)state;
	RUN(url_cases);
}

static void test_email(void **state)
{
	(void)state;
	RUN(email_cases);
}

static void test_hash(void **state)
{
	(void)state;
	RUN(hash_cases);
}

/* Labels of exactly 63 and 64 octets; names of exactly 253 and 254. */
static void test_domain_lengths(void **state)
{
	(void)state;
	char buf[2000];
	char out[LF_DOMAIN_MAX + 1];
	struct lf_ioc_value v;

	memset(buf, 'a', 63);
	memcpy(buf + 63, ".com", 5);
	assert_int_equal(lf_ioc_value_parse(NONE, buf, 67, &v), 0);
	assert_int_equal(v.len, 67);
	memset(buf, 'a', 64);
	memcpy(buf + 64, ".com", 5);
	assert_int_equal(lf_ioc_value_parse(NONE, buf, 68, &v), LF_EMALF);

	/* 4 x (62 + '.') = 252, plus "b" = 253. */
	size_t n = 0;
	for (int l = 0; l < 4; l++) {
		memset(buf + n, 'a', 62);
		n += 62;
		buf[n++] = '.';
	}
	buf[n++] = 'b';
	assert_int_equal(n, 253);
	assert_int_equal(lf_ioc_value_parse(NONE, buf, n, &v), 0);
	assert_int_equal(v.len, 253);
	buf[n++] = '.'; /* the root dot does not count */
	assert_int_equal(lf_ioc_value_parse(NONE, buf, n, &v), 0);
	assert_int_equal(v.len, 253);
	buf[n - 1] = 'c'; /* 254 */
	assert_int_equal(lf_ioc_value_parse(NONE, buf, n, &v), LF_EMALF);
	assert_int_equal(lf_ioc_domain_normalize(buf, n, out, sizeof(out)),
			 LF_EMALF);

	/* A long run of U-labels is refused before libidn2 sees it. */
	n = 0;
	while (n + 3 < 1500) {
		memcpy(buf + n, "\xc3\xbc", 2); /* u-umlaut */
		n += 2;
	}
	memcpy(buf + n, ".de", 3);
	n += 3;
	assert_int_equal(lf_ioc_domain_normalize(buf, n, out, sizeof(out)),
			 LF_EMALF);
	/* 60 u-umlauts make an A-label longer than 63. */
	n = 0;
	for (int i = 0; i < 60; i++) {
		memcpy(buf + n, "\xc3\xbc", 2);
		n += 2;
	}
	memcpy(buf + n, ".de", 3);
	n += 3;
	assert_int_equal(lf_ioc_domain_normalize(buf, n, out, sizeof(out)),
			 LF_EMALF);
}

static void test_domain_normalize(void **state)
{
	(void)state;
	char out[LF_DOMAIN_MAX + 1];
	assert_int_equal(lf_ioc_domain_normalize("Example.COM.", 12, out,
						 sizeof(out)),
			 11);
	assert_string_equal(out, "example.com");
	/* One label is fine at this level; detection is the caller's. */
	assert_int_equal(lf_ioc_domain_normalize("LocalHost", 9, out,
						 sizeof(out)),
			 9);
	assert_string_equal(out, "localhost");
	assert_int_equal(lf_ioc_domain_normalize("münchen.de", 11, out,
						 sizeof(out)),
			 17);
	assert_string_equal(out, "xn--mnchen-3ya.de");
	/* Wildcards, ports, defanging are lf_ioc_value_parse's business. */
	assert_int_equal(lf_ioc_domain_normalize("*.a.com", 7, out,
						 sizeof(out)),
			 LF_EMALF);
	assert_int_equal(lf_ioc_domain_normalize("a[.]com", 7, out,
						 sizeof(out)),
			 LF_EMALF);
	assert_int_equal(lf_ioc_domain_normalize("", 0, out, sizeof(out)),
			 LF_EMALF);
	assert_int_equal(lf_ioc_domain_normalize("..", 2, out, sizeof(out)),
			 LF_EMALF);
	/* Too small a buffer: LF_ELIMIT, never a truncated name. */
	char small[8];
	assert_int_equal(lf_ioc_domain_normalize("example.com", 11, small,
						 sizeof(small)),
			 LF_ELIMIT);
	assert_int_equal(lf_ioc_domain_normalize("a.com", 5, small,
						 sizeof(small)),
			 5);
	assert_int_equal(lf_ioc_domain_normalize("a.com", 5, small, 5),
			 LF_ELIMIT);
	assert_int_equal(lf_ioc_domain_normalize(NULL, 3, out, sizeof(out)),
			 -EINVAL);
	assert_int_equal(lf_ioc_domain_normalize("a.com", 5, NULL, 0),
			 -EINVAL);
}

static void test_limits(void **state)
{
	(void)state;
	static char big[4 * LF_IOC_VALUE_MAX];
	struct lf_ioc_value v;

	/* Exactly LF_IOC_VALUE_MAX after normalisation is accepted. */
	size_t n = (size_t)snprintf(big, sizeof(big), "http://e.com/");
	memset(big + n, 'a', LF_IOC_VALUE_MAX - n);
	n = LF_IOC_VALUE_MAX;
	assert_int_equal(lf_ioc_value_parse(URL, big, n, &v), 0);
	assert_int_equal(v.len, LF_IOC_VALUE_MAX);
	assert_int_equal(strlen(v.text), LF_IOC_VALUE_MAX);
	/* One byte more is not. */
	big[n++] = 'a';
	assert_int_equal(lf_ioc_value_parse(URL, big, n, &v), LF_ELIMIT);
	assert_int_equal(lf_ioc_value_parse(NONE, big, n, &v), LF_ELIMIT);
	/* Short input whose canonical form grows past the limit. */
	n = (size_t)snprintf(big, sizeof(big), "http://e.com/");
	for (int i = 0; i < 400; i++) {
		memcpy(big + n, "\xc3\xbc", 2);
		n += 2;
	}
	assert_true(n < LF_IOC_VALUE_MAX);
	assert_int_equal(lf_ioc_value_parse(NONE, big, n, &v), LF_ELIMIT);
	/* Defanged input longer than the limit that refangs to fit. */
	n = 0;
	for (int i = 0; i < 700; i++) {
		memcpy(big + n, "a[.]", 4);
		n += 4;
	}
	memcpy(big + n, "com", 3);
	n += 3;
	assert_true(n > LF_IOC_VALUE_MAX);
	assert_int_equal(lf_ioc_value_parse(NONE, big, n, &v), LF_EMALF);
	/* Far too long: refused before any work. */
	memset(big, 'a', sizeof(big));
	assert_int_equal(lf_ioc_value_parse(NONE, big, sizeof(big), &v),
			 LF_ELIMIT);
	/* Surrounding space does not count. */
	memset(big, ' ', sizeof(big));
	memcpy(big + 3000, "1.2.3.4", 7);
	assert_int_equal(lf_ioc_value_parse(NONE, big, sizeof(big), &v), 0);
	assert_string_equal(v.text, "1.2.3.4/32");
}

static void test_args(void **state)
{
	(void)state;
	struct lf_ioc_value v;
	assert_int_equal(lf_ioc_value_parse(NONE, "1.2.3.4", 7, NULL),
			 -EINVAL);
	assert_int_equal(lf_ioc_value_parse(NONE, NULL, 7, &v), -EINVAL);
	assert_int_equal(lf_ioc_value_parse(NONE, NULL, 0, &v), LF_EMALF);
	assert_int_equal(lf_ioc_value_parse(LF_IOC__COUNT, "1.2.3.4", 7, &v),
			 -EINVAL);
	assert_int_equal(lf_ioc_value_parse((enum lf_ioc_type)-1, "1.2.3.4",
					    7, &v),
			 -EINVAL);
	/* Only n bytes are read: no NUL needed, none looked for. */
	assert_int_equal(lf_ioc_value_parse(NONE, "1.2.3.4XYZ", 7, &v), 0);
	assert_string_equal(v.text, "1.2.3.4/32");
	/* A failed parse leaves a clean value behind. */
	assert_int_equal(lf_ioc_value_parse(NONE, "1.2.3.4/24", 10, &v), 0);
	assert_int_equal(lf_ioc_value_parse(NONE, "bad value", 9, &v),
			 LF_EMALF);
	assert_int_equal(v.type, NONE);
	assert_int_equal(v.masked, 0);
	assert_int_equal(v.len, 0);
	assert_string_equal(v.text, "");
}

static void test_type_names(void **state)
{
	(void)state;
	static const char *const names[] = {"ipv4", "ipv6",   "domain",
					    "url",  "md5",    "sha1",
					    "sha256", "email"};
	enum lf_ioc_type t;
	for (unsigned i = 0; i < 8; i++) {
		assert_string_equal(lf_ioc_type_name((enum lf_ioc_type)(i + 1)),
				    names[i]);
		assert_int_equal(lf_ioc_type_parse(names[i], strlen(names[i]),
						   &t),
				 0);
		assert_int_equal(t, i + 1);
	}
	assert_string_equal(lf_ioc_type_name(NONE), "");
	assert_string_equal(lf_ioc_type_name(LF_IOC__COUNT), "");
	assert_string_equal(lf_ioc_type_name((enum lf_ioc_type)1000), "");
	assert_int_equal(lf_ioc_type_parse("SHA256", 6, &t), 0);
	assert_int_equal(t, SHA256);
	assert_int_equal(lf_ioc_type_parse("Domain", 6, &t), 0);
	assert_int_equal(t, DOM);
	t = MD5;
	assert_int_equal(lf_ioc_type_parse("", 0, &t), LF_EMALF);
	assert_int_equal(lf_ioc_type_parse("ip", 2, &t), LF_EMALF);
	assert_int_equal(lf_ioc_type_parse("ipv4x", 5, &t), LF_EMALF);
	assert_int_equal(lf_ioc_type_parse("ipv4", 3, &t), LF_EMALF);
	assert_int_equal(lf_ioc_type_parse("md5\0", 4, &t), LF_EMALF);
	assert_int_equal(t, MD5); /* untouched on error */
	assert_int_equal(lf_ioc_type_parse(NULL, 0, &t), LF_EMALF);
	assert_int_equal(lf_ioc_type_parse("md5", 3, NULL), -EINVAL);
}

static void test_tlp(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int rc;
		enum lf_tlp want;
	} cases[] = {
		{"clear", 0, LF_TLP_CLEAR},
		{"white", 0, LF_TLP_CLEAR},
		{"WHITE", 0, LF_TLP_CLEAR},
		{"TLP:WHITE", 0, LF_TLP_CLEAR},
		{"green", 0, LF_TLP_GREEN},
		{"tlp:green", 0, LF_TLP_GREEN},
		{"Amber", 0, LF_TLP_AMBER},
		{"amber+strict", 0, LF_TLP_AMBER_STRICT},
		{"TLP:AMBER+STRICT", 0, LF_TLP_AMBER_STRICT},
		{"red", 0, LF_TLP_RED},
		{"  TLP:RED\t", 0, LF_TLP_RED},
		{"tlp: red", 0, LF_TLP_RED},
		{"\r\nred\r\n", 0, LF_TLP_RED},
		{"", LF_EMALF, LF_TLP_UNSET},
		{"   ", LF_EMALF, LF_TLP_UNSET},
		{"tlp:", LF_EMALF, LF_TLP_UNSET},
		{"tlp", LF_EMALF, LF_TLP_UNSET},
		{"tlp-red", LF_EMALF, LF_TLP_UNSET},
		{"tlp:tlp:red", LF_EMALF, LF_TLP_UNSET},
		{"amber strict", LF_EMALF, LF_TLP_UNSET},
		{"amber+", LF_EMALF, LF_TLP_UNSET},
		{"reds", LF_EMALF, LF_TLP_UNSET},
		{"r ed", LF_EMALF, LF_TLP_UNSET},
		{"black", LF_EMALF, LF_TLP_UNSET},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lf_tlp t = LF_TLP__COUNT;
		int rc = lf_tlp_parse(cases[i].in, strlen(cases[i].in), &t);
		if (rc != cases[i].rc)
			fail_msg("\"%s\": rc %d", cases[i].in, rc);
		if (rc == 0 && t != cases[i].want)
			fail_msg("\"%s\": %d", cases[i].in, t);
		if (rc != 0 && t != LF_TLP__COUNT)
			fail_msg("\"%s\": out written on error", cases[i].in);
	}
	assert_string_equal(lf_tlp_name(LF_TLP_UNSET), "");
	assert_string_equal(lf_tlp_name(LF_TLP_CLEAR), "clear");
	assert_string_equal(lf_tlp_name(LF_TLP_GREEN), "green");
	assert_string_equal(lf_tlp_name(LF_TLP_AMBER), "amber");
	assert_string_equal(lf_tlp_name(LF_TLP_AMBER_STRICT), "amber+strict");
	assert_string_equal(lf_tlp_name(LF_TLP_RED), "red");
	assert_string_equal(lf_tlp_name(LF_TLP__COUNT), "");
	/* Every name parses back to itself. */
	for (unsigned t = LF_TLP_CLEAR; t < LF_TLP__COUNT; t++) {
		enum lf_tlp back;
		const char *nm = lf_tlp_name((enum lf_tlp)t);
		assert_int_equal(lf_tlp_parse(nm, strlen(nm), &back), 0);
		assert_int_equal(back, t);
	}
	enum lf_tlp t;
	assert_int_equal(lf_tlp_parse("red\0", 4, &t), LF_EMALF);
	assert_int_equal(lf_tlp_parse("red", 3, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ip),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_domain_lengths),
		cmocka_unit_test(test_domain_normalize),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_tlp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
