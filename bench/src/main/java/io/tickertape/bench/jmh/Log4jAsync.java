package io.tickertape.bench.jmh;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLogger;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Sets up Log4j 2 with every logger asynchronous ({@code AsyncLoggerContextSelector}, on the Disruptor), as the
 * Log4j peers use it, and checks that it really is asynchronous: a benchmark that silently logged synchronously
 * would measure something else.
 */
final class Log4jAsync
{
    private Log4jAsync()
    {
    }

    /**
     * The async logger context, before anything in this JVM has touched Log4j.
     *
     * @param ringSize slots of the async loggers' ring.
     * @return the context.
     */
    static AsyncLoggerContext context(final int ringSize)
    {
        System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
        System.setProperty("log4j2.asyncLoggerRingBufferSize", Integer.toString(ringSize));
        final LoggerContext context = (LoggerContext)LogManager.getContext(false);
        if (!(context instanceof AsyncLoggerContext))
        {
            throw new IllegalStateException("not an async logger context: " + context.getClass().getName() +
                " (Log4j was set up in this JVM before the context selector was set)");
        }
        return (AsyncLoggerContext)context;
    }

    /**
     * Make {@code appender} the only appender, at INFO, and return an async logger that logs to it.
     *
     * @param context    the context from {@link #context(int)}.
     * @param appender   the appender, not yet started.
     * @param loggerName the logger's name.
     * @return the logger.
     */
    static Logger routeTo(final LoggerContext context, final Appender appender, final String loggerName)
    {
        final Configuration config = context.getConfiguration();
        appender.start();
        config.addAppender(appender);
        final LoggerConfig root = config.getRootLogger();
        for (final String name : root.getAppenders().keySet())
        {
            root.removeAppender(name);
        }
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
        final Logger logger = LogManager.getLogger(loggerName);
        if (!(logger instanceof AsyncLogger))
        {
            throw new IllegalStateException("not an async logger: " + logger.getClass().getName());
        }
        return logger;
    }
}
