#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The sensor on a live interface, in a network namespace of the test's own
# (unshare -rn: the loopback of a fresh namespace carries only what the
# test sends), writing its sightings to a Unix socket served by the test.
set -u
B=${1:-build}
LF=$(cd "$(dirname "$B/rel/lianfang")" 2>/dev/null && pwd)/lianfang
[ -x "$LF" ] || { echo "lianfang binary not built"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
command -v unshare >/dev/null || { echo "unshare not available"; exit 77; }
unshare -rn true 2>/dev/null || { echo "cannot create a user+network namespace here"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
printf '127.0.0.9\n' >"$T/intel.txt"

cat >"$T/inner.sh" <<EOS
set -u
ip link set lo up
# The sightings consumer: a Unix stream server that saves what it gets.
python3 - "$T/sock" "$T/got.jsonl" <<'PY' &
import socket, sys, os
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1); s.settimeout(15)
c, _ = s.accept(); c.settimeout(15)
with open(sys.argv[2], 'wb') as f:
    while True:
        try:
            b = c.recv(65536)
        except socket.timeout:
            break
        if not b:
            break
        f.write(b); f.flush()
PY
SRV=\$!
i=0; until [ -S "$T/sock" ] || [ \$i -gt 100 ]; do sleep 0.05; i=\$((i + 1)); done
"$LF" sensor -q -i lo --intel "$T/intel.txt" --sightings "unix:$T/sock" --duration 4 \
	--flows-out "$T/flows.jsonl" 2>"$T/sensor.err" &
SEN=\$!
sleep 1.5
python3 -c '
import socket, time
for i in range(3):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"hello", ("127.0.0.9", 9999 + i)); s.close()
    time.sleep(0.05)
'
wait \$SEN
echo "sensor exit \$?" >"$T/sensor.rc"
wait \$SRV
EOS
timeout 60 unshare -rn sh "$T/inner.sh"
fail=0
rc=$(cat "$T/sensor.rc" 2>/dev/null)
[ "$rc" = "sensor exit 0" ] && echo "ok   sensor on a live interface exited 0" || { echo "FAIL $rc $(cat "$T/sensor.err")"; fail=1; }
n=$(grep -c '"dst":"127.0.0.9"' "$T/got.jsonl" 2>/dev/null)
if [ "${n:-0}" -ge 3 ]; then echo "ok   $n sightings arrived over the Unix socket"
else echo "FAIL sightings over the Unix socket: $(cat "$T/got.jsonl" 2>/dev/null | head -3) / $(cat "$T/sensor.err")"; fail=1; fi
exit $fail
