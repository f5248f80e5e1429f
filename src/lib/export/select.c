/* SPDX-License-Identifier: Apache-2.0 */
/*
 * select.c — the export pipeline: select, dedupe, allowlists, trim, then
 * hand sorted lists to the format writer (see export.h and priv.h).
 *
 * Trimming. A device takes at most N entries and silently drops the rest
 * (PAN-OS 50k-150k addresses, FortiOS 300k, pf 200k), so when max_entries
 * is set we decide what is left out, and report it: entries are ranked by
 * confidence (highest first; ties by type, then prefix or value, so the
 * cut is deterministic) and the longest ranked prefix whose *written*
 * size fits is kept. The written size is not the entry count when IPs are
 * compacted: with aggregation two adjacent /25s become one /24, and nft
 * needs covered prefixes removed (an interval set refuses overlaps), so
 * it is not even monotone in the number of entries. trim.c computes it
 * exactly for every ranked prefix at once, and we take the largest that
 * fits. Output is then re-sorted by value, so the file does not depend on
 * the ranking.
 *
 * Allowlists. An IP entry loses the space of each DROP list in list
 * order; lf_cidr_subtract returns the minimal pieces, each becoming an
 * entry with the same members and confidence. The list arrays from
 * lf_allow_prefixes are aggregated and sorted, so the prefixes
 * overlapping an entry are one contiguous run found by bisection. The
 * union of all DROP lists and that of all WARN lists are searched first,
 * so an entry no list touches (the common case) costs two bisections
 * whatever the number of lists (warninglists come by the hundred).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "allow/allow.h"
#include "cidr/cidr.h"
#include "core/err.h"
#include "export/priv.h"

static const struct lf_xfmt *const fmts[LF_EXPORT__COUNT] = {
	[LF_EXPORT_EDL] = &lf_export_fmt_edl,
	[LF_EXPORT_NFT] = &lf_export_fmt_nft,
	[LF_EXPORT_IPSET] = &lf_export_fmt_ipset,
	[LF_EXPORT_RPZ] = &lf_export_fmt_rpz,
	[LF_EXPORT_HOSTS] = &lf_export_fmt_hosts,
	[LF_EXPORT_CSV] = &lf_export_fmt_csv,
	[LF_EXPORT_STIX] = &lf_export_fmt_stix,
};

static const char *const fmt_names[LF_EXPORT__COUNT] = {
	"edl", "nft", "ipset", "rpz", "hosts", "csv", "stix",
};

static const char *const rpz_names[LF_RPZ__COUNT] = {
	"nxdomain", "nodata", "drop",
};

/* ---- names ---- */

const char *lf_export_format_name(enum lf_export_format f)
{
	return (unsigned)f < LF_EXPORT__COUNT ? fmt_names[f] : "";
}

static int name_eq(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

int lf_export_format_parse(const char *s, size_t n, enum lf_export_format *out)
{
	for (unsigned i = 0; i < LF_EXPORT__COUNT; i++) {
		if (name_eq(s, n, fmt_names[i])) {
			*out = (enum lf_export_format)i;
			return 0;
		}
	}
	return LF_EMALF;
}

const char *lf_export_rpz_policy_name(enum lf_rpz_policy p)
{
	return (unsigned)p < LF_RPZ__COUNT ? rpz_names[p] : "";
}

int lf_export_rpz_policy_parse(const char *s, size_t n,
			       enum lf_rpz_policy *out)
{
	for (unsigned i = 0; i < LF_RPZ__COUNT; i++) {
		if (name_eq(s, n, rpz_names[i])) {
			*out = (enum lf_rpz_policy)i;
			return 0;
		}
	}
	return LF_EMALF;
}

int lf_export_types_parse(const char *s, size_t n, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{"ip", LF_EXPORT_T_IP},       {"domain", LF_EXPORT_T_DOMAIN},
		{"url", LF_EXPORT_T_URL},     {"hash", LF_EXPORT_T_HASH},
		{"email", LF_EXPORT_T_EMAIL}, {"all", LF_EXPORT_T_ALL},
	};
	unsigned mask = 0;
	size_t i = 0;
	for (;;) {
		size_t j = i;
		while (j < n && s[j] != ',')
			j++;
		size_t a = i, b = j;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		unsigned bit = 0;
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (name_eq(s + a, b - a, names[k].name))
				bit = names[k].bit;
		if (!bit)
			return LF_EMALF;
		mask |= bit;
		if (j >= n)
			break;
		i = j + 1;
	}
	*out = mask;
	return 0;
}

