package io.tickertape.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.tickertape.bus.Origin;
import io.tickertape.bus.journal.JournalReader;
import io.tickertape.bus.journal.JournalRecord;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What a hub relayed before it stopped, read back from its journal: the last origin sequence of each
 * {@link Origin} (host, producer, epoch). A restarted hub consumes again from its committed offsets, and records it
 * relayed after its last commit come again: with this it knows them and drops them, so that its monitors, whose
 * stream continues in the same epoch, never see an event twice.
 */
final class HubResume
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BATCH = 4096;

    private HubResume()
    {
    }

    /**
     * Read a journal whole.
     *
     * @param directory the hub's journal.
     * @return the last origin sequence per origin; empty for a journal with no relayed events.
     */
    static Map<Origin, Long> read(final Path directory)
    {
        final Map<Origin, Long> last = new HashMap<>();
        try (JournalReader reader = JournalReader.open(directory))
        {
            final long[] next = {reader.firstSeq()};
            while (reader.read(next[0], BATCH, record ->
            {
                next[0] = record.seq() + 1;
                origin(record, last);
                return true;
            }) > 0 && null == reader.lastCorruption())
            {
                // the next batch starts after the last record read
            }
        }
        return last;
    }

    /** Note the record's origin, if it has one (a hub's journal holds only relayed events). */
    private static void origin(final JournalRecord record, final Map<Origin, Long> last)
    {
        String source = null;
        String host = null;
        String epoch = null;
        long seq = -1;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), record.json()))
        {
            if (JsonToken.START_OBJECT != p.nextToken())
            {
                return;
            }
            for (JsonToken t = p.nextToken(); null != t && JsonToken.END_OBJECT != t; t = p.nextToken())
            {
                final String name = p.currentName();
                final JsonToken v = p.nextToken();
                if ("source".equals(name) && JsonToken.VALUE_STRING == v)
                {
                    source = p.getString();
                }
                else if ("origin".equals(name) && JsonToken.START_OBJECT == v)
                {
                    for (JsonToken o = p.nextToken(); null != o && JsonToken.END_OBJECT != o; o = p.nextToken())
                    {
                        final String member = p.currentName();
                        final JsonToken value = p.nextToken();
                        if ("host".equals(member) && JsonToken.VALUE_STRING == value)
                        {
                            host = p.getString();
                        }
                        else if ("epoch".equals(member) && JsonToken.VALUE_STRING == value)
                        {
                            epoch = p.getString();
                        }
                        else if ("seq".equals(member) && JsonToken.VALUE_NUMBER_INT == value)
                        {
                            seq = p.getLongValue();
                        }
                        else
                        {
                            p.skipChildren();
                        }
                    }
                    break; // the origin follows the source: the payload is not needed
                }
                else
                {
                    p.skipChildren();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            return; // not an event this hub relayed: nothing to know
        }
        if (null != source && null != host && null != epoch && seq > 0)
        {
            try
            {
                last.merge(new Origin(host, source, epoch), seq, Math::max);
            }
            catch (final IllegalArgumentException ex)
            {
                // names a relay could not have had
            }
        }
    }
}
