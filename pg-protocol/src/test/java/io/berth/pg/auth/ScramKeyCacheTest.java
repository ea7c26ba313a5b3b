package io.berth.pg.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class ScramKeyCacheTest {
    private static final byte[] SALT = {9, 8, 7, 6, 5, 4, 3, 2};

    @Test
    void secondDeriveOfTheSameKeyComputesNothing() {
        ScramKeyCache cache = new ScramKeyCache();
        assertThat(cache.getIfPresent("pw", SALT, 4096)).isNull();

        ScramKeys first = cache.deriveNow("pw", SALT, 4096);
        ScramKeys second = cache.deriveNow("pw", SALT.clone(), 4096);

        assertThat(second).isEqualTo(first);
        assertThat(cache.getIfPresent("pw", SALT, 4096)).isEqualTo(first);
        assertThat(cache.derivations()).isEqualTo(1);
    }

    @Test
    void keysAreThoseOfTheSecretDerivedFromThePassword() {
        ScramKeys keys = new ScramKeyCache().deriveNow("pw", SALT, 4096);
        ScramSecret secret = ScramSecret.derive("pw", SALT, 4096);

        assertThat(keys.storedKey()).isEqualTo(secret.storedKey());
        assertThat(keys.serverKey()).isEqualTo(secret.serverKey());
        assertThat(Scram.sha256(keys.clientKey())).isEqualTo(keys.storedKey());
    }

    @Test
    void passwordSaltAndIterationsAllTellKeysApart() {
        ScramKeyCache cache = new ScramKeyCache();
        cache.deriveNow("pw", SALT, 2);
        cache.deriveNow("pw2", SALT, 2);
        cache.deriveNow("pw", new byte[] {1}, 2);
        cache.deriveNow("pw", SALT, 3);

        assertThat(cache.derivations()).isEqualTo(4);
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void leastRecentlyUsedKeyIsEvictedBeyondTheBound() {
        ScramKeyCache cache = new ScramKeyCache(2);
        cache.deriveNow("a", SALT, 1);
        cache.deriveNow("b", SALT, 1);
        cache.getIfPresent("a", SALT, 1); // a is now more recent than b

        cache.deriveNow("c", SALT, 1);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.getIfPresent("a", SALT, 1)).isNotNull();
        assertThat(cache.getIfPresent("b", SALT, 1)).isNull();
        assertThat(cache.getIfPresent("c", SALT, 1)).isNotNull();
    }

    @Test
    void sixteenThreadsDerivingTheSameKeyShareOneDerivation() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<ScramKeys>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return cache.deriveNow("shared", SALT, 20_000);
                }));
            }
            start.countDown();
            ScramKeys expected = Scram.keys("shared", SALT, 20_000);
            for (Future<ScramKeys> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdown();
        }
        assertThat(cache.derivations()).isEqualTo(1);
    }

    @Test
    void deriveRunsOnTheBlockingExecutorAndThenHitsTheCache() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        ExecutorService blocking = Executors.newSingleThreadExecutor();
        try {
            ScramKeys derived = cache.derive("pw", SALT, 4096, blocking).get();
            CompletableFuture<ScramKeys> again = cache.derive("pw", SALT, 4096, task -> {
                throw new AssertionError("a cache hit must not use the executor");
            });

            assertThat(again).isCompletedWithValue(derived);
            assertThat(cache.derivations()).isEqualTo(1);
        } finally {
            blocking.shutdown();
        }
    }

    @Test
    void executorThatRefusesFailsTheFutureAndLeavesNothingBehind() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        CompletableFuture<ScramKeys> refused = cache.derive("pw", SALT, 1, task -> {
            throw new RejectedExecutionException("busy");
        });

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(cache.derive("pw", SALT, 1, Runnable::run).get()).isEqualTo(Scram.keys("pw", SALT, 1));
    }

    @Test
    void secretForAUserIsDerivedOnceWithSixteenBytesOfSaltAnd4096Iterations() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        assertThat(cache.secretIfPresent("alice", "pw")).isNull();

        ScramSecret secret = cache.secret("alice", "pw", Runnable::run).get();

        assertThat(secret.salt()).hasSize(16);
        assertThat(secret.iterations()).isEqualTo(4096);
        assertThat(secret).isEqualTo(ScramSecret.derive("pw", secret.salt(), 4096));
        assertThat(cache.secretIfPresent("alice", "pw")).isEqualTo(secret);
        assertThat(cache.secret("alice", "pw", task -> {
                    throw new AssertionError("cached");
                }))
                .isCompletedWithValue(secret);
        assertThat(cache.derivations()).isEqualTo(1);
    }

    @Test
    void secretIsNotPresentWhileDerivingAndIsRenewedWhenThePasswordChanges() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        List<Runnable> queued = new ArrayList<>();
        CompletableFuture<ScramSecret> pending = cache.secret("bob", "old", queued::add);
        assertThat(cache.secretIfPresent("bob", "old")).isNull();
        assertThat(cache.secret("bob", "old", queued::add)).isNotCompleted();
        queued.forEach(Runnable::run);
        ScramSecret old = pending.get();

        ScramSecret renewed = cache.secret("bob", "new", Runnable::run).get();

        assertThat(queued).hasSize(1); // the second call shared the first derivation
        assertThat(cache.secretIfPresent("bob", "old")).isNull();
        assertThat(cache.secretIfPresent("bob", "new")).isEqualTo(renewed);
        assertThat(renewed.salt()).isNotEqualTo(old.salt());
    }

    @Test
    void cachedSecretVerifiesAClientThatKnowsThePassword() throws Exception {
        ScramKeyCache cache = new ScramKeyCache();
        ScramSecret secret = cache.secret("carol", "pw", Runnable::run).get();
        ScramClientExchange client = ScramClientExchange.withPassword("pw", new ScramKeyCache());
        ScramServerExchange server = new ScramServerExchange(secret);

        client.verifyServerFinal(
                server.serverFinal(client.clientFinal(server.serverFirst("SCRAM-SHA-256", client.clientFirst()))));

        assertThat(server.succeeded()).isTrue();
    }

    @Test
    void failedDerivationIsReportedAndNotCached() {
        ScramKeyCache cache = new ScramKeyCache();

        assertThatThrownBy(() -> cache.deriveNow("pw", SALT, 0)).isInstanceOf(IllegalArgumentException.class);
        CompletableFuture<ScramKeys> failed = cache.derive("pw", SALT, 0, Runnable::run);
        assertThatThrownBy(failed::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void boundMustBePositive() {
        assertThatThrownBy(() -> new ScramKeyCache(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
