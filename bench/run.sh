#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run every benchmark. Each prints machine-readable lines; the ones that
# compare with another tool (iprange, ...) run it in the same run on the
# same data and print the ratio. Not a test: nothing here fails on speed.
# Usage: bench/run.sh [BUILD] [--quick]
B=${1:-build}
shift 2>/dev/null || true
echo "# lianfang benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -m)"
for b in "$B"/rel/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "## $(basename "$b")"
	"$b" "$@"
done
for s in bench/bench_*.sh; do
	[ -f "$s" ] || continue
	echo "## $(basename "$s")"
	sh "$s" "$B" "$@"
done
