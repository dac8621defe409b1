package io.tickertape.bus;

/**
 * Typed helpers for the standard event types, built on {@link Producer#claim(EventType)}. Each writes its type's
 * named members under the names, and with the nesting, that monitors of the telemetry layer Tickertape replaces
 * read ({@code strategy_name}, {@code trace_data}, {@code position_size}, {@code metrics}...), so every engine
 * publishes the same shape and those monitors keep working.
 * <p>
 * Like that layer's helpers, which merged any extra keyword members after the named ones, each helper has a form
 * named {@code begin...} that writes the named members and returns the open writer for the caller to add more
 * and close. For the types that carry a dictionary ({@code indicators}, {@code metrics}, {@code trace_data},
 * {@code summary}) the writer is positioned inside it:
 * <pre>{@code
 * try (EventWriter e = Events.beginIndicator(producer, "NIFTY", "5m"))
 * {
 *     e.put("rsi", 61.2).put("ema_20", 19740.5).put("ema_50", 19702.1).put("atr", 38.4);
 * }
 * }</pre>
 * Any other type is published by name through {@link Producer#claim(String)} with any members, and a lone value
 * through {@code data(...)}, which wraps it as {@code {"data": value}}. All of them are allocation-free, like the
 * claim API they use. The member lists are in {@code docs/EVENTS.md}.
 */
public final class Events
{
    /** The member a lone value is published under, as the replaced layer did. */
    private static final String DATA = "data";

    private Events()
    {
    }

    /**
     * {@code signal_event}: a strategy's decision to act, with its named members only.
     *
     * @param producer     the publishing producer.
     * @param symbol       the instrument.
     * @param strategyName the strategy's name.
     * @param signal       BUY, SELL or EXIT.
     * @return true if the event was accepted (not dropped).
     */
    public static boolean signal(
        final Producer producer, final CharSequence symbol, final CharSequence strategyName, final CharSequence signal)
    {
        try (EventWriter e = beginSignal(producer, symbol, strategyName, signal))
        {
            return e.isAccepted();
        }
    }

    /**
     * {@code signal_event} with room for more members ({@code confidence}, {@code reason}, {@code timeframe},
     * {@code price}...): writes {@code symbol}, {@code strategy_name} and {@code signal} and returns the open
     * writer.
     *
     * @param producer     the publishing producer.
     * @param symbol       the instrument.
     * @param strategyName the strategy's name.
     * @param signal       BUY, SELL or EXIT.
     * @return the open writer.
     */
    public static EventWriter beginSignal(
        final Producer producer, final CharSequence symbol, final CharSequence strategyName, final CharSequence signal)
    {
        return producer.claim(EventType.SIGNAL).put("symbol", symbol).put("strategy_name", strategyName).put("signal", signal);
    }

    /**
     * {@code indicator_event}: writes {@code symbol} and {@code timeframe} and opens the {@code indicators} object
     * for the caller to fill.
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
     * {@code order_event}: one transition of an order, with its named members and the ordered quantity and price.
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
     * {@code order_event} with its named members only ({@code order_id}, {@code symbol}, {@code side},
     * {@code status}), returning the open writer for more ({@code qty}, {@code price}, {@code strategy},
     * {@code order_type}, {@code reason}...).
     *
     * @param producer the publishing producer.
     * @param orderId  the order's id.
     * @param symbol   the instrument.
     * @param side     BUY or SELL.
     * @param status   new, filled, partially_filled, rejected or cancelled.
     * @return the open writer.
     */
    public static EventWriter beginOrder(
        final Producer producer, final CharSequence orderId, final CharSequence symbol, final CharSequence side,
        final CharSequence status)
    {
        return producer.claim(EventType.ORDER).put("order_id", orderId).put("symbol", symbol).put("side", side)
            .put("status", status);
    }

    /**
     * {@code order_event} with its named members and the ordered quantity and price, returning the open writer for
     * more ({@code strategy}, {@code order_type}, {@code reason}, {@code filled_qty}, {@code remaining_qty},
     * {@code fill_price}...).
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
        return beginOrder(producer, orderId, symbol, side, status).put("qty", qty).put("price", price);
    }

    /**
     * {@code position_event}: the position in one instrument after a change.
     *
     * @param producer      the publishing producer.
     * @param symbol        the instrument.
     * @param positionSize  signed net quantity (negative when short).
     * @param entryPrice    average entry price of the open quantity.
     * @param realizedPnl   pnl realised on this instrument so far.
     * @param unrealizedPnl pnl of the open quantity at the last price.
     * @return true if the event was accepted.
     */
    public static boolean position(
        final Producer producer, final CharSequence symbol, final long positionSize, final double entryPrice,
        final double realizedPnl, final double unrealizedPnl)
    {
        try (EventWriter e = beginPosition(producer, symbol, positionSize))
        {
            e.put("entry_price", entryPrice).put("realized_pnl", realizedPnl).put("unrealized_pnl", unrealizedPnl);
            return e.isAccepted();
        }
    }

