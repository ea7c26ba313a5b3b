/** Connection-level resilience primitives: backoff, circuit breaker, rate limiter, retry budget, deadline. */
module io.berth.resilience {
    exports io.berth.resilience;
}
