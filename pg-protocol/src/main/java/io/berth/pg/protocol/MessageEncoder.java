package io.berth.pg.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link PgMessage}s as bytes. A {@link Passthrough}'s slice is written as is, without a
 * copy. Stateless, so one instance serves every channel.
 */
@Sharable
public final class MessageEncoder extends MessageToMessageEncoder<PgMessage> {
    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(PgMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, PgMessage msg, List<Object> out) {
        if (msg instanceof Passthrough p) {
            out.add(p.content().retain());
        } else {
            ByteBuf b = ctx.alloc().ioBuffer();
            msg.encode(b);
            out.add(b);
        }
    }
}
