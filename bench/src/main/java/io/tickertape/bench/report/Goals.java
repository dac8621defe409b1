package io.tickertape.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The speed goals of docs/BENCHMARKS.md beside what one run measured, as a Markdown table: each goal, its figure, and
 * whether it was met. Reads a directory that {@code bench/goals.sh} filled: every {@code *.json} in it as JMH results
 * and the harnesses' output as {@code stalls.txt}, {@code latency.txt}, {@code latency-floors.txt}, {@code fairness.txt} and
 * {@code widefanout.txt}. A goal whose
 * figures are not in the directory is listed as not measured.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.tickertape.bench.report.Goals bench/target/goals
 * </pre>
 */
public final class Goals
{
    private static final Pattern P99 = Pattern.compile("p99=([0-9.]+)");
    private static final Pattern LATENCY_RATIO = Pattern.compile("Tickertape / floor: ([0-9.]+)x");
    private static final Pattern FLOORS_RATIO = Pattern.compile("second floor / floor: ([0-9.]+)x");
    private static final Pattern ROUNDS_ABOVE = Pattern.compile("above the floor's in ([0-9]+) of ([0-9]+) rounds");
    private static final Pattern STALLS_OVER_MILLI =
        Pattern.compile("^all threads: .*over 1 ms ([0-9.]+)% \\(\\d+ of them\\), longest ([0-9.]+) ms");
    private static final Pattern RSS_PER_CLIENT = Pattern.compile("^per client: .*RSS ([0-9,]+) B");
    /** Below this, a B/op figure is JMH's own bookkeeping spread over the operations, not the code measured. */
    private static final double NOISE_BYTES = 1.0;

    private final List<JmhResults.Result> results = new ArrayList<>();
    private final Path dir;
    private final StringBuilder table = new StringBuilder("| goal | measured in this run | |\n|---|---|---|\n");

