package io.tickertape.engines.universe;

import static io.tickertape.engines.BusEvents.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tickertape.bus.TelemetryBus;
import io.tickertape.engines.BusEvents;
import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.TradingOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UniverseEngineTest
{
    private final TelemetryBus bus = BusEvents.bus();
    private final BusEvents.ManualClock clock = new BusEvents.ManualClock();

    @AfterEach
    void close()
    {
        bus.close();
    }

    @Test
    void shouldPublishOneScanPerExchangeAtStartAndOnEachRefresh()
    {
        final UniverseBuilder builder = new UniverseBuilder(250, 1500, LocalDate.of(2025, 1, 6), 42);
        final Universe universe = builder.build();
        final PriceBoard prices = new PriceBoard(universe.tradable().size());
        final List<String> quoted = new ArrayList<>();
        final UniverseEngine engine = new UniverseEngine(bus.producer("universe", 64), builder, universe, 1234,
            TradingOptions.defaults().withUniverseRefresh(Duration.ofSeconds(60)), clock, prices, symbol ->
            {
                quoted.add(symbol);
                return Double.NaN;
            });

        engine.onStart();
        assertThat(engine.doWork()).as("not due yet").isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(engine.doWork()).isEqualTo(1);
        assertThat(quoted).as("one option quoted per refresh").hasSize(1);
        assertThat(universe.instruments()).anySatisfy(i ->
        {
            assertThat(i.symbol()).isEqualTo(quoted.get(0));
            assertThat(i.type()).isIn(InstrumentType.CE, InstrumentType.PE);
        });

        final List<Map<String, Object>> scans = BusEvents.payloads(bus, "universe_scan");
        assertThat(scans).hasSize(4);
        final Map<String, Object> nse = scans.get(0);
        assertThat(nse).containsEntry("scan_type", "equity").containsEntry("universe_size", 250L);
        assertThat(object(nse, "summary")).containsEntry("exchange", "NSE").containsEntry("scan_number", 1L)
            .containsEntry("build_us", 1234L);
        assertThat(object(nse, "summary")).containsEntry("instrument_types", List.of("EQ"));
        assertThat(object(object(nse, "summary"), "instrument_counts")).isEqualTo(Map.of("EQ", 250L));

        final Map<String, Object> nfo = scans.get(1);
        assertThat(nfo).containsEntry("scan_type", "fno").containsEntry("universe_size", 1500L);
        assertThat(object(nfo, "summary")).containsEntry("exchange", "NFO")
            .containsEntry("underlyings", List.of("NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY"))
            .containsEntry("expiries", List.of("2025-01-30", "2025-02-27", "2025-03-27"));
        assertThat(object(nfo, "summary")).containsEntry("instrument_types", List.of("FUT", "CE", "PE"));
        assertThat(object(object(nfo, "summary"), "instrument_counts"))
            .isEqualTo(Map.of("FUT", 12L, "CE", 744L, "PE", 744L));

        assertThat(object(scans.get(2), "summary")).containsEntry("exchange", "NSE").containsEntry("scan_number", 2L);
        assertThat(object(scans.get(3), "summary")).containsEntry("exchange", "NFO").containsEntry("scan_number", 2L);
    }
}
