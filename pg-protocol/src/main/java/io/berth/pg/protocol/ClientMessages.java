package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Decodes one typed client message from its type byte and body. */
final class ClientMessages {
    private ClientMessages() {}

    static ClientMessage decode(byte type, ByteBuf body) {
        return switch (type) {
            case 'Q' -> Query.decode(body);
            case 'P' -> Parse.decode(body);
            case 'B' -> Bind.decode(body);
            case 'D' -> Describe.decode(body);
            case 'E' -> Execute.decode(body);
            case 'C' -> Close.decode(body);
            case 'S' -> empty(Sync.INSTANCE, body);
            case 'H' -> empty(Flush.INSTANCE, body);
            case 'X' -> empty(Terminate.INSTANCE, body);
            case 'p' -> new PasswordMessage(Wire.readRest(body));
            case 'd' -> new CopyData(Wire.readRest(body));
            case 'c' -> empty(CopyDone.INSTANCE, body);
            case 'f' -> CopyFail.decode(body);
            default -> opaque(type, body);
        };
    }

    private static <M extends ClientMessage> M empty(M m, ByteBuf body) {
        Wire.expectEnd(body, m.getClass().getSimpleName());
        return m;
    }

    static Passthrough opaque(byte type, ByteBuf body) {
        ByteBuf b = Unpooled.buffer(5 + body.readableBytes());
        b.writeByte(type).writeInt(4 + body.readableBytes()).writeBytes(body);
        return new Passthrough(b, 1);
    }
}
