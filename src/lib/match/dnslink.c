/* SPDX-License-Identifier: Apache-2.0 */
/* The DNS link cache: address -> domain name, with expiry. See match.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "ioc/ioc.h"
#include "match/match.h"

#define PROBE 16 /* probe window; a full window evicts its soonest expiry */
#define TTL_MIN ((lf_time_t)60 * LF_USEC_PER_SEC)

struct ent {
	struct lf_addr addr;
	uint8_t used;
	uint8_t len;
	lf_time_t expires;
	char name[LF_DOMAIN_MAX + 1];
};

struct lf_dnslink {
	struct ent *e;
	size_t mask;
	size_t used; /* slots ever filled: 0 makes every lookup free */
	struct lf_dnslink_stats st;
};

int lf_dnslink_new(size_t capacity, struct lf_dnslink **out)
{
	size_t n = 16;
	if (capacity == 0)
		capacity = 65536;
	while (n < capacity && n < ((size_t)1 << 30))
		n *= 2;
	struct lf_dnslink *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->e = calloc(n, sizeof(*c->e));
	if (!c->e) {
		free(c);
		return -ENOMEM;
	}
	c->mask = n - 1;
	c->st.capacity = n;
	*out = c;
	return 0;
}

void lf_dnslink_free(struct lf_dnslink *c)
{
	if (!c)
		return;
	free(c->e);
	free(c);
}

static size_t slot_of(const struct lf_dnslink *c, const struct lf_addr *a)
{
	size_t n = a->af == LF_AF_V4 ? 4 : 16;
	return (size_t)XXH3_64bits_withSeed(a->b, n, a->af) & c->mask;
}

static int same(const struct lf_addr *x, const struct lf_addr *y)
{
	return x->af == y->af && memcmp(x->b, y->b, 16) == 0;
}

void lf_dnslink_add(struct lf_dnslink *c, const struct lf_addr *a,
		    const char *name, size_t len, lf_time_t now, lf_time_t ttl)
{
	if (len == 0 || len > LF_DOMAIN_MAX)
		return;
	if (ttl < TTL_MIN)
		ttl = TTL_MIN;
	if (ttl > LF_DNSLINK_TTL_MAX)
		ttl = LF_DNSLINK_TTL_MAX;
	size_t i = slot_of(c, a);
	struct ent *victim = NULL;
	for (size_t k = 0; k < PROBE; k++) {
		struct ent *e = &c->e[(i + k) & c->mask];
		if (e->used && same(&e->addr, a)) {
			victim = e;
			c->st.refreshed++;
			goto fill;
		}
		if (!e->used || e->expires <= now) {
			if (!victim || victim->used)
				victim = e;
		} else if (!victim || (victim->used && e->expires < victim->expires)) {
			victim = e;
		}
	}
	if (victim->used && victim->expires > now)
		c->st.evicted++;
	c->st.added++;
fill:
	if (!victim->used)
		c->used++;
	victim->used = 1;
	victim->addr = *a;
	victim->expires = now + ttl;
	memcpy(victim->name, name, len);
	victim->name[len] = '\0';
	victim->len = (uint8_t)len;
}

const char *lf_dnslink_lookup(struct lf_dnslink *c, const struct lf_addr *a,
			      lf_time_t now)
{
	if (c->used == 0) { /* the common case: no matching name resolved yet */
		c->st.misses++;
		return NULL;
	}
	size_t i = slot_of(c, a);
	for (size_t k = 0; k < PROBE; k++) {
		struct ent *e = &c->e[(i + k) & c->mask];
		/* An entry goes to the first never-used slot of its window (or
		 * replaces a used one) and is never removed, so a never-used
		 * slot ends the search. */
		if (!e->used)
			break;
		if (!same(&e->addr, a))
			continue;
		if (e->expires <= now) {
			c->st.expired_hits++;
			return NULL;
		}
		c->st.hits++;
		return e->name;
	}
	c->st.misses++;
	return NULL;
}

const struct lf_dnslink_stats *lf_dnslink_stats(const struct lf_dnslink *c)
{
	return &c->st;
}
