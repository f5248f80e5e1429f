/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_warninglist.c — lf_allow_add_warninglist and lf_allow_add_list on
 * arbitrary bytes, next to the built-in defaults (so the shared name table,
 * the unions and set_action see real neighbours), then lookups: fixed
 * values, and every line of the input parsed as an indicator value (which
 * drives the Aho–Corasick automaton of a fuzzed substring list over fuzzed
 * text; JSON lines are stripped of quotes and commas first, so a seed can
 * carry probe values in an extra key). Aborts on broken invariants:
 * accounting of operator lists (entries = accepted + duplicates +
 * rejected), the DROP union covering every DROP list, lookups returning a
 * list that exists with its action.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allow/allow.h"
#include "cidr/cidr.h"
#include "core/err.h"
#include "ioc/ioc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const struct lf_allow *a, const char *s, size_t n,
			struct lf_ioc_value *v)
{
	size_t li;
	enum lf_allow_action act;
	if (lf_ioc_value_parse(LF_IOC_NONE, s, n, v) != 0 &&
	    lf_ioc_value_parse(LF_IOC_DOMAIN, s, n, v) != 0)
		return;
	int rc = lf_allow_check(a, v, &li, &act);
	if (rc == 0) {
		if (li >= lf_allow_count(a) ||
		    act != lf_allow_action_of(a, li) || act == LF_ALLOW_IGNORE)
			abort();
	} else if (rc != LF_ENOENT) {
		abort();
	}
}

static void check_union(const struct lf_allow *a)
{
	const struct lf_prefix *u, *p;
	size_t nu, np;
	if (lf_allow_prefixes(a, LF_ALLOW_DROP_UNION, &u, &nu) != 0)
		abort();
	for (size_t i = 0; i < lf_allow_count(a); i++) {
		if (lf_allow_action_of(a, i) != LF_ALLOW_DROP)
			continue;
		if (lf_allow_prefixes(a, i, &p, &np) != 0)
			abort();
		struct lf_prefix *rest = NULL;
		size_t nrest = 0;
		if (lf_cidr_subtract(p, np, u, nu, 0, &rest, &nrest) != 0)
			return; /* out of memory is not a finding */
		free(rest);
		if (nrest != 0)
			abort(); /* a DROP list not inside the DROP union */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"8.8.8.8", "10.1.2.3", "2001:db8::1", "example.com",
		"a.b.c.example.tw", "x@0-mail.com", "http://a.tw/b",
		"44d88612fea8a8f36de82e1278abb02f",
	};
	const char *buf = (const char *)data;
	struct lf_allow *a;
	struct lf_ioc_value *v;
	char err[128];
	size_t bad = 0;

	if (lf_allow_new(&a) != 0)
		return 0;
	v = malloc(sizeof(*v));
	if (!v) {
		lf_allow_free(a);
		return 0;
	}
	(void)lf_allow_add_defaults(a);
	/* the JSON path, twice: the second must be refused by name */
	int rc = lf_allow_add_warninglist(a, buf, size, LF_ALLOW_DROP, "wl",
					  err, sizeof(err));
	if (rc != 0 && rc != LF_EUNSUP && err[0] == '\0')
		abort(); /* every refusal says why */
	if ((rc == 0 || rc == LF_EUNSUP) &&
	    lf_allow_add_warninglist(a, buf, size, LF_ALLOW_DROP, "wl", err,
				     sizeof(err)) != LF_EEXIST)
		abort();
	/* the same bytes as an operator list */
	if (lf_allow_add_list(a, "op", LF_ALLOW_WARN, buf, size, &bad) == 0) {
		struct lf_allow_stats st;
		size_t li;
		if (lf_allow_find(a, "op", &li) != 0 ||
		    lf_allow_stats(a, li, &st) != 0)
			abort();
		if (st.rejected != bad ||
		    st.entries != st.prefixes + st.names + st.exact +
					  st.duplicates + st.rejected)
			abort();
	}
	check_union(a);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_value(a, fixed[i], strlen(fixed[i]), v);
	/* every line of the input as a value (bounded: 64 lines) */
	size_t pos = 0;
	for (int k = 0; k < 64 && pos < size; k++) {
		const char *s = buf + pos, *nl = memchr(s, '\n', size - pos);
		size_t l = nl ? (size_t)(nl - s) : size - pos;
		pos += l + (nl != NULL);
		/* so JSON lines like  "x@0-mail.com",  probe their value */
		while (l && (*s == ' ' || *s == '\t' || *s == '"')) {
			s++;
			l--;
		}
		while (l && (s[l - 1] == ',' || s[l - 1] == '"' ||
			     s[l - 1] == '\r' || s[l - 1] == ' '))
			l--;
		check_value(a, s, l, v);
	}
	/* flip the actions and check again */
	(void)lf_allow_set_action(a, "op", LF_ALLOW_DROP);
	(void)lf_allow_set_action(a, "wl", LF_ALLOW_WARN);
	(void)lf_allow_set_action(a, LF_ALLOW_RFC6890, LF_ALLOW_IGNORE);
	check_union(a);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_value(a, fixed[i], strlen(fixed[i]), v);
	free(v);
	lf_allow_free(a);
	return 0;
}
