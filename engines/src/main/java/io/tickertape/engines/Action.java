package io.tickertape.engines;

/**
 * What a strategy decided for an instrument.
 */
enum Action
{
    /** Open a long position. */
    BUY,
    /** Open a short position. */
    SELL,
    /** Close the open position. */
    EXIT,
    /** Do nothing. */
    HOLD;

    private final String label = name();

    /** @return the name as written in events (a constant, so writing it allocates nothing). */
    String label()
    {
        return label;
    }

    /** @return true for BUY, SELL and EXIT: the decisions that become signals. */
    boolean isSignal()
    {
        return this != HOLD;
    }
}
