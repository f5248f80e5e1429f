/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpl.c — the decoder's state: exporters, domains, templates, sampler
 * and interface tables, interface names, and data held for its template.
 *
 * Layout and invariants:
 *
 *  - Exporters, keyed by (address, source port), sit in a chained hash
 *    table whose bucket count is fixed at creation (the power of two at or
 *    above max_exporters), hashed with XXH3 and the caller's seed, so the
 *    table never rehashes and a sender cannot choose colliding keys
 *    without knowing the seed.
 *  - A domain — (version, observation domain / source id) within an
 *    exporter — is found by a scan of the exporter's short list, moved to
 *    the front on use: almost every exporter has one or a few.
 *  - A domain's templates are an array of (id, template) sorted by id,
 *    searched by bisection behind a one-entry cache of the last template
 *    used (consecutive data sets mostly use the same one). Inserting and
 *    removing move the array: templates change rarely.
 *  - Sampler and interface sampling rates are one array sorted by
 *    (kind, id); interface names another, sorted by ifindex.
 *  - Held data (pending) is on two lists: the context's, oldest first
 *    (expiry and eviction of the oldest when the byte cap is reached),
 *    and its domain's (release when the template comes, freeing with the
 *    domain).
 *  - Everything allocated here but pending data is charged to state_used
 *    and refused beyond state_bytes; pending data is charged to pend_used
 *    and bounded by pending_bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "core/err.h"
#include "nf/nf_int.h"

/* ---- memory accounting ---------------------------------------------- */

static void cap_hit(struct lf_nf_ctx *c, enum lf_nf_cap kind)
{
	c->cnt.cap_hits[kind]++;
}

static int charge(struct lf_nf_ctx *c, size_t n)
{
	if (n > c->lim.state_bytes - c->state_used) {
		cap_hit(c, LF_NF_CAP_STATE);
		return LF_ELIMIT;
	}
	c->state_used += n;
	return 0;
}

static void uncharge(struct lf_nf_ctx *c, size_t n)
{
	c->state_used -= n;
}

/*
 * Make room for `need` elements of `elem` bytes in *arr (capacity *cap),
 * doubling, at most `max` elements. 0, LF_ELIMIT (charged cap) or -ENOMEM.
 */
static int grow(struct lf_nf_ctx *c, void **arr, size_t *cap, size_t elem,
		size_t need, size_t max)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	if (ncap > max)
		ncap = max;
	if (ncap < need)
		ncap = need;
	if (charge(c, (ncap - *cap) * elem) != 0)
		return LF_ELIMIT;
	p = realloc(*arr, ncap * elem);
	if (!p) {
		uncharge(c, (ncap - *cap) * elem);
		cap_hit(c, LF_NF_CAP_NOMEM);
		return -ENOMEM;
	}
	*arr = p;
	*cap = ncap;
	return 0;
}

/* now is more than timeout past t (no signed overflow for any inputs). */
static int older(lf_time_t t, lf_time_t now, lf_time_t timeout)
{
	return now > t && (uint64_t)now - (uint64_t)t > (uint64_t)timeout;
}

/* ---- exporters and domains ------------------------------------------ */

static size_t bucket_of(const struct lf_nf_ctx *c, const struct lf_addr *a,
			uint16_t port)
{
	uint8_t key[19];

	key[0] = a->af;
	memcpy(key + 1, a->b, 16);
	key[17] = (uint8_t)(port >> 8);
	key[18] = (uint8_t)port;
	return (size_t)XXH3_64bits_withSeed(key, sizeof(key),
					    c->lim.hash_seed) &
	       (c->nbucket - 1);
}

static int same_addr(const struct lf_addr *a, const struct lf_addr *b)
{
	return a->af == b->af && memcmp(a->b, b->b, 16) == 0;
}

static struct nf_exp *exp_find(const struct lf_nf_ctx *c,
			       const struct lf_addr *a, uint16_t port)
{
	struct nf_exp *e = c->bucket[bucket_of(c, a, port)];

	while (e && !(e->port == port && same_addr(&e->addr, a)))
		e = e->hnext;
	return e;
}

struct nf_dom *lf_nf_dom_find(const struct lf_nf_ctx *c,
			      const struct lf_addr *addr, uint16_t port,
			      uint8_t version, uint32_t id)
{
	const struct nf_exp *e = exp_find(c, addr, port);
	struct nf_dom *d = e ? e->doms : NULL;

	while (d && !(d->version == version && d->id == id))
		d = d->next;
	return d;
}

