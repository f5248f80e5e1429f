/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.h — the one error convention of Lianfang.
 *
 * Every function that can fail returns an int: 0 on success, a negative
 * errno value (-ENOMEM, -EINVAL, -EIO, ...) for system errors, or a domain
 * code at -1000 and below for everything the input is to blame for.
 * Results travel through out-parameters. lf_strerror() names any of them.
 *
 * LF_EMALF and LF_ETRUNC are not the same thing: malformed input will never
 * parse, truncated input might parse once more bytes arrive.
 */
#ifndef LF_CORE_ERR_H
#define LF_CORE_ERR_H

enum lf_err {
	LF_EMALF    = -1000, /* malformed input */
	LF_ETRUNC   = -1001, /* input ends early: more bytes needed */
	LF_ERANGE   = -1002, /* a number or value outside its allowed range */
	LF_ELIMIT   = -1003, /* a configured limit (size, count, memory) was hit */
	LF_EUNSUP   = -1004, /* well-formed but not supported */
	LF_ENOENT   = -1005, /* no such item (lookup miss) */
	LF_EEXIST   = -1006, /* item already present */
	LF_EDEPTH   = -1007, /* nesting deeper than the limit */
	LF_ESYNTAX  = -1008, /* syntax error in a language (pattern, filter) */
	LF_ETYPE    = -1009, /* wrong type (JSON type, indicator type) */
	LF_EHOSTBITS = -1010, /* prefix has bits set past its length (strict mode) */
	LF_EZONE    = -1011, /* IPv6 address carries a zone id */
	LF_EFORMAT  = -1012, /* input format not recognised */
	LF_EEXPIRED = -1013, /* valid_until in the past, or revoked */
	LF_ECHECKSUM = -1014, /* checksum or signature mismatch */
	LF_EAUTH    = -1015, /* authentication or authorisation failure */
	LF_ESTATE   = -1016, /* call not valid in the object's current state */
};

/*
 * Return a static, human-readable description of any error code this
 * project produces (domain codes and negative errno). Never NULL.
 * Thread-safe.
 */
const char *lf_strerror(int err);

#endif
