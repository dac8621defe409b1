package io.tickertape.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.RecordHandler;
import io.tickertape.bus.TypeFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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

/**
 * Cost of the history queries behind {@code /events}, by history size: {@code newest100} is
 * {@code /events?limit=100} and {@code afterSeq0} is {@code /events?after_seq=0&limit=100}, each with every type
 * ({@code all}), a type held once in every 10,000 events ({@code rare}), and a type the history holds none of
 * ({@code absent}). A filtered query reads types from the index and copies only the records it returns, so its
 * cost follows what it returns and the index it scans, never the bytes of the records it passes.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {BenchConfig.ADD_EXPORTS, BenchConfig.JDK_INTERNAL_MISC, BenchConfig.HEAP_MIN, BenchConfig.HEAP_MAX})
public class HistoryQuery
{
    /** One reader: its record, its handler and the filter asked for. */
    @State(Scope.Thread)
    public static class Reader
    {
        /**
         * {@code all}: every type; {@code rare}: {@code rare_event}, one in 10,000; {@code absent}:
         * {@code position_event}, of which the history holds none.
         */
        @Param({"all", "rare", "absent"})
        public String filter;

        TypeFilter typeFilter;
        HistoryRecord record;
        RecordHandler handler;
        long bytes;

        /**
         * Make the reader.
         *
         * @param h the bus.
         */
        @Setup(Level.Trial)
        public void create(final FilledHistory h)
        {
            switch (filter)
            {
                case "all" -> typeFilter = TypeFilter.ALL;
                case "rare" -> typeFilter = TypeFilter.of(List.of(FilledHistory.RARE.name()));
                case "absent" -> typeFilter = TypeFilter.parse("position_event");
                default -> throw new IllegalArgumentException("filter: " + filter);
            }
            record = new HistoryRecord(h.bus.history());
            handler = r ->
            {
                bytes += r.length(); // what a response writer would copy out
                return true;
            };
        }
    }

    /**
     * The newest 100 records matching the filter.
     *
     * @param h the bus with a full history.
     * @param r the reader.
     * @return records delivered.
     */
    @Benchmark
    public int newest100(final FilledHistory h, final Reader r)
    {
        return h.bus.history().newest(r.typeFilter, 100, r.record, r.handler);
    }

    /**
     * The first 100 records matching the filter after sequence 0: the oldest page.
     *
     * @param h the bus with a full history.
     * @param r the reader.
     * @return records delivered.
     */
    @Benchmark
    public int afterSeq0(final FilledHistory h, final Reader r)
    {
        return h.bus.history().after(0, r.typeFilter, 100, r.record, r.handler);
    }
}
