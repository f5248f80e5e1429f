/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pattern.c — STIX 2.1 pattern parser and canonical printer
 * (src/lib/stix/pattern.c).
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
#include "core/time.h"
#include "stix/pattern.h"

static struct lf_arena A;

static int setup(void **state)
{
	(void)state;
	lf_arena_init(&A, 0, 64u << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	lf_arena_free(&A);
	return 0;
}

static struct lf_stix_pattern *parse_n(const char *s, size_t n)
{
	struct lf_stix_pattern *p = NULL;
	struct lf_stix_perr e;
	int rc = lf_stix_pattern_parse(s, n, &A, &p, &e);
	if (rc)
		print_error("parse failed (%d) at %zu: %s\n  %s\n", rc, e.offset,
			    e.msg, s);
	assert_int_equal(rc, 0);
	assert_non_null(p);
	return p;
}

static struct lf_stix_pattern *parse(const char *s)
{
	return parse_n(s, strlen(s));
}

/* Canonical text of p; static buffer, valid until the next call. */
static const char *fmt(const struct lf_stix_pattern *p)
{
	static char out[1 << 17];
	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_stix_pattern_format(p, &b), 0);
	assert_true(b.len < sizeof(out));
	memcpy(out, b.data, b.len + 1);
	lf_buf_free(&b);
	return out;
}

/* parse(s), format, parse the output, format again: must be a fixpoint. */
static const char *roundtrip(const char *s)
{
	static char first[1 << 17];
	const char *f1 = fmt(parse(s));
	snprintf(first, sizeof(first), "%s", f1);
	const char *f2 = fmt(parse(first));
	if (strcmp(first, f2) != 0)
		print_error("not a fixpoint:\n  in:  %s\n  1st: %s\n  2nd: %s\n", s,
			    first, f2);
	assert_string_equal(first, f2);
	return first;
}

static void check_canon(const char *in, const char *want)
{
	assert_string_equal(roundtrip(in), want);
}

/* Parse must fail with rc at offset, the message containing `msg`. */
static void check_err_n(const char *s, size_t n, int rc, size_t off,
			const char *msg)
{
	struct lf_stix_pattern *p = (void *)1;
	struct lf_stix_perr e;
	int got = lf_stix_pattern_parse(s, n, &A, &p, &e);
	if (got != rc || e.offset != off || !strstr(e.msg, msg))
		print_error("input: %s\n  want %d at %zu '%s'\n  got  %d at %zu "
			    "'%s'\n",
			    s, rc, off, msg, got, e.offset, e.msg);
	assert_int_equal(got, rc);
	assert_null(p);
	assert_int_equal(e.offset, off);
	assert_non_null(strstr(e.msg, msg));
}

static void check_err(const char *s, int rc, size_t off, const char *msg)
{
	check_err_n(s, strlen(s), rc, off, msg);
}

static lf_time_t ts(const char *s)
{
	lf_time_t t;
	assert_int_equal(lf_time_parse(s, strlen(s), &t), 0);
	return t;
}

/* ---- the STIX 2.1 patterning examples ----------------------------------- */

/*
 * The examples of the STIX 2.1 specification's patterning section, plus
 * the in-text examples of operators and qualifiers (strings as in the
 * spec: a backslash inside a STIX string literal is written "\\").
 */
static const char *const spec_examples[] = {
	"[file:hashes.'SHA-256' = "
	"'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
	"[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND "
	"email-message:body_multipart[*].body_raw_ref.name MATCHES "
	"'^Final Report.+\\\\.exe$']",
	"[file:hashes.'SHA-256' = "
	"'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' "
	"AND file:mime_type = 'application/x-pdf']",
	"[file:hashes.'SHA-256' = "
	"'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR "
	"file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND "
	"[file:hashes.'SHA-256' = "
	"'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
	"([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY "
	"[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) "
	"WITHIN 300 SECONDS",
	"[user-account:account_type = 'unix' AND user-account:user_id = '1007' "
	"AND user-account:account_login = 'Peter'] AND "
	"[user-account:account_type = 'unix' AND user-account:user_id = '1008' "
	"AND user-account:account_login = 'Paul'] AND "
	"[user-account:account_type = 'unix' AND user-account:user_id = '1009' "
	"AND user-account:account_login = 'Mary']",
	"[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND "
	"artifact:payload_bin MATCHES "
	"'\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
	"[file:name = 'foo.dll' AND file:parent_directory_ref.path = "
	"'C:\\\\Windows\\\\System32']",
	"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
	"[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
	"[network-traffic:dst_ref.type = 'ipv4-addr' AND "
	"network-traffic:dst_ref.value = '203.0.113.33/32']",
	"[network-traffic:dst_ref.type = 'domain-name' AND "
	"network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN "
	"1800 SECONDS",
	"[domain-name:value = 'www.5z8.info' AND "
	"domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
	"[url:value = 'http://example.com/foo' OR url:value = "
	"'http://example.com/bar']",
	"[x509-certificate:issuer = 'CN=WEBMAIL' AND "
	"x509-certificate:serial_number = "
	"'4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
	"[windows-registry-key:key = "
	"'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR "
	"windows-registry-key:key = "
	"'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\"
	"CryptoLocker_0388']",
	"[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = "
	"t'2014-01-13T07:03:17Z']",
	"[email-message:sender_ref.value = 'jdoe@example.com' AND "
	"email-message:subject = 'Conference Info']",
	"[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
	"[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r "
	"localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES "
	"'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] "
	"WITHIN 300 SECONDS",
	"[network-traffic:dst_ref.value ISSUBSET "
	"'2001:0db8:dead:beef:0000:0000:0000:0000/64']",
	"([file:name = 'foo.dll'] AND [windows-registry-key:key = "
	"'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR "
	"process:name = 'procfoo']",
	/* in-text examples of the operators and qualifiers */
	"[ipv4-addr:value = '198.51.100.1/32']",
	"[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = "
	"'203.0.113.33/32' OR ipv6-addr:value = "
	"'2001:0db8:dead:beef:dead:beef:dead:0001/128'] FOLLOWEDBY "
	"[domain-name:value = 'example.com']",
	"([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = "
	"'203.0.113.33/32'] FOLLOWEDBY [domain-name:value = 'example.com']) "
	"WITHIN 600 SECONDS",
	"[file:name = 'foo.exe'] START t'2016-06-01T00:00:00Z' STOP "
	"t'2016-07-01T00:00:00Z'",
	"[file:size > 1024]",
	"[file:size >= 1024 AND file:size <= 4096]",
	"[file:size < 4096]",
	"[file:name != 'a.exe' AND file:name <> 'b.exe']",
	"[file:name == 'a.exe']",
	"[file:name LIKE 'foo%.exe']",
	"[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
	"[network-traffic:dst_port IN (80, 443, 8080)]",
	"[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
	"[ipv4-addr:value ISSUPERSET '198.51.100.7']",
	"[network-traffic:protocols[*] = 'https']",
	"[network-traffic:extensions.'http-request-ext'.request_header."
	"'Content-Type' = 'text/html']",
	"[windows-registry-key:values[*].name = 'Foo']",
	"[file:name = 'malware.exe'] REPEATS 5 TIMES",
	"[file:hashes.'SHA-256' = "
	"'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] "
	"WITHIN 5.5 SECONDS",
	"[EXISTS windows-registry-key:values]",
	"[NOT EXISTS file:hashes.MD5]",
	"[file:name NOT LIKE 'foo%']",
	"[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
	"[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
	"[foo:bar=1] REPEATS 9 TIMES",
	"( [(network-traffic:dst_port IN(443,6443,8443) AND "
	"network-traffic:src_packets != 0) ])",
	"([windows-registry-key:key = 'hkey_local_machine\\\\foo\\\\bar']) "
	"WITHIN 5 SECONDS WITHIN 6 SECONDS",
	"([windows-registry-key:key = 'hkey'] REPEATS 2 TIMES) REPEATS 2 TIMES",
	"[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] "
	"START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR "
	"[ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' "
	"STOP t'2016-06-01T04:30:24.743Z'",
};

