/* SPDX-License-Identifier: Apache-2.0 */
/*
 * substr.c — substring lists (MISP "substring" warninglists): every
 * pattern is searched in a text at once, in time linear in the text,
 * with an Aho–Corasick automaton (Aho & Corasick, CACM 18(6), 1975).
 *
 * States are trie nodes of the patterns; goto edges live in one open-
 * addressing table keyed by (state << 8 | byte) + 1, so a state costs a
 * few words however many children it has (a 256-wide row per state would
 * be 100 MB for the 8,201 patterns of disposable-email.json); fail(s) is
 * the longest proper suffix of s's string that is also a trie node, and
 * out(s) says whether a pattern ends at s or at any state on its fail
 * chain, so a match is detected the moment its last byte is read. Matching
 * folds ASCII case; patterns are stored lowercased by the builder.
 *
 * Everything is sized from the total pattern length before building (at
 * most that many + 1 states), so memory is linear in the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allow/allow_int.h"
#include "core/err.h"

/*
 * The automaton over bytes (ASCII-lowercased). Goto edges live in
 * a hash table keyed by (state << 8 | byte) + 1; fail links and a
 * "some pattern ends here or at a suffix" flag per state.
 */
struct lf_allow_ac {
	uint32_t nstates;
	uint32_t *fail;
	uint8_t *out;
	uint64_t *ekey; /* 0 = empty */
	uint32_t *eval;
	size_t emask;
};

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static size_t ac_slot(const struct lf_allow_ac *m, uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & m->emask;
}

static int ac_get(const struct lf_allow_ac *m, uint32_t s, unsigned char c,
		  uint32_t *t)
{
	uint64_t key = (((uint64_t)s << 8) | c) + 1;
	for (size_t i = ac_slot(m, key);; i = (i + 1) & m->emask) {
		if (m->ekey[i] == key) {
			*t = m->eval[i];
			return 1;
		}
		if (m->ekey[i] == 0)
			return 0;
	}
}

static void ac_put(struct lf_allow_ac *m, uint32_t s, unsigned char c,
		   uint32_t t)
{
	uint64_t key = (((uint64_t)s << 8) | c) + 1;
	size_t i = ac_slot(m, key);
	while (m->ekey[i] != 0)
		i = (i + 1) & m->emask;
	m->ekey[i] = key;
	m->eval[i] = t;
}

void lf_allow_ac_free(struct lf_allow_ac *m)
{
	if (!m)
		return;
	free(m->fail);
	free(m->out);
	free(m->ekey);
	free(m->eval);
	free(m);
}

/*
 * Build from pats[0..len): NUL-separated lowercase patterns, none empty.
 * States are at most total bytes + 1, so everything is sized up front.
 */
int lf_allow_ac_build(const char *pats, size_t len, struct lf_allow_ac **out)
{
	*out = NULL;
	if (len >= UINT32_MAX / 2)
		return LF_ELIMIT;
	size_t maxs = len + 1, ecap = 16;
	while (ecap < 2 * maxs)
		ecap *= 2;
	struct lf_allow_ac *m = calloc(1, sizeof(*m));
	uint32_t *first = malloc(maxs * sizeof(uint32_t));
	uint32_t *next = malloc(maxs * sizeof(uint32_t));
	uint8_t *label = malloc(maxs);
	uint32_t *queue = malloc(maxs * sizeof(uint32_t));
	int rc = -ENOMEM;
	if (!m || !first || !next || !label || !queue)
		goto fail;
	m->fail = calloc(maxs, sizeof(uint32_t));
	m->out = calloc(maxs, 1);
	m->ekey = calloc(ecap, sizeof(uint64_t));
	m->eval = malloc(ecap * sizeof(uint32_t));
	if (!m->fail || !m->out || !m->ekey || !m->eval)
		goto fail;
	m->emask = ecap - 1;
	m->nstates = 1;
	first[0] = UINT32_MAX;

	/* The trie; children are also chained for the breadth-first pass. */
	for (size_t i = 0; i < len;) {
		uint32_t s = 0;
		for (; pats[i] != '\0'; i++) {
			unsigned char c = (unsigned char)pats[i];
			uint32_t t;
			if (!ac_get(m, s, c, &t)) {
				t = m->nstates++;
				ac_put(m, s, c, t);
				first[t] = UINT32_MAX;
				next[t] = first[s];
				first[s] = t;
				label[t] = c;
			}
			s = t;
		}
		m->out[s] = 1;
		i++; /* the NUL */
	}

	/* Fail links, breadth first: fail(t) for t = goto(s, c) is the
	 * deepest state that is a proper suffix of t and has a c-edge. */
	size_t qh = 0, qt = 0;
	for (uint32_t t = first[0]; t != UINT32_MAX; t = next[t]) {
		m->fail[t] = 0;
		queue[qt++] = t;
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		for (uint32_t t = first[s]; t != UINT32_MAX; t = next[t]) {
			uint32_t f = m->fail[s], g;
			for (;;) {
				if (ac_get(m, f, label[t], &g)) {
					m->fail[t] = g;
					break;
				}
				if (f == 0) {
					m->fail[t] = 0;
					break;
				}
				f = m->fail[f];
			}
			m->out[t] |= m->out[m->fail[t]];
			queue[qt++] = t;
		}
	}
	*out = m;
	m = NULL;
	rc = 0;
fail:
	lf_allow_ac_free(m);
	free(first);
	free(next);
	free(label);
	free(queue);
	return rc;
}

int lf_allow_ac_match(const struct lf_allow_ac *m, const char *s, size_t n)
{
	uint32_t st = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = lower((unsigned char)s[i]);
		uint32_t t;
		for (;;) {
			if (ac_get(m, st, c, &t)) {
				st = t;
				break;
			}
			if (st == 0)
				break;
			st = m->fail[st];
		}
		if (m->out[st])
			return 1;
	}
	return 0;
}
