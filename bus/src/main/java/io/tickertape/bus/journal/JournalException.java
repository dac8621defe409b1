package io.tickertape.bus.journal;

/**
 * A journal that cannot be opened as asked: its directory cannot be made or written, it holds files of another
 * format or of another layout version, or its metadata is damaged. The message names the path and the reason.
 */
public final class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what and where.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what and where.
     * @param cause   the I/O failure behind it.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
