package io.berth.pool;

import java.time.Duration;

/** Checks shared by the config builders; every message names the setting, value and range. */
final class Settings {
    private Settings() {}

    static int intInRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    static Duration positive(String setting, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(setting + " must be a positive duration, was " + value);
        }
        return value;
    }

    static Duration optional(String setting, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(
                    setting + " must be zero (disabled) or a positive duration, was " + value);
        }
        return value;
    }
}
