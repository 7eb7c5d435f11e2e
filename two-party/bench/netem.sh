#!/usr/bin/env bash
# Two-party training over a shaped link, for 1 Gbit/s and 100 Mbit/s at 10 ms and 50 ms round trips,
# then the same run on one machine (owner --local, loopback) for comparison. Prints a table that checks
# each link (round trip and bulk rate each way, measured with LinkProbe.java before the run) and a
# Markdown table of time and bytes per step.
#
# The server and the owner run in network namespaces joined by veth pairs. How the link is shaped
# depends on what the kernel offers (the script prints which):
#   netem  (sch_netem present): server and owner namespaces on one veth pair, `tc netem rate R delay D`
#          on both ends, so the round trip is 2 D.
#   relay  (no sch_netem, as on a kernel built without it): a third namespace between them runs
#          DelayRelay.java, a TCP byte relay that holds every chunk D in each direction (the TLS session
#          passes through it unchanged: the owner dials the relay's address, which the server's
#          certificate names); the rate is shaped by `tc tbf` on the owner's and the server's egress,
#          or by the relay itself (--rate) if tbf is missing too. The relay splits TCP in two: the
#          application's round trips (gRPC calls, HTTP/2 flow-control windows, TLS) see the full delay,
#          but each TCP connection's own congestion control sees a sub-millisecond path, so slow start
#          over a long path is not reproduced.
# The owner always dials 10.200.0.1:7443.
#
# Needs root, iproute2 (ip, tc: `apt-get install -y iproute2`), a JDK 17 or later (`java`, which also
# runs the two single-file helpers) and the jar: mvn -B -ntp -q package -DskipTests. Not part of
# mvn verify. Cleans up its namespaces and processes on exit.
#
# usage: two-party/bench/netem.sh [STEPS] [extra owner flags...]
#   STEPS defaults to 3; the owner's flags default to the train command's configuration on MNIST
#   ($MNIST_DIR, else the embedded subset); e.g. `netem.sh 3 --synthetic 600 --net 16-8-4 --batch 8
#   --m 4096 --insecure` for a quick check (--insecure is passed to the server too). STEPS 0 only
#   checks the links (no training).
# environment: LINKS="1gbit:10 1gbit:50 100mbit:10 100mbit:50" (RATE:RTT_MS pairs; RATE none leaves the
# rate unshaped, e.g. LINKS=none:0 measures the relay's own capacity), PROBE_MIB=64 (bulk transfer of
# the link check; 0 skips it), SHAPER=netem|relay (default: netem if the kernel has it), RELAY_NICE=-10
# (the relay stands for the network, which the parties' computing does not slow down; as a kernel's
# netem runs in softirq, it runs before them), LOCAL=1 (0 skips the one-machine row), WORK=DIR
# (outputs; default a fresh /tmp/fhe4j-netem.*).
set -euo pipefail
STEPS=${1:-3}
shift || true
EXTRA=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../../bench/target/fhe4j.jar}
JAVA=${JAVA:-java}
WORK=${WORK:-$(mktemp -d /tmp/fhe4j-netem.XXXXXX)}
LINKS=${LINKS:-1gbit:10 1gbit:50 100mbit:10 100mbit:50}
PROBE_MIB=${PROBE_MIB:-64}
LOCAL=${LOCAL:-1}
RELAY_NICE=${RELAY_NICE:--10}
SRV=fhe4j-srv
OWN=fhe4j-own
MID=fhe4j-mid
[ "$(id -u)" = 0 ] || { echo "netem.sh: run as root (network namespaces and tc need it)" >&2; exit 2; }
command -v ip >/dev/null && command -v tc >/dev/null || {
  echo "netem.sh: ip and tc are missing: apt-get install -y iproute2" >&2; exit 2; }
command -v "$JAVA" >/dev/null || { echo "netem.sh: no $JAVA: install a JDK 17 or later" >&2; exit 2; }
[ -f "$JAR" ] || { echo "netem.sh: $JAR missing: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }
SERVER_FLAGS=()
for f in "${EXTRA[@]}"; do [ "$f" = --insecure ] && SERVER_FLAGS+=(--insecure); done

cleanup() {
  for ns in $SRV $MID $OWN; do
    ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null || true
  done
  sleep 0.3
  for ns in $SRV $MID $OWN fhe4j-probe; do ip netns del $ns 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup

# what the kernel offers: netem (rate and delay), tbf (rate)
has_qdisc() {
  local ok=1
  ip netns add fhe4j-probe
  tc -n fhe4j-probe qdisc add dev lo root "$@" 2>/dev/null || ok=0
  ip netns del fhe4j-probe
  [ $ok = 1 ]
}
has_qdisc netem delay 1ms && NETEM=1 || NETEM=0
has_qdisc tbf rate 1gbit burst 256kb latency 100ms && TBF=1 || TBF=0
SHAPER=${SHAPER:-$([ $NETEM = 1 ] && echo netem || echo relay)}
case $SHAPER in
  netem) [ $NETEM = 1 ] || { echo "netem.sh: SHAPER=netem but this kernel has no sch_netem" >&2; exit 2; }
         echo "netem.sh: shaping with tc netem (rate and delay) on the veth pair" >&2 ;;
  relay) echo "netem.sh: this kernel has $([ $NETEM = 1 ] && echo netem || echo 'no netem qdisc'):" \
           "delay by DelayRelay.java in namespace $MID, rate by $([ $TBF = 1 ] && echo 'tc tbf' || echo 'the relay (no tbf either)')" >&2 ;;
  *) echo "netem.sh: SHAPER must be netem or relay, not $SHAPER" >&2; exit 2 ;;
