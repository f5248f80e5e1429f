/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/arena.c: 16-byte alignment, blocks that never overlap,
 * the hard cap (refusals counted in cap_hits, total never above it),
 * allocations larger than a chunk, strndup, calloc, reset keeping one
 * chunk, and free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

/* A chunk's header is an implementation detail; it is small. */
#define HDR_MAX 128

static int aligned16(const void *p)
{
	return ((uintptr_t)p & 15) == 0;
}

static void test_init_defaults(void **state)
{
	(void)state;
	struct lf_arena a;
	memset(&a, 0x5a, sizeof(a));
	lf_arena_init(&a, 0, 0);
	assert_null(a.head);
	assert_int_equal(a.chunk_size, 4096);
	assert_int_equal(a.total_bytes, 0);
	assert_int_equal(a.used_bytes, 0);
	assert_true(a.cap_hits == 0);
	/* no cap: a 1 MiB request is fine */
	void *p = lf_arena_alloc(&a, 1 << 20);
	assert_non_null(p);
	memset(p, 1, 1 << 20);
	lf_arena_free(&a);
	/* freeing twice, or a never-used arena, is harmless */
	lf_arena_free(&a);
	lf_arena_init(&a, 100, 0);
	assert_int_equal(a.chunk_size, 100);
	lf_arena_reset(&a);
	lf_arena_free(&a);
}

static void test_alignment_and_disjoint(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 512, 0);
	enum { N = 400 };
	unsigned char *blk[N];
	size_t len[N];
	size_t used = 0;
	for (int i = 0; i < N; i++) {
		len[i] = (size_t)(i * 7 % 61); /* 0..60, includes 0 */
		blk[i] = lf_arena_alloc(&a, len[i]);
		assert_non_null(blk[i]);
		assert_true(aligned16(blk[i]));
		memset(blk[i], i & 0xff, len[i]); /* ASan: whole block usable */
		used += (len[i] + 15) & ~(size_t)15;
		assert_int_equal(a.used_bytes, used);
	}
	/* every block still holds its own pattern: none overlapped */
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < len[i]; k++)
			assert_int_equal(blk[i][k], i & 0xff);
	assert_true(a.total_bytes >= used);
	lf_arena_free(&a);
}

static void test_used_counts_alignment(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 0, 0);
	assert_non_null(lf_arena_alloc(&a, 1));
	assert_int_equal(a.used_bytes, 16);
	assert_non_null(lf_arena_alloc(&a, 16));
	assert_int_equal(a.used_bytes, 32);
	assert_non_null(lf_arena_alloc(&a, 17));
	assert_int_equal(a.used_bytes, 64);
	void *z = lf_arena_alloc(&a, 0);
	assert_non_null(z);
	assert_true(aligned16(z));
	assert_int_equal(a.used_bytes, 64);
	lf_arena_free(&a);
}

static void test_bigger_than_chunk(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 256, 0);
	unsigned char *small = lf_arena_alloc(&a, 32);
	assert_non_null(small);
	memset(small, 0xa5, 32);
	size_t before = a.total_bytes;
	unsigned char *big = lf_arena_alloc(&a, 100000);
	assert_non_null(big);
	assert_true(aligned16(big));
	memset(big, 0x3c, 100000);
	assert_true(a.total_bytes >= before + 100000);
	assert_true(a.total_bytes <= before + 100000 + HDR_MAX);
	/* and small ones keep working after it */
	for (int i = 0; i < 100; i++) {
		unsigned char *p = lf_arena_alloc(&a, 40);
		assert_non_null(p);
		memset(p, 0, 40);
	}
	for (size_t k = 0; k < 32; k++)
		assert_int_equal(small[k], 0xa5);
	for (size_t k = 0; k < 100000; k++)
		assert_int_equal(big[k], 0x3c);
	lf_arena_free(&a);
}

static void test_chunk_growth(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 3000, 0);
	size_t prev = a.chunk_size;
	for (int i = 0; i < 2000; i++) {
		assert_non_null(lf_arena_alloc(&a, 2000));
		assert_true(a.chunk_size >= prev);
		assert_true(a.chunk_size <= ((size_t)1 << 20));
		prev = a.chunk_size;
	}
	/* 4 MB handed out: the chunk size has reached its 1 MiB ceiling */
	assert_int_equal(a.chunk_size, (size_t)1 << 20);
	/* and chunks hold little slack: at most one chunk's worth plus
	 * what rounding to 2000-byte pieces loses in each chunk */
	assert_true(a.total_bytes < a.used_bytes + ((size_t)2 << 20));
	lf_arena_free(&a);
}

