/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ioc.h — the indicator model, shared by every part of Lianfang.
 *
 * An indicator says "this value is bad, according to this source, with this
 * confidence, under this TLP, for this period". The value is kept in one
 * canonical text form (see lf_ioc_value_parse) so that equal things compare
 * equal byte for byte, whatever the feed wrote:
 *
 *   ipv4/ipv6  "a.b.c.d/len" / RFC 5952 "x::y/len" (host prefixes too carry
 *              their /32 or /128) plus the binary prefix in `pfx`
 *   domain     lowercase A-labels, no trailing dot; `LF_IOC_F_SUBDOMAINS`
 *              when it also covers every name below it
 *   url        normalised per RFC 3986 §6.2.2 (see lf_ioc_url_normalize)
 *   md5/sha1/sha256  lowercase hex
 *   email      lowercase "local@domain" (domain in A-labels)
 *
 * Strings (value, ref, labels, kill_chain) are owned by whoever holds the
 * struct: an lf_iocset copies them into its arena on add.
 */
#ifndef LF_IOC_IOC_H
#define LF_IOC_IOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/time.h"

enum lf_ioc_type {
	LF_IOC_NONE = 0, /* "detect" when used as a hint */
	LF_IOC_IPV4,
	LF_IOC_IPV6,
	LF_IOC_DOMAIN,
	LF_IOC_URL,
	LF_IOC_MD5,
	LF_IOC_SHA1,
	LF_IOC_SHA256,
	LF_IOC_EMAIL,
	LF_IOC__COUNT
};

/* TLP 2.0 (FIRST). TLP 1.0 WHITE maps to CLEAR. */
enum lf_tlp {
	LF_TLP_UNSET = 0,
	LF_TLP_CLEAR,
	LF_TLP_GREEN,
	LF_TLP_AMBER,
	LF_TLP_AMBER_STRICT,
	LF_TLP_RED,
	LF_TLP__COUNT
};

#define LF_CONF_UNSET 255 /* no confidence given: the source default applies */

#define LF_IOC_F_SUBDOMAINS 0x01 /* domain: covers every name below it */
#define LF_IOC_F_REVOKED 0x02    /* withdrawn by its producer: never matches */
#define LF_IOC_F_NOIDS 0x04      /* MISP to_ids=false: context, not detection */

/* Longest canonical value accepted (URLs are the long ones). */
#define LF_IOC_VALUE_MAX 2048
#define LF_DOMAIN_MAX 253

struct lf_ioc {
	uint8_t type;       /* enum lf_ioc_type */
	uint8_t tlp;        /* enum lf_tlp */
	uint8_t confidence; /* 0..100, or LF_CONF_UNSET */
	uint8_t flags;      /* LF_IOC_F_* */
	uint16_t source;    /* index into the owning set's source table */
	struct lf_prefix pfx; /* IP types only */
	const char *value;  /* canonical text, NUL-terminated */
	const char *ref;    /* STIX id, MISP uuid, or "file:line"; may be NULL */
	const char *labels; /* comma-separated labels/tags; may be NULL */
	const char *kill_chain; /* comma-separated "chain:phase"; may be NULL */
	lf_time_t valid_from;  /* LF_TIME_MIN if unbounded */
	lf_time_t valid_until; /* LF_TIME_MAX if unbounded */
};

/* Canonical value produced by lf_ioc_value_parse. */
struct lf_ioc_value {
	enum lf_ioc_type type;
	struct lf_prefix pfx; /* IP types */
	int masked;           /* IP: host bits past the length were cleared */
	int subdomains;       /* domain: written as "*.name" or ".name" */
	size_t len;
	char text[LF_IOC_VALUE_MAX + 1];
};

/* "ipv4", "ipv6", "domain", "url", "md5", "sha1", "sha256", "email". */
const char *lf_ioc_type_name(enum lf_ioc_type t);
/* Accepts the names above, case-insensitive; LF_EMALF for anything else. */
int lf_ioc_type_parse(const char *s, size_t n, enum lf_ioc_type *out);

/* "clear", "green", "amber", "amber+strict", "red"; "" for unset. */
const char *lf_tlp_name(enum lf_tlp t);
/*
 * Accepts "clear|white|green|amber|amber+strict|red", optionally prefixed
 * "tlp:" , case-insensitive. Returns 0 or LF_EMALF.
 */
int lf_tlp_parse(const char *s, size_t n, enum lf_tlp *out);

/*
 * Parse and normalise one value. With hint LF_IOC_NONE the type is
 * detected: IP address or prefix, then URL (has "scheme://"), e-mail
 * (one '@'), hash (32/40/64 hex digits), domain. With a hint only that
 * type is tried. IPv4 hint accepts only v4 (likewise v6); a hash hint
 * checks the length. Domains accept a leading "*." or "." meaning
 * "and subdomains" (out->subdomains = 1) and Unicode labels, converted
 * to A-labels (IDNA2008 via libidn2).
 *
 * Returns 0, LF_EMALF (not a valid value of any/the type), LF_ELIMIT (longer
 * than LF_IOC_VALUE_MAX), LF_EZONE (IPv6 zone id), LF_ERANGE (prefix
 * length), LF_EUNSUP (valid but unsupported forms: quoted e-mail local
 * parts, user@[address], IPvFuture URL hosts) or -EINVAL (misuse: NULL out,
 * NULL input with a length, hint out of range). On failure *out is empty
 * (type LF_IOC_NONE, len 0). Pure and thread-safe.
 */
int lf_ioc_value_parse(enum lf_ioc_type hint, const char *s, size_t n,
		       struct lf_ioc_value *out);

/*
 * Normalise a domain name into out (cap >= LF_DOMAIN_MAX + 1): lowercase,
 * one trailing dot dropped, U-labels to A-labels, labels 1..63 octets of
 * [a-z0-9-_], total <= 253. Returns the length, LF_EMALF, LF_ELIMIT (cap
 * too small) or -EINVAL.
 */
int lf_ioc_domain_normalize(const char *s, size_t n, char *out, size_t cap);

/*
 * Normalise an absolute URL (RFC 3986 §6.2.2 syntax-based normalisation
 * plus §6.2.3 scheme-based): scheme and host lowercased, host in A-labels,
 * default port removed (http 80, https 443, ftp 21, ws 80, wss 443),
 * percent-encoding of unreserved characters decoded and the rest uppercase
 * hex, dot segments removed (§5.2.4), empty path of http(s) -> "/", the
 * fragment dropped. Returns the length, LF_EMALF, LF_ELIMIT, LF_EZONE,
 * LF_EUNSUP or -EINVAL.
 */
int lf_ioc_url_normalize(const char *s, size_t n, char *out, size_t cap);

#endif
