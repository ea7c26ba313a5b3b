package io.berth.pool;

import io.berth.resilience.NanoClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Chooses among endpoints that serve the same data (read replicas, the hosts of a cluster), each
 * typically with a {@link Pool} of its own: spreads callers by load and keeps away from endpoints
 * that fail.
 *
 * <p><b>Choice.</b> {@link #pick()} draws two distinct endpoints at random among those not ejected
 * and returns the one with the lower load (the caller's measure, usually leased connections; a tie
 * goes to the first drawn). This power of two choices keeps the most loaded endpoint close to the
 * average without the herding of "always the least loaded", where every caller reading slightly
 * stale loads piles onto the same endpoint. With one endpoint left it is returned; with none, null,
 * and the caller falls back (to a primary, say).
 *
 * <p><b>Ejection.</b> {@link #failed} ejects an endpoint for {@code ejectionBase * 2^(n-1)}, capped
 * at {@code ejectionMax}, where n counts its ejections since its last {@link #succeeded}. Failures
 * reported while it is already ejected only record the cause: a burst of failures from one outage
 * (every waiter, every background attempt) is one ejection, not a doubling per failure. An ejected
 * endpoint is re-admitted when its time is up, without a timer: {@link #pick()} compares its end
 * with the clock. {@link #succeeded} (a connection opened, say) resets n and re-admits at once.
 * Every endpoint may be ejected: this class never keeps a failing endpoint in for want of others.
 *
 * <p><b>Threads.</b> All methods are thread-safe. {@link #pick()} takes no lock: it reads the clock
 * once, each endpoint's ejection end (a volatile read) and the load of the two drawn. {@link
 * #failed} and {@link #succeeded} after a failure take one short lock, which never waits on
 * anything else; {@link #succeeded} of a healthy endpoint is two volatile reads.
 *
 * <p><b>Caller duties.</b> The endpoints are fixed at construction and compared by identity. The
 * load function is called on pick's thread and must be cheap and must not throw.
 *
 * @param <E> the endpoint type
 */
public final class Endpoints<E> {
    private final List<E> endpoints;
    private final Map<E, Slot> slots;
    private final Slot[] order;
    private final ToIntFunction<? super E> load;
    private final long ejectionBaseNanos;
    private final long ejectionMaxNanos;
    private final NanoClock clock;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();

    /** What one endpoint has been through. */
    private static final class Slot {
        final Object endpoint;
        /** When the current ejection ends, by the clock; meaningful only while {@link #ejected}. */
        volatile long ejectedUntil;

        volatile boolean ejected;
        /** Ejections since the last success; guarded by the lock for writes. */
        volatile int ejections;

        volatile Throwable lastFailure;

        Slot(Object endpoint) {
            this.endpoint = endpoint;
        }

        boolean ejectedAt(long now) {
            return ejected && now - ejectedUntil < 0;
        }
    }

    /**
     * One endpoint as of {@link #status()}.
     *
     * @param endpoint the endpoint
     * @param load its load when the status was taken
     * @param ejected whether {@link #pick()} skips it now
     * @param ejectedFor how long its ejection still lasts; ZERO when not ejected
     * @param ejections its ejections since its last success (the next lasts base * 2^this)
     * @param lastFailure the cause last reported to {@link #failed}, or null since its last success
     */
    public record Status<E>(
            E endpoint, int load, boolean ejected, Duration ejectedFor, int ejections, Throwable lastFailure) {}

    private Endpoints(Builder<E> b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.load = b.load;
        this.ejectionBaseNanos = b.ejectionBase.toNanos();
        this.ejectionMaxNanos = b.ejectionMax.toNanos();
        this.clock = b.clock;
        this.random = b.random;
        this.slots = new IdentityHashMap<>();
        this.order = new Slot[endpoints.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = new Slot(endpoints.get(i));
            if (slots.put(endpoints.get(i), order[i]) != null) {
                throw new IllegalArgumentException(
                        "endpoints must be distinct, " + endpoints.get(i) + " is there twice");
            }
        }
    }

    /**
     * A builder over {@code endpoints} (at least one, distinct), whose load (lower is better) {@code
     * load} reads. Ejection defaults to 1 s doubling up to 60 s, the clock to the system's.
     */
    public static <E> Builder<E> custom(List<? extends E> endpoints, ToIntFunction<? super E> load) {
        return new Builder<>(endpoints, load);
    }

    /** The endpoints, in the order given. */
    public List<E> endpoints() {
        return endpoints;
    }

    /** An endpoint to use now: the less loaded of two drawn among those not ejected, or null if all are. */
    public E pick() {
        long now = clock.nanoTime();
        int healthy = 0;
        for (Slot s : order) {
            if (!s.ejectedAt(now)) {
                healthy++;
            }
        }
        if (healthy == 0) {
            return null;
        }
        if (healthy == 1) {
            return endpoint(nthHealthy(0, now));
        }
        RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
        int i = r.nextInt(healthy);
        int j = r.nextInt(healthy - 1);
        if (j >= i) {
            j++; // two distinct draws
        }
        Slot a = nthHealthy(i, now);
        Slot b = nthHealthy(j, now);
        return endpoint(load.applyAsInt(endpoint(b)) < load.applyAsInt(endpoint(a)) ? b : a);
    }

    /**
     * The n-th healthy slot, or, when an ejection ended or began since the count (another thread),
     * the nearest one: the draw is then slightly uneven once, which is harmless.
     */
    private Slot nthHealthy(int n, long now) {
        Slot last = null;
        for (Slot s : order) {
            if (!s.ejectedAt(now)) {
                if (n-- == 0) {
                    return s;
                }
                last = s;
            }
        }
        return last != null ? last : order[0];
    }

    @SuppressWarnings("unchecked")
    private E endpoint(Slot s) {
        return (E) s.endpoint;
    }

    private Slot slot(E endpoint) {
        Slot s = slots.get(Objects.requireNonNull(endpoint, "endpoint"));
        if (s == null) {
            throw new IllegalArgumentException(endpoint + " is not one of these endpoints " + endpoints);
        }
        return s;
    }

    /**
     * {@code endpoint} failed (could not connect, say) with {@code cause}: ejects it unless it is
     * ejected already.
     *
     * @return true when this call ejected it
     */
    public boolean failed(E endpoint, Throwable cause) {
        Slot s = slot(endpoint);
        lock.lock();
        try {
            s.lastFailure = cause;
            long now = clock.nanoTime();
            if (s.ejectedAt(now)) {
                return false;
            }
            int n = s.ejections + 1;
            s.ejections = n;
            s.ejectedUntil = now + ejectionNanos(n);
            s.ejected = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The length of the n-th ejection in a row: base doubled n - 1 times, at most max. */
    long ejectionNanos(int n) {
        int doublings = Math.min(n - 1, 62);
        long length = ejectionBaseNanos;
        for (int i = 0; i < doublings && length < ejectionMaxNanos; i++) {
            length *= 2;
        }
        return Math.min(length, ejectionMaxNanos);
    }

    /**
     * {@code endpoint} proved healthy (a connection opened): forgets its failures and re-admits it.
     *
     * @return true when it had failed since its last success (this call re-admitted or reset it)
     */
    public boolean succeeded(E endpoint) {
        Slot s = slot(endpoint);
        if (!s.ejected && s.ejections == 0) {
            return false;
        }
        lock.lock();
        try {
            boolean hadFailed = s.ejected || s.ejections != 0;
            s.ejected = false;
            s.ejections = 0;
            s.lastFailure = null;
            return hadFailed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #pick()} skips {@code endpoint} now. */
    public boolean isEjected(E endpoint) {
        return slot(endpoint).ejectedAt(clock.nanoTime());
    }

    /** Every endpoint's state, in the order given, for operators. */
    public List<Status<E>> status() {
        long now = clock.nanoTime();
        List<Status<E>> out = new ArrayList<>(order.length);
        for (Slot s : order) {
            boolean ejected = s.ejectedAt(now);
            out.add(new Status<>(
                    endpoint(s),
                    load.applyAsInt(endpoint(s)),
                    ejected,
                    ejected ? Duration.ofNanos(s.ejectedUntil - now) : Duration.ZERO,
                    s.ejections,
                    s.lastFailure));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Endpoints" + status();
    }

    /** Validating builder of {@link Endpoints}. */
    public static final class Builder<E> {
        private final List<? extends E> endpoints;
        private final ToIntFunction<? super E> load;
        private Duration ejectionBase = Duration.ofSeconds(1);
        private Duration ejectionMax = Duration.ofSeconds(60);
        private NanoClock clock = NanoClock.system();
        private RandomGenerator random;

        private Builder(List<? extends E> endpoints, ToIntFunction<? super E> load) {
            Objects.requireNonNull(endpoints, "endpoints");
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must hold at least one endpoint, was empty");
            }
            this.endpoints = endpoints;
            this.load = Objects.requireNonNull(load, "load");
        }

        /** The first ejection's length; each next one in a row doubles, up to {@link #ejectionMax}. */
        public Builder<E> ejectionBase(Duration base) {
            this.ejectionBase = Settings.positive("ejectionBase", base);
            return this;
        }

        /** The longest ejection. */
        public Builder<E> ejectionMax(Duration max) {
            this.ejectionMax = Settings.positive("ejectionMax", max);
            return this;
        }

        public Builder<E> clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the two draws come from; default each thread's {@link ThreadLocalRandom}. For tests. */
        public Builder<E> random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Endpoints<E> build() {
            if (ejectionMax.compareTo(ejectionBase) < 0) {
                throw new IllegalArgumentException("ejectionMax must be at least ejectionBase="
                        + ejectionBase.toMillis() + " ms, was " + ejectionMax.toMillis() + " ms");
            }
            return new Endpoints<>(this);
        }
    }
}