static void test_spec_examples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spec_examples) / sizeof(spec_examples[0]);
	     i++)
		roundtrip(spec_examples[i]);
}

/* ---- tree shape --------------------------------------------------------- */

static void test_precedence_observation(void **state)
{
	(void)state;
	/* FOLLOWEDBY < OR < AND */
	struct lf_stix_pattern *p =
		parse("[a:b=1] FOLLOWEDBY [c:d=2] OR [e:f=3] AND [g:h=4]");
	const struct lf_stix_obs *r = p->root;
	assert_int_equal(r->type, LF_STIX_OBS_FOLLOWEDBY);
	assert_int_equal(r->n_kids, 2);
	assert_int_equal(r->kids->type, LF_STIX_OBS_CMP);
	const struct lf_stix_obs *o = r->kids->next;
	assert_int_equal(o->type, LF_STIX_OBS_OR);
	assert_int_equal(o->n_kids, 2);
	assert_int_equal(o->kids->type, LF_STIX_OBS_CMP);
	assert_int_equal(o->kids->next->type, LF_STIX_OBS_AND);
	assert_int_equal(o->kids->next->n_kids, 2);
	assert_null(o->kids->next->next);
	assert_int_equal(p->n_obs, 4);
	assert_int_equal(p->n_tests, 4);
	assert_int_equal(o->offset, 19);

	/* a chain is one n-ary node, in order */
	p = parse("[a:b=1] OR [a:b=2] OR [a:b=3] OR [a:b=4]");
	assert_int_equal(p->root->type, LF_STIX_OBS_OR);
	assert_int_equal(p->root->n_kids, 4);
	int64_t want = 1;
	for (const struct lf_stix_obs *k = p->root->kids; k; k = k->next)
		assert_int_equal(k->cmp->value->i, want++);

	/* parentheses override, and survive printing */
	p = parse("([a:b=1] FOLLOWEDBY [c:d=2]) AND [e:f=3]");
	assert_int_equal(p->root->type, LF_STIX_OBS_AND);
	assert_int_equal(p->root->kids->type, LF_STIX_OBS_FOLLOWEDBY);
	check_canon("([a:b=1] FOLLOWEDBY [c:d=2]) AND [e:f=3]",
		    "([a:b = 1] FOLLOWEDBY [c:d = 2]) AND [e:f = 3]");
	check_canon("[a:b=1] OR ([c:d=2] OR [e:f=3])",
		    "[a:b = 1] OR ([c:d = 2] OR [e:f = 3])");
	check_canon("(([a:b=1]))", "[a:b = 1]");
	check_canon("[a:b=1] AND ([c:d=2] AND [e:f=3]) AND [g:h=4]",
		    "[a:b = 1] AND ([c:d = 2] AND [e:f = 3]) AND [g:h = 4]");
	check_canon("([a:b=1] OR [c:d=2]) FOLLOWEDBY ([e:f=3] AND [g:h=4])",
		    "[a:b = 1] OR [c:d = 2] FOLLOWEDBY [e:f = 3] AND [g:h = 4]");
}

static void test_precedence_comparison(void **state)
{
	(void)state;
	struct lf_stix_pattern *p = parse("[a:b=1 OR a:c=2 AND a:d=3]");
	const struct lf_stix_cmp *c = p->root->cmp;
	assert_int_equal(c->type, LF_STIX_CMP_OR);
	assert_int_equal(c->n_kids, 2);
	assert_int_equal(c->kids->type, LF_STIX_CMP_TEST);
	assert_int_equal(c->kids->next->type, LF_STIX_CMP_AND);
	assert_int_equal(c->kids->next->n_kids, 2);

	p = parse("[(a:b=1 OR a:c=2) AND a:d=3]");
	c = p->root->cmp;
	assert_int_equal(c->type, LF_STIX_CMP_AND);
	assert_int_equal(c->kids->type, LF_STIX_CMP_OR);
	check_canon("[(a:b=1 OR a:c=2) AND a:d=3]",
		    "[(a:b = 1 OR a:c = 2) AND a:d = 3]");
	check_canon("[a:b=1 OR (a:c=2 AND a:d=3)]",
		    "[a:b = 1 OR a:c = 2 AND a:d = 3]");
	check_canon("[((a:b=1))]", "[a:b = 1]");
	check_canon("[a:b=1 AND (a:c=2 AND a:d=3)]",
		    "[a:b = 1 AND (a:c = 2 AND a:d = 3)]");
}

