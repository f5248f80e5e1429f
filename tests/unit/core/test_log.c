/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for core/log.c: level filtering, a custom sink receiving exactly
 * the formatted message, truncation at LF_LOG_MAX, the default stderr sink
 * (captured through a temporary file), and level names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/log.h"

struct capture {
	int calls;
	enum lf_log_level lvl;
	char msg[LF_LOG_MAX + 64];
	size_t len;
};

static void sink(void *ctx, enum lf_log_level lvl, const char *msg)
{
	struct capture *c = ctx;
	c->calls++;
	c->lvl = lvl;
	c->len = strlen(msg);
	assert_true(c->len < sizeof(c->msg));
	memcpy(c->msg, msg, c->len + 1);
}

static int teardown(void **state)
{
	(void)state;
	lf_log_set_sink(NULL, NULL);
	lf_log_set_level(LF_LOG_INFO);
	return 0;
}

static void test_default_level(void **state)
{
	(void)state;
	/* runs first: nothing has changed the level yet */
	assert_int_equal(lf_log_get_level(), LF_LOG_INFO);
	lf_log_set_level(LF_LOG_DEBUG);
	assert_int_equal(lf_log_get_level(), LF_LOG_DEBUG);
}

static void test_filtering(void **state)
{
	(void)state;
	struct capture c = {0};
	lf_log_set_sink(sink, &c);
	static const enum lf_log_level all[] = {LF_LOG_ERR, LF_LOG_WARN,
						LF_LOG_INFO, LF_LOG_DEBUG};
	for (int set = 0; set < 4; set++) {
		lf_log_set_level(all[set]);
		for (int at = 0; at < 4; at++) {
			memset(&c, 0, sizeof(c));
			lf_log(all[at], "m%d", at);
			if (at <= set) {
				assert_int_equal(c.calls, 1);
				assert_int_equal(c.lvl, all[at]);
				char want[16];
				snprintf(want, sizeof(want), "m%d", at);
				assert_string_equal(c.msg, want);
			} else {
				assert_int_equal(c.calls, 0);
			}
		}
	}
	/* the macros go through the same filter */
	lf_log_set_level(LF_LOG_WARN);
	memset(&c, 0, sizeof(c));
	lf_err("e");
	lf_warn("w");
	lf_info("i");
	lf_debug("d");
	assert_int_equal(c.calls, 2);
	assert_int_equal(c.lvl, LF_LOG_WARN);
	assert_string_equal(c.msg, "w");
}

static void test_sink_message(void **state)
{
	(void)state;
	struct capture c = {0};
	lf_log_set_sink(sink, &c);
	lf_log_set_level(LF_LOG_DEBUG);
	lf_log(LF_LOG_INFO, "feed %s: %d indicators, %.1f%%", "abuse.ch", 42,
	       99.5);
	assert_int_equal(c.calls, 1);
	assert_string_equal(c.msg, "feed abuse.ch: 42 indicators, 99.5%");
	/* no trailing newline added for a sink */
	assert_int_not_equal(c.msg[c.len ? c.len - 1 : 0], '\n');
	lf_log(LF_LOG_ERR, "%s", "");
	assert_int_equal(c.calls, 2);
	assert_string_equal(c.msg, "");
	/* a second sink replaces the first */
	struct capture d = {0};
	lf_log_set_sink(sink, &d);
	lf_warn("to d");
	assert_int_equal(c.calls, 2);
	assert_int_equal(d.calls, 1);
	assert_string_equal(d.msg, "to d");
}

static void test_truncation(void **state)
{
	(void)state;
	struct capture c = {0};
	lf_log_set_sink(sink, &c);
	lf_log_set_level(LF_LOG_DEBUG);
	char *big = malloc(5 * LF_LOG_MAX + 1);
	assert_non_null(big);
	for (size_t i = 0; i < 5 * LF_LOG_MAX; i++)
		big[i] = (char)('a' + i % 26);
	big[5 * LF_LOG_MAX] = '\0';

	lf_info("%s", big);
	assert_int_equal(c.len, LF_LOG_MAX);
	assert_memory_equal(c.msg, big, LF_LOG_MAX);

	/* exactly LF_LOG_MAX is not "longer than": delivered whole */
	lf_info("%.*s", LF_LOG_MAX, big);
	assert_int_equal(c.len, LF_LOG_MAX);
	lf_info("%.*s", LF_LOG_MAX - 1, big);
	assert_int_equal(c.len, LF_LOG_MAX - 1);
	lf_info("%.*sXYZ", LF_LOG_MAX - 2, big);
	assert_int_equal(c.len, LF_LOG_MAX);
	assert_memory_equal(c.msg + LF_LOG_MAX - 2, "XY", 2);
	free(big);
}

