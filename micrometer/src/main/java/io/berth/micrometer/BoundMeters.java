package io.berth.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meters one binder registered in each registry, so that unbinding removes exactly those and
 * nothing another binder put there. Binding and unbinding are rare (start and close of a pool), so
 * a copy-on-write list per registry is plenty.
 */
final class BoundMeters {
    private final Map<MeterRegistry, List<Meter>> byRegistry = new ConcurrentHashMap<>();

    /** Starts binding to {@code registry}; false when already bound there (binding again does nothing). */
    boolean begin(MeterRegistry registry) {
        return byRegistry.putIfAbsent(registry, new CopyOnWriteArrayList<>()) == null;
    }

    /** A binding refused before it registered anything. */
    void abandon(MeterRegistry registry) {
        byRegistry.remove(registry);
    }

    <M extends Meter> M add(MeterRegistry registry, M meter) {
        byRegistry.get(registry).add(meter);
        return meter;
    }

    /** Removes every meter registered in {@code registry}; nothing when not bound there. */
    void remove(MeterRegistry registry) {
        List<Meter> meters = byRegistry.remove(registry);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }
}
