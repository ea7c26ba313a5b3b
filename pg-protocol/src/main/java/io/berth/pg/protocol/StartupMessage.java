package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first message of a session: protocol version and {@code key=value} parameters ({@code user},
 * {@code database}, {@code options}, {@code application_name}, any run-time setting).
 *
 * <p>Layout: Int32 length, Int32 version (196608 = 3.0), then pairs of NUL-terminated strings, then a
 * zero byte.
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements ClientMessage {
    public static final int PROTOCOL_3_0 = 196608;
    public static final int PROTOCOL_3_2 = 196610;

    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static StartupMessage of(Map<String, String> parameters) {
        return new StartupMessage(PROTOCOL_3_0, parameters);
    }

    /** The protocol's major version (3). */
    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    /** The protocol's minor version (0 or 2). */
    public int minorVersion() {
        return protocolVersion & 0xffff;
    }

    /** The {@code user} parameter, or {@code null}. */
    public String user() {
        return parameters.get("user");
    }

    /** The {@code database} parameter, defaulting to the user name as PostgreSQL does. */
    public String database() {
        String db = parameters.get("database");
        return db == null || db.isEmpty() ? user() : db;
    }

    static StartupMessage decode(int version, ByteBuf body) {
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            String key = Wire.readCString(body, "startup parameter name");
            if (key.isEmpty()) {
                break;
            }
            params.put(key, Wire.readCString(body, "startup parameter \"" + key + "\""));
        }
        Wire.expectEnd(body, "StartupMessage");
        return new StartupMessage(version, params);
    }

    @Override
    public void encode(ByteBuf out) {
        int at = Wire.beginUntyped(out);
        out.writeInt(protocolVersion);
        parameters.forEach((k, v) -> {
            Wire.writeCString(out, k);
            Wire.writeCString(out, v);
        });
        out.writeByte(0);
        Wire.end(out, at);
    }

    @Override
    public String toString() {
        return "StartupMessage[" + majorVersion() + "." + minorVersion() + ", " + parameters + "]";
    }
}
