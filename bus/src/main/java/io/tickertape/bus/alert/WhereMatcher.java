package io.tickertape.bus.alert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tickertape.bus.JsonMembers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One {@code where} condition of a rule, matched on an event's JSON bytes without parsing the event or allocating:
 * the member's value is found in place ({@link JsonMembers}) and compared with the allowed values as the collector
 * would have written them (strings escaped and quoted by jackson-core, {@code true}, {@code false}, {@code null});
 * numbers compare by value.
 */
final class WhereMatcher
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final byte[] name;
    private final byte[][] texts;
    private final double[] numbers;
    private final boolean allowsAbsent;

    WhereMatcher(final String member, final List<Object> allowed)
    {
        this.name = member.getBytes(StandardCharsets.UTF_8);
        final List<byte[]> texts = new ArrayList<>();
        final List<Double> numbers = new ArrayList<>();
        boolean absent = false;
        for (final Object value : allowed)
        {
            if (value instanceof Number n)
            {
                numbers.add(n.doubleValue());
            }
            else
            {
                texts.add(text(value));
                absent |= null == value;
            }
        }
        this.texts = texts.toArray(new byte[0][]);
        this.numbers = numbers.stream().mapToDouble(Double::doubleValue).toArray();
        this.allowsAbsent = absent;
    }

    /** A string, boolean or null as JSON text, as the collector writes it. */
    private static byte[] text(final Object value)
    {
        if (null == value)
        {
            return NULL;
        }
        if (value instanceof Boolean b)
        {
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out))
        {
            g.writeString((String)value);
        }
        return out.toByteArray();
    }

    boolean matches(final byte[] json, final int offset, final int length)
    {
        final long place = JsonMembers.payloadMember(json, offset, length, name);
        final int valueLength = JsonMembers.length(place);
        if (valueLength < 0)
        {
            return allowsAbsent;
        }
        final int at = JsonMembers.offset(place);
        for (final byte[] text : texts)
        {
            if (Arrays.equals(text, 0, text.length, json, at, at + valueLength))
            {
                return true;
            }
        }
        if (numbers.length > 0)
        {
            final byte first = json[at];
            if (first == '-' || (first >= '0' && first <= '9'))
            {
                final double number = number(json, at, valueLength);
                for (final double n : numbers)
                {
                    if (n == number)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A JSON number's value: plain decimals without allocating; other forms (exponents) through the JDK. */
    private static double number(final byte[] json, final int at, final int length)
    {
        long digits = 0;
        int scale = -1;
        int i = at;
        final boolean negative = json[i] == '-';
        if (negative)
        {
            i++;
        }
        int count = 0;
        for (; i < at + length; i++)
        {
            final byte b = json[i];
            if (b == '.' && scale < 0)
            {
                scale = 0;
            }
            else if (b >= '0' && b <= '9' && count < 17)
            {
                digits = digits * 10 + (b - '0');
                count++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else
            {
                return Double.parseDouble(new String(json, at, length, StandardCharsets.US_ASCII));
            }
        }
        final double value = scale > 0 ? digits / Math.pow(10, scale) : digits;
        return negative ? -value : value;
    }
}
