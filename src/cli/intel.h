/* SPDX-License-Identifier: Apache-2.0 */
/* intel.h — state shared by the `lianfang intel` subcommands. */
#ifndef LF_CLI_INTEL_H
#define LF_CLI_INTEL_H

#include <getopt.h>
#include <stdio.h>

#include "feed/feed.h"
#include "ioc/iocset.h"

struct lf_intel_feed {
	const char *path;
	const char *source; /* NULL: base name */
};

struct lf_intel_decay {
	char source[128];
	struct lf_decay decay;
};

struct lf_intel_ctx {
	struct lf_feed_opts fopts;
	struct lf_intel_feed *feeds;
	size_t nfeeds;
	const char *pending_source;
	struct lf_intel_decay *decays;
	size_t ndecays;
	size_t max_indicators;
	lf_time_t now;
	int json;
	int quiet_reports; /* print only reports with issues or errors */
	int quiet;         /* --quiet: print only files that failed */
	FILE *report_out;  /* NULL: stderr */
	size_t failed_files;
	struct lf_iocset *set;
};

extern const char lf_intel_feed_opts_help[];

enum {
	OPT_SOURCE = 1000,
	OPT_CSV_COLUMN,
	OPT_CONFIDENCE,
	OPT_TLP,
	OPT_DECAY,
	OPT_NOIDS,
	OPT_REVOKED,
	OPT_NOW,
	OPT_MAXIOC,
	OPT_FEED,
	OPT_JSON,
	OPT_HELP,
	OPT_TYPE,
	OPT_AGGREGATE,
	OPT_MINCONF,
	OPT_MAXENT,
	OPT_ALLOW,
	OPT_WARNINGLIST,
	OPT_ALLOW_ACTION,
	OPT_NO_DEFAULT_ALLOW,
	OPT_OUTPUT,
	OPT_NAME,
	OPT_RPZ_POLICY,
	OPT_SERIAL,
	OPT_REPORT,
	OPT_MAXTLP,
	OPT_WL_ACTION,
	OPT_NFT_RULES,
	OPT_EXPORT_FORMAT,
	OPT_QUIET,
};
#define FEED_LONGOPTS                                                          \
	{"feed-format", required_argument, NULL, 'f'},                         \
	{"source", required_argument, NULL, OPT_SOURCE},                       \
	{"csv-column", required_argument, NULL, OPT_CSV_COLUMN},               \
	{"confidence", required_argument, NULL, OPT_CONFIDENCE},               \
	{"tlp", required_argument, NULL, OPT_TLP},                             \
	{"decay", required_argument, NULL, OPT_DECAY},                         \
	{"include-noids", no_argument, NULL, OPT_NOIDS},                       \
	{"include-revoked", no_argument, NULL, OPT_REVOKED},                   \
	{"now", required_argument, NULL, OPT_NOW},                             \
	{"max-indicators", required_argument, NULL, OPT_MAXIOC},               \
	{"json", no_argument, NULL, OPT_JSON},                                 \
	{"quiet", no_argument, NULL, OPT_QUIET},                               \
	{"help", no_argument, NULL, OPT_HELP}

int lf_intel_ctx_init(struct lf_intel_ctx *c);
void lf_intel_ctx_free(struct lf_intel_ctx *c);
/* 1 handled, 0 not a feed option, -1 bad value (message printed). */
int lf_intel_feed_opt(struct lf_intel_ctx *c, int opt, const char *arg);
/* Load every feed into c->set (not built). First error, or 0. */
int lf_intel_load(struct lf_intel_ctx *c);

int lf_intel_export(int argc, char **argv);

#endif
