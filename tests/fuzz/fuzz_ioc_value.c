/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ioc_value — lf_ioc_value_parse under every hint, plus
 * lf_ioc_url_normalize, lf_ioc_domain_normalize and the name parsers, on
 * the whole input. Besides memory safety (ASan/UBSan) it asserts the
 * contract that makes canonical values worth having:
 *
 *   - success gives a NUL-terminated text of out->len <= LF_IOC_VALUE_MAX
 *     bytes, of the hinted type (IPv4/IPv6 hints: that family);
 *   - failure leaves an empty value and a domain error code;
 *   - idempotence: the canonical text parses again, under its own type, to
 *     the same type and text; without a hint it gives the same text, and
 *     the same type when it was detected in the first place;
 *   - the URL and domain normalisers are idempotent on their own output.
 *
 * Any violation calls abort(), which both libFuzzer and the replay report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "ioc/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

static void check_value(enum lf_ioc_type hint, const char *s, size_t n)
{
	struct lf_ioc_value v, again;
	int rc = lf_ioc_value_parse(hint, s, n, &v);
	if (rc != 0) {
		check(rc <= -1000);
		check(v.type == LF_IOC_NONE && v.len == 0 && v.text[0] == '\0');
		return;
	}
	check(v.type > LF_IOC_NONE && v.type < LF_IOC__COUNT);
	check(v.len > 0 && v.len <= LF_IOC_VALUE_MAX);
	check(strlen(v.text) == v.len);
	if (hint != LF_IOC_NONE)
		check(v.type == hint);
	check(!v.subdomains || v.type == LF_IOC_DOMAIN);
	check(!v.masked || v.type == LF_IOC_IPV4 || v.type == LF_IOC_IPV6);

	rc = lf_ioc_value_parse(v.type, v.text, v.len, &again);
	check(rc == 0);
	check(again.type == v.type && again.len == v.len);
	check(memcmp(again.text, v.text, v.len + 1) == 0);
	check(!again.masked && !again.subdomains);

	rc = lf_ioc_value_parse(LF_IOC_NONE, v.text, v.len, &again);
	if (hint == LF_IOC_NONE)
		check(rc == 0 && again.type == v.type);
	if (rc == 0)
		check(again.len == v.len &&
		      memcmp(again.text, v.text, v.len + 1) == 0);
}

static void check_url(const char *s, size_t n)
{
	char out[LF_IOC_VALUE_MAX + 1], again[LF_IOC_VALUE_MAX + 1];
	int rc = lf_ioc_url_normalize(s, n, out, sizeof(out));
	if (rc < 0) {
		check(rc <= -1000 && out[0] == '\0');
		return;
	}
	check((size_t)rc == strlen(out));
	int rc2 = lf_ioc_url_normalize(out, (size_t)rc, again, sizeof(again));
	check(rc2 == rc && memcmp(out, again, (size_t)rc + 1) == 0);
}

static void check_domain(const char *s, size_t n)
{
	char out[LF_DOMAIN_MAX + 1], again[LF_DOMAIN_MAX + 1];
	int rc = lf_ioc_domain_normalize(s, n, out, sizeof(out));
	if (rc < 0) {
		check(rc <= -1000);
		return;
	}
	check(rc > 0 && rc <= LF_DOMAIN_MAX && (size_t)rc == strlen(out));
	int rc2 = lf_ioc_domain_normalize(out, (size_t)rc, again,
					  sizeof(again));
	check(rc2 == rc && memcmp(out, again, (size_t)rc + 1) == 0);
}

static void check_names(const char *s, size_t n)
{
	enum lf_tlp tlp;
	enum lf_ioc_type t;
	if (lf_tlp_parse(s, n, &tlp) == 0) {
		const char *nm = lf_tlp_name(tlp);
		check(tlp > LF_TLP_UNSET && tlp < LF_TLP__COUNT);
		check(lf_tlp_parse(nm, strlen(nm), &tlp) == 0);
	}
	if (lf_ioc_type_parse(s, n, &t) == 0) {
		const char *nm = lf_ioc_type_name(t);
		check(n == strlen(nm));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	for (unsigned h = LF_IOC_NONE; h < LF_IOC__COUNT; h++)
		check_value((enum lf_ioc_type)h, s, size);
	check_url(s, size);
	check_domain(s, size);
	check_names(s, size);
	return 0;
}
