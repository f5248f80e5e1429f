#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The packet path end to end: a capture the test writes itself (DNS query
# and answer for a listed name, then a TCP connection to the address it
# resolved to, and one to a listed address), read by the sensor with
# --pcap. The DNS name, the flow to the resolved address (attributed to the
# name through the DNS link) and the flow to the listed address must each
# give a sighting. Then every capture in ../shared/data/pcap must run
# through the packet path without a decode error that is not counted.
set -u
B=${1:-build}
LF=$B/rel/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built at $LF"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }

python3 - "$T/t.pcap" <<'PY'
import struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
def ip4(a): return bytes(int(x) for x in a.split('.'))
def ipv4(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, 0, 64, proto, 0, ip4(src), ip4(dst))
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload
def udp(sp, dp, data): return struct.pack('!HHHH', sp, dp, 8 + len(data), 0) + data
def tcp(sp, dp, flags, data=b''): return struct.pack('!HHIIBBHHH', sp, dp, 1, 0, 0x50, flags, 65535, 0, 0) + data
def eth(payload): return b'\x02' * 6 + b'\x04' * 6 + b'\x08\x00' + payload
def qname(n): return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.')) + b'\0'
q = struct.pack('!HHHHHH', 0x1234, 0x0100, 1, 0, 0, 0) + qname('C2.Evil.example') + struct.pack('!HH', 1, 1)
r = struct.pack('!HHHHHH', 0x1234, 0x8180, 1, 2, 0, 0) + qname('c2.evil.example') + struct.pack('!HH', 1, 1)
r += b'\xc0\x0c' + struct.pack('!HHIH', 5, 1, 300, len(qname('cdn.evil-cdn.net'))) + qname('cdn.evil-cdn.net')
r += b'\xc0' + bytes([12 + len(qname('c2.evil.example')) + 4 + 12]) + struct.pack('!HHIH4s', 1, 1, 120, 4, ip4('198.51.100.7'))
frames = [
    (1000, eth(ipv4('10.0.0.5', '10.0.0.53', 17, udp(40000, 53, q)))),
    (1001, eth(ipv4('10.0.0.53', '10.0.0.5', 17, udp(53, 40000, r)))),
    (1002, eth(ipv4('10.0.0.5', '198.51.100.7', 6, tcp(40001, 443, 0x02)))),
    (1003, eth(ipv4('198.51.100.7', '10.0.0.5', 6, tcp(443, 40001, 0x12)))),
    (1004, eth(ipv4('10.0.0.5', '203.0.113.9', 6, tcp(40002, 80, 0x02)))),
    (1005, eth(ipv4('10.0.0.5', '192.0.2.1', 17, udp(40003, 123, b'x' * 48)))),
]
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for ts, fr in frames:
        f.write(struct.pack('<IIII', 1700000000 + ts, 0, len(fr), len(fr)) + fr)
PY
printf 'evil.example\n' >"$T/names.txt"     # exact: c2.evil.example is not it
printf '*.evil.example\n203.0.113.0/24\n' >"$T/intel.txt"
"$LF" sensor -q --pcap "$T/t.pcap" --intel "$T/intel.txt" --sightings "$T/s.jsonl" \
	--flows-out "$T/f.jsonl" --stats 2>"$T/stats"
expect "sensor exit" $? 0
expect "flows (DNS, two TCP, one UDP)" "$(wc -l <"$T/f.jsonl" | tr -d ' ')" 4
expect "dns sighting (query and answer)" "$(jq -s '[.[] | select(.kind=="dns")] | length' "$T/s.jsonl")" 2
expect "dns sighting name" "$(jq -rs '[.[] | select(.kind=="dns")][0].qname' "$T/s.jsonl")" c2.evil.example
expect "flow attributed through the DNS link" \
	"$(jq -rs '[.[] | select(.kind=="flow" and .dst=="198.51.100.7")][0].dst_match.dns' "$T/s.jsonl")" c2.evil.example
expect "biflow counted once" \
	"$(jq -rs '[.[] | select(.kind=="flow" and .dst=="198.51.100.7")][0].rev_packets' "$T/s.jsonl")" 1
expect "listed address" \
	"$(jq -rs '[.[] | select(.kind=="flow" and .dst=="203.0.113.9")][0].dst_match.indicators[0].value' "$T/s.jsonl")" 203.0.113.0/24
expect "unlisted flow not sighted" "$(jq -s '[.[] | select(.dst=="192.0.2.1")] | length' "$T/s.jsonl")" 0
"$LF" sensor -q --pcap "$T/t.pcap" --intel "$T/names.txt" --sightings "$T/s2.jsonl" 2>/dev/null
expect "exact domain does not cover c2." "$(wc -l <"$T/s2.jsonl" | tr -d ' ')" 0

D=../shared/data/pcap
if [ -d "$D" ]; then
	n=0; crashed=0
	for p in "$D"/*.pcap; do
		n=$((n + 1))
		"$LF" sensor -q --pcap "$p" --sightings /dev/null --stats 2>"$T/one" >/dev/null
		rc=$?
		if [ $rc -ne 0 ]; then crashed=$((crashed + 1)); echo "  $p: exit $rc"; tail -3 "$T/one"; fi
	done
	expect "all $n shared captures run through the packet path" $crashed 0
else
	echo "../shared/data/pcap absent: shared captures not run"
fi
exit $fail
