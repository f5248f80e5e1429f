#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Feed transport and round trips: a MISP feed directory (manifest.json +
# <uuid>.json) read from disk and over HTTP from a real server on
# 127.0.0.1, a list fetched by URL, and STIX export re-imported to the same
# indicators.
set -u
B=${1:-build}
LF=$B/rel/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built at $LF"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed (scripts/deps.sh installs it)"; exit 77; }
T=$(mktemp -d)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }

# A MISP feed with two events and a hashes.csv, as MISP's feed export writes it.
F=$T/feed
mkdir -p "$F"
U1=11111111-2222-4333-8444-555555555555
U2=66666666-7777-4888-9999-aaaaaaaaaaaa
cat >"$F/manifest.json" <<JSON
{"$U1": {"info": "first", "Tag": [{"name": "tlp:green"}], "timestamp": "1700000000"},
 "$U2": {"info": "second", "timestamp": "1700000001"}}
JSON
cat >"$F/$U1.json" <<JSON
{"Event": {"uuid": "$U1", "info": "first", "Tag": [{"name": "tlp:green"}], "Attribute": [
 {"uuid": "a1a1a1a1-0000-4000-8000-000000000001", "type": "ip-dst", "to_ids": true, "value": "192.0.2.77"},
 {"uuid": "a1a1a1a1-0000-4000-8000-000000000002", "type": "hostname", "to_ids": true, "value": "c2.feed.example"}]}}
JSON
cat >"$F/$U2.json" <<JSON
{"Event": {"uuid": "$U2", "info": "second", "Attribute": [
 {"uuid": "a1a1a1a1-0000-4000-8000-000000000003", "type": "sha1", "to_ids": true, "value": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}}
JSON
printf 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0,%s\n' "$U1" >"$F/hashes.csv"

"$LF" intel check --json "$F" >"$T/dir.json"
expect "feed dir exit" $? 0
expect "feed dir files (manifest + 2 events)" "$(wc -l <"$T/dir.json" | tr -d ' ')" 3
expect "feed dir imported" "$(jq -s '[.[].imported] | add' "$T/dir.json")" 3
"$LF" intel match --json --feed "$F" c2.feed.example >"$T/m.json" 2>/dev/null
expect "feed dir match tlp" "$(jq -r '.hits[0].tlp' "$T/m.json")" green

# The same feed over HTTP (a real server on loopback).
PORT=$((20000 + $$ % 20000))
(cd "$T" && exec python3 -m http.server "$PORT" --bind 127.0.0.1) >/dev/null 2>&1 &
SRV=$!
i=0
printf '198.51.100.0/24\n' >"$T/list.txt"
until "$LF" intel check "http://127.0.0.1:$PORT/list.txt" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -gt 100 ] && { bad "http server did not come up"; exit 1; }
	sleep 0.1
done
"$LF" intel check --json "http://127.0.0.1:$PORT/feed/" >"$T/url.json"
expect "feed URL exit" $? 0
expect "feed URL imported" "$(jq -s '[.[].imported] | add' "$T/url.json")" 3
"$LF" intel match --feed "http://127.0.0.1:$PORT/list.txt" 198.51.100.9 >/dev/null 2>&1
expect "list by URL matches" $? 0
"$LF" intel check "http://127.0.0.1:$PORT/missing.txt" >"$T/404.out" 2>&1
expect "HTTP 404 fails the file" $? 1
grep -q "404" "$T/404.out" && ok "404 reported" || bad "404 not reported: $(cat "$T/404.out")"

# STIX round trip: export every type as a bundle, import it back, same values.
cat >"$T/mixed.csv" <<'CSV'
value,confidence,tlp
192.0.2.1,80,amber
2001:db8::/48,70,green
bad.example,60,red
http://bad.example/x?y=1,55,clear
d41d8cd98f00b204e9800998ecf8427e,90,amber+strict
mal@bad.example,40,green
CSV
"$LF" intel export --format stix --no-default-allow --feed "$T/mixed.csv" -o "$T/b.json" 2>/dev/null
expect "stix export exit" $? 0
"$LF" intel check --json "$T/b.json" >"$T/rt.json"
expect "round trip imported" "$(jq .imported "$T/rt.json")" 6
expect "round trip issues" "$(jq .rejected+.unsupported "$T/rt.json")" 0
"$LF" intel export --format csv --no-default-allow --feed "$T/mixed.csv" 2>/dev/null |
	tail -n +2 | cut -d, -f1-4 | sort >"$T/a.csv"
"$LF" intel export --format csv --no-default-allow --feed "$T/b.json" 2>/dev/null |
	tail -n +2 | cut -d, -f1-4 | sort >"$T/b.csv"
if cmp -s "$T/a.csv" "$T/b.csv"; then ok "type, value, confidence, tlp survive the round trip"
else bad "round trip differs:"; diff "$T/a.csv" "$T/b.csv"; fi
exit $fail