unsigned lf_export_type_bit(enum lf_ioc_type t)
{
	switch (t) {
	case LF_IOC_IPV4:
	case LF_IOC_IPV6:
		return LF_EXPORT_T_IP;
	case LF_IOC_DOMAIN:
		return LF_EXPORT_T_DOMAIN;
	case LF_IOC_URL:
		return LF_EXPORT_T_URL;
	case LF_IOC_MD5:
	case LF_IOC_SHA1:
	case LF_IOC_SHA256:
		return LF_EXPORT_T_HASH;
	case LF_IOC_EMAIL:
		return LF_EXPORT_T_EMAIL;
	default:
		return 0;
	}
}

/* ---- shared helpers for the writers ---- */

const struct lf_ioc *lf_export_rep_ioc(const struct lf_xctx *c,
				       const struct lf_xent *e)
{
	return c->cand[e->first].ioc;
}

const char *lf_export_key(const struct lf_xctx *c, const struct lf_xent *e)
{
	const struct lf_xcand *m = &c->cand[e->first];
	return m->ioc->value + m->koff;
}

int lf_export_time(lf_time_t t, int digits, char *buf, size_t cap)
{
	unsigned d;
	if (digits >= 0)
		d = (unsigned)digits;
	else if (t % LF_USEC_PER_SEC == 0)
		d = 0;
	else if (t % 1000 == 0)
		d = 3;
	else
		d = 6;
	return lf_time_format(t, d, buf, cap);
}

/* Decimal of v (< 1000) at s; returns the digits written. */
static size_t put_dec(char *s, unsigned v)
{
	size_t n = 0;
	if (v >= 100)
		s[n++] = (char)('0' + v / 100);
	if (v >= 10)
		s[n++] = (char)('0' + v / 10 % 10);
	s[n++] = (char)('0' + v % 10);
	return n;
}

int lf_export_prefix_text(const struct lf_prefix *p, char *buf, size_t cap)
{
	if (p->addr.af == LF_AF_V4 && cap >= 19) {
		/* the common case, without snprintf: "a.b.c.d[/len]" */
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			if (i)
				buf[n++] = '.';
			n += put_dec(buf + n, p->addr.b[i]);
		}
		if (p->len != 32) {
			buf[n++] = '/';
			n += put_dec(buf + n, p->len);
		}
		buf[n] = '\0';
		return (int)n;
	}
	if (p->len == lf_addr_bits(&p->addr))
		return lf_addr_format(&p->addr, buf, cap);
	return lf_prefix_format(p, buf, cap);
}

/* ---- comparisons ---- */

/* qsort and qsort_r with n == 0 and base NULL are undefined behaviour. */
static void sort(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static void sort_r(void *base, size_t n, size_t size,
		   int (*cmp)(const void *, const void *, void *), void *arg)
{
	if (n > 1)
		qsort_r(base, n, size, cmp, arg);
}

static int is_ip(unsigned type)
{
	return type == LF_IOC_IPV4 || type == LF_IOC_IPV6;
}

struct sortctx {
	const struct lf_xcand *cand;
};

static int cmp_u(size_t a, size_t b)
{
	return a < b ? -1 : a > b;
}

/* lf_prefix_cmp's order, with IPv4 compared as integers (sorting a
 * million prefixes is most of an export's time). */
static int pfx_cmp(const struct lf_prefix *a, const struct lf_prefix *b)
{
	if (a->addr.af == LF_AF_V4 && b->addr.af == LF_AF_V4) {
		uint32_t x = lf_addr_v4(&a->addr), y = lf_addr_v4(&b->addr);
		if (x != y)
			return x < y ? -1 : 1;
		return a->len < b->len ? -1 : a->len > b->len;
	}
	return lf_prefix_cmp(a, b);
}

/* Order of (type, key): the output order and the dedupe key. */
static int cmp_value(const struct lf_ioc *a, uint16_t ka,
		     const struct lf_ioc *b, uint16_t kb)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (is_ip(a->type))
		return pfx_cmp(&a->pfx, &b->pfx);
	return strcmp(a->value + ka, b->value + kb);
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct lf_xcand *a = pa, *b = pb;
	const struct lf_ioc *ia = a->ioc;
	const struct lf_ioc *ib = b->ioc;
	int r = cmp_value(ia, a->koff, ib, b->koff);
	if (r)
		return r;
	if (a->conf != b->conf)
		return a->conf > b->conf ? -1 : 1;
	return cmp_u(a->idx, b->idx);
}

