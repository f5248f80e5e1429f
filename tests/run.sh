#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run every test: ASan+UBSan unit tests, fuzz-corpus replays, integration
# tests against real peers. Prints one line per test and a closing
# "N passed, N failed, N skipped" line. Exit 1 if anything failed.
#
# An integration test is tests/integration/test_*.sh, run with the build
# directory as $1; exit 0 = pass, 77 = skipped (say why on stdout), else fail.
BUILD=${1:-build}
LOGDIR=$BUILD/test-logs
mkdir -p "$LOGDIR"
pass=0 fail=0 skip=0
failed=""
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

result() { # name rc log
	case $2 in
	0) pass=$((pass + 1)); printf 'PASS  %s\n' "$1" ;;
	77) skip=$((skip + 1)); printf 'SKIP  %s (%s)\n' "$1" "$(tail -n 1 "$3")" ;;
	*) fail=$((fail + 1)); failed="$failed $1"; printf 'FAIL  %s (log: %s)\n' "$1" "$3"
	   tail -n 30 "$3" | sed 's/^/      /' ;;
	esac
}

for t in $(find "$BUILD/asan/unit" -type f -perm -u+x 2>/dev/null | sort); do
	name=unit/${t#"$BUILD/asan/unit/"}
	log=$LOGDIR/$(echo "$name" | tr / _).log
	"$t" >"$log" 2>&1
	result "$name" $? "$log"
done

for t in $(find "$BUILD/asan/replay" -type f -perm -u+x 2>/dev/null | sort); do
	tname=$(basename "$t")
	corpus=tests/fuzz/corpus/${tname#fuzz_}
	name=fuzz-replay/$tname
	log=$LOGDIR/replay_$tname.log
	if [ -d "$corpus" ]; then
		"$t" "$corpus" >"$log" 2>&1
		result "$name" $? "$log"
	else
		echo "no corpus at $corpus" >"$log"
		result "$name" 1 "$log"
	fi
done

for t in $(ls tests/integration/test_*.sh 2>/dev/null | sort); do
	name=integration/$(basename "$t" .sh)
	log=$LOGDIR/$(basename "$t" .sh).log
	timeout 600 sh "$t" "$BUILD" >"$log" 2>&1
	result "$name" $? "$log"
done

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
