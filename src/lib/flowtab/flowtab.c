/* SPDX-License-Identifier: Apache-2.0 */
/*
 * flowtab.c — the bidirectional flow table (flowtab.h has the semantics).
 *
 * Layout. One calloc'd array of max_flows + 1 entries (entry 0 is the nil
 * index, never used) and one array of 2^k bucket heads, k the smallest
 * with 2^k >= max_flows, so chains average at most one entry. An entry
 * holds its canonical key, the key's hash, the chain link, two list links
 * and the counters:
 *
 *   free entries   chained through `hnext` from t->free
 *   live entries   in the bucket chain of (hash & mask), and
 *                  in exactly one activity list: OPEN or ENDED (by `cls`),
 *                  in the AGE list while the current record has a packet
 *
 * The three lists are kept in time order by only ever appending at the
 * tail with the table's clock, which never goes back: OPEN and ENDED by
 * `seen` (the clock at the flow's last packet), AGE by `start` (the clock
 * at the record's first packet). Each list has one timeout (idle, linger,
 * active), so the flow that is due first is always at a head, and the
 * least recently seen flow is the older of the OPEN and ENDED heads.
 *
 * The key is canonical: the (address, port) pair that sorts first is side
 * A. `a_is_src` remembers which side sent the first packet. The key is
 * zeroed before it is filled, so memcmp and the hash see no stray bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "core/err.h"
#include "flowtab/flowtab.h"

#define NIL 0u

enum { CLS_OPEN = 0, CLS_ENDED = 1 };
enum { END_NONE = 0, END_FIN, END_RST };

struct key {
	uint8_t a[16], b[16];
	uint16_t pa, pb;
	uint16_t vlan[2];
	uint8_t af, proto;
	uint8_t pad[2];
};
_Static_assert(sizeof(struct key) == 44, "key has no padding");

struct link {
	uint32_t prev, next;
};

struct list {
	uint32_t head, tail;
};

struct flow {
	struct key k;
	uint32_t hash;
	uint32_t hnext;      /* bucket chain, or free list */
	struct link act;     /* OPEN or ENDED list */
	struct link age;     /* AGE list (when in_age) */
	uint16_t sport, dport; /* of the first packet (ICMP: 0, type|code) */
	lf_time_t seen;      /* table clock at the last packet */
	lf_time_t start;     /* table clock at the record's first packet */
	lf_time_t first, last; /* packet times of the record */
	uint64_t bytes, packets, rbytes, rpackets;
	uint8_t a_is_src;
	uint8_t cls;         /* CLS_* */
	uint8_t tcp_flags;
	uint8_t tos;
	uint8_t fin;         /* 1: FIN from src, 2: FIN from dst */
	uint8_t end;         /* END_* */
	uint8_t frag;
	uint8_t in_age;
};

struct lf_flowtab {
	struct flow *f;      /* [0] unused */
	uint32_t *bucket;
	uint32_t mask;
	uint32_t max;
	uint32_t free;
	struct list act[2];
	struct list age;
	lf_time_t now;
	lf_time_t active, idle, linger;
	uint64_t seed;
	uint8_t full;
	struct lf_flowtab_stats st;
};

/* --- lists ------------------------------------------------------------ */

static struct link *lk(struct lf_flowtab *t, uint32_t i, int age)
{
	return age ? &t->f[i].age : &t->f[i].act;
}

static void list_append(struct lf_flowtab *t, struct list *l, uint32_t i,
			int age)
{
	struct link *n = lk(t, i, age);
	n->prev = l->tail;
	n->next = NIL;
	if (l->tail != NIL)
		lk(t, l->tail, age)->next = i;
	else
		l->head = i;
	l->tail = i;
}

static void list_remove(struct lf_flowtab *t, struct list *l, uint32_t i,
			int age)
{
	struct link *n = lk(t, i, age);
	if (n->prev != NIL)
		lk(t, n->prev, age)->next = n->next;
	else
		l->head = n->next;
	if (n->next != NIL)
		lk(t, n->next, age)->prev = n->prev;
	else
		l->tail = n->prev;
	n->prev = n->next = NIL;
}

