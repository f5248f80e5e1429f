/* SPDX-License-Identifier: Apache-2.0 */
/*
 * allow.c — allowlist collection, lookups, built-in defaults and operator
 * lists. (MISP warninglists are parsed in warninglist.c.)
 *
 * Data layout (see allow.h for the why):
 *
 *   pool   one growable char array holding every name and exact value,
 *          each NUL-terminated, addressed by 32-bit offsets;
 *   tab    open addressing (linear probing, load <= 1/2) over all lists'
 *          names and exact values: {xxh3, offset, list, len, kind, type}.
 *          The hash is seeded with kind and type, so "example.com" as a
 *          name, as an exact domain and as an exact URL never collide by
 *          construction; a key present in several lists has one entry per
 *          list and lookups visit them all (the run until an empty slot);
 *   lists  per list: aggregated prefixes (also what lf_allow_prefixes
 *          hands out) and, derived from them, sorted [lo, hi] arrays per
 *          family for bisection, plus an Aho–Corasick automaton for
 *          substring lists (substr.c);
 *   all4/all6  the union of every list as merged maximal ranges: the
 *          prefilter, grown by a linear merge per list (IPv4 with a /16
 *          bucket index when large); drop, the aggregate of the DROP
 *          lists' prefixes (lf_cidr_union per list, rebuilt on
 *          lf_allow_set_action).
 *
 * Coverage by bisection: for an aggregated (minimal) prefix list, every
 * aligned block inside its union lies inside a single one of its
 * prefixes (they are the maximal aligned blocks of the union), so "is the
 * indicator prefix covered" is "does the last range starting at or below
 * its first address reach its last address".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "allow/allow.h"
#include "allow/allow_int.h"
#include "cidr/cidr.h"
#include "core/err.h"
#include "feed/feed.h"

enum { KIND_NAME = 1, KIND_EXACT = 2 };

struct allow_staged {
	uint64_t h;
	uint32_t off;
	uint16_t len;
	uint8_t kind, type;
};

struct nent {
	uint64_t h; /* 0 = empty slot */
	uint32_t off;
	uint32_t list;
	uint16_t len;
	uint8_t kind, type;
};

struct range4 {
	uint32_t lo, hi;
};

struct range6 {
	uint8_t lo[16], hi[16]; /* big-endian: memcmp order = numeric order */
};

/*
 * Sorted disjoint IPv4 ranges, plus, for big sets, a /16 bucket index:
 * idx[k] is the first range with hi >= k << 16, so a range covering an
 * address in bucket k has an index in [idx[k], idx[k + 1]] and bisection
 * runs over those few entries instead of the whole array (256 KiB, built
 * only at V4IDX_MIN ranges and up).
 */
struct v4set {
	struct range4 *r;
	size_t n;
	uint32_t *idx; /* NULL or 65537 entries */
};

#define V4IDX_MIN 1024

struct list {
	char *name;
	enum lf_allow_action act;
	uint32_t types;
	struct lf_prefix *pfx; /* aggregated */
	size_t npfx;
	struct v4set r4;
	struct range6 *r6;
	size_t n6;
	struct lf_allow_ac *sub;
	struct lf_allow_stats st;
};

struct lf_allow {
	struct list *lists;
	size_t n, cap;
	struct nent *tab;
	size_t tab_cap, tab_n; /* tab_cap is 0 or a power of two */
	uint64_t *bloom;       /* tab_cap / 8 words: 16+ bits an entry */
	char *pool;
	size_t pool_len, pool_cap;
	size_t entries;
	struct v4set all4;     /* union of every list, as merged ranges */
	struct range6 *all6;
	size_t nall6;
	struct lf_prefix *drop; /* aggregate of the DROP lists */
	size_t ndrop;
	size_t nnames;                 /* name entries, all lists */
	size_t nexact[LF_IOC__COUNT];  /* exact entries by type */
};

/* ---- small helpers ------------------------------------------------------ */

static int act_valid(enum lf_allow_action act)
{
	return act == LF_ALLOW_DROP || act == LF_ALLOW_WARN ||
	       act == LF_ALLOW_IGNORE;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static uint64_t key_hash(uint8_t kind, uint8_t type, const char *s, size_t n)
{
	uint64_t h = XXH3_64bits_withSeed(s, n, ((uint64_t)kind << 8) | type);
	return h ? h : 1;
}

/* Grow *p (element size sz) to hold at least need elements. */
static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / sz)
			return -ENOMEM;
		c *= 2;
	}
	void *np = realloc(*p, c * sz);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = c;
	return 0;
}

static int pool_add(struct lf_allow *a, const char *s, size_t n, uint32_t *off)
{
	if (n > LF_ALLOW_MAX_POOL || a->pool_len > LF_ALLOW_MAX_POOL - n - 1)
		return LF_ELIMIT;
	int rc = grow((void **)&a->pool, &a->pool_cap, a->pool_len + n + 1, 1);
	if (rc)
		return rc;
	memcpy(a->pool + a->pool_len, s, n);
	a->pool[a->pool_len + n] = '\0';
	*off = (uint32_t)a->pool_len;
	a->pool_len += n + 1;
	return 0;
}

/* ---- prefix ranges ------------------------------------------------------ */

static void v6_range(const struct lf_prefix *p, uint8_t lo[16], uint8_t hi[16])
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		uint8_t m; /* network-part mask of this byte */
		if (p->len >= bit + 8)
			m = 0xff;
		else if (p->len <= bit)
			m = 0;
		else
			m = (uint8_t)(0xff << (8 - (p->len - bit)));
		lo[i] = p->addr.b[i] & m;
		hi[i] = (uint8_t)(lo[i] | (uint8_t)~m);
	}
}

static void v4_range(const struct lf_prefix *p, uint32_t *lo, uint32_t *hi)
{
	uint32_t host = p->len >= 32 ? 0 : (uint32_t)(0xffffffffu >> p->len);
	*lo = lf_addr_v4(&p->addr) & ~host;
	*hi = *lo | host;
}

