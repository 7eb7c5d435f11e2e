#!/usr/bin/env bash
# Two-party training over a shaped link: the server and the owner in two network namespaces joined by
# a veth pair, shaped with tc netem (rate and one-way delay on both ends, so the round trip is twice
# the delay), for 1 Gbit/s and 100 Mbit/s at 10 ms and 50 ms round trips; then the same run on one
# machine (owner --local, loopback) for comparison. Prints a Markdown table of time and bytes per step.
#
# Needs root, iproute2 (ip, tc: `apt-get install -y iproute2` if missing) and the sch_netem qdisc, and
# the jar: mvn -B -ntp -q package -DskipTests. Not part of mvn verify.
#
# usage: two-party/bench/netem.sh [STEPS] [extra owner flags...]
#   STEPS defaults to 3; the owner's flags default to the train command's configuration on MNIST
#   ($MNIST_DIR); e.g. `netem.sh 3 --synthetic 600 --net 16-8-4 --batch 8 --m 4096 --insecure` for a
#   quick check without MNIST.
set -euo pipefail
STEPS=${1:-3}
shift || true
EXTRA=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../../bench/target/fhe4j.jar}
JAVA=${JAVA:-java}
WORK=${WORK:-$(mktemp -d /tmp/fhe4j-netem.XXXXXX)}
SRV=fhe4j-srv
OWN=fhe4j-own
[ "$(id -u)" = 0 ] || { echo "netem.sh: run as root (network namespaces and tc need it)" >&2; exit 2; }
command -v ip >/dev/null && command -v tc >/dev/null || {
  echo "netem.sh: ip and tc are missing: apt-get install -y iproute2" >&2; exit 2; }
[ -f "$JAR" ] || { echo "netem.sh: $JAR missing: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }

cleanup() {
  ip netns pids $SRV 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del $SRV 2>/dev/null || true
  ip netns del $OWN 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip netns add $SRV
ip netns add $OWN
ip link add veth-srv netns $SRV type veth peer name veth-own netns $OWN
ip -n $SRV addr add 10.200.0.1/24 dev veth-srv
ip -n $OWN addr add 10.200.0.2/24 dev veth-own
for ns in $SRV $OWN; do ip -n $ns link set lo up; done
ip -n $SRV link set veth-srv up
ip -n $OWN link set veth-own up

mkdir -p "$WORK"
cd "$WORK"
[ -d certs ] || "$JAVA" -jar "$JAR" certs --out certs --host 10.200.0.1 >/dev/null
JOPTS=(--add-modules jdk.incubator.vector)

# one run: $1 = label; prints "label | time per step | owner | server | link | MB out | MB in | identical"
row() {
  local label=$1 out=$2
  local t o s l up down same
  t=$(grep '^time per step' "$out" | awk '{print $(NF-1)}')
  o=$(grep '^  owner (' "$out" | awk '{print $(NF-1)}')
  s=$(grep '^  server (compute)' "$out" | awk '{print $3}')
  l=$(grep '^  link and waiting' "$out" | awk '{print $(NF-1)}')
  up=$(grep '^bytes per step, owner -> server' "$out" | awk '{print $(NF-1)}')
  down=$(grep '^bytes per step, server -> owner' "$out" | awk '{print $(NF-1)}')
  same=$(grep '^weights bit-identical' "$out" | awk '{print $NF}')
  # the steps after the first (the first runs at the top level while the server learns the levels)
  later=$(grep '^  after the first step' "$out" | sed -E 's/.*owner -> server ([0-9.]+) MB, server -> owner ([0-9.]+) MB.*/\1 | \2/')
  echo "| $label | $t | $o | $s | $l | $up | $down | ${later:-- | -} | $same |"
}

# netem may be missing from the kernel (no sch_netem module): then the rate alone is shaped with tbf
# and the round trip is the veth pair's own (well under 1 ms); the table says so.
NETEM=1
ip netns add fhe4j-probe
tc -n fhe4j-probe qdisc add dev lo root netem delay 1ms 2>/dev/null || NETEM=0
ip netns del fhe4j-probe

run_shaped() {
  local rate=$1 rtt_ms=$2 label=$3
  local delay=$((rtt_ms / 2))ms
  if [ $NETEM = 1 ]; then
    tc -n $SRV qdisc replace dev veth-srv root netem rate "$rate" delay "$delay" limit 100000
    tc -n $OWN qdisc replace dev veth-own root netem rate "$rate" delay "$delay" limit 100000
  else
    tc -n $SRV qdisc replace dev veth-srv root tbf rate "$rate" burst 256kb latency 100ms
    tc -n $OWN qdisc replace dev veth-own root tbf rate "$rate" burst 256kb latency 100ms
    rtt_ms="no netem: <1"
  fi
  rm -rf "server-$label"
  ip netns exec $SRV "$JAVA" "${JOPTS[@]}" -jar "$JAR" server --dir "server-$label" --certs certs --port 7443 \
    > "server-$label.log" 2>&1 &
  local sp=$!
  for _ in $(seq 100); do grep -q 'listening on port' "server-$label.log" 2>/dev/null && break; sleep 0.2; done
  ip netns exec $OWN "$JAVA" "${JOPTS[@]}" -jar "$JAR" owner --connect 10.200.0.1:7443 --certs certs \
    --state owner --steps "$STEPS" "${EXTRA[@]}" > "owner-$label.out" 2> "owner-$label.err" || true
  wait $sp || true
  row "$rate, ${rtt_ms} ms RTT" "owner-$label.out"
}

echo "| link | time per step (s) | owner (s) | server compute (s) | link and waiting (s) | owner -> server (MB) | server -> owner (MB) | after the first step: owner -> server (MB) | server -> owner (MB) | bit-identical |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
if [ $NETEM = 1 ]; then
  run_shaped 1gbit 10 g10
  run_shaped 1gbit 50 g50
  run_shaped 100mbit 10 m10
  run_shaped 100mbit 50 m50
else
  echo "netem.sh: this kernel has no netem qdisc: shaping the rate only (tbf), no added delay" >&2
  run_shaped 1gbit 0 g
  run_shaped 100mbit 0 m
fi
rm -rf local-owner
cp -r owner local-owner 2>/dev/null || true
rm -rf local-owner/local
"$JAVA" "${JOPTS[@]}" -jar "$JAR" owner --local --state local-owner --steps "$STEPS" "${EXTRA[@]}" \
  > owner-local.out 2> owner-local.err || true
row "one machine (loopback)" owner-local.out
echo
echo "(outputs in $WORK; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
