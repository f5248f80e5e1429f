/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ascii.h — locale-free character helpers shared by every text parser.
 * The C library's ctype functions depend on the process locale and take
 * int; wire formats and feeds are ASCII whatever the locale says.
 */
#ifndef LF_CORE_ASCII_H
#define LF_CORE_ASCII_H

/* Value of a hex digit (either case), or -1. */
static inline int lf_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline int lf_is_hex(char c)
{
	return lf_hexval(c) >= 0;
}

static inline char lf_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

#endif
