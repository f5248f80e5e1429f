/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reduce.c — from a parsed STIX pattern to the indicator values it stands
 * for (lf_stix_pattern_reduce, declared in pattern.h).
 *
 * Lianfang matches plain values: an address or prefix, a domain, a URL, a
 * hash, an e-mail address. A pattern is turned into such values only when
 * the result is exact: the pattern matches an observation if and only if
 * the observation carries one of the values (inside the START/STOP window,
 * if one is given). That holds for an OR of "=" / "IN" comparisons on
 * indicator properties, at the observation level or inside the brackets,
 * and for ISSUBSET on address properties. Anything else would make the
 * value list either too broad (a blocklist entry for half of an AND) or
 * too narrow (one branch of an OR we cannot express), so it is refused
 * with a reason that names the construct; the importer records it as an
 * unsupported entry. The one AND accepted is the type discriminator the
 * STIX 2.1 examples and MISP exports use,
 *   [network-traffic:dst_ref.type = 'ipv4-addr' AND
 *    network-traffic:dst_ref.value = '203.0.113.33/32'],
 * which only says what kind of value the other comparison holds.
 *
 * Items are collected in the arena and deduplicated through an open-
 * addressing hash table (XXH3 over the value, mixed with the type) that
 * stores item indexes; both grow by doubling, the item count is capped at
 * LF_STIX_MAX_ITEMS. Recursion follows the tree, whose depth the parser
 * bounded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "core/err.h"
#include "stix/pattern.h"

/* Indicator properties the reducer knows. */
enum prop {
	P_NONE = 0,
	P_IPV4,
	P_IPV6,
	P_DOMAIN,
	P_URL,
	P_EMAIL,
	P_MD5,
	P_SHA1,
	P_SHA256,
	P_HASH_OTHER, /* file:hashes.<something we do not index> */
	P_REF_VALUE,  /* network-traffic:{src,dst}_ref.value */
	P_REF_TYPE,   /* network-traffic:{src,dst}_ref.type */
};

struct window {
	lf_time_t from, until; /* [from, until) */
};

struct red {
	struct lf_arena *a;
	uint64_t cap_hits0;
	struct lf_stix_reduction *out;
	struct lf_stix_item *items;
	size_t n, cap;
	uint32_t *slots; /* item index + 1, 0 = free */
	size_t nslots;   /* power of two */
};

__attribute__((format(printf, 2, 3))) static int unsup(struct red *r,
						       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->out->reason, sizeof(r->out->reason), fmt, ap);
	va_end(ap);
	return LF_EUNSUP;
}

static int fail_alloc(struct red *r)
{
	if (r->a->cap_hits != r->cap_hits0) {
		snprintf(r->out->reason, sizeof(r->out->reason),
			 "arena limit reached");
		return LF_ELIMIT;
	}
	snprintf(r->out->reason, sizeof(r->out->reason), "out of memory");
	return -ENOMEM;
}

/* ---- naming things in reasons ----------------------------------------- */

