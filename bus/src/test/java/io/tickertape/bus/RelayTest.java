package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static io.tickertape.bus.Buses.newest;
import static io.tickertape.bus.Buses.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tickertape.testkit.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayTest
{
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(1000).errorHandler(errors::add));

    @AfterEach
    void close()
    {
        bus.close();
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldWriteTheOriginAndKeepTheOriginalTimestamp()
    {
        final Producer relay = bus.relay(new Origin("alpha", "execution", "m3x0k2"), 64);
        final long published = 1_764_000_000_123_456_000L;
        try (EventWriter e = relay.claimRelayed(EventType.ORDER, published, 10_431))
        {
            e.put("order_id", "PAPER-0001").put("symbol", "NIFTY").put("status", "filled").put("qty", 50);
        }
        awaitCollected(bus, 1);

        final Map<String, Object> event = newest(bus, TypeFilter.ALL, 1).get(0);
        assertThat(event.keySet()).containsExactly("seq", "type", "timestamp", "source", "origin", "payload");
        assertThat(event).containsEntry("seq", 1L).containsEntry("source", "execution")
            .containsEntry("timestamp", "2025-11-24T16:00:00.123456Z");
        assertThat(event.get("origin")).isEqualTo(Map.of("host", "alpha", "epoch", "m3x0k2", "seq", 10_431L));
        assertThat(payload(event)).containsExactly(
            entry("order_id", "PAPER-0001"), entry("symbol", "NIFTY"), entry("status", "filled"), entry("qty", 50L));
        assertThat(relay.name()).isEqualTo("alpha/execution/m3x0k2");
        assertThat(relay.origin().host()).isEqualTo("alpha");
    }

    @Test
    void shouldLetAProducerGoOnlyOnceEverythingItPublishedIsCollected()
    {
        final Origin origin = new Origin("alpha", "execution", "e1");
        final Producer relay = bus.relay(origin, 64);
        for (int i = 1; i <= 3; i++)
        {
            try (EventWriter e = relay.claimRelayed(EventType.ORDER, 1_000_000_000L * i, i))
            {
                e.put("n", i);
            }
        }
        final EventWriter open = relay.claimRelayed(EventType.ORDER, 4_000_000_000L, 4);
        assertThat(bus.remove(relay)).as("an event is open").isFalse();
        open.put("n", 4).close();
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.remove(relay));
        assertThat(bus.history().head()).as("everything it published was collected before it went").isEqualTo(4);

        final BusStats stats = bus.stats();
        assertThat(stats.producers()).extracting(ProducerStats::name).doesNotContain("alpha/execution/e1");
        assertThat(stats.published()).as("its figures stay in the bus's totals").isEqualTo(4);
        try (EventWriter e = relay.claimRelayed(EventType.ORDER, 5_000_000_000L, 5))
        {
            assertThat(e.isAccepted()).as("a claim after it went").isFalse();
        }
        assertThat(bus.remove(relay)).as("removing it again").isTrue();

        final Producer again = bus.relay(origin, 64); // its name is free again
        try (EventWriter e = again.claimRelayed(EventType.ORDER, 6_000_000_000L, 6))
        {
            e.put("n", 6);
        }
        awaitCollected(bus, 5);
        assertThat(bus.stats().published()).isEqualTo(5);
    }

    @Test
    void shouldFilterRelayedEventsByTheOriginsSourceAndKeys()
    {
        final Producer alpha = bus.relay(new Origin("alpha", "execution", "e1"), 64);
        final Producer beta = bus.relay(new Origin("beta", "strategy", "e2"), 64);
        for (int i = 0; i < 3; i++)
        {
            try (EventWriter e = alpha.claimRelayed(EventType.ORDER, 1_000_000_000L * (i + 1), i + 1))
            {
                e.put("symbol", "NIFTY").put("status", "new");
            }
            try (EventWriter e = beta.claimRelayed(EventType.SIGNAL, 1_000_000_000L * (i + 1), 100 + i))
            {
                e.put("symbol", "BANKNIFTY").put("strategy", "rsi");
            }
        }
        awaitCollected(bus, 6);

        final List<String> sources = new ArrayList<>();
        bus.history().newest(bus.history().filter(TypeFilter.ALL, null, null, Set.of("strategy")), 10,
            new HistoryRecord(bus.history()), r ->
            {
                final Map<String, Object> event = Json.object(r.json());
                sources.add(event.get("source") + "@" + ((Map<?, ?>)event.get("origin")).get("seq"));
                return true;
            });
        assertThat(sources).containsExactlyInAnyOrder("strategy@100", "strategy@101", "strategy@102");
    }

    @Test
    void shouldEncodeTheLargestOriginSequenceBesideAFullPayload()
    {
        final Producer relay = bus.relay(new Origin("h", "s", "e"), 16);
        final String filler = "x".repeat(bus.context().slotCapacity());
        try (EventWriter e = relay.claimRelayed(EventType.ORDER, 0, Long.MAX_VALUE))
        {
            e.put("note", filler); // cut at a value boundary: it must not reach the origin's sequence
        }
        awaitCollected(bus, 1);

        final Map<String, Object> event = newest(bus, TypeFilter.ALL, 1).get(0);
        assertThat(((Map<?, ?>)event.get("origin")).get("seq")).isEqualTo(Long.MAX_VALUE);
        assertThat(event).containsEntry("truncated", true);
    }

    @Test
    void shouldRefuseARelayedClaimOnAnOrdinaryProducerAndADuplicateRelay()
    {
        final Producer ordinary = bus.producer("execution", 16);
        assertThatThrownBy(() -> ordinary.claimRelayed(EventType.ORDER, 0, 1))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a relay");
        assertThat(ordinary.published()).isZero();
        assertThat(ordinary.dropped()).isZero();

        bus.relay(new Origin("alpha", "execution", "e1"), 16);
        assertThatThrownBy(() -> bus.relay(new Origin("alpha", "execution", "e1"), 16))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> new Origin("al\"pha", "execution", "e1"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void shouldFilterByTheOriginsHostOnlyWhereTheEnvelopeCarriesIt()
    {
        final Producer alpha = bus.relay(new Origin("alpha", "execution", "e1"), 64);
        final Producer beta = bus.relay(new Origin("beta", "execution", "e2"), 64);
        final Producer local = bus.producer("execution", 64);
        for (int i = 0; i < 3; i++)
        {
            try (EventWriter e = alpha.claimRelayed(EventType.ORDER, 1_000_000_000L * (i + 1), i + 1))
            {
                e.put("symbol", "NIFTY");
            }
            try (EventWriter e = beta.claimRelayed(EventType.ORDER, 1_000_000_000L * (i + 1), 100 + i))
            {
                e.put("symbol", "NIFTY");
            }
        }
        // Not relayed, but its payload holds what an origin looks like: it has no host.
        try (EventWriter e = local.claim(EventType.ORDER))
        {
            e.beginObject("origin").put("host", "alpha").end().put("symbol", "NIFTY");
        }
        awaitCollected(bus, 7);

        assertThat(originSeqs(bus.history().filter(TypeFilter.ALL, null, null, null, Set.of("alpha")))).containsExactly(1L, 2L, 3L);
        assertThat(originSeqs(bus.history().filter(TypeFilter.ALL, Set.of("NIFTY"), null, null, Set.of("beta", "gamma"))))
            .containsExactly(100L, 101L, 102L);
        assertThat(originSeqs(bus.history().filter(TypeFilter.ALL, null, null, null, Set.of("gamma")))).isEmpty();
        assertThat(bus.history().filter(TypeFilter.ALL, null, null, null, Set.of("alpha")).toString()).endsWith("host=alpha");
        assertThatThrownBy(() -> bus.history().filter(TypeFilter.ALL, null, null, null, List.of("alpha", "")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host has an empty value");
    }

    private List<Long> originSeqs(final EventFilter filter)
    {
        final List<Long> seqs = new ArrayList<>();
        bus.history().after(0, filter, 100, new HistoryRecord(bus.history()), r ->
        {
            final Map<String, Object> event = Json.object(r.json());
            seqs.add((Long)((Map<?, ?>)event.get("origin")).get("seq"));
            return true;
        });
        return seqs;
    }
}
