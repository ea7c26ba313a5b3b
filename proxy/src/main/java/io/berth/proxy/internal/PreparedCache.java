package io.berth.proxy.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The statements Berth has prepared on one server connection, least recently used first. Touched
 * only by the session that holds the connection, on that session's event loop (the pool's hand-off
 * orders the accesses of successive holders).
 */
final class PreparedCache {
    private final LinkedHashMap<String, Boolean> names = new LinkedHashMap<>(16, 0.75f, true);

    /** Whether the server has this statement; marks it as just used. */
    boolean touch(String name) {
        return names.get(name) != null;
    }

    void add(String name) {
        names.put(name, Boolean.TRUE);
    }

    void remove(String name) {
        names.remove(name);
    }

    void clear() {
        names.clear();
    }

    int size() {
        return names.size();
    }

    /** Removes and returns the least recently used name when there are at least {@code max}, else null. */
    String evictFor(int max) {
        if (names.size() < max || names.isEmpty()) {
            return null;
        }
        Iterator<String> it = names.keySet().iterator();
        String eldest = it.next();
        it.remove();
        return eldest;
    }
}
