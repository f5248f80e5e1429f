/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_core_addr — lf_addr_parse / lf_prefix_parse on arbitrary bytes.
 *
 * Checks, each an abort() on failure:
 *  - an accepted address formats (RFC 5952) and parses back to the same
 *    bytes, and its text is a fixed point (format(parse(text)) == text);
 *  - the C library's inet_pton, an independent parser of the same RFC 4291
 *    grammar, agrees on accept/reject and on the bytes (inputs with a NUL
 *    or a zone '%' are not comparable and skipped);
 *  - an accepted prefix is canonical (no host bits), within its family's
 *    length, round-trips through lf_prefix_format with STRICT|NOBARE, and
 *    contains its own address; STRICT fails exactly when bits were masked.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                               \
	do {                                                                   \
		if (!(x))                                                      \
			abort();                                               \
	} while (0)

static void check_addr(const struct lf_addr *a)
{
	CHECK(a->af == LF_AF_V4 || a->af == LF_AF_V6);
	if (a->af == LF_AF_V4) {
		static const uint8_t z[12];
		CHECK(memcmp(a->b + 4, z, 12) == 0);
	}
	char buf[LF_ADDR_STRLEN], buf2[LF_ADDR_STRLEN];
	int n = lf_addr_format(a, buf, sizeof(buf));
	CHECK(n > 0 && (size_t)n == strlen(buf));
	struct lf_addr b;
	CHECK(lf_addr_parse(buf, (size_t)n, &b) == 0);
	CHECK(memcmp(a, &b, sizeof(b)) == 0);
	CHECK(lf_addr_cmp(a, &b) == 0);
	CHECK(lf_addr_format(&b, buf2, sizeof(buf2)) == n);
	CHECK(memcmp(buf, buf2, (size_t)n + 1) == 0);
	/* one byte short: LF_ELIMIT and "" */
	CHECK(lf_addr_format(a, buf2, (size_t)n) == LF_ELIMIT);
	CHECK(buf2[0] == '\0');
	/* the C library reads our output the same way */
	uint8_t raw[16];
	CHECK(inet_pton(a->af == LF_AF_V4 ? AF_INET : AF_INET6, buf, raw) == 1);
	CHECK(memcmp(raw, a->b, a->af == LF_AF_V4 ? 4 : 16) == 0);
}

static void check_prefix(const char *s, size_t n)
{
	for (unsigned flags = 0; flags < 4; flags++) {
		struct lf_prefix p;
		int masked = -1;
		int rc = lf_prefix_parse(s, n, flags, &p, &masked);
		if (rc != 0) {
			CHECK(rc == LF_EMALF || rc == LF_ERANGE ||
			      rc == LF_EZONE || rc == LF_EHOSTBITS);
			CHECK(rc != LF_EHOSTBITS || (flags & LF_PFX_STRICT));
			if (rc == LF_EHOSTBITS) {
				/* the lenient parse accepts and reports it */
				struct lf_prefix q;
				int m = 0;
				CHECK(lf_prefix_parse(s, n,
						      flags & ~LF_PFX_STRICT,
						      &q, &m) == 0);
				CHECK(m == 1);
			}
			continue;
		}
		CHECK(masked == 0 || masked == 1);
		CHECK(!(flags & LF_PFX_STRICT) || masked == 0);
		CHECK(p.len <= lf_addr_bits(&p.addr));
		struct lf_addr m = p.addr;
		lf_addr_mask(&m, p.len);
		CHECK(memcmp(&m, &p.addr, sizeof(m)) == 0);
		CHECK(lf_prefix_contains(&p, &p.addr));
		CHECK(lf_prefix_covers(&p, &p));
		char buf[LF_PREFIX_STRLEN];
		int len = lf_prefix_format(&p, buf, sizeof(buf));
		CHECK(len > 0 && (size_t)len == strlen(buf));
		struct lf_prefix q;
		int qm = -1;
		CHECK(lf_prefix_parse(buf, (size_t)len,
				      LF_PFX_STRICT | LF_PFX_NOBARE, &q,
				      &qm) == 0);
		CHECK(qm == 0);
		CHECK(memcmp(&p, &q, sizeof(p)) == 0);
		CHECK(lf_prefix_cmp(&p, &q) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct lf_addr a;
	memset(&a, 0, sizeof(a));
	int rc = lf_addr_parse(s, size, &a);
	CHECK(rc == 0 || rc == LF_EMALF || rc == LF_EZONE);
	if (rc == LF_EZONE)
		CHECK(memchr(s, '%', size) != NULL);
	if (rc == 0)
		check_addr(&a);

	/* differential against inet_pton */
	if (size < 64 && !memchr(s, '\0', size) && !memchr(s, '%', size)) {
		char z[64];
		memcpy(z, s, size);
		z[size] = '\0';
		uint8_t r4[4], r6[16];
		int ok4 = inet_pton(AF_INET, z, r4) == 1;
		int ok6 = inet_pton(AF_INET6, z, r6) == 1;
		CHECK((rc == 0) == (ok4 || ok6));
		if (ok4)
			CHECK(a.af == LF_AF_V4 && memcmp(a.b, r4, 4) == 0);
		if (ok6)
			CHECK(a.af == LF_AF_V6 && memcmp(a.b, r6, 16) == 0);
	}

	check_prefix(s, size);
	return 0;
}