int lf_nf_dom_get(struct lf_nf_ctx *c, const struct lf_addr *addr,
		  uint16_t port, uint8_t version, uint32_t id, lf_time_t now,
		  struct nf_dom **out)
{
	struct nf_exp *e = exp_find(c, addr, port);
	struct nf_dom *d, **pp;

	if (!e) {
		size_t b = bucket_of(c, addr, port);

		if (c->nexp >= c->lim.max_exporters) {
			cap_hit(c, LF_NF_CAP_EXPORTERS);
			return LF_ELIMIT;
		}
		if (charge(c, sizeof(*e)) != 0)
			return LF_ELIMIT;
		e = calloc(1, sizeof(*e));
		if (!e) {
			uncharge(c, sizeof(*e));
			cap_hit(c, LF_NF_CAP_NOMEM);
			return LF_ELIMIT;
		}
		e->addr.af = addr->af;
		memcpy(e->addr.b, addr->b, 16);
		e->port = port;
		e->hnext = c->bucket[b];
		c->bucket[b] = e;
		c->nexp++;
	}
	e->last_seen = now;

	for (pp = &e->doms; (d = *pp) != NULL; pp = &d->next) {
		if (d->version == version && d->id == id) {
			/* move to the front */
			*pp = d->next;
			d->next = e->doms;
			e->doms = d;
			d->last_seen = now;
			*out = d;
			return 0;
		}
	}
	if (e->ndoms >= c->lim.max_domains) {
		cap_hit(c, LF_NF_CAP_DOMAINS);
		return LF_ELIMIT;
	}
	if (charge(c, sizeof(*d)) != 0)
		return LF_ELIMIT;
	d = calloc(1, sizeof(*d));
	if (!d) {
		uncharge(c, sizeof(*d));
		cap_hit(c, LF_NF_CAP_NOMEM);
		return LF_ELIMIT;
	}
	d->exp = e;
	d->id = id;
	d->version = version;
	d->last_seen = now;
	d->next = e->doms;
	e->doms = d;
	e->ndoms++;
	*out = d;
	return 0;
}

/* ---- templates ------------------------------------------------------- */

/* Index of id in d->tmpl, or where it would go (with *found 0). */
static size_t slot_of(const struct nf_dom *d, uint16_t id, int *found)
{
	size_t lo = 0, hi = d->ntmpl;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->tmpl[mid].id == id) {
			*found = 1;
			return mid;
		}
		if (d->tmpl[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

struct nf_tmpl *lf_nf_tmpl_find(struct nf_dom *d, uint16_t id)
{
	int found;
	size_t i;

	if (d->last && d->last->id == id)
		return d->last;
	i = slot_of(d, id, &found);
	if (!found)
		return NULL;
	d->last = d->tmpl[i].t;
	return d->last;
}

static void tmpl_remove(struct lf_nf_ctx *c, struct nf_dom *d, size_t i)
{
	struct nf_tmpl *t = d->tmpl[i].t;

	if (d->last == t)
		d->last = NULL;
	uncharge(c, t->bytes);
	free(t);
	memmove(&d->tmpl[i], &d->tmpl[i + 1],
		(d->ntmpl - i - 1) * sizeof(d->tmpl[0]));
	d->ntmpl--;
	d->exp->ntmpl--;
}

static int same_fields(const struct nf_tmpl *t, int options,
		       const struct nf_field *f, size_t n, size_t nscope)
{
	if (t->options != (options != 0) || t->nfields != n ||
	    t->nscope != nscope)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct nf_field *g = &t->fields[i];

		if (g->pen != f[i].pen || g->id != f[i].id ||
		    g->len != f[i].len || g->v9scope != f[i].v9scope)
			return 0;
	}
	return 1;
}

static void pend_unlink(struct lf_nf_ctx *c, struct nf_pend *p)
{
	struct nf_dom *d = p->dom;

	if (p->gprev)
		p->gprev->gnext = p->gnext;
	else
		c->pend_head = p->gnext;
	if (p->gnext)
		p->gnext->gprev = p->gprev;
	else
		c->pend_tail = p->gprev;
	if (p->dprev)
		p->dprev->dnext = p->dnext;
	else
		d->pend_head = p->dnext;
	if (p->dnext)
		p->dnext->dprev = p->dprev;
	else
		d->pend_tail = p->dprev;
	c->pend_used -= p->bytes;
}

/* Decode and free the sets domain d holds for template t. */
static void pend_release(struct nf_msg *m, const struct nf_tmpl *t)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_pend *p, *next;

	for (p = m->dom->pend_head; p; p = next) {
		struct nf_msg pm;

		next = p->dnext;
		if (p->tid != t->id)
			continue;
		pend_unlink(c, p);
		memset(&pm, 0, sizeof(pm));
		pm.c = c;
		pm.dom = m->dom;
		pm.cb = m->cb;
		pm.ud = m->ud;
		pm.now = m->now;
		pm.export_us = p->export_us;
		pm.uptime_ms = p->uptime_ms;
		pm.version = m->version;
		lf_nf_data_set(&pm, t, p->data, p->len);
		c->cnt.pending_decoded++;
		free(p);
	}
}

