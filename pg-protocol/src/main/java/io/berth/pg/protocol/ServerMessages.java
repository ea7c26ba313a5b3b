package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** Decodes one typed server message from its type byte and body. */
final class ServerMessages {
    private ServerMessages() {}

    static ServerMessage decode(byte type, ByteBuf body) {
        return switch (type) {
            case 'R' -> Authentication.decode(body);
            case 'S' -> ParameterStatus.decode(body);
            case 'K' -> BackendKeyData.decode(body);
            case 'Z' -> ReadyForQuery.decode(body);
            case 'E' -> ErrorResponse.decode(false, body);
            case 'N' -> ErrorResponse.decode(true, body);
            case 'C' -> CommandComplete.decode(body);
            case '1' -> empty(ParseComplete.INSTANCE, body);
            case '2' -> empty(BindComplete.INSTANCE, body);
            case '3' -> empty(CloseComplete.INSTANCE, body);
            case 'n' -> empty(NoData.INSTANCE, body);
            case 'I' -> empty(EmptyQueryResponse.INSTANCE, body);
            case 'T' -> RowDescription.decode(body);
            case 'D' -> DataRow.decode(body);
            case 'G', 'H', 'W' -> CopyResponse.decode(type, body);
            case 'd' -> new CopyData(Wire.readRest(body));
            case 'c' -> empty(CopyDone.INSTANCE, body);
            case 'v' -> NegotiateProtocolVersion.decode(body);
            default -> ClientMessages.opaque(type, body);
        };
    }

    private static <M extends ServerMessage> M empty(M m, ByteBuf body) {
        Wire.expectEnd(body, m.getClass().getSimpleName());
        return m;
    }
}
