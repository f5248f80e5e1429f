/* SPDX-License-Identifier: Apache-2.0 */
/*
 * time.h — absolute time as microseconds since the Unix epoch (UTC), and
 * RFC 3339 timestamps.
 *
 * int64 microseconds spans ±292,000 years, keeps the microsecond precision
 * STIX timestamps carry, and compares with <. LF_TIME_MIN / LF_TIME_MAX
 * stand for "no lower / upper bound".
 *
 * Parsing (RFC 3339 §5.6): "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)", 'T' and
 * 'Z' case-insensitive, a space accepted for 'T' (RFC 3339 §5.6 note), any
 * number of fraction digits (truncated to microseconds), leap second 60
 * accepted and folded onto :59.999999, day checked against the month and
 * leap years. Years 0000..9999. A leap second is accepted at any minute
 * (RFC 3339 leaves checking against the leap-second table to the
 * application). Errors: LF_EMALF only.
 */
#ifndef LF_CORE_TIME_H
#define LF_CORE_TIME_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t lf_time_t;

#define LF_TIME_MIN INT64_MIN
#define LF_TIME_MAX INT64_MAX
#define LF_USEC_PER_SEC INT64_C(1000000)

/* Longest output of lf_time_format: "YYYY-MM-DDTHH:MM:SS.ffffffZ" + NUL. */
#define LF_TIME_STRLEN 28

/* Parse s[0..n). Returns 0 or LF_EMALF. */
int lf_time_parse(const char *s, size_t n, lf_time_t *out);

/*
 * Format as RFC 3339 UTC with `digits` fraction digits (0, 3 or 6; other
 * values are rounded up to the next of these). Returns length or LF_ELIMIT
 * / LF_ERANGE (LF_TIME_MIN/MAX or outside years 0..9999).
 */
int lf_time_format(lf_time_t t, unsigned digits, char *buf, size_t cap);

/* Current wall-clock time (CLOCK_REALTIME). The one clock read in core. */
lf_time_t lf_time_now(void);

/* Days from 1970-01-01 for a proleptic Gregorian date, and back. */
int64_t lf_days_from_civil(int64_t y, unsigned m, unsigned d);
void lf_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
