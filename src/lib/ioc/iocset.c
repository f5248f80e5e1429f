/* SPDX-License-Identifier: Apache-2.0 */
/*
 * iocset.c — the indicator set and its match indexes.
 *
 * Storage. Indicators live in one growable array (struct lf_ioc, 72 bytes
 * each); their strings in one capped arena. Sources are a small table
 * indexed by a uint16. Nothing is ever removed: a set is built once from
 * feeds, matched for a while, then replaced whole (the sensor swaps sets
 * on reload), which keeps every structure append-only and lock-free to read.
 *
 * Indexes, built by lf_iocset_build():
 *  - IPv4 and IPv6 prefixes go into the LPM tables of src/lib/lpm (DIR-24-8
 *    and a compressed trie) with the indicator index as the value; a lookup
 *    yields the longest covering prefix node and its parent chain, i.e.
 *    every indicator covering the address.
 *  - Every other type goes into one open-addressing hash table keyed by
 *    XXH3(type, canonical value). A slot holds the key hash and the first
 *    indicator index of that key; `next[]` chains further indicators with the
 *    same key (several sources listing one domain), so a lookup costs one
 *    probe sequence plus a strcmp per candidate key.
 *  - Domains: an exact lookup of the name, then one lookup per parent
 *    domain ("a.b.example.com" -> "b.example.com" -> "example.com" -> "com")
 *    keeping only indicators flagged LF_IOC_F_SUBDOMAINS. At most 127
 *    parents (253 octets), so the cost is bounded.
 *
 * Memory: 72 bytes per indicator + strings + 12 bytes of hash table per
 * non-IP indicator (load factor <= 0.5) + the LPM tables.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "core/arena.h"
#include "core/err.h"
#include "ioc/iocset.h"
#include "lpm/lpm.h"

#define DEFAULT_MAX_IOCS ((size_t)50 * 1000 * 1000)
#define DEFAULT_MAX_BYTES ((size_t)16 << 30)
#define NONE UINT32_MAX

struct slot {
	uint64_t hash; /* 0 = empty (a real hash of 0 is remapped to 1) */
	uint32_t first;
};

/* One open-addressing table with per-key chains through next[]. */
struct htab {
	struct slot *slots;
	size_t nslots;  /* power of two */
	uint32_t *next; /* per indicator: next with the same key, or NONE */
};

struct lf_iocset {
	struct lf_ioc *v;
	size_t n, cap;
	struct lf_source *src;
	size_t nsrc, srccap;
	struct lf_arena strings;
	size_t max_iocs, max_bytes;
	uint64_t cap_hits;
	int built;

	struct lf_lpm4 *lpm4;
	struct lf_lpm6 *lpm6;
	struct htab all;  /* every non-IP indicator by (type, value) */
	struct htab sub;  /* domains flagged SUBDOMAINS, for the parent walk */
	unsigned sub_min_labels; /* fewest labels of any SUBDOMAINS domain */
};

static void htab_free(struct htab *t)
{
	free(t->slots);
	free(t->next);
	memset(t, 0, sizeof(*t));
}

int lf_iocset_new(const struct lf_iocset_limits *lim, struct lf_iocset **out)
{
	struct lf_iocset *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->max_iocs = lim && lim->max_indicators ? lim->max_indicators
						 : DEFAULT_MAX_IOCS;
	s->max_bytes = lim && lim->max_bytes ? lim->max_bytes : DEFAULT_MAX_BYTES;
	if (s->max_iocs > UINT32_MAX - 1)
		s->max_iocs = UINT32_MAX - 1;
	lf_arena_init(&s->strings, 64 * 1024, s->max_bytes);
	*out = s;
	return 0;
}

void lf_iocset_free(struct lf_iocset *s)
{
	if (!s)
		return;
	lf_lpm4_free(s->lpm4);
	lf_lpm6_free(s->lpm6);
	htab_free(&s->all);
	htab_free(&s->sub);
	free(s->v);
	free(s->src);
	lf_arena_free(&s->strings);
	free(s);
}

