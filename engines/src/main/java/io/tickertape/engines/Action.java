package io.tickertape.engines;

/**
 * What a strategy decided for an instrument.
 */
public enum Action
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
    public String label()
    {
        return label;
    }

    /** @return true for BUY, SELL and EXIT: the decisions that become signals. */
    public boolean isSignal()
    {
        return this != HOLD;
    }
}
