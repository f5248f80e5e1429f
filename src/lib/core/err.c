/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "core/err.h"

static const char *const domain_msg[] = {
	[0] = "malformed input",
	[1] = "input truncated",
	[2] = "value out of range",
	[3] = "limit reached",
	[4] = "not supported",
	[5] = "not found",
	[6] = "already exists",
	[7] = "nesting too deep",
	[8] = "syntax error",
	[9] = "wrong type",
	[10] = "prefix has host bits set",
	[11] = "IPv6 zone id not allowed",
	[12] = "unknown format",
	[13] = "expired or revoked",
	[14] = "checksum mismatch",
	[15] = "not authorised",
	[16] = "invalid in current state",
};

const char *lf_strerror(int err)
{
	if (err == 0)
		return "success";
	if (err <= LF_EMALF) {
		long i = (long)LF_EMALF - err;
		if (i < (long)(sizeof(domain_msg) / sizeof(domain_msg[0])) &&
		    domain_msg[i])
			return domain_msg[i];
		return "unknown error";
	}
	if (err < 0) {
		/* strerror is not thread-safe in general but glibc's returns a
		 * static string for known codes; strerrordesc_np is thread-safe. */
		const char *s = strerrordesc_np(-err);
		return s ? s : "unknown system error";
	}
	return "unknown error";
}
