package io.tickertape.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The paced publish measured in pairs: the pacing alone, the text-copying Disruptor floor
 * ({@link DisruptorPublish#tryNextPublishCopying}) and the bus's two ways of publishing ({@link TickertapePublish}),
 * each as a block of {@code block} paced events, the four blocks taken in turn (a different one first each round) in
 * the same JVM, on the same rings and collector as the separate benchmarks. Each block's time is added to its
 * counter, so a publish's cost net of pacing is {@code (eventsOrderNanos - pacingNanos) / events}, every block of it
 * beside blocks of pacing measured in the same rounds.
 * <p>
 * Why: net of pacing, a paced publish is a difference of two figures near 800 ns, and measured in separate forks (as
 * {@link PacingBaseline} and the publish benchmarks are) the pacing alone averaged 733 to 798 ns
 * over eight forks: a spread near the floor's whole cost. Taken in turn in one JVM, the
 * host's moves fall on all four alike. The score (time per round) means nothing by itself; the counters are the
 * figures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
@State(Scope.Benchmark)
public class PacedPublishPaired
{
    /** Paced events per block. */
    @Param({"5000"})
    public int block;

    /** Nanoseconds each kind of block took, summed over an iteration, and the events each block kind sent. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Nanos
    {
        /** Blocks of pacing alone. */
        public long pacingNanos;
        /** Blocks of pacing and the text-copying Disruptor floor's publish. */
        public long floorNanos;
        /** Blocks of pacing and {@code Events.order}. */
        public long eventsOrderNanos;
        /** Blocks of pacing and the claim API. */
        public long claimNanos;
        /** Events in each kind of block. */
        public long events;
        /** Events a ring refused (any makes the iteration's figures those of a full ring, not of a publish). */
        public long dropped;
        private int rounds;

        /** Start each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset()
        {
            pacingNanos = 0;
            floorNanos = 0;
            eventsOrderNanos = 0;
            claimNanos = 0;
            events = 0;
            dropped = 0;
        }
    }

    /**
     * One round: a block of each kind, in turn.
     *
     * @param bus    the bus and its producer.
     * @param floor  the Disruptor ring and its consumer.
     * @param pacing the work between events, the ring size.
     * @param o      the orders.
     * @param n      the counters.
     */
    @Benchmark
    public void round(
        final TickertapePublish.Pipeline bus, final DisruptorPublish.Pipeline floor, final Workload pacing,
        final OrderFlow o, final Nanos n)
    {
        final long tokens = pacing.tokens;
        final int first = n.rounds++;
        for (int k = 0; k < 4; k++)
        {
            switch ((first + k) & 3)
            {
                case 0 -> n.pacingNanos += pacing(tokens, o, block);
                case 1 -> n.floorNanos += floor(floor, tokens, o, block, n);
                case 2 -> n.eventsOrderNanos += eventsOrder(bus.producer, tokens, o, block, n);
                default -> n.claimNanos += claim(bus.producer, tokens, o, block, n);
            }
        }
        n.events += block;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long pacing(final long tokens, final OrderFlow o, final int events)
    {
        final long start = System.nanoTime();
        for (int i = 0; i < events; i++)
        {
            Blackhole.consumeCPU(tokens);
            o.next();
        }
        return System.nanoTime() - start;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long floor(final DisruptorPublish.Pipeline p, final long tokens, final OrderFlow o, final int events, final Nanos n)
    {
        int refused = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < events; i++)
        {
            Blackhole.consumeCPU(tokens);
            o.next();
            refused += DisruptorPublish.publish(p, o, true) ? 0 : 1;
        }
        final long took = System.nanoTime() - start;
        n.dropped += refused;
        return took;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long eventsOrder(final Producer producer, final long tokens, final OrderFlow o, final int events, final Nanos n)
    {
        int refused = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < events; i++)
        {
            Blackhole.consumeCPU(tokens);
            o.next();
            refused += Events.order(producer, o.orderId, o.symbol, o.side, o.status, o.qty, o.price) ? 0 : 1;
        }
        final long took = System.nanoTime() - start;
        n.dropped += refused;
        return took;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static long claim(final Producer producer, final long tokens, final OrderFlow o, final int events, final Nanos n)
    {
        int refused = 0;
        final long start = System.nanoTime();
        for (int i = 0; i < events; i++)
        {
            Blackhole.consumeCPU(tokens);
            o.next();
            refused += TickertapePublish.claim(producer, o) ? 0 : 1;
        }
        final long took = System.nanoTime() - start;
        n.dropped += refused;
        return took;
    }
}
