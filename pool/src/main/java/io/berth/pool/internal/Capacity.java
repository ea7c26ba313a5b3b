package io.berth.pool.internal;

/** A cap shared by several pools (the sub-pools of a keyed pool). */
public interface Capacity {

    /** Takes one slot for {@code pool}; false (after perhaps making room elsewhere) when full. */
    boolean tryReserve(DefaultPool<?> pool);

    /** Gives a slot back. */
    void release();

    /** {@code pool} just parked a connection idle: a starved pool may want its slot. */
    void onIdle(DefaultPool<?> pool);
}