static size_t mem_used(const struct lf_iocset *s)
{
	size_t m = sizeof(*s) + s->cap * sizeof(*s->v) +
		   s->srccap * sizeof(*s->src) + s->strings.total_bytes;
	m += s->all.nslots * sizeof(struct slot) + s->sub.nslots * sizeof(struct slot);
	if (s->all.next)
		m += s->n * sizeof(uint32_t);
	if (s->sub.next)
		m += s->n * sizeof(uint32_t);
	if (s->lpm4)
		m += lf_lpm4_mem(s->lpm4);
	if (s->lpm6)
		m += lf_lpm6_mem(s->lpm6);
	return m;
}

size_t lf_iocset_mem(const struct lf_iocset *s)
{
	return mem_used(s);
}

int lf_iocset_source(struct lf_iocset *s, const char *name, uint16_t *id)
{
	for (size_t i = 0; i < s->nsrc; i++) {
		if (strcmp(s->src[i].name, name) == 0) {
			*id = (uint16_t)i;
			return 0;
		}
	}
	if (s->nsrc >= LF_SOURCE_MAX) {
		s->cap_hits++;
		return LF_ELIMIT;
	}
	if (s->nsrc == s->srccap) {
		size_t nc = s->srccap ? s->srccap * 2 : 8;
		struct lf_source *p = realloc(s->src, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		s->src = p;
		s->srccap = nc;
	}
	char *nm = lf_arena_strndup(&s->strings, name, strlen(name));
	if (!nm) {
		s->cap_hits++;
		return LF_ELIMIT;
	}
	struct lf_source *src = &s->src[s->nsrc];
	memset(src, 0, sizeof(*src));
	src->name = nm;
	src->default_confidence = 50;
	src->added = lf_time_now();
	*id = (uint16_t)s->nsrc++;
	return 0;
}

struct lf_source *lf_iocset_source_get(struct lf_iocset *s, uint16_t id)
{
	return id < s->nsrc ? &s->src[id] : NULL;
}

const struct lf_source *lf_iocset_source_cget(const struct lf_iocset *s,
					       uint16_t id)
{
	return id < s->nsrc ? &s->src[id] : NULL;
}

size_t lf_iocset_source_count(const struct lf_iocset *s)
{
	return s->nsrc;
}

static const char *dup_opt(struct lf_iocset *s, const char *str, int *fail)
{
	if (!str)
		return NULL;
	char *p = lf_arena_strndup(&s->strings, str, strlen(str));
	if (!p)
		*fail = 1;
	return p;
}

int lf_iocset_add(struct lf_iocset *s, const struct lf_ioc *ioc)
{
	if (s->built)
		return LF_ESTATE;
	if (ioc->type == LF_IOC_NONE || ioc->type >= LF_IOC__COUNT ||
	    !ioc->value || ioc->source >= s->nsrc || ioc->tlp >= LF_TLP__COUNT ||
	    (ioc->confidence > 100 && ioc->confidence != LF_CONF_UNSET))
		return LF_EMALF;
	if (ioc->type == LF_IOC_IPV4 &&
	    (ioc->pfx.addr.af != LF_AF_V4 || ioc->pfx.len > 32))
		return LF_EMALF;
	if (ioc->type == LF_IOC_IPV6 &&
	    (ioc->pfx.addr.af != LF_AF_V6 || ioc->pfx.len > 128))
		return LF_EMALF;
	if (s->n >= s->max_iocs || mem_used(s) > s->max_bytes) {
		s->cap_hits++;
		return LF_ELIMIT;
	}
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 1024;
		if (nc > s->max_iocs)
			nc = s->max_iocs;
		struct lf_ioc *p = realloc(s->v, nc * sizeof(*p));
		if (!p)
			return -ENOMEM;
		s->v = p;
		s->cap = nc;
	}
	struct lf_ioc c = *ioc;
	int fail = 0;
	c.value = dup_opt(s, ioc->value, &fail);
	c.ref = dup_opt(s, ioc->ref, &fail);
	c.labels = dup_opt(s, ioc->labels, &fail);
	c.kill_chain = dup_opt(s, ioc->kill_chain, &fail);
	if (fail) {
		s->cap_hits++;
		return LF_ELIMIT;
	}
	if (c.type == LF_IOC_IPV4 || c.type == LF_IOC_IPV6)
		lf_addr_mask(&c.pfx.addr, c.pfx.len);
	s->v[s->n++] = c;
	return 0;
}

