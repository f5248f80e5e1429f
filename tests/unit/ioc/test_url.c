/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for ioc/url.c: RFC 3986 §6.2.2 / §6.2.3 normalisation, the
 * remove_dot_segments examples of §5.2.4 and §5.4, hosts of every kind,
 * ports, percent-encoding, hostile input and the output buffer bound.
 * Every accepted case must also normalise to itself.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "ioc/ioc.h"

struct ucase {
	const char *in;
	size_t n; /* 0: strlen(in) */
	int rc;   /* 0, or the error */
	const char *out;
};

#define OK(i, o) {(i), 0, 0, (o)}
#define BAD(i, e) {(i), 0, (e), NULL}
#define BADN(i, e) {(i), sizeof(i) - 1, (e), NULL}

static const struct ucase cases[] = {
	/* §6.2.2: case, percent-encoding, dot segments */
	OK("HTTP://www.Example.com:80/%7Euser/a/./b/../c",
	   "http://www.example.com/~user/a/c"),
	OK("HTTP://www.EXAMPLE.com/", "http://www.example.com/"),
	OK("http://example.com/%7esmith/home.html",
	   "http://example.com/~smith/home.html"),
	OK("http://example.com/%7Esmith/home.html",
	   "http://example.com/~smith/home.html"),
	OK("http://example.com/%41%62%2d%2E%5f%7E", "http://example.com/Ab-._~"),
	OK("http://example.com/%3a%2f%3F%23%5b%25",
	   "http://example.com/%3A%2F%3F%23%5B%25"),
	OK("http://example.com/a%2fb", "http://example.com/a%2Fb"),
	OK("HtTp://A.Example/%7Ea%7e", "http://a.example/~a~"),
	/* §6.2.3: default port, empty port, empty path */
	OK("http://example.com", "http://example.com/"),
	OK("http://example.com/", "http://example.com/"),
	OK("http://example.com:/", "http://example.com/"),
	OK("http://example.com:80/", "http://example.com/"),
	OK("http://example.com:0080/", "http://example.com/"),
	OK("https://example.com:443", "https://example.com/"),
	OK("https://example.com:80/", "https://example.com:80/"),
	OK("https://example.com:080/", "https://example.com:80/"),
	OK("http://example.com:443/", "http://example.com:443/"),
	OK("ftp://ftp.example.com:21", "ftp://ftp.example.com/"),
	OK("ws://example.com:80/chat", "ws://example.com/chat"),
	OK("wss://example.com:443", "wss://example.com/"),
	OK("HTTP://EXAMPLE.COM:8080", "http://example.com:8080/"),
	OK("http://example.com:0/", "http://example.com:0/"),
	OK("http://example.com:65535/", "http://example.com:65535/"),
	OK("tcp://1.2.3.4:443", "tcp://1.2.3.4:443"),
	OK("Foo+Bar.baz-1://Example.com", "foo+bar.baz-1://example.com"),
	OK("file:///etc/passwd", "file:///etc/passwd"),
	OK("file://", "file://"),
	/* §5.2.4 and the §5.4 examples, as paths of one host */
	OK("http://a/b/c/./../../g", "http://a/g"),
	OK("http://a/a/b/c/./../../g", "http://a/a/g"),
	OK("http://a/b/c/g", "http://a/b/c/g"),
	OK("http://a/b/c/./g", "http://a/b/c/g"),
	OK("http://a/b/c/g/", "http://a/b/c/g/"),
	OK("http://a/b/c/.", "http://a/b/c/"),
	OK("http://a/b/c/./", "http://a/b/c/"),
	OK("http://a/b/c/..", "http://a/b/"),
	OK("http://a/b/c/../", "http://a/b/"),
	OK("http://a/b/c/../g", "http://a/b/g"),
	OK("http://a/b/c/../..", "http://a/"),
	OK("http://a/b/c/../../", "http://a/"),
	OK("http://a/b/c/../../g", "http://a/g"),
	OK("http://a/b/c/../../../g", "http://a/g"),
	OK("http://a/b/c/../../../../g", "http://a/g"),
	OK("http://a/./g", "http://a/g"),
	OK("http://a/../g", "http://a/g"),
	OK("http://a/b/c/g.", "http://a/b/c/g."),
	OK("http://a/b/c/.g", "http://a/b/c/.g"),
	OK("http://a/b/c/g..", "http://a/b/c/g.."),
	OK("http://a/b/c/..g", "http://a/b/c/..g"),
	OK("http://a/b/c/./../g", "http://a/b/g"),
	OK("http://a/b/c/./g/.", "http://a/b/c/g/"),
	OK("http://a/b/c/g/./h", "http://a/b/c/g/h"),
	OK("http://a/b/c/g/../h", "http://a/b/c/h"),
	OK("http://a/b/c/g;x=1/./y", "http://a/b/c/g;x=1/y"),
	OK("http://a/b/c/g;x=1/../y", "http://a/b/c/y"),
	OK("http://a/b/c/g?y/./x", "http://a/b/c/g?y/./x"),
	OK("http://a/b/c/g#s/../x", "http://a/b/c/g"),
	OK("http://a/.", "http://a/"),
	OK("http://a/..", "http://a/"),
	OK("http://a/...", "http://a/..."),
	OK("http://a/a//../b", "http://a/a/b"),
	OK("http://a//x", "http://a//x"),
	OK("http://a/%2E%2E/%2e/x", "http://a/x"),
	OK("http://a/b/%2E%2E", "http://a/"),
	/* query and fragment */
	OK("http://example.com/?q=1#frag", "http://example.com/?q=1"),
	OK("http://example.com#frag", "http://example.com/"),
	OK("http://example.com?", "http://example.com/?"),
	OK("http://example.com?a=b", "http://example.com/?a=b"),
	OK("http://example.com/?a=%7e&b=%2b&c=/?:@",
	   "http://example.com/?a=~&b=%2B&c=/?:@"),
	OK("http://example.com/p?x#y#z", "http://example.com/p?x"),
	/* characters that may not stand raw: encoded as a browser would */
	OK("http://example.com/a b", "http://example.com/a%20b"),
	OK("http://example.com/\"<>\\^`{|}[]",
	   "http://example.com/%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D"),
	OK("http://example.com/?q=a b&r=[x]",
	   "http://example.com/?q=a%20b&r=%5Bx%5D"),
	OK("http://example.com/ü?ü=ü",
	   "http://example.com/%C3%BC?%C3%BC=%C3%BC"),
	OK("http://example.com/\xff", "http://example.com/%FF"),
	OK("http://example.com/%00", "http://example.com/%00"),
	OK("http://example.com/!$&'()*+,;=:@", "http://example.com/!$&'()*+,;=:@"),
	/* hosts */
	OK("http://Example.COM./", "http://example.com/"),
	OK("http://%65xample.com/", "http://example.com/"),
	OK("http://m%C3%BCnchen.de/", "http://xn--mnchen-3ya.de/"),
	OK("http://münchen.de/", "http://xn--mnchen-3ya.de/"),
	OK("http://MÜNCHEN.DE:8080/x", "http://xn--mnchen-3ya.de:8080/x"),
	OK("http://_dmarc.example.com/", "http://_dmarc.example.com/"),
	OK("http://localhost/", "http://localhost/"),
	OK("http://192.0.2.1/", "http://192.0.2.1/"),
	OK("http://192.0.2.1:8080", "http://192.0.2.1:8080/"),
	OK("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
	OK("http://[2001:db8:0:0:0:0:0:1]/", "http://[2001:db8::1]/"),
	OK("http://[::FFFF:1.2.3.4]/", "http://[::ffff:1.2.3.4]/"),
	OK("http://[::1]", "http://[::1]/"),
	/* userinfo */
	OK("http://user:Pass@Example.COM/", "http://user:Pass@example.com/"),
	OK("http://a@b@evil.example/", "http://a%40b@evil.example/"),
	OK("http://bank.example@evil.example/",
	   "http://bank.example@evil.example/"),
	OK("http://@evil.example/", "http://evil.example/"),
	OK("http://:@evil.example/", "http://:@evil.example/"),
	OK("http://%7Eu%3a:p%2f@h.example/", "http://~u%3A:p%2F@h.example/"),
	OK("http://u ser@h.example/", "http://u%20ser@h.example/"),
	OK("http://u[x]@h.example/", "http://u%5Bx%5D@h.example/"),
	OK("http://u@[::1]:81/", "http://u@[::1]:81/"),
	/* refused */
	BAD("", LF_EMALF),
	BAD("http", LF_EMALF),
	BAD("http:", LF_EMALF),
	BAD("http:/", LF_EMALF),
	BAD("http://", LF_EMALF),
	BAD("http:///x", LF_EMALF),
	BAD("http://:80/", LF_EMALF),
	BAD("http://user@/", LF_EMALF),
	BAD("example.com/path", LF_EMALF),
	BAD("mailto:user@example.com", LF_EMALF),
	BAD("urn:isbn:0451450523", LF_EMALF),
	BAD("//example.com/", LF_EMALF),
	BAD("1http://example.com/", LF_EMALF),
	BAD("ht tp://example.com/", LF_EMALF),
	BAD("http:\\\\example.com\\", LF_EMALF),
	BAD("http://exa mple.com/", LF_EMALF),
	BAD("http://exa_mple!.com/", LF_EMALF),
	BAD("http://*.example.com/", LF_EMALF),
	BAD("http://example..com/", LF_EMALF),
	BAD("http://-x.example.com/", LF_EMALF),
	BAD("http://010.1.1.1/", LF_EMALF),
	BAD("http://300.1.1.1/", LF_EMALF),
	BAD("http://1.2.3.999/", LF_EMALF),
	BAD("http://1.2.3/", LF_EMALF),
	BAD("http://1234/", LF_EMALF),
	BAD("http://1.2.3.4./", LF_EMALF),
	BAD("http://%31.2.3.999/", LF_EMALF),
	BAD("http://example.com:65536/", LF_EMALF),
	BAD("http://example.com:99999999999999999999/", LF_EMALF),
	BAD("http://example.com:-1/", LF_EMALF),
	BAD("http://example.com:+80/", LF_EMALF),
	BAD("http://example.com:8o/", LF_EMALF),
	BAD("http://example.com:80:80/", LF_EMALF),
	BAD("http://[2001:db8::1/", LF_EMALF),
	BAD("http://[2001:db8::1]x/", LF_EMALF),
	BAD("http://[2001:db8::1]]/", LF_EMALF),
	BAD("http://[]/", LF_EMALF),
	BAD("http://[1.2.3.4]/", LF_EMALF),
	BAD("http://2001:db8::1/", LF_EMALF),
	BAD("http://[fe80::1%25eth0]/", LF_EZONE),
	BAD("http://[fe80::1%eth0]/", LF_EZONE),
	BAD("http://[v1.fe80::a+en1]/", LF_EUNSUP),
	BAD("http://example.com/%", LF_EMALF),
	BAD("http://example.com/%4", LF_EMALF),
	BAD("http://example.com/%zz", LF_EMALF),
	BAD("http://example.com/%4g", LF_EMALF),
	BAD("http://example.com/?%", LF_EMALF),
	BAD("http://u%@example.com/", LF_EMALF),
	BAD("http://ex%ample.com/", LF_EMALF),
	BAD("http://ex%00ample.com/", LF_EMALF),
	BAD("http://ex%0Aample.com/", LF_EMALF),
	BAD("http://ex%2Fample.com/", LF_EMALF),
	BAD("http://example.com/\r\n", LF_EMALF),
	BAD("http://example.com/a\tb", LF_EMALF),
	BAD("http://example.com/\x7f", LF_EMALF),
	BADN("http://example.com/\0", LF_EMALF),
	BADN("http://exa\0mple.com/", LF_EMALF),
	BAD("http://\xf0\x9f\x92\xa9.la/", LF_EMALF),
};

static void test_cases(void **state)
{
	(void)state;
	char out[LF_IOC_VALUE_MAX + 1];
	char again[LF_IOC_VALUE_MAX + 1];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ucase *c = &cases[i];
		size_t n = c->n ? c->n : strlen(c->in);
		int rc = lf_ioc_url_normalize(c->in, n, out, sizeof(out));
		if (c->rc != 0) {
			if (rc != c->rc)
				fail_msg("\"%s\": rc %d (%s) \"%s\", want %d",
					 c->in, rc, lf_strerror(rc),
					 rc >= 0 ? out : "", c->rc);
			assert_string_equal(out, "");
			continue;
		}
		if (rc < 0)
			fail_msg("\"%s\": rc %d (%s)", c->in, rc,
				 lf_strerror(rc));
		if (strcmp(out, c->out) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c->in, out,
				 c->out);
		assert_int_equal(rc, strlen(out));
		int rc2 = lf_ioc_url_normalize(out, (size_t)rc, again,
					       sizeof(again));
		if (rc2 != rc || strcmp(out, again) != 0)
			fail_msg("\"%s\" not idempotent: \"%s\"", out, again);
	}
}

