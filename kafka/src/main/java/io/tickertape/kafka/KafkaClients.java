package io.tickertape.kafka;

import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** What the exporter and the hub share about the Kafka clients they make: their refusals and their metrics. */
final class KafkaClients
{
    private KafkaClients()
    {
    }

    /**
     * A Kafka client's refusal to be made (a bootstrap list none of whose hosts resolves, a property it does not
     * take), as the configuration error it is, saying what Kafka said with its innermost cause (the useful part).
     *
     * @param what what could not be made, or of what the options were refused.
     * @param ex   the client's exception.
     * @return the exception to throw.
     */
    static IllegalArgumentException refused(final String what, final KafkaException ex)
    {
        Throwable root = ex;
        while (null != root.getCause() && root.getCause() != root)
        {
            root = root.getCause();
        }
        return new IllegalArgumentException(what + ": " + (root == ex ? ex.getMessage() : ex.getMessage() + ": " + root.getMessage()), ex);
    }

    /**
     * A client-wide metric of a client (not a per-node or per-topic one).
     *
     * @param metrics the client's metrics.
     * @param name    the metric's name.
     * @return the metric, or null.
     */
    static Metric metric(final Map<MetricName, ? extends Metric> metrics, final String name)
    {
        for (final Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet())
        {
            if (e.getKey().name().equals(name) && e.getKey().group().endsWith("-metrics") && e.getKey().tags().size() <= 1)
            {
                return e.getValue();
            }
        }
        return null;
    }
}