static void test_qualifiers(void **state)
{
	(void)state;
	struct lf_stix_pattern *p = parse(
		"[a:b=1] START t'2016-06-01T00:00:00Z' STOP "
		"t'2016-07-01T00:00:00.5Z' WITHIN 10.5 SECONDS REPEATS 3 TIMES");
	const struct lf_stix_obs *q = p->root;
	assert_int_equal(q->type, LF_STIX_OBS_QUAL);
	assert_int_equal(q->n_kids, 1);
	assert_int_equal(q->kids->type, LF_STIX_OBS_CMP);
	assert_int_equal(q->n_quals, 3);
	const struct lf_stix_qual *ql = q->quals;
	assert_int_equal(ql->type, LF_STIX_QUAL_STARTSTOP);
	assert_true(ql->start == ts("2016-06-01T00:00:00Z"));
	assert_true(ql->stop == ts("2016-07-01T00:00:00.5Z"));
	ql = ql->next;
	assert_int_equal(ql->type, LF_STIX_QUAL_WITHIN);
	assert_int_equal(ql->within->type, LF_STIX_LIT_FLOAT);
	assert_true(ql->within->f == 10.5);
	ql = ql->next;
	assert_int_equal(ql->type, LF_STIX_QUAL_REPEATS);
	assert_int_equal(ql->repeats, 3);
	assert_null(ql->next);
	roundtrip("[a:b=1] START t'2016-06-01T00:00:00Z' STOP "
		  "t'2016-07-01T00:00:00.5Z' WITHIN 10.5 SECONDS REPEATS 3 TIMES");

	/* a qualifier binds to the observation expression before it */
	p = parse("[a:b=1] AND [c:d=2] WITHIN 5 SECONDS");
	assert_int_equal(p->root->type, LF_STIX_OBS_AND);
	assert_int_equal(p->root->kids->type, LF_STIX_OBS_CMP);
	assert_int_equal(p->root->kids->next->type, LF_STIX_OBS_QUAL);
	check_canon("[a:b=1] AND [c:d=2] WITHIN +5 SECONDS",
		    "[a:b = 1] AND [c:d = 2] WITHIN 5 SECONDS");
	check_canon("([a:b=1] AND [c:d=2]) WITHIN 5 SECONDS",
		    "([a:b = 1] AND [c:d = 2]) WITHIN 5 SECONDS");
	check_canon("([a:b=1] WITHIN 5 SECONDS) WITHIN 6 SECONDS",
		    "([a:b = 1] WITHIN 5 SECONDS) WITHIN 6 SECONDS");
	check_canon("([a:b=1]) WITHIN 5 SECONDS", "[a:b = 1] WITHIN 5 SECONDS");
	check_canon("[a:b=1] WITHIN 5 SECONDS OR [c:d=2] REPEATS 2 TIMES",
		    "[a:b = 1] WITHIN 5 SECONDS OR [c:d = 2] REPEATS 2 TIMES");
	p = parse("([a:b=1] WITHIN 5 SECONDS) WITHIN 6 SECONDS");
	assert_int_equal(p->root->type, LF_STIX_OBS_QUAL);
	assert_int_equal(p->root->kids->type, LF_STIX_OBS_QUAL);
	/* the grammar lets the same qualifier follow itself: one list */
	p = parse("[a:b=1] WITHIN 5 SECONDS WITHIN 6 SECONDS");
	assert_int_equal(p->root->type, LF_STIX_OBS_QUAL);
	assert_int_equal(p->root->n_quals, 2);
	assert_int_equal(p->root->quals->within->i, 5);
	assert_int_equal(p->root->quals->next->within->i, 6);
	check_canon("[a:b=1] REPEATS 2 TIMES REPEATS 3 TIMES",
		    "[a:b = 1] REPEATS 2 TIMES REPEATS 3 TIMES");
	roundtrip("[a:b=1] START t'2016-06-01T00:00:00Z' STOP "
		  "t'2016-06-02T00:00:00Z' START t'2016-06-01T00:00:00Z' STOP "
		  "t'2016-06-02T00:00:00Z'");
	/* qualifier arguments */
	check_err("[a:b=1] WITHIN ]", LF_ESYNTAX, 15, "positive number");
	check_err("[a:b=1] WITHIN 5 HOURS", LF_ESYNTAX, 17, "SECONDS");
	check_err("[a:b=1] WITHIN -5 SECONDS", LF_ESYNTAX, 15, "positive");
	check_err("[a:b=1] WITHIN 'x' SECONDS", LF_ESYNTAX, 15, "positive");
	check_err("[a:b=1] REPEATS 2.5 TIMES", LF_ESYNTAX, 16, "positive integer");
	check_err("[a:b=1] REPEATS 2", LF_ESYNTAX, 17, "TIMES");
	check_err("[a:b=1] START '2016' STOP t'2016-06-01T00:00:00Z'", LF_ESYNTAX,
		  14, "timestamp after START");
	check_err("[a:b=1] START t'2016-06-01T00:00:00Z'", LF_ESYNTAX, 37,
		  "STOP");
	check_err("[a:b=1] START t'2016-06-01T00:00:00Z' STOP 5", LF_ESYNTAX, 43,
		  "timestamp after STOP");
}

/* ---- comparisons, paths, literals --------------------------------------- */