static int plain_key(const char *k, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '_' || (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

/* "file:hashes.'SHA-256'", truncated to fit; for messages only. */
static const char *path_str(const struct lf_stix_path *p, char *buf, size_t cap)
{
	size_t k = 0;
#define PUT(...)                                                               \
	do {                                                                   \
		int w_ = snprintf(buf + k, cap - k, __VA_ARGS__);              \
		if (w_ < 0 || (size_t)w_ >= cap - k)                           \
			return buf;                                            \
		k += (size_t)w_;                                               \
	} while (0)
	buf[0] = '\0';
	PUT("%.*s:", (int)p->type_len, p->type);
	for (const struct lf_stix_step *st = p->steps; st; st = st->next) {
		const char *dot = st == p->steps ? "" : ".";
		if (st->type == LF_STIX_STEP_KEY && plain_key(st->key, st->key_len))
			PUT("%s%.*s", dot, (int)st->key_len, st->key);
		else if (st->type == LF_STIX_STEP_KEY)
			PUT("%s'%.*s'", dot, (int)st->key_len, st->key);
		else if (st->type == LF_STIX_STEP_INDEX)
			PUT("[%lld]", (long long)st->index);
		else
			PUT("[*]");
	}
#undef PUT
	return buf;
}

/* ---- properties ------------------------------------------------------- */

static int eq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static int key_is(const struct lf_stix_step *st, const char *k)
{
	return st && st->type == LF_STIX_STEP_KEY && eq(st->key, st->key_len, k);
}

/*
 * Hash algorithm names of the STIX hash-algorithm-ov vocabulary ("MD5",
 * "SHA-1", "SHA-256"), also written without the hyphen or in lower case.
 */
static enum prop hash_alg(const char *k, size_t n)
{
	char norm[16];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		char c = k[i];
		if (c == '-')
			continue;
		if (m + 1 >= sizeof(norm))
			return P_HASH_OTHER;
		norm[m++] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	if (eq(norm, m, "MD5"))
		return P_MD5;
	if (eq(norm, m, "SHA1"))
		return P_SHA1;
	if (eq(norm, m, "SHA256"))
		return P_SHA256;
	return P_HASH_OTHER;
}

static enum prop classify(const struct lf_stix_path *p)
{
	const struct lf_stix_step *s1 = p->steps;
	const struct lf_stix_step *s2 = s1 ? s1->next : NULL;
	const char *t = p->type;
	size_t tl = p->type_len;
	if (p->n_steps == 1 && key_is(s1, "value")) {
		if (eq(t, tl, "ipv4-addr"))
			return P_IPV4;
		if (eq(t, tl, "ipv6-addr"))
			return P_IPV6;
		if (eq(t, tl, "domain-name"))
			return P_DOMAIN;
		if (eq(t, tl, "url"))
			return P_URL;
		if (eq(t, tl, "email-addr"))
			return P_EMAIL;
		return P_NONE;
	}
	if (p->n_steps != 2)
		return P_NONE;
	if (eq(t, tl, "file") && key_is(s1, "hashes") &&
	    s2->type == LF_STIX_STEP_KEY)
		return hash_alg(s2->key, s2->key_len);
	if (eq(t, tl, "email-message") &&
	    (key_is(s1, "from_ref") || key_is(s1, "sender_ref")) &&
	    key_is(s2, "value"))
		return P_EMAIL;
	if (eq(t, tl, "network-traffic") &&
	    (key_is(s1, "dst_ref") || key_is(s1, "src_ref"))) {
		if (key_is(s2, "value"))
			return P_REF_VALUE;
		if (key_is(s2, "type"))
			return P_REF_TYPE;
	}
	return P_NONE;
}

static enum lf_ioc_type prop_type(enum prop pr)
{
	switch (pr) {
	case P_IPV4: return LF_IOC_IPV4;
	case P_IPV6: return LF_IOC_IPV6;
	case P_DOMAIN: return LF_IOC_DOMAIN;
	case P_URL: return LF_IOC_URL;
	case P_EMAIL: return LF_IOC_EMAIL;
	case P_MD5: return LF_IOC_MD5;
	case P_SHA1: return LF_IOC_SHA1;
	case P_SHA256: return LF_IOC_SHA256;
	default: return LF_IOC_NONE;
	}
}

/*
 * The address family of a network-traffic reference value, from the
 * literal: a ':' is IPv6, digits, dots and a '/' are IPv4; anything else
 * (a domain name, garbage) is left to the importer's detection.
 */
static enum lf_ioc_type guess_addr(const char *s, size_t n)
{
	int dots = 0;
	if (memchr(s, ':', n))
		return LF_IOC_IPV6;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '/')
			return LF_IOC_NONE;
	}
	return dots ? LF_IOC_IPV4 : LF_IOC_NONE;
}

/* ---- the item set ----------------------------------------------------- */

static uint64_t item_hash(enum lf_ioc_type t, const char *v, size_t len)
{
	return XXH3_64bits(v, len) ^ ((uint64_t)t * UINT64_C(0x9e3779b97f4a7c15));
}

static int grow_slots(struct red *r)
{
	size_t ns = r->nslots ? r->nslots * 2 : 64;
	uint32_t *slots = lf_arena_calloc(r->a, ns, sizeof(*slots));
	if (!slots)
		return fail_alloc(r);
	for (size_t k = 0; k < r->n; k++) {
		const struct lf_stix_item *it = &r->items[k];
		size_t i = item_hash(it->type, it->value, it->len) & (ns - 1);
		while (slots[i])
			i = (i + 1) & (ns - 1);
		slots[i] = (uint32_t)(k + 1);
	}
	r->slots = slots;
	r->nslots = ns;
	return 0;
}

static int add_item(struct red *r, enum lf_ioc_type t, const char *v,
		    size_t len, const struct window *w)
{
	if ((r->n + 1) * 2 > r->nslots) {
		int rc = grow_slots(r);
		if (rc)
			return rc;
	}
	size_t mask = r->nslots - 1;
	size_t i = item_hash(t, v, len) & mask;
	for (; r->slots[i]; i = (i + 1) & mask) {
		struct lf_stix_item *it = &r->items[r->slots[i] - 1];
		if (it->type != t || it->len != len || memcmp(it->value, v, len))
			continue;
		/* The same value under another window: keep the hull. */
		if (w->from < it->valid_from)
			it->valid_from = w->from;
		if (w->until > it->valid_until)
			it->valid_until = w->until;
		return 0;
	}
	if (r->n >= LF_STIX_MAX_ITEMS) {
		snprintf(r->out->reason, sizeof(r->out->reason),
			 "more than %d indicator values", LF_STIX_MAX_ITEMS);
		return LF_ELIMIT;
	}
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 8;
		if (nc > LF_STIX_MAX_ITEMS)
			nc = LF_STIX_MAX_ITEMS;
		struct lf_stix_item *ni = lf_arena_alloc(r->a, nc * sizeof(*ni));
		if (!ni)
			return fail_alloc(r);
		if (r->n)
			memcpy(ni, r->items, r->n * sizeof(*ni));
		r->items = ni;
		r->cap = nc;
	}
	r->items[r->n] = (struct lf_stix_item){
		.type = t, .value = v, .len = len,
		.valid_from = w->from, .valid_until = w->until,
	};
	r->slots[i] = (uint32_t)++r->n;
	return 0;
}