/* --- keys --------------------------------------------------------------- */

/*
 * ICMP has no ports; a request and its reply share a key through the
 * request's type (RFC 792: echo 8/0, timestamp 13/14, information 15/16;
 * RFC 950: address mask 17/18; RFC 4443 §4: echo 128/129; RFC 4620: node
 * information 139/140).
 */
static uint8_t icmp_canon(int v6, uint8_t type)
{
	if (v6)
		return type == 129 ? 128 : type == 140 ? 139 : type;
	switch (type) {
	case 0:
		return 8;
	case 14:
		return 13;
	case 16:
		return 15;
	case 18:
		return 17;
	}
	return type;
}

static int is_icmp(const struct lf_pkt *p)
{
	return (p->proto == 1 && p->src.af == LF_AF_V4) ||
	       (p->proto == 58 && p->src.af == LF_AF_V6);
}

/* Fill k from p; returns 1 when p's source is side A of the key. */
static int make_key(const struct lf_pkt *p, struct key *k)
{
	uint16_t sp = p->sport, dp = p->dport;
	int src_a;

	memset(k, 0, sizeof(*k));
	k->af = p->src.af;
	k->proto = p->proto;
	k->vlan[0] = p->nvlan > 0 ? p->vlan[0] : 0;
	k->vlan[1] = p->nvlan > 1 ? p->vlan[1] : 0;
	if (is_icmp(p) && p->frag != LF_PKT_FRAG_LATER)
		sp = dp = (uint16_t)(icmp_canon(p->src.af == LF_AF_V6,
						p->icmp_type) << 8 |
				     p->icmp_code);
	int c = memcmp(p->src.b, p->dst.b, sizeof(p->src.b));
	src_a = c < 0 || (c == 0 && sp <= dp);
	if (src_a) {
		memcpy(k->a, p->src.b, 16);
		memcpy(k->b, p->dst.b, 16);
		k->pa = sp;
		k->pb = dp;
	} else {
		memcpy(k->a, p->dst.b, 16);
		memcpy(k->b, p->src.b, 16);
		k->pa = dp;
		k->pb = sp;
	}
	return src_a;
}

static uint32_t key_hash(const struct lf_flowtab *t, const struct key *k)
{
	return (uint32_t)XXH3_64bits_withSeed(k, sizeof(*k), t->seed);
}

static uint32_t lookup(const struct lf_flowtab *t, const struct key *k,
		       uint32_t h)
{
	for (uint32_t i = t->bucket[h & t->mask]; i != NIL; i = t->f[i].hnext)
		if (t->f[i].hash == h && memcmp(&t->f[i].k, k, sizeof(*k)) == 0)
			return i;
	return NIL;
}

static void unhash(struct lf_flowtab *t, uint32_t i)
{
	uint32_t *pp = &t->bucket[t->f[i].hash & t->mask];
	while (*pp != i)
		pp = &t->f[*pp].hnext;
	*pp = t->f[i].hnext;
}

/* --- records -------------------------------------------------------------- */

static lf_time_t sat_add(lf_time_t a, lf_time_t b)
{
	return a > LF_TIME_MAX - b ? LF_TIME_MAX : a + b;
}

static void emit(struct lf_flowtab *t, struct flow *f, uint8_t flags,
		 enum lf_flowtab_end why, lf_flow_cb cb, void *ud)
{
	struct lf_flow r;

