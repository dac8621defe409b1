package io.tickertape.bus;

import static io.tickertape.bus.Buses.awaitCollected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The writers made for payload shapes ({@link PayloadShapes}, {@link ShapeCompiler}) against the general writer,
 * byte for byte, on the same slots: payloads of repeated shapes (every value kind, nesting, names and strings that
 * need escaping, long strings that truncate an event) with fresh values each time, mixed with shapes that never
 * repeat; in room that is sometimes too small (neither writes at or past its limit, and a writer that fits writes
 * the same bytes); with the same keys noted. And the collector, whose writer makes them too, keeps the same JSON.
 */
class ShapeWriterTest
{
    private static final int RING = 4096;
    private static final EventType[] TYPES = {EventType.ORDER, EventType.SIGNAL, EventType.POSITION, EventType.ENGINE_HEALTH};
    private static final String[] NAMES = {
        "symbol", "strategy", "strategy_name", "status", "qty", "price", "order_id", "a", "nested", "list", "quote\"d",
        "back\\slash", "ctl\u0001", "\u00e9t\u00e9", "emoji\ud83d\ude00", "", "long_name_" + "n".repeat(120)};
    private static final String[] PIECES = {
        "a", "Z", "0", " ", "/", "\"", "\\", "\n", "\u0001", "\u001f", "\u007f", "\u00e9", "\u20ac", "\ud83d\ude00",
        "\ud800", "RELIANCE", "NIFTY 50"};
    private static final byte SENTINEL = (byte)0xA5;

    @Test
    void shouldWriteExactlyWhatTheGeneralWriterWrites()
    {
        // Two shapes per type, plus one event in eight of a shape that never repeats.
        final long[] shapes = new SplittableRandom(7).longs(TYPES.length * 2).toArray();
        final PayloadShapes made = compare(shapes, 8, 6);
        assertThat(made.writers()).as("a writer for each repeated shape").isGreaterThanOrEqualTo(shapes.length);
        assertThat(made.failures()).isZero();
    }

    @Test
    void shouldFallBackWhenShapesTakeTurnsInOneType()
    {
        // Twelve shapes of one type at random: the writers tried first mostly miss, and the type goes to the
        // general writer for a while.
        final long[] shapes = new SplittableRandom(11).longs(12).toArray();
        final PayloadShapes made = compare(shapes, 0, 4);
        assertThat(made.idles()).isPositive();
    }

    @Test
    void shouldWriteTheCollectorsOrderEventsWithAShapesWriterUnlessTurnedOff()
    {
        for (final boolean on : new boolean[] {true, false})
        {
            try (TelemetryBus bus = TelemetryBus.launch(new BusContext().shapeWriters(on)))
            {
                final Producer producer = bus.producer("execution", 1024);
                final long before = bus.history().head();
                for (int i = 0; i < 1000; i++)
                {
                    assertThat(Events.order(producer, "O-" + i, "RELIANCE", "BUY", "new", i, 2450.5 + i)).isTrue();
                }
                awaitCollected(bus, before + 1000);
                if (on)
                {
                    await().atMost(Duration.ofSeconds(10)).until(() -> bus.collectorShapes().written() > 500);
                    assertThat(bus.collectorShapes().writers()).isEqualTo(1);
                }
                else
                {
                    assertThat(bus.collectorShapes()).isNull();
                }
                final HistoryRecord record = new HistoryRecord(bus.history());
                assertThat(bus.history().read(before + 1000, record)).isEqualTo(ReadResult.OK);
                assertThat(record.json()).endsWith(
                    "\"payload\":{\"order_id\":\"O-999\",\"symbol\":\"RELIANCE\",\"side\":\"BUY\",\"status\":\"new\",\"qty\":999,\"price\":3449.5}}");
            }
        }
    }

    @Test
    void shouldLeaveAnEndWithFlagsToTheGeneralWriter()
    {
        // OBJECT, then an END whose KEYED bit is set (no writer makes one; the general writer reads it as an END and
        // no name), then two TRUEs: bytes that a reader taking the flag at its word would read as two values.
        final byte[] payload = {PayloadCodec.OBJECT, (byte)(PayloadCodec.END | PayloadCodec.KEYED), PayloadCodec.TRUE, PayloadCodec.TRUE};
        final MemberNames names = new MemberNames();
        final PayloadJson general = new PayloadJson(names, false);
        final PayloadJson shaped = new PayloadJson(names, true);
        final byte[] out = new byte[256];
        for (int i = 0; i < 2000; i++)
        {
            final byte[] slot = slot(EventType.ORDER.id(), payload);
            assertThat(text(out, shaped.write(out, 0, out.length, slot, 0, slot.length))).isEqualTo("{{},true,true}");
            assertThat(text(out, general.write(out, 0, out.length, slot, 0, slot.length))).isEqualTo("{{},true,true}");
        }
        assertThat(shaped.shapes().writers()).isZero();
    }

