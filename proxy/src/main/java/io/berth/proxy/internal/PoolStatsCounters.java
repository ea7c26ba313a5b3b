package io.berth.proxy.internal;

import java.util.concurrent.atomic.LongAdder;

/** Per-pool totals in the manner of PgBouncer's SHOW STATS; microseconds for times. */
public final class PoolStatsCounters {
    public final LongAdder xactCount = new LongAdder();
    public final LongAdder queryCount = new LongAdder();
    public final LongAdder received = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder xactTimeMicros = new LongAdder();
    public final LongAdder queryTimeMicros = new LongAdder();
    public final LongAdder waitTimeMicros = new LongAdder();
    public final LongAdder waitCount = new LongAdder();
    /** Each wait for a server connection, for percentiles (the dashboard's p99 wait). */
    final WaitHistogram waitTimes = new WaitHistogram();

    public final LongAdder serverLoginFailures = new LongAdder();
    public final LongAdder clientLogins = new LongAdder();
}
