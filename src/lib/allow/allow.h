/* SPDX-License-Identifier: Apache-2.0 */
/*
 * allow.h — allowlists: what a feed must never make us block.
 *
 * An lf_allow is an ordered collection of named lists. Each list has an
 * action, set when it is added and changeable by name:
 *
 *   DROP    an indicator it covers is left out of every export, and its
 *           prefixes are cut out of exported IP prefixes (lf_cidr_subtract);
 *   WARN    the indicator is exported, and the hit is reported;
 *   IGNORE  the list is loaded (and counted) but never consulted.
 *
 * Lists come from three places: the built-in defaults (special-purpose
 * addresses, RFC 6890 and its updates, and special-use domain names, RFC
 * 6761 and its updates — see docs/allowlists.md for every entry and why),
 * operator lists (one address, prefix or domain per line), and MISP
 * warninglists (JSON; cidr, hostname, string and substring lists; regex
 * lists load empty and are reported unsupported).
 *
 * What a list entry covers, by kind:
 *   prefix      every IP value inside it, and URLs whose host is an
 *               address inside it (a value is covered only when the whole
 *               indicator prefix is inside the list's union);
 *   name        a domain and all its subdomains (hostname warninglists,
 *               domains in operator lists, the rfc6761 defaults), and the
 *               host of a URL;
 *   exact       one canonical value of one type (string warninglists:
 *               domains, URLs, e-mail addresses, hashes; "arpa" and
 *               friends in the defaults). A domain indicator for
 *               "*.example.com" is covered by an exact "example.com":
 *               blocking it would block that name;
 *   substring   any domain, URL or e-mail whose canonical text contains it
 *               (ASCII case-insensitive; MISP "substring" lists).
 * A warninglist that names its matching_attributes applies only to the
 * indicator types those map to (ip-src/ip-dst → IPv4/IPv6, domain/hostname
 * → domain, url/uri/link → URL, email-* → e-mail, md5/sha1/sha256 and
 * their filename| forms → that hash); without them, to every type, like
 * MISP. Defaults and operator lists apply to every type.
 *
 * Layout: every list is built completely by the call that adds it and is
 * immutable afterwards, so lookups need no separate "freeze" step and an
 * lf_allow is safe to query from any number of threads once the adding is
 * done (adding or lf_allow_set_action concurrently with queries is not).
 * Names and exact values of all lists share one open-addressing hash table
 * (XXH3 over the canonical text; an entry records its list) behind a Bloom
 * filter, so a domain costs one probe per label whatever the number of
 * lists, and a miss usually not even that. Each list keeps its prefixes
 * aggregated (lf_cidr_aggregate) as sorted ranges searched by bisection
 * (through a /16 bucket index for big IPv4 lists), behind a prefilter
 * holding the union of every list: an address that no list covers — the
 * common case — costs one short bisection. Substring lists are
 * Aho–Corasick automata, linear in the text.
 *
 * Limits: at most LF_ALLOW_MAX_LISTS lists, LF_ALLOW_MAX_ENTRIES entries in
 * all, LF_ALLOW_MAX_POOL bytes of names, inputs of at most
 * LF_FEED_MAX_INPUT bytes; past one of them an add returns LF_ELIMIT and
 * adds nothing. Memory is linear in the input.
 */
#ifndef LF_ALLOW_ALLOW_H
#define LF_ALLOW_ALLOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "ioc/ioc.h"

enum lf_allow_action { LF_ALLOW_DROP = 0, LF_ALLOW_WARN, LF_ALLOW_IGNORE };

#define LF_ALLOW_MAX_LISTS 1024
#define LF_ALLOW_MAX_ENTRIES ((size_t)1 << 25) /* 32 M, all lists together */
#define LF_ALLOW_MAX_POOL ((size_t)1 << 31)    /* bytes of names/values */

/* The list index lf_allow_prefixes takes for "every DROP list at once". */
#define LF_ALLOW_DROP_UNION ((size_t)-1)

/* The names of the two built-in lists. */
#define LF_ALLOW_RFC6890 "rfc6890"
#define LF_ALLOW_RFC6761 "rfc6761"

struct lf_allow;

/* What loading one list found; for reports and tests. */
struct lf_allow_stats {
	size_t entries;     /* lines with content / JSON list items seen */
	size_t prefixes;    /* IP entries accepted */
	size_t prefixes_agg; /* after aggregation: searched, subtracted */
	size_t names;       /* domain-and-subdomains entries */
	size_t exact;       /* exact values */
	size_t substrings;  /* substring patterns */
	size_t duplicates;  /* accepted entries already in the same list */
	size_t rejected;    /* entries that did not parse (bad lines) */
	size_t unsupported; /* regex entries; values of types we cannot match */
	uint32_t types;     /* bit 1u << lf_ioc_type per type it applies to */
};

/* Create an empty collection. 0 or -ENOMEM. */
int lf_allow_new(struct lf_allow **out);
/* Free it and everything it owns. NULL is fine. */
void lf_allow_free(struct lf_allow *a);

