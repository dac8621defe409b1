package io.tickertape.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The monitor page's files, read once from the transport's resources when the server starts: the HTML
 * ({@code /}), its script ({@code /monitor.js}) and its style sheet ({@code /monitor.css}). The page holds no script
 * or style of its own, so its content security policy can refuse every inline one.
 *
 * @param html   the page.
 * @param script the page's script.
 * @param style  the page's style sheet.
 */
record MonitorPage(byte[] html, byte[] script, byte[] style)
{
    static MonitorPage load()
    {
        return new MonitorPage(resource("monitor.html"), resource("monitor.js"), resource("monitor.css"));
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = MonitorPage.class.getResourceAsStream(name))
        {
            if (null == in)
            {
                throw new IllegalStateException(name + " missing from the transport's resources");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
