#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_cidr.sh — prefix aggregation: lf_cidr_aggregate (through
# `bench_cidr aggregate`: read text, parse, aggregate, print) against
# `iprange --optimize` on the same file in the same run. Both read the
# file and write the result, so both pay for text parsing and printing.
# The outputs must be the same set (iprange prints a /32 bare: normalised).
#
# Prints, per data set,
#   cidr aggregate n=N prefixes_pct=P ours_sec=S iprange_sec=S ratio=R
#        ours_cpu=S iprange_cpu=S cpu_ratio=R identical=yes
# with *_sec the best wall-clock time of 3 alternating runs and *_cpu the
# user+system time of that run (when /usr/bin/time exists; the CPU figures
# are the steadier ones on a shared machine). ratio = iprange / ours.
#
# Usage: bench/bench_cidr.sh [BUILD] [--quick]   (--quick: 100 k only)
set -eu
B=${1:-build}
[ $# -gt 0 ] && shift
QUICK=0
for a in "$@"; do
	[ "$a" = "--quick" ] && QUICK=1
done

BIN=$B/rel/bench/bench_cidr
if [ ! -x "$BIN" ]; then
	echo "cidr aggregate skipped: $BIN not built (make bench)"
	exit 0
fi
if ! command -v iprange >/dev/null 2>&1; then
	echo "cidr aggregate skipped: iprange not installed (scripts/deps.sh)"
	exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench_cidr.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# run OUT CMD... : stdout to OUT; sets WALL and CPU (CPU "" if unknown)
run() {
	out=$1
	shift
	if [ -x /usr/bin/time ]; then
		t0=$(now)
		/usr/bin/time -f '%U %S' -o "$TMP/cpu" "$@" >"$out"
		t1=$(now)
		CPU=$(awk '{ printf "%.3f", $1 + $2 }' "$TMP/cpu")
	else
		t0=$(now)
		"$@" >"$out"
		t1=$(now)
		CPU=""
	fi
	WALL=$(sub "$t0" "$t1")
}

# min A B (empty A means none yet)
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

bench() { # N PCT
	n=$1
	pct=$2
	"$BIN" gen "$n" 42 "$pct" >"$TMP/in.txt"
	best_o="" best_i="" cpu_o="" cpu_i=""
	for r in 1 2 3; do
		run "$TMP/ours.txt" "$BIN" aggregate <"$TMP/in.txt"
		if [ -z "$best_o" ] || [ "$(min "$best_o" "$WALL")" = "$WALL" ]; then
			best_o=$WALL
			cpu_o=$CPU
		fi
		run "$TMP/ipr.txt" iprange --optimize "$TMP/in.txt"
		if [ -z "$best_i" ] || [ "$(min "$best_i" "$WALL")" = "$WALL" ]; then
			best_i=$WALL
			cpu_i=$CPU
		fi
	done
	awk '{ print (index($0, "/") ? $0 : $0 "/32") }' "$TMP/ipr.txt" |
		sort >"$TMP/ipr.norm"
	sort "$TMP/ours.txt" >"$TMP/ours.norm"
	same=no
	cmp -s "$TMP/ipr.norm" "$TMP/ours.norm" && same=yes
	ratio=$(awk -v o="$best_o" -v i="$best_i" \
		'BEGIN { printf "%.2f", (o > 0) ? i / o : 0 }')
	line="cidr aggregate n=$n prefixes_pct=$pct ours_sec=$best_o"
	line="$line iprange_sec=$best_i ratio=$ratio"
	if [ -n "$cpu_o" ]; then
		cr=$(awk -v o="$cpu_o" -v i="$cpu_i" \
			'BEGIN { printf "%.2f", (o > 0) ? i / o : 0 }')
		line="$line ours_cpu=$cpu_o iprange_cpu=$cpu_i cpu_ratio=$cr"
	fi
	echo "$line out=$(wc -l <"$TMP/ours.txt" | tr -d ' ') identical=$same"
	rm -f "$TMP/in.txt" "$TMP/ours.txt" "$TMP/ipr.txt" "$TMP/ipr.norm" \
		"$TMP/ours.norm"
	[ "$same" = yes ]
}

if [ "$QUICK" = 1 ]; then
	bench 100000 0
else
	bench 1000000 0
	bench 1000000 20
	bench 10000000 0
fi