esac

ip netns add $SRV
ip netns add $OWN
for ns in $SRV $OWN; do ip -n $ns link set lo up; done
if [ $SHAPER = netem ]; then
  ip link add veth-srv netns $SRV type veth peer name veth-own netns $OWN
  ip -n $SRV addr add 10.200.0.1/24 dev veth-srv
  SERVER_AT=10.200.0.1
else
  ip netns add $MID
  ip -n $MID link set lo up
  ip link add veth-own netns $OWN type veth peer name veth-mo netns $MID
  ip link add veth-srv netns $SRV type veth peer name veth-ms netns $MID
  ip -n $MID addr add 10.200.0.1/24 dev veth-mo
  ip -n $MID addr add 10.200.1.2/24 dev veth-ms
  ip -n $SRV addr add 10.200.1.1/24 dev veth-srv
  ip -n $MID link set veth-mo up
  ip -n $MID link set veth-ms up
  SERVER_AT=10.200.1.1
fi
ip -n $OWN addr add 10.200.0.2/24 dev veth-own
ip -n $SRV link set veth-srv up
ip -n $OWN link set veth-own up

mkdir -p "$WORK"
cd "$WORK"
[ -d certs ] || "$JAVA" -jar "$JAR" certs --out certs --host 10.200.0.1 >/dev/null
JOPTS=(--add-modules jdk.incubator.vector)

# waits until file $1 has a line matching $2 (20 s at most)
await() {
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "netem.sh: no '$2' in $1" >&2; cat "$1" >&2; return 1
}

RELAY_PID=
# the serial collector with a fixed young generation: the relay recycles its buffers, so after start-up it
# rarely collects at all (G1's adaptive young generation paused it for 80-180 ms on a loaded 2-core host)
RELAY_JVM=(-XX:+UseSerialGC -Xms384m -Xmx384m -Xmn128m)
# shapes the link: $1 = rate (tc syntax), $2 = round trip in ms, $3 = label
shape() {
  local rate=$1 rtt=$2 label=$3
  local delay_ms
  delay_ms=$(awk -v r="$rtt" 'BEGIN { printf "%g", r / 2 }')
  local netem_rate=(rate "$rate") pace=()
  [ "$rate" != none ] || netem_rate=()
  if [ $SHAPER = netem ]; then
    tc -n $SRV qdisc replace dev veth-srv root netem "${netem_rate[@]}" delay "${delay_ms}ms" limit 100000
    tc -n $OWN qdisc replace dev veth-own root netem "${netem_rate[@]}" delay "${delay_ms}ms" limit 100000
    return
  fi
  if [ "$rate" = none ]; then
    tc -n $SRV qdisc del dev veth-srv root 2>/dev/null || true
    tc -n $OWN qdisc del dev veth-own root 2>/dev/null || true
  elif [ $TBF = 1 ]; then
    tc -n $SRV qdisc replace dev veth-srv root tbf rate "$rate" burst 256kb latency 100ms
    tc -n $OWN qdisc replace dev veth-own root tbf rate "$rate" burst 256kb latency 100ms
  else
    pace=(--rate "$rate")
  fi
  [ -z "$RELAY_PID" ] || { kill "$RELAY_PID" 2>/dev/null || true; wait "$RELAY_PID" 2>/dev/null || true; }
  ip netns exec $MID nice -n "$RELAY_NICE" "$JAVA" "${RELAY_JVM[@]}" "$HERE/DelayRelay.java" --listen 10.200.0.1:7443 \
    --to $SERVER_AT:7443 --delay-ms "$delay_ms" "${pace[@]}" > "relay-$label.log" 2>&1 &
  RELAY_PID=$!
  await "relay-$label.log" 'relay listening'
}