size_t lf_iocset_count(const struct lf_iocset *s)
{
	return s->n;
}

const struct lf_ioc *lf_iocset_get(const struct lf_iocset *s, size_t idx)
{
	return idx < s->n ? &s->v[idx] : NULL;
}

uint64_t lf_iocset_cap_hits(const struct lf_iocset *s)
{
	return s->cap_hits + s->strings.cap_hits;
}

/* ---- hash index ---- */

static uint64_t key_hash(unsigned type, const char *v, size_t n)
{
	uint64_t h = XXH3_64bits_withSeed(v, n, (uint64_t)type * 0x9e3779b97f4a7c15ULL + 1);
	return h ? h : 1;
}

static int is_hashed(unsigned type)
{
	return type != LF_IOC_IPV4 && type != LF_IOC_IPV6;
}

/* Find the slot of (type, value) or the empty slot where it would go. */
static struct slot *find_slot(const struct lf_iocset *s, const struct htab *t,
			      unsigned type, const char *v, size_t n, uint64_t h)
{
	size_t mask = t->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *sl = &t->slots[i];
		if (sl->hash == 0)
			return sl;
		if (sl->hash == h) {
			const struct lf_ioc *c = &s->v[sl->first];
			if (c->type == type && strncmp(c->value, v, n) == 0 &&
			    c->value[n] == '\0')
				return sl;
		}
	}
}

static unsigned labels_of(const char *v)
{
	unsigned l = 1;
	for (; *v; v++)
		l += *v == '.';
	return l;
}

/* Fill t with the indicators `want` accepts, chains in add order. */
static int htab_build(struct lf_iocset *s, struct htab *t,
		      int (*want)(const struct lf_ioc *))
{
	size_t nh = 0;
	for (size_t i = 0; i < s->n; i++)
		nh += want(&s->v[i]) != 0;
	size_t ns = 16;
	while (ns < nh * 2)
		ns *= 2;
	t->slots = calloc(ns, sizeof(*t->slots));
	t->next = nh ? malloc(s->n * sizeof(*t->next)) : NULL;
	if (!t->slots || (nh && !t->next))
		return -ENOMEM;
	t->nslots = ns;
	if (!nh)
		return 0;
	/* Insert in reverse so each chain lists indicators in add order. */
	for (size_t k = s->n; k-- > 0;) {
		const struct lf_ioc *c = &s->v[k];
		t->next[k] = NONE;
		if (!want(c))
			continue;
		size_t len = strlen(c->value);
		uint64_t h = key_hash(c->type, c->value, len);
		struct slot *sl = find_slot(s, t, c->type, c->value, len, h);
		if (sl->hash)
			t->next[k] = sl->first;
		else
			sl->hash = h;
		sl->first = (uint32_t)k;
	}
	return 0;
}

static int want_all(const struct lf_ioc *c)
{
	return is_hashed(c->type);
}

static int want_sub(const struct lf_ioc *c)
{
	return c->type == LF_IOC_DOMAIN && (c->flags & LF_IOC_F_SUBDOMAINS);
}

static int build_hash(struct lf_iocset *s)
{
	int rc = htab_build(s, &s->all, want_all);
	if (rc == 0)
		rc = htab_build(s, &s->sub, want_sub);
	s->sub_min_labels = UINT32_MAX;
	for (size_t i = 0; i < s->n; i++) {
		if (want_sub(&s->v[i])) {
			unsigned l = labels_of(s->v[i].value);
			if (l < s->sub_min_labels)
				s->sub_min_labels = l;
		}
	}
	return rc;
}

