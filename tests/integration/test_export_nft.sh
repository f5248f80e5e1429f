#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Integration test: the nft (and ipset) blocklists that `lianfang intel
# export` writes, loaded into the real kernel with `nft -f` (and `ipset
# restore`) inside a network namespace of the test's own:
#   - the set holds exactly the expected elements (allowlist hole, covered
#     prefix left out, IPv6 in bl6);
#   - loading the same file again changes nothing (idempotent), loading a
#     newer export replaces the contents (flush + add in one transaction);
#   - --nft-rules adds drop rules that really drop: a DNS query to a listed
#     address on lo is counted by the output rule and gets no answer;
#   - --aggregate merges adjacent prefixes;
#   - a 100 000-entry list loads, for nft and for ipset.
# Usage: test_export_nft.sh BUILD_DIR. Exit 0 pass, 77 skip, else fail.
set -u
BUILD=${1:-build}
LF=$BUILD/rel/lianfang

skip() {
	echo "$1"
	exit 77
}

if [ "${LF_EXPORT_NFT_INNER:-}" != 1 ]; then
	[ -x "$LF" ] || skip "lianfang binary not built"
	"$LF" intel export --help >/dev/null 2>&1 ||
		skip "lianfang intel export not available"
	command -v nft >/dev/null 2>&1 || skip "nft not installed"
	command -v unshare >/dev/null 2>&1 || skip "unshare not installed"
	command -v timeout >/dev/null 2>&1 || skip "timeout not installed"
	# As real root a plain network namespace; otherwise a user + network
	# namespace, where nft cannot raise its netlink buffer
	# (SO_SNDBUFFORCE) and a large set does not fit in one transaction.
	if unshare -n true 2>/dev/null; then
		NS="unshare -n"
		MODE=root
	elif unshare -rn true 2>/dev/null; then
		NS="unshare -rn"
		MODE=rootless
	else
		skip "cannot create a network namespace (unshare -n or -rn)"
	fi
	LF=$(cd "$(dirname "$LF")" && pwd)/$(basename "$LF")
	LF_EXPORT_NFT_INNER=1
	export LF MODE LF_EXPORT_NFT_INNER
	# shellcheck disable=SC2086
	exec timeout 300 $NS sh "$0" "$BUILD"
fi

# ---- inside the namespace ----
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
checks=0
fail() {
	echo "FAIL: $*"
	exit 1
}
ok() {
	checks=$((checks + 1))
}
ip link set lo up 2>/dev/null

export_to() { # out-file export-args...
	out=$1
	shift
	timeout 60 "$LF" intel export --no-default-allow --now 2024-06-01T00:00:00Z \
		"$@" -o "$out" 2>"$TMP/report.txt" ||
		fail "export $*: $(cat "$TMP/report.txt")"
}

# Elements of a set as one sorted prefix per line.
elements() { # family table set
	nft list set "$1" "$2" "$3" | tr ',{}' '\n\n\n' |
		sed -n 's/^[[:space:]]*\([0-9a-f.:]\{2,\}\(\/[0-9]\{1,3\}\)\{0,1\}\)[[:space:]]*$/\1/p' |
		sort
}

cat >"$TMP/feed.txt" <<'EOF'
# documentation ranges only
198.51.100.0/24
198.51.100.7
203.0.113.0/25
203.0.113.128/25
192.0.2.0/24
2001:db8::/32
2001:db8:1::1
evil.example
EOF
printf '192.0.2.64/26\n' >"$TMP/allow.txt"

# 1. the set holds what the export says
export_to "$TMP/bl.nft" --format nft --allow "$TMP/allow.txt" \
	--feed "$TMP/feed.txt"
timeout 60 nft -f "$TMP/bl.nft" || fail "nft -f refused the export"
cat >"$TMP/want4" <<'EOF'
192.0.2.0/26
192.0.2.128/25
198.51.100.0/24
203.0.113.0/25
203.0.113.128/25
EOF
elements inet lianfang bl4 >"$TMP/got4"
diff "$TMP/want4" "$TMP/got4" >/dev/null ||
	fail "bl4 differs: $(diff "$TMP/want4" "$TMP/got4" | tr '\n' ' ')"
ok
[ "$(elements inet lianfang bl6)" = "2001:db8::/32" ] ||
	fail "bl6: $(elements inet lianfang bl6 | tr '\n' ' ')"
ok

# 2. loading again changes nothing
timeout 60 nft -f "$TMP/bl.nft" || fail "second nft -f failed"
elements inet lianfang bl4 >"$TMP/got4b"
diff "$TMP/want4" "$TMP/got4b" >/dev/null || fail "reload changed bl4"
ok

# 3. a newer export replaces the contents
grep -v '^203\.' "$TMP/feed.txt" >"$TMP/feed2.txt"
export_to "$TMP/bl2.nft" --format nft --allow "$TMP/allow.txt" \
	--feed "$TMP/feed2.txt"
