package io.tickertape.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

class EngineErrorLogTest
{
    private record Distinct(int observations, String stackTrace)
    {
    }

    private static List<Distinct> distinct(final EngineErrorLog log)
    {
        final List<Distinct> errors = new ArrayList<>();
        log.read((observations, first, last, stackTrace) -> errors.add(new Distinct(observations, stackTrace)));
        return errors;
    }

    private static void fail(final ErrorHandler handler, final String message)
    {
        handler.onError(new IllegalStateException(message));
    }

    @Test
    void shouldCountErrorsPerEngineAndRecordEachDistinctCauseOnce()
    {
        final EngineErrorLog log = new EngineErrorLog(2, EngineErrorLog.CAPACITY_DEFAULT);
        final AtomicCounter marketErrors = log.newCounter("market_data");
        final AtomicCounter strategyErrors = log.newCounter("strategy");
        final ErrorHandler market = log.handler("market_data", marketErrors);
        final ErrorHandler strategy = log.handler("strategy", strategyErrors);

        for (int i = 0; i < 1_001; i++)
        {
            fail(i < 1_000 ? market : strategy, "the same failure"); // one line: the same stack trace
        }
        fail(strategy, "another failure");

        assertThat(marketErrors.get()).isEqualTo(1_000);
        assertThat(strategyErrors.get()).isEqualTo(2);
        final List<Distinct> errors = distinct(log);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).observations()).isEqualTo(1_001);
        assertThat(errors.get(0).stackTrace()).startsWith("java.lang.IllegalStateException: the same failure");
        assertThat(errors.get(1).observations()).isEqualTo(1);
        assertThat(errors.get(1).stackTrace()).startsWith("java.lang.IllegalStateException: another failure");
    }

    @Test
    void shouldCountErrorsWithoutThrowingOnceTheLogIsFull()
    {
        final EngineErrorLog log = new EngineErrorLog(1, 16 * 1_024);
        final AtomicCounter errors = log.newCounter("execution");
        final ErrorHandler handler = log.handler("execution", errors);

        for (int i = 0; i < 100; i++)
        {
            fail(handler, "failure " + i);
        }

        assertThat(errors.get()).isEqualTo(100);
        assertThat(distinct(log)).as("as many as fit").isNotEmpty().hasSizeLessThan(100);
    }
}