/* Entries by (type, prefix or key). */
static int cmp_ent_value(const struct sortctx *s, const struct lf_xent *a,
			 const struct lf_xent *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (is_ip(a->type))
		return pfx_cmp(&a->pfx, &b->pfx);
	const struct lf_xcand *ma = &s->cand[a->first], *mb = &s->cand[b->first];
	return strcmp(ma->ioc->value + ma->koff,
		      mb->ioc->value + mb->koff);
}

static int cmp_ent(const void *pa, const void *pb, void *arg)
{
	const struct lf_xent *a = pa, *b = pb;
	int r = cmp_ent_value(arg, a, b);
	if (r)
		return r;
	if (a->conf != b->conf)
		return a->conf > b->conf ? -1 : 1;
	return cmp_u(a->first, b->first);
}

static int cmp_pfx(const void *a, const void *b)
{
	return pfx_cmp(a, b);
}

/* ---- step 1: select ---- */

static void count_inactive(struct lf_export_report *rep,
			   const struct lf_ioc *ioc, lf_time_t now)
{
	rep->inactive++;
	if (ioc->flags & LF_IOC_F_REVOKED)
		rep->revoked++;
	else if (ioc->flags & LF_IOC_F_NOIDS)
		rep->noids++;
	else if (now < ioc->valid_from)
		rep->not_yet_valid++;
	else if (now >= ioc->valid_until)
		rep->expired++;
	else
		rep->decayed++;
}

static int select_cands(const struct lf_xctx *c, const struct lf_xfmt *f,
			struct lf_xcand **out, size_t *nout)
{
	const struct lf_export_opts *o = c->o;
	struct lf_export_report *rep = c->rep;
	size_t n = lf_iocset_count(c->set), nv = 0, cap = 0;
	struct lf_xcand *v = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct lf_ioc *ioc = lf_iocset_get(c->set, i);
		if (!(lf_export_type_bit((enum lf_ioc_type)ioc->type) &
		      c->types))
			continue;
		rep->considered++;
		if (!lf_iocset_active(c->set, ioc, c->now)) {
			count_inactive(rep, ioc, c->now);
			continue;
		}
		if (o->max_tlp != LF_TLP_UNSET) {
			unsigned tlp = ioc->tlp == LF_TLP_UNSET ? LF_TLP_AMBER
								: ioc->tlp;
			if (tlp > (unsigned)o->max_tlp) {
				rep->above_tlp++;
				continue;
			}
		}
		uint8_t conf = lf_iocset_confidence(c->set, ioc, c->now);
		if (conf < o->min_confidence) {
			rep->below_confidence++;
			continue;
		}
		uint16_t koff = 0;
		if (f->express && !f->express(c, ioc, &koff)) {
			rep->unexpressible++;
			continue;
		}
		if (nv == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct lf_xcand *p = realloc(v, nc * sizeof(*p));
			if (!p) {
				free(v);
				return -ENOMEM;
			}
			v = p;
			cap = nc;
		}
		v[nv].ioc = ioc;
		v[nv].idx = i;
		v[nv].koff = koff;
		v[nv].conf = conf;
		nv++;
	}
	rep->selected = nv;
	*out = v;
	*nout = nv;
	return 0;
}

/* ---- step 2: dedupe ---- */

/*
 * Sort the candidates by cmp_cand. IPv4 (the first type, and in national
 * lists nearly all of them) goes by an LSD radix sort on the 48-bit key
 * address|length|255-confidence; being stable over index order, it breaks
 * the remaining ties by index exactly as cmp_cand does. The rest: qsort.
 */
struct rkey {
	uint64_t key;
	size_t pos;
};

