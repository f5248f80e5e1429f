/* SPDX-License-Identifier: Apache-2.0 */
/*
 * num.h — the bounded number parser. Replaces atoi/strtol/sscanf.
 *
 * Input is s[0..n), never NUL-terminated by contract. The whole span must be
 * the number: no surrounding space, no trailing garbage. Decimal only unless
 * the name says hex. A leading '+' is refused (callers that accept one strip
 * it); '-' only for the signed parsers. Leading zeros are accepted ("007")
 * unless LF_NUM_NOLEADZERO. The value must lie in [min, max] or the result
 * is LF_ERANGE, with *out untouched. Overflow is LF_ERANGE, never wraps.
 */
#ifndef LF_CORE_NUM_H
#define LF_CORE_NUM_H

#include <stddef.h>
#include <stdint.h>

#define LF_NUM_NOLEADZERO 0x01

int lf_num_u64(const char *s, size_t n, uint64_t min, uint64_t max,
	       unsigned flags, uint64_t *out);
int lf_num_i64(const char *s, size_t n, int64_t min, int64_t max,
	       unsigned flags, int64_t *out);
/* Convenience wrappers over lf_num_u64 for narrower types. */
int lf_num_u32(const char *s, size_t n, uint32_t min, uint32_t max,
	       uint32_t *out);
int lf_num_u8(const char *s, size_t n, uint8_t min, uint8_t max, uint8_t *out);
/* Hex digits only (no "0x"), at most 16 digits. */
int lf_num_hex_u64(const char *s, size_t n, uint64_t *out);
/*
 * A decimal floating-point number "[-]digits[.digits][e[+-]digits]", at
 * most 64 characters (else LF_ELIMIT), finite, within [min, max]. Parsed
 * in the "C" locale whatever the process locale is; may return -ENOMEM
 * once if that locale cannot be created.
 */
int lf_num_double(const char *s, size_t n, double min, double max,
		  double *out);

#endif
