/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_format.c — the canonical printer for STIX pattern trees
 * (src/lib/stix/format.c). The parser's own tests round-trip every
 * construct; these pin the exact canonical text and the printer's limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "stix/pattern.h"

static struct lf_arena A;

static int setup(void **state)
{
	(void)state;
	lf_arena_init(&A, 0, 16u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lf_arena_free(&A);
	return 0;
}

static struct lf_stix_pattern *parse(const char *s)
{
	struct lf_stix_pattern *p;
	struct lf_stix_perr e;
	int rc = lf_stix_pattern_parse(s, strlen(s), &A, &p, &e);
	if (rc)
		print_error("%s: %s at %zu\n", s, e.msg, e.offset);
	assert_int_equal(rc, 0);
	return p;
}

static void canon(const char *in, const char *want)
{
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_stix_pattern_format(parse(in), &b), 0);
	assert_string_equal(b.data, want);
	/* and the output is its own canonical form */
	struct lf_buf b2;
	lf_buf_init(&b2, 0);
	assert_int_equal(lf_stix_pattern_format(parse(b.data), &b2), 0);
	assert_string_equal(b2.data, want);
	lf_buf_free(&b);
	lf_buf_free(&b2);
}

static void test_spacing_and_spelling(void **state)
{
	(void)state;
	canon("[a:b==1]", "[a:b = 1]");
	canon("[ a:b<>1 ]", "[a:b != 1]");
	canon("[a:b NOT  LIKE'x']", "[a:b NOT LIKE 'x']");
	canon("[a:b IN(1,2 ,3)]", "[a:b IN (1, 2, 3)]");
	canon("[a:b IN ( )]", "[a:b IN ()]");
	canon("[NOT EXISTS a:b]", "[NOT EXISTS a:b]");
	canon("[a:b=1]/*x*/FOLLOWEDBY//y\n[a:c=2]",
	      "[a:b = 1] FOLLOWEDBY [a:c = 2]");
}

static void test_parentheses(void **state)
{
	(void)state;
	/* only where the tree needs them */
	canon("(([a:b=1]) OR ([a:c=2]))", "[a:b = 1] OR [a:c = 2]");
	canon("([a:b=1] OR [a:c=2]) AND [a:d=3]",
	      "([a:b = 1] OR [a:c = 2]) AND [a:d = 3]");
	canon("[a:b=1] OR ([a:c=2] AND [a:d=3])",
	      "[a:b = 1] OR [a:c = 2] AND [a:d = 3]");
	canon("([a:b=1] OR [a:c=2]) OR [a:d=3]",
	      "([a:b = 1] OR [a:c = 2]) OR [a:d = 3]");
	canon("[a:b=1] FOLLOWEDBY ([a:c=2] FOLLOWEDBY [a:d=3])",
	      "[a:b = 1] FOLLOWEDBY ([a:c = 2] FOLLOWEDBY [a:d = 3])");
	canon("([a:b=1] OR [a:c=2]) REPEATS 2 TIMES",
	      "([a:b = 1] OR [a:c = 2]) REPEATS 2 TIMES");
	canon("(([a:b=1] REPEATS 2 TIMES)) REPEATS 3 TIMES",
	      "([a:b = 1] REPEATS 2 TIMES) REPEATS 3 TIMES");
	canon("[(a:b=1 AND a:c=2) OR a:d=3]", "[a:b = 1 AND a:c = 2 OR a:d = 3]");
	canon("[a:b=1 AND (a:c=2 OR a:d=3)]", "[a:b = 1 AND (a:c = 2 OR a:d = 3)]");
	canon("[(a:b=1 OR a:c=2) OR a:d=3]", "[(a:b = 1 OR a:c = 2) OR a:d = 3]");
	canon("[(EXISTS a:b)]", "[EXISTS a:b]");
}

