package io.tickertape.transport;

/**
 * A request that cannot be served as asked: answered with 400 and the message, changing nothing.
 * Carries no stack trace: it is an answer, not a fault.
 */
final class BadRequestException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    BadRequestException(final String message)
    {
        super(message, null, false, false);
    }
}
