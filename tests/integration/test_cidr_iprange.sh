#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# test_cidr_iprange.sh — lf_cidr_aggregate against a real peer: Debian's
# `iprange --optimize` must print the same minimal prefix set for the same
# input. The inputs are made here with awk (no external data): a few
# thousand random IPv4 addresses and prefixes, most of them packed into a
# /12 so that overlaps, duplicates, adjacent siblings and nested prefixes
# are common, plus some from the whole space and a few edge cases (the
# first and last addresses, a /1). Also checks that aggregating our own
# output changes nothing.
#
# Usage: tests/integration/test_cidr_iprange.sh BUILD_DIR
# Exit: 0 pass, 77 skip (reason on the last line), anything else fail.
set -eu
B=${1:-build}
BIN=$B/rel/bench/bench_cidr

if ! command -v iprange >/dev/null 2>&1; then
	echo "iprange not installed (scripts/deps.sh installs it)"
	exit 77
fi
if [ ! -x "$BIN" ]; then
	echo "$BIN not built (make test builds it)"
	exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/test_cidr_iprange.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# gen SEED COUNT: random addresses/prefixes on stdout
gen() {
	awk -v seed="$1" -v n="$2" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			r = rand()
			if (r < 0.75) {          # inside 10.16.0.0/12
				a = 10 * 16777216 + 16 * 65536 + int(rand() * 1048576)
				len = (rand() < 0.6) ? 32 : 20 + int(rand() * 13)
			} else {                  # anywhere
				a = int(rand() * 4294967296)
				len = (rand() < 0.7) ? 32 : 8 + int(rand() * 25)
			}
			size = 2 ^ (32 - len)
			a = a - (a % size)        # canonical: no host bits
			o1 = int(a / 16777216); o2 = int(a / 65536) % 256
			o3 = int(a / 256) % 256; o4 = a % 256
			if (len == 32 && rand() < 0.5)
				printf "%d.%d.%d.%d\n", o1, o2, o3, o4
			else
				printf "%d.%d.%d.%d/%d\n", o1, o2, o3, o4, len
		}
	}'
}

norm_iprange() { # iprange prints a host without "/32"
	awk '{ print (index($0, "/") ? $0 : $0 "/32") }' | sort
}

fail=0
round=0
for seed in 1 2 3 4 5 6 7 8; do
	round=$((round + 1))
	gen "$seed" 4000 >"$TMP/in.txt"
	case $seed in
	3) printf '0.0.0.0\n255.255.255.255\n255.255.255.254/31\n' >>"$TMP/in.txt" ;;
	5) printf '128.0.0.0/1\n' >>"$TMP/in.txt" ;;
	7) # the same prefixes twice, in reverse order
	   sort -r "$TMP/in.txt" >"$TMP/rev.txt"
	   cat "$TMP/rev.txt" >>"$TMP/in.txt" ;;
	esac
	iprange --optimize "$TMP/in.txt" | norm_iprange >"$TMP/want.txt"
	if ! "$BIN" aggregate <"$TMP/in.txt" >"$TMP/got.raw"; then
		echo "round $round: bench_cidr aggregate failed"
		fail=1
		continue
	fi
	sort "$TMP/got.raw" >"$TMP/got.txt"
	if ! cmp -s "$TMP/want.txt" "$TMP/got.txt"; then
		echo "round $round (seed $seed): output differs from iprange:"
		diff "$TMP/want.txt" "$TMP/got.txt" | head -n 20
		fail=1
		continue
	fi
	# idempotent: the aggregate of an aggregate is itself
	"$BIN" aggregate <"$TMP/got.raw" | sort >"$TMP/again.txt"
	if ! cmp -s "$TMP/got.txt" "$TMP/again.txt"; then
		echo "round $round: aggregating the output changed it"
		fail=1
		continue
	fi
	echo "round $round: $(wc -l <"$TMP/in.txt" | tr -d ' ') in," \
		"$(wc -l <"$TMP/got.txt" | tr -d ' ') out, same as iprange"
done

if [ "$fail" -ne 0 ]; then
	echo "FAIL: lf_cidr_aggregate and iprange --optimize disagree"
	exit 1
fi
echo "PASS: $round rounds identical to iprange --optimize"
