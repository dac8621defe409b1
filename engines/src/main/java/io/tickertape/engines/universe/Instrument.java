package io.tickertape.engines.universe;

import java.time.LocalDate;

/**
 * One instrument of the synthetic universe.
 *
 * @param symbol     the trading symbol, e.g. {@code RELIANCE}, {@code NIFTY25JANFUT}, {@code NIFTY25JAN23500CE}.
 * @param type       EQ, FUT, CE or PE.
 * @param underlying the symbol itself for an equity, the index for a derivative.
 * @param expiry     the expiry date of a derivative, null for an equity.
 * @param strike     the strike of an option, 0 otherwise.
 * @param lotSize    the smallest tradable quantity.
 * @param basePrice  the price the simulation starts from.
 */
public record Instrument(
    String symbol, InstrumentType type, String underlying, LocalDate expiry, double strike, int lotSize, double basePrice)
{
    /**
     * The exchange segment of the instrument.
     *
     * @return {@code NSE} or {@code NFO}.
     */
    public String exchange()
    {
        return type.exchange();
    }

    /**
     * Whether the market data engine ticks this instrument and strategies trade it: equities and futures.
     *
     * @return true for EQ and FUT.
     */
    boolean isTradable()
    {
        return type == InstrumentType.EQ || type == InstrumentType.FUT;
    }
}
