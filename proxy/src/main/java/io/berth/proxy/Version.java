package io.berth.proxy;

/** Berth's version, as the build stamped it into the jar's manifest. */
public final class Version {
    private Version() {}

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
