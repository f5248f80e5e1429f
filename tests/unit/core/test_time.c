/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/time.c: RFC 3339 §5.6 timestamps (its §5.8 examples and
 * the STIX 2.1 forms), the calendar checks, fraction truncation, leap
 * seconds, formatting at 0/3/6 digits, and the civil-date conversions over
 * years 0..9999 and beyond against a day-by-day reference calendar.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/time.h"

#define US LF_USEC_PER_SEC

static lf_time_t must_parse(const char *s)
{
	lf_time_t t = 0;
	int rc = lf_time_parse(s, strlen(s), &t);
	if (rc != 0)
		fail_msg("parse \"%s\": %d", s, rc);
	return t;
}

static void expect_bad(const char *s)
{
	lf_time_t t = 12345;
	int rc = lf_time_parse(s, strlen(s), &t);
	if (rc != LF_EMALF && rc != LF_ERANGE)
		fail_msg("\"%s\": got %d, want LF_EMALF or LF_ERANGE", s, rc);
	assert_true(t == 12345); /* untouched */
}

static void expect_t(const char *s, lf_time_t want)
{
	lf_time_t got = must_parse(s);
	if (got != want)
		fail_msg("\"%s\": got %lld, want %lld", s, (long long)got,
			 (long long)want);
}

static void test_rfc3339_examples(void **state)
{
	(void)state;
	/* RFC 3339 §5.8 */
	expect_t("1985-04-12T23:20:50.52Z", INT64_C(482196050520000));
	expect_t("1996-12-19T16:39:57-08:00", INT64_C(851042397000000));
	expect_t("1990-12-31T23:59:60Z", INT64_C(662688000000000) - 1);
	expect_t("1990-12-31T15:59:60-08:00", INT64_C(662688000000000) - 1);
	expect_t("1937-01-01T12:00:27.87+00:20", INT64_C(-1041337172130000));
	/* STIX 2.1 §3.2 forms */
	expect_t("2014-05-08T09:00:00.000000Z", INT64_C(1399539600000000));
	expect_t("2014-05-08T09:00:00Z", INT64_C(1399539600000000));
	expect_t("2014-05-08T09:00:00.000Z", INT64_C(1399539600000000));
	expect_t("2016-01-20T12:31:12.123Z", INT64_C(1453293072123000));
	expect_t("1970-01-01T00:00:00Z", 0);
	expect_t("1970-01-01T00:00:00.000001Z", 1);
	expect_t("1969-12-31T23:59:59.999999Z", -1);
}

static void test_case_and_separators(void **state)
{
	(void)state;
	lf_time_t want = INT64_C(1399539600000000);
	expect_t("2014-05-08t09:00:00z", want);
	expect_t("2014-05-08 09:00:00Z", want); /* RFC 3339 §5.6 NOTE */
	expect_t("2014-05-08T10:00:00+01:00", want);
	expect_t("2014-05-08T08:00:00-01:00", want);
	expect_t("2014-05-08T09:00:00+00:00", want);
	expect_t("2014-05-08T09:00:00-00:00", want);
	expect_t("2014-05-08T23:59:00+14:59", want);
	/* an offset that crosses midnight and the year */
	expect_t("1970-01-01T01:00:00+02:00", -3600 * US);
	expect_t("1969-12-31T23:00:00-01:00", 0);
}