static void test_operators(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum lf_stix_op op;
		int neg;
		const char *canon;
	} t[] = {
		{"[a:b = 1]", LF_STIX_OP_EQ, 0, "[a:b = 1]"},
		{"[a:b == 1]", LF_STIX_OP_EQ, 0, "[a:b = 1]"},
		{"[a:b != 1]", LF_STIX_OP_NE, 0, "[a:b != 1]"},
		{"[a:b <> 1]", LF_STIX_OP_NE, 0, "[a:b != 1]"},
		{"[a:b < 1]", LF_STIX_OP_LT, 0, "[a:b < 1]"},
		{"[a:b <= 1]", LF_STIX_OP_LE, 0, "[a:b <= 1]"},
		{"[a:b > 1]", LF_STIX_OP_GT, 0, "[a:b > 1]"},
		{"[a:b >= 1]", LF_STIX_OP_GE, 0, "[a:b >= 1]"},
		{"[a:b IN (1, 'x', true)]", LF_STIX_OP_IN, 0,
		 "[a:b IN (1, 'x', true)]"},
		{"[a:b IN ()]", LF_STIX_OP_IN, 0, "[a:b IN ()]"},
		{"[a:b LIKE 'x%']", LF_STIX_OP_LIKE, 0, "[a:b LIKE 'x%']"},
		{"[a:b MATCHES '^x$']", LF_STIX_OP_MATCHES, 0,
		 "[a:b MATCHES '^x$']"},
		{"[a:b ISSUBSET '10.0.0.0/8']", LF_STIX_OP_ISSUBSET, 0,
		 "[a:b ISSUBSET '10.0.0.0/8']"},
		{"[a:b ISSUPERSET '10.0.0.1']", LF_STIX_OP_ISSUPERSET, 0,
		 "[a:b ISSUPERSET '10.0.0.1']"},
		{"[a:b NOT = 1]", LF_STIX_OP_EQ, 1, "[a:b NOT = 1]"},
		{"[a:b NOT IN (1)]", LF_STIX_OP_IN, 1, "[a:b NOT IN (1)]"},
		{"[a:b NOT MATCHES 'x']", LF_STIX_OP_MATCHES, 1,
		 "[a:b NOT MATCHES 'x']"},
		{"[a:b NOT ISSUBSET 'x']", LF_STIX_OP_ISSUBSET, 1,
		 "[a:b NOT ISSUBSET 'x']"},
		{"[EXISTS a:b]", LF_STIX_OP_EXISTS, 0, "[EXISTS a:b]"},
		{"[NOT EXISTS a:b]", LF_STIX_OP_EXISTS, 1, "[NOT EXISTS a:b]"},
		{"[a:b<=1]", LF_STIX_OP_LE, 0, "[a:b <= 1]"},
		{"[a:b<>1]", LF_STIX_OP_NE, 0, "[a:b != 1]"},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct lf_stix_pattern *p = parse(t[i].in);
		const struct lf_stix_cmp *c = p->root->cmp;
		assert_int_equal(c->type, LF_STIX_CMP_TEST);
		assert_int_equal(c->op, t[i].op);
		assert_int_equal(c->negated, t[i].neg);
		check_canon(t[i].in, t[i].canon);
	}
	struct lf_stix_pattern *p = parse("[a:b IN (1, 'x', true)]");
	assert_int_equal(p->root->cmp->n_values, 3);
	assert_int_equal(p->root->cmp->value->next->next->type,
			 LF_STIX_LIT_BOOL);
	p = parse("[a:b IN ()]");
	assert_int_equal(p->root->cmp->n_values, 0);
	assert_null(p->root->cmp->value);
	assert_string_equal(lf_stix_op_name(LF_STIX_OP_ISSUPERSET), "ISSUPERSET");
	assert_string_equal(lf_stix_op_name(0), "?");

	/* operand kinds the grammar restricts */
	check_err("[a:b > true]", LF_ESYNTAX, 7, "orderable literal");
	check_err("[a:b LIKE 5]", LF_ESYNTAX, 10, "LIKE takes a string");
	check_err("[a:b MATCHES h'00']", LF_ESYNTAX, 13, "MATCHES takes a string");
	check_err("[a:b ISSUBSET ]", LF_ESYNTAX, 14, "ISSUBSET takes a string");
	check_err("[a:b IN 1]", LF_ESYNTAX, 8, "'(' to open the IN set");
	check_err("[a:b IN (1 2)]", LF_ESYNTAX, 11, "',' or ')'");
	check_err("[a:b IN (1,)]", LF_ESYNTAX, 11, "literal");
	check_err("[a:b = (1)]", LF_ESYNTAX, 7, "literal");
	check_err("[a:b EXISTS]", LF_ESYNTAX, 5, "comparison operator");
	check_err("[a:b NOT EXISTS]", LF_ESYNTAX, 9, "comparison operator");
	check_err("[NOT a:b = 1]", LF_ESYNTAX, 5, "EXISTS after a leading NOT");
	check_err("[a:b =? 'x']", LF_ESYNTAX, 6, "unexpected character '?'");
	check_err("[a:b ! 'x']", LF_ESYNTAX, 5, "'!='");
	check_err("[a:b = 'x' AND]", LF_ESYNTAX, 14, "an object path");
	check_err("[a:b = 'x' OR OR a:b = 1]", LF_ESYNTAX, 14, "an object path");
}

