#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make run`: the main job on the bundled sample data: validate the sample
# feeds, match sample values, export blocklists through the allowlists, and
# run the sensor over a sample capture. It grows with each capability.
set -eu
LF=${1:-build/rel/lianfang}
S=samples
FEEDS="--quiet --feed $S/feeds/national-c2.stix.json --feed $S/feeds/agency-phish.misp.json
       --feed $S/feeds/blocklist.netset --feed $S/feeds/ads.hosts
       --feed $S/feeds/reputation.iprep --feed $S/feeds/urlhaus-style.csv"
OUT=${LF_RUN_OUT:-build/run}
mkdir -p "$OUT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "lianfang intel check $S/feeds/*   (validate every sample feed)"
"$LF" intel check "$S"/feeds/* || true

step "lianfang intel match   (values from $S/values.txt)"
# shellcheck disable=SC2086
"$LF" intel match $FEEDS - <"$S/values.txt" || true

step "lianfang intel export --format edl   (built-in allowlists only)"
echo "(the samples use documentation ranges, RFC 5737/3849, which the built-in"
echo " rfc6890 allowlist drops: the list comes out empty and the report says why)"
# shellcheck disable=SC2086
"$LF" intel export --format edl $FEEDS

ALLOW="--no-default-allow --allow $S/allow/private-ranges.txt --allow $S/allow/own-networks.txt"
step "lianfang intel export --format nft --aggregate $ALLOW"
# shellcheck disable=SC2086
"$LF" intel export --format nft --aggregate $ALLOW $FEEDS -o "$OUT/blocklist.nft"
cat "$OUT/blocklist.nft"

step "lianfang intel export --format rpz   (for Unbound / BIND)"
# shellcheck disable=SC2086
"$LF" intel export --format rpz $ALLOW $FEEDS \
	-o "$OUT/blocklist.rpz"
cat "$OUT/blocklist.rpz"

step "lianfang intel export --format edl --max-entries 5   (a small device)"
# shellcheck disable=SC2086
"$LF" intel export --format edl --max-entries 5 $ALLOW $FEEDS

step "lianfang sensor --pcap $S/pcap/agency-uplink.pcap   (flows and DNS matched)"
# shellcheck disable=SC2086
rm -f "$OUT/flows.jsonl" "$OUT/sightings.jsonl"
"$LF" sensor -q --pcap "$S/pcap/agency-uplink.pcap" --id sample-sensor \
	$(echo "$FEEDS" | sed 's/--quiet//; s/--feed/--intel/g') \
	--flows-out "$OUT/flows.jsonl" --sightings "$OUT/sightings.jsonl" --stats 2>"$OUT/sensor-stats.txt"
cat "$OUT/sightings.jsonl"
printf '%s flows in %s/flows.jsonl; counters in %s/sensor-stats.txt\n' \
	"$(wc -l <"$OUT/flows.jsonl")" "$OUT" "$OUT"

printf '\nExports written to %s/. See README.md, docs/intel.md and docs/sensor.md.\n' "$OUT"