	memset(&r, 0, sizeof(r));
	r.first = f->first;
	r.last = f->last;
	r.src.af = r.dst.af = f->k.af;
	memcpy(r.src.b, f->a_is_src ? f->k.a : f->k.b, 16);
	memcpy(r.dst.b, f->a_is_src ? f->k.b : f->k.a, 16);
	r.bytes = r.bytes_raw = f->bytes;
	r.packets = r.packets_raw = f->packets;
	r.rev_bytes = f->rbytes;
	r.rev_packets = f->rpackets;
	r.sampling = 1;
	r.sport = f->sport;
	r.dport = f->dport;
	r.vlan = f->k.vlan[0];
	r.proto = f->k.proto;
	r.tcp_flags = f->tcp_flags;
	r.tos = f->tos;
	r.dir = LF_FLOW_DIR_UNKNOWN;
	r.source = LF_FLOW_SRC_PCAP;
	r.flags = (uint8_t)(LF_FLOW_F_BIFLOW | flags |
			    (f->frag ? LF_FLOW_F_FRAGMENT : 0));
	t->st.emitted[why]++;
	if (cb)
		cb(ud, &r);
}

static uint8_t end_flags(const struct flow *f)
{
	return f->end == END_RST   ? LF_FLOW_F_END_RST
	       : f->end == END_FIN ? LF_FLOW_F_END_FIN
				   : 0;
}

/* Take entry i out of the table and onto the free list. */
static void release(struct lf_flowtab *t, uint32_t i)
{
	struct flow *f = &t->f[i];

	unhash(t, i);
	list_remove(t, &t->act[f->cls], i, 0);
	if (f->in_age)
		list_remove(t, &t->age, i, 1);
	memset(f, 0, sizeof(*f));
	f->hnext = t->free;
	t->free = i;
	t->st.flows--;
}

/* End flow i: emit its record (if it has packets) and release it. */
static void finish(struct lf_flowtab *t, uint32_t i, uint8_t flags,
		   enum lf_flowtab_end why, lf_flow_cb cb, void *ud)
{
	struct flow *f = &t->f[i];

	if (f->packets || f->rpackets)
		emit(t, f, (uint8_t)(flags | end_flags(f)), why, cb, ud);
	release(t, i);
}

/* The active timeout: emit, then count from zero in the same entry. */
static void restart(struct lf_flowtab *t, uint32_t i, lf_flow_cb cb, void *ud)
{
	struct flow *f = &t->f[i];

	emit(t, f, LF_FLOW_F_END_ACTIVE, LF_FLOWTAB_END_ACTIVE, cb, ud);
	list_remove(t, &t->age, i, 1);
	f->in_age = 0;
	f->bytes = f->packets = f->rbytes = f->rpackets = 0;
	f->tcp_flags = 0;
	f->frag = 0;
}

/*
 * End everything due at `now`, earliest deadline first (ties: AGE, then
 * ENDED, then OPEN — a fixed order, so the output is reproducible).
 */
static void expire_due(struct lf_flowtab *t, lf_time_t now, lf_flow_cb cb,
		       void *ud)
{
	for (;;) {
		lf_time_t best = LF_TIME_MAX;
		int which = -1;
		uint32_t i;

		if ((i = t->age.head) != NIL) {
			lf_time_t d = sat_add(t->f[i].start, t->active);
			if (d <= now) {
				best = d;
				which = 2;
			}
		}
		if ((i = t->act[CLS_ENDED].head) != NIL) {
			lf_time_t d = sat_add(t->f[i].seen, t->linger);
			if (d <= now && (which < 0 || d < best)) {
				best = d;
				which = 1;
			}
		}
		if ((i = t->act[CLS_OPEN].head) != NIL) {
			lf_time_t d = sat_add(t->f[i].seen, t->idle);
			if (d <= now && (which < 0 || d < best)) {
				best = d;
				which = 0;
			}
		}
		switch (which) {
		case 2:
			restart(t, t->age.head, cb, ud);
			break;
		case 1: {
			i = t->act[CLS_ENDED].head;
			finish(t, i, 0,
			       t->f[i].end == END_RST ? LF_FLOWTAB_END_RST
						      : LF_FLOWTAB_END_FIN,
			       cb, ud);
			break;
		}
		case 0:
			finish(t, t->act[CLS_OPEN].head, LF_FLOW_F_END_IDLE,
			       LF_FLOWTAB_END_IDLE, cb, ud);
			break;
		default:
			return;
		}
	}
}