static void test_cap(void **state)
{
	(void)state;
	const char *u = "HTTP://Example.com:80/a/../b";
	const char *want = "http://example.com/b"; /* 20 bytes */
	char out[64];
	assert_int_equal(lf_ioc_url_normalize(u, strlen(u), out, 21), 20);
	assert_string_equal(out, want);
	/* One byte short: LF_ELIMIT and an empty string, not a prefix. */
	memset(out, 'x', sizeof(out));
	assert_int_equal(lf_ioc_url_normalize(u, strlen(u), out, 20),
			 LF_ELIMIT);
	assert_string_equal(out, "");
	assert_int_equal(lf_ioc_url_normalize(u, strlen(u), out, 1),
			 LF_ELIMIT);
	assert_int_equal(lf_ioc_url_normalize(u, strlen(u), out, 0), -EINVAL);
	assert_int_equal(lf_ioc_url_normalize(u, strlen(u), NULL, 10),
			 -EINVAL);
	assert_int_equal(lf_ioc_url_normalize(NULL, 5, out, sizeof(out)),
			 -EINVAL);
	/* A path that only fits once its dot segments are gone still fails
	 * cleanly when the intermediate form does not fit. */
	const char *dots = "http://e.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/../b";
	assert_int_equal(lf_ioc_url_normalize(dots, strlen(dots), out, 20),
			 LF_ELIMIT);
	assert_int_equal(lf_ioc_url_normalize(dots, strlen(dots), out,
					      sizeof(out)),
			 14);
	assert_string_equal(out, "http://e.com/b");
	/* Only n bytes are read. */
	assert_int_equal(lf_ioc_url_normalize("http://a.example/xyz", 17, out,
					      sizeof(out)),
			 17);
	assert_string_equal(out, "http://a.example/");
}