static void test_paths(void **state)
{
	(void)state;
	struct lf_stix_pattern *p =
		parse("[x-type_1:'quoted prop'.key.'a b'[-1][+2][0][*].c = 1]");
	const struct lf_stix_path *path = &p->root->cmp->path;
	assert_string_equal(path->type, "x-type_1");
	assert_int_equal(path->type_len, 8);
	assert_int_equal(path->n_steps, 8);
	const struct lf_stix_step *st = path->steps;
	assert_int_equal(st->type, LF_STIX_STEP_KEY);
	assert_string_equal(st->key, "quoted prop");
	st = st->next;
	assert_string_equal(st->key, "key");
	st = st->next;
	assert_string_equal(st->key, "a b");
	st = st->next;
	assert_int_equal(st->type, LF_STIX_STEP_INDEX);
	assert_int_equal(st->index, -1);
	st = st->next;
	assert_int_equal(st->index, 2);
	st = st->next;
	assert_int_equal(st->index, 0);
	st = st->next;
	assert_int_equal(st->type, LF_STIX_STEP_ANY);
	st = st->next;
	assert_string_equal(st->key, "c");
	assert_null(st->next);
	check_canon("[x-type_1:'quoted prop'.key.'a b'[-1][+2][0][*].c = 1]",
		    "[x-type_1:'quoted prop'.key.'a b'[-1][2][0][*].c = 1]");
	/* keys are quoted only when they must be */
	check_canon("[file:'name' = 'a']", "[file:name = 'a']");
	check_canon("[file:hashes.'MD5' = 'a']", "[file:hashes.MD5 = 'a']");
	check_canon("[file:hashes.'SHA-256' = 'a']",
		    "[file:hashes.'SHA-256' = 'a']");
	check_canon("[x:'AND'.'true'.'' = 1]", "[x:'AND'.'true'.'' = 1]");
	check_err("[x:'it''s' = 1]", LF_ESYNTAX, 7, "comparison operator");
	check_canon("[x:'it\\'s'.'a\\\\b' = 1]", "[x:'it\\'s'.'a\\\\b' = 1]");
	check_canon("[x:'9lives' = 1]", "[x:'9lives' = 1]");
	check_canon("[x:_a9 = 1]", "[x:_a9 = 1]");
	p = parse("[x:'it\\'s' = 1]");
	assert_string_equal(p->root->cmp->path.steps->key, "it's");

	struct lf_buf b;
	lf_buf_init(&b, 0);
	assert_int_equal(lf_stix_path_format(&p->root->cmp->path, &b), 0);
	assert_string_equal(b.data, "x:'it\\'s'");
	lf_buf_free(&b);

	check_err("[file.size = 1280]", LF_ESYNTAX, 5,
		  "expected ':' after object type 'file'");
	check_err("[file:name-x = 1]", LF_ESYNTAX, 6, "must be quoted (it has a '-')");
	check_err("[file:extensions.windows-pebinary-ext.x = 1]", LF_ESYNTAX, 17,
		  "must be quoted");
	check_err("[file:IN = 1]", LF_ESYNTAX, 6, "it is a keyword");
	check_err("[file:true = 1]", LF_ESYNTAX, 6, "it is a keyword");
	check_err("[file:a.5 = 1]", LF_ESYNTAX, 7, "comparison operator");
	check_err("[file:a[x] = 1]", LF_ESYNTAX, 8, "integer or '*'");
	check_err("[file:a[1 = 1]", LF_ESYNTAX, 10, "']' after the list index");
	check_err("[file:a[1.5] = 1]", LF_ESYNTAX, 8, "integer or '*'");
	check_err("[file: = 1]", LF_ESYNTAX, 7, "property name");
	check_err("['file':a = 1]", LF_ESYNTAX, 1, "an object path");
	check_err("[AND:a = 1]", LF_ESYNTAX, 1, "an object path");
	check_err("[a:b:c = 1]", LF_ESYNTAX, 4, "comparison operator");
}

