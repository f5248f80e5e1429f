#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Integration test: the RPZ zone that `lianfang intel export --format rpz`
# writes, loaded by a real Unbound (rpz: clause, zonefile:) listening on
# 127.0.0.1 inside a network namespace of the test's own, queried with dig:
#   - nxdomain policy: a listed name, the listed apex of a "*." indicator
#     and names below it are NXDOMAIN; an answer holding a listed IPv4 or
#     IPv6 address (rpz-ip trigger) is NXDOMAIN; an unlisted name served by
#     a local auth-zone and one served by local-data are NOERROR with their
#     address;
#   - nodata policy: a listed name is NOERROR with no answer;
#   - drop policy: a listed name gets no reply at all.
# Unbound never reaches the internet: no root hints, the test names come
# from an auth-zone file and local-data, and the namespace has only lo.
# (The listed names are in an auth-zone, not local-data, because Unbound
# answers local-data before RPZ policy applies.)
# Usage: test_export_rpz.sh BUILD_DIR. Exit 0 pass, 77 skip, else fail.
set -u
BUILD=${1:-build}
LF=$BUILD/rel/lianfang

skip() {
	echo "$1"
	exit 77
}

if [ "${LF_EXPORT_RPZ_INNER:-}" != 1 ]; then
	[ -x "$LF" ] || skip "lianfang binary not built"
	"$LF" intel export --help >/dev/null 2>&1 ||
		skip "lianfang intel export not available"
	command -v unbound >/dev/null 2>&1 || skip "unbound not installed"
	command -v unbound-checkconf >/dev/null 2>&1 ||
		skip "unbound-checkconf not installed"
	command -v dig >/dev/null 2>&1 || skip "dig not installed"
	command -v unshare >/dev/null 2>&1 || skip "unshare not installed"
	command -v timeout >/dev/null 2>&1 || skip "timeout not installed"
	if unshare -n true 2>/dev/null; then
		NS="unshare -n"
	elif unshare -rn true 2>/dev/null; then
		NS="unshare -rn"
	else
		skip "cannot create a network namespace (unshare -n or -rn)"
	fi
	LF=$(cd "$(dirname "$LF")" && pwd)/$(basename "$LF")
	LF_EXPORT_RPZ_INNER=1
	export LF LF_EXPORT_RPZ_INNER
	# shellcheck disable=SC2086
	exec timeout 240 $NS sh "$0" "$BUILD"
fi

# ---- inside the namespace: only lo, so any port is free ----
TMP=$(mktemp -d) || exit 1
PORT=53535
UPID=
stop_unbound() {
	if [ -n "$UPID" ]; then
		kill "$UPID" 2>/dev/null
		wait "$UPID" 2>/dev/null
		UPID=
	fi
}
trap 'stop_unbound; rm -rf "$TMP"' EXIT INT TERM
checks=0
fail() {
	echo "FAIL: $*"
	[ -f "$TMP/unbound.log" ] && tail -n 20 "$TMP/unbound.log"
	exit 1
}
ok() {
	checks=$((checks + 1))
}
ip link set lo up 2>/dev/null || fail "cannot bring lo up"

cat >"$TMP/feed.txt" <<'EOF'
evil.example
*.bad.example
192.0.2.0/24
2001:db8::1
EOF

export_zone() { # out policy
	timeout 60 "$LF" intel export --format rpz --type domain,ip \
		--no-default-allow --rpz-policy "$2" --serial 7 \
		--name rpz.lianfang. --feed "$TMP/feed.txt" -o "$1" \
		2>"$TMP/report.txt" || fail "export ($2): $(cat "$TMP/report.txt")"
}
export_zone "$TMP/nxdomain.zone" nxdomain
export_zone "$TMP/nodata.zone" nodata
export_zone "$TMP/drop.zone" drop
grep -q '^@ SOA .* 7 ' "$TMP/nxdomain.zone" || fail "serial not in the SOA"

cat >"$TMP/example.zone" <<'EOF'
$ORIGIN example.
$TTL 300
@ SOA localhost. hostmaster.localhost. 1 3600 600 604800 300
@ NS localhost.
evil A 198.51.100.1
bad A 198.51.100.2
www.bad A 198.51.100.2
a.b.bad A 198.51.100.2
good A 198.51.100.3
ipbad A 192.0.2.5
ip6bad AAAA 2001:db8::1
ip6good AAAA 2001:db8::2
EOF