static int sort_cands(struct lf_xcand *v, size_t n)
{
	if (n < 2)
		return 0;
	size_t n4 = 0;
	for (size_t i = 0; i < n; i++)
		n4 += v[i].ioc->type == LF_IOC_IPV4;
	struct lf_xcand *tmp = malloc(n * sizeof(*tmp));
	struct rkey *a = malloc((n4 ? n4 : 1) * sizeof(*a));
	struct rkey *b = malloc((n4 ? n4 : 1) * sizeof(*b));
	if (!tmp || !a || !b) {
		free(tmp);
		free(a);
		free(b);
		return -ENOMEM;
	}
	/* stable partition: IPv4 first */
	size_t i4 = 0, io = n4;
	for (size_t i = 0; i < n; i++) {
		if (v[i].ioc->type == LF_IOC_IPV4) {
			const struct lf_ioc *c = v[i].ioc;
			a[i4].key = (uint64_t)lf_addr_v4(&c->pfx.addr) << 16 |
				    (uint64_t)c->pfx.len << 8 |
				    (uint64_t)(255 - v[i].conf);
			a[i4].pos = i4;
			tmp[i4++] = v[i];
		} else {
			tmp[io++] = v[i];
		}
	}
	for (unsigned shift = 0; shift < 48; shift += 8) {
		size_t cnt[256] = {0};
		for (size_t i = 0; i < n4; i++)
			cnt[(a[i].key >> shift) & 0xff]++;
		size_t sum = 0;
		for (unsigned d = 0; d < 256; d++) {
			size_t t = cnt[d];
			cnt[d] = sum;
			sum += t;
		}
		for (size_t i = 0; i < n4; i++)
			b[cnt[(a[i].key >> shift) & 0xff]++] = a[i];
		struct rkey *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n4; i++)
		v[i] = tmp[a[i].pos];
	memcpy(v + n4, tmp + n4, (n - n4) * sizeof(*v));
	sort(v + n4, n - n4, sizeof(*v), cmp_cand);
	free(tmp);
	free(a);
	free(b);
	return 0;
}

static int dedupe(const struct lf_xctx *c, const struct lf_xfmt *f,
		  struct lf_xcand *cand, size_t nc, struct lf_xent **out,
		  size_t *nout)
{
	if (nc > UINT32_MAX)
		return LF_ELIMIT; /* lf_xent.first is 32 bits */
	if (sort_cands(cand, nc))
		return -ENOMEM;
	struct lf_xent *e = nc ? malloc(nc * sizeof(*e)) : NULL;
	if (nc && !e)
		return -ENOMEM;
	size_t ne = 0;
	for (size_t i = 0; i < nc;) {
		const struct lf_ioc *first = cand[i].ioc;
		size_t j = i + 1;
		uint8_t sub = (first->flags & LF_IOC_F_SUBDOMAINS) != 0;
		while (j < nc) {
			const struct lf_ioc *o = cand[j].ioc;
			if (cmp_value(first, cand[i].koff, o, cand[j].koff))
				break;
			sub |= (o->flags & LF_IOC_F_SUBDOMAINS) != 0;
			j++;
		}
		struct lf_xent *x = &e[ne];
		memset(x, 0, sizeof(*x));
		x->pfx = first->pfx;
		x->first = (uint32_t)i;
		x->n = (uint32_t)(j - i);
		x->type = first->type;
		x->conf = cand[i].conf;
		x->sub = first->type == LF_IOC_DOMAIN ? sub : 0;
		x->weight = 1;
		c->rep->duplicates += j - i - 1;
		i = j;
		if (!is_ip(x->type) && f->weight) {
			int narrowed = 0;
			unsigned w = f->weight(c, x, &narrowed);
			if (w == 0) {
				c->rep->unexpressible++;
				continue;
			}
			x->weight = (uint8_t)w;
		}
		ne++;
	}
	*out = e;
	*nout = ne;
	return 0;
}

/* ---- step 3: allowlists ---- */

struct alist {
	const struct lf_prefix *p; /* aggregated, sorted, IPv4 first */
	size_t n4, n;
	enum lf_allow_action act;
	uint32_t types; /* lf_allow_stats.types */
};

/* Every list, and the union of the DROP and of the WARN lists that apply
 * to IPs: an entry that misses a union skips that action's lists. */
struct allowdata {
	struct alist *al;
	size_t nl;
	struct alist drop, warn;
};

#define IP_TYPES ((1u << LF_IOC_IPV4) | (1u << LF_IOC_IPV6))

static void count_v4(struct alist *l)
{
	l->n4 = 0;
	while (l->n4 < l->n && l->p[l->n4].addr.af == LF_AF_V4)
		l->n4++;
}

