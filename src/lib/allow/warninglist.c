/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warninglist.c — MISP warninglists (github.com/MISP/misp-warninglists)
 * into allowlists.
 *
 * The format is one JSON object:
 *
 *   { "name": "List of known IPv4 public DNS resolvers",
 *     "type": "cidr" | "hostname" | "string" | "substring" | "regex",
 *     "list": [ "8.8.8.8", ... ],
 *     "matching_attributes": [ "ip-src", "ip-dst", "domain|ip", ... ],
 *     "description": "...", "version": 20240101 }
 *
 * "type" is optional and means "string" when absent, as in MISP; so is
 * "matching_attributes", whose absence means "every attribute type" (the
 * misp-warninglists README). The MISP attribute types are mapped onto
 * indicator types below; types with no indicator counterpart
 * (x509-fingerprint-*, phone-number, ...) map to nothing, so a list that
 * names only those is loaded and counted but never matches.
 *
 * The bytes go through lf_feed_json_load, the one JSON entry point of the
 * importers: size and nesting limits first, duplicate keys refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "allow/allow.h"
#include "allow/allow_int.h"
#include "core/err.h"
#include "feed/feed.h"
#include "feed/json.h"

#define T(x) (1u << (x))
#define T_IP (T(LF_IOC_IPV4) | T(LF_IOC_IPV6))

static const struct {
	const char *attr;
	uint32_t types;
} attr_map[] = {
	{"ip-src", T_IP},
	{"ip-dst", T_IP},
	{"ip-src|port", T_IP},
	{"ip-dst|port", T_IP},
	{"domain|ip", T_IP | T(LF_IOC_DOMAIN)},
	{"domain", T(LF_IOC_DOMAIN)},
	{"hostname", T(LF_IOC_DOMAIN)},
	{"hostname|port", T(LF_IOC_DOMAIN)},
	{"url", T(LF_IOC_URL)},
	{"uri", T(LF_IOC_URL)},
	{"link", T(LF_IOC_URL)},
	{"email", T(LF_IOC_EMAIL)},
	{"email-src", T(LF_IOC_EMAIL)},
	{"email-dst", T(LF_IOC_EMAIL)},
	{"email-reply-to", T(LF_IOC_EMAIL)},
	{"target-email", T(LF_IOC_EMAIL)},
	{"whois-registrant-email", T(LF_IOC_EMAIL)},
	{"dns-soa-email", T(LF_IOC_EMAIL)},
	{"md5", T(LF_IOC_MD5)},
	{"filename|md5", T(LF_IOC_MD5)},
	{"sha1", T(LF_IOC_SHA1)},
	{"filename|sha1", T(LF_IOC_SHA1)},
	{"sha256", T(LF_IOC_SHA256)},
	{"filename|sha256", T(LF_IOC_SHA256)},
};

enum wl_type { WL_CIDR, WL_HOSTNAME, WL_STRING, WL_SUBSTRING, WL_REGEX };

static const char *const wl_type_name[] = {
	[WL_CIDR] = "cidr",         [WL_HOSTNAME] = "hostname",
	[WL_STRING] = "string",     [WL_SUBSTRING] = "substring",
	[WL_REGEX] = "regex",
};