timeout 60 nft -f "$TMP/bl2.nft" || fail "nft -f of the newer export failed"
grep -v '^203\.' "$TMP/want4" >"$TMP/want4c"
elements inet lianfang bl4 >"$TMP/got4c"
diff "$TMP/want4c" "$TMP/got4c" >/dev/null ||
	fail "after update: $(diff "$TMP/want4c" "$TMP/got4c" | tr '\n' ' ')"
ok

# 4. drop rules drop
export_to "$TMP/rules.nft" --format nft --nft-rules --feed "$TMP/feed.txt"
timeout 60 nft -f "$TMP/rules.nft" || fail "nft -f of --nft-rules failed"
timeout 60 nft -f "$TMP/rules.nft" || fail "second load of --nft-rules failed"
[ "$(nft list chain inet lianfang output | grep -c 'daddr @bl4')" = 1 ] ||
	fail "rules duplicated on reload"
ok
if command -v dig >/dev/null 2>&1; then
	ip addr add 198.51.100.7/32 dev lo 2>/dev/null
	if timeout 10 dig @198.51.100.7 +tries=1 +time=1 lianfang.example \
		>/dev/null 2>&1; then
		fail "a query to a listed address got an answer"
	fi
	nft list chain inet lianfang output | grep 'daddr @bl4' |
		grep -q 'packets [1-9]' || fail "output drop rule counted nothing"
	ok
else
	echo "note: dig not installed, drop rules not exercised with traffic"
fi
nft delete table inet lianfang || fail "cannot delete the table"

# 5. aggregation
export_to "$TMP/agg.nft" --format nft --aggregate --feed "$TMP/feed.txt"
timeout 60 nft -f "$TMP/agg.nft" || fail "nft -f of --aggregate failed"
[ "$(elements inet lianfang bl4 | tr '\n' ' ')" = \
	"192.0.2.0/24 198.51.100.0/24 203.0.113.0/24 " ] ||
	fail "aggregated bl4: $(elements inet lianfang bl4 | tr '\n' ' ')"
ok
nft delete table inet lianfang

# 6. 100 000 entries (every other address of 11.0.0.0/13: none adjacent)
awk 'BEGIN { for (i = 0; i < 100000; i++) { n = 2 * i;
	printf "11.%d.%d.%d\n", int(n / 65536), int(n / 256) % 256, n % 256 } }' \
	>"$TMP/big.txt"
export_to "$TMP/big.nft" --format nft --feed "$TMP/big.txt"
[ "$(grep -c '^	11\.' "$TMP/big.nft")" = 100000 ] ||
	fail "big export does not hold 100000 elements"
big_nft=skipped
if [ "$MODE" = root ]; then
	timeout 120 nft -f "$TMP/big.nft" || fail "nft -f of 100000 elements failed"
	timeout 120 nft -f "$TMP/big.nft" || fail "reload of 100000 elements failed"
	n=$(elements inet lianfang bl4 | wc -l)
	[ "$n" -eq 100000 ] || fail "big set holds $n elements"
	ok
	big_nft=done
fi

# 7. ipset, when installed
if command -v ipset >/dev/null 2>&1; then
	export_to "$TMP/bl.ipset" --format ipset --allow "$TMP/allow.txt" \
		--feed "$TMP/feed.txt"
	timeout 60 ipset restore <"$TMP/bl.ipset" || fail "ipset restore failed"
	timeout 60 ipset restore <"$TMP/bl.ipset" || fail "ipset reload failed"
	ipset list lianfang | sed -n '/^Members:/,$p' | sed 1d | sort >"$TMP/gots"
	diff "$TMP/want4" "$TMP/gots" >/dev/null ||
		fail "ipset: $(diff "$TMP/want4" "$TMP/gots" | tr '\n' ' ')"
	[ "$(ipset list lianfang6 | sed -n '/^Members:/,$p' | sed 1d)" = \
		"2001:db8::/32" ] || fail "ipset lianfang6"
	ok
	export_to "$TMP/big.ipset" --format ipset --feed "$TMP/big.txt"
	timeout 120 ipset restore <"$TMP/big.ipset" || fail "ipset 100000 failed"
	n=$(ipset list lianfang -t | sed -n 's/^Number of entries: //p')
	[ "$n" = 100000 ] || fail "ipset big set holds $n entries"
	ok
	ipset destroy lianfang 2>/dev/null
	ipset destroy lianfang6 2>/dev/null
else
	echo "note: ipset not installed, ipset export not loaded"
fi

if [ "$big_nft" = skipped ]; then
	echo "$checks checks passed"
	skip "100000-element nft load needs real root: rootless nft cannot raise its netlink buffer"
fi
echo "PASS: $checks checks"
exit 0
