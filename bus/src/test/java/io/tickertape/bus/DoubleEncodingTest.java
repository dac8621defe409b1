package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.Test;

/**
 * Doubles written by the collector read back as exactly the same double, whichever path wrote them (the
 * scaled-decimal fast path or Jackson's general writer).
 */
class DoubleEncodingTest
{
    @Test
    void shouldWriteEveryDoubleSoItReadsBackExactly()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final double[] values = new double[20_000];
        int i = 0;
        for (final double v : new double[] {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2, 19755.0, 19755.05, 1e-3, 9.99e-4,
            999_999_999.999999, 1e9, 1e15, 123456.789012, Double.MIN_VALUE, Double.MAX_VALUE, Math.nextUp(0.1), Math.PI,
            -0.05, 0.000001, 0.0000005, 2.5e-7})
        {
            values[i++] = v;
        }
        while (i < values.length)
        {
            final int kind = random.nextInt(4);
            values[i++] = switch (kind)
            {
                case 0 -> Math.round(random.nextDouble(1, 100_000) * 20) / 20.0; // prices in 0.05 steps
                case 1 -> random.nextDouble(-1e6, 1e6);                          // arbitrary
                case 2 -> Math.round(random.nextDouble(0, 1) * 1e4) / 1e4;       // ratios to 4 places
                default -> Double.longBitsToDouble(random.nextLong());           // any bit pattern
            };
        }
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(values.length)))
        {
            final Producer producer = bus.producer("p", 1 << 15);
            for (final double v : values)
            {
                try (EventWriter e = producer.claim(EventType.INDICATOR))
                {
                    e.put("v", v);
                }
            }
            awaitCollected(bus, values.length);
            final HistoryRecord record = new HistoryRecord(bus.history());
            for (int n = 0; n < values.length; n++)
            {
                assertThat(bus.history().read(n + 1, record)).isEqualTo(ReadResult.OK);
                final Object read = Buses.payload(Json.object(record.json())).get("v");
                final double expected = values[n];
                if (!Double.isFinite(expected))
                {
                    assertThat(read).isNull();
                }
                else
                {
                    final double actual = read instanceof Long ? ((Long)read).doubleValue() : (Double)read;
                    assertThat(Double.doubleToLongBits(actual)).as("value %s written as %s", expected, record.json())
                        .isEqualTo(Double.doubleToLongBits(expected == 0 && read instanceof Long ? 0.0 : expected));
                }
            }
        }
    }
}
