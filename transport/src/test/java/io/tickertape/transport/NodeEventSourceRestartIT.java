package io.tickertape.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The npm {@code eventsource} client, left to itself, across a server restart on the same port: it reconnects with
 * its Last-Event-ID, gets {@code reset} from the old run's epoch to the new one before any of the new run's events,
 * then all of them, and no event twice.
 */
class NodeEventSourceRestartIT
{
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int BEFORE = 5;
    private static final int HELD = 5;
    private static final int LIVE = 5;

    @Test
    void shouldReceiveResetThenTheNewRunAcrossARestart() throws Exception
    {
        NodeEventSource.requireOrSkip();
        try (RestartingServer server = new RestartingServer(Set.of()))
        {
            final String first = server.start();
            try (NodeEventSource client = new NodeEventSource(server.url("/api/telemetry/stream")))
            {
                await().atMost(DEADLINE).failFast("the node client exited", client::exited)
                    .until(() -> client.frames().stream().anyMatch(f -> "connection".equals(f.type())));
                server.publish(BEFORE);
                await().atMost(DEADLINE).failFast("the node client exited", client::exited)
                    .until(() -> client.frames().stream().filter(f -> Frame.MESSAGE.equals(f.type())).count() == BEFORE);

                server.stop();
                await().atMost(DEADLINE).failFast("the node client exited", client::exited)
                    .until(() -> client.frames().stream().anyMatch(f -> "error".equals(f.type())));
                final String second = server.start();
                // Published at once, so most likely before the client is back (it waits the stream's retry, 1 s): held events.
                server.publish(HELD);
                await().atMost(DEADLINE).failFast("the node client exited", client::exited)
                    .until(() -> AcrossRestart.hasReset(client.frames(), second, HELD));
                // Published while it follows the new run.
                server.publish(LIVE);
                await().atMost(DEADLINE).failFast("the node client exited", client::exited)
                    .until(() -> AcrossRestart.hasReset(client.frames(), second, HELD + LIVE));

                AcrossRestart.assertContinued(client.frames(), first, second, BEFORE, HELD + LIVE);
                assertThat(client.frames()).extracting(Frame::type).as("state changes").containsSubsequence("open", "error", "open");
            }
        }
    }
}
