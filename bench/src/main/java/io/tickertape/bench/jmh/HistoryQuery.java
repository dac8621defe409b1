package io.tickertape.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tickertape.bus.CursorHandler;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRecord;
import io.tickertape.bus.HistoryRing;
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
 * ({@code absent}); and by symbol: one of the orders' eight ({@code symbol}, an eighth of the events), the rare
 * events' ({@code rareSymbol}) and one never seen ({@code absentSymbol}). {@code streamCatchUp} is a stream's cursor
 * reading the whole history from its oldest record ({@code /stream} resuming from an id that old). A filtered read
 * checks types and symbols in the index and copies only the records it returns, so its cost follows what it
 * returns and the index it scans, never the bytes of the records it passes.
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
        @Param({"all", "rare", "absent", "symbol", "rareSymbol", "absentSymbol"})
        public String filter;

        EventFilter eventFilter;
        HistoryRecord record;
        RecordHandler handler;
        CursorHandler cursorHandler;
        long bytes;

        /**
         * Make the reader.
         *
         * @param h the bus.
         */
        @Setup(Level.Trial)
        public void create(final FilledHistory h)
        {
            final HistoryRing history = h.bus.history();
            switch (filter)
            {
                case "all" -> eventFilter = EventFilter.ALL;
                case "rare" -> eventFilter = EventFilter.of(TypeFilter.of(List.of(FilledHistory.RARE.name())));
                case "absent" -> eventFilter = EventFilter.of(TypeFilter.parse("position_event"));
                case "symbol" -> eventFilter = history.filter(TypeFilter.ALL, List.of("NIFTY"), null, null);
                case "rareSymbol" -> eventFilter = history.filter(TypeFilter.ALL, List.of(FilledHistory.RARE_SYMBOL), null, null);
                case "absentSymbol" -> eventFilter = history.filter(TypeFilter.ALL, List.of("NOSUCH"), null, null);
                default -> throw new IllegalArgumentException("filter: " + filter);
            }
            record = new HistoryRecord(h.bus.history());
            handler = r ->
            {
                bytes += r.length(); // what a response writer would copy out
                return true;
            };
            cursorHandler = new CursorHandler()
            {
                @Override
                public boolean onRecord(final HistoryRecord record)
                {
                    bytes += record.length(); // what a stream would frame and write
                    return true;
                }

                @Override
                public void onGap(final long fromSeq, final long toSeq)
                {
                    throw new IllegalStateException("the history is full and idle: no gap");
                }
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
        return h.bus.history().newest(r.eventFilter, 100, r.record, r.handler);
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
        return h.bus.history().after(0, r.eventFilter, 100, r.record, r.handler);
    }

    /**
     * A stream's cursor catching up over the whole history, from its oldest record to the head: every match
     * delivered (its bytes counted), the rest passed over.
     *
     * @param h the bus with a full history.
     * @param r the reader.
     * @return records examined.
     */
    @Benchmark
    public long streamCatchUp(final FilledHistory h, final Reader r)
    {
        final HistoryCursor cursor = h.bus.history().cursorAfter(0, r.eventFilter);
        long examined = 0;
        int step;
        while ((step = cursor.poll(r.cursorHandler, 4096)) > 0)
        {
            examined += step;
        }
        return examined;
    }
}