/* Long hosts: 253 octets fit, 254 do not, %-encoded or not. */
static void test_long_host(void **state)
{
	(void)state;
	char in[1300], out[LF_IOC_VALUE_MAX + 1];
	size_t n = 0;
	memcpy(in, "http://", 7);
	n = 7;
	for (int l = 0; l < 4; l++) {
		memset(in + n, 'a', 62);
		n += 62;
		in[n++] = '.';
	}
	in[n++] = 'b';
	in[n++] = '/';
	assert_int_equal(lf_ioc_url_normalize(in, n, out, sizeof(out)),
			 7 + 253 + 1);
	in[n - 1] = 'c';
	in[n++] = '/';
	assert_int_equal(lf_ioc_url_normalize(in, n, out, sizeof(out)),
			 LF_EMALF);
	/* The same 253-octet name with every octet as %XX. */
	n = 7;
	for (int l = 0; l < 4; l++) {
		for (int k = 0; k < 62; k++) {
			memcpy(in + n, "%61", 3);
			n += 3;
		}
		memcpy(in + n, "%2E", 3);
		n += 3;
	}
	memcpy(in + n, "%62/", 4);
	n += 4;
	assert_int_equal(lf_ioc_url_normalize(in, n, out, sizeof(out)),
			 7 + 253 + 1);
	assert_int_equal(memcmp(out + 7, "aaaa", 4), 0);
	assert_int_equal(out[7 + 62], '.');
	assert_int_equal(out[7 + 252], 'b');
	/* Past the raw limit for a host: refused before any decoding. */
	n = 7;
	while (n < 7 + 1100) {
		memcpy(in + n, "%61", 3);
		n += 3;
	}
	in[n++] = '/';
	assert_int_equal(lf_ioc_url_normalize(in, n, out, sizeof(out)),
			 LF_EMALF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_long_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
