package io.tickertape.engines.execution;

import java.util.List;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventPoller;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.engines.Action;
import io.tickertape.engines.ClosedTrade;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.PriceBoard;
import io.tickertape.engines.Signal;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.universe.Instrument;
import io.tickertape.engines.universe.Universe;
import org.agrona.concurrent.Agent;

/**
 * The paper broker: turns signals into orders, fills them against a simulated market, keeps positions and the
 * account's performance.
 * <p>
 * BUY and SELL signals become limit entries sized at a fixed share of capital (whole lots); EXIT signals become
 * market orders closing the strategy's own position (an EXIT for a strategy with nothing open, because its entry
 * was rejected, makes no order). Every order publishes {@code order_event} {@code new} first, then either
 * {@code rejected} with a reason ({@code Insufficient margin} when the entry's margin exceeds what is free,
 * {@code Not marketable} when the market has moved past its limit on arrival) or {@code filled}, possibly after a
 * {@code partially_filled} whose remainder fills on the next duty cycle, before any later signal. Every fill
 * changes a position and publishes {@code position_event}; a strategy's position that returns to flat is a
 * closed trade, handed back to the strategy engine. {@code performance_update} goes out at start and every
 * performance interval.
 * <p>
 * What happens to an order depends only on the signals and the seed, never on timing; only the unrealised pnl
 * in {@code performance_update} reads live prices.
 */
public final class ExecutionEngine implements Agent
{
    static final String INSUFFICIENT_MARGIN = "Insufficient margin";
    static final String NOT_MARKETABLE = "Not marketable";
    /** Share of capital an entry order is sized at. */
    static final double ORDER_NOTIONAL_FRACTION = 0.02;

    private static final int MAX_SIGNALS_PER_CYCLE = 256;
    private static final String BUY = "BUY";
    private static final String SELL = "SELL";
    private static final String LIMIT = "LIMIT";
    private static final String MARKET = "MARKET";
    private static final String NEW = "new";
    private static final String FILLED = "filled";
    private static final String PARTIALLY_FILLED = "partially_filled";
    private static final String REJECTED = "rejected";

    private final Producer producer;
    private final TradingOptions options;
    private final LongSupplier nanoClock;
    private final Handoff<Signal> signals;
    private final Handoff<ClosedTrade> closedTrades;
    private final EventPoller.Handler<Signal> onSignal = this::onSignal;
    private final PriceBoard marks;
    private final String[] strategyNames;
    private final String[] symbols;
    private final int[] lotSizes;
    private final double[] marginRates;
    private final PositionBook book;
    private final FillModel fillModel;
    private final OrderIds orderIds = new OrderIds();
    private int signalsThisCycle;

    private boolean pending;
    private final StringBuilder pendingId = new StringBuilder(32);
    private int pendingStrategy;
    private int pendingInstrument;
    private boolean pendingBuy;
    private boolean pendingLimit;
    private long pendingQuantity;
    private long pendingFilled;
    private double pendingAverage;
    private double pendingPrice;
    private double pendingReference;

    private long orders;
    private long fills;
    private long rejections;
    private long exitsWithoutPosition;
    private long trades;
    private long wins;
    private final TradeStatistics tradePnls = new TradeStatistics();
    private double peakEquity;
    private double maxDrawdown;
    private long nextPerformanceNanos;

    /**
     * The engine, not yet started.
     *
     * @param producer      this engine's producer; used only on the engine's thread.
     * @param universe      the instruments the signals' indexes refer to.
     * @param options       seed, capital, performance interval.
     * @param nanoClock     monotonic time for performance updates.
     * @param signals       signals from the strategy engine.
     * @param closedTrades  where closed trades go back to the strategy engine.
     * @param marks         last prices, for unrealised pnl.
     * @param strategyNames the strategies' names by index.
     */
    public ExecutionEngine(
        final Producer producer, final Universe universe, final TradingOptions options, final LongSupplier nanoClock,
        final Handoff<Signal> signals, final Handoff<ClosedTrade> closedTrades, final PriceBoard marks,
        final String[] strategyNames)
    {
        this.producer = producer;
        this.options = options;
        this.nanoClock = nanoClock;
        this.signals = signals;
        this.closedTrades = closedTrades;
        this.marks = marks;
        this.strategyNames = strategyNames.clone();
        final List<Instrument> tradable = universe.tradable();
        symbols = new String[tradable.size()];
        lotSizes = new int[tradable.size()];
        marginRates = new double[tradable.size()];
        for (int i = 0; i < symbols.length; i++)
        {
            final Instrument instrument = tradable.get(i);
            symbols[i] = instrument.symbol();
            lotSizes[i] = instrument.lotSize();
            marginRates[i] = instrument.type().marginRate();
        }
        book = new PositionBook(strategyNames.length, marginRates);
        fillModel = new FillModel(options.seed() * 31 + 7);
        peakEquity = options.capital();
    }

