#!/usr/bin/env bash
# Starts three clustered tickwire nodes on this machine (HTTP/WS on 8081, 8082, 8083; Hazelcast
# members on 5701-5703, their event buses on 5801-5803), all verticles on each, and stops all
# three on Ctrl-C.
#
# The nodes share one alert-rule store, so that rule ownership means one evaluator per user:
# by default the embedded H2 file data/cluster/notifications in H2's automatic mixed mode
# (notifications.storage.shared: node-1, which opens it first, serves the file to the others on
# loopback). Stopping node-1 alone breaks the alert store of nodes 2 and 3 until they restart;
# to try rolling restarts with alerts, use PostgreSQL instead: set
# TICKWIRE_NOTIFICATIONS_STORAGE_KIND=postgres and the TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_*
# variables before running this. The transaction monitor's watch list is kept in Hazelcast
# while clustered; each node still gets a path of its own for it.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=modules/server/target/tickwire.jar
export TICKWIRE_CLUSTER_ENABLED=true
export TICKWIRE_NOTIFICATIONS_STORAGE_KIND="${TICKWIRE_NOTIFICATIONS_STORAGE_KIND:-embedded}"
export TICKWIRE_NOTIFICATIONS_STORAGE_PATH="${TICKWIRE_NOTIFICATIONS_STORAGE_PATH:-data/cluster/notifications}"
export TICKWIRE_NOTIFICATIONS_STORAGE_SHARED=true
pids=()
stop() {
  echo "stopping the cluster…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop INT TERM
start() {
  local i=$1
  TICKWIRE_NODE_ID="node-$i" TICKWIRE_CLUSTER_PORT="570$i" \
    TICKWIRE_CLUSTER_EVENT_BUS_PORT="580$i" TICKWIRE_GATEWAY_PORT="808$i" \
    TICKWIRE_TRANSACTIONS_STORE_PATH="data/cluster/node-$i/watch.json" \
    java -Dlogback.configurationFile=conf/logback.xml -Dh2.bindAddress=127.0.0.1 \
    -jar "$jar" "${TICKWIRE_PROFILE:-dev}" > "target-node-$i.log" 2>&1 &
  pids+=("$!")
}
await_ready() {
  local i=$1
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:808$i/health/ready" >/dev/null 2>&1; then return; fi
    if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
      echo "node-$i did not start; see target-node-$i.log" >&2
      stop
    fi
    sleep 0.5
  done
  echo "node-$i was not ready within 60 s; see target-node-$i.log" >&2
  stop
}
# The first node creates (or migrates) the shared store before the others open it.
start 1
await_ready 1
start 2
start 3
await_ready 2
await_ready 3
cat <<TEXT

tickwire cluster of three nodes is running (logs: target-node-1.log … target-node-3.log)
  node-1   ws://localhost:8081/ws   http://localhost:8081/health
  node-2   ws://localhost:8082/ws   http://localhost:8082/health
  node-3   ws://localhost:8083/ws   http://localhost:8083/health
  publish  curl -X POST http://localhost:8081/api/publish -H 'Authorization: ApiKey dev' \\
             -d '{"channel":"prices.BTC-USD","data":{"price":1}}'
  alerts   $TICKWIRE_NOTIFICATIONS_STORAGE_KIND store shared by all three
Press Ctrl-C to stop all three.
TEXT
wait