/* Make room by ending the least recently seen flow. */
static void evict(struct lf_flowtab *t, lf_flow_cb cb, void *ud)
{
	uint32_t o = t->act[CLS_OPEN].head, e = t->act[CLS_ENDED].head;
	uint32_t i = o;

	/* an ended flow goes first on a tie: it is done anyway */
	if (e != NIL && (o == NIL || t->f[e].seen <= t->f[o].seen))
		i = e;
	t->st.evictions++;
	finish(t, i, LF_FLOW_F_END_EVICT, LF_FLOWTAB_END_EVICT, cb, ud);
}

/* --- API ----------------------------------------------------------------- */

int lf_flowtab_new(const struct lf_flowtab_cfg *cfg, struct lf_flowtab **out)
{
	struct lf_flowtab_cfg c;
	struct lf_flowtab *t;

	if (!out)
		return -EINVAL;
	memset(&c, 0, sizeof(c));
	if (cfg)
		c = *cfg;
	if (c.active_timeout < 0 || c.idle_timeout < 0 || c.linger < 0 ||
	    c.full > LF_FLOWTAB_FULL_DROP)
		return -EINVAL;
	if (c.max_flows > LF_FLOWTAB_MAX_FLOWS)
		return LF_ERANGE;
	if (c.max_flows == 0)
		c.max_flows = LF_FLOWTAB_DEFAULT_FLOWS;
	if (c.active_timeout == 0)
		c.active_timeout = LF_FLOWTAB_DEFAULT_ACTIVE;
	if (c.idle_timeout == 0)
		c.idle_timeout = LF_FLOWTAB_DEFAULT_IDLE;
	if (c.linger == 0)
		c.linger = LF_FLOWTAB_DEFAULT_LINGER;

	uint32_t nb = 1;
	while (nb < c.max_flows)
		nb <<= 1;

	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->f = calloc((size_t)c.max_flows + 1, sizeof(*t->f));
	t->bucket = calloc(nb, sizeof(*t->bucket));
	if (!t->f || !t->bucket) {
		lf_flowtab_free(t);
		return -ENOMEM;
	}
	t->mask = nb - 1;
	t->max = c.max_flows;
	/* free list 1, 2, ..., max: the first flows take the low entries */
	for (uint32_t i = c.max_flows; i >= 1; i--) {
		t->f[i].hnext = t->free;
		t->free = i;
	}
	t->now = LF_TIME_MIN;
	t->active = c.active_timeout;
	t->idle = c.idle_timeout;
	t->linger = c.linger;
	t->seed = c.seed;
	t->full = c.full;
	t->st.max_flows = c.max_flows;
	*out = t;
	return 0;
}

void lf_flowtab_free(struct lf_flowtab *t)
{
	if (!t)
		return;
	free(t->f);
	free(t->bucket);
	free(t);
}

