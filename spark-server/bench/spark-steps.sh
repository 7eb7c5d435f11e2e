#!/usr/bin/env bash
# Time per step of the two-party run (owner and server on this machine over loopback TLS) with the server's
# tensor products in the server's process (--threads 1, --threads 2), on Spark in the server's JVM (local[2]) and on
# a Spark standalone cluster on loopback (a master and two 1-core workers started here from the Maven jars; 1 and 2
# executors). The server's last lines give Spark's share (bytes out and back, Spark's own time). Not part of mvn verify.
# usage: mvn -B -ntp -q package -DskipTests && spark-server/bench/spark-steps.sh [STEPS=6]   (JAVA=... to pick a JDK;
#        RUNS="spark-1-executor spark-2-executors" for some of threads-1 threads-2 spark-local-2 spark-1-executor
#        spark-2-executors; OWNER_FLAGS="--net 784-128-32-10 --res 28" for another job: the owner's train flags)
set -euo pipefail
STEPS=${1:-6}
JAVA=${JAVA:-java}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP="$ROOT/spark-server/target/spark-server-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/spark-server/target/classpath.txt")"
OPTS=("@$ROOT/spark-server/jvm-options.txt" --add-modules jdk.incubator.vector)
W=$(mktemp -d)
mkdir -p "$W/spark-home/jars"
# a worker launches executors with SPARK_HOME/jars on their class path: empty here, the driver sends the class path
export SPARK_HOME=$W/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
MASTER_PORT=${MASTER_PORT:-17077}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
"$JAVA" "${OPTS[@]}" -cp "$CP" io.fhe4j.party.PartyMain certs --out "$W/certs" --host 127.0.0.1 > /dev/null
"$JAVA" "${OPTS[@]}" -Xmx512m -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$MASTER_PORT" --webui-port 0 > "$W/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  "$JAVA" "${OPTS[@]}" -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port 0 \
    --cores 1 --memory 3g --work-dir "$W/work$i" "spark://127.0.0.1:$MASTER_PORT" > "$W/worker$i.log" 2>&1 &
  pids+=($!)
done

RUNS=${RUNS:-threads-1 threads-2 spark-local-2 spark-1-executor spark-2-executors}
run() {
  local name=$1
  shift
  case " $RUNS " in *" $name "*) ;; *) return 0 ;; esac
  local jvm=() flags=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  shift
  flags=("$@")
  "$JAVA" "${OPTS[@]}" "${jvm[@]}" -cp "$CP" io.fhe4j.party.PartyMain server --dir "$W/s-$name" --certs "$W/certs" \
    --port 0 "${flags[@]}" > "$W/server-$name.log" 2>&1 &
  local sp=$!
  local port=""
  for _ in $(seq 600); do
    port=$(grep -o 'listening on port [0-9]*' "$W/server-$name.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.5
  done
  [ -n "$port" ] || { cat "$W/server-$name.log"; exit 1; }
  "$JAVA" "${OPTS[@]}" -cp "$CP" io.fhe4j.party.PartyMain owner --connect "127.0.0.1:$port" --certs "$W/certs" \
    --state "$W/o-$name" --steps "$STEPS" ${OWNER_FLAGS:-} > "$W/owner-$name.log" 2>&1
  wait "$sp"
  echo "== $name (server ${flags[*]}), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -v '^\s*$' "$W/owner-$name.log" | tail -n 25
  grep -h "tensor products on" "$W/server-$name.log" || true
}

run threads-1 -- --threads 1
run threads-2 -- --threads 2
run spark-local-2 -- --master "local[2]"
run spark-1-executor -Dspark.cores.max=1 "-Dspark.executor.extraClassPath=$CP" -Dspark.executor.memory=2g -- \
  --master "spark://127.0.0.1:$MASTER_PORT"
run spark-2-executors -Dspark.cores.max=2 "-Dspark.executor.extraClassPath=$CP" -Dspark.executor.memory=2g -- \
  --master "spark://127.0.0.1:$MASTER_PORT"
