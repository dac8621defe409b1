package io.tickertape.transport;

import io.netty.channel.ChannelHandlerContext;
import io.tickertape.bus.EventFilter;
import io.tickertape.bus.HistoryCursor;
import io.tickertape.bus.HistoryRing;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Where a new subscription (an SSE stream, a WebSocket's subscribe or resume) starts: after a position, or by the
 * resume rule ({@link Resume}) from an id the client holds; a position older than the history, with a journal, is
 * replayed from the journal before going live. Decided once, before the {@code connection} message that says it.
 */
final class StreamStart
{
    private final HistoryRing history;
    private final EventFilter filter;
    private final JournalReaders journal;
    private final Resume resume;
    private final boolean replay;
    private final long afterSeq;
    private final long head;
    private final HistoryCursor cursor;

    private StreamStart(
        final HistoryRing history, final EventFilter filter, final JournalReaders journal, final Resume resume, final long afterSeq)
    {
        this.history = history;
        this.filter = filter;
        this.journal = journal;
        this.resume = resume;
        this.head = history.head();
        // A reset goes on after the oldest held (nothing to replay), or after the sequences skipped at start, this
        // run's events from the journal when the history no longer holds them.
        this.replay = null != resume && null != journal && resume.afterSeq() < history.tail() - 1;
        this.afterSeq = null != resume ? resume.afterSeq() : afterSeq;
        this.cursor = replay ? null : afterSeq < 0 && null == resume ? history.cursorAtHead(filter) : history.cursorAfter(this.afterSeq, filter);
    }

    /**
     * Decide where to start.
     *
     * @param history    the history.
     * @param epoch      this run's epoch.
     * @param journal    the journal's readers, or null without a journal.
     * @param filter     what the subscription follows.
     * @param resumeFrom the id the client resumes from, or null.
     * @param afterSeq   without an id: the position to go on from, or negative for the head.
     * @return the start.
     */
    static StreamStart of(
        final HistoryRing history, final String epoch, final JournalReaders journal, final EventFilter filter, final EventId resumeFrom,
        final long afterSeq)
    {
        return new StreamStart(history, filter, journal, null == resumeFrom ? null : Resume.of(resumeFrom, epoch, history), afterSeq);
    }

    /** @return the resume decision, or null without an id. */
    Resume resume()
    {
        return resume;
    }

    /** @return whether the client must be told {@code reset} first (its id is of another run, or ahead of the head). */
    boolean reset()
    {
        return null != resume && resume.reset();
    }

    /** @return the history's head when this was decided. */
    long head()
    {
        return head;
    }

    /** @return the sequence the subscription starts after, as its {@code connection} message says. */
    long startsAfter()
    {
        return replay ? afterSeq : cursor.passedSeq();
    }

    /**
     * The subscriber that follows from here (a journal replay counted as one).
     *
     * @return the subscriber, not yet added to the fan-out.
     */
    SseSubscriber subscriber(
        final ChannelHandlerContext ctx, final EpochNanoClock clock, final TransportCounters counters, final StreamFraming framing)
    {
        final String remote = String.valueOf(ctx.channel().remoteAddress());
        if (replay)
        {
            counters.increment(TransportCounter.JOURNAL_REPLAYS);
            return SseSubscriber.replaying(ctx, history, filter, journal, afterSeq, remote, clock, counters, framing);
        }
        return new SseSubscriber(ctx, cursor, remote, clock, counters, framing);
    }
}
