/* SPDX-License-Identifier: Apache-2.0 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/num.h"

int lf_num_u64(const char *s, size_t n, uint64_t min, uint64_t max,
	       unsigned flags, uint64_t *out)
{
	if (n == 0)
		return LF_EMALF;
	if ((flags & LF_NUM_NOLEADZERO) && n > 1 && s[0] == '0')
		return LF_EMALF;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return LF_EMALF;
		if (v > (UINT64_MAX - d) / 10) {
			/* keep scanning so "12x…" is malformed, not out of range */
			for (size_t j = i + 1; j < n; j++)
				if ((unsigned)(unsigned char)s[j] - '0' > 9)
					return LF_EMALF;
			return LF_ERANGE;
		}
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return LF_ERANGE;
	*out = v;
	return 0;
}

int lf_num_i64(const char *s, size_t n, int64_t min, int64_t max,
	       unsigned flags, int64_t *out)
{
	int neg = n > 0 && s[0] == '-';
	uint64_t mag;
	if (neg && n == 1)
		return LF_EMALF;
	int rc = lf_num_u64(s + neg, n - (size_t)neg, 0, UINT64_MAX, flags, &mag);
	if (rc)
		return rc;
	int64_t v;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return LF_ERANGE;
		v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return LF_ERANGE;
		v = (int64_t)mag;
	}
	if (v < min || v > max)
		return LF_ERANGE;
	*out = v;
	return 0;
}

int lf_num_u32(const char *s, size_t n, uint32_t min, uint32_t max,
	       uint32_t *out)
{
	uint64_t v;
	int rc = lf_num_u64(s, n, min, max, 0, &v);
	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

int lf_num_u8(const char *s, size_t n, uint8_t min, uint8_t max, uint8_t *out)
{
	uint64_t v;
	int rc = lf_num_u64(s, n, min, max, 0, &v);
	if (rc == 0)
		*out = (uint8_t)v;
	return rc;
}

int lf_num_hex_u64(const char *s, size_t n, uint64_t *out)
{
	if (n == 0)
		return LF_EMALF;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return LF_EMALF;
		if (i >= 16)
			return LF_ERANGE;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

int lf_num_double(const char *s, size_t n, double min, double max,
		  double *out)
{
	char tmp[65];
	if (n == 0)
		return LF_EMALF;
	if (n >= sizeof(tmp))
		return LF_ELIMIT;
	/* Validate the grammar ourselves: strtod also takes hex, inf, nan,
	 * leading space and locale decimal points. */
	size_t i = 0, digits = 0;
	if (s[i] == '-')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return LF_EMALF;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t ed = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, ed++;
		if (ed == 0)
			return LF_EMALF;
	}
	if (i != n)
		return LF_EMALF;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	double v = strtod(tmp, NULL);
	if (!isfinite(v) || v < min || v > max)
		return LF_ERANGE;
	*out = v;
	return 0;
}