    /**
     * {@code position_event} with its named members only ({@code symbol}, {@code position_size}), returning the
     * open writer for more ({@code entry_price}, {@code strategy}...).
     *
     * @param producer     the publishing producer.
     * @param symbol       the instrument.
     * @param positionSize signed net quantity (negative when short).
     * @return the open writer.
     */
    public static EventWriter beginPosition(final Producer producer, final CharSequence symbol, final long positionSize)
    {
        return producer.claim(EventType.POSITION).put("symbol", symbol).put("position_size", positionSize);
    }

    /**
     * {@code engine_health}: writes {@code engine_name} and {@code status} and opens the {@code metrics} object
     * for the caller to fill.
     *
     * @param producer   the publishing producer.
     * @param engineName the engine, e.g. {@code market_data}.
     * @param status     e.g. {@code active} or {@code degraded}.
     * @return the open writer, positioned inside {@code metrics}.
     */
    public static EventWriter beginEngineHealth(final Producer producer, final CharSequence engineName, final CharSequence status)
    {
        return producer.claim(EventType.ENGINE_HEALTH).put("engine_name", engineName).put("status", status).beginObject("metrics");
    }

    /**
     * {@code decision_trace}: writes {@code strategy_name}, {@code symbol} and {@code decision} and opens the
     * {@code trace_data} object (reason, confidence, timeframe, close_price...) for the caller to fill.
     *
     * @param producer     the publishing producer.
     * @param strategyName the strategy's name.
     * @param symbol       the instrument.
     * @param decision     BUY, SELL, EXIT or HOLD.
     * @return the open writer, positioned inside {@code trace_data}.
     */
    public static EventWriter beginDecisionTrace(
        final Producer producer, final CharSequence strategyName, final CharSequence symbol, final CharSequence decision)
    {
        return producer.claim(EventType.DECISION_TRACE).put("strategy_name", strategyName).put("symbol", symbol)
            .put("decision", decision).beginObject("trace_data");
    }

    /**
     * {@code universe_scan}: writes {@code scan_type} and {@code universe_size} and opens the {@code summary}
     * object (exchange, instrument types, counts) for the caller to fill.
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
     * {@code performance_update}: opens the {@code metrics} object ({@code total_pnl}, {@code win_rate},
     * {@code sharpe_ratio}...) for the caller to fill.
     *
     * @param producer the publishing producer.
     * @return the open writer, positioned inside {@code metrics}.
     */
    public static EventWriter beginPerformanceUpdate(final Producer producer)
    {
        return producer.claim(EventType.PERFORMANCE_UPDATE).beginObject("metrics");
    }

    /**
     * {@code performance_update} with the three figures every monitor reads.
     *
     * @param producer    the publishing producer.
     * @param totalPnl    realised plus unrealised pnl.
     * @param winRate     winning closed trades over closed trades, 0 to 1.
     * @param sharpeRatio mean over standard deviation of the returns the publisher measures.
     * @return true if the event was accepted.
     */
    public static boolean performanceUpdate(
        final Producer producer, final double totalPnl, final double winRate, final double sharpeRatio)
    {
        try (EventWriter e = beginPerformanceUpdate(producer))
        {
            e.put("total_pnl", totalPnl).put("win_rate", winRate).put("sharpe_ratio", sharpeRatio);
            return e.isAccepted();
        }
    }

    /**
     * An event of any type whose payload is one value, published as {@code {"data": value}}.
     *
     * @param producer the publishing producer.
     * @param type     the event's type.
     * @param value    the value.
     * @return true if the event was accepted.
     */
    public static boolean data(final Producer producer, final EventType type, final CharSequence value)
    {
        try (EventWriter e = producer.claim(type))
        {
            e.put(DATA, value);
            return e.isAccepted();
        }
    }

    /**
     * An event of any type whose payload is one value, published as {@code {"data": value}}.
     *
     * @param producer the publishing producer.
     * @param type     the event's type.
     * @param value    the value.
     * @return true if the event was accepted.
     */
    public static boolean data(final Producer producer, final EventType type, final long value)
    {
        try (EventWriter e = producer.claim(type))
        {
            e.put(DATA, value);
            return e.isAccepted();
        }
    }

    /**
     * An event of any type whose payload is one value, published as {@code {"data": value}}; a value that is
     * not a finite number is written as {@code null}.
     *
     * @param producer the publishing producer.
     * @param type     the event's type.
     * @param value    the value.
     * @return true if the event was accepted.
     */
    public static boolean data(final Producer producer, final EventType type, final double value)
    {
        try (EventWriter e = producer.claim(type))
        {
            e.put(DATA, value);
            return e.isAccepted();
        }
    }

    /**
     * An event of any type whose payload is one value, published as {@code {"data": value}}.
     *
     * @param producer the publishing producer.
     * @param type     the event's type.
     * @param value    the value.
     * @return true if the event was accepted.
     */
    public static boolean data(final Producer producer, final EventType type, final boolean value)
    {
        try (EventWriter e = producer.claim(type))
        {
            e.put(DATA, value);
            return e.isAccepted();
        }
    }
}
