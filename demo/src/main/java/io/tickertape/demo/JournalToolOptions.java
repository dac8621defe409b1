package io.tickertape.demo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Set;

import io.tickertape.bus.EventType;

/**
 * The command line of a journal tool: {@code verify DIR}, {@code dump DIR [--from T] [--to T] [--type X[,Y]]},
 * {@code tail DIR [--type X[,Y]]}. Every flag is checked; a bad one is an {@link IllegalArgumentException} saying
 * which and why.
 *
 * @param tool       verify, dump or tail.
 * @param directory  the journal's directory.
 * @param fromNanos  only events at or after this time, nanoseconds since the epoch ({@link Long#MIN_VALUE}: all).
 * @param toNanos    only events before this time ({@link Long#MAX_VALUE}: all).
 * @param types      by type id, whether events of that type are wanted; null for every type.
 */
record JournalToolOptions(String tool, Path directory, long fromNanos, long toNanos, boolean[] types)
{
    static final Set<String> TOOLS = Set.of("verify", "dump", "tail");

    /**
     * Parse a tool's arguments.
     *
     * @param args the command line, the tool's name first.
     * @return the options.
     * @throws IllegalArgumentException saying which argument is wrong and why.
     * @throws DemoConfig.HelpRequested  for {@code --help}.
     */
    static JournalToolOptions parse(final String[] args)
    {
        final String tool = args[0];
        Path directory = null;
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        boolean[] types = null;
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h"))
            {
                throw new DemoConfig.HelpRequested();
            }
            if (!arg.startsWith("-") || arg.equals("-"))
            {
                if (null != directory)
                {
                    throw new IllegalArgumentException("one journal directory only, got '" + directory + "' and '" + arg + "'");
                }
                directory = directory(arg);
                continue;
            }
            final boolean known = switch (tool)
            {
                case "dump" -> arg.equals("--from") || arg.equals("--to") || arg.equals("--type");
                case "tail" -> arg.equals("--type");
                default -> false;
            };
            if (!known)
            {
                throw new IllegalArgumentException("unknown option: " + arg);
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--from" -> from = time(arg, value);
                case "--to" -> to = time(arg, value);
                default -> types = types(value);
            }
        }
        if (null == directory)
        {
            throw new IllegalArgumentException("needs the journal's directory: " + tool + " DIR");
        }
        if (from >= to)
        {
            throw new IllegalArgumentException("--from must be before --to");
        }
        return new JournalToolOptions(tool, directory, from, to, types);
    }

    private static Path directory(final String value)
    {
        try
        {
            return Path.of(value);
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException("not a path: '" + value + "'");
        }
    }

    /**
     * A time: an ISO-8601 instant ({@code 2026-03-02T09:15:00Z}, or with an offset) or epoch milliseconds.
     *
     * @return nanoseconds since the epoch.
     */
    static long time(final String flag, final String value)
    {
        final String text = value.trim();
        try
        {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit))
            {
                return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
            }
            final Instant instant = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeException | ArithmeticException | NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " must be an ISO-8601 instant (e.g. 2026-03-02T09:15:00Z) or epoch " +
                "milliseconds, from 1970 to 2262, got '" + value + "'");
        }
    }

    private static boolean[] types(final String value)
    {
        final boolean[] types = new boolean[EventType.MAX_TYPES];
        for (final String name : value.split(",", -1))
        {
            try
            {
                types[EventType.of(name.trim()).id()] = true;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--type: " + ex.getMessage(), ex);
            }
        }
        return types;
    }

    /** @return whether an event of this type is wanted. */
    boolean wants(final EventType type)
    {
        return null == types || types[type.id()];
    }
}