    @Test
    void shouldForgetShapesSeenRarelyWhenTheTableIsFull()
    {
        final MemberNames names = new MemberNames();
        final PayloadJson shaped = new PayloadJson(names, true);
        final byte[] out = new byte[256];
        // Shapes that never repeat (a long under a name of its own), spread over eight types so that none goes idle.
        final int oneOffs = PayloadShapes.MAX_SHAPES * PayloadShapes.SAMPLE * 3;
        for (int i = 0; i < oneOffs; i++)
        {
            final int id = names.idOf("n" + i);
            final byte[] slot = slot(i % 8, keyedLong(id, i));
            assertThat(text(out, shaped.write(out, 0, out.length, slot, 0, slot.length))).isEqualTo("{\"n" + i + "\":" + i + "}");
        }
        assertThat(shaped.shapes().forgets()).isPositive();
        // A shape that repeats still gets its writer.
        final int id = names.idOf("qty");
        for (int i = 0; i < 2000; i++)
        {
            final byte[] slot = slot(9, keyedLong(id, i));
            assertThat(text(out, shaped.write(out, 0, out.length, slot, 0, slot.length))).isEqualTo("{\"qty\":" + i + "}");
        }
        assertThat(shaped.shapes().writers()).isEqualTo(1);
        assertThat(shaped.shapes().written()).isGreaterThan(1000);
    }

    @Test
    void shouldRefuseARoomOrAPayloadOutsideItsArrays() throws ReflectiveOperationException
    {
        // The writer's word moves are unchecked, inside ranges its own checks keep within the arrays: a room or a
        // payload that reaches past its array is refused before anything is read or written.
        final MemberNames names = new MemberNames();
        final PayloadJson json = new PayloadJson(names, true);
        final int id = names.idOf("qty");
        final byte[] slot = slot(1, keyedLong(id, 42));
        final byte[] out = new byte[64];
        assertThat(text(out, json.write(out, 0, out.length, slot, 0, slot.length))).isEqualTo("{\"qty\":42}"); // renders the name
        final ShapeWriter writer = ShapeCompiler.compile(new int[] {(PayloadCodec.LONG | PayloadCodec.KEYED) | id << 8}, json);
        final int start = SlotLayout.HEADER_LENGTH;
        final int end = start + 11;
        assertThat(text(out, writer.write(json, out, 0, out.length, slot, start, end, slot.length))).isEqualTo("{\"qty\":42}");
        final byte[] small = new byte[16];
        assertThat(writer.write(json, small, 0, small.length + 64, slot, start, end, slot.length)).isEqualTo(ShapeWriter.MISMATCH);
        assertThat(small).containsOnly(0);
        assertThat(writer.write(json, out, -8, out.length, slot, start, end, slot.length)).isEqualTo(ShapeWriter.MISMATCH);
        final byte[] cut = Arrays.copyOf(slot, end - 4);
        assertThat(writer.write(json, out, 0, out.length, cut, start, end, cut.length)).isEqualTo(ShapeWriter.MISMATCH);
        assertThat(writer.write(json, out, 0, out.length, slot, -5, end, slot.length)).isEqualTo(ShapeWriter.MISMATCH);
    }

    @Test
    void shouldCopyAStringWhoseLastWordPassesTheSlotsEndOrNeedsEscaping() throws ReflectiveOperationException
    {
        // A string's words are copied unchecked only when they lie inside the slot's end, which the writer's entry
        // check keeps inside the payload's array; otherwise, or when a byte needs escaping, the careful way.
        final MemberNames names = new MemberNames();
        final PayloadJson json = new PayloadJson(names, true);
        final int id = names.idOf("symbol");
        final ShapeWriter writer = ShapeCompiler.compile(new int[] {(PayloadCodec.STRING | PayloadCodec.KEYED) | id << 8}, json);
        final byte[] out = new byte[64];
        final int start = SlotLayout.HEADER_LENGTH;
        for (final String value : new String[] {"AAPL", "ABCDEFGHIJK", "A\"B", "tab\there"})
        {
            final byte[] slot = slot(1, keyedString(id, value));
            final int end = slot.length - 8;
            final String expected = "{\"symbol\":\"" + value.replace("\"", "\\\"").replace("\t", "\\t") + "\"}";
            // The slot ends where the payload does: the last word would pass it.
            assertThat(text(out, writer.write(json, out, 0, out.length, slot, start, end, end))).isEqualTo(expected);
            assertThat(text(out, writer.write(json, out, 0, out.length, slot, start, end, slot.length))).isEqualTo(expected);
            // A slot's end past the array is refused before anything is read.
            assertThat(writer.write(json, out, 0, out.length, slot, start, end, slot.length + 1)).isEqualTo(ShapeWriter.MISMATCH);
        }
    }

