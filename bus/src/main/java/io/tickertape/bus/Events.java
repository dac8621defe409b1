package io.tickertape.bus;

/**
 * Typed helpers for the eight standard event types, built on {@link Producer#claim(EventType)}: each writes the
 * type's required fields under their standard names, so every engine publishes the same shape.
 * <p>
 * Helpers for types whose payload is all scalars publish the whole event and return whether it was accepted.
 * Helpers for types that carry a dictionary ({@code indicators}, {@code metrics}, {@code trace},
 * {@code summary}) are named {@code begin...}: they write the required fields, open the dictionary and return the
 * writer, which the caller fills and closes:
 * <pre>{@code
 * try (EventWriter e = Events.beginIndicator(producer, "NIFTY", "5m"))
 * {
 *     e.put("rsi", 61.2).put("ema_20", 19740.5).put("ema_50", 19702.1).put("atr", 38.4);
 * }
 * }</pre>
 * All of them are allocation-free, like the claim API they use. The field lists are in {@code docs/EVENTS.md}.
 */
public final class Events
{
    private Events()
    {
    }

    /**
     * {@code signal_event}: a strategy's decision to act.
     *
     * @param producer   the publishing producer.
     * @param symbol     the instrument.
     * @param signal     BUY, SELL or EXIT.
     * @param strategy   the strategy's name.
     * @param confidence 0 to 1.
     * @param price      the price the signal was taken at.
     * @param reason     why, in words.
     * @return true if the event was accepted (not dropped).
     */
    public static boolean signal(
        final Producer producer, final CharSequence symbol, final CharSequence signal, final CharSequence strategy,
        final double confidence, final double price, final CharSequence reason)
    {
        try (EventWriter e = producer.claim(EventType.SIGNAL))
        {
            e.put("symbol", symbol).put("signal", signal).put("strategy", strategy)
                .put("confidence", confidence).put("price", price).put("reason", reason);
            return e.isAccepted();
        }
    }

    /**
     * {@code indicator_event}: opens the {@code indicators} object for the caller to fill.
     *
     * @param producer  the publishing producer.
     * @param symbol    the instrument.
     * @param timeframe the candle interval, e.g. {@code 5m}.
     * @return the open writer, positioned inside {@code indicators}.
     */
    public static EventWriter beginIndicator(final Producer producer, final CharSequence symbol, final CharSequence timeframe)
    {
        return producer.claim(EventType.INDICATOR).put("symbol", symbol).put("timeframe", timeframe).beginObject("indicators");
    }

    /**
     * {@code order_event}: one transition of an order.
     *
     * @param producer the publishing producer.
     * @param orderId  the order's id.
     * @param symbol   the instrument.
     * @param side     BUY or SELL.
     * @param status   new, filled, partially_filled, rejected or cancelled.
     * @param qty      ordered quantity.
     * @param price    limit or fill price.
     * @return true if the event was accepted.
     */
    public static boolean order(
        final Producer producer, final CharSequence orderId, final CharSequence symbol, final CharSequence side,
        final CharSequence status, final long qty, final double price)
    {
        try (EventWriter e = beginOrder(producer, orderId, symbol, side, status, qty, price))
        {
            return e.isAccepted();
        }
    }

    /**
     * {@code order_event} with room for more fields ({@code reason}, {@code filled_qty}, {@code remaining_qty},
     * {@code fill_price}...): writes the required fields and returns the open writer.
     *
     * @param producer the publishing producer.
     * @param orderId  the order's id.
     * @param symbol   the instrument.
     * @param side     BUY or SELL.
     * @param status   new, filled, partially_filled, rejected or cancelled.
     * @param qty      ordered quantity.
     * @param price    limit or fill price.
     * @return the open writer.
     */
    public static EventWriter beginOrder(
        final Producer producer, final CharSequence orderId, final CharSequence symbol, final CharSequence side,
        final CharSequence status, final long qty, final double price)
    {
        return producer.claim(EventType.ORDER).put("order_id", orderId).put("symbol", symbol).put("side", side)
            .put("status", status).put("qty", qty).put("price", price);
    }

