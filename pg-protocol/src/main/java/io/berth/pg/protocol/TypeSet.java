package io.berth.pg.protocol;

import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable set of message type bytes, as two 64-bit words: every type either direction sends
 * is ASCII. Sets are shared (one per distinct string), so a decoder per connection carries a few
 * references instead of its own lookup tables (those were 1.3 KB per connection).
 */
final class TypeSet {
    static final TypeSet NONE = new TypeSet(0, 0);
    private static final ConcurrentHashMap<String, TypeSet> SHARED = new ConcurrentHashMap<>();

    private final long low;
    private final long high;

    private TypeSet(long low, long high) {
        this.low = low;
        this.high = high;
    }

    /** The set of the characters of {@code types}; each must be a type byte (below 128). */
    static TypeSet of(String types) {
        TypeSet known = SHARED.get(types);
        if (known != null) {
            return known;
        }
        long low = 0;
        long high = 0;
        for (char c : types.toCharArray()) {
            if (c >= 128) {
                throw new IllegalArgumentException(
                        "0x" + Integer.toHexString(c) + " is not a message type (they are ASCII)");
            }
            if (c < 64) {
                low |= 1L << c;
            } else {
                high |= 1L << (c - 64);
            }
        }
        TypeSet set = new TypeSet(low, high);
        return SHARED.size() < 1024 ? SHARED.computeIfAbsent(types, t -> set) : set;
    }

    boolean has(int type) {
        return type < 64 ? (low >>> type & 1) != 0 : type < 128 && (high >>> (type - 64) & 1) != 0;
    }

    /** This set without the types in {@code other}. */
    TypeSet minus(TypeSet other) {
        if ((low & other.low) == 0 && (high & other.high) == 0) {
            return this; // nothing in common: no new set per decoder
        }
        return new TypeSet(low & ~other.low, high & ~other.high);
    }
}
