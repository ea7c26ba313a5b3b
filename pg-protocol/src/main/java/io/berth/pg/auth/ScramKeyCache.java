package io.berth.pg.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, thread-safe cache of PBKDF2 results: the {@link ScramKeys} for a (password, salt,
 * iterations), and for each user with a plain password, one {@link ScramSecret} with a salt chosen
 * once, so that verifying that user's clients never derives again.
 *
 * <p>PBKDF2 costs milliseconds of CPU and must never run on an event loop. The caller's duty: on
 * an event loop, call only {@link #getIfPresent} and {@link #secretIfPresent}; on a miss, call
 * {@link #derive} or {@link #secret} with an executor that may block, and continue when the future
 * completes (on that executor's thread).
 *
 * <p>Algorithm: two access-ordered {@link LinkedHashMap}s (LRU, each at most {@code maxEntries})
 * and a map of derivations in flight, all guarded by one {@link ReentrantLock} that is held only
 * for map operations, never while deriving. A miss registers a future in the in-flight map before
 * deriving, so concurrent callers asking for the same key share one derivation. Cache keys are
 * SHA-256 digests of (password, salt, iterations) rather than the passwords themselves.
 */
public final class ScramKeyCache {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Salt length and iteration count of the secrets made by {@link #secret}, as PostgreSQL's defaults. */
    static final int SECRET_SALT_BYTES = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, ScramKeys> keys;
    private final Map<Key, CompletableFuture<ScramKeys>> inFlight = new HashMap<>();
    private final Map<String, UserSecret> secrets;
    private final SecureRandom random = SecureRandoms.create();
    private final AtomicLong derivations = new AtomicLong();

    /** A cache of {@value #DEFAULT_MAX_ENTRIES} entries. */
    public ScramKeyCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /** A cache holding at most {@code maxEntries} keys and {@code maxEntries} per-user secrets. */
    public ScramKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.keys = lru(maxEntries);
        this.secrets = lru(maxEntries);
    }

    /** The cached keys, or null. Cheap; safe on an event loop. */
    public ScramKeys getIfPresent(String password, byte[] salt, int iterations) {
        Key key = Key.of(password, salt, iterations);
        lock.lock();
        try {
            return keys.get(key);
        } finally {
            lock.unlock();
        }
    }

    /** The keys, derived on this thread (or waited for, when another thread is deriving them) on a miss. Blocks. */
    public ScramKeys deriveNow(String password, byte[] salt, int iterations) {
        Key key = Key.of(password, salt, iterations);
        CompletableFuture<ScramKeys> running;
        CompletableFuture<ScramKeys> promise = null;
        lock.lock();
        try {
            ScramKeys cached = keys.get(key);
            if (cached != null) {
                return cached;
            }
            running = inFlight.get(key);
            if (running == null) {
                promise = new CompletableFuture<>();
                inFlight.put(key, promise);
            }
        } finally {
            lock.unlock();
        }
        if (promise == null) {
            return join(running); // another thread is deriving these keys: wait for it, outside the lock
        }
        compute(key, password, salt.clone(), iterations, promise);
        return join(promise);
    }

    /**
     * The keys, at once when cached, else derived on {@code blocking}. The future completes on
     * {@code blocking}'s thread, or fails with the executor's exception when it refuses the task.
     */
    public CompletableFuture<ScramKeys> derive(String password, byte[] salt, int iterations, Executor blocking) {
        Objects.requireNonNull(blocking, "blocking");
        Key key = Key.of(password, salt, iterations);
        CompletableFuture<ScramKeys> promise;
        lock.lock();
        try {
            ScramKeys cached = keys.get(key);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached);
            }
            CompletableFuture<ScramKeys> running = inFlight.get(key);
            if (running != null) {
                return running.copy();
            }
            promise = new CompletableFuture<>();
            inFlight.put(key, promise);
        } finally {
            lock.unlock();
        }
        byte[] saltCopy = salt.clone();
        try {
            blocking.execute(() -> compute(key, password, saltCopy, iterations, promise));
        } catch (RuntimeException e) {
            fail(key, promise, e);
        }
        return promise.copy();
    }

    /**
     * The SCRAM secret this cache made for {@code user} with {@code password}, or null when there is
     * none yet (or the password changed since). Cheap; safe on an event loop.
     */
    public ScramSecret secretIfPresent(String user, String password) {
        byte[] digest = passwordDigest(password);
        lock.lock();
        try {
            UserSecret entry = secrets.get(user);
            if (entry == null || !entry.matches(digest)) {
                return null;
            }
            CompletableFuture<ScramSecret> future = entry.future;
            return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A SCRAM secret for verifying {@code user}'s clients against a plain password: a random
     * {@value #SECRET_SALT_BYTES}-byte salt and {@value Scram#DEFAULT_ITERATIONS} iterations,
     * chosen once per (user, password) and derived on {@code blocking}. Later calls get the same
     * secret until the password changes or the entry is evicted.
     */
    public CompletableFuture<ScramSecret> secret(String user, String password, Executor blocking) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(blocking, "blocking");
        byte[] digest = passwordDigest(password);
        CompletableFuture<ScramSecret> promise;
        byte[] salt;
        lock.lock();
        try {
            UserSecret entry = secrets.get(user);
            if (entry != null && entry.matches(digest) && !entry.future.isCompletedExceptionally()) {
                return entry.future.copy();
            }
            promise = new CompletableFuture<>();
            salt = new byte[SECRET_SALT_BYTES];
            random.nextBytes(salt);
            secrets.put(user, new UserSecret(digest, promise));
        } finally {
            lock.unlock();
        }
        derive(password, salt, Scram.DEFAULT_ITERATIONS, blocking).whenComplete((derived, failure) -> {
            if (failure != null) {
                promise.completeExceptionally(failure);
            } else {
                promise.complete(ScramSecret.of(derived, salt, Scram.DEFAULT_ITERATIONS));
            }
        });
        return promise.copy();
    }

    /** How many PBKDF2 derivations this cache has run: a cache hit or a shared derivation adds none. */
    public long derivations() {
        return derivations.get();
    }

    /** How many keys are cached now (per-user secrets not counted). */
    public int size() {
        lock.lock();
        try {
            return keys.size();
        } finally {
            lock.unlock();
        }
    }

    private void compute(Key key, String password, byte[] salt, int iterations, CompletableFuture<ScramKeys> promise) {
        ScramKeys derived;
        try {
            derived = Scram.keys(password, salt, iterations);
            derivations.incrementAndGet();
        } catch (RuntimeException | Error e) {
            fail(key, promise, e);
            return;
        }
        lock.lock();
        try {
            keys.put(key, derived);
            inFlight.remove(key);
        } finally {
            lock.unlock();
        }
        promise.complete(derived);
    }

    private void fail(Key key, CompletableFuture<ScramKeys> promise, Throwable e) {
        lock.lock();
        try {
            inFlight.remove(key);
        } finally {
            lock.unlock();
        }
        promise.completeExceptionally(e);
    }

    private static ScramKeys join(CompletableFuture<ScramKeys> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static <K, V> Map<K, V> lru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    private static byte[] passwordDigest(String password) {
        return Scram.sha256(password.getBytes(StandardCharsets.UTF_8));
    }

    private record UserSecret(byte[] passwordDigest, CompletableFuture<ScramSecret> future) {
        boolean matches(byte[] digest) {
            return MessageDigest.isEqual(passwordDigest, digest);
        }
    }

    /** SHA-256 of (password length, password, salt length, salt, iterations): no plain password kept. */
    private record Key(ByteBuffer digest) {
        static Key of(String password, byte[] salt, int iterations) {
            byte[] pw = password.getBytes(StandardCharsets.UTF_8);
            ByteBuffer input = ByteBuffer.allocate(12 + pw.length + salt.length);
            input.putInt(pw.length).put(pw).putInt(salt.length).put(salt).putInt(iterations);
            return new Key(ByteBuffer.wrap(Scram.sha256(input.array())));
        }
    }
}
