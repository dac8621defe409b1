package io.tickertape.bus;

import java.util.Objects;

/**
 * Where a relayed event was first published: the host it came from, the producer that published it there (its
 * {@code source}), and the epoch of that host's bus. A relaying bus (a hub gathering the events of many hosts)
 * writes it into each event it relays, after the event's own {@code source}:
 * <pre>
 * {"seq":7,"type":"order_event","timestamp":"...","source":"execution",
 *  "origin":{"host":"alpha","epoch":"m3x0k2-4f1a","seq":10431},"payload":{...}}
 * </pre>
 * The origin's {@code seq} is the event's sequence on the host's bus, given per event to
 * {@link Producer#claimRelayed(EventType, long, long)}.
 *
 * @param host   the host's name: 1 to 64 characters from {@code [A-Za-z0-9_.:-]}.
 * @param source the producer's name on that host, same characters.
 * @param epoch  the host bus's epoch, same characters.
 */
public record Origin(String host, String source, String epoch)
{
    /**
     * Validates the three names.
     *
     * @throws IllegalArgumentException if a name is empty, too long, or has a character outside the set.
     */
    public Origin
    {
        EventType.validateName(Objects.requireNonNull(host, "host"), "host");
        EventType.validateName(Objects.requireNonNull(source, "source"), "source");
        EventType.validateName(Objects.requireNonNull(epoch, "epoch"), "epoch");
    }
}
