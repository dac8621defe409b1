#!/usr/bin/env bash
# Every speed goal of docs/BENCHMARKS.md measured in one run, one benchmark or harness at a time, then the table of
# goals beside their figures (io.tickertape.bench.report.Goals) and the publish-cost chart redrawn from this run.
# About 17 minutes on a 2-core machine; run nothing else meanwhile. Results go to the directory given (default
# bench/target/goals); the chart to docs/img/publish-cost.svg.
# Needs bench/target/benchmarks.jar (./mvnw -q -pl bench -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=bench/target/benchmarks.jar
OUT=${1:-bench/target/goals}
if [[ ! -f "$JAR" ]]; then
    echo "goals: $JAR is missing; build it with ./mvnw -q -pl bench -am package -DskipTests" >&2
    exit 1
fi
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.txt
RUN=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR")
JMH=(java -jar "$JAR" -foe true -prof gc)

step() {
    local name=$1
    shift
    echo "goals: $name: $*"
    "$@" > "$OUT/$name.txt" 2>&1 || { echo "goals: $name failed" >&2; tail -n 40 "$OUT/$name.txt" >&2; exit 1; }
}

# Publish cost, paced, beside the peers the chart shows (average time).
step publish "${JMH[@]}" '(Tickertape|Disruptor|BlockingQueue|OpenTelemetry|SeedModel|Log4jAsync)Publish\.|PacingBaseline' \
    -bm avgt -tu ns -f 1 -wi 5 -w 2 -i 5 -r 2 -rf json -rff "$OUT/publish.json"
# The paced publishes again, each block of them beside blocks of pacing in the same JVM (the goal is judged on
# these: PacedPublishPaired says why).
step paced "${JMH[@]}" 'PacedPublishPaired' -f 2 -wi 3 -w 1 -i 5 -r 2 -rf json -rff "$OUT/paced.json"
# Unpaced bursts.
step burst "${JMH[@]}" 'PublishBurst' -f 2 -rf json -rff "$OUT/burst.json"
# The pipeline and its peers.
step pipeline "${JMH[@]}" 'PipelineThroughput\.(oneProducer|threeProducers)|PeerPipelines' -p journal=false \
    -f 2 -wi 5 -w 2 -i 5 -r 2 -rf json -rff "$OUT/pipeline.json"
# What the host takes from two spinning cores (the floor under any p99 here), then latency beside its floor in 20
# alternated rounds of 1 s each, then two identical floors measured the same way (how far this host alone parts two
# pipelines' p99s); a loop that drains; 10,000 clients.
step stalls "${RUN[@]}" io.tickertape.bench.harness.HostStalls 2 10
step latency "${RUN[@]}" io.tickertape.bench.harness.LatencyHarness 100000 20 backoff 5 collector 20 200 bus
step latency-floors "${RUN[@]}" io.tickertape.bench.harness.LatencyHarness 100000 20 backoff 5 collector 20 200 floor
step fairness "${RUN[@]}" io.tickertape.bench.harness.LoopFairnessHarness 100 500000
step widefanout "${RUN[@]}" io.tickertape.bench.harness.WideFanOutHarness 10000 100 10

"${RUN[@]}" io.tickertape.bench.report.SvgChart "$OUT/publish.json" docs/img/publish-cost.svg
"${RUN[@]}" io.tickertape.bench.report.Goals "$OUT" | tee "$OUT/goals.md"
