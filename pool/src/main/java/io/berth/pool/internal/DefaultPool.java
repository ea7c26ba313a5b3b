package io.berth.pool.internal;

import io.berth.pool.CloseReason;
import io.berth.pool.Connector;
import io.berth.pool.Lease;
import io.berth.pool.Pool;
import io.berth.pool.PoolClosedException;
import io.berth.pool.PoolConfig;
import io.berth.pool.PoolListener;
import io.berth.pool.PoolStats;
import io.berth.resilience.CircuitBreaker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The engine behind {@link Pool}.
 *
 * <p><b>Algorithm.</b> Connections live in a copy-on-write array of {@link Entry}s, each with a CAS
 * state word. A borrower scans the array from a slot picked by its thread id (so a thread tends to
 * find its previous connection, without any thread-local storage) and CASes the first IDLE entry
 * to LEASED. A returning holder resets the connection and then, when someone waits, CASes LEASED to
 * RESERVED and {@linkplain Handoff#offer hands it to the oldest waiter}; with nobody waiting it publishes
 * the entry IDLE with a release store. Waiters (blocking and async) share one FIFO {@link Waiters}
 * queue, so a returned connection never goes back to a barging thread while someone older waits.
 *
 * <p><b>The handshake</b> that keeps a waiter from sleeping beside an idle connection: a returner
 * publishes IDLE and then reads the waiter count; a waiter raises the count (a full fence), queues
 * itself and then {@linkplain Handoff#dispatch scans for IDLE entries}. The returner's store is not
 * followed by a fence (that fence was a third of the cost of a cycle), so in the instant its store
 * still sits in the CPU's store buffer both sides can miss each other. The next return sees the
 * raised count and hands over directly; for when none comes, a sentinel task looks for idle entries
 * every {@link Waiting#SENTINEL_NANOS} while anyone waits (one task per pool).
 *
 * <p><b>Time.</b> The fast path reads no clock: lifetime, idle and validation checks compare with
 * {@code coarseNow}, which housekeeping advances (every {@code validateIdleAfter/2} at most), so idle
 * ages are measured to within one housekeeping interval. Wait and use times are measured with the
 * real clock only while a listener is registered, and a borrow stamp is read only when leak
 * detection is on.
 *
 * <p><b>Invariants.</b> open connections ({@code entries + creating}) never exceed {@code maxSize};
 * an entry is lent to at most one lease at a time; every waiter is resolved exactly once.
 */
public final class DefaultPool<C> implements Pool<C> {
    private static final Logger log = LoggerFactory.getLogger(DefaultPool.class);
    private static final int RUNNING = 0;
    private static final int PAUSED = 1;
    private static final int CLOSED = 2;
    private static final long YIELD_EVERY_MASK = 511;
    private static final long CLOSE_SWEEP_NANOS = 1_000_000;
    private static final int GATE_NOT_RUNNING = 1;
    private static final int GATE_TIMED = 2;
    private static final int GATE_LEAK_DETECTION = 4;
    private static final int GATE_KEYED = 8;
    private static final int GATE_OVERSIZE = 16;
    private static final VarHandle GATE;

    static {
        try {
            GATE = MethodHandles.lookup().findVarHandle(DefaultPool.class, "gate", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolConfig config;
    private final String name;
    private final Connector<C> connector;
    private final Capacity capacity;
    private final EntryTable<C> entries = new EntryTable<>();
    private final Waiters<C> waiters;
    private final Executor blockingExecutor;
    private final CircuitBreaker breaker;
    private final AtomicInteger slots = new AtomicInteger();
    private final Creator<C> creator;
    private final Housekeeper<C> housekeeper;
    private final Waiting<C> waiting;
    private final Handoff<C> handoff;
    private final long leakNanos;
    private final long validateIdleNanos;

    private final ReentrantLock listenerLock = new ReentrantLock();
    private volatile PoolListener listener;
    private volatile boolean timed;
    private volatile int state = RUNNING;
    /** Zero while the fast paths apply; each bit names a reason to take the slow ones. */
    private volatile int gate;

    private volatile int minIdle;
    private volatile int maxSize;
    volatile long coarseNow;

    /** Creates and starts a pool; {@code capacity} is the global cap of a keyed pool, or null. */
    public DefaultPool(PoolConfig config, Connector<C> connector, Capacity capacity) {
        this.config = config;
        this.name = config.name();
        this.connector = connector;
        this.capacity = capacity;
        this.minIdle = config.minIdle();
        this.maxSize = config.maxSize();
        this.waiters = new Waiters<>(config.maxWaiters());
        this.leakNanos = config.leakDetectionThreshold().toNanos();
        this.validateIdleNanos = config.validateIdleAfter().toNanos();
        this.listener = Listeners.of(config.listener());
        this.timed = config.listener() != null;
        if (config.createExecutor() != null) {
            this.blockingExecutor = config.createExecutor();
        } else {
            this.blockingExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("berth-" + name + "-", 0).factory());
            warmUpFromVirtualThread(blockingExecutor);
        }
        this.breaker = config.breaker() == null ? null : CircuitBreaker.of(name, config.breaker(), config.clock());
        if (breaker != null) {
            breaker.addListener((b, from, to) -> onBreakerChange(from, to));
        }
        this.gate = (timed ? GATE_TIMED : 0)
                | (leakNanos > 0 ? GATE_LEAK_DETECTION : 0)
                | (capacity != null ? GATE_KEYED : 0);
        this.coarseNow = config.clock().nanoTime();
        this.creator = new Creator<>(this, config, blockingExecutor, breaker);
        this.housekeeper = new Housekeeper<>(this, config);
        this.waiting = new Waiting<>(this, config, waiters, breaker);
        this.handoff = new Handoff<>(this, entries, waiters, waiting, capacity);
        log.info("pool={} event=started config=\"{}\"", name, config);
        creator.demand();
        housekeeper.start();
    }

    /**
     * The first task a virtual thread hands to a virtual-thread executor makes the JDK load classes
     * (ForkJoinPool's task adapters) under the class loader's lock, from VM code where a virtual
     * thread cannot unmount: every virtual thread that queues behind that lock pins its carrier
     * (JFR's jdk.VirtualThreadPinned, "Freeze or preempt failed"). Borrowers on virtual threads
     * reach this executor through {@link Creator#demand}, so do it once here, before they come.
     */
    private static void warmUpFromVirtualThread(Executor executor) {
        try {
            Thread.ofVirtual().start(() -> executor.execute(() -> {})).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- borrowing ---------------------------------------------------------------------------

    @Override
    public Lease<C> acquire(Duration timeout) throws InterruptedException {
        if (gate == 0) {
            // The fast path: no listener, no leak detection, running; an idle entry not due a check.
            Entry<C> e = tryLendIdle();
            if (e != null && e.retire == null && !e.due(coarseNow)) {
                return new BorrowedLease<>(this, e, Entry.stamp(e.state()));
            }
            if (e != null && check(e)) {
                lent(e, null, 0);
                return new BorrowedLease<>(this, e, Entry.stamp(e.state()));
            }
        }
        Entry<C> e = borrow(timeout.toNanos());
        return new BorrowedLease<>(this, e, Entry.stamp(e.state()));
    }

    private Entry<C> borrow(long timeoutNanos) throws InterruptedException {
        if (state == RUNNING) {
            Entry<C> e = tryLendIdle();
            if (e != null && (!needsCheck(e) || check(e))) {
                lent(e, null, 0);
                return e;
            }
        }
        return waiting.borrow(timeoutNanos);
    }

    /** Scans for an idle entry from a slot chosen by the thread id; CASes it to LEASED. */
    Entry<C> tryLendIdle() {
        Entry<C>[] es = entries.snapshot();
        int n = es.length;
        if (n == 0) {
            return null;
        }
        // Multiply-shift maps the thread's hash onto [0, n) without a division.
        int i = (int) ((((Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L) >>> 32) * n) >>> 32);
        for (int k = 0; k < n; k++) {
            Entry<C> e = es[i];
            if (e.tryLend() >= 0) {
                return e;
            }
            if (++i == n) {
                i = 0;
            }
        }
        return null;
    }

    boolean needsCheck(Entry<C> e) {
        return e.retire != null || e.due(coarseNow);
    }

    /** Slow-path check of a freshly lent entry; on failure the entry is closed and false returned. */
    boolean check(Entry<C> e) {
        long stamp = Entry.stamp(e.state());
        CloseReason retire = e.retire;
        if (retire == null && e.expired(coarseNow)) {
            retire = CloseReason.LIFETIME;
        }
        long now = coarseNow;
        boolean idleTooLong = validateIdleNanos > 0 && now - e.lastUsed() >= validateIdleNanos;
        if (retire == null && idleTooLong && !validate(e)) {
            retire = CloseReason.VALIDATION_FAILED;
        }
        if (retire == null) {
            e.touched(now, validateIdleNanos);
            return true;
        }
        if (e.cas(Entry.leased(stamp), Entry.reserved(stamp))) {
            discard(e, retire);
        }
        return false;
    }

    boolean validate(Entry<C> e) {
        try {
            boolean ok = connector.validate(e.connection, config.validationTimeout());
            e.lastValidated = config.clock().nanoTime();
            if (!ok) {
                log.info("pool={} event=validation_failed connection=\"{}\"", name, e.connection);
            }
            return ok;
        } catch (Exception ex) {
            log.info(
                    "pool={} event=validation_failed connection=\"{}\" cause=\"{}\"",
                    name,
                    e.connection,
                    ex.toString());
            return false;
        }
    }

    void lent(Entry<C> e, Throwable stack, long waitNanos) {
        boolean timing = timed;
        if (e.timedLease != timing) { // a store only when it changes keeps the fast path read-only
            e.timedLease = timing;
        }
        if (leakNanos > 0) {
            // leasedAt first: the volatile write of acquiredAt publishes it to housekeeping.
            e.leasedAt(config.clock().nanoTime());
            e.leakReported = false;
            e.acquiredAt = stack != null ? stack : new Throwable("lease acquired here");
        } else if (timing) {
            e.leasedAt(config.clock().nanoTime());
        }
        if (timing) {
            listener.onAcquired(name, waitNanos);
        }
    }

    @Override
    public CompletionStage<Lease<C>> acquireAsync(Duration timeout, Executor executor) {
        return waiting.acquireAsync(timeout.toNanos(), executor);
    }

    // ---- returning ---------------------------------------------------------------------------

    /**
     * Gives back the lease with {@code stamp}. The entry must be LEASED with exactly that stamp; the
     * state is checked first, so a second return (or a stale lease) throws before it touches a
     * connection someone else may hold now. With nobody waiting the entry is published IDLE by a
     * release store, no atomic read-modify-write on the fast path; handing it to a waiter or closing
     * it goes through a CAS to RESERVED. Two threads returning the same lease at the same instant
     * are a data race in the caller (see {@link Lease}), which this check cannot always catch.
     */
    void release(Entry<C> e, long stamp, boolean invalidate) {
        long leased = Entry.leased(stamp);
        if (e.state() != leased) {
            notLeased(e, stamp);
            return;
        }
        // gate 0: running, no listener, no leak detection, not keyed, not oversized.
        boolean slow = gate != 0;
        if (slow) {
            beforeSlowReturn(e);
        }
        CloseReason retire = invalidate ? CloseReason.INVALIDATED : resetOrRetire(e, slow);
        if (retire != null) {
            if (e.cas(leased, Entry.reserved(stamp))) {
                discard(e, retire);
            } else {
                notLeased(e, stamp);
            }
            return;
        }
        long now = coarseNow;
        if (e.lastUsed() != now) {
            e.touched(now, validateIdleNanos);
        }
        boolean running = !slow || state == RUNNING;
        if (running && !waiters.isEmpty()) {
            if (e.cas(leased, Entry.reserved(stamp))) {
                handoff.offer(e);
            } else {
                notLeased(e, stamp);
            }
            return;
        }
        // A release store, not a CAS: the holder owns a LEASED entry (nobody else moves it on while
        // the pool runs), and the check at the top caught a second return. No fence follows, so a
        // waiter queueing at this instant may miss the entry: the next return, or else the pool's
        // sentinel (see Waiting), hands it over.
        e.publishIdle(stamp);
        if (running && !waiters.isEmpty()) {
            dispatch();
        }
        if (slow) {
            // The pool may have closed since retireReason said it runs (close() scans once, at once).
            if (state == CLOSED && e.cas(Entry.idle(stamp), Entry.reserved(stamp))) {
                discard(e, CloseReason.POOL_CLOSED);
                return;
            }
            if (capacity != null) {
                capacity.onIdle(this);
            }
        } else if (gate != 0) {
            gateClosedDuringReturn(e, stamp);
        }
        yieldSometimes(stamp);
    }

    /**
     * The gate closed (pause, close, drain, resize, a listener) while this return took the fast
     * path. Take the entry back if it is still as published and hand it on by the slow path's rules:
     * closed when the pool closed (drain may have force-closed it already: then the discard finds
     * it gone from the table and does nothing more), otherwise offered again.
     */
    private void gateClosedDuringReturn(Entry<C> e, long stamp) {
        if (!e.cas(Entry.idle(stamp), Entry.reserved(stamp))) {
            return; // lent, reserved or removed by someone else since: theirs now
        }
        CloseReason retire = retireReason(e);
        if (retire != null) {
            discard(e, retire);
        } else {
            handoff.offer(e);
        }
    }

    /** What a return does only on the slow path: use-time event, leak recovery report. */
    private void beforeSlowReturn(Entry<C> e) {
        if (e.timedLease) {
            listener.onReleased(name, config.clock().nanoTime() - e.leasedAt());
        }
        if (leakNanos > 0) {
            leakCheckOnReturn(e);
        }
    }

    /**
     * A virtual thread that never blocks keeps its carrier and starves the pool's other virtual
     * threads (a scheduler matter the pool cannot see: they are runnable, not waiting). Every 512th
     * lease of a connection its returner steps aside with a 1 ns park: unlike {@link
     * Thread#yield()}, which requeues it on its carrier's local queue ahead of threads not yet run,
     * an unpark goes through the scheduler's shared queue, so the threads take turns. The interval
     * is a trade: every 16th lease gave Jain's index 1.0000 but spent most of the time switching
     * threads (13k cycles/ms over 1,000 threads on 10 connections here); every 512th gives 0.996
     * at 51k cycles/ms (benchmarks/FairnessReport), a turn of about 10-20 us per thread.
     */
    private static void yieldSometimes(long stamp) {
        if ((stamp & YIELD_EVERY_MASK) == 0 && Thread.currentThread().isVirtual()) {
            LockSupport.parkNanos(1);
        }
    }

    private void notLeased(Entry<C> e, long stamp) {
        if (e.state() == Entry.removed(stamp)) {
            return; // force-closed by drain while leased: nothing left to give back
        }
        throw new IllegalStateException("pool '" + name + "': this lease was already returned");
    }

    /**
     * Runs the connector's reset; returns why the connection must close instead, or null. The fast
     * path ({@code full} false) knows the pool is running and not oversized.
     */
    private CloseReason resetOrRetire(Entry<C> e, boolean full) {
        try {
            connector.reset(e.connection);
        } catch (Exception ex) {
            log.info("pool={} event=reset_failed connection=\"{}\" cause=\"{}\"", name, e.connection, ex.toString());
            return CloseReason.RESET_FAILED;
        }
        if (full) {
            return retireReason(e);
        }
        return e.retire != null ? e.retire : e.expired(coarseNow) ? CloseReason.LIFETIME : null;
    }

    private CloseReason retireReason(Entry<C> e) {
        if (e.retire != null) {
            return e.retire;
        }
        if (state == CLOSED) {
            return CloseReason.POOL_CLOSED;
        }
        if (e.expired(coarseNow)) {
            return CloseReason.LIFETIME;
        }
        if (entries.size() > maxSize) {
            return CloseReason.RESIZED;
        }
        if ((gate & GATE_OVERSIZE) != 0) {
            setGate(GATE_OVERSIZE, false);
        }
        return null;
    }

    private void leakCheckOnReturn(Entry<C> e) {
        e.acquiredAt = null;
        if (e.leakReported) {
            long held = config.clock().nanoTime() - e.leasedAt();
            log.info("pool={} event=leak_recovered held_ms={}", name, held / 1_000_000);
            listener.onLeakRecovered(name, held);
        }
    }

    /** Moves idle entries to waiters while both exist (see {@link Handoff#dispatch}). */
    void dispatch() {
        handoff.dispatch();
    }

    // ---- closing connections -----------------------------------------------------------------

    /** Closes a RESERVED (or force-claimed) entry and lets the creator replace it if needed. */
    void discard(Entry<C> e, CloseReason reason) {
        e.setState(Entry.removed(Entry.stamp(e.state()) + 1));
        closeRemoved(e, reason);
    }

    private void closeRemoved(Entry<C> e, CloseReason reason) {
        if (!entries.remove(e)) {
            return;
        }
        listener.onClosed(name, reason);
        log.debug("pool={} event=closed reason={} connection=\"{}\"", name, reason, e.connection);
        // The slot stays taken until the backend has seen the close, so it never sees maxSize + 1.
        Runnable close = () -> {
            closeQuietly(e.connection);
            entries.closeFinished();
            releaseCapacity();
            if (state != CLOSED) {
                creator.demand();
            }
        };
        try {
            blockingExecutor.execute(close);
        } catch (RuntimeException rejected) {
            close.run();
        }
    }

    private void closeQuietly(C connection) {
        try {
            connector.close(connection);
        } catch (Exception ex) {
            log.info("pool={} event=close_failed connection=\"{}\" cause=\"{}\"", name, connection, ex.toString());
        }
    }

    // ---- hooks for the creator and housekeeper -----------------------------------------------

    String name() {
        return name;
    }

    Connector<C> connector() {
        return connector;
    }

    PoolListener listener() {
        return listener;
    }

    EntryTable<C> entries() {
        return entries;
    }

    Creator<C> creator() {
        return creator;
    }

    Executor blockingExecutor() {
        return blockingExecutor;
    }

    int minIdle() {
        return minIdle;
    }

    boolean isRunning() {
        return state == RUNNING;
    }

    /** Whether {@code waiting} more waiters could each get a connection opened for them. */
    boolean hasRoomFor(int waiting) {
        return slots.get() + waiting < maxSize;
    }

    Waiting<C> waiting() {
        return waiting;
    }

    long leakNanos() {
        return leakNanos;
    }

    boolean isOpen() {
        return state != CLOSED;
    }

    boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** Whether one more creation (beyond {@code inFlight}) is wanted and allowed. */
    boolean needsConnection(int inFlight, boolean probing) {
        if (slots.get() >= maxSize) {
            return false;
        }
        if (waiters.size() > inFlight) {
            return true;
        }
        if (probing) {
            return inFlight == 0;
        }
        return minIdle > 0 && idleCount() + inFlight < minIdle;
    }

    int idleCount() {
        int idle = 0;
        for (Entry<C> e : entries.snapshot()) {
            if (Entry.code(e.state()) == Entry.IDLE) {
                idle++;
            }
        }
        return idle;
    }

    /**
     * Takes a slot for one more connection: {@code slots} counts connections open, being opened and
     * being closed, and only a CAS below maxSize (then the keyed pool's global cap) takes one.
     */
    boolean reserveCapacity() {
        for (int s = slots.get(); s < maxSize; s = slots.get()) {
            if (slots.compareAndSet(s, s + 1)) {
                if (capacity == null || capacity.tryReserve(this)) {
                    return true;
                }
                slots.decrementAndGet();
                return false;
            }
        }
        return false;
    }

    /** Frees a slot: the open failed, or the connection's close has finished. */
    void releaseCapacity() {
        slots.decrementAndGet();
        if (capacity != null) {
            capacity.release();
        }
    }

    void added(Entry<C> e) {
        entries.add(e);
    }

    void offerNew(Entry<C> e) {
        if (state == CLOSED) {
            discard(e, CloseReason.POOL_CLOSED);
        } else {
            handoff.offer(e);
        }
    }

    private void setGate(int bit, boolean on) {
        int g;
        do {
            g = gate;
        } while (!GATE.compareAndSet(this, g, on ? g | bit : g & ~bit));
    }

    private void onBreakerChange(CircuitBreaker.State from, CircuitBreaker.State to) {
        log.atLevel(to == CircuitBreaker.State.OPEN && from == CircuitBreaker.State.CLOSED ? Level.WARN : Level.INFO)
                .log("pool={} event=breaker_state from={} to={}", name, from, to);
        listener.onBreakerStateChanged(name, from, to);
    }

    /** Closes an idle entry for a keyed pool that needs the room; true when one was closed. */
    boolean closeOneIdle(CloseReason reason) {
        for (Entry<C> e : entries.snapshot()) {
            if (e.tryReserve()) {
                discard(e, reason);
                return true;
            }
        }
        return false;
    }

    // ---- control -----------------------------------------------------------------------------

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public PoolStats stats() {
        int idle = 0;
        int leased = 0;
        Entry<C>[] es = entries.snapshot();
        for (Entry<C> e : es) {
            int code = Entry.code(e.state());
            if (code == Entry.IDLE) {
                idle++;
            } else if (code == Entry.LEASED) {
                leased++;
            }
        }
        return new PoolStats(es.length, idle, leased, waiters.size(), creator.creating(), maxSize, minIdle);
    }

    @Override
    public CircuitBreaker.State breakerState() {
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }

    @Override
    public void resize(int newMinIdle, int newMaxSize) {
        if (newMaxSize < 1 || newMaxSize > 100_000) {
            throw new IllegalArgumentException("maxSize must be in [1, 100000], was " + newMaxSize);
        }
        if (newMinIdle < 0 || newMinIdle > newMaxSize) {
            throw new IllegalArgumentException("minIdle must be in [0, maxSize=" + newMaxSize + "], was " + newMinIdle);
        }
        log.info("pool={} event=resized min_idle={} max_size={}", name, newMinIdle, newMaxSize);
        this.maxSize = newMaxSize;
        this.minIdle = newMinIdle;
        if (entries.size() > newMaxSize) {
            setGate(GATE_OVERSIZE, true); // returns take the slow path, which closes the excess
        }
        for (Entry<C> e : entries.snapshot()) {
            if (entries.size() <= newMaxSize) {
                break;
            }
            if (e.tryReserve()) {
                discard(e, CloseReason.RESIZED);
            }
        }
        creator.demand();
    }

    @Override
    public void evictAll() {
        log.info("pool={} event=evict_all", name);
        for (Entry<C> e : entries.snapshot()) {
            e.retire = CloseReason.EVICTED;
            if (e.tryReserve()) {
                discard(e, CloseReason.EVICTED);
            }
        }
    }

    @Override
    public void pause() {
        if (state == RUNNING) {
            state = PAUSED;
            setGate(GATE_NOT_RUNNING, true);
            log.info("pool={} event=paused", name);
        }
    }

    @Override
    public void resume() {
        if (state == PAUSED) {
            state = RUNNING;
            setGate(GATE_NOT_RUNNING, false);
            log.info("pool={} event=resumed", name);
            dispatch();
        }
    }

    @Override
    public void close() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        setGate(GATE_NOT_RUNNING, true);
        PoolClosedException closed = new PoolClosedException(name, "pool is closed", null);
        waiting.failAll(closed);
        closeIdle();
        // A return that read the gate open just before it closed publishes IDLE with a plain store,
        // and then reads the gate again and closes the entry itself. Only while that store still
        // sits in its CPU's store buffer can both this scan and that read miss each other; a
        // second scan a millisecond later finds such an entry.
        config.scheduler().schedule(this::closeIdle, CLOSE_SWEEP_NANOS);
        log.info("pool={} event=closed leased_left={}", name, entries.size());
    }

    private void closeIdle() {
        for (Entry<C> e : entries.snapshot()) {
            if (e.tryReserve()) {
                discard(e, CloseReason.POOL_CLOSED);
            }
        }
    }

    @Override
    public boolean drain(Duration timeout) throws InterruptedException {
        close();
        boolean clean = entries.awaitEmpty(timeout.toNanos());
        for (Entry<C> e : entries.snapshot()) {
            long s = e.state();
            if (Entry.code(s) == Entry.LEASED && e.cas(s, Entry.removed(Entry.stamp(s)))) {
                closeRemoved(e, CloseReason.POOL_CLOSED);
            } else if (e.tryReserve()) {
                discard(e, CloseReason.POOL_CLOSED);
            }
        }
        return clean;
    }

    @Override
    public void addListener(PoolListener added) {
        listenerLock.lock();
        try {
            listener = Listeners.and(listener, added);
            timed = true;
            setGate(GATE_TIMED, true);
        } finally {
            listenerLock.unlock();
        }
    }

    @Override
    public long runMaintenance(long nowNanos) {
        return housekeeper.run(nowNanos);
    }

    @Override
    public String toString() {
        return "Pool[" + name + ", " + stats() + "]";
    }
}