/* Union of the lists with action act that apply to IPs, aggregated. */
static int build_union(struct allowdata *d, enum lf_allow_action act,
		       struct alist *u)
{
	size_t total = 0;
	for (size_t l = 0; l < d->nl; l++)
		if (d->al[l].act == act && (d->al[l].types & IP_TYPES))
			total += d->al[l].n;
	memset(u, 0, sizeof(*u));
	u->act = act;
	u->types = IP_TYPES;
	if (total == 0)
		return 0;
	struct lf_prefix *p = malloc(total * sizeof(*p));
	if (!p)
		return -ENOMEM;
	size_t k = 0;
	for (size_t l = 0; l < d->nl; l++)
		if (d->al[l].act == act && (d->al[l].types & IP_TYPES)) {
			memcpy(p + k, d->al[l].p, d->al[l].n * sizeof(*p));
			k += d->al[l].n;
		}
	int rc = lf_cidr_aggregate(p, k, &u->n);
	if (rc) {
		free(p);
		return rc;
	}
	u->p = p;
	count_v4(u);
	return 0;
}

static void pfx_last(const struct lf_prefix *p, uint8_t out[16])
{
	unsigned nbytes = lf_addr_bits(&p->addr) / 8, full = p->len / 8u,
		 rem = p->len % 8u;
	memcpy(out, p->addr.b, 16);
	if (full < nbytes) {
		out[full] |= (uint8_t)(0xffu >> rem);
		for (unsigned k = full + 1; k < nbytes; k++)
			out[k] = 0xff;
	}
}

/* Run [*lo, *hi) of list prefixes overlapping q. */
static void overlap_run(const struct alist *l, const struct lf_prefix *q,
			size_t *lo, size_t *hi)
{
	size_t b = q->addr.af == LF_AF_V4 ? 0 : l->n4;
	size_t e = q->addr.af == LF_AF_V4 ? l->n4 : l->n;
	uint8_t qlo[16], qhi[16], last[16];
	memcpy(qlo, q->addr.b, 16);
	pfx_last(q, qhi);
	/* first whose last address >= qlo */
	size_t a = b, z = e;
	while (a < z) {
		size_t m = a + (z - a) / 2;
		pfx_last(&l->p[m], last);
		if (memcmp(last, qlo, 16) < 0)
			a = m + 1;
		else
			z = m;
	}
	size_t j = a;
	while (j < e && memcmp(l->p[j].addr.b, qhi, 16) <= 0)
		j++;
	*lo = a;
	*hi = j;
}

static void count_addrs(const struct lf_prefix *p, size_t n, uint64_t *v4,
			double *v6)
{
	*v4 = 0;
	*v6 = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].addr.af == LF_AF_V4)
			*v4 += (uint64_t)1 << (32 - p[i].len);
		else
			*v6 += ldexp(1.0, 128 - p[i].len);
	}
}

struct entvec {
	struct lf_xent *v;
	size_t n, cap;
};

