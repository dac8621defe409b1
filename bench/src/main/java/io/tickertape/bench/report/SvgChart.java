package io.tickertape.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes the publish-cost results of a JMH run as a horizontal bar chart in SVG: one bar per implementation (mean
 * time per publish, {@code avgt} mode), labelled with the score, its error, the score less the pacing baseline of the
 * same {@code tokens}, and the events dropped during the run when there were any (a run that dropped measured a
 * full ring, not a publish).
 * <pre>
 * java -jar bench/target/benchmarks.jar 'Publish|PacingBaseline' -rf json -rff results.json
 * java -cp bench/target/benchmarks.jar io.tickertape.bench.report.SvgChart results.json publish-cost.svg ['regex']
 * </pre>
 * The optional regex picks benchmarks by name (default: the publish benchmarks and the baseline).
 */
public final class SvgChart
{
    private static final String DEFAULT_FILTER = "Publish\\.|PacingBaseline\\.";
    private static final String BASELINE = "PacingBaseline.consumeCpu";
    private static final int WIDTH = 1000;
    private static final int LABEL_WIDTH = 280;
    private static final int BAR_WIDTH = 400;
    private static final int ROW = 30;
    private static final int TOP = 92;

    private SvgChart()
    {
    }

    /** One bar. */
    record Bar(String label, double score, double error, String note)
    {
    }

    /** The bars, and the parameters every bar shared (said once, under the title). */
    record Chart(List<Bar> bars, String sharedParams)
    {
    }

    /**
     * Write the chart.
     *
     * @param args input JSON, output SVG, optional name filter (regex).
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 2)
        {
            System.err.println("usage: SvgChart results.json chart.svg ['benchmark regex']");
            System.exit(2);
        }
        final Pattern filter = Pattern.compile(args.length > 2 ? args[2] : DEFAULT_FILTER);
        final List<JmhResults.Result> results = JmhResults.read(Path.of(args[0]));
        final Chart chart = chart(results, filter);
        final List<Bar> bars = chart.bars();
        if (bars.isEmpty())
        {
            System.err.println("no avgt results in ns/op matching '" + filter + "' in " + args[0]);
            System.exit(1);
        }
        Files.writeString(Path.of(args[1]), svg(chart), StandardCharsets.UTF_8);
        System.out.println("wrote " + bars.size() + " bars to " + args[1]);
    }

    static Chart chart(final List<JmhResults.Result> results, final Pattern filter)
    {
        final List<JmhResults.Result> chosen = new ArrayList<>();
        for (final JmhResults.Result r : results)
        {
            if ("avgt".equals(r.mode()) && r.unit().startsWith("ns/") && filter.matcher(r.benchmark()).find())
            {
                chosen.add(r);
            }
        }
        final Map<String, String> shared = new TreeMap<>();
        if (!chosen.isEmpty())
        {
            shared.putAll(chosen.get(0).params());
            for (final JmhResults.Result r : chosen)
            {
                shared.entrySet().removeIf(e -> !e.getValue().equals(r.params().get(e.getKey())));
            }
        }
        final List<Bar> bars = new ArrayList<>();
        for (final JmhResults.Result r : chosen)
        {
            final StringBuilder note = new StringBuilder();
            final double baseline = baseline(results, r.params().get("tokens"));
            if (!r.shortName().equals(BASELINE) && !Double.isNaN(baseline))
            {
                note.append(String.format(Locale.ROOT, "net %.1f", r.score() - baseline));
            }
            final Double dropped = r.secondary().get("dropped");
            if (null != dropped && dropped > 0)
            {
                note.append(note.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "DROPPED %.0f", dropped));
            }
            final Map<String, String> own = new TreeMap<>(r.params());
            own.keySet().removeAll(shared.keySet());
            bars.add(new Bar(r.shortName() + params(own, " (", ")"), r.score(), r.error(), note.toString()));
        }
        // The baseline first, then the cheapest to the dearest.
        bars.sort(Comparator.comparing((Bar b) -> !b.label().startsWith(BASELINE)).thenComparingDouble(Bar::score));
        return new Chart(bars, params(shared, "", ""));
    }

    private static double baseline(final List<JmhResults.Result> results, final String tokens)
    {
        for (final JmhResults.Result r : results)
        {
            if (r.shortName().equals(BASELINE) && "avgt".equals(r.mode()) &&
                (null == tokens || tokens.equals(r.params().get("tokens"))))
            {
                return r.score();
            }
        }
        return Double.NaN;
    }

    private static String params(final Map<String, String> params, final String open, final String close)
    {
        if (params.isEmpty())
        {
            return "";
        }
        final StringBuilder s = new StringBuilder();
        params.forEach((k, v) -> s.append(s.length() > 0 ? ", " : "").append(k).append('=').append(v));
        return open + s + close;
    }

    static String svg(final Chart chart)
    {
        final List<Bar> bars = chart.bars();
        double max = 0;
        for (final Bar b : bars)
        {
            max = Math.max(max, b.score() + (Double.isNaN(b.error()) ? 0 : b.error()));
        }
        final double step = niceStep(max / 5);
        final double axisMax = Math.max(step, Math.ceil(max / step) * step);
        final double scale = BAR_WIDTH / axisMax;
        final int height = TOP + bars.size() * ROW + 40;

        final StringBuilder s = new StringBuilder(4096);
        s.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        s.append("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Publish cost per event (mean, ns)</text>\n");
        s.append("<text x=\"10\" y=\"42\" fill=\"#555\">bar: mean, pacing included; net: less the pacing baseline" +
            " of the same tokens; error bar: 99.9% confidence interval</text>\n");
        s.append("<text x=\"10\" y=\"58\" fill=\"#555\">orange: the run dropped events (its ring was full), so it" +
            " measured the drop path as well</text>\n");
        if (!chart.sharedParams().isEmpty())
        {
            s.append("<text x=\"10\" y=\"74\" fill=\"#555\">").append(escape(chart.sharedParams())).append("</text>\n");
        }

        for (double v = 0; v <= axisMax + step / 2; v += step)
        {
            final double x = LABEL_WIDTH + v * scale;
            s.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, TOP - 8, x, TOP + bars.size() * ROW));
            s.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                x, TOP + bars.size() * ROW + 18, format(v)));
        }

        for (int i = 0; i < bars.size(); i++)
        {
            final Bar b = bars.get(i);
            final int y = TOP + i * ROW;
            final double w = Math.max(1, b.score() * scale);
            final boolean baseline = b.label().startsWith(BASELINE);
            s.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + 15, escape(b.label())));
            s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>%n",
                LABEL_WIDTH, y + 2, w, baseline ? "#bbbbbb" : b.note().contains("DROPPED") ? "#d9822b" : "#2b6cb0"));
            if (!Double.isNaN(b.error()) && b.error() > 0)
            {
                final double lo = LABEL_WIDTH + Math.max(0, b.score() - b.error()) * scale;
                final double hi = LABEL_WIDTH + (b.score() + b.error()) * scale;
                s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\"/>%n", lo, y + 12, hi, y + 12));
            }
            final String value = format(b.score()) + (Double.isNaN(b.error()) ? "" : " \u00b1 " + format(b.error())) +
                (b.note().isEmpty() ? "" : "  (" + b.note() + ")");
            s.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL_WIDTH + w + 6, y + 15, escape(value)));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(final double rough)
    {
        if (!(rough > 0))
        {
            return 1;
        }
        final double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        for (final double m : new double[] {1, 2, 5, 10})
        {
            if (m * magnitude >= rough)
            {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(final double v)
    {
        return v >= 100 || v == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
