package io.berth.pg.auth;

import java.util.Arrays;

/**
 * The keys RFC 5802 derives from a salted password: {@code ClientKey = HMAC(SaltedPassword, "Client
 * Key")}, {@code StoredKey = H(ClientKey)}, {@code ServerKey = HMAC(SaltedPassword, "Server
 * Key")}. Arrays are copied in and out, so an instance is immutable. {@link #toString()} prints no
 * key.
 */
public record ScramKeys(byte[] clientKey, byte[] storedKey, byte[] serverKey) {

    public ScramKeys {
        clientKey = clientKey.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] clientKey() {
        return clientKey.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramKeys other
                && Arrays.equals(clientKey, other.clientKey)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    @Override
    public String toString() {
        return "ScramKeys[<hidden>]";
    }
}