static void test_literals(void **state)
{
	(void)state;
	struct lf_stix_pattern *p;
	const struct lf_stix_lit *l;

	/* strings: \' and \\ are the only escapes */
	p = parse("[a:b = 'a\\'b\\\\c']");
	l = p->root->cmp->value;
	assert_int_equal(l->type, LF_STIX_LIT_STRING);
	assert_int_equal(l->len, 5);
	assert_memory_equal(l->s, "a'b\\c", 6);
	assert_int_equal(l->offset, 7);
	check_canon("[a:b = 'a\\'b\\\\c']", "[a:b = 'a\\'b\\\\c']");
	p = parse("[a:b = '']");
	assert_int_equal(p->root->cmp->value->len, 0);
	/* anything else, even newlines and UTF-8, stays as it is */
	p = parse("[a:b = 'x\ny\t\xe5\x8f\xb0\xe7\x81\xa3']");
	assert_string_equal(p->root->cmp->value->s, "x\ny\t\xe5\x8f\xb0\xe7\x81\xa3");

	/* integers */
	p = parse("[a:b IN (0, +7, -7, 9223372036854775807, -9223372036854775808)]");
	l = p->root->cmp->value;
	assert_int_equal(l->type, LF_STIX_LIT_INT);
	assert_int_equal(l->i, 0);
	assert_int_equal(l->next->i, 7);
	assert_int_equal(l->next->next->i, -7);
	assert_true(l->next->next->next->i == INT64_MAX);
	assert_true(l->next->next->next->next->i == INT64_MIN);
	check_canon("[a:b IN (0, +7, -7, 9223372036854775807, -9223372036854775808)]",
		    "[a:b IN (0, 7, -7, 9223372036854775807, -9223372036854775808)]");

	/* floats */
	p = parse("[a:b IN (7.0, .5, -.25, +1.50, -0.0)]");
	l = p->root->cmp->value;
	assert_int_equal(l->type, LF_STIX_LIT_FLOAT);
	assert_true(l->f == 7.0);
	assert_true(l->next->f == 0.5);
	assert_true(l->next->next->f == -0.25);
	assert_true(l->next->next->next->f == 1.5);
	check_canon("[a:b IN (7.0, .5, -.25, +1.50, -0.0)]",
		    "[a:b IN (7.0, 0.5, -0.25, 1.50, -0.0)]");

	/* booleans are lower case */
	p = parse("[a:b = true OR a:b = false]");
	assert_int_equal(p->root->cmp->kids->value->type, LF_STIX_LIT_BOOL);
	assert_int_equal(p->root->cmp->kids->value->i, 1);
	assert_int_equal(p->root->cmp->kids->next->value->i, 0);
	check_err("[a:b = TRUE]", LF_ESYNTAX, 7, "single quotes");

	/* binary */
	p = parse("[a:b = b'aGVsbG8=' OR a:b = b'aGk=' OR a:b = b'YWJj']");
	l = p->root->cmp->kids->value;
	assert_int_equal(l->type, LF_STIX_LIT_BINARY);
	assert_int_equal(l->len, 5);
	assert_memory_equal(l->s, "hello", 5);
	assert_memory_equal(p->root->cmp->kids->next->value->s, "hi", 2);
	assert_int_equal(p->root->cmp->kids->next->value->len, 2);
	assert_memory_equal(p->root->cmp->kids->next->next->value->s, "abc", 3);
	check_canon("[a:b = b'aGVsbG8=' OR a:b = b'aGk=' OR a:b = b'YWJj']",
		    "[a:b = b'aGVsbG8=' OR a:b = b'aGk=' OR a:b = b'YWJj']");
	/* b64'…' is accepted and printed as b'…' */
	check_canon("[a:b = b64'aGk=']", "[a:b = b'aGk=']");
	p = parse("[a:b = b'//+/']");
	assert_memory_equal(p->root->cmp->value->s, "\xff\xff\xbf", 3);

	/* hex */
	p = parse("[a:b = h'FFd8' OR a:b = h'']");
	l = p->root->cmp->kids->value;
	assert_int_equal(l->type, LF_STIX_LIT_HEX);
	assert_int_equal(l->len, 2);
	assert_memory_equal(l->s, "\xff\xd8", 2);
	assert_int_equal(p->root->cmp->kids->next->value->len, 0);
	check_canon("[a:b = h'FFd8' OR a:b = h'']", "[a:b = h'ffd8' OR a:b = h'']");

	/* timestamps */
	p = parse("[a:b = t'2016-06-01T01:30:00.123Z']");
	l = p->root->cmp->value;
	assert_int_equal(l->type, LF_STIX_LIT_TIMESTAMP);
	assert_true(l->t == ts("2016-06-01T01:30:00.123Z"));
	check_canon("[a:b = t'2016-06-01T01:30:00.123Z']",
		    "[a:b = t'2016-06-01T01:30:00.123Z']");
	check_canon("[a:b = t'2016-06-01T01:30:00.000Z']",
		    "[a:b = t'2016-06-01T01:30:00Z']");
	check_canon("[a:b = t'2016-06-01T01:30:00.1234567891234Z']",
		    "[a:b = t'2016-06-01T01:30:00.123456Z']");
	check_canon("[a:b = t'2016-12-31T23:59:60Z']",
		    "[a:b = t'2016-12-31T23:59:59.999999Z']");
	check_canon("[a:b = t'1969-12-31T23:59:59.5Z']",
		    "[a:b = t'1969-12-31T23:59:59.500Z']");
	check_canon("[a:b = t'0000-01-01T00:00:00Z']",
		    "[a:b = t'0000-01-01T00:00:00Z']");
	p = parse("[a:b = t'2016-02-29T00:00:00Z']");
	assert_true(p->root->cmp->value->t == ts("2016-02-29T00:00:00Z"));
}

static void test_lexical(void **state)
{
	(void)state;
	/* comments and every whitespace character of the grammar */
	check_canon("/* c */ [a:b /* in */ = // line\n 1] // end",
		    "[a:b = 1]");
	check_canon("[a:b = 1]//", "[a:b = 1]");
	check_canon("[a:b = 1]/**/", "[a:b = 1]");
	check_canon(" \t\r\n\v\f[a:b\xc2\x85=\xc2\xa0"
		    "1]\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x8a"
		    "\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80",
		    "[a:b = 1]");
	/* tokens need no space where the grammar needs none */
	check_canon("[a:b=1AND a:c=2]", "[a:b = 1 AND a:c = 2]");
	check_canon("[a:b IN(1,2)]OR[a:c MATCHES'x']",
		    "[a:b IN (1, 2)] OR [a:c MATCHES 'x']");
	check_canon("[a:b=1]WITHIN 5SECONDS", "[a:b = 1] WITHIN 5 SECONDS");
	/* keywords are case-sensitive */
	check_err("[foo:bar=1] within 2 seconds", LF_ESYNTAX, 12,
		  "keywords are upper case");
	check_err("[a:b = 1 and a:c = 2]", LF_ESYNTAX, 9, "expected ']'");
	check_err("[a:b = 1] or [a:c = 2]", LF_ESYNTAX, 10, "upper case");
	/* LAST is reserved by the grammar and used nowhere */
	check_err("[a:b = 1] LAST 5 SECONDS", LF_ESYNTAX, 10, "'LAST'");
	/* identifiers may look like typed literal prefixes */
	check_canon("[t:h = 1 AND b:b64 = 2]", "[t:h = 1 AND b:b64 = 2]");
	check_canon("[h:t.b[0] = 1]", "[h:t.b[0] = 1]");
}

/* ---- errors ------------------------------------------------------------- */