static void test_bad_level_value(void **state)
{
	(void)state;
	struct capture c = {0};
	lf_log_set_sink(sink, &c);
	lf_log_set_level(LF_LOG_DEBUG);
	/* a level past DEBUG is treated as DEBUG, never indexes past names */
	lf_log((enum lf_log_level)7, "odd");
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.lvl, LF_LOG_DEBUG);
	lf_log_set_level(LF_LOG_INFO);
	lf_log((enum lf_log_level)7, "odd");
	assert_int_equal(c.calls, 1);
	/* and through the default sink too (ASan would catch an overrun) */
	lf_log_set_sink(NULL, NULL);
	lf_log_set_level((enum lf_log_level)9);
	int saved = dup(STDERR_FILENO);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	lf_log((enum lf_log_level)8, "odd");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	char line[64] = {0};
	rewind(tmp);
	assert_non_null(fgets(line, sizeof(line), tmp));
	fclose(tmp);
	assert_non_null(strstr(line, "debug: odd\n"));
}

static char *capture_stderr(enum lf_log_level lvl, const char *msg)
{
	int saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	fflush(stderr);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	lf_log(lvl, "%s", msg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	long sz = ftell(tmp);
	rewind(tmp);
	static char out[LF_LOG_MAX * 2];
	size_t n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	assert_true(sz < 0 || (size_t)sz == n);
	return out;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && memcmp(s + a - b, suf, b) == 0;
}

static void test_default_sink(void **state)
{
	(void)state;
	lf_log_set_sink(NULL, NULL);
	lf_log_set_level(LF_LOG_INFO);
	/* "LEVEL: message\n", one line (a program-name prefix allowed) */
	char *out = capture_stderr(LF_LOG_ERR, "disk full");
	assert_true(ends_with(out, "error: disk full\n"));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	out = capture_stderr(LF_LOG_WARN, "slow feed");
	assert_true(ends_with(out, "warn: slow feed\n"));
	out = capture_stderr(LF_LOG_INFO, "started");
	assert_true(ends_with(out, "info: started\n"));
	out = capture_stderr(LF_LOG_DEBUG, "hidden");
	assert_string_equal(out, "");
	/* a sink installed and removed: back to stderr */
	struct capture c = {0};
	lf_log_set_sink(sink, &c);
	out = capture_stderr(LF_LOG_ERR, "to sink");
	assert_string_equal(out, "");
	assert_int_equal(c.calls, 1);
	lf_log_set_sink(NULL, &c);
	out = capture_stderr(LF_LOG_ERR, "to stderr");
	assert_true(ends_with(out, "error: to stderr\n"));
	assert_int_equal(c.calls, 1);
}

static void test_level_parse(void **state)
{
	(void)state;
	enum lf_log_level l = LF_LOG_INFO;
	assert_int_equal(lf_log_level_parse("error", &l), 0);
	assert_int_equal(l, LF_LOG_ERR);
	assert_int_equal(lf_log_level_parse("warn", &l), 0);
	assert_int_equal(l, LF_LOG_WARN);
	assert_int_equal(lf_log_level_parse("info", &l), 0);
	assert_int_equal(l, LF_LOG_INFO);
	assert_int_equal(lf_log_level_parse("debug", &l), 0);
	assert_int_equal(l, LF_LOG_DEBUG);
	static const char *const bad[] = {"",	    "errors", "inf",
					  "debug ", " info",  "trace",
					  "5",	    "info\n", "fatal"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l = LF_LOG_WARN;
		if (lf_log_level_parse(bad[i], &l) != LF_EMALF)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_int_equal(l, LF_LOG_WARN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_default_level, teardown),
	    cmocka_unit_test_teardown(test_filtering, teardown),
	    cmocka_unit_test_teardown(test_sink_message, teardown),
	    cmocka_unit_test_teardown(test_truncation, teardown),
	    cmocka_unit_test_teardown(test_bad_level_value, teardown),
	    cmocka_unit_test_teardown(test_default_sink, teardown),
	    cmocka_unit_test_teardown(test_level_parse, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
