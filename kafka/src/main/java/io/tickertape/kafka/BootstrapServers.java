package io.tickertape.kafka;

import org.apache.kafka.common.utils.Utils;

/**
 * The check of a Kafka bootstrap server list ({@code host:port[,host:port...]}, a bracketed IPv6 address allowed)
 * before any client is made with it: Kafka's own client refuses a malformed one only when it is built, with an
 * exception that a command line should not show. Each entry is read with Kafka's own {@link Utils#getHost} and
 * {@link Utils#getPort}, so what passes here is what the clients accept.
 */
public final class BootstrapServers
{
    private BootstrapServers()
    {
    }

    /**
     * Check a bootstrap server list.
     *
     * @param servers the list, comma-separated.
     * @return the list, trimmed.
     * @throws IllegalArgumentException naming the first entry that is not {@code host:port} with a port from 1 to
     *                                  65535.
     */
    public static String check(final String servers)
    {
        return check(servers, null);
    }

    /**
     * Check a bootstrap server list given as an option.
     *
     * @param servers the list, comma-separated.
     * @param option  the option's name, which starts the message of a refusal (as {@code --kafka: ...}), or null.
     * @return the list, trimmed.
     * @throws IllegalArgumentException naming the option and the first entry that is not {@code host:port} with a
     *                                  port from 1 to 65535.
     */
    public static String check(final String servers, final String option)
    {
        final String prefix = null == option ? "" : option + ": ";
        if (null == servers || servers.isBlank())
        {
            throw new IllegalArgumentException(prefix + "bootstrap servers must be set (host:port[,host:port...])");
        }
        for (final String entry : servers.split(",", -1))
        {
            final String server = entry.trim();
            final String host = Utils.getHost(server);
            final Integer port = Utils.getPort(server);
            if (null == host || host.isEmpty() || null == port || port < 1 || port > 65535)
            {
                throw new IllegalArgumentException(prefix + "bootstrap server '" + server + "' is not host:port (port 1 to 65535) in '" +
                    servers.trim() + "'");
            }
        }
        return servers.trim();
    }
}
