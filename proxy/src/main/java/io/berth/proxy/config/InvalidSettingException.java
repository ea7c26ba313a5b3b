package io.berth.proxy.config;

/**
 * A bad value for one setting. It is an {@link IllegalArgumentException} for builders, and carries the
 * setting's key so the file parser can say on which line that setting was written.
 */
final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidSettingException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The setting's name, or {@code [databases] name} / {@code [users] name} for a whole entry. */
    String key() {
        return key;
    }

    /** {@code "<setting> = <value> is invalid: <reason>"}, the one shape every bad value is reported in. */
    static InvalidSettingException invalid(String key, String setting, Object value, String reason) {
        String shown = String.valueOf(value);
        return new InvalidSettingException(
                key, setting + " = " + (shown.isEmpty() ? "\"\"" : shown) + " is invalid: " + reason);
    }
}
