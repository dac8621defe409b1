/**
 * JMH benchmarks: Tickertape's publish path against its peers (a raw Disruptor ring, an {@code ArrayBlockingQueue},
 * a model of the system it replaced, OpenTelemetry's and Log4j's asynchronous pipelines), the drop path, the
 * pipeline's throughput beside two peer pipelines (Log4j 2 with its JSON layout, a Disruptor ring with jackson-core),
 * the JSON encode, and the history and stats reads; with the {@code @State} classes they share
 * ({@link io.tickertape.bench.jmh.Workload}, {@link io.tickertape.bench.jmh.OrderFlow},
 * {@link io.tickertape.bench.jmh.PublishCounters}, {@link io.tickertape.bench.jmh.FilledHistory}).
 */
package io.tickertape.bench.jmh;
