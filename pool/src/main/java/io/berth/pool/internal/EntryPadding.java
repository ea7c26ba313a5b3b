package io.berth.pool.internal;

/**
 * Cache-line padding around {@link Entry}'s state word. Borrowers on different cores CAS the state
 * of different entries; without padding two entries allocated side by side can share a cache line
 * and every CAS would bounce it between cores. Superclass fields are laid out first, so the state
 * sits between two runs of 56 bytes that nothing writes.
 */
final class EntryPadding {
    private EntryPadding() {}

    @SuppressWarnings("unused")
    abstract static class BeforeState {
        long p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class State extends BeforeState {
        volatile long state;
    }

    @SuppressWarnings("unused")
    abstract static class AfterState extends State {
        long p11, p12, p13, p14, p15, p16, p17;
    }
}
