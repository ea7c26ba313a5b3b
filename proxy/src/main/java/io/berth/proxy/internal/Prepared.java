package io.berth.proxy.internal;

import io.berth.pg.protocol.Parse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A distinct prepared statement (query text and parameter types) under the name Berth gives it on
 * server connections: {@code B_} and 128 bits of the SHA-256 of its content, so every client that
 * prepares the same statement, under whatever name, shares one server-side statement, and two
 * different statements never share a name.
 *
 * @param serverName the name on server connections
 * @param parse the Parse that prepares it under that name
 */
record Prepared(String serverName, Parse parse) {
    static final String PREFIX = "B_";

    /** The statement a client's Parse prepares, renamed for server connections. */
    static Prepared of(Parse clientParse) {
        int[] types = clientParse.parameterTypes();
        byte[] query = clientParse.query().getBytes(StandardCharsets.UTF_8);
        ByteBuffer typeBytes = ByteBuffer.allocate(4 + types.length * 4).putInt(types.length);
        for (int t : types) {
            typeBytes.putInt(t);
        }
        MessageDigest sha = sha256();
        sha.update(typeBytes.array());
        sha.update(query);
        byte[] digest = sha.digest();
        String name = PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        return new Prepared(name, new Parse(name, clientParse.query(), types));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