static int entvec_push(struct entvec *ev, const struct lf_xent *x)
{
	if (ev->n == ev->cap) {
		size_t nc = ev->cap ? ev->cap * 2 : 256;
		struct lf_xent *p = realloc(ev->v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		ev->v = p;
		ev->cap = nc;
	}
	ev->v[ev->n++] = *x;
	return 0;
}

/* Subtract the DROP lists from one IP entry; push what is left. */
static int allow_ip(const struct lf_xctx *c, const struct allowdata *d,
		    const struct lf_xent *x, struct entvec *ev)
{
	const struct alist *al = d->al;
	size_t nl = d->nl, lo, hi;
	struct lf_export_report *rep = c->rep;
	struct lf_prefix one = x->pfx, *pieces = &one, *owned = NULL;
	size_t np = 1;
	int cut = 0, rc = 0;
	uint32_t tbit = 1u << x->type;

	overlap_run(&d->drop, &x->pfx, &lo, &hi);
	int near = lo != hi;
	for (size_t l = 0; near && l < nl; l++) {
		if (al[l].act != LF_ALLOW_DROP || !(al[l].types & tbit))
			continue;
		overlap_run(&al[l], &x->pfx, &lo, &hi);
		if (lo == hi)
			continue;
		struct lf_prefix *res = NULL;
		size_t nres = 0;
		if (hi - lo == 1 && lf_prefix_covers(&al[l].p[lo], &x->pfx)) {
			nres = 0;
		} else {
			rc = lf_cidr_subtract(pieces, np, al[l].p + lo, hi - lo,
					      0, &res, &nres);
			if (rc)
				goto out;
		}
		uint64_t b4, a4;
		double b6, a6;
		count_addrs(pieces, np, &b4, &b6);
		count_addrs(res, nres, &a4, &a6);
		if (b4 == a4 && b6 == a6) {
			free(res);
			continue;
		}
		rep->lists[l].addrs4 += b4 - a4;
		rep->lists[l].addrs6 += b6 - a6;
		free(owned);
		owned = pieces = res;
		np = nres;
		if (np == 0) {
			rep->lists[l].removed++;
			rep->allow_dropped++;
			goto out;
		}
		rep->lists[l].cut++;
		cut = 1;
	}
	/* WARN lists: any overlap with what is left. */
	size_t warn = SIZE_MAX;
	near = 0;
	for (size_t i = 0; i < np && !near; i++) {
		overlap_run(&d->warn, &pieces[i], &lo, &hi);
		near = lo != hi;
	}
	for (size_t l = 0; near && l < nl && warn == SIZE_MAX; l++) {
		if (al[l].act != LF_ALLOW_WARN || !(al[l].types & tbit))
			continue;
		for (size_t i = 0; i < np; i++) {
			overlap_run(&al[l], &pieces[i], &lo, &hi);
			if (lo != hi) {
				warn = l;
				break;
			}
		}
	}
	if (warn != SIZE_MAX) {
		rep->lists[warn].warned++;
		rep->allow_warned++;
	}
	if (cut)
		rep->allow_cut++;
	for (size_t i = 0; i < np && rc == 0; i++) {
		struct lf_xent y = *x;
		y.pfx = pieces[i];
		rc = entvec_push(ev, &y);
	}
out:
	free(owned);
	return rc;
}

/* Domains, URLs, hashes, e-mail: lf_allow_check on each distinct member. */
static int allow_other(const struct lf_xctx *c, const struct lf_allow *allow,
		       const struct lf_xent *x, struct entvec *ev)
{
	struct lf_export_report *rep = c->rep;
	struct lf_ioc_value v;
	const char *prev = NULL;
	size_t warn = SIZE_MAX;

	for (uint32_t i = 0; i < x->n; i++) {
		const struct lf_ioc *m =
			c->cand[x->first + i].ioc;
		if (prev && strcmp(prev, m->value) == 0)
			continue;
		prev = m->value;
		size_t len = strlen(m->value);
		if (len > LF_IOC_VALUE_MAX)
			continue; /* cannot be a canonical value */
		v.type = (enum lf_ioc_type)m->type;
		memset(&v.pfx, 0, sizeof(v.pfx));
		v.masked = 0;
		v.subdomains = x->type == LF_IOC_DOMAIN && x->sub;
		v.len = len;
		memcpy(v.text, m->value, len + 1);
		size_t list;
		enum lf_allow_action act;
		int rc = lf_allow_check(allow, &v, &list, &act);
		if (rc == LF_ENOENT)
			continue;
		if (rc)
			return rc;
		if (list >= rep->n_lists)
			continue;
		if (act == LF_ALLOW_DROP) {
			rep->lists[list].removed++;
			rep->allow_dropped++;
			return 0;
		}
		if (act == LF_ALLOW_WARN && warn == SIZE_MAX)
			warn = list;
		if (x->type == LF_IOC_DOMAIN)
			break; /* every member has the same value */
	}
	if (warn != SIZE_MAX) {
		rep->lists[warn].warned++;
		rep->allow_warned++;
	}
	return entvec_push(ev, x);
}

static int apply_allow(const struct lf_xctx *c, const struct lf_allow *allow,
		       struct lf_xent **ent, size_t *nent)
{
	struct lf_export_report *rep = c->rep;
	struct allowdata d;
	memset(&d, 0, sizeof(d));
	d.nl = lf_allow_count(allow);
	rep->n_lists = d.nl;
	if (d.nl == 0)
		return 0;
	rep->lists = calloc(d.nl, sizeof(*rep->lists));
	d.al = calloc(d.nl, sizeof(*d.al));
	struct entvec ev = {0};
	int rc = -ENOMEM;
	if (!rep->lists || !d.al)
		goto out;
	for (size_t l = 0; l < d.nl; l++) {
		struct alist *a = &d.al[l];
		struct lf_allow_stats st;
		a->act = lf_allow_action_of(allow, l);
		if (lf_allow_stats(allow, l, &st) == 0)
			a->types = st.types;
		if (a->act == LF_ALLOW_IGNORE ||
		    lf_allow_prefixes(allow, l, &a->p, &a->n) != 0) {
			a->p = NULL;
			a->n = 0;
		}
		count_v4(a);
	}
	rc = build_union(&d, LF_ALLOW_DROP, &d.drop);
	if (!rc)
		rc = build_union(&d, LF_ALLOW_WARN, &d.warn);
	for (size_t i = 0; i < *nent && rc == 0; i++) {
		const struct lf_xent *x = &(*ent)[i];
		rc = is_ip(x->type) ? allow_ip(c, &d, x, &ev)
				    : allow_other(c, allow, x, &ev);
	}
	if (rc)
		goto out;
	free(*ent);
	*ent = ev.v;
	*nent = ev.n;
	ev.v = NULL;
out:
	free(ev.v);
	free(d.al);
	free((void *)d.drop.p);
	free((void *)d.warn.p);
	return rc;
}

/*
 * Subtraction can leave two entries with the same prefix (a piece of a
 * /16 equal to a separately listed /21). Keep the better one of each.
 */
static size_t resort_unique(const struct lf_xctx *c, struct lf_xent *e,
			    size_t n)
{
	struct sortctx s = {c->cand};
	size_t i = 1;
	while (i < n && cmp_ent(&e[i - 1], &e[i], &s) < 0)
		i++;
	if (i < n)
		sort_r(e, n, sizeof(*e), cmp_ent, &s);
	size_t w = 0;
	for (i = 0; i < n; i++) {
		if (w && is_ip(e[i].type) && e[w - 1].type == e[i].type &&
		    lf_prefix_cmp(&e[w - 1].pfx, &e[i].pfx) == 0) {
			c->rep->duplicates++;
			continue;
		}
		e[w++] = e[i];
	}
	return w;
}

/* ---- step 4: compaction and trimming ---- */

/*
 * Ranking for trimming: confidence descending, ties in value order. The
 * entries are in value order already, so a stable counting sort on the
 * confidence (0..100) gives it in O(n).
 */
static void rank(const struct lf_xent *e, size_t n, size_t *order)
{
	size_t cnt[257] = {0};
	for (size_t i = 0; i < n; i++)
		cnt[255 - e[i].conf + 1]++;
	for (unsigned d = 1; d < 257; d++)
		cnt[d] += cnt[d - 1];
	for (size_t i = 0; i < n; i++)
		order[cnt[255 - e[i].conf]++] = i;
}

/* Drop prefixes covered by another; p sorted by lf_prefix_cmp. */
static size_t drop_covered(struct lf_prefix *p, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		if (w && p[w - 1].addr.af == p[i].addr.af &&
		    lf_prefix_covers(&p[w - 1], &p[i]))
			continue;
		p[w++] = p[i];
	}
	return w;
}