static void v4set_free(struct v4set *s)
{
	free(s->r);
	free(s->idx);
	memset(s, 0, sizeof(*s));
}

/* The /16 index of a sorted disjoint range array (big ones only). */
static int build_idx(struct v4set *s)
{
	s->idx = NULL;
	if (s->n < V4IDX_MIN)
		return 0;
	s->idx = malloc(65537 * sizeof(*s->idx));
	if (!s->idx)
		return -ENOMEM;
	size_t i = 0;
	for (uint32_t k = 0; k < 65536; k++) {
		while (i < s->n && s->r[i].hi < (k << 16))
			i++;
		s->idx[k] = (uint32_t)i;
	}
	s->idx[65536] = (uint32_t)s->n;
	return 0;
}

/* Ranges of an aggregated (sorted, minimal) prefix array. */
static int make_ranges(const struct lf_prefix *p, size_t n, struct v4set *r4,
		       struct range6 **r6, size_t *n6)
{
	size_t c4 = 0, c6 = 0;
	memset(r4, 0, sizeof(*r4));
	*r6 = NULL;
	*n6 = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].addr.af == LF_AF_V4)
			c4++;
		else
			c6++;
	}
	if (c4 && !(r4->r = malloc(c4 * sizeof(*r4->r))))
		return -ENOMEM;
	if (c6 && !(*r6 = malloc(c6 * sizeof(**r6)))) {
		v4set_free(r4);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i].addr.af == LF_AF_V4) {
			v4_range(&p[i], &r4->r[r4->n].lo, &r4->r[r4->n].hi);
			r4->n++;
		} else {
			v6_range(&p[i], (*r6)[*n6].lo, (*r6)[*n6].hi);
			(*n6)++;
		}
	}
	if (build_idx(r4) != 0) {
		v4set_free(r4);
		free(*r6);
		*r6 = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Merge sorted disjoint ranges x and y[0..ny) into out (sorted, with
 * overlapping and adjacent ones joined: maximal runs). */
static int merge_v4(const struct v4set *x, const struct range4 *y, size_t ny,
		    struct v4set *out)
{
	size_t i = 0, j = 0, k = 0;
	memset(out, 0, sizeof(*out));
	if (x->n + ny == 0)
		return 0;
	struct range4 *m = malloc((x->n + ny) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	while (i < x->n || j < ny) {
		int from_x = j == ny || (i < x->n && x->r[i].lo <= y[j].lo);
		struct range4 r = from_x ? x->r[i++] : y[j++];
		if (k && (uint64_t)r.lo <= (uint64_t)m[k - 1].hi + 1) {
			if (r.hi > m[k - 1].hi)
				m[k - 1].hi = r.hi;
		} else {
			m[k++] = r;
		}
	}
	out->r = m;
	out->n = k;
	if (build_idx(out) != 0) {
		v4set_free(out);
		return -ENOMEM;
	}
	return 0;
}

/* a <= b + 1 for 16-byte big-endian integers */
static int le_succ(const uint8_t a[16], const uint8_t b[16])
{
	uint8_t s[16];
	int carry = 1;
	for (int i = 15; i >= 0; i--) {
		unsigned v = (unsigned)b[i] + (unsigned)carry;
		s[i] = (uint8_t)v;
		carry = v > 255;
	}
	return carry || memcmp(a, s, 16) <= 0; /* b + 1 overflowed: b is max */
}

static int merge_v6(const struct range6 *x, size_t nx, const struct range6 *y,
		    size_t ny, struct range6 **out, size_t *nout)
{
	size_t i = 0, j = 0, k = 0;
	*out = NULL;
	*nout = 0;
	if (nx + ny == 0)
		return 0;
	struct range6 *m = malloc((nx + ny) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	while (i < nx || j < ny) {
		int from_x = j == ny ||
			     (i < nx && memcmp(x[i].lo, y[j].lo, 16) <= 0);
		const struct range6 *r = from_x ? &x[i++] : &y[j++];
		if (k && le_succ(r->lo, m[k - 1].hi)) {
			if (memcmp(r->hi, m[k - 1].hi, 16) > 0)
				memcpy(m[k - 1].hi, r->hi, 16);
		} else {
			m[k++] = *r;
		}
	}
	*out = m;
	*nout = k;
	return 0;
}

static int covered4(const struct v4set *s, uint32_t lo, uint32_t hi)
{
	size_t l = 0, h = s->n, base;
	if (s->idx) {
		l = s->idx[lo >> 16];
		h = (size_t)s->idx[(lo >> 16) + 1] + 1;
		if (h > s->n)
			h = s->n;
	}
	base = l;
	while (l < h) { /* the last r[i].lo <= lo in [base, h) */
		size_t m = l + (h - l) / 2;
		if (s->r[m].lo <= lo)
			l = m + 1;
		else
			h = m;
	}
	return l > base && s->r[l - 1].hi >= hi;
}

static int covered6(const struct range6 *r, size_t n, const uint8_t lo[16],
		    const uint8_t hi[16])
{
	size_t l = 0, h = n;
	while (l < h) {
		size_t m = l + (h - l) / 2;
		if (memcmp(r[m].lo, lo, 16) <= 0)
			l = m + 1;
		else
			h = m;
	}
	return l > 0 && memcmp(r[l - 1].hi, hi, 16) >= 0;
}

/* ---- collection --------------------------------------------------------- */

int lf_allow_new(struct lf_allow **out)
{
	struct lf_allow *a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	*out = a;
	return 0;
}

static void list_free(struct list *l)
{
	free(l->name);
	free(l->pfx);
	v4set_free(&l->r4);
	free(l->r6);
	lf_allow_ac_free(l->sub);
}

void lf_allow_free(struct lf_allow *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		list_free(&a->lists[i]);
	free(a->lists);
	free(a->tab);
	free(a->bloom);
	free(a->pool);
	v4set_free(&a->all4);
	free(a->all6);
	free(a->drop);
	free(a);
}

int lf_allow_find(const struct lf_allow *a, const char *name, size_t *list)
{
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->lists[i].name, name) == 0) {
			*list = i;
			return 0;
		}
	}
	return LF_ENOENT;
}