static int build_lpm(struct lf_iocset *s)
{
	size_t n4 = 0, n6 = 0;
	for (size_t i = 0; i < s->n; i++) {
		n4 += s->v[i].type == LF_IOC_IPV4;
		n6 += s->v[i].type == LF_IOC_IPV6;
	}
	struct lf_lpm_entry4 *e4 = malloc((n4 ? n4 : 1) * sizeof(*e4));
	struct lf_lpm_entry6 *e6 = malloc((n6 ? n6 : 1) * sizeof(*e6));
	int rc = -ENOMEM;
	if (!e4 || !e6)
		goto out;
	size_t i4 = 0, i6 = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct lf_ioc *c = &s->v[i];
		if (c->type == LF_IOC_IPV4) {
			e4[i4].prefix = lf_addr_v4(&c->pfx.addr);
			e4[i4].len = c->pfx.len;
			e4[i4].value = (uint32_t)i;
			i4++;
		} else if (c->type == LF_IOC_IPV6) {
			memcpy(e6[i6].prefix, c->pfx.addr.b, 16);
			e6[i6].len = c->pfx.len;
			e6[i6].value = (uint32_t)i;
			i6++;
		}
	}
	size_t budget = s->max_bytes > mem_used(s) ? s->max_bytes - mem_used(s) : 1;
	rc = lf_lpm4_build(e4, n4, budget, &s->lpm4);
	if (rc == 0)
		rc = lf_lpm6_build(e6, n6, budget, &s->lpm6);
out:
	free(e4);
	free(e6);
	return rc;
}

int lf_iocset_build(struct lf_iocset *s)
{
	if (s->built)
		return LF_ESTATE;
	int rc = build_hash(s);
	if (rc == 0)
		rc = build_lpm(s);
	if (rc == 0 && mem_used(s) > s->max_bytes)
		rc = LF_ELIMIT;
	if (rc) {
		if (rc == LF_ELIMIT)
			s->cap_hits++;
		lf_lpm4_free(s->lpm4);
		lf_lpm6_free(s->lpm6);
		htab_free(&s->all);
		htab_free(&s->sub);
		s->lpm4 = NULL;
		s->lpm6 = NULL;
		return rc;
	}
	s->built = 1;
	return 0;
}

/* ---- policy ---- */

uint8_t lf_iocset_confidence(const struct lf_iocset *s, const struct lf_ioc *c,
			     lf_time_t now)
{
	const struct lf_source *src = c->source < s->nsrc ? &s->src[c->source] : NULL;
	unsigned conf = c->confidence;
	if (conf == LF_CONF_UNSET)
		conf = src ? src->default_confidence : 50;
	if (conf > 100)
		conf = 100;
	if (!src || src->decay.half_life <= 0)
		return (uint8_t)conf;
	lf_time_t start = c->valid_from != LF_TIME_MIN ? c->valid_from : src->added;
	if (now <= start)
		return (uint8_t)conf;
	double age = (double)(now - start) / (double)src->decay.half_life;
	double eff = (double)conf * exp2(-age);
	return (uint8_t)lround(eff);
}

int lf_iocset_active(const struct lf_iocset *s, const struct lf_ioc *c,
		     lf_time_t now)
{
	if (c->flags & (LF_IOC_F_REVOKED | LF_IOC_F_NOIDS))
		return 0;
	if (now < c->valid_from || now >= c->valid_until)
		return 0;
	const struct lf_source *src = c->source < s->nsrc ? &s->src[c->source] : NULL;
	if (src && src->decay.half_life > 0 &&
	    lf_iocset_confidence(s, c, now) < src->decay.floor)
		return 0;
	return 1;
}

/* ---- matching ---- */

static void emit(const struct lf_iocset *s, uint32_t idx, lf_time_t now,
		 uint32_t *hits, size_t max, size_t *n)
{
	if (!lf_iocset_active(s, &s->v[idx], now))
		return;
	if (*n < max)
		hits[*n] = idx;
	(*n)++;
}

/* Walk the LPM node chain from the longest match; maxlen limits to nodes
 * whose prefix is no longer than a queried prefix. */
static void match_v4(const struct lf_iocset *s, uint32_t a, unsigned maxlen,
		     lf_time_t now, uint32_t *hits, size_t max, size_t *n)
{
	for (uint32_t node = lf_lpm4_lookup(s->lpm4, a); node != LF_LPM_MISS;
	     node = lf_lpm4_node_parent(s->lpm4, node)) {
		const uint32_t *vals;
		size_t nv = lf_lpm4_node_values(s->lpm4, node, &vals);
		if (nv == 0 || s->v[vals[0]].pfx.len > maxlen)
			continue;
		for (size_t i = 0; i < nv; i++)
			emit(s, vals[i], now, hits, max, n);
	}
}