    private Goals(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * Print the table.
     *
     * @param args the directory of results.
     * @throws IOException if the directory cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0])))
        {
            throw new IllegalArgumentException("usage: Goals <directory of JMH *.json results and harness outputs>");
        }
        final Goals goals = new Goals(Path.of(args[0]));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(goals.dir, "*.json"))
        {
            for (final Path file : files)
            {
                goals.results.addAll(JmhResults.read(file));
            }
        }
        System.out.print(goals.render());
    }

    private String render()
    {
        pipelineGoals();
        publishGoals();
        allocationGoals();
        harnessGoals();
        return table.toString();
    }

    private void pipelineGoals()
    {
        final JmhResults.Result one = pipeline("PipelineThroughput.oneProducer");
        final JmhResults.Result three = pipeline("PipelineThroughput.threeProducers");
        final JmhResults.Result log4j = pipeline("PeerPipelines.log4jJsonTemplate");
        final JmhResults.Result naive = pipeline("PeerPipelines.naiveDisruptorJackson");
        if (null == one)
        {
            row("collector at most 200 ns of CPU per order event", null, false);
            row("pipeline at least 4 M events/s, one producer", null, false);
        }
        else
        {
            final double cpu = ratio(one.secondary(), "collectorCpuNanos", "collectedEvents");
            row("collector at most 200 ns of CPU per order event", format("%.0f ns", cpu), cpu <= 200);
            row("pipeline at least 4 M events/s, one producer", millions(one), median(one) >= 4e6);
        }
        row("at least 3 M events/s, three producers", null == three ? null : millions(three), null != three && median(three) >= 3e6);
        peer("at least 8x Log4j 2's async logger with JsonTemplateLayout", one, log4j, 8);
        peer("at least 2x the naive pipeline (Disruptor and jackson-core)", one, naive, 2);
    }

    private void peer(final String goal, final JmhResults.Result ours, final JmhResults.Result theirs, final double times)
    {
        if (null == ours || null == theirs)
        {
            row(goal, null, false);
            return;
        }
        final double ratio = median(ours) / median(theirs);
        row(goal, format("%.2fx (medians %s against %s events/s)", ratio, millionsOf(median(ours)), millionsOf(median(theirs))),
            ratio >= times);
    }

    private void publishGoals()
    {
        final JmhResults.Result pacing = find("PacingBaseline.consumeCpu", "avgt", r -> true);
        final JmhResults.Result copying = find("DisruptorPublish.tryNextPublishCopying", "avgt", r -> true);
        final JmhResults.Result paired = find("PacedPublishPaired.round", "avgt", r -> true);
        for (final String method : new String[] {"eventsOrder", "claim"})
        {
            final String goal = "paced publish (" + ("claim".equals(method) ? "claim API" : "`Events.order`") +
                ") at most 1.5x the text-copying Disruptor floor, net of pacing";
            final JmhResults.Result ours = find("TickertapePublish." + method, "avgt", r -> true);
            final String separate = null == pacing || null == copying || null == ours ? null : format(
                "%.2fx (%.0f ns against %.0f ns, pacing %.0f ns)", (ours.score() - pacing.score()) /
                (copying.score() - pacing.score()), ours.score() - pacing.score(), copying.score() - pacing.score(),
                pacing.score());
            if (null == paired)
            {
                row(goal, null == separate ? null : "separate forks: " + separate, null != separate &&
                    ours.score() - pacing.score() <= 1.5 * (copying.score() - pacing.score()));
                continue;
            }
            // Judged on the paired blocks: every block of a publish beside blocks of pacing in the same JVM and
            // rounds (PacedPublishPaired says why the separate forks cannot resolve it).
            final Map<String, Double> n = paired.secondary();
            final double pacingNanos = ratio(n, "pacingNanos", "events");
            final double net = ratio(n, method + "Nanos", "events") - pacingNanos;
            final double floor = ratio(n, "floorNanos", "events") - pacingNanos;
            final Double dropped = n.get("dropped");
            row(goal, format("%.2fx in paired blocks (%.0f ns against %.0f ns, pacing %.0f ns%s)%s", net / floor, net,
                floor, pacingNanos, null == dropped || dropped == 0 ? "" : format(", %.0f events dropped", dropped),
                null == separate ? "" : "; in separate forks " + separate), net <= 1.5 * floor && (null == dropped || dropped == 0));
        }
        final JmhResults.Result burstFloor = find("PublishBurst.disruptorCopying", "ss", r -> true);
        for (final String method : new String[] {"eventsOrder", "claim"})
        {
            final String goal = "unpaced burst (" + ("claim".equals(method) ? "claim API" : "`Events.order`") +
                ") at most 1.5x the text-copying floor";
            final JmhResults.Result ours = find("PublishBurst." + method, "ss", r -> true);
            if (null == burstFloor || null == ours)
            {
                row(goal, null, false);
                continue;
            }
            row(goal, format("%.2fx (%.1f ns against %.1f ns an event)", ours.score() / burstFloor.score(), ours.score(),
                burstFloor.score()), ours.score() <= 1.5 * burstFloor.score());
        }
    }

    private void allocationGoals()
    {
        final List<String> figures = new ArrayList<>();
        boolean met = true;
        boolean any = false;
        for (final JmhResults.Result r : results)
        {
            final String name = r.shortName();
            final boolean ours = name.startsWith("TickertapePublish.") || name.startsWith("PublishBurst.eventsOrder") ||
                name.startsWith("PublishBurst.claim") || name.startsWith("PipelineThroughput.");
            final Double norm = r.secondary().get("gc.alloc.rate.norm");
            if (ours && null != norm && !"sample".equals(r.mode()) && pipelineParams(r))
            {
                any = true;
                met &= norm < NOISE_BYTES;
                figures.add(format("%s %.3f", name, norm));
            }
        }
        row("0 B/op on publish and collect (`-prof gc`, all threads; under " + NOISE_BYTES +
            " B/op is JMH's own bookkeeping)", any ? String.join(", ", figures) + " B/op" : null, any && met);
    }

    private void harnessGoals()
    {
        final List<String> latency = lines("latency.txt");
        final Double ratio = first(latency, LATENCY_RATIO);
        final Double busP99 = firstIn(latency, "publish -> visible in history, from intended", P99);
        final Double floorP99 = firstIn(latency, "floor: publish -> taken", P99);
        final List<String> latencyFloors = lines("latency-floors.txt");
        final Double floors = first(latencyFloors, FLOORS_RATIO);
        final String busAbove = roundsAbove(latency);
        final String floorAbove = roundsAbove(latencyFloors);
        final String latencyFigure = null == ratio ? null : format("%.2fx", ratio) +
            (null == busP99 || null == floorP99 ? "" : format(" (p99 %.1f against %.1f us)", busP99, floorP99)) +
            (null == floors ? "" : format("; two identical floors measured alike in this run: %.2fx", floors)) +
            (null == busAbove ? "" : "; rounds with the bus's p99 above the floor's: " + busAbove +
                (null == floorAbove ? "" : " (the first floor's above the second's: " + floorAbove + ")")) +
            stalls();
        row("latency p99 at most 1.2x the raw Disruptor floor's (100,000 events/s)",
            latencyFigure, null != ratio && ratio <= 1.2);

        final List<String> fairness = lines("fairness.txt");
        final Double healthz = firstIn(fairness, "/healthz round trip", P99);
        final Double frame = firstIn(fairness, "a new stream's first frame", P99);
        row("p99 at most 20 ms for a request or a new stream's first frame on a draining loop",
            null == healthz || null == frame ? null : format("`/healthz` %.1f ms, first frame %.1f ms", healthz / 1000, frame / 1000),
            null != healthz && null != frame && healthz <= 20_000 && frame <= 20_000);

        final Double rss = first(lines("widefanout.txt"), RSS_PER_CLIENT);
        row("server memory at most 64 KiB a client at 10,000 clients (resident)",
            null == rss ? null : format("%,.0f B", rss), null != rss && rss <= 64 * 1024);
    }

    private JmhResults.Result pipeline(final String name)
    {
        return find(name, "thrpt", Goals::pipelineParams);
    }

    /** The pipeline without the journal or the Kafka exporter, with the filter keys on: the goals' configuration. */
    private static boolean pipelineParams(final JmhResults.Result r)
    {
        final Map<String, String> p = r.params();
        return !"true".equals(p.get("journal")) && !"true".equals(p.get("kafka"));
    }

    private JmhResults.Result find(final String shortName, final String mode, final Predicate<JmhResults.Result> params)
    {
        for (final JmhResults.Result r : results)
        {
            if (r.shortName().equals(shortName) && r.mode().equals(mode) && params.test(r))
            {
                return r;
            }
        }
        return null;
    }

    private static double median(final JmhResults.Result r)
    {
        return Double.isNaN(r.median()) ? r.score() : r.median();
    }

    private static double ratio(final Map<String, Double> secondary, final String numerator, final String denominator)
    {
        final Double n = secondary.get(numerator);
        final Double d = secondary.get(denominator);
        return null == n || null == d || 0 == d ? Double.NaN : n / d;
    }

    private static String millions(final JmhResults.Result r)
    {
        return format("median %s events/s (score %s%s)", millionsOf(median(r)), millionsOf(r.score()),
            Double.isNaN(r.error()) ? "" : " ± " + millionsOf(r.error()));
    }

    private static String millionsOf(final double perSecond)
    {
        return format("%.2f M", perSecond / 1e6);
    }

    private void row(final String goal, final String measured, final boolean met)
    {
        table.append("| ").append(goal).append(" | ").append(null == measured ? "not measured" : measured).append(" | ")
            .append(null == measured ? "" : met ? "met" : "missed").append(" |\n");
    }

    private List<String> lines(final String name)
    {
        final Path file = dir.resolve(name);
        try
        {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** How many of the latency harness's rounds had the subject's p99 above the floor's, as "n of m", or null. */
    private static String roundsAbove(final List<String> lines)
    {
        final Matcher m = firstMatch(lines, "", ROUNDS_ABOVE);
        return null == m ? null : m.group(1) + " of " + m.group(2);
    }

    /** What the host took from two spinning cores in this run (HostStalls), as a clause, or nothing. */
    private String stalls()
    {
        final Matcher m = firstMatch(lines("stalls.txt"), "", STALLS_OVER_MILLI);
        return null == m ? "" : format(
            "; stalls of 1 ms or more took %s%% of a spinning core's time in this run, the longest %s ms", m.group(1), m.group(2));
    }

    private static Double first(final List<String> lines, final Pattern pattern)
    {
        return firstIn(lines, "", pattern);
    }

    private static Double firstIn(final List<String> lines, final String containing, final Pattern pattern)
    {
        final Matcher m = firstMatch(lines, containing, pattern);
        return null == m ? null : Double.parseDouble(m.group(1).replace(",", ""));
    }

    /** The match in the first line that contains {@code containing} and matches {@code pattern}, or null. */
    private static Matcher firstMatch(final List<String> lines, final String containing, final Pattern pattern)
    {
        for (final String line : lines)
        {
            final Matcher m = pattern.matcher(line);
            if (line.contains(containing) && m.find())
            {
                return m;
            }
        }
        return null;
    }

    private static String format(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }
}