size_t lf_allow_count(const struct lf_allow *a)
{
	return a->n;
}

const char *lf_allow_name(const struct lf_allow *a, size_t i)
{
	return i < a->n ? a->lists[i].name : NULL;
}

enum lf_allow_action lf_allow_action_of(const struct lf_allow *a, size_t i)
{
	return i < a->n ? a->lists[i].act : LF_ALLOW_IGNORE;
}

int lf_allow_stats(const struct lf_allow *a, size_t i,
		   struct lf_allow_stats *st)
{
	if (i >= a->n)
		return LF_ENOENT;
	*st = a->lists[i].st;
	return 0;
}

int lf_allow_prefixes(const struct lf_allow *a, size_t list,
		      const struct lf_prefix **p, size_t *n)
{
	if (list == LF_ALLOW_DROP_UNION) {
		*p = a->drop;
		*n = a->ndrop;
		return 0;
	}
	if (list >= a->n)
		return LF_ENOENT;
	*p = a->lists[list].pfx;
	*n = a->lists[list].npfx;
	return 0;
}

/* Aggregate of the prefixes of every list whose action is DROP, where the
 * action of list `which` is taken to be `act`. */
static int drop_union(const struct lf_allow *a, size_t which,
		      enum lf_allow_action act, struct lf_prefix **out,
		      size_t *nout)
{
	size_t total = 0;
	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < a->n; i++) {
		enum lf_allow_action x = i == which ? act : a->lists[i].act;
		if (x == LF_ALLOW_DROP)
			total += a->lists[i].npfx;
	}
	if (total == 0)
		return 0;
	struct lf_prefix *u = malloc(total * sizeof(*u));
	if (!u)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < a->n; i++) {
		enum lf_allow_action x = i == which ? act : a->lists[i].act;
		if (x == LF_ALLOW_DROP && a->lists[i].npfx) {
			memcpy(u + k, a->lists[i].pfx,
			       a->lists[i].npfx * sizeof(*u));
			k += a->lists[i].npfx;
		}
	}
	int rc = lf_cidr_aggregate(u, k, nout);
	if (rc) {
		free(u);
		*nout = 0;
		return rc;
	}
	*out = u;
	return 0;
}

int lf_allow_set_action(struct lf_allow *a, const char *name,
			enum lf_allow_action act)
{
	size_t i;
	if (!act_valid(act) || !name)
		return -EINVAL;
	int rc = lf_allow_find(a, name, &i);
	if (rc)
		return rc;
	if (a->lists[i].act == act)
		return 0;
	if (a->lists[i].npfx &&
	    (act == LF_ALLOW_DROP || a->lists[i].act == LF_ALLOW_DROP)) {
		struct lf_prefix *u;
		size_t nu;
		if ((rc = drop_union(a, i, act, &u, &nu)) != 0)
			return rc;
		free(a->drop);
		a->drop = u;
		a->ndrop = nu;
	}
	a->lists[i].act = act;
	return 0;
}

/* ---- building a list ---------------------------------------------------- */

static size_t staged_entries(const struct lf_allow_build *b)
{
	return b->npfx + b->nst + b->stats.substrings;
}

static int entry_room(const struct lf_allow_build *b)
{
	if (b->a->entries + staged_entries(b) >= LF_ALLOW_MAX_ENTRIES)
		return LF_ELIMIT;
	return 0;
}

int lf_allow_build_begin(struct lf_allow *a, const char *name,
			 enum lf_allow_action act, uint32_t types,
			 struct lf_allow_build *b)
{
	size_t i;
	memset(b, 0, sizeof(*b));
	if (!name || !*name || !act_valid(act))
		return -EINVAL;
	if (lf_allow_find(a, name, &i) == 0)
		return LF_EEXIST;
	if (a->n >= LF_ALLOW_MAX_LISTS)
		return LF_ELIMIT;
	b->name = strdup(name);
	if (!b->name)
		return -ENOMEM;
	b->a = a;
	b->act = act;
	b->types = types;
	b->stats.types = types;
	b->pool_mark = a->pool_len;
	return 0;
}

void lf_allow_build_abort(struct lf_allow_build *b)
{
	if (b->a)
		b->a->pool_len = b->pool_mark;
	free(b->name);
	free(b->pfx);
	free(b->st);
	free(b->sub);
	memset(b, 0, sizeof(*b));
}

int lf_allow_build_prefix(struct lf_allow_build *b, const struct lf_prefix *p)
{
	int rc = entry_room(b);
	if (rc)
		return rc;
	if ((rc = grow((void **)&b->pfx, &b->cap_pfx, b->npfx + 1,
		       sizeof(*b->pfx))) != 0)
		return rc;
	b->pfx[b->npfx++] = *p;
	b->stats.prefixes++;
	return 0;
}

static int stage(struct lf_allow_build *b, uint8_t kind, uint8_t type,
		 const char *s, size_t n)
{
	int rc = entry_room(b);
	if (rc)
		return rc;
	if (n == 0 || n > LF_IOC_VALUE_MAX)
		return LF_EMALF;
	if ((rc = grow((void **)&b->st, &b->cap_st, b->nst + 1,
		       sizeof(*b->st))) != 0)
		return rc;
	struct allow_staged *e = &b->st[b->nst];
	if ((rc = pool_add(b->a, s, n, &e->off)) != 0)
		return rc;
	e->h = key_hash(kind, type, s, n);
	e->len = (uint16_t)n;
	e->kind = kind;
	e->type = type;
	b->nst++;
	return 0;
}

int lf_allow_build_name(struct lf_allow_build *b, const char *s, size_t n)
{
	return stage(b, KIND_NAME, LF_IOC_DOMAIN, s, n);
}

