/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cidr.h — set algebra over IP prefixes: union (aggregation), difference,
 * size.
 *
 * A list of prefixes stands for the set of addresses it covers. Two lists
 * mean the same set whatever order, overlap or duplication they have, and
 * each set has exactly one minimal list: the maximal aligned blocks inside
 * each maximal run of consecutive addresses. That minimal list is what
 * these functions return, sorted — IPv4 first, then IPv6, each by address —
 * so its text is a canonical form of the set (`iprange --optimize` computes
 * the same thing for IPv4; this does IPv6 too).
 *
 * How: every prefix becomes an inclusive range [lo, hi] (IPv4 in 32 bits,
 * IPv6 as a pair of uint64), ranges are sorted by lo (an LSD radix sort for
 * IPv4, O(n)), overlapping or adjacent ones are merged in one pass, and each
 * merged range is split greedily into the largest aligned blocks that fit:
 * from lo, take the block of size 2^k where k is the smaller of lo's
 * trailing zero bits and floor(log2(hi - lo + 1)). Greedy is optimal here,
 * since any aligned block inside a range lies inside one of the greedy
 * blocks; so the output never has more prefixes than the input had.
 *
 * Input prefixes are canonical (host bits clear) by the contract of
 * core/addr.h; bits past the length are ignored all the same. A prefix of
 * unknown family or with a length past its family's width is -EINVAL.
 *
 * Pure functions over caller memory plus temporary heap buffers (O(n));
 * thread-safe.
 */
#ifndef LF_CIDR_CIDR_H
#define LF_CIDR_CIDR_H

#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

/*
 * Replace p[0..n) by the minimal prefix list covering exactly its union
 * (both families allowed; output sorted, IPv4 first, then by address).
 * In place: the result is p[0..*out_n) with *out_n <= n; p[*out_n..n) is
 * left unspecified. O(n log n) time (O(n) for IPv4), O(n) scratch.
 * Returns 0, -ENOMEM (p untouched) or -EINVAL (a prefix with an unknown
 * family or a length past 32/128; p untouched).
 */
int lf_cidr_aggregate(struct lf_prefix *p, size_t n, size_t *out_n);

/*
 * a union b: the minimal sorted prefix list covering exactly
 * (union of a[0..na)) ∪ (union of b[0..nb)), malloc'd into *out (the caller
 * frees it; NULL when empty), *out_n <= na + nb. Linear time when a and b
 * are each sorted as this module leaves them (two aggregates: merging a
 * new list into a standing union), O(n log n) otherwise.
 * Returns 0, -ENOMEM or -EINVAL (as for lf_cidr_aggregate).
 */
int lf_cidr_union(const struct lf_prefix *a, size_t na,
		  const struct lf_prefix *b, size_t nb, struct lf_prefix **out,
		  size_t *out_n);

/*
 * a minus b: the minimal sorted prefix list covering exactly
 * (union of a[0..na)) \ (union of b[0..nb)). Families are independent (an
 * IPv6 prefix never removes IPv4 space, including ::ffff:0:0/96). The
 * result is malloc'd into *out (the caller frees it; NULL when empty) with
 * its length in *out_n. At most max_out prefixes (0 = no cap): a result
 * that would be longer returns LF_ELIMIT with *out = NULL, *out_n = 0.
 * Example: 10.0.0.0/16 minus 10.0.5.0/24 is the 8 prefixes 10.0.0.0/22,
 * 10.0.4.0/24, 10.0.6.0/23, 10.0.8.0/21, 10.0.16.0/20, 10.0.32.0/19,
 * 10.0.64.0/18, 10.0.128.0/17. Neither input needs to be aggregated.
 * Returns 0, LF_ELIMIT, -ENOMEM or -EINVAL (as for lf_cidr_aggregate).
 */
int lf_cidr_subtract(const struct lf_prefix *a, size_t na,
		     const struct lf_prefix *b, size_t nb, size_t max_out,
		     struct lf_prefix **out, size_t *out_n);

/*
 * Number of distinct addresses covered by p[0..n) (overlaps counted once),
 * for reports: IPv4 exactly in *v4 (at most 2^32), IPv6 in *v6 as a double
 * (exact up to 2^53, then to 53 significant bits; ::/0 gives exactly
 * 2^128). Either pointer may be NULL. Returns 0, -ENOMEM or -EINVAL.
 */
int lf_cidr_count(const struct lf_prefix *p, size_t n, uint64_t *v4,
		  double *v6);

#endif