    @Override
    public String roleName()
    {
        return producer.name();
    }

    @Override
    public void onStart()
    {
        publishPerformance();
        nextPerformanceNanos = nanoClock.getAsLong() + options.performanceInterval().toNanos();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (pending && closedTrades.freeCapacity() >= 1)
        {
            completePending();
            work++;
        }
        signalsThisCycle = 0;
        if (hasRoomForClosedTrades())
        {
            work += signals.poll(onSignal);
        }
        final long now = nanoClock.getAsLong();
        if (now - nextPerformanceNanos >= 0)
        {
            publishPerformance();
            nextPerformanceNanos = now + options.performanceInterval().toNanos();
            work++;
        }
        return work;
    }

    /** Handling a signal closes at most two trades (a pending remainder and the signal's own fill). */
    private boolean hasRoomForClosedTrades()
    {
        return closedTrades.freeCapacity() >= 2;
    }

    /** Take a signal, and answer whether to take the next one. */
    private boolean onSignal(final Signal signal, final long sequence, final boolean endOfBatch)
    {
        if (pending)
        {
            completePending();
        }
        placeOrder(signal);
        return ++signalsThisCycle < MAX_SIGNALS_PER_CYCLE && hasRoomForClosedTrades();
    }

    private void placeOrder(final Signal signal)
    {
        final int strategy = signal.strategy();
        final int i = signal.instrument();
        final boolean exit = signal.action() == Action.EXIT;
        final boolean buy;
        final long quantity;
        final double price;
        if (exit)
        {
            final long lot = book.lotQuantity(strategy, i);
            if (lot == 0)
            {
                exitsWithoutPosition++;
                return;
            }
            buy = lot < 0;
            quantity = Math.abs(lot);
            price = signal.price();
        }
        else if (signal.action() == Action.BUY || signal.action() == Action.SELL)
        {
            buy = signal.action() == Action.BUY;
            quantity = size(i, signal.price());
            price = FillModel.limit(buy, signal.price());
        }
        else
        {
            return;
        }
        final String type = exit ? MARKET : LIMIT;
        final CharSequence id = orderIds.next();
        orders++;
        try (EventWriter e = order(id, strategy, i, buy, NEW, quantity, price, type))
        {
            e.put("filled_qty", 0).put("remaining_qty", quantity);
        }

        if (!exit)
        {
            final double required = quantity * price * marginRates[i];
            final double available = options.capital() + book.realized() - book.usedMargin();
            if (required > available)
            {
                rejections++;
                try (EventWriter e = order(id, strategy, i, buy, REJECTED, quantity, price, type))
                {
                    e.put("reason", INSUFFICIENT_MARGIN).put("margin_required", money(required))
                        .put("margin_available", money(available));
                }
                return;
            }
        }
        final double arrival = fillModel.arrival(signal.price());
        if (!exit && (buy ? arrival > price : arrival < price))
        {
            rejections++;
            try (EventWriter e = order(id, strategy, i, buy, REJECTED, quantity, price, type))
            {
                e.put("reason", NOT_MARKETABLE).put("market_price", arrival);
            }
            return;
        }

        final long first = fillModel.partial(quantity, lotSizes[i]);
        final long filled = first > 0 ? first : quantity;
        fill(strategy, i, buy, filled, arrival);
        try (EventWriter e = order(id, strategy, i, buy, first > 0 ? PARTIALLY_FILLED : FILLED, quantity, price, type))
        {
            e.put("filled_qty", filled).put("remaining_qty", quantity - filled)
                .put("fill_qty", filled).put("fill_price", arrival).put("avg_fill_price", arrival);
        }
        publishPosition(i, arrival);
        if (first > 0)
        {
            pending = true;
            pendingId.setLength(0);
            pendingId.append(id);
            pendingStrategy = strategy;
            pendingInstrument = i;
            pendingBuy = buy;
            pendingLimit = !exit;
            pendingQuantity = quantity;
            pendingFilled = filled;
            pendingAverage = arrival;
            pendingPrice = price;
            pendingReference = signal.price();
        }
    }

