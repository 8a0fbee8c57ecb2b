#!/usr/bin/env bash
# Starts three clustered tickwire nodes on this machine (HTTP/WS on 8081, 8082, 8083; Hazelcast
# members on 5701-5703), all verticles on each, and stops all three on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=modules/server/target/tickwire.jar
pids=()
stop() {
  echo "stopping the cluster…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop INT TERM
for i in 1 2 3; do
  TICKWIRE_NODE_ID="node-$i" TICKWIRE_CLUSTER_ENABLED=true TICKWIRE_CLUSTER_PORT="570$i" \
    TICKWIRE_GATEWAY_PORT="808$i" \
    java -Dlogback.configurationFile=conf/logback.xml -jar "$jar" "${TICKWIRE_PROFILE:-dev}" \
    > "target-node-$i.log" 2>&1 &
  pids+=("$!")
done
for i in 1 2 3; do
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:808$i/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
      echo "node-$i did not start; see target-node-$i.log" >&2
      stop
    fi
    sleep 0.5
  done
done
cat <<TEXT

tickwire cluster of three nodes is running (logs: target-node-1.log … target-node-3.log)
  node-1   ws://localhost:8081/ws   http://localhost:8081/health
  node-2   ws://localhost:8082/ws   http://localhost:8082/health
  node-3   ws://localhost:8083/ws   http://localhost:8083/health
  publish  curl -X POST http://localhost:8081/api/publish -H 'Authorization: ApiKey dev' \\
             -d '{"channel":"prices.BTC-USD","data":{"price":1}}'
Press Ctrl-C to stop all three.
TEXT
wait