static void test_errors(void **state)
{
	(void)state;
	check_err("", LF_ESYNTAX, 0, "empty pattern");
	check_err("  /* x */ ", LF_ESYNTAX, 10, "empty pattern");
	check_err("file:size = 1280", LF_ESYNTAX, 0,
		  "'[' or '(' to start an observation expression");
	check_err("[file:size = ]", LF_ESYNTAX, 13, "expected a literal");
	check_err("[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]",
		  LF_ESYNTAX, 19, "string values need single quotes");
	check_err("[file:name MATCHES /.*\\.dll/]", LF_ESYNTAX, 19,
		  "unexpected character '/'");
	check_err("[a:b = \"x\"]", LF_ESYNTAX, 7, "single quotes");
	check_err("[a:b = 1", LF_ESYNTAX, 8,
		  "expected ']' to close '[' at offset 0, found end of pattern");
	check_err("([a:b = 1]", LF_ESYNTAX, 10, "expected ')' to close '('");
	check_err("[(a:b = 1]", LF_ESYNTAX, 9, "expected ')' to close '(' at offset 1");
	check_err("[a:b = 1])", LF_ESYNTAX, 9, "found ')'");
	check_err("[a:b = 1] [a:c = 2]", LF_ESYNTAX, 10, "found '['");
	check_err("[a:b = 1] AND", LF_ESYNTAX, 13, "found end of pattern");
	check_err("[]", LF_ESYNTAX, 1, "an object path");
	check_err("()", LF_ESYNTAX, 1, "'[' or '('");
	check_err("[a:b = 1] /* open", LF_ESYNTAX, 10, "unterminated comment");
	check_err("[a:b = 1] /*/", LF_ESYNTAX, 10, "unterminated comment");
	check_err("[a:b = 1]\xc3\xa9", LF_ESYNTAX, 9, "U+00E9");
	check_err("[a:b = 1]\x01", LF_ESYNTAX, 9, "byte 0x01");

	/* strings */
	check_err("[a:b = 'abc", LF_ESYNTAX, 7, "unterminated string");
	check_err("[a:b = 'abc\\']", LF_ESYNTAX, 7, "unterminated string");
	check_err("[a:b = 'ab\\", LF_ESYNTAX, 7, "unterminated string");
	check_err("[a:b = 'a\\nb']", LF_ESYNTAX, 9, "invalid escape '\\n'");
	check_err("[a:b = 'a\\x41']", LF_ESYNTAX, 9, "invalid escape");
	check_err("[a:b = 'a\\\"']", LF_ESYNTAX, 9, "invalid escape");

	/* unquoted values and malformed numbers */
	check_err("[ipv4-addr:value = 1.2.3.4]", LF_ESYNTAX, 19,
		  "malformed number '1.2.3.4'");
	check_err("[ipv4-addr:value = 10.0.0.0/8]", LF_ESYNTAX, 19,
		  "malformed number '10.0.0.0/8'");
	check_err("[a:b = 1.]", LF_ESYNTAX, 7, "malformed number");
	check_err("[a:b = 007]", LF_ESYNTAX, 7, "leading zero");
	check_err("[a:b = -01]", LF_ESYNTAX, 7, "leading zero");
	check_err("[a:b = 9223372036854775808]", LF_ESYNTAX, 7, "out of range");
	check_err("[a:b = -9223372036854775809]", LF_ESYNTAX, 7, "out of range");
	check_err("[a:b = 99999999999999999999999999999999]", LF_ESYNTAX, 7,
		  "out of range");
	check_err("[a:b = - 1]", LF_ESYNTAX, 7, "unexpected '-'");
	check_err("[a:b = +]", LF_ESYNTAX, 7, "unexpected '+'");
	char lf[128];
	memset(lf, '0', sizeof(lf));
	memcpy(lf, "[a:b = 0.", 9);
	memcpy(lf + 7 + 65, "1]", 3); /* a 66-character float */
	check_err(lf, LF_ESYNTAX, 7, "longer than 64");
	lf[7 + 63] = '1'; /* 64 characters are fine */
	lf[7 + 64] = ']';
	lf[7 + 65] = '\0';
	check_canon(lf, lf);

	/* timestamps */
	check_err("[x_whatever:detected == t'2457-73-22T32:81:84.1Z']",
		  LF_ESYNTAX, 24, "month must be 01..12");
	check_err("[a:b = t'2016-13-01T00:00:00Z']", LF_ESYNTAX, 7, "month");
	check_err("[a:b = t'2016-00-01T00:00:00Z']", LF_ESYNTAX, 7, "month");
	check_err("[a:b = t'2016-01-32T00:00:00Z']", LF_ESYNTAX, 7,
		  "day must be 01..31");
	check_err("[a:b = t'2016-01-00T00:00:00Z']", LF_ESYNTAX, 7, "day");
	check_err("[a:b = t'2015-02-29T00:00:00Z']", LF_ESYNTAX, 7, "no such day");
	check_err("[a:b = t'2016-04-31T00:00:00Z']", LF_ESYNTAX, 7, "no such day");
	check_err("[a:b = t'2016-01-01T24:00:00Z']", LF_ESYNTAX, 7, "hour");
	check_err("[a:b = t'2016-01-01T00:60:00Z']", LF_ESYNTAX, 7, "minute");
	check_err("[a:b = t'2016-01-01T00:00:61Z']", LF_ESYNTAX, 7, "second");
	check_err("[a:b = t'2016-01-01t00:00:00Z']", LF_ESYNTAX, 7,
		  "YYYY-MM-DDTHH:MM:SS");
	check_err("[a:b = t'2016-01-01T00:00:00z']", LF_ESYNTAX, 7,
		  "YYYY-MM-DDTHH:MM:SS");
	check_err("[a:b = t'2016-01-01T00:00:00+01:00']", LF_ESYNTAX, 7,
		  "YYYY-MM-DDTHH:MM:SS");
	check_err("[a:b = t'2016-01-01 00:00:00Z']", LF_ESYNTAX, 7,
		  "YYYY-MM-DDTHH:MM:SS");
	check_err("[a:b = t'2016-01-01T00:00:00.Z']", LF_ESYNTAX, 7, "fraction");
	check_err("[a:b = t'2016-01-01T00:00:00.1aZ']", LF_ESYNTAX, 7,
		  "fraction must be digits");
	check_err("[a:b = t'2016-01-01']", LF_ESYNTAX, 7, "YYYY-MM-DD");
	check_err("[a:b = t'']", LF_ESYNTAX, 7, "invalid timestamp");
	check_err("[a:b = t'2016-01-01T00:00:00Z", LF_ESYNTAX, 7,
		  "unterminated timestamp");

	/* binary and hex */
	check_err("[artifact:payload_bin = b'====']", LF_ESYNTAX, 24, "base64");
	check_err("[a:b = b'']", LF_ESYNTAX, 7, "non-zero multiple of 4");
	check_err("[a:b = b'aGk']", LF_ESYNTAX, 7, "multiple of 4");
	check_err("[a:b = b'aG=k']", LF_ESYNTAX, 7, "bad character");
	check_err("[a:b = b'a===']", LF_ESYNTAX, 7, "bad character");
	check_err("[a:b = b'aG k']", LF_ESYNTAX, 7, "bad character");
	check_err("[a:b = b'aGk=", LF_ESYNTAX, 7, "unterminated binary");
	check_err("[a:b = h'abc']", LF_ESYNTAX, 7, "odd number");
	check_err("[a:b = h'zz']", LF_ESYNTAX, 7, "bad character");
	check_err("[a:b = h'ab", LF_ESYNTAX, 7, "unterminated hex");
	/* a prefix that is no literal prefix stays an identifier */
	check_err("[a:b = x'ab']", LF_ESYNTAX, 7, "single quotes");

	/* NUL bytes and invalid UTF-8, anywhere */
	check_err_n("[a:b = 'a\0b']", 13, LF_ESYNTAX, 9, "NUL byte");
	check_err_n("[a:b = 1]\0", 10, LF_ESYNTAX, 9, "NUL byte");
	check_err_n("\0", 1, LF_ESYNTAX, 0, "NUL byte");
	check_err("[a:b = '\xff']", LF_ESYNTAX, 8, "invalid UTF-8");
	check_err("[a:b = '\xc0\xaf']", LF_ESYNTAX, 8, "invalid UTF-8");
	check_err("[a:b = '\xed\xa0\x80']", LF_ESYNTAX, 8, "invalid UTF-8");
	check_err("[a:b = '\xe5\x8f']", LF_ESYNTAX, 8, "invalid UTF-8");
	check_err("/* \xfe */ [a:b = 1]", LF_ESYNTAX, 3, "invalid UTF-8");

	/* a NULL input with length 0 is just empty */
	struct lf_stix_pattern *p;
	struct lf_stix_perr e;
	assert_int_equal(lf_stix_pattern_parse(NULL, 0, &A, &p, &e), LF_ESYNTAX);
	/* err may be NULL */
	assert_int_equal(lf_stix_pattern_parse("[", 1, &A, &p, NULL), LF_ESYNTAX);
	assert_null(p);
}

