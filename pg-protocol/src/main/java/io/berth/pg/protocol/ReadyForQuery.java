package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;

/** The server is ready for the next query. Layout: 'Z', Int32 5, Byte1 status ('I', 'T', 'E'). */
public record ReadyForQuery(TransactionStatus status) implements ServerMessage {
    public static final char TYPE = 'Z';
    public static final ReadyForQuery IDLE = new ReadyForQuery(TransactionStatus.IDLE);
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery(TransactionStatus.IN_TRANSACTION);
    public static final ReadyForQuery FAILED = new ReadyForQuery(TransactionStatus.FAILED);

    public static ReadyForQuery of(TransactionStatus status) {
        return switch (status) {
            case IDLE -> IDLE;
            case IN_TRANSACTION -> IN_TRANSACTION;
            case FAILED -> FAILED;
        };
    }

    static ReadyForQuery decode(ByteBuf body) {
        byte b = Wire.readByte(body, "ReadyForQuery status");
        TransactionStatus status = TransactionStatus.of(b);
        if (status == null) {
            throw new ProtocolException("ReadyForQuery status must be 'I', 'T' or 'E', not " + (b & 0xff));
        }
        Wire.expectEnd(body, "ReadyForQuery");
        return of(status);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(TYPE).writeInt(5).writeByte(status.code());
    }
}
