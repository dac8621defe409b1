package io.tickertape.transport;

import io.tickertape.bus.HistoryRing;

/**
 * Where a reader that holds an {@link EventId} goes on from, by the resume rule: no event is ever skipped without a
 * {@code gap} or {@code reset} saying so.
 * <ul>
 *   <li>same epoch (or a bare sequence), still held: continue right after it;</li>
 *   <li>same epoch, older than the oldest held: continue after it too, and the reader reports the {@code gap} from
 *       it to the oldest held (a {@link io.tickertape.bus.HistoryCursor} does so on its first poll);</li>
 *   <li>another epoch (an earlier run), a sequence ahead of the head (the client's view cannot be trusted), or one
 *       the bus skipped when it started after a crash ({@link HistoryRing#lostAtStart}: an event the crashed run
 *       may have sent and its journal never got, which no one can place; on a hub, its event is relayed again under
 *       a new id, and a {@code gap} would have the client see it twice): {@code reset}, then everything held from
 *       the oldest event of this run (for the last case, with a journal, from the journal when the history has let
 *       this run's first events go).</li>
 * </ul>
 *
 * @param afterSeq  the position to continue after.
 * @param reset     whether the reader must be told {@code reset} first.
 * @param fromEpoch the epoch the reader came from (for the {@code reset} frame).
 */
record Resume(long afterSeq, boolean reset, String fromEpoch)
{
    /**
     * Decide.
     *
     * @param id      the id the reader holds.
     * @param epoch   this run's epoch.
     * @param history this run's history.
     * @return where to go on from.
     */
    static Resume of(final EventId id, final String epoch, final HistoryRing history)
    {
        final String from = null == id.epoch() ? epoch : id.epoch();
        if (!epoch.equals(from) || id.seq() > history.head())
        {
            return new Resume(history.tail() - 1, true, from);
        }
        if (history.lostAtStart(id.seq()))
        {
            return new Resume(history.lostTo(), true, from); // every event of this run: from the journal if need be
        }
        return new Resume(id.seq(), false, from);
    }
}
