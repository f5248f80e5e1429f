/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_export.h — fixtures shared by the export tests: a small indicator
 * set built from text values, and a one-call export into a string.
 */
#ifndef LF_TEST_HELPER_EXPORT_H
#define LF_TEST_HELPER_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "allow/allow.h"
#include "export/export.h"
#include "ioc/ioc.h"
#include "ioc/iocset.h"

/* 2024-06-01T00:00:00Z, the `now` of every test. */
#define FX_NOW ((lf_time_t)1717200000 * 1000000)
#define FX_DAY ((lf_time_t)86400 * 1000000)

/* A new set with sources "feed-a" (id 0) and "feed-b" (id 1), both
 * default confidence 50, no decay, added one day before FX_NOW. */
struct lf_iocset *fx_set(void);

/* Everything about one indicator; zero fields are defaults. */
struct fx_ioc {
	const char *value;  /* parsed with lf_ioc_value_parse (detect) */
	uint16_t source;
	uint8_t conf;       /* 0 = LF_CONF_UNSET */
	enum lf_tlp tlp;
	uint8_t flags;      /* LF_IOC_F_* (SUBDOMAINS also from "*.x") */
	const char *ref, *labels, *kill_chain;
	lf_time_t from, until; /* 0 = unbounded */
};

/* Add one indicator (asserts success). */
void fx_add_full(struct lf_iocset *set, const struct fx_ioc *f);
void fx_add(struct lf_iocset *set, uint16_t source, const char *value,
	    uint8_t conf);

/* Options with format f, now = FX_NOW. */
struct lf_export_opts fx_opts(enum lf_export_format f);

/* Export; asserts rc == want. Returns the text (malloc'd; "" when empty
 * or failed). */
char *fx_export(const struct lf_iocset *set, const struct lf_allow *allow,
		const struct lf_export_opts *o, struct lf_export_report *rep,
		int want);

/* An allow collection with one operator list per (name, action, text). */
struct lf_allow *fx_allow(const char *name, enum lf_allow_action act,
			  const char *text);
void fx_allow_add(struct lf_allow *a, const char *name,
		  enum lf_allow_action act, const char *text);

#endif
