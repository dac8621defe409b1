package io.tickertape.engines.strategy;

import java.util.List;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventPoller;
import io.tickertape.bus.EventWriter;
import io.tickertape.bus.Events;
import io.tickertape.bus.Producer;
import io.tickertape.engines.Action;
import io.tickertape.engines.ClosedTrade;
import io.tickertape.engines.Handoff;
import io.tickertape.engines.Signal;
import io.tickertape.engines.TradingOptions;
import io.tickertape.engines.market.Candle;
import io.tickertape.engines.universe.Instrument;
import io.tickertape.engines.universe.Universe;
import org.agrona.concurrent.Agent;

/**
 * Runs the three strategies (momentum, mean reversion, breakout) over every completed candle of its feed.
 * <p>
 * Each candle updates the instrument's {@link Indicators}. Backfill candles stop there; a live candle is an
 * evaluation: an {@code indicator_event}, then for each strategy a {@code decision_trace}, and for a BUY, SELL
 * or EXIT a {@code signal_event} and a {@link Signal} handed to the execution engine. Trades the execution engine
 * closes come back as {@link ClosedTrade}s and make the strategies' wins and losses, reported in
 * {@code engine_health} at start and every health interval.
 * <p>
 * A candle is taken only when the signal handoff has room for a signal from every strategy, so signals are never
 * lost; when execution is behind, candles wait in their feed, and the market data engine waits for them.
 */
public final class StrategyEngine implements Agent
{
    /** The number of strategies. */
    static final int STRATEGY_COUNT = 3;
    /** The name of the engine, in its health events. */
    static final String ENGINE_NAME = "strategy_engine";

    private static final int MAX_CANDLES_PER_CYCLE = 256;
    private static final String WARMING_UP = "warming up: not enough candles for indicators";
    private static final String[] POSITION_NAMES = {"SHORT", "FLAT", "LONG"};

    private final Producer producer;
    private final TradingOptions options;
    private final LongSupplier nanoClock;
    private final Handoff<Candle> candles;
    private final Handoff<Signal> signals;
    private final Handoff<ClosedTrade> closedTrades;
    private final LongSupplier errorCount;
    private final EventPoller.Handler<Candle> onCandle = this::onCandle;
    private final EventPoller.Handler<ClosedTrade> onClosedTrade = this::onClosedTrade;
    private final Strategy[] strategies = {new MomentumStrategy(), new MeanReversionStrategy(), new BreakoutStrategy()};
    private final String[] names = new String[STRATEGY_COUNT];
    private final StrategyStats[] stats = new StrategyStats[STRATEGY_COUNT];
    private final String[] symbols;
    private final Indicators[] indicators;
    private final int[][] positions;
    private final Decision decision = new Decision();
    private int signalRoom;
    private int candlesThisCycle;
    private long evaluations;
    private long errorsAtLastHealth;
    private long nextHealthNanos;

    /**
     * The engine, not yet started.
     *
     * @param producer     this engine's producer; used only on the engine's thread.
     * @param universe     the instruments the candles' indexes refer to.
     * @param options      the health interval.
     * @param nanoClock    monotonic time for health.
     * @param candles      completed candles from the market data engine.
     * @param signals      where signals go to the execution engine.
     * @param closedTrades closed trades coming back from the execution engine.
     * @param errorCount   this engine's errors so far, reported in health; read on this thread.
     */
    public StrategyEngine(
        final Producer producer, final Universe universe, final TradingOptions options, final LongSupplier nanoClock,
        final Handoff<Candle> candles, final Handoff<Signal> signals, final Handoff<ClosedTrade> closedTrades,
        final LongSupplier errorCount)
    {
        this.producer = producer;
        this.options = options;
        this.nanoClock = nanoClock;
        this.candles = candles;
        this.signals = signals;
        this.closedTrades = closedTrades;
        this.errorCount = errorCount;
        for (int s = 0; s < STRATEGY_COUNT; s++)
        {
            names[s] = strategies[s].name();
            stats[s] = new StrategyStats();
        }
        final List<Instrument> tradable = universe.tradable();
        symbols = new String[tradable.size()];
        indicators = new Indicators[tradable.size()];
        for (int i = 0; i < symbols.length; i++)
        {
            symbols[i] = tradable.get(i).symbol();
            indicators[i] = new Indicators();
        }
        positions = new int[STRATEGY_COUNT][symbols.length];
    }

    /**
     * The strategies' names, in the order of the strategy indexes of {@link Signal} and {@link ClosedTrade}.
     *
     * @return the names.
     */
    public static String[] strategyNames()
    {
        return new String[] {MomentumStrategy.NAME, MeanReversionStrategy.NAME, BreakoutStrategy.NAME};
    }

