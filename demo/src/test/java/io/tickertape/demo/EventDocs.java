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
    /** The events document's name in docs/. */
    static final String EVENTS = "EVENTS.md";
    /** The HTTP API document's name in docs/; its example replies follow {@code <!-- reply: /path?query -->}. */
    static final String HTTP_API = "HTTP_API.md";

    private static final Pattern BLOCK = Pattern.compile("<!-- examples: ([a-z_]+) -->\\n```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REPLY = Pattern.compile("<!-- reply: (\\S+) -->\\n```\\n\\$ curl -s '[^']*'\\n(.*?)```", Pattern.DOTALL);

    private EventDocs()
    {
    }

    /**
     * A document of docs/, from the demo module's directory (where Maven runs its tests) or from the repository's
     * root.
     *
     * @param name the file's name.
     * @return its path.
     */
    static Path locate(final String name)
    {
        final Path fromModule = Path.of("..", "docs", name);
        return Files.exists(fromModule) ? fromModule : Path.of("docs", name);
    }

    static String read(final String name) throws IOException
    {
        return Files.readString(locate(name));
    }

    /**
     * The example replies of the HTTP API document: the request's path and query, and the reply's text.
     *
     * @param markdown the document.
     * @return reply text by request.
     */
    static Map<String, String> replies(final String markdown)
    {
        final Map<String, String> replies = new LinkedHashMap<>();
        final Matcher m = REPLY.matcher(markdown);
        while (m.find())
        {
            replies.put(m.group(1), m.group(2));
        }
        return replies;
    }

    /**
     * The document with each marked reply replaced: the {@code curl} line and the reply's text.
     *
     * @param markdown the document.
     * @param replies  for each marked request, the request as run (its query may differ: real ids) and the reply.
     * @return the new document.
     */
    static String replaceReplies(final String markdown, final Map<String, String[]> replies)
    {
        final Matcher m = REPLY.matcher(markdown);
        final StringBuilder out = new StringBuilder();
        while (m.find())
        {
            final String[] reply = replies.get(m.group(1));
            if (null == reply)
            {
                throw new IllegalStateException("no reply for " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- reply: " + m.group(1) + " -->\n```\n$ curl -s 'localhost:9000" +
                reply[0] + "'\n" + reply[1] + "\n```"));
        }
        m.appendTail(out);
        return out.toString();
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
