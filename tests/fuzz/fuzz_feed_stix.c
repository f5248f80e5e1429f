/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_feed_stix.c — lf_feed_import_stix on arbitrary bytes.
 *
 * Besides "no crash, no leak, no UB" it checks the importer's contract:
 * a failed import adds nothing; every indicator added is counted in the
 * report and well formed (a value, a known type and TLP, a confidence in
 * range, a non-empty validity window); the issue list never exceeds its
 * cap. The low bit of the first byte switches include_revoked so both
 * paths are explored.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/err.h"
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_iocset_limits lim = { .max_indicators = 20000,
					.max_bytes = 32u << 20 };
	struct lf_iocset *set;
	struct lf_feed_report rep;
	struct lf_feed_opts o = { 0 };
	int rc;

	if (lf_iocset_new(&lim, &set))
		return 0;
	if (lf_iocset_source(set, "fuzz", &o.source)) {
		lf_iocset_free(set);
		return 0;
	}
	o.format = LF_FEED_STIX;
	o.name = "fuzz.json";
	o.default_confidence = LF_CONF_UNSET;
	o.default_tlp = LF_TLP_AMBER;
	o.include_revoked = size && (data[0] & 1);
	o.now = INT64_C(1700000000) * LF_USEC_PER_SEC;
	lf_feed_report_init(&rep);

	rc = lf_feed_import_stix(&o, (const char *)data, size, set, &rep);
	if (rc && rc != -ENOMEM && lf_iocset_count(set))
		abort();
	if (rep.imported != lf_iocset_count(set))
		abort();
	if (rep.n_issues > LF_FEED_MAX_ISSUES ||
	    rep.n_issues + rep.issues_dropped >
		    rep.rejected + rep.unsupported + rep.skipped)
		abort();
	for (size_t i = 0; i < lf_iocset_count(set); i++) {
		const struct lf_ioc *c = lf_iocset_get(set, i);
		if (!c->value || !c->ref || c->type == LF_IOC_NONE ||
		    c->type >= LF_IOC__COUNT || c->tlp >= LF_TLP__COUNT ||
		    (c->confidence > 100 && c->confidence != LF_CONF_UNSET) ||
		    c->valid_until <= c->valid_from ||
		    (c->flags & LF_IOC_F_SUBDOMAINS) ||
		    ((c->flags & LF_IOC_F_REVOKED) && !o.include_revoked))
			abort();
	}
	lf_feed_report_free(&rep);
	lf_iocset_free(set);
	return 0;
}
