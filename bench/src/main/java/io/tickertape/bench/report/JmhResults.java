package io.tickertape.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads the JSON result file JMH writes with {@code -rf json}, keeping what the chart needs, with jackson-core's
 * streaming parser.
 */
final class JmhResults
{
    /**
     * One benchmark result.
     *
     * @param benchmark the full method name, e.g. {@code io.tickertape.bench.jmh.TickertapePublish.claim}.
     * @param mode      JMH's short mode name: {@code avgt}, {@code sample}, {@code thrpt}, {@code ss}.
     * @param params    the {@code @Param} values of this run.
     * @param score     the primary score.
     * @param error     the score's error (NaN when JMH had too few samples to give one).
     * @param median    the median of the primary metric's iterations (NaN when JMH wrote none).
     * @param unit      the score's unit, e.g. {@code ns/op}.
     * @param secondary each secondary metric's score by name ({@code accepted}, {@code dropped},
     *                  {@code gc.alloc.rate.norm}...).
     */
    record Result(String benchmark, String mode, Map<String, String> params, double score, double error, double median,
                  String unit, Map<String, Double> secondary)
    {
        /** @return the class and method, without the package: {@code TickertapePublish.claim}. */
        String shortName()
        {
            final int method = benchmark.lastIndexOf('.');
            final int type = benchmark.lastIndexOf('.', method - 1);
            return benchmark.substring(type + 1);
        }
    }

    private JmhResults()
    {
    }

    /**
     * Read a result file.
     *
     * @param file JMH's JSON output.
     * @return the results, in file order.
     */
    static List<Result> read(final Path file)
    {
        final List<Result> results = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(ObjectReadContext.empty(), file.toFile()))
        {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT)
            {
                results.add(readResult(p));
            }
        }
        return results;
    }

    private static Result readResult(final JsonParser p)
    {
        String benchmark = "";
        String mode = "";
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, Double> secondary = new LinkedHashMap<>();
        double[] primary = {Double.NaN, Double.NaN, Double.NaN};
        String[] unit = {""};
        while (p.nextToken() == JsonToken.PROPERTY_NAME)
        {
            final String name = p.currentName();
            p.nextToken();
            switch (name)
            {
                case "benchmark" -> benchmark = p.getString();
                case "mode" -> mode = p.getString();
                case "params" ->
                {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME)
                    {
                        final String key = p.currentName();
                        p.nextToken();
                        params.put(key, p.getString());
                    }
                }
                case "primaryMetric" -> readMetric(p, primary, unit);
                case "secondaryMetrics" ->
                {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME)
                    {
                        final String key = p.currentName();
                        p.nextToken();
                        final double[] value = {Double.NaN, Double.NaN};
                        readMetric(p, value, new String[1]);
                        secondary.put(key, value[0]);
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Result(benchmark, mode, params, primary[0], primary[1], primary[2], unit[0], secondary);
    }

    /**
     * Reads {@code score}, {@code scoreError}, the 50th of {@code scorePercentiles} (into a third element of
     * {@code scoreAndError}, if it has one) and {@code scoreUnit} of a metric object; skips the rest.
     */
    private static void readMetric(final JsonParser p, final double[] scoreAndError, final String[] unit)
    {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.PROPERTY_NAME)
        {
            final String name = p.currentName();
            final JsonToken value = p.nextToken();
            switch (name)
            {
                case "score" -> scoreAndError[0] = number(p, value);
                case "scoreError" -> scoreAndError[1] = number(p, value);
                case "scoreUnit" -> unit[0] = p.getString();
                case "scorePercentiles" ->
                {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME)
                    {
                        final String percentile = p.currentName();
                        final JsonToken token = p.nextToken();
                        if ("50.0".equals(percentile) && scoreAndError.length > 2)
                        {
                            scoreAndError[2] = number(p, token);
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /** JMH writes a missing figure as the string {@code "NaN"}. */
    private static double number(final JsonParser p, final JsonToken token)
    {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            return p.getDoubleValue();
        }
        try
        {
            return Double.parseDouble(p.getString());
        }
        catch (final NumberFormatException | NullPointerException ex)
        {
            return Double.NaN;
        }
    }

    private static void expect(final JsonToken actual, final JsonToken expected)
    {
        if (actual != expected)
        {
            throw new IllegalArgumentException("not a JMH JSON result file: expected " + expected + ", found " + actual);
        }
    }
}