int lf_allow_build_exact(struct lf_allow_build *b, enum lf_ioc_type type,
			 const char *s, size_t n)
{
	if ((unsigned)type >= LF_IOC__COUNT || type == LF_IOC_NONE)
		return LF_EUNSUP;
	return stage(b, KIND_EXACT, (uint8_t)type, s, n);
}

int lf_allow_build_substring(struct lf_allow_build *b, const char *s,
			     size_t n)
{
	int rc = entry_room(b);
	if (rc)
		return rc;
	if (n == 0 || n > LF_IOC_VALUE_MAX || memchr(s, '\0', n))
		return LF_EMALF;
	if ((rc = grow((void **)&b->sub, &b->sub_cap, b->sub_len + n + 1,
		       1)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		b->sub[b->sub_len + i] = (char)lower((unsigned char)s[i]);
	b->sub[b->sub_len + n] = '\0';
	b->sub_len += n + 1;
	b->stats.substrings++;
	return 0;
}

int lf_allow_build_value(struct lf_allow_build *b,
			 const struct lf_ioc_value *v, int as_name)
{
	const char *s = v->text;
	size_t n = v->len;
	switch (v->type) {
	case LF_IOC_IPV4:
	case LF_IOC_IPV6:
		if (v->masked)
			return LF_EHOSTBITS;
		return lf_allow_build_prefix(b, &v->pfx);
	case LF_IOC_DOMAIN:
		/* the canonical text carries no "*." but be liberal */
		if (n > 2 && s[0] == '*' && s[1] == '.') {
			s += 2;
			n -= 2;
		} else if (n > 1 && s[0] == '.') {
			s++;
			n--;
		}
		if (as_name)
			return lf_allow_build_name(b, s, n);
		return lf_allow_build_exact(b, LF_IOC_DOMAIN, s, n);
	case LF_IOC_URL:
	case LF_IOC_EMAIL:
	case LF_IOC_MD5:
	case LF_IOC_SHA1:
	case LF_IOC_SHA256:
		return lf_allow_build_exact(b, v->type, s, n);
	default:
		return LF_EUNSUP;
	}
}

/*
 * The Bloom filter in front of the table: one 64-bit word per key (bits 32+
 * of the hash pick it), two bits in it (bits 0-5 and 6-11). At 16+ bits an
 * entry it answers "surely absent" for ~99 % of misses from a few hundred
 * KiB that stay in cache, where a table probe is a cache miss.
 */
static uint64_t bloom_bits(uint64_t h)
{
	return ((uint64_t)1 << (h & 63)) | ((uint64_t)1 << ((h >> 6) & 63));
}

static void bloom_add(uint64_t *bloom, size_t words, uint64_t h)
{
	bloom[(size_t)(h >> 32) & (words - 1)] |= bloom_bits(h);
}

/* Resize the name table to hold `need` entries at load <= 1/2. */
static int tab_reserve(struct lf_allow *a, size_t need)
{
	if (need <= a->tab_cap / 2)
		return 0;
	size_t cap = a->tab_cap ? a->tab_cap : 1024;
	while (cap / 2 < need) {
		if (cap > SIZE_MAX / 2 / sizeof(struct nent))
			return -ENOMEM;
		cap *= 2;
	}
	struct nent *t = calloc(cap, sizeof(*t));
	uint64_t *bloom = calloc(cap / 8, sizeof(uint64_t));
	if (!t || !bloom) {
		free(t);
		free(bloom);
		return -ENOMEM;
	}
	for (size_t i = 0; i < a->tab_cap; i++) {
		const struct nent *e = &a->tab[i];
		if (!e->h)
			continue;
		size_t j = (size_t)e->h & (cap - 1);
		while (t[j].h)
			j = (j + 1) & (cap - 1);
		t[j] = *e;
		bloom_add(bloom, cap / 8, e->h);
	}
	free(a->tab);
	free(a->bloom);
	a->tab = t;
	a->bloom = bloom;
	a->tab_cap = cap;
	return 0;
}

/* Insert (capacity reserved); returns 0, or 1 if the list has it already. */
static int tab_insert(struct lf_allow *a, const struct allow_staged *s,
		      uint32_t list)
{
	size_t mask = a->tab_cap - 1, j = (size_t)s->h & mask;
	for (; a->tab[j].h; j = (j + 1) & mask) {
		const struct nent *e = &a->tab[j];
		if (e->h == s->h && e->list == list && e->kind == s->kind &&
		    e->type == s->type && e->len == s->len &&
		    memcmp(a->pool + e->off, a->pool + s->off, s->len) == 0)
			return 1;
	}
	bloom_add(a->bloom, a->tab_cap / 8, s->h);
	a->tab[j].h = s->h;
	a->tab[j].off = s->off;
	a->tab[j].list = list;
	a->tab[j].len = s->len;
	a->tab[j].kind = s->kind;
	a->tab[j].type = s->type;
	a->tab_n++;
	return 0;
}

/* What commit computes before it changes anything. */
struct prepared {
	struct list l;
	struct lf_prefix *drop;
	size_t ndrop;
	struct v4set all4;
	struct range6 *all6;
	size_t nall6;
	int new_all, new_drop;
};

static void prepared_free(struct prepared *p)
{
	p->l.name = NULL; /* still the builder's */
	list_free(&p->l);
	free(p->drop);
	v4set_free(&p->all4);
	free(p->all6);
	memset(p, 0, sizeof(*p));
}

/*
 * Everything that can fail, for one builder; more_lists / more_names say
 * how many lists / table entries other builders committed together with
 * this one will add (their prefixes must be none: unions are computed
 * against the current state only).
 */
static int prepare(struct lf_allow_build *b, size_t more_lists,
		   size_t more_names, struct prepared *p)
{
	struct lf_allow *a = b->a;
	int rc;
	memset(p, 0, sizeof(*p));
	p->l.name = b->name;
	p->l.act = b->act;
	p->l.types = b->types;
	p->l.st = b->stats;
	if (b->npfx) {
		size_t n;
		if ((rc = lf_cidr_aggregate(b->pfx, b->npfx, &n)) != 0)
			goto fail;
		rc = -ENOMEM;
		p->l.pfx = malloc(n * sizeof(*p->l.pfx));
		if (!p->l.pfx)
			goto fail;
		memcpy(p->l.pfx, b->pfx, n * sizeof(*p->l.pfx));
		p->l.npfx = n;
		p->l.st.prefixes_agg = n;
		if ((rc = make_ranges(p->l.pfx, n, &p->l.r4, &p->l.r6,
				      &p->l.n6)) != 0)
			goto fail;
		/* the prefilter: linear merges of sorted ranges */
		if ((rc = merge_v4(&a->all4, p->l.r4.r, p->l.r4.n,
				   &p->all4)) != 0 ||
		    (rc = merge_v6(a->all6, a->nall6, p->l.r6, p->l.n6,
				   &p->all6, &p->nall6)) != 0)
			goto fail;
		p->new_all = 1;
		if (b->act == LF_ALLOW_DROP) {
			if ((rc = lf_cidr_union(a->drop, a->ndrop, p->l.pfx,
						n, &p->drop, &p->ndrop)) != 0)
				goto fail;
			p->new_drop = 1;
		}
	}
	if (b->sub_len &&
	    (rc = lf_allow_ac_build(b->sub, b->sub_len, &p->l.sub)) != 0)
		goto fail;
	if ((rc = grow((void **)&a->lists, &a->cap, a->n + 1 + more_lists,
		       sizeof(*a->lists))) != 0)
		goto fail;
	if ((rc = tab_reserve(a, a->tab_n + b->nst + more_names)) != 0)
		goto fail;
	return 0;
fail:
	prepared_free(p);
	return rc;
}

/* The part of commit that cannot fail. */
static void apply(struct lf_allow_build *b, struct prepared *p)
{
	struct lf_allow *a = b->a;
	uint32_t id = (uint32_t)a->n;
	for (size_t i = 0; i < b->nst; i++) {
		const struct allow_staged *s = &b->st[i];
		if (tab_insert(a, s, id)) {
			p->l.st.duplicates++;
		} else if (s->kind == KIND_NAME) {
			p->l.st.names++;
			a->nnames++;
		} else {
			p->l.st.exact++;
			a->nexact[s->type]++;
		}
	}
	if (p->new_all) {
		v4set_free(&a->all4);
		free(a->all6);
		a->all4 = p->all4;
		a->all6 = p->all6;
		a->nall6 = p->nall6;
	}
	if (p->new_drop) {
		free(a->drop);
		a->drop = p->drop;
		a->ndrop = p->ndrop;
	}
	a->entries += staged_entries(b);
	a->lists[a->n++] = p->l;
	/* ownership moved: the name to the list, the rest to a */
	b->name = NULL;
	free(b->pfx);
	free(b->st);
	free(b->sub);
	memset(b, 0, sizeof(*b));
	memset(p, 0, sizeof(*p));
}

int lf_allow_build_commit(struct lf_allow_build *b)
{
	struct prepared p;
	int rc = prepare(b, 0, 0, &p);
	if (rc) {
		lf_allow_build_abort(b);
		return rc;
	}
	apply(b, &p);
	return 0;
}

/* ---- lookups ------------------------------------------------------------ */

struct best {
	size_t drop, warn;
};

static void consider(const struct lf_allow *a, struct best *bt, size_t li,
		     enum lf_ioc_type vt)
{
	const struct list *l = &a->lists[li];
	if (!(l->types & (1u << vt)))
		return;
	if (l->act == LF_ALLOW_DROP && li < bt->drop)
		bt->drop = li;
	else if (l->act == LF_ALLOW_WARN && li < bt->warn)
		bt->warn = li;
}

static void tab_lookup(const struct lf_allow *a, uint8_t kind, uint8_t type,
		       const char *s, size_t n, enum lf_ioc_type vt,
		       struct best *bt)
{
	if (n == 0 || n > LF_IOC_VALUE_MAX ||
	    (kind == KIND_NAME ? !a->nnames : !a->nexact[type]))
		return;
	uint64_t h = key_hash(kind, type, s, n);
	uint64_t w = a->bloom[(size_t)(h >> 32) & (a->tab_cap / 8 - 1)];
	if ((w & bloom_bits(h)) != bloom_bits(h))
		return;
	size_t mask = a->tab_cap - 1;
	for (size_t j = (size_t)h & mask; a->tab[j].h; j = (j + 1) & mask) {
		const struct nent *e = &a->tab[j];
		if (e->h == h && e->kind == kind && e->type == type &&
		    e->len == n && memcmp(a->pool + e->off, s, n) == 0)
			consider(a, bt, e->list, vt);
	}
}

/* The name and every parent, against name entries. */
static void check_name(const struct lf_allow *a, const char *s, size_t n,
		       enum lf_ioc_type vt, struct best *bt)
{
	for (;;) {
		tab_lookup(a, KIND_NAME, LF_IOC_DOMAIN, s, n, vt, bt);
		const char *dot = memchr(s, '.', n);
		if (!dot)
			return;
		n -= (size_t)(dot + 1 - s);
		s = dot + 1;
	}
}

static void check_prefix(const struct lf_allow *a, const struct lf_prefix *q,
			 enum lf_ioc_type vt, struct best *bt)
{
	uint32_t lo4 = 0, hi4 = 0;
	uint8_t lo6[16], hi6[16];
	int v4 = q->addr.af == LF_AF_V4;
	if (v4) {
		if (q->len > 32)
			return;
		v4_range(q, &lo4, &hi4);
		if (!covered4(&a->all4, lo4, hi4))
			return;
	} else {
		if (q->addr.af != LF_AF_V6 || q->len > 128)
			return;
		v6_range(q, lo6, hi6);
		if (!covered6(a->all6, a->nall6, lo6, hi6))
			return;
	}
	for (size_t i = 0; i < a->n && i < bt->drop; i++) {
		const struct list *l = &a->lists[i];
		if (l->act == LF_ALLOW_IGNORE || !(l->types & (1u << vt)))
			continue;
		int hit = v4 ? covered4(&l->r4, lo4, hi4)
			     : covered6(l->r6, l->n6, lo6, hi6);
		if (hit)
			consider(a, bt, i, vt);
	}
}

static void check_sub(const struct lf_allow *a, const char *s, size_t n,
		      enum lf_ioc_type vt, struct best *bt)
{
	for (size_t i = 0; i < a->n && i < bt->drop; i++) {
		const struct list *l = &a->lists[i];
		if (!l->sub || l->act == LF_ALLOW_IGNORE ||
		    !(l->types & (1u << vt)))
			continue;
		if (lf_allow_ac_match(l->sub, s, n))
			consider(a, bt, i, vt);
	}
}

/* Host of a canonical absolute URL; 1 if it was a bracketed IPv6 literal,
 * 0 otherwise, -1 if there is none. */
static int url_host(const char *u, size_t n, const char **h, size_t *hn)
{
	const char *p = memmem(u, n, "://", 3);
	if (!p)
		return -1;
	const char *s = p + 3, *end = u + n, *e = s;
	while (e < end && *e != '/' && *e != '?' && *e != '#')
		e++;
	for (const char *q = e; q > s; q--) {
		if (q[-1] == '@') {
			s = q;
			break;
		}
	}
	if (s < e && *s == '[') {
		const char *rb = memchr(s, ']', (size_t)(e - s));
		if (!rb)
			return -1;
		*h = s + 1;
		*hn = (size_t)(rb - s - 1);
		return 1;
	}
	const char *c = memchr(s, ':', (size_t)(e - s));
	if (c)
		e = c;
	if (e == s)
		return -1;
	*h = s;
	*hn = (size_t)(e - s);
	return 0;
}

static void check_url_host(const struct lf_allow *a, const char *u, size_t n,
			   struct best *bt)
{
	const char *h;
	size_t hn;
	struct lf_addr ad;
	int r = url_host(u, n, &h, &hn);
	if (r < 0)
		return;
	if (lf_addr_parse(h, hn, &ad) == 0) {
		struct lf_prefix q;
		memset(&q, 0, sizeof(q));
		q.addr = ad;
		q.len = (uint8_t)lf_addr_bits(&ad);
		check_prefix(a, &q, LF_IOC_URL, bt);
	} else if (r == 0) {
		if (hn && h[hn - 1] == '.')
			hn--;
		check_name(a, h, hn, LF_IOC_URL, bt);
	}
}

int lf_allow_check(const struct lf_allow *a, const struct lf_ioc_value *v,
		   size_t *list, enum lf_allow_action *act)
{
	struct best bt = {SIZE_MAX, SIZE_MAX};
	const char *s = v->text;
	size_t n = v->len <= LF_IOC_VALUE_MAX ? v->len : 0;
	switch (v->type) {
	case LF_IOC_IPV4:
	case LF_IOC_IPV6:
		check_prefix(a, &v->pfx, v->type, &bt);
		break;
	case LF_IOC_DOMAIN:
		if (n > 2 && s[0] == '*' && s[1] == '.') {
			s += 2;
			n -= 2;
		} else if (n > 1 && s[0] == '.') {
			s++;
			n--;
		}
		tab_lookup(a, KIND_EXACT, LF_IOC_DOMAIN, s, n, v->type, &bt);
		check_name(a, s, n, v->type, &bt);
		check_sub(a, s, n, v->type, &bt);
		break;
	case LF_IOC_URL:
		tab_lookup(a, KIND_EXACT, LF_IOC_URL, s, n, v->type, &bt);
		check_url_host(a, s, n, &bt);
		check_sub(a, s, n, v->type, &bt);
		break;
	case LF_IOC_EMAIL:
		tab_lookup(a, KIND_EXACT, LF_IOC_EMAIL, s, n, v->type, &bt);
		check_sub(a, s, n, v->type, &bt);
		break;
	case LF_IOC_MD5:
	case LF_IOC_SHA1:
	case LF_IOC_SHA256:
		tab_lookup(a, KIND_EXACT, (uint8_t)v->type, s, n, v->type,
			   &bt);
		break;
	default:
		break;
	}
	size_t hit = bt.drop != SIZE_MAX ? bt.drop : bt.warn;
	if (hit == SIZE_MAX)
		return LF_ENOENT;
	if (list)
		*list = hit;
	if (act)
		*act = a->lists[hit].act;
	return 0;
}

/* ---- built-in defaults -------------------------------------------------- */

/*
 * "rfc6890": the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 §2.2.2 and §2.2.3, as updated by RFC 8190 and the later
 * registrations cited per entry), plus multicast. Rule: a block is in the
 * list when its registry entry says Globally Reachable = False (or it is
 * reserved/deprecated so that no Internet host can hold an address in it):
 * an indicator there is a feed error, or meaningful only inside somebody's
 * own network — and a national blocklist that carries 10.0.0.0/8 cuts
 * every member off its own LAN. Blocks marked Globally Reachable = True
 * (anycast services, AS112, AMT, ORCHIDv2, DRIP, the NAT64 well-known
 * prefix) are real Internet destinations: whether to block one is an
 * intelligence question, not a registry one, so they stay blockable and
 * are cut out of the enclosing blocks (the exceptions below).
 */
static const char *const special[] = {
	/* IPv4, IANA IPv4 Special-Purpose Address Registry */
	"0.0.0.0/8",          /* "this network", RFC 791 §3.2; global False */
	"10.0.0.0/8",         /* private-use, RFC 1918; False */
	"100.64.0.0/10",      /* shared address space (CGN), RFC 6598; False */
	"127.0.0.0/8",        /* loopback, RFC 1122 §3.2.1.3; False */
	"169.254.0.0/16",     /* link-local, RFC 3927; False */
	"172.16.0.0/12",      /* private-use, RFC 1918; False */
	"192.0.0.0/24",       /* IETF protocol assignments, RFC 6890 §2.1;
			       * False (DS-Lite 192.0.0.0/29 RFC 7335, dummy
			       * 192.0.0.8 RFC 7600, NAT64 discovery .170/.171
			       * RFC 8880) — but see the exceptions */
	"192.0.2.0/24",       /* TEST-NET-1, RFC 5737; False */
	"192.88.99.0/24",     /* 6to4 relay anycast, deprecated by RFC 7526;
			       * no host should be reachable there */
	"192.168.0.0/16",     /* private-use, RFC 1918; False */
	"198.18.0.0/15",      /* benchmarking, RFC 2544; False */
	"198.51.100.0/24",    /* TEST-NET-2, RFC 5737; False */
	"203.0.113.0/24",     /* TEST-NET-3, RFC 5737; False */
	"224.0.0.0/4",        /* multicast, RFC 5771: not in the special-
			       * purpose registry, but never a source address
			       * (RFC 1112 §4) and blocking it as destination
			       * breaks mDNS/SSDP/routing protocols */
	"240.0.0.0/4",        /* reserved, RFC 1112 §4; False */
	"255.255.255.255/32", /* limited broadcast, RFC 919 §7; False */
	/* IPv6, IANA IPv6 Special-Purpose Address Registry */
	"::1/128",            /* loopback, RFC 4291 §2.5.3; False */
	"::/128",             /* unspecified, RFC 4291 §2.5.2; False */
	"::ffff:0:0/96",      /* IPv4-mapped, RFC 4291 §2.5.5.2; False: never
			       * on the wire, the IPv4 list covers the host */
	"64:ff9b:1::/48",     /* local-use IPv4/IPv6 translation, RFC 8215;
			       * False */
	"100::/64",           /* discard-only, RFC 6666; False */
	"100:0:0:1::/64",     /* dummy IPv6 prefix, RFC 9780; False */
	"2001::/23",          /* IETF protocol assignments, RFC 2928; False
			       * (benchmarking 2001:2::/48 RFC 5180, ORCHID
			       * 2001:10::/28 RFC 4843 deprecated) — but see
			       * the exceptions */
	"2001:db8::/32",      /* documentation, RFC 3849; False */
	"3fff::/20",          /* documentation, RFC 9637; False */
	"5f00::/16",          /* SRv6 SIDs, RFC 9602; False */
	"fc00::/7",           /* unique-local, RFC 4193 (RFC 8190); False */
	"fe80::/10",          /* link-local unicast, RFC 4291; False */
	"ff00::/8",           /* multicast, RFC 4291 §2.7: as 224.0.0.0/4 */
};

/* Globally reachable (or tunnelling real hosts) inside the blocks above. */
static const char *const special_except[] = {
	"192.0.0.9/32",    /* PCP anycast, RFC 7723; True */
	"192.0.0.10/32",   /* TURN anycast, RFC 8155; True */
	"2001::/32",       /* Teredo, RFC 4380; N/A: real (tunnelled) hosts */
	"2001:1::1/128",   /* PCP anycast, RFC 7723; True */
	"2001:1::2/128",   /* TURN anycast, RFC 8155; True */
	"2001:1::3/128",   /* DNS-SD SRP anycast, RFC 9665; True */
	"2001:3::/32",     /* AMT, RFC 7450; True */
	"2001:4:112::/48", /* AS112-v6, RFC 7535; True */
	"2001:20::/28",    /* ORCHIDv2, RFC 7343; True */
	"2001:30::/28",    /* DRIP DETs, RFC 9374; True */
};
/*
 * Deliberately absent: 64:ff9b::/96 (NAT64 well-known prefix, RFC 6052;
 * True — a malicious IPv4 host seen through NAT64 lives there), 2002::/16
 * (6to4, RFC 3056; N/A — embeds the IPv4 address of a real site),
 * 192.31.196.0/24 (AS112-v4, RFC 7535), 192.52.193.0/24 (AMT, RFC 7450),
 * 192.175.48.0/24 and 2620:4f:8000::/48 (AS112 direct delegation,
 * RFC 7534): all True.
 */

/*
 * "rfc6761": the IANA Special-Use Domain Names registry (RFC 6761 §3) and
 * ICANN's .internal. A name here and every name below it is either not in
 * the global DNS at all or is protocol infrastructure; an RPZ entry for it
 * is a feed error at best, and at worst (home.arpa, internal, local, the
 * private reverse zones) blocks members' own networks.
 */
static const char *const special_names[] = {
	/* RFC 6761 §6.5 */
	"example", "example.com", "example.net", "example.org",
	"invalid",                                          /* RFC 6761 §6.4 */
	"localhost",                                        /* RFC 6761 §6.3 */
	"test",                                             /* RFC 6761 §6.2 */
	/* RFC 6761 §6.1: reverse zones of the RFC 1918 space */
	"10.in-addr.arpa", "16.172.in-addr.arpa", "17.172.in-addr.arpa",
	"18.172.in-addr.arpa", "19.172.in-addr.arpa", "20.172.in-addr.arpa",
	"21.172.in-addr.arpa", "22.172.in-addr.arpa", "23.172.in-addr.arpa",
	"24.172.in-addr.arpa", "25.172.in-addr.arpa", "26.172.in-addr.arpa",
	"27.172.in-addr.arpa", "28.172.in-addr.arpa", "29.172.in-addr.arpa",
	"30.172.in-addr.arpa", "31.172.in-addr.arpa", "168.192.in-addr.arpa",
	"local",                          /* mDNS, RFC 6762 §3 */
	"254.169.in-addr.arpa",           /* RFC 6762 §12 */
	"8.e.f.ip6.arpa", "9.e.f.ip6.arpa", "a.e.f.ip6.arpa",
	"b.e.f.ip6.arpa",                 /* RFC 6762 §12 */
	"onion",                          /* RFC 7686 */
	"home.arpa",                      /* RFC 8375 */
	"ipv4only.arpa",                  /* RFC 8880 */
	"170.0.0.192.in-addr.arpa", "171.0.0.192.in-addr.arpa", /* RFC 8880 */
	"6tisch.arpa",                    /* RFC 9031 */
	"resolver.arpa",                  /* RFC 9462 */
	"alt",                            /* RFC 9476 */
	"service.arpa",                   /* RFC 9665 */
	"internal", /* ICANN Board resolution 2024.07.29.06: private use */
};

/*
 * Exact names only: the infrastructure zones themselves must never be
 * blocked, but a name below them (the PTR name of a hostile address) may.
 */
static const char *const special_exact[] = {
	"arpa", "in-addr.arpa", "ip6.arpa",
};

static int parse_table(const char *const *t, size_t n, struct lf_prefix *out)
{
	for (size_t i = 0; i < n; i++) {
		int rc = lf_prefix_parse(t[i], strlen(t[i]),
					 LF_PFX_STRICT | LF_PFX_NOBARE,
					 &out[i], NULL);
		if (rc)
			return rc;
	}
	return 0;
}

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

int lf_allow_add_defaults(struct lf_allow *a)
{
	struct lf_prefix sp[NELEM(special)], ex[NELEM(special_except)];
	struct lf_prefix *net = NULL;
	struct lf_allow_build b4, bn;
	struct prepared p4, pn;
	size_t nnet = 0, i;
	int rc;

	if (lf_allow_find(a, LF_ALLOW_RFC6890, &i) == 0 ||
	    lf_allow_find(a, LF_ALLOW_RFC6761, &i) == 0)
		return LF_EEXIST;
	if ((rc = parse_table(special, NELEM(special), sp)) != 0 ||
	    (rc = parse_table(special_except, NELEM(special_except), ex)) != 0)
		return rc; /* a typo in the tables above; tests catch it */
	if ((rc = lf_cidr_subtract(sp, NELEM(sp), ex, NELEM(ex), 0, &net,
				   &nnet)) != 0)
		return rc;

	if ((rc = lf_allow_build_begin(a, LF_ALLOW_RFC6890, LF_ALLOW_DROP,
				       LF_ALLOW_TYPES_ALL, &b4)) != 0) {
		free(net);
		return rc;
	}
	for (i = 0; i < nnet && rc == 0; i++)
		rc = lf_allow_build_prefix(&b4, &net[i]);
	free(net);
	b4.stats.entries = NELEM(special);
	if (rc) {
		lf_allow_build_abort(&b4);
		return rc;
	}

	if ((rc = lf_allow_build_begin(a, LF_ALLOW_RFC6761, LF_ALLOW_DROP,
				       LF_ALLOW_TYPES_ALL, &bn)) != 0) {
		lf_allow_build_abort(&b4);
		return rc;
	}
	for (i = 0; i < NELEM(special_names) && rc == 0; i++)
		rc = lf_allow_build_name(&bn, special_names[i],
					 strlen(special_names[i]));
	for (i = 0; i < NELEM(special_exact) && rc == 0; i++)
		rc = lf_allow_build_exact(&bn, LF_IOC_DOMAIN, special_exact[i],
					  strlen(special_exact[i]));
	bn.stats.entries = NELEM(special_names) + NELEM(special_exact);
	if (rc)
		goto fail;

	/* Both or neither: prepare both (bn has no prefixes, so p4's unions
	 * stay right), then apply both. */
	if ((rc = prepare(&b4, 1, bn.nst, &p4)) != 0)
		goto fail;
	if ((rc = prepare(&bn, 1, 0, &pn)) != 0) {
		prepared_free(&p4);
		goto fail;
	}
	apply(&b4, &p4);
	apply(&bn, &pn);
	return 0;
fail:
	/* abort in reverse order: each truncates the pool to its mark */
	lf_allow_build_abort(&bn);
	lf_allow_build_abort(&b4);
	return rc;
}

/* ---- operator lists ----------------------------------------------------- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int lf_allow_add_list(struct lf_allow *a, const char *name,
		      enum lf_allow_action act, const char *buf, size_t len,
		      size_t *bad_lines)
{
	struct lf_allow_build b;
	struct lf_ioc_value *v;
	int rc;

	if (bad_lines)
		*bad_lines = 0;
	if (!buf && len)
		return -EINVAL;
	if (len > LF_FEED_MAX_INPUT)
		return LF_ELIMIT;
	if ((rc = lf_allow_build_begin(a, name, act, LF_ALLOW_TYPES_ALL,
				       &b)) != 0)
		return rc;
	v = malloc(sizeof(*v));
	if (!v) {
		lf_allow_build_abort(&b);
		return -ENOMEM;
	}
	for (size_t pos = 0; pos < len;) {
		const char *ls = buf + pos, *nl = memchr(ls, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - ls) : len - pos;
		pos += ll + (nl != NULL);

		/* a comment runs from '#'/';' at line start or after space */
		for (size_t i = 0; i < ll; i++) {
			if ((ls[i] == '#' || ls[i] == ';') &&
			    (i == 0 || is_space(ls[i - 1]))) {
				ll = i;
				break;
			}
		}
		while (ll && is_space(ls[ll - 1]))
			ll--;
		while (ll && is_space(*ls)) {
			ls++;
			ll--;
		}
		if (ll == 0)
			continue;
		b.stats.entries++;
		/* detection wants two labels; "localhost" or an internal
		 * TLD is still a name an operator may mean */
		if (lf_ioc_value_parse(LF_IOC_NONE, ls, ll, v) != 0 &&
		    lf_ioc_value_parse(LF_IOC_DOMAIN, ls, ll, v) != 0) {
			b.stats.rejected++;
			continue;
		}
		rc = lf_allow_build_value(&b, v, 1);
		if (rc == -ENOMEM || rc == LF_ELIMIT) {
			free(v);
			lf_allow_build_abort(&b);
			return rc;
		}
		if (rc)
			b.stats.rejected++; /* host bits, unsupported type */
	}
	free(v);
	size_t bad = b.stats.rejected;
	if ((rc = lf_allow_build_commit(&b)) != 0)
		return rc;
	if (bad_lines)
		*bad_lines = bad;
	return 0;
}
