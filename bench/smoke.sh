#!/usr/bin/env bash
# Smoke test of the bench module: every JMH benchmark for about a second, and each harness for a second or two with
# tiny parameters. It proves that each one runs and prints its figures; the figures themselves mean nothing here.
# Needs bench/target/benchmarks.jar (./mvnw -q -pl bench -am package -DskipTests). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/target/benchmarks.jar
if [[ ! -f "$JAR" ]]; then
    echo "smoke: $JAR is missing; build it with ./mvnw -q -pl bench -am package -DskipTests" >&2
    exit 1
fi
# Agrona needs this on Java 17; java -jar reads it from the manifest, java -cp does not.
RUN=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR")
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failures=0

fail() {
    echo "smoke: FAIL $1" >&2
    [[ -f "${2:-}" ]] && tail -n 40 "$2" >&2
    failures=$((failures + 1))
}

# Run a step with a time limit; its output goes to $OUT/<name>.txt and must match the pattern.
step() {
    local name=$1 limit=$2 pattern=$3
    shift 3
    local log="$OUT/$name.txt" start=$SECONDS code=0
    timeout "$limit" "$@" > "$log" 2>&1 || code=$?
    if ((code != 0)); then
        fail "$name (exit code $code after $((SECONDS - start)) s)" "$log"
    elif ! grep -Eq "$pattern" "$log"; then
        fail "$name: output has no line matching /$pattern/" "$log"
    else
        echo "smoke: ok   $name ($((SECONDS - start)) s)"
        [[ "$name" == jmh* ]] || grep -v '^[[:space:]]*$' "$log" | tail -n 14 | sed 's/^/    /'
    fi
}

# 1. Every benchmark once, for one second, in every mode it declares; fail on the first error.
java -jar "$JAR" -l | grep '^io\.tickertape\.bench\.jmh\.' | sort -u > "$OUT/benchmarks.txt"
if [[ ! -s "$OUT/benchmarks.txt" ]]; then
    fail "no benchmarks listed by $JAR"
fi
step jmh 240 '^Benchmark result is saved' \
    java -jar "$JAR" 'io\.tickertape\.bench\.jmh\.' -f 1 -wi 0 -i 1 -r 1s -p events=100000 -p historySize=5000 -p filter=all,rareSymbol -foe true -rf json -rff "$OUT/results.json"
if [[ -f "$OUT/results.json" ]]; then
    while read -r benchmark; do
        grep -q "\"benchmark\" : \"$benchmark\"" "$OUT/results.json" || fail "no result for $benchmark" "$OUT/jmh.txt"
    done < "$OUT/benchmarks.txt"
    echo "smoke: $(grep -c '"benchmark"' "$OUT/results.json") results for $(wc -l < "$OUT/benchmarks.txt") benchmarks"
    sed -n '/^Benchmark  /,/^$/p' "$OUT/jmh.txt" | grep -vE ':p0\.(00|90|95|999|9999)|:p1\.00' | sed 's/^/    /'
fi
# The pipeline while exporting to a broker in the process (a parameter value the run above leaves out: it starts a
# Kafka broker).
step jmhkafka 120 '^Benchmark result is saved' \
    java -jar "$JAR" 'PipelineThroughput.oneProducer' -p journal=false -p kafka=true -f 1 -wi 0 -i 1 -r 1s -foe true -rf json -rff "$OUT/kafka.json"

# 2. The chart, from that run's results.
step chart 30 '^wrote [0-9]+ bars' "${RUN[@]}" io.tickertape.bench.report.SvgChart "$OUT/results.json" "$OUT/publish-cost.svg"
grep -q '</svg>' "$OUT/publish-cost.svg" 2>/dev/null || fail "chart: no SVG written"

# 3. The harnesses, tiny: rate, seconds, idle strategy, warm-up (then where the reader runs, rounds, pre-roll in ms,
# subject) / clients, rate, seconds, warm-up.
step stalls 30 '^all threads: stalls over 100 us' "${RUN[@]}" io.tickertape.bench.harness.HostStalls 2 1
step latency 60 '^floor: publish -> taken by its consumer' "${RUN[@]}" io.tickertape.bench.harness.LatencyHarness 20000 1 backoff 0.5
step latency-floors 60 "^rounds' p99 ratios" "${RUN[@]}" io.tickertape.bench.harness.LatencyHarness 20000 1 backoff 0.5 collector 4 50 floor
step keys 60 '^keys on : best' "${RUN[@]}" io.tickertape.bus.CollectorKeysHarness 5
step fairness 60 '^during the drain, a new stream' "${RUN[@]}" io.tickertape.bench.harness.LoopFairnessHarness 5 20000
step fanout 90 '^with one stalled client' "${RUN[@]}" io.tickertape.bench.harness.FanOutHarness 5 200 1 0.5
step widefanout 120 '^per client: heap' "${RUN[@]}" io.tickertape.bench.harness.WideFanOutHarness 50 100 1
step h2fanout 120 '^h2: ' "${RUN[@]}" io.tickertape.bench.harness.Http2FanOutHarness 20 2 100 1
step kafka 180 '^host -> hub -> SSE / Kafka producer -> consumer' "${RUN[@]}" io.tickertape.bench.harness.KafkaHarness 20000 2000 1 1

# 4. The goals' table (bench/goals.sh), from this run's figures.
step goals 30 '^\| collector at most 200 ns of CPU per order event \| [0-9]+ ns' "${RUN[@]}" io.tickertape.bench.report.Goals "$OUT"
# (All but allocation, which needs -prof gc: this run leaves it out.)
if grep 'not measured' "$OUT/goals.txt" | grep -vq '0 B/op'; then fail "goals: a goal without its figures" "$OUT/goals.txt"; fi

if ((failures > 0)); then
    echo "smoke: $failures failure(s)" >&2
    exit 1
fi
echo "smoke: all benchmarks and harnesses ran"
