/* SPDX-License-Identifier: Apache-2.0 */
/* helper_export.c — see helper_export.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export/helper_export.h"

struct lf_iocset *fx_set(void)
{
	struct lf_iocset *set;
	uint16_t id;
	assert_int_equal(lf_iocset_new(NULL, &set), 0);
	assert_int_equal(lf_iocset_source(set, "feed-a", &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(lf_iocset_source(set, "feed-b", &id), 0);
	assert_int_equal(id, 1);
	for (uint16_t i = 0; i < 2; i++)
		lf_iocset_source_get(set, i)->added = FX_NOW - FX_DAY;
	return set;
}

void fx_add_full(struct lf_iocset *set, const struct fx_ioc *f)
{
	struct lf_ioc_value *v = malloc(sizeof(*v));
	assert_non_null(v);
	assert_int_equal(lf_ioc_value_parse(LF_IOC_NONE, f->value,
					    strlen(f->value), v),
			 0);
	struct lf_ioc ioc;
	memset(&ioc, 0, sizeof(ioc));
	ioc.type = (uint8_t)v->type;
	ioc.tlp = (uint8_t)f->tlp;
	ioc.confidence = f->conf ? f->conf : LF_CONF_UNSET;
	ioc.flags = f->flags | (v->subdomains ? LF_IOC_F_SUBDOMAINS : 0);
	ioc.source = f->source;
	ioc.pfx = v->pfx;
	ioc.value = v->text;
	ioc.ref = f->ref;
	ioc.labels = f->labels;
	ioc.kill_chain = f->kill_chain;
	ioc.valid_from = f->from ? f->from : LF_TIME_MIN;
	ioc.valid_until = f->until ? f->until : LF_TIME_MAX;
	assert_int_equal(lf_iocset_add(set, &ioc), 0);
	free(v);
}

void fx_add(struct lf_iocset *set, uint16_t source, const char *value,
	    uint8_t conf)
{
	struct fx_ioc f = {.value = value, .source = source, .conf = conf};
	fx_add_full(set, &f);
}

struct lf_export_opts fx_opts(enum lf_export_format f)
{
	struct lf_export_opts o;
	memset(&o, 0, sizeof(o));
	o.format = f;
	o.now = FX_NOW;
	return o;
}

char *fx_export(const struct lf_iocset *set, const struct lf_allow *allow,
		const struct lf_export_opts *o, struct lf_export_report *rep,
		int want)
{
	struct lf_buf b;
	lf_buf_init(&b, 0);
	int rc = lf_export(set, allow, o, &b, rep);
	assert_int_equal(rc, want);
	char *s = lf_buf_steal(&b, NULL);
	assert_non_null(s);
	return s;
}

void fx_allow_add(struct lf_allow *a, const char *name,
		  enum lf_allow_action act, const char *text)
{
	size_t bad = 0;
	assert_int_equal(lf_allow_add_list(a, name, act, text, strlen(text),
					   &bad),
			 0);
	assert_int_equal(bad, 0);
}

struct lf_allow *fx_allow(const char *name, enum lf_allow_action act,
			  const char *text)
{
	struct lf_allow *a;
	assert_int_equal(lf_allow_new(&a), 0);
	fx_allow_add(a, name, act, text);
	return a;
}
