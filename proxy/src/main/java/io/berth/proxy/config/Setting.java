package io.berth.proxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code [pgbouncer]} setting: its name, default, how its text is read and checked, and how it is shown
 * by {@code SHOW CONFIG}. The file parser and {@link ProxyConfigBuilder} both go through {@link #check}, so a
 * value is judged the same way wherever it comes from.
 *
 * @param <T> the value's type
 */
final class Setting<T> {
    /** Reads a value from its text; throws {@link IllegalArgumentException} with a reason to discard. */
    interface Reader<T> {
        T read(String text, Path baseDir);
    }

    private final String name;
    private final T defaultValue;
    private final String allowed;
    private final Reader<T> reader;
    private final Function<T, String> checker;
    private final Function<T, String> shower;
    private final boolean implemented;
    private final boolean changeable;
    private final boolean secret;

    /**
     * @param allowed what a valid value is, completing "must be ...", e.g. {@code "between 1 and 10000"}
     * @param checker returns null when a value is fine, else a reason; null means anything read is fine
     * @param implemented false for PgBouncer settings that Berth reads but does not act on
     */
    Setting(
            String name,
            T defaultValue,
            String allowed,
            Reader<T> reader,
            Function<T, String> checker,
            Function<T, String> shower,
            boolean implemented,
            boolean changeable) {
        this(name, defaultValue, allowed, reader, checker, shower, implemented, changeable, false);
    }

    /**
     * @param secret whether the value is a credential: error messages then show the value as {@code
     *     shower} does (which should hide it), never the text as written
     */
    Setting(
            String name,
            T defaultValue,
            String allowed,
            Reader<T> reader,
            Function<T, String> checker,
            Function<T, String> shower,
            boolean implemented,
            boolean changeable,
            boolean secret) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.reader = reader;
        this.checker = checker;
        this.shower = shower;
        this.implemented = implemented;
        this.changeable = changeable;
        this.secret = secret;
    }

    String name() {
        return name;
    }

    T defaultValue() {
        return defaultValue;
    }

    boolean implemented() {
        return implemented;
    }

    boolean changeable() {
        return changeable;
    }

    /** Reads the text of a config line; the exception names the setting, the text and what is allowed. */
    T parse(String text, Path baseDir) {
        T value;
        try {
            value = reader.read(text, baseDir);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw InvalidSettingException.invalid(name, name, secret ? "<hidden>" : text, "must be " + allowed);
        }
        return check(value, secret ? shower.apply(value) : text);
    }

    /** Checks a value given in code; the exception shows it as the config file would. */
    T check(T value) {
        Objects.requireNonNull(value, name);
        return check(value, shower.apply(value));
    }

    private T check(T value, String shown) {
        String reason = checker == null ? null : checker.apply(value);
        if (reason != null) {
            throw InvalidSettingException.invalid(name, name, shown, reason);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    String show(Object value) {
        return shower.apply((T) value);
    }

    String showDefault() {
        return shower.apply(defaultValue);
    }

    String allowed() {
        return allowed;
    }

    @Override
    public String toString() {
        return name;
    }
}