    /** Fill the rest of a partially filled order, within its limit. */
    private void completePending()
    {
        pending = false;
        double fillPrice = fillModel.arrival(pendingReference);
        if (pendingLimit)
        {
            fillPrice = pendingBuy ? Math.min(fillPrice, pendingPrice) : Math.max(fillPrice, pendingPrice);
        }
        final long rest = pendingQuantity - pendingFilled;
        final double average = (pendingAverage * pendingFilled + fillPrice * rest) / pendingQuantity;
        fill(pendingStrategy, pendingInstrument, pendingBuy, rest, fillPrice);
        try (EventWriter e = order(
            pendingId, pendingStrategy, pendingInstrument, pendingBuy, FILLED, pendingQuantity, pendingPrice, pendingLimit ? LIMIT : MARKET))
        {
            e.put("filled_qty", pendingQuantity).put("remaining_qty", 0)
                .put("fill_qty", rest).put("fill_price", fillPrice).put("avg_fill_price", money(average));
        }
        publishPosition(pendingInstrument, fillPrice);
    }

    private EventWriter order(
        final CharSequence id, final int strategy, final int instrument, final boolean buy, final String status,
        final long quantity, final double price, final String type)
    {
        return Events.beginOrder(producer, id, symbols[instrument], buy ? BUY : SELL, status, quantity, price)
            .put("strategy", strategyNames[strategy]).put("order_type", type);
    }

    private void fill(final int strategy, final int instrument, final boolean buy, final long quantity, final double price)
    {
        fills++;
        final double tradePnl = book.fill(strategy, instrument, buy ? quantity : -quantity, price);
        if (!Double.isNaN(tradePnl))
        {
            trades++;
            if (tradePnl > 0)
            {
                wins++;
            }
            tradePnls.add(tradePnl);
            final ClosedTrade trade = closedTrades.claim();
            if (null != trade) // always: a signal is taken only when there is room for its closed trades
            {
                trade.set(strategy, instrument, tradePnl);
                closedTrades.publish();
            }
        }
    }

    private void publishPosition(final int instrument, final double price)
    {
        final long quantity = book.netQuantity(instrument);
        final double average = book.netAverage(instrument);
        Events.position(producer, symbols[instrument], quantity, money(average), money(book.netRealized(instrument)),
            money(quantity * (price - average)));
    }

    private void publishPerformance()
    {
        final double realized = book.realized();
        final double unrealized = book.unrealized(marks);
        final double equity = options.capital() + realized + unrealized;
        peakEquity = Math.max(peakEquity, equity);
        maxDrawdown = Math.max(maxDrawdown, (peakEquity - equity) / peakEquity);
        try (EventWriter e = Events.beginPerformanceUpdate(producer))
        {
            e.put("total_pnl", money(realized + unrealized))
                .put("win_rate", trades == 0 ? 0 : Math.rint(10_000.0 * wins / trades) / 10_000)
                .put("sharpe_ratio", Math.rint(tradePnls.sharpeRatio() * 10_000) / 10_000)
                .put("realized_pnl", money(realized))
                .put("unrealized_pnl", money(unrealized))
                .put("equity", money(equity))
                .put("max_drawdown", Math.rint(maxDrawdown * 1e6) / 1e6)
                .put("trades", trades);
        }
    }

    /** Whole lots worth about {@link #ORDER_NOTIONAL_FRACTION} of capital; at least one lot. */
    private long size(final int instrument, final double price)
    {
        final int lot = lotSizes[instrument];
        final long lots = (long)Math.floor(options.capital() * ORDER_NOTIONAL_FRACTION / (price * lot));
        return Math.max(1, lots) * lot;
    }

    /** Rupees to the paisa; a zero is never written as -0.0. */
    private static double money(final double value)
    {
        return Math.rint(value * 100) / 100 + 0.0;
    }

    PositionBook book()
    {
        return book;
    }

    /** @return orders made so far; read on the engine's thread. */
    public long orders()
    {
        return orders;
    }

    long fills()
    {
        return fills;
    }

    long rejections()
    {
        return rejections;
    }

    long exitsWithoutPosition()
    {
        return exitsWithoutPosition;
    }

    long trades()
    {
        return trades;
    }

    long wins()
    {
        return wins;
    }
}