    @Override
    public String roleName()
    {
        return producer.name();
    }

    @Override
    public void onStart()
    {
        final long now = nanoClock.getAsLong();
        publishHealth();
        nextHealthNanos = now + options.strategyHealthInterval().toNanos();
    }

    @Override
    public int doWork()
    {
        int work = closedTrades.poll(onClosedTrade);
        signalRoom = signals.freeCapacity();
        candlesThisCycle = 0;
        if (signalRoom >= STRATEGY_COUNT)
        {
            work += candles.poll(onCandle);
        }
        final long now = nanoClock.getAsLong();
        if (now - nextHealthNanos >= 0)
        {
            publishHealth();
            nextHealthNanos = now + options.strategyHealthInterval().toNanos();
            work++;
        }
        return work;
    }

    private boolean onClosedTrade(final ClosedTrade trade, final long sequence, final boolean endOfBatch)
    {
        stats[trade.strategy()].onClosedTrade(trade.pnl());
        return true;
    }

    /** Take a candle, and answer whether there is room for the next one's signals (and cycle time for it). */
    private boolean onCandle(final Candle candle, final long sequence, final boolean endOfBatch)
    {
        signalRoom -= evaluate(candle);
        return ++candlesThisCycle < MAX_CANDLES_PER_CYCLE && signalRoom >= STRATEGY_COUNT;
    }

    /** Update indicators and, for a live candle, evaluate every strategy. Returns the signals handed on. */
    private int evaluate(final Candle candle)
    {
        final int i = candle.instrument();
        final Indicators in = indicators[i];
        in.update(candle.high(), candle.low(), candle.close());
        if (candle.isBackfill())
        {
            return 0;
        }
        evaluations++;
        final String symbol = symbols[i];
        final String timeframe = candle.timeframe().label();
        try (EventWriter e = Events.beginIndicator(producer, symbol, timeframe))
        {
            e.put("rsi", round(in.rsi()))
                .put("ema_20", round(in.ema20()))
                .put("ema_50", round(in.ema50()))
                .put("atr", round(in.atr()))
                .put("close", in.close());
        }
        final boolean ready = in.isReady();
        int handedOn = 0;
        for (int s = 0; s < STRATEGY_COUNT; s++)
        {
            final int position = positions[s][i];
            if (ready)
            {
                strategies[s].decide(in, position, decision);
            }
            else
            {
                decision.set(Action.HOLD, 0, WARMING_UP);
            }
            final Action action = decision.action;
            try (EventWriter e = Events.beginDecisionTrace(producer, names[s], symbol, action.label()))
            {
                e.put("reason", decision.reason)
                    .put("confidence", decision.confidence)
                    .put("timeframe", timeframe)
                    .put("close_price", in.close())
                    .put("position", POSITION_NAMES[position + 1]);
            }
            if (action.isSignal())
            {
                try (EventWriter e = Events.beginSignal(producer, symbol, names[s], action.label()))
                {
                    e.put("confidence", decision.confidence)
                        .put("reason", decision.reason)
                        .put("timeframe", timeframe)
                        .put("price", in.close());
                }
                handOn(s, i, action, in.close(), decision.confidence);
                handedOn++;
                stats[s].onSignal(decision.confidence);
                final int next = action == Action.BUY ? 1 : action == Action.SELL ? -1 : 0;
                stats[s].onPositionChange(Math.abs(next) - Math.abs(position));
                positions[s][i] = next;
            }
        }
        return handedOn;
    }

    private void handOn(final int strategy, final int instrument, final Action action, final double price, final double confidence)
    {
        final Signal signal = signals.claim();
        if (null != signal) // always: a candle is taken only when there is room for a signal per strategy
        {
            signal.set(strategy, instrument, action, price, confidence);
            signals.publish();
        }
    }

    private void publishHealth()
    {
        final long errorCount = this.errorCount.getAsLong();
        final String status = errorCount > errorsAtLastHealth ? "degraded" : "active";
        errorsAtLastHealth = errorCount;
        try (EventWriter e = Events.beginEngineHealth(producer, ENGINE_NAME, status))
        {
            StrategyHealth.write(e, names, stats, evaluations, errorCount);
        }
    }

    private static double round(final double value)
    {
        return Math.rint(value * 100) / 100;
    }

    /** @return every strategy's stats, for tests on this thread. */
    StrategyStats[] stats()
    {
        return stats;
    }

    /** @return live candles evaluated so far; read on the engine's thread. */
    public long evaluations()
    {
        return evaluations;
    }
}
