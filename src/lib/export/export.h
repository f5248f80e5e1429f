/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.h — blocklist exporters: from an indicator set to the text that
 * firewalls, resolvers and other tools load.
 *
 * An export is a pure function of (indicator set, allowlists, options): it
 * reads the set, writes the file into an lf_buf and fills a report that
 * accounts for every indicator it did not write. The hub serves one per
 * subscriber, the CLI writes them to files. Nothing here does I/O or keeps
 * state between calls; the output for the same inputs (including
 * opts->now) is byte-for-byte the same.
 *
 * The pipeline (docs/export.md has the long form):
 *
 *   select   indicators of the wanted types that are active at `now`
 *            (lf_iocset_active), within the TLP ceiling and whose effective
 *            confidence (lf_iocset_confidence) is >= min_confidence;
 *            values the format cannot express are counted and dropped
 *   dedupe   one entry per canonical value (per exported form: an EDL URL
 *            has no scheme, so http:// and https:// variants are one
 *            line); the highest confidence wins, sources and labels are
 *            united, the most restrictive TLP is kept
 *   allow    IP entries lose the address space of every DROP allowlist
 *            (lf_cidr_subtract: an allowed /24 cuts a hole in a listed
 *            /16, leaving the minimal covering prefixes, each inheriting
 *            the entry's confidence); other types are dropped when
 *            lf_allow_check says a DROP list covers them; WARN lists are
 *            only counted; everything is counted per allowlist
 *   trim     when max_entries is set, keep the highest-confidence entries
 *            (ties: type, then value order) such that the written count
 *            fits; with `aggregate` (or the covered-prefix removal that
 *            nft needs) the count that must fit is the compacted one
 *   write    sorted, deterministic output in the format's syntax
 *
 * Formats and the types they take (0 in opts->types = the natural set):
 *
 *   edl    one type per list: IP (natural), DOMAIN or URL   PAN-OS/FortiOS
 *   nft    IP                                               nft -f
 *   ipset  IP                                               ipset restore
 *   rpz    DOMAIN (natural), and IP as rpz-ip triggers      Unbound/BIND
 *   hosts  DOMAIN                                           /etc/hosts
 *   csv    any (natural: all)                               spreadsheets
 *   stix   any (natural: all)                               STIX 2.1 bundle
 *
 * Thread-safety: lf_export only reads the set and allowlists, so any
 * number of exports may run at once on one built (read-only) set.
 */
#ifndef LF_EXPORT_EXPORT_H
#define LF_EXPORT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/time.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

struct lf_allow;

enum lf_export_format {
	LF_EXPORT_EDL = 0,
	LF_EXPORT_NFT,
	LF_EXPORT_IPSET,
	LF_EXPORT_RPZ,
	LF_EXPORT_HOSTS,
	LF_EXPORT_CSV,
	LF_EXPORT_STIX,
	LF_EXPORT__COUNT
};

/* Type mask for lf_export_opts.types. */
#define LF_EXPORT_T_IP 0x01u     /* ipv4 and ipv6 */
#define LF_EXPORT_T_DOMAIN 0x02u
#define LF_EXPORT_T_URL 0x04u
#define LF_EXPORT_T_HASH 0x08u   /* md5, sha1, sha256 */
#define LF_EXPORT_T_EMAIL 0x10u
#define LF_EXPORT_T_ALL 0x1fu

/* What an RPZ trigger does (draft-vixie-dnsop-dns-rpz §3). */
enum lf_rpz_policy {
	LF_RPZ_NXDOMAIN = 0, /* CNAME .        : the name does not exist */
	LF_RPZ_NODATA,       /* CNAME *.       : the name has no data */
	LF_RPZ_DROP,         /* CNAME rpz-drop.: no answer at all */
	LF_RPZ__COUNT
};

/* lf_export_opts.flags */
#define LF_EXPORT_F_NFT_RULES 0x01u /* nft: also input/forward/output chains
				       with drop rules on the sets */

/* Every field's zero value is its default. */
struct lf_export_opts {
	enum lf_export_format format;
	unsigned types;           /* LF_EXPORT_T_*; 0 = the format's natural set */
	unsigned flags;           /* LF_EXPORT_F_* */
	int aggregate;            /* IP formats: minimal covering prefixes */
	uint8_t min_confidence;   /* 0..100 */
	enum lf_tlp max_tlp;      /* LF_TLP_UNSET = no ceiling; else indicators
				     above it are left out (unset TLP counts
				     as AMBER) */
	size_t max_entries;       /* 0 = no limit; counts written entries */
	lf_time_t now;            /* 0 = lf_time_now() */
	const char *name;         /* nft table / ipset set / RPZ zone / STIX
				     producer; NULL = "lianfang" (RPZ:
				     "rpz.lianfang.") */
	enum lf_rpz_policy rpz_policy;
	const char *rpz_soa_mname; /* NULL = "localhost." */
	const char *rpz_soa_rname; /* NULL = "hostmaster.localhost." */
	uint32_t rpz_ttl;         /* 0 = 300 seconds */
	uint32_t serial;          /* RPZ SOA serial; 0 = now in Unix seconds
				     (mod 2^32) */
};

/* What one allowlist did to an export; parallel to the lf_allow lists. */
struct lf_export_list_stat {
	size_t removed;   /* entries it removed entirely (DROP lists) */
	size_t cut;       /* IP entries it cut holes into, but kept */
	uint64_t addrs4;  /* IPv4 addresses it took out */
	double addrs6;    /* IPv6 addresses it took out (53-bit precision) */
	size_t warned;    /* entries it covers or overlaps (WARN lists); kept */
};

struct lf_export_report {
	size_t considered;       /* indicators of the wanted types */
	size_t inactive;         /* of those, not active at now: */
	size_t revoked, noids, not_yet_valid, expired, decayed;
	size_t above_tlp;        /* over max_tlp */
	size_t below_confidence; /* under min_confidence */
	size_t unexpressible;    /* the format cannot state them (EDL: non-HTTP
				    URL; RPZ: names too long or inside rpz-*
				    trigger space) */
	size_t selected;         /* passed all of the above */
	size_t duplicates;       /* merged into another with the same value */
	size_t narrowed;         /* written only in part (hosts: a "*.name"
				    indicator becomes just "name") */
	size_t allow_dropped;    /* entries removed by DROP allowlists */
	size_t allow_cut;        /* IP entries that lost part of their range */
	size_t allow_warned;     /* entries a WARN list covers; kept */
	size_t n_lists;          /* = lf_allow_count(allow), 0 without */
	struct lf_export_list_stat *lists; /* malloc'd; lf_export_report_free */
	size_t candidates;       /* entries after allowlists, before trimming */
	size_t cut_by_max;       /* entries left out by max_entries */
	uint8_t cut_min_kept_conf; /* when cut: lowest confidence still kept */
	size_t aggregated_from;  /* IP prefixes before aggregation... */
	size_t aggregated_to;    /* ...and after (0/0 when not aggregating) */
	size_t redundant;        /* IP prefixes left out because another
				    listed prefix covers them (edl/nft/ipset/
				    rpz without aggregation) */
	size_t written;          /* entries in the output: lines, records or
				    STIX indicators (headers not counted) */
};

/*
 * Export `set` filtered by `allow` (may be NULL) per `o`, appending the
 * text to `out` and filling `rep` (which lf_export initialises; free it
 * with lf_export_report_free whatever the result). On failure `out` is
 * restored to its length on entry.
 *
 * Returns 0; -EINVAL (a bad option: unknown format, min_confidence > 100,
 * a name the format cannot carry); LF_EUNSUP (types the format cannot
 * hold, or several types in one EDL, or aggregate with csv/stix);
 * LF_ELIMIT (out's maximum reached, or more than LF_EXPORT_IPSET_MAXELEM
 * ipset elements); -ENOMEM. Reads set and allow only; thread-safe as
 * long as nobody modifies them.
 */
int lf_export(const struct lf_iocset *set, const struct lf_allow *allow,
	      const struct lf_export_opts *o, struct lf_buf *out,
	      struct lf_export_report *rep);

/* Free what lf_export allocated in rep (safe on a zeroed report). */
void lf_export_report_free(struct lf_export_report *rep);

/* "edl", "nft", "ipset", "rpz", "hosts", "csv", "stix"; "" if unknown. */
const char *lf_export_format_name(enum lf_export_format f);

/* Parse a format name (case-insensitive) from s[0..n). 0 or LF_EMALF. */
int lf_export_format_parse(const char *s, size_t n,
			   enum lf_export_format *out);

/*
 * Parse a comma-separated type list from s[0..n): "ip", "domain", "url",
 * "hash", "email", "all" (case-insensitive, spaces around items allowed)
 * into an LF_EXPORT_T_* mask. 0 or LF_EMALF (unknown or empty item).
 */
int lf_export_types_parse(const char *s, size_t n, unsigned *out);

/* "nxdomain", "nodata", "drop"; parse is case-insensitive. 0 or LF_EMALF. */
const char *lf_export_rpz_policy_name(enum lf_rpz_policy p);
int lf_export_rpz_policy_parse(const char *s, size_t n,
			       enum lf_rpz_policy *out);

/* The ipset exporter creates sets with this fixed maxelem (see ip.c). */
#define LF_EXPORT_IPSET_MAXELEM 16777216u

/* "indicator--" + 36 + NUL */
#define LF_EXPORT_STIX_ID_LEN 48

/*
 * The STIX id the stix exporter gives the indicator for `value` (the
 * exported text: canonical value, "*.name" for a domain with subdomains)
 * of `type` from `producer` (opts->name): "indicator--" + the UUIDv5
 * (RFC 9562 §5.5) of "producer|type|value" in the Lianfang namespace
 * (docs/export.md). Writes a NUL-terminated id to out (cap >=
 * LF_EXPORT_STIX_ID_LEN). 0 or LF_ELIMIT.
 */
int lf_export_stix_id(const char *producer, enum lf_ioc_type type,
		      const char *value, char *out, size_t cap);

#endif
