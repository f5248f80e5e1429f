#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end: the lianfang binary on the bundled sample feeds and, when the
# project's shared folder is there, on the STIX 2.1 examples — exact counts,
# exact hits, exit codes.
set -u
B=${1:-build}
LF=$B/rel/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built at $LF"; exit 77; }
S=samples/feeds
NOW=2026-11-21T00:00:00Z
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }
expect() { # description actual expected
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}

# --help and usage errors
"$LF" --help >/dev/null && ok "lianfang --help" || bad "lianfang --help"
for c in check match export; do
	"$LF" intel $c --help | grep -q "usage: lianfang intel $c" && ok "intel $c --help" \
		|| bad "intel $c --help"
done
"$LF" intel check >/dev/null 2>&1; expect "check without files exits 2" $? 2
"$LF" bogus >/dev/null 2>&1; expect "unknown command exits 2" $? 2

# check: the STIX sample, exact counts
"$LF" intel check --json "$S/national-c2.stix.json" >"$T/c.json"
expect "check exit 0" $? 0
expect "stix imported" "$(jq .imported "$T/c.json")" 7
expect "stix ipv4" "$(jq .per_type.ipv4 "$T/c.json")" 2
expect "stix ipv6" "$(jq .per_type.ipv6 "$T/c.json")" 1
expect "stix domain" "$(jq .per_type.domain "$T/c.json")" 2
expect "stix unsupported (REPEATS)" "$(jq .unsupported "$T/c.json")" 1
expect "stix skipped (revoked, expired)" "$(jq .skipped "$T/c.json")" 2
jq -e '.issues[] | select(.where | test("a1f0b2c3-0004"))' "$T/c.json" >/dev/null \
	&& ok "unsupported indicator named by id" || bad "unsupported indicator not named"

# check: bad lines in the netset are reported with file:line; rest imported
"$LF" intel check --json "$S/blocklist.netset" >"$T/n.json"
expect "netset rejected" "$(jq .rejected "$T/n.json")" 2
jq -e '.issues[] | select(.where | endswith("blocklist.netset:14"))' "$T/n.json" >/dev/null \
	&& ok "300.1.1.1 reported at line 14" || bad "300.1.1.1 not reported at line 14"
expect "netset imported" "$(jq .imported "$T/n.json")" 6

# a file that cannot be parsed at all: exit 1 with a message
printf '{"type": "bundle", "objects": [ {"type": ' >"$T/trunc.json"
"$LF" intel check "$T/trunc.json" >"$T/trunc.out" 2>&1
expect "truncated JSON exits 1" $? 1
grep -q "trunc.json" "$T/trunc.out" && ok "truncated JSON named" || bad "truncated JSON not named"

# match: exact hits, expiry, revocation, to_ids
FEEDS="--feed $S/national-c2.stix.json --feed $S/agency-phish.misp.json --feed $S/blocklist.netset"
m() { "$LF" intel match --json --now $NOW $FEEDS "$1" 2>/dev/null; }
expect "C2 address" "$(m 203.0.113.66 | jq -r '.hits[0].id')" indicator--a1f0b2c3-0001-4a5b-8c9d-000000000001
expect "C2 confidence" "$(m 203.0.113.66 | jq -r '.hits[0].confidence')" 90
expect "C2 tlp (TLP 1.0 green marking)" "$(m 203.0.113.66 | jq -r '.hits[0].tlp')" green
expect "inside ISSUBSET /25" "$(m 198.51.100.42 | jq -r '.hits[0].indicator')" 198.51.100.0/25
expect "netset /27" "$(m 203.0.113.20 | jq -r '.hits[0].indicator')" 203.0.113.0/27
expect "revoked does not match" "$(m 192.0.2.200 | jq -r .matched)" false
expect "to_ids=false not imported" "$(m 8.8.8.8 | jq -r .matched)" false
expect "domain case and dot" "$(m TAX-REFUND.example.org. | jq '.hits | length')" 2
expect "MISP TLP tag" "$(m tax-refund.example.org | jq -r '[.hits[].tlp] | sort | join(",")')" amber,amber
expect "URL normalised" "$(m 'http://dl.example.com/payload.exe' | jq -r .matched)" true
expect "e-mail lowercased" "$(m refunds@tax-refund.example.org | jq -r .matched)" true
expect "IPv6 exact" "$(m 2001:db8:bad::1 | jq -r '.hits[0].type')" ipv6
"$LF" intel match --now $NOW $FEEDS 192.0.2.99 >/dev/null 2>&1
expect "no match exits 1" $? 1
"$LF" intel match --now $NOW $FEEDS 203.0.113.66 >/dev/null 2>&1
expect "match exits 0" $? 0
n=$(printf '203.0.113.66\n# comment\n198.51.100.1\nnot a value\n' |
	"$LF" intel match --json --now $NOW $FEEDS - 2>/dev/null | wc -l)
