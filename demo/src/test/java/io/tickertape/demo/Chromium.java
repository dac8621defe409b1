package io.tickertape.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.tickertape.bus.Json;

/**
 * Headless Chromium driven over its DevTools protocol with the JDK's own WebSocket client: navigate, evaluate
 * JavaScript, collect console errors and uncaught exceptions, take screenshots. Enough to test a page as a person
 * would see it, without a browser driver or a download.
 */
final class Chromium implements AutoCloseable
{
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    static boolean available()
    {
        return Files.isExecutable(EXECUTABLE);
    }

    Chromium(final int width, final int height) throws Exception
    {
        profile = Files.createTempDirectory("chromium-profile");
        process = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            "--disable-extensions", "--user-data-dir=" + profile, "--remote-debugging-port=0",
            "--window-size=" + width + "," + height, "about:blank")
            .redirectErrorStream(true).start();
        final String browserUrl = devToolsUrl();
        final URI http = URI.create(browserUrl.replace("ws://", "http://"));
        final String list = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://" + http.getHost() + ":" + http.getPort() + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final String pageUrl = pageWebSocket(list);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener())
            .get(30, TimeUnit.SECONDS);
        send("Runtime.enable", "{}");
        send("Log.enable", "{}");
        send("Page.enable", "{}");
        send("Emulation.setDeviceMetricsOverride",
            "{\"width\":" + width + ",\"height\":" + height + ",\"deviceScaleFactor\":1,\"mobile\":false}");
    }

    private String devToolsUrl() throws IOException
    {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; System.nanoTime() < deadline && null != (line = out.readLine()); )
        {
            final int at = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && at >= 0)
            {
                final Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return line.substring(at).trim();
            }
        }
        throw new IOException("Chromium did not report its DevTools address");
    }

    @SuppressWarnings("unchecked")
    private static String pageWebSocket(final String list)
    {
        for (final Object target : (List<Object>)Json.parse(list))
        {
            final Map<String, Object> t = (Map<String, Object>)target;
            if ("page".equals(t.get("type")))
            {
                return (String)t.get("webSocketDebuggerUrl");
            }
        }
        throw new IllegalStateException("no page target in " + list);
    }

    /** Send a command and wait for its result. */
    Map<String, Object> send(final String method, final String paramsJson) throws Exception
    {
        final int id = ids.incrementAndGet();
        final CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true)
            .get(10, TimeUnit.SECONDS);
        final Map<String, Object> message = reply.get(30, TimeUnit.SECONDS);
        if (message.containsKey("error"))
        {
            throw new IllegalStateException(method + " failed: " + message.get("error"));
        }
        return message;
    }

    void navigate(final String url) throws Exception
    {
        send("Page.navigate", "{\"url\":" + quote(url) + "}");
    }

    /** Evaluate an expression in the page and return its value (JSON-compatible values only). */
    @SuppressWarnings("unchecked")
    Object eval(final String expression) throws Exception
    {
        final Map<String, Object> reply = send("Runtime.evaluate",
            "{\"expression\":" + quote(expression) + ",\"returnByValue\":true,\"awaitPromise\":true}");
        final Map<String, Object> result = (Map<String, Object>)reply.get("result");
        if (result.containsKey("exceptionDetails"))
        {
            throw new IllegalStateException("page threw evaluating " + expression + ": " + result.get("exceptionDetails"));
        }
        return ((Map<String, Object>)result.get("result")).get("value");
    }

    @SuppressWarnings("unchecked")
    void screenshot(final Path file) throws Exception
    {
        final Map<String, Object> reply = send("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        final String data = (String)((Map<String, Object>)reply.get("result")).get("data");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    /** Console errors, uncaught exceptions and error log entries seen so far, as text. */
    List<String> errors()
    {
        return errors;
    }

    static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @SuppressWarnings("unchecked")
    private void onMessage(final Map<String, Object> message)
    {
        final Object id = message.get("id");
        if (id instanceof Long)
        {
            final CompletableFuture<Map<String, Object>> reply = pending.remove(((Long)id).intValue());
            if (null != reply)
            {
                reply.complete(message);
            }
            return;
        }
        final String method = String.valueOf(message.get("method"));
        final Map<String, Object> params = (Map<String, Object>)message.get("params");
        switch (method)
        {
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.get("exceptionDetails"));
            case "Runtime.consoleAPICalled" ->
            {
                if ("error".equals(params.get("type")) || "assert".equals(params.get("type")))
                {
                    errors.add("console." + params.get("type") + ": " + params.get("args"));
                }
            }
            case "Log.entryAdded" ->
            {
                final Map<String, Object> entry = (Map<String, Object>)params.get("entry");
                if ("error".equals(entry.get("level")))
                {
                    errors.add("log (" + entry.get("source") + "): " + entry.get("text") + " " + entry.get("url"));
                }
            }
            default ->
            {
            }
        }
        for (final Consumer<Map<String, Object>> listener : listeners)
        {
            listener.accept(message);
        }
    }

    private final class Listener implements WebSocket.Listener
    {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                final String text = partial.toString();
                partial.setLength(0);
                onMessage(Json.object(text));
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws Exception
    {
        try
        {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
        catch (final Exception ignore)
        {
            // the browser is going away regardless
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(profile))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
