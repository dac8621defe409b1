package io.tickertape.bench.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The order events every publish benchmark sends: the same values, in the same sequence, for every peer. Ids cycle
 * through 1024 prebuilt strings (an order path has its ids already), quantities and prices vary so nothing is
 * constant-folded.
 */
@State(Scope.Thread)
public class OrderFlow
{
    private static final String[] IDS = new String[1024];
    private static final String[] SYMBOLS = {"NIFTY", "BANKNIFTY", "RELIANCE", "INFY", "TCS", "HDFCBANK", "SBIN", "ITC"};
    private static final String[] STATUSES = {"new", "filled", "partially_filled", "rejected"};

    static
    {
        for (int i = 0; i < IDS.length; i++)
        {
            IDS[i] = String.format("PAPER-%06d", i);
        }
    }

    /** {@code order_id} of the current order. */
    public String orderId;
    /** {@code symbol}. */
    public String symbol;
    /** {@code side}: BUY or SELL. */
    public String side;
    /** {@code status}. */
    public String status;
    /** {@code qty}. */
    public long qty;
    /** {@code price}. */
    public double price;

    private int next;

    /** Make the next order current. */
    public void next()
    {
        final int i = next++;
        orderId = IDS[i & 1023];
        symbol = SYMBOLS[i & 7];
        side = (i & 1) == 0 ? "BUY" : "SELL";
        status = STATUSES[(i >>> 1) & 3];
        qty = 25 + (i & 63) * 25L;
        price = 19_755.0 + (i & 31) * 0.05;
    }
}
