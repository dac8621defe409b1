#!/usr/bin/env bash
# Soak: the demo at 200,000 events/s with 200 stream clients connecting and disconnecting for a while; at the end
# the server's heap (after a full GC) and direct memory must be back near where they were after warm-up, and no
# client may have seen an error. Usage: scripts/soak.sh [seconds, default 300] [clients, default 200]
# Needs the demo jar and the benchmarks jar: ./mvnw -q -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-300}
CLIENTS=${2:-200}
RATE=${SOAK_RATE:-200000}
HEAP_SLACK=${SOAK_HEAP_SLACK_BYTES:-67108864}      # 64 MiB
# Netty's pools keep the chunks of their peak: 200 clients each allowed the 256 KiB write-buffer high water mark can
# hold 50 MiB at once, so the slack is that bound plus room, not less (a leak grows past it as the soak runs).
DIRECT_SLACK=${SOAK_DIRECT_SLACK_BYTES:-67108864}  # 64 MiB
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
LOG=$(mktemp)

java -Xmx1g -jar demo/target/tickertape.jar --port "$PORT" --rate "$RATE" > "$LOG" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do curl -sf "127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "127.0.0.1:$PORT/healthz" >/dev/null || { echo "soak: demo did not start"; cat "$LOG"; exit 1; }

metric() { curl -s "127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
settle() { jcmd "$DEMO" GC.run >/dev/null; }

# Warm up with the clients for a few seconds, then take the baseline.
java -cp bench/target/benchmarks.jar io.tickertape.bench.harness.SoakHarness "$PORT" 5 "$CLIENTS" >/dev/null
settle
HEAP0=$(metric tickertape_jvm_heap_used_bytes); DIRECT0=$(metric tickertape_netty_direct_used_bytes)
echo "soak: baseline heap $HEAP0 B, netty direct $DIRECT0 B; running $SECONDS_TO_RUN s with $CLIENTS clients at $RATE events/s"

java -cp bench/target/benchmarks.jar io.tickertape.bench.harness.SoakHarness "$PORT" "$SECONDS_TO_RUN" "$CLIENTS"
settle
HEAP1=$(metric tickertape_jvm_heap_used_bytes); DIRECT1=$(metric tickertape_netty_direct_used_bytes)
ERRORS=$(metric tickertape_collector_errors_total)
DROPPED=$(curl -s "127.0.0.1:$PORT/api/telemetry/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dropped"])')
echo "soak: end heap $HEAP1 B, netty direct $DIRECT1 B; collector errors $ERRORS; events dropped $DROPPED"

kill -TERM $DEMO; wait $DEMO || true
fail=0
# The soak's clients leave some connections with a reset on purpose: the server logs that cause once (a fault caught
# on a connection, counted in http.exceptions). Those two lines are expected; anything else in the log is a failure.
EXPECTED='Connection reset by peer|Broken pipe'
if grep -E 'Exception|ERROR|LEAK' "$LOG" | grep -Evq "$EXPECTED"; then
  echo "soak: FAIL errors in the server's output"; grep -E 'Exception|ERROR|LEAK' "$LOG" | grep -Ev "$EXPECTED" | head; fail=1
fi
if (( HEAP1 > HEAP0 + HEAP_SLACK )); then echo "soak: FAIL heap grew by $((HEAP1 - HEAP0)) B"; fail=1; fi
if (( DIRECT1 > DIRECT0 + DIRECT_SLACK )); then echo "soak: FAIL direct memory grew by $((DIRECT1 - DIRECT0)) B"; fail=1; fi
if (( ERRORS != 0 )); then echo "soak: FAIL collector errors"; fail=1; fi
grep -q "engine execution: stopped, 0 errors" "$LOG" || { echo "soak: FAIL engines did not stop cleanly"; tail "$LOG"; fail=1; }
(( fail == 0 )) && echo "soak: ok"
exit $fail