static void match_v6(const struct lf_iocset *s, const uint8_t a[16],
		     unsigned maxlen, lf_time_t now, uint32_t *hits,
		     size_t max, size_t *n)
{
	for (uint32_t node = lf_lpm6_lookup(s->lpm6, a); node != LF_LPM_MISS;
	     node = lf_lpm6_node_parent(s->lpm6, node)) {
		const uint32_t *vals;
		size_t nv = lf_lpm6_node_values(s->lpm6, node, &vals);
		if (nv == 0 || s->v[vals[0]].pfx.len > maxlen)
			continue;
		for (size_t i = 0; i < nv; i++)
			emit(s, vals[i], now, hits, max, n);
	}
}

int lf_iocset_match_addr(const struct lf_iocset *s, const struct lf_addr *a,
			 lf_time_t now, uint32_t *hits, size_t max, size_t *n)
{
	*n = 0;
	if (!s->built)
		return LF_ESTATE;
	if (a->af == LF_AF_V4)
		match_v4(s, lf_addr_v4(a), 32, now, hits, max, n);
	else
		match_v6(s, a->b, 128, now, hits, max, n);
	return 0;
}

static void match_key(const struct lf_iocset *s, const struct htab *t,
		      unsigned type, const char *v, size_t len, lf_time_t now,
		      uint32_t *hits, size_t max, size_t *n)
{
	uint64_t h = key_hash(type, v, len);
	struct slot *sl = find_slot(s, t, type, v, len, h);
	if (!sl->hash)
		return;
	for (uint32_t i = sl->first; i != NONE; i = t->next[i])
		emit(s, i, now, hits, max, n);
}

/*
 * Exact indicators of the name from the main table, then SUBDOMAINS
 * indicators of each parent from the (usually much smaller) sub table,
 * only down to the fewest labels any of them has: with no wildcard TLD
 * listed, "com" is never looked up.
 */
static void match_domain_norm(const struct lf_iocset *s, const char *name,
			      size_t len, lf_time_t now, uint32_t *hits,
			      size_t max, size_t *n)
{
	match_key(s, &s->all, LF_IOC_DOMAIN, name, len, now, hits, max, n);
	if (s->sub_min_labels == UINT32_MAX)
		return;
	unsigned labels = 1;
	for (size_t i = 0; i < len; i++)
		labels += name[i] == '.';
	for (size_t i = 0; i < len && labels > s->sub_min_labels; i++) {
		if (name[i] != '.')
			continue;
		labels--;
		match_key(s, &s->sub, LF_IOC_DOMAIN, name + i + 1, len - i - 1, now,
			  hits, max, n);
	}
}

int lf_iocset_match_domain(const struct lf_iocset *s, const char *name,
			   size_t len, lf_time_t now, uint32_t *hits,
			   size_t max, size_t *n)
{
	*n = 0;
	if (!s->built)
		return LF_ESTATE;
	char norm[LF_DOMAIN_MAX + 1];
	int rc = lf_ioc_domain_normalize(name, len, norm, sizeof(norm));
	if (rc < 0)
		return rc;
	match_domain_norm(s, norm, (size_t)rc, now, hits, max, n);
	return 0;
}

int lf_iocset_match_value(const struct lf_iocset *s,
			  const struct lf_ioc_value *v, lf_time_t now,
			  uint32_t *hits, size_t max, size_t *n)
{
	*n = 0;
	if (!s->built)
		return LF_ESTATE;
	switch (v->type) {
	case LF_IOC_IPV4:
		match_v4(s, lf_addr_v4(&v->pfx.addr), v->pfx.len, now, hits, max, n);
		return 0;
	case LF_IOC_IPV6:
		match_v6(s, v->pfx.addr.b, v->pfx.len, now, hits, max, n);
		return 0;
	case LF_IOC_DOMAIN:
		match_domain_norm(s, v->text, v->len, now, hits, max, n);
		return 0;
	case LF_IOC_URL:
	case LF_IOC_MD5:
	case LF_IOC_SHA1:
	case LF_IOC_SHA256:
	case LF_IOC_EMAIL:
		match_key(s, &s->all, v->type, v->text, v->len, now, hits, max, n);
		return 0;
	default:
		return LF_ETYPE;
	}
}
