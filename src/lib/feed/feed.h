/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.h — importers: turn a feed file (a buffer) into indicators.
 *
 * Every importer is a pure function of (buffer, options) that adds to an
 * lf_iocset and fills an lf_feed_report. One bad entry never stops an
 * import: it is recorded in the report with where it was (file:line or
 * STIX/MISP id) and why, and the rest goes on. Only a file that cannot be
 * parsed at all (not JSON where JSON is required, unknown format) makes the
 * importer return an error (LF_EMALF / LF_EFORMAT) — after adding nothing.
 *
 * Limits: a report keeps at most LF_FEED_MAX_ISSUES issue records (the rest
 * are only counted); JSON nesting depth, string length and pattern length
 * are bounded (LF_FEED_MAX_DEPTH, LF_IOC_VALUE_MAX, LF_STIX_PATTERN_MAX).
 */
#ifndef LF_FEED_FEED_H
#define LF_FEED_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/time.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

#define LF_FEED_MAX_ISSUES 1000
#define LF_FEED_MAX_DEPTH 64
#define LF_FEED_MAX_INPUT ((size_t)1 << 30) /* 1 GiB per file */

enum lf_feed_format {
	LF_FEED_AUTO = 0,
	LF_FEED_STIX,      /* STIX 2.1 bundle, or a single STIX object */
	LF_FEED_MISP,      /* MISP event JSON ({"Event": {...}}) */
	LF_FEED_MISP_MANIFEST, /* MISP feed manifest.json */
	LF_FEED_MISP_HASHES,   /* MISP feed hashes.csv */
	LF_FEED_LIST,      /* one value per line, '#' / ';' comments */
	LF_FEED_HOSTS,     /* hosts file: "0.0.0.0 name [name...]" */
	LF_FEED_IPREP,     /* Suricata iprep: "ip,category,score" */
	LF_FEED_CSV,       /* CSV with a header naming the value column */
	LF_FEED__COUNT
};

enum lf_feed_severity {
	LF_FEED_REJECTED = 0, /* an entry that is invalid: bad value, bad JSON type */
	LF_FEED_UNSUPPORTED,  /* valid but not reducible/matchable (STIX AND, x509) */
	LF_FEED_SKIPPED,      /* deliberately not imported (revoked, to_ids=false) */
};

struct lf_feed_issue {
	enum lf_feed_severity severity;
	char where[128];  /* "file:line" or object id / attribute uuid */
	char reason[256];
};

struct lf_feed_report {
	enum lf_feed_format format; /* what was detected / used */
	size_t entries;             /* entries seen (lines, objects, attributes) */
	size_t imported;            /* indicators added to the set */
	size_t per_type[LF_IOC__COUNT];
	size_t rejected, unsupported, skipped; /* counts by severity */
	size_t issues_dropped;      /* issues beyond LF_FEED_MAX_ISSUES */
	size_t n_issues;
	struct lf_feed_issue *issues; /* malloc'd; lf_feed_report_free */
};

struct lf_feed_opts {
	enum lf_feed_format format; /* LF_FEED_AUTO to detect */
	const char *name;           /* file name used in "file:line" */
	uint16_t source;            /* lf_iocset source id for every indicator */
	const char *csv_column;     /* CSV: header of the value column; NULL = "value"/first that parses */
	uint8_t default_confidence; /* LF_CONF_UNSET: leave to the source */
	enum lf_tlp default_tlp;    /* applied when the feed carries none */
	int include_noids;          /* MISP: import to_ids=false (flagged NOIDS) */
	int include_revoked;        /* STIX: import revoked (flagged REVOKED) */
	lf_time_t now;              /* for expiry decisions; 0 = lf_time_now() */
};

/*
 * Detect the format of buf from its content (and name, if given). Returns
 * LF_FEED_AUTO when the content is not a feed at all (compressed, binary,
 * HTML/XML); lf_feed_import then fails with LF_EFORMAT.
 */
enum lf_feed_format lf_feed_detect(const char *buf, size_t len, const char *name);
const char *lf_feed_format_name(enum lf_feed_format f);
int lf_feed_format_parse(const char *s, enum lf_feed_format *out);

/*
 * Import buf per opts->format (detected if AUTO). See the top comment. rep
 * must have been initialised (lf_feed_report_init); counts add up across
 * calls. Whole-file errors: LF_EMALF, LF_EFORMAT, LF_EDEPTH, LF_ELIMIT
 * (input too large, set full), LF_EUNSUP (a MISP manifest: read it with
 * lf_feed_misp_manifest), LF_ESTATE (set already built), -EINVAL, -ENOMEM.
 * After a set-full or out-of-memory stop, what was added stays added.
 */
int lf_feed_import(const struct lf_feed_opts *opts, const char *buf, size_t len,
		   struct lf_iocset *set, struct lf_feed_report *rep);

/* The per-format importers lf_feed_import dispatches to. */
int lf_feed_import_stix(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep);
int lf_feed_import_misp(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep);
/* LIST, HOSTS, IPREP, CSV and MISP_HASHES (validated, nothing imported:
 * those MD5s hash attribute values, not files). */
int lf_feed_import_list(const struct lf_feed_opts *opts, const char *buf,
			size_t len, struct lf_iocset *set,
			struct lf_feed_report *rep);

/*
 * MISP feed layout (manifest.json + <uuid>.json + hashes.csv): parse the
 * manifest into event uuids (the caller, which does I/O, then reads each
 * "<uuid>.json" and calls lf_feed_import_misp). *uuids is a malloc'd array
 * of malloc'd strings; free with lf_feed_strv_free. At most max events.
 */
int lf_feed_misp_manifest(const char *buf, size_t len, size_t max,
			  char ***uuids, size_t *n, struct lf_feed_report *rep);
void lf_feed_strv_free(char **v, size_t n);

/* Report helpers (used by importers; the CLI prints reports). */
void lf_feed_report_init(struct lf_feed_report *rep);
void lf_feed_report_free(struct lf_feed_report *rep);
void lf_feed_report_issue(struct lf_feed_report *rep, enum lf_feed_severity sev,
			  const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Add ioc to set and count it (per_type, imported), or record why not. */
int lf_feed_report_add(struct lf_feed_report *rep, struct lf_iocset *set,
		       const struct lf_ioc *ioc, const char *where);

#endif