static int compact(struct lf_prefix *p, size_t n, int aggregate, size_t *out)
{
	if (aggregate)
		return lf_cidr_aggregate(p, n, out);
	size_t i = 1;
	while (i < n && pfx_cmp(&p[i - 1], &p[i]) <= 0)
		i++;
	if (i < n)
		sort(p, n, sizeof(*p), cmp_pfx);
	*out = drop_covered(p, n);
	return 0;
}

/* ---- the entry point ---- */

void lf_export_report_free(struct lf_export_report *rep)
{
	if (!rep)
		return;
	free(rep->lists);
	rep->lists = NULL;
	rep->n_lists = 0;
}

static int check_opts(const struct lf_export_opts *o, const struct lf_xfmt *f,
		      unsigned *types)
{
	if (o->min_confidence > 100 || (unsigned)o->max_tlp >= LF_TLP__COUNT ||
	    (unsigned)o->rpz_policy >= LF_RPZ__COUNT)
		return -EINVAL;
	unsigned t = o->types ? o->types : f->natural;
	if (t & ~LF_EXPORT_T_ALL)
		return -EINVAL;
	if (t & ~f->allowed)
		return LF_EUNSUP;
	if (f->one_type && (t & (t - 1)))
		return LF_EUNSUP;
	if (o->aggregate && !f->compact_ip)
		return LF_EUNSUP;
	*types = t;
	return 0;
}

