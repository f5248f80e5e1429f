/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 3339 timestamps <-> microseconds since the epoch. Civil-date
 * conversion uses Howard Hinnant's days-from-civil algorithm (public
 * domain description, re-derived here): eras of 400 years, March-based
 * years so the leap day is last.
 */
#include <stdio.h>
#include <time.h>

#include "core/err.h"
#include "core/num.h"
#include "core/time.h"

int64_t lf_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                /* [0, 399] */
	int64_t mp = (int64_t)m + (m > 2 ? -3 : 9);                 /* [0, 11] */
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;          /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void lf_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned char dim[] = {31, 28, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29u : dim[m - 1];
}

static int digits(const char *s, size_t n, size_t at, size_t cnt, uint64_t max,
		  uint64_t *out)
{
	if (at + cnt > n)
		return LF_EMALF;
	return lf_num_u64(s + at, cnt, 0, max, 0, out) ? LF_EMALF : 0;
}

int lf_time_parse(const char *s, size_t n, lf_time_t *out)
{
	uint64_t Y, M, D, h, mi, sec;
	if (digits(s, n, 0, 4, 9999, &Y) || n < 20 || s[4] != '-' ||
	    digits(s, n, 5, 2, 12, &M) || s[7] != '-' ||
	    digits(s, n, 8, 2, 31, &D) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s, n, 11, 2, 23, &h) || s[13] != ':' ||
	    digits(s, n, 14, 2, 59, &mi) || s[16] != ':' ||
	    digits(s, n, 17, 2, 60, &sec))
		return LF_EMALF;
	if (M < 1 || D < 1 || D > days_in_month((int64_t)Y, (unsigned)M))
		return LF_EMALF;
	size_t i = 19;
	int64_t frac = 0;
	if (i < n && s[i] == '.') {
		i++;
		size_t nd = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (nd < 6)
				frac = frac * 10 + (s[i] - '0');
			nd++;
			i++;
		}
		if (nd == 0)
			return LF_EMALF;
		for (; nd < 6; nd++)
			frac *= 10;
	}
	int64_t off = 0;
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		uint64_t oh, om;
		if (digits(s, n, i + 1, 2, 23, &oh) || i + 3 >= n ||
		    s[i + 3] != ':' || digits(s, n, i + 4, 2, 59, &om))
			return LF_EMALF;
		off = (int64_t)(oh * 3600 + om * 60);
		if (s[i] == '-')
			off = -off;
		i += 6;
	} else {
		return LF_EMALF;
	}
	if (i != n)
		return LF_EMALF;
	int64_t days = lf_days_from_civil((int64_t)Y, (unsigned)M, (unsigned)D);
	int64_t t = days * 86400 + (int64_t)(h * 3600 + mi * 60) - off;
	if (sec == 60) /* leap second: fold onto the last microsecond of :59 */
		t = (t + 59) * LF_USEC_PER_SEC + 999999;
	else
		t = (t + (int64_t)sec) * LF_USEC_PER_SEC + frac;
	*out = t;
	return 0;
}

int lf_time_format(lf_time_t t, unsigned ndig, char *buf, size_t cap)
{
	if (cap)
		buf[0] = '\0';
	if (t == LF_TIME_MIN || t == LF_TIME_MAX)
		return LF_ERANGE;
	int64_t secs = t / LF_USEC_PER_SEC, us = t % LF_USEC_PER_SEC;
	if (us < 0) {
		us += LF_USEC_PER_SEC;
		secs--;
	}
	int64_t days = secs / 86400, sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	int64_t y;
	unsigned m, d;
	lf_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return LF_ERANGE;
	int n;
	unsigned hh = (unsigned)(sod / 3600), mm = (unsigned)(sod / 60 % 60),
		 ss = (unsigned)(sod % 60);
	if (ndig == 0)
		n = snprintf(buf, cap, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, m,
			     d, hh, mm, ss);
	else if (ndig <= 3)
		n = snprintf(buf, cap, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ",
			     (int)y, m, d, hh, mm, ss, (unsigned)(us / 1000));
	else
		n = snprintf(buf, cap, "%04d-%02u-%02uT%02u:%02u:%02u.%06uZ",
			     (int)y, m, d, hh, mm, ss, (unsigned)us);
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			buf[0] = '\0';
		return LF_ELIMIT;
	}
	return n;
}

lf_time_t lf_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (lf_time_t)ts.tv_sec * LF_USEC_PER_SEC + ts.tv_nsec / 1000;
}
