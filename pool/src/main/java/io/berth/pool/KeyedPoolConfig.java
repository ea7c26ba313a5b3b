package io.berth.pool;

import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of a {@link KeyedPool}: one global cap over all keys, and the {@link PoolConfig} of each
 * key's sub-pool (a template, optionally overridden per key).
 *
 * @param <K> the key type (shard, tenant, user/database pair)
 */
public final class KeyedPoolConfig<K> {
    private final String name;
    private final int maxTotal;
    private final PoolConfig perKey;
    private final Function<? super K, PoolConfig> override;

    private KeyedPoolConfig(Builder<K> b) {
        this.name = b.name;
        this.maxTotal = b.maxTotal;
        this.perKey = b.perKey;
        this.override = b.override;
    }

    public static <K> Builder<K> custom() {
        return new Builder<>();
    }

    public String name() {
        return name;
    }

    /** Most connections open across all keys. */
    public int maxTotal() {
        return maxTotal;
    }

    /** The template each key's sub-pool starts from. */
    public PoolConfig perKey() {
        return perKey;
    }

    /** The sub-pool config for {@code key}, named {@code name[key]}. */
    public PoolConfig configFor(K key) {
        PoolConfig base = override != null ? override.apply(key) : null;
        if (base == null) {
            base = perKey;
        }
        if (base.maxSize() > maxTotal) {
            throw new IllegalArgumentException(
                    "maxSize of key " + key + " must be in [1, maxTotal=" + maxTotal + "], was " + base.maxSize());
        }
        return PoolConfig.from(base).name(name + "[" + key + "]").build();
    }

    /** Validating builder. */
    public static final class Builder<K> {
        private String name = "berth-keyed";
        private int maxTotal = 100;
        private PoolConfig perKey = PoolConfig.ofDefaults();
        private Function<? super K, PoolConfig> override;

        private Builder() {}

        public Builder<K> name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must be a non-blank string, was " + name);
            }
            this.name = name;
            return this;
        }

        public Builder<K> maxTotal(int maxTotal) {
            this.maxTotal = Settings.intInRange("maxTotal", maxTotal, 1, PoolConfig.MAX_SIZE_LIMIT);
            return this;
        }

        public Builder<K> perKey(PoolConfig perKey) {
            this.perKey = Objects.requireNonNull(perKey, "perKey");
            return this;
        }

        /** Per-key settings; returning null for a key means "use the template". */
        public Builder<K> perKey(Function<? super K, PoolConfig> override) {
            this.override = override;
            return this;
        }

        public KeyedPoolConfig<K> build() {
            if (perKey.maxSize() > maxTotal) {
                throw new IllegalArgumentException(
                        "perKey maxSize must be in [1, maxTotal=" + maxTotal + "], was " + perKey.maxSize());
            }
            return new KeyedPoolConfig<>(this);
        }
    }
}
