package io.tickertape.bus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What jackson-core's generator writes for a slot's payload: the reference {@link PayloadJson} is checked against.
 * It walks the slot's tagged values (see {@link PayloadCodec}) and makes the generator call each stands for, with
 * jackson-core's own escaping and number writing, non-finite doubles as null, and containers still open at the end
 * closed. Slow and allocating, as a reference may be.
 */
final class JacksonPayloadOracle
{
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JacksonPayloadOracle()
    {
    }

    static String payload(final byte[] p, final int slot, final MemberNames names)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out))
        {
            int pos = slot + SlotLayout.HEADER_LENGTH;
            final int end = pos + PayloadCodec.getInt(p, slot + SlotLayout.LENGTH_OFFSET);
            int depth = 0;
            long arrayBits = 0;
            g.writeStartObject();
            while (pos < end)
            {
                final int tag = p[pos++] & 0xFF;
                final int kind = tag & PayloadCodec.KIND_MASK;
                if (kind == PayloadCodec.END)
                {
                    closeOne(g, arrayBits, depth);
                    arrayBits &= ~(1L << depth);
                    depth--;
                    continue;
                }
                if ((tag & PayloadCodec.KEYED) != 0)
                {
                    g.writeName(wellFormed(names.name(PayloadCodec.getUnsignedShort(p, pos))));
                    pos += 2;
                }
                else if ((tag & PayloadCodec.INLINE_NAME) != 0)
                {
                    final int nameBytes = PayloadCodec.getUnsignedShort(p, pos);
                    g.writeName(new String(p, pos + 2, nameBytes, StandardCharsets.UTF_8));
                    pos += 2 + nameBytes;
                }
                switch (kind)
                {
                    case PayloadCodec.LONG -> g.writeNumber(PayloadCodec.getLong(p, pos));
                    case PayloadCodec.DOUBLE ->
                    {
                        final double d = Double.longBitsToDouble(PayloadCodec.getLong(p, pos));
                        if (Double.isFinite(d))
                        {
                            g.writeNumber(d);
                        }
                        else
                        {
                            g.writeNull();
                        }
                    }
                    case PayloadCodec.TRUE -> g.writeBoolean(true);
                    case PayloadCodec.FALSE -> g.writeBoolean(false);
                    case PayloadCodec.NULL -> g.writeNull();
                    case PayloadCodec.STRING ->
                    {
                        final int bytes = PayloadCodec.getUnsignedShort(p, pos);
                        g.writeUTF8String(p, pos + 2, bytes);
                        pos += 2 + bytes;
                    }
                    case PayloadCodec.OBJECT ->
                    {
                        g.writeStartObject();
                        depth++;
                    }
                    case PayloadCodec.ARRAY ->
                    {
                        g.writeStartArray();
                        depth++;
                        arrayBits |= 1L << depth;
                    }
                    default -> throw new IllegalStateException("tag " + tag);
                }
                if (kind == PayloadCodec.LONG || kind == PayloadCodec.DOUBLE)
                {
                    pos += 8;
                }
            }
            for (; depth > 0; depth--)
            {
                closeOne(g, arrayBits, depth);
            }
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A name as the bus writes it: an unpaired surrogate becomes U+FFFD, as in string values. */
    private static String wellFormed(final String name)
    {
        final StringBuilder fixed = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1)))
            {
                fixed.append(c).append(name.charAt(++i));
            }
            else
            {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return fixed.toString();
    }

    private static void closeOne(final JsonGenerator g, final long arrayBits, final int depth)
    {
        if ((arrayBits & (1L << depth)) != 0)
        {
            g.writeEndArray();
        }
        else
        {
            g.writeEndObject();
        }
    }
}
