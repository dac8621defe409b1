package io.tickertape.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of docs/EVENTS.md: each section's JSON block follows a marker naming its type,
 * {@code <!-- examples: order_event -->}, and holds one event per line.
 */
final class EventDocs
{
    /** The file, from the demo module's directory (where Maven runs its tests) or from the repository's root. */
    static final Path FROM_MODULE = Path.of("..", "docs", "EVENTS.md");
    static final Path FROM_ROOT = Path.of("docs", "EVENTS.md");

    private static final Pattern BLOCK = Pattern.compile("<!-- examples: ([a-z_]+) -->\\n```json\\n(.*?)```", Pattern.DOTALL);

    private EventDocs()
    {
    }

    static Path locate()
    {
        return Files.exists(FROM_MODULE) ? FROM_MODULE : FROM_ROOT;
    }

    static String read() throws IOException
    {
        return Files.readString(locate());
    }

    /**
     * The examples of each type, in the order they appear.
     *
     * @param markdown the document.
     * @return JSON lines by type.
     */
    static Map<String, List<String>> examples(final String markdown)
    {
        final Map<String, List<String>> examples = new LinkedHashMap<>();
        final Matcher m = BLOCK.matcher(markdown);
        while (m.find())
        {
            final List<String> lines = new ArrayList<>(Arrays.asList(m.group(2).split("\\n")));
            lines.removeIf(String::isBlank);
            examples.computeIfAbsent(m.group(1), t -> new ArrayList<>()).addAll(lines);
        }
        return examples;
    }

    /**
     * The document with each marked block's lines replaced.
     *
     * @param markdown the document.
     * @param examples new lines by type; every marked type must have some.
     * @return the new document.
     */
    static String replace(final String markdown, final Map<String, List<String>> examples)
    {
        final Matcher m = BLOCK.matcher(markdown);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            final List<String> lines = examples.get(m.group(1));
            if (null == lines || lines.isEmpty())
            {
                throw new IllegalStateException("no examples for " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(
                "<!-- examples: " + m.group(1) + " -->\n```json\n" + String.join("\n", lines) + "\n```"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