/* ---- the walk --------------------------------------------------------- */

/*
 * One comparison. `forced` is the type a type discriminator gave a
 * network-traffic reference (LF_IOC_NONE: guess from the literal).
 */
static int reduce_test(struct red *r, const struct lf_stix_cmp *c,
		       enum lf_ioc_type forced, const struct window *w)
{
	char ps[96];
	path_str(&c->path, ps, sizeof(ps));
	if (c->op == LF_STIX_OP_EXISTS)
		return unsup(r, "%sEXISTS %s tests presence, not a value",
			     c->negated ? "NOT " : "", ps);
	if (c->negated)
		return unsup(r, "NOT: negated comparison on %s", ps);
	if (c->op != LF_STIX_OP_EQ && c->op != LF_STIX_OP_IN &&
	    c->op != LF_STIX_OP_ISSUBSET)
		return unsup(r, "operator %s on %s", lf_stix_op_name(c->op),
			     ps);
	enum prop pr = classify(&c->path);
	if (pr == P_NONE || pr == P_REF_TYPE)
		return unsup(r, "property %s not an indicator value", ps);
	if (pr == P_HASH_OTHER) {
		const struct lf_stix_step *alg = c->path.steps->next;
		return unsup(r, "hash algorithm '%.*s' not an indicator type",
			     (int)(alg->key_len > 40 ? 40 : alg->key_len),
			     alg->key);
	}
	int addr = pr == P_IPV4 || pr == P_IPV6 || pr == P_REF_VALUE;
	if (c->op == LF_STIX_OP_ISSUBSET && !addr)
		return unsup(r, "operator ISSUBSET on %s (only on addresses)",
			     ps);
	if (c->op == LF_STIX_OP_IN && c->n_values == 0)
		return unsup(r, "IN () on %s: an empty set matches nothing",
			     ps);
	for (const struct lf_stix_lit *l = c->value; l; l = l->next)
		if (l->type != LF_STIX_LIT_STRING)
			return unsup(r, "%s compared with a literal that is "
					"not a string",
				     ps);
	for (const struct lf_stix_lit *l = c->value; l; l = l->next) {
		enum lf_ioc_type t = prop_type(pr);
		if (pr == P_REF_VALUE)
			t = forced != LF_IOC_NONE ? forced
						  : guess_addr(l->s, l->len);
		int rc = add_item(r, t, l->s, l->len, w);
		if (rc)
			return rc;
	}
	return 0;
}

static int same_ref(const struct lf_stix_cmp *a, const struct lf_stix_cmp *b)
{
	const struct lf_stix_step *x = a->path.steps, *y = b->path.steps;
	return x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0;
}

/*
 * "ref.type = 'ipv4-addr' AND ref.value …" (either order): returns 1 and
 * sets *value / *type when c is that shape, with the type mapped (or
 * LF_EUNSUP through *rc when the discriminator names a non-address type).
 */
static int discriminated(struct red *r, const struct lf_stix_cmp *c,
			 const struct lf_stix_cmp **value,
			 enum lf_ioc_type *type, int *rc)
{
	if (c->n_kids != 2)
		return 0;
	const struct lf_stix_cmp *a = c->kids, *b = c->kids->next;
	if (a->type != LF_STIX_CMP_TEST || b->type != LF_STIX_CMP_TEST)
		return 0;
	if (classify(&a->path) != P_REF_TYPE) {
		const struct lf_stix_cmp *tmp = a;
		a = b;
		b = tmp;
	}
	if (classify(&a->path) != P_REF_TYPE ||
	    classify(&b->path) != P_REF_VALUE || !same_ref(a, b) ||
	    a->op != LF_STIX_OP_EQ || a->negated ||
	    a->value->type != LF_STIX_LIT_STRING)
		return 0;
	const struct lf_stix_lit *t = a->value;
	*value = b;
	*rc = 0;
	if (eq(t->s, t->len, "ipv4-addr"))
		*type = LF_IOC_IPV4;
	else if (eq(t->s, t->len, "ipv6-addr"))
		*type = LF_IOC_IPV6;
	else if (eq(t->s, t->len, "domain-name"))
		*type = LF_IOC_DOMAIN;
	else
		*rc = unsup(r, "network-traffic:%.*s.type '%.*s' is not an "
			       "address type",
			    (int)a->path.steps->key_len, a->path.steps->key,
			    (int)(t->len > 40 ? 40 : t->len), t->s);
	return 1;
}