    /**
     * {@code position_event}: the position in one instrument after a change.
     *
     * @param producer      the publishing producer.
     * @param symbol        the instrument.
     * @param quantity      signed net quantity (negative when short).
     * @param avgPrice      average entry price.
     * @param realizedPnl   pnl realised on this instrument so far.
     * @param unrealizedPnl pnl of the open quantity at the last price.
     * @return true if the event was accepted.
     */
    public static boolean position(
        final Producer producer, final CharSequence symbol, final long quantity, final double avgPrice,
        final double realizedPnl, final double unrealizedPnl)
    {
        try (EventWriter e = producer.claim(EventType.POSITION))
        {
            e.put("symbol", symbol).put("quantity", quantity).put("avg_price", avgPrice)
                .put("realized_pnl", realizedPnl).put("unrealized_pnl", unrealizedPnl);
            return e.isAccepted();
        }
    }

    /**
     * {@code engine_health}: opens the {@code metrics} object for the caller to fill.
     *
     * @param producer   the publishing producer.
     * @param engineName the engine, e.g. {@code market_data}.
     * @param status     e.g. {@code healthy} or {@code degraded}.
     * @return the open writer, positioned inside {@code metrics}.
     */
    public static EventWriter beginEngineHealth(final Producer producer, final CharSequence engineName, final CharSequence status)
    {
        return producer.claim(EventType.ENGINE_HEALTH).put("engine_name", engineName).put("status", status).beginObject("metrics");
    }

    /**
     * {@code decision_trace}: opens the {@code trace} object (reason, confidence, timeframe, close...) for the
     * caller to fill.
     *
     * @param producer the publishing producer.
     * @param strategy the strategy's name.
     * @param symbol   the instrument.
     * @param decision BUY, SELL, EXIT or HOLD.
     * @return the open writer, positioned inside {@code trace}.
     */
    public static EventWriter beginDecisionTrace(
        final Producer producer, final CharSequence strategy, final CharSequence symbol, final CharSequence decision)
    {
        return producer.claim(EventType.DECISION_TRACE).put("strategy", strategy).put("symbol", symbol)
            .put("decision", decision).beginObject("trace");
    }

    /**
     * {@code universe_scan}: opens the {@code summary} object (exchange, counts per instrument type) for the
     * caller to fill.
     *
     * @param producer     the publishing producer.
     * @param scanType     e.g. {@code equity} or {@code fno}.
     * @param universeSize instruments in the universe scanned.
     * @return the open writer, positioned inside {@code summary}.
     */
    public static EventWriter beginUniverseScan(final Producer producer, final CharSequence scanType, final long universeSize)
    {
        return producer.claim(EventType.UNIVERSE_SCAN).put("scan_type", scanType).put("universe_size", universeSize)
            .beginObject("summary");
    }

    /**
     * {@code performance_update}: the account's performance.
     *
     * @param producer      the publishing producer.
     * @param realizedPnl   pnl of closed trades.
     * @param unrealizedPnl pnl of open positions at last prices.
     * @param equity        starting capital plus all pnl.
     * @param maxDrawdown   largest fall of equity from a peak, as a fraction of the peak.
     * @param winRate       winning closed trades over closed trades, 0 to 1.
     * @param trades        closed trades.
     * @return true if the event was accepted.
     */
    public static boolean performanceUpdate(
        final Producer producer, final double realizedPnl, final double unrealizedPnl, final double equity,
        final double maxDrawdown, final double winRate, final long trades)
    {
        try (EventWriter e = producer.claim(EventType.PERFORMANCE_UPDATE))
        {
            e.put("realized_pnl", realizedPnl).put("unrealized_pnl", unrealizedPnl).put("total_pnl", realizedPnl + unrealizedPnl)
                .put("equity", equity).put("max_drawdown", maxDrawdown).put("win_rate", winRate).put("trades", trades);
            return e.isAccepted();
        }
    }
}