static void test_fractions(void **state)
{
	(void)state;
	lf_time_t base = INT64_C(1399539600000000);
	static const struct {
		const char *s;
		int64_t us;
	} f[] = {
	    {"2014-05-08T09:00:00.1Z", 100000},
	    {"2014-05-08T09:00:00.12Z", 120000},
	    {"2014-05-08T09:00:00.123Z", 123000},
	    {"2014-05-08T09:00:00.1234Z", 123400},
	    {"2014-05-08T09:00:00.12345Z", 123450},
	    {"2014-05-08T09:00:00.123456Z", 123456},
	    {"2014-05-08T09:00:00.1234567Z", 123456}, /* truncated */
	    {"2014-05-08T09:00:00.12345678Z", 123456},
	    {"2014-05-08T09:00:00.123456789Z", 123456},
	    {"2014-05-08T09:00:00.999999999Z", 999999}, /* not rounded up */
	    {"2014-05-08T09:00:00.0000009Z", 0},
	    {"2014-05-08T09:00:00.000001+00:00", 1},
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		expect_t(f[i].s, base + f[i].us);

	/* "any number of fraction digits" */
	char longfrac[300];
	size_t o = 0;
	memcpy(longfrac, "2014-05-08T09:00:00.", 20);
	o = 20;
	longfrac[o++] = '5';
	while (o < sizeof(longfrac) - 2)
		longfrac[o++] = '9';
	longfrac[o++] = 'Z';
	longfrac[o] = '\0';
	expect_t(longfrac, base + 599999);

	expect_bad("2014-05-08T09:00:00.Z");
	expect_bad("2014-05-08T09:00:00.");
	expect_bad("2014-05-08T09:00:00,5Z");
	expect_bad("2014-05-08T09:00:00.5.5Z");
	expect_bad("2014-05-08T09:00:00.-5Z");
	expect_bad("2014-05-08T09:00:00.5 Z");
}

static void test_leap_second(void **state)
{
	(void)state;
	lf_time_t next = must_parse("2017-01-01T00:00:00Z");
	/* folded onto the last microsecond of :59, fraction ignored */
	expect_t("2016-12-31T23:59:60Z", next - 1);
	expect_t("2016-12-31T23:59:60.5Z", next - 1);
	expect_t("2016-12-31T23:59:60.999999999Z", next - 1);
	expect_t("2017-01-01T00:59:60+01:00", next - 1);
	assert_true(must_parse("2016-12-31T23:59:59.999999Z") == next - 1);
	expect_bad("2016-12-31T23:59:61Z");
	expect_bad("2016-12-31T23:59:99Z");
}

static void test_calendar(void **state)
{
	(void)state;
	must_parse("2000-02-29T00:00:00Z"); /* divisible by 400 */
	expect_t("2024-02-29T12:00:00Z", INT64_C(1709208000000000));
	must_parse("1600-02-29T00:00:00Z");
	must_parse("0000-02-29T00:00:00Z"); /* year 0 is a leap year */
	expect_bad("1900-02-29T00:00:00Z"); /* divisible by 100 */
	expect_bad("2023-02-29T00:00:00Z");
	expect_bad("2100-02-29T00:00:00Z");
	expect_bad("2024-02-30T00:00:00Z");
	static const char *const thirty[] = {"04", "06", "09", "11"};
	for (size_t i = 0; i < 4; i++) {
		char s[32];
		memcpy(s, "2021-MM-30T00:00:00Z", 21);
		memcpy(s + 5, thirty[i], 2);
		must_parse(s);
		s[9] = '1';
		expect_bad(s); /* day 31 */
	}
	static const char *const long_m[] = {"01", "03", "05", "07",
					     "08", "10", "12"};
	for (size_t i = 0; i < 7; i++) {
		char s[32];
		memcpy(s, "2021-MM-31T00:00:00Z", 21);
		memcpy(s + 5, long_m[i], 2);
		must_parse(s);
		s[8] = '3';
		s[9] = '2';
		expect_bad(s);
	}
	expect_bad("2021-13-01T00:00:00Z");
	expect_bad("2021-00-01T00:00:00Z");
	expect_bad("2021-01-00T00:00:00Z");
	expect_bad("2021-01-32T00:00:00Z");
	expect_bad("2021-01-01T24:00:00Z");
	expect_bad("2021-01-01T23:60:00Z");
	expect_bad("2021-01-01T25:00:00Z");
	must_parse("2021-01-01T23:59:59Z");
	/* the whole range */
	expect_t("0000-01-01T00:00:00Z", INT64_C(-719528) * 86400 * US);
	expect_t("9999-12-31T23:59:59.999999Z", INT64_C(253402300799999999));
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "2014",
	    "2014-05-08",
	    "2014-05-08T09:00:00",
	    "2014-05-08T09:00Z",
	    "2014-05-08T09:00:00 Z",
	    " 2014-05-08T09:00:00Z",
	    "2014-05-08T09:00:00Z ",
	    "2014-05-08T09:00:00ZZ",
	    "2014-5-08T09:00:00Z",
	    "2014-05-8T09:00:00Z",
	    "14-05-08T09:00:00Z",
	    "+2014-05-08T09:00:00Z",
	    "-2014-05-08T09:00:00Z",
	    "12014-05-08T09:00:00Z",
	    "2014/05/08T09:00:00Z",
	    "2014-05-08X09:00:00Z",
	    "2014-05-08_09:00:00Z",
	    "2014-05-08T09-00-00Z",
	    "2014-05-08T9:00:00Z",
	    "2014-05-08T09:00:00+0100",
	    "2014-05-08T09:00:00+01",
	    "2014-05-08T09:00:00+1:00",
	    "2014-05-08T09:00:00+01:0",
	    "2014-05-08T09:00:00+24:00",
	    "2014-05-08T09:00:00+01:60",
	    "2014-05-08T09:00:00+01:00Z",
	    "2014-05-08T09:00:00UTC",
	    "2014-05-08T09:00:00+",
	    "2014-05-08T09:00:00-",
	    "2014-05-08T09:00:00+01:",
	    "2014-05-08T09:00:00+01:00:00",
	    "2014-05-08T09:00:00GMT",
	    "2014-+5-08T09:00:00Z",
	    "2014-05-+8T09:00:00Z",
	    "2014-05-08T+9:00:00Z",
	    "2014-05-08T09:00:+0Z",
	    "201a-05-08T09:00:00Z",
	    "2014-05-08T09:00:00.123456\xc2\xb5Z",
	    "2014-05-08TT09:00:00Z",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad(bad[i]);

	/* NUL inside the span; a span shorter than the string */
	lf_time_t t = 7;
	assert_int_equal(lf_time_parse("2014-05-08T09:00:00Z\0", 21, &t),
			 LF_EMALF);
	assert_int_equal(lf_time_parse("2014-05-08T09:00:00\0Z", 20, &t),
			 LF_EMALF);
	assert_int_equal(lf_time_parse("2014-05-08T09:00:00Z", 19, &t),
			 LF_EMALF);
	assert_int_equal(lf_time_parse("2014-05-08T09:00:00+01:00", 24, &t),
			 LF_EMALF);
	assert_true(t == 7);
	assert_int_equal(lf_time_parse("2014-05-08T09:00:00Zjunk", 20, &t), 0);
	assert_true(t == INT64_C(1399539600000000));
}

static void expect_fmt(lf_time_t t, unsigned digits, const char *want)
{
	char buf[LF_TIME_STRLEN];
	memset(buf, 'x', sizeof(buf));
	int n = lf_time_format(t, digits, buf, sizeof(buf));
	if (n != (int)strlen(want) || strcmp(buf, want) != 0)
		fail_msg("format(%lld, %u) = %d \"%s\", want \"%s\"",
			 (long long)t, digits, n, buf, want);
}

static void test_format(void **state)
{
	(void)state;
	lf_time_t t =
	    INT64_C(1453293072123456); /* 2016-01-20T12:31:12.123456Z */
	expect_fmt(t, 0, "2016-01-20T12:31:12Z");
	expect_fmt(t, 3, "2016-01-20T12:31:12.123Z");
	expect_fmt(t, 6, "2016-01-20T12:31:12.123456Z");
	/* other digit counts round up to the next of 0/3/6 */
	expect_fmt(t, 1, "2016-01-20T12:31:12.123Z");
	expect_fmt(t, 2, "2016-01-20T12:31:12.123Z");
	expect_fmt(t, 4, "2016-01-20T12:31:12.123456Z");
	expect_fmt(t, 5, "2016-01-20T12:31:12.123456Z");
	/* truncation, never rounding into the next second */
	expect_fmt(INT64_C(1453293072999999), 0, "2016-01-20T12:31:12Z");
	expect_fmt(INT64_C(1453293072999999), 3, "2016-01-20T12:31:12.999Z");
	expect_fmt(0, 0, "1970-01-01T00:00:00Z");
	expect_fmt(0, 6, "1970-01-01T00:00:00.000000Z");
	/* before the epoch: floor, not toward zero */
	expect_fmt(-1, 6, "1969-12-31T23:59:59.999999Z");
	expect_fmt(-1, 3, "1969-12-31T23:59:59.999Z");
	expect_fmt(-1, 0, "1969-12-31T23:59:59Z");
	expect_fmt(-US, 0, "1969-12-31T23:59:59Z");
	expect_fmt(-US - 1, 0, "1969-12-31T23:59:58Z");
	expect_fmt(INT64_C(-1041337172130000), 3, "1937-01-01T11:40:27.870Z");
	/* the ends of the range */
	expect_fmt(INT64_C(-719528) * 86400 * US, 0, "0000-01-01T00:00:00Z");
	expect_fmt(INT64_C(253402300799999999), 6,
		   "9999-12-31T23:59:59.999999Z");
	expect_fmt(INT64_C(951782400) * US, 0, "2000-02-29T00:00:00Z");

	char buf[LF_TIME_STRLEN];
	assert_int_equal(
	    lf_time_format(INT64_C(253402300800000000), 0, buf, sizeof(buf)),
	    LF_ERANGE);
	assert_int_equal(lf_time_format(INT64_C(-719528) * 86400 * US - 1, 0,
					buf, sizeof(buf)),
			 LF_ERANGE);
	assert_int_equal(lf_time_format(LF_TIME_MIN, 0, buf, sizeof(buf)),
			 LF_ERANGE);
	assert_int_equal(lf_time_format(LF_TIME_MAX, 6, buf, sizeof(buf)),
			 LF_ERANGE);
	assert_int_equal(lf_time_format(LF_TIME_MIN + 1, 6, buf, sizeof(buf)),
			 LF_ERANGE);
	assert_int_equal(lf_time_format(LF_TIME_MAX - 1, 6, buf, sizeof(buf)),
			 LF_ERANGE);

	/* buffer limits: exactly enough, one short */
	assert_int_equal(lf_time_format(t, 6, buf, 28), 27);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(lf_time_format(t, 6, buf, 27), LF_ELIMIT);
	assert_string_equal(buf, "");
	assert_int_equal(lf_time_format(t, 0, buf, 21), 20);
	assert_int_equal(lf_time_format(t, 0, buf, 20), LF_ELIMIT);
	assert_string_equal(buf, "");
	assert_int_equal(lf_time_format(t, 0, NULL, 0), LF_ELIMIT);
}

static uint64_t rng_state = UINT64_C(0x0123456789abcdef);

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

static lf_time_t floor_to(lf_time_t t, int64_t q)
{
	lf_time_t r = t % q;
	return r < 0 ? t - r - q : t - r;
}

static void test_roundtrip(void **state)
{
	(void)state;
	const lf_time_t lo = INT64_C(-719528) * 86400 * US;
	const lf_time_t hi = INT64_C(253402300799999999);
	for (int i = 0; i < 20000; i++) {
		lf_time_t t = lo + (lf_time_t)(rnd() % (uint64_t)(hi - lo + 1));
		static const unsigned dig[] = {0, 3, 6};
		static const int64_t q[] = {US, 1000, 1};
		for (int k = 0; k < 3; k++) {
			char buf[LF_TIME_STRLEN];
			int n = lf_time_format(t, dig[k], buf, sizeof(buf));
			assert_true(n > 0 && (size_t)n == strlen(buf));
			lf_time_t back;
			assert_int_equal(lf_time_parse(buf, (size_t)n, &back),
					 0);
			if (back != floor_to(t, q[k]))
				fail_msg("%lld -> \"%s\" -> %lld", (long long)t,
					 buf, (long long)back);
		}
	}
}

/* An independent calendar, walked one day at a time. */
static int ref_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned ref_dim(int64_t y, unsigned m)
{
	static const unsigned dim[] = {31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31};
	return m == 2 && ref_leap(y) ? 29 : dim[m - 1];
}

static void test_civil(void **state)
{
	(void)state;
	/* fixed points */
	assert_true(lf_days_from_civil(1970, 1, 1) == 0);
	assert_true(lf_days_from_civil(1969, 12, 31) == -1);
	assert_true(lf_days_from_civil(2000, 3, 1) == 11017);
	assert_true(lf_days_from_civil(1900, 1, 1) == -25567);
	assert_true(lf_days_from_civil(1, 1, 1) == -719162);
	assert_true(lf_days_from_civil(0, 3, 1) == -719468);
	assert_true(lf_days_from_civil(0, 1, 1) == -719528);
	assert_true(lf_days_from_civil(9999, 12, 31) == 2932896);

	/* walk from 0400-01-01 BCE (-0400) to 10400, day by day */
	int64_t y = -400;
	unsigned m = 1, d = 1;
	int64_t day = lf_days_from_civil(y, m, d);
	assert_true(day == INT64_C(-719528) - 146097);
	while (y <= 10400) {
		assert_true(lf_days_from_civil(y, m, d) == day);
		int64_t cy;
		unsigned cm, cd;
		lf_civil_from_days(day, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			fail_msg("day %lld: got %lld-%u-%u, want %lld-%u-%u",
				 (long long)day, (long long)cy, cm, cd,
				 (long long)y, m, d);
		day++;
		if (++d > ref_dim(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	/* far out, both ways: still inverse */
	static const int64_t far[] = {INT64_C(-100000000), INT64_C(-3000000),
				      INT64_C(3000000), INT64_C(100000000)};
	for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		int64_t cy;
		unsigned cm, cd;
		lf_civil_from_days(far[i], &cy, &cm, &cd);
		assert_true(cm >= 1 && cm <= 12 && cd >= 1 &&
			    cd <= ref_dim(cy, cm));
		assert_true(lf_days_from_civil(cy, cm, cd) == far[i]);
	}
}

static void test_now(void **state)
{
	(void)state;
	lf_time_t a = lf_time_now();
	lf_time_t b = lf_time_now();
	/* after 2020-01-01, before 2100-01-01 */
	assert_true(a > INT64_C(1577836800) * US);
	assert_true(a < INT64_C(4102444800) * US);
	assert_true(b >= a - 10 * US); /* wall clock, allow a small step */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc3339_examples),
	    cmocka_unit_test(test_case_and_separators),
	    cmocka_unit_test(test_fractions),
	    cmocka_unit_test(test_leap_second),
	    cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_civil),
	    cmocka_unit_test(test_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
