package io.tickertape.engines.market;

/**
 * Receives the candles a {@link SimulatedMarket} completes.
 */
@FunctionalInterface
interface CandleSink
{
    /**
     * A candle completed. The candle is the market's scratch entry: copy what must be kept.
     *
     * @param candle the completed candle.
     * @return how many subscribers it was handed to.
     */
    int onCandle(Candle candle);
}
