/* SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
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
	if (n == 0)
		return LF_EMALF; /* before s + neg: s may be NULL */
	int neg = s[0] == '-';
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
	/* malformed wins over too long, as in lf_num_u64 */
	for (size_t i = 0; i < n; i++)
		if (lf_hexval(s[i]) < 0)
			return LF_EMALF;
	if (n > 16)
		return LF_ERANGE;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = (v << 4) | (unsigned)lf_hexval(s[i]);
	*out = v;
	return 0;
}

/*
 * strtod follows LC_NUMERIC: after setlocale(LC_ALL, "") in a program (for
 * libidn2, say) and a locale with a decimal comma, "1.5" would read as 1.
 * Convert in the "C" locale, created once for the process.
 */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
	c_numeric = newlocale(LC_ALL_MASK, "C", (locale_t)0);
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
	if (digits == 0)
		return LF_EMALF; /* ".5", "-", "." */
	if (i < n && s[i] == '.') {
		i++;
		digits = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
		if (digits == 0)
			return LF_EMALF; /* "1.", "1.e3" */
	}
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
	if (pthread_once(&c_numeric_once, c_numeric_init) != 0 ||
	    c_numeric == (locale_t)0)
		return -ENOMEM;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	double v = strtod_l(tmp, NULL, c_numeric);
	if (!isfinite(v) || v < min || v > max)
		return LF_ERANGE;
	*out = v;
	return 0;
}