int lf_flowtab_add(struct lf_flowtab *t, const struct lf_pkt *p,
		   lf_flow_cb cb, void *ud)
{
	struct key k;
	struct flow *f;

	if (!p || (p->src.af != LF_AF_V4 && p->src.af != LF_AF_V6) ||
	    p->dst.af != p->src.af)
		return -EINVAL;
	if (p->ts > t->now)
		t->now = p->ts;
	lf_time_t now = t->now;
	expire_due(t, now, cb, ud);

	int src_a = make_key(p, &k);
	uint32_t h = key_hash(t, &k);
	uint32_t i = lookup(t, &k, h);
	int tcp = p->proto == 6;

	/* a new connection on the ports of one that just ended */
	if (i != NIL && t->f[i].cls == CLS_ENDED && tcp &&
	    (p->tcp_flags & (LF_TCP_SYN | LF_TCP_ACK)) == LF_TCP_SYN) {
		finish(t, i, 0,
		       t->f[i].end == END_RST ? LF_FLOWTAB_END_RST
					      : LF_FLOWTAB_END_FIN,
		       cb, ud);
		i = NIL;
	}
	if (i == NIL) {
		if (t->st.flows == t->max) {
			t->st.cap_hits++;
			if (t->full == LF_FLOWTAB_FULL_DROP) {
				t->st.dropped++;
				return LF_ELIMIT;
			}
			evict(t, cb, ud);
		}
		i = t->free;
		f = &t->f[i];
		t->free = f->hnext;
		f->k = k;
		f->hash = h;
		f->hnext = t->bucket[h & t->mask];
		t->bucket[h & t->mask] = i;
		f->a_is_src = (uint8_t)src_a;
		f->cls = CLS_OPEN;
		f->seen = now;
		list_append(t, &t->act[CLS_OPEN], i, 0);
		if (is_icmp(p) && p->frag != LF_PKT_FRAG_LATER) {
			f->sport = 0;
			f->dport = (uint16_t)(p->icmp_type << 8 | p->icmp_code);
		} else {
			f->sport = p->sport;
			f->dport = p->dport;
		}
		t->st.created++;
		t->st.flows++;
	}
	f = &t->f[i];

	if (!f->in_age) {
		/* the first packet of a record */
		f->first = f->last = p->ts;
		f->start = now;
		f->tos = p->tos;
		f->in_age = 1;
		list_append(t, &t->age, i, 1);
	}
	if (p->ts < f->first)
		f->first = p->ts;
	if (p->ts > f->last)
		f->last = p->ts;
	int fwd = src_a == f->a_is_src;
	if (fwd) {
		f->packets++;
		f->bytes += p->ip_len;
	} else {
		f->rpackets++;
		f->rbytes += p->ip_len;
	}
	t->st.packets++;
	t->st.bytes += p->ip_len;
	if (p->frag) {
		f->frag = 1;
		if (p->frag == LF_PKT_FRAG_LATER)
			t->st.frag_noports++;
	}

	/* TCP end (RFC 9293 §3.6): a FIN from each side, or a RST */
	if (tcp) {
		f->tcp_flags |= p->tcp_flags;
		if (p->tcp_flags & LF_TCP_FIN)
			f->fin |= fwd ? 1 : 2;
		if (p->tcp_flags & LF_TCP_RST)
			f->end = END_RST;
		else if (f->fin == 3 && f->end == END_NONE)
			f->end = END_FIN;
	}
	/* to the tail of its list (a train of packets finds it there) */
	uint8_t cls = f->end != END_NONE ? CLS_ENDED : CLS_OPEN;
	if (cls != f->cls || t->act[cls].tail != i) {
		list_remove(t, &t->act[f->cls], i, 0);
		f->cls = cls;
		list_append(t, &t->act[cls], i, 0);
	}
	f->seen = now;
	return 0;
}

void lf_flowtab_expire(struct lf_flowtab *t, lf_time_t now, lf_flow_cb cb,
		       void *ud)
{
	if (now > t->now)
		t->now = now;
	expire_due(t, t->now, cb, ud);
}

void lf_flowtab_flush(struct lf_flowtab *t, lf_flow_cb cb, void *ud)
{
	while (t->age.head != NIL)
		finish(t, t->age.head, 0, LF_FLOWTAB_END_FLUSH, cb, ud);
	/* entries with nothing new since an active-timeout record */
	for (int c = 0; c < 2; c++)
		while (t->act[c].head != NIL)
			release(t, t->act[c].head);
}

void lf_flowtab_stats(const struct lf_flowtab *t, struct lf_flowtab_stats *out)
{
	*out = t->st;
}

size_t lf_flowtab_mem(const struct lf_flowtab *t)
{
	return sizeof(*t) + ((size_t)t->max + 1) * sizeof(*t->f) +
	       ((size_t)t->mask + 1) * sizeof(*t->bucket);
}
