/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/err.c: every domain code has its own message, errno codes
 * are named by the C library's text, and nothing ever yields NULL.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"

static const int domain_codes[] = {
    LF_EMALF,	LF_ETRUNC,   LF_ERANGE,	   LF_ELIMIT, LF_EUNSUP,    LF_ENOENT,
    LF_EEXIST,	LF_EDEPTH,   LF_ESYNTAX,   LF_ETYPE,  LF_EHOSTBITS, LF_EZONE,
    LF_EFORMAT, LF_EEXPIRED, LF_ECHECKSUM, LF_EAUTH,  LF_ESTATE,
};
#define NCODES (sizeof(domain_codes) / sizeof(domain_codes[0]))

static void test_success(void **state)
{
	(void)state;
	const char *s = lf_strerror(0);
	assert_non_null(s);
	assert_string_equal(s, "success");
}

static void test_domain_codes_distinct(void **state)
{
	(void)state;
	const char *unknown = lf_strerror(-999999);
	assert_non_null(unknown);
	for (size_t i = 0; i < NCODES; i++) {
		assert_true(domain_codes[i] <= -1000);
		const char *m = lf_strerror(domain_codes[i]);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
		assert_null(strstr(m, "unknown error"));
		assert_string_not_equal(m, unknown);
		for (size_t j = 0; j < i; j++) {
			assert_int_not_equal(domain_codes[i], domain_codes[j]);
			assert_string_not_equal(m,
						lf_strerror(domain_codes[j]));
		}
	}
}

static void test_domain_specific_text(void **state)
{
	(void)state;
	/* The two that callers most often tell apart must say different
	 * things a human recognises. */
	assert_non_null(strstr(lf_strerror(LF_EMALF), "malformed"));
	assert_non_null(strstr(lf_strerror(LF_ETRUNC), "truncated"));
	assert_non_null(strstr(lf_strerror(LF_EZONE), "zone"));
}

static void test_errno_names(void **state)
{
	(void)state;
	assert_string_equal(lf_strerror(-ENOMEM), strerror(ENOMEM));
	assert_string_equal(lf_strerror(-EINVAL), strerror(EINVAL));
	assert_string_equal(lf_strerror(-EIO), strerror(EIO));
	assert_string_equal(lf_strerror(-ENOENT), strerror(ENOENT));
	assert_string_not_equal(lf_strerror(-ENOMEM), lf_strerror(-EINVAL));
	/* errno values are not domain codes, and vice versa */
	assert_string_not_equal(lf_strerror(-ENOENT), lf_strerror(LF_ENOENT));
}

static void test_unknown_never_null(void **state)
{
	(void)state;
	/* past the last domain code, unassigned errno, positive, extremes */
	const int odd[] = {LF_ESTATE - 1, -1017,      -2000, -999,
			   -998,	  1,	      42,    INT_MAX,
			   INT_MIN,	  INT_MIN + 1};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		const char *m = lf_strerror(odd[i]);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
	}
	/* codes below the table must not alias the table's messages */
	for (size_t j = 0; j < NCODES; j++) {
		assert_string_not_equal(lf_strerror(LF_ESTATE - 1),
					lf_strerror(domain_codes[j]));
		assert_string_not_equal(lf_strerror(INT_MIN),
					lf_strerror(domain_codes[j]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_success),
	    cmocka_unit_test(test_domain_codes_distinct),
	    cmocka_unit_test(test_domain_specific_text),
	    cmocka_unit_test(test_errno_names),
	    cmocka_unit_test(test_unknown_never_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
