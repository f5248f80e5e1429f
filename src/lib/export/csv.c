/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.c — indicators as CSV (RFC 4180), for spreadsheets, SIEM lookups and
 * the CSV importer.
 *
 *   type,value,confidence,tlp,source,ref,valid_from,valid_until,labels
 *   ipv4,10.0.0.0/8,80,amber,"feed-a,feed-b",file:3,2024-05-01T00:00:00Z,,"c2,botnet"
 *
 * One row per deduplicated value; lines end in CRLF (RFC 4180 §2.1); a
 * field holding a comma, quote, CR or LF is quoted with quotes doubled
 * (§2.6, §2.7). Columns:
 *   type        lf_ioc_type_name
 *   value       the canonical value; a domain covering its subdomains is
 *               "*.name" (which lf_ioc_value_parse reads back the same)
 *   confidence  effective confidence at `now`, the highest of the merged
 *   tlp         the most restrictive of the merged indicators ("" unset)
 *   source      the names of every source that listed it, sorted, joined
 *               by ','
 *   ref, valid_from, valid_until
 *               of the highest-confidence indicator; RFC 3339 UTC, empty
 *               when unbounded
 *   labels      the union of the merged indicators' labels, sorted
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "export/priv.h"

/* ---- merged metadata, shared with stix.c through priv.h ---- */


static int cmp_tok(const void *pa, const void *pb)
{
	const struct lf_xtok *a = pa, *b = pb;
	size_t n = a->n < b->n ? a->n : b->n;
	int r = memcmp(a->s, b->s, n);
	if (r)
		return r;
	return a->n < b->n ? -1 : a->n > b->n;
}

static int tok_push(struct lf_xtok **v, size_t *n, size_t *cap, const char *s,
		    size_t len)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct lf_xtok *p = realloc(*v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = nc;
	}
	(*v)[*n].s = s;
	(*v)[*n].n = len;
	(*n)++;
	return 0;
}

/* Sort and drop duplicates. */
static size_t tok_unique(struct lf_xtok *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_tok);
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (cmp_tok(&v[w - 1], &v[i]) != 0)
			v[w++] = v[i];
	return w;
}