int lf_nf_tmpl_define(struct nf_msg *m, uint16_t id, int options,
		      const struct nf_field *fields, size_t n, size_t nscope)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_dom *d = m->dom;
	struct nf_tmpl *t, *old = NULL;
	int found, rc;
	size_t i = slot_of(d, id, &found);

	if (found) {
		old = d->tmpl[i].t;
		if (same_fields(old, options, fields, n, nscope)) {
			old->seen = m->now;
			c->cnt.templates_refreshed++;
			return 0;
		}
	}
	rc = lf_nf_plan_build(m, id, options, fields, n, nscope, &t);
	if (rc == 0 && charge(c, t->bytes) != 0) {
		free(t);
		rc = LF_ELIMIT;
	}
	if (rc != 0) {
		if (rc == LF_EMALF)
			lf_nf_malf(m, LF_NF_MALF_BAD_TEMPLATE);
		else if (rc == -ENOMEM)
			cap_hit(c, LF_NF_CAP_NOMEM);
		/* the exporter redefined the id: the old plan is stale */
		if (found)
			tmpl_remove(c, d, i);
		return rc;
	}
	t->seen = m->now;
	if (found) {
		if (d->last == old)
			d->last = t;
		d->tmpl[i].t = t;
		uncharge(c, old->bytes);
		free(old);
		c->cnt.templates_replaced++;
	} else {
		if (d->exp->ntmpl >= c->lim.max_templates) {
			cap_hit(c, LF_NF_CAP_TEMPLATES);
			uncharge(c, t->bytes);
			free(t);
			return LF_ELIMIT;
		}
		rc = grow(c, (void **)&d->tmpl, &d->captmpl,
			  sizeof(d->tmpl[0]), d->ntmpl + 1, SIZE_MAX);
		if (rc != 0) {
			uncharge(c, t->bytes);
			free(t);
			return rc;
		}
		memmove(&d->tmpl[i + 1], &d->tmpl[i],
			(d->ntmpl - i) * sizeof(d->tmpl[0]));
		d->tmpl[i].id = id;
		d->tmpl[i].t = t;
		d->ntmpl++;
		d->exp->ntmpl++;
		c->cnt.templates_added++;
		if (options)
			c->cnt.options_templates++;
	}
	pend_release(m, t);
	return 0;
}

void lf_nf_tmpl_withdraw(struct nf_msg *m, uint16_t id)
{
	int found;
	size_t i = slot_of(m->dom, id, &found);

	if (found) {
		tmpl_remove(m->c, m->dom, i);
		m->c->cnt.templates_withdrawn++;
	}
}

void lf_nf_tmpl_withdraw_all(struct nf_msg *m, int options)
{
	struct nf_dom *d = m->dom;

	for (size_t i = d->ntmpl; i-- > 0;) {
		if (options < 0 || d->tmpl[i].t->options == options) {
			tmpl_remove(m->c, d, i);
			m->c->cnt.templates_withdrawn++;
		}
	}
}

/* ---- sampling tables and interface names ------------------------------ */

static int samp_cmp(const struct nf_samp *s, uint8_t kind, uint64_t id)
{
	if (s->kind != kind)
		return s->kind < kind ? -1 : 1;
	if (s->id != id)
		return s->id < id ? -1 : 1;
	return 0;
}

