#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `make run`: the main job on the bundled sample data. Today that is the
# indicator engine: validate the sample feeds, match sample values, and
# export blocklists through the allowlists. It grows with each capability.
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

printf '\nExports written to %s/. See README.md and docs/intel.md.\n' "$OUT"