/* The first object type in c's subtree other than `not` (NULL: any). */
static const struct lf_stix_path *find_type(const struct lf_stix_cmp *c,
					    const struct lf_stix_path *not)
{
	if (c->type == LF_STIX_CMP_TEST) {
		if (!not || c->path.type_len != not->type_len ||
		    memcmp(c->path.type, not->type, not->type_len) != 0)
			return &c->path;
		return NULL;
	}
	for (const struct lf_stix_cmp *k = c->kids; k; k = k->next) {
		const struct lf_stix_path *p = find_type(k, not);
		if (p)
			return p;
	}
	return NULL;
}

static int reduce_cmp(struct red *r, const struct lf_stix_cmp *c,
		      const struct window *w)
{
	if (c->type == LF_STIX_CMP_TEST)
		return reduce_test(r, c, LF_IOC_NONE, w);
	if (c->type == LF_STIX_CMP_OR) {
		for (const struct lf_stix_cmp *k = c->kids; k; k = k->next) {
			int rc = reduce_cmp(r, k, w);
			if (rc)
				return rc;
		}
		return 0;
	}
	const struct lf_stix_cmp *value = NULL;
	enum lf_ioc_type type = LF_IOC_NONE;
	int rc = 0;
	if (discriminated(r, c, &value, &type, &rc))
		return rc ? rc : reduce_test(r, value, type, w);
	const struct lf_stix_path *a = find_type(c, NULL);
	const struct lf_stix_path *b = find_type(c, a);
	if (b)
		return unsup(r, "AND across different objects (%.*s, %.*s)",
			     (int)(a->type_len > 60 ? 60 : a->type_len), a->type,
			     (int)(b->type_len > 60 ? 60 : b->type_len),
			     b->type);
	return unsup(r, "AND of comparisons on one %.*s object: all must "
			"hold",
		     (int)(a->type_len > 60 ? 60 : a->type_len), a->type);
}

static int reduce_obs(struct red *r, const struct lf_stix_obs *o,
		      const struct window *w)
{
	switch (o->type) {
	case LF_STIX_OBS_CMP:
		return reduce_cmp(r, o->cmp, w);
	case LF_STIX_OBS_OR:
		for (const struct lf_stix_obs *k = o->kids; k; k = k->next) {
			int rc = reduce_obs(r, k, w);
			if (rc)
				return rc;
		}
		return 0;
	case LF_STIX_OBS_AND:
		return unsup(r, "AND of observation expressions: all must be "
				"observed");
	case LF_STIX_OBS_FOLLOWEDBY:
		return unsup(r, "FOLLOWEDBY is temporal: one observation must "
				"follow another");
	case LF_STIX_OBS_QUAL:
		break;
	}
	for (const struct lf_stix_qual *q = o->quals; q; q = q->next) {
		if (q->type == LF_STIX_QUAL_WITHIN)
			return unsup(r, "WITHIN qualifier: behavioural");
		if (q->type == LF_STIX_QUAL_REPEATS)
			return unsup(r, "REPEATS qualifier: behavioural");
	}
	struct window nw = *w;
	for (const struct lf_stix_qual *q = o->quals; q; q = q->next) {
		/* START inclusive, STOP taken as exclusive: [from, until)
		 * like an lf_ioc validity window (docs/stix-patterns.md). */
		if (q->start >= q->stop)
			return unsup(r, "START/STOP window is empty (STOP is "
					"not after START)");
		if (q->start > nw.from)
			nw.from = q->start;
		if (q->stop < nw.until)
			nw.until = q->stop;
	}
	if (nw.from >= nw.until)
		return unsup(r, "nested START/STOP windows do not overlap");
	return reduce_obs(r, o->kids, &nw);
}

int lf_stix_pattern_reduce(const struct lf_stix_pattern *p, struct lf_arena *a,
			   struct lf_stix_reduction *out)
{
	struct red r = {.a = a, .cap_hits0 = a->cap_hits, .out = out};
	struct window w = {LF_TIME_MIN, LF_TIME_MAX};
	out->items = NULL;
	out->n = 0;
	out->reason[0] = '\0';
	int rc = reduce_obs(&r, p->root, &w);
	if (rc)
		return rc;
	out->items = r.items;
	out->n = r.n;
	return 0;
}