write_conf() { # conf zonefile
	cat >"$1" <<EOF
server:
	interface: 127.0.0.1
	port: $PORT
	do-daemonize: no
	use-syslog: no
	logfile: ""
	username: ""
	chroot: ""
	directory: "$TMP"
	pidfile: ""
	do-ip6: no
	do-not-query-localhost: no
	module-config: "respip iterator"
	access-control: 127.0.0.0/8 allow
	num-threads: 1
	root-hints: ""
	verbosity: 1
	local-zone: "lianfang-test." static
	local-data: "ok.lianfang-test. A 198.51.100.9"
auth-zone:
	name: "example."
	zonefile: "$TMP/example.zone"
	for-downstream: no
	for-upstream: yes
	fallback-enabled: no
rpz:
	name: "rpz.lianfang."
	zonefile: "$2"
	rpz-log: yes
EOF
}

start_unbound() { # zonefile
	write_conf "$TMP/unbound.conf" "$1"
	unbound-checkconf "$TMP/unbound.conf" >"$TMP/check.log" 2>&1 ||
		fail "unbound-checkconf: $(cat "$TMP/check.log")"
	unbound -d -c "$TMP/unbound.conf" >"$TMP/unbound.log" 2>&1 &
	UPID=$!
	i=0
	while [ $i -lt 50 ]; do
		if [ "$(dig @127.0.0.1 -p $PORT +tries=1 +time=1 +short \
			ok.lianfang-test A 2>/dev/null)" = 198.51.100.9 ]; then
			return 0
		fi
		kill -0 "$UPID" 2>/dev/null || fail "unbound exited"
		sleep 0.2
		i=$((i + 1))
	done
	fail "unbound did not answer within 10 s"
}

q() { # name type -> full dig output
	timeout 10 dig @127.0.0.1 -p $PORT +tries=1 +time=2 "$1" "$2" 2>&1
}

expect_status() { # name type status
	out=$(q "$1" "$2")
	echo "$out" | grep -q "status: $3," ||
		fail "$1 $2: want $3, got: $(echo "$out" | grep status)"
	ok
}

expect_answer() { # name type address
	got=$(timeout 10 dig @127.0.0.1 -p $PORT +tries=1 +time=2 +short "$1" "$2")
	[ "$got" = "$3" ] || fail "$1 $2: want $3, got '$got'"
	ok
}

# nxdomain
start_unbound "$TMP/nxdomain.zone"
expect_status evil.example A NXDOMAIN
expect_status bad.example A NXDOMAIN
expect_status www.bad.example A NXDOMAIN
expect_status a.b.bad.example A NXDOMAIN
expect_status ipbad.example A NXDOMAIN
expect_status ip6bad.example AAAA NXDOMAIN
expect_status good.example A NOERROR
expect_answer good.example A 198.51.100.3
expect_answer ip6good.example AAAA 2001:db8::2
expect_answer ok.lianfang-test A 198.51.100.9
grep -q 'rpz: applied' "$TMP/unbound.log" || fail "unbound logged no rpz hit"
if grep -qi 'error' "$TMP/unbound.log"; then
	fail "unbound reported errors loading the zone"
fi
stop_unbound

# nodata: NOERROR, no answer
start_unbound "$TMP/nodata.zone"
out=$(q evil.example A)
echo "$out" | grep -q 'status: NOERROR,' || fail "nodata: $(echo "$out" | grep status)"
echo "$out" | grep -q 'ANSWER: 0,' || fail "nodata: an answer came back"
ok
out=$(q www.bad.example A)
echo "$out" | grep -q 'ANSWER: 0,' || fail "nodata wildcard: an answer came back"
ok
expect_answer good.example A 198.51.100.3
stop_unbound

# drop: no reply at all (dig exits 9), the rest still answered
start_unbound "$TMP/drop.zone"
timeout 10 dig @127.0.0.1 -p $PORT +tries=1 +time=1 evil.example A \
	>"$TMP/drop.out" 2>&1
rc=$?
[ $rc -eq 9 ] || fail "drop: dig exit $rc, want 9 (no reply): $(grep status "$TMP/drop.out")"
ok
expect_answer good.example A 198.51.100.3
stop_unbound

echo "PASS: $checks checks"
exit 0
