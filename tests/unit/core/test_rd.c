/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/rd.h, the bounded reader: big-endian reads, the sticky
 * error (zeros, position at the end, every later read fails), sub-readers
 * that see exactly their own bytes, and lf_rd_uint's 1..8 byte widths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/rd.h"

static const uint8_t seq[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
			      0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
			      0x0f, 0x10, 0xff, 0xfe, 0x80, 0x00};

static void test_big_endian(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, seq, sizeof(seq));
	assert_int_equal(lf_rd_left(&r), sizeof(seq));
	assert_int_equal(lf_rd_u8(&r), 0x01);
	assert_int_equal(lf_rd_u16(&r), 0x0203);
	assert_int_equal(lf_rd_u32(&r), 0x04050607u);
	assert_true(lf_rd_u64(&r) == UINT64_C(0x08090a0b0c0d0e0f));
	assert_int_equal(lf_rd_left(&r), 5);
	/* high bits must not sign-extend */
	assert_int_equal(lf_rd_u8(&r), 0x10);
	assert_int_equal(lf_rd_u16(&r), 0xfffe);
	assert_int_equal(lf_rd_u16(&r), 0x8000);
	assert_int_equal(lf_rd_left(&r), 0);
	assert_int_equal(lf_rd_err(&r), 0);

	static const uint8_t hi[] = {0xff, 0xff, 0xff, 0xff,
				     0xff, 0xff, 0xff, 0xfe};
	lf_rd_init(&r, hi, sizeof(hi));
	assert_true(lf_rd_u32(&r) == 0xffffffffu);
	lf_rd_init(&r, hi, sizeof(hi));
	assert_true(lf_rd_u64(&r) == UINT64_C(0xfffffffffffffffe));
	assert_int_equal(lf_rd_err(&r), 0);
}

static void test_exact_end_is_fine(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, seq, 4);
	assert_int_equal(lf_rd_u32(&r), 0x01020304);
	assert_int_equal(lf_rd_err(&r), 0);
	/* a zero-length read at the end is not an error */
	assert_non_null(lf_rd_ptr(&r, 0));
	lf_rd_skip(&r, 0);
	assert_int_equal(lf_rd_err(&r), 0);
}

static void test_sticky_error(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, seq, 3);
	assert_int_equal(lf_rd_u8(&r), 0x01);
	/* 4 bytes wanted, 2 left: zero, LF_ETRUNC, position at end */
	assert_int_equal(lf_rd_u32(&r), 0);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	assert_int_equal(r.pos, r.len);
	assert_int_equal(lf_rd_left(&r), 0);
	/* later reads fail too, even ones that would have fitted before */
	assert_int_equal(lf_rd_u8(&r), 0);
	assert_int_equal(lf_rd_u16(&r), 0);
	assert_true(lf_rd_u64(&r) == 0);
	assert_null(lf_rd_ptr(&r, 0));
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);

	/* a failed reader must not hand out bytes it used to have */
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_skip(&r, sizeof(seq) + 1);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	assert_int_equal(lf_rd_left(&r), 0);
	r.pos = 0; /* even if someone rewinds the position by hand */
	assert_int_equal(lf_rd_u8(&r), 0);
	assert_null(lf_rd_ptr(&r, 1));
}

static void test_first_error_wins(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_fail(&r, LF_EMALF);
	assert_int_equal(lf_rd_err(&r), LF_EMALF);
	assert_int_equal(lf_rd_left(&r), 0);
	(void)lf_rd_u8(&r); /* would set LF_ETRUNC, but EMALF came first */
	lf_rd_fail(&r, LF_ERANGE);
	assert_int_equal(lf_rd_err(&r), LF_EMALF);
}

static void test_bytes_zero_fill(void **state)
{
	(void)state;
	struct lf_rd r;
	uint8_t out[8];
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_bytes(&r, out, 4);
	assert_memory_equal(out, seq, 4);
	memset(out, 0xaa, sizeof(out));
	lf_rd_init(&r, seq, 5);
	lf_rd_bytes(&r, out, 8); /* too long: zeros, not a partial copy */
	static const uint8_t zero[8];
	assert_memory_equal(out, zero, 8);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
}

static void test_null_and_empty(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, NULL, 100); /* NULL buffer: length forced to 0 */
	assert_int_equal(lf_rd_left(&r), 0);
	assert_int_equal(lf_rd_u8(&r), 0);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);

	lf_rd_init(&r, seq, 0);
	assert_int_equal(lf_rd_left(&r), 0);
	assert_int_equal(lf_rd_u16(&r), 0);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
}

static void test_huge_length_no_wrap(void **state)
{
	(void)state;
	struct lf_rd r;
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_skip(&r, 2);
	/* pos + n would wrap: must still be refused */
	assert_null(lf_rd_ptr(&r, SIZE_MAX));
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_skip(&r, 1);
	assert_null(lf_rd_ptr(&r, SIZE_MAX - 0));
	struct lf_rd sub;
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_skip(&r, 3);
	lf_rd_sub(&r, SIZE_MAX - 1, &sub);
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	assert_int_equal(lf_rd_left(&sub), 0);
}