    private static byte[] keyedString(final int id, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        final byte[] payload = new byte[5 + bytes.length];
        payload[0] = (byte)(PayloadCodec.STRING | PayloadCodec.KEYED);
        PayloadCodec.putUnsignedShort(payload, 1, id);
        PayloadCodec.putUnsignedShort(payload, 3, bytes.length);
        System.arraycopy(bytes, 0, payload, 5, bytes.length);
        return payload;
    }

    private static byte[] keyedLong(final int id, final long value)
    {
        final byte[] payload = new byte[11];
        payload[0] = (byte)(PayloadCodec.LONG | PayloadCodec.KEYED);
        PayloadCodec.putUnsignedShort(payload, 1, id);
        PayloadCodec.putLong(payload, 3, value);
        return payload;
    }

    /** A slot holding a payload of the given bytes, as the collector reads it. */
    private static byte[] slot(final int type, final byte[] payload)
    {
        final byte[] slot = new byte[SlotLayout.HEADER_LENGTH + payload.length + 8];
        PayloadCodec.putInt(slot, SlotLayout.LENGTH_OFFSET, payload.length);
        PayloadCodec.putUnsignedShort(slot, SlotLayout.TYPE_OFFSET, type);
        System.arraycopy(payload, 0, slot, SlotLayout.HEADER_LENGTH, payload.length);
        return slot;
    }

