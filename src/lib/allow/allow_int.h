/* SPDX-License-Identifier: Apache-2.0 */
/*
 * allow_int.h — internal to src/lib/allow: the list builder that
 * allow.c (defaults, operator lists) and warninglist.c (MISP JSON) share.
 * Not for other modules.
 *
 * A list is staged in a builder and becomes visible only at commit, which
 * cannot half-succeed: every allocation that commit needs is made before
 * the first change to the lf_allow, and abort undoes the staging. So an
 * add either adds one whole list or nothing.
 */
#ifndef LF_ALLOW_ALLOW_INT_H
#define LF_ALLOW_ALLOW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "allow/allow.h"
#include "core/addr.h"
#include "ioc/ioc.h"

/* Every indicator type we can check. */
#define LF_ALLOW_TYPES_ALL                                                    \
	((1u << LF_IOC_IPV4) | (1u << LF_IOC_IPV6) | (1u << LF_IOC_DOMAIN) |  \
	 (1u << LF_IOC_URL) | (1u << LF_IOC_MD5) | (1u << LF_IOC_SHA1) |      \
	 (1u << LF_IOC_SHA256) | (1u << LF_IOC_EMAIL))

struct allow_staged; /* one staged name or exact value (allow.c) */

struct lf_allow_build {
	struct lf_allow *a;
	char *name;
	enum lf_allow_action act;
	uint32_t types;
	size_t pool_mark; /* pool length at begin: abort truncates to it */
	struct lf_prefix *pfx;
	size_t npfx, cap_pfx;
	struct allow_staged *st;
	size_t nst, cap_st;
	char *sub;            /* substring patterns, each followed by NUL */
	size_t sub_len, sub_cap;
	struct lf_allow_stats stats;
};

/*
 * Start a list. Returns 0, LF_EEXIST (name in use), LF_ELIMIT (too many
 * lists), -EINVAL (empty name, bad action) or -ENOMEM. After 0, exactly
 * one of commit/abort must follow.
 */
int lf_allow_build_begin(struct lf_allow *a, const char *name,
			 enum lf_allow_action act, uint32_t types,
			 struct lf_allow_build *b);
/* Stage one entry. 0, LF_ELIMIT or -ENOMEM (LF_EMALF for an empty
 * substring, which would match everything). Counts in b->stats. */
int lf_allow_build_prefix(struct lf_allow_build *b, const struct lf_prefix *p);
int lf_allow_build_name(struct lf_allow_build *b, const char *s, size_t n);
int lf_allow_build_exact(struct lf_allow_build *b, enum lf_ioc_type type,
			 const char *s, size_t n);
int lf_allow_build_substring(struct lf_allow_build *b, const char *s,
			     size_t n);
/* Stage a parsed value: IP → prefix (masked ones are rejected), domain →
 * name when as_name (else exact), anything else → exact. */
int lf_allow_build_value(struct lf_allow_build *b,
			 const struct lf_ioc_value *v, int as_name);
/*
 * Substring search (substr.c). Build from pats[0..len): NUL-terminated
 * lowercase patterns back to back, none empty. 0, LF_ELIMIT or -ENOMEM.
 * Match: 1 if any pattern occurs in s[0..n) (ASCII case folded), else 0;
 * read-only, thread-safe. Free takes NULL.
 */
struct lf_allow_ac;
int lf_allow_ac_build(const char *pats, size_t len, struct lf_allow_ac **out);
int lf_allow_ac_match(const struct lf_allow_ac *m, const char *s, size_t n);
void lf_allow_ac_free(struct lf_allow_ac *m);

/* Make the list visible. 0, LF_ELIMIT or -ENOMEM (then as abort). */
int lf_allow_build_commit(struct lf_allow_build *b);
void lf_allow_build_abort(struct lf_allow_build *b);

#endif