static size_t samp_slot(const struct nf_dom *d, uint8_t kind, uint64_t id,
			int *found)
{
	size_t lo = 0, hi = d->nsamp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = samp_cmp(&d->samp[mid], kind, id);

		if (k == 0) {
			*found = 1;
			return mid;
		}
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

void lf_nf_samp_set(struct lf_nf_ctx *c, struct nf_dom *d, uint8_t kind,
		    uint64_t id, uint32_t rate)
{
	int found;
	size_t i = samp_slot(d, kind, id, &found);

	if (found) {
		d->samp[i].rate = rate;
		return;
	}
	if (d->nsamp >= c->lim.max_samplers) {
		cap_hit(c, LF_NF_CAP_SAMPLERS);
		return;
	}
	if (grow(c, (void **)&d->samp, &d->capsamp, sizeof(d->samp[0]),
		 d->nsamp + 1, c->lim.max_samplers) != 0)
		return;
	memmove(&d->samp[i + 1], &d->samp[i],
		(d->nsamp - i) * sizeof(d->samp[0]));
	d->samp[i].kind = kind;
	d->samp[i].id = id;
	d->samp[i].rate = rate;
	d->nsamp++;
}

uint32_t lf_nf_samp_get(const struct nf_dom *d, uint8_t kind, uint64_t id)
{
	int found;
	size_t i = samp_slot(d, kind, id, &found);

	return found ? d->samp[i].rate : 0;
}

static size_t ifn_slot(const struct nf_dom *d, uint32_t ifindex, int *found)
{
	size_t lo = 0, hi = d->nifn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->ifn[mid].ifindex == ifindex) {
			*found = 1;
			return mid;
		}
		if (d->ifn[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

void lf_nf_ifname_set(struct lf_nf_ctx *c, struct nf_dom *d,
		      uint32_t ifindex, const uint8_t *s, size_t n, int desc)
{
	int found;
	size_t i = ifn_slot(d, ifindex, &found), k;
	struct nf_ifname *e;

	if (found) {
		/* an ifName is not replaced by an ifDescr */
		if (desc && !d->ifn[i].desc)
			return;
	} else {
		if (d->nifn >= c->lim.max_ifnames) {
			cap_hit(c, LF_NF_CAP_IFNAMES);
			return;
		}
		if (grow(c, (void **)&d->ifn, &d->capifn, sizeof(d->ifn[0]),
			 d->nifn + 1, c->lim.max_ifnames) != 0)
			return;
		memmove(&d->ifn[i + 1], &d->ifn[i],
			(d->nifn - i) * sizeof(d->ifn[0]));
		d->nifn++;
	}
	e = &d->ifn[i];
	e->ifindex = ifindex;
	e->desc = (uint8_t)(desc != 0);
	/* v9 sends names NUL-padded to a fixed length */
	for (k = 0; k < n && k < NF_IFNAME_MAX && s[k] != 0; k++)
		e->name[k] = s[k] >= 0x20 && s[k] < 0x7f ? (char)s[k] : '?';
	e->name[k] = '\0';
	e->len = (uint8_t)k;
}

int lf_nf_ifname(const struct lf_nf_ctx *c, const struct lf_addr *exporter,
		 uint16_t port, unsigned version, uint32_t domain,
		 uint32_t ifindex, char *buf, size_t cap)
{
	const struct nf_dom *d;
	size_t i, n;
	int found;

	if (!buf || cap == 0 || !c || !exporter)
		return -EINVAL;
	buf[0] = '\0';
	if (version > 255)
		return LF_ENOENT;
	d = lf_nf_dom_find(c, exporter, port, (uint8_t)version, domain);
	if (!d)
		return LF_ENOENT;
	i = ifn_slot(d, ifindex, &found);
	if (!found)
		return LF_ENOENT;
	n = d->ifn[i].len;
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, d->ifn[i].name, n);
	buf[n] = '\0';
	return (int)n;
}

/* ---- pending data ------------------------------------------------------ */

void lf_nf_pend_hold(struct nf_msg *m, uint16_t tid, const uint8_t *p,
		     size_t len)
{
	struct lf_nf_ctx *c = m->c;
	struct nf_dom *d = m->dom;
	size_t bytes = sizeof(struct nf_pend) + len;
	struct nf_pend *e;

	if (bytes > c->lim.pending_bytes) {
		c->cnt.pending_dropped++;
		cap_hit(c, LF_NF_CAP_PENDING);
		return;
	}
	/* make room by dropping the oldest */
	while (c->pend_head && c->pend_used + bytes > c->lim.pending_bytes) {
		struct nf_pend *o = c->pend_head;

		pend_unlink(c, o);
		free(o);
		c->cnt.pending_dropped++;
		cap_hit(c, LF_NF_CAP_PENDING);
	}
	e = malloc(bytes);
	if (!e) {
		cap_hit(c, LF_NF_CAP_NOMEM);
		return;
	}
	e->dom = d;
	e->rx = m->now;
	e->export_us = m->export_us;
	e->uptime_ms = m->uptime_ms;
	e->tid = tid;
	e->len = (uint16_t)len;
	e->bytes = bytes;
	if (len)
		memcpy(e->data, p, len);
	e->gnext = NULL;
	e->gprev = c->pend_tail;
	if (c->pend_tail)
		c->pend_tail->gnext = e;
	else
		c->pend_head = e;
	c->pend_tail = e;
	e->dnext = NULL;
	e->dprev = d->pend_tail;
	if (d->pend_tail)
		d->pend_tail->dnext = e;
	else
		d->pend_head = e;
	d->pend_tail = e;
	c->pend_used += bytes;
	c->cnt.pending_held++;
}

/* ---- expiry and teardown ------------------------------------------------ */

static void dom_free(struct lf_nf_ctx *c, struct nf_dom *d)
{
	while (d->pend_head) {
		struct nf_pend *p = d->pend_head;

		pend_unlink(c, p);
		free(p);
	}
	while (d->ntmpl)
		tmpl_remove(c, d, d->ntmpl - 1);
	uncharge(c, d->captmpl * sizeof(d->tmpl[0]) +
			    d->capsamp * sizeof(d->samp[0]) +
			    d->capifn * sizeof(d->ifn[0]) + sizeof(*d));
	free(d->tmpl);
	free(d->samp);
	free(d->ifn);
	free(d);
}

void lf_nf_state_expire(struct lf_nf_ctx *c, lf_time_t now)
{
	const struct lf_nf_limits *l = &c->lim;
	struct nf_pend *p, *pn;

	for (p = c->pend_head; p; p = pn) {
		pn = p->gnext;
		if (older(p->rx, now, l->pending_timeout)) {
			pend_unlink(c, p);
			free(p);
			c->cnt.pending_expired++;
		}
	}
	for (size_t b = 0; b < c->nbucket; b++) {
		struct nf_exp **ep = &c->bucket[b], *e;

		while ((e = *ep) != NULL) {
			struct nf_dom **dp = &e->doms, *d;

			while ((d = *dp) != NULL) {
				for (size_t i = d->ntmpl; i-- > 0;) {
					if (older(d->tmpl[i].t->seen, now,
						  l->template_timeout)) {
						tmpl_remove(c, d, i);
						c->cnt.templates_expired++;
					}
				}
				if (d->ntmpl == 0 && !d->pend_head &&
				    older(d->last_seen, now,
					  l->template_timeout)) {
					*dp = d->next;
					dom_free(c, d);
					e->ndoms--;
					continue;
				}
				dp = &d->next;
			}
			if (!e->doms &&
			    older(e->last_seen, now, l->template_timeout)) {
				*ep = e->hnext;
				uncharge(c, sizeof(*e));
				free(e);
				c->nexp--;
				continue;
			}
			ep = &e->hnext;
		}
	}
}

void lf_nf_state_free(struct lf_nf_ctx *c)
{
	for (size_t b = 0; b < c->nbucket; b++) {
		struct nf_exp *e = c->bucket[b];

		while (e) {
			struct nf_exp *en = e->hnext;

			while (e->doms) {
				struct nf_dom *d = e->doms;

				e->doms = d->next;
				dom_free(c, d);
			}
			uncharge(c, sizeof(*e));
			free(e);
			e = en;
		}
		c->bucket[b] = NULL;
	}
	c->nexp = 0;
}

void lf_nf_exporters(const struct lf_nf_ctx *c, lf_nf_exporter_cb cb,
		     void *ud)
{
	if (!c || !cb)
		return;
	for (size_t b = 0; b < c->nbucket; b++) {
		for (const struct nf_exp *e = c->bucket[b]; e; e = e->hnext) {
			for (const struct nf_dom *d = e->doms; d; d = d->next) {
				struct lf_nf_exporter_info in;

				memset(&in, 0, sizeof(in));
				in.addr = e->addr;
				in.port = e->port;
				in.version = d->version;
				in.domain = d->id;
				in.templates = d->ntmpl;
				in.datagrams = d->datagrams;
				in.flows = d->flows;
				in.lost = d->lost;
				in.sampling =
					d->rate_default ? d->rate_default : 1;
				in.sys_init = d->has_init ? d->sys_init : 0;
				in.last_seen = d->last_seen;
				cb(ud, &in);
			}
		}
	}
}