# measures the shaped path with LinkProbe.java (round trip; bulk transfer each way) before the run
check() {
  local label=$1 text=$2 how=$3
  [ "$PROBE_MIB" != 0 ] || return 0
  ip netns exec $SRV "$JAVA" "$HERE/LinkProbe.java" serve $SERVER_AT:7443 > "probe-$label.log" 2>&1 &
  local pp=$!
  await "probe-$label.log" 'probe listening'
  local m c0=0 c1=0 hz
  hz=$(getconf CLK_TCK)
  [ -z "$RELAY_PID" ] || c0=$(awk '{print $14 + $15}' /proc/$RELAY_PID/stat)
  m=$(ip netns exec $OWN "$JAVA" "$HERE/LinkProbe.java" measure 10.200.0.1:7443 --mib "$PROBE_MIB" \
    || echo "probe failed")
  if [ -n "$RELAY_PID" ]; then
    c1=$(awk '{print $14 + $15}' /proc/$RELAY_PID/stat)
    m="$m; relay CPU $(awk -v t=$((c1 - c0)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }') s"
  fi
  kill $pp 2>/dev/null || true
  wait $pp 2>/dev/null || true
  CHECKS+=("| $text | $how | $m |")
}

# one run's row: label | time per step | median step | owner | server | link | MB out | MB in | after the first | identical
row() {
  local label=$1 out=$2
  local t med o s l up down same later
  t=$(grep '^time per step' "$out" | sed -E 's/^time per step[^0-9]*([0-9.]+) s.*/\1/')
  med=$(grep '^time per step' "$out" | sed -nE 's/.*median step ([0-9.]+) s.*/\1/p')
  o=$(grep '^  owner (' "$out" | awk '{print $(NF-1)}')
  s=$(grep '^  server (compute)' "$out" | awk '{print $3}')
  l=$(grep '^  link and waiting' "$out" | awk '{print $(NF-1)}')
  up=$(grep '^bytes per step, owner -> server' "$out" | awk '{print $(NF-1)}')
  down=$(grep '^bytes per step, server -> owner' "$out" | awk '{print $(NF-1)}')
  same=$(grep '^weights bit-identical' "$out" | awk '{print $NF}')
  # the steps after the first (the first runs at the top level while the server learns the levels)
  later=$(grep '^  after the first step' "$out" | sed -E 's/.*owner -> server ([0-9.]+) MB, server -> owner ([0-9.]+) MB.*/\1 | \2/')
  ROWS+=("| $label | ${t:-failed} | ${med:--} | $o | $s | $l | $up | $down | ${later:-- | -} | ${same:-see $out} |")
}

run_shaped() {
  local rate=$1 rtt=$2 label=$3
  local how text
  shape "$rate" "$rtt" "$label"
  text="$rate, $rtt ms round trip"
  if [ $SHAPER = netem ]; then how="netem"
  elif [ "$rate" = none ]; then how="relay, rate unshaped"
  else how="relay + $([ $TBF = 1 ] && echo tbf || echo 'relay pacing')"; fi
  check "$label" "$text" "$how"
  [ "$STEPS" != 0 ] || return 0
  rm -rf "server-$label" "owner-$label"
  ip netns exec $SRV "$JAVA" "${JOPTS[@]}" -jar "$JAR" server --dir "server-$label" --certs certs --port 7443 \
    "${SERVER_FLAGS[@]}" > "server-$label.log" 2>&1 &
  local sp=$!
  await "server-$label.log" 'listening on port'
  ip netns exec $OWN "$JAVA" "${JOPTS[@]}" -jar "$JAR" owner --connect 10.200.0.1:7443 --certs certs \
    --state "owner-$label" --steps "$STEPS" "${EXTRA[@]}" > "owner-$label.out" 2> "owner-$label.err" || true
  wait $sp || true
  row "$text ($how)" "owner-$label.out"
  if [ -n "$RELAY_PID" ]; then grep '^connection' "relay-$label.log" | sed "s/^/relay $label: /" >&2 || true; fi
}

CHECKS=()
ROWS=()
echo "netem.sh: outputs in $WORK; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for link in $LINKS; do
  rate=${link%%:*}
  rtt=${link##*:}
  run_shaped "$rate" "$rtt" "$rate-$rtt"
done
if [ "$LOCAL" = 1 ] && [ "$STEPS" != 0 ]; then
  rm -rf local-owner
  "$JAVA" "${JOPTS[@]}" -jar "$JAR" owner --local --state local-owner --steps "$STEPS" "${EXTRA[@]}" \
    > owner-local.out 2> owner-local.err || true
  row "one machine (loopback)" owner-local.out
fi
if [ ${#CHECKS[@]} -gt 0 ]; then
  echo "| link | shaped by | measured with LinkProbe.java (through the same path, before the run) |"
  echo "|---|---|---|"
  printf '%s\n' "${CHECKS[@]}"
  echo
fi
[ "$STEPS" != 0 ] || exit 0
echo "| link | time per step (s) | median step (s) | owner (s) | server compute (s) | link and waiting (s) | owner -> server (MB) | server -> owner (MB) | after the first step: owner -> server (MB) | server -> owner (MB) | bit-identical |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "(outputs in $WORK; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
