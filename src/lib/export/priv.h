/* SPDX-License-Identifier: Apache-2.0 */
/*
 * priv.h — what the export pipeline (select.c) and the format writers
 * (ip.c, dns.c, csv.c, stix.c) share. Not for use outside src/lib/export.
 *
 * The pipeline turns the indicator set into two sorted lists that the
 * writers print:
 *
 *   cand[]  every selected indicator (its set index, effective confidence
 *           and where its exported key starts in its value), sorted by
 *           (type, key, confidence desc, index): the members of one
 *           deduplicated entry are a contiguous run, best first.
 *   ent[]   the entries to write, in output order (type, then prefix or
 *           key). An entry points at its run in cand[]; an IP entry carries
 *           its own prefix, which after allowlist subtraction may be a
 *           piece of the indicator's prefix.
 *   ip[]    for formats that write IP addresses as one compacted prefix
 *           list (edl, nft, ipset, rpz): the kept IP entries' prefixes,
 *           aggregated or stripped of covered prefixes, sorted; ent[] then
 *           holds only the other types.
 */
#ifndef LF_EXPORT_PRIV_H
#define LF_EXPORT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/buf.h"
#include "export/export.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

struct lf_xcand {
	const struct lf_ioc *ioc;
	size_t idx;    /* lf_iocset_get index (ties are broken by it) */
	uint16_t koff; /* exported key = ioc->value + koff */
	uint8_t conf;  /* effective confidence at now */
};

struct lf_xent {
	struct lf_prefix pfx; /* IP types: the range written */
	uint32_t first, n;    /* members: cand[first .. first + n) */
	uint8_t type;         /* enum lf_ioc_type */
	uint8_t conf;         /* highest member confidence */
	uint8_t sub;          /* domain: some member covers subdomains */
	uint8_t weight;       /* output entries it takes (non-IP) */
};

struct lf_xctx {
	const struct lf_iocset *set;
	const struct lf_export_opts *o;
	struct lf_export_report *rep;
	struct lf_buf *out;
	lf_time_t now;
	unsigned types;     /* resolved type mask */
	const char *name;   /* resolved opts->name */
	char zone[LF_DOMAIN_MAX + 1]; /* rpz: normalised zone, no final dot */
	const struct lf_xcand *cand;
	const struct lf_xent *ent;
	size_t n_ent;
	const struct lf_prefix *ip;
	size_t n_ip;
};

/* Per-format rules the pipeline consults. */
struct lf_xfmt {
	unsigned natural;  /* types when opts->types is 0 */
	unsigned allowed;  /* types the format can hold */
	int one_type;      /* at most one LF_EXPORT_T_* bit (EDL) */
	int compact_ip;    /* IPs written as one compacted prefix list */
	int split_zero;    /* a /0 is written as its two /1 halves */
	/* Check and resolve options (c->name, c->zone). 0 or -EINVAL. */
	int (*prepare)(struct lf_xctx *c);
	/*
	 * Can the format state this indicator? Return 1 and set *koff (where
	 * the exported key starts in ioc->value), or 0 (counted as
	 * unexpressible). NULL = everything, koff 0.
	 */
	int (*express)(const struct lf_xctx *c, const struct lf_ioc *ioc,
		       uint16_t *koff);
	/*
	 * Output entries a non-IP entry takes (0 = cannot be written), and
	 * whether only part of it can be (*narrowed). NULL = 1, not narrowed.
	 */
	unsigned (*weight)(const struct lf_xctx *c, const struct lf_xent *e,
			   int *narrowed);
	int (*write)(struct lf_xctx *c);
};

extern const struct lf_xfmt lf_export_fmt_edl, lf_export_fmt_nft,
	lf_export_fmt_ipset, lf_export_fmt_rpz, lf_export_fmt_hosts,
	lf_export_fmt_csv, lf_export_fmt_stix;

/*
 * sizes[k] = output entries the top k entries of the ranking order[0..n)
 * take, for k = 0..n (trim.c). 0 or -ENOMEM.
 */
int lf_export_trim_sizes(const struct lf_xent *ent, const size_t *order,
			 size_t n, int compact_ip, int aggregate,
			 int split_zero, size_t *sizes);

/* The best member's indicator and the entry's exported key. */
const struct lf_ioc *lf_export_rep_ioc(const struct lf_xctx *c,
				       const struct lf_xent *e);
const char *lf_export_key(const struct lf_xctx *c, const struct lf_xent *e);

/* LF_EXPORT_T_* bit of an indicator type (0 for none). */
unsigned lf_export_type_bit(enum lf_ioc_type t);

/*
 * RFC 3339 text of t with as few fraction digits (0, 3, 6) as keep it
 * exact, or fixed `digits` if digits >= 0. Returns the length or < 0.
 */
int lf_export_time(lf_time_t t, int digits, char *buf, size_t cap);

/* A borrowed string slice. */
struct lf_xtok {
	const char *s;
	size_t n;
};

/* What an entry's members say together (csv, stix). */
struct lf_xmerged {
	enum lf_tlp tlp;         /* most restrictive */
	struct lf_xtok *sources; /* source names, sorted, unique */
	size_t n_sources;
	struct lf_xtok *labels;  /* labels, sorted, unique */
	size_t n_labels;
};

/* Fill m for e (free with lf_export_merged_free). 0 or -ENOMEM. */
int lf_export_merge(const struct lf_xctx *c, const struct lf_xent *e,
		    struct lf_xmerged *m);
void lf_export_merged_free(struct lf_xmerged *m);

/*
 * The value as intelligence formats write it: canonical prefix ("/32"
 * included), "*.name" for a domain with subdomains, else the key.
 * Returns the length or LF_ELIMIT.
 */
int lf_export_value_text(const struct lf_xctx *c, const struct lf_xent *e,
			 char *buf, size_t cap);

/* Prefix text for blocklists: "a.b.c.d" for a host, else "a.b.c.d/len". */
int lf_export_prefix_text(const struct lf_prefix *p, char *buf, size_t cap);

#endif
