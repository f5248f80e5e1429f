/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_core_time — lf_time_parse and lf_time_format.
 *
 * The input is tried two ways:
 *  1. as text for lf_time_parse. An accepted timestamp is formatted back at
 *     6, 3 and 0 fraction digits and re-parsed (equal to the value floored
 *     to that precision), and the fields are checked against the text
 *     itself: shifted by its own offset, the formatted value must show the
 *     input's date, time and first six fraction digits (":60" showing as
 *     ":59.999999"). This catches a parser that accepts a string but reads
 *     it wrong, which a round trip alone would not.
 *  2. as 8 bytes of an int64 time, a digit count and a buffer size for
 *     lf_time_format: output either parses back (floored) or the result is
 *     LF_ERANGE / LF_ELIMIT with an empty buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x)                                                               \
	do {                                                                   \
		if (!(x))                                                      \
			abort();                                               \
	} while (0)

static lf_time_t floor_to(lf_time_t t, int64_t q)
{
	lf_time_t r = t % q;
	return r < 0 ? t - r - q : t - r;
}

static int upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int dig2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static void check_text(const char *s, size_t n, lf_time_t t)
{
	static const unsigned digits[] = {6, 3, 0};
	static const int64_t quantum[] = {1, 1000, LF_USEC_PER_SEC};
	char buf[LF_TIME_STRLEN];
	for (int k = 0; k < 3; k++) {
		int len = lf_time_format(t, digits[k], buf, sizeof(buf));
		if (len == LF_ERANGE) {
			/* only an offset can push a year-0/9999 time out */
			CHECK(s[n - 1] != 'Z' && s[n - 1] != 'z');
			CHECK(memcmp(s, "0000", 4) == 0 ||
			      memcmp(s, "9999", 4) == 0);
			return;
		}
		CHECK(len > 0 && (size_t)len == strlen(buf));
		lf_time_t back;
		CHECK(lf_time_parse(buf, (size_t)len, &back) == 0);
		CHECK(back == floor_to(t, quantum[k]));
	}

	/* field check: undo the offset and compare with the text */
	int64_t off = 0;
	if (s[n - 1] != 'Z' && s[n - 1] != 'z') {
		CHECK(n >= 25 && s[n - 3] == ':');
		CHECK(s[n - 6] == '+' || s[n - 6] == '-');
		off = (int64_t)(dig2(s + n - 5) * 3600 + dig2(s + n - 2) * 60);
		if (s[n - 6] == '-')
			off = -off;
	}
	lf_time_t local = t + off * LF_USEC_PER_SEC;
	int len = lf_time_format(local, 6, buf, sizeof(buf));
	if (len < 0)
		return; /* the local time itself is outside 0..9999: rare */
	CHECK(len == 27);
	int leap = s[17] == '6' && s[18] == '0';
	for (int i = 0; i < 19; i++) {
		char want = i == 10 ? 'T' : (char)upper((unsigned char)s[i]);
		if (leap && i == 17)
			want = '5';
		if (leap && i == 18)
			want = '9';
		CHECK(buf[i] == want);
	}
	/* fraction: the input's first six digits, zero-padded */
	char frac[6] = {'0', '0', '0', '0', '0', '0'};
	if (leap) {
		memset(frac, '9', 6);
	} else if (s[19] == '.') {
		for (size_t i = 20, j = 0;
		     i < n && j < 6 && s[i] >= '0' && s[i] <= '9'; i++, j++)
			frac[j] = s[i];
	}
	CHECK(memcmp(buf + 20, frac, 6) == 0);
}

static void check_format(const uint8_t *data, size_t size)
{
	if (size < 10)
		return;
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u = u << 8 | data[i];
	lf_time_t t = (lf_time_t)u;
	/* half the time squeeze the value into years 0..9999 */
	const lf_time_t lo = INT64_C(-62167219200000000);
	const lf_time_t hi = INT64_C(253402300799999999);
	if (data[8] & 0x80)
		t = lo + (lf_time_t)(u % (uint64_t)(hi - lo + 1));
	unsigned digits = data[8] & 7;
	size_t cap = data[9] % 32;
	char buf[32];
	memset(buf, 'x', sizeof(buf));
	int len = lf_time_format(t, digits, buf, cap);
	if (len < 0) {
		CHECK(len == LF_ERANGE || len == LF_ELIMIT);
		CHECK(cap == 0 || buf[0] == '\0');
		if (len == LF_ERANGE)
			CHECK(t < lo || t > hi);
		else
			CHECK(t >= lo && t <= hi);
		return;
	}
	CHECK(t >= lo && t <= hi);
	CHECK((size_t)len < cap && (size_t)len == strlen(buf));
	int64_t q = digits == 0 ? LF_USEC_PER_SEC : digits <= 3 ? 1000 : 1;
	CHECK(len == (q == 1 ? 27 : q == 1000 ? 24 : 20));
	lf_time_t back;
	CHECK(lf_time_parse(buf, (size_t)len, &back) == 0);
	CHECK(back == floor_to(t, q));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	lf_time_t t = 42;
	int rc = lf_time_parse(s, size, &t);
	CHECK(rc == 0 || rc == LF_EMALF || rc == LF_ERANGE);
	if (rc == 0)
		check_text(s, size, t);
	else
		CHECK(t == 42);
	check_format(data, size);
	return 0;
}