int lf_export_merge(const struct lf_xctx *c, const struct lf_xent *e,
		    struct lf_xmerged *m)
{
	struct lf_xtok *src = NULL, *lab = NULL;
	size_t ns = 0, cs = 0, nl = 0, cl = 0;
	int rc = 0;
	memset(m, 0, sizeof(*m));
	m->tlp = LF_TLP_UNSET;
	for (uint32_t i = 0; i < e->n && !rc; i++) {
		const struct lf_ioc *ioc =
			c->cand[e->first + i].ioc;
		if (ioc->tlp > m->tlp)
			m->tlp = (enum lf_tlp)ioc->tlp;
		const struct lf_source *s =
			lf_iocset_source_cget(c->set, ioc->source);
		if (s && s->name)
			rc = tok_push(&src, &ns, &cs, s->name, strlen(s->name));
		for (const char *p = ioc->labels; p && *p && !rc;) {
			size_t len = strcspn(p, ",");
			const char *a = p, *z = p + len;
			while (a < z && *a == ' ')
				a++;
			while (z > a && z[-1] == ' ')
				z--;
			if (z > a)
				rc = tok_push(&lab, &nl, &cl, a, (size_t)(z - a));
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (rc) {
		free(src);
		free(lab);
		return rc;
	}
	m->sources = src;
	m->n_sources = tok_unique(src, ns);
	m->labels = lab;
	m->n_labels = tok_unique(lab, nl);
	return 0;
}

void lf_export_merged_free(struct lf_xmerged *m)
{
	free(m->sources);
	free(m->labels);
	m->sources = m->labels = NULL;
	m->n_sources = m->n_labels = 0;
}

/* ---- CSV ---- */

static int csv_field(struct lf_buf *b, const char *s, size_t n)
{
	if (strcspn(s, ",\"\r\n") >= n)
		return lf_buf_append(b, s, n);
	int rc = lf_buf_putc(b, '"');
	for (size_t i = 0; i < n && !rc; i++) {
		if (s[i] == '"')
			rc = lf_buf_putc(b, '"');
		if (!rc)
			rc = lf_buf_putc(b, s[i]);
	}
	if (!rc)
		rc = lf_buf_putc(b, '"');
	return rc;
}

static int csv_list(struct lf_buf *b, const struct lf_xtok *t, size_t n)
{
	struct lf_buf tmp;
	lf_buf_init(&tmp, 0);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (i)
			rc = lf_buf_putc(&tmp, ',');
		if (!rc)
			rc = lf_buf_append(&tmp, t[i].s, t[i].n);
	}
	if (!rc && tmp.len)
		rc = csv_field(b, tmp.data, tmp.len);
	lf_buf_free(&tmp);
	return rc;
}

static int csv_time(struct lf_buf *b, lf_time_t t)
{
	char s[LF_TIME_STRLEN];
	if (t == LF_TIME_MIN || t == LF_TIME_MAX)
		return 0;
	int n = lf_export_time(t, -1, s, sizeof(s));
	return n < 0 ? 0 : lf_buf_append(b, s, (size_t)n);
}

int lf_export_value_text(const struct lf_xctx *c, const struct lf_xent *e,
			 char *buf, size_t cap)
{
	int n;
	if (e->type == LF_IOC_IPV4 || e->type == LF_IOC_IPV6)
		return lf_prefix_format(&e->pfx, buf, cap);
	const char *key = lf_export_key(c, e);
	if (e->type == LF_IOC_DOMAIN && e->sub)
		n = snprintf(buf, cap, "*.%s", key);
	else
		n = snprintf(buf, cap, "%s", key);
	return n < 0 || (size_t)n >= cap ? LF_ELIMIT : n;
}

static int csv_row(struct lf_xctx *c, const struct lf_xent *e)
{
	struct lf_buf *b = c->out;
	const struct lf_ioc *ioc = lf_export_rep_ioc(c, e);
	char val[LF_IOC_VALUE_MAX + 3];
	struct lf_xmerged m;
	int n = lf_export_value_text(c, e, val, sizeof(val));
	if (n < 0)
		return n;
	int rc = lf_export_merge(c, e, &m);
	if (rc)
		return rc;
	rc = lf_buf_printf(b, "%s,", lf_ioc_type_name((enum lf_ioc_type)e->type));
	if (!rc)
		rc = csv_field(b, val, (size_t)n);
	if (!rc)
		rc = lf_buf_printf(b, ",%u,%s,", e->conf, lf_tlp_name(m.tlp));
	if (!rc)
		rc = csv_list(b, m.sources, m.n_sources);
	if (!rc)
		rc = lf_buf_putc(b, ',');
	if (!rc && ioc->ref)
		rc = csv_field(b, ioc->ref, strlen(ioc->ref));
	if (!rc)
		rc = lf_buf_putc(b, ',');
	if (!rc)
		rc = csv_time(b, ioc->valid_from);
	if (!rc)
		rc = lf_buf_putc(b, ',');
	if (!rc)
		rc = csv_time(b, ioc->valid_until);
	if (!rc)
		rc = lf_buf_putc(b, ',');
	if (!rc)
		rc = csv_list(b, m.labels, m.n_labels);
	if (!rc)
		rc = lf_buf_puts(b, "\r\n");
	lf_export_merged_free(&m);
	c->rep->written++;
	return rc;
}

static int csv_write(struct lf_xctx *c)
{
	int rc = lf_buf_puts(c->out, "type,value,confidence,tlp,source,ref,"
				     "valid_from,valid_until,labels\r\n");
	for (size_t i = 0; i < c->n_ent && !rc; i++)
		rc = csv_row(c, &c->ent[i]);
	return rc;
}

const struct lf_xfmt lf_export_fmt_csv = {
	.natural = LF_EXPORT_T_ALL,
	.allowed = LF_EXPORT_T_ALL,
	.write = csv_write,
};
