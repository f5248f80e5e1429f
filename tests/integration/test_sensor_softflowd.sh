#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Real exporters, real collector: softflowd reads captures and exports them
# as NetFlow v5, v9 and IPFIX, once to nfcapd and once to the sensor, both
# on 127.0.0.1 (softflowd is deterministic on a file; nfcapd's own -R
# repeater fails with EMSGSIZE in nfdump 1.7.1). The flow, packet and byte
# totals of the sensor must equal what nfdump reports.
set -u
B=${1:-build}
LF=$B/rel/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built at $LF"; exit 77; }
for t in softflowd softflowctl nfcapd nfdump jq; do
	command -v $t >/dev/null || { echo "$t not installed (scripts/deps.sh installs it)"; exit 77; }
done
D=../shared/data/pcap
[ -d "$D" ] || { echo "../shared/data/pcap absent: no captures to export"; exit 77; }
T=$(mktemp -d)
PIDS=
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
fail=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }

# Wait (bounded) until a UDP port is bound by someone.
wait_udp() {
	i=0
	while ! ss -Hulpn "sport = :$1" 2>/dev/null | grep -q .; do
		i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.05
	done
}

BASE=$((30000 + $$ % 10000))
n=0
for PCAP in "$D/bug-5713-01__TLSv1-Extracted-MaliciousC2.pcap" "$D/smb2-01__smb2-peter.pcap" \
	    "$D/dns-eve-v2-udp-nxdomain-soa__dns-udp-nxdomain-soa.pcap"; do
	[ -f "$PCAP" ] || { echo "missing $PCAP"; continue; }
	for V in 5 9 10; do
		n=$((n + 1))
		PA=$((BASE + 2 * n)); PB=$((PA + 1))
		W=$T/nf$n; mkdir -p "$W"
		"$LF" sensor -q --netflow 127.0.0.1:$PB --flows-out "$T/flows$n.jsonl" \
			--sightings "$T/sight$n.jsonl" --stats 2>"$T/sensor$n.err" &
		SENSOR=$!
		nfcapd -b 127.0.0.1 -p $PA -w "$W" >"$T/nfcapd$n.log" 2>&1 &
		NFCAPD=$!
		PIDS="$SENSOR $NFCAPD"
		wait_udp $PA && wait_udp $PB || { bad "collectors did not start"; continue; }
		for DEST in $PA $PB; do
			softflowd -d -r "$PCAP" -n 127.0.0.1:$DEST -v $V -p "$T/sf.pid" -c "$T/sf.ctl" \
				>>"$T/sf$n.log" 2>&1 &
			SF=$!
			PIDS="$SENSOR $NFCAPD $SF"
			# softflowd 1.1 with -r blocks in accept() on its control
			# socket before reading the file: one control request sets it
			# going; at the end of the file it exports every flow and exits.
			i=0; until [ -S "$T/sf.ctl" ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
			softflowctl -c "$T/sf.ctl" statistics >/dev/null 2>&1
			i=0; while kill -0 $SF 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
			softflowctl -c "$T/sf.ctl" shutdown >/dev/null 2>&1
			sleep 0.2
			kill $SF 2>/dev/null
			rm -f "$T/sf.ctl"
		done
		sleep 0.5
		kill -TERM $NFCAPD $SENSOR
		i=0; while { kill -0 $NFCAPD || kill -0 $SENSOR; } 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1)); done
		PIDS=
		ref=$(nfdump -R "$W" -I 2>/dev/null | awk -F': ' '/^Flows:/{f=$2}/^Packets:/{p=$2}/^Bytes:/{b=$2}END{print f+0, p+0, b+0}')
		got=$(jq -s '[length, (map(.packets)|add // 0), (map(.bytes)|add // 0)] | map(tostring) | join(" ")' \
			-r "$T/flows$n.jsonl" 2>/dev/null)
		name="$(basename "$PCAP" .pcap) v$V"
		if [ "$ref" = "$got" ] && [ "${ref%% *}" != 0 ]; then
			ok "$name: flows packets bytes = $got (nfdump: $ref)"
		else
			bad "$name: sensor '$got' vs nfdump '$ref'"
			tail -n 5 "$T/sensor$n.err"
		fi
	done
done
exit $fail
