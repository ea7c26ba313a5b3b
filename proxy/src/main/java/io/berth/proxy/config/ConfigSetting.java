package io.berth.proxy.config;

import java.util.Objects;

/**
 * One row of {@link ProxyConfig#describe()}, shaped for the admin console's {@code SHOW CONFIG}: the setting's
 * name, its value and its default as PgBouncer would print them, and whether PgBouncer lets a {@code RELOAD}
 * change it.
 */
public record ConfigSetting(String key, String value, String defaultValue, boolean changeable) {
    public ConfigSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
