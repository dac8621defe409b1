package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The collector's hand-written payload writer ({@link PayloadJson}) against jackson-core's generator
 * ({@link JacksonPayloadOracle}) on the same slots: random events of every value kind, names and strings with
 * escapes, control characters, non-ASCII and broken surrogates, long strings, NaN and infinities, huge and tiny
 * doubles, deep nesting and truncation, and names carried inline once a bus's table of names is full. The two
 * must be valid JSON with the same meaning, token by token (numbers as the same double or long); and the record in
 * the history, which the collector wrote, must hold the same payload.
 */
class PayloadJsonEquivalenceTest
{
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int RING = 4096;
    private static final String[] NAMES = {
        "symbol", "strategy", "strategy_name", "status", "qty", "price", "a", "b", "nested", "list", "x/y",
        "quote\"d", "back\\slash", "tab\tname", "nl\nname", "ctl\u0001", "\u00e9t\u00e9", "\u20ac", "\u4e2d\u6587",
        "emoji\ud83d\ude00", "lone\ud800", "", "long_name_" + "n".repeat(200)};
    private static final String[] PIECES = {
        "a", "Z", "0", " ", "/", "\"", "\\", "\b", "\t", "\n", "\f", "\r", "\u0000", "\u0001", "\u001f", "\u007f",
        "\u00e9", "\u20ac", "\u4e2d", "\ud83d\ude00", "\ud800", "\udc00", "RELIANCE", "NIFTY 50", "<&>", "'"};
    private static final double[] DOUBLES = {
        0.0, -0.0, 1.0, -1.0, 0.1, 0.1 + 0.2, 19755.05, 1e-3, 9.99e-4, 999_999_999.999999, 1e9, 1e15, 1e21, 1e22,
        1e-7, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Math.PI, 2.5e-7, 123456.789012, 4.9e-324};
    private static final long[] LONGS = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, 1_000_000};

    @Test
    void shouldWriteWhatJacksonWritesForRandomEvents()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().slotCapacity(1024).historyCapacity(RING)))
        {
            final Producer producer = bus.producer("p", RING);
            final SplittableRandom random = new SplittableRandom(19);
            int truncated = 0;
            for (int round = 0; round < 6; round++)
            {
                truncated += publishAndCompare(bus, producer, random, round, NAMES);
            }
            assertThat(truncated).as("some events truncated").isGreaterThan(50);
        }
    }

    @Test
    void shouldEscapeControlCharactersByteForByteAsJacksonDoes()
    {
        // Byte for byte, not only in meaning: filters that read a record's bytes (journal records, alert rules)
        // look for a value as jackson-core writes it.
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().historyCapacity(64)))
        {
            final Producer producer = bus.producer("p", 16);
            final PayloadJson writer = new PayloadJson(bus.memberNames());
            final byte[] out = new byte[4096];
            for (final String text : List.of("\u0000\u0001\u0007\u000b\u000e\u001a\u001f", "tab\tnl\n\u007f", "x\u001fy"))
            {
                try (EventWriter e = producer.claim(EventType.ORDER))
                {
                    e.put("symbol", text);
                }
                final int slot = producer.claimedSlot();
                final String expected = JacksonPayloadOracle.payload(producer.slots(), slot, bus.memberNames());
                final int end = writer.write(out, 0, out.length, producer.slots(), slot, slot + producer.stride());
                assertThat(new String(out, 0, end, StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldWriteInlineNamesAsJacksonDoes()
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().slotCapacity(2048).historyCapacity(RING)))
        {
            final MemberNames names = bus.memberNames();
            for (int i = 0; names.idOf("filler" + i) != MemberNames.NO_ID; i++)
            {
                assertThat(i).isLessThan(MemberNames.MAX_NAMES);
            }
            final Producer producer = bus.producer("p", RING);
            final String[] fresh = new String[NAMES.length];
            for (int i = 0; i < NAMES.length; i++)
            {
                fresh[i] = "inline " + NAMES[i]; // not in the full table: carried in the payload
            }
            publishAndCompare(bus, producer, new SplittableRandom(23), 0, fresh);
            final int slot = 0;
            final byte[] slots = producer.slots();
            assertThat(slots[slot + SlotLayout.HEADER_LENGTH] & PayloadCodec.INLINE_NAME).as("first member's name inline").isNotZero();
        }
    }

    /**
     * Publish a ring's worth of random events, comparing each slot's payload both ways as soon as it is committed
     * (the producer may store into a slot again once the collector has read it: Producer's warmNextSlot), then each
     * history record with what jackson-core wrote; returns how many were cut.
     */
    private static int publishAndCompare(
        final TelemetryBus bus, final Producer producer, final SplittableRandom random, final int round, final String[] names)
    {
        final long before = bus.history().head();
        final PayloadJson writer = new PayloadJson(bus.memberNames());
        final byte[] out = new byte[1 << 16];
        final byte[] slots = producer.slots();
        final String[] expected = new String[RING];
        int truncated = 0;
        for (int i = 0; i < RING; i++)
        {
            try (EventWriter e = producer.claim(EventType.ORDER))
            {
                assertThat(e.isAccepted()).isTrue();
                writeRandom(e, random, names, random.nextInt(6) == 0 ? 40 : 4, 0);
            }
            final int slot = producer.claimedSlot();
            expected[i] = JacksonPayloadOracle.payload(slots, slot, bus.memberNames());
            final int end = writer.write(out, 3, out.length, slots, slot, slot + producer.stride());
            final String actual = new String(out, 3, end - 3, StandardCharsets.UTF_8);
            assertThat(tokens(actual, false)).as("round %d event %d: %s vs jackson %s", round, i, actual, expected[i])
                .isEqualTo(tokens(expected[i], false));
            truncated += slots[slot + SlotLayout.TRUNCATED_OFFSET];
            if ((i & 255) == 255)
            {
                awaitCollected(bus, before + i + 1); // keep the ring from filling
            }
        }
        awaitCollected(bus, before + RING);
        final HistoryRecord record = new HistoryRecord(bus.history());
        for (int i = 0; i < RING; i++)
        {
            assertThat(bus.history().read(before + i + 1, record)).isEqualTo(ReadResult.OK);
            assertThat(tokens(record.json(), true)).as("history record %s", record.json()).isEqualTo(tokens(expected[i], false));
        }
        return truncated;
    }

    private static void writeRandom(final EventWriter e, final SplittableRandom random, final String[] names, final int maxDepth, final int depth)
    {
        final int members = random.nextInt(depth == 0 ? 12 : 5);
        for (int m = 0; m < members; m++)
        {
            final String name = names[random.nextInt(names.length)];
            switch (random.nextInt(depth < maxDepth ? 9 : 7))
            {
                case 0 -> e.put(name, LONGS[random.nextInt(LONGS.length)] + (random.nextBoolean() ? 0 : random.nextLong()));
                case 1 -> e.put(name, randomDouble(random));
                case 2 -> e.put(name, random.nextBoolean());
                case 3 -> e.putNull(name);
                case 4, 5 -> e.put(name, randomString(random));
                case 6 -> e.put(name, Math.round(random.nextDouble(1, 100_000) * 20) / 20.0);
                case 7 ->
                {
                    e.beginObject(name);
                    writeRandom(e, random, names, maxDepth, depth + 1);
                    if (random.nextInt(4) != 0)
                    {
                        e.end(); // else left open: closed by the reader
                    }
                }
                default ->
                {
                    e.beginArray(name);
                    for (int n = random.nextInt(5); n > 0; n--)
                    {
                        switch (random.nextInt(5))
                        {
                            case 0 -> e.add(randomDouble(random));
                            case 1 -> e.add(random.nextLong());
                            case 2 -> e.add(randomString(random));
                            case 3 -> e.add(random.nextBoolean());
                            default ->
                            {
                                e.addObject();
                                writeRandom(e, random, names, maxDepth, depth + 1);
                                e.end();
                            }
                        }
                    }
                    e.end();
                }
            }
        }
    }

    private static double randomDouble(final SplittableRandom random)
    {
        return switch (random.nextInt(4))
        {
            case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextDouble(-1e6, 1e6);
            default -> Math.round(random.nextDouble(0, 1) * 1e4) / 1e4;
        };
    }

    private static String randomString(final SplittableRandom random)
    {
        final int pieces = random.nextInt(20) == 0 ? random.nextInt(100, 600) : random.nextInt(8);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    /** The tokens of a JSON object (or of an event's payload), each as its kind and value; numbers as their double or long. */
    private static List<String> tokens(final String json, final boolean payloadOfEvent)
    {
        final List<String> tokens = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json))
        {
            int depth = 0;
            boolean inPayload = !payloadOfEvent;
            for (JsonToken t = parser.nextToken(); null != t; t = parser.nextToken())
            {
                if (!inPayload)
                {
                    if (t == JsonToken.PROPERTY_NAME && parser.currentName().equals("payload") && depth == 1)
                    {
                        inPayload = true;
                    }
                    depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                    continue;
                }
                tokens.add(switch (t)
                {
                    case PROPERTY_NAME -> "name " + parser.currentName();
                    case VALUE_STRING -> "string " + parser.getString();
                    case VALUE_NUMBER_INT -> "long " + parser.getLongValue();
                    case VALUE_NUMBER_FLOAT -> "double " + Double.doubleToLongBits(parser.getDoubleValue());
                    default -> t.name();
                });
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                if (payloadOfEvent && depth == 1)
                {
                    break; // the payload has closed
                }
            }
        }
        return tokens;
    }
}
