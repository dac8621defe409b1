/**
 * Benchmarks, harnesses and report writers for Tickertape, all in one shaded jar ({@code benchmarks.jar}, whose main
 * class is JMH's), told apart by package:
 * <ul>
 *     <li>{@link io.tickertape.bench.jmh}: the JMH benchmarks (the bus's publish, drop, pipeline, history and stats
 *     paths, and the peers measured beside it) with the state they share;</li>
 *     <li>{@link io.tickertape.bench.harness}: programs with a {@code main} that drive a running bus or server at a
 *     fixed rate and print latency and throughput figures (latency, SSE fan-out, soak load), and the load client
 *     they stream with;</li>
 *     <li>{@link io.tickertape.bench.report}: writers that turn JMH's JSON results into charts.</li>
 * </ul>
 * This package holds what benchmarks and harnesses both use.
 */
package io.tickertape.bench;
