/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_stix_pattern.c — the STIX pattern parser, printer and reducer under
 * hostile input. Properties checked on every input that parses:
 *   - the canonical text parses again and prints the same text (a fixpoint),
 *     unless printing made it longer than LF_STIX_PATTERN_MAX;
 *   - reduce gives the same verdict and the same items for both trees;
 *   - every reduction item is NUL-terminated at its length.
 * Inputs that do not parse must leave a message and an offset inside the
 * input (or at LF_STIX_PATTERN_MAX for the size limit).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "stix/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz_stix_pattern: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_arena a;
	struct lf_buf b1, b2;
	struct lf_stix_pattern *p1, *p2;
	struct lf_stix_perr e;
	struct lf_stix_reduction r1, r2;

	lf_arena_init(&a, 0, 32u << 20);
	lf_buf_init(&b1, 1u << 20);
	lf_buf_init(&b2, 1u << 20);
	int rc = lf_stix_pattern_parse((const char *)data, size, &a, &p1, &e);
	if (rc) {
		check(rc == LF_ESYNTAX || rc == LF_EDEPTH || rc == LF_ELIMIT,
		      "unexpected parse error code");
		check(e.msg[0] != '\0', "error without message");
		check(e.offset <= size || (rc == LF_ELIMIT &&
					   e.offset == LF_STIX_PATTERN_MAX),
		      "error offset outside the input");
		check(p1 == NULL, "tree returned on error");
		goto out;
	}
	check(lf_stix_pattern_format(p1, &b1) == 0, "format failed");
	int rr1 = lf_stix_pattern_reduce(p1, &a, &r1);
	check(rr1 == 0 || rr1 == LF_EUNSUP, "unexpected reduce error code");
	check(rr1 != 0 || r1.n > 0, "empty reduction");
	check(rr1 == 0 || r1.reason[0] != '\0', "unsupported without reason");
	for (size_t i = 0; rr1 == 0 && i < r1.n; i++)
		check(r1.items[i].value[r1.items[i].len] == '\0',
		      "item not NUL-terminated");

	rc = lf_stix_pattern_parse(b1.data, b1.len, &a, &p2, &e);
	if (rc == LF_ELIMIT && b1.len > LF_STIX_PATTERN_MAX)
		goto out; /* canonical spacing made it too long */
	if (rc)
		fprintf(stderr, "reparse: %s at %zu\n%s\n", e.msg, e.offset,
			b1.data);
	check(rc == 0, "canonical text does not parse");
	check(lf_stix_pattern_format(p2, &b2) == 0, "format 2 failed");
	check(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0,
	      "format(parse(format(p))) != format(p)");
	check(p1->n_obs == p2->n_obs && p1->n_tests == p2->n_tests,
	      "counts differ after the round trip");
	int rr2 = lf_stix_pattern_reduce(p2, &a, &r2);
	check(rr1 == rr2, "reduce verdict differs after the round trip");
	if (rr1 == 0) {
		check(r1.n == r2.n, "item count differs");
		for (size_t i = 0; i < r1.n; i++) {
			const struct lf_stix_item *x = &r1.items[i], *y = &r2.items[i];
			check(x->type == y->type && x->len == y->len &&
			      memcmp(x->value, y->value, x->len) == 0 &&
			      x->valid_from == y->valid_from &&
			      x->valid_until == y->valid_until,
			      "items differ after the round trip");
		}
	} else {
		check(strcmp(r1.reason, r2.reason) == 0,
		      "reason differs after the round trip");
	}
out:
	lf_buf_free(&b1);
	lf_buf_free(&b2);
	lf_arena_free(&a);
	return 0;
}
