/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/num.c: the whole span must be the number, bounds give
 * LF_ERANGE with *out untouched, overflow never wraps, malformed beats
 * out-of-range, and the double grammar refuses what strtod would take
 * (inf, nan, hex floats, spaces).
 */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/num.h"

static int u64(const char *s, uint64_t min, uint64_t max, unsigned fl,
	       uint64_t *out)
{
	return lf_num_u64(s, strlen(s), min, max, fl, out);
}

static int i64(const char *s, int64_t min, int64_t max, unsigned fl,
	       int64_t *out)
{
	return lf_num_i64(s, strlen(s), min, max, fl, out);
}

static void test_u64_good(void **state)
{
	(void)state;
	uint64_t v = 99;
	assert_int_equal(u64("0", 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(u64("42", 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == 42);
	assert_int_equal(u64("007", 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == 7);
	assert_int_equal(u64("18446744073709551615", 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(u64("00000000000000000000000018446744073709551615", 0,
			     UINT64_MAX, 0, &v),
			 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(u64("1844674407370955161", 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == UINT64_C(1844674407370955161));
	/* the span, not the string */
	assert_int_equal(lf_num_u64("12345", 3, 0, UINT64_MAX, 0, &v), 0);
	assert_true(v == 123);
}

static void test_u64_bounds(void **state)
{
	(void)state;
	uint64_t v = 77;
	assert_int_equal(u64("10", 10, 20, 0, &v), 0);
	assert_true(v == 10);
	assert_int_equal(u64("20", 10, 20, 0, &v), 0);
	assert_true(v == 20);
	v = 77;
	assert_int_equal(u64("9", 10, 20, 0, &v), LF_ERANGE);
	assert_int_equal(u64("21", 10, 20, 0, &v), LF_ERANGE);
	assert_int_equal(u64("0", 1, 20, 0, &v), LF_ERANGE);
	assert_true(v == 77); /* untouched */
	/* overflow never wraps */
	assert_int_equal(u64("18446744073709551616", 0, UINT64_MAX, 0, &v),
			 LF_ERANGE);
	assert_int_equal(u64("18446744073709551620", 0, UINT64_MAX, 0, &v),
			 LF_ERANGE);
	assert_int_equal(u64("99999999999999999999", 0, UINT64_MAX, 0, &v),
			 LF_ERANGE);
	assert_int_equal(u64("184467440737095516150", 0, UINT64_MAX, 0, &v),
			 LF_ERANGE);
	assert_int_equal(u64("36893488147419103232", 0, UINT64_MAX, 0, &v),
			 LF_ERANGE); /* 2^65: wraps to 0 if done naively */
	assert_true(v == 77);
}

static void test_u64_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",	     "12x",  "x12", "+1",  "-1", "-0",	 " 1",	"1 ",  "1_000",
	    "1,000", "0x10", "1e3", "1.0", "١",	 "\xff", "1\n", "--1", "+",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 5;
		int rc = u64(bad[i], 0, UINT64_MAX, 0, &v);
		if (rc != LF_EMALF)
			fail_msg("\"%s\": got %d", bad[i], rc);
		assert_true(v == 5);
	}
	uint64_t v;
	assert_int_equal(lf_num_u64("12\0", 3, 0, 100, 0, &v), LF_EMALF);
	assert_int_equal(lf_num_u64(NULL, 0, 0, 100, 0, &v), LF_EMALF);
	/* malformed wins over out of range, wherever the junk is */
	assert_int_equal(u64("99999999999999999999x", 0, UINT64_MAX, 0, &v),
			 LF_EMALF);
	assert_int_equal(
	    u64("999999999999999999999999999999x9", 0, UINT64_MAX, 0, &v),
	    LF_EMALF);
	assert_int_equal(u64("12x", 0, 5, 0, &v), LF_EMALF);
}

static void test_noleadzero(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(u64("0", 0, 100, LF_NUM_NOLEADZERO, &v), 0);
	assert_true(v == 0);
	assert_int_equal(u64("10", 0, 100, LF_NUM_NOLEADZERO, &v), 0);
	assert_true(v == 10);
	assert_int_equal(u64("07", 0, 100, LF_NUM_NOLEADZERO, &v), LF_EMALF);
	assert_int_equal(u64("00", 0, 100, LF_NUM_NOLEADZERO, &v), LF_EMALF);
	assert_int_equal(u64("007", 0, 100, 0, &v), 0);
	int64_t s;
	assert_int_equal(i64("-07", -100, 100, LF_NUM_NOLEADZERO, &s),
			 LF_EMALF);
	assert_int_equal(i64("-0", -100, 100, LF_NUM_NOLEADZERO, &s), 0);
	assert_true(s == 0);
	assert_int_equal(i64("-70", -100, 100, LF_NUM_NOLEADZERO, &s), 0);
	assert_true(s == -70);
}

static void test_i64(void **state)
{
	(void)state;
	int64_t v = 3;
	assert_int_equal(i64("0", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == 0);
	v = 3;
	assert_int_equal(i64("-0", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(i64("-42", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == -42);
	assert_int_equal(
	    i64("9223372036854775807", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(
	    i64("-9223372036854775808", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(
	    i64("-9223372036854775807", INT64_MIN, INT64_MAX, 0, &v), 0);
	assert_true(v == INT64_MIN + 1);
	v = 3;
	assert_int_equal(
	    i64("9223372036854775808", INT64_MIN, INT64_MAX, 0, &v), LF_ERANGE);
	assert_int_equal(
	    i64("-9223372036854775809", INT64_MIN, INT64_MAX, 0, &v),
	    LF_ERANGE);
	assert_int_equal(
	    i64("18446744073709551615", INT64_MIN, INT64_MAX, 0, &v),
	    LF_ERANGE);
	assert_int_equal(
	    i64("-18446744073709551616", INT64_MIN, INT64_MAX, 0, &v),
	    LF_ERANGE);
	assert_int_equal(i64("-5", 0, 10, 0, &v), LF_ERANGE);
	assert_int_equal(i64("11", -10, 10, 0, &v), LF_ERANGE);
	assert_int_equal(i64("-11", -10, 10, 0, &v), LF_ERANGE);
	assert_true(v == 3);
	assert_int_equal(lf_num_i64(NULL, 0, INT64_MIN, INT64_MAX, 0, &v),
			 LF_EMALF);
	assert_int_equal(i64("-10", -10, 10, 0, &v), 0);
	assert_true(v == -10);

	static const char *const bad[] = {"",	 "-",	"+1",  "--1",
					  "- 1", "1-",	"-x",  "-1x",
					  " -1", "-+1", "0x-1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 9;
		int rc = i64(bad[i], INT64_MIN, INT64_MAX, 0, &v);
		if (rc != LF_EMALF)
			fail_msg("\"%s\": got %d", bad[i], rc);
		assert_true(v == 9);
	}
}

static void test_narrow(void **state)
{
	(void)state;
	uint32_t v32 = 1;
	assert_int_equal(lf_num_u32("4294967295", 10, 0, UINT32_MAX, &v32), 0);
	assert_true(v32 == UINT32_MAX);
	v32 = 1;
	assert_int_equal(lf_num_u32("4294967296", 10, 0, UINT32_MAX, &v32),
			 LF_ERANGE);
	assert_int_equal(
	    lf_num_u32("18446744073709551616", 20, 0, UINT32_MAX, &v32),
	    LF_ERANGE);
	assert_int_equal(lf_num_u32("65536", 5, 1, 65535, &v32), LF_ERANGE);
	assert_int_equal(lf_num_u32("0", 1, 1, 65535, &v32), LF_ERANGE);
	assert_int_equal(lf_num_u32("1x", 2, 0, 10, &v32), LF_EMALF);
	assert_true(v32 == 1);
	assert_int_equal(lf_num_u32("65535", 5, 1, 65535, &v32), 0);
	assert_true(v32 == 65535);

	uint8_t v8 = 1;
	assert_int_equal(lf_num_u8("255", 3, 0, UINT8_MAX, &v8), 0);
	assert_int_equal(v8, 255);
	v8 = 1;
	assert_int_equal(lf_num_u8("256", 3, 0, UINT8_MAX, &v8), LF_ERANGE);
	assert_int_equal(lf_num_u8("65792", 5, 0, UINT8_MAX, &v8), LF_ERANGE);
	assert_int_equal(lf_num_u8("33", 2, 0, 32, &v8), LF_ERANGE);
	assert_int_equal(lf_num_u8("", 0, 0, 32, &v8), LF_EMALF);
	assert_int_equal(lf_num_u8("-1", 2, 0, 32, &v8), LF_EMALF);
	assert_int_equal(v8, 1);
	assert_int_equal(lf_num_u8("032", 3, 0, 32, &v8), 0);
	assert_int_equal(v8, 32);
}

static void test_hex(void **state)
{
	(void)state;
	uint64_t v = 1;
	assert_int_equal(lf_num_hex_u64("0", 1, &v), 0);
	assert_true(v == 0);
	assert_int_equal(lf_num_hex_u64("ff", 2, &v), 0);
	assert_true(v == 255);
	assert_int_equal(lf_num_hex_u64("DeadBeef", 8, &v), 0);
	assert_true(v == 0xdeadbeef);
	assert_int_equal(lf_num_hex_u64("ffffffffffffffff", 16, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(lf_num_hex_u64("0123456789abcdef", 16, &v), 0);
	assert_true(v == UINT64_C(0x0123456789abcdef));
	v = 1;
	assert_int_equal(lf_num_hex_u64("10000000000000000", 17, &v),
			 LF_ERANGE);
	assert_int_equal(lf_num_hex_u64("00000000000000001", 17, &v),
			 LF_ERANGE);
	static const char *const bad[] = {"",
					  "0x10",
					  "x",
					  "g",
					  "-1",
					  "+1",
					  " a",
					  "a ",
					  "1.0",
					  "ffffffffffffffffg",
					  "fffffffffffffffffffffg"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = lf_num_hex_u64(bad[i], strlen(bad[i]), &v);
		if (rc != LF_EMALF)
			fail_msg("\"%s\": got %d", bad[i], rc);
	}
	assert_true(v == 1);
}

static int dbl(const char *s, double *out)
{
	return lf_num_double(s, strlen(s), -1e308, 1e308, out);
}

static void test_double(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		double v;
	} good[] = {
	    {"0", 0.0},	      {"1", 1.0},	{"-1", -1.0},
	    {"0.5", 0.5},     {"-0.25", -0.25}, {"1e3", 1000.0},
	    {"1E3", 1000.0},  {"1e+3", 1000.0}, {"1e-3", 0.001},
	    {"2.5e2", 250.0}, {"007", 7.0},	{"123.456", 123.456},
	    {"1e-400", 0.0}, /* underflow to zero is finite */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		double v = -7;
		int rc = dbl(good[i].s, &v);
		if (rc != 0 || v != good[i].v)
			fail_msg("\"%s\": rc %d v %g", good[i].s, rc, v);
	}
	double v = 0;
	assert_int_equal(dbl("-0", &v), 0);
	assert_true(v == 0.0 && signbit(v));

	static const char *const bad[] = {
	    "",	    ".",     "-",    "-.",   "e3",  ".e3",	"1e",	 "1e+",
	    "1e-",  "1e+-3", "inf",  "-inf", "INF", "infinity", "nan",	 "NaN",
	    "-nan", "0x1p3", "0x10", " 1",   "1 ",  "+1",	"1.0.0", "1..0",
	    "1,5",  "1e3.5", "--1",  "1f",   "1d",  "\n1",	"1e3e3", ".5",
	    "-.5",  "1.",    "-1.",  "1.e3",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		int rc = dbl(bad[i], &v);
		if (rc != LF_EMALF)
			fail_msg("\"%s\": got %d", bad[i], rc);
		assert_true(v == 42);
	}
	assert_int_equal(lf_num_double("1.5\0", 4, 0, 10, &v), LF_EMALF);
	assert_int_equal(lf_num_double("1.5", 2, 0, 10, &v),
			 LF_EMALF); /* "1." */
	assert_int_equal(lf_num_double("1.5", 1, 0, 10, &v), 0);
	assert_true(v == 1.0);

	/* bounds and non-finite results */
	v = 42;
	assert_int_equal(lf_num_double("1e309", 5, -1e308, 1e308, &v),
			 LF_ERANGE);
	assert_int_equal(lf_num_double("-1e309", 6, -1e308, 1e308, &v),
			 LF_ERANGE);
	assert_int_equal(lf_num_double("1.5", 3, 0, 1, &v), LF_ERANGE);
	assert_int_equal(lf_num_double("-0.1", 4, 0, 1, &v), LF_ERANGE);
	assert_true(v == 42);
	assert_int_equal(lf_num_double("1", 1, 0, 1, &v), 0);
	assert_true(v == 1.0);
	assert_int_equal(lf_num_double("1e308", 5, -INFINITY, INFINITY, &v), 0);
	assert_int_equal(lf_num_double("1e309", 5, -INFINITY, INFINITY, &v),
			 LF_ERANGE);

	/* at most 64 characters */
	char s[80];
	memset(s, '1', sizeof(s));
	assert_int_equal(lf_num_double(s, 64, 0, INFINITY, &v), 0);
	assert_true(v > 1e63 && v < 1.2e63);
	assert_true(lf_num_double(s, 65, 0, INFINITY, &v) < 0);
	memcpy(s, "0.", 2);
	assert_int_equal(lf_num_double(s, 64, 0, 1, &v), 0);
	assert_true(v > 0.11 && v < 0.12);
}

/*
 * A program may call setlocale(LC_ALL, "") (libidn2 wants it); in a locale
 * with a decimal comma, strtod would read "1.5" as 1. Skipped when no such
 * locale is installed. To run it anyway: localedef -i de_DE -f UTF-8
 * DIR/de_DE.UTF-8 and LOCPATH=DIR (glibc then leaks 31 bytes of its own
 * path list, which LeakSanitizer reports).
 */
static void test_double_locale(void **state)
{
	(void)state;
	static const char *const comma[] = {"de_DE.UTF-8", "de_DE.utf8",
					    "fr_FR.UTF-8", "fr_FR.utf8",
					    "ru_RU.UTF-8", "de_DE"};
	const char *got = NULL;
	for (size_t i = 0; i < sizeof(comma) / sizeof(comma[0]) && !got; i++)
		got = setlocale(LC_NUMERIC, comma[i]);
	if (!got || localeconv()->decimal_point[0] != ',') {
		setlocale(LC_NUMERIC, "C");
		skip();
	}
	double v = 0, w = 0;
	int rc = lf_num_double("1.5", 3, 0, 10, &v);
	int rc2 = lf_num_double("2.5e-1", 6, 0, 10, &w);
	int rc3 = lf_num_double("1,5", 3, 0, 10, &w);
	setlocale(LC_NUMERIC, "C");
	assert_int_equal(rc, 0);
	assert_true(v == 1.5);
	assert_int_equal(rc2, 0);
	assert_true(w == 0.25);
	assert_int_equal(rc3, LF_EMALF);
}

/* The obvious reference: accumulate in 128 bits, bail out past 2^64. */
static int ref_u64(const char *s, size_t n, uint64_t min, uint64_t max,
		   uint64_t *out)
{
	if (n == 0)
		return LF_EMALF;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return LF_EMALF;
	unsigned __int128 v = 0;
	for (size_t i = 0; i < n; i++) {
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > UINT64_MAX)
			return LF_ERANGE;
	}
	if ((uint64_t)v < min || (uint64_t)v > max)
		return LF_ERANGE;
	*out = (uint64_t)v;
	return 0;
}

static uint64_t rng_state = UINT64_C(0xfeedfacecafebeef);

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

static void test_u64_vs_reference(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789012345678901234567890123x -+";
	for (int i = 0; i < 100000; i++) {
		char s[32];
		size_t n = (size_t)(rnd() % 26);
		for (size_t k = 0; k < n; k++)
			s[k] = alphabet[rnd() % (sizeof(alphabet) - 1)];
		uint64_t min = rnd() % 4 ? 0 : rnd() >> (rnd() % 64);
		uint64_t max = rnd() % 4 ? UINT64_MAX : rnd() >> (rnd() % 64);
		uint64_t a = 1, b = 1;
		int ra = lf_num_u64(s, n, min, max, 0, &a);
		int rb = ref_u64(s, n, min, max, &b);
		if (ra != rb || a != b)
			fail_msg("\"%.*s\" [%llu,%llu]: %d/%llu vs ref %d/%llu",
				 (int)n, s, (unsigned long long)min,
				 (unsigned long long)max, ra,
				 (unsigned long long)a, rb,
				 (unsigned long long)b);
	}
	/* every value near the top, by its decimal text */
	for (uint64_t d = 0; d < 2000; d++) {
		char s[32];
		uint64_t x = UINT64_MAX - d;
		size_t n = 0;
		char rev[32];
		do {
			rev[n++] = (char)('0' + x % 10);
			x /= 10;
		} while (x);
		for (size_t k = 0; k < n; k++)
			s[k] = rev[n - 1 - k];
		uint64_t v;
		assert_int_equal(lf_num_u64(s, n, 0, UINT64_MAX, 0, &v), 0);
		assert_true(v == UINT64_MAX - d);
		s[n] =
		    (char)('0' + d % 10); /* one digit more: always too big */
		assert_int_equal(lf_num_u64(s, n + 1, 0, UINT64_MAX, 0, &v),
				 LF_ERANGE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_u64_good),
	    cmocka_unit_test(test_u64_bounds),
	    cmocka_unit_test(test_u64_malformed),
	    cmocka_unit_test(test_noleadzero),
	    cmocka_unit_test(test_i64),
	    cmocka_unit_test(test_narrow),
	    cmocka_unit_test(test_hex),
	    cmocka_unit_test(test_double),
	    cmocka_unit_test(test_double_locale),
	    cmocka_unit_test(test_u64_vs_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