static void test_uint_widths(void **state)
{
	(void)state;
	static const uint64_t want[9] = {
	    0,
	    UINT64_C(0x01),
	    UINT64_C(0x0102),
	    UINT64_C(0x010203),
	    UINT64_C(0x01020304),
	    UINT64_C(0x0102030405),
	    UINT64_C(0x010203040506),
	    UINT64_C(0x01020304050607),
	    UINT64_C(0x0102030405060708),
	};
	for (size_t n = 1; n <= 8; n++) {
		struct lf_rd r;
		lf_rd_init(&r, seq, sizeof(seq));
		assert_true(lf_rd_uint(&r, n) == want[n]);
		assert_int_equal(lf_rd_err(&r), 0);
		assert_int_equal(r.pos, n);
		/* and the same width one byte short */
		lf_rd_init(&r, seq, n - 1);
		assert_true(lf_rd_uint(&r, n) == 0);
		assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	}
	static const uint8_t ff[8] = {0xff, 0xff, 0xff, 0xff,
				      0xff, 0xff, 0xff, 0xff};
	struct lf_rd r;
	lf_rd_init(&r, ff, 8);
	assert_true(lf_rd_uint(&r, 8) == UINT64_MAX);
	lf_rd_init(&r, ff, 8);
	assert_true(lf_rd_uint(&r, 3) == 0xffffff);
}

static void test_uint_bad_width(void **state)
{
	(void)state;
	const size_t bad[] = {0, 9, 16, SIZE_MAX};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lf_rd r;
		lf_rd_init(&r, seq, sizeof(seq));
		assert_true(lf_rd_uint(&r, bad[i]) == 0);
		assert_int_equal(lf_rd_err(&r), LF_EMALF);
		assert_int_equal(lf_rd_left(&r), 0);
		assert_int_equal(lf_rd_u8(&r), 0);
		assert_int_equal(lf_rd_err(&r), LF_EMALF);
	}
}

static void test_sub_reader(void **state)
{
	(void)state;
	struct lf_rd r, sub;
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_skip(&r, 1);
	lf_rd_sub(&r, 4, &sub);
	assert_int_equal(lf_rd_err(&r), 0);
	assert_int_equal(lf_rd_left(&sub), 4);
	/* the parent has moved past the sub's bytes */
	assert_int_equal(lf_rd_u8(&r), 0x06);
	/* the sub sees exactly its own bytes ... */
	assert_int_equal(lf_rd_u16(&sub), 0x0203);
	assert_int_equal(lf_rd_u16(&sub), 0x0405);
	assert_int_equal(lf_rd_err(&sub), 0);
	/* ... and not one of the parent's after it */
	assert_int_equal(lf_rd_u8(&sub), 0);
	assert_int_equal(lf_rd_err(&sub), LF_ETRUNC);
	/* the sub's failure is its own */
	assert_int_equal(lf_rd_err(&r), 0);
	assert_int_equal(lf_rd_u8(&r), 0x07);

	/* a read straddling the sub's end fails with no partial value */
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_sub(&r, 3, &sub);
	assert_int_equal(lf_rd_u32(&sub), 0);
	assert_int_equal(lf_rd_err(&sub), LF_ETRUNC);
	assert_int_equal(lf_rd_err(&r), 0);
	assert_int_equal(lf_rd_left(&r), sizeof(seq) - 3);

	/* nested: a sub of a sub is bounded by the inner one */
	struct lf_rd inner;
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_sub(&r, 6, &sub);
	lf_rd_skip(&sub, 2);
	lf_rd_sub(&sub, 2, &inner);
	assert_int_equal(lf_rd_u16(&inner), 0x0304);
	assert_int_equal(lf_rd_u8(&inner), 0);
	assert_int_equal(lf_rd_err(&inner), LF_ETRUNC);
	assert_int_equal(lf_rd_u16(&sub), 0x0506);
	assert_int_equal(lf_rd_err(&sub), 0);

	/* an empty sub is fine and empty */
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_sub(&r, 0, &sub);
	assert_int_equal(lf_rd_err(&r), 0);
	assert_int_equal(lf_rd_left(&sub), 0);
	assert_int_equal(lf_rd_err(&sub), 0);
}

static void test_sub_carve_fails(void **state)
{
	(void)state;
	struct lf_rd r, sub;
	lf_rd_init(&r, seq, 5);
	lf_rd_skip(&r, 2);
	lf_rd_sub(&r, 4, &sub); /* 3 left */
	assert_int_equal(lf_rd_err(&r), LF_ETRUNC);
	assert_int_equal(lf_rd_left(&r), 0);
	assert_int_equal(lf_rd_err(&sub), LF_ETRUNC);
	assert_int_equal(lf_rd_left(&sub), 0);
	assert_int_equal(lf_rd_u8(&sub), 0);

	/* carving from an already-failed parent propagates its error */
	lf_rd_init(&r, seq, sizeof(seq));
	lf_rd_fail(&r, LF_EMALF);
	memset(&sub, 0, sizeof(sub));
	lf_rd_sub(&r, 0, &sub);
	assert_int_equal(lf_rd_err(&sub), LF_EMALF);
	assert_int_equal(lf_rd_left(&sub), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_big_endian),
	    cmocka_unit_test(test_exact_end_is_fine),
	    cmocka_unit_test(test_sticky_error),
	    cmocka_unit_test(test_first_error_wins),
	    cmocka_unit_test(test_bytes_zero_fill),
	    cmocka_unit_test(test_null_and_empty),
	    cmocka_unit_test(test_huge_length_no_wrap),
	    cmocka_unit_test(test_uint_widths),
	    cmocka_unit_test(test_uint_bad_width),
	    cmocka_unit_test(test_sub_reader),
	    cmocka_unit_test(test_sub_carve_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
