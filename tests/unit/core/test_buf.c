/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/buf.c: contents always NUL-terminated, the maximum
 * enforced with LF_ELIMIT and the buffer left as it was, printf of short
 * and long output, JSON string escaping (checked byte by byte and decoded
 * back with jansson), reset, free and steal.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

static void test_append_basic(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(lf_buf_append(&b, "abc", 3), 0);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	assert_int_equal(lf_buf_puts(&b, "def"), 0);
	assert_int_equal(lf_buf_putc(&b, '!'), 0);
	assert_string_equal(b.data, "abcdef!");
	assert_int_equal(b.len, 7);
	assert_true(b.cap > b.len);
	assert_int_equal(lf_buf_append(&b, NULL, 0), 0);
	assert_int_equal(b.len, 7);
	/* bytes, NULs included, are kept as given */
	assert_int_equal(lf_buf_append(&b, "x\0y", 3), 0);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data, "abcdef!x\0y", 11);
	lf_buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_growth(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	for (int i = 0; i < 100000; i++) {
		assert_int_equal(lf_buf_putc(&b, (char)('a' + i % 26)), 0);
		assert_int_equal(b.data[b.len], '\0');
		assert_true(b.cap > b.len);
	}
	assert_int_equal(b.len, 100000);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	assert_int_equal(lf_buf_reserve(&b, 1000000), 0);
	assert_true(b.cap >= b.len + 1000000 + 1);
	assert_int_equal(b.len, 100000);
	lf_buf_free(&b);
}

static void test_max(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 10);
	assert_int_equal(lf_buf_puts(&b, "0123456"), 0);
	/* would pass max: refused, contents intact */
	assert_int_equal(lf_buf_puts(&b, "7890"), LF_ELIMIT);
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "0123456");
	assert_int_equal(lf_buf_printf(&b, "%d", 1234), LF_ELIMIT);
	assert_string_equal(b.data, "0123456");
	assert_int_equal(lf_buf_json_str(&b, "\"\"", 2), LF_ELIMIT);
	assert_string_equal(b.data, "0123456");
	assert_int_equal(b.len, 7);
	assert_int_equal(lf_buf_reserve(&b, 4), LF_ELIMIT);
	assert_int_equal(lf_buf_reserve(&b, SIZE_MAX), LF_ELIMIT);
	/* exactly max is fine */
	assert_int_equal(lf_buf_puts(&b, "789"), 0);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	assert_int_equal(lf_buf_putc(&b, 'x'), LF_ELIMIT);
	assert_int_equal(lf_buf_append(&b, "", 0), 0);
	assert_string_equal(b.data, "0123456789");
	lf_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(lf_buf_puts(&b, "abcdefghij"), 0);
	lf_buf_free(&b);

	/* a long printf over the max leaves the buffer too */
	lf_buf_init(&b, 300);
	assert_int_equal(lf_buf_puts(&b, "keep"), 0);
	assert_int_equal(lf_buf_printf(&b, "%400s", "x"), LF_ELIMIT);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "keep");
	assert_int_equal(lf_buf_printf(&b, "%296s", "y"), 0);
	assert_int_equal(b.len, 300);
	lf_buf_free(&b);
}

static void test_huge_max_clamped(void **state)
{
	(void)state;
	/* a max past SIZE_MAX / 2 must not make reserve wrap */
	struct lf_buf b;
	lf_buf_init(&b, SIZE_MAX);
	assert_true(b.max <= SIZE_MAX / 2);
	assert_int_equal(lf_buf_puts(&b, "hello"), 0);
	assert_string_equal(b.data, "hello");
	assert_true(b.cap >= 6);
	int rc = lf_buf_reserve(&b, SIZE_MAX - 10);
	assert_true(rc == LF_ELIMIT || rc == -ENOMEM);
	assert_string_equal(b.data, "hello");
	lf_buf_free(&b);

	lf_buf_init(&b, 0);
	assert_true(b.max == SIZE_MAX / 2);
	rc = lf_buf_reserve(&b, SIZE_MAX / 2 + 1);
	assert_int_equal(rc, LF_ELIMIT);
	lf_buf_free(&b);
}

static void test_printf(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_buf_printf(&b, "%s=%d;", "a", 1), 0);
	assert_int_equal(lf_buf_printf(&b, "%s", ""), 0);
	assert_int_equal(lf_buf_printf(&b, "%05.1f|%x", 2.25, 255u), 0);
	assert_string_equal(b.data, "a=1;002.2|ff");
	assert_int_equal(b.len, strlen("a=1;002.2|ff"));
	lf_buf_reset(&b);

	/* around the internal 256-byte scratch and far past it */
	static const size_t sizes[] = {254, 255, 256, 257, 1000, 70000};
	char *want = malloc(70001);
	assert_non_null(want);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		for (size_t k = 0; k < n; k++)
			want[k] = (char)('A' + k % 23);
		want[n] = '\0';
		lf_buf_reset(&b);
		assert_int_equal(lf_buf_puts(&b, "<"), 0);
		assert_int_equal(lf_buf_printf(&b, "%s>", want), 0);
		assert_int_equal(b.len, n + 2);
		assert_int_equal(b.data[0], '<');
		assert_memory_equal(b.data + 1, want, n);
		assert_string_equal(b.data + 1 + n, ">");
		/* twice, so the second one lands in a non-empty buffer */
		assert_int_equal(lf_buf_printf(&b, "%s", want), 0);
		assert_int_equal(b.len, 2 * n + 2);
		assert_memory_equal(b.data + n + 2, want, n);
		assert_int_equal(b.data[b.len], '\0');
	}
	free(want);
	lf_buf_free(&b);
}

