#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_sensor.sh — the sensor against the collectors an operator would
# otherwise run, in the same run, on the same traffic (issue 3):
#
# 1. NetFlow v9 over UDP on 127.0.0.1. bench_nfgen sends v9 (30 records a
#    datagram, 4 exporters, a template every 20 datagrams) paced by the
#    clock at rising rates, for SECONDS each (10 s; 3 s with --quick), to
#      (a) lianfang sensor --netflow 127.0.0.1:P --intel 1M.netset
#          --sightings /dev/null --stats   (matching on: 1 M IPv4
#          indicators from `bench_nfgen --intel`, 1 % of them /32 of the
#          generator's servers and 0.5 % /24 around them, so about 1.6 % of
#          the records match and are written as sightings), and
#      (b) nfcapd -b 127.0.0.1 -p P -w DIR -B 33554432 (uncompressed, DIR
#          on tmpfs when /dev/shm is writable: the kindest setting), flows
#          counted by `nfdump -R DIR -I`.
#    Each trial starts a fresh collector, alone on the machine (one after
#    the other, never together), waits until its socket is bound, sends,
#    waits until the socket's receive queue stays empty, stops it with
#    SIGTERM and counts what it received. Loss-free means received == sent
#    exactly. A lossy trial is tried once more; a collector that loses at
#    two rates in a row is not tried at higher ones. The generator is
#    pinned to CPU 0 (the loopback receive path runs there too) and the
#    collector to CPU 1 when taskset exists and there are 2 CPUs.
#    The socket buffer hides a deficit for a while: BUF / SECONDS at most
#    (rcvbuf= on the trial lines, in bytes; a datagram of 30 records takes
#    about 2.3 KB of it, so 64 MiB hide about 90 k flows/s over 10 s). The
#    sensor gets 64 MiB (SO_RCVBUFFORCE, as root); nfcapd's -B goes
#    through SO_RCVBUF and is capped by net.core.rmem_max.
#
#    Per trial:  sensor rate=R achieved=R sent=N recv=N kernel_drops=N
#                  seq_lost_dgrams=N matched=N rcvbuf=B gen_limited=0|1
#                  lossfree=0|1
#                nfcapd rate=R achieved=R sent=N recv=N kernel_drops=N
#                  seq_failures=N rcvbuf=B gen_limited=0|1 lossfree=0|1
#    At the end: sensor_max_lossfree=R nfcapd_max_lossfree=R ratio=X
#    (max_lossfree is the generator's achieved rate of the best loss-free
#    trial; gen_limited=1 means the generator itself fell more than 2 %
#    short of the target rate.)
#
# 2. pcap -> flows. bench_nfgen --pcap writes a capture of FLOWS flows
#    (500 000, about 3.6 M packets; 50 000 with --quick) of Ethernet/IPv4
#    TCP and UDP (DNS with real queries and answers) with a snap length of
#    128 bytes; then, timed by wall clock and CPU (user + system):
#      lianfang sensor --pcap FILE --sightings /dev/null --stats
#      lianfang sensor --pcap FILE --sightings /dev/null --flows-out /dev/null
#      softflowd -d -r FILE -n 127.0.0.1:P -v 9 -m M  (exporting to an
#          nfcapd; -m holds every flow, so nothing is force-expired; its
#          clock runs from its start until it exits after exporting
#          everything)
#    Lines: pcap tool=T packets=N flows=N sec=S cpu=S pps=R
#           pcap_ratio=X cpu_ratio=X   (softflowd / sensor, plain run)
#    The sensor counts a bidirectional flow once; softflowd's flows= is its
#    own "Flows exported" (also bidirectional; each becomes two v9 records,
#    nfcapd_records=, when both directions carried packets).
#
# Usage: bench/bench_sensor.sh [BUILD] [--quick]
#   env: RATES="250000 500000 ..." SECONDS_PER_RATE=10 PCAP_FLOWS=500000
#        SKIP_NETFLOW=1 SKIP_PCAP=1
#        NFCAPD_OPTS="-z"  (nfcapd compressing, e.g.)
#        BENCH_DIR=DIR     (where captures and nfcapd files go; default
#                           /dev/shm, else $TMPDIR or /tmp)
# Not a test: nothing here fails on speed. Exit 0 unless the tooling broke.
set -u
B=${1:-build}
[ $# -gt 0 ] && shift
QUICK=0
for a in "$@"; do
	[ "$a" = "--quick" ] && QUICK=1
done

LF=$B/rel/lianfang
GEN=$B/rel/bench/bench_nfgen
for f in "$LF" "$GEN"; do
	if [ ! -x "$f" ]; then
		echo "sensor bench skipped: $f not built (make bench)"
		exit 0
	fi
done
for t in ss nfcapd nfdump; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "sensor bench skipped: $t not installed (scripts/deps.sh)"
		exit 0
	fi
done

if [ "$QUICK" = 1 ]; then
	RATES=${RATES:-"250000 1000000 2000000"}
	SECS=${SECONDS_PER_RATE:-3}
	PCAP_FLOWS=${PCAP_FLOWS:-50000}
	NIND=${NIND:-1000000}
else
	RATES=${RATES:-"250000 500000 1000000 1500000 2000000 2500000 3000000 3500000 4000000 5000000 6000000 8000000"}
	SECS=${SECONDS_PER_RATE:-10}
	PCAP_FLOWS=${PCAP_FLOWS:-500000}
	NIND=${NIND:-1000000}
fi
TRIES=2

if [ -n "${BENCH_DIR:-}" ]; then
	T=$(mktemp -d "$BENCH_DIR/bench_sensor.XXXXXX")
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	T=$(mktemp -d /dev/shm/bench_sensor.XXXXXX)
else
	T=$(mktemp -d "${TMPDIR:-/tmp}/bench_sensor.XXXXXX")
fi
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PIN_GEN=
PIN_COL=
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
	PIN_GEN="taskset -c 0"
	PIN_COL="taskset -c 1"
fi

now() { date +%s.%N; }
calc() { awk "BEGIN { $1 }"; }

# A free UDP port above 20000 (bounded search).
NEXTPORT=$((20000 + $$ % 20000))
free_port() {
	i=0
	while [ $i -lt 200 ]; do
		NEXTPORT=$((NEXTPORT + 1))
		[ $NEXTPORT -gt 60000 ] && NEXTPORT=20001
		if ! ss -Huan "sport = :$NEXTPORT" 2>/dev/null | grep -q .; then
			PORT=$NEXTPORT
			return 0
		fi
		i=$((i + 1))
	done
	return 1
}

# Wait (bounded: 40 s, the sensor loads 1 M indicators first) until PORT
# is bound and process PID still lives.
wait_bound() {
	i=0
	while ! ss -Huan "sport = :$1" 2>/dev/null | grep -q .; do
		kill -0 "$2" 2>/dev/null || return 1
		i=$((i + 1))
		[ $i -gt 800 ] && return 1
		sleep 0.05
	done
}

# RXQ and DROPS: receive queue (bytes) and drop count of the socket bound
# to 127.0.0.1:PORT, from /proc/net/udp.
hex() { printf '%d' "0x$1"; }
rxq() {
	# shellcheck disable=SC2046 # two words wanted
	set -- $(awk -v p="$(printf '0100007F:%04X' "$1")" \
		'$2 == p { split($5, q, ":"); print q[2], $NF; f = 1 } END { if (!f) print "0 0" }' \
		/proc/net/udp)
	RXQ=$(hex "$1")
	DROPS=$2
}

# Wait until the receive queue of PORT stays empty for 0.3 s (bounded:
# 60 s), i.e. the collector has read everything it will ever read.
drain() {
	i=0
	empty=0
	while [ $i -lt 600 ]; do
		rxq "$1"
		if [ "$RXQ" = 0 ]; then
			empty=$((empty + 1))
			[ $empty -ge 3 ] && return 0
		else
			empty=0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Stop PID with SIGTERM and wait for it (bounded: 30 s, then SIGKILL).
stop() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	PIDS=
}

# gen RATE PORT: run the generator; sets SENT ACHIEVED GENLIM.
gen() {
	timeout $((SECS + 30)) $PIN_GEN "$GEN" --rate "$1" --seconds "$SECS" --port "$2" \
		>"$T/gen.out" 2>&1
	SENT=$(sed -n 's/.* flows=\([0-9]*\).*/\1/p' "$T/gen.out")
	ACHIEVED=$(sed -n 's/.* achieved_rate=\([0-9]*\).*/\1/p' "$T/gen.out")
	SENT=${SENT:-0}
	ACHIEVED=${ACHIEVED:-0}
	GENLIM=$(calc "print ($ACHIEVED < 0.98 * $1) ? 1 : 0")
}

rcvbuf() {
	ss -Huanm "sport = :$1" 2>/dev/null | sed -n 's/.*rb\([0-9]*\).*/\1/p' | head -n 1
}

metric() { # NAME FILE
	awk -v n="lianfang_$1{" 'index($0, n) == 1 { v = $NF } END { print v + 0 }' "$2"
}

trial_sensor() { # RATE
	free_port || return 1
	$PIN_COL "$LF" sensor -q --id bench --netflow "127.0.0.1:$PORT" --intel "$T/1M.netset" \
		--sightings /dev/null --stats 2>"$T/sensor.err" &
	SP=$!
	PIDS=$SP
	if ! wait_bound "$PORT" "$SP"; then
		echo "sensor did not start:"
		tail -n 3 "$T/sensor.err"
		stop "$SP"
		return 1
	fi
	RB=$(rcvbuf "$PORT")
	gen "$1" "$PORT"
	drain "$PORT"
	rxq "$PORT"
	stop "$SP"
	RECV=$(metric sensor_flows_total "$T/sensor.err")
	LOST=$(metric netflow_lost_packets_total "$T/sensor.err")
	MATCHED=$(metric sensor_flows_matched_total "$T/sensor.err")
	OK=0
	[ "$SENT" -gt 0 ] && [ "$RECV" = "$SENT" ] && OK=1
	echo "sensor rate=$1 achieved=$ACHIEVED sent=$SENT recv=$RECV kernel_drops=$DROPS" \
		"seq_lost_dgrams=$LOST matched=$MATCHED rcvbuf=$RB gen_limited=$GENLIM lossfree=$OK"
}

trial_nfcapd() { # RATE
	free_port || return 1
	rm -rf "$T/nfcapd"
	mkdir -p "$T/nfcapd"
	# shellcheck disable=SC2086 # NFCAPD_OPTS is a list of options
	$PIN_COL nfcapd -b 127.0.0.1 -p "$PORT" -w "$T/nfcapd" -B 33554432 ${NFCAPD_OPTS:-} \
		>"$T/nfcapd.log" 2>&1 &
	NP=$!
	PIDS=$NP
	if ! wait_bound "$PORT" "$NP"; then
		echo "nfcapd did not start:"
		tail -n 3 "$T/nfcapd.log"
		stop "$NP"
		return 1
	fi
	RB=$(rcvbuf "$PORT")
	gen "$1" "$PORT"
	drain "$PORT"
	rxq "$PORT"
	stop "$NP"
	nfdump -R "$T/nfcapd" -I >"$T/nfdump.out" 2>&1
	RECV=$(awk -F': ' '$1 == "Flows" { print $2 + 0; f = 1 } END { if (!f) print 0 }' \
		"$T/nfdump.out")
	SEQF=$(awk -F': ' '$1 == "Sequence failures" { print $2 + 0; f = 1 } END { if (!f) print 0 }' \
		"$T/nfdump.out")
	rm -rf "$T/nfcapd"
	OK=0
	[ "$SENT" -gt 0 ] && [ "$RECV" = "$SENT" ] && OK=1
	echo "nfcapd rate=$1 achieved=$ACHIEVED sent=$SENT recv=$RECV kernel_drops=$DROPS" \
		"seq_failures=$SEQF rcvbuf=$RB gen_limited=$GENLIM lossfree=$OK"
}

netflow_bench() {
	"$GEN" --intel "$NIND" >"$T/1M.netset" 2>"$T/intel.log" || {
		echo "sensor bench: cannot write indicators"
		return 1
	}
	echo "# $(cat "$T/intel.log"); ${SECS} s per rate; rates: $RATES"
	best_s=0
	best_n=0
	bad_s=0
	bad_n=0
	for r in $RATES; do
		for who in sensor nfcapd; do
			if [ "$who" = sensor ]; then
				[ $bad_s -ge 2 ] && continue
			else
				[ $bad_n -ge 2 ] && continue
			fi
			try=0
			OK=0
			while [ $try -lt $TRIES ] && [ "$OK" = 0 ]; do
				try=$((try + 1))
				OK=0
				"trial_$who" "$r" || break
			done
			if [ "$who" = sensor ]; then
				if [ "$OK" = 1 ]; then
					bad_s=0
					best_s=$(calc "print ($ACHIEVED > $best_s) ? $ACHIEVED : $best_s")
				else
					bad_s=$((bad_s + 1))
				fi
			else
				if [ "$OK" = 1 ]; then
					bad_n=0
					best_n=$(calc "print ($ACHIEVED > $best_n) ? $ACHIEVED : $best_n")
				else
					bad_n=$((bad_n + 1))
				fi
			fi
		done
	done
	ratio=$(calc "printf \"%.2f\", ($best_n > 0) ? $best_s / $best_n : 0")
	echo "sensor_max_lossfree=$best_s nfcapd_max_lossfree=$best_n ratio=$ratio"
}

# run_timed OUT ERR CMD...: sets WALL and CPU (user+system).
run_timed() {
	out=$1
	err=$2
	shift 2
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$T/cpu" "$@" >"$out" 2>"$err"
	t1=$(now)
	WALL=$(calc "printf \"%.3f\", $t1 - $t0")
	CPU=$(tail -n 1 "$T/cpu" | awk '{ printf "%.3f", $1 + $2 }')
}

pcap_bench() {
	if [ ! -x /usr/bin/time ]; then
		echo "pcap bench skipped: /usr/bin/time not installed"
		return 0
	fi
	"$GEN" --pcap "$T/big.pcap" --flows "$PCAP_FLOWS" >"$T/pcapgen.out" || {
		echo "pcap bench: cannot write the capture"
		return 1
	}
	echo "# $(cat "$T/pcapgen.out")"
	NPKT=$(sed -n 's/.* packets=\([0-9]*\).*/\1/p' "$T/pcapgen.out")
	cat "$T/big.pcap" >/dev/null # into the page cache for everyone

	# the sensor, as the brief asks, and with every flow written as JSON
	for v in plain flows_out; do
		if [ $v = plain ]; then
			run_timed /dev/null "$T/sp.err" $PIN_COL "$LF" sensor -q --id bench \
				--pcap "$T/big.pcap" --sightings /dev/null --stats
		else
			run_timed /dev/null "$T/sp.err" $PIN_COL "$LF" sensor -q --id bench \
				--pcap "$T/big.pcap" --sightings /dev/null --flows-out /dev/null --stats
		fi
		pk=$(metric sensor_packets_total "$T/sp.err")
		fl=$(metric sensor_flows_total "$T/sp.err")
		pps=$(calc "printf \"%.0f\", $NPKT / $WALL")
		echo "pcap tool=sensor_$v packets=$pk flows=$fl sec=$WALL cpu=$CPU pps=$pps"
		if [ $v = plain ]; then
			s_wall=$WALL
			s_cpu=$CPU
		fi
	done

	if ! command -v softflowd >/dev/null 2>&1 || ! command -v softflowctl >/dev/null 2>&1; then
		echo "pcap tool=softflowd skipped: softflowd not installed"
		return 0
	fi
	free_port || return 1
	mkdir -p "$T/sfnf"
	nfcapd -b 127.0.0.1 -p "$PORT" -w "$T/sfnf" -B 33554432 >"$T/sfnf.log" 2>&1 &
	NP=$!
	PIDS=$NP
	wait_bound "$PORT" "$NP" || {
		echo "pcap: nfcapd did not start"
		stop "$NP"
		return 1
	}
	# -m: room for every flow, so softflowd never force-expires (its
	# timeouts never fire in a capture of a few seconds), and at least the
	# packet count: softflowd hands -m to pcap_dispatch as its batch.
	M=$((PCAP_FLOWS * 2 + 65536))
	[ "$NPKT" -ge "$M" ] && M=$((NPKT + 1))
	rm -f "$T/sf.ctl"
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$T/cpu" $PIN_COL softflowd -d -r "$T/big.pcap" \
		-n "127.0.0.1:$PORT" -v 9 -m "$M" -c "$T/sf.ctl" -p "$T/sf.pid" >"$T/sf.log" 2>&1 &
	TP=$!
	PIDS="$NP $TP"
	# softflowd 1.1 in -r mode may call accept() on its control socket
	# between two pcap_dispatch batches (it tests a poll result it never
	# polled for) and then waits there for a client: keep one control
	# request pending until it exits (bounded: 120 s). softflowctl blocks
	# until softflowd accepts, so this costs it nothing. Never let a
	# pending softflowctl die early: softflowd would answer a closed
	# socket and die of SIGPIPE before exporting.
	end=$(($(date +%s) + 120))
	while kill -0 "$TP" 2>/dev/null && [ "$(date +%s)" -lt $end ]; do
		if [ -S "$T/sf.ctl" ]; then
			timeout 130 softflowctl -c "$T/sf.ctl" statistics >/dev/null 2>&1
		else
			sleep 0.02
		fi
	done
	t1=$(now)
	if kill -0 "$TP" 2>/dev/null; then
		echo "pcap: softflowd did not finish within 120 s"
		for p in $(pgrep -P "$TP" 2>/dev/null); do
			kill "$p" 2>/dev/null
		done
	fi
	wait "$TP" 2>/dev/null
	WALL=$(calc "printf \"%.3f\", $t1 - $t0")
	CPU=$(tail -n 1 "$T/cpu" | awk '{ printf "%.3f", $1 + $2 }')
	drain "$PORT"
	stop "$NP"
	# softflowd prints its statistics at exit: "Flows exported: N (R
	# records) ..."; the collector's count is a cross-check of the export
	fl=$(sed -n 's/^Flows exported: \([0-9]*\).*/\1/p' "$T/sf.log")
	rec=$(nfdump -R "$T/sfnf" -I 2>/dev/null |
		awk -F': ' '$1 == "Flows" { print $2 + 0; f = 1 } END { if (!f) print 0 }')
	pps=$(calc "printf \"%.0f\", $NPKT / $WALL")
	echo "pcap tool=softflowd packets=$NPKT flows=${fl:-0} sec=$WALL cpu=$CPU pps=$pps" \
		"nfcapd_records=$rec"
	echo "pcap_ratio=$(calc "printf \"%.2f\", $WALL / $s_wall")" \
		"cpu_ratio=$(calc "printf \"%.2f\", $CPU / $s_cpu")"
}

[ "${SKIP_NETFLOW:-0}" = 1 ] || netflow_bench
[ "${SKIP_PCAP:-0}" = 1 ] || pcap_bench
exit 0
