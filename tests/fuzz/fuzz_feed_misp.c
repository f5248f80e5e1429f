/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_feed_misp.c — lf_feed_import_misp and lf_feed_misp_manifest on
 * arbitrary bytes.
 *
 * Besides "no crash, no leak, no UB" it checks the contract: a failed
 * import adds nothing; every indicator added is counted and well formed;
 * NOIDS appears only with include_noids (the low bit of the first byte);
 * every attribute ends as an indicator or an issue; the manifest returns
 * only lowercase UUIDs, at most `max` of them, and nothing on failure.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int lower_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (size_t i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

static void manifest(const uint8_t *data, size_t size)
{
	struct lf_feed_report rep;
	char **uuids = NULL;
	size_t n = 0, max = 16;
	int rc;

	lf_feed_report_init(&rep);
	rc = lf_feed_misp_manifest((const char *)data, size, max, &uuids, &n, &rep);
	if (rc && (uuids || n))
		abort();
	if (n > max || (n && !uuids))
		abort();
	for (size_t i = 0; i < n; i++)
		if (!lower_uuid(uuids[i]))
			abort();
	lf_feed_strv_free(uuids, n);
	lf_feed_report_free(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_iocset_limits lim = { .max_indicators = 20000,
					.max_bytes = 32u << 20 };
	struct lf_iocset *set;
	struct lf_feed_report rep;
	struct lf_feed_opts o = { 0 };
	int rc;

	manifest(data, size);
	if (lf_iocset_new(&lim, &set))
		return 0;
	if (lf_iocset_source(set, "fuzz", &o.source)) {
		lf_iocset_free(set);
		return 0;
	}
	o.format = LF_FEED_MISP;
	o.name = "fuzz.json";
	o.default_confidence = 50;
	o.default_tlp = LF_TLP_UNSET;
	o.include_noids = size && (data[0] & 1);
	o.now = INT64_C(1700000000) * LF_USEC_PER_SEC;
	lf_feed_report_init(&rep);

	rc = lf_feed_import_misp(&o, (const char *)data, size, set, &rep);
	if (rc && rc != -ENOMEM && lf_iocset_count(set))
		abort();
	/* Every attribute ends as an indicator or an issue (domain|ip: two). */
	if (rep.imported != lf_iocset_count(set) ||
	    rep.imported + rep.rejected + rep.unsupported + rep.skipped <
		    rep.entries)
		abort();
	if (rep.n_issues > LF_FEED_MAX_ISSUES ||
	    rep.n_issues + rep.issues_dropped >
		    rep.rejected + rep.unsupported + rep.skipped)
		abort();
	for (size_t i = 0; i < lf_iocset_count(set); i++) {
		const struct lf_ioc *c = lf_iocset_get(set, i);
		if (!c->value || c->type == LF_IOC_NONE ||
		    c->type >= LF_IOC__COUNT || c->tlp >= LF_TLP__COUNT ||
		    (c->confidence > 100 && c->confidence != LF_CONF_UNSET) ||
		    c->valid_until != LF_TIME_MAX ||
		    ((c->flags & LF_IOC_F_NOIDS) && !o.include_noids) ||
		    ((c->flags & LF_IOC_F_SUBDOMAINS) && c->type != LF_IOC_DOMAIN))
			abort();
	}
	lf_feed_report_free(&rep);
	lf_iocset_free(set);
	return 0;
}
