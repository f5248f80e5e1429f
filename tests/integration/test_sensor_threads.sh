#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sensor's threads under ThreadSanitizer: NetFlow v5 arrives on the
# receive thread while the reload thread rebuilds the indicators (file
# change and SIGHUP) and libmicrohttpd's thread serves /metrics. Any data
# race TSan sees fails the test.
set -u
B=${1:-build}
LF=$B/tsan/lianfang
[ -x "$LF" ] || { echo "ThreadSanitizer build not there ($LF)"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
T=$(mktemp -d)
SP=
trap '[ -n "$SP" ] && kill $SP 2>/dev/null; rm -rf "$T"' EXIT
PORT=$((45000 + $$ % 10000)); MPORT=$((PORT + 1))
printf '192.0.2.0/24\n' >"$T/intel.txt"
TSAN_OPTIONS="halt_on_error=0 exitcode=66 log_path=$T/tsan" \
	"$LF" sensor --netflow 127.0.0.1:$PORT --metrics 127.0.0.1:$MPORT --intel "$T/intel.txt" \
	--sightings "$T/s.jsonl" 2>"$T/err" &
SP=$!
i=0; while ! ss -Hulpn "sport = :$PORT" 2>/dev/null | grep -q . && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1)); done
python3 - "$PORT" "$MPORT" "$T/intel.txt" "$SP" <<'PY'
import os, signal, socket, struct, sys, time, urllib.request
port, mport, intel, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
def v5(seq, n):
    now = int(time.time())
    hdr = struct.pack('!HHIIIIBBH', 5, n, 100000, now, 0, seq, 0, 0, 0)
    recs = b''
    for i in range(n):
        recs += struct.pack('!4s4s4sHHIIIIHHBBBBHHBBH', bytes([192, 0, 2, i % 250]),
                            bytes([10, 0, 0, 1]), b'\0' * 4, 1, 2, 3, 1500, 90000, 99000,
                            1000 + i, 443, 0, 0x18, 6, 0, 0, 0, 24, 8, 0)
    return hdr + recs
seq = 0
end = time.time() + 4
k = 0
while time.time() < end:
    for _ in range(50):
        s.sendto(v5(seq, 30), ('127.0.0.1', port)); seq += 30
    k += 1
    if k % 5 == 0:
        try:
            urllib.request.urlopen('http://127.0.0.1:%d/metrics' % mport, timeout=5).read()
        except Exception as e:
            print('metrics error', e)
    if k == 10:
        with open(intel, 'a') as f: f.write('198.51.100.0/24\n')
    if k == 20:
        os.kill(pid, signal.SIGHUP)
    if k == 25:
        os.kill(pid, signal.SIGUSR1)
    time.sleep(0.05)
PY
sleep 1.5
kill -TERM $SP; wait $SP; rc=$?; SP=
fail=0
if ls "$T"/tsan* >/dev/null 2>&1; then
	echo "FAIL ThreadSanitizer reports:"; head -40 "$T"/tsan*; fail=1
else
	echo "ok   no data race reported"
fi
[ $rc -eq 0 ] && echo "ok   exit 0" || { echo "FAIL exit $rc"; fail=1; }
grep -q 'intel reloaded' "$T/err" && echo "ok   reloaded while receiving" || { echo "FAIL no reload"; fail=1; }
n=$(wc -l <"$T/s.jsonl" | tr -d ' ')
[ "$n" -gt 0 ] && echo "ok   $n sightings" || { echo "FAIL no sightings"; fail=1; }
exit $fail
