/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests for nf/ie.c: which target and loader a field gets, and which
 * lengths each abstract type allows (RFC 7011 §6.2: unsigned integers in
 * fewer bytes, never more; addresses and NTP timestamps exactly; floats 4
 * or 8; strings anything, variable included). Uses the module's internal
 * header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/err.h"
#include "nf/nf_int.h"

static int resolve(uint32_t pen, uint16_t id, uint16_t len, uint8_t *tgt,
		   uint8_t *ld)
{
	struct nf_field f = {pen, id, len, 0};

	return lf_nf_ie_resolve(&f, tgt, ld);
}

static void test_known(void **state)
{
	static const struct {
		uint16_t id, len;
		uint8_t tgt, ld;
	} ok[] = {
		{1, 8, T_OCT, LD_U64},         {1, 4, T_OCT, LD_U32},
		{1, 3, T_OCT, LD_UN},          {1, 1, T_OCT, LD_U8},
		{2, 2, T_PKT, LD_U16},         {8, 4, T_SRC4, LD_PTR},
		{27, 16, T_SRC6, LD_PTR},      {7, 2, T_SPORT, LD_U16},
		{6, 2, T_TCPFLAGS, LD_U16},    {10, 2, T_IN_IF, LD_U16},
		{22, 4, T_START_UP, LD_U32},   {154, 8, T_START_NTP, LD_U64},
		{157, 8, T_END_NTP, LD_U64},   {311, 4, T_SAMP_PROB, LD_F32},
		{311, 8, T_SAMP_PROB, LD_F64}, {82, 65535, T_IF_NAME, LD_PTR},
		{82, 3, T_IF_NAME, LD_PTR},    {48, 2, T_SAMPLER_ID, LD_U16},
		{302, 8, T_SAMPLER_ID, LD_U64}, {50, 4, T_SAMP_INTERVAL, LD_U32},
		{232, 8, T_OCT_RESP, LD_U64},  {243, 2, T_VLAN_DOT1Q, LD_U16},
	};
	uint8_t tgt, ld;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(resolve(0, ok[i].id, ok[i].len, &tgt, &ld), 0);
		assert_int_equal(tgt, ok[i].tgt);
		assert_int_equal(ld, ok[i].ld);
	}
	/* RFC 5103 reverse elements */
	assert_int_equal(resolve(NF_PEN_REVERSE, 1, 8, &tgt, &ld), 0);
	assert_int_equal(tgt, T_REV_OCT);
	assert_int_equal(resolve(NF_PEN_REVERSE, 86, 4, &tgt, &ld), 0);
	assert_int_equal(tgt, T_REV_PKT_TOTAL);
}

static void test_forbidden(void **state)
{
	static const uint16_t bad[][2] = {
		{1, 9},    {2, 65535}, {4, 2},   {7, 4},  {8, 3},   {8, 16},
		{27, 4},   {12, 5},    {154, 4}, {156, 16}, {311, 2}, {10, 5},
		{48, 9},   {61, 2},
	};
	uint8_t tgt = 99, ld = 99;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(resolve(0, bad[i][0], bad[i][1], &tgt, &ld),
				 LF_EMALF);
		assert_int_equal(tgt, T_NONE);
		assert_int_equal(ld, LD_SKIP);
	}
}

static void test_unknown_and_absent(void **state)
{
	uint8_t tgt, ld;
	struct nf_field scope = {0, 2, 4, 1}, scope1 = {0, 1, 4, 1};

	(void)state;
	/* unknown ids and enterprises: skipped, any length */
	assert_int_equal(resolve(0, 60, 1, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	assert_int_equal(resolve(0, 32767, 65535, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	assert_int_equal(resolve(9, 1, 8, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	assert_int_equal(resolve(NF_PEN_REVERSE, 8, 4, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	/* zero length: absent, whatever the type */
	assert_int_equal(resolve(0, 8, 0, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	assert_int_equal(ld, LD_SKIP);
	/* v9 scope types: Interface is the ifIndex, System is nothing */
	assert_int_equal(lf_nf_ie_resolve(&scope, &tgt, &ld), 0);
	assert_int_equal(tgt, T_IN_IF);
	assert_int_equal(lf_nf_ie_resolve(&scope1, &tgt, &ld), 0);
	assert_int_equal(tgt, T_NONE);
	/* the targets fit the two 64-bit presence words */
	assert_true(T_MAX <= 128);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_forbidden),
		cmocka_unit_test(test_unknown_and_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
