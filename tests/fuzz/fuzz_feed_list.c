/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_feed_list.c — lf_feed_import with LF_FEED_AUTO on arbitrary bytes,
 * into a small set (so the set-full path is reached too), then the same
 * bytes forced through each line-oriented importer. Checks, and aborts on:
 * the report cap, and for the line importers the accounting invariant
 * entries == imported + rejected + unsupported + skipped, the set holding
 * exactly `imported` indicators, and detection being deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "feed/feed.h"
#include "ioc/iocset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int is_line_format(enum lf_feed_format f)
{
	return f == LF_FEED_LIST || f == LF_FEED_HOSTS || f == LF_FEED_IPREP ||
	       f == LF_FEED_CSV || f == LF_FEED_MISP_HASHES;
}

static void one(enum lf_feed_format fmt, const char *buf, size_t len,
		const char *csv_column)
{
	struct lf_iocset_limits lim = {.max_indicators = 64,
				       .max_bytes = 1u << 20};
	struct lf_iocset *set;
	uint16_t src;
	if (lf_iocset_new(&lim, &set) != 0)
		return;
	if (lf_iocset_source(set, "fuzz", &src) != 0) {
		lf_iocset_free(set);
		return;
	}
	struct lf_feed_opts o;
	memset(&o, 0, sizeof(o));
	o.format = fmt;
	o.name = "fuzz";
	o.source = src;
	o.csv_column = csv_column;
	o.default_confidence = LF_CONF_UNSET;
	o.default_tlp = LF_TLP_UNSET;
	o.now = INT64_C(1717200000000000);

	struct lf_feed_report rep;
	lf_feed_report_init(&rep);
	int r = lf_feed_import(&o, buf, len, set, &rep);

	if (rep.n_issues > LF_FEED_MAX_ISSUES)
		abort();
	if (rep.n_issues + rep.issues_dropped >
	    rep.rejected + rep.unsupported + rep.skipped)
		abort();
	for (size_t i = 0; i < rep.n_issues; i++)
		if (memchr(rep.issues[i].reason, '\0',
			   sizeof(rep.issues[i].reason)) == NULL)
			abort();
	if (is_line_format(rep.format)) {
		if (r == 0 && rep.entries != rep.imported + rep.rejected +
						     rep.unsupported + rep.skipped)
			abort();
		if (lf_iocset_count(set) != rep.imported)
			abort();
		if (r != 0 && r != LF_ELIMIT && r != LF_EFORMAT)
			abort();
	}
	lf_feed_report_free(&rep);
	lf_iocset_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	enum lf_feed_format f = lf_feed_detect(buf, size, NULL);
	if (lf_feed_detect(buf, size, NULL) != f)
		abort();
	one(LF_FEED_AUTO, buf, size, NULL);
	one(LF_FEED_LIST, buf, size, NULL);
	one(LF_FEED_HOSTS, buf, size, NULL);
	one(LF_FEED_IPREP, buf, size, NULL);
	one(LF_FEED_CSV, buf, size, NULL);
	one(LF_FEED_CSV, buf, size, "b");
	one(LF_FEED_MISP_HASHES, buf, size, NULL);
	return 0;
}