static int run(struct lf_xctx *c, const struct lf_xfmt *f,
	       const struct lf_allow *allow)
{
	struct lf_export_report *rep = c->rep;
	struct lf_xcand *cand = NULL;
	struct lf_xent *ent = NULL;
	size_t ncand = 0, nent = 0;
	size_t *order = NULL, *sizes = NULL;
	struct lf_prefix *scratch = NULL, *ip = NULL;
	struct lf_xent *kept = NULL;
	uint8_t *keep = NULL;
	int rc;

	rc = select_cands(c, f, &cand, &ncand);
	if (rc)
		goto out;
	c->cand = cand;
	rc = dedupe(c, f, cand, ncand, &ent, &nent);
	if (rc)
		goto out;
	if (allow) {
		rc = apply_allow(c, allow, &ent, &nent);
		if (rc)
			goto out;
	}
	nent = resort_unique(c, ent, nent);
	rep->candidates = nent;

	/* rank, then keep the longest ranked prefix whose size fits */
	rc = -ENOMEM;
	order = malloc((nent + 1) * sizeof(*order));
	sizes = malloc((nent + 1) * sizeof(*sizes));
	scratch = malloc((nent + 1) * sizeof(*scratch));
	if (!order || !sizes || !scratch)
		goto out;
	for (size_t i = 0; i < nent; i++)
		order[i] = i;
	size_t k = nent;
	if (c->o->max_entries) {
		rank(ent, nent, order);
		rc = lf_export_trim_sizes(ent, order, nent, f->compact_ip,
					  c->o->aggregate, f->split_zero,
					  sizes);
		if (rc)
			goto out;
		while (k > 0 && sizes[k] > c->o->max_entries)
			k--;
	}
	rep->cut_by_max = nent - k;
	if (k < nent && k > 0)
		rep->cut_min_kept_conf = ent[order[k - 1]].conf;

	/* the kept entries, back in value order */
	rc = -ENOMEM;
	kept = malloc((k + 1) * sizeof(*kept));
	keep = calloc(nent + 1, 1);
	if (!kept || !keep)
		goto out;
	for (size_t i = 0; i < k; i++)
		keep[order[i]] = 1;
	size_t nk = 0, nipk = 0;
	for (size_t i = 0; i < nent; i++) {
		const struct lf_xent *x = &ent[i];
		if (!keep[i])
			continue;
		if (f->compact_ip && is_ip(x->type))
			scratch[nipk++] = x->pfx;
		else
			kept[nk++] = *x;
	}
	size_t nipc = 0;
	if (f->compact_ip) {
		rc = compact(scratch, nipk, c->o->aggregate, &nipc);
		if (rc)
			goto out;
		if (c->o->aggregate) {
			rep->aggregated_from = nipk;
			rep->aggregated_to = nipc;
		} else {
			rep->redundant = nipk - nipc;
		}
		ip = scratch;
		scratch = NULL;
	}
	for (size_t i = 0; i < nk; i++) {
		int narrowed = 0;
		if (!is_ip(kept[i].type) && f->weight)
			f->weight(c, &kept[i], &narrowed);
		rep->narrowed += narrowed != 0;
	}
	c->ent = kept;
	c->n_ent = nk;
	c->ip = ip;
	c->n_ip = nipc;
	rc = f->write(c);
out:
	free(cand);
	free(ent);
	free(order);
	free(sizes);
	free(scratch);
	free(ip);
	free(kept);
	free(keep);
	c->cand = NULL;
	c->ent = NULL;
	c->ip = NULL;
	return rc;
}

int lf_export(const struct lf_iocset *set, const struct lf_allow *allow,
	      const struct lf_export_opts *o, struct lf_buf *out,
	      struct lf_export_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	if ((unsigned)o->format >= LF_EXPORT__COUNT)
		return -EINVAL;
	const struct lf_xfmt *f = fmts[o->format];
	struct lf_xctx c;
	memset(&c, 0, sizeof(c));
	int rc = check_opts(o, f, &c.types);
	if (rc)
		return rc;
	c.set = set;
	c.o = o;
	c.rep = rep;
	c.out = out;
	c.now = o->now ? o->now : lf_time_now();
	c.name = o->name;
	if (f->prepare) {
		rc = f->prepare(&c);
		if (rc)
			return rc;
	}
	size_t start = out->len;
	rc = run(&c, f, allow);
	if (rc) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		lf_export_report_free(rep);
	}
	return rc;
}
