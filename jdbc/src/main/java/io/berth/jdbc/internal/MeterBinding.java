package io.berth.jdbc.internal;

import io.berth.micrometer.BerthPoolMetrics;
import io.berth.micrometer.HikariNamesMetrics;
import io.berth.pool.Pool;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A pool's meters in a data source's {@code metricRegistry}, from start to close. Micrometer is an
 * optional dependency of berth-jdbc: this is the only class that links to it, and the data source
 * loads it only when a registry is configured (which {@code BerthConfig} has checked is a
 * MeterRegistry with berth-micrometer present), so without Micrometer it is never loaded.
 */
public final class MeterBinding {
    private final MeterRegistry registry;
    private final BerthPoolMetrics openTelemetryNames;
    private final HikariNamesMetrics hikariNames;

    private MeterBinding(MeterRegistry registry, Pool<?> pool, boolean hikariNames) {
        this.registry = registry;
        this.openTelemetryNames = new BerthPoolMetrics(pool);
        this.hikariNames = hikariNames ? new HikariNamesMetrics(pool) : null;
    }

    /**
     * Binds {@code pool}'s meters (OpenTelemetry's names, and HikariCP's too when {@code hikariNames})
     * to {@code registry}, a MeterRegistry.
     */
    public static MeterBinding bind(Object registry, Pool<?> pool, boolean hikariNames) {
        MeterBinding binding = new MeterBinding((MeterRegistry) registry, pool, hikariNames);
        binding.openTelemetryNames.bindTo(binding.registry);
        if (binding.hikariNames != null) {
            try {
                binding.hikariNames.bindTo(binding.registry);
            } catch (RuntimeException e) {
                binding.openTelemetryNames.unbindFrom(binding.registry);
                throw e;
            }
        }
        return binding;
    }

    /** Removes the pool's meters from the registry. */
    public void unbind() {
        openTelemetryNames.unbindFrom(registry);
        if (hikariNames != null) {
            hikariNames.unbindFrom(registry);
        }
    }
}
