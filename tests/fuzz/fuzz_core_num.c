/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_core_num — every lf_num_* parser on arbitrary bytes, each compared
 * with a plain reference written from num.h's contract:
 *  - lf_num_u64 / _i64 / _u32 / _u8 against a digit-by-digit parser that
 *    accumulates in 128 bits (malformed beats out-of-range, NOLEADZERO);
 *  - lf_num_hex_u64 against the same idea in base 16, at most 16 digits;
 *  - lf_num_double against a grammar check "[-]D+[.D+][(e|E)[+-]D+]" and,
 *    where accepted, strtod's value in the C locale.
 * Bounds come from the input's first bytes when it is long enough, so the
 * range checks are exercised too; the text is the whole input either way.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/num.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                               \
	do {                                                                   \
		if (!(x))                                                      \
			abort();                                               \
	} while (0)

typedef unsigned __int128 u128;

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Magnitude of an all-digit string, saturated just past UINT64_MAX. */
static int ref_mag(const char *s, size_t n, unsigned flags, u128 *out)
{
	if (n == 0)
		return LF_EMALF;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return LF_EMALF;
	if ((flags & LF_NUM_NOLEADZERO) && n > 1 && s[0] == '0')
		return LF_EMALF;
	u128 v = 0;
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > (u128)UINT64_MAX)
			v = (u128)UINT64_MAX + 1; /* stays saturated */
	}
	*out = v;
	return 0;
}

static int ref_u64(const char *s, size_t n, uint64_t min, uint64_t max,
		   unsigned flags, uint64_t *out)
{
	u128 v;
	int rc = ref_mag(s, n, flags, &v);
	if (rc)
		return rc;
	if (v > UINT64_MAX || v < min || v > max)
		return LF_ERANGE;
	*out = (uint64_t)v;
	return 0;
}

static int ref_i64(const char *s, size_t n, int64_t min, int64_t max,
		   unsigned flags, int64_t *out)
{
	int neg = n > 0 && s[0] == '-';
	u128 v;
	int rc = ref_mag(s + neg, n - (size_t)neg, flags, &v);
	if (rc)
		return rc;
	__int128 x = neg ? -(__int128)v : (__int128)v;
	if (x < min || x > max)
		return LF_ERANGE;
	*out = (int64_t)x;
	return 0;
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int ref_hex(const char *s, size_t n, uint64_t *out)
{
	if (n == 0)
		return LF_EMALF;
	for (size_t i = 0; i < n; i++)
		if (hexval(s[i]) < 0)
			return LF_EMALF;
	if (n > 16)
		return LF_ERANGE;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 16 + (uint64_t)hexval(s[i]);
	*out = v;
	return 0;
}

/* "[-]D+[.D+][(e|E)[+-]D+]" */
static int ref_double_grammar(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	size_t st = i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i == st)
		return 0;
	if (i < n && s[i] == '.') {
		st = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == st)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		st = i;
		while (i < n && is_digit(s[i]))
			i++;
		if (i == st)
			return 0;
	}
	return i == n;
}

static uint64_t take64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void check_unsigned(const char *s, size_t n, uint64_t min, uint64_t max)
{
	for (unsigned flags = 0; flags < 2; flags++) {
		uint64_t a = 7, b = 7;
		int ra = lf_num_u64(s, n, min, max, flags, &a);
		int rb = ref_u64(s, n, min, max, flags, &b);
		CHECK(ra == rb && a == b);
	}
	uint32_t lo32 = (uint32_t)min, hi32 = (uint32_t)max;
	uint32_t c = 7;
	uint64_t d = 7;
	int rc = lf_num_u32(s, n, lo32, hi32, &c);
	int rd = ref_u64(s, n, lo32, hi32, 0, &d);
	CHECK(rc == rd && c == (uint32_t)d);
	uint8_t e = 7;
	d = 7;
	rc = lf_num_u8(s, n, (uint8_t)min, (uint8_t)max, &e);
	rd = ref_u64(s, n, (uint8_t)min, (uint8_t)max, 0, &d);
	CHECK(rc == rd && e == (uint8_t)d);
}

static void check_signed(const char *s, size_t n, int64_t min, int64_t max)
{
	for (unsigned flags = 0; flags < 2; flags++) {
		int64_t a = 7, b = 7;
		int ra = lf_num_i64(s, n, min, max, flags, &a);
		int rb = ref_i64(s, n, min, max, flags, &b);
		CHECK(ra == rb && a == b);
	}
}

static void check_double(const char *s, size_t n, double min, double max)
{
	double v = 7;
	int rc = lf_num_double(s, n, min, max, &v);
	if (n > 64) {
		CHECK(rc != 0 && v == 7);
		return;
	}
	int ok = ref_double_grammar(s, n);
	if (!ok) {
		CHECK(rc == LF_EMALF && v == 7);
		return;
	}
	char tmp[65];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	double want = strtod(tmp, NULL); /* the fuzzer never sets a locale */
	if (!isfinite(want) || want < min || want > max) {
		CHECK(rc == LF_ERANGE && v == 7);
		return;
	}
	CHECK(rc == 0);
	CHECK(memcmp(&v, &want, sizeof(v)) == 0); /* -0.0 included */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	/* the whole input as text, full ranges */
	check_unsigned(s, size, 0, UINT64_MAX);
	check_signed(s, size, INT64_MIN, INT64_MAX);
	uint64_t h = 7, hr = 7;
	int rh = lf_num_hex_u64(s, size, &h);
	CHECK(rh == ref_hex(s, size, &hr) && h == hr);
	check_double(s, size, -INFINITY, INFINITY);
	check_double(s, size, -1e308, 1e308);

	/* 16 bytes of bounds, then the text */
	if (size >= 16) {
		uint64_t a = take64(data), b = take64(data + 8);
		const char *t = s + 16;
		size_t tn = size - 16;
		check_unsigned(t, tn, a < b ? a : b, a < b ? b : a);
		check_unsigned(t, tn, a, b); /* possibly empty range */
		int64_t sa = (int64_t)a, sb = (int64_t)b;
		check_signed(t, tn, sa < sb ? sa : sb, sa < sb ? sb : sa);
		double da = (double)sa / 1024.0, db = (double)sb / 1024.0;
		check_double(t, tn, da < db ? da : db, da < db ? db : da);
	}
	return 0;
}