    private static String text(final byte[] out, final int end)
    {
        assertThat(end).isPositive();
        return new String(out, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Publish random payloads of the given shapes (and, one in {@code oneOffEvery}, of a new one) and compare both
     * writers on each slot; then the collector's records. Returns the shaped writer's shapes.
     */
    private static PayloadShapes compare(final long[] shapes, final int oneOffEvery, final int rounds)
    {
        try (TelemetryBus bus = TelemetryBus.launch(new BusContext().slotCapacity(1024).historyCapacity(RING)))
        {
            final Producer producer = bus.producer("p", RING);
            final PayloadJson general = new PayloadJson(bus.memberNames(), false);
            final PayloadJson shaped = new PayloadJson(bus.memberNames(), true);
            final SplittableRandom random = new SplittableRandom(3);
            final byte[] expectedOut = new byte[1 << 16];
            final byte[] actualOut = new byte[1 << 16];
            final byte[] slots = producer.slots();
            int events = 0;
            int tight = 0;
            int truncated = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long before = bus.history().head();
                final String[] expected = new String[RING];
                for (int i = 0; i < RING; i++)
                {
                    final boolean oneOff = oneOffEvery > 0 && random.nextInt(oneOffEvery) == 0;
                    final int pick = random.nextInt(shapes.length);
                    final long shapeSeed = oneOff ? random.nextLong() : shapes[pick];
                    final EventType type = oneOffEvery > 0 ? TYPES[pick % TYPES.length] : EventType.ORDER;
                    try (EventWriter e = producer.claim(type))
                    {
                        assertThat(e.isAccepted()).isTrue();
                        writeShaped(e, new SplittableRandom(shapeSeed), random, 0);
                    }
                    final int slot = producer.claimedSlot();
                    final int slotEnd = slot + producer.stride();
                    truncated += slots[slot + SlotLayout.TRUNCATED_OFFSET];
                    final int end = general.write(expectedOut, 3, expectedOut.length, slots, slot, slotEnd);
                    assertThat(end).isPositive();
                    expected[i] = new String(expectedOut, 3, end - 3, StandardCharsets.UTF_8);
                    // The full room, then a room that may be too small.
                    assertSame(shaped, general, slots, slot, slotEnd, actualOut, actualOut.length, expectedOut, end, i);
                    final int limit = 3 + random.nextInt(Math.max(1, end + 24));
                    tight += limit < end ? 1 : 0;
                    assertSame(shaped, general, slots, slot, slotEnd, actualOut, limit, expectedOut, end, i);
                    events++;
                    if ((i & 255) == 255)
                    {
                        awaitCollected(bus, before + i + 1);
                    }
                }
                awaitCollected(bus, before + RING);
                final HistoryRecord record = new HistoryRecord(bus.history());
                for (int i = 0; i < RING; i++)
                {
                    assertThat(bus.history().read(before + i + 1, record)).isEqualTo(ReadResult.OK);
                    final String json = record.json();
                    assertThat(json.endsWith("\"payload\":" + expected[i] + "}") || json.endsWith("\"payload\":" + expected[i] + ",\"truncated\":true}"))
                        .as("history record %s holds %s", json, expected[i]).isTrue();
                }
            }
            assertThat(tight).as("rooms too small").isGreaterThan(events / 4);
            assertThat(truncated).as("events truncated").isPositive();
            // Each event is written twice by the shaped writer, the second time in a room that is often too small.
            if (oneOffEvery > 0)
            {
                assertThat(shaped.shapes().written()).as("written by shapes' writers").isGreaterThan(events * 3 / 4);
            }
            return shaped.shapes();
        }
    }

    /**
     * Write with the shaped writer into {@code out} up to {@code limit} and check it against the general writer's
     * {@code expected} (from 3 to {@code expectedEnd}): the same bytes and keys if it fits, nothing at or past the
     * limit, and no room only when the general writer's output would not fit either.
     */
    private static void assertSame(
        final PayloadJson shaped, final PayloadJson general, final byte[] slots, final int slot, final int slotEnd, final byte[] out,
        final int limit, final byte[] expected, final int expectedEnd, final int event)
    {
        Arrays.fill(out, SENTINEL);
        final int end = shaped.write(out, 3, limit, slots, slot, slotEnd);
        for (int i = limit; i < out.length; i++)
        {
            if (out[i] != SENTINEL)
            {
                throw new AssertionError("event " + event + ": byte " + i + " written past the limit " + limit);
            }
        }
        if (end < 0)
        {
            assertThat(end).isEqualTo(PayloadJson.NO_ROOM);
            assertThat(general.write(new byte[limit], 3, limit, slots, slot, slotEnd)).as("event %d: general writer fits %d", event, limit)
                .isEqualTo(PayloadJson.NO_ROOM);
            return;
        }
        assertThat(new String(out, 3, end - 3, StandardCharsets.UTF_8)).as("event %d", event)
            .isEqualTo(new String(expected, 3, expectedEnd - 3, StandardCharsets.UTF_8));
        assertThat(end).isEqualTo(expectedEnd);
        for (final int key : new int[] {PayloadJson.SYMBOL, PayloadJson.STRATEGY, PayloadJson.STATUS})
        {
            assertThat(shaped.keyOffset(key)).as("event %d key %d", event, key).isEqualTo(general.keyOffset(key));
            if (shaped.keyOffset(key) >= 0)
            {
                assertThat(shaped.keyLength(key)).isEqualTo(general.keyLength(key));
            }
        }
    }

    /** A payload whose shape comes from {@code shape} (names, kinds, nesting) and whose values from {@code values}. */
    private static void writeShaped(final EventWriter e, final SplittableRandom shape, final SplittableRandom values, final int depth)
    {
        final int members = shape.nextInt(depth == 0 ? 1 : 0, depth == 0 ? 10 : 4);
        for (int m = 0; m < members; m++)
        {
            final String name = NAMES[shape.nextInt(NAMES.length)];
            switch (shape.nextInt(depth < 3 ? 9 : 7))
            {
                case 0 -> e.put(name, values.nextLong(-1_000_000, 1_000_000) * (values.nextInt(5) == 0 ? 1_000_000_000_000L : 1));
                case 1 -> e.put(name, values.nextInt(4) == 0 ? Double.longBitsToDouble(values.nextLong()) : values.nextDouble(-1e6, 1e6));
                case 2 -> e.put(name, shape.nextBoolean());
                case 3 -> e.putNull(name);
                case 4, 5 -> e.put(name, string(values));
                case 6 -> e.put(name, Math.round(values.nextDouble(1, 100_000) * 20) / 20.0);
                case 7 ->
                {
                    e.beginObject(name);
                    writeShaped(e, shape, values, depth + 1);
                    if (shape.nextInt(4) != 0)
                    {
                        e.end(); // else left open: closed by the reader
                    }
                }
                default ->
                {
                    e.beginArray(name);
                    for (int n = shape.nextInt(4); n > 0; n--)
                    {
                        switch (shape.nextInt(5))
                        {
                            case 0 -> e.add(values.nextDouble());
                            case 1 -> e.add(values.nextLong());
                            case 2 -> e.add(string(values));
                            case 3 -> e.add(shape.nextBoolean());
                            default ->
                            {
                                e.addObject();
                                writeShaped(e, shape, values, depth + 1);
                                e.end();
                            }
                        }
                    }
                    e.end();
                }
            }
        }
    }

    private static String string(final SplittableRandom random)
    {
        final int pieces = random.nextInt(40) == 0 ? random.nextInt(100, 400) : random.nextInt(6);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