static void test_literal_forms(void **state)
{
	(void)state;
	canon("[a:b = +0]", "[a:b = 0]");
	canon("[a:b = -0]", "[a:b = 0]");
	canon("[a:b = +.5]", "[a:b = 0.5]");
	canon("[a:b = 00.50]", "[a:b = 00.50]");
	canon("[a:b = 'a\\\\b\\'c']", "[a:b = 'a\\\\b\\'c']");
	canon("[a:b = '\\'\\'']", "[a:b = '\\'\\'']");
	canon("[a:b = b64'AAECAw==']", "[a:b = b'AAECAw==']");
	canon("[a:b = b'AB==']", "[a:b = b'AA==']"); /* non-zero pad bits */
	canon("[a:b = h'DEADbeef']", "[a:b = h'deadbeef']");
	canon("[a:b = t'2020-01-01T00:00:00.000001Z']",
	      "[a:b = t'2020-01-01T00:00:00.000001Z']");
	canon("[a:b = t'2020-01-01T00:00:00.010Z']",
	      "[a:b = t'2020-01-01T00:00:00.010Z']");
	canon("[a:b = t'2020-01-01T00:00:00.0100Z']",
	      "[a:b = t'2020-01-01T00:00:00.010Z']");
	canon("[a:b = t'9999-12-31T23:59:59.9999999Z']",
	      "[a:b = t'9999-12-31T23:59:59.999999Z']");
	canon("[a:b = 1] START t'2020-01-01T00:00:00.5Z' STOP "
	      "t'2020-01-02T00:00:00Z'",
	      "[a:b = 1] START t'2020-01-01T00:00:00.500Z' STOP "
	      "t'2020-01-02T00:00:00Z'");
	canon("[a:b = 1] WITHIN .25 SECONDS", "[a:b = 1] WITHIN 0.25 SECONDS");
}

static void test_keys(void **state)
{
	(void)state;
	canon("[a:'b'.'c'.'d_9'[+0] = 1]", "[a:b.c.d_9[0] = 1]");
	canon("[a:'b-c'.'' = 1]", "[a:'b-c'.'' = 1]");
	canon("[a:'OR'.'false'.'Or' = 1]", "[a:'OR'.'false'.Or = 1]");
	canon("[a:'x y'.'\\'' = 1]", "[a:'x y'.'\\'' = 1]");
	canon("[a:'7up'._ = 1]", "[a:'7up'._ = 1]");

	assert_true(lf_stix_is_keyword("AND", 3));
	assert_true(lf_stix_is_keyword("LAST", 4));
	assert_true(lf_stix_is_keyword("true", 4));
	assert_true(lf_stix_is_keyword("false", 5));
	assert_false(lf_stix_is_keyword("and", 3));
	assert_false(lf_stix_is_keyword("True", 4));
	assert_false(lf_stix_is_keyword("ANDX", 4));
	assert_false(lf_stix_is_keyword("AN", 2));
	assert_false(lf_stix_is_keyword("", 0));
	assert_true(lf_stix_is_keyword("ORx", 2)); /* length counts */

	struct lf_stix_pattern *p =
		parse("[file:hashes.'SHA-256'[*][-3].x = 'a']");
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_stix_path_format(&p->root->cmp->path, &b), 0);
	assert_string_equal(b.data, "file:hashes.'SHA-256'[*][-3].x");
	/* appends */
	assert_int_equal(lf_stix_path_format(&p->root->cmp->path, &b), 0);
	assert_string_equal(b.data, "file:hashes.'SHA-256'[*][-3].x"
				    "file:hashes.'SHA-256'[*][-3].x");
	lf_buf_free(&b);
}

static void test_op_names(void **state)
{
	(void)state;
	static const char *const want[] = {
		"?", "=", "!=", "<", "<=", ">", ">=", "IN", "LIKE", "MATCHES",
		"ISSUBSET", "ISSUPERSET", "EXISTS",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(lf_stix_op_name((enum lf_stix_op)i), want[i]);
	assert_string_equal(lf_stix_op_name((enum lf_stix_op)99), "?");
}

static void test_buffer_limit(void **state)
{
	(void)state;
	struct lf_stix_pattern *p =
		parse("[domain-name:value = 'a-rather-long-name.example'] OR "
		      "[domain-name:value = 'another.example']");
	struct lf_buf b;
	lf_buf_init(&b, 40);
	assert_int_equal(lf_stix_pattern_format(p, &b), LF_ELIMIT);
	assert_true(b.len <= 40);
	lf_buf_free(&b);
	lf_buf_init(&b, 200);
	assert_int_equal(lf_stix_pattern_format(p, &b), 0);
	assert_int_equal(b.len, strlen("[domain-name:value = "
				       "'a-rather-long-name.example'] OR "
				       "[domain-name:value = 'another.example']"));
	lf_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spacing_and_spelling),
		cmocka_unit_test(test_parentheses),
		cmocka_unit_test(test_literal_forms),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_op_names),
		cmocka_unit_test(test_buffer_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