static void seterr(char *err, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;
	if (!err || cap == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static int match_types(const json_t *root, uint32_t *types, char *err,
		       size_t errcap)
{
	const json_t *ma = json_object_get(root, "matching_attributes");
	size_t i;
	const json_t *it;

	if (!ma || json_is_null(ma)) {
		*types = LF_ALLOW_TYPES_ALL;
		return 0;
	}
	if (!json_is_array(ma)) {
		seterr(err, errcap,
		       "\"matching_attributes\" is %s, not an array",
		       lf_feed_json_type_name(ma));
		return LF_ETYPE;
	}
	*types = 0;
	json_array_foreach(ma, i, it) {
		const char *s = json_string_value(it);
		if (!s)
			continue; /* not a type name: cannot widen the list */
		for (size_t k = 0; k < sizeof(attr_map) / sizeof(attr_map[0]);
		     k++)
			if (strcmp(s, attr_map[k].attr) == 0)
				*types |= attr_map[k].types;
	}
	return 0;
}

static int list_type(const json_t *root, enum wl_type *t, char *err,
		     size_t errcap)
{
	const char *s;
	size_t n;
	int rc = lf_feed_json_get_str(root, "type", &s, &n);
	if (rc == LF_ENOENT) {
		*t = WL_STRING;
		return 0;
	}
	if (rc) {
		seterr(err, errcap, "\"type\" is not a string");
		return LF_ETYPE;
	}
	for (size_t i = 0; i < sizeof(wl_type_name) / sizeof(wl_type_name[0]);
	     i++) {
		if (strlen(wl_type_name[i]) == n &&
		    memcmp(wl_type_name[i], s, n) == 0) {
			*t = (enum wl_type)i;
			return 0;
		}
	}
	seterr(err, errcap, "unknown warninglist type \"%.40s\"", s);
	return LF_EFORMAT;
}

/* One list item into the builder: 0 staged, 1 not staged (counted), or a
 * fatal error (-ENOMEM, LF_ELIMIT). */
static int add_item(struct lf_allow_build *b, enum wl_type t, const char *s,
		    size_t n, struct lf_ioc_value *v)
{
	struct lf_prefix p;
	int rc;

	switch (t) {
	case WL_CIDR:
		rc = lf_prefix_parse(s, n, LF_PFX_STRICT, &p, NULL);
		if (rc)
			break;
		return lf_allow_build_prefix(b, &p);
	case WL_HOSTNAME:
		/* an address in a hostname list still means the address
		 * (tried first: "1.2.3.4" is also a valid name) */
		if (lf_ioc_value_parse(LF_IOC_IPV4, s, n, v) != 0 &&
		    lf_ioc_value_parse(LF_IOC_IPV6, s, n, v) != 0 &&
		    (rc = lf_ioc_value_parse(LF_IOC_DOMAIN, s, n, v)) != 0)
			break;
		rc = lf_allow_build_value(b, v, 1);
		break;
	case WL_STRING:
		rc = lf_ioc_value_parse(LF_IOC_NONE, s, n, v);
		/* a 32-hex-digit domain detects as MD5: if the list is
		 * about domains and not hashes, ask for a domain */
		if ((rc != 0 || !(b->types & (1u << v->type))) &&
		    (b->types & (1u << LF_IOC_DOMAIN)) &&
		    lf_ioc_value_parse(LF_IOC_DOMAIN, s, n, v) == 0)
			rc = 0;
		if (rc != 0) {
			/* sha512, UUIDs, phone numbers: no such indicator */
			b->stats.unsupported++;
			return 1;
		}
		rc = lf_allow_build_value(b, v, 0);
		break;
	case WL_SUBSTRING:
		rc = lf_allow_build_substring(b, s, n);
		break;
	case WL_REGEX:
	default:
		b->stats.unsupported++;
		return 1;
	}
	if (rc == 0)
		return 0;
	if (rc == -ENOMEM || rc == LF_ELIMIT)
		return rc;
	b->stats.rejected++;
	return 1;
}

int lf_allow_add_warninglist(struct lf_allow *a, const char *buf, size_t len,
			     enum lf_allow_action act,
			     const char *name_override, char *err,
			     size_t errcap)
{
	struct lf_feed_report rep;
	struct lf_allow_build b;
	struct lf_ioc_value *v = NULL;
	json_t *root = NULL;
	const json_t *list, *it;
	const char *name;
	enum wl_type t;
	uint32_t types;
	size_t i, n;
	int rc;

	seterr(err, errcap, "%s", "");
	if (!a || (!buf && len) ||
	    (act != LF_ALLOW_DROP && act != LF_ALLOW_WARN &&
	     act != LF_ALLOW_IGNORE)) {
		seterr(err, errcap, "invalid argument");
		return -EINVAL;
	}
	lf_feed_report_init(&rep);
	rc = lf_feed_json_load(buf ? buf : "", len, "warninglist", &rep, &root);
	if (rc) {
		if (rep.n_issues)
			seterr(err, errcap, "%s: %s", rep.issues[0].where,
			       rep.issues[0].reason);
		else
			seterr(err, errcap, "%s", lf_strerror(rc));
		lf_feed_report_free(&rep);
		return rc;
	}
	lf_feed_report_free(&rep);

	if (!json_is_object(root)) {
		seterr(err, errcap, "warninglist is a JSON %s, not an object",
		       lf_feed_json_type_name(root));
		rc = LF_EMALF;
		goto out;
	}
	list = json_object_get(root, "list");
	if (!list) {
		seterr(err, errcap, "no \"list\"");
		rc = LF_EMALF;
		goto out;
	}
	if (!json_is_array(list)) {
		seterr(err, errcap, "\"list\" is %s, not an array",
		       lf_feed_json_type_name(list));
		rc = LF_ETYPE;
		goto out;
	}
	if ((rc = list_type(root, &t, err, errcap)) != 0 ||
	    (rc = match_types(root, &types, err, errcap)) != 0)
		goto out;
	if (name_override) {
		name = name_override;
	} else {
		rc = lf_feed_json_get_str(root, "name", &name, &n);
		if (rc == 0 && (n == 0 || memchr(name, '\0', n))) {
			rc = LF_EMALF;
		}
		if (rc) {
			seterr(err, errcap, "\"name\" %s",
			       rc == LF_ETYPE ? "is not a string"
					      : "is missing or empty");
			rc = rc == LF_ETYPE ? LF_ETYPE : LF_EMALF;
			goto out;
		}
	}

	if ((rc = lf_allow_build_begin(a, name, act, types, &b)) != 0) {
		seterr(err, errcap, "list \"%.200s\": %s", name,
		       lf_strerror(rc));
		goto out;
	}
	v = malloc(sizeof(*v));
	if (!v) {
		lf_allow_build_abort(&b);
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(list, i, it) {
		const char *s = json_string_value(it);
		b.stats.entries++;
		if (!s) {
			b.stats.rejected++;
			continue;
		}
		size_t sn = json_string_length(it);
		if (sn > LF_IOC_VALUE_MAX) {
			b.stats.rejected++;
			continue;
		}
		rc = add_item(&b, t, s, sn, v);
		if (rc < 0) {
			lf_allow_build_abort(&b);
			seterr(err, errcap, "list \"%.200s\": %s", name,
			       lf_strerror(rc));
			goto out;
		}
	}
	if ((rc = lf_allow_build_commit(&b)) != 0) {
		seterr(err, errcap, "list \"%.200s\": %s", name,
		       lf_strerror(rc));
		goto out;
	}
	if (t == WL_REGEX) {
		seterr(err, errcap,
		       "regex warninglists are not supported; list kept empty");
		rc = LF_EUNSUP;
	}
out:
	free(v);
	json_decref(root);
	return rc;
}
