#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# --replay decodes the exports inside a capture exactly as if they had
# arrived on the socket: the vendor NetFlow/IPFIX payloads of
# ../shared/data/netflow are sent once over UDP to a listening sensor and
# once wrapped in a capture for --replay; both must yield the same flows.
set -u
B=${1:-build}
LF=$B/rel/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built at $LF"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v jq >/dev/null || { echo "jq not installed"; exit 77; }
D=../shared/data/netflow
[ -d "$D" ] || { echo "../shared/data/netflow absent"; exit 77; }
T=$(mktemp -d)
SP=
trap '[ -n "$SP" ] && kill $SP 2>/dev/null; rm -rf "$T"' EXIT
fail=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fail=1; }

# Templates before the data that needs them; invalid ones included.
ls "$D"/*.dat | sort | awk '/tpl/ {print 0, $0; next} {print 1, $0}' | sort -s -k1,1 |
	cut -d' ' -f2- >"$T/list"
PORT=$((40000 + $$ % 10000))
MPORT=$((PORT + 1))
printf '192.0.2.123\n' >"$T/intel.txt"
"$LF" sensor --netflow 127.0.0.1:$PORT --flows-out "$T/sock.jsonl" --sightings /dev/null \
	--metrics 127.0.0.1:$MPORT --intel "$T/intel.txt" 2>"$T/sensor.err" &
SP=$!
i=0; while ! ss -Hulpn "sport = :$PORT" 2>/dev/null | grep -q . && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1)); done
python3 - "$T/list" "$T/r.pcap" "$PORT" <<'PY'
import socket, struct, sys, time
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
port = int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 0))
sport = s.getsockname()[1]
out = open(sys.argv[2], 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
def ip4(a): return bytes(int(x) for x in a.split('.'))
for i, f in enumerate(files):
    data = open(f, 'rb').read()
    s.sendto(data, ('127.0.0.1', port))
    time.sleep(0.002)
    udp = struct.pack('!HHHH', sport, port, 8 + len(data), 0) + data
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                     ip4('127.0.0.1'), ip4('127.0.0.1')) + udp
    fr = b'\0' * 12 + b'\x08\x00' + ip
    out.write(struct.pack('<IIII', 1700000000 + i, 0, len(fr), len(fr)) + fr)
out.close()
PY
sleep 1.5
# Prometheus metrics (rendered once a second by the receive thread).
python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
	"http://127.0.0.1:$MPORT/metrics" >"$T/metrics" 2>&1
v9=$(awk -F' ' '/^lianfang_netflow_datagrams_total\{.*version="9"/ {print $2}' "$T/metrics")
if [ "${v9:-0}" -gt 0 ]; then ok "metrics: $v9 NetFlow v9 datagrams"; else bad "metrics: $(head -5 "$T/metrics")"; fi
grep -q '^lianfang_netflow_malformed_total{.*kind=' "$T/metrics" && ok "metrics: malformed by kind" \
	|| bad "metrics: no malformed counters"
# SIGUSR1 dumps the counters; SIGHUP reloads the indicators.
kill -USR1 $SP; sleep 1.5
grep -q '^lianfang_sensor_flows_total' "$T/sensor.err" && ok "SIGUSR1 dump" || bad "no SIGUSR1 dump"
printf '192.0.2.123\n192.0.2.124\n' >"$T/intel.txt"
i=0; until grep -q 'intel reloaded: 2 indicators' "$T/sensor.err" || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'intel reloaded: 2 indicators' "$T/sensor.err" && ok "reload on file change" \
	|| bad "no reload: $(tail -3 "$T/sensor.err")"
kill -HUP $SP
i=0; until [ "$(grep -c 'intel reloaded' "$T/sensor.err")" -ge 2 ] || [ $i -gt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(grep -c 'intel reloaded' "$T/sensor.err")" -ge 2 ] && ok "reload on SIGHUP" || bad "no SIGHUP reload"
kill -TERM $SP; wait $SP 2>/dev/null; SP=
"$LF" sensor -q --replay "$T/r.pcap" --flows-out "$T/rep.jsonl" --sightings /dev/null
n=$(wc -l <"$T/sock.jsonl" | tr -d ' ')
norm() { jq -c 'del(.sensor)' "$1" | sort; }

norm "$T/sock.jsonl" >"$T/a"; norm "$T/rep.jsonl" >"$T/b"
if [ "$n" -gt 0 ] && cmp -s "$T/a" "$T/b"; then
	ok "replay and socket give the same $n flows, field for field"
else
	bad "replay differs from socket ($n vs $(wc -l <"$T/rep.jsonl"))"; diff "$T/a" "$T/b" | head -5
fi
exit $fail
