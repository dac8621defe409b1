package io.tickertape.bench.jmh;

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
 * Cost of {@code history().newest(filter, 100, ...)}, the query behind {@code /events?limit=100}, by history size:
 * with every type ({@code all}) and with a type the history holds none of ({@code absent}), the worst case, where
 * the query looks at every entry before it finds that there is nothing to return.
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
        /** {@code all}: every type; {@code absent}: {@code position_event}, of which the history holds none. */
        @Param({"all", "absent"})
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
            typeFilter = "all".equals(filter) ? TypeFilter.ALL : TypeFilter.parse("position_event");
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
}
