package io.berth.testkit;

import java.util.function.BooleanSupplier;

/** Gives engine tests the kit's bounded wait. */
public final class PoolCompatibilityKitAccess {
    private PoolCompatibilityKitAccess() {}

    public static void await(BooleanSupplier condition) {
        PoolCompatibilityKit.awaitCondition(condition);
    }
}