/*
 * Add the built-in lists "rfc6890" (special-purpose IPv4/IPv6 blocks that
 * are not globally reachable, RFC 6890 registries as updated; multicast)
 * and "rfc6761" (special-use domain names), both with action DROP. The
 * exact entries and the reasons are in docs/allowlists.md and allow.c.
 * Returns 0, LF_EEXIST (a list of either name exists; nothing added),
 * LF_ELIMIT or -ENOMEM.
 */
int lf_allow_add_defaults(struct lf_allow *a);

/*
 * Add an operator list `name` from buf[0..len): one entry per line, an IPv4
 * or IPv6 address or prefix, or a domain (which allows itself and every
 * name below it; a leading "*." is accepted). A URL, e-mail address or
 * hash is taken as an exact value. Blank lines and comments ('#' or ';'
 * at the start of a line or after whitespace) are skipped. A line that
 * does not parse, or a prefix with host bits set ("10.1.2.3/8" — an
 * allowlist is never made wider than written), is not added and counted
 * in *bad_lines (may be NULL; lf_allow_stats has the count too).
 * Returns 0 (also when some lines were bad), LF_EEXIST (name in use),
 * LF_ELIMIT, -EINVAL (name NULL or empty, act invalid) or -ENOMEM; on
 * error nothing is added.
 */
int lf_allow_add_list(struct lf_allow *a, const char *name,
		      enum lf_allow_action act, const char *buf, size_t len,
		      size_t *bad_lines);

/*
 * Add a MISP warninglist (JSON object with "list", "type", "name",
 * optional "matching_attributes"; "type" defaults to "string" as in MISP).
 * type cidr → prefixes; hostname → names (domain and subdomains; an IP
 * entry becomes a prefix); string → exact canonical values from
 * lf_ioc_value_parse (IP entries become prefixes); substring → substring
 * patterns; regex → the list is added empty and LF_EUNSUP returned. The
 * list is named by name_override if not NULL, else by "name". Entries
 * that do not parse are counted (lf_allow_stats), not fatal. Duplicate
 * JSON keys are refused (an ambiguous list is not trusted), nesting is
 * limited to LF_FEED_MAX_DEPTH, strings to LF_IOC_VALUE_MAX bytes.
 * On any return but 0 and LF_EUNSUP nothing was added, and a reason is
 * written to err (NUL-terminated, truncated to errcap; err may be NULL
 * when errcap is 0); on 0 err is "".
 * Returns 0, LF_EUNSUP (regex list, added empty), LF_EMALF (not JSON, not
 * an object, no "list" array), LF_ETYPE (a key of the wrong JSON type),
 * LF_EFORMAT (unknown "type"), LF_EDEPTH, LF_EEXIST, LF_ELIMIT, -EINVAL or
 * -ENOMEM.
 */
int lf_allow_add_warninglist(struct lf_allow *a, const char *buf, size_t len,
			     enum lf_allow_action act,
			     const char *name_override, char *err,
			     size_t errcap);

/*
 * Change the action of the list called name. Returns 0, LF_ENOENT (no
 * such list), -EINVAL (bad action) or -ENOMEM (the DROP union could not be
 * rebuilt; the action is then unchanged).
 */
int lf_allow_set_action(struct lf_allow *a, const char *name,
			enum lf_allow_action act);

/* Index of the list called name into *list. 0 or LF_ENOENT. */
int lf_allow_find(const struct lf_allow *a, const char *name, size_t *list);

/* Number of lists; name and action of list i (i < count; NULL and
 * LF_ALLOW_IGNORE past the end). Lists keep the order they were added in. */
size_t lf_allow_count(const struct lf_allow *a);
const char *lf_allow_name(const struct lf_allow *a, size_t i);
enum lf_allow_action lf_allow_action_of(const struct lf_allow *a, size_t i);

/* What loading list i found. 0 or LF_ENOENT. */
int lf_allow_stats(const struct lf_allow *a, size_t i,
		   struct lf_allow_stats *st);

/*
 * Is the canonical value v (from lf_ioc_value_parse) covered by a list
 * whose action is not IGNORE and which applies to v's type? On a hit,
 * *list is the first (lowest index) DROP list covering it or, if only
 * WARN lists do, the first of those, and *act its action; either pointer
 * may be NULL. What "covers" means per entry kind is above: for an IP
 * value, the whole prefix must lie inside the list's union; for a domain,
 * the name or a parent is a name entry, or it is an exact entry, or it
 * contains a substring entry; for a URL, exact or substring, or its host
 * covered as a domain or address; e-mail and hashes, exact (and substring
 * for e-mail). Returns 0 on a hit, LF_ENOENT if none. Thread-safe.
 */
int lf_allow_check(const struct lf_allow *a, const struct lf_ioc_value *v,
		   size_t *list, enum lf_allow_action *act);

/*
 * The aggregated prefixes of list `list` (both families, sorted as
 * lf_cidr_aggregate leaves them), whatever its action — for reporting what
 * each allowlist removed — or, with list == LF_ALLOW_DROP_UNION, the
 * aggregate of every list whose action is DROP, for lf_cidr_subtract from a
 * blocklist. The array belongs to a and stays valid until the next add or
 * lf_allow_set_action. *p may be NULL when *n is 0. Returns 0 or
 * LF_ENOENT (no such list).
 */
int lf_allow_prefixes(const struct lf_allow *a, size_t list,
		      const struct lf_prefix **p, size_t *n);

#endif
