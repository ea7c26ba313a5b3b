package io.berth.testkit;

import io.berth.pool.Connector;
import io.berth.pool.Pool;
import io.berth.pool.PoolConfig;

/** Berth's own pool runs the compatibility kit. */
class DefaultPoolCompatibilityTest extends PoolCompatibilityKit {
    @Override
    protected <C> Pool<C> newPool(PoolConfig config, Connector<C> connector) {
        return Pool.create(config, connector);
    }
}