/* ---- limits ------------------------------------------------------------- */

static char *nest(size_t parens, const char *inner)
{
	size_t il = strlen(inner);
	char *s = malloc(2 * parens + il + 1);
	assert_non_null(s);
	memset(s, '(', parens);
	memcpy(s + parens, inner, il);
	memset(s + parens + il, ')', parens);
	s[2 * parens + il] = '\0';
	return s;
}

static void test_depth(void **state)
{
	(void)state;
	/* 63 parentheses + the bracket = 64 levels: allowed */
	char *s = nest(LF_STIX_MAX_DEPTH - 1, "[a:b = 1]");
	check_canon(s, "[a:b = 1]");
	free(s);
	s = nest(LF_STIX_MAX_DEPTH, "[a:b = 1]");
	check_err(s, LF_EDEPTH, LF_STIX_MAX_DEPTH, "deeper than 64");
	free(s);
	/* inside the brackets too */
	char *cmp = nest(LF_STIX_MAX_DEPTH - 1, "a:b = 1");
	char inner[256];
	snprintf(inner, sizeof(inner), "[%s]", cmp);
	free(cmp);
	check_canon(inner, "[a:b = 1]");
	s = nest(1, inner);
	check_err(s, LF_EDEPTH, 64, "deeper than 64");
	free(s);
	/* an unbalanced bomb fails at the limit, not at the end */
	s = malloc(100001);
	assert_non_null(s);
	memset(s, '(', 100000);
	s[100000] = '\0';
	check_err(s, LF_ELIMIT, LF_STIX_PATTERN_MAX, "longer than");
	check_err_n(s, 60000, LF_EDEPTH, 64, "deeper than 64");
	memset(s, '[', 100000);
	check_err_n(s, 60000, LF_ESYNTAX, 1, "an object path");
	free(s);
	/* long flat chains are not deep: one n-ary node */
	size_t n = 3000;
	char *chain = malloc(n * 20);
	assert_non_null(chain);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(chain + k, 20, "%s[a:b = %zu]",
				      i ? " OR " : "", i);
	struct lf_stix_pattern *p = parse_n(chain, k);
	assert_int_equal(p->root->n_kids, n);
	assert_string_equal(fmt(p), chain);
	free(chain);
}

static void test_size_limits(void **state)
{
	(void)state;
	/* a string literal as long as the pattern allows */
	size_t n = LF_STIX_PATTERN_MAX;
	char *s = malloc(n + 2);
	assert_non_null(s);
	memcpy(s, "[a:b = '", 8);
	memset(s + 8, 'x', n - 10);
	memcpy(s + n - 2, "']", 2);
	struct lf_stix_pattern *p = parse_n(s, n);
	assert_int_equal(p->root->cmp->value->len, n - 10);
	/* one byte more is refused before anything is read */
	memcpy(s + n - 2, "x']", 3);
	check_err_n(s, n + 1, LF_ELIMIT, LF_STIX_PATTERN_MAX, "longer than 65536");
	free(s);

	/* the arena's cap is a limit too */
	struct lf_arena small;
	lf_arena_init(&small, 1024, 8192);
	char big[4096];
	size_t k = 0;
	for (int i = 0; i < 100; i++)
		k += (size_t)snprintf(big + k, sizeof(big) - k, "%s[a:b = %d]",
				      i ? " OR " : "", i);
	struct lf_stix_perr e;
	assert_int_equal(lf_stix_pattern_parse(big, k, &small, &p, &e),
			 LF_ELIMIT);
	assert_null(p);
	assert_non_null(strstr(e.msg, "arena"));
	lf_arena_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_examples),
		cmocka_unit_test(test_precedence_observation),
		cmocka_unit_test(test_precedence_comparison),
		cmocka_unit_test(test_qualifiers),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_lexical),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_size_limits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