static void test_cap(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 4096, 10000);
	size_t got = 0;
	int i;
	for (i = 0; i < 1000; i++) {
		void *p = lf_arena_alloc(&a, 100);
		assert_true(a.total_bytes <= 10000);
		if (!p)
			break;
		memset(p, 0, 100);
		got += 112;
	}
	assert_true(i < 1000);
	assert_true(a.cap_hits == 1);
	/* the cap refuses only what would pass it: nearly all of the
	 * budget was handed out, not just the first chunk */
	assert_true(got + 3 * (HDR_MAX + 112) >= 10000);
	assert_null(lf_arena_alloc(&a, 100));
	assert_true(a.cap_hits == 2);
	assert_null(lf_arena_alloc(&a, 1 << 20));
	assert_true(a.cap_hits == 3);
	assert_null(lf_arena_calloc(&a, 1000, 1000));
	assert_null(
	    lf_arena_strndup(&a, "x", 1 << 16) /* refused before reading */);
	assert_true(a.cap_hits == 5);
	assert_true(a.total_bytes <= 10000);

	/* after reset the budget is back (minus the kept chunk) */
	lf_arena_reset(&a);
	assert_non_null(lf_arena_alloc(&a, 100));
	assert_true(a.cap_hits == 5);
	lf_arena_free(&a);

	/* a cap below the first chunk still serves what fits */
	lf_arena_init(&a, 4096, 1000);
	void *p = lf_arena_alloc(&a, 16);
	assert_non_null(p);
	assert_true(a.total_bytes <= 1000);
	assert_null(lf_arena_alloc(&a, 2000));
	assert_true(a.cap_hits == 1);
	lf_arena_free(&a);

	/* a cap too small for even a chunk header refuses everything */
	lf_arena_init(&a, 0, 8);
	assert_null(lf_arena_alloc(&a, 0));
	assert_null(lf_arena_alloc(&a, 1));
	assert_true(a.cap_hits == 2);
	assert_int_equal(a.total_bytes, 0);
	lf_arena_free(&a);
}

static void test_huge_requests(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 0, 1 << 20);
	assert_null(lf_arena_alloc(&a, SIZE_MAX));
	assert_null(lf_arena_alloc(&a, SIZE_MAX - 15));
	assert_null(lf_arena_alloc(&a, SIZE_MAX / 2));
	assert_null(lf_arena_calloc(&a, SIZE_MAX / 2, 3)); /* n*size wraps */
	assert_null(lf_arena_calloc(&a, 3, SIZE_MAX / 2));
	assert_null(lf_arena_strndup(&a, "", SIZE_MAX));
	assert_true(a.total_bytes <= (1 << 20));
	/* nothing was half-done: the arena still works */
	assert_non_null(lf_arena_alloc(&a, 10));
	lf_arena_free(&a);
}

static void test_arena_calloc(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 1024, 0);
	unsigned char *p = lf_arena_alloc(&a, 512);
	memset(p, 0xff, 512);
	lf_arena_reset(&a); /* the dirty chunk is reused */
	unsigned char *q = lf_arena_calloc(&a, 64, 8);
	assert_non_null(q);
	assert_true(aligned16(q));
	for (int i = 0; i < 512; i++)
		assert_int_equal(q[i], 0);
	assert_non_null(lf_arena_calloc(&a, 0, 8));
	assert_non_null(lf_arena_calloc(&a, 8, 0));
	lf_arena_free(&a);
}

static void test_arena_strndup(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 64, 0);
	char *s = lf_arena_strndup(&a, "hello, world", 5);
	assert_non_null(s);
	assert_string_equal(s, "hello");
	/* exactly n bytes are copied, a NUL inside included */
	char *t = lf_arena_strndup(&a, "ab\0cd", 5);
	assert_non_null(t);
	assert_memory_equal(t, "ab\0cd", 5);
	assert_int_equal(t[5], '\0');
	char *e = lf_arena_strndup(&a, "", 0);
	assert_non_null(e);
	assert_string_equal(e, "");
	char *n0 = lf_arena_strndup(&a, NULL, 0);
	assert_non_null(n0);
	assert_string_equal(n0, "");
	/* longer than the chunk */
	char big[300];
	memset(big, 'q', sizeof(big));
	char *b = lf_arena_strndup(&a, big, sizeof(big));
	assert_non_null(b);
	assert_int_equal(strlen(b), sizeof(big));
	assert_string_equal(s, "hello"); /* earlier copies untouched */
	lf_arena_free(&a);
}

static void test_reset_keeps_one_chunk(void **state)
{
	(void)state;
	struct lf_arena a;
	lf_arena_init(&a, 256, 0);
	for (int i = 0; i < 200; i++)
		assert_non_null(lf_arena_alloc(&a, 100));
	size_t grown = a.total_bytes;
	assert_true(grown > 4 * 256);
	void *head = a.head;
	lf_arena_reset(&a);
	assert_int_equal(a.used_bytes, 0);
	assert_ptr_equal(a.head, head); /* the newest chunk is the one kept */
	size_t kept = a.total_bytes;
	assert_true(kept > 0 && kept < grown);
	/* what fits in the kept chunk costs no new memory, and the first
	 * allocation reuses the chunk from its start */
	void *p = lf_arena_alloc(&a, 100);
	assert_non_null(p);
	assert_int_equal(a.total_bytes, kept);
	assert_int_equal(a.used_bytes, 112);
	lf_arena_reset(&a);
	assert_ptr_equal(lf_arena_alloc(&a, 100), p);
	/* resetting again and again does not leak or shrink further */
	for (int i = 0; i < 10; i++) {
		lf_arena_reset(&a);
		assert_int_equal(a.total_bytes, kept);
	}
	lf_arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.total_bytes, 0);
	assert_int_equal(a.used_bytes, 0);
	/* usable again after re-initialising */
	lf_arena_init(&a, 0, 0);
	assert_non_null(lf_arena_alloc(&a, 10));
	lf_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_defaults),
	    cmocka_unit_test(test_alignment_and_disjoint),
	    cmocka_unit_test(test_used_counts_alignment),
	    cmocka_unit_test(test_bigger_than_chunk),
	    cmocka_unit_test(test_chunk_growth),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_huge_requests),
	    cmocka_unit_test(test_arena_calloc),
	    cmocka_unit_test(test_arena_strndup),
	    cmocka_unit_test(test_reset_keeps_one_chunk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
