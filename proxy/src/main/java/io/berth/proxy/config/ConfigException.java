package io.berth.proxy.config;

/**
 * A configuration Berth cannot use. The message says where ({@code file:line}), which setting, the bad value
 * and what is allowed, e.g. {@code pgbouncer.ini:7: default_pool_size = -3 is invalid: must be between 1 and
 * 10000}.
 */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
