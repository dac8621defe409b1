package io.tickertape.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The shape of Tickertape's records on a Kafka topic, shared by the exporter that writes them and the hub that reads
 * them.
 * <pre>
 * event record
 *   key      &lt;host&gt;/&lt;source&gt;           (UTF-8; one producer's events share a key, so a partition, so an order)
 *   value    the event's JSON, the bytes its collector made
 *   headers  host, epoch, seq (decimal), type
 * gap record: events the exporter missed (overwritten in its bus's history before it read them)
 *   key      &lt;host&gt;
 *   value    {"from_seq":F,"to_seq":T,"count":N}
 *   headers  host, epoch, gap = "F-T"
 * </pre>
 */
final class KafkaRecords
{
    /** The topic both sides use unless told otherwise. */
    static final String TOPIC_DEFAULT = "tickertape.events";
    static final String HOST = "host";
    static final String EPOCH = "epoch";
    static final String SEQ = "seq";
    static final String TYPE = "type";
    static final String GAP = "gap";

    private KafkaRecords()
    {
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The text of the last header with this key.
     *
     * @return the text, or null when the record has no such header.
     */
    static String text(final Headers headers, final String key)
    {
        final Header header = headers.lastHeader(key);
        return null == header || null == header.value() ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The source of an event, read from its JSON envelope: {@code ..."timestamp":"...","source":"<name>",...}.
     * The envelope's shape is fixed and a source name needs no escaping, so a scan for the member is exact.
     *
     * @return the source, or null when the bytes have no source member.
     */
    static String source(final byte[] json, final int length)
    {
        final byte[] marker = SOURCE_MARKER;
        outer:
        for (int i = 0; i + marker.length <= length; i++)
        {
            for (int j = 0; j < marker.length; j++)
            {
                if (json[i + j] != marker[j])
                {
                    continue outer;
                }
            }
            final int start = i + marker.length;
            for (int end = start; end < length; end++)
            {
                if (json[end] == '"')
                {
                    return new String(json, start, end - start, StandardCharsets.UTF_8);
                }
            }
            return null;
        }
        return null;
    }

    private static final byte[] SOURCE_MARKER = utf8("\",\"source\":\"");
}