static int vwrap(struct lf_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int vwrap(struct lf_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = lf_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_vprintf(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(vwrap(&b, "%d-%d", 1, 2), 0);
	assert_string_equal(b.data, "1-2");
	assert_int_equal(vwrap(&b, "%300d|%s", 7, "end"), 0);
	assert_int_equal(b.len, 3 + 300 + 4);
	assert_string_equal(b.data + b.len - 5, "7|end");
	lf_buf_free(&b);
}

/* An independent statement of RFC 8259 §7 escaping as produced here. */
static size_t ref_escape(unsigned char c, char out[8])
{
	switch (c) {
	case '"':
		memcpy(out, "\\\"", 2);
		return 2;
	case '\\':
		memcpy(out, "\\\\", 2);
		return 2;
	case '\n':
		memcpy(out, "\\n", 2);
		return 2;
	case '\r':
		memcpy(out, "\\r", 2);
		return 2;
	case '\t':
		memcpy(out, "\\t", 2);
		return 2;
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f) {
		static const char hx[] = "0123456789abcdef";
		memcpy(out, "\\u00", 4);
		out[4] = hx[c >> 4];
		out[5] = hx[c & 15];
		return 6;
	}
	out[0] = (char)c;
	return 1;
}

static void test_json_escape(void **state)
{
	(void)state;
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_buf_json_str(&b, "say \"hi\"\\", 9), 0);
	assert_string_equal(b.data, "say \\\"hi\\\"\\\\");
	lf_buf_reset(&b);
	assert_int_equal(lf_buf_json_str(&b, "a\nb\rc\td", 7), 0);
	assert_string_equal(b.data, "a\\nb\\rc\\td");
	lf_buf_reset(&b);
	assert_int_equal(lf_buf_json_str(&b, "\x00\x01\x1f\x7f", 4), 0);
	assert_string_equal(b.data, "\\u0000\\u0001\\u001f\\u007f");
	lf_buf_reset(&b);
	assert_int_equal(lf_buf_json_str(&b, "\b\f", 2), 0);
	assert_true(strcmp(b.data, "\\b\\f") == 0 ||
		    strcmp(b.data, "\\u0008\\u000c") == 0);
	lf_buf_reset(&b);
	/* '/' and UTF-8 pass through */
	assert_int_equal(lf_buf_json_str(&b, "a/b \xc3\xa9 \xe8\xbf\x9e", 10),
			 0);
	assert_string_equal(b.data, "a/b \xc3\xa9 \xe8\xbf\x9e");
	lf_buf_reset(&b);
	assert_int_equal(lf_buf_json_str(&b, "", 0), 0);
	assert_int_equal(b.len, 0);

	/* every ASCII byte, against the reference and through jansson */
	for (unsigned c = 0; c < 0x80; c++) {
		unsigned char in[3] = {'<', (unsigned char)c, '>'};
		char want[16];
		size_t wl = 0;
		for (int k = 0; k < 3; k++)
			wl += ref_escape(in[k], want + wl);
		lf_buf_reset(&b);
		assert_int_equal(lf_buf_putc(&b, '"'), 0);
		assert_int_equal(lf_buf_json_str(&b, (const char *)in, 3), 0);
		assert_int_equal(b.len, wl + 1);
		assert_memory_equal(b.data + 1, want, wl);
		assert_int_equal(lf_buf_putc(&b, '"'), 0);
		json_error_t jerr;
		json_t *j = json_loadb(b.data, b.len,
				       JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
		if (!j)
			fail_msg("byte 0x%02x: jansson: %s", c, jerr.text);
		assert_true(json_is_string(j));
		assert_int_equal(json_string_length(j), 3);
		assert_memory_equal(json_string_value(j), in, 3);
		json_decref(j);
	}
	lf_buf_free(&b);
}

static void test_json_rollback(void **state)
{
	(void)state;
	/* fails part-way: nothing of the string is left behind */
	struct lf_buf b;
	lf_buf_init(&b, 16);
	assert_int_equal(lf_buf_puts(&b, "{\"k\":\""), 0);
	assert_int_equal(lf_buf_json_str(&b, "ab\"cd\"efgh", 10), LF_ELIMIT);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.data, "{\"k\":\"");
	assert_int_equal(lf_buf_json_str(&b, "ab\"c", 4), 0);
	assert_string_equal(b.data, "{\"k\":\"ab\\\"c");
	lf_buf_free(&b);

	/* a limit hit by the first byte of a fresh buffer */
	lf_buf_init(&b, 5);
	assert_int_equal(lf_buf_json_str(&b, "\x01", 1), LF_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_true(b.data == NULL || b.data[0] == '\0');
	lf_buf_free(&b);
}

static void test_steal(void **state)
{
	(void)state;
	struct lf_buf b;
	size_t len = 99;
	lf_buf_init(&b, 100);
	assert_int_equal(lf_buf_puts(&b, "stolen"), 0);
	char *p = lf_buf_steal(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 6);
	assert_string_equal(p, "stolen");
	/* the buffer is empty and usable again, with the same max */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);
	assert_int_equal(lf_buf_puts(&b, "again"), 0);
	assert_string_equal(b.data, "again");
	assert_string_equal(p, "stolen"); /* not shared */
	free(p);

	/* stealing an empty buffer gives an empty string, not NULL */
	lf_buf_free(&b);
	len = 99;
	p = lf_buf_steal(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	p = lf_buf_steal(&b, NULL);
	assert_non_null(p);
	free(p);
	lf_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_append_basic),
	    cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_max),
	    cmocka_unit_test(test_huge_max_clamped),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_vprintf),
	    cmocka_unit_test(test_json_escape),
	    cmocka_unit_test(test_json_rollback),
	    cmocka_unit_test(test_steal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
