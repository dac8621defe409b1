/**
 * Harnesses, each a program with a {@code main}: what the machine takes from spinning cores
 * ({@link io.tickertape.bench.harness.HostStalls}), publish-to-history latency
 * ({@link io.tickertape.bench.harness.LatencyHarness}), SSE fan-out over loopback
 * ({@link io.tickertape.bench.harness.FanOutHarness}) and the soak's stream load
 * ({@link io.tickertape.bench.harness.SoakHarness}); with the allocation-free SSE client that the fan-out and soak
 * harnesses read the stream with.
 */
package io.tickertape.bench.harness;
