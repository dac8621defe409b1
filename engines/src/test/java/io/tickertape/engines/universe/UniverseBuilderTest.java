package io.tickertape.engines.universe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UniverseBuilderTest
{
    private static final LocalDate SESSION = LocalDate.of(2025, 1, 6);

    @Test
    void shouldBuildTheDefaultUniverseWithItsCountsPerType()
    {
        final Universe universe = new UniverseBuilder(250, 1500, SESSION, 42).build();

        assertThat(universe.count(InstrumentType.EQ)).isEqualTo(250);
        assertThat(universe.count(InstrumentType.FUT)).isEqualTo(12);
        assertThat(universe.count(InstrumentType.CE)).isEqualTo(744);
        assertThat(universe.count(InstrumentType.PE)).isEqualTo(744);
        assertThat(universe.count("NSE")).isEqualTo(250);
        assertThat(universe.count("NFO")).isEqualTo(1500);
        assertThat(universe.instruments()).hasSize(1750);
        assertThat(universe.tradable()).hasSize(262).allMatch(Instrument::isTradable);
    }

    @Test
    void shouldNameInstrumentsAsTheExchangesDo()
    {
        final Universe universe = new UniverseBuilder(250, 1500, SESSION, 42).build();

        assertThat(universe.instruments().get(0).symbol()).isEqualTo("RELIANCE");
        assertThat(universe.find("INFY")).isNotNull();
        assertThat(universe.find("EQ0249").type()).isEqualTo(InstrumentType.EQ);
        assertThat(universe.find("EQ0250")).isNull();
        assertThat(universe.expiries()).containsExactly(
            LocalDate.of(2025, 1, 30), LocalDate.of(2025, 2, 27), LocalDate.of(2025, 3, 27));
        assertThat(universe.underlyings()).containsExactly("NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY");

        final Instrument future = universe.find("NIFTY25JANFUT");
        assertThat(future.type()).isEqualTo(InstrumentType.FUT);
        assertThat(future.exchange()).isEqualTo("NFO");
        assertThat(future.lotSize()).isEqualTo(75);
        assertThat(universe.find("NIFTY25JAN23500CE").strike()).isEqualTo(23_500.0);
        assertThat(universe.find("BANKNIFTY25MAR50000PE").type()).isEqualTo(InstrumentType.PE);

        final Set<String> symbols = new HashSet<>();
        universe.instruments().forEach((i) -> symbols.add(i.symbol()));
        assertThat(symbols).hasSize(universe.instruments().size());
    }

    @Test
    void shouldBuildTheSameUniverseFromTheSameSeed()
    {
        final List<Instrument> first = new UniverseBuilder(300, 400, SESSION, 7).build().instruments();
        final List<Instrument> second = new UniverseBuilder(300, 400, SESSION, 7).build().instruments();
        final List<Instrument> other = new UniverseBuilder(300, 400, SESSION, 8).build().instruments();

        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    @Test
    void shouldCentreOptionChainsOnTheSpotsGivenAtRefresh()
    {
        final UniverseBuilder builder = new UniverseBuilder(10, 1500, SESSION, 42);
        final Universe moved = builder.build((underlying) -> "NIFTY".equals(underlying) ? 24_012.0 : Double.NaN);

        assertThat(moved.find("NIFTY25JAN24000CE")).as("new at-the-money strike").isNotNull();
        assertThat(moved.find("BANKNIFTY25JAN50000CE")).as("unmoved index keeps its chain").isNotNull();
        assertThat(moved.count(InstrumentType.CE)).isEqualTo(744);
        assertThat(moved.count("NFO")).isEqualTo(1500);
    }

    @Test
    void shouldScaleTheDerivativesWithTheOptionAsked()
    {
        final Universe small = new UniverseBuilder(5, 100, SESSION, 42).build();
        assertThat(small.count(InstrumentType.FUT)).isEqualTo(12);
        assertThat(small.count("NFO")).isBetween(60, 100);
        assertThat(small.count(InstrumentType.CE)).isEqualTo(small.count(InstrumentType.PE));
    }
}
