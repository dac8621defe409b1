package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a client that stayed on a server's address across a restart must have received: the old run's events, then the
 * new run's {@code connection} frame followed at once by a {@code reset} from the old epoch to the new, then the new
 * run's events; no gap, no event twice, no id of one run among the other's frames.
 */
final class AcrossRestart
{
    private AcrossRestart()
    {
    }

    /** Whether the frames hold the new run's {@code reset} and at least {@code events} of its events. */
    static boolean hasReset(final List<Frame> frames, final String to, final int events)
    {
        final List<Frame> stream = stream(frames);
        return stream.stream().anyMatch(f -> "reset".equals(f.type())) &&
            stream.stream().filter(f -> Frame.MESSAGE.equals(f.type()) && to.equals(f.epoch())).count() >= events;
    }

    /**
     * Assert the contract over everything a client dispatched.
     *
     * @param frames what the client dispatched, in order (state changes included; they are ignored).
     * @param from   the old run's epoch.
     * @param to     the new run's epoch.
     * @param before how many events the old run published (all seen by the client).
     * @param after  how many events the new run published.
     */
    static void assertContinued(final List<Frame> frames, final String from, final String to, final int before, final int after)
    {
        final List<Frame> stream = stream(frames);
        final String seen = stream.stream().map(f -> f.type() + " " + f.id()).collect(Collectors.joining(", "));
        assertThat(from).as("the runs' epochs").isNotEqualTo(to);
        assertThat(stream).as("gaps in " + seen).noneMatch(f -> "gap".equals(f.type()));

        final List<Integer> resets = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++)
        {
            if ("reset".equals(stream.get(i).type()))
            {
                resets.add(i);
            }
        }
        assertThat(resets).as("resets in " + seen).hasSize(1);
        final int reset = resets.get(0);
        assertThat(stream.get(reset).payload()).as("the reset").containsEntry("from_epoch", from).containsEntry("to_epoch", to);
        assertThat(reset).as("frames before the reset in " + seen).isPositive();
        final Frame connection = stream.get(reset - 1);
        assertThat(connection.type()).as("the frame before the reset in " + seen).isEqualTo("connection");
        assertThat(connection.payload()).as("the new run's connection frame").containsEntry("epoch", to);

        // Every frame but the reset (which has no id of its own) names its run: the old one up to the new run's
        // connection frame, the new one from there on.
        for (int i = 0; i < stream.size(); i++)
        {
            if (i != reset)
            {
                assertThat(stream.get(i).epoch()).as("the epoch of frame %d in %s", i, seen).isEqualTo(i < reset - 1 ? from : to);
            }
        }
        assertEvents(stream.subList(0, reset), from, before, seen);
        assertEvents(stream.subList(reset + 1, stream.size()), to, after, seen);
    }

    /** Exactly the run's events 1..count, in order, each once, each id naming its own event. */
    private static void assertEvents(final List<Frame> frames, final String epoch, final int count, final String seen)
    {
        final List<String> expected = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++)
        {
            expected.add(epoch + "-" + seq);
        }
        final List<Frame> events = frames.stream().filter(f -> Frame.MESSAGE.equals(f.type())).toList();
        assertThat(events).extracting(Frame::id).as("the events of run " + epoch + " in " + seen).containsExactlyElementsOf(expected);
        for (final Frame event : events)
        {
            assertThat(event.json()).as(event.data()).containsEntry("seq", event.seq()).containsEntry("type", "order_event");
        }
    }

    private static List<Frame> stream(final List<Frame> frames)
    {
        return frames.stream().filter(Frame::isStreamFrame).toList();
    }
}