expect "stdin values" "$n" 3
expect "expired (valid_until 2025)" \
	"$(m 203.0.113.99 | jq -r .matched)" false
expect "decay: 90 halves every 30 days from 2026-10-01" \
	"$("$LF" intel match --json --now 2026-10-31T00:00:00Z --decay national-c2.stix.json=30d $FEEDS 203.0.113.66 2>/dev/null | jq '.hits[0].confidence')" 45

# export: the built-in rfc6890 list drops the documentation ranges the
# samples use (RFC 5737/3849) and the private ones; all of it is reported
"$LF" intel export --format edl --json --now $NOW $FEEDS >"$T/edl0.txt" 2>"$T/edl0.err"
expect "export exit 0" $? 0
expect "rfc6890 drops everything here" "$(wc -l <"$T/edl0.txt" | tr -d ' ')" 0
expect "rfc6890 removal reported" \
	"$(tail -n 1 "$T/edl0.err" | jq -r '.allowlists[] | select(.name=="rfc6890") | .removed')" 10
# an operator list instead: an allowed /28 cuts a hole in a listed /27
"$LF" intel export --format edl --now $NOW --no-default-allow \
	--allow samples/allow/private-ranges.txt --allow samples/allow/own-networks.txt \
	$FEEDS >"$T/edl.txt" 2>"$T/edl.err"
grep -qx '203.0.113.0/28' "$T/edl.txt" && ok "allowed /28 cut out of /27" || bad "no hole cut: $(cat "$T/edl.txt")"
grep -q '10.20.' "$T/edl.txt" && bad "private range exported" || ok "private range dropped"
grep -q 'private-ranges.txt (drop): 2 removed' "$T/edl.err" && ok "allowlist removal reported" \
	|| bad "no allowlist report: $(cat "$T/edl.err")"
"$LF" intel export --format edl --now $NOW --no-default-allow --max-entries 2 $FEEDS \
	>"$T/edl2.txt" 2>"$T/edl2.err"
expect "max-entries lines" "$(wc -l <"$T/edl2.txt" | tr -d ' ')" 2
grep -q 'cut to fit' "$T/edl2.err" && ok "cut reported" || bad "cut not reported"

# The STIX 2.1 examples of the shared data import exactly.
D=../shared/data/stix
if [ -d "$D" ]; then
	c() { "$LF" intel check --json "$D/$1" | jq -r "$2"; }
	expect "c2-ip imported" "$(c indicator-for-c2-ip-address.json .imported)" 1
	expect "C2-with-COA ipv4+sha256" "$(c indicators-for-C2-with-COA.json '[.per_type.ipv4,.per_type.sha256]|join(",")')" 1,1
	expect "relationship bundle" "$(c indicator-to-campaign-relationship.json .imported)" 1
	expect "email MATCHES unsupported" "$(c malicious-email-indicator-with-attachment.json '[.imported,.unsupported]|join(",")')" 0,2
	expect "infrastructure SCOs reported" "$(c infrastructure.json '[.imported,.unsupported]|join(",")')" 0,2
	expect "marking-only object" "$(c interop-objectmarking-test.json '[.ok,.imported]|join(",")')" true,0
else
	echo "../shared/data/stix absent: shared STIX examples not checked"
fi
exit $fail
